/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-sign-in.h"
#include "cau-certificate-dialog.h"

#include <glib/gi18n.h>
#include <string.h>

typedef struct {
  CauAccountManager *manager;
  GtkWidget         *widget;
  CauAccountParams  *params;
  char              *password;
  GCancellable      *cancellable;
  /* Each check gets its own cancellable, cancelled with the caller's: a
   * finished check then never hears about a later cancellation. */
  GCancellable      *attempt;
  gulong             cancelled_id;
  gboolean           password_saved;
} SignIn;

static void
sign_in_free (SignIn *data)
{
  if (data->cancelled_id != 0)
    g_cancellable_disconnect (data->cancellable, data->cancelled_id);
  g_clear_object (&data->cancellable);
  g_clear_object (&data->attempt);
  g_clear_object (&data->manager);
  g_clear_object (&data->widget);
  g_clear_pointer (&data->params, cau_account_params_free);
  if (data->password != NULL)
    memset (data->password, 0, strlen (data->password));
  g_clear_pointer (&data->password, g_free);
  g_free (data);
}

/**
 * cau_sign_in_dup_trusted:
 * @result: the result of cau_sign_in_async()
 *
 * Returns: (transfer full) (nullable): the certificate fingerprints
 *   trusted for this attempt, those given and those the person accepted,
 *   so that a new attempt does not ask again
 */
char **
cau_sign_in_dup_trusted (GAsyncResult *result)
{
  SignIn *data;

  g_return_val_if_fail (G_IS_TASK (result), NULL);

  data = g_task_get_task_data (G_TASK (result));
  return g_strdupv (data->params->trusted_sha256);
}

/**
 * cau_sign_in_server_name:
 * @params: how an account or a server is reached
 *
 * Returns: (transfer full): the host connected to, or else the domain
 */
char *
cau_sign_in_server_name (const CauAccountParams *params)
{
  const char *at;

  g_return_val_if_fail (params != NULL, NULL);

  if (params->host != NULL && *params->host != '\0')
    return g_strdup (params->host);
  at = params->jid ? strchr (params->jid, '@') : NULL;
  return g_strdup (at ? at + 1 : params->jid);
}

static gboolean
is_pinned (const CauAccountParams *params,
           const char             *sha256)
{
  return params->trusted_sha256 != NULL && sha256 != NULL &&
         g_strv_contains ((const char * const *) params->trusted_sha256, sha256);
}

static void
add_pin (CauAccountParams *params,
         const char       *sha256)
{
  guint n = params->trusted_sha256 ? g_strv_length (params->trusted_sha256) : 0;

  params->trusted_sha256 = g_renew (char *, params->trusted_sha256, n + 2);
  params->trusted_sha256[n] = g_strdup (sha256);
  params->trusted_sha256[n + 1] = NULL;
}

static void check (GTask *task);

static void
add_account_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SignIn *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  CauAccount *account;

  account = cau_account_manager_add_account_finish (data->manager, result, &error);
  if (account != NULL)
    {
      data->password_saved = TRUE;
      g_task_return_pointer (task, account, g_object_unref);
      return;
    }

  /* Without a keyring the account is there all the same, for this session. */
  if (g_error_matches (error, CAU_CORE_ERROR, CAU_CORE_ERROR_NO_KEYRING))
    {
      account = cau_account_manager_find (data->manager, data->params->jid);
      if (account != NULL)
        {
          data->password_saved = FALSE;
          g_task_return_pointer (task, g_object_ref (account), g_object_unref);
          return;
        }
    }
  g_task_return_error (task, g_steal_pointer (&error));
}

static void
certificate_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!cau_certificate_dialog_choose_finish (result, &error))
    {
      if (error != NULL)
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_new_error (task, CAU_CORE_ERROR, CAU_CORE_ERROR_UNTRUSTED_CERTIFICATE,
                                 "%s", _("You did not trust the server’s certificate, so "
                                         "Causerie did not connect."));
      return;
    }

  check (g_steal_pointer (&task));
}

static void
check_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SignIn *data = g_task_get_task_data (task);
  g_autoptr(CauCertificate) certificate = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *server = NULL;
  GCancellable *cancellable = g_task_get_cancellable (task);
  GtkRoot *root;

  if (cau_account_manager_check_sign_in_finish (data->manager, result, &certificate, &error))
    {
      cau_account_manager_add_account_async (data->manager, data->params, data->password,
                                             cancellable, add_account_cb, g_steal_pointer (&task));
      return;
    }

  if (!g_error_matches (error, CAU_CORE_ERROR, CAU_CORE_ERROR_UNTRUSTED_CERTIFICATE) ||
      certificate == NULL ||
      is_pinned (data->params, cau_certificate_get_sha256 (certificate)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* Pinned first: the dialog's answer decides whether the pin is used. */
  add_pin (data->params, cau_certificate_get_sha256 (certificate));
  server = cau_sign_in_server_name (data->params);
  root = gtk_widget_get_root (data->widget);
  cau_certificate_dialog_choose_async (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                       server, certificate, cancellable,
                                       certificate_cb, g_steal_pointer (&task));
}

static void
cancelled_cb (GCancellable *cancellable,
              SignIn       *data)
{
  g_cancellable_cancel (data->attempt);
}

static void
check (GTask *task)
{
  SignIn *data = g_task_get_task_data (task);

  g_clear_object (&data->attempt);
  data->attempt = g_cancellable_new ();
  if (data->cancellable != NULL && g_cancellable_is_cancelled (data->cancellable))
    g_cancellable_cancel (data->attempt);
  cau_account_manager_check_sign_in_async (data->manager, data->params, data->password,
                                           data->attempt, check_cb, task);
}

void
cau_sign_in_async (CauAccountManager      *manager,
                   GtkWidget              *widget,
                   const CauAccountParams *params,
                   const char             *password,
                   GCancellable           *cancellable,
                   GAsyncReadyCallback     callback,
                   gpointer                user_data)
{
  GTask *task;
  SignIn *data;

  g_return_if_fail (CAU_IS_ACCOUNT_MANAGER (manager));
  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (params != NULL && password != NULL);

  task = g_task_new (manager, cancellable, callback, user_data);
  g_task_set_source_tag (task, cau_sign_in_async);

  data = g_new0 (SignIn, 1);
  data->manager = g_object_ref (manager);
  data->widget = g_object_ref (widget);
  data->params = cau_account_params_copy (params);
  data->password = g_strdup (password);
  g_task_set_task_data (task, data, (GDestroyNotify) sign_in_free);
  if (cancellable != NULL)
    {
      data->cancellable = g_object_ref (cancellable);
      data->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (cancelled_cb),
                                                  data, NULL);
    }

  check (task);
}

CauAccount *
cau_sign_in_finish (GAsyncResult  *result,
                    gboolean      *password_saved,
                    GError       **error)
{
  SignIn *data;

  g_return_val_if_fail (G_IS_TASK (result), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cau_sign_in_async, NULL);

  data = g_task_get_task_data (G_TASK (result));
  if (password_saved != NULL)
    *password_saved = data->password_saved;
  return g_task_propagate_pointer (G_TASK (result), error);
}
