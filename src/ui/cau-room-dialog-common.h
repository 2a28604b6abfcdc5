/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

#include <adwaita.h>

#include "core/cau-account-manager.h"

G_BEGIN_DECLS

/* What the dialogs that join and create a room share: the account, the room's address, our
 * nickname in it and where a refusal is said. A dialog embeds it in its instance and binds it
 * to its template children of the same names (account_row, address_row, nick_row,
 * error_label). */
typedef struct
{
  AdwComboRow *account_row;
  AdwEntryRow *address_row;
  AdwEntryRow *nick_row;
  GtkLabel    *error_label;
  /* The nickname we suggested (the account's local part): replaced when another account is
   * chosen, unless the person typed their own. */
  char        *suggested_nick;
} CauRoomFields;

/* @offset: where the fields stand in the dialog's instance struct. */
void        cau_room_fields_bind          (GtkWidgetClass *widget_class,
                                           gssize          offset);
void        cau_room_fields_clear         (CauRoomFields  *fields);
CauAccount *cau_room_fields_get_account   (CauRoomFields  *fields);
/* Suggests our nickname for the account chosen (see suggested_nick). */
void        cau_room_fields_suggest_nick  (CauRoomFields  *fields);
/* Takes back the refusal shown, since what was refused is being corrected; whether all that is
 * needed is there. */
gboolean    cau_room_fields_check         (CauRoomFields  *fields);
/* Says why the account manager refused the room, on the row it is about if any. */
void        cau_room_fields_show_refusal  (CauRoomFields  *fields,
                                           const GError   *error);

G_END_DECLS
