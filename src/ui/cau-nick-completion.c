/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-nick-completion.h"

#include <string.h>

/* Nicknames offered at most. */
#define MAX_OFFERED 8

struct _CauNickCompletion
{
  GtkWidget   *owner;        /* not owned: it owns us, and the popover is its child */
  GtkTextView *text_view;    /* not owned: inside `owner` */
  CauRoom     *room;
  GtkWidget   *popover;
  GtkListBox  *list;
  gboolean     inserting;
};

/* The word being typed before the cursor: `start` set to where it begins (its '@' included),
 * the prefix (without '@') returned; NULL when there is none. */
static char *
word_before_cursor (CauNickCompletion *self,
                    GtkTextIter       *start,
                    gboolean          *with_at)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkTextIter cursor;
  g_autofree char *word = NULL;

  gtk_text_buffer_get_iter_at_mark (buffer, &cursor, gtk_text_buffer_get_insert (buffer));
  *start = cursor;
  while (!gtk_text_iter_starts_line (start))
    {
      GtkTextIter before = *start;
      gunichar c;

      gtk_text_iter_backward_char (&before);
      c = gtk_text_iter_get_char (&before);
      if (g_unichar_isspace (c))
        break;
      *start = before;
      if (c == '@')
        break;
    }
  word = gtk_text_iter_get_text (start, &cursor);
  *with_at = word[0] == '@';
  return g_strdup (*with_at ? word + 1 : word);
}

static void
hide (CauNickCompletion *self)
{
  if (self->popover != NULL)
    gtk_popover_popdown (GTK_POPOVER (self->popover));
}

static void row_activated_cb (GtkListBox *list, GtkListBoxRow *row, CauNickCompletion *self);

/* Made the first time it is needed: most composers never complete a nickname. */
static void
ensure_popover (CauNickCompletion *self)
{
  if (self->popover != NULL)
    return;
  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_widget_set_name (GTK_WIDGET (self->list), "nick-completion-list");
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_BROWSE);
  g_signal_connect (self->list, "row-activated", G_CALLBACK (row_activated_cb), self);
  self->popover = gtk_popover_new ();
  gtk_widget_set_name (self->popover, "nick-completion");
  /* The text view keeps the keyboard: we are told of the keys that matter. */
  gtk_popover_set_autohide (GTK_POPOVER (self->popover), FALSE);
  gtk_popover_set_has_arrow (GTK_POPOVER (self->popover), FALSE);
  gtk_popover_set_position (GTK_POPOVER (self->popover), GTK_POS_TOP);
  gtk_widget_set_can_focus (self->popover, FALSE);
  gtk_popover_set_child (GTK_POPOVER (self->popover), GTK_WIDGET (self->list));
  gtk_widget_set_parent (self->popover, self->owner);
}

static gboolean
shown (CauNickCompletion *self)
{
  return self->popover != NULL && gtk_widget_get_visible (self->popover);
}

/* Occupants whose nickname starts with `prefix` (ignoring case), ourselves left out. */
static guint
fill (CauNickCompletion *self,
      const char        *prefix)
{
  GListModel *occupants = cau_room_get_occupants (self->room);
  g_autofree char *folded_prefix = g_utf8_casefold (prefix, -1);
  GtkWidget *child;
  guint offered = 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  for (guint i = 0; offered < MAX_OFFERED && i < g_list_model_get_n_items (occupants); i++)
    {
      g_autoptr(CauOccupant) occupant = g_list_model_get_item (occupants, i);
      g_autofree char *folded = g_utf8_casefold (cau_occupant_get_nick (occupant), -1);
      GtkWidget *label;

      if (cau_occupant_is_self (occupant) || !g_str_has_prefix (folded, folded_prefix))
        continue;
      /* A nickname is text, never markup; isolated so that its direction stays its own. */
      label = gtk_label_new (cau_occupant_get_nick (occupant));
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 30);
      g_object_set_data_full (G_OBJECT (label), "nick",
                              g_strdup (cau_occupant_get_nick (occupant)), g_free);
      gtk_list_box_append (self->list, label);
      offered++;
    }
  if (offered > 0)
    gtk_list_box_select_row (self->list, gtk_list_box_get_row_at_index (self->list, 0));
  return offered;
}

static void
take (CauNickCompletion *self,
      GtkListBoxRow     *row)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkTextIter start, cursor;
  g_autofree char *prefix = NULL;
  g_autofree char *text = NULL;
  const char *nick;
  gboolean with_at;

  if (row == NULL)
    return;
  nick = g_object_get_data (G_OBJECT (gtk_list_box_row_get_child (row)), "nick");
  prefix = word_before_cursor (self, &start, &with_at);
  gtk_text_buffer_get_iter_at_mark (buffer, &cursor, gtk_text_buffer_get_insert (buffer));
  /* At the start of the message, addressed as other clients do: "Nick: ". */
  text = gtk_text_iter_is_start (&start) ? g_strconcat (nick, ": ", NULL)
                                         : g_strconcat (nick, " ", NULL);
  self->inserting = TRUE;
  gtk_text_buffer_begin_user_action (buffer);
  gtk_text_buffer_delete (buffer, &start, &cursor);
  gtk_text_buffer_insert (buffer, &start, text, -1);
  gtk_text_buffer_end_user_action (buffer);
  self->inserting = FALSE;
  hide (self);
}

static void
row_activated_cb (GtkListBox        *list,
                  GtkListBoxRow     *row,
                  CauNickCompletion *self)
{
  take (self, row);
}

/* Offers what matches the word being typed; `explicit`: asked for with Tab, so a word without
 * '@' counts too. Returns whether something is offered. */
static gboolean
offer (CauNickCompletion *self,
       gboolean           explicit)
{
  g_autofree char *prefix = NULL;
  GtkTextIter start;
  GdkRectangle where;
  gboolean with_at;

  if (self->room == NULL)
    return FALSE;
  prefix = word_before_cursor (self, &start, &with_at);
  if (!with_at && (!explicit || *prefix == '\0'))
    {
      hide (self);
      return FALSE;
    }
  ensure_popover (self);
  if (fill (self, prefix) == 0)
    {
      hide (self);
      return FALSE;
    }
  gtk_text_view_get_iter_location (self->text_view, &start, &where);
  gtk_text_view_buffer_to_window_coords (self->text_view, GTK_TEXT_WINDOW_WIDGET, where.x,
                                         where.y, &where.x, &where.y);
  {
    double x, y;

    if (gtk_widget_translate_coordinates (GTK_WIDGET (self->text_view), self->owner, where.x,
                                          where.y, &x, &y))
      {
        where.x = (int) x;
        where.y = (int) y;
      }
  }
  gtk_popover_set_pointing_to (GTK_POPOVER (self->popover), &where);
  gtk_popover_popup (GTK_POPOVER (self->popover));
  return TRUE;
}

void
cau_nick_completion_update (CauNickCompletion *self)
{
  if (!self->inserting)
    offer (self, shown (self));
}

static void
move (CauNickCompletion *self,
      int                delta)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->list);
  int index = row != NULL ? gtk_list_box_row_get_index (row) + delta : 0;
  GtkListBoxRow *next = gtk_list_box_get_row_at_index (self->list, MAX (index, 0));

  if (next != NULL)
    gtk_list_box_select_row (self->list, next);
}

gboolean
cau_nick_completion_key_pressed (CauNickCompletion *self,
                                 guint              keyval,
                                 GdkModifierType    state)
{
  gboolean is_shown = shown (self);

  if ((state & (GDK_CONTROL_MASK | GDK_ALT_MASK)) != 0 || self->room == NULL)
    return FALSE;
  switch (keyval)
    {
    case GDK_KEY_Tab:
    case GDK_KEY_ISO_Left_Tab:
      if (is_shown)
        take (self, gtk_list_box_get_selected_row (self->list));
      else
        offer (self, TRUE);
      /* Tab never moves the focus out of a room's composer while a word is being written. */
      return is_shown || shown (self);
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_ISO_Enter:
      if (!is_shown)
        return FALSE;
      take (self, gtk_list_box_get_selected_row (self->list));
      return TRUE;
    case GDK_KEY_Up:
    case GDK_KEY_Down:
      if (!is_shown)
        return FALSE;
      move (self, keyval == GDK_KEY_Up ? -1 : 1);
      return TRUE;
    case GDK_KEY_Escape:
      if (!is_shown)
        return FALSE;
      hide (self);
      return TRUE;
    default:
      return FALSE;
    }
}

CauNickCompletion *
cau_nick_completion_new (GtkWidget   *owner,
                         GtkTextView *text_view)
{
  CauNickCompletion *self = g_new0 (CauNickCompletion, 1);

  self->owner = owner;
  self->text_view = text_view;
  return self;
}

void
cau_nick_completion_present (CauNickCompletion *self)
{
  if (shown (self))
    gtk_popover_present (GTK_POPOVER (self->popover));
}

void
cau_nick_completion_set_room (CauNickCompletion *self,
                              CauRoom           *room)
{
  hide (self);
  g_set_object (&self->room, room);
}

void
cau_nick_completion_free (CauNickCompletion *self)
{
  if (self == NULL)
    return;
  g_clear_object (&self->room);
  if (self->popover != NULL)
    gtk_widget_unparent (self->popover);
  g_free (self);
}
