/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

#include <adwaita.h>

#include "core/cau-account.h"

G_BEGIN_DECLS

/*
 * The public rooms of an account's room service (XEP-0045 §6.3), to pick one from: a filter,
 * then the rooms whose name or address match. ::room-chosen gives the room's address.
 */
#define CAU_TYPE_ROOM_DIRECTORY (cau_room_directory_get_type ())
G_DECLARE_FINAL_TYPE (CauRoomDirectory, cau_room_directory, CAU, ROOM_DIRECTORY,
                      AdwPreferencesGroup)

CauRoomDirectory *cau_room_directory_new         (void);
/* Lists the rooms of `account`'s service (NULL: nothing). */
void              cau_room_directory_set_account (CauRoomDirectory *self,
                                                  CauAccount       *account);

G_END_DECLS
