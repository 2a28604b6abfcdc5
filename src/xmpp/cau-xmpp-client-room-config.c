/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-xmpp-room-config.h"
#include "cau-xmpp-chat.h"
#include "cau-xmpp-private.h"
#include "cau-xmpp-rooms.h"
#include "cau-xmpp-utils.h"
#include "xeps/cau-xep-0004-forms.h"
#include "xeps/cau-xep-0045-muc.h"

/*
 * The client's requests about a room's configuration (XEP-0045 §10.2). As with profiles
 * (cau-xmpp-client-profile.c), the GTask stays on the caller's thread: the engine fills a
 * Reply in once and posts it back.
 */

typedef struct {
  GMainContext *context;
  GTask        *task;      /* the caller's thread only */
  gboolean      submit;
  char         *room;
  GVariant     *form;      /* submit: what to send; fetch: the answer */
  GVariant     *values;    /* submit only */
  GError       *error;
} Reply;

static void
reply_free (gpointer data)
{
  Reply *reply = data;

  g_clear_object (&reply->task);
  g_clear_pointer (&reply->form, g_variant_unref);
  g_clear_pointer (&reply->values, g_variant_unref);
  g_clear_error (&reply->error);
  g_free (reply->room);
  g_main_context_unref (reply->context);
  g_free (reply);
}

static gboolean
reply_dispatch (gpointer data)
{
  Reply *reply = data;

  if (reply->error != NULL)
    g_task_return_error (reply->task, g_steal_pointer (&reply->error));
  else if (reply->submit)
    g_task_return_boolean (reply->task, TRUE);
  else
    g_task_return_pointer (reply->task, g_steal_pointer (&reply->form),
                           (GDestroyNotify) g_variant_unref);
  return G_SOURCE_REMOVE;
}

/* On the engine thread, once per reply; takes `error`. */
static void
reply_post (Reply  *reply,
            GError *error)
{
  reply->error = error;
  g_main_context_invoke_full (reply->context, G_PRIORITY_DEFAULT, reply_dispatch, reply,
                              reply_free);
}

static GError *
error_from_answer (xmpp_stanza_t *answer)
{
  g_autofree char *text = NULL;
  g_autofree char *condition = cau_xmpp_stanza_error_condition (answer, &text);

  if (g_strcmp0 (condition, "forbidden") == 0 || g_strcmp0 (condition, "not-allowed") == 0)
    return g_error_new_literal (CAU_XMPP_ERROR, CAU_XMPP_ERROR_FORBIDDEN, condition);
  return g_error_new (CAU_XMPP_ERROR, CAU_XMPP_ERROR_FAILED, "%s",
                      condition != NULL ? condition : "refused");
}

static void
answered_cb (xmpp_stanza_t *answer,
             gpointer       data)
{
  Reply *reply = data;
  const char *why = NULL;

  g_clear_pointer (&reply->form, g_variant_unref);
  if (answer == NULL)
    {
      reply_post (reply, g_error_new_literal (CAU_XMPP_ERROR, CAU_XMPP_ERROR_CONNECTION_LOST,
                                              "offline"));
      return;
    }
  if (g_strcmp0 (xmpp_stanza_get_type (answer), "error") == 0)
    {
      reply_post (reply, error_from_answer (answer));
      return;
    }
  if (!reply->submit)
    {
      reply->form = cau_xmpp_parse_muc_config (answer, reply->room, &why);
      if (reply->form == NULL)
        {
          reply_post (reply, g_error_new (CAU_XMPP_ERROR, CAU_XMPP_ERROR_FAILED, "%s",
                                          why ? why : "no form"));
          return;
        }
      g_variant_ref_sink (reply->form);
    }
  reply_post (reply, NULL);
}

/* The command: its Reply goes to the engine, or back with an error when the stream is gone
 * before the command ran. */
typedef struct {
  Reply *reply;
} Request;

static void
request_free (gpointer data)
{
  Request *request = data;

  if (request->reply != NULL)
    reply_post (request->reply, g_error_new_literal (CAU_XMPP_ERROR,
                                                     CAU_XMPP_ERROR_CONNECTION_LOST, "closed"));
  g_free (request);
}

static void
request_run (CauXmppChat *chat,
             gpointer     data)
{
  Request *request = data;
  Reply *reply = g_steal_pointer (&request->reply);
  CauXmppRooms *rooms = cau_xmpp_chat_get_rooms (chat);
  xmpp_ctx_t *ctx = cau_xmpp_rooms_get_context (rooms);
  g_autofree char *id = cau_xmpp_new_id ();
  g_autoptr(GVariant) kept = NULL;

  if (ctx == NULL)
    {
      answered_cb (NULL, reply);
      return;
    }
  if (reply->submit)
    kept = g_variant_ref_sink (cau_xmpp_data_form_keep_only (reply->form, reply->values));
  cau_xmpp_rooms_request (rooms, cau_xmpp_build_muc_configure (ctx, id, reply->room,
                                                               reply->submit, kept,
                                                               reply->values),
                          answered_cb, reply);
}

static void
request (CauXmppClient       *self,
         const char          *room,
         GVariant            *form,
         GVariant            *values,
         GCancellable        *cancellable,
         GAsyncReadyCallback  callback,
         gpointer             user_data,
         gpointer             source_tag)
{
  Reply *reply = g_new0 (Reply, 1);
  Request *command = g_new0 (Request, 1);

  reply->context = g_main_context_ref_thread_default ();
  reply->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (reply->task, source_tag);
  reply->submit = form != NULL;
  reply->room = g_strdup (room);
  reply->form = form ? g_variant_ref_sink (form) : NULL;
  reply->values = values ? g_variant_ref_sink (values) : NULL;
  command->reply = reply;
  cau_xmpp_client_run_on_chat (self, request_run, command, request_free);
}

/**
 * cau_xmpp_client_fetch_room_config:
 * @self: the client
 * @room: the room's bare JID
 * @cancellable: (nullable): to stop waiting
 * @callback: called in the caller's context
 * @user_data: for @callback
 *
 * Asks @room for its configuration form, which only its owners get.
 */
void
cau_xmpp_client_fetch_room_config (CauXmppClient       *self,
                                   const char          *room,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_return_if_fail (CAU_IS_XMPP_CLIENT (self));
  g_return_if_fail (room != NULL);

  request (self, room, NULL, NULL, cancellable, callback, user_data,
           cau_xmpp_client_fetch_room_config);
}

/**
 * cau_xmpp_client_fetch_room_config_finish:
 * @self: the client
 * @result: the result given to the callback
 * @error: CAU_XMPP_ERROR_FORBIDDEN when we are not an owner, CAU_XMPP_ERROR_CONNECTION_LOST
 *   when offline, else CAU_XMPP_ERROR_FAILED
 *
 * Returns: (transfer full): the form, of type CAU_XMPP_FORM_TYPE
 */
GVariant *
cau_xmpp_client_fetch_room_config_finish (CauXmppClient  *self,
                                          GAsyncResult   *result,
                                          GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * cau_xmpp_client_submit_room_config:
 * @self: the client
 * @room: the room's bare JID
 * @form: the form the room sent (CAU_XMPP_FORM_TYPE)
 * @values: (a{ss}): the fields to change, and their new values
 * @cancellable: (nullable): to stop waiting
 * @callback: called in the caller's context
 * @user_data: for @callback
 *
 * Changes the fields of @values alone: the room keeps the others as they are.
 */
void
cau_xmpp_client_submit_room_config (CauXmppClient       *self,
                                    const char          *room,
                                    GVariant            *form,
                                    GVariant            *values,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_return_if_fail (CAU_IS_XMPP_CLIENT (self));
  g_return_if_fail (room != NULL && form != NULL && values != NULL);
  g_return_if_fail (g_variant_is_of_type (values, G_VARIANT_TYPE ("a{ss}")));

  request (self, room, form, values, cancellable, callback, user_data,
           cau_xmpp_client_submit_room_config);
}

gboolean
cau_xmpp_client_submit_room_config_finish (CauXmppClient  *self,
                                           GAsyncResult   *result,
                                           GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
