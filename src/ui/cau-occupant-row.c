/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-occupant-row.h"
#include "cau-avatar.h"
#include "cau-reason-dialog.h"
#include "cau-ui-utils.h"

#include <adwaita.h>
#include <glib/gi18n.h>

/* One occupant of the room's list. Rows are recycled by the list view;
 * an occupant whose role or nickname changes is a new item of the room's
 * list, so a row has nothing to follow. */
struct _CauOccupantRow
{
  GtkWidget    parent_instance;

  CauOccupant *occupant;
  CauRoom     *room;
  /* Our own role may change while the row shows someone else: any change to the room's list
   * may change what we may do. */
  GSignalGroup *occupants_signals;
  /* The occupant's avatar may come while shown. */
  GSignalGroup *occupant_signals;

  GtkWidget     *avatar_overlay;
  AdwAvatar     *avatar;
  GtkWidget     *presence_dot;
  const char    *presence_class;
  GtkLabel      *nick_label;
  GtkLabel      *detail_label;
  GtkMenuButton *menu_button;
};

G_DEFINE_FINAL_TYPE (CauOccupantRow, cau_occupant_row, GTK_TYPE_WIDGET)

char *
cau_nick_isolate (const char *nick)
{
  return g_strconcat ("\xe2\x81\xa8", nick ? nick : "", "\xe2\x81\xa9", NULL);
}

char *
cau_nick_hue_class (const char *nick)
{
  return g_strdup_printf ("cau-nick-hue-%d",
                          ((int) (cau_avatar_hue (nick ? nick : "") / 10.0 + 0.5)) % 36);
}

const char *
cau_occupant_colour_key (const char *nick,
                         const char *occupant_id)
{
  return occupant_id != NULL ? occupant_id : nick;
}

/* Moderation: the menu holds what our role and affiliation allow (cau-room-moderation.c),
 * worked out again each time it opens, since roles change while the list stays. */

static const struct {
  CauRoomActions  action;
  const char     *name;
  const char     *label;
} menu_items[] = {
  { CAU_ROOM_ACTION_GRANT_VOICE, "occupant.grant-voice", N_("Grant Voice") },
  { CAU_ROOM_ACTION_REVOKE_VOICE, "occupant.revoke-voice", N_("Revoke Voice") },
  { CAU_ROOM_ACTION_GRANT_MODERATOR, "occupant.grant-moderator", N_("Make Moderator") },
  { CAU_ROOM_ACTION_REVOKE_MODERATOR, "occupant.revoke-moderator", N_("Revoke Moderator") },
  { CAU_ROOM_ACTION_GRANT_MEMBERSHIP, "occupant.grant-membership", N_("Make Member") },
  { CAU_ROOM_ACTION_REVOKE_MEMBERSHIP, "occupant.revoke-membership", N_("Revoke Membership") },
  { CAU_ROOM_ACTION_GRANT_ADMIN, "occupant.grant-admin", N_("Make Admin") },
  { CAU_ROOM_ACTION_REVOKE_ADMIN, "occupant.revoke-admin", N_("Revoke Admin") },
  { CAU_ROOM_ACTION_KICK, "occupant.kick", N_("Remove from Room…") },
  { CAU_ROOM_ACTION_BAN, "occupant.ban", N_("Ban…") },
};

static CauRoomActions
allowed (CauOccupantRow *self)
{
  if (self->room == NULL || self->occupant == NULL)
    return 0;
  return cau_room_get_allowed_actions (self->room, self->occupant);
}

/* Anyone but ourselves may be written to in private (the room may refuse it). */
static gboolean
can_write_to (CauOccupantRow *self)
{
  return self->room != NULL && self->occupant != NULL && !cau_occupant_is_self (self->occupant);
}

static void
update_menu_button (CauOccupantRow *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->menu_button),
                          allowed (self) != 0 || can_write_to (self));
}

static void
create_popup_cb (GtkMenuButton *button,
                 gpointer       data)
{
  CauOccupantRow *self = data;
  CauRoomActions actions = allowed (self);
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) roles = g_menu_new ();
  g_autoptr(GMenu) removal = g_menu_new ();
  g_autoptr(GMenu) talk = g_menu_new ();

  if (can_write_to (self))
    g_menu_append (talk, _("Send Private Message"), "occupant.private-message");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (talk));
  for (guint i = 0; i < G_N_ELEMENTS (menu_items); i++)
    if (actions & menu_items[i].action)
      g_menu_append (menu_items[i].action & (CAU_ROOM_ACTION_KICK | CAU_ROOM_ACTION_BAN)
                     ? removal : roles, _(menu_items[i].label), menu_items[i].name);
  g_menu_append_section (menu, NULL, G_MENU_MODEL (roles));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (removal));
  gtk_menu_button_set_menu_model (button, G_MENU_MODEL (menu));
}

/* The private conversation opens in the window, as any conversation does. */
static void
private_message_action_cb (GtkWidget  *widget,
                           const char *action,
                           GVariant   *parameter)
{
  CauOccupantRow *self = CAU_OCCUPANT_ROW (widget);
  g_autoptr(GError) error = NULL;
  gint64 id;

  if (!can_write_to (self))
    return;
  id = cau_room_open_private_chat (self->room, cau_occupant_get_nick (self->occupant), &error);
  if (id <= 0)
    {
      cau_widget_add_toast (GTK_WIDGET (self), error->message);
      return;
    }
  gtk_widget_activate_action (widget, "app.open-conversation", "x", id);
}

static void
moderated_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  /* The row, kept for its window's toasts. */
  g_autoptr(CauOccupantRow) self = data;
  g_autoptr(GError) error = NULL;

  if (!cau_room_moderate_finish (CAU_ROOM (source), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    cau_widget_add_toast (GTK_WIDGET (self), error->message);
}

/* Kick and ban: confirmed, with a reason the person will read. */
static void
removal_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     gpointer          data)
{
  CauOccupantRow *self = data;
  g_autofree char *reason = cau_reason_dialog_dup_reason (dialog);
  const char *jid = g_object_get_data (G_OBJECT (dialog), "jid");
  const char *nick = g_object_get_data (G_OBJECT (dialog), "nick");
  /* The room asked about: the row may show another by now (rows are recycled). */
  CauRoom *room = g_object_get_data (G_OBJECT (dialog), "room");

  if (g_str_equal (response, "kick"))
    cau_room_kick (room, nick, reason, NULL, moderated_cb, g_object_ref (self));
  else if (g_str_equal (response, "ban") && jid != NULL)
    cau_room_ban (room, jid, reason, NULL, moderated_cb, g_object_ref (self));
}

static void
ask_removal (CauOccupantRow *self,
             gboolean        ban)
{
  const char *nick = cau_occupant_get_nick (self->occupant);
  g_autofree char *heading = NULL;
  AdwMessageDialog *dialog;

  if (ban)
    /* TRANSLATORS: %s is a nickname in a room */
    heading = g_strdup_printf (_("Ban %s?"), nick);
  else
    /* TRANSLATORS: %s is a nickname in a room */
    heading = g_strdup_printf (_("Remove %s?"), nick);
  dialog = cau_reason_dialog_new (GTK_WIDGET (self), "occupant-removal", heading,
                                  ban ? _("They will be removed and will not be able to enter "
                                          "this room again.")
                                      : _("They will be removed from the room, and may enter "
                                          "it again."),
                                  ban ? "ban" : "kick", ban ? _("_Ban") : _("_Remove"));
  g_object_set_data_full (G_OBJECT (dialog), "nick", g_strdup (nick), g_free);
  g_object_set_data_full (G_OBJECT (dialog), "room", g_object_ref (self->room), g_object_unref);
  g_object_set_data_full (G_OBJECT (dialog), "jid",
                          g_strdup (cau_occupant_get_real_jid (self->occupant)), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (removal_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
moderate_action_cb (GtkWidget  *widget,
                    const char *action,
                    GVariant   *parameter)
{
  CauOccupantRow *self = CAU_OCCUPANT_ROW (widget);
  const char *nick, *jid;

  if (self->room == NULL || self->occupant == NULL)
    return;
  nick = cau_occupant_get_nick (self->occupant);
  jid = cau_occupant_get_real_jid (self->occupant);

  if (g_str_equal (action, "occupant.kick"))
    ask_removal (self, FALSE);
  else if (g_str_equal (action, "occupant.ban"))
    ask_removal (self, TRUE);
  else if (g_str_has_suffix (action, "-voice"))
    cau_room_set_voice (self->room, nick, g_str_has_prefix (action, "occupant.grant"), NULL,
                        moderated_cb, g_object_ref (self));
  else if (g_str_has_suffix (action, "-moderator"))
    cau_room_set_moderator (self->room, nick, g_str_has_prefix (action, "occupant.grant"), NULL,
                            moderated_cb, g_object_ref (self));
  else if (jid != NULL && g_str_has_suffix (action, "-membership"))
    cau_room_set_member (self->room, jid, g_str_has_prefix (action, "occupant.grant"), NULL,
                         moderated_cb, g_object_ref (self));
  else if (jid != NULL && g_str_has_suffix (action, "-admin"))
    cau_room_set_admin (self->room, jid, g_str_has_prefix (action, "occupant.grant"), NULL,
                        moderated_cb, g_object_ref (self));
}

/* Their picture once fetched (shown rows ask for it), their initials until then. */
static void
update_avatar (CauOccupantRow *self)
{
  g_autoptr(GFile) file = NULL;

  if (self->occupant == NULL)
    return;
  if (self->room != NULL)
    file = cau_room_dup_occupant_avatar_file (self->room, self->occupant);
  cau_avatar_show_file (self->avatar,
                        cau_occupant_colour_key (cau_occupant_get_nick (self->occupant),
                                                 cau_occupant_get_occupant_id (self->occupant)),
                        file);
}

static void
update (CauOccupantRow *self)
{
  g_autofree char *nick = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *description = NULL;
  CauAffiliation affiliation;
  CauPresence presence;
  const char *role;

  if (self->occupant == NULL)
    return;

  /* The nickname is the occupant's own: plain text, isolated. */
  nick = cau_nick_isolate (cau_occupant_get_nick (self->occupant));
  if (cau_occupant_is_self (self->occupant))
    /* TRANSLATORS: our own nickname in a room's list of occupants */
    shown = g_strdup_printf (_("%s (you)"), nick);
  gtk_label_set_text (self->nick_label, shown ? shown : nick);
  adw_avatar_set_text (self->avatar, cau_occupant_get_nick (self->occupant));
  update_avatar (self);

  /* Their presence in the room, as a dot on the avatar, as for contacts. */
  presence = cau_occupant_get_presence (self->occupant);
  if (self->presence_class != NULL)
    gtk_widget_remove_css_class (self->presence_dot, self->presence_class);
  self->presence_class = cau_presence_get_css_class (presence);
  gtk_widget_add_css_class (self->presence_dot, self->presence_class);
  gtk_widget_set_tooltip_text (self->avatar_overlay, cau_presence_get_label (presence));

  role = cau_role_describe (cau_occupant_get_role (self->occupant));
  affiliation = cau_occupant_get_affiliation (self->occupant);
  if (affiliation != CAU_AFFILIATION_NONE)
    /* TRANSLATORS: an occupant's role in a room, then their affiliation: "Moderator, Owner" */
    detail = g_strdup_printf (C_("occupant role and affiliation", "%s, %s"), role,
                              cau_affiliation_describe (affiliation));
  gtk_label_set_text (self->detail_label, detail ? detail : role);
  /* Their own words, from the network: plain text, in the row's tooltip. */
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->detail_label),
                               cau_occupant_get_status (self->occupant));

  /* TRANSLATORS: how a screen reader reads an occupant: nickname, then role (and affiliation),
   * then their presence ("Away") */
  description = g_strdup_printf (C_("occupant for screen readers", "%s, %s, %s"),
                                 shown ? shown : nick, detail ? detail : role,
                                 cau_presence_get_label (presence));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  description, -1);
  update_menu_button (self);
}

static void
cau_occupant_row_dispose (GObject *object)
{
  CauOccupantRow *self = CAU_OCCUPANT_ROW (object);
  GtkWidget *child;

  g_clear_object (&self->occupant);
  g_clear_object (&self->room);
  g_clear_object (&self->occupants_signals);
  g_clear_object (&self->occupant_signals);
  gtk_widget_dispose_template (GTK_WIDGET (self), CAU_TYPE_OCCUPANT_ROW);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (cau_occupant_row_parent_class)->dispose (object);
}

static void
cau_occupant_row_class_init (CauOccupantRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cau_occupant_row_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "occupantrow");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_LIST_ITEM);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/im/causerie/Causerie/ui/cau-occupant-row.ui");
  gtk_widget_class_bind_template_child (widget_class, CauOccupantRow, avatar_overlay);
  gtk_widget_class_bind_template_child (widget_class, CauOccupantRow, avatar);
  gtk_widget_class_bind_template_child (widget_class, CauOccupantRow, presence_dot);
  gtk_widget_class_bind_template_child (widget_class, CauOccupantRow, nick_label);
  gtk_widget_class_bind_template_child (widget_class, CauOccupantRow, detail_label);
  gtk_widget_class_bind_template_child (widget_class, CauOccupantRow, menu_button);
  for (guint i = 0; i < G_N_ELEMENTS (menu_items); i++)
    gtk_widget_class_install_action (widget_class, menu_items[i].name, NULL,
                                     moderate_action_cb);
  gtk_widget_class_install_action (widget_class, "occupant.private-message", NULL,
                                   private_message_action_cb);
}

static void
cau_occupant_row_init (CauOccupantRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_menu_button_set_create_popup_func (self->menu_button, create_popup_cb, self, NULL);
  self->occupants_signals = g_signal_group_new (G_TYPE_LIST_MODEL);
  g_signal_group_connect_swapped (self->occupants_signals, "items-changed",
                                  G_CALLBACK (update_menu_button), self);
  self->occupant_signals = g_signal_group_new (CAU_TYPE_OCCUPANT);
  g_signal_group_connect_swapped (self->occupant_signals, "notify::avatar-ready",
                                  G_CALLBACK (update_avatar), self);
}

CauOccupantRow *
cau_occupant_row_new (void)
{
  return g_object_new (CAU_TYPE_OCCUPANT_ROW, NULL);
}

void
cau_occupant_row_set_occupant (CauOccupantRow *self,
                               CauOccupant    *occupant)
{
  g_return_if_fail (CAU_IS_OCCUPANT_ROW (self));
  g_return_if_fail (occupant == NULL || CAU_IS_OCCUPANT (occupant));

  if (!g_set_object (&self->occupant, occupant))
    return;
  g_signal_group_set_target (self->occupant_signals, occupant);
  update (self);
}

void
cau_occupant_row_set_room (CauOccupantRow *self,
                           CauRoom        *room)
{
  g_return_if_fail (CAU_IS_OCCUPANT_ROW (self));
  g_return_if_fail (room == NULL || CAU_IS_ROOM (room));

  if (!g_set_object (&self->room, room))
    return;
  g_signal_group_set_target (self->occupants_signals,
                             room != NULL ? cau_room_get_occupants (room) : NULL);
  update_menu_button (self);
  update_avatar (self);
}
