/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-xmpp-room-avatars.h"
#include "cau-xmpp-answer.h"
#include "cau-xmpp-chat.h"
#include "cau-xmpp-private.h"
#include "cau-xmpp-room-config.h"
#include "cau-xmpp-rooms.h"
#include "cau-xmpp-utils.h"
#include "xeps/cau-xep-0084-avatars.h"

/*
 * Rooms announce their avatar twice as they come in (disco#info, then the room's presence):
 * the second costs a stat() of the cache, or waits behind the first's fetch. A room without
 * the field, or with an empty one, has no avatar, and its old one is dropped.
 */

void
cau_xmpp_room_avatars_take_info (CauXmppAvatars        *avatars,
                                 const char            *room,
                                 const CauXmppRoomInfo *info)
{
  g_return_if_fail (room != NULL && info != NULL);

  if (avatars != NULL)
    cau_xmpp_avatars_take_room (avatars, room, info->avatar_hash);
}

gboolean
cau_xmpp_room_avatars_handle_presence (CauXmppAvatars *avatars,
                                       const char     *room,
                                       xmpp_stanza_t  *presence)
{
  g_autofree char *id = NULL;

  g_return_val_if_fail (room != NULL && presence != NULL, TRUE);

  /* An unavailable presence from the room says nothing of its picture. */
  if (avatars == NULL || xmpp_stanza_get_type (presence) != NULL)
    return TRUE;
  /* NULL: no element, or a hash that is not one; "" none. */
  id = cau_xmpp_parse_vcard_update (presence);
  if (id != NULL)
    cau_xmpp_avatars_take_room (avatars, room, id);
  else
    g_debug ("Room presence without a usable avatar hash");
  return TRUE;
}

/* Setting it, for owners: answered once (cau-xmpp-answer.h). */

typedef struct {
  char           *room;
  GBytes         *png;       /* nullable: removing it */
  CauXmppAvatars *avatars;   /* the engine thread only, while the request is in flight */
} Request;

static void
request_free (gpointer data)
{
  Request *request = data;

  g_clear_pointer (&request->png, g_bytes_unref);
  g_free (request->room);
  g_free (request);
}

static GError *
error_from_answer (xmpp_stanza_t *answer)
{
  g_autofree char *condition = cau_xmpp_stanza_error_condition (answer, NULL);

  if (g_strcmp0 (condition, "forbidden") == 0 || g_strcmp0 (condition, "not-allowed") == 0)
    return g_error_new_literal (CAU_XMPP_ERROR, CAU_XMPP_ERROR_FORBIDDEN, condition);
  if (g_strcmp0 (condition, "feature-not-implemented") == 0 ||
      g_strcmp0 (condition, "service-unavailable") == 0)
    return g_error_new_literal (CAU_XMPP_ERROR, CAU_XMPP_ERROR_NOT_SUPPORTED, condition);
  return g_error_new (CAU_XMPP_ERROR, CAU_XMPP_ERROR_FAILED, "%s",
                      condition != NULL ? condition : "refused");
}

static void
answered_cb (xmpp_stanza_t *answer,
             gpointer       data)
{
  CauXmppAnswer *reply = data;
  Request *request = cau_xmpp_answer_get_data (reply);
  g_autofree char *id = NULL;

  if (answer == NULL)
    {
      cau_xmpp_answer_return_error (reply, g_error_new_literal (CAU_XMPP_ERROR,
                                                                CAU_XMPP_ERROR_CONNECTION_LOST,
                                                                "offline"));
      return;
    }
  if (g_strcmp0 (xmpp_stanza_get_type (answer), "result") != 0)
    {
      cau_xmpp_answer_return_error (reply, error_from_answer (answer));
      return;
    }
  /* The room tells everyone, us too, with its presence; the model hears it now, and the
   * image is in the cache before the presence asks for it. */
  if (request->png != NULL)
    id = cau_xmpp_avatars_cache (request->avatars, request->png);
  cau_xmpp_avatars_take_room (request->avatars, request->room, id);
  cau_xmpp_answer_return (reply, NULL, NULL);
}

static void
request_run (CauXmppChat   *chat,
             CauXmppAnswer *reply)
{
  Request *request = cau_xmpp_answer_get_data (reply);
  CauXmppRooms *rooms = cau_xmpp_chat_get_rooms (chat);
  xmpp_ctx_t *ctx = cau_xmpp_rooms_get_context (rooms);
  g_autofree char *id = cau_xmpp_new_id ();

  if (ctx == NULL)
    {
      answered_cb (NULL, reply);
      return;
    }
  request->avatars = cau_xmpp_chat_get_avatars (chat);
  cau_xmpp_rooms_request (rooms,
                          cau_xmpp_build_vcard_photo_set (ctx, id, request->room, request->png),
                          answered_cb, reply);
}

/**
 * cau_xmpp_client_set_room_avatar:
 * @self: the client
 * @room: the room's bare JID
 * @png: (nullable): the new avatar, a PNG of at most %CAU_XMPP_AVATAR_MAX_BYTES; %NULL removes
 *   the room's
 * @cancellable: (nullable): to stop waiting
 * @callback: called in the caller's context
 * @user_data: for @callback
 *
 * Sets @room's vCard to hold only @png as its PHOTO, which only its owners may do.
 */
void
cau_xmpp_client_set_room_avatar (CauXmppClient       *self,
                                 const char          *room,
                                 GBytes              *png,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  Request *request;

  g_return_if_fail (CAU_IS_XMPP_CLIENT (self));
  g_return_if_fail (room != NULL);
  g_return_if_fail (png == NULL || g_bytes_get_size (png) <= CAU_XMPP_AVATAR_MAX_BYTES);

  request = g_new0 (Request, 1);
  request->room = g_strdup (room);
  request->png = png != NULL ? g_bytes_ref (png) : NULL;
  cau_xmpp_client_run_answer (self, request_run,
                              cau_xmpp_answer_new (self, cancellable, callback, user_data,
                                                   cau_xmpp_client_set_room_avatar, request,
                                                   request_free));
}

gboolean
cau_xmpp_client_set_room_avatar_finish (CauXmppClient  *self,
                                        GAsyncResult   *result,
                                        GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
