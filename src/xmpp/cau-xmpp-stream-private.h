/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

/* What protocol modules may ask of a stream, on the engine thread. */

#include "xmpp/cau-xmpp-message.h"
#include "xmpp/cau-xmpp-private.h"

G_BEGIN_DECLS

gboolean cau_xmpp_stream_is_online             (CauXmppStream  *self);
CauXmppEngine *cau_xmpp_stream_get_engine      (CauXmppStream  *self);
/* Our presence to `to` only (RFC 6121 §4.6), if online. */
void     cau_xmpp_stream_send_presence_to      (CauXmppStream  *self,
                                                const char     *to);
/* Sends our presence again (something in it changed), if online. */
void     cau_xmpp_stream_resend_presence       (CauXmppStream  *self);
CauXmppEvent *cau_xmpp_stream_new_event        (CauXmppStream  *self,
                                                CauXmppEventType type);
void     cau_xmpp_stream_after_io              (CauXmppStream  *self);
/* For tools and tests without storage: a received body as a ::message-received event (from
 * sender/resource; in a room, room/nick). */
void     cau_xmpp_stream_post_body             (CauXmppStream        *self,
                                                const CauXmppMessage *message);
void     cau_xmpp_stream_post_server_features  (CauXmppStream  *self,
                                                char          **features);
void     cau_xmpp_stream_post_caps             (CauXmppStream  *self,
                                                const char     *ver,
                                                char          **features);

G_END_DECLS
