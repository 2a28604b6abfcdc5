/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

/*
 * Inside the chat engine only (cau-xmpp-chat.c: inbound, the archive's
 * queries, sessions; cau-xmpp-chat-contacts.c: roster and others'
 * presence; cau-xmpp-chat-send.c: outbound): the chat engine's state on
 * the engine thread, and what its parts share.
 */

#include "cau-xmpp-chat.h"
#include "cau-xmpp-stream-private.h"
#include "cau-xmpp-profiles.h"
#include "cau-xmpp-avatars.h"
#include "cau-xmpp-bookmarks.h"
#include "cau-xmpp-omemo.h"
#include "cau-xmpp-rooms.h"
#include "xeps/cau-xep-0191-blocking.h"
#include "xeps/cau-xep-0490-mds.h"

G_BEGIN_DECLS

/* An archive query in flight (cau-xmpp-chat.c). */
typedef struct _MamQuery MamQuery;

struct _CauXmppChat
{
  CauXmppStream             *stream;
  xmpp_conn_t               *conn;      /* while online */
  char                      *own_jid;   /* full, bound */
  char                      *own_bare;

  const CauXmppArchiveFuncs *archive;
  gpointer                   archive_data;
  GDestroyNotify             archive_destroy;

  GPtrArray                 *inbound;   /* CauXmppMessage *, this wake-up */
  GPtrArray                 *held;      /* CauXmppMessage *, live during the catch-up */
  GPtrArray                 *receipts;  /* full JID, id, full JID, id, … */

  MamQuery                  *query;     /* in flight */
  GPtrArray                 *page;      /* a catch-up page to store, and its cursor */
  char                      *page_cursor;
  GQueue                     history_wanted;  /* peers (char *) */
  gboolean                   caught_up;
  gboolean                   final_pass;  /* this catch-up pass began after our presence */

  GHashTable                *sent;      /* local ids sent this session */
  GArray                    *awaiting;  /* sent, not yet confirmed */
  GHashTable                *confirming;  /* ping id → GArray of local ids */

  CauXmppBlocking           *blocking;  /* XEP-0191 */
  CauXmppMds                *mds;       /* XEP-0490 */
  CauXmppProfiles           *profiles;  /* vCards, software, nicknames */
  CauXmppAvatars            *avatars;   /* XEP-0084, XEP-0153 */
  CauXmppOmemo              *omemo;     /* XEP-0384 */
  GHashTable                *to_encrypt;  /* peer → GPtrArray of CauXmppOutgoing *, waiting for
                                           * sessions */
  CauXmppRooms              *rooms;     /* XEP-0045 */
  GHashTable                *to_rooms;  /* room → GPtrArray of CauXmppOutgoing *, waiting until
                                         * we are in */
  CauXmppBookmarks          *bookmarks; /* XEP-0402, or XEP-0048 */
};

static inline xmpp_ctx_t *
chat_ctx (CauXmppChat *self)
{
  return xmpp_conn_get_context (self->conn);
}

static inline void
chat_send_stanza (CauXmppChat   *self,
                  xmpp_stanza_t *stanza)
{
  xmpp_send (self->conn, stanza);
  xmpp_stanza_release (stanza);
}

/* cau-xmpp-chat.c */
void cau_xmpp_chat_post_event       (CauXmppChat      *self,
                                     CauXmppEventType  type,
                                     const char       *text,
                                     const char       *text2,
                                     int               number);

/* cau-xmpp-chat-contacts.c */
void cau_xmpp_chat_request_roster   (CauXmppChat    *self);

/* cau-xmpp-chat-send.c */
void cau_xmpp_chat_send_outbox      (CauXmppChat    *self);
void cau_xmpp_chat_room_joined_cb   (gpointer        data,
                                     const char     *room);
void cau_xmpp_chat_room_decrypt_cb  (gpointer        data,
                                     CauXmppMessage *message,
                                     const char     *sender);

G_END_DECLS
