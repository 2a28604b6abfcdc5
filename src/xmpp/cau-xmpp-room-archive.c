/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-xmpp-rooms-private.h"
#include "cau-jid.h"
#include "cau-xmpp-utils.h"
#include "xeps/cau-xeps.h"
#include "xeps/cau-xep-0045-muc.h"
#include "xeps/cau-xep-messages.h"

/*
 * A room's messages on the engine thread (cau-xmpp-rooms-private.h): those of each wake-up
 * stored in one batch, the room's archive (XEP-0313) caught up when we enter and paged back
 * through on demand, and which messages are ours and whose keys read them.
 */

void
cau_xmpp_room_query_free (RoomQuery *query)
{
  g_free (query->query_id);
  g_free (query->iq_id);
  g_ptr_array_unref (query->results);
  g_free (query);
}

/* The room whose archive query has this iq id, or (iq_id NULL) this query id. */
static Room *
find_by_query (CauXmppRooms *self,
               const char   *iq_id,
               const char   *query_id)
{
  GHashTableIter iter;
  Room *room;

  g_hash_table_iter_init (&iter, self->rooms);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &room))
    if (room->query != NULL &&
        (iq_id != NULL ? g_strcmp0 (room->query->iq_id, iq_id)
                       : g_strcmp0 (room->query->query_id, query_id)) == 0)
      return room;
  return NULL;
}

/* Storing. */

void
cau_xmpp_room_store (CauXmppRooms *self,
       Room         *room,
       GPtrArray    *messages,
       const char   *cursor)
{
  if (self->archive != NULL && self->archive->store_room != NULL &&
      (messages->len > 0 || cursor != NULL))
    self->archive->store_room (self->archive_data, room->jid, messages, cursor);
}

void
cau_xmpp_room_flush_occupants (CauXmppRooms *self,
                 Room         *room)
{
  GPtrArray *batch;

  if (room->occupants->len == 0)
    return;
  batch = g_steal_pointer (&room->occupants);
  room->occupants = g_ptr_array_new_with_free_func ((GDestroyNotify) cau_xmpp_occupant_free);
  post (self, CAU_XMPP_EVENT_ROOM_OCCUPANTS, room->jid, NULL, 0, batch,
        (GDestroyNotify) g_ptr_array_unref);
}

static void
flush_room (CauXmppRooms *self,
            Room         *room)
{
  cau_xmpp_room_flush_occupants (self, room);
  if (room->inbound->len == 0)
    return;

  if (self->archive == NULL)
    {
      /* Tools and tests without storage see bodies as events, like one-to-one ones. */
      for (guint i = 0; i < room->inbound->len; i++)
        cau_xmpp_stream_post_body (self->stream, g_ptr_array_index (room->inbound, i));
      g_ptr_array_set_size (room->inbound, 0);
    }
  else if (room->query != NULL && room->query->kind != QUERY_HISTORY)
    {
      g_ptr_array_extend_and_steal (room->held, g_steal_pointer (&room->inbound));
      room->inbound = g_ptr_array_new_with_free_func ((GDestroyNotify) cau_xmpp_message_free);
    }
  else
    {
      /* Live messages move the room's cursor once its catch-up is done: the room sends them
       * in order, after everything its archive had when we entered. */
      cau_xmpp_room_store (self, room, room->inbound,
             room->archived && room->caught_up ? cau_xmpp_messages_newest_stanza_id (room->inbound) : NULL);
      g_ptr_array_set_size (room->inbound, 0);
    }
}

void
cau_xmpp_rooms_flush (CauXmppRooms *self)
{
  GHashTableIter iter;
  Room *room;

  g_hash_table_iter_init (&iter, self->rooms);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &room))
    flush_room (self, room);
}

/* Archive queries on the room (XEP-0313). */

static void start_query (CauXmppRooms *self, Room *room, QueryKind kind,
                         const char *after, const char *before);

static void
catchup_done (CauXmppRooms *self,
              Room         *room)
{
  room->caught_up = TRUE;
  cau_xmpp_room_store (self, room, room->held, cau_xmpp_messages_newest_stanza_id (room->held));
  g_ptr_array_set_size (room->held, 0);
  post (self, CAU_XMPP_EVENT_ROOM_CAUGHT_UP, room->jid, NULL, 0, NULL, NULL);
}

void
cau_xmpp_room_start_catchup (CauXmppRooms *self,
               Room         *room)
{
  g_autofree char *cursor = NULL;

  if (self->archive == NULL || !room->archived)
    {
      catchup_done (self, room);
      return;
    }
  if (self->archive->get_room_cursor != NULL)
    cursor = self->archive->get_room_cursor (self->archive_data, room->jid);
  if (cursor != NULL)
    start_query (self, room, QUERY_CATCHUP, cursor, NULL);
  else
    start_query (self, room, QUERY_LATEST, NULL, "");
}

static void
history_page_done (CauXmppRooms *self,
                   Room         *room,
                   RoomQuery    *query,
                   gboolean      complete)
{
  cau_xmpp_room_store (self, room, query->results, NULL);
  if (complete && self->archive != NULL)
    self->archive->history_complete (self->archive_data, room->jid);
  post (self, CAU_XMPP_EVENT_HISTORY_PAGE, room->jid, NULL,
        complete ? -1 : (int) query->results->len, NULL, NULL);
}

static int
query_cb (xmpp_conn_t   *conn,
          xmpp_stanza_t *iq,
          void          *userdata)
{
  CauXmppRooms *self = userdata;
  Room *room = find_by_query (self, xmpp_stanza_get_id (iq), NULL);
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;
  gboolean complete = FALSE;
  RoomQuery *query;

  if (room == NULL)
    return 0;
  query = g_steal_pointer (&room->query);

  if (g_strcmp0 (xmpp_stanza_get_type (iq), "result") != 0 ||
      !cau_xmpp_parse_mam_fin (iq, &complete, &first, &last))
    {
      g_autofree char *condition = cau_xmpp_stanza_error_condition (iq, NULL);

      g_debug ("Room archive query failed: %s", condition ? condition : "no <fin/>");
      if (query->kind == QUERY_CATCHUP && g_strcmp0 (condition, "item-not-found") == 0)
        {
          /* The room's archive no longer has our cursor: its newest page, the rest when
           * scrolled back to. */
          if (self->archive->reset_room_cursor != NULL)
            self->archive->reset_room_cursor (self->archive_data, room->jid);
          cau_xmpp_room_query_free (query);
          start_query (self, room, QUERY_LATEST, NULL, "");
          return 0;
        }
      complete = TRUE;
      g_clear_pointer (&last, g_free);
    }

  if (query->kind == QUERY_HISTORY)
    {
      history_page_done (self, room, query, complete);
    }
  else
    {
      cau_xmpp_room_store (self, room, query->results, last);
      if (query->kind == QUERY_CATCHUP && !complete && last != NULL)
        start_query (self, room, QUERY_CATCHUP, last, NULL);
      else
        catchup_done (self, room);
    }
  cau_xmpp_room_query_free (query);

  if (room->query == NULL && room->history_wanted)
    {
      room->history_wanted = FALSE;
      cau_xmpp_rooms_fetch_history (self, room->jid);
    }
  cau_xmpp_stream_after_io (self->stream);
  return 0;
}

static void
start_query (CauXmppRooms *self,
             Room         *room,
             QueryKind     kind,
             const char   *after,
             const char   *before)
{
  RoomQuery *query = g_new0 (RoomQuery, 1);
  guint max = kind == QUERY_CATCHUP ? CATCHUP_PAGE
            : kind == QUERY_LATEST ? LATEST_PAGE : HISTORY_PAGE;
  xmpp_stanza_t *iq;

  g_assert (room->query == NULL);
  query->kind = kind;
  query->query_id = cau_xmpp_new_id ();
  query->iq_id = cau_xmpp_new_id ();
  query->results = g_ptr_array_new_with_free_func ((GDestroyNotify) cau_xmpp_message_free);
  room->query = query;

  iq = cau_xmpp_build_mam_query (ctx (self), query->iq_id, query->query_id, NULL, after,
                                 before, max);
  xmpp_stanza_set_to (iq, room->jid);
  xmpp_id_handler_add (self->conn, query_cb, query->iq_id, self);
  send_stanza (self, iq);
}

gboolean
cau_xmpp_rooms_fetch_history (CauXmppRooms *self,
                              const char   *jid)
{
  Room *room = g_hash_table_lookup (self->rooms, jid);
  g_autofree char *oldest = NULL;

  if (room == NULL)
    return FALSE;
  if (self->conn == NULL || room->state != ROOM_JOINED || !room->archived)
    {
      /* Nothing more to page through for now: say so, so that nothing waits. */
      post (self, CAU_XMPP_EVENT_HISTORY_PAGE, room->jid, NULL, 0, NULL, NULL);
      return TRUE;
    }
  if (room->query != NULL)
    {
      room->history_wanted = TRUE;
      return TRUE;
    }
  if (self->archive != NULL)
    oldest = self->archive->get_oldest_id (self->archive_data, room->jid);
  start_query (self, room, QUERY_HISTORY, NULL, oldest ? oldest : "");
  return TRUE;
}

/* Messages. */

static void
decide_ours (Room           *room,
             CauXmppMessage *message)
{
  if (message->nick == NULL)
    message->outgoing = FALSE;
  else if (room->own_occupant_id != NULL && message->occupant_id != NULL)
    message->outgoing = g_str_equal (room->own_occupant_id, message->occupant_id);
  else
    message->outgoing = g_strcmp0 (room->nick, message->nick) == 0;
  message->sender_resource = g_strdup (message->nick);
}

/* The author's address, as the room showed it (by occupant id first: a nickname may have
 * changed hands since an archived message); for someone no longer in the room, as a room that
 * shows addresses to all recorded it in its archive. */
static const char *
real_sender (Room           *room,
             CauXmppMessage *message)
{
  const char *jid = NULL;

  if (message->occupant_id != NULL)
    jid = g_hash_table_lookup (room->real_by_id, message->occupant_id);
  if (jid == NULL && message->nick != NULL)
    jid = g_hash_table_lookup (room->real_jids, message->nick);
  if (jid == NULL && message->source == CAU_XMPP_SOURCE_ARCHIVE && room->non_anonymous)
    jid = message->real_jid;
  return jid;
}

static void
decrypt_message (CauXmppRooms   *self,
                 Room           *room,
                 CauXmppMessage *message)
{
  const char *sender;

  if (message->omemo == NULL)
    return;
  sender = real_sender (room, message);
  if (sender == NULL || self->decrypt == NULL)
    {
      /* Whose sessions to use is unknown: the author is not in the room, or the room hides
       * addresses. */
      g_clear_pointer (&message->omemo, cau_xmpp_omemo_encrypted_free);
      g_clear_pointer (&message->omemo_other, cau_xmpp_omemo_encrypted_free);
      message->encryption = CAU_XMPP_ENCRYPTION_OMEMO_LEGACY;
      message->crypto_error = CAU_XMPP_CRYPTO_NO_SESSION;
      return;
    }
  self->decrypt (self->decrypt_data, message, sender);
}

static gboolean
handle_archive_result (CauXmppRooms  *self,
                       xmpp_stanza_t *stanza,
                       const char    *query_id)
{
  const char *why = NULL;
  Room *room = find_by_query (self, NULL, query_id);
  CauXmppMessage *message;

  if (room == NULL)
    return FALSE;

  message = cau_xmpp_parse_mam_result (stanza, self->own_jid, room->jid, query_id, &why);
  if (message == NULL)
    {
      g_debug ("Room archive result dropped: %s", why);
      return TRUE;
    }
  if (!message->groupchat)
    {
      g_debug ("Room archive result dropped: not a room message");
      cau_xmpp_message_free (message);
      return TRUE;
    }
  decide_ours (room, message);
  decrypt_message (self, room, message);
  g_ptr_array_add (room->query->results, message);
  return TRUE;
}

gboolean
cau_xmpp_rooms_handle_message (CauXmppRooms  *self,
                               xmpp_stanza_t *stanza)
{
  const char *query_id = cau_xmpp_mam_result_query_id (stanza);
  const char *type = xmpp_stanza_get_type (stanza);
  const char *why = NULL;
  g_autofree char *bare = NULL;
  g_autofree char *nick = NULL;
  CauXmppMessage *message;
  Room *room;

  if (self->own_jid == NULL)
    return FALSE;
  if (query_id != NULL)
    return handle_archive_result (self, stanza, query_id);

  bare = cau_xmpp_jid_normalize_bare (xmpp_stanza_get_from (stanza), &nick);
  room = bare != NULL ? g_hash_table_lookup (self->rooms, bare) : NULL;

  /* Private messages with an occupant (§7.5) and errors about what we sent are the pipeline's
   * (cau_xmpp_rooms_private_peer() gives them their own conversation). */
  if (g_strcmp0 (type, "groupchat") != 0)
    return FALSE;

  if (room == NULL || (room->state != ROOM_JOINED && room->state != ROOM_JOINING))
    {
      g_debug ("Room message dropped: not from a room we are in");
      return TRUE;
    }
  message = cau_xmpp_parse_groupchat (stanza, g_get_real_time (), &why);
  if (message == NULL)
    {
      g_debug ("Room message dropped: %s", why ? why : "no reason");
      return TRUE;
    }
  room->heard_us = g_get_monotonic_time ();
  decide_ours (room, message);
  decrypt_message (self, room, message);
  g_ptr_array_add (room->inbound, message);
  return TRUE;
}

