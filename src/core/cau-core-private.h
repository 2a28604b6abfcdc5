/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

/* Inside the model only: never included by the UI. */

#include "core/cau-account.h"
#include "core/cau-account-manager.h"
#include "core/cau-certificate.h"
#include "core/cau-secrets.h"
#include "store/cau-db.h"
#include "xmpp/cau-xmpp-client.h"
#include "xmpp/cau-xmpp-engine.h"

G_BEGIN_DECLS

CauCertificate *cau_certificate_new_from_info (const CauXmppCertInfo *info);
/* A presence's <show/> (CauXmppShow) as the model says it (cau-account.c). */
CauPresence     cau_presence_from_show        (int                 show);

/* The engine the manager's accounts share (cau-account-signup.c makes throwaway clients
 * on it). */
CauXmppEngine  *cau_account_manager_get_engine (CauAccountManager *self);

CauAccount     *cau_account_new               (const CauDbAccount *row,
                                               CauDb              *db,
                                               CauXmppEngine      *engine,
                                               CauSecrets         *secrets);
/* Loads the password (unless given) and connects if enabled. */
void            cau_account_start             (CauAccount         *self,
                                               const char         *password);
void            cau_account_shutdown          (CauAccount         *self);
void            cau_account_set_active        (CauAccount         *self,
                                               gboolean            active);
CauXmppClient  *cau_account_get_client        (CauAccount         *self);
/* The account's main-thread connection to the store (shared with the manager). */
CauDb          *cau_account_get_db            (CauAccount         *self);
/* Kept by the conversation list. */
void            cau_account_set_unread        (CauAccount         *self,
                                               guint               unread);
/* Rooms (cau-account-rooms.c): the account's CauRoom by bare JID; connecting the client's room
 * signals and entering the rooms we want to be in. */
GHashTable     *cau_account_get_rooms         (CauAccount         *self);
void            cau_account_rooms_attach      (CauAccount         *self);
void            cau_account_announce_conversation (CauAccount     *self,
                                                   gint64          conversation_id);
/* Avatars asked for by all accounts of the manager since it started. */
guint           cau_account_manager_get_avatar_requests (CauAccountManager *self);

G_END_DECLS
