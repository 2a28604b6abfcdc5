/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

/*
 * Every account's open conversations as a GListModel of CauConversation:
 * pinned first, then by newest activity. Inside the model only; the UI
 * gets it from the account manager.
 */

#include "core/cau-conversation.h"
#include "core/cau-message-archive-private.h"
#include "store/cau-db-messages.h"

G_BEGIN_DECLS

#define CAU_TYPE_CONVERSATION_LIST (cau_conversation_list_get_type ())
G_DECLARE_FINAL_TYPE (CauConversationList, cau_conversation_list, CAU, CONVERSATION_LIST, GObject)

CauConversationList *cau_conversation_list_new         (CauDb               *db);
void                 cau_conversation_list_add_account (CauConversationList *self,
                                                        CauAccount          *account);
void                 cau_conversation_list_remove_account (CauConversationList *self,
                                                           CauAccount          *account);
/* What the engine (or a conversation) stored. */
void                 cau_conversation_list_apply       (CauConversationList *self,
                                                        CauStoreChanges     *changes);
CauConversation     *cau_conversation_list_lookup      (CauConversationList *self,
                                                        CauAccount          *account,
                                                        const char          *peer);
/* The conversation with `peer`, created (and un-archived) if need be. */
CauConversation     *cau_conversation_list_ensure      (CauConversationList *self,
                                                        CauAccount          *account,
                                                        const char          *peer,
                                                        GError             **error);

G_END_DECLS
