/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */

/* Conversations (cau-db-messages.h): the list, its flags, and the read position. */

#include "config.h"

#include "cau-db-messages.h"
#include "cau-db-messages-private.h"

/* Conversations: the struct */

/**
 * cau_db_conversation_free:
 * @conversation: (nullable) (transfer full): a conversation
 *
 * Frees @conversation and its strings.
 */
void
cau_db_conversation_free (CauDbConversation *conversation)
{
  if (conversation == NULL)
    return;

  g_free (conversation->peer);
  g_free (conversation->draft);
  g_free (conversation->last_body);
  g_free (conversation->room_nick);
  g_free (conversation->room_name);
  g_free (conversation->subject);
  g_free (conversation);
}

/**
 * cau_db_conversation_from_row:
 * @stmt: a statement of %CAU_DB_CONVERSATION_SELECT on its row
 *
 * Returns: (transfer full): the conversation of the row
 */
CauDbConversation *
cau_db_conversation_from_row (sqlite3_stmt *stmt)
{
  CauDbConversation *conversation = g_new0 (CauDbConversation, 1);

  conversation->id = sqlite3_column_int64 (stmt, 0);
  conversation->account_id = sqlite3_column_int64 (stmt, 1);
  conversation->peer = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  conversation->last_activity_us = sqlite3_column_int64 (stmt, 3);
  conversation->last_message_id = sqlite3_column_int64 (stmt, 4);
  conversation->unread = (guint) CLAMP (sqlite3_column_int64 (stmt, 5), 0, G_MAXUINT);
  conversation->read_up_to = sqlite3_column_int64 (stmt, 6);
  conversation->pinned = sqlite3_column_int (stmt, 7) != 0;
  conversation->archived = sqlite3_column_int (stmt, 8) != 0;
  conversation->draft = g_strdup ((const char *) sqlite3_column_text (stmt, 9));
  conversation->history_complete = sqlite3_column_int (stmt, 10) != 0;
  conversation->last_body = g_strdup ((const char *) sqlite3_column_text (stmt, 11));
  conversation->last_outgoing = sqlite3_column_int (stmt, 12) != 0;
  conversation->encryption = (CauDbConversationEncryption) sqlite3_column_int (stmt, 13);
  conversation->kind = (CauDbConversationKind) sqlite3_column_int (stmt, 14);
  conversation->room_nick = g_strdup ((const char *) sqlite3_column_text (stmt, 15));
  conversation->room_joined = sqlite3_column_int (stmt, 16) != 0;
  conversation->room_name = g_strdup ((const char *) sqlite3_column_text (stmt, 17));
  conversation->subject = g_strdup ((const char *) sqlite3_column_text (stmt, 18));
  conversation->last_retracted = sqlite3_column_int (stmt, 19) != 0;

  return conversation;
}

/* Conversations */

static gboolean
lookup_conversation (CauDb       *self,
                     gint64       account_id,
                     const char  *peer,
                     gint64      *out_id,
                     GError     **error)
{
  g_autoptr (CachedStmt) stmt = NULL;

  stmt = cau_db_prepare_cached (self,
                                "SELECT id FROM conversation WHERE account_id = ?1 AND peer = ?2;",
                                error);
  if (stmt == NULL)
    return FALSE;

  if (sqlite3_bind_int64 (stmt, 1, account_id) != SQLITE_OK ||
      cau_db_bind_text (stmt, 2, peer) != SQLITE_OK)
    return cau_db_bind_error (self, error);

  return cau_db_step_int64 (self, stmt, out_id, "Could not look up the conversation", error);
}

static gint64
create_conversation (CauDb       *self,
                     gint64       account_id,
                     const char  *peer,
                     GError     **error)
{
  g_autoptr (CachedStmt) stmt = NULL;

  /* The engine's connection may create it between our look-up and this: then it is found. */
  stmt = cau_db_prepare_cached (self,
                                "INSERT INTO conversation (account_id, peer, last_activity_us)"
                                " VALUES (?1, ?2, ?3) ON CONFLICT (account_id, peer) DO NOTHING;",
                                error);
  if (stmt == NULL)
    return 0;

  if (sqlite3_bind_int64 (stmt, 1, account_id) != SQLITE_OK ||
      cau_db_bind_text (stmt, 2, peer) != SQLITE_OK ||
      sqlite3_bind_int64 (stmt, 3, g_get_real_time ()) != SQLITE_OK)
    return cau_db_bind_error (self, error);

  if (!cau_db_step_write (self, stmt, "account", account_id,
                          "Could not create the conversation", error))
    return 0;
  if (sqlite3_changes (self->db) == 0)
    {
      gint64 id = 0;

      if (!lookup_conversation (self, account_id, peer, &id, error))
        return 0;
      return id;
    }

  return sqlite3_last_insert_rowid (self->db);
}

/**
 * cau_db_ensure_conversation:
 * @self: a #CauDb
 * @account_id: the account's row id
 * @peer: the contact's bare JID, normalised
 * @error: return location for a #GError
 *
 * Finds the conversation of @account_id with @peer, creating it (last activity now) if there
 * is none. Fails with %CAU_DB_ERROR_NOT_FOUND if there is no such account.
 *
 * Returns: the conversation's id (positive), or 0 with @error set
 */
gint64
cau_db_ensure_conversation (CauDb       *self,
                            gint64       account_id,
                            const char  *peer,
                            GError     **error)
{
  gint64 id = 0;

  g_return_val_if_fail (CAU_IS_DB (self), 0);
  g_return_val_if_fail (account_id > 0, 0);
  g_return_val_if_fail (peer != NULL && *peer != '\0', 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  if (!lookup_conversation (self, account_id, peer, &id, error))
    return 0;
  if (id != 0)
    return id;

  return create_conversation (self, account_id, peer, error);
}

/**
 * cau_db_find_conversation:
 * @self: a #CauDb
 * @account_id: the account's row id
 * @peer: the contact's bare JID, normalised
 * @error: return location for a #GError
 *
 * Returns: the id of the conversation of @account_id with @peer; 0 when there is none (or
 *   with @error set)
 */
gint64
cau_db_find_conversation (CauDb       *self,
                          gint64       account_id,
                          const char  *peer,
                          GError     **error)
{
  gint64 id = 0;

  g_return_val_if_fail (CAU_IS_DB (self), 0);
  g_return_val_if_fail (peer != NULL, 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  if (!lookup_conversation (self, account_id, peer, &id, error))
    return 0;
  return id;
}

/**
 * cau_db_get_conversation:
 * @self: a #CauDb
 * @id: the conversation's id
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the conversation, with the preview of its newest message, or
 *   %NULL with @error set (%CAU_DB_ERROR_NOT_FOUND if there is none with this id)
 */
CauDbConversation *
cau_db_get_conversation (CauDb   *self,
                         gint64   id,
                         GError **error)
{
  g_autoptr (CachedStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (CAU_IS_DB (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = cau_db_prepare_cached (self, CAU_DB_CONVERSATION_SELECT " WHERE c.id = ?1;", error);
  if (stmt == NULL)
    return NULL;

  if (sqlite3_bind_int64 (stmt, 1, id) != SQLITE_OK)
    {
      cau_db_bind_error (self, error);
      return NULL;
    }

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return cau_db_conversation_from_row (stmt);

  if (rc == SQLITE_DONE)
    cau_db_not_found (error, "conversation", id);
  else
    cau_db_set_sqlite_error (error, self->db, rc, "Could not read the conversation");

  return NULL;
}

/**
 * cau_db_list_conversations:
 * @self: a #CauDb
 * @account_id: an account's row id, or 0 for every account
 * @error: return location for a #GError
 *
 * Lists the conversations that are not archived, pinned ones first, then by last activity,
 * newest first. Conversations kept from a removed account belong to no account and are not
 * listed.
 *
 * Returns: (transfer full) (element-type CauDbConversation): the conversations, possibly
 *   none, or %NULL with @error set
 */
GPtrArray *
cau_db_list_conversations (CauDb   *self,
                           gint64   account_id,
                           GError **error)
{
  g_autoptr (CachedStmt) stmt = NULL;
  g_autoptr (GPtrArray) conversations = NULL;
  int rc;

  g_return_val_if_fail (CAU_IS_DB (self), NULL);
  g_return_val_if_fail (account_id >= 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = cau_db_prepare_cached (self,
                                CAU_DB_CONVERSATION_SELECT
                                " WHERE c.archived = 0 AND c.account_id IS NOT NULL"
                                " AND (?1 = 0 OR c.account_id = ?1)"
                                " ORDER BY c.pinned DESC, c.last_activity_us DESC, c.id DESC;",
                                error);
  if (stmt == NULL)
    return NULL;

  if (sqlite3_bind_int64 (stmt, 1, account_id) != SQLITE_OK)
    {
      cau_db_bind_error (self, error);
      return NULL;
    }

  conversations = g_ptr_array_new_with_free_func ((GDestroyNotify) cau_db_conversation_free);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (conversations, cau_db_conversation_from_row (stmt));

  if (rc != SQLITE_DONE)
    {
      cau_db_set_sqlite_error (error, self->db, rc, "Could not list conversations");
      return NULL;
    }

  return g_steal_pointer (&conversations);
}

/* Sets one integer column, bound as ?2 by `sql`, of the conversation ?1. */
gboolean
cau_db_update_conversation_int (CauDb       *self,
                                const char  *sql,
                                gint64       id,
                                gint64       value,
                                GError     **error)
{
  g_autoptr (CachedStmt) stmt = NULL;

  stmt = cau_db_prepare_cached (self, sql, error);
  if (stmt == NULL)
    return FALSE;

  if (sqlite3_bind_int64 (stmt, 1, id) != SQLITE_OK ||
      sqlite3_bind_int64 (stmt, 2, value) != SQLITE_OK)
    return cau_db_bind_error (self, error);

  return cau_db_step_update_one (self, stmt, "conversation", id, error);
}

/* Sets one text column, bound as ?2 by `sql` (NULL binds NULL), of the conversation ?1. */
gboolean
cau_db_update_conversation_text (CauDb       *self,
                                 const char  *sql,
                                 gint64       id,
                                 const char  *value,
                                 GError     **error)
{
  g_autoptr (CachedStmt) stmt = NULL;

  stmt = cau_db_prepare_cached (self, sql, error);
  if (stmt == NULL)
    return FALSE;

  if (sqlite3_bind_int64 (stmt, 1, id) != SQLITE_OK ||
      cau_db_bind_text (stmt, 2, value) != SQLITE_OK)
    return cau_db_bind_error (self, error);

  return cau_db_step_update_one (self, stmt, "conversation", id, error);
}

/**
 * cau_db_set_conversation_pinned:
 * @self: a #CauDb
 * @id: the conversation's id
 * @pinned: whether it is listed before the others
 * @error: return location for a #GError
 *
 * Returns: %TRUE if stored; fails with %CAU_DB_ERROR_NOT_FOUND if there is no such
 *   conversation
 */
gboolean
cau_db_set_conversation_pinned (CauDb     *self,
                                gint64     id,
                                gboolean   pinned,
                                GError   **error)
{
  g_return_val_if_fail (CAU_IS_DB (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return cau_db_update_conversation_int (self,
                                         "UPDATE conversation SET pinned = ?2 WHERE id = ?1;",
                                         id, pinned ? 1 : 0, error);
}

/**
 * cau_db_set_conversation_archived:
 * @self: a #CauDb
 * @id: the conversation's id
 * @archived: whether it is hidden from the list until a new message arrives
 * @error: return location for a #GError
 *
 * Returns: %TRUE if stored; fails with %CAU_DB_ERROR_NOT_FOUND if there is no such
 *   conversation
 */
gboolean
cau_db_set_conversation_archived (CauDb     *self,
                                  gint64     id,
                                  gboolean   archived,
                                  GError   **error)
{
  g_return_val_if_fail (CAU_IS_DB (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return cau_db_update_conversation_int (self,
                                         "UPDATE conversation SET archived = ?2 WHERE id = ?1;",
                                         id, archived ? 1 : 0, error);
}

/**
 * cau_db_set_conversation_encryption:
 * @self: a #CauDb
 * @id: the conversation's id
 * @encryption: the owner's choice
 * @error: return location for a #GError
 *
 * Returns: %TRUE if stored; fails with %CAU_DB_ERROR_NOT_FOUND if there is no such
 *   conversation
 */
gboolean
cau_db_set_conversation_encryption (CauDb                        *self,
                                    gint64                        id,
                                    CauDbConversationEncryption   encryption,
                                    GError                      **error)
{
  g_return_val_if_fail (CAU_IS_DB (self), FALSE);
  g_return_val_if_fail (encryption <= CAU_DB_CONVERSATION_ENCRYPTION_PLAIN, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return cau_db_update_conversation_int (self,
                                         "UPDATE conversation SET encryption = ?2 WHERE id = ?1;",
                                         id, encryption, error);
}

/**
 * cau_db_set_history_complete:
 * @self: a #CauDb
 * @id: the conversation's id
 * @error: return location for a #GError
 *
 * Records that paging back through the archive reached its start.
 *
 * Returns: %TRUE if stored; fails with %CAU_DB_ERROR_NOT_FOUND if there is no such
 *   conversation
 */
gboolean
cau_db_set_history_complete (CauDb   *self,
                             gint64   id,
                             GError **error)
{
  g_return_val_if_fail (CAU_IS_DB (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return cau_db_update_conversation_int (self,
                                         "UPDATE conversation SET history_complete = ?2"
                                         " WHERE id = ?1;",
                                         id, 1, error);
}

/**
 * cau_db_set_conversation_draft:
 * @self: a #CauDb
 * @id: the conversation's id
 * @draft: (nullable): the unsent text; %NULL clears it
 * @error: return location for a #GError
 *
 * Returns: %TRUE if stored; fails with %CAU_DB_ERROR_NOT_FOUND if there is no such
 *   conversation
 */
gboolean
cau_db_set_conversation_draft (CauDb       *self,
                               gint64       id,
                               const char  *draft,
                               GError     **error)
{
  g_return_val_if_fail (CAU_IS_DB (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return cau_db_update_conversation_text (self,
                                          "UPDATE conversation SET draft = ?2 WHERE id = ?1;",
                                          id, draft, error);
}

/* The position up to which the conversation is read: the oldest possible when nothing is.
 * Fails with %CAU_DB_ERROR_NOT_FOUND if there is no such conversation. */
gboolean
cau_db_read_position (CauDb          *self,
                      gint64          conversation_id,
                      CauDbPosition  *pos,
                      GError        **error)
{
  g_autoptr (CachedStmt) stmt = NULL;
  gint64 read_up_to = 0;
  int rc;

  stmt = cau_db_prepare_cached (self, "SELECT read_up_to FROM conversation WHERE id = ?1;",
                                error);
  if (stmt == NULL)
    return FALSE;

  if (sqlite3_bind_int64 (stmt, 1, conversation_id) != SQLITE_OK)
    return cau_db_bind_error (self, error);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return cau_db_not_found (error, "conversation", conversation_id);
  if (rc != SQLITE_ROW)
    {
      cau_db_set_sqlite_error (error, self->db, rc, "Could not read the conversation");
      return FALSE;
    }

  read_up_to = sqlite3_column_int64 (stmt, 0);
  *pos = CAU_DB_POSITION_OLDEST;

  /* A read_up_to that no longer exists counts as nothing read. */
  if (read_up_to != 0)
    {
      gboolean found = FALSE;

      if (!cau_db_message_position (self, conversation_id, read_up_to, pos, &found, error))
        return FALSE;
      if (!found)
        *pos = CAU_DB_POSITION_OLDEST;
    }

  return TRUE;
}

static gboolean
count_unread_after (CauDb                *self,
                    gint64                conversation_id,
                    const CauDbPosition  *pos,
                    gint64               *out_count,
                    GError              **error)
{
  g_autoptr (CachedStmt) stmt = NULL;

  stmt = cau_db_prepare_cached (self,
                                "SELECT count(*) FROM message"
                                " WHERE conversation_id = ?1 AND (time_us, id) > (?2, ?3)"
                                " AND outgoing = 0;",
                                error);
  if (stmt == NULL)
    return FALSE;

  if (sqlite3_bind_int64 (stmt, 1, conversation_id) != SQLITE_OK ||
      sqlite3_bind_int64 (stmt, 2, pos->time_us) != SQLITE_OK ||
      sqlite3_bind_int64 (stmt, 3, pos->id) != SQLITE_OK)
    return cau_db_bind_error (self, error);

  return cau_db_step_int64 (self, stmt, out_count, "Could not count unread messages", error);
}

static gboolean
store_read_state (CauDb    *self,
                  gint64    conversation_id,
                  gint64    read_up_to,
                  gint64    unread,
                  GError  **error)
{
  g_autoptr (CachedStmt) stmt = NULL;

  stmt = cau_db_prepare_cached (self,
                                "UPDATE conversation SET read_up_to = ?2, unread = ?3"
                                " WHERE id = ?1;",
                                error);
  if (stmt == NULL)
    return FALSE;

  if (sqlite3_bind_int64 (stmt, 1, conversation_id) != SQLITE_OK ||
      sqlite3_bind_int64 (stmt, 2, read_up_to) != SQLITE_OK ||
      sqlite3_bind_int64 (stmt, 3, unread) != SQLITE_OK)
    return cau_db_bind_error (self, error);

  return cau_db_step_update_one (self, stmt, "conversation", conversation_id, error);
}

static gboolean
mark_read (CauDb    *self,
           gint64    conversation_id,
           gint64    up_to,
           GError  **error)
{
  CauDbPosition current, wanted;
  gint64 unread = 0;

  if (!cau_db_read_position (self, conversation_id, &current, error) ||
      !cau_db_require_position (self, conversation_id, up_to, &wanted, error))
    return FALSE;

  /* Never backwards: a marker from another device may name an older message. */
  if (!cau_db_position_after (&wanted, &current))
    wanted = current;

  if (!count_unread_after (self, conversation_id, &wanted, &unread, error))
    return FALSE;

  return store_read_state (self, conversation_id,
                           wanted.id == CAU_DB_POSITION_OLDEST.id ? 0 : wanted.id, unread, error);
}

/**
 * cau_db_mark_read:
 * @self: a #CauDb
 * @conversation_id: the conversation's id
 * @up_to: the id of a message of the conversation
 * @error: return location for a #GError
 *
 * Marks the conversation read up to @up_to, inclusive, unless it is already read further,
 * and recounts its unread messages: the incoming ones after the read position. Fails with
 * %CAU_DB_ERROR_NOT_FOUND if the conversation or the message (in it) does not exist.
 *
 * Returns: %TRUE on success
 */
gboolean
cau_db_mark_read (CauDb   *self,
                  gint64   conversation_id,
                  gint64   up_to,
                  GError **error)
{
  g_return_val_if_fail (CAU_IS_DB (self), FALSE);
  g_return_val_if_fail (up_to > 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!cau_db_savepoint_begin (self, error))
    return FALSE;

  return cau_db_end_savepoint (self, mark_read (self, conversation_id, up_to, error), error);
}
