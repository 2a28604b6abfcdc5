/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-test-model.h"
#include "cau-test-prosody.h"
#include "cau-test-util.h"
#include "core/cau-account-manager.h"
#include "core/cau-core-private.h"
#include "core/cau-roster.h"
#include "store/cau-db-messages.h"

#include <string.h>

/*
 * Contacts through the model, between real clients on a real Prosody:
 * the roster from the store and from the server (with versioning),
 * subscriptions, presence, and blocking (XEP-0191). Each "device" is an
 * account manager with its own data directory.
 */

#define WAIT_S 30

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

/* A device signed in as user; `dir` NULL: a new install. With an existing
 * `dir`, `before_online` (nullable) runs once the account is loaded and
 * waits for its password, before any connection. */
static Device *
device_start_full (Fixture           *fixture,
                   const char        *user,
                   const char        *dir,
                   CauTestDeviceHook  before_online)
{
  return cau_test_device_start (fixture->prosody, user, dir, 0, fixture->dirs, before_online);
}

static Device *
device_start (Fixture    *fixture,
              const char *user,
              const char *dir)
{
  return device_start_full (fixture, user, dir, NULL);
}

static CauRoster *
roster_of (Device *device)
{
  return cau_account_get_roster (device->account);
}

static CauContact *
contact_of (Device     *device,
            const char *jid)
{
  return cau_roster_lookup (roster_of (device), jid);
}

static CauXmppClient *
client_of (Device *device)
{
  return cau_account_get_client (device->account);
}

/* Waiting for what a contact looks like. */

typedef enum {
  WANT_IN_ROSTER,
  WANT_ABSENT,
  WANT_SUBSCRIPTION,
  WANT_PRESENCE,
  WANT_DISPLAY_NAME,
  WANT_GROUPS,
  WANT_REQUESTS,
  WANT_BLOCKED,
  WANT_ASK,
} Want;

typedef struct {
  Device     *device;
  Want        want;
  const char *jid;
  int         number;
  const char *text;
} Wait;

static gboolean
wanted (gpointer data)
{
  Wait *wait = data;
  CauContact *contact = wait->jid ? contact_of (wait->device, wait->jid) : NULL;

  switch (wait->want)
    {
    case WANT_IN_ROSTER:
      return contact != NULL && cau_contact_get_in_roster (contact);
    case WANT_ABSENT:
      return contact == NULL || !cau_contact_get_in_roster (contact);
    case WANT_SUBSCRIPTION:
      return contact != NULL && (int) cau_contact_get_subscription (contact) == wait->number;
    case WANT_PRESENCE:
      return contact != NULL && (int) cau_contact_get_presence (contact) == wait->number &&
             g_strcmp0 (cau_contact_get_status_message (contact), wait->text) == 0;
    case WANT_DISPLAY_NAME:
      return contact != NULL && g_strcmp0 (cau_contact_get_display_name (contact), wait->text) == 0;
    case WANT_GROUPS:
      {
        g_autofree char *groups = NULL;

        if (contact == NULL)
          return FALSE;
        groups = g_strjoinv (",", (char **) cau_contact_get_groups (contact));
        return g_strcmp0 (groups, wait->text) == 0;
      }
    case WANT_ASK:
      return contact != NULL && cau_contact_get_ask (contact) == wait->number;
    case WANT_REQUESTS:
      return (int) g_list_model_get_n_items (cau_roster_get_requests (roster_of (wait->device)))
             == wait->number;
    case WANT_BLOCKED:
      {
        CauRoster *roster = roster_of (wait->device);
        g_autofree char *blocked = g_strjoinv (",", (char **) cau_roster_get_blocked (roster));

        return g_strcmp0 (blocked, wait->text) == 0;
      }
    default:
      g_assert_not_reached ();
    }
}

static void
wait_for (Device     *device,
          Want        want,
          const char *jid,
          int         number,
          const char *text)
{
  Wait wait = { device, want, jid, number, text };

  if (!cau_test_wait_until (wanted, &wait, WAIT_S))
    {
      CauContact *contact = jid ? contact_of (device, jid) : NULL;
      g_autofree char *groups = NULL;

      if (contact != NULL)
        groups = g_strjoinv (",", (char **) cau_contact_get_groups (contact));

      g_error ("%s: waited in vain for %d on %s (%d, %s); it has: %s, %s, %d, %d, [%s]",
               cau_account_get_jid (device->account), want, jid ? jid : "-", number,
               text ? text : "-", contact ? cau_contact_get_display_name (contact) : "no contact",
               contact ? cau_contact_get_status_message (contact) : "-",
               contact ? (int) cau_contact_get_subscription (contact) : -1,
               contact ? (int) cau_contact_get_presence (contact) : -1, groups ? groups : "");
    }
}

static gboolean
has_feature (gpointer data)
{
  return cau_account_server_has_feature (((Device *) data)->account, "urn:xmpp:blocking");
}

/* Messages, as test-messaging.c counts them. */

static char *
stored_roster_version (Device *device)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (device->dir, "causerie.db", NULL);
  g_autoptr(CauDb) db = cau_db_open_readonly (path, &error);

  g_assert_no_error (error);
  return cau_db_get_roster_version (db, cau_account_get_id (device->account), NULL);
}

/* Tests. */

static void
check_stored_roster (Device *device)
{
  CauContact *bob = contact_of (device, "bob@localhost");

  /* Not connected yet: this came from the store. */
  g_assert_cmpint (cau_account_get_state (device->account), !=, CAU_ACCOUNT_STATE_ONLINE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (roster_of (device))), ==, 1);
  g_assert_nonnull (bob);
  g_assert_true (cau_contact_get_account (bob) == device->account);
  g_assert_true (cau_roster_get_account (roster_of (device)) == device->account);
  g_assert_cmpint (cau_contact_get_subscription (bob), ==, CAU_SUBSCRIPTION_BOTH);
  g_assert_cmpint (cau_contact_get_presence (bob), ==, CAU_PRESENCE_OFFLINE);
}

static gboolean
full_roster_received (gpointer data)
{
  return cau_xmpp_client_get_full_rosters (client_of (data)) > 0;
}

static gboolean
started_twice (gpointer data)
{
  return cau_xmpp_client_get_streams_started (client_of (data)) >= 2 &&
         cau_account_get_state (((Device *) data)->account) == CAU_ACCOUNT_STATE_ONLINE;
}

/* The roster shows at once from the store; the server sends it again only
 * when it changed (XEP-0237). */
static void
test_roster_store_and_versions (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  Device *alice = device_start (fixture, "alice", NULL);
  g_autofree char *dir = g_strdup (alice->dir);
  g_autofree char *version = NULL;
  g_autofree char *version_after = NULL;

  wait_for (alice, WANT_SUBSCRIPTION, "bob@localhost", CAU_SUBSCRIPTION_BOTH, NULL);
  g_assert_true (cau_test_wait_until (full_roster_received, alice, WAIT_S));
  g_assert_cmpuint (cau_xmpp_client_get_full_rosters (client_of (alice)), ==, 1);
  version = stored_roster_version (alice);
  g_assert_nonnull (version);
  cau_test_device_stop (alice);

  /* Restart: contacts before connecting, and no full roster after. */
  alice = device_start_full (fixture, "alice", dir, check_stored_roster);
  cau_test_spin (500);
  g_assert_cmpuint (cau_xmpp_client_get_full_rosters (client_of (alice)), ==, 0);
  version_after = stored_roster_version (alice);
  g_assert_cmpstr (version_after, ==, version);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (roster_of (alice))), ==, 1);
  g_assert_cmpint (cau_contact_get_subscription (contact_of (alice, "bob@localhost")), ==,
                   CAU_SUBSCRIPTION_BOTH);

  /* A new session in the same run: the same. */
  cau_account_reconnect (alice->account);
  g_assert_true (cau_test_wait_until (started_twice, alice, WAIT_S));
  cau_test_spin (500);
  g_assert_cmpuint (cau_xmpp_client_get_full_rosters (client_of (alice)), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (roster_of (alice))), ==, 1);

  /* Changed while we were away: the whole roster comes, with a new version. */
  cau_account_set_enabled (alice->account, FALSE);
  g_assert_true (cau_test_prosody_make_contacts (fixture->prosody, "alice", "carol", &error));
  g_assert_no_error (error);
  cau_account_set_enabled (alice->account, TRUE);
  wait_for (alice, WANT_SUBSCRIPTION, "carol@localhost", CAU_SUBSCRIPTION_BOTH, NULL);
  g_assert_true (cau_test_wait_until (full_roster_received, alice, WAIT_S));
  g_assert_cmpuint (cau_xmpp_client_get_full_rosters (client_of (alice)), ==, 1);
  g_clear_pointer (&version_after, g_free);
  version_after = stored_roster_version (alice);
  g_assert_cmpstr (version_after, !=, version);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (roster_of (alice))), ==, 2);

  cau_test_device_stop (alice);
}

/* Alice adds carol; carol accepts; both see each other. */
static void
test_subscribe (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  Device *alice = device_start (fixture, "alice", NULL);
  Device *carol = device_start (fixture, "carol", NULL);
  g_autoptr(CauContact) request = NULL;
  CauContact *carol_at_alice;

  wait_for (alice, WANT_IN_ROSTER, "bob@localhost", 0, NULL);
  g_assert_true (cau_roster_add_contact (roster_of (alice), " Carol@localhost ", "Carol",
                                         "Friends", "Bonjour Carol, c’est Alice", &error));
  g_assert_no_error (error);

  /* Alice has asked; carol is asked. */
  wait_for (alice, WANT_IN_ROSTER, "carol@localhost", 0, NULL);
  carol_at_alice = contact_of (alice, "carol@localhost");
  g_assert_cmpstr (cau_contact_get_display_name (carol_at_alice), ==, "Carol");
  wait_for (alice, WANT_GROUPS, "carol@localhost", 0, "Friends");
  wait_for (alice, WANT_ASK, "carol@localhost", TRUE, NULL);
  g_assert_cmpint (cau_contact_get_subscription (carol_at_alice), ==, CAU_SUBSCRIPTION_NONE);

  wait_for (carol, WANT_REQUESTS, NULL, 1, NULL);
  request = g_list_model_get_item (cau_roster_get_requests (roster_of (carol)), 0);
  g_assert_cmpstr (cau_contact_get_jid (request), ==, "alice@localhost");
  g_assert_cmpstr (cau_contact_get_request_message (request), ==, "Bonjour Carol, c’est Alice");
  g_assert_true (cau_contact_get_requested (request));

  /* Carol accepts and asks back; alice's side approves that by itself. */
  g_assert_true (cau_roster_accept_request (roster_of (carol), request, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (cau_roster_get_requests (roster_of (carol))), ==, 0);
  wait_for (alice, WANT_SUBSCRIPTION, "carol@localhost", CAU_SUBSCRIPTION_BOTH, NULL);
  wait_for (carol, WANT_SUBSCRIPTION, "alice@localhost", CAU_SUBSCRIPTION_BOTH, NULL);
  g_assert_true (contact_of (carol, "alice@localhost") == request);
  g_assert_false (cau_contact_get_ask (carol_at_alice));
  g_assert_cmpuint (g_list_model_get_n_items (cau_roster_get_requests (roster_of (alice))), ==, 0);

  /* Each sees the other's presence. */
  wait_for (alice, WANT_PRESENCE, "carol@localhost", CAU_PRESENCE_AVAILABLE, NULL);
  wait_for (carol, WANT_PRESENCE, "alice@localhost", CAU_PRESENCE_AVAILABLE, NULL);
  g_assert_cmpuint (g_strv_length ((char **) cau_contact_get_resources (carol_at_alice)), ==, 1);
  g_assert_true (g_str_has_prefix (cau_contact_get_resources (carol_at_alice)[0],
                                   "carol@localhost/"));

  cau_account_set_presence (carol->account, CAU_PRESENCE_AWAY, "En réunion");
  wait_for (alice, WANT_PRESENCE, "carol@localhost", CAU_PRESENCE_AWAY, "En réunion");

  cau_account_set_presence (carol->account, CAU_PRESENCE_OFFLINE, NULL);
  wait_for (alice, WANT_PRESENCE, "carol@localhost", CAU_PRESENCE_OFFLINE, NULL);
  g_assert_cmpuint (g_strv_length ((char **) cau_contact_get_resources (carol_at_alice)), ==, 0);

  /* Carol's own view went dark with her. */
  g_assert_cmpint (cau_contact_get_presence (contact_of (carol, "alice@localhost")), ==,
                   CAU_PRESENCE_OFFLINE);

  cau_test_device_stop (carol);
  cau_test_device_stop (alice);
}

/* Another device of ours shows as our own, not as a contact. */
static void
test_own_devices (Fixture       *fixture,
                  gconstpointer  data)
{
  Device *alice = device_start (fixture, "alice", NULL);
  Device *phone = device_start (fixture, "alice", NULL);
  CauContact *own = cau_roster_get_own_devices (roster_of (alice));

  for (guint i = 0; i < WAIT_S * 10 && cau_contact_get_presence (own) == CAU_PRESENCE_OFFLINE; i++)
    cau_test_spin (100);
  g_assert_cmpint (cau_contact_get_presence (own), ==, CAU_PRESENCE_AVAILABLE);
  g_assert_cmpuint (g_strv_length ((char **) cau_contact_get_resources (own)), ==, 1);
  g_assert_cmpstr (cau_contact_get_resources (own)[0], ==,
                   cau_account_get_bound_jid (phone->account));
  g_assert_null (contact_of (alice, "alice@localhost"));

  cau_test_device_stop (phone);
  for (guint i = 0; i < WAIT_S * 10 && cau_contact_get_presence (own) != CAU_PRESENCE_OFFLINE; i++)
    cau_test_spin (100);
  g_assert_cmpint (cau_contact_get_presence (own), ==, CAU_PRESENCE_OFFLINE);

  cau_test_device_stop (alice);
}

static void
test_rename_remove (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  Device *alice = device_start (fixture, "alice", NULL);
  Device *bob = device_start (fixture, "bob", NULL);
  const char * const groups[] = { "Famille", "Travail", NULL };
  g_autoptr(CauContact) contact = NULL;

  wait_for (alice, WANT_SUBSCRIPTION, "bob@localhost", CAU_SUBSCRIPTION_BOTH, NULL);
  /* Held: out of the roster, the roster lets it go. */
  contact = g_object_ref (contact_of (alice, "bob@localhost"));

  g_assert_true (cau_roster_rename (roster_of (alice), contact, "Robert", &error));
  g_assert_no_error (error);
  wait_for (alice, WANT_DISPLAY_NAME, "bob@localhost", 0, "Robert");
  g_assert_cmpstr (cau_contact_get_name (contact), ==, "Robert");

  g_assert_true (cau_roster_set_groups (roster_of (alice), contact, groups, &error));
  g_assert_no_error (error);
  wait_for (alice, WANT_GROUPS, "bob@localhost", 0, "Famille,Travail");
  g_assert_cmpstr (cau_contact_get_name (contact), ==, "Robert");

  /* No name: back to the address. */
  g_assert_true (cau_roster_rename (roster_of (alice), contact, NULL, &error));
  wait_for (alice, WANT_DISPLAY_NAME, "bob@localhost", 0, "bob");
  wait_for (alice, WANT_GROUPS, "bob@localhost", 0, "Famille,Travail");

  g_assert_true (cau_roster_remove (roster_of (alice), contact, &error));
  g_assert_no_error (error);
  wait_for (alice, WANT_ABSENT, "bob@localhost", 0, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (roster_of (alice))), ==, 0);
  g_assert_false (cau_contact_get_in_roster (contact));
  g_assert_cmpint (cau_contact_get_presence (contact), ==, CAU_PRESENCE_OFFLINE);
  g_assert_false (cau_roster_rename (roster_of (alice), contact, "Bob", &error));
  g_assert_error (error, CAU_CORE_ERROR, CAU_CORE_ERROR_FAILED);
  g_clear_error (&error);

  /* Bob no longer sees alice, nor she him. */
  wait_for (bob, WANT_SUBSCRIPTION, "alice@localhost", CAU_SUBSCRIPTION_NONE, NULL);
  wait_for (bob, WANT_PRESENCE, "alice@localhost", CAU_PRESENCE_OFFLINE, NULL);

  cau_test_device_stop (bob);
  cau_test_device_stop (alice);
}

static void
check_blocked_before_online (Device *device)
{
  const char * const expected[] = { "bob@localhost", NULL };

  g_assert_true (g_strv_equal (cau_roster_get_blocked (roster_of (device)), expected));
  g_assert_true (cau_contact_get_blocked (contact_of (device, "bob@localhost")));
}

/* Alice blocks bob: the server delivers nothing of his; then unblocks. */
static void
test_block (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  Device *alice = device_start (fixture, "alice", NULL);
  Device *bob = device_start (fixture, "bob", NULL);
  g_autofree char *dir = g_strdup (alice->dir);
  CauContact *contact;

  wait_for (alice, WANT_PRESENCE, "bob@localhost", CAU_PRESENCE_AVAILABLE, NULL);
  g_assert_true (cau_test_wait_until (has_feature, alice, WAIT_S));
  contact = contact_of (alice, "bob@localhost");

  g_assert_false (cau_account_block (alice->account, "bob@", &error));
  g_assert_error (error, CAU_CORE_ERROR, CAU_CORE_ERROR_INVALID_ADDRESS);
  g_clear_error (&error);
  g_assert_true (cau_account_block (alice->account, "Bob@localhost", &error));
  g_assert_no_error (error);
  wait_for (alice, WANT_BLOCKED, NULL, 0, "bob@localhost");
  g_assert_true (cau_contact_get_blocked (contact));
  g_assert_cmpint (cau_contact_get_presence (contact), ==, CAU_PRESENCE_OFFLINE);

  /* Bob writes: the server keeps it from alice. */
  cau_test_device_send_text (bob, "alice@localhost", "tu m’entends ?");
  cau_test_device_send_text (alice, "bob@localhost", "from alice, refused by her server");
  cau_test_spin (1500);
  g_assert_cmpuint (cau_test_device_count_messages (alice, "bob@localhost"), ==, 1);
  g_assert_cmpuint (cau_test_device_count_messages (bob, "alice@localhost"), ==, 1);

  /* A new start of alice shows the block before connecting. */
  cau_test_device_stop (alice);
  alice = device_start_full (fixture, "alice", dir, check_blocked_before_online);
  wait_for (alice, WANT_BLOCKED, NULL, 0, "bob@localhost");
  g_assert_cmpuint (cau_test_device_count_messages (alice, "bob@localhost"), ==, 1);

  g_assert_true (cau_account_unblock (alice->account, "bob@localhost", &error));
  g_assert_no_error (error);
  wait_for (alice, WANT_BLOCKED, NULL, 0, "");
  g_assert_false (cau_contact_get_blocked (contact_of (alice, "bob@localhost")));

  cau_test_device_send_text (bob, "alice@localhost", "et maintenant ?");
  cau_test_device_wait_count (alice, "bob@localhost", 2);
  cau_test_spin (300);
  g_assert_cmpuint (cau_test_device_count_messages (alice, "bob@localhost"), ==, 2);

  cau_test_device_stop (bob);
  cau_test_device_stop (alice);
}

/* A request can be denied, or denied and blocked. */
static void
test_deny_and_block_request (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  Device *alice = device_start (fixture, "alice", NULL);
  Device *carol = device_start (fixture, "carol", NULL);
  g_autoptr(CauContact) request = NULL;

  g_assert_true (cau_roster_add_contact (roster_of (carol), "alice@localhost", NULL, NULL, NULL,
                                         &error));
  wait_for (alice, WANT_REQUESTS, NULL, 1, NULL);
  /* Carol's side shows her request pending first: otherwise the waits
   * below for the refusal could pass before it arrives, and her second
   * request could reach the server before alice's refusal of the first. */
  wait_for (carol, WANT_ASK, "alice@localhost", TRUE, NULL);
  request = g_list_model_get_item (cau_roster_get_requests (roster_of (alice)), 0);
  g_assert_true (cau_roster_deny_request (roster_of (alice), request, &error));
  g_assert_no_error (error);
  wait_for (alice, WANT_REQUESTS, NULL, 0, NULL);
  /* Carol's request was refused: no longer pending, and she still does
   * not see alice. */
  wait_for (carol, WANT_ASK, "alice@localhost", FALSE, NULL);
  wait_for (carol, WANT_IN_ROSTER, "alice@localhost", 0, NULL);
  g_assert_cmpint (cau_contact_get_subscription (contact_of (carol, "alice@localhost")), ==,
                   CAU_SUBSCRIPTION_NONE);
  g_assert_false (cau_contact_get_requested (request));
  g_clear_object (&request);

  /* Asked again, then blocked. */
  g_assert_true (cau_test_wait_until (has_feature, alice, WAIT_S));
  g_assert_true (cau_roster_add_contact (roster_of (carol), "alice@localhost", NULL, NULL, NULL,
                                         &error));
  wait_for (alice, WANT_REQUESTS, NULL, 1, NULL);
  request = g_list_model_get_item (cau_roster_get_requests (roster_of (alice)), 0);
  g_assert_true (cau_roster_block_request (roster_of (alice), request, &error));
  g_assert_no_error (error);
  wait_for (alice, WANT_BLOCKED, NULL, 0, "carol@localhost");
  g_assert_cmpuint (g_list_model_get_n_items (cau_roster_get_requests (roster_of (alice))), ==, 0);

  /* Asking once more reaches nobody. */
  g_assert_true (cau_roster_add_contact (roster_of (carol), "alice@localhost", NULL, NULL, "?",
                                         &error));
  cau_test_spin (1000);
  g_assert_cmpuint (g_list_model_get_n_items (cau_roster_get_requests (roster_of (alice))), ==, 0);
  g_assert_cmpint (cau_contact_get_subscription (contact_of (carol, "alice@localhost")), ==,
                   CAU_SUBSCRIPTION_NONE);

  cau_test_device_stop (carol);
  cau_test_device_stop (alice);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/contacts/roster-store-and-versions", Fixture, NULL, fixture_setup,
              test_roster_store_and_versions, fixture_teardown);
  g_test_add ("/contacts/subscribe", Fixture, NULL, fixture_setup, test_subscribe,
              fixture_teardown);
  g_test_add ("/contacts/own-devices", Fixture, NULL, fixture_setup, test_own_devices,
              fixture_teardown);
  g_test_add ("/contacts/rename-remove", Fixture, NULL, fixture_setup, test_rename_remove,
              fixture_teardown);
  g_test_add ("/contacts/block", Fixture, NULL, fixture_setup, test_block, fixture_teardown);
  g_test_add ("/contacts/deny-and-block-request", Fixture, NULL, fixture_setup,
              test_deny_and_block_request, fixture_teardown);
  return g_test_run ();
}
