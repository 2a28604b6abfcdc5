/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

#include <adwaita.h>

#include "core/cau-room.h"
#include "core/cau-roster.h"

G_BEGIN_DECLS

#define CAU_TYPE_INVITE_DIALOG (cau_invite_dialog_get_type ())
G_DECLARE_FINAL_TYPE (CauInviteDialog, cau_invite_dialog, CAU, INVITE_DIALOG, AdwMessageDialog)

/* Asks whom to invite to @room (a contact of @roster found by name, or an address typed) and
 * with what message, then invites them (cau_room_invite()). "invited" (address) once the
 * invitation went, "failed" (message) when the room or the server refused. */
CauInviteDialog *cau_invite_dialog_new (GtkWindow *parent,
                                        CauRoom   *room,
                                        CauRoster *roster);

G_END_DECLS
