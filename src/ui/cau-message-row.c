/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-message-row.h"
#include "cau-message-text.h"
#include "cau-occupant-row.h"
#include "cau-ui-utils.h"
#include "core/cau-time.h"

#include <glib/gi18n.h>
#include <string.h>

/* Messages of one sender closer than this share one heading. */
#define GROUP_GAP_US (5 * G_TIME_SPAN_MINUTE)
/* A longer body shows its start and a "Show More" button: a long text
 * takes the screen from the conversation around it, and costs more to
 * lay out than a screen of short ones. */
#define SHORT_CHARS 500
#define SHORT_LINES 12
/* Widest a body is, in characters, before it wraps. */
#define BODY_WIDTH_CHARS 60

/*
 * One message of the history. A list view recycles rows, so a row is a
 * handful of labels and is cheap to bind again: the body is plain text
 * (never markup: it comes from the network), a /me action is italic
 * through attributes, and a row shows the day and the sender above
 * itself only when the message before is of another day or sender. A long
 * body is shortened until "Show More" is pressed; the message remembers
 * that, so the row bound to it again shows it whole.
 */
struct _CauMessageRow
{
  GtkWidget   parent_instance;

  CauMessage *message;
  char       *sender_name;
  gulong      state_handler;
  gulong      body_handler;

  /* The headings and the button are built the first time a row shows
   * one: a row is created with its body alone, and GTK styles and
   * measures every widget. */
  GtkLabel       *day_label;
  GtkLabel       *sender_label;
  /* The bubble: the body, its time and state below it. */
  CauMessageText *body_text;
  GtkButton      *more_button;
  /* Below the bubble: why one of ours was not sent, or a warning about its sender's device. */
  GtkLabel       *note_label;
  /* The message above it when the headings were last decided (0: none,
   * -1: not yet). */
  gint64          previous_id;
};

/* On a CauMessage: its body was expanded. */
static GQuark expanded_quark;

enum {
  SIGNAL_MENU_REQUESTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (CauMessageRow, cau_message_row, GTK_TYPE_WIDGET)

static const char *
state_icon_name (CauMessageState state)
{
  switch (state)
    {
    case CAU_MESSAGE_PENDING:
      return "document-open-recent-symbolic";
    case CAU_MESSAGE_SENT:
      return "object-select-symbolic";
    case CAU_MESSAGE_DELIVERED:
      return "emblem-default-symbolic";
    case CAU_MESSAGE_READ:
      return "view-reveal-symbolic";
    case CAU_MESSAGE_FAILED:
      return "dialog-error-symbolic";
    case CAU_MESSAGE_RECEIVED:
    default:
      return NULL;
    }
}

static const char *
state_label (CauMessageState state)
{
  switch (state)
    {
    case CAU_MESSAGE_PENDING:
      return _("Sending…");
    case CAU_MESSAGE_SENT:
      return _("Sent");
    case CAU_MESSAGE_DELIVERED:
      return _("Delivered");
    case CAU_MESSAGE_READ:
      return _("Read");
    case CAU_MESSAGE_FAILED:
      return _("Not sent");
    case CAU_MESSAGE_RECEIVED:
    default:
      return NULL;
    }
}

/* What the state says, for the tooltip and screen readers; NULL for a
 * received message. */
static char *
dup_state_text (CauMessage *message)
{
  CauMessageState state = cau_message_get_state (message);
  const char *error_text = cau_message_get_error_text (message);
  CauMessageCryptoError crypto_error = cau_message_get_crypto_error (message);
  /* The shared text of this one speaks of reading a message; ours was being sent. */
  const char *crypto_text = crypto_error == CAU_MESSAGE_CRYPTO_UNAVAILABLE
    ? _("Encryption is not available on this device.")
    : cau_message_crypto_error_describe (crypto_error);

  if (!cau_message_get_outgoing (message))
    return NULL;
  if (state == CAU_MESSAGE_FAILED && crypto_text != NULL)
    /* TRANSLATORS: the tooltip of a message that could not be sent; %s says why */
    return g_strdup_printf (_("Not sent: %s"), crypto_text);
  if (state == CAU_MESSAGE_FAILED && error_text != NULL && *error_text != '\0')
    /* TRANSLATORS: the tooltip of a message that could not be sent; %s says why */
    return g_strdup_printf (_("Not sent: %s"), error_text);
  return g_strdup (state_label (state));
}

/* A note below the bubble, said where it shows on a phone too (not only in a tooltip): why one
 * of ours was not sent, or that a message came from a device its owner has not trusted. */
static void
update_note (CauMessageRow *self,
             const char    *text,
             const char    *css_class)
{
  gboolean outgoing = cau_message_get_outgoing (self->message);

  if (text == NULL)
    {
      if (self->note_label != NULL)
        gtk_widget_set_visible (GTK_WIDGET (self->note_label), FALSE);
      return;
    }
  if (self->note_label == NULL)
    {
      self->note_label = GTK_LABEL (gtk_label_new (NULL));
      gtk_widget_set_name (GTK_WIDGET (self->note_label), "message-note");
      gtk_label_set_wrap (self->note_label, TRUE);
      gtk_label_set_max_width_chars (self->note_label, 50);
      gtk_widget_add_css_class (GTK_WIDGET (self->note_label), "caption");
      gtk_widget_insert_after (GTK_WIDGET (self->note_label), GTK_WIDGET (self),
                               self->more_button != NULL ? GTK_WIDGET (self->more_button)
                                                         : GTK_WIDGET (self->body_text));
    }
  gtk_label_set_xalign (self->note_label, outgoing ? 1.0 : 0.0);
  gtk_label_set_justify (self->note_label, outgoing ? GTK_JUSTIFY_RIGHT : GTK_JUSTIFY_LEFT);
  gtk_widget_set_halign (GTK_WIDGET (self->note_label), outgoing ? GTK_ALIGN_END : GTK_ALIGN_START);
  gtk_widget_remove_css_class (GTK_WIDGET (self->note_label), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->note_label), "warning");
  gtk_widget_add_css_class (GTK_WIDGET (self->note_label), css_class);
  gtk_label_set_text (self->note_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->note_label), TRUE);
}

/* The time and the state, drawn by the body below its text. */
static void
update_meta (CauMessageRow *self)
{
  g_autoptr(GDateTime) time = cau_message_dup_local_time (self->message);
  g_autofree char *short_text = NULL;
  g_autofree char *state_text = dup_state_text (self->message);
  g_autofree char *description = NULL;
  gboolean outgoing = cau_message_get_outgoing (self->message);
  CauMessageState state = cau_message_get_state (self->message);

  /* TRANSLATORS: the time of a message, see g_date_time_format() */
  short_text = time ? g_date_time_format (time, _("%H:%M")) : g_strdup ("");
  if (cau_message_get_edited (self->message) && !cau_message_get_retracted (self->message))
    {
      /* TRANSLATORS: the time of a message its author corrected */
      g_autofree char *edited = g_strdup_printf (_("%s (edited)"), short_text);

      g_free (short_text);
      short_text = g_steal_pointer (&edited);
    }
  cau_message_text_set_meta (self->body_text, short_text,
                             outgoing ? state_icon_name (state) : NULL);
  if (state_text != NULL)
    /* TRANSLATORS: how a screen reader describes a sent message: its time, its state */
    description = g_strdup_printf (C_("message time and state", "%s, %s"), short_text, state_text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->body_text),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  description ? description : short_text,
                                  -1);

  if (outgoing && state == CAU_MESSAGE_FAILED)
    gtk_widget_add_css_class (GTK_WIDGET (self), "failed");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "failed");
  if (outgoing && state == CAU_MESSAGE_FAILED)
    update_note (self, state_text, "error");
  else if (cau_message_get_untrusted (self->message))
    update_note (self, _("Sent from a device you have not trusted. Check the contact’s devices "
                         "in their profile."), "warning");
  else
    update_note (self, NULL, NULL);
}

static void
state_changed_cb (CauMessageRow *self)
{
  update_meta (self);
}

static void update_body (CauMessageRow *self);

/* Removed or corrected: the text, and the "edited" by the time. */
static void
body_changed_cb (CauMessageRow *self)
{
  update_body (self);
  update_meta (self);
}

/* The author's name above a group; in a room, the occupant's nickname in its XEP-0392
 * colour. Plain text either way: names come from the network. */
static void
update_sender_label (CauMessageRow *self)
{
  const char *nick = cau_message_get_nick (self->message);
  const char *previous = g_object_get_data (G_OBJECT (self->sender_label), "cau-hue");
  g_autofree char *class = NULL;

  gtk_label_set_text (self->sender_label, self->sender_name ? self->sender_name : "");
  if (nick != NULL && !cau_message_get_outgoing (self->message))
    class = cau_nick_hue_class (cau_occupant_colour_key (nick,
                                                         cau_message_get_occupant_id (self->message)));
  if (g_strcmp0 (previous, class) == 0)
    return;
  if (previous != NULL)
    gtk_widget_remove_css_class (GTK_WIDGET (self->sender_label), previous);
  if (class != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->sender_label), class);
  g_object_set_data_full (G_OBJECT (self->sender_label), "cau-hue", g_steal_pointer (&class),
                          g_free);
}

/* Messages of one author: in a room, of one nickname (an occupant's JID is the room's
 * with the nickname, but the nickname says it plainly), and of one person where the room
 * tells them apart (XEP-0421): someone who took a nickname another had starts a group. */
static gboolean
same_author (CauMessage *a,
             CauMessage *b)
{
  const char *a_id = cau_message_get_occupant_id (a);
  const char *b_id = cau_message_get_occupant_id (b);

  if (cau_message_get_outgoing (a) != cau_message_get_outgoing (b))
    return FALSE;
  if (cau_message_get_nick (a) != NULL || cau_message_get_nick (b) != NULL)
    return cau_message_get_outgoing (a) ||
           (g_strcmp0 (cau_message_get_nick (a), cau_message_get_nick (b)) == 0 &&
            (a_id == NULL || b_id == NULL || g_str_equal (a_id, b_id)));
  return g_strcmp0 (cau_message_get_sender (a), cau_message_get_sender (b)) == 0;
}

static gboolean
expanded (CauMessageRow *self)
{
  return g_object_get_qdata (G_OBJECT (self->message), expanded_quark) != NULL;
}

static void more_clicked_cb (CauMessageRow *self);

/* What is left of a message a moderator removed (XEP-0425): by whom and why, when the room
 * said. Names and reasons come from the network: plain text. */
static char *
dup_retraction_text (CauMessage *message)
{
  const char *by = cau_message_get_retracted_by (message);
  const char *reason = cau_message_get_retract_reason (message);

  if (by != NULL && reason != NULL)
    /* TRANSLATORS: in place of a message a room's moderator removed: their nickname, then
     * the reason they gave */
    return g_strdup_printf (_("Removed by %s: %s"), by, reason);
  if (by != NULL)
    /* TRANSLATORS: in place of a message a room's moderator removed: their nickname */
    return g_strdup_printf (_("Removed by %s"), by);
  if (reason != NULL)
    /* TRANSLATORS: in place of a message a room's moderator removed: the reason they gave */
    return g_strdup_printf (_("Removed by a moderator: %s"), reason);
  return g_strdup (_("Removed by a moderator"));
}

static void
update_body (CauMessageRow *self)
{
  const char *body = cau_message_get_body (self->message);
  CauMessageCryptoError crypto_error = cau_message_get_crypto_error (self->message);
  g_autofree char *whole = NULL;
  g_autofree char *shown = NULL;
  g_autoptr(PangoAttrList) attrs = NULL;
  gboolean long_body;

  if (body == NULL)
    body = "";
  if (cau_message_get_retracted (self->message))
    {
      whole = dup_retraction_text (self->message);
      attrs = pango_attr_list_new ();
      pango_attr_list_insert (attrs, pango_attr_style_new (PANGO_STYLE_ITALIC));
    }
  else if (!cau_message_get_outgoing (self->message) && crypto_error != CAU_MESSAGE_CRYPTO_OK)
    {
      /* An encrypted message that cannot be read: why, and from which of the sender's
       * devices (as their device pages show it), never an empty bubble. */
      guint32 device = cau_message_get_sender_device (self->message);

      if (device != 0)
        /* TRANSLATORS: why an encrypted message cannot be read, then the number of the
         * sender's device it came from */
        whole = g_strdup_printf (_("%s (Sent from device %u.)"),
                                 cau_message_crypto_error_describe (crypto_error), device);
      else
        whole = g_strdup (cau_message_crypto_error_describe (crypto_error));
      attrs = pango_attr_list_new ();
      pango_attr_list_insert (attrs, pango_attr_style_new (PANGO_STYLE_ITALIC));
    }
  else if (cau_message_is_action (self->message))
    {
      /* "/me waves" reads "* Bob waves", in italics. */
      if (g_str_has_prefix (body, "/me "))
        body += strlen ("/me ");
      whole = g_strdup_printf ("* %s %s", self->sender_name ? self->sender_name : "", body);
      attrs = pango_attr_list_new ();
      pango_attr_list_insert (attrs, pango_attr_style_new (PANGO_STYLE_ITALIC));
    }
  else
    whole = g_strdup (body);

  /* Even expanded, a body from the network is bounded on screen; copying
   * all of it gives the whole text. */
  shown = cau_text_shorten (whole, SHORT_CHARS, SHORT_LINES);
  long_body = shown != NULL;
  if (long_body && expanded (self))
    {
      g_free (shown);
      shown = cau_text_truncate (whole, CAU_MESSAGE_ROW_MAX_CHARS);
    }

  cau_message_text_set_text (self->body_text, shown ? shown : whole, attrs, whole);
  if (cau_message_get_retracted (self->message))
    gtk_widget_add_css_class (GTK_WIDGET (self->body_text), "dim-label");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->body_text), "dim-label");
  if (long_body && self->more_button == NULL)
    {
      self->more_button = GTK_BUTTON (gtk_button_new ());
      gtk_widget_set_name (GTK_WIDGET (self->more_button), "message-more");
      gtk_widget_add_css_class (GTK_WIDGET (self->more_button), "flat");
      gtk_widget_add_css_class (GTK_WIDGET (self->more_button), "message-more");
      g_signal_connect_swapped (self->more_button, "clicked", G_CALLBACK (more_clicked_cb), self);
      gtk_widget_insert_after (GTK_WIDGET (self->more_button), GTK_WIDGET (self),
                               GTK_WIDGET (self->body_text));
    }
  if (self->more_button == NULL)
    return;
  gtk_widget_set_visible (GTK_WIDGET (self->more_button), long_body);
  gtk_widget_set_halign (GTK_WIDGET (self->more_button),
                         cau_message_get_outgoing (self->message) ? GTK_ALIGN_END : GTK_ALIGN_START);
  if (long_body)
    gtk_button_set_label (self->more_button, expanded (self) ? _("Show Less") : _("Show More"));
}

static void
more_clicked_cb (CauMessageRow *self)
{
  if (self->message == NULL)
    return;
  g_object_set_qdata (G_OBJECT (self->message), expanded_quark,
                      GINT_TO_POINTER (!expanded (self)));
  update_body (self);
}

/* The full date and the state, written when the pointer asks for them:
 * set on each bind, a tooltip cost more than the rest of the row. */
static gboolean
query_tooltip_cb (CauMessageRow *self,
                  int            x,
                  int            y,
                  gboolean       keyboard_mode,
                  GtkTooltip    *tooltip)
{
  g_autoptr(GDateTime) time = NULL;
  g_autofree char *long_text = NULL;
  g_autofree char *state_text = NULL;

  if (self->message == NULL || (time = cau_message_dup_local_time (self->message)) == NULL)
    return FALSE;
  /* TRANSLATORS: the date and time of a message in its tooltip */
  long_text = g_date_time_format (time, _("%A, %B %-e, %Y, %H:%M:%S"));
  state_text = dup_state_text (self->message);
  if (state_text != NULL)
    {
      g_autofree char *both = g_strdup_printf ("%s\n%s", long_text, state_text);

      gtk_tooltip_set_text (tooltip, both);
    }
  else
    gtk_tooltip_set_text (tooltip, long_text);
  return TRUE;
}

static void
disconnect_message (CauMessageRow *self)
{
  if (self->message != NULL)
    {
      g_clear_signal_handler (&self->state_handler, self->message);
      g_clear_signal_handler (&self->body_handler, self->message);
    }
  g_clear_object (&self->message);
}

static void
cau_message_row_dispose (GObject *object)
{
  CauMessageRow *self = CAU_MESSAGE_ROW (object);
  GtkWidget *child;

  disconnect_message (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), CAU_TYPE_MESSAGE_ROW);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (cau_message_row_parent_class)->dispose (object);
}

static void
cau_message_row_finalize (GObject *object)
{
  CauMessageRow *self = CAU_MESSAGE_ROW (object);

  g_free (self->sender_name);

  G_OBJECT_CLASS (cau_message_row_parent_class)->finalize (object);
}

static void
cau_message_row_class_init (CauMessageRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cau_message_row_dispose;
  object_class->finalize = cau_message_row_finalize;

  expanded_quark = g_quark_from_static_string ("cau-message-row-expanded");
  g_type_ensure (CAU_TYPE_MESSAGE_TEXT);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "messagerow");
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/im/causerie/Causerie/ui/cau-message-row.ui");
  gtk_widget_class_bind_template_child (widget_class, CauMessageRow, body_text);

  /**
   * CauMessageRow::menu-requested:
   * @self: the row
   * @x: where, in the row's coordinates
   * @y: where, in the row's coordinates
   *
   * The message's menu was asked for: a secondary click or a long press on it.
   */
  signals[SIGNAL_MENU_REQUESTED] =
    g_signal_new ("menu-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 2, G_TYPE_DOUBLE, G_TYPE_DOUBLE);
}

/* A point of the bubble, told in the row's coordinates. */
static void
request_menu (CauMessageRow *self,
              double         x,
              double         y)
{
  double row_x = x, row_y = y;

  if (self->message == NULL)
    return;
  gtk_widget_translate_coordinates (GTK_WIDGET (self->body_text), GTK_WIDGET (self), x, y,
                                    &row_x, &row_y);
  g_signal_emit (self, signals[SIGNAL_MENU_REQUESTED], 0, row_x, row_y);
}

static void
secondary_pressed_cb (GtkGestureClick *gesture,
                      int              n_press,
                      double           x,
                      double           y,
                      CauMessageRow   *self)
{
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  request_menu (self, x, y);
}

static void
long_pressed_cb (GtkGestureLongPress *gesture,
                 double               x,
                 double               y,
                 CauMessageRow       *self)
{
  request_menu (self, x, y);
}

static void
cau_message_row_init (CauMessageRow *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));
  GtkGesture *click, *long_press;

  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);
  gtk_widget_init_template (GTK_WIDGET (self));
  self->previous_id = -1;
  cau_message_text_set_max_width_chars (self->body_text, BODY_WIDTH_CHARS);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self->body_text), TRUE);
  g_signal_connect_swapped (self->body_text, "query-tooltip", G_CALLBACK (query_tooltip_cb), self);

  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_SECONDARY);
  g_signal_connect (click, "pressed", G_CALLBACK (secondary_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->body_text), GTK_EVENT_CONTROLLER (click));
  long_press = gtk_gesture_long_press_new ();
  gtk_gesture_single_set_touch_only (GTK_GESTURE_SINGLE (long_press), TRUE);
  g_signal_connect (long_press, "pressed", G_CALLBACK (long_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->body_text), GTK_EVENT_CONTROLLER (long_press));
}

CauMessageRow *
cau_message_row_new (void)
{
  return g_object_new (CAU_TYPE_MESSAGE_ROW, NULL);
}

CauMessage *
cau_message_row_get_message (CauMessageRow *self)
{
  g_return_val_if_fail (CAU_IS_MESSAGE_ROW (self), NULL);
  return self->message;
}

void
cau_message_row_set_message (CauMessageRow *self,
                             CauMessage    *message,
                             const char    *sender_name)
{
  gboolean outgoing;

  g_return_if_fail (CAU_IS_MESSAGE_ROW (self));
  g_return_if_fail (message == NULL || CAU_IS_MESSAGE (message));

  /* GTK 4.8 binds a row again whenever its position changes, as it does
   * for every row on screen when an older page arrives above: the same
   * message costs nothing. */
  if (message != NULL && message == self->message &&
      g_strcmp0 (sender_name, self->sender_name) == 0)
    return;

  if (self->message != message)
    {
      disconnect_message (self);
      self->previous_id = -1;
      if (message != NULL)
        {
          self->message = g_object_ref (message);
          self->state_handler = g_signal_connect_swapped (message, "notify::state",
                                                          G_CALLBACK (state_changed_cb), self);
          self->body_handler = g_signal_connect_swapped (message, "notify::body",
                                                         G_CALLBACK (body_changed_cb), self);
        }
    }
  g_free (self->sender_name);
  self->sender_name = g_strdup (sender_name);

  if (message == NULL)
    return;

  outgoing = cau_message_get_outgoing (message);
  if (outgoing)
    gtk_widget_add_css_class (GTK_WIDGET (self), "outgoing");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "outgoing");
  gtk_widget_set_halign (GTK_WIDGET (self->body_text), outgoing ? GTK_ALIGN_END : GTK_ALIGN_START);
  if (self->sender_label != NULL)
    update_sender_label (self);

  update_body (self);
  update_meta (self);
}

static GtkLabel *
heading_new (const char *name,
             const char *css_class)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_widget_set_name (label, name);
  gtk_widget_add_css_class (label, css_class);
  return GTK_LABEL (label);
}

void
cau_message_row_set_previous (CauMessageRow *self,
                              CauMessage    *previous)
{
  g_autoptr(GDateTime) time = NULL;
  g_autoptr(GDateTime) previous_time = NULL;
  gboolean new_day, new_group, show_sender;

  g_return_if_fail (CAU_IS_MESSAGE_ROW (self));
  g_return_if_fail (previous == NULL || CAU_IS_MESSAGE (previous));

  if (self->message == NULL ||
      self->previous_id == (previous ? cau_message_get_id (previous) : 0))
    return;
  self->previous_id = previous ? cau_message_get_id (previous) : 0;

  time = cau_message_dup_local_time (self->message);
  if (previous != NULL)
    previous_time = cau_message_dup_local_time (previous);
  new_day = previous_time == NULL || cau_days_between (previous_time, time) != 0;
  new_group = new_day ||
              !same_author (previous, self->message) ||
              cau_message_get_time (self->message) - cau_message_get_time (previous) > GROUP_GAP_US;

  if (new_day && self->day_label == NULL)
    {
      self->day_label = heading_new ("message-day", "day-label");
      gtk_widget_set_halign (GTK_WIDGET (self->day_label), GTK_ALIGN_CENTER);
      gtk_widget_insert_after (GTK_WIDGET (self->day_label), GTK_WIDGET (self), NULL);
    }
  if (self->day_label != NULL)
    gtk_widget_set_visible (GTK_WIDGET (self->day_label), new_day);
  if (new_day)
    {
      g_autoptr(GDateTime) now = cau_date_time_new_now_local ();
      g_autofree char *day = cau_format_day (time, now);

      gtk_label_set_label (self->day_label, day);
    }

  /* Our own messages need no name: they are on their own side. */
  show_sender = new_group && !cau_message_get_outgoing (self->message);
  if (show_sender && self->sender_label == NULL)
    {
      self->sender_label = heading_new ("message-sender", "sender-label");
      gtk_widget_set_halign (GTK_WIDGET (self->sender_label), GTK_ALIGN_START);
      gtk_label_set_ellipsize (self->sender_label, PANGO_ELLIPSIZE_END);
      gtk_widget_insert_before (GTK_WIDGET (self->sender_label), GTK_WIDGET (self),
                                GTK_WIDGET (self->body_text));
    }
  if (self->sender_label != NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->sender_label), show_sender);
      if (show_sender)
        update_sender_label (self);
    }
  if (new_group)
    gtk_widget_add_css_class (GTK_WIDGET (self), "group-start");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "group-start");
}
