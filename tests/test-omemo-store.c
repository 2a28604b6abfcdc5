/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */

/*
 * libomemo-c on our key store: a device created once, its bundles in both protocols' forms,
 * and sessions between two accounts (alice and bob, each with its own store) in both
 * protocols: a key exchange, replies, the same exchange received twice, a store closed and
 * opened again in the middle; and what a bundle must not get through.
 */

#include "config.h"

#include "cau-test-omemo-stores.h"

#include "omemo/cau-omemo-crypto.h"

#include <protocol.h>
#include <session_cipher.h>
#include <string.h>

#define ALICE CAU_TEST_ALICE
#define BOB   CAU_TEST_BOB

typedef CauTestOmemoStores Fixture;

static guint
count_unused_pre_keys (Fixture *fixture,
                       gint64   account)
{
  return cau_test_omemo_count_unused_pre_keys (fixture->db, account);
}

static void
test_device_created_once (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) signed_pre_keys = NULL;
  guint32 device_id = cau_omemo_store_get_device_id (fixture->alice);

  g_assert_cmpuint (device_id, >=, 1);
  g_assert_cmpuint (device_id, <=, G_MAXINT32);
  g_assert_cmpuint (device_id, !=, cau_omemo_store_get_device_id (fixture->bob));
  g_assert_cmpuint (count_unused_pre_keys (fixture, fixture->alice_account), ==,
                    CAU_OMEMO_PRE_KEY_COUNT);

  /* Opened again: the same device, no new keys. */
  g_clear_pointer (&fixture->alice, cau_omemo_store_free);
  fixture->alice = cau_test_omemo_open_store (fixture->db, fixture->alice_account);
  g_assert_cmpuint (cau_omemo_store_get_device_id (fixture->alice), ==, device_id);
  g_assert_cmpuint (count_unused_pre_keys (fixture, fixture->alice_account), ==,
                    CAU_OMEMO_PRE_KEY_COUNT);
  signed_pre_keys = cau_db_omemo_list_signed_pre_keys (fixture->db, fixture->alice_account,
                                                       &error);
  g_assert_cmpuint (signed_pre_keys->len, ==, 1);

  /* An account that does not exist gets no device. */
  g_assert_null (cau_omemo_store_open (fixture->db, 999, &error));
  g_assert_error (error, CAU_DB_ERROR, CAU_DB_ERROR_NOT_FOUND);
}

static void
test_bundle_forms (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CauOmemoBundle) legacy = NULL;
  g_autoptr (CauOmemoBundle) omemo2 = NULL;

  legacy = cau_omemo_store_get_bundle (fixture->alice, CAU_DB_OMEMO_LEGACY, &error);
  g_assert_no_error (error);
  omemo2 = cau_omemo_store_get_bundle (fixture->alice, CAU_DB_OMEMO_2, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (legacy->device_id, ==, cau_omemo_store_get_device_id (fixture->alice));
  g_assert_cmpuint (g_bytes_get_size (legacy->identity_key), ==, 33);
  g_assert_cmpuint (((const guint8 *) g_bytes_get_data (legacy->identity_key, NULL))[0], ==,
                    0x05);
  g_assert_cmpuint (g_bytes_get_size (legacy->signed_pre_key), ==, 33);
  g_assert_cmpuint (g_bytes_get_size (omemo2->identity_key), ==, 32);
  g_assert_cmpuint (g_bytes_get_size (omemo2->signed_pre_key), ==, 32);
  g_assert_cmpuint (legacy->signed_pre_key_id, ==, omemo2->signed_pre_key_id);
  g_assert_cmpuint (g_bytes_get_size (legacy->signed_pre_key_signature), ==, 64);
  g_assert_false (g_bytes_equal (legacy->signed_pre_key_signature,
                                 omemo2->signed_pre_key_signature));

  /* The same keys in two forms: X25519 keys differ only by the 0x05 prefix. */
  g_assert_cmpmem ((const guint8 *) g_bytes_get_data (legacy->signed_pre_key, NULL) + 1, 32,
                   g_bytes_get_data (omemo2->signed_pre_key, NULL), 32);
  g_assert_cmpuint (legacy->pre_keys->len, ==, CAU_OMEMO_PRE_KEY_COUNT);
  g_assert_cmpuint (omemo2->pre_keys->len, ==, CAU_OMEMO_PRE_KEY_COUNT);
  for (guint i = 0; i < legacy->pre_keys->len; i++)
    {
      const CauOmemoPreKey *a = &g_array_index (legacy->pre_keys, CauOmemoPreKey, i);
      const CauOmemoPreKey *b = &g_array_index (omemo2->pre_keys, CauOmemoPreKey, i);

      g_assert_cmpuint (a->id, ==, b->id);
      g_assert_cmpuint (g_bytes_get_size (a->public_key), ==, 33);
      g_assert_cmpmem ((const guint8 *) g_bytes_get_data (a->public_key, NULL) + 1, 32,
                       g_bytes_get_data (b->public_key, NULL), 32);
    }
}

/* One side of a conversation. */
typedef struct {
  CauOmemoStore            *store;
  const char               *peer;
  guint32                   peer_device;
  CauDbOmemoVersion         version;
  signal_protocol_address   address;   /* libomemo-c keeps a pointer to it */
} Side;

static session_cipher *
side_cipher (Side *side)
{
  session_cipher *cipher = NULL;

  side->address = (signal_protocol_address) { side->peer, strlen (side->peer),
                                              (int32_t) side->peer_device };
  g_assert_cmpint (session_cipher_create (&cipher,
                                          cau_omemo_store_get_protocol (side->store,
                                                                        side->version),
                                          &side->address,
                                          cau_omemo_store_get_context (side->store)),
                   ==, 0);
  session_cipher_set_version (cipher, side->version);
  return cipher;
}

/* Encrypts `text`; *prekey says whether it carries the key exchange. */
static GBytes *
side_encrypt (Side       *side,
              const char *text,
              gboolean   *prekey)
{
  session_cipher *cipher = side_cipher (side);
  ciphertext_message *message = NULL;
  signal_buffer *serialized;
  GBytes *bytes;

  g_assert_cmpint (session_cipher_encrypt (cipher, (const guint8 *) text, strlen (text),
                                           &message), ==, 0);
  *prekey = ciphertext_message_get_type (message) == CIPHERTEXT_PREKEY_TYPE;
  serialized = ciphertext_message_get_serialized (message);
  bytes = g_bytes_new (signal_buffer_data (serialized), signal_buffer_len (serialized));
  SIGNAL_UNREF (message);
  session_cipher_free (cipher);
  return bytes;
}

/* Decrypts; returns libomemo-c's code, and the text in *text on success. */
static int
side_decrypt (Side        *side,
              GBytes      *bytes,
              gboolean     prekey,
              char       **text)
{
  session_cipher *cipher = side_cipher (side);
  signal_context *context = cau_omemo_store_get_context (side->store);
  signal_buffer *plaintext = NULL;
  gsize size = 0;
  const guint8 *data = g_bytes_get_data (bytes, &size);
  gboolean omemo2 = side->version == CAU_DB_OMEMO_2;
  int rc;

  if (prekey)
    {
      pre_key_signal_message *message = NULL;

      rc = omemo2 ? pre_key_signal_message_deserialize_omemo (&message, data, size,
                                                              side->peer_device, context)
                  : pre_key_signal_message_deserialize (&message, data, size, context);
      g_assert_cmpint (rc, ==, 0);
      rc = session_cipher_decrypt_pre_key_signal_message (cipher, message, NULL, &plaintext);
      SIGNAL_UNREF (message);
    }
  else
    {
      signal_message *message = NULL;

      rc = omemo2 ? signal_message_deserialize_omemo (&message, data, size, context)
                  : signal_message_deserialize (&message, data, size, context);
      g_assert_cmpint (rc, ==, 0);
      rc = session_cipher_decrypt_signal_message (cipher, message, NULL, &plaintext);
      SIGNAL_UNREF (message);
    }
  session_cipher_free (cipher);

  if (rc == 0)
    *text = g_strndup ((const char *) signal_buffer_data (plaintext),
                       signal_buffer_len (plaintext));
  signal_buffer_free (plaintext);
  return rc;
}

static void
assert_delivered (Side       *from,
                  Side       *to,
                  const char *text,
                  gboolean    expect_prekey)
{
  g_autoptr (GBytes) bytes = NULL;
  g_autofree char *received = NULL;
  gboolean prekey = FALSE;

  bytes = side_encrypt (from, text, &prekey);
  g_assert_cmpint (prekey, ==, expect_prekey);
  g_assert_cmpint (side_decrypt (to, bytes, prekey, &received), ==, 0);
  g_assert_cmpstr (received, ==, text);
}

static void
test_round_trip (Fixture       *fixture,
                 gconstpointer  data)
{
  CauDbOmemoVersion version = GPOINTER_TO_INT (data);
  CauDbOmemoVersion other = version == CAU_DB_OMEMO_2 ? CAU_DB_OMEMO_LEGACY : CAU_DB_OMEMO_2;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) exchange = NULL;
  g_autoptr (GArray) sessions = NULL;
  g_autofree char *text = NULL;
  g_autofree char *again = NULL;
  guint32 alice_device = cau_omemo_store_get_device_id (fixture->alice);
  guint32 bob_device = cau_omemo_store_get_device_id (fixture->bob);
  Side alice = { fixture->alice, BOB, bob_device, version };
  Side bob = { fixture->bob, ALICE, alice_device, version };
  gboolean prekey = FALSE;
  gboolean changed = FALSE;

  cau_test_omemo_build_session (fixture->alice, fixture->bob, BOB, version);

  /* Until bob answers, alice's messages carry the key exchange. */
  exchange = side_encrypt (&alice, "Hello Bob", &prekey);
  g_assert_true (prekey);
  g_assert_cmpint (side_decrypt (&bob, exchange, TRUE, &text), ==, 0);
  g_assert_cmpstr (text, ==, "Hello Bob");
  assert_delivered (&alice, &bob, "Still there?", TRUE);

  /* The pre-key left the bundle but stays until the catch-up is over. */
  g_assert_cmpuint (count_unused_pre_keys (fixture, fixture->bob_account), ==,
                    CAU_OMEMO_PRE_KEY_COUNT - 1);
  /* The same exchange again (live, then from the archive): refused as a duplicate, and
   * nothing else changes. */
  g_assert_cmpint (side_decrypt (&bob, exchange, TRUE, &again), ==, SG_ERR_DUPLICATE_MESSAGE);
  g_assert_null (again);

  assert_delivered (&bob, &alice, "Hi Alice", FALSE);
  assert_delivered (&alice, &bob, "Now without the exchange", FALSE);

  /* Everything is in the database: both stores closed and opened again. */
  cau_test_omemo_stores_reopen (fixture);
  alice.store = fixture->alice;
  bob.store = fixture->bob;
  for (guint i = 0; i < 3; i++)
    {
      assert_delivered (&alice, &bob, "Ping", FALSE);
      assert_delivered (&bob, &alice, "Pong", FALSE);
    }

  /* After the catch-up: the used pre-key goes and a new one takes its place. */
  g_assert_true (cau_omemo_store_refill_pre_keys (fixture->bob, &changed, &error));
  g_assert_no_error (error);
  g_assert_true (changed);
  g_assert_cmpuint (count_unused_pre_keys (fixture, fixture->bob_account), ==,
                    CAU_OMEMO_PRE_KEY_COUNT);
  g_assert_true (cau_omemo_store_refill_pre_keys (fixture->bob, &changed, &error));
  g_assert_false (changed);
  assert_delivered (&alice, &bob, "After the refill", FALSE);

  /* The other protocol has its own sessions: none yet. */
  sessions = cau_db_omemo_list_session_devices (fixture->db, fixture->alice_account, BOB, other,
                                                &error);
  g_assert_cmpuint (sessions->len, ==, 0);
  g_clear_pointer (&sessions, g_array_unref);
  sessions = cau_db_omemo_list_session_devices (fixture->db, fixture->alice_account, BOB,
                                                version, &error);
  g_assert_cmpuint (sessions->len, ==, 1);
  g_assert_cmpuint (g_array_index (sessions, guint32, 0), ==, bob_device);
}

/* Both protocols with one device at once: two independent ratchets. */
static void
test_both_protocols (Fixture       *fixture,
                     gconstpointer  data)
{
  guint32 alice_device = cau_omemo_store_get_device_id (fixture->alice);
  guint32 bob_device = cau_omemo_store_get_device_id (fixture->bob);
  Side alice_legacy = { fixture->alice, BOB, bob_device, CAU_DB_OMEMO_LEGACY };
  Side bob_legacy = { fixture->bob, ALICE, alice_device, CAU_DB_OMEMO_LEGACY };
  Side alice_2 = { fixture->alice, BOB, bob_device, CAU_DB_OMEMO_2 };
  Side bob_2 = { fixture->bob, ALICE, alice_device, CAU_DB_OMEMO_2 };

  cau_test_omemo_build_session (fixture->alice, fixture->bob, BOB, CAU_DB_OMEMO_LEGACY);
  cau_test_omemo_build_session (fixture->alice, fixture->bob, BOB, CAU_DB_OMEMO_2);
  assert_delivered (&alice_legacy, &bob_legacy, "legacy", TRUE);
  assert_delivered (&alice_2, &bob_2, "omemo 2", TRUE);
  assert_delivered (&bob_legacy, &alice_legacy, "legacy reply", FALSE);
  assert_delivered (&bob_2, &alice_2, "omemo 2 reply", FALSE);
  g_assert_cmpuint (count_unused_pre_keys (fixture, fixture->bob_account), <=,
                    CAU_OMEMO_PRE_KEY_COUNT - 1);
}

/* A pre-key deleted before the exchange arrives is libomemo-c's "invalid key id". */
static void
test_missing_pre_key (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CauOmemoBundle) bundle = NULL;
  g_autoptr (CauOmemoBundle) one = NULL;
  g_autoptr (GBytes) exchange = NULL;
  g_autofree char *text = NULL;
  const CauOmemoPreKey *first;
  Side alice = { fixture->alice, BOB, cau_omemo_store_get_device_id (fixture->bob),
                 CAU_DB_OMEMO_LEGACY };
  Side bob = { fixture->bob, ALICE, cau_omemo_store_get_device_id (fixture->alice),
               CAU_DB_OMEMO_LEGACY };
  gboolean prekey = FALSE;

  bundle = cau_omemo_store_get_bundle (fixture->bob, CAU_DB_OMEMO_LEGACY, &error);
  g_assert_no_error (error);
  one = cau_test_omemo_copy_bundle (bundle, 1);
  first = &g_array_index (one->pre_keys, CauOmemoPreKey, 0);
  g_assert_true (cau_omemo_store_build_session (fixture->alice, BOB, one, &error));
  g_assert_no_error (error);

  g_assert_true (cau_db_omemo_mark_pre_key_used (fixture->db, fixture->bob_account, first->id,
                                                 &error));
  g_assert_true (cau_omemo_store_refill_pre_keys (fixture->bob, NULL, &error));
  g_assert_no_error (error);

  exchange = side_encrypt (&alice, "Too late", &prekey);
  g_assert_true (prekey);
  g_assert_cmpint (side_decrypt (&bob, exchange, TRUE, &text), ==, SG_ERR_INVALID_KEY_ID);
  g_assert_null (text);
}

static void
assert_refused (Fixture        *fixture,
                CauOmemoBundle *bundle,
                gint            code)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) sessions = NULL;

  g_assert_false (cau_omemo_store_build_session (fixture->alice, BOB, bundle, &error));
  g_assert_error (error, CAU_OMEMO_ERROR, code);
  g_clear_error (&error);
  sessions = cau_db_omemo_list_session_devices (fixture->db, fixture->alice_account, BOB,
                                                bundle->version, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sessions->len, ==, 0);
}

/* What a stranger can publish as a bundle: none of it makes a session. */
static void
test_hostile_bundles (Fixture       *fixture,
                      gconstpointer  data)
{
  CauDbOmemoVersion version = GPOINTER_TO_INT (data);
  g_autoptr (GError) error = NULL;
  g_autoptr (CauOmemoBundle) good = NULL;
  CauOmemoBundle *bad;

  good = cau_omemo_store_get_bundle (fixture->bob, version, &error);
  g_assert_no_error (error);

  /* A signature that does not match (XEdDSA over the signed pre-key). */
  bad = cau_test_omemo_copy_bundle (good, G_MAXUINT);
  g_bytes_unref (bad->signed_pre_key_signature);
  bad->signed_pre_key_signature = cau_test_omemo_flip_byte (good->signed_pre_key_signature, 10,
                                                            0x01);
  assert_refused (fixture, bad, CAU_OMEMO_ERROR_AUTHENTICATION);
  cau_omemo_bundle_free (bad);

  /* A signed pre-key other than the one signed. */
  bad = cau_test_omemo_copy_bundle (good, G_MAXUINT);
  g_bytes_unref (bad->signed_pre_key);
  bad->signed_pre_key = cau_test_omemo_flip_byte (good->signed_pre_key,
                                                  g_bytes_get_size (good->signed_pre_key) - 1,
                                                  0x01);
  assert_refused (fixture, bad, CAU_OMEMO_ERROR_AUTHENTICATION);
  cau_omemo_bundle_free (bad);

  /* Keys of the other protocol's size, a truncated signature, no pre-key, device 0. */
  bad = cau_test_omemo_copy_bundle (good, G_MAXUINT);
  g_bytes_unref (bad->identity_key);
  bad->identity_key = g_bytes_new_static ("\x05short", 6);
  assert_refused (fixture, bad, CAU_OMEMO_ERROR_INVALID_INPUT);
  cau_omemo_bundle_free (bad);

  bad = cau_test_omemo_copy_bundle (good, G_MAXUINT);
  g_bytes_unref (bad->signed_pre_key_signature);
  bad->signed_pre_key_signature = g_bytes_new_static ("0123456789", 10);
  assert_refused (fixture, bad, CAU_OMEMO_ERROR_INVALID_INPUT);
  cau_omemo_bundle_free (bad);

  bad = cau_omemo_bundle_new (version, good->device_id);
  bad->identity_key = g_bytes_ref (good->identity_key);
  bad->signed_pre_key = g_bytes_ref (good->signed_pre_key);
  bad->signed_pre_key_signature = g_bytes_ref (good->signed_pre_key_signature);
  assert_refused (fixture, bad, CAU_OMEMO_ERROR_INVALID_INPUT);
  cau_omemo_bundle_free (bad);

  bad = cau_test_omemo_copy_bundle (good, G_MAXUINT);
  bad->device_id = 0;
  assert_refused (fixture, bad, CAU_OMEMO_ERROR_INVALID_INPUT);
  cau_omemo_bundle_free (bad);

  /* The genuine bundle still works after all that. */
  g_assert_true (cau_omemo_store_build_session (fixture->alice, BOB, good, &error));
  g_assert_no_error (error);
}

/* A device we have a session with that publishes another identity key is refused. */
static void
test_identity_changed (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CauOmemoBundle) genuine = NULL;
  g_autoptr (CauOmemoBundle) impostor = NULL;
  g_autoptr (CauDbOmemoDevice) device = NULL;
  gint64 mallory_account = cau_test_omemo_add_account (fixture->db, "mallory@example.com");
  g_autoptr (CauOmemoStore) mallory = cau_test_omemo_open_store (fixture->db, mallory_account);

  cau_test_omemo_build_session (fixture->alice, fixture->bob, BOB, CAU_DB_OMEMO_LEGACY);
  genuine = cau_omemo_store_get_bundle (fixture->bob, CAU_DB_OMEMO_LEGACY, &error);
  impostor = cau_omemo_store_get_bundle (mallory, CAU_DB_OMEMO_LEGACY, &error);
  g_assert_no_error (error);
  impostor->device_id = genuine->device_id;

  g_assert_false (cau_omemo_store_build_session (fixture->alice, BOB, impostor, &error));
  g_assert_error (error, CAU_OMEMO_ERROR, CAU_OMEMO_ERROR_IDENTITY_CHANGED);
  g_clear_error (&error);

  device = cau_db_omemo_get_device (fixture->db, fixture->alice_account, BOB,
                                    genuine->device_id, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (device->identity_key, genuine->identity_key));
}

/* The signed pre-key is replaced weekly; an exchange started on the old one still works until
 * the old one is a month old. */
static void
test_signed_pre_key_rotation (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CauOmemoBundle) before = NULL;
  g_autoptr(CauOmemoBundle) after = NULL;
  g_autoptr(CauOmemoBundle) stale = NULL;
  g_autoptr(GBytes) exchange = NULL;
  g_autoptr(GPtrArray) keys = NULL;
  g_autofree char *text = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  Side alice = { fixture->alice, BOB, cau_omemo_store_get_device_id (fixture->bob),
                 CAU_DB_OMEMO_LEGACY };
  Side bob = { fixture->bob, ALICE, cau_omemo_store_get_device_id (fixture->alice),
               CAU_DB_OMEMO_LEGACY };
  gboolean changed = FALSE;
  gboolean prekey = FALSE;

  before = cau_omemo_store_get_bundle (fixture->bob, CAU_DB_OMEMO_LEGACY, &error);
  g_assert_no_error (error);
  g_assert_true (cau_omemo_store_build_session (fixture->alice, BOB, before, &error));

  /* Six days on: nothing to do. */
  g_assert_true (cau_omemo_store_refill_pre_keys_at (fixture->bob, now + 6 * 86400, &changed,
                                                     &error));
  g_assert_false (changed);

  /* Eight days on: a new one, in the bundle; the old one still decrypts. */
  g_assert_true (cau_omemo_store_refill_pre_keys_at (fixture->bob, now + 8 * 86400, &changed,
                                                     &error));
  g_assert_no_error (error);
  g_assert_true (changed);
  after = cau_omemo_store_get_bundle (fixture->bob, CAU_DB_OMEMO_LEGACY, &error);
  g_assert_cmpuint (after->signed_pre_key_id, !=, before->signed_pre_key_id);
  g_assert_false (g_bytes_equal (after->signed_pre_key, before->signed_pre_key));
  exchange = side_encrypt (&alice, "On the old signed pre-key", &prekey);
  g_assert_true (prekey);
  g_assert_cmpint (side_decrypt (&bob, exchange, TRUE, &text), ==, 0);
  g_assert_cmpstr (text, ==, "On the old signed pre-key");

  /* A month on: the old one is gone; an exchange on it cannot be read. */
  g_assert_true (cau_omemo_store_refill_pre_keys_at (fixture->bob, now + 31 * 86400, &changed,
                                                     &error));
  keys = cau_db_omemo_list_signed_pre_keys (fixture->db, fixture->bob_account, &error);
  for (guint i = 0; i < keys->len; i++)
    g_assert_cmpuint (((CauDbOmemoKey *) keys->pdata[i])->id, !=, before->signed_pre_key_id);
  g_clear_pointer (&text, g_free);
  g_clear_pointer (&exchange, g_bytes_unref);
  cau_test_omemo_stores_reopen (fixture);
  alice.store = fixture->alice;
  bob.store = fixture->bob;
  g_assert_cmpint (cau_db_omemo_delete_sessions (fixture->db, fixture->alice_account, BOB, NULL,
                                                 CAU_DB_OMEMO_LEGACY, &error), ==, 1);
  /* Today's pre-keys with the old signed pre-key: only that can make it fail. */
  g_clear_pointer (&after, cau_omemo_bundle_free);
  after = cau_omemo_store_get_bundle (fixture->bob, CAU_DB_OMEMO_LEGACY, &error);
  stale = cau_test_omemo_copy_bundle (after, G_MAXUINT);
  g_bytes_unref (stale->signed_pre_key);
  g_bytes_unref (stale->signed_pre_key_signature);
  stale->signed_pre_key_id = before->signed_pre_key_id;
  stale->signed_pre_key = g_bytes_ref (before->signed_pre_key);
  stale->signed_pre_key_signature = g_bytes_ref (before->signed_pre_key_signature);
  g_assert_true (cau_omemo_store_build_session (fixture->alice, BOB, stale, &error));
  exchange = side_encrypt (&alice, "Too late", &prekey);
  g_assert_cmpint (side_decrypt (&bob, exchange, TRUE, &text), ==, SG_ERR_INVALID_KEY_ID);
  g_assert_null (text);
}

static void
add_test (const char    *name,
          gconstpointer  data,
          void         (*func) (Fixture *, gconstpointer))
{
  g_autofree char *path = g_strconcat ("/cau/omemo-store/", name, NULL);

  g_test_add (path, Fixture, data, cau_test_omemo_stores_set_up, func,
              cau_test_omemo_stores_tear_down);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GError) error = NULL;
  gconstpointer legacy = GINT_TO_POINTER (CAU_DB_OMEMO_LEGACY);
  gconstpointer omemo2 = GINT_TO_POINTER (CAU_DB_OMEMO_2);

  g_test_init (&argc, &argv, NULL);
  if (!cau_omemo_crypto_init (&error))
    g_error ("%s", error->message);

  add_test ("device-created-once", NULL, test_device_created_once);
  add_test ("bundle-forms", NULL, test_bundle_forms);
  add_test ("round-trip-legacy", legacy, test_round_trip);
  add_test ("round-trip-omemo2", omemo2, test_round_trip);
  add_test ("both-protocols", NULL, test_both_protocols);
  add_test ("missing-pre-key", NULL, test_missing_pre_key);
  add_test ("hostile-bundles-legacy", legacy, test_hostile_bundles);
  add_test ("hostile-bundles-omemo2", omemo2, test_hostile_bundles);
  add_test ("identity-changed", NULL, test_identity_changed);
  add_test ("signed-pre-key-rotation", NULL, test_signed_pre_key_rotation);

  return g_test_run ();
}
