/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

#include <gio/gio.h>

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
void          cau_room_leave             (CauRoom     *self);
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

G_END_DECLS
