/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-message-menu.h"
#include "cau-reason-dialog.h"
#include "cau-ui-utils.h"

#include <glib/gi18n.h>

/*
 * A message's menu. Built when asked for, for the message as it is then (a moderator's
 * rights and the message itself change while the row stays), and gone once closed.
 */

typedef struct {
  GtkWidget  *row;       /* weak: where the menu and any refusal are shown */
  CauMessage *message;
  CauRoom    *room;      /* nullable */
} MenuContext;

static void
menu_context_free (gpointer data)
{
  MenuContext *context = data;

  g_clear_weak_pointer (&context->row);
  g_clear_object (&context->message);
  g_clear_object (&context->room);
  g_free (context);
}

static gboolean
can_copy (CauMessage *message)
{
  const char *body = cau_message_get_body (message);

  return !cau_message_get_retracted (message) && body != NULL && *body != '\0';
}

static gboolean
can_remove (CauMessage *message,
            CauRoom    *room)
{
  return room != NULL && !cau_message_get_retracted (message) &&
         cau_message_get_state (message) != CAU_MESSAGE_PENDING &&
         cau_message_get_state (message) != CAU_MESSAGE_FAILED &&
         cau_room_can_remove_messages (room);
}

static void
copy_activated_cb (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       data)
{
  MenuContext *context = data;

  if (context->row != NULL)
    gdk_clipboard_set_text (gtk_widget_get_clipboard (context->row),
                            cau_message_get_body (context->message));
}

static void
removed_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  /* The row, kept for its window's toasts. */
  g_autoptr(GtkWidget) row = data;
  g_autoptr(GError) error = NULL;

  if (!cau_room_moderate_finish (CAU_ROOM (source), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    cau_widget_add_toast (row, error->message);
}

static void
remove_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    gpointer          data)
{
  MenuContext *context = data;
  g_autofree char *reason = NULL;

  if (!g_str_equal (response, "remove") || context->row == NULL)
    return;
  reason = cau_reason_dialog_dup_reason (dialog);
  cau_room_remove_message (context->room, context->message, reason, NULL, removed_cb,
                           g_object_ref (context->row));
}

static void
remove_activated_cb (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       data)
{
  MenuContext *context = data;
  MenuContext *kept;
  AdwMessageDialog *dialog;

  if (context->row == NULL || !can_remove (context->message, context->room))
    return;
  /* The menu goes when it closes; the dialog keeps what it needs. */
  kept = g_new0 (MenuContext, 1);
  g_set_weak_pointer (&kept->row, context->row);
  kept->message = g_object_ref (context->message);
  kept->room = g_object_ref (context->room);
  dialog = cau_reason_dialog_new (context->row, "message-removal",
                                  _("Remove This Message?"),
                                  _("It will be removed for everyone in the room. Some may have "
                                    "read it already, and not every app removes it."),
                                  "remove", _("_Remove"));
  g_signal_connect_data (dialog, "response", G_CALLBACK (remove_response_cb), kept,
                         (GClosureNotify) (void (*) (void)) menu_context_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static gboolean
unparent_cb (gpointer data)
{
  GtkWidget *popover = data;

  if (gtk_widget_get_parent (popover) != NULL)
    gtk_widget_unparent (popover);
  return G_SOURCE_REMOVE;
}

/* After the menu's action ran: GTK activates the item once the popover has closed. */
static void
closed_cb (GtkPopover *popover)
{
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, unparent_cb, g_object_ref (popover),
                   g_object_unref);
}

static void
edit_activated_cb (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       data)
{
  MenuContext *context = data;

  if (context->row != NULL)
    gtk_widget_activate_action (context->row, "chat.edit-message", "x",
                                cau_message_get_id (context->message));
}

void
cau_message_menu_popup (CauMessageRow   *row,
                        CauConversation *conversation,
                        double           x,
                        double           y)
{
  CauRoom *room;
  CauMessage *message;
  gboolean can_edit;
  MenuContext *context;
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) moderation = g_menu_new ();
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
  const GActionEntry entries[] = {
    { "copy", copy_activated_cb, NULL, NULL, NULL, { 0 } },
    { "remove", remove_activated_cb, NULL, NULL, NULL, { 0 } },
    { "edit", edit_activated_cb, NULL, NULL, NULL, { 0 } },
  };
  GtkWidget *popover;

  g_return_if_fail (CAU_IS_MESSAGE_ROW (row));
  g_return_if_fail (CAU_IS_CONVERSATION (conversation));

  room = cau_conversation_get_room (conversation);
  message = cau_message_row_get_message (row);
  if (message == NULL)
    return;
  can_edit = cau_conversation_can_correct (conversation, message);
  if (can_copy (message))
    g_menu_append (menu, _("Copy Text"), "message.copy");
  if (can_edit)
    g_menu_append (menu, _("Correct…"), "message.edit");
  if (can_remove (message, room))
    g_menu_append (moderation, _("Remove for Everyone…"), "message.remove");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (moderation));
  if (!can_copy (message) && !can_edit && !can_remove (message, room))
    return;

  context = g_new0 (MenuContext, 1);
  g_set_weak_pointer (&context->row, GTK_WIDGET (row));
  context->message = g_object_ref (message);
  context->room = room != NULL ? g_object_ref (room) : NULL;
  g_action_map_add_action_entries (G_ACTION_MAP (group), entries, G_N_ELEMENTS (entries),
                                   context);

  popover = gtk_popover_menu_new_from_model (G_MENU_MODEL (menu));
  gtk_widget_set_name (popover, "message-menu");
  g_object_set_data_full (G_OBJECT (popover), "cau-menu-context", context, menu_context_free);
  gtk_widget_insert_action_group (popover, "message", G_ACTION_GROUP (group));
  gtk_widget_set_parent (popover, GTK_WIDGET (row));
  gtk_popover_set_pointing_to (GTK_POPOVER (popover),
                               &(GdkRectangle) { (int) x, (int) y, 1, 1 });
  gtk_popover_set_has_arrow (GTK_POPOVER (popover), FALSE);
  gtk_widget_set_halign (popover, GTK_ALIGN_START);
  g_signal_connect (popover, "closed", G_CALLBACK (closed_cb), NULL);
  gtk_popover_popup (GTK_POPOVER (popover));
}
