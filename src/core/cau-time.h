/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Local times without a file read each. GLib 2.74's
 * g_time_zone_new_local() reads /etc/localtime again at every call when
 * TZ is unset (it compares the zone it keeps with the unset variable), and
 * a page of history asks for hundreds of local times. The zone is read
 * again when it is a minute old, so a change of time zone shows soon. */
GTimeZone *cau_time_zone_dup_local         (void);
GDateTime *cau_date_time_new_now_local     (void);
/* @unix_seconds as a local time; NULL when out of GDateTime's range. */
GDateTime *cau_date_time_new_unix_local    (gint64 unix_seconds);

G_END_DECLS
