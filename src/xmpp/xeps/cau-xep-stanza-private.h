/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

/*
 * Helpers shared by the message and roster parsers and builders
 * (cau-xep-messages*.c, cau-xep-roster.c). They read untrusted stanzas:
 * every argument may be missing, and none descends more than one level.
 */

#include <strophe.h>
#include <glib.h>

G_BEGIN_DECLS

#define CAU_NS_CLIENT "jabber:client"

void           cau_xep_set_why           (const char    **why,
                                          const char     *reason);
gboolean       cau_xep_is_element        (xmpp_stanza_t  *stanza,
                                          const char     *name,
                                          const char     *ns);
gboolean       cau_xep_is_client_element (xmpp_stanza_t  *stanza,
                                          xmpp_stanza_t  *parent,
                                          const char     *name);
char          *cau_xep_dup_valid         (const char     *text);
/* Cuts valid UTF-8 `text` in place to at most `max` bytes at a character boundary; TRUE if
 * it cut. */
gboolean       cau_xep_cut_utf8          (char           *text,
                                          gsize           max);
char          *cau_xep_element_text      (xmpp_stanza_t  *element);
char          *cau_xep_body_text         (xmpp_stanza_t  *body,
                                          gboolean       *truncated);
gboolean       cau_xep_jid_is_exactly    (const char     *jid,
                                          const char     *bare);
gboolean       cau_xep_parse_stamp       (const char     *stamp,
                                          gint64         *out_us);
xmpp_stanza_t *cau_xep_add_element       (xmpp_stanza_t  *parent,
                                          const char     *name,
                                          const char     *ns);
/* A data form (XEP-0004) field with one value; `type` nullable. */
void           cau_xep_add_form_field    (xmpp_stanza_t  *form,
                                          const char     *var,
                                          const char     *type,
                                          const char     *value);
/* XEP-0060 §7.1.5: <publish-options/> in `pubsub`, a submitted form of
 * option, value, … pairs ended by NULL. */
void           cau_xep_add_publish_options (xmpp_stanza_t *pubsub,
                                          const char     *first_option,
                                          ...) G_GNUC_NULL_TERMINATED;
/* XEP-0060 §6.5: an iq get to `to` (nullable: our own account) for the
 * items of `node`; *items is the <items/> element, for `max_items` or
 * an <item/>. */
xmpp_stanza_t *cau_xep_build_pubsub_items_get (xmpp_ctx_t     *ctx,
                                              const char     *iq_id,
                                              const char     *to,
                                              const char     *node,
                                              xmpp_stanza_t **items);

G_END_DECLS
