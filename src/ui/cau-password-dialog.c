/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-password-dialog.h"

#include <glib/gi18n.h>

struct _CauPasswordDialog
{
  AdwMessageDialog  parent_instance;

  GtkPasswordEntry *entry;
};

G_DEFINE_FINAL_TYPE (CauPasswordDialog, cau_password_dialog, ADW_TYPE_MESSAGE_DIALOG)

static void
entry_changed_cb (CauPasswordDialog *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->entry));

  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "connect", *text != '\0');
}

static void
entry_activated_cb (CauPasswordDialog *self)
{
  if (!adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (self), "connect"))
    return;

  /* GTK 4.8's password entry reacts to the keyboard after being destroyed
   * while focused: move the focus away before closing. */
  gtk_window_set_focus (GTK_WINDOW (self), NULL);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (self), "connect");
  gtk_window_close (GTK_WINDOW (self));
}

static void
cau_password_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), CAU_TYPE_PASSWORD_DIALOG);

  G_OBJECT_CLASS (cau_password_dialog_parent_class)->dispose (object);
}

static void
cau_password_dialog_class_init (CauPasswordDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cau_password_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/im/causerie/Causerie/ui/cau-password-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CauPasswordDialog, entry);
  gtk_widget_class_bind_template_callback (widget_class, entry_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_activated_cb);
}

static void
cau_password_dialog_init (CauPasswordDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

CauPasswordDialog *
cau_password_dialog_new (GtkWindow  *parent,
                         const char *jid,
                         gboolean    keyring_available)
{
  CauPasswordDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (jid != NULL, NULL);

  self = g_object_new (CAU_TYPE_PASSWORD_DIALOG, "transient-for", parent, NULL);
  /* The body is plain text, so the address needs no escaping. */
  if (keyring_available)
    adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (self),
                                    _("Your keyring holds no password for %s. Enter it to "
                                      "connect; Causerie will keep it in the keyring."), jid);
  else
    adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (self),
                                    _("No keyring is available on this system, so Causerie cannot "
                                      "remember passwords. Enter the password for %s for this "
                                      "session."), jid);
  return self;
}

const char *
cau_password_dialog_get_password (CauPasswordDialog *self)
{
  g_return_val_if_fail (CAU_IS_PASSWORD_DIALOG (self), NULL);
  return gtk_editable_get_text (GTK_EDITABLE (self->entry));
}
