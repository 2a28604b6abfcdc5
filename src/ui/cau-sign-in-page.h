/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

#include <gtk/gtk.h>

#include "core/cau-account-manager.h"

G_BEGIN_DECLS

#define CAU_TYPE_SIGN_IN_PAGE (cau_sign_in_page_get_type ())
G_DECLARE_FINAL_TYPE (CauSignInPage, cau_sign_in_page, CAU, SIGN_IN_PAGE, GtkWidget)

CauAccountManager *cau_sign_in_page_get_manager (CauSignInPage     *self);
void               cau_sign_in_page_set_manager (CauSignInPage     *self,
                                                 CauAccountManager *manager);
/* Cancels what runs and empties the fields. */
void               cau_sign_in_page_reset       (CauSignInPage     *self);
void               cau_sign_in_page_focus       (CauSignInPage     *self);

G_END_DECLS
