/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */

#include "config.h"

#include "cau-db.h"
#include "cau-db-private.h"

#include <glib/gstdio.h>

#include <errno.h>
#include <fcntl.h>
#include <string.h>
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
struct _CauDb
{
  GObject     parent_instance;

  sqlite3    *db;
  char       *path;
  GHashTable *statements;       /* SQL text → sqlite3_stmt*, owned */
  int         schema_version;
};

G_DEFINE_TYPE (CauDb, cau_db, G_TYPE_OBJECT)

G_DEFINE_QUARK (cau-db-error-quark, cau_db_error)

enum {
  PROP_0,
  PROP_PATH,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

/* A statement borrowed from the cache: releasing it resets it and clears its bindings, so
 * `g_autoptr (CachedStmt)` gives it back on every path out of a function. */
typedef sqlite3_stmt CachedStmt;

static void
cached_stmt_release (CachedStmt *stmt)
{
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CachedStmt, cached_stmt_release)

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

static sqlite3_stmt *
prepare_cached (CauDb       *self,
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
static gboolean
step_done (CauDb         *self,
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
static gboolean
exec_cached (CauDb       *self,
             const char  *sql,
             const char  *context,
             GError     **error)
{
  g_autoptr (CachedStmt) stmt = NULL;
  int rc;

  stmt = prepare_cached (self, sql, error);
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

static int
bind_text (sqlite3_stmt *stmt,
           int           index,
           const char   *text)
{
  /* NULL binds SQL NULL. */
  return sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

static gboolean
bind_error (CauDb   *self,
            GError **error)
{
  cau_db_set_sqlite_error (error, self->db, sqlite3_errcode (self->db),
                           "Could not bind a parameter");
  return FALSE;
}

static gint64
now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

/* Savepoints nest inside a caller's cau_db_begin() and behave as a transaction outside one, so
 * a multi-statement operation is atomic either way. */
static gboolean
savepoint_begin (CauDb   *self,
                 GError **error)
{
  return exec_cached (self, "SAVEPOINT cau_op;", "Could not start a savepoint", error);
}

static gboolean
savepoint_release (CauDb   *self,
                   GError **error)
{
  return exec_cached (self, "RELEASE cau_op;", "Could not release a savepoint", error);
}

static void
savepoint_rollback (CauDb *self)
{
  g_autoptr (GError) error = NULL;

  /* An error such as SQLITE_FULL may have rolled back the whole transaction already. */
  if (sqlite3_get_autocommit (self->db))
    return;

  if (!exec_cached (self, "ROLLBACK TO cau_op;", "Could not roll back a savepoint", &error) ||
      !exec_cached (self, "RELEASE cau_op;", "Could not release a savepoint", &error))
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

  stmt = prepare_cached (self, "PRAGMA journal_mode = WAL;", error);
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
      !exec_cached (self, "PRAGMA synchronous = NORMAL;", "Could not configure", error) ||
      !exec_cached (self, "PRAGMA secure_delete = ON;", "Could not configure", error) ||
      !exec_cached (self, "PRAGMA foreign_keys = ON;", "Could not configure", error) ||
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

  return exec_cached (self, "BEGIN IMMEDIATE;", "Could not begin a transaction", error);
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

  return exec_cached (self, "COMMIT;", "Could not commit", error);
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

  if (!exec_cached (self, "ROLLBACK;", "Could not roll back", &error))
    g_warning ("%s", error->message);
}

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

  if ((rc = bind_text (stmt, 1, account->jid)) != SQLITE_OK ||
      (rc = bind_text (stmt, 2, account->resource)) != SQLITE_OK ||
      (rc = bind_text (stmt, 3, account->host)) != SQLITE_OK ||
      (rc = sqlite3_bind_int (stmt, 4, account->port)) != SQLITE_OK ||
      (rc = sqlite3_bind_int (stmt, 5, account->direct_tls ? 1 : 0)) != SQLITE_OK ||
      (rc = sqlite3_bind_int (stmt, 6, account->enabled ? 1 : 0)) != SQLITE_OK ||
      (rc = bind_text (stmt, 7, show)) != SQLITE_OK ||
      (rc = bind_text (stmt, 8, account->presence_status)) != SQLITE_OK)
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

  stmt = prepare_cached (self, "SELECT " ACCOUNT_COLUMNS " FROM account ORDER BY id;", error);
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

  stmt = prepare_cached (self, "SELECT " ACCOUNT_COLUMNS " FROM account WHERE id = ?1;", error);
  if (stmt == NULL)
    return NULL;

  if (sqlite3_bind_int64 (stmt, 1, id) != SQLITE_OK)
    {
      bind_error (self, error);
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

/**
 * cau_db_add_account:
 * @self: a #CauDb
 * @account: the account to add; its `id` is ignored, a `created_at` of 0 means now and a
 *   %NULL `presence_show` means "available"
 * @error: return location for a #GError
 *
 * Adds an account. Fails with %CAU_DB_ERROR_EXISTS if an account has the same JID (compared
 * byte for byte: normalise it first).
 *
 * Returns: the new account's id (positive), or 0 with @error set
 */
gint64
cau_db_add_account (CauDb               *self,
                    const CauDbAccount  *account,
                    GError             **error)
{
  g_autoptr (CachedStmt) stmt = NULL;
  gint64 created_at;

  g_return_val_if_fail (CAU_IS_DB (self), 0);
  g_return_val_if_fail (account != NULL, 0);
  g_return_val_if_fail (account->jid != NULL && *account->jid != '\0', 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  stmt = prepare_cached (self,
                         "INSERT INTO account (jid, resource, host, port, direct_tls, enabled,"
                         " presence_show, presence_status, created_at)"
                         " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9);",
                         error);
  if (stmt == NULL)
    return 0;

  created_at = account->created_at != 0 ? account->created_at : now_seconds ();

  if (bind_account (stmt, account) != SQLITE_OK ||
      sqlite3_bind_int64 (stmt, 9, created_at) != SQLITE_OK)
    return bind_error (self, error);

  if (!step_done (self, stmt, "Could not add the account", error))
    return 0;

  return sqlite3_last_insert_rowid (self->db);
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

  stmt = prepare_cached (self,
                         "UPDATE account SET jid = ?1, resource = ?2, host = ?3, port = ?4,"
                         " direct_tls = ?5, enabled = ?6, presence_show = ?7,"
                         " presence_status = ?8"
                         " WHERE id = ?9;",
                         error);
  if (stmt == NULL)
    return FALSE;

  if (bind_account (stmt, account) != SQLITE_OK ||
      sqlite3_bind_int64 (stmt, 9, account->id) != SQLITE_OK)
    return bind_error (self, error);

  if (!step_done (self, stmt, "Could not update the account", error))
    return FALSE;

  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, CAU_DB_ERROR, CAU_DB_ERROR_NOT_FOUND,
                   "No account with id %" G_GINT64_FORMAT, account->id);
      return FALSE;
    }

  return TRUE;
}

/* Schema version 1 keeps no history, so there is nothing to delete yet.
 *
 * When the `conversation` and `message` tables arrive they must not cascade from `account`
 * (reference it with ON DELETE SET NULL and keep the account's JID in the conversation row):
 * removing an account with @delete_history FALSE keeps its history readable, and this
 * function is the one place that deletes it, inside the same savepoint as the account. */
static gboolean
delete_account_history (CauDb   *self,
                        gint64   account_id,
                        GError **error)
{
  g_assert (CAU_IS_DB (self));
  g_assert (account_id > 0);

  return TRUE;
}

static gboolean
remove_account_rows (CauDb   *self,
                     gint64   id,
                     gboolean delete_history,
                     GError **error)
{
  g_autoptr (CachedStmt) settings = NULL;
  g_autoptr (CachedStmt) account = NULL;

  if (delete_history && !delete_account_history (self, id, error))
    return FALSE;

  settings = prepare_cached (self, "DELETE FROM setting WHERE account_id = ?1;", error);
  if (settings == NULL)
    return FALSE;

  if (sqlite3_bind_int64 (settings, 1, id) != SQLITE_OK)
    return bind_error (self, error);

  if (!step_done (self, settings, "Could not remove the account's settings", error))
    return FALSE;

  /* Pinned certificates go with the row (ON DELETE CASCADE). */
  account = prepare_cached (self, "DELETE FROM account WHERE id = ?1;", error);
  if (account == NULL)
    return FALSE;

  if (sqlite3_bind_int64 (account, 1, id) != SQLITE_OK)
    return bind_error (self, error);

  if (!step_done (self, account, "Could not remove the account", error))
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
 * Removes an account with its pinned certificates and settings, atomically (also inside a
 * transaction started with cau_db_begin()). With @delete_history %FALSE the account's
 * message history is kept. Fails with %CAU_DB_ERROR_NOT_FOUND if there is no such account.
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

  if (!savepoint_begin (self, error))
    return FALSE;

  if (!remove_account_rows (self, id, delete_history, error))
    {
      savepoint_rollback (self);
      return FALSE;
    }

  if (!savepoint_release (self, error))
    {
      savepoint_rollback (self);
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

  stmt = prepare_cached (self,
                         "INSERT INTO cert_pin (account_id, sha256, subject, created_at)"
                         " VALUES (?1, ?2, ?3, ?4)"
                         " ON CONFLICT (account_id, sha256) DO NOTHING;",
                         error);
  if (stmt == NULL)
    return FALSE;

  if (sqlite3_bind_int64 (stmt, 1, account_id) != SQLITE_OK ||
      bind_text (stmt, 2, sha256_hex) != SQLITE_OK ||
      bind_text (stmt, 3, subject) != SQLITE_OK ||
      sqlite3_bind_int64 (stmt, 4, now_seconds ()) != SQLITE_OK)
    return bind_error (self, error);

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

  stmt = prepare_cached (self,
                         "SELECT sha256 FROM cert_pin WHERE account_id = ?1"
                         " ORDER BY created_at, rowid;",
                         error);
  if (stmt == NULL)
    return NULL;

  if (sqlite3_bind_int64 (stmt, 1, account_id) != SQLITE_OK)
    {
      bind_error (self, error);
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

  stmt = prepare_cached (self,
                         "INSERT INTO entity_caps (ver, hash, features, created_at)"
                         " VALUES (?1, ?2, ?3, ?4)"
                         " ON CONFLICT (ver) DO UPDATE SET hash = excluded.hash,"
                         " features = excluded.features;",
                         error);
  if (stmt == NULL)
    return FALSE;

  joined = g_strjoinv ("\n", (char **) features);

  if (bind_text (stmt, 1, ver) != SQLITE_OK ||
      bind_text (stmt, 2, hash) != SQLITE_OK ||
      bind_text (stmt, 3, joined) != SQLITE_OK ||
      sqlite3_bind_int64 (stmt, 4, now_seconds ()) != SQLITE_OK)
    return bind_error (self, error);

  return step_done (self, stmt, "Could not store capabilities", error);
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

  stmt = prepare_cached (self, "SELECT features FROM entity_caps WHERE ver = ?1;", error);
  if (stmt == NULL)
    return NULL;

  if (bind_text (stmt, 1, ver) != SQLITE_OK)
    {
      bind_error (self, error);
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

  stmt = prepare_cached (self, "SELECT ver, features FROM entity_caps;", error);
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
    stmt = prepare_cached (self, "DELETE FROM setting WHERE account_id = ?1 AND key = ?2;",
                           error);
  else
    /* `setting` has no foreign key (0 means global), so check the account here: a setting
     * for a missing account would never be removed. */
    stmt = prepare_cached (self,
                           "INSERT INTO setting (account_id, key, value)"
                           " SELECT ?1, ?2, ?3"
                           " WHERE ?1 = 0 OR EXISTS (SELECT 1 FROM account WHERE id = ?1)"
                           " ON CONFLICT (account_id, key) DO UPDATE SET value = excluded.value;",
                           error);
  if (stmt == NULL)
    return FALSE;

  if (sqlite3_bind_int64 (stmt, 1, account_id) != SQLITE_OK ||
      bind_text (stmt, 2, key) != SQLITE_OK ||
      (value != NULL && bind_text (stmt, 3, value) != SQLITE_OK))
    return bind_error (self, error);

  if (!step_done (self, stmt, "Could not store the setting", error))
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

  stmt = prepare_cached (self, "SELECT value FROM setting WHERE account_id = ?1 AND key = ?2;",
                         error);
  if (stmt == NULL)
    return NULL;

  if (sqlite3_bind_int64 (stmt, 1, account_id) != SQLITE_OK ||
      bind_text (stmt, 2, key) != SQLITE_OK)
    {
      bind_error (self, error);
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
