/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-conversation-row.h"
#include "cau-avatar.h"
#include "cau-ui-utils.h"
#include "core/cau-roster.h"
#include "core/cau-time.h"

#include <adwaita.h>
#include <glib/gi18n.h>

/* Longest preview kept: the label ellipsizes long before. */
#define PREVIEW_CHARS 120

/* One conversation in the sidebar: avatar, title, the newest message,
 * when, how many are unread, whether it is pinned. */
struct _CauConversationRow
{
  GtkWidget        parent_instance;

  CauConversation *conversation;
  GSignalGroup    *signals;
  GSignalGroup    *contact_signals;  /* the peer, when in the roster: its avatar */
  GSignalGroup    *room_signals;     /* the room, for one: its avatar */

  AdwAvatar       *avatar;
  GtkLabel        *title_label;
  GtkWidget       *pinned_icon;
  GtkLabel        *time_label;
  GtkLabel        *preview_label;
  GtkLabel        *unread_label;
};

G_DEFINE_FINAL_TYPE (CauConversationRow, cau_conversation_row, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONVERSATION,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

static void
update_title (CauConversationRow *self)
{
  const char *title = self->conversation ? cau_conversation_get_title (self->conversation) : "";

  adw_avatar_set_text (self->avatar, title);
  gtk_label_set_label (self->title_label, title);
}

static void
update_time (CauConversationRow *self)
{
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) time = NULL;
  g_autofree char *text = NULL;
  gint64 activity;

  activity = self->conversation ? cau_conversation_get_last_activity (self->conversation) : 0;
  if (activity <= 0)
    {
      gtk_label_set_label (self->time_label, "");
      return;
    }

  now = cau_date_time_new_now_local ();
  time = cau_date_time_new_unix_local (activity / G_USEC_PER_SEC);
  if (time == NULL)
    {
      gtk_label_set_label (self->time_label, "");
      return;
    }
  text = cau_format_activity_time (time, now);
  gtk_label_set_label (self->time_label, text);
}

static void
update_preview (CauConversationRow *self)
{
  g_autofree char *line = NULL;
  g_autofree char *text = NULL;
  const char *preview;

  if (self->conversation == NULL)
    {
      gtk_label_set_label (self->preview_label, "");
      return;
    }

  if (cau_conversation_get_chat_state (self->conversation) == CAU_CHAT_STATE_COMPOSING)
    {
      gtk_label_set_label (self->preview_label, _("typing…"));
      gtk_widget_add_css_class (GTK_WIDGET (self->preview_label), "accent");
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->preview_label), "accent");

  preview = cau_conversation_get_preview (self->conversation);
  line = cau_text_one_line (preview, PREVIEW_CHARS);
  if (preview != NULL && cau_conversation_get_preview_outgoing (self->conversation))
    /* TRANSLATORS: the newest message of a conversation, written by us */
    text = g_strdup_printf (_("You: %s"), line);
  gtk_label_set_label (self->preview_label, text ? text : line);
}

static void
update_unread (CauConversationRow *self)
{
  guint unread = self->conversation ? cau_conversation_get_unread (self->conversation) : 0;
  g_autofree char *count = NULL;
  g_autofree char *description = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->unread_label), unread > 0);
  if (unread > 0)
    {
      count = cau_format_unread_count (unread);
      gtk_label_set_label (self->unread_label, count);
      gtk_widget_add_css_class (GTK_WIDGET (self->title_label), "unread");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->title_label), "unread");
    }

  if (self->conversation == NULL)
    return;
  if (unread > 0)
    /* TRANSLATORS: how a conversation of the list is read out: "Bob, 2 unread messages" */
    description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s, %u unread message",
                                                "%s, %u unread messages", unread),
                                   cau_conversation_get_title (self->conversation), unread);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  description ? description
                                              : cau_conversation_get_title (self->conversation),
                                  -1);
}

static void
update_pinned (CauConversationRow *self)
{
  gtk_widget_set_visible (self->pinned_icon,
                          self->conversation && cau_conversation_get_pinned (self->conversation));
}

/* The peer's avatar, if it is a contact or a room; else the initials, coloured by
 * its address. */
static void
update_avatar (CauConversationRow *self)
{
  g_autoptr(CauContact) contact = g_signal_group_dup_target (self->contact_signals);
  g_autoptr(CauRoom) room = g_signal_group_dup_target (self->room_signals);

  /* A room: on a rounded square, not a person's circle. */
  if (room != NULL)
    {
      cau_avatar_show_room (self->avatar, room);
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->avatar), "room-avatar");
  if (contact != NULL)
    cau_avatar_show_contact (self->avatar, contact);
  else if (self->conversation != NULL)
    cau_avatar_show (self->avatar, NULL, cau_conversation_get_peer (self->conversation), NULL);
  else
    cau_avatar_show (self->avatar, NULL, NULL, NULL);
}

static void
update (CauConversationRow *self)
{
  update_avatar (self);
  update_title (self);
  update_time (self);
  update_preview (self);
  update_unread (self);
  update_pinned (self);
}

static void
cau_conversation_row_dispose (GObject *object)
{
  CauConversationRow *self = CAU_CONVERSATION_ROW (object);
  GtkWidget *child;

  g_clear_object (&self->signals);
  g_clear_object (&self->contact_signals);
  g_clear_object (&self->room_signals);
  g_clear_object (&self->conversation);
  gtk_widget_dispose_template (GTK_WIDGET (self), CAU_TYPE_CONVERSATION_ROW);
  /* A plain GtkWidget does not drop its children itself. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (cau_conversation_row_parent_class)->dispose (object);
}

static void
cau_conversation_row_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  CauConversationRow *self = CAU_CONVERSATION_ROW (object);

  switch (prop_id)
    {
    case PROP_CONVERSATION:
      g_value_set_object (value, self->conversation);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cau_conversation_row_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  CauConversationRow *self = CAU_CONVERSATION_ROW (object);

  switch (prop_id)
    {
    case PROP_CONVERSATION:
      cau_conversation_row_set_conversation (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cau_conversation_row_class_init (CauConversationRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cau_conversation_row_dispose;
  object_class->get_property = cau_conversation_row_get_property;
  object_class->set_property = cau_conversation_row_set_property;

  props[PROP_CONVERSATION] =
    g_param_spec_object ("conversation", NULL, NULL, CAU_TYPE_CONVERSATION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "conversationrow");
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/im/causerie/Causerie/ui/cau-conversation-row.ui");
  gtk_widget_class_bind_template_child (widget_class, CauConversationRow, avatar);
  gtk_widget_class_bind_template_child (widget_class, CauConversationRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, CauConversationRow, pinned_icon);
  gtk_widget_class_bind_template_child (widget_class, CauConversationRow, time_label);
  gtk_widget_class_bind_template_child (widget_class, CauConversationRow, preview_label);
  gtk_widget_class_bind_template_child (widget_class, CauConversationRow, unread_label);
}

static void
cau_conversation_row_init (CauConversationRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->signals = g_signal_group_new (CAU_TYPE_CONVERSATION);
  g_signal_group_connect_swapped (self->signals, "notify::title",
                                  G_CALLBACK (update_title), self);
  g_signal_group_connect_swapped (self->signals, "notify::last-activity",
                                  G_CALLBACK (update_time), self);
  g_signal_group_connect_swapped (self->signals, "notify::preview",
                                  G_CALLBACK (update_preview), self);
  g_signal_group_connect_swapped (self->signals, "notify::chat-state",
                                  G_CALLBACK (update_preview), self);
  g_signal_group_connect_swapped (self->signals, "notify::unread",
                                  G_CALLBACK (update_unread), self);
  g_signal_group_connect_swapped (self->signals, "notify::pinned",
                                  G_CALLBACK (update_pinned), self);
  self->contact_signals = g_signal_group_new (CAU_TYPE_CONTACT);
  g_signal_group_connect_swapped (self->contact_signals, "notify::avatar-hash",
                                  G_CALLBACK (update_avatar), self);
  self->room_signals = g_signal_group_new (CAU_TYPE_ROOM);
  g_signal_group_connect_swapped (self->room_signals, "notify::avatar-hash",
                                  G_CALLBACK (update_avatar), self);
}

CauConversation *
cau_conversation_row_get_conversation (CauConversationRow *self)
{
  g_return_val_if_fail (CAU_IS_CONVERSATION_ROW (self), NULL);
  return self->conversation;
}

void
cau_conversation_row_set_conversation (CauConversationRow *self,
                                       CauConversation    *conversation)
{
  CauContact *contact = NULL;

  g_return_if_fail (CAU_IS_CONVERSATION_ROW (self));
  g_return_if_fail (conversation == NULL || CAU_IS_CONVERSATION (conversation));

  if (!g_set_object (&self->conversation, conversation))
    return;
  g_signal_group_set_target (self->signals, conversation);
  if (conversation != NULL && cau_conversation_get_account (conversation) != NULL)
    {
      CauAccount *account = cau_conversation_get_account (conversation);

      contact = cau_roster_lookup (cau_account_get_roster (account),
                                   cau_conversation_get_peer (conversation));
    }
  g_signal_group_set_target (self->contact_signals, contact);
  g_signal_group_set_target (self->room_signals,
                             conversation ? cau_conversation_get_room (conversation) : NULL);
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_CONVERSATION]);
}
