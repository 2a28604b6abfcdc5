/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

#include <strophe.h>

#include "xmpp/cau-xmpp-engine.h"
#include "xmpp/cau-xmpp-private.h"

G_BEGIN_DECLS

/* XEP-0030 / XEP-0115: answering queries, asking the server, caps cache. */
xmpp_stanza_t *cau_xmpp_build_disco_info_get (xmpp_ctx_t *ctx,
                                              const char *iq_id,
                                              const char *to);
void cau_xmpp_disco_query_server   (xmpp_conn_t    *conn,
                                    CauXmppStream  *stream);
void cau_xmpp_caps_handle_presence (xmpp_conn_t    *conn,
                                    xmpp_stanza_t  *presence,
                                    CauXmppEngine  *engine,
                                    CauXmppStream  *stream);

/* Answers iq get/set requests: XEP-0199 pings, XEP-0030 disco#info, and
 * service-unavailable for everything else (RFC 6120 §8.4). */
void cau_xmpp_caps_forget_stream   (CauXmppStream  *stream);
void cau_xmpp_disco_answer_info    (xmpp_conn_t    *conn,
                                    xmpp_stanza_t  *iq,
                                    const char     *caps_ver);
void cau_xmpp_handle_iq_request    (xmpp_conn_t    *conn,
                                    xmpp_stanza_t  *iq,
                                    const char     *caps_ver);

G_END_DECLS
