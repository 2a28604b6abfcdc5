/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-test-engine.h"
#include "cau-test-prosody.h"
#include "cau-test-util.h"
#include "xmpp/cau-xmpp-client.h"
#include "xmpp/cau-xmpp-engine.h"
#include "xmpp/cau-xmpp-room-config.h"
#include "xmpp/cau-xmpp-room-types.h"

#include <string.h>

/*
 * Rooms (XEP-0045) at the engine's level, between clients with no storage on a real Prosody:
 * entering, the occupant list, messages both ways, a nickname in use, leaving, and entering
 * again by itself after the room service lost us (XEP-0410 self-ping).
 */

#define WAIT_S 20

typedef CauTestEngine Fixture;

typedef struct {
  CauXmppClient *client;
  guint       online;
  guint       joined;
  guint       failed;
  guint       left;
  int         join_error;
  int         left_status;
  char       *nick;
  GHashTable *occupants;   /* nick → role (GINT), present only */
  GPtrArray  *bodies;      /* "from|body" */
} Watch;

static void
online_cb (CauXmppClient *client,
           gboolean       resumed,
           Watch         *watch)
{
  watch->online++;
}

static void
joined_cb (CauXmppClient *client,
           const char    *room,
           const char    *nick,
           int            status,
           Watch         *watch)
{
  g_free (watch->nick);
  watch->nick = g_strdup (nick);
  watch->joined++;
}

static void
join_failed_cb (CauXmppClient *client,
                const char    *room,
                int            reason,
                const char    *condition,
                Watch         *watch)
{
  watch->join_error = reason;
  watch->failed++;
}

static void
left_cb (CauXmppClient *client,
         const char    *room,
         int            status,
         const char    *reason,
         Watch         *watch)
{
  watch->left_status = status;
  watch->left++;
}

static void
occupants_cb (CauXmppClient *client,
              const char    *room,
              GPtrArray     *occupants,
              Watch         *watch)
{
  for (guint i = 0; i < occupants->len; i++)
    {
      CauXmppOccupant *occupant = g_ptr_array_index (occupants, i);

      g_assert_cmpstr (occupant->room, ==, room);
      if (occupant->available)
        g_hash_table_insert (watch->occupants, g_strdup (occupant->nick),
                             GINT_TO_POINTER (occupant->role));
      else
        g_hash_table_remove (watch->occupants, occupant->nick);
    }
}

static void
message_cb (CauXmppClient *client,
            const char    *from,
            const char    *id,
            const char    *body,
            Watch         *watch)
{
  g_ptr_array_add (watch->bodies, g_strconcat (from, "|", body, NULL));
}

static void
watch_init (Watch         *watch,
            CauXmppClient *client)
{
  memset (watch, 0, sizeof *watch);
  watch->client = client;
  watch->occupants = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  watch->bodies = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (client, "online", G_CALLBACK (online_cb), watch);
  g_signal_connect (client, "room-joined", G_CALLBACK (joined_cb), watch);
  g_signal_connect (client, "room-join-failed", G_CALLBACK (join_failed_cb), watch);
  g_signal_connect (client, "room-left", G_CALLBACK (left_cb), watch);
  g_signal_connect (client, "room-occupants", G_CALLBACK (occupants_cb), watch);
  g_signal_connect (client, "message-received", G_CALLBACK (message_cb), watch);
}

static void
watch_clear (Watch *watch)
{
  g_signal_handlers_disconnect_by_data (watch->client, watch);
  g_clear_pointer (&watch->occupants, g_hash_table_unref);
  g_clear_pointer (&watch->bodies, g_ptr_array_unref);
  g_clear_pointer (&watch->nick, g_free);
}

typedef struct {
  Watch      *watch;
  const char *needle;
} BodyWait;

static gboolean
has_body (gpointer data)
{
  BodyWait *wait = data;

  for (guint i = 0; i < wait->watch->bodies->len; i++)
    if (g_str_equal (g_ptr_array_index (wait->watch->bodies, i), wait->needle))
      return TRUE;
  return FALSE;
}

static gboolean
wait_body (Watch      *watch,
           const char *from,
           const char *body)
{
  g_autofree char *needle = g_strconcat (from, "|", body, NULL);
  BodyWait wait = { watch, needle };

  return cau_test_wait_until (has_body, &wait, WAIT_S);
}

typedef struct {
  Watch      *watch;
  const char *nick;
  gboolean    present;
} OccupantWait;

static gboolean
occupant_is (gpointer data)
{
  OccupantWait *wait = data;

  return g_hash_table_contains (wait->watch->occupants, wait->nick) == wait->present;
}

static gboolean
wait_occupant (Watch      *watch,
               const char *nick,
               gboolean    present)
{
  OccupantWait wait = { watch, nick, present };

  return cau_test_wait_until (occupant_is, &wait, WAIT_S);
}

static CauXmppClient *
start_client (Fixture    *fixture,
              const char *user,
              Watch      *watch)
{
  CauXmppClient *client = cau_test_engine_client_new (fixture, user, NULL);

  watch_init (watch, client);
  cau_xmpp_client_connect (client);
  g_assert_true (cau_test_wait_count (&watch->online, 1, WAIT_S));
  return client;
}

/* Both in, each in the other's list, messages both ways (our own come back too). */
static void
test_join_and_talk (Fixture       *fixture,
                    gconstpointer  data)
{
  Watch alice_watch, bob_watch;
  g_autoptr(CauXmppClient) alice = start_client (fixture, "alice", &alice_watch);
  g_autoptr(CauXmppClient) bob = start_client (fixture, "bob", &bob_watch);
  g_autofree char *from_alice = g_strconcat (fixture->room, "/Alice", NULL);
  g_autofree char *from_bob = g_strconcat (fixture->room, "/Bob", NULL);

  cau_xmpp_client_join_room (alice, fixture->room, "Alice", NULL);
  g_assert_true (cau_test_wait_count (&alice_watch.joined, 1, WAIT_S));
  g_assert_cmpstr (alice_watch.nick, ==, "Alice");
  /* We created it: we own it, and moderate it. */
  g_assert_true (wait_occupant (&alice_watch, "Alice", TRUE));
  g_assert_cmpint (GPOINTER_TO_INT (g_hash_table_lookup (alice_watch.occupants, "Alice")), ==,
                   CAU_XMPP_ROLE_MODERATOR);

  cau_xmpp_client_join_room (bob, fixture->room, "Bob", NULL);
  g_assert_true (cau_test_wait_count (&bob_watch.joined, 1, WAIT_S));
  g_assert_true (g_hash_table_contains (bob_watch.occupants, "Alice"));
  g_assert_true (g_hash_table_contains (bob_watch.occupants, "Bob"));
  g_assert_true (wait_occupant (&alice_watch, "Bob", TRUE));

  cau_xmpp_client_send_groupchat (alice, 1, fixture->room, "Bonjour à tous", "alice-1", FALSE);
  cau_xmpp_client_send_groupchat (bob, 1, fixture->room, "Salut Alice", "bob-1", FALSE);
  g_assert_true (wait_body (&bob_watch, from_alice, "Bonjour à tous"));
  g_assert_true (wait_body (&alice_watch, from_bob, "Salut Alice"));
  g_assert_true (wait_body (&alice_watch, from_alice, "Bonjour à tous"));

  /* Bob leaves: he hears it, and Alice sees him go. */
  cau_xmpp_client_leave_room (bob, fixture->room);
  g_assert_true (cau_test_wait_count (&bob_watch.left, 1, WAIT_S));
  g_assert_cmpint (bob_watch.left_status & CAU_XMPP_OCCUPANT_KICKED, ==, 0);
  g_assert_true (wait_occupant (&alice_watch, "Bob", FALSE));

  watch_clear (&alice_watch);
  watch_clear (&bob_watch);
}

/* A nickname someone else has: refused, with the reason. */
static void
test_nick_in_use (Fixture       *fixture,
                  gconstpointer  data)
{
  Watch alice_watch, bob_watch;
  g_autoptr(CauXmppClient) alice = start_client (fixture, "alice", &alice_watch);
  g_autoptr(CauXmppClient) bob = start_client (fixture, "bob", &bob_watch);

  cau_xmpp_client_join_room (alice, fixture->room, "Alice", NULL);
  g_assert_true (cau_test_wait_count (&alice_watch.joined, 1, WAIT_S));
  cau_xmpp_client_join_room (bob, fixture->room, "Alice", NULL);
  g_assert_true (cau_test_wait_count (&bob_watch.failed, 1, WAIT_S));
  g_assert_cmpint (bob_watch.join_error, ==, CAU_XMPP_JOIN_NICK_IN_USE);
  g_assert_cmpuint (bob_watch.joined, ==, 0);

  /* Another nickname works. */
  cau_xmpp_client_join_room (bob, fixture->room, "Bob", NULL);
  g_assert_true (cau_test_wait_count (&bob_watch.joined, 1, WAIT_S));

  watch_clear (&alice_watch);
  watch_clear (&bob_watch);
}

/* The room service forgets the room without telling anyone (as after a restart of a service
 * that keeps no state): the self-ping notices, and we enter again by ourselves. */
static void
test_self_ping_rejoins (Fixture       *fixture,
                        gconstpointer  data)
{
  Watch watch;
  g_autoptr(CauXmppClient) alice = start_client (fixture, "alice", &watch);
  g_autoptr(GError) error = NULL;
  g_autofree char *lua = g_strdup_printf ("local muc = prosody.hosts[\"%s\"].modules.muc; "
                                          "muc.forget_room (muc.get_room_from_jid (\"%s\")); "
                                          "return \"forgotten\"",
                                          cau_test_prosody_get_muc_domain (fixture->prosody),
                                          fixture->room);
  g_autofree char *from_alice = g_strconcat (fixture->room, "/Alice", NULL);

  cau_xmpp_client_set_room_ping_interval (alice, 1);
  cau_xmpp_client_join_room (alice, fixture->room, "Alice", NULL);
  g_assert_true (cau_test_wait_count (&watch.joined, 1, WAIT_S));

  g_assert_true (cau_test_prosody_shell (fixture->prosody, lua, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (cau_test_wait_count (&watch.joined, 2, WAIT_S));
  g_assert_true (watch.left >= 1);

  /* In again for real: what we say comes back. */
  cau_xmpp_client_send_groupchat (alice, 1, fixture->room, "Toujours là", "alice-again", FALSE);
  g_assert_true (wait_body (&watch, from_alice, "Toujours là"));
  watch_clear (&watch);
}

/* A private group: members only, so a stranger is refused; creating a room that exists is
 * refused too. */
static void
test_create_private (Fixture       *fixture,
                     gconstpointer  data)
{
  Watch alice_watch, bob_watch;
  g_autoptr(CauXmppClient) alice = start_client (fixture, "alice", &alice_watch);
  g_autoptr(CauXmppClient) bob = start_client (fixture, "bob", &bob_watch);
  CauXmppRoomCreation group = { (char *) "Groupe privé", (char *) "Entre nous", TRUE };
  CauXmppRoomCreation again = { NULL, NULL, FALSE };
  g_autofree char *group_jid = g_strconcat ("groupe@", cau_test_prosody_get_muc_domain (fixture->prosody),
                                            NULL);

  cau_xmpp_client_create_room (alice, group_jid, "Alice", &group);
  g_assert_true (cau_test_wait_count (&alice_watch.joined, 1, WAIT_S));
  /* Configured: Bob, no member, may not enter. */
  cau_test_spin (300);
  cau_xmpp_client_join_room (bob, group_jid, "Bob", NULL);
  g_assert_true (cau_test_wait_count (&bob_watch.failed, 1, WAIT_S));
  g_assert_cmpint (bob_watch.join_error, ==, CAU_XMPP_JOIN_MEMBERS_ONLY);

  cau_xmpp_client_create_room (bob, group_jid, "Bob", &again);
  g_assert_true (cau_test_wait_count (&bob_watch.failed, 2, WAIT_S));
  g_assert_cmpint (bob_watch.join_error, ==, CAU_XMPP_JOIN_EXISTS);

  watch_clear (&alice_watch);
  watch_clear (&bob_watch);
}

/* Leaving and at once entering again: the room's answer to the leave is not taken for a
 * refusal of the new entry. */
static void
test_leave_and_enter_again (Fixture       *fixture,
                            gconstpointer  data)
{
  Watch watch;
  g_autoptr(CauXmppClient) alice = start_client (fixture, "alice", &watch);

  cau_xmpp_client_join_room (alice, fixture->room, "Alice", NULL);
  g_assert_true (cau_test_wait_count (&watch.joined, 1, WAIT_S));
  cau_xmpp_client_leave_room (alice, fixture->room);
  cau_xmpp_client_join_room (alice, fixture->room, "Alice", NULL);
  g_assert_true (cau_test_wait_count (&watch.joined, 2, WAIT_S));
  cau_test_spin (300);
  g_assert_cmpuint (watch.failed, ==, 0);
  watch_clear (&watch);
}

/* The service lists its public rooms, with their names, and not the private ones. */
static void
test_directory (Fixture       *fixture,
                gconstpointer  data)
{
  Watch watch;
  g_autoptr(CauXmppClient) alice = start_client (fixture, "alice", &watch);
  const char *service = cau_test_prosody_get_muc_domain (fixture->prosody);
  g_autofree char *channel = g_strconcat ("canal@", service, NULL);
  g_autofree char *group = g_strconcat ("groupe@", service, NULL);
  CauXmppRoomCreation public_channel = { (char *) "Le canal", NULL, FALSE };
  CauXmppRoomCreation private_group = { (char *) "Le groupe", NULL, TRUE };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) rooms = NULL;
  gboolean channel_listed = FALSE;

  cau_xmpp_client_create_room (alice, channel, "Alice", &public_channel);
  cau_xmpp_client_create_room (alice, group, "Alice", &private_group);
  g_assert_true (cau_test_wait_count (&watch.joined, 2, WAIT_S));
  /* The configuration goes out after the entry: let it be taken. */
  cau_test_spin (500);

  cau_xmpp_client_list_rooms (alice, service, NULL, cau_test_store_result_cb, &result);
  rooms = cau_xmpp_client_list_rooms_finish (alice, cau_test_wait_result (&result), &error);
  g_assert_no_error (error);
  for (guint i = 0; i < rooms->len; i++)
    {
      const CauXmppRoomItem *item = &g_array_index (rooms, CauXmppRoomItem, i);

      g_assert_cmpstr (item->jid, !=, group);
      if (g_strcmp0 (item->jid, channel) == 0)
        {
          channel_listed = TRUE;
          g_assert_cmpstr (item->name, ==, "Le canal");
        }
    }
  g_assert_true (channel_listed);
  watch_clear (&watch);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/cau/rooms-engine/join-and-talk", Fixture, NULL, cau_test_engine_setup,
              test_join_and_talk, cau_test_engine_teardown);
  g_test_add ("/cau/rooms-engine/nick-in-use", Fixture, NULL, cau_test_engine_setup,
              test_nick_in_use, cau_test_engine_teardown);
  g_test_add ("/cau/rooms-engine/self-ping-rejoins", Fixture, NULL, cau_test_engine_setup,
              test_self_ping_rejoins, cau_test_engine_teardown);
  g_test_add ("/cau/rooms-engine/create-private", Fixture, NULL, cau_test_engine_setup,
              test_create_private, cau_test_engine_teardown);
  g_test_add ("/cau/rooms-engine/leave-and-enter-again", Fixture, NULL, cau_test_engine_setup,
              test_leave_and_enter_again, cau_test_engine_teardown);
  g_test_add ("/cau/rooms-engine/directory", Fixture, NULL, cau_test_engine_setup,
              test_directory, cau_test_engine_teardown);
  return g_test_run ();
}
