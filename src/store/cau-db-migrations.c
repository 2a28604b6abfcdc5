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

/* Version 2: conversations, messages, the MAM catch-up cursor and the roster.
 *
 * History outlives its account: `conversation.account_id` is SET NULL, not CASCADE, when the
 * account row goes, so that cau_db_remove_account() with delete_history FALSE keeps the
 * conversations and their messages. That function records the account's JID in
 * `account_jid` when it detaches them, and cau_db_add_account() gives them back to an account
 * added again with that JID. `account_jid` is NULL while `account_id` is set. Everything else
 * that is the account's state rather than its history (roster, MAM cursors) cascades.
 *
 * `last_message_id` and `read_up_to` are message ids, 0 for none; they are plain integers
 * because `message` references `conversation` and the pair cannot reference each other.
 *
 * A message is unique per conversation by its archive id (`stanza_id`) and by its author's
 * (`origin_id`, `sender`). The second index puts origin_id before sender so that it also
 * serves cau_db_find_message(), which looks an id up without knowing the sender; the
 * constraint is the same in either column order. message_xmpp_id ends with time_us so that
 * "the newest message with this id" (receipts, markers, corrections) is read from the index
 * in order instead of making the planner walk the whole conversation by time. `state` is a
 * CauDbMessageState; the outbox index holds only our pending messages (0 is
 * CAU_DB_MESSAGE_PENDING).
 *
 * Roster groups live in their own table so that any group name, line breaks included,
 * round-trips; they go with their contact. The XEP-0237 roster version is one row per
 * account. */
static const char migration_2[] =
  "CREATE TABLE conversation (\n"
  "  id               INTEGER PRIMARY KEY,\n"
  "  account_id       INTEGER REFERENCES account (id) ON DELETE SET NULL,\n"
  "  account_jid      TEXT,\n"
  "  peer             TEXT NOT NULL,\n"
  "  last_activity_us INTEGER NOT NULL,\n"
  "  last_message_id  INTEGER NOT NULL DEFAULT 0,\n"
  "  unread           INTEGER NOT NULL DEFAULT 0,\n"
  "  read_up_to       INTEGER NOT NULL DEFAULT 0,\n"
  "  pinned           INTEGER NOT NULL DEFAULT 0,\n"
  "  archived         INTEGER NOT NULL DEFAULT 0,\n"
  "  draft            TEXT,\n"
  "  history_complete INTEGER NOT NULL DEFAULT 0,\n"
  "  UNIQUE (account_id, peer)\n"
  ");\n"
  "CREATE INDEX conversation_list ON conversation (archived, pinned, last_activity_us);\n"
  "CREATE TABLE message (\n"
  "  id              INTEGER PRIMARY KEY,\n"
  "  conversation_id INTEGER NOT NULL REFERENCES conversation (id) ON DELETE CASCADE,\n"
  "  outgoing        INTEGER NOT NULL,\n"
  "  sender          TEXT NOT NULL,\n"
  "  sender_resource TEXT,\n"
  "  time_us         INTEGER NOT NULL,\n"
  "  body            TEXT NOT NULL,\n"
  "  xmpp_id         TEXT,\n"
  "  origin_id       TEXT,\n"
  "  stanza_id       TEXT,\n"
  "  state           INTEGER NOT NULL CHECK (state IN (0, 1, 2, 3, 4, 10)),\n"
  "  error_text      TEXT\n"
  ");\n"
  "CREATE INDEX message_time ON message (conversation_id, time_us, id);\n"
  "CREATE UNIQUE INDEX message_stanza_id ON message (conversation_id, stanza_id)\n"
  "  WHERE stanza_id IS NOT NULL;\n"
  "CREATE UNIQUE INDEX message_origin_id ON message (conversation_id, origin_id, sender)\n"
  "  WHERE origin_id IS NOT NULL;\n"
  "CREATE INDEX message_xmpp_id ON message (conversation_id, xmpp_id, time_us)\n"
  "  WHERE xmpp_id IS NOT NULL;\n"
  "CREATE INDEX message_outbox ON message (conversation_id)\n"
  "  WHERE outgoing = 1 AND state = 0;\n"
  "CREATE TABLE mam_cursor (\n"
  "  account_id INTEGER NOT NULL REFERENCES account (id) ON DELETE CASCADE,\n"
  "  archive    TEXT NOT NULL,\n"
  "  stanza_id  TEXT NOT NULL,\n"
  "  PRIMARY KEY (account_id, archive)\n"
  ");\n"
  "CREATE TABLE contact (\n"
  "  account_id   INTEGER NOT NULL REFERENCES account (id) ON DELETE CASCADE,\n"
  "  jid          TEXT NOT NULL,\n"
  "  name         TEXT,\n"
  "  subscription TEXT NOT NULL DEFAULT 'none'\n"
  "               CHECK (subscription IN ('none', 'to', 'from', 'both')),\n"
  "  ask          INTEGER NOT NULL DEFAULT 0,\n"
  "  PRIMARY KEY (account_id, jid)\n"
  ");\n"
  "CREATE TABLE contact_group (\n"
  "  account_id INTEGER NOT NULL,\n"
  "  jid        TEXT NOT NULL,\n"
  "  name       TEXT NOT NULL,\n"
  "  PRIMARY KEY (account_id, jid, name),\n"
  "  FOREIGN KEY (account_id, jid) REFERENCES contact (account_id, jid) ON DELETE CASCADE\n"
  ");\n"
  "CREATE TABLE roster_version (\n"
  "  account_id INTEGER PRIMARY KEY REFERENCES account (id) ON DELETE CASCADE,\n"
  "  version    TEXT NOT NULL\n"
  ");\n"
  SET_USER_VERSION (2);

/* Version 3: which avatar (XEP-0084, XEP-0153) each contact of an account, and the account
 * itself, last announced. `hash` is the image's SHA-1 in lower-case hex, the name of its file
 * in the avatar cache; a contact with no avatar has no row. Not tied to `contact`: people
 * outside the roster (and the account's own JID) have avatars too. */
static const char migration_3[] =
  "CREATE TABLE avatar (\n"
  "  account_id INTEGER NOT NULL REFERENCES account (id) ON DELETE CASCADE,\n"
  "  jid        TEXT NOT NULL,\n"
  "  hash       TEXT NOT NULL CHECK (length (hash) = 40),\n"
  "  PRIMARY KEY (account_id, jid)\n"
  ");\n"
  SET_USER_VERSION (3);

/* Version 4: OMEMO's keys and what we know of other devices (src/omemo, DESIGN §6).
 *
 * `omemo_own` is this installation's device for an account: its id (also libsignal's
 * registration id), its identity key pair (libomemo-c's serialised forms) and the id the next
 * generated pre-key gets. Pre-key ids are never reused, because a peer may still hold a bundle
 * naming an old one. A pre-key consumed by a key exchange keeps its row with `used_at` set until
 * the catch-up that may bring the same exchange again is over (§6); only then is it deleted and
 * replaced.
 *
 * `omemo_device` is every device of every JID (our own included) that a device list, a bundle or
 * a message told us of. `in_legacy_list` and `in_omemo2_list` say whether it is in the current
 * list of each protocol; a device in neither is inactive but keeps its trust. `identity_key` is
 * the 33-byte libsignal form, recorded on first use and never silently replaced; `trust` is a
 * CauDbOmemoTrust. Sessions are per device and session version (3: legacy OMEMO, 4: OMEMO 2):
 * a device offering both protocols has two independent ratchets. */
static const char migration_4[] =
  "CREATE TABLE omemo_own (\n"
  "  account_id       INTEGER PRIMARY KEY REFERENCES account (id) ON DELETE CASCADE,\n"
  "  device_id        INTEGER NOT NULL CHECK (device_id BETWEEN 1 AND 2147483647),\n"
  "  public_key       BLOB NOT NULL,\n"
  "  private_key      BLOB NOT NULL,\n"
  "  next_pre_key_id  INTEGER NOT NULL DEFAULT 1,\n"
  "  created_at       INTEGER NOT NULL\n"
  ");\n"
  "CREATE TABLE omemo_pre_key (\n"
  "  account_id INTEGER NOT NULL REFERENCES account (id) ON DELETE CASCADE,\n"
  "  id         INTEGER NOT NULL,\n"
  "  record     BLOB NOT NULL,\n"
  "  used_at    INTEGER,\n"
  "  PRIMARY KEY (account_id, id)\n"
  ") WITHOUT ROWID;\n"
  "CREATE TABLE omemo_signed_pre_key (\n"
  "  account_id INTEGER NOT NULL REFERENCES account (id) ON DELETE CASCADE,\n"
  "  id         INTEGER NOT NULL,\n"
  "  record     BLOB NOT NULL,\n"
  "  created_at INTEGER NOT NULL,\n"
  "  PRIMARY KEY (account_id, id)\n"
  ") WITHOUT ROWID;\n"
  "CREATE TABLE omemo_device (\n"
  "  account_id     INTEGER NOT NULL REFERENCES account (id) ON DELETE CASCADE,\n"
  "  jid            TEXT NOT NULL,\n"
  "  device_id      INTEGER NOT NULL CHECK (device_id BETWEEN 1 AND 4294967295),\n"
  "  in_legacy_list INTEGER NOT NULL DEFAULT 0,\n"
  "  in_omemo2_list INTEGER NOT NULL DEFAULT 0,\n"
  "  label          TEXT,\n"
  "  identity_key   BLOB,\n"
  "  trust          INTEGER NOT NULL DEFAULT 0 CHECK (trust IN (0, 1, 2, 3)),\n"
  "  first_seen     INTEGER NOT NULL,\n"
  "  last_seen      INTEGER NOT NULL,\n"
  "  PRIMARY KEY (account_id, jid, device_id)\n"
  ") WITHOUT ROWID;\n"
  "CREATE TABLE omemo_session (\n"
  "  account_id INTEGER NOT NULL,\n"
  "  jid        TEXT NOT NULL,\n"
  "  device_id  INTEGER NOT NULL,\n"
  "  version    INTEGER NOT NULL CHECK (version IN (3, 4)),\n"
  "  record     BLOB NOT NULL,\n"
  "  PRIMARY KEY (account_id, jid, device_id, version),\n"
  "  FOREIGN KEY (account_id, jid, device_id)\n"
  "    REFERENCES omemo_device (account_id, jid, device_id) ON DELETE CASCADE\n"
  ") WITHOUT ROWID;\n"
  SET_USER_VERSION (4);

/* Version 5: how each message came, and each conversation's choice of encryption.
 *
 * `message.encryption`: 0 plaintext, 1 legacy OMEMO, 2 OMEMO 2 — for one of ours still pending,
 * how it is to be sent. `sender_device` is the OMEMO device that sent it (NULL for plaintext
 * and for ours). `crypto_error` is why an encrypted message has no body (its body is then
 * empty), or why one of ours could not be encrypted; 0 when none. Its values are the engine's
 * (CauXmppCryptoError), stored as they are.
 *
 * `conversation.encryption`: 0 the default (OMEMO when the contact can read it), 1 OMEMO and
 * 2 plaintext when the owner chose. */
static const char migration_5[] =
  "ALTER TABLE message ADD COLUMN encryption INTEGER NOT NULL DEFAULT 0\n"
  "  CHECK (encryption IN (0, 1, 2));\n"
  "ALTER TABLE message ADD COLUMN sender_device INTEGER;\n"
  "ALTER TABLE message ADD COLUMN crypto_error INTEGER NOT NULL DEFAULT 0;\n"
  "ALTER TABLE conversation ADD COLUMN encryption INTEGER NOT NULL DEFAULT 0\n"
  "  CHECK (encryption IN (0, 1, 2));\n"
  SET_USER_VERSION (5);

/* Version 6: group chats (XEP-0045).
 *
 * A room is a conversation like a chat, so that it is listed, read, pinned and archived the
 * same way; `kind` tells them apart (0 a chat, 1 a room). A room's messages all have the room's
 * bare JID as `sender` and the occupant's nickname as `sender_resource`, so that room@service/nick
 * is the occupant's JID and the unique index on (origin_id, sender) recognises the room's echo
 * of a message of ours. Nicknames change and are reused, so `message.occupant_id` (XEP-0421)
 * keeps what tells one occupant from another when the room gives it.
 *
 * `room_joined` is the owner's wish to be in the room, not the presence state: it is what makes
 * the room joined again at each connection until it is left. `room_name` comes from the room's
 * disco#info or its bookmark; `subject` is the last subject the room announced. The room's
 * archive cursor is the `mam_cursor` row whose `archive` is the room's JID. */
static const char migration_6[] =
  "ALTER TABLE conversation ADD COLUMN kind INTEGER NOT NULL DEFAULT 0\n"
  "  CHECK (kind IN (0, 1));\n"
  "ALTER TABLE conversation ADD COLUMN room_nick TEXT;\n"
  "ALTER TABLE conversation ADD COLUMN room_joined INTEGER NOT NULL DEFAULT 0;\n"
  "ALTER TABLE conversation ADD COLUMN room_name TEXT;\n"
  "ALTER TABLE conversation ADD COLUMN subject TEXT;\n"
  "ALTER TABLE message ADD COLUMN occupant_id TEXT;\n"
  SET_USER_VERSION (6);

/* Version 7: messages changed after they came.
 *
 * A moderator may remove a room's message for everyone (XEP-0425): its body is then emptied
 * for good, `retracted_us` says when, `retracted_by` by whom (a nickname, nullable) and
 * `retract_reason` why (nullable). Its author may correct a message (XEP-0308): `body` is then
 * the corrected text and `edited_us` the time of the last correction. */
static const char migration_7[] =
  "ALTER TABLE message ADD COLUMN retracted_us INTEGER;\n"
  "ALTER TABLE message ADD COLUMN retracted_by TEXT;\n"
  "ALTER TABLE message ADD COLUMN retract_reason TEXT;\n"
  "ALTER TABLE message ADD COLUMN edited_us INTEGER;\n"
  SET_USER_VERSION (7);

static const Migration migrations[] = {
  { 1, migration_1, NULL },
  { 2, migration_2, NULL },
  { 3, migration_3, NULL },
  { 4, migration_4, NULL },
  { 5, migration_5, NULL },
  { 6, migration_6, NULL },
  { 7, migration_7, NULL },
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
