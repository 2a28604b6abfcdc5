/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

#include <strophe.h>
#include <glib.h>

#include "xmpp/cau-xmpp-client.h"

G_BEGIN_DECLS

/* Namespaces we use. */
#define CAU_NS_DISCO_INFO  "http://jabber.org/protocol/disco#info"
#define CAU_NS_CAPS        "http://jabber.org/protocol/caps"
#define CAU_NS_PING        "urn:xmpp:ping"
#define CAU_NS_SID         "urn:xmpp:sid:0"
#define CAU_NS_STANZAS     "urn:ietf:params:xml:ns:xmpp-stanzas"
#define CAU_NS_REGISTER    "jabber:iq:register"
#define CAU_NS_DATA_FORMS  "jabber:x:data"
#define CAU_NS_PUBSUB       "http://jabber.org/protocol/pubsub"
#define CAU_NS_PUBSUB_EVENT "http://jabber.org/protocol/pubsub#event"
#define CAU_FEATURE_PUBLISH_OPTIONS "http://jabber.org/protocol/pubsub#publish-options"
#define CAU_NS_VCARD_TEMP   "vcard-temp"
#define CAU_CAPS_NODE      "https://causerie.im"

/* Set CAU_DEBUG_XMPP_UNSAFE to log whole stanzas, passwords' SASL
 * exchanges included: for debugging on test accounts only. */
gboolean       cau_xmpp_unsafe_debug          (void);
char          *cau_xmpp_normalize_fingerprint (const char     *fingerprint);
char          *cau_xmpp_new_id                (void);

xmpp_stanza_t *cau_xmpp_child_new             (xmpp_ctx_t     *ctx,
                                               const char     *name,
                                               const char     *ns);
/* Returns the child (borrowed, owned by `parent`). */
xmpp_stanza_t *cau_xmpp_add_text_child        (xmpp_stanza_t  *parent,
                                               const char     *name,
                                               const char     *text);
xmpp_stanza_t *cau_xmpp_build_presence        (xmpp_ctx_t     *ctx,
                                               CauXmppShow     show,
                                               const char     *status,
                                               const char     *caps_ver);
xmpp_stanza_t *cau_xmpp_build_chat_message    (xmpp_ctx_t     *ctx,
                                               const char     *to,
                                               const char     *body,
                                               const char     *id);
xmpp_stanza_t *cau_xmpp_build_ping            (xmpp_ctx_t     *ctx,
                                               const char     *to,
                                               const char     *id);
xmpp_stanza_t *cau_xmpp_iq_result             (xmpp_stanza_t  *iq);
xmpp_stanza_t *cau_xmpp_iq_error              (xmpp_stanza_t  *iq,
                                               const char     *type,
                                               const char     *condition);
char          *cau_xmpp_message_get_body      (xmpp_stanza_t  *message);
/* The <show/> of `presence`: none, "chat" or anything unknown is available. */
CauXmppShow    cau_xmpp_presence_get_show     (xmpp_stanza_t  *presence);
const char    *cau_xmpp_message_get_origin_id (xmpp_stanza_t  *message);
char          *cau_xmpp_stanza_error_condition (xmpp_stanza_t *stanza,
                                                char         **text);

/* XEP-0115 */
const char * const *cau_xmpp_own_features     (void);
char          *cau_xmpp_caps_own_ver          (void);
char          *cau_xmpp_caps_compute_ver      (const char * const *identities,
                                               const char * const *features);

G_END_DECLS
