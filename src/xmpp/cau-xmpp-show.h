/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

/* A presence's <show/> (RFC 6121 §4.7.2.1), a contact's, ours or a room occupant's; "chat"
 * counts as available. */

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  CAU_XMPP_SHOW_AVAILABLE,
  CAU_XMPP_SHOW_AWAY,
  CAU_XMPP_SHOW_DND,
  CAU_XMPP_SHOW_XA,
} CauXmppShow;

G_END_DECLS
