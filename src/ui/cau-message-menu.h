/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

#include <gtk/gtk.h>

#include "core/cau-conversation.h"
#include "cau-message-row.h"

G_BEGIN_DECLS

/* Opens the menu of the message `row` shows in `conversation`, pointing at (x, y) in the row:
 * copying its text, correcting it when it is our last, and in a room what a moderator may do
 * to it. Nothing opens when the menu would be empty. Correcting activates chat.edit-message
 * with the message's id. */
void cau_message_menu_popup (CauMessageRow   *row,
                             CauConversation *conversation,
                             double           x,
                             double           y);

G_END_DECLS
