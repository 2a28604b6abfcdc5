/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-test-prosody.h"
#include "cau-test-ui.h"
#include "cau-test-util.h"
#include "ui/cau-application.h"

#include <glib/gstdio.h>
#include <string.h>

/*
 * The real application, in this process, under Xvfb: a person opens it,
 * mistypes an address, signs in to the test Prosody with a wrong password,
 * trusts its certificate, corrects the password and reaches the main
 * window. Screenshots of each step are written to
 * <build>/tests/screenshots/ for people to look at.
 */

#define WAIT_S 20

static CauTestProsody *prosody;
static CauApplication *app;
static char *data_dir;

static GtkWindow *
main_window (void)
{
  return gtk_application_get_active_window (GTK_APPLICATION (app));
}

static gboolean
has_window (gpointer data)
{
  return main_window () != NULL && gtk_widget_get_mapped (GTK_WIDGET (main_window ()));
}

/* As a person would: the dialog's own button, which also closes it (the
 * wide and the narrow layout each have one; the one shown). */
static void
trust_certificate (void)
{
  GtkWidget *button = cau_test_find_mapped_named (cau_test_toplevel_named ("certificate-dialog"), "certificate-trust");

  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
}

static gboolean
has_certificate_dialog (gpointer data)
{
  return cau_test_toplevel_named ("certificate-dialog") != NULL;
}

static gboolean
account_online (gpointer data)
{
  CauAccountManager *manager = cau_application_get_account_manager (app);
  CauAccount *account = cau_account_manager_find (manager, "alice@localhost");

  return account != NULL && cau_account_get_state (account) == CAU_ACCOUNT_STATE_ONLINE;
}

static gboolean
main_view_shown (gpointer data)
{
  GtkWidget *list = cau_test_find_named (GTK_WIDGET (main_window ()), "account-list");

  return list != NULL && gtk_widget_get_mapped (list);
}

static gboolean
leaflet_shown (gpointer data)
{
  GtkWidget *leaflet = cau_test_find_named (GTK_WIDGET (main_window ()), "AdwLeaflet");

  return leaflet != NULL && gtk_widget_get_mapped (leaflet);
}

static gboolean
welcome_shown (gpointer data)
{
  GtkWidget *button = cau_test_find_named (GTK_WIDGET (main_window ()), "welcome-cancel");

  return button != NULL && gtk_widget_get_mapped (button);
}

static void
test_sign_in_flow (void)
{
  GtkWidget *window, *sign_in, *address, *password, *server, *error, *button;
  g_autofree char *server_text = g_strdup_printf ("127.0.0.1:%u", cau_test_prosody_get_port (prosody));

  g_assert_true (cau_test_wait_until (has_window, NULL, WAIT_S));
  window = GTK_WIDGET (main_window ());
  cau_test_resize (main_window (), 1280, 800);
  cau_test_screenshot (window, "welcome-1280");
  cau_test_resize (main_window (), 360, 640);
  cau_test_screenshot (window, "welcome-360");
  cau_test_resize (main_window (), 1280, 800);

  cau_test_click (cau_test_find_in (window, "welcome-sign-in"));
  sign_in = cau_test_find_in (window, "CauSignInPage");
  address = cau_test_find_in (sign_in, "address-entry");
  password = cau_test_find_in (sign_in, "password-entry");
  server = cau_test_find_in (sign_in, "server-entry");
  error = cau_test_find_in (sign_in, "error-label");
  button = cau_test_find_in (sign_in, "sign-in-button");

  /* A malformed address is refused inline, with the reason. */
  gtk_editable_set_text (GTK_EDITABLE (address), "alice");
  gtk_editable_set_text (GTK_EDITABLE (password), "wrong");
  g_assert_true (cau_test_wait_until (cau_test_error_shown, error, WAIT_S));
  g_test_message ("inline error: %s", cau_test_label_text (error));
  g_assert_false (gtk_widget_is_sensitive (button));
  cau_test_screenshot (window, "sign-in-invalid-address");

  /* A wrong password: first the certificate question, then the error. */
  gtk_editable_set_text (GTK_EDITABLE (address), "alice@localhost");
  gtk_editable_set_text (GTK_EDITABLE (server), server_text);
  cau_test_spin (100);
  cau_test_click (button);
  g_assert_true (cau_test_wait_until (has_certificate_dialog, NULL, WAIT_S));
  cau_test_screenshot (cau_test_toplevel_named ("certificate-dialog"), "certificate-dialog");
  trust_certificate ();
  g_assert_true (cau_test_wait_until (cau_test_error_shown, error, WAIT_S));
  g_test_message ("sign-in error: %s", cau_test_label_text (error));
  g_assert_nonnull (strstr (cau_test_label_text (error), "password"));
  cau_test_screenshot (window, "sign-in-wrong-password");
  cau_test_resize (main_window (), 360, 640);
  cau_test_screenshot (window, "sign-in-wrong-password-360");
  cau_test_resize (main_window (), 1280, 800);

  /* The right password: the main window, the account online. */
  gtk_editable_set_text (GTK_EDITABLE (password), "alice-pw");
  cau_test_spin (100);
  cau_test_click (button);
  g_assert_true (cau_test_wait_until (main_view_shown, NULL, WAIT_S));
  g_assert_true (cau_test_wait_until (account_online, NULL, WAIT_S));
  cau_test_screenshot (window, "main-1280");
  cau_test_resize (main_window (), 360, 640);
  cau_test_screenshot (window, "main-360");

  /* Adding a second account opens the sign-in pages with a way back. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "add-account", NULL);
  g_assert_true (cau_test_wait_until (welcome_shown, NULL, WAIT_S));
  cau_test_screenshot (window, "add-account-360");
  cau_test_click (cau_test_find_in (window, "welcome-cancel"));
  g_assert_true (cau_test_wait_until (leaflet_shown, NULL, WAIT_S));
}

static gboolean
named_account_online (gpointer data)
{
  CauAccountManager *manager = cau_application_get_account_manager (app);
  CauAccount *account = cau_account_manager_find (manager, data);

  return account != NULL && cau_account_get_state (account) == CAU_ACCOUNT_STATE_ONLINE;
}

/* Waits for @widget to be mapped, trusting the test server's certificate
 * whenever the dialog asks. */
static gboolean
wait_mapped_trusting (GtkWidget *widget)
{
  for (guint i = 0; i < WAIT_S * 10; i++)
    {
      if (cau_test_toplevel_named ("certificate-dialog") != NULL)
        trust_certificate ();
      if (gtk_widget_get_mapped (widget))
        return TRUE;
      cau_test_spin (100);
    }
  return FALSE;
}

static void
test_create_account_flow (void)
{
  GtkWidget *window = GTK_WIDGET (main_window ());
  GtkWidget *page, *button, *error, *user, *password;
  g_autofree char *server_text = g_strdup_printf ("127.0.0.1:%u", cau_test_prosody_get_port (prosody));

  cau_test_resize (main_window (), 1280, 800);
  g_action_group_activate_action (G_ACTION_GROUP (app), "add-account", NULL);
  g_assert_true (cau_test_wait_until (welcome_shown, NULL, WAIT_S));
  cau_test_click (cau_test_find_in (window, "welcome-create-account"));

  /* The server first; its form comes back from the server itself. */
  page = cau_test_find_in (window, "CauRegisterPage");
  gtk_editable_set_text (GTK_EDITABLE (cau_test_find_in (page, "server-entry")), "localhost");
  gtk_editable_set_text (GTK_EDITABLE (cau_test_find_in (page, "host-entry")), server_text);
  button = cau_test_find_in (page, "register-button");
  cau_test_spin (100);
  cau_test_click (button);

  user = NULL;
  for (guint i = 0; i < WAIT_S * 10 && user == NULL; i++)
    {
      if (cau_test_toplevel_named ("certificate-dialog") != NULL)
        {
          g_test_message ("trusting the certificate");
          trust_certificate ();
        }
      user = cau_test_find_named (page, "username");
      if (user == NULL)
        cau_test_spin (100);
    }
  if (user == NULL)
    {
      cau_test_screenshot (window, "register-failed");
      g_test_message ("register page says: %s", cau_test_label_text (cau_test_find_in (page, "error-label")));
    }
  g_assert_nonnull (user);
  g_assert_true (wait_mapped_trusting (user));
  password = cau_test_find_in (page, "password");
  error = cau_test_find_in (page, "error-label");

  /* A name that is taken: said so, the fields kept. */
  gtk_editable_set_text (GTK_EDITABLE (user), "alice");
  gtk_editable_set_text (GTK_EDITABLE (password), "carol-pw");
  cau_test_spin (100);
  cau_test_click (button);
  g_assert_true (cau_test_wait_until (cau_test_error_shown, error, WAIT_S));
  g_test_message ("registration error: %s", cau_test_label_text (error));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (password)), ==, "carol-pw");
  cau_test_screenshot (window, "register-conflict");

  /* A free name: the account is created, signed in and listed. */
  gtk_editable_set_text (GTK_EDITABLE (user), "carol");
  cau_test_spin (100);
  cau_test_click (button);
  for (guint i = 0; i < WAIT_S * 10 && !named_account_online ((gpointer) "carol@localhost"); i++)
    {
      if (cau_test_toplevel_named ("certificate-dialog") != NULL)
        trust_certificate ();
      cau_test_spin (100);
    }
  g_assert_true (named_account_online ((gpointer) "carol@localhost"));
  g_assert_true (cau_test_wait_until (leaflet_shown, NULL, WAIT_S));
  cau_test_screenshot (window, "main-two-accounts");
}

static gboolean
quit_idle (gpointer data)
{
  g_application_quit (G_APPLICATION (app));
  return G_SOURCE_REMOVE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  if (g_getenv ("DISPLAY") == NULL)
    {
      g_print ("1..0 # SKIP no DISPLAY: run under scripts/with-session.sh\n");
      return 0;
    }

  g_test_init (&argc, &argv, NULL);
  prosody = cau_test_prosody_start (&(CauTestProsodyOptions) { .allow_registration = TRUE },
                                    &error);
  g_assert_no_error (error);
  g_assert_true (cau_test_prosody_register (prosody, "alice", "alice-pw", &error));

  data_dir = g_dir_make_tmp ("cau-ui-XXXXXX", &error);
  g_setenv ("CAUSERIE_DATA_DIR", data_dir, TRUE);
  g_setenv ("GDK_BACKEND", "x11", TRUE);

  app = cau_application_new ();
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  g_application_activate (G_APPLICATION (app));

  g_test_add_func ("/cau/ui/sign-in-flow", test_sign_in_flow);
  g_test_add_func ("/cau/ui/create-account-flow", test_create_account_flow);
  status = g_test_run ();

  g_idle_add (quit_idle, NULL);
  g_clear_object (&app);
  cau_test_remove_tree (data_dir);
  g_free (data_dir);
  cau_test_prosody_free (prosody);
  return status;
}
