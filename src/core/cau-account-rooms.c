/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-core-private.h"
#include "cau-room-private.h"
#include "cau-room-invitation-private.h"

#include <string.h>

/*
 * An account's rooms: one CauRoom per room, made when its conversation is first loaded (or
 * at start, for the rooms we want to be in, so that they are entered before the window asks),
 * and fed what the engine says about it.
 */

static void forget_invitations_to (CauAccount *self, const char *jid);

static CauRoom *
lookup (CauAccount *self,
        const char *jid)
{
  GHashTable *rooms = cau_account_get_rooms (self);

  return rooms != NULL && jid != NULL ? g_hash_table_lookup (rooms, jid) : NULL;
}

static char *
local_part (CauAccount *self)
{
  return g_strndup (cau_account_get_jid (self), strcspn (cau_account_get_jid (self), "@"));
}

CauRoom *
cau_account_ensure_room (CauAccount              *self,
                         const CauDbConversation *row)
{
  CauRoom *room = lookup (self, row->peer);
  g_autofree char *nick = NULL;

  if (room != NULL)
    return room;

  /* A room never entered from here (its messages came from elsewhere) gets our local part
   * as the nickname, should we enter it. */
  nick = row->room_nick != NULL ? g_strdup (row->room_nick) : local_part (self);
  room = cau_room_new (self, row->id, row->peer, nick, row->room_name, row->subject);
  g_hash_table_insert (cau_account_get_rooms (self), g_strdup (row->peer), room);
  if (row->room_joined)
    cau_room_enter_quietly (room, NULL, NULL);
  else
    cau_room_leave_quietly (room);
  return room;
}

static void
room_info_cb (CauAccount            *self,
              const char            *jid,
              const CauXmppRoomInfo *info)
{
  CauRoom *room = lookup (self, jid);
  g_autoptr(GError) error = NULL;

  if (room == NULL)
    return;
  cau_room_apply_info (room, info);
  if (info->name != NULL && *info->name != '\0' &&
      !cau_db_set_room_name (cau_account_get_db (self), cau_room_get_conversation_id (room),
                             info->name, &error))
    g_debug ("Room name not stored: %s", error->message);
}

/* A room's avatar comes as a contact's does (the account stores both); an occupant's
 * (room@service/nick) is the occupant's, for as long as they are in. */
static void
avatar_changed_cb (CauAccount *self,
                   const char *jid,
                   const char *hash,
                   gboolean    fetched)
{
  const char *slash = strchr (jid, '/');
  g_autofree char *bare = slash != NULL ? g_strndup (jid, slash - jid) : NULL;
  CauRoom *room = lookup (self, bare != NULL ? bare : jid);

  if (room != NULL && slash != NULL)
    cau_room_occupant_avatar (room, slash + 1, hash);
  else if (room != NULL)
    cau_room_set_avatar_hash (room, hash, fetched);
}

static void
room_occupants_cb (CauAccount *self,
                   const char *jid,
                   GPtrArray  *occupants)
{
  CauRoom *room = lookup (self, jid);

  if (room != NULL)
    cau_room_apply_occupants (room, occupants);
}

static void
room_joined_cb (CauAccount *self,
                const char *jid,
                const char *nick,
                int         status)
{
  CauRoom *room = lookup (self, jid);
  g_autoptr(GError) error = NULL;

  if (room == NULL)
    return;
  /* The room may have changed our nickname (§7.2.9): keep the one it gave. */
  if (g_strcmp0 (nick, cau_room_get_nick (room)) != 0 &&
      !cau_db_set_room_nick (cau_account_get_db (self), cau_room_get_conversation_id (room),
                             nick, &error))
    g_debug ("Room nickname not stored: %s", error->message);
  cau_room_entered (room, nick);
  forget_invitations_to (self, jid);
}

static void
room_join_failed_cb (CauAccount *self,
                     const char *jid,
                     int         reason,
                     const char *condition)
{
  CauRoom *room = lookup (self, jid);

  g_debug ("Room %s refused us: %s", jid, condition ? condition : "no condition");
  if (room != NULL)
    cau_room_refused (room, (CauXmppJoinError) reason);
}

static void
room_left_cb (CauAccount *self,
              const char *jid,
              int         status,
              const char *reason)
{
  CauRoom *room = lookup (self, jid);

  if (room != NULL)
    cau_room_put_out (room, (guint) status, reason);
}

/* Invitations (XEP-0249, XEP-0045 §7.8.2), waiting for the person to answer. */

/* More than this many unanswered: the oldest go. Anyone may invite us. */
#define MAX_INVITATIONS 50

static gboolean
find_invitation (GListModel *invitations,
                 const char *room,
                 guint      *position)
{
  for (guint i = 0; i < g_list_model_get_n_items (invitations); i++)
    {
      g_autoptr(CauRoomInvitation) invitation = g_list_model_get_item (invitations, i);

      if (g_strcmp0 (cau_room_invitation_get_room (invitation), room) == 0)
        {
          *position = i;
          return TRUE;
        }
    }
  return FALSE;
}

void
cau_account_forget_invitation (CauAccount        *self,
                               CauRoomInvitation *invitation)
{
  GListStore *invitations = G_LIST_STORE (cau_account_get_room_invitations (self));
  guint position;

  if (g_list_store_find (invitations, invitation, &position))
    g_list_store_remove (invitations, position);
}

/* Entered by other means: its invitations are moot. */
static void
forget_invitations_to (CauAccount *self,
                       const char *jid)
{
  GListModel *invitations = cau_account_get_room_invitations (self);
  guint position;

  while (find_invitation (invitations, jid, &position))
    g_list_store_remove (G_LIST_STORE (invitations), position);
}

static void
room_invitation_cb (CauAccount              *self,
                    const CauXmppInvitation *received)
{
  GListStore *invitations = G_LIST_STORE (cau_account_get_room_invitations (self));
  CauRoom *room = lookup (self, received->room);
  g_autoptr(CauRoomInvitation) invitation = NULL;

  if (received->declined)
    {
      /* Ours, declined: said once, nothing to keep. */
      cau_account_emit_invitation_declined (self, received->room, received->inviter,
                                            received->reason);
      return;
    }
  if (room != NULL && (cau_room_get_state (room) == CAU_ROOM_JOINED ||
                       cau_room_get_state (room) == CAU_ROOM_JOINING))
    {
      g_debug ("Invitation to a room we are in ignored");
      return;
    }
  forget_invitations_to (self, received->room);
  while (g_list_model_get_n_items (G_LIST_MODEL (invitations)) >= MAX_INVITATIONS)
    g_list_store_remove (invitations, 0);
  invitation = cau_room_invitation_new (self, received);
  g_list_store_append (invitations, invitation);
}

/* Bookmarks (XEP-0402): the rooms we are in, shared with our other devices. */

void
cau_account_publish_bookmark (CauAccount *self,
                              CauRoom    *room,
                              gboolean    autojoin)
{
  g_autoptr(CauXmppBookmark) bookmark = cau_xmpp_bookmark_new (cau_room_get_jid (room));

  bookmark->name = g_strdup (cau_room_get_name (room));
  bookmark->nick = g_strdup (cau_room_get_nick (room));
  bookmark->password = g_strdup (cau_room_get_password (room));
  bookmark->autojoin = autojoin;
  cau_xmpp_client_publish_bookmark (cau_account_get_client (self), bookmark);
}

/* Another device of ours is in the room (or was when it last said): so are we. */
static void
enter_bookmarked (CauAccount            *self,
                  const CauXmppBookmark *bookmark)
{
  CauDb *db = cau_account_get_db (self);
  g_autoptr(GError) error = NULL;
  g_autoptr(CauDbConversation) row = NULL;
  g_autofree char *nick = bookmark->nick != NULL ? g_strdup (bookmark->nick) : local_part (self);
  CauRoom *room = lookup (self, bookmark->room);
  gint64 id;

  if (room != NULL && cau_room_get_state (room) != CAU_ROOM_LEFT)
    return;
  id = cau_db_ensure_room (db, cau_account_get_id (self), bookmark->room, nick, &error);
  if (id <= 0 || !cau_db_set_room_joined (db, id, TRUE, &error) ||
      !cau_db_set_conversation_archived (db, id, FALSE, &error) ||
      (bookmark->name != NULL && !cau_db_set_room_name (db, id, bookmark->name, &error)) ||
      (row = cau_db_get_conversation (db, id, &error)) == NULL)
    {
      g_warning ("Bookmarked room %s not entered: %s", bookmark->room, error->message);
      return;
    }
  if (room == NULL)
    room = cau_account_ensure_room (self, row);
  cau_room_enter_quietly (room, nick, bookmark->password);
  cau_account_announce_conversation (self, id);
}

static gboolean
in_list (GPtrArray  *bookmarks,
         const char *jid)
{
  for (guint i = 0; i < bookmarks->len; i++)
    {
      const CauXmppBookmark *bookmark = g_ptr_array_index (bookmarks, i);

      if (g_strcmp0 (bookmark->room, jid) == 0)
        return TRUE;
    }
  return FALSE;
}

/* The whole list (`full`, at each new session) or what changed. What a bookmark says wins
 * over what we knew, except that a room we are in and that has no bookmark yet (entered
 * while the list was unreachable) gets one. */
static void
bookmarks_changed_cb (CauAccount *self,
                      GPtrArray  *bookmarks,
                      gboolean    full)
{
  GHashTableIter iter;
  gpointer room;

  for (guint i = 0; i < bookmarks->len; i++)
    {
      const CauXmppBookmark *bookmark = g_ptr_array_index (bookmarks, i);
      CauRoom *known = lookup (self, bookmark->room);

      if (!bookmark->retracted && bookmark->autojoin)
        enter_bookmarked (self, bookmark);
      else if (known != NULL)
        cau_room_leave_remotely (known);
    }
  if (!full)
    return;
  g_hash_table_iter_init (&iter, cau_account_get_rooms (self));
  while (g_hash_table_iter_next (&iter, NULL, &room))
    if (cau_room_get_state (room) != CAU_ROOM_LEFT &&
        !in_list (bookmarks, cau_room_get_jid (room)))
      cau_account_publish_bookmark (self, room, TRUE);
}

static void
state_cb (CauAccount *self)
{
  GHashTableIter iter;
  gpointer room;
  gboolean online = cau_account_get_state (self) == CAU_ACCOUNT_STATE_ONLINE;

  g_hash_table_iter_init (&iter, cau_account_get_rooms (self));
  while (g_hash_table_iter_next (&iter, NULL, &room))
    cau_room_account_online (room, online);
}

void
cau_account_rooms_attach (CauAccount *self)
{
  CauXmppClient *client = cau_account_get_client (self);
  g_autoptr(GPtrArray) joined = NULL;
  g_autoptr(GError) error = NULL;

  g_signal_connect_swapped (client, "room-info", G_CALLBACK (room_info_cb), self);
  g_signal_connect_swapped (client, "avatar-changed", G_CALLBACK (avatar_changed_cb), self);
  g_signal_connect_swapped (client, "room-occupants", G_CALLBACK (room_occupants_cb), self);
  g_signal_connect_swapped (client, "room-joined", G_CALLBACK (room_joined_cb), self);
  g_signal_connect_swapped (client, "room-join-failed", G_CALLBACK (room_join_failed_cb), self);
  g_signal_connect_swapped (client, "room-left", G_CALLBACK (room_left_cb), self);
  g_signal_connect_swapped (client, "bookmarks-changed", G_CALLBACK (bookmarks_changed_cb), self);
  g_signal_connect_swapped (client, "room-invitation", G_CALLBACK (room_invitation_cb), self);
  g_signal_connect (self, "notify::state", G_CALLBACK (state_cb), NULL);

  joined = cau_db_list_joined_rooms (cau_account_get_db (self), cau_account_get_id (self),
                                     &error);
  if (joined == NULL)
    g_warning ("Rooms not entered: %s", error->message);
  for (guint i = 0; joined != NULL && i < joined->len; i++)
    cau_account_ensure_room (self, g_ptr_array_index (joined, i));
}
