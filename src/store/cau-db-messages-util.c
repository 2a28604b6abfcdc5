/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */

/* Statement helpers shared by the queries of cau-db-messages.h (schema version 2; the tables
 * and the reasons behind them are described with migration 2 in cau-db-migrations.c). */

#include "config.h"

#include "cau-db-messages.h"
#include "cau-db-messages-private.h"

gboolean
cau_db_not_found (GError     **error,
                  const char  *what,
                  gint64       id)
{
  g_set_error (error, CAU_DB_ERROR, CAU_DB_ERROR_NOT_FOUND,
               "No %s with id %" G_GINT64_FORMAT, what, id);
  return FALSE;
}

/* Steps a statement returning at most one integer: *out is 0 when it returns no row. */
gboolean
cau_db_step_int64 (CauDb         *self,
                   sqlite3_stmt  *stmt,
                   gint64        *out,
                   const char    *context,
                   GError       **error)
{
  int rc = sqlite3_step (stmt);

  *out = 0;
  if (rc == SQLITE_ROW)
    {
      *out = sqlite3_column_int64 (stmt, 0);
      return TRUE;
    }
  if (rc == SQLITE_DONE)
    return TRUE;

  cau_db_set_sqlite_error (error, self->db, rc, context);
  return FALSE;
}

/* Steps a statement returning at most one string: *out is NULL when it returns no row. */
gboolean
cau_db_step_text (CauDb         *self,
                  sqlite3_stmt  *stmt,
                  char         **out,
                  const char    *context,
                  GError       **error)
{
  int rc = sqlite3_step (stmt);

  *out = NULL;
  if (rc == SQLITE_ROW)
    {
      *out = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      return TRUE;
    }
  if (rc == SQLITE_DONE)
    return TRUE;

  cau_db_set_sqlite_error (error, self->db, rc, context);
  return FALSE;
}

/* Steps a statement returning at most one blob (`what` `id`): no row is
 * %CAU_DB_ERROR_NOT_FOUND. */
GBytes *
cau_db_step_bytes (CauDb         *self,
                   sqlite3_stmt  *stmt,
                   const char    *what,
                   gint64         id,
                   GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW)
    return cau_db_column_bytes (stmt, 0);
  if (rc == SQLITE_DONE)
    cau_db_not_found (error, what, id);
  else
    cau_db_set_sqlite_error (error, self->db, rc, "Could not read a record");
  return NULL;
}

/* Runs a write whose foreign key names a row that may be missing: that is reported as
 * %CAU_DB_ERROR_NOT_FOUND rather than a bare constraint failure. */
gboolean
cau_db_step_write (CauDb         *self,
                   sqlite3_stmt  *stmt,
                   const char    *parent,
                   gint64         parent_id,
                   const char    *context,
                   GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_CONSTRAINT_FOREIGNKEY)
    return cau_db_not_found (error, parent, parent_id);
  if (rc != SQLITE_DONE)
    {
      cau_db_set_sqlite_error (error, self->db, rc, context);
      return FALSE;
    }

  return TRUE;
}

/* Runs an UPDATE of one row whose id the caller bound as ?1; no row is %CAU_DB_ERROR_NOT_FOUND. */
gboolean
cau_db_step_update_one (CauDb         *self,
                        sqlite3_stmt  *stmt,
                        const char    *what,
                        gint64         id,
                        GError       **error)
{
  if (!cau_db_step_done (self, stmt, "Could not update", error))
    return FALSE;

  if (sqlite3_changes (self->db) == 0)
    return cau_db_not_found (error, what, id);

  return TRUE;
}

gboolean
cau_db_end_savepoint (CauDb     *self,
                      gboolean   ok,
                      GError   **error)
{
  if (ok && cau_db_savepoint_release (self, error))
    return TRUE;

  cau_db_savepoint_rollback (self);
  return FALSE;
}

/* Where message `id` of the conversation stands; *found is FALSE if it is not there. */
gboolean
cau_db_message_position (CauDb          *self,
                         gint64          conversation_id,
                         gint64          id,
                         CauDbPosition  *pos,
                         gboolean       *found,
                         GError        **error)
{
  g_autoptr (CachedStmt) stmt = NULL;
  int rc;

  stmt = cau_db_prepare_cached (self,
                                "SELECT time_us FROM message"
                                " WHERE id = ?1 AND conversation_id = ?2;",
                                error);
  if (stmt == NULL)
    return FALSE;

  if (sqlite3_bind_int64 (stmt, 1, id) != SQLITE_OK ||
      sqlite3_bind_int64 (stmt, 2, conversation_id) != SQLITE_OK)
    return cau_db_bind_error (self, error);

  rc = sqlite3_step (stmt);
  *found = rc == SQLITE_ROW;
  if (rc == SQLITE_ROW)
    {
      pos->time_us = sqlite3_column_int64 (stmt, 0);
      pos->id = id;
      return TRUE;
    }
  if (rc == SQLITE_DONE)
    return TRUE;

  cau_db_set_sqlite_error (error, self->db, rc, "Could not read the message");
  return FALSE;
}

/* Like cau_db_message_position() but a missing message is an error. */
gboolean
cau_db_require_position (CauDb          *self,
                         gint64          conversation_id,
                         gint64          id,
                         CauDbPosition  *pos,
                         GError        **error)
{
  gboolean found = FALSE;

  if (!cau_db_message_position (self, conversation_id, id, pos, &found, error))
    return FALSE;
  if (!found)
    return cau_db_not_found (error, "message in this conversation", id);

  return TRUE;
}
