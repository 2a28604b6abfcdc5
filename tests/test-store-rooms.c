/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */

/* Rooms in the store (schema version 6): conversations of kind room, their messages (sender
 * the room, sender_resource the nickname), and their archive cursors. */

#include "config.h"

#include "cau-test-util.h"

#include "store/cau-db-messages.h"

#define ALICE "alice@example.org"
#define ROMEO "romeo@example.net"
#define BALCONY "balcony@rooms.example.org"
#define GARDEN "garden@rooms.example.org"

/* 2026-01-01 00:00 UTC, in microseconds. */
#define T0 G_GINT64_CONSTANT (1767225600000000)

typedef struct {
  char   *dir;
  CauDb  *db;
  gint64  alice;   /* account */
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  CauDbAccount account = { .jid = (char *) ALICE, .enabled = TRUE };

  fixture->dir = g_dir_make_tmp ("cau-test-store-rooms-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->dir, "causerie.db", NULL);

  fixture->db = cau_db_open (path, &error);
  g_assert_no_error (error);
  fixture->alice = cau_db_add_account (fixture->db, &account, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_assert_finalize_object (fixture->db);
  cau_test_remove_tree (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
}

static gint64
ensure_room (Fixture    *fixture,
             const char *room,
             const char *nick)
{
  g_autoptr (GError) error = NULL;
  gint64 id = cau_db_ensure_room (fixture->db, fixture->alice, room, nick, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static CauDbConversation *
get_conversation (Fixture *fixture,
                  gint64   id)
{
  g_autoptr (GError) error = NULL;
  CauDbConversation *conversation = cau_db_get_conversation (fixture->db, id, &error);

  g_assert_no_error (error);
  return conversation;
}

/* A message in the room from `nick`; ours when `nick` is ALICE's "Alice". */
static CauDbMessage
room_message (gint64      room,
              const char *nick,
              gint64      seconds,
              const char *origin_id,
              const char *stanza_id,
              const char *body)
{
  gboolean ours = g_strcmp0 (nick, "Alice") == 0;
  CauDbMessage message = {
    .conversation_id = room,
    .outgoing = ours,
    .sender = (char *) BALCONY,
    .sender_resource = (char *) nick,
    .time_us = T0 + seconds * G_USEC_PER_SEC,
    .body = (char *) body,
    .xmpp_id = (char *) origin_id,
    .origin_id = (char *) origin_id,
    .stanza_id = (char *) stanza_id,
    .state = ours ? (stanza_id == NULL ? CAU_DB_MESSAGE_PENDING : CAU_DB_MESSAGE_SENT)
                  : CAU_DB_MESSAGE_RECEIVED,
    .sender_trust = -1,
  };

  return message;
}

static gint64
insert (Fixture      *fixture,
        CauDbMessage *message,
        gboolean      expect_duplicate)
{
  g_autoptr (GError) error = NULL;
  gboolean duplicate = !expect_duplicate;

  g_assert_true (cau_db_insert_message (fixture->db, message, &duplicate, &error));
  g_assert_no_error (error);
  g_assert_cmpint (duplicate, ==, expect_duplicate);
  g_assert_cmpint (message->id, >, 0);
  return message->id;
}

static void
test_ensure_new (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CauDbConversation) room = NULL;
  gint64 id;

  id = ensure_room (fixture, BALCONY, "Alice");
  room = get_conversation (fixture, id);
  g_assert_cmpint (room->kind, ==, CAU_DB_CONVERSATION_ROOM);
  g_assert_cmpstr (room->peer, ==, BALCONY);
  g_assert_cmpstr (room->room_nick, ==, "Alice");
  g_assert_false (room->room_joined);
  g_assert_null (room->room_name);
  g_assert_null (room->subject);
  g_assert_cmpint (room->last_activity_us, >, 0);

  /* Found again; a NULL nick keeps the stored one, another replaces it. */
  g_assert_cmpint (ensure_room (fixture, BALCONY, NULL), ==, id);
  g_clear_pointer (&room, cau_db_conversation_free);
  room = get_conversation (fixture, id);
  g_assert_cmpstr (room->room_nick, ==, "Alice");
  g_assert_cmpint (ensure_room (fixture, BALCONY, "Alicia"), ==, id);
  g_clear_pointer (&room, cau_db_conversation_free);
  room = get_conversation (fixture, id);
  g_assert_cmpstr (room->room_nick, ==, "Alicia");
  g_assert_cmpint (cau_db_find_conversation (fixture->db, fixture->alice, BALCONY, &error), ==,
                   id);
  g_assert_no_error (error);

  /* A chat is still a chat. */
  g_clear_pointer (&room, cau_db_conversation_free);
  room = get_conversation (fixture,
                           cau_db_ensure_conversation (fixture->db, fixture->alice, ROMEO, NULL));
  g_assert_cmpint (room->kind, ==, CAU_DB_CONVERSATION_CHAT);
  g_assert_null (room->room_nick);

  /* No account, no room. */
  g_assert_cmpint (cau_db_ensure_room (fixture->db, 999, GARDEN, "Alice", &error), ==, 0);
  g_assert_error (error, CAU_DB_ERROR, CAU_DB_ERROR_NOT_FOUND);
}

/* A chat with the room's address (written to before it was known to be a room) becomes the
 * room, its history with it. */
static void
test_ensure_existing_chat (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CauDbConversation) room = NULL;
  CauDbMessage hello = room_message (0, "Romeo", 1, "o-1", "r-1", "Hello");
  gint64 chat, id;

  chat = cau_db_ensure_conversation (fixture->db, fixture->alice, BALCONY, &error);
  g_assert_no_error (error);
  hello.conversation_id = chat;
  insert (fixture, &hello, FALSE);

  id = ensure_room (fixture, BALCONY, "Alice");
  g_assert_cmpint (id, ==, chat);
  room = get_conversation (fixture, id);
  g_assert_cmpint (room->kind, ==, CAU_DB_CONVERSATION_ROOM);
  g_assert_cmpstr (room->room_nick, ==, "Alice");
  g_assert_cmpint (room->last_message_id, ==, hello.id);
  g_assert_cmpuint (room->unread, ==, 1);
}

static void
test_fields (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CauDbConversation) room = NULL;
  gint64 id = ensure_room (fixture, BALCONY, "Alice");

  g_assert_true (cau_db_set_room_nick (fixture->db, id, "Alice ♥ Bob", &error));
  g_assert_no_error (error);
  g_assert_true (cau_db_set_room_name (fixture->db, id, "The <b>balcony</b>", &error));
  g_assert_no_error (error);
  g_assert_true (cau_db_set_room_subject (fixture->db, id, "Tonight\nat the window", &error));
  g_assert_no_error (error);
  g_assert_true (cau_db_set_room_joined (fixture->db, id, TRUE, &error));
  g_assert_no_error (error);

  room = get_conversation (fixture, id);
  g_assert_cmpstr (room->room_nick, ==, "Alice ♥ Bob");
  g_assert_cmpstr (room->room_name, ==, "The <b>balcony</b>");
  g_assert_cmpstr (room->subject, ==, "Tonight\nat the window");
  g_assert_true (room->room_joined);

  g_assert_true (cau_db_set_room_name (fixture->db, id, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (cau_db_set_room_subject (fixture->db, id, NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&room, cau_db_conversation_free);
  room = get_conversation (fixture, id);
  g_assert_null (room->room_name);
  g_assert_null (room->subject);
  g_assert_cmpstr (room->room_nick, ==, "Alice ♥ Bob");

  g_assert_false (cau_db_set_room_subject (fixture->db, 999, "None", &error));
  g_assert_error (error, CAU_DB_ERROR, CAU_DB_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (cau_db_set_room_joined (fixture->db, 999, TRUE, &error));
  g_assert_error (error, CAU_DB_ERROR, CAU_DB_ERROR_NOT_FOUND);
}

static void
test_joined_list (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) rooms = NULL;
  gint64 balcony = ensure_room (fixture, BALCONY, "Alice");
  gint64 garden = ensure_room (fixture, GARDEN, "Al");
  gint64 chat = cau_db_ensure_conversation (fixture->db, fixture->alice, ROMEO, NULL);
  CauDbAccount bob = { .jid = (char *) "bob@example.net", .enabled = TRUE };
  gint64 bob_id = cau_db_add_account (fixture->db, &bob, &error);
  const CauDbConversation *first;

  g_assert_no_error (error);
  rooms = cau_db_list_joined_rooms (fixture->db, fixture->alice, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rooms->len, ==, 0);
  g_clear_pointer (&rooms, g_ptr_array_unref);

  /* Bob's rooms are his; a chat marked joined is no room; an archived room is still joined. */
  g_assert_true (cau_db_set_room_joined (fixture->db,
                                         cau_db_ensure_room (fixture->db, bob_id, BALCONY,
                                                             "Bob", NULL),
                                         TRUE, NULL));
  g_assert_true (cau_db_set_room_joined (fixture->db, chat, TRUE, NULL));
  g_assert_true (cau_db_set_room_joined (fixture->db, garden, TRUE, NULL));
  g_assert_true (cau_db_set_room_joined (fixture->db, balcony, TRUE, NULL));
  g_assert_true (cau_db_set_conversation_archived (fixture->db, balcony, TRUE, NULL));

  rooms = cau_db_list_joined_rooms (fixture->db, fixture->alice, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rooms->len, ==, 2);
  first = g_ptr_array_index (rooms, 0);
  g_assert_cmpint (first->id, ==, balcony);
  g_assert_cmpstr (first->room_nick, ==, "Alice");
  g_assert_true (first->archived);
  g_assert_cmpint (((CauDbConversation *) g_ptr_array_index (rooms, 1))->id, ==, garden);
  g_clear_pointer (&rooms, g_ptr_array_unref);

  /* Left. */
  g_assert_true (cau_db_set_room_joined (fixture->db, balcony, FALSE, &error));
  g_assert_no_error (error);
  rooms = cau_db_list_joined_rooms (fixture->db, fixture->alice, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rooms->len, ==, 1);
  g_assert_cmpint (((CauDbConversation *) g_ptr_array_index (rooms, 0))->id, ==, garden);
}

static void
test_message_round_trip (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CauDbMessage) stored = NULL;
  g_autoptr (CauDbMessage) copy = NULL;
  g_autoptr (GPtrArray) page = NULL;
  gint64 room = ensure_room (fixture, BALCONY, "Alice");
  CauDbMessage hello = room_message (room, "Romeo", 1, "o-1", "r-1", "Hello");
  CauDbMessageBatch *batch;
  CauDbMessage other = room_message (room, "Juliet", 2, "o-2", "r-2", "Hi");

  hello.occupant_id = (char *) "occ-romeo";
  insert (fixture, &hello, FALSE);

  stored = cau_db_get_message (fixture->db, hello.id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (stored->sender, ==, BALCONY);
  g_assert_cmpstr (stored->sender_resource, ==, "Romeo");
  g_assert_cmpstr (stored->occupant_id, ==, "occ-romeo");
  g_assert_false (stored->outgoing);
  copy = cau_db_message_copy (stored);
  g_assert_cmpstr (copy->occupant_id, ==, "occ-romeo");
  g_assert_true (copy->occupant_id != stored->occupant_id);

  /* The batch path stores it too. */
  other.occupant_id = (char *) "occ-juliet";
  batch = cau_db_message_batch_begin (fixture->db, &error);
  g_assert_no_error (error);
  g_assert_true (cau_db_message_batch_add (batch, &other, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (cau_db_message_batch_end (batch, &error));
  g_assert_no_error (error);

  page = cau_db_list_messages_after (fixture->db, room, 0, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->len, ==, 2);
  g_assert_cmpstr (((CauDbMessage *) g_ptr_array_index (page, 0))->occupant_id, ==,
                   "occ-romeo");
  g_assert_cmpstr (((CauDbMessage *) g_ptr_array_index (page, 1))->occupant_id, ==,
                   "occ-juliet");
  g_assert_cmpstr (((CauDbMessage *) g_ptr_array_index (page, 1))->sender_resource, ==,
                   "Juliet");
}

/* Our message goes out pending; the room reflects it to everyone, us included, with the same
 * origin-id and its archive id: one message, which now has that id. */
static void
test_reflection (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CauDbMessage) stored = NULL;
  g_autoptr (GPtrArray) outbox = NULL;
  gint64 room = ensure_room (fixture, BALCONY, "Alice");
  CauDbMessage pending = room_message (room, "Alice", 1, "a-1", NULL, "Hello all");
  CauDbMessage reflection = room_message (room, "Alice", 2, "a-1", "r-1", "Hello all");
  CauDbMessage again = room_message (room, "Alice", 2, "a-1", "r-1", "Hello all");

  insert (fixture, &pending, FALSE);
  outbox = cau_db_list_outbox (fixture->db, fixture->alice, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (outbox->len, ==, 1);

  reflection.occupant_id = (char *) "occ-alice";
  insert (fixture, &reflection, TRUE);
  g_assert_cmpint (reflection.id, ==, pending.id);
  /* The archive's copy, later, is the same message again. */
  insert (fixture, &again, TRUE);
  g_assert_cmpint (again.id, ==, pending.id);

  stored = cau_db_get_message (fixture->db, pending.id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (stored->stanza_id, ==, "r-1");
  g_assert_cmpstr (stored->sender_resource, ==, "Alice");
  g_assert_cmpuint (cau_db_count_messages (fixture->db, room, NULL), ==, 1);
}

/* Everyone in a room has the room as sender: only the origin-id tells messages apart. */
static void
test_two_occupants (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CauDbConversation) conversation = NULL;
  gint64 room = ensure_room (fixture, BALCONY, "Alice");
  CauDbMessage romeo = room_message (room, "Romeo", 1, "o-romeo", "r-1", "Same words");
  CauDbMessage juliet = room_message (room, "Juliet", 1, "o-juliet", "r-2", "Same words");

  insert (fixture, &romeo, FALSE);
  insert (fixture, &juliet, FALSE);
  g_assert_cmpint (romeo.id, !=, juliet.id);
  g_assert_cmpuint (cau_db_count_messages (fixture->db, room, NULL), ==, 2);

  conversation = get_conversation (fixture, room);
  g_assert_cmpuint (conversation->unread, ==, 2);
  g_assert_cmpint (conversation->last_message_id, ==, juliet.id);
  g_assert_no_error (error);
}

static void
test_cursor (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *own = NULL;
  g_autofree char *room = NULL;

  ensure_room (fixture, BALCONY, "Alice");
  g_assert_true (cau_db_set_mam_cursor (fixture->db, fixture->alice, ALICE, "s-9", &error));
  g_assert_no_error (error);
  g_assert_true (cau_db_set_mam_cursor (fixture->db, fixture->alice, BALCONY, "r-3", &error));
  g_assert_no_error (error);

  own = cau_db_get_mam_cursor (fixture->db, fixture->alice, ALICE, &error);
  g_assert_no_error (error);
  room = cau_db_get_mam_cursor (fixture->db, fixture->alice, BALCONY, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (own, ==, "s-9");
  g_assert_cmpstr (room, ==, "r-3");

  /* Forgetting the room's leaves ours. */
  g_assert_true (cau_db_set_mam_cursor (fixture->db, fixture->alice, BALCONY, NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&own, g_free);
  g_clear_pointer (&room, g_free);
  own = cau_db_get_mam_cursor (fixture->db, fixture->alice, ALICE, &error);
  g_assert_no_error (error);
  room = cau_db_get_mam_cursor (fixture->db, fixture->alice, BALCONY, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (own, ==, "s-9");
  g_assert_null (room);
}

static void
add_test (const char *name,
          void      (*func) (Fixture *, gconstpointer))
{
  g_autofree char *path = g_strconcat ("/cau/store-rooms/", name, NULL);

  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  add_test ("ensure-new", test_ensure_new);
  add_test ("ensure-existing-chat", test_ensure_existing_chat);
  add_test ("fields", test_fields);
  add_test ("joined-list", test_joined_list);
  add_test ("message-round-trip", test_message_round_trip);
  add_test ("reflection", test_reflection);
  add_test ("two-occupants", test_two_occupants);
  add_test ("cursor", test_cursor);

  return g_test_run ();
}
