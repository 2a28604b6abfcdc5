/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

#include "cau-db-messages.h"
#include "cau-db-private.h"

G_BEGIN_DECLS

/* Shared by the files implementing cau-db-messages.h (cau-db-conversations.c,
 * cau-db-rooms.c, cau-db-messages.c, cau-db-message-states.c, cau-db-message-edits.c and
 * cau-db-roster.c) and the other typed queries. */

/* A message's place in history: messages are ordered by (time_us, id). */
typedef struct {
  gint64 time_us;
  gint64 id;
} CauDbPosition;

#define CAU_DB_POSITION_OLDEST ((CauDbPosition) { G_MININT64, G_MININT64 })
#define CAU_DB_POSITION_NEWEST ((CauDbPosition) { G_MAXINT64, G_MAXINT64 })

static inline gboolean
cau_db_position_after (const CauDbPosition *a,
                       const CauDbPosition *b)
{
  return a->time_us > b->time_us || (a->time_us == b->time_us && a->id > b->id);
}

static inline gboolean
cau_db_message_state_is_valid (CauDbMessageState state)
{
  return (state >= CAU_DB_MESSAGE_PENDING && state <= CAU_DB_MESSAGE_FAILED) ||
         state == CAU_DB_MESSAGE_RECEIVED;
}

/* A conversation kept after its account was removed has no account: it reads as 0. */
#define CAU_DB_CONVERSATION_SELECT \
  "SELECT c.id, IFNULL (c.account_id, 0), c.peer, c.last_activity_us, c.last_message_id," \
  " c.unread, c.read_up_to, c.pinned, c.archived, c.draft, c.history_complete," \
  " m.body, IFNULL (m.outgoing, 0), c.encryption, c.kind, c.room_nick, c.room_joined," \
  " c.room_name, c.subject, m.retracted_us IS NOT NULL" \
  " FROM conversation c LEFT JOIN message m ON m.id = c.last_message_id"

CauDbConversation *cau_db_conversation_from_row (sqlite3_stmt *stmt);
gboolean cau_db_update_conversation_int  (CauDb               *self,
                                          const char          *sql,
                                          gint64               id,
                                          gint64               value,
                                          GError             **error);
gboolean cau_db_update_conversation_text (CauDb               *self,
                                          const char          *sql,
                                          gint64               id,
                                          const char          *value,
                                          GError             **error);

gboolean cau_db_not_found         (GError             **error,
                                   const char          *what,
                                   gint64               id);
gboolean cau_db_step_int64        (CauDb               *self,
                                   sqlite3_stmt        *stmt,
                                   gint64              *out,
                                   const char          *context,
                                   GError             **error);
gboolean cau_db_step_text         (CauDb               *self,
                                   sqlite3_stmt        *stmt,
                                   char               **out,
                                   const char          *context,
                                   GError             **error);
GBytes  *cau_db_step_bytes        (CauDb               *self,
                                   sqlite3_stmt        *stmt,
                                   const char          *what,
                                   gint64               id,
                                   GError             **error);
gboolean cau_db_step_write        (CauDb               *self,
                                   sqlite3_stmt        *stmt,
                                   const char          *parent,
                                   gint64               parent_id,
                                   const char          *context,
                                   GError             **error);
gboolean cau_db_step_update_one   (CauDb               *self,
                                   sqlite3_stmt        *stmt,
                                   const char          *what,
                                   gint64               id,
                                   GError             **error);
gboolean cau_db_end_savepoint     (CauDb               *self,
                                   gboolean             ok,
                                   GError             **error);
gboolean cau_db_message_position  (CauDb               *self,
                                   gint64               conversation_id,
                                   gint64               id,
                                   CauDbPosition       *pos,
                                   gboolean            *found,
                                   GError             **error);
gboolean cau_db_require_position  (CauDb               *self,
                                   gint64               conversation_id,
                                   gint64               id,
                                   CauDbPosition       *pos,
                                   GError             **error);
gboolean cau_db_read_position     (CauDb               *self,
                                   gint64               conversation_id,
                                   CauDbPosition       *pos,
                                   GError             **error);

G_END_DECLS
