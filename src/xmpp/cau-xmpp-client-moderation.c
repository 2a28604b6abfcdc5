/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-xmpp-client.h"
#include "cau-xmpp-answer.h"
#include "cau-xmpp-chat.h"
#include "cau-xmpp-private.h"
#include "cau-xmpp-rooms.h"
#include "cau-xmpp-utils.h"
#include "xeps/cau-xep-0045-muc.h"
#include "xeps/cau-xep-0425-moderation.h"

/*
 * A moderator's and an admin's requests to a room (XEP-0045 §9, §10): kick, voice,
 * moderation (roles, by nickname) and ban, membership, administration (affiliations, by
 * address); and a moderator's removal of a message (XEP-0425, by the room's archive id). Each
 * is answered once (cau-xmpp-answer.h).
 */

typedef enum {
  REQUEST_ROLE,
  REQUEST_AFFILIATION,
  REQUEST_RETRACTION,
} RequestKind;

typedef struct {
  char        *room;
  char        *target;        /* a nickname (role), a bare JID (affiliation) or an archive id
                               * (retraction) */
  RequestKind  kind;
  int          value;         /* CauXmppRole, CauXmppAffiliation or CauXmppModerationVersion */
  char        *reason;
} Request;

static void
request_free (gpointer data)
{
  Request *request = data;

  g_free (request->room);
  g_free (request->target);
  g_free (request->reason);
  g_free (request);
}

static GError *
error_from_answer (xmpp_stanza_t *answer)
{
  g_autofree char *text = NULL;
  g_autofree char *condition = NULL;

  if (answer == NULL)
    return g_error_new_literal (CAU_XMPP_ERROR, CAU_XMPP_ERROR_CONNECTION_LOST, "offline");
  if (g_strcmp0 (xmpp_stanza_get_type (answer), "result") == 0)
    return NULL;

  condition = cau_xmpp_stanza_error_condition (answer, &text);
  /* §9, §10: what our role or affiliation does not allow comes back as one of these. */
  if (g_strcmp0 (condition, "forbidden") == 0 || g_strcmp0 (condition, "not-allowed") == 0 ||
      g_strcmp0 (condition, "not-authorized") == 0)
    return g_error_new_literal (CAU_XMPP_ERROR, CAU_XMPP_ERROR_FORBIDDEN, condition);
  if (g_strcmp0 (condition, "item-not-found") == 0 ||
      g_strcmp0 (condition, "not-acceptable") == 0)
    return g_error_new_literal (CAU_XMPP_ERROR, CAU_XMPP_ERROR_NOT_FOUND, condition);
  return g_error_new_literal (CAU_XMPP_ERROR, CAU_XMPP_ERROR_FAILED,
                              condition != NULL ? condition : "no condition");
}

/* The room's answer, or NULL: offline, or the stream ended first. */
static void
replied_cb (xmpp_stanza_t *answer,
            gpointer       data)
{
  GError *error = error_from_answer (answer);

  if (error != NULL)
    cau_xmpp_answer_return_error (data, error);
  else
    cau_xmpp_answer_return (data, NULL, NULL);
}

static void
request_run (CauXmppChat   *chat,
             CauXmppAnswer *answer)
{
  Request *request = cau_xmpp_answer_get_data (answer);
  CauXmppRooms *rooms = cau_xmpp_chat_get_rooms (chat);
  xmpp_ctx_t *context = cau_xmpp_rooms_get_context (rooms);
  g_autofree char *id = NULL;
  xmpp_stanza_t *iq;

  if (context == NULL)
    {
      replied_cb (NULL, answer);
      return;
    }
  id = cau_xmpp_new_id ();
  switch (request->kind)
    {
    case REQUEST_ROLE:
      iq = cau_xmpp_build_muc_set_role (context, id, request->room, request->target,
                                        (CauXmppRole) request->value, request->reason);
      break;
    case REQUEST_AFFILIATION:
      iq = cau_xmpp_build_muc_set_affiliation (context, id, request->room, request->target,
                                               (CauXmppAffiliation) request->value,
                                               request->reason);
      break;
    case REQUEST_RETRACTION:
    default:
      iq = cau_xmpp_build_moderate_retract (context, id, request->room, request->target,
                                            request->reason,
                                            (CauXmppModerationVersion) request->value);
      break;
    }
  cau_xmpp_rooms_request (rooms, iq, replied_cb, answer);
}

static void
request (CauXmppClient       *self,
         const char          *room,
         const char          *target,
         RequestKind          kind,
         int                  value,
         const char          *reason,
         GCancellable        *cancellable,
         GAsyncReadyCallback  callback,
         gpointer             user_data,
         gpointer             source_tag)
{
  Request *request = g_new0 (Request, 1);

  request->room = g_strdup (room);
  request->target = g_strdup (target);
  request->kind = kind;
  request->value = value;
  request->reason = reason != NULL && *reason != '\0' ? g_strdup (reason) : NULL;
  cau_xmpp_client_run_answer (self, request_run,
                              cau_xmpp_answer_new (self, cancellable, callback, user_data,
                                                   source_tag, request, request_free));
}

/**
 * cau_xmpp_client_set_room_role:
 * @self: the client
 * @room: the room's bare JID
 * @nick: the occupant's nickname
 * @role: CAU_XMPP_ROLE_NONE kicks, VISITOR revokes voice, PARTICIPANT grants it (or takes
 *   moderation back), MODERATOR makes a moderator
 * @reason: (nullable): told to the occupant
 * @cancellable: (nullable): to stop waiting
 * @callback: called in the caller's context
 * @user_data: for @callback
 *
 * Asks @room to change the role of @nick (XEP-0045 §8, §9).
 */
void
cau_xmpp_client_set_room_role (CauXmppClient       *self,
                               const char          *room,
                               const char          *nick,
                               CauXmppRole          role,
                               const char          *reason,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (CAU_IS_XMPP_CLIENT (self));
  g_return_if_fail (room != NULL && nick != NULL);
  g_return_if_fail (role <= CAU_XMPP_ROLE_MODERATOR);

  request (self, room, nick, REQUEST_ROLE, role, reason, cancellable, callback, user_data,
           cau_xmpp_client_set_room_role);
}

/**
 * cau_xmpp_client_set_room_role_finish:
 * @self: the client
 * @result: the result given to the callback
 * @error: CAU_XMPP_ERROR_FORBIDDEN when we may not, NOT_FOUND when nobody has that
 *   nickname, CONNECTION_LOST when offline, FAILED for anything else (the condition as the
 *   message)
 *
 * Returns: whether the room did it
 */
gboolean
cau_xmpp_client_set_room_role_finish (CauXmppClient  *self,
                                      GAsyncResult   *result,
                                      GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * cau_xmpp_client_set_room_affiliation:
 * @self: the client
 * @room: the room's bare JID
 * @jid: a bare JID
 * @affiliation: OUTCAST bans, NONE takes membership (or a ban) away, MEMBER, ADMIN, OWNER
 * @reason: (nullable): told to the person
 * @cancellable: (nullable): to stop waiting
 * @callback: called in the caller's context
 * @user_data: for @callback
 *
 * Asks @room to change the affiliation of @jid (XEP-0045 §9, §10).
 */
void
cau_xmpp_client_set_room_affiliation (CauXmppClient       *self,
                                      const char          *room,
                                      const char          *jid,
                                      CauXmppAffiliation   affiliation,
                                      const char          *reason,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_return_if_fail (CAU_IS_XMPP_CLIENT (self));
  g_return_if_fail (room != NULL && jid != NULL);
  g_return_if_fail (affiliation <= CAU_XMPP_AFFILIATION_OWNER);

  request (self, room, jid, REQUEST_AFFILIATION, affiliation, reason, cancellable, callback, user_data,
           cau_xmpp_client_set_room_affiliation);
}

/**
 * cau_xmpp_client_set_room_affiliation_finish:
 * @self: the client
 * @result: the result given to the callback
 * @error: as for cau_xmpp_client_set_room_role_finish()
 *
 * Returns: whether the room did it
 */
gboolean
cau_xmpp_client_set_room_affiliation_finish (CauXmppClient  *self,
                                             GAsyncResult   *result,
                                             GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * cau_xmpp_client_retract_room_message:
 * @self: the client
 * @room: the room's bare JID
 * @stanza_id: the room's archive id of the message
 * @reason: (nullable): why, told to everyone in the room
 * @version: the version of XEP-0425 the room offers (not NONE)
 * @cancellable: (nullable): to stop waiting
 * @callback: called in the caller's context
 * @user_data: for @callback
 *
 * Asks @room to remove a message for everyone (XEP-0425). The room then announces it to all,
 * us included, and that announcement is what removes it here.
 */
void
cau_xmpp_client_retract_room_message (CauXmppClient            *self,
                                      const char               *room,
                                      const char               *stanza_id,
                                      const char               *reason,
                                      CauXmppModerationVersion  version,
                                      GCancellable             *cancellable,
                                      GAsyncReadyCallback       callback,
                                      gpointer                  user_data)
{
  g_return_if_fail (CAU_IS_XMPP_CLIENT (self));
  g_return_if_fail (room != NULL && stanza_id != NULL);
  g_return_if_fail (version != CAU_XMPP_MODERATION_NONE);

  request (self, room, stanza_id, REQUEST_RETRACTION, version, reason, cancellable, callback,
           user_data, cau_xmpp_client_retract_room_message);
}

/**
 * cau_xmpp_client_retract_room_message_finish:
 * @self: the client
 * @result: the result given to the callback
 * @error: FORBIDDEN when we are not a moderator, NOT_FOUND when the room's archive does not
 *   have the message, as for cau_xmpp_client_set_room_role_finish() otherwise
 *
 * Returns: whether the room removed it
 */
gboolean
cau_xmpp_client_retract_room_message_finish (CauXmppClient  *self,
                                             GAsyncResult   *result,
                                             GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
