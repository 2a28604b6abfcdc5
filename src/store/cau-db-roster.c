/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */

/* MAM catch-up cursors and the roster (cau-db-messages.h). */

#include "config.h"

#include "cau-db-messages.h"
#include "cau-db-messages-private.h"

#include <string.h>

/* MAM cursors */

/**
 * cau_db_get_mam_cursor:
 * @self: a #CauDb
 * @account_id: the account's row id
 * @archive: the archive's bare JID: our own for one-to-one chats
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the newest archive id held with no gap before it;
 *   %NULL when there is none or with @error set
 */
char *
cau_db_get_mam_cursor (CauDb       *self,
                       gint64       account_id,
                       const char  *archive,
                       GError     **error)
{
  g_autoptr (CachedStmt) stmt = NULL;
  char *stanza_id = NULL;

  g_return_val_if_fail (CAU_IS_DB (self), NULL);
  g_return_val_if_fail (archive != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = cau_db_prepare_cached (self,
                                "SELECT stanza_id FROM mam_cursor"
                                " WHERE account_id = ?1 AND archive = ?2;",
                                error);
  if (stmt == NULL)
    return NULL;

  if (sqlite3_bind_int64 (stmt, 1, account_id) != SQLITE_OK ||
      cau_db_bind_text (stmt, 2, archive) != SQLITE_OK)
    {
      cau_db_bind_error (self, error);
      return NULL;
    }

  if (!cau_db_step_text (self, stmt, &stanza_id, "Could not read the archive cursor", error))
    return NULL;

  return stanza_id;
}

/**
 * cau_db_set_mam_cursor:
 * @self: a #CauDb
 * @account_id: the account's row id
 * @archive: the archive's bare JID
 * @stanza_id: (nullable): the newest archive id held with no gap; %NULL forgets the cursor
 * @error: return location for a #GError
 *
 * Returns: %TRUE if stored; fails with %CAU_DB_ERROR_NOT_FOUND if there is no such account
 */
gboolean
cau_db_set_mam_cursor (CauDb       *self,
                       gint64       account_id,
                       const char  *archive,
                       const char  *stanza_id,
                       GError     **error)
{
  g_autoptr (CachedStmt) stmt = NULL;

  g_return_val_if_fail (CAU_IS_DB (self), FALSE);
  g_return_val_if_fail (archive != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (stanza_id == NULL)
    stmt = cau_db_prepare_cached (self,
                                  "DELETE FROM mam_cursor WHERE account_id = ?1 AND archive = ?2;",
                                  error);
  else
    stmt = cau_db_prepare_cached (self,
                                  "INSERT INTO mam_cursor (account_id, archive, stanza_id)"
                                  " VALUES (?1, ?2, ?3)"
                                  " ON CONFLICT (account_id, archive)"
                                  " DO UPDATE SET stanza_id = excluded.stanza_id;",
                                  error);
  if (stmt == NULL)
    return FALSE;

  if (sqlite3_bind_int64 (stmt, 1, account_id) != SQLITE_OK ||
      cau_db_bind_text (stmt, 2, archive) != SQLITE_OK ||
      (stanza_id != NULL && cau_db_bind_text (stmt, 3, stanza_id) != SQLITE_OK))
    return cau_db_bind_error (self, error);

  return cau_db_step_write (self, stmt, "account", account_id,
                            "Could not store the archive cursor", error);
}

/* Roster: the struct */

/**
 * cau_db_contact_new:
 *
 * Returns: (transfer full): an empty contact, with no groups
 */
CauDbContact *
cau_db_contact_new (void)
{
  CauDbContact *contact = g_new0 (CauDbContact, 1);

  contact->groups = g_new0 (char *, 1);
  return contact;
}

/**
 * cau_db_contact_copy:
 * @contact: a contact
 *
 * Returns: (transfer full): a deep copy of @contact
 */
CauDbContact *
cau_db_contact_copy (const CauDbContact *contact)
{
  CauDbContact *copy;

  g_return_val_if_fail (contact != NULL, NULL);

  copy = g_new0 (CauDbContact, 1);
  copy->account_id = contact->account_id;
  copy->jid = g_strdup (contact->jid);
  copy->name = g_strdup (contact->name);
  copy->subscription = g_strdup (contact->subscription);
  copy->ask = contact->ask;
  copy->groups = contact->groups != NULL ? g_strdupv (contact->groups) : g_new0 (char *, 1);

  return copy;
}

/**
 * cau_db_contact_free:
 * @contact: (nullable) (transfer full): a contact
 *
 * Frees @contact, its strings and groups.
 */
void
cau_db_contact_free (CauDbContact *contact)
{
  if (contact == NULL)
    return;

  g_free (contact->jid);
  g_free (contact->name);
  g_free (contact->subscription);
  g_strfreev (contact->groups);
  g_free (contact);
}

/* Roster */

static CauDbContact *
contact_from_row (sqlite3_stmt *stmt,
                  gint64        account_id)
{
  CauDbContact *contact = cau_db_contact_new ();

  contact->account_id = account_id;
  contact->jid = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  contact->name = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  contact->subscription = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  contact->ask = sqlite3_column_int (stmt, 3) != 0;

  return contact;
}

static void
finish_groups (CauDbContact  *contact,
               GStrvBuilder  *groups)
{
  g_strfreev (contact->groups);
  contact->groups = g_strv_builder_end (groups);
}

/* The query yields one row per (contact, group), a contact's rows next to each other, and one
 * row with a NULL group for a contact in no group. */
static GPtrArray *
collect_contacts (CauDb         *self,
                  sqlite3_stmt  *stmt,
                  gint64         account_id,
                  GError       **error)
{
  g_autoptr (GPtrArray) contacts = NULL;
  g_autoptr (GStrvBuilder) groups = NULL;
  CauDbContact *current = NULL;
  int rc;

  contacts = g_ptr_array_new_with_free_func ((GDestroyNotify) cau_db_contact_free);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *jid = (const char *) sqlite3_column_text (stmt, 0);

      if (current == NULL || strcmp (current->jid, jid) != 0)
        {
          if (current != NULL)
            finish_groups (current, groups);
          g_clear_pointer (&groups, g_strv_builder_unref);
          groups = g_strv_builder_new ();
          current = contact_from_row (stmt, account_id);
          g_ptr_array_add (contacts, current);
        }

      if (sqlite3_column_type (stmt, 4) != SQLITE_NULL)
        g_strv_builder_add (groups, (const char *) sqlite3_column_text (stmt, 4));
    }

  if (rc != SQLITE_DONE)
    {
      cau_db_set_sqlite_error (error, self->db, rc, "Could not list contacts");
      return NULL;
    }

  if (current != NULL)
    finish_groups (current, groups);

  return g_steal_pointer (&contacts);
}

/**
 * cau_db_list_contacts:
 * @self: a #CauDb
 * @account_id: the account's row id
 * @error: return location for a #GError
 *
 * Lists the account's roster by JID, each contact's groups in the order they were stored.
 *
 * Returns: (transfer full) (element-type CauDbContact): the contacts, possibly none, or %NULL
 *   with @error set
 */
GPtrArray *
cau_db_list_contacts (CauDb   *self,
                      gint64   account_id,
                      GError **error)
{
  g_autoptr (CachedStmt) stmt = NULL;

  g_return_val_if_fail (CAU_IS_DB (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = cau_db_prepare_cached (self,
                                "SELECT c.jid, c.name, c.subscription, c.ask, g.name"
                                " FROM contact c LEFT JOIN contact_group g"
                                " ON g.account_id = c.account_id AND g.jid = c.jid"
                                " WHERE c.account_id = ?1"
                                " ORDER BY c.jid, g.rowid;",
                                error);
  if (stmt == NULL)
    return NULL;

  if (sqlite3_bind_int64 (stmt, 1, account_id) != SQLITE_OK)
    {
      cau_db_bind_error (self, error);
      return NULL;
    }

  return collect_contacts (self, stmt, account_id, error);
}

static gboolean
upsert_contact_row (CauDb               *self,
                    const CauDbContact  *contact,
                    const char          *subscription,
                    GError             **error)
{
  g_autoptr (CachedStmt) stmt = NULL;

  /* An upsert, not INSERT OR REPLACE: replacing would delete the row and cascade to its
   * groups in the middle of the statement. */
  stmt = cau_db_prepare_cached (self,
                                "INSERT INTO contact (account_id, jid, name, subscription, ask)"
                                " VALUES (?1, ?2, ?3, ?4, ?5)"
                                " ON CONFLICT (account_id, jid) DO UPDATE SET"
                                " name = excluded.name, subscription = excluded.subscription,"
                                " ask = excluded.ask;",
                                error);
  if (stmt == NULL)
    return FALSE;

  if (sqlite3_bind_int64 (stmt, 1, contact->account_id) != SQLITE_OK ||
      cau_db_bind_text (stmt, 2, contact->jid) != SQLITE_OK ||
      cau_db_bind_text (stmt, 3, contact->name) != SQLITE_OK ||
      cau_db_bind_text (stmt, 4, subscription) != SQLITE_OK ||
      sqlite3_bind_int (stmt, 5, contact->ask ? 1 : 0) != SQLITE_OK)
    return cau_db_bind_error (self, error);

  return cau_db_step_write (self, stmt, "account", contact->account_id,
                            "Could not store the contact", error);
}

/* Runs a statement taking (account_id, jid) as ?1 and ?2. */
static gboolean
exec_for_contact (CauDb       *self,
                  const char  *sql,
                  gint64       account_id,
                  const char  *jid,
                  GError     **error)
{
  g_autoptr (CachedStmt) stmt = NULL;

  stmt = cau_db_prepare_cached (self, sql, error);
  if (stmt == NULL)
    return FALSE;

  if (sqlite3_bind_int64 (stmt, 1, account_id) != SQLITE_OK ||
      cau_db_bind_text (stmt, 2, jid) != SQLITE_OK)
    return cau_db_bind_error (self, error);

  return cau_db_step_done (self, stmt, "Could not update the roster", error);
}

/* Replaces the contact's groups; a group named twice is stored once. */
static gboolean
store_groups (CauDb               *self,
              const CauDbContact  *contact,
              GError             **error)
{
  g_autoptr (CachedStmt) stmt = NULL;
  gsize i;

  if (!exec_for_contact (self, "DELETE FROM contact_group WHERE account_id = ?1 AND jid = ?2;",
                         contact->account_id, contact->jid, error))
    return FALSE;

  stmt = cau_db_prepare_cached (self,
                                "INSERT INTO contact_group (account_id, jid, name)"
                                " VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING;",
                                error);
  if (stmt == NULL)
    return FALSE;

  for (i = 0; contact->groups != NULL && contact->groups[i] != NULL; i++)
    {
      if (sqlite3_bind_int64 (stmt, 1, contact->account_id) != SQLITE_OK ||
          cau_db_bind_text (stmt, 2, contact->jid) != SQLITE_OK ||
          cau_db_bind_text (stmt, 3, contact->groups[i]) != SQLITE_OK)
        return cau_db_bind_error (self, error);

      if (!cau_db_step_done (self, stmt, "Could not store the contact's groups", error))
        return FALSE;

      sqlite3_reset (stmt);
    }

  return TRUE;
}

static const char *
normalize_subscription (const char *subscription)
{
  static const char * const valid[] = { "none", "to", "from", "both" };
  gsize i;

  if (subscription == NULL)
    return "none";

  for (i = 0; i < G_N_ELEMENTS (valid); i++)
    {
      if (strcmp (subscription, valid[i]) == 0)
        return valid[i];
    }

  return NULL;
}

/**
 * cau_db_put_contact:
 * @self: a #CauDb
 * @contact: the contact; a %NULL `subscription` means "none"
 * @error: return location for a #GError
 *
 * Inserts the contact or replaces the one with the same account and JID, groups included.
 * Fails with %CAU_DB_ERROR_INVALID for a subscription other than "none", "to", "from" or
 * "both" (a roster push that removes a contact is cau_db_remove_contact()) and with
 * %CAU_DB_ERROR_NOT_FOUND if there is no such account.
 *
 * Returns: %TRUE if stored
 */
gboolean
cau_db_put_contact (CauDb               *self,
                    const CauDbContact  *contact,
                    GError             **error)
{
  const char *subscription;

  g_return_val_if_fail (CAU_IS_DB (self), FALSE);
  g_return_val_if_fail (contact != NULL, FALSE);
  g_return_val_if_fail (contact->jid != NULL && *contact->jid != '\0', FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  subscription = normalize_subscription (contact->subscription);
  if (subscription == NULL)
    {
      g_set_error_literal (error, CAU_DB_ERROR, CAU_DB_ERROR_INVALID,
                           "Unknown roster subscription state");
      return FALSE;
    }

  if (!cau_db_savepoint_begin (self, error))
    return FALSE;

  return cau_db_end_savepoint (self,
                               upsert_contact_row (self, contact, subscription, error) &&
                               store_groups (self, contact, error),
                               error);
}

/**
 * cau_db_remove_contact:
 * @self: a #CauDb
 * @account_id: the account's row id
 * @jid: the contact's bare JID
 * @error: return location for a #GError
 *
 * Removes the contact and its groups; removing one that is not stored does nothing.
 *
 * Returns: %TRUE on success
 */
gboolean
cau_db_remove_contact (CauDb       *self,
                       gint64       account_id,
                       const char  *jid,
                       GError     **error)
{
  g_return_val_if_fail (CAU_IS_DB (self), FALSE);
  g_return_val_if_fail (jid != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return exec_for_contact (self, "DELETE FROM contact WHERE account_id = ?1 AND jid = ?2;",
                           account_id, jid, error);
}

/**
 * cau_db_clear_contacts:
 * @self: a #CauDb
 * @account_id: the account's row id
 * @error: return location for a #GError
 *
 * Removes the account's whole roster, before storing a full roster result. The roster
 * version is kept: set it with the result.
 *
 * Returns: %TRUE on success
 */
gboolean
cau_db_clear_contacts (CauDb   *self,
                       gint64   account_id,
                       GError **error)
{
  g_autoptr (CachedStmt) stmt = NULL;

  g_return_val_if_fail (CAU_IS_DB (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  stmt = cau_db_prepare_cached (self, "DELETE FROM contact WHERE account_id = ?1;", error);
  if (stmt == NULL)
    return FALSE;

  if (sqlite3_bind_int64 (stmt, 1, account_id) != SQLITE_OK)
    return cau_db_bind_error (self, error);

  return cau_db_step_done (self, stmt, "Could not clear the roster", error);
}

/**
 * cau_db_get_roster_version:
 * @self: a #CauDb
 * @account_id: the account's row id
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the XEP-0237 version of the stored roster; %NULL when
 *   there is none or with @error set
 */
char *
cau_db_get_roster_version (CauDb   *self,
                           gint64   account_id,
                           GError **error)
{
  g_autoptr (CachedStmt) stmt = NULL;
  char *version = NULL;

  g_return_val_if_fail (CAU_IS_DB (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = cau_db_prepare_cached (self,
                                "SELECT version FROM roster_version WHERE account_id = ?1;",
                                error);
  if (stmt == NULL)
    return NULL;

  if (sqlite3_bind_int64 (stmt, 1, account_id) != SQLITE_OK)
    {
      cau_db_bind_error (self, error);
      return NULL;
    }

  if (!cau_db_step_text (self, stmt, &version, "Could not read the roster version", error))
    return NULL;

  return version;
}

/**
 * cau_db_set_roster_version:
 * @self: a #CauDb
 * @account_id: the account's row id
 * @version: (nullable): the version; %NULL forgets it, so the next fetch is a full one
 * @error: return location for a #GError
 *
 * Returns: %TRUE if stored; fails with %CAU_DB_ERROR_NOT_FOUND if there is no such account
 */
gboolean
cau_db_set_roster_version (CauDb       *self,
                           gint64       account_id,
                           const char  *version,
                           GError     **error)
{
  g_autoptr (CachedStmt) stmt = NULL;

  g_return_val_if_fail (CAU_IS_DB (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (version == NULL)
    stmt = cau_db_prepare_cached (self, "DELETE FROM roster_version WHERE account_id = ?1;",
                                  error);
  else
    stmt = cau_db_prepare_cached (self,
                                  "INSERT INTO roster_version (account_id, version)"
                                  " VALUES (?1, ?2)"
                                  " ON CONFLICT (account_id) DO UPDATE SET"
                                  " version = excluded.version;",
                                  error);
  if (stmt == NULL)
    return FALSE;

  if (sqlite3_bind_int64 (stmt, 1, account_id) != SQLITE_OK ||
      (version != NULL && cau_db_bind_text (stmt, 2, version) != SQLITE_OK))
    return cau_db_bind_error (self, error);

  return cau_db_step_write (self, stmt, "account", account_id,
                            "Could not store the roster version", error);
}
