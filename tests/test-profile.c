/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-test-model.h"
#include "cau-test-prosody.h"
#include "cau-test-util.h"
#include "core/cau-profile.h"
#include "core/cau-roster.h"

#include <string.h>

/*
 * A contact's profile through the model, between two devices on a real
 * Prosody: alice publishes a vCard4 and a nickname (XEP-0172) in PEP, bob
 * opens her profile and sees its fields and her device with the software
 * it runs (XEP-0092, answered by our own client).
 */

#define WAIT_S 30

typedef CauTestServer Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  cau_test_server_setup (fixture, (const char *[]) { "alice", "bob", "carol", NULL },
                         (const char *[]) { "alice", "bob", "carol", "bob", NULL });
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  cau_test_server_teardown (fixture);
}

static void
publish (Fixture    *fixture,
         const char *user,
         const char *node,
         const char *item_xml)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (cau_test_prosody_publish (fixture->prosody, user, node, item_xml, &error));
  g_assert_no_error (error);
}

typedef struct {
  CauTestDevice *device;
  const char    *jid;
} Lookup;

static gboolean
in_roster (gpointer data)
{
  Lookup *lookup = data;

  return cau_roster_lookup (cau_account_get_roster (lookup->device->account),
                            lookup->jid) != NULL;
}

/* The contact, once the roster has it. */
static CauContact *
contact_of (CauTestDevice *device,
            const char    *jid)
{
  Lookup lookup = { device, jid };

  g_assert_true (cau_test_wait_until (in_roster, &lookup, WAIT_S));
  return cau_roster_lookup (cau_account_get_roster (device->account), jid);
}

static gboolean
has_resources (gpointer data)
{
  const char * const *resources = cau_contact_get_resources (data);

  return resources != NULL && resources[0] != NULL;
}

static gboolean
profile_loaded (gpointer data)
{
  return cau_profile_get_state (data) != CAU_PROFILE_STATE_LOADING;
}

static gboolean
profile_empty (gpointer data)
{
  return cau_profile_get_state (data) == CAU_PROFILE_STATE_EMPTY;
}

static gboolean
device_loaded (gpointer data)
{
  GListModel *devices = cau_profile_get_devices (data);
  g_autoptr(CauProfileDevice) device = g_list_model_get_item (devices, 0);

  return device != NULL && !cau_profile_device_get_loading (device);
}

static gboolean
nickname_is_ali (gpointer data)
{
  return g_strcmp0 (cau_contact_get_nickname (data), "Ali") == 0;
}

static void
test_profile (Fixture       *fixture,
              gconstpointer  data)
{
  CauTestDevice *alice = cau_test_device_start (fixture->prosody, "alice", NULL, 0,
                                                fixture->dirs, NULL);
  CauTestDevice *bob = cau_test_device_start (fixture->prosody, "bob", NULL, 0,
                                              fixture->dirs, NULL);
  CauContact *alice_at_bob;
  g_autoptr(CauProfile) profile = NULL;
  g_autoptr(CauProfileDevice) device = NULL;

  publish (fixture, "alice", "urn:xmpp:vcard4",
           "<item xmlns='http://jabber.org/protocol/pubsub' id='current'>"
           "<vcard xmlns='urn:ietf:params:xml:ns:vcard-4.0'>"
           "<fn><text>Alice &lt;b&gt;Liddell&lt;/b&gt;</text></fn>"
           "<email><text>alice@example.net</text></email>"
           "<tel><uri>tel:+44-1865-000000</uri></tel>"
           "<url><uri>https://alice.example.org/</uri></url>"
           "<adr><locality>Oxford</locality><country>United Kingdom</country></adr>"
           "<note><text>Down the rabbit hole.</text></note>"
           "</vcard></item>");

  alice_at_bob = contact_of (bob, "alice@localhost");
  g_assert_nonnull (alice_at_bob);
  g_assert_true (cau_test_wait_until (has_resources, alice_at_bob, WAIT_S));

  profile = cau_profile_new (alice_at_bob);
  g_assert_cmpint (cau_profile_get_state (profile), ==, CAU_PROFILE_STATE_LOADING);
  g_assert_true (cau_test_wait_until (profile_loaded, profile, WAIT_S));
  g_assert_cmpint (cau_profile_get_state (profile), ==, CAU_PROFILE_STATE_LOADED);
  g_assert_cmpstr (cau_profile_get_full_name (profile), ==, "Alice <b>Liddell</b>");
  g_assert_cmpstr (cau_profile_get_emails (profile)[0], ==, "alice@example.net");
  g_assert_null (cau_profile_get_emails (profile)[1]);
  g_assert_cmpstr (cau_profile_get_phones (profile)[0], ==, "+44-1865-000000");
  g_assert_cmpstr (cau_profile_get_urls (profile)[0], ==, "https://alice.example.org/");
  g_assert_cmpstr (cau_profile_get_locality (profile), ==, "Oxford");
  g_assert_cmpstr (cau_profile_get_country (profile), ==, "United Kingdom");
  g_assert_cmpstr (cau_profile_get_note (profile), ==, "Down the rabbit hole.");
  g_assert_null (cau_profile_get_birthday (profile));

  /* Alice's device answers what it runs: our name and version, no OS. */
  g_assert_true (cau_test_wait_until (device_loaded, profile, WAIT_S));
  g_assert_cmpuint (g_list_model_get_n_items (cau_profile_get_devices (profile)), ==, 1);
  device = g_list_model_get_item (cau_profile_get_devices (profile), 0);
  g_assert_cmpstr (cau_profile_device_get_jid (device), ==,
                   cau_account_get_bound_jid (alice->account));
  g_assert_cmpstr (cau_profile_device_get_software (device), ==, "Causerie");
  g_assert_cmpstr (cau_profile_device_get_version (device), ==, PACKAGE_VERSION);
  g_assert_null (cau_profile_device_get_os (device));

  /* Her nickname comes as a PEP event (we ask for them with +notify). */
  publish (fixture, "alice", "http://jabber.org/protocol/nick",
           "<item xmlns='http://jabber.org/protocol/pubsub' id='current'>"
           "<nick xmlns='http://jabber.org/protocol/nick'>Ali</nick></item>");
  g_assert_true (cau_test_wait_until (nickname_is_ali, alice_at_bob, WAIT_S));
  g_assert_cmpstr (cau_contact_get_display_name (alice_at_bob), ==, "Ali");

  /* She goes offline: her device leaves the profile. */
  cau_test_device_stop (alice);
  for (guint i = 0; i < WAIT_S * 10 &&
       g_list_model_get_n_items (cau_profile_get_devices (profile)) > 0; i++)
    cau_test_spin (100);
  g_assert_cmpuint (g_list_model_get_n_items (cau_profile_get_devices (profile)), ==, 0);

  g_clear_object (&device);
  g_assert_finalize_object (g_steal_pointer (&profile));
  cau_test_device_stop (bob);
}

/* A contact who published nothing has an empty profile, not an error;
 * an account offline says so at once. */
static void
test_no_profile (Fixture       *fixture,
                 gconstpointer  data)
{
  CauTestDevice *bob = cau_test_device_start (fixture->prosody, "bob", NULL, 0,
                                              fixture->dirs, NULL);
  CauContact *carol = contact_of (bob, "carol@localhost");
  g_autoptr(CauProfile) profile = NULL;
  g_autoptr(CauProfile) offline = NULL;

  g_assert_nonnull (carol);
  profile = cau_profile_new (carol);
  g_assert_true (cau_test_wait_until (profile_loaded, profile, WAIT_S));
  g_assert_cmpint (cau_profile_get_state (profile), ==, CAU_PROFILE_STATE_EMPTY);
  g_assert_null (cau_profile_get_full_name (profile));
  g_assert_null (cau_profile_get_emails (profile)[0]);
  g_assert_cmpuint (g_list_model_get_n_items (cau_profile_get_devices (profile)), ==, 0);

  cau_account_set_enabled (bob->account, FALSE);
  offline = cau_profile_new (carol);
  g_assert_cmpint (cau_profile_get_state (offline), ==, CAU_PROFILE_STATE_FAILED);
  g_assert_nonnull (cau_profile_get_error_message (offline));
  /* Back online, it is asked again. */
  cau_account_set_enabled (bob->account, TRUE);
  g_assert_true (cau_test_wait_until (profile_empty, offline, WAIT_S));

  g_assert_finalize_object (g_steal_pointer (&profile));
  g_assert_finalize_object (g_steal_pointer (&offline));
  cau_test_device_stop (bob);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/profile/vcard-devices-nick", Fixture, NULL, fixture_setup, test_profile,
              fixture_teardown);
  g_test_add ("/profile/none", Fixture, NULL, fixture_setup, test_no_profile,
              fixture_teardown);
  return g_test_run ();
}
