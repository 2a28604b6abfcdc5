/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */

/* Messages changed after they came (cau-db-messages.h; schema version 7, described with
 * migration 7 in cau-db-migrations.c): removed by a room's moderator (XEP-0425), corrected by
 * their author (XEP-0308). */

#include "config.h"

#include "cau-db-messages.h"
#include "cau-db-messages-private.h"

/**
 * cau_db_retract_message:
 * @self: a #CauDb
 * @conversation_id: the room's conversation
 * @stanza_id: the room's archive id of the message
 * @by: (nullable): the moderator's nickname
 * @reason: (nullable): why
 * @time_us: when, Unix µs
 * @out_id: (out): the message removed now, 0 when it is not held or was removed before
 * @error: return location for a #GError
 *
 * A moderator removed the message for everyone: its text goes for good, and what is left says
 * by whom, when and why.
 *
 * Returns: %FALSE with @error set when the database failed
 */
gboolean
cau_db_retract_message (CauDb       *self,
                        gint64       conversation_id,
                        const char  *stanza_id,
                        const char  *by,
                        const char  *reason,
                        gint64       time_us,
                        gint64      *out_id,
                        GError     **error)
{
  g_autoptr (CachedStmt) stmt = NULL;

  g_return_val_if_fail (CAU_IS_DB (self), FALSE);
  g_return_val_if_fail (stanza_id != NULL && out_id != NULL, FALSE);

  *out_id = 0;
  stmt = cau_db_prepare_cached (self,
                                "UPDATE message SET body = '', retracted_us = ?3,"
                                " retracted_by = ?4, retract_reason = ?5"
                                " WHERE conversation_id = ?1 AND stanza_id = ?2"
                                " AND retracted_us IS NULL RETURNING id;",
                                error);
  if (stmt == NULL)
    return FALSE;

  if (sqlite3_bind_int64 (stmt, 1, conversation_id) != SQLITE_OK ||
      cau_db_bind_text (stmt, 2, stanza_id) != SQLITE_OK ||
      sqlite3_bind_int64 (stmt, 3, time_us) != SQLITE_OK ||
      cau_db_bind_text (stmt, 4, by) != SQLITE_OK ||
      cau_db_bind_text (stmt, 5, reason) != SQLITE_OK)
    return cau_db_bind_error (self, error);

  if (!cau_db_step_int64 (self, stmt, out_id, "Could not remove the message", error))
    return FALSE;
  /* RETURNING yields its row before the statement finishes: run it to the end. */
  return *out_id == 0 || cau_db_step_done (self, stmt, "Could not remove the message", error);
}

/**
 * cau_db_correct_message:
 * @self: a #CauDb
 * @conversation_id: the conversation
 * @replaces: the id of the message corrected, as its author gave it
 * @outgoing: whether the correction is ours
 * @sender: its author: a bare JID, or in a room the occupant's JID (room@service/nick)
 * @occupant_id: (nullable): in a room that gives them (XEP-0421), the author's occupant id
 * @body: the corrected text
 * @time_us: when, Unix µs
 * @out_id: (out): the message corrected, 0 when there is none of that author
 * @error: return location for a #GError
 *
 * XEP-0308: the newest message of this id by the same author takes the corrected text. In a
 * room, the author is the same person when the room gave both the same occupant id, whatever
 * their nicknames; without occupant ids, when the nickname is the same. A removed message
 * stays removed.
 *
 * Returns: %FALSE with @error set when the database failed
 */
gboolean
cau_db_correct_message (CauDb       *self,
                        gint64       conversation_id,
                        const char  *replaces,
                        gboolean     outgoing,
                        const char  *sender,
                        const char  *occupant_id,
                        const char  *body,
                        gint64       time_us,
                        gint64      *out_id,
                        GError     **error)
{
  g_autoptr (CachedStmt) stmt = NULL;

  g_return_val_if_fail (CAU_IS_DB (self), FALSE);
  g_return_val_if_fail (replaces != NULL && sender != NULL && body != NULL, FALSE);
  g_return_val_if_fail (out_id != NULL, FALSE);

  *out_id = 0;
  stmt = cau_db_prepare_cached (self,
                                "UPDATE message SET body = ?6, edited_us = ?7"
                                " WHERE id = (SELECT id FROM message"
                                "  WHERE conversation_id = ?1 AND outgoing = ?3"
                                "  AND (xmpp_id = ?2 OR origin_id = ?2)"
                                "  AND retracted_us IS NULL"
                                "  AND CASE WHEN ?5 IS NOT NULL AND occupant_id IS NOT NULL"
                                "      THEN occupant_id = ?5 ELSE sender = ?4 END"
                                "  ORDER BY time_us DESC, id DESC LIMIT 1)"
                                " RETURNING id;",
                                error);
  if (stmt == NULL)
    return FALSE;

  if (sqlite3_bind_int64 (stmt, 1, conversation_id) != SQLITE_OK ||
      cau_db_bind_text (stmt, 2, replaces) != SQLITE_OK ||
      sqlite3_bind_int (stmt, 3, outgoing ? 1 : 0) != SQLITE_OK ||
      cau_db_bind_text (stmt, 4, sender) != SQLITE_OK ||
      cau_db_bind_text (stmt, 5, occupant_id) != SQLITE_OK ||
      cau_db_bind_text (stmt, 6, body) != SQLITE_OK ||
      sqlite3_bind_int64 (stmt, 7, time_us) != SQLITE_OK)
    return cau_db_bind_error (self, error);

  if (!cau_db_step_int64 (self, stmt, out_id, "Could not correct the message", error))
    return FALSE;
  return *out_id == 0 || cau_db_step_done (self, stmt, "Could not correct the message", error);
}

/**
 * cau_db_get_last_outgoing_id:
 * @self: a #CauDb
 * @conversation_id: the conversation
 * @error: return location for a #GError
 *
 * Returns: our newest message in the conversation, 0 when there is none (or on error, with
 *   @error set)
 */
gint64
cau_db_get_last_outgoing_id (CauDb   *self,
                             gint64   conversation_id,
                             GError **error)
{
  g_autoptr (CachedStmt) stmt = NULL;
  gint64 id = 0;

  g_return_val_if_fail (CAU_IS_DB (self), 0);

  stmt = cau_db_prepare_cached (self,
                                "SELECT id FROM message WHERE conversation_id = ?1 AND outgoing = 1"
                                " ORDER BY time_us DESC, id DESC LIMIT 1;",
                                error);
  if (stmt == NULL)
    return 0;
  if (sqlite3_bind_int64 (stmt, 1, conversation_id) != SQLITE_OK)
    {
      cau_db_bind_error (self, error);
      return 0;
    }
  cau_db_step_int64 (self, stmt, &id, "Could not find our last message", error);
  return id;
}
