/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

/* Inside the model only. */

#include "core/cau-conversation.h"
#include "core/cau-message-archive-private.h"
#include "store/cau-db-messages.h"

G_BEGIN_DECLS

/* Called by the conversation when it changed the store itself. */
typedef void (*CauConversationChanged) (CauStoreChanges *changes,
                                        gpointer         user_data);

CauConversation *cau_conversation_new          (CauAccount              *account,
                                                CauDb                   *db,
                                                const CauDbConversation *row,
                                                CauConversationChanged   changed,
                                                gpointer                 changed_data);
/* Returns TRUE when what the list shows (order, archived) changed. */
gboolean         cau_conversation_update       (CauConversation         *self,
                                                const CauDbConversation *row);
gboolean         cau_conversation_is_archived  (CauConversation         *self);
void             cau_conversation_set_title    (CauConversation         *self,
                                                const char              *title);
void             cau_conversation_set_chat_state (CauConversation       *self,
                                                  CauChatState           state);
/* A chat state from the contact: shown, and proof that their client
 * takes ours (XEP-0085 §5.1). */
void             cau_conversation_peer_chat_state (CauConversation      *self,
                                                   CauChatState          state);
void             cau_conversation_message_added   (CauConversation      *self,
                                                   gint64                id,
                                                   gboolean              incoming);
void             cau_conversation_message_updated (CauConversation      *self,
                                                   gint64                id);
void             cau_conversation_history_page    (CauConversation      *self,
                                                   int                   count);

G_END_DECLS
