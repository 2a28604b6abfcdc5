/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

#include <gio/gio.h>

#include "core/cau-certificate.h"

G_BEGIN_DECLS

typedef enum {
  CAU_ACCOUNT_STATE_DISABLED,     /* switched off by the person */
  CAU_ACCOUNT_STATE_OFFLINE,      /* enabled, presence set to offline */
  CAU_ACCOUNT_STATE_CONNECTING,
  CAU_ACCOUNT_STATE_ONLINE,
  CAU_ACCOUNT_STATE_WAITING,      /* lost the connection, retrying by itself */
  CAU_ACCOUNT_STATE_ERROR,        /* needs the person: see error-message */
  CAU_ACCOUNT_STATE_NEEDS_PASSWORD,
} CauAccountState;

typedef enum {
  CAU_PRESENCE_AVAILABLE,
  CAU_PRESENCE_AWAY,
  CAU_PRESENCE_DND,
  CAU_PRESENCE_OFFLINE,
} CauPresence;

#define CAU_TYPE_ACCOUNT_STATE (cau_account_state_get_type ())
GType cau_account_state_get_type (void);
#define CAU_TYPE_PRESENCE (cau_presence_get_type ())
GType cau_presence_get_type (void);

const char *cau_presence_to_string   (CauPresence  presence);
CauPresence cau_presence_from_string (const char  *text);

#define CAU_TYPE_ACCOUNT (cau_account_get_type ())
G_DECLARE_FINAL_TYPE (CauAccount, cau_account, CAU, ACCOUNT, GObject)

/* In core/cau-roster.h. */
typedef struct _CauRoster CauRoster;

gint64           cau_account_get_id                 (CauAccount   *self);
const char      *cau_account_get_jid                (CauAccount   *self);
const char      *cau_account_get_bound_jid          (CauAccount   *self);
gboolean         cau_account_get_enabled            (CauAccount   *self);
CauAccountState  cau_account_get_state              (CauAccount   *self);
const char      *cau_account_get_error_message      (CauAccount   *self);
CauPresence      cau_account_get_presence           (CauAccount   *self);
const char      *cau_account_get_status_message     (CauAccount   *self);
const char      *cau_account_get_host               (CauAccount   *self);
guint16          cau_account_get_port               (CauAccount   *self);
gboolean         cau_account_get_direct_tls         (CauAccount   *self);
/* The certificate that failed verification on the last attempt, if the
 * person still has to decide about it. */
CauCertificate  *cau_account_get_rejected_certificate (CauAccount *self);
/* Monotonic µs at which the current stream went online (presence sent). */
gint64           cau_account_get_online_since       (CauAccount   *self);
gboolean         cau_account_server_has_feature     (CauAccount   *self,
                                                     const char   *feature);
/* The contacts (core/cau-roster.h), loaded from the store. */
CauRoster       *cau_account_get_roster             (CauAccount   *self);

void             cau_account_set_enabled            (CauAccount   *self,
                                                     gboolean      enabled);
void             cau_account_set_presence           (CauAccount   *self,
                                                     CauPresence   presence,
                                                     const char   *status_message);
gboolean         cau_account_set_server             (CauAccount   *self,
                                                     const char   *host,
                                                     guint16       port,
                                                     gboolean      direct_tls,
                                                     GError      **error);
/* Gives the password for this session (when no keyring is available) or
 * replaces the stored one; reconnects. */
void             cau_account_set_password_async     (CauAccount          *self,
                                                     const char          *password,
                                                     gboolean             remember,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
gboolean         cau_account_set_password_finish    (CauAccount          *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);
/* Pins the rejected certificate for this account and reconnects. */
gboolean         cau_account_trust_certificate      (CauAccount     *self,
                                                     CauCertificate *certificate,
                                                     GError        **error);
void             cau_account_reconnect              (CauAccount   *self);
/* Blocking (XEP-0191), as cau_roster_block() and cau_roster_unblock(). */
/* XEP-0084: our own avatar's SHA-1 (nullable), the cache file of any
 * avatar by its SHA-1, and publishing ours (`png` NULL removes it). */
const char      *cau_account_get_avatar_hash        (CauAccount   *self);
guint            cau_account_get_unread             (CauAccount   *self);
GFile           *cau_account_dup_avatar_file        (CauAccount   *self,
                                                     const char   *hash);
gboolean         cau_account_publish_avatar         (CauAccount   *self,
                                                     GBytes       *png,
                                                     guint         width,
                                                     guint         height,
                                                     GError      **error);
gboolean         cau_account_block                  (CauAccount   *self,
                                                     const char   *address,
                                                     GError      **error);
gboolean         cau_account_unblock                (CauAccount   *self,
                                                     const char   *address,
                                                     GError      **error);

/* The account's room service (XEP-0045), as its server lists it: its address, or NULL when
 * the server lists none (cau-account-room-service.c). CAU_CORE_ERROR_OFFLINE when offline. */
void             cau_account_find_room_service        (CauAccount           *self,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
char            *cau_account_find_room_service_finish (CauAccount           *self,
                                                       GAsyncResult         *result,
                                                       GError              **error);
/* The public rooms of a room service (XEP-0045 §6.3): a GListModel of CauRoomListing
 * (core/cau-room-listing.h). */
void             cau_account_list_rooms               (CauAccount           *self,
                                                       const char           *service,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
GListModel      *cau_account_list_rooms_finish        (CauAccount           *self,
                                                       GAsyncResult         *result,
                                                       GError              **error);

G_END_DECLS
