/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/*
 * OMEMO fingerprints as people compare them, the way Conversations and Dino show legacy OMEMO
 * identities: the 32-byte X25519 public key (the identity key without its 0x05 type byte) in
 * 64 lower-case hexadecimal digits, shown in eight groups of eight; and the verification links
 * `xmpp:user@example.org?omemo-sid-DEVICE=FINGERPRINT;omemo-sid-…` they put in QR codes.
 */

typedef struct {
  guint32  device_id;
  char    *fingerprint;   /* 64 lower-case hex digits */
} CauOmemoFingerprint;

/* Links name at most this many devices; more is refused as hostile. */
#define CAU_OMEMO_FINGERPRINTS_MAX 32

char   *cau_omemo_fingerprint_from_key      (GBytes             *identity_key);
char   *cau_omemo_fingerprint_format        (const char         *fingerprint);
char   *cau_omemo_fingerprint_normalize     (const char         *text);
char   *cau_omemo_fingerprint_uri           (const char         *jid,
                                             const CauOmemoFingerprint *fingerprints,
                                             guint               n_fingerprints);
GArray *cau_omemo_fingerprints_from_query   (const char * const *pairs,
                                             GError            **error);

G_END_DECLS
