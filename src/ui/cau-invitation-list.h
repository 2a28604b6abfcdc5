/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

#include <gtk/gtk.h>

#include "core/cau-account-manager.h"

G_BEGIN_DECLS

#define CAU_TYPE_INVITATION_LIST (cau_invitation_list_get_type ())
G_DECLARE_FINAL_TYPE (CauInvitationList, cau_invitation_list, CAU, INVITATION_LIST, GtkWidget)

/* The invitations to rooms of every account, above the conversations, with their answers;
 * hidden while there are none. Joining emits "conversation-opened" (CauConversation);
 * "failed" (message) when the room could not be opened. */
void cau_invitation_list_set_manager (CauInvitationList *self,
                                      CauAccountManager *manager);

G_END_DECLS
