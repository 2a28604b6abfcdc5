/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "omemo/cau-omemo-crypto.h"
#include "omemo/cau-omemo-crypto-provider.h"

#include <gcrypt.h>
#include <hkdf.h>
#include <key_helper.h>
#include <session_pre_key.h>
#include <string.h>

/* Known answers from the standards (NIST SP 800-38A, McGrew–Viega GCM,
 * RFC 4231, FIPS 180-2, RFC 5869), fed to the provider exactly as
 * libomemo-c calls it and to the payload helpers; then round trips and every
 * way a payload can be damaged. */

static GBytes *
hex_bytes (const char *hex)
{
  gsize len = strlen (hex) / 2;
  guint8 *data = g_malloc (MAX (len, 1));

  g_assert_cmpuint (strlen (hex) % 2, ==, 0);
  for (gsize i = 0; i < len; i++)
    data[i] = g_ascii_xdigit_value (hex[2 * i]) << 4 | g_ascii_xdigit_value (hex[2 * i + 1]);
  return g_bytes_new_take (data, len);
}

static char *
to_hex (const guint8 *data,
        gsize         len)
{
  GString *hex = g_string_sized_new (len * 2);

  for (gsize i = 0; i < len; i++)
    g_string_append_printf (hex, "%02x", data[i]);
  return g_string_free (hex, FALSE);
}

static void
assert_bytes_hex (GBytes     *bytes,
                  const char *expected)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);
  g_autofree char *hex = to_hex (data, len);

  g_assert_cmpstr (hex, ==, expected);
}

static void
assert_signal_buffer_hex (signal_buffer *buffer,
                          const char    *expected)
{
  g_autofree char *hex = to_hex (signal_buffer_data (buffer), signal_buffer_len (buffer));

  g_assert_cmpstr (hex, ==, expected);
}

/* A copy of bytes with one bit flipped at offset (negative: from the end). */
static GBytes *
flip_bit (GBytes *bytes,
          gssize  offset)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);
  guint8 *copy = g_memdup2 (data, len);

  copy[offset < 0 ? (gssize) len + offset : offset] ^= 0x01;
  return g_bytes_new_take (copy, len);
}

static GBytes *
truncate_bytes (GBytes *bytes,
                gsize   remove)
{
  g_assert_cmpuint (g_bytes_get_size (bytes), >=, remove);
  return g_bytes_new_from_bytes (bytes, 0, g_bytes_get_size (bytes) - remove);
}

static GBytes *
concat_bytes (GBytes *a,
              GBytes *b)
{
  g_autoptr(GByteArray) array = g_byte_array_new ();

  g_byte_array_append (array, g_bytes_get_data (a, NULL), g_bytes_get_size (a));
  g_byte_array_append (array, g_bytes_get_data (b, NULL), g_bytes_get_size (b));
  return g_byte_array_free_to_bytes (g_steal_pointer (&array));
}

/* NIST SP 800-38A, appendix F: the plaintext, keys and IVs of F.2 and F.5. */
#define SP800_38A_PLAINTEXT \
  "6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51" \
  "30c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710"
#define SP800_38A_CBC_IV "000102030405060708090a0b0c0d0e0f"
#define SP800_38A_CTR_COUNTER "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff"

typedef struct {
  const char *key;
  const char *cbc;  /* F.2.1, F.2.3, F.2.5 */
  const char *ctr;  /* F.5.1, F.5.3, F.5.5 */
} AesVector;

static const AesVector aes_vectors[] = {
  { "2b7e151628aed2a6abf7158809cf4f3c",
    "7649abac8119b246cee98e9b12e9197d5086cb9b507219ee95db113a917678b2"
    "73bed6b8e3c1743b7116e69e222295163ff1caa1681fac09120eca307586e1a7",
    "874d6191b620e3261bef6864990db6ce9806f66b7970fdff8617187bb9fffdff"
    "5ae4df3edbd5d35e5b4f09020db03eab1e031dda2fbe03d1792170a0f3009cee" },
  { "8e73b0f7da0e6452c810f32b809079e562f8ead2522c6b7b",
    "4f021db243bc633d7178183a9fa071e8b4d9ada9ad7dedf4e5e738763f69145a"
    "571b242012fb7ae07fa9baac3df102e008b0e27988598881d920a9e64f5615cd",
    "1abc932417521ca24f2b0459fe7e6e0b090339ec0aa6faefd5ccc2c6f4ce8e94"
    "1e36b26bd1ebc670d1bd1d665620abf74f78a7f6d29809585a97daec58c6b050" },
  { "603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4",
    "f58c4c04d6e5f1ba779eabfb5f7bfbd69cfc4e967edb808d679f777bc6702c7d"
    "39f23369a9d9bacfa530e26304231461b2eb05e2c39be9fcda6c19078c6a9d1b",
    "601ec313775789a5b7a7f504bbf3d228f443e3ca4d62b59aca84e990cacaf5c5"
    "2b0930daa23de94ce87017ba2d84988ddfc9c58db67aada613c2dd08457941a6" },
};

static const guint8 zero_salt[32];

static const signal_crypto_provider *
provider (void)
{
  g_assert_true (cau_omemo_crypto_init (NULL));
  return cau_omemo_crypto_provider ();
}

static int
provider_cipher (gboolean        encrypt,
                 int             cipher,
                 GBytes         *key,
                 GBytes         *iv,
                 GBytes         *input,
                 signal_buffer **output)
{
  const signal_crypto_provider *p = provider ();
  int (*func) (signal_buffer **, int, const uint8_t *, size_t, const uint8_t *, size_t,
               const uint8_t *, size_t, void *) = encrypt ? p->encrypt_func : p->decrypt_func;

  return func (output, cipher,
               g_bytes_get_data (key, NULL), g_bytes_get_size (key),
               g_bytes_get_data (iv, NULL), g_bytes_get_size (iv),
               g_bytes_get_data (input, NULL), g_bytes_get_size (input),
               p->user_data);
}

static void
test_init_twice (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (cau_omemo_crypto_init (&error));
  g_assert_no_error (error);
  g_assert_true (cau_omemo_crypto_init (&error));
  g_assert_true (gcry_control (GCRYCTL_INITIALIZATION_FINISHED_P));
}

static void
test_provider_random (void)
{
  const signal_crypto_provider *p = provider ();
  guint8 a[32] = { 0 }, b[32] = { 0 }, zero[32] = { 0 };

  g_assert_cmpint (p->random_func (a, sizeof a, p->user_data), ==, SG_SUCCESS);
  g_assert_cmpint (p->random_func (b, sizeof b, p->user_data), ==, SG_SUCCESS);
  g_assert_cmpint (p->random_func (b, 0, p->user_data), ==, SG_SUCCESS);
  /* 2^-256 chances of a false failure. */
  g_assert_true (memcmp (a, b, sizeof a) != 0);
  g_assert_true (memcmp (a, zero, sizeof a) != 0);
}

static void
test_provider_cbc_vectors (void)
{
  g_autoptr(GBytes) iv = hex_bytes (SP800_38A_CBC_IV);
  g_autoptr(GBytes) plaintext = hex_bytes (SP800_38A_PLAINTEXT);

  for (guint i = 0; i < G_N_ELEMENTS (aes_vectors); i++)
    {
      g_autoptr(GBytes) key = hex_bytes (aes_vectors[i].key);
      g_autoptr(GBytes) expected = hex_bytes (aes_vectors[i].cbc);
      g_autoptr(GBytes) ciphertext_bytes = NULL;
      g_autoptr(GBytes) prefix = NULL;
      signal_buffer *ciphertext = NULL, *decrypted = NULL;

      g_assert_cmpint (provider_cipher (TRUE, SG_CIPHER_AES_CBC_PKCS5, key, iv, plaintext,
                                        &ciphertext), ==, SG_SUCCESS);
      /* Four blocks as in the standard, then a whole block of padding. */
      g_assert_cmpuint (signal_buffer_len (ciphertext), ==, 80);
      prefix = g_bytes_new (signal_buffer_data (ciphertext), 64);
      g_assert_true (g_bytes_equal (prefix, expected));

      ciphertext_bytes = g_bytes_new (signal_buffer_data (ciphertext),
                                     signal_buffer_len (ciphertext));
      g_assert_cmpint (provider_cipher (FALSE, SG_CIPHER_AES_CBC_PKCS5, key, iv, ciphertext_bytes,
                                        &decrypted), ==, SG_SUCCESS);
      assert_signal_buffer_hex (decrypted, SP800_38A_PLAINTEXT);
      signal_buffer_free (ciphertext);
      signal_buffer_free (decrypted);
    }
}

static void
test_provider_cbc_padding_sizes (void)
{
  g_autoptr(GBytes) key = hex_bytes (aes_vectors[2].key);
  g_autoptr(GBytes) iv = hex_bytes (SP800_38A_CBC_IV);

  for (gsize len = 0; len <= 33; len++)
    {
      g_autoptr(GBytes) plaintext = g_bytes_new_take (g_malloc0 (MAX (len, 1)), len);
      g_autoptr(GBytes) ciphertext_bytes = NULL;
      signal_buffer *ciphertext = NULL, *decrypted = NULL;

      g_assert_cmpint (provider_cipher (TRUE, SG_CIPHER_AES_CBC_PKCS5, key, iv, plaintext,
                                        &ciphertext), ==, SG_SUCCESS);
      g_assert_cmpuint (signal_buffer_len (ciphertext), ==, (len / 16 + 1) * 16);
      ciphertext_bytes = g_bytes_new (signal_buffer_data (ciphertext),
                                      signal_buffer_len (ciphertext));
      g_assert_cmpint (provider_cipher (FALSE, SG_CIPHER_AES_CBC_PKCS5, key, iv, ciphertext_bytes,
                                        &decrypted), ==, SG_SUCCESS);
      g_assert_cmpuint (signal_buffer_len (decrypted), ==, len);
      g_assert_true (len == 0 || memcmp (signal_buffer_data (decrypted),
                                         g_bytes_get_data (plaintext, NULL), len) == 0);
      signal_buffer_free (ciphertext);
      signal_buffer_free (decrypted);
    }
}

/* Encrypts a last block chosen by the test with raw AES-CBC, so that the
 * decrypted padding is exactly that block. */
static GBytes *
raw_cbc_encrypt (GBytes *key,
                 GBytes *iv,
                 GBytes *plaintext)
{
  gcry_cipher_hd_t cipher = NULL;
  gsize len = g_bytes_get_size (plaintext);
  guint8 *output = g_malloc (len);

  g_assert_cmpuint (len % 16, ==, 0);
  g_assert_cmpint (gcry_cipher_open (&cipher, g_bytes_get_size (key) == 32 ? GCRY_CIPHER_AES256
                                                                         : GCRY_CIPHER_AES128,
                                     GCRY_CIPHER_MODE_CBC, 0), ==, 0);
  g_assert_cmpint (gcry_cipher_setkey (cipher, g_bytes_get_data (key, NULL),
                                       g_bytes_get_size (key)), ==, 0);
  g_assert_cmpint (gcry_cipher_setiv (cipher, g_bytes_get_data (iv, NULL), 16), ==, 0);
  g_assert_cmpint (gcry_cipher_encrypt (cipher, output, len,
                                        g_bytes_get_data (plaintext, NULL), len), ==, 0);
  gcry_cipher_close (cipher);
  return g_bytes_new_take (output, len);
}

/* Last blocks whose padding is wrong: a zero byte, a length over the block
 * size, a short run, a run longer than the buffer's content allows. */
static const char *const bad_paddings[] = {
  "00112233445566778899aabbccddee00",
  "00112233445566778899aabbccddee11",
  "00112233445566778899aabbcc030203",
  "00112233445566778899aabbccdd0102",
  "ff101010101010101010101010101010",
  "000000000000000000000000000000ff",
};

static void
test_provider_cbc_bad_padding (void)
{
  g_autoptr(GBytes) key = hex_bytes (aes_vectors[0].key);
  g_autoptr(GBytes) iv = hex_bytes (SP800_38A_CBC_IV);
  g_autoptr(GBytes) nist = hex_bytes (aes_vectors[0].cbc);
  g_autoptr(GBytes) good_block = hex_bytes ("00112233445566778899aabbcc030303");
  g_autoptr(GBytes) good = raw_cbc_encrypt (key, iv, good_block);
  signal_buffer *output = NULL;

  /* The standard's ciphertext ends in a block whose last byte is 0x10 but
   * whose other bytes are not. */
  g_assert_cmpint (provider_cipher (FALSE, SG_CIPHER_AES_CBC_PKCS5, key, iv, nist, &output),
                   ==, SG_ERR_INVALID_MESSAGE);
  g_assert_null (output);

  for (guint i = 0; i < G_N_ELEMENTS (bad_paddings); i++)
    {
      g_autoptr(GBytes) block = hex_bytes (bad_paddings[i]);
      g_autoptr(GBytes) ciphertext = raw_cbc_encrypt (key, iv, block);

      g_assert_cmpint (provider_cipher (FALSE, SG_CIPHER_AES_CBC_PKCS5, key, iv, ciphertext,
                                        &output), ==, SG_ERR_INVALID_MESSAGE);
      g_assert_null (output);
    }

  g_assert_cmpint (provider_cipher (FALSE, SG_CIPHER_AES_CBC_PKCS5, key, iv, good, &output),
                   ==, SG_SUCCESS);
  assert_signal_buffer_hex (output, "00112233445566778899aabbcc");
  signal_buffer_free (output);
}

static void
test_provider_cbc_bad_lengths (void)
{
  g_autoptr(GBytes) key = hex_bytes (aes_vectors[0].key);
  g_autoptr(GBytes) bad_key = hex_bytes ("2b7e151628aed2a6abf7158809cf4f3c2b7e1516");
  g_autoptr(GBytes) iv = hex_bytes (SP800_38A_CBC_IV);
  g_autoptr(GBytes) short_iv = hex_bytes ("000102030405060708090a0b");
  g_autoptr(GBytes) nist = hex_bytes (aes_vectors[0].cbc);
  g_autoptr(GBytes) not_blocks = truncate_bytes (nist, 1);
  g_autoptr(GBytes) empty = g_bytes_new (NULL, 0);
  signal_buffer *output = NULL;

  g_assert_cmpint (provider_cipher (FALSE, SG_CIPHER_AES_CBC_PKCS5, key, iv, not_blocks,
                                    &output), ==, SG_ERR_INVALID_MESSAGE);
  g_assert_cmpint (provider_cipher (FALSE, SG_CIPHER_AES_CBC_PKCS5, key, iv, empty, &output),
                   ==, SG_ERR_INVALID_MESSAGE);
  for (int encrypt = 0; encrypt <= 1; encrypt++)
    {
      g_assert_cmpint (provider_cipher (encrypt, SG_CIPHER_AES_CBC_PKCS5, bad_key, iv, nist,
                                        &output), ==, SG_ERR_INVAL);
      g_assert_cmpint (provider_cipher (encrypt, SG_CIPHER_AES_CBC_PKCS5, key, short_iv, nist,
                                        &output), ==, SG_ERR_INVAL);
      g_assert_cmpint (provider_cipher (encrypt, SG_CIPHER_AES_CTR_NOPADDING, bad_key, iv, nist,
                                        &output), ==, SG_ERR_INVAL);
      g_assert_cmpint (provider_cipher (encrypt, 3, key, iv, nist, &output), ==, SG_ERR_INVAL);
      g_assert_cmpint (provider_cipher (encrypt, 0, key, iv, nist, &output), ==, SG_ERR_INVAL);
    }
  g_assert_null (output);
}

static void
test_provider_ctr_vectors (void)
{
  g_autoptr(GBytes) counter = hex_bytes (SP800_38A_CTR_COUNTER);
  g_autoptr(GBytes) plaintext = hex_bytes (SP800_38A_PLAINTEXT);
  g_autoptr(GBytes) partial = g_bytes_new_from_bytes (plaintext, 0, 20);

  for (guint i = 0; i < G_N_ELEMENTS (aes_vectors); i++)
    {
      g_autoptr(GBytes) key = hex_bytes (aes_vectors[i].key);
      g_autoptr(GBytes) expected = hex_bytes (aes_vectors[i].ctr);
      g_autoptr(GBytes) partial_expected = g_bytes_new_from_bytes (expected, 0, 20);
      g_autofree char *partial_hex = g_strndup (aes_vectors[i].ctr, 40);
      signal_buffer *output = NULL;

      g_assert_cmpint (provider_cipher (TRUE, SG_CIPHER_AES_CTR_NOPADDING, key, counter,
                                        plaintext, &output), ==, SG_SUCCESS);
      assert_signal_buffer_hex (output, aes_vectors[i].ctr);
      signal_buffer_free (output);

      g_assert_cmpint (provider_cipher (FALSE, SG_CIPHER_AES_CTR_NOPADDING, key, counter,
                                        expected, &output), ==, SG_SUCCESS);
      assert_signal_buffer_hex (output, SP800_38A_PLAINTEXT);
      signal_buffer_free (output);

      /* Not a whole number of blocks: no padding in this mode. */
      g_assert_cmpint (provider_cipher (TRUE, SG_CIPHER_AES_CTR_NOPADDING, key, counter,
                                        partial, &output), ==, SG_SUCCESS);
      assert_signal_buffer_hex (output, partial_hex);
      signal_buffer_free (output);
    }
}

typedef struct {
  const char *key;
  const char *data;
  const char *mac;
} HmacVector;

/* RFC 4231 test cases 1, 2, 3, 5 (truncated to 128 bits in the RFC) and 6. */
static const HmacVector hmac_vectors[] = {
  { "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "4869205468657265",
    "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7" },
  { "4a656665", "7768617420646f2079612077616e7420666f72206e6f7468696e673f",
    "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843" },
  { "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    "dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd"
    "dddddddddddd",
    "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe" },
  { "0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c", "546573742057697468205472756e636174696f6e",
    "a3b6167473100ee06e0c796c2955552b" },
  { "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    "54657374205573696e67204c6172676572205468616e20426c6f636b2d53697a65204b6579202d2048617368"
    "204b6579204669727374",
    "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54" },
};

static void
test_provider_hmac_vectors (void)
{
  const signal_crypto_provider *p = provider ();

  for (guint i = 0; i < G_N_ELEMENTS (hmac_vectors); i++)
    {
      g_autoptr(GBytes) key = hex_bytes (hmac_vectors[i].key);
      g_autoptr(GBytes) data = hex_bytes (hmac_vectors[i].data);
      gsize data_len = g_bytes_get_size (data);
      const guint8 *bytes = g_bytes_get_data (data, NULL);
      void *context = NULL;
      signal_buffer *first = NULL, *second = NULL;
      g_autofree char *hex = NULL;

      g_assert_cmpint (p->hmac_sha256_init_func (&context, g_bytes_get_data (key, NULL),
                                                 g_bytes_get_size (key), p->user_data),
                       ==, SG_SUCCESS);
      /* In two pieces, as the ratchet feeds it. */
      g_assert_cmpint (p->hmac_sha256_update_func (context, bytes, data_len / 2, p->user_data),
                       ==, SG_SUCCESS);
      g_assert_cmpint (p->hmac_sha256_update_func (context, bytes + data_len / 2,
                                                   data_len - data_len / 2, p->user_data),
                       ==, SG_SUCCESS);
      g_assert_cmpint (p->hmac_sha256_final_func (context, &first, p->user_data), ==, SG_SUCCESS);
      g_assert_cmpuint (signal_buffer_len (first), ==, 32);
      hex = to_hex (signal_buffer_data (first), signal_buffer_len (first));
      g_assert_true (g_str_has_prefix (hex, hmac_vectors[i].mac));

      /* The context is usable again with the same key after final. */
      g_assert_cmpint (p->hmac_sha256_update_func (context, bytes, data_len, p->user_data),
                       ==, SG_SUCCESS);
      g_assert_cmpint (p->hmac_sha256_final_func (context, &second, p->user_data), ==, SG_SUCCESS);
      g_assert_cmpint (signal_buffer_compare (first, second), ==, 0);

      p->hmac_sha256_cleanup_func (context, p->user_data);
      signal_buffer_free (first);
      signal_buffer_free (second);
    }
}

static void
test_provider_hmac_empty_key (void)
{
  const signal_crypto_provider *p = provider ();
  void *context = NULL;
  signal_buffer *mac = NULL;

  /* HMAC pads keys with zeros: an empty key is the same as 32 zero bytes. */
  g_assert_cmpint (p->hmac_sha256_init_func (&context, (const uint8_t *) "", 0, p->user_data),
                   ==, SG_SUCCESS);
  g_assert_cmpint (p->hmac_sha256_update_func (context, (const uint8_t *) "abc", 3, p->user_data),
                   ==, SG_SUCCESS);
  g_assert_cmpint (p->hmac_sha256_final_func (context, &mac, p->user_data), ==, SG_SUCCESS);
  assert_signal_buffer_hex (mac, "fd7adb152c05ef80dccf50a1fa4c05d5a3ec6da95575fc312ae7c5d091836351");
  p->hmac_sha256_cleanup_func (context, p->user_data);
  signal_buffer_free (mac);
}

static void
test_provider_sha512 (void)
{
  const signal_crypto_provider *p = provider ();
  const char *expected = "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
                         "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f";
  void *context = NULL;
  signal_buffer *digest = NULL;

  g_assert_cmpint (p->sha512_digest_init_func (&context, p->user_data), ==, SG_SUCCESS);
  g_assert_cmpint (p->sha512_digest_update_func (context, (const uint8_t *) "ab", 2, p->user_data),
                   ==, SG_SUCCESS);
  g_assert_cmpint (p->sha512_digest_update_func (context, (const uint8_t *) "c", 1, p->user_data),
                   ==, SG_SUCCESS);
  g_assert_cmpint (p->sha512_digest_final_func (context, &digest, p->user_data), ==, SG_SUCCESS);
  assert_signal_buffer_hex (digest, expected);
  signal_buffer_free (digest);

  /* final leaves the context ready for the next message (FIPS 180-2 "abc"). */
  g_assert_cmpint (p->sha512_digest_update_func (context, (const uint8_t *) "abc", 3, p->user_data),
                   ==, SG_SUCCESS);
  g_assert_cmpint (p->sha512_digest_final_func (context, &digest, p->user_data), ==, SG_SUCCESS);
  assert_signal_buffer_hex (digest, expected);
  signal_buffer_free (digest);
  p->sha512_digest_cleanup_func (context, p->user_data);
}

typedef struct {
  const char *ikm;
  const char *salt;
  const char *info;
  gsize length;
  const char *okm;
} HkdfVector;

/* RFC 5869 appendix A, test cases 1 to 3. */
static const HkdfVector hkdf_vectors[] = {
  { "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "000102030405060708090a0b0c",
    "f0f1f2f3f4f5f6f7f8f9", 42,
    "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865" },
  { "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
    "202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f"
    "404142434445464748494a4b4c4d4e4f",
    "606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f"
    "808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f"
    "a0a1a2a3a4a5a6a7a8a9aaabacadaeaf",
    "b0b1b2b3b4b5b6b7b8b9babbbcbdbebfc0c1c2c3c4c5c6c7c8c9cacbcccdcecf"
    "d0d1d2d3d4d5d6d7d8d9dadbdcdddedfe0e1e2e3e4e5e6e7e8e9eaebecedeeef"
    "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff", 82,
    "b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c"
    "59045a99cac7827271cb41c65e590e09da3275600c2f09b8367793a9aca3db71"
    "cc30c58179ec3e87c14c01d5c1f3434f1d87" },
  { "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "", "", 42,
    "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8" },
};

static void
test_hkdf_vectors (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (hkdf_vectors); i++)
    {
      const HkdfVector *v = &hkdf_vectors[i];
      g_autoptr(GBytes) ikm = hex_bytes (v->ikm);
      g_autoptr(GBytes) salt = hex_bytes (v->salt);
      g_autoptr(GBytes) info = hex_bytes (v->info);
      g_autoptr(GError) error = NULL;
      g_autofree guint8 *okm = g_malloc (v->length);
      g_autofree char *hex = NULL;

      g_assert_true (cau_omemo_hkdf_sha256 (g_bytes_get_data (ikm, NULL), g_bytes_get_size (ikm),
                                            g_bytes_get_data (salt, NULL), g_bytes_get_size (salt),
                                            g_bytes_get_data (info, NULL), g_bytes_get_size (info),
                                            okm, v->length, &error));
      g_assert_no_error (error);
      hex = to_hex (okm, v->length);
      g_assert_cmpstr (hex, ==, v->okm);
    }
}

static void
test_hkdf_lengths (void)
{
  guint8 ikm[32] = { 1 };
  g_autofree guint8 *okm = g_malloc (255 * 32 + 1);
  g_autoptr(GError) error = NULL;

  g_assert_true (cau_omemo_hkdf_sha256 (ikm, sizeof ikm, NULL, 0, NULL, 0, okm, 255 * 32, &error));
  g_assert_no_error (error);
  g_assert_false (cau_omemo_hkdf_sha256 (ikm, sizeof ikm, NULL, 0, NULL, 0, okm, 255 * 32 + 1,
                                         &error));
  g_assert_error (error, CAU_OMEMO_ERROR, CAU_OMEMO_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_false (cau_omemo_hkdf_sha256 (ikm, sizeof ikm, NULL, 0, NULL, 0, okm, 0, &error));
  g_assert_error (error, CAU_OMEMO_ERROR, CAU_OMEMO_ERROR_INVALID_INPUT);
}

/* libomemo-c's own HKDF (message version 3, as the ratchet uses it) runs on
 * the provider's HMAC callbacks: the RFC's answers must come out of it too. */
static void
test_hkdf_through_libomemo (void)
{
  signal_context *context = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (signal_context_create (&context, NULL), ==, SG_SUCCESS);
  g_assert_true (cau_omemo_crypto_provider_install (context, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (hkdf_vectors); i++)
    {
      const HkdfVector *v = &hkdf_vectors[i];
      g_autoptr(GBytes) ikm = hex_bytes (v->ikm);
      g_autoptr(GBytes) salt = hex_bytes (v->salt);
      g_autoptr(GBytes) info = hex_bytes (v->info);
      hkdf_context *hkdf = NULL;
      uint8_t *okm = NULL;
      g_autofree char *hex = NULL;

      g_assert_cmpint (hkdf_create (&hkdf, 3, context), ==, SG_SUCCESS);
      g_assert_cmpint (hkdf_derive_secrets (hkdf, &okm,
                                            g_bytes_get_data (ikm, NULL), g_bytes_get_size (ikm),
                                            g_bytes_get_data (salt, NULL), g_bytes_get_size (salt),
                                            g_bytes_get_data (info, NULL), g_bytes_get_size (info),
                                            v->length), ==, (gssize) v->length);
      hex = to_hex (okm, v->length);
      g_assert_cmpstr (hex, ==, v->okm);
      free (okm);
      SIGNAL_UNREF (hkdf);
    }
  signal_context_destroy (context);
}

/* McGrew and Viega, "The Galois/Counter Mode of Operation", test case 3
 * (AES-128, 96-bit IV, no associated data). */
#define GCM3_KEY "feffe9928665731c6d6a8f9467308308"
#define GCM3_IV "cafebabefacedbaddecaf888"
#define GCM3_PLAINTEXT \
  "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72" \
  "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255"
#define GCM3_CIPHERTEXT \
  "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e" \
  "21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091473f5985"
#define GCM3_TAG "4d5c2af327cd64a62cf35abd2ba6fab4"

static void
test_legacy_vectors (void)
{
  g_autoptr(GBytes) iv = hex_bytes (GCM3_IV);
  g_autoptr(GBytes) ciphertext = hex_bytes (GCM3_CIPHERTEXT);
  g_autoptr(GBytes) key_tag = hex_bytes (GCM3_KEY GCM3_TAG);
  g_autoptr(GBytes) key = hex_bytes (GCM3_KEY);
  g_autoptr(GBytes) ciphertext_tag = hex_bytes (GCM3_CIPHERTEXT GCM3_TAG);
  g_autoptr(GBytes) zero_key_tag = hex_bytes ("00000000000000000000000000000000"
                                              "ab6e47d42cec13bdf53a67b21257bddf");
  g_autoptr(GBytes) zero_iv = hex_bytes ("000000000000000000000000");
  g_autoptr(GBytes) case2 = hex_bytes ("0388dace60b6a392f328c2b971b2fe78");
  g_autoptr(GBytes) plaintext = NULL;
  g_autoptr(GError) error = NULL;

  plaintext = cau_omemo_legacy_decrypt (ciphertext, iv, key_tag, &error);
  g_assert_no_error (error);
  assert_bytes_hex (plaintext, GCM3_PLAINTEXT);
  g_clear_pointer (&plaintext, g_bytes_unref);

  /* Older clients: a 16-byte key, the tag at the end of the payload. */
  plaintext = cau_omemo_legacy_decrypt (ciphertext_tag, iv, key, &error);
  g_assert_no_error (error);
  assert_bytes_hex (plaintext, GCM3_PLAINTEXT);
  g_clear_pointer (&plaintext, g_bytes_unref);

  /* Test case 2: all-zero key, IV and block. */
  plaintext = cau_omemo_legacy_decrypt (case2, zero_iv, zero_key_tag, &error);
  g_assert_no_error (error);
  assert_bytes_hex (plaintext, "00000000000000000000000000000000");
}

/* A 16-byte IV, as some older clients sent: GCM then hashes the IV into the
 * first counter block. The answer was computed with a second implementation
 * (OpenSSL 3.0 through Python's cryptography) from test case 3's key. */
static void
test_legacy_16_byte_iv (void)
{
  g_autoptr(GBytes) iv = hex_bytes ("cafebabefacedbaddecaf88800112233");
  g_autoptr(GBytes) payload = hex_bytes ("4b563d80cfc75ef8bfde78fd2ec528d8e1053332af2cf4c1a415f3"
                                         "645eb4ab9bdc0e8b6055949f");
  g_autoptr(GBytes) key_tag = hex_bytes (GCM3_KEY "fa826cc29555a913c0372bc39a5d0852");
  g_autoptr(GBytes) iv_12 = g_bytes_new_from_bytes (iv, 0, 12);
  g_autoptr(GBytes) plaintext = NULL;
  g_autoptr(GError) error = NULL;

  plaintext = cau_omemo_legacy_decrypt (payload, iv, key_tag, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (plaintext, NULL), g_bytes_get_size (plaintext),
                   "Causerie legacy OMEMO with a 16-byte IV", 39);

  /* The same payload read with the IV cut to 12 bytes is not authentic. */
  g_assert_null (cau_omemo_legacy_decrypt (payload, iv_12, key_tag, &error));
  g_assert_error (error, CAU_OMEMO_ERROR, CAU_OMEMO_ERROR_AUTHENTICATION);
}

static void
legacy_encrypt (const char  *text,
                GBytes     **ciphertext,
                GBytes     **iv,
                GBytes     **key_material)
{
  g_autoptr(GBytes) plaintext = g_bytes_new_static (text, strlen (text));
  g_autoptr(GError) error = NULL;

  g_assert_true (cau_omemo_legacy_encrypt (plaintext, ciphertext, iv, key_material, &error));
  g_assert_no_error (error);
}

static void
test_legacy_round_trip (void)
{
  const char *texts[] = { "", "a", "Bonjour, ça va ? 🙂", "0123456789abcdef0123456789abcdef" };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(GBytes) ciphertext = NULL, iv = NULL, key_tag = NULL, plaintext = NULL;
      g_autoptr(GBytes) key = NULL, ciphertext_tag = NULL, tag = NULL;
      g_autoptr(GError) error = NULL;
      gcry_cipher_hd_t cipher = NULL;
      g_autofree guint8 *direct = g_malloc (MAX (strlen (texts[i]), 1));

      legacy_encrypt (texts[i], &ciphertext, &iv, &key_tag);
      g_assert_cmpuint (g_bytes_get_size (ciphertext), ==, strlen (texts[i]));
      g_assert_cmpuint (g_bytes_get_size (iv), ==, 12);
      g_assert_cmpuint (g_bytes_get_size (key_tag), ==, 32);

      plaintext = cau_omemo_legacy_decrypt (ciphertext, iv, key_tag, &error);
      g_assert_no_error (error);
      g_assert_cmpmem (g_bytes_get_data (plaintext, NULL), g_bytes_get_size (plaintext),
                       texts[i], strlen (texts[i]));
      g_clear_pointer (&plaintext, g_bytes_unref);

      /* The layout is key then tag: plain AES-128-GCM agrees. */
      g_assert_cmpint (gcry_cipher_open (&cipher, GCRY_CIPHER_AES128, GCRY_CIPHER_MODE_GCM, 0),
                       ==, 0);
      g_assert_cmpint (gcry_cipher_setkey (cipher, g_bytes_get_data (key_tag, NULL), 16), ==, 0);
      g_assert_cmpint (gcry_cipher_setiv (cipher, g_bytes_get_data (iv, NULL), 12), ==, 0);
      g_assert_cmpint (gcry_cipher_decrypt (cipher, direct, strlen (texts[i]),
                                            g_bytes_get_data (ciphertext, NULL),
                                            strlen (texts[i])), ==, 0);
      g_assert_cmpint (gcry_cipher_checktag (cipher, (const guint8 *) g_bytes_get_data (key_tag,
                                                                                         NULL) + 16,
                                             16), ==, 0);
      gcry_cipher_close (cipher);
      g_assert_cmpmem (direct, strlen (texts[i]), texts[i], strlen (texts[i]));

      /* And the old layout of the same message. */
      key = g_bytes_new_from_bytes (key_tag, 0, 16);
      tag = g_bytes_new_from_bytes (key_tag, 16, 16);
      ciphertext_tag = concat_bytes (ciphertext, tag);
      plaintext = cau_omemo_legacy_decrypt (ciphertext_tag, iv, key, &error);
      g_assert_no_error (error);
      g_assert_cmpmem (g_bytes_get_data (plaintext, NULL), g_bytes_get_size (plaintext),
                       texts[i], strlen (texts[i]));
    }
}

static void
test_legacy_fresh_keys (void)
{
  g_autoptr(GBytes) c1 = NULL, iv1 = NULL, k1 = NULL, c2 = NULL, iv2 = NULL, k2 = NULL;

  legacy_encrypt ("same text", &c1, &iv1, &k1);
  legacy_encrypt ("same text", &c2, &iv2, &k2);
  g_assert_false (g_bytes_equal (k1, k2));
  g_assert_false (g_bytes_equal (iv1, iv2));
  g_assert_false (g_bytes_equal (c1, c2));
}

static void
assert_legacy_fails (GBytes       *ciphertext,
                     GBytes       *iv,
                     GBytes       *key_material,
                     int           code)
{
  g_autoptr(GError) error = NULL;

  g_assert_null (cau_omemo_legacy_decrypt (ciphertext, iv, key_material, &error));
  g_assert_error (error, CAU_OMEMO_ERROR, code);
}

static void
test_legacy_tampering (void)
{
  g_autoptr(GBytes) ciphertext = NULL, iv = NULL, key_tag = NULL, other_key_tag = NULL;
  g_autoptr(GBytes) other_ciphertext = NULL, other_iv = NULL;
  g_autoptr(GBytes) flipped_ciphertext = NULL, flipped_tag = NULL, flipped_key = NULL;
  g_autoptr(GBytes) flipped_iv = NULL, truncated = NULL, key = NULL, tag = NULL;
  g_autoptr(GBytes) ciphertext_tag = NULL, flipped_appended_tag = NULL, short_payload = NULL;
  g_autoptr(GBytes) key_31 = NULL, iv_11 = NULL, iv_16 = NULL, four_more = NULL;
  g_autoptr(GBytes) empty = g_bytes_new (NULL, 0);

  legacy_encrypt ("Meet me at the usual place at nine.", &ciphertext, &iv, &key_tag);
  legacy_encrypt ("Meet me at the usual place at nine.", &other_ciphertext, &other_iv,
                  &other_key_tag);

  flipped_ciphertext = flip_bit (ciphertext, 3);
  flipped_tag = flip_bit (key_tag, -1);
  flipped_key = flip_bit (key_tag, 0);
  flipped_iv = flip_bit (iv, 5);
  truncated = truncate_bytes (ciphertext, 1);
  assert_legacy_fails (flipped_ciphertext, iv, key_tag, CAU_OMEMO_ERROR_AUTHENTICATION);
  assert_legacy_fails (ciphertext, iv, flipped_tag, CAU_OMEMO_ERROR_AUTHENTICATION);
  assert_legacy_fails (ciphertext, iv, flipped_key, CAU_OMEMO_ERROR_AUTHENTICATION);
  assert_legacy_fails (ciphertext, flipped_iv, key_tag, CAU_OMEMO_ERROR_AUTHENTICATION);
  assert_legacy_fails (ciphertext, iv, other_key_tag, CAU_OMEMO_ERROR_AUTHENTICATION);
  assert_legacy_fails (truncated, iv, key_tag, CAU_OMEMO_ERROR_AUTHENTICATION);
  assert_legacy_fails (empty, iv, key_tag, CAU_OMEMO_ERROR_AUTHENTICATION);

  /* The 16-byte key with the tag on the payload. */
  key = g_bytes_new_from_bytes (key_tag, 0, 16);
  tag = g_bytes_new_from_bytes (key_tag, 16, 16);
  ciphertext_tag = concat_bytes (ciphertext, tag);
  flipped_appended_tag = flip_bit (ciphertext_tag, -1);
  short_payload = truncate_bytes (tag, 1);
  assert_legacy_fails (flipped_appended_tag, iv, key, CAU_OMEMO_ERROR_AUTHENTICATION);
  assert_legacy_fails (ciphertext, iv, key, CAU_OMEMO_ERROR_AUTHENTICATION);
  assert_legacy_fails (short_payload, iv, key, CAU_OMEMO_ERROR_INVALID_INPUT);

  /* Sizes no client sends. */
  key_31 = truncate_bytes (key_tag, 1);
  iv_11 = truncate_bytes (iv, 1);
  four_more = g_bytes_new_from_bytes (tag, 0, 4);
  iv_16 = concat_bytes (iv, four_more);
  assert_legacy_fails (ciphertext, iv, key_31, CAU_OMEMO_ERROR_INVALID_INPUT);
  assert_legacy_fails (ciphertext, iv, empty, CAU_OMEMO_ERROR_INVALID_INPUT);
  assert_legacy_fails (ciphertext, iv_11, key_tag, CAU_OMEMO_ERROR_INVALID_INPUT);
  assert_legacy_fails (ciphertext, empty, key_tag, CAU_OMEMO_ERROR_INVALID_INPUT);
  /* A 16-byte IV is accepted as such, and this one is simply wrong. */
  g_assert_cmpuint (g_bytes_get_size (iv_16), ==, 16);
  assert_legacy_fails (ciphertext, iv_16, key_tag, CAU_OMEMO_ERROR_AUTHENTICATION);
}

/* An OMEMO 2 payload computed with a second implementation (OpenSSL 3.0
 * through Python's cryptography) from XEP-0384 §"Message Encryption":
 * key 00 01 … 1f, an SCE envelope as plaintext. */
#define OMEMO2_ENVELOPE \
  "<envelope xmlns='urn:xmpp:sce:1'><content><body xmlns='jabber:client'>Bonjour</body>" \
  "</content></envelope>"
#define OMEMO2_KEY "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
#define OMEMO2_HMAC "226f43808b7d14a79575388ddf04b9ba"
#define OMEMO2_CIPHERTEXT \
  "e9d48efe8bafa55e3142ff8594a8f7209afba46bf68b529895f2853e07f7071f" \
  "8421df0aad9752be92752b494ae763f9095679f452fee1652c998be65a8f8951" \
  "7778a1b6d6c6052ba288f86d0d5cfbf941a9a76637fa3e098e6b57c5e571c058" \
  "4406a58409eafe44ae60877315d9170d"

static void
test_omemo2_vector (void)
{
  g_autoptr(GBytes) ciphertext = hex_bytes (OMEMO2_CIPHERTEXT);
  g_autoptr(GBytes) key_hmac = hex_bytes (OMEMO2_KEY OMEMO2_HMAC);
  g_autoptr(GBytes) plaintext = NULL;
  g_autoptr(GError) error = NULL;

  plaintext = cau_omemo2_decrypt (ciphertext, key_hmac, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (plaintext, NULL), g_bytes_get_size (plaintext),
                   OMEMO2_ENVELOPE, strlen (OMEMO2_ENVELOPE));
}

static GBytes *
omemo2_encrypt (const char  *text,
                GBytes     **key_material)
{
  g_autoptr(GBytes) plaintext = g_bytes_new_static (text, strlen (text));
  g_autoptr(GError) error = NULL;
  GBytes *ciphertext = cau_omemo2_encrypt (plaintext, key_material, &error);

  g_assert_no_error (error);
  g_assert_nonnull (ciphertext);
  return ciphertext;
}

static void
test_omemo2_round_trip (void)
{
  const char *texts[] = { "", OMEMO2_ENVELOPE, "0123456789abcdef", "x" };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(GBytes) key_hmac = NULL, plaintext = NULL, derived_key = NULL;
      g_autoptr(GBytes) ciphertext = omemo2_encrypt (texts[i], &key_hmac);
      g_autoptr(GError) error = NULL;
      const guint8 *material;
      guint8 derived[80], mac[32];
      size_t mac_len = sizeof mac;
      gcry_mac_hd_t hmac = NULL;

      g_assert_cmpuint (g_bytes_get_size (key_hmac), ==, 48);
      g_assert_cmpuint (g_bytes_get_size (ciphertext), ==, (strlen (texts[i]) / 16 + 1) * 16);
      plaintext = cau_omemo2_decrypt (ciphertext, key_hmac, &error);
      g_assert_no_error (error);
      g_assert_cmpmem (g_bytes_get_data (plaintext, NULL), g_bytes_get_size (plaintext),
                       texts[i], strlen (texts[i]));

      /* The HMAC in the key material is the first 16 bytes of HMAC-SHA-256
       * keyed with bytes 32–63 of the HKDF output. */
      material = g_bytes_get_data (key_hmac, NULL);
      g_assert_true (cau_omemo_hkdf_sha256 (material, 32, zero_salt, sizeof zero_salt,
                                            (const guint8 *) "OMEMO Payload", 13,
                                            derived, sizeof derived, NULL));
      g_assert_cmpint (gcry_mac_open (&hmac, GCRY_MAC_HMAC_SHA256, 0, NULL), ==, 0);
      g_assert_cmpint (gcry_mac_setkey (hmac, derived + 32, 32), ==, 0);
      g_assert_cmpint (gcry_mac_write (hmac, g_bytes_get_data (ciphertext, NULL),
                                       g_bytes_get_size (ciphertext)), ==, 0);
      g_assert_cmpint (gcry_mac_read (hmac, mac, &mac_len), ==, 0);
      gcry_mac_close (hmac);
      g_assert_cmpmem (mac, 16, material + 32, 16);
    }
}

static void
assert_omemo2_fails (GBytes       *ciphertext,
                     GBytes       *key_material,
                     int           code)
{
  g_autoptr(GError) error = NULL;

  g_assert_null (cau_omemo2_decrypt (ciphertext, key_material, &error));
  g_assert_error (error, CAU_OMEMO_ERROR, code);
}

static void
test_omemo2_tampering (void)
{
  g_autoptr(GBytes) key_hmac = NULL, other_key_hmac = NULL;
  g_autoptr(GBytes) ciphertext = omemo2_encrypt (OMEMO2_ENVELOPE, &key_hmac);
  g_autoptr(GBytes) other_ciphertext = omemo2_encrypt (OMEMO2_ENVELOPE, &other_key_hmac);
  g_autoptr(GBytes) flipped_first = flip_bit (ciphertext, 0);
  g_autoptr(GBytes) flipped_last = flip_bit (ciphertext, -1);
  g_autoptr(GBytes) flipped_hmac = flip_bit (key_hmac, -1);
  g_autoptr(GBytes) flipped_key = flip_bit (key_hmac, 7);
  g_autoptr(GBytes) one_block_less = truncate_bytes (ciphertext, 16);
  g_autoptr(GBytes) one_byte_less = truncate_bytes (ciphertext, 1);
  g_autoptr(GBytes) key_47 = truncate_bytes (key_hmac, 1);
  g_autoptr(GBytes) key_32 = truncate_bytes (key_hmac, 16);
  g_autoptr(GBytes) empty = g_bytes_new (NULL, 0);

  assert_omemo2_fails (flipped_first, key_hmac, CAU_OMEMO_ERROR_AUTHENTICATION);
  assert_omemo2_fails (flipped_last, key_hmac, CAU_OMEMO_ERROR_AUTHENTICATION);
  assert_omemo2_fails (ciphertext, flipped_hmac, CAU_OMEMO_ERROR_AUTHENTICATION);
  assert_omemo2_fails (ciphertext, flipped_key, CAU_OMEMO_ERROR_AUTHENTICATION);
  assert_omemo2_fails (ciphertext, other_key_hmac, CAU_OMEMO_ERROR_AUTHENTICATION);
  assert_omemo2_fails (one_block_less, key_hmac, CAU_OMEMO_ERROR_AUTHENTICATION);
  assert_omemo2_fails (one_byte_less, key_hmac, CAU_OMEMO_ERROR_INVALID_INPUT);
  assert_omemo2_fails (empty, key_hmac, CAU_OMEMO_ERROR_INVALID_INPUT);
  assert_omemo2_fails (ciphertext, key_47, CAU_OMEMO_ERROR_INVALID_INPUT);
  assert_omemo2_fails (ciphertext, key_32, CAU_OMEMO_ERROR_INVALID_INPUT);
  assert_omemo2_fails (ciphertext, empty, CAU_OMEMO_ERROR_INVALID_INPUT);
}

/* An authentic payload (right HMAC) whose padding is wrong: built by hand
 * from the key schedule, since the helpers never produce one. */
static void
test_omemo2_bad_padding (void)
{
  g_autoptr(GBytes) key = hex_bytes (OMEMO2_KEY);
  guint8 derived[80], mac[32], key_hmac[48];
  size_t mac_len = sizeof mac;
  gcry_mac_hd_t hmac = NULL;

  g_assert_true (cau_omemo_hkdf_sha256 (g_bytes_get_data (key, NULL), 32,
                                        zero_salt, sizeof zero_salt,
                                        (const guint8 *) "OMEMO Payload", 13,
                                        derived, sizeof derived, NULL));
  for (guint i = 0; i < G_N_ELEMENTS (bad_paddings); i++)
    {
      g_autoptr(GBytes) enc_key = g_bytes_new (derived, 32);
      g_autoptr(GBytes) iv = g_bytes_new (derived + 64, 16);
      g_autoptr(GBytes) block = hex_bytes (bad_paddings[i]);
      g_autoptr(GBytes) ciphertext = raw_cbc_encrypt (enc_key, iv, block);
      g_autoptr(GBytes) material = NULL;

      g_assert_cmpint (gcry_mac_open (&hmac, GCRY_MAC_HMAC_SHA256, 0, NULL), ==, 0);
      g_assert_cmpint (gcry_mac_setkey (hmac, derived + 32, 32), ==, 0);
      g_assert_cmpint (gcry_mac_write (hmac, g_bytes_get_data (ciphertext, NULL), 16), ==, 0);
      mac_len = sizeof mac;
      g_assert_cmpint (gcry_mac_read (hmac, mac, &mac_len), ==, 0);
      gcry_mac_close (hmac);
      memcpy (key_hmac, g_bytes_get_data (key, NULL), 32);
      memcpy (key_hmac + 32, mac, 16);
      material = g_bytes_new (key_hmac, sizeof key_hmac);

      assert_omemo2_fails (ciphertext, material, CAU_OMEMO_ERROR_INVALID_INPUT);
    }
}

/* libomemo-c on this provider: an identity key pair and a signed pre-key
 * whose signatures (libsignal's over the 33-byte key, OMEMO 2's over the
 * Ed25519 form) the library itself verifies. */
static void
test_libomemo_keys (void)
{
  signal_context *context = NULL;
  ratchet_identity_key_pair *identity = NULL;
  session_signed_pre_key *signed_pre_key = NULL;
  signal_protocol_key_helper_pre_key_list_node *pre_keys = NULL;
  signal_buffer *serialized = NULL, *serialized_omemo = NULL;
  ec_public_key *identity_public, *pre_key_public;
  g_autofree guint8 *bad_signature = NULL;
  g_autoptr(GError) error = NULL;
  uint32_t registration_id = 0;
  guint n_pre_keys = 0;

  g_assert_cmpint (signal_context_create (&context, NULL), ==, SG_SUCCESS);
  g_assert_true (cau_omemo_crypto_provider_install (context, &error));
  g_assert_no_error (error);

  g_assert_cmpint (signal_protocol_key_helper_generate_identity_key_pair (&identity, context),
                   ==, SG_SUCCESS);
  g_assert_cmpint (signal_protocol_key_helper_generate_signed_pre_key (&signed_pre_key, identity,
                                                                       5, 1700000000000,
                                                                       context), ==, SG_SUCCESS);
  g_assert_cmpint (signal_protocol_key_helper_generate_registration_id (&registration_id, 0,
                                                                        context), ==, SG_SUCCESS);
  g_assert_cmpuint (registration_id, >=, 1);
  g_assert_cmpint (signal_protocol_key_helper_generate_pre_keys (&pre_keys, 1, 100, context),
                   ==, SG_SUCCESS);
  for (signal_protocol_key_helper_pre_key_list_node *node = pre_keys; node != NULL;
       node = signal_protocol_key_helper_key_list_next (node))
    n_pre_keys++;
  g_assert_cmpuint (n_pre_keys, ==, 100);

  identity_public = ratchet_identity_key_pair_get_public (identity);
  pre_key_public = ec_key_pair_get_public (session_signed_pre_key_get_key_pair (signed_pre_key));
  g_assert_cmpuint (session_signed_pre_key_get_id (signed_pre_key), ==, 5);

  g_assert_cmpint (ec_public_key_serialize (&serialized, pre_key_public), ==, SG_SUCCESS);
  g_assert_cmpuint (signal_buffer_len (serialized), ==, 33);
  g_assert_cmpint (curve_verify_signature (identity_public,
                                           signal_buffer_data (serialized),
                                           signal_buffer_len (serialized),
                                           session_signed_pre_key_get_signature (signed_pre_key),
                                           session_signed_pre_key_get_signature_len (signed_pre_key)),
                   ==, 1);

  g_assert_cmpint (ec_public_key_serialize_omemo (&serialized_omemo, pre_key_public),
                   ==, SG_SUCCESS);
  g_assert_cmpuint (signal_buffer_len (serialized_omemo), ==, 32);
  g_assert_cmpuint (session_signed_pre_key_get_signature_omemo_len (signed_pre_key), ==, 64);
  g_assert_cmpint (curve_verify_signature (identity_public,
                                           signal_buffer_data (serialized_omemo),
                                           signal_buffer_len (serialized_omemo),
                                           session_signed_pre_key_get_signature_omemo (signed_pre_key),
                                           session_signed_pre_key_get_signature_omemo_len (signed_pre_key)),
                   ==, 1);

  /* A signature with one bit changed is refused. */
  bad_signature = g_memdup2 (session_signed_pre_key_get_signature (signed_pre_key),
                             session_signed_pre_key_get_signature_len (signed_pre_key));
  bad_signature[10] ^= 0x01;
  g_assert_cmpint (curve_verify_signature (identity_public,
                                           signal_buffer_data (serialized),
                                           signal_buffer_len (serialized),
                                           bad_signature,
                                           session_signed_pre_key_get_signature_len (signed_pre_key)),
                   ==, 0);

  signal_buffer_free (serialized);
  signal_buffer_free (serialized_omemo);
  signal_protocol_key_helper_key_list_free (pre_keys);
  SIGNAL_UNREF (signed_pre_key);
  SIGNAL_UNREF (identity);
  signal_context_destroy (context);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cau/omemo-crypto/init-twice", test_init_twice);
  g_test_add_func ("/cau/omemo-crypto/provider/random", test_provider_random);
  g_test_add_func ("/cau/omemo-crypto/provider/cbc-vectors", test_provider_cbc_vectors);
  g_test_add_func ("/cau/omemo-crypto/provider/cbc-padding-sizes",
                   test_provider_cbc_padding_sizes);
  g_test_add_func ("/cau/omemo-crypto/provider/cbc-bad-padding", test_provider_cbc_bad_padding);
  g_test_add_func ("/cau/omemo-crypto/provider/cbc-bad-lengths", test_provider_cbc_bad_lengths);
  g_test_add_func ("/cau/omemo-crypto/provider/ctr-vectors", test_provider_ctr_vectors);
  g_test_add_func ("/cau/omemo-crypto/provider/hmac-vectors", test_provider_hmac_vectors);
  g_test_add_func ("/cau/omemo-crypto/provider/hmac-empty-key", test_provider_hmac_empty_key);
  g_test_add_func ("/cau/omemo-crypto/provider/sha512", test_provider_sha512);
  g_test_add_func ("/cau/omemo-crypto/hkdf/vectors", test_hkdf_vectors);
  g_test_add_func ("/cau/omemo-crypto/hkdf/lengths", test_hkdf_lengths);
  g_test_add_func ("/cau/omemo-crypto/hkdf/through-libomemo", test_hkdf_through_libomemo);
  g_test_add_func ("/cau/omemo-crypto/legacy/vectors", test_legacy_vectors);
  g_test_add_func ("/cau/omemo-crypto/legacy/16-byte-iv", test_legacy_16_byte_iv);
  g_test_add_func ("/cau/omemo-crypto/legacy/round-trip", test_legacy_round_trip);
  g_test_add_func ("/cau/omemo-crypto/legacy/fresh-keys", test_legacy_fresh_keys);
  g_test_add_func ("/cau/omemo-crypto/legacy/tampering", test_legacy_tampering);
  g_test_add_func ("/cau/omemo-crypto/omemo2/vector", test_omemo2_vector);
  g_test_add_func ("/cau/omemo-crypto/omemo2/round-trip", test_omemo2_round_trip);
  g_test_add_func ("/cau/omemo-crypto/omemo2/tampering", test_omemo2_tampering);
  g_test_add_func ("/cau/omemo-crypto/omemo2/bad-padding", test_omemo2_bad_padding);
  g_test_add_func ("/cau/omemo-crypto/libomemo/keys", test_libomemo_keys);

  return g_test_run ();
}
