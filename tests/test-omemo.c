/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-test-model.h"
#include "cau-test-prosody.h"
#include "cau-test-util.h"
#include "core/cau-account-manager.h"
#include "store/cau-db-messages.h"
#include "store/cau-db-omemo.h"

#include <string.h>

/*
 * OMEMO (legacy format) between Causerie installs on a real Prosody: devices published and
 * followed, sessions set up from bundles, messages encrypted to the contact's devices and our
 * own other ones, and decrypted live, as carbons and from the archive. What the server stores
 * is read back to prove it never held the text.
 */

#define WAIT_S 30
#define PEER_BOB   "bob@localhost"
#define PEER_ALICE "alice@localhost"

typedef CauTestServer Fixture;
typedef CauTestDevice Device;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  cau_test_server_setup (fixture, (const char *[]) { "alice", "bob", "carol", NULL },
                         (const char *[]) { "alice", "bob", "alice", "carol", NULL });
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  cau_test_server_teardown (fixture);
}

static Device *
device_start (Fixture    *fixture,
              const char *user,
              const char *dir)
{
  return cau_test_device_start (fixture->prosody, user, dir, 0, fixture->dirs, NULL);
}

static CauConversation *
open_conversation (Device     *device,
                   const char *peer)
{
  g_autoptr(GError) error = NULL;
  CauConversation *conversation;

  conversation = cau_account_manager_open_conversation (device->manager, device->account, peer,
                                                        &error);
  g_assert_no_error (error);
  return conversation;
}

static gboolean
is_encrypted (gpointer data)
{
  return cau_conversation_get_encrypted (data);
}

/* The contact's device list reached `device`: its chat with `peer` is encrypted by default. */
static CauConversation *
wait_encrypted (Device     *device,
                const char *peer)
{
  CauConversation *conversation = open_conversation (device, peer);

  g_assert_true (cau_test_wait_until (is_encrypted, conversation, WAIT_S));
  return conversation;
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

/* Whether any file of the server's data holds `text`. */
static gboolean
server_holds (Fixture    *fixture,
              const char *text)
{
  g_autofree char *command = NULL;
  int status = 0;

  command = g_strdup_printf ("grep -rqF -- '%s' '%s'", text,
                             cau_test_prosody_get_dir (fixture->prosody));
  g_assert_true (g_spawn_command_line_sync (command, NULL, NULL, &status, NULL));
  return g_spawn_check_wait_status (status, NULL);
}

/* How `device` stored its message `message`: which protocol it came or went in. */
static CauDbEncryption
stored_encryption (Device     *device,
                   CauMessage *message)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (device->dir, "causerie.db", NULL);
  g_autoptr(CauDb) db = cau_db_open_readonly (path, &error);
  g_autoptr(CauDbMessage) row = NULL;

  g_assert_no_error (error);
  row = cau_db_get_message (db, cau_message_get_id (message), &error);
  g_assert_no_error (error);
  return row->encryption;
}

static CauMessage *
wait_message (Device     *device,
              const char *peer,
              guint       count)
{
  cau_test_device_wait_count (device, peer, count);
  return cau_test_device_message_at (device, peer, count - 1);
}

/* Encrypted by default once the devices are known, both ways; the server holds ciphertext. */
static void
test_both_ways (Fixture       *fixture,
                gconstpointer  data)
{
  Device *alice = device_start (fixture, "alice", NULL);
  Device *bob = device_start (fixture, "bob", NULL);
  g_autoptr(CauMessage) received = NULL;
  g_autoptr(CauMessage) reply = NULL;
  g_autoptr(CauMessage) sent = NULL;
  StateWait wait;

  wait_encrypted (alice, PEER_BOB);
  cau_test_device_send_text (alice, PEER_BOB, "Secret-7f3a: the garden at noon");
  sent = cau_test_device_message_at (alice, PEER_BOB, 0);
  g_assert_true (cau_message_get_encrypted (sent));

  received = wait_message (bob, PEER_ALICE, 1);
  g_assert_cmpstr (cau_message_get_body (received), ==, "Secret-7f3a: the garden at noon");
  g_assert_true (cau_message_get_encrypted (received));
  g_assert_cmpint (cau_message_get_crypto_error (received), ==, CAU_MESSAGE_CRYPTO_OK);
  /* Two devices offering both protocols speak OMEMO 2. */
  g_assert_cmpint (stored_encryption (bob, received), ==, CAU_DB_ENCRYPTION_OMEMO2);

  /* Bob knows alice's device from her message, and answers encrypted too. */
  wait_encrypted (bob, PEER_ALICE);
  cau_test_device_send_text (bob, PEER_ALICE, "Secret-9c1e: I will be there");
  reply = wait_message (alice, PEER_BOB, 2);
  g_assert_cmpstr (cau_message_get_body (reply), ==, "Secret-9c1e: I will be there");
  g_assert_true (cau_message_get_encrypted (reply));

  wait = (StateWait) { sent, CAU_MESSAGE_DELIVERED };
  g_assert_true (cau_test_wait_until (state_is, &wait, WAIT_S));

  /* The archive and the offline store hold what passed: ciphertext only. */
  g_assert_false (server_holds (fixture, "Secret-7f3a"));
  g_assert_false (server_holds (fixture, "Secret-9c1e"));

  cau_test_device_stop (alice);
  cau_test_device_stop (bob);
}

/* Plaintext is an explicit choice, remembered, and then the server holds the text (which
 * also shows that server_holds() finds text that is there). */
static void
test_plaintext_choice (Fixture       *fixture,
                       gconstpointer  data)
{
  Device *alice = device_start (fixture, "alice", NULL);
  Device *bob = device_start (fixture, "bob", NULL);
  g_autofree char *dir = g_strdup (alice->dir);
  g_autoptr(CauMessage) received = NULL;
  CauConversation *conversation;

  conversation = wait_encrypted (alice, PEER_BOB);
  cau_conversation_set_encrypted (conversation, FALSE);
  g_assert_false (cau_conversation_get_encrypted (conversation));
  cau_test_device_send_text (alice, PEER_BOB, "Plain-41b2: not a secret");

  received = wait_message (bob, PEER_ALICE, 1);
  g_assert_cmpstr (cau_message_get_body (received), ==, "Plain-41b2: not a secret");
  g_assert_false (cau_message_get_encrypted (received));
  g_assert_true (server_holds (fixture, "Plain-41b2"));

  /* Remembered across a restart, although bob's devices are known. */
  cau_test_device_stop (alice);
  alice = device_start (fixture, "alice", dir);
  conversation = open_conversation (alice, PEER_BOB);
  g_assert_false (cau_conversation_get_encrypted (conversation));

  cau_test_device_stop (alice);
  cau_test_device_stop (bob);
}

/* A contact without OMEMO: encryption on by choice, the message is not sent, and says why. */
static void
test_no_devices (Fixture       *fixture,
                 gconstpointer  data)
{
  Device *alice = device_start (fixture, "alice", NULL);
  g_autoptr(CauMessage) sent = NULL;
  CauConversation *conversation = open_conversation (alice, "carol@localhost");
  StateWait wait;

  /* Carol never used an OMEMO client: unencrypted by default. */
  cau_test_spin (500);
  g_assert_false (cau_conversation_get_encrypted (conversation));

  cau_conversation_set_encrypted (conversation, TRUE);
  cau_test_device_send_text (alice, "carol@localhost", "Secret-c4d0 for carol");
  sent = cau_test_device_message_at (alice, "carol@localhost", 0);
  wait = (StateWait) { sent, CAU_MESSAGE_FAILED };
  g_assert_true (cau_test_wait_until (state_is, &wait, WAIT_S));
  g_assert_cmpint (cau_message_get_crypto_error (sent), ==, CAU_MESSAGE_CRYPTO_NO_DEVICES);
  g_assert_nonnull (cau_message_crypto_error_describe (cau_message_get_crypto_error (sent)));
  g_assert_false (server_holds (fixture, "Secret-c4d0"));

  cau_test_device_stop (alice);
}

/* Our other device reads what we send (a carbon), and what the contact answers. */
static void
test_own_devices (Fixture       *fixture,
                  gconstpointer  data)
{
  Device *alice = device_start (fixture, "alice", NULL);
  Device *phone = device_start (fixture, "alice", NULL);
  Device *bob = device_start (fixture, "bob", NULL);
  g_autoptr(CauMessage) at_bob = NULL;
  g_autoptr(CauMessage) copy = NULL;
  g_autoptr(CauMessage) answer = NULL;

  /* Both of alice's devices are in her lists, as alice and bob see them (two devices starting
   * at once may each publish the list without the other; each adds itself back when it sees
   * that). */
  wait_encrypted (alice, PEER_BOB);
  cau_test_device_wait_omemo_devices (alice, PEER_ALICE, 2);
  cau_test_device_wait_omemo_devices (bob, PEER_ALICE, 2);
  cau_test_device_send_text (alice, PEER_BOB, "Secret-5e6f from the laptop");
  at_bob = wait_message (bob, PEER_ALICE, 1);
  g_assert_cmpstr (cau_message_get_body (at_bob), ==, "Secret-5e6f from the laptop");

  copy = wait_message (phone, PEER_BOB, 1);
  g_assert_true (cau_message_get_outgoing (copy));
  g_assert_cmpstr (cau_message_get_body (copy), ==, "Secret-5e6f from the laptop");

  wait_encrypted (bob, PEER_ALICE);
  cau_test_device_send_text (bob, PEER_ALICE, "Secret-0a9b to both");
  answer = wait_message (phone, PEER_BOB, 2);
  g_assert_cmpstr (cau_message_get_body (answer), ==, "Secret-0a9b to both");
  g_clear_object (&answer);
  answer = wait_message (alice, PEER_BOB, 2);
  g_assert_cmpstr (cau_message_get_body (answer), ==, "Secret-0a9b to both");

  cau_test_device_stop (alice);
  cau_test_device_stop (phone);
  cau_test_device_stop (bob);
}

/* Bob offline: the key exchange reaches him from the archive (and the offline store) at his
 * next start, once, decrypted. */
static void
test_catch_up (Fixture       *fixture,
               gconstpointer  data)
{
  Device *bob = device_start (fixture, "bob", NULL);
  g_autofree char *bob_dir = g_strdup (bob->dir);
  Device *alice = device_start (fixture, "alice", NULL);
  g_autoptr(CauMessage) first = NULL;
  g_autoptr(CauMessage) second = NULL;

  wait_encrypted (alice, PEER_BOB);
  cau_test_device_stop (bob);

  cau_test_device_send_text (alice, PEER_BOB, "Secret-1111 while you were away");
  cau_test_device_send_text (alice, PEER_BOB, "Secret-2222 and another");
  cau_test_spin (1000);

  bob = device_start (fixture, "bob", bob_dir);
  second = wait_message (bob, PEER_ALICE, 2);
  first = cau_test_device_message_at (bob, PEER_ALICE, 0);
  g_assert_cmpstr (cau_message_get_body (first), ==, "Secret-1111 while you were away");
  g_assert_cmpstr (cau_message_get_body (second), ==, "Secret-2222 and another");
  cau_test_spin (1000);
  g_assert_cmpuint (cau_test_device_count_messages (bob, PEER_ALICE), ==, 2);

  cau_test_device_stop (alice);
  cau_test_device_stop (bob);
}

/* Bob lost his session with alice's device (a restored backup, say): her next message cannot
 * be read, and says so; his device sets a new session up and tells hers, and the message after
 * is read. */
static void
test_repair (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  Device *alice = device_start (fixture, "alice", NULL);
  Device *bob = device_start (fixture, "bob", NULL);
  g_autofree char *bob_dir = g_strdup (bob->dir);
  g_autofree char *bob_db = g_build_filename (bob->dir, "causerie.db", NULL);
  gint64 bob_account = cau_account_get_id (bob->account);
  g_autoptr(CauMessage) first = NULL;
  g_autoptr(CauMessage) broken = NULL;
  g_autoptr(CauMessage) third = NULL;

  wait_encrypted (alice, PEER_BOB);
  cau_test_device_send_text (alice, PEER_BOB, "Secret-r1 before");
  first = wait_message (bob, PEER_ALICE, 1);
  g_assert_cmpstr (cau_message_get_body (first), ==, "Secret-r1 before");
  /* Bob's acknowledgment reaches alice: her next messages carry no key exchange. */
  cau_test_spin (1000);
  cau_test_device_stop (bob);

  {
    g_autoptr(CauDb) db = cau_db_open (bob_db, &error);

    g_assert_no_error (error);
    g_assert_cmpint (cau_db_omemo_delete_sessions (db, bob_account, PEER_ALICE, NULL,
                                                   CAU_DB_OMEMO_2, &error), ==, 1);
  }
  bob = device_start (fixture, "bob", bob_dir);

  cau_test_device_send_text (alice, PEER_BOB, "Secret-r2 lost");
  broken = wait_message (bob, PEER_ALICE, 2);
  g_assert_cmpint (cau_message_get_crypto_error (broken), ==, CAU_MESSAGE_CRYPTO_NO_SESSION);
  g_assert_cmpstr (cau_message_get_body (broken), ==, "");

  /* The repair reaches alice's device before her next message. */
  cau_test_spin (1500);
  cau_test_device_send_text (alice, PEER_BOB, "Secret-r3 after the repair");
  third = wait_message (bob, PEER_ALICE, 3);
  g_assert_cmpint (cau_message_get_crypto_error (third), ==, CAU_MESSAGE_CRYPTO_OK);
  g_assert_cmpstr (cau_message_get_body (third), ==, "Secret-r3 after the repair");

  cau_test_device_stop (alice);
  cau_test_device_stop (bob);
}

static guint32
own_device_id (Device *device)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (device->dir, "causerie.db", NULL);
  g_autoptr(CauDb) db = cau_db_open_readonly (path, &error);
  g_autoptr(CauDbOmemoOwn) own = NULL;

  g_assert_no_error (error);
  own = cau_db_omemo_get_own (db, cau_account_get_id (device->account), &error);
  g_assert_no_error (error);
  return own->device_id;
}

/* Once bob verified alice's laptop, her new phone waits for his decision: its messages are
 * read and marked, and his are not encrypted to it. */
static void
test_new_device_after_verification (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  Device *alice = device_start (fixture, "alice", NULL);
  Device *bob = device_start (fixture, "bob", NULL);
  g_autofree char *bob_db = g_build_filename (bob->dir, "causerie.db", NULL);
  g_autoptr(CauMessage) first = NULL;
  g_autoptr(CauMessage) from_phone = NULL;
  g_autoptr(CauMessage) at_laptop = NULL;
  g_autoptr(CauMessage) at_phone = NULL;
  Device *phone;

  wait_encrypted (alice, PEER_BOB);
  cau_test_device_send_text (alice, PEER_BOB, "Secret-v1 from the laptop");
  first = wait_message (bob, PEER_ALICE, 1);
  g_assert_false (cau_message_get_untrusted (first));

  /* Bob compares fingerprints with alice and verifies her laptop. */
  {
    g_autoptr(CauDb) db = cau_db_open (bob_db, &error);

    g_assert_no_error (error);
    g_assert_true (cau_db_omemo_set_trust (db, cau_account_get_id (bob->account), PEER_ALICE,
                                           own_device_id (alice), CAU_DB_OMEMO_VERIFIED, &error));
    g_assert_no_error (error);
  }

  phone = device_start (fixture, "alice", NULL);
  cau_test_device_wait_omemo_devices (bob, PEER_ALICE, 2);
  wait_encrypted (phone, PEER_BOB);
  cau_test_device_send_text (phone, PEER_BOB, "Secret-v2 from a new phone");
  from_phone = wait_message (bob, PEER_ALICE, 2);
  g_assert_cmpstr (cau_message_get_body (from_phone), ==, "Secret-v2 from a new phone");
  g_assert_true (cau_message_get_untrusted (from_phone));

  cau_test_device_send_text (bob, PEER_ALICE, "Secret-v3 for the laptop only");
  at_laptop = wait_message (alice, PEER_BOB, 3);
  g_assert_cmpstr (cau_message_get_body (at_laptop), ==, "Secret-v3 for the laptop only");
  /* The phone's history: the laptop's first message from the archive (not encrypted for the
   * phone, which did not exist yet), its own, and bob's. */
  at_phone = wait_message (phone, PEER_BOB, 3);
  g_assert_cmpint (cau_message_get_crypto_error (at_phone), ==, CAU_MESSAGE_CRYPTO_NOT_FOR_US);

  cau_test_device_stop (phone);
  cau_test_device_stop (alice);
  cau_test_device_stop (bob);
}

/* Carol's OMEMO nodes were made by an older client with the default (presence) access model,
 * which refuses our publications' options: Causerie configures them and publishes again, so
 * that bob, a stranger to her, can fetch her devices and write to her encrypted. */
static void
test_stale_nodes_stranger (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CauMessage) received = NULL;
  g_autoptr(CauMessage) sent = NULL;
  Device *carol, *bob;
  CauConversation *conversation;
  StateWait wait;

  g_assert_true (cau_test_prosody_publish (fixture->prosody, "carol",
                                           "eu.siacs.conversations.axolotl.devicelist",
                                           "<item xmlns='http://jabber.org/protocol/pubsub' "
                                           "id='current'><list xmlns='eu.siacs.conversations."
                                           "axolotl'><device id='4242'/></list></item>",
                                           &error));
  g_assert_true (cau_test_prosody_publish (fixture->prosody, "carol", "urn:xmpp:omemo:2:devices",
                                           "<item xmlns='http://jabber.org/protocol/pubsub' "
                                           "id='current'><devices xmlns='urn:xmpp:omemo:2'>"
                                           "<device id='4242'/></devices></item>", &error));
  g_assert_no_error (error);

  carol = device_start (fixture, "carol", NULL);
  bob = device_start (fixture, "bob", NULL);
  /* Carol's publications, refused, configured and sent again. */
  cau_test_spin (1500);

  /* A stranger's devices are not followed: bob chooses encryption, and the message goes. */
  conversation = open_conversation (bob, "carol@localhost");
  cau_conversation_set_encrypted (conversation, TRUE);
  cau_test_device_send_text (bob, "carol@localhost", "Secret-s1 to a stranger");
  sent = cau_test_device_message_at (bob, "carol@localhost", 0);
  wait = (StateWait) { sent, CAU_MESSAGE_SENT };
  g_assert_true (cau_test_wait_until (state_is, &wait, WAIT_S));

  received = wait_message (carol, "bob@localhost", 1);
  g_assert_cmpstr (cau_message_get_body (received), ==, "Secret-s1 to a stranger");
  g_assert_true (cau_message_get_encrypted (received));

  cau_test_device_stop (carol);
  cau_test_device_stop (bob);
}

/* Takes `device`'s record of `jid`'s devices out of the OMEMO 2 list, as if they offered legacy
 * OMEMO only (as most deployed clients do). */
static void
forget_omemo2 (Device     *device,
               const char *jid)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (device->dir, "causerie.db", NULL);
  g_autoptr(CauDb) db = cau_db_open (path, &error);

  g_assert_no_error (error);
  g_assert_true (cau_db_omemo_set_device_list (db, cau_account_get_id (device->account), jid,
                                               CAU_DB_OMEMO_2, NULL, 0, NULL, &error));
  g_assert_no_error (error);
}

/* Two Causerie installs in legacy OMEMO, both ways: each sees the other's device in the legacy
 * list only, and writes to it in legacy OMEMO. */
static void
test_legacy_both_ways (Fixture       *fixture,
                       gconstpointer  data)
{
  Device *alice = device_start (fixture, "alice", NULL);
  Device *bob = device_start (fixture, "bob", NULL);
  g_autoptr(CauMessage) at_bob = NULL;
  g_autoptr(CauMessage) at_alice = NULL;

  wait_encrypted (alice, PEER_BOB);
  wait_encrypted (bob, PEER_ALICE);
  cau_test_device_wait_omemo_devices_in_both (alice, PEER_BOB, 1);
  cau_test_device_wait_omemo_devices_in_both (bob, PEER_ALICE, 1);
  forget_omemo2 (alice, PEER_BOB);
  forget_omemo2 (bob, PEER_ALICE);

  cau_test_device_send_text (alice, PEER_BOB, "Secret-l1 in legacy OMEMO");
  at_bob = wait_message (bob, PEER_ALICE, 1);
  g_assert_cmpstr (cau_message_get_body (at_bob), ==, "Secret-l1 in legacy OMEMO");
  g_assert_cmpint (stored_encryption (bob, at_bob), ==, CAU_DB_ENCRYPTION_OMEMO_LEGACY);

  cau_test_device_send_text (bob, PEER_ALICE, "Secret-l2 back in legacy OMEMO");
  at_alice = wait_message (alice, PEER_BOB, 2);
  g_assert_cmpstr (cau_message_get_body (at_alice), ==, "Secret-l2 back in legacy OMEMO");
  g_assert_cmpint (stored_encryption (alice, at_alice), ==, CAU_DB_ENCRYPTION_OMEMO_LEGACY);
  g_assert_false (server_holds (fixture, "Secret-l1"));
  g_assert_false (server_holds (fixture, "Secret-l2"));

  cau_test_device_stop (alice);
  cau_test_device_stop (bob);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  cau_core_prepare_process ();

  g_test_add ("/cau/omemo/both-ways", Fixture, NULL, fixture_setup, test_both_ways,
              fixture_teardown);
  g_test_add ("/cau/omemo/legacy-both-ways", Fixture, NULL, fixture_setup, test_legacy_both_ways,
              fixture_teardown);
  g_test_add ("/cau/omemo/plaintext-choice", Fixture, NULL, fixture_setup,
              test_plaintext_choice, fixture_teardown);
  g_test_add ("/cau/omemo/no-devices", Fixture, NULL, fixture_setup, test_no_devices,
              fixture_teardown);
  g_test_add ("/cau/omemo/own-devices", Fixture, NULL, fixture_setup, test_own_devices,
              fixture_teardown);
  g_test_add ("/cau/omemo/catch-up", Fixture, NULL, fixture_setup, test_catch_up,
              fixture_teardown);
  g_test_add ("/cau/omemo/repair", Fixture, NULL, fixture_setup, test_repair, fixture_teardown);
  g_test_add ("/cau/omemo/new-device-after-verification", Fixture, NULL, fixture_setup,
              test_new_device_after_verification, fixture_teardown);
  g_test_add ("/cau/omemo/stale-nodes-stranger", Fixture, NULL, fixture_setup,
              test_stale_nodes_stranger, fixture_teardown);
  return g_test_run ();
}
