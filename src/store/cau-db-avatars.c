/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */

/* Which avatar each contact last announced (cau-db.h). */

#include "config.h"

#include "cau-db-private.h"
#include "cau-db-messages-private.h"

/**
 * cau_db_list_avatars:
 * @self: a #CauDb
 * @account_id: the account's row id
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): bare JID → avatar hash, for every
 *   contact (and the account itself) known to have one; %NULL with @error set
 */
GHashTable *
cau_db_list_avatars (CauDb   *self,
                     gint64   account_id,
                     GError **error)
{
  g_autoptr (CachedStmt) stmt = NULL;
  g_autoptr (GHashTable) avatars = NULL;
  int rc;

  g_return_val_if_fail (CAU_IS_DB (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = cau_db_prepare_cached (self, "SELECT jid, hash FROM avatar WHERE account_id = ?1;",
                                error);
  if (stmt == NULL)
    return NULL;
  if (sqlite3_bind_int64 (stmt, 1, account_id) != SQLITE_OK)
    {
      cau_db_bind_error (self, error);
      return NULL;
    }

  avatars = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_insert (avatars,
                         g_strdup ((const char *) sqlite3_column_text (stmt, 0)),
                         g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
  if (rc != SQLITE_DONE)
    {
      cau_db_set_sqlite_error (error, self->db, rc, "Could not read avatars");
      return NULL;
    }
  return g_steal_pointer (&avatars);
}

/**
 * cau_db_set_avatar:
 * @self: a #CauDb
 * @account_id: the account's row id
 * @jid: a bare JID
 * @hash: (nullable): its avatar's SHA-1 in lower-case hex; %NULL: it has none
 * @error: return location for a #GError
 *
 * Returns: %TRUE if stored; fails with %CAU_DB_ERROR_NOT_FOUND if there is no such account
 */
gboolean
cau_db_set_avatar (CauDb       *self,
                   gint64       account_id,
                   const char  *jid,
                   const char  *hash,
                   GError     **error)
{
  g_autoptr (CachedStmt) stmt = NULL;

  g_return_val_if_fail (CAU_IS_DB (self), FALSE);
  g_return_val_if_fail (jid != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (hash == NULL)
    stmt = cau_db_prepare_cached (self, "DELETE FROM avatar WHERE account_id = ?1 AND jid = ?2;",
                                  error);
  else
    stmt = cau_db_prepare_cached (self,
                                  "INSERT INTO avatar (account_id, jid, hash) VALUES (?1, ?2, ?3)"
                                  " ON CONFLICT (account_id, jid) DO UPDATE SET"
                                  " hash = excluded.hash;",
                                  error);
  if (stmt == NULL)
    return FALSE;

  if (sqlite3_bind_int64 (stmt, 1, account_id) != SQLITE_OK ||
      cau_db_bind_text (stmt, 2, jid) != SQLITE_OK ||
      (hash != NULL && cau_db_bind_text (stmt, 3, hash) != SQLITE_OK))
    return cau_db_bind_error (self, error);

  return cau_db_step_write (self, stmt, "account", account_id, "Could not store an avatar",
                            error);
}

/**
 * cau_db_has_contact:
 * @self: a #CauDb
 * @account_id: the account's row id
 * @jid: a bare JID
 *
 * Returns: whether @jid is in the account's roster (%FALSE on errors)
 */
gboolean
cau_db_has_contact (CauDb      *self,
                    gint64      account_id,
                    const char *jid)
{
  g_autoptr (CachedStmt) stmt = NULL;

  g_return_val_if_fail (CAU_IS_DB (self), FALSE);
  g_return_val_if_fail (jid != NULL, FALSE);

  stmt = cau_db_prepare_cached (self,
                                "SELECT 1 FROM contact WHERE account_id = ?1 AND jid = ?2;",
                                NULL);
  if (stmt == NULL ||
      sqlite3_bind_int64 (stmt, 1, account_id) != SQLITE_OK ||
      cau_db_bind_text (stmt, 2, jid) != SQLITE_OK)
    return FALSE;
  return sqlite3_step (stmt) == SQLITE_ROW;
}

/**
 * cau_db_list_all_avatar_hashes:
 * @self: a #CauDb
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the set of avatar hashes any account
 *   holds; %NULL with @error set
 */
GHashTable *
cau_db_list_all_avatar_hashes (CauDb   *self,
                               GError **error)
{
  g_autoptr (CachedStmt) stmt = NULL;
  g_autoptr (GHashTable) hashes = NULL;
  int rc;

  g_return_val_if_fail (CAU_IS_DB (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = cau_db_prepare_cached (self, "SELECT DISTINCT hash FROM avatar;", error);
  if (stmt == NULL)
    return NULL;

  hashes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_add (hashes, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  if (rc != SQLITE_DONE)
    {
      cau_db_set_sqlite_error (error, self->db, rc, "Could not read avatars");
      return NULL;
    }
  return g_steal_pointer (&hashes);
}
