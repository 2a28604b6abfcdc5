/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

#include <gtk/gtk.h>

#include "core/cau-room.h"

G_BEGIN_DECLS

#define CAU_TYPE_ROOM_STATUS (cau_room_status_get_type ())
G_DECLARE_FINAL_TYPE (CauRoomStatus, cau_room_status, CAU, ROOM_STATUS, GtkWidget)

/* A strip above a room's messages while we are not in it: why, and the
 * way back in (with another nickname or a password when that is why). */
CauRoom *cau_room_status_get_room (CauRoomStatus *self);
void     cau_room_status_set_room (CauRoomStatus *self,
                                   CauRoom       *room);

G_END_DECLS
