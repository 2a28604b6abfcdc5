/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-time.h"

#define ZONE_MAX_AGE_US (60 * G_USEC_PER_SEC)

G_LOCK_DEFINE_STATIC (local_zone);
static GTimeZone *local_zone;
static gint64     local_zone_read_us;

GTimeZone *
cau_time_zone_dup_local (void)
{
  gint64 now = g_get_monotonic_time ();
  GTimeZone *zone;

  G_LOCK (local_zone);
  if (local_zone == NULL || now - local_zone_read_us > ZONE_MAX_AGE_US)
    {
      g_clear_pointer (&local_zone, g_time_zone_unref);
      local_zone = g_time_zone_new_local ();
      local_zone_read_us = now;
    }
  zone = g_time_zone_ref (local_zone);
  G_UNLOCK (local_zone);
  return zone;
}

GDateTime *
cau_date_time_new_now_local (void)
{
  g_autoptr(GTimeZone) zone = cau_time_zone_dup_local ();

  return g_date_time_new_now (zone);
}

GDateTime *
cau_date_time_new_unix_local (gint64 unix_seconds)
{
  g_autoptr(GTimeZone) zone = cau_time_zone_dup_local ();
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (unix_seconds);

  return utc ? g_date_time_to_timezone (utc, zone) : NULL;
}
