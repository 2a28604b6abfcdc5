/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

#include <adwaita.h>

#include "core/cau-account-manager.h"

G_BEGIN_DECLS

#define CAU_TYPE_ACCOUNT_PAGE (cau_account_page_get_type ())
G_DECLARE_FINAL_TYPE (CauAccountPage, cau_account_page, CAU, ACCOUNT_PAGE, GtkWidget)

CauAccount *cau_account_page_get_account (CauAccountPage *self);
void        cau_account_page_set_account (CauAccountPage *self,
                                          CauAccount     *account);

G_END_DECLS
