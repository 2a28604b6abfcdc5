/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

#include <adwaita.h>

#include "cau-application.h"

G_BEGIN_DECLS

#define CAU_TYPE_WINDOW (cau_window_get_type ())
G_DECLARE_FINAL_TYPE (CauWindow, cau_window, CAU, WINDOW, AdwApplicationWindow)

CauWindow *cau_window_new              (CauApplication *app);
void       cau_window_show_add_account (CauWindow      *self);

G_END_DECLS
