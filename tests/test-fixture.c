/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */

/* Tests of the integration-test fixtures themselves: Prosody and the proxy. */

#include <string.h>

#include <gio/gio.h>

#include "cau-test-prosody.h"
#include "cau-test-proxy.h"

#define STREAM_HEADER \
  "<?xml version='1.0'?><stream:stream to='%s' xmlns='jabber:client' " \
  "xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>"

/* ---- helpers ---- */

static GSocketConnection *
connect_port (guint16 port)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GError) error = NULL;
  GSocketConnection *conn;

  g_socket_client_set_timeout (client, 5);
  conn = g_socket_client_connect_to_host (client, "127.0.0.1", port, NULL, &error);
  g_assert_no_error (error);
  g_socket_set_timeout (g_socket_connection_get_socket (conn), 5);
  return conn;
}

static gboolean
port_refuses (guint16 port)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) conn = NULL;
  g_autoptr(GError) error = NULL;

  conn = g_socket_client_connect_to_host (client, "127.0.0.1", port, NULL, &error);
  return conn == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);
}

/* Sends an XMPP stream header and reads until @until is seen (or EOF, or
 * the socket timeout).  Returns all that was read. */
static char *
stream_exchange (GIOStream  *stream,
                 const char *domain,
                 const char *until)
{
  g_autofree char *header = g_strdup_printf (STREAM_HEADER, domain);
  g_autoptr(GString) got = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  GInputStream *in = g_io_stream_get_input_stream (stream);
  GOutputStream *out = g_io_stream_get_output_stream (stream);

  g_output_stream_write_all (out, header, strlen (header), NULL, NULL, &error);
  g_assert_no_error (error);

  while (strstr (got->str, until) == NULL)
    {
      char buf[4096];
      gssize n = g_input_stream_read (in, buf, sizeof buf, NULL, &error);

      if (n <= 0)
        break;
      g_string_append_len (got, buf, n);
    }
  g_test_message ("server said: %s", got->str);
  return g_string_free (g_steal_pointer (&got), FALSE);
}

/* Reads once: returns the byte count, 0 on EOF, -1 on error. */
static gssize
read_once (GSocketConnection *conn)
{
  g_autoptr(GError) error = NULL;
  char buf[4096];
  gssize n;

  n = g_input_stream_read (g_io_stream_get_input_stream (G_IO_STREAM (conn)),
                           buf, sizeof buf, NULL, &error);
  if (n < 0)
    g_test_message ("read error: %s", error->message);
  return n;
}

/* Reads until EOF or error (what was in flight comes first); returns the last result. */
static gssize
read_until_closed (GSocketConnection *conn)
{
  gssize n;

  while ((n = read_once (conn)) > 0)
    ;
  return n;
}

static CauTestProsody *
start_prosody (const CauTestProsodyOptions *options)
{
  g_autoptr(GError) error = NULL;
  CauTestProsody *prosody = cau_test_prosody_start (options, &error);

  g_assert_no_error (error);
  g_assert_nonnull (prosody);
  return prosody;
}

/* Waits (≤ 2 s) for a counter of the proxy to reach a value. */
static guint
wait_active (CauTestProxy *proxy,
             guint         want)
{
  for (int i = 0; i < 200 && cau_test_proxy_get_active (proxy) != want; i++)
    g_usleep (10 * 1000);
  return cau_test_proxy_get_active (proxy);
}

/* ---- cau_test_free_port ---- */

static void
test_free_port (void)
{
  guint16 port = cau_test_free_port ();

  g_assert_cmpuint (port, >, 0);
  g_assert_true (port_refuses (port));
}

/* ---- Prosody ---- */

static void
test_prosody_start (void)
{
  g_autoptr(CauTestProsody) prosody = start_prosody (NULL);
  g_autoptr(GSocketConnection) conn = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *reply = NULL;
  g_autofree char *dir = NULL;
  const char *sha;

  g_assert_cmpstr (cau_test_prosody_get_domain (prosody), ==, "localhost");
  g_assert_cmpstr (cau_test_prosody_get_muc_domain (prosody), ==, "conference.localhost");
  g_assert_cmpstr (cau_test_prosody_get_upload_domain (prosody), ==, "upload.localhost");
  g_assert_cmpuint (cau_test_prosody_get_port (prosody), >, 0);
  g_assert_cmpuint (cau_test_prosody_get_direct_tls_port (prosody), ==, 0);
  g_assert_true (g_file_test (cau_test_prosody_get_cert_path (prosody), G_FILE_TEST_IS_REGULAR));
  g_assert_true (cau_test_prosody_is_running (prosody));
  sha = cau_test_prosody_get_cert_sha256 (prosody);
  g_assert_cmpuint (strlen (sha), ==, 64);
  for (const char *p = sha; *p; p++)
    g_assert_true (g_ascii_isdigit (*p) || (*p >= 'a' && *p <= 'f'));

  cau_test_prosody_register (prosody, "alice", "alice-password", &error);
  g_assert_no_error (error);
  cau_test_prosody_register (prosody, "bob", "bob-password", &error);
  g_assert_no_error (error);

  conn = connect_port (cau_test_prosody_get_port (prosody));
  reply = stream_exchange (G_IO_STREAM (conn), "localhost", "</stream:features>");
  g_assert_nonnull (strstr (reply, "<stream:stream"));
  g_assert_nonnull (strstr (reply, "starttls"));
  g_assert_nonnull (strstr (reply, "urn:ietf:params:xml:ns:xmpp-tls"));

  /* The temporary directory goes with the fixture. */
  dir = g_strdup (cau_test_prosody_get_dir (prosody));
  g_assert_true (g_file_test (dir, G_FILE_TEST_IS_DIR));
  g_clear_object (&conn);
  g_clear_pointer (&prosody, cau_test_prosody_free);
  g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));
}

static void
test_prosody_register_twice (void)
{
  g_autoptr(CauTestProsody) prosody = start_prosody (NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (cau_test_prosody_register (prosody, "carol", "pw1", &error));
  g_assert_no_error (error);
  g_assert_false (cau_test_prosody_register (prosody, "carol", "pw2", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_clear_error (&error);
  /* Also case-insensitively: JID localparts are case-folded. */
  g_assert_false (cau_test_prosody_register (prosody, "Carol", "pw2", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
}

static void
test_prosody_restart (void)
{
  g_autoptr(CauTestProsody) prosody = start_prosody (NULL);
  g_autoptr(GSocketConnection) conn = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *reply = NULL;
  guint16 port = cau_test_prosody_get_port (prosody);

  g_assert_true (cau_test_prosody_register (prosody, "dave", "pw", &error));
  g_assert_true (cau_test_prosody_restart (prosody, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (cau_test_prosody_get_port (prosody), ==, port);
  g_assert_true (cau_test_prosody_is_running (prosody));

  /* Same data: the account is still there. */
  g_assert_false (cau_test_prosody_register (prosody, "dave", "pw", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_clear_error (&error);

  conn = connect_port (port);
  reply = stream_exchange (G_IO_STREAM (conn), "localhost", "</stream:features>");
  g_assert_nonnull (strstr (reply, "starttls"));
  g_clear_object (&conn);

  /* After a crash too. */
  g_assert_true (cau_test_prosody_kill (prosody));
  g_assert_true (port_refuses (port));
  g_assert_true (cau_test_prosody_restart (prosody, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (cau_test_prosody_get_port (prosody), ==, port);
  g_assert_false (port_refuses (port));
}

static void
test_prosody_stop (void)
{
  g_autoptr(CauTestProsody) prosody = start_prosody (NULL);
  g_autoptr(GError) error = NULL;
  guint16 port = cau_test_prosody_get_port (prosody);
  g_autofree char *pid_file = g_build_filename (cau_test_prosody_get_dir (prosody),
                                                "prosody.pid", NULL);

  g_assert_true (g_file_test (pid_file, G_FILE_TEST_EXISTS));
  g_assert_false (port_refuses (port));
  g_assert_true (cau_test_prosody_stop (prosody));
  g_assert_false (cau_test_prosody_is_running (prosody));
  g_assert_true (port_refuses (port));
  /* Stopping twice is harmless; the shell needs a running server. */
  g_assert_true (cau_test_prosody_stop (prosody));
  g_assert_false (cau_test_prosody_shell (prosody, "return 1", NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED);
}

static void
test_prosody_contacts (void)
{
  g_autoptr(CauTestProsody) prosody = start_prosody (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  const char *query =
    "local r = require \"core.rostermanager\"; "
    "return r.load_roster (\"alice\", \"localhost\")[\"bob@localhost\"].subscription"
    " .. \"/\" .. r.load_roster (\"bob\", \"localhost\")[\"alice@localhost\"].subscription";

  g_assert_true (cau_test_prosody_register (prosody, "alice", "pw", &error));
  g_assert_true (cau_test_prosody_register (prosody, "bob", "pw", &error));

  g_assert_true (cau_test_prosody_shell (prosody, "return 6 * 7", &out, &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (out, "42"));
  g_clear_pointer (&out, g_free);

  g_assert_true (cau_test_prosody_make_contacts (prosody, "alice", "bob", &error));
  g_assert_no_error (error);
  g_assert_true (cau_test_prosody_shell (prosody, query, &out, &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (out, "both/both"));
  g_clear_pointer (&out, g_free);

  /* Stored, not only cached. */
  g_assert_true (cau_test_prosody_restart (prosody, &error));
  g_assert_no_error (error);
  g_assert_true (cau_test_prosody_shell (prosody, query, &out, &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (out, "both/both"));

  /* Unknown users are reported. */
  g_assert_false (cau_test_prosody_make_contacts (prosody, "alice", "nobody", &error));
  g_assert_nonnull (error);
  g_test_message ("expected: %s", error->message);
}

/* Speaks XMPP over direct TLS through `openssl s_client` (GIO may have no TLS
 * backend here), trusting only the fixture's certificate, for @verify_name. */
static char *
direct_tls_session (CauTestProsody *prosody,
                    const char     *verify_name)
{
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *header = g_strdup_printf (STREAM_HEADER, cau_test_prosody_get_domain (prosody));
  g_autofree char *port = g_strdup_printf ("%u", cau_test_prosody_get_direct_tls_port (prosody));
  char *out = NULL;
  const char *argv[] = {
    "sh", "-c",
    "{ printf '%s' \"$1\"; sleep 0.5; } | openssl s_client -connect 127.0.0.1:\"$2\" "
    "-servername \"$3\" -CAfile \"$4\" -verify_hostname \"$5\" -verify_return_error "
    "-showcerts 2>&1",
    "sh", header, port, cau_test_prosody_get_domain (prosody),
    cau_test_prosody_get_cert_path (prosody), verify_name, NULL
  };

  proc = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_test_message ("s_client said: %s", out);
  return out;
}

static void
check_cert_sha256 (CauTestProsody *prosody)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  const char *argv[] = {
    "sh", "-c", "openssl x509 -in \"$1\" -outform DER | sha256sum", "sh",
    cau_test_prosody_get_cert_path (prosody), NULL
  };

  proc = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (out, cau_test_prosody_get_cert_sha256 (prosody)));
}

static void
test_prosody_direct_tls (void)
{
  CauTestProsodyOptions options = { .direct_tls = TRUE, .allow_registration = TRUE };
  g_autoptr(CauTestProsody) prosody = start_prosody (&options);
  g_autofree char *reply = NULL;
  g_autofree char *pem = NULL;
  g_autoptr(GError) error = NULL;
  const char *block;

  g_assert_cmpuint (cau_test_prosody_get_direct_tls_port (prosody), >, 0);
  g_assert_cmpuint (cau_test_prosody_get_direct_tls_port (prosody), !=,
                    cau_test_prosody_get_port (prosody));
  check_cert_sha256 (prosody);

  reply = direct_tls_session (prosody, "localhost");
  g_assert_nonnull (strstr (reply, "Verify return code: 0 (ok)"));
  /* The server presents the fixture's certificate. */
  g_file_get_contents (cau_test_prosody_get_cert_path (prosody), &pem, NULL, &error);
  g_assert_no_error (error);
  block = strstr (pem, "-----BEGIN CERTIFICATE-----");
  g_assert_nonnull (block);
  g_assert_nonnull (strstr (reply, block));
  /* Encrypted: SASL offered, STARTTLS not, and in-band registration open. */
  g_assert_nonnull (strstr (reply, "</stream:features>"));
  g_assert_nonnull (strstr (reply, "urn:ietf:params:xml:ns:xmpp-sasl"));
  g_assert_nonnull (strstr (reply, "SCRAM-SHA-1"));
  g_assert_null (strstr (reply, "xmpp-tls"));
  g_assert_nonnull (strstr (reply, "http://jabber.org/features/iq-register"));
}

static void
test_prosody_domain (void)
{
  CauTestProsodyOptions options = { .direct_tls = TRUE, .domain = "causerie.test" };
  g_autoptr(CauTestProsody) prosody = start_prosody (&options);
  g_autoptr(GError) error = NULL;
  g_autofree char *reply = NULL;
  g_autofree char *wrong = NULL;

  g_assert_cmpstr (cau_test_prosody_get_domain (prosody), ==, "causerie.test");
  g_assert_cmpstr (cau_test_prosody_get_muc_domain (prosody), ==, "conference.causerie.test");
  g_assert_true (g_str_has_suffix (cau_test_prosody_get_cert_path (prosody), "causerie.test.crt"));
  check_cert_sha256 (prosody);

  g_assert_true (cau_test_prosody_register (prosody, "erin", "pw", &error));
  g_assert_no_error (error);

  reply = direct_tls_session (prosody, "causerie.test");
  g_assert_nonnull (strstr (reply, "Verify return code: 0 (ok)"));
  g_assert_nonnull (strstr (reply, "from='causerie.test'"));
  g_assert_nonnull (strstr (reply, "</stream:features>"));
  /* Registration closed by default. */
  g_assert_null (strstr (reply, "iq-register"));

  /* The certificate names the domain, not any other. */
  wrong = direct_tls_session (prosody, "example.org");
  g_assert_nonnull (strstr (wrong, "hostname mismatch"));
  g_assert_null (strstr (wrong, "</stream:features>"));
}

/* ---- proxy ---- */

static void
test_proxy_forward (void)
{
  g_autoptr(CauTestProsody) prosody = start_prosody (NULL);
  g_autoptr(CauTestProxy) proxy = NULL;
  g_autoptr(GSocketConnection) conn = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *reply = NULL;

  proxy = cau_test_proxy_new (cau_test_prosody_get_port (prosody), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cau_test_proxy_get_port (proxy), >, 0);
  g_assert_cmpuint (cau_test_proxy_get_port (proxy), !=, cau_test_prosody_get_port (prosody));
  g_assert_cmpuint (cau_test_proxy_get_accepted (proxy), ==, 0);

  conn = connect_port (cau_test_proxy_get_port (proxy));
  reply = stream_exchange (G_IO_STREAM (conn), "localhost", "</stream:features>");
  g_assert_nonnull (strstr (reply, "starttls"));
  g_assert_cmpuint (cau_test_proxy_get_accepted (proxy), ==, 1);
  g_assert_cmpuint (cau_test_proxy_get_active (proxy), ==, 1);

  cau_test_proxy_cut_all (proxy);
  g_assert_cmpuint (cau_test_proxy_get_active (proxy), ==, 0);
  g_assert_cmpint (read_once (conn), <=, 0);
  g_clear_object (&conn);

  /* The proxy still accepts after a cut. */
  conn = connect_port (cau_test_proxy_get_port (proxy));
  g_clear_pointer (&reply, g_free);
  reply = stream_exchange (G_IO_STREAM (conn), "localhost", "</stream:features>");
  g_assert_nonnull (strstr (reply, "starttls"));
  g_assert_cmpuint (cau_test_proxy_get_accepted (proxy), ==, 2);

  /* A client that hangs up is forgotten. */
  g_clear_object (&conn);
  g_assert_cmpuint (wait_active (proxy, 0), ==, 0);

  /* The server going away closes the client side. */
  conn = connect_port (cau_test_proxy_get_port (proxy));
  g_assert_cmpuint (wait_active (proxy, 1), ==, 1);
  cau_test_prosody_stop (prosody);
  g_assert_cmpint (read_until_closed (conn), <=, 0);
  /* TCP half-close is passed on: the proxy's connection ends when both sides have. */
  g_clear_object (&conn);
  g_assert_cmpuint (wait_active (proxy, 0), ==, 0);
}

/* A blocking echo server on its own thread: one connection, until it fails. */
typedef struct {
  GSocket *listener;
  gint     echoed;    /* atomic */
} Echo;

static gpointer
echo_thread (gpointer data)
{
  Echo *echo = data;
  g_autoptr(GSocket) sock = g_socket_accept (echo->listener, NULL, NULL);
  char buf[8192];

  if (sock == NULL)
    return NULL;
  for (;;)
    {
      gssize n = g_socket_receive (sock, buf, sizeof buf, NULL, NULL);
      gssize done = 0;

      if (n <= 0)
        break;
      /* A blocking send may still write only part (a signal in between):
       * the rest follows, or the echo would end the stream early. */
      while (done < n)
        {
          gssize sent = g_socket_send (sock, buf + done, n - done, NULL, NULL);

          if (sent <= 0)
            break;
          done += sent;
        }
      if (done < n)
        break;
      g_atomic_int_add (&echo->echoed, (gint) n);
    }
  g_socket_close (sock, NULL);
  return NULL;
}

typedef struct {
  GSocketConnection *conn;
  gint               sent;    /* atomic */
  gint               failed;  /* atomic */
} Writer;

static gpointer
writer_thread (gpointer data)
{
  Writer *w = data;
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (w->conn));
  char chunk[4096];

  memset (chunk, 'x', sizeof chunk);
  for (int i = 0; i < 100000; i++)
    {
      if (g_output_stream_write (out, chunk, sizeof chunk, NULL, NULL) <= 0)
        {
          g_atomic_int_set (&w->failed, 1);
          break;
        }
      g_atomic_int_add (&w->sent, (gint) sizeof chunk);
    }
  return NULL;
}

static void
test_proxy_cut_during_traffic (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) listener = NULL;
  g_autoptr(GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) addr = g_inet_socket_address_new (lo, 0);
  g_autoptr(GSocketAddress) local = NULL;
  g_autoptr(CauTestProxy) proxy = NULL;
  g_autoptr(GSocketConnection) conn = NULL;
  GThread *echo_t, *writer_t;
  Echo echo = { 0 };
  Writer writer = { 0 };
  gssize got = 0;
  gssize n;

  listener = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                           &error);
  g_assert_no_error (error);
  g_socket_bind (listener, addr, TRUE, &error);
  g_assert_no_error (error);
  g_socket_listen (listener, &error);
  g_assert_no_error (error);
  local = g_socket_get_local_address (listener, &error);
  echo.listener = listener;
  echo_t = g_thread_new ("echo", echo_thread, &echo);

  proxy = cau_test_proxy_new (g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local)),
                              &error);
  g_assert_no_error (error);
  conn = connect_port (cau_test_proxy_get_port (proxy));
  writer.conn = conn;
  writer_t = g_thread_new ("writer", writer_thread, &writer);

  /* Let some megabytes go round, reading the echo as it comes. */
  while (got < 2 * 1024 * 1024)
    {
      char buf[65536];

      n = g_input_stream_read (g_io_stream_get_input_stream (G_IO_STREAM (conn)),
                               buf, sizeof buf, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpint (n, >, 0);
      got += n;
    }
  g_assert_cmpuint (cau_test_proxy_get_active (proxy), ==, 1);

  cau_test_proxy_cut_all (proxy);
  g_assert_cmpuint (cau_test_proxy_get_active (proxy), ==, 0);

  /* The client sees the end: what was in flight, then EOF or reset. */
  g_assert_cmpint (read_until_closed (conn), <=, 0);

  g_thread_join (writer_t);
  g_assert_cmpint (g_atomic_int_get (&writer.failed), ==, 1);
  g_thread_join (echo_t);   /* the upstream side was cut too */
  g_test_message ("sent %d, echoed %d before the cut",
                  g_atomic_int_get (&writer.sent), g_atomic_int_get (&echo.echoed));
}

static void
test_proxy_blocked (void)
{
  g_autoptr(CauTestProsody) prosody = start_prosody (NULL);
  g_autoptr(CauTestProxy) proxy = NULL;
  g_autoptr(GSocketConnection) conn = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *reply = NULL;

  proxy = cau_test_proxy_new (cau_test_prosody_get_port (prosody), &error);
  g_assert_no_error (error);

  cau_test_proxy_set_blocked (proxy, TRUE);
  conn = connect_port (cau_test_proxy_get_port (proxy));
  g_assert_cmpint (read_once (conn), <=, 0);
  g_assert_cmpuint (cau_test_proxy_get_accepted (proxy), ==, 1);
  g_assert_cmpuint (cau_test_proxy_get_active (proxy), ==, 0);
  g_clear_object (&conn);

  cau_test_proxy_set_blocked (proxy, FALSE);
  conn = connect_port (cau_test_proxy_get_port (proxy));
  reply = stream_exchange (G_IO_STREAM (conn), "localhost", "</stream:features>");
  g_assert_nonnull (strstr (reply, "starttls"));
  g_assert_cmpuint (cau_test_proxy_get_accepted (proxy), ==, 2);
}

static void
test_proxy_target_down (void)
{
  g_autoptr(CauTestProxy) proxy = NULL;
  g_autoptr(GSocketConnection) conn = NULL;
  g_autoptr(GError) error = NULL;

  proxy = cau_test_proxy_new (cau_test_free_port (), &error);
  g_assert_no_error (error);
  conn = connect_port (cau_test_proxy_get_port (proxy));
  g_assert_cmpint (read_once (conn), <=, 0);
  g_assert_cmpuint (cau_test_proxy_get_accepted (proxy), ==, 1);
  g_assert_cmpuint (cau_test_proxy_get_active (proxy), ==, 0);
}

static void
test_proxy_silent (void)
{
  g_autoptr(CauTestProxy) proxy = NULL;
  g_autoptr(GSocketConnection) conn = NULL;
  g_autoptr(GError) error = NULL;
  GSocket *sock;
  g_autofree char *header = g_strdup_printf (STREAM_HEADER, "localhost");

  proxy = cau_test_proxy_new_silent (&error);
  g_assert_no_error (error);
  conn = connect_port (cau_test_proxy_get_port (proxy));
  sock = g_socket_connection_get_socket (conn);
  g_socket_send (sock, header, strlen (header), NULL, &error);
  g_assert_no_error (error);

  /* Nothing comes back, and the connection stays open. */
  g_assert_false (g_socket_condition_timed_wait (sock, G_IO_IN, 300 * 1000, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
  g_clear_error (&error);
  g_assert_cmpuint (cau_test_proxy_get_accepted (proxy), ==, 1);
  g_assert_cmpuint (wait_active (proxy, 1), ==, 1);

  /* cut_all works on silent connections too. */
  cau_test_proxy_cut_all (proxy);
  g_assert_cmpuint (cau_test_proxy_get_active (proxy), ==, 0);
  g_assert_cmpint (read_once (conn), <=, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cau/fixture/free-port", test_free_port);
  g_test_add_func ("/cau/fixture/prosody/start", test_prosody_start);
  g_test_add_func ("/cau/fixture/prosody/register-twice", test_prosody_register_twice);
  g_test_add_func ("/cau/fixture/prosody/restart", test_prosody_restart);
  g_test_add_func ("/cau/fixture/prosody/stop", test_prosody_stop);
  g_test_add_func ("/cau/fixture/prosody/contacts", test_prosody_contacts);
  g_test_add_func ("/cau/fixture/prosody/direct-tls", test_prosody_direct_tls);
  g_test_add_func ("/cau/fixture/prosody/domain", test_prosody_domain);
  g_test_add_func ("/cau/fixture/proxy/forward", test_proxy_forward);
  g_test_add_func ("/cau/fixture/proxy/cut-during-traffic", test_proxy_cut_during_traffic);
  g_test_add_func ("/cau/fixture/proxy/blocked", test_proxy_blocked);
  g_test_add_func ("/cau/fixture/proxy/target-down", test_proxy_target_down);
  g_test_add_func ("/cau/fixture/proxy/silent", test_proxy_silent);

  return g_test_run ();
}
