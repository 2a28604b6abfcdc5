/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/*
 * Account passwords in the Secret Service (libsecret). Nothing here ever
 * writes a password anywhere else; where no Secret Service answers, the
 * caller keeps the password in memory for the session only.
 */
#define CAU_TYPE_SECRETS (cau_secrets_get_type ())
G_DECLARE_FINAL_TYPE (CauSecrets, cau_secrets, CAU, SECRETS, GObject)

CauSecrets *cau_secrets_new            (gboolean             enabled);
gboolean    cau_secrets_get_available  (CauSecrets          *self);

/* Called on the lookup's own thread as soon as a password is found, so
 * that a connection can start before the main thread hears of it. */
typedef void (*CauSecretsFoundFunc) (const char *password,
                                     gpointer    data);

void        cau_secrets_lookup_async   (CauSecrets          *self,
                                        const char          *jid,
                                        CauSecretsFoundFunc  found_func,
                                        gpointer             found_data,
                                        GDestroyNotify       found_destroy,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
/* Returns NULL without error when nothing is stored. */
char       *cau_secrets_lookup_finish  (CauSecrets          *self,
                                        GAsyncResult        *result,
                                        GError             **error);
void        cau_secrets_store_async    (CauSecrets          *self,
                                        const char          *jid,
                                        const char          *password,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
gboolean    cau_secrets_store_finish   (CauSecrets          *self,
                                        GAsyncResult        *result,
                                        GError             **error);
void        cau_secrets_clear_async    (CauSecrets          *self,
                                        const char          *jid,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
gboolean    cau_secrets_clear_finish   (CauSecrets          *self,
                                        GAsyncResult        *result,
                                        GError             **error);

G_END_DECLS
