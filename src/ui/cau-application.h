/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

#include <adwaita.h>

#include "core/cau-account-manager.h"

G_BEGIN_DECLS

#define CAU_TYPE_APPLICATION (cau_application_get_type ())
G_DECLARE_FINAL_TYPE (CauApplication, cau_application, CAU, APPLICATION, AdwApplication)

CauApplication    *cau_application_new                 (void);
CauAccountManager *cau_application_get_account_manager (CauApplication *self);
GSettings         *cau_application_get_settings        (CauApplication *self);
/* The outcome of a command handled in this process, for main(). */
int                cau_application_get_exit_status     (CauApplication *self);

G_END_DECLS
