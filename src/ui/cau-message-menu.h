/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

#include <gtk/gtk.h>

#include "core/cau-room.h"
#include "cau-message-row.h"

G_BEGIN_DECLS

/* Opens the menu of the message `row` shows, pointing at (x, y) in the row: copying its text,
 * and in `room` (nullable: a one-to-one chat) what a moderator may do to it. Nothing opens when
 * the menu would be empty. */
void cau_message_menu_popup (CauMessageRow *row,
                             CauRoom       *room,
                             double         x,
                             double         y);

G_END_DECLS
