/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-avatar.h"
#include "cau-account-page.h"
#include "cau-certificate-dialog.h"
#include "cau-password-dialog.h"
#include "cau-ui-utils.h"

#include <glib/gi18n.h>
#include <string.h>

/* One account in the content pane: how it is doing and what to do about it. */
struct _CauAccountPage
{
  GtkWidget          parent_instance;

  CauAccountManager *manager;
  CauAccount        *account;
  GSignalGroup      *account_signals;
  GCancellable      *cancellable;
  const char        *banner_class;
  gboolean           updating;

  GtkRevealer       *banner_revealer;
  GtkWidget         *banner;
  GtkLabel          *banner_title;
  GtkLabel          *banner_label;
  GtkWidget         *certificate_button;
  GtkWidget         *password_button;
  GtkWidget         *retry_button;
  AdwAvatar         *avatar;
  GtkLabel          *jid_label;
  GtkLabel          *state_label;
  GtkSwitch         *enabled_switch;
  AdwComboRow       *presence_row;
  AdwEntryRow       *status_row;
};

G_DEFINE_FINAL_TYPE (CauAccountPage, cau_account_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_MANAGER,
  PROP_ACCOUNT,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

static void
update_banner (CauAccountPage *self)
{
  CauAccountState state = cau_account_get_state (self->account);
  CauCertificate *certificate = cau_account_get_rejected_certificate (self->account);
  const char *message = cau_account_get_error_message (self->account);
  const char *title = NULL;
  const char *css_class = "error";

  switch (state)
    {
    case CAU_ACCOUNT_STATE_ERROR:
      title = _("Cannot Connect");
      if (message == NULL || *message == '\0')
        message = _("The connection failed.");
      break;
    case CAU_ACCOUNT_STATE_WAITING:
      title = _("Connection Lost");
      css_class = "warning";
      if (message == NULL || *message == '\0')
        message = _("Causerie will try again by itself.");
      break;
    case CAU_ACCOUNT_STATE_NEEDS_PASSWORD:
      title = _("Password Needed");
      message = _("Causerie needs the password of this account to connect.");
      break;
    case CAU_ACCOUNT_STATE_DISABLED:
    case CAU_ACCOUNT_STATE_OFFLINE:
    case CAU_ACCOUNT_STATE_CONNECTING:
    case CAU_ACCOUNT_STATE_ONLINE:
    default:
      break;
    }

  gtk_revealer_set_reveal_child (self->banner_revealer, title != NULL);
  if (title == NULL)
    return;

  if (self->banner_class != NULL)
    gtk_widget_remove_css_class (self->banner, self->banner_class);
  self->banner_class = css_class;
  gtk_widget_add_css_class (self->banner, css_class);

  gtk_label_set_label (self->banner_title, title);
  gtk_label_set_label (self->banner_label, message);
  gtk_widget_set_visible (self->certificate_button, certificate != NULL);
  gtk_widget_set_visible (self->password_button, state == CAU_ACCOUNT_STATE_NEEDS_PASSWORD);
  gtk_widget_set_visible (self->retry_button, state == CAU_ACCOUNT_STATE_ERROR ||
                                              state == CAU_ACCOUNT_STATE_WAITING);
}

static void
update (CauAccountPage *self)
{
  g_autofree char *state = NULL;
  gboolean enabled, online;

  if (self->account == NULL)
    return;

  self->updating = TRUE;

  /* The banner says what went wrong; the line under the address stays short. */
  switch (cau_account_get_state (self->account))
    {
    case CAU_ACCOUNT_STATE_ERROR:
      state = g_strdup (_("Not connected"));
      break;
    case CAU_ACCOUNT_STATE_WAITING:
      state = g_strdup (_("Reconnecting soon…"));
      break;
    case CAU_ACCOUNT_STATE_DISABLED:
    case CAU_ACCOUNT_STATE_OFFLINE:
    case CAU_ACCOUNT_STATE_CONNECTING:
    case CAU_ACCOUNT_STATE_ONLINE:
    case CAU_ACCOUNT_STATE_NEEDS_PASSWORD:
    default:
      state = cau_account_describe_state (self->account);
      break;
    }
  enabled = cau_account_get_enabled (self->account);
  adw_avatar_set_text (self->avatar, cau_account_get_jid (self->account));
  cau_avatar_show (self->avatar, self->account, cau_account_get_jid (self->account),
                   cau_account_get_avatar_hash (self->account));
  gtk_label_set_label (self->jid_label, cau_account_get_jid (self->account));
  gtk_label_set_label (self->state_label, state);
  gtk_switch_set_active (self->enabled_switch, enabled);
  adw_combo_row_set_selected (self->presence_row, cau_account_get_presence (self->account));
  gtk_widget_set_sensitive (GTK_WIDGET (self->presence_row), enabled);
  gtk_widget_set_sensitive (GTK_WIDGET (self->status_row), enabled);
  update_banner (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "account.show-certificate",
                                 cau_account_get_rejected_certificate (self->account) != NULL);
  /* Avatars are published to the server: only online. */
  online = cau_account_get_state (self->account) == CAU_ACCOUNT_STATE_ONLINE;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "account.set-avatar", online);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "account.set-avatar-file", online);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "account.remove-avatar",
                                 online && cau_account_get_avatar_hash (self->account) != NULL);

  self->updating = FALSE;
}

static void
account_notify_cb (CauAccountPage *self,
                   GParamSpec     *pspec)
{
  /* What the person is typing is left alone unless the message really changed. */
  if (g_str_equal (pspec->name, "status-message"))
    {
      const char *message = cau_account_get_status_message (self->account);

      gtk_editable_set_text (GTK_EDITABLE (self->status_row), message ? message : "");
    }
  update (self);
}

static void
enabled_changed_cb (CauAccountPage *self)
{
  if (self->updating || self->account == NULL)
    return;
  cau_account_set_enabled (self->account, gtk_switch_get_active (self->enabled_switch));
}

static void
presence_changed_cb (CauAccountPage *self)
{
  guint selected = adw_combo_row_get_selected (self->presence_row);

  if (self->updating || self->account == NULL || selected > CAU_PRESENCE_OFFLINE)
    return;
  cau_account_set_presence (self->account, (CauPresence) selected,
                            cau_account_get_status_message (self->account));
}

static void
status_applied_cb (CauAccountPage *self)
{
  g_autofree char *message = NULL;

  if (self->account == NULL)
    return;
  message = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->status_row))));
  cau_account_set_presence (self->account, cau_account_get_presence (self->account),
                            *message != '\0' ? message : NULL);
}

static void
retry_action_cb (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  CauAccountPage *self = CAU_ACCOUNT_PAGE (widget);

  if (self->account != NULL)
    cau_account_reconnect (self->account);
}

static void
certificate_chosen_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(CauAccountPage) self = user_data;
  g_autoptr(GError) error = NULL;
  CauCertificate *certificate;

  if (!cau_certificate_dialog_choose_finish (result, &error) || self->account == NULL)
    return;

  certificate = cau_account_get_rejected_certificate (self->account);
  if (certificate == NULL)
    return;
  if (!cau_account_trust_certificate (self->account, certificate, &error))
    cau_widget_add_toast (GTK_WIDGET (self), error->message);
}

static void
show_certificate_action_cb (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  CauAccountPage *self = CAU_ACCOUNT_PAGE (widget);
  CauCertificate *certificate;
  const char *host, *jid, *at;
  GtkRoot *root = gtk_widget_get_root (widget);

  if (self->account == NULL)
    return;
  certificate = cau_account_get_rejected_certificate (self->account);
  if (certificate == NULL)
    return;

  host = cau_account_get_host (self->account);
  jid = cau_account_get_jid (self->account);
  at = strchr (jid, '@');
  cau_certificate_dialog_choose_async (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                       host != NULL && *host != '\0' ? host : (at ? at + 1 : jid),
                                       certificate, self->cancellable,
                                       certificate_chosen_cb, g_object_ref (self));
}

static void
set_password_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(CauAccountPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (cau_account_set_password_finish (CAU_ACCOUNT (source), result, &error) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* The password still works for this session. */
  if (g_error_matches (error, CAU_CORE_ERROR, CAU_CORE_ERROR_NO_KEYRING))
    cau_widget_add_toast (GTK_WIDGET (self), _("No keyring: password not saved"));
  else
    cau_widget_add_toast (GTK_WIDGET (self), error->message);
}

static void
password_response_cb (CauPasswordDialog *dialog,
                      const char        *response,
                      CauAccountPage    *self)
{
  gboolean remember;

  if (g_strcmp0 (response, "connect") != 0 || self->account == NULL)
    return;

  remember = self->manager != NULL && cau_account_manager_get_keyring_available (self->manager);
  cau_account_set_password_async (self->account, cau_password_dialog_get_password (dialog),
                                  remember, self->cancellable, set_password_cb,
                                  g_object_ref (self));
}

static void
enter_password_action_cb (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  CauAccountPage *self = CAU_ACCOUNT_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  CauPasswordDialog *dialog;
  gboolean keyring;

  if (self->account == NULL)
    return;

  keyring = self->manager != NULL && cau_account_manager_get_keyring_available (self->manager);
  dialog = cau_password_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                    cau_account_get_jid (self->account), keyring);
  g_signal_connect_object (dialog, "response", G_CALLBACK (password_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Our avatar (XEP-0084). */

static void
avatar_prepared_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  CauAccountPage *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) png = NULL;
  guint width = 0, height = 0;

  png = cau_avatar_prepare_own_finish (result, &width, &height, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (png == NULL)
    {
      cau_widget_add_toast (GTK_WIDGET (self), error->message);
      return;
    }
  if (self->account == NULL ||
      !cau_account_publish_avatar (self->account, png, width, height, &error))
    cau_widget_add_toast (GTK_WIDGET (self), error ? error->message : _("The avatar could not be set."));
}

/* Also the test's way in, without the file chooser. */
static void
set_avatar_file_action_cb (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  CauAccountPage *self = CAU_ACCOUNT_PAGE (widget);
  g_autoptr(GFile) file = g_file_new_for_uri (g_variant_get_string (parameter, NULL));

  cau_avatar_prepare_own_async (file, self->cancellable, avatar_prepared_cb, self);
}

static void
set_avatar_action_cb (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  cau_avatar_choose_file (widget, "account.set-avatar-file");
}

static void
remove_avatar_action_cb (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  CauAccountPage *self = CAU_ACCOUNT_PAGE (widget);
  g_autoptr(GError) error = NULL;

  if (self->account != NULL &&
      !cau_account_publish_avatar (self->account, NULL, 0, 0, &error))
    cau_widget_add_toast (GTK_WIDGET (self), error->message);
}

static void
cau_account_page_dispose (GObject *object)
{
  CauAccountPage *self = CAU_ACCOUNT_PAGE (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->account_signals);
  g_clear_object (&self->account);
  g_clear_object (&self->manager);
  gtk_widget_dispose_template (GTK_WIDGET (self), CAU_TYPE_ACCOUNT_PAGE);
  /* A plain GtkWidget does not drop its children itself. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (cau_account_page_parent_class)->dispose (object);
}

static void
cau_account_page_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  CauAccountPage *self = CAU_ACCOUNT_PAGE (object);

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
cau_account_page_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  CauAccountPage *self = CAU_ACCOUNT_PAGE (object);

  switch (prop_id)
    {
    case PROP_MANAGER:
      if (g_set_object (&self->manager, g_value_get_object (value)))
        g_object_notify_by_pspec (object, props[PROP_MANAGER]);
      break;
    case PROP_ACCOUNT:
      cau_account_page_set_account (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cau_account_page_class_init (CauAccountPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cau_account_page_dispose;
  object_class->get_property = cau_account_page_get_property;
  object_class->set_property = cau_account_page_set_property;

  props[PROP_MANAGER] =
    g_param_spec_object ("manager", NULL, NULL, CAU_TYPE_ACCOUNT_MANAGER,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  props[PROP_ACCOUNT] =
    g_param_spec_object ("account", NULL, NULL, CAU_TYPE_ACCOUNT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/im/causerie/Causerie/ui/cau-account-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CauAccountPage, banner_revealer);
  gtk_widget_class_bind_template_child (widget_class, CauAccountPage, banner);
  gtk_widget_class_bind_template_child (widget_class, CauAccountPage, banner_title);
  gtk_widget_class_bind_template_child (widget_class, CauAccountPage, banner_label);
  gtk_widget_class_bind_template_child (widget_class, CauAccountPage, certificate_button);
  gtk_widget_class_bind_template_child (widget_class, CauAccountPage, password_button);
  gtk_widget_class_bind_template_child (widget_class, CauAccountPage, retry_button);
  gtk_widget_class_bind_template_child (widget_class, CauAccountPage, avatar);
  gtk_widget_class_bind_template_child (widget_class, CauAccountPage, jid_label);
  gtk_widget_class_bind_template_child (widget_class, CauAccountPage, state_label);
  gtk_widget_class_bind_template_child (widget_class, CauAccountPage, enabled_switch);
  gtk_widget_class_bind_template_child (widget_class, CauAccountPage, presence_row);
  gtk_widget_class_bind_template_child (widget_class, CauAccountPage, status_row);
  gtk_widget_class_bind_template_callback (widget_class, enabled_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, presence_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, status_applied_cb);

  gtk_widget_class_install_action (widget_class, "account.retry", NULL, retry_action_cb);
  gtk_widget_class_install_action (widget_class, "account.show-certificate", NULL,
                                   show_certificate_action_cb);
  gtk_widget_class_install_action (widget_class, "account.enter-password", NULL,
                                   enter_password_action_cb);
  gtk_widget_class_install_action (widget_class, "account.set-avatar", NULL,
                                   set_avatar_action_cb);
  gtk_widget_class_install_action (widget_class, "account.set-avatar-file", "s",
                                   set_avatar_file_action_cb);
  gtk_widget_class_install_action (widget_class, "account.remove-avatar", NULL,
                                   remove_avatar_action_cb);
}

static void
cau_account_page_init (CauAccountPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->account_signals = g_signal_group_new (CAU_TYPE_ACCOUNT);
  g_signal_group_connect_swapped (self->account_signals, "notify",
                                  G_CALLBACK (account_notify_cb), self);
}

CauAccount *
cau_account_page_get_account (CauAccountPage *self)
{
  g_return_val_if_fail (CAU_IS_ACCOUNT_PAGE (self), NULL);
  return self->account;
}

void
cau_account_page_set_account (CauAccountPage *self,
                              CauAccount     *account)
{
  const char *message;

  g_return_if_fail (CAU_IS_ACCOUNT_PAGE (self));
  g_return_if_fail (account == NULL || CAU_IS_ACCOUNT (account));

  if (!g_set_object (&self->account, account))
    return;

  g_signal_group_set_target (self->account_signals, account);
  message = account ? cau_account_get_status_message (account) : NULL;
  gtk_editable_set_text (GTK_EDITABLE (self->status_row), message ? message : "");
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_ACCOUNT]);
}
