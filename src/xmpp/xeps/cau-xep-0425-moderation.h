/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

/*
 * Moderated message retraction (XEP-0425) in rooms: the request a moderator sends, the
 * room's announcement that a message was removed, and the tombstone a room's archive keeps in
 * its place. Both versions rooms speak: 0.3 (message-moderate:1, what the XEP says now) and
 * 0.2 (message-moderate:0 inside a fastening, what Debian 12's Prosody module speaks).
 *
 * The parsers read what anyone may send; which senders to believe is the caller's to decide
 * (§6: only the room itself announces, and only its archive holds tombstones).
 */

#include <strophe.h>
#include <glib.h>

#include "xmpp/cau-xmpp-room-types.h"

G_BEGIN_DECLS

#define CAU_NS_MODERATE_0  "urn:xmpp:message-moderate:0"
#define CAU_NS_MODERATE_1  "urn:xmpp:message-moderate:1"
#define CAU_NS_RETRACT_0   "urn:xmpp:message-retract:0"
#define CAU_NS_RETRACT_1   "urn:xmpp:message-retract:1"
#define CAU_NS_FASTEN      "urn:xmpp:fasten:0"

/* What a moderator's removal says: who (a nickname when `by` is an occupant of the room,
 * else NULL) and why (nullable). */
typedef struct {
  char *moderator;
  char *reason;
} CauXmppModeration;

void cau_xmpp_moderation_clear (CauXmppModeration *moderation);

/* The moderation version a room's disco#info feature names, NONE for others. */
CauXmppModerationVersion cau_xmpp_moderation_version_from_feature (const char *feature);

/* Asks `room` to remove the message of its archive id `stanza_id` for everyone; `reason`
 * nullable. */
xmpp_stanza_t *cau_xmpp_build_moderate_retract (xmpp_ctx_t               *ctx,
                                                const char               *iq_id,
                                                const char               *room,
                                                const char               *stanza_id,
                                                const char               *reason,
                                                CauXmppModerationVersion  version);

/* The room's announcement in the groupchat `message` that a moderator removed the message of
 * archive id *target (transfer full); `room` is the room's bare JID. FALSE when there is none. */
gboolean cau_xmpp_parse_moderation_announcement (xmpp_stanza_t     *message,
                                                 const char        *room,
                                                 char             **target,
                                                 CauXmppModeration *moderation);

/* A tombstone: the archived `message` was removed by a moderator. FALSE when it is not one. */
gboolean cau_xmpp_parse_moderation_tombstone (xmpp_stanza_t     *message,
                                              const char        *room,
                                              CauXmppModeration *moderation);

G_END_DECLS
