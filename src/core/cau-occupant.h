/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

#include <glib-object.h>

#include "core/cau-account.h"

G_BEGIN_DECLS

/* A room occupant's role and affiliation (XEP-0045 §5), in increasing power. */
typedef enum {
  CAU_ROLE_NONE,
  CAU_ROLE_VISITOR,
  CAU_ROLE_PARTICIPANT,
  CAU_ROLE_MODERATOR,
} CauRole;

typedef enum {
  CAU_AFFILIATION_NONE,
  CAU_AFFILIATION_OUTCAST,
  CAU_AFFILIATION_MEMBER,
  CAU_AFFILIATION_ADMIN,
  CAU_AFFILIATION_OWNER,
} CauAffiliation;

#define CAU_TYPE_OCCUPANT (cau_occupant_get_type ())
G_DECLARE_FINAL_TYPE (CauOccupant, cau_occupant, CAU, OCCUPANT, GObject)

/* Someone in a room, as the room shows them. */
const char     *cau_occupant_get_nick        (CauOccupant *self);
CauRole         cau_occupant_get_role        (CauOccupant *self);
CauAffiliation  cau_occupant_get_affiliation (CauOccupant *self);
/* Nullable: their address, where the room shows it. */
const char     *cau_occupant_get_real_jid    (CauOccupant *self);
/* Nullable: XEP-0421, the same under every nickname. */
const char     *cau_occupant_get_occupant_id (CauOccupant *self);
/* Nullable: their status message. */
const char     *cau_occupant_get_status      (CauOccupant *self);
/* As their presence in the room says: available, away (also "extended away") or do not
 * disturb. */
CauPresence     cau_occupant_get_presence    (CauOccupant *self);
gboolean        cau_occupant_is_self         (CauOccupant *self);

/* Translated names, for the occupant list. */
const char     *cau_role_describe            (CauRole        role);
const char     *cau_affiliation_describe     (CauAffiliation affiliation);

G_END_DECLS
