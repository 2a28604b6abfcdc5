/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

/*
 * Avatars of one account on the engine thread (XEP-0084, XEP-0153).
 *
 * Contacts announce which avatar they have (a PEP metadata event, or the
 * hash in their presence); we fetch only avatars missing from the cache
 * directory (cau_xmpp_engine_set_avatar_dir()), a few at a time, check
 * them against their hash and write them there, then post
 * CAU_XMPP_EVENT_AVATAR (text: bare JID; text2: the avatar's id, NULL
 * when it has none; number: 1 when fetched now). Images are not decoded
 * here: the window does that, at the size it shows them.
 */

#include <strophe.h>

#include "xmpp/cau-xmpp-private.h"

G_BEGIN_DECLS

typedef struct _CauXmppAvatars CauXmppAvatars;

/* Whether avatars announced by `jid` (a bare JID, not ours) may be
 * fetched: the people in the roster. */
typedef gboolean (*CauXmppAvatarsKnowsFunc) (gpointer    data,
                                             const char *jid);

CauXmppAvatars *cau_xmpp_avatars_new             (CauXmppStream  *stream,
                                                  CauXmppEngine  *engine,
                                                  CauXmppAvatarsKnowsFunc knows,
                                                  gpointer        knows_data);
void            cau_xmpp_avatars_free            (CauXmppAvatars *self);
/* A new session (`conn`, our bound JID) or a resumed one. */
void            cau_xmpp_avatars_online          (CauXmppAvatars *self,
                                                  xmpp_conn_t    *conn,
                                                  gboolean        resumed);
void            cau_xmpp_avatars_offline         (CauXmppAvatars *self);
/* TRUE when `message` was an avatar metadata event (taken or dropped). */
gboolean        cau_xmpp_avatars_handle_message  (CauXmppAvatars *self,
                                                  xmpp_stanza_t  *message);
/* The XEP-0153 hash in an available presence. */
void            cau_xmpp_avatars_handle_presence (CauXmppAvatars *self,
                                                  xmpp_stanza_t  *presence);
/*
 * The avatar of `room`, one of our rooms, as it announced it (its disco#info or its own
 * presence): `id` NULL or "" for none. The room vouches for itself where a stranger could not,
 * but its vCard is checked against `id` all the same; fetched only when not in the cache.
 * The same for an occupant of one of our rooms (`room` is then room@service/nick, whose vCard
 * the room passes on to their account), when the window shows them.
 */
void            cau_xmpp_avatars_take_room       (CauXmppAvatars *self,
                                                  const char     *room,
                                                  const char     *id);
/* Puts `png` in the cache (an image we set need not be fetched back); returns its id. */
char           *cau_xmpp_avatars_cache           (CauXmppAvatars *self,
                                                  GBytes         *png);
/* Publishes `png` (NULL: removes our avatar). */
void            cau_xmpp_avatars_publish         (CauXmppAvatars *self,
                                                  GBytes         *png,
                                                  guint           width,
                                                  guint           height);
/* Our own avatar's id as last seen: NULL unknown, "" none. */
const char     *cau_xmpp_avatars_get_own_id      (CauXmppAvatars *self);
/* What the store knew, before we connect: our first presence carries it
 * and is not sent again when the server confirms it. */
void            cau_xmpp_avatars_set_known_own_id (CauXmppAvatars *self,
                                                   const char     *id);

G_END_DECLS
