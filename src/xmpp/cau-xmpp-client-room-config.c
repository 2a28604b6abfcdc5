/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-xmpp-room-config.h"
#include "cau-xmpp-answer.h"
#include "cau-xmpp-chat.h"
#include "cau-xmpp-private.h"
#include "cau-xmpp-rooms.h"
#include "cau-xmpp-utils.h"
#include "xeps/cau-xep-0004-forms.h"
#include "xeps/cau-xep-0045-muc.h"

/*
 * The client's requests about a room's configuration (XEP-0045 §10.2), each answered once
 * (cau-xmpp-answer.h).
 */

typedef struct {
  gboolean      submit;
  char         *room;
  GVariant     *form;      /* submit: what to send */
  GVariant     *values;    /* submit only */
} Request;

static void
request_free (gpointer data)
{
  Request *request = data;

  g_clear_pointer (&request->form, g_variant_unref);
  g_clear_pointer (&request->values, g_variant_unref);
  g_free (request->room);
  g_free (request);
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
  CauXmppAnswer *reply = data;
  Request *request = cau_xmpp_answer_get_data (reply);
  const char *why = NULL;
  GVariant *form;

  if (answer == NULL)
    {
      cau_xmpp_answer_return_error (reply, g_error_new_literal (CAU_XMPP_ERROR,
                                                                CAU_XMPP_ERROR_CONNECTION_LOST,
                                                                "offline"));
      return;
    }
  if (g_strcmp0 (xmpp_stanza_get_type (answer), "error") == 0)
    {
      cau_xmpp_answer_return_error (reply, error_from_answer (answer));
      return;
    }
  if (request->submit)
    {
      cau_xmpp_answer_return (reply, NULL, NULL);
      return;
    }
  form = cau_xmpp_parse_muc_config (answer, request->room, &why);
  if (form == NULL)
    {
      cau_xmpp_answer_return_error (reply, g_error_new (CAU_XMPP_ERROR, CAU_XMPP_ERROR_FAILED,
                                                        "%s", why ? why : "no form"));
      return;
    }
  cau_xmpp_answer_return (reply, g_variant_ref_sink (form), (GDestroyNotify) g_variant_unref);
}

static void
request_run (CauXmppChat   *chat,
             CauXmppAnswer *reply)
{
  Request *request = cau_xmpp_answer_get_data (reply);
  CauXmppRooms *rooms = cau_xmpp_chat_get_rooms (chat);
  xmpp_ctx_t *ctx = cau_xmpp_rooms_get_context (rooms);
  g_autofree char *id = cau_xmpp_new_id ();
  g_autoptr(GVariant) kept = NULL;

  if (ctx == NULL)
    {
      answered_cb (NULL, reply);
      return;
    }
  if (request->submit)
    kept = g_variant_ref_sink (cau_xmpp_data_form_keep_only (request->form, request->values));
  cau_xmpp_rooms_request (rooms, cau_xmpp_build_muc_configure (ctx, id, request->room,
                                                               request->submit, kept,
                                                               request->values),
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
  Request *request = g_new0 (Request, 1);

  request->submit = form != NULL;
  request->room = g_strdup (room);
  request->form = form ? g_variant_ref_sink (form) : NULL;
  request->values = values ? g_variant_ref_sink (values) : NULL;
  cau_xmpp_client_run_answer (self, request_run,
                              cau_xmpp_answer_new (self, cancellable, callback, user_data,
                                                   source_tag, request, request_free));
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
