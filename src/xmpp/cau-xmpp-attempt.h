/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

#include <glib.h>
#include <strophe.h>

G_BEGIN_DECLS

/* What one connection attempt revealed (cau-xmpp-attempt.c); all zero at
 * the start of each attempt. */
typedef struct {
  char     *sasl_condition;            /* RFC 6120 §6.5, when SASL failed */
  gboolean  tls_failed;
  gboolean  timed_out;                 /* set by the stream's timer */
  gboolean  ping_failed;               /* set by the stream's pings */
  gboolean  features_csi;              /* XEP-0352 offered */
  gboolean  features_sm;               /* XEP-0198 offered */
  gboolean  sm_enabled_seen;
  gboolean  sm_failed_seen;
  gboolean  sm_failed_before_connect;
  gboolean  resumed;
  gboolean  connect_event_seen;        /* set by the stream */
  int       connect_errno;
} CauXmppAttempt;

void     cau_xmpp_attempt_clear           (CauXmppAttempt       *self);
/* One of libstrophe's log lines (its log handler). */
void     cau_xmpp_attempt_read_log        (CauXmppAttempt       *self,
                                           xmpp_log_level_t      level,
                                           const char           *area,
                                           const char           *msg);
/* The failure as a person should read it (CAU_XMPP_ERROR): `error` is
 * libstrophe's errno, `host` the address tried (NULL before one was). */
GError  *cau_xmpp_attempt_explain_failure (const CauXmppAttempt *self,
                                           int                   error,
                                           xmpp_stream_error_t  *stream_error,
                                           gboolean              was_online,
                                           gboolean              certificate_rejected,
                                           const char           *host,
                                           const char           *domain);
/* No use trying again without the person (a password, a certificate, …). */
gboolean cau_xmpp_error_is_final          (const GError         *error);
/* Another address of the same attempt is worth trying. */
gboolean cau_xmpp_error_tries_next_target (const GError         *error);

G_END_DECLS
