/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-xmpp-attempt.h"
#include "cau-xmpp-private.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

/*
 * What one connection attempt revealed, and what its failure means to a
 * person. libstrophe 0.12.2 does not tell the SASL failure condition, the
 * stream features, whether stream management was enabled or a resumption
 * succeeded, nor why a TCP connect failed: we read them from its debug log
 * lines, which it formats for every stanza anyway. Nothing from them is
 * logged or kept.
 */

void
cau_xmpp_attempt_clear (CauXmppAttempt *self)
{
  g_free (self->sasl_condition);
  *self = (CauXmppAttempt) { 0 };
}

static const char *sasl_conditions[] = {
  "account-disabled", "credentials-expired", "not-authorized", "temporary-auth-failure",
  "encryption-required", "invalid-mechanism", "malformed-request", "mechanism-too-weak",
  "aborted", "incorrect-encoding", "invalid-authzid",
};

void
cau_xmpp_attempt_read_log (CauXmppAttempt   *self,
                           xmpp_log_level_t  level,
                           const char       *area,
                           const char       *msg)
{
  if (g_str_has_prefix (msg, "RECV: <"))
    {
      const char *xml = msg + strlen ("RECV: ");

      if (g_str_has_prefix (xml, "<stream:features"))
        {
          if (strstr (xml, "urn:xmpp:csi:0") != NULL)
            self->features_csi = TRUE;
          if (strstr (xml, "urn:xmpp:sm:3") != NULL)
            self->features_sm = TRUE;
        }
      else if (g_str_has_prefix (xml, "<failure") &&
               strstr (xml, "urn:ietf:params:xml:ns:xmpp-sasl") != NULL &&
               self->sasl_condition == NULL)
        {
          for (guint i = 0; i < G_N_ELEMENTS (sasl_conditions); i++)
            {
              g_autofree char *tag = g_strconcat ("<", sasl_conditions[i], NULL);

              if (strstr (xml, tag) != NULL)
                {
                  self->sasl_condition = g_strdup (sasl_conditions[i]);
                  break;
                }
            }
          if (self->sasl_condition == NULL)
            self->sasl_condition = g_strdup ("not-authorized");
        }
      else if (g_str_has_prefix (xml, "<enabled") && strstr (xml, "urn:xmpp:sm:3") != NULL)
        {
          self->sm_enabled_seen = TRUE;
        }
      else if (g_str_has_prefix (xml, "<failed") && strstr (xml, "urn:xmpp:sm:3") != NULL)
        {
          self->sm_failed_seen = TRUE;
          if (!self->connect_event_seen)
            self->sm_failed_before_connect = TRUE;
        }
      return;
    }

  /* A refused TCP connect reaches the connection handler as error 0. */
  if (g_str_has_prefix (msg, "connection failed, error "))
    self->connect_errno = atoi (msg + strlen ("connection failed, error "));
  else if (strstr (msg, "Session resumed successfully") != NULL)
    self->resumed = TRUE;
  else if (strstr (msg, "Couldn't start TLS") != NULL ||
           strstr (msg, "TLS is not supported") != NULL ||
           (g_strcmp0 (area, "tls") == 0 && level >= XMPP_LEVEL_ERROR))
    self->tls_failed = TRUE;

  /* Never the text: it may hold stanzas, SASL data or addresses. */
  if (level >= XMPP_LEVEL_WARN)
    g_debug ("libstrophe %s reported a problem (level %d)", area, level);
}

GError *
cau_xmpp_attempt_explain_failure (const CauXmppAttempt *self,
                                  int                   error,
                                  xmpp_stream_error_t  *stream_error,
                                  gboolean              was_online,
                                  gboolean              certificate_rejected,
                                  const char           *host,
                                  const char           *domain)
{
  if (certificate_rejected)
    return g_error_new (CAU_XMPP_ERROR, CAU_XMPP_ERROR_CERTIFICATE,
                        _("The certificate of “%s” is not trusted."), domain);

  if (self->sasl_condition != NULL)
    {
      if (g_str_equal (self->sasl_condition, "account-disabled"))
        return g_error_new_literal (CAU_XMPP_ERROR, CAU_XMPP_ERROR_ACCOUNT_DISABLED,
                                    _("The server has disabled this account."));
      if (g_str_equal (self->sasl_condition, "credentials-expired"))
        return g_error_new_literal (CAU_XMPP_ERROR, CAU_XMPP_ERROR_AUTHENTICATION,
                                    _("The password has expired. Change it with another app or on the server’s website."));
      if (g_str_equal (self->sasl_condition, "temporary-auth-failure"))
        return g_error_new_literal (CAU_XMPP_ERROR, CAU_XMPP_ERROR_CONNECTION_LOST,
                                    _("The server could not check the password just now."));
      return g_error_new_literal (CAU_XMPP_ERROR, CAU_XMPP_ERROR_AUTHENTICATION,
                                  _("The address or the password is wrong."));
    }

  if (stream_error != NULL)
    {
      switch (stream_error->type)
        {
        case XMPP_SE_CONFLICT:
          return g_error_new_literal (CAU_XMPP_ERROR, CAU_XMPP_ERROR_CONFLICT,
                                      _("Another device signed in with the same name and this one was signed out."));
        case XMPP_SE_NOT_AUTHORIZED:
          return g_error_new_literal (CAU_XMPP_ERROR, CAU_XMPP_ERROR_AUTHENTICATION,
                                      _("The address or the password is wrong."));
        case XMPP_SE_SYSTEM_SHUTDOWN:
          return g_error_new_literal (CAU_XMPP_ERROR, CAU_XMPP_ERROR_SERVER_SHUTDOWN,
                                      _("The server is shutting down."));
        case XMPP_SE_POLICY_VIOLATION:
          return g_error_new_literal (CAU_XMPP_ERROR, CAU_XMPP_ERROR_STREAM,
                                      _("The server closed the connection because of its rules (policy violation)."));
        case XMPP_SE_HOST_UNKNOWN:
          return g_error_new (CAU_XMPP_ERROR, CAU_XMPP_ERROR_HOST_NOT_FOUND,
                              _("The server does not serve the domain “%s”."), domain);
        case XMPP_SE_CONN_TIMEOUT:
        case XMPP_SE_HOST_GONE:
        case XMPP_SE_INTERNAL_SERVER_ERROR:
        case XMPP_SE_REMOTE_CONN_FAILED:
        case XMPP_SE_RESOURCE_CONSTRAINT:
        case XMPP_SE_SEE_OTHER_HOST:
          return g_error_new_literal (CAU_XMPP_ERROR, CAU_XMPP_ERROR_CONNECTION_LOST,
                                      _("The server closed the connection."));
        default:
          return g_error_new_literal (CAU_XMPP_ERROR, CAU_XMPP_ERROR_STREAM,
                                      _("The server reported an error and closed the connection."));
        }
    }

  if (self->ping_failed)
    return g_error_new_literal (CAU_XMPP_ERROR, CAU_XMPP_ERROR_CONNECTION_LOST,
                                _("The server stopped answering."));

  if (self->timed_out || error == ETIMEDOUT)
    return g_error_new (CAU_XMPP_ERROR, CAU_XMPP_ERROR_TIMED_OUT,
                        _("The server “%s” did not answer in time."), host ? host : domain);

  if (self->tls_failed)
    return g_error_new (CAU_XMPP_ERROR, CAU_XMPP_ERROR_TLS,
                        _("A secure connection to “%s” could not be set up."), host ? host : domain);

  if (error == ECONNREFUSED)
    return g_error_new (CAU_XMPP_ERROR, CAU_XMPP_ERROR_CONNECTION_REFUSED,
                        _("The server “%s” refused the connection."), host ? host : domain);

  if (error == EHOSTUNREACH || error == ENETUNREACH || error == ENETDOWN)
    return g_error_new (CAU_XMPP_ERROR, CAU_XMPP_ERROR_CONNECTION_REFUSED,
                        _("The server “%s” cannot be reached from this network."), host ? host : domain);

  if (was_online)
    return g_error_new_literal (CAU_XMPP_ERROR, CAU_XMPP_ERROR_CONNECTION_LOST,
                                _("The connection to the server was lost."));

  return g_error_new (CAU_XMPP_ERROR, CAU_XMPP_ERROR_CONNECTION_LOST,
                      _("The connection to “%s” was closed before signing in."), host ? host : domain);
}

gboolean
cau_xmpp_error_is_final (const GError *error)
{
  return g_error_matches (error, CAU_XMPP_ERROR, CAU_XMPP_ERROR_CERTIFICATE) ||
         g_error_matches (error, CAU_XMPP_ERROR, CAU_XMPP_ERROR_AUTHENTICATION) ||
         g_error_matches (error, CAU_XMPP_ERROR, CAU_XMPP_ERROR_ACCOUNT_DISABLED) ||
         g_error_matches (error, CAU_XMPP_ERROR, CAU_XMPP_ERROR_CONFLICT) ||
         g_error_matches (error, CAU_XMPP_ERROR, CAU_XMPP_ERROR_HOST_NOT_FOUND);
}

/* Whether another address of this attempt is worth trying for @error. */
gboolean
cau_xmpp_error_tries_next_target (const GError *error)
{
  return g_error_matches (error, CAU_XMPP_ERROR, CAU_XMPP_ERROR_CONNECTION_REFUSED) ||
         g_error_matches (error, CAU_XMPP_ERROR, CAU_XMPP_ERROR_TIMED_OUT) ||
         g_error_matches (error, CAU_XMPP_ERROR, CAU_XMPP_ERROR_TLS) ||
         g_error_matches (error, CAU_XMPP_ERROR, CAU_XMPP_ERROR_CONNECTION_LOST);
}
