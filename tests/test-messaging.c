/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-test-model.h"
#include "cau-test-prosody.h"
#include "cau-test-proxy.h"
#include "cau-test-util.h"
#include "core/cau-account-manager.h"
#include "store/cau-db-messages.h"
#include "core/cau-core-private.h"

#include <string.h>

/*
 * One-to-one messaging through the model, between real clients on a real
 * Prosody: each "device" is an account manager with its own data
 * directory, as separate installs of the app would be.
 */

#define WAIT_S 30

typedef CauTestServer Fixture;

typedef CauTestDevice Device;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  cau_test_server_setup (fixture, (const char *[]) { "alice", "bob", NULL },
                         (const char *[]) { "alice", "bob", NULL });
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  cau_test_server_teardown (fixture);
}

static gboolean
is_state (CauAccount      *account,
          CauAccountState  state)
{
  return cau_account_get_state (account) == state;
}

/* A device signed in as user; `dir` NULL: a new install; `port` 0: the
 * server's own. */
static Device *
device_start_on (Fixture    *fixture,
                 const char *user,
                 const char *dir,
                 guint16     port)
{
  return cau_test_device_start (fixture->prosody, user, dir, port, fixture->dirs, NULL);
}

static Device *
device_start (Fixture    *fixture,
              const char *user,
              const char *dir)
{
  return device_start_on (fixture, user, dir, 0);
}

typedef struct {
  CauMessage      *message;
  CauMessageState  state;
} MessageWait;

typedef struct {
  Device     *device;
  const char *peer;
  guint       unread;
} UnreadWait;

static gboolean
unread_is (gpointer data)
{
  UnreadWait *wait = data;
  CauConversation *conversation = cau_test_device_find_conversation (wait->device, wait->peer);

  return conversation != NULL && cau_conversation_get_unread (conversation) == wait->unread;
}

static gboolean
message_reached (gpointer data)
{
  MessageWait *wait = data;

  return cau_message_get_state (wait->message) == wait->state;
}

/* Both ways, with the state of our message following it. */
static void
test_both_ways (Fixture       *fixture,
                gconstpointer  data)
{
  Device *alice = device_start (fixture, "alice", NULL);
  Device *bob = device_start (fixture, "bob", NULL);
  g_autoptr(CauMessage) sent = NULL;
  g_autoptr(CauMessage) received = NULL;
  MessageWait wait;

  cau_test_device_send_text (alice, "bob@localhost", "Bonjour Bob <b>!</b>");
  sent = cau_test_device_message_at (alice, "bob@localhost", 0);
  g_assert_true (cau_message_get_outgoing (sent));

  cau_test_device_wait_count (bob, "alice@localhost", 1);
  received = cau_test_device_message_at (bob, "alice@localhost", 0);
  g_assert_cmpstr (cau_message_get_body (received), ==, "Bonjour Bob <b>!</b>");
  g_assert_false (cau_message_get_outgoing (received));
  g_assert_cmpstr (cau_message_get_sender (received), ==, "alice@localhost");
  {
    UnreadWait unread = { bob, "alice@localhost", 1 };

    g_assert_true (cau_test_wait_until (unread_is, &unread, WAIT_S));
  }

  /* Bob's client sent a receipt. */
  wait = (MessageWait) { sent, CAU_MESSAGE_DELIVERED };
  g_assert_true (cau_test_wait_until (message_reached, &wait, WAIT_S));

  /* Bob reads it: alice sees it read. */
  cau_conversation_mark_read (cau_test_device_find_conversation (bob, "alice@localhost"));
  g_assert_cmpuint (cau_conversation_get_unread (cau_test_device_find_conversation (bob, "alice@localhost")), ==, 0);
  wait = (MessageWait) { sent, CAU_MESSAGE_READ };
  g_assert_true (cau_test_wait_until (message_reached, &wait, WAIT_S));

  cau_test_device_send_text (bob, "alice@localhost", "Salut Alice");
  cau_test_device_wait_count (alice, "bob@localhost", 2);
  g_assert_cmpuint (cau_test_device_count_messages (bob, "alice@localhost"), ==, 2);

  cau_test_device_stop (bob);
  cau_test_device_stop (alice);
}

/* Written while offline: pending, then sent once, on reconnect. */
static void
test_outbox (Fixture       *fixture,
             gconstpointer  data)
{
  Device *alice = device_start (fixture, "alice", NULL);
  Device *bob = device_start (fixture, "bob", NULL);
  g_autoptr(CauMessage) sent = NULL;
  MessageWait wait;

  cau_account_set_enabled (alice->account, FALSE);
  g_assert_true (is_state (alice->account, CAU_ACCOUNT_STATE_DISABLED));
  cau_test_device_send_text (alice, "bob@localhost", "écrit hors ligne");
  sent = cau_test_device_message_at (alice, "bob@localhost", 0);
  cau_test_spin (300);
  g_assert_cmpint (cau_message_get_state (sent), ==, CAU_MESSAGE_PENDING);

  cau_account_set_enabled (alice->account, TRUE);
  wait = (MessageWait) { sent, CAU_MESSAGE_DELIVERED };
  g_assert_true (cau_test_wait_until (message_reached, &wait, WAIT_S));
  cau_test_device_wait_count (bob, "alice@localhost", 1);
  cau_test_spin (300);
  g_assert_cmpuint (cau_test_device_count_messages (bob, "alice@localhost"), ==, 1);

  cau_test_device_stop (bob);
  cau_test_device_stop (alice);
}

/* Bob is away while alice writes; on his return, the archive catch-up and
 * the server's offline store both bring the messages: each is kept once,
 * in order. A second start changes nothing. */
static void
test_catch_up (Fixture       *fixture,
               gconstpointer  data)
{
  Device *alice = device_start (fixture, "alice", NULL);
  Device *bob = device_start (fixture, "bob", NULL);
  g_autofree char *bob_dir = g_strdup (bob->dir);
  const guint n = 60;

  cau_test_device_send_text (alice, "bob@localhost", "avant");
  cau_test_device_wait_count (bob, "alice@localhost", 1);
  cau_test_device_stop (bob);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *text = g_strdup_printf ("message %u", i);

      cau_test_device_send_text (alice, "bob@localhost", text);
    }
  cau_test_spin (500);

  bob = device_start (fixture, "bob", bob_dir);
  cau_test_device_wait_count (bob, "alice@localhost", n + 1);
  cau_test_spin (500);
  g_assert_cmpuint (cau_test_device_count_messages (bob, "alice@localhost"), ==, n + 1);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CauMessage) message = cau_test_device_message_at (bob, "alice@localhost", i + 1);
      g_autofree char *text = g_strdup_printf ("message %u", i);

      g_assert_cmpstr (cau_message_get_body (message), ==, text);
    }
  cau_test_device_stop (bob);

  bob = device_start (fixture, "bob", bob_dir);
  cau_test_spin (1000);
  g_assert_cmpuint (cau_test_device_count_messages (bob, "alice@localhost"), ==, n + 1);

  cau_test_device_stop (bob);
  cau_test_device_stop (alice);
}

/* A second device of alice sees what the first sends (carbons), as
 * ours; a new install gets recent history from the archive. */
static void
test_second_device (Fixture       *fixture,
                    gconstpointer  data)
{
  Device *alice = device_start (fixture, "alice", NULL);
  Device *bob = device_start (fixture, "bob", NULL);
  Device *phone;
  g_autoptr(CauMessage) copy = NULL;

  cau_test_device_send_text (alice, "bob@localhost", "from the desktop, before the phone");
  cau_test_device_wait_count (bob, "alice@localhost", 1);

  phone = device_start (fixture, "alice", NULL);
  cau_test_device_wait_count (phone, "bob@localhost", 1);
  /* Messages are encrypted (OMEMO) to our other devices the desktop knows of: once the
   * phone's device is in its list. */
  cau_test_device_wait_omemo_devices (alice, "alice@localhost", 2);

  cau_test_device_send_text (alice, "bob@localhost", "from the desktop");
  cau_test_device_wait_count (phone, "bob@localhost", 2);
  copy = cau_test_device_message_at (phone, "bob@localhost", 1);
  g_assert_true (cau_message_get_outgoing (copy));
  g_assert_cmpstr (cau_message_get_body (copy), ==, "from the desktop");

  cau_test_device_send_text (bob, "alice@localhost", "to both");
  cau_test_device_wait_count (phone, "bob@localhost", 3);
  cau_test_device_wait_count (alice, "bob@localhost", 3);

  /* Read on the phone: the desktop's unread count clears. (The history
   * may read a message from the store before the change notice reaches
   * the conversation: wait for the count, do not sample it.) */
  {
    UnreadWait unread = { alice, "bob@localhost", 1 };

    g_assert_true (cau_test_wait_until (unread_is, &unread, WAIT_S));
  }
  cau_conversation_mark_read (cau_test_device_find_conversation (phone, "bob@localhost"));
  {
    UnreadWait unread = { alice, "bob@localhost", 0 };

    g_assert_true (cau_test_wait_until (unread_is, &unread, WAIT_S));
  }

  cau_test_device_stop (phone);
  cau_test_device_stop (bob);
  cau_test_device_stop (alice);
}

typedef struct {
  CauConversation *conversation;
  CauMessage      *message;
} CorrectWait;

static gboolean
can_correct (gpointer data)
{
  CorrectWait *wait = data;

  return cau_conversation_can_correct (wait->conversation, wait->message);
}

typedef struct {
  Device     *device;
  guint       position;
  const char *body;
} BodyWait;

static gboolean
body_is (gpointer data)
{
  BodyWait *wait = data;
  g_autoptr(CauMessage) message = cau_test_device_message_at (wait->device, "alice@localhost",
                                                              wait->position);

  return message != NULL && g_strcmp0 (cau_message_get_body (message), wait->body) == 0 &&
         cau_message_get_edited (message);
}

/* XEP-0308: Alice corrects her last message, encrypted as it was: Bob reads the correction in
 * its place, marked edited, live and, after being away, from his archive. Only our last
 * message may be corrected; Bob cannot correct Alice's. */
static void
test_correction (Fixture       *fixture,
                 gconstpointer  data)
{
  Device *alice = device_start (fixture, "alice", NULL);
  Device *bob = device_start (fixture, "bob", NULL);
  g_autofree char *bob_dir = g_strdup (bob->dir);
  g_autoptr(CauMessage) first = NULL;
  g_autoptr(CauMessage) last = NULL;
  g_autoptr(CauMessage) theirs = NULL;
  g_autoptr(GError) error = NULL;
  CauConversation *conversation;
  CorrectWait correctable;

  /* Encrypted: once Alice knows Bob's device. */
  cau_test_device_wait_omemo_devices (alice, "bob@localhost", 1);
  cau_test_device_send_text (alice, "bob@localhost", "First");
  cau_test_device_send_text (alice, "bob@localhost", "Helo Bob");
  cau_test_device_wait_count (bob, "alice@localhost", 2);
  conversation = cau_test_device_find_conversation (alice, "bob@localhost");
  first = cau_test_device_message_at (alice, "bob@localhost", 0);
  last = cau_test_device_message_at (alice, "bob@localhost", 1);
  correctable = (CorrectWait) { conversation, last };
  g_assert_true (cau_test_wait_until (can_correct, &correctable, WAIT_S));
  g_assert_false (cau_conversation_can_correct (conversation, first));
  g_assert_false (cau_conversation_correct (conversation, first, "Premier", &error));
  g_assert_error (error, CAU_CORE_ERROR, CAU_CORE_ERROR_NOT_PERMITTED);
  g_clear_error (&error);

  g_assert_true (cau_conversation_correct (conversation, last, "Hello Bob", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (cau_message_get_body (last), ==, "Hello Bob");
  g_assert_true (cau_message_get_edited (last));
  {
    BodyWait wait = { bob, 1, "Hello Bob" };

    g_assert_true (cau_test_wait_until (body_is, &wait, WAIT_S));
  }
  theirs = cau_test_device_message_at (bob, "alice@localhost", 1);
  g_assert_true (cau_message_get_encrypted (theirs));
  g_assert_false (cau_conversation_can_correct (cau_test_device_find_conversation (bob,
                                                                                  "alice@localhost"),
                                                theirs));
  g_clear_object (&theirs);

  /* Bob away: his archive brings the correction, in place of the message, once. */
  cau_test_device_stop (bob);
  g_assert_true (cau_conversation_correct (conversation, last, "Hello again, Bob", &error));
  g_assert_no_error (error);
  bob = device_start (fixture, "bob", bob_dir);
  {
    BodyWait wait = { bob, 1, "Hello again, Bob" };

    g_assert_true (cau_test_wait_until (body_is, &wait, WAIT_S));
  }
  cau_test_spin (300);
  g_assert_cmpuint (cau_test_device_count_messages (bob, "alice@localhost"), ==, 2);

  cau_test_device_stop (bob);
  cau_test_device_stop (alice);
}

/* Our server's archive id of the newest message in the device's
 * conversation with `peer`, read from its store. */
static char *
newest_stanza_id (Device     *device,
                  const char *peer)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (device->dir, "causerie.db", NULL);
  g_autoptr(CauDb) db = cau_db_open_readonly (path, &error);
  g_autoptr(GPtrArray) conversations = NULL;

  g_assert_no_error (error);
  conversations = cau_db_list_conversations (db, 0, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < conversations->len; i++)
    {
      CauDbConversation *conversation = g_ptr_array_index (conversations, i);
      g_autoptr(GPtrArray) newest = NULL;

      if (g_strcmp0 (conversation->peer, peer) != 0)
        continue;
      newest = cau_db_list_messages_before (db, conversation->id, 0, 1, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (newest->len, ==, 1);
      return g_strdup (((CauDbMessage *) g_ptr_array_index (newest, 0))->stanza_id);
    }
  g_assert_not_reached ();
}

static void
wait_unread (Device     *device,
             const char *peer,
             guint       count)
{
  UnreadWait unread = { device, peer, count };

  g_assert_true (cau_test_wait_until (unread_is, &unread, WAIT_S));
}

/* Read state sync (XEP-0490) alone, without the displayed marker that
 * also reaches our devices: published by the phone, the desktop learns it
 * at once, and a device signed in afterwards when it starts. */
static void
test_read_state_sync (Fixture       *fixture,
                      gconstpointer  data)
{
  Device *alice = device_start (fixture, "alice", NULL);
  Device *bob = device_start (fixture, "bob", NULL);
  Device *phone;
  Device *tablet;
  g_autofree char *stanza_id = NULL;
  g_autoptr(CauMessage) sent = NULL;

  cau_test_device_send_text (bob, "alice@localhost", "one");
  cau_test_device_send_text (bob, "alice@localhost", "two");
  cau_test_device_wait_count (alice, "bob@localhost", 2);
  wait_unread (alice, "bob@localhost", 2);
  /* The account counts its conversations' unread messages. */
  g_assert_cmpuint (cau_account_get_unread (alice->account), ==, 2);

  phone = device_start (fixture, "alice", NULL);
  cau_test_device_wait_count (phone, "bob@localhost", 2);
  wait_unread (phone, "bob@localhost", 2);
  stanza_id = newest_stanza_id (phone, "bob@localhost");
  g_assert_nonnull (stanza_id);

  cau_xmpp_client_send_displayed (cau_account_get_client (phone->account), "bob@localhost", NULL,
                                  stanza_id);
  wait_unread (alice, "bob@localhost", 0);
  g_assert_cmpuint (cau_account_get_unread (alice->account), ==, 0);

  tablet = device_start (fixture, "alice", NULL);
  cau_test_device_wait_count (tablet, "bob@localhost", 2);
  wait_unread (tablet, "bob@localhost", 0);

  /* No marker went out: bob's messages are not shown read to him. */
  sent = cau_test_device_message_at (bob, "alice@localhost", 1);
  g_assert_cmpint (cau_message_get_state (sent), !=, CAU_MESSAGE_READ);

  cau_test_device_stop (tablet);
  cau_test_device_stop (phone);
  cau_test_device_stop (bob);
  cau_test_device_stop (alice);
}

/* The link to alice's server is cut while messages flow both ways, in
 * the middle of stanzas as likely as not: whether the stream resumes or a
 * new one starts (then the outbox and the catch-up take over), each
 * message ends up exactly once on both sides. */
static void
test_link_cut (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CauTestProxy) proxy = cau_test_proxy_new (cau_test_prosody_get_port (fixture->prosody),
                                                      &error);
  Device *alice, *bob;
  const guint n = 150;

  g_assert_no_error (error);
  alice = device_start_on (fixture, "alice", NULL, cau_test_proxy_get_port (proxy));
  bob = device_start (fixture, "bob", NULL);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *a = g_strdup_printf ("from alice %u", i);
      g_autofree char *b = g_strdup_printf ("from bob %u", i);

      cau_test_device_send_text (alice, "bob@localhost", a);
      cau_test_device_send_text (bob, "alice@localhost", b);
      if (i == n / 2)
        {
          /* Let some traffic start, then cut under it. */
          cau_test_spin (5);
          cau_test_proxy_cut_all (proxy);
        }
    }

  cau_test_device_wait_count (alice, "bob@localhost", 2 * n);
  cau_test_device_wait_count (bob, "alice@localhost", 2 * n);
  cau_test_spin (1000);
  g_assert_cmpuint (cau_test_device_count_messages (alice, "bob@localhost"), ==, 2 * n);
  g_assert_cmpuint (cau_test_device_count_messages (bob, "alice@localhost"), ==, 2 * n);
  g_test_message ("alice's link was accepted %u times", cau_test_proxy_get_accepted (proxy));

  cau_test_device_stop (bob);
  cau_test_device_stop (alice);
}

typedef struct {
  Device       *device;
  const char   *peer;
  CauChatState  state;
} ChatStateWait;

static gboolean
chat_state_is (gpointer data)
{
  ChatStateWait *wait = data;
  CauConversation *conversation = cau_test_device_find_conversation (wait->device, wait->peer);

  return conversation != NULL && cau_conversation_get_chat_state (conversation) == wait->state;
}

/* Typing notifications go only to a client that has shown it takes them
 * by sending one (XEP-0085 §5.1); ours carry <active/> in every message. */
static void
test_chat_states (Fixture       *fixture,
                  gconstpointer  data)
{
  Device *alice = device_start (fixture, "alice", NULL);
  Device *bob = device_start (fixture, "bob", NULL);
  g_autoptr(GError) error = NULL;
  CauConversation *to_bob;
  ChatStateWait wait = { bob, "alice@localhost", CAU_CHAT_STATE_ACTIVE };

  cau_test_device_send_text (alice, "bob@localhost", "first");
  cau_test_device_wait_count (bob, "alice@localhost", 1);
  g_assert_true (cau_test_wait_until (chat_state_is, &wait, WAIT_S));

  /* Bob's client has said nothing of chat states yet: alice stays quiet. */
  to_bob = cau_account_manager_open_conversation (alice->manager, alice->account, "bob@localhost",
                                                  &error);
  g_assert_no_error (error);
  cau_conversation_set_own_chat_state (to_bob, CAU_CHAT_STATE_COMPOSING);
  cau_test_spin (500);
  g_assert_cmpint (cau_conversation_get_chat_state (cau_test_device_find_conversation (bob, "alice@localhost")),
                   ==, CAU_CHAT_STATE_ACTIVE);

  /* His reply carries <active/>: from now on alice's typing reaches him. */
  cau_test_device_send_text (bob, "alice@localhost", "reply");
  cau_test_device_wait_count (alice, "bob@localhost", 2);
  cau_conversation_set_own_chat_state (to_bob, CAU_CHAT_STATE_PAUSED);
  cau_conversation_set_own_chat_state (to_bob, CAU_CHAT_STATE_COMPOSING);
  wait.state = CAU_CHAT_STATE_COMPOSING;
  g_assert_true (cau_test_wait_until (chat_state_is, &wait, WAIT_S));

  cau_test_device_stop (bob);
  cau_test_device_stop (alice);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/messaging/both-ways", Fixture, NULL, fixture_setup, test_both_ways,
              fixture_teardown);
  g_test_add ("/messaging/outbox", Fixture, NULL, fixture_setup, test_outbox, fixture_teardown);
  g_test_add ("/messaging/catch-up", Fixture, NULL, fixture_setup, test_catch_up,
              fixture_teardown);
  g_test_add ("/messaging/link-cut", Fixture, NULL, fixture_setup, test_link_cut,
              fixture_teardown);
  g_test_add ("/messaging/chat-states", Fixture, NULL, fixture_setup, test_chat_states,
              fixture_teardown);
  g_test_add ("/messaging/read-state-sync", Fixture, NULL, fixture_setup, test_read_state_sync,
              fixture_teardown);
  g_test_add ("/messaging/second-device", Fixture, NULL, fixture_setup, test_second_device,
              fixture_teardown);
  g_test_add ("/messaging/correction", Fixture, NULL, fixture_setup, test_correction,
              fixture_teardown);
  return g_test_run ();
}
