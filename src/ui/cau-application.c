/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-application.h"
#include "cau-application-private.h"
#include "cau-ui-utils.h"
#include "cau-window.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <errno.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

G_DEFINE_FINAL_TYPE (CauApplication, cau_application, ADW_TYPE_APPLICATION)

#define SETTINGS_SCHEMA_ID "im.causerie.Causerie"

/* $CAUSERIE_DATA_DIR, or the usual place. */
char *
cau_application_get_data_dir (void)
{
  const char *dir = g_getenv ("CAUSERIE_DATA_DIR");

  if (dir != NULL && *dir != '\0')
    return g_strdup (dir);
  return g_build_filename (g_get_user_data_dir (), "causerie", NULL);
}

/* $CAUSERIE_NO_KEYRING tries the path of systems without a Secret Service. */
gboolean
cau_application_use_keyring (void)
{
  return g_getenv ("CAUSERIE_NO_KEYRING") == NULL;
}

/* Whether a person is looking: any of our windows has the focus. */
static void
update_active (CauApplication *self)
{
  gboolean active = TRUE;

  if (self->manager == NULL)
    return;

  if (g_settings_get_boolean (self->settings, "send-inactive-when-unfocused"))
    {
      active = FALSE;
      for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l; l = l->next)
        if (gtk_window_is_active (l->data))
          {
            active = TRUE;
            break;
          }
    }

  cau_account_manager_set_active (self->manager, active);
}

static void
window_is_active_cb (CauApplication *self)
{
  update_active (self);
}

static void
apply_global_presence (CauApplication *self)
{
  g_autofree char *presence = g_settings_get_string (self->settings, "global-presence");
  g_autofree char *message = g_settings_get_string (self->settings, "global-status-message");

  if (self->manager != NULL)
    cau_account_manager_set_global_presence (self->manager, cau_presence_from_string (presence),
                                             *message != '\0' ? message : NULL);
}

static void
settings_changed_cb (CauApplication *self,
                     const char     *key)
{
  if (g_str_equal (key, "send-inactive-when-unfocused"))
    update_active (self);
  else if (g_str_equal (key, "global-presence") || g_str_equal (key, "global-status-message"))
    apply_global_presence (self);
}

/* Benchmark hooks (CAUSERIE_BENCH): one line per milestone on stderr. */

static void
bench_after_paint_cb (GdkFrameClock  *clock,
                      CauApplication *self)
{
  g_signal_handlers_disconnect_by_func (clock, bench_after_paint_cb, self);
  g_printerr ("CAU-BENCH window-mapped %" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
}

static void
bench_window_map_cb (GtkWidget      *window,
                     CauApplication *self)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);

  g_signal_handlers_disconnect_by_func (window, bench_window_map_cb, self);
  if (clock != NULL)
    g_signal_connect_object (clock, "after-paint", G_CALLBACK (bench_after_paint_cb), self, 0);
  else
    g_printerr ("CAU-BENCH window-mapped %" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
}

static void
bench_account_state_cb (CauAccount     *account,
                        GParamSpec     *pspec,
                        CauApplication *self)
{
  const char *jid = cau_account_get_jid (account);

  if (cau_account_get_state (account) != CAU_ACCOUNT_STATE_ONLINE)
    return;
  if (!g_hash_table_add (self->bench_online, g_strdup (jid)))
    return;
  /* When the engine sent our presence, then when the window heard of it. */
  g_printerr ("CAU-BENCH online %" G_GINT64_FORMAT " %s %" G_GINT64_FORMAT "\n",
              cau_account_get_online_since (account), jid, g_get_monotonic_time ());
}

static void
bench_accounts_changed_cb (GListModel     *accounts,
                           guint           position,
                           guint           removed,
                           guint           added,
                           CauApplication *self)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(CauAccount) account = g_list_model_get_item (accounts, i);

      g_signal_connect_object (account, "notify::state",
                               G_CALLBACK (bench_account_state_cb), self, 0);
      bench_account_state_cb (account, NULL, self);
    }
}

/* Memory. Starting up (styles, templates, the TLS handshake, the first
 * queries) leaves much freed memory that glibc keeps in its free lists,
 * which counts in our resident size though nothing uses it: once things
 * have settled, and after a window is gone, hand it back to the system. */

#define SETTLE_SECONDS 10

static gboolean
give_back_memory (gpointer user_data)
{
#ifdef __GLIBC__
  malloc_trim (0);
#endif
  return G_SOURCE_REMOVE;
}

static void
give_back_memory_later (void)
{
  g_timeout_add_seconds (SETTLE_SECONDS, give_back_memory, NULL);
}

static void
show_startup_error (CauApplication *self)
{
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (NULL, _("Causerie Cannot Start"), NULL));
  adw_message_dialog_format_body (dialog, _("The account database could not be opened: %s"),
                                  self->manager_error->message);
  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (self));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
cau_application_startup (GApplication *application)
{
  CauApplication *self = CAU_APPLICATION (application);
  g_autofree char *data_dir = cau_application_get_data_dir ();

  /* The accounts start connecting before GTK starts: the engine thread
   * signs in while the display, the styles and the window are set up. A
   * messenger stays online even when it shows no window. */
  if (g_mkdir_with_parents (data_dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (&self->manager_error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   _("Could not create the folder %s: %s"), data_dir, g_strerror (saved_errno));
    }
  else
    {
      self->manager = cau_account_manager_new (data_dir, cau_application_use_keyring (),
                                               &self->manager_error);
    }

  /* An install in a folder of its own (tests, tools) caches there too. */
  if (self->manager != NULL && g_getenv ("CAUSERIE_DATA_DIR") != NULL)
    {
      g_autofree char *avatars = g_build_filename (data_dir, "cache", "avatars", NULL);

      cau_account_manager_set_avatar_dir (self->manager, avatars);
    }

  if (self->manager != NULL && g_getenv ("CAUSERIE_BENCH") != NULL)
    {
      GListModel *accounts = cau_account_manager_get_accounts (self->manager);

      self->bench_online = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_signal_connect_object (accounts, "items-changed",
                               G_CALLBACK (bench_accounts_changed_cb), self, 0);
      bench_accounts_changed_cb (accounts, 0, 0, g_list_model_get_n_items (accounts), self);
    }

  if (self->manager != NULL)
    {
      cau_application_watch_messages (self);
      cau_account_manager_start (self->manager);
    }

  G_APPLICATION_CLASS (cau_application_parent_class)->startup (application);

  self->settings = g_settings_new (SETTINGS_SCHEMA_ID);
  g_signal_connect_object (self->settings, "changed", G_CALLBACK (settings_changed_cb), self,
                           G_CONNECT_SWAPPED);
  /* GSettings only reports changes of keys read since connecting. */
  g_variant_unref (g_settings_get_value (self->settings, "send-inactive-when-unfocused"));
  g_variant_unref (g_settings_get_value (self->settings, "global-presence"));
  g_variant_unref (g_settings_get_value (self->settings, "global-status-message"));

  cau_application_install_actions (self);
  give_back_memory_later ();
}

static void
cau_application_activate (GApplication *application)
{
  CauApplication *self = CAU_APPLICATION (application);
  GtkWindow *window;

  if (self->manager == NULL)
    {
      show_startup_error (self);
      return;
    }

  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (window == NULL)
    window = GTK_WINDOW (cau_window_new (self));
  gtk_window_present (window);
  update_active (self);
}

/* In the window activation showed. */
static void
open_uri (CauApplication *self,
          const char     *uri)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (CAU_IS_WINDOW (window))
    cau_window_open_uri (CAU_WINDOW (window), uri);
}

static int
cau_application_handle_local_options (GApplication *application,
                                      GVariantDict *options)
{
  return cau_application_check_local_options (CAU_APPLICATION (application), options);
}

static int
cau_application_command_line (GApplication            *application,
                              GApplicationCommandLine *command_line)
{
  CauApplication *self = CAU_APPLICATION (application);
  int status = 0;

  if (self->manager == NULL &&
      g_variant_dict_contains (g_application_command_line_get_options_dict (command_line),
                               "add-account"))
    {
      g_application_command_line_printerr (command_line, "%s\n", self->manager_error->message);
      return 1;
    }

  if (self->manager != NULL && cau_application_run_command (self, command_line, &status))
    return status;

  g_application_activate (application);
  /* The other arguments are xmpp: links (the desktop file's %u). */
  if (self->manager != NULL)
    {
      GVariantDict *options = g_application_command_line_get_options_dict (command_line);
      g_autofree const char **uris = NULL;

      g_variant_dict_lookup (options, G_OPTION_REMAINING, "^a&s", &uris);
      for (guint i = 0; uris != NULL && uris[i] != NULL; i++)
        open_uri (self, uris[i]);
    }
  return 0;
}

/* Links handed over without a command line (g_application_open()). */
static void
cau_application_open (GApplication  *application,
                      GFile        **files,
                      int            n_files,
                      const char    *hint)
{
  CauApplication *self = CAU_APPLICATION (application);

  g_application_activate (application);
  if (self->manager == NULL)
    return;
  for (int i = 0; i < n_files; i++)
    {
      g_autofree char *uri = g_file_get_uri (files[i]);

      open_uri (self, uri);
    }
}

static void
cau_application_window_added (GtkApplication *application,
                              GtkWindow      *window)
{
  CauApplication *self = CAU_APPLICATION (application);

  GTK_APPLICATION_CLASS (cau_application_parent_class)->window_added (application, window);

  g_signal_connect_object (window, "notify::is-active", G_CALLBACK (window_is_active_cb), self,
                           G_CONNECT_SWAPPED);
  if (self->bench_online != NULL && CAU_IS_WINDOW (window) && !self->bench_window_seen)
    {
      self->bench_window_seen = TRUE;
      g_signal_connect_object (window, "map", G_CALLBACK (bench_window_map_cb), self, 0);
    }
  update_active (self);
}

static void
cau_application_window_removed (GtkApplication *application,
                                GtkWindow      *window)
{
  CauApplication *self = CAU_APPLICATION (application);

  g_signal_handlers_disconnect_by_func (window, window_is_active_cb, self);
  GTK_APPLICATION_CLASS (cau_application_parent_class)->window_removed (application, window);
  update_active (self);
  give_back_memory_later ();
}

static void
cau_application_dispose (GObject *object)
{
  CauApplication *self = CAU_APPLICATION (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  cau_application_unwatch_messages (self);
  g_clear_object (&self->manager);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->bench_online, g_hash_table_unref);

  G_OBJECT_CLASS (cau_application_parent_class)->dispose (object);
}

static void
cau_application_finalize (GObject *object)
{
  CauApplication *self = CAU_APPLICATION (object);

  g_clear_error (&self->manager_error);

  G_OBJECT_CLASS (cau_application_parent_class)->finalize (object);
}

static void
cau_application_class_init (CauApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);
  GtkApplicationClass *gtk_app_class = GTK_APPLICATION_CLASS (klass);

  object_class->dispose = cau_application_dispose;
  object_class->finalize = cau_application_finalize;

  app_class->startup = cau_application_startup;
  app_class->activate = cau_application_activate;
  app_class->handle_local_options = cau_application_handle_local_options;
  app_class->command_line = cau_application_command_line;
  app_class->open = cau_application_open;

  gtk_app_class->window_added = cau_application_window_added;
  gtk_app_class->window_removed = cau_application_window_removed;

  cau_ui_init ();
}

static void
cau_application_init (CauApplication *self)
{
  self->cancellable = g_cancellable_new ();
  cau_application_add_option_entries (self);
}

/**
 * cau_application_new:
 *
 * With `CAUSERIE_DATA_DIR` set the instance is not unique, so that two
 * instances with different data can run side by side.
 *
 * Returns: (transfer full): the application
 */
CauApplication *
cau_application_new (void)
{
  GApplicationFlags flags = G_APPLICATION_HANDLES_COMMAND_LINE | G_APPLICATION_HANDLES_OPEN;
  const char *data_dir = g_getenv ("CAUSERIE_DATA_DIR");

  if (data_dir != NULL && *data_dir != '\0')
    flags |= G_APPLICATION_NON_UNIQUE;

  return g_object_new (CAU_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", flags,
                       "resource-base-path", RESOURCE_PATH,
                       NULL);
}

CauAccountManager *
cau_application_get_account_manager (CauApplication *self)
{
  g_return_val_if_fail (CAU_IS_APPLICATION (self), NULL);
  return self->manager;
}

GSettings *
cau_application_get_settings (CauApplication *self)
{
  g_return_val_if_fail (CAU_IS_APPLICATION (self), NULL);
  return self->settings;
}

int
cau_application_get_exit_status (CauApplication *self)
{
  g_return_val_if_fail (CAU_IS_APPLICATION (self), 1);
  return self->exit_status;
}

/* Ends a command started by cau_application_run_command(). A local
 * command line has already returned its status to g_application_run(),
 * so main() asks cau_application_get_exit_status() too. */
void
cau_application_finish_command (CauApplication          *self,
                                GApplicationCommandLine *command_line,
                                int                      status)
{
  g_return_if_fail (CAU_IS_APPLICATION (self));

  if (status != 0 && !g_application_command_line_get_is_remote (command_line))
    self->exit_status = status;
  g_application_command_line_set_exit_status (command_line, status);
  g_application_release (G_APPLICATION (self));
}
