/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* A room a service lists (XEP-0045 §6.3): its address and, if it says, its name. */
#define CAU_TYPE_ROOM_LISTING (cau_room_listing_get_type ())
G_DECLARE_FINAL_TYPE (CauRoomListing, cau_room_listing, CAU, ROOM_LISTING, GObject)

CauRoomListing *cau_room_listing_new      (const char     *jid,
                                           const char     *name);
const char     *cau_room_listing_get_jid  (CauRoomListing *self);
/* Nullable: text from the network, never markup. */
const char     *cau_room_listing_get_name (CauRoomListing *self);

G_END_DECLS
