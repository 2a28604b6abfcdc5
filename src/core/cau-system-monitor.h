/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/*
 * Tells when connections are worth retrying at once: the network changed
 * and is available (GNetworkMonitor), or the machine resumed from
 * suspend (logind's PrepareForSleep(false) on the system bus).
 */
#define CAU_TYPE_SYSTEM_MONITOR (cau_system_monitor_get_type ())
G_DECLARE_FINAL_TYPE (CauSystemMonitor, cau_system_monitor, CAU, SYSTEM_MONITOR, GObject)

CauSystemMonitor *cau_system_monitor_new (void);

G_END_DECLS
