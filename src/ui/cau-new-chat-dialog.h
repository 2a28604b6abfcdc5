/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

#include <adwaita.h>

#include "core/cau-account-manager.h"

G_BEGIN_DECLS

#define CAU_TYPE_NEW_CHAT_DIALOG (cau_new_chat_dialog_get_type ())
G_DECLARE_FINAL_TYPE (CauNewChatDialog, cau_new_chat_dialog, CAU, NEW_CHAT_DIALOG, AdwMessageDialog)

/* Asks for an address (and an account, when there are several) and opens
 * the conversation: "conversation-opened" (CauConversation) on success,
 * "failed" (message) when it could not be opened after the dialog closed. */
CauNewChatDialog *cau_new_chat_dialog_new (GtkWindow         *parent,
                                           CauAccountManager *manager);

G_END_DECLS
