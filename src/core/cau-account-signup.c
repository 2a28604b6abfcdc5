/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-account-manager.h"
#include "cau-core-private.h"
#include "xmpp/cau-jid.h"
#include "xmpp/cau-xmpp-registration.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/*
 * Before an account exists (cau-account-manager.h): checking that a sign-in works, and
 * creating an account on a server that allows it (XEP-0077), each with a throwaway client of
 * the manager's engine.
 */

/* A sign-in that does not get through in this long is said to have failed. */
#define SIGN_IN_TIMEOUT_S 20

/* Checking a sign-in: a throwaway client that connects once. */

typedef struct {
  CauXmppClient   *client;
  gulong           online_id;
  gulong           failed_id;
  GCancellable    *cancellable;
  gulong           cancel_id;
  gboolean         done;
  CauCertificate  *certificate;
} SignInData;

/* Returns FALSE when the task already has its outcome. */
static gboolean
sign_in_settle (GTask *task)
{
  SignInData *data = g_task_get_task_data (task);

  if (data->done)
    return FALSE;
  data->done = TRUE;
  g_clear_signal_handler (&data->online_id, data->client);
  g_clear_signal_handler (&data->failed_id, data->client);
  return TRUE;
}

static void
sign_in_data_free (SignInData *data)
{
  if (data->cancellable != NULL)
    {
      g_cancellable_disconnect (data->cancellable, data->cancel_id);
      g_clear_object (&data->cancellable);
    }
  if (data->client != NULL)
    {
      g_clear_signal_handler (&data->online_id, data->client);
      g_clear_signal_handler (&data->failed_id, data->client);
      cau_xmpp_client_disconnect (data->client);
      g_clear_object (&data->client);
    }
  g_clear_object (&data->certificate);
  g_free (data);
}

static void
sign_in_online_cb (CauXmppClient *client,
                   gboolean       resumed,
                   GTask         *task)
{
  if (!sign_in_settle (task))
    return;
  g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

static void
sign_in_failed_cb (CauXmppClient *client,
                   const GError  *error,
                   gboolean       will_retry,
                   GTask         *task)
{
  SignInData *data = g_task_get_task_data (task);
  const CauXmppCertInfo *info = cau_xmpp_client_get_rejected_certificate (client);

  if (!sign_in_settle (task))
    return;

  if (info != NULL && g_error_matches (error, CAU_XMPP_ERROR, CAU_XMPP_ERROR_CERTIFICATE))
    {
      data->certificate = cau_certificate_new_from_info (info);
      g_task_return_new_error (task, CAU_CORE_ERROR, CAU_CORE_ERROR_UNTRUSTED_CERTIFICATE,
                               "%s", error->message);
    }
  else
    {
      g_task_return_error (task, g_error_copy (error));
    }
  g_object_unref (task);
}

static gboolean
sign_in_cancelled_idle (gpointer user_data)
{
  GTask *task = user_data;

  if (sign_in_settle (task))
    {
      g_task_return_error_if_cancelled (task);
      g_object_unref (task);
    }
  g_object_unref (task);
  return G_SOURCE_REMOVE;
}

static void
sign_in_cancelled_cb (GCancellable *cancellable,
                      GTask        *task)
{
  /* Not from inside the cancellable's own emission; the idle holds its
   * own reference in case the task settles first. */
  g_idle_add (sign_in_cancelled_idle, g_object_ref (task));
}

void
cau_account_manager_check_sign_in_async (CauAccountManager      *self,
                                         const CauAccountParams *params,
                                         const char             *password,
                                         GCancellable           *cancellable,
                                         GAsyncReadyCallback     callback,
                                         gpointer                user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *jid = NULL;
  GError *error = NULL;
  SignInData *data;

  g_return_if_fail (CAU_IS_ACCOUNT_MANAGER (self));
  g_return_if_fail (params != NULL && password != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cau_account_manager_check_sign_in_async);

  jid = cau_account_manager_normalize_jid (params->jid, &error);
  if (jid == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  data = g_new0 (SignInData, 1);
  g_task_set_task_data (task, data, (GDestroyNotify) sign_in_data_free);
  data->client = cau_xmpp_client_new (cau_account_manager_get_engine (self), jid);
  cau_xmpp_client_set_password (data->client, password);
  cau_xmpp_client_set_server (data->client, params->host, params->port, params->direct_tls);
  cau_xmpp_client_set_pinned_certificates (data->client,
                                           (const char * const *) params->trusted_sha256);
  cau_xmpp_client_set_auto_reconnect (data->client, FALSE);
  cau_xmpp_client_set_timeouts (data->client, SIGN_IN_TIMEOUT_S, 90, 30);

  /* The handlers own the task's reference until one of them runs. */
  data->online_id = g_signal_connect (data->client, "online", G_CALLBACK (sign_in_online_cb), task);
  data->failed_id = g_signal_connect (data->client, "failed", G_CALLBACK (sign_in_failed_cb), task);
  if (cancellable != NULL)
    {
      data->cancellable = g_object_ref (cancellable);
      data->cancel_id = g_cancellable_connect (cancellable, G_CALLBACK (sign_in_cancelled_cb),
                                               task, NULL);
    }
  cau_xmpp_client_connect (data->client);
  g_steal_pointer (&task);
}

gboolean
cau_account_manager_check_sign_in_finish (CauAccountManager  *self,
                                          GAsyncResult       *result,
                                          CauCertificate    **certificate,
                                          GError            **error)
{
  SignInData *data;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  data = g_task_get_task_data (G_TASK (result));
  if (certificate != NULL)
    *certificate = data && data->certificate ? g_object_ref (data->certificate) : NULL;
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Registration. */

typedef struct {
  GVariant       *form;
  CauCertificate *certificate;
} RegisterData;

static void
register_data_free (RegisterData *data)
{
  g_clear_pointer (&data->form, g_variant_unref);
  g_clear_object (&data->certificate);
  g_free (data);
}

static gboolean
fill_registration_server (const CauAccountParams    *params,
                          CauXmppRegistrationServer *server,
                          GError                   **error)
{
  g_autofree char *domain = g_strstrip (g_strdup (params->jid ? params->jid : ""));
  g_autofree char *local = NULL;
  g_autofree char *resource = NULL;
  g_autofree char *normalized = NULL;
  g_autoptr(GError) local_error = NULL;

  if (!cau_jid_split (domain, &local, &normalized, &resource, &local_error) ||
      local != NULL || resource != NULL)
    {
      g_set_error_literal (error, CAU_CORE_ERROR, CAU_CORE_ERROR_INVALID_ADDRESS,
                           local_error ? local_error->message
                                       : _("Enter only the server’s name, like example.org."));
      return FALSE;
    }

  server->domain = g_steal_pointer (&normalized);
  server->host = params->host;
  server->port = params->port;
  server->direct_tls = params->direct_tls;
  server->pins = params->trusted_sha256;
  return TRUE;
}

static void
registration_done (GTask            *task,
                   GVariant         *form,
                   CauXmppCertInfo  *cert,
                   GError           *error)
{
  RegisterData *data = g_new0 (RegisterData, 1);

  data->form = form;
  if (cert != NULL)
    data->certificate = cau_certificate_new_from_info (cert);
  g_task_set_task_data (task, data, (GDestroyNotify) register_data_free);

  if (error != NULL && cert != NULL && g_error_matches (error, CAU_XMPP_ERROR, CAU_XMPP_ERROR_CERTIFICATE))
    {
      g_task_return_new_error (task, CAU_CORE_ERROR, CAU_CORE_ERROR_UNTRUSTED_CERTIFICATE,
                               "%s", error->message);
      g_error_free (error);
    }
  else if (error != NULL)
    {
      g_task_return_error (task, error);
    }
  else
    {
      g_task_return_boolean (task, TRUE);
    }
  cau_xmpp_cert_info_free (cert);
}

static void
fetch_form_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CauXmppCertInfo *cert = NULL;
  GError *error = NULL;
  GVariant *form;

  form = cau_xmpp_registration_fetch_form_finish (result, &cert, &error);
  registration_done (task, form, cert, error);
}

/**
 * cau_account_manager_fetch_registration_form_finish:
 * @self: the manager
 * @result: the result
 * @certificate: (out) (optional) (nullable): the untrusted certificate
 * @error: what went wrong
 *
 * Returns: (transfer full) (nullable): the form, "(sba(sssbsas))"
 */
GVariant *
cau_account_manager_fetch_registration_form_finish (CauAccountManager  *self,
                                                    GAsyncResult       *result,
                                                    CauCertificate    **certificate,
                                                    GError            **error)
{
  RegisterData *data;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  data = g_task_get_task_data (G_TASK (result));
  if (certificate != NULL)
    *certificate = data && data->certificate ? g_object_ref (data->certificate) : NULL;
  if (!g_task_propagate_boolean (G_TASK (result), error))
    return NULL;
  return data->form ? g_variant_ref (data->form) : NULL;
}

static void
register_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CauXmppCertInfo *cert = NULL;
  GError *error = NULL;

  cau_xmpp_registration_submit_finish (result, &cert, &error);
  registration_done (task, NULL, cert, error);
}

/* Starts a registration step on the engine: values NULL fetches the form. */
static void
start_registration (CauAccountManager      *self,
                    const CauAccountParams *server,
                    GVariant               *values,
                    GCancellable           *cancellable,
                    GAsyncReadyCallback     callback,
                    gpointer                user_data,
                    gpointer                source_tag)
{
  g_autoptr(GTask) task = NULL;
  CauXmppRegistrationServer reg = { 0 };
  GError *error = NULL;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  if (!fill_registration_server (server, &reg, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  if (values == NULL)
    cau_xmpp_registration_fetch_form_async (cau_account_manager_get_engine (self), &reg, cancellable, fetch_form_cb,
                                            g_steal_pointer (&task));
  else
    cau_xmpp_registration_submit_async (cau_account_manager_get_engine (self), &reg, values, cancellable, register_cb,
                                        g_steal_pointer (&task));
  g_free (reg.domain);
}

void
cau_account_manager_fetch_registration_form_async (CauAccountManager      *self,
                                                   const CauAccountParams *server,
                                                   GCancellable           *cancellable,
                                                   GAsyncReadyCallback     callback,
                                                   gpointer                user_data)
{
  g_return_if_fail (CAU_IS_ACCOUNT_MANAGER (self));
  g_return_if_fail (server != NULL);

  start_registration (self, server, NULL, cancellable, callback, user_data,
                      cau_account_manager_fetch_registration_form_async);
}

void
cau_account_manager_register_async (CauAccountManager      *self,
                                    const CauAccountParams *server,
                                    GVariant               *values,
                                    GCancellable           *cancellable,
                                    GAsyncReadyCallback     callback,
                                    gpointer                user_data)
{
  g_return_if_fail (CAU_IS_ACCOUNT_MANAGER (self));
  g_return_if_fail (server != NULL && values != NULL);

  start_registration (self, server, values, cancellable, callback, user_data,
                      cau_account_manager_register_async);
}

gboolean
cau_account_manager_register_finish (CauAccountManager  *self,
                                     GAsyncResult       *result,
                                     CauCertificate    **certificate,
                                     GError            **error)
{
  RegisterData *data;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  data = g_task_get_task_data (G_TASK (result));
  if (certificate != NULL)
    *certificate = data && data->certificate ? g_object_ref (data->certificate) : NULL;
  return g_task_propagate_boolean (G_TASK (result), error);
}

