/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

#include <adwaita.h>

#include "core/cau-profile.h"

G_BEGIN_DECLS

#define CAU_TYPE_PROFILE_VIEW (cau_profile_view_get_type ())
G_DECLARE_FINAL_TYPE (CauProfileView, cau_profile_view, CAU, PROFILE_VIEW, AdwBin)

/* A contact's profile as two preference groups: its vCard (a spinner while
 * it loads, a message when there is none or it failed; e-mail addresses,
 * phone numbers and web sites open in other apps) and its online devices
 * with the software each runs. */
CauProfileView *cau_profile_view_new         (void);
void            cau_profile_view_set_profile (CauProfileView *self,
                                              CauProfile     *profile);

G_END_DECLS
