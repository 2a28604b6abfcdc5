/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */

/* The engine's side of the store (CauMessageArchive): a page of the archive is stored as one
 * batch, and must leave what storing its messages one page each leaves, even when a message
 * of the page cannot be stored. Rooms' messages go to the room's conversation, with the
 * room's own cursor. */

#include "config.h"

#include <sqlite3.h>

#include "cau-test-util.h"

#include "core/cau-message-archive-private.h"
#include "store/cau-db-messages.h"

#define ALICE "alice@example.org"
#define ROMEO "romeo@example.net"
#define JULIET "juliet@example.com"
#define BALCONY "balcony@rooms.example.org"

/* 2026-01-01 00:00 UTC, in microseconds. */
#define T0 G_GINT64_CONSTANT (1767225600000000)

typedef struct {
  const char *peer;
  gboolean    outgoing;
  gint64      time;        /* seconds after T0 */
  const char *stanza_id;
  const char *body;
} Entry;

/* "poison" is refused by a trigger the test adds: an insert that fails. */
static const Entry page_entries[] = {
  { ROMEO,  FALSE, 1, "s1", "Hello" },
  { ROMEO,  FALSE, 1, "s1", "Hello" },    /* the server sent it twice */
  { JULIET, FALSE, 2, "s2", "poison" },
  { ROMEO,  TRUE,  3, "s3", "Hi" },
  { JULIET, FALSE, 4, "s4", "Hey" },
  { ROMEO,  FALSE, 4, "s5", "Still there?" },
};

typedef struct {
  char              *path;
  CauDb             *db;       /* the test's own connection */
  gint64             account;
  GMainContext      *context;
  CauMessageArchive *archive;
  GArray            *added;    /* CauStoreChange, from every delivery */
  GArray            *updated;  /* CauStoreChange, from every delivery */
} Side;

static void
collect_cb (CauStoreChanges *changes,
            gpointer         user_data)
{
  Side *side = user_data;

  g_array_append_vals (side->added, changes->added->data, changes->added->len);
  g_array_append_vals (side->updated, changes->updated->data, changes->updated->len);
  cau_store_changes_free (changes);
}

static void
exec_sql (const char *path,
          const char *sql)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

static void
side_open (Side       *side,
           const char *dir,
           const char *name)
{
  g_autoptr (GError) error = NULL;
  CauDbAccount account = { .jid = (char *) ALICE, .enabled = TRUE };

  side->path = g_build_filename (dir, name, NULL);
  side->db = cau_db_open (side->path, &error);
  g_assert_no_error (error);
  side->account = cau_db_add_account (side->db, &account, &error);
  g_assert_no_error (error);
  exec_sql (side->path,
            "CREATE TRIGGER refuse_poison BEFORE INSERT ON message WHEN NEW.body = 'poison'"
            " BEGIN SELECT RAISE (ABORT, 'refused by the test'); END;");

  side->context = g_main_context_new ();
  side->added = g_array_new (FALSE, FALSE, sizeof (CauStoreChange));
  side->updated = g_array_new (FALSE, FALSE, sizeof (CauStoreChange));
  side->archive = cau_message_archive_new (side->path, side->account, ALICE, side->context,
                                           collect_cb, side, NULL);
}

static void
side_close (Side *side)
{
  cau_message_archive_free (side->archive);
  while (g_main_context_iteration (side->context, FALSE))
    ;
  g_main_context_unref (side->context);
  g_array_unref (side->added);
  g_array_unref (side->updated);
  g_assert_finalize_object (side->db);
  g_free (side->path);
}

static CauXmppMessage *
entry_message (const Entry *entry)
{
  CauXmppMessage *message = cau_xmpp_message_new ();

  message->source = CAU_XMPP_SOURCE_ARCHIVE;
  message->outgoing = entry->outgoing;
  message->peer = g_strdup (entry->peer);
  message->sender = g_strdup (entry->outgoing ? ALICE : entry->peer);
  message->body = g_strdup (entry->body);
  message->id = g_strdup_printf ("id-%s", entry->stanza_id);
  message->origin_id = g_strdup (message->id);
  message->stanza_id = g_strdup (entry->stanza_id);
  message->time_us = T0 + entry->time * G_USEC_PER_SEC;
  message->delayed = TRUE;
  return message;
}

/* Hands messages [from, to) to the archive as one page, as the engine does, and runs the
 * deliveries. */
static void
store_page (Side  *side,
            guint  from,
            guint  to)
{
  g_autoptr (GPtrArray) page = g_ptr_array_new_with_free_func ((GDestroyNotify) cau_xmpp_message_free);

  gboolean refused = FALSE;

  for (guint i = from; i < to; i++)
    {
      g_ptr_array_add (page, entry_message (&page_entries[i]));
      refused |= g_str_equal (page_entries[i].body, "poison");
    }
  if (refused)
    g_test_expect_message ("Causerie-core", G_LOG_LEVEL_WARNING,
                           "A message was not stored: *refused by the test*");
  cau_message_archive_funcs.store (side->archive, page, page_entries[to - 1].stanza_id);
  g_test_assert_expected_messages ();
  while (g_main_context_iteration (side->context, FALSE))
    ;
}

static gint64
conversation (Side       *side,
              const char *peer)
{
  g_autoptr (GError) error = NULL;
  gint64 id = cau_db_ensure_conversation (side->db, side->account, peer, &error);

  g_assert_no_error (error);
  return id;
}

static void
assert_same_conversation (Side       *a,
                          Side       *b,
                          const char *peer)
{
  g_autoptr (GError) error = NULL;
  gint64 id = conversation (a, peer);
  g_autoptr (CauDbConversation) ca = NULL;
  g_autoptr (CauDbConversation) cb = NULL;
  g_autoptr (GPtrArray) ma = NULL;
  g_autoptr (GPtrArray) mb = NULL;

  g_assert_cmpint (id, ==, conversation (b, peer));
  ca = cau_db_get_conversation (a->db, id, &error);
  g_assert_no_error (error);
  cb = cau_db_get_conversation (b->db, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ca->last_message_id, ==, cb->last_message_id);
  g_assert_cmpuint (ca->unread, ==, cb->unread);
  g_assert_cmpint (ca->archived, ==, cb->archived);

  ma = cau_db_list_messages_after (a->db, id, 0, 100, &error);
  g_assert_no_error (error);
  mb = cau_db_list_messages_after (b->db, id, 0, 100, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ma->len, ==, mb->len);
  for (guint i = 0; i < ma->len; i++)
    {
      const CauDbMessage *x = g_ptr_array_index (ma, i);
      const CauDbMessage *y = g_ptr_array_index (mb, i);

      g_assert_cmpint (x->id, ==, y->id);
      g_assert_cmpstr (x->stanza_id, ==, y->stanza_id);
      g_assert_cmpstr (x->body, ==, y->body);
      g_assert_cmpint (x->time_us, ==, y->time_us);
      g_assert_cmpint (x->state, ==, y->state);
    }
}

static const char *
stanza_id_of (Side   *side,
              gint64  message_id)
{
  g_autoptr (CauDbMessage) message = cau_db_get_message (side->db, message_id, NULL);
  const char *found = NULL;

  g_assert_nonnull (message);
  for (guint i = 0; i < G_N_ELEMENTS (page_entries) && found == NULL; i++)
    if (g_strcmp0 (page_entries[i].stanza_id, message->stanza_id) == 0)
      found = page_entries[i].stanza_id;
  return found;
}

static void
test_page_as_one_by_one (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cau-test-message-archive-XXXXXX", &error);
  static const char *expected_added[] = { "s1", "s3", "s4", "s5" };
  Side page = { 0 }, one = { 0 };
  g_autofree char *cursor = NULL;
  g_autoptr (CauDbConversation) romeo = NULL;

  g_assert_no_error (error);
  side_open (&page, dir, "page.db");
  side_open (&one, dir, "one-by-one.db");

  store_page (&page, 0, G_N_ELEMENTS (page_entries));
  for (guint i = 0; i < G_N_ELEMENTS (page_entries); i++)
    store_page (&one, i, i + 1);

  assert_same_conversation (&page, &one, ROMEO);
  assert_same_conversation (&page, &one, JULIET);

  /* The model hears of each new message once, in the page's order, the same either way. */
  g_assert_cmpuint (page.added->len, ==, G_N_ELEMENTS (expected_added));
  g_assert_cmpuint (one.added->len, ==, G_N_ELEMENTS (expected_added));
  for (guint i = 0; i < G_N_ELEMENTS (expected_added); i++)
    {
      CauStoreChange *a = &g_array_index (page.added, CauStoreChange, i);
      CauStoreChange *b = &g_array_index (one.added, CauStoreChange, i);

      g_assert_cmpint (a->message_id, ==, b->message_id);
      g_assert_cmpint (a->incoming, ==, b->incoming);
      g_assert_cmpstr (stanza_id_of (&page, a->message_id), ==, expected_added[i]);
    }

  /* What the page should have left: the refused message alone is missing. */
  romeo = cau_db_get_conversation (page.db, conversation (&page, ROMEO), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (romeo->unread, ==, 2);
  g_assert_cmpstr (stanza_id_of (&page, romeo->last_message_id), ==, "s5");
  g_assert_cmpuint (cau_db_count_messages (page.db, conversation (&page, JULIET), NULL), ==, 1);
  cursor = cau_db_get_mam_cursor (page.db, page.account, ALICE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cursor, ==, "s5");

  side_close (&page);
  side_close (&one);
  cau_test_remove_tree (dir);
}

/* A message of the room BALCONY from `nick` ("Alice" is us). */
static CauXmppMessage *
room_message (const char *nick,
              const char *origin_id,
              const char *stanza_id,
              const char *body)
{
  CauXmppMessage *message = cau_xmpp_message_new ();

  message->source = CAU_XMPP_SOURCE_LIVE;
  message->groupchat = TRUE;
  message->outgoing = g_strcmp0 (nick, "Alice") == 0;
  message->peer = g_strdup (BALCONY);
  message->sender = g_strdup (BALCONY);
  message->nick = g_strdup (nick);
  message->occupant_id = nick != NULL ? g_strdup_printf ("occ-%s", nick) : NULL;
  message->body = g_strdup (body);
  message->id = g_strdup (origin_id);
  message->origin_id = g_strdup (origin_id);
  message->stanza_id = g_strdup (stanza_id);
  message->time_us = T0 + 10 * G_USEC_PER_SEC;
  return message;
}

static CauXmppMessage *
subject_message (const char *subject)
{
  CauXmppMessage *message = room_message (NULL, NULL, NULL, NULL);

  message->subject = g_strdup (subject);
  return message;
}

static void
run_deliveries (Side *side)
{
  while (g_main_context_iteration (side->context, FALSE))
    ;
}

/* Our message, written by the model before it is sent: pending, and as the room will show it. */
static gint64
add_pending (Side       *side,
             gint64      conversation_id,
             const char *sender,
             const char *nick,
             const char *id)
{
  g_autoptr (GError) error = NULL;
  CauDbMessage row = {
    .conversation_id = conversation_id, .outgoing = TRUE, .sender = (char *) sender,
    .sender_resource = (char *) nick, .time_us = T0 + 5 * G_USEC_PER_SEC,
    .body = (char *) "Hello all", .xmpp_id = (char *) id, .origin_id = (char *) id,
    .state = CAU_DB_MESSAGE_PENDING,
  };

  g_assert_true (cau_db_insert_message (side->db, &row, NULL, &error));
  g_assert_no_error (error);
  return row.id;
}

static CauDbMessage *
get_message (Side   *side,
             gint64  id)
{
  g_autoptr (GError) error = NULL;
  CauDbMessage *message = cau_db_get_message (side->db, id, &error);

  g_assert_no_error (error);
  return message;
}

static void
test_room (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cau-test-message-archive-XXXXXX", &error);
  g_autoptr (GPtrArray) page = NULL;
  g_autoptr (GPtrArray) messages = NULL;
  g_autoptr (CauDbConversation) room = NULL;
  g_autoptr (CauDbMessage) ours = NULL;
  g_autofree char *cursor = NULL;
  CauXmppMessage *receipt;
  const CauDbMessage *romeo;
  Side side = { 0 };
  gint64 room_id, pending;

  g_assert_no_error (error);
  side_open (&side, dir, "room.db");
  page = g_ptr_array_new_with_free_func ((GDestroyNotify) cau_xmpp_message_free);

  /* The model wrote our message to a room it has just joined. */
  room_id = cau_db_ensure_room (side.db, side.account, BALCONY, "Alice", &error);
  g_assert_no_error (error);
  pending = add_pending (&side, room_id, BALCONY "/Alice", "Alice", "a-1");

  /* Joining: the subject, an occupant's message, the reflection of ours. */
  g_ptr_array_add (page, subject_message ("Tonight"));
  g_ptr_array_add (page, room_message ("Romeo", "o-1", "r-1", "Anyone?"));
  g_ptr_array_add (page, room_message ("Alice", "a-1", "r-2", "Hello all"));
  g_ptr_array_add (page, room_message ("Juliet", "o-2", "r-3", "Here"));
  cau_message_archive_funcs.store_room (side.archive, BALCONY, page, "r-3");
  run_deliveries (&side);

  room = cau_db_get_conversation (side.db, room_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (room->kind, ==, CAU_DB_CONVERSATION_ROOM);
  g_assert_cmpstr (room->subject, ==, "Tonight");
  g_assert_cmpstr (room->room_nick, ==, "Alice");
  g_assert_cmpuint (room->unread, ==, 2);

  /* The subject stored no message, and the reflection none either: it is our pending one,
   * which now has the room's archive id. */
  messages = cau_db_list_messages_after (side.db, room_id, 0, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (messages->len, ==, 3);
  g_assert_cmpuint (side.added->len, ==, 2);
  romeo = g_ptr_array_index (messages, 1);
  g_assert_cmpstr (romeo->sender, ==, BALCONY "/Romeo");
  g_assert_cmpstr (romeo->sender_resource, ==, "Romeo");
  g_assert_cmpstr (romeo->occupant_id, ==, "occ-Romeo");
  g_assert_cmpstr (romeo->stanza_id, ==, "r-1");
  g_assert_false (romeo->outgoing);
  ours = get_message (&side, pending);
  g_assert_cmpstr (ours->stanza_id, ==, "r-2");
  g_assert_cmpstr (ours->sender_resource, ==, "Alice");
  /* The echo says the room has it: it is not in the outbox any more. */
  g_assert_cmpint (ours->state, ==, CAU_DB_MESSAGE_SENT);

  /* The room's cursor moved, and only the room's. */
  cursor = cau_message_archive_funcs.get_room_cursor (side.archive, BALCONY);
  g_assert_cmpstr (cursor, ==, "r-3");
  g_clear_pointer (&cursor, g_free);
  cursor = cau_message_archive_funcs.get_cursor (side.archive);
  g_assert_null (cursor);

  /* The same page again (a catch-up overlapping the join) adds nothing. */
  g_array_set_size (side.added, 0);
  cau_message_archive_funcs.store_room (side.archive, BALCONY, page, NULL);
  run_deliveries (&side);
  g_assert_cmpuint (side.added->len, ==, 0);
  g_assert_cmpuint (cau_db_count_messages (side.db, room_id, NULL), ==, 3);

  /* Through the account's own path too, a groupchat message is the room's: a receipt in it
   * is not believed; an empty subject is none. */
  g_ptr_array_set_size (page, 0);
  pending = add_pending (&side, room_id, BALCONY "/Alice", "Alice", "a-2");
  receipt = room_message ("Romeo", "o-3", "r-4", "Got it");
  receipt->receipt_for = g_strdup ("a-2");
  g_ptr_array_add (page, receipt);
  g_ptr_array_add (page, subject_message (""));
  cau_message_archive_funcs.store (side.archive, page, NULL);
  run_deliveries (&side);
  g_assert_cmpuint (cau_db_count_messages (side.db, room_id, NULL), ==, 5);
  g_clear_pointer (&ours, cau_db_message_free);
  ours = get_message (&side, pending);
  g_assert_cmpint (ours->state, ==, CAU_DB_MESSAGE_PENDING);
  g_clear_pointer (&room, cau_db_conversation_free);
  room = cau_db_get_conversation (side.db, room_id, &error);
  g_assert_no_error (error);
  g_assert_null (room->subject);

  /* Another occupant reusing an origin-id (by chance, or to hide Romeo's words as a copy of
   * theirs) is not a duplicate: ids are compared under the same nickname only. */
  g_ptr_array_set_size (page, 0);
  g_ptr_array_add (page, room_message ("Mallory", "o-1", "r-5", "Not a copy"));
  g_ptr_array_add (page, room_message ("Romeo", "o-1", "r-6", "A copy of mine"));
  cau_message_archive_funcs.store_room (side.archive, BALCONY, page, NULL);
  run_deliveries (&side);
  g_assert_cmpuint (cau_db_count_messages (side.db, room_id, NULL), ==, 6);

  /* Forgetting the room's cursor. */
  cau_message_archive_funcs.reset_room_cursor (side.archive, BALCONY);
  cursor = cau_message_archive_funcs.get_room_cursor (side.archive, BALCONY);
  g_assert_null (cursor);

  side_close (&side);
  cau_test_remove_tree (dir);
}

/* The room's announcement that a moderator removed `stanza_id` (XEP-0425). */
static CauXmppMessage *
retraction (const char *stanza_id)
{
  CauXmppMessage *message = room_message (NULL, "x-1", "r-90", NULL);

  message->retracts = g_strdup (stanza_id);
  message->moderator = g_strdup ("Alice");
  message->retract_reason = g_strdup ("Insults");
  return message;
}

/* XEP-0425: what a moderator removed loses its text here too, once, whether the room's
 * announcement comes live with the message in the same batch or later, or its archive keeps a
 * tombstone in the message's place. */
static void
test_room_retraction (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cau-test-message-archive-XXXXXX", &error);
  g_autoptr (GPtrArray) page = NULL;
  g_autoptr (CauDbConversation) room = NULL;
  g_autoptr (GPtrArray) messages = NULL;
  CauXmppMessage *tombstone;
  const CauDbMessage *row;
  Side side = { 0 };
  gint64 room_id;

  g_assert_no_error (error);
  side_open (&side, dir, "retraction.db");
  room_id = cau_db_ensure_room (side.db, side.account, BALCONY, "Alice", &error);
  g_assert_no_error (error);
  page = g_ptr_array_new_with_free_func ((GDestroyNotify) cau_xmpp_message_free);

  /* The message and its removal in one batch: the removal sees it. */
  g_ptr_array_add (page, room_message ("Tybalt", "t-1", "r-1", "Insult"));
  g_ptr_array_add (page, room_message ("Romeo", "o-1", "r-2", "Calm down"));
  g_ptr_array_add (page, retraction ("r-1"));
  cau_message_archive_funcs.store_room (side.archive, BALCONY, page, NULL);
  run_deliveries (&side);
  messages = cau_db_list_messages_after (side.db, room_id, 0, 10, &error);
  g_assert_no_error (error);
  /* The announcement itself is no message. */
  g_assert_cmpuint (messages->len, ==, 2);
  row = g_ptr_array_index (messages, 0);
  g_assert_cmpstr (row->body, ==, "");
  g_assert_cmpint (row->retracted_us, !=, 0);
  g_assert_cmpstr (row->retracted_by, ==, "Alice");
  g_assert_cmpstr (row->retract_reason, ==, "Insults");
  row = g_ptr_array_index (messages, 1);
  g_assert_cmpstr (row->body, ==, "Calm down");
  g_assert_cmpint (row->retracted_us, ==, 0);
  g_assert_cmpuint (side.updated->len, ==, 1);
  g_assert_cmpint (g_array_index (side.updated, CauStoreChange, 0).message_id, ==,
                   ((const CauDbMessage *) g_ptr_array_index (messages, 0))->id);

  /* Again (a catch-up overlapping), and a removal of what we never had: nothing changes. */
  g_array_set_size (side.updated, 0);
  g_ptr_array_set_size (page, 0);
  g_ptr_array_add (page, retraction ("r-1"));
  g_ptr_array_add (page, retraction ("r-unknown"));
  cau_message_archive_funcs.store_room (side.archive, BALCONY, page, NULL);
  run_deliveries (&side);
  g_assert_cmpuint (side.updated->len, ==, 0);
  g_assert_cmpuint (cau_db_count_messages (side.db, room_id, NULL), ==, 2);

  /* The room's archive: a tombstone for Romeo's message removes it; one for a message never
   * seen here is kept as what is left of it; the room's list says so. */
  g_ptr_array_set_size (page, 0);
  tombstone = room_message ("Romeo", "o-1", "r-2", NULL);
  tombstone->source = CAU_XMPP_SOURCE_ARCHIVE;
  tombstone->retracted = TRUE;
  g_ptr_array_add (page, tombstone);
  tombstone = room_message ("Mercutio", "m-1", "r-3", NULL);
  tombstone->source = CAU_XMPP_SOURCE_ARCHIVE;
  tombstone->retracted = TRUE;
  tombstone->retract_reason = g_strdup ("Spam");
  tombstone->time_us += G_USEC_PER_SEC;
  g_ptr_array_add (page, tombstone);
  cau_message_archive_funcs.store_room (side.archive, BALCONY, page, NULL);
  run_deliveries (&side);
  g_clear_pointer (&messages, g_ptr_array_unref);
  messages = cau_db_list_messages_after (side.db, room_id, 0, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (messages->len, ==, 3);
  for (guint i = 0; i < messages->len; i++)
    {
      row = g_ptr_array_index (messages, i);
      g_assert_cmpstr (row->body, ==, "");
      g_assert_cmpint (row->retracted_us, !=, 0);
    }
  g_assert_cmpstr (row->retract_reason, ==, "Spam");
  g_assert_null (row->retracted_by);
  room = cau_db_get_conversation (side.db, room_id, &error);
  g_assert_no_error (error);
  g_assert_true (room->last_retracted);

  side_close (&side);
  cau_test_remove_tree (dir);
}

/* `message` made the correction (XEP-0308) of `replaces`. */
static CauXmppMessage *
correcting (CauXmppMessage *message,
            const char     *replaces)
{
  message->replaces = g_strdup (replaces);
  message->time_us += G_USEC_PER_SEC;
  return message;
}

static const CauDbMessage *
row_at (GPtrArray *rows,
        guint      i)
{
  return g_ptr_array_index (rows, i);
}

/* XEP-0308 in a chat: the contact corrects theirs, we correct ours (from another device, as
 * a carbon or the archive gives it); neither corrects the other's. */
static void
test_chat_corrections (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cau-test-message-archive-XXXXXX", &error);
  g_autoptr (GPtrArray) page = NULL;
  g_autoptr (GPtrArray) rows = NULL;
  const Entry entries[] = {
    { ROMEO, FALSE, 1, "c1", "Helo" },
    { ROMEO, TRUE,  2, "c2", "Hi Romo" },
    { ROMEO, FALSE, 3, "c3", "Hello" },      /* corrects c1 */
    { ROMEO, TRUE,  4, "c4", "Hi Romeo" },   /* corrects c2 */
    { ROMEO, FALSE, 5, "c5", "Hi Alice" },   /* Romeo "corrects" ours: a message of his */
  };
  Side side = { 0 };

  g_assert_no_error (error);
  side_open (&side, dir, "chat-corrections.db");
  page = g_ptr_array_new_with_free_func ((GDestroyNotify) cau_xmpp_message_free);
  for (guint i = 0; i < G_N_ELEMENTS (entries); i++)
    g_ptr_array_add (page, entry_message (&entries[i]));
  ((CauXmppMessage *) page->pdata[2])->replaces = g_strdup ("id-c1");
  ((CauXmppMessage *) page->pdata[3])->replaces = g_strdup ("id-c2");
  ((CauXmppMessage *) page->pdata[4])->replaces = g_strdup ("id-c2");
  cau_message_archive_funcs.store (side.archive, page, NULL);
  run_deliveries (&side);

  rows = cau_db_list_messages_after (side.db, conversation (&side, ROMEO), 0, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 3);
  g_assert_cmpstr (row_at (rows, 0)->body, ==, "Hello");
  g_assert_cmpint (row_at (rows, 0)->edited_us, !=, 0);
  g_assert_cmpstr (row_at (rows, 1)->body, ==, "Hi Romeo");
  g_assert_true (row_at (rows, 1)->outgoing);
  g_assert_cmpstr (row_at (rows, 2)->body, ==, "Hi Alice");
  g_assert_cmpint (row_at (rows, 2)->edited_us, ==, 0);

  side_close (&side);
  cau_test_remove_tree (dir);
}

/* XEP-0308 in a room: a correction replaces the text of its author's message, the author
 * being the same occupant id whatever the nickname (XEP-0421); someone else under the same
 * nickname corrects nothing (their text is a message of its own); a removed message stays
 * removed. */
static void
test_room_corrections (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cau-test-message-archive-XXXXXX", &error);
  g_autoptr (GPtrArray) page = NULL;
  g_autoptr (GPtrArray) rows = NULL;
  CauXmppMessage *message;
  Side side = { 0 };
  gint64 room_id;

  g_assert_no_error (error);
  side_open (&side, dir, "corrections.db");
  room_id = cau_db_ensure_room (side.db, side.account, BALCONY, "Alice", &error);
  g_assert_no_error (error);
  page = g_ptr_array_new_with_free_func ((GDestroyNotify) cau_xmpp_message_free);

  g_ptr_array_add (page, room_message ("Romeo", "o-1", "r-1", "Helo"));
  g_ptr_array_add (page, room_message ("Tybalt", "t-1", "r-2", "Insult"));
  g_ptr_array_add (page, retraction ("r-2"));
  /* Romeo, now "Roméo": the same occupant id. */
  message = correcting (room_message ("Roméo", "o-2", "r-3", "Hello"), "o-1");
  g_free (message->occupant_id);
  message->occupant_id = g_strdup ("occ-Romeo");
  g_ptr_array_add (page, message);
  /* Tybalt corrects what was removed: it stays removed. */
  g_ptr_array_add (page, correcting (room_message ("Tybalt", "t-2", "r-4", "Still"), "t-1"));
  cau_message_archive_funcs.store_room (side.archive, BALCONY, page, NULL);
  run_deliveries (&side);

  rows = cau_db_list_messages_after (side.db, room_id, 0, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 3);
  g_assert_cmpstr (row_at (rows, 0)->body, ==, "Hello");
  g_assert_cmpint (row_at (rows, 0)->edited_us, !=, 0);
  g_assert_cmpstr (row_at (rows, 1)->body, ==, "");
  g_assert_cmpint (row_at (rows, 1)->edited_us, ==, 0);
  /* The correction of a removed message is a message of its own. */
  g_assert_cmpstr (row_at (rows, 2)->body, ==, "Still");

  /* Mallory, under the name "Romeo" once Romeo is gone, with her own occupant id: her
   * "correction" changes nothing of Romeo's, and shows as what she said. The room's copy of
   * Romeo's correction, again, changes nothing more. */
  g_ptr_array_set_size (page, 0);
  message = correcting (room_message ("Romeo", "x-1", "r-5", "I take it back"), "o-1");
  g_free (message->occupant_id);
  message->occupant_id = g_strdup ("occ-Mallory");
  g_ptr_array_add (page, message);
  cau_message_archive_funcs.store_room (side.archive, BALCONY, page, NULL);
  run_deliveries (&side);
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = cau_db_list_messages_after (side.db, room_id, 0, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 4);
  g_assert_cmpstr (row_at (rows, 0)->body, ==, "Hello");
  g_assert_cmpstr (row_at (rows, 3)->body, ==, "I take it back");
  g_assert_cmpint (row_at (rows, 3)->edited_us, ==, 0);

  side_close (&side);
  cau_test_remove_tree (dir);
}

/* Pending messages of a room go out as groupchat messages, a chat's do not. */
static void
test_room_outbox (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cau-test-message-archive-XXXXXX", &error);
  g_autoptr (GPtrArray) outbox = NULL;
  const CauXmppOutgoing *to_room, *to_romeo;
  Side side = { 0 };
  gint64 room_id;

  g_assert_no_error (error);
  side_open (&side, dir, "outbox.db");
  room_id = cau_db_ensure_room (side.db, side.account, BALCONY, "Alice", &error);
  g_assert_no_error (error);
  add_pending (&side, conversation (&side, ROMEO), ALICE, "laptop", "c-1");
  add_pending (&side, room_id, BALCONY "/Alice", "Alice", "a-1");

  outbox = cau_message_archive_funcs.load_outbox (side.archive);
  g_assert_cmpuint (outbox->len, ==, 2);
  to_romeo = g_ptr_array_index (outbox, 0);
  to_room = g_ptr_array_index (outbox, 1);
  g_assert_cmpstr (to_romeo->to, ==, ROMEO);
  g_assert_false (to_romeo->groupchat);
  g_assert_cmpstr (to_room->to, ==, BALCONY);
  g_assert_cmpstr (to_room->id, ==, "a-1");
  g_assert_true (to_room->groupchat);

  side_close (&side);
  cau_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cau/message-archive/page-as-one-by-one", test_page_as_one_by_one);
  g_test_add_func ("/cau/message-archive/room", test_room);
  g_test_add_func ("/cau/message-archive/room-outbox", test_room_outbox);
  g_test_add_func ("/cau/message-archive/room-retraction", test_room_retraction);
  g_test_add_func ("/cau/message-archive/room-corrections", test_room_corrections);
  g_test_add_func ("/cau/message-archive/chat-corrections", test_chat_corrections);

  return g_test_run ();
}
