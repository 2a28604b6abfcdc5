/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-test-prosody.h"
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

static GtkWidget *
find_named (GtkWidget  *root,
            const char *name)
{
  /* A widget's name, or its type name: the pages of a stack have names
   * of their own that are not the widgets'. */
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0 ||
      g_strcmp0 (G_OBJECT_TYPE_NAME (root), name) == 0)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_in (GtkWidget  *root,
         const char *path)
{
  g_auto(GStrv) names = g_strsplit (path, "/", -1);
  GtkWidget *widget = root;

  for (guint i = 0; names[i] && widget; i++)
    widget = find_named (widget, names[i]);
  if (widget == NULL)
    g_error ("No widget at “%s”", path);
  return widget;
}

static GtkWindow *
main_window (void)
{
  return gtk_application_get_active_window (GTK_APPLICATION (app));
}

static void
screenshot (GtkWidget  *widget,
            const char *name)
{
  g_autofree char *dir = g_build_filename (g_getenv ("CAU_BUILD_ROOT"), "tests", "screenshots", NULL);
  g_autofree char *file = g_strconcat (name, ".png", NULL);
  g_autofree char *path = g_build_filename (dir, file, NULL);
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  int width = 0, height = 0;

  /* Let transitions (the stack's crossfade) end; a new window draws its
   * first frame a little after it is mapped. */
  cau_test_spin (400);
  for (guint i = 0; i < 50 && node == NULL; i++)
    {
      g_clear_object (&snapshot);
      cau_test_spin (100);
      width = gtk_widget_get_width (widget);
      height = gtk_widget_get_height (widget);
      snapshot = gtk_snapshot_new ();
      gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
      node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
    }
  g_assert_nonnull (node);
  g_mkdir_with_parents (dir, 0755);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)),
                                         node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot %s (%d×%d)", path, width, height);
}

static void
resize (int width,
        int height)
{
  GtkWindow *window = main_window ();

  /* Without a window manager a mapped window keeps its size: map it anew. */
  gtk_widget_set_visible (GTK_WIDGET (window), FALSE);
  gtk_window_set_default_size (window, width, height);
  gtk_window_present (window);
  cau_test_spin (500);
}

static void
click (GtkWidget *button)
{
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

static const char *
label_text (GtkWidget *label)
{
  return gtk_label_get_text (GTK_LABEL (label));
}

static gboolean
has_window (gpointer data)
{
  return main_window () != NULL && gtk_widget_get_mapped (GTK_WIDGET (main_window ()));
}

static gboolean
error_shown (gpointer data)
{
  GtkWidget *label = data;

  return gtk_widget_get_mapped (label) && *label_text (label) != '\0';
}

static GtkWidget *
certificate_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (g_strcmp0 (gtk_widget_get_name (window), "certificate-dialog") == 0 &&
          gtk_widget_get_mapped (window))
        return window;
    }
  return NULL;
}

static GtkWidget *
find_mapped_named (GtkWidget  *root,
                   const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0 && gtk_widget_get_mapped (root))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_mapped_named (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* As a person would: the dialog's own button, which also closes it (the
 * wide and the narrow layout each have one; the one shown). */
static void
trust_certificate (void)
{
  GtkWidget *button = find_mapped_named (certificate_dialog (), "certificate-trust");

  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
}

static gboolean
has_certificate_dialog (gpointer data)
{
  return certificate_dialog () != NULL;
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
  GtkWidget *list = find_named (GTK_WIDGET (main_window ()), "account-list");

  return list != NULL && gtk_widget_get_mapped (list);
}

static gboolean
leaflet_shown (gpointer data)
{
  GtkWidget *leaflet = find_named (GTK_WIDGET (main_window ()), "AdwLeaflet");

  return leaflet != NULL && gtk_widget_get_mapped (leaflet);
}

static gboolean
welcome_shown (gpointer data)
{
  GtkWidget *button = find_named (GTK_WIDGET (main_window ()), "welcome-cancel");

  return button != NULL && gtk_widget_get_mapped (button);
}

static void
test_sign_in_flow (void)
{
  GtkWidget *window, *sign_in, *address, *password, *server, *error, *button;
  g_autofree char *server_text = g_strdup_printf ("127.0.0.1:%u", cau_test_prosody_get_port (prosody));

  g_assert_true (cau_test_wait_until (has_window, NULL, WAIT_S));
  window = GTK_WIDGET (main_window ());
  resize (1280, 800);
  screenshot (window, "welcome-1280");
  resize (360, 640);
  screenshot (window, "welcome-360");
  resize (1280, 800);

  click (find_in (window, "welcome-sign-in"));
  sign_in = find_in (window, "CauSignInPage");
  address = find_in (sign_in, "address-entry");
  password = find_in (sign_in, "password-entry");
  server = find_in (sign_in, "server-entry");
  error = find_in (sign_in, "error-label");
  button = find_in (sign_in, "sign-in-button");

  /* A malformed address is refused inline, with the reason. */
  gtk_editable_set_text (GTK_EDITABLE (address), "alice");
  gtk_editable_set_text (GTK_EDITABLE (password), "wrong");
  g_assert_true (cau_test_wait_until (error_shown, error, WAIT_S));
  g_test_message ("inline error: %s", label_text (error));
  g_assert_false (gtk_widget_is_sensitive (button));
  screenshot (window, "sign-in-invalid-address");

  /* A wrong password: first the certificate question, then the error. */
  gtk_editable_set_text (GTK_EDITABLE (address), "alice@localhost");
  gtk_editable_set_text (GTK_EDITABLE (server), server_text);
  cau_test_spin (100);
  click (button);
  g_assert_true (cau_test_wait_until (has_certificate_dialog, NULL, WAIT_S));
  screenshot (certificate_dialog (), "certificate-dialog");
  trust_certificate ();
  g_assert_true (cau_test_wait_until (error_shown, error, WAIT_S));
  g_test_message ("sign-in error: %s", label_text (error));
  g_assert_nonnull (strstr (label_text (error), "password"));
  screenshot (window, "sign-in-wrong-password");
  resize (360, 640);
  screenshot (window, "sign-in-wrong-password-360");
  resize (1280, 800);

  /* The right password: the main window, the account online. */
  gtk_editable_set_text (GTK_EDITABLE (password), "alice-pw");
  cau_test_spin (100);
  click (button);
  g_assert_true (cau_test_wait_until (main_view_shown, NULL, WAIT_S));
  g_assert_true (cau_test_wait_until (account_online, NULL, WAIT_S));
  screenshot (window, "main-1280");
  resize (360, 640);
  screenshot (window, "main-360");

  /* Adding a second account opens the sign-in pages with a way back. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "add-account", NULL);
  g_assert_true (cau_test_wait_until (welcome_shown, NULL, WAIT_S));
  screenshot (window, "add-account-360");
  click (find_in (window, "welcome-cancel"));
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
      if (certificate_dialog () != NULL)
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

  resize (1280, 800);
  g_action_group_activate_action (G_ACTION_GROUP (app), "add-account", NULL);
  g_assert_true (cau_test_wait_until (welcome_shown, NULL, WAIT_S));
  click (find_in (window, "welcome-create-account"));

  /* The server first; its form comes back from the server itself. */
  page = find_in (window, "CauRegisterPage");
  gtk_editable_set_text (GTK_EDITABLE (find_in (page, "server-entry")), "localhost");
  gtk_editable_set_text (GTK_EDITABLE (find_in (page, "host-entry")), server_text);
  button = find_in (page, "register-button");
  cau_test_spin (100);
  click (button);

  user = NULL;
  for (guint i = 0; i < WAIT_S * 10 && user == NULL; i++)
    {
      if (certificate_dialog () != NULL)
        {
          g_test_message ("trusting the certificate");
          trust_certificate ();
        }
      user = find_named (page, "username");
      if (user == NULL)
        cau_test_spin (100);
    }
  if (user == NULL)
    {
      screenshot (window, "register-failed");
      g_test_message ("register page says: %s", label_text (find_in (page, "error-label")));
    }
  g_assert_nonnull (user);
  g_assert_true (wait_mapped_trusting (user));
  password = find_in (page, "password");
  error = find_in (page, "error-label");

  /* A name that is taken: said so, the fields kept. */
  gtk_editable_set_text (GTK_EDITABLE (user), "alice");
  gtk_editable_set_text (GTK_EDITABLE (password), "carol-pw");
  cau_test_spin (100);
  click (button);
  g_assert_true (cau_test_wait_until (error_shown, error, WAIT_S));
  g_test_message ("registration error: %s", label_text (error));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (password)), ==, "carol-pw");
  screenshot (window, "register-conflict");

  /* A free name: the account is created, signed in and listed. */
  gtk_editable_set_text (GTK_EDITABLE (user), "carol");
  cau_test_spin (100);
  click (button);
  for (guint i = 0; i < WAIT_S * 10 && !named_account_online ((gpointer) "carol@localhost"); i++)
    {
      if (certificate_dialog () != NULL)
        trust_certificate ();
      cau_test_spin (100);
    }
  g_assert_true (named_account_online ((gpointer) "carol@localhost"));
  g_assert_true (cau_test_wait_until (leaflet_shown, NULL, WAIT_S));
  screenshot (window, "main-two-accounts");
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
