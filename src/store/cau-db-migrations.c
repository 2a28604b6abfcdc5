/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */

#include "config.h"

#include "cau-db-private.h"

/*
 * Schema migrations.
 *
 * migrations[i] takes a database from user_version i to i + 1. A step is SQL text, optionally
 * followed by C code for data that SQL alone cannot convert, and it sets user_version itself as
 * its last statement so that the version and the schema change commit together. Each step runs
 * in its own transaction: a failure leaves the file at the previous version.
 *
 * Steps are append-only. Once a version has shipped its step never changes; fix mistakes with a
 * new step, and commit a dump of the previous version as tests/data/db-vN.sql so that the new
 * step is tested on real old data (see tests/test-migrations.c).
 */

typedef struct {
  int          version;                           /* the user_version the step produces */
  const char  *script;                            /* nullable */
  gboolean   (*convert) (sqlite3  *db,
                         GError  **error);        /* nullable: runs after the script */
} Migration;

#define SET_USER_VERSION(n) "PRAGMA user_version = " G_STRINGIFY (n) ";\n"

/* Version 1: accounts, their pinned certificates, the caps cache and settings.
 *
 * `setting.account_id` is 0 for global settings, so it cannot reference `account`;
 * cau_db_remove_account() deletes an account's settings itself. */
static const char migration_1[] =
  "CREATE TABLE account (\n"
  "  id              INTEGER PRIMARY KEY,\n"
  "  jid             TEXT NOT NULL UNIQUE,\n"
  "  resource        TEXT,\n"
  "  host            TEXT,\n"
  "  port            INTEGER NOT NULL DEFAULT 0,\n"
  "  direct_tls      INTEGER NOT NULL DEFAULT 0,\n"
  "  enabled         INTEGER NOT NULL DEFAULT 1,\n"
  "  presence_show   TEXT NOT NULL DEFAULT 'available',\n"
  "  presence_status TEXT,\n"
  "  created_at      INTEGER NOT NULL\n"
  ");\n"
  "CREATE TABLE cert_pin (\n"
  "  account_id INTEGER NOT NULL REFERENCES account (id) ON DELETE CASCADE,\n"
  "  sha256     TEXT NOT NULL,\n"
  "  subject    TEXT,\n"
  "  created_at INTEGER NOT NULL,\n"
  "  UNIQUE (account_id, sha256)\n"
  ");\n"
  "CREATE TABLE entity_caps (\n"
  "  ver        TEXT PRIMARY KEY,\n"
  "  hash       TEXT NOT NULL,\n"
  "  features   TEXT NOT NULL,\n"
  "  created_at INTEGER NOT NULL\n"
  ");\n"
  "CREATE TABLE setting (\n"
  "  account_id INTEGER NOT NULL DEFAULT 0,\n"
  "  key        TEXT NOT NULL,\n"
  "  value      TEXT NOT NULL,\n"
  "  PRIMARY KEY (account_id, key)\n"
  ");\n"
  SET_USER_VERSION (1);

static const Migration migrations[] = {
  { 1, migration_1, NULL },
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == CAU_DB_SCHEMA_VERSION);

static gboolean
check_foreign_keys (sqlite3  *db,
                    GError  **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (db, "PRAGMA foreign_key_check;", -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      cau_db_set_sqlite_error (error, db, rc, "Could not check foreign keys");
      return FALSE;
    }

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      g_set_error (error, CAU_DB_ERROR, CAU_DB_ERROR_SQL,
                   "Migration left a dangling foreign key in table %s",
                   (const char *) sqlite3_column_text (stmt, 0));
      sqlite3_finalize (stmt);
      return FALSE;
    }
  if (rc != SQLITE_DONE)
    {
      cau_db_set_sqlite_error (error, db, rc, "Could not check foreign keys");
      sqlite3_finalize (stmt);
      return FALSE;
    }

  sqlite3_finalize (stmt);
  return TRUE;
}

static gboolean
too_new_error (GError **error,
               int      version)
{
  g_set_error (error, CAU_DB_ERROR, CAU_DB_ERROR_TOO_NEW,
               "The database has schema version %d; this version of Causerie supports up to %d",
               version, CAU_DB_SCHEMA_VERSION);
  return FALSE;
}

/* Runs inside the step's transaction. */
static gboolean
apply_next_step (sqlite3  *db,
                 int      *version,
                 GError  **error)
{
  const Migration *step;
  int current = 0;
  int reached = 0;

  /* Another process may have migrated the file while we waited for the write lock. */
  if (!cau_db_read_user_version (db, &current, error))
    return FALSE;
  if (current > CAU_DB_SCHEMA_VERSION)
    return too_new_error (error, current);
  if (current == CAU_DB_SCHEMA_VERSION)
    {
      *version = current;
      return TRUE;
    }

  step = &migrations[current];
  g_assert (step->version == current + 1);

  if (step->script != NULL && !cau_db_exec_script (db, step->script, error))
    return FALSE;
  if (step->convert != NULL && !step->convert (db, error))
    return FALSE;

  if (!cau_db_read_user_version (db, &reached, error))
    return FALSE;
  if (reached != step->version)
    {
      g_set_error (error, CAU_DB_ERROR, CAU_DB_ERROR_SQL,
                   "Migration to schema version %d left the database at version %d",
                   step->version, reached);
      return FALSE;
    }

  if (!check_foreign_keys (db, error))
    return FALSE;

  *version = reached;
  return TRUE;
}

static gboolean
migrate_one (sqlite3  *db,
             int      *version,
             GError  **error)
{
  int reached = *version;

  if (!cau_db_exec_script (db, "BEGIN IMMEDIATE;", error))
    return FALSE;

  if (apply_next_step (db, &reached, error) && cau_db_exec_script (db, "COMMIT;", error))
    {
      g_debug ("Database schema now at version %d", reached);
      *version = reached;
      return TRUE;
    }

  /* Some errors already roll the transaction back. */
  if (!sqlite3_get_autocommit (db))
    cau_db_exec_script (db, "ROLLBACK;", NULL);

  return FALSE;
}

/**
 * cau_db_migrate:
 * @db: an open read-write connection
 * @out_version: (out): the schema version the database ends at
 * @error: return location for a #GError
 *
 * Brings the schema up to %CAU_DB_SCHEMA_VERSION, one transaction per version. Refuses a
 * database newer than that with %CAU_DB_ERROR_TOO_NEW without writing to it.
 *
 * Foreign key enforcement is switched off while steps run (SQLite's recipe for rebuilding a
 * table requires it; the pragma cannot change inside a transaction), each step checks the keys
 * before committing, and enforcement is switched back on before returning.
 *
 * Returns: %TRUE if the schema is current
 */
gboolean
cau_db_migrate (sqlite3  *db,
                int      *out_version,
                GError  **error)
{
  int version = 0;
  gboolean ok = TRUE;

  g_assert (db != NULL);
  g_assert (out_version != NULL);

  if (!cau_db_read_user_version (db, &version, error))
    return FALSE;
  if (version > CAU_DB_SCHEMA_VERSION)
    return too_new_error (error, version);

  if (version < CAU_DB_SCHEMA_VERSION)
    {
      if (!cau_db_exec_script (db, "PRAGMA foreign_keys = OFF;", error))
        return FALSE;

      while (ok && version < CAU_DB_SCHEMA_VERSION)
        ok = migrate_one (db, &version, error);

      if (!cau_db_exec_script (db, "PRAGMA foreign_keys = ON;", ok ? error : NULL))
        ok = FALSE;
    }

  *out_version = version;
  return ok;
}
