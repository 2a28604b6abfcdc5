/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "core/cau-account-manager.h"

#include <glib-unix.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>

/*
 * The model of the app without its window, in its own process, so that
 * tests and benchmarks can kill it (SIGKILL) and start it again on the
 * same data directory, and measure it alone.
 *
 *   cau-test-device DATA_DIR JID HOST PORT CERT_SHA256   (password on stdin)
 *
 * Prints "online" each time the account comes online, on standard output.
 * With CAU_DEVICE_STALLS set, the main loop's poll measures how long the
 * main thread is kept from running (from one poll to the next: the work
 * of an iteration), and SIGUSR1 prints "stall <longest µs>" and starts
 * over (benchmarks). A timer would wake the thread hundreds of times a
 * second and count in the CPU time the benchmarks measure.
 */

static gint64 left_poll_us;
static gint64 longest_stall_us;

static gint
measuring_poll (GPollFD *fds,
                guint    n_fds,
                gint     timeout_ms)
{
  gint64 now = g_get_monotonic_time ();
  gint result;

  if (left_poll_us != 0 && now - left_poll_us > longest_stall_us)
    longest_stall_us = now - left_poll_us;
  result = g_poll (fds, n_fds, timeout_ms);
  left_poll_us = g_get_monotonic_time ();
  return result;
}

static gboolean
report_stall_cb (gpointer data)
{
  printf ("stall %" G_GINT64_FORMAT "\n", longest_stall_us);
  fflush (stdout);
  longest_stall_us = 0;
  return G_SOURCE_CONTINUE;
}

static gboolean
quit_cb (gpointer loop)
{
  g_main_loop_quit (loop);
  return G_SOURCE_REMOVE;
}

static void
state_cb (CauAccount *account)
{
  if (cau_account_get_state (account) == CAU_ACCOUNT_STATE_ONLINE)
    {
      printf ("online\n");
      fflush (stdout);
    }
}

static void
added_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CauAccount) account = NULL;

  /* Without a keyring the account works for this run and says so. */
  account = cau_account_manager_add_account_finish (CAU_ACCOUNT_MANAGER (source), result, &error);
  if (error != NULL && !g_error_matches (error, CAU_CORE_ERROR, CAU_CORE_ERROR_NO_KEYRING))
    g_error ("Account not added: %s", error->message);
}

static void
password_set_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  cau_account_set_password_finish (CAU_ACCOUNT (source), result, NULL);
}

static void
needs_password_cb (CauAccount *account,
                   GParamSpec *pspec,
                   const char *password)
{
  if (cau_account_get_state (account) == CAU_ACCOUNT_STATE_NEEDS_PASSWORD)
    cau_account_set_password_async (account, password, FALSE, NULL, password_set_cb, NULL);
}

static void
watch (CauAccount *account,
       const char *password)
{
  g_signal_connect (account, "notify::state", G_CALLBACK (state_cb), NULL);
  g_signal_connect (account, "notify::state", G_CALLBACK (needs_password_cb), (gpointer) password);
  needs_password_cb (account, NULL, password);
}

static void
accounts_changed_cb (GListModel *accounts,
                     guint       position,
                     guint       removed,
                     guint       added,
                     const char *password)
{
  for (guint i = 0; i < added; i++)
    {
      g_autoptr(CauAccount) account = g_list_model_get_item (accounts, position + i);

      watch (account, password);
      state_cb (account);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CauAccountManager) manager = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  char password[256];
  CauAccount *account;

  if (argc != 6 || fgets (password, sizeof password, stdin) == NULL)
    {
      fprintf (stderr, "usage: %s DATA_DIR JID HOST PORT CERT_SHA256 < password\n", argv[0]);
      return 2;
    }
  g_strchomp (password);
  /* A test that fails does not leave us running. */
  prctl (PR_SET_PDEATHSIG, SIGKILL);
  /* Standard output carries our lines only; GLib's go to standard error. */
  g_log_writer_default_set_use_stderr (TRUE);

  cau_core_prepare_process ();
  manager = cau_account_manager_new (argv[1], FALSE, &error);
  if (manager == NULL)
    g_error ("%s", error->message);
  {
    g_autofree char *avatars = g_build_filename (argv[1], "avatars", NULL);

    cau_account_manager_set_avatar_dir (manager, avatars);
  }

  g_signal_connect (cau_account_manager_get_accounts (manager), "items-changed",
                    G_CALLBACK (accounts_changed_cb), password);
  cau_account_manager_start (manager);
  account = cau_account_manager_find (manager, argv[2]);
  if (account != NULL)
    {
      watch (account, password);
    }
  else
    {
      g_autoptr(CauAccountParams) params = cau_account_params_new (argv[2]);
      const char *pins[] = { argv[5], NULL };

      params->host = g_strdup (argv[3]);
      params->port = (guint16) atoi (argv[4]);
      params->trusted_sha256 = g_strdupv ((char **) pins);
      cau_account_manager_add_account_async (manager, params, password, NULL, added_cb, NULL);
    }

  if (g_getenv ("CAU_DEVICE_STALLS") != NULL)
    {
      g_main_context_set_poll_func (NULL, measuring_poll);
      g_unix_signal_add (SIGUSR1, report_stall_cb, NULL);
    }
  /* SIGTERM closes the streams as the app does when it quits. */
  g_unix_signal_add (SIGTERM, quit_cb, loop);
  g_main_loop_run (loop);
  g_clear_object (&manager);
  /* Let the engine threads close their streams. */
  for (int i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE), g_usleep (10000);
  return 0;
}
