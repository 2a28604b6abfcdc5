/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-core-private.h"
#include "cau-room-private.h"

/*
 * An account's rooms: one CauRoom per room, made when its conversation is first loaded (or
 * at start, for the rooms we want to be in, so that they are entered before the window asks),
 * and fed what the engine says about it.
 */

static CauRoom *
lookup (CauAccount *self,
        const char *jid)
{
  GHashTable *rooms = cau_account_get_rooms (self);

  return rooms != NULL && jid != NULL ? g_hash_table_lookup (rooms, jid) : NULL;
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
  nick = row->room_nick != NULL ? g_strdup (row->room_nick)
                                : g_strndup (cau_account_get_jid (self),
                                             strcspn (cau_account_get_jid (self), "@"));
  room = cau_room_new (self, row->id, row->peer, nick, row->room_name, row->subject);
  g_hash_table_insert (cau_account_get_rooms (self), g_strdup (row->peer), room);
  if (row->room_joined)
    cau_room_join (room, NULL, NULL);
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
  g_signal_connect_swapped (client, "room-occupants", G_CALLBACK (room_occupants_cb), self);
  g_signal_connect_swapped (client, "room-joined", G_CALLBACK (room_joined_cb), self);
  g_signal_connect_swapped (client, "room-join-failed", G_CALLBACK (room_join_failed_cb), self);
  g_signal_connect_swapped (client, "room-left", G_CALLBACK (room_left_cb), self);
  g_signal_connect (self, "notify::state", G_CALLBACK (state_cb), NULL);

  joined = cau_db_list_joined_rooms (cau_account_get_db (self), cau_account_get_id (self),
                                     &error);
  if (joined == NULL)
    g_warning ("Rooms not entered: %s", error->message);
  for (guint i = 0; joined != NULL && i < joined->len; i++)
    cau_account_ensure_room (self, g_ptr_array_index (joined, i));
}
