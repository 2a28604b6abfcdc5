/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

#include <gio/gio.h>

#include "core/cau-account.h"
#include "core/cau-account-manager.h"
#include "core/cau-conversation.h"

G_BEGIN_DECLS

#define CAU_TYPE_ROOM_INVITATION (cau_room_invitation_get_type ())
G_DECLARE_FINAL_TYPE (CauRoomInvitation, cau_room_invitation, CAU, ROOM_INVITATION, GObject)

/* An invitation to a room (XEP-0249 or XEP-0045 §7.8.2) waiting for an answer. Nothing is
 * entered until it is accepted. */
CauAccount      *cau_room_invitation_get_account  (CauRoomInvitation  *self);
/* The room's bare JID. */
const char      *cau_room_invitation_get_room     (CauRoomInvitation  *self);
/* The bare JID of who invites. */
const char      *cau_room_invitation_get_inviter  (CauRoomInvitation  *self);
/* Nullable: what they said, from a stranger: plain text. */
const char      *cau_room_invitation_get_reason   (CauRoomInvitation  *self);
/* Nullable: the room's password, given with the invitation. */
const char      *cau_room_invitation_get_password (CauRoomInvitation  *self);
/* Whether it came through the room (then declining tells the inviter). */
gboolean         cau_room_invitation_get_mediated (CauRoomInvitation  *self);

/* Enters the room with the invitation's password (as cau_account_manager_join_room() does),
 * under `nick` (nullable: the nickname the room had, else our address's local part), and
 * forgets the invitation. */
CauConversation *cau_room_invitation_accept       (CauRoomInvitation  *self,
                                                   CauAccountManager  *manager,
                                                   const char         *nick,
                                                   GError            **error);
/* Forgets it; one that came through the room is declined through it, telling the inviter. */
void             cau_room_invitation_decline      (CauRoomInvitation  *self);

/* The account's invitations waiting for an answer, oldest first (CauRoomInvitation;
 * cau-account-rooms.c). A second invitation to the same room replaces the first. */
GListModel      *cau_account_get_room_invitations (CauAccount         *account);

G_END_DECLS
