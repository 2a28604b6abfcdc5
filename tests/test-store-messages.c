/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */

#include "config.h"

#include "cau-test-util.h"

#include "store/cau-db-messages.h"

#define ALICE "alice@example.org"
#define ROMEO "romeo@example.net"
#define JULIET "juliet@example.com"

/* 2026-01-01 00:00 UTC, in microseconds. */
#define T0 G_GINT64_CONSTANT (1767225600000000)

typedef struct {
  char   *dir;
  CauDb  *db;
  gint64  alice;   /* account */
  gint64  romeo;   /* alice's conversation with romeo */
} Fixture;

static gint64
add_account (CauDb      *db,
             const char *jid)
{
  g_autoptr (GError) error = NULL;
  CauDbAccount account = { .jid = (char *) jid, .enabled = TRUE };
  gint64 id;

  id = cau_db_add_account (db, &account, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);

  return id;
}

static gint64
ensure_conversation (CauDb      *db,
                     gint64      account_id,
                     const char *peer)
{
  g_autoptr (GError) error = NULL;
  gint64 id;

  id = cau_db_ensure_conversation (db, account_id, peer, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);

  return id;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;

  fixture->dir = g_dir_make_tmp ("cau-test-store-messages-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->dir, "causerie.db", NULL);

  fixture->db = cau_db_open (path, &error);
  g_assert_no_error (error);

  fixture->alice = add_account (fixture->db, ALICE);
  fixture->romeo = ensure_conversation (fixture->db, fixture->alice, ROMEO);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_assert_finalize_object (fixture->db);
  cau_test_remove_tree (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
}

/* Inserting */

static gint64
insert (CauDb        *db,
        CauDbMessage *message,
        gboolean      expect_duplicate)
{
  g_autoptr (GError) error = NULL;
  gboolean duplicate = !expect_duplicate;

  g_assert_true (cau_db_insert_message (db, message, &duplicate, &error));
  g_assert_no_error (error);
  g_assert_cmpint (duplicate, ==, expect_duplicate);
  g_assert_cmpint (message->id, >, 0);

  return message->id;
}

static gint64
add_incoming (CauDb      *db,
              gint64      conversation_id,
              gint64      time_us,
              const char *origin_id,
              const char *stanza_id)
{
  CauDbMessage message = {
    .conversation_id = conversation_id,
    .sender = (char *) ROMEO,
    .time_us = time_us,
    .body = (char *) "Hello",
    .xmpp_id = (char *) origin_id,
    .origin_id = (char *) origin_id,
    .stanza_id = (char *) stanza_id,
    .state = CAU_DB_MESSAGE_RECEIVED,
  };

  return insert (db, &message, FALSE);
}

static gint64
add_outgoing (CauDb             *db,
              gint64             conversation_id,
              gint64             time_us,
              const char        *xmpp_id,
              CauDbMessageState  state)
{
  CauDbMessage message = {
    .conversation_id = conversation_id,
    .outgoing = TRUE,
    .sender = (char *) ALICE,
    .sender_resource = (char *) "laptop",
    .time_us = time_us,
    .body = (char *) "Hi",
    .xmpp_id = (char *) xmpp_id,
    .origin_id = (char *) xmpp_id,
    .state = state,
  };

  return insert (db, &message, FALSE);
}

static guint
count_messages (CauDb  *db,
                gint64  conversation_id)
{
  g_autoptr (GError) error = NULL;
  guint count;

  count = cau_db_count_messages (db, conversation_id, &error);
  g_assert_no_error (error);

  return count;
}

static CauDbConversation *
get_conversation (CauDb  *db,
                  gint64  id)
{
  g_autoptr (GError) error = NULL;
  CauDbConversation *conversation;

  conversation = cau_db_get_conversation (db, id, &error);
  g_assert_no_error (error);

  return conversation;
}

static CauDbMessage *
get_message (CauDb  *db,
             gint64  id)
{
  g_autoptr (GError) error = NULL;
  CauDbMessage *message;

  message = cau_db_get_message (db, id, &error);
  g_assert_no_error (error);

  return message;
}

static void
test_insert_and_get (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CauDbMessage) got = NULL;
  g_autoptr (CauDbMessage) copy = NULL;
  CauDbMessage message = {
    .conversation_id = fixture->romeo,
    .sender = (char *) ROMEO,
    .sender_resource = (char *) "phone",
    .time_us = T0,
    .body = (char *) "Two\nlines",
    .xmpp_id = (char *) "x1",
    .origin_id = (char *) "o1",
    .stanza_id = (char *) "s1",
    .state = CAU_DB_MESSAGE_RECEIVED,
  };

  insert (fixture->db, &message, FALSE);
  got = get_message (fixture->db, message.id);
  g_assert_cmpint (got->conversation_id, ==, fixture->romeo);
  g_assert_false (got->outgoing);
  g_assert_cmpstr (got->sender, ==, ROMEO);
  g_assert_cmpstr (got->sender_resource, ==, "phone");
  g_assert_cmpint (got->time_us, ==, T0);
  g_assert_cmpstr (got->body, ==, "Two\nlines");
  g_assert_cmpstr (got->xmpp_id, ==, "x1");
  g_assert_cmpstr (got->origin_id, ==, "o1");
  g_assert_cmpstr (got->stanza_id, ==, "s1");
  g_assert_cmpint (got->state, ==, CAU_DB_MESSAGE_RECEIVED);
  g_assert_null (got->error_text);

  copy = cau_db_message_copy (got);
  g_assert_true (copy->body != got->body);
  g_assert_cmpstr (copy->body, ==, got->body);
  g_assert_cmpint (copy->id, ==, got->id);

  g_assert_null (cau_db_get_message (fixture->db, message.id + 1, &error));
  g_assert_error (error, CAU_DB_ERROR, CAU_DB_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* A message for a conversation that does not exist. */
  message.conversation_id = fixture->romeo + 100;
  message.stanza_id = (char *) "s2";
  g_assert_false (cau_db_insert_message (fixture->db, &message, NULL, &error));
  g_assert_error (error, CAU_DB_ERROR, CAU_DB_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_cmpuint (count_messages (fixture->db, fixture->romeo), ==, 1);
}

static void
test_dedupe_stanza_id (Fixture       *fixture,
                       gconstpointer  data)
{
  gint64 first, juliet;
  CauDbMessage copy = {
    .sender = (char *) ROMEO,
    .time_us = T0 + 5,
    .body = (char *) "Hello (from the archive)",
    .stanza_id = (char *) "s1",
    .state = CAU_DB_MESSAGE_RECEIVED,
  };

  first = add_incoming (fixture->db, fixture->romeo, T0, "o1", "s1");

  /* Same archive id: a duplicate, whatever else differs. */
  copy.conversation_id = fixture->romeo;
  g_assert_cmpint (insert (fixture->db, &copy, TRUE), ==, first);
  g_assert_cmpuint (count_messages (fixture->db, fixture->romeo), ==, 1);

  /* The same archive id in another conversation is another message. */
  juliet = ensure_conversation (fixture->db, fixture->alice, JULIET);
  copy.conversation_id = juliet;
  copy.id = 0;
  g_assert_cmpint (insert (fixture->db, &copy, FALSE), !=, first);
}

static void
test_dedupe_origin_id (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr (CauDbMessage) got = NULL;
  gint64 first;
  CauDbMessage carbon = {
    .conversation_id = fixture->romeo,
    .sender = (char *) ROMEO,
    .time_us = T0,
    .body = (char *) "Hello",
    .origin_id = (char *) "o1",
    .state = CAU_DB_MESSAGE_RECEIVED,
  };
  CauDbMessage mam_copy = carbon;
  CauDbMessage impostor = carbon;

  first = insert (fixture->db, &carbon, FALSE);

  /* The archive's copy of a message stored live: the same sender and origin-id. It is a
   * duplicate and gives the stored message its archive id. */
  mam_copy.stanza_id = (char *) "s1";
  mam_copy.time_us = T0 + 1;
  g_assert_cmpint (insert (fixture->db, &mam_copy, TRUE), ==, first);
  got = get_message (fixture->db, first);
  g_assert_cmpstr (got->stanza_id, ==, "s1");
  g_assert_cmpint (got->time_us, ==, T0);
  g_clear_pointer (&got, cau_db_message_free);

  /* A later copy with another archive id does not overwrite the first. */
  mam_copy.id = 0;
  mam_copy.stanza_id = (char *) "s2";
  g_assert_cmpint (insert (fixture->db, &mam_copy, TRUE), ==, first);
  got = get_message (fixture->db, first);
  g_assert_cmpstr (got->stanza_id, ==, "s1");

  /* Another sender may use the same id: that is not a duplicate. */
  impostor.sender = (char *) JULIET;
  g_assert_cmpint (insert (fixture->db, &impostor, FALSE), !=, first);
  g_assert_cmpuint (count_messages (fixture->db, fixture->romeo), ==, 2);
}

static void
test_never_dedupe_body (Fixture       *fixture,
                        gconstpointer  data)
{
  CauDbMessage message = {
    .conversation_id = fixture->romeo,
    .sender = (char *) ROMEO,
    .time_us = T0,
    .body = (char *) "ok",
    .state = CAU_DB_MESSAGE_RECEIVED,
  };
  gint64 a, b, c;

  /* The same text at the same time, with different ids or none at all. */
  message.origin_id = (char *) "o1";
  a = insert (fixture->db, &message, FALSE);
  message.origin_id = (char *) "o2";
  b = insert (fixture->db, &message, FALSE);
  message.origin_id = NULL;
  c = insert (fixture->db, &message, FALSE);
  message.id = 0;
  insert (fixture->db, &message, FALSE);

  g_assert_cmpint (a, !=, b);
  g_assert_cmpint (b, !=, c);
  g_assert_cmpuint (count_messages (fixture->db, fixture->romeo), ==, 4);
}

/* Conversations */

static void
test_unread (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CauDbConversation) conversation = NULL;
  gint64 m1, m2, m4, other;

  m1 = add_incoming (fixture->db, fixture->romeo, T0 + 10, "o1", "s1");
  m2 = add_incoming (fixture->db, fixture->romeo, T0 + 20, "o2", "s2");
  add_outgoing (fixture->db, fixture->romeo, T0 + 30, "a1", CAU_DB_MESSAGE_SENT);
  add_incoming (fixture->db, fixture->romeo, T0 + 40, "o3", "s3");

  conversation = get_conversation (fixture->db, fixture->romeo);
  g_assert_cmpuint (conversation->unread, ==, 3);
  g_assert_cmpint (conversation->read_up_to, ==, 0);
  g_clear_pointer (&conversation, cau_db_conversation_free);

  g_assert_true (cau_db_mark_read (fixture->db, fixture->romeo, m2, &error));
  g_assert_no_error (error);
  conversation = get_conversation (fixture->db, fixture->romeo);
  g_assert_cmpint (conversation->read_up_to, ==, m2);
  g_assert_cmpuint (conversation->unread, ==, 1);
  g_clear_pointer (&conversation, cau_db_conversation_free);

  /* Never backwards. */
  g_assert_true (cau_db_mark_read (fixture->db, fixture->romeo, m1, &error));
  g_assert_no_error (error);
  conversation = get_conversation (fixture->db, fixture->romeo);
  g_assert_cmpint (conversation->read_up_to, ==, m2);
  g_assert_cmpuint (conversation->unread, ==, 1);
  g_clear_pointer (&conversation, cau_db_conversation_free);

  /* History fetched from before the read position is not unread; a new message is. */
  add_incoming (fixture->db, fixture->romeo, T0 + 5, "o0", "s0");
  m4 = add_incoming (fixture->db, fixture->romeo, T0 + 50, "o4", "s4");
  conversation = get_conversation (fixture->db, fixture->romeo);
  g_assert_cmpuint (conversation->unread, ==, 2);
  g_clear_pointer (&conversation, cau_db_conversation_free);

  g_assert_true (cau_db_mark_read (fixture->db, fixture->romeo, m4, &error));
  g_assert_no_error (error);
  conversation = get_conversation (fixture->db, fixture->romeo);
  g_assert_cmpint (conversation->read_up_to, ==, m4);
  g_assert_cmpuint (conversation->unread, ==, 0);
  g_clear_pointer (&conversation, cau_db_conversation_free);

  /* A message of another conversation, or none at all. */
  other = ensure_conversation (fixture->db, fixture->alice, JULIET);
  g_assert_false (cau_db_mark_read (fixture->db, other, m4, &error));
  g_assert_error (error, CAU_DB_ERROR, CAU_DB_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (cau_db_mark_read (fixture->db, other + 100, m4, &error));
  g_assert_error (error, CAU_DB_ERROR, CAU_DB_ERROR_NOT_FOUND);
  g_clear_error (&error);
}

static void
test_conversation_fields (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CauDbConversation) conversation = NULL;
  gint64 newest, older;

  /* Idempotent. */
  g_assert_cmpint (ensure_conversation (fixture->db, fixture->alice, ROMEO), ==, fixture->romeo);
  g_assert_cmpint (cau_db_ensure_conversation (fixture->db, fixture->alice + 100, ROMEO, &error),
                   ==, 0);
  g_assert_error (error, CAU_DB_ERROR, CAU_DB_ERROR_NOT_FOUND);
  g_clear_error (&error);

  conversation = get_conversation (fixture->db, fixture->romeo);
  g_assert_cmpint (conversation->account_id, ==, fixture->alice);
  g_assert_cmpstr (conversation->peer, ==, ROMEO);
  g_assert_cmpint (conversation->last_activity_us, >, 0);
  g_assert_cmpint (conversation->last_message_id, ==, 0);
  g_assert_null (conversation->last_body);
  g_assert_null (conversation->draft);
  g_assert_false (conversation->history_complete);
  g_clear_pointer (&conversation, cau_db_conversation_free);

  g_assert_true (cau_db_set_conversation_draft (fixture->db, fixture->romeo, "Soon", &error));
  g_assert_no_error (error);
  g_assert_true (cau_db_set_history_complete (fixture->db, fixture->romeo, &error));
  g_assert_no_error (error);

  /* The newest message by time, not by insertion. */
  newest = add_outgoing (fixture->db, fixture->romeo, T0 + G_USEC_PER_SEC * 1000000000LL, "a1",
                         CAU_DB_MESSAGE_PENDING);
  older = add_incoming (fixture->db, fixture->romeo, T0, "o1", "s1");

  conversation = get_conversation (fixture->db, fixture->romeo);
  g_assert_cmpint (conversation->last_message_id, ==, newest);
  g_assert_cmpint (conversation->last_activity_us, ==, T0 + G_USEC_PER_SEC * 1000000000LL);
  g_assert_cmpstr (conversation->last_body, ==, "Hi");
  g_assert_true (conversation->last_outgoing);
  g_assert_cmpstr (conversation->draft, ==, "Soon");
  g_assert_true (conversation->history_complete);
  g_assert_cmpuint (conversation->unread, ==, 1);
  g_clear_pointer (&conversation, cau_db_conversation_free);
  g_assert_cmpint (older, !=, newest);

  g_assert_true (cau_db_set_conversation_draft (fixture->db, fixture->romeo, NULL, &error));
  g_assert_no_error (error);
  conversation = get_conversation (fixture->db, fixture->romeo);
  g_assert_null (conversation->draft);

  g_assert_false (cau_db_set_conversation_pinned (fixture->db, fixture->romeo + 100, TRUE,
                                                  &error));
  g_assert_error (error, CAU_DB_ERROR, CAU_DB_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (cau_db_get_conversation (fixture->db, fixture->romeo + 100, &error));
  g_assert_error (error, CAU_DB_ERROR, CAU_DB_ERROR_NOT_FOUND);
  g_clear_error (&error);
}

static GPtrArray *
list_conversations (CauDb  *db,
                    gint64  account_id)
{
  g_autoptr (GError) error = NULL;
  GPtrArray *list;

  list = cau_db_list_conversations (db, account_id, &error);
  g_assert_no_error (error);

  return list;
}

static void
assert_conversation_order (GPtrArray     *list,
                           const gint64  *expected,
                           guint          n_expected)
{
  guint i;

  g_assert_cmpuint (list->len, ==, n_expected);
  for (i = 0; i < n_expected; i++)
    g_assert_cmpint (((CauDbConversation *) g_ptr_array_index (list, i))->id, ==, expected[i]);
}

static void
test_conversation_list (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) list = NULL;
  gint64 bob, juliet, mercutio, bobs_romeo;

  juliet = ensure_conversation (fixture->db, fixture->alice, JULIET);
  mercutio = ensure_conversation (fixture->db, fixture->alice, "mercutio@example.net");
  bob = add_account (fixture->db, "bob@example.net");
  bobs_romeo = ensure_conversation (fixture->db, bob, ROMEO);

  /* Times far in the future, so that they are newer than the conversations' creation. */
  add_incoming (fixture->db, fixture->romeo, T0 * 2 + 10, "o1", "s1");
  add_incoming (fixture->db, juliet, T0 * 2 + 30, "o2", "s2");
  add_incoming (fixture->db, mercutio, T0 * 2 + 20, "o3", "s3");
  add_incoming (fixture->db, bobs_romeo, T0 * 2 + 40, "o4", "s4");

  list = list_conversations (fixture->db, 0);
  assert_conversation_order (list, (gint64 []) { bobs_romeo, juliet, mercutio, fixture->romeo },
                             4);
  g_clear_pointer (&list, g_ptr_array_unref);

  /* Pinned first; archived hidden; per account. */
  g_assert_true (cau_db_set_conversation_pinned (fixture->db, fixture->romeo, TRUE, &error));
  g_assert_no_error (error);
  g_assert_true (cau_db_set_conversation_archived (fixture->db, juliet, TRUE, &error));
  g_assert_no_error (error);

  list = list_conversations (fixture->db, fixture->alice);
  assert_conversation_order (list, (gint64 []) { fixture->romeo, mercutio }, 2);
  g_assert_cmpstr (((CauDbConversation *) g_ptr_array_index (list, 0))->last_body, ==, "Hello");
  g_clear_pointer (&list, g_ptr_array_unref);

  /* Older history fetched into an archived conversation leaves it archived… */
  add_incoming (fixture->db, juliet, T0, "o5", "s5");
  list = list_conversations (fixture->db, fixture->alice);
  assert_conversation_order (list, (gint64 []) { fixture->romeo, mercutio }, 2);
  g_clear_pointer (&list, g_ptr_array_unref);

  /* …a new message brings it back. */
  add_incoming (fixture->db, juliet, T0 * 2 + 50, "o6", "s6");
  list = list_conversations (fixture->db, 0);
  assert_conversation_order (list, (gint64 []) { fixture->romeo, juliet, bobs_romeo, mercutio },
                             4);
}

/* Paging */

static void
assert_page (GPtrArray    *page,
             const gint64 *expected,
             guint         n_expected)
{
  guint i;

  g_assert_nonnull (page);
  g_assert_cmpuint (page->len, ==, n_expected);
  for (i = 0; i < n_expected; i++)
    g_assert_cmpint (((CauDbMessage *) g_ptr_array_index (page, i))->id, ==, expected[i]);
}

static GPtrArray *
page_before (CauDb  *db,
             gint64  conversation_id,
             gint64  before,
             guint   limit)
{
  g_autoptr (GError) error = NULL;
  GPtrArray *page;

  page = cau_db_list_messages_before (db, conversation_id, before, limit, &error);
  g_assert_no_error (error);

  return page;
}

static GPtrArray *
page_after (CauDb  *db,
            gint64  conversation_id,
            gint64  after,
            guint   limit)
{
  g_autoptr (GError) error = NULL;
  GPtrArray *page;

  page = cau_db_list_messages_after (db, conversation_id, after, limit, &error);
  g_assert_no_error (error);

  return page;
}

static void
test_paging (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) page = NULL;
  gint64 m[6];
  gint64 other;

  /* Inserted out of order; m[1], m[2], m[3] share a timestamp and are ordered by id. */
  m[4] = add_incoming (fixture->db, fixture->romeo, T0 + 30, "o4", NULL);
  m[1] = add_incoming (fixture->db, fixture->romeo, T0 + 20, "o1", NULL);
  m[2] = add_incoming (fixture->db, fixture->romeo, T0 + 20, "o2", NULL);
  m[0] = add_incoming (fixture->db, fixture->romeo, T0 + 10, "o0", NULL);
  m[3] = add_outgoing (fixture->db, fixture->romeo, T0 + 20, "a3", CAU_DB_MESSAGE_SENT);
  m[5] = add_incoming (fixture->db, fixture->romeo, T0 + 40, "o5", NULL);
  other = ensure_conversation (fixture->db, fixture->alice, JULIET);
  add_incoming (fixture->db, other, T0 + 25, "j1", NULL);

  page = page_before (fixture->db, fixture->romeo, 0, 3);
  assert_page (page, (gint64 []) { m[3], m[4], m[5] }, 3);
  g_clear_pointer (&page, g_ptr_array_unref);

  page = page_before (fixture->db, fixture->romeo, m[3], 2);
  assert_page (page, (gint64 []) { m[1], m[2] }, 2);
  g_clear_pointer (&page, g_ptr_array_unref);

  page = page_before (fixture->db, fixture->romeo, m[1], 10);
  assert_page (page, (gint64 []) { m[0] }, 1);
  g_clear_pointer (&page, g_ptr_array_unref);

  page = page_before (fixture->db, fixture->romeo, m[0], 10);
  assert_page (page, NULL, 0);
  g_clear_pointer (&page, g_ptr_array_unref);

  page = page_after (fixture->db, fixture->romeo, 0, 2);
  assert_page (page, (gint64 []) { m[0], m[1] }, 2);
  g_clear_pointer (&page, g_ptr_array_unref);

  page = page_after (fixture->db, fixture->romeo, m[1], 3);
  assert_page (page, (gint64 []) { m[2], m[3], m[4] }, 3);
  g_clear_pointer (&page, g_ptr_array_unref);

  page = page_after (fixture->db, fixture->romeo, m[5], 3);
  assert_page (page, NULL, 0);
  g_clear_pointer (&page, g_ptr_array_unref);

  /* An anchor from another conversation is refused. */
  g_assert_null (cau_db_list_messages_before (fixture->db, other, m[3], 10, &error));
  g_assert_error (error, CAU_DB_ERROR, CAU_DB_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (cau_db_list_messages_after (fixture->db, other, m[3], 10, &error));
  g_assert_error (error, CAU_DB_ERROR, CAU_DB_ERROR_NOT_FOUND);
  g_clear_error (&error);
}

static void
test_lookups (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *oldest = NULL;
  gint64 m1, m2;

  oldest = cau_db_get_oldest_stanza_id (fixture->db, fixture->romeo, &error);
  g_assert_no_error (error);
  g_assert_null (oldest);

  add_incoming (fixture->db, fixture->romeo, T0, "o0", NULL);
  m1 = add_incoming (fixture->db, fixture->romeo, T0 + 10, "o1", "s1");
  add_incoming (fixture->db, fixture->romeo, T0 + 20, "o2", "s2");
  add_outgoing (fixture->db, fixture->romeo, T0 + 30, "dup", CAU_DB_MESSAGE_SENT);

  oldest = cau_db_get_oldest_stanza_id (fixture->db, fixture->romeo, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (oldest, ==, "s1");

  /* By the id attribute or the origin-id, incoming only, the newest when several match. */
  {
    CauDbMessage message = {
      .conversation_id = fixture->romeo,
      .sender = (char *) ROMEO,
      .time_us = T0 + 40,
      .body = (char *) "x",
      .xmpp_id = (char *) "attr",
      .origin_id = (char *) "dup",
      .state = CAU_DB_MESSAGE_RECEIVED,
    };

    m2 = insert (fixture->db, &message, FALSE);
  }
  g_assert_cmpint (cau_db_find_message (fixture->db, fixture->romeo, "o1", &error), ==, m1);
  g_assert_cmpint (cau_db_find_message (fixture->db, fixture->romeo, "attr", &error), ==, m2);
  g_assert_cmpint (cau_db_find_message (fixture->db, fixture->romeo, "dup", &error), ==, m2);
  g_assert_cmpint (cau_db_find_message (fixture->db, fixture->romeo, "nope", &error), ==, 0);
  g_assert_no_error (error);
}

/* States and the outbox */

static gint64
advance (CauDb             *db,
         gint64             conversation_id,
         const char        *xmpp_id,
         CauDbMessageState  state)
{
  g_autoptr (GError) error = NULL;
  gint64 changed = -1;

  g_assert_true (cau_db_advance_message_state (db, conversation_id, xmpp_id, state, &changed,
                                               &error));
  g_assert_no_error (error);

  return changed;
}

static CauDbMessageState
state_of (CauDb  *db,
          gint64  id)
{
  g_autoptr (CauDbMessage) message = get_message (db, id);

  return message->state;
}

static void
test_states (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CauDbMessage) failed = NULL;
  CauDb *db = fixture->db;
  gint64 conv = fixture->romeo;
  gint64 a, b, c, d, changed = -1;

  a = add_outgoing (db, conv, T0, "a", CAU_DB_MESSAGE_PENDING);
  b = add_outgoing (db, conv, T0 + 1, "b", CAU_DB_MESSAGE_PENDING);
  c = add_outgoing (db, conv, T0 + 2, "c", CAU_DB_MESSAGE_PENDING);
  add_incoming (db, conv, T0 + 3, "theirs", NULL);

  /* Forward, skipping steps is fine; never back. */
  g_assert_cmpint (advance (db, conv, "a", CAU_DB_MESSAGE_SENT), ==, a);
  g_assert_cmpint (advance (db, conv, "a", CAU_DB_MESSAGE_READ), ==, a);
  g_assert_cmpint (advance (db, conv, "a", CAU_DB_MESSAGE_DELIVERED), ==, 0);
  g_assert_cmpint (advance (db, conv, "a", CAU_DB_MESSAGE_READ), ==, 0);
  g_assert_cmpint (state_of (db, a), ==, CAU_DB_MESSAGE_READ);

  /* FAILED only from pending or sent. */
  g_assert_cmpint (advance (db, conv, "a", CAU_DB_MESSAGE_FAILED), ==, 0);
  g_assert_cmpint (advance (db, conv, "b", CAU_DB_MESSAGE_SENT), ==, b);
  g_assert_cmpint (advance (db, conv, "b", CAU_DB_MESSAGE_FAILED), ==, b);
  g_assert_cmpint (advance (db, conv, "c", CAU_DB_MESSAGE_FAILED), ==, c);
  g_assert_cmpint (state_of (db, c), ==, CAU_DB_MESSAGE_FAILED);

  /* …and nothing moves a failed message but an explicit set. */
  g_assert_cmpint (advance (db, conv, "b", CAU_DB_MESSAGE_DELIVERED), ==, 0);
  g_assert_cmpint (state_of (db, b), ==, CAU_DB_MESSAGE_FAILED);

  /* Unknown ids, and incoming messages, are left alone. */
  g_assert_cmpint (advance (db, conv, "nope", CAU_DB_MESSAGE_SENT), ==, 0);
  g_assert_cmpint (advance (db, conv, "theirs", CAU_DB_MESSAGE_READ), ==, 0);

  g_assert_true (cau_db_set_message_state (db, c, CAU_DB_MESSAGE_FAILED, "policy-violation",
                                           &error));
  g_assert_no_error (error);
  failed = get_message (db, c);
  g_assert_cmpstr (failed->error_text, ==, "policy-violation");
  g_clear_pointer (&failed, cau_db_message_free);

  /* An error stanza quoting our id: believed before a receipt, with its text, not after. */
  d = add_outgoing (db, conv, T0 + 4, "d", CAU_DB_MESSAGE_SENT);
  g_assert_true (cau_db_fail_message (db, conv, "d", "item-not-found", &changed, &error));
  g_assert_no_error (error);
  g_assert_cmpint (changed, ==, d);
  failed = get_message (db, d);
  g_assert_cmpint (failed->state, ==, CAU_DB_MESSAGE_FAILED);
  g_assert_cmpstr (failed->error_text, ==, "item-not-found");
  g_assert_true (cau_db_fail_message (db, conv, "a", "item-not-found", &changed, &error));
  g_assert_no_error (error);
  g_assert_cmpint (changed, ==, 0);
  g_assert_cmpint (state_of (db, a), ==, CAU_DB_MESSAGE_READ);

  /* Retried: back to pending, the error cleared. */
  g_assert_true (cau_db_set_message_state (db, c, CAU_DB_MESSAGE_PENDING, NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&failed, cau_db_message_free);
  failed = get_message (db, c);
  g_assert_cmpint (failed->state, ==, CAU_DB_MESSAGE_PENDING);
  g_assert_null (failed->error_text);

  g_assert_false (cau_db_set_message_state (db, c + 100, CAU_DB_MESSAGE_SENT, NULL, &error));
  g_assert_error (error, CAU_DB_ERROR, CAU_DB_ERROR_NOT_FOUND);
}

static void
test_outbox (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) outbox = NULL;
  gint64 juliet, bob, bobs, first, second, third, fourth;

  juliet = ensure_conversation (fixture->db, fixture->alice, JULIET);
  bob = add_account (fixture->db, "bob@example.net");
  bobs = ensure_conversation (fixture->db, bob, ROMEO);

  third = add_outgoing (fixture->db, fixture->romeo, T0 + 20, "c", CAU_DB_MESSAGE_PENDING);
  first = add_outgoing (fixture->db, juliet, T0, "a", CAU_DB_MESSAGE_PENDING);
  second = add_outgoing (fixture->db, fixture->romeo, T0 + 10, "b", CAU_DB_MESSAGE_PENDING);
  fourth = add_outgoing (fixture->db, juliet, T0 + 20, "d", CAU_DB_MESSAGE_PENDING);
  add_outgoing (fixture->db, juliet, T0 + 5, "sent", CAU_DB_MESSAGE_SENT);
  add_outgoing (fixture->db, bobs, T0 + 1, "bobs", CAU_DB_MESSAGE_PENDING);
  add_incoming (fixture->db, fixture->romeo, T0 + 2, "theirs", NULL);

  outbox = cau_db_list_outbox (fixture->db, fixture->alice, &error);
  g_assert_no_error (error);
  assert_page (outbox, (gint64 []) { first, second, third, fourth }, 4);
  g_clear_pointer (&outbox, g_ptr_array_unref);

  /* Acknowledged messages leave it. */
  g_assert_cmpint (advance (fixture->db, fixture->romeo, "b", CAU_DB_MESSAGE_SENT), ==, second);
  outbox = cau_db_list_outbox (fixture->db, fixture->alice, &error);
  g_assert_no_error (error);
  assert_page (outbox, (gint64 []) { first, third, fourth }, 3);
}

/* MAM and the roster */

static void
test_mam_cursor (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  char *cursor;

  cursor = cau_db_get_mam_cursor (fixture->db, fixture->alice, ALICE, &error);
  g_assert_no_error (error);
  g_assert_null (cursor);

  g_assert_true (cau_db_set_mam_cursor (fixture->db, fixture->alice, ALICE, "s1", &error));
  g_assert_no_error (error);
  g_assert_true (cau_db_set_mam_cursor (fixture->db, fixture->alice, "room@muc.example.org",
                                        "r9", &error));
  g_assert_no_error (error);
  g_assert_true (cau_db_set_mam_cursor (fixture->db, fixture->alice, ALICE, "s2", &error));
  g_assert_no_error (error);

  cursor = cau_db_get_mam_cursor (fixture->db, fixture->alice, ALICE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cursor, ==, "s2");
  g_free (cursor);
  cursor = cau_db_get_mam_cursor (fixture->db, fixture->alice, "room@muc.example.org", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cursor, ==, "r9");
  g_free (cursor);

  g_assert_true (cau_db_set_mam_cursor (fixture->db, fixture->alice, ALICE, NULL, &error));
  g_assert_no_error (error);
  cursor = cau_db_get_mam_cursor (fixture->db, fixture->alice, ALICE, &error);
  g_assert_no_error (error);
  g_assert_null (cursor);

  g_assert_false (cau_db_set_mam_cursor (fixture->db, fixture->alice + 100, ALICE, "s1",
                                         &error));
  g_assert_error (error, CAU_DB_ERROR, CAU_DB_ERROR_NOT_FOUND);
}

static GPtrArray *
list_contacts (CauDb  *db,
               gint64  account_id)
{
  g_autoptr (GError) error = NULL;
  GPtrArray *contacts;

  contacts = cau_db_list_contacts (db, account_id, &error);
  g_assert_no_error (error);

  return contacts;
}

static void
put_contact (CauDb              *db,
             const CauDbContact *contact)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (cau_db_put_contact (db, contact, &error));
  g_assert_no_error (error);
}

static void
test_roster (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) contacts = NULL;
  g_autoptr (CauDbContact) copy = NULL;
  g_autofree char *version = NULL;
  const char * const odd_groups[] = { "Friends", "Line\nbreak", ",;\"'", "", "Friends", NULL };
  CauDbContact romeo = {
    .account_id = fixture->alice, .jid = (char *) ROMEO, .name = (char *) "Romeo",
    .subscription = (char *) "both", .groups = (char **) odd_groups,
  };
  CauDbContact juliet = {
    .account_id = fixture->alice, .jid = (char *) JULIET, .ask = TRUE,
  };
  const CauDbContact *got;

  put_contact (fixture->db, &romeo);
  put_contact (fixture->db, &juliet);

  contacts = list_contacts (fixture->db, fixture->alice);
  g_assert_cmpuint (contacts->len, ==, 2);
  got = g_ptr_array_index (contacts, 0);
  g_assert_cmpstr (got->jid, ==, JULIET);
  g_assert_null (got->name);
  g_assert_cmpstr (got->subscription, ==, "none");
  g_assert_true (got->ask);
  g_assert_cmpstrv (got->groups, ((const char * const []) { NULL }));
  got = g_ptr_array_index (contacts, 1);
  g_assert_cmpint (got->account_id, ==, fixture->alice);
  g_assert_cmpstr (got->name, ==, "Romeo");
  g_assert_cmpstr (got->subscription, ==, "both");
  g_assert_false (got->ask);
  /* Any name survives; a group named twice is one group. */
  g_assert_cmpstrv (got->groups,
                    ((const char * const []) { "Friends", "Line\nbreak", ",;\"'", "", NULL }));
  copy = cau_db_contact_copy (got);
  g_assert_cmpstrv (copy->groups, got->groups);
  g_clear_pointer (&contacts, g_ptr_array_unref);

  /* Replacing replaces the groups too. */
  romeo.groups = (char *[]) { (char *) "Verona", NULL };
  romeo.name = NULL;
  put_contact (fixture->db, &romeo);
  contacts = list_contacts (fixture->db, fixture->alice);
  got = g_ptr_array_index (contacts, 1);
  g_assert_null (got->name);
  g_assert_cmpstrv (got->groups, ((const char * const []) { "Verona", NULL }));
  g_clear_pointer (&contacts, g_ptr_array_unref);

  romeo.subscription = (char *) "remove";
  g_assert_false (cau_db_put_contact (fixture->db, &romeo, &error));
  g_assert_error (error, CAU_DB_ERROR, CAU_DB_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_true (cau_db_remove_contact (fixture->db, fixture->alice, ROMEO, &error));
  g_assert_no_error (error);
  g_assert_true (cau_db_remove_contact (fixture->db, fixture->alice, ROMEO, &error));
  g_assert_no_error (error);
  contacts = list_contacts (fixture->db, fixture->alice);
  g_assert_cmpuint (contacts->len, ==, 1);
  g_clear_pointer (&contacts, g_ptr_array_unref);

  /* The version. */
  version = cau_db_get_roster_version (fixture->db, fixture->alice, &error);
  g_assert_no_error (error);
  g_assert_null (version);
  g_assert_true (cau_db_set_roster_version (fixture->db, fixture->alice, "v1", &error));
  g_assert_no_error (error);
  g_assert_true (cau_db_set_roster_version (fixture->db, fixture->alice, "v2", &error));
  g_assert_no_error (error);
  version = cau_db_get_roster_version (fixture->db, fixture->alice, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (version, ==, "v2");
  g_clear_pointer (&version, g_free);

  g_assert_true (cau_db_clear_contacts (fixture->db, fixture->alice, &error));
  g_assert_no_error (error);
  contacts = list_contacts (fixture->db, fixture->alice);
  g_assert_cmpuint (contacts->len, ==, 0);

  g_assert_true (cau_db_set_roster_version (fixture->db, fixture->alice, NULL, &error));
  g_assert_no_error (error);
  version = cau_db_get_roster_version (fixture->db, fixture->alice, &error);
  g_assert_no_error (error);
  g_assert_null (version);

  juliet.account_id = fixture->alice + 100;
  g_assert_false (cau_db_put_contact (fixture->db, &juliet, &error));
  g_assert_error (error, CAU_DB_ERROR, CAU_DB_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (cau_db_set_roster_version (fixture->db, fixture->alice + 100, "v", &error));
  g_assert_error (error, CAU_DB_ERROR, CAU_DB_ERROR_NOT_FOUND);
}

/* Removing an account */

static void
fill_account (Fixture *fixture)
{
  g_autoptr (GError) error = NULL;
  CauDbContact romeo = {
    .account_id = fixture->alice, .jid = (char *) ROMEO,
    .groups = (char *[]) { (char *) "Friends", NULL },
  };

  add_incoming (fixture->db, fixture->romeo, T0, "o1", "s1");
  add_outgoing (fixture->db, fixture->romeo, T0 + 1, "a1", CAU_DB_MESSAGE_PENDING);
  put_contact (fixture->db, &romeo);
  g_assert_true (cau_db_set_mam_cursor (fixture->db, fixture->alice, ALICE, "s1", &error));
  g_assert_no_error (error);
  g_assert_true (cau_db_set_roster_version (fixture->db, fixture->alice, "v1", &error));
  g_assert_no_error (error);
}

static void
assert_account_state_gone (CauDb  *db,
                           gint64  account_id)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) contacts = NULL;
  g_autoptr (GPtrArray) outbox = NULL;
  g_autofree char *cursor = NULL;
  g_autofree char *version = NULL;

  contacts = list_contacts (db, account_id);
  g_assert_cmpuint (contacts->len, ==, 0);
  cursor = cau_db_get_mam_cursor (db, account_id, ALICE, &error);
  g_assert_no_error (error);
  g_assert_null (cursor);
  version = cau_db_get_roster_version (db, account_id, &error);
  g_assert_no_error (error);
  g_assert_null (version);
  outbox = cau_db_list_outbox (db, account_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (outbox->len, ==, 0);
}

static void
test_remove_account_delete_history (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) list = NULL;

  fill_account (fixture);

  g_assert_true (cau_db_remove_account (fixture->db, fixture->alice, TRUE, &error));
  g_assert_no_error (error);

  g_assert_null (cau_db_get_conversation (fixture->db, fixture->romeo, &error));
  g_assert_error (error, CAU_DB_ERROR, CAU_DB_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpuint (count_messages (fixture->db, fixture->romeo), ==, 0);
  assert_account_state_gone (fixture->db, fixture->alice);

  /* Added again, it starts empty. */
  fixture->alice = add_account (fixture->db, ALICE);
  list = list_conversations (fixture->db, 0);
  g_assert_cmpuint (list->len, ==, 0);
}

static void
test_remove_account_keep_history (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) list = NULL;
  g_autoptr (CauDbConversation) kept = NULL;
  g_autoptr (CauDbAccount) account = NULL;
  gint64 old_id = fixture->alice;

  fill_account (fixture);

  /* Renamed before removal: the JID at removal is the one remembered. */
  account = cau_db_get_account (fixture->db, old_id, &error);
  g_assert_no_error (error);
  g_free (account->jid);
  account->jid = g_strdup ("alice@example.com");
  g_assert_true (cau_db_update_account (fixture->db, account, &error));
  g_assert_no_error (error);

  g_assert_true (cau_db_remove_account (fixture->db, old_id, FALSE, &error));
  g_assert_no_error (error);

  /* The history is there but belongs to no account, so it is not listed. */
  kept = get_conversation (fixture->db, fixture->romeo);
  g_assert_cmpint (kept->account_id, ==, 0);
  g_assert_cmpuint (count_messages (fixture->db, fixture->romeo), ==, 2);
  list = list_conversations (fixture->db, 0);
  g_assert_cmpuint (list->len, ==, 0);
  g_clear_pointer (&list, g_ptr_array_unref);
  g_clear_pointer (&kept, cau_db_conversation_free);
  assert_account_state_gone (fixture->db, old_id);

  /* Another JID does not get it; the same JID does. */
  add_account (fixture->db, ALICE);
  kept = get_conversation (fixture->db, fixture->romeo);
  g_assert_cmpint (kept->account_id, ==, 0);
  g_clear_pointer (&kept, cau_db_conversation_free);

  fixture->alice = add_account (fixture->db, "alice@example.com");
  kept = get_conversation (fixture->db, fixture->romeo);
  g_assert_cmpint (kept->account_id, ==, fixture->alice);
  g_assert_cmpint (ensure_conversation (fixture->db, fixture->alice, ROMEO), ==, fixture->romeo);
  list = list_conversations (fixture->db, fixture->alice);
  g_assert_cmpuint (list->len, ==, 1);
}

/* Volume */

#define N_BULK 100000

static void
test_bulk (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) page = NULL;
  g_autoptr (CauDbConversation) conversation = NULL;
  gint64 last_id = 0;
  guint i;

  g_assert_true (cau_db_begin (fixture->db, &error));
  g_assert_no_error (error);

  for (i = 0; i < N_BULK; i++)
    {
      g_autofree char *stanza_id = g_strdup_printf ("s%u", i);
      g_autofree char *body = g_strdup_printf ("message %u", i);
      CauDbMessage message = {
        .conversation_id = fixture->romeo,
        .sender = (char *) ROMEO,
        /* Two messages per timestamp, so that the id breaks ties. */
        .time_us = T0 + i / 2,
        .body = body,
        .stanza_id = stanza_id,
        .state = CAU_DB_MESSAGE_RECEIVED,
      };

      g_assert_true (cau_db_insert_message (fixture->db, &message, NULL, &error));
      g_assert_no_error (error);
      last_id = message.id;
    }

  g_assert_true (cau_db_commit (fixture->db, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (count_messages (fixture->db, fixture->romeo), ==, N_BULK);
  conversation = get_conversation (fixture->db, fixture->romeo);
  g_assert_cmpuint (conversation->unread, ==, N_BULK);
  g_assert_cmpint (conversation->last_message_id, ==, last_id);

  page = page_before (fixture->db, fixture->romeo, 0, 50);
  g_assert_cmpuint (page->len, ==, 50);
  for (i = 0; i < 50; i++)
    {
      const CauDbMessage *message = g_ptr_array_index (page, i);
      g_autofree char *expected = g_strdup_printf ("message %u", N_BULK - 50 + i);

      g_assert_cmpstr (message->body, ==, expected);
    }

  /* The page before that one continues it. */
  {
    g_autoptr (GPtrArray) older = NULL;
    const CauDbMessage *first = g_ptr_array_index (page, 0);
    const CauDbMessage *last;

    older = page_before (fixture->db, fixture->romeo, first->id, 50);
    g_assert_cmpuint (older->len, ==, 50);
    last = g_ptr_array_index (older, 49);
    g_assert_cmpstr (last->body, ==, "message 99949");
  }
}

/* Batches: a page of the archive stored with one savepoint and one update of each
 * conversation's row must leave what storing its messages one by one leaves. */

typedef struct {
  const char *peer;
  gboolean    outgoing;
  gint64      time;        /* seconds after T0 */
  const char *stanza_id;
  const char *origin_id;
  gboolean    duplicate;   /* already stored when it comes */
} PageEntry;

/* Before the page: juliet's conversation archived, romeo's read up to r1. */
static const PageEntry history[] = {
  { ROMEO,  FALSE, 1, "r1", "o-r1", FALSE },
  { JULIET, FALSE, 2, "j1", "o-j1", FALSE },
};

static const PageEntry page_entries[] = {
  { ROMEO,  FALSE, 10, "r2", "o-r2", FALSE },
  { ROMEO,  TRUE,  11, "r3", "o-r3", FALSE },
  { ROMEO,  FALSE, 1,  "r1", "o-r1", TRUE },   /* stored before the page */
  { ROMEO,  FALSE, 0,  "r0", "o-r0", FALSE },  /* older than the read position: read */
  { JULIET, FALSE, 12, "j2", "o-j2", FALSE },  /* un-archives juliet's */
  { ROMEO,  FALSE, 10, "r2", "o-r2", TRUE },   /* twice in the page */
  { ROMEO,  FALSE, 13, "r4", NULL,   FALSE },
  { ROMEO,  FALSE, 13, "r5", "o-r5", FALSE },  /* same second: the id orders them */
  { JULIET, FALSE, 1,  "j0", "o-j0", FALSE },  /* older than juliet's newest */
};

typedef struct {
  CauDb  *db;
  gint64  account;
  gint64  romeo;
  gint64  juliet;
} BatchDb;

/* An hour from now: later than the conversations' creation, which is their first activity. */
static gint64 batch_t0;

static void
page_message (const BatchDb   *bdb,
              const PageEntry *entry,
              CauDbMessage    *message)
{
  *message = (CauDbMessage) {
    .conversation_id = g_str_equal (entry->peer, ROMEO) ? bdb->romeo : bdb->juliet,
    .outgoing = entry->outgoing,
    .sender = (char *) (entry->outgoing ? ALICE : entry->peer),
    .time_us = batch_t0 + entry->time * G_USEC_PER_SEC,
    .body = (char *) "Hello",
    .xmpp_id = (char *) entry->origin_id,
    .origin_id = (char *) entry->origin_id,
    .stanza_id = (char *) entry->stanza_id,
    .state = entry->outgoing ? CAU_DB_MESSAGE_SENT : CAU_DB_MESSAGE_RECEIVED,
  };
}

static void
batch_db_open (Fixture    *fixture,
               const char *name,
               BatchDb    *bdb)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, name, NULL);

  if (batch_t0 == 0)
    batch_t0 = g_get_real_time () + G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC;
  bdb->db = cau_db_open (path, &error);
  g_assert_no_error (error);
  bdb->account = add_account (bdb->db, ALICE);
  bdb->romeo = ensure_conversation (bdb->db, bdb->account, ROMEO);
  bdb->juliet = ensure_conversation (bdb->db, bdb->account, JULIET);

  for (guint i = 0; i < G_N_ELEMENTS (history); i++)
    {
      CauDbMessage message;

      page_message (bdb, &history[i], &message);
      insert (bdb->db, &message, FALSE);
    }
  g_assert_true (cau_db_mark_read (bdb->db, bdb->romeo,
                                   cau_db_find_message (bdb->db, bdb->romeo, "o-r1", NULL),
                                   &error));
  g_assert_no_error (error);
  g_assert_true (cau_db_set_conversation_archived (bdb->db, bdb->juliet, TRUE, &error));
  g_assert_no_error (error);
}

static void
assert_same_conversation (CauDb  *a,
                          CauDb  *b,
                          gint64  id)
{
  g_autoptr (CauDbConversation) ca = get_conversation (a, id);
  g_autoptr (CauDbConversation) cb = get_conversation (b, id);
  g_autoptr (GPtrArray) ma = page_after (a, id, 0, 100);
  g_autoptr (GPtrArray) mb = page_after (b, id, 0, 100);

  g_assert_cmpstr (ca->peer, ==, cb->peer);
  g_assert_cmpint (ca->last_activity_us, ==, cb->last_activity_us);
  g_assert_cmpint (ca->last_message_id, ==, cb->last_message_id);
  g_assert_cmpuint (ca->unread, ==, cb->unread);
  g_assert_cmpint (ca->read_up_to, ==, cb->read_up_to);
  g_assert_cmpint (ca->archived, ==, cb->archived);

  g_assert_cmpuint (ma->len, ==, mb->len);
  for (guint i = 0; i < ma->len; i++)
    {
      const CauDbMessage *x = g_ptr_array_index (ma, i);
      const CauDbMessage *y = g_ptr_array_index (mb, i);

      g_assert_cmpint (x->id, ==, y->id);
      g_assert_cmpint (x->outgoing, ==, y->outgoing);
      g_assert_cmpstr (x->sender, ==, y->sender);
      g_assert_cmpint (x->time_us, ==, y->time_us);
      g_assert_cmpstr (x->origin_id, ==, y->origin_id);
      g_assert_cmpstr (x->stanza_id, ==, y->stanza_id);
      g_assert_cmpint (x->state, ==, y->state);
    }
}

static void
assert_same_state (const BatchDb *a,
                   const BatchDb *b)
{
  assert_same_conversation (a->db, b->db, a->romeo);
  assert_same_conversation (a->db, b->db, a->juliet);
}

/* Stores the page one message at a time, each in its own transaction; `skip` is left out. */
static void
store_page_one_by_one (const BatchDb *bdb,
                       gssize         skip)
{
  for (guint i = 0; i < G_N_ELEMENTS (page_entries); i++)
    {
      CauDbMessage message;

      if ((gssize) i == skip)
        continue;
      page_message (bdb, &page_entries[i], &message);
      insert (bdb->db, &message, page_entries[i].duplicate);
    }
}

static void
test_batch (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  BatchDb one = { 0 }, batched = { 0 };
  CauDbMessageBatch *batch;
  g_autoptr (CauDbConversation) romeo = NULL;
  g_autoptr (CauDbConversation) juliet = NULL;

  batch_db_open (fixture, "one-by-one.db", &one);
  batch_db_open (fixture, "batched.db", &batched);
  store_page_one_by_one (&one, -1);

  g_assert_true (cau_db_begin (batched.db, &error));
  g_assert_no_error (error);
  batch = cau_db_message_batch_begin (batched.db, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (page_entries); i++)
    {
      CauDbMessage message;
      gboolean duplicate = !page_entries[i].duplicate;

      page_message (&batched, &page_entries[i], &message);
      g_assert_true (cau_db_message_batch_add (batch, &message, &duplicate, &error));
      g_assert_no_error (error);
      g_assert_cmpint (duplicate, ==, page_entries[i].duplicate);
      g_assert_cmpint (message.id, >, 0);
    }
  g_assert_true (cau_db_message_batch_end (batch, &error));
  g_assert_no_error (error);
  g_assert_true (cau_db_commit (batched.db, &error));
  g_assert_no_error (error);

  assert_same_state (&one, &batched);

  /* And that state is the right one, not only the same. */
  romeo = get_conversation (batched.db, batched.romeo);
  g_assert_cmpuint (romeo->unread, ==, 3);   /* r2, r4, r5 */
  g_assert_cmpint (romeo->last_message_id, ==,
                   cau_db_find_message (batched.db, batched.romeo, "o-r5", NULL));
  g_assert_cmpint (romeo->last_activity_us, ==, batch_t0 + 13 * G_USEC_PER_SEC);
  g_assert_cmpuint (count_messages (batched.db, batched.romeo), ==, 6);
  juliet = get_conversation (batched.db, batched.juliet);
  g_assert_false (juliet->archived);
  g_assert_cmpuint (juliet->unread, ==, 3);
  g_assert_cmpint (juliet->last_message_id, ==,
                   cau_db_find_message (batched.db, batched.juliet, "o-j2", NULL));

  g_assert_finalize_object (one.db);
  g_assert_finalize_object (batched.db);
}

/* A message that cannot be stored (its conversation is gone) fails the batch, which keeps
 * nothing; stored again one by one, the page keeps all the other messages. */
static void
test_batch_failure (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  BatchDb one = { 0 }, batched = { 0 }, before = { 0 };
  CauDbMessageBatch *batch;
  const guint invalid = 4;
  gboolean failed = FALSE;

  batch_db_open (fixture, "one-by-one.db", &one);
  batch_db_open (fixture, "batched.db", &batched);
  batch_db_open (fixture, "before.db", &before);
  store_page_one_by_one (&one, invalid);

  g_assert_true (cau_db_begin (batched.db, &error));
  g_assert_no_error (error);
  batch = cau_db_message_batch_begin (batched.db, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (page_entries) && !failed; i++)
    {
      CauDbMessage message;

      page_message (&batched, &page_entries[i], &message);
      if (i == invalid)
        message.conversation_id = batched.juliet + 100;
      failed = !cau_db_message_batch_add (batch, &message, NULL, &error);
      g_assert_cmpint (failed, ==, i == invalid);
    }
  g_assert_error (error, CAU_DB_ERROR, CAU_DB_ERROR_NOT_FOUND);
  g_clear_error (&error);
  cau_db_message_batch_abandon (batch);

  /* Nothing of the batch is left, and the transaction goes on. */
  assert_same_state (&before, &batched);

  for (guint i = 0; i < G_N_ELEMENTS (page_entries); i++)
    {
      CauDbMessage message;
      gboolean duplicate = FALSE;
      gboolean ok;

      page_message (&batched, &page_entries[i], &message);
      if (i == invalid)
        message.conversation_id = batched.juliet + 100;
      ok = cau_db_insert_message (batched.db, &message, &duplicate, &error);
      g_assert_cmpint (ok, ==, i != invalid);
      g_assert_cmpint (duplicate, ==, ok && page_entries[i].duplicate);
      g_clear_error (&error);
    }
  g_assert_true (cau_db_commit (batched.db, &error));
  g_assert_no_error (error);

  assert_same_state (&one, &batched);

  g_assert_finalize_object (one.db);
  g_assert_finalize_object (batched.db);
  g_assert_finalize_object (before.db);
}

/* Marking read in the middle of a batch, after a flush, counts each message once. */
static void
test_batch_mark_read (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  BatchDb one = { 0 }, batched = { 0 };
  CauDbMessageBatch *batch;
  const guint read_after = 1;   /* marks read up to r2 once r3 is stored */

  batch_db_open (fixture, "one-by-one.db", &one);
  batch_db_open (fixture, "batched.db", &batched);

  for (guint i = 0; i < G_N_ELEMENTS (page_entries); i++)
    {
      CauDbMessage message;

      page_message (&one, &page_entries[i], &message);
      insert (one.db, &message, page_entries[i].duplicate);
      if (i == read_after)
        {
          g_assert_true (cau_db_mark_read (one.db, one.romeo,
                                           cau_db_find_message (one.db, one.romeo, "o-r2", NULL),
                                           &error));
          g_assert_no_error (error);
        }
    }

  batch = cau_db_message_batch_begin (batched.db, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (page_entries); i++)
    {
      CauDbMessage message;

      page_message (&batched, &page_entries[i], &message);
      g_assert_true (cau_db_message_batch_add (batch, &message, NULL, &error));
      g_assert_no_error (error);
      if (i == read_after)
        {
          g_assert_true (cau_db_message_batch_flush (batch, &error));
          g_assert_no_error (error);
          g_assert_true (cau_db_mark_read (batched.db, batched.romeo,
                                           cau_db_find_message (batched.db, batched.romeo,
                                                                "o-r2", NULL),
                                           &error));
          g_assert_no_error (error);
        }
    }
  g_assert_true (cau_db_message_batch_end (batch, &error));
  g_assert_no_error (error);

  assert_same_state (&one, &batched);
  {
    g_autoptr (CauDbConversation) romeo = get_conversation (batched.db, batched.romeo);

    g_assert_cmpuint (romeo->unread, ==, 2);   /* r4, r5 */
  }

  g_assert_finalize_object (one.db);
  g_assert_finalize_object (batched.db);
}

static void
add_test (const char *name,
          void      (*func) (Fixture *, gconstpointer))
{
  g_autofree char *path = g_strconcat ("/cau/store-messages/", name, NULL);

  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  add_test ("insert-and-get", test_insert_and_get);
  add_test ("dedupe-stanza-id", test_dedupe_stanza_id);
  add_test ("dedupe-origin-id", test_dedupe_origin_id);
  add_test ("never-dedupe-body", test_never_dedupe_body);
  add_test ("unread", test_unread);
  add_test ("conversation-fields", test_conversation_fields);
  add_test ("conversation-list", test_conversation_list);
  add_test ("paging", test_paging);
  add_test ("lookups", test_lookups);
  add_test ("states", test_states);
  add_test ("outbox", test_outbox);
  add_test ("mam-cursor", test_mam_cursor);
  add_test ("roster", test_roster);
  add_test ("remove-account-delete-history", test_remove_account_delete_history);
  add_test ("remove-account-keep-history", test_remove_account_keep_history);
  add_test ("bulk", test_bulk);
  add_test ("batch", test_batch);
  add_test ("batch-failure", test_batch_failure);
  add_test ("batch-mark-read", test_batch_mark_read);

  return g_test_run ();
}
