/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

#include <gtk/gtk.h>

#include "core/cau-room.h"

G_BEGIN_DECLS

/*
 * Completing occupants' nicknames in a room's composer: typing "@" and the start of a
 * nickname (or the start of a nickname and Tab) offers the occupants whose nickname starts so;
 * Up and Down choose, Enter or Tab takes one, Escape closes.
 */
typedef struct _CauNickCompletion CauNickCompletion;

/* The popover is a child of `owner` (which holds `text_view`): its size_allocate must call
 * cau_nick_completion_present(). */
CauNickCompletion *cau_nick_completion_new         (GtkWidget         *owner,
                                                    GtkTextView       *text_view);
void               cau_nick_completion_present     (CauNickCompletion *self);
void               cau_nick_completion_free        (CauNickCompletion *self);
/* The room whose occupants are offered; NULL outside rooms. */
void               cau_nick_completion_set_room    (CauNickCompletion *self,
                                                    CauRoom           *room);
/* From the text view's key handler, before anything else: TRUE when the key was taken. */
gboolean           cau_nick_completion_key_pressed (CauNickCompletion *self,
                                                    guint              keyval,
                                                    GdkModifierType    state);
/* The text changed: offers (or stops offering) nicknames. */
void               cau_nick_completion_update      (CauNickCompletion *self);

G_END_DECLS
