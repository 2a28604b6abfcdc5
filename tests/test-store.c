/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */

#include "config.h"

#include "cau-test-util.h"

#include "store/cau-db.h"

#include <glib/gstdio.h>

#include <string.h>
#include <sys/stat.h>

typedef struct {
  char *dir;   /* a fresh temporary directory */
  char *path;  /* dir/causerie.db, not created */
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr (GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("cau-test-store-XXXXXX", &error);
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

static CauDb *
open_db (Fixture *fixture)
{
  g_autoptr (GError) error = NULL;
  CauDb *db;

  db = cau_db_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_true (CAU_IS_DB (db));

  return db;
}

static gint64
add_account (CauDb      *db,
             const char *jid)
{
  g_autoptr (GError) error = NULL;
  CauDbAccount account = { .jid = (char *) jid, .enabled = TRUE };
  gint64 id;

  id = cau_db_add_account (db, &account, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);

  return id;
}

static guint
count_accounts (CauDb *db)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) accounts = NULL;

  accounts = cau_db_list_accounts (db, &error);
  g_assert_no_error (error);
  g_assert (accounts != NULL);

  return accounts->len;
}

static void
assert_mode (const char *path,
             guint       mode)
{
  GStatBuf st;

  g_assert_no_errno (g_stat (path, &st));
  g_assert_cmpuint (st.st_mode & 0777, ==, mode);
}

#define PIN_A "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
#define PIN_B "5feceb66ffc86f38d952786c6d696c79c2dbc239dd4e91b46729d73a27fb57e9"

static void
test_open (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *nested = NULL;
  g_autofree char *nested_dir = NULL;
  g_autofree char *wal = NULL;
  g_autofree char *header = NULL;
  gsize header_len = 0;
  CauDb *db;
  mode_t old_umask;

  nested_dir = g_build_filename (fixture->dir, "data", "causerie", NULL);
  nested = g_build_filename (nested_dir, "causerie.db", NULL);
  wal = g_strconcat (nested, "-wal", NULL);

  /* The modes must not depend on the umask of whoever starts the application. */
  old_umask = umask (0);
  db = cau_db_open (nested, &error);
  umask (old_umask);
  g_assert_no_error (error);
  g_assert_nonnull (db);

  g_assert_cmpstr (cau_db_get_path (db), ==, nested);
  g_assert_cmpint (cau_db_get_schema_version (db), ==, CAU_DB_SCHEMA_VERSION);

  g_assert_true (g_file_test (nested, G_FILE_TEST_IS_REGULAR));
  assert_mode (nested_dir, 0700);
  assert_mode (nested, 0600);

  /* A write while the connection is open goes to the write-ahead log, which gets the mode of
   * the database file. */
  add_account (db, "alice@example.org");
  g_assert_true (g_file_test (wal, G_FILE_TEST_IS_REGULAR));
  assert_mode (wal, 0600);

  g_assert_finalize_object (db);

  /* Bytes 18 and 19 of the header are the read and write format versions: 2 means WAL. */
  g_file_get_contents (nested, &header, &header_len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (header_len, >=, 100);
  g_assert_cmpmem (header, 16, "SQLite format 3\0", 16);
  g_assert_cmpint (header[18], ==, 2);
  g_assert_cmpint (header[19], ==, 2);
}

static void
test_open_tightens_mode (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  CauDb *db;

  g_file_set_contents (fixture->path, "", 0, &error);
  g_assert_no_error (error);
  g_assert_no_errno (g_chmod (fixture->path, 0644));

  db = open_db (fixture);
  assert_mode (fixture->path, 0600);
  g_assert_finalize_object (db);
}

static void
test_open_not_a_database (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *contents = NULL;
  const char garbage[] = "This is not an SQLite database, but it is long enough to look at.";
  CauDb *db;

  g_file_set_contents (fixture->path, garbage, -1, &error);
  g_assert_no_error (error);

  db = cau_db_open (fixture->path, &error);
  g_assert_error (error, CAU_DB_ERROR, CAU_DB_ERROR_OPEN);
  g_assert_null (db);

  g_file_get_contents (fixture->path, &contents, NULL, NULL);
  g_assert_cmpstr (contents, ==, garbage);
}

static void
test_open_readonly (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) accounts = NULL;
  g_autofree char *value = NULL;
  CauDbAccount account = { .jid = (char *) "carol@example.com" };
  CauDb *db;

  /* A missing file is not created. */
  db = cau_db_open_readonly (fixture->path, &error);
  g_assert_error (error, CAU_DB_ERROR, CAU_DB_ERROR_OPEN);
  g_assert_null (db);
  g_assert_false (g_file_test (fixture->path, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  db = open_db (fixture);
  add_account (db, "alice@example.org");
  g_assert_true (cau_db_set_setting (db, 0, "theme", "dark", &error));
  g_assert_no_error (error);
  g_assert_finalize_object (db);

  db = cau_db_open_readonly (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cau_db_get_schema_version (db), ==, CAU_DB_SCHEMA_VERSION);

  accounts = cau_db_list_accounts (db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (accounts->len, ==, 1);
  value = cau_db_get_setting (db, 0, "theme", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (value, ==, "dark");

  /* A read transaction works; writes do not. */
  g_assert_true (cau_db_begin (db, &error));
  g_assert_no_error (error);
  g_assert_true (cau_db_commit (db, &error));
  g_assert_no_error (error);

  g_assert_cmpint (cau_db_add_account (db, &account, &error), ==, 0);
  g_assert_error (error, CAU_DB_ERROR, CAU_DB_ERROR_SQL);

  g_assert_finalize_object (db);
}

static void
test_accounts (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) accounts = NULL;
  g_autoptr (CauDbAccount) got = NULL;
  CauDbAccount alice = {
    .id = 4242,   /* ignored */
    .jid = (char *) "alice@example.org",
    .resource = (char *) "laptop",
    .host = (char *) "xmpp.example.org",
    .port = 5223,
    .direct_tls = TRUE,
    .enabled = TRUE,
    .presence_show = (char *) "dnd",
    .presence_status = (char *) "In a meeting",
    .created_at = 1767225600,
  };
  CauDbAccount bob = { .jid = (char *) "bob@example.net" };
  CauDbAccount ghost = { .id = 999, .jid = (char *) "ghost@example.net" };
  const CauDbAccount *row;
  gint64 alice_id, bob_id, before;
  CauDb *db;

  db = open_db (fixture);

  accounts = cau_db_list_accounts (db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (accounts->len, ==, 0);
  g_clear_pointer (&accounts, g_ptr_array_unref);

  alice_id = cau_db_add_account (db, &alice, &error);
  g_assert_no_error (error);
  g_assert_cmpint (alice_id, >, 0);
  g_assert_cmpint (alice_id, !=, 4242);

  before = g_get_real_time () / G_USEC_PER_SEC;
  bob_id = cau_db_add_account (db, &bob, &error);
  g_assert_no_error (error);
  g_assert_cmpint (bob_id, >, alice_id);

  accounts = cau_db_list_accounts (db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (accounts->len, ==, 2);

  row = g_ptr_array_index (accounts, 0);
  g_assert_cmpint (row->id, ==, alice_id);
  g_assert_cmpstr (row->jid, ==, "alice@example.org");
  g_assert_cmpstr (row->resource, ==, "laptop");
  g_assert_cmpstr (row->host, ==, "xmpp.example.org");
  g_assert_cmpuint (row->port, ==, 5223);
  g_assert_true (row->direct_tls);
  g_assert_true (row->enabled);
  g_assert_cmpstr (row->presence_show, ==, "dnd");
  g_assert_cmpstr (row->presence_status, ==, "In a meeting");
  g_assert_cmpint (row->created_at, ==, 1767225600);

  /* Defaults: no overrides, disabled as given, "available", created now. */
  row = g_ptr_array_index (accounts, 1);
  g_assert_cmpint (row->id, ==, bob_id);
  g_assert_cmpstr (row->jid, ==, "bob@example.net");
  g_assert_null (row->resource);
  g_assert_null (row->host);
  g_assert_cmpuint (row->port, ==, 0);
  g_assert_false (row->direct_tls);
  g_assert_false (row->enabled);
  g_assert_cmpstr (row->presence_show, ==, "available");
  g_assert_null (row->presence_status);
  g_assert_cmpint (row->created_at, >=, before);
  g_assert_cmpint (row->created_at, <=, before + 60);

  /* Update every mutable field; created_at stays. */
  got = cau_db_get_account (db, alice_id, &error);
  g_assert_no_error (error);
  g_clear_pointer (&got->resource, g_free);
  g_clear_pointer (&got->host, g_free);
  g_clear_pointer (&got->presence_status, g_free);
  g_free (got->jid);
  got->jid = g_strdup ("alice@example.com");
  g_free (got->presence_show);
  got->presence_show = g_strdup ("away");
  got->port = 0;
  got->direct_tls = FALSE;
  got->enabled = FALSE;
  got->created_at = 1;
  g_assert_true (cau_db_update_account (db, got, &error));
  g_assert_no_error (error);
  g_clear_pointer (&got, cau_db_account_free);

  got = cau_db_get_account (db, alice_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (got->jid, ==, "alice@example.com");
  g_assert_null (got->resource);
  g_assert_null (got->host);
  g_assert_cmpuint (got->port, ==, 0);
  g_assert_false (got->direct_tls);
  g_assert_false (got->enabled);
  g_assert_cmpstr (got->presence_show, ==, "away");
  g_assert_null (got->presence_status);
  g_assert_cmpint (got->created_at, ==, 1767225600);
  g_clear_pointer (&got, cau_db_account_free);

  /* Missing rows. */
  g_assert_false (cau_db_update_account (db, &ghost, &error));
  g_assert_error (error, CAU_DB_ERROR, CAU_DB_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (cau_db_remove_account (db, alice_id, TRUE, &error));
  g_assert_no_error (error);

  got = cau_db_get_account (db, alice_id, &error);
  g_assert_error (error, CAU_DB_ERROR, CAU_DB_ERROR_NOT_FOUND);
  g_assert_null (got);
  g_clear_error (&error);

  g_assert_false (cau_db_remove_account (db, alice_id, FALSE, &error));
  g_assert_error (error, CAU_DB_ERROR, CAU_DB_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_cmpuint (count_accounts (db), ==, 1);
  g_assert_true (cau_db_remove_account (db, bob_id, FALSE, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_accounts (db), ==, 0);

  g_assert_finalize_object (db);
}

static void
test_accounts_persist (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CauDbAccount) got = NULL;
  gint64 id;
  CauDb *db;

  db = open_db (fixture);
  id = add_account (db, "alice@example.org");
  g_assert_finalize_object (db);

  db = open_db (fixture);
  got = cau_db_get_account (db, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (got->jid, ==, "alice@example.org");
  g_assert_finalize_object (db);
}

static void
test_accounts_duplicate (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CauDbAccount) bob = NULL;
  CauDbAccount again = { .jid = (char *) "alice@example.org", .resource = (char *) "phone" };
  gint64 bob_id;
  CauDb *db;

  db = open_db (fixture);
  add_account (db, "alice@example.org");
  bob_id = add_account (db, "bob@example.net");

  g_assert_cmpint (cau_db_add_account (db, &again, &error), ==, 0);
  g_assert_error (error, CAU_DB_ERROR, CAU_DB_ERROR_EXISTS);
  g_clear_error (&error);

  /* Renaming onto another account's JID fails too, and changes nothing. */
  bob = cau_db_get_account (db, bob_id, &error);
  g_assert_no_error (error);
  g_free (bob->jid);
  bob->jid = g_strdup ("alice@example.org");
  g_assert_false (cau_db_update_account (db, bob, &error));
  g_assert_error (error, CAU_DB_ERROR, CAU_DB_ERROR_EXISTS);
  g_clear_error (&error);
  g_clear_pointer (&bob, cau_db_account_free);

  bob = cau_db_get_account (db, bob_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (bob->jid, ==, "bob@example.net");
  g_assert_cmpuint (count_accounts (db), ==, 2);

  g_assert_finalize_object (db);
}

static void
test_pins (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) pins = NULL;
  gint64 alice, bob;
  CauDb *db;

  db = open_db (fixture);
  alice = add_account (db, "alice@example.org");
  bob = add_account (db, "bob@example.net");

  pins = cau_db_list_cert_pins (db, alice, &error);
  g_assert_no_error (error);
  g_assert_nonnull (pins);
  g_assert_cmpstrv (pins, ((const char * const []) { NULL }));
  g_clear_pointer (&pins, g_strfreev);

  g_assert_true (cau_db_add_cert_pin (db, alice, PIN_A, "CN=xmpp.example.org", &error));
  g_assert_no_error (error);
  g_assert_true (cau_db_add_cert_pin (db, alice, PIN_B, NULL, &error));
  g_assert_no_error (error);
  /* Pinning again is idempotent. */
  g_assert_true (cau_db_add_cert_pin (db, alice, PIN_A, "CN=other", &error));
  g_assert_no_error (error);
  /* The same certificate may be pinned for another account. */
  g_assert_true (cau_db_add_cert_pin (db, bob, PIN_A, NULL, &error));
  g_assert_no_error (error);

  pins = cau_db_list_cert_pins (db, alice, &error);
  g_assert_no_error (error);
  g_assert_cmpstrv (pins, ((const char * const []) { PIN_A, PIN_B, NULL }));
  g_clear_pointer (&pins, g_strfreev);

  pins = cau_db_list_cert_pins (db, bob, &error);
  g_assert_no_error (error);
  g_assert_cmpstrv (pins, ((const char * const []) { PIN_A, NULL }));
  g_clear_pointer (&pins, g_strfreev);

  g_assert_false (cau_db_add_cert_pin (db, bob + 100, PIN_A, NULL, &error));
  g_assert_error (error, CAU_DB_ERROR, CAU_DB_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Reopen: the cascade must not depend on the connection that created the schema. Listing
   * by the removed id would still find rows left behind. */
  g_assert_finalize_object (db);
  db = open_db (fixture);
  g_assert_true (cau_db_remove_account (db, alice, FALSE, &error));
  g_assert_no_error (error);
  pins = cau_db_list_cert_pins (db, alice, &error);
  g_assert_no_error (error);
  g_assert_cmpstrv (pins, ((const char * const []) { NULL }));
  g_clear_pointer (&pins, g_strfreev);

  pins = cau_db_list_cert_pins (db, bob, &error);
  g_assert_no_error (error);
  g_assert_cmpstrv (pins, ((const char * const []) { PIN_A, NULL }));

  g_assert_finalize_object (db);
}

static void
test_caps (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GHashTable) all = NULL;
  g_auto (GStrv) features = NULL;
  const char * const first[] = {
    "http://jabber.org/protocol/caps",
    "http://jabber.org/protocol/disco#info",
    "urn:xmpp:jingle:1",
    NULL,
  };
  const char * const second[] = { "urn:xmpp:receipts", NULL };
  const char * const none[] = { NULL };
  const char * const bad[] = { "urn:xmpp:ok", "urn:xmpp:evil\nurn:xmpp:injected", NULL };
  const char * const empty_feature[] = { "", NULL };
  CauDb *db;

  db = open_db (fixture);

  features = cau_db_get_caps (db, "QgayPKawpkPSDYmwT/WM94uAlu0=", &error);
  g_assert_error (error, CAU_DB_ERROR, CAU_DB_ERROR_NOT_FOUND);
  g_assert_null (features);
  g_clear_error (&error);

  g_assert_true (cau_db_put_caps (db, "QgayPKawpkPSDYmwT/WM94uAlu0=", "sha-1", first, &error));
  g_assert_no_error (error);
  g_assert_true (cau_db_put_caps (db, "ver-2", "sha-256", second, &error));
  g_assert_no_error (error);
  g_assert_true (cau_db_put_caps (db, "ver-empty", "sha-256", none, &error));
  g_assert_no_error (error);

  features = cau_db_get_caps (db, "QgayPKawpkPSDYmwT/WM94uAlu0=", &error);
  g_assert_no_error (error);
  g_assert_cmpstrv (features, first);
  g_clear_pointer (&features, g_strfreev);

  features = cau_db_get_caps (db, "ver-empty", &error);
  g_assert_no_error (error);
  g_assert_cmpstrv (features, none);
  g_clear_pointer (&features, g_strfreev);

  /* Putting a known ver again replaces its features. */
  g_assert_true (cau_db_put_caps (db, "ver-2", "sha-256", first, &error));
  g_assert_no_error (error);
  features = cau_db_get_caps (db, "ver-2", &error);
  g_assert_no_error (error);
  g_assert_cmpstrv (features, first);
  g_clear_pointer (&features, g_strfreev);

  /* A feature that would split into two on reading is refused. */
  g_assert_false (cau_db_put_caps (db, "ver-bad", "sha-1", bad, &error));
  g_assert_error (error, CAU_DB_ERROR, CAU_DB_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (cau_db_put_caps (db, "ver-bad", "sha-1", empty_feature, &error));
  g_assert_error (error, CAU_DB_ERROR, CAU_DB_ERROR_INVALID);
  g_clear_error (&error);
  features = cau_db_get_caps (db, "ver-bad", &error);
  g_assert_error (error, CAU_DB_ERROR, CAU_DB_ERROR_NOT_FOUND);
  g_clear_error (&error);

  all = cau_db_load_all_caps (db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (all), ==, 3);
  g_assert_cmpstrv (g_hash_table_lookup (all, "QgayPKawpkPSDYmwT/WM94uAlu0="), first);
  g_assert_cmpstrv (g_hash_table_lookup (all, "ver-2"), first);
  g_assert_cmpstrv (g_hash_table_lookup (all, "ver-empty"), none);

  g_assert_finalize_object (db);
}

static void
test_settings (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *value = NULL;
  gint64 alice, bob;
  CauDb *db;

  db = open_db (fixture);
  alice = add_account (db, "alice@example.org");
  bob = add_account (db, "bob@example.net");

  value = cau_db_get_setting (db, 0, "mam-catchup", &error);
  g_assert_error (error, CAU_DB_ERROR, CAU_DB_ERROR_NOT_FOUND);
  g_assert_null (value);
  g_clear_error (&error);

  g_assert_true (cau_db_set_setting (db, 0, "mam-catchup", "global", &error));
  g_assert_no_error (error);
  g_assert_true (cau_db_set_setting (db, alice, "mam-catchup", "alice", &error));
  g_assert_no_error (error);
  g_assert_true (cau_db_set_setting (db, bob, "mam-catchup", "bob", &error));
  g_assert_no_error (error);
  g_assert_true (cau_db_set_setting (db, alice, "empty", "", &error));
  g_assert_no_error (error);

  /* The same key is independent per account and globally. */
  value = cau_db_get_setting (db, 0, "mam-catchup", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (value, ==, "global");
  g_clear_pointer (&value, g_free);
  value = cau_db_get_setting (db, alice, "mam-catchup", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (value, ==, "alice");
  g_clear_pointer (&value, g_free);
  value = cau_db_get_setting (db, bob, "mam-catchup", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (value, ==, "bob");
  g_clear_pointer (&value, g_free);
  value = cau_db_get_setting (db, alice, "empty", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (value, ==, "");
  g_clear_pointer (&value, g_free);

  /* Overwrite. */
  g_assert_true (cau_db_set_setting (db, alice, "mam-catchup", "alice-2", &error));
  g_assert_no_error (error);
  value = cau_db_get_setting (db, alice, "mam-catchup", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (value, ==, "alice-2");
  g_clear_pointer (&value, g_free);

  /* NULL removes; removing twice is fine. */
  g_assert_true (cau_db_set_setting (db, bob, "mam-catchup", NULL, &error));
  g_assert_no_error (error);
  g_assert_true (cau_db_set_setting (db, bob, "mam-catchup", NULL, &error));
  g_assert_no_error (error);
  value = cau_db_get_setting (db, bob, "mam-catchup", &error);
  g_assert_error (error, CAU_DB_ERROR, CAU_DB_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Settings for a missing account are refused rather than orphaned. */
  g_assert_false (cau_db_set_setting (db, bob + 100, "mam-catchup", "x", &error));
  g_assert_error (error, CAU_DB_ERROR, CAU_DB_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Removing an account removes its settings, not the global ones. */
  g_assert_true (cau_db_remove_account (db, alice, FALSE, &error));
  g_assert_no_error (error);
  value = cau_db_get_setting (db, alice, "mam-catchup", &error);
  g_assert_error (error, CAU_DB_ERROR, CAU_DB_ERROR_NOT_FOUND);
  g_assert_null (value);
  g_clear_error (&error);
  value = cau_db_get_setting (db, alice, "empty", &error);
  g_assert_error (error, CAU_DB_ERROR, CAU_DB_ERROR_NOT_FOUND);
  g_clear_error (&error);
  value = cau_db_get_setting (db, 0, "mam-catchup", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (value, ==, "global");

  g_assert_finalize_object (db);
}

static void
test_binding (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CauDbAccount) got = NULL;
  g_autofree char *value = NULL;
  g_auto (GStrv) features = NULL;
  /* Each would break or rewrite a statement if it were pasted into the SQL text. */
  const char *jid = "o'brien\"; DROP TABLE account; --@example.org";
  const char *status = "100% '); DELETE FROM setting; -- \\ ? ?1 :name @x $y \xc3\xa9";
  const char *key = "key' OR '1'='1";
  const char * const caps[] = { "urn:x:'; DROP TABLE entity_caps; --", "%s%n", NULL };
  CauDbAccount account = { .jid = (char *) jid, .presence_status = (char *) status };
  gint64 id;
  CauDb *db;

  db = open_db (fixture);

  g_assert_true (cau_db_set_setting (db, 0, "sentinel", "kept", &error));
  g_assert_no_error (error);

  id = cau_db_add_account (db, &account, &error);
  g_assert_no_error (error);
  g_assert_true (cau_db_set_setting (db, id, key, status, &error));
  g_assert_no_error (error);
  g_assert_true (cau_db_put_caps (db, "ver'--", "sha-1", caps, &error));
  g_assert_no_error (error);

  got = cau_db_get_account (db, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (got->jid, ==, jid);
  g_assert_cmpstr (got->presence_status, ==, status);

  value = cau_db_get_setting (db, id, key, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (value, ==, status);
  g_clear_pointer (&value, g_free);

  /* A key that matches only through injection is not found. */
  value = cau_db_get_setting (db, id, "x' OR '1'='1", &error);
  g_assert_error (error, CAU_DB_ERROR, CAU_DB_ERROR_NOT_FOUND);
  g_clear_error (&error);

  features = cau_db_get_caps (db, "ver'--", &error);
  g_assert_no_error (error);
  g_assert_cmpstrv (features, caps);

  /* Nothing was dropped or deleted. */
  g_assert_cmpuint (count_accounts (db), ==, 1);
  value = cau_db_get_setting (db, 0, "sentinel", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (value, ==, "kept");

  g_assert_finalize_object (db);
}

static void
test_transaction (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *value = NULL;
  gint64 id;
  CauDb *db;

  db = open_db (fixture);

  /* Rolled back: nothing stays. */
  g_assert_true (cau_db_begin (db, &error));
  g_assert_no_error (error);
  id = add_account (db, "alice@example.org");
  g_assert_true (cau_db_add_cert_pin (db, id, PIN_A, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (cau_db_set_setting (db, 0, "theme", "dark", &error));
  g_assert_no_error (error);
  g_assert_true (cau_db_put_caps (db, "ver", "sha-1",
                                  (const char * const []) { "urn:a", NULL }, &error));
  g_assert_no_error (error);

  /* Transactions do not nest. */
  g_assert_false (cau_db_begin (db, &error));
  g_assert_error (error, CAU_DB_ERROR, CAU_DB_ERROR_SQL);
  g_clear_error (&error);

  cau_db_rollback (db);

  g_assert_cmpuint (count_accounts (db), ==, 0);
  value = cau_db_get_setting (db, 0, "theme", &error);
  g_assert_error (error, CAU_DB_ERROR, CAU_DB_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (cau_db_get_caps (db, "ver", &error));
  g_assert_error (error, CAU_DB_ERROR, CAU_DB_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Rolling back with no transaction is harmless. */
  cau_db_rollback (db);

  /* Committed: it stays, also across a reopen. */
  g_assert_true (cau_db_begin (db, &error));
  g_assert_no_error (error);
  id = add_account (db, "alice@example.org");
  g_assert_true (cau_db_commit (db, &error));
  g_assert_no_error (error);
  g_assert_finalize_object (db);

  db = open_db (fixture);
  g_assert_cmpuint (count_accounts (db), ==, 1);

  /* remove_account nests inside a caller's transaction and goes with its rollback. */
  g_assert_true (cau_db_set_setting (db, id, "theme", "light", &error));
  g_assert_no_error (error);
  g_assert_true (cau_db_begin (db, &error));
  g_assert_no_error (error);
  g_assert_true (cau_db_remove_account (db, id, TRUE, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_accounts (db), ==, 0);
  cau_db_rollback (db);

  g_assert_cmpuint (count_accounts (db), ==, 1);
  value = cau_db_get_setting (db, id, "theme", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (value, ==, "light");
  g_clear_pointer (&value, g_free);

  /* A failed remove_account inside a transaction leaves the transaction usable. */
  g_assert_true (cau_db_begin (db, &error));
  g_assert_no_error (error);
  g_assert_false (cau_db_remove_account (db, id + 100, FALSE, &error));
  g_assert_error (error, CAU_DB_ERROR, CAU_DB_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_true (cau_db_set_setting (db, 0, "theme", "dark", &error));
  g_assert_no_error (error);
  g_assert_true (cau_db_commit (db, &error));
  g_assert_no_error (error);

  value = cau_db_get_setting (db, 0, "theme", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (value, ==, "dark");

  g_assert_finalize_object (db);
}

static void
add_test (const char *name,
          void      (*func) (Fixture *, gconstpointer))
{
  g_autofree char *path = g_strconcat ("/cau/store/", name, NULL);

  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  add_test ("open", test_open);
  add_test ("open-tightens-mode", test_open_tightens_mode);
  add_test ("open-not-a-database", test_open_not_a_database);
  add_test ("open-readonly", test_open_readonly);
  add_test ("accounts", test_accounts);
  add_test ("accounts-persist", test_accounts_persist);
  add_test ("accounts-duplicate", test_accounts_duplicate);
  add_test ("pins", test_pins);
  add_test ("caps", test_caps);
  add_test ("settings", test_settings);
  add_test ("binding", test_binding);
  add_test ("transaction", test_transaction);

  return g_test_run ();
}
