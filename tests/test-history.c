/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */

#include "config.h"

#include "cau-test-util.h"

#include "core/cau-history-private.h"
#include "core/cau-message.h"
#include "store/cau-db-messages.h"

/*
 * CauHistory, the window over a conversation's stored history: pages at
 * both ends, a bounded size, live messages, and items-changed telling
 * exactly what changed (a mirror kept from the signals alone must match).
 */

#define N_STORED 4000
#define PEER "romeo@example.net"

/* 2026-01-01 00:00 UTC, in microseconds. */
#define T0 G_GINT64_CONSTANT (1767225600000000)

typedef struct {
  char       *dir;
  CauDb      *db;
  gint64      conversation;
  GArray     *ids;        /* gint64, every stored message, oldest first */
  GObject    *owner;
  CauHistory *history;
  GPtrArray  *mirror;   /* CauMessage *, kept from items-changed */
} Fixture;

static gint64
store_message (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CauDbMessage) message = cau_db_message_new ();
  gboolean duplicate = FALSE;
  guint i = fixture->ids->len;

  message->conversation_id = fixture->conversation;
  message->sender = g_strdup (PEER);
  message->time_us = T0 + (gint64) i * G_USEC_PER_SEC;
  message->body = g_strdup_printf ("message %u", i);
  message->xmpp_id = g_strdup_printf ("id-%u", i);
  message->state = CAU_DB_MESSAGE_RECEIVED;
  g_assert_true (cau_db_insert_message (fixture->db, message, &duplicate, &error));
  g_assert_no_error (error);
  g_assert_false (duplicate);
  g_array_append_val (fixture->ids, message->id);
  return message->id;
}

static void
mirror_items_changed_cb (GListModel *model,
                         guint       position,
                         guint       removed,
                         guint       added,
                         Fixture    *fixture)
{
  g_assert_cmpuint (position + removed, <=, fixture->mirror->len);
  g_ptr_array_remove_range (fixture->mirror, position, removed);
  for (guint i = 0; i < added; i++)
    g_ptr_array_insert (fixture->mirror, position + i, g_list_model_get_item (model, position + i));
  g_assert_cmpuint (fixture->mirror->len, ==, g_list_model_get_n_items (model));
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  CauDbAccount account = { .jid = (char *) "juliet@example.com", .enabled = TRUE };
  gint64 account_id;

  fixture->dir = g_dir_make_tmp ("cau-test-history-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->dir, "causerie.db", NULL);
  fixture->db = cau_db_open (path, &error);
  g_assert_no_error (error);
  account_id = cau_db_add_account (fixture->db, &account, &error);
  g_assert_no_error (error);
  fixture->conversation = cau_db_ensure_conversation (fixture->db, account_id, PEER, &error);
  g_assert_no_error (error);
  fixture->ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  g_assert_true (cau_db_begin (fixture->db, &error));
  for (guint i = 0; i < N_STORED; i++)
    store_message (fixture);
  g_assert_true (cau_db_commit (fixture->db, &error));

  fixture->owner = g_object_new (G_TYPE_OBJECT, NULL);
  /* The archive is complete: only the store is read. */
  fixture->history = cau_history_new (fixture->db, fixture->conversation, TRUE, NULL,
                                      fixture->owner);
  fixture->mirror = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (fixture->history)); i++)
    g_ptr_array_add (fixture->mirror, g_list_model_get_item (G_LIST_MODEL (fixture->history), i));
  g_signal_connect (fixture->history, "items-changed", G_CALLBACK (mirror_items_changed_cb),
                    fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_signal_handlers_disconnect_by_func (fixture->history, mirror_items_changed_cb, fixture);
  g_ptr_array_unref (fixture->mirror);
  g_array_unref (fixture->ids);
  g_assert_finalize_object (fixture->history);
  g_assert_finalize_object (fixture->owner);
  g_assert_finalize_object (fixture->db);
  cau_test_remove_tree (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
}

static guint
n_items (Fixture *fixture)
{
  return g_list_model_get_n_items (G_LIST_MODEL (fixture->history));
}

static gint64
id_at (Fixture *fixture,
       guint    position)
{
  g_autoptr(CauMessage) message = g_list_model_get_item (G_LIST_MODEL (fixture->history), position);

  return cau_message_get_id (message);
}

/* The model is a run of consecutive stored messages, as the mirror says;
 * returns the index of its first one. */
static guint
assert_contiguous (Fixture *fixture)
{
  guint n = n_items (fixture);
  guint first = 0;

  g_assert_cmpuint (n, >, 0);
  g_assert_cmpuint (fixture->mirror->len, ==, n);
  while (first < fixture->ids->len && g_array_index (fixture->ids, gint64, first) != id_at (fixture, 0))
    first++;
  g_assert_cmpuint (first + n, <=, fixture->ids->len);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CauMessage) item = g_list_model_get_item (G_LIST_MODEL (fixture->history), i);

      g_assert_cmpint (cau_message_get_id (item), ==, g_array_index (fixture->ids, gint64, first + i));
      g_assert_true (g_ptr_array_index (fixture->mirror, i) == item);
    }
  return first;
}

/* To the very first message: the window stays bounded, the newest end
 * let go. */
static guint
load_to_the_top (Fixture *fixture)
{
  guint most = 0;

  while (cau_history_load_older (fixture->history))
    {
      most = MAX (most, n_items (fixture));
      assert_contiguous (fixture);
    }
  g_assert_true (cau_history_get_complete (fixture->history));
  g_assert_cmpuint (assert_contiguous (fixture), ==, 0);
  g_assert_cmpuint (most, <, N_STORED / 2);
  g_assert_true (cau_history_get_has_newer (fixture->history));
  return most;
}

static void
test_open_and_live (Fixture       *fixture,
                    gconstpointer  data)
{
  guint n = n_items (fixture);
  gint64 id;

  /* The newest first, live messages added at the end. */
  g_assert_cmpuint (n, >, 0);
  g_assert_cmpuint (n, <, N_STORED);
  g_assert_cmpint (id_at (fixture, n - 1), ==, g_array_index (fixture->ids, gint64, N_STORED - 1));
  g_assert_false (cau_history_get_has_newer (fixture->history));
  g_assert_false (cau_history_load_newer (fixture->history));
  id = store_message (fixture);
  cau_history_message_added (fixture->history, id);
  g_assert_cmpuint (n_items (fixture), ==, n + 1);
  g_assert_cmpint (id_at (fixture, n), ==, id);
  /* Told twice, it is there once. */
  cau_history_message_added (fixture->history, id);
  g_assert_cmpuint (n_items (fixture), ==, n + 1);
}

static void
test_bounded_window (Fixture       *fixture,
                     gconstpointer  data)
{
  guint most = load_to_the_top (fixture);
  guint n = n_items (fixture);
  gint64 id;

  /* Far up, a new message waits in the store... */
  id = store_message (fixture);
  cau_history_message_added (fixture->history, id);
  g_assert_cmpuint (n_items (fixture), ==, n);

  /* ...and comes with the pages on the way down, which let the oldest
   * go: the start is to be loaded again. */
  while (cau_history_load_newer (fixture->history))
    {
      g_assert_cmpuint (n_items (fixture), <=, most);
      assert_contiguous (fixture);
    }
  g_assert_false (cau_history_get_has_newer (fixture->history));
  g_assert_false (cau_history_get_complete (fixture->history));
  g_assert_cmpint (id_at (fixture, n_items (fixture) - 1), ==, id);
  assert_contiguous (fixture);

  /* At the end again: live. */
  id = store_message (fixture);
  cau_history_message_added (fixture->history, id);
  g_assert_cmpint (id_at (fixture, n_items (fixture) - 1), ==, id);

  /* And up again to the top. */
  load_to_the_top (fixture);
}

static void
test_reload_newest (Fixture       *fixture,
                    gconstpointer  data)
{
  guint first_page = n_items (fixture);
  gint64 id;

  load_to_the_top (fixture);
  id = store_message (fixture);
  cau_history_message_added (fixture->history, id);

  cau_history_reload_newest (fixture->history);
  g_assert_cmpuint (n_items (fixture), ==, first_page);
  g_assert_cmpint (id_at (fixture, first_page - 1), ==, id);
  g_assert_false (cau_history_get_has_newer (fixture->history));
  g_assert_false (cau_history_get_complete (fixture->history));
  assert_contiguous (fixture);
  /* Nothing to do at the newest. */
  cau_history_reload_newest (fixture->history);
  g_assert_cmpuint (n_items (fixture), ==, first_page);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define add_test(name, func) \
  g_test_add ("/cau/history/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  add_test ("open-and-live", test_open_and_live);
  add_test ("bounded-window", test_bounded_window);
  add_test ("reload-newest", test_reload_newest);
#undef add_test

  return g_test_run ();
}
