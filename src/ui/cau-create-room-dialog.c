/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-create-room-dialog.h"
#include "cau-avatar.h"
#include "cau-room-dialog-common.h"
#include "cau-ui-utils.h"

#include <glib/gi18n.h>

/*
 * Creating a room (XEP-0045 §10.1): a private group (members only, everyone's address shown to
 * all, as encryption will need) or a public channel (listed, addresses hidden). Whether the
 * address is free is the room service's answer, shown on the room's conversation. An avatar,
 * if one is chosen, is set once we are in the new room.
 */

struct _CauCreateRoomDialog
{
  AdwWindow          parent_instance;

  CauAccountManager *manager;
  /* The account's room service, when its server lists one, and the address we suggested on
   * it from the name (replaced as the name changes, unless the person typed their own). */
  GCancellable      *cancellable;
  char              *service;
  char              *suggested_address;
  GCancellable      *avatar_cancellable;
  GBytes            *avatar_png;   /* nullable: the avatar chosen, ready to send */

  CauRoomFields      fields;
  GtkCheckButton    *private_check;
  AdwEntryRow       *name_row;
  AdwEntryRow       *description_row;
  AdwAvatar         *avatar;
  GtkWidget         *clear_avatar_button;
  GtkWidget         *create_button;
};

G_DEFINE_FINAL_TYPE (CauCreateRoomDialog, cau_create_room_dialog, ADW_TYPE_WINDOW)

enum {
  SIGNAL_CONVERSATION_OPENED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
fields_changed_cb (CauCreateRoomDialog *self)
{
  gtk_widget_set_sensitive (self->create_button, cau_room_fields_check (&self->fields));
}

/* The name, as an address's local part: "Club de lecture" → "club-de-lecture". */
static char *
local_part_from_name (const char *name)
{
  g_autofree char *ascii = g_str_to_ascii (name, NULL);
  GString *local = g_string_new (NULL);
  gboolean dash = FALSE;

  for (const char *c = ascii; *c != '\0' && local->len < 40; c++)
    {
      if (g_ascii_isalnum (*c))
        {
          if (dash && local->len > 0)
            g_string_append_c (local, '-');
          g_string_append_c (local, g_ascii_tolower (*c));
          dash = FALSE;
        }
      else
        dash = TRUE;
    }
  return g_string_free (local, FALSE);
}

static void
suggest_address (CauCreateRoomDialog *self)
{
  const char *address = gtk_editable_get_text (GTK_EDITABLE (self->fields.address_row));
  g_autofree char *local = NULL;

  if (self->service == NULL ||
      (*address != '\0' && g_strcmp0 (address, self->suggested_address) != 0))
    return;
  local = local_part_from_name (gtk_editable_get_text (GTK_EDITABLE (self->name_row)));
  g_free (self->suggested_address);
  self->suggested_address = *local != '\0' ? g_strconcat (local, "@", self->service, NULL)
                                            : g_strdup ("");
  gtk_editable_set_text (GTK_EDITABLE (self->fields.address_row), self->suggested_address);
}

static void
name_changed_cb (CauCreateRoomDialog *self)
{
  suggest_address (self);
  fields_changed_cb (self);
}

static void
service_found_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  CauCreateRoomDialog *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *service = NULL;

  service = cau_account_find_room_service_finish (CAU_ACCOUNT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (service == NULL)
    return;
  g_free (self->service);
  self->service = g_steal_pointer (&service);
  suggest_address (self);
}

static void
find_service (CauCreateRoomDialog *self,
              CauAccount          *account)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->service, g_free);
  self->cancellable = g_cancellable_new ();
  cau_account_find_room_service (account, self->cancellable, service_found_cb, self);
}

static void
account_changed_cb (CauCreateRoomDialog *self)
{
  CauAccount *account = cau_room_fields_get_account (&self->fields);

  if (account == NULL)
    return;
  cau_room_fields_suggest_nick (&self->fields);
  find_service (self, account);
  fields_changed_cb (self);
}

/* The avatar. */

static void
show_avatar (CauCreateRoomDialog *self)
{
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;

  if (self->avatar_png != NULL &&
      (texture = gdk_texture_new_from_bytes (self->avatar_png, &error)) == NULL)
    g_debug ("Avatar not shown: %s", error->message);
  adw_avatar_set_custom_image (self->avatar, texture ? GDK_PAINTABLE (texture) : NULL);
  gtk_widget_set_visible (self->clear_avatar_button, self->avatar_png != NULL);
}

static void
avatar_prepared_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  CauCreateRoomDialog *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) png = NULL;

  png = cau_avatar_prepare_own_finish (result, NULL, NULL, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (png == NULL)
    {
      cau_room_fields_show_refusal (&self->fields, error);
      return;
    }
  g_clear_pointer (&self->avatar_png, g_bytes_unref);
  self->avatar_png = g_steal_pointer (&png);
  show_avatar (self);
}

/* Also the test's way in, without the file chooser. */
static void
set_avatar_file_action_cb (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  CauCreateRoomDialog *self = CAU_CREATE_ROOM_DIALOG (widget);
  g_autoptr(GFile) file = g_file_new_for_uri (g_variant_get_string (parameter, NULL));

  g_cancellable_cancel (self->avatar_cancellable);
  g_clear_object (&self->avatar_cancellable);
  self->avatar_cancellable = g_cancellable_new ();
  cau_avatar_prepare_own_async (file, self->avatar_cancellable, avatar_prepared_cb, self);
}

static void
choose_avatar_action_cb (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  cau_avatar_choose_file (widget, "create-room.set-avatar-file");
}

static void
clear_avatar_action_cb (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  CauCreateRoomDialog *self = CAU_CREATE_ROOM_DIALOG (widget);

  g_cancellable_cancel (self->avatar_cancellable);
  g_clear_pointer (&self->avatar_png, g_bytes_unref);
  show_avatar (self);
}

static void
create_clicked_cb (CauCreateRoomDialog *self)
{
  CauAccount *account = cau_room_fields_get_account (&self->fields);
  g_autoptr(GError) error = NULL;
  CauConversation *conversation;

  if (account == NULL || !gtk_widget_get_sensitive (self->create_button))
    return;

  conversation = cau_account_manager_create_room (
    self->manager, account, gtk_editable_get_text (GTK_EDITABLE (self->fields.address_row)),
    gtk_editable_get_text (GTK_EDITABLE (self->fields.nick_row)),
    gtk_editable_get_text (GTK_EDITABLE (self->name_row)),
    gtk_editable_get_text (GTK_EDITABLE (self->description_row)),
    gtk_check_button_get_active (self->private_check), &error);
  if (conversation == NULL)
    {
      cau_room_fields_show_refusal (&self->fields, error);
      return;
    }
  if (self->avatar_png != NULL && cau_conversation_get_room (conversation) != NULL)
    cau_room_set_avatar_once_joined (cau_conversation_get_room (conversation), self->avatar_png);

  g_signal_emit (self, signals[SIGNAL_CONVERSATION_OPENED], 0, conversation);
  gtk_window_close (GTK_WINDOW (self));
}

static void
cau_create_room_dialog_dispose (GObject *object)
{
  CauCreateRoomDialog *self = CAU_CREATE_ROOM_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_cancellable_cancel (self->avatar_cancellable);
  g_clear_object (&self->avatar_cancellable);
  g_clear_pointer (&self->avatar_png, g_bytes_unref);
  gtk_widget_dispose_template (GTK_WIDGET (object), CAU_TYPE_CREATE_ROOM_DIALOG);
  g_clear_object (&self->manager);

  G_OBJECT_CLASS (cau_create_room_dialog_parent_class)->dispose (object);
}

static void
cau_create_room_dialog_finalize (GObject *object)
{
  CauCreateRoomDialog *self = CAU_CREATE_ROOM_DIALOG (object);

  cau_room_fields_clear (&self->fields);
  g_free (self->service);
  g_free (self->suggested_address);

  G_OBJECT_CLASS (cau_create_room_dialog_parent_class)->finalize (object);
}

static void
cau_create_room_dialog_class_init (CauCreateRoomDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cau_create_room_dialog_dispose;
  object_class->finalize = cau_create_room_dialog_finalize;

  signals[SIGNAL_CONVERSATION_OPENED] =
    g_signal_new ("conversation-opened", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, CAU_TYPE_CONVERSATION);

  gtk_widget_class_set_template_from_resource (widget_class, "/im/causerie/Causerie/ui/"
                                                             "cau-create-room-dialog.ui");
  cau_room_fields_bind (widget_class, G_STRUCT_OFFSET (CauCreateRoomDialog, fields));
  gtk_widget_class_bind_template_child (widget_class, CauCreateRoomDialog, private_check);
  gtk_widget_class_bind_template_child (widget_class, CauCreateRoomDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, CauCreateRoomDialog, description_row);
  gtk_widget_class_bind_template_child (widget_class, CauCreateRoomDialog, avatar);
  gtk_widget_class_bind_template_child (widget_class, CauCreateRoomDialog, clear_avatar_button);
  gtk_widget_class_bind_template_child (widget_class, CauCreateRoomDialog, create_button);
  gtk_widget_class_bind_template_callback (widget_class, fields_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, account_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, name_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, create_clicked_cb);

  gtk_widget_class_install_action (widget_class, "create-room.choose-avatar", NULL,
                                   choose_avatar_action_cb);
  gtk_widget_class_install_action (widget_class, "create-room.set-avatar-file", "s",
                                   set_avatar_file_action_cb);
  gtk_widget_class_install_action (widget_class, "create-room.clear-avatar", NULL,
                                   clear_avatar_action_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
cau_create_room_dialog_init (CauCreateRoomDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

CauCreateRoomDialog *
cau_create_room_dialog_new (GtkWindow         *parent,
                            CauAccountManager *manager)
{
  CauCreateRoomDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (CAU_IS_ACCOUNT_MANAGER (manager), NULL);

  self = g_object_new (CAU_TYPE_CREATE_ROOM_DIALOG, "transient-for", parent, NULL);
  self->manager = g_object_ref (manager);
  cau_account_combo_row_setup (self->fields.account_row,
                               cau_account_manager_get_accounts (manager));
  account_changed_cb (self);

  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->name_row));
  return self;
}

void
cau_create_room_dialog_set_account (CauCreateRoomDialog *self,
                                    CauAccount          *account)
{
  g_return_if_fail (CAU_IS_CREATE_ROOM_DIALOG (self));

  cau_account_combo_row_select (self->fields.account_row, account);
}
