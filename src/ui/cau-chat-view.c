/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-chat-view.h"
#include "cau-avatar.h"
#include "cau-composer.h"
#include "cau-invite-dialog.h"
#include "cau-message-menu.h"
#include "cau-message-row.h"
#include "cau-occupant-list.h"
#include "cau-room-details.h"
#include "cau-room-status.h"
#include "cau-ui-utils.h"
#include "core/cau-roster.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

/* How close to the end, in pixels, still counts as "at the bottom". */
#define BOTTOM_SLACK 24
/* Most frames a scroll to the bottom follows the list while its new rows
 * are measured (it stops earlier once the height holds still). */
#define BOTTOM_MAX_FRAMES 30

/*
 * One conversation: its history in a list view (rows recycled, so a
 * history of thousands costs what the screen shows), the composer below.
 * It opens at the newest message, loads older pages when the top comes
 * near, and follows new messages only when the person is at the bottom.
 */
struct _CauChatView
{
  GtkWidget        parent_instance;

  CauConversation *conversation;
  CauHistory      *history;
  GSignalGroup    *conversation_signals;
  GSignalGroup    *history_signals;
  GSignalGroup    *model_signals;
  /* The roster of the conversation's account: whether the peer is a
   * contact, whether it is blocked. */
  GSignalGroup    *roster_signals;
  /* Rooms: its state, subject and occupants. */
  GSignalGroup    *room_signals;
  GSignalGroup    *occupants_signals;
  char            *own_name;
  gboolean         folded;
  gboolean         at_bottom;
  guint            bottom_tick_id;
  guint            bottom_frames;
  guint            bottom_still;
  double           bottom_upper;
  guint            load_tick_id;
  /* Rows GTK has let go, disposed a few at a time (see release_rows_cb). */
  GQueue           released_rows;
  guint            release_idle_id;

  AdwWindowTitle  *window_title;
  AdwAvatar       *peer_avatar;
  GSignalGroup    *contact_signals;  /* the peer, when in the roster */
  AdwToastOverlay *toast_overlay;
  GtkScrolledWindow *scrolled;
  GtkListView     *message_list;
  GtkRevealer     *loading_revealer;
  GtkRevealer     *bottom_revealer;
  CauComposer     *composer;
  GtkToggleButton *occupants_button;
  AdwFlap         *flap;
  CauOccupantList *occupant_list;
  CauRoomStatus   *room_status;
};

G_DEFINE_FINAL_TYPE (CauChatView, cau_chat_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONVERSATION,
  PROP_FOLDED,
  PROP_PINNED,
  PROP_ROOM_NOTIFY,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

/* Titles. */

static CauRoom *
room (CauChatView *self)
{
  return self->conversation ? cau_conversation_get_room (self->conversation) : NULL;
}

static void
update_title (CauChatView *self)
{
  g_autofree char *count = NULL;
  const char *title = "";
  const char *subtitle = NULL;

  if (room (self) != NULL)
    {
      const char *subject = cau_room_get_subject (room (self));
      guint n = g_list_model_get_n_items (cau_room_get_occupants (room (self)));

      title = cau_conversation_get_title (self->conversation);
      /* The subject is the room's (set by anyone allowed to): plain text in the title widget,
       * which does not parse markup. */
      if (subject != NULL && *subject != '\0')
        subtitle = subject;
      /* Out of the room, its list is empty: the strip above the messages says why. */
      else if (cau_room_get_state (room (self)) == CAU_ROOM_JOINED)
        {
          /* TRANSLATORS: under a room's name, when it has no subject */
          count = g_strdup_printf (ngettext ("%u participant", "%u participants", n), n);
          subtitle = count;
        }
    }
  else if (self->conversation != NULL)
    {
      title = cau_conversation_get_title (self->conversation);
      if (cau_conversation_get_chat_state (self->conversation) == CAU_CHAT_STATE_COMPOSING)
        subtitle = _("typing…");
      else if (g_strcmp0 (title, cau_conversation_get_peer (self->conversation)) != 0)
        subtitle = cau_conversation_get_peer (self->conversation);
    }
  adw_window_title_set_title (self->window_title, title);
  adw_window_title_set_subtitle (self->window_title, subtitle ? subtitle : "");
  adw_avatar_set_text (self->peer_avatar, title);
  /* Narrow, a room's header has one button more (its occupants): the name needs the room
   * its avatar would take. */
  gtk_widget_set_visible (GTK_WIDGET (self->peer_avatar), room (self) == NULL || !self->folded);
}

static void
update_avatar (CauChatView *self)
{
  g_autoptr(CauContact) contact = g_signal_group_dup_target (self->contact_signals);

  /* A room's avatar is square-ish: not a person. */
  if (room (self) != NULL)
    {
      cau_avatar_show_room (self->peer_avatar, room (self));
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->peer_avatar), "room-avatar");
  if (contact != NULL)
    cau_avatar_show_contact (self->peer_avatar, contact);
  else
    cau_avatar_show (self->peer_avatar, NULL,
                     self->conversation ? cau_conversation_get_peer (self->conversation) : NULL,
                     NULL);
}

/* Rows. */

static const char *
sender_name (CauChatView *self,
             CauMessage  *message)
{
  if (room (self) != NULL && cau_room_get_nick (room (self)) != NULL &&
      cau_message_get_outgoing (message))
    return cau_room_get_nick (room (self));
  if (cau_message_get_outgoing (message))
    return self->own_name;
  /* In a room, the occupant who wrote it. */
  if (cau_message_get_nick (message) != NULL)
    return cau_message_get_nick (message);
  return self->conversation ? cau_conversation_get_title (self->conversation)
                            : cau_message_get_sender (message);
}

static void
decorate (CauChatView *self,
          GtkListItem *item)
{
  CauMessageRow *row = CAU_MESSAGE_ROW (gtk_list_item_get_child (item));
  guint position = gtk_list_item_get_position (item);
  g_autoptr(CauMessage) previous = NULL;

  /* A row being let go is told its position is none: it needs no
   * heading (deciding one built a day label for each of them). */
  if (cau_message_row_get_message (row) == NULL || self->history == NULL ||
      position == GTK_INVALID_LIST_POSITION)
    return;
  if (position > 0)
    previous = g_list_model_get_item (G_LIST_MODEL (self->history), position - 1);
  cau_message_row_set_previous (row, previous);
}

/* The row of a message moves when older pages arrive above it: what is
 * above it may be another day or sender now. */
static void
position_changed_cb (GtkListItem *item,
                     GParamSpec  *pspec,
                     CauChatView *self)
{
  decorate (self, item);
}

/* Letting rows go. GTK 4.8 disposes of every row it lets go at once: going
 * back to the newest messages from far up lets all its ~205 rows go, and
 * disposing of a row (its widgets, their controllers and signal handlers)
 * costs ~0.2 ms: 40 ms in one frame. The view keeps a reference to each
 * row; once GTK has let one go, the row is disposed of after the frames,
 * a few at a time. */

#define ROWS_RELEASED_PER_IDLE 16

static gboolean
release_rows_cb (gpointer data)
{
  CauChatView *self = CAU_CHAT_VIEW (data);

  for (guint i = 0; i < ROWS_RELEASED_PER_IDLE && !g_queue_is_empty (&self->released_rows); i++)
    g_object_unref (g_queue_pop_head (&self->released_rows));
  if (!g_queue_is_empty (&self->released_rows))
    return G_SOURCE_CONTINUE;
  self->release_idle_id = 0;
  return G_SOURCE_REMOVE;
}

static void
release_all_rows (CauChatView *self)
{
  g_clear_handle_id (&self->release_idle_id, g_source_remove);
  g_queue_clear_full (&self->released_rows, g_object_unref);
}

static void
row_parent_changed_cb (GtkWidget   *row,
                       GParamSpec  *pspec,
                       CauChatView *self)
{
  if (gtk_widget_get_parent (row) != NULL)
    return;
  /* Let go by GTK: only the view's reference is left. */
  g_signal_handlers_disconnect_by_func (row, row_parent_changed_cb, self);
  g_queue_push_tail (&self->released_rows, row);
  if (self->release_idle_id == 0)
    self->release_idle_id = g_idle_add_full (G_PRIORITY_LOW, release_rows_cb, self, NULL);
}

static void
row_menu_requested_cb (CauMessageRow *row,
                       double         x,
                       double         y,
                       CauChatView   *self)
{
  if (self->conversation != NULL)
    cau_message_menu_popup (row, self->conversation, x, y);
}

/* XEP-0308: the message's menu asks to correct message `parameter` (its id). */
static void
edit_message_action_cb (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  CauChatView *self = CAU_CHAT_VIEW (widget);
  gint64 id = g_variant_get_int64 (parameter);
  guint n;

  if (self->history == NULL)
    return;
  /* Only our last message may be corrected: it is near the end. */
  n = g_list_model_get_n_items (G_LIST_MODEL (self->history));
  for (guint i = n; i > 0; i--)
    {
      g_autoptr(CauMessage) message = g_list_model_get_item (G_LIST_MODEL (self->history), i - 1);

      if (cau_message_get_id (message) == id)
        {
          cau_composer_edit (self->composer, message);
          return;
        }
    }
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              CauChatView              *self)
{
  GtkWidget *row = g_object_ref_sink (GTK_WIDGET (cau_message_row_new ()));

  gtk_list_item_set_child (item, row);
  g_signal_connect (row, "notify::parent", G_CALLBACK (row_parent_changed_cb), self);
  g_signal_connect (row, "menu-requested", G_CALLBACK (row_menu_requested_cb), self);
  gtk_list_item_set_activatable (item, FALSE);
  gtk_list_item_set_selectable (item, FALSE);
  g_signal_connect_object (item, "notify::position", G_CALLBACK (position_changed_cb), self, 0);
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             CauChatView              *self)
{
  CauMessage *message = gtk_list_item_get_item (item);
  /* Rows are not unbound: GTK 4.8 unbinds and binds a row again each time
   * its position changes, and a row that keeps its message can tell that
   * nothing changed (a row bound to another message lets the old go). */
  GtkWidget *row = gtk_list_item_get_child (item);

  cau_message_row_set_message (CAU_MESSAGE_ROW (row), message, sender_name (self, message));
  /* In a room, what is said to us stands out. */
  if (room (self) != NULL && !cau_message_get_outgoing (message) &&
      cau_room_mentions_us (room (self), cau_message_get_body (message)))
    gtk_widget_add_css_class (row, "mention");
  else
    gtk_widget_remove_css_class (row, "mention");
  decorate (self, item);
}

/* Scrolling. */

static GtkAdjustment *
vadjustment (CauChatView *self)
{
  return gtk_scrolled_window_get_vadjustment (self->scrolled);
}

/* At the end of the list, and the list ends at the newest message. */
static gboolean
adjustment_at_bottom (CauChatView *self)
{
  GtkAdjustment *adj = vadjustment (self);

  if (self->history != NULL && cau_history_get_has_newer (self->history))
    return FALSE;
  return gtk_adjustment_get_value (adj) + gtk_adjustment_get_page_size (adj) >=
         gtk_adjustment_get_upper (adj) - BOTTOM_SLACK;
}

static void
stop_following (CauChatView *self)
{
  if (self->bottom_tick_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self->scrolled), self->bottom_tick_id);
  self->bottom_tick_id = 0;
}

/* New rows come with estimated heights; once built and measured they move
 * the end. Until the height holds still, the view follows the end. */
static gboolean
bottom_tick_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       data)
{
  CauChatView *self = CAU_CHAT_VIEW (data);
  GtkAdjustment *adj = vadjustment (self);
  double upper = gtk_adjustment_get_upper (adj);

  if (!self->at_bottom || ++self->bottom_frames > BOTTOM_MAX_FRAMES ||
      self->history == NULL || !gtk_widget_get_mapped (GTK_WIDGET (self->message_list)))
    {
      self->bottom_tick_id = 0;
      return G_SOURCE_REMOVE;
    }

  gtk_adjustment_set_value (adj, upper - gtk_adjustment_get_page_size (adj));
  if (upper != self->bottom_upper)
    {
      self->bottom_upper = upper;
      self->bottom_still = 0;
    }
  else if (++self->bottom_still >= 2)
    {
      self->bottom_tick_id = 0;
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

/* A person scrolling up stops the view from following the end. */
static gboolean
scrolled_cb (CauChatView *self,
             double       dx,
             double       dy)
{
  if (dy < 0)
    {
      stop_following (self);
      self->at_bottom = adjustment_at_bottom (self);
    }
  return GDK_EVENT_PROPAGATE;
}

static void
scroll_to_bottom (CauChatView *self)
{
  guint n;

  if (self->history == NULL)
    return;
  /* Far up a long history, the newest messages were let go. */
  cau_history_reload_newest (self->history);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->history));
  self->at_bottom = TRUE;
  gtk_revealer_set_reveal_child (self->bottom_revealer, FALSE);
  if (n == 0)
    return;

  /* Hidden, the list has no rows to scroll among: it scrolls when shown. */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;
  /* The list view knows where its last row is, not the adjustment: row
   * heights are estimated until the rows are built. Scrolled to, the last
   * row becomes the list's anchor, its end kept at the bottom while the
   * rows around it are measured. */
  gtk_widget_activate_action (GTK_WIDGET (self->message_list), "list.scroll-to-item", "u", n - 1);
  self->bottom_frames = 0;
  self->bottom_still = 0;
  self->bottom_upper = -1;
  if (self->bottom_tick_id == 0)
    self->bottom_tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self->scrolled),
                                                         bottom_tick_cb, self, NULL);
}

/* A page is loaded at the start of a frame, at most one per frame: its
 * rows are bound as it is added, then measured and drawn in that frame.
 * Pages added between frames would all be measured in the next one, and
 * GTK 4.8 binds a row for every message within some hundred of the
 * anchor row: a frame's work grows with what it adds. */
static gboolean
load_pages_cb (GtkWidget     *widget,
               GdkFrameClock *clock,
               gpointer       data)
{
  CauChatView *self = CAU_CHAT_VIEW (data);
  GtkAdjustment *adj = vadjustment (self);
  double value = gtk_adjustment_get_value (adj);
  double page = gtk_adjustment_get_page_size (adj);

  self->load_tick_id = 0;
  if (self->history == NULL)
    return G_SOURCE_REMOVE;
  /* Within a page of the top (or a history shorter than the view). */
  if (value < page && !cau_history_get_loading (self->history) &&
      !cau_history_get_complete (self->history))
    cau_history_load_older (self->history);
  /* Within a page of the end, when the newest messages were let go. */
  else if (value + 2 * page > gtk_adjustment_get_upper (adj) &&
           cau_history_get_has_newer (self->history))
    cau_history_load_newer (self->history);
  return G_SOURCE_REMOVE;
}

static void
check_load_pages (CauChatView *self)
{
  if (self->load_tick_id == 0 && self->history != NULL &&
      gtk_widget_get_mapped (GTK_WIDGET (self)))
    self->load_tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self->scrolled),
                                                       load_pages_cb, self, NULL);
}

static void
stop_loading_pages (CauChatView *self)
{
  if (self->load_tick_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self->scrolled), self->load_tick_id);
  self->load_tick_id = 0;
}

static void
value_changed_cb (CauChatView *self)
{
  /* While following the end, the moves are ours or the list's. */
  if (self->bottom_tick_id == 0)
    self->at_bottom = adjustment_at_bottom (self);
  gtk_revealer_set_reveal_child (self->bottom_revealer, !self->at_bottom);
  check_load_pages (self);
}

static void
history_items_changed_cb (CauChatView *self,
                          guint        position,
                          guint        removed,
                          guint        added)
{
  guint n;

  if (self->history == NULL)
    return;
  n = g_list_model_get_n_items (G_LIST_MODEL (self->history));
  /* New at the end: follow them only if the person was following. */
  if (added > 0 && position + added == n && self->at_bottom)
    scroll_to_bottom (self);
  check_load_pages (self);
}

static void
loading_changed_cb (CauChatView *self)
{
  gboolean loading = self->history != NULL && cau_history_get_loading (self->history);

  gtk_revealer_set_reveal_child (self->loading_revealer, loading);
  /* A spinning spinner animates even inside a closed revealer, and then
   * the window redraws 60 times a second for nothing: it spins only while
   * something loads. */
  gtk_spinner_set_spinning (GTK_SPINNER (gtk_revealer_get_child (self->loading_revealer)), loading);
}

/* Actions. */

static void
close_action_cb (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  CauChatView *self = CAU_CHAT_VIEW (widget);

  /* The conversation leaves the list; the window sees it go. */
  if (self->conversation != NULL)
    cau_conversation_archive (self->conversation);
}

static void
scroll_to_bottom_action_cb (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  scroll_to_bottom (CAU_CHAT_VIEW (widget));
}

static void
send_failed_cb (CauChatView *self,
                const char  *message)
{
  adw_toast_overlay_add_toast (self->toast_overlay, cau_toast_new (message));
}

static void
sent_cb (CauChatView *self)
{
  scroll_to_bottom (self);
}

static void
pinned_changed_cb (CauChatView *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_PINNED]);
}

static CauRoster *
roster (CauChatView *self)
{
  /* A room is no one's contact, nor an occupant met there. */
  if (self->conversation == NULL || room (self) != NULL ||
      cau_conversation_is_private_chat (self->conversation))
    return NULL;
  return cau_account_get_roster (cau_conversation_get_account (self->conversation));
}

static void
update_actions (CauChatView *self)
{
  CauRoster *list = roster (self);
  const char *peer = self->conversation ? cau_conversation_get_peer (self->conversation) : NULL;
  CauContact *contact = list ? cau_roster_lookup (list, peer) : NULL;
  gboolean in_roster = contact != NULL && cau_contact_get_in_roster (contact);
  gboolean blocked = list != NULL && cau_roster_is_blocked (list, peer);

  g_autoptr(CauContact) shown = g_signal_group_dup_target (self->contact_signals);

  if (shown != contact)
    {
      g_signal_group_set_target (self->contact_signals, contact);
      update_avatar (self);
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "chat.close", self->conversation != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "chat.pin", self->conversation != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "chat.contact-details", in_roster);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "chat.add-contact",
                                 list != NULL && !in_roster);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "chat.block", list != NULL && !blocked);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "chat.unblock", list != NULL && blocked);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "chat.room-details", room (self) != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "chat.leave-room",
                                 room (self) != NULL &&
                                 cau_room_get_state (room (self)) != CAU_ROOM_LEFT);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "chat.room-notify", room (self) != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "chat.invite",
                                 room (self) != NULL &&
                                 cau_room_get_state (room (self)) != CAU_ROOM_LEFT);
}

/* Like a flap that is not locked: the occupants hide when the window narrows (they would
 * cover the messages) and come back beside them when it widens, in rooms only. */
static void
flap_folded_cb (CauChatView *self)
{
  gtk_toggle_button_set_active (self->occupants_button,
                                room (self) != NULL && !adw_flap_get_folded (self->flap));
}

static void
leave_room_action_cb (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  CauChatView *self = CAU_CHAT_VIEW (widget);

  /* The conversation stays, with the way back in above its messages. */
  if (room (self) != NULL)
    cau_room_leave (room (self));
}

/* Inviting to the room (XEP-0249): the dialog tells how it went once it closed. */
static void
invited_cb (CauChatView *self,
            const char  *jid)
{
  g_autofree char *text = NULL;

  /* TRANSLATORS: a toast; %s is an address */
  text = g_strdup_printf (_("Invitation sent to %s."), jid);
  adw_toast_overlay_add_toast (self->toast_overlay, cau_toast_new (text));
}

static void
invite_failed_cb (CauChatView *self,
                  const char  *message)
{
  adw_toast_overlay_add_toast (self->toast_overlay, cau_toast_new (message));
}

static void
invite_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  CauChatView *self = CAU_CHAT_VIEW (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  CauAccount *account;
  CauInviteDialog *dialog;

  if (room (self) == NULL)
    return;
  account = cau_conversation_get_account (self->conversation);
  dialog = cau_invite_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, room (self),
                                  account != NULL ? cau_account_get_roster (account) : NULL);
  g_signal_connect_object (dialog, "invited", G_CALLBACK (invited_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog, "failed", G_CALLBACK (invite_failed_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The window has the contact's dialogs. */
static void
room_details_action_cb (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  CauChatView *self = CAU_CHAT_VIEW (widget);
  GtkRoot *root = gtk_widget_get_root (widget);

  if (room (self) != NULL)
    gtk_window_present (GTK_WINDOW (cau_room_details_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root)
                                                                               : NULL,
                                                          room (self))));
}

static void
contact_action_cb (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  CauChatView *self = CAU_CHAT_VIEW (widget);
  CauAccount *account;

  if (self->conversation == NULL)
    return;
  account = cau_conversation_get_account (self->conversation);
  gtk_widget_activate_action (widget,
                              g_str_equal (action_name, "chat.add-contact")
                                ? "win.add-contact-address" : "win.show-contact",
                              "(ss)", cau_account_get_jid (account),
                              cau_conversation_get_peer (self->conversation));
}

static void
block_action_cb (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  CauChatView *self = CAU_CHAT_VIEW (widget);
  g_autoptr(GError) error = NULL;
  const char *peer;
  gboolean done;

  if (self->conversation == NULL)
    return;
  peer = cau_conversation_get_peer (self->conversation);
  if (g_str_equal (action_name, "chat.block"))
    done = cau_roster_block (roster (self), peer, &error);
  else
    done = cau_roster_unblock (roster (self), peer, &error);
  if (!done)
    {
      CauAccount *account = cau_conversation_get_account (self->conversation);
      g_autofree char *message = cau_contact_error_message (account, error);

      adw_toast_overlay_add_toast (self->toast_overlay, cau_toast_new (message));
    }
}

/* Life cycle. */

static void
cau_chat_view_map (GtkWidget *widget)
{
  CauChatView *self = CAU_CHAT_VIEW (widget);

  GTK_WIDGET_CLASS (cau_chat_view_parent_class)->map (widget);
  if (self->at_bottom)
    scroll_to_bottom (self);
  check_load_pages (self);
}

static void
cau_chat_view_unmap (GtkWidget *widget)
{
  stop_following (CAU_CHAT_VIEW (widget));
  stop_loading_pages (CAU_CHAT_VIEW (widget));
  GTK_WIDGET_CLASS (cau_chat_view_parent_class)->unmap (widget);
}

static void
cau_chat_view_dispose (GObject *object)
{
  CauChatView *self = CAU_CHAT_VIEW (object);
  GtkWidget *child;

  if (self->scrolled != NULL)
    {
      stop_following (self);
      stop_loading_pages (self);
    }
  if (self->message_list != NULL)
    gtk_list_view_set_model (self->message_list, NULL);
  if (self->composer != NULL)
    cau_composer_set_conversation (self->composer, NULL);
  g_clear_object (&self->conversation_signals);
  g_clear_object (&self->history_signals);
  g_clear_object (&self->model_signals);
  g_clear_object (&self->roster_signals);
  g_clear_object (&self->contact_signals);
  g_clear_object (&self->room_signals);
  g_clear_object (&self->occupants_signals);
  g_clear_object (&self->history);
  g_clear_object (&self->conversation);
  gtk_widget_dispose_template (GTK_WIDGET (self), CAU_TYPE_CHAT_VIEW);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  release_all_rows (self);

  G_OBJECT_CLASS (cau_chat_view_parent_class)->dispose (object);
}

static void
cau_chat_view_finalize (GObject *object)
{
  CauChatView *self = CAU_CHAT_VIEW (object);

  g_free (self->own_name);

  G_OBJECT_CLASS (cau_chat_view_parent_class)->finalize (object);
}

/* The room's notification choice, as the menu's radio items name it (CauRoomNotify order). */
static const char * const room_notify_names[] = { "default", "all", "mentions", "none" };

static void
room_notify_changed_cb (CauChatView *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_ROOM_NOTIFY]);
}

static void
cau_chat_view_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  CauChatView *self = CAU_CHAT_VIEW (object);

  switch (prop_id)
    {
    case PROP_CONVERSATION:
      g_value_set_object (value, self->conversation);
      break;
    case PROP_FOLDED:
      g_value_set_boolean (value, self->folded);
      break;
    case PROP_PINNED:
      g_value_set_boolean (value, self->conversation != NULL &&
                                  cau_conversation_get_pinned (self->conversation));
      break;
    case PROP_ROOM_NOTIFY:
      g_value_set_string (value, room_notify_names[room (self) != NULL
                                                     ? cau_room_get_notify (room (self))
                                                     : CAU_ROOM_NOTIFY_DEFAULT]);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cau_chat_view_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  CauChatView *self = CAU_CHAT_VIEW (object);

  switch (prop_id)
    {
    case PROP_CONVERSATION:
      cau_chat_view_set_conversation (self, g_value_get_object (value));
      break;
    case PROP_FOLDED:
      cau_chat_view_set_folded (self, g_value_get_boolean (value));
      break;
    case PROP_PINNED:
      /* The conversation says when it changed, and the list moves it. */
      if (self->conversation != NULL)
        cau_conversation_set_pinned (self->conversation, g_value_get_boolean (value));
      break;
    case PROP_ROOM_NOTIFY:
      for (guint i = 0; room (self) != NULL && i < G_N_ELEMENTS (room_notify_names); i++)
        if (g_strcmp0 (g_value_get_string (value), room_notify_names[i]) == 0)
          cau_room_set_notify (room (self), (CauRoomNotify) i);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cau_chat_view_class_init (CauChatViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cau_chat_view_dispose;
  object_class->finalize = cau_chat_view_finalize;
  object_class->get_property = cau_chat_view_get_property;
  object_class->set_property = cau_chat_view_set_property;
  widget_class->map = cau_chat_view_map;
  widget_class->unmap = cau_chat_view_unmap;

  props[PROP_CONVERSATION] =
    g_param_spec_object ("conversation", NULL, NULL, CAU_TYPE_CONVERSATION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  props[PROP_FOLDED] =
    g_param_spec_boolean ("folded", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The conversation's, as a property so that the menu shows a check. */
  props[PROP_ROOM_NOTIFY] =
    g_param_spec_string ("room-notify", NULL, NULL, "default",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  props[PROP_PINNED] =
    g_param_spec_boolean ("pinned", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);

  g_type_ensure (CAU_TYPE_COMPOSER);
  g_type_ensure (CAU_TYPE_OCCUPANT_LIST);
  g_type_ensure (CAU_TYPE_ROOM_STATUS);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/im/causerie/Causerie/ui/cau-chat-view.ui");
  gtk_widget_class_bind_template_child (widget_class, CauChatView, window_title);
  gtk_widget_class_bind_template_child (widget_class, CauChatView, peer_avatar);
  gtk_widget_class_bind_template_child (widget_class, CauChatView, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CauChatView, scrolled);
  gtk_widget_class_bind_template_child (widget_class, CauChatView, message_list);
  gtk_widget_class_bind_template_child (widget_class, CauChatView, loading_revealer);
  gtk_widget_class_bind_template_child (widget_class, CauChatView, bottom_revealer);
  gtk_widget_class_bind_template_child (widget_class, CauChatView, composer);
  gtk_widget_class_bind_template_child (widget_class, CauChatView, occupants_button);
  gtk_widget_class_bind_template_child (widget_class, CauChatView, flap);
  gtk_widget_class_bind_template_child (widget_class, CauChatView, occupant_list);
  gtk_widget_class_bind_template_child (widget_class, CauChatView, room_status);
  gtk_widget_class_bind_template_callback (widget_class, send_failed_cb);
  gtk_widget_class_bind_template_callback (widget_class, sent_cb);

  gtk_widget_class_install_property_action (widget_class, "chat.pin", "pinned");
  gtk_widget_class_install_property_action (widget_class, "chat.room-notify", "room-notify");
  gtk_widget_class_install_action (widget_class, "chat.close", NULL, close_action_cb);
  gtk_widget_class_install_action (widget_class, "chat.contact-details", NULL, contact_action_cb);
  gtk_widget_class_install_action (widget_class, "chat.add-contact", NULL, contact_action_cb);
  gtk_widget_class_install_action (widget_class, "chat.block", NULL, block_action_cb);
  gtk_widget_class_install_action (widget_class, "chat.unblock", NULL, block_action_cb);
  gtk_widget_class_install_action (widget_class, "chat.leave-room", NULL, leave_room_action_cb);
  gtk_widget_class_install_action (widget_class, "chat.room-details", NULL,
                                   room_details_action_cb);
  gtk_widget_class_install_action (widget_class, "chat.invite", NULL, invite_action_cb);
  gtk_widget_class_install_action (widget_class, "chat.edit-message", "x",
                                   edit_message_action_cb);
  gtk_widget_class_install_action (widget_class, "chat.scroll-to-bottom", NULL,
                                   scroll_to_bottom_action_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_End, GDK_CONTROL_MASK,
                                       "chat.scroll-to-bottom", NULL);
}

static void
cau_chat_view_init (CauChatView *self)
{
  GtkListItemFactory *factory;
  GtkEventController *scroll;

  gtk_widget_init_template (GTK_WIDGET (self));

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect_object (factory, "setup", G_CALLBACK (setup_row_cb), self, 0);
  g_signal_connect_object (factory, "bind", G_CALLBACK (bind_row_cb), self, 0);
  gtk_list_view_set_factory (self->message_list, factory);
  g_object_unref (factory);

  g_signal_connect_object (vadjustment (self), "value-changed", G_CALLBACK (value_changed_cb),
                           self, G_CONNECT_SWAPPED);
  scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  gtk_event_controller_set_propagation_phase (scroll, GTK_PHASE_CAPTURE);
  g_signal_connect_object (scroll, "scroll", G_CALLBACK (scrolled_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->scrolled), scroll);

  self->conversation_signals = g_signal_group_new (CAU_TYPE_CONVERSATION);
  g_signal_group_connect_swapped (self->conversation_signals, "notify::title",
                                  G_CALLBACK (update_title), self);
  g_signal_group_connect_swapped (self->conversation_signals, "notify::chat-state",
                                  G_CALLBACK (update_title), self);
  g_signal_group_connect_swapped (self->conversation_signals, "notify::pinned",
                                  G_CALLBACK (pinned_changed_cb), self);

  self->history_signals = g_signal_group_new (CAU_TYPE_HISTORY);
  g_signal_group_connect_swapped (self->history_signals, "notify::loading",
                                  G_CALLBACK (loading_changed_cb), self);

  /* On the list's model, so the list view has its rows before we scroll. */
  self->model_signals = g_signal_group_new (G_TYPE_LIST_MODEL);
  g_signal_group_connect_swapped (self->model_signals, "items-changed",
                                  G_CALLBACK (history_items_changed_cb), self);

  self->contact_signals = g_signal_group_new (CAU_TYPE_CONTACT);
  g_signal_group_connect_swapped (self->contact_signals, "notify::avatar-hash",
                                  G_CALLBACK (update_avatar), self);

  self->roster_signals = g_signal_group_new (CAU_TYPE_ROSTER);
  g_signal_group_connect_swapped (self->roster_signals, "items-changed",
                                  G_CALLBACK (update_actions), self);
  g_signal_group_connect_swapped (self->roster_signals, "notify::blocked",
                                  G_CALLBACK (update_actions), self);

  self->room_signals = g_signal_group_new (CAU_TYPE_ROOM);
  g_signal_group_connect_swapped (self->room_signals, "notify::subject",
                                  G_CALLBACK (update_title), self);
  g_signal_group_connect_swapped (self->room_signals, "notify::avatar-hash",
                                  G_CALLBACK (update_avatar), self);
  g_signal_group_connect_swapped (self->room_signals, "notify::notify",
                                  G_CALLBACK (room_notify_changed_cb), self);
  g_signal_group_connect_swapped (self->room_signals, "notify::state",
                                  G_CALLBACK (update_actions), self);
  g_signal_group_connect_swapped (self->room_signals, "notify::state",
                                  G_CALLBACK (update_title), self);
  self->occupants_signals = g_signal_group_new (G_TYPE_LIST_MODEL);
  g_signal_group_connect_swapped (self->occupants_signals, "items-changed",
                                  G_CALLBACK (update_title), self);

  /* The occupants beside the messages when there is room, over them when narrow (the flap
   * folds, and a click on the messages closes it). */
  g_object_bind_property (self->occupants_button, "active", self->flap, "reveal-flap",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_signal_connect_object (self->flap, "notify::folded", G_CALLBACK (flap_folded_cb), self,
                           G_CONNECT_SWAPPED);

  self->at_bottom = TRUE;
  update_actions (self);
}

CauConversation *
cau_chat_view_get_conversation (CauChatView *self)
{
  g_return_val_if_fail (CAU_IS_CHAT_VIEW (self), NULL);
  return self->conversation;
}

gboolean
cau_chat_view_get_folded (CauChatView *self)
{
  g_return_val_if_fail (CAU_IS_CHAT_VIEW (self), FALSE);
  return self->folded;
}

void
cau_chat_view_set_conversation (CauChatView     *self,
                                CauConversation *conversation)
{
  g_autoptr(GtkNoSelection) selection = NULL;
  const char *jid;

  g_return_if_fail (CAU_IS_CHAT_VIEW (self));
  g_return_if_fail (conversation == NULL || CAU_IS_CONVERSATION (conversation));

  if (self->conversation == conversation)
    return;

  /* The composer keeps the draft of the one we leave. */
  cau_composer_set_conversation (self->composer, conversation);

  stop_following (self);
  stop_loading_pages (self);
  g_signal_group_set_target (self->model_signals, NULL);
  gtk_list_view_set_model (self->message_list, NULL);
  g_signal_group_set_target (self->history_signals, NULL);
  g_clear_object (&self->history);
  g_set_object (&self->conversation, conversation);
  g_signal_group_set_target (self->conversation_signals, conversation);
  g_signal_group_set_target (self->roster_signals, roster (self));
  g_signal_group_set_target (self->room_signals, room (self));
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_ROOM_NOTIFY]);
  g_signal_group_set_target (self->occupants_signals,
                             room (self) ? cau_room_get_occupants (room (self)) : NULL);
  cau_room_status_set_room (self->room_status, room (self));
  cau_occupant_list_set_room (self->occupant_list, room (self));
  gtk_widget_set_visible (GTK_WIDGET (self->occupants_button), room (self) != NULL);
  /* A room opens with its occupants beside it on a wide window; narrow, they wait to be
   * asked for. */
  flap_folded_cb (self);

  g_clear_pointer (&self->own_name, g_free);
  if (conversation != NULL)
    {
      const char *at;

      /* Our name in "/me" lines: the local part of our address. */
      jid = cau_account_get_jid (cau_conversation_get_account (conversation));
      at = strchr (jid, '@');
      self->own_name = at ? g_strndup (jid, at - jid) : g_strdup (jid);

      self->history = cau_conversation_dup_history (conversation);
      g_signal_group_set_target (self->history_signals, self->history);
      selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->history)));
      gtk_list_view_set_model (self->message_list, GTK_SELECTION_MODEL (selection));
      g_signal_group_set_target (self->model_signals, selection);
    }

  update_title (self);
  update_actions (self);
  update_avatar (self);
  loading_changed_cb (self);
  scroll_to_bottom (self);
  check_load_pages (self);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_CONVERSATION]);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_PINNED]);
}

void
cau_chat_view_set_folded (CauChatView *self,
                          gboolean     folded)
{
  g_return_if_fail (CAU_IS_CHAT_VIEW (self));

  folded = !!folded;
  if (self->folded == folded)
    return;
  self->folded = folded;
  update_title (self);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_FOLDED]);
}

void
cau_chat_view_focus_composer (CauChatView *self)
{
  g_return_if_fail (CAU_IS_CHAT_VIEW (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->composer));
}
