/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-account-preferences.h"
#include "cau-omemo-own-page.h"
#include "cau-ui-utils.h"

#include <glib/gi18n.h>

struct _CauAccountPreferences
{
  AdwPreferencesWindow  parent_instance;

  CauAccountManager    *manager;
  CauAccount           *account;
  GSignalGroup         *account_signals;
  GCancellable         *cancellable;
  gboolean              updating;

  AdwActionRow         *address_row;
  GtkSwitch            *enabled_switch;
  AdwComboRow          *presence_row;
  AdwEntryRow          *status_row;
  AdwEntryRow          *server_row;
  GtkSwitch            *direct_tls_switch;
  GtkLabel             *server_error_label;
  AdwEntryRow          *password_row;
  CauOmemoOwnPage      *encryption_page;
};

G_DEFINE_FINAL_TYPE (CauAccountPreferences, cau_account_preferences, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_MANAGER,
  PROP_ACCOUNT,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

static void
show_toast (CauAccountPreferences *self,
            const char            *message)
{
  g_autofree char *escaped = g_markup_escape_text (message, -1);

  /* Toast titles are markup in libadwaita 1.2. */
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (escaped));
}

static void
show_server_error (CauAccountPreferences *self,
                   const char            *message)
{
  gtk_label_set_label (self->server_error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->server_error_label), message != NULL);
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->server_row),
                               GTK_ACCESSIBLE_STATE_INVALID,
                               message ? GTK_ACCESSIBLE_INVALID_TRUE : GTK_ACCESSIBLE_INVALID_FALSE,
                               -1);
}

static void
update_server (CauAccountPreferences *self)
{
  g_autofree char *server = cau_format_server (cau_account_get_host (self->account),
                                               cau_account_get_port (self->account));

  self->updating = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->server_row), server);
  gtk_switch_set_active (self->direct_tls_switch, cau_account_get_direct_tls (self->account));
  self->updating = FALSE;
}

/* @name is the property that changed, or NULL for all. */
static void
refresh (CauAccountPreferences *self,
         const char            *name)
{
  self->updating = TRUE;
  adw_action_row_set_subtitle (self->address_row, cau_account_get_jid (self->account));
  gtk_switch_set_active (self->enabled_switch, cau_account_get_enabled (self->account));
  adw_combo_row_set_selected (self->presence_row, cau_account_get_presence (self->account));
  if (name == NULL || g_str_equal (name, "status-message"))
    {
      const char *message = cau_account_get_status_message (self->account);

      gtk_editable_set_text (GTK_EDITABLE (self->status_row), message ? message : "");
    }
  self->updating = FALSE;

  if (name == NULL || g_str_equal (name, "host") || g_str_equal (name, "port") ||
      g_str_equal (name, "direct-tls"))
    update_server (self);
}

static void
account_notify_cb (CauAccountPreferences *self,
                   GParamSpec            *pspec)
{
  refresh (self, pspec->name);
}

static void
enabled_changed_cb (CauAccountPreferences *self)
{
  if (!self->updating)
    cau_account_set_enabled (self->account, gtk_switch_get_active (self->enabled_switch));
}

static void
presence_changed_cb (CauAccountPreferences *self)
{
  guint selected = adw_combo_row_get_selected (self->presence_row);

  if (self->updating || selected > CAU_PRESENCE_OFFLINE)
    return;
  cau_account_set_presence (self->account, (CauPresence) selected,
                            cau_account_get_status_message (self->account));
}

static void
status_applied_cb (CauAccountPreferences *self)
{
  g_autofree char *message =
    g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->status_row))));

  cau_account_set_presence (self->account, cau_account_get_presence (self->account),
                            *message != '\0' ? message : NULL);
}

static void
apply_server (CauAccountPreferences *self,
              const char            *text,
              gboolean               direct_tls)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *host = NULL;
  guint16 port = 0;

  if (!cau_parse_server (text, &host, &port, &error) ||
      !cau_account_set_server (self->account, host, port, direct_tls, &error))
    {
      show_server_error (self, error->message);
      return;
    }
  show_server_error (self, NULL);
}

static void
server_applied_cb (CauAccountPreferences *self)
{
  apply_server (self, gtk_editable_get_text (GTK_EDITABLE (self->server_row)),
                gtk_switch_get_active (self->direct_tls_switch));
}

static void
direct_tls_changed_cb (CauAccountPreferences *self)
{
  g_autofree char *server = NULL;

  if (self->updating)
    return;

  /* The switch applies at once, with the server as saved, not as being typed. */
  server = cau_format_server (cau_account_get_host (self->account),
                              cau_account_get_port (self->account));
  apply_server (self, server, gtk_switch_get_active (self->direct_tls_switch));
  if (gtk_widget_get_visible (GTK_WIDGET (self->server_error_label)))
    update_server (self);
}

static void
set_password_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(CauAccountPreferences) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!cau_account_set_password_finish (CAU_ACCOUNT (source), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_toast (self, error->message);
      return;
    }

  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  show_toast (self, _("Password saved"));
}

static void
password_applied_cb (CauAccountPreferences *self)
{
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));

  if (*password == '\0')
    return;
  cau_account_set_password_async (self->account, password, TRUE, self->cancellable,
                                  set_password_cb, g_object_ref (self));
}

static void
remove_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(CauAccountPreferences) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!cau_account_manager_remove_account_finish (CAU_ACCOUNT_MANAGER (source), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_toast (self, error->message);
      return;
    }
  gtk_window_close (GTK_WINDOW (self));
}

static void
remove_response_cb (AdwMessageDialog      *dialog,
                    const char            *response,
                    CauAccountPreferences *self)
{
  GtkCheckButton *check = GTK_CHECK_BUTTON (adw_message_dialog_get_extra_child (dialog));

  if (g_strcmp0 (response, "remove") != 0 || self->manager == NULL)
    return;
  cau_account_manager_remove_account_async (self->manager, self->account,
                                            gtk_check_button_get_active (check),
                                            self->cancellable, remove_cb, g_object_ref (self));
}

static void
remove_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  CauAccountPreferences *self = CAU_ACCOUNT_PREFERENCES (widget);
  AdwMessageDialog *dialog;
  GtkWidget *check;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), NULL, NULL));
  /* TRANSLATORS: %s is an address; the heading is plain text */
  adw_message_dialog_format_heading (dialog, _("Remove account %s?"),
                                     cau_account_get_jid (self->account));
  adw_message_dialog_set_body (dialog,
                               _("Causerie will disconnect it and forget its password. The "
                                 "account itself stays on its server."));
  check = gtk_check_button_new_with_mnemonic (_("Also _delete the local message history"));
  gtk_widget_set_name (check, "delete-history-check");
  adw_message_dialog_set_extra_child (dialog, check);
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "remove", _("_Remove"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "remove", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  gtk_widget_set_name (GTK_WIDGET (dialog), "remove-account-dialog");
  g_signal_connect_object (dialog, "response", G_CALLBACK (remove_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
cau_account_preferences_constructed (GObject *object)
{
  CauAccountPreferences *self = CAU_ACCOUNT_PREFERENCES (object);

  G_OBJECT_CLASS (cau_account_preferences_parent_class)->constructed (object);

  g_assert (self->account != NULL);

  g_signal_group_set_target (self->account_signals, self->account);
  cau_omemo_own_page_set_account (self->encryption_page, self->account);
  refresh (self, NULL);
}

static void
cau_account_preferences_dispose (GObject *object)
{
  CauAccountPreferences *self = CAU_ACCOUNT_PREFERENCES (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->account_signals);
  g_clear_object (&self->account);
  g_clear_object (&self->manager);
  gtk_widget_dispose_template (GTK_WIDGET (self), CAU_TYPE_ACCOUNT_PREFERENCES);

  G_OBJECT_CLASS (cau_account_preferences_parent_class)->dispose (object);
}

static void
cau_account_preferences_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  CauAccountPreferences *self = CAU_ACCOUNT_PREFERENCES (object);

  switch (prop_id)
    {
    case PROP_MANAGER:
      g_value_set_object (value, self->manager);
      break;
    case PROP_ACCOUNT:
      g_value_set_object (value, self->account);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cau_account_preferences_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  CauAccountPreferences *self = CAU_ACCOUNT_PREFERENCES (object);

  switch (prop_id)
    {
    case PROP_MANAGER:
      self->manager = g_value_dup_object (value);
      break;
    case PROP_ACCOUNT:
      self->account = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cau_account_preferences_class_init (CauAccountPreferencesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = cau_account_preferences_constructed;
  object_class->dispose = cau_account_preferences_dispose;
  object_class->get_property = cau_account_preferences_get_property;
  object_class->set_property = cau_account_preferences_set_property;

  props[PROP_MANAGER] =
    g_param_spec_object ("manager", NULL, NULL, CAU_TYPE_ACCOUNT_MANAGER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  props[PROP_ACCOUNT] =
    g_param_spec_object ("account", NULL, NULL, CAU_TYPE_ACCOUNT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/cau-account-preferences.ui");
  gtk_widget_class_bind_template_child (widget_class, CauAccountPreferences, address_row);
  gtk_widget_class_bind_template_child (widget_class, CauAccountPreferences, enabled_switch);
  gtk_widget_class_bind_template_child (widget_class, CauAccountPreferences, presence_row);
  gtk_widget_class_bind_template_child (widget_class, CauAccountPreferences, status_row);
  gtk_widget_class_bind_template_child (widget_class, CauAccountPreferences, server_row);
  gtk_widget_class_bind_template_child (widget_class, CauAccountPreferences, direct_tls_switch);
  gtk_widget_class_bind_template_child (widget_class, CauAccountPreferences, server_error_label);
  gtk_widget_class_bind_template_child (widget_class, CauAccountPreferences, password_row);
  gtk_widget_class_bind_template_child (widget_class, CauAccountPreferences, encryption_page);
  gtk_widget_class_bind_template_callback (widget_class, enabled_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, presence_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, status_applied_cb);
  gtk_widget_class_bind_template_callback (widget_class, server_applied_cb);
  gtk_widget_class_bind_template_callback (widget_class, direct_tls_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, password_applied_cb);

  gtk_widget_class_install_action (widget_class, "prefs.remove", NULL, remove_action_cb);
}

static void
cau_account_preferences_init (CauAccountPreferences *self)
{
  g_type_ensure (CAU_TYPE_OMEMO_OWN_PAGE);
  /* Set before the template: its switches report changes while it is built. */
  self->updating = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  self->updating = FALSE;

  self->cancellable = g_cancellable_new ();
  self->account_signals = g_signal_group_new (CAU_TYPE_ACCOUNT);
  g_signal_group_connect_swapped (self->account_signals, "notify",
                                  G_CALLBACK (account_notify_cb), self);
}

CauAccountPreferences *
cau_account_preferences_new (GtkWindow         *parent,
                             CauAccountManager *manager,
                             CauAccount        *account)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (CAU_IS_ACCOUNT_MANAGER (manager), NULL);
  g_return_val_if_fail (CAU_IS_ACCOUNT (account), NULL);

  return g_object_new (CAU_TYPE_ACCOUNT_PREFERENCES,
                       "transient-for", parent,
                       "manager", manager,
                       "account", account,
                       NULL);
}
