/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-blocked-dialog.h"
#include "cau-ui-utils.h"
#include "core/cau-roster.h"

#include <glib/gi18n.h>

/* A short list (what a person blocked), rebuilt when a block list changes. */
struct _CauBlockedDialog
{
  AdwWindow          parent_instance;

  CauAccountManager *manager;
  /* The rosters whose block list is followed. */
  GPtrArray         *rosters;

  AdwToastOverlay   *toast_overlay;
  GtkStack          *stack;
  GtkBox            *groups_box;
};

G_DEFINE_FINAL_TYPE (CauBlockedDialog, cau_blocked_dialog, ADW_TYPE_WINDOW)

static void
unblock_clicked_cb (GtkButton        *button,
                    CauBlockedDialog *self)
{
  CauAccount *account = g_object_get_data (G_OBJECT (button), "cau-account");
  const char *address = g_object_get_data (G_OBJECT (button), "cau-address");
  g_autoptr(GError) error = NULL;

  if (!cau_roster_unblock (cau_account_get_roster (account), address, &error))
    {
      g_autofree char *message = cau_contact_error_message (account, error);

      adw_toast_overlay_add_toast (self->toast_overlay, cau_toast_new (message));
    }
}

static GtkWidget *
blocked_row (CauBlockedDialog *self,
             CauAccount       *account,
             const char       *address)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button = gtk_button_new_with_mnemonic (_("_Unblock"));
  g_autofree char *label = NULL;

  gtk_widget_set_name (row, "blocked-row");
  /* An address someone else chose: never markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), address);

  gtk_widget_set_name (button, "blocked-unblock-button");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  /* TRANSLATORS: the accessible name of the Unblock button; %s is an address */
  label = g_strdup_printf (_("Unblock %s"), address);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  g_object_set_data_full (G_OBJECT (button), "cau-account", g_object_ref (account),
                          g_object_unref);
  g_object_set_data_full (G_OBJECT (button), "cau-address", g_strdup (address), g_free);
  g_signal_connect_object (button, "clicked", G_CALLBACK (unblock_clicked_cb), self, 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  return row;
}

static void
rebuild (CauBlockedDialog *self)
{
  GListModel *accounts = cau_account_manager_get_accounts (self->manager);
  guint n = g_list_model_get_n_items (accounts);
  gboolean any = FALSE;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->groups_box))) != NULL)
    gtk_box_remove (self->groups_box, child);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CauAccount) account = g_list_model_get_item (accounts, i);
      const char * const *blocked = cau_roster_get_blocked (cau_account_get_roster (account));
      GtkWidget *group;

      if (blocked == NULL || blocked[0] == NULL)
        continue;

      group = adw_preferences_group_new ();
      /* With several accounts, each blocks its own. */
      if (n > 1)
        {
          g_autofree char *escaped = g_markup_escape_text (cau_account_get_jid (account), -1);

          adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), escaped);
        }
      for (guint j = 0; blocked[j] != NULL; j++)
        adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                                   blocked_row (self, account, blocked[j]));
      gtk_box_append (self->groups_box, group);
      any = TRUE;
    }

  gtk_stack_set_visible_child_name (self->stack, any ? "list" : "empty");
}

static void
unwatch_rosters (CauBlockedDialog *self)
{
  for (guint i = 0; i < self->rosters->len; i++)
    g_signal_handlers_disconnect_by_func (g_ptr_array_index (self->rosters, i), rebuild, self);
  g_ptr_array_set_size (self->rosters, 0);
}

static void
accounts_changed_cb (CauBlockedDialog *self)
{
  GListModel *accounts = cau_account_manager_get_accounts (self->manager);

  unwatch_rosters (self);
  for (guint i = 0; i < g_list_model_get_n_items (accounts); i++)
    {
      g_autoptr(CauAccount) account = g_list_model_get_item (accounts, i);
      CauRoster *roster = cau_account_get_roster (account);

      g_signal_connect_swapped (roster, "notify::blocked", G_CALLBACK (rebuild), self);
      g_ptr_array_add (self->rosters, g_object_ref (roster));
    }
  rebuild (self);
}

static void
cau_blocked_dialog_dispose (GObject *object)
{
  CauBlockedDialog *self = CAU_BLOCKED_DIALOG (object);

  if (self->rosters != NULL)
    unwatch_rosters (self);
  g_clear_pointer (&self->rosters, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (object), CAU_TYPE_BLOCKED_DIALOG);
  g_clear_object (&self->manager);

  G_OBJECT_CLASS (cau_blocked_dialog_parent_class)->dispose (object);
}

static void
cau_blocked_dialog_class_init (CauBlockedDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cau_blocked_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/im/causerie/Causerie/ui/cau-blocked-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CauBlockedDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CauBlockedDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, CauBlockedDialog, groups_box);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
cau_blocked_dialog_init (CauBlockedDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->rosters = g_ptr_array_new_with_free_func (g_object_unref);
}

CauBlockedDialog *
cau_blocked_dialog_new (GtkWindow         *parent,
                        CauAccountManager *manager)
{
  CauBlockedDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (CAU_IS_ACCOUNT_MANAGER (manager), NULL);

  self = g_object_new (CAU_TYPE_BLOCKED_DIALOG, "transient-for", parent, NULL);
  self->manager = g_object_ref (manager);
  g_signal_connect_object (cau_account_manager_get_accounts (manager), "items-changed",
                           G_CALLBACK (accounts_changed_cb), self, G_CONNECT_SWAPPED);
  accounts_changed_cb (self);
  return self;
}
