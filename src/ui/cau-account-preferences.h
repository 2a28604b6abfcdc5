/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

#include <adwaita.h>

#include "core/cau-account-manager.h"

G_BEGIN_DECLS

#define CAU_TYPE_ACCOUNT_PREFERENCES (cau_account_preferences_get_type ())
G_DECLARE_FINAL_TYPE (CauAccountPreferences, cau_account_preferences, CAU, ACCOUNT_PREFERENCES,
                      AdwPreferencesWindow)

CauAccountPreferences *cau_account_preferences_new (GtkWindow         *parent,
                                                    CauAccountManager *manager,
                                                    CauAccount        *account);

G_END_DECLS
