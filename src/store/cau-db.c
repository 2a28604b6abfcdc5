/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */

#include "config.h"

#include "cau-db.h"
#include "cau-db-private.h"

#include <glib/gstdio.h>

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

/* Long enough to ride out another process's migration or checkpoint, short enough that a
 * stuck lock is reported instead of freezing the caller. */
#define BUSY_TIMEOUT_MS 5000

/**
 * CauDb:
 *
 * One SQLite connection to the user's database.
 *
 * All SQL goes through prepared statements with bound parameters; statements used repeatedly
 * are prepared once and cached for the lifetime of the connection. A `CauDb` is not
 * thread-safe: use it from one thread at a time (normally the main thread).
 */
G_DEFINE_TYPE (CauDb, cau_db, G_TYPE_OBJECT)

G_DEFINE_QUARK (cau-db-error-quark, cau_db_error)

enum {
  PROP_0,
  PROP_PATH,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

/* Shared helpers (cau-db-private.h) */

static CauDbError
error_code_for (int rc)
{
  switch (rc)
    {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
      return CAU_DB_ERROR_EXISTS;

    default:
      break;
    }

  switch (rc & 0xff)
    {
    case SQLITE_CANTOPEN:
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
    case SQLITE_PERM:
      return CAU_DB_ERROR_OPEN;

    default:
      return CAU_DB_ERROR_SQL;
    }
}

void
cau_db_set_sqlite_error (GError     **error,
                         sqlite3     *db,
                         int          rc,
                         const char  *context)
{
  const char *message = db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc);

  g_set_error (error, CAU_DB_ERROR, error_code_for (rc), "%s: %s", context, message);
}

gboolean
cau_db_exec_script (sqlite3     *db,
                    const char  *script,
                    GError     **error)
{
  const char *sql = script;

  g_assert (db != NULL);
  g_assert (script != NULL);

  while (*sql != '\0')
    {
      sqlite3_stmt *stmt = NULL;
      const char *tail = NULL;
      int rc;

      rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, &tail);
      if (rc != SQLITE_OK)
        {
          cau_db_set_sqlite_error (error, db, rc, "Could not prepare statement");
          return FALSE;
        }

      /* Only whitespace or a comment was left. */
      if (stmt == NULL)
        break;

      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        ;

      if (rc != SQLITE_DONE)
        {
          cau_db_set_sqlite_error (error, db, rc, "Could not run statement");
          sqlite3_finalize (stmt);
          return FALSE;
        }

      sqlite3_finalize (stmt);
      sql = tail;
    }

  return TRUE;
}

gboolean
cau_db_read_user_version (sqlite3  *db,
                          int      *out_version,
                          GError  **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_assert (db != NULL);
  g_assert (out_version != NULL);

  rc = sqlite3_prepare_v2 (db, "PRAGMA user_version;", -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      cau_db_set_sqlite_error (error, db, rc, "Could not read the schema version");
      return FALSE;
    }

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      cau_db_set_sqlite_error (error, db, rc, "Could not read the schema version");
      sqlite3_finalize (stmt);
      return FALSE;
    }

  *out_version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return TRUE;
}

/* Statement cache */

sqlite3_stmt *
cau_db_prepare_cached (CauDb       *self,
                       const char  *sql,
                       GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_assert (CAU_IS_DB (self));

  stmt = g_hash_table_lookup (self->statements, sql);
  if (stmt != NULL)
    {
      /* A busy statement means a caller is still iterating it: reusing it would corrupt both. */
      g_assert (!sqlite3_stmt_busy (stmt));
      return stmt;
    }

  rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      cau_db_set_sqlite_error (error, self->db, rc, "Could not prepare statement");
      return NULL;
    }

  g_hash_table_insert (self->statements, g_strdup (sql), stmt);
  return stmt;
}

/* Runs a statement that returns no rows. */
gboolean
cau_db_step_done (CauDb         *self,
                  sqlite3_stmt  *stmt,
                  const char    *context,
                  GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE)
    {
      cau_db_set_sqlite_error (error, self->db, rc, context);
      return FALSE;
    }

  return TRUE;
}

/* Runs a statement whose rows, if any, do not matter: some pragmas echo their new value. */
gboolean
cau_db_exec_cached (CauDb       *self,
                    const char  *sql,
                    const char  *context,
                    GError     **error)
{
  g_autoptr (CachedStmt) stmt = NULL;
  int rc;

  stmt = cau_db_prepare_cached (self, sql, error);
  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    ;

  if (rc != SQLITE_DONE)
    {
      cau_db_set_sqlite_error (error, self->db, rc, context);
      return FALSE;
    }

  return TRUE;
}

gboolean
cau_db_bind_error (CauDb   *self,
                   GError **error)
{
  cau_db_set_sqlite_error (error, self->db, sqlite3_errcode (self->db),
                           "Could not bind a parameter");
  return FALSE;
}

/* Savepoints nest inside a caller's cau_db_begin() and behave as a transaction outside one, so
 * a multi-statement operation is atomic either way. Outside one, the transaction is begun
 * IMMEDIATE: another connection (the engine's) may write at the same time, and a deferred
 * transaction that reads and then writes fails at once with SQLITE_BUSY instead of waiting. */
gboolean
cau_db_savepoint_begin (CauDb   *self,
                        GError **error)
{
  gboolean implicit = sqlite3_get_autocommit (self->db);

  if (implicit && !cau_db_exec_cached (self, "BEGIN IMMEDIATE;", "Could not begin a transaction",
                                       error))
    return FALSE;
  if (!cau_db_exec_cached (self, "SAVEPOINT cau_op;", "Could not start a savepoint", error))
    {
      if (implicit)
        cau_db_exec_cached (self, "ROLLBACK;", "Could not roll back", NULL);
      return FALSE;
    }
  self->savepoint_depth++;
  if (implicit)
    self->implicit_depth = self->savepoint_depth;
  return TRUE;
}

static gboolean
end_implicit (CauDb   *self,
              gboolean commit,
              GError **error)
{
  gboolean owned = self->implicit_depth == self->savepoint_depth;

  self->savepoint_depth--;
  if (!owned)
    return TRUE;
  self->implicit_depth = 0;
  if (sqlite3_get_autocommit (self->db))
    return TRUE;
  if (commit)
    return cau_db_exec_cached (self, "COMMIT;", "Could not commit", error);
  return cau_db_exec_cached (self, "ROLLBACK;", "Could not roll back", error);
}

gboolean
cau_db_savepoint_release (CauDb   *self,
                          GError **error)
{
  /* On failure the savepoint is still open: the caller rolls it back. */
  if (!cau_db_exec_cached (self, "RELEASE cau_op;", "Could not release a savepoint", error))
    return FALSE;
  return end_implicit (self, TRUE, error);
}

void
cau_db_savepoint_rollback (CauDb *self)
{
  g_autoptr (GError) error = NULL;

  /* An error such as SQLITE_FULL may have rolled back the whole transaction already. */
  if (!sqlite3_get_autocommit (self->db) &&
      (!cau_db_exec_cached (self, "ROLLBACK TO cau_op;", "Could not roll back a savepoint",
                            &error) ||
       !cau_db_exec_cached (self, "RELEASE cau_op;", "Could not release a savepoint", &error)))
    g_warning ("%s", error->message);
  g_clear_error (&error);
  if (!end_implicit (self, FALSE, &error))
    g_warning ("%s", error->message);
}

/* GObject */

static void
finalize_stmt (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static void
cau_db_finalize (GObject *object)
{
  CauDb *self = (CauDb *) object;

  /* Statements must be finalized before the connection can close. */
  g_clear_pointer (&self->statements, g_hash_table_unref);

  if (self->db != NULL && sqlite3_close (self->db) != SQLITE_OK)
    g_warning ("Could not close the database: %s", sqlite3_errmsg (self->db));
  self->db = NULL;

  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (cau_db_parent_class)->finalize (object);
}

static void
cau_db_get_property (GObject    *object,
                     guint       prop_id,
                     GValue     *value,
                     GParamSpec *pspec)
{
  CauDb *self = CAU_DB (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cau_db_class_init (CauDbClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cau_db_finalize;
  object_class->get_property = cau_db_get_property;

  /**
   * CauDb:path:
   *
   * The database file.
   */
  props[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, props);
}

static void
cau_db_init (CauDb *self)
{
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, finalize_stmt);
}

/* Opening */

/* Creates the file ourselves so that it is 0600 whatever the umask; SQLite gives the -wal and
 * -shm files the mode of the main file. */
static gboolean
create_private_file (const char  *path,
                     GError     **error)
{
  int fd;

  fd = g_open (path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved_errno = errno;

      if (saved_errno == EEXIST)
        return TRUE;

      g_set_error (error, CAU_DB_ERROR, CAU_DB_ERROR_OPEN,
                   "Could not create the database file: %s", g_strerror (saved_errno));
      return FALSE;
    }

  if (fchmod (fd, 0600) != 0)
    {
      int saved_errno = errno;

      g_close (fd, NULL);
      g_set_error (error, CAU_DB_ERROR, CAU_DB_ERROR_OPEN,
                   "Could not restrict the database file: %s", g_strerror (saved_errno));
      return FALSE;
    }

  if (!g_close (fd, NULL))
    {
      int saved_errno = errno;

      g_set_error (error, CAU_DB_ERROR, CAU_DB_ERROR_OPEN,
                   "Could not create the database file: %s", g_strerror (saved_errno));
      return FALSE;
    }

  return TRUE;
}

/* A file created by something else (an older build, a restored backup) may be readable by
 * others; the database holds private conversations. */
static gboolean
restrict_existing_file (const char  *path,
                        GError     **error)
{
  GStatBuf st;

  if (g_stat (path, &st) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, CAU_DB_ERROR, CAU_DB_ERROR_OPEN,
                   "Could not stat the database file: %s", g_strerror (saved_errno));
      return FALSE;
    }

  if ((st.st_mode & 0077) != 0 && g_chmod (path, st.st_mode & 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, CAU_DB_ERROR, CAU_DB_ERROR_OPEN,
                   "Could not restrict the database file: %s", g_strerror (saved_errno));
      return FALSE;
    }

  return TRUE;
}

static gboolean
set_journal_mode_wal (CauDb   *self,
                      GError **error)
{
  g_autoptr (CachedStmt) stmt = NULL;
  const char *mode;
  int rc;

  stmt = cau_db_prepare_cached (self, "PRAGMA journal_mode = WAL;", error);
  if (stmt == NULL)
    return FALSE;

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      cau_db_set_sqlite_error (error, self->db, rc, "Could not enable write-ahead logging");
      return FALSE;
    }

  /* SQLite answers with the mode in force, which is not WAL on file systems without shared
   * memory. The database still works, only with less concurrency. */
  mode = (const char *) sqlite3_column_text (stmt, 0);
  if (g_strcmp0 (mode, "wal") != 0)
    g_warning ("Database journal mode is %s, not WAL", mode != NULL ? mode : "unknown");

  return TRUE;
}

/* Each connection's page cache starts with a bulk allocation, ~170 kB
 * here, whatever the size of the database; without it, pages are
 * allocated as they are read. Must come before SQLite is initialised. */
static void
configure_sqlite (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      sqlite3_config (SQLITE_CONFIG_PAGECACHE, NULL, 0, 0);
      g_once_init_leave (&done, 1);
    }
}

/* Opens the connection and checks the schema version before anything writes to the file, so a
 * database from a newer Causerie is left exactly as it was. */
static CauDb *
open_connection (const char  *path,
                 gboolean     read_only,
                 GError     **error)
{
  g_autoptr (CauDb) self = NULL;
  int flags;
  int rc;

  configure_sqlite ();
  self = g_object_new (CAU_TYPE_DB, NULL);
  self->path = g_strdup (path);

  flags = SQLITE_OPEN_NOMUTEX;
  flags |= read_only ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);

  rc = sqlite3_open_v2 (path, &self->db, flags, NULL);
  if (rc != SQLITE_OK)
    {
      cau_db_set_sqlite_error (error, self->db, rc, "Could not open the database");
      g_prefix_error (error, "%s: ", path);
      /* The error comes from the connection, which is closed by finalize. */
      return NULL;
    }

  sqlite3_extended_result_codes (self->db, 1);
  sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);

  if (!cau_db_read_user_version (self->db, &self->schema_version, error))
    {
      g_prefix_error (error, "%s: ", path);
      return NULL;
    }

  if (self->schema_version > CAU_DB_SCHEMA_VERSION)
    {
      g_set_error (error, CAU_DB_ERROR, CAU_DB_ERROR_TOO_NEW,
                   "%s has schema version %d; this version of Causerie supports up to %d",
                   path, self->schema_version, CAU_DB_SCHEMA_VERSION);
      return NULL;
    }

  return g_steal_pointer (&self);
}

/**
 * cau_db_open:
 * @path: (type filename): the database file; it and its missing parent directories are created
 * @error: return location for a #GError
 *
 * Opens the database read-write and brings its schema up to %CAU_DB_SCHEMA_VERSION.
 *
 * Parent directories are created with mode 0700 and the file with mode 0600. The connection
 * uses write-ahead logging, enforces foreign keys and overwrites deleted content.
 *
 * A database written by a newer Causerie is refused with %CAU_DB_ERROR_TOO_NEW and not
 * modified.
 *
 * Returns: (transfer full): the database, or %NULL with @error set
 */
CauDb *
cau_db_open (const char  *path,
             GError     **error)
{
  g_autoptr (CauDb) self = NULL;
  g_autofree char *dir = NULL;

  g_return_val_if_fail (path != NULL && *path != '\0', NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, CAU_DB_ERROR, CAU_DB_ERROR_OPEN,
                   "Could not create %s: %s", dir, g_strerror (saved_errno));
      return NULL;
    }

  if (!create_private_file (path, error))
    return NULL;

  self = open_connection (path, FALSE, error);
  if (self == NULL)
    return NULL;

  if (!restrict_existing_file (path, error))
    return NULL;

  if (!set_journal_mode_wal (self, error) ||
      !cau_db_exec_cached (self, "PRAGMA synchronous = NORMAL;", "Could not configure", error) ||
      !cau_db_exec_cached (self, "PRAGMA secure_delete = ON;", "Could not configure", error) ||
      !cau_db_exec_cached (self, "PRAGMA foreign_keys = ON;", "Could not configure", error) ||
      !cau_db_migrate (self->db, &self->schema_version, error))
    {
      g_prefix_error (error, "%s: ", path);
      return NULL;
    }

  return g_steal_pointer (&self);
}

/**
 * cau_db_open_readonly:
 * @path: (type filename): an existing database file
 * @error: return location for a #GError
 *
 * Opens the database read-only, without migrating it. A database written by a newer Causerie is
 * refused with %CAU_DB_ERROR_TOO_NEW. An older schema is accepted; check
 * cau_db_get_schema_version() before relying on tables added since.
 *
 * Every write fails with %CAU_DB_ERROR_SQL.
 *
 * Returns: (transfer full): the database, or %NULL with @error set
 */
CauDb *
cau_db_open_readonly (const char  *path,
                      GError     **error)
{
  g_return_val_if_fail (path != NULL && *path != '\0', NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return open_connection (path, TRUE, error);
}

/**
 * cau_db_get_path:
 * @self: a #CauDb
 *
 * Returns: (type filename): the database file
 */
const char *
cau_db_get_path (CauDb *self)
{
  g_return_val_if_fail (CAU_IS_DB (self), NULL);

  return self->path;
}

/**
 * cau_db_get_schema_version:
 * @self: a #CauDb
 *
 * Returns: the schema version of the database: %CAU_DB_SCHEMA_VERSION after cau_db_open(),
 *   possibly less after cau_db_open_readonly()
 */
int
cau_db_get_schema_version (CauDb *self)
{
  g_return_val_if_fail (CAU_IS_DB (self), -1);

  return self->schema_version;
}

/* Transactions */

/**
 * cau_db_begin:
 * @self: a #CauDb
 * @error: return location for a #GError
 *
 * Starts a transaction; end it with cau_db_commit() or cau_db_rollback(). Transactions do not
 * nest. On a read-write database the write lock is taken now, so a later write cannot fail
 * with a busy error halfway through; on a read-only one it is a consistent snapshot.
 *
 * Returns: %TRUE if the transaction started
 */
gboolean
cau_db_begin (CauDb   *self,
              GError **error)
{
  g_return_val_if_fail (CAU_IS_DB (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return cau_db_exec_cached (self, "BEGIN IMMEDIATE;", "Could not begin a transaction", error);
}

/**
 * cau_db_commit:
 * @self: a #CauDb
 * @error: return location for a #GError
 *
 * Commits the transaction started with cau_db_begin(). If this fails the transaction may still
 * be open: call cau_db_rollback().
 *
 * Returns: %TRUE if the transaction was committed
 */
gboolean
cau_db_commit (CauDb   *self,
               GError **error)
{
  g_return_val_if_fail (CAU_IS_DB (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return cau_db_exec_cached (self, "COMMIT;", "Could not commit", error);
}

/**
 * cau_db_rollback:
 * @self: a #CauDb
 *
 * Abandons the current transaction, if any. Safe to call after an error that already ended
 * the transaction.
 */
void
cau_db_rollback (CauDb *self)
{
  g_autoptr (GError) error = NULL;

  g_return_if_fail (CAU_IS_DB (self));

  if (sqlite3_get_autocommit (self->db))
    return;

  if (!cau_db_exec_cached (self, "ROLLBACK;", "Could not roll back", &error))
    g_warning ("%s", error->message);
}
