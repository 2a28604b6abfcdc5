/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-xmpp-rooms-private.h"
#include "cau-xmpp-room-avatars.h"
#include "cau-jid.h"
#include "cau-xmpp-utils.h"
#include "xeps/cau-xeps.h"
#include "xeps/cau-xep-0004-forms.h"
#include "xeps/cau-xep-0045-muc.h"
#include "xeps/cau-xep-messages.h"

/*
 * A room's life on the engine thread:
 *
 *   WANTED ──online──▶ ASKING (disco#info) ──▶ JOINING (presence) ──self-presence──▶ JOINED
 *                                                  │                                 │
 *                                           error presence                 dropped (self-ping,
 *                                                  ▼                        service shut down)
 *                                                FAILED                              │
 *                                                                      JOINING again ◀┘
 *
 * Asking first tells whether the room keeps an archive: then we enter with maxstanzas=0 and
 * catch up from the room's archive, forward from the newest id we hold (or its newest page
 * the first time), so that entering again after a reconnect brings nothing twice. A room
 * without an archive sends its own recent history, which the store deduplicates.
 *
 * Which messages are ours: those under our nickname, or, where the room stamps occupant ids
 * (XEP-0421), those with our occupant id. Nothing in a message's content decides it.
 */

static void send_join (CauXmppRooms *self, Room *room);

static void
room_free (Room *room)
{
  cau_clear_source (&room->rejoin);
  g_free (room->jid);
  g_free (room->nick);
  g_free (room->password);
  g_free (room->own_occupant_id);
  g_free (room->info_id);
  g_free (room->ping_id);
  g_clear_pointer (&room->query, cau_xmpp_room_query_free);
  cau_xmpp_room_creation_free (room->creation);
  g_hash_table_unref (room->real_jids);
  g_hash_table_unref (room->real_by_id);
  g_hash_table_unref (room->members);
  g_ptr_array_unref (room->inbound);
  g_ptr_array_unref (room->held);
  g_ptr_array_unref (room->occupants);
  g_free (room);
}

static Room *
room_new (const char *jid)
{
  Room *room = g_new0 (Room, 1);

  room->jid = g_strdup (jid);
  room->inbound = g_ptr_array_new_with_free_func ((GDestroyNotify) cau_xmpp_message_free);
  room->held = g_ptr_array_new_with_free_func ((GDestroyNotify) cau_xmpp_message_free);
  room->occupants = g_ptr_array_new_with_free_func ((GDestroyNotify) cau_xmpp_occupant_free);
  room->real_jids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  room->real_by_id = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  room->members = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return room;
}

static Room *
find_by_id (CauXmppRooms *self,
            const char   *id,
            gsize         offset)
{
  GHashTableIter iter;
  Room *room;

  if (id == NULL)
    return NULL;
  g_hash_table_iter_init (&iter, self->rooms);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &room))
    {
      const char *room_id = G_STRUCT_MEMBER (char *, room, offset);

      if (g_strcmp0 (room_id, id) == 0)
        return room;
    }
  return NULL;
}

/* A room named in a callback that may come after the room is gone: looked up again then. */
typedef struct {
  CauXmppRooms *self;
  char         *room;
} RoomRef;

static RoomRef *
room_ref_new (CauXmppRooms *self,
              const char   *jid)
{
  RoomRef *ref = g_new0 (RoomRef, 1);

  ref->self = self;
  ref->room = g_strdup (jid);
  return ref;
}

static void
room_ref_free (gpointer data)
{
  RoomRef *ref = data;

  g_free (ref->room);
  g_free (ref);
}

/* The room, or NULL when it was left meanwhile. */
static Room *
room_ref_lookup (RoomRef *ref)
{
  return g_hash_table_lookup (ref->self->rooms, ref->room);
}

/* Presence. */

static void ask_then_join (CauXmppRooms *self, Room *room);

static gboolean
rejoin_cb (gpointer data)
{
  RoomRef *rejoin = data;
  Room *room = room_ref_lookup (rejoin);

  if (room == NULL)
    return G_SOURCE_REMOVE;
  g_clear_pointer (&room->rejoin, g_source_unref);
  if (rejoin->self->conn != NULL && room->state == ROOM_WANTED)
    {
      ask_then_join (rejoin->self, room);
      cau_xmpp_stream_after_io (rejoin->self->stream);
    }
  return G_SOURCE_REMOVE;
}

/* Enters again in `seconds` (a new session enters at once anyway). */
static void
schedule_rejoin (CauXmppRooms *self,
                 Room         *room,
                 guint         seconds)
{
  room->state = ROOM_WANTED;
  cau_clear_source (&room->rejoin);
  room->rejoin = g_timeout_source_new_seconds (seconds);
  g_source_set_callback (room->rejoin, rejoin_cb, room_ref_new (self, room->jid), room_ref_free);
  g_source_attach (room->rejoin,
                   cau_xmpp_engine_get_context (cau_xmpp_stream_get_engine (self->stream)));
}

/* Requests. */

static int
request_cb (xmpp_conn_t   *conn,
            xmpp_stanza_t *answer,
            void          *userdata)
{
  CauXmppRooms *self = userdata;
  Pending pending;
  Pending *found = g_hash_table_lookup (self->pending, xmpp_stanza_get_id (answer));

  if (found == NULL)
    return 0;
  pending = *found;
  g_hash_table_remove (self->pending, xmpp_stanza_get_id (answer));
  pending.replied (answer, pending.data);
  cau_xmpp_stream_after_io (self->stream);
  return 0;
}

void
cau_xmpp_rooms_request (CauXmppRooms       *self,
                        xmpp_stanza_t      *iq,
                        CauXmppRoomReplied  replied,
                        gpointer            data)
{
  Pending *pending;

  if (self->conn == NULL)
    {
      xmpp_stanza_release (iq);
      replied (NULL, data);
      return;
    }
  pending = g_new (Pending, 1);
  pending->replied = replied;
  pending->data = data;
  g_hash_table_insert (self->pending, g_strdup (xmpp_stanza_get_id (iq)), pending);
  xmpp_id_handler_add (self->conn, request_cb, xmpp_stanza_get_id (iq), self);
  send_stanza (self, iq);
}

xmpp_ctx_t *
cau_xmpp_rooms_get_context (CauXmppRooms *self)
{
  return self->conn != NULL ? ctx (self) : NULL;
}

static void
fail_pending (CauXmppRooms *self)
{
  g_autoptr(GHashTable) pending = g_steal_pointer (&self->pending);
  GHashTableIter iter;
  Pending *request;

  self->pending = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_hash_table_iter_init (&iter, pending);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &request))
    request->replied (NULL, request->data);
}

/* Creating. */

/* What creating a room sets; only these are sent (cau_xmpp_data_form_keep_only()). */
static GVariant *
creation_values (const CauXmppRoomCreation *creation)
{
  GVariantBuilder values;

  g_variant_builder_init (&values, G_VARIANT_TYPE ("a{ss}"));
  if (creation->name != NULL && *creation->name != '\0')
    g_variant_builder_add (&values, "{ss}", "muc#roomconfig_roomname", creation->name);
  if (creation->description != NULL && *creation->description != '\0')
    g_variant_builder_add (&values, "{ss}", "muc#roomconfig_roomdesc", creation->description);
  g_variant_builder_add (&values, "{ss}", "muc#roomconfig_persistentroom", "1");
  g_variant_builder_add (&values, "{ss}", "muc#roomconfig_publicroom",
                         creation->private_group ? "0" : "1");
  g_variant_builder_add (&values, "{ss}", "muc#roomconfig_membersonly",
                         creation->private_group ? "1" : "0");
  g_variant_builder_add (&values, "{ss}", "muc#roomconfig_whois",
                         creation->private_group ? "anyone" : "moderators");
  g_variant_builder_add (&values, "{ss}", "muc#roomconfig_enablearchiving", "1");
  g_variant_builder_add (&values, "{ss}", "muc#roomconfig_enablelogging", "1");
  return g_variant_ref_sink (g_variant_builder_end (&values));
}

static void configured_cb (xmpp_stanza_t *answer, gpointer data);

static void
config_form_cb (xmpp_stanza_t *answer,
                gpointer       data)
{
  RoomRef *configuring = data;
  CauXmppRooms *self = configuring->self;
  Room *room = room_ref_lookup (configuring);
  g_autoptr(GVariant) form = NULL;
  g_autoptr(GVariant) values = NULL;
  g_autoptr(GVariant) kept = NULL;
  g_autofree char *id = cau_xmpp_new_id ();
  const char *why = NULL;

  if (answer != NULL && room != NULL && room->creation != NULL)
    form = cau_xmpp_parse_muc_config (answer, room->jid, &why);
  if (form == NULL)
    {
      g_debug ("New room %s: no configuration form (%s): an instant room", configuring->room,
               why ? why : "no answer");
      if (self->conn != NULL)
        send_stanza (self, cau_xmpp_build_muc_configure (ctx (self), id, configuring->room, TRUE,
                                                         NULL, NULL));
      configured_cb (NULL, configuring);
      return;
    }
  g_variant_ref_sink (form);
  values = creation_values (room->creation);
  kept = g_variant_ref_sink (cau_xmpp_data_form_keep_only (form, values));
  cau_xmpp_rooms_request (self, cau_xmpp_build_muc_configure (ctx (self), id, room->jid, TRUE,
                                                              kept, values),
                          configured_cb, configuring);
}

/* What the room says of itself now (after it was configured). */
static void
info_refreshed_cb (xmpp_stanza_t *answer,
                   gpointer       data)
{
  RoomRef *asking = data;
  Room *room = room_ref_lookup (asking);
  CauXmppRoomInfo *info = NULL;
  const char *why = NULL;

  if (answer != NULL && room != NULL && g_strcmp0 (xmpp_stanza_get_type (answer), "result") == 0)
    info = cau_xmpp_parse_room_info (answer, room->jid, &why);
  if (info != NULL)
    {
      room->archived = info->archived;
      room->private_room = info->members_only && info->non_anonymous;
      room->non_anonymous = info->non_anonymous;
      cau_xmpp_room_avatars_take_info (asking->self->avatars, room->jid, info);
      post (asking->self, CAU_XMPP_EVENT_ROOM_INFO, room->jid, NULL, 0, info,
            (GDestroyNotify) cau_xmpp_room_info_free);
    }
  room_ref_free (asking);
}

static void
refresh_info (CauXmppRooms *self,
              const char   *jid)
{
  g_autofree char *id = cau_xmpp_new_id ();

  cau_xmpp_rooms_request (self, cau_xmpp_build_disco_info_get (ctx (self), id, jid),
                          info_refreshed_cb, room_ref_new (self, jid));
}

static void
configured_cb (xmpp_stanza_t *answer,
               gpointer       data)
{
  RoomRef *configuring = data;
  Room *room = room_ref_lookup (configuring);

  if (answer != NULL && g_strcmp0 (xmpp_stanza_get_type (answer), "result") != 0)
    g_message ("New room %s not configured as asked", configuring->room);
  if (room != NULL)
    g_clear_pointer (&room->creation, cau_xmpp_room_creation_free);
  if (configuring->self->conn != NULL)
    refresh_info (configuring->self, configuring->room);
  room_ref_free (configuring);
}

/* A new room stays locked to others until configured (§10.1): with what we were asked to
 * create, else the service's defaults (an instant room). */
static void
configure_new_room (CauXmppRooms *self,
                    Room         *room)
{
  g_autofree char *id = cau_xmpp_new_id ();

  if (room->creation == NULL)
    {
      /* What the new room offers (its archive, moderation) is known once it is configured. */
      cau_xmpp_rooms_request (self, cau_xmpp_build_muc_configure (ctx (self), id, room->jid,
                                                                  TRUE, NULL, NULL),
                              configured_cb, room_ref_new (self, room->jid));
      return;
    }
  cau_xmpp_rooms_request (self, cau_xmpp_build_muc_configure (ctx (self), id, room->jid, FALSE,
                                                              NULL, NULL),
                          config_form_cb, room_ref_new (self, room->jid));
}

/* Members (XEP-0045 §9.5, §10.5): who must be able to read what we encrypt, present or not.
 * A room may refuse the lists to mere members: the occupants' addresses remain. */

static void
members_listed_cb (xmpp_stanza_t *answer,
                   gpointer       data)
{
  RoomRef *listing = data;
  Room *room = room_ref_lookup (listing);
  g_autoptr(GHashTable) listed = NULL;
  const char *why = NULL;
  GHashTableIter iter;
  gpointer jid;

  if (answer != NULL && room != NULL && g_strcmp0 (xmpp_stanza_get_type (answer), "result") == 0)
    listed = cau_xmpp_parse_muc_affiliations (answer, room->jid, &why);
  if (listed != NULL)
    {
      g_hash_table_iter_init (&iter, listed);
      while (g_hash_table_iter_next (&iter, &jid, NULL))
        g_hash_table_add (room->members, g_strdup (jid));
    }
  else if (room != NULL)
    g_debug ("Members of %s not listed: %s", room->jid, why ? why : "refused");
  room_ref_free (listing);
}

static void
list_members (CauXmppRooms *self,
              Room         *room)
{
  static const CauXmppAffiliation lists[] = {
    CAU_XMPP_AFFILIATION_MEMBER, CAU_XMPP_AFFILIATION_ADMIN, CAU_XMPP_AFFILIATION_OWNER,
  };

  g_hash_table_remove_all (room->members);
  for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
    {
      g_autofree char *id = cau_xmpp_new_id ();

      cau_xmpp_rooms_request (self, cau_xmpp_build_muc_affiliation_list (ctx (self), id,
                                                                         room->jid, lists[i]),
                              members_listed_cb, room_ref_new (self, room->jid));
    }
}

char *
cau_xmpp_rooms_private_peer (CauXmppRooms         *self,
                             const CauXmppMessage *message)
{
  const char *nick = message->outgoing ? message->to_resource : message->sender_resource;

  if (message->groupchat || nick == NULL || *nick == '\0' ||
      !g_hash_table_contains (self->rooms, message->peer))
    return NULL;
  return g_strconcat (message->peer, "/", nick, NULL);
}

gboolean
cau_xmpp_rooms_is_private (CauXmppRooms *self,
                           const char   *jid)
{
  Room *room = jid != NULL ? g_hash_table_lookup (self->rooms, jid) : NULL;

  return room != NULL && room->private_room;
}

char **
cau_xmpp_rooms_dup_recipients (CauXmppRooms *self,
                               const char   *jid)
{
  Room *room = g_hash_table_lookup (self->rooms, jid);
  g_autoptr(GHashTable) all = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) recipients = g_ptr_array_new ();
  g_autofree char *own_bare = self->own_jid ? cau_jid_bare (self->own_jid) : NULL;
  GHashTableIter iter;
  gpointer value;

  if (room == NULL)
    return g_new0 (char *, 1);
  g_hash_table_iter_init (&iter, room->members);
  while (g_hash_table_iter_next (&iter, &value, NULL))
    g_hash_table_add (all, value);
  g_hash_table_iter_init (&iter, room->real_jids);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_hash_table_add (all, value);
  g_hash_table_iter_init (&iter, all);
  while (g_hash_table_iter_next (&iter, &value, NULL))
    if (g_strcmp0 (value, own_bare) != 0)
      g_ptr_array_add (recipients, g_strdup (value));
  g_ptr_array_add (recipients, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&recipients), FALSE);
}

void
cau_xmpp_rooms_set_avatars (CauXmppRooms   *self,
                            CauXmppAvatars *avatars)
{
  self->avatars = avatars;
}

void
cau_xmpp_rooms_set_decrypt (CauXmppRooms           *self,
                            CauXmppRoomDecryptFunc  decrypt,
                            gpointer                data)
{
  self->decrypt = decrypt;
  self->decrypt_data = data;
}

/* Our own presence in the room, `occupant` taken into the room's batch (our list shows us with
 * our role) before anything is posted. */
static void
handle_own_presence (CauXmppRooms    *self,
                     Room            *room,
                     CauXmppOccupant *occupant)
{
  guint status = occupant->status;
  g_autofree char *reason = g_strdup (occupant->reason);

  if (occupant->available)
    {
      gboolean entered = room->state != ROOM_JOINED;

      g_free (room->nick);
      room->nick = g_strdup (occupant->nick);
      g_free (room->own_occupant_id);
      room->own_occupant_id = g_strdup (occupant->occupant_id);
      g_ptr_array_add (room->occupants, occupant);
      if (!entered)
        return;
      room->state = ROOM_JOINED;
      room->retried_locked = FALSE;
      /* In once: entered again after a reconnection even if it went meanwhile, as before. */
      room->must_exist = FALSE;
      if (status & CAU_XMPP_OCCUPANT_ROOM_CREATED)
        configure_new_room (self, room);
      /* The occupants came before us (§7.2.3): the list is whole now. */
      cau_xmpp_room_flush_occupants (self, room);
      post (self, CAU_XMPP_EVENT_ROOM_JOINED, room->jid, room->nick, (int) status, NULL, NULL);
      room->caught_up = FALSE;
      cau_xmpp_room_start_catchup (self, room);
      if (room->private_room)
        list_members (self, room);
      if (self->joined != NULL)
        self->joined (self->joined_data, room->jid);
      return;
    }

  if (status & CAU_XMPP_OCCUPANT_NICK_CHANGED)
    {
      /* Our new nickname's presence follows. */
      g_free (room->nick);
      room->nick = g_strdup (occupant->new_nick);
      g_ptr_array_add (room->occupants, occupant);
      return;
    }

  if (room->leaves_unanswered > 0 && room->state != ROOM_LEAVING)
    {
      /* The answer to a leave that entering again overtook (§7.14): not about the entry
       * under way. */
      room->leaves_unanswered--;
      cau_xmpp_occupant_free (occupant);
      return;
    }
  if (room->leaves_unanswered > 0)
    room->leaves_unanswered--;
  g_ptr_array_add (room->occupants, occupant);
  cau_xmpp_room_flush_occupants (self, room);
  post (self, CAU_XMPP_EVENT_ROOM_LEFT, room->jid, reason, (int) status, NULL, NULL);
  if (room->state == ROOM_LEAVING)
    {
      g_hash_table_remove (self->rooms, room->jid);
    }
  else if (status & (CAU_XMPP_OCCUPANT_SHUTDOWN | CAU_XMPP_OCCUPANT_DISCONNECTED))
    {
      schedule_rejoin (self, room, REJOIN_DELAY_S);
    }
  else
    {
      /* Kicked, banned, or no longer a member: entering again is the user's choice. */
      room->state = ROOM_FAILED;
    }
}

/* Who is behind a nickname, where the room shows it: for OMEMO, whose keys. */
static void
remember_address (Room                  *room,
                  const CauXmppOccupant *occupant)
{
  g_autofree char *bare = occupant->real_jid ? cau_jid_bare (occupant->real_jid) : NULL;

  if (!occupant->available || bare == NULL)
    {
      g_hash_table_remove (room->real_jids, occupant->nick);
      return;
    }
  g_hash_table_insert (room->real_jids, g_strdup (occupant->nick), g_strdup (bare));
  if (occupant->occupant_id != NULL)
    g_hash_table_insert (room->real_by_id, g_strdup (occupant->occupant_id), g_strdup (bare));
}

gboolean
cau_xmpp_rooms_handle_presence (CauXmppRooms  *self,
                                xmpp_stanza_t *presence)
{
  g_autoptr(CauXmppOccupant) occupant = NULL;
  CauXmppJoinError join_error = CAU_XMPP_JOIN_OK;
  g_autofree char *bare = cau_jid_bare (xmpp_stanza_get_from (presence));
  const char *why = NULL;
  Room *room = bare != NULL ? g_hash_table_lookup (self->rooms, bare) : NULL;

  if (room == NULL)
    return FALSE;
  /* The room's own presence (its avatar) is neither an occupant's nor a contact's. */
  if (strchr (xmpp_stanza_get_from (presence), '/') == NULL &&
      g_strcmp0 (xmpp_stanza_get_type (presence), "error") != 0)
    return cau_xmpp_room_avatars_handle_presence (self->avatars, room->jid, presence);
  if (!cau_xmpp_parse_muc_presence (presence, &occupant, &join_error, &why))
    {
      if (why != NULL)
        g_debug ("Room presence dropped: %s", why);
      return xmpp_stanza_get_from (presence) != NULL &&
             strchr (xmpp_stanza_get_from (presence), '/') != NULL;
    }
  room->heard_us = g_get_monotonic_time ();

  if (occupant == NULL)
    {
      g_autofree char *text = cau_xmpp_stanza_error_condition (presence, NULL);

      if (room->state != ROOM_JOINING && room->state != ROOM_ASKING)
        return TRUE;
      if (join_error == CAU_XMPP_JOIN_NOT_FOUND && !room->retried_locked)
        {
          /* A room just created stays locked, as if it did not exist, until its creator has
           * configured it (§10.1.1): a bookmark of another device of ours can bring us there
           * first. Once more, a little later. */
          room->retried_locked = TRUE;
          schedule_rejoin (self, room, LOCKED_RETRY_S);
          return TRUE;
        }
      room->state = ROOM_FAILED;
      g_ptr_array_set_size (room->occupants, 0);
      post (self, CAU_XMPP_EVENT_ROOM_JOIN_FAILED, room->jid, text, (int) join_error,
            NULL, NULL);
      return TRUE;
    }

  if (room->state == ROOM_FAILED || room->state == ROOM_WANTED)
    return TRUE;
  remember_address (room, occupant);
  if (occupant->status & CAU_XMPP_OCCUPANT_SELF)
    handle_own_presence (self, room, g_steal_pointer (&occupant));
  else
    g_ptr_array_add (room->occupants, g_steal_pointer (&occupant));
  return TRUE;
}

/* Entering. */

static void
send_join (CauXmppRooms *self,
           Room         *room)
{
  int history = self->archive != NULL && room->archived ? 0 : HISTORY_WITHOUT_ARCHIVE;

  room->state = ROOM_JOINING;
  cau_clear_source (&room->rejoin);
  room->heard_us = g_get_monotonic_time ();
  g_ptr_array_set_size (room->occupants, 0);
  send_stanza (self, cau_xmpp_build_muc_join (ctx (self), room->jid, room->nick,
                                              room->password, history));
}

static int
info_cb (xmpp_conn_t   *conn,
         xmpp_stanza_t *iq,
         void          *userdata)
{
  CauXmppRooms *self = userdata;
  Room *room = find_by_id (self, xmpp_stanza_get_id (iq), G_STRUCT_OFFSET (Room, info_id));
  g_autoptr(CauXmppRoomInfo) info = NULL;
  const char *why = NULL;

  if (room == NULL || room->state != ROOM_ASKING)
    return 0;
  g_clear_pointer (&room->info_id, g_free);

  if (g_strcmp0 (xmpp_stanza_get_type (iq), "result") == 0)
    info = cau_xmpp_parse_room_info (iq, room->jid, &why);
  if (info != NULL && room->creation != NULL)
    {
      /* To create a room that exists would be to enter someone else's. */
      g_clear_pointer (&room->creation, cau_xmpp_room_creation_free);
      room->state = ROOM_FAILED;
      post (self, CAU_XMPP_EVENT_ROOM_JOIN_FAILED, room->jid, NULL, CAU_XMPP_JOIN_EXISTS,
            NULL, NULL);
      cau_xmpp_stream_after_io (self->stream);
      return 0;
    }
  if (info != NULL)
    {
      room->archived = info->archived;
      room->private_room = info->members_only && info->non_anonymous;
      room->non_anonymous = info->non_anonymous;
      cau_xmpp_room_avatars_take_info (self->avatars, room->jid, info);
      post (self, CAU_XMPP_EVENT_ROOM_INFO, room->jid, NULL, 0, g_steal_pointer (&info),
            (GDestroyNotify) cau_xmpp_room_info_free);
    }
  else
    {
      g_autofree char *condition = cau_xmpp_stanza_error_condition (iq, NULL);

      /* item-not-found: a new room, which entering creates, unless it was to exist. A
       * service that cannot be reached is said at once. */
      if (g_strcmp0 (condition, "remote-server-not-found") == 0 ||
          g_strcmp0 (condition, "remote-server-timeout") == 0 ||
          (room->must_exist && room->creation == NULL &&
           g_strcmp0 (condition, "item-not-found") == 0))
        {
          room->state = ROOM_FAILED;
          post (self, CAU_XMPP_EVENT_ROOM_JOIN_FAILED, room->jid, condition,
                g_strcmp0 (condition, "item-not-found") == 0 ? CAU_XMPP_JOIN_MISSING
                                                             : CAU_XMPP_JOIN_NOT_FOUND,
                NULL, NULL);
          cau_xmpp_stream_after_io (self->stream);
          return 0;
        }
      room->archived = FALSE;
    }
  send_join (self, room);
  cau_xmpp_stream_after_io (self->stream);
  return 0;
}

static void
ask_then_join (CauXmppRooms *self,
               Room         *room)
{
  g_free (room->info_id);
  room->info_id = cau_xmpp_new_id ();
  room->state = ROOM_ASKING;
  room->caught_up = FALSE;
  xmpp_id_handler_add (self->conn, info_cb, room->info_id, self);
  send_stanza (self, cau_xmpp_build_disco_info_get (ctx (self), room->info_id, room->jid));
}

void
cau_xmpp_rooms_join (CauXmppRooms *self,
                     const char   *jid,
                     const char   *nick,
                     const char   *password,
                     gboolean      must_exist)
{
  Room *room;

  g_return_if_fail (jid != NULL && nick != NULL && *nick != '\0');

  room = g_hash_table_lookup (self->rooms, jid);
  if (room == NULL)
    {
      room = room_new (jid);
      g_hash_table_insert (self->rooms, room->jid, room);
    }
  g_free (room->password);
  room->password = g_strdup (password);
  room->retried_locked = FALSE;

  if (room->state == ROOM_JOINED && g_strcmp0 (room->nick, nick) != 0)
    {
      if (self->conn != NULL)
        send_stanza (self, cau_xmpp_build_muc_nick_change (ctx (self), jid, nick));
      return;
    }
  g_free (room->nick);
  room->nick = g_strdup (nick);
  if (room->state == ROOM_JOINED || room->state == ROOM_ASKING || room->state == ROOM_JOINING)
    return;
  room->must_exist = must_exist;
  room->state = ROOM_WANTED;
  if (self->conn != NULL)
    ask_then_join (self, room);
}

void
cau_xmpp_rooms_create (CauXmppRooms              *self,
                       const char                *jid,
                       const char                *nick,
                       const CauXmppRoomCreation *creation)
{
  Room *room;

  g_return_if_fail (jid != NULL && nick != NULL && creation != NULL);

  room = g_hash_table_lookup (self->rooms, jid);
  if (room != NULL && (room->state == ROOM_JOINED || room->state == ROOM_JOINING ||
                       room->state == ROOM_ASKING))
    {
      post (self, CAU_XMPP_EVENT_ROOM_JOIN_FAILED, jid, NULL, CAU_XMPP_JOIN_EXISTS, NULL, NULL);
      return;
    }
  if (room == NULL)
    {
      room = room_new (jid);
      g_hash_table_insert (self->rooms, room->jid, room);
    }
  cau_xmpp_room_creation_free (room->creation);
  room->creation = cau_xmpp_room_creation_copy (creation);
  g_clear_pointer (&room->password, g_free);
  g_free (room->nick);
  room->nick = g_strdup (nick);
  room->state = ROOM_WANTED;
  if (self->conn != NULL)
    ask_then_join (self, room);
}

void
cau_xmpp_rooms_invite (CauXmppRooms *self,
                       const char   *jid,
                       const char   *invitee,
                       const char   *reason)
{
  Room *room = g_hash_table_lookup (self->rooms, jid);

  if (self->conn != NULL)
    send_stanza (self, cau_xmpp_build_muc_invite (ctx (self), invitee, jid, reason,
                                                  room != NULL ? room->password : NULL));
}

void
cau_xmpp_rooms_decline (CauXmppRooms *self,
                        const char   *room,
                        const char   *inviter,
                        const char   *reason)
{
  if (self->conn != NULL)
    send_stanza (self, cau_xmpp_build_muc_decline (ctx (self), room, inviter, reason));
}

void
cau_xmpp_rooms_leave (CauXmppRooms *self,
                      const char   *jid)
{
  Room *room = g_hash_table_lookup (self->rooms, jid);

  if (room == NULL)
    return;
  if (self->conn == NULL || (room->state != ROOM_JOINED && room->state != ROOM_JOINING))
    {
      g_hash_table_remove (self->rooms, jid);
      return;
    }
  /* Forgotten when the room confirms; messages still arriving until then are stored. */
  room->state = ROOM_LEAVING;
  room->leaves_unanswered++;
  send_stanza (self, cau_xmpp_build_muc_leave (ctx (self), room->jid, room->nick, NULL));
}

gboolean
cau_xmpp_rooms_has_room (CauXmppRooms *self,
                         const char   *jid)
{
  return jid != NULL && g_hash_table_contains (self->rooms, jid);
}

gboolean
cau_xmpp_rooms_is_joined (CauXmppRooms *self,
                          const char   *jid)
{
  Room *room = jid != NULL ? g_hash_table_lookup (self->rooms, jid) : NULL;

  return self->conn != NULL && room != NULL && room->state == ROOM_JOINED;
}

void
cau_xmpp_rooms_set_subject (CauXmppRooms *self,
                            const char   *jid,
                            const char   *subject)
{
  if (cau_xmpp_rooms_is_joined (self, jid))
    send_stanza (self, cau_xmpp_build_muc_subject (ctx (self), jid, subject ? subject : ""));
}

/* Staying in (XEP-0410). */

static int
self_ping_cb (xmpp_conn_t   *conn,
              xmpp_stanza_t *iq,
              void          *userdata)
{
  CauXmppRooms *self = userdata;
  Room *room = find_by_id (self, xmpp_stanza_get_id (iq), G_STRUCT_OFFSET (Room, ping_id));
  g_autofree char *condition = NULL;

  if (room == NULL)
    return 0;
  g_clear_pointer (&room->ping_id, g_free);
  room->heard_us = g_get_monotonic_time ();
  if (g_strcmp0 (xmpp_stanza_get_type (iq), "result") == 0 || room->state != ROOM_JOINED)
    return 0;

  condition = cau_xmpp_stanza_error_condition (iq, NULL);
  g_debug ("Self-ping in %s: %s", room->jid, condition ? condition : "an error");
  /* The room passed the ping on to a client of ours that does not answer pings: we are in. */
  if (g_strcmp0 (condition, "service-unavailable") == 0 ||
      g_strcmp0 (condition, "feature-not-implemented") == 0)
    return 0;

  g_message ("No longer in room %s (%s): entering again", room->jid,
             condition ? condition : "no reason");
  post (self, CAU_XMPP_EVENT_ROOM_LEFT, room->jid, NULL, CAU_XMPP_OCCUPANT_DISCONNECTED,
        NULL, NULL);
  if (g_strcmp0 (condition, "remote-server-not-found") == 0 ||
      g_strcmp0 (condition, "remote-server-timeout") == 0)
    schedule_rejoin (self, room, REJOIN_DELAY_S);
  else
    ask_then_join (self, room);
  cau_xmpp_stream_after_io (self->stream);
  return 0;
}

static gboolean
timer_cb (gpointer data)
{
  CauXmppRooms *self = data;
  gint64 now = g_get_monotonic_time ();
  gint64 idle = (gint64) self->ping_interval_s * G_USEC_PER_SEC;
  GHashTableIter iter;
  Room *room;
  gboolean sent = FALSE;

  if (self->conn == NULL)
    return G_SOURCE_CONTINUE;
  g_hash_table_iter_init (&iter, self->rooms);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &room))
    {
      if (room->state == ROOM_JOINED && room->ping_id == NULL && now - room->heard_us >= idle)
        {
          room->ping_id = cau_xmpp_new_id ();
          g_debug ("Self-ping in %s", room->jid);
          xmpp_id_handler_add (self->conn, self_ping_cb, room->ping_id, self);
          send_stanza (self, cau_xmpp_build_muc_self_ping (ctx (self), room->ping_id, room->jid,
                                                           room->nick));
          sent = TRUE;
        }
    }
  if (sent)
    cau_xmpp_stream_after_io (self->stream);
  return G_SOURCE_CONTINUE;
}

static void
restart_timer (CauXmppRooms *self)
{
  /* Half the interval: a room is asked at most 1.5 intervals after it went quiet. */
  guint period_ms = MAX (1000, self->ping_interval_s * 1000 / 2);

  cau_clear_source (&self->timer);
  if (self->conn != NULL)
    self->timer = cau_xmpp_engine_timeout (cau_xmpp_stream_get_engine (self->stream), period_ms,
                                           timer_cb, self);
}

void
cau_xmpp_rooms_set_ping_interval (CauXmppRooms *self,
                                  guint         seconds)
{
  self->ping_interval_s = MAX (seconds, 1);
  restart_timer (self);
}

/* Sessions. */

void
cau_xmpp_rooms_online (CauXmppRooms *self,
                       xmpp_conn_t  *conn,
                       gboolean      resumed)
{
  GHashTableIter iter;
  Room *room;

  self->conn = conn;
  g_free (self->own_jid);
  self->own_jid = g_strdup (xmpp_conn_get_bound_jid (conn));
  restart_timer (self);
  if (resumed)
    return;

  /* A new session is in no room: enter them all again. */
  g_hash_table_iter_init (&iter, self->rooms);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &room))
    {
      g_clear_pointer (&room->query, cau_xmpp_room_query_free);
      g_clear_pointer (&room->ping_id, g_free);
      room->history_wanted = FALSE;
      room->leaves_unanswered = 0;
      if (room->state == ROOM_LEAVING)
        g_hash_table_iter_remove (&iter);
      else if (room->state != ROOM_FAILED)
        ask_then_join (self, room);
    }
}

void
cau_xmpp_rooms_offline (CauXmppRooms *self)
{
  GHashTableIter iter;
  Room *room;

  cau_xmpp_rooms_flush (self);
  self->conn = NULL;
  cau_clear_source (&self->timer);
  fail_pending (self);
  g_hash_table_iter_init (&iter, self->rooms);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &room))
    {
      /* What arrived during a catch-up is kept, not its cursor. */
      cau_xmpp_room_store (self, room, room->held, NULL);
      g_ptr_array_set_size (room->held, 0);
      cau_clear_source (&room->rejoin);
      if (room->state != ROOM_FAILED && room->state != ROOM_LEAVING)
        room->state = ROOM_WANTED;
    }
}

/* Life cycle. */

CauXmppRooms *
cau_xmpp_rooms_new (CauXmppStream         *stream,
                    CauXmppRoomJoinedFunc  joined,
                    gpointer               data)
{
  CauXmppRooms *self = g_new0 (CauXmppRooms, 1);

  self->stream = stream;
  self->joined = joined;
  self->joined_data = data;
  self->ping_interval_s = CAU_XMPP_ROOM_PING_INTERVAL_S;
  self->rooms = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) room_free);
  self->pending = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return self;
}

void
cau_xmpp_rooms_set_archive (CauXmppRooms              *self,
                            const CauXmppArchiveFuncs *funcs,
                            gpointer                   data)
{
  self->archive = funcs;
  self->archive_data = data;
}

void
cau_xmpp_rooms_free (CauXmppRooms *self)
{
  if (self == NULL)
    return;
  self->conn = NULL;
  cau_clear_source (&self->timer);
  fail_pending (self);
  g_hash_table_unref (self->pending);
  g_hash_table_unref (self->rooms);
  g_free (self->own_jid);
  g_free (self);
}
