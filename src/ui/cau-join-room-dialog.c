/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-join-room-dialog.h"
#include "cau-room-dialog-common.h"
#include "cau-room-directory.h"
#include "cau-ui-utils.h"

#include <glib/gi18n.h>

struct _CauJoinRoomDialog
{
  AdwWindow          parent_instance;

  CauAccountManager *manager;

  CauRoomFields      fields;
  AdwPasswordEntryRow *password_row;
  GtkWidget         *join_button;
  CauRoomDirectory  *directory;
};

G_DEFINE_FINAL_TYPE (CauJoinRoomDialog, cau_join_room_dialog, ADW_TYPE_WINDOW)

enum {
  SIGNAL_CONVERSATION_OPENED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
fields_changed_cb (CauJoinRoomDialog *self)
{
  gtk_widget_set_sensitive (self->join_button, cau_room_fields_check (&self->fields));
}

static void
account_changed_cb (CauJoinRoomDialog *self)
{
  cau_room_directory_set_account (self->directory, cau_room_fields_get_account (&self->fields));
  cau_room_fields_suggest_nick (&self->fields);
  fields_changed_cb (self);
}

/* A room picked from the service's list: its address, to join. */
static void
room_chosen_cb (CauJoinRoomDialog *self,
                const char        *address)
{
  gtk_editable_set_text (GTK_EDITABLE (self->fields.address_row), address);
  gtk_widget_grab_focus (self->join_button);
}

static void
join_clicked_cb (CauJoinRoomDialog *self)
{
  CauAccount *account = cau_room_fields_get_account (&self->fields);
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));
  g_autoptr(GError) error = NULL;
  CauConversation *conversation;

  if (account == NULL || !gtk_widget_get_sensitive (self->join_button))
    return;

  conversation = cau_account_manager_join_existing_room (
    self->manager, account, gtk_editable_get_text (GTK_EDITABLE (self->fields.address_row)),
    gtk_editable_get_text (GTK_EDITABLE (self->fields.nick_row)),
    *password != '\0' ? password : NULL, &error);
  if (conversation == NULL)
    {
      cau_room_fields_show_refusal (&self->fields, error);
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

  cau_room_fields_clear (&self->fields);

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
  cau_room_fields_bind (widget_class, G_STRUCT_OFFSET (CauJoinRoomDialog, fields));
  gtk_widget_class_bind_template_child (widget_class, CauJoinRoomDialog, password_row);
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
}

CauJoinRoomDialog *
cau_join_room_dialog_new (GtkWindow         *parent,
                          CauAccountManager *manager)
{
  CauJoinRoomDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (CAU_IS_ACCOUNT_MANAGER (manager), NULL);

  self = g_object_new (CAU_TYPE_JOIN_ROOM_DIALOG, "transient-for", parent, NULL);
  self->manager = g_object_ref (manager);
  cau_account_combo_row_setup (self->fields.account_row,
                               cau_account_manager_get_accounts (manager));
  account_changed_cb (self);

  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->fields.address_row));
  return self;
}

void
cau_join_room_dialog_set_account (CauJoinRoomDialog *self,
                                  CauAccount        *account)
{
  g_return_if_fail (CAU_IS_JOIN_ROOM_DIALOG (self));

  cau_account_combo_row_select (self->fields.account_row, account);
}

void
cau_join_room_dialog_set_address (CauJoinRoomDialog *self,
                                  const char        *address)
{
  g_return_if_fail (CAU_IS_JOIN_ROOM_DIALOG (self));

  gtk_editable_set_text (GTK_EDITABLE (self->fields.address_row), address ? address : "");
  /* The address is given: what is left is to check the nickname. */
  if (address != NULL && *address != '\0')
    gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->fields.nick_row));
}
