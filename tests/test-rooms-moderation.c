/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-test-model.h"
#include "cau-test-rooms.h"
#include "cau-test-prosody.h"
#include "cau-test-util.h"
#include "core/cau-account-manager.h"
#include "core/cau-core-private.h"
#include "core/cau-room-invitation.h"
#include "store/cau-db-messages.h"
#include "core/cau-roster.h"

/*
 * Invitations and moderation in rooms (XEP-0045, XEP-0249) through the model, between
 * separate installs on a real Prosody: invitations direct and through the room, hostile ones
 * dropped, kicking, banning, voice in a moderated room, membership in a members-only room,
 * and what a participant may not do.
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
fixture_setup_three (Fixture       *fixture,
                     gconstpointer  data)
{
  cau_test_server_setup (fixture, (const char *[]) { "alice", "bob", "carol", NULL },
                         (const char *[]) { NULL });
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  cau_test_server_teardown (fixture);
}

/* Alice's room, entered (created), and Bob in it too. */
static void
enter_both (Fixture  *fixture,
            Device   *alice,
            Device   *bob,
            CauRoom **alice_room,
            CauRoom **bob_room)
{
  g_autofree char *address = cau_test_room_address (fixture->prosody, "salon");

  *alice_room = cau_test_device_join_room (alice, address, "Alice");
  cau_test_room_wait_state (*alice_room, CAU_ROOM_JOINED);
  *bob_room = cau_test_device_join_room (bob, address, "Bob");
  cau_test_room_wait_state (*bob_room, CAU_ROOM_JOINED);
  cau_test_room_wait_occupant (*alice_room, "Bob");
}

/* Runs `lua` on the room in the server (`room` is its Prosody object). */
static void
on_room (Fixture    *fixture,
         const char *lua)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *address = cau_test_room_address (fixture->prosody, "salon");
  g_autofree char *script = g_strdup_printf (
    "local room = prosody.hosts[\"%s\"].modules.muc.get_room_from_jid (\"%s\"); %s; "
    "return \"done\"", cau_test_prosody_get_muc_domain (fixture->prosody), address, lua);

  g_assert_true (cau_test_prosody_shell (fixture->prosody, script, NULL, &error));
  g_assert_no_error (error);
}

static gboolean
has_invitations (gpointer data)
{
  Device *device = ((gpointer *) data)[0];

  return g_list_model_get_n_items (cau_account_get_room_invitations (device->account)) ==
         GPOINTER_TO_UINT (((gpointer *) data)[1]);
}

static CauRoomInvitation *
wait_invitation (Device *device,
                 guint   count)
{
  gpointer data[] = { device, GUINT_TO_POINTER (count) };
  GListModel *invitations = cau_account_get_room_invitations (device->account);
  g_autoptr(CauRoomInvitation) last = NULL;

  g_assert_true (cau_test_wait_until (has_invitations, data, WAIT_S));
  last = g_list_model_get_item (invitations, count - 1);
  return last;
}

/* Waits for a moderation request's answer; FALSE with `error` set when refused. */
static gboolean
finish (CauRoom       *room,
        GAsyncResult **slot,
        GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  cau_test_wait_result (slot);
  /* The slot is ready for the next request. */
  result = g_steal_pointer (slot);
  return cau_room_moderate_finish (room, result, error);
}

/* Alice invites Bob from her room: the invitation waits on his account; accepting it enters
 * the room and answers it. */
static void
test_direct_invitation (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *address = cau_test_room_address (fixture->prosody, "salon");
  Device *alice = cau_test_device_start (fixture->prosody, "alice", NULL, 0, fixture->dirs, NULL);
  Device *bob = cau_test_device_start (fixture->prosody, "bob", NULL, 0, fixture->dirs, NULL);
  CauRoom *alice_room = cau_test_device_join_room (alice, address, "Alice");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  CauRoomInvitation *invitation;
  CauConversation *conversation;
  CauRoom *bob_room;

  cau_test_room_wait_state (alice_room, CAU_ROOM_JOINED);
  cau_room_invite (alice_room, "bob@localhost", "Viens discuter", NULL,
                   cau_test_store_result_cb, &result);
  g_assert_true (finish (alice_room, &result, &error));
  g_assert_no_error (error);

  invitation = wait_invitation (bob, 1);
  g_assert_cmpstr (cau_room_invitation_get_room (invitation), ==, address);
  g_assert_cmpstr (cau_room_invitation_get_inviter (invitation), ==, "alice@localhost");
  g_assert_cmpstr (cau_room_invitation_get_reason (invitation), ==, "Viens discuter");
  g_assert_false (cau_room_invitation_get_mediated (invitation));
  /* Nothing entered by itself. */
  cau_test_spin (300);
  g_assert_null (cau_test_device_find_conversation (bob, address));

  conversation = cau_room_invitation_accept (invitation, bob->manager, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (conversation);
  bob_room = cau_conversation_get_room (conversation);
  cau_test_room_wait_state (bob_room, CAU_ROOM_JOINED);
  g_assert_cmpstr (cau_room_get_nick (bob_room), ==, "bob");
  g_assert_cmpuint (g_list_model_get_n_items (cau_account_get_room_invitations (bob->account)),
                    ==, 0);
  cau_test_room_wait_occupant (alice_room, "bob");

  cau_test_device_stop (alice);
  cau_test_device_stop (bob);
}

static void
declined_cb (CauAccount  *account,
             const char  *room,
             const char  *who,
             const char  *reason,
             char       **seen)
{
  g_free (*seen);
  *seen = g_strconcat (room, " ", who, NULL);
}

static gboolean
is_set (gpointer data)
{
  return *(char **) data != NULL;
}

/* An invitation through the room (§7.8.2), with a password: declined, it is gone, and the
 * room tells the inviter who declined. */
static void
test_mediated_invitation (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *declined = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *address = cau_test_room_address (fixture->prosody, "salon");
  Device *alice = cau_test_device_start (fixture->prosody, "alice", NULL, 0, fixture->dirs, NULL);
  Device *bob = cau_test_device_start (fixture->prosody, "bob", NULL, 0, fixture->dirs, NULL);
  g_autofree char *xml = NULL;
  CauRoomInvitation *invitation;

  cau_test_room_wait_state (cau_test_device_join_room (alice, address, "Alice"), CAU_ROOM_JOINED);
  xml = g_strdup_printf ("<message xmlns='jabber:client' from='%s' to='bob@localhost' id='i-1'>"
                         "<x xmlns='http://jabber.org/protocol/muc#user'>"
                         "<invite from='alice@localhost/phone'><reason>On t’attend</reason>"
                         "</invite><password>secret</password></x></message>", address);
  cau_test_room_inject (fixture->prosody, xml);

  invitation = wait_invitation (bob, 1);
  g_assert_cmpstr (cau_room_invitation_get_room (invitation), ==, address);
  g_assert_cmpstr (cau_room_invitation_get_inviter (invitation), ==, "alice@localhost");
  g_assert_cmpstr (cau_room_invitation_get_reason (invitation), ==, "On t’attend");
  g_assert_cmpstr (cau_room_invitation_get_password (invitation), ==, "secret");
  g_assert_true (cau_room_invitation_get_mediated (invitation));

  g_signal_connect (alice->account, "invitation-declined", G_CALLBACK (declined_cb), &declined);
  cau_room_invitation_decline (invitation);
  g_assert_cmpuint (g_list_model_get_n_items (cau_account_get_room_invitations (bob->account)),
                    ==, 0);
  g_assert_null (cau_test_device_find_conversation (bob, address));
  g_assert_true (cau_test_wait_until (is_set, &declined, WAIT_S));
  expected = g_strconcat (address, " bob@localhost", NULL);
  g_assert_cmpstr (declined, ==, expected);
  g_signal_handlers_disconnect_by_func (alice->account, declined_cb, &declined);

  cau_test_device_stop (alice);
  cau_test_device_stop (bob);
}

static gboolean
is_blocked (gpointer data)
{
  return cau_roster_is_blocked (cau_account_get_roster (((Device *) data)->account),
                                "mallory@localhost");
}

/* A stranger's invitations to a server or to someone's device, and one from someone
 * blocked relayed by a room, are dropped; the honest one after them arrives alone. */
static void
test_hostile_invitations (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *address = cau_test_room_address (fixture->prosody, "salon");
  Device *bob = cau_test_device_start (fixture->prosody, "bob", NULL, 0, fixture->dirs, NULL);
  const char *hostile[] = {
    "<message xmlns='jabber:client' from='mallory@localhost/x' to='bob@localhost'>"
    "<x xmlns='jabber:x:conference' jid='localhost'/></message>",
    "<message xmlns='jabber:client' from='mallory@localhost/x' to='bob@localhost'>"
    "<x xmlns='jabber:x:conference' jid='salon@conference.localhost/nick'/></message>",
    "<message xmlns='jabber:client' from='mallory@localhost/x' to='bob@localhost'>"
    "<x xmlns='jabber:x:conference' jid='not a jid@@'/></message>",
    "<message xmlns='jabber:client' from='conference.localhost' to='bob@localhost'>"
    "<x xmlns='http://jabber.org/protocol/muc#user'><invite from='alice@localhost'/></x>"
    "</message>",
    "<message xmlns='jabber:client' from='autre@conference.localhost' to='bob@localhost'>"
    "<x xmlns='http://jabber.org/protocol/muc#user'><invite from='mallory@localhost'/></x>"
    "</message>",
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *honest = NULL;
  CauRoomInvitation *invitation;

  g_assert_true (cau_account_block (bob->account, "mallory@localhost", &error));
  g_assert_no_error (error);
  g_assert_true (cau_test_wait_until (is_blocked, bob, WAIT_S));

  for (guint i = 0; i < G_N_ELEMENTS (hostile); i++)
    cau_test_room_inject (fixture->prosody, hostile[i]);
  honest = g_strdup_printf ("<message xmlns='jabber:client' from='alice@localhost/x' "
                            "to='bob@localhost'><x xmlns='jabber:x:conference' jid='%s'/>"
                            "</message>", address);
  cau_test_room_inject (fixture->prosody, honest);

  invitation = wait_invitation (bob, 1);
  g_assert_cmpstr (cau_room_invitation_get_room (invitation), ==, address);
  g_assert_cmpstr (cau_room_invitation_get_inviter (invitation), ==, "alice@localhost");
  cau_test_spin (300);
  g_assert_cmpuint (g_list_model_get_n_items (cau_account_get_room_invitations (bob->account)),
                    ==, 1);
  g_assert_null (cau_test_device_find_conversation (bob, "mallory@localhost"));
  g_assert_null (cau_test_device_find_conversation (bob, "localhost"));

  cau_test_device_stop (bob);
}

/* Alice (owner) kicks Bob with a reason: he is out, and sees why; entering again works. */
static void
test_kick (Fixture       *fixture,
           gconstpointer  data)
{
  Device *alice = cau_test_device_start (fixture->prosody, "alice", NULL, 0, fixture->dirs, NULL);
  Device *bob = cau_test_device_start (fixture->prosody, "bob", NULL, 0, fixture->dirs, NULL);
  CauRoom *alice_room, *bob_room;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  CauRoomActions actions;

  enter_both (fixture, alice, bob, &alice_room, &bob_room);
  actions = cau_room_get_allowed_actions (alice_room, cau_room_find_occupant (alice_room, "Bob"));
  g_assert_true (actions & CAU_ROOM_ACTION_KICK);
  g_assert_true (actions & CAU_ROOM_ACTION_BAN);
  g_assert_true (actions & CAU_ROOM_ACTION_GRANT_ADMIN);
  g_assert_cmpint (cau_room_get_allowed_actions (alice_room,
                                                 cau_room_find_occupant (alice_room, "Alice")),
                   ==, 0);

  cau_room_kick (alice_room, "Bob", "Trop bavard", NULL, cau_test_store_result_cb, &result);
  g_assert_true (finish (alice_room, &result, &error));
  g_assert_no_error (error);

  cau_test_room_wait_state (bob_room, CAU_ROOM_FAILED);
  g_assert_cmpint (cau_room_get_error (bob_room), ==, CAU_ROOM_ERROR_KICKED);
  g_assert_cmpstr (cau_room_get_removal_reason (bob_room), ==, "Trop bavard");
  g_assert_nonnull (strstr (cau_room_get_error_message (bob_room), "Trop bavard"));

  cau_room_join (bob_room, "Bob", NULL);
  cau_test_room_wait_state (bob_room, CAU_ROOM_JOINED);
  g_assert_null (cau_room_get_removal_reason (bob_room));

  cau_test_device_stop (alice);
  cau_test_device_stop (bob);
}

/* Banned, Bob is out and cannot come back. */
static void
test_ban (Fixture       *fixture,
          gconstpointer  data)
{
  Device *alice = cau_test_device_start (fixture->prosody, "alice", NULL, 0, fixture->dirs, NULL);
  Device *bob = cau_test_device_start (fixture->prosody, "bob", NULL, 0, fixture->dirs, NULL);
  CauRoom *alice_room, *bob_room;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  CauOccupant *occupant;

  enter_both (fixture, alice, bob, &alice_room, &bob_room);
  occupant = cau_room_find_occupant (alice_room, "Bob");
  /* Alice owns the room: she sees everyone's address. */
  g_assert_nonnull (cau_occupant_get_real_jid (occupant));
  cau_room_ban (alice_room, cau_occupant_get_real_jid (occupant), "Spam", NULL,
                cau_test_store_result_cb, &result);
  g_assert_true (finish (alice_room, &result, &error));
  g_assert_no_error (error);

  cau_test_room_wait_state (bob_room, CAU_ROOM_FAILED);
  g_assert_cmpint (cau_room_get_error (bob_room), ==, CAU_ROOM_ERROR_BANNED);
  g_assert_cmpstr (cau_room_get_removal_reason (bob_room), ==, "Spam");

  cau_room_join (bob_room, "Bob", NULL);
  cau_test_room_wait_state (bob_room, CAU_ROOM_FAILED);
  g_assert_cmpint (cau_room_get_error (bob_room), ==, CAU_ROOM_ERROR_BANNED);

  cau_test_device_stop (alice);
  cau_test_device_stop (bob);
}

static gboolean
has_role (gpointer data)
{
  CauOccupant *occupant = cau_room_find_occupant (((gpointer *) data)[0], ((gpointer *) data)[1]);

  return occupant != NULL &&
         (int) cau_occupant_get_role (occupant) == GPOINTER_TO_INT (((gpointer *) data)[2]);
}

static void
wait_role (CauRoom    *room,
           const char *nick,
           CauRole     role)
{
  gpointer data[] = { room, (gpointer) nick, GINT_TO_POINTER (role) };

  g_assert_true (cau_test_wait_until (has_role, data, WAIT_S));
}

/* In a moderated room, a moderator takes Bob's voice, and gives it back. */
static void
test_voice (Fixture       *fixture,
            gconstpointer  data)
{
  Device *alice = cau_test_device_start (fixture->prosody, "alice", NULL, 0, fixture->dirs, NULL);
  Device *bob = cau_test_device_start (fixture->prosody, "bob", NULL, 0, fixture->dirs, NULL);
  CauRoom *alice_room, *bob_room;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  enter_both (fixture, alice, bob, &alice_room, &bob_room);
  on_room (fixture, "room:set_moderated (true)");
  g_assert_true (cau_room_get_allowed_actions (alice_room,
                                               cau_room_find_occupant (alice_room, "Bob")) &
                 CAU_ROOM_ACTION_REVOKE_VOICE);

  cau_room_set_voice (alice_room, "Bob", FALSE, NULL, cau_test_store_result_cb, &result);
  g_assert_true (finish (alice_room, &result, &error));
  g_assert_no_error (error);
  wait_role (alice_room, "Bob", CAU_ROLE_VISITOR);
  wait_role (bob_room, "Bob", CAU_ROLE_VISITOR);
  g_assert_true (cau_room_get_allowed_actions (alice_room,
                                               cau_room_find_occupant (alice_room, "Bob")) &
                 CAU_ROOM_ACTION_GRANT_VOICE);

  cau_room_set_voice (alice_room, "Bob", TRUE, NULL, cau_test_store_result_cb, &result);
  g_assert_true (finish (alice_room, &result, &error));
  g_assert_no_error (error);
  wait_role (bob_room, "Bob", CAU_ROLE_PARTICIPANT);

  cau_test_device_stop (alice);
  cau_test_device_stop (bob);
}

/* A members-only room refuses Bob; Alice, its owner, invites him, which makes him a member
 * first: he accepts and is in. Taking membership back puts him out. */
static void
test_membership (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *address = cau_test_room_address (fixture->prosody, "salon");
  Device *alice = cau_test_device_start (fixture->prosody, "alice", NULL, 0, fixture->dirs, NULL);
  Device *bob = cau_test_device_start (fixture->prosody, "bob", NULL, 0, fixture->dirs, NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *create = NULL;
  CauRoomInvitation *invitation;
  CauConversation *conversation;
  CauRoom *alice_room, *bob_room;

  /* Made by the server, Alice its owner: members-only from the start, as she enters it. */
  create = g_strdup_printf ("local room = prosody.hosts[\"%s\"].modules.muc.create_room (\"%s\"); "
                            "room:set_affiliation (true, \"alice@localhost\", \"owner\"); "
                            "room:set_persistent (true); room:set_members_only (true); "
                            "room:save (true); return \"done\"",
                            cau_test_prosody_get_muc_domain (fixture->prosody), address);
  g_assert_true (cau_test_prosody_shell (fixture->prosody, create, NULL, &error));
  g_assert_no_error (error);
  alice_room = cau_test_device_join_room (alice, address, "Alice");
  cau_test_room_wait_state (alice_room, CAU_ROOM_JOINED);
  g_assert_true (cau_room_get_members_only (alice_room));
  g_assert_cmpint (cau_room_get_own_affiliation (alice_room), ==, CAU_AFFILIATION_OWNER);

  bob_room = cau_test_device_join_room (bob, address, "Bob");
  cau_test_room_wait_state (bob_room, CAU_ROOM_FAILED);
  g_assert_cmpint (cau_room_get_error (bob_room), ==, CAU_ROOM_ERROR_MEMBERS_ONLY);

  cau_room_invite (alice_room, "bob@localhost", NULL, NULL, cau_test_store_result_cb, &result);
  g_assert_true (finish (alice_room, &result, &error));
  g_assert_no_error (error);
  invitation = wait_invitation (bob, 1);
  conversation = cau_room_invitation_accept (invitation, bob->manager, "Bob", &error);
  g_assert_no_error (error);
  g_assert_true (cau_conversation_get_room (conversation) == bob_room);
  cau_test_room_wait_state (bob_room, CAU_ROOM_JOINED);
  g_assert_cmpint (cau_occupant_get_affiliation (cau_test_room_wait_occupant (alice_room, "Bob")),
                   ==, CAU_AFFILIATION_MEMBER);

  cau_room_set_member (alice_room, "bob@localhost", FALSE, NULL, cau_test_store_result_cb,
                       &result);
  g_assert_true (finish (alice_room, &result, &error));
  g_assert_no_error (error);
  cau_test_room_wait_state (bob_room, CAU_ROOM_FAILED);
  g_assert_cmpint (cau_room_get_error (bob_room), ==, CAU_ROOM_ERROR_REMOVED);

  cau_test_device_stop (alice);
  cau_test_device_stop (bob);
}

/* Bob, a participant, may not kick Alice: the menu offers nothing, and the room refuses
 * with a message a person can read. */
static void
test_not_permitted (Fixture       *fixture,
                    gconstpointer  data)
{
  Device *alice = cau_test_device_start (fixture->prosody, "alice", NULL, 0, fixture->dirs, NULL);
  Device *bob = cau_test_device_start (fixture->prosody, "bob", NULL, 0, fixture->dirs, NULL);
  CauRoom *alice_room, *bob_room;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  enter_both (fixture, alice, bob, &alice_room, &bob_room);
  g_assert_cmpint (cau_room_get_allowed_actions (bob_room,
                                                 cau_test_room_wait_occupant (bob_room, "Alice")),
                   ==, 0);

  cau_room_kick (bob_room, "Alice", NULL, NULL, cau_test_store_result_cb, &result);
  g_assert_false (finish (bob_room, &result, &error));
  g_assert_error (error, CAU_CORE_ERROR, CAU_CORE_ERROR_NOT_PERMITTED);
  g_assert_cmpstr (error->message, ==, "You may not do this in this room.");
  g_assert_cmpint (cau_room_get_state (alice_room), ==, CAU_ROOM_JOINED);

  cau_test_device_stop (alice);
  cau_test_device_stop (bob);
}

static gboolean
can_remove (gpointer data)
{
  return cau_room_can_remove_messages (data);
}

static gboolean
is_retracted (gpointer data)
{
  return cau_message_get_retracted (data);
}

/* What Alice's store holds as the room's archive id of `message`. */
static char *
dup_stanza_id (Device     *device,
               CauMessage *message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CauDbMessage) row = cau_db_get_message (cau_account_get_db (device->account),
                                                    cau_message_get_id (message), &error);

  g_assert_no_error (error);
  g_assert_nonnull (row->stanza_id);
  return g_strdup (row->stanza_id);
}

static void
assert_removed (CauMessage *message)
{
  g_assert_true (cau_test_wait_until (is_retracted, message, WAIT_S));
  g_assert_cmpstr (cau_message_get_body (message), ==, "");
  g_assert_cmpstr (cau_message_get_retracted_by (message), ==, "Alice");
  g_assert_cmpstr (cau_message_get_retract_reason (message), ==, "Insults");
}

/* XEP-0425: Alice, a moderator, removes what Bob said, with a reason: it is gone for both, who
 * and why said, and for Carol too, who enters afterwards and catches up from the room's
 * archive. An occupant's, another room's or a stranger's say-so removes nothing, and Bob, a
 * participant, may not remove anything. */
static void
test_remove_message (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *address = cau_test_room_address (fixture->prosody, "salon");
  Device *alice = cau_test_device_start (fixture->prosody, "alice", NULL, 0, fixture->dirs, NULL);
  Device *bob = cau_test_device_start (fixture->prosody, "bob", NULL, 0, fixture->dirs, NULL);
  const char *to = cau_account_get_bound_jid (alice->account);
  const char *forgers[] = { "/Bob", "/Alice", "" };
  g_autoptr(CauMessage) insult = NULL;
  g_autoptr(CauMessage) fine = NULL;
  g_autoptr(CauMessage) bob_insult = NULL;
  g_autoptr(CauMessage) carol_insult = NULL;
  g_autoptr(CauMessage) carol_fine = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *stanza_id = NULL;
  CauRoom *alice_room, *bob_room, *carol_room;
  Device *carol;

  enter_both (fixture, alice, bob, &alice_room, &bob_room);
  /* The room says it offers moderation once created (Debian 12's mod_muc_moderation). */
  g_assert_true (cau_test_wait_until (can_remove, alice_room, WAIT_S));
  g_assert_false (cau_room_can_remove_messages (bob_room));

  cau_test_device_send_text (bob, address, "Insult");
  cau_test_device_send_text (bob, address, "Fine words");
  cau_test_device_wait_count (alice, address, 2);
  insult = cau_test_device_message_at (alice, address, 0);
  fine = cau_test_device_message_at (alice, address, 1);
  g_assert_cmpstr (cau_message_get_body (insult), ==, "Insult");
  stanza_id = dup_stanza_id (alice, insult);

  /* Forged removals: from an occupant (the author too), from another room, from a stranger
   * in a chat. */
  for (guint i = 0; i < G_N_ELEMENTS (forgers); i++)
    {
      g_autofree char *from = *forgers[i] != '\0' ? g_strconcat (address, forgers[i], NULL)
                                                   : g_strdup ("autre@conference.localhost");
      g_autofree char *xml = g_strdup_printf (
        "<message xmlns='jabber:client' type='groupchat' from='%s' to='%s'>"
        "<retract id='%s' xmlns='urn:xmpp:message-retract:1'>"
        "<moderated by='%s/Alice' xmlns='urn:xmpp:message-moderate:1'/></retract>"
        "<apply-to xmlns='urn:xmpp:fasten:0' id='%s'>"
        "<moderated xmlns='urn:xmpp:message-moderate:0' by='%s/Alice'>"
        "<retract xmlns='urn:xmpp:message-retract:0'/></moderated></apply-to></message>",
        from, to, stanza_id, address, stanza_id, address);

      cau_test_room_inject (fixture->prosody, xml);
    }
  {
    g_autofree char *chat = g_strdup_printf (
      "<message xmlns='jabber:client' type='chat' from='mallory@localhost/x' to='%s'>"
      "<body>hi</body><retract id='%s' xmlns='urn:xmpp:message-retract:1'>"
      "<moderated xmlns='urn:xmpp:message-moderate:1'/></retract></message>", to, stanza_id);

    cau_test_room_inject (fixture->prosody, chat);
  }
  cau_test_spin (500);
  g_assert_false (cau_message_get_retracted (insult));
  g_assert_cmpstr (cau_message_get_body (insult), ==, "Insult");

  /* Bob may not. */
  bob_insult = cau_test_device_message_at (bob, address, 0);
  cau_room_remove_message (bob_room, bob_insult, NULL, NULL, cau_test_store_result_cb, &result);
  g_assert_false (finish (bob_room, &result, &error));
  g_assert_error (error, CAU_CORE_ERROR, CAU_CORE_ERROR_NOT_PERMITTED);
  g_clear_error (&error);

  /* Alice may: gone for both of them, the rest untouched. */
  cau_room_remove_message (alice_room, insult, "Insults", NULL, cau_test_store_result_cb,
                           &result);
  g_assert_true (finish (alice_room, &result, &error));
  g_assert_no_error (error);
  assert_removed (insult);
  assert_removed (bob_insult);
  g_assert_cmpstr (cau_message_get_body (fine), ==, "Fine words");
  g_assert_false (cau_message_get_retracted (fine));
  g_assert_cmpstr (cau_conversation_get_preview (cau_test_device_find_conversation (alice,
                                                                                     address)),
                   ==, "Fine words");

  /* Twice is refused: the room no longer has it. */
  cau_room_remove_message (alice_room, insult, NULL, NULL, cau_test_store_result_cb, &result);
  g_assert_false (finish (alice_room, &result, &error));
  g_assert_error (error, CAU_CORE_ERROR, CAU_CORE_ERROR_FAILED);
  g_clear_error (&error);

  /* Carol, later, from the room's archive: what is left of it, and nothing else. */
  carol = cau_test_device_start (fixture->prosody, "carol", NULL, 0, fixture->dirs, NULL);
  carol_room = cau_test_device_join_room (carol, address, "Carol");
  cau_test_room_wait_state (carol_room, CAU_ROOM_JOINED);
  cau_test_device_wait_count (carol, address, 2);
  cau_test_spin (300);
  g_assert_cmpuint (cau_test_device_count_messages (carol, address), ==, 2);
  carol_insult = cau_test_device_message_at (carol, address, 0);
  carol_fine = cau_test_device_message_at (carol, address, 1);
  assert_removed (carol_insult);
  g_assert_cmpstr (cau_message_get_nick (carol_insult), ==, "Bob");
  g_assert_cmpstr (cau_message_get_body (carol_fine), ==, "Fine words");

  cau_test_device_stop (carol);
  cau_test_device_stop (alice);
  cau_test_device_stop (bob);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/cau/rooms-moderation/direct-invitation", Fixture, NULL, fixture_setup,
              test_direct_invitation, fixture_teardown);
  g_test_add ("/cau/rooms-moderation/mediated-invitation", Fixture, NULL, fixture_setup,
              test_mediated_invitation, fixture_teardown);
  g_test_add ("/cau/rooms-moderation/hostile-invitations", Fixture, NULL, fixture_setup,
              test_hostile_invitations, fixture_teardown);
  g_test_add ("/cau/rooms-moderation/kick", Fixture, NULL, fixture_setup, test_kick,
              fixture_teardown);
  g_test_add ("/cau/rooms-moderation/ban", Fixture, NULL, fixture_setup, test_ban,
              fixture_teardown);
  g_test_add ("/cau/rooms-moderation/voice", Fixture, NULL, fixture_setup, test_voice,
              fixture_teardown);
  g_test_add ("/cau/rooms-moderation/membership", Fixture, NULL, fixture_setup, test_membership,
              fixture_teardown);
  g_test_add ("/cau/rooms-moderation/not-permitted", Fixture, NULL, fixture_setup,
              test_not_permitted, fixture_teardown);
  g_test_add ("/cau/rooms-moderation/remove-message", Fixture, NULL, fixture_setup_three,
              test_remove_message, fixture_teardown);
  return g_test_run ();
}
