/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-test-omemo-peer.h"
#include "cau-test-prosody.h"

/*
 * The interop harness tested on itself: two OMEMO peers built on Debian's
 * python-omemo (tests/interop/omemo-peer.py), alice and bob, talk through
 * the test Prosody, both ways, in legacy OMEMO and in OMEMO 2.  The first
 * message each way carries a key exchange, the next ones use the session.
 * As contacts, each follows the other's device list by PEP notifications;
 * as strangers, they can still fetch each other's device lists and bundles
 * (published with the open access model), even when the device list nodes
 * were first made by an older client with Prosody's default (presence)
 * access model, and list a device that has no bundle.
 */

#define GONE_DEVICE 4242

#define ROUNDS    2
#define MESSAGE_S 30

typedef struct {
  CauTestProsody   *prosody;
  CauTestOmemoPeer *alice;
  CauTestOmemoPeer *bob;
} Fixture;

typedef struct {
  const char *alice_protocols;
  const char *bob_protocols;
  /* the protocol of each message, in turn */
  const char *protocols[2];
  gboolean    strangers;  /* not in each other's roster, and alice's stale nodes */
} Scenario;

static char *skip_reason;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  const Scenario *scenario = data;
  g_autoptr(GError) error = NULL;

  if (skip_reason != NULL)
    return;
  fixture->prosody = cau_test_prosody_start (NULL, &error);
  g_assert_no_error (error);
  g_assert_true (cau_test_prosody_register (fixture->prosody, "alice", "alice-pw", &error));
  g_assert_true (cau_test_prosody_register (fixture->prosody, "bob", "bob-pw", &error));
  if (!scenario->strangers)
    g_assert_true (cau_test_prosody_make_contacts (fixture->prosody, "alice", "bob", &error));
  else
    {
      g_autofree char *legacy_list = g_strdup_printf (
        "<item xmlns='http://jabber.org/protocol/pubsub' id='current'>"
        "<list xmlns='eu.siacs.conversations.axolotl'><device id='%u'/></list></item>",
        GONE_DEVICE);
      g_autofree char *omemo2_list = g_strdup_printf (
        "<item xmlns='http://jabber.org/protocol/pubsub' id='current'>"
        "<devices xmlns='urn:xmpp:omemo:2'><device id='%u'/></devices></item>", GONE_DEVICE);

      g_assert_true (cau_test_prosody_publish (fixture->prosody, "alice",
                                               "eu.siacs.conversations.axolotl.devicelist",
                                               legacy_list, &error));
      g_assert_true (cau_test_prosody_publish (fixture->prosody, "alice",
                                               "urn:xmpp:omemo:2:devices", omemo2_list, &error));
    }
  g_assert_no_error (error);
  fixture->alice = cau_test_omemo_peer_start (fixture->prosody, "alice",
                                              scenario->alice_protocols, &error);
  g_assert_no_error (error);
  fixture->bob = cau_test_omemo_peer_start (fixture->prosody, "bob", scenario->bob_protocols,
                                            &error);
  g_assert_no_error (error);
  g_assert_true (cau_test_omemo_peer_wait_ready (fixture->alice, &error));
  g_assert_no_error (error);
  g_assert_true (cau_test_omemo_peer_wait_ready (fixture->bob, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (cau_test_omemo_peer_get_device_id (fixture->alice), !=, 0);
  g_assert_cmpuint (cau_test_omemo_peer_get_device_id (fixture->bob), !=, 0);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_clear_pointer (&fixture->alice, cau_test_omemo_peer_free);
  g_clear_pointer (&fixture->bob, cau_test_omemo_peer_free);
  g_clear_pointer (&fixture->prosody, cau_test_prosody_free);
}

static gboolean
variant_array_has_int (GVariant *array,
                       gint64    wanted)
{
  for (gsize i = 0; array != NULL && i < g_variant_n_children (array); i++)
    {
      g_autoptr(GVariant) boxed = g_variant_get_child_value (array, i);
      g_autoptr(GVariant) value = g_variant_get_variant (boxed);

      if (g_variant_is_of_type (value, G_VARIANT_TYPE_INT64) && g_variant_get_int64 (value) == wanted)
        return TRUE;
    }
  return FALSE;
}

typedef struct {
  const char *jid;
  const char *protocol;
  gint64      device_id;
} DeviceListWanted;

static gboolean
is_device_list (GVariant *event,
                gpointer  data)
{
  const DeviceListWanted *wanted = data;
  g_autoptr(GVariant) devices = NULL;

  if (g_strcmp0 (cau_test_omemo_event_get_string (event, "event"), "devicelist") != 0
      || g_strcmp0 (cau_test_omemo_event_get_string (event, "jid"), wanted->jid) != 0
      || g_strcmp0 (cau_test_omemo_event_get_string (event, "protocol"), wanted->protocol) != 0)
    return FALSE;
  devices = g_variant_lookup_value (event, "devices", G_VARIANT_TYPE ("av"));
  return variant_array_has_int (devices, wanted->device_id);
}

/* `peer` has been told by PEP that `other`'s device speaks `protocol`. */
static void
check_follows (CauTestOmemoPeer *peer,
               CauTestOmemoPeer *other,
               const char       *protocol)
{
  DeviceListWanted wanted = {
    cau_test_omemo_peer_get_jid (other), protocol, cau_test_omemo_peer_get_device_id (other),
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) event = cau_test_omemo_peer_wait_event (peer, is_device_list, &wanted,
                                                              MESSAGE_S, &error);

  g_assert_no_error (error);
  g_assert_nonnull (event);
}

/* `from` sends `body` to `to` with `protocol`; `to` must decrypt exactly it. */
static void
check_message (CauTestOmemoPeer *from,
               CauTestOmemoPeer *to,
               const char       *protocol,
               const char       *body)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) sent = NULL;
  g_autoptr(GVariant) devices = NULL;
  g_autoptr(GVariant) received = NULL;

  sent = cau_test_omemo_peer_send (from, cau_test_omemo_peer_get_jid (to), body, protocol, &error);
  g_assert_no_error (error);
  /* Encrypted for the recipient's device, not for one without a bundle. */
  devices = g_variant_lookup_value (sent, "devices", G_VARIANT_TYPE ("av"));
  g_assert_nonnull (devices);
  g_assert_true (variant_array_has_int (devices, cau_test_omemo_peer_get_device_id (to)));
  g_assert_false (variant_array_has_int (devices, GONE_DEVICE));

  received = cau_test_omemo_peer_wait_message (to, cau_test_omemo_peer_get_jid (from), MESSAGE_S,
                                               &error);
  g_assert_no_error (error);
  g_assert_true (cau_test_omemo_event_get_boolean (received, "encrypted", FALSE));
  g_assert_cmpstr (cau_test_omemo_event_get_string (received, "protocol"), ==, protocol);
  g_assert_cmpint (cau_test_omemo_event_get_int (received, "device", 0), ==,
                   cau_test_omemo_peer_get_device_id (from));
  g_assert_cmpstr (cau_test_omemo_event_get_string (received, "body"), ==, body);
}

/* The other commands: what the peer knows of bob's devices, a round trip
 * to the server, and an error answer. */
static void
check_commands (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) devices = NULL;
  g_autoptr(GVariant) list = NULL;
  g_autoptr(GVariant) pong = NULL;
  g_autoptr(GVariant) refused = NULL;
  gboolean found = FALSE;

  devices = cau_test_omemo_peer_command (fixture->alice, MESSAGE_S, &error, "devices",
                                         "jid", cau_test_omemo_peer_get_jid (fixture->bob), NULL);
  g_assert_no_error (error);
  list = g_variant_lookup_value (devices, "devices", G_VARIANT_TYPE ("av"));
  g_assert_nonnull (list);
  for (gsize i = 0; i < g_variant_n_children (list); i++)
    {
      g_autoptr(GVariant) boxed = g_variant_get_child_value (list, i);
      g_autoptr(GVariant) device = g_variant_get_variant (boxed);

      if (g_variant_is_of_type (device, G_VARIANT_TYPE_VARDICT)
          && cau_test_omemo_event_get_int (device, "id", 0)
             == cau_test_omemo_peer_get_device_id (fixture->bob))
        found = TRUE;
    }
  g_assert_true (found);

  pong = cau_test_omemo_peer_command (fixture->alice, MESSAGE_S, &error, "ping", NULL);
  g_assert_no_error (error);
  g_assert_cmpstr (cau_test_omemo_event_get_string (pong, "event"), ==, "pong");

  refused = cau_test_omemo_peer_send (fixture->alice, cau_test_omemo_peer_get_jid (fixture->bob),
                                      "never sent", "omemo3", &error);
  g_assert_null (refused);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
}

static void
test_conversation (Fixture       *fixture,
                   gconstpointer  data)
{
  const Scenario *scenario = data;

  if (skip_reason != NULL)
    {
      g_test_skip (skip_reason);
      return;
    }
  /* Each notification is taken once: one check per protocol. */
  if (!scenario->strangers)
    for (guint i = 0; i < G_N_ELEMENTS (scenario->protocols); i++)
      if (i == 0 || g_strcmp0 (scenario->protocols[i], scenario->protocols[0]) != 0)
        {
          check_follows (fixture->alice, fixture->bob, scenario->protocols[i]);
          check_follows (fixture->bob, fixture->alice, scenario->protocols[i]);
        }
  for (guint round = 0; round < ROUNDS; round++)
    for (guint i = 0; i < G_N_ELEMENTS (scenario->protocols); i++)
      {
        const char *protocol = scenario->protocols[i];
        /* Markup, quotes, non-ASCII, astral plane, a line break: all must
         * come back byte for byte. */
        g_autofree char *to_bob = g_strdup_printf ("Bonjour « Bob » <b>&amp;</b> \"%s\" ✓ 🎉\n#%u",
                                                   protocol, round);
        g_autofree char *to_alice = g_strdup_printf ("Salut Alice, ça marche en %s 🔐 #%u",
                                                     protocol, round);

        check_message (fixture->alice, fixture->bob, protocol, to_bob);
        check_message (fixture->bob, fixture->alice, protocol, to_alice);
      }
  check_commands (fixture);
}

static const Scenario legacy = {
  CAU_TEST_OMEMO_LEGACY, CAU_TEST_OMEMO_LEGACY, { CAU_TEST_OMEMO_LEGACY, CAU_TEST_OMEMO_LEGACY },
};
static const Scenario omemo2 = {
  CAU_TEST_OMEMO_2, CAU_TEST_OMEMO_2, { CAU_TEST_OMEMO_2, CAU_TEST_OMEMO_2 },
};
/* One identity, both versions: sessions of each kind side by side, between
 * strangers (each peer start costs a second of CPU: no separate scenario). */
static const Scenario both_strangers = {
  CAU_TEST_OMEMO_BOTH, CAU_TEST_OMEMO_BOTH, { CAU_TEST_OMEMO_LEGACY, CAU_TEST_OMEMO_2 }, TRUE,
};

static void
test_json (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) event = NULL;
  g_autoptr(GVariant) list = NULL;
  const char *bad[] = {
    "", "{", "{\"a\":}", "{\"a\":1,}", "[1 2]", "\"\\ud800\"", "\"\\x\"", "{\"a\":1} x",
    "\"a\tb\"", "01x", "\"\\u0000\"", "tru",
  };

  event = cau_test_omemo_parse_json (
    " {\"event\": \"message\", \"body\": \"a\\\"b\\\\c\\n\\u00e9\\ud83c\\udf89\","
    " \"device\": -42, \"encrypted\": true, \"x\": null, \"f\": 1.5e1,"
    " \"devices\": [1, 2], \"o\": {}} ", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cau_test_omemo_event_get_string (event, "event"), ==, "message");
  g_assert_cmpstr (cau_test_omemo_event_get_string (event, "body"), ==, "a\"b\\c\né🎉");
  g_assert_cmpint (cau_test_omemo_event_get_int (event, "device", 0), ==, -42);
  g_assert_true (cau_test_omemo_event_get_boolean (event, "encrypted", FALSE));
  g_assert_null (cau_test_omemo_event_get_string (event, "device"));
  g_assert_cmpint (cau_test_omemo_event_get_int (event, "missing", 7), ==, 7);
  list = g_variant_lookup_value (event, "devices", G_VARIANT_TYPE ("av"));
  g_assert_true (variant_array_has_int (list, 2));
  g_assert_false (variant_array_has_int (list, 3));

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) parse_error = NULL;
      g_autoptr(GVariant) value = cau_test_omemo_parse_json (bad[i], &parse_error);

      g_assert_null (value);
      g_assert_error (parse_error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;

  g_test_init (&argc, &argv, NULL);

  if (!cau_test_omemo_peer_check (&error))
    skip_reason = g_strdup (error->message);

  g_test_add_func ("/omemo-interop-peers/json", test_json);
  g_test_add ("/omemo-interop-peers/legacy", Fixture, &legacy, fixture_setup, test_conversation,
              fixture_teardown);
  g_test_add ("/omemo-interop-peers/omemo2", Fixture, &omemo2, fixture_setup, test_conversation,
              fixture_teardown);
  g_test_add ("/omemo-interop-peers/both-strangers", Fixture, &both_strangers, fixture_setup,
              test_conversation, fixture_teardown);
  return g_test_run ();
}
