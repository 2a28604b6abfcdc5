/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

/* Shared between the engine-side stream and its main-thread client. */

#include "xmpp/cau-xmpp-client.h"
#include "xmpp/cau-xmpp-engine.h"

G_BEGIN_DECLS

gboolean  cau_xmpp_engine_has_caps   (CauXmppEngine  *self,
                                      const char     *ver);
void      cau_xmpp_engine_count_avatar_request (CauXmppEngine *self);
void      cau_xmpp_engine_invoke     (CauXmppEngine  *self,
                                      GSourceFunc     func,
                                      gpointer        data,
                                      GDestroyNotify  notify);
GSource  *cau_xmpp_engine_timeout    (CauXmppEngine  *self,
                                      guint           ms,
                                      GSourceFunc     func,
                                      gpointer        data);
void      cau_clear_source           (GSource       **source);

/*
 * The link is how events find their client: it lives as long as anything
 * refers to it, and `client` is only read and cleared on the client's own
 * thread, so an event that arrives after the client is gone is dropped.
 */
typedef struct {
  gatomicrefcount  ref_count;
  GMainContext    *client_context;
  CauXmppClient   *client;
} CauXmppLink;

CauXmppLink *cau_xmpp_link_ref   (CauXmppLink *link);
void         cau_xmpp_link_unref (CauXmppLink *link);

typedef enum {
  CAU_XMPP_EVENT_STATE,
  CAU_XMPP_EVENT_ONLINE,
  CAU_XMPP_EVENT_FAILED,
  CAU_XMPP_EVENT_SERVER_FEATURES,
  CAU_XMPP_EVENT_CAPS_LEARNED,
  CAU_XMPP_EVENT_MESSAGE,
  CAU_XMPP_EVENT_PRESENCE,
  CAU_XMPP_EVENT_CHAT_STATE,
  CAU_XMPP_EVENT_SUBSCRIPTION_REQUEST,
  CAU_XMPP_EVENT_ROSTER,
  CAU_XMPP_EVENT_HISTORY_PAGE,
  CAU_XMPP_EVENT_CAUGHT_UP,
  CAU_XMPP_EVENT_BLOCKLIST,
  CAU_XMPP_EVENT_NICK,
  CAU_XMPP_EVENT_AVATAR,
  /* Rooms (cau-xmpp-rooms.h): text is the room. */
  CAU_XMPP_EVENT_ROOM_INFO,        /* data: CauXmppRoomInfo */
  CAU_XMPP_EVENT_ROOM_OCCUPANTS,   /* data: GPtrArray of CauXmppOccupant, in arrival order */
  CAU_XMPP_EVENT_ROOM_JOINED,      /* text2: our nickname; number: CauXmppOccupantStatus */
  CAU_XMPP_EVENT_ROOM_JOIN_FAILED, /* text2: the error's condition; number: CauXmppJoinError */
  CAU_XMPP_EVENT_ROOM_LEFT,        /* text2: the reason given; number: CauXmppOccupantStatus */
  CAU_XMPP_EVENT_ROOM_CAUGHT_UP,
  /* Bookmarks (cau-xmpp-bookmarks.h): data is a GPtrArray of CauXmppBookmark; number is 1 for
   * the full list, 0 for a change (removed ones with `retracted`). */
  CAU_XMPP_EVENT_BOOKMARKS,
  /* An invitation to a room (XEP-0249, XEP-0045 §7.8.2); data: CauXmppInvitation. */
  CAU_XMPP_EVENT_ROOM_INVITATION,
} CauXmppEventType;

typedef struct {
  CauXmppEventType  type;
  CauXmppLink      *link;
  CauXmppState      state;
  gboolean          resumed;
  gboolean          will_retry;
  gint64            when_us;
  char             *text;      /* bound JID, caps ver, message sender */
  char             *text2;     /* message id */
  char             *text3;     /* message body */
  char            **strv;      /* features */
  int               number;    /* show, chat state, page size */
  GError           *error;
  CauXmppCertInfo  *cert;
  gpointer          data;      /* owned, freed with data_free */
  GDestroyNotify    data_free;
} CauXmppEvent;

void cau_xmpp_event_post (CauXmppEvent *event);
/* cau-xmpp-client-rooms.c */
void cau_xmpp_client_rooms_class_init    (GObjectClass  *klass);
void cau_xmpp_client_dispatch_room_event (CauXmppClient *self,
                                          CauXmppEvent  *event);

/* The stream: engine-thread side of one account. */
typedef struct _CauXmppStream CauXmppStream;

typedef struct {
  char      *jid;
  char      *password;
  char      *resource;
  char      *host;
  guint16    port;
  gboolean   direct_tls;
  char     **pins;
  guint      connect_timeout_s;
  guint      ping_interval_s;
  guint      ping_timeout_s;
  gboolean   auto_reconnect;
} CauXmppConfig;

void           cau_xmpp_config_clear       (CauXmppConfig *config);
void           cau_xmpp_config_copy        (const CauXmppConfig *src,
                                            CauXmppConfig       *dest);

/* All of these run on the engine thread only. */
CauXmppStream *cau_xmpp_stream_new         (CauXmppEngine       *engine,
                                            CauXmppLink         *link);
void           cau_xmpp_stream_free        (CauXmppStream       *stream);
void           cau_xmpp_stream_configure   (CauXmppStream       *stream,
                                            const CauXmppConfig *config);
void           cau_xmpp_stream_connect     (CauXmppStream       *stream);
void           cau_xmpp_stream_disconnect  (CauXmppStream       *stream);
void           cau_xmpp_stream_reconnect_now (CauXmppStream     *stream);
void           cau_xmpp_stream_set_presence (CauXmppStream      *stream,
                                             CauXmppShow         show,
                                             const char         *status);
void           cau_xmpp_stream_set_active  (CauXmppStream       *stream,
                                            gboolean             active);
void           cau_xmpp_stream_ping        (CauXmppStream       *stream);
void           cau_xmpp_stream_supply_password (CauXmppStream   *stream,
                                                const char      *password);
void           cau_xmpp_stream_send_message (CauXmppStream      *stream,
                                             const char         *to,
                                             const char         *body,
                                             const char         *id);
/* The stream's messaging (cau-xmpp-chat.h): commands run on it, then
 * what they queued is written. */
typedef struct _CauXmppChat CauXmppChat;
typedef void (*CauXmppChatFunc) (CauXmppChat *chat,
                                 gpointer     data);
void           cau_xmpp_stream_run_chat    (CauXmppStream      *stream,
                                            CauXmppChatFunc     func,
                                            gpointer            data);

/* Runs func (chat, data) on the engine thread, then data_free (data). */
void           cau_xmpp_client_run_on_chat (CauXmppClient      *self,
                                            CauXmppChatFunc     func,
                                            gpointer            data,
                                            GDestroyNotify      data_free);

G_END_DECLS
