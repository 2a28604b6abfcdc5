/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-test-engine.h"
#include "cau-test-prosody.h"
#include "cau-test-util.h"
#include "xmpp/cau-xmpp-client.h"
#include "xmpp/cau-xmpp-engine.h"
#include "xmpp/cau-xmpp-room-types.h"

#include <string.h>

/*
 * Bookmarks (XEP-0402) at the engine's level, between clients with no storage on a real
 * Prosody: several clients of one account share them (a change reaches the others at once, a
 * client that comes later fetches them all), removals too, what other clients added to a
 * bookmark survives our publishing it again, and a stranger cannot push bookmarks at us. On a
 * server that does not keep the older bookmarks (XEP-0048 in private storage) in step with
 * XEP-0402, those are used instead.
 */

#define WAIT_S 20

typedef CauTestEngine Fixture;

typedef struct {
  CauXmppClient *client;
  guint          online;
  guint          fulls;     /* ::bookmarks-changed with full */
  guint          changes;   /* … without */
  guint          messages;
  GHashTable    *full;      /* room → CauXmppBookmark: the last full list */
  GPtrArray     *changed;   /* CauXmppBookmark, every change in order */
} Watch;

static void
online_cb (CauXmppClient *client,
           gboolean       resumed,
           Watch         *watch)
{
  watch->online++;
}

static void
bookmarks_cb (CauXmppClient *client,
              GPtrArray     *bookmarks,
              gboolean       full,
              Watch         *watch)
{
  if (full)
    {
      g_hash_table_remove_all (watch->full);
      watch->fulls++;
    }
  else
    {
      g_assert_cmpuint (bookmarks->len, >, 0);
      watch->changes++;
    }
  for (guint i = 0; i < bookmarks->len; i++)
    {
      const CauXmppBookmark *bookmark = g_ptr_array_index (bookmarks, i);

      if (full)
        {
          g_assert_false (bookmark->retracted);
          g_hash_table_insert (watch->full, g_strdup (bookmark->room),
                               cau_xmpp_bookmark_copy (bookmark));
        }
      else
        {
          g_ptr_array_add (watch->changed, cau_xmpp_bookmark_copy (bookmark));
        }
    }
}

static void
message_cb (CauXmppClient *client,
            const char    *from,
            const char    *id,
            const char    *body,
            Watch         *watch)
{
  watch->messages++;
}

static void
watch_init (Watch         *watch,
            CauXmppClient *client)
{
  memset (watch, 0, sizeof *watch);
  watch->client = client;
  watch->full = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) cau_xmpp_bookmark_free);
  watch->changed = g_ptr_array_new_with_free_func ((GDestroyNotify) cau_xmpp_bookmark_free);
  g_signal_connect (client, "online", G_CALLBACK (online_cb), watch);
  g_signal_connect (client, "bookmarks-changed", G_CALLBACK (bookmarks_cb), watch);
  g_signal_connect (client, "message-received", G_CALLBACK (message_cb), watch);
}

static void
watch_clear (Watch *watch)
{
  g_signal_handlers_disconnect_by_data (watch->client, watch);
  g_clear_pointer (&watch->full, g_hash_table_unref);
  g_clear_pointer (&watch->changed, g_ptr_array_unref);
}

static CauXmppClient *
start_client (Fixture    *fixture,
              const char *user,
              const char *resource,
              Watch      *watch)
{
  CauXmppClient *client = cau_test_engine_client_new (fixture, user, resource);

  watch_init (watch, client);
  cau_xmpp_client_connect (client);
  g_assert_true (cau_test_wait_count (&watch->online, 1, WAIT_S));
  /* Every new session starts with the full list. */
  g_assert_true (cau_test_wait_count (&watch->fulls, 1, WAIT_S));
  g_assert_true (cau_test_prosody_wait_pep_interest (fixture->prosody, user,
                                                     cau_xmpp_client_get_bound_jid (client),
                                                     "urn:xmpp:bookmarks:1", WAIT_S));
  return client;
}

static CauXmppBookmark *
salon (Fixture *fixture)
{
  CauXmppBookmark *bookmark = cau_xmpp_bookmark_new (fixture->room);

  bookmark->name = g_strdup ("Le salon");
  bookmark->nick = g_strdup ("Alice");
  bookmark->autojoin = TRUE;
  return bookmark;
}

static const CauXmppBookmark *
last_change (Watch *watch)
{
  g_assert_cmpuint (watch->changed->len, >, 0);
  return g_ptr_array_index (watch->changed, watch->changed->len - 1);
}

/* One device publishes: another device of the same account hears it at once, and a device
 * that comes later finds it in its full list. */
static void
test_shared (Fixture       *fixture,
             gconstpointer  data)
{
  Watch a_watch, b_watch, c_watch;
  g_autoptr(CauXmppClient) a = start_client (fixture, "alice", "a", &a_watch);
  g_autoptr(CauXmppClient) b = start_client (fixture, "alice", "b", &b_watch);
  g_autoptr(CauXmppClient) c = NULL;
  g_autoptr(CauXmppBookmark) bookmark = salon (fixture);
  const CauXmppBookmark *got;

  /* No node yet: an empty full list, not an error. */
  g_assert_cmpuint (g_hash_table_size (a_watch.full), ==, 0);
  g_assert_cmpuint (g_hash_table_size (b_watch.full), ==, 0);

  cau_xmpp_client_publish_bookmark (a, bookmark);
  g_assert_true (cau_test_wait_count (&b_watch.changes, 1, WAIT_S));
  got = last_change (&b_watch);
  g_assert_cmpstr (got->room, ==, fixture->room);
  g_assert_cmpstr (got->name, ==, "Le salon");
  g_assert_cmpstr (got->nick, ==, "Alice");
  g_assert_true (got->autojoin);
  g_assert_null (got->password);
  g_assert_false (got->retracted);
  /* The publisher hears its own change too. */
  g_assert_true (cau_test_wait_count (&a_watch.changes, 1, WAIT_S));
  g_assert_cmpstr (last_change (&a_watch)->room, ==, fixture->room);

  c = start_client (fixture, "alice", "c", &c_watch);
  g_assert_cmpuint (g_hash_table_size (c_watch.full), ==, 1);
  got = g_hash_table_lookup (c_watch.full, fixture->room);
  g_assert_nonnull (got);
  g_assert_cmpstr (got->name, ==, "Le salon");
  g_assert_cmpstr (got->nick, ==, "Alice");
  g_assert_true (got->autojoin);
  g_assert_cmpuint (c_watch.changes, ==, 0);

  watch_clear (&a_watch);
  watch_clear (&b_watch);
  watch_clear (&c_watch);
}

/* A removal reaches the other devices, and is gone for those that come later. */
static void
test_retract (Fixture       *fixture,
              gconstpointer  data)
{
  Watch a_watch, b_watch, c_watch;
  g_autoptr(CauXmppClient) a = start_client (fixture, "alice", "a", &a_watch);
  g_autoptr(CauXmppClient) b = start_client (fixture, "alice", "b", &b_watch);
  g_autoptr(CauXmppClient) c = NULL;
  g_autoptr(CauXmppBookmark) bookmark = salon (fixture);
  g_autoptr(CauXmppBookmark) other = cau_xmpp_bookmark_new ("jardin@conference.localhost");

  cau_xmpp_client_publish_bookmark (a, bookmark);
  cau_xmpp_client_publish_bookmark (a, other);
  g_assert_true (cau_test_wait_count (&b_watch.changes, 2, WAIT_S));

  cau_xmpp_client_retract_bookmark (a, fixture->room);
  g_assert_true (cau_test_wait_count (&b_watch.changes, 3, WAIT_S));
  g_assert_cmpstr (last_change (&b_watch)->room, ==, fixture->room);
  g_assert_true (last_change (&b_watch)->retracted);
  g_assert_null (last_change (&b_watch)->name);

  c = start_client (fixture, "alice", "c", &c_watch);
  g_assert_cmpuint (g_hash_table_size (c_watch.full), ==, 1);
  g_assert_true (g_hash_table_contains (c_watch.full, "jardin@conference.localhost"));

  watch_clear (&a_watch);
  watch_clear (&b_watch);
  watch_clear (&c_watch);
}

/* Bob, a stranger, pushes a notification of alice's bookmarks node at her: it is not taken
 * (another client once entered the rooms a stranger pushed). */
static void
test_stranger (Fixture       *fixture,
               gconstpointer  data)
{
  Watch a_watch, bob_watch;
  g_autoptr(CauXmppClient) a = start_client (fixture, "alice", "a", &a_watch);
  g_autoptr(CauXmppClient) bob = start_client (fixture, "bob", "b", &bob_watch);
  g_autoptr(GError) error = NULL;
  g_autofree char *forged = NULL;
  g_autoptr(CauXmppBookmark) bookmark = salon (fixture);
  const char *targets[] = { "alice@localhost", cau_xmpp_client_get_bound_jid (a) };

  for (guint i = 0; i < G_N_ELEMENTS (targets); i++)
    {
      forged = g_strdup_printf (
        "<message to='%s'><event xmlns='http://jabber.org/protocol/pubsub#event'>"
        "<items node='urn:xmpp:bookmarks:1'><item id='trap@conference.localhost'>"
        "<conference xmlns='urn:xmpp:bookmarks:1' name='Trap' autojoin='true'>"
        "<nick>Alice</nick></conference></item>"
        "<retract id='%s'/></items></event></message>",
        targets[i], fixture->room);
      g_assert_true (cau_test_prosody_send_as (fixture->prosody, "bob", forged, &error));
      g_assert_no_error (error);
      g_clear_pointer (&forged, g_free);
    }

  /* Bob's next message comes after them: once alice has it, she has had them. */
  cau_xmpp_client_send_message (bob, cau_xmpp_client_get_bound_jid (a), "Rien à voir",
                                "bob-after");
  g_assert_true (cau_test_wait_count (&a_watch.messages, 1, WAIT_S));
  g_assert_cmpuint (a_watch.changes, ==, 0);

  /* Her own account's notifications still come through. */
  cau_xmpp_client_publish_bookmark (a, bookmark);
  g_assert_true (cau_test_wait_count (&a_watch.changes, 1, WAIT_S));
  g_assert_cmpuint (a_watch.changed->len, ==, 1);
  g_assert_cmpstr (last_change (&a_watch)->room, ==, fixture->room);

  watch_clear (&a_watch);
  watch_clear (&bob_watch);
}

static gboolean
renamed_cb (gpointer data)
{
  Watch *watch = data;

  return watch->changed->len > 0 &&
         g_strcmp0 (last_change (watch)->name, "Le grand salon") == 0;
}

/* What another client added to a bookmark stays when we publish it again, changed, without
 * knowing what it is (XEP-0402 §3.3). */
static void
test_extensions_kept (Fixture       *fixture,
                      gconstpointer  data)
{
  Watch a_watch, c_watch;
  g_autoptr(CauXmppClient) a = NULL;
  g_autoptr(CauXmppClient) c = NULL;
  g_autoptr(CauXmppBookmark) renamed = salon (fixture);
  g_autoptr(GError) error = NULL;
  g_autofree char *item = g_strdup_printf (
    "<item xmlns='http://jabber.org/protocol/pubsub' id='%s'>"
    "<conference xmlns='urn:xmpp:bookmarks:1' name='Le salon' autojoin='true'>"
    "<nick>Alice</nick><extensions><x xmlns='urn:example' flag='1'/></extensions>"
    "</conference></item>", fixture->room);
  const CauXmppBookmark *got;

  /* Another client of alice's wrote it, with the server's default options for the node
   * (open to her contacts): our publication's options are refused, and the node is set
   * right before it goes again. */
  g_assert_true (cau_test_prosody_publish (fixture->prosody, "alice", "urn:xmpp:bookmarks:1",
                                           item, &error));
  g_assert_no_error (error);

  a = start_client (fixture, "alice", "a", &a_watch);
  got = g_hash_table_lookup (a_watch.full, fixture->room);
  g_assert_nonnull (got);
  g_assert_nonnull (got->extensions);
  g_assert_nonnull (strstr (got->extensions, "urn:example"));

  /* The model builds the bookmark anew from what it shows: no extensions in it. */
  g_free (renamed->name);
  renamed->name = g_strdup ("Le grand salon");
  cau_xmpp_client_publish_bookmark (a, renamed);
  /* (The node's default options also send the last item to each client that comes: a
   * change that changes nothing may come first.) */
  g_assert_true (cau_test_wait_until (renamed_cb, &a_watch, WAIT_S));
  got = last_change (&a_watch);
  g_assert_nonnull (got->extensions);
  g_assert_nonnull (strstr (got->extensions, "urn:example"));

  c = start_client (fixture, "alice", "c", &c_watch);
  got = g_hash_table_lookup (c_watch.full, fixture->room);
  g_assert_nonnull (got);
  g_assert_cmpstr (got->name, ==, "Le grand salon");
  g_assert_nonnull (got->extensions);
  g_assert_nonnull (strstr (got->extensions, "flag"));

  watch_clear (&a_watch);
  watch_clear (&c_watch);
}

typedef struct {
  Watch       *watch;
  const char **rooms;
} ChangedWait;

/* Whether every room of `rooms` was in a change. */
static gboolean
all_changed (gpointer data)
{
  ChangedWait *wait = data;

  for (const char **room = wait->rooms; *room != NULL; room++)
    {
      gboolean seen = FALSE;

      for (guint i = 0; i < wait->watch->changed->len && !seen; i++)
        seen = g_str_equal (((CauXmppBookmark *) g_ptr_array_index (wait->watch->changed,
                                                                    i))->room, *room);
      if (!seen)
        return FALSE;
    }
  return TRUE;
}

/* What the server keeps in private storage for alice's bookmarks, or "none". */
static char *
private_storage (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *output = NULL;
  g_autofree char *lua = g_strdup_printf (
    "local store = require \"core.storagemanager\".open (\"%s\", \"private\", \"map\"); "
    "local data = store:get (\"alice\", \"storage:storage:bookmarks\"); "
    "return data and tostring (require \"util.stanza\".deserialize (data)) or \"none\"",
    cau_test_prosody_get_domain (fixture->prosody));

  g_assert_true (cau_test_prosody_shell (fixture->prosody, lua, &output, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&output);
}

/* The server does not keep XEP-0048 and XEP-0402 in step (no "#compat"): the bookmarks go to
 * private storage, where clients that know only XEP-0048 find them. No notification comes:
 * each change reads the storage first, so as not to undo another client's. */
static void
test_private_storage (Fixture       *fixture,
                      gconstpointer  data)
{
  Watch a_watch, b_watch, c_watch;
  g_autoptr(CauXmppClient) a = start_client (fixture, "alice", "a", &a_watch);
  g_autoptr(CauXmppClient) b = start_client (fixture, "alice", "b", &b_watch);
  g_autoptr(CauXmppClient) c = NULL;
  g_autoptr(CauXmppBookmark) bookmark = salon (fixture);
  g_autoptr(CauXmppBookmark) other = cau_xmpp_bookmark_new ("jardin@conference.localhost");
  const char *both[] = { fixture->room, "jardin@conference.localhost", NULL };
  const char *jardin[] = { "jardin@conference.localhost", NULL };
  ChangedWait a_wait = { &a_watch, both };
  ChangedWait b_wait = { &b_watch, jardin };
  g_autofree char *stored = NULL;
  const CauXmppBookmark *got;

  g_assert_cmpuint (g_hash_table_size (a_watch.full), ==, 0);
  cau_xmpp_client_publish_bookmark (a, bookmark);
  cau_xmpp_client_publish_bookmark (a, other);
  /* Told once the server has them. */
  g_assert_true (cau_test_wait_until (all_changed, &a_wait, WAIT_S));
  stored = private_storage (fixture);
  g_assert_nonnull (strstr (stored, "storage:bookmarks"));
  g_assert_nonnull (strstr (stored, fixture->room));
  g_assert_nonnull (strstr (stored, "jardin@conference.localhost"));

  /* B read them at its start, before they were there: its change reads them again, and keeps
   * what A added. */
  g_assert_cmpuint (g_hash_table_size (b_watch.full), ==, 0);
  cau_xmpp_client_retract_bookmark (b, "jardin@conference.localhost");
  g_assert_true (cau_test_wait_until (all_changed, &b_wait, WAIT_S));
  g_assert_true (last_change (&b_watch)->retracted);
  g_assert_cmpuint (b_watch.fulls, ==, 2);
  g_assert_cmpuint (g_hash_table_size (b_watch.full), ==, 2);

  c = start_client (fixture, "alice", "c", &c_watch);
  g_assert_cmpuint (g_hash_table_size (c_watch.full), ==, 1);
  got = g_hash_table_lookup (c_watch.full, fixture->room);
  g_assert_nonnull (got);
  g_assert_cmpstr (got->name, ==, "Le salon");
  g_assert_cmpstr (got->nick, ==, "Alice");
  g_assert_true (got->autojoin);

  watch_clear (&a_watch);
  watch_clear (&b_watch);
  watch_clear (&c_watch);
}

int
main (int   argc,
      char *argv[])
{
  static const CauTestProsodyOptions no_sync = { .no_bookmarks_sync = TRUE };

  g_test_init (&argc, &argv, NULL);

  g_test_add ("/cau/bookmarks/shared", Fixture, NULL, cau_test_engine_setup, test_shared,
              cau_test_engine_teardown);
  g_test_add ("/cau/bookmarks/retract", Fixture, NULL, cau_test_engine_setup, test_retract,
              cau_test_engine_teardown);
  g_test_add ("/cau/bookmarks/stranger", Fixture, NULL, cau_test_engine_setup, test_stranger,
              cau_test_engine_teardown);
  g_test_add ("/cau/bookmarks/extensions-kept", Fixture, NULL, cau_test_engine_setup,
              test_extensions_kept, cau_test_engine_teardown);
  g_test_add ("/cau/bookmarks/private-storage", Fixture, &no_sync, cau_test_engine_setup,
              test_private_storage, cau_test_engine_teardown);
  return g_test_run ();
}
