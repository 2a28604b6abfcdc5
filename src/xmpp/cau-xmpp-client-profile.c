/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-xmpp-profile.h"
#include "cau-xmpp-answer.h"
#include "cau-xmpp-chat.h"
#include "cau-xmpp-private.h"
#include "cau-xmpp-profiles.h"

/*
 * The client's profile requests, each answered once (cau-xmpp-answer.h).
 */

typedef enum {
  KIND_VCARD,
  KIND_SOFTWARE,
} Kind;

typedef struct {
  Kind  kind;
  char *jid;
} Request;

static void
request_free (gpointer data)
{
  Request *request = data;

  g_free (request->jid);
  g_free (request);
}

/* On the engine thread, once per request. */
static void
fetched_cb (gpointer      result,
            const GError *error,
            gpointer      data)
{
  CauXmppAnswer *answer = data;
  Request *request = cau_xmpp_answer_get_data (answer);

  if (error != NULL)
    cau_xmpp_answer_return_error (answer, g_error_copy (error));
  else
    cau_xmpp_answer_return (answer, result,
                            request->kind == KIND_VCARD ? (GDestroyNotify) cau_xmpp_vcard_free
                                                        : (GDestroyNotify) cau_xmpp_software_free);
}

static void
fetch_run (CauXmppChat   *chat,
           CauXmppAnswer *answer)
{
  Request *request = cau_xmpp_answer_get_data (answer);
  CauXmppProfiles *profiles = cau_xmpp_chat_get_profiles (chat);

  if (request->kind == KIND_VCARD)
    cau_xmpp_profiles_fetch_vcard (profiles, request->jid, fetched_cb, answer);
  else
    cau_xmpp_profiles_fetch_software (profiles, request->jid, fetched_cb, answer);
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
  Request *request = g_new0 (Request, 1);

  request->kind = kind;
  request->jid = g_strdup (jid);
  cau_xmpp_client_run_answer (self, fetch_run,
                              cau_xmpp_answer_new (self, cancellable, callback, user_data,
                                                   source_tag, request, request_free));
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
