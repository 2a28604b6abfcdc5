/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

/*
 * Inside the rooms engine only (cau-xmpp-rooms.c: entering, presence, requests, creation;
 * cau-xmpp-room-archive.c: storing, the room's archive, its messages): a room's state on the
 * engine thread, and what both halves share.
 */

#include "cau-xmpp-rooms.h"
#include "cau-xmpp-stream-private.h"

G_BEGIN_DECLS

#define CATCHUP_PAGE       100
#define LATEST_PAGE        50
#define HISTORY_PAGE       100
/* The room's own history when it has no archive. */
#define HISTORY_WITHOUT_ARCHIVE  -1
/* After the service shut down or lost us: how long before entering again. */
#define REJOIN_DELAY_S     15
/* After item-not-found: a room being created may have been locked. */
#define LOCKED_RETRY_S     2

typedef enum {
  ROOM_WANTED,    /* offline */
  ROOM_ASKING,
  ROOM_JOINING,
  ROOM_JOINED,
  ROOM_FAILED,    /* refused us: waits for the next join command */
  ROOM_LEAVING,
} RoomState;

typedef enum {
  QUERY_CATCHUP,
  QUERY_LATEST,
  QUERY_HISTORY,
} QueryKind;

typedef struct {
  QueryKind  kind;
  char      *query_id;
  char      *iq_id;
  GPtrArray *results;    /* CauXmppMessage * */
} RoomQuery;

typedef struct {
  char      *jid;
  char      *nick;
  char      *password;
  RoomState  state;
  gboolean   archived;        /* the room offers XEP-0313 */
  char      *own_occupant_id;
  gboolean   caught_up;
  gboolean   history_wanted;  /* a page back, once the query in flight is done */
  char      *info_id;
  char      *ping_id;
  RoomQuery *query;
  GPtrArray *inbound;         /* CauXmppMessage *, this wake-up */
  GPtrArray *held;            /* live ones while the catch-up runs */
  GPtrArray *occupants;       /* CauXmppOccupant *, this wake-up */
  gint64     heard_us;        /* last stanza from the room */
  GSource   *rejoin;          /* entering again, later */
  gboolean   retried_locked;  /* entered again once after item-not-found (a locked room) */
  CauXmppRoomCreation *creation;  /* we are creating it */
  gboolean   must_exist;      /* entering it for the first time, as asked: a room that does not
                               * exist is not created by entering, but said to be missing */
  guint      leaves_unanswered;  /* our leave presences the room has not answered yet */
  gboolean   private_room;    /* members only, addresses shown to all: OMEMO can be used */
  gboolean   non_anonymous;   /* addresses shown to all: its archive says whose a message is */
  GHashTable *real_jids;      /* nick → bare JID, for those in the room who show it */
  GHashTable *real_by_id;     /* occupant id → bare JID (XEP-0421): for the archive */
  GHashTable *members;        /* bare JIDs of members, admins and owners, as far as listed */
} Room;

typedef struct {
  CauXmppRoomReplied replied;
  gpointer           data;
} Pending;

struct _CauXmppRooms
{
  CauXmppStream             *stream;
  xmpp_conn_t               *conn;
  char                      *own_jid;
  CauXmppRoomJoinedFunc      joined;
  gpointer                   joined_data;
  const CauXmppArchiveFuncs *archive;
  gpointer                   archive_data;
  GHashTable                *rooms;     /* bare JID → Room */
  guint                      ping_interval_s;
  GSource                   *timer;
  GHashTable                *pending;   /* iq id → Pending: requests awaiting an answer */
  CauXmppRoomDecryptFunc     decrypt;
  gpointer                   decrypt_data;
  CauXmppAvatars            *avatars;   /* nullable; the chat's */
};

/* cau-xmpp-room-archive.c */
void  cau_xmpp_room_query_free      (RoomQuery    *query);
/* Posts the occupants this wake-up brought. */
void  cau_xmpp_room_flush_occupants (CauXmppRooms *self,
                                     Room         *room);
/* We are in: catches up from the room's archive (or the room sent its history). */
void  cau_xmpp_room_start_catchup   (CauXmppRooms *self,
                                     Room         *room);
/* Stores `messages` of `room`; `cursor` (nullable) moves the room's catch-up cursor. */
void  cau_xmpp_room_store           (CauXmppRooms *self,
                                     Room         *room,
                                     GPtrArray    *messages,
                                     const char   *cursor);

static inline xmpp_ctx_t *
ctx (CauXmppRooms *self)
{
  return xmpp_conn_get_context (self->conn);
}

static inline void
send_stanza (CauXmppRooms  *self,
             xmpp_stanza_t *stanza)
{
  xmpp_send (self->conn, stanza);
  xmpp_stanza_release (stanza);
}

static inline void
post (CauXmppRooms     *self,
      CauXmppEventType  type,
      const char       *room,
      const char       *text2,
      int               number,
      gpointer          data,
      GDestroyNotify    data_free)
{
  CauXmppEvent *event = cau_xmpp_stream_new_event (self->stream, type);

  event->text = g_strdup (room);
  event->text2 = g_strdup (text2);
  event->number = number;
  event->data = data;
  event->data_free = data_free;
  cau_xmpp_event_post (event);
}

G_END_DECLS
