/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-add-contact-dialog.h"
#include "cau-ui-utils.h"
#include "core/cau-roster.h"

#include <glib/gi18n.h>

struct _CauAddContactDialog
{
  AdwWindow          parent_instance;

  CauAccountManager *manager;

  AdwComboRow       *account_row;
  AdwEntryRow       *address_row;
  GtkLabel          *error_label;
  AdwEntryRow       *name_row;
  AdwEntryRow       *group_row;
  AdwEntryRow       *message_row;
  GtkWidget         *add_button;
};

G_DEFINE_FINAL_TYPE (CauAddContactDialog, cau_add_contact_dialog, ADW_TYPE_WINDOW)

enum {
  SIGNAL_CONTACT_ADDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* @address_wrong: the message is about the address (else about the
 * account, the server). */
static void
show_error (CauAddContactDialog *self,
            const char          *message,
            gboolean             address_wrong)
{
  gtk_label_set_text (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
  if (message != NULL && address_wrong)
    gtk_widget_add_css_class (GTK_WIDGET (self->address_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->address_row), "error");
}

static CauAccount *
selected_account (CauAddContactDialog *self)
{
  return adw_combo_row_get_selected_item (self->account_row);
}

/* The text of an entry row, stripped; NULL when empty. */
static char *
row_text (AdwEntryRow *row)
{
  char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));

  if (*text == '\0')
    g_clear_pointer (&text, g_free);
  return text;
}

static void
address_changed_cb (CauAddContactDialog *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->address_row));
  CauAccount *account = selected_account (self);
  g_autoptr(GError) error = NULL;
  g_autofree char *jid = NULL;
  const char *message = NULL;

  /* Said as it is typed, as in the New Chat dialog. */
  if (*text != '\0')
    {
      jid = cau_account_manager_normalize_jid (text, &error);
      if (jid == NULL)
        message = error->message;
      else if (account != NULL && g_ascii_strcasecmp (jid, cau_account_get_jid (account)) == 0)
        {
          message = _("This is the address of the account itself.");
          g_clear_pointer (&jid, g_free);
        }
    }
  show_error (self, message, TRUE);
  gtk_widget_set_sensitive (self->add_button, jid != NULL && account != NULL);
}

static void
add_clicked_cb (CauAddContactDialog *self)
{
  CauAccount *account = selected_account (self);
  g_autofree char *address = row_text (self->address_row);
  g_autofree char *name = row_text (self->name_row);
  g_autofree char *group = row_text (self->group_row);
  g_autofree char *message = row_text (self->message_row);
  g_autofree char *jid = NULL;
  g_autoptr(GError) error = NULL;

  if (account == NULL || address == NULL || !gtk_widget_get_sensitive (self->add_button))
    return;

  if (!cau_roster_add_contact (cau_account_get_roster (account), address, name, group, message,
                               &error))
    {
      g_autofree char *text = cau_contact_error_message (account, error);

      show_error (self, text,
                  g_error_matches (error, CAU_CORE_ERROR, CAU_CORE_ERROR_INVALID_ADDRESS));
      return;
    }

  jid = cau_account_manager_normalize_jid (address, NULL);
  g_signal_emit (self, signals[SIGNAL_CONTACT_ADDED], 0, account, jid ? jid : address);
  gtk_window_close (GTK_WINDOW (self));
}

static void
cau_add_contact_dialog_dispose (GObject *object)
{
  CauAddContactDialog *self = CAU_ADD_CONTACT_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (object), CAU_TYPE_ADD_CONTACT_DIALOG);
  g_clear_object (&self->manager);

  G_OBJECT_CLASS (cau_add_contact_dialog_parent_class)->dispose (object);
}

static void
cau_add_contact_dialog_class_init (CauAddContactDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cau_add_contact_dialog_dispose;

  /**
   * CauAddContactDialog::contact-added:
   * @account: the account the contact was added to
   * @address: the contact's address
   */
  signals[SIGNAL_CONTACT_ADDED] =
    g_signal_new ("contact-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, CAU_TYPE_ACCOUNT, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/im/causerie/Causerie/ui/"
                                                             "cau-add-contact-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CauAddContactDialog, account_row);
  gtk_widget_class_bind_template_child (widget_class, CauAddContactDialog, address_row);
  gtk_widget_class_bind_template_child (widget_class, CauAddContactDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, CauAddContactDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, CauAddContactDialog, group_row);
  gtk_widget_class_bind_template_child (widget_class, CauAddContactDialog, message_row);
  gtk_widget_class_bind_template_child (widget_class, CauAddContactDialog, add_button);
  gtk_widget_class_bind_template_callback (widget_class, address_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, add_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
cau_add_contact_dialog_init (CauAddContactDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

CauAddContactDialog *
cau_add_contact_dialog_new (GtkWindow         *parent,
                            CauAccountManager *manager)
{
  CauAddContactDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (CAU_IS_ACCOUNT_MANAGER (manager), NULL);

  self = g_object_new (CAU_TYPE_ADD_CONTACT_DIALOG, "transient-for", parent, NULL);
  self->manager = g_object_ref (manager);
  cau_account_combo_row_setup (self->account_row, cau_account_manager_get_accounts (manager));

  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->address_row));
  return self;
}

void
cau_add_contact_dialog_set_account (CauAddContactDialog *self,
                                    CauAccount          *account)
{
  g_return_if_fail (CAU_IS_ADD_CONTACT_DIALOG (self));

  cau_account_combo_row_select (self->account_row, account);
}

void
cau_add_contact_dialog_set_address (CauAddContactDialog *self,
                                    const char          *address)
{
  g_return_if_fail (CAU_IS_ADD_CONTACT_DIALOG (self));

  gtk_editable_set_text (GTK_EDITABLE (self->address_row), address ? address : "");
  /* The address is given: what is left to type is the name. */
  if (address != NULL && *address != '\0')
    gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->name_row));
}

void
cau_add_contact_dialog_set_name (CauAddContactDialog *self,
                                 const char          *name)
{
  g_return_if_fail (CAU_IS_ADD_CONTACT_DIALOG (self));

  gtk_editable_set_text (GTK_EDITABLE (self->name_row), name ? name : "");
}

void
cau_add_contact_dialog_set_group (CauAddContactDialog *self,
                                  const char          *group)
{
  g_return_if_fail (CAU_IS_ADD_CONTACT_DIALOG (self));

  gtk_editable_set_text (GTK_EDITABLE (self->group_row), group ? group : "");
}
