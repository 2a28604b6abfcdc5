/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

/*
 * Finding a server's services (XEP-0030 §4): the items of the account's domain, and which of
 * them is a room service (XEP-0045 §6.1). The answers are untrusted: only results from the
 * address asked count.
 */

#include <strophe.h>
#include <glib.h>

G_BEGIN_DECLS

/* Items read at most from one disco#items result. */
#define CAU_XMPP_DISCO_MAX_SERVICES 16

xmpp_stanza_t *cau_xmpp_build_disco_items_get (xmpp_ctx_t     *ctx,
                                               const char     *iq_id,
                                               const char     *to);
/* The items of a disco#items result from `from` that are services (domain JIDs, no node):
 * their JIDs, at most CAU_XMPP_DISCO_MAX_SERVICES. NULL with *why set when `iq` is not a
 * result from `from`. */
GPtrArray     *cau_xmpp_parse_disco_services  (xmpp_stanza_t  *iq,
                                               const char     *from,
                                               const char    **why);
/* Whether `iq` is a disco#info result from `from` saying it is a room service: identity
 * conference/text and the MUC feature. */
gboolean       cau_xmpp_parse_is_room_service (xmpp_stanza_t  *iq,
                                               const char     *from);

G_END_DECLS
