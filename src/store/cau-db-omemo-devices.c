/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */

/* OMEMO: the devices we know of, their identity keys, trust and sessions (cau-db-omemo.h). */

#include "config.h"

#include "cau-db-omemo.h"
#include "cau-db-messages-private.h"

static gboolean
bind_device (CauDb         *self,
             sqlite3_stmt  *stmt,
             gint64         account_id,
             const char    *jid,
             guint32        device_id,
             GError       **error)
{
  if (sqlite3_bind_int64 (stmt, 1, account_id) != SQLITE_OK ||
      cau_db_bind_text (stmt, 2, jid) != SQLITE_OK ||
      sqlite3_bind_int64 (stmt, 3, device_id) != SQLITE_OK)
    return cau_db_bind_error (self, error);
  return TRUE;
}

/* Adds a row for a device first met through a key exchange or a bundle; *added tells whether
 * it was new. */
static gboolean
ensure_device (CauDb         *self,
               gint64         account_id,
               const char    *jid,
               guint32        device_id,
               gboolean      *added,
               GError       **error)
{
  g_autoptr (CachedStmt) stmt = NULL;

  stmt = cau_db_prepare_cached (self,
                                "INSERT INTO omemo_device (account_id, jid, device_id,"
                                " first_seen, last_seen) VALUES (?1, ?2, ?3, ?4, ?4)"
                                " ON CONFLICT DO NOTHING;",
                                error);
  if (stmt == NULL || !bind_device (self, stmt, account_id, jid, device_id, error))
    return FALSE;
  if (sqlite3_bind_int64 (stmt, 4, cau_db_now_seconds ()) != SQLITE_OK)
    return cau_db_bind_error (self, error);

  if (!cau_db_step_write (self, stmt, "account", account_id, "Could not add an OMEMO device",
                          error))
    return FALSE;
  if (added != NULL)
    *added = sqlite3_changes (self->db) > 0;
  return TRUE;
}

static gboolean
mark_listed (CauDb                   *self,
             gint64                   account_id,
             const char              *jid,
             CauDbOmemoVersion        version,
             const CauDbOmemoListed  *listed,
             GError                 **error)
{
  g_autoptr (CachedStmt) stmt = NULL;

  /* Two constant statements rather than a column name put together at run time. */
  if (version == CAU_DB_OMEMO_LEGACY)
    stmt = cau_db_prepare_cached (self,
                                  "UPDATE omemo_device SET in_legacy_list = 1, last_seen = ?4"
                                  " WHERE account_id = ?1 AND jid = ?2 AND device_id = ?3;",
                                  error);
  else
    stmt = cau_db_prepare_cached (self,
                                  "UPDATE omemo_device SET in_omemo2_list = 1, last_seen = ?4,"
                                  " label = ?5"
                                  " WHERE account_id = ?1 AND jid = ?2 AND device_id = ?3;",
                                  error);
  if (stmt == NULL || !bind_device (self, stmt, account_id, jid, listed->device_id, error))
    return FALSE;
  if (sqlite3_bind_int64 (stmt, 4, cau_db_now_seconds ()) != SQLITE_OK ||
      (version == CAU_DB_OMEMO_2 && cau_db_bind_text (stmt, 5, listed->label) != SQLITE_OK))
    return cau_db_bind_error (self, error);

  return cau_db_step_done (self, stmt, "Could not update an OMEMO device", error);
}

static gboolean
unlist_all (CauDb              *self,
            gint64              account_id,
            const char         *jid,
            CauDbOmemoVersion   version,
            GError            **error)
{
  g_autoptr (CachedStmt) stmt = NULL;

  if (version == CAU_DB_OMEMO_LEGACY)
    stmt = cau_db_prepare_cached (self,
                                  "UPDATE omemo_device SET in_legacy_list = 0"
                                  " WHERE account_id = ?1 AND jid = ?2 AND in_legacy_list;",
                                  error);
  else
    stmt = cau_db_prepare_cached (self,
                                  "UPDATE omemo_device SET in_omemo2_list = 0"
                                  " WHERE account_id = ?1 AND jid = ?2 AND in_omemo2_list;",
                                  error);
  if (stmt == NULL)
    return FALSE;
  if (sqlite3_bind_int64 (stmt, 1, account_id) != SQLITE_OK ||
      cau_db_bind_text (stmt, 2, jid) != SQLITE_OK)
    return cau_db_bind_error (self, error);

  return cau_db_step_done (self, stmt, "Could not update OMEMO devices", error);
}

static gboolean
set_device_list (CauDb                   *self,
                 gint64                   account_id,
                 const char              *jid,
                 CauDbOmemoVersion        version,
                 const CauDbOmemoListed  *devices,
                 gsize                    n_devices,
                 GArray                  *added,
                 GError                 **error)
{
  if (!unlist_all (self, account_id, jid, version, error))
    return FALSE;

  for (gsize i = 0; i < n_devices; i++)
    {
      gboolean is_new = FALSE;

      if (!ensure_device (self, account_id, jid, devices[i].device_id, &is_new, error) ||
          !mark_listed (self, account_id, jid, version, &devices[i], error))
        return FALSE;
      if (is_new)
        g_array_append_val (added, devices[i].device_id);
    }
  return TRUE;
}

/**
 * cau_db_omemo_set_device_list:
 * @self: a #CauDb
 * @account_id: the account's row id
 * @jid: whose list it is
 * @version: which protocol's list
 * @devices: (array length=n_devices): the devices it names (ids other than 0)
 * @n_devices: how many
 * @added: (out) (optional) (element-type guint32): the devices never seen before, in the
 *   list's order
 * @error: return location for a #GError
 *
 * Replaces what we know of @jid's current list for @version: the devices it names are in it,
 * the others are not (they stay known, with their trust). A device named twice counts once.
 *
 * Returns: %TRUE if stored (all of it or nothing); %CAU_DB_ERROR_NOT_FOUND if there is no such
 *   account
 */
gboolean
cau_db_omemo_set_device_list (CauDb                   *self,
                              gint64                   account_id,
                              const char              *jid,
                              CauDbOmemoVersion        version,
                              const CauDbOmemoListed  *devices,
                              gsize                    n_devices,
                              GArray                 **added,
                              GError                 **error)
{
  g_autoptr (GArray) new_devices = g_array_new (FALSE, FALSE, sizeof (guint32));

  g_return_val_if_fail (CAU_IS_DB (self), FALSE);
  g_return_val_if_fail (jid != NULL, FALSE);
  g_return_val_if_fail (version == CAU_DB_OMEMO_LEGACY || version == CAU_DB_OMEMO_2, FALSE);
  g_return_val_if_fail (devices != NULL || n_devices == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!cau_db_savepoint_begin (self, error))
    return FALSE;
  if (!cau_db_end_savepoint (self,
                             set_device_list (self, account_id, jid, version, devices,
                                              n_devices, new_devices, error),
                             error))
    return FALSE;

  if (added != NULL)
    *added = g_steal_pointer (&new_devices);
  return TRUE;
}

#define DEVICE_COLUMNS \
  "jid, device_id, in_legacy_list, in_omemo2_list, label, identity_key, trust, first_seen," \
  " last_seen"

static CauDbOmemoDevice *
read_device (sqlite3_stmt *stmt)
{
  CauDbOmemoDevice *device = g_new0 (CauDbOmemoDevice, 1);

  device->jid = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  device->device_id = (guint32) sqlite3_column_int64 (stmt, 1);
  device->in_legacy_list = sqlite3_column_int (stmt, 2) != 0;
  device->in_omemo2_list = sqlite3_column_int (stmt, 3) != 0;
  device->label = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
  device->identity_key = cau_db_column_bytes (stmt, 5);
  device->trust = (CauDbOmemoTrust) sqlite3_column_int (stmt, 6);
  device->first_seen = sqlite3_column_int64 (stmt, 7);
  device->last_seen = sqlite3_column_int64 (stmt, 8);
  return device;
}

/**
 * cau_db_omemo_list_devices:
 * @self: a #CauDb
 * @account_id: the account's row id
 * @jid: a bare JID
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type CauDbOmemoDevice) (nullable): every device of @jid we
 *   know of, listed or not, by id; %NULL with @error set
 */
GPtrArray *
cau_db_omemo_list_devices (CauDb       *self,
                           gint64       account_id,
                           const char  *jid,
                           GError     **error)
{
  g_autoptr (CachedStmt) stmt = NULL;
  g_autoptr (GPtrArray) devices = NULL;
  int rc;

  g_return_val_if_fail (CAU_IS_DB (self), NULL);
  g_return_val_if_fail (jid != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = cau_db_prepare_cached (self,
                                "SELECT " DEVICE_COLUMNS " FROM omemo_device"
                                " WHERE account_id = ?1 AND jid = ?2 ORDER BY device_id;",
                                error);
  if (stmt == NULL)
    return NULL;
  if (sqlite3_bind_int64 (stmt, 1, account_id) != SQLITE_OK ||
      cau_db_bind_text (stmt, 2, jid) != SQLITE_OK)
    {
      cau_db_bind_error (self, error);
      return NULL;
    }

  devices = g_ptr_array_new_with_free_func ((GDestroyNotify) cau_db_omemo_device_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (devices, read_device (stmt));
  if (rc != SQLITE_DONE)
    {
      cau_db_set_sqlite_error (error, self->db, rc, "Could not list OMEMO devices");
      return NULL;
    }
  return g_steal_pointer (&devices);
}

/**
 * cau_db_omemo_get_device:
 * @self: a #CauDb
 * @account_id: the account's row id
 * @jid: a bare JID
 * @device_id: one of its devices
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the device; %NULL with @error set
 *   (%CAU_DB_ERROR_NOT_FOUND if we know no such device)
 */
CauDbOmemoDevice *
cau_db_omemo_get_device (CauDb       *self,
                         gint64       account_id,
                         const char  *jid,
                         guint32      device_id,
                         GError     **error)
{
  g_autoptr (CachedStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (CAU_IS_DB (self), NULL);
  g_return_val_if_fail (jid != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = cau_db_prepare_cached (self,
                                "SELECT " DEVICE_COLUMNS " FROM omemo_device"
                                " WHERE account_id = ?1 AND jid = ?2 AND device_id = ?3;",
                                error);
  if (stmt == NULL || !bind_device (self, stmt, account_id, jid, device_id, error))
    return NULL;

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return read_device (stmt);
  if (rc == SQLITE_DONE)
    cau_db_not_found (error, "OMEMO device", device_id);
  else
    cau_db_set_sqlite_error (error, self->db, rc, "Could not read an OMEMO device");
  return NULL;
}

static gboolean
set_identity_key (CauDb        *self,
                  gint64        account_id,
                  const char   *jid,
                  guint32       device_id,
                  GBytes       *identity_key,
                  GError      **error)
{
  g_autoptr (CachedStmt) stmt = NULL;

  if (!ensure_device (self, account_id, jid, device_id, NULL, error))
    return FALSE;

  stmt = cau_db_prepare_cached (self,
                                "UPDATE omemo_device SET identity_key = ?4"
                                " WHERE account_id = ?1 AND jid = ?2 AND device_id = ?3;",
                                error);
  if (stmt == NULL || !bind_device (self, stmt, account_id, jid, device_id, error))
    return FALSE;
  if (cau_db_bind_bytes (stmt, 4, identity_key) != SQLITE_OK)
    return cau_db_bind_error (self, error);

  return cau_db_step_done (self, stmt, "Could not store an identity key", error);
}

/**
 * cau_db_omemo_set_identity_key:
 * @self: a #CauDb
 * @account_id: the account's row id
 * @jid: a bare JID
 * @device_id: one of its devices (added if unknown)
 * @identity_key: (nullable): its identity key; %NULL forgets it and keeps the rest
 * @error: return location for a #GError
 *
 * Returns: %TRUE if stored; %CAU_DB_ERROR_NOT_FOUND if there is no such account
 */
gboolean
cau_db_omemo_set_identity_key (CauDb       *self,
                               gint64       account_id,
                               const char  *jid,
                               guint32      device_id,
                               GBytes      *identity_key,
                               GError     **error)
{
  g_return_val_if_fail (CAU_IS_DB (self), FALSE);
  g_return_val_if_fail (jid != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!cau_db_savepoint_begin (self, error))
    return FALSE;
  return cau_db_end_savepoint (self,
                               set_identity_key (self, account_id, jid, device_id, identity_key,
                                                 error),
                               error);
}

/**
 * cau_db_omemo_set_trust:
 * @self: a #CauDb
 * @account_id: the account's row id
 * @jid: a bare JID
 * @device_id: one of its devices
 * @trust: the decision
 * @error: return location for a #GError
 *
 * Returns: %TRUE if stored; %CAU_DB_ERROR_NOT_FOUND if we know no such device
 */
gboolean
cau_db_omemo_set_trust (CauDb            *self,
                        gint64            account_id,
                        const char       *jid,
                        guint32           device_id,
                        CauDbOmemoTrust   trust,
                        GError          **error)
{
  g_autoptr (CachedStmt) stmt = NULL;

  g_return_val_if_fail (CAU_IS_DB (self), FALSE);
  g_return_val_if_fail (jid != NULL, FALSE);
  g_return_val_if_fail (trust <= CAU_DB_OMEMO_DISTRUSTED, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  stmt = cau_db_prepare_cached (self,
                                "UPDATE omemo_device SET trust = ?4"
                                " WHERE account_id = ?1 AND jid = ?2 AND device_id = ?3;",
                                error);
  if (stmt == NULL || !bind_device (self, stmt, account_id, jid, device_id, error))
    return FALSE;
  if (sqlite3_bind_int (stmt, 4, trust) != SQLITE_OK)
    return cau_db_bind_error (self, error);

  if (!cau_db_step_done (self, stmt, "Could not store a trust decision", error))
    return FALSE;
  if (sqlite3_changes (self->db) == 0)
    return cau_db_not_found (error, "OMEMO device", device_id);
  return TRUE;
}

/* Sessions */

/**
 * cau_db_omemo_load_session:
 * @self: a #CauDb
 * @account_id: the account's row id
 * @jid: a bare JID
 * @device_id: one of its devices
 * @version: which protocol's session
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the session record; %NULL with @error set
 *   (%CAU_DB_ERROR_NOT_FOUND if there is none)
 */
GBytes *
cau_db_omemo_load_session (CauDb              *self,
                           gint64              account_id,
                           const char         *jid,
                           guint32             device_id,
                           CauDbOmemoVersion   version,
                           GError            **error)
{
  g_autoptr (CachedStmt) stmt = NULL;

  g_return_val_if_fail (CAU_IS_DB (self), NULL);
  g_return_val_if_fail (jid != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = cau_db_prepare_cached (self,
                                "SELECT record FROM omemo_session WHERE account_id = ?1"
                                " AND jid = ?2 AND device_id = ?3 AND version = ?4;",
                                error);
  if (stmt == NULL || !bind_device (self, stmt, account_id, jid, device_id, error))
    return NULL;
  if (sqlite3_bind_int (stmt, 4, version) != SQLITE_OK)
    {
      cau_db_bind_error (self, error);
      return NULL;
    }
  return cau_db_step_bytes (self, stmt, "OMEMO session with device", device_id, error);
}

static gboolean
store_session (CauDb              *self,
               gint64              account_id,
               const char         *jid,
               guint32             device_id,
               CauDbOmemoVersion   version,
               GBytes             *record,
               GError            **error)
{
  g_autoptr (CachedStmt) stmt = NULL;

  if (!ensure_device (self, account_id, jid, device_id, NULL, error))
    return FALSE;

  stmt = cau_db_prepare_cached (self,
                                "INSERT INTO omemo_session (account_id, jid, device_id, version,"
                                " record) VALUES (?1, ?2, ?3, ?4, ?5)"
                                " ON CONFLICT DO UPDATE SET record = excluded.record;",
                                error);
  if (stmt == NULL || !bind_device (self, stmt, account_id, jid, device_id, error))
    return FALSE;
  if (sqlite3_bind_int (stmt, 4, version) != SQLITE_OK ||
      cau_db_bind_bytes (stmt, 5, record) != SQLITE_OK)
    return cau_db_bind_error (self, error);

  return cau_db_step_done (self, stmt, "Could not store an OMEMO session", error);
}

/**
 * cau_db_omemo_store_session:
 * @self: a #CauDb
 * @account_id: the account's row id
 * @jid: a bare JID
 * @device_id: one of its devices (added if unknown)
 * @version: which protocol's session
 * @record: the session record
 * @error: return location for a #GError
 *
 * Returns: %TRUE if stored; %CAU_DB_ERROR_NOT_FOUND if there is no such account
 */
gboolean
cau_db_omemo_store_session (CauDb              *self,
                            gint64              account_id,
                            const char         *jid,
                            guint32             device_id,
                            CauDbOmemoVersion   version,
                            GBytes             *record,
                            GError            **error)
{
  g_return_val_if_fail (CAU_IS_DB (self), FALSE);
  g_return_val_if_fail (jid != NULL, FALSE);
  g_return_val_if_fail (version == CAU_DB_OMEMO_LEGACY || version == CAU_DB_OMEMO_2, FALSE);
  g_return_val_if_fail (record != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!cau_db_savepoint_begin (self, error))
    return FALSE;
  return cau_db_end_savepoint (self,
                               store_session (self, account_id, jid, device_id, version, record,
                                              error),
                               error);
}

/**
 * cau_db_omemo_delete_sessions:
 * @self: a #CauDb
 * @account_id: the account's row id
 * @jid: a bare JID
 * @device_id: (nullable): one of its devices; %NULL for all of them
 * @version: which protocol's sessions
 * @error: return location for a #GError
 *
 * Returns: how many sessions were deleted, or -1 with @error set
 */
gint
cau_db_omemo_delete_sessions (CauDb              *self,
                              gint64              account_id,
                              const char         *jid,
                              const guint32      *device_id,
                              CauDbOmemoVersion   version,
                              GError            **error)
{
  g_autoptr (CachedStmt) stmt = NULL;

  g_return_val_if_fail (CAU_IS_DB (self), -1);
  g_return_val_if_fail (jid != NULL, -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  stmt = cau_db_prepare_cached (self,
                                "DELETE FROM omemo_session WHERE account_id = ?1 AND jid = ?2"
                                " AND (?3 IS NULL OR device_id = ?3) AND version = ?4;",
                                error);
  if (stmt == NULL)
    return -1;
  if (sqlite3_bind_int64 (stmt, 1, account_id) != SQLITE_OK ||
      cau_db_bind_text (stmt, 2, jid) != SQLITE_OK ||
      (device_id != NULL && sqlite3_bind_int64 (stmt, 3, *device_id) != SQLITE_OK) ||
      sqlite3_bind_int (stmt, 4, version) != SQLITE_OK)
    {
      cau_db_bind_error (self, error);
      return -1;
    }

  if (!cau_db_step_done (self, stmt, "Could not delete OMEMO sessions", error))
    return -1;
  return sqlite3_changes (self->db);
}

/**
 * cau_db_omemo_list_session_devices:
 * @self: a #CauDb
 * @account_id: the account's row id
 * @jid: a bare JID
 * @version: which protocol's sessions
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type guint32) (nullable): the devices of @jid we have a
 *   session with, by id; %NULL with @error set
 */
GArray *
cau_db_omemo_list_session_devices (CauDb              *self,
                                   gint64              account_id,
                                   const char         *jid,
                                   CauDbOmemoVersion   version,
                                   GError            **error)
{
  g_autoptr (CachedStmt) stmt = NULL;
  g_autoptr (GArray) devices = NULL;
  int rc;

  g_return_val_if_fail (CAU_IS_DB (self), NULL);
  g_return_val_if_fail (jid != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = cau_db_prepare_cached (self,
                                "SELECT device_id FROM omemo_session WHERE account_id = ?1"
                                " AND jid = ?2 AND version = ?3 ORDER BY device_id;",
                                error);
  if (stmt == NULL)
    return NULL;
  if (sqlite3_bind_int64 (stmt, 1, account_id) != SQLITE_OK ||
      cau_db_bind_text (stmt, 2, jid) != SQLITE_OK ||
      sqlite3_bind_int (stmt, 3, version) != SQLITE_OK)
    {
      cau_db_bind_error (self, error);
      return NULL;
    }

  devices = g_array_new (FALSE, FALSE, sizeof (guint32));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      guint32 id = (guint32) sqlite3_column_int64 (stmt, 0);

      g_array_append_val (devices, id);
    }
  if (rc != SQLITE_DONE)
    {
      cau_db_set_sqlite_error (error, self->db, rc, "Could not list OMEMO sessions");
      return NULL;
    }
  return g_steal_pointer (&devices);
}
