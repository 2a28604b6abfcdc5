/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-omemo-own-page.h"
#include "cau-omemo-devices-view.h"
#include "cau-qr-code.h"
#include "core/cau-omemo-device-list.h"

#include <glib/gi18n.h>
#include <string.h>

struct _CauOmemoOwnPage
{
  AdwPreferencesPage   parent_instance;

  CauOmemoDeviceList  *devices;
  char                *uri;

  CauQrCode           *qr_code;
  GtkLabel            *fingerprint_label;
  GtkWidget           *copy_button;
  GtkWidget           *no_keys_label;
  CauOmemoDevicesView *devices_view;
};

G_DEFINE_FINAL_TYPE (CauOmemoOwnPage, cau_omemo_own_page, ADW_TYPE_PREFERENCES_PAGE)

/* This device's key, and the link (which also names our other verified devices). */
static void
update (CauOmemoOwnPage *self)
{
  CauOmemoDevice *this_device = cau_omemo_device_list_get_this_device (self->devices);
  const char *fingerprint = this_device ? cau_omemo_device_get_fingerprint_text (this_device)
                                        : NULL;
  g_autofree char *lines = NULL;

  g_free (self->uri);
  self->uri = cau_omemo_device_list_dup_verification_uri (self->devices);
  cau_qr_code_set_text (self->qr_code, self->uri);
  if (fingerprint != NULL)
    {
      /* Two lines of four groups, as in the device lists. */
      lines = g_strdup (fingerprint);
      if (strlen (lines) > 35 && lines[35] == ' ')
        lines[35] = '\n';
    }
  gtk_label_set_label (self->fingerprint_label, lines != NULL ? lines : "");
  gtk_widget_set_visible (GTK_WIDGET (self->qr_code), self->uri != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->fingerprint_label), lines != NULL);
  gtk_widget_set_visible (self->copy_button, self->uri != NULL);
  gtk_widget_set_visible (self->no_keys_label, self->uri == NULL);
}

static void
copy_link_action_cb (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  CauOmemoOwnPage *self = CAU_OMEMO_OWN_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);

  if (self->uri == NULL)
    return;
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), self->uri);
  if (ADW_IS_PREFERENCES_WINDOW (root))
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (root),
                                      adw_toast_new (_("Verification link copied")));
}

static void
cau_omemo_own_page_dispose (GObject *object)
{
  CauOmemoOwnPage *self = CAU_OMEMO_OWN_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (object), CAU_TYPE_OMEMO_OWN_PAGE);
  g_clear_object (&self->devices);

  G_OBJECT_CLASS (cau_omemo_own_page_parent_class)->dispose (object);
}

static void
cau_omemo_own_page_finalize (GObject *object)
{
  CauOmemoOwnPage *self = CAU_OMEMO_OWN_PAGE (object);

  g_free (self->uri);

  G_OBJECT_CLASS (cau_omemo_own_page_parent_class)->finalize (object);
}

static void
cau_omemo_own_page_class_init (CauOmemoOwnPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cau_omemo_own_page_dispose;
  object_class->finalize = cau_omemo_own_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/im/causerie/Causerie/ui/cau-omemo-own-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CauOmemoOwnPage, qr_code);
  gtk_widget_class_bind_template_child (widget_class, CauOmemoOwnPage, fingerprint_label);
  gtk_widget_class_bind_template_child (widget_class, CauOmemoOwnPage, copy_button);
  gtk_widget_class_bind_template_child (widget_class, CauOmemoOwnPage, no_keys_label);
  gtk_widget_class_bind_template_child (widget_class, CauOmemoOwnPage, devices_view);

  gtk_widget_class_install_action (widget_class, "own-page.copy-link", NULL, copy_link_action_cb);
}

static void
cau_omemo_own_page_init (CauOmemoOwnPage *self)
{
  g_type_ensure (CAU_TYPE_QR_CODE);
  g_type_ensure (CAU_TYPE_OMEMO_DEVICES_VIEW);
  gtk_widget_init_template (GTK_WIDGET (self));
}

void
cau_omemo_own_page_set_account (CauOmemoOwnPage *self,
                                CauAccount      *account)
{
  g_return_if_fail (CAU_IS_OMEMO_OWN_PAGE (self));
  g_return_if_fail (CAU_IS_ACCOUNT (account));
  g_return_if_fail (self->devices == NULL);

  self->devices = cau_omemo_device_list_new (account, cau_account_get_jid (account));
  /* This device's keys made, our other devices verified or gone: the link changes. */
  g_signal_connect_object (self->devices, "reloaded", G_CALLBACK (update), self,
                           G_CONNECT_SWAPPED);
  cau_omemo_devices_view_set_devices (self->devices_view, self->devices);
  update (self);
}
