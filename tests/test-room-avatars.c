/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-test-model.h"
#include "cau-test-rooms.h"
#include "cau-test-prosody.h"
#include "cau-test-util.h"
#include "core/cau-account-manager.h"
#include "core/cau-core-private.h"
#include "core/cau-room-private.h"
#include "core/cau-roster.h"
#include "xmpp/cau-xmpp-client.h"

/*
 * Rooms' avatars through the model on a real Prosody (its mod_vcard_muc): the owner sets one,
 * another occupant fetches it once into his cache and not again after a restart; the owner
 * removes it; someone else may not set it; and a hash the room's vCard does not match is not
 * taken, wherever the presence claiming it came from.
 */

#define WAIT_S 30

/* A 1×1 PNG, and a 2×1 one. */
#define PNG_1 "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
#define PNG_2 "iVBORw0KGgoAAAANSUhEUgAAAAIAAAABCAYAAAD0In+KAAAADklEQVR4nGP4z8AAQv8BD/kD/YURmXYAAAAASUVORK5CYII="

typedef CauTestServer Fixture;
typedef CauTestDevice Device;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  cau_test_server_setup (fixture, (const char *[]) { "alice", "bob", NULL },
                         (const char *[]) { NULL });
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  cau_test_server_teardown (fixture);
}

static GBytes *
png (const char *base64)
{
  gsize len = 0;
  guchar *data = g_base64_decode (base64, &len);

  return g_bytes_new_take (data, len);
}

static CauRoom *
room_of (Device     *device,
         const char *address)
{
  CauConversation *conversation = cau_test_device_find_conversation (device, address);

  g_assert_nonnull (conversation);
  return cau_conversation_get_room (conversation);
}

/* Sets (png NULL: removes) the avatar of `room`; FALSE with `error` set when refused. */
static gboolean
set_avatar (CauRoom  *room,
            GBytes   *image,
            GError  **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  cau_room_set_avatar (room, image, NULL, cau_test_store_result_cb, &result);
  return cau_room_set_avatar_finish (room, cau_test_wait_result (&result), error);
}

static gboolean
avatar_is (gpointer data)
{
  return g_strcmp0 (cau_room_get_avatar_hash (((gpointer *) data)[0]),
                    ((gpointer *) data)[1]) == 0;
}

static void
wait_avatar (CauRoom    *room,
             const char *hash)
{
  gpointer data[] = { room, (gpointer) hash };

  if (!cau_test_wait_until (avatar_is, data, WAIT_S))
    g_error ("Room %s has avatar %s, waited for %s", cau_room_get_jid (room),
             cau_room_get_avatar_hash (room), hash);
}

static void
assert_cached (CauRoom *room,
               GBytes  *expected)
{
  g_autoptr(GFile) file = cau_room_dup_avatar_file (room);
  g_autoptr(GBytes) bytes = NULL;

  g_assert_nonnull (file);
  bytes = g_file_load_bytes (file, NULL, NULL, NULL);
  g_assert_nonnull (bytes);
  g_assert_true (g_bytes_equal (bytes, expected));
}

/* Alice creates the room `local` (she owns it), then bob enters it. */
static char *
enter_both (Fixture  *fixture,
            Device   *alice,
            Device   *bob,
            const char *local)
{
  char *address = cau_test_room_address (fixture->prosody, local);

  cau_test_room_wait_state (cau_test_device_join_room (alice, address, "Alice"), CAU_ROOM_JOINED);
  cau_test_room_wait_state (cau_test_device_join_room (bob, address, "Bob"), CAU_ROOM_JOINED);
  return address;
}

/* Restarting bob: the room's avatar is known from the store before he connects. */
static const char *expected_hash;
static const char *expected_room;

static void
check_stored_avatar (Device *bob)
{
  g_assert_cmpint (cau_account_get_state (bob->account), !=, CAU_ACCOUNT_STATE_ONLINE);
  g_assert_cmpstr (cau_room_get_avatar_hash (room_of (bob, expected_room)), ==, expected_hash);
}

static void
test_set_fetch_once (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) first = png (PNG_1);
  g_autofree char *first_id = g_compute_checksum_for_bytes (G_CHECKSUM_SHA1, first);
  Device *alice = cau_test_device_start (fixture->prosody, "alice", NULL, 0, fixture->dirs, NULL);
  Device *bob = cau_test_device_start (fixture->prosody, "bob", NULL, 0, fixture->dirs, NULL);
  g_autofree char *address = enter_both (fixture, alice, bob, "galerie");
  g_autofree char *bob_dir = g_strdup (bob->dir);
  CauRoom *alice_room = room_of (alice, address);
  CauRoom *bob_room = room_of (bob, address);

  g_assert_null (cau_room_get_avatar_hash (bob_room));
  g_assert_true (cau_room_get_avatar_supported (alice_room));

  /* Alice sets it: hers at once, from her cache. */
  g_assert_true (set_avatar (alice_room, first, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (cau_room_get_avatar_hash (alice_room), ==, first_id);
  assert_cached (alice_room, first);
  g_assert_cmpuint (cau_account_manager_get_avatar_requests (alice->manager), ==, 0);

  /* Bob hears it from the room, fetches it once, checks it and caches it. The room's presence
   * is not an occupant. */
  wait_avatar (bob_room, first_id);
  assert_cached (bob_room, first);
  cau_test_spin (500);
  g_assert_cmpuint (cau_account_manager_get_avatar_requests (bob->manager), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (cau_room_get_occupants (bob_room)), ==, 2);
  /* The room's notice of the change (status 104) is no message. */
  g_assert_cmpuint (cau_test_device_count_messages (bob, address), ==, 0);

  /* Restarted, bob shows it from his store and cache and asks for nothing, though the room
   * announces it again (its disco#info, its presence). */
  cau_test_device_stop (bob);
  expected_hash = first_id;
  expected_room = address;
  bob = cau_test_device_start (fixture->prosody, "bob", bob_dir, 0, fixture->dirs,
                               check_stored_avatar);
  bob_room = room_of (bob, address);
  cau_test_room_wait_state (bob_room, CAU_ROOM_JOINED);
  cau_test_spin (1000);
  g_assert_cmpstr (cau_room_get_avatar_hash (bob_room), ==, first_id);
  g_assert_cmpuint (cau_account_manager_get_avatar_requests (bob->manager), ==, 0);

  /* Removed: none for both. */
  g_assert_true (set_avatar (alice_room, NULL, &error));
  g_assert_no_error (error);
  g_assert_null (cau_room_get_avatar_hash (alice_room));
  wait_avatar (bob_room, NULL);
  g_assert_null (cau_room_dup_avatar_file (bob_room));

  cau_test_device_stop (bob);
  cau_test_device_stop (alice);
}

/* Only owners set it: bob is refused, with a message for people; nothing changes. */
static void
test_not_owner (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) first = png (PNG_1);
  Device *alice = cau_test_device_start (fixture->prosody, "alice", NULL, 0, fixture->dirs, NULL);
  Device *bob = cau_test_device_start (fixture->prosody, "bob", NULL, 0, fixture->dirs, NULL);
  g_autofree char *address = enter_both (fixture, alice, bob, "atelier");
  CauRoom *bob_room = room_of (bob, address);

  g_assert_false (set_avatar (bob_room, first, &error));
  g_assert_error (error, CAU_XMPP_ERROR, CAU_XMPP_ERROR_FORBIDDEN);
  g_assert_cmpstr (error->message, ==, "Only the room’s owners may change its avatar.");
  cau_test_spin (500);
  g_assert_null (cau_room_get_avatar_hash (bob_room));
  g_assert_null (cau_room_get_avatar_hash (room_of (alice, address)));

  cau_test_device_stop (bob);
  cau_test_device_stop (alice);
}

/* A presence from the room's address claiming another picture than its vCard holds: fetched,
 * found not to match, not taken (and not asked again). A malformed hash is not even asked. */
static void
test_hostile (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) first = png (PNG_1);
  g_autoptr(GBytes) second = png (PNG_2);
  g_autofree char *first_id = g_compute_checksum_for_bytes (G_CHECKSUM_SHA1, first);
  g_autofree char *second_id = g_compute_checksum_for_bytes (G_CHECKSUM_SHA1, second);
  g_autofree char *forged = NULL;
  g_autofree char *malformed = NULL;
  g_autofree char *second_path = NULL;
  Device *alice = cau_test_device_start (fixture->prosody, "alice", NULL, 0, fixture->dirs, NULL);
  Device *bob = cau_test_device_start (fixture->prosody, "bob", NULL, 0, fixture->dirs, NULL);
  g_autofree char *address = enter_both (fixture, alice, bob, "coulisses");
  CauRoom *bob_room = room_of (bob, address);
  const char *to = cau_account_get_bound_jid (bob->account);
  guint requests;

  g_assert_true (set_avatar (room_of (alice, address), first, &error));
  g_assert_no_error (error);
  wait_avatar (bob_room, first_id);
  cau_test_spin (300);
  requests = cau_account_manager_get_avatar_requests (bob->manager);

  forged = g_strdup_printf ("<presence xmlns='jabber:client' from='%s' to='%s'>"
                            "<x xmlns='vcard-temp:x:update'><photo>%s</photo></x></presence>",
                            address, to, second_id);
  cau_test_room_inject (fixture->prosody, forged);
  malformed = g_strdup_printf ("<presence xmlns='jabber:client' from='%s' to='%s'>"
                               "<x xmlns='vcard-temp:x:update'><photo>../../etc/passwd</photo>"
                               "</x></presence>", address, to);
  cau_test_room_inject (fixture->prosody, malformed);
  /* The second forgery again: asked once only. */
  cau_test_room_inject (fixture->prosody, forged);
  cau_test_spin (1000);

  g_assert_cmpuint (cau_account_manager_get_avatar_requests (bob->manager), ==, requests + 1);
  g_assert_cmpstr (cau_room_get_avatar_hash (bob_room), ==, first_id);
  second_path = g_build_filename (bob->dir, "avatars", second_id, NULL);
  g_assert_false (g_file_test (second_path, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (g_list_model_get_n_items (cau_room_get_occupants (bob_room)), ==, 2);
  g_assert_null (cau_room_find_occupant (bob_room, ""));

  cau_test_device_stop (bob);
  cau_test_device_stop (alice);
}

/* Chosen when creating the room: set once its creator is in; who enters next sees it. */
static void
test_create_with_avatar (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) second = png (PNG_2);
  g_autofree char *second_id = g_compute_checksum_for_bytes (G_CHECKSUM_SHA1, second);
  g_autofree char *address = cau_test_room_address (fixture->prosody, "vitrine");
  Device *alice = cau_test_device_start (fixture->prosody, "alice", NULL, 0, fixture->dirs, NULL);
  Device *bob = cau_test_device_start (fixture->prosody, "bob", NULL, 0, fixture->dirs, NULL);
  CauConversation *conversation;
  CauRoom *alice_room;
  CauRoom *bob_room;

  conversation = cau_account_manager_create_room (alice->manager, alice->account, address,
                                                  "Alice", "Vitrine", NULL, FALSE, &error);
  g_assert_no_error (error);
  alice_room = cau_conversation_get_room (conversation);
  cau_room_set_avatar_once_joined (alice_room, second);
  wait_avatar (alice_room, second_id);
  assert_cached (alice_room, second);

  bob_room = cau_test_device_join_room (bob, address, "Bob");
  cau_test_room_wait_state (bob_room, CAU_ROOM_JOINED);
  wait_avatar (bob_room, second_id);
  assert_cached (bob_room, second);

  cau_test_device_stop (bob);
  cau_test_device_stop (alice);
}

static gboolean
occupant_avatar_ready (gpointer occupant)
{
  return cau_occupant_get_avatar_ready (occupant);
}

static gboolean
has_avatar_hash (gpointer occupant)
{
  return cau_occupant_get_avatar_hash (occupant) != NULL;
}

/* An occupant's avatar (the hash their server puts in their presence to the room, XEP-0153):
 * fetched through the room when the window shows them, once, checked, and not kept as a
 * contact's. */
static void
test_occupant_avatar (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *address = cau_test_room_address (fixture->prosody, "salon");
  g_autoptr(GBytes) picture = png (PNG_2);
  g_autofree char *picture_id = g_compute_checksum_for_bytes (G_CHECKSUM_SHA1, picture);
  Device *alice = cau_test_device_start (fixture->prosody, "alice", NULL, 0, fixture->dirs, NULL);
  Device *bob = cau_test_device_start (fixture->prosody, "bob", NULL, 0, fixture->dirs, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GBytes) cached = NULL;
  CauRoom *alice_room;
  CauOccupant *at_alice;
  guint before;

  g_assert_true (cau_account_publish_avatar (bob->account, picture, 2, 1, &error));
  g_assert_no_error (error);
  alice_room = cau_test_device_join_room (alice, address, "Alice");
  cau_test_room_wait_state (alice_room, CAU_ROOM_JOINED);
  cau_test_room_wait_state (cau_test_device_join_room (bob, address, "Bob"), CAU_ROOM_JOINED);
  at_alice = cau_test_room_wait_occupant (alice_room, "Bob");
  g_assert_true (cau_test_wait_until (has_avatar_hash, at_alice, WAIT_S));
  g_assert_cmpstr (cau_occupant_get_avatar_hash (at_alice), ==, picture_id);

  /* Nothing fetched until asked for. */
  cau_test_spin (300);
  before = cau_account_manager_get_avatar_requests (alice->manager);
  g_assert_false (cau_occupant_get_avatar_ready (at_alice));
  g_assert_null (cau_room_dup_occupant_avatar_file (alice_room, at_alice));
  g_assert_true (cau_test_wait_until (occupant_avatar_ready, at_alice, WAIT_S));
  file = cau_room_dup_occupant_avatar_file (alice_room, at_alice);
  g_assert_nonnull (file);
  cached = g_file_load_bytes (file, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (cached, picture));
  g_assert_cmpuint (cau_account_manager_get_avatar_requests (alice->manager), ==, before + 1);
  /* Not kept as anyone's in her contacts. */
  {
    g_autofree char *occupant = g_strconcat (address, "/Bob", NULL);

    g_assert_null (cau_roster_lookup (cau_account_get_roster (alice->account), occupant));
    g_assert_null (cau_roster_lookup (cau_account_get_roster (alice->account), "bob@localhost"));
  }

  cau_test_device_stop (alice);
  cau_test_device_stop (bob);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/cau/room-avatars/set-fetch-once", Fixture, NULL, fixture_setup,
              test_set_fetch_once, fixture_teardown);
  g_test_add ("/cau/room-avatars/occupant", Fixture, NULL, fixture_setup, test_occupant_avatar,
              fixture_teardown);
  g_test_add ("/cau/room-avatars/not-owner", Fixture, NULL, fixture_setup, test_not_owner,
              fixture_teardown);
  g_test_add ("/cau/room-avatars/hostile", Fixture, NULL, fixture_setup, test_hostile,
              fixture_teardown);
  g_test_add ("/cau/room-avatars/create-with-avatar", Fixture, NULL, fixture_setup,
              test_create_with_avatar, fixture_teardown);
  return g_test_run ();
}
