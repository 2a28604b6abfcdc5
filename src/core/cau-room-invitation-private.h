/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

/* Inside the model only. */

#include "core/cau-room-invitation.h"
#include "xmpp/cau-xmpp-room-types.h"

G_BEGIN_DECLS

CauRoomInvitation *cau_room_invitation_new       (CauAccount              *account,
                                                  const CauXmppInvitation *from);
/* cau-account-rooms.c: the invitation is answered, or moot: out of the account's list. */
void               cau_account_forget_invitation (CauAccount              *account,
                                                  CauRoomInvitation       *invitation);
/* cau-account.c: emits CauAccount::invitation-declined. */
void               cau_account_emit_invitation_declined (CauAccount        *account,
                                                         const char        *room,
                                                         const char        *who,
                                                         const char        *reason);

G_END_DECLS
