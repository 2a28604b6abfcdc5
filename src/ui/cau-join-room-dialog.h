/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

#include <adwaita.h>

#include "core/cau-account-manager.h"

G_BEGIN_DECLS

#define CAU_TYPE_JOIN_ROOM_DIALOG (cau_join_room_dialog_get_type ())
G_DECLARE_FINAL_TYPE (CauJoinRoomDialog, cau_join_room_dialog, CAU, JOIN_ROOM_DIALOG, AdwWindow)

/* Asks for a room's address, a nickname (and a password, an account when
 * there are several) and enters the room: "conversation-opened"
 * (CauConversation) on success; a refusal is said in the dialog, which stays open. */
CauJoinRoomDialog *cau_join_room_dialog_new         (GtkWindow         *parent,
                                                     CauAccountManager *manager);
void               cau_join_room_dialog_set_account (CauJoinRoomDialog *self,
                                                     CauAccount        *account);
void               cau_join_room_dialog_set_address (CauJoinRoomDialog *self,
                                                     const char        *address);

G_END_DECLS
