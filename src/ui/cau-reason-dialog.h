/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/*
 * A confirmation of something done to others in a room (removing someone, banning them,
 * removing a message) that asks for a reason they will read. Cancel closes it; `response`
 * (labelled `response_label`, destructive, the default) confirms. Named `name`-dialog, its
 * entry `name`-reason, for tests.
 */
AdwMessageDialog *cau_reason_dialog_new        (GtkWidget        *parent,
                                                const char       *name,
                                                const char       *heading,
                                                const char       *body,
                                                const char       *response,
                                                const char       *response_label);
/* The reason typed, without surrounding spaces; NULL when none. */
char             *cau_reason_dialog_dup_reason (AdwMessageDialog *dialog);

G_END_DECLS
