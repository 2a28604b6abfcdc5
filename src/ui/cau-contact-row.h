/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

#include <gtk/gtk.h>

#include "core/cau-contact.h"

G_BEGIN_DECLS

#define CAU_TYPE_CONTACT_ROW (cau_contact_row_get_type ())
G_DECLARE_FINAL_TYPE (CauContactRow, cau_contact_row, CAU, CONTACT_ROW, GtkWidget)

CauContactRow *cau_contact_row_new         (void);
CauContact    *cau_contact_row_get_contact (CauContactRow *self);
void           cau_contact_row_set_contact (CauContactRow *self,
                                            CauContact    *contact);

G_END_DECLS
