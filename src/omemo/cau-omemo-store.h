/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

/*
 * One account's OMEMO keys for libomemo-c: its store callbacks on the database
 * (store/cau-db-omemo.h), and the account's own device, created on first use: an identity key
 * pair, a signed pre-key and CAU_OMEMO_PRE_KEY_COUNT pre-keys.
 *
 * A CauOmemoStore belongs to the thread that opened it (the engine's), like its CauDb.
 * libomemo-c names a remote device by (bare JID, device id); sessions are kept per protocol,
 * so there is one libomemo-c store context per session version.
 */

#include <glib.h>
#include <signal_protocol.h>

#include "store/cau-db-omemo.h"

G_BEGIN_DECLS

/* How many unused pre-keys a bundle offers (XEP-0384 asks for at least 25; clients use 100). */
#define CAU_OMEMO_PRE_KEY_COUNT 100

typedef struct _CauOmemoStore CauOmemoStore;

CauOmemoStore                 *cau_omemo_store_open             (CauDb              *db,
                                                                 gint64              account_id,
                                                                 GError            **error);
void                           cau_omemo_store_free             (CauOmemoStore      *self);

guint32                        cau_omemo_store_get_device_id    (CauOmemoStore      *self);
signal_context                *cau_omemo_store_get_context      (CauOmemoStore      *self);
signal_protocol_store_context *cau_omemo_store_get_protocol     (CauOmemoStore      *self,
                                                                 CauDbOmemoVersion   version);

gboolean                       cau_omemo_store_refill_pre_keys  (CauOmemoStore      *self,
                                                                 gboolean           *changed,
                                                                 GError            **error);
gboolean                       cau_omemo_store_refill_pre_keys_at (CauOmemoStore    *self,
                                                                   gint64            now_s,
                                                                   gboolean         *changed,
                                                                   GError          **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CauOmemoStore, cau_omemo_store_free)

G_END_DECLS
