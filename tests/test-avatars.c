/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-test-model.h"
#include "cau-test-prosody.h"
#include "cau-test-util.h"
#include "core/cau-account-manager.h"
#include "core/cau-core-private.h"
#include "core/cau-roster.h"
#include "core/cau-roster-private.h"

/*
 * Avatars between two installs on a real Prosody: alice publishes one
 * (XEP-0084), bob, her contact, fetches it once into his cache, and does
 * not fetch it again after a restart; alice removes it and bob's contact
 * goes back to none.
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
  cau_test_server_setup (fixture, (const char *[]) { "alice", "bob", "carol", NULL },
                         (const char *[]) { "alice", "bob", NULL });
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

static CauContact *
alice_at (Device *bob)
{
  return cau_roster_lookup (cau_account_get_roster (bob->account), "alice@localhost");
}

typedef struct {
  Device     *device;
  const char *hash;
} Want;

static gboolean
own_avatar_is (gpointer data)
{
  Want *want = data;

  return g_strcmp0 (cau_account_get_avatar_hash (want->device->account), want->hash) == 0;
}

static gboolean
alice_avatar_is (gpointer data)
{
  Want *want = data;
  CauContact *alice = alice_at (want->device);

  return alice != NULL && g_strcmp0 (cau_contact_get_avatar_hash (alice), want->hash) == 0;
}

static gboolean
alice_online (gpointer data)
{
  CauContact *alice = alice_at (data);

  return alice != NULL && cau_contact_get_presence (alice) == CAU_PRESENCE_AVAILABLE;
}

static void
assert_cached (Device     *device,
               CauContact *contact,
               GBytes     *expected)
{
  g_autoptr(GFile) file = cau_contact_dup_avatar_file (contact);
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *dir = g_build_filename (device->dir, "avatars", NULL);
  g_autoptr(GFile) parent = NULL;

  g_assert_nonnull (file);
  parent = g_file_get_parent (file);
  g_assert_cmpstr (g_file_peek_path (parent), ==, dir);
  bytes = g_file_load_bytes (file, NULL, NULL, NULL);
  g_assert_nonnull (bytes);
  g_assert_true (g_bytes_equal (bytes, expected));
}

static gboolean
alice_cached (gpointer data)
{
  g_autoptr(GFile) file = cau_contact_dup_avatar_file (alice_at (data));

  return file != NULL && g_file_query_exists (file, NULL);
}

/* Restarting bob: alice's avatar is known from the store before he
 * connects. */
static const char *expected_hash;

static void
check_stored_avatar (Device *bob)
{
  g_assert_cmpint (cau_account_get_state (bob->account), !=, CAU_ACCOUNT_STATE_ONLINE);
  g_assert_cmpstr (cau_contact_get_avatar_hash (alice_at (bob)), ==, expected_hash);
}

static void
test_publish_fetch_once (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) first = png (PNG_1);
  g_autoptr(GBytes) second = png (PNG_2);
  g_autofree char *first_id = g_compute_checksum_for_bytes (G_CHECKSUM_SHA1, first);
  g_autofree char *second_id = g_compute_checksum_for_bytes (G_CHECKSUM_SHA1, second);
  g_autofree char *bob_dir = NULL;
  g_autofree char *cache = NULL;
  Device *alice = cau_test_device_start (fixture->prosody, "alice", NULL, 0, fixture->dirs, NULL);
  Device *bob = cau_test_device_start (fixture->prosody, "bob", NULL, 0, fixture->dirs, NULL);
  Want want;

  bob_dir = g_strdup (bob->dir);
  g_assert_true (cau_test_wait_until (alice_online, bob, WAIT_S));
  g_assert_null (cau_contact_get_avatar_hash (alice_at (bob)));

  /* Alice publishes; her own avatar is hers at once, from her cache. */
  g_assert_true (cau_account_publish_avatar (alice->account, first, 1, 1, &error));
  g_assert_no_error (error);
  want = (Want) { alice, first_id };
  g_assert_true (cau_test_wait_until (own_avatar_is, &want, WAIT_S));
  assert_cached (alice, cau_roster_get_own_devices (cau_account_get_roster (alice->account)),
                 first);
  g_assert_cmpuint (cau_account_manager_get_avatar_requests (alice->manager), ==, 0);

  /* Bob fetches it once, checks it and caches it. */
  want = (Want) { bob, first_id };
  g_assert_true (cau_test_wait_until (alice_avatar_is, &want, WAIT_S));
  assert_cached (bob, alice_at (bob), first);
  cau_test_spin (500);
  g_assert_cmpuint (cau_account_manager_get_avatar_requests (bob->manager), ==, 1);

  /* Restarted, bob shows it from his store and cache and asks for nothing,
   * though the server announces it again. */
  cau_test_device_stop (bob);
  expected_hash = first_id;
  bob = cau_test_device_start (fixture->prosody, "bob", bob_dir, 0, fixture->dirs,
                               check_stored_avatar);
  g_assert_true (cau_test_wait_until (alice_online, bob, WAIT_S));
  cau_test_spin (1000);
  g_assert_cmpstr (cau_contact_get_avatar_hash (alice_at (bob)), ==, first_id);
  g_assert_cmpuint (cau_account_manager_get_avatar_requests (bob->manager), ==, 0);

  /* With his cache emptied, he asks once more, whichever announcement
   * (her PEP notification or the hash in her presence, XEP-0153) comes
   * first: the other finds it wanted or cached. */
  cau_test_device_stop (bob);
  cache = g_build_filename (bob_dir, "avatars", NULL);
  cau_test_remove_tree (cache);
  bob = cau_test_device_start (fixture->prosody, "bob", bob_dir, 0, fixture->dirs, NULL);
  g_assert_true (cau_test_wait_until (alice_online, bob, WAIT_S));
  g_assert_true (cau_test_wait_until (alice_cached, bob, WAIT_S));
  assert_cached (bob, alice_at (bob), first);
  cau_test_spin (1000);
  g_assert_cmpuint (cau_account_manager_get_avatar_requests (bob->manager), ==, 1);

  /* A new avatar replaces it; then none. */
  g_assert_true (cau_account_publish_avatar (alice->account, second, 2, 1, &error));
  g_assert_no_error (error);
  want = (Want) { bob, second_id };
  g_assert_true (cau_test_wait_until (alice_avatar_is, &want, WAIT_S));
  assert_cached (bob, alice_at (bob), second);
  g_assert_cmpuint (cau_account_manager_get_avatar_requests (bob->manager), ==, 2);

  g_assert_true (cau_account_publish_avatar (alice->account, NULL, 0, 0, &error));
  g_assert_no_error (error);
  want = (Want) { bob, NULL };
  g_assert_true (cau_test_wait_until (alice_avatar_is, &want, WAIT_S));
  want = (Want) { alice, NULL };
  g_assert_true (cau_test_wait_until (own_avatar_is, &want, WAIT_S));
  g_assert_null (cau_contact_dup_avatar_file (alice_at (bob)));

  cau_test_device_stop (bob);
  cau_test_device_stop (alice);
}

typedef struct {
  Device     *device;
  const char *jid;
  const char *hash;
} Stored;

static gboolean
avatar_stored (gpointer data)
{
  Stored *stored = data;

  return g_strcmp0 (cau_roster_get_avatar (cau_account_get_roster (stored->device->account),
                                           stored->jid), stored->hash) == 0;
}

static gboolean
carol_in_roster (gpointer data)
{
  CauContact *carol = cau_roster_lookup (cau_account_get_roster (((Device *) data)->account),
                                         "carol@localhost");

  return carol != NULL && cau_contact_get_in_roster (carol);
}

/* XEP-0153: carol is in bob's roster but has not let him see her
 * presence, so no PEP notification of hers reaches him; her presence,
 * sent to him alone, carries her avatar's hash (her server adds it,
 * XEP-0398), and bob takes the image from her vCard (which Prosody builds
 * from her PEP avatar, published open). Before she is in his roster, her
 * presence makes him fetch nothing. */
static void
test_vcard_from_presence (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) picture = png (PNG_2);
  g_autofree char *id = g_compute_checksum_for_bytes (G_CHECKSUM_SHA1, picture);
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GBytes) cached = NULL;
  Device *carol = cau_test_device_start (fixture->prosody, "carol", NULL, 0, fixture->dirs, NULL);
  Device *bob = cau_test_device_start (fixture->prosody, "bob", NULL, 0, fixture->dirs, NULL);
  Want want = { carol, id };
  Stored stored = { bob, "carol@localhost", id };

  g_assert_true (cau_account_publish_avatar (carol->account, picture, 2, 1, &error));
  g_assert_no_error (error);
  g_assert_true (cau_test_wait_until (own_avatar_is, &want, WAIT_S));

  /* A stranger's presence. */
  cau_xmpp_client_send_presence_to (cau_account_get_client (carol->account), "bob@localhost");
  cau_test_spin (1000);
  g_assert_cmpuint (cau_account_manager_get_avatar_requests (bob->manager), ==, 0);
  g_assert_null (cau_roster_get_avatar (cau_account_get_roster (bob->account),
                                        "carol@localhost"));

  g_assert_true (cau_roster_add_contact (cau_account_get_roster (bob->account),
                                         "carol@localhost", "Carol", NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (cau_test_wait_until (carol_in_roster, bob, WAIT_S));
  cau_xmpp_client_send_presence_to (cau_account_get_client (carol->account), "bob@localhost");
  g_assert_true (cau_test_wait_until (avatar_stored, &stored, WAIT_S));
  g_assert_cmpuint (cau_account_manager_get_avatar_requests (bob->manager), ==, 1);
  path = g_build_filename (bob->dir, "avatars", id, NULL);
  file = g_file_new_for_path (path);
  cached = g_file_load_bytes (file, NULL, NULL, NULL);
  g_assert_nonnull (cached);
  g_assert_true (g_bytes_equal (cached, picture));

  /* Her next presence asks for nothing. */
  cau_xmpp_client_send_presence_to (cau_account_get_client (carol->account), "bob@localhost");
  cau_test_spin (1000);
  g_assert_cmpuint (cau_account_manager_get_avatar_requests (bob->manager), ==, 1);

  cau_test_device_stop (bob);
  cau_test_device_stop (carol);
}

static gboolean
both_have (gpointer data)
{
  Stored *stored = data;
  CauRoster *roster = cau_account_get_roster (stored->device->account);

  return g_strcmp0 (cau_roster_get_avatar (roster, "alice@localhost"), stored->hash) == 0 &&
         g_strcmp0 (cau_roster_get_avatar (roster, "carol@localhost"), stored->hash) == 0;
}

/* Two contacts with the same picture: fetched once, shown on both. */
static void
test_same_picture (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) picture = png (PNG_1);
  g_autofree char *id = g_compute_checksum_for_bytes (G_CHECKSUM_SHA1, picture);
  Device *alice, *carol, *bob;
  Stored stored;

  g_assert_true (cau_test_prosody_make_contacts (fixture->prosody, "carol", "bob", &error));
  alice = cau_test_device_start (fixture->prosody, "alice", NULL, 0, fixture->dirs, NULL);
  carol = cau_test_device_start (fixture->prosody, "carol", NULL, 0, fixture->dirs, NULL);
  bob = cau_test_device_start (fixture->prosody, "bob", NULL, 0, fixture->dirs, NULL);
  stored = (Stored) { bob, NULL, id };

  g_assert_true (cau_account_publish_avatar (alice->account, picture, 1, 1, &error));
  g_assert_true (cau_account_publish_avatar (carol->account, picture, 1, 1, &error));
  g_assert_no_error (error);
  g_assert_true (cau_test_wait_until (both_have, &stored, WAIT_S));
  cau_test_spin (500);
  g_assert_cmpuint (cau_account_manager_get_avatar_requests (bob->manager), ==, 1);

  cau_test_device_stop (bob);
  cau_test_device_stop (carol);
  cau_test_device_stop (alice);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/avatars/publish-fetch-once", Fixture, NULL, fixture_setup,
              test_publish_fetch_once, fixture_teardown);
  g_test_add ("/avatars/vcard-from-presence", Fixture, NULL, fixture_setup,
              test_vcard_from_presence, fixture_teardown);
  g_test_add ("/avatars/same-picture", Fixture, NULL, fixture_setup,
              test_same_picture, fixture_teardown);

  return g_test_run ();
}
