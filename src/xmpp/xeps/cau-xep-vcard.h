/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

/*
 * A contact's profile on the wire: vCard4 in PEP (XEP-0292), vcard-temp
 * (XEP-0054), Software Version (XEP-0092), the client identity name of a
 * disco#info result (XEP-0030) and the PEP nickname (XEP-0172). Parsers
 * read untrusted stanzas: every part may be missing, fields are cut to
 * the sizes of cau-xmpp-profile.h, and PHOTO is left to the avatars.
 */

#include <strophe.h>

#include "xmpp/cau-xmpp-profile.h"
#include "xmpp/cau-xmpp-utils.h"

G_BEGIN_DECLS

#define CAU_NS_VCARD4       "urn:ietf:params:xml:ns:vcard-4.0"
#define CAU_NODE_VCARD4     "urn:xmpp:vcard4"
#define CAU_NS_VERSION      "jabber:iq:version"
#define CAU_NODE_NICK       "http://jabber.org/protocol/nick"

xmpp_stanza_t   *cau_xmpp_build_vcard4_get         (xmpp_ctx_t    *ctx,
                                                    const char    *iq_id,
                                                    const char    *to);
xmpp_stanza_t   *cau_xmpp_build_vcard_temp_get     (xmpp_ctx_t    *ctx,
                                                    const char    *iq_id,
                                                    const char    *to);
xmpp_stanza_t   *cau_xmpp_build_version_get        (xmpp_ctx_t    *ctx,
                                                    const char    *iq_id,
                                                    const char    *to);

/* Whether `iq` comes from exactly `to`, the address we sent the request
 * to (case mapped as JIDs are): an answer from anyone else is ignored. */
gboolean         cau_xmpp_is_answer_from           (xmpp_stanza_t *iq,
                                                    const char    *to);
/* The vCard of a PEP items result, or NULL when it holds none. */
CauXmppVcard    *cau_xmpp_parse_vcard4_result      (xmpp_stanza_t *iq);
/* The vCard of a vcard-temp result, or NULL when it holds none. */
CauXmppVcard    *cau_xmpp_parse_vcard_temp_result  (xmpp_stanza_t *iq);
/* The software of a jabber:iq:version result, or NULL. */
CauXmppSoftware *cau_xmpp_parse_version_result     (xmpp_stanza_t *iq);
/* The name of the first client identity of a disco#info result, or NULL. */
char            *cau_xmpp_parse_client_name        (xmpp_stanza_t *iq);

/*
 * Our answer to a jabber:iq:version get: our name and version, and no
 * operating system (what it would reveal is nobody's business).
 */
xmpp_stanza_t   *cau_xmpp_build_version_answer     (xmpp_stanza_t *iq);

/*
 * A PEP nickname (XEP-0172) event: TRUE when `message` is one, published
 * by `*publisher` (its bare JID, normalised); `*nick` is the nickname, or
 * NULL when it was removed.
 */
gboolean         cau_xmpp_parse_nick_event         (xmpp_stanza_t *message,
                                                    char         **publisher,
                                                    char         **nick);

G_END_DECLS
