/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-test-ui.h"
#include "cau-test-util.h"
#include "core/cau-account-manager.h"
#include "core/cau-conversation.h"
#include "core/cau-history.h"
#include "store/cau-db-messages.h"
#include "ui/cau-application.h"

#include <string.h>
#include <stdlib.h>
#include <time.h>

/*
 * Long histories (issue 3): the real window, in this process, opens a
 * conversation of 100 000 messages and scrolls to its very first one.
 *
 *   first frame: from the sidebar row's activation to the end of the first
 *                frame painted after it (the window's frame clock).
 *   to the top:  the chat's scroll bar held at the top until the history
 *                holds the oldest message: total time, pages loaded, the
 *                longest main-thread stall (a 5 ms timeout's lateness).
 *   memory:      RSS before opening and at the top, and how many messages
 *                the history holds there (its window is bounded).
 *   back:        the scroll-to-bottom button: the newest message shown
 *                again, the longest stall.
 *
 * The account is stored disabled (offline): this is local history only,
 * the conversation marked complete so that no archive is asked. Numbers
 * are printed; only correctness is asserted. Needs a display.
 */

#define N_MESSAGES 100000
#define WAIT_S     20
#define TOP_WAIT_S 600
#define TICK_MS    5

#define PEER "bob@localhost"
#define OWN  "alice@localhost"
#define NEWEST_BODY "The newest message of the long history"
#define OLDEST_BODY "The oldest message of the long history"

static CauApplication *app;

static gint64 last_tick_us;
static gint64 longest_stall_us;
/* Stalls over the target, and the page count when the first ones came. */
#define STALL_TARGET_US (50 * 1000)
static guint  n_long_stalls;
static guint *stall_pages;
static guint  frames;
static gint64 last_frame_us;

static const char *words[] = {
  "the", "a", "meeting", "tomorrow", "lunch", "ok", "sure", "I", "think", "we", "should",
  "maybe", "train", "late", "again", "photos", "from", "the", "weekend", "are", "great",
  "did", "you", "see", "that", "article", "about", "XMPP", "servers", "and", "federation",
  "call", "me", "when", "you", "can", "thanks", "😀", "café", "déjà", "vu", "later",
};

static char *
make_body (GRand *rand)
{
  GString *body = g_string_new (NULL);
  double p = g_rand_double (rand);
  guint length;

  /* Mostly short chat lines, some paragraphs, a few long texts. */
  if (p < 0.6)
    length = g_rand_int_range (rand, 2, 40);
  else if (p < 0.9)
    length = g_rand_int_range (rand, 40, 200);
  else if (p < 0.99)
    length = g_rand_int_range (rand, 200, 800);
  else
    length = g_rand_int_range (rand, 800, 3000);

  while (body->len < length)
    {
      if (body->len > 0)
        g_string_append_c (body, g_rand_int_range (rand, 0, 12) == 0 ? '\n' : ' ');
      g_string_append (body, words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))]);
    }
  return g_string_free (body, FALSE);
}

/* The database as an earlier run would have left it. */
static void
prepare_data (const char *data_dir)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (data_dir, "causerie.db", NULL);
  g_autoptr(CauDb) db = cau_db_open (path, &error);
  g_autoptr(GRand) rand = g_rand_new_with_seed (3);
  CauDbAccount row = { 0 };
  gint64 account_id, conversation_id, last_id = 0;
  gint64 start_us = g_get_real_time () - (gint64) N_MESSAGES * G_USEC_PER_SEC;
  gint64 t0 = g_get_monotonic_time ();

  g_assert_no_error (error);
  row.jid = (char *) OWN;
  row.enabled = FALSE;
  row.presence_show = (char *) "available";
  row.created_at = start_us / G_USEC_PER_SEC;
  account_id = cau_db_add_account (db, &row, &error);
  g_assert_no_error (error);
  conversation_id = cau_db_ensure_conversation (db, account_id, PEER, &error);
  g_assert_no_error (error);

  g_assert_true (cau_db_begin (db, &error));
  for (guint i = 0; i < N_MESSAGES; i++)
    {
      g_autoptr(CauDbMessage) message = cau_db_message_new ();
      gboolean duplicate = FALSE;

      message->conversation_id = conversation_id;
      message->outgoing = i % 2 == 1;
      message->sender = g_strdup (message->outgoing ? OWN : PEER);
      message->time_us = start_us + (gint64) i * G_USEC_PER_SEC;
      if (i == 0)
        message->body = g_strdup (OLDEST_BODY);
      else if (i == N_MESSAGES - 1)
        message->body = g_strdup (NEWEST_BODY);
      else
        message->body = make_body (rand);
      message->xmpp_id = g_strdup_printf ("bench-%u", i);
      message->origin_id = g_strdup (message->xmpp_id);
      message->state = message->outgoing ? CAU_DB_MESSAGE_READ : CAU_DB_MESSAGE_RECEIVED;
      g_assert_true (cau_db_insert_message (db, message, &duplicate, &error));
      g_assert_no_error (error);
      g_assert_false (duplicate);
      last_id = message->id;
    }
  g_assert_true (cau_db_mark_read (db, conversation_id, last_id, &error));
  g_assert_true (cau_db_set_history_complete (db, conversation_id, &error));
  g_assert_true (cau_db_commit (db, &error));
  g_assert_cmpuint (cau_db_count_messages (db, conversation_id, &error), ==, N_MESSAGES);
  g_print ("history: %u messages stored in %.1f s\n", N_MESSAGES,
           (g_get_monotonic_time () - t0) / 1e6);
}

static double
rss_mb (void)
{
  g_autofree char *text = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &text, NULL, NULL) ||
      (line = strstr (text, "VmRSS:")) == NULL)
    return 0;
  return g_ascii_strtod (line + strlen ("VmRSS:"), NULL) / 1024.0;
}

/* The main thread's CPU time: a stall with little of it was the machine
 * running something else (2 cores shared with builds). */
static gint64
thread_cpu_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static gboolean
tick_cb (gpointer data)
{
  static gint64 last_cpu_us;
  gint64 now = g_get_monotonic_time ();
  gint64 cpu = thread_cpu_us ();
  gint64 stall = now - last_tick_us - TICK_MS * 1000;

  if (last_tick_us != 0 && stall > longest_stall_us)
    longest_stall_us = stall;
  if (last_tick_us != 0 && stall > STALL_TARGET_US)
    {
      if (n_long_stalls < 8)
        g_print ("history: a stall of %.1f ms, %.1f ms of it on the CPU (%u pages in)\n",
                 stall / 1e3, (cpu - last_cpu_us) / 1e3, stall_pages ? *stall_pages : 0);
      n_long_stalls++;
    }
  last_tick_us = now;
  last_cpu_us = cpu;
  return G_SOURCE_CONTINUE;
}

static void
after_paint_cb (GdkFrameClock *clock,
                gpointer       data)
{
  frames++;
  last_frame_us = g_get_monotonic_time ();
}

static GtkWindow *
main_window (void)
{
  return gtk_application_get_active_window (GTK_APPLICATION (app));
}

static gboolean
main_view_shown (gpointer data)
{
  GtkWidget *sidebar;

  if (main_window () == NULL || !gtk_widget_get_mapped (GTK_WIDGET (main_window ())))
    return FALSE;
  sidebar = cau_test_find_named (GTK_WIDGET (main_window ()), "conversation-sidebar");
  return sidebar != NULL && gtk_widget_get_mapped (sidebar);
}

static GtkWidget *
chat_view (void)
{
  return cau_test_find_in (GTK_WIDGET (main_window ()), "CauChatView");
}

/* A message's label is mapped and inside the chat's viewport. */
static gboolean
message_visible (gpointer data)
{
  GtkWidget *list = cau_test_find_in (chat_view (), "message-list");
  GtkWidget *scrolled = gtk_widget_get_ancestor (list, GTK_TYPE_SCROLLED_WINDOW);
  GtkWidget *label = cau_test_find_label (chat_view (), "message-body", data);
  graphene_rect_t bounds;

  if (label == NULL || !gtk_widget_compute_bounds (label, scrolled, &bounds))
    return FALSE;
  return bounds.origin.y < gtk_widget_get_height (scrolled) &&
         bounds.origin.y + bounds.size.height > 0;
}

static CauConversation *
find_conversation (guint *position)
{
  GListModel *list = cau_account_manager_get_conversations (cau_application_get_account_manager (app));

  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(CauConversation) item = g_list_model_get_item (list, i);

      if (g_str_equal (cau_conversation_get_peer (item), PEER))
        {
          *position = i;
          return item;
        }
    }
  return NULL;
}

static void
history_items_changed_cb (GListModel *model,
                          guint       position,
                          guint       removed,
                          guint       added,
                          guint      *pages)
{
  if (position == 0 && added > 0)
    (*pages)++;
}

static gboolean
oldest_held (CauHistory *history)
{
  g_autoptr(CauMessage) first = NULL;

  if (g_list_model_get_n_items (G_LIST_MODEL (history)) == 0)
    return FALSE;
  first = g_list_model_get_item (G_LIST_MODEL (history), 0);
  return g_strcmp0 (cau_message_get_body (first), OLDEST_BODY) == 0;
}

static void
scroll_to_bottom_cb (gpointer data)
{
  gint64 *duration_us = data;
  gint64 t0 = g_get_monotonic_time ();

  gtk_widget_activate_action (chat_view (), "chat.scroll-to-bottom", NULL);
  *duration_us = g_get_monotonic_time () - t0;
}

static void
run_benchmark (void)
{
  GtkWidget *window, *list, *scrolled;
  GdkFrameClock *clock;
  CauConversation *conversation;
  g_autoptr(CauHistory) history = NULL;
  GtkAdjustment *adj;
  guint position = 0, frames_before, pages = 0, tick_id, held;
  gint64 t0, first_frame_us, deadline, action_us = 0;
  gboolean newest_at_first_frame;
  double rss_before, rss_after;
  /* CAU_BENCH_PAGES=N: only N pages up (to try a change quickly; going
   * back to the newest needs some 40, when the newest were let go). */
  guint max_pages = g_getenv ("CAU_BENCH_PAGES") ? atoi (g_getenv ("CAU_BENCH_PAGES")) : 0;

  g_assert_true (cau_test_wait_until (main_view_shown, NULL, WAIT_S));
  window = GTK_WIDGET (main_window ());
  cau_test_resize (main_window (), 1280, 800);
  conversation = find_conversation (&position);
  g_assert_nonnull (conversation);
  cau_test_spin (500);
  rss_before = rss_mb ();

  clock = gtk_widget_get_frame_clock (window);
  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), NULL);

  /* Opened from the list, as a click does. */
  list = cau_test_find_in (window, "conversation-list");
  frames_before = frames;
  t0 = g_get_monotonic_time ();
  gtk_widget_activate_action (list, "list.activate-item", "u", position);
  while (frames == frames_before && g_get_monotonic_time () - t0 < WAIT_S * G_USEC_PER_SEC)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (frames, >, frames_before);
  first_frame_us = last_frame_us - t0;
  newest_at_first_frame = message_visible ((gpointer) NEWEST_BODY);
  /* The frame that first shows the newest message on screen. */
  while (!message_visible ((gpointer) NEWEST_BODY) &&
         g_get_monotonic_time () - t0 < WAIT_S * G_USEC_PER_SEC)
    {
      guint frame = frames;

      while (frames == frame && g_get_monotonic_time () - t0 < WAIT_S * G_USEC_PER_SEC)
        g_main_context_iteration (NULL, TRUE);
    }
  g_assert_true (message_visible ((gpointer) NEWEST_BODY));
  g_print ("history: first frame %.1f ms after opening a conversation of %u messages "
           "(newest message shown %s, %.1f ms)\n",
           first_frame_us / 1e3, N_MESSAGES,
           newest_at_first_frame ? "in that frame" : "in a later frame",
           (last_frame_us - t0) / 1e3);

  history = cau_conversation_dup_history (conversation);
  g_assert_nonnull (history);
  g_assert_true (g_list_model_get_n_items (G_LIST_MODEL (history)) < N_MESSAGES);
  g_signal_connect (history, "items-changed", G_CALLBACK (history_items_changed_cb), &pages);
  cau_test_spin (500);

  /* To the top, the scroll bar held there as a drag to its top does. */
  scrolled = gtk_widget_get_ancestor (cau_test_find_in (chat_view (), "message-list"),
                                      GTK_TYPE_SCROLLED_WINDOW);
  adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  last_tick_us = 0;
  longest_stall_us = 0;
  n_long_stalls = 0;
  stall_pages = &pages;
  tick_id = g_timeout_add (TICK_MS, tick_cb, NULL);
  t0 = g_get_monotonic_time ();
  deadline = t0 + (gint64) TOP_WAIT_S * G_USEC_PER_SEC;
  while (!(cau_history_get_complete (history) && oldest_held (history)) &&
         g_get_monotonic_time () < deadline &&
         (max_pages == 0 || pages < max_pages))
    {
      guint frame = frames;

      gtk_adjustment_set_value (adj, 0);
      while (frames == frame && g_get_monotonic_time () < deadline)
        g_main_context_iteration (NULL, TRUE);
    }
  t0 = g_get_monotonic_time () - t0;
  g_source_remove (tick_id);
  if (max_pages == 0)
    {
      g_assert_true (cau_history_get_complete (history));
      g_assert_true (oldest_held (history));
    }
  /* The window over the history is bounded: the newest were let go. */
  held = g_list_model_get_n_items (G_LIST_MODEL (history));
  g_assert_cmpuint (held, <=, N_MESSAGES);
  gtk_adjustment_set_value (adj, 0);
  if (max_pages == 0)
    g_assert_true (cau_test_wait_until (message_visible, (gpointer) OLDEST_BODY, WAIT_S));
  rss_after = rss_mb ();

  g_print ("history: scrolled to the top in %.0f ms, %u pages, longest main-thread stall %.1f ms, "
           "%u over %d ms\n",
           t0 / 1e3, pages, longest_stall_us / 1e3, n_long_stalls, STALL_TARGET_US / 1000);
  stall_pages = NULL;
  g_print ("history: RSS %.1f MB before opening, %.1f MB at the top (%+.1f MB), "
           "%u messages held\n",
           rss_before, rss_after, rss_after - rss_before, held);
  cau_test_screenshot (window, "bench-history-top");

  /* Back to the newest, as the button does. */
  last_tick_us = 0;
  longest_stall_us = 0;
  tick_id = g_timeout_add (TICK_MS, tick_cb, NULL);
  cau_test_spin (100);
  t0 = g_get_monotonic_time ();
  /* From a timeout, so that the 5 ms ticks see its stall. */
  g_timeout_add_once (0, scroll_to_bottom_cb, &action_us);
  g_assert_true (cau_test_wait_until (message_visible, (gpointer) NEWEST_BODY, WAIT_S));
  t0 = g_get_monotonic_time () - t0;
  /* A tick after the last long dispatch sees it. */
  cau_test_spin (100);
  g_source_remove (tick_id);
  g_print ("history: back to the newest in %.0f ms (the button's action %.1f ms), "
           "longest main-thread stall %.1f ms\n",
           t0 / 1e3, action_us / 1e3, longest_stall_us / 1e3);

  g_signal_handlers_disconnect_by_func (history, history_items_changed_cb, &pages);
  g_signal_handlers_disconnect_by_func (clock, after_paint_cb, NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data_dir = NULL;

  if (g_getenv ("DISPLAY") == NULL)
    {
      g_print ("SKIP: no DISPLAY (run under scripts/with-session.sh or Xvfb)\n");
      return 77;
    }

  data_dir = g_dir_make_tmp ("cau-bench-history-XXXXXX", &error);
  g_assert_no_error (error);
  prepare_data (data_dir);

  g_setenv ("CAUSERIE_DATA_DIR", data_dir, TRUE);
  g_setenv ("CAUSERIE_NO_KEYRING", "1", TRUE);
  g_setenv ("GDK_BACKEND", "x11", TRUE);

  app = cau_application_new ();
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  g_application_activate (G_APPLICATION (app));

  run_benchmark ();

  g_clear_object (&app);
  cau_test_remove_tree (data_dir);
  return 0;
}
