/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CAU_OMEMO_ERROR (cau_omemo_error_quark ())

typedef enum {
  CAU_OMEMO_ERROR_CRYPTO_UNAVAILABLE, /* libgcrypt is missing, too old or failed to start */
  CAU_OMEMO_ERROR_INVALID_INPUT,      /* a key, IV or ciphertext of a size that cannot be right */
  CAU_OMEMO_ERROR_AUTHENTICATION,     /* a tag or HMAC that does not match: never plaintext */
  CAU_OMEMO_ERROR_FAILED,             /* libgcrypt or libomemo-c refused an operation */
  CAU_OMEMO_ERROR_IDENTITY_CHANGED,   /* a known device presented another identity key */
  CAU_OMEMO_ERROR_NO_SESSION,         /* no session with that device (yet, or any more) */
  CAU_OMEMO_ERROR_UNKNOWN_KEY,        /* a key exchange with a pre-key we no longer have */
  CAU_OMEMO_ERROR_DUPLICATE,          /* a message the session already decrypted */
  CAU_OMEMO_ERROR_BAD_KEY,            /* a key the session cannot take: broken, or forged */
} CauOmemoError;

GQuark cau_omemo_error_quark (void);

/* Sizes of the payload formats (DESIGN.md §6). */
#define CAU_OMEMO_LEGACY_KEY_SIZE            16
#define CAU_OMEMO_LEGACY_TAG_SIZE            16
#define CAU_OMEMO_LEGACY_IV_SIZE             12
#define CAU_OMEMO_LEGACY_KEY_MATERIAL_SIZE   (CAU_OMEMO_LEGACY_KEY_SIZE + CAU_OMEMO_LEGACY_TAG_SIZE)
#define CAU_OMEMO2_KEY_SIZE                  32
#define CAU_OMEMO2_HMAC_SIZE                 16
#define CAU_OMEMO2_KEY_MATERIAL_SIZE         (CAU_OMEMO2_KEY_SIZE + CAU_OMEMO2_HMAC_SIZE)
#define CAU_OMEMO2_EMPTY_KEY_SIZE            32      /* zeros, in an empty message */

gboolean cau_omemo_crypto_init    (GError       **error);

gboolean cau_omemo_hkdf_sha256    (const guint8  *input_key,
                                   gsize          input_key_len,
                                   const guint8  *salt,
                                   gsize          salt_len,
                                   const guint8  *info,
                                   gsize          info_len,
                                   guint8        *output,
                                   gsize          output_len,
                                   GError       **error);

gboolean cau_omemo_legacy_encrypt (GBytes        *plaintext,
                                   GBytes       **ciphertext,
                                   GBytes       **iv,
                                   GBytes       **key_material,
                                   GError       **error);
GBytes  *cau_omemo_legacy_decrypt (GBytes        *ciphertext,
                                   GBytes        *iv,
                                   GBytes        *key_material,
                                   GError       **error);

GBytes  *cau_omemo2_encrypt       (GBytes        *plaintext,
                                   GBytes       **key_material,
                                   GError       **error);
GBytes  *cau_omemo2_decrypt       (GBytes        *ciphertext,
                                   GBytes        *key_material,
                                   GError       **error);

G_END_DECLS
