/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

/*
 * A room's configuration (XEP-0045 §10.2), for its owners: the form the room sends, and our
 * answer to it. The form is CAU_XMPP_FORM_TYPE (cau-xmpp-registration.h), text from the
 * network, never markup.
 */

#include <gio/gio.h>

#include "xmpp/cau-xmpp-client.h"

G_BEGIN_DECLS

void      cau_xmpp_client_fetch_room_config         (CauXmppClient        *self,
                                                     const char           *room,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
GVariant *cau_xmpp_client_fetch_room_config_finish  (CauXmppClient        *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);
void      cau_xmpp_client_submit_room_config        (CauXmppClient        *self,
                                                     const char           *room,
                                                     GVariant             *form,
                                                     GVariant             *values,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
gboolean  cau_xmpp_client_submit_room_config_finish (CauXmppClient        *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);

/* A room's avatar (cau-xmpp-room-avatars.c), for its owners: `png` a PNG of at most
 * CAU_XMPP_AVATAR_MAX_BYTES, NULL to remove it. Errors: CAU_XMPP_ERROR_FORBIDDEN when we are not
 * an owner, CAU_XMPP_ERROR_NOT_SUPPORTED when the room keeps no vCard, CONNECTION_LOST when
 * offline, else FAILED. Once set, the avatar is announced as the room's (::avatar-changed). */
void      cau_xmpp_client_set_room_avatar           (CauXmppClient        *self,
                                                     const char           *room,
                                                     GBytes               *png,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
gboolean  cau_xmpp_client_set_room_avatar_finish    (CauXmppClient        *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);

/* The account's room service, as its server lists it (XEP-0045 §6.1); NULL when none. */
void      cau_xmpp_client_find_room_service         (CauXmppClient        *self,
                                                     const char           *domain,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
char     *cau_xmpp_client_find_room_service_finish  (CauXmppClient        *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);

/* The public rooms of a room service (XEP-0045 §6.3): CauXmppRoomItem. */
void      cau_xmpp_client_list_rooms                (CauXmppClient        *self,
                                                     const char           *service,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
GArray   *cau_xmpp_client_list_rooms_finish         (CauXmppClient        *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);

G_END_DECLS
