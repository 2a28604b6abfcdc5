/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */

#include "config.h"

#include "core/cau-time.h"

/*
 * Local times from the kept time zone: the same as GLib's own, in and out
 * of summer time, and NULL out of GDateTime's range.
 */

static void
test_same_as_glib (void)
{
  /* Winter and summer in Paris, and a leap day. */
  const gint64 seconds[] = { 0, 1700000000, 1719792000, 1709164800, -86400 };

  for (guint i = 0; i < G_N_ELEMENTS (seconds); i++)
    {
      g_autoptr(GDateTime) ours = cau_date_time_new_unix_local (seconds[i]);
      g_autoptr(GDateTime) glib = g_date_time_new_from_unix_local (seconds[i]);

      g_assert_nonnull (ours);
      g_assert_true (g_date_time_equal (ours, glib));
      g_assert_cmpint (g_date_time_get_utc_offset (ours), ==, g_date_time_get_utc_offset (glib));
      g_assert_cmpstr (g_date_time_get_timezone_abbreviation (ours), ==,
                       g_date_time_get_timezone_abbreviation (glib));
    }
}

static void
test_out_of_range (void)
{
  g_assert_null (cau_date_time_new_unix_local (G_MAXINT64 / G_USEC_PER_SEC));
  g_assert_null (cau_date_time_new_unix_local (G_MININT64 / G_USEC_PER_SEC));
}

static void
test_now (void)
{
  g_autoptr(GDateTime) ours = cau_date_time_new_now_local ();
  g_autoptr(GDateTime) glib = g_date_time_new_now_local ();

  g_assert_cmpint (g_date_time_get_utc_offset (ours), ==, g_date_time_get_utc_offset (glib));
  g_assert_cmpint (ABS (g_date_time_difference (glib, ours)), <, 60 * G_USEC_PER_SEC);
}

static void
test_zone_kept (void)
{
  g_autoptr(GTimeZone) first = cau_time_zone_dup_local ();
  g_autoptr(GTimeZone) second = cau_time_zone_dup_local ();

  /* One zone object, not a new one (a file read) per call. */
  g_assert_true (first == second);
}

int
main (int   argc,
      char *argv[])
{
  /* A zone with summer time, whatever the machine's. */
  g_setenv ("TZ", "Europe/Paris", TRUE);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cau/time/same-as-glib", test_same_as_glib);
  g_test_add_func ("/cau/time/out-of-range", test_out_of_range);
  g_test_add_func ("/cau/time/now", test_now);
  g_test_add_func ("/cau/time/zone-kept", test_zone_kept);
  return g_test_run ();
}
