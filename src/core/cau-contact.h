/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

#include <gio/gio.h>

#include "core/cau-account.h"

G_BEGIN_DECLS

/* Who sees whose presence (RFC 6121 §2.1.2.5). */
typedef enum {
  CAU_SUBSCRIPTION_NONE,
  CAU_SUBSCRIPTION_TO,      /* we see theirs */
  CAU_SUBSCRIPTION_FROM,    /* they see ours */
  CAU_SUBSCRIPTION_BOTH,
} CauSubscription;

#define CAU_TYPE_SUBSCRIPTION (cau_subscription_get_type ())
GType cau_subscription_get_type (void);

#define CAU_TYPE_CONTACT (cau_contact_get_type ())
G_DECLARE_FINAL_TYPE (CauContact, cau_contact, CAU, CONTACT, GObject)

CauAccount         *cau_contact_get_account         (CauContact  *self);
/* Bare JID, normalised. */
const char         *cau_contact_get_jid             (CauContact  *self);
/* The name we gave it in the roster (nullable). */
const char         *cau_contact_get_name            (CauContact  *self);
/* The nickname it gave itself (XEP-0172, nullable). */
const char         *cau_contact_get_nickname        (CauContact  *self);
/* The name, else the nickname, else the address's local part. */
const char         *cau_contact_get_display_name    (CauContact  *self);
/* Its roster groups, sorted. */
const char * const *cau_contact_get_groups          (CauContact  *self);
gboolean            cau_contact_get_in_roster       (CauContact  *self);
CauSubscription     cau_contact_get_subscription    (CauContact  *self);
/* We asked to see its presence and it has not answered. */
gboolean            cau_contact_get_ask             (CauContact  *self);
/* The best of its online devices; extended away shows as away. */
CauPresence         cau_contact_get_presence        (CauContact  *self);
const char         *cau_contact_get_status_message  (CauContact  *self);
/* Full JIDs of its online devices, the best first. */
const char * const *cau_contact_get_resources       (CauContact  *self);
gboolean            cau_contact_get_blocked         (CauContact  *self);
/* It asked to see our presence and we have not answered. */
gboolean            cau_contact_get_requested       (CauContact  *self);
const char         *cau_contact_get_request_message (CauContact  *self);

/* XEP-0084 / XEP-0153: its avatar's SHA-1 (nullable), and its file. */
const char         *cau_contact_get_avatar_hash     (CauContact  *self);
GFile              *cau_contact_dup_avatar_file     (CauContact  *self);

/* Whether every word of `query` is found in its names or address, case
 * and accents ignored; an empty query matches everything. */
gboolean            cau_contact_matches             (CauContact  *self,
                                                     const char  *query);

G_END_DECLS
