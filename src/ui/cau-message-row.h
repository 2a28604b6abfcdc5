/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

#include <gtk/gtk.h>

#include "core/cau-message.h"

G_BEGIN_DECLS

#define CAU_TYPE_MESSAGE_ROW (cau_message_row_get_type ())
G_DECLARE_FINAL_TYPE (CauMessageRow, cau_message_row, CAU, MESSAGE_ROW, GtkWidget)

/* Longest body shown in a row; the rest is cut with an ellipsis. */
#define CAU_MESSAGE_ROW_MAX_CHARS 4000

CauMessageRow *cau_message_row_new          (void);
CauMessage    *cau_message_row_get_message  (CauMessageRow *self);
/* Shows @message; @sender_name names its author (for /me). */
void           cau_message_row_set_message  (CauMessageRow *self,
                                             CauMessage    *message,
                                             const char    *sender_name);
/* The message before it decides on the day heading and the sender
 * heading; NULL for the first one. */
void           cau_message_row_set_previous (CauMessageRow *self,
                                             CauMessage    *previous);

G_END_DECLS
