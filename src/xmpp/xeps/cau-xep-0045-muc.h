/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

/*
 * Multi-User Chat (XEP-0045) stanzas, with direct invitations (XEP-0249) and self-pings
 * (XEP-0410). Pure functions: joining and leaving, room messages, occupants' presences, join
 * errors, invitations, and a room's disco#info and the service's room directory.
 *
 * Every parser reads what a room or a stranger sent: it takes a stanza whole or not at all,
 * and says why not in *why (for debug logs only).
 */

#include <strophe.h>
#include <glib.h>

#include "xmpp/cau-xmpp-room-types.h"

G_BEGIN_DECLS

#define CAU_NS_MUC          "http://jabber.org/protocol/muc"
#define CAU_NS_MUC_USER     "http://jabber.org/protocol/muc#user"
#define CAU_NS_MUC_ADMIN    "http://jabber.org/protocol/muc#admin"
#define CAU_NS_MUC_OWNER    "http://jabber.org/protocol/muc#owner"
#define CAU_NS_CONFERENCE   "jabber:x:conference"
#define CAU_NS_OCCUPANT_ID  "urn:xmpp:occupant-id:0"

/* Longest nickname kept, in bytes (RFC 7622's resourcepart). */
#define CAU_XMPP_MUC_MAX_NICK 1023
/* Longest reason, status or description kept, in bytes; longer ones are cut. */
#define CAU_XMPP_MUC_MAX_TEXT 4096
/* Rooms read at most from one directory page. */
#define CAU_XMPP_MUC_MAX_ITEMS 10000

/* Builders. `room` is a room's bare JID, `nick` our nickname in it. */

/* §7.2: enters the room. `password` nullable; `history_max` < 0: the room's default history,
 * else at most that many messages (0 when the room's archive is caught up instead). */
xmpp_stanza_t *cau_xmpp_build_muc_join        (xmpp_ctx_t  *ctx,
                                               const char  *room,
                                               const char  *nick,
                                               const char  *password,
                                               int          history_max);
/* §7.14: leaves it; `status` nullable. */
xmpp_stanza_t *cau_xmpp_build_muc_leave       (xmpp_ctx_t  *ctx,
                                               const char  *room,
                                               const char  *nick,
                                               const char  *status);
/* §7.6: takes another nickname. */
xmpp_stanza_t *cau_xmpp_build_muc_nick_change (xmpp_ctx_t  *ctx,
                                               const char  *room,
                                               const char  *new_nick);
/* §7.4: a message to everyone in the room; `id` nullable (one is made), also the origin-id. */
xmpp_stanza_t *cau_xmpp_build_groupchat       (xmpp_ctx_t  *ctx,
                                               const char  *room,
                                               const char  *body,
                                               const char  *id);
/* §8.1: a new subject. */
xmpp_stanza_t *cau_xmpp_build_muc_subject     (xmpp_ctx_t  *ctx,
                                               const char  *room,
                                               const char  *subject);
/* §7.5: a private message to an occupant. */
xmpp_stanza_t *cau_xmpp_build_muc_private     (xmpp_ctx_t  *ctx,
                                               const char  *room,
                                               const char  *nick,
                                               const char  *body,
                                               const char  *id);
/* XEP-0249: invites `invitee` (a bare JID); `reason` and `password` nullable. */
xmpp_stanza_t *cau_xmpp_build_muc_invite      (xmpp_ctx_t  *ctx,
                                               const char  *invitee,
                                               const char  *room,
                                               const char  *reason,
                                               const char  *password);
/* §7.8.2: declines, through `room`, the invitation `inviter` (a bare JID) sent us; `reason`
 * nullable. */
xmpp_stanza_t *cau_xmpp_build_muc_decline     (xmpp_ctx_t  *ctx,
                                               const char  *room,
                                               const char  *inviter,
                                               const char  *reason);
/* XEP-0410: whether we are still in the room, asked of our own occupant JID. */
xmpp_stanza_t *cau_xmpp_build_muc_self_ping   (xmpp_ctx_t  *ctx,
                                               const char  *iq_id,
                                               const char  *room,
                                               const char  *nick);

/* §9, §10: a moderator's and an owner's requests to the room (an iq with `iq_id`). */
/* Kick (CAU_XMPP_ROLE_NONE), voice or moderation of `nick`; `reason` nullable. */
xmpp_stanza_t *cau_xmpp_build_muc_set_role    (xmpp_ctx_t         *ctx,
                                               const char         *iq_id,
                                               const char         *room,
                                               const char         *nick,
                                               CauXmppRole         role,
                                               const char         *reason);
/* Ban (OUTCAST), membership, administration or ownership of `jid` (bare); `reason` nullable. */
xmpp_stanza_t *cau_xmpp_build_muc_set_affiliation (xmpp_ctx_t     *ctx,
                                               const char         *iq_id,
                                               const char         *room,
                                               const char         *jid,
                                               CauXmppAffiliation  affiliation,
                                               const char         *reason);
/* The room's list of one affiliation (members, to encrypt to them; owners; the banned). */
xmpp_stanza_t *cau_xmpp_build_muc_affiliation_list (xmpp_ctx_t    *ctx,
                                               const char         *iq_id,
                                               const char         *room,
                                               CauXmppAffiliation  affiliation);
/* The room's configuration form; `form` NULL asks for it, else submits it with `values`
 * (a{ss}, nullable; cau-xep-0004-forms.h). An empty submission accepts the defaults (§10.1.2:
 * an instant room). */
xmpp_stanza_t *cau_xmpp_build_muc_configure   (xmpp_ctx_t         *ctx,
                                               const char         *iq_id,
                                               const char         *room,
                                               gboolean            submit,
                                               GVariant           *form,
                                               GVariant           *values);

/* Parsers. */

/*
 * An occupant's presence, or a room's error answer to our join. `presence` must come from an
 * occupant JID (room@service/nick). Returns TRUE when it is a MUC presence (any error presence
 * from an occupant JID counts: an answer to entering); then either
 * *occupant is set or *join_error is (for an error presence). A presence that is not about a
 * room is FALSE with no reason; a malformed one is FALSE with *why set.
 */
gboolean      cau_xmpp_parse_muc_presence    (xmpp_stanza_t     *presence,
                                              CauXmppOccupant  **occupant,
                                              CauXmppJoinError  *join_error,
                                              const char       **why);
/*
 * An invitation in `message`, to us (`own_bare`): direct from its sender, or mediated by the
 * room (the room is then the sender, the inviter inside); or the room relaying that someone
 * declined ours (`declined`, `inviter` then who declined). NULL when there is none, with *why
 * set when one was refused (a room that is not a bare JID, an inviter missing).
 */
CauXmppInvitation *cau_xmpp_parse_muc_invitation (xmpp_stanza_t  *message,
                                                  const char     *own_bare,
                                                  const char    **why);
/* A room's disco#info result, from `room`. */
CauXmppRoomInfo   *cau_xmpp_parse_room_info      (xmpp_stanza_t  *iq,
                                                  const char     *room,
                                                  const char    **why);
/* The rooms of a conference service's disco#items result (CauXmppRoomItem, in an array that
 * frees them); items that are not bare JIDs of that service are skipped. */
GArray            *cau_xmpp_parse_room_directory (xmpp_stanza_t  *iq,
                                                  const char     *service,
                                                  const char    **why);

/* The bare JIDs of an affiliation list result from `room`, with their affiliation
 * (GHashTable of JID → GINT_TO_POINTER (CauXmppAffiliation)). */
GHashTable        *cau_xmpp_parse_muc_affiliations (xmpp_stanza_t  *iq,
                                                    const char     *room,
                                                    const char    **why);
/* The room's configuration form (CAU_XMPP_FORM_TYPE, floating) in an owner's result. */
GVariant          *cau_xmpp_parse_muc_config       (xmpp_stanza_t  *iq,
                                                    const char     *room,
                                                    const char    **why);

G_END_DECLS
