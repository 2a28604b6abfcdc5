/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "omemo/cau-omemo-crypto-provider.h"
#include "omemo/cau-omemo-crypto-private.h"

#include <gcrypt.h>

/* libomemo-c's crypto callbacks on libgcrypt. They return 0 (SG_SUCCESS) or
 * one of libomemo-c's negative codes: SG_ERR_INVAL for arguments the library
 * never passes, SG_ERR_NOMEM when a signal_buffer cannot be had,
 * SG_ERR_INVALID_MESSAGE for a ciphertext that cannot be decrypted (the
 * session cipher then tries the session's older states, as for a bad MAC),
 * SG_ERR_UNKNOWN when libgcrypt itself fails. */

static int
random_bytes (uint8_t *data,
              size_t   len,
              void    *user_data)
{
  if (len > 0)
    gcry_randomize (data, len, GCRY_STRONG_RANDOM);
  return SG_SUCCESS;
}

static int
hmac_sha256_init (void          **hmac_context,
                  const uint8_t  *key,
                  size_t          key_len,
                  void           *user_data)
{
  gcry_mac_hd_t mac = NULL;

  if (gcry_mac_open (&mac, GCRY_MAC_HMAC_SHA256, GCRY_MAC_FLAG_SECURE, NULL) != 0)
    return SG_ERR_UNKNOWN;
  if (gcry_mac_setkey (mac, key, key_len) != 0)
    {
      gcry_mac_close (mac);
      return SG_ERR_UNKNOWN;
    }
  *hmac_context = mac;
  return SG_SUCCESS;
}

static int
hmac_sha256_update (void          *hmac_context,
                    const uint8_t *data,
                    size_t         data_len,
                    void          *user_data)
{
  if (data_len == 0)
    return SG_SUCCESS;
  return gcry_mac_write (hmac_context, data, data_len) == 0 ? SG_SUCCESS : SG_ERR_UNKNOWN;
}

static int
hmac_sha256_final (void           *hmac_context,
                   signal_buffer **output,
                   void           *user_data)
{
  guint8 mac[CAU_OMEMO_SHA256_SIZE];
  size_t mac_len = sizeof mac;
  signal_buffer *buffer;

  if (gcry_mac_read (hmac_context, mac, &mac_len) != 0)
    return SG_ERR_UNKNOWN;
  buffer = signal_buffer_create (mac, mac_len);
  cau_omemo_wipe (mac, sizeof mac);
  if (buffer == NULL)
    return SG_ERR_NOMEM;

  /* Ready for another message with the same key, as the digest does. */
  gcry_mac_reset (hmac_context);
  *output = buffer;
  return SG_SUCCESS;
}

static void
hmac_sha256_cleanup (void *hmac_context,
                     void *user_data)
{
  if (hmac_context != NULL)
    gcry_mac_close (hmac_context);
}

static int
sha512_digest_init (void **digest_context,
                    void  *user_data)
{
  gcry_md_hd_t md = NULL;

  if (gcry_md_open (&md, GCRY_MD_SHA512, 0) != 0)
    return SG_ERR_UNKNOWN;
  *digest_context = md;
  return SG_SUCCESS;
}

static int
sha512_digest_update (void          *digest_context,
                      const uint8_t *data,
                      size_t         data_len,
                      void          *user_data)
{
  if (data_len > 0)
    gcry_md_write (digest_context, data, data_len);
  return SG_SUCCESS;
}

static int
sha512_digest_final (void           *digest_context,
                     signal_buffer **output,
                     void           *user_data)
{
  const guint8 *digest = gcry_md_read (digest_context, GCRY_MD_SHA512);
  signal_buffer *buffer;

  if (digest == NULL)
    return SG_ERR_UNKNOWN;
  buffer = signal_buffer_create (digest, gcry_md_get_algo_dlen (GCRY_MD_SHA512));
  if (buffer == NULL)
    return SG_ERR_NOMEM;

  /* The API asks for the context to be ready for reuse. */
  gcry_md_reset (digest_context);
  *output = buffer;
  return SG_SUCCESS;
}

static void
sha512_digest_cleanup (void *digest_context,
                       void *user_data)
{
  if (digest_context != NULL)
    gcry_md_close (digest_context);
}

static gboolean
cipher_arguments_valid (int    cipher,
                        size_t key_len,
                        size_t iv_len)
{
  return (cipher == SG_CIPHER_AES_CTR_NOPADDING || cipher == SG_CIPHER_AES_CBC_PKCS5)
         && (key_len == 16 || key_len == 24 || key_len == 32)
         && iv_len == CAU_OMEMO_AES_BLOCK_SIZE;
}

static int
error_code (const GError *error,
            int           invalid_input_code)
{
  if (g_error_matches (error, CAU_OMEMO_ERROR, CAU_OMEMO_ERROR_INVALID_INPUT))
    return invalid_input_code;
  return SG_ERR_UNKNOWN;
}

static int
cipher_encrypt (signal_buffer **output,
                int             cipher,
                const uint8_t  *key,
                size_t          key_len,
                const uint8_t  *iv,
                size_t          iv_len,
                const uint8_t  *plaintext,
                size_t          plaintext_len,
                void           *user_data)
{
  g_autoptr(GError) error = NULL;
  signal_buffer *buffer;
  gboolean done;

  if (!cipher_arguments_valid (cipher, key_len, iv_len))
    return SG_ERR_INVAL;

  if (cipher == SG_CIPHER_AES_CBC_PKCS5)
    {
      buffer = signal_buffer_alloc (cau_omemo_pkcs7_padded_size (plaintext_len));
      if (buffer == NULL)
        return SG_ERR_NOMEM;
      done = cau_omemo_aes_cbc_pkcs7_encrypt (key, key_len, iv, plaintext, plaintext_len,
                                              signal_buffer_data (buffer), &error);
    }
  else
    {
      buffer = signal_buffer_alloc (plaintext_len);
      if (buffer == NULL)
        return SG_ERR_NOMEM;
      done = cau_omemo_aes_ctr (key, key_len, iv, plaintext, plaintext_len,
                                signal_buffer_data (buffer), &error);
    }

  if (!done)
    {
      signal_buffer_bzero_free (buffer);
      return error_code (error, SG_ERR_INVAL);
    }
  *output = buffer;
  return SG_SUCCESS;
}

static int
cbc_decrypt (signal_buffer **output,
             const uint8_t  *key,
             size_t          key_len,
             const uint8_t  *iv,
             const uint8_t  *ciphertext,
             size_t          ciphertext_len)
{
  g_autoptr(GError) error = NULL;
  guint8 *plaintext;
  gsize plaintext_len = 0;
  signal_buffer *buffer = NULL;
  int result = SG_SUCCESS;

  /* The padding is only known once decrypted: decrypt into secure memory,
   * then hand over a buffer of the exact size. */
  plaintext = gcry_xmalloc_secure (MAX (ciphertext_len, 1));
  if (!cau_omemo_aes_cbc_pkcs7_decrypt (key, key_len, iv, ciphertext, ciphertext_len,
                                        plaintext, &plaintext_len, &error))
    result = error_code (error, SG_ERR_INVALID_MESSAGE);
  else if ((buffer = signal_buffer_create (plaintext, plaintext_len)) == NULL)
    result = SG_ERR_NOMEM;

  cau_omemo_wipe (plaintext, MAX (ciphertext_len, 1));
  gcry_free (plaintext);
  if (result == SG_SUCCESS)
    *output = buffer;
  return result;
}

static int
cipher_decrypt (signal_buffer **output,
                int             cipher,
                const uint8_t  *key,
                size_t          key_len,
                const uint8_t  *iv,
                size_t          iv_len,
                const uint8_t  *ciphertext,
                size_t          ciphertext_len,
                void           *user_data)
{
  g_autoptr(GError) error = NULL;
  signal_buffer *buffer;

  if (!cipher_arguments_valid (cipher, key_len, iv_len))
    return SG_ERR_INVAL;

  if (cipher == SG_CIPHER_AES_CBC_PKCS5)
    return cbc_decrypt (output, key, key_len, iv, ciphertext, ciphertext_len);

  buffer = signal_buffer_alloc (ciphertext_len);
  if (buffer == NULL)
    return SG_ERR_NOMEM;
  if (!cau_omemo_aes_ctr (key, key_len, iv, ciphertext, ciphertext_len,
                          signal_buffer_data (buffer), &error))
    {
      signal_buffer_bzero_free (buffer);
      return error_code (error, SG_ERR_INVALID_MESSAGE);
    }
  *output = buffer;
  return SG_SUCCESS;
}

static const signal_crypto_provider provider = {
  .random_func = random_bytes,
  .hmac_sha256_init_func = hmac_sha256_init,
  .hmac_sha256_update_func = hmac_sha256_update,
  .hmac_sha256_final_func = hmac_sha256_final,
  .hmac_sha256_cleanup_func = hmac_sha256_cleanup,
  .sha512_digest_init_func = sha512_digest_init,
  .sha512_digest_update_func = sha512_digest_update,
  .sha512_digest_final_func = sha512_digest_final,
  .sha512_digest_cleanup_func = sha512_digest_cleanup,
  .encrypt_func = cipher_encrypt,
  .decrypt_func = cipher_decrypt,
  .user_data = NULL,
};

/**
 * cau_omemo_crypto_provider:
 *
 * The crypto callbacks for libomemo-c, on libgcrypt. Callers must have
 * called cau_omemo_crypto_init() (cau_omemo_crypto_provider_install() does).
 *
 * Returns: (transfer none): the provider, valid for the whole process
 */
const signal_crypto_provider *
cau_omemo_crypto_provider (void)
{
  return &provider;
}

/**
 * cau_omemo_crypto_provider_install:
 * @context: a libomemo-c global context
 * @error: return location for a #GError
 *
 * Initialises libgcrypt if needed and makes @context use it for all its
 * cryptography. libomemo-c copies the callbacks.
 *
 * Returns: %TRUE on success
 */
gboolean
cau_omemo_crypto_provider_install (signal_context  *context,
                                   GError         **error)
{
  int result;

  g_return_val_if_fail (context != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!cau_omemo_crypto_init (error))
    return FALSE;

  result = signal_context_set_crypto_provider (context, &provider);
  if (result != SG_SUCCESS)
    {
      g_set_error (error, CAU_OMEMO_ERROR, CAU_OMEMO_ERROR_FAILED,
                   "libomemo-c refused the crypto provider (%d)", result);
      return FALSE;
    }
  return TRUE;
}
