/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

/*
 * Message stanzas in and out: RFC 6121 chat messages, XEP-0280 carbons,
 * XEP-0313 archive results, XEP-0359 ids, XEP-0184 receipts, XEP-0333
 * markers, XEP-0085 chat states, XEP-0334 hints, XEP-0203 delays; and the
 * roster (RFC 6121 §2, XEP-0237).
 *
 * Parsers validate the sender (DESIGN §4) and return NULL, with a short
 * English reason for the debug log in *why, for anything not to be taken
 * in. Builders return a new stanza the caller releases.
 */

#include <strophe.h>

#include "xmpp/cau-jid.h"
#include "xmpp/cau-xmpp-message.h"
#include "xmpp/cau-xmpp-roster.h"

G_BEGIN_DECLS

#define CAU_NS_CARBONS    "urn:xmpp:carbons:2"
#define CAU_NS_FORWARD    "urn:xmpp:forward:0"
#define CAU_NS_MAM        "urn:xmpp:mam:2"
#define CAU_NS_RSM        "http://jabber.org/protocol/rsm"
#define CAU_NS_RECEIPTS   "urn:xmpp:receipts"
#define CAU_NS_MARKERS    "urn:xmpp:chat-markers:0"
#define CAU_NS_CHATSTATES "http://jabber.org/protocol/chatstates"
#define CAU_NS_HINTS      "urn:xmpp:hints"
#define CAU_NS_DELAY      "urn:xmpp:delay"
#define CAU_NS_ROSTER     "jabber:iq:roster"
#define CAU_NS_NICK       "http://jabber.org/protocol/nick"
#define CAU_NS_CORRECT    "urn:xmpp:message-correct:0"

/* Every JID the parsers below return, and every comparison they make,
 * goes through cau_xmpp_jid_normalize_bare() (cau-jid.h). */

/*
 * A <message/> received live: a plain message, or a carbon (accepted only
 * when the outer `from` is exactly our bare JID). `own_jid` is our full
 * bound JID. Groupchat messages, MAM results and messages with nothing we
 * use are NULL. A message from our own bare JID to a contact (a carbon
 * "sent") is outgoing with peer = the contact.
 */
CauXmppMessage *cau_xmpp_parse_message        (xmpp_stanza_t  *stanza,
                                               const char     *own_jid,
                                               gint64          now_us,
                                               const char    **why);

/* The queryid of a XEP-0313 result message, or NULL if it is not one. */
const char     *cau_xmpp_mam_result_query_id  (xmpp_stanza_t  *stanza);

/*
 * A XEP-0313 <result/> from the archive we queried: accepted only when the
 * outer `from` is absent or equal to `archive_jid` (bare; NULL means our own
 * bare JID) and the queryid is `query_id`. The message's stanza_id is the result's id; its time the
 * forwarded delay.
 */
CauXmppMessage *cau_xmpp_parse_mam_result     (xmpp_stanza_t  *stanza,
                                               const char     *own_jid,
                                               const char     *archive_jid,
                                               const char     *query_id,
                                               const char    **why);

/* The iq result's <fin/>: complete flag and the RSM first/last ids (nullable). */
gboolean        cau_xmpp_parse_mam_fin        (xmpp_stanza_t  *iq,
                                               gboolean       *complete,
                                               char          **first,
                                               char          **last);

/* A chat message with body, origin-id (= id), markable, store hint and,
 * when asked, a receipt request. */
xmpp_stanza_t  *cau_xmpp_build_chat           (xmpp_ctx_t     *ctx,
                                               const char     *to,
                                               const char     *body,
                                               const char     *id,
                                               gboolean        request_receipt);
/* XEP-0308: makes `message` the correction of our message `replaces` (its id). */
void            cau_xmpp_add_correction       (xmpp_stanza_t  *message,
                                               const char     *replaces);
xmpp_stanza_t  *cau_xmpp_build_receipt        (xmpp_ctx_t     *ctx,
                                               const char     *to,
                                               const char     *received_id);
xmpp_stanza_t  *cau_xmpp_build_displayed      (xmpp_ctx_t     *ctx,
                                               const char     *to,
                                               const char     *displayed_id);
xmpp_stanza_t  *cau_xmpp_build_chat_state     (xmpp_ctx_t     *ctx,
                                               const char     *to,
                                               CauXmppChatState state);
xmpp_stanza_t  *cau_xmpp_build_carbons_enable (xmpp_ctx_t     *ctx,
                                               const char     *iq_id);

/*
 * A MAM query (iq set) on our own archive. `with` (nullable) filters by
 * contact. Paging: `after` (nullable) pages forward from that id;
 * `before` pages back from that id, "" meaning from the newest. Only one of
 * the two may be non-NULL; both NULL = from the oldest.
 */
xmpp_stanza_t  *cau_xmpp_build_mam_query      (xmpp_ctx_t     *ctx,
                                               const char     *iq_id,
                                               const char     *query_id,
                                               const char     *with,
                                               const char     *after,
                                               const char     *before,
                                               guint           max);

/* Roster. `ver` nullable: no versioning; "" asks for everything. */
xmpp_stanza_t  *cau_xmpp_build_roster_get     (xmpp_ctx_t     *ctx,
                                               const char     *iq_id,
                                               const char     *ver);
/* An item set (name nullable, groups nullable) or, with remove, a removal. */
xmpp_stanza_t  *cau_xmpp_build_roster_set     (xmpp_ctx_t     *ctx,
                                               const char     *iq_id,
                                               const char     *jid,
                                               const char     *name,
                                               const char * const *groups,
                                               gboolean        remove);
/*
 * The items of a roster result or push, and its ver (nullable). For a push
 * (iq type='set') the `from` must be absent or our bare JID and there must
 * be exactly one item; otherwise NULL. Items with an invalid JID are
 * skipped. An empty result (versioning: nothing changed) is an empty array
 * with *is_empty_result TRUE.
 */
GPtrArray      *cau_xmpp_parse_roster         (xmpp_stanza_t  *iq,
                                               const char     *own_jid,
                                               char          **ver,
                                               gboolean       *is_empty_result,
                                               const char    **why);

/* The XEP-0172 nickname a presence (a subscription request) carries:
 * valid UTF-8, at most CAU_XMPP_MAX_NICK characters, or NULL. */
#define CAU_XMPP_MAX_NICK 256
char           *cau_xmpp_parse_nick           (xmpp_stanza_t  *presence);

/* A message in a room (XEP-0045), see cau-xep-messages.c. */
CauXmppMessage *cau_xmpp_parse_groupchat (xmpp_stanza_t  *stanza,
                                          gint64          now_us,
                                          const char    **why);

G_END_DECLS
