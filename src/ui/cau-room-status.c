/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-room-status.h"

#include <glib/gi18n.h>

/* libadwaita 1.2 has no AdwBanner: a revealer, a label, what to do. */
struct _CauRoomStatus
{
  GtkWidget     parent_instance;

  CauRoom      *room;
  GSignalGroup *room_signals;
  /* What the entry asks for, when it shows. */
  gboolean      asks_nick;
  gboolean      asks_password;

  GtkRevealer  *revealer;
  GtkWidget    *box;
  GtkSpinner   *spinner;
  GtkLabel     *label;
  GtkWidget    *action_box;
  GtkEntry     *entry;
  GtkWidget    *button;
};

G_DEFINE_FINAL_TYPE (CauRoomStatus, cau_room_status, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ROOM,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

static void
entry_changed_cb (CauRoomStatus *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->entry));

  /* Another nickname is needed; a password may be empty only if none was asked. */
  gtk_widget_set_sensitive (self->button,
                            !(self->asks_nick || self->asks_password) || *text != '\0');
}

static void
update (CauRoomStatus *self)
{
  CauRoomState state = self->room ? cau_room_get_state (self->room) : CAU_ROOM_JOINED;
  CauRoomError error = self->room ? cau_room_get_error (self->room) : CAU_ROOM_ERROR_NONE;
  gboolean asks_nick = FALSE, asks_password = FALSE, button = FALSE;
  const char *text = NULL;

  switch (state)
    {
    case CAU_ROOM_OFFLINE:
      text = _("You will enter the room once connected.");
      break;
    case CAU_ROOM_JOINING:
      text = _("Entering the room…");
      break;
    case CAU_ROOM_FAILED:
      text = cau_room_get_error_message (self->room);
      if (text == NULL)
        text = _("The room would not let you in.");
      asks_nick = error == CAU_ROOM_ERROR_NICK_IN_USE || error == CAU_ROOM_ERROR_NICK_REFUSED;
      asks_password = error == CAU_ROOM_ERROR_PASSWORD;
      button = TRUE;
      break;
    case CAU_ROOM_LEFT:
      text = _("You left this room.");
      button = TRUE;
      break;
    case CAU_ROOM_JOINED:
    default:
      break;
    }

  gtk_revealer_set_reveal_child (self->revealer, text != NULL);
  if (text == NULL)
    {
      gtk_spinner_set_spinning (self->spinner, FALSE);
      return;
    }

  /* The room's message, translated by the model: plain text all the same. */
  gtk_label_set_text (self->label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), state == CAU_ROOM_JOINING);
  /* Only while shown: a spinning spinner redraws the window every frame. */
  gtk_spinner_set_spinning (self->spinner, state == CAU_ROOM_JOINING);
  /* Tinted, not "error": that class would colour the entry and the button too. */
  if (state == CAU_ROOM_FAILED)
    gtk_widget_add_css_class (self->box, "failed");
  else
    gtk_widget_remove_css_class (self->box, "failed");
  gtk_widget_set_visible (self->action_box, button);
  /* A room that does not exist is offered to be made. */
  gtk_button_set_label (GTK_BUTTON (self->button),
                        state == CAU_ROOM_FAILED && error == CAU_ROOM_ERROR_MISSING
                        ? _("_Create Room") : _("_Enter Again"));

  /* The entry keeps what is being typed while the state stays the same. */
  if (asks_nick != self->asks_nick || asks_password != self->asks_password)
    {
      self->asks_nick = asks_nick;
      self->asks_password = asks_password;
      gtk_editable_set_text (GTK_EDITABLE (self->entry),
                             asks_nick ? cau_room_get_nick (self->room) : "");
      gtk_entry_set_visibility (self->entry, !asks_password);
      gtk_entry_set_input_purpose (self->entry, asks_password ? GTK_INPUT_PURPOSE_PASSWORD
                                                              : GTK_INPUT_PURPOSE_FREE_FORM);
      gtk_entry_set_placeholder_text (self->entry, asks_password ? _("Password")
                                                                 : _("Another nickname"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->entry),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      asks_password ? _("Password") : _("Nickname"), -1);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->entry), asks_nick || asks_password);
  entry_changed_cb (self);
}

static void
enter_again_cb (CauRoomStatus *self)
{
  g_autofree char *text = NULL;

  if (self->room == NULL || !gtk_widget_get_sensitive (self->button))
    return;
  if (cau_room_get_state (self->room) == CAU_ROOM_FAILED &&
      cau_room_get_error (self->room) == CAU_ROOM_ERROR_MISSING)
    {
      cau_room_create_missing (self->room);
      return;
    }
  text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->entry))));
  cau_room_join (self->room, self->asks_nick ? text : NULL,
                 self->asks_password ? gtk_editable_get_text (GTK_EDITABLE (self->entry)) : NULL);
}

static void
cau_room_status_dispose (GObject *object)
{
  CauRoomStatus *self = CAU_ROOM_STATUS (object);
  GtkWidget *child;

  g_clear_object (&self->room_signals);
  g_clear_object (&self->room);
  gtk_widget_dispose_template (GTK_WIDGET (self), CAU_TYPE_ROOM_STATUS);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (cau_room_status_parent_class)->dispose (object);
}

static void
cau_room_status_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  CauRoomStatus *self = CAU_ROOM_STATUS (object);

  switch (prop_id)
    {
    case PROP_ROOM:
      g_value_set_object (value, self->room);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cau_room_status_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  CauRoomStatus *self = CAU_ROOM_STATUS (object);

  switch (prop_id)
    {
    case PROP_ROOM:
      cau_room_status_set_room (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cau_room_status_class_init (CauRoomStatusClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cau_room_status_dispose;
  object_class->get_property = cau_room_status_get_property;
  object_class->set_property = cau_room_status_set_property;

  props[PROP_ROOM] =
    g_param_spec_object ("room", NULL, NULL, CAU_TYPE_ROOM,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/im/causerie/Causerie/ui/cau-room-status.ui");
  gtk_widget_class_bind_template_child (widget_class, CauRoomStatus, revealer);
  gtk_widget_class_bind_template_child (widget_class, CauRoomStatus, box);
  gtk_widget_class_bind_template_child (widget_class, CauRoomStatus, spinner);
  gtk_widget_class_bind_template_child (widget_class, CauRoomStatus, label);
  gtk_widget_class_bind_template_child (widget_class, CauRoomStatus, action_box);
  gtk_widget_class_bind_template_child (widget_class, CauRoomStatus, entry);
  gtk_widget_class_bind_template_child (widget_class, CauRoomStatus, button);
  gtk_widget_class_bind_template_callback (widget_class, enter_again_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_changed_cb);
}

static void
cau_room_status_init (CauRoomStatus *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->room_signals = g_signal_group_new (CAU_TYPE_ROOM);
  g_signal_group_connect_swapped (self->room_signals, "notify::state", G_CALLBACK (update), self);
  update (self);
}

CauRoom *
cau_room_status_get_room (CauRoomStatus *self)
{
  g_return_val_if_fail (CAU_IS_ROOM_STATUS (self), NULL);
  return self->room;
}

void
cau_room_status_set_room (CauRoomStatus *self,
                          CauRoom       *room)
{
  g_return_if_fail (CAU_IS_ROOM_STATUS (self));
  g_return_if_fail (room == NULL || CAU_IS_ROOM (room));

  if (!g_set_object (&self->room, room))
    return;
  g_signal_group_set_target (self->room_signals, room);
  /* Another room: nothing typed for the last one is kept. */
  self->asks_nick = self->asks_password = FALSE;
  gtk_editable_set_text (GTK_EDITABLE (self->entry), "");
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_ROOM]);
}
