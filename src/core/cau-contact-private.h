/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

/* Inside the model only: the roster keeps its contacts up to date. */

#include "core/cau-contact.h"
#include "xmpp/cau-xmpp-client.h"

G_BEGIN_DECLS

CauContact *cau_contact_new                   (CauAccount         *account,
                                               const char         *jid);
/* From the roster. Returns TRUE when the display name changed. */
gboolean    cau_contact_set_item              (CauContact         *self,
                                               gboolean            in_roster,
                                               const char         *name,
                                               const char         *subscription,
                                               gboolean            ask,
                                               const char * const *groups);
gboolean    cau_contact_set_nickname          (CauContact         *self,
                                               const char         *nickname);
gboolean    cau_contact_forget_nickname       (CauContact         *self);
/* One device's presence: `show` a CauXmppShow, or -1 when it went
 * offline. `full_jid` NULL: every device went offline. */
void        cau_contact_set_resource_presence (CauContact         *self,
                                               const char         *full_jid,
                                               int                 show,
                                               const char         *status);
void        cau_contact_clear_presence        (CauContact         *self);
void        cau_contact_set_blocked           (CauContact         *self,
                                               gboolean            blocked);
void        cau_contact_set_request           (CauContact         *self,
                                               gboolean            requested,
                                               const char         *message);
void        cau_contact_set_avatar_hash       (CauContact         *self,
                                               const char         *hash);
/* Roster order: display name (case folded, collated), then JID. */
int         cau_contact_compare               (CauContact         *a,
                                               CauContact         *b);

G_END_DECLS
