/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

#include <adwaita.h>

#include "core/cau-account.h"

G_BEGIN_DECLS

/* The account's encryption page: this device's fingerprint with the QR code of its
 * verification link (what contacts scan), and the account's other devices to decide about or
 * remove. */
#define CAU_TYPE_OMEMO_OWN_PAGE (cau_omemo_own_page_get_type ())
G_DECLARE_FINAL_TYPE (CauOmemoOwnPage, cau_omemo_own_page, CAU, OMEMO_OWN_PAGE,
                      AdwPreferencesPage)

void cau_omemo_own_page_set_account (CauOmemoOwnPage *self,
                                     CauAccount      *account);

G_END_DECLS
