/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

/* Inside the model only. */

#include "core/cau-account.h"
#include "core/cau-room.h"
#include "store/cau-db-messages.h"
#include "xmpp/cau-xmpp-room-types.h"

G_BEGIN_DECLS

CauOccupant *cau_occupant_new          (const CauXmppOccupant *from);
void         cau_occupant_update       (CauOccupant           *self,
                                        const CauXmppOccupant *from);
/* Its nickname's collation key, for sorting. */
const char  *cau_occupant_get_sort_key (CauOccupant           *self);
/* Their avatar (XEP-0153 in their presence): its hash (nullable), whether it is in the cache,
 * TRUE once to have it fetched, and the fetch done for `hash`. */
const char  *cau_occupant_get_avatar_hash  (CauOccupant       *self);
gboolean     cau_occupant_get_avatar_ready (CauOccupant       *self);
gboolean     cau_occupant_ask_avatar       (CauOccupant       *self);
void         cau_occupant_avatar_fetched   (CauOccupant       *self,
                                            const char        *hash);
/* cau-account-rooms.c: the avatar of `nick` in the room is in the cache. */
void         cau_room_occupant_avatar      (CauRoom           *self,
                                            const char        *nick,
                                            const char        *hash);

/* The account's room of this conversation row (of kind room), made on first use (and entered
 * when we want to be in it). */
CauRoom     *cau_account_ensure_room   (CauAccount              *account,
                                        const CauDbConversation *row);

/* `nick` is ours; the room is entered once the account is online. */
CauRoom     *cau_room_new              (CauAccount            *account,
                                        gint64                 conversation_id,
                                        const char            *jid,
                                        const char            *nick,
                                        const char            *name,
                                        const char            *subject);
gint64       cau_room_get_conversation_id (CauRoom            *self);
/* (transfer full) (nullable): its account, while there is one. */
CauAccount  *cau_room_dup_account      (CauRoom               *self);
/* What the engine said. */
void         cau_room_apply_occupants  (CauRoom               *self,
                                        GPtrArray             *occupants);
void         cau_room_entered          (CauRoom               *self,
                                        const char            *nick);
void         cau_room_refused          (CauRoom               *self,
                                        CauXmppJoinError       error);
void         cau_room_put_out          (CauRoom               *self,
                                        guint                  status,
                                        const char            *reason);
void         cau_room_apply_info       (CauRoom               *self,
                                        const CauXmppRoomInfo *info);
/* cau_room_join(), not creating a room that does not exist (CAU_ROOM_ERROR_MISSING). */
void         cau_room_join_existing    (CauRoom               *self,
                                        const char            *nick,
                                        const char            *password);
/* Which version of moderated retraction (XEP-0425) the room offers. */
CauXmppModerationVersion cau_room_get_moderation_version (CauRoom *self);
void         cau_room_set_subject_shown (CauRoom              *self,
                                         const char           *subject);
void         cau_room_leave_quietly    (CauRoom               *self);
/* Entering or leaving because we always do (at start) or our other devices did (their
 * bookmarks): nothing is published. */
void         cau_room_enter_quietly    (CauRoom               *self,
                                        const char            *nick,
                                        const char            *password);
void         cau_room_leave_remotely   (CauRoom               *self);
const char  *cau_room_get_password     (CauRoom               *self);
/* cau-account-rooms.c: our bookmark of `room` (XEP-0402), `autojoin` or not. */
void         cau_account_publish_bookmark (CauAccount         *account,
                                           CauRoom            *room,
                                           gboolean            autojoin);
/* What the engine said of its avatar (`fetched`: its file was written now). */
void         cau_room_set_avatar_hash  (CauRoom               *self,
                                        const char            *hash,
                                        gboolean               fetched);
/* The account went offline, or came online. */
void         cau_room_account_online   (CauRoom               *self,
                                        gboolean               online);

/* Creates the room and enters it, configured as `creation` says (refused with
 * CAU_ROOM_ERROR_EXISTS when it exists); our other devices enter it too. */
void         cau_room_create           (CauRoom                   *self,
                                        const char                *nick,
                                        const CauXmppRoomCreation *creation);
/* The room took these configuration fields (a{ss}). */
void         cau_room_apply_configuration (CauRoom                *self,
                                           GVariant               *values);

G_END_DECLS
