/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

#include <adwaita.h>

#include "core/cau-account-manager.h"

G_BEGIN_DECLS

#define CAU_TYPE_CONTACTS_VIEW (cau_contacts_view_get_type ())
G_DECLARE_FINAL_TYPE (CauContactsView, cau_contacts_view, CAU, CONTACTS_VIEW, GtkWidget)

/* The contacts of every account, searchable, with the subscription
 * requests at the top. Activating a contact opens its conversation:
 * "conversation-opened" (CauConversation). */
CauAccountManager *cau_contacts_view_get_manager (CauContactsView   *self);
void               cau_contacts_view_set_manager (CauContactsView   *self,
                                                  CauAccountManager *manager);
/* Shown anew: the search is cleared and has the focus. */
void               cau_contacts_view_reset       (CauContactsView   *self);

G_END_DECLS
