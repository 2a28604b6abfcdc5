/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "omemo/cau-omemo-crypto-private.h"

#include <gcrypt.h>
#include <string.h>

G_DEFINE_QUARK (cau-omemo-error-quark, cau_omemo_error)

/* The oldest libgcrypt we build against (Debian 12's); meson asks for it too. */
#define GCRYPT_MIN_VERSION "1.10.0"

/* libgcrypt's own example size: enough for the keys alive at one time here.
 * libgcrypt adds pools (not locked in memory) when it runs out. */
#define SECURE_POOL_SIZE 16384

enum {
  INIT_NOT_DONE,
  INIT_OK,
  INIT_FAILED,
};

static gboolean
start_libgcrypt (void)
{
  /* Every user of libgcrypt must check the version first, even when
   * someone else in the process has initialised it already. */
  if (gcry_check_version (GCRYPT_MIN_VERSION) == NULL)
    {
      g_warning ("libgcrypt %s is older than %s", gcry_check_version (NULL), GCRYPT_MIN_VERSION);
      return FALSE;
    }

  /* libsecret initialises libgcrypt too, for its session with the Secret
   * Service: whoever comes first sets it up, the other one must not again. */
  if (gcry_control (GCRYCTL_INITIALIZATION_FINISHED_P))
    return TRUE;

  /* As the libgcrypt manual's "Initializing the library" does for an
   * application: the secure memory warning waits until the pool exists. */
  gcry_control (GCRYCTL_SUSPEND_SECMEM_WARN);
  gcry_control (GCRYCTL_INIT_SECMEM, SECURE_POOL_SIZE, 0);
  gcry_control (GCRYCTL_RESUME_SECMEM_WARN);
  gcry_control (GCRYCTL_INITIALIZATION_FINISHED, 0);
  return TRUE;
}

/**
 * cau_omemo_crypto_init:
 * @error: return location for a #GError
 *
 * Initialises libgcrypt once for the whole process (with a pool of secure
 * memory), unless another component did already. Safe to call from any
 * thread, any number of times; every function of this layer calls it.
 *
 * Returns: %TRUE when libgcrypt is usable
 */
gboolean
cau_omemo_crypto_init (GError **error)
{
  static gsize state = INIT_NOT_DONE;

  if (g_once_init_enter (&state))
    g_once_init_leave (&state, start_libgcrypt () ? INIT_OK : INIT_FAILED);

  if (state != INIT_OK)
    {
      g_set_error (error, CAU_OMEMO_ERROR, CAU_OMEMO_ERROR_CRYPTO_UNAVAILABLE,
                   "libgcrypt %s or newer is needed", GCRYPT_MIN_VERSION);
      return FALSE;
    }
  return TRUE;
}

static void
set_gcrypt_error (GError       **error,
                  gcry_error_t   err,
                  const char    *what)
{
  g_set_error (error, CAU_OMEMO_ERROR, CAU_OMEMO_ERROR_FAILED,
               "%s: %s", what, gcry_strerror (err));
}

/* Overwrites a secret; explicit_bzero() is not removed by the optimiser as
 * a memset() before a free() may be. */
void
cau_omemo_wipe (gpointer data,
                gsize    len)
{
  if (data != NULL && len > 0)
    explicit_bzero (data, len);
}

/* Compares two secrets (tags, HMACs) in a time that does not depend on
 * where they differ. */
gboolean
cau_omemo_equal_secret (const guint8 *a,
                        const guint8 *b,
                        gsize         len)
{
  guint8 difference = 0;

  for (gsize i = 0; i < len; i++)
    difference |= a[i] ^ b[i];
  return difference == 0;
}

typedef struct {
  gsize  len;
  guint8 data[];
} SecretBlock;

static void
secret_block_free (gpointer data)
{
  SecretBlock *block = data;

  cau_omemo_wipe (block->data, block->len);
  gcry_free (block);
}

/* A GBytes whose contents live in libgcrypt's secure memory and are wiped
 * when the last reference goes. */
GBytes *
cau_omemo_secret_bytes_new (const guint8 *data,
                            gsize         len)
{
  SecretBlock *block = gcry_xmalloc_secure (sizeof (SecretBlock) + len);

  block->len = len;
  if (len > 0)
    memcpy (block->data, data, len);
  return g_bytes_new_with_free_func (block->data, len, secret_block_free, block);
}

gboolean
cau_omemo_hmac_sha256 (const guint8  *key,
                       gsize          key_len,
                       const guint8  *data,
                       gsize          data_len,
                       guint8         output[CAU_OMEMO_SHA256_SIZE],
                       GError       **error)
{
  gcry_mac_hd_t mac = NULL;
  gcry_error_t err;
  size_t output_len = CAU_OMEMO_SHA256_SIZE;

  err = gcry_mac_open (&mac, GCRY_MAC_HMAC_SHA256, GCRY_MAC_FLAG_SECURE, NULL);
  if (err == 0)
    err = gcry_mac_setkey (mac, key, key_len);
  if (err == 0 && data_len > 0)
    err = gcry_mac_write (mac, data, data_len);
  if (err == 0)
    err = gcry_mac_read (mac, output, &output_len);
  gcry_mac_close (mac);

  if (err != 0)
    {
      cau_omemo_wipe (output, CAU_OMEMO_SHA256_SIZE);
      set_gcrypt_error (error, err, "HMAC-SHA-256");
      return FALSE;
    }
  return TRUE;
}

/**
 * cau_omemo_hkdf_sha256:
 * @input_key: (array length=input_key_len): the input keying material
 * @input_key_len: its length
 * @salt: (array length=salt_len) (nullable): the salt; empty means 32 zero bytes
 * @salt_len: its length
 * @info: (array length=info_len) (nullable): the context and application info
 * @info_len: its length
 * @output: (out caller-allocates) (array length=output_len): the derived key
 * @output_len: how many bytes to derive, at most 255 × 32
 * @error: return location for a #GError
 *
 * HKDF with HMAC-SHA-256 (RFC 5869): extract, then expand.
 *
 * Returns: %TRUE when @output was filled
 */
gboolean
cau_omemo_hkdf_sha256 (const guint8  *input_key,
                       gsize          input_key_len,
                       const guint8  *salt,
                       gsize          salt_len,
                       const guint8  *info,
                       gsize          info_len,
                       guint8        *output,
                       gsize          output_len,
                       GError       **error)
{
  static const guint8 zero_salt[CAU_OMEMO_SHA256_SIZE] = { 0 };
  guint8 prk[CAU_OMEMO_SHA256_SIZE];
  guint8 block[CAU_OMEMO_SHA256_SIZE];
  gcry_mac_hd_t mac = NULL;
  gcry_error_t err = 0;
  gsize done = 0;

  g_return_val_if_fail (input_key != NULL || input_key_len == 0, FALSE);
  g_return_val_if_fail (salt != NULL || salt_len == 0, FALSE);
  g_return_val_if_fail (info != NULL || info_len == 0, FALSE);
  g_return_val_if_fail (output != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!cau_omemo_crypto_init (error))
    return FALSE;

  if (output_len == 0 || output_len > 255 * CAU_OMEMO_SHA256_SIZE)
    {
      g_set_error (error, CAU_OMEMO_ERROR, CAU_OMEMO_ERROR_INVALID_INPUT,
                   "HKDF cannot derive %" G_GSIZE_FORMAT " bytes", output_len);
      return FALSE;
    }

  /* RFC 5869 §2.2: a salt not provided is a string of HashLen zeros, which
   * HMAC's key padding makes the same as an empty one. */
  if (salt_len == 0)
    {
      salt = zero_salt;
      salt_len = sizeof zero_salt;
    }
  if (!cau_omemo_hmac_sha256 (salt, salt_len, input_key, input_key_len, prk, error))
    return FALSE;

  /* §2.3: T(i) = HMAC(PRK, T(i - 1) | info | i), T(0) empty. */
  err = gcry_mac_open (&mac, GCRY_MAC_HMAC_SHA256, GCRY_MAC_FLAG_SECURE, NULL);
  if (err == 0)
    err = gcry_mac_setkey (mac, prk, sizeof prk);
  for (guint8 counter = 1; err == 0 && done < output_len; counter++)
    {
      size_t block_len = sizeof block;
      gsize take;

      err = gcry_mac_reset (mac);
      if (err == 0 && counter > 1)
        err = gcry_mac_write (mac, block, sizeof block);
      if (err == 0 && info_len > 0)
        err = gcry_mac_write (mac, info, info_len);
      if (err == 0)
        err = gcry_mac_write (mac, &counter, 1);
      if (err == 0)
        err = gcry_mac_read (mac, block, &block_len);
      if (err != 0)
        break;

      take = MIN (sizeof block, output_len - done);
      memcpy (output + done, block, take);
      done += take;
    }
  gcry_mac_close (mac);
  cau_omemo_wipe (prk, sizeof prk);
  cau_omemo_wipe (block, sizeof block);

  if (err != 0)
    {
      cau_omemo_wipe (output, output_len);
      set_gcrypt_error (error, err, "HKDF-SHA-256");
      return FALSE;
    }
  return TRUE;
}

static gboolean
aes_algorithm_for_key (gsize         key_len,
                       int          *algorithm,
                       GError      **error)
{
  switch (key_len)
    {
    case 16:
      *algorithm = GCRY_CIPHER_AES128;
      return TRUE;
    case 24:
      *algorithm = GCRY_CIPHER_AES192;
      return TRUE;
    case 32:
      *algorithm = GCRY_CIPHER_AES256;
      return TRUE;
    default:
      g_set_error (error, CAU_OMEMO_ERROR, CAU_OMEMO_ERROR_INVALID_INPUT,
                   "an AES key of %" G_GSIZE_FORMAT " bytes", key_len);
      return FALSE;
    }
}

/* Runs AES over input in the given mode, with the IV (CBC) or the initial
 * counter block (CTR). No padding: the callers pad and unpad. */
static gboolean
aes_run (int            mode,
         gboolean       encrypt,
         const guint8  *key,
         gsize          key_len,
         const guint8  *iv,
         const guint8  *input,
         gsize          input_len,
         guint8        *output,
         GError       **error)
{
  gcry_cipher_hd_t cipher = NULL;
  gcry_error_t err;
  int algorithm;

  if (!aes_algorithm_for_key (key_len, &algorithm, error))
    return FALSE;
  if (input_len == 0)
    return TRUE;

  err = gcry_cipher_open (&cipher, algorithm, mode, GCRY_CIPHER_SECURE);
  if (err == 0)
    err = gcry_cipher_setkey (cipher, key, key_len);
  if (err == 0 && mode == GCRY_CIPHER_MODE_CTR)
    err = gcry_cipher_setctr (cipher, iv, CAU_OMEMO_AES_BLOCK_SIZE);
  else if (err == 0)
    err = gcry_cipher_setiv (cipher, iv, CAU_OMEMO_AES_BLOCK_SIZE);
  if (err == 0 && encrypt)
    err = gcry_cipher_encrypt (cipher, output, input_len, input, input_len);
  else if (err == 0)
    err = gcry_cipher_decrypt (cipher, output, input_len, input, input_len);
  gcry_cipher_close (cipher);

  if (err != 0)
    {
      cau_omemo_wipe (output, input_len);
      set_gcrypt_error (error, err, "AES");
      return FALSE;
    }
  return TRUE;
}

/* PKCS#7 always adds 1 to 16 bytes, so an exact multiple of the block size
 * grows by a whole block. */
gsize
cau_omemo_pkcs7_padded_size (gsize len)
{
  return len + CAU_OMEMO_AES_BLOCK_SIZE - len % CAU_OMEMO_AES_BLOCK_SIZE;
}

/* Encrypts with AES-CBC after PKCS#7 padding; output holds
 * cau_omemo_pkcs7_padded_size (input_len) bytes. */
gboolean
cau_omemo_aes_cbc_pkcs7_encrypt (const guint8  *key,
                                 gsize          key_len,
                                 const guint8   iv[CAU_OMEMO_AES_BLOCK_SIZE],
                                 const guint8  *input,
                                 gsize          input_len,
                                 guint8        *output,
                                 GError       **error)
{
  gsize padded_len = cau_omemo_pkcs7_padded_size (input_len);
  guint8 pad = padded_len - input_len;

  /* Padded in place in the output buffer, then encrypted there. */
  if (input_len > 0)
    memmove (output, input, input_len);
  memset (output + input_len, pad, pad);
  return aes_run (GCRY_CIPHER_MODE_CBC, TRUE, key, key_len, iv,
                  output, padded_len, output, error);
}

/* Checks PKCS#7 padding of a decrypted buffer (a non-zero multiple of the
 * block size) without a branch or an early exit that depends on the padding
 * bytes. Returns the padding length, or 0 when it is not valid. */
static guint
pkcs7_padding_length (const guint8 *data,
                      gsize         len)
{
  guint pad = data[len - 1];
  guint bad = (pad == 0) | (pad > CAU_OMEMO_AES_BLOCK_SIZE);

  for (guint i = 0; i < CAU_OMEMO_AES_BLOCK_SIZE; i++)
    {
      /* 1 when byte i from the end lies inside the padding (i < pad). */
      guint inside = ((i - pad) >> (sizeof (guint) * 8 - 1)) & 1;

      bad |= inside & (data[len - 1 - i] != pad);
    }
  return bad ? 0 : pad;
}

/* Decrypts AES-CBC into output (input_len bytes) and removes the PKCS#7
 * padding, which must be exactly right. On failure nothing decrypted stays
 * in output. */
gboolean
cau_omemo_aes_cbc_pkcs7_decrypt (const guint8  *key,
                                 gsize          key_len,
                                 const guint8   iv[CAU_OMEMO_AES_BLOCK_SIZE],
                                 const guint8  *input,
                                 gsize          input_len,
                                 guint8        *output,
                                 gsize         *output_len,
                                 GError       **error)
{
  guint pad;

  if (input_len == 0 || input_len % CAU_OMEMO_AES_BLOCK_SIZE != 0)
    {
      g_set_error (error, CAU_OMEMO_ERROR, CAU_OMEMO_ERROR_INVALID_INPUT,
                   "AES-CBC ciphertext of %" G_GSIZE_FORMAT " bytes", input_len);
      return FALSE;
    }
  if (!aes_run (GCRY_CIPHER_MODE_CBC, FALSE, key, key_len, iv, input, input_len, output, error))
    return FALSE;

  pad = pkcs7_padding_length (output, input_len);
  if (pad == 0)
    {
      cau_omemo_wipe (output, input_len);
      g_set_error_literal (error, CAU_OMEMO_ERROR, CAU_OMEMO_ERROR_INVALID_INPUT,
                           "bad PKCS#7 padding");
      return FALSE;
    }
  cau_omemo_wipe (output + input_len - pad, pad);
  *output_len = input_len - pad;
  return TRUE;
}

/* AES-CTR with a 16-byte initial counter block incremented as one big-endian
 * 128-bit number; encryption and decryption are the same. */
gboolean
cau_omemo_aes_ctr (const guint8  *key,
                   gsize          key_len,
                   const guint8   counter[CAU_OMEMO_AES_BLOCK_SIZE],
                   const guint8  *input,
                   gsize          input_len,
                   guint8        *output,
                   GError       **error)
{
  return aes_run (GCRY_CIPHER_MODE_CTR, TRUE, key, key_len, counter,
                  input, input_len, output, error);
}
