/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

#include <gtk/gtk.h>

#include "core/cau-account-manager.h"

G_BEGIN_DECLS

/*
 * Signing in as the sign-in and registration pages both do it: check the
 * address and password, ask about an untrusted certificate (and try again
 * with it pinned if the person trusts it), then add the account.
 */
void        cau_sign_in_async  (CauAccountManager       *manager,
                                GtkWidget               *widget,
                                const CauAccountParams  *params,
                                const char              *password,
                                GCancellable            *cancellable,
                                GAsyncReadyCallback      callback,
                                gpointer                 user_data);
/* @password_saved is FALSE when no keyring could keep the password: the
 * account is there for this session. */
CauAccount *cau_sign_in_finish (GAsyncResult            *result,
                                gboolean                *password_saved,
                                GError                 **error);

/* Where a certificate came from, as shown in the certificate dialog. */
char       *cau_sign_in_server_name (const CauAccountParams *params);
char      **cau_sign_in_dup_trusted (GAsyncResult            *result);

G_END_DECLS
