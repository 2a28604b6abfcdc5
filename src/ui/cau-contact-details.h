/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

#include <adwaita.h>

#include "core/cau-account-manager.h"
#include "core/cau-contact.h"

G_BEGIN_DECLS

#define CAU_TYPE_CONTACT_DETAILS (cau_contact_details_get_type ())
G_DECLARE_FINAL_TYPE (CauContactDetails, cau_contact_details, CAU, CONTACT_DETAILS, AdwWindow)

/* A contact of the roster: its name (renamed in place), address, groups,
 * who sees whose status, its profile (asked for when opened) and online
 * devices; blocking and removing it.
 * "conversation-opened" (CauConversation) when its chat is asked for. It
 * closes when the contact leaves the roster. */
CauContactDetails *cau_contact_details_new         (GtkWindow         *parent,
                                                    CauAccountManager *manager,
                                                    CauContact        *contact);
CauContact        *cau_contact_details_get_contact (CauContactDetails *self);

G_END_DECLS
