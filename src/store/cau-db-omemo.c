/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */

/* OMEMO's keys, devices and sessions (cau-db-omemo.h). */

#include "config.h"

#include "cau-db-omemo.h"
#include "cau-db-messages-private.h"

void
cau_db_omemo_own_free (CauDbOmemoOwn *own)
{
  if (own == NULL)
    return;
  g_clear_pointer (&own->public_key, g_bytes_unref);
  g_clear_pointer (&own->private_key, g_bytes_unref);
  g_free (own);
}

void
cau_db_omemo_key_free (CauDbOmemoKey *key)
{
  if (key == NULL)
    return;
  g_clear_pointer (&key->record, g_bytes_unref);
  g_free (key);
}

void
cau_db_omemo_device_free (CauDbOmemoDevice *device)
{
  if (device == NULL)
    return;
  g_free (device->jid);
  g_free (device->label);
  g_clear_pointer (&device->identity_key, g_bytes_unref);
  g_free (device);
}

static gboolean
bind_account (CauDb         *self,
              sqlite3_stmt  *stmt,
              gint64         account_id,
              GError       **error)
{
  if (sqlite3_bind_int64 (stmt, 1, account_id) != SQLITE_OK)
    return cau_db_bind_error (self, error);
  return TRUE;
}

/* Own device */

/**
 * cau_db_omemo_get_own:
 * @self: a #CauDb
 * @account_id: the account's row id
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the account's OMEMO device; %NULL with @error set
 *   (%CAU_DB_ERROR_NOT_FOUND if it has none yet)
 */
CauDbOmemoOwn *
cau_db_omemo_get_own (CauDb   *self,
                      gint64   account_id,
                      GError **error)
{
  g_autoptr (CachedStmt) stmt = NULL;
  g_autoptr (CauDbOmemoOwn) own = NULL;
  int rc;

  g_return_val_if_fail (CAU_IS_DB (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = cau_db_prepare_cached (self,
                                "SELECT device_id, public_key, private_key, next_pre_key_id"
                                " FROM omemo_own WHERE account_id = ?1;",
                                error);
  if (stmt == NULL || !bind_account (self, stmt, account_id, error))
    return NULL;

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      cau_db_not_found (error, "OMEMO device for account", account_id);
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      cau_db_set_sqlite_error (error, self->db, rc, "Could not read the OMEMO device");
      return NULL;
    }

  own = g_new0 (CauDbOmemoOwn, 1);
  own->device_id = (guint32) sqlite3_column_int64 (stmt, 0);
  own->public_key = cau_db_column_bytes (stmt, 1);
  own->private_key = cau_db_column_bytes (stmt, 2);
  own->next_pre_key_id = (guint32) sqlite3_column_int64 (stmt, 3);
  return g_steal_pointer (&own);
}

/**
 * cau_db_omemo_create_own:
 * @self: a #CauDb
 * @account_id: the account's row id
 * @own: the new device (`next_pre_key_id` 0 means 1)
 * @error: return location for a #GError
 *
 * Returns: %TRUE if stored; fails with %CAU_DB_ERROR_EXISTS if the account already has a
 *   device, %CAU_DB_ERROR_NOT_FOUND if there is no such account
 */
gboolean
cau_db_omemo_create_own (CauDb               *self,
                         gint64               account_id,
                         const CauDbOmemoOwn *own,
                         GError             **error)
{
  g_autoptr (CachedStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (CAU_IS_DB (self), FALSE);
  g_return_val_if_fail (own != NULL && own->public_key != NULL && own->private_key != NULL,
                        FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  stmt = cau_db_prepare_cached (self,
                                "INSERT INTO omemo_own (account_id, device_id, public_key,"
                                " private_key, next_pre_key_id, created_at)"
                                " VALUES (?1, ?2, ?3, ?4, ?5, ?6);",
                                error);
  if (stmt == NULL)
    return FALSE;
  if (sqlite3_bind_int64 (stmt, 1, account_id) != SQLITE_OK ||
      sqlite3_bind_int64 (stmt, 2, own->device_id) != SQLITE_OK ||
      cau_db_bind_bytes (stmt, 3, own->public_key) != SQLITE_OK ||
      cau_db_bind_bytes (stmt, 4, own->private_key) != SQLITE_OK ||
      sqlite3_bind_int64 (stmt, 5, MAX (own->next_pre_key_id, 1)) != SQLITE_OK ||
      sqlite3_bind_int64 (stmt, 6, cau_db_now_seconds ()) != SQLITE_OK)
    return cau_db_bind_error (self, error);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_CONSTRAINT_PRIMARYKEY)
    {
      g_set_error (error, CAU_DB_ERROR, CAU_DB_ERROR_EXISTS,
                   "Account %" G_GINT64_FORMAT " already has an OMEMO device", account_id);
      return FALSE;
    }
  if (rc == SQLITE_CONSTRAINT_FOREIGNKEY)
    return cau_db_not_found (error, "account", account_id);
  if (rc != SQLITE_DONE)
    {
      cau_db_set_sqlite_error (error, self->db, rc, "Could not store the OMEMO device");
      return FALSE;
    }
  return TRUE;
}

/* libsignal's pre-key ids are 24-bit: the counter wraps to 1 after 0xFFFFFF. */
#define PRE_KEY_ID_MAX 0xFFFFFFu

/**
 * cau_db_omemo_take_pre_key_ids:
 * @self: a #CauDb
 * @account_id: the account's row id
 * @count: how many ids, at most 1000
 * @first_id: (out): the first of @count consecutive ids (they wrap from 0xFFFFFF to 1)
 * @error: return location for a #GError
 *
 * Reserves ids for new pre-keys: an id is never given twice (until 16 million keys later).
 *
 * Returns: %TRUE if reserved; %CAU_DB_ERROR_NOT_FOUND if the account has no OMEMO device
 */
gboolean
cau_db_omemo_take_pre_key_ids (CauDb    *self,
                               gint64    account_id,
                               guint     count,
                               guint32  *first_id,
                               GError  **error)
{
  g_autoptr (CachedStmt) stmt = NULL;
  gint64 first = 0;

  g_return_val_if_fail (CAU_IS_DB (self), FALSE);
  g_return_val_if_fail (count > 0 && count <= 1000, FALSE);
  g_return_val_if_fail (first_id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  stmt = cau_db_prepare_cached (self,
                                "UPDATE omemo_own SET next_pre_key_id ="
                                " (next_pre_key_id - 1 + ?2) % ?3 + 1"
                                " WHERE account_id = ?1 RETURNING"
                                " (next_pre_key_id - 1 - ?2 + ?3) % ?3 + 1;",
                                error);
  if (stmt == NULL)
    return FALSE;
  if (sqlite3_bind_int64 (stmt, 1, account_id) != SQLITE_OK ||
      sqlite3_bind_int64 (stmt, 2, count) != SQLITE_OK ||
      sqlite3_bind_int64 (stmt, 3, PRE_KEY_ID_MAX) != SQLITE_OK)
    return cau_db_bind_error (self, error);

  if (!cau_db_step_int64 (self, stmt, &first, "Could not reserve pre-key ids", error))
    return FALSE;
  if (first == 0)
    return cau_db_not_found (error, "OMEMO device for account", account_id);

  *first_id = (guint32) first;
  return TRUE;
}

/* Pre-keys and signed pre-keys: the same statements on two tables. */

/* Binds ?1 the account, ?2 a key id and, where the statement has them, ?3 `record` (or the
 * time when there is no record) and ?4 the time. */
static sqlite3_stmt *
prepare_key_statement (CauDb        *self,
                       const char   *sql,
                       gint64        account_id,
                       guint32       id,
                       GBytes       *record,
                       GError      **error)
{
  sqlite3_stmt *stmt = cau_db_prepare_cached (self, sql, error);
  int n_params;
  gint64 now = cau_db_now_seconds ();

  if (stmt == NULL)
    return NULL;
  n_params = sqlite3_bind_parameter_count (stmt);
  if (sqlite3_bind_int64 (stmt, 1, account_id) != SQLITE_OK ||
      sqlite3_bind_int64 (stmt, 2, id) != SQLITE_OK ||
      (n_params >= 3 && (record != NULL ? cau_db_bind_bytes (stmt, 3, record)
                                        : sqlite3_bind_int64 (stmt, 3, now)) != SQLITE_OK) ||
      (n_params >= 4 && sqlite3_bind_int64 (stmt, 4, now) != SQLITE_OK))
    {
      cau_db_bind_error (self, error);
      cau_db_cached_stmt_release (stmt);
      return NULL;
    }
  return stmt;
}

static GBytes *
load_key (CauDb       *self,
          const char  *sql,
          gint64       account_id,
          guint32      id,
          const char  *what,
          GError     **error)
{
  g_autoptr (CachedStmt) stmt = prepare_key_statement (self, sql, account_id, id, NULL, error);

  return stmt != NULL ? cau_db_step_bytes (self, stmt, what, id, error) : NULL;
}

static gboolean
write_key (CauDb       *self,
           const char  *sql,
           gint64       account_id,
           guint32      id,
           GBytes      *record,
           const char  *context,
           GError     **error)
{
  g_autoptr (CachedStmt) stmt = prepare_key_statement (self, sql, account_id, id, record, error);

  if (stmt == NULL)
    return FALSE;
  if (record != NULL)
    return cau_db_step_write (self, stmt, "account", account_id, context, error);
  return cau_db_step_done (self, stmt, context, error);
}

/* Pre-keys */

/**
 * cau_db_omemo_load_pre_key:
 * @self: a #CauDb
 * @account_id: the account's row id
 * @id: the pre-key's id
 * @error: return location for a #GError
 *
 * A pre-key already used by a key exchange is still returned until
 * cau_db_omemo_delete_used_pre_keys() runs, so that the same exchange received twice (live and
 * from the archive) decrypts both times.
 *
 * Returns: (transfer full) (nullable): its record; %NULL with @error set
 *   (%CAU_DB_ERROR_NOT_FOUND if there is none)
 */
GBytes *
cau_db_omemo_load_pre_key (CauDb    *self,
                           gint64    account_id,
                           guint32   id,
                           GError  **error)
{
  g_return_val_if_fail (CAU_IS_DB (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return load_key (self, "SELECT record FROM omemo_pre_key WHERE account_id = ?1 AND id = ?2;",
                   account_id, id, "pre-key", error);
}

/**
 * cau_db_omemo_store_pre_key:
 * @self: a #CauDb
 * @account_id: the account's row id
 * @id: the pre-key's id
 * @record: its serialised record
 * @error: return location for a #GError
 *
 * Stores a new (unused) pre-key, or replaces the one with this id.
 *
 * Returns: %TRUE if stored; %CAU_DB_ERROR_NOT_FOUND if there is no such account
 */
gboolean
cau_db_omemo_store_pre_key (CauDb    *self,
                            gint64    account_id,
                            guint32   id,
                            GBytes   *record,
                            GError  **error)
{
  g_return_val_if_fail (CAU_IS_DB (self), FALSE);
  g_return_val_if_fail (record != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return write_key (self,
                    "INSERT INTO omemo_pre_key (account_id, id, record) VALUES (?1, ?2, ?3)"
                    " ON CONFLICT (account_id, id) DO UPDATE"
                    " SET record = excluded.record, used_at = NULL;",
                    account_id, id, record, "Could not store a pre-key", error);
}

/**
 * cau_db_omemo_mark_pre_key_used:
 * @self: a #CauDb
 * @account_id: the account's row id
 * @id: the pre-key's id
 * @error: return location for a #GError
 *
 * Records that a key exchange used the pre-key: it leaves our bundle at the next
 * publication and is deleted by cau_db_omemo_delete_used_pre_keys(). Marking a used or
 * missing key again is not an error.
 *
 * Returns: %TRUE unless the database failed
 */
gboolean
cau_db_omemo_mark_pre_key_used (CauDb    *self,
                                gint64    account_id,
                                guint32   id,
                                GError  **error)
{
  g_return_val_if_fail (CAU_IS_DB (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return write_key (self,
                    "UPDATE omemo_pre_key SET used_at = ?3"
                    " WHERE account_id = ?1 AND id = ?2 AND used_at IS NULL;",
                    account_id, id, NULL, "Could not mark a pre-key used", error);
}

static GPtrArray *
list_keys (CauDb       *self,
           const char  *sql,
           gint64       account_id,
           GError     **error)
{
  g_autoptr (CachedStmt) stmt = NULL;
  g_autoptr (GPtrArray) keys = NULL;
  int rc;

  stmt = cau_db_prepare_cached (self, sql, error);
  if (stmt == NULL || !bind_account (self, stmt, account_id, error))
    return NULL;

  keys = g_ptr_array_new_with_free_func ((GDestroyNotify) cau_db_omemo_key_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CauDbOmemoKey *key = g_new0 (CauDbOmemoKey, 1);

      key->id = (guint32) sqlite3_column_int64 (stmt, 0);
      key->record = cau_db_column_bytes (stmt, 1);
      key->created_at = sqlite3_column_int64 (stmt, 2);
      g_ptr_array_add (keys, key);
    }
  if (rc != SQLITE_DONE)
    {
      cau_db_set_sqlite_error (error, self->db, rc, "Could not list OMEMO keys");
      return NULL;
    }
  return g_steal_pointer (&keys);
}

/**
 * cau_db_omemo_list_pre_keys:
 * @self: a #CauDb
 * @account_id: the account's row id
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type CauDbOmemoKey) (nullable): the unused pre-keys, the
 *   ones a bundle offers, by id; %NULL with @error set
 */
GPtrArray *
cau_db_omemo_list_pre_keys (CauDb   *self,
                            gint64   account_id,
                            GError **error)
{
  g_return_val_if_fail (CAU_IS_DB (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return list_keys (self,
                    "SELECT id, record, 0 FROM omemo_pre_key"
                    " WHERE account_id = ?1 AND used_at IS NULL ORDER BY id;",
                    account_id, error);
}

/**
 * cau_db_omemo_delete_used_pre_keys:
 * @self: a #CauDb
 * @account_id: the account's row id
 * @error: return location for a #GError
 *
 * Deletes the pre-keys key exchanges used. Call it once the catch-up that could bring those
 * exchanges again is over.
 *
 * Returns: how many were deleted, or -1 with @error set
 */
gint
cau_db_omemo_delete_used_pre_keys (CauDb   *self,
                                   gint64   account_id,
                                   GError **error)
{
  g_autoptr (CachedStmt) stmt = NULL;

  g_return_val_if_fail (CAU_IS_DB (self), -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  stmt = cau_db_prepare_cached (self,
                                "DELETE FROM omemo_pre_key"
                                " WHERE account_id = ?1 AND used_at IS NOT NULL;",
                                error);
  if (stmt == NULL || !bind_account (self, stmt, account_id, error))
    return -1;
  if (!cau_db_step_done (self, stmt, "Could not delete used pre-keys", error))
    return -1;
  return sqlite3_changes (self->db);
}

/* Signed pre-keys */

/**
 * cau_db_omemo_load_signed_pre_key:
 * @self: a #CauDb
 * @account_id: the account's row id
 * @id: the signed pre-key's id
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): its record; %NULL with @error set
 *   (%CAU_DB_ERROR_NOT_FOUND if there is none)
 */
GBytes *
cau_db_omemo_load_signed_pre_key (CauDb    *self,
                                  gint64    account_id,
                                  guint32   id,
                                  GError  **error)
{
  g_return_val_if_fail (CAU_IS_DB (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return load_key (self,
                   "SELECT record FROM omemo_signed_pre_key WHERE account_id = ?1 AND id = ?2;",
                   account_id, id, "signed pre-key", error);
}

/**
 * cau_db_omemo_store_signed_pre_key:
 * @self: a #CauDb
 * @account_id: the account's row id
 * @id: the signed pre-key's id
 * @record: its serialised record
 * @error: return location for a #GError
 *
 * Returns: %TRUE if stored; %CAU_DB_ERROR_NOT_FOUND if there is no such account
 */
gboolean
cau_db_omemo_store_signed_pre_key (CauDb    *self,
                                   gint64    account_id,
                                   guint32   id,
                                   GBytes   *record,
                                   GError  **error)
{
  g_return_val_if_fail (CAU_IS_DB (self), FALSE);
  g_return_val_if_fail (record != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return write_key (self,
                    "INSERT INTO omemo_signed_pre_key (account_id, id, record, created_at)"
                    " VALUES (?1, ?2, ?3, ?4) ON CONFLICT (account_id, id) DO UPDATE"
                    " SET record = excluded.record;",
                    account_id, id, record, "Could not store a signed pre-key", error);
}

/**
 * cau_db_omemo_remove_signed_pre_key:
 * @self: a #CauDb
 * @account_id: the account's row id
 * @id: the signed pre-key's id
 * @error: return location for a #GError
 *
 * Returns: %TRUE unless the database failed (a missing key is not an error)
 */
gboolean
cau_db_omemo_remove_signed_pre_key (CauDb    *self,
                                    gint64    account_id,
                                    guint32   id,
                                    GError  **error)
{
  g_return_val_if_fail (CAU_IS_DB (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return write_key (self,
                    "DELETE FROM omemo_signed_pre_key WHERE account_id = ?1 AND id = ?2;",
                    account_id, id, NULL, "Could not remove a signed pre-key", error);
}

/**
 * cau_db_omemo_list_signed_pre_keys:
 * @self: a #CauDb
 * @account_id: the account's row id
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type CauDbOmemoKey) (nullable): the signed pre-keys,
 *   oldest first, with the time each was stored; %NULL with @error set
 */
GPtrArray *
cau_db_omemo_list_signed_pre_keys (CauDb   *self,
                                   gint64   account_id,
                                   GError **error)
{
  g_return_val_if_fail (CAU_IS_DB (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return list_keys (self,
                    "SELECT id, record, created_at FROM omemo_signed_pre_key"
                    " WHERE account_id = ?1 ORDER BY created_at, id;",
                    account_id, error);
}
