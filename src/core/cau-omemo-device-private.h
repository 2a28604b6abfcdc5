/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

#include "core/cau-omemo-device.h"
#include "store/cau-db-omemo.h"

G_BEGIN_DECLS

CauOmemoDevice *cau_omemo_device_new    (guint32                 device_id);
/* Takes the row's state, notifying what changed. */
void            cau_omemo_device_update (CauOmemoDevice         *self,
                                         const CauDbOmemoDevice *row,
                                         gboolean                this_device);

G_END_DECLS
