/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

/*
 * Stanza Content Encryption (XEP-0420) envelopes, as OMEMO 2's profile uses them (XEP-0384
 * §5.4.1): a body in <content/>, random padding in <rpad/>, and the sender's bare JID in
 * <from/>, checked on receipt.
 */

#include <strophe.h>
#include <glib.h>

G_BEGIN_DECLS

#define CAU_NS_SCE "urn:xmpp:sce:1"

/* The envelope of `body` from `from` (a bare JID), serialised, ready to encrypt. */
GBytes *cau_xmpp_build_sce_envelope (xmpp_ctx_t   *ctx,
                                     const char   *body,
                                     const char   *from);
/* The body of a decrypted envelope from `from`; NULL with a reason (for logs) when it is not
 * an envelope, names another sender, or carries no body. *truncated: the body was cut. */
char   *cau_xmpp_parse_sce_envelope (xmpp_ctx_t   *ctx,
                                     GBytes       *plaintext,
                                     const char   *from,
                                     gboolean     *truncated,
                                     const char  **why);

G_END_DECLS
