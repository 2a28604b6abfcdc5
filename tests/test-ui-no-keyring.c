/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-test-prosody.h"
#include "cau-test-ui.h"
#include "cau-test-util.h"
#include "core/cau-account-manager.h"
#include "ui/cau-application.h"

/*
 * With no Secret Service, a saved account has no password at start: the
 * real window asks for it at once and says why, and the account connects
 * with what the person types, for this session only.
 */

#define WAIT_S 20

static CauApplication *app;

static GtkWidget *
password_dialog (void)
{
  return cau_test_toplevel_named ("password-dialog");
}

static gboolean
has_password_dialog (gpointer data)
{
  return password_dialog () != NULL;
}

static gboolean
alice_online (gpointer data)
{
  CauAccount *account = cau_account_manager_find (cau_application_get_account_manager (app),
                                                  "alice@localhost");

  return account != NULL && cau_account_get_state (account) == CAU_ACCOUNT_STATE_ONLINE;
}

static void
test_asks_for_password (void)
{
  GtkWidget *dialog, *entry, *window;

  g_assert_true (cau_test_wait_until (has_password_dialog, NULL, WAIT_S));
  dialog = password_dialog ();
  window = GTK_WIDGET (gtk_application_get_active_window (GTK_APPLICATION (app)));
  cau_test_screenshot (dialog, "password-needed-dialog");

  entry = cau_test_find_in (dialog, "session-password-entry");
  gtk_editable_set_text (GTK_EDITABLE (entry), "alice-pw");
  cau_test_spin (100);
  /* Enter, as a person would. */
  g_signal_emit_by_name (entry, "activate");

  g_assert_true (cau_test_wait_until (alice_online, NULL, WAIT_S));
  cau_test_screenshot (window, "password-given-online");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CauTestProsody) prosody = NULL;
  g_autofree char *data_dir = NULL;
  int status;

  if (g_getenv ("DISPLAY") == NULL)
    {
      g_print ("1..0 # SKIP no DISPLAY: run under scripts/with-session.sh\n");
      return 0;
    }

  g_test_init (&argc, &argv, NULL);
  prosody = cau_test_prosody_start (NULL, &error);
  g_assert_no_error (error);
  g_assert_true (cau_test_prosody_register (prosody, "alice", "alice-pw", &error));

  data_dir = g_dir_make_tmp ("cau-ui-no-keyring-XXXXXX", &error);
  g_setenv ("CAUSERIE_DATA_DIR", data_dir, TRUE);
  g_setenv ("CAUSERIE_NO_KEYRING", "1", TRUE);
  g_setenv ("GDK_BACKEND", "x11", TRUE);

  /* The account as an earlier run left it: stored, its password nowhere. */
  {
    g_autoptr(CauAccountManager) manager = cau_account_manager_new (data_dir, FALSE, &error);
    g_autoptr(CauAccountParams) params = cau_account_params_new ("alice@localhost");
    g_autoptr(CauAccount) account = NULL;
    GAsyncResult *result = NULL;

    g_assert_no_error (error);
    params->host = g_strdup ("127.0.0.1");
    params->port = cau_test_prosody_get_port (prosody);
    params->trusted_sha256 = g_new0 (char *, 2);
    params->trusted_sha256[0] = g_strdup (cau_test_prosody_get_cert_sha256 (prosody));
    cau_account_manager_add_account_async (manager, params, "alice-pw", NULL,
                                           cau_test_store_result_cb, &result);
    account = cau_account_manager_add_account_finish (manager, cau_test_wait_result (&result),
                                                      &error);
    g_assert_error (error, CAU_CORE_ERROR, CAU_CORE_ERROR_NO_KEYRING);
    g_clear_error (&error);
    g_object_unref (result);
  }

  app = cau_application_new ();
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  g_application_activate (G_APPLICATION (app));

  g_test_add_func ("/cau/ui-no-keyring/asks-for-password", test_asks_for_password);
  status = g_test_run ();

  g_clear_object (&app);
  cau_test_remove_tree (data_dir);
  return status;
}
