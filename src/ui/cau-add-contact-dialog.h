/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

#include <adwaita.h>

#include "core/cau-account-manager.h"

G_BEGIN_DECLS

#define CAU_TYPE_ADD_CONTACT_DIALOG (cau_add_contact_dialog_get_type ())
G_DECLARE_FINAL_TYPE (CauAddContactDialog, cau_add_contact_dialog, CAU, ADD_CONTACT_DIALOG, AdwWindow)

/* Asks for an address (and an account, when there are several), an
 * optional name, group and message, and adds the contact: "contact-added"
 * (CauAccount, the address) once the request is sent. A refusal is shown
 * in the dialog, which stays open. */
CauAddContactDialog *cau_add_contact_dialog_new         (GtkWindow           *parent,
                                                         CauAccountManager   *manager);
void                 cau_add_contact_dialog_set_account (CauAddContactDialog *self,
                                                         CauAccount          *account);
/* Prefills the fields (from an xmpp: link, a conversation). */
void                 cau_add_contact_dialog_set_address (CauAddContactDialog *self,
                                                         const char          *address);
void                 cau_add_contact_dialog_set_name    (CauAddContactDialog *self,
                                                         const char          *name);
void                 cau_add_contact_dialog_set_group   (CauAddContactDialog *self,
                                                         const char          *group);

G_END_DECLS
