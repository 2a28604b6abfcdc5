/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-xmpp-profile.h"
#include "cau-xmpp-chat.h"
#include "cau-xmpp-private.h"
#include "cau-xmpp-profiles.h"

/*
 * The client's profile requests. The GTask stays on the caller's thread:
 * the engine gets a Reply, fills it in once and posts it back, and the
 * task is returned (and released) in the caller's context only.
 */

typedef enum {
  KIND_VCARD,
  KIND_SOFTWARE,
} Kind;

typedef struct {
  GMainContext   *context;
  GTask          *task;          /* the caller's thread only */
  Kind            kind;
  char           *jid;
  gpointer        result;
  GError         *error;
} Reply;

static void
reply_free (gpointer data)
{
  Reply *reply = data;

  g_clear_object (&reply->task);
  if (reply->result != NULL)
    {
      if (reply->kind == KIND_VCARD)
        cau_xmpp_vcard_free (reply->result);
      else
        cau_xmpp_software_free (reply->result);
    }
  g_clear_error (&reply->error);
  g_free (reply->jid);
  g_main_context_unref (reply->context);
  g_free (reply);
}

static gboolean
reply_dispatch (gpointer data)
{
  Reply *reply = data;

  if (reply->error != NULL)
    g_task_return_error (reply->task, g_steal_pointer (&reply->error));
  else
    g_task_return_pointer (reply->task, g_steal_pointer (&reply->result),
                           reply->kind == KIND_VCARD ? (GDestroyNotify) cau_xmpp_vcard_free
                                                     : (GDestroyNotify) cau_xmpp_software_free);
  return G_SOURCE_REMOVE;
}

/* On the engine thread, once per reply. */
static void
reply_post (Reply        *reply,
            gpointer      result,
            const GError *error)
{
  reply->result = result;
  reply->error = error ? g_error_copy (error) : NULL;
  g_main_context_invoke_full (reply->context, G_PRIORITY_DEFAULT, reply_dispatch, reply,
                              reply_free);
}

static void
reply_done (gpointer      result,
            const GError *error,
            gpointer      data)
{
  reply_post (data, result, error);
}

/* The command: its Reply goes to the engine, or back with an error when
 * the stream is gone before the command ran. */
typedef struct {
  Reply *reply;
} Fetch;

static void
fetch_free (gpointer data)
{
  Fetch *fetch = data;

  if (fetch->reply != NULL)
    {
      g_autoptr(GError) error = g_error_new_literal (CAU_XMPP_ERROR,
                                                     CAU_XMPP_ERROR_CONNECTION_LOST, "closed");

      reply_post (fetch->reply, NULL, error);
    }
  g_free (fetch);
}

static void
fetch_run (CauXmppChat *chat,
           gpointer     data)
{
  Fetch *fetch = data;
  Reply *reply = g_steal_pointer (&fetch->reply);
  CauXmppProfiles *profiles = cau_xmpp_chat_get_profiles (chat);

  if (reply->kind == KIND_VCARD)
    cau_xmpp_profiles_fetch_vcard (profiles, reply->jid, reply_done, reply);
  else
    cau_xmpp_profiles_fetch_software (profiles, reply->jid, reply_done, reply);
}

static void
fetch (CauXmppClient       *self,
       Kind                 kind,
       const char          *jid,
       GCancellable        *cancellable,
       GAsyncReadyCallback  callback,
       gpointer             user_data,
       gpointer             source_tag)
{
  Reply *reply = g_new0 (Reply, 1);
  Fetch *command = g_new0 (Fetch, 1);

  reply->context = g_main_context_ref_thread_default ();
  reply->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (reply->task, source_tag);
  reply->kind = kind;
  reply->jid = g_strdup (jid);
  command->reply = reply;
  cau_xmpp_client_run_on_chat (self, fetch_run, command, fetch_free);
}

/**
 * cau_xmpp_client_fetch_vcard:
 * @self: the client
 * @jid: a bare JID
 * @cancellable: (nullable): to stop waiting
 * @callback: called in the caller's context
 * @user_data: for @callback
 *
 * Asks for the vCard of @jid (XEP-0292, else XEP-0054).
 */
void
cau_xmpp_client_fetch_vcard (CauXmppClient       *self,
                             const char          *jid,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (CAU_IS_XMPP_CLIENT (self));
  g_return_if_fail (jid != NULL);

  fetch (self, KIND_VCARD, jid, cancellable, callback, user_data, cau_xmpp_client_fetch_vcard);
}

/**
 * cau_xmpp_client_fetch_vcard_finish:
 * @self: the client
 * @result: the result given to the callback
 * @error: where to put an error
 *
 * Returns: (transfer full): the vCard, empty when there is none; %NULL
 *   with @error set when it could not be asked for
 */
CauXmppVcard *
cau_xmpp_client_fetch_vcard_finish (CauXmppClient  *self,
                                    GAsyncResult   *result,
                                    GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * cau_xmpp_client_fetch_software:
 * @self: the client
 * @full_jid: a device's full JID
 * @cancellable: (nullable): to stop waiting
 * @callback: called in the caller's context
 * @user_data: for @callback
 *
 * Asks a device for its software (XEP-0092, else its disco#info
 * identity name).
 */
void
cau_xmpp_client_fetch_software (CauXmppClient       *self,
                                const char          *full_jid,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (CAU_IS_XMPP_CLIENT (self));
  g_return_if_fail (full_jid != NULL);

  fetch (self, KIND_SOFTWARE, full_jid, cancellable, callback, user_data,
         cau_xmpp_client_fetch_software);
}

/**
 * cau_xmpp_client_fetch_software_finish:
 * @self: the client
 * @result: the result given to the callback
 * @error: where to put an error
 *
 * Returns: (transfer full): what the device said, possibly nothing
 */
CauXmppSoftware *
cau_xmpp_client_fetch_software_finish (CauXmppClient  *self,
                                       GAsyncResult   *result,
                                       GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
