/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-occupant.h"
#include "cau-room-private.h"
#include "cau-core-private.h"

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
  CauPresence     presence;
  gboolean        is_self;
  char           *avatar_hash;   /* nullable: as their presence named it */
  gboolean        avatar_asked;  /* its fetch was asked for */
  gboolean        avatar_ready;  /* in the cache, checked */
};

enum {
  PROP_0,
  PROP_AVATAR_READY,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

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
  g_free (self->avatar_hash);
  G_OBJECT_CLASS (cau_occupant_parent_class)->finalize (object);
}

static void
cau_occupant_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  CauOccupant *self = CAU_OCCUPANT (object);

  switch (prop_id)
    {
    case PROP_AVATAR_READY:
      g_value_set_boolean (value, self->avatar_ready);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cau_occupant_class_init (CauOccupantClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cau_occupant_finalize;
  object_class->get_property = cau_occupant_get_property;

  /* Their avatar is in the cache: cau_room_dup_occupant_avatar_file() gives it. */
  props[PROP_AVATAR_READY] =
    g_param_spec_boolean ("avatar-ready", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);
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
  self->presence = cau_presence_from_show (from->show);
  self->is_self = (from->status & CAU_XMPP_OCCUPANT_SELF) != 0;
  /* No element says nothing new; an empty one, no avatar. */
  if (from->avatar_hash != NULL &&
      g_strcmp0 (*from->avatar_hash != '\0' ? from->avatar_hash : NULL, self->avatar_hash) != 0)
    {
      g_free (self->avatar_hash);
      self->avatar_hash = *from->avatar_hash != '\0' ? g_strdup (from->avatar_hash) : NULL;
      self->avatar_asked = FALSE;
      self->avatar_ready = FALSE;
    }
}

const char *
cau_occupant_get_avatar_hash (CauOccupant *self)
{
  return self->avatar_hash;
}

gboolean
cau_occupant_get_avatar_ready (CauOccupant *self)
{
  return self->avatar_ready;
}

/* TRUE the first time: the fetch is to be asked for. */
gboolean
cau_occupant_ask_avatar (CauOccupant *self)
{
  if (self->avatar_hash == NULL || self->avatar_asked || self->avatar_ready)
    return FALSE;
  self->avatar_asked = TRUE;
  return TRUE;
}

void
cau_occupant_avatar_fetched (CauOccupant *self,
                             const char  *hash)
{
  if (self->avatar_ready || hash == NULL || g_strcmp0 (hash, self->avatar_hash) != 0)
    return;
  self->avatar_ready = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_AVATAR_READY]);
}

CauPresence
cau_occupant_get_presence (CauOccupant *self)
{
  g_return_val_if_fail (CAU_IS_OCCUPANT (self), CAU_PRESENCE_AVAILABLE);
  return self->presence;
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
