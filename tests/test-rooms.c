/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-test-model.h"
#include "cau-test-rooms.h"
#include "cau-test-prosody.h"
#include "cau-test-util.h"
#include "core/cau-account-manager.h"
#include "core/cau-core-private.h"

#include <string.h>

/*
 * Rooms (XEP-0045) through the model, between separate installs on a real Prosody: entering,
 * talking, the occupant list, a refused nickname, leaving, and entering again by ourselves at
 * the next start with what was said meanwhile caught up from the room's archive, once each.
 */

#define WAIT_S 30

typedef CauTestServer Fixture;
typedef CauTestDevice Device;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  cau_test_server_setup (fixture, (const char *[]) { "alice", "bob", "carol", NULL },
                         (const char *[]) { NULL });
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  cau_test_server_teardown (fixture);
}

static void
send_text (Device     *device,
           const char *room,
           const char *text)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (cau_conversation_send (cau_test_device_find_conversation (device, room), text,
                                        &error));
  g_assert_no_error (error);
}

static gboolean
is_sent (gpointer data)
{
  return cau_message_get_state (data) >= CAU_MESSAGE_SENT;
}

/* Both in, each sees the other, messages both ways, ours once (the room's echo is ours). */
static void
test_join_and_talk (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *address = cau_test_room_address (fixture->prosody, "salon");
  Device *alice = cau_test_device_start (fixture->prosody, "alice", NULL, 0, fixture->dirs, NULL);
  Device *bob = cau_test_device_start (fixture->prosody, "bob", NULL, 0, fixture->dirs, NULL);
  CauRoom *alice_room = cau_test_device_join_room (alice, address, "Alice");
  CauRoom *bob_room;
  g_autoptr(CauMessage) heard = NULL;
  g_autoptr(CauMessage) said = NULL;

  cau_test_room_wait_state (alice_room, CAU_ROOM_JOINED);
  g_assert_cmpstr (cau_room_get_nick (alice_room), ==, "Alice");
  bob_room = cau_test_device_join_room (bob, address, "Bob");
  cau_test_room_wait_state (bob_room, CAU_ROOM_JOINED);
  cau_test_room_wait_occupant (bob_room, "Alice");
  cau_test_room_wait_occupant (alice_room, "Bob");
  g_assert_true (cau_occupant_is_self (cau_room_find_occupant (bob_room, "Bob")));
  g_assert_cmpint (cau_occupant_get_role (cau_room_find_occupant (bob_room, "Alice")), ==,
                   CAU_ROLE_MODERATOR);

  send_text (alice, address, "Bonjour le salon");
  cau_test_device_wait_count (bob, address, 1);
  heard = cau_test_device_message_at (bob, address, 0);
  g_assert_cmpstr (cau_message_get_body (heard), ==, "Bonjour le salon");
  g_assert_cmpstr (cau_message_get_nick (heard), ==, "Alice");
  g_assert_false (cau_message_get_outgoing (heard));

  /* Our own, echoed by the room: one message, ours, sent. */
  said = cau_test_device_message_at (alice, address, 0);
  g_assert_true (cau_message_get_outgoing (said));
  g_assert_true (cau_test_wait_until (is_sent, said, WAIT_S));
  cau_test_spin (300);
  g_assert_cmpuint (cau_test_device_count_messages (alice, address), ==, 1);

  send_text (bob, address, "Salut");
  cau_test_device_wait_count (alice, address, 2);

  cau_test_device_stop (alice);
  cau_test_device_stop (bob);
}

/* A nickname someone has: refused with the reason; another one gets in. */
static void
test_nick_in_use (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *address = cau_test_room_address (fixture->prosody, "salon");
  Device *alice = cau_test_device_start (fixture->prosody, "alice", NULL, 0, fixture->dirs, NULL);
  Device *bob = cau_test_device_start (fixture->prosody, "bob", NULL, 0, fixture->dirs, NULL);
  CauRoom *bob_room;

  cau_test_room_wait_state (cau_test_device_join_room (alice, address, "Alice"), CAU_ROOM_JOINED);
  bob_room = cau_test_device_join_room (bob, address, "Alice");
  cau_test_room_wait_state (bob_room, CAU_ROOM_FAILED);
  g_assert_cmpint (cau_room_get_error (bob_room), ==, CAU_ROOM_ERROR_NICK_IN_USE);
  g_assert_nonnull (cau_room_get_error_message (bob_room));

  cau_room_join (bob_room, "Bob", NULL);
  cau_test_room_wait_state (bob_room, CAU_ROOM_JOINED);
  g_assert_cmpstr (cau_room_get_nick (bob_room), ==, "Bob");

  cau_test_device_stop (alice);
  cau_test_device_stop (bob);
}

/* Alice's app stops; Bob talks; at her next start she is back in by herself, with what was
 * said, once. Leaving is remembered too. */
static void
test_rejoin_and_catch_up (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *address = cau_test_room_address (fixture->prosody, "salon");
  Device *alice = cau_test_device_start (fixture->prosody, "alice", NULL, 0, fixture->dirs, NULL);
  Device *bob = cau_test_device_start (fixture->prosody, "bob", NULL, 0, fixture->dirs, NULL);
  g_autofree char *alice_dir = g_strdup (alice->dir);
  CauRoom *bob_room;
  CauRoom *alice_room;

  cau_test_room_wait_state (cau_test_device_join_room (alice, address, "Alice"), CAU_ROOM_JOINED);
  bob_room = cau_test_device_join_room (bob, address, "Bob");
  cau_test_room_wait_state (bob_room, CAU_ROOM_JOINED);
  send_text (alice, address, "Avant");
  cau_test_device_wait_count (bob, address, 1);
  cau_test_device_stop (alice);

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *text = g_strdup_printf ("Pendant %u", i);

      send_text (bob, address, text);
    }
  cau_test_device_wait_count (bob, address, 4);

  alice = cau_test_device_start (fixture->prosody, "alice", alice_dir, 0, fixture->dirs, NULL);
  alice_room = cau_conversation_get_room (cau_test_device_find_conversation (alice, address));
  g_assert_nonnull (alice_room);
  cau_test_room_wait_state (alice_room, CAU_ROOM_JOINED);
  cau_test_device_wait_count (alice, address, 4);
  cau_test_spin (500);
  g_assert_cmpuint (cau_test_device_count_messages (alice, address), ==, 4);
  {
    g_autoptr(CauMessage) last = cau_test_device_message_at (alice, address, 3);

    g_assert_cmpstr (cau_message_get_body (last), ==, "Pendant 2");
  }

  /* Left, and not entered again at the next start. */
  cau_room_leave (alice_room);
  g_assert_cmpint (cau_room_get_state (alice_room), ==, CAU_ROOM_LEFT);
  cau_test_device_stop (alice);
  alice = cau_test_device_start (fixture->prosody, "alice", alice_dir, 0, fixture->dirs, NULL);
  alice_room = cau_conversation_get_room (cau_test_device_find_conversation (alice, address));
  g_assert_cmpint (cau_room_get_state (alice_room), ==, CAU_ROOM_LEFT);
  cau_test_spin (500);
  g_assert_null (cau_room_find_occupant (bob_room, "Alice"));

  cau_test_device_stop (alice);
  cau_test_device_stop (bob);
}

static gboolean
has_conversation (gpointer data)
{
  return cau_test_device_find_conversation (((gpointer *) data)[0], ((gpointer *) data)[1]) != NULL;
}

/* Two installs of Alice's: entering a room on one enters it on the other (XEP-0402
 * bookmarks), and leaving it on one leaves it on the other. */
static void
test_bookmarks_sync (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *address = cau_test_room_address (fixture->prosody, "salon");
  Device *laptop = cau_test_device_start (fixture->prosody, "alice", NULL, 0, fixture->dirs, NULL);
  Device *phone = cau_test_device_start (fixture->prosody, "alice", NULL, 0, fixture->dirs, NULL);
  gpointer wait[] = { phone, address };
  CauRoom *on_phone;

  /* Both online, and the server knows the phone follows the bookmarks. */
  g_assert_true (cau_test_prosody_wait_pep_interest (fixture->prosody, "alice",
                                                     cau_account_get_bound_jid (phone->account),
                                                     "urn:xmpp:bookmarks:1", WAIT_S));
  cau_test_room_wait_state (cau_test_device_join_room (laptop, address, "Alice"), CAU_ROOM_JOINED);
  g_assert_true (cau_test_wait_until (has_conversation, wait, WAIT_S));
  on_phone = cau_conversation_get_room (cau_test_device_find_conversation (phone, address));
  g_assert_nonnull (on_phone);
  cau_test_room_wait_state (on_phone, CAU_ROOM_JOINED);
  g_assert_cmpstr (cau_room_get_nick (on_phone), ==, "Alice");

  /* Left on the phone: left on the laptop. */
  cau_conversation_archive (cau_test_device_find_conversation (phone, address));
  cau_test_room_wait_state (
    cau_conversation_get_room (cau_test_device_find_conversation (laptop, address)),
    CAU_ROOM_LEFT);

  cau_test_device_stop (laptop);
  cau_test_device_stop (phone);
}

static gboolean
is_private (gpointer room)
{
  return cau_room_get_private (room);
}

static gboolean
conversation_encrypted (gpointer conversation)
{
  return cau_conversation_get_encrypted (conversation);
}

/* The body of the newest message, once `count` are there. */
static CauMessage *
newest (Device     *device,
        const char *address,
        guint       count)
{
  cau_test_device_wait_count (device, address, count);
  return cau_test_device_message_at (device, address, count - 1);
}

static gboolean
carol_gone (gpointer room)
{
  return cau_room_find_occupant (room, "Carol") == NULL;
}

/* A private group of three (members only, addresses shown): encrypted by default, each
 * member reads the others' messages, and the room (and its archive) holds ciphertext only.
 * What a member wrote before leaving is read from the room's archive by one who was away:
 * the archive's record of her address says whose sessions to use. */
static void
test_omemo_private_group (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *address = g_strconcat ("groupe@", cau_test_prosody_get_muc_domain (fixture->prosody),
                                          NULL);
  Device *alice = cau_test_device_start (fixture->prosody, "alice", NULL, 0, fixture->dirs, NULL);
  Device *bob = cau_test_device_start (fixture->prosody, "bob", NULL, 0, fixture->dirs, NULL);
  Device *carol = cau_test_device_start (fixture->prosody, "carol", NULL, 0, fixture->dirs, NULL);
  CauXmppRoomCreation group = { (char *) "Groupe", NULL, TRUE };
  g_autoptr(GError) error = NULL;
  g_autofree char *lua = NULL;
  CauRoom *alice_room, *bob_room, *carol_room;
  CauConversation *alice_conversation;
  g_autoptr(CauMessage) at_bob = NULL;
  g_autoptr(CauMessage) at_carol = NULL;
  g_autoptr(CauMessage) reply_at_alice = NULL;
  g_autoptr(CauMessage) reply_at_carol = NULL;
  g_autoptr(CauMessage) away = NULL;
  g_autofree char *archive = NULL;
  g_autofree char *bob_dir = NULL;

  cau_test_device_wait_omemo_devices (alice, "alice@localhost", 1);
  cau_test_device_wait_omemo_devices (bob, "bob@localhost", 1);
  cau_test_device_wait_omemo_devices (carol, "carol@localhost", 1);

  cau_xmpp_client_create_room (cau_account_get_client (alice->account), address, "Alice", &group);
  alice_room = cau_test_device_join_room (alice, address, "Alice");
  cau_test_room_wait_state (alice_room, CAU_ROOM_JOINED);
  g_assert_true (cau_test_wait_until (is_private, alice_room, WAIT_S));
  lua = g_strdup_printf ("local room = prosody.hosts[\"%s\"].modules.muc.get_room_from_jid (\"%s\"); "
                         "room:set_affiliation (true, \"bob@localhost\", \"member\"); "
                         "room:set_affiliation (true, \"carol@localhost\", \"member\"); "
                         "return \"members\"",
                         cau_test_prosody_get_muc_domain (fixture->prosody), address);
  g_assert_true (cau_test_prosody_shell (fixture->prosody, lua, NULL, &error));
  g_assert_no_error (error);

  bob_room = cau_test_device_join_room (bob, address, "Bob");
  carol_room = cau_test_device_join_room (carol, address, "Carol");
  cau_test_room_wait_state (bob_room, CAU_ROOM_JOINED);
  cau_test_room_wait_state (carol_room, CAU_ROOM_JOINED);
  g_assert_true (cau_test_wait_until (is_private, bob_room, WAIT_S));
  cau_test_room_wait_occupant (alice_room, "Carol");

  /* Encrypted by default, to both. */
  alice_conversation = cau_test_device_find_conversation (alice, address);
  g_assert_true (cau_test_wait_until (conversation_encrypted, alice_conversation, WAIT_S));
  send_text (alice, address, "Secret du groupe 7c1a");
  at_bob = newest (bob, address, 1);
  at_carol = newest (carol, address, 1);
  g_assert_cmpstr (cau_message_get_body (at_bob), ==, "Secret du groupe 7c1a");
  g_assert_true (cau_message_get_encrypted (at_bob));
  g_assert_cmpstr (cau_message_get_nick (at_bob), ==, "Alice");
  g_assert_cmpstr (cau_message_get_body (at_carol), ==, "Secret du groupe 7c1a");

  /* And back, from Bob to Alice and Carol. */
  g_assert_true (cau_test_wait_until (conversation_encrypted,
                                      cau_test_device_find_conversation (bob, address), WAIT_S));
  send_text (bob, address, "Bien reçu 9d2e");
  reply_at_alice = newest (alice, address, 2);
  reply_at_carol = newest (carol, address, 2);
  g_assert_cmpstr (cau_message_get_body (reply_at_alice), ==, "Bien reçu 9d2e");
  g_assert_true (cau_message_get_encrypted (reply_at_alice));
  g_assert_cmpstr (cau_message_get_body (reply_at_carol), ==, "Bien reçu 9d2e");

  /* The room's archive has the ciphertext only. */
  g_free (lua);
  lua = g_strdup_printf ("local a = require \"core.storagemanager\".open (\"%s\", \"muc_log\", \"archive\"); "
                         "local out = {}; for _, item in a:find (\"groupe\", {}) do "
                         "out[#out + 1] = tostring (item) end; return table.concat (out, \"\\n\")",
                         cau_test_prosody_get_muc_domain (fixture->prosody));
  g_assert_true (cau_test_prosody_shell (fixture->prosody, lua, &archive, &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (archive, "encrypted"));
  g_assert_null (strstr (archive, "7c1a"));
  g_assert_null (strstr (archive, "9d2e"));

  /* Bob away; Carol writes to the members, then leaves. */
  bob_dir = g_strdup (bob->dir);
  cau_test_device_stop (bob);
  send_text (carol, address, "Pendant ton absence 4f3b");
  g_clear_object (&reply_at_alice);
  reply_at_alice = newest (alice, address, 3);
  g_assert_cmpstr (cau_message_get_body (reply_at_alice), ==, "Pendant ton absence 4f3b");
  cau_room_leave (carol_room);
  g_assert_true (cau_test_wait_until (carol_gone, alice_room, WAIT_S));
  bob = cau_test_device_start (fixture->prosody, "bob", bob_dir, 0, fixture->dirs, NULL);
  away = newest (bob, address, 3);
  g_assert_cmpstr (cau_message_get_body (away), ==, "Pendant ton absence 4f3b");
  g_assert_true (cau_message_get_encrypted (away));
  g_assert_cmpint (cau_message_get_crypto_error (away), ==, CAU_MESSAGE_CRYPTO_OK);

  cau_test_device_stop (alice);
  cau_test_device_stop (bob);
  cau_test_device_stop (carol);
}

static gboolean
list_has (gpointer data)
{
  return cau_test_device_find_conversation (((gpointer *) data)[0], ((gpointer *) data)[1]) != NULL;
}

/* A private message to an occupant has a conversation of its own, both sides, and nothing of
 * it reaches the room's. */
static void
test_private_messages (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *address = cau_test_room_address (fixture->prosody, "salon");
  g_autofree char *to_bob = NULL;
  g_autofree char *to_alice = NULL;
  Device *alice = cau_test_device_start (fixture->prosody, "alice", NULL, 0, fixture->dirs, NULL);
  Device *bob = cau_test_device_start (fixture->prosody, "bob", NULL, 0, fixture->dirs, NULL);
  CauRoom *alice_room = cau_test_device_join_room (alice, address, "Alice");
  g_autoptr(GError) error = NULL;
  g_autoptr(CauMessage) heard = NULL;
  CauConversation *private_chat;
  gpointer wait[2];
  gint64 id;

  cau_test_room_wait_state (alice_room, CAU_ROOM_JOINED);
  cau_test_room_wait_state (cau_test_device_join_room (bob, address, "Bob"), CAU_ROOM_JOINED);
  cau_test_room_wait_occupant (alice_room, "Bob");

  id = cau_room_open_private_chat (alice_room, "Bob", &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  to_bob = g_strconcat (address, "/Bob", NULL);
  wait[0] = alice;
  wait[1] = to_bob;
  g_assert_true (cau_test_wait_until (list_has, wait, WAIT_S));
  private_chat = cau_test_device_find_conversation (alice, to_bob);
  g_assert_cmpint (cau_conversation_get_id (private_chat), ==, id);
  g_assert_true (cau_conversation_is_private_chat (private_chat));
  g_assert_false (cau_conversation_get_encrypted (private_chat));
  g_assert_cmpstr (cau_conversation_get_title (private_chat), ==, "Bob (salon)");
  g_assert_true (cau_conversation_send (private_chat, "Rien qu’à toi", &error));
  g_assert_no_error (error);

  to_alice = g_strconcat (address, "/Alice", NULL);
  cau_test_device_wait_count (bob, to_alice, 1);
  heard = cau_test_device_message_at (bob, to_alice, 0);
  g_assert_cmpstr (cau_message_get_body (heard), ==, "Rien qu’à toi");
  g_assert_false (cau_message_get_outgoing (heard));

  g_assert_true (cau_conversation_send (cau_test_device_find_conversation (bob, to_alice),
                                        "Reçu", &error));
  cau_test_device_wait_count (alice, to_bob, 2);
  cau_test_spin (300);
  g_assert_cmpuint (cau_test_device_count_messages (alice, address), ==, 0);
  g_assert_cmpuint (cau_test_device_count_messages (bob, address), ==, 0);

  cau_test_device_stop (alice);
  cau_test_device_stop (bob);
}

/* What is not the room's is not taken as the room's; what an occupant claims in a message
 * changes nothing of who wrote it. */
static void
test_hostile (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *address = cau_test_room_address (fixture->prosody, "salon");
  Device *alice = cau_test_device_start (fixture->prosody, "alice", NULL, 0, fixture->dirs, NULL);
  Device *bob = cau_test_device_start (fixture->prosody, "bob", NULL, 0, fixture->dirs, NULL);
  const char *to = cau_account_get_bound_jid (alice->account);
  g_autofree char *forged = NULL;
  g_autofree char *claims = NULL;
  g_autofree char *private = NULL;
  g_autoptr(CauMessage) claimed = NULL;
  g_autoptr(CauMessage) last = NULL;

  cau_test_room_wait_state (cau_test_device_join_room (alice, address, "Alice"), CAU_ROOM_JOINED);
  cau_test_room_wait_state (cau_test_device_join_room (bob, address, "Bob"), CAU_ROOM_JOINED);

  /* A room message from someone who is not a room. */
  forged = g_strdup_printf ("<message xmlns='jabber:client' type='groupchat' "
                            "from='mallory@localhost/evil' to='%s'><body>forged</body>"
                            "</message>", to);
  cau_test_room_inject (fixture->prosody, forged);
  /* An occupant claiming, inside, to be Alice. */
  claims = g_strdup_printf ("<message xmlns='jabber:client' type='groupchat' from='%s/Mallory' "
                            "to='%s' id='m-1'><body>I am Alice</body>"
                            "<x xmlns='http://jabber.org/protocol/muc#user'>"
                            "<item jid='alice@localhost' role='moderator'/></x>"
                            "<addresses xmlns='http://jabber.org/protocol/address'>"
                            "<address type='ofrom' jid='alice@localhost'/></addresses>"
                            "</message>", address, to);
  cau_test_room_inject (fixture->prosody, claims);
  /* A private message from an occupant: not said to the room. */
  private = g_strdup_printf ("<message xmlns='jabber:client' type='chat' from='%s/Bob' to='%s' "
                             "id='p-1'><body>just for you</body></message>", address, to);
  cau_test_room_inject (fixture->prosody, private);

  send_text (bob, address, "Honest");
  cau_test_device_wait_count (alice, address, 2);
  cau_test_spin (300);
  g_assert_cmpuint (cau_test_device_count_messages (alice, address), ==, 2);
  claimed = cau_test_device_message_at (alice, address, 0);
  g_assert_cmpstr (cau_message_get_body (claimed), ==, "I am Alice");
  g_assert_cmpstr (cau_message_get_nick (claimed), ==, "Mallory");
  g_assert_false (cau_message_get_outgoing (claimed));
  last = cau_test_device_message_at (alice, address, 1);
  g_assert_cmpstr (cau_message_get_body (last), ==, "Honest");
  g_assert_null (cau_test_device_find_conversation (alice, "mallory@localhost"));

  cau_test_device_stop (alice);
  cau_test_device_stop (bob);
}

/* A room asked for by its address that does not exist is not made by entering it: the room
 * says it is missing, and making it is a choice; then we own it. One that exists is entered. */
static void
test_join_existing (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *missing = cau_test_room_address (fixture->prosody, "nulle-part");
  g_autofree char *address = cau_test_room_address (fixture->prosody, "salon");
  Device *alice = cau_test_device_start (fixture->prosody, "alice", NULL, 0, fixture->dirs, NULL);
  Device *bob = cau_test_device_start (fixture->prosody, "bob", NULL, 0, fixture->dirs, NULL);
  g_autoptr(GError) error = NULL;
  CauConversation *conversation;
  CauRoom *room;

  conversation = cau_account_manager_join_existing_room (alice->manager, alice->account, missing,
                                                         "Alice", NULL, &error);
  g_assert_no_error (error);
  room = cau_conversation_get_room (conversation);
  cau_test_room_wait_state (room, CAU_ROOM_FAILED);
  g_assert_cmpint (cau_room_get_error (room), ==, CAU_ROOM_ERROR_MISSING);

  cau_room_create_missing (room);
  cau_test_room_wait_state (room, CAU_ROOM_JOINED);
  g_assert_cmpint (cau_room_get_own_affiliation (room), ==, CAU_AFFILIATION_OWNER);

  /* Bob enters Alice's "salon", which exists, by its address. */
  cau_test_room_wait_state (cau_test_device_join_room (alice, address, "Alice"), CAU_ROOM_JOINED);
  conversation = cau_account_manager_join_existing_room (bob->manager, bob->account, address,
                                                         "Bob", NULL, &error);
  g_assert_no_error (error);
  cau_test_room_wait_state (cau_conversation_get_room (conversation), CAU_ROOM_JOINED);

  cau_test_device_stop (alice);
  cau_test_device_stop (bob);
}

static gboolean
is_corrected (gpointer data)
{
  return g_strcmp0 (cau_message_get_body (data), "Hello all") == 0 &&
         cau_message_get_edited (data);
}

static gboolean
has_nick (gpointer data)
{
  return g_strcmp0 (cau_room_get_nick (data), "Robert") == 0;
}

/* XEP-0308 with XEP-0421: Bob, having become "Robert", corrects what he said as "Bob": the room
 * tells it is the same person by his occupant id, so Alice (and Bob) see the correction in
 * place of the message, and no new message. */
static void
test_correction (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *address = cau_test_room_address (fixture->prosody, "salon");
  Device *alice = cau_test_device_start (fixture->prosody, "alice", NULL, 0, fixture->dirs, NULL);
  Device *bob = cau_test_device_start (fixture->prosody, "bob", NULL, 0, fixture->dirs, NULL);
  CauRoom *alice_room = cau_test_device_join_room (alice, address, "Alice");
  g_autoptr(CauMessage) heard = NULL;
  g_autoptr(CauMessage) said = NULL;
  g_autoptr(GError) error = NULL;
  CauRoom *bob_room;

  cau_test_room_wait_state (alice_room, CAU_ROOM_JOINED);
  bob_room = cau_test_device_join_room (bob, address, "Bob");
  cau_test_room_wait_state (bob_room, CAU_ROOM_JOINED);
  send_text (bob, address, "Helo all");
  cau_test_device_wait_count (alice, address, 1);
  heard = cau_test_device_message_at (alice, address, 0);
  g_assert_nonnull (cau_message_get_occupant_id (heard));
  said = cau_test_device_message_at (bob, address, 0);
  g_assert_true (cau_test_wait_until (is_sent, said, WAIT_S));
  /* The room's echo of it came: it knows Bob's occupant id. */
  cau_test_spin (300);

  cau_room_join (bob_room, "Robert", NULL);
  g_assert_true (cau_test_wait_until (has_nick, bob_room, WAIT_S));
  cau_test_room_wait_occupant (alice_room, "Robert");
  g_assert_true (cau_conversation_correct (cau_test_device_find_conversation (bob, address), said,
                                           "Hello all", &error));
  g_assert_no_error (error);
  g_assert_true (cau_test_wait_until (is_corrected, heard, WAIT_S));
  g_assert_cmpstr (cau_message_get_nick (heard), ==, "Bob");
  g_assert_true (cau_test_wait_until (is_corrected, said, WAIT_S));
  cau_test_spin (500);
  g_assert_cmpuint (cau_test_device_count_messages (alice, address), ==, 1);
  g_assert_cmpuint (cau_test_device_count_messages (bob, address), ==, 1);

  cau_test_device_stop (alice);
  cau_test_device_stop (bob);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/cau/rooms/join-and-talk", Fixture, NULL, fixture_setup, test_join_and_talk,
              fixture_teardown);
  g_test_add ("/cau/rooms/nick-in-use", Fixture, NULL, fixture_setup, test_nick_in_use,
              fixture_teardown);
  g_test_add ("/cau/rooms/rejoin-and-catch-up", Fixture, NULL, fixture_setup,
              test_rejoin_and_catch_up, fixture_teardown);
  g_test_add ("/cau/rooms/correction", Fixture, NULL, fixture_setup, test_correction,
              fixture_teardown);
  g_test_add ("/cau/rooms/join-existing", Fixture, NULL, fixture_setup, test_join_existing,
              fixture_teardown);
  g_test_add ("/cau/rooms/hostile", Fixture, NULL, fixture_setup, test_hostile,
              fixture_teardown);
  g_test_add ("/cau/rooms/bookmarks-sync", Fixture, NULL, fixture_setup, test_bookmarks_sync,
              fixture_teardown);
  g_test_add ("/cau/rooms/omemo-private-group", Fixture, NULL, fixture_setup,
              test_omemo_private_group, fixture_teardown);
  g_test_add ("/cau/rooms/private-messages", Fixture, NULL, fixture_setup,
              test_private_messages, fixture_teardown);
  return g_test_run ();
}
