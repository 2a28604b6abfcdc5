/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-reason-dialog.h"

#include <glib/gi18n.h>

AdwMessageDialog *
cau_reason_dialog_new (GtkWidget  *parent,
                       const char *name,
                       const char *heading,
                       const char *body,
                       const char *response,
                       const char *response_label)
{
  GtkRoot *root = parent != NULL ? gtk_widget_get_root (parent) : NULL;
  g_autofree char *dialog_name = g_strconcat (name, "-dialog", NULL);
  g_autofree char *entry_name = g_strconcat (name, "-reason", NULL);
  AdwMessageDialog *dialog;
  GtkWidget *entry;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root)
                                                                            : NULL,
                                                       heading, body));
  gtk_widget_set_name (GTK_WIDGET (dialog), dialog_name);
  entry = gtk_entry_new ();
  gtk_widget_set_name (entry, entry_name);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Reason (optional)"));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Reason"), -1);
  adw_message_dialog_set_extra_child (dialog, entry);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"),
                                    response, response_label, NULL);
  adw_message_dialog_set_response_appearance (dialog, response, ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, response);
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data (G_OBJECT (dialog), "cau-reason-entry", entry);
  return dialog;
}

char *
cau_reason_dialog_dup_reason (AdwMessageDialog *dialog)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "cau-reason-entry");
  g_autofree char *reason = NULL;

  g_return_val_if_fail (GTK_IS_EDITABLE (entry), NULL);
  reason = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  return *reason != '\0' ? g_steal_pointer (&reason) : NULL;
}
