/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

#include <adwaita.h>

#include "core/cau-room.h"

G_BEGIN_DECLS

#define CAU_TYPE_ROOM_DETAILS (cau_room_details_get_type ())
G_DECLARE_FINAL_TYPE (CauRoomDetails, cau_room_details, CAU, ROOM_DETAILS, AdwPreferencesWindow)

/* What a room is, its address to share, our nickname in it, leaving it, and, for its owners,
 * its settings. */
CauRoomDetails *cau_room_details_new           (GtkWindow      *parent,
                                                CauRoom        *room);
/* Opens the owners' settings page (as its row does). */
void            cau_room_details_show_settings (CauRoomDetails *self);

G_END_DECLS
