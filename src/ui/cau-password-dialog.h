/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define CAU_TYPE_PASSWORD_DIALOG (cau_password_dialog_get_type ())
G_DECLARE_FINAL_TYPE (CauPasswordDialog, cau_password_dialog, CAU, PASSWORD_DIALOG,
                      AdwMessageDialog)

/* Asks for the password of @jid: for this session only when there is no
 * keyring. Responses are "cancel" and "connect". */
CauPasswordDialog *cau_password_dialog_new          (GtkWindow         *parent,
                                                     const char        *jid,
                                                     gboolean           keyring_available);
const char        *cau_password_dialog_get_password (CauPasswordDialog *self);

G_END_DECLS
