/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define CAU_TYPE_STATUS_DIALOG (cau_status_dialog_get_type ())
G_DECLARE_FINAL_TYPE (CauStatusDialog, cau_status_dialog, CAU, STATUS_DIALOG, AdwMessageDialog)

/* Responses are "cancel" and "set". */
CauStatusDialog *cau_status_dialog_new         (GtkWindow       *parent,
                                                const char      *message);
const char      *cau_status_dialog_get_message (CauStatusDialog *self);

G_END_DECLS
