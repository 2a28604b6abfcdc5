/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-application-private.h"
#include "cau-status-dialog.h"
#include "cau-window.h"

#include <glib/gi18n.h>

static CauWindow *
get_window (CauApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self));
       !CAU_IS_WINDOW (window) && l != NULL;
       l = l->next)
    window = l->data;

  if (CAU_IS_WINDOW (window))
    return CAU_WINDOW (window);
  return NULL;
}

static void
quit_cb (GSimpleAction *action,
         GVariant      *parameter,
         gpointer       user_data)
{
  CauApplication *self = user_data;
  g_autoptr(GList) windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));

  /* Closing rather than destroying lets each window save its size. */
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (l->data);
  g_application_quit (G_APPLICATION (self));
}

static void
about_cb (GSimpleAction *action,
          GVariant      *parameter,
          gpointer       user_data)
{
  CauApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", parent,
                        "modal", TRUE,
                        "application-icon", APP_ID,
                        "application-name", _("Causerie"),
                        "developer-name", _("The Causerie developers"),
                        "version", PACKAGE_VERSION,
                        "website", "https://causerie.im",
                        "copyright", _("© 2026 The Causerie developers"),
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
add_account_cb (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  CauApplication *self = user_data;
  CauWindow *window;

  if (cau_application_get_account_manager (self) == NULL)
    return;

  g_application_activate (G_APPLICATION (self));
  window = get_window (self);
  if (window != NULL)
    cau_window_show_add_account (window);
}

static void
status_dialog_response_cb (CauStatusDialog *dialog,
                           const char      *response,
                           CauApplication  *self)
{
  g_autofree char *message = NULL;

  if (g_strcmp0 (response, "set") != 0 || self->settings == NULL)
    return;

  message = g_strstrip (g_strdup (cau_status_dialog_get_message (dialog)));
  g_settings_set_string (self->settings, "global-status-message", message);
}

static void
set_status_message_cb (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  CauApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  g_autofree char *message = g_settings_get_string (self->settings, "global-status-message");
  CauStatusDialog *dialog;

  dialog = cau_status_dialog_new (parent, message);
  g_signal_connect_object (dialog, "response", G_CALLBACK (status_dialog_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* From a notification: the conversation in front. */
static void
open_conversation_cb (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  CauApplication *self = user_data;
  gint64 id = g_variant_get_int64 (parameter);
  CauConversation *conversation = cau_application_find_conversation (self, id);
  CauWindow *window;

  g_application_activate (G_APPLICATION (self));
  window = get_window (self);
  if (window != NULL && conversation != NULL)
    {
      cau_window_open_conversation (window, conversation);
      gtk_window_present (GTK_WINDOW (window));
    }
}

/* From a contact request's notification: the contacts page, where the
 * requests are answered. */
static void
show_contacts_cb (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  CauApplication *self = user_data;
  CauWindow *window;

  g_application_activate (G_APPLICATION (self));
  window = get_window (self);
  if (window != NULL)
    {
      gtk_widget_activate_action (GTK_WIDGET (window), "win.show-contacts", NULL);
      gtk_window_present (GTK_WINDOW (window));
    }
}

/* From an invitation's notification: the window, whose conversation list has the invitations
 * above it. */
static void
show_invitations_cb (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  CauApplication *self = user_data;
  CauWindow *window;

  g_application_activate (G_APPLICATION (self));
  window = get_window (self);
  if (window != NULL)
    gtk_window_present (GTK_WINDOW (window));
}

static void
mark_read_cb (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  CauApplication *self = user_data;
  gint64 id = g_variant_get_int64 (parameter);
  CauConversation *conversation = cau_application_find_conversation (self, id);

  if (conversation != NULL)
    cau_conversation_mark_read (conversation);
}

static const GActionEntry app_entries[] = {
  { "quit", quit_cb },
  { "about", about_cb },
  { "add-account", add_account_cb },
  { "set-status-message", set_status_message_cb },
  { "open-conversation", open_conversation_cb, "x" },
  { "mark-read", mark_read_cb, "x" },
  { "show-contacts", show_contacts_cb },
  { "show-invitations", show_invitations_cb },
};

static const struct {
  const char *action;
  const char *accels[2];
} app_accels[] = {
  { "app.quit", { "<Control>q", NULL } },
  { "app.add-account", { "<Control>n", NULL } },
  { "win.account-settings", { "<Control>comma", NULL } },
  { "win.new-chat", { "<Control>t", NULL } },
  { "win.join-room", { "<Control>j", NULL } },
  { "win.show-help-overlay", { "<Control>question", NULL } },
};

void
cau_application_install_actions (CauApplication *self)
{
  g_autoptr(GAction) presence = NULL;

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_entries, G_N_ELEMENTS (app_entries),
                                   self);

  /* The presence menu changes the setting; the application applies it. */
  presence = g_settings_create_action (self->settings, "global-presence");
  g_action_map_add_action (G_ACTION_MAP (self), presence);

  for (guint i = 0; i < G_N_ELEMENTS (app_accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self), app_accels[i].action,
                                           app_accels[i].accels);
}
