/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

#include <gio/gio.h>

#include "core/cau-contact.h"
#include "core/cau-profile-device.h"

G_BEGIN_DECLS

typedef enum {
  CAU_PROFILE_STATE_LOADING,
  CAU_PROFILE_STATE_LOADED,   /* the contact published a profile */
  CAU_PROFILE_STATE_EMPTY,    /* it published none */
  CAU_PROFILE_STATE_FAILED,   /* see error-message */
} CauProfileState;

/*
 * A contact's profile, asked for once when created (when a person opens
 * it, never for every contact): its vCard (XEP-0292, else XEP-0054) and
 * the software of each of its online devices (XEP-0092), followed as
 * devices come and go. Text fields are the network's, bounded in size,
 * never markup. Dropping the last reference stops waiting for answers.
 */
#define CAU_TYPE_PROFILE (cau_profile_get_type ())
G_DECLARE_FINAL_TYPE (CauProfile, cau_profile, CAU, PROFILE, GObject)

CauProfile         *cau_profile_new                (CauContact  *contact);
CauContact         *cau_profile_get_contact        (CauProfile  *self);
CauProfileState     cau_profile_get_state          (CauProfile  *self);
/* Why it failed, for a person to read (nullable). */
const char         *cau_profile_get_error_message  (CauProfile  *self);

/* The vCard's fields, each nullable; lists NULL-terminated, never NULL. */
const char         *cau_profile_get_full_name      (CauProfile  *self);
const char         *cau_profile_get_nickname       (CauProfile  *self);
const char         *cau_profile_get_organisation   (CauProfile  *self);
const char         *cau_profile_get_locality       (CauProfile  *self);
const char         *cau_profile_get_country        (CauProfile  *self);
const char         *cau_profile_get_birthday       (CauProfile  *self);
const char         *cau_profile_get_note           (CauProfile  *self);
const char * const *cau_profile_get_emails         (CauProfile  *self);
const char * const *cau_profile_get_phones         (CauProfile  *self);
const char * const *cau_profile_get_urls           (CauProfile  *self);

/* A GListModel of CauProfileDevice, in the contact's order of devices. */
GListModel         *cau_profile_get_devices        (CauProfile  *self);

G_END_DECLS
