/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

#include <gtk/gtk.h>

#include "core/cau-room.h"

G_BEGIN_DECLS

#define CAU_TYPE_OCCUPANT_LIST (cau_occupant_list_get_type ())
G_DECLARE_FINAL_TYPE (CauOccupantList, cau_occupant_list, CAU, OCCUPANT_LIST, GtkWidget)

/* Who is in a room, moderators first, as the room's list has them. */
CauRoom *cau_occupant_list_get_room (CauOccupantList *self);
void     cau_occupant_list_set_room (CauOccupantList *self,
                                     CauRoom         *room);

G_END_DECLS
