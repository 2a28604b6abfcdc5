/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-join-room-dialog.h"
#include "cau-room-directory.h"

#include <glib/gi18n.h>
#include <string.h>

struct _CauJoinRoomDialog
{
  AdwWindow          parent_instance;

  CauAccountManager *manager;
  /* The nickname we suggested (the account's local part): replaced when
   * another account is chosen, unless the person typed their own. */
  char              *suggested_nick;

  AdwComboRow       *account_row;
  AdwEntryRow       *address_row;
  AdwEntryRow       *nick_row;
  AdwPasswordEntryRow *password_row;
  GtkLabel          *error_label;
  GtkWidget         *join_button;
  CauRoomDirectory  *directory;
};

G_DEFINE_FINAL_TYPE (CauJoinRoomDialog, cau_join_room_dialog, ADW_TYPE_WINDOW)

enum {
  SIGNAL_CONVERSATION_OPENED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* @wrong_row (nullable): the row the message is about. */
static void
show_error (CauJoinRoomDialog *self,
            const char        *message,
            AdwEntryRow       *wrong_row)
{
  gtk_label_set_text (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
  gtk_widget_remove_css_class (GTK_WIDGET (self->address_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->nick_row), "error");
  if (message != NULL && wrong_row != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (wrong_row), "error");
}

static CauAccount *
selected_account (CauJoinRoomDialog *self)
{
  return adw_combo_row_get_selected_item (self->account_row);
}

static gboolean
is_blank (AdwEntryRow *row)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));

  for (; *text != '\0'; text = g_utf8_next_char (text))
    if (!g_unichar_isspace (g_utf8_get_char (text)))
      return FALSE;
  return TRUE;
}

static void
fields_changed_cb (CauJoinRoomDialog *self)
{
  /* What was refused is being corrected: the refusal no longer holds. */
  show_error (self, NULL, NULL);
  gtk_widget_set_sensitive (self->join_button,
                            selected_account (self) != NULL && !is_blank (self->address_row) &&
                            !is_blank (self->nick_row));
}

static void
account_changed_cb (CauJoinRoomDialog *self)
{
  CauAccount *account = selected_account (self);
  const char *nick = gtk_editable_get_text (GTK_EDITABLE (self->nick_row));
  const char *jid, *at;

  cau_room_directory_set_account (self->directory, account);
  if (account == NULL)
    return;
  /* Our nickname by default: the local part of the account's address. */
  if (*nick == '\0' || g_strcmp0 (nick, self->suggested_nick) == 0)
    {
      jid = cau_account_get_jid (account);
      at = strchr (jid, '@');
      g_free (self->suggested_nick);
      self->suggested_nick = at ? g_strndup (jid, at - jid) : g_strdup (jid);
      gtk_editable_set_text (GTK_EDITABLE (self->nick_row), self->suggested_nick);
    }
  fields_changed_cb (self);
}

/* A room picked from the service's list: its address, to join. */
static void
room_chosen_cb (CauJoinRoomDialog *self,
                const char        *address)
{
  gtk_editable_set_text (GTK_EDITABLE (self->address_row), address);
  gtk_widget_grab_focus (self->join_button);
}

static void
join_clicked_cb (CauJoinRoomDialog *self)
{
  CauAccount *account = selected_account (self);
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));
  g_autoptr(GError) error = NULL;
  CauConversation *conversation;

  if (account == NULL || !gtk_widget_get_sensitive (self->join_button))
    return;

  conversation = cau_account_manager_join_room (self->manager, account,
                                                gtk_editable_get_text (GTK_EDITABLE (self->address_row)),
                                                gtk_editable_get_text (GTK_EDITABLE (self->nick_row)),
                                                *password != '\0' ? password : NULL, &error);
  if (conversation == NULL)
    {
      AdwEntryRow *wrong_row = NULL;

      if (g_error_matches (error, CAU_CORE_ERROR, CAU_CORE_ERROR_INVALID_NICK))
        wrong_row = self->nick_row;
      else if (g_error_matches (error, CAU_CORE_ERROR, CAU_CORE_ERROR_INVALID_ADDRESS))
        wrong_row = self->address_row;
      show_error (self, error->message, wrong_row);
      if (wrong_row != NULL)
        gtk_widget_grab_focus (GTK_WIDGET (wrong_row));
      return;
    }

  g_signal_emit (self, signals[SIGNAL_CONVERSATION_OPENED], 0, conversation);
  gtk_window_close (GTK_WINDOW (self));
}

/* A new room rather than an existing one: the window's own dialog for that. */
static void
create_room_clicked_cb (CauJoinRoomDialog *self)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  gtk_window_close (GTK_WINDOW (self));
  if (parent != NULL)
    gtk_widget_activate_action (GTK_WIDGET (parent), "win.create-room", NULL);
}

static void
cau_join_room_dialog_dispose (GObject *object)
{
  CauJoinRoomDialog *self = CAU_JOIN_ROOM_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (object), CAU_TYPE_JOIN_ROOM_DIALOG);
  g_clear_object (&self->manager);

  G_OBJECT_CLASS (cau_join_room_dialog_parent_class)->dispose (object);
}

static void
cau_join_room_dialog_finalize (GObject *object)
{
  CauJoinRoomDialog *self = CAU_JOIN_ROOM_DIALOG (object);

  g_free (self->suggested_nick);

  G_OBJECT_CLASS (cau_join_room_dialog_parent_class)->finalize (object);
}

static void
cau_join_room_dialog_class_init (CauJoinRoomDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cau_join_room_dialog_dispose;
  object_class->finalize = cau_join_room_dialog_finalize;

  signals[SIGNAL_CONVERSATION_OPENED] =
    g_signal_new ("conversation-opened", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, CAU_TYPE_CONVERSATION);

  gtk_widget_class_set_template_from_resource (widget_class, "/im/causerie/Causerie/ui/"
                                                             "cau-join-room-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CauJoinRoomDialog, account_row);
  gtk_widget_class_bind_template_child (widget_class, CauJoinRoomDialog, address_row);
  gtk_widget_class_bind_template_child (widget_class, CauJoinRoomDialog, nick_row);
  gtk_widget_class_bind_template_child (widget_class, CauJoinRoomDialog, password_row);
  gtk_widget_class_bind_template_child (widget_class, CauJoinRoomDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, CauJoinRoomDialog, join_button);
  gtk_widget_class_bind_template_child (widget_class, CauJoinRoomDialog, directory);
  gtk_widget_class_bind_template_callback (widget_class, fields_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, account_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, join_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, create_room_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, room_chosen_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
cau_join_room_dialog_init (CauJoinRoomDialog *self)
{
  g_type_ensure (CAU_TYPE_ROOM_DIRECTORY);
  gtk_widget_init_template (GTK_WIDGET (self));

  adw_combo_row_set_expression (self->account_row,
                                gtk_property_expression_new (CAU_TYPE_ACCOUNT, NULL, "jid"));
}

CauJoinRoomDialog *
cau_join_room_dialog_new (GtkWindow         *parent,
                          CauAccountManager *manager)
{
  CauJoinRoomDialog *self;
  GListModel *accounts;
  guint n;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (CAU_IS_ACCOUNT_MANAGER (manager), NULL);

  self = g_object_new (CAU_TYPE_JOIN_ROOM_DIALOG, "transient-for", parent, NULL);
  self->manager = g_object_ref (manager);
  accounts = cau_account_manager_get_accounts (manager);
  n = g_list_model_get_n_items (accounts);
  adw_combo_row_set_model (self->account_row, accounts);
  /* With one account there is nothing to choose. */
  gtk_widget_set_visible (GTK_WIDGET (self->account_row), n > 1);

  /* The first account online, if any: the room is entered at once. */
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CauAccount) account = g_list_model_get_item (accounts, i);

      if (cau_account_get_state (account) == CAU_ACCOUNT_STATE_ONLINE)
        {
          adw_combo_row_set_selected (self->account_row, i);
          break;
        }
    }
  account_changed_cb (self);

  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->address_row));
  return self;
}

void
cau_join_room_dialog_set_account (CauJoinRoomDialog *self,
                                  CauAccount        *account)
{
  GListModel *accounts;

  g_return_if_fail (CAU_IS_JOIN_ROOM_DIALOG (self));
  g_return_if_fail (CAU_IS_ACCOUNT (account));

  accounts = cau_account_manager_get_accounts (self->manager);
  for (guint i = 0; i < g_list_model_get_n_items (accounts); i++)
    {
      g_autoptr(CauAccount) item = g_list_model_get_item (accounts, i);

      if (item == account)
        adw_combo_row_set_selected (self->account_row, i);
    }
}

void
cau_join_room_dialog_set_address (CauJoinRoomDialog *self,
                                  const char        *address)
{
  g_return_if_fail (CAU_IS_JOIN_ROOM_DIALOG (self));

  gtk_editable_set_text (GTK_EDITABLE (self->address_row), address ? address : "");
  /* The address is given: what is left is to check the nickname. */
  if (address != NULL && *address != '\0')
    gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->nick_row));
}
