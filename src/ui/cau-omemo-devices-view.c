/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-omemo-devices-view.h"
#include "cau-omemo-device-row.h"
#include "cau-ui-utils.h"
#include "cau-xmpp-uri.h"
#include "core/cau-account-manager.h"

#include <glib/gi18n.h>

struct _CauOmemoDevicesView
{
  AdwBin              parent_instance;

  CauOmemoDeviceList *devices;
  GtkCustomFilter    *filter;
  GtkFilterListModel *shown;

  AdwPreferencesGroup *group;
  GtkLabel           *empty_label;
  GtkListBox         *list_box;
  AdwEntryRow        *verify_row;
};

G_DEFINE_FINAL_TYPE (CauOmemoDevicesView, cau_omemo_devices_view, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_DEVICES,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

static void
set_trust (CauOmemoDevicesView *self,
           guint32              device_id,
           CauOmemoTrust        trust)
{
  g_autoptr(GError) error = NULL;

  if (self->devices == NULL)
    return;
  if (!cau_omemo_device_list_set_trust (self->devices, device_id, trust, &error))
    cau_widget_add_toast (GTK_WIDGET (self), error->message);
}

static void
trust_action_cb (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  set_trust (CAU_OMEMO_DEVICES_VIEW (widget), g_variant_get_uint32 (parameter),
             CAU_OMEMO_TRUST_TRUSTED);
}

static void
distrust_action_cb (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  set_trust (CAU_OMEMO_DEVICES_VIEW (widget), g_variant_get_uint32 (parameter),
             CAU_OMEMO_TRUST_DISTRUSTED);
}

static void
verify_response_cb (AdwMessageDialog    *dialog,
                    const char          *response,
                    CauOmemoDevicesView *self)
{
  guint32 device_id = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (dialog), "cau-device-id"));

  if (g_str_equal (response, "verify"))
    set_trust (self, device_id, CAU_OMEMO_TRUST_VERIFIED);
}

static GtkWindow *
parent_window (CauOmemoDevicesView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

/* Verifying by eye: the person compares the fingerprint with the one the device shows. */
static void
verify_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  CauOmemoDevicesView *self = CAU_OMEMO_DEVICES_VIEW (widget);
  guint32 device_id = g_variant_get_uint32 (parameter);
  CauOmemoDevice *device = self->devices ? cau_omemo_device_list_find (self->devices, device_id)
                                         : NULL;
  AdwMessageDialog *dialog;

  if (device == NULL || cau_omemo_device_get_fingerprint_text (device) == NULL)
    return;
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent_window (self),
                                                       _("Verify This Device?"), NULL));
  gtk_widget_set_name (GTK_WIDGET (dialog), "omemo-verify-dialog");
  adw_message_dialog_format_body (dialog,
                                  /* TRANSLATORS: %u is a device number, %s its fingerprint */
                                  _("Compare the fingerprint of device %u with the one its "
                                    "owner’s app shows, in person or over a channel you "
                                    "trust:\n\n%s\n\nMark it as verified only if every "
                                    "digit is the same."),
                                  device_id, cau_omemo_device_get_fingerprint_text (device));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "verify", _("_Mark as Verified"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "verify", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data (G_OBJECT (dialog), "cau-device-id", GUINT_TO_POINTER (device_id));
  g_signal_connect_object (dialog, "response", G_CALLBACK (verify_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
remove_response_cb (AdwMessageDialog    *dialog,
                    const char          *response,
                    CauOmemoDevicesView *self)
{
  guint32 device_id = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (dialog), "cau-device-id"));
  g_autoptr(GError) error = NULL;
  g_autofree char *done = NULL;

  if (!g_str_equal (response, "remove") || self->devices == NULL)
    return;
  if (!cau_omemo_device_list_remove (self->devices, device_id, &error))
    {
      cau_widget_add_toast (GTK_WIDGET (self), error->message);
      return;
    }
  /* TRANSLATORS: %u is a device number */
  done = g_strdup_printf (_("Device %u is being removed from your devices."), device_id);
  cau_widget_add_toast (GTK_WIDGET (self), done);
}

static void
remove_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  CauOmemoDevicesView *self = CAU_OMEMO_DEVICES_VIEW (widget);
  guint32 device_id = g_variant_get_uint32 (parameter);
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent_window (self),
                                                       _("Remove This Device?"), NULL));
  gtk_widget_set_name (GTK_WIDGET (dialog), "omemo-remove-dialog");
  adw_message_dialog_format_body (dialog,
                                  /* TRANSLATORS: %u is a device number */
                                  _("Your contacts will stop encrypting messages to device %u. "
                                    "Remove only a device you no longer use: one still in use "
                                    "adds itself back when it next connects."),
                                  device_id);
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "remove", _("_Remove"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "remove", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data (G_OBJECT (dialog), "cau-device-id", GUINT_TO_POINTER (device_id));
  g_signal_connect_object (dialog, "response", G_CALLBACK (remove_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/**
 * cau_omemo_devices_view_verify_text:
 * @self: a #CauOmemoDevicesView with devices
 * @text: a fingerprint, or an xmpp: link of the same address with omemo-sid- parameters
 * @error: why nothing was verified, translated
 *
 * Returns: %TRUE when the devices named were marked verified
 */
gboolean
cau_omemo_devices_view_verify_text (CauOmemoDevicesView  *self,
                                    const char           *text,
                                    GError              **error)
{
  g_autofree char *trimmed = NULL;
  g_autoptr(CauXmppUri) uri = NULL;

  g_return_val_if_fail (CAU_IS_OMEMO_DEVICES_VIEW (self), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (self->devices != NULL, FALSE);

  trimmed = g_strstrip (g_strdup (text));
  if (g_ascii_strncasecmp (trimmed, "xmpp:", 5) != 0)
    return cau_omemo_device_list_verify_fingerprint (self->devices, trimmed, error) != NULL;

  uri = cau_xmpp_uri_parse (trimmed, error);
  if (uri == NULL)
    return FALSE;
  if (g_strcmp0 (uri->jid, cau_omemo_device_list_get_jid (self->devices)) != 0)
    {
      g_set_error_literal (error, CAU_UI_ERROR, CAU_UI_ERROR_INVALID_URI,
                           _("This link is for another address."));
      return FALSE;
    }
  if (uri->fingerprints->len == 0)
    {
      g_set_error_literal (error, CAU_UI_ERROR, CAU_UI_ERROR_INVALID_URI,
                           _("This link has no fingerprint to verify."));
      return FALSE;
    }
  return cau_omemo_device_list_verify (self->devices,
                                       (const CauOmemoFingerprint *) (gpointer) uri->fingerprints->data,
                                       uri->fingerprints->len, error);
}

static void
verify_applied_cb (CauOmemoDevicesView *self)
{
  g_autoptr(GError) error = NULL;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->verify_row));

  if (self->devices == NULL || *text == '\0')
    return;
  if (!cau_omemo_devices_view_verify_text (self, text, &error))
    {
      cau_widget_add_toast (GTK_WIDGET (self), error->message);
      return;
    }
  gtk_editable_set_text (GTK_EDITABLE (self->verify_row), "");
  cau_widget_add_toast (GTK_WIDGET (self), _("The fingerprints match: marked as verified."));
}

/* The list. */

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  CauOmemoDevicesView *self = user_data;

  return cau_omemo_device_row_new (item, cau_omemo_device_list_get_is_own (self->devices));
}

static gboolean
not_this_device (gpointer item,
                 gpointer user_data)
{
  return !cau_omemo_device_get_this_device (item);
}

static void
update_empty (CauOmemoDevicesView *self)
{
  gboolean empty = self->shown == NULL ||
                   g_list_model_get_n_items (G_LIST_MODEL (self->shown)) == 0;

  gtk_widget_set_visible (GTK_WIDGET (self->empty_label), empty);
  gtk_widget_set_visible (GTK_WIDGET (self->list_box), !empty);
}

static void
this_device_changed_cb (CauOmemoDevicesView *self)
{
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

static void
cau_omemo_devices_view_dispose (GObject *object)
{
  CauOmemoDevicesView *self = CAU_OMEMO_DEVICES_VIEW (object);

  gtk_widget_dispose_template (GTK_WIDGET (object), CAU_TYPE_OMEMO_DEVICES_VIEW);
  if (self->devices != NULL)
    g_signal_handlers_disconnect_by_data (self->devices, self);
  g_clear_object (&self->shown);
  g_clear_object (&self->filter);
  g_clear_object (&self->devices);

  G_OBJECT_CLASS (cau_omemo_devices_view_parent_class)->dispose (object);
}

static void
cau_omemo_devices_view_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  CauOmemoDevicesView *self = CAU_OMEMO_DEVICES_VIEW (object);

  switch (prop_id)
    {
    case PROP_DEVICES:
      g_value_set_object (value, self->devices);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cau_omemo_devices_view_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  CauOmemoDevicesView *self = CAU_OMEMO_DEVICES_VIEW (object);

  switch (prop_id)
    {
    case PROP_DEVICES:
      cau_omemo_devices_view_set_devices (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cau_omemo_devices_view_class_init (CauOmemoDevicesViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cau_omemo_devices_view_dispose;
  object_class->get_property = cau_omemo_devices_view_get_property;
  object_class->set_property = cau_omemo_devices_view_set_property;

  props[PROP_DEVICES] = g_param_spec_object ("devices", NULL, NULL, CAU_TYPE_OMEMO_DEVICE_LIST,
                                             G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                                             G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/im/causerie/Causerie/ui/cau-omemo-devices-view.ui");
  gtk_widget_class_bind_template_child (widget_class, CauOmemoDevicesView, group);
  gtk_widget_class_bind_template_child (widget_class, CauOmemoDevicesView, empty_label);
  gtk_widget_class_bind_template_child (widget_class, CauOmemoDevicesView, list_box);
  gtk_widget_class_bind_template_child (widget_class, CauOmemoDevicesView, verify_row);
  gtk_widget_class_bind_template_callback (widget_class, verify_applied_cb);

  gtk_widget_class_install_action (widget_class, "devices.trust", "u", trust_action_cb);
  gtk_widget_class_install_action (widget_class, "devices.verify", "u", verify_action_cb);
  gtk_widget_class_install_action (widget_class, "devices.distrust", "u", distrust_action_cb);
  gtk_widget_class_install_action (widget_class, "devices.remove", "u", remove_action_cb);
}

static void
cau_omemo_devices_view_init (CauOmemoDevicesView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update_empty (self);
}

CauOmemoDevicesView *
cau_omemo_devices_view_new (void)
{
  return g_object_new (CAU_TYPE_OMEMO_DEVICES_VIEW, NULL);
}

CauOmemoDeviceList *
cau_omemo_devices_view_get_devices (CauOmemoDevicesView *self)
{
  g_return_val_if_fail (CAU_IS_OMEMO_DEVICES_VIEW (self), NULL);
  return self->devices;
}

void
cau_omemo_devices_view_set_devices (CauOmemoDevicesView *self,
                                    CauOmemoDeviceList  *devices)
{
  gboolean own;

  g_return_if_fail (CAU_IS_OMEMO_DEVICES_VIEW (self));
  g_return_if_fail (devices == NULL || CAU_IS_OMEMO_DEVICE_LIST (devices));

  if (self->devices == devices)
    return;
  if (self->devices != NULL)
    g_signal_handlers_disconnect_by_data (self->devices, self);
  gtk_list_box_bind_model (self->list_box, NULL, NULL, NULL, NULL);
  g_clear_object (&self->shown);
  g_clear_object (&self->filter);
  g_set_object (&self->devices, devices);

  if (devices != NULL)
    {
      own = cau_omemo_device_list_get_is_own (devices);
      self->filter = gtk_custom_filter_new (not_this_device, NULL, NULL);
      self->shown = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (devices)),
                                               g_object_ref (GTK_FILTER (self->filter)));
      g_signal_connect_object (self->shown, "items-changed", G_CALLBACK (update_empty), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (devices, "notify::this-device",
                               G_CALLBACK (this_device_changed_cb), self, G_CONNECT_SWAPPED);
      gtk_list_box_bind_model (self->list_box, G_LIST_MODEL (self->shown), create_row, self,
                               NULL);
      adw_preferences_group_set_title (self->group, own ? _("Your Other Devices")
                                                        : _("Encryption"));
      adw_preferences_group_set_description (self->group,
        own ? _("Your messages are encrypted to the devices of yours that you trust.")
            : _("Messages are encrypted to the devices you trust. Compare fingerprints with "
                "the contact to verify them."));
      gtk_label_set_label (self->empty_label,
                           own ? _("No other device of yours uses encryption.")
                               : _("This contact has published no encryption keys: messages "
                                   "to them cannot be encrypted."));
    }
  update_empty (self);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_DEVICES]);
}
