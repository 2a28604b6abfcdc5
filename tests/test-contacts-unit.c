/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-test-stanza.h"
#include "cau-test-util.h"
#include "core/cau-account-manager.h"
#include "core/cau-avatar-cache.h"
#include "core/cau-contact-private.h"
#include "core/cau-roster-private.h"
#include "store/cau-db-messages.h"
#include "xmpp/xeps/cau-xep-0191-blocking.h"
#include "xmpp/xeps/cau-xep-messages.h"

#include <string.h>

/* The contacts model without a network: a contact's presence and names,
 * the roster's order and its exact changes, requests and the block list,
 * and the XEP-0191 stanzas. */

#define OWN      "me@example.org/laptop"
#define OWN_BARE "me@example.org"

static xmpp_ctx_t *ctx;

/* Contact. */

typedef struct {
  guint presence;
  guint status;
  guint resources;
  guint display_name;
} Notified;

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 Notified   *counts)
{
  const char *name = g_param_spec_get_name (pspec);

  if (g_str_equal (name, "presence"))
    counts->presence++;
  else if (g_str_equal (name, "status-message"))
    counts->status++;
  else if (g_str_equal (name, "resources"))
    counts->resources++;
  else if (g_str_equal (name, "display-name"))
    counts->display_name++;
}

static void
assert_resources (CauContact *contact,
                  const char *first,
                  ...)
{
  const char * const *resources = cau_contact_get_resources (contact);
  const char *expected = first;
  va_list args;
  guint i = 0;

  va_start (args, first);
  for (; expected != NULL; expected = va_arg (args, const char *), i++)
    g_assert_cmpstr (resources[i], ==, expected);
  va_end (args);
  g_assert_null (resources[i]);
}

static void
test_presence (void)
{
  CauContact *contact = cau_contact_new (NULL, "juliet@capulet.lit");
  Notified counts = { 0 };

  g_signal_connect (contact, "notify", G_CALLBACK (count_notify_cb), &counts);
  g_assert_cmpint (cau_contact_get_presence (contact), ==, CAU_PRESENCE_OFFLINE);
  assert_resources (contact, NULL);

  cau_contact_set_resource_presence (contact, "juliet@capulet.lit/phone", CAU_XMPP_SHOW_AWAY,
                                     "On the balcony");
  g_assert_cmpint (cau_contact_get_presence (contact), ==, CAU_PRESENCE_AWAY);
  g_assert_cmpstr (cau_contact_get_status_message (contact), ==, "On the balcony");
  g_assert_cmpuint (counts.presence, ==, 1);

  /* Available beats away: the laptop's status is the contact's. */
  cau_contact_set_resource_presence (contact, "juliet@capulet.lit/laptop",
                                     CAU_XMPP_SHOW_AVAILABLE, NULL);
  g_assert_cmpint (cau_contact_get_presence (contact), ==, CAU_PRESENCE_AVAILABLE);
  g_assert_null (cau_contact_get_status_message (contact));
  assert_resources (contact, "juliet@capulet.lit/laptop", "juliet@capulet.lit/phone", NULL);
  g_assert_cmpuint (counts.presence, ==, 2);
  g_assert_cmpuint (counts.status, ==, 2);

  /* The same again changes nothing, and says nothing. */
  cau_contact_set_resource_presence (contact, "juliet@capulet.lit/laptop",
                                     CAU_XMPP_SHOW_AVAILABLE, NULL);
  g_assert_cmpuint (counts.presence, ==, 2);
  g_assert_cmpuint (counts.status, ==, 2);
  g_assert_cmpuint (counts.resources, ==, 2);

  /* Do not disturb is the last choice; extended away shows as away and
   * still beats it. */
  cau_contact_set_resource_presence (contact, "juliet@capulet.lit/laptop", CAU_XMPP_SHOW_DND,
                                     "Busy");
  g_assert_cmpint (cau_contact_get_presence (contact), ==, CAU_PRESENCE_AWAY);
  assert_resources (contact, "juliet@capulet.lit/phone", "juliet@capulet.lit/laptop", NULL);
  cau_contact_set_resource_presence (contact, "juliet@capulet.lit/phone", CAU_XMPP_SHOW_XA,
                                     "Asleep");
  g_assert_cmpint (cau_contact_get_presence (contact), ==, CAU_PRESENCE_AWAY);
  g_assert_cmpstr (cau_contact_get_status_message (contact), ==, "Asleep");

  /* A tie goes to the device that spoke last. */
  cau_contact_set_resource_presence (contact, "juliet@capulet.lit/laptop", CAU_XMPP_SHOW_XA,
                                     "Gone for a walk");
  g_assert_cmpstr (cau_contact_get_status_message (contact), ==, "Gone for a walk");
  assert_resources (contact, "juliet@capulet.lit/laptop", "juliet@capulet.lit/phone", NULL);

  cau_contact_set_resource_presence (contact, "juliet@capulet.lit/laptop", -1, NULL);
  g_assert_cmpstr (cau_contact_get_status_message (contact), ==, "Asleep");
  /* Offline from a device we did not know: nothing. */
  cau_contact_set_resource_presence (contact, "juliet@capulet.lit/tablet", -1, NULL);
  assert_resources (contact, "juliet@capulet.lit/phone", NULL);

  cau_contact_set_resource_presence (contact, "juliet@capulet.lit/phone", -1, NULL);
  g_assert_cmpint (cau_contact_get_presence (contact), ==, CAU_PRESENCE_OFFLINE);
  g_assert_null (cau_contact_get_status_message (contact));
  assert_resources (contact, NULL);

  /* Unavailable from the bare JID: every device. */
  cau_contact_set_resource_presence (contact, "juliet@capulet.lit/a", CAU_XMPP_SHOW_AVAILABLE,
                                     NULL);
  cau_contact_set_resource_presence (contact, "juliet@capulet.lit/b", CAU_XMPP_SHOW_DND, NULL);
  cau_contact_set_resource_presence (contact, NULL, -1, NULL);
  g_assert_cmpint (cau_contact_get_presence (contact), ==, CAU_PRESENCE_OFFLINE);

  /* A flood of devices is bounded. */
  for (guint i = 0; i < 1000; i++)
    {
      g_autofree char *jid = g_strdup_printf ("juliet@capulet.lit/r%u", i);

      cau_contact_set_resource_presence (contact, jid, CAU_XMPP_SHOW_AVAILABLE, NULL);
    }
  g_assert_cmpuint (g_strv_length ((char **) cau_contact_get_resources (contact)), <=, 64);
  cau_contact_clear_presence (contact);
  assert_resources (contact, NULL);

  g_assert_finalize_object (contact);
}

static void
count_cb (guint *count)
{
  (*count)++;
}

/* A nickname withdrawn (XEP-0172 through PEP) names it as before. */
static void
test_nickname_withdrawn (void)
{
  g_autoptr(CauContact) contact = cau_contact_new (NULL, "romeo@montague.lit");

  g_assert_false (cau_contact_forget_nickname (contact));
  g_assert_true (cau_contact_set_nickname (contact, "Romy"));
  g_assert_cmpstr (cau_contact_get_display_name (contact), ==, "Romy");
  g_assert_true (cau_contact_forget_nickname (contact));
  g_assert_null (cau_contact_get_nickname (contact));
  g_assert_cmpstr (cau_contact_get_display_name (contact), ==, "romeo");
  g_assert_true (cau_contact_set_nickname (contact, "Romy"));
  g_assert_cmpstr (cau_contact_get_display_name (contact), ==, "Romy");
}

static void
test_names (void)
{
  CauContact *contact = cau_contact_new (NULL, "romeo@montague.lit");
  CauContact *domain = cau_contact_new (NULL, "gateway.example");
  const char * const groups[] = { "Friends", "Verona", NULL };
  const char * const reversed[] = { "Verona", "Friends", NULL };
  Notified counts = { 0 };
  guint groups_notified = 0;

  g_signal_connect (contact, "notify", G_CALLBACK (count_notify_cb), &counts);
  g_assert_cmpstr (cau_contact_get_display_name (contact), ==, "romeo");
  g_assert_cmpstr (cau_contact_get_display_name (domain), ==, "gateway.example");
  g_assert_false (cau_contact_get_in_roster (contact));

  g_assert_true (cau_contact_set_nickname (contact, "Romy"));
  g_assert_cmpstr (cau_contact_get_display_name (contact), ==, "Romy");
  g_assert_false (cau_contact_set_nickname (contact, "Romy"));
  g_assert_false (cau_contact_set_nickname (contact, NULL));

  g_assert_true (cau_contact_set_item (contact, TRUE, "Romeo M.", "both", FALSE, groups));
  g_assert_cmpstr (cau_contact_get_display_name (contact), ==, "Romeo M.");
  g_assert_cmpstr (cau_contact_get_nickname (contact), ==, "Romy");
  g_assert_true (cau_contact_get_in_roster (contact));
  g_assert_cmpint (cau_contact_get_subscription (contact), ==, CAU_SUBSCRIPTION_BOTH);
  g_assert_true (g_strv_equal (cau_contact_get_groups (contact), groups));
  g_assert_cmpuint (counts.display_name, ==, 2);

  /* Nothing new (groups are a set): nothing notified, not renamed. */
  g_signal_connect_swapped (contact, "notify::groups", G_CALLBACK (count_cb), &groups_notified);
  g_assert_false (cau_contact_set_item (contact, TRUE, "Romeo M.", "both", FALSE, groups));
  g_assert_false (cau_contact_set_item (contact, TRUE, "Romeo M.", "both", FALSE, reversed));
  g_assert_true (g_strv_equal (cau_contact_get_groups (contact), groups));
  g_assert_cmpuint (groups_notified, ==, 0);
  g_assert_cmpuint (counts.display_name, ==, 2);

  /* An empty name is no name. */
  g_assert_true (cau_contact_set_item (contact, TRUE, "", "to", TRUE, NULL));
  g_assert_null (cau_contact_get_name (contact));
  g_assert_cmpstr (cau_contact_get_display_name (contact), ==, "Romy");
  g_assert_cmpint (cau_contact_get_subscription (contact), ==, CAU_SUBSCRIPTION_TO);
  g_assert_true (cau_contact_get_ask (contact));
  g_assert_cmpuint (g_strv_length ((char **) cau_contact_get_groups (contact)), ==, 0);

  /* Anything unknown is "none". */
  cau_contact_set_item (contact, TRUE, NULL, "remove", FALSE, NULL);
  g_assert_cmpint (cau_contact_get_subscription (contact), ==, CAU_SUBSCRIPTION_NONE);

  g_assert_finalize_object (contact);
  g_assert_finalize_object (domain);
}

static void
test_matches (void)
{
  CauContact *contact = cau_contact_new (NULL, "elodie.dupont@example.org");

  cau_contact_set_item (contact, TRUE, "Élodie Dupont", "both", FALSE, NULL);

  g_assert_true (cau_contact_matches (contact, NULL));
  g_assert_true (cau_contact_matches (contact, ""));
  g_assert_true (cau_contact_matches (contact, "   "));
  g_assert_true (cau_contact_matches (contact, "élodie"));
  g_assert_true (cau_contact_matches (contact, "ELODIE"));
  g_assert_true (cau_contact_matches (contact, "elo"));
  g_assert_true (cau_contact_matches (contact, "dupont élo"));
  g_assert_true (cau_contact_matches (contact, "EXAMPLE.org"));
  g_assert_true (cau_contact_matches (contact, "dupont@"));
  g_assert_false (cau_contact_matches (contact, "martin"));
  g_assert_false (cau_contact_matches (contact, "élodie martin"));
  /* No match across two fields. */
  g_assert_false (cau_contact_matches (contact, "dupontelodie"));
  g_assert_false (cau_contact_matches (contact, "\xff"));

  /* The nickname counts; the local part stands in for a missing name. */
  cau_contact_set_item (contact, TRUE, NULL, "both", FALSE, NULL);
  cau_contact_set_nickname (contact, "Lolo");
  g_assert_true (cau_contact_matches (contact, "lolo"));
  g_assert_true (cau_contact_matches (contact, "elodie.dup"));

  g_assert_finalize_object (contact);
}

/* Roster. */

typedef struct {
  char      *dir;
  CauDb     *db;
  gint64     account_id;
  GPtrArray *mirror;    /* what a list view would hold, from items-changed */
  guint      changes;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  CauDbAccount account = { .jid = (char *) OWN_BARE, .enabled = TRUE };

  fixture->dir = g_dir_make_tmp ("cau-contacts-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->dir, "causerie.db", NULL);
  fixture->db = cau_db_open (path, &error);
  g_assert_no_error (error);
  fixture->account_id = cau_db_add_account (fixture->db, &account, &error);
  g_assert_no_error (error);
  fixture->mirror = g_ptr_array_new_with_free_func (g_object_unref);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_ptr_array_unref (fixture->mirror);
  g_assert_finalize_object (fixture->db);
  cau_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
}

static void
put_contact (Fixture    *fixture,
             const char *jid,
             const char *name,
             const char *subscription)
{
  g_autoptr(GError) error = NULL;
  const char * const groups[] = { NULL };
  CauDbContact contact = {
    .account_id = fixture->account_id,
    .jid = (char *) jid,
    .name = (char *) name,
    .subscription = (char *) subscription,
    .groups = (char **) groups,
  };

  g_assert_true (cau_db_put_contact (fixture->db, &contact, &error));
  g_assert_no_error (error);
}

static void
remove_contact (Fixture    *fixture,
                const char *jid)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (cau_db_remove_contact (fixture->db, fixture->account_id, jid, &error));
  g_assert_no_error (error);
}

static void
mirror_cb (GListModel *model,
           guint       position,
           guint       removed,
           guint       added,
           Fixture    *fixture)
{
  g_ptr_array_remove_range (fixture->mirror, position, removed);
  for (guint i = 0; i < added; i++)
    g_ptr_array_insert (fixture->mirror, position + i, g_list_model_get_item (model, position + i));
  fixture->changes++;
}

/* The model's order, as display names, checked against the mirror. */
static void
assert_order (Fixture    *fixture,
              CauRoster  *roster,
              const char *expected)
{
  GListModel *model = G_LIST_MODEL (roster);
  g_autoptr(GString) names = g_string_new (NULL);

  g_assert_cmpuint (fixture->mirror->len, ==, g_list_model_get_n_items (model));
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(CauContact) contact = g_list_model_get_item (model, i);

      g_assert_true (contact == g_ptr_array_index (fixture->mirror, i));
      g_assert_true (cau_contact_get_in_roster (contact));
      if (i > 0)
        g_string_append_c (names, ' ');
      g_string_append (names, cau_contact_get_display_name (contact));
    }
  g_assert_cmpstr (names->str, ==, expected);
}

static CauRoster *
new_roster (Fixture *fixture)
{
  CauRoster *roster = cau_roster_new (NULL, fixture->db, fixture->account_id, OWN_BARE);

  g_ptr_array_set_size (fixture->mirror, 0);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (roster)); i++)
    g_ptr_array_add (fixture->mirror, g_list_model_get_item (G_LIST_MODEL (roster), i));
  g_signal_connect (roster, "items-changed", G_CALLBACK (mirror_cb), fixture);
  return roster;
}

static void
test_roster_order (Fixture       *fixture,
                   gconstpointer  data)
{
  CauRoster *roster;
  CauContact *bob;

  put_contact (fixture, "zed@example.org", "Bob", "both");
  put_contact (fixture, "adam@example.org", NULL, "both");
  put_contact (fixture, "carol@example.org", "carol", "to");
  put_contact (fixture, "dave@example.org", "Dave", "none");
  put_contact (fixture, "bob@example.com", "bob", "from");

  /* Case folded: "adam" < "Bob" < "carol" < "Dave", then by address. */
  roster = new_roster (fixture);
  assert_order (fixture, roster, "adam bob Bob carol Dave");
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (roster)) == CAU_TYPE_CONTACT);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (roster), 5));

  /* Nothing changed: not a single change. */
  cau_roster_reload (roster);
  g_assert_cmpuint (fixture->changes, ==, 0);

  /* Renamed: the same object, moved. */
  bob = cau_roster_lookup (roster, "ZED@example.org");
  g_assert_nonnull (bob);
  put_contact (fixture, "zed@example.org", "Zed", "both");
  cau_roster_reload (roster);
  assert_order (fixture, roster, "adam bob carol Dave Zed");
  g_assert_true (cau_roster_lookup (roster, "zed@example.org") == bob);

  /* Renamed in place: notified, not moved. */
  fixture->changes = 0;
  put_contact (fixture, "carol@example.org", "Caroline", "to");
  cau_roster_reload (roster);
  assert_order (fixture, roster, "adam bob Caroline Dave Zed");
  g_assert_cmpuint (fixture->changes, ==, 0);

  /* Added and removed. */
  put_contact (fixture, "eve@example.org", NULL, "none");
  remove_contact (fixture, "adam@example.org");
  cau_roster_reload (roster);
  assert_order (fixture, roster, "bob Caroline Dave eve Zed");
  g_assert_null (cau_roster_lookup (roster, "adam@example.org"));

  /* Everything removed, then a roster in one change. */
  for (guint i = 0; i < fixture->mirror->len; i++)
    remove_contact (fixture, cau_contact_get_jid (g_ptr_array_index (fixture->mirror, i)));
  cau_roster_reload (roster);
  assert_order (fixture, roster, "");
  put_contact (fixture, "a@example.org", NULL, "both");
  put_contact (fixture, "b@example.org", NULL, "both");
  fixture->changes = 0;
  cau_roster_reload (roster);
  assert_order (fixture, roster, "a b");
  g_assert_cmpuint (fixture->changes, ==, 1);

  g_assert_finalize_object (roster);
}

static void
test_roster_presence (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(CauContact) carol = NULL;
  CauRoster *roster;
  CauContact *own;

  put_contact (fixture, "carol@example.org", "Carol", "both");
  roster = new_roster (fixture);
  /* Held: a contact out of the roster is dropped by it. */
  carol = g_object_ref (cau_roster_lookup (roster, "carol@example.org"));
  own = cau_roster_get_own_devices (roster);
  g_assert_cmpstr (cau_contact_get_jid (own), ==, OWN_BARE);

  cau_roster_apply_presence (roster, "Carol@Example.org/phone", CAU_XMPP_SHOW_AWAY, "Out");
  g_assert_cmpint (cau_contact_get_presence (carol), ==, CAU_PRESENCE_AWAY);
  g_assert_cmpstr (cau_contact_get_resources (carol)[0], ==, "carol@example.org/phone");

  /* Strangers and rooms are not in the roster: ignored. */
  cau_roster_apply_presence (roster, "mallory@example.org/x", CAU_XMPP_SHOW_AVAILABLE, NULL);
  cau_roster_apply_presence (roster, "room@conference.example.org/carol",
                             CAU_XMPP_SHOW_AVAILABLE, NULL);
  g_assert_null (cau_roster_lookup (roster, "mallory@example.org"));
  cau_roster_apply_presence (roster, "not a jid@", CAU_XMPP_SHOW_AVAILABLE, NULL);

  /* Our other devices. */
  cau_roster_apply_presence (roster, "me@example.org/phone", CAU_XMPP_SHOW_AVAILABLE, NULL);
  g_assert_cmpint (cau_contact_get_presence (own), ==, CAU_PRESENCE_AVAILABLE);
  g_assert_cmpstr (cau_contact_get_resources (own)[0], ==, "me@example.org/phone");
  g_assert_null (cau_roster_lookup (roster, OWN_BARE));

  /* Unavailable from the bare JID: all of carol's devices. */
  cau_roster_apply_presence (roster, "carol@example.org/laptop", CAU_XMPP_SHOW_AVAILABLE, NULL);
  cau_roster_apply_presence (roster, "carol@example.org", -1, NULL);
  g_assert_cmpint (cau_contact_get_presence (carol), ==, CAU_PRESENCE_OFFLINE);

  cau_roster_apply_presence (roster, "carol@example.org/laptop", CAU_XMPP_SHOW_DND, NULL);
  cau_roster_clear_presence (roster);
  g_assert_cmpint (cau_contact_get_presence (carol), ==, CAU_PRESENCE_OFFLINE);
  g_assert_cmpint (cau_contact_get_presence (own), ==, CAU_PRESENCE_OFFLINE);

  /* Out of the roster: offline, and presence no longer taken. */
  cau_roster_apply_presence (roster, "carol@example.org/laptop", CAU_XMPP_SHOW_DND, NULL);
  remove_contact (fixture, "carol@example.org");
  cau_roster_reload (roster);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (roster)), ==, 0);
  g_assert_cmpint (cau_contact_get_presence (carol), ==, CAU_PRESENCE_OFFLINE);

  g_assert_finalize_object (roster);
}

static void
test_roster_requests (Fixture       *fixture,
                      gconstpointer  data)
{
  CauRoster *roster;
  GListModel *requests;
  CauContact *dave;

  put_contact (fixture, "bob@example.org", "Bob", "both");
  roster = new_roster (fixture);
  requests = cau_roster_get_requests (roster);
  g_assert_true (g_list_model_get_item_type (requests) == CAU_TYPE_CONTACT);

  cau_roster_add_request (roster, "Dave@example.org", "Davy", "Hello, it's Dave");
  g_assert_cmpuint (g_list_model_get_n_items (requests), ==, 1);
  dave = cau_roster_lookup (roster, "dave@example.org");
  g_assert_nonnull (dave);
  g_assert_true (cau_contact_get_requested (dave));
  g_assert_false (cau_contact_get_in_roster (dave));
  g_assert_cmpstr (cau_contact_get_display_name (dave), ==, "Davy");
  g_assert_cmpstr (cau_contact_get_request_message (dave), ==, "Hello, it's Dave");
  /* Not a roster item yet. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (roster)), ==, 1);

  /* Asked twice: listed once. */
  cau_roster_add_request (roster, "dave@example.org", NULL, "Again");
  g_assert_cmpuint (g_list_model_get_n_items (requests), ==, 1);
  g_assert_cmpstr (cau_contact_get_request_message (dave), ==, "Again");

  /* Ourselves, and a contact that sees us already: nothing to ask. */
  cau_roster_add_request (roster, OWN_BARE, NULL, NULL);
  cau_roster_add_request (roster, "bob@example.org", NULL, NULL);
  cau_roster_add_request (roster, "not valid@", NULL, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (requests), ==, 1);

  /* Answered on another device: the roster says they see us now; the
   * request object becomes the roster item. */
  put_contact (fixture, "dave@example.org", NULL, "from");
  cau_roster_reload (roster);
  g_assert_cmpuint (g_list_model_get_n_items (requests), ==, 0);
  g_assert_false (cau_contact_get_requested (dave));
  g_assert_true (cau_roster_lookup (roster, "dave@example.org") == dave);
  g_assert_true (cau_contact_get_in_roster (dave));
  assert_order (fixture, roster, "Bob Davy");

  /* Withdrawn before an answer. */
  cau_roster_add_request (roster, "eve@example.org", NULL, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (requests), ==, 1);
  cau_roster_withdraw_request (roster, "eve@example.org/phone");
  g_assert_cmpuint (g_list_model_get_n_items (requests), ==, 0);
  g_assert_null (cau_roster_lookup (roster, "eve@example.org"));
  cau_roster_withdraw_request (roster, "nobody@example.org");

  /* Actions need an account online. */
  cau_roster_add_request (roster, "eve@example.org", NULL, NULL);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(CauContact) eve = g_list_model_get_item (requests, 0);

    g_assert_false (cau_roster_accept_request (roster, eve, &error));
    g_assert_error (error, CAU_CORE_ERROR, CAU_CORE_ERROR_OFFLINE);
    g_clear_error (&error);
    g_assert_false (cau_roster_add_contact (roster, "frank@example.org", NULL, NULL, NULL, &error));
    g_assert_error (error, CAU_CORE_ERROR, CAU_CORE_ERROR_OFFLINE);
    g_clear_error (&error);
    g_assert_false (cau_roster_add_contact (roster, "frank@", NULL, NULL, NULL, &error));
    g_assert_error (error, CAU_CORE_ERROR, CAU_CORE_ERROR_INVALID_ADDRESS);
    g_clear_error (&error);
    g_assert_false (cau_roster_add_contact (roster, " ME@example.org ", NULL, NULL, NULL, &error));
    g_assert_error (error, CAU_CORE_ERROR, CAU_CORE_ERROR_INVALID_ADDRESS);
    g_clear_error (&error);
    g_assert_false (cau_roster_block (roster, "me@example.org", &error));
    g_assert_error (error, CAU_CORE_ERROR, CAU_CORE_ERROR_INVALID_ADDRESS);
    g_clear_error (&error);
    g_assert_false (cau_roster_block (roster, "spam.example", &error));
    g_assert_error (error, CAU_CORE_ERROR, CAU_CORE_ERROR_OFFLINE);
  }

  g_assert_finalize_object (roster);
}

static void
test_roster_blocklist (Fixture       *fixture,
                       gconstpointer  data)
{
  const char * const list[] = { "spam.example", "bob@example.org", "x@example.org/phone",
                                "bob@example.org", NULL };
  CauRoster *roster;
  CauContact *bob, *carol;
  guint notified = 0;

  put_contact (fixture, "bob@example.org", "Bob", "both");
  put_contact (fixture, "carol@example.org", "Carol", "both");
  put_contact (fixture, "eve@spam.example", "Eve", "both");
  roster = new_roster (fixture);
  bob = cau_roster_lookup (roster, "bob@example.org");
  carol = cau_roster_lookup (roster, "carol@example.org");
  g_signal_connect_swapped (roster, "notify::blocked", G_CALLBACK (count_cb), &notified);
  g_assert_cmpuint (g_strv_length ((char **) cau_roster_get_blocked (roster)), ==, 0);

  cau_roster_apply_presence (roster, "bob@example.org/phone", CAU_XMPP_SHOW_AVAILABLE, NULL);
  cau_roster_add_request (roster, "mallory@spam.example", NULL, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (cau_roster_get_requests (roster)), ==, 1);

  cau_roster_set_blocklist (roster, list);
  g_assert_cmpuint (notified, ==, 1);
  {
    const char * const expected[] = { "bob@example.org", "spam.example", "x@example.org/phone",
                                      NULL };

    g_assert_true (g_strv_equal (cau_roster_get_blocked (roster), expected));
  }
  g_assert_true (cau_contact_get_blocked (bob));
  g_assert_false (cau_contact_get_blocked (carol));
  g_assert_true (cau_contact_get_blocked (cau_roster_lookup (roster, "eve@spam.example")));
  g_assert_true (cau_roster_is_blocked (roster, "bob@example.org/laptop"));
  g_assert_true (cau_roster_is_blocked (roster, "anyone@spam.example"));
  /* A full JID blocks that device only. */
  g_assert_false (cau_roster_is_blocked (roster, "x@example.org"));
  g_assert_false (cau_roster_is_blocked (roster, "carol@example.org"));

  /* Nothing comes from a blocked contact any more: shown offline, its
   * requests gone, its presence not taken. */
  g_assert_cmpint (cau_contact_get_presence (bob), ==, CAU_PRESENCE_OFFLINE);
  g_assert_cmpuint (g_list_model_get_n_items (cau_roster_get_requests (roster)), ==, 0);
  cau_roster_apply_presence (roster, "bob@example.org/phone", CAU_XMPP_SHOW_AVAILABLE, NULL);
  g_assert_cmpint (cau_contact_get_presence (bob), ==, CAU_PRESENCE_OFFLINE);
  cau_roster_add_request (roster, "mallory@spam.example", NULL, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (cau_roster_get_requests (roster)), ==, 0);

  /* The same list again: no notification. */
  cau_roster_set_blocklist (roster, list);
  g_assert_cmpuint (notified, ==, 1);
  g_assert_finalize_object (roster);

  /* Kept across a restart, before any server says so. */
  roster = new_roster (fixture);
  g_assert_cmpuint (g_strv_length ((char **) cau_roster_get_blocked (roster)), ==, 3);
  g_assert_true (cau_contact_get_blocked (cau_roster_lookup (roster, "bob@example.org")));

  cau_roster_set_blocklist (roster, NULL);
  g_assert_false (cau_contact_get_blocked (cau_roster_lookup (roster, "bob@example.org")));
  g_assert_finalize_object (roster);

  roster = new_roster (fixture);
  g_assert_cmpuint (g_strv_length ((char **) cau_roster_get_blocked (roster)), ==, 0);
  g_assert_finalize_object (roster);
}

#define AVATAR_A "a9993e364706816aba3e25717850c26c9cd0d89d"
#define AVATAR_B "da39a3ee5e6b4b0d3255bfef95601890afd80709"

/* Avatars announced are stored once, shown on the contact (or on our own
 * devices), and known again after a restart. */
static void
test_roster_avatars (Fixture       *fixture,
                     gconstpointer  data)
{
  CauRoster *roster;
  CauContact *bob;
  guint notified = 0;

  put_contact (fixture, "bob@example.org", "Bob", "both");
  roster = new_roster (fixture);
  bob = cau_roster_lookup (roster, "bob@example.org");
  g_signal_connect_swapped (bob, "notify::avatar-hash", G_CALLBACK (count_cb), &notified);
  g_assert_null (cau_contact_get_avatar_hash (bob));

  g_assert_true (cau_roster_set_avatar (roster, "bob@example.org", AVATAR_A, TRUE));
  g_assert_cmpstr (cau_contact_get_avatar_hash (bob), ==, AVATAR_A);
  g_assert_cmpuint (notified, ==, 1);
  /* Announced again at the next sign-in: nothing changes. */
  g_assert_false (cau_roster_set_avatar (roster, "bob@example.org", AVATAR_A, FALSE));
  g_assert_cmpuint (notified, ==, 1);
  /* Fetched again (the cache was emptied): the windows are told. */
  g_assert_false (cau_roster_set_avatar (roster, "bob@example.org", AVATAR_A, TRUE));
  g_assert_cmpuint (notified, ==, 2);

  /* Someone outside the roster, and ourselves. */
  g_assert_true (cau_roster_set_avatar (roster, "stranger@example.net", AVATAR_B, TRUE));
  g_assert_true (cau_roster_set_avatar (roster, OWN_BARE, AVATAR_B, FALSE));
  g_assert_cmpstr (cau_contact_get_avatar_hash (cau_roster_get_own_devices (roster)), ==,
                   AVATAR_B);
  g_assert_finalize_object (roster);

  roster = new_roster (fixture);
  g_assert_cmpstr (cau_contact_get_avatar_hash (cau_roster_lookup (roster, "bob@example.org")),
                   ==, AVATAR_A);
  g_assert_cmpstr (cau_roster_get_avatar (roster, "stranger@example.net"), ==, AVATAR_B);
  g_assert_cmpstr (cau_contact_get_avatar_hash (cau_roster_get_own_devices (roster)), ==,
                   AVATAR_B);
  /* A contact that arrives later gets its stored avatar. */
  put_contact (fixture, "stranger@example.net", "Stranger", "both");
  cau_roster_reload (roster);
  g_assert_cmpstr (cau_contact_get_avatar_hash (cau_roster_lookup (roster,
                                                                   "stranger@example.net")),
                   ==, AVATAR_B);

  /* Removed. */
  g_assert_true (cau_roster_set_avatar (roster, "bob@example.org", NULL, FALSE));
  g_assert_null (cau_contact_get_avatar_hash (cau_roster_lookup (roster, "bob@example.org")));
  g_assert_finalize_object (roster);
  roster = new_roster (fixture);
  g_assert_null (cau_contact_get_avatar_hash (cau_roster_lookup (roster, "bob@example.org")));
  g_assert_finalize_object (roster);
}

static void
write_aged (const char *dir,
            const char *name,
            gint64      age_s)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, "image", -1, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_set_attribute_uint64 (file, G_FILE_ATTRIBUTE_TIME_MODIFIED,
                                              g_get_real_time () / G_USEC_PER_SEC - age_s,
                                              G_FILE_QUERY_INFO_NONE, NULL, &error));
  g_assert_no_error (error);
}

static gboolean
exists_in (const char *dir,
           const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  return g_file_test (path, G_FILE_TEST_EXISTS);
}

/* Only old avatars nobody holds go; anything else in the folder stays. */
static void
test_avatar_cache_prune (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *dir = g_build_filename (fixture->dir, "avatars", NULL);
  g_autoptr(GHashTable) keep = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *subdir = g_build_filename (dir, "0000000000000000000000000000000000000000",
                                              NULL);

  g_assert_cmpint (g_mkdir_with_parents (subdir, 0700), ==, 0);
  write_aged (dir, AVATAR_A, 7200);                                      /* held */
  write_aged (dir, AVATAR_B, 7200);                                      /* old, not held */
  write_aged (dir, "a94a8fe5ccb19ba61c4c0873d391e987982fbbd3", 10);      /* just fetched */
  write_aged (dir, "notes.txt", 7200);
  write_aged (dir, "DA39A3EE5E6B4B0D3255BFEF95601890AFD80709", 7200);
  g_hash_table_add (keep, (gpointer) AVATAR_A);

  g_assert_cmpuint (cau_avatar_cache_prune (dir, keep, 3600, NULL), ==, 1);
  g_assert_true (exists_in (dir, AVATAR_A));
  g_assert_false (exists_in (dir, AVATAR_B));
  g_assert_true (exists_in (dir, "a94a8fe5ccb19ba61c4c0873d391e987982fbbd3"));
  g_assert_true (exists_in (dir, "notes.txt"));
  g_assert_true (exists_in (dir, "DA39A3EE5E6B4B0D3255BFEF95601890AFD80709"));
  g_assert_true (g_file_test (subdir, G_FILE_TEST_IS_DIR));

  /* No cache yet: nothing to do. */
  g_assert_cmpuint (cau_avatar_cache_prune (subdir, keep, 0, NULL), ==, 0);
  g_assert_cmpuint (cau_avatar_cache_prune ("/nonexistent/avatars", keep, 0, NULL), ==, 0);
}

/* XEP-0191 stanzas. */

static GPtrArray *
parse_blocklist (const char            *xml,
                 CauXmppBlocklistKind  *kind,
                 const char           **why)
{
  xmpp_stanza_t *s = cau_test_stanza_new (ctx, xml);
  GPtrArray *jids = cau_xmpp_parse_blocklist (s, OWN, kind, why);

  xmpp_stanza_release (s);
  return jids;
}

static void
assert_jids (GPtrArray  *jids,
             const char *expected)
{
  g_autoptr(GString) text = g_string_new (NULL);

  g_assert_nonnull (jids);
  for (guint i = 0; i < jids->len; i++)
    {
      if (i > 0)
        g_string_append_c (text, ' ');
      g_string_append (text, g_ptr_array_index (jids, i));
    }
  g_assert_cmpstr (text->str, ==, expected);
}

#define PUSH(attrs, body) \
  "<iq xmlns='jabber:client' type='set' id='push1' to='me@example.org/laptop' " attrs ">" \
  body "</iq>"

static void
test_blocklist_parse (void)
{
  g_autoptr(GPtrArray) jids = NULL;
  CauXmppBlocklistKind kind;
  const char *why = NULL;

  /* Recorded from Prosody 0.12 (mod_blocklist). */
  jids = parse_blocklist ("<iq xmlns='jabber:client' type='result' id='bl1' "
                          "to='me@example.org/laptop'>"
                          "<blocklist xmlns='urn:xmpp:blocking'>"
                          "<item jid='romeo@Montague.net'/>"
                          "<item jid='iago@shakespeare.lit/Phone'/>"
                          "<item jid='spam.example'/>"
                          "<item jid='@invalid'/>"
                          "<item/>"
                          "<item jid='romeo@montague.net'/>"
                          "</blocklist></iq>", &kind, &why);
  g_assert_cmpint (kind, ==, CAU_XMPP_BLOCKLIST_FULL);
  assert_jids (jids, "romeo@montague.net iago@shakespeare.lit/Phone spam.example");
  g_clear_pointer (&jids, g_ptr_array_unref);

  jids = parse_blocklist ("<iq type='result' id='bl1' from='me@example.org'>"
                          "<blocklist xmlns='urn:xmpp:blocking'/></iq>", &kind, NULL);
  g_assert_cmpint (kind, ==, CAU_XMPP_BLOCKLIST_FULL);
  assert_jids (jids, "");
  g_clear_pointer (&jids, g_ptr_array_unref);

  jids = parse_blocklist (PUSH ("", "<block xmlns='urn:xmpp:blocking'>"
                                "<item jid='romeo@montague.net'/></block>"), &kind, NULL);
  g_assert_cmpint (kind, ==, CAU_XMPP_BLOCKLIST_BLOCK);
  assert_jids (jids, "romeo@montague.net");
  g_clear_pointer (&jids, g_ptr_array_unref);

  jids = parse_blocklist (PUSH ("from='ME@example.org'", "<unblock xmlns='urn:xmpp:blocking'>"
                                "<item jid='romeo@montague.net'/>"
                                "<item jid='iago@shakespeare.lit'/></unblock>"), &kind, NULL);
  g_assert_cmpint (kind, ==, CAU_XMPP_BLOCKLIST_UNBLOCK);
  assert_jids (jids, "romeo@montague.net iago@shakespeare.lit");
  g_clear_pointer (&jids, g_ptr_array_unref);

  /* An empty unblock: everyone. */
  jids = parse_blocklist (PUSH ("", "<unblock xmlns='urn:xmpp:blocking'/>"), &kind, NULL);
  g_assert_cmpint (kind, ==, CAU_XMPP_BLOCKLIST_UNBLOCK);
  assert_jids (jids, "");
  g_clear_pointer (&jids, g_ptr_array_unref);
}

static void
test_blocklist_refused (void)
{
  CauXmppBlocklistKind kind;
  const char *why = NULL;
  GPtrArray *jids;

  /* A stranger must not unblock itself, nor block our friends. */
  jids = parse_blocklist (PUSH ("from='eve@evil.example'", "<unblock xmlns='urn:xmpp:blocking'/>"),
                          &kind, &why);
  g_assert_null (jids);
  g_assert_cmpstr (why, ==, "block list push from a stranger");
  jids = parse_blocklist (PUSH ("from='eve@evil.example/x'", "<block xmlns='urn:xmpp:blocking'>"
                                "<item jid='romeo@montague.net'/></block>"), &kind, &why);
  g_assert_null (jids);
  g_assert_cmpstr (why, ==, "block list push from a stranger");
  /* Not even another of our devices, nor our server's domain. */
  jids = parse_blocklist (PUSH ("from='me@example.org/phone'",
                                "<unblock xmlns='urn:xmpp:blocking'/>"), &kind, &why);
  g_assert_null (jids);
  jids = parse_blocklist (PUSH ("from='example.org'", "<unblock xmlns='urn:xmpp:blocking'/>"),
                          &kind, &why);
  g_assert_null (jids);
  jids = parse_blocklist (PUSH ("from='me@example.org.evil.example'",
                                "<unblock xmlns='urn:xmpp:blocking'/>"), &kind, &why);
  g_assert_null (jids);

  jids = parse_blocklist ("<iq type='result' id='bl1' from='eve@evil.example'>"
                          "<blocklist xmlns='urn:xmpp:blocking'/></iq>", &kind, &why);
  g_assert_null (jids);
  g_assert_cmpstr (why, ==, "block list from a stranger");

  /* A block of nothing; an unblock of only invalid addresses is not
   * "unblock everyone". */
  jids = parse_blocklist (PUSH ("", "<block xmlns='urn:xmpp:blocking'/>"), &kind, &why);
  g_assert_null (jids);
  jids = parse_blocklist (PUSH ("", "<unblock xmlns='urn:xmpp:blocking'><item jid='@x'/>"
                                "<item/></unblock>"), &kind, &why);
  g_assert_null (jids);
  g_assert_cmpstr (why, ==, "block list push with no valid address");

  /* Not ours. */
  jids = parse_blocklist (PUSH ("", "<block xmlns='urn:xmpp:other'><item jid='a@b'/></block>"),
                          &kind, &why);
  g_assert_null (jids);
  jids = parse_blocklist ("<iq type='get' id='x'><blocklist xmlns='urn:xmpp:blocking'/></iq>",
                          &kind, &why);
  g_assert_null (jids);
  jids = parse_blocklist ("<iq type='result' id='x'/>", &kind, &why);
  g_assert_null (jids);
  jids = parse_blocklist ("<message><block xmlns='urn:xmpp:blocking'/></message>", &kind, &why);
  g_assert_null (jids);
}

static void
test_blocklist_build (void)
{
  const char * const jids[] = { "romeo@montague.net", "spam.example", NULL };
  g_autoptr(GPtrArray) parsed = NULL;
  CauXmppBlocklistKind kind;
  xmpp_stanza_t *s;
  g_autofree char *text = NULL;
  g_autofree char *normal = NULL;

  s = cau_xmpp_build_blocklist_get (ctx, "bl1");
  text = cau_test_stanza_to_text (s);
  g_assert_cmpstr (xmpp_stanza_get_type (s), ==, "get");
  g_assert_cmpstr (xmpp_stanza_get_id (s), ==, "bl1");
  g_assert_null (xmpp_stanza_get_to (s));
  g_assert_nonnull (strstr (text, "><blocklist xmlns=\"urn:xmpp:blocking\"/></iq>"));
  xmpp_stanza_release (s);
  g_clear_pointer (&text, g_free);

  s = cau_xmpp_build_block (ctx, "b1", jids, TRUE);
  text = cau_test_stanza_to_text (s);
  g_assert_cmpstr (xmpp_stanza_get_type (s), ==, "set");
  g_assert_null (xmpp_stanza_get_to (s));
  g_assert_nonnull (strstr (text, "><block xmlns=\"urn:xmpp:blocking\">"
                                  "<item jid=\"romeo@montague.net\"/><item jid=\"spam.example\"/>"
                                  "</block></iq>"));
  /* It reads back as a push from our server. */
  parsed = cau_xmpp_parse_blocklist (s, OWN, &kind, NULL);
  g_assert_cmpint (kind, ==, CAU_XMPP_BLOCKLIST_BLOCK);
  assert_jids (parsed, "romeo@montague.net spam.example");
  xmpp_stanza_release (s);
  g_clear_pointer (&text, g_free);

  s = cau_xmpp_build_block (ctx, "u1", jids + 1, FALSE);
  text = cau_test_stanza_to_text (s);
  g_assert_nonnull (strstr (text, "><unblock xmlns=\"urn:xmpp:blocking\">"
                                  "<item jid=\"spam.example\"/></unblock></iq>"));
  xmpp_stanza_release (s);

  normal = cau_xmpp_blocking_normalize ("Romeo@Montague.NET/Phone");
  g_assert_cmpstr (normal, ==, "romeo@montague.net/Phone");
  g_assert_null (cau_xmpp_blocking_normalize ("romeo@"));
  g_assert_null (cau_xmpp_blocking_normalize (NULL));
}

static void
test_nick (void)
{
  struct {
    const char *xml;
    const char *nick;
  } cases[] = {
    { "<presence type='subscribe' from='a@b'><nick xmlns='http://jabber.org/protocol/nick'>"
      " Stpeter </nick></presence>", "Stpeter" },
    { "<presence type='subscribe' from='a@b'><nick xmlns='http://jabber.org/protocol/nick'/>"
      "</presence>", NULL },
    { "<presence type='subscribe' from='a@b'><nick>Wrong namespace</nick></presence>", NULL },
    { "<presence type='subscribe' from='a@b'/>", NULL },
  };
  g_autoptr(GString) long_xml = g_string_new ("<presence>"
                                              "<nick xmlns='http://jabber.org/protocol/nick'>");
  xmpp_stanza_t *s;
  g_autofree char *nick = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *parsed = NULL;

      s = cau_test_stanza_new (ctx, cases[i].xml);
      parsed = cau_xmpp_parse_nick (s);
      g_assert_cmpstr (parsed, ==, cases[i].nick);
      xmpp_stanza_release (s);
    }

  for (guint i = 0; i < 1000; i++)
    g_string_append (long_xml, "é");
  g_string_append (long_xml, "</nick></presence>");
  s = cau_test_stanza_new (ctx, long_xml->str);
  nick = cau_xmpp_parse_nick (s);
  g_assert_cmpuint (g_utf8_strlen (nick, -1), ==, CAU_XMPP_MAX_NICK);
  xmpp_stanza_release (s);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  xmpp_initialize ();
  ctx = xmpp_ctx_new (NULL, NULL);

  g_test_add_func ("/cau/contacts-unit/presence", test_presence);
  g_test_add_func ("/cau/contacts-unit/names", test_names);
  g_test_add_func ("/cau/contacts-unit/nickname-withdrawn", test_nickname_withdrawn);
  g_test_add_func ("/cau/contacts-unit/matches", test_matches);
  g_test_add ("/cau/contacts-unit/roster-order", Fixture, NULL, fixture_setup,
              test_roster_order, fixture_teardown);
  g_test_add ("/cau/contacts-unit/roster-presence", Fixture, NULL, fixture_setup,
              test_roster_presence, fixture_teardown);
  g_test_add ("/cau/contacts-unit/roster-requests", Fixture, NULL, fixture_setup,
              test_roster_requests, fixture_teardown);
  g_test_add ("/cau/contacts-unit/roster-blocklist", Fixture, NULL, fixture_setup,
              test_roster_blocklist, fixture_teardown);
  g_test_add ("/cau/contacts-unit/roster-avatars", Fixture, NULL, fixture_setup,
              test_roster_avatars, fixture_teardown);
  g_test_add ("/cau/contacts-unit/avatar-cache-prune", Fixture, NULL, fixture_setup,
              test_avatar_cache_prune, fixture_teardown);
  g_test_add_func ("/cau/contacts-unit/blocklist-parse", test_blocklist_parse);
  g_test_add_func ("/cau/contacts-unit/blocklist-refused", test_blocklist_refused);
  g_test_add_func ("/cau/contacts-unit/blocklist-build", test_blocklist_build);
  g_test_add_func ("/cau/contacts-unit/nick", test_nick);

  ret = g_test_run ();

  xmpp_ctx_free (ctx);
  xmpp_shutdown ();
  return ret;
}
