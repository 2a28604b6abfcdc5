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

G_END_DECLS
