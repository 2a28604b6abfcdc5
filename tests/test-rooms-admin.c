/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-test-model.h"
#include "cau-test-rooms.h"
#include "cau-test-prosody.h"
#include "cau-test-util.h"
#include "core/cau-account-manager.h"
#include "core/cau-core-private.h"
#include "xmpp/cau-xmpp-client.h"

/*
 * Creating rooms and running them (XEP-0045) through the model on a real Prosody: a private
 * group keeps strangers out, a room that exists is not created again, an owner reads and
 * changes the room's configuration (others may not), and a new nickname keeps us in.
 */

#define WAIT_S 30

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

static CauRoom *
create (Device     *device,
        const char *address,
        const char *nick,
        const char *name,
        gboolean    private_group)
{
  g_autoptr(GError) error = NULL;
  CauConversation *conversation;

  conversation = cau_account_manager_create_room (device->manager, device->account, address,
                                                  nick, name, "Pour parler", private_group,
                                                  &error);
  g_assert_no_error (error);
  g_assert_nonnull (conversation);
  return cau_conversation_get_room (conversation);
}

/* The room's configuration form, or NULL with `error` set. */
static GVariant *
fetch_configuration (CauRoom  *room,
                     GError  **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  cau_room_fetch_configuration (room, NULL, cau_test_store_result_cb, &result);
  return cau_room_fetch_configuration_finish (room, cau_test_wait_result (&result), error);
}

static char *
form_value (GVariant   *form,
            const char *var)
{
  g_autoptr(GVariantIter) iter = NULL;
  const char *instructions, *field_var, *type, *label, *value;
  gboolean is_data_form, required;
  GVariantIter *options;

  g_variant_get (form, "(&sba(sssbsas))", &instructions, &is_data_form, &iter);
  while (g_variant_iter_next (iter, "(&s&s&sb&sas)", &field_var, &type, &label, &required,
                              &value, &options))
    {
      g_variant_iter_free (options);
      if (g_str_equal (field_var, var))
        return g_strdup (value);
    }
  return NULL;
}

/* The configuration creating sends follows our entry: the room is set up once its form says
 * so. Returns the form. */
static GVariant *
wait_configured (CauRoom    *room,
                 const char *var,
                 const char *expected)
{
  for (guint i = 0; i < 100; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GVariant) form = fetch_configuration (room, &error);
      g_autofree char *value = NULL;

      g_assert_no_error (error);
      value = form_value (form, var);
      if (g_strcmp0 (value, expected) == 0)
        return g_steal_pointer (&form);
      cau_test_spin (100);
    }
  g_error ("Room %s never configured with %s = %s", cau_room_get_jid (room), var, expected);
}

/* A private group lets in only its members: a stranger is refused. */
static void
test_private_group (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *address = cau_test_room_address (fixture->prosody, "cercle");
  Device *alice = cau_test_device_start (fixture->prosody, "alice", NULL, 0, fixture->dirs, NULL);
  Device *bob = cau_test_device_start (fixture->prosody, "bob", NULL, 0, fixture->dirs, NULL);
  CauRoom *alice_room = create (alice, address, "Alice", "Le Cercle", TRUE);
  g_autoptr(GVariant) form = NULL;
  CauRoom *bob_room;

  cau_test_room_wait_state (alice_room, CAU_ROOM_JOINED);
  g_assert_cmpstr (cau_room_get_name (alice_room), ==, "Le Cercle");
  g_assert_cmpint (cau_occupant_get_affiliation (cau_room_find_occupant (alice_room, "Alice")),
                   ==, CAU_AFFILIATION_OWNER);
  form = wait_configured (alice_room, "muc#roomconfig_membersonly", "1");

  bob_room = cau_test_device_join_room (bob, address, "Bob");
  cau_test_room_wait_state (bob_room, CAU_ROOM_FAILED);
  g_assert_cmpint (cau_room_get_error (bob_room), ==, CAU_ROOM_ERROR_MEMBERS_ONLY);

  cau_test_device_stop (alice);
  cau_test_device_stop (bob);
}

/* Creating a room that exists would be entering someone else's: refused, said why. */
static void
test_exists (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *address = cau_test_room_address (fixture->prosody, "salon");
  Device *alice = cau_test_device_start (fixture->prosody, "alice", NULL, 0, fixture->dirs, NULL);
  Device *bob = cau_test_device_start (fixture->prosody, "bob", NULL, 0, fixture->dirs, NULL);
  CauRoom *bob_room;

  cau_test_room_wait_state (cau_test_device_join_room (alice, address, "Alice"), CAU_ROOM_JOINED);
  bob_room = create (bob, address, "Bob", "Mon salon", FALSE);
  cau_test_room_wait_state (bob_room, CAU_ROOM_FAILED);
  g_assert_cmpint (cau_room_get_error (bob_room), ==, CAU_ROOM_ERROR_EXISTS);
  g_assert_nonnull (cau_room_get_error_message (bob_room));
  g_assert_null (cau_room_find_occupant (bob_room, "Bob"));

  cau_test_device_stop (alice);
  cau_test_device_stop (bob);
}

static gboolean
name_is (gpointer data)
{
  return g_strcmp0 (cau_room_get_name (((gpointer *) data)[0]), ((gpointer *) data)[1]) == 0;
}

/* The owner renames the room through its configuration: the room says its new name to whoever
 * enters; another occupant may not read the configuration. */
static void
test_configure (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *address = cau_test_room_address (fixture->prosody, "agora");
  Device *alice = cau_test_device_start (fixture->prosody, "alice", NULL, 0, fixture->dirs, NULL);
  Device *bob = cau_test_device_start (fixture->prosody, "bob", NULL, 0, fixture->dirs, NULL);
  CauRoom *alice_room = create (alice, address, "Alice", "Agora", FALSE);
  g_autoptr(GVariant) form = NULL;
  g_autoptr(GVariant) again = NULL;
  g_autoptr(GVariant) refused = NULL;
  g_autoptr(GVariant) values = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *renamed = NULL;
  g_autofree char *description = NULL;
  CauRoom *bob_room;
  GVariantBuilder builder;

  cau_test_room_wait_state (alice_room, CAU_ROOM_JOINED);
  form = wait_configured (alice_room, "muc#roomconfig_roomname", "Agora");

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{ss}"));
  g_variant_builder_add (&builder, "{ss}", "muc#roomconfig_roomname", "La Grande Agora");
  values = g_variant_ref_sink (g_variant_builder_end (&builder));
  cau_room_change_configuration (alice_room, form, values, NULL, cau_test_store_result_cb,
                                 &result);
  g_assert_true (cau_room_change_configuration_finish (alice_room, cau_test_wait_result (&result),
                                                       &error));
  g_assert_no_error (error);
  g_assert_cmpstr (cau_room_get_name (alice_room), ==, "La Grande Agora");

  /* Only the name was sent: the rest is as it was. */
  again = fetch_configuration (alice_room, &error);
  g_assert_no_error (error);
  renamed = form_value (again, "muc#roomconfig_roomname");
  description = form_value (again, "muc#roomconfig_roomdesc");
  g_assert_cmpstr (renamed, ==, "La Grande Agora");
  g_assert_cmpstr (description, ==, "Pour parler");

  /* Bob learns the name from the room itself (disco#info) as he enters. */
  bob_room = cau_test_device_join_room (bob, address, "Bob");
  cau_test_room_wait_state (bob_room, CAU_ROOM_JOINED);
  {
    gpointer wait[] = { bob_room, "La Grande Agora" };

    g_assert_true (cau_test_wait_until (name_is, wait, WAIT_S));
  }
  g_assert_cmpstr (cau_room_get_description (bob_room), ==, "Pour parler");

  refused = fetch_configuration (bob_room, &error);
  g_assert_null (refused);
  g_assert_error (error, CAU_XMPP_ERROR, CAU_XMPP_ERROR_FORBIDDEN);

  cau_test_device_stop (alice);
  cau_test_device_stop (bob);
}

static gboolean
nick_is (gpointer data)
{
  return g_strcmp0 (cau_room_get_nick (((gpointer *) data)[0]), ((gpointer *) data)[1]) == 0;
}

/* Joining again with another nickname changes it, and we stay in. */
static void
test_change_nick (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *address = cau_test_room_address (fixture->prosody, "salon");
  Device *alice = cau_test_device_start (fixture->prosody, "alice", NULL, 0, fixture->dirs, NULL);
  Device *bob = cau_test_device_start (fixture->prosody, "bob", NULL, 0, fixture->dirs, NULL);
  CauRoom *alice_room = cau_test_device_join_room (alice, address, "Alice");
  CauRoom *bob_room;
  gpointer renamed[] = { alice_room, "Alicia" };

  cau_test_room_wait_state (alice_room, CAU_ROOM_JOINED);
  bob_room = cau_test_device_join_room (bob, address, "Bob");
  cau_test_room_wait_state (bob_room, CAU_ROOM_JOINED);
  cau_test_room_wait_occupant (bob_room, "Alice");

  cau_room_join (alice_room, "Alicia", NULL);
  g_assert_true (cau_test_wait_until (nick_is, renamed, WAIT_S));
  cau_test_room_wait_occupant (bob_room, "Alicia");
  g_assert_null (cau_room_find_occupant (bob_room, "Alice"));
  g_assert_cmpint (cau_room_get_state (alice_room), ==, CAU_ROOM_JOINED);
  g_assert_true (cau_occupant_is_self (cau_room_find_occupant (alice_room, "Alicia")));

  cau_test_device_stop (alice);
  cau_test_device_stop (bob);
}

/* The server lists its room service: that is where new rooms are suggested. */
static void
test_room_service (Fixture       *fixture,
                   gconstpointer  data)
{
  Device *alice = cau_test_device_start (fixture->prosody, "alice", NULL, 0, fixture->dirs, NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *service = NULL;

  cau_account_find_room_service (alice->account, NULL, cau_test_store_result_cb, &result);
  service = cau_account_find_room_service_finish (alice->account, cau_test_wait_result (&result),
                                                  &error);
  g_assert_no_error (error);
  g_assert_cmpstr (service, ==, cau_test_prosody_get_muc_domain (fixture->prosody));

  cau_test_device_stop (alice);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/cau/rooms-admin/private-group", Fixture, NULL, fixture_setup,
              test_private_group, fixture_teardown);
  g_test_add ("/cau/rooms-admin/exists", Fixture, NULL, fixture_setup, test_exists,
              fixture_teardown);
  g_test_add ("/cau/rooms-admin/configure", Fixture, NULL, fixture_setup, test_configure,
              fixture_teardown);
  g_test_add ("/cau/rooms-admin/change-nick", Fixture, NULL, fixture_setup, test_change_nick,
              fixture_teardown);
  g_test_add ("/cau/rooms-admin/room-service", Fixture, NULL, fixture_setup, test_room_service,
              fixture_teardown);
  return g_test_run ();
}
