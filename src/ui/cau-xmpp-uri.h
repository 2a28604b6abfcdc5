/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

#include <gio/gio.h>

#include "core/cau-omemo-fingerprint.h"

G_BEGIN_DECLS

/* What an xmpp: link (RFC 5122, XEP-0147) asks of us. Only these are
 * understood; anything else a link asks for is refused. */
typedef enum {
  CAU_XMPP_URI_MESSAGE,   /* no query, ?message, or a verification link
                           * (?omemo-sid-ID=FINGERPRINT, as Conversations shares them):
                           * open the chat */
  CAU_XMPP_URI_ROSTER,    /* ?roster or ?subscribe: offer to add the contact */
  CAU_XMPP_URI_JOIN,      /* ?join: offer to enter the room (XEP-0045 §15.5.4) */
} CauXmppUriAction;

typedef struct {
  CauXmppUriAction  action;
  char             *jid;       /* bare, normalised */
  char             *account;   /* nullable: the account named by xmpp://account/… */
  char             *name;      /* nullable: ?roster;name=… */
  char             *group;     /* nullable: ?roster;group=… */
  GArray           *fingerprints;  /* CauOmemoFingerprint: ;omemo-sid-ID=…, maybe empty */
} CauXmppUri;

/* Parses a link as it arrives (from the command line, a desktop file):
 * percent-decoded, the resource dropped; a translated error when it is not
 * a link we can follow. */
CauXmppUri *cau_xmpp_uri_parse (const char  *uri,
                                GError     **error);
void        cau_xmpp_uri_free  (CauXmppUri  *uri);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CauXmppUri, cau_xmpp_uri_free)

G_END_DECLS
