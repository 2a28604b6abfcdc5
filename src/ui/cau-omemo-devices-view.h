/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

#include <adwaita.h>

#include "core/cau-omemo-device-list.h"

G_BEGIN_DECLS

/* The OMEMO devices of an address as a preference group: each with its fingerprint and the
 * decisions to make (trust, verify after comparing, distrust; on our own account's list,
 * remove a stale device), and a field to verify from a pasted fingerprint or xmpp: link.
 * On our own list, this installation's device is left to the page around (it has the QR
 * code). Outcomes are said in the toast overlay around it. */
#define CAU_TYPE_OMEMO_DEVICES_VIEW (cau_omemo_devices_view_get_type ())
G_DECLARE_FINAL_TYPE (CauOmemoDevicesView, cau_omemo_devices_view, CAU, OMEMO_DEVICES_VIEW,
                      AdwBin)

CauOmemoDevicesView *cau_omemo_devices_view_new         (void);
CauOmemoDeviceList  *cau_omemo_devices_view_get_devices (CauOmemoDevicesView *self);
void                 cau_omemo_devices_view_set_devices (CauOmemoDevicesView *self,
                                                         CauOmemoDeviceList  *devices);
/* Verifies from a fingerprint or an xmpp: link with omemo-sid- parameters, as if pasted. */
gboolean             cau_omemo_devices_view_verify_text (CauOmemoDevicesView *self,
                                                         const char          *text,
                                                         GError             **error);

G_END_DECLS
