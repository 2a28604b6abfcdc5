/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

#include <gtk/gtk.h>

#include "core/cau-room-invitation.h"

G_BEGIN_DECLS

#define CAU_TYPE_INVITATION_ROW (cau_invitation_row_get_type ())
G_DECLARE_FINAL_TYPE (CauInvitationRow, cau_invitation_row, CAU, INVITATION_ROW, GtkListBoxRow)

/* An invitation to a room with its answers: "answered" ("join" or "decline") when one is
 * chosen. With @show_account, says which account was invited. */
CauInvitationRow  *cau_invitation_row_new            (CauRoomInvitation *invitation,
                                                      gboolean           show_account);
CauRoomInvitation *cau_invitation_row_get_invitation (CauInvitationRow  *self);

G_END_DECLS
