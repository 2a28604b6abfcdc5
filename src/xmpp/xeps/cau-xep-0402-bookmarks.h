/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

/*
 * PEP Native Bookmarks (XEP-0402): the rooms we joined, one item per room in a private node of
 * our own account, shared with our other clients. Pure functions.
 *
 * Only our own account may change our bookmarks: a result or a notification from anyone else
 * is refused (another client once joined rooms a stranger pushed).
 */

#include <strophe.h>
#include <glib.h>

#include "xmpp/cau-xmpp-room-types.h"

G_BEGIN_DECLS

#define CAU_NS_BOOKMARKS "urn:xmpp:bookmarks:1"

/* Bookmarks read at most from one stanza; the longest <extensions/> kept, serialised. */
#define CAU_XMPP_BOOKMARKS_MAX        2000
#define CAU_XMPP_BOOKMARK_MAX_EXTENSIONS (16 * 1024)

xmpp_stanza_t *cau_xmpp_build_bookmarks_fetch   (xmpp_ctx_t            *ctx,
                                                 const char            *iq_id);
/* §3.2: with the publish-options the XEP asks for (private: whitelist access). */
xmpp_stanza_t *cau_xmpp_build_bookmark_publish  (xmpp_ctx_t            *ctx,
                                                 const char            *iq_id,
                                                 const CauXmppBookmark *bookmark);
/* Gives our node the options the publication asks for, when it refused them
 * (precondition-not-met). */
xmpp_stanza_t *cau_xmpp_build_bookmarks_configure (xmpp_ctx_t        *ctx,
                                                   const char        *iq_id);
/* §3.4: removes the bookmark of `room`, telling our other clients. */
xmpp_stanza_t *cau_xmpp_build_bookmark_retract  (xmpp_ctx_t            *ctx,
                                                 const char            *iq_id,
                                                 const char            *room);

/* The bookmarks of a fetch result (from `own_bare` or no one), CauXmppBookmark in an array
 * that frees them; NULL with *why when refused. */
GPtrArray     *cau_xmpp_parse_bookmarks_result  (xmpp_stanza_t         *iq,
                                                 const char            *own_bare,
                                                 const char           **why);
/* A notification of the node: bookmarks added or changed (*changed) and rooms whose bookmark
 * was removed (*retracted, bare JIDs). FALSE when `message` is not about our bookmarks, with
 * *why set when it was refused (not from our own account). */
gboolean       cau_xmpp_parse_bookmarks_event   (xmpp_stanza_t         *message,
                                                 const char            *own_bare,
                                                 GPtrArray            **changed,
                                                 GPtrArray            **retracted,
                                                 const char           **why);

G_END_DECLS
