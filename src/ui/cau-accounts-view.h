/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

#include <adwaita.h>

#include "core/cau-account-manager.h"

G_BEGIN_DECLS

#define CAU_TYPE_ACCOUNTS_VIEW (cau_accounts_view_get_type ())
G_DECLARE_FINAL_TYPE (CauAccountsView, cau_accounts_view, CAU, ACCOUNTS_VIEW, GtkWidget)

CauAccountManager *cau_accounts_view_get_manager          (CauAccountsView   *self);
CauAccount        *cau_accounts_view_get_selected_account (CauAccountsView   *self);
void               cau_accounts_view_set_manager          (CauAccountsView   *self,
                                                           CauAccountManager *manager);
/* Selects the account (or nothing) and, when folded, shows its page. */
void               cau_accounts_view_show_account         (CauAccountsView   *self,
                                                           CauAccount        *account);
/* Shows the account and asks for its password. */
void               cau_accounts_view_ask_password         (CauAccountsView   *self,
                                                           CauAccount        *account);

G_END_DECLS
