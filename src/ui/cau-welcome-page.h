/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

#include <gtk/gtk.h>

#include "core/cau-account-manager.h"

G_BEGIN_DECLS

#define CAU_TYPE_WELCOME_PAGE (cau_welcome_page_get_type ())
G_DECLARE_FINAL_TYPE (CauWelcomePage, cau_welcome_page, CAU, WELCOME_PAGE, GtkWidget)

CauAccountManager *cau_welcome_page_get_manager    (CauWelcomePage    *self);
gboolean           cau_welcome_page_get_can_cancel (CauWelcomePage    *self);
void               cau_welcome_page_set_manager    (CauWelcomePage    *self,
                                                    CauAccountManager *manager);
/* Adding another account rather than the first: offers a way back. */
void               cau_welcome_page_set_can_cancel (CauWelcomePage    *self,
                                                    gboolean           can_cancel);
/* Back to the first page, every field empty, nothing running. */
void               cau_welcome_page_reset          (CauWelcomePage    *self);

G_END_DECLS
