/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */

#include "config.h"

#include "cau-test-util.h"

#include "store/cau-db.h"

#include <glib/gstdio.h>
#include <sqlite3.h>

#include <sys/stat.h>

/* The tables of the current schema. */
static const char * const current_tables[] = {
  "account",
  "cert_pin",
  "entity_caps",
  "setting",
  NULL,
};

typedef struct {
  char *dir;
  char *path;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr (GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("cau-test-migrations-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "causerie.db", NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  cau_test_remove_tree (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
  g_clear_pointer (&fixture->path, g_free);
}

/* Raw SQLite access, to build and inspect files behind CauDb's back. */

static sqlite3 *
raw_open (const char *path)
{
  sqlite3 *db = NULL;
  int rc;

  rc = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
  if (rc != SQLITE_OK)
    g_error ("Could not open %s: %s", path, sqlite3_errstr (rc));

  return db;
}

static void
raw_exec (sqlite3    *db,
          const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("SQL failed: %s", message);
}

static void
raw_close (sqlite3 *db)
{
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
}

static gint64
raw_query_int (sqlite3    *db,
               const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 result;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  result = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  return result;
}

/* Collapses whitespace, so that a schema typed by hand in a dump compares equal to the one a
 * migration wrote as long as the tokens are the same. */
static char *
normalize_sql (const char *sql)
{
  GString *out = g_string_new (NULL);
  gboolean pending_space = FALSE;
  const char *p;

  for (p = sql; *p != '\0'; p++)
    {
      if (g_ascii_isspace (*p))
        {
          pending_space = TRUE;
          continue;
        }

      if (pending_space && out->len > 0 &&
          out->str[out->len - 1] != '(' && *p != ')' && *p != ',')
        g_string_append_c (out, ' ');
      pending_space = FALSE;
      g_string_append_c (out, *p);
    }

  return g_string_free (out, FALSE);
}

/* The schema as text: one line per table and index, in name order. */
static char *
raw_schema (sqlite3 *db)
{
  g_autoptr (GString) schema = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "SELECT type, name, tbl_name, sql FROM sqlite_schema"
                                       " ORDER BY name;",
                                       -1, &stmt, NULL), ==, SQLITE_OK);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *sql = (const char *) sqlite3_column_text (stmt, 3);
      g_autofree char *normalized = normalize_sql (sql != NULL ? sql : "");

      g_string_append_printf (schema, "%s %s %s %s\n",
                              sqlite3_column_text (stmt, 0),
                              sqlite3_column_text (stmt, 1),
                              sqlite3_column_text (stmt, 2),
                              normalized);
    }
  g_assert_cmpint (rc, ==, SQLITE_DONE);
  sqlite3_finalize (stmt);

  return g_string_free (g_steal_pointer (&schema), FALSE);
}

static void
assert_tables (sqlite3 *db)
{
  gsize i;

  for (i = 0; current_tables[i] != NULL; i++)
    {
      sqlite3_stmt *stmt = NULL;

      g_assert_cmpint (sqlite3_prepare_v2 (db,
                                           "SELECT count(*) FROM sqlite_schema"
                                           " WHERE type = 'table' AND name = ?1;",
                                           -1, &stmt, NULL), ==, SQLITE_OK);
      sqlite3_bind_text (stmt, 1, current_tables[i], -1, SQLITE_STATIC);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
      if (sqlite3_column_int (stmt, 0) != 1)
        g_error ("Table %s is missing", current_tables[i]);
      sqlite3_finalize (stmt);
    }
}

static void
load_v1_dump (const char *path)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dump = NULL;
  g_autofree char *dump_path = NULL;
  sqlite3 *db;

  dump_path = g_test_build_filename (G_TEST_DIST, "data", "db-v1.sql", NULL);
  g_file_get_contents (dump_path, &dump, NULL, &error);
  g_assert_no_error (error);

  db = raw_open (path);
  raw_exec (db, dump);
  g_assert_cmpint (raw_query_int (db, "PRAGMA user_version;"), ==, 1);
  raw_close (db);
}

static void
test_empty_to_current (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  CauDb *db;
  sqlite3 *raw;

  db = cau_db_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cau_db_get_schema_version (db), ==, CAU_DB_SCHEMA_VERSION);
  g_assert_finalize_object (db);

  raw = raw_open (fixture->path);
  g_assert_cmpint (raw_query_int (raw, "PRAGMA user_version;"), ==, CAU_DB_SCHEMA_VERSION);
  assert_tables (raw);
  g_assert_cmpint (raw_query_int (raw, "SELECT count(*) FROM account;"), ==, 0);
  raw_close (raw);
}

/* A database migrated from the committed dump must end with the same schema as a fresh one.
 * While version 1 is current this checks that the dump is what migration 1 writes (if it
 * drifted, test_from_v1 would exercise a database no user has); later it also checks that
 * each new step converges on what a fresh database gets. */
static void
test_v1_matches_fresh (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *fresh_path = g_build_filename (fixture->dir, "fresh.db", NULL);
  g_autofree char *migrated_schema = NULL;
  g_autofree char *fresh_schema = NULL;
  CauDb *db;
  sqlite3 *raw;

  db = cau_db_open (fresh_path, &error);
  g_assert_no_error (error);
  g_assert_finalize_object (db);

  load_v1_dump (fixture->path);
  db = cau_db_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_finalize_object (db);

  raw = raw_open (fixture->path);
  migrated_schema = raw_schema (raw);
  raw_close (raw);

  raw = raw_open (fresh_path);
  fresh_schema = raw_schema (raw);
  raw_close (raw);

  g_assert_cmpstr (migrated_schema, ==, fresh_schema);
}

static void
test_from_v1 (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) accounts = NULL;
  g_autoptr (GHashTable) caps = NULL;
  g_auto (GStrv) pins = NULL;
  g_autofree char *value = NULL;
  const char * const features[] = {
    "http://jabber.org/protocol/caps",
    "http://jabber.org/protocol/disco#info",
    "urn:xmpp:jingle:1",
    NULL,
  };
  const CauDbAccount *alice, *bob;
  CauDb *db;
  sqlite3 *raw;

  load_v1_dump (fixture->path);

  db = cau_db_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cau_db_get_schema_version (db), ==, CAU_DB_SCHEMA_VERSION);

  accounts = cau_db_list_accounts (db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (accounts->len, ==, 2);

  alice = g_ptr_array_index (accounts, 0);
  g_assert_cmpint (alice->id, ==, 1);
  g_assert_cmpstr (alice->jid, ==, "alice@example.org");
  g_assert_cmpstr (alice->resource, ==, "laptop");
  g_assert_cmpstr (alice->host, ==, "xmpp.example.org");
  g_assert_cmpuint (alice->port, ==, 5223);
  g_assert_true (alice->direct_tls);
  g_assert_true (alice->enabled);
  g_assert_cmpstr (alice->presence_show, ==, "away");
  g_assert_cmpstr (alice->presence_status, ==, "Out for lunch, back at 2");
  g_assert_cmpint (alice->created_at, ==, 1767225600);

  bob = g_ptr_array_index (accounts, 1);
  g_assert_cmpint (bob->id, ==, 3);
  g_assert_cmpstr (bob->jid, ==, "bob@example.net");
  g_assert_null (bob->resource);
  g_assert_null (bob->host);
  g_assert_cmpuint (bob->port, ==, 0);
  g_assert_false (bob->direct_tls);
  g_assert_false (bob->enabled);
  g_assert_cmpstr (bob->presence_show, ==, "available");
  g_assert_null (bob->presence_status);
  g_assert_cmpint (bob->created_at, ==, 1767312000);

  pins = cau_db_list_cert_pins (db, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpstrv (pins, ((const char * const []) {
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "5feceb66ffc86f38d952786c6d696c79c2dbc239dd4e91b46729d73a27fb57e9",
    NULL,
  }));

  caps = cau_db_load_all_caps (db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (caps), ==, 1);
  g_assert_cmpstrv (g_hash_table_lookup (caps, "QgayPKawpkPSDYmwT/WM94uAlu0="), features);

  value = cau_db_get_setting (db, 0, "window-width", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (value, ==, "1024");
  g_clear_pointer (&value, g_free);
  value = cau_db_get_setting (db, 1, "mam-catchup", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (value, ==, "since-last");
  g_clear_pointer (&value, g_free);
  value = cau_db_get_setting (db, 3, "mam-catchup", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (value, ==, "none");
  g_clear_pointer (&value, g_free);

  /* The old rows behave like new ones: the cascade still removes the pins. */
  g_assert_true (cau_db_remove_account (db, 1, FALSE, &error));
  g_assert_no_error (error);
  g_assert_finalize_object (db);

  raw = raw_open (fixture->path);
  g_assert_cmpint (raw_query_int (raw, "PRAGMA user_version;"), ==, CAU_DB_SCHEMA_VERSION);
  assert_tables (raw);
  g_assert_cmpint (raw_query_int (raw, "SELECT count(*) FROM cert_pin;"), ==, 0);
  g_assert_cmpint (raw_query_int (raw, "SELECT count(*) FROM setting;"), ==, 2);
  raw_close (raw);
}

static void
test_too_new (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *wal = g_strconcat (fixture->path, "-wal", NULL);
  gsize before_len = 0, after_len = 0;
  GStatBuf st;
  CauDb *db;
  sqlite3 *raw;

  raw = raw_open (fixture->path);
  raw_exec (raw,
            "CREATE TABLE future (x TEXT);"
            "INSERT INTO future VALUES ('from a later Causerie');"
            "PRAGMA user_version = 999;");
  raw_close (raw);
  g_assert_no_errno (g_chmod (fixture->path, 0644));

  g_file_get_contents (fixture->path, &before, &before_len, &error);
  g_assert_no_error (error);

  db = cau_db_open (fixture->path, &error);
  g_assert_error (error, CAU_DB_ERROR, CAU_DB_ERROR_TOO_NEW);
  g_assert_null (db);
  g_clear_error (&error);

  db = cau_db_open_readonly (fixture->path, &error);
  g_assert_error (error, CAU_DB_ERROR, CAU_DB_ERROR_TOO_NEW);
  g_assert_null (db);
  g_clear_error (&error);

  /* Untouched: same bytes (still in rollback-journal mode), same mode, no log created. */
  g_file_get_contents (fixture->path, &after, &after_len, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (before, before_len, after, after_len);
  g_assert_no_errno (g_stat (fixture->path, &st));
  g_assert_cmpuint (st.st_mode & 0777, ==, 0644);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));

  raw = raw_open (fixture->path);
  g_assert_cmpint (raw_query_int (raw, "PRAGMA user_version;"), ==, 999);
  g_assert_cmpint (raw_query_int (raw, "SELECT count(*) FROM future;"), ==, 1);
  raw_close (raw);
}

static void
test_idempotent (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CauDbAccount) account = NULL;
  g_autofree char *schema_once = NULL;
  g_autofree char *schema_twice = NULL;
  CauDbAccount alice = { .jid = (char *) "alice@example.org" };
  gint64 id;
  CauDb *db, *second;
  sqlite3 *raw;

  db = cau_db_open (fixture->path, &error);
  g_assert_no_error (error);
  id = cau_db_add_account (db, &alice, &error);
  g_assert_no_error (error);
  g_assert_finalize_object (db);

  raw = raw_open (fixture->path);
  schema_once = raw_schema (raw);
  raw_close (raw);

  db = cau_db_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cau_db_get_schema_version (db), ==, CAU_DB_SCHEMA_VERSION);

  /* A second connection to a database in use (a second instance, a tool) also works. */
  second = cau_db_open (fixture->path, &error);
  g_assert_no_error (error);
  account = cau_db_get_account (second, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (account->jid, ==, "alice@example.org");
  g_assert_finalize_object (second);
  g_assert_finalize_object (db);

  raw = raw_open (fixture->path);
  schema_twice = raw_schema (raw);
  g_assert_cmpint (raw_query_int (raw, "PRAGMA user_version;"), ==, CAU_DB_SCHEMA_VERSION);
  g_assert_cmpint (raw_query_int (raw, "SELECT count(*) FROM account;"), ==, 1);
  raw_close (raw);

  g_assert_cmpstr (schema_once, ==, schema_twice);
}

/* A step that fails half-way must leave the version and the schema as they were. */
static void
test_failure_rolls_back (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  CauDb *db;
  sqlite3 *raw;

  /* Migration 1 creates `account` first and fails on `setting`. */
  raw = raw_open (fixture->path);
  raw_exec (raw, "CREATE TABLE setting (squatter TEXT);");
  raw_close (raw);

  db = cau_db_open (fixture->path, &error);
  g_assert_error (error, CAU_DB_ERROR, CAU_DB_ERROR_SQL);
  g_assert_null (db);

  raw = raw_open (fixture->path);
  g_assert_cmpint (raw_query_int (raw, "PRAGMA user_version;"), ==, 0);
  g_assert_cmpint (raw_query_int (raw,
                                  "SELECT count(*) FROM sqlite_schema WHERE type = 'table';"),
                   ==, 1);
  raw_close (raw);
}

static void
add_test (const char *name,
          void      (*func) (Fixture *, gconstpointer))
{
  g_autofree char *path = g_strconcat ("/cau/migrations/", name, NULL);

  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  add_test ("empty-to-current", test_empty_to_current);
  add_test ("v1-matches-fresh", test_v1_matches_fresh);
  add_test ("from-v1", test_from_v1);
  add_test ("too-new", test_too_new);
  add_test ("idempotent", test_idempotent);
  add_test ("failure-rolls-back", test_failure_rolls_back);

  return g_test_run ();
}
