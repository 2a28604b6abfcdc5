/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-test-prosody.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/*
 * Start-up, memory and idle cost of the real app with one saved account,
 * against a local Prosody, as a person starting it would see them. For
 * each of GSK_RENDERER=cairo and gl:
 *   - process start → first frame of the window, and → online (presence
 *     sent), from timestamps the app prints when CAUSERIE_BENCH is set;
 *   - RSS and PSS 15 s after online, next to an empty libadwaita window
 *     and to the same window with a header bar and a label (GNOME
 *     Builder's template: what an empty app really shows), and to the
 *     floor of our memory, the template beside the libraries the brief
 *     fixes each doing the least a client needs of it (bench-stack.c);
 *   - context switches and CPU time of all threads over 60 s online, idle.
 * Prints numbers; asserts nothing about time.
 *
 * Needs a display (DISPLAY) and runs its own D-Bus session and keyring,
 * so that the password really comes from the Secret Service.
 */

#define SETTLE_S 15
#define IDLE_S 60

typedef struct {
  GSubprocess *process;
  GDataInputStream *err;
  gint64 spawned_us;
} App;

static char *
build_path (const char *relative)
{
  return g_build_filename (g_getenv ("CAU_BUILD_ROOT"), relative, NULL);
}

/* Context switches per thread (tid → count) and the CPU ticks of the
 * whole process. A thread that ends between two readings takes its last
 * switches with it, so threads are also counted. */
static GHashTable *
read_proc_status (GPid     pid,
                  guint64 *cpu_ticks)
{
  g_autofree char *task_dir = g_strdup_printf ("/proc/%d/task", pid);
  g_autoptr(GDir) dir = g_dir_open (task_dir, 0, NULL);
  g_autofree char *stat_path = g_strdup_printf ("/proc/%d/stat", pid);
  g_autofree char *stat = NULL;
  GHashTable *switches = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  const char *name;

  while (dir && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (task_dir, name, "status", NULL);
      g_autofree char *text = NULL;
      g_auto(GStrv) lines = NULL;
      guint64 *count;

      if (!g_file_get_contents (path, &text, NULL, NULL))
        continue;
      count = g_new0 (guint64, 1);
      lines = g_strsplit (text, "\n", -1);
      for (guint i = 0; lines[i]; i++)
        if (g_str_has_prefix (lines[i], "voluntary_ctxt_switches:") ||
            g_str_has_prefix (lines[i], "nonvoluntary_ctxt_switches:"))
          *count += g_ascii_strtoull (strchr (lines[i], ':') + 1, NULL, 10);
      g_hash_table_insert (switches, g_strdup (name), count);
    }

  /* utime and stime (fields 14 and 15) of the whole process. */
  *cpu_ticks = 0;
  if (g_file_get_contents (stat_path, &stat, NULL, NULL))
    {
      const char *after = strrchr (stat, ')');
      g_auto(GStrv) fields = g_strsplit (after + 2, " ", -1);

      *cpu_ticks = g_ascii_strtoull (fields[11], NULL, 10) + g_ascii_strtoull (fields[12], NULL, 10);
    }
  return switches;
}

static guint64
switches_between (GHashTable *before,
                  GHashTable *after,
                  guint      *threads_ended)
{
  GHashTableIter iter;
  gpointer tid, count;
  guint64 total = 0;

  *threads_ended = 0;
  g_hash_table_iter_init (&iter, after);
  while (g_hash_table_iter_next (&iter, &tid, &count))
    {
      guint64 *old = g_hash_table_lookup (before, tid);

      total += *(guint64 *) count - (old ? *old : 0);
    }
  g_hash_table_iter_init (&iter, before);
  while (g_hash_table_iter_next (&iter, &tid, &count))
    if (!g_hash_table_contains (after, tid))
      (*threads_ended)++;
  return total;
}

/* CAU_BENCH_SMAPS=DIR keeps each process's full smaps there, to see
 * which mappings the difference is made of. */
static void
keep_smaps (GPid        pid,
            const char *name)
{
  const char *dir = g_getenv ("CAU_BENCH_SMAPS");
  g_autofree char *path = g_strdup_printf ("/proc/%d/smaps", pid);
  g_autofree char *copy = NULL;
  g_autofree char *text = NULL;

  if (dir == NULL || !g_file_get_contents (path, &text, NULL, NULL))
    return;
  copy = g_strdup_printf ("%s/%s.smaps", dir, name);
  g_file_set_contents (copy, text, -1, NULL);
}

static void
read_memory (GPid     pid,
             guint64 *rss_kb,
             guint64 *pss_kb)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/smaps_rollup", pid);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  *rss_kb = *pss_kb = 0;
  if (!g_file_get_contents (path, &text, NULL, NULL))
    return;
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      if (g_str_has_prefix (lines[i], "Rss:"))
        *rss_kb = g_ascii_strtoull (lines[i] + 4, NULL, 10);
      else if (g_str_has_prefix (lines[i], "Pss:"))
        *pss_kb = g_ascii_strtoull (lines[i] + 4, NULL, 10);
    }
}

typedef struct {
  gint64  mapped;
  gint64  online;
  gint64  shown;
} Marks;

/* Reads the app's stderr until the marks asked for have come, in
 * whatever order: "CAU-BENCH window-mapped <µs>" and
 * "CAU-BENCH online <µs presence sent> <jid> <µs shown>". */
static void
wait_marks (App      *app,
            Marks    *marks,
            gboolean  want_online)
{
  while (marks->mapped == 0 || (want_online && marks->online == 0))
    {
      g_autofree char *line = g_data_input_stream_read_line (app->err, NULL, NULL, NULL);

      if (line == NULL)
        g_error ("The app ended before its start-up marks");
      /* CAU_BENCH_TRACE=1: show what the app logs, on a time line. */
      if (g_getenv ("CAU_BENCH_TRACE") != NULL)
        g_print ("  +%4.0f ms %s\n", (g_get_monotonic_time () - app->spawned_us) / 1000.0, line);

      if (g_str_has_prefix (line, "CAU-BENCH window-mapped "))
        {
          marks->mapped = g_ascii_strtoll (line + strlen ("CAU-BENCH window-mapped "), NULL, 10);
        }
      else if (g_str_has_prefix (line, "CAU-BENCH online "))
        {
          const char *last_space = strrchr (line, ' ');

          marks->online = g_ascii_strtoll (line + strlen ("CAU-BENCH online "), NULL, 10);
          marks->shown = g_ascii_strtoll (last_space + 1, NULL, 10);
        }
    }
}

static void
sleep_s (guint seconds)
{
  g_usleep (seconds * G_USEC_PER_SEC);
}

/* CAU_BENCH_WRAPPER, e.g. "heaptrack -o /tmp/ht", runs the app under a
 * profiler; its numbers then describe the profiled run. */
static App
spawn_app (GSubprocessLauncher *launcher,
           const char * const  *argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) full = g_ptr_array_new ();
  g_auto(GStrv) wrapper = NULL;
  const char *wrap = g_getenv ("CAU_BENCH_WRAPPER");
  App app = { 0 };

  if (wrap != NULL && g_strstr_len (argv[0], -1, "src/causerie") != NULL)
    {
      wrapper = g_strsplit (wrap, " ", -1);
      for (guint i = 0; wrapper[i]; i++)
        g_ptr_array_add (full, wrapper[i]);
    }
  for (guint i = 0; argv[i]; i++)
    g_ptr_array_add (full, (gpointer) argv[i]);
  g_ptr_array_add (full, NULL);

  app.spawned_us = g_get_monotonic_time ();
  app.process = g_subprocess_launcher_spawnv (launcher, (const char * const *) full->pdata, &error);
  g_assert_no_error (error);
  app.err = g_data_input_stream_new (g_subprocess_get_stderr_pipe (app.process)
                                     ? g_subprocess_get_stderr_pipe (app.process)
                                     : g_subprocess_get_stdout_pipe (app.process));
  return app;
}

static void
stop_app (App *app)
{
  g_subprocess_send_signal (app->process, SIGTERM);
  g_subprocess_wait (app->process, NULL, NULL);
  g_clear_object (&app->err);
  g_clear_object (&app->process);
}

typedef enum {
  REFERENCE_BARE,       /* an empty libadwaita window */
  REFERENCE_TEMPLATE,   /* GNOME Builder's template */
  REFERENCE_STACK,      /* the template, and the libraries the brief fixes at work */
} Reference;

/* Returns the reference's RSS, kB. */
static guint64
measure_reference (GSubprocessLauncher *launcher,
                   const char          *renderer,
                   Reference            reference)
{
  static const char * const kinds[] = { "bare-window", "template-window", "stack-floor" };
  g_autofree char *bare = build_path (reference == REFERENCE_STACK ? "tests/bench-stack-window"
                                                                   : "tests/bench-bare-window");
  const char *argv[] = { bare, reference == REFERENCE_TEMPLATE ? "--template" : NULL, NULL };
  const char *kind = kinds[reference];
  Marks marks = { 0 };
  App app;
  guint64 rss, pss;

  g_subprocess_launcher_setenv (launcher, "GSK_RENDERER", renderer, TRUE);
  app = spawn_app (launcher, argv);
  wait_marks (&app, &marks, reference == REFERENCE_STACK);
  g_print ("%s[%s]: window mapped %.0f ms after process start\n", kind, renderer,
           (marks.mapped - app.spawned_us) / 1000.0);
  sleep_s (SETTLE_S);
  read_memory (atoi (g_subprocess_get_identifier (app.process)), &rss, &pss);
  {
    g_autofree char *name = g_strdup_printf ("%s-%s", kind, renderer);
    keep_smaps (atoi (g_subprocess_get_identifier (app.process)), name);
  }
  g_print ("%s[%s]: RSS %.1f MB, PSS %.1f MB\n", kind, renderer, rss / 1024.0, pss / 1024.0);
  stop_app (&app);
  return rss;
}

/* Returns the app's RSS, kB, SETTLE_S after online. */
static guint64
measure_app (GSubprocessLauncher *launcher,
             const char          *renderer)
{
  g_autofree char *causerie = build_path ("src/causerie");
  const char *argv[] = { causerie, NULL };
  Marks marks = { 0 };
  g_autoptr(GHashTable) sw0 = NULL;
  g_autoptr(GHashTable) sw1 = NULL;
  guint64 rss, pss, cpu0, cpu1, switches;
  guint ended;
  long ticks = sysconf (_SC_CLK_TCK);
  GPid pid;
  App app;

  g_subprocess_launcher_setenv (launcher, "GSK_RENDERER", renderer, TRUE);
  g_subprocess_launcher_setenv (launcher, "CAUSERIE_BENCH", "1", TRUE);
  /* GLib writes debug messages to standard output: one time line. */
  if (g_getenv ("CAU_BENCH_TRACE") != NULL)
    g_subprocess_launcher_set_flags (launcher, G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                               G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                               G_SUBPROCESS_FLAGS_STDERR_MERGE);
  app = spawn_app (launcher, argv);
  pid = atoi (g_subprocess_get_identifier (app.process));
  wait_marks (&app, &marks, TRUE);
  g_print ("startup[%s]: window mapped %.0f ms, online (presence sent) %.0f ms, "
           "shown as online %.0f ms after process start\n", renderer,
           (marks.mapped - app.spawned_us) / 1000.0, (marks.online - app.spawned_us) / 1000.0,
           (marks.shown - app.spawned_us) / 1000.0);

  sleep_s (SETTLE_S);
  read_memory (pid, &rss, &pss);
  {
    g_autofree char *name = g_strdup_printf ("causerie-%s", renderer);
    keep_smaps (pid, name);
  }
  g_print ("memory[%s]: RSS %.1f MB, PSS %.1f MB, %d s after online\n", renderer,
           rss / 1024.0, pss / 1024.0, SETTLE_S);

  /* CAU_BENCH_QUICK=1: start and memory only, to try a change fast. */
  if (g_getenv ("CAU_BENCH_QUICK") != NULL)
    {
      stop_app (&app);
      g_subprocess_launcher_unsetenv (launcher, "CAUSERIE_BENCH");
      return rss;
    }

  sw0 = read_proc_status (pid, &cpu0);
  sleep_s (IDLE_S);
  sw1 = read_proc_status (pid, &cpu1);
  switches = switches_between (sw0, sw1, &ended);
  g_print ("idle[%s]: %" G_GUINT64_FORMAT " context switches and %.0f ms CPU in %d s, "
           "all threads (%u threads at the end, %u ended meanwhile)\n",
           renderer, switches, (cpu1 - cpu0) * 1000.0 / ticks, IDLE_S,
           g_hash_table_size (sw1), ended);
  stop_app (&app);
  g_subprocess_launcher_unsetenv (launcher, "CAUSERIE_BENCH");
  return rss;
}

static GSubprocess *
start_session_bus (GSubprocessLauncher *launcher)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *address = NULL;
  GSubprocess *bus;
  const char *argv[] = { "dbus-daemon", "--session", "--nofork", "--print-address=1", NULL };

  bus = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (bus));
  address = g_data_input_stream_read_line (out, NULL, NULL, &error);
  g_assert_nonnull (address);
  g_subprocess_launcher_setenv (launcher, "DBUS_SESSION_BUS_ADDRESS", address, TRUE);
  return bus;
}

static GSubprocess *
start_keyring (GSubprocessLauncher *launcher)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) keyring_launcher = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  GSubprocess *keyring;
  const char *argv[] = { "gnome-keyring-daemon", "--foreground", "--unlock",
                         "--components=secrets", NULL };
  char *line;

  keyring = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  g_output_stream_write_all (g_subprocess_get_stdin_pipe (keyring), "bench\n", 6, NULL, NULL, &error);
  g_output_stream_close (g_subprocess_get_stdin_pipe (keyring), NULL, NULL);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (keyring));
  while ((line = g_data_input_stream_read_line (out, NULL, NULL, NULL)) != NULL)
    {
      char *eq = strchr (line, '=');

      if (eq != NULL)
        {
          *eq = '\0';
          g_subprocess_launcher_setenv (launcher, line, eq + 1, TRUE);
        }
      g_free (line);
      if (g_subprocess_launcher_getenv (launcher, "GNOME_KEYRING_CONTROL") != NULL)
        break;
    }
  return keyring;
}

static void
add_account (GSubprocessLauncher *launcher,
             CauTestProsody      *prosody)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *causerie = build_path ("src/causerie");
  g_autofree char *server = g_strdup_printf ("--server=127.0.0.1:%u", cau_test_prosody_get_port (prosody));
  g_autofree char *pin = g_strdup_printf ("--trust-certificate=%s", cau_test_prosody_get_cert_sha256 (prosody));
  const char *argv[] = { causerie, "--add-account=alice@localhost", server, pin, NULL };
  g_autoptr(GSubprocess) add = g_subprocess_launcher_spawnv (launcher, argv, &error);

  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (add, "alice-pw\n", NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (add));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CauTestProsody) prosody = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) bus = NULL;
  g_autoptr(GSubprocess) keyring = NULL;
  g_autofree char *data_dir = NULL;

  if (g_getenv ("DISPLAY") == NULL)
    {
      g_print ("SKIP: no DISPLAY (run under scripts/with-session.sh or Xvfb)\n");
      return 77;
    }

  prosody = cau_test_prosody_start (NULL, &error);
  g_assert_no_error (error);
  g_assert_true (cau_test_prosody_register (prosody, "alice", "alice-pw", &error));

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  data_dir = g_dir_make_tmp ("cau-bench-XXXXXX", &error);
  g_subprocess_launcher_setenv (launcher, "CAUSERIE_DATA_DIR", data_dir, TRUE);
  /* A keyring of our own, never the person's. */
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", data_dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "GDK_BACKEND", "x11", TRUE);
  g_subprocess_launcher_setenv (launcher, "NO_AT_BRIDGE", "1", TRUE);
  if (g_getenv ("CAU_BENCH_TRACE") != NULL)
    g_subprocess_launcher_setenv (launcher, "G_MESSAGES_DEBUG", "all", TRUE);
  else
    g_subprocess_launcher_unsetenv (launcher, "G_MESSAGES_DEBUG");
  g_subprocess_launcher_unsetenv (launcher, "G_DEBUG");
  g_subprocess_launcher_unsetenv (launcher, "MALLOC_CHECK_");
  bus = start_session_bus (launcher);
  keyring = start_keyring (launcher);
  add_account (launcher, prosody);
  {
    g_autofree char *port = g_strdup_printf ("%u", cau_test_prosody_get_port (prosody));

    g_subprocess_launcher_setenv (launcher, "CAU_BENCH_XMPP_PORT", port, TRUE);
  }

  for (guint i = 0; i < 2; i++)
    {
      const char *renderer = i == 0 ? "cairo" : "gl";
      guint64 template_kb, stack_kb, app_kb;

      /* CAU_BENCH_RENDERER=cairo|gl: that renderer only. */
      if (g_getenv ("CAU_BENCH_RENDERER") != NULL &&
          g_strcmp0 (g_getenv ("CAU_BENCH_RENDERER"), renderer) != 0)
        continue;
      if (g_getenv ("CAU_BENCH_QUICK") != NULL)
        {
          measure_app (launcher, renderer);
          continue;
        }
      measure_reference (launcher, renderer, REFERENCE_BARE);
      template_kb = measure_reference (launcher, renderer, REFERENCE_TEMPLATE);
      stack_kb = measure_reference (launcher, renderer, REFERENCE_STACK);
      app_kb = measure_app (launcher, renderer);
      g_print ("memory[%s]: RSS over the template window: the stack alone %+.1f MB, "
               "Causerie %+.1f MB\n", renderer, ((double) stack_kb - template_kb) / 1024.0,
               ((double) app_kb - template_kb) / 1024.0);
    }

  g_subprocess_send_signal (keyring, SIGTERM);
  g_subprocess_send_signal (bus, SIGTERM);
  {
    g_autofree char *db = g_build_filename (data_dir, "causerie.db", NULL);
    g_autofree char *wal = g_strconcat (db, "-wal", NULL);
    g_autofree char *shm = g_strconcat (db, "-shm", NULL);

    g_autofree char *keyrings = g_build_filename (data_dir, "keyrings", NULL);
    g_autoptr(GDir) dir = g_dir_open (keyrings, 0, NULL);
    const char *name;

    while (dir && (name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *path = g_build_filename (keyrings, name, NULL);

        g_unlink (path);
      }
    g_rmdir (keyrings);
    g_unlink (db);
    g_unlink (wal);
    g_unlink (shm);
    g_rmdir (data_dir);
  }
  return 0;
}
