/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */

/*
 * OMEMO's cost per message (issue 4), in both protocols, on the database the app uses:
 *
 *   encrypt: one message to 10 devices with sessions established (the payload once, the
 *            key material through 10 ratchets, every session written back), median of 200;
 *   decrypt: one of those messages on a receiving device, median of 200.
 *
 *   catch-up: 1 000 encrypted messages sent by alice (Causerie) while bob (Causerie) was
 *            offline, on the test Prosody; from bob's start to all of them stored and counted
 *            unread (wall time, and the process's CPU meanwhile: bob's, alice is stopped).
 *
 * Targets: ≤ 2 ms, ≤ 1 ms, ≤ 3 s. Numbers are printed; nothing is asserted on time.
 */

#include "config.h"

#include "cau-test-model.h"
#include "cau-test-omemo-stores.h"
#include "cau-test-util.h"

#include "omemo/cau-omemo-cipher.h"
#include "omemo/cau-omemo-crypto.h"
#include "store/cau-db-messages.h"

#include <string.h>
#include <sys/resource.h>

#define N_DEVICES  10
#define N_MESSAGES 200

static int
compare_times (gconstpointer a,
               gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

static double
median_ms (GArray *times)
{
  g_array_sort (times, compare_times);
  return g_array_index (times, gint64, times->len / 2) / 1000.0;
}

/* Each device reads alice's key exchange and answers with an empty message: from then on
 * the sessions are established (no key exchange in alice's messages). */
static void
acknowledge_sessions (CauTestOmemoStores     *stores,
                      CauOmemoStore         **devices,
                      const CauOmemoAddress  *recipients,
                      CauDbOmemoVersion       version)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CauOmemoMessage) exchange = NULL;
  CauOmemoAddress alice = { CAU_TEST_ALICE, cau_omemo_store_get_device_id (stores->alice) };

  exchange = cau_omemo_encrypt (stores->alice, version, NULL, recipients, N_DEVICES, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < N_DEVICES; i++)
    {
      const CauOmemoKey *key = &g_array_index (exchange->keys, CauOmemoKey, i);
      CauOmemoReceived received = {
        .version = version, .sender = CAU_TEST_ALICE, .sid = exchange->sid, .key = key->data,
        .prekey = key->prekey,
      };
      g_autoptr (CauOmemoMessage) answer = NULL;
      const CauOmemoKey *answer_key;
      CauOmemoReceived reply;

      g_assert_true (cau_omemo_decrypt (devices[i], &received, NULL, &error));
      answer = cau_omemo_encrypt (devices[i], version, NULL, &alice, 1, &error);
      g_assert_no_error (error);
      answer_key = &g_array_index (answer->keys, CauOmemoKey, 0);
      reply = (CauOmemoReceived) {
        .version = version, .sender = CAU_TEST_BOB, .sid = answer->sid,
        .key = answer_key->data, .prekey = answer_key->prekey,
      };
      g_assert_true (cau_omemo_decrypt (stores->alice, &reply, NULL, &error));
      g_assert_no_error (error);
    }
}

static void
bench_version (CauDbOmemoVersion version)
{
  CauTestOmemoStores stores = { 0 };
  CauOmemoStore *devices[N_DEVICES];
  CauOmemoAddress recipients[N_DEVICES];
  g_autoptr (GArray) encrypt_times = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GArray) decrypt_times = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GBytes) body = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;

  /* A typical chat message: a sentence or two. */
  text = g_strnfill (160, 'a');
  body = g_bytes_new (text, strlen (text));

  cau_test_omemo_stores_set_up (&stores, NULL);
  for (guint i = 0; i < N_DEVICES; i++)
    {
      g_autofree char *jid = g_strdup_printf ("device%u@example.net", i);
      gint64 account = cau_test_omemo_add_account (stores.db, jid);

      devices[i] = cau_test_omemo_open_store (stores.db, account);
      recipients[i] = (CauOmemoAddress) { CAU_TEST_BOB,
                                          cau_omemo_store_get_device_id (devices[i]) };
      cau_test_omemo_build_session (stores.alice, devices[i], CAU_TEST_BOB, version);
    }
  acknowledge_sessions (&stores, devices, recipients, version);

  for (guint n = 0; n < N_MESSAGES; n++)
    {
      g_autoptr (CauOmemoMessage) message = NULL;
      g_autoptr (GBytes) plaintext = NULL;
      const CauOmemoKey *key;
      CauOmemoReceived received;
      gint64 start, elapsed;

      start = g_get_monotonic_time ();
      message = cau_omemo_encrypt (stores.alice, version, body, recipients, N_DEVICES, &error);
      elapsed = g_get_monotonic_time () - start;
      g_assert_no_error (error);
      g_assert_cmpuint (message->keys->len, ==, N_DEVICES);
      g_assert_false (g_array_index (message->keys, CauOmemoKey, 0).prekey);
      g_array_append_val (encrypt_times, elapsed);

      key = &g_array_index (message->keys, CauOmemoKey, 0);
      received = (CauOmemoReceived) {
        .version = version, .sender = CAU_TEST_ALICE, .sid = message->sid, .key = key->data,
        .prekey = key->prekey, .iv = message->iv, .payload = message->payload,
      };
      start = g_get_monotonic_time ();
      g_assert_true (cau_omemo_decrypt (devices[0], &received, &plaintext, &error));
      elapsed = g_get_monotonic_time () - start;
      g_assert_no_error (error);
      g_assert_true (g_bytes_equal (plaintext, body));
      g_array_append_val (decrypt_times, elapsed);
    }

  g_print ("# %s: encrypt to %d devices: median %.3f ms; decrypt: median %.3f ms "
           "(%d messages; targets 2 ms, 1 ms)\n",
           version == CAU_DB_OMEMO_LEGACY ? "legacy OMEMO" : "OMEMO 2", N_DEVICES,
           median_ms (encrypt_times), median_ms (decrypt_times), N_MESSAGES);

  for (guint i = 0; i < N_DEVICES; i++)
    cau_omemo_store_free (devices[i]);
  cau_test_omemo_stores_tear_down (&stores, NULL);
}

#define N_CATCH_UP 1000

static double
process_cpu_s (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec +
         (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

typedef struct {
  CauTestDevice *device;
  const char    *peer;
  guint          unread;
} UnreadWait;

static gboolean
unread_reached (gpointer data)
{
  UnreadWait *wait = data;
  CauConversation *conversation = cau_test_device_find_conversation (wait->device, wait->peer);

  return conversation != NULL && cau_conversation_get_unread (conversation) >= wait->unread;
}

static gboolean
is_encrypted (gpointer data)
{
  return cau_conversation_get_encrypted (data);
}

/* Nothing of the device's is waiting to be sent. */
static gboolean
outbox_empty (gpointer data)
{
  CauTestDevice *device = data;
  g_autofree char *path = g_build_filename (device->dir, "causerie.db", NULL);
  g_autoptr(CauDb) db = cau_db_open_readonly (path, NULL);
  g_autoptr(GPtrArray) outbox = NULL;

  if (db == NULL)
    return FALSE;
  outbox = cau_db_list_outbox (db, cau_account_get_id (device->account), NULL);
  return outbox != NULL && outbox->len == 0;
}

static void
test_omemo_catch_up (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *bob_dir = NULL;
  CauTestServer server = { 0 };
  CauTestDevice *alice, *bob;
  CauConversation *conversation;
  UnreadWait wait;
  gint64 start_us, elapsed_us;
  double cpu0;

  cau_test_server_setup (&server, (const char *[]) { "alice", "bob", NULL },
                         (const char *[]) { "alice", "bob", NULL });
  bob = cau_test_device_start (server.prosody, "bob", NULL, 0, server.dirs, NULL);
  bob_dir = g_strdup (bob->dir);
  alice = cau_test_device_start (server.prosody, "alice", NULL, 0, server.dirs, NULL);
  conversation = cau_account_manager_open_conversation (alice->manager, alice->account,
                                                        "bob@localhost", &error);
  g_assert_no_error (error);
  g_assert_true (cau_test_wait_until (is_encrypted, conversation, 30));
  /* The session first, while bob is there to acknowledge it, as in a running conversation. */
  cau_test_device_send_text (alice, "bob@localhost", "Hello before the long absence");
  cau_test_device_wait_count (bob, "alice@localhost", 1);
  cau_test_spin (1000);
  cau_test_device_stop (bob);

  start_us = g_get_monotonic_time ();
  for (guint i = 0; i < N_CATCH_UP; i++)
    {
      g_autofree char *text = g_strdup_printf ("Encrypted message %u of the catch-up, with a "
                                               "sentence or two of ordinary length.", i);

      g_assert_true (cau_conversation_send (conversation, text, &error));
    }
  g_assert_true (cau_test_wait_until (outbox_empty, alice, 600));
  g_print ("# sending %d encrypted messages: %.1f s\n", N_CATCH_UP,
           (g_get_monotonic_time () - start_us) / 1e6);
  cau_test_device_stop (alice);

  cpu0 = process_cpu_s ();
  start_us = g_get_monotonic_time ();
  bob = cau_test_device_start (server.prosody, "bob", bob_dir, 0, server.dirs, NULL);
  wait = (UnreadWait) { bob, "alice@localhost", 1 + N_CATCH_UP };
  g_assert_true (cau_test_wait_until (unread_reached, &wait, 600));
  elapsed_us = g_get_monotonic_time () - start_us;
  g_print ("# catch-up of %d encrypted messages: %.2f s wall from start (target 3 s), "
           "%.2f s CPU\n", N_CATCH_UP, elapsed_us / 1e6, process_cpu_s () - cpu0);
  g_assert_cmpuint (cau_test_device_count_messages (bob, "alice@localhost"), ==, 1 + N_CATCH_UP);

  cau_test_device_stop (bob);
  cau_test_server_teardown (&server);
}

static void
test_omemo_costs (void)
{
  bench_version (CAU_DB_OMEMO_LEGACY);
  bench_version (CAU_DB_OMEMO_2);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GError) error = NULL;

  g_test_init (&argc, &argv, NULL);
  if (!cau_omemo_crypto_init (&error))
    g_error ("%s", error->message);

  cau_core_prepare_process ();
  g_test_add_func ("/cau/bench/omemo", test_omemo_costs);
  if (g_getenv ("CAU_BENCH_ONLY") == NULL || g_strcmp0 (g_getenv ("CAU_BENCH_ONLY"), "catch-up") == 0)
    g_test_add_func ("/cau/bench/omemo-catch-up", test_omemo_catch_up);
  return g_test_run ();
}
