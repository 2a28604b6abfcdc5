/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

#include <gtk/gtk.h>

#include "core/cau-conversation.h"

G_BEGIN_DECLS

#define CAU_TYPE_CONVERSATION_ROW (cau_conversation_row_get_type ())
G_DECLARE_FINAL_TYPE (CauConversationRow, cau_conversation_row, CAU, CONVERSATION_ROW, GtkWidget)

CauConversation *cau_conversation_row_get_conversation (CauConversationRow *self);
void             cau_conversation_row_set_conversation (CauConversationRow *self,
                                                        CauConversation    *conversation);

G_END_DECLS
