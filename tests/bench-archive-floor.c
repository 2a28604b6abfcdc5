/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "bench-archive-floor.h"
#include "xmpp/xeps/cau-xep-messages.h"

#include <strophe.h>

#define PAGE 250
#define QUERY_ID "floor"
#define GIVE_UP_MS (300 * 1000)

/* Pages backwards from the newest message: the same messages, and the same
 * work for the server, as a catch-up forward from the one before them. */
typedef struct {
  xmpp_ctx_t  *ctx;
  guint        wanted;
  guint        received;
  guint        pages;
  gint64       started_us;
  gint64       finished_us;
  char        *before;   /* the oldest id so far; NULL before the first page */
  char        *failure;
} Reader;

static void send_query (xmpp_conn_t *conn, Reader *reader);

static void
finish (xmpp_conn_t *conn,
        Reader      *reader,
        const char  *failure)
{
  if (failure != NULL && reader->failure == NULL)
    reader->failure = g_strdup (failure);
  if (reader->finished_us == 0)
    reader->finished_us = g_get_monotonic_time ();
  xmpp_disconnect (conn);
}

static int
result_cb (xmpp_conn_t   *conn,
           xmpp_stanza_t *stanza,
           void          *data)
{
  Reader *reader = data;

  if (g_strcmp0 (cau_xmpp_mam_result_query_id (stanza), QUERY_ID) == 0)
    reader->received++;
  return 1;
}

static int
page_cb (xmpp_conn_t   *conn,
         xmpp_stanza_t *stanza,
         void          *data)
{
  Reader *reader = data;
  g_autofree char *first_id = NULL;
  gboolean complete;

  reader->pages++;
  if (!cau_xmpp_parse_mam_fin (stanza, &complete, &first_id, NULL))
    finish (conn, reader, "the archive query failed");
  else if (reader->received >= reader->wanted || first_id == NULL || complete)
    finish (conn, reader, NULL);
  else
    {
      g_free (reader->before);
      reader->before = g_steal_pointer (&first_id);
      send_query (conn, reader);
    }
  return 0;
}

static void
send_query (xmpp_conn_t *conn,
            Reader      *reader)
{
  g_autofree char *id = g_strdup_printf ("page-%u", reader->pages);
  /* "" asks for the newest page. */
  xmpp_stanza_t *iq = cau_xmpp_build_mam_query (reader->ctx, id, QUERY_ID, NULL, NULL,
                                                reader->before ? reader->before : "", PAGE);

  xmpp_id_handler_add (conn, page_cb, id, reader);
  xmpp_send (conn, iq);
  xmpp_stanza_release (iq);
}

static int
give_up_cb (xmpp_conn_t *conn,
            void        *data)
{
  finish (conn, data, "no answer in time");
  return 0;
}

static void
connection_cb (xmpp_conn_t         *conn,
               xmpp_conn_event_t    status,
               int                  error,
               xmpp_stream_error_t *stream_error,
               void                *data)
{
  Reader *reader = data;

  if (status == XMPP_CONN_CONNECT)
    {
      xmpp_handler_add (conn, result_cb, NULL, "message", NULL, reader);
      xmpp_timed_handler_add (conn, give_up_cb, GIVE_UP_MS, reader);
      reader->started_us = g_get_monotonic_time ();
      send_query (conn, reader);
      return;
    }
  if (reader->finished_us == 0)
    finish (conn, reader, "the connection failed or ended");
  xmpp_stop (reader->ctx);
}

gboolean
cau_bench_read_archive_tail (const char      *host,
                             guint16          port,
                             const char      *jid,
                             const char      *password,
                             guint            count,
                             gboolean         stream_management,
                             CauArchiveFloor *floor,
                             GError         **error)
{
  Reader reader = { .wanted = count };
  xmpp_conn_t *conn;
  long flags = XMPP_CONN_FLAG_MANDATORY_TLS | XMPP_CONN_FLAG_TRUST_TLS;

  xmpp_initialize ();
  reader.ctx = xmpp_ctx_new (NULL, NULL);
  conn = xmpp_conn_new (reader.ctx);
  if (!stream_management)
    flags |= XMPP_CONN_FLAG_DISABLE_SM;
  xmpp_conn_set_flags (conn, flags);
  xmpp_conn_set_jid (conn, jid);
  xmpp_conn_set_pass (conn, password);
  if (xmpp_connect_client (conn, host, port, connection_cb, &reader) == XMPP_EOK)
    xmpp_run (reader.ctx);
  else
    reader.failure = g_strdup ("could not connect");

  floor->messages = reader.received;
  floor->pages = reader.pages;
  floor->wall_ms = (reader.finished_us - reader.started_us) / 1000.0;
  xmpp_conn_release (conn);
  xmpp_ctx_free (reader.ctx);
  g_free (reader.before);
  if (reader.failure != NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s", reader.failure);
      g_free (reader.failure);
      return FALSE;
    }
  return TRUE;
}
