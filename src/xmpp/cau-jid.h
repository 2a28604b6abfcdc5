/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CAU_JID_ERROR (cau_jid_error_quark ())

typedef enum {
  CAU_JID_ERROR_EMPTY,
  CAU_JID_ERROR_NO_LOCALPART,
  CAU_JID_ERROR_INVALID_LOCALPART,
  CAU_JID_ERROR_INVALID_DOMAIN,
  CAU_JID_ERROR_INVALID_RESOURCE,
  CAU_JID_ERROR_TOO_LONG,
} CauJidError;

GQuark    cau_jid_error_quark   (void);

gboolean  cau_jid_split         (const char  *jid,
                                 char       **localpart,
                                 char       **domainpart,
                                 char       **resourcepart,
                                 GError     **error);
char     *cau_jid_normalize_account (const char  *input,
                                     GError     **error);
char     *cau_jid_bare          (const char  *jid);
char     *cau_jid_domain        (const char  *jid);
char     *cau_jid_resource      (const char  *jid);
gboolean  cau_jid_is_bare_of    (const char  *full_jid,
                                 const char  *bare_jid);

/*
 * `jid` as a normalised bare JID: local and domain parts lower-cased (RFC
 * 7622 case mapping, without the rest of PRECIS), or NULL when it is not a
 * valid JID. `resource` (optional) gets its resource, if any. Conversations
 * and contacts are keyed by it. (In xeps/cau-xep-stanza.c.)
 */
char     *cau_xmpp_jid_normalize_bare (const char  *jid,
                                       char       **resource);

G_END_DECLS
