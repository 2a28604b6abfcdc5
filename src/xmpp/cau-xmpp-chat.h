/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

/*
 * One account's messaging on the engine thread: the inbound pipeline for
 * live messages, carbons and archive results (parse and validate → store
 * in batches → receipts), the outbox, MAM catch-up and paging back, and
 * the roster. The stream owns it and feeds it stanzas.
 */

#include <strophe.h>

#include "xmpp/cau-xmpp-archive.h"
#include "xmpp/cau-xmpp-omemo-funcs.h"
#include "xmpp/cau-xmpp-private.h"
#include "xmpp/cau-xmpp-room-types.h"

G_BEGIN_DECLS

CauXmppChat *cau_xmpp_chat_new              (CauXmppStream             *stream);
void         cau_xmpp_chat_free             (CauXmppChat               *self);
void         cau_xmpp_chat_set_archive      (CauXmppChat               *self,
                                             const CauXmppArchiveFuncs *funcs,
                                             gpointer                   data,
                                             GDestroyNotify             destroy);
/* OMEMO's keys (cau-xmpp-omemo-funcs.h). */
void         cau_xmpp_chat_set_omemo        (CauXmppChat               *self,
                                             const CauXmppOmemoFuncs   *funcs,
                                             gpointer                   data,
                                             GDestroyNotify             destroy);
/* Takes a stale device of ours out of our published OMEMO device list. */
void         cau_xmpp_chat_omemo_remove_device (CauXmppChat            *self,
                                                guint32                 device_id);

/* The stream went online (`resumed`: the session survived) or offline. */
void         cau_xmpp_chat_online           (CauXmppChat               *self,
                                             xmpp_conn_t               *conn,
                                             gboolean                   resumed);
void         cau_xmpp_chat_offline          (CauXmppChat               *self);

/* Inbound; TRUE when the stanza was ours to handle. */
gboolean     cau_xmpp_chat_handle_message   (CauXmppChat               *self,
                                             xmpp_stanza_t             *stanza);
gboolean     cau_xmpp_chat_handle_iq        (CauXmppChat               *self,
                                             xmpp_stanza_t             *iq);
void         cau_xmpp_chat_handle_presence  (CauXmppChat               *self,
                                             xmpp_stanza_t             *presence);
/* End of a wake-up: store what arrived, send what it calls for. */
void         cau_xmpp_chat_flush            (CauXmppChat               *self);

/* Commands. */
void         cau_xmpp_chat_send             (CauXmppChat               *self,
                                             CauXmppOutgoing           *outgoing);
void         cau_xmpp_chat_send_displayed   (CauXmppChat               *self,
                                             const char                *to,
                                             const char                *id,
                                             const char                *stanza_id);
void         cau_xmpp_chat_send_chat_state  (CauXmppChat               *self,
                                             const char                *to,
                                             CauXmppChatState           state);
void         cau_xmpp_chat_fetch_history    (CauXmppChat               *self,
                                             const char                *peer);
void         cau_xmpp_chat_roster_set       (CauXmppChat               *self,
                                             const char                *jid,
                                             const char                *name,
                                             const char * const        *groups,
                                             gboolean                   remove);
/* type: "subscribe", "subscribed", "unsubscribe", "unsubscribed";
 * status (nullable): a message with it. */
void         cau_xmpp_chat_send_subscription (CauXmppChat              *self,
                                              const char               *jid,
                                              const char               *type,
                                              const char               *status);
/* Rooms (cau-xmpp-rooms.h). */
void         cau_xmpp_chat_join_room        (CauXmppChat               *self,
                                             const char                *room,
                                             const char                *nick,
                                             const char                *password,
                                             gboolean                   must_exist);
void         cau_xmpp_chat_create_room      (CauXmppChat               *self,
                                             const char                *room,
                                             const char                *nick,
                                             const CauXmppRoomCreation *creation);
void         cau_xmpp_chat_leave_room       (CauXmppChat               *self,
                                             const char                *room);
void         cau_xmpp_chat_invite           (CauXmppChat               *self,
                                             const char                *room,
                                             const char                *invitee,
                                             const char                *reason);
void         cau_xmpp_chat_decline_invitation (CauXmppChat             *self,
                                               const char              *room,
                                               const char              *inviter,
                                               const char              *reason);
/* The rooms (cau-xmpp-rooms.h), for requests to them. */
typedef struct _CauXmppRooms CauXmppRooms;
CauXmppRooms *cau_xmpp_chat_get_rooms       (CauXmppChat               *self);
/* The avatars (cau-xmpp-avatars.h), for the rooms' own. */
typedef struct _CauXmppAvatars CauXmppAvatars;
CauXmppAvatars *cau_xmpp_chat_get_avatars   (CauXmppChat               *self);
void         cau_xmpp_chat_set_room_subject (CauXmppChat               *self,
                                             const char                *room,
                                             const char                *subject);
void         cau_xmpp_chat_set_room_ping_interval (CauXmppChat         *self,
                                                   guint                seconds);
/* Bookmarks (cau-xmpp-bookmarks.h). */
void         cau_xmpp_chat_publish_bookmark (CauXmppChat               *self,
                                             const CauXmppBookmark     *bookmark);
void         cau_xmpp_chat_retract_bookmark (CauXmppChat               *self,
                                             const char                *room);
/* Contacts' profiles (cau-xmpp-profiles.h). */
typedef struct _CauXmppProfiles CauXmppProfiles;
CauXmppProfiles *cau_xmpp_chat_get_profiles (CauXmppChat               *self);
/* Directed presence (RFC 6121 §4.6): ours, to `to` only. */
void         cau_xmpp_chat_send_presence_to (CauXmppChat               *self,
                                             const char                *to);
/* XEP-0191; `jid` normalised (cau_xmpp_blocking_normalize()). */
void         cau_xmpp_chat_set_blocked      (CauXmppChat               *self,
                                             const char                *jid,
                                             gboolean                   blocked);

/* XEP-0084: publishes our avatar (`png` NULL removes it). */
void         cau_xmpp_chat_publish_avatar   (CauXmppChat               *self,
                                             GBytes                    *png,
                                             guint                      width,
                                             guint                      height);
/* Our avatar's id for our presence: NULL unknown, "" none. */
const char  *cau_xmpp_chat_get_own_avatar_id (CauXmppChat              *self);
/* Our avatar's id as the store knows it (nullable), before connecting. */
void         cau_xmpp_chat_set_known_own_avatar (CauXmppChat           *self,
                                                 const char            *id);

G_END_DECLS
