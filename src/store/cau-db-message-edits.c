/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */

/* Messages changed after they came (cau-db-messages.h; schema version 7, described with
 * migration 7 in cau-db-migrations.c): removed by a room's moderator (XEP-0425). */

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
