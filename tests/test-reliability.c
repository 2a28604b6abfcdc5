/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-test-peer.h"
#include "cau-test-prosody.h"
#include "cau-test-util.h"
#include "store/cau-db-messages.h"

#include <signal.h>

/*
 * Nothing lost, nothing twice (DESIGN §1.3): a peer sends a burst while
 * the client, a process of its own, is killed halfway (SIGKILL, no
 * chance to clean up) and started again on the same data.
 */

#define N_MESSAGES 2000
#define WAIT_S     90

typedef struct {
  CauTestProsody *prosody;
  char           *dir;
} Fixture;

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
  fixture->dir = g_dir_make_tmp ("cau-reliability-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  cau_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_clear_pointer (&fixture->prosody, cau_test_prosody_free);
}

/* Bob's app without a window, in its own process; returns once online. */
static GSubprocess *
start_bob (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *device = g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "cau-test-device", NULL);
  g_autofree char *port = g_strdup_printf ("%u", cau_test_prosody_get_port (fixture->prosody));
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *line = NULL;
  GSubprocess *process;

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                              &error, device, fixture->dir, "bob@localhost", "127.0.0.1", port,
                              cau_test_prosody_get_cert_sha256 (fixture->prosody), NULL);
  g_assert_no_error (error);
  g_output_stream_write_all (g_subprocess_get_stdin_pipe (process), "bob-pw\n", 7, NULL, NULL,
                             &error);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  line = g_data_input_stream_read_line (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (line, ==, "online");
  return process;
}

/* Bob's conversation with alice, read from his store as it is on disk. */
static GPtrArray *
read_bob_history (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, "causerie.db", NULL);
  g_autoptr(CauDb) db = cau_db_open_readonly (path, &error);
  g_autoptr(GPtrArray) conversations = NULL;

  g_assert_no_error (error);
  conversations = cau_db_list_conversations (db, 0, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < conversations->len; i++)
    {
      CauDbConversation *conversation = g_ptr_array_index (conversations, i);

      if (g_strcmp0 (conversation->peer, "alice@localhost") == 0)
        return cau_db_list_messages_after (db, conversation->id, 0, 2 * N_MESSAGES, &error);
    }
  return g_ptr_array_new ();
}

typedef struct {
  Fixture *fixture;
  guint    count;
  guint    seen;
} CountWait;

static gboolean
bob_has (gpointer data)
{
  CountWait *wait = data;
  g_autoptr(GPtrArray) history = read_bob_history (wait->fixture);

  wait->seen = history->len;
  return history->len >= wait->count;
}

static void
wait_bob_has (CountWait *wait)
{
  if (!cau_test_wait_until (bob_has, wait, WAIT_S))
    g_error ("bob holds %u messages, waited for %u", wait->seen, wait->count);
}

static void
test_kill_mid_burst (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CauTestPeer) alice = cau_test_peer_new (fixture->prosody, "alice", &error);
  g_autoptr(GSubprocess) bob = NULL;
  g_autoptr(GPtrArray) history = NULL;
  CountWait wait = { fixture, N_MESSAGES / 4, 0 };

  g_assert_no_error (error);
  bob = start_bob (fixture);

  for (guint i = 0; i < N_MESSAGES; i++)
    {
      g_autofree char *body = g_strdup_printf ("message %04u", i);
      g_autofree char *id = g_strdup_printf ("burst-%04u", i);

      cau_test_peer_send (alice, "bob@localhost", body, id);
      if (i == N_MESSAGES / 2)
        {
          /* Halfway: once bob has stored a quarter, he dies while the
           * rest of the first half is still coming in. */
          wait_bob_has (&wait);
          g_subprocess_send_signal (bob, SIGKILL);
          g_subprocess_wait (bob, NULL, NULL);
          g_clear_object (&bob);
        }
    }
  g_assert_true (cau_test_peer_sync (alice, WAIT_S));

  history = read_bob_history (fixture);
  g_test_message ("bob held %u messages when killed", history->len);
  g_assert_cmpuint (history->len, <, N_MESSAGES);
  g_clear_pointer (&history, g_ptr_array_unref);

  bob = start_bob (fixture);
  wait.count = N_MESSAGES;
  wait_bob_has (&wait);
  /* Anything still in flight would come now. */
  cau_test_spin (1000);

  history = read_bob_history (fixture);
  g_assert_cmpuint (history->len, ==, N_MESSAGES);
  for (guint i = 0; i < N_MESSAGES; i++)
    {
      CauDbMessage *message = g_ptr_array_index (history, i);
      g_autofree char *body = g_strdup_printf ("message %04u", i);

      g_assert_cmpstr (message->body, ==, body);
      g_assert_false (message->outgoing);
    }

  g_subprocess_send_signal (bob, SIGTERM);
  g_subprocess_wait (bob, NULL, NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/reliability/kill-mid-burst", Fixture, NULL, fixture_setup, test_kill_mid_burst,
              fixture_teardown);
  return g_test_run ();
}
