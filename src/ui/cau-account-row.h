/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

#include <gtk/gtk.h>

#include "core/cau-account.h"

G_BEGIN_DECLS

#define CAU_TYPE_ACCOUNT_ROW (cau_account_row_get_type ())
G_DECLARE_FINAL_TYPE (CauAccountRow, cau_account_row, CAU, ACCOUNT_ROW, GtkWidget)

CauAccount *cau_account_row_get_account (CauAccountRow *self);
void        cau_account_row_set_account (CauAccountRow *self,
                                         CauAccount    *account);

G_END_DECLS
