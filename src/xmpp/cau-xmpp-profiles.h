/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

/*
 * Contacts' profiles on the engine thread, owned by the account's
 * CauXmppChat: vCard and software requests, each answered exactly once
 * (result, error, timeout, or going offline), and PEP nickname events.
 */

#include <strophe.h>

#include "xmpp/cau-xmpp-private.h"
#include "xmpp/cau-xmpp-profile.h"

G_BEGIN_DECLS

/* How long a contact's server or device may take to answer. */
#define CAU_XMPP_PROFILE_TIMEOUT_S 20

typedef struct _CauXmppProfiles CauXmppProfiles;

/* Called once on the engine thread: `result` (transfer full) is a
 * CauXmppVcard or CauXmppSoftware, else `error` says why not. */
typedef void (*CauXmppProfilesDone) (gpointer      result,
                                     const GError *error,
                                     gpointer      data);

CauXmppProfiles *cau_xmpp_profiles_new            (CauXmppStream       *stream);
void             cau_xmpp_profiles_free           (CauXmppProfiles     *self);
void             cau_xmpp_profiles_online         (CauXmppProfiles     *self,
                                                   xmpp_conn_t         *conn);
void             cau_xmpp_profiles_offline        (CauXmppProfiles     *self);
/* TRUE when `message` was a PEP nickname event (taken or dropped). */
gboolean         cau_xmpp_profiles_handle_message (CauXmppProfiles     *self,
                                                   xmpp_stanza_t       *message);
void             cau_xmpp_profiles_fetch_vcard    (CauXmppProfiles     *self,
                                                   const char          *jid,
                                                   CauXmppProfilesDone  done,
                                                   gpointer             data);
void             cau_xmpp_profiles_fetch_software (CauXmppProfiles     *self,
                                                   const char          *full_jid,
                                                   CauXmppProfilesDone  done,
                                                   gpointer             data);

G_END_DECLS
