/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

#include <gtk/gtk.h>

#include "core/cau-contact.h"

G_BEGIN_DECLS

#define CAU_TYPE_REQUEST_ROW (cau_request_row_get_type ())
G_DECLARE_FINAL_TYPE (CauRequestRow, cau_request_row, CAU, REQUEST_ROW, GtkListBoxRow)

/* A subscription request with its answers: "answered" ("accept", "deny" or
 * "block") when one is chosen. With @show_account, says to which account
 * it was sent. */
CauRequestRow *cau_request_row_new         (CauContact    *contact,
                                            gboolean       show_account);
CauContact    *cau_request_row_get_contact (CauRequestRow *self);

G_END_DECLS
