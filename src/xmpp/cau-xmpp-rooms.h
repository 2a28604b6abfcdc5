/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

/*
 * One account's rooms (XEP-0045) on the engine thread, owned by its CauXmppChat: which rooms
 * we want to be in, joining them on every new session (after asking each what it is), their
 * occupants, their messages into the inbound pipeline, catching up on each room's own archive
 * (XEP-0313), and checking that we are still in (XEP-0410 self-ping).
 *
 * A room's messages are stored with `store_room` (cau-xmpp-archive.h), grouped by room: live
 * ones at the end of each wake-up (held while the room's catch-up runs, like the account's),
 * archived ones page by page with the room's cursor.
 */

#include <strophe.h>

#include "xmpp/cau-xmpp-archive.h"
#include "xmpp/cau-xmpp-private.h"
#include "xmpp/cau-xmpp-room-types.h"

G_BEGIN_DECLS

/* Seconds without a stanza from a room before asking whether we are still in it. */
#define CAU_XMPP_ROOM_PING_INTERVAL_S 300

typedef struct _CauXmppRooms CauXmppRooms;

/* The room is joined (or joined again): what waits to be sent to it may go. */
typedef void (*CauXmppRoomJoinedFunc) (gpointer    data,
                                       const char *room);

CauXmppRooms *cau_xmpp_rooms_new             (CauXmppStream             *stream,
                                              CauXmppRoomJoinedFunc      joined,
                                              gpointer                   data);
void          cau_xmpp_rooms_free            (CauXmppRooms              *self);
/* Not owned: the chat's. NULL for tools and tests without storage. */
void          cau_xmpp_rooms_set_archive     (CauXmppRooms              *self,
                                              const CauXmppArchiveFuncs *funcs,
                                              gpointer                   data);
void          cau_xmpp_rooms_set_ping_interval (CauXmppRooms            *self,
                                              guint                      seconds);

void          cau_xmpp_rooms_online          (CauXmppRooms              *self,
                                              xmpp_conn_t               *conn,
                                              gboolean                   resumed);
void          cau_xmpp_rooms_offline         (CauXmppRooms              *self);

/* Inbound; TRUE when the stanza was the rooms' (taken or dropped). */
gboolean      cau_xmpp_rooms_handle_presence (CauXmppRooms              *self,
                                              xmpp_stanza_t             *presence);
gboolean      cau_xmpp_rooms_handle_message  (CauXmppRooms              *self,
                                              xmpp_stanza_t             *message);
/* End of a wake-up: store the rooms' messages, post their occupants. */
void          cau_xmpp_rooms_flush           (CauXmppRooms              *self);

/* Commands. `nick` is ours in the room; `password` nullable. Joining a room we are in already
 * changes our nickname when it differs. `must_exist`: a room that does not exist fails with
 * CAU_XMPP_JOIN_MISSING instead of being created by entering it. */
void          cau_xmpp_rooms_join            (CauXmppRooms              *self,
                                              const char                *room,
                                              const char                *nick,
                                              const char                *password,
                                              gboolean                   must_exist);
/* Creates `room` (the same, but a room that exists already is refused with
 * CAU_XMPP_JOIN_EXISTS), configured as `creation` says. */
void          cau_xmpp_rooms_create          (CauXmppRooms              *self,
                                              const char                *room,
                                              const char                *nick,
                                              const CauXmppRoomCreation *creation);
void          cau_xmpp_rooms_leave           (CauXmppRooms              *self,
                                              const char                *room);

/* An iq request to a room (moderation, configuration): `replied` is called once, with the
 * answer, or with NULL when the stream ends first or we are offline. Takes `iq`, whose id
 * must be set. */
typedef void (*CauXmppRoomReplied) (xmpp_stanza_t *answer,
                                    gpointer       data);
void          cau_xmpp_rooms_request         (CauXmppRooms              *self,
                                              xmpp_stanza_t             *iq,
                                              CauXmppRoomReplied         replied,
                                              gpointer                   data);
/* The stream's context while online, else NULL. */
xmpp_ctx_t   *cau_xmpp_rooms_get_context     (CauXmppRooms              *self);
/* A one-to-one message whose other party is an occupant of one of our rooms (a private
 * message, §7.5): the occupant's JID (room@service/nick), which is its conversation; NULL for
 * any other message. */
char         *cau_xmpp_rooms_private_peer    (CauXmppRooms              *self,
                                              const CauXmppMessage      *message);
/* OMEMO in private rooms: whether `room` is one (members only, addresses shown to all), and
 * who must be able to read what we send there (members listed, and everyone in it). */
gboolean      cau_xmpp_rooms_is_private      (CauXmppRooms              *self,
                                              const char                *room);
char        **cau_xmpp_rooms_dup_recipients  (CauXmppRooms              *self,
                                              const char                *room);
/* Decrypts a room message whose author's address is `sender`. */
typedef void (*CauXmppRoomDecryptFunc) (gpointer        data,
                                        CauXmppMessage *message,
                                        const char     *sender);
void          cau_xmpp_rooms_set_decrypt     (CauXmppRooms              *self,
                                              CauXmppRoomDecryptFunc     decrypt,
                                              gpointer                   data);
/* Where the rooms' own avatars go (cau-xmpp-room-avatars.h); not owned, the chat's. */
typedef struct _CauXmppAvatars CauXmppAvatars;
void          cau_xmpp_rooms_set_avatars     (CauXmppRooms              *self,
                                              CauXmppAvatars            *avatars);
/* Sends a direct invitation (XEP-0249) to `invitee` (bare JID); `reason` nullable. */
void          cau_xmpp_rooms_invite          (CauXmppRooms              *self,
                                              const char                *room,
                                              const char                *invitee,
                                              const char                *reason);
/* Declines, through `room`, the invitation that `inviter` (bare JID) sent through it
 * (XEP-0045 §7.8.2); `reason` nullable. Dropped when offline. */
void          cau_xmpp_rooms_decline         (CauXmppRooms              *self,
                                              const char                *room,
                                              const char                *inviter,
                                              const char                *reason);
/* Whether `jid` (bare) is a room we want to be in. */
gboolean      cau_xmpp_rooms_has_room        (CauXmppRooms              *self,
                                              const char                *jid);
gboolean      cau_xmpp_rooms_is_joined       (CauXmppRooms              *self,
                                              const char                *room);
/* One page further back in the room's archive; FALSE when `room` is not ours. */
gboolean      cau_xmpp_rooms_fetch_history   (CauXmppRooms              *self,
                                              const char                *room);
void          cau_xmpp_rooms_set_subject     (CauXmppRooms              *self,
                                              const char                *room,
                                              const char                *subject);

G_END_DECLS
