/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "bench-archive-floor.h"

#include <strophe.h>

#define MAM_NS "urn:xmpp:mam:2"
#define RSM_NS "http://jabber.org/protocol/rsm"
#define PAGE "250"
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
  xmpp_stanza_t *result = xmpp_stanza_get_child_by_name_and_ns (stanza, "result", MAM_NS);

  if (result != NULL && g_strcmp0 (xmpp_stanza_get_attribute (result, "queryid"), QUERY_ID) == 0)
    reader->received++;
  return 1;
}

static int
page_cb (xmpp_conn_t   *conn,
         xmpp_stanza_t *stanza,
         void          *data)
{
  Reader *reader = data;
  xmpp_stanza_t *fin = xmpp_stanza_get_child_by_name_and_ns (stanza, "fin", MAM_NS);
  xmpp_stanza_t *set = fin ? xmpp_stanza_get_child_by_name_and_ns (fin, "set", RSM_NS) : NULL;
  xmpp_stanza_t *first = set ? xmpp_stanza_get_child_by_name (set, "first") : NULL;
  char *first_id = first ? xmpp_stanza_get_text (first) : NULL;

  reader->pages++;
  if (g_strcmp0 (xmpp_stanza_get_type (stanza), "result") != 0 || fin == NULL)
    finish (conn, reader, "the archive query failed");
  else if (reader->received >= reader->wanted || first_id == NULL ||
           g_strcmp0 (xmpp_stanza_get_attribute (fin, "complete"), "true") == 0)
    finish (conn, reader, NULL);
  else
    {
      g_free (reader->before);
      reader->before = g_strdup (first_id);
      send_query (conn, reader);
    }
  if (first_id != NULL)
    xmpp_free (reader->ctx, first_id);
  return 0;
}

static xmpp_stanza_t *
child (xmpp_stanza_t *parent,
       const char    *name,
       const char    *ns)
{
  xmpp_stanza_t *element = xmpp_stanza_new (xmpp_stanza_get_context (parent));

  xmpp_stanza_set_name (element, name);
  if (ns != NULL)
    xmpp_stanza_set_ns (element, ns);
  xmpp_stanza_add_child (parent, element);
  xmpp_stanza_release (element);
  return element;
}

static void
text_child (xmpp_stanza_t *parent,
            const char    *name,
            const char    *text)
{
  xmpp_stanza_t *element = child (parent, name, NULL);
  xmpp_stanza_t *body = xmpp_stanza_new (xmpp_stanza_get_context (parent));

  xmpp_stanza_set_text (body, text);
  xmpp_stanza_add_child (element, body);
  xmpp_stanza_release (body);
}

static void
send_query (xmpp_conn_t *conn,
            Reader      *reader)
{
  g_autofree char *id = g_strdup_printf ("page-%u", reader->pages);
  xmpp_stanza_t *iq = xmpp_iq_new (reader->ctx, "set", id);
  xmpp_stanza_t *query = child (iq, "query", MAM_NS);
  xmpp_stanza_t *set;

  xmpp_stanza_set_attribute (query, "queryid", QUERY_ID);
  set = child (query, "set", RSM_NS);
  text_child (set, "max", PAGE);
  if (reader->before == NULL)
    child (set, "before", NULL);   /* the last page */
  else
    text_child (set, "before", reader->before);
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
