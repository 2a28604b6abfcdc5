/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

#include <adwaita.h>

#include "core/cau-account-manager.h"

G_BEGIN_DECLS

#define CAU_TYPE_CREATE_ROOM_DIALOG (cau_create_room_dialog_get_type ())
G_DECLARE_FINAL_TYPE (CauCreateRoomDialog, cau_create_room_dialog, CAU, CREATE_ROOM_DIALOG,
                      AdwWindow)

/* Asks what kind of room to create (a private group or a public channel), its name,
 * description, address and our nickname, and creates it: "conversation-opened"
 * (CauConversation) once asked; what the room answers shows on the conversation. */
CauCreateRoomDialog *cau_create_room_dialog_new         (GtkWindow           *parent,
                                                         CauAccountManager   *manager);
void                 cau_create_room_dialog_set_account (CauCreateRoomDialog *self,
                                                         CauAccount          *account);

G_END_DECLS
