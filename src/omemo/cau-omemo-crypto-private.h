/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

#include "omemo/cau-omemo-crypto.h"

/* The primitives that the libomemo-c provider and the payload formats share.
 * They write into buffers the caller owns; callers have initialised libgcrypt
 * with cau_omemo_crypto_init(). */

G_BEGIN_DECLS

#define CAU_OMEMO_AES_BLOCK_SIZE   16
#define CAU_OMEMO_SHA256_SIZE      32

void     cau_omemo_wipe                    (gpointer       data,
                                            gsize          len);
gboolean cau_omemo_equal_secret            (const guint8  *a,
                                            const guint8  *b,
                                            gsize          len);
GBytes  *cau_omemo_secret_bytes_new        (const guint8  *data,
                                            gsize          len);

gboolean cau_omemo_hmac_sha256             (const guint8  *key,
                                            gsize          key_len,
                                            const guint8  *data,
                                            gsize          data_len,
                                            guint8         output[CAU_OMEMO_SHA256_SIZE],
                                            GError       **error);

gsize    cau_omemo_pkcs7_padded_size       (gsize          len);
gboolean cau_omemo_aes_cbc_pkcs7_encrypt   (const guint8  *key,
                                            gsize          key_len,
                                            const guint8   iv[CAU_OMEMO_AES_BLOCK_SIZE],
                                            const guint8  *input,
                                            gsize          input_len,
                                            guint8        *output,
                                            GError       **error);
gboolean cau_omemo_aes_cbc_pkcs7_decrypt   (const guint8  *key,
                                            gsize          key_len,
                                            const guint8   iv[CAU_OMEMO_AES_BLOCK_SIZE],
                                            const guint8  *input,
                                            gsize          input_len,
                                            guint8        *output,
                                            gsize         *output_len,
                                            GError       **error);
gboolean cau_omemo_aes_ctr                 (const guint8  *key,
                                            gsize          key_len,
                                            const guint8   counter[CAU_OMEMO_AES_BLOCK_SIZE],
                                            const guint8  *input,
                                            gsize          input_len,
                                            guint8        *output,
                                            GError       **error);

G_END_DECLS
