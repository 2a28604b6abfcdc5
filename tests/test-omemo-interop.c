/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-test-model.h"
#include "cau-test-omemo-peer.h"
#include "cau-test-prosody.h"
#include "cau-test-util.h"
#include "core/cau-account-manager.h"

/*
 * OMEMO with an implementation nobody here wrote: Causerie (alice, the model as the app runs
 * it) and Debian's python-omemo with python-oldmemo and python-twomemo (bob,
 * tests/interop/omemo-peer.py) talk through the test Prosody, both ways, twice: the first
 * message each way carries a key exchange, the next ones use the session. Bob speaks legacy
 * OMEMO, or OMEMO 2, or both (then Causerie writes to him in OMEMO 2).
 */

typedef struct {
  const char *peer_protocols;  /* what bob publishes */
  const char *protocol;        /* what each side writes in */
} Scenario;

#define WAIT_S 30
#define ALICE "alice@localhost"
#define BOB   "bob@localhost"

typedef struct {
  CauTestServer     server;
  CauTestOmemoPeer *bob;
} Fixture;

static char *skip_reason;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  if (skip_reason != NULL)
    return;
  cau_test_server_setup (&fixture->server, (const char *[]) { "alice", "bob", NULL },
                         (const char *[]) { "alice", "bob", NULL });
  fixture->bob = cau_test_omemo_peer_new (fixture->server.prosody, "bob",
                                          ((const Scenario *) data)->peer_protocols, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  if (skip_reason != NULL)
    return;
  g_clear_pointer (&fixture->bob, cau_test_omemo_peer_free);
  cau_test_server_teardown (&fixture->server);
}

static gboolean
is_encrypted (gpointer data)
{
  return cau_conversation_get_encrypted (data);
}

static void
assert_peer_receives (Fixture        *fixture,
                      const Scenario *scenario,
                      const char     *body)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) event = NULL;

  event = cau_test_omemo_peer_wait_message (fixture->bob, ALICE, WAIT_S, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cau_test_omemo_event_get_string (event, "body"), ==, body);
  g_assert_true (cau_test_omemo_event_get_boolean (event, "encrypted", FALSE));
  g_assert_cmpstr (cau_test_omemo_event_get_string (event, "protocol"), ==, scenario->protocol);
}

static void
assert_causerie_receives (CauTestDevice *alice,
                          guint          count,
                          const char    *body)
{
  g_autoptr(CauMessage) message = NULL;

  cau_test_device_wait_count (alice, BOB, count);
  message = cau_test_device_message_at (alice, BOB, count - 1);
  g_assert_false (cau_message_get_outgoing (message));
  g_assert_cmpint (cau_message_get_crypto_error (message), ==, CAU_MESSAGE_CRYPTO_OK);
  g_assert_true (cau_message_get_encrypted (message));
  g_assert_cmpstr (cau_message_get_body (message), ==, body);
}

static void
test_both_ways (Fixture       *fixture,
                gconstpointer  data)
{
  const Scenario *scenario = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) sent = NULL;
  CauTestDevice *alice;
  CauConversation *conversation;

  if (skip_reason != NULL)
    {
      g_test_skip (skip_reason);
      return;
    }

  alice = cau_test_device_start (fixture->server.prosody, "alice", NULL, 0, fixture->server.dirs,
                                 NULL);
  conversation = cau_account_manager_open_conversation (alice->manager, alice->account, BOB,
                                                        &error);
  g_assert_no_error (error);
  /* Bob's device list comes by PEP: the chat is encrypted by default. */
  g_assert_true (cau_test_wait_until (is_encrypted, conversation, WAIT_S));

  /* Causerie starts the session from python-omemo's bundle. */
  cau_test_device_send_text (alice, BOB, "Interop-a1 from Causerie, é ✓");
  assert_peer_receives (fixture, scenario, "Interop-a1 from Causerie, é ✓");

  sent = cau_test_omemo_peer_send (fixture->bob, ALICE, "Interop-b1 from python-omemo",
                                   scenario->protocol, &error);
  g_assert_no_error (error);
  assert_causerie_receives (alice, 2, "Interop-b1 from python-omemo");

  /* The session, both ways, with no key exchange any more. */
  cau_test_device_send_text (alice, BOB, "Interop-a2 <b>not markup</b>");
  assert_peer_receives (fixture, scenario, "Interop-a2 <b>not markup</b>");
  g_clear_pointer (&sent, g_variant_unref);
  sent = cau_test_omemo_peer_send (fixture->bob, ALICE, "Interop-b2\nsecond line",
                                   scenario->protocol, &error);
  g_assert_no_error (error);
  assert_causerie_receives (alice, 4, "Interop-b2\nsecond line");

  cau_test_device_stop (alice);
}

/* python-omemo writes first: Causerie takes the key exchange. */
static void
test_peer_first (Fixture       *fixture,
                 gconstpointer  data)
{
  const Scenario *scenario = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) sent = NULL;
  CauTestDevice *alice;

  if (skip_reason != NULL)
    {
      g_test_skip (skip_reason);
      return;
    }

  alice = cau_test_device_start (fixture->server.prosody, "alice", NULL, 0, fixture->server.dirs,
                                 NULL);
  /* Wait for alice's bundle to be there for bob: her device list reaches him. */
  cau_test_spin (1000);
  sent = cau_test_omemo_peer_send (fixture->bob, ALICE, "Interop-b0 first", scenario->protocol,
                                   &error);
  g_assert_no_error (error);
  assert_causerie_receives (alice, 1, "Interop-b0 first");

  cau_test_device_send_text (alice, BOB, "Interop-a0 answer");
  assert_peer_receives (fixture, scenario, "Interop-a0 answer");

  cau_test_device_stop (alice);
}

/* Bob has two devices: python-omemo speaking legacy OMEMO only, and Causerie. One message of
 * alice's carries an <encrypted/> of each protocol, and each device reads its own. */
static void
test_mixed_devices (Fixture       *fixture,
                    gconstpointer  data)
{
  const Scenario *scenario = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CauMessage) at_bob = NULL;
  CauTestDevice *alice, *bob;
  CauConversation *conversation;

  if (skip_reason != NULL)
    {
      g_test_skip (skip_reason);
      return;
    }

  bob = cau_test_device_start (fixture->server.prosody, "bob", NULL, 0, fixture->server.dirs,
                               NULL);
  alice = cau_test_device_start (fixture->server.prosody, "alice", NULL, 0, fixture->server.dirs,
                                 NULL);
  conversation = cau_account_manager_open_conversation (alice->manager, alice->account, BOB,
                                                        &error);
  g_assert_no_error (error);
  g_assert_true (cau_test_wait_until (is_encrypted, conversation, WAIT_S));
  /* Both of bob's devices are in his lists by now. */
  cau_test_spin (1000);

  cau_test_device_send_text (alice, BOB, "Interop-m1 to both of bob's devices");
  assert_peer_receives (fixture, scenario, "Interop-m1 to both of bob's devices");
  cau_test_device_wait_count (bob, ALICE, 1);
  at_bob = cau_test_device_message_at (bob, ALICE, 0);
  g_assert_cmpstr (cau_message_get_body (at_bob), ==, "Interop-m1 to both of bob's devices");
  g_assert_true (cau_message_get_encrypted (at_bob));

  cau_test_device_stop (alice);
  cau_test_device_stop (bob);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  static const Scenario legacy = { CAU_TEST_OMEMO_LEGACY, CAU_TEST_OMEMO_LEGACY };
  static const Scenario omemo2 = { CAU_TEST_OMEMO_2, CAU_TEST_OMEMO_2 };
  /* Causerie writes in OMEMO 2 to a device that offers both. */
  static const Scenario both = { CAU_TEST_OMEMO_BOTH, CAU_TEST_OMEMO_2 };

  g_test_init (&argc, &argv, NULL);
  cau_core_prepare_process ();

  if (!cau_test_omemo_peer_check (&error))
    skip_reason = g_strdup (error->message);

  g_test_add ("/cau/omemo-interop/legacy", Fixture, &legacy, fixture_setup, test_both_ways,
              fixture_teardown);
  g_test_add ("/cau/omemo-interop/legacy-peer-first", Fixture, &legacy, fixture_setup,
              test_peer_first, fixture_teardown);
  g_test_add ("/cau/omemo-interop/omemo2", Fixture, &omemo2, fixture_setup, test_both_ways,
              fixture_teardown);
  g_test_add ("/cau/omemo-interop/omemo2-peer-first", Fixture, &omemo2, fixture_setup,
              test_peer_first, fixture_teardown);
  g_test_add ("/cau/omemo-interop/both", Fixture, &both, fixture_setup, test_both_ways,
              fixture_teardown);
  g_test_add ("/cau/omemo-interop/mixed-devices", Fixture, &legacy, fixture_setup,
              test_mixed_devices, fixture_teardown);
  return g_test_run ();
}
