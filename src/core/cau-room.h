/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

#include <gio/gio.h>

#include "core/cau-message.h"
#include "core/cau-occupant.h"

G_BEGIN_DECLS

/* Where we are with a room (XEP-0045). */
typedef enum {
  CAU_ROOM_OFFLINE,   /* we want to be in; the account is not online */
  CAU_ROOM_JOINING,
  CAU_ROOM_JOINED,
  CAU_ROOM_FAILED,    /* the room would not let us in, or put us out: see the error */
  CAU_ROOM_LEFT,      /* we left it */
} CauRoomState;

/* Why the room would not let us in, or put us out. */
typedef enum {
  CAU_ROOM_ERROR_NONE,
  CAU_ROOM_ERROR_NICK_IN_USE,
  CAU_ROOM_ERROR_PASSWORD,
  CAU_ROOM_ERROR_BANNED,
  CAU_ROOM_ERROR_MEMBERS_ONLY,
  CAU_ROOM_ERROR_NOT_FOUND,
  CAU_ROOM_ERROR_NOT_ALLOWED,
  CAU_ROOM_ERROR_FULL,
  CAU_ROOM_ERROR_NICK_REFUSED,
  CAU_ROOM_ERROR_KICKED,
  CAU_ROOM_ERROR_REMOVED,        /* no longer a member, or the room closed */
  CAU_ROOM_ERROR_OTHER,
  CAU_ROOM_ERROR_EXISTS,         /* we asked to create it, and it exists already */
  CAU_ROOM_ERROR_MISSING,        /* we asked to enter it, and it does not exist: it may be created */
} CauRoomError;

/* When a room's messages notify. */
typedef enum {
  CAU_ROOM_NOTIFY_DEFAULT,    /* all in a private group, mentions in a public channel */
  CAU_ROOM_NOTIFY_ALL,
  CAU_ROOM_NOTIFY_MENTIONS,   /* only messages that name us */
  CAU_ROOM_NOTIFY_NONE,
} CauRoomNotify;

#define CAU_TYPE_ROOM (cau_room_get_type ())
G_DECLARE_FINAL_TYPE (CauRoom, cau_room, CAU, ROOM, GObject)

/* The room's bare JID. */
const char   *cau_room_get_jid           (CauRoom     *self);
/* Our nickname in it. */
const char   *cau_room_get_nick          (CauRoom     *self);
/* Nullable: the room's own name. */
const char   *cau_room_get_name          (CauRoom     *self);
/* Nullable: its subject. */
const char   *cau_room_get_subject       (CauRoom     *self);
CauRoomState  cau_room_get_state         (CauRoom     *self);
CauRoomError  cau_room_get_error         (CauRoom     *self);
/* Nullable: translated, with what to do about it. */
const char   *cau_room_get_error_message (CauRoom     *self);
/* CauOccupant: moderators first, then participants, then visitors; by nickname within each. */
GListModel   *cau_room_get_occupants     (CauRoom     *self);
CauOccupant  *cau_room_find_occupant     (CauRoom     *self,
                                          const char  *nick);
/* Nullable: what the room says it is about (its disco#info description). */
const char   *cau_room_get_description   (CauRoom     *self);
/* Members-only and showing everyone's address: a private group, not a public channel. */
gboolean      cau_room_get_private       (CauRoom     *self);

/* Nullable: the SHA-1 of its avatar (a vCard's PHOTO, as Prosody's mod_vcard_muc and XEP-0486
 * keep it), and its file in the avatar cache. */
const char   *cau_room_get_avatar_hash   (CauRoom     *self);
GFile        *cau_room_dup_avatar_file   (CauRoom     *self);
/* An occupant's avatar once fetched (asking has it fetched, once; see CauOccupant's
 * avatar-ready), NULL until then or when they have none. */
GFile        *cau_room_dup_occupant_avatar_file (CauRoom     *self,
                                                 CauOccupant *occupant);
/* Whether the room may have an avatar: FALSE once it said it keeps no vCard. */
gboolean      cau_room_get_avatar_supported (CauRoom  *self);
/* Its owners set its avatar (cau-room-avatar.c): `png` a PNG of at most 1 MiB, NULL removes
 * it. Errors are CAU_XMPP_ERROR with a translated message (CAU_XMPP_ERROR_FORBIDDEN: we are
 * not an owner; CAU_XMPP_ERROR_NOT_SUPPORTED: the room keeps no vCard), or
 * CAU_CORE_ERROR_OFFLINE. #CauRoom:avatar-hash follows once the room took it. */
void          cau_room_set_avatar        (CauRoom              *self,
                                          GBytes               *png,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
gboolean      cau_room_set_avatar_finish (CauRoom              *self,
                                          GAsyncResult         *result,
                                          GError              **error);
/* For a room being created: `png` is set as its avatar once we are in. */
void          cau_room_set_avatar_once_joined (CauRoom         *self,
                                               GBytes          *png);

/* The choice made for this room (DEFAULT when none), and what it means now. */
CauRoomNotify cau_room_get_notify        (CauRoom     *self);
CauRoomNotify cau_room_get_effective_notify (CauRoom  *self);
void          cau_room_set_notify        (CauRoom     *self,
                                          CauRoomNotify notify);
/* Whether `text` names us: our nickname as a word of its own, in any case. */
gboolean      cau_room_mentions_us       (CauRoom     *self,
                                          const char  *text);

/* Enters again (after a failure or leaving), with another nickname or a password if given. */
void          cau_room_join              (CauRoom     *self,
                                          const char  *nick,
                                          const char  *password);
/* Creates it by entering it (an instant room, with the service's defaults), after
 * CAU_ROOM_ERROR_MISSING: we become its owner. */
void          cau_room_create_missing    (CauRoom     *self);
void          cau_room_leave             (CauRoom     *self);
/* The private conversation with an occupant (XEP-0045 §7.5), where the room allows them: its
 * id in the conversation list (app.open-conversation), 0 with `error` set. */
gint64        cau_room_open_private_chat (CauRoom     *self,
                                          const char  *nick,
                                          GError     **error);
void          cau_room_set_subject       (CauRoom     *self,
                                          const char  *subject);

/* A room's configuration (XEP-0045 §10.2), for its owners (cau-room-config.c). The form is
 * "(sba(sssbsas))" as the registration form's; errors are CAU_XMPP_ERROR with a translated
 * message (CAU_XMPP_ERROR_FORBIDDEN: we are not an owner), or CAU_CORE_ERROR_OFFLINE. */
void          cau_room_fetch_configuration         (CauRoom              *self,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
GVariant     *cau_room_fetch_configuration_finish  (CauRoom              *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);
/* Changes the fields of `values` (a{ss}) alone; `form` is the one fetched. */
void          cau_room_change_configuration        (CauRoom              *self,
                                                    GVariant             *form,
                                                    GVariant             *values,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
gboolean      cau_room_change_configuration_finish (CauRoom              *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);
/* Nullable: the reason the moderator gave when they kicked or banned us (also in the error
 * message). */
const char   *cau_room_get_removal_reason (CauRoom    *self);

/* Moderation (XEP-0045 §8–§10; cau-room-moderation.c). What we may do to an occupant, given
 * our role and affiliation and theirs; actions on affiliations need their address. */
typedef enum {
  CAU_ROOM_ACTION_KICK              = 1 << 0,
  CAU_ROOM_ACTION_GRANT_VOICE       = 1 << 1,
  CAU_ROOM_ACTION_REVOKE_VOICE      = 1 << 2,
  CAU_ROOM_ACTION_GRANT_MODERATOR   = 1 << 3,
  CAU_ROOM_ACTION_REVOKE_MODERATOR  = 1 << 4,
  CAU_ROOM_ACTION_BAN               = 1 << 5,
  CAU_ROOM_ACTION_GRANT_MEMBERSHIP  = 1 << 6,
  CAU_ROOM_ACTION_REVOKE_MEMBERSHIP = 1 << 7,
  CAU_ROOM_ACTION_GRANT_ADMIN       = 1 << 8,
  CAU_ROOM_ACTION_REVOKE_ADMIN      = 1 << 9,
} CauRoomActions;

CauRoomActions cau_room_get_allowed_actions (CauRoom           *self,
                                            CauOccupant       *occupant);
/* Our own role and affiliation (NONE while we are not in). */
CauRole        cau_room_get_own_role        (CauRoom           *self);
CauAffiliation cau_room_get_own_affiliation (CauRoom           *self);
/* Whether only members may enter, as the room said when we entered it. */
gboolean       cau_room_get_members_only    (CauRoom           *self);

/* The room's answer comes to `callback`, finished with cau_room_moderate_finish(): errors are
 * CAU_CORE_ERROR with a translated message (CAU_CORE_ERROR_NOT_PERMITTED: "You may not do this
 * in this room."). `reason` nullable, told to the person. Kick and voice go by nickname; ban,
 * membership and administration by the person's address (`jid`, bare or full). */
void          cau_room_kick              (CauRoom             *self,
                                          const char          *nick,
                                          const char          *reason,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
void          cau_room_set_voice         (CauRoom             *self,
                                          const char          *nick,
                                          gboolean             voice,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
void          cau_room_set_moderator     (CauRoom             *self,
                                          const char          *nick,
                                          gboolean             moderator,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
void          cau_room_ban               (CauRoom             *self,
                                          const char          *jid,
                                          const char          *reason,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
void          cau_room_set_member        (CauRoom             *self,
                                          const char          *jid,
                                          gboolean             member,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
void          cau_room_set_admin         (CauRoom             *self,
                                          const char          *jid,
                                          gboolean             admin,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
/* XEP-0425: whether we may remove others' messages for everyone, and doing it (`reason`
 * nullable, told to everyone); finished with cau_room_moderate_finish(). */
gboolean      cau_room_can_remove_messages (CauRoom           *self);
void          cau_room_remove_message    (CauRoom             *self,
                                          CauMessage          *message,
                                          const char          *reason,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
gboolean      cau_room_moderate_finish   (CauRoom             *self,
                                          GAsyncResult        *result,
                                          GError             **error);

/* Invites `jid` (a bare JID) with a direct invitation (XEP-0249); `reason` nullable. In a
 * members-only room where we are an admin or an owner, makes them a member first, so that
 * they can enter (the invitation goes once the room agreed). Finished with
 * cau_room_moderate_finish(). */
void          cau_room_invite            (CauRoom             *self,
                                          const char          *jid,
                                          const char          *reason,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);

G_END_DECLS
