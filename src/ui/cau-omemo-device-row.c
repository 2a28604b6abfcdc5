/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-omemo-device-row.h"

#include <glib/gi18n.h>
#include <string.h>

struct _CauOmemoDeviceRow
{
  GtkListBoxRow   parent_instance;

  CauOmemoDevice *device;
  gboolean        removable;

  GtkLabel       *title_label;
  GtkLabel       *state_label;
  GtkLabel       *fingerprint_label;
  GtkWidget      *buttons;
  GtkWidget      *trust_button;
  GtkWidget      *verify_button;
  GtkWidget      *distrust_button;
  GtkWidget      *remove_button;
};

G_DEFINE_FINAL_TYPE (CauOmemoDeviceRow, cau_omemo_device_row, GTK_TYPE_LIST_BOX_ROW)

/**
 * cau_omemo_device_row_describe:
 * @device: a device
 *
 * Returns: (transfer full): its state in words
 */
char *
cau_omemo_device_row_describe (CauOmemoDevice *device)
{
  const char *trust;

  if (cau_omemo_device_get_this_device (device))
    return g_strdup (_("This device"));
  switch (cau_omemo_device_get_trust (device))
    {
    case CAU_OMEMO_TRUST_VERIFIED:
      trust = _("Verified");
      break;
    case CAU_OMEMO_TRUST_TRUSTED:
      trust = _("Trusted, not verified");
      break;
    case CAU_OMEMO_TRUST_DISTRUSTED:
      trust = _("Not trusted: messages are not encrypted to it");
      break;
    case CAU_OMEMO_TRUST_UNDECIDED:
    default:
      trust = _("New: decide whether to trust it; messages are not encrypted to it until then");
      break;
    }
  if (cau_omemo_device_get_active (device))
    return g_strdup (trust);
  /* TRANSLATORS: %s is a device's trust ("Verified"); the device left its owner's list */
  return g_strdup_printf (_("No longer in use · %s"), trust);
}

static void
update (CauOmemoDeviceRow *self)
{
  CauOmemoDevice *device = self->device;
  CauOmemoTrust trust = cau_omemo_device_get_trust (device);
  const char *label = cau_omemo_device_get_label (device);
  const char *fingerprint = cau_omemo_device_get_fingerprint_text (device);
  g_autofree char *title = NULL;
  g_autofree char *state = NULL;
  g_autofree char *lines = NULL;
  gboolean decidable = !cau_omemo_device_get_this_device (device);
  const char *state_classes[] = { "success", "warning", "error", "dim-label" };
  const char *state_class;

  /* TRANSLATORS: %u is an OMEMO device number */
  title = label != NULL ? g_strdup_printf (_("%s (device %u)"), label,
                                           cau_omemo_device_get_id (device))
                        : g_strdup_printf (_("Device %u"), cau_omemo_device_get_id (device));
  gtk_label_set_label (self->title_label, title);
  state = cau_omemo_device_row_describe (device);
  gtk_label_set_label (self->state_label, state);

  if (!decidable)
    state_class = "dim-label";
  else if (trust == CAU_OMEMO_TRUST_VERIFIED)
    state_class = "success";
  else if (trust == CAU_OMEMO_TRUST_UNDECIDED)
    state_class = "warning";
  else if (trust == CAU_OMEMO_TRUST_DISTRUSTED)
    state_class = "error";
  else
    state_class = "dim-label";
  for (guint i = 0; i < G_N_ELEMENTS (state_classes); i++)
    if (g_str_equal (state_classes[i], state_class))
      gtk_widget_add_css_class (GTK_WIDGET (self->state_label), state_classes[i]);
    else
      gtk_widget_remove_css_class (GTK_WIDGET (self->state_label), state_classes[i]);

  if (decidable && trust == CAU_OMEMO_TRUST_UNDECIDED)
    gtk_widget_add_css_class (GTK_WIDGET (self), "undecided");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "undecided");

  if (fingerprint != NULL)
    {
      /* Two lines of four groups, as people read them out; fits a phone's width. */
      lines = g_strdup (fingerprint);
      if (strlen (lines) > 35 && lines[35] == ' ')
        lines[35] = '\n';
      gtk_label_set_label (self->fingerprint_label, lines);
      gtk_widget_remove_css_class (GTK_WIDGET (self->fingerprint_label), "dim-label");
      gtk_widget_add_css_class (GTK_WIDGET (self->fingerprint_label), "omemo-fingerprint");
    }
  else
    {
      gtk_label_set_label (self->fingerprint_label,
                           _("Fingerprint not known yet: it is learnt with the first message."));
      gtk_widget_add_css_class (GTK_WIDGET (self->fingerprint_label), "dim-label");
      gtk_widget_remove_css_class (GTK_WIDGET (self->fingerprint_label), "omemo-fingerprint");
    }

  gtk_widget_set_visible (self->trust_button,
                          decidable && trust != CAU_OMEMO_TRUST_TRUSTED &&
                          trust != CAU_OMEMO_TRUST_VERIFIED);
  gtk_widget_set_visible (self->verify_button,
                          decidable && fingerprint != NULL && trust != CAU_OMEMO_TRUST_VERIFIED);
  gtk_widget_set_visible (self->distrust_button,
                          decidable && trust != CAU_OMEMO_TRUST_DISTRUSTED);
  /* Only a device still published can be taken out of the list. */
  gtk_widget_set_visible (self->remove_button,
                          decidable && self->removable && cau_omemo_device_get_active (device));
  gtk_widget_set_visible (self->buttons, decidable);
}

static void
cau_omemo_device_row_dispose (GObject *object)
{
  CauOmemoDeviceRow *self = CAU_OMEMO_DEVICE_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (object), CAU_TYPE_OMEMO_DEVICE_ROW);
  g_clear_object (&self->device);

  G_OBJECT_CLASS (cau_omemo_device_row_parent_class)->dispose (object);
}

static void
cau_omemo_device_row_class_init (CauOmemoDeviceRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cau_omemo_device_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/im/causerie/Causerie/ui/cau-omemo-device-row.ui");
  gtk_widget_class_bind_template_child (widget_class, CauOmemoDeviceRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, CauOmemoDeviceRow, state_label);
  gtk_widget_class_bind_template_child (widget_class, CauOmemoDeviceRow, fingerprint_label);
  gtk_widget_class_bind_template_child (widget_class, CauOmemoDeviceRow, buttons);
  gtk_widget_class_bind_template_child (widget_class, CauOmemoDeviceRow, trust_button);
  gtk_widget_class_bind_template_child (widget_class, CauOmemoDeviceRow, verify_button);
  gtk_widget_class_bind_template_child (widget_class, CauOmemoDeviceRow, distrust_button);
  gtk_widget_class_bind_template_child (widget_class, CauOmemoDeviceRow, remove_button);
}

static void
cau_omemo_device_row_init (CauOmemoDeviceRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
cau_omemo_device_row_new (CauOmemoDevice *device,
                          gboolean        removable)
{
  CauOmemoDeviceRow *self;
  GtkWidget *buttons[4];

  g_return_val_if_fail (CAU_IS_OMEMO_DEVICE (device), NULL);

  self = g_object_new (CAU_TYPE_OMEMO_DEVICE_ROW, NULL);
  self->device = g_object_ref (device);
  self->removable = removable;
  buttons[0] = self->trust_button;
  buttons[1] = self->verify_button;
  buttons[2] = self->distrust_button;
  buttons[3] = self->remove_button;
  for (guint i = 0; i < G_N_ELEMENTS (buttons); i++)
    gtk_actionable_set_action_target (GTK_ACTIONABLE (buttons[i]), "u",
                                      cau_omemo_device_get_id (device));
  g_signal_connect_object (device, "notify", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  update (self);
  return GTK_WIDGET (self);
}

CauOmemoDevice *
cau_omemo_device_row_get_device (CauOmemoDeviceRow *self)
{
  g_return_val_if_fail (CAU_IS_OMEMO_DEVICE_ROW (self), NULL);
  return self->device;
}
