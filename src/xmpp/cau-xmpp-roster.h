/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

/* Roster items (RFC 6121 §2) as plain data, owned copies. */

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  char      *jid;            /* bare JID, normalised */
  char      *name;           /* nullable */
  char      *subscription;   /* "none", "to", "from", "both", or "remove" in a push */
  gboolean   ask;            /* ask='subscribe': our request is pending */
  char     **groups;         /* never NULL */
} CauXmppRosterItem;

CauXmppRosterItem *cau_xmpp_roster_item_new  (void);
CauXmppRosterItem *cau_xmpp_roster_item_copy (const CauXmppRosterItem *item);
void               cau_xmpp_roster_item_free (CauXmppRosterItem       *item);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CauXmppRosterItem, cau_xmpp_roster_item_free)

G_END_DECLS
