/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-test-prosody.h"
#include "cau-test-proxy.h"
#include "cau-test-util.h"
#include "core/cau-account-manager.h"

#include <string.h>

/*
 * One-to-one messaging through the model, between real clients on a real
 * Prosody: each "device" is an account manager with its own data
 * directory, as separate installs of the app would be.
 */

#define WAIT_S 30

typedef struct {
  CauTestProsody *prosody;
  GPtrArray      *dirs;
} Fixture;

typedef struct {
  CauAccountManager *manager;
  CauAccount        *account;
  char              *dir;
  GPtrArray         *histories;  /* kept open, as a window showing them would */
} Device;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->prosody = cau_test_prosody_start (NULL, &error);
  g_assert_no_error (error);
  g_assert_true (cau_test_prosody_register (fixture->prosody, "alice", "alice-pw", &error));
  g_assert_true (cau_test_prosody_register (fixture->prosody, "bob", "bob-pw", &error));
  g_assert_true (cau_test_prosody_make_contacts (fixture->prosody, "alice", "bob", &error));
  fixture->dirs = g_ptr_array_new_with_free_func (g_free);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  for (guint i = 0; i < fixture->dirs->len; i++)
    cau_test_remove_tree (g_ptr_array_index (fixture->dirs, i));
  g_ptr_array_unref (fixture->dirs);
  g_clear_pointer (&fixture->prosody, cau_test_prosody_free);
}

static gboolean
is_online (gpointer data)
{
  return cau_account_get_state (data) == CAU_ACCOUNT_STATE_ONLINE;
}

static gboolean
is_state (CauAccount      *account,
          CauAccountState  state)
{
  return cau_account_get_state (account) == state;
}

static gboolean
needs_password (gpointer data)
{
  return is_state (data, CAU_ACCOUNT_STATE_NEEDS_PASSWORD);
}

/* A device signed in as user; `dir` NULL: a new install; `port` 0: the
 * server's own. */
static Device *
device_start_on (Fixture    *fixture,
                 const char *user,
                 const char *dir,
                 guint16     port)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *jid = g_strdup_printf ("%s@localhost", user);
  g_autofree char *password = g_strdup_printf ("%s-pw", user);
  Device *device = g_new0 (Device, 1);
  GAsyncResult *result = NULL;

  device->histories = g_ptr_array_new_with_free_func (g_object_unref);
  if (dir == NULL)
    {
      device->dir = g_dir_make_tmp ("cau-messaging-XXXXXX", &error);
      g_assert_no_error (error);
      g_ptr_array_add (fixture->dirs, g_strdup (device->dir));
    }
  else
    {
      device->dir = g_strdup (dir);
    }

  device->manager = cau_account_manager_new (device->dir, FALSE, &error);
  g_assert_no_error (error);
  cau_account_manager_start (device->manager);
  device->account = cau_account_manager_find (device->manager, jid);

  if (device->account == NULL)
    {
      g_autoptr(CauAccountParams) params = cau_account_params_new (jid);
      const char *pins[] = { cau_test_prosody_get_cert_sha256 (fixture->prosody), NULL };
      CauAccount *added;

      params->host = g_strdup ("127.0.0.1");
      params->port = port ? port : cau_test_prosody_get_port (fixture->prosody);
      params->trusted_sha256 = g_strdupv ((char **) pins);
      cau_account_manager_add_account_async (device->manager, params, password, NULL,
                                             cau_test_store_result_cb, &result);
      /* No keyring here: usable for this session, not remembered. */
      added = cau_account_manager_add_account_finish (device->manager,
                                                      cau_test_wait_result (&result), &error);
      g_assert_null (added);
      g_assert_error (error, CAU_CORE_ERROR, CAU_CORE_ERROR_NO_KEYRING);
      g_clear_object (&result);
      device->account = cau_account_manager_find (device->manager, jid);
    }
  else
    {
      g_assert_true (cau_test_wait_until (needs_password, device->account, WAIT_S));
      cau_account_set_password_async (device->account, password, FALSE, NULL,
                                      cau_test_store_result_cb, &result);
      cau_account_set_password_finish (device->account, cau_test_wait_result (&result), NULL);
      g_clear_object (&result);
    }

  g_assert_nonnull (device->account);
  g_assert_true (cau_test_wait_until (is_online, device->account, WAIT_S));
  return device;
}

static Device *
device_start (Fixture    *fixture,
              const char *user,
              const char *dir)
{
  return device_start_on (fixture, user, dir, 0);
}

static void
device_stop (Device *device)
{
  g_ptr_array_unref (device->histories);
  g_clear_object (&device->manager);
  /* Let the engine close its streams and its store. */
  cau_test_spin (200);
  g_free (device->dir);
  g_free (device);
}

static CauConversation *
find_conversation (Device     *device,
                   const char *peer)
{
  GListModel *list = cau_account_manager_get_conversations (device->manager);

  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(CauConversation) conversation = g_list_model_get_item (list, i);

      if (g_strcmp0 (cau_conversation_get_peer (conversation), peer) == 0)
        return conversation;
    }
  return NULL;
}

typedef struct {
  Device     *device;
  const char *peer;
  guint       count;
} CountWait;

static guint
count_messages (Device     *device,
                const char *peer)
{
  CauConversation *conversation = find_conversation (device, peer);
  CauHistory *history;

  if (conversation == NULL)
    return 0;
  history = cau_conversation_dup_history (conversation);
  g_ptr_array_add (device->histories, history);
  while (cau_history_load_older (history) && !cau_history_get_loading (history))
    ;
  return g_list_model_get_n_items (G_LIST_MODEL (history));
}

static gboolean
has_count (gpointer data)
{
  CountWait *wait = data;

  return count_messages (wait->device, wait->peer) >= wait->count;
}

static void
wait_count (Device     *device,
            const char *peer,
            guint       count)
{
  CountWait wait = { device, peer, count };

  if (!cau_test_wait_until (has_count, &wait, WAIT_S))
    g_error ("%s has %u messages with %s, waited for %u", cau_account_get_jid (device->account),
             count_messages (device, peer), peer, count);
}

static CauMessage *
message_at (Device     *device,
            const char *peer,
            guint       position)
{
  CauHistory *history = cau_conversation_dup_history (find_conversation (device, peer));

  g_ptr_array_add (device->histories, history);
  return g_list_model_get_item (G_LIST_MODEL (history), position);
}

static void
send_text (Device     *device,
           const char *peer,
           const char *text)
{
  g_autoptr(GError) error = NULL;
  CauConversation *conversation;

  conversation = cau_account_manager_open_conversation (device->manager, device->account, peer,
                                                        &error);
  g_assert_no_error (error);
  g_assert_true (cau_conversation_send (conversation, text, &error));
  g_assert_no_error (error);
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
  CauConversation *conversation = find_conversation (wait->device, wait->peer);

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

  send_text (alice, "bob@localhost", "Bonjour Bob <b>!</b>");
  sent = message_at (alice, "bob@localhost", 0);
  g_assert_true (cau_message_get_outgoing (sent));

  wait_count (bob, "alice@localhost", 1);
  received = message_at (bob, "alice@localhost", 0);
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
  cau_conversation_mark_read (find_conversation (bob, "alice@localhost"));
  g_assert_cmpuint (cau_conversation_get_unread (find_conversation (bob, "alice@localhost")), ==, 0);
  wait = (MessageWait) { sent, CAU_MESSAGE_READ };
  g_assert_true (cau_test_wait_until (message_reached, &wait, WAIT_S));

  send_text (bob, "alice@localhost", "Salut Alice");
  wait_count (alice, "bob@localhost", 2);
  g_assert_cmpuint (count_messages (bob, "alice@localhost"), ==, 2);

  device_stop (bob);
  device_stop (alice);
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
  send_text (alice, "bob@localhost", "écrit hors ligne");
  sent = message_at (alice, "bob@localhost", 0);
  cau_test_spin (300);
  g_assert_cmpint (cau_message_get_state (sent), ==, CAU_MESSAGE_PENDING);

  cau_account_set_enabled (alice->account, TRUE);
  wait = (MessageWait) { sent, CAU_MESSAGE_DELIVERED };
  g_assert_true (cau_test_wait_until (message_reached, &wait, WAIT_S));
  wait_count (bob, "alice@localhost", 1);
  cau_test_spin (300);
  g_assert_cmpuint (count_messages (bob, "alice@localhost"), ==, 1);

  device_stop (bob);
  device_stop (alice);
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

  send_text (alice, "bob@localhost", "avant");
  wait_count (bob, "alice@localhost", 1);
  device_stop (bob);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *text = g_strdup_printf ("message %u", i);

      send_text (alice, "bob@localhost", text);
    }
  cau_test_spin (500);

  bob = device_start (fixture, "bob", bob_dir);
  wait_count (bob, "alice@localhost", n + 1);
  cau_test_spin (500);
  g_assert_cmpuint (count_messages (bob, "alice@localhost"), ==, n + 1);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CauMessage) message = message_at (bob, "alice@localhost", i + 1);
      g_autofree char *text = g_strdup_printf ("message %u", i);

      g_assert_cmpstr (cau_message_get_body (message), ==, text);
    }
  device_stop (bob);

  bob = device_start (fixture, "bob", bob_dir);
  cau_test_spin (1000);
  g_assert_cmpuint (count_messages (bob, "alice@localhost"), ==, n + 1);

  device_stop (bob);
  device_stop (alice);
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

  send_text (alice, "bob@localhost", "from the desktop, before the phone");
  wait_count (bob, "alice@localhost", 1);

  phone = device_start (fixture, "alice", NULL);
  wait_count (phone, "bob@localhost", 1);

  send_text (alice, "bob@localhost", "from the desktop");
  wait_count (phone, "bob@localhost", 2);
  copy = message_at (phone, "bob@localhost", 1);
  g_assert_true (cau_message_get_outgoing (copy));
  g_assert_cmpstr (cau_message_get_body (copy), ==, "from the desktop");

  send_text (bob, "alice@localhost", "to both");
  wait_count (phone, "bob@localhost", 3);
  wait_count (alice, "bob@localhost", 3);

  /* Read on the phone: the desktop's unread count clears. (The history
   * may read a message from the store before the change notice reaches
   * the conversation: wait for the count, do not sample it.) */
  {
    UnreadWait unread = { alice, "bob@localhost", 1 };

    g_assert_true (cau_test_wait_until (unread_is, &unread, WAIT_S));
  }
  cau_conversation_mark_read (find_conversation (phone, "bob@localhost"));
  {
    UnreadWait unread = { alice, "bob@localhost", 0 };

    g_assert_true (cau_test_wait_until (unread_is, &unread, WAIT_S));
  }

  device_stop (phone);
  device_stop (bob);
  device_stop (alice);
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

      send_text (alice, "bob@localhost", a);
      send_text (bob, "alice@localhost", b);
      if (i == n / 2)
        {
          /* Let some traffic start, then cut under it. */
          cau_test_spin (5);
          cau_test_proxy_cut_all (proxy);
        }
    }

  wait_count (alice, "bob@localhost", 2 * n);
  wait_count (bob, "alice@localhost", 2 * n);
  cau_test_spin (1000);
  g_assert_cmpuint (count_messages (alice, "bob@localhost"), ==, 2 * n);
  g_assert_cmpuint (count_messages (bob, "alice@localhost"), ==, 2 * n);
  g_test_message ("alice's link was accepted %u times", cau_test_proxy_get_accepted (proxy));

  device_stop (bob);
  device_stop (alice);
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
  CauConversation *conversation = find_conversation (wait->device, wait->peer);

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

  send_text (alice, "bob@localhost", "first");
  wait_count (bob, "alice@localhost", 1);
  g_assert_true (cau_test_wait_until (chat_state_is, &wait, WAIT_S));

  /* Bob's client has said nothing of chat states yet: alice stays quiet. */
  to_bob = cau_account_manager_open_conversation (alice->manager, alice->account, "bob@localhost",
                                                  &error);
  g_assert_no_error (error);
  cau_conversation_set_own_chat_state (to_bob, CAU_CHAT_STATE_COMPOSING);
  cau_test_spin (500);
  g_assert_cmpint (cau_conversation_get_chat_state (find_conversation (bob, "alice@localhost")),
                   ==, CAU_CHAT_STATE_ACTIVE);

  /* His reply carries <active/>: from now on alice's typing reaches him. */
  send_text (bob, "alice@localhost", "reply");
  wait_count (alice, "bob@localhost", 2);
  cau_conversation_set_own_chat_state (to_bob, CAU_CHAT_STATE_PAUSED);
  cau_conversation_set_own_chat_state (to_bob, CAU_CHAT_STATE_COMPOSING);
  wait.state = CAU_CHAT_STATE_COMPOSING;
  g_assert_true (cau_test_wait_until (chat_state_is, &wait, WAIT_S));

  device_stop (bob);
  device_stop (alice);
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
  g_test_add ("/messaging/second-device", Fixture, NULL, fixture_setup, test_second_device,
              fixture_teardown);
  return g_test_run ();
}
