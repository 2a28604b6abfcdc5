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

G_END_DECLS
