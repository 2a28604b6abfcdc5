/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-test-model.h"
#include "cau-test-prosody.h"
#include "cau-test-util.h"
#include "core/cau-account-manager.h"
#include "core/cau-core-private.h"

#include <malloc.h>
#include <string.h>

/*
 * Rooms (XEP-0045), through the model on a real Prosody (SQLite storage, as deployed):
 *
 *   big-room:    entering a room of 1 000 occupants whose archive holds 5 000 messages: the
 *                time until the occupant list is complete and the latest messages are in the
 *                conversation's history, the longest main-thread stall meanwhile (a 5 ms
 *                timeout's lateness), and the RSS it costs.
 *   fifty-rooms: a start with 50 rooms to enter: the time from the start until the account
 *                is online and in every room.
 *
 * The occupants and the archive are written into the server by its admin shell. The
 * occupants are sessions of accounts of the server that do not exist: presences to them are
 * dropped at no cost (RFC 6121 §8.5.1), where an unreachable server's bounces would make the
 * room remove them.
 *
 * Targets (issue 5): ≤ 2 s, stall ≤ 50 ms, RSS ≤ +30 MB; fifty rooms ≤ 3 s.
 */

#define WAIT_S          120
#define BIG_OCCUPANTS   (g_getenv ("CAU_BENCH_QUICK") ? 50u : 1000u)
#define BIG_ARCHIVE     (g_getenv ("CAU_BENCH_QUICK") ? 200u : 5000u)
#define ROOMS_AT_START  50
#define TICK_MS         5

static gint64 last_tick_us;
static gint64 longest_stall_us;

static gboolean
tick_cb (gpointer data)
{
  gint64 now = g_get_monotonic_time ();
  gint64 stall = now - last_tick_us - TICK_MS * 1000;

  if (last_tick_us != 0 && stall > longest_stall_us)
    longest_stall_us = stall;
  last_tick_us = now;
  return G_SOURCE_CONTINUE;
}

static double
rss_mb (void)
{
  g_autofree char *text = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &text, NULL, NULL) ||
      (line = strstr (text, "VmRSS:")) == NULL)
    return 0;
  return g_ascii_strtod (line + strlen ("VmRSS:"), NULL) / 1024.0;
}

/* Bytes the heap holds: RSS hides what reuses memory freed before. */
static double
heap_mb (void)
{
  struct mallinfo2 info = mallinfo2 ();

  return info.uordblks / (1024.0 * 1024.0);
}

static void
shell (CauTestProsody *prosody,
       const char     *lua)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *output = NULL;

  g_assert_true (cau_test_prosody_shell (prosody, lua, &output, &error));
  g_assert_no_error (error);
  if (output == NULL || strstr (output, "made") == NULL)
    g_error ("The server's shell said: %s", output ? output : "nothing");
}

/* The room `node`, with `occupants` occupants from elsewhere and `messages` archived. */
static void
make_room (CauTestProsody *prosody,
           const char     *node,
           guint           occupants,
           guint           messages)
{
  const char *muc = cau_test_prosody_get_muc_domain (prosody);
  g_autofree char *lua = g_strdup_printf (
    "local st = require \"util.stanza\"; "
    "local muc = prosody.hosts[\"%s\"].modules.muc; "
    "local jid = \"%s@%s\"; "
    "local room = muc.get_room_from_jid (jid) or muc.create_room (jid); "
    "room:set_persistent (true); "
    "for i = 1, %u do "
    "  local real = \"person\" .. i .. \"@%s\"; "
    "  local occupant = room:new_occupant (real, jid .. \"/person\" .. i); "
    "  occupant:set_session (real .. \"/app\", st.presence ({ from = real .. \"/app\" }), true); "
    "  room:save_occupant (occupant); "
    "end; "
    "local archive = require \"core.storagemanager\".open (\"%s\", \"muc_log\", \"archive\"); "
    "local now = os.time (); "
    "for i = 1, %u do "
    "  local m = st.message ({ type = \"groupchat\", from = jid .. \"/person\" .. (i %% 50 + 1), "
    "    id = \"archived-\" .. i }):tag (\"body\"):text (\"Archived message number \" .. i):up (); "
    "  assert (archive:append (\"%s\", nil, m, now - %u + i, \"message<groupchat\")); "
    "end; "
    "return \"made\"",
    muc, node, muc, occupants, cau_test_prosody_get_domain (prosody), muc, messages, node,
    messages);

  shell (prosody, lua);
}

typedef struct {
  CauRoom    *room;
  CauHistory *history;
  guint       occupants;
  gint64      start_us;
  gint64      occupants_us;
  gint64      messages_us;
} BigWait;

static gboolean
big_done (gpointer data)
{
  BigWait *wait = data;
  gint64 now = g_get_monotonic_time ();

  if (wait->occupants_us == 0 &&
      g_list_model_get_n_items (cau_room_get_occupants (wait->room)) >= wait->occupants)
    wait->occupants_us = now - wait->start_us;
  if (wait->messages_us == 0 && g_list_model_get_n_items (G_LIST_MODEL (wait->history)) > 0)
    wait->messages_us = now - wait->start_us;
  return wait->occupants_us != 0 && wait->messages_us != 0;
}

static void
bench_big_room (CauTestProsody *prosody,
                GPtrArray      *dirs)
{
  g_autofree char *address = g_strconcat ("big@", cau_test_prosody_get_muc_domain (prosody),
                                          NULL);
  CauTestDevice *device;
  g_autoptr(GError) error = NULL;
  CauConversation *conversation;
  BigWait wait = { 0 };
  double rss_before, rss_after, heap_before, heap_after;
  guint tick;

  make_room (prosody, "big", BIG_OCCUPANTS, BIG_ARCHIVE);
  device = cau_test_device_start (prosody, "alice", NULL, 0, dirs, NULL);
  cau_test_spin (500);
  rss_before = rss_mb ();
  heap_before = heap_mb ();

  last_tick_us = 0;
  longest_stall_us = 0;
  tick = g_timeout_add (TICK_MS, tick_cb, NULL);
  wait.start_us = g_get_monotonic_time ();
  conversation = cau_account_manager_join_room (device->manager, device->account, address,
                                                "Alice", NULL, &error);
  g_assert_no_error (error);
  wait.room = cau_conversation_get_room (conversation);
  /* As the window would: the conversation opened at once. */
  wait.history = cau_conversation_dup_history (conversation);
  wait.occupants = BIG_OCCUPANTS + 1;
  if (!cau_test_wait_until (big_done, &wait, WAIT_S))
    g_error ("Room in state %d with %u occupants and %u messages", cau_room_get_state (wait.room),
             g_list_model_get_n_items (cau_room_get_occupants (wait.room)),
             g_list_model_get_n_items (G_LIST_MODEL (wait.history)));
  g_source_remove (tick);
  cau_test_spin (200);
  rss_after = rss_mb ();
  heap_after = heap_mb ();

  g_print ("rooms: entered a room of %u occupants and %u archived messages: occupant list "
           "complete in %.0f ms, latest %u messages in %.0f ms; longest main-thread stall "
           "%.1f ms; RSS %+.1f MB, heap in use %+.1f MB\n",
           BIG_OCCUPANTS + 1, BIG_ARCHIVE, wait.occupants_us / 1e3,
           g_list_model_get_n_items (G_LIST_MODEL (wait.history)), wait.messages_us / 1e3,
           longest_stall_us / 1e3, rss_after - rss_before, heap_after - heap_before);
  g_object_unref (wait.history);
  cau_test_device_stop (device);
}

typedef struct {
  CauAccount *account;
  GPtrArray  *addresses;
} AllWait;

static gboolean
all_joined (gpointer data)
{
  AllWait *wait = data;
  GHashTable *rooms = cau_account_get_rooms (wait->account);

  for (guint i = 0; i < wait->addresses->len; i++)
    {
      CauRoom *room = g_hash_table_lookup (rooms, g_ptr_array_index (wait->addresses, i));

      if (room == NULL || cau_room_get_state (room) != CAU_ROOM_JOINED)
        return FALSE;
    }
  return TRUE;
}

static void
bench_fifty_rooms (CauTestProsody *prosody,
                   GPtrArray      *dirs)
{
  g_autoptr(GPtrArray) addresses = g_ptr_array_new_with_free_func (g_free);
  CauTestDevice *device;
  g_autofree char *dir = NULL;
  AllWait wait = { NULL, addresses };
  gint64 start_us, online_us, joined_us;

  for (guint i = 0; i < ROOMS_AT_START; i++)
    {
      g_autofree char *node = g_strdup_printf ("room%u", i);

      make_room (prosody, node, 1, 20);
      g_ptr_array_add (addresses, g_strconcat (node, "@", cau_test_prosody_get_muc_domain (prosody),
                                               NULL));
    }

  /* Entered once, so that the next start enters them all again. */
  device = cau_test_device_start (prosody, "bob", NULL, 0, dirs, NULL);
  dir = g_strdup (device->dir);
  for (guint i = 0; i < addresses->len; i++)
    {
      g_autoptr(GError) error = NULL;

      cau_account_manager_join_room (device->manager, device->account,
                                     g_ptr_array_index (addresses, i), "Bob", NULL, &error);
      g_assert_no_error (error);
    }
  wait.account = device->account;
  g_assert_true (cau_test_wait_until (all_joined, &wait, WAIT_S));
  cau_test_spin (500);
  cau_test_device_stop (device);

  start_us = g_get_monotonic_time ();
  device = cau_test_device_start (prosody, "bob", dir, 0, dirs, NULL);
  online_us = g_get_monotonic_time () - start_us;
  wait.account = device->account;
  g_assert_true (cau_test_wait_until (all_joined, &wait, WAIT_S));
  joined_us = g_get_monotonic_time () - start_us;
  g_print ("rooms: a start with %u rooms: online in %.0f ms, in every room in %.0f ms\n",
           ROOMS_AT_START, online_us / 1e3, joined_us / 1e3);
  cau_test_device_stop (device);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) dirs = g_ptr_array_new_with_free_func (g_free);
  CauTestProsodyOptions options = { .sql_storage = TRUE, .quiet_log = TRUE };
  CauTestProsody *prosody;
  const char *only = g_getenv ("CAU_BENCH_ONLY");

  prosody = cau_test_prosody_start (&options, &error);
  g_assert_no_error (error);
  g_assert_true (cau_test_prosody_register (prosody, "alice", "alice-pw", &error));
  g_assert_true (cau_test_prosody_register (prosody, "bob", "bob-pw", &error));

  if (only == NULL || g_strcmp0 (only, "big-room") == 0)
    bench_big_room (prosody, dirs);
  if (only == NULL || g_strcmp0 (only, "fifty-rooms") == 0)
    bench_fifty_rooms (prosody, dirs);

  cau_test_prosody_free (prosody);
  for (guint i = 0; i < dirs->len; i++)
    cau_test_remove_tree (g_ptr_array_index (dirs, i));
  return 0;
}
