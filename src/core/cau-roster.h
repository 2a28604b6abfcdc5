/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

#include <gio/gio.h>

#include "core/cau-account.h"
#include "core/cau-contact.h"

G_BEGIN_DECLS

/*
 * One account's contacts: a GListModel of CauContact sorted by display
 * name, loaded from the store (so shown before connecting) and kept up to
 * date from the server; the subscription requests waiting for an answer;
 * and the block list (XEP-0191).
 *
 * The actions need the account online; they send the change to the server
 * and the model follows when the server confirms it.
 */

#define CAU_TYPE_ROSTER (cau_roster_get_type ())
G_DECLARE_FINAL_TYPE (CauRoster, cau_roster, CAU, ROSTER, GObject)

CauAccount         *cau_roster_get_account        (CauRoster          *self);
/* A contact of the roster or one that asked to be, by bare JID. */
CauContact         *cau_roster_lookup             (CauRoster          *self,
                                                   const char         *jid);
/* GListModel of CauContact: who asked to see our presence, oldest first. */
GListModel         *cau_roster_get_requests       (CauRoster          *self);
/* Our own account as a contact: its resources are our other devices. */
CauContact         *cau_roster_get_own_devices    (CauRoster          *self);
/* Every blocked address, sorted: bare JIDs, domains, or either with a
 * resource. */
const char * const *cau_roster_get_blocked        (CauRoster          *self);
gboolean            cau_roster_is_blocked         (CauRoster          *self,
                                                   const char         *jid);

/* Adds `address` (name and group nullable) and asks to see its presence,
 * with `message` (nullable) in the request. */
gboolean            cau_roster_add_contact        (CauRoster          *self,
                                                   const char         *address,
                                                   const char         *name,
                                                   const char         *group,
                                                   const char         *message,
                                                   GError            **error);
/* name NULL or empty: no name (the display name falls back). */
gboolean            cau_roster_rename             (CauRoster          *self,
                                                   CauContact         *contact,
                                                   const char         *name,
                                                   GError            **error);
gboolean            cau_roster_set_groups         (CauRoster          *self,
                                                   CauContact         *contact,
                                                   const char * const *groups,
                                                   GError            **error);
/* Out of the roster; subscriptions both ways end. */
gboolean            cau_roster_remove             (CauRoster          *self,
                                                   CauContact         *contact,
                                                   GError            **error);

/* Answers a subscription request. Accepting also asks to see the
 * contact's presence when we do not yet; blocking denies and blocks. */
gboolean            cau_roster_accept_request     (CauRoster          *self,
                                                   CauContact         *contact,
                                                   GError            **error);
gboolean            cau_roster_deny_request       (CauRoster          *self,
                                                   CauContact         *contact,
                                                   GError            **error);
gboolean            cau_roster_block_request      (CauRoster          *self,
                                                   CauContact         *contact,
                                                   GError            **error);

/* XEP-0191. `address`: a bare JID, a domain, or either with a resource. */
gboolean            cau_roster_block              (CauRoster          *self,
                                                   const char         *address,
                                                   GError            **error);
gboolean            cau_roster_unblock            (CauRoster          *self,
                                                   const char         *address,
                                                   GError            **error);

G_END_DECLS
