/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

#include <gtk/gtk.h>

#include "core/cau-account-manager.h"

G_BEGIN_DECLS

#define CAU_TYPE_REGISTER_PAGE (cau_register_page_get_type ())
G_DECLARE_FINAL_TYPE (CauRegisterPage, cau_register_page, CAU, REGISTER_PAGE, GtkWidget)

CauAccountManager *cau_register_page_get_manager (CauRegisterPage   *self);
void               cau_register_page_set_manager (CauRegisterPage   *self,
                                                  CauAccountManager *manager);
/* Cancels what runs and goes back to choosing a server. */
void               cau_register_page_reset       (CauRegisterPage   *self);
void               cau_register_page_focus       (CauRegisterPage   *self);

G_END_DECLS
