/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

#include <gtk/gtk.h>

#include "core/cau-conversation.h"

G_BEGIN_DECLS

#define CAU_TYPE_CHAT_VIEW (cau_chat_view_get_type ())
G_DECLARE_FINAL_TYPE (CauChatView, cau_chat_view, CAU, CHAT_VIEW, GtkWidget)

CauConversation *cau_chat_view_get_conversation (CauChatView     *self);
gboolean         cau_chat_view_get_folded       (CauChatView     *self);
void             cau_chat_view_set_conversation (CauChatView     *self,
                                                 CauConversation *conversation);
/* In a folded window: a back button, and the window's own buttons. */
void             cau_chat_view_set_folded       (CauChatView     *self,
                                                 gboolean         folded);
void             cau_chat_view_focus_composer   (CauChatView     *self);

G_END_DECLS
