/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

/* Inside the model only: the profile fills its devices in. */

#include "core/cau-profile-device.h"

G_BEGIN_DECLS

CauProfileDevice *cau_profile_device_new          (const char       *full_jid);
void              cau_profile_device_set_software (CauProfileDevice *self,
                                                   const char       *software,
                                                   const char       *version,
                                                   const char       *os);

G_END_DECLS
