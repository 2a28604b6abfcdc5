/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

/* Inside the model only: the account feeds its roster. */

#include "core/cau-roster.h"
#include "store/cau-db.h"
#include "xmpp/cau-xmpp-client.h"

G_BEGIN_DECLS

/* Loads the contacts and the block list of `account_id` from `db`.
 * `own_jid` is the account's bare JID; `account` (nullable, held weakly)
 * is whose client the actions use. */
CauRoster *cau_roster_new                  (CauAccount         *account,
                                            CauDb              *db,
                                            gint64              account_id,
                                            const char         *own_jid);
/* The store's roster changed. */
void       cau_roster_reload               (CauRoster          *self);
/* A device's presence: `show` a CauXmppShow or -1 when it went offline. */
void       cau_roster_apply_presence       (CauRoster          *self,
                                            const char         *full_jid,
                                            int                 show,
                                            const char         *status);
/* Nobody is known online any more (a new session, or the account is off). */
void       cau_roster_clear_presence       (CauRoster          *self);
void       cau_roster_add_request          (CauRoster          *self,
                                            const char         *jid,
                                            const char         *nick,
                                            const char         *message);
void       cau_roster_apply_nick           (CauRoster          *self,
                                            const char         *jid,
                                            const char         *nick);
void       cau_roster_withdraw_request     (CauRoster          *self,
                                            const char         *jid);
/* The server's whole block list. */
void       cau_roster_set_blocklist        (CauRoster          *self,
                                            const char * const *jids);

/* `jid` announced avatar `hash` (NULL: none), `fetched` just now: stored,
 * and its contact (or our own devices) updated. Returns TRUE when it
 * changed. */
gboolean   cau_roster_set_avatar           (CauRoster          *self,
                                            const char         *jid,
                                            const char         *hash,
                                            gboolean            fetched);
/* Nullable. */
const char *cau_roster_get_avatar          (CauRoster          *self,
                                            const char         *jid);

/* Shared by cau-roster.c and cau-roster-actions.c only. */
struct _CauRoster
{
  GObject      parent_instance;

  CauDb       *db;
  gint64       account_id;
  char        *own_jid;
  CauAccount  *account;         /* weak */

  GPtrArray   *items;           /* CauContact *, in the roster, in order */
  GHashTable  *contacts;        /* bare JID → CauContact * (owned) */
  GListStore  *requests;        /* CauContact * */
  CauContact  *own_devices;

  char       **blocked;         /* sorted */
  GHashTable  *blocked_set;     /* address → NULL, the strings of `blocked` */
  gboolean     blocklist_known; /* the server sent it */

  GHashTable  *avatars;         /* bare JID → avatar hash, as stored */
};

CauXmppClient *cau_roster_online_client    (CauRoster          *self,
                                            GError            **error);
void           cau_roster_drop_request     (CauRoster          *self,
                                            CauContact         *contact,
                                            gboolean            forget);
/* They see our presence; we see theirs. */
gboolean       cau_roster_sees_us          (CauContact         *contact);
gboolean       cau_roster_we_see           (CauContact         *contact);

G_END_DECLS
