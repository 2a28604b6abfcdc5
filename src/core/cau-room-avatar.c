/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-room.h"
#include "cau-room-private.h"
#include "cau-core-private.h"
#include "xmpp/cau-xmpp-room-config.h"

#include <glib/gi18n-lib.h>

/*
 * A room's avatar, which its owners set: the engine sends it as the room's vCard; here the
 * refusal gets words a person reads. Everyone in the room, us too, hears the new one as the
 * room's presence (#CauRoom:avatar-hash).
 */

/* `error` the engine's: the same error with a translated message. */
static GError *
translate_error (const GError *error)
{
  const char *message;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (error);
  if (g_error_matches (error, CAU_XMPP_ERROR, CAU_XMPP_ERROR_FORBIDDEN))
    message = _("Only the room’s owners may change its avatar.");
  else if (g_error_matches (error, CAU_XMPP_ERROR, CAU_XMPP_ERROR_NOT_SUPPORTED))
    message = _("This room cannot have an avatar.");
  else if (g_error_matches (error, CAU_XMPP_ERROR, CAU_XMPP_ERROR_CONNECTION_LOST))
    message = _("This account is not connected.");
  else
    message = _("The room refused this avatar.");
  g_debug ("Room avatar: %s", error->message);
  return g_error_new_literal (error->domain, error->code, message);
}

static void
set_cb (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!cau_xmpp_client_set_room_avatar_finish (CAU_XMPP_CLIENT (source), result, &error))
    g_task_return_error (task, translate_error (error));
  else
    g_task_return_boolean (task, TRUE);
}

void
cau_room_set_avatar (CauRoom             *self,
                     GBytes              *png,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(CauAccount) account = NULL;

  g_return_if_fail (CAU_IS_ROOM (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cau_room_set_avatar);
  account = cau_room_dup_account (self);
  if (account == NULL || cau_account_get_state (account) != CAU_ACCOUNT_STATE_ONLINE)
    {
      g_task_return_new_error (task, CAU_CORE_ERROR, CAU_CORE_ERROR_OFFLINE, "%s",
                               _("This account is not connected."));
      return;
    }
  if (!cau_room_get_avatar_supported (self))
    {
      g_task_return_new_error (task, CAU_XMPP_ERROR, CAU_XMPP_ERROR_NOT_SUPPORTED, "%s",
                               _("This room cannot have an avatar."));
      return;
    }
  cau_xmpp_client_set_room_avatar (cau_account_get_client (account), cau_room_get_jid (self),
                                   png, cancellable, set_cb, g_steal_pointer (&task));
}

/**
 * cau_room_set_avatar_finish:
 * @self: the room
 * @result: the result given to the callback
 * @error: why not, translated
 *
 * Returns: %TRUE once the room took the avatar
 */
gboolean
cau_room_set_avatar_finish (CauRoom       *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * cau_room_dup_avatar_file:
 * @self: a room
 *
 * Returns: (transfer full) (nullable): the file of its avatar in the cache, %NULL when it has
 *   none (or its account is gone)
 */
GFile *
cau_room_dup_avatar_file (CauRoom *self)
{
  g_autoptr(CauAccount) account = NULL;

  g_return_val_if_fail (CAU_IS_ROOM (self), NULL);

  if (cau_room_get_avatar_hash (self) == NULL ||
      (account = cau_room_dup_account (self)) == NULL)
    return NULL;
  return cau_account_dup_avatar_file (account, cau_room_get_avatar_hash (self));
}

/**
 * cau_room_dup_occupant_avatar_file:
 * @self: a room
 * @occupant: someone in it
 *
 * The avatar @occupant's presence named (XEP-0153), once fetched and checked. Asking is what
 * has it fetched (once): the window asks for those it shows, so that entering a room of a
 * thousand does not fetch a thousand avatars. #CauOccupant:avatar-ready says when it came.
 *
 * Returns: (transfer full) (nullable): its file in the cache, %NULL until then or when there
 *   is none
 */
GFile *
cau_room_dup_occupant_avatar_file (CauRoom     *self,
                                   CauOccupant *occupant)
{
  g_autoptr(CauAccount) account = NULL;
  const char *hash;

  g_return_val_if_fail (CAU_IS_ROOM (self), NULL);
  g_return_val_if_fail (CAU_IS_OCCUPANT (occupant), NULL);

  hash = cau_occupant_get_avatar_hash (occupant);
  if (hash == NULL || (account = cau_room_dup_account (self)) == NULL)
    return NULL;
  if (cau_occupant_get_avatar_ready (occupant))
    return cau_account_dup_avatar_file (account, hash);
  if (cau_occupant_ask_avatar (occupant) &&
      cau_account_get_state (account) == CAU_ACCOUNT_STATE_ONLINE)
    {
      g_autofree char *jid = g_strconcat (cau_room_get_jid (self), "/",
                                          cau_occupant_get_nick (occupant), NULL);

      cau_xmpp_client_fetch_occupant_avatar (cau_account_get_client (account), jid, hash);
    }
  return NULL;
}

void
cau_room_occupant_avatar (CauRoom    *self,
                          const char *nick,
                          const char *hash)
{
  CauOccupant *occupant = cau_room_find_occupant (self, nick);

  if (occupant != NULL)
    cau_occupant_avatar_fetched (occupant, hash);
}

/* A new room's avatar, chosen when creating it: sent once we are in (its owner). */
typedef struct {
  GBytes *png;
  gulong  handler;
} Pending;

static void
pending_free (gpointer data,
              GClosure *closure)
{
  Pending *pending = data;

  g_bytes_unref (pending->png);
  g_free (pending);
}

static void
pending_set_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!cau_room_set_avatar_finish (CAU_ROOM (source), result, &error))
    g_message ("The new room's avatar was not set: %s", error->message);
}

static void
pending_state_cb (CauRoom    *self,
                  GParamSpec *pspec,
                  Pending    *pending)
{
  switch (cau_room_get_state (self))
    {
    case CAU_ROOM_JOINED:
      cau_room_set_avatar (self, pending->png, NULL, pending_set_cb, NULL);
      break;
    case CAU_ROOM_FAILED:
    case CAU_ROOM_LEFT:
      break;
    case CAU_ROOM_OFFLINE:
    case CAU_ROOM_JOINING:
    default:
      return;
    }
  /* Frees `pending`. */
  g_signal_handler_disconnect (self, pending->handler);
}

/**
 * cau_room_set_avatar_once_joined:
 * @self: a room being created
 * @png: its avatar, a PNG of at most 1 MiB
 *
 * Sets @png as the room's avatar as soon as we are in it, as its owner; forgotten if the room
 * refuses us. A refusal of the avatar itself is logged: nobody waits for it.
 */
void
cau_room_set_avatar_once_joined (CauRoom *self,
                                 GBytes  *png)
{
  Pending *pending;

  g_return_if_fail (CAU_IS_ROOM (self));
  g_return_if_fail (png != NULL);

  if (cau_room_get_state (self) == CAU_ROOM_JOINED)
    {
      cau_room_set_avatar (self, png, NULL, pending_set_cb, NULL);
      return;
    }
  pending = g_new0 (Pending, 1);
  pending->png = g_bytes_ref (png);
  pending->handler = g_signal_connect_data (self, "notify::state", G_CALLBACK (pending_state_cb),
                                            pending, pending_free, 0);
}
