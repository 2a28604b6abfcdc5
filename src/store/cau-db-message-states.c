/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */

/* Messages' delivery states (cau-db-messages.h): pending, sent, delivered, read, failed.
 * They only move forward, whoever reports them: our pings, receipts, markers from the
 * contact or our other devices, a failed encryption. */

#include "config.h"

#include "cau-db-messages.h"
#include "cau-db-messages-private.h"

/* Delivery only moves forward; an error is believed only before any receipt. */
static gboolean
state_can_advance (CauDbMessageState from,
                   CauDbMessageState to)
{
  if (to == CAU_DB_MESSAGE_FAILED)
    return from == CAU_DB_MESSAGE_PENDING || from == CAU_DB_MESSAGE_SENT;

  return from < to && from <= CAU_DB_MESSAGE_READ;
}

static gboolean
set_state (CauDb              *self,
           gint64              id,
           CauDbMessageState   state,
           const char         *error_text,
           GError            **error)
{
  g_autoptr (CachedStmt) stmt = NULL;

  stmt = cau_db_prepare_cached (self,
                                "UPDATE message SET state = ?2, error_text = ?3, crypto_error = 0"
                                " WHERE id = ?1;",
                                error);
  if (stmt == NULL)
    return FALSE;

  if (sqlite3_bind_int64 (stmt, 1, id) != SQLITE_OK ||
      sqlite3_bind_int (stmt, 2, state) != SQLITE_OK ||
      cau_db_bind_text (stmt, 3, error_text) != SQLITE_OK)
    return cau_db_bind_error (self, error);

  return cau_db_step_update_one (self, stmt, "message", id, error);
}

/* Our newest message with this id: its row id and state, *out_id 0 when there is none. */
static gboolean
find_outgoing (CauDb              *self,
               gint64              conversation_id,
               const char         *xmpp_id,
               gint64             *out_id,
               CauDbMessageState  *out_state,
               GError            **error)
{
  g_autoptr (CachedStmt) stmt = NULL;
  int rc;

  stmt = cau_db_prepare_cached (self,
                                "SELECT id, state FROM message"
                                " WHERE conversation_id = ?1 AND xmpp_id = ?2 AND outgoing = 1"
                                " ORDER BY time_us DESC, id DESC LIMIT 1;",
                                error);
  if (stmt == NULL)
    return FALSE;

  if (sqlite3_bind_int64 (stmt, 1, conversation_id) != SQLITE_OK ||
      cau_db_bind_text (stmt, 2, xmpp_id) != SQLITE_OK)
    return cau_db_bind_error (self, error);

  *out_id = 0;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *out_id = sqlite3_column_int64 (stmt, 0);
      *out_state = (CauDbMessageState) sqlite3_column_int (stmt, 1);
      return TRUE;
    }
  if (rc == SQLITE_DONE)
    return TRUE;

  cau_db_set_sqlite_error (error, self->db, rc, "Could not look up the message");
  return FALSE;
}

/* Moves our newest message sent with `xmpp_id` to `state` if the rules allow. */
static gboolean
advance_by_xmpp_id (CauDb              *self,
                    gint64              conversation_id,
                    const char         *xmpp_id,
                    CauDbMessageState   state,
                    const char         *error_text,
                    gint64             *changed_id,
                    GError            **error)
{
  CauDbMessageState current = CAU_DB_MESSAGE_PENDING;
  gint64 id = 0;

  if (changed_id != NULL)
    *changed_id = 0;

  if (!find_outgoing (self, conversation_id, xmpp_id, &id, &current, error))
    return FALSE;
  if (id == 0 || !state_can_advance (current, state))
    return TRUE;

  if (!set_state (self, id, state, error_text, error))
    return FALSE;

  if (changed_id != NULL)
    *changed_id = id;

  return TRUE;
}

/**
 * cau_db_advance_message_state:
 * @self: a #CauDb
 * @conversation_id: the conversation's id
 * @xmpp_id: the id we sent the message with
 * @state: %CAU_DB_MESSAGE_SENT, %CAU_DB_MESSAGE_DELIVERED, %CAU_DB_MESSAGE_READ or
 *   %CAU_DB_MESSAGE_FAILED
 * @changed_id: (out) (optional): the message changed, 0 when none
 * @error: return location for a #GError
 *
 * Moves our newest message sent with @xmpp_id forward to @state; never backwards, and to
 * %CAU_DB_MESSAGE_FAILED only from pending or sent. An unknown id or a move that is not
 * allowed changes nothing and is not an error.
 *
 * Returns: %TRUE on success
 */
gboolean
cau_db_advance_message_state (CauDb              *self,
                              gint64              conversation_id,
                              const char         *xmpp_id,
                              CauDbMessageState   state,
                              gint64             *changed_id,
                              GError            **error)
{
  g_return_val_if_fail (CAU_IS_DB (self), FALSE);
  g_return_val_if_fail (xmpp_id != NULL, FALSE);
  g_return_val_if_fail (state >= CAU_DB_MESSAGE_SENT && state <= CAU_DB_MESSAGE_FAILED, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return advance_by_xmpp_id (self, conversation_id, xmpp_id, state, NULL, changed_id, error);
}

/**
 * cau_db_fail_message:
 * @self: a #CauDb
 * @conversation_id: the conversation's id
 * @xmpp_id: the id we sent the message with, as quoted by the error stanza
 * @error_text: (nullable): why it failed, for display
 * @changed_id: (out) (optional): the message changed, 0 when none
 * @error: return location for a #GError
 *
 * Marks our newest message sent with @xmpp_id failed, with @error_text, if it is pending or
 * sent; an error after a receipt is not believed. An unknown id changes nothing and is not an
 * error.
 *
 * Returns: %TRUE on success
 */
gboolean
cau_db_fail_message (CauDb       *self,
                     gint64       conversation_id,
                     const char  *xmpp_id,
                     const char  *error_text,
                     gint64      *changed_id,
                     GError     **error)
{
  g_return_val_if_fail (CAU_IS_DB (self), FALSE);
  g_return_val_if_fail (xmpp_id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return advance_by_xmpp_id (self, conversation_id, xmpp_id, CAU_DB_MESSAGE_FAILED, error_text,
                             changed_id, error);
}

/**
 * cau_db_set_message_state:
 * @self: a #CauDb
 * @id: the message's id
 * @state: the new state
 * @error_text: (nullable): why it failed
 * @error: return location for a #GError
 *
 * Sets the state unconditionally, for instance back to pending to send a failed message
 * again. Fails with %CAU_DB_ERROR_NOT_FOUND if there is no such message.
 *
 * Returns: %TRUE if stored
 */
gboolean
cau_db_set_message_state (CauDb              *self,
                          gint64              id,
                          CauDbMessageState   state,
                          const char         *error_text,
                          GError            **error)
{
  g_return_val_if_fail (CAU_IS_DB (self), FALSE);
  g_return_val_if_fail (cau_db_message_state_is_valid (state), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return set_state (self, id, state, error_text, error);
}

/**
 * cau_db_fail_message_encryption:
 * @self: a #CauDb
 * @id: one of our messages
 * @crypto_error: why it could not be encrypted (the engine's CauXmppCryptoError)
 * @error: return location for a #GError
 *
 * Marks a pending message failed because it could not be encrypted: it was not sent at all.
 * A message no longer pending is left as it is.
 *
 * Returns: %TRUE unless the database failed
 */
gboolean
cau_db_fail_message_encryption (CauDb    *self,
                                gint64    id,
                                guint     crypto_error,
                                GError  **error)
{
  g_autoptr (CachedStmt) stmt = NULL;

  g_return_val_if_fail (CAU_IS_DB (self), FALSE);
  g_return_val_if_fail (crypto_error != 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  stmt = cau_db_prepare_cached (self,
                                "UPDATE message SET state = 4, error_text = NULL, crypto_error = ?2"
                                " WHERE id = ?1 AND outgoing AND state = 0;",
                                error);
  if (stmt == NULL)
    return FALSE;
  if (sqlite3_bind_int64 (stmt, 1, id) != SQLITE_OK ||
      sqlite3_bind_int (stmt, 2, (int) crypto_error) != SQLITE_OK)
    return cau_db_bind_error (self, error);

  return cau_db_step_done (self, stmt, "Could not mark a message failed", error);
}
