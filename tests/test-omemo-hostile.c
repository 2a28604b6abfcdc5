/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-test-model.h"
#include "cau-test-omemo-peer.h"
#include "cau-test-prosody.h"
#include "cau-test-util.h"
#include "core/cau-account-manager.h"
#include "store/cau-db-omemo.h"

#include <string.h>

/*
 * Hostile input at the protocol level, end to end (issue 4): Causerie (alice, the model as the
 * app runs it) faces bob, her contact, whose client is an attacker (tests/interop/omemo-peer.py
 * with its test-only commands: python-omemo encrypts, the peer then alters the stanza), and
 * mallory, a stranger. Each attack must be refused with a reason alice can see, never show the
 * attacker's text where it should not be read, and leave the rest as it was: alice's devices
 * and sessions for bob unchanged, and bob's next honest message read.
 */

#define WAIT_S 30
#define ALICE   "alice@localhost"
#define BOB     "bob@localhost"
#define MALLORY "mallory@localhost"

typedef struct {
  const char            *protocol;  /* what bob speaks and writes in */
  const char            *tamper;    /* the peer's "tamper" (NULL for the bundle test) */
  CauMessageCryptoError  expected;  /* what alice shows for it */
} Scenario;

typedef struct {
  CauTestServer     server;
  CauTestOmemoPeer *bob;
  CauTestDevice    *alice;
  const Scenario   *scenario;
} Fixture;

static char *skip_reason;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  const Scenario *scenario = data;
  g_autoptr(GError) error = NULL;

  fixture->scenario = scenario;
  if (skip_reason != NULL)
    return;
  /* Mallory has an account, and is nobody's contact. */
  cau_test_server_setup (&fixture->server, (const char *[]) { "alice", "bob", "mallory", NULL },
                         (const char *[]) { "alice", "bob", NULL });
  fixture->bob = cau_test_omemo_peer_new (fixture->server.prosody, "bob", scenario->protocol,
                                          &error);
  g_assert_no_error (error);
  fixture->alice = cau_test_device_start (fixture->server.prosody, "alice", NULL, 0,
                                          fixture->server.dirs, NULL);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  if (skip_reason != NULL)
    return;
  g_clear_pointer (&fixture->alice, cau_test_device_stop);
  g_clear_pointer (&fixture->bob, cau_test_omemo_peer_free);
  cau_test_server_teardown (&fixture->server);
}

static gboolean
is_encrypted (gpointer data)
{
  return cau_conversation_get_encrypted (data);
}

static void
wait_encrypted (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  CauConversation *conversation;

  conversation = cau_account_manager_open_conversation (fixture->alice->manager,
                                                        fixture->alice->account, BOB, &error);
  g_assert_no_error (error);
  /* Bob's device list came by PEP. */
  g_assert_true (cau_test_wait_until (is_encrypted, conversation, WAIT_S));
}

/* What alice's store knows of `jid`'s OMEMO, as one line to compare: each device with its
 * lists, trust and whether its identity is known, then the devices with a session. */
static char *
omemo_state (CauTestDevice *device,
             const char    *jid)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (device->dir, "causerie.db", NULL);
  g_autoptr(CauDb) db = cau_db_open_readonly (path, &error);
  gint64 account = cau_account_get_id (device->account);
  g_autoptr(GPtrArray) devices = NULL;
  GString *state = g_string_new (NULL);

  g_assert_no_error (error);
  devices = cau_db_omemo_list_devices (db, account, jid, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < devices->len; i++)
    {
      const CauDbOmemoDevice *known = g_ptr_array_index (devices, i);

      g_string_append_printf (state, "device %u%s%s trust %d%s; ", known->device_id,
                              known->in_legacy_list ? " legacy" : "",
                              known->in_omemo2_list ? " omemo2" : "", known->trust,
                              known->identity_key != NULL ? " identity" : "");
    }
  for (CauDbOmemoVersion version = CAU_DB_OMEMO_LEGACY; version <= CAU_DB_OMEMO_2; version++)
    {
      g_autoptr(GArray) sessions = cau_db_omemo_list_session_devices (db, account, jid, version,
                                                                      &error);

      g_assert_no_error (error);
      g_string_append_printf (state, "sessions v%d:", version);
      for (guint i = 0; i < sessions->len; i++)
        g_string_append_printf (state, " %u", g_array_index (sessions, guint32, i));
      g_string_append (state, "; ");
    }
  return g_string_free (state, FALSE);
}

/* Bob writes `body` to alice, tampered with as `tamper` says (NULL: honestly). */
static void
bob_sends (Fixture    *fixture,
           const char *body,
           const char *tamper)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) sent = NULL;

  sent = cau_test_omemo_peer_command (fixture->bob, WAIT_S, &error, "send", "to", ALICE,
                                      "body", body, "protocol", fixture->scenario->protocol,
                                      tamper != NULL ? "tamper" : NULL, tamper, NULL);
  g_assert_no_error (error);
}

/* Alice's `count`th message with bob is bob's honest `body`, decrypted. */
static void
assert_read (Fixture    *fixture,
             guint       count,
             const char *body)
{
  g_autoptr(CauMessage) message = NULL;

  cau_test_device_wait_count (fixture->alice, BOB, count);
  message = cau_test_device_message_at (fixture->alice, BOB, count - 1);
  g_assert_false (cau_message_get_outgoing (message));
  g_assert_cmpint (cau_message_get_crypto_error (message), ==, CAU_MESSAGE_CRYPTO_OK);
  g_assert_true (cau_message_get_encrypted (message));
  g_assert_cmpstr (cau_message_get_body (message), ==, body);
}

/* Bob alters a message after encrypting it: alice keeps it, says why it cannot be read, and
 * shows none of its text; bob's next honest message is read, and her answer reaches him. */
static void
test_tampered (Fixture       *fixture,
               gconstpointer  data)
{
  const Scenario *scenario = data;
  CauTestDevice *alice = fixture->alice;
  g_autoptr(GError) error = NULL;
  g_autoptr(CauMessage) refused = NULL;
  g_autoptr(GVariant) received = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  if (skip_reason != NULL)
    {
      g_test_skip (skip_reason);
      return;
    }

  wait_encrypted (fixture);
  /* A session first, as between any two contacts; alice's acknowledgment goes out. */
  bob_sends (fixture, "Hostile-0 honest first", NULL);
  assert_read (fixture, 1, "Hostile-0 honest first");
  cau_test_spin (500);
  before = omemo_state (alice, BOB);
  g_assert_nonnull (strstr (before, " identity;"));

  secret = g_strdup_printf ("Hostile-1 %s, not to be shown", scenario->tamper);
  bob_sends (fixture, secret, scenario->tamper);
  cau_test_device_wait_count (alice, BOB, 2);
  refused = cau_test_device_message_at (alice, BOB, 1);
  g_assert_false (cau_message_get_outgoing (refused));
  g_assert_cmpint (cau_message_get_crypto_error (refused), ==, scenario->expected);
  g_assert_nonnull (cau_message_crypto_error_describe (cau_message_get_crypto_error (refused)));
  /* Neither the text (wherever the tampering left it readable) nor the fallback body. */
  g_assert_cmpstr (cau_message_get_body (refused), ==, "");

  /* With flip-key, alice takes the key that does not fit for a broken session and repairs it:
   * a new session from bob's bundle, and a key exchange to him. Bob's next message is written
   * before he takes it, in the old session; her answer must still be in the new one, which is
   * the only one python-omemo keeps (see keep_unanswered_state() in cau-omemo-cipher.c). */
  bob_sends (fixture, "Hostile-2 honest after", NULL);
  assert_read (fixture, 3, "Hostile-2 honest after");
  after = omemo_state (alice, BOB);
  g_assert_cmpstr (after, ==, before);

  cau_test_device_send_text (alice, BOB, "Hostile-3 alice answers");
  received = cau_test_omemo_peer_wait_message (fixture->bob, ALICE, WAIT_S, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cau_test_omemo_event_get_string (received, "body"), ==,
                   "Hostile-3 alice answers");
  g_assert_cmpuint (cau_test_device_count_messages (alice, BOB), ==, 4);
}

typedef struct {
  CauMessage      *message;
  CauMessageState  state;
} StateWait;

static gboolean
state_is (gpointer data)
{
  StateWait *wait = data;

  return cau_message_get_state (wait->message) == wait->state;
}

/* Bob's bundle carries a signed pre-key whose signature is not his identity's: alice builds no
 * session from it (her message is not sent, and says why) and records nothing of it; bob's
 * honest key exchange then works both ways. */
static void
test_bad_bundle (Fixture       *fixture,
                 gconstpointer  data)
{
  const Scenario *scenario = data;
  CauTestDevice *alice = fixture->alice;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) published = NULL;
  g_autoptr(GVariant) received = NULL;
  g_autoptr(CauMessage) refused = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  StateWait wait;

  if (skip_reason != NULL)
    {
      g_test_skip (skip_reason);
      return;
    }

  published = cau_test_omemo_peer_command (fixture->bob, WAIT_S, &error, "publish-bad-bundle",
                                           "protocol", scenario->protocol, NULL);
  g_assert_no_error (error);
  g_assert_cmpint (cau_test_omemo_event_get_int (published, "device_id", 0), ==,
                   cau_test_omemo_peer_get_device_id (fixture->bob));
  wait_encrypted (fixture);
  before = omemo_state (alice, BOB);

  cau_test_device_send_text (alice, BOB, "Hostile-b1 for a forged bundle");
  refused = cau_test_device_message_at (alice, BOB, 0);
  wait = (StateWait) { refused, CAU_MESSAGE_FAILED };
  g_assert_true (cau_test_wait_until (state_is, &wait, WAIT_S));
  g_assert_cmpint (cau_message_get_crypto_error (refused), ==, CAU_MESSAGE_CRYPTO_NO_KEYS);
  g_assert_nonnull (cau_message_crypto_error_describe (CAU_MESSAGE_CRYPTO_NO_KEYS));
  /* No session, and no identity key taken on first use from a bundle that failed. */
  after = omemo_state (alice, BOB);
  g_assert_cmpstr (after, ==, before);
  g_assert_null (strstr (after, " identity;"));

  bob_sends (fixture, "Hostile-b2 honest", NULL);
  assert_read (fixture, 2, "Hostile-b2 honest");
  cau_test_device_send_text (alice, BOB, "Hostile-b3 reaches bob");
  /* The first message bob reads from alice: the refused one never went. */
  received = cau_test_omemo_peer_wait_message (fixture->bob, ALICE, WAIT_S, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cau_test_omemo_event_get_string (received, "body"), ==,
                   "Hostile-b3 reaches bob");
}

/* Mallory, a stranger, pushes PEP-like device list notifications at alice, claiming to be bob
 * or herself (the server stamps her full JID on whatever `from` she writes). None is taken:
 * bob's devices and sessions at alice are as they were, she knows no device of mallory's, no
 * chat with her appears, and bob's next message is read. */
static void
test_stranger_device_list (Fixture       *fixture,
                           gconstpointer  data)
{
  static const char *const forged[] = {
    "<message from='bob@localhost' to='alice@localhost' type='headline'>"
    "<event xmlns='http://jabber.org/protocol/pubsub#event'>"
    "<items node='eu.siacs.conversations.axolotl.devicelist'><item id='current'>"
    "<list xmlns='eu.siacs.conversations.axolotl'><device id='66601'/></list>"
    "</item></items></event></message>",
    "<message from='bob@localhost' to='alice@localhost'>"
    "<event xmlns='http://jabber.org/protocol/pubsub#event'>"
    "<items node='urn:xmpp:omemo:2:devices'><item id='current'>"
    "<devices xmlns='urn:xmpp:omemo:2'><device id='66602'/></devices>"
    "</item></items></event></message>",
    "<message to='alice@localhost' type='headline'>"
    "<event xmlns='http://jabber.org/protocol/pubsub#event'>"
    "<items node='eu.siacs.conversations.axolotl.devicelist'><item id='current'>"
    "<list xmlns='eu.siacs.conversations.axolotl'><device id='66603'/></list>"
    "</item></items></event><body>Hostile-s body beside a device list</body></message>",
  };
  CauTestDevice *alice = fixture->alice;
  g_autoptr(GError) error = NULL;
  g_autoptr(CauTestOmemoPeer) mallory = NULL;
  g_autoptr(GVariant) pong = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *mallory_state = NULL;

  if (skip_reason != NULL)
    {
      g_test_skip (skip_reason);
      return;
    }

  mallory = cau_test_omemo_peer_new (fixture->server.prosody, "mallory", CAU_TEST_OMEMO_LEGACY,
                                     &error);
  g_assert_no_error (error);
  wait_encrypted (fixture);
  bob_sends (fixture, "Hostile-s0 honest first", NULL);
  assert_read (fixture, 1, "Hostile-s0 honest first");
  cau_test_spin (500);
  before = omemo_state (alice, BOB);

  for (guint i = 0; i < G_N_ELEMENTS (forged); i++)
    {
      g_autoptr(GVariant) sent = cau_test_omemo_peer_command (mallory, WAIT_S, &error, "raw",
                                                              "xml", forged[i], NULL);

      g_assert_no_error (error);
    }
  /* The server has taken them all; they reach alice within the spin. */
  pong = cau_test_omemo_peer_command (mallory, WAIT_S, &error, "ping", NULL);
  g_assert_no_error (error);
  cau_test_spin (1000);

  after = omemo_state (alice, BOB);
  g_assert_cmpstr (after, ==, before);
  g_assert_null (strstr (after, "6660"));
  mallory_state = omemo_state (alice, MALLORY);
  g_assert_null (strstr (mallory_state, "device"));
  g_assert_null (cau_test_device_find_conversation (alice, MALLORY));

  bob_sends (fixture, "Hostile-s1 honest after", NULL);
  assert_read (fixture, 2, "Hostile-s1 honest after");
  cau_test_spin (300);
  g_assert_cmpuint (cau_test_device_count_messages (alice, BOB), ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  static const Scenario tampered[] = {
    { CAU_TEST_OMEMO_LEGACY, "other-device", CAU_MESSAGE_CRYPTO_NOT_FOR_US },
    { CAU_TEST_OMEMO_LEGACY, "flip-key", CAU_MESSAGE_CRYPTO_BROKEN_SESSION },
    { CAU_TEST_OMEMO_LEGACY, "truncate-payload", CAU_MESSAGE_CRYPTO_INVALID },
    { CAU_TEST_OMEMO_LEGACY, "flip-tag", CAU_MESSAGE_CRYPTO_INVALID },
    { CAU_TEST_OMEMO_2, "other-device", CAU_MESSAGE_CRYPTO_NOT_FOR_US },
    { CAU_TEST_OMEMO_2, "flip-key", CAU_MESSAGE_CRYPTO_BROKEN_SESSION },
    { CAU_TEST_OMEMO_2, "truncate-payload", CAU_MESSAGE_CRYPTO_INVALID },
    { CAU_TEST_OMEMO_2, "flip-tag", CAU_MESSAGE_CRYPTO_INVALID },
  };
  static const Scenario legacy = { CAU_TEST_OMEMO_LEGACY, NULL, CAU_MESSAGE_CRYPTO_NO_KEYS };
  static const Scenario omemo2 = { CAU_TEST_OMEMO_2, NULL, CAU_MESSAGE_CRYPTO_NO_KEYS };

  g_test_init (&argc, &argv, NULL);
  cau_core_prepare_process ();

  if (!cau_test_omemo_peer_check (&error))
    skip_reason = g_strdup (error->message);

  for (guint i = 0; i < G_N_ELEMENTS (tampered); i++)
    {
      g_autofree char *path = g_strdup_printf ("/cau/omemo-hostile/%s/%s", tampered[i].protocol,
                                               tampered[i].tamper);

      g_test_add (path, Fixture, &tampered[i], fixture_setup, test_tampered, fixture_teardown);
    }
  g_test_add ("/cau/omemo-hostile/legacy/bad-bundle", Fixture, &legacy, fixture_setup,
              test_bad_bundle, fixture_teardown);
  g_test_add ("/cau/omemo-hostile/omemo2/bad-bundle", Fixture, &omemo2, fixture_setup,
              test_bad_bundle, fixture_teardown);
  g_test_add ("/cau/omemo-hostile/stranger-device-list", Fixture, &legacy, fixture_setup,
              test_stranger_device_list, fixture_teardown);
  return g_test_run ();
}
