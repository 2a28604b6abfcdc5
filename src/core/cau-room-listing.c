/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-room-listing.h"

struct _CauRoomListing
{
  GObject  parent_instance;

  char    *jid;
  char    *name;
};

G_DEFINE_FINAL_TYPE (CauRoomListing, cau_room_listing, G_TYPE_OBJECT)

static void
cau_room_listing_finalize (GObject *object)
{
  CauRoomListing *self = CAU_ROOM_LISTING (object);

  g_free (self->jid);
  g_free (self->name);
  G_OBJECT_CLASS (cau_room_listing_parent_class)->finalize (object);
}

static void
cau_room_listing_class_init (CauRoomListingClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cau_room_listing_finalize;
}

static void
cau_room_listing_init (CauRoomListing *self)
{
}

CauRoomListing *
cau_room_listing_new (const char *jid,
                      const char *name)
{
  CauRoomListing *self = g_object_new (CAU_TYPE_ROOM_LISTING, NULL);

  self->jid = g_strdup (jid);
  self->name = name != NULL && *name != '\0' ? g_strdup (name) : NULL;
  return self;
}

const char *
cau_room_listing_get_jid (CauRoomListing *self)
{
  g_return_val_if_fail (CAU_IS_ROOM_LISTING (self), NULL);
  return self->jid;
}

const char *
cau_room_listing_get_name (CauRoomListing *self)
{
  g_return_val_if_fail (CAU_IS_ROOM_LISTING (self), NULL);
  return self->name;
}
