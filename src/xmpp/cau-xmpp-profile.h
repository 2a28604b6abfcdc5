/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

/*
 * What a contact tells about itself, asked for when its profile is opened:
 * its vCard (XEP-0292 vCard4 in PEP, else XEP-0054 vcard-temp) and, per
 * online device, its software (XEP-0092, else the client's disco#info
 * identity name). Everything here is text from the network, cut to a
 * bounded size, valid UTF-8, never markup.
 */

#include <gio/gio.h>

#include "xmpp/cau-xmpp-client.h"

G_BEGIN_DECLS

/* At most this many e-mail addresses, phone numbers and URLs each. */
#define CAU_XMPP_VCARD_MAX_ENTRIES 8
/* Characters kept of a field, and of the note. */
#define CAU_XMPP_VCARD_MAX_CHARS   256
#define CAU_XMPP_VCARD_MAX_NOTE    2000
/* Characters kept of a software name, version or OS. */
#define CAU_XMPP_SOFTWARE_MAX_CHARS 100

typedef struct {
  char  *full_name;
  char  *nickname;
  char **emails;        /* NULL-terminated, never NULL */
  char **phones;
  char **urls;
  char  *organisation;
  char  *locality;
  char  *country;
  char  *birthday;      /* as given, e.g. "1966-08-06" */
  char  *note;
} CauXmppVcard;

CauXmppVcard *cau_xmpp_vcard_new      (void);
CauXmppVcard *cau_xmpp_vcard_copy     (const CauXmppVcard *vcard);
void          cau_xmpp_vcard_free     (CauXmppVcard       *vcard);
gboolean      cau_xmpp_vcard_is_empty (const CauXmppVcard *vcard);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CauXmppVcard, cau_xmpp_vcard_free)

typedef struct {
  char *name;           /* nullable, each */
  char *version;
  char *os;
} CauXmppSoftware;

CauXmppSoftware *cau_xmpp_software_copy (const CauXmppSoftware *software);
void             cau_xmpp_software_free (CauXmppSoftware       *software);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CauXmppSoftware, cau_xmpp_software_free)

/*
 * The vCard of `jid` (a bare JID). A contact without one gives an empty
 * vCard, not an error. Errors: CAU_XMPP_ERROR_TIMED_OUT when no answer
 * came in time, CAU_XMPP_ERROR_CONNECTION_LOST when offline (or going
 * offline before the answer), CAU_XMPP_ERROR_FAILED when refused.
 */
void             cau_xmpp_client_fetch_vcard           (CauXmppClient        *self,
                                                        const char           *jid,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
CauXmppVcard    *cau_xmpp_client_fetch_vcard_finish    (CauXmppClient        *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);
/* The software of the device `full_jid`; its fields may all be NULL. */
void             cau_xmpp_client_fetch_software        (CauXmppClient        *self,
                                                        const char           *full_jid,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
CauXmppSoftware *cau_xmpp_client_fetch_software_finish (CauXmppClient        *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);

G_END_DECLS
