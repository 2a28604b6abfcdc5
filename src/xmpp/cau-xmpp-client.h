/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

#include <gio/gio.h>

#include "xmpp/cau-xmpp-archive.h"
#include "xmpp/cau-xmpp-room-types.h"
#include "xmpp/cau-xmpp-engine.h"
#include "xmpp/cau-xmpp-show.h"
#include "xmpp/cau-xmpp-omemo-funcs.h"
#include "xmpp/cau-xmpp-room-types.h"

G_BEGIN_DECLS

#define CAU_XMPP_ERROR (cau_xmpp_error_quark ())

typedef enum {
  CAU_XMPP_ERROR_INVALID_ADDRESS,
  CAU_XMPP_ERROR_HOST_NOT_FOUND,
  CAU_XMPP_ERROR_CONNECTION_REFUSED,
  CAU_XMPP_ERROR_TIMED_OUT,
  CAU_XMPP_ERROR_TLS,
  CAU_XMPP_ERROR_CERTIFICATE,
  CAU_XMPP_ERROR_AUTHENTICATION,
  CAU_XMPP_ERROR_ACCOUNT_DISABLED,
  CAU_XMPP_ERROR_CONFLICT,
  CAU_XMPP_ERROR_CONNECTION_LOST,
  CAU_XMPP_ERROR_SERVER_SHUTDOWN,
  CAU_XMPP_ERROR_STREAM,
  CAU_XMPP_ERROR_REGISTRATION_CONFLICT,
  CAU_XMPP_ERROR_REGISTRATION_NOT_ALLOWED,
  CAU_XMPP_ERROR_REGISTRATION_NOT_SUPPORTED,
  CAU_XMPP_ERROR_REGISTRATION_INVALID,
  CAU_XMPP_ERROR_FAILED,
  CAU_XMPP_ERROR_FORBIDDEN,    /* a request we may not make (forbidden, not-allowed) */
  CAU_XMPP_ERROR_NOT_FOUND,    /* what a request is about is not there (item-not-found) */
  CAU_XMPP_ERROR_NOT_SUPPORTED, /* the other end does not offer this (feature-not-implemented,
                                 * service-unavailable) */
} CauXmppError;

GQuark cau_xmpp_error_quark (void);

typedef enum {
  CAU_XMPP_STATE_DISCONNECTED,
  CAU_XMPP_STATE_CONNECTING,
  CAU_XMPP_STATE_ONLINE,
  CAU_XMPP_STATE_WAITING,
} CauXmppState;

/**
 * CauXmppCertInfo:
 * What we show a person about a certificate that failed verification.
 */
typedef struct {
  char  *subject;
  char  *issuer;
  char **names;          /* subjectAltName DNS names */
  char  *not_before;
  char  *not_after;
  char  *sha256;         /* lower-case hex, no separators */
  char  *error;          /* the verifier's reason, as OpenSSL words it */
  char  *pem;
} CauXmppCertInfo;

CauXmppCertInfo *cau_xmpp_cert_info_copy (const CauXmppCertInfo *info);
void             cau_xmpp_cert_info_free (CauXmppCertInfo       *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CauXmppCertInfo, cau_xmpp_cert_info_free)

#define CAU_TYPE_XMPP_CLIENT (cau_xmpp_client_get_type ())
G_DECLARE_FINAL_TYPE (CauXmppClient, cau_xmpp_client, CAU, XMPP_CLIENT, GObject)

CauXmppClient   *cau_xmpp_client_new                     (CauXmppEngine      *engine,
                                                          const char         *jid);
const char      *cau_xmpp_client_get_jid                 (CauXmppClient      *self);
CauXmppState     cau_xmpp_client_get_state               (CauXmppClient      *self);
const char      *cau_xmpp_client_get_bound_jid           (CauXmppClient      *self);
const GError    *cau_xmpp_client_get_error               (CauXmppClient      *self);
const CauXmppCertInfo *cau_xmpp_client_get_rejected_certificate (CauXmppClient *self);
gboolean         cau_xmpp_client_server_has_feature      (CauXmppClient      *self,
                                                          const char         *feature);
gint64           cau_xmpp_client_get_online_since        (CauXmppClient      *self);
guint            cau_xmpp_client_get_streams_started     (CauXmppClient      *self);
guint            cau_xmpp_client_get_streams_resumed     (CauXmppClient      *self);
guint            cau_xmpp_client_get_full_rosters        (CauXmppClient      *self);

void             cau_xmpp_client_set_password            (CauXmppClient      *self,
                                                          const char         *password);
void             cau_xmpp_client_set_resource            (CauXmppClient      *self,
                                                          const char         *resource);
void             cau_xmpp_client_set_server              (CauXmppClient      *self,
                                                          const char         *host,
                                                          guint16             port,
                                                          gboolean            direct_tls);
void             cau_xmpp_client_set_pinned_certificates (CauXmppClient      *self,
                                                          const char * const *sha256);
void             cau_xmpp_client_set_timeouts            (CauXmppClient      *self,
                                                          guint               connect_s,
                                                          guint               ping_interval_s,
                                                          guint               ping_timeout_s);
void             cau_xmpp_client_set_auto_reconnect      (CauXmppClient      *self,
                                                          gboolean            auto_reconnect);

void             cau_xmpp_client_connect                 (CauXmppClient      *self);
void             cau_xmpp_client_disconnect              (CauXmppClient      *self);
void             cau_xmpp_client_reconnect_now           (CauXmppClient      *self);
void             cau_xmpp_client_set_presence            (CauXmppClient      *self,
                                                          CauXmppShow         show,
                                                          const char         *status);
void             cau_xmpp_client_set_active              (CauXmppClient      *self,
                                                          gboolean            active);
void             cau_xmpp_client_ping                    (CauXmppClient      *self);
void             cau_xmpp_client_send_message            (CauXmppClient      *self,
                                                          const char         *to,
                                                          const char         *body,
                                                          const char         *id);

/* Messaging (cau-xmpp-client-chat.c). The archive's functions run on the
 * engine thread; `destroy` too, when the client goes. */
void             cau_xmpp_client_set_archive             (CauXmppClient      *self,
                                                          const CauXmppArchiveFuncs *funcs,
                                                          gpointer            data,
                                                          GDestroyNotify      destroy);
/* OMEMO's keys; the functions run on the engine thread, `destroy` too. */
void             cau_xmpp_client_set_omemo               (CauXmppClient      *self,
                                                          const CauXmppOmemoFuncs *funcs,
                                                          gpointer            data,
                                                          GDestroyNotify      destroy);
/* Publishes our OMEMO device list again without `device_id`, a stale device of ours (online
 * only; the stored list follows when the server tells). */
void             cau_xmpp_client_omemo_remove_device     (CauXmppClient      *self,
                                                          guint32             device_id);
/* Sends a message already stored as pending under `local_id`; `encrypt`: with OMEMO, or
 * not at all. */
void             cau_xmpp_client_send_chat               (CauXmppClient      *self,
                                                          gint64              local_id,
                                                          const char         *to,
                                                          const char         *body,
                                                          const char         *id,
                                                          gboolean            encrypt);
void             cau_xmpp_client_send_displayed          (CauXmppClient      *self,
                                                          const char         *to,
                                                          const char         *id,
                                                          const char         *stanza_id);
void             cau_xmpp_client_send_chat_state         (CauXmppClient      *self,
                                                          const char         *to,
                                                          CauXmppChatState    state);
/* Pages back through the archive of the conversation with `peer`. */
void             cau_xmpp_client_fetch_history           (CauXmppClient      *self,
                                                          const char         *peer);
void             cau_xmpp_client_roster_set              (CauXmppClient      *self,
                                                          const char         *jid,
                                                          const char         *name,
                                                          const char * const *groups);
void             cau_xmpp_client_roster_remove           (CauXmppClient      *self,
                                                          const char         *jid);
/* type: "subscribe", "subscribed", "unsubscribe", "unsubscribed";
 * status (nullable): a message sent with it. */
void             cau_xmpp_client_send_subscription       (CauXmppClient      *self,
                                                          const char         *jid,
                                                          const char         *type,
                                                          const char         *status);
/* Blocking Command (XEP-0191): the change comes back as
 * ::blocklist-changed. `jid` is a bare JID, a domain, or either with a
 * resource. Dropped when offline. */
void             cau_xmpp_client_block                   (CauXmppClient      *self,
                                                          const char         *jid);
void             cau_xmpp_client_unblock                 (CauXmppClient      *self,
                                                          const char         *jid);

/* Publishes our avatar (XEP-0084), `png` NULL removing it; comes back as
 * ::avatar-changed for our own JID. Dropped when offline. */
void             cau_xmpp_client_publish_avatar          (CauXmppClient      *self,
                                                          GBytes             *png,
                                                          guint               width,
                                                          guint               height);

void             cau_xmpp_client_set_known_own_avatar    (CauXmppClient      *self,
                                                          const char         *id);
/* Our presence to `to` alone (RFC 6121 §4.6). Dropped when offline. */
void             cau_xmpp_client_send_presence_to        (CauXmppClient      *self,
                                                          const char         *to);

/* Rooms (XEP-0045, cau-xmpp-client-rooms.c). A room message of ours goes like a chat one,
 * stored pending first, with `groupchat` set; it waits until we are in the room. */
void             cau_xmpp_client_send_groupchat          (CauXmppClient      *self,
                                                          gint64              local_id,
                                                          const char         *room,
                                                          const char         *body,
                                                          const char         *id,
                                                          gboolean            encrypt);
/* XEP-0308: the correction of our message `replaces` (row `local_id`), sent now if online. */
void             cau_xmpp_client_send_correction         (CauXmppClient      *self,
                                                          gint64              local_id,
                                                          const char         *to,
                                                          const char         *body,
                                                          const char         *id,
                                                          const char         *replaces,
                                                          gboolean            encrypt,
                                                          gboolean            groupchat);
void             cau_xmpp_client_join_room               (CauXmppClient      *self,
                                                          const char         *room,
                                                          const char         *nick,
                                                          const char         *password);
/* The same, but a missing room fails (CAU_XMPP_JOIN_MISSING) instead of being created. */
void             cau_xmpp_client_enter_existing_room     (CauXmppClient      *self,
                                                          const char         *room,
                                                          const char         *nick,
                                                          const char         *password);
/* An occupant's avatar (room@service/nick), fetched unless cached; ::avatar-changed after. */
void             cau_xmpp_client_fetch_occupant_avatar   (CauXmppClient      *self,
                                                          const char         *occupant,
                                                          const char         *hash);
void             cau_xmpp_client_create_room             (CauXmppClient      *self,
                                                          const char         *room,
                                                          const char         *nick,
                                                          const CauXmppRoomCreation *creation);
void             cau_xmpp_client_leave_room              (CauXmppClient      *self,
                                                          const char         *room);
void             cau_xmpp_client_invite                  (CauXmppClient      *self,
                                                          const char         *room,
                                                          const char         *invitee,
                                                          const char         *reason);
void             cau_xmpp_client_decline_invitation      (CauXmppClient      *self,
                                                          const char         *room,
                                                          const char         *inviter,
                                                          const char         *reason);
/* Moderation (XEP-0045 §9, §10; cau-xmpp-client-moderation.c): the room's answer, in the
 * caller's context. `reason` nullable. */
void             cau_xmpp_client_set_room_role           (CauXmppClient      *self,
                                                          const char         *room,
                                                          const char         *nick,
                                                          CauXmppRole         role,
                                                          const char         *reason,
                                                          GCancellable       *cancellable,
                                                          GAsyncReadyCallback callback,
                                                          gpointer            user_data);
gboolean         cau_xmpp_client_set_room_role_finish    (CauXmppClient      *self,
                                                          GAsyncResult       *result,
                                                          GError            **error);
void             cau_xmpp_client_set_room_affiliation    (CauXmppClient      *self,
                                                          const char         *room,
                                                          const char         *jid,
                                                          CauXmppAffiliation  affiliation,
                                                          const char         *reason,
                                                          GCancellable       *cancellable,
                                                          GAsyncReadyCallback callback,
                                                          gpointer            user_data);
gboolean         cau_xmpp_client_set_room_affiliation_finish (CauXmppClient  *self,
                                                          GAsyncResult       *result,
                                                          GError            **error);
/* XEP-0425: removes the message of archive id `stanza_id` for everyone. */
void             cau_xmpp_client_retract_room_message    (CauXmppClient      *self,
                                                          const char         *room,
                                                          const char         *stanza_id,
                                                          const char         *reason,
                                                          CauXmppModerationVersion version,
                                                          GCancellable       *cancellable,
                                                          GAsyncReadyCallback callback,
                                                          gpointer            user_data);
gboolean         cau_xmpp_client_retract_room_message_finish (CauXmppClient  *self,
                                                          GAsyncResult       *result,
                                                          GError            **error);
void             cau_xmpp_client_set_room_subject        (CauXmppClient      *self,
                                                          const char         *room,
                                                          const char         *subject);
void             cau_xmpp_client_set_room_ping_interval  (CauXmppClient      *self,
                                                          guint               seconds);
/* Bookmarks (XEP-0402, or XEP-0048 where the server keeps only those in step;
 * cau-xmpp-client-rooms.c): shared with our other clients, followed through
 * ::bookmarks-changed. Dropped when offline. */
void             cau_xmpp_client_publish_bookmark        (CauXmppClient      *self,
                                                          const CauXmppBookmark *bookmark);
void             cau_xmpp_client_retract_bookmark        (CauXmppClient      *self,
                                                          const char         *room);

typedef struct _CauXmppPasswordSink CauXmppPasswordSink;

CauXmppPasswordSink *cau_xmpp_client_dup_password_sink   (CauXmppClient       *self);
void                 cau_xmpp_password_sink_supply       (CauXmppPasswordSink *sink,
                                                          const char          *password);
void                 cau_xmpp_password_sink_free         (CauXmppPasswordSink *sink);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CauXmppPasswordSink, cau_xmpp_password_sink_free)

G_END_DECLS
