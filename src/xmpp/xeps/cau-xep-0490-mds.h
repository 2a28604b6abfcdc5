/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

/*
 * Message Displayed Synchronization (XEP-0490): how far each chat was
 * read, shared between the account's own devices through a private PEP
 * node whose items are named after the chat and hold the archive id
 * (XEP-0359 stanza-id, stamped by our server) of the newest message read.
 *
 * Read states come into the message pipeline as CauXmppMessage records
 * with `outgoing` set and only `displayed_stanza_id`: the store moves the
 * chat's read position forward to that message, never back, and ignores
 * an id it does not hold (§4.3).
 */

#include <strophe.h>

#include "xmpp/cau-xmpp-message.h"
#include "xmpp/cau-xmpp-utils.h"

G_BEGIN_DECLS

#define CAU_NS_MDS                 "urn:xmpp:mds:displayed:0"

/* Items of the node to fetch at most, and read from one stanza. */
#define CAU_XMPP_MDS_MAX_ITEMS 5000

xmpp_stanza_t *cau_xmpp_build_mds_fetch         (xmpp_ctx_t    *ctx,
                                                 const char    *iq_id,
                                                 const char    *own_bare);
/* Publishes that chat `peer` was read up to our server's archive id
 * `stanza_id`, with the publish-options §4.1 requires. */
xmpp_stanza_t *cau_xmpp_build_mds_publish       (xmpp_ctx_t    *ctx,
                                                 const char    *iq_id,
                                                 const char    *own_bare,
                                                 const char    *peer,
                                                 const char    *stanza_id);
/* Whether a disco#info result about our own account shows PEP with
 * publish-options (§7: required before publishing). */
gboolean       cau_xmpp_parse_account_can_publish (xmpp_stanza_t *iq);

/*
 * The read states in a fetch result (iq) or a PEP notification (message),
 * as CauXmppMessage records (see above), one per one-to-one chat; items
 * about rooms (a stanza-id by anyone but our server) are skipped. Both
 * must come from our own bare JID (or, for the result, from no one):
 * anything else is NULL, with the reason in *why. A notification of
 * another node is NULL with no reason.
 */
GPtrArray     *cau_xmpp_parse_mds_result        (xmpp_stanza_t *iq,
                                                 const char    *own_bare,
                                                 const char   **why);
GPtrArray     *cau_xmpp_parse_mds_event         (xmpp_stanza_t *message,
                                                 const char    *own_bare,
                                                 const char   **why);

/*
 * The engine side, owned by the account's CauXmppChat: on each new
 * session asks whether our account can take the node, fetches its items
 * once the catch-up is done (so that the messages they name are stored),
 * publishes read states, and hands what it learns to `take`.
 */
typedef struct _CauXmppMds CauXmppMds;
typedef void (*CauXmppMdsTake) (gpointer        chat,
                                CauXmppMessage *read_state);

CauXmppMds *cau_xmpp_mds_new           (CauXmppMdsTake  take,
                                        gpointer        chat);
void        cau_xmpp_mds_free          (CauXmppMds     *self);
/* A new session (not a resumed one). */
void        cau_xmpp_mds_online        (CauXmppMds     *self,
                                        xmpp_conn_t    *conn,
                                        const char     *own_bare);
void        cau_xmpp_mds_offline       (CauXmppMds     *self);
/* This session's catch-up is done. */
void        cau_xmpp_mds_caught_up     (CauXmppMds     *self);
/* TRUE when `message` was a notification of the node (taken or refused). */
gboolean    cau_xmpp_mds_handle_message (CauXmppMds    *self,
                                         xmpp_stanza_t *message);
/* Dropped when offline or when the account cannot take it. */
void        cau_xmpp_mds_publish       (CauXmppMds     *self,
                                        const char     *peer,
                                        const char     *stanza_id);

G_END_DECLS
