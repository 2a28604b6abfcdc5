/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

/*
 * What the engine needs from local storage for messages and the roster.
 * The model (src/core) implements it on top of src/store and hands it to
 * the client; every function runs on the engine thread, so storing a
 * message never waits on the window and the window never waits on it.
 */

#include <glib.h>

#include "xmpp/cau-xmpp-message.h"
#include "xmpp/cau-xmpp-roster.h"

G_BEGIN_DECLS

/* A message of ours waiting in the outbox. */
typedef struct {
  gint64    local_id;
  char     *to;
  char     *body;
  char     *id;
  gboolean  encrypt;   /* OMEMO: sent encrypted or not at all */
  gboolean  groupchat; /* `to` is a room (XEP-0045): sent to everyone in it */
  char     *replaces;  /* nullable: XEP-0308, `body` corrects our message of this id (whose
                        * row is `local_id`); not in the outbox, never marked sent or failed */
} CauXmppOutgoing;

CauXmppOutgoing *cau_xmpp_outgoing_new  (gint64      local_id,
                                         const char *to,
                                         const char *body,
                                         const char *id,
                                         gboolean    encrypt);
void             cau_xmpp_outgoing_free (CauXmppOutgoing *outgoing);

typedef struct {
  /* Stores a batch (CauXmppMessage *) in one transaction: bodies become
   * messages (deduplicated), receipts, markers and errors update earlier
   * ones. When `cursor` is set, the MAM catch-up cursor moves to it in the
   * same transaction. */
  void       (*store)              (gpointer    data,
                                    GPtrArray  *messages,
                                    const char *cursor);
  /* The catch-up cursor: newest archive id held with no gap, or NULL. */
  char      *(*get_cursor)         (gpointer    data);
  /* Forgets the cursor (the archive no longer knows it). */
  void       (*reset_cursor)       (gpointer    data);
  /* Our pending messages, oldest first (CauXmppOutgoing *). */
  GPtrArray *(*load_outbox)        (gpointer    data);
  /* The server has these messages (local ids). */
  void       (*mark_sent)          (gpointer    data,
                                    GArray     *local_ids);
  /* A message to be encrypted that could not be: it stays unsent. */
  void       (*mark_failed)        (gpointer    data,
                                    gint64      local_id,
                                    CauXmppCryptoError reason);
  /* Roster (XEP-0237): the stored version, nullable. */
  char      *(*get_roster_version) (gpointer    data);
  /* `full`: the items replace the roster; else they are pushes
   * (subscription "remove" removes). */
  void       (*store_roster)       (gpointer    data,
                                    GPtrArray  *items,
                                    const char *version,
                                    gboolean    full);
  /* The oldest archive id of the conversation with `peer`, for paging
   * back; NULL when it holds none. */
  char      *(*get_oldest_id)      (gpointer    data,
                                    const char *peer);
  /* Paging back through `peer`'s history reached the archive's start. */
  void       (*history_complete)   (gpointer    data,
                                    const char *peer);
  /* Whether the bare JID `jid` is in the roster. */
  gboolean   (*in_roster)          (gpointer    data,
                                    const char *jid);
  /* Rooms (XEP-0045). Like `store`, for messages of the room `room` (groupchat ones: `peer`
   * and `sender` the room, `nick` the occupant's); `cursor` is then the catch-up cursor of the
   * room's own archive. A message with `subject` set changes the room's subject. */
  void       (*store_room)         (gpointer    data,
                                    const char *room,
                                    GPtrArray  *messages,
                                    const char *cursor);
  /* The catch-up cursor of the room's archive, or NULL; and forgetting it. */
  char      *(*get_room_cursor)    (gpointer    data,
                                    const char *room);
  void       (*reset_room_cursor)  (gpointer    data,
                                    const char *room);
} CauXmppArchiveFuncs;

G_END_DECLS
