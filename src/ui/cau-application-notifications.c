/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-application-private.h"
#include "cau-ui-utils.h"
#include "cau-window.h"
#include "core/cau-roster.h"
#include "core/cau-room-invitation.h"

#include <glib/gi18n.h>
#include <string.h>

/* A notification shows the start of a message, not a whole letter. */
#define NOTIFICATION_BODY_CHARS 200

/*
 * A message that arrives while its conversation is not in front of the
 * person becomes a notification, one per conversation (a newer message
 * replaces the older one), withdrawn once the conversation is read. A
 * contact request becomes one too (below).
 */

static char *
notification_id (CauConversation *conversation)
{
  return g_strdup_printf ("conversation-%" G_GINT64_FORMAT, cau_conversation_get_id (conversation));
}

static gboolean
shown_in_active_window (CauApplication  *self,
                        CauConversation *conversation)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l; l = l->next)
    if (CAU_IS_WINDOW (l->data) && gtk_window_is_active (l->data) &&
        cau_window_get_shown_conversation (l->data) == conversation)
      return TRUE;
  return FALSE;
}

static void
unread_changed_cb (CauConversation *conversation,
                   GParamSpec      *pspec,
                   CauApplication  *self)
{
  gint64 id = cau_conversation_get_id (conversation);
  g_autofree char *notification = NULL;

  if (cau_conversation_get_unread (conversation) > 0)
    return;

  /* Read here (or on another device): the notification has had its day. */
  notification = notification_id (conversation);
  g_application_withdraw_notification (G_APPLICATION (self), notification);
  g_signal_handlers_disconnect_by_func (conversation, unread_changed_cb, self);
  g_hash_table_remove (self->notified, &id);
}

static char *
notification_body (CauConversation *conversation,
                   CauMessage      *message)
{
  const char *body = cau_message_get_body (message);
  g_autofree char *text = NULL;
  char *cut;

  if (body == NULL)
    return g_strdup ("");
  if (cau_message_is_action (message) && g_str_has_prefix (body, "/me "))
    text = g_strdup_printf ("* %s %s", cau_message_get_nick (message) != NULL
                                         ? cau_message_get_nick (message)
                                         : cau_conversation_get_title (conversation),
                            body + strlen ("/me "));
  else if (cau_message_get_nick (message) != NULL)
    /* TRANSLATORS: in a notification from a room: the author's nickname, then the message. */
    text = g_strdup_printf (_("%s: %s"), cau_message_get_nick (message), body);
  else
    text = g_strdup (body);

  /* Plain text: the notification body is not given as markup. */
  cut = cau_text_truncate (text, NOTIFICATION_BODY_CHARS);
  return cut ? cut : g_steal_pointer (&text);
}

static void
message_received_cb (CauApplication  *self,
                     CauConversation *conversation,
                     CauMessage      *message)
{
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *id = NULL;
  g_autofree char *body = NULL;
  gint64 conversation_id = cau_conversation_get_id (conversation);

  if (!cau_conversation_should_notify (conversation, message) ||
      shown_in_active_window (self, conversation))
    return;

  notification = g_notification_new (cau_conversation_get_title (conversation));
  body = notification_body (conversation, message);
  g_notification_set_body (notification, body);
  g_notification_set_category (notification, "im.received");
  g_notification_set_default_action_and_target_value (notification, "app.open-conversation",
                                                      g_variant_new_int64 (conversation_id));
  g_notification_add_button_with_target_value (notification, _("Mark as Read"), "app.mark-read",
                                               g_variant_new_int64 (conversation_id));

  id = notification_id (conversation);
  g_application_send_notification (G_APPLICATION (self), id, notification);

  if (!g_hash_table_contains (self->notified, &conversation_id))
    {
      g_hash_table_insert (self->notified, g_memdup2 (&conversation_id, sizeof conversation_id),
                           g_object_ref (conversation));
      g_signal_connect_object (conversation, "notify::unread", G_CALLBACK (unread_changed_cb),
                               self, 0);
    }
}

/* Contact requests: one notification each, withdrawn once answered (here
 * or elsewhere). The server hands pending requests over again at each
 * sign-in: a request still unanswered is notified once per start. */

static char *
request_notification_id (CauContact *contact)
{
  return g_strdup_printf ("request-%s-%s", cau_account_get_jid (cau_contact_get_account (contact)),
                          cau_contact_get_jid (contact));
}

static void
request_answered_cb (CauContact     *contact,
                     GParamSpec     *pspec,
                     CauApplication *self)
{
  g_autofree char *id = NULL;

  if (cau_contact_get_requested (contact))
    return;
  id = request_notification_id (contact);
  g_application_withdraw_notification (G_APPLICATION (self), id);
  g_signal_handlers_disconnect_by_func (contact, request_answered_cb, self);
}

static void
notify_request (CauApplication *self,
                CauContact     *contact)
{
  g_autoptr(GNotification) notification = g_notification_new (_("Contact Request"));
  const char *message = cau_contact_get_request_message (contact);
  g_autofree char *id = request_notification_id (contact);
  g_autofree char *body = NULL;
  g_autofree char *cut = NULL;

  /* TRANSLATORS: a contact request's notification; %s is an address */
  body = g_strdup_printf (_("%s wants to see when you are online."), cau_contact_get_jid (contact));
  if (message != NULL && *message != '\0')
    {
      /* Their words, as plain text and cut short. */
      g_autofree char *joined = g_strconcat (body, "\n“", message, "”", NULL);

      cut = cau_text_truncate (joined, NOTIFICATION_BODY_CHARS);
      g_free (body);
      body = cut ? g_steal_pointer (&cut) : g_steal_pointer (&joined);
    }
  g_notification_set_body (notification, body);
  g_notification_set_category (notification, "presence");
  g_notification_set_default_action (notification, "app.show-contacts");
  g_notification_add_button (notification, _("Show Requests"), "app.show-contacts");
  g_application_send_notification (G_APPLICATION (self), id, notification);

  g_signal_handlers_disconnect_by_func (contact, request_answered_cb, self);
  g_signal_connect_object (contact, "notify::requested", G_CALLBACK (request_answered_cb), self, 0);
}

static void
requests_changed_cb (GListModel     *requests,
                     guint           position,
                     guint           removed,
                     guint           added,
                     CauApplication *self)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(CauContact) contact = g_list_model_get_item (requests, i);

      notify_request (self, contact);
    }
}

/* Invitations to rooms: one notification each, withdrawn once answered. The ids notified are
 * kept with each account's list, to tell which went. */

static char *
invitation_notification_id (CauRoomInvitation *invitation)
{
  CauAccount *account = cau_room_invitation_get_account (invitation);

  return g_strdup_printf ("invitation-%s-%s", account ? cau_account_get_jid (account) : "",
                          cau_room_invitation_get_room (invitation));
}

static void
notify_invitation (CauApplication    *self,
                   CauRoomInvitation *invitation,
                   const char        *id)
{
  g_autoptr(GNotification) notification = g_notification_new (_("Invitation to a Room"));
  const char *reason = cau_room_invitation_get_reason (invitation);
  g_autofree char *body = NULL;
  g_autofree char *cut = NULL;

  /* TRANSLATORS: an invitation's notification: who invites, then the room's address */
  body = g_strdup_printf (_("%s invites you to room %s"),
                          cau_room_invitation_get_inviter (invitation),
                          cau_room_invitation_get_room (invitation));
  if (reason != NULL)
    {
      /* Their words, as plain text and cut short. */
      g_autofree char *joined = g_strconcat (body, "\n“", reason, "”", NULL);

      cut = cau_text_truncate (joined, NOTIFICATION_BODY_CHARS);
      g_free (body);
      body = cut ? g_steal_pointer (&cut) : g_steal_pointer (&joined);
    }
  g_notification_set_body (notification, body);
  g_notification_set_category (notification, "im");
  g_notification_set_default_action (notification, "app.show-invitations");
  g_application_send_notification (G_APPLICATION (self), id, notification);
}

static void
invitations_changed_cb (GListModel     *invitations,
                        guint           position,
                        guint           removed,
                        guint           added,
                        CauApplication *self)
{
  GHashTable *notified = g_object_get_data (G_OBJECT (invitations), "cau-notified");
  g_autoptr(GHashTable) present = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GHashTableIter iter;
  const char *id;

  for (guint i = 0; i < g_list_model_get_n_items (invitations); i++)
    {
      g_autoptr(CauRoomInvitation) invitation = g_list_model_get_item (invitations, i);
      char *item_id = invitation_notification_id (invitation);

      if (i >= position && i < position + added)
        notify_invitation (self, invitation, item_id);
      g_hash_table_add (notified, g_strdup (item_id));
      g_hash_table_add (present, item_id);
    }
  g_hash_table_iter_init (&iter, notified);
  while (g_hash_table_iter_next (&iter, (gpointer *) &id, NULL))
    if (!g_hash_table_contains (present, id))
      {
        g_application_withdraw_notification (G_APPLICATION (self), id);
        g_hash_table_iter_remove (&iter);
      }
}

/* Our invitation was declined: said once, with their words. Not kept: nothing to act on. */
static void
invitation_declined_cb (CauAccount     *account,
                        const char     *room,
                        const char     *who,
                        const char     *reason,
                        CauApplication *self)
{
  g_autoptr(GNotification) notification = g_notification_new (_("Invitation Declined"));
  g_autofree char *id = g_strconcat ("declined:", cau_account_get_jid (account), ":", room, ":",
                                     who, NULL);
  g_autofree char *body = NULL;

  /* TRANSLATORS: who declined our invitation, then the room's address */
  body = g_strdup_printf (_("%s declined your invitation to room %s"), who, room);
  if (reason != NULL)
    {
      g_autofree char *joined = g_strconcat (body, "\n“", reason, "”", NULL);
      g_autofree char *cut = cau_text_truncate (joined, NOTIFICATION_BODY_CHARS);

      g_free (body);
      body = cut ? g_steal_pointer (&cut) : g_steal_pointer (&joined);
    }
  g_notification_set_body (notification, body);
  g_notification_set_category (notification, "im");
  g_application_send_notification (G_APPLICATION (self), id, notification);
}

static void
watch_invitations (CauApplication *self,
                   CauAccount     *account)
{
  GListModel *invitations = cau_account_get_room_invitations (account);

  g_signal_connect_object (account, "invitation-declined", G_CALLBACK (invitation_declined_cb),
                           self, 0);
  g_object_set_data_full (G_OBJECT (invitations), "cau-notified",
                          g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL),
                          (GDestroyNotify) g_hash_table_unref);
  g_signal_connect_object (invitations, "items-changed", G_CALLBACK (invitations_changed_cb),
                           self, 0);
}

static void
watch_requests (CauApplication *self,
                GListModel     *accounts,
                guint           position,
                guint           added)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(CauAccount) account = g_list_model_get_item (accounts, i);

      g_signal_connect_object (cau_roster_get_requests (cau_account_get_roster (account)),
                               "items-changed", G_CALLBACK (requests_changed_cb), self, 0);
      watch_invitations (self, account);
    }
}

static void
accounts_changed_cb (GListModel     *accounts,
                     guint           position,
                     guint           removed,
                     guint           added,
                     CauApplication *self)
{
  watch_requests (self, accounts, position, added);
}

void
cau_application_watch_messages (CauApplication *self)
{
  GListModel *accounts;

  g_return_if_fail (CAU_IS_APPLICATION (self));

  if (self->manager == NULL)
    return;
  self->notified = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
  g_signal_connect_object (self->manager, "message-received", G_CALLBACK (message_received_cb),
                           self, G_CONNECT_SWAPPED);

  accounts = cau_account_manager_get_accounts (self->manager);
  g_signal_connect_object (accounts, "items-changed", G_CALLBACK (accounts_changed_cb), self, 0);
  watch_requests (self, accounts, 0, g_list_model_get_n_items (accounts));
}

void
cau_application_unwatch_messages (CauApplication *self)
{
  GHashTableIter iter;
  gpointer conversation;

  if (self->notified == NULL)
    return;
  g_hash_table_iter_init (&iter, self->notified);
  while (g_hash_table_iter_next (&iter, NULL, &conversation))
    g_signal_handlers_disconnect_by_func (conversation, unread_changed_cb, self);
  g_clear_pointer (&self->notified, g_hash_table_unref);
}

CauConversation *
cau_application_find_conversation (CauApplication *self,
                                   gint64          id)
{
  GListModel *list;

  g_return_val_if_fail (CAU_IS_APPLICATION (self), NULL);

  if (self->manager == NULL)
    return NULL;
  list = cau_account_manager_get_conversations (self->manager);
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(CauConversation) item = g_list_model_get_item (list, i);

      if (cau_conversation_get_id (item) == id)
        return item;
    }
  return NULL;
}
