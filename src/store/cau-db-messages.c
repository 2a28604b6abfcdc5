/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */

/* Messages (cau-db-messages.h): storing with dedupe, paging, the outbox; their delivery
 * states are in cau-db-message-states.c. */

#include "config.h"

#include "cau-db-messages.h"
#include "cau-db-messages-private.h"

/* Messages: the struct */

/**
 * cau_db_message_new:
 *
 * Returns: (transfer full): an empty message, to fill and insert
 */
CauDbMessage *
cau_db_message_new (void)
{
  CauDbMessage *message = g_new0 (CauDbMessage, 1);

  message->sender_trust = -1;
  return message;
}

/**
 * cau_db_message_copy:
 * @message: a message
 *
 * Returns: (transfer full): a deep copy of @message
 */
CauDbMessage *
cau_db_message_copy (const CauDbMessage *message)
{
  CauDbMessage *copy;

  g_return_val_if_fail (message != NULL, NULL);

  copy = g_memdup2 (message, sizeof *message);
  copy->sender = g_strdup (message->sender);
  copy->sender_resource = g_strdup (message->sender_resource);
  copy->body = g_strdup (message->body);
  copy->xmpp_id = g_strdup (message->xmpp_id);
  copy->origin_id = g_strdup (message->origin_id);
  copy->stanza_id = g_strdup (message->stanza_id);
  copy->error_text = g_strdup (message->error_text);
  copy->occupant_id = g_strdup (message->occupant_id);
  copy->retracted_by = g_strdup (message->retracted_by);
  copy->retract_reason = g_strdup (message->retract_reason);

  return copy;
}

/**
 * cau_db_message_free:
 * @message: (nullable) (transfer full): a message
 *
 * Frees @message and its strings.
 */
void
cau_db_message_free (CauDbMessage *message)
{
  if (message == NULL)
    return;

  g_free (message->sender);
  g_free (message->sender_resource);
  g_free (message->body);
  g_free (message->xmpp_id);
  g_free (message->origin_id);
  g_free (message->stanza_id);
  g_free (message->error_text);
  g_free (message->occupant_id);
  g_free (message->retracted_by);
  g_free (message->retract_reason);
  g_free (message);
}

/* Column 20 is the trust now given to the OMEMO device that sent the message, NULL for
 * other messages (the CASE spares plaintext ones the lookup). */
#define MESSAGE_COLUMNS \
  "id, conversation_id, outgoing, sender, sender_resource, time_us, body, xmpp_id, " \
  "origin_id, stanza_id, state, error_text, encryption, sender_device, crypto_error, " \
  "occupant_id, IFNULL (retracted_us, 0), retracted_by, retract_reason, IFNULL (edited_us, 0), " \
  "CASE WHEN sender_device IS NULL THEN NULL ELSE (SELECT d.trust FROM conversation c, " \
  "omemo_device d WHERE c.id = message.conversation_id AND d.account_id = c.account_id " \
  "AND d.jid = message.sender AND d.device_id = message.sender_device) END"

static CauDbMessage *
message_from_row (sqlite3_stmt *stmt)
{
  CauDbMessage *message = cau_db_message_new ();

  message->id = sqlite3_column_int64 (stmt, 0);
  message->conversation_id = sqlite3_column_int64 (stmt, 1);
  message->outgoing = sqlite3_column_int (stmt, 2) != 0;
  message->sender = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
  message->sender_resource = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
  message->time_us = sqlite3_column_int64 (stmt, 5);
  message->body = g_strdup ((const char *) sqlite3_column_text (stmt, 6));
  message->xmpp_id = g_strdup ((const char *) sqlite3_column_text (stmt, 7));
  message->origin_id = g_strdup ((const char *) sqlite3_column_text (stmt, 8));
  message->stanza_id = g_strdup ((const char *) sqlite3_column_text (stmt, 9));
  message->state = (CauDbMessageState) sqlite3_column_int (stmt, 10);
  message->error_text = g_strdup ((const char *) sqlite3_column_text (stmt, 11));
  message->encryption = (CauDbEncryption) sqlite3_column_int (stmt, 12);
  message->sender_device = (guint32) sqlite3_column_int64 (stmt, 13);
  message->crypto_error = (guint) sqlite3_column_int (stmt, 14);
  message->occupant_id = g_strdup ((const char *) sqlite3_column_text (stmt, 15));
  message->retracted_us = sqlite3_column_int64 (stmt, 16);
  message->retracted_by = g_strdup ((const char *) sqlite3_column_text (stmt, 17));
  message->retract_reason = g_strdup ((const char *) sqlite3_column_text (stmt, 18));
  message->edited_us = sqlite3_column_int64 (stmt, 19);
  message->sender_trust = sqlite3_column_type (stmt, 20) == SQLITE_NULL
    ? -1 : sqlite3_column_int (stmt, 20);

  return message;
}

static GPtrArray *
collect_messages (CauDb         *self,
                  sqlite3_stmt  *stmt,
                  GError       **error)
{
  g_autoptr (GPtrArray) messages = NULL;
  int rc;

  messages = g_ptr_array_new_with_free_func ((GDestroyNotify) cau_db_message_free);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (messages, message_from_row (stmt));

  if (rc != SQLITE_DONE)
    {
      cau_db_set_sqlite_error (error, self->db, rc, "Could not list messages");
      return NULL;
    }

  return g_steal_pointer (&messages);
}

/* Messages */

/* Inserts the row unless it collides with a stored message on either identity; *out_id is 0
 * on a collision. */
static gboolean
insert_message_row (CauDb               *self,
                    const CauDbMessage  *message,
                    gint64              *out_id,
                    GError             **error)
{
  g_autoptr (CachedStmt) stmt = NULL;

  stmt = cau_db_prepare_cached (self,
                                "INSERT INTO message (conversation_id, outgoing, sender,"
                                " sender_resource, time_us, body, xmpp_id, origin_id, stanza_id,"
                                " state, error_text, encryption, sender_device, crypto_error,"
                                " occupant_id, retracted_us, retracted_by, retract_reason)"
                                " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12,"
                                " ?13, ?14, ?15, ?16, ?17, ?18)"
                                " ON CONFLICT DO NOTHING;",
                                error);
  if (stmt == NULL)
    return FALSE;

  if (sqlite3_bind_int64 (stmt, 1, message->conversation_id) != SQLITE_OK ||
      sqlite3_bind_int (stmt, 2, message->outgoing ? 1 : 0) != SQLITE_OK ||
      cau_db_bind_text (stmt, 3, message->sender) != SQLITE_OK ||
      cau_db_bind_text (stmt, 4, message->sender_resource) != SQLITE_OK ||
      sqlite3_bind_int64 (stmt, 5, message->time_us) != SQLITE_OK ||
      cau_db_bind_text (stmt, 6, message->body) != SQLITE_OK ||
      cau_db_bind_text (stmt, 7, message->xmpp_id) != SQLITE_OK ||
      cau_db_bind_text (stmt, 8, message->origin_id) != SQLITE_OK ||
      cau_db_bind_text (stmt, 9, message->stanza_id) != SQLITE_OK ||
      sqlite3_bind_int (stmt, 10, message->state) != SQLITE_OK ||
      cau_db_bind_text (stmt, 11, message->error_text) != SQLITE_OK ||
      sqlite3_bind_int (stmt, 12, message->encryption) != SQLITE_OK ||
      (message->sender_device != 0 &&
       sqlite3_bind_int64 (stmt, 13, message->sender_device) != SQLITE_OK) ||
      sqlite3_bind_int (stmt, 14, (int) message->crypto_error) != SQLITE_OK ||
      cau_db_bind_text (stmt, 15, message->occupant_id) != SQLITE_OK ||
      (message->retracted_us != 0 &&
       sqlite3_bind_int64 (stmt, 16, message->retracted_us) != SQLITE_OK) ||
      cau_db_bind_text (stmt, 17, message->retracted_by) != SQLITE_OK ||
      cau_db_bind_text (stmt, 18, message->retract_reason) != SQLITE_OK)
    return cau_db_bind_error (self, error);

  if (!cau_db_step_write (self, stmt, "conversation", message->conversation_id,
                          "Could not store the message", error))
    return FALSE;

  *out_id = sqlite3_changes (self->db) > 0 ? sqlite3_last_insert_rowid (self->db) : 0;
  return TRUE;
}

static gboolean
find_by_stanza_id (CauDb               *self,
                   const CauDbMessage  *message,
                   gint64              *out_id,
                   GError             **error)
{
  g_autoptr (CachedStmt) stmt = NULL;

  *out_id = 0;
  if (message->stanza_id == NULL)
    return TRUE;

  stmt = cau_db_prepare_cached (self,
                                "SELECT id FROM message"
                                " WHERE conversation_id = ?1 AND stanza_id = ?2;",
                                error);
  if (stmt == NULL)
    return FALSE;

  if (sqlite3_bind_int64 (stmt, 1, message->conversation_id) != SQLITE_OK ||
      cau_db_bind_text (stmt, 2, message->stanza_id) != SQLITE_OK)
    return cau_db_bind_error (self, error);

  return cau_db_step_int64 (self, stmt, out_id, "Could not look up the message", error);
}

/* Finds the message the sender sent with this origin-id and gives it the archive id it
 * lacked, which is how a live message and its later MAM or carbon copy become one; in a room,
 * our own message learns our occupant id from the room's echo (XEP-0421), by which our
 * corrections are matched after a change of nickname. */
static gboolean
merge_by_origin_id (CauDb               *self,
                    const CauDbMessage  *message,
                    gint64              *out_id,
                    GError             **error)
{
  g_autoptr (CachedStmt) stmt = NULL;

  *out_id = 0;
  if (message->origin_id == NULL)
    return TRUE;

  stmt = cau_db_prepare_cached (self,
                                "UPDATE message SET stanza_id = IFNULL (stanza_id, ?4),"
                                " occupant_id = IFNULL (occupant_id, ?5)"
                                " WHERE conversation_id = ?1 AND origin_id = ?2 AND sender = ?3"
                                " RETURNING id;",
                                error);
  if (stmt == NULL)
    return FALSE;

  if (sqlite3_bind_int64 (stmt, 1, message->conversation_id) != SQLITE_OK ||
      cau_db_bind_text (stmt, 2, message->origin_id) != SQLITE_OK ||
      cau_db_bind_text (stmt, 3, message->sender) != SQLITE_OK ||
      cau_db_bind_text (stmt, 4, message->stanza_id) != SQLITE_OK ||
      cau_db_bind_text (stmt, 5, message->occupant_id) != SQLITE_OK)
    return cau_db_bind_error (self, error);

  if (!cau_db_step_int64 (self, stmt, out_id, "Could not merge the message", error))
    return FALSE;

  /* RETURNING yields its rows before the statement finishes: run it to the end. */
  return *out_id == 0 || cau_db_step_done (self, stmt, "Could not merge the message", error);
}

/* The insert collided: find the stored message. The archive id is looked up first so that
 * the merge below cannot give a second row an archive id already taken. */
static gboolean
resolve_duplicate (CauDb         *self,
                   CauDbMessage  *message,
                   GError       **error)
{
  gint64 id = 0;

  if (!find_by_stanza_id (self, message, &id, error))
    return FALSE;
  if (id == 0 && !merge_by_origin_id (self, message, &id, error))
    return FALSE;

  if (id == 0)
    {
      g_set_error_literal (error, CAU_DB_ERROR, CAU_DB_ERROR_SQL,
                           "The message collided with a stored one that cannot be found");
      return FALSE;
    }

  message->id = id;
  return TRUE;
}

/* Message batches */

/* What the messages a batch added to one conversation change in its row. */
typedef struct {
  gint64         conversation_id;
  CauDbPosition  read;     /* the read position when the batch first added to it */
  CauDbPosition  newest;   /* the newest message added */
  gint64         unread;   /* incoming messages added after `read` */
} PendingConversation;

struct _CauDbMessageBatch
{
  CauDb  *db;
  GArray *pending;   /* PendingConversation, one per conversation */
};

static gboolean
note_added (CauDbMessageBatch   *batch,
            const CauDbMessage  *message,
            GError             **error)
{
  CauDbPosition pos = { message->time_us, message->id };
  PendingConversation *entry = NULL;

  for (guint i = 0; i < batch->pending->len && entry == NULL; i++)
    if (g_array_index (batch->pending, PendingConversation, i).conversation_id ==
        message->conversation_id)
      entry = &g_array_index (batch->pending, PendingConversation, i);

  if (entry == NULL)
    {
      PendingConversation added = { message->conversation_id, CAU_DB_POSITION_OLDEST,
                                    CAU_DB_POSITION_OLDEST, 0 };

      if (!cau_db_read_position (batch->db, message->conversation_id, &added.read, error))
        return FALSE;
      g_array_append_val (batch->pending, added);
      entry = &g_array_index (batch->pending, PendingConversation, batch->pending->len - 1);
    }

  if (cau_db_position_after (&pos, &entry->newest))
    entry->newest = pos;
  if (!message->outgoing && cau_db_position_after (&pos, &entry->read))
    entry->unread++;
  return TRUE;
}

/* Folds the messages a batch added into their conversation, as if added one by one: only a
 * message newer than the current newest un-archives it, so that paging back through an
 * archived conversation leaves it archived; only an incoming message after the read position
 * is unread. A reference to a message that no longer exists compares as older than anything. */
static gboolean
update_conversation (CauDb                      *self,
                     const PendingConversation  *entry,
                     GError                    **error)
{
  g_autoptr (CachedStmt) stmt = NULL;

  stmt = cau_db_prepare_cached (self,
                                "UPDATE conversation SET"
                                " last_activity_us = max (last_activity_us, ?2),"
                                " last_message_id = CASE WHEN IFNULL ((?2, ?3) >"
                                "   (SELECT l.time_us, l.id FROM message l"
                                "    WHERE l.id = conversation.last_message_id), 1)"
                                "   THEN ?3 ELSE last_message_id END,"
                                " archived = CASE WHEN IFNULL ((?2, ?3) >"
                                "   (SELECT l.time_us, l.id FROM message l"
                                "    WHERE l.id = conversation.last_message_id), 1)"
                                "   THEN 0 ELSE archived END,"
                                " unread = unread + ?4"
                                " WHERE id = ?1;",
                                error);
  if (stmt == NULL)
    return FALSE;

  if (sqlite3_bind_int64 (stmt, 1, entry->conversation_id) != SQLITE_OK ||
      sqlite3_bind_int64 (stmt, 2, entry->newest.time_us) != SQLITE_OK ||
      sqlite3_bind_int64 (stmt, 3, entry->newest.id) != SQLITE_OK ||
      sqlite3_bind_int64 (stmt, 4, entry->unread) != SQLITE_OK)
    return cau_db_bind_error (self, error);

  return cau_db_step_update_one (self, stmt, "conversation", entry->conversation_id, error);
}

/**
 * cau_db_message_batch_begin:
 * @self: a #CauDb
 * @error: return location for a #GError
 *
 * Starts storing a batch of messages (a page of the archive, say) with one savepoint for all
 * of them and one update of each conversation's row, instead of one of each per message.
 * Inside cau_db_begin()/cau_db_commit() the batch is a savepoint of that transaction;
 * outside, its own transaction. End it with cau_db_message_batch_end() or
 * cau_db_message_batch_abandon().
 *
 * Returns: (transfer full): the batch, or %NULL with @error set
 */
CauDbMessageBatch *
cau_db_message_batch_begin (CauDb   *self,
                            GError **error)
{
  CauDbMessageBatch *batch;

  g_return_val_if_fail (CAU_IS_DB (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!cau_db_savepoint_begin (self, error))
    return NULL;

  batch = g_new0 (CauDbMessageBatch, 1);
  batch->db = g_object_ref (self);
  batch->pending = g_array_new (FALSE, FALSE, sizeof (PendingConversation));
  return batch;
}

/**
 * cau_db_message_batch_add:
 * @batch: a batch
 * @message: the message; its `id` is ignored and set
 * @duplicate: (out) (optional): whether @message was already stored
 * @error: return location for a #GError
 *
 * Stores @message as cau_db_insert_message() does, except that its conversation's row is
 * updated when the batch is flushed. A failure leaves the message unstored and the batch
 * unusable but for cau_db_message_batch_abandon(): nothing of the batch is kept then, and the
 * caller may store its messages one by one to keep all but the failing one.
 *
 * Returns: %TRUE if @message is stored, now or before
 */
gboolean
cau_db_message_batch_add (CauDbMessageBatch  *batch,
                          CauDbMessage       *message,
                          gboolean           *duplicate,
                          GError            **error)
{
  CauDb *self;
  gint64 id = 0;

  g_return_val_if_fail (batch != NULL, FALSE);
  g_return_val_if_fail (message != NULL, FALSE);
  g_return_val_if_fail (message->conversation_id > 0, FALSE);
  g_return_val_if_fail (message->sender != NULL, FALSE);
  g_return_val_if_fail (message->body != NULL, FALSE);
  g_return_val_if_fail (cau_db_message_state_is_valid (message->state), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  self = batch->db;
  if (duplicate != NULL)
    *duplicate = FALSE;

  /* Each path below writes with one statement at most, which SQLite undoes by itself if it
   * fails: a message needs no savepoint of its own. */
  if (!insert_message_row (self, message, &id, error))
    return FALSE;

  if (id == 0)
    {
      if (!resolve_duplicate (self, message, error))
        return FALSE;
      if (duplicate != NULL)
        *duplicate = TRUE;
      return TRUE;
    }

  message->id = id;
  return note_added (batch, message, error);
}

/**
 * cau_db_message_batch_flush:
 * @batch: a batch
 * @error: return location for a #GError
 *
 * Updates the rows of the conversations the batch added messages to. Until then those rows
 * do not count the messages: flush before reading them or moving a read position
 * (cau_db_mark_read() recounts the unread messages, and the flush would count them again).
 * On failure, abandon the batch.
 *
 * Returns: %TRUE on success
 */
gboolean
cau_db_message_batch_flush (CauDbMessageBatch  *batch,
                            GError            **error)
{
  g_return_val_if_fail (batch != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  for (guint i = 0; i < batch->pending->len; i++)
    if (!update_conversation (batch->db, &g_array_index (batch->pending, PendingConversation, i),
                              error))
      return FALSE;

  g_array_set_size (batch->pending, 0);
  return TRUE;
}

static void
batch_free (CauDbMessageBatch *batch)
{
  g_array_unref (batch->pending);
  g_object_unref (batch->db);
  g_free (batch);
}

/**
 * cau_db_message_batch_end:
 * @batch: (transfer full): a batch
 * @error: return location for a #GError
 *
 * Flushes the batch and releases its savepoint (commits, outside a transaction). On failure
 * nothing of the batch is kept. Frees @batch either way.
 *
 * Returns: %TRUE if the batch is stored
 */
gboolean
cau_db_message_batch_end (CauDbMessageBatch  *batch,
                          GError            **error)
{
  gboolean ok;

  g_return_val_if_fail (batch != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  ok = cau_db_end_savepoint (batch->db, cau_db_message_batch_flush (batch, error), error);
  batch_free (batch);
  return ok;
}

/**
 * cau_db_message_batch_abandon:
 * @batch: (transfer full): a batch
 *
 * Undoes everything done since the batch began, its messages and any other write, and frees
 * @batch.
 */
void
cau_db_message_batch_abandon (CauDbMessageBatch *batch)
{
  g_return_if_fail (batch != NULL);

  cau_db_savepoint_rollback (batch->db);
  batch_free (batch);
}

/**
 * cau_db_insert_message:
 * @self: a #CauDb
 * @message: the message; its `id` is ignored and set
 * @duplicate: (out) (optional): whether @message was already stored
 * @error: return location for a #GError
 *
 * Stores @message unless the conversation already has it: the same `stanza_id`, or the same
 * `sender` with the same `origin_id` (never the same body). A duplicate stores nothing, except
 * that the stored message gets @message's `stanza_id` if it had none. Either way @message's
 * `id` becomes the stored one's.
 *
 * A new message updates its conversation: last activity, newest message, unread count
 * (incoming messages after the read position), and un-archives it if it is the newest.
 * Atomic; call inside cau_db_begin()/cau_db_commit() to batch, or use a #CauDbMessageBatch
 * for many. Fails with %CAU_DB_ERROR_NOT_FOUND if there is no such conversation.
 *
 * Returns: %TRUE if @message is stored, now or before
 */
gboolean
cau_db_insert_message (CauDb         *self,
                       CauDbMessage  *message,
                       gboolean      *duplicate,
                       GError       **error)
{
  CauDbMessageBatch *batch;

  g_return_val_if_fail (CAU_IS_DB (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  batch = cau_db_message_batch_begin (self, error);
  if (batch == NULL)
    return FALSE;

  if (!cau_db_message_batch_add (batch, message, duplicate, error))
    {
      cau_db_message_batch_abandon (batch);
      return FALSE;
    }

  return cau_db_message_batch_end (batch, error);
}

/**
 * cau_db_get_message:
 * @self: a #CauDb
 * @id: the message's id
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the message, or %NULL with @error set (%CAU_DB_ERROR_NOT_FOUND if
 *   there is none with this id)
 */
CauDbMessage *
cau_db_get_message (CauDb   *self,
                    gint64   id,
                    GError **error)
{
  g_autoptr (CachedStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (CAU_IS_DB (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = cau_db_prepare_cached (self, "SELECT " MESSAGE_COLUMNS " FROM message WHERE id = ?1;",
                                error);
  if (stmt == NULL)
    return NULL;

  if (sqlite3_bind_int64 (stmt, 1, id) != SQLITE_OK)
    {
      cau_db_bind_error (self, error);
      return NULL;
    }

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return message_from_row (stmt);

  if (rc == SQLITE_DONE)
    cau_db_not_found (error, "message", id);
  else
    cau_db_set_sqlite_error (error, self->db, rc, "Could not read the message");

  return NULL;
}

/* The position of the paging anchor `id`, or `fallback` when it is 0. */
static gboolean
anchor_position (CauDb                *self,
                 gint64                conversation_id,
                 gint64                id,
                 const CauDbPosition  *fallback,
                 CauDbPosition        *pos,
                 GError              **error)
{
  if (id == 0)
    {
      *pos = *fallback;
      return TRUE;
    }

  return cau_db_require_position (self, conversation_id, id, pos, error);
}

/* Runs a paging query: ?1 conversation, (?2, ?3) the anchor, ?4 the limit. */
static GPtrArray *
list_page (CauDb                *self,
           const char           *sql,
           gint64                conversation_id,
           const CauDbPosition  *anchor,
           guint                 limit,
           GError              **error)
{
  g_autoptr (CachedStmt) stmt = NULL;

  stmt = cau_db_prepare_cached (self, sql, error);
  if (stmt == NULL)
    return NULL;

  if (sqlite3_bind_int64 (stmt, 1, conversation_id) != SQLITE_OK ||
      sqlite3_bind_int64 (stmt, 2, anchor->time_us) != SQLITE_OK ||
      sqlite3_bind_int64 (stmt, 3, anchor->id) != SQLITE_OK ||
      sqlite3_bind_int64 (stmt, 4, limit) != SQLITE_OK)
    {
      cau_db_bind_error (self, error);
      return NULL;
    }

  return collect_messages (self, stmt, error);
}

static void
reverse_array (GPtrArray *array)
{
  guint i;

  for (i = 0; i < array->len / 2; i++)
    {
      gpointer tmp = array->pdata[i];

      array->pdata[i] = array->pdata[array->len - 1 - i];
      array->pdata[array->len - 1 - i] = tmp;
    }
}

/**
 * cau_db_list_messages_before:
 * @self: a #CauDb
 * @conversation_id: the conversation's id
 * @before: a message of the conversation, or 0 for the newest end
 * @limit: the most messages to return
 * @error: return location for a #GError
 *
 * Lists up to @limit messages older than @before in (time_us, id) order, the newest of them,
 * returned oldest first. Fails with %CAU_DB_ERROR_NOT_FOUND if @before is not a message of
 * the conversation.
 *
 * Returns: (transfer full) (element-type CauDbMessage): the messages, possibly none, or %NULL
 *   with @error set
 */
GPtrArray *
cau_db_list_messages_before (CauDb   *self,
                             gint64   conversation_id,
                             gint64   before,
                             guint    limit,
                             GError **error)
{
  GPtrArray *messages;
  CauDbPosition anchor;

  g_return_val_if_fail (CAU_IS_DB (self), NULL);
  g_return_val_if_fail (before >= 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!anchor_position (self, conversation_id, before, &CAU_DB_POSITION_NEWEST, &anchor, error))
    return NULL;

  messages = list_page (self,
                        "SELECT " MESSAGE_COLUMNS " FROM message"
                        " WHERE conversation_id = ?1 AND (time_us, id) < (?2, ?3)"
                        " ORDER BY time_us DESC, id DESC LIMIT ?4;",
                        conversation_id, &anchor, limit, error);
  if (messages != NULL)
    reverse_array (messages);

  return messages;
}

/**
 * cau_db_list_messages_after:
 * @self: a #CauDb
 * @conversation_id: the conversation's id
 * @after: a message of the conversation, or 0 for the oldest end
 * @limit: the most messages to return
 * @error: return location for a #GError
 *
 * Lists up to @limit messages newer than @after in (time_us, id) order, oldest first. Fails
 * with %CAU_DB_ERROR_NOT_FOUND if @after is not a message of the conversation.
 *
 * Returns: (transfer full) (element-type CauDbMessage): the messages, possibly none, or %NULL
 *   with @error set
 */
GPtrArray *
cau_db_list_messages_after (CauDb   *self,
                            gint64   conversation_id,
                            gint64   after,
                            guint    limit,
                            GError **error)
{
  CauDbPosition anchor;

  g_return_val_if_fail (CAU_IS_DB (self), NULL);
  g_return_val_if_fail (after >= 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!anchor_position (self, conversation_id, after, &CAU_DB_POSITION_OLDEST, &anchor, error))
    return NULL;

  return list_page (self,
                    "SELECT " MESSAGE_COLUMNS " FROM message"
                    " WHERE conversation_id = ?1 AND (time_us, id) > (?2, ?3)"
                    " ORDER BY time_us, id LIMIT ?4;",
                    conversation_id, &anchor, limit, error);
}

/**
 * cau_db_count_messages:
 * @self: a #CauDb
 * @conversation_id: the conversation's id
 * @error: return location for a #GError
 *
 * Returns: the number of messages stored in the conversation, or 0 with @error set
 */
guint
cau_db_count_messages (CauDb   *self,
                       gint64   conversation_id,
                       GError **error)
{
  g_autoptr (CachedStmt) stmt = NULL;
  gint64 count = 0;

  g_return_val_if_fail (CAU_IS_DB (self), 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  stmt = cau_db_prepare_cached (self,
                                "SELECT count(*) FROM message WHERE conversation_id = ?1;",
                                error);
  if (stmt == NULL)
    return 0;

  if (sqlite3_bind_int64 (stmt, 1, conversation_id) != SQLITE_OK)
    return cau_db_bind_error (self, error);

  if (!cau_db_step_int64 (self, stmt, &count, "Could not count messages", error))
    return 0;

  return (guint) CLAMP (count, 0, G_MAXUINT);
}

/**
 * cau_db_find_message:
 * @self: a #CauDb
 * @conversation_id: the conversation's id
 * @xmpp_id: an id quoted by a correction, retraction, reaction or reply
 * @error: return location for a #GError
 *
 * Returns: the id of the newest incoming message with this `xmpp_id` or `origin_id`, 0 when
 *   there is none or with @error set
 */
gint64
cau_db_find_message (CauDb       *self,
                     gint64       conversation_id,
                     const char  *xmpp_id,
                     GError     **error)
{
  g_autoptr (CachedStmt) stmt = NULL;
  gint64 id = 0;

  g_return_val_if_fail (CAU_IS_DB (self), 0);
  g_return_val_if_fail (xmpp_id != NULL, 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  /* A UNION rather than an OR: SQLite then searches each id's index instead of walking the
   * conversation in time order. */
  stmt = cau_db_prepare_cached (self,
                                "SELECT id FROM"
                                " (SELECT id, time_us FROM message"
                                "  WHERE conversation_id = ?1 AND xmpp_id = ?2 AND outgoing = 0"
                                "  UNION ALL"
                                "  SELECT id, time_us FROM message"
                                "  WHERE conversation_id = ?1 AND origin_id = ?2 AND outgoing = 0)"
                                " ORDER BY time_us DESC, id DESC LIMIT 1;",
                                error);
  if (stmt == NULL)
    return 0;

  if (sqlite3_bind_int64 (stmt, 1, conversation_id) != SQLITE_OK ||
      cau_db_bind_text (stmt, 2, xmpp_id) != SQLITE_OK)
    return cau_db_bind_error (self, error);

  if (!cau_db_step_int64 (self, stmt, &id, "Could not look up the message", error))
    return 0;

  return id;
}

/**
 * cau_db_find_archived_message:
 * @self: a #CauDb
 * @account_id: the account's row id
 * @peer: the other party's bare JID
 * @stanza_id: our server's archive id (XEP-0359)
 * @conversation_id: (out): the message's conversation, 0 when not found
 * @error: return location for a #GError
 *
 * Returns: the message's id, or 0 when unknown (or on error, with @error set)
 */
gint64
cau_db_find_archived_message (CauDb       *self,
                              gint64       account_id,
                              const char  *peer,
                              const char  *stanza_id,
                              gint64      *conversation_id,
                              GError     **error)
{
  g_autoptr (CachedStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (CAU_IS_DB (self), 0);
  g_return_val_if_fail (peer != NULL && stanza_id != NULL && conversation_id != NULL, 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  *conversation_id = 0;
  stmt = cau_db_prepare_cached (self,
                                "SELECT m.id, m.conversation_id FROM conversation c"
                                " JOIN message m ON m.conversation_id = c.id"
                                " WHERE c.account_id = ?1 AND c.peer = ?2 AND m.stanza_id = ?3;",
                                error);
  if (stmt == NULL)
    return 0;

  if (sqlite3_bind_int64 (stmt, 1, account_id) != SQLITE_OK ||
      cau_db_bind_text (stmt, 2, peer) != SQLITE_OK ||
      cau_db_bind_text (stmt, 3, stanza_id) != SQLITE_OK)
    return cau_db_bind_error (self, error);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *conversation_id = sqlite3_column_int64 (stmt, 1);
      return sqlite3_column_int64 (stmt, 0);
    }
  if (rc != SQLITE_DONE)
    cau_db_set_sqlite_error (error, self->db, rc, "Could not look up the message");
  return 0;
}

/**
 * cau_db_list_outbox:
 * @self: a #CauDb
 * @account_id: the account's row id
 * @error: return location for a #GError
 *
 * Lists the account's pending messages, to send when it is online, oldest first.
 *
 * Returns: (transfer full) (element-type CauDbMessage): the messages, possibly none, or %NULL
 *   with @error set
 */
GPtrArray *
cau_db_list_outbox (CauDb   *self,
                    gint64   account_id,
                    GError **error)
{
  g_autoptr (CachedStmt) stmt = NULL;

  g_return_val_if_fail (CAU_IS_DB (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* The literal `outgoing = 1 AND state = 0` lets SQLite use the partial index message_outbox;
   * a bound parameter would not. */
  stmt = cau_db_prepare_cached (self,
                                "SELECT " MESSAGE_COLUMNS " FROM message"
                                " WHERE outgoing = 1 AND state = 0"
                                " AND conversation_id IN"
                                " (SELECT id FROM conversation WHERE account_id = ?1)"
                                " ORDER BY time_us, id;",
                                error);
  if (stmt == NULL)
    return NULL;

  if (sqlite3_bind_int64 (stmt, 1, account_id) != SQLITE_OK)
    {
      cau_db_bind_error (self, error);
      return NULL;
    }

  return collect_messages (self, stmt, error);
}

G_STATIC_ASSERT (CAU_DB_MESSAGE_PENDING == 0);

/**
 * cau_db_get_oldest_stanza_id:
 * @self: a #CauDb
 * @conversation_id: the conversation's id
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the archive id of the oldest message that has one, to
 *   page further back from; %NULL when none has one or with @error set
 */
char *
cau_db_get_oldest_stanza_id (CauDb   *self,
                             gint64   conversation_id,
                             GError **error)
{
  g_autoptr (CachedStmt) stmt = NULL;
  char *stanza_id = NULL;

  g_return_val_if_fail (CAU_IS_DB (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = cau_db_prepare_cached (self,
                                "SELECT stanza_id FROM message"
                                " WHERE conversation_id = ?1 AND stanza_id IS NOT NULL"
                                " ORDER BY time_us, id LIMIT 1;",
                                error);
  if (stmt == NULL)
    return NULL;

  if (sqlite3_bind_int64 (stmt, 1, conversation_id) != SQLITE_OK)
    {
      cau_db_bind_error (self, error);
      return NULL;
    }

  if (!cau_db_step_text (self, stmt, &stanza_id, "Could not read the oldest archive id", error))
    return NULL;

  return stanza_id;
}
