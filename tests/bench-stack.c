/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "bench-stack.h"
#include "omemo/cau-omemo-crypto-provider.h"

#include <key_helper.h>
#include <libsecret/secret.h>
#include <malloc.h>
#include <signal_protocol.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <strophe.h>

/*
 * The floor of our memory: what the libraries the brief fixes cost when
 * each does the least a client of ours needs of it, beside the template
 * window (bench-stack-window). The password comes from the keyring
 * (libsecret), a database is opened (SQLite), an OMEMO identity is made
 * (libomemo-c on libgcrypt), and the account signs in over TLS and stays
 * online (libstrophe on OpenSSL), on a thread of its own. Like the app,
 * one malloc arena, and freed memory handed back once settled.
 */

#define SETTLE_SECONDS 10

static void
connection_cb (xmpp_conn_t         *conn,
               xmpp_conn_event_t    status,
               int                  error,
               xmpp_stream_error_t *stream_error,
               void                *data)
{
  xmpp_stanza_t *presence;
  gint64 now = g_get_monotonic_time ();

  /* A floor that did not sign in would be no floor: the benchmark fails. */
  if (status != XMPP_CONN_CONNECT)
    {
      g_printerr ("bench-stack: the connection failed or ended\n");
      exit (EXIT_FAILURE);
    }
  presence = xmpp_presence_new (xmpp_conn_get_context (conn));
  xmpp_send (conn, presence);
  xmpp_stanza_release (presence);
  /* The app's mark (cau-application.c), which the benchmark waits for. */
  g_printerr ("CAU-BENCH online %" G_GINT64_FORMAT " alice@localhost %" G_GINT64_FORMAT "\n",
              now, now);
}

static gpointer
xmpp_thread (gpointer password)
{
  xmpp_ctx_t *ctx;
  xmpp_conn_t *conn;
  const char *port = g_getenv ("CAU_BENCH_XMPP_PORT");

  xmpp_initialize ();
  ctx = xmpp_ctx_new (NULL, NULL);
  conn = xmpp_conn_new (ctx);
  xmpp_conn_set_flags (conn, XMPP_CONN_FLAG_MANDATORY_TLS | XMPP_CONN_FLAG_TRUST_TLS);
  xmpp_conn_set_jid (conn, "alice@localhost/stack");
  xmpp_conn_set_pass (conn, password);
  if (xmpp_connect_client (conn, "127.0.0.1", port ? (unsigned short) atoi (port) : 5222,
                           connection_cb, NULL) == XMPP_EOK)
    xmpp_run (ctx);
  g_free (password);
  return NULL;
}

static void
open_database (void)
{
  g_autofree char *dir = g_dir_make_tmp ("cau-bench-stack-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "stack.db", NULL);
  sqlite3 *db = NULL;

  /* Kept open, as the app keeps its own; the directory goes with /tmp. */
  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK ||
      sqlite3_exec (db, "PRAGMA journal_mode=WAL; CREATE TABLE message (id INTEGER PRIMARY KEY, "
                        "body TEXT); INSERT INTO message (body) VALUES ('hello');",
                    NULL, NULL, NULL) != SQLITE_OK)
    g_printerr ("bench-stack: %s\n", db ? sqlite3_errmsg (db) : "no database");
}

static void
make_identity (void)
{
  g_autoptr(GError) error = NULL;
  signal_context *context = NULL;
  ratchet_identity_key_pair *identity = NULL;

  if (signal_context_create (&context, NULL) != 0 ||
      !cau_omemo_crypto_provider_install (context, &error) ||
      signal_protocol_key_helper_generate_identity_key_pair (&identity, context) != 0)
    g_printerr ("bench-stack: no OMEMO identity\n");
  /* Kept, as the app keeps its context. */
}

static gboolean
give_back_memory (gpointer data)
{
  malloc_trim (0);
  return G_SOURCE_REMOVE;
}

void
cau_bench_stack_prepare (void)
{
  mallopt (M_ARENA_MAX, 1);
}

void
cau_bench_stack_start (void)
{
  g_autoptr(GError) error = NULL;
  /* The app's schema (src/core/cau-secrets.c): the same item is read. Not
   * g_autoptr: libsecret 0.20 declares its cleanup with g_object_unref(). */
  SecretSchema *schema = secret_schema_new ("im.causerie.Causerie.Password", SECRET_SCHEMA_NONE,
                                            "jid", SECRET_SCHEMA_ATTRIBUTE_STRING, NULL);
  char *secret = secret_password_lookup_sync (schema, NULL, &error,
                                              "jid", "alice@localhost", NULL);

  secret_schema_unref (schema);
  if (secret == NULL)
    g_printerr ("bench-stack: no password in the keyring: %s\n",
                error ? error->message : "not found");
  open_database ();
  make_identity ();
  g_thread_unref (g_thread_new ("xmpp", xmpp_thread, g_strdup (secret ? secret : "")));
  secret_password_free (secret);
  g_timeout_add_seconds (SETTLE_SECONDS, give_back_memory, NULL);
}
