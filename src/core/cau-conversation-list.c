/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-conversation-list-private.h"
#include "cau-conversation-private.h"
#include "cau-core-private.h"
#include "cau-message-private.h"

struct _CauConversationList
{
  GObject      parent_instance;

  CauDb       *db;
  GPtrArray   *accounts;   /* CauAccount * */
  GHashTable  *by_id;      /* conversation id → CauConversation * (all, archived too) */
  GPtrArray   *shown;      /* CauConversation *, in list order */
  GHashTable  *names;      /* "account-id/jid" → roster name */
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CauConversationList, cau_conversation_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  SIGNAL_INCOMING,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GType
get_item_type (GListModel *model)
{
  return CAU_TYPE_CONVERSATION;
}

static guint
get_n_items (GListModel *model)
{
  return CAU_CONVERSATION_LIST (model)->shown->len;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  CauConversationList *self = CAU_CONVERSATION_LIST (model);

  if (position >= self->shown->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->shown, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

/* Order: pinned first, then newest activity first, then id. */
static int
compare (CauConversation *a,
         CauConversation *b)
{
  gint64 ta, tb;

  if (cau_conversation_get_pinned (a) != cau_conversation_get_pinned (b))
    return cau_conversation_get_pinned (a) ? -1 : 1;
  ta = cau_conversation_get_last_activity (a);
  tb = cau_conversation_get_last_activity (b);
  if (ta != tb)
    return ta > tb ? -1 : 1;
  return cau_conversation_get_id (a) < cau_conversation_get_id (b) ? -1 : 1;
}

static void
unshow (CauConversationList *self,
        CauConversation     *conversation)
{
  guint position;

  if (g_ptr_array_find (self->shown, conversation, &position))
    {
      g_ptr_array_remove_index (self->shown, position);
      g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
    }
}

static void
place (CauConversationList *self,
       CauConversation     *conversation)
{
  guint position = 0;

  if (cau_conversation_is_archived (conversation))
    {
      unshow (self, conversation);
      return;
    }
  if (g_ptr_array_find (self->shown, conversation, &position))
    {
      gboolean before_ok = position == 0 ||
        compare (g_ptr_array_index (self->shown, position - 1), conversation) < 0;
      gboolean after_ok = position + 1 >= self->shown->len ||
        compare (conversation, g_ptr_array_index (self->shown, position + 1)) < 0;

      if (before_ok && after_ok)
        return;
      unshow (self, conversation);
    }
  for (position = 0; position < self->shown->len; position++)
    if (compare (conversation, g_ptr_array_index (self->shown, position)) < 0)
      break;
  g_ptr_array_insert (self->shown, position, conversation);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 0, 1);
}

static CauAccount *
find_account (CauConversationList *self,
              gint64               account_id)
{
  for (guint i = 0; i < self->accounts->len; i++)
    if (cau_account_get_id (g_ptr_array_index (self->accounts, i)) == account_id)
      return g_ptr_array_index (self->accounts, i);
  return NULL;
}

static char *
name_key (gint64      account_id,
          const char *jid)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT "/%s", account_id, jid);
}

static void changed_cb (CauStoreChanges *changes, gpointer user_data);

static CauConversation *
refresh (CauConversationList *self,
         gint64               id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CauDbConversation) row = cau_db_get_conversation (self->db, id, &error);
  CauConversation *conversation = g_hash_table_lookup (self->by_id, &id);
  CauAccount *account;

  if (row == NULL || (account = find_account (self, row->account_id)) == NULL)
    return NULL;

  if (conversation == NULL)
    {
      g_autofree char *key = name_key (row->account_id, row->peer);

      conversation = cau_conversation_new (account, self->db, row, changed_cb, self);
      cau_conversation_set_title (conversation, g_hash_table_lookup (self->names, key));
      g_hash_table_insert (self->by_id, g_memdup2 (&id, sizeof id), conversation);
    }
  else
    {
      cau_conversation_update (conversation, row);
    }
  place (self, conversation);
  return conversation;
}

static void
load_names (CauConversationList *self,
            CauAccount          *account)
{
  g_autoptr(GPtrArray) contacts = cau_db_list_contacts (self->db, cau_account_get_id (account),
                                                        NULL);
  GHashTableIter iter;
  gpointer value;

  for (guint i = 0; contacts != NULL && i < contacts->len; i++)
    {
      CauDbContact *contact = g_ptr_array_index (contacts, i);

      if (contact->name != NULL && *contact->name != '\0')
        g_hash_table_insert (self->names, name_key (contact->account_id, contact->jid),
                             g_strdup (contact->name));
    }

  g_hash_table_iter_init (&iter, self->by_id);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (cau_conversation_get_account (value) == account)
      {
        g_autofree char *key = name_key (cau_account_get_id (account),
                                         cau_conversation_get_peer (value));

        cau_conversation_set_title (value, g_hash_table_lookup (self->names, key));
      }
}

static void
emit_incoming (CauConversationList *self,
               CauConversation     *conversation,
               gint64               message_id)
{
  g_autoptr(CauDbMessage) row = cau_db_get_message (self->db, message_id, NULL);
  g_autoptr(CauMessage) message = NULL;

  if (row == NULL || row->outgoing)
    return;
  message = cau_message_new_from_row (row);
  g_signal_emit (self, signals[SIGNAL_INCOMING], 0, conversation, message);
}

/* The account's unread count: the sum over its conversations, archived
 * ones too (a message brings one back). */
static void
count_unread (CauConversationList *self,
              CauAccount          *account)
{
  GHashTableIter iter;
  gpointer value;
  guint unread = 0;

  g_hash_table_iter_init (&iter, self->by_id);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (cau_conversation_get_account (value) == account)
      unread += cau_conversation_get_unread (value);
  cau_account_set_unread (account, unread);
}

void
cau_conversation_list_apply (CauConversationList *self,
                             CauStoreChanges     *changes)
{
  CauAccount *account = find_account (self, changes->account_id);

  if (account == NULL)
    return;
  if (changes->roster)
    load_names (self, account);

  for (guint i = 0; i < changes->conversations->len; i++)
    refresh (self, g_array_index (changes->conversations, gint64, i));

  for (guint i = 0; i < changes->added->len; i++)
    {
      CauStoreChange *change = &g_array_index (changes->added, CauStoreChange, i);
      CauConversation *conversation = g_hash_table_lookup (self->by_id,
                                                           &change->conversation_id);

      if (conversation == NULL)
        conversation = refresh (self, change->conversation_id);
      if (conversation == NULL)
        continue;
      cau_conversation_message_added (conversation, change->message_id, change->incoming);
      if (changes->live && change->incoming)
        emit_incoming (self, conversation, change->message_id);
    }

  for (guint i = 0; i < changes->updated->len; i++)
    {
      CauStoreChange *change = &g_array_index (changes->updated, CauStoreChange, i);
      CauConversation *conversation = g_hash_table_lookup (self->by_id,
                                                           &change->conversation_id);

      if (conversation != NULL)
        cau_conversation_message_updated (conversation, change->message_id);
    }
  count_unread (self, account);
}

static void
changed_cb (CauStoreChanges *changes,
            gpointer         user_data)
{
  cau_conversation_list_apply (CAU_CONVERSATION_LIST (user_data), changes);
}

void
cau_conversation_list_add_account (CauConversationList *self,
                                   CauAccount          *account)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;

  g_ptr_array_add (self->accounts, g_object_ref (account));
  load_names (self, account);
  rows = cau_db_list_conversations (self->db, cau_account_get_id (account), &error);
  if (rows == NULL)
    {
      g_warning ("Conversations not read: %s", error->message);
      return;
    }
  for (guint i = 0; i < rows->len; i++)
    refresh (self, ((CauDbConversation *) g_ptr_array_index (rows, i))->id);
  count_unread (self, account);
}

void
cau_conversation_list_remove_account (CauConversationList *self,
                                      CauAccount          *account)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->by_id);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (cau_conversation_get_account (value) == account)
      {
        unshow (self, value);
        g_hash_table_iter_remove (&iter);
      }
  g_ptr_array_remove (self->accounts, account);
}

CauConversation *
cau_conversation_list_lookup (CauConversationList *self,
                              CauAccount          *account,
                              const char          *peer)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->by_id);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (cau_conversation_get_account (value) == account &&
        g_strcmp0 (cau_conversation_get_peer (value), peer) == 0)
      return value;
  return NULL;
}

CauConversation *
cau_conversation_list_ensure (CauConversationList  *self,
                              CauAccount           *account,
                              const char           *peer,
                              GError              **error)
{
  gint64 id = cau_db_ensure_conversation (self->db, cau_account_get_id (account), peer, error);

  if (id <= 0)
    return NULL;
  if (!cau_db_set_conversation_archived (self->db, id, FALSE, error))
    return NULL;
  return refresh (self, id);
}

static void
cau_conversation_list_finalize (GObject *object)
{
  CauConversationList *self = CAU_CONVERSATION_LIST (object);

  g_ptr_array_unref (self->shown);
  g_hash_table_unref (self->by_id);
  g_hash_table_unref (self->names);
  g_ptr_array_unref (self->accounts);
  g_clear_object (&self->db);
  G_OBJECT_CLASS (cau_conversation_list_parent_class)->finalize (object);
}

static void
cau_conversation_list_class_init (CauConversationListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cau_conversation_list_finalize;

  /**
   * CauConversationList::incoming:
   * @conversation: where it arrived
   * @message: a new message from the contact, received now (not from the
   *   archive): the UI notifies about it when it is not on screen
   */
  signals[SIGNAL_INCOMING] =
    g_signal_new ("incoming", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                  CAU_TYPE_CONVERSATION, CAU_TYPE_MESSAGE);
}

static void
cau_conversation_list_init (CauConversationList *self)
{
  self->accounts = g_ptr_array_new_with_free_func (g_object_unref);
  self->by_id = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
  self->shown = g_ptr_array_new ();
  self->names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

CauConversationList *
cau_conversation_list_new (CauDb *db)
{
  CauConversationList *self = g_object_new (CAU_TYPE_CONVERSATION_LIST, NULL);

  self->db = g_object_ref (db);
  return self;
}
