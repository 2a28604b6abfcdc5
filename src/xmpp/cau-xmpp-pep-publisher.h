/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

/*
 * Our PEP publications with publish-options (XEP-0223), on the engine thread. Each is kept
 * until answered: a node another client made with other options refuses ours
 * (precondition-not-met); it is then configured as we need and the publication sent again,
 * once. Used by OMEMO's nodes and by the bookmarks'.
 */

#include <strophe.h>
#include <glib.h>

G_BEGIN_DECLS

typedef struct _CauXmppPepPublisher CauXmppPepPublisher;

/* The iq configuring the node `publication` (a publish iq) goes to, with `id`; NULL when it
 * cannot be told. */
typedef xmpp_stanza_t *(*CauXmppPepConfigureFunc) (xmpp_ctx_t    *ctx,
                                                   const char    *id,
                                                   xmpp_stanza_t *publication);

/* `what` names the publications in the log ("OMEMO", "Bookmarks"). */
CauXmppPepPublisher *cau_xmpp_pep_publisher_new      (const char              *what,
                                                      CauXmppPepConfigureFunc  configure);
void                 cau_xmpp_pep_publisher_free     (CauXmppPepPublisher     *self);
/* The stream while online, NULL offline. */
void                 cau_xmpp_pep_publisher_set_conn (CauXmppPepPublisher     *self,
                                                      xmpp_conn_t             *conn);
/* The answers to what was sent will not come (a new session). */
void                 cau_xmpp_pep_publisher_forget   (CauXmppPepPublisher     *self);
/* Sends `iq` (taken; its id set). */
void                 cau_xmpp_pep_publisher_publish  (CauXmppPepPublisher     *self,
                                                      xmpp_stanza_t           *iq);

G_END_DECLS
