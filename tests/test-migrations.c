/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */

#include "config.h"

#include "cau-test-util.h"

#include "store/cau-db-messages.h"
#include "store/cau-db-omemo.h"

#include <glib/gstdio.h>
#include <sqlite3.h>

#include <sys/stat.h>

/* The tables of the current schema. */
static const char * const current_tables[] = {
  "account",
  "cert_pin",
  "entity_caps",
  "setting",
  "conversation",
  "message",
  "mam_cursor",
  "contact",
  "contact_group",
  "roster_version",
  "avatar",
  "omemo_own",
  "omemo_pre_key",
  "omemo_signed_pre_key",
  "omemo_device",
  "omemo_session",
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

/* Loads tests/data/db-vN.sql, a database as version N of the schema left it. */
static void
load_dump (const char *path,
           int         version)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dump = NULL;
  g_autofree char *dump_name = g_strdup_printf ("db-v%d.sql", version);
  g_autofree char *dump_path = NULL;
  sqlite3 *db;

  dump_path = g_test_build_filename (G_TEST_DIST, "data", dump_name, NULL);
  g_file_get_contents (dump_path, &dump, NULL, &error);
  g_assert_no_error (error);

  db = raw_open (path);
  raw_exec (db, dump);
  g_assert_cmpint (raw_query_int (db, "PRAGMA user_version;"), ==, version);
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

/* A database migrated from a committed dump must end with the same schema as a fresh one.
 * For the dump of the current version this checks that the dump is what the migrations write
 * (if it drifted, the test of the next migration would exercise a database no user has); for
 * older dumps it checks that each later step converges on what a fresh database gets. */
static void
test_matches_fresh (Fixture       *fixture,
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

  load_dump (fixture->path, GPOINTER_TO_INT (data));
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
assert_v1_accounts_get_history (CauDb *db)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) contacts = NULL;
  g_autoptr (GPtrArray) page = NULL;
  CauDbMessage message = {
    .outgoing = FALSE, .sender = (char *) "romeo@example.net", .time_us = 1767225700000000,
    .body = (char *) "Hi", .stanza_id = (char *) "S-1", .state = CAU_DB_MESSAGE_RECEIVED,
  };
  CauDbContact romeo = { .account_id = 1, .jid = (char *) "romeo@example.net",
                         .subscription = (char *) "both", .groups = NULL };
  gint64 conversation_id;

  contacts = cau_db_list_contacts (db, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (contacts->len, ==, 0);

  conversation_id = cau_db_ensure_conversation (db, 1, "romeo@example.net", &error);
  g_assert_no_error (error);
  message.conversation_id = conversation_id;
  g_assert_true (cau_db_insert_message (db, &message, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (cau_db_put_contact (db, &romeo, &error));
  g_assert_no_error (error);
  g_assert_true (cau_db_set_mam_cursor (db, 1, "alice@example.org", "S-1", &error));
  g_assert_no_error (error);

  page = cau_db_list_messages_before (db, conversation_id, 0, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->len, ==, 1);
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

  load_dump (fixture->path, 1);

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

  /* Version 2: the old accounts start with no history, which new rows can reference. */
  assert_v1_accounts_get_history (db);

  /* The old rows behave like new ones: the cascade still removes the pins, and the history
   * written above outlives the account. */
  g_assert_true (cau_db_remove_account (db, 1, FALSE, &error));
  g_assert_no_error (error);
  g_assert_finalize_object (db);

  raw = raw_open (fixture->path);
  g_assert_cmpint (raw_query_int (raw, "PRAGMA user_version;"), ==, CAU_DB_SCHEMA_VERSION);
  assert_tables (raw);
  g_assert_cmpint (raw_query_int (raw, "SELECT count(*) FROM cert_pin;"), ==, 0);
  g_assert_cmpint (raw_query_int (raw, "SELECT count(*) FROM setting;"), ==, 2);
  g_assert_cmpint (raw_query_int (raw, "SELECT count(*) FROM message;"), ==, 1);
  g_assert_cmpint (raw_query_int (raw, "SELECT count(*) FROM contact;"), ==, 0);
  g_assert_cmpint (raw_query_int (raw, "SELECT count(*) FROM mam_cursor;"), ==, 0);
  raw_close (raw);
}

static void
assert_contact (const CauDbContact *contact,
                const char         *jid,
                const char         *name,
                const char         *subscription,
                gboolean            ask)
{
  g_assert_cmpstr (contact->jid, ==, jid);
  g_assert_cmpstr (contact->name, ==, name);
  g_assert_cmpstr (contact->subscription, ==, subscription);
  g_assert_cmpint (contact->ask, ==, ask);
}

static void
assert_v2_conversations (CauDb *db)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) list = NULL;
  g_autoptr (CauDbConversation) archived = NULL;
  const CauDbConversation *romeo;

  /* Juliet's is archived and Dave's belongs to a removed account. */
  list = cau_db_list_conversations (db, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);

  romeo = g_ptr_array_index (list, 0);
  g_assert_cmpint (romeo->id, ==, 1);
  g_assert_cmpint (romeo->account_id, ==, 1);
  g_assert_cmpstr (romeo->peer, ==, "romeo@example.net");
  g_assert_cmpint (romeo->last_activity_us, ==, 1767226000000000);
  g_assert_cmpint (romeo->last_message_id, ==, 3);
  g_assert_cmpuint (romeo->unread, ==, 1);
  g_assert_cmpint (romeo->read_up_to, ==, 2);
  g_assert_true (romeo->pinned);
  g_assert_false (romeo->archived);
  g_assert_cmpstr (romeo->draft, ==, "See you");
  g_assert_true (romeo->history_complete);
  g_assert_cmpstr (romeo->last_body, ==, "Fine, thanks");
  g_assert_false (romeo->last_outgoing);

  archived = cau_db_get_conversation (db, 2, &error);
  g_assert_no_error (error);
  g_assert_true (archived->archived);
  g_assert_cmpstr (archived->last_body, ==, "Trying again");
  g_assert_true (archived->last_outgoing);
}

/* The unique indexes came through: the archive's copy of message 1 is a duplicate. */
static void
assert_v2_unique_keys (CauDb *db)
{
  g_autoptr (GError) error = NULL;
  CauDbMessage copy = {
    .conversation_id = 1, .sender = (char *) "romeo@example.net", .body = (char *) "Hi Alice",
    .stanza_id = (char *) "S-1", .time_us = 1767225700000000, .state = CAU_DB_MESSAGE_RECEIVED,
  };
  gboolean duplicate = FALSE;

  g_assert_true (cau_db_insert_message (db, &copy, &duplicate, &error));
  g_assert_no_error (error);
  g_assert_true (duplicate);
  g_assert_cmpint (copy.id, ==, 1);
}

static void
assert_v2_messages (CauDb *db)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) page = NULL;
  g_autoptr (GPtrArray) outbox = NULL;
  g_autoptr (CauDbMessage) failed = NULL;
  g_autofree char *oldest = NULL;
  const CauDbMessage *hello;

  page = cau_db_list_messages_before (db, 1, 0, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->len, ==, 3);
  hello = g_ptr_array_index (page, 1);
  g_assert_cmpint (hello->id, ==, 2);
  g_assert_true (hello->outgoing);
  g_assert_cmpstr (hello->sender, ==, "alice@example.org");
  g_assert_cmpstr (hello->sender_resource, ==, "laptop");
  g_assert_cmpint (hello->time_us, ==, 1767225800000000);
  g_assert_cmpstr (hello->body, ==, "Hello Romeo\nHow are you?");
  g_assert_cmpstr (hello->xmpp_id, ==, "a1");
  g_assert_cmpstr (hello->origin_id, ==, "a1");
  g_assert_cmpstr (hello->stanza_id, ==, "S-2");
  g_assert_cmpint (hello->state, ==, CAU_DB_MESSAGE_READ);

  failed = cau_db_get_message (db, 4, &error);
  g_assert_no_error (error);
  g_assert_cmpint (failed->state, ==, CAU_DB_MESSAGE_FAILED);
  g_assert_cmpstr (failed->error_text, ==, "service-unavailable");

  outbox = cau_db_list_outbox (db, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (outbox->len, ==, 1);
  g_assert_cmpint (((CauDbMessage *) g_ptr_array_index (outbox, 0))->id, ==, 5);

  oldest = cau_db_get_oldest_stanza_id (db, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (oldest, ==, "S-1");

  assert_v2_unique_keys (db);
}

static void
assert_v2_roster (CauDb *db)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) contacts = NULL;
  g_autofree char *version = NULL;
  g_autofree char *cursor = NULL;
  const CauDbContact *juliet, *romeo;

  contacts = cau_db_list_contacts (db, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (contacts->len, ==, 2);
  juliet = g_ptr_array_index (contacts, 0);
  assert_contact (juliet, "juliet@example.com", NULL, "none", TRUE);
  g_assert_cmpstrv (juliet->groups, ((const char * const []) { NULL }));
  romeo = g_ptr_array_index (contacts, 1);
  assert_contact (romeo, "romeo@example.net", "Romeo", "both", FALSE);
  g_assert_cmpstrv (romeo->groups,
                    ((const char * const []) { "Friends", "Verona\nItaly", NULL }));

  version = cau_db_get_roster_version (db, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (version, ==, "ver-42");

  cursor = cau_db_get_mam_cursor (db, 1, "alice@example.org", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cursor, ==, "S-3");
}

static void
test_from_v2 (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CauDbConversation) kept = NULL;
  CauDbAccount carol = { .jid = (char *) "carol@example.com" };
  gint64 carol_id;
  CauDb *db;
  sqlite3 *raw;

  load_dump (fixture->path, 2);

  db = cau_db_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cau_db_get_schema_version (db), ==, CAU_DB_SCHEMA_VERSION);

  assert_v2_conversations (db);
  assert_v2_messages (db);
  assert_v2_roster (db);

  /* The history kept from a removed account comes back with the account. */
  carol_id = cau_db_add_account (db, &carol, &error);
  g_assert_no_error (error);
  kept = cau_db_get_conversation (db, 3, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kept->account_id, ==, carol_id);

  g_assert_true (cau_db_remove_account (db, 1, TRUE, &error));
  g_assert_no_error (error);
  g_assert_finalize_object (db);

  raw = raw_open (fixture->path);
  g_assert_cmpint (raw_query_int (raw, "SELECT count(*) FROM conversation;"), ==, 1);
  g_assert_cmpint (raw_query_int (raw, "SELECT count(*) FROM message;"), ==, 1);
  g_assert_cmpint (raw_query_int (raw, "SELECT count(*) FROM contact;"), ==, 1);
  g_assert_cmpint (raw_query_int (raw, "SELECT count(*) FROM contact_group;"), ==, 1);
  g_assert_cmpint (raw_query_int (raw, "SELECT count(*) FROM roster_version;"), ==, 0);
  g_assert_cmpint (raw_query_int (raw, "SELECT count(*) FROM mam_cursor;"), ==, 0);
  raw_close (raw);
}

/* Version 3 adds avatars: a v2 database has none, and takes them after the migration. */
static void
test_v2_takes_avatars (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GHashTable) avatars = NULL;
  CauDb *db;

  load_dump (fixture->path, 2);
  db = cau_db_open (fixture->path, &error);
  g_assert_no_error (error);

  avatars = cau_db_list_avatars (db, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (avatars), ==, 0);
  g_clear_pointer (&avatars, g_hash_table_unref);

  g_assert_true (cau_db_set_avatar (db, 1, "romeo@example.net",
                                    "a94a8fe5ccb19ba61c4c0873d391e987982fbbd3", &error));
  g_assert_no_error (error);
  g_assert_true (cau_db_set_avatar (db, 1, "romeo@example.net",
                                    "da39a3ee5e6b4b0d3255bfef95601890afd80709", &error));
  g_assert_no_error (error);
  g_assert_false (cau_db_set_avatar (db, 99, "romeo@example.net",
                                     "da39a3ee5e6b4b0d3255bfef95601890afd80709", &error));
  g_assert_error (error, CAU_DB_ERROR, CAU_DB_ERROR_NOT_FOUND);
  g_clear_error (&error);

  avatars = cau_db_list_avatars (db, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (avatars), ==, 1);
  g_assert_cmpstr (g_hash_table_lookup (avatars, "romeo@example.net"), ==,
                   "da39a3ee5e6b4b0d3255bfef95601890afd80709");
  g_clear_pointer (&avatars, g_hash_table_unref);

  g_assert_true (cau_db_set_avatar (db, 1, "romeo@example.net", NULL, &error));
  g_assert_no_error (error);
  avatars = cau_db_list_avatars (db, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (avatars), ==, 0);
  g_assert_finalize_object (db);
}

/* The rows of the v3 dump survive, and go with their account. */
static void
test_from_v3 (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GHashTable) avatars = NULL;
  CauDb *db;
  sqlite3 *raw;

  load_dump (fixture->path, 3);
  db = cau_db_open (fixture->path, &error);
  g_assert_no_error (error);

  avatars = cau_db_list_avatars (db, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (avatars), ==, 2);
  g_assert_cmpstr (g_hash_table_lookup (avatars, "alice@example.org"), ==,
                   "da39a3ee5e6b4b0d3255bfef95601890afd80709");
  g_clear_pointer (&avatars, g_hash_table_unref);
  /* The cache keeps what any account holds. */
  avatars = cau_db_list_all_avatar_hashes (db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (avatars), ==, 2);
  g_assert_true (g_hash_table_contains (avatars, "a94a8fe5ccb19ba61c4c0873d391e987982fbbd3"));

  g_assert_true (cau_db_remove_account (db, 1, FALSE, &error));
  g_assert_no_error (error);
  g_assert_finalize_object (db);

  raw = raw_open (fixture->path);
  g_assert_cmpint (raw_query_int (raw, "SELECT count(*) FROM avatar;"), ==, 1);
  raw_close (raw);
}

/* An account of the v3 dump starts OMEMO from nothing. */
static void
test_v3_gets_omemo (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CauDbOmemoOwn) own = NULL;
  g_autoptr (GPtrArray) devices = NULL;
  CauDbOmemoOwn created = { .device_id = 7, .public_key = g_bytes_new_static ("p", 1),
                            .private_key = g_bytes_new_static ("k", 1) };
  guint32 first = 0;
  CauDb *db;

  load_dump (fixture->path, 3);
  db = cau_db_open (fixture->path, &error);
  g_assert_no_error (error);

  own = cau_db_omemo_get_own (db, 1, &error);
  g_assert_error (error, CAU_DB_ERROR, CAU_DB_ERROR_NOT_FOUND);
  g_assert_null (own);
  g_clear_error (&error);
  devices = cau_db_omemo_list_devices (db, 1, "romeo@example.net", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (devices->len, ==, 0);

  g_assert_true (cau_db_omemo_create_own (db, 1, &created, &error));
  g_assert_no_error (error);
  g_assert_true (cau_db_omemo_take_pre_key_ids (db, 1, 100, &first, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (first, ==, 1);

  g_bytes_unref (created.public_key);
  g_bytes_unref (created.private_key);
  g_assert_finalize_object (db);
}

/* The rows of the v4 dump survive, and go with their account. */
static void
test_from_v4 (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CauDbOmemoOwn) own = NULL;
  g_autoptr (CauDbOmemoDevice) device = NULL;
  g_autoptr (GPtrArray) pre_keys = NULL;
  g_autoptr (GBytes) session = NULL;
  CauDb *db;
  sqlite3 *raw;

  load_dump (fixture->path, 4);
  db = cau_db_open (fixture->path, &error);
  g_assert_no_error (error);

  own = cau_db_omemo_get_own (db, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (own->device_id, ==, 1234567890);
  g_assert_cmpuint (g_bytes_get_size (own->public_key), ==, 33);
  g_assert_cmpuint (own->next_pre_key_id, ==, 3);
  pre_keys = cau_db_omemo_list_pre_keys (db, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pre_keys->len, ==, 1);
  device = cau_db_omemo_get_device (db, 1, "romeo@example.net", 42, &error);
  g_assert_no_error (error);
  g_assert_cmpint (device->trust, ==, CAU_DB_OMEMO_VERIFIED);
  g_assert_cmpstr (device->label, ==, "Phone");
  session = cau_db_omemo_load_session (db, 1, "romeo@example.net", 42, CAU_DB_OMEMO_2, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (session, NULL), g_bytes_get_size (session), "\x0a\x04", 2);

  g_assert_true (cau_db_remove_account (db, 1, FALSE, &error));
  g_assert_no_error (error);
  g_assert_finalize_object (db);

  raw = raw_open (fixture->path);
  g_assert_cmpint (raw_query_int (raw, "SELECT count(*) FROM omemo_own;"), ==, 0);
  g_assert_cmpint (raw_query_int (raw, "SELECT count(*) FROM omemo_pre_key;"), ==, 0);
  g_assert_cmpint (raw_query_int (raw, "SELECT count(*) FROM omemo_device;"), ==, 0);
  g_assert_cmpint (raw_query_int (raw, "SELECT count(*) FROM omemo_session;"), ==, 0);
  raw_close (raw);
}

/* Messages of the v4 dump were plaintext, and conversations follow the default. */
static void
test_v4_gets_encryption (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CauDbConversation) conversation = NULL;
  g_autoptr (GPtrArray) page = NULL;
  CauDb *db;

  load_dump (fixture->path, 4);
  db = cau_db_open (fixture->path, &error);
  g_assert_no_error (error);

  conversation = cau_db_get_conversation (db, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (conversation->encryption, ==, CAU_DB_CONVERSATION_ENCRYPTION_DEFAULT);
  page = cau_db_list_messages_before (db, 1, 0, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->len, >, 0);
  for (guint i = 0; i < page->len; i++)
    {
      CauDbMessage *message = g_ptr_array_index (page, i);

      g_assert_cmpint (message->encryption, ==, CAU_DB_ENCRYPTION_NONE);
      g_assert_cmpuint (message->sender_device, ==, 0);
      g_assert_cmpuint (message->crypto_error, ==, 0);
    }
  g_assert_true (cau_db_set_conversation_encryption (db, 1, CAU_DB_CONVERSATION_ENCRYPTION_PLAIN,
                                                     &error));
  g_assert_no_error (error);
  g_assert_finalize_object (db);
}

/* The rows of the v5 dump survive. */
static void
test_from_v5 (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CauDbConversation) conversation = NULL;
  g_autoptr (CauDbMessage) readable = NULL;
  g_autoptr (CauDbMessage) unreadable = NULL;
  CauDb *db;

  load_dump (fixture->path, 5);
  db = cau_db_open (fixture->path, &error);
  g_assert_no_error (error);

  conversation = cau_db_get_conversation (db, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (conversation->encryption, ==, CAU_DB_CONVERSATION_ENCRYPTION_OMEMO);
  readable = cau_db_get_message (db, 7, &error);
  g_assert_no_error (error);
  g_assert_cmpint (readable->encryption, ==, CAU_DB_ENCRYPTION_OMEMO_LEGACY);
  g_assert_cmpuint (readable->sender_device, ==, 42);
  g_assert_cmpstr (readable->body, ==, "Secret hello");
  unreadable = cau_db_get_message (db, 8, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (unreadable->crypto_error, ==, 1);
  g_assert_cmpstr (unreadable->body, ==, "");
  g_assert_finalize_object (db);
}

/* Conversations of the v5 dump are one-to-one chats with no room data, and their messages
 * have no occupant id; one of them can become a room. */
static void
test_v5_gets_rooms (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) conversations = NULL;
  g_autoptr (GPtrArray) page = NULL;
  g_autoptr (GPtrArray) rooms = NULL;
  g_autoptr (CauDbConversation) archived = NULL;
  const CauDbConversation *romeo;
  CauDb *db;
  sqlite3 *raw;

  load_dump (fixture->path, 5);
  db = cau_db_open (fixture->path, &error);
  g_assert_no_error (error);

  conversations = cau_db_list_conversations (db, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (conversations->len, ==, 1);
  romeo = g_ptr_array_index (conversations, 0);
  g_assert_cmpint (romeo->kind, ==, CAU_DB_CONVERSATION_CHAT);
  g_assert_null (romeo->room_nick);
  g_assert_false (romeo->room_joined);
  g_assert_null (romeo->room_name);
  g_assert_null (romeo->subject);
  /* What version 5 knew is still there. */
  g_assert_cmpint (romeo->encryption, ==, CAU_DB_CONVERSATION_ENCRYPTION_OMEMO);
  g_assert_cmpstr (romeo->draft, ==, "See you");
  archived = cau_db_get_conversation (db, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpint (archived->kind, ==, CAU_DB_CONVERSATION_CHAT);
  g_assert_true (archived->archived);

  page = cau_db_list_messages_before (db, 1, 0, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->len, ==, 5);
  for (guint i = 0; i < page->len; i++)
    g_assert_null (((CauDbMessage *) g_ptr_array_index (page, i))->occupant_id);
  g_assert_cmpuint (((CauDbMessage *) g_ptr_array_index (page, 3))->sender_device, ==, 42);

  rooms = cau_db_list_joined_rooms (db, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rooms->len, ==, 0);
  g_assert_cmpint (cau_db_ensure_room (db, 1, "juliet@example.com", "Alice", &error), ==, 2);
  g_assert_no_error (error);
  g_assert_finalize_object (db);

  raw = raw_open (fixture->path);
  g_assert_cmpint (raw_query_int (raw, "SELECT count(*) FROM message;"), ==, 8);
  g_assert_cmpint (raw_query_int (raw, "SELECT count(*) FROM conversation WHERE kind = 1;"),
                   ==, 1);
  raw_close (raw);
}

/* The rows of the v6 dump survive. */
static void
test_from_v6 (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) rooms = NULL;
  g_autoptr (GPtrArray) page = NULL;
  g_autofree char *cursor = NULL;
  const CauDbConversation *room;
  const CauDbMessage *romeo, *ours;
  CauDb *db;

  load_dump (fixture->path, 6);
  db = cau_db_open (fixture->path, &error);
  g_assert_no_error (error);

  rooms = cau_db_list_joined_rooms (db, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rooms->len, ==, 1);
  room = g_ptr_array_index (rooms, 0);
  g_assert_cmpint (room->id, ==, 4);
  g_assert_cmpint (room->kind, ==, CAU_DB_CONVERSATION_ROOM);
  g_assert_cmpstr (room->peer, ==, "balcony@rooms.example.org");
  g_assert_cmpstr (room->room_nick, ==, "Alice");
  g_assert_true (room->room_joined);
  g_assert_cmpstr (room->room_name, ==, "The balcony");
  g_assert_cmpstr (room->subject, ==, "Tonight\nat the window");
  g_assert_cmpstr (room->last_body, ==, "I am");

  page = cau_db_list_messages_before (db, 4, 0, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->len, ==, 2);
  romeo = g_ptr_array_index (page, 0);
  g_assert_cmpstr (romeo->sender, ==, "balcony@rooms.example.org");
  g_assert_cmpstr (romeo->sender_resource, ==, "Romeo");
  g_assert_cmpstr (romeo->occupant_id, ==, "occ-romeo");
  ours = g_ptr_array_index (page, 1);
  g_assert_true (ours->outgoing);
  g_assert_cmpstr (ours->stanza_id, ==, "R-10");

  cursor = cau_db_get_mam_cursor (db, 1, "balcony@rooms.example.org", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cursor, ==, "R-10");
  g_clear_pointer (&cursor, g_free);
  cursor = cau_db_get_mam_cursor (db, 1, "alice@example.org", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cursor, ==, "S-3");
  g_assert_finalize_object (db);
}

/* The rows of the v7 dump survive: a message a moderator removed, and a corrected one. */
static void
test_from_v7 (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) page = NULL;
  g_autoptr (CauDbConversation) room = NULL;
  const CauDbMessage *corrected, *removed;
  CauDb *db;

  load_dump (fixture->path, 7);
  db = cau_db_open (fixture->path, &error);
  g_assert_no_error (error);

  page = cau_db_list_messages_before (db, 4, 0, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->len, ==, 3);
  corrected = g_ptr_array_index (page, 0);
  g_assert_cmpstr (corrected->body, ==, "Anyone here tonight?");
  g_assert_cmpint (corrected->edited_us, ==, 1767500050000000);
  g_assert_cmpint (corrected->retracted_us, ==, 0);
  removed = g_ptr_array_index (page, 2);
  g_assert_cmpstr (removed->body, ==, "");
  g_assert_cmpint (removed->retracted_us, ==, 1767500300000000);
  g_assert_cmpstr (removed->retracted_by, ==, "Alice");
  g_assert_cmpstr (removed->retract_reason, ==, "Insults");
  g_assert_cmpint (removed->edited_us, ==, 0);

  room = cau_db_get_conversation (db, 4, &error);
  g_assert_no_error (error);
  g_assert_true (room->last_retracted);
  g_assert_cmpstr (room->last_body, ==, "");
  g_assert_finalize_object (db);
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
  g_test_add ("/cau/migrations/v1-matches-fresh", Fixture, GINT_TO_POINTER (1),
              fixture_set_up, test_matches_fresh, fixture_tear_down);
  g_test_add ("/cau/migrations/v2-matches-fresh", Fixture, GINT_TO_POINTER (2),
              fixture_set_up, test_matches_fresh, fixture_tear_down);
  add_test ("from-v1", test_from_v1);
  g_test_add ("/cau/migrations/v3-matches-fresh", Fixture, GINT_TO_POINTER (3),
              fixture_set_up, test_matches_fresh, fixture_tear_down);
  add_test ("from-v2", test_from_v2);
  add_test ("v2-takes-avatars", test_v2_takes_avatars);
  add_test ("from-v3", test_from_v3);
  add_test ("v3-gets-omemo", test_v3_gets_omemo);
  g_test_add ("/cau/migrations/v4-matches-fresh", Fixture, GINT_TO_POINTER (4),
              fixture_set_up, test_matches_fresh, fixture_tear_down);
  add_test ("from-v4", test_from_v4);
  add_test ("v4-gets-encryption", test_v4_gets_encryption);
  g_test_add ("/cau/migrations/v5-matches-fresh", Fixture, GINT_TO_POINTER (5),
              fixture_set_up, test_matches_fresh, fixture_tear_down);
  add_test ("from-v5", test_from_v5);
  add_test ("v5-gets-rooms", test_v5_gets_rooms);
  g_test_add ("/cau/migrations/v6-matches-fresh", Fixture, GINT_TO_POINTER (6),
              fixture_set_up, test_matches_fresh, fixture_tear_down);
  add_test ("from-v6", test_from_v6);
  g_test_add ("/cau/migrations/v7-matches-fresh", Fixture, GINT_TO_POINTER (7),
              fixture_set_up, test_matches_fresh, fixture_tear_down);
  add_test ("from-v7", test_from_v7);
  add_test ("too-new", test_too_new);
  add_test ("idempotent", test_idempotent);
  add_test ("failure-rolls-back", test_failure_rolls_back);

  return g_test_run ();
}
