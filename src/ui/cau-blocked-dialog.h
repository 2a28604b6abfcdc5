/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

#include <adwaita.h>

#include "core/cau-account-manager.h"

G_BEGIN_DECLS

#define CAU_TYPE_BLOCKED_DIALOG (cau_blocked_dialog_get_type ())
G_DECLARE_FINAL_TYPE (CauBlockedDialog, cau_blocked_dialog, CAU, BLOCKED_DIALOG, AdwWindow)

/* The addresses each account blocks (XEP-0191), each with Unblock. */
CauBlockedDialog *cau_blocked_dialog_new (GtkWindow         *parent,
                                          CauAccountManager *manager);

G_END_DECLS
