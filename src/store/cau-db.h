/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define CAU_DB_ERROR (cau_db_error_quark ())

typedef enum {
  CAU_DB_ERROR_OPEN,
  CAU_DB_ERROR_SQL,
  CAU_DB_ERROR_TOO_NEW,
  CAU_DB_ERROR_NOT_FOUND,
  CAU_DB_ERROR_EXISTS,
  CAU_DB_ERROR_INVALID,   /* a value the schema cannot represent faithfully */
} CauDbError;

GQuark cau_db_error_quark (void);

/* The current schema version, stored in PRAGMA user_version. */
#define CAU_DB_SCHEMA_VERSION 7

/**
 * CauDbAccount:
 * A row of the `account` table: what is needed to connect, never a password.
 */
typedef struct {
  gint64    id;
  char     *jid;          /* bare JID, lower-cased domain */
  char     *resource;     /* nullable: server-assigned when NULL */
  char     *host;         /* nullable: connection host override (else SRV) */
  guint16   port;         /* 0 when no override */
  gboolean  direct_tls;   /* XEP-0368 direct TLS to host:port */
  gboolean  enabled;
  char     *presence_show;   /* "available", "away", "dnd", "offline" */
  char     *presence_status; /* nullable */
  gint64    created_at;      /* unix seconds */
} CauDbAccount;

void          cau_db_account_free (CauDbAccount *account);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CauDbAccount, cau_db_account_free)

#define CAU_TYPE_DB (cau_db_get_type ())
G_DECLARE_FINAL_TYPE (CauDb, cau_db, CAU, DB, GObject)

CauDb        *cau_db_open                 (const char    *path,
                                           GError       **error);
CauDb        *cau_db_open_readonly        (const char    *path,
                                           GError       **error);
const char   *cau_db_get_path             (CauDb         *self);
int           cau_db_get_schema_version   (CauDb         *self);

gboolean      cau_db_begin                (CauDb         *self,
                                           GError       **error);
gboolean      cau_db_commit               (CauDb         *self,
                                           GError       **error);
void          cau_db_rollback             (CauDb         *self);

/* Nestable: a savepoint inside a transaction, a transaction of its own outside one. After a
 * failed release, roll back. */
gboolean      cau_db_savepoint_begin      (CauDb         *self,
                                           GError       **error);
gboolean      cau_db_savepoint_release    (CauDb         *self,
                                           GError       **error);
void          cau_db_savepoint_rollback   (CauDb         *self);

/* Accounts. */
GPtrArray    *cau_db_list_accounts        (CauDb         *self,
                                           GError       **error);
CauDbAccount *cau_db_get_account          (CauDb         *self,
                                           gint64         id,
                                           GError       **error);
gint64        cau_db_add_account          (CauDb         *self,
                                           const CauDbAccount *account,
                                           GError       **error);
gboolean      cau_db_update_account       (CauDb         *self,
                                           const CauDbAccount *account,
                                           GError       **error);
gboolean      cau_db_remove_account       (CauDb         *self,
                                           gint64         id,
                                           gboolean       delete_history,
                                           GError       **error);

/* Pinned TLS certificates: SHA-256 fingerprints (lower-case hex, no colons). */
gboolean      cau_db_add_cert_pin         (CauDb         *self,
                                           gint64         account_id,
                                           const char    *sha256_hex,
                                           const char    *subject,
                                           GError       **error);
GStrv         cau_db_list_cert_pins       (CauDb         *self,
                                           gint64         account_id,
                                           GError       **error);

/* Entity capabilities cache (XEP-0115): verification string → features. */
gboolean      cau_db_put_caps             (CauDb         *self,
                                           const char    *ver,
                                           const char    *hash,
                                           const char * const *features,
                                           GError       **error);
GStrv         cau_db_get_caps             (CauDb         *self,
                                           const char    *ver,
                                           GError       **error);
GHashTable   *cau_db_load_all_caps        (CauDb         *self,
                                           GError       **error);

/* Key/value settings, per account (account_id 0 = global). */
gboolean      cau_db_set_setting          (CauDb         *self,
                                           gint64         account_id,
                                           const char    *key,
                                           const char    *value,
                                           GError       **error);
char         *cau_db_get_setting          (CauDb         *self,
                                           gint64         account_id,
                                           const char    *key,
                                           GError       **error);

/* Avatars (cau-db-avatars.c): bare JID → SHA-1 hex of the avatar each last announced. */
GHashTable   *cau_db_list_avatars         (CauDb         *self,
                                           gint64         account_id,
                                           GError       **error);
/* Every avatar hash any account holds (a set). */
GHashTable   *cau_db_list_all_avatar_hashes (CauDb       *self,
                                             GError     **error);
/* Whether `jid` is in the account's roster (cau-db-avatars.c: who may
 * make us fetch an avatar). */
gboolean      cau_db_has_contact          (CauDb         *self,
                                           gint64         account_id,
                                           const char    *jid);
/* `hash` NULL: it has none. */
gboolean      cau_db_set_avatar           (CauDb         *self,
                                           gint64         account_id,
                                           const char    *jid,
                                           const char    *hash,
                                           GError       **error);

G_END_DECLS
