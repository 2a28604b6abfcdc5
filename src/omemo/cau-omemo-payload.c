/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "omemo/cau-omemo-crypto-private.h"

#include <gcrypt.h>
#include <string.h>

/* The payload formats: what is encrypted once per message, while the key
 * material returned beside it is encrypted by libomemo-c once per device. */

/* GBytes may hold NULL for an empty buffer; libgcrypt takes a NULL input as
 * "in place", so empty inputs point here instead. */
static const guint8 empty_input[1];

static const guint8 *
bytes_data (GBytes *bytes,
            gsize  *len)
{
  const guint8 *data = g_bytes_get_data (bytes, len);

  return data != NULL ? data : empty_input;
}

static gboolean
set_invalid_input (GError     **error,
                   const char  *message)
{
  g_set_error_literal (error, CAU_OMEMO_ERROR, CAU_OMEMO_ERROR_INVALID_INPUT, message);
  return FALSE;
}

static void
set_gcrypt_error (GError       **error,
                  gcry_error_t   err)
{
  g_set_error (error, CAU_OMEMO_ERROR, CAU_OMEMO_ERROR_FAILED,
               "AES-GCM: %s", gcry_strerror (err));
}

/* Legacy OMEMO (eu.siacs.conversations.axolotl), DESIGN.md §6: AES-128-GCM
 * with no associated data. */
static gcry_error_t
legacy_gcm_open (gcry_cipher_hd_t *cipher,
                 const guint8     *key,
                 const guint8     *iv,
                 gsize             iv_len)
{
  gcry_error_t err;

  err = gcry_cipher_open (cipher, GCRY_CIPHER_AES128, GCRY_CIPHER_MODE_GCM, GCRY_CIPHER_SECURE);
  if (err == 0)
    err = gcry_cipher_setkey (*cipher, key, CAU_OMEMO_LEGACY_KEY_SIZE);
  if (err == 0)
    err = gcry_cipher_setiv (*cipher, iv, iv_len);
  return err;
}

/**
 * cau_omemo_legacy_encrypt:
 * @plaintext: the message body
 * @ciphertext: (out) (transfer full): the `<payload>`
 * @iv: (out) (transfer full): the 12-byte IV for the `<iv>` element
 * @key_material: (out) (transfer full): key‖tag (32 bytes) to encrypt per
 *   device; kept in secure memory and wiped when released
 * @error: return location for a #GError
 *
 * Encrypts a legacy OMEMO payload with a fresh AES-128-GCM key and IV.
 *
 * Returns: %TRUE on success
 */
gboolean
cau_omemo_legacy_encrypt (GBytes  *plaintext,
                          GBytes **ciphertext,
                          GBytes **iv,
                          GBytes **key_material,
                          GError **error)
{
  gcry_cipher_hd_t cipher = NULL;
  gcry_error_t err;
  guint8 iv_data[CAU_OMEMO_LEGACY_IV_SIZE];
  guint8 *key_tag;
  const guint8 *input;
  gsize input_len;
  guint8 *output;

  g_return_val_if_fail (plaintext != NULL, FALSE);
  g_return_val_if_fail (ciphertext != NULL && iv != NULL && key_material != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!cau_omemo_crypto_init (error))
    return FALSE;

  input = bytes_data (plaintext, &input_len);
  output = g_malloc (MAX (input_len, 1));
  key_tag = gcry_xmalloc_secure (CAU_OMEMO_LEGACY_KEY_MATERIAL_SIZE);
  gcry_randomize (key_tag, CAU_OMEMO_LEGACY_KEY_SIZE, GCRY_STRONG_RANDOM);
  gcry_randomize (iv_data, sizeof iv_data, GCRY_STRONG_RANDOM);

  err = legacy_gcm_open (&cipher, key_tag, iv_data, sizeof iv_data);
  if (err == 0)
    err = gcry_cipher_encrypt (cipher, output, input_len, input, input_len);
  if (err == 0)
    err = gcry_cipher_gettag (cipher, key_tag + CAU_OMEMO_LEGACY_KEY_SIZE,
                              CAU_OMEMO_LEGACY_TAG_SIZE);
  gcry_cipher_close (cipher);

  if (err == 0)
    {
      *ciphertext = g_bytes_new_take (g_steal_pointer (&output), input_len);
      *iv = g_bytes_new (iv_data, sizeof iv_data);
      *key_material = cau_omemo_secret_bytes_new (key_tag, CAU_OMEMO_LEGACY_KEY_MATERIAL_SIZE);
    }
  else
    {
      set_gcrypt_error (error, err);
    }

  cau_omemo_wipe (key_tag, CAU_OMEMO_LEGACY_KEY_MATERIAL_SIZE);
  gcry_free (key_tag);
  g_free (output);
  return err == 0;
}

/**
 * cau_omemo_legacy_decrypt:
 * @ciphertext: the `<payload>`
 * @iv: the IV, 12 bytes (or 16, as some older clients send)
 * @key_material: key‖tag (32 bytes), or a 16-byte key when the tag is
 *   appended to @ciphertext as older clients do
 * @error: return location for a #GError
 *
 * Decrypts a legacy OMEMO payload. A payload that fails authentication is an
 * error (%CAU_OMEMO_ERROR_AUTHENTICATION); nothing of it is returned.
 *
 * Returns: (transfer full): the plaintext, or %NULL on error
 */
GBytes *
cau_omemo_legacy_decrypt (GBytes  *ciphertext,
                          GBytes  *iv,
                          GBytes  *key_material,
                          GError **error)
{
  gcry_cipher_hd_t cipher = NULL;
  gcry_error_t err;
  const guint8 *input, *iv_data, *key, *tag;
  gsize input_len, iv_len, key_len;
  g_autofree guint8 *output = NULL;

  g_return_val_if_fail (ciphertext != NULL && iv != NULL && key_material != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!cau_omemo_crypto_init (error))
    return NULL;

  input = bytes_data (ciphertext, &input_len);
  iv_data = bytes_data (iv, &iv_len);
  key = bytes_data (key_material, &key_len);

  if (iv_len != 12 && iv_len != 16)
    {
      set_invalid_input (error, "a legacy OMEMO IV is 12 or 16 bytes");
      return NULL;
    }
  if (key_len == CAU_OMEMO_LEGACY_KEY_MATERIAL_SIZE)
    {
      tag = key + CAU_OMEMO_LEGACY_KEY_SIZE;
    }
  else if (key_len == CAU_OMEMO_LEGACY_KEY_SIZE)
    {
      /* Older clients put the tag at the end of the payload. */
      if (input_len < CAU_OMEMO_LEGACY_TAG_SIZE)
        {
          set_invalid_input (error, "a legacy OMEMO payload too short for its tag");
          return NULL;
        }
      input_len -= CAU_OMEMO_LEGACY_TAG_SIZE;
      tag = input + input_len;
    }
  else
    {
      set_invalid_input (error, "legacy OMEMO key material is 16 or 32 bytes");
      return NULL;
    }

  output = g_malloc (MAX (input_len, 1));
  err = legacy_gcm_open (&cipher, key, iv_data, iv_len);
  if (err == 0)
    err = gcry_cipher_decrypt (cipher, output, input_len, input, input_len);
  if (err == 0)
    err = gcry_cipher_checktag (cipher, tag, CAU_OMEMO_LEGACY_TAG_SIZE);
  gcry_cipher_close (cipher);

  if (err != 0)
    {
      /* Whatever was decrypted is not authentic: it must not outlive this. */
      cau_omemo_wipe (output, input_len);
      if (gcry_err_code (err) == GPG_ERR_CHECKSUM)
        g_set_error_literal (error, CAU_OMEMO_ERROR, CAU_OMEMO_ERROR_AUTHENTICATION,
                             "the legacy OMEMO payload failed authentication");
      else
        set_gcrypt_error (error, err);
      return NULL;
    }
  return g_bytes_new_take (g_steal_pointer (&output), input_len);
}

/* OMEMO 2, XEP-0384 0.9.1 §"Message Encryption" (anchor
 * protocol-message_encryption, xeps/xep-0384.xml): HKDF-SHA-256 of the
 * 32-byte key with 256 zero bits as salt and "OMEMO Payload" as info gives
 * 80 bytes, split into a 32-byte encryption key, a 32-byte authentication
 * key and a 16-byte IV, in that order. */
#define OMEMO2_HKDF_INFO        "OMEMO Payload"
#define OMEMO2_DERIVED_SIZE     80
#define OMEMO2_ENC_KEY_OFFSET   0
#define OMEMO2_AUTH_KEY_OFFSET  32
#define OMEMO2_IV_OFFSET        64

static guint8 *
omemo2_derive (const guint8  *key,
               GError       **error)
{
  static const guint8 zero_salt[32] = { 0 };
  guint8 *derived = gcry_xmalloc_secure (OMEMO2_DERIVED_SIZE);

  if (!cau_omemo_hkdf_sha256 (key, CAU_OMEMO2_KEY_SIZE, zero_salt, sizeof zero_salt,
                              (const guint8 *) OMEMO2_HKDF_INFO, strlen (OMEMO2_HKDF_INFO),
                              derived, OMEMO2_DERIVED_SIZE, error))
    {
      gcry_free (derived);
      return NULL;
    }
  return derived;
}

static void
omemo2_free_derived (guint8 *derived)
{
  cau_omemo_wipe (derived, OMEMO2_DERIVED_SIZE);
  gcry_free (derived);
}

/* The HMAC-SHA-256 of the ciphertext, truncated to its first 16 bytes. */
static gboolean
omemo2_hmac (const guint8  *derived,
             const guint8  *ciphertext,
             gsize          ciphertext_len,
             guint8         hmac[CAU_OMEMO2_HMAC_SIZE],
             GError       **error)
{
  guint8 full[CAU_OMEMO_SHA256_SIZE];

  if (!cau_omemo_hmac_sha256 (derived + OMEMO2_AUTH_KEY_OFFSET, 32,
                              ciphertext, ciphertext_len, full, error))
    return FALSE;
  memcpy (hmac, full, CAU_OMEMO2_HMAC_SIZE);
  cau_omemo_wipe (full, sizeof full);
  return TRUE;
}

/**
 * cau_omemo2_encrypt:
 * @plaintext: the SCE envelope (XEP-0420) to encrypt
 * @key_material: (out) (transfer full): key‖HMAC (48 bytes) to encrypt per
 *   device; kept in secure memory and wiped when released
 * @error: return location for a #GError
 *
 * Encrypts an OMEMO 2 payload with a fresh 32-byte key.
 *
 * Returns: (transfer full): the ciphertext for `<payload>`, or %NULL on error
 */
GBytes *
cau_omemo2_encrypt (GBytes  *plaintext,
                    GBytes **key_material,
                    GError **error)
{
  guint8 *key_hmac, *derived;
  const guint8 *input;
  gsize input_len, output_len;
  g_autofree guint8 *output = NULL;
  gboolean done;

  g_return_val_if_fail (plaintext != NULL, NULL);
  g_return_val_if_fail (key_material != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!cau_omemo_crypto_init (error))
    return NULL;

  key_hmac = gcry_xmalloc_secure (CAU_OMEMO2_KEY_MATERIAL_SIZE);
  gcry_randomize (key_hmac, CAU_OMEMO2_KEY_SIZE, GCRY_STRONG_RANDOM);
  derived = omemo2_derive (key_hmac, error);
  if (derived == NULL)
    {
      cau_omemo_wipe (key_hmac, CAU_OMEMO2_KEY_MATERIAL_SIZE);
      gcry_free (key_hmac);
      return NULL;
    }

  input = bytes_data (plaintext, &input_len);
  output_len = cau_omemo_pkcs7_padded_size (input_len);
  output = g_malloc (output_len);
  done = cau_omemo_aes_cbc_pkcs7_encrypt (derived + OMEMO2_ENC_KEY_OFFSET, 32,
                                          derived + OMEMO2_IV_OFFSET,
                                          input, input_len, output, error)
         && omemo2_hmac (derived, output, output_len, key_hmac + CAU_OMEMO2_KEY_SIZE, error);

  if (done)
    *key_material = cau_omemo_secret_bytes_new (key_hmac, CAU_OMEMO2_KEY_MATERIAL_SIZE);
  omemo2_free_derived (derived);
  cau_omemo_wipe (key_hmac, CAU_OMEMO2_KEY_MATERIAL_SIZE);
  gcry_free (key_hmac);
  if (!done)
    return NULL;
  return g_bytes_new_take (g_steal_pointer (&output), output_len);
}

/**
 * cau_omemo2_decrypt:
 * @ciphertext: the `<payload>`
 * @key_material: key‖HMAC (48 bytes) as decrypted by libomemo-c
 * @error: return location for a #GError
 *
 * Checks the truncated HMAC of an OMEMO 2 payload, then decrypts it. A
 * payload whose HMAC does not match is an error
 * (%CAU_OMEMO_ERROR_AUTHENTICATION) and is not decrypted at all.
 *
 * Returns: (transfer full): the SCE envelope, or %NULL on error
 */
GBytes *
cau_omemo2_decrypt (GBytes  *ciphertext,
                    GBytes  *key_material,
                    GError **error)
{
  const guint8 *input, *key_hmac;
  gsize input_len, key_len, output_len = 0;
  guint8 hmac[CAU_OMEMO2_HMAC_SIZE];
  guint8 *derived;
  g_autofree guint8 *output = NULL;
  gboolean authentic, done;

  g_return_val_if_fail (ciphertext != NULL && key_material != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!cau_omemo_crypto_init (error))
    return NULL;

  input = bytes_data (ciphertext, &input_len);
  key_hmac = bytes_data (key_material, &key_len);
  if (key_len != CAU_OMEMO2_KEY_MATERIAL_SIZE)
    {
      set_invalid_input (error, "OMEMO 2 key material is 48 bytes");
      return NULL;
    }
  if (input_len == 0 || input_len % CAU_OMEMO_AES_BLOCK_SIZE != 0)
    {
      set_invalid_input (error, "an OMEMO 2 payload is whole AES blocks");
      return NULL;
    }

  derived = omemo2_derive (key_hmac, error);
  if (derived == NULL)
    return NULL;
  if (!omemo2_hmac (derived, input, input_len, hmac, error))
    {
      omemo2_free_derived (derived);
      return NULL;
    }
  authentic = cau_omemo_equal_secret (hmac, key_hmac + CAU_OMEMO2_KEY_SIZE, sizeof hmac);
  cau_omemo_wipe (hmac, sizeof hmac);
  if (!authentic)
    {
      omemo2_free_derived (derived);
      g_set_error_literal (error, CAU_OMEMO_ERROR, CAU_OMEMO_ERROR_AUTHENTICATION,
                           "the OMEMO 2 payload failed authentication");
      return NULL;
    }

  output = g_malloc (input_len);
  done = cau_omemo_aes_cbc_pkcs7_decrypt (derived + OMEMO2_ENC_KEY_OFFSET, 32,
                                          derived + OMEMO2_IV_OFFSET,
                                          input, input_len, output, &output_len, error);
  omemo2_free_derived (derived);
  if (!done)
    return NULL;
  return g_bytes_new_take (g_steal_pointer (&output), output_len);
}
