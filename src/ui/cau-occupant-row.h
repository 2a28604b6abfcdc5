/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

#include <gtk/gtk.h>

#include "core/cau-occupant.h"
#include "core/cau-room.h"

G_BEGIN_DECLS

#define CAU_TYPE_OCCUPANT_ROW (cau_occupant_row_get_type ())
G_DECLARE_FINAL_TYPE (CauOccupantRow, cau_occupant_row, CAU, OCCUPANT_ROW, GtkWidget)

/* Someone in a room: their initials, nickname, role and affiliation. */
CauOccupantRow *cau_occupant_row_new          (void);
void            cau_occupant_row_set_occupant (CauOccupantRow *self,
                                               CauOccupant    *occupant);
/* The occupant's room: with it, a menu offers what our role and affiliation allow us to do to
 * them (kick, voice, ban, membership, moderation, administration). */
void            cau_occupant_row_set_room     (CauOccupantRow *self,
                                               CauRoom        *room);

/* The nickname between bidi isolates (U+2068 … U+2069), so that a
 * right-to-left one does not reorder the text around it. */
char           *cau_nick_isolate              (const char     *nick);
/* The CSS class giving @nick its XEP-0392 colour ("cau-nick-hue-N"). */
char           *cau_nick_hue_class            (const char     *nick);
/* What an occupant's colour is worked out from: their occupant id (XEP-0421) where the room
 * gives one, so that a person keeps their colour under another nickname and someone taking
 * a nickname others had does not take their colour; else the nickname. */
const char     *cau_occupant_colour_key       (const char     *nick,
                                               const char     *occupant_id);

G_END_DECLS
