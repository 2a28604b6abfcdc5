/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

#include <gtk/gtk.h>

#include "core/cau-account-manager.h"

G_BEGIN_DECLS

#define CAU_TYPE_ACCOUNT_BANNER (cau_account_banner_get_type ())
G_DECLARE_FINAL_TYPE (CauAccountBanner, cau_account_banner, CAU, ACCOUNT_BANNER, GtkWidget)

CauAccountManager *cau_account_banner_get_manager (CauAccountBanner  *self);
void               cau_account_banner_set_manager (CauAccountBanner  *self,
                                                   CauAccountManager *manager);

G_END_DECLS
