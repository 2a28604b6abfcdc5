/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

/*
 * Bookmarks (XEP-0048) kept in Private XML Storage (XEP-0049): the older way, for servers that
 * do not announce that they keep it in step with PEP Native Bookmarks (XEP-0402 §5.3,
 * "urn:xmpp:bookmarks:1#compat"). The whole list is one <storage/> element, read and written
 * at once, with no notification to our other clients. Pure functions.
 *
 * What we do not understand in it (URLs, other clients' children of a <conference/>) is kept:
 * a change copies the <storage/> we read, with only the <conference/> it is about changed.
 */

#include <strophe.h>
#include <glib.h>

#include "xmpp/cau-xmpp-room-types.h"

G_BEGIN_DECLS

#define CAU_NS_PRIVATE           "jabber:iq:private"
#define CAU_NS_LEGACY_BOOKMARKS  "storage:bookmarks"
#define CAU_FEATURE_BOOKMARKS_COMPAT "urn:xmpp:bookmarks:1#compat"

/* Whether a disco#info result about our own account announces that the server keeps XEP-0049
 * bookmarks in step with XEP-0402 (then XEP-0402 alone is enough). */
gboolean       cau_xmpp_parse_bookmarks_compat         (xmpp_stanza_t         *iq);

xmpp_stanza_t *cau_xmpp_build_legacy_bookmarks_fetch   (xmpp_ctx_t            *ctx,
                                                        const char            *iq_id);
/* Stores `storage` (a <storage xmlns='storage:bookmarks'/>, copied). */
xmpp_stanza_t *cau_xmpp_build_legacy_bookmarks_store   (xmpp_ctx_t            *ctx,
                                                        const char            *iq_id,
                                                        xmpp_stanza_t         *storage);

/* The bookmarks of a fetch result (from `own_bare` or no one) in an array that frees them, and
 * in *storage the <storage/> element to edit and store again (a new empty one when the server
 * had none; release it); NULL with *why when refused. */
GPtrArray     *cau_xmpp_parse_legacy_bookmarks_result  (xmpp_stanza_t         *iq,
                                                        const char            *own_bare,
                                                        xmpp_stanza_t        **storage,
                                                        const char           **why);

/* A new <storage/> (release it): `storage` with the <conference/> of `bookmark->room` added or
 * changed, keeping the children of an existing one that are not its nickname or password. */
xmpp_stanza_t *cau_xmpp_legacy_bookmarks_with          (xmpp_stanza_t         *storage,
                                                        const CauXmppBookmark *bookmark);
/* A new <storage/> (release it): `storage` without the <conference/> of `room`. */
xmpp_stanza_t *cau_xmpp_legacy_bookmarks_without       (xmpp_stanza_t         *storage,
                                                        const char            *room);

G_END_DECLS
