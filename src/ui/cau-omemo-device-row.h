/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

#include <adwaita.h>

#include "core/cau-omemo-device.h"

G_BEGIN_DECLS

/* One OMEMO device in a trust list: its name or number, what was decided about it, its
 * fingerprint (monospace, selectable), and buttons for the decisions that apply; they
 * activate the `devices.trust`, `devices.verify`, `devices.distrust` and `devices.remove`
 * actions (with the device id, "u") of the list around it. A device waiting for a decision
 * stands out. */
#define CAU_TYPE_OMEMO_DEVICE_ROW (cau_omemo_device_row_get_type ())
G_DECLARE_FINAL_TYPE (CauOmemoDeviceRow, cau_omemo_device_row, CAU, OMEMO_DEVICE_ROW,
                      GtkListBoxRow)

/* `removable`: one of our own account's devices, which can be taken out of our list. */
GtkWidget      *cau_omemo_device_row_new        (CauOmemoDevice    *device,
                                                 gboolean           removable);
CauOmemoDevice *cau_omemo_device_row_get_device (CauOmemoDeviceRow *self);
/* What the row says of the device's state, for a person ("Trusted", "Not decided"…). */
char           *cau_omemo_device_row_describe   (CauOmemoDevice    *device);

G_END_DECLS
