/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */

/*
 * OMEMO's cost per message (issue 4), in both protocols, on the database the app uses:
 *
 *   encrypt: one message to 10 devices with sessions established (the payload once, the
 *            key material through 10 ratchets, every session written back), median of 200;
 *   decrypt: one of those messages on a receiving device, median of 200.
 *
 * Targets: ≤ 2 ms and ≤ 1 ms. Numbers are printed; nothing is asserted on time.
 */

#include "config.h"

#include "cau-test-omemo-stores.h"

#include "omemo/cau-omemo-cipher.h"
#include "omemo/cau-omemo-crypto.h"

#include <string.h>

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

  g_test_add_func ("/cau/bench/omemo", test_omemo_costs);
  return g_test_run ();
}
