/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */

/* Typed queries on a CauDb: accounts, pinned certificates, entity capabilities and settings.
 * The connection, the statement cache and transactions live in cau-db.c; conversations,
 * messages and the roster in cau-db-messages.c. */

#include "config.h"

#include "cau-db.h"
#include "cau-db-private.h"

#include <string.h>

/* Accounts */

/**
 * cau_db_account_free:
 * @account: (nullable) (transfer full): an account row allocated with g_new0()
 *
 * Frees @account and its strings.
 */
void
cau_db_account_free (CauDbAccount *account)
{
  if (account == NULL)
    return;

  g_free (account->jid);
  g_free (account->resource);
  g_free (account->host);
  g_free (account->presence_show);
  g_free (account->presence_status);
  g_free (account);
}

#define ACCOUNT_COLUMNS \
  "id, jid, resource, host, port, direct_tls, enabled, presence_show, presence_status, " \
  "created_at"

static CauDbAccount *
account_from_row (sqlite3_stmt *stmt)
{
  CauDbAccount *account = g_new0 (CauDbAccount, 1);

  account->id = sqlite3_column_int64 (stmt, 0);
  account->jid = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  account->resource = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  account->host = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
  account->port = (guint16) CLAMP (sqlite3_column_int (stmt, 4), 0, G_MAXUINT16);
  account->direct_tls = sqlite3_column_int (stmt, 5) != 0;
  account->enabled = sqlite3_column_int (stmt, 6) != 0;
  account->presence_show = g_strdup ((const char *) sqlite3_column_text (stmt, 7));
  account->presence_status = g_strdup ((const char *) sqlite3_column_text (stmt, 8));
  account->created_at = sqlite3_column_int64 (stmt, 9);

  return account;
}

/* Binds the mutable columns as ?1…?8, in the order of the INSERT and UPDATE below. */
static int
bind_account (sqlite3_stmt       *stmt,
              const CauDbAccount *account)
{
  const char *show = account->presence_show != NULL ? account->presence_show : "available";
  int rc;

  if ((rc = cau_db_bind_text (stmt, 1, account->jid)) != SQLITE_OK ||
      (rc = cau_db_bind_text (stmt, 2, account->resource)) != SQLITE_OK ||
      (rc = cau_db_bind_text (stmt, 3, account->host)) != SQLITE_OK ||
      (rc = sqlite3_bind_int (stmt, 4, account->port)) != SQLITE_OK ||
      (rc = sqlite3_bind_int (stmt, 5, account->direct_tls ? 1 : 0)) != SQLITE_OK ||
      (rc = sqlite3_bind_int (stmt, 6, account->enabled ? 1 : 0)) != SQLITE_OK ||
      (rc = cau_db_bind_text (stmt, 7, show)) != SQLITE_OK ||
      (rc = cau_db_bind_text (stmt, 8, account->presence_status)) != SQLITE_OK)
    return rc;

  return SQLITE_OK;
}

/**
 * cau_db_list_accounts:
 * @self: a #CauDb
 * @error: return location for a #GError
 *
 * Lists all accounts, oldest first.
 *
 * Returns: (transfer full) (element-type CauDbAccount): the accounts, possibly none, or %NULL
 *   with @error set
 */
GPtrArray *
cau_db_list_accounts (CauDb   *self,
                      GError **error)
{
  g_autoptr (CachedStmt) stmt = NULL;
  g_autoptr (GPtrArray) accounts = NULL;
  int rc;

  g_return_val_if_fail (CAU_IS_DB (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = cau_db_prepare_cached (self, "SELECT " ACCOUNT_COLUMNS " FROM account ORDER BY id;",
                                error);
  if (stmt == NULL)
    return NULL;

  accounts = g_ptr_array_new_with_free_func ((GDestroyNotify) cau_db_account_free);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (accounts, account_from_row (stmt));

  if (rc != SQLITE_DONE)
    {
      cau_db_set_sqlite_error (error, self->db, rc, "Could not list accounts");
      return NULL;
    }

  return g_steal_pointer (&accounts);
}

/**
 * cau_db_get_account:
 * @self: a #CauDb
 * @id: the account's row id
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the account, or %NULL with @error set (%CAU_DB_ERROR_NOT_FOUND if
 *   there is no such account)
 */
CauDbAccount *
cau_db_get_account (CauDb   *self,
                    gint64   id,
                    GError **error)
{
  g_autoptr (CachedStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (CAU_IS_DB (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = cau_db_prepare_cached (self, "SELECT " ACCOUNT_COLUMNS " FROM account WHERE id = ?1;",
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
    return account_from_row (stmt);

  if (rc == SQLITE_DONE)
    g_set_error (error, CAU_DB_ERROR, CAU_DB_ERROR_NOT_FOUND,
                 "No account with id %" G_GINT64_FORMAT, id);
  else
    cau_db_set_sqlite_error (error, self->db, rc, "Could not read the account");

  return NULL;
}

static gint64
insert_account (CauDb               *self,
                const CauDbAccount  *account,
                GError             **error)
{
  g_autoptr (CachedStmt) stmt = NULL;
  gint64 created_at;

  stmt = cau_db_prepare_cached (self,
                                "INSERT INTO account (jid, resource, host, port, direct_tls,"
                                " enabled, presence_show, presence_status, created_at)"
                                " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9);",
                                error);
  if (stmt == NULL)
    return 0;

  created_at = account->created_at != 0 ? account->created_at : cau_db_now_seconds ();

  if (bind_account (stmt, account) != SQLITE_OK ||
      sqlite3_bind_int64 (stmt, 9, created_at) != SQLITE_OK)
    return cau_db_bind_error (self, error);

  if (!cau_db_step_done (self, stmt, "Could not add the account", error))
    return 0;

  return sqlite3_last_insert_rowid (self->db);
}

/* Gives back the history that cau_db_remove_account() kept for an account with this JID.
 * OR IGNORE leaves behind a conversation whose peer the account already has, which can only
 * happen when two removed accounts had the same JID. */
static gboolean
reclaim_account_history (CauDb       *self,
                         gint64       account_id,
                         const char  *jid,
                         GError     **error)
{
  g_autoptr (CachedStmt) stmt = NULL;

  stmt = cau_db_prepare_cached (self,
                                "UPDATE OR IGNORE conversation"
                                " SET account_id = ?1, account_jid = NULL"
                                " WHERE account_id IS NULL AND account_jid = ?2;",
                                error);
  if (stmt == NULL)
    return FALSE;

  if (sqlite3_bind_int64 (stmt, 1, account_id) != SQLITE_OK ||
      cau_db_bind_text (stmt, 2, jid) != SQLITE_OK)
    return cau_db_bind_error (self, error);

  return cau_db_step_done (self, stmt, "Could not restore the account's history", error);
}

/**
 * cau_db_add_account:
 * @self: a #CauDb
 * @account: the account to add; its `id` is ignored, a `created_at` of 0 means now and a
 *   %NULL `presence_show` means "available"
 * @error: return location for a #GError
 *
 * Adds an account. Fails with %CAU_DB_ERROR_EXISTS if an account has the same JID (compared
 * byte for byte: normalise it first). History kept when an account with this JID was removed
 * (see cau_db_remove_account()) becomes the new account's again.
 *
 * Returns: the new account's id (positive), or 0 with @error set
 */
gint64
cau_db_add_account (CauDb               *self,
                    const CauDbAccount  *account,
                    GError             **error)
{
  gint64 id;

  g_return_val_if_fail (CAU_IS_DB (self), 0);
  g_return_val_if_fail (account != NULL, 0);
  g_return_val_if_fail (account->jid != NULL && *account->jid != '\0', 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  if (!cau_db_savepoint_begin (self, error))
    return 0;

  id = insert_account (self, account, error);
  if (id == 0 ||
      !reclaim_account_history (self, id, account->jid, error) ||
      !cau_db_savepoint_release (self, error))
    {
      cau_db_savepoint_rollback (self);
      return 0;
    }

  return id;
}

/**
 * cau_db_update_account:
 * @self: a #CauDb
 * @account: the account, identified by its `id`; `created_at` is not changed
 * @error: return location for a #GError
 *
 * Writes every other field of @account. Fails with %CAU_DB_ERROR_NOT_FOUND if there is no
 * such account and %CAU_DB_ERROR_EXISTS if another account has the new JID.
 *
 * Returns: %TRUE if the account was updated
 */
gboolean
cau_db_update_account (CauDb               *self,
                       const CauDbAccount  *account,
                       GError             **error)
{
  g_autoptr (CachedStmt) stmt = NULL;

  g_return_val_if_fail (CAU_IS_DB (self), FALSE);
  g_return_val_if_fail (account != NULL, FALSE);
  g_return_val_if_fail (account->jid != NULL && *account->jid != '\0', FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  stmt = cau_db_prepare_cached (self,
                                "UPDATE account SET jid = ?1, resource = ?2, host = ?3, port = ?4,"
                                " direct_tls = ?5, enabled = ?6, presence_show = ?7,"
                                " presence_status = ?8"
                                " WHERE id = ?9;",
                                error);
  if (stmt == NULL)
    return FALSE;

  if (bind_account (stmt, account) != SQLITE_OK ||
      sqlite3_bind_int64 (stmt, 9, account->id) != SQLITE_OK)
    return cau_db_bind_error (self, error);

  if (!cau_db_step_done (self, stmt, "Could not update the account", error))
    return FALSE;

  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, CAU_DB_ERROR, CAU_DB_ERROR_NOT_FOUND,
                   "No account with id %" G_GINT64_FORMAT, account->id);
      return FALSE;
    }

  return TRUE;
}

/* Runs a statement taking the account id as ?1. */
static gboolean
exec_for_account (CauDb       *self,
                  const char  *sql,
                  gint64       account_id,
                  const char  *context,
                  GError     **error)
{
  g_autoptr (CachedStmt) stmt = NULL;

  stmt = cau_db_prepare_cached (self, sql, error);
  if (stmt == NULL)
    return FALSE;

  if (sqlite3_bind_int64 (stmt, 1, account_id) != SQLITE_OK)
    return cau_db_bind_error (self, error);

  return cau_db_step_done (self, stmt, context, error);
}

/* History is the one thing that outlives its account, so `conversation` does not cascade from
 * `account` (its account_id is ON DELETE SET NULL, see migration 2): this function decides.
 * Deleting the conversations deletes their messages (that one cascades). Keeping them detaches
 * them and records the account's JID, which the foreign key action alone would lose, so that
 * cau_db_add_account() can give them back if the account is added again; until then they are
 * listed under no account. The roster and MAM cursors are account state and cascade. */
static gboolean
delete_or_detach_history (CauDb    *self,
                          gint64    account_id,
                          gboolean  delete_history,
                          GError  **error)
{
  g_assert (CAU_IS_DB (self));
  g_assert (account_id > 0);

  if (delete_history)
    return exec_for_account (self, "DELETE FROM conversation WHERE account_id = ?1;",
                             account_id, "Could not delete the account's history", error);

  return exec_for_account (self,
                           "UPDATE conversation"
                           " SET account_jid = (SELECT jid FROM account WHERE id = ?1),"
                           " account_id = NULL"
                           " WHERE account_id = ?1;",
                           account_id, "Could not keep the account's history", error);
}

static gboolean
remove_account_rows (CauDb   *self,
                     gint64   id,
                     gboolean delete_history,
                     GError **error)
{
  if (!delete_or_detach_history (self, id, delete_history, error))
    return FALSE;

  if (!exec_for_account (self, "DELETE FROM setting WHERE account_id = ?1;", id,
                         "Could not remove the account's settings", error))
    return FALSE;

  /* Pinned certificates, the roster and MAM cursors go with the row (ON DELETE CASCADE). */
  if (!exec_for_account (self, "DELETE FROM account WHERE id = ?1;", id,
                         "Could not remove the account", error))
    return FALSE;

  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, CAU_DB_ERROR, CAU_DB_ERROR_NOT_FOUND,
                   "No account with id %" G_GINT64_FORMAT, id);
      return FALSE;
    }

  return TRUE;
}

/**
 * cau_db_remove_account:
 * @self: a #CauDb
 * @id: the account's row id
 * @delete_history: whether to delete the account's conversations and messages too
 * @error: return location for a #GError
 *
 * Removes an account with its pinned certificates, settings, roster and MAM cursors,
 * atomically (also inside a transaction started with cau_db_begin()). With @delete_history
 * %FALSE the account's conversations and messages are kept, under no account, until an
 * account with the same JID is added again. Fails with %CAU_DB_ERROR_NOT_FOUND if there is no
 * such account.
 *
 * Returns: %TRUE if the account was removed
 */
gboolean
cau_db_remove_account (CauDb    *self,
                       gint64    id,
                       gboolean  delete_history,
                       GError  **error)
{
  g_return_val_if_fail (CAU_IS_DB (self), FALSE);
  g_return_val_if_fail (id > 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!cau_db_savepoint_begin (self, error))
    return FALSE;

  if (!remove_account_rows (self, id, delete_history, error))
    {
      cau_db_savepoint_rollback (self);
      return FALSE;
    }

  if (!cau_db_savepoint_release (self, error))
    {
      cau_db_savepoint_rollback (self);
      return FALSE;
    }

  return TRUE;
}

/* Pinned certificates */

static gboolean
is_sha256_hex (const char *s)
{
  gsize i;

  for (i = 0; i < 64; i++)
    {
      if (!g_ascii_isxdigit (s[i]) || g_ascii_isupper (s[i]))
        return FALSE;
    }

  return s[64] == '\0';
}

/**
 * cau_db_add_cert_pin:
 * @self: a #CauDb
 * @account_id: the account's row id
 * @sha256_hex: the certificate's SHA-256 fingerprint: 64 lower-case hex digits, no colons
 * @subject: (nullable): the certificate's subject, for display
 * @error: return location for a #GError
 *
 * Pins a certificate for an account. Pinning the same fingerprint again does nothing. Fails
 * with %CAU_DB_ERROR_NOT_FOUND if there is no such account.
 *
 * Returns: %TRUE if the certificate is pinned
 */
gboolean
cau_db_add_cert_pin (CauDb       *self,
                     gint64       account_id,
                     const char  *sha256_hex,
                     const char  *subject,
                     GError     **error)
{
  g_autoptr (CachedStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (CAU_IS_DB (self), FALSE);
  g_return_val_if_fail (account_id > 0, FALSE);
  g_return_val_if_fail (sha256_hex != NULL && is_sha256_hex (sha256_hex), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  stmt = cau_db_prepare_cached (self,
                                "INSERT INTO cert_pin (account_id, sha256, subject, created_at)"
                                " VALUES (?1, ?2, ?3, ?4)"
                                " ON CONFLICT (account_id, sha256) DO NOTHING;",
                                error);
  if (stmt == NULL)
    return FALSE;

  if (sqlite3_bind_int64 (stmt, 1, account_id) != SQLITE_OK ||
      cau_db_bind_text (stmt, 2, sha256_hex) != SQLITE_OK ||
      cau_db_bind_text (stmt, 3, subject) != SQLITE_OK ||
      sqlite3_bind_int64 (stmt, 4, cau_db_now_seconds ()) != SQLITE_OK)
    return cau_db_bind_error (self, error);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_CONSTRAINT_FOREIGNKEY)
    {
      g_set_error (error, CAU_DB_ERROR, CAU_DB_ERROR_NOT_FOUND,
                   "No account with id %" G_GINT64_FORMAT, account_id);
      return FALSE;
    }
  if (rc != SQLITE_DONE)
    {
      cau_db_set_sqlite_error (error, self->db, rc, "Could not pin the certificate");
      return FALSE;
    }

  return TRUE;
}

/**
 * cau_db_list_cert_pins:
 * @self: a #CauDb
 * @account_id: the account's row id
 * @error: return location for a #GError
 *
 * Lists the fingerprints pinned for an account, oldest first.
 *
 * Returns: (transfer full): the fingerprints, possibly none, or %NULL with @error set
 */
GStrv
cau_db_list_cert_pins (CauDb   *self,
                       gint64   account_id,
                       GError **error)
{
  g_autoptr (CachedStmt) stmt = NULL;
  g_autoptr (GStrvBuilder) builder = NULL;
  int rc;

  g_return_val_if_fail (CAU_IS_DB (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = cau_db_prepare_cached (self,
                                "SELECT sha256 FROM cert_pin WHERE account_id = ?1"
                                " ORDER BY created_at, rowid;",
                                error);
  if (stmt == NULL)
    return NULL;

  if (sqlite3_bind_int64 (stmt, 1, account_id) != SQLITE_OK)
    {
      cau_db_bind_error (self, error);
      return NULL;
    }

  builder = g_strv_builder_new ();

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_strv_builder_add (builder, (const char *) sqlite3_column_text (stmt, 0));

  if (rc != SQLITE_DONE)
    {
      cau_db_set_sqlite_error (error, self->db, rc, "Could not list pinned certificates");
      return NULL;
    }

  return g_strv_builder_end (builder);
}

/* Entity capabilities */

/**
 * cau_db_put_caps:
 * @self: a #CauDb
 * @ver: the verification string
 * @hash: the hash function that produced @ver, such as "sha-1"
 * @features: the features @ver stands for
 * @error: return location for a #GError
 *
 * Caches the features behind a verification string, replacing any earlier entry. Features are
 * stored one per line, so a feature that is empty or contains a line break is refused with
 * %CAU_DB_ERROR_INVALID.
 *
 * Returns: %TRUE if the entry was stored
 */
gboolean
cau_db_put_caps (CauDb               *self,
                 const char          *ver,
                 const char          *hash,
                 const char * const  *features,
                 GError             **error)
{
  g_autoptr (CachedStmt) stmt = NULL;
  g_autofree char *joined = NULL;
  gsize i;

  g_return_val_if_fail (CAU_IS_DB (self), FALSE);
  g_return_val_if_fail (ver != NULL, FALSE);
  g_return_val_if_fail (hash != NULL, FALSE);
  g_return_val_if_fail (features != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* Features come from the network: reject what the line format would silently change. */
  for (i = 0; features[i] != NULL; i++)
    {
      if (features[i][0] == '\0' || strpbrk (features[i], "\r\n") != NULL)
        {
          g_set_error (error, CAU_DB_ERROR, CAU_DB_ERROR_INVALID,
                       "Feature %" G_GSIZE_FORMAT " is empty or contains a line break", i);
          return FALSE;
        }
    }

  stmt = cau_db_prepare_cached (self,
                                "INSERT INTO entity_caps (ver, hash, features, created_at)"
                                " VALUES (?1, ?2, ?3, ?4)"
                                " ON CONFLICT (ver) DO UPDATE SET hash = excluded.hash,"
                                " features = excluded.features;",
                                error);
  if (stmt == NULL)
    return FALSE;

  joined = g_strjoinv ("\n", (char **) features);

  if (cau_db_bind_text (stmt, 1, ver) != SQLITE_OK ||
      cau_db_bind_text (stmt, 2, hash) != SQLITE_OK ||
      cau_db_bind_text (stmt, 3, joined) != SQLITE_OK ||
      sqlite3_bind_int64 (stmt, 4, cau_db_now_seconds ()) != SQLITE_OK)
    return cau_db_bind_error (self, error);

  return cau_db_step_done (self, stmt, "Could not store capabilities", error);
}

static GStrv
split_features (const char *joined)
{
  if (joined == NULL || *joined == '\0')
    return g_new0 (char *, 1);

  return g_strsplit (joined, "\n", -1);
}

/**
 * cau_db_get_caps:
 * @self: a #CauDb
 * @ver: the verification string
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the features cached for @ver, or %NULL with @error set
 *   (%CAU_DB_ERROR_NOT_FOUND if @ver is not cached)
 */
GStrv
cau_db_get_caps (CauDb       *self,
                 const char  *ver,
                 GError     **error)
{
  g_autoptr (CachedStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (CAU_IS_DB (self), NULL);
  g_return_val_if_fail (ver != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = cau_db_prepare_cached (self, "SELECT features FROM entity_caps WHERE ver = ?1;", error);
  if (stmt == NULL)
    return NULL;

  if (cau_db_bind_text (stmt, 1, ver) != SQLITE_OK)
    {
      cau_db_bind_error (self, error);
      return NULL;
    }

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return split_features ((const char *) sqlite3_column_text (stmt, 0));

  if (rc == SQLITE_DONE)
    g_set_error_literal (error, CAU_DB_ERROR, CAU_DB_ERROR_NOT_FOUND,
                         "No capabilities cached for this verification string");
  else
    cau_db_set_sqlite_error (error, self->db, rc, "Could not read capabilities");

  return NULL;
}

/**
 * cau_db_load_all_caps:
 * @self: a #CauDb
 * @error: return location for a #GError
 *
 * Loads the whole capabilities cache, to fill an in-memory cache at startup.
 *
 * Returns: (transfer full) (element-type utf8 GStrv): verification string → features, possibly
 *   empty, or %NULL with @error set
 */
GHashTable *
cau_db_load_all_caps (CauDb   *self,
                      GError **error)
{
  g_autoptr (CachedStmt) stmt = NULL;
  g_autoptr (GHashTable) caps = NULL;
  int rc;

  g_return_val_if_fail (CAU_IS_DB (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = cau_db_prepare_cached (self, "SELECT ver, features FROM entity_caps;", error);
  if (stmt == NULL)
    return NULL;

  caps = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_strfreev);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_insert (caps,
                         g_strdup ((const char *) sqlite3_column_text (stmt, 0)),
                         split_features ((const char *) sqlite3_column_text (stmt, 1)));

  if (rc != SQLITE_DONE)
    {
      cau_db_set_sqlite_error (error, self->db, rc, "Could not load capabilities");
      return NULL;
    }

  return g_steal_pointer (&caps);
}

/* Settings */

/**
 * cau_db_set_setting:
 * @self: a #CauDb
 * @account_id: the account's row id, or 0 for a global setting
 * @key: the setting's name
 * @value: (nullable): the new value; %NULL removes the setting
 * @error: return location for a #GError
 *
 * Stores a setting, replacing any earlier value. Fails with %CAU_DB_ERROR_NOT_FOUND if
 * @account_id is not 0 and there is no such account.
 *
 * Returns: %TRUE if the setting was stored or removed
 */
gboolean
cau_db_set_setting (CauDb       *self,
                    gint64       account_id,
                    const char  *key,
                    const char  *value,
                    GError     **error)
{
  g_autoptr (CachedStmt) stmt = NULL;

  g_return_val_if_fail (CAU_IS_DB (self), FALSE);
  g_return_val_if_fail (account_id >= 0, FALSE);
  g_return_val_if_fail (key != NULL && *key != '\0', FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (value == NULL)
    stmt = cau_db_prepare_cached (self, "DELETE FROM setting WHERE account_id = ?1 AND key = ?2;",
                                  error);
  else
    /* `setting` has no foreign key (0 means global), so check the account here: a setting
     * for a missing account would never be removed. */
    stmt = cau_db_prepare_cached (self,
                                  "INSERT INTO setting (account_id, key, value)"
                                  " SELECT ?1, ?2, ?3"
                                  " WHERE ?1 = 0 OR EXISTS (SELECT 1 FROM account WHERE id = ?1)"
                                  " ON CONFLICT (account_id, key)"
                                  " DO UPDATE SET value = excluded.value;",
                                  error);
  if (stmt == NULL)
    return FALSE;

  if (sqlite3_bind_int64 (stmt, 1, account_id) != SQLITE_OK ||
      cau_db_bind_text (stmt, 2, key) != SQLITE_OK ||
      (value != NULL && cau_db_bind_text (stmt, 3, value) != SQLITE_OK))
    return cau_db_bind_error (self, error);

  if (!cau_db_step_done (self, stmt, "Could not store the setting", error))
    return FALSE;

  if (value != NULL && sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, CAU_DB_ERROR, CAU_DB_ERROR_NOT_FOUND,
                   "No account with id %" G_GINT64_FORMAT, account_id);
      return FALSE;
    }

  return TRUE;
}

/**
 * cau_db_get_setting:
 * @self: a #CauDb
 * @account_id: the account's row id, or 0 for a global setting
 * @key: the setting's name
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the value, or %NULL with @error set (%CAU_DB_ERROR_NOT_FOUND if
 *   the setting is not stored)
 */
char *
cau_db_get_setting (CauDb       *self,
                    gint64       account_id,
                    const char  *key,
                    GError     **error)
{
  g_autoptr (CachedStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (CAU_IS_DB (self), NULL);
  g_return_val_if_fail (account_id >= 0, NULL);
  g_return_val_if_fail (key != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = cau_db_prepare_cached (self,
                                "SELECT value FROM setting WHERE account_id = ?1 AND key = ?2;",
                                error);
  if (stmt == NULL)
    return NULL;

  if (sqlite3_bind_int64 (stmt, 1, account_id) != SQLITE_OK ||
      cau_db_bind_text (stmt, 2, key) != SQLITE_OK)
    {
      cau_db_bind_error (self, error);
      return NULL;
    }

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return g_strdup ((const char *) sqlite3_column_text (stmt, 0));

  if (rc == SQLITE_DONE)
    g_set_error (error, CAU_DB_ERROR, CAU_DB_ERROR_NOT_FOUND, "No setting %s", key);
  else
    cau_db_set_sqlite_error (error, self->db, rc, "Could not read the setting");

  return NULL;
}
