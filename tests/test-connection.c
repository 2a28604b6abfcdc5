/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-test-prosody.h"
#include "cau-test-util.h"
#include "cau-test-proxy.h"
#include "xmpp/cau-xmpp-client.h"
#include "xmpp/cau-xmpp-engine.h"

#include <string.h>

/*
 * The stream against a real Prosody on loopback: signing in, every kind
 * of failure a person can meet, and staying connected through server
 * restarts and cut links without losing or repeating a message.
 */

#define WAIT_S 20

typedef struct {
  CauTestProsody *prosody;
  CauXmppEngine  *engine;
} Fixture;

typedef struct {
  CauXmppClient *client;
  guint   online;
  guint   resumed;
  guint   failed;
  GError *error;
  gboolean will_retry;
  GHashTable *received;   /* id → count */
  guint   received_total;
} Watch;

static void
watch_online_cb (CauXmppClient *client,
                 gboolean       resumed,
                 Watch         *watch)
{
  watch->online++;
  if (resumed)
    watch->resumed++;
}

static void
watch_failed_cb (CauXmppClient *client,
                 const GError  *error,
                 gboolean       will_retry,
                 Watch         *watch)
{
  watch->failed++;
  g_clear_error (&watch->error);
  watch->error = g_error_copy (error);
  watch->will_retry = will_retry;
}

static void
watch_message_cb (CauXmppClient *client,
                  const char    *from,
                  const char    *id,
                  const char    *body,
                  Watch         *watch)
{
  guint count = GPOINTER_TO_UINT (g_hash_table_lookup (watch->received, id ? id : ""));

  g_hash_table_insert (watch->received, g_strdup (id ? id : ""), GUINT_TO_POINTER (count + 1));
  watch->received_total++;
}

static void
watch_init (Watch         *watch,
            CauXmppClient *client)
{
  memset (watch, 0, sizeof *watch);
  watch->client = client;
  watch->received = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_signal_connect (client, "online", G_CALLBACK (watch_online_cb), watch);
  g_signal_connect (client, "failed", G_CALLBACK (watch_failed_cb), watch);
  g_signal_connect (client, "message-received", G_CALLBACK (watch_message_cb), watch);
}

static void
watch_clear (Watch *watch)
{
  g_signal_handlers_disconnect_by_data (watch->client, watch);
  g_clear_error (&watch->error);
  g_clear_pointer (&watch->received, g_hash_table_unref);
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  CauTestProsodyOptions options = { .direct_tls = TRUE };
  g_autoptr(GError) error = NULL;

  fixture->prosody = cau_test_prosody_start (&options, &error);
  g_assert_no_error (error);
  g_assert_true (cau_test_prosody_register (fixture->prosody, "alice", "alice-pw", &error));
  g_assert_true (cau_test_prosody_register (fixture->prosody, "bob", "bob-pw", &error));
  fixture->engine = cau_xmpp_engine_new ();
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  /* Let pending engine events reach their (gone) clients first. */
  cau_test_spin (50);
  g_clear_object (&fixture->engine);
  g_clear_pointer (&fixture->prosody, cau_test_prosody_free);
}

static CauXmppClient *
new_client (Fixture    *fixture,
            const char *user,
            const char *password,
            guint16     port,
            gboolean    pinned)
{
  g_autofree char *jid = g_strdup_printf ("%s@%s", user, cau_test_prosody_get_domain (fixture->prosody));
  CauXmppClient *client = cau_xmpp_client_new (fixture->engine, jid);
  const char *pins[] = { cau_test_prosody_get_cert_sha256 (fixture->prosody), NULL };

  cau_xmpp_client_set_password (client, password);
  cau_xmpp_client_set_server (client, "127.0.0.1", port, FALSE);
  if (pinned)
    cau_xmpp_client_set_pinned_certificates (client, pins);
  cau_xmpp_client_set_timeouts (client, 5, 90, 30);
  return client;
}

/* Alice and bob, both online on the test server (alice through @port). */
static void
connect_pair (Fixture        *fixture,
              guint16         alice_port,
              CauXmppClient **alice,
              CauXmppClient **bob,
              Watch          *alice_watch,
              Watch          *bob_watch)
{
  *alice = new_client (fixture, "alice", "alice-pw", alice_port, TRUE);
  *bob = new_client (fixture, "bob", "bob-pw", cau_test_prosody_get_port (fixture->prosody), TRUE);
  watch_init (alice_watch, *alice);
  watch_init (bob_watch, *bob);
  cau_xmpp_client_connect (*alice);
  cau_xmpp_client_connect (*bob);
  g_assert_true (cau_test_wait_count (&alice_watch->online, 1, WAIT_S));
  g_assert_true (cau_test_wait_count (&bob_watch->online, 1, WAIT_S));
}

static void
test_sign_in (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(CauXmppClient) client = new_client (fixture, "alice", "alice-pw",
                                                cau_test_prosody_get_port (fixture->prosody), TRUE);
  Watch watch;

  watch_init (&watch, client);
  cau_xmpp_client_connect (client);
  g_assert_true (cau_test_wait_count (&watch.online, 1, WAIT_S));
  g_assert_cmpint (watch.failed, ==, 0);
  g_assert_cmpint (cau_xmpp_client_get_state (client), ==, CAU_XMPP_STATE_ONLINE);
  g_assert_true (g_str_has_prefix (cau_xmpp_client_get_bound_jid (client), "alice@localhost/"));

  /* The server's disco#info arrives after online. */
  for (guint i = 0; i < 100 && !cau_xmpp_client_server_has_feature (client, "urn:xmpp:ping"); i++)
    cau_test_spin (20);
  g_assert_true (cau_xmpp_client_server_has_feature (client, "urn:xmpp:ping"));

  cau_xmpp_client_disconnect (client);
  while (cau_xmpp_client_get_state (client) != CAU_XMPP_STATE_DISCONNECTED)
    g_main_context_iteration (NULL, TRUE);
  watch_clear (&watch);
}

static void
test_direct_tls (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(CauXmppClient) client = new_client (fixture, "alice", "alice-pw", 0, TRUE);
  Watch watch;

  cau_xmpp_client_set_server (client, "127.0.0.1",
                              cau_test_prosody_get_direct_tls_port (fixture->prosody), TRUE);
  watch_init (&watch, client);
  cau_xmpp_client_connect (client);
  g_assert_true (cau_test_wait_count (&watch.online, 1, WAIT_S));
  watch_clear (&watch);
}

static void
expect_failure (Fixture       *fixture,
                CauXmppClient *client,
                CauXmppError   code)
{
  Watch watch;

  cau_xmpp_client_set_auto_reconnect (client, FALSE);
  watch_init (&watch, client);
  cau_xmpp_client_connect (client);
  g_assert_true (cau_test_wait_count (&watch.failed, 1, WAIT_S));
  g_test_message ("failure: %s", watch.error->message);
  g_assert_error (watch.error, CAU_XMPP_ERROR, (gint) code);
  g_assert_false (watch.will_retry);
  g_assert_cmpint (watch.online, ==, 0);
  g_assert_cmpint (cau_xmpp_client_get_state (client), ==, CAU_XMPP_STATE_DISCONNECTED);
  watch_clear (&watch);
}

static void
test_wrong_password (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(CauXmppClient) client = new_client (fixture, "alice", "wrong",
                                                cau_test_prosody_get_port (fixture->prosody), TRUE);

  expect_failure (fixture, client, CAU_XMPP_ERROR_AUTHENTICATION);
}

static void
test_wrong_password_is_final (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(CauXmppClient) client = new_client (fixture, "alice", "wrong",
                                                cau_test_prosody_get_port (fixture->prosody), TRUE);
  Watch watch;

  /* Even when reconnecting is on, a wrong password is not retried. */
  watch_init (&watch, client);
  cau_xmpp_client_connect (client);
  g_assert_true (cau_test_wait_count (&watch.failed, 1, WAIT_S));
  g_assert_error (watch.error, CAU_XMPP_ERROR, CAU_XMPP_ERROR_AUTHENTICATION);
  g_assert_false (watch.will_retry);
  cau_test_spin (1500);
  g_assert_cmpint (watch.failed, ==, 1);
  watch_clear (&watch);
}

static void
test_unknown_host (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(CauXmppClient) client = cau_xmpp_client_new (fixture->engine,
                                                         "alice@no-such-host.invalid");

  cau_xmpp_client_set_password (client, "x");
  expect_failure (fixture, client, CAU_XMPP_ERROR_HOST_NOT_FOUND);
}

static void
test_unreachable_port (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(CauXmppClient) client = new_client (fixture, "alice", "alice-pw",
                                                cau_test_free_port (), TRUE);

  expect_failure (fixture, client, CAU_XMPP_ERROR_CONNECTION_REFUSED);
}

typedef struct {
  gint64 last;
  gint64 max_gap;
} Heartbeat;

static gboolean
heartbeat_cb (gpointer data)
{
  Heartbeat *beat = data;
  gint64 now = g_get_monotonic_time ();

  if (beat->last != 0)
    beat->max_gap = MAX (beat->max_gap, now - beat->last);
  beat->last = now;
  return G_SOURCE_CONTINUE;
}

/* A server that accepts TCP and never speaks: the attempt times out and
 * the main loop (the window's) keeps running all along. */
static void
silent_server (Fixture  *fixture,
               gboolean  direct_tls)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CauTestProxy) silent = cau_test_proxy_new_silent (&error);
  g_autoptr(CauXmppClient) client = NULL;
  Heartbeat beat = { 0 };
  guint beat_id;
  Watch watch;

  g_assert_no_error (error);
  client = new_client (fixture, "alice", "alice-pw", cau_test_proxy_get_port (silent), TRUE);
  cau_xmpp_client_set_server (client, "127.0.0.1", cau_test_proxy_get_port (silent), direct_tls);
  cau_xmpp_client_set_timeouts (client, 2, 90, 30);
  cau_xmpp_client_set_auto_reconnect (client, FALSE);

  watch_init (&watch, client);
  beat_id = g_timeout_add (10, heartbeat_cb, &beat);
  cau_xmpp_client_connect (client);
  g_assert_true (cau_test_wait_count (&watch.failed, 1, WAIT_S));
  g_source_remove (beat_id);

  g_test_message ("failure: %s; longest main-loop gap %" G_GINT64_FORMAT " µs",
                  watch.error->message, beat.max_gap);
  g_assert_error (watch.error, CAU_XMPP_ERROR, CAU_XMPP_ERROR_TIMED_OUT);
  g_assert_cmpuint (cau_test_proxy_get_accepted (silent), >=, 1);
  /* Not a timing benchmark: a frozen loop would stall for the whole
   * attempt (2 s or more); anything under a second means it ran. */
  g_assert_cmpint (beat.max_gap, <, G_USEC_PER_SEC);
  watch_clear (&watch);
}

static void
test_silent_server (Fixture       *fixture,
                    gconstpointer  data)
{
  silent_server (fixture, FALSE);
}

static void
test_silent_server_direct_tls (Fixture       *fixture,
                               gconstpointer  data)
{
  silent_server (fixture, TRUE);
}

static void
test_untrusted_certificate (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(CauXmppClient) client = new_client (fixture, "alice", "alice-pw",
                                                cau_test_prosody_get_port (fixture->prosody), FALSE);
  const CauXmppCertInfo *cert;
  const char *pins[2] = { NULL, NULL };
  Watch watch;

  expect_failure (fixture, client, CAU_XMPP_ERROR_CERTIFICATE);
  cert = cau_xmpp_client_get_rejected_certificate (client);
  g_assert_nonnull (cert);
  g_assert_cmpstr (cert->sha256, ==, cau_test_prosody_get_cert_sha256 (fixture->prosody));
  g_assert_nonnull (cert->subject);
  g_assert_nonnull (cert->error);
  g_assert_true (g_strv_contains ((const char * const *) cert->names, "localhost"));

  /* The person pins it: the next attempt succeeds. */
  pins[0] = cert->sha256;
  cau_xmpp_client_set_pinned_certificates (client, pins);
  watch_init (&watch, client);
  cau_xmpp_client_connect (client);
  g_assert_true (cau_test_wait_count (&watch.online, 1, WAIT_S));
  g_assert_null (cau_xmpp_client_get_rejected_certificate (client));
  watch_clear (&watch);
}

static void
test_changed_certificate_asks_again (Fixture       *fixture,
                                     gconstpointer  data)
{
  g_autoptr(CauXmppClient) client = new_client (fixture, "alice", "alice-pw",
                                                cau_test_prosody_get_port (fixture->prosody), FALSE);
  const char *pins[] = { "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff", NULL };

  cau_xmpp_client_set_pinned_certificates (client, pins);
  expect_failure (fixture, client, CAU_XMPP_ERROR_CERTIFICATE);
}

static void
test_server_restart (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(CauXmppClient) client = new_client (fixture, "alice", "alice-pw",
                                                cau_test_prosody_get_port (fixture->prosody), TRUE);
  g_autoptr(GError) error = NULL;
  Watch watch;

  watch_init (&watch, client);
  cau_xmpp_client_connect (client);
  g_assert_true (cau_test_wait_count (&watch.online, 1, WAIT_S));

  g_assert_true (cau_test_prosody_stop (fixture->prosody));
  g_assert_true (cau_test_wait_count (&watch.failed, 1, WAIT_S));
  g_assert_true (watch.will_retry);
  g_test_message ("after stop: %s", watch.error->message);

  g_assert_true (cau_test_prosody_restart (fixture->prosody, &error));
  g_assert_no_error (error);
  g_assert_true (cau_test_wait_count (&watch.online, 2, WAIT_S));
  g_assert_cmpint (cau_xmpp_client_get_state (client), ==, CAU_XMPP_STATE_ONLINE);
  g_assert_cmpuint (cau_xmpp_client_get_streams_started (client), ==, 2);
  watch_clear (&watch);
}

static void
send_batch (CauXmppClient *client,
            const char    *to,
            const char    *prefix,
            guint          from,
            guint          to_index)
{
  for (guint i = from; i < to_index; i++)
    {
      g_autofree char *id = g_strdup_printf ("%s-%04u", prefix, i);
      g_autofree char *body = g_strdup_printf ("message %u", i);

      cau_xmpp_client_send_message (client, to, body, id);
    }
}

static void
assert_each_once (Watch      *watch,
                  const char *prefix,
                  guint       count)
{
  for (guint i = 0; i < count; i++)
    {
      g_autofree char *id = g_strdup_printf ("%s-%04u", prefix, i);
      guint seen = GPOINTER_TO_UINT (g_hash_table_lookup (watch->received, id));

      if (seen != 1)
        g_error ("message %s received %u times", id, seen);
    }
}

/* The link between alice and her server is cut; messages are sent both
 * ways while it is down: the stream is resumed (XEP-0198) and every
 * message arrives exactly once.
 *
 * The cut happens between stanzas. Cut in the middle of one, Prosody
 * 0.12.3 resumes the session but then fails to parse the new link and
 * closes it; that case needs MAM catch-up and the persistent outbox,
 * which come with the message history. */
static void
test_link_cut (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CauTestProxy) proxy = cau_test_proxy_new (cau_test_prosody_get_port (fixture->prosody),
                                                      &error);
  g_autoptr(CauXmppClient) alice = NULL;
  g_autoptr(CauXmppClient) bob = NULL;
  g_autofree char *alice_full = NULL;
  Watch alice_watch, bob_watch;
  const guint n = 200;

  g_assert_no_error (error);
  connect_pair (fixture, cau_test_proxy_get_port (proxy), &alice, &bob, &alice_watch, &bob_watch);
  alice_full = g_strdup (cau_xmpp_client_get_bound_jid (alice));

  send_batch (alice, "bob@localhost", "a", 0, n / 2);
  send_batch (bob, alice_full, "b", 0, n / 2);
  g_assert_true (cau_test_wait_count (&bob_watch.received_total, n / 2, WAIT_S));
  g_assert_true (cau_test_wait_count (&alice_watch.received_total, n / 2, WAIT_S));
  cau_test_spin (300);

  cau_test_proxy_cut_all (proxy);
  send_batch (alice, "bob@localhost", "a", n / 2, n);
  send_batch (bob, alice_full, "b", n / 2, n);

  g_assert_true (cau_test_wait_count (&alice_watch.online, 2, WAIT_S));
  g_assert_true (cau_test_wait_count (&bob_watch.received_total, n, WAIT_S));
  g_assert_true (cau_test_wait_count (&alice_watch.received_total, n, WAIT_S));
  cau_test_spin (500);

  g_test_message ("alice: %u resumed, %u new streams; received %u, bob received %u",
                  cau_xmpp_client_get_streams_resumed (alice),
                  cau_xmpp_client_get_streams_started (alice),
                  alice_watch.received_total, bob_watch.received_total);
  g_assert_cmpuint (cau_xmpp_client_get_streams_resumed (alice), ==, 1);
  g_assert_cmpuint (cau_xmpp_client_get_streams_started (alice), ==, 1);
  g_assert_cmpuint (bob_watch.received_total, ==, n);
  g_assert_cmpuint (alice_watch.received_total, ==, n);
  assert_each_once (&bob_watch, "a", n);
  assert_each_once (&alice_watch, "b", n);

  watch_clear (&alice_watch);
  watch_clear (&bob_watch);
}

static void
test_two_accounts (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(CauXmppClient) alice = NULL;
  g_autoptr(CauXmppClient) bob = NULL;
  Watch alice_watch, bob_watch;

  connect_pair (fixture, cau_test_prosody_get_port (fixture->prosody), &alice, &bob,
                &alice_watch, &bob_watch);

  cau_xmpp_client_send_message (alice, "bob@localhost", "hello", "one");
  g_assert_true (cau_test_wait_count (&bob_watch.received_total, 1, WAIT_S));
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (bob_watch.received, "one")), ==, 1);
  watch_clear (&alice_watch);
  watch_clear (&bob_watch);
}

/* Another device signs in with the same resource: this one is told why it
 * was signed out, and does not fight back by reconnecting. */
static void
test_resource_conflict (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(CauXmppClient) first = new_client (fixture, "alice", "alice-pw",
                                               cau_test_prosody_get_port (fixture->prosody), TRUE);
  g_autoptr(CauXmppClient) second = new_client (fixture, "alice", "alice-pw",
                                                cau_test_prosody_get_port (fixture->prosody), TRUE);
  Watch first_watch, second_watch;

  cau_xmpp_client_set_resource (first, "phone");
  cau_xmpp_client_set_resource (second, "phone");
  watch_init (&first_watch, first);
  watch_init (&second_watch, second);
  cau_xmpp_client_connect (first);
  g_assert_true (cau_test_wait_count (&first_watch.online, 1, WAIT_S));
  cau_xmpp_client_connect (second);
  g_assert_true (cau_test_wait_count (&second_watch.online, 1, WAIT_S));
  g_assert_true (cau_test_wait_count (&first_watch.failed, 1, WAIT_S));
  g_test_message ("%s", first_watch.error->message);
  g_assert_error (first_watch.error, CAU_XMPP_ERROR, CAU_XMPP_ERROR_CONFLICT);
  g_assert_false (first_watch.will_retry);
  cau_test_spin (1500);
  g_assert_cmpint (cau_xmpp_client_get_state (first), ==, CAU_XMPP_STATE_DISCONNECTED);
  g_assert_cmpint (cau_xmpp_client_get_state (second), ==, CAU_XMPP_STATE_ONLINE);
  watch_clear (&first_watch);
  watch_clear (&second_watch);
}

typedef struct {
  char  *ver;
  GStrv  features;
} CapsSeen;

static void
caps_learned_cb (CauXmppClient      *client,
                 const char         *ver,
                 const char * const *features,
                 CapsSeen           *seen)
{
  g_free (seen->ver);
  g_strfreev (seen->features);
  seen->ver = g_strdup (ver);
  seen->features = g_strdupv ((char **) features);
}

static gboolean
caps_seen (gpointer data)
{
  return ((CapsSeen *) data)->ver != NULL;
}

/* A contact's client capabilities (XEP-0115): asked once by disco#info,
 * checked against their hash, then known to the engine. */
static void
test_caps (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CauXmppClient) alice = NULL;
  g_autoptr(CauXmppClient) bob = NULL;
  g_autoptr(GHashTable) known = NULL;
  Watch alice_watch, bob_watch;
  CapsSeen seen = { NULL, NULL };

  g_assert_true (cau_test_prosody_make_contacts (fixture->prosody, "alice", "bob", &error));
  g_assert_no_error (error);
  connect_pair (fixture, cau_test_prosody_get_port (fixture->prosody), &alice, &bob,
                &alice_watch, &bob_watch);
  /* Whichever client asks first teaches the engine, for both. */
  g_signal_connect (alice, "caps-learned", G_CALLBACK (caps_learned_cb), &seen);
  g_signal_connect (bob, "caps-learned", G_CALLBACK (caps_learned_cb), &seen);
  /* A fresh presence from alice now that bob is there to see it. */
  cau_xmpp_client_set_presence (alice, CAU_XMPP_SHOW_AWAY, NULL);

  g_assert_true (cau_test_wait_until (caps_seen, &seen, WAIT_S));
  g_assert_true (g_strv_contains ((const char * const *) seen.features, "urn:xmpp:ping"));
  known = cau_xmpp_engine_dup_known_caps (fixture->engine);
  g_assert_true (g_hash_table_contains (known, seen.ver));

  g_signal_handlers_disconnect_by_data (alice, &seen);
  g_signal_handlers_disconnect_by_data (bob, &seen);
  g_free (seen.ver);
  g_strfreev (seen.features);
  watch_clear (&alice_watch);
  watch_clear (&bob_watch);
}

/* A burst much larger than the socket buffers: every message arrives. */
static void
test_burst (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(CauXmppClient) alice = NULL;
  g_autoptr(CauXmppClient) bob = NULL;
  Watch alice_watch, bob_watch;
  const guint n = 2000;

  connect_pair (fixture, cau_test_prosody_get_port (fixture->prosody), &alice, &bob,
                &alice_watch, &bob_watch);

  send_batch (alice, "bob@localhost", "a", 0, n);
  g_assert_true (cau_test_wait_count (&bob_watch.received_total, n, WAIT_S));
  assert_each_once (&bob_watch, "a", n);
  g_assert_cmpint (alice_watch.failed, ==, 0);
  g_assert_cmpint (bob_watch.failed, ==, 0);
  watch_clear (&alice_watch);
  watch_clear (&bob_watch);
}

/* A link that dies silently is found by the ping and re-established. */
static void
test_dead_link_ping (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CauTestProxy) proxy = cau_test_proxy_new (cau_test_prosody_get_port (fixture->prosody),
                                                      &error);
  g_autoptr(CauXmppClient) client = NULL;
  Watch watch;

  g_assert_no_error (error);
  client = new_client (fixture, "alice", "alice-pw", cau_test_proxy_get_port (proxy), TRUE);
  cau_xmpp_client_set_timeouts (client, 5, 1, 1);
  watch_init (&watch, client);
  cau_xmpp_client_connect (client);
  g_assert_true (cau_test_wait_count (&watch.online, 1, WAIT_S));

  /* Stop the server hard: the TCP link to the proxy stays up, nothing answers. */
  g_assert_true (cau_test_prosody_kill (fixture->prosody));
  g_assert_true (cau_test_wait_count (&watch.failed, 1, WAIT_S));
  g_assert_true (watch.will_retry);
  g_assert_true (cau_test_prosody_restart (fixture->prosody, &error));
  g_assert_true (cau_test_wait_count (&watch.online, 2, WAIT_S));
  watch_clear (&watch);
}

static void
test_csi_and_presence (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(CauXmppClient) alice = NULL;
  g_autoptr(CauXmppClient) bob = NULL;
  Watch alice_watch, bob_watch;

  connect_pair (fixture, cau_test_prosody_get_port (fixture->prosody), &alice, &bob,
                &alice_watch, &bob_watch);

  /* Inactive, then presence changes, then active again: the stream stays
   * up and messages still flow (csi_simple holds them while inactive). */
  cau_xmpp_client_set_active (alice, FALSE);
  cau_xmpp_client_set_presence (alice, CAU_XMPP_SHOW_AWAY, "out");
  cau_xmpp_client_set_presence (alice, CAU_XMPP_SHOW_DND, NULL);
  cau_xmpp_client_send_message (bob, "alice@localhost", "while inactive", "csi-1");
  cau_xmpp_client_set_active (alice, TRUE);
  g_assert_true (cau_test_wait_count (&alice_watch.received_total, 1, WAIT_S));
  g_assert_cmpint (alice_watch.failed, ==, 0);
  g_assert_cmpint (cau_xmpp_client_get_state (alice), ==, CAU_XMPP_STATE_ONLINE);
  watch_clear (&alice_watch);
  watch_clear (&bob_watch);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  cau_xmpp_prepare_process ();

#define ADD(path, func) \
  g_test_add ("/cau/connection/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("sign-in", test_sign_in);
  ADD ("direct-tls", test_direct_tls);
  ADD ("wrong-password", test_wrong_password);
  ADD ("wrong-password-is-final", test_wrong_password_is_final);
  ADD ("unknown-host", test_unknown_host);
  ADD ("unreachable-port", test_unreachable_port);
  ADD ("silent-server", test_silent_server);
  ADD ("silent-server-direct-tls", test_silent_server_direct_tls);
  ADD ("untrusted-certificate", test_untrusted_certificate);
  ADD ("changed-certificate", test_changed_certificate_asks_again);
  ADD ("server-restart", test_server_restart);
  ADD ("link-cut", test_link_cut);
  ADD ("dead-link-ping", test_dead_link_ping);
  ADD ("two-accounts", test_two_accounts);
  ADD ("burst", test_burst);
  ADD ("resource-conflict", test_resource_conflict);
  ADD ("caps", test_caps);
  ADD ("csi-and-presence", test_csi_and_presence);

#undef ADD

  return g_test_run ();
}
