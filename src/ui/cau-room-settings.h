/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

#include <adwaita.h>

#include "core/cau-room.h"

G_BEGIN_DECLS

#define CAU_TYPE_ROOM_SETTINGS (cau_room_settings_get_type ())
G_DECLARE_FINAL_TYPE (CauRoomSettings, cau_room_settings, CAU, ROOM_SETTINGS, AdwBin)

/* The room's configuration form for its owners, as a subpage of CauRoomDetails: fetched when
 * made, only what the person changed is sent. */
CauRoomSettings *cau_room_settings_new (CauRoom *room);

G_END_DECLS
