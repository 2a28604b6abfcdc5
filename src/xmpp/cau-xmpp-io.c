/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-xmpp-io.h"
#include "cau-xmpp-utils.h"

#include <netinet/in.h>
#include <poll.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#define RUN_PASSES 4

typedef struct {
  GSource    source;
  CauXmppIo *io;
} IoSource;

struct _CauXmppIo
{
  GSource       *source;
  gpointer       tag;
  int            fd;
  xmpp_ctx_t    *ctx;
  CauXmppIoFunc  after_io;
  gpointer       user_data;

  char         **pins;
  CauXmppCertInfo *rejected_cert;
};

/* libstrophe's socket and certificate callbacks get no user data, only
 * something that leads to the context: so each context maps to its io. */
G_LOCK_DEFINE_STATIC (io_by_ctx);
static GHashTable *io_by_ctx;

static CauXmppIo *
io_for_ctx (xmpp_ctx_t *ctx)
{
  CauXmppIo *io;

  G_LOCK (io_by_ctx);
  io = io_by_ctx ? g_hash_table_lookup (io_by_ctx, ctx) : NULL;
  G_UNLOCK (io_by_ctx);
  return io;
}

static gboolean
io_dispatch (GSource     *source,
             GSourceFunc  callback,
             gpointer     user_data)
{
  CauXmppIo *io = ((IoSource *) source)->io;
  gboolean readable = FALSE;

  if (io->tag != NULL)
    readable = (g_source_query_unix_fd (source, io->tag) & (G_IO_IN | G_IO_HUP | G_IO_ERR)) != 0;

  if (G_UNLIKELY (cau_xmpp_unsafe_debug ()))
    g_debug ("io wake-up: readable %d", readable);
  cau_xmpp_io_run (io);
  io->after_io (io->user_data, readable);
  return G_SOURCE_CONTINUE;
}

static GSourceFuncs io_source_funcs = {
  .dispatch = io_dispatch,
};

CauXmppIo *
cau_xmpp_io_new (GMainContext  *context,
                 xmpp_ctx_t    *ctx,
                 CauXmppIoFunc  after_io,
                 gpointer       user_data)
{
  CauXmppIo *io = g_new0 (CauXmppIo, 1);
  IoSource *source = (IoSource *) g_source_new (&io_source_funcs, sizeof (IoSource));

  source->io = io;
  io->source = (GSource *) source;
  io->fd = -1;
  io->ctx = ctx;
  io->after_io = after_io;
  io->user_data = user_data;
  g_source_set_name (io->source, "cau-xmpp-io");
  g_source_attach (io->source, context);

  G_LOCK (io_by_ctx);
  if (io_by_ctx == NULL)
    io_by_ctx = g_hash_table_new (NULL, NULL);
  g_hash_table_insert (io_by_ctx, ctx, io);
  G_UNLOCK (io_by_ctx);
  return io;
}

void
cau_xmpp_io_free (CauXmppIo *io)
{
  if (io == NULL)
    return;
  G_LOCK (io_by_ctx);
  g_hash_table_remove (io_by_ctx, io->ctx);
  G_UNLOCK (io_by_ctx);
  g_strfreev (io->pins);
  cau_xmpp_cert_info_free (io->rejected_cert);
  g_source_destroy (io->source);
  g_source_unref (io->source);
  g_free (io);
}

void
cau_xmpp_io_unwatch (CauXmppIo *io)
{
  if (io->tag != NULL)
    {
      g_source_remove_unix_fd (io->source, io->tag);
      io->tag = NULL;
    }
  io->fd = -1;
}

void
cau_xmpp_io_watch (CauXmppIo *io,
                   int        fd)
{
  cau_xmpp_io_unwatch (io);
  io->fd = fd;
  io->tag = g_source_add_unix_fd (io->source, fd, G_IO_IN | G_IO_OUT);
}

int
cau_xmpp_io_get_fd (CauXmppIo *io)
{
  return io->fd;
}

void
cau_xmpp_io_run (CauXmppIo *io)
{
  for (guint i = 0; i < RUN_PASSES; i++)
    xmpp_run_once (io->ctx, 0);
}

static gboolean
socket_writable (int fd)
{
  struct pollfd pfd = { .fd = fd, .events = POLLOUT };

  return poll (&pfd, 1, 0) == 1 && (pfd.revents & POLLOUT) != 0;
}

void
cau_xmpp_io_update (CauXmppIo   *io,
                    xmpp_conn_t *conn)
{
  GIOCondition cond = G_IO_IN;

  if (io->tag == NULL || conn == NULL)
    return;

  /* A closed socket would poll as invalid forever. */
  if (xmpp_conn_is_disconnected (conn))
    {
      cau_xmpp_io_unwatch (io);
      return;
    }

  /* libstrophe reports its queue of stanzas but not of protocol elements
   * (stream headers, SASL, <r/>, <a/>). It writes until the socket would
   * block, so a socket that cannot take more means something may wait. */
  if (xmpp_conn_is_connecting (conn) || xmpp_conn_send_queue_len (conn) > 0 ||
      !socket_writable (io->fd))
    cond |= G_IO_OUT;
  g_source_modify_unix_fd (io->source, io->tag, cond);
}

static int
sockopt_cb (xmpp_conn_t *conn,
            void        *sock)
{
  CauXmppIo *io = io_for_ctx (xmpp_conn_get_context (conn));

  int fd = *(int *) sock;
  int one = 1;

  if (io != NULL)
    cau_xmpp_io_watch (io, fd);
  /* Stanzas are small and each is written whole: Nagle only delays
   * them. Quick ACKs during the handshake keep the server's own Nagle
   * from waiting on our delayed ACK (40 ms per round trip). */
  setsockopt (fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  setsockopt (fd, IPPROTO_TCP, TCP_QUICKACK, &one, sizeof one);
  return xmpp_sockopt_cb_keepalive (conn, sock);
}

/* Runs inside the TLS handshake and must answer at once: accept a pinned
 * certificate, otherwise keep what a person needs to decide and refuse. */
static int
certfail_cb (const xmpp_tlscert_t *cert,
             const char *const     errormsg)
{
  CauXmppIo *io = io_for_ctx (xmpp_tlscert_get_ctx (cert));
  g_autoptr(CauXmppCertInfo) info = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autofree char *sha256 = NULL;
  const char *name;

  if (io == NULL)
    return 0;

  sha256 = cau_xmpp_normalize_fingerprint (xmpp_tlscert_get_string (cert,
                                                                    XMPP_CERT_FINGERPRINT_SHA256));
  if (sha256 != NULL && io->pins != NULL &&
      g_strv_contains ((const char * const *) io->pins, sha256))
    return 1;

  info = g_new0 (CauXmppCertInfo, 1);
  info->subject = g_strdup (xmpp_tlscert_get_string (cert, XMPP_CERT_SUBJECT));
  info->issuer = g_strdup (xmpp_tlscert_get_string (cert, XMPP_CERT_ISSUER));
  info->not_before = g_strdup (xmpp_tlscert_get_string (cert, XMPP_CERT_NOTBEFORE));
  info->not_after = g_strdup (xmpp_tlscert_get_string (cert, XMPP_CERT_NOTAFTER));
  info->sha256 = g_steal_pointer (&sha256);
  info->error = g_strdup (errormsg);
  info->pem = g_strdup (xmpp_tlscert_get_pem (cert));
  for (gsize n = 0; n < 64 && (name = xmpp_tlscert_get_dnsname (cert, n)) != NULL; n++)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_add (names, NULL);
  info->names = (char **) g_ptr_array_free (g_steal_pointer (&names), FALSE);

  cau_xmpp_cert_info_free (io->rejected_cert);
  io->rejected_cert = g_steal_pointer (&info);
  return 0;
}

void
cau_xmpp_io_install (CauXmppIo   *io,
                     xmpp_conn_t *conn)
{
  g_assert (xmpp_conn_get_context (conn) == io->ctx);

  xmpp_conn_set_sockopt_callback (conn, sockopt_cb);
  xmpp_conn_set_certfail_handler (conn, certfail_cb);
}

void
cau_xmpp_io_set_pins (CauXmppIo    *io,
                      char * const *sha256)
{
  g_strfreev (io->pins);
  io->pins = g_strdupv ((char **) sha256);
}

const CauXmppCertInfo *
cau_xmpp_io_get_rejected_cert (CauXmppIo *io)
{
  return io->rejected_cert;
}

void
cau_xmpp_io_clear_rejected_cert (CauXmppIo *io)
{
  g_clear_pointer (&io->rejected_cert, cau_xmpp_cert_info_free);
}
