/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */

/*
 * OMEMO messages through cau-omemo-cipher.h: one payload to several devices (the contact's
 * and our own other one), in both protocols; key transport; and what a received message
 * must not get through (a key for another device, a tampered tag, a truncated payload, a
 * device we have no session with).
 */

#include "config.h"

#include "cau-test-omemo-stores.h"

#include "omemo/cau-omemo-cipher.h"
#include "omemo/cau-omemo-crypto.h"

#include <string.h>

typedef struct {
  CauTestOmemoStores  stores;
  gint64              phone_account;   /* alice's second device */
  CauOmemoStore      *phone;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  cau_test_omemo_stores_set_up (&fixture->stores, data);
  /* Another account row for the same JID is how one database holds a second device. */
  fixture->phone_account = cau_test_omemo_add_account (fixture->stores.db,
                                                       "alice-phone@example.org");
  fixture->phone = cau_test_omemo_open_store (fixture->stores.db, fixture->phone_account);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_pointer (&fixture->phone, cau_omemo_store_free);
  cau_test_omemo_stores_tear_down (&fixture->stores, data);
}

static GBytes *
text_bytes (const char *text)
{
  return g_bytes_new (text, strlen (text));
}

static const CauOmemoKey *
find_key (const CauOmemoMessage *message,
          guint32                device_id)
{
  for (guint i = 0; i < message->keys->len; i++)
    {
      const CauOmemoKey *key = &g_array_index (message->keys, CauOmemoKey, i);

      if (key->device_id == device_id)
        return key;
    }
  return NULL;
}

/* What `store` (`to`'s device) reads from `message`, sent by `sender`. */
static gboolean
receive (CauOmemoStore          *store,
         const char             *sender,
         const CauOmemoMessage  *message,
         GBytes                **plaintext,
         GError                **error)
{
  const CauOmemoKey *key = find_key (message, cau_omemo_store_get_device_id (store));
  CauOmemoReceived received = {
    .version = message->version, .sender = sender, .sid = message->sid,
    .key = key != NULL ? key->data : NULL, .prekey = key != NULL && key->prekey,
    .iv = message->iv, .payload = message->payload,
  };

  g_assert_nonnull (key);
  return cau_omemo_decrypt (store, &received, plaintext, error);
}

static void
assert_text (GBytes     *bytes,
             const char *text)
{
  g_assert_nonnull (bytes);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), text,
                   strlen (text));
}

/* Alice writes to bob and to her phone in one message; both read it, and bob answers. */
static void
test_to_several_devices (Fixture       *fixture,
                         gconstpointer  data)
{
  CauDbOmemoVersion version = GPOINTER_TO_INT (data);
  CauTestOmemoStores *stores = &fixture->stores;
  g_autoptr (GError) error = NULL;
  g_autoptr (CauOmemoMessage) message = NULL;
  g_autoptr (CauOmemoMessage) reply = NULL;
  g_autoptr (GBytes) plaintext = NULL;
  g_autoptr (GBytes) hello = text_bytes ("Hello, with an accent: é");
  g_autoptr (GBytes) answer = text_bytes ("Hi");
  CauOmemoAddress recipients[] = {
    { CAU_TEST_BOB, cau_omemo_store_get_device_id (stores->bob) },
    { CAU_TEST_ALICE, cau_omemo_store_get_device_id (fixture->phone) },
  };
  CauOmemoAddress to_alice = { CAU_TEST_ALICE, cau_omemo_store_get_device_id (stores->alice) };

  cau_test_omemo_build_session (stores->alice, stores->bob, CAU_TEST_BOB, version);
  cau_test_omemo_build_session (stores->alice, fixture->phone, CAU_TEST_ALICE, version);

  message = cau_omemo_encrypt (stores->alice, version, hello, recipients,
                               G_N_ELEMENTS (recipients), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (message->keys->len, ==, 2);
  g_assert_cmpuint (message->failed->len, ==, 0);
  g_assert_cmpuint (message->sid, ==, cau_omemo_store_get_device_id (stores->alice));
  g_assert_true (g_array_index (message->keys, CauOmemoKey, 0).prekey);
  g_assert_cmpint (message->iv != NULL, ==, version == CAU_DB_OMEMO_LEGACY);

  g_assert_true (receive (stores->bob, CAU_TEST_ALICE, message, &plaintext, &error));
  g_assert_no_error (error);
  assert_text (plaintext, "Hello, with an accent: é");
  g_clear_pointer (&plaintext, g_bytes_unref);
  g_assert_true (receive (fixture->phone, CAU_TEST_ALICE, message, &plaintext, &error));
  assert_text (plaintext, "Hello, with an accent: é");
  g_clear_pointer (&plaintext, g_bytes_unref);

  /* The same message again: a duplicate, said as such. */
  g_assert_false (receive (stores->bob, CAU_TEST_ALICE, message, &plaintext, &error));
  g_assert_error (error, CAU_OMEMO_ERROR, CAU_OMEMO_ERROR_DUPLICATE);
  g_clear_error (&error);

  reply = cau_omemo_encrypt (stores->bob, version, answer, &to_alice, 1, &error);
  g_assert_no_error (error);
  g_assert_false (g_array_index (reply->keys, CauOmemoKey, 0).prekey);
  g_assert_true (receive (stores->alice, CAU_TEST_BOB, reply, &plaintext, &error));
  assert_text (plaintext, "Hi");
}

/* A device without a session is listed as failed; with none at all, nothing is made. */
static void
test_no_session (Fixture       *fixture,
                 gconstpointer  data)
{
  CauTestOmemoStores *stores = &fixture->stores;
  g_autoptr (GError) error = NULL;
  g_autoptr (CauOmemoMessage) message = NULL;
  g_autoptr (GBytes) hello = text_bytes ("Hello");
  CauOmemoAddress recipients[] = {
    { CAU_TEST_BOB, cau_omemo_store_get_device_id (stores->bob) },
    { CAU_TEST_ALICE, cau_omemo_store_get_device_id (fixture->phone) },
  };

  message = cau_omemo_encrypt (stores->alice, CAU_DB_OMEMO_LEGACY, hello, recipients,
                               G_N_ELEMENTS (recipients), &error);
  g_assert_error (error, CAU_OMEMO_ERROR, CAU_OMEMO_ERROR_NO_SESSION);
  g_assert_null (message);
  g_clear_error (&error);

  cau_test_omemo_build_session (stores->alice, stores->bob, CAU_TEST_BOB, CAU_DB_OMEMO_LEGACY);
  message = cau_omemo_encrypt (stores->alice, CAU_DB_OMEMO_LEGACY, hello, recipients,
                               G_N_ELEMENTS (recipients), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (message->keys->len, ==, 1);
  g_assert_cmpuint (message->failed->len, ==, 1);
  g_assert_cmpuint (g_array_index (message->failed, CauOmemoAddress, 0).device_id, ==,
                    recipients[1].device_id);

  /* A session of the other protocol does not count. */
  g_clear_pointer (&message, cau_omemo_message_free);
  message = cau_omemo_encrypt (stores->alice, CAU_DB_OMEMO_2, hello, recipients, 1, &error);
  g_assert_error (error, CAU_OMEMO_ERROR, CAU_OMEMO_ERROR_NO_SESSION);
}

/* An empty message sets a session up (XEP-0384 key transport): no payload, nothing to show. */
static void
test_key_transport (Fixture       *fixture,
                    gconstpointer  data)
{
  CauDbOmemoVersion version = GPOINTER_TO_INT (data);
  CauTestOmemoStores *stores = &fixture->stores;
  g_autoptr (GError) error = NULL;
  g_autoptr (CauOmemoMessage) message = NULL;
  g_autoptr (CauOmemoMessage) reply = NULL;
  g_autoptr (GBytes) plaintext = NULL;
  g_autoptr (GBytes) hello = text_bytes ("Now the real message");
  CauOmemoAddress to_bob = { CAU_TEST_BOB, cau_omemo_store_get_device_id (stores->bob) };
  CauOmemoAddress to_alice = { CAU_TEST_ALICE, cau_omemo_store_get_device_id (stores->alice) };

  cau_test_omemo_build_session (stores->alice, stores->bob, CAU_TEST_BOB, version);
  message = cau_omemo_encrypt (stores->alice, version, NULL, &to_bob, 1, &error);
  g_assert_no_error (error);
  g_assert_null (message->payload);
  g_assert_cmpint (message->iv != NULL, ==, version == CAU_DB_OMEMO_LEGACY);
  g_assert_true (receive (stores->bob, CAU_TEST_ALICE, message, &plaintext, &error));
  g_assert_no_error (error);
  g_assert_null (plaintext);

  /* Bob can now write first, with no key exchange of his own. */
  reply = cau_omemo_encrypt (stores->bob, version, hello, &to_alice, 1, &error);
  g_assert_no_error (error);
  g_assert_false (g_array_index (reply->keys, CauOmemoKey, 0).prekey);
  g_assert_true (receive (stores->alice, CAU_TEST_BOB, reply, &plaintext, &error));
  assert_text (plaintext, "Now the real message");
}

/* Hostile messages are refused with a reason, and the session still works afterwards. */
static void
test_hostile_messages (Fixture       *fixture,
                       gconstpointer  data)
{
  CauDbOmemoVersion version = GPOINTER_TO_INT (data);
  CauTestOmemoStores *stores = &fixture->stores;
  g_autoptr (GError) error = NULL;
  g_autoptr (CauOmemoMessage) first = NULL;
  g_autoptr (CauOmemoMessage) second = NULL;
  g_autoptr (GBytes) plaintext = NULL;
  g_autoptr (GBytes) hello = text_bytes ("Hello");
  g_autoptr (GBytes) bad_payload = NULL;
  g_autoptr (GBytes) truncated = NULL;
  g_autoptr (GBytes) bad_key = NULL;
  CauOmemoAddress to_bob = { CAU_TEST_BOB, cau_omemo_store_get_device_id (stores->bob) };
  CauOmemoAddress to_alice = { CAU_TEST_ALICE, cau_omemo_store_get_device_id (stores->alice) };
  const CauOmemoKey *key;
  CauOmemoReceived received;

  cau_test_omemo_build_session (stores->alice, stores->bob, CAU_TEST_BOB, version);
  first = cau_omemo_encrypt (stores->alice, version, hello, &to_bob, 1, &error);
  g_assert_no_error (error);
  g_assert_true (receive (stores->bob, CAU_TEST_ALICE, first, &plaintext, &error));
  g_clear_pointer (&plaintext, g_bytes_unref);
  /* Bob answers, so that alice's next messages are plain ratchet messages, whose last bytes
   * are their MAC. */
  g_clear_pointer (&first, cau_omemo_message_free);
  first = cau_omemo_encrypt (stores->bob, version, hello, &to_alice, 1, &error);
  g_assert_true (receive (stores->alice, CAU_TEST_BOB, first, &plaintext, &error));
  g_clear_pointer (&plaintext, g_bytes_unref);

  second = cau_omemo_encrypt (stores->alice, version, hello, &to_bob, 1, &error);
  key = &g_array_index (second->keys, CauOmemoKey, 0);
  g_assert_false (key->prekey);
  received = (CauOmemoReceived) {
    .version = version, .sender = CAU_TEST_ALICE, .sid = second->sid, .key = key->data,
    .prekey = key->prekey, .iv = second->iv, .payload = second->payload,
  };

  /* A key for another device, or from someone else's address: no session matches. */
  received.sid = second->sid ^ 1;
  g_assert_false (cau_omemo_decrypt (stores->bob, &received, &plaintext, &error));
  g_assert_error (error, CAU_OMEMO_ERROR, CAU_OMEMO_ERROR_NO_SESSION);
  g_clear_error (&error);
  received.sid = second->sid;
  received.sender = "mallory@example.com";
  g_assert_false (cau_omemo_decrypt (stores->bob, &received, &plaintext, &error));
  g_assert_error (error, CAU_OMEMO_ERROR, CAU_OMEMO_ERROR_NO_SESSION);
  g_clear_error (&error);
  received.sender = CAU_TEST_ALICE;

  /* A key whose MAC does not match. */
  bad_key = cau_test_omemo_flip_byte (key->data, g_bytes_get_size (key->data) - 3, 0x80);
  received.key = bad_key;
  g_assert_false (cau_omemo_decrypt (stores->bob, &received, &plaintext, &error));
  g_assert_error (error, CAU_OMEMO_ERROR, CAU_OMEMO_ERROR_BAD_KEY);
  g_clear_error (&error);
  received.key = key->data;

  /* A key truncated to nothing. */
  received.key = g_bytes_new_static ("", 0);
  g_assert_false (cau_omemo_decrypt (stores->bob, &received, &plaintext, &error));
  g_assert_error (error, CAU_OMEMO_ERROR, CAU_OMEMO_ERROR_BAD_KEY);
  g_clear_error (&error);
  g_bytes_unref ((GBytes *) received.key);
  received.key = key->data;

  /* A tampered payload (the GCM tag, or OMEMO 2's HMAC, fails): the key was genuine, so the
   * ratchet moves on; the message is refused. */
  bad_payload = cau_test_omemo_flip_byte (second->payload, 0, 0x80);
  received.payload = bad_payload;
  g_assert_false (cau_omemo_decrypt (stores->bob, &received, &plaintext, &error));
  g_assert_error (error, CAU_OMEMO_ERROR, CAU_OMEMO_ERROR_AUTHENTICATION);
  g_clear_error (&error);
  g_assert_null (plaintext);

  /* A truncated payload of the next message. */
  g_clear_pointer (&second, cau_omemo_message_free);
  second = cau_omemo_encrypt (stores->alice, version, hello, &to_bob, 1, &error);
  key = &g_array_index (second->keys, CauOmemoKey, 0);
  truncated = g_bytes_new_from_bytes (second->payload, 0, g_bytes_get_size (second->payload) / 2);
  received.key = key->data;
  received.iv = second->iv;
  received.payload = truncated;
  g_assert_false (cau_omemo_decrypt (stores->bob, &received, &plaintext, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  /* After all that, a genuine message still decrypts. */
  g_clear_pointer (&second, cau_omemo_message_free);
  second = cau_omemo_encrypt (stores->alice, version, hello, &to_bob, 1, &error);
  g_assert_true (receive (stores->bob, CAU_TEST_ALICE, second, &plaintext, &error));
  g_assert_no_error (error);
  assert_text (plaintext, "Hello");
}

/* Alice repairs her session with bob (a new one from his bundle) while a message of his in the
 * old one is on its way: she reads it, and still writes in the new session, with its key
 * exchange, until bob answers in it. A peer that keeps one session per device (python-omemo)
 * has dropped the old one once it took the key exchange. */
static void
test_repair_kept (Fixture       *fixture,
                  gconstpointer  data)
{
  CauDbOmemoVersion version = GPOINTER_TO_INT (data);
  CauTestOmemoStores *stores = &fixture->stores;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) text = text_bytes ("text");
  g_autoptr (GBytes) late_text = text_bytes ("late");
  g_autoptr (GBytes) plaintext = NULL;
  g_autoptr (CauOmemoMessage) first = NULL;
  g_autoptr (CauOmemoMessage) answer = NULL;
  g_autoptr (CauOmemoMessage) late = NULL;
  g_autoptr (CauOmemoMessage) after = NULL;
  g_autoptr (CauOmemoMessage) acknowledgment = NULL;
  g_autoptr (CauOmemoMessage) last = NULL;
  CauOmemoAddress to_bob = { CAU_TEST_BOB, cau_omemo_store_get_device_id (stores->bob) };
  CauOmemoAddress to_alice = { CAU_TEST_ALICE, cau_omemo_store_get_device_id (stores->alice) };

  cau_test_omemo_build_session (stores->alice, stores->bob, CAU_TEST_BOB, version);
  first = cau_omemo_encrypt (stores->alice, version, text, &to_bob, 1, &error);
  g_assert_true (receive (stores->bob, CAU_TEST_ALICE, first, NULL, &error));
  answer = cau_omemo_encrypt (stores->bob, version, text, &to_alice, 1, &error);
  g_assert_true (receive (stores->alice, CAU_TEST_BOB, answer, NULL, &error));
  late = cau_omemo_encrypt (stores->bob, version, late_text, &to_alice, 1, &error);
  g_assert_no_error (error);

  cau_test_omemo_build_session (stores->alice, stores->bob, CAU_TEST_BOB, version);
  g_assert_true (receive (stores->alice, CAU_TEST_BOB, late, &plaintext, &error));
  g_assert_no_error (error);
  assert_text (plaintext, "late");
  g_clear_pointer (&plaintext, g_bytes_unref);

  after = cau_omemo_encrypt (stores->alice, version, text, &to_bob, 1, &error);
  g_assert_no_error (error);
  g_assert_true (g_array_index (after->keys, CauOmemoKey, 0).prekey);
  g_assert_true (receive (stores->bob, CAU_TEST_ALICE, after, NULL, &error));
  g_assert_no_error (error);

  /* Bob's answer in the new session: the key exchange is done. */
  acknowledgment = cau_omemo_encrypt (stores->bob, version, text, &to_alice, 1, &error);
  g_assert_true (receive (stores->alice, CAU_TEST_BOB, acknowledgment, NULL, &error));
  g_assert_no_error (error);
  last = cau_omemo_encrypt (stores->alice, version, text, &to_bob, 1, &error);
  g_assert_false (g_array_index (last->keys, CauOmemoKey, 0).prekey);
  g_assert_true (receive (stores->bob, CAU_TEST_ALICE, last, NULL, &error));
  g_assert_no_error (error);
}

static void
add_test (const char    *name,
          gconstpointer  data,
          void         (*func) (Fixture *, gconstpointer))
{
  g_autofree char *path = g_strconcat ("/cau/omemo-cipher/", name, NULL);

  g_test_add (path, Fixture, data, fixture_set_up, func, fixture_tear_down);
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

  add_test ("several-devices-legacy", legacy, test_to_several_devices);
  add_test ("several-devices-omemo2", omemo2, test_to_several_devices);
  add_test ("no-session", NULL, test_no_session);
  add_test ("key-transport-legacy", legacy, test_key_transport);
  add_test ("key-transport-omemo2", omemo2, test_key_transport);
  add_test ("hostile-legacy", legacy, test_hostile_messages);
  add_test ("hostile-omemo2", omemo2, test_hostile_messages);
  add_test ("repair-kept-legacy", legacy, test_repair_kept);
  add_test ("repair-kept-omemo2", omemo2, test_repair_kept);

  return g_test_run ();
}
