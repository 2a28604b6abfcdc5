/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

#include <sqlite3.h>

#include "cau-db.h"

G_BEGIN_DECLS

/* Helpers shared by cau-db.c and cau-db-migrations.c. They work on a raw connection because
 * migrations run before the CauDb wrapping it exists. */

void     cau_db_set_sqlite_error  (GError      **error,
                                   sqlite3      *db,
                                   int           rc,
                                   const char   *context);
gboolean cau_db_exec_script       (sqlite3      *db,
                                   const char   *script,
                                   GError      **error);
gboolean cau_db_read_user_version (sqlite3      *db,
                                   int          *out_version,
                                   GError      **error);
gboolean cau_db_migrate           (sqlite3      *db,
                                   int          *out_version,
                                   GError      **error);

/* Shared by cau-db.c (the connection, statement cache and transactions) and cau-db-queries.c
 * (the typed queries). */

struct _CauDb
{
  GObject     parent_instance;

  sqlite3    *db;
  char       *path;
  GHashTable *statements;       /* SQL text → sqlite3_stmt*, owned */
  int         schema_version;
  guint       savepoint_depth;
  guint       implicit_depth;   /* the savepoint depth that began a transaction; 0 = none */
};

/* A statement borrowed from the cache: releasing it resets it and clears its bindings, so
 * `g_autoptr (CachedStmt)` gives it back on every path out of a function. */
typedef sqlite3_stmt CachedStmt;

static inline void
cau_db_cached_stmt_release (CachedStmt *stmt)
{
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CachedStmt, cau_db_cached_stmt_release)

/* Returns a statement owned by the cache: borrow it as a `g_autoptr (CachedStmt)`. */
sqlite3_stmt *cau_db_prepare_cached     (CauDb         *self,
                                         const char    *sql,
                                         GError       **error);
gboolean      cau_db_step_done          (CauDb         *self,
                                         sqlite3_stmt  *stmt,
                                         const char    *context,
                                         GError       **error);
gboolean      cau_db_exec_cached        (CauDb         *self,
                                         const char    *sql,
                                         const char    *context,
                                         GError       **error);
gboolean      cau_db_bind_error         (CauDb         *self,
                                         GError       **error);

static inline int
cau_db_bind_text (sqlite3_stmt *stmt,
                  int           index,
                  const char   *text)
{
  /* NULL binds SQL NULL. */
  return sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

static inline int
cau_db_bind_bytes (sqlite3_stmt *stmt,
                   int           index,
                   GBytes       *bytes)
{
  gsize size = 0;
  gconstpointer data;

  /* NULL binds SQL NULL; empty bytes bind an empty blob (SQLite reads a NULL pointer as NULL). */
  if (bytes == NULL)
    return sqlite3_bind_null (stmt, index);
  data = g_bytes_get_data (bytes, &size);
  return sqlite3_bind_blob64 (stmt, index, size > 0 ? data : "", size, SQLITE_TRANSIENT);
}

/* SQL NULL gives NULL. */
static inline GBytes *
cau_db_column_bytes (sqlite3_stmt *stmt,
                     int           index)
{
  const void *data;

  if (sqlite3_column_type (stmt, index) == SQLITE_NULL)
    return NULL;
  data = sqlite3_column_blob (stmt, index);
  return g_bytes_new (data, sqlite3_column_bytes (stmt, index));
}

static inline gint64
cau_db_now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

G_END_DECLS
