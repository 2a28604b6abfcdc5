/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */

/* Rooms (cau-db-messages.h; schema version 6, described with migration 6 in
 * cau-db-migrations.c): conversations of kind room, what we know of each room, and which ones
 * to join. */

#include "config.h"

#include "cau-db-messages.h"
#include "cau-db-messages-private.h"

G_STATIC_ASSERT (CAU_DB_CONVERSATION_ROOM == 1);

/**
 * cau_db_ensure_room:
 * @self: a #CauDb
 * @account_id: the account's row id
 * @room: the room's bare JID, normalised
 * @nick: (nullable): our nickname in the room; %NULL keeps the stored one
 * @error: return location for a #GError
 *
 * Finds the conversation of @account_id with @room, creating it (last activity now) if there
 * is none, and makes it a room: a one-to-one conversation with that address (the room was
 * written to before it was known to be one) becomes the room's, history included. Fails with
 * %CAU_DB_ERROR_NOT_FOUND if there is no such account.
 *
 * Returns: the conversation's id (positive), or 0 with @error set
 */
gint64
cau_db_ensure_room (CauDb       *self,
                    gint64       account_id,
                    const char  *room,
                    const char  *nick,
                    GError     **error)
{
  g_autoptr (CachedStmt) stmt = NULL;
  gint64 id;
  int rc;

  g_return_val_if_fail (CAU_IS_DB (self), 0);
  g_return_val_if_fail (account_id > 0, 0);
  g_return_val_if_fail (room != NULL && *room != '\0', 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  /* One statement, so that the engine's connection creating the conversation at the same
   * time cannot make this fail: the upsert then updates its row. */
  stmt = cau_db_prepare_cached (self,
                                "INSERT INTO conversation (account_id, peer, last_activity_us,"
                                " kind, room_nick) VALUES (?1, ?2, ?3, 1, ?4)"
                                " ON CONFLICT (account_id, peer) DO UPDATE SET kind = 1,"
                                " room_nick = IFNULL (excluded.room_nick, room_nick)"
                                " RETURNING id;",
                                error);
  if (stmt == NULL)
    return 0;

  if (sqlite3_bind_int64 (stmt, 1, account_id) != SQLITE_OK ||
      cau_db_bind_text (stmt, 2, room) != SQLITE_OK ||
      sqlite3_bind_int64 (stmt, 3, g_get_real_time ()) != SQLITE_OK ||
      cau_db_bind_text (stmt, 4, nick) != SQLITE_OK)
    return cau_db_bind_error (self, error);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_CONSTRAINT_FOREIGNKEY)
    return cau_db_not_found (error, "account", account_id);
  if (rc != SQLITE_ROW)
    {
      cau_db_set_sqlite_error (error, self->db, rc, "Could not store the room");
      return 0;
    }

  id = sqlite3_column_int64 (stmt, 0);
  if (!cau_db_step_done (self, stmt, "Could not store the room", error))
    return 0;

  return id;
}

/**
 * cau_db_set_room_joined:
 * @self: a #CauDb
 * @conversation_id: the room's conversation
 * @joined: whether we want to be in the room: it is joined at every connection until left
 * @error: return location for a #GError
 *
 * Returns: %TRUE if stored; fails with %CAU_DB_ERROR_NOT_FOUND if there is no such
 *   conversation
 */
gboolean
cau_db_set_room_joined (CauDb     *self,
                        gint64     conversation_id,
                        gboolean   joined,
                        GError   **error)
{
  g_return_val_if_fail (CAU_IS_DB (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return cau_db_update_conversation_int (self,
                                         "UPDATE conversation SET room_joined = ?2 WHERE id = ?1;",
                                         conversation_id, joined ? 1 : 0, error);
}

/**
 * cau_db_set_room_nick:
 * @self: a #CauDb
 * @conversation_id: the room's conversation
 * @nick: our nickname in the room
 * @error: return location for a #GError
 *
 * Returns: %TRUE if stored; fails with %CAU_DB_ERROR_NOT_FOUND if there is no such
 *   conversation
 */
gboolean
cau_db_set_room_nick (CauDb       *self,
                      gint64       conversation_id,
                      const char  *nick,
                      GError     **error)
{
  g_return_val_if_fail (CAU_IS_DB (self), FALSE);
  g_return_val_if_fail (nick != NULL && *nick != '\0', FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return cau_db_update_conversation_text (self,
                                          "UPDATE conversation SET room_nick = ?2 WHERE id = ?1;",
                                          conversation_id, nick, error);
}

/**
 * cau_db_set_room_name:
 * @self: a #CauDb
 * @conversation_id: the room's conversation
 * @name: (nullable): the room's name, from its disco#info or its bookmark; %NULL when it has
 *   none
 * @error: return location for a #GError
 *
 * Returns: %TRUE if stored; fails with %CAU_DB_ERROR_NOT_FOUND if there is no such
 *   conversation
 */
gboolean
cau_db_set_room_name (CauDb       *self,
                      gint64       conversation_id,
                      const char  *name,
                      GError     **error)
{
  g_return_val_if_fail (CAU_IS_DB (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return cau_db_update_conversation_text (self,
                                          "UPDATE conversation SET room_name = ?2 WHERE id = ?1;",
                                          conversation_id, name, error);
}

/**
 * cau_db_set_room_subject:
 * @self: a #CauDb
 * @conversation_id: the room's conversation
 * @subject: (nullable): the room's subject as the room last announced it; %NULL when it has
 *   none
 * @error: return location for a #GError
 *
 * Returns: %TRUE if stored; fails with %CAU_DB_ERROR_NOT_FOUND if there is no such
 *   conversation
 */
gboolean
cau_db_set_room_subject (CauDb       *self,
                         gint64       conversation_id,
                         const char  *subject,
                         GError     **error)
{
  g_return_val_if_fail (CAU_IS_DB (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return cau_db_update_conversation_text (self,
                                          "UPDATE conversation SET subject = ?2 WHERE id = ?1;",
                                          conversation_id, subject, error);
}

/**
 * cau_db_list_joined_rooms:
 * @self: a #CauDb
 * @account_id: the account's row id
 * @error: return location for a #GError
 *
 * Lists the rooms the account is to be in (cau_db_set_room_joined()), archived or not, by
 * address.
 *
 * Returns: (transfer full) (element-type CauDbConversation): the rooms' conversations,
 *   possibly none, or %NULL with @error set
 */
GPtrArray *
cau_db_list_joined_rooms (CauDb   *self,
                          gint64   account_id,
                          GError **error)
{
  g_autoptr (CachedStmt) stmt = NULL;
  g_autoptr (GPtrArray) rooms = NULL;
  int rc;

  g_return_val_if_fail (CAU_IS_DB (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = cau_db_prepare_cached (self,
                                CAU_DB_CONVERSATION_SELECT
                                " WHERE c.account_id = ?1 AND c.kind = 1 AND c.room_joined = 1"
                                " ORDER BY c.peer;",
                                error);
  if (stmt == NULL)
    return NULL;

  if (sqlite3_bind_int64 (stmt, 1, account_id) != SQLITE_OK)
    {
      cau_db_bind_error (self, error);
      return NULL;
    }

  rooms = g_ptr_array_new_with_free_func ((GDestroyNotify) cau_db_conversation_free);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (rooms, cau_db_conversation_from_row (stmt));

  if (rc != SQLITE_DONE)
    {
      cau_db_set_sqlite_error (error, self->db, rc, "Could not list the rooms");
      return NULL;
    }

  return g_steal_pointer (&rooms);
}
