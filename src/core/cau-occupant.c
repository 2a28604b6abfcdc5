/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-occupant.h"
#include "cau-room-private.h"

#include <glib/gi18n-lib.h>

struct _CauOccupant
{
  GObject         parent_instance;

  char           *nick;
  char           *sort_key;     /* the nickname's collation key, made once */
  CauRole         role;
  CauAffiliation  affiliation;
  char           *real_jid;
  char           *occupant_id;
  char           *status;
  gboolean        is_self;
};

G_DEFINE_FINAL_TYPE (CauOccupant, cau_occupant, G_TYPE_OBJECT)

static void
cau_occupant_finalize (GObject *object)
{
  CauOccupant *self = CAU_OCCUPANT (object);

  g_free (self->nick);
  g_free (self->sort_key);
  g_free (self->real_jid);
  g_free (self->occupant_id);
  g_free (self->status);
  G_OBJECT_CLASS (cau_occupant_parent_class)->finalize (object);
}

static void
cau_occupant_class_init (CauOccupantClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cau_occupant_finalize;
}

static void
cau_occupant_init (CauOccupant *self)
{
}

/* The values of the engine's enums are the model's (the same XEP-0045 order). */
G_STATIC_ASSERT ((int) CAU_ROLE_MODERATOR == (int) CAU_XMPP_ROLE_MODERATOR);
G_STATIC_ASSERT ((int) CAU_AFFILIATION_OWNER == (int) CAU_XMPP_AFFILIATION_OWNER);

CauOccupant *
cau_occupant_new (const CauXmppOccupant *from)
{
  CauOccupant *self = g_object_new (CAU_TYPE_OCCUPANT, NULL);

  self->nick = g_strdup (from->nick);
  self->sort_key = g_utf8_collate_key (from->nick, -1);
  cau_occupant_update (self, from);
  return self;
}

/* Everything but the nickname, which keys the occupant. */
void
cau_occupant_update (CauOccupant           *self,
                     const CauXmppOccupant *from)
{
  self->role = (CauRole) from->role;
  self->affiliation = (CauAffiliation) from->affiliation;
  g_free (self->real_jid);
  self->real_jid = g_strdup (from->real_jid);
  g_free (self->occupant_id);
  self->occupant_id = g_strdup (from->occupant_id);
  g_free (self->status);
  self->status = g_strdup (from->status_text);
  self->is_self = (from->status & CAU_XMPP_OCCUPANT_SELF) != 0;
}

const char *
cau_occupant_get_sort_key (CauOccupant *self)
{
  return self->sort_key;
}

const char *
cau_occupant_get_nick (CauOccupant *self)
{
  g_return_val_if_fail (CAU_IS_OCCUPANT (self), NULL);
  return self->nick;
}

CauRole
cau_occupant_get_role (CauOccupant *self)
{
  g_return_val_if_fail (CAU_IS_OCCUPANT (self), CAU_ROLE_NONE);
  return self->role;
}

CauAffiliation
cau_occupant_get_affiliation (CauOccupant *self)
{
  g_return_val_if_fail (CAU_IS_OCCUPANT (self), CAU_AFFILIATION_NONE);
  return self->affiliation;
}

const char *
cau_occupant_get_real_jid (CauOccupant *self)
{
  g_return_val_if_fail (CAU_IS_OCCUPANT (self), NULL);
  return self->real_jid;
}

const char *
cau_occupant_get_occupant_id (CauOccupant *self)
{
  g_return_val_if_fail (CAU_IS_OCCUPANT (self), NULL);
  return self->occupant_id;
}

const char *
cau_occupant_get_status (CauOccupant *self)
{
  g_return_val_if_fail (CAU_IS_OCCUPANT (self), NULL);
  return self->status;
}

gboolean
cau_occupant_is_self (CauOccupant *self)
{
  g_return_val_if_fail (CAU_IS_OCCUPANT (self), FALSE);
  return self->is_self;
}

const char *
cau_role_describe (CauRole role)
{
  switch (role)
    {
    case CAU_ROLE_MODERATOR:   return _("Moderator");
    case CAU_ROLE_PARTICIPANT: return _("Participant");
    case CAU_ROLE_VISITOR:     return _("Visitor");
    case CAU_ROLE_NONE:
    default:                   return _("Not in the room");
    }
}

const char *
cau_affiliation_describe (CauAffiliation affiliation)
{
  switch (affiliation)
    {
    case CAU_AFFILIATION_OWNER:   return _("Owner");
    case CAU_AFFILIATION_ADMIN:   return _("Administrator");
    case CAU_AFFILIATION_MEMBER:  return _("Member");
    case CAU_AFFILIATION_OUTCAST: return _("Banned");
    case CAU_AFFILIATION_NONE:
    default:                      return _("Not a member");
    }
}
