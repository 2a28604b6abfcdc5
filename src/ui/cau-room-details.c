/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-room-details.h"
#include "cau-avatar.h"
#include "cau-room-settings.h"
#include "cau-ui-utils.h"

#include <glib/gi18n.h>
#include <string.h>

/*
 * A room's details. Its name, description and subject come from the network: plain labels,
 * never markup. What may be changed follows what we are in the room: moderators set the
 * subject, owners reach the room's settings and set its avatar.
 */

struct _CauRoomDetails
{
  AdwPreferencesWindow  parent_instance;

  CauRoom              *room;
  GCancellable         *cancellable;

  AdwAvatar            *avatar;
  GtkWidget            *avatar_buttons;
  GtkLabel             *title_label;
  GtkLabel             *kind_label;
  GtkLabel             *description_label;
  AdwEntryRow          *subject_row;
  AdwActionRow         *address_row;
  AdwActionRow         *link_row;
  AdwEntryRow          *nick_row;
  GtkLabel             *participants_label;
  AdwActionRow         *settings_row;
  GtkWidget            *leave_button;
};

G_DEFINE_FINAL_TYPE (CauRoomDetails, cau_room_details, ADW_TYPE_PREFERENCES_WINDOW)

static CauOccupant *
own_occupant (CauRoom *room)
{
  return cau_room_find_occupant (room, cau_room_get_nick (room));
}

static char *
join_link (CauRoom *room)
{
  /* XEP-0147: the room's address, then the action. */
  g_autofree char *escaped = g_uri_escape_string (cau_room_get_jid (room), "@", FALSE);

  return g_strconcat ("xmpp:", escaped, "?join", NULL);
}

static void
update_names (CauRoomDetails *self)
{
  const char *name = cau_room_get_name (self->room);
  const char *description = cau_room_get_description (self->room);
  const char *shown = name != NULL && *name != '\0' ? name : cau_room_get_jid (self->room);

  gtk_label_set_text (self->title_label, shown);
  adw_avatar_set_text (self->avatar, shown);
  gtk_label_set_text (self->description_label, description ? description : "");
  gtk_widget_set_visible (GTK_WIDGET (self->description_label), description != NULL);
  gtk_label_set_text (self->kind_label,
                      cau_room_get_private (self->room)
                      ? _("Private group: members only, everyone sees each other’s address")
                      : _("Channel: addresses are shown to moderators only"));
}

static void
update_subject (CauRoomDetails *self)
{
  const char *subject = cau_room_get_subject (self->room);

  /* Not while the person is typing a new one. */
  if (!gtk_widget_has_focus (GTK_WIDGET (self->subject_row)) &&
      gtk_widget_get_focus_child (GTK_WIDGET (self->subject_row)) == NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->subject_row), subject ? subject : "");
}

static void
update_nick (CauRoomDetails *self)
{
  const char *nick = cau_room_get_nick (self->room);

  gtk_editable_set_text (GTK_EDITABLE (self->nick_row), nick ? nick : "");
}

/* What we may do depends on whether we are in, and as what. */
static void
update_presence (CauRoomDetails *self)
{
  gboolean joined = cau_room_get_state (self->room) == CAU_ROOM_JOINED;
  CauOccupant *self_occupant = joined ? own_occupant (self->room) : NULL;
  guint n = g_list_model_get_n_items (cau_room_get_occupants (self->room));
  g_autofree char *count = g_strdup_printf ("%u", n);
  gboolean moderator = self_occupant != NULL &&
                       cau_occupant_get_role (self_occupant) == CAU_ROLE_MODERATOR;
  gboolean owner = self_occupant != NULL &&
                   cau_occupant_get_affiliation (self_occupant) == CAU_AFFILIATION_OWNER;

  gtk_label_set_text (self->participants_label, joined ? count : "—");
  gtk_editable_set_editable (GTK_EDITABLE (self->subject_row), moderator);
  adw_entry_row_set_show_apply_button (self->subject_row, moderator);
  gtk_widget_set_sensitive (GTK_WIDGET (self->nick_row), joined);
  gtk_widget_set_visible (GTK_WIDGET (self->settings_row), owner);
  gtk_widget_set_visible (self->avatar_buttons, owner && cau_room_get_avatar_supported (self->room));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "room.set-avatar", owner);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "room.set-avatar-file", owner);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "room.remove-avatar",
                                 owner && cau_room_get_avatar_hash (self->room) != NULL);
  gtk_widget_set_visible (self->leave_button, cau_room_get_state (self->room) != CAU_ROOM_LEFT);
}

static void
update_avatar (CauRoomDetails *self)
{
  cau_avatar_show_room (self->avatar, self->room);
  update_presence (self);
}

/* The room's avatar, which its owners set (as we set ours in the account's page). */

static void
toast (CauRoomDetails *self,
       const char     *text)
{
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), cau_toast_new (text));
}

static void
avatar_set_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(CauRoomDetails) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!cau_room_set_avatar_finish (CAU_ROOM (source), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    toast (self, error->message);
}

static void
avatar_prepared_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(CauRoomDetails) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) png = NULL;

  png = cau_avatar_prepare_own_finish (result, NULL, NULL, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (png == NULL)
    {
      toast (self, error->message);
      return;
    }
  cau_room_set_avatar (self->room, png, self->cancellable, avatar_set_cb, g_object_ref (self));
}

/* Also the test's way in, without the file chooser. */
static void
set_avatar_file_action_cb (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  CauRoomDetails *self = CAU_ROOM_DETAILS (widget);
  g_autoptr(GFile) file = g_file_new_for_uri (g_variant_get_string (parameter, NULL));

  cau_avatar_prepare_own_async (file, self->cancellable, avatar_prepared_cb, g_object_ref (self));
}

static void
set_avatar_action_cb (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  cau_avatar_choose_file (widget, "room.set-avatar-file");
}

static void
remove_avatar_action_cb (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  CauRoomDetails *self = CAU_ROOM_DETAILS (widget);

  cau_room_set_avatar (self->room, NULL, self->cancellable, avatar_set_cb, g_object_ref (self));
}

static void
subject_apply_cb (CauRoomDetails *self)
{
  cau_room_set_subject (self->room, gtk_editable_get_text (GTK_EDITABLE (self->subject_row)));
}

static void
nick_apply_cb (CauRoomDetails *self)
{
  const char *typed = gtk_editable_get_text (GTK_EDITABLE (self->nick_row));
  g_autofree char *nick = g_strstrip (g_strdup (typed));

  if (*nick == '\0' || strchr (nick, '/') != NULL)
    {
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                        cau_toast_new (_("Choose a nickname, without a slash.")));
      update_nick (self);
      return;
    }
  cau_room_join (self->room, nick, NULL);
}

static void
copy (CauRoomDetails *self,
      const char     *text,
      const char     *done)
{
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), cau_toast_new (done));
}

static void
copy_address_cb (CauRoomDetails *self)
{
  copy (self, cau_room_get_jid (self->room), _("Address copied"));
}

static void
copy_link_cb (CauRoomDetails *self)
{
  g_autofree char *link = join_link (self->room);

  copy (self, link, _("Link copied"));
}

static void
settings_activated_cb (CauRoomDetails *self)
{
  cau_room_details_show_settings (self);
}

static void
leave_clicked_cb (CauRoomDetails *self)
{
  cau_room_leave (self->room);
  gtk_window_close (GTK_WINDOW (self));
}

static void
cau_room_details_dispose (GObject *object)
{
  CauRoomDetails *self = CAU_ROOM_DETAILS (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (object), CAU_TYPE_ROOM_DETAILS);
  g_clear_object (&self->room);

  G_OBJECT_CLASS (cau_room_details_parent_class)->dispose (object);
}

static void
cau_room_details_class_init (CauRoomDetailsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cau_room_details_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/im/causerie/Causerie/ui/"
                                                             "cau-room-details.ui");
  gtk_widget_class_bind_template_child (widget_class, CauRoomDetails, avatar);
  gtk_widget_class_bind_template_child (widget_class, CauRoomDetails, avatar_buttons);
  gtk_widget_class_bind_template_child (widget_class, CauRoomDetails, title_label);
  gtk_widget_class_bind_template_child (widget_class, CauRoomDetails, kind_label);
  gtk_widget_class_bind_template_child (widget_class, CauRoomDetails, description_label);
  gtk_widget_class_bind_template_child (widget_class, CauRoomDetails, subject_row);
  gtk_widget_class_bind_template_child (widget_class, CauRoomDetails, address_row);
  gtk_widget_class_bind_template_child (widget_class, CauRoomDetails, link_row);
  gtk_widget_class_bind_template_child (widget_class, CauRoomDetails, nick_row);
  gtk_widget_class_bind_template_child (widget_class, CauRoomDetails, participants_label);
  gtk_widget_class_bind_template_child (widget_class, CauRoomDetails, settings_row);
  gtk_widget_class_bind_template_child (widget_class, CauRoomDetails, leave_button);
  gtk_widget_class_bind_template_callback (widget_class, subject_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, nick_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, copy_address_cb);
  gtk_widget_class_bind_template_callback (widget_class, copy_link_cb);
  gtk_widget_class_bind_template_callback (widget_class, settings_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, leave_clicked_cb);

  gtk_widget_class_install_action (widget_class, "room.set-avatar", NULL, set_avatar_action_cb);
  gtk_widget_class_install_action (widget_class, "room.set-avatar-file", "s",
                                   set_avatar_file_action_cb);
  gtk_widget_class_install_action (widget_class, "room.remove-avatar", NULL,
                                   remove_avatar_action_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
cau_room_details_init (CauRoomDetails *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

CauRoomDetails *
cau_room_details_new (GtkWindow *parent,
                      CauRoom   *room)
{
  CauRoomDetails *self;
  g_autofree char *link = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (CAU_IS_ROOM (room), NULL);

  self = g_object_new (CAU_TYPE_ROOM_DETAILS, "transient-for", parent, NULL);
  self->room = g_object_ref (room);
  link = join_link (room);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->address_row), cau_room_get_jid (room));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->link_row), link);

  g_signal_connect_object (room, "notify::name", G_CALLBACK (update_names), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (room, "notify::description", G_CALLBACK (update_names), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (room, "notify::private", G_CALLBACK (update_names), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (room, "notify::subject", G_CALLBACK (update_subject), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (room, "notify::nick", G_CALLBACK (update_nick), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (room, "notify::nick", G_CALLBACK (update_presence), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (room, "notify::state", G_CALLBACK (update_presence), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (cau_room_get_occupants (room), "items-changed",
                           G_CALLBACK (update_presence), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (room, "notify::avatar-hash", G_CALLBACK (update_avatar), self,
                           G_CONNECT_SWAPPED);
  update_avatar (self);
  update_names (self);
  update_subject (self);
  update_nick (self);
  update_presence (self);
  return self;
}

void
cau_room_details_show_settings (CauRoomDetails *self)
{
  g_return_if_fail (CAU_IS_ROOM_DETAILS (self));

  adw_preferences_window_present_subpage (ADW_PREFERENCES_WINDOW (self),
                                          GTK_WIDGET (cau_room_settings_new (self->room)));
}
