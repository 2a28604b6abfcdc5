/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

/*
 * One account's bookmarks on the engine thread, owned by its CauXmppChat: fetched on every new
 * session, followed through the node's notifications, published and retracted on request.
 * PEP Native Bookmarks (XEP-0402) when the server keeps them in step with the older ones
 * (it announces "urn:xmpp:bookmarks:1#compat" on our account), else the older ones (XEP-0048
 * in Private XML Storage, XEP-0049), which bring no notification of other clients' changes.
 * What it learns goes to the main thread as CAU_XMPP_EVENT_BOOKMARKS:
 *
 *   data:   a GPtrArray of CauXmppBookmark (owned by the event);
 *   number: 1 for the full list (the fetch of a new session: it replaces all we knew; empty
 *           when there is none yet; in private storage also before each change of ours, read
 *           again first), 0 for a change (added or changed bookmarks, and removed ones with
 *           `retracted` set; in private storage, ours once stored).
 *
 * Only our own account's results and notifications are taken (the parser refuses the rest).
 * Whether to enter an autojoin room is the model's decision, not ours.
 */

#include <strophe.h>

#include "xmpp/cau-xmpp-private.h"
#include "xmpp/cau-xmpp-room-types.h"

G_BEGIN_DECLS

typedef struct _CauXmppBookmarks CauXmppBookmarks;

CauXmppBookmarks *cau_xmpp_bookmarks_new            (CauXmppStream         *stream);
void              cau_xmpp_bookmarks_free           (CauXmppBookmarks      *self);

/* `resumed`: the session survived, and with it what we know; a new one fetches again. */
void              cau_xmpp_bookmarks_online         (CauXmppBookmarks      *self,
                                                     xmpp_conn_t           *conn,
                                                     const char            *own_bare,
                                                     gboolean               resumed);
void              cau_xmpp_bookmarks_offline        (CauXmppBookmarks      *self);

/* TRUE when `message` was a notification of the bookmarks node (taken or refused). */
gboolean          cau_xmpp_bookmarks_handle_message (CauXmppBookmarks      *self,
                                                     xmpp_stanza_t         *message);

/* Commands, dropped when offline. Publishing keeps the <extensions/> the server had for the
 * room when `bookmark` carries none, so that other clients' data survives. */
void              cau_xmpp_bookmarks_publish        (CauXmppBookmarks      *self,
                                                     const CauXmppBookmark *bookmark);
void              cau_xmpp_bookmarks_retract        (CauXmppBookmarks      *self,
                                                     const char            *room);

G_END_DECLS
