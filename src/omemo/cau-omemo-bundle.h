/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

/*
 * Bundles: the public keys a device publishes so that others can start a session with it
 * without it being online (XEP-0384 §5.3.2), in each protocol's key forms:
 *
 *                     legacy                       OMEMO 2
 *   identity key      33 bytes, 0x05 ‖ X25519      32 bytes, Ed25519
 *   (signed) pre-key  33 bytes, 0x05 ‖ X25519      32 bytes, X25519
 *   signature         over the 33-byte form        over the 32-byte form
 *
 * The stanzas carrying them are src/xmpp/xeps/cau-xep-0384-omemo.h's; core copies one form
 * into the other.
 */

#include "cau-omemo-store.h"

G_BEGIN_DECLS

#define CAU_OMEMO_SIGNATURE_SIZE 64

typedef struct {
  guint32  id;
  GBytes  *public_key;
} CauOmemoPreKey;

typedef struct {
  CauDbOmemoVersion  version;
  guint32            device_id;
  GBytes            *identity_key;
  guint32            signed_pre_key_id;
  GBytes            *signed_pre_key;
  GBytes            *signed_pre_key_signature;
  GArray            *pre_keys;                 /* of CauOmemoPreKey */
} CauOmemoBundle;

CauOmemoBundle *cau_omemo_bundle_new             (CauDbOmemoVersion     version,
                                                  guint32               device_id);
void            cau_omemo_bundle_free            (CauOmemoBundle       *bundle);
void            cau_omemo_bundle_add_pre_key     (CauOmemoBundle       *bundle,
                                                  guint32               id,
                                                  GBytes               *public_key);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CauOmemoBundle, cau_omemo_bundle_free)

CauOmemoBundle *cau_omemo_store_get_bundle       (CauOmemoStore        *self,
                                                  CauDbOmemoVersion     version,
                                                  GError              **error);

gboolean        cau_omemo_store_build_session    (CauOmemoStore        *self,
                                                  const char           *jid,
                                                  const CauOmemoBundle *bundle,
                                                  GError              **error);

G_END_DECLS
