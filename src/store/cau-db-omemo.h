/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

/*
 * OMEMO's keys and the devices we know of (schema version 4; the tables and the reasons
 * behind them are described with migration 4 in cau-db-migrations.c).
 *
 * Keys and session records are opaque bytes here: src/omemo serialises them with libomemo-c.
 * Device ids are unsigned 32-bit integers; JIDs are bare. Nothing here logs a key.
 */

#include "store/cau-db.h"

G_BEGIN_DECLS

/* Session versions: libsignal's, which name the two protocols. */
typedef enum {
  CAU_DB_OMEMO_LEGACY = 3,   /* eu.siacs.conversations.axolotl */
  CAU_DB_OMEMO_2      = 4,   /* urn:xmpp:omemo:2 */
} CauDbOmemoVersion;

typedef enum {
  CAU_DB_OMEMO_UNDECIDED  = 0,   /* new, and the owner wants to decide */
  CAU_DB_OMEMO_TRUSTED    = 1,   /* trusted without verification (blind trust) */
  CAU_DB_OMEMO_VERIFIED   = 2,   /* fingerprint checked by the owner */
  CAU_DB_OMEMO_DISTRUSTED = 3,   /* never encrypt to it; its messages are marked */
} CauDbOmemoTrust;

/* This installation's OMEMO device for an account. */
typedef struct {
  guint32  device_id;
  GBytes  *public_key;
  GBytes  *private_key;
  guint32  next_pre_key_id;
} CauDbOmemoOwn;

void cau_db_omemo_own_free (CauDbOmemoOwn *own);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CauDbOmemoOwn, cau_db_omemo_own_free)

/* A pre-key or signed pre-key record. */
typedef struct {
  guint32  id;
  GBytes  *record;
  gint64   created_at;   /* signed pre-keys only: unix seconds */
} CauDbOmemoKey;

void cau_db_omemo_key_free (CauDbOmemoKey *key);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CauDbOmemoKey, cau_db_omemo_key_free)

/* A device as a device list names it. */
typedef struct {
  guint32     device_id;
  const char *label;   /* nullable: OMEMO 2 only */
} CauDbOmemoListed;

typedef struct {
  char            *jid;
  guint32          device_id;
  gboolean         in_legacy_list;
  gboolean         in_omemo2_list;
  char            *label;          /* nullable */
  GBytes          *identity_key;   /* nullable: not known yet */
  CauDbOmemoTrust  trust;
  gint64           first_seen;     /* unix seconds */
  gint64           last_seen;      /* unix seconds: last list naming it, or first contact */
} CauDbOmemoDevice;

void cau_db_omemo_device_free (CauDbOmemoDevice *device);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CauDbOmemoDevice, cau_db_omemo_device_free)

/* Own device. */
CauDbOmemoOwn *cau_db_omemo_get_own              (CauDb              *self,
                                                  gint64              account_id,
                                                  GError            **error);
gboolean       cau_db_omemo_create_own           (CauDb              *self,
                                                  gint64              account_id,
                                                  const CauDbOmemoOwn *own,
                                                  GError            **error);
gboolean       cau_db_omemo_take_pre_key_ids     (CauDb              *self,
                                                  gint64              account_id,
                                                  guint               count,
                                                  guint32            *first_id,
                                                  GError            **error);

/* Pre-keys. */
GBytes        *cau_db_omemo_load_pre_key         (CauDb              *self,
                                                  gint64              account_id,
                                                  guint32             id,
                                                  GError            **error);
gboolean       cau_db_omemo_store_pre_key        (CauDb              *self,
                                                  gint64              account_id,
                                                  guint32             id,
                                                  GBytes             *record,
                                                  GError            **error);
gboolean       cau_db_omemo_mark_pre_key_used    (CauDb              *self,
                                                  gint64              account_id,
                                                  guint32             id,
                                                  GError            **error);
GPtrArray     *cau_db_omemo_list_pre_keys        (CauDb              *self,
                                                  gint64              account_id,
                                                  GError            **error);
gint           cau_db_omemo_delete_used_pre_keys (CauDb              *self,
                                                  gint64              account_id,
                                                  GError            **error);

/* Signed pre-keys. */
GBytes        *cau_db_omemo_load_signed_pre_key  (CauDb              *self,
                                                  gint64              account_id,
                                                  guint32             id,
                                                  GError            **error);
gboolean       cau_db_omemo_store_signed_pre_key (CauDb              *self,
                                                  gint64              account_id,
                                                  guint32             id,
                                                  GBytes             *record,
                                                  GError            **error);
gboolean       cau_db_omemo_remove_signed_pre_key (CauDb             *self,
                                                   gint64             account_id,
                                                   guint32            id,
                                                   GError           **error);
GPtrArray     *cau_db_omemo_list_signed_pre_keys (CauDb              *self,
                                                  gint64              account_id,
                                                  GError            **error);

/* Devices, identities and trust. */
gboolean       cau_db_omemo_set_device_list      (CauDb              *self,
                                                  gint64              account_id,
                                                  const char         *jid,
                                                  CauDbOmemoVersion   version,
                                                  const CauDbOmemoListed *devices,
                                                  gsize               n_devices,
                                                  GArray            **added,
                                                  GError            **error);
GPtrArray     *cau_db_omemo_list_devices         (CauDb              *self,
                                                  gint64              account_id,
                                                  const char         *jid,
                                                  GError            **error);
CauDbOmemoDevice *cau_db_omemo_get_device        (CauDb              *self,
                                                  gint64              account_id,
                                                  const char         *jid,
                                                  guint32             device_id,
                                                  GError            **error);
gboolean       cau_db_omemo_set_identity_key     (CauDb              *self,
                                                  gint64              account_id,
                                                  const char         *jid,
                                                  guint32             device_id,
                                                  GBytes             *identity_key,
                                                  GError            **error);
gboolean       cau_db_omemo_set_trust            (CauDb              *self,
                                                  gint64              account_id,
                                                  const char         *jid,
                                                  guint32             device_id,
                                                  CauDbOmemoTrust     trust,
                                                  GError            **error);

/* Sessions. */
GBytes        *cau_db_omemo_load_session         (CauDb              *self,
                                                  gint64              account_id,
                                                  const char         *jid,
                                                  guint32             device_id,
                                                  CauDbOmemoVersion   version,
                                                  GError            **error);
gboolean       cau_db_omemo_store_session        (CauDb              *self,
                                                  gint64              account_id,
                                                  const char         *jid,
                                                  guint32             device_id,
                                                  CauDbOmemoVersion   version,
                                                  GBytes             *record,
                                                  GError            **error);
gint           cau_db_omemo_delete_sessions      (CauDb              *self,
                                                  gint64              account_id,
                                                  const char         *jid,
                                                  const guint32      *device_id,
                                                  CauDbOmemoVersion   version,
                                                  GError            **error);
GArray        *cau_db_omemo_list_session_devices (CauDb              *self,
                                                  gint64              account_id,
                                                  const char         *jid,
                                                  CauDbOmemoVersion   version,
                                                  GError            **error);

G_END_DECLS
