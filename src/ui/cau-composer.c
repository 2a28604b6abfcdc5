/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-composer.h"
#include "cau-nick-completion.h"

#include <glib/gi18n.h>

/* Without an edit for this long, the contact is told we paused (XEP-0085). */
#define PAUSED_AFTER_S 5

/*
 * Where a message is written: a text view that grows to a few lines,
 * Enter sends, Shift+Enter starts a new line. It keeps the draft of the
 * conversation it writes to and tells the contact when we type.
 */
struct _CauComposer
{
  GtkWidget        parent_instance;

  CauConversation *conversation;
  guint            paused_id;
  /* We told this conversation's contact something about our typing: the
   * state then ends as inactive when we leave. */
  gboolean         engaged;
  gboolean         loading;

  GtkScrolledWindow *scrolled;
  GtkTextView     *text_view;
  GtkTextBuffer   *buffer;
  GtkWidget       *send_button;
  GtkWidget       *emoji_button;
  GtkWidget       *placeholder;
  GtkToggleButton *encryption_button;
  gulong           encrypted_handler;
  gulong           room_state_handler;
  CauNickCompletion *completion;   /* rooms: occupants' nicknames */
  /* XEP-0308: our last message, being corrected (the text is then its correction). */
  CauMessage      *editing;
  GtkWidget       *edit_bar;
};

G_DEFINE_FINAL_TYPE (CauComposer, cau_composer, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONVERSATION,
  N_PROPS
};

enum {
  SIGNAL_SENT,
  SIGNAL_SEND_FAILED,
  N_SIGNALS
};

static GParamSpec *props[N_PROPS];
static guint signals[N_SIGNALS];

static gboolean
is_blank (const char *text)
{
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

static void
set_chat_state (CauComposer  *self,
                CauChatState  state)
{
  if (self->conversation == NULL)
    return;
  cau_conversation_set_own_chat_state (self->conversation, state);
  self->engaged = TRUE;
}

static gboolean
paused_cb (gpointer data)
{
  CauComposer *self = data;

  self->paused_id = 0;
  set_chat_state (self, CAU_CHAT_STATE_PAUSED);
  return G_SOURCE_REMOVE;
}

/*
 * Whether a message written now would go. In a room we are entering, or
 * whose account is offline, it waits in the outbox and goes once we are in
 * (the engine holds a room's messages until the room has let us in): as
 * in a one-to-one chat, and as Conversations and Dino let people write
 * while they connect. A room that refused us, or that we left, would take
 * it much later or never, unseen: there the strip above says what to do
 * first.
 */
static gboolean
can_send (CauComposer *self)
{
  CauRoom *room;

  if (self->conversation == NULL)
    return FALSE;
  room = cau_conversation_get_room (self->conversation);
  if (room == NULL)
    return TRUE;
  switch (cau_room_get_state (room))
    {
    case CAU_ROOM_JOINED:
    case CAU_ROOM_JOINING:
    case CAU_ROOM_OFFLINE:
      return TRUE;
    case CAU_ROOM_FAILED:
    case CAU_ROOM_LEFT:
    default:
      return FALSE;
    }
}

static void
update_send (CauComposer *self)
{
  g_autofree char *text = cau_composer_dup_text (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "composer.send",
                                 !is_blank (text) && can_send (self));
}

static void
buffer_changed_cb (CauComposer *self)
{
  g_autofree char *text = cau_composer_dup_text (self);
  gboolean blank = is_blank (text);

  update_send (self);
  gtk_widget_set_visible (self->placeholder, *text == '\0');
  cau_nick_completion_update (self->completion);

  /* A draft put back is not typing. */
  if (self->loading || self->conversation == NULL)
    return;

  g_clear_handle_id (&self->paused_id, g_source_remove);
  if (blank)
    {
      if (self->engaged)
        set_chat_state (self, CAU_CHAT_STATE_ACTIVE);
      return;
    }
  set_chat_state (self, CAU_CHAT_STATE_COMPOSING);
  self->paused_id = g_timeout_add_seconds (PAUSED_AFTER_S, paused_cb, self);
}

/* Leaves correction: the text was sent, or is given up. */
static void
stop_editing (CauComposer *self,
              gboolean     clear_text)
{
  if (self->editing == NULL)
    return;
  g_clear_object (&self->editing);
  gtk_widget_set_visible (self->edit_bar, FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "composer.cancel-edit", FALSE);
  if (clear_text)
    {
      self->loading = TRUE;
      gtk_text_buffer_set_text (self->buffer, "", -1);
      self->loading = FALSE;
    }
}

static void
cancel_edit_action_cb (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  CauComposer *self = CAU_COMPOSER (widget);

  stop_editing (self, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
}

/**
 * cau_composer_edit:
 * @self: the composer
 * @message: our last message in its conversation
 *
 * Starts correcting @message (XEP-0308): its text is put in the composer, and sending sends
 * the correction. Escape or the bar's button gives up. Nothing happens for a message that may
 * not be corrected.
 */
void
cau_composer_edit (CauComposer *self,
                   CauMessage  *message)
{
  g_return_if_fail (CAU_IS_COMPOSER (self));
  g_return_if_fail (CAU_IS_MESSAGE (message));

  if (self->conversation == NULL || !cau_conversation_can_correct (self->conversation, message))
    return;
  g_set_object (&self->editing, message);
  self->loading = TRUE;
  gtk_text_buffer_set_text (self->buffer, cau_message_get_body (message), -1);
  self->loading = FALSE;
  gtk_widget_set_visible (self->edit_bar, TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "composer.cancel-edit", TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
}

/* Our last message, if it may be corrected: Up in an empty composer takes it. */
static CauMessage *
dup_last_correctable (CauComposer *self)
{
  g_autoptr(CauHistory) history = NULL;
  guint n;

  if (self->conversation == NULL)
    return NULL;
  history = cau_conversation_dup_history (self->conversation);
  n = g_list_model_get_n_items (G_LIST_MODEL (history));
  for (guint i = n; i > 0; i--)
    {
      g_autoptr(CauMessage) message = g_list_model_get_item (G_LIST_MODEL (history), i - 1);

      if (cau_message_get_outgoing (message))
        return cau_conversation_can_correct (self->conversation, message)
               ? g_steal_pointer (&message) : NULL;
    }
  return NULL;
}

static void
send_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  CauComposer *self = CAU_COMPOSER (widget);
  g_autofree char *text = cau_composer_dup_text (self);
  g_autoptr(GError) error = NULL;

  if (!can_send (self) || is_blank (text))
    return;

  if (self->editing != NULL)
    {
      if (!cau_conversation_correct (self->conversation, self->editing, text, &error))
        {
          g_signal_emit (self, signals[SIGNAL_SEND_FAILED], 0, error->message);
          return;
        }
      stop_editing (self, TRUE);
      cau_conversation_set_draft (self->conversation, NULL);
      return;
    }

  if (!cau_conversation_send (self->conversation, text, &error))
    {
      g_signal_emit (self, signals[SIGNAL_SEND_FAILED], 0, error->message);
      return;
    }

  g_clear_handle_id (&self->paused_id, g_source_remove);
  self->loading = TRUE;
  gtk_text_buffer_set_text (self->buffer, "", -1);
  self->loading = FALSE;
  /* The message itself says we are active. */
  set_chat_state (self, CAU_CHAT_STATE_ACTIVE);
  cau_conversation_set_draft (self->conversation, NULL);
  g_signal_emit (self, signals[SIGNAL_SENT], 0);
}

static gboolean
key_pressed_cb (GtkEventControllerKey *keys,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                CauComposer           *self)
{
  GdkEvent *event;

  if (cau_nick_completion_key_pressed (self->completion, keyval, state))
    return GDK_EVENT_STOP;
  if (keyval == GDK_KEY_Escape && self->editing != NULL)
    {
      stop_editing (self, TRUE);
      return GDK_EVENT_STOP;
    }
  if (keyval == GDK_KEY_Up && (state & GDK_MODIFIER_MASK) == 0 &&
      gtk_text_buffer_get_char_count (self->buffer) == 0 && self->editing == NULL)
    {
      g_autoptr(CauMessage) last = dup_last_correctable (self);

      if (last == NULL)
        return GDK_EVENT_PROPAGATE;
      cau_composer_edit (self, last);
      return GDK_EVENT_STOP;
    }
  if (keyval != GDK_KEY_Return && keyval != GDK_KEY_KP_Enter && keyval != GDK_KEY_ISO_Enter)
    return GDK_EVENT_PROPAGATE;
  /* Shift+Enter (and Ctrl or Alt) make a new line. */
  if ((state & (GDK_SHIFT_MASK | GDK_CONTROL_MASK | GDK_ALT_MASK)) != 0)
    return GDK_EVENT_PROPAGATE;
  /* An input method composing text takes Enter to commit it. */
  event = gtk_event_controller_get_current_event (GTK_EVENT_CONTROLLER (keys));
  if (event != NULL && gtk_text_view_im_context_filter_keypress (self->text_view, event))
    return GDK_EVENT_STOP;

  gtk_widget_activate_action (GTK_WIDGET (self), "composer.send", NULL);
  return GDK_EVENT_STOP;
}

/* A scroll bar only once the text outgrows the few lines shown: even
 * hidden, it would make a one-line composer as tall as its own minimum. */
static void
text_height_changed_cb (CauComposer *self)
{
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (self->scrolled);
  gboolean overflows = gtk_adjustment_get_upper (adj) > gtk_adjustment_get_page_size (adj) + 1;

  gtk_scrolled_window_set_policy (self->scrolled, GTK_POLICY_NEVER,
                                  overflows ? GTK_POLICY_AUTOMATIC : GTK_POLICY_EXTERNAL);
}

static void
emoji_picked_cb (CauComposer *self,
                 const char  *text)
{
  gtk_text_buffer_insert_at_cursor (self->buffer, text, -1);
  gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
}

/* The emoji chooser builds a button for every emoji (megabytes, and
 * fallback fonts): only when first opened. */
static void
create_emoji_chooser (GtkMenuButton *button,
                      gpointer       data)
{
  CauComposer *self = CAU_COMPOSER (data);
  GtkWidget *chooser;

  if (gtk_menu_button_get_popover (button) != NULL)
    return;
  chooser = gtk_emoji_chooser_new ();
  g_signal_connect_object (chooser, "emoji-picked", G_CALLBACK (emoji_picked_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_menu_button_set_popover (button, chooser);
}

/* The lock: what the next message gets, and the way to choose. */
static void
update_encryption (CauComposer *self)
{
  gboolean encrypted = self->conversation != NULL &&
                       cau_conversation_get_encrypted (self->conversation);
  CauRoom *room = self->conversation != NULL ? cau_conversation_get_room (self->conversation)
                                             : NULL;

  /* A public channel cannot be encrypted: no lock there, which could be taken to say one way
   * or the other that it is. A private group has one, as a chat does. */
  gtk_widget_set_visible (GTK_WIDGET (self->encryption_button),
                          self->conversation != NULL &&
                          !cau_conversation_is_private_chat (self->conversation) &&
                          (room == NULL || cau_room_get_private (room)));
  self->loading = TRUE;
  gtk_toggle_button_set_active (self->encryption_button, encrypted);
  self->loading = FALSE;
  gtk_button_set_icon_name (GTK_BUTTON (self->encryption_button),
                            encrypted ? "channel-secure-symbolic" : "channel-insecure-symbolic");
  if (room != NULL)
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->encryption_button),
                                 encrypted
                                 ? _("Encrypted: only the members’ devices and yours can read "
                                     "your messages. Click to send unencrypted.")
                                 : _("Not encrypted: the room’s server and the members’ servers "
                                     "can read your messages. Click to encrypt."));
  else
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->encryption_button),
                                 encrypted
                                 ? _("Encrypted: only the contact’s devices and yours can read "
                                     "your messages. Click to send unencrypted.")
                                 : _("Not encrypted: your server and the contact’s can read your "
                                     "messages. Click to encrypt."));
  if (encrypted)
    gtk_widget_remove_css_class (GTK_WIDGET (self->encryption_button), "warning");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->encryption_button), "warning");
}

static void
encryption_toggled_cb (CauComposer *self)
{
  if (self->loading || self->conversation == NULL)
    return;
  /* An explicit choice, remembered for this conversation. */
  cau_conversation_set_encrypted (self->conversation,
                                  gtk_toggle_button_get_active (self->encryption_button));
  update_encryption (self);
}

/* Leaves the conversation: keeps the draft, ends our typing. */
static void
leave (CauComposer *self)
{
  g_autofree char *text = NULL;

  if (self->conversation == NULL)
    return;

  g_clear_signal_handler (&self->encrypted_handler, self->conversation);
  if (cau_conversation_get_room (self->conversation) != NULL)
    g_clear_signal_handler (&self->room_state_handler,
                            cau_conversation_get_room (self->conversation));
  g_clear_handle_id (&self->paused_id, g_source_remove);
  text = cau_composer_dup_text (self);
  cau_conversation_set_draft (self->conversation, is_blank (text) ? NULL : text);
  if (self->engaged)
    cau_conversation_set_own_chat_state (self->conversation, CAU_CHAT_STATE_INACTIVE);
  self->engaged = FALSE;
}

static void
cau_composer_dispose (GObject *object)
{
  CauComposer *self = CAU_COMPOSER (object);
  GtkWidget *child;

  g_clear_object (&self->editing);
  leave (self);
  g_clear_object (&self->conversation);
  g_clear_handle_id (&self->paused_id, g_source_remove);
  g_clear_pointer (&self->completion, cau_nick_completion_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), CAU_TYPE_COMPOSER);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (cau_composer_parent_class)->dispose (object);
}

static void
cau_composer_size_allocate (GtkWidget *widget,
                            int        width,
                            int        height,
                            int        baseline)
{
  CauComposer *self = CAU_COMPOSER (widget);

  GTK_WIDGET_CLASS (cau_composer_parent_class)->size_allocate (widget, width, height, baseline);
  cau_nick_completion_present (self->completion);
}

static void
cau_composer_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  CauComposer *self = CAU_COMPOSER (object);

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
cau_composer_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  CauComposer *self = CAU_COMPOSER (object);

  switch (prop_id)
    {
    case PROP_CONVERSATION:
      cau_composer_set_conversation (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static gboolean
cau_composer_grab_focus (GtkWidget *widget)
{
  CauComposer *self = CAU_COMPOSER (widget);

  return gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
}

static void
cau_composer_class_init (CauComposerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cau_composer_dispose;
  object_class->get_property = cau_composer_get_property;
  object_class->set_property = cau_composer_set_property;
  widget_class->grab_focus = cau_composer_grab_focus;

  props[PROP_CONVERSATION] =
    g_param_spec_object ("conversation", NULL, NULL, CAU_TYPE_CONVERSATION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);

  /* CauComposer::sent: a message left the composer. */
  signals[SIGNAL_SENT] =
    g_signal_new ("sent", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* CauComposer::send-failed: (message) why it was refused, translated. */
  signals[SIGNAL_SEND_FAILED] =
    g_signal_new ("send-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  widget_class->size_allocate = cau_composer_size_allocate;
  gtk_widget_class_set_css_name (widget_class, "composer");
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/im/causerie/Causerie/ui/cau-composer.ui");
  gtk_widget_class_bind_template_child (widget_class, CauComposer, scrolled);
  gtk_widget_class_bind_template_child (widget_class, CauComposer, text_view);
  gtk_widget_class_bind_template_child (widget_class, CauComposer, send_button);
  gtk_widget_class_bind_template_child (widget_class, CauComposer, emoji_button);
  gtk_widget_class_bind_template_child (widget_class, CauComposer, placeholder);
  gtk_widget_class_bind_template_child (widget_class, CauComposer, encryption_button);
  gtk_widget_class_bind_template_child (widget_class, CauComposer, edit_bar);

  gtk_widget_class_install_action (widget_class, "composer.send", NULL, send_action_cb);
  gtk_widget_class_install_action (widget_class, "composer.cancel-edit", NULL,
                                   cancel_edit_action_cb);
}

static void
cau_composer_init (CauComposer *self)
{
  GtkEventController *keys;

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_menu_button_set_create_popup_func (GTK_MENU_BUTTON (self->emoji_button),
                                         create_emoji_chooser, self, NULL);

  self->buffer = gtk_text_view_get_buffer (self->text_view);
  self->completion = cau_nick_completion_new (GTK_WIDGET (self), self->text_view);
  g_signal_connect_object (self->buffer, "changed", G_CALLBACK (buffer_changed_cb), self,
                           G_CONNECT_SWAPPED);

  g_signal_connect_object (gtk_scrolled_window_get_vadjustment (self->scrolled), "changed",
                           G_CALLBACK (text_height_changed_cb), self, G_CONNECT_SWAPPED);

  /* Before the text view's own handling, which would insert a new line. */
  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (key_pressed_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self->text_view), keys);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "composer.send", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "composer.cancel-edit", FALSE);
  g_signal_connect_object (self->encryption_button, "toggled",
                           G_CALLBACK (encryption_toggled_cb), self, G_CONNECT_SWAPPED);
  update_encryption (self);
}

CauConversation *
cau_composer_get_conversation (CauComposer *self)
{
  g_return_val_if_fail (CAU_IS_COMPOSER (self), NULL);
  return self->conversation;
}

void
cau_composer_set_conversation (CauComposer     *self,
                               CauConversation *conversation)
{
  const char *draft;

  g_return_if_fail (CAU_IS_COMPOSER (self));
  g_return_if_fail (conversation == NULL || CAU_IS_CONVERSATION (conversation));

  if (self->conversation == conversation)
    return;

  /* A correction is not a draft to keep. */
  stop_editing (self, TRUE);
  leave (self);
  g_set_object (&self->conversation, conversation);

  cau_nick_completion_set_room (self->completion,
                                conversation ? cau_conversation_get_room (conversation) : NULL);
  draft = conversation ? cau_conversation_get_draft (conversation) : NULL;
  self->loading = TRUE;
  gtk_text_buffer_set_text (self->buffer, draft ? draft : "", -1);
  self->loading = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self), conversation != NULL);
  if (conversation != NULL)
    self->encrypted_handler = g_signal_connect_object (conversation, "notify::encrypted",
                                                       G_CALLBACK (update_encryption), self,
                                                       G_CONNECT_SWAPPED);
  if (conversation != NULL && cau_conversation_get_room (conversation) != NULL)
    self->room_state_handler = g_signal_connect_object (cau_conversation_get_room (conversation),
                                                        "notify::state",
                                                        G_CALLBACK (update_send), self,
                                                        G_CONNECT_SWAPPED);
  update_encryption (self);
  update_send (self);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_CONVERSATION]);
}

char *
cau_composer_dup_text (CauComposer *self)
{
  GtkTextIter start, end;

  g_return_val_if_fail (CAU_IS_COMPOSER (self), NULL);

  gtk_text_buffer_get_bounds (self->buffer, &start, &end);
  return gtk_text_buffer_get_text (self->buffer, &start, &end, FALSE);
}

void
cau_composer_set_text (CauComposer *self,
                       const char  *text)
{
  g_return_if_fail (CAU_IS_COMPOSER (self));

  gtk_text_buffer_set_text (self->buffer, text ? text : "", -1);
}
