/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-xmpp-message.h"
#include "cau-xmpp-roster.h"

static const char * const chat_state_names[] = {
  [CAU_XMPP_CHAT_STATE_NONE] = NULL,
  [CAU_XMPP_CHAT_STATE_ACTIVE] = "active",
  [CAU_XMPP_CHAT_STATE_COMPOSING] = "composing",
  [CAU_XMPP_CHAT_STATE_PAUSED] = "paused",
  [CAU_XMPP_CHAT_STATE_INACTIVE] = "inactive",
  [CAU_XMPP_CHAT_STATE_GONE] = "gone",
};

/**
 * cau_xmpp_message_new:
 *
 * Returns: (transfer full): an empty live message, dated now
 */
CauXmppMessage *
cau_xmpp_message_new (void)
{
  CauXmppMessage *message = g_new0 (CauXmppMessage, 1);

  message->source = CAU_XMPP_SOURCE_LIVE;
  message->chat_state = CAU_XMPP_CHAT_STATE_NONE;
  message->time_us = g_get_real_time ();
  return message;
}

/**
 * cau_xmpp_message_copy:
 * @message: a message
 *
 * Returns: (transfer full): a deep copy of @message
 */
CauXmppMessage *
cau_xmpp_message_copy (const CauXmppMessage *message)
{
  CauXmppMessage *copy;

  g_return_val_if_fail (message != NULL, NULL);

  copy = g_memdup2 (message, sizeof *message);
  copy->peer = g_strdup (message->peer);
  copy->sender = g_strdup (message->sender);
  copy->sender_resource = g_strdup (message->sender_resource);
  copy->to_resource = g_strdup (message->to_resource);
  copy->body = g_strdup (message->body);
  copy->id = g_strdup (message->id);
  copy->origin_id = g_strdup (message->origin_id);
  copy->stanza_id = g_strdup (message->stanza_id);
  copy->receipt_for = g_strdup (message->receipt_for);
  copy->displayed_for = g_strdup (message->displayed_for);
  copy->displayed_stanza_id = g_strdup (message->displayed_stanza_id);
  copy->error_text = g_strdup (message->error_text);
  copy->omemo = message->omemo != NULL ? cau_xmpp_omemo_encrypted_copy (message->omemo) : NULL;
  copy->nick = g_strdup (message->nick);
  copy->occupant_id = g_strdup (message->occupant_id);
  copy->subject = g_strdup (message->subject);
  copy->retracts = g_strdup (message->retracts);
  copy->moderator = g_strdup (message->moderator);
  copy->retract_reason = g_strdup (message->retract_reason);
  copy->replaces = g_strdup (message->replaces);
  copy->real_jid = g_strdup (message->real_jid);
  copy->omemo_other = message->omemo_other != NULL
    ? cau_xmpp_omemo_encrypted_copy (message->omemo_other) : NULL;
  return copy;
}

/**
 * cau_xmpp_message_free:
 * @message: (nullable) (transfer full): a message
 */
void
cau_xmpp_message_free (CauXmppMessage *message)
{
  if (message == NULL)
    return;

  g_free (message->peer);
  g_free (message->sender);
  g_free (message->sender_resource);
  g_free (message->to_resource);
  g_free (message->body);
  g_free (message->id);
  g_free (message->origin_id);
  g_free (message->stanza_id);
  g_free (message->receipt_for);
  g_free (message->displayed_for);
  g_free (message->displayed_stanza_id);
  g_free (message->error_text);
  g_clear_pointer (&message->omemo, cau_xmpp_omemo_encrypted_free);
  g_clear_pointer (&message->omemo_other, cau_xmpp_omemo_encrypted_free);
  g_free (message->nick);
  g_free (message->occupant_id);
  g_free (message->subject);
  g_free (message->retracts);
  g_free (message->moderator);
  g_free (message->retract_reason);
  g_free (message->replaces);
  g_free (message->real_jid);
  g_free (message);
}

/**
 * cau_xmpp_message_dedupe_id:
 * @message: a message
 *
 * The sender's own identifier of the message: its XEP-0359 origin-id,
 * else its id attribute. Together with the sender it makes a duplicate
 * (DESIGN §4); the archive's stanza-id is the other key.
 *
 * Returns: (transfer none) (nullable): the id, or %NULL if it has none
 */
const char *
cau_xmpp_message_dedupe_id (const CauXmppMessage *message)
{
  g_return_val_if_fail (message != NULL, NULL);

  if (message->origin_id != NULL && *message->origin_id != '\0')
    return message->origin_id;
  if (message->id != NULL && *message->id != '\0')
    return message->id;
  return NULL;
}

/**
 * cau_xmpp_chat_state_to_string:
 * @state: a chat state
 *
 * Returns: (transfer none) (nullable): the XEP-0085 element name, or %NULL
 *   for %CAU_XMPP_CHAT_STATE_NONE
 */
const char *
cau_xmpp_chat_state_to_string (CauXmppChatState state)
{
  if ((guint) state >= G_N_ELEMENTS (chat_state_names))
    return NULL;
  return chat_state_names[state];
}

/**
 * cau_xmpp_chat_state_from_string:
 * @name: (nullable): a XEP-0085 element name
 *
 * Returns: the chat state, %CAU_XMPP_CHAT_STATE_NONE if @name is none
 */
CauXmppChatState
cau_xmpp_chat_state_from_string (const char *name)
{
  if (name == NULL)
    return CAU_XMPP_CHAT_STATE_NONE;

  for (guint i = 0; i < G_N_ELEMENTS (chat_state_names); i++)
    {
      if (chat_state_names[i] != NULL && g_str_equal (chat_state_names[i], name))
        return (CauXmppChatState) i;
    }
  return CAU_XMPP_CHAT_STATE_NONE;
}

/**
 * cau_xmpp_roster_item_new:
 *
 * Returns: (transfer full): an item with subscription "none" and no groups
 */
CauXmppRosterItem *
cau_xmpp_roster_item_new (void)
{
  CauXmppRosterItem *item = g_new0 (CauXmppRosterItem, 1);

  item->subscription = g_strdup ("none");
  item->groups = g_new0 (char *, 1);
  return item;
}

/**
 * cau_xmpp_roster_item_copy:
 * @item: a roster item
 *
 * Returns: (transfer full): a deep copy of @item
 */
CauXmppRosterItem *
cau_xmpp_roster_item_copy (const CauXmppRosterItem *item)
{
  CauXmppRosterItem *copy;

  g_return_val_if_fail (item != NULL, NULL);

  copy = g_new0 (CauXmppRosterItem, 1);
  copy->jid = g_strdup (item->jid);
  copy->name = g_strdup (item->name);
  copy->subscription = g_strdup (item->subscription);
  copy->ask = item->ask;
  copy->groups = item->groups ? g_strdupv (item->groups) : g_new0 (char *, 1);
  return copy;
}

/**
 * cau_xmpp_roster_item_free:
 * @item: (nullable) (transfer full): a roster item
 */
void
cau_xmpp_roster_item_free (CauXmppRosterItem *item)
{
  if (item == NULL)
    return;

  g_free (item->jid);
  g_free (item->name);
  g_free (item->subscription);
  g_strfreev (item->groups);
  g_free (item);
}

/**
 * cau_xmpp_messages_newest_stanza_id:
 * @messages: (element-type CauXmppMessage): messages in the order they came
 *
 * Returns: (nullable): the archive id of the newest message that has one: how far a batch
 *   moves a catch-up cursor
 */
const char *
cau_xmpp_messages_newest_stanza_id (GPtrArray *messages)
{
  for (guint i = messages->len; i > 0; i--)
    {
      CauXmppMessage *message = g_ptr_array_index (messages, i - 1);

      if (message->stanza_id != NULL)
        return message->stanza_id;
    }
  return NULL;
}
