/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

/* Shared by the OMEMO builders and parsers (cau-xep-0384-omemo*.c). */

#include "cau-xep-0384-omemo.h"

G_BEGIN_DECLS

const char *cau_xep_omemo_ns_for           (CauXmppOmemoVersion version);
const char *cau_xep_omemo_devices_node_for (CauXmppOmemoVersion version);
/* Legacy: the device's own node; OMEMO 2: the shared one. */
char       *cau_xep_omemo_bundles_node_for (CauXmppOmemoVersion version,
                                            guint32             device_id);

G_END_DECLS
