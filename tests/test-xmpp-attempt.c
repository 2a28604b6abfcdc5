/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "xmpp/cau-xmpp-attempt.h"
#include "xmpp/cau-xmpp-client.h"

#include <errno.h>

/* What a connection attempt learns from libstrophe's log lines, and what
 * its failure says: no server needed (the integration tests in
 * test-connection.c reach each failure for real). */

static void
read_lines (CauXmppAttempt     *attempt,
            const char * const *lines)
{
  for (guint i = 0; lines[i] != NULL; i++)
    cau_xmpp_attempt_read_log (attempt, XMPP_LEVEL_DEBUG, "xmpp", lines[i]);
}

static GError *
explain (const CauXmppAttempt *attempt,
         int                   error,
         gboolean              was_online)
{
  return cau_xmpp_attempt_explain_failure (attempt, error, NULL, was_online, FALSE,
                                           "xmpp.example.org", "example.org");
}

static void
test_features (void)
{
  CauXmppAttempt attempt = { 0 };
  const char * const lines[] = {
    "RECV: <stream:features><starttls xmlns=\"urn:ietf:params:xml:ns:xmpp-tls\"/></stream:features>",
    "RECV: <stream:features><sm xmlns=\"urn:xmpp:sm:3\"/><csi xmlns=\"urn:xmpp:csi:0\"/>"
    "</stream:features>",
    "RECV: <enabled xmlns=\"urn:xmpp:sm:3\" id=\"x\" resume=\"true\"/>",
    NULL
  };

  read_lines (&attempt, lines);
  g_assert_true (attempt.features_sm);
  g_assert_true (attempt.features_csi);
  g_assert_true (attempt.sm_enabled_seen);
  g_assert_false (attempt.sm_failed_seen);
  g_assert_null (attempt.sasl_condition);
  cau_xmpp_attempt_clear (&attempt);
  g_assert_false (attempt.features_sm);
}

/* A stanza that merely mentions a namespace in its text is not a feature. */
static void
test_only_top_level_elements (void)
{
  CauXmppAttempt attempt = { 0 };
  const char * const lines[] = {
    "RECV: <message><body>urn:xmpp:sm:3 &lt;failure urn:ietf:params:xml:ns:xmpp-sasl</body>"
    "</message>",
    "SENT: <enabled xmlns=\"urn:xmpp:sm:3\"/>",
    NULL
  };

  read_lines (&attempt, lines);
  g_assert_false (attempt.features_sm);
  g_assert_false (attempt.sm_enabled_seen);
  g_assert_null (attempt.sasl_condition);
}

static void
test_sasl_conditions (void)
{
  struct {
    const char *line;
    int         code;
  } cases[] = {
    { "RECV: <failure xmlns=\"urn:ietf:params:xml:ns:xmpp-sasl\"><not-authorized/></failure>",
      CAU_XMPP_ERROR_AUTHENTICATION },
    { "RECV: <failure xmlns=\"urn:ietf:params:xml:ns:xmpp-sasl\"><account-disabled/>"
      "<text>Spam</text></failure>", CAU_XMPP_ERROR_ACCOUNT_DISABLED },
    { "RECV: <failure xmlns=\"urn:ietf:params:xml:ns:xmpp-sasl\"><temporary-auth-failure/>"
      "</failure>", CAU_XMPP_ERROR_CONNECTION_LOST },
    /* An unknown condition still means the sign-in was refused. */
    { "RECV: <failure xmlns=\"urn:ietf:params:xml:ns:xmpp-sasl\"><new-condition/></failure>",
      CAU_XMPP_ERROR_AUTHENTICATION },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      CauXmppAttempt attempt = { 0 };
      const char * const lines[] = { cases[i].line, NULL };
      g_autoptr(GError) error = NULL;

      read_lines (&attempt, lines);
      g_assert_nonnull (attempt.sasl_condition);
      error = explain (&attempt, 0, FALSE);
      g_assert_error (error, CAU_XMPP_ERROR, cases[i].code);
      cau_xmpp_attempt_clear (&attempt);
    }
}

static void
test_connect_errors (void)
{
  CauXmppAttempt attempt = { 0 };
  const char * const lines[] = { "connection failed, error 111", NULL };
  g_autoptr(GError) refused = NULL;
  g_autoptr(GError) timed_out = NULL;
  g_autoptr(GError) unreachable = NULL;
  g_autoptr(GError) closed = NULL;
  g_autoptr(GError) lost = NULL;

  read_lines (&attempt, lines);
  g_assert_cmpint (attempt.connect_errno, ==, 111);

  refused = explain (&attempt, ECONNREFUSED, FALSE);
  g_assert_error (refused, CAU_XMPP_ERROR, CAU_XMPP_ERROR_CONNECTION_REFUSED);
  g_assert_nonnull (strstr (refused->message, "xmpp.example.org"));
  g_assert_true (cau_xmpp_error_tries_next_target (refused));
  g_assert_false (cau_xmpp_error_is_final (refused));

  timed_out = explain (&attempt, ETIMEDOUT, FALSE);
  g_assert_error (timed_out, CAU_XMPP_ERROR, CAU_XMPP_ERROR_TIMED_OUT);
  unreachable = explain (&attempt, ENETUNREACH, FALSE);
  g_assert_error (unreachable, CAU_XMPP_ERROR, CAU_XMPP_ERROR_CONNECTION_REFUSED);
  closed = explain (&attempt, 0, FALSE);
  g_assert_error (closed, CAU_XMPP_ERROR, CAU_XMPP_ERROR_CONNECTION_LOST);
  lost = explain (&attempt, 0, TRUE);
  g_assert_error (lost, CAU_XMPP_ERROR, CAU_XMPP_ERROR_CONNECTION_LOST);
  g_assert_cmpstr (lost->message, !=, closed->message);
}

/* What the person must act on comes first, and is final. */
static void
test_precedence (void)
{
  CauXmppAttempt attempt = { .tls_failed = TRUE, .ping_failed = TRUE };
  xmpp_stream_error_t conflict = { .type = XMPP_SE_CONFLICT };
  g_autoptr(GError) certificate = NULL;
  g_autoptr(GError) replaced = NULL;
  g_autoptr(GError) silent = NULL;
  g_autoptr(GError) tls = NULL;

  certificate = cau_xmpp_attempt_explain_failure (&attempt, ECONNREFUSED, &conflict, TRUE, TRUE,
                                                  NULL, "example.org");
  g_assert_error (certificate, CAU_XMPP_ERROR, CAU_XMPP_ERROR_CERTIFICATE);
  g_assert_true (cau_xmpp_error_is_final (certificate));

  replaced = cau_xmpp_attempt_explain_failure (&attempt, 0, &conflict, TRUE, FALSE, NULL,
                                               "example.org");
  g_assert_error (replaced, CAU_XMPP_ERROR, CAU_XMPP_ERROR_CONFLICT);
  g_assert_true (cau_xmpp_error_is_final (replaced));

  silent = explain (&attempt, 0, TRUE);
  g_assert_error (silent, CAU_XMPP_ERROR, CAU_XMPP_ERROR_CONNECTION_LOST);

  attempt.ping_failed = FALSE;
  tls = explain (&attempt, 0, FALSE);
  g_assert_error (tls, CAU_XMPP_ERROR, CAU_XMPP_ERROR_TLS);
  g_assert_true (cau_xmpp_error_tries_next_target (tls));
}

static void
test_resumption_and_tls_lines (void)
{
  CauXmppAttempt attempt = { 0 };
  const char * const lines[] = { "Session resumed successfully.", NULL };

  read_lines (&attempt, lines);
  g_assert_true (attempt.resumed);
  g_assert_false (attempt.tls_failed);
  cau_xmpp_attempt_read_log (&attempt, XMPP_LEVEL_ERROR, "tls", "certificate verify failed");
  g_assert_true (attempt.tls_failed);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/xmpp-attempt/features", test_features);
  g_test_add_func ("/xmpp-attempt/only-top-level-elements", test_only_top_level_elements);
  g_test_add_func ("/xmpp-attempt/sasl-conditions", test_sasl_conditions);
  g_test_add_func ("/xmpp-attempt/connect-errors", test_connect_errors);
  g_test_add_func ("/xmpp-attempt/precedence", test_precedence);
  g_test_add_func ("/xmpp-attempt/resumption-and-tls-lines", test_resumption_and_tls_lines);
  return g_test_run ();
}
