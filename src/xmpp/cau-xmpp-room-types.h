/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

/*
 * Rooms (XEP-0045) as the protocol carries them: occupants' presences with their role,
 * affiliation and status codes, why a join failed, invitations, and what a room says of
 * itself. Plain data with owned copies, free of libstrophe, so that the model can hold it; the
 * stanzas are xeps/cau-xep-0045-muc.h's.
 */

#include <glib.h>

#include "xmpp/cau-xmpp-show.h"

G_BEGIN_DECLS

typedef enum {
  CAU_XMPP_ROLE_NONE,
  CAU_XMPP_ROLE_VISITOR,
  CAU_XMPP_ROLE_PARTICIPANT,
  CAU_XMPP_ROLE_MODERATOR,
} CauXmppRole;

typedef enum {
  CAU_XMPP_AFFILIATION_NONE,
  CAU_XMPP_AFFILIATION_OUTCAST,
  CAU_XMPP_AFFILIATION_MEMBER,
  CAU_XMPP_AFFILIATION_ADMIN,
  CAU_XMPP_AFFILIATION_OWNER,
} CauXmppAffiliation;

/* The status codes of an occupant's presence (XEP-0045 §15.6) that change what we do. */
typedef enum {
  CAU_XMPP_OCCUPANT_SELF               = 1 << 0,  /* 110: this is us */
  CAU_XMPP_OCCUPANT_NON_ANONYMOUS      = 1 << 1,  /* 100, 172: real JIDs are shown to all */
  CAU_XMPP_OCCUPANT_LOGGED             = 1 << 2,  /* 170: the room is archived publicly */
  CAU_XMPP_OCCUPANT_ROOM_CREATED       = 1 << 3,  /* 201: our join created it */
  CAU_XMPP_OCCUPANT_NICK_ASSIGNED      = 1 << 4,  /* 210: the service changed our nickname */
  CAU_XMPP_OCCUPANT_BANNED             = 1 << 5,  /* 301 */
  CAU_XMPP_OCCUPANT_NICK_CHANGED       = 1 << 6,  /* 303: see new_nick */
  CAU_XMPP_OCCUPANT_KICKED             = 1 << 7,  /* 307 */
  CAU_XMPP_OCCUPANT_AFFILIATION_LOST   = 1 << 8,  /* 321: removed by an affiliation change */
  CAU_XMPP_OCCUPANT_MEMBERS_ONLY       = 1 << 9,  /* 322: removed, the room became members-only */
  CAU_XMPP_OCCUPANT_SHUTDOWN           = 1 << 10, /* 332: the service is shutting down */
  CAU_XMPP_OCCUPANT_DISCONNECTED       = 1 << 11, /* 333: removed for a technical reason */
} CauXmppOccupantStatus;

typedef struct {
  char               *room;         /* bare JID of the room */
  char               *nick;
  char               *real_jid;     /* nullable: shown in non-anonymous rooms, or to moderators */
  char               *occupant_id;  /* nullable: XEP-0421, stable across nicknames */
  CauXmppRole         role;
  CauXmppAffiliation  affiliation;
  gboolean            available;    /* FALSE: the occupant left (or was removed) */
  guint               status;       /* CauXmppOccupantStatus flags */
  char               *new_nick;     /* nullable: with NICK_CHANGED */
  char               *reason;       /* nullable: of a kick or ban */
  char               *status_text;  /* nullable: the occupant's own status message */
  CauXmppShow         show;
  char               *avatar_hash;  /* nullable: XEP-0153 in their presence (as their server
                                     * adds it), unchecked until fetched; "" none */
} CauXmppOccupant;

CauXmppOccupant *cau_xmpp_occupant_new  (void);
void             cau_xmpp_occupant_free (CauXmppOccupant *occupant);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CauXmppOccupant, cau_xmpp_occupant_free)

/* Why a room would not let us in (XEP-0045 §7.2). */
typedef enum {
  CAU_XMPP_JOIN_OK,
  CAU_XMPP_JOIN_NICK_IN_USE,     /* conflict */
  CAU_XMPP_JOIN_PASSWORD,        /* not-authorized: a password is needed, or was wrong */
  CAU_XMPP_JOIN_BANNED,          /* forbidden */
  CAU_XMPP_JOIN_MEMBERS_ONLY,    /* registration-required */
  CAU_XMPP_JOIN_NOT_FOUND,       /* item-not-found, remote-server-not-found: no such room */
  CAU_XMPP_JOIN_NOT_ALLOWED,     /* not-allowed: we may not create it */
  CAU_XMPP_JOIN_FULL,            /* service-unavailable: the room is full */
  CAU_XMPP_JOIN_NICK_REFUSED,    /* not-acceptable, jid-malformed: the nickname is refused */
  CAU_XMPP_JOIN_OTHER,
  CAU_XMPP_JOIN_EXISTS,          /* asked to create a room that exists already */
  CAU_XMPP_JOIN_MISSING,         /* asked to enter a room that does not exist (it may be created) */
} CauXmppJoinError;

/* A room to create: what it is called and whether it is a private group (members only,
 * everyone's address shown to all: what OMEMO needs) or a public channel (listed, addresses
 * shown to moderators only). */
typedef struct {
  char     *name;          /* nullable */
  char     *description;   /* nullable */
  gboolean  private_group;
} CauXmppRoomCreation;

CauXmppRoomCreation *cau_xmpp_room_creation_copy (const CauXmppRoomCreation *creation);
void                 cau_xmpp_room_creation_free (CauXmppRoomCreation       *creation);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CauXmppRoomCreation, cau_xmpp_room_creation_free)

/* An invitation to a room, direct (XEP-0249) or through the room (XEP-0045 §7.8.2). */
typedef struct {
  char     *room;       /* bare JID of the room */
  char     *inviter;    /* bare JID of who invites */
  char     *reason;     /* nullable */
  char     *password;   /* nullable */
  gboolean  mediated;   /* came through the room */
  gboolean  declined;   /* not an invitation: the room relays that `inviter` declined ours,
                         * with `reason` (XEP-0045 §7.8.2) */
} CauXmppInvitation;

void cau_xmpp_invitation_free (CauXmppInvitation *invitation);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CauXmppInvitation, cau_xmpp_invitation_free)

/* Which version of moderated retraction (XEP-0425) a room offers. */
typedef enum {
  CAU_XMPP_MODERATION_NONE,
  CAU_XMPP_MODERATION_0,   /* urn:xmpp:message-moderate:0, in a fastening (XEP-0425 0.2) */
  CAU_XMPP_MODERATION_1,   /* urn:xmpp:message-moderate:1 (XEP-0425 0.3) */
} CauXmppModerationVersion;

/* What a room says of itself (disco#info, XEP-0045 §6.4). */
typedef struct {
  char     *name;              /* nullable */
  char     *description;       /* nullable */
  gint64    occupants;         /* -1 when not said */
  gboolean  members_only;
  gboolean  non_anonymous;
  gboolean  password_protected;
  gboolean  is_public;
  gboolean  moderated;
  gboolean  persistent;
  gboolean  archived;          /* urn:xmpp:mam:2 offered by the room */
  gboolean  occupant_ids;      /* urn:xmpp:occupant-id:0 */
  CauXmppModerationVersion moderation; /* the newest XEP-0425 version offered */
  gboolean  vcard;             /* vcard-temp: its owners may set its avatar */
  char     *avatar_hash;       /* nullable: the SHA-1 of its avatar (XEP-0486, or Prosody's
                                * mod_vcard_muc field); NULL when it has none */
} CauXmppRoomInfo;

void cau_xmpp_room_info_free (CauXmppRoomInfo *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CauXmppRoomInfo, cau_xmpp_room_info_free)

/* A room found in the service's directory (disco#items). */
typedef struct {
  char *jid;
  char *name;   /* nullable */
} CauXmppRoomItem;

/* A bookmarked room (XEP-0402), as our other clients see it too. */
typedef struct {
  char     *room;        /* bare JID: the item's id */
  char     *name;        /* nullable */
  char     *nick;        /* nullable */
  char     *password;    /* nullable */
  gboolean  autojoin;
  char     *extensions;  /* nullable: the <extensions/> other clients put there, serialised, to
                          * be kept when we publish the bookmark again */
  gboolean  retracted;   /* in a change only (::bookmarks-changed): the bookmark of `room` was
                          * removed, and nothing else is set */
} CauXmppBookmark;

CauXmppBookmark *cau_xmpp_bookmark_new  (const char            *room);
CauXmppBookmark *cau_xmpp_bookmark_copy (const CauXmppBookmark *bookmark);
void             cau_xmpp_bookmark_free (CauXmppBookmark       *bookmark);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CauXmppBookmark, cau_xmpp_bookmark_free)

G_END_DECLS
