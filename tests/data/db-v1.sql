-- SPDX-License-Identifier: GPL-3.0-or-later
-- Copyright 2026 The Causerie developers
--
-- A Causerie database at schema version 1, as written by Causerie 0.1. Never edit the schema
-- below: test-migrations checks that it matches migration 1 and that later migrations keep
-- these rows. Add rows only if a new migration needs them.

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

PRAGMA user_version = 1;

COMMIT;
