/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-xmpp-client.h"
#include "cau-xmpp-avatars.h"
#include "cau-xmpp-chat.h"
#include "cau-xmpp-private.h"
#include "cau-xmpp-room-types.h"

#include <string.h>

/* The client's rooms (XEP-0045) and bookmarks (XEP-0402): commands carried to the engine thread,
 * and their events turned into signals. */

enum {
  SIGNAL_ROOM_INFO,
  SIGNAL_ROOM_OCCUPANTS,
  SIGNAL_ROOM_JOINED,
  SIGNAL_ROOM_JOIN_FAILED,
  SIGNAL_ROOM_LEFT,
  SIGNAL_ROOM_CAUGHT_UP,
  SIGNAL_BOOKMARKS_CHANGED,
  SIGNAL_ROOM_INVITATION,
  N_ROOM_SIGNALS
};

static guint room_signals[N_ROOM_SIGNALS];

void
cau_xmpp_client_rooms_class_init (GObjectClass *klass)
{
  GType type = G_TYPE_FROM_CLASS (klass);

  /**
   * CauXmppClient::room-info:
   * @room: the room's bare JID
   * @info: (type gpointer): the CauXmppRoomInfo, valid during the emission
   *
   * What the room said of itself, before we enter it.
   */
  room_signals[SIGNAL_ROOM_INFO] =
    g_signal_new ("room-info", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_POINTER);
  /**
   * CauXmppClient::room-occupants:
   * @room: the room's bare JID
   * @occupants: (type gpointer): a GPtrArray of CauXmppOccupant in arrival order, valid
   *   during the emission; a later one about the same nickname replaces an earlier one
   *
   * Occupants entered, changed or left; the first batch after ::room-joined's entry holds
   * everyone who was in.
   */
  room_signals[SIGNAL_ROOM_OCCUPANTS] =
    g_signal_new ("room-occupants", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_POINTER);
  /**
   * CauXmppClient::room-joined:
   * @room: the room's bare JID
   * @nick: our nickname, as the room gave it
   * @status: the CauXmppOccupantStatus flags of our entry
   */
  room_signals[SIGNAL_ROOM_JOINED] =
    g_signal_new ("room-joined", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_INT);
  /**
   * CauXmppClient::room-join-failed:
   * @room: the room's bare JID
   * @reason: a CauXmppJoinError
   * @condition: (nullable): the error's condition
   */
  room_signals[SIGNAL_ROOM_JOIN_FAILED] =
    g_signal_new ("room-join-failed", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_INT, G_TYPE_STRING);
  /**
   * CauXmppClient::room-left:
   * @room: the room's bare JID
   * @status: CauXmppOccupantStatus flags: why (none: we left; DISCONNECTED: we were dropped
   *   and enter again)
   * @reason: (nullable): the reason a moderator gave
   */
  room_signals[SIGNAL_ROOM_LEFT] =
    g_signal_new ("room-left", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_INT, G_TYPE_STRING);
  /**
   * CauXmppClient::room-caught-up:
   * @room: the room's bare JID
   *
   * The room's archive is stored up to now.
   */
  room_signals[SIGNAL_ROOM_CAUGHT_UP] =
    g_signal_new ("room-caught-up", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
  /**
   * CauXmppClient::bookmarks-changed:
   * @bookmarks: (type gpointer): a GPtrArray of CauXmppBookmark, valid during the emission
   * @full: TRUE: all our bookmarks, fetched at the start of a new session, replacing what was
   *   known (empty: none); FALSE: a change another client (or we) made, holding the bookmarks
   *   added or changed, and those removed with `retracted` set. (On a server that keeps only
   *   XEP-0048 bookmarks in step, other clients' changes come as a full list, on a new session
   *   or before each change of ours, and ours as a change once stored.)
   *
   * Our bookmarks, as our own account says: nobody else's notification reaches this. Entering
   * autojoin rooms is the caller's decision.
   */
  room_signals[SIGNAL_BOOKMARKS_CHANGED] =
    g_signal_new ("bookmarks-changed", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_POINTER, G_TYPE_BOOLEAN);
  /**
   * CauXmppClient::room-invitation:
   * @invitation: (type gpointer): the CauXmppInvitation, valid during the emission
   *
   * Someone invites us to a room, directly (XEP-0249) or through the room (XEP-0045
   * §7.8.2). The room is a bare JID with a local part, and nobody we blocked sent it; nothing
   * is entered unless the caller decides to.
   */
  room_signals[SIGNAL_ROOM_INVITATION] =
    g_signal_new ("room-invitation", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_POINTER);
}

void
cau_xmpp_client_dispatch_room_event (CauXmppClient *self,
                                     CauXmppEvent  *event)
{
  switch (event->type)
    {
    case CAU_XMPP_EVENT_ROOM_INFO:
      g_signal_emit (self, room_signals[SIGNAL_ROOM_INFO], 0, event->text, event->data);
      break;

    case CAU_XMPP_EVENT_ROOM_OCCUPANTS:
      g_signal_emit (self, room_signals[SIGNAL_ROOM_OCCUPANTS], 0, event->text, event->data);
      break;

    case CAU_XMPP_EVENT_ROOM_JOINED:
      g_signal_emit (self, room_signals[SIGNAL_ROOM_JOINED], 0, event->text, event->text2,
                     event->number);
      break;

    case CAU_XMPP_EVENT_ROOM_JOIN_FAILED:
      g_signal_emit (self, room_signals[SIGNAL_ROOM_JOIN_FAILED], 0, event->text,
                     event->number, event->text2);
      break;

    case CAU_XMPP_EVENT_ROOM_LEFT:
      g_signal_emit (self, room_signals[SIGNAL_ROOM_LEFT], 0, event->text, event->number,
                     event->text2);
      break;

    case CAU_XMPP_EVENT_ROOM_CAUGHT_UP:
      g_signal_emit (self, room_signals[SIGNAL_ROOM_CAUGHT_UP], 0, event->text);
      break;

    case CAU_XMPP_EVENT_BOOKMARKS:
      g_signal_emit (self, room_signals[SIGNAL_BOOKMARKS_CHANGED], 0, event->data,
                     event->number == 1);
      break;

    case CAU_XMPP_EVENT_ROOM_INVITATION:
      g_signal_emit (self, room_signals[SIGNAL_ROOM_INVITATION], 0, event->data);
      break;

    default:
      g_assert_not_reached ();
    }
}

/* Commands. */

typedef struct {
  char  *room;
  char  *s1;
  char  *s2;
  gint64 n;
} RoomArgs;

static RoomArgs *
room_args_new (const char *room,
               const char *s1,
               const char *s2)
{
  RoomArgs *args = g_new0 (RoomArgs, 1);

  args->room = g_strdup (room);
  args->s1 = g_strdup (s1);
  args->s2 = g_strdup (s2);
  return args;
}

static void
room_args_free (gpointer data)
{
  RoomArgs *args = data;

  g_free (args->room);
  g_free (args->s1);
  g_free (args->s2);
  g_free (args);
}

static void
join_run (CauXmppChat *chat,
          gpointer     data)
{
  RoomArgs *args = data;

  cau_xmpp_chat_join_room (chat, args->room, args->s1, args->s2, args->n != 0);
}

/**
 * cau_xmpp_client_join_room:
 * @self: the client
 * @room: the room's bare JID
 * @nick: our nickname in it
 * @password: (nullable): the room's password
 *
 * Enters @room now if online, and again on every new session until
 * cau_xmpp_client_leave_room(); already in it, takes @nick as our new nickname. The outcome
 * comes as ::room-joined or ::room-join-failed.
 */
void
cau_xmpp_client_join_room (CauXmppClient *self,
                           const char    *room,
                           const char    *nick,
                           const char    *password)
{
  g_return_if_fail (CAU_IS_XMPP_CLIENT (self));
  g_return_if_fail (room != NULL && nick != NULL && *nick != '\0');

  cau_xmpp_client_run_on_chat (self, join_run, room_args_new (room, nick, password),
                               room_args_free);
}

static void
fetch_occupant_avatar_run (CauXmppChat *chat,
                           gpointer     data)
{
  RoomArgs *args = data;
  CauXmppAvatars *avatars = cau_xmpp_chat_get_avatars (chat);

  if (avatars != NULL)
    cau_xmpp_avatars_take_room (avatars, args->room, args->s1);
}

/**
 * cau_xmpp_client_fetch_occupant_avatar:
 * @self: the client
 * @occupant: an occupant's JID, room@service/nick, in one of our rooms
 * @hash: the avatar their presence named
 *
 * Fetches the occupant's avatar (their vCard's PHOTO, which the room asks their account for)
 * unless it is in the cache, and checks it against @hash; comes as ::avatar-changed for
 * @occupant. Asked when the window shows them: a room of a thousand is not fetched at once.
 */
void
cau_xmpp_client_fetch_occupant_avatar (CauXmppClient *self,
                                       const char    *occupant,
                                       const char    *hash)
{
  g_return_if_fail (CAU_IS_XMPP_CLIENT (self));
  g_return_if_fail (occupant != NULL && strchr (occupant, '/') != NULL && hash != NULL);

  cau_xmpp_client_run_on_chat (self, fetch_occupant_avatar_run,
                               room_args_new (occupant, hash, NULL), room_args_free);
}

/**
 * cau_xmpp_client_enter_existing_room:
 * @self: the client
 * @room: the room's bare JID
 * @nick: our nickname in it
 * @password: (nullable): the room's password
 *
 * Like cau_xmpp_client_join_room(), but a room that does not exist is not created by entering
 * it: ::room-join-failed says CAU_XMPP_JOIN_MISSING. Once in, it is entered again on every
 * new session as with cau_xmpp_client_join_room().
 */
void
cau_xmpp_client_enter_existing_room (CauXmppClient *self,
                                     const char    *room,
                                     const char    *nick,
                                     const char    *password)
{
  RoomArgs *args;

  g_return_if_fail (CAU_IS_XMPP_CLIENT (self));
  g_return_if_fail (room != NULL && nick != NULL && *nick != '\0');

  args = room_args_new (room, nick, password);
  args->n = 1;
  cau_xmpp_client_run_on_chat (self, join_run, args, room_args_free);
}

typedef struct {
  char                *room;
  char                *nick;
  CauXmppRoomCreation  creation;
} CreateArgs;

static void
create_args_free (gpointer data)
{
  CreateArgs *args = data;

  g_free (args->room);
  g_free (args->nick);
  g_free (args->creation.name);
  g_free (args->creation.description);
  g_free (args);
}

static void
create_run (CauXmppChat *chat,
            gpointer     data)
{
  CreateArgs *args = data;

  cau_xmpp_chat_create_room (chat, args->room, args->nick, &args->creation);
}

/**
 * cau_xmpp_client_create_room:
 * @self: the client
 * @room: the new room's bare JID
 * @nick: our nickname in it
 * @creation: its name, description, and whether it is a private group
 *
 * Like cau_xmpp_client_join_room(), but the room must not exist yet (else
 * ::room-join-failed with CAU_XMPP_JOIN_EXISTS), and it is configured as @creation says.
 */
void
cau_xmpp_client_create_room (CauXmppClient             *self,
                             const char                *room,
                             const char                *nick,
                             const CauXmppRoomCreation *creation)
{
  CreateArgs *args;

  g_return_if_fail (CAU_IS_XMPP_CLIENT (self));
  g_return_if_fail (room != NULL && nick != NULL && *nick != '\0' && creation != NULL);

  args = g_new0 (CreateArgs, 1);
  args->room = g_strdup (room);
  args->nick = g_strdup (nick);
  args->creation.name = g_strdup (creation->name);
  args->creation.description = g_strdup (creation->description);
  args->creation.private_group = creation->private_group;
  cau_xmpp_client_run_on_chat (self, create_run, args, create_args_free);
}

static void
invite_run (CauXmppChat *chat,
            gpointer     data)
{
  RoomArgs *args = data;

  cau_xmpp_chat_invite (chat, args->room, args->s1, args->s2);
}

/* Invites `invitee` (a bare JID) to `room` (XEP-0249); `reason` nullable. */
void
cau_xmpp_client_invite (CauXmppClient *self,
                        const char    *room,
                        const char    *invitee,
                        const char    *reason)
{
  g_return_if_fail (CAU_IS_XMPP_CLIENT (self));
  g_return_if_fail (room != NULL && invitee != NULL);

  cau_xmpp_client_run_on_chat (self, invite_run, room_args_new (room, invitee, reason),
                               room_args_free);
}

static void
decline_run (CauXmppChat *chat,
             gpointer     data)
{
  RoomArgs *args = data;

  cau_xmpp_chat_decline_invitation (chat, args->room, args->s1, args->s2);
}

/**
 * cau_xmpp_client_decline_invitation:
 * @self: the client
 * @room: the room's bare JID
 * @inviter: the bare JID of who invited us through @room
 * @reason: (nullable): why
 *
 * Tells @inviter, through @room, that we will not come (XEP-0045 §7.8.2): for invitations
 * that came through the room; a direct one (XEP-0249) has no answer. Dropped when offline.
 */
void
cau_xmpp_client_decline_invitation (CauXmppClient *self,
                                    const char    *room,
                                    const char    *inviter,
                                    const char    *reason)
{
  g_return_if_fail (CAU_IS_XMPP_CLIENT (self));
  g_return_if_fail (room != NULL && inviter != NULL);

  cau_xmpp_client_run_on_chat (self, decline_run, room_args_new (room, inviter, reason),
                               room_args_free);
}

static void
leave_run (CauXmppChat *chat,
           gpointer     data)
{
  cau_xmpp_chat_leave_room (chat, ((RoomArgs *) data)->room);
}

void
cau_xmpp_client_leave_room (CauXmppClient *self,
                            const char    *room)
{
  g_return_if_fail (CAU_IS_XMPP_CLIENT (self));
  g_return_if_fail (room != NULL);

  cau_xmpp_client_run_on_chat (self, leave_run, room_args_new (room, NULL, NULL),
                               room_args_free);
}

static void
subject_run (CauXmppChat *chat,
             gpointer     data)
{
  RoomArgs *args = data;

  cau_xmpp_chat_set_room_subject (chat, args->room, args->s1);
}

void
cau_xmpp_client_set_room_subject (CauXmppClient *self,
                                  const char    *room,
                                  const char    *subject)
{
  g_return_if_fail (CAU_IS_XMPP_CLIENT (self));
  g_return_if_fail (room != NULL);

  cau_xmpp_client_run_on_chat (self, subject_run, room_args_new (room, subject, NULL),
                               room_args_free);
}

static void
ping_interval_run (CauXmppChat *chat,
                   gpointer     data)
{
  cau_xmpp_chat_set_room_ping_interval (chat, (guint) ((RoomArgs *) data)->n);
}

/* How long a room may stay silent before we ask it whether we are still in (XEP-0410). */
void
cau_xmpp_client_set_room_ping_interval (CauXmppClient *self,
                                        guint          seconds)
{
  RoomArgs *args = room_args_new (NULL, NULL, NULL);

  g_return_if_fail (CAU_IS_XMPP_CLIENT (self));
  args->n = seconds;
  cau_xmpp_client_run_on_chat (self, ping_interval_run, args, room_args_free);
}

/* Bookmarks. */

static void
publish_bookmark_run (CauXmppChat *chat,
                      gpointer     data)
{
  cau_xmpp_chat_publish_bookmark (chat, data);
}

/**
 * cau_xmpp_client_publish_bookmark:
 * @self: the client
 * @bookmark: the bookmark of a room, added or changed (copied)
 *
 * Publishes @bookmark for all our clients; its `extensions` (when NULL, those the server had
 * for the room) go with it. The change comes back as ::bookmarks-changed.
 */
void
cau_xmpp_client_publish_bookmark (CauXmppClient         *self,
                                  const CauXmppBookmark *bookmark)
{
  g_return_if_fail (CAU_IS_XMPP_CLIENT (self));
  g_return_if_fail (bookmark != NULL && bookmark->room != NULL);

  cau_xmpp_client_run_on_chat (self, publish_bookmark_run, cau_xmpp_bookmark_copy (bookmark),
                               (GDestroyNotify) cau_xmpp_bookmark_free);
}

static void
retract_bookmark_run (CauXmppChat *chat,
                      gpointer     data)
{
  cau_xmpp_chat_retract_bookmark (chat, ((RoomArgs *) data)->room);
}

/* Removes the bookmark of `room` (bare JID) for all our clients. */
void
cau_xmpp_client_retract_bookmark (CauXmppClient *self,
                                  const char    *room)
{
  g_return_if_fail (CAU_IS_XMPP_CLIENT (self));
  g_return_if_fail (room != NULL);

  cau_xmpp_client_run_on_chat (self, retract_bookmark_run, room_args_new (room, NULL, NULL),
                               room_args_free);
}
