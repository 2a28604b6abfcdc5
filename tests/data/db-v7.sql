-- SPDX-License-Identifier: GPL-3.0-or-later
-- Copyright 2026 The Causerie developers
--
-- A Causerie database at schema version 7: the version 6 dump (db-v6.sql) migrated, then in
-- the room balcony@rooms.example.org (conversation 4) the occupant "Tybalt" said something a
-- moderator, "Alice", removed for everyone, with a reason (message 11, its body gone), and
-- Romeo corrected what he had said (message 9, now its corrected text). Never edit the schema
-- below: test-migrations checks that it matches migrations 1 to 7 and that later migrations
-- keep these rows. Add rows only if a new migration needs them. Keys are placeholders of the
-- right sizes, not real keys.
--
-- Version 6 had: alice joined the room as "Alice" (kept joined, its name and subject known),
-- where the occupant "Romeo" (occupant id "occ-romeo") said one thing and alice answered
-- (already reflected: it has the room's archive id); the room's archive cursor is at that
-- answer.
--
-- Conversation 3 was kept when its account (carol@example.com) was removed without deleting
-- its history: it belongs to no account. Conversation 2 is archived; message 5 is in alice's
-- outbox.

BEGIN TRANSACTION;

CREATE TABLE account (
  id              INTEGER PRIMARY KEY,
  jid             TEXT NOT NULL UNIQUE,
  resource        TEXT,
  host            TEXT,
  port            INTEGER NOT NULL DEFAULT 0,
  direct_tls      INTEGER NOT NULL DEFAULT 0,
  enabled         INTEGER NOT NULL DEFAULT 1,
  presence_show   TEXT NOT NULL DEFAULT 'available',
  presence_status TEXT,
  created_at      INTEGER NOT NULL
);
CREATE TABLE cert_pin (
  account_id INTEGER NOT NULL REFERENCES account (id) ON DELETE CASCADE,
  sha256     TEXT NOT NULL,
  subject    TEXT,
  created_at INTEGER NOT NULL,
  UNIQUE (account_id, sha256)
);
CREATE TABLE entity_caps (
  ver        TEXT PRIMARY KEY,
  hash       TEXT NOT NULL,
  features   TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE TABLE setting (
  account_id INTEGER NOT NULL DEFAULT 0,
  key        TEXT NOT NULL,
  value      TEXT NOT NULL,
  PRIMARY KEY (account_id, key)
);

CREATE TABLE conversation (
  id               INTEGER PRIMARY KEY,
  account_id       INTEGER REFERENCES account (id) ON DELETE SET NULL,
  account_jid      TEXT,
  peer             TEXT NOT NULL,
  last_activity_us INTEGER NOT NULL,
  last_message_id  INTEGER NOT NULL DEFAULT 0,
  unread           INTEGER NOT NULL DEFAULT 0,
  read_up_to       INTEGER NOT NULL DEFAULT 0,
  pinned           INTEGER NOT NULL DEFAULT 0,
  archived         INTEGER NOT NULL DEFAULT 0,
  draft            TEXT,
  history_complete INTEGER NOT NULL DEFAULT 0, encryption INTEGER NOT NULL DEFAULT 0
  CHECK (encryption IN (0, 1, 2)), kind INTEGER NOT NULL DEFAULT 0
  CHECK (kind IN (0, 1)), room_nick TEXT, room_joined INTEGER NOT NULL DEFAULT 0, room_name TEXT, subject TEXT,
  UNIQUE (account_id, peer)
);
CREATE INDEX conversation_list ON conversation (archived, pinned, last_activity_us);
CREATE TABLE message (
  id              INTEGER PRIMARY KEY,
  conversation_id INTEGER NOT NULL REFERENCES conversation (id) ON DELETE CASCADE,
  outgoing        INTEGER NOT NULL,
  sender          TEXT NOT NULL,
  sender_resource TEXT,
  time_us         INTEGER NOT NULL,
  body            TEXT NOT NULL,
  xmpp_id         TEXT,
  origin_id       TEXT,
  stanza_id       TEXT,
  state           INTEGER NOT NULL CHECK (state IN (0, 1, 2, 3, 4, 10)),
  error_text      TEXT
, encryption INTEGER NOT NULL DEFAULT 0
  CHECK (encryption IN (0, 1, 2)), sender_device INTEGER, crypto_error INTEGER NOT NULL DEFAULT 0, occupant_id TEXT, retracted_us INTEGER, retracted_by TEXT, retract_reason TEXT, edited_us INTEGER);
CREATE INDEX message_time ON message (conversation_id, time_us, id);
CREATE UNIQUE INDEX message_stanza_id ON message (conversation_id, stanza_id)
  WHERE stanza_id IS NOT NULL;
CREATE UNIQUE INDEX message_origin_id ON message (conversation_id, origin_id, sender)
  WHERE origin_id IS NOT NULL;
CREATE INDEX message_xmpp_id ON message (conversation_id, xmpp_id, time_us)
  WHERE xmpp_id IS NOT NULL;
CREATE INDEX message_outbox ON message (conversation_id)
  WHERE outgoing = 1 AND state = 0;
CREATE TABLE mam_cursor (
  account_id INTEGER NOT NULL REFERENCES account (id) ON DELETE CASCADE,
  archive    TEXT NOT NULL,
  stanza_id  TEXT NOT NULL,
  PRIMARY KEY (account_id, archive)
);
CREATE TABLE contact (
  account_id   INTEGER NOT NULL REFERENCES account (id) ON DELETE CASCADE,
  jid          TEXT NOT NULL,
  name         TEXT,
  subscription TEXT NOT NULL DEFAULT 'none'
               CHECK (subscription IN ('none', 'to', 'from', 'both')),
  ask          INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (account_id, jid)
);
CREATE TABLE contact_group (
  account_id INTEGER NOT NULL,
  jid        TEXT NOT NULL,
  name       TEXT NOT NULL,
  PRIMARY KEY (account_id, jid, name),
  FOREIGN KEY (account_id, jid) REFERENCES contact (account_id, jid) ON DELETE CASCADE
);
CREATE TABLE roster_version (
  account_id INTEGER PRIMARY KEY REFERENCES account (id) ON DELETE CASCADE,
  version    TEXT NOT NULL
);
CREATE TABLE avatar (
  account_id INTEGER NOT NULL REFERENCES account (id) ON DELETE CASCADE,
  jid        TEXT NOT NULL,
  hash       TEXT NOT NULL CHECK (length (hash) = 40),
  PRIMARY KEY (account_id, jid)
);
CREATE TABLE omemo_own (
  account_id       INTEGER PRIMARY KEY REFERENCES account (id) ON DELETE CASCADE,
  device_id        INTEGER NOT NULL CHECK (device_id BETWEEN 1 AND 2147483647),
  public_key       BLOB NOT NULL,
  private_key      BLOB NOT NULL,
  next_pre_key_id  INTEGER NOT NULL DEFAULT 1,
  created_at       INTEGER NOT NULL
);
CREATE TABLE omemo_pre_key (
  account_id INTEGER NOT NULL REFERENCES account (id) ON DELETE CASCADE,
  id         INTEGER NOT NULL,
  record     BLOB NOT NULL,
  used_at    INTEGER,
  PRIMARY KEY (account_id, id)
) WITHOUT ROWID;
CREATE TABLE omemo_signed_pre_key (
  account_id INTEGER NOT NULL REFERENCES account (id) ON DELETE CASCADE,
  id         INTEGER NOT NULL,
  record     BLOB NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (account_id, id)
) WITHOUT ROWID;
CREATE TABLE omemo_device (
  account_id     INTEGER NOT NULL REFERENCES account (id) ON DELETE CASCADE,
  jid            TEXT NOT NULL,
  device_id      INTEGER NOT NULL CHECK (device_id BETWEEN 1 AND 4294967295),
  in_legacy_list INTEGER NOT NULL DEFAULT 0,
  in_omemo2_list INTEGER NOT NULL DEFAULT 0,
  label          TEXT,
  identity_key   BLOB,
  trust          INTEGER NOT NULL DEFAULT 0 CHECK (trust IN (0, 1, 2, 3)),
  first_seen     INTEGER NOT NULL,
  last_seen      INTEGER NOT NULL,
  PRIMARY KEY (account_id, jid, device_id)
) WITHOUT ROWID;
CREATE TABLE omemo_session (
  account_id INTEGER NOT NULL,
  jid        TEXT NOT NULL,
  device_id  INTEGER NOT NULL,
  version    INTEGER NOT NULL CHECK (version IN (3, 4)),
  record     BLOB NOT NULL,
  PRIMARY KEY (account_id, jid, device_id, version),
  FOREIGN KEY (account_id, jid, device_id)
    REFERENCES omemo_device (account_id, jid, device_id) ON DELETE CASCADE
) WITHOUT ROWID;

INSERT INTO account (id, jid, resource, host, port, direct_tls, enabled, presence_show,
                     presence_status, created_at)
  VALUES (1, 'alice@example.org', 'laptop', 'xmpp.example.org', 5223, 1, 1, 'away',
          'Out for lunch, back at 2', 1767225600);
INSERT INTO account (id, jid, resource, host, port, direct_tls, enabled, presence_show,
                     presence_status, created_at)
  VALUES (3, 'bob@example.net', NULL, NULL, 0, 0, 0, 'available', NULL, 1767312000);

INSERT INTO cert_pin (account_id, sha256, subject, created_at)
  VALUES (1, 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
          'CN=xmpp.example.org', 1767225601);
INSERT INTO cert_pin (account_id, sha256, subject, created_at)
  VALUES (1, '5feceb66ffc86f38d952786c6d696c79c2dbc239dd4e91b46729d73a27fb57e9',
          NULL, 1767225602);

INSERT INTO entity_caps (ver, hash, features, created_at)
  VALUES ('QgayPKawpkPSDYmwT/WM94uAlu0=', 'sha-1',
          'http://jabber.org/protocol/caps' || char(10) ||
          'http://jabber.org/protocol/disco#info' || char(10) ||
          'urn:xmpp:jingle:1',
          1767225603);

INSERT INTO setting (account_id, key, value) VALUES (0, 'window-width', '1024');
INSERT INTO setting (account_id, key, value) VALUES (1, 'mam-catchup', 'since-last');
INSERT INTO setting (account_id, key, value) VALUES (3, 'mam-catchup', 'none');

INSERT INTO conversation (id, account_id, account_jid, peer, last_activity_us, last_message_id,
                          unread, read_up_to, pinned, archived, draft, history_complete)
  VALUES (1, 1, NULL, 'romeo@example.net', 1767226000000000, 3, 1, 2, 1, 0, 'See you', 1);
INSERT INTO conversation (id, account_id, account_jid, peer, last_activity_us, last_message_id,
                          unread, read_up_to, pinned, archived, draft, history_complete)
  VALUES (2, 1, NULL, 'juliet@example.com', 1767226200000000, 5, 0, 0, 0, 1, NULL, 0);
INSERT INTO conversation (id, account_id, account_jid, peer, last_activity_us, last_message_id,
                          unread, read_up_to, pinned, archived, draft, history_complete)
  VALUES (3, NULL, 'carol@example.com', 'dave@example.com', 1767100000000000, 6, 1, 0, 0, 0,
          NULL, 0);

INSERT INTO message (id, conversation_id, outgoing, sender, sender_resource, time_us, body,
                     xmpp_id, origin_id, stanza_id, state, error_text)
  VALUES (1, 1, 0, 'romeo@example.net', 'phone', 1767225700000000, 'Hi Alice',
          'r1', 'r1', 'S-1', 10, NULL);
INSERT INTO message (id, conversation_id, outgoing, sender, sender_resource, time_us, body,
                     xmpp_id, origin_id, stanza_id, state, error_text)
  VALUES (2, 1, 1, 'alice@example.org', 'laptop', 1767225800000000,
          'Hello Romeo' || char(10) || 'How are you?', 'a1', 'a1', 'S-2', 3, NULL);
INSERT INTO message (id, conversation_id, outgoing, sender, sender_resource, time_us, body,
                     xmpp_id, origin_id, stanza_id, state, error_text)
  VALUES (3, 1, 0, 'romeo@example.net', NULL, 1767226000000000, 'Fine, thanks',
          'r2', NULL, 'S-3', 10, NULL);
INSERT INTO message (id, conversation_id, outgoing, sender, sender_resource, time_us, body,
                     xmpp_id, origin_id, stanza_id, state, error_text)
  VALUES (4, 2, 1, 'alice@example.org', 'laptop', 1767226100000000, 'Are you there?',
          'a2', 'a2', NULL, 4, 'service-unavailable');
INSERT INTO message (id, conversation_id, outgoing, sender, sender_resource, time_us, body,
                     xmpp_id, origin_id, stanza_id, state, error_text)
  VALUES (5, 2, 1, 'alice@example.org', 'laptop', 1767226200000000, 'Trying again',
          'a3', 'a3', NULL, 0, NULL);
INSERT INTO message (id, conversation_id, outgoing, sender, sender_resource, time_us, body,
                     xmpp_id, origin_id, stanza_id, state, error_text)
  VALUES (6, 3, 0, 'dave@example.com', NULL, 1767100000000000, 'Kept after removal',
          'd1', 'd1', 'C-1', 10, NULL);

INSERT INTO mam_cursor (account_id, archive, stanza_id) VALUES (1, 'alice@example.org', 'S-3');

INSERT INTO contact (account_id, jid, name, subscription, ask)
  VALUES (1, 'romeo@example.net', 'Romeo', 'both', 0);
INSERT INTO contact (account_id, jid, name, subscription, ask)
  VALUES (1, 'juliet@example.com', NULL, 'none', 1);
INSERT INTO contact (account_id, jid, name, subscription, ask)
  VALUES (3, 'alice@example.org', 'Alice', 'to', 0);

INSERT INTO contact_group (account_id, jid, name) VALUES (1, 'romeo@example.net', 'Friends');
INSERT INTO contact_group (account_id, jid, name)
  VALUES (1, 'romeo@example.net', 'Verona' || char(10) || 'Italy');
INSERT INTO contact_group (account_id, jid, name) VALUES (3, 'alice@example.org', 'Work');

INSERT INTO roster_version (account_id, version) VALUES (1, 'ver-42');

INSERT INTO avatar (account_id, jid, hash)
  VALUES (1, 'romeo@example.net', 'a94a8fe5ccb19ba61c4c0873d391e987982fbbd3');
INSERT INTO avatar (account_id, jid, hash)
  VALUES (1, 'alice@example.org', 'da39a3ee5e6b4b0d3255bfef95601890afd80709');
INSERT INTO avatar (account_id, jid, hash)
  VALUES (3, 'alice@example.org', 'a94a8fe5ccb19ba61c4c0873d391e987982fbbd3');

INSERT INTO omemo_own (account_id, device_id, public_key, private_key, next_pre_key_id,
                       created_at)
  VALUES (1, 1234567890, X'051111111111111111111111111111111111111111111111111111111111111111', X'2222222222222222222222222222222222222222222222222222222222222222', 3, 1767400000);
INSERT INTO omemo_pre_key (account_id, id, record, used_at)
  VALUES (1, 1, X'0801', 1767400100);
INSERT INTO omemo_pre_key (account_id, id, record, used_at) VALUES (1, 2, X'0802', NULL);
INSERT INTO omemo_signed_pre_key (account_id, id, record, created_at)
  VALUES (1, 1, X'0803', 1767400000);
INSERT INTO omemo_device (account_id, jid, device_id, in_legacy_list, in_omemo2_list, label,
                          identity_key, trust, first_seen, last_seen)
  VALUES (1, 'romeo@example.net', 42, 1, 1, 'Phone', X'053333333333333333333333333333333333333333333333333333333333333333', 2, 1767400200, 1767400300);
INSERT INTO omemo_device (account_id, jid, device_id, in_legacy_list, in_omemo2_list, label,
                          identity_key, trust, first_seen, last_seen)
  VALUES (1, 'romeo@example.net', 4294967295, 0, 0, NULL, NULL, 1, 1767400200, 1767400200);
INSERT INTO omemo_session (account_id, jid, device_id, version, record)
  VALUES (1, 'romeo@example.net', 42, 3, X'0a03');
INSERT INTO omemo_session (account_id, jid, device_id, version, record)
  VALUES (1, 'romeo@example.net', 42, 4, X'0a04');

UPDATE conversation SET encryption = 1 WHERE id = 1;
INSERT INTO message (id, conversation_id, outgoing, sender, sender_resource, time_us, body,
                     xmpp_id, origin_id, stanza_id, state, error_text, encryption,
                     sender_device, crypto_error)
  VALUES (7, 1, 0, 'romeo@example.net', 'phone', 1767400400000000, 'Secret hello', 'r-7',
          'r-7', 'S-7', 10, NULL, 1, 42, 0);
INSERT INTO message (id, conversation_id, outgoing, sender, sender_resource, time_us, body,
                     xmpp_id, origin_id, stanza_id, state, error_text, encryption,
                     sender_device, crypto_error)
  VALUES (8, 1, 0, 'romeo@example.net', 'phone', 1767400500000000, '', 'r-8', 'r-8', 'S-8',
          10, NULL, 1, 42, 1);

INSERT INTO conversation (id, account_id, account_jid, peer, last_activity_us, last_message_id,
                          unread, read_up_to, pinned, archived, draft, history_complete,
                          encryption, kind, room_nick, room_joined, room_name, subject)
  VALUES (4, 1, NULL, 'balcony@rooms.example.org', 1767500100000000, 10, 1, 0, 0, 0, NULL, 0,
          0, 1, 'Alice', 1, 'The balcony', 'Tonight' || char(10) || 'at the window');
INSERT INTO message (id, conversation_id, outgoing, sender, sender_resource, time_us, body,
                     xmpp_id, origin_id, stanza_id, state, error_text, encryption,
                     sender_device, crypto_error, occupant_id)
  VALUES (9, 4, 0, 'balcony@rooms.example.org', 'Romeo', 1767500000000000, 'Anyone here?',
          'm-9', 'm-9', 'R-9', 10, NULL, 0, NULL, 0, 'occ-romeo');
INSERT INTO message (id, conversation_id, outgoing, sender, sender_resource, time_us, body,
                     xmpp_id, origin_id, stanza_id, state, error_text, encryption,
                     sender_device, crypto_error, occupant_id)
  VALUES (10, 4, 1, 'balcony@rooms.example.org', 'Alice', 1767500100000000, 'I am',
          'a-10', 'a-10', 'R-10', 1, NULL, 0, NULL, 0, 'occ-alice');
INSERT INTO mam_cursor (account_id, archive, stanza_id)
  VALUES (1, 'balcony@rooms.example.org', 'R-10');

UPDATE message SET body = 'Anyone here tonight?', edited_us = 1767500050000000 WHERE id = 9;
INSERT INTO message (id, conversation_id, outgoing, sender, sender_resource, time_us, body,
                     xmpp_id, origin_id, stanza_id, state, error_text, encryption,
                     sender_device, crypto_error, occupant_id, retracted_us, retracted_by,
                     retract_reason)
  VALUES (11, 4, 0, 'balcony@rooms.example.org/Tybalt', 'Tybalt', 1767500200000000, '',
          'm-11', 'm-11', 'R-11', 10, NULL, 0, NULL, 0, 'occ-tybalt', 1767500300000000,
          'Alice', 'Insults');
UPDATE conversation SET last_message_id = 11, last_activity_us = 1767500200000000, unread = 2
  WHERE id = 4;

PRAGMA user_version = 7;

COMMIT;
