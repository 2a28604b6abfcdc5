/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "bench-archive-floor.h"
#include "cau-test-peer.h"
#include "cau-test-prosody.h"
#include "cau-test-util.h"
#include "store/cau-db-messages.h"

#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

/*
 * Messaging benchmarks (issue 3). The client is the model without a
 * window (tests/cau-test-device.c) in a process of its own, so that its
 * CPU time and memory are its own; a scripted peer on the same Prosody
 * sends. Numbers are printed; nothing is asserted on time.
 *
 *   burst:    2 000 messages asking for receipts, client online: client
 *             CPU per message; when the last receipt came back.
 *   memory:   RSS before and after 5 000 received messages.
 *   catch-up: 10 000 messages archived while the client was away: start
 *             to all stored (wall), client CPU; before it, the floor: a
 *             bare client given the same messages, keeping nothing, with
 *             stream management and without.
 *   roster:   1 000 contacts: start to online, RSS, next to an empty roster.
 *   stalls:   the longest main-thread stall over each of the above.
 */

#define WAIT_S 300

typedef struct {
  CauTestProsody *prosody;
  char           *dir;
  GSubprocess    *process;
  GDataInputStream *out;
  gint64          spawned_us;
} Device;

static char *
device_path (void)
{
  return g_build_filename (g_getenv ("CAU_BUILD_ROOT"), "tests", "cau-test-device", NULL);
}

static void
device_start (Device *device)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = device_path ();
  g_autofree char *port = g_strdup_printf ("%u", cau_test_prosody_get_port (device->prosody));
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autofree char *line = NULL;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_setenv (launcher, "CAU_DEVICE_STALLS", "1", TRUE);
  /* CAU_BENCH_DEVICE_DEBUG=domains: the device's debug log, on stderr. */
  if (g_getenv ("CAU_BENCH_DEVICE_DEBUG") != NULL)
    g_subprocess_launcher_setenv (launcher, "G_MESSAGES_DEBUG",
                                  g_getenv ("CAU_BENCH_DEVICE_DEBUG"), TRUE);
  else
    g_subprocess_launcher_unsetenv (launcher, "G_MESSAGES_DEBUG");
  device->spawned_us = g_get_monotonic_time ();
  device->process = g_subprocess_launcher_spawn (launcher, &error, path, device->dir,
                                                 "bob@localhost", "127.0.0.1", port,
                                                 cau_test_prosody_get_cert_sha256 (device->prosody),
                                                 NULL);
  g_assert_no_error (error);
  g_output_stream_write_all (g_subprocess_get_stdin_pipe (device->process), "bob-pw\n", 7,
                             NULL, NULL, &error);
  g_assert_no_error (error);
  device->out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (device->process));
  line = g_data_input_stream_read_line (device->out, NULL, NULL, &error);
  g_assert_cmpstr (line, ==, "online");
}

static void
device_stop (Device *device)
{
  g_subprocess_send_signal (device->process, SIGTERM);
  g_subprocess_wait (device->process, NULL, NULL);
  g_clear_object (&device->out);
  g_clear_object (&device->process);
}

static GPid
device_pid (Device *device)
{
  return atoi (g_subprocess_get_identifier (device->process));
}

/* User + system CPU of the whole process, ms. */
static double
cpu_ms (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", pid);
  g_autofree char *text = NULL;
  g_auto(GStrv) fields = NULL;
  const char *after;

  if (!g_file_get_contents (path, &text, NULL, NULL) || (after = strrchr (text, ')')) == NULL)
    return 0;
  fields = g_strsplit (after + 2, " ", -1);
  /* After "pid (comm) ": state is field 0; utime 11, stime 12. */
  return (g_ascii_strtod (fields[11], NULL) + g_ascii_strtod (fields[12], NULL)) * 1000.0 /
         sysconf (_SC_CLK_TCK);
}

static double
rss_mb (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/status", pid);
  g_autofree char *text = NULL;
  const char *line;

  if (!g_file_get_contents (path, &text, NULL, NULL) || (line = strstr (text, "VmRSS:")) == NULL)
    return 0;
  return g_ascii_strtod (line + 6, NULL) / 1024.0;
}

/* The longest main-thread stall since the last call, ms. */
static double
stall_ms (Device *device)
{
  g_autofree char *line = NULL;

  g_subprocess_send_signal (device->process, SIGUSR1);
  line = g_data_input_stream_read_line (device->out, NULL, NULL, NULL);
  g_assert_true (line != NULL && g_str_has_prefix (line, "stall "));
  return g_ascii_strtoll (line + 6, NULL, 10) / 1000.0;
}

static guint
stored_count (Device *device)
{
  g_autofree char *path = g_build_filename (device->dir, "causerie.db", NULL);
  g_autoptr(CauDb) db = cau_db_open_readonly (path, NULL);
  g_autoptr(GPtrArray) conversations = NULL;
  guint count = 0;

  if (db == NULL || (conversations = cau_db_list_conversations (db, 0, NULL)) == NULL)
    return 0;
  for (guint i = 0; i < conversations->len; i++)
    count += cau_db_count_messages (db, ((CauDbConversation *) conversations->pdata[i])->id,
                                    NULL);
  return count;
}

typedef struct {
  Device *device;
  guint   count;
} StoredWait;

static gboolean
has_stored (gpointer data)
{
  StoredWait *wait = data;

  return stored_count (wait->device) >= wait->count;
}

typedef struct {
  CauTestPeer *peer;
  guint        count;
} ReceiptWait;

static gboolean
has_receipts (gpointer data)
{
  ReceiptWait *wait = data;

  return cau_test_peer_get_receipts (wait->peer) >= wait->count;
}

static void
send_burst (CauTestPeer *alice,
            guint        first,
            guint        n)
{
  for (guint i = first; i < first + n; i++)
    {
      g_autofree char *body = g_strdup_printf ("Message number %u of the benchmark, "
                                               "about as long as a chat line.", i);
      g_autofree char *id = g_strdup_printf ("bench-%u", i);

      cau_test_peer_send (alice, "bob@localhost", body, id);
    }
}

static void
bench_burst_and_memory (Device      *device,
                        CauTestPeer *alice)
{
  ReceiptWait receipts = { alice, 2000 };
  StoredWait stored = { device, 5000 };
  double cpu0, cpu1, rss0, rss1;
  gint64 sent_us;

  cau_test_spin (3000);
  rss0 = rss_mb (device_pid (device));
  stall_ms (device);

  cpu0 = cpu_ms (device_pid (device));
  send_burst (alice, 0, 2000);
  g_assert_true (cau_test_peer_sync (alice, WAIT_S));
  sent_us = g_get_monotonic_time ();
  g_assert_true (cau_test_wait_until (has_receipts, &receipts, WAIT_S));
  cau_test_spin (500);
  cpu1 = cpu_ms (device_pid (device));
  g_print ("burst: 2000 messages with receipt requests: client CPU %.0f ms, %.3f ms per message; "
           "last receipt %.0f ms after the server had taken the last message\n",
           cpu1 - cpu0, (cpu1 - cpu0) / 2000,
           MAX (0, cau_test_peer_get_last_receipt_us (alice) - sent_us) / 1000.0);
  g_print ("burst: longest main-thread stall %.1f ms\n", stall_ms (device));

  send_burst (alice, 2000, 3000);
  g_assert_true (cau_test_peer_sync (alice, WAIT_S));
  g_assert_true (cau_test_wait_until (has_stored, &stored, WAIT_S));
  cau_test_spin (3000);
  rss1 = rss_mb (device_pid (device));
  g_print ("memory: RSS %.1f MB idle, %.1f MB after 5000 received messages (%+.1f MB)\n",
           rss0, rss1, rss1 - rss0);
  g_print ("memory: longest main-thread stall %.1f ms\n", stall_ms (device));
}

/* What the server alone needs to hand the newest 10 000 messages to a
 * client that keeps nothing (and so sends no receipts: Prosody archives
 * receipts, each a write of its own): a catch-up cannot take less on this
 * server. Stream management costs the server a copy of each stanza it
 * sends (Prosody's mod_smacks keeps one until it is acknowledged). */
static void
bench_catch_up_floor (CauTestProsody *prosody,
                      gboolean        stream_management)
{
  g_autoptr(GError) error = NULL;
  GPid server = cau_test_prosody_get_pid (prosody);
  double server_cpu = cpu_ms (server);
  CauArchiveFloor floor;

  g_assert_true (cau_bench_read_archive_tail ("127.0.0.1", cau_test_prosody_get_port (prosody),
                                              "bob@localhost/floor", "bob-pw", 10000,
                                              stream_management, &floor, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (floor.messages, >=, 10000);
  g_print ("catch-up floor: a bare client given the same %u messages in %u pages, keeping "
           "nothing, %s stream management: %.0f ms, server CPU %.0f ms meanwhile\n",
           floor.messages, floor.pages, stream_management ? "with" : "without",
           floor.wall_ms, cpu_ms (server) - server_cpu);
}

static void
bench_catch_up (Device      *device,
                CauTestPeer *alice)
{
  StoredWait stored = { device, 15000 };
  GPid server = cau_test_prosody_get_pid (device->prosody);
  double cpu, server_cpu;
  gint64 done_us;
  gint64 t0;

  device_stop (device);
  t0 = g_get_monotonic_time ();
  send_burst (alice, 5000, 10000);
  g_assert_true (cau_test_peer_sync (alice, WAIT_S));
  g_print ("catch-up: the peer sent 10000 messages in %.0f ms\n",
           (g_get_monotonic_time () - t0) / 1000.0);
  bench_catch_up_floor (device->prosody, TRUE);
  bench_catch_up_floor (device->prosody, FALSE);

  /* The server's CPU time over the catch-up tells whether it, or the
   * client, was the limit (the server handles a stream's requests one
   * after another, on one core). */
  server_cpu = cpu_ms (server);
  device_start (device);
  g_assert_true (cau_test_wait_until (has_stored, &stored, WAIT_S));
  done_us = g_get_monotonic_time ();
  cpu = cpu_ms (device_pid (device));
  server_cpu = cpu_ms (server) - server_cpu;
  g_print ("catch-up: 10000 archived messages: all stored %.0f ms after start, "
           "client CPU %.0f ms (start-up included), server CPU %.0f ms meanwhile\n",
           (done_us - device->spawned_us) / 1000.0, cpu, server_cpu);
  g_print ("catch-up: longest main-thread stall %.1f ms\n", stall_ms (device));
  g_print ("catch-up: stored %u messages (10000 new + 5000 before)\n", stored_count (device));
}

static void
add_contacts (CauTestProsody *prosody,
              guint           n)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *lua = g_strdup_printf (
    "local rm = require \"core.rostermanager\"; "
    "local r = assert (rm.load_roster (\"bob\", \"localhost\")); "
    "for i = 1, %u do "
    "  r[\"contact\" .. i .. \"@example.org\"] = { subscription = \"both\", groups = { \"Bench\" }, "
    "    name = \"Contact \" .. i }; "
    "end; "
    "r[false] = r[false] or {}; r[false].version = (r[false].version or 0) + 1; "
    "assert (rm.save_roster (\"bob\", \"localhost\", r)); return \"added\"", n);

  g_assert_true (cau_test_prosody_shell (prosody, lua, NULL, &error));
  g_assert_no_error (error);
}

#define ROSTER_STARTS 9

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

/* Starts the device ROSTER_STARTS times, each once the server has
 * settled (going offline, the server tells each contact, and with s2s off
 * answers itself as many errors); prints the median time to online and
 * the range. Leaves the device running; returns the median. */
static double
time_starts (Device     *device,
             const char *server,
             const char *what)
{
  double online_ms[ROSTER_STARTS];
  double cpu[ROSTER_STARTS];

  for (guint i = 0; i < ROSTER_STARTS; i++)
    {
      if (i > 0)
        device_stop (device);
      cau_test_spin (3000);
      device_start (device);
      online_ms[i] = (g_get_monotonic_time () - device->spawned_us) / 1000.0;
      cpu[i] = cpu_ms (device_pid (device));
    }
  qsort (online_ms, ROSTER_STARTS, sizeof (double), compare_doubles);
  qsort (cpu, ROSTER_STARTS, sizeof (double), compare_doubles);
  g_print ("roster[%s]: %s: online %.0f ms after start (median of %d, %.0f to %.0f), "
           "client CPU %.0f ms\n", server, what, online_ms[ROSTER_STARTS / 2], ROSTER_STARTS,
           online_ms[0], online_ms[ROSTER_STARTS - 1], cpu[ROSTER_STARTS / 2]);
  return online_ms[ROSTER_STARTS / 2];
}

static void
bench_roster (Device     *device,
              const char *server)
{
  double empty_ms, full_ms, rss;

  device_stop (device);
  empty_ms = time_starts (device, server, "empty");
  cau_test_spin (3000);
  rss = rss_mb (device_pid (device));
  device_stop (device);

  add_contacts (device->prosody, 1000);
  device_start (device);
  device_stop (device);   /* the first start stores the roster */
  /* The wall time includes the server loading the roster at bind
   * (Prosody's sessionmanager), before it answers anything. */
  full_ms = time_starts (device, server, "1000 contacts");
  cau_test_spin (3000);
  g_print ("roster[%s]: 1000 contacts: %+.0f %% to online; RSS %.1f MB (%+.1f MB)\n", server,
           (full_ms - empty_ms) * 100.0 / empty_ms, rss_mb (device_pid (device)),
           rss_mb (device_pid (device)) - rss);
  g_print ("roster[%s]: longest main-thread stall %.1f ms\n", server, stall_ms (device));
}

/* The same on a server with Prosody's default storage (files), which
 * loads a roster of 1 000 far faster than its SQL storage. */
static void
bench_roster_on_files (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CauTestProsody) prosody = cau_test_prosody_start (NULL, &error);
  Device device = { 0 };

  g_assert_no_error (error);
  g_assert_true (cau_test_prosody_register (prosody, "bob", "bob-pw", &error));
  device.prosody = prosody;
  device.dir = g_dir_make_tmp ("cau-bench-roster-XXXXXX", &error);
  g_assert_no_error (error);
  device_start (&device);
  bench_roster (&device, "files");
  device_stop (&device);
  cau_test_remove_tree (device.dir);
  g_free (device.dir);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CauTestProsody) prosody = NULL;
  g_autoptr(CauTestPeer) alice = NULL;
  Device device = { 0 };
  const char *only = g_getenv ("CAU_BENCH_ONLY");

  CauTestProsodyOptions options = { .sql_storage = TRUE, .quiet_log = TRUE };

  prosody = cau_test_prosody_start (&options, &error);
  g_assert_no_error (error);
  g_assert_true (cau_test_prosody_register (prosody, "alice", "alice-pw", &error));
  g_assert_true (cau_test_prosody_register (prosody, "bob", "bob-pw", &error));
  g_assert_true (cau_test_prosody_make_contacts (prosody, "alice", "bob", &error));
  alice = cau_test_peer_new (prosody, "alice", &error);
  g_assert_no_error (error);

  device.prosody = prosody;
  device.dir = g_dir_make_tmp ("cau-bench-messaging-XXXXXX", &error);
  g_assert_no_error (error);
  device_start (&device);

  /* CAU_BENCH_ONLY=roster (say) runs only that one: the others still
   * need the burst's messages, so it always runs. */
  bench_burst_and_memory (&device, alice);
  if (only == NULL || g_strcmp0 (only, "catch-up") == 0)
    bench_catch_up (&device, alice);
  if (only == NULL || g_strcmp0 (only, "roster") == 0)
    bench_roster (&device, "SQLite");

  device_stop (&device);
  cau_test_remove_tree (device.dir);
  g_free (device.dir);
  if (only == NULL || g_strcmp0 (only, "roster") == 0)
    bench_roster_on_files ();
  return 0;
}
