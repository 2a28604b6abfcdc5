/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

/*
 * Blocking Command (XEP-0191): the stanzas, and the block list of one
 * account as the engine keeps it.
 *
 * Addresses in a block list are whatever XEP-0191 §6 lets one block: a
 * bare JID, a domain, or either with a resource. They are normalised as
 * cau_xmpp_jid_normalize_bare() does, the resource kept after a "/".
 */

#include <strophe.h>

#include "xmpp/cau-xmpp-private.h"

G_BEGIN_DECLS

#define CAU_NS_BLOCKING        "urn:xmpp:blocking"
#define CAU_NS_BLOCKING_ERRORS "urn:xmpp:blocking:errors"

typedef enum {
  CAU_XMPP_BLOCKLIST_FULL,     /* the answer to our request: the whole list */
  CAU_XMPP_BLOCKLIST_BLOCK,    /* a push: these were blocked */
  CAU_XMPP_BLOCKLIST_UNBLOCK,  /* a push: these were unblocked; none means all */
} CauXmppBlocklistKind;

/* A block list address, normalised; NULL when `jid` is not a valid JID. */
char          *cau_xmpp_blocking_normalize      (const char          *jid);

xmpp_stanza_t *cau_xmpp_build_blocklist_get     (xmpp_ctx_t          *ctx,
                                                 const char          *iq_id);
/* A block (or unblock) command for one address or more, never none: an
 * empty unblock would unblock everyone. */
xmpp_stanza_t *cau_xmpp_build_block             (xmpp_ctx_t          *ctx,
                                                 const char          *iq_id,
                                                 const char * const  *jids,
                                                 gboolean             block);
/*
 * The addresses of a block list result (iq result) or push (iq set with
 * <block/> or <unblock/>), normalised, in document order, without
 * duplicates; invalid ones are skipped. A push must come from our bare
 * JID or from no one, a result from our account; a block push must name
 * at least one valid address. Anything else is NULL, with a reason in
 * *why.
 */
GPtrArray     *cau_xmpp_parse_blocklist         (xmpp_stanza_t       *iq,
                                                 const char          *own_jid,
                                                 CauXmppBlocklistKind *kind,
                                                 const char         **why);

/*
 * The engine side, owned by the account's CauXmppChat: asks for the list
 * on each new session, applies pushes and the answers to our commands,
 * and posts CAU_XMPP_EVENT_BLOCKLIST with the whole list (sorted) when it
 * was received or changed. A server without XEP-0191 answers the request
 * with an error; then nothing is posted.
 */
typedef struct _CauXmppBlocking CauXmppBlocking;

CauXmppBlocking *cau_xmpp_blocking_new        (CauXmppStream    *stream);
void             cau_xmpp_blocking_free       (CauXmppBlocking  *self);
/* A new session (not a resumed one). */
void             cau_xmpp_blocking_online     (CauXmppBlocking  *self,
                                               xmpp_conn_t      *conn);
void             cau_xmpp_blocking_offline    (CauXmppBlocking  *self);
/* TRUE when `iq` was a block list push (answered here, taken or refused). */
gboolean         cau_xmpp_blocking_handle_iq  (CauXmppBlocking  *self,
                                               xmpp_stanza_t    *iq);
/* Whether `bare` (a normalised bare JID), or its whole domain, is on the block list as the
 * server last said. The server drops what blocked addresses send us, but not what a room
 * relays from them (an invitation through a room). */
gboolean         cau_xmpp_blocking_is_blocked (CauXmppBlocking  *self,
                                               const char       *bare);
/* Blocks or unblocks `jid` (normalised by the caller); dropped when offline. */
void             cau_xmpp_blocking_set        (CauXmppBlocking  *self,
                                               const char       *jid,
                                               gboolean          blocked);

G_END_DECLS
