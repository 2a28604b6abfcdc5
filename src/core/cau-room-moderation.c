/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-room.h"
#include "cau-room-private.h"
#include "cau-core-private.h"
#include "xmpp/cau-jid.h"

#include <glib/gi18n-lib.h>

/*
 * What a moderator, an admin or an owner may do to the others in a room (XEP-0045 §8–§10),
 * and asking the room to do it. The room decides; what we offer follows the XEP's tables, so
 * that the menu holds nothing the room would refuse.
 */

/* The affiliations' ranks: an outcast is not in the room at all. */
static int
rank (CauAffiliation affiliation)
{
  switch (affiliation)
    {
    case CAU_AFFILIATION_OWNER:  return 3;
    case CAU_AFFILIATION_ADMIN:  return 2;
    case CAU_AFFILIATION_MEMBER: return 1;
    case CAU_AFFILIATION_NONE:
    case CAU_AFFILIATION_OUTCAST:
    default:                     return 0;
    }
}

static CauOccupant *
own_occupant (CauRoom *self)
{
  if (cau_room_get_state (self) != CAU_ROOM_JOINED)
    return NULL;
  return cau_room_find_occupant (self, cau_room_get_nick (self));
}

CauRole
cau_room_get_own_role (CauRoom *self)
{
  CauOccupant *own;

  g_return_val_if_fail (CAU_IS_ROOM (self), CAU_ROLE_NONE);
  own = own_occupant (self);
  return own != NULL ? cau_occupant_get_role (own) : CAU_ROLE_NONE;
}

CauAffiliation
cau_room_get_own_affiliation (CauRoom *self)
{
  CauOccupant *own;

  g_return_val_if_fail (CAU_IS_ROOM (self), CAU_AFFILIATION_NONE);
  own = own_occupant (self);
  return own != NULL ? cau_occupant_get_affiliation (own) : CAU_AFFILIATION_NONE;
}

/**
 * cau_room_get_allowed_actions:
 * @self: the room
 * @occupant: someone in it
 *
 * Returns: what we may do to @occupant: nothing to ourselves, nothing while we are not in
 */
CauRoomActions
cau_room_get_allowed_actions (CauRoom     *self,
                              CauOccupant *occupant)
{
  CauRole role, their_role;
  CauAffiliation affiliation, theirs;
  CauRoomActions actions = 0;

  g_return_val_if_fail (CAU_IS_ROOM (self), 0);
  g_return_val_if_fail (CAU_IS_OCCUPANT (occupant), 0);

  if (own_occupant (self) == NULL || own_occupant (self) == occupant ||
      cau_occupant_is_self (occupant))
    return 0;
  role = cau_room_get_own_role (self);
  affiliation = cau_room_get_own_affiliation (self);
  their_role = cau_occupant_get_role (occupant);
  theirs = cau_occupant_get_affiliation (occupant);

  if (role == CAU_ROLE_MODERATOR)
    {
      /* §8.2: not someone of a higher affiliation; another moderator only by an admin or an
       * owner. */
      if (rank (theirs) <= rank (affiliation) &&
          (their_role != CAU_ROLE_MODERATOR || rank (affiliation) >= 2))
        actions |= CAU_ROOM_ACTION_KICK;
      /* §8.3, §8.4: never from an admin or an owner, nor from a higher affiliation. */
      if (their_role == CAU_ROLE_VISITOR)
        actions |= CAU_ROOM_ACTION_GRANT_VOICE;
      else if (their_role == CAU_ROLE_PARTICIPANT && rank (theirs) < 2 &&
               rank (theirs) <= rank (affiliation))
        actions |= CAU_ROOM_ACTION_REVOKE_VOICE;
    }

  if (rank (affiliation) >= 2)
    {
      /* §9.6, §9.7: admins and owners are moderators by their affiliation. */
      if (their_role == CAU_ROLE_VISITOR || their_role == CAU_ROLE_PARTICIPANT)
        actions |= CAU_ROOM_ACTION_GRANT_MODERATOR;
      else if (their_role == CAU_ROLE_MODERATOR && rank (theirs) < 2)
        actions |= CAU_ROOM_ACTION_REVOKE_MODERATOR;

      /* Affiliations go by address: only when the room shows it to us. */
      if (cau_occupant_get_real_jid (occupant) != NULL)
        {
          /* §9.1: an owner alone acts on admins and owners. */
          if (rank (theirs) < rank (affiliation) || affiliation == CAU_AFFILIATION_OWNER)
            actions |= CAU_ROOM_ACTION_BAN;
          if (theirs == CAU_AFFILIATION_NONE)
            actions |= CAU_ROOM_ACTION_GRANT_MEMBERSHIP;
          else if (theirs == CAU_AFFILIATION_MEMBER)
            actions |= CAU_ROOM_ACTION_REVOKE_MEMBERSHIP;
          /* §10.6, §10.7: the admin list is the owners'. */
          if (affiliation == CAU_AFFILIATION_OWNER && rank (theirs) < 2)
            actions |= CAU_ROOM_ACTION_GRANT_ADMIN;
          else if (affiliation == CAU_AFFILIATION_OWNER && theirs == CAU_AFFILIATION_ADMIN)
            actions |= CAU_ROOM_ACTION_REVOKE_ADMIN;
        }
    }
  return actions;
}

/* Requests. */

/* `not_found`: what the room's item-not-found means for this request. */
static GError *
translate_error (const GError *error,
                 const char   *not_found)
{
  if (g_error_matches (error, CAU_XMPP_ERROR, CAU_XMPP_ERROR_FORBIDDEN))
    return g_error_new_literal (CAU_CORE_ERROR, CAU_CORE_ERROR_NOT_PERMITTED,
                                _("You may not do this in this room."));
  if (g_error_matches (error, CAU_XMPP_ERROR, CAU_XMPP_ERROR_NOT_FOUND))
    return g_error_new_literal (CAU_CORE_ERROR, CAU_CORE_ERROR_FAILED, not_found);
  if (g_error_matches (error, CAU_XMPP_ERROR, CAU_XMPP_ERROR_CONNECTION_LOST))
    return g_error_new_literal (CAU_CORE_ERROR, CAU_CORE_ERROR_OFFLINE,
                                _("You are offline. Try again once connected."));
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (error);
  g_debug ("Room request refused: %s", error->message);
  return g_error_new_literal (CAU_CORE_ERROR, CAU_CORE_ERROR_FAILED,
                              _("The room refused this."));
}

typedef struct {
  char *invitee;   /* to invite once made a member */
  char *reason;
} Invite;

static void
invite_free (gpointer data)
{
  Invite *invite = data;

  g_free (invite->invitee);
  g_free (invite->reason);
  g_free (invite);
}

static void
send_invitation (CauRoom    *self,
                 const char *invitee,
                 const char *reason)
{
  g_autoptr(CauAccount) account = cau_room_dup_account (self);

  if (account != NULL)
    cau_xmpp_client_invite (cau_account_get_client (account), cau_room_get_jid (self), invitee,
                            reason);
}

static void
done_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  g_autoptr(GTask) task = data;
  CauXmppClient *client = CAU_XMPP_CLIENT (source);
  Invite *invite = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  gboolean done;

  const char *not_found = _("This person is no longer in the room.");

  if (g_async_result_is_tagged (result, cau_xmpp_client_set_room_role))
    done = cau_xmpp_client_set_room_role_finish (client, result, &error);
  else if (g_async_result_is_tagged (result, cau_xmpp_client_retract_room_message))
    {
      done = cau_xmpp_client_retract_room_message_finish (client, result, &error);
      not_found = _("The room no longer has this message.");
    }
  else
    done = cau_xmpp_client_set_room_affiliation_finish (client, result, &error);
  if (!done)
    {
      g_task_return_error (task, translate_error (error, not_found));
      return;
    }
  if (invite != NULL)
    send_invitation (g_task_get_source_object (task), invite->invitee, invite->reason);
  g_task_return_boolean (task, TRUE);
}

static GTask *
start (CauRoom              *self,
       GCancellable         *cancellable,
       GAsyncReadyCallback   callback,
       gpointer              user_data,
       gpointer              source_tag,
       CauXmppClient       **client)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(CauAccount) account = cau_room_dup_account (self);

  g_task_set_source_tag (task, source_tag);
  if (account == NULL || cau_account_get_state (account) != CAU_ACCOUNT_STATE_ONLINE)
    {
      g_task_return_new_error (task, CAU_CORE_ERROR, CAU_CORE_ERROR_OFFLINE, "%s",
                               _("You are offline. Try again once connected."));
      g_object_unref (task);
      return NULL;
    }
  *client = cau_account_get_client (account);
  return task;
}

static void
set_role (CauRoom             *self,
          const char          *nick,
          CauXmppRole          role,
          const char          *reason,
          GCancellable        *cancellable,
          GAsyncReadyCallback  callback,
          gpointer             user_data,
          gpointer             source_tag)
{
  CauXmppClient *client = NULL;
  GTask *task = start (self, cancellable, callback, user_data, source_tag, &client);

  if (task != NULL)
    cau_xmpp_client_set_room_role (client, cau_room_get_jid (self), nick, role, reason,
                                   cancellable, done_cb, task);
}

static void
set_affiliation (CauRoom             *self,
                 const char          *jid,
                 CauXmppAffiliation   affiliation,
                 const char          *reason,
                 Invite              *invite,
                 GCancellable        *cancellable,
                 GAsyncReadyCallback  callback,
                 gpointer             user_data,
                 gpointer             source_tag)
{
  CauXmppClient *client = NULL;
  g_autofree char *bare = cau_xmpp_jid_normalize_bare (jid, NULL);
  GTask *task = start (self, cancellable, callback, user_data, source_tag, &client);

  if (task == NULL)
    {
      if (invite != NULL)
        invite_free (invite);
      return;
    }
  if (invite != NULL)
    g_task_set_task_data (task, invite, invite_free);
  if (bare == NULL)
    {
      g_task_return_new_error (task, CAU_CORE_ERROR, CAU_CORE_ERROR_INVALID_ADDRESS, "%s",
                               _("This address is not valid."));
      g_object_unref (task);
      return;
    }
  cau_xmpp_client_set_room_affiliation (client, cau_room_get_jid (self), bare, affiliation,
                                        reason, cancellable, done_cb, task);
}

void
cau_room_kick (CauRoom             *self,
               const char          *nick,
               const char          *reason,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  g_return_if_fail (CAU_IS_ROOM (self));
  g_return_if_fail (nick != NULL);

  set_role (self, nick, CAU_XMPP_ROLE_NONE, reason, cancellable, callback, user_data,
            cau_room_kick);
}

void
cau_room_set_voice (CauRoom             *self,
                    const char          *nick,
                    gboolean             voice,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  g_return_if_fail (CAU_IS_ROOM (self));
  g_return_if_fail (nick != NULL);

  set_role (self, nick, voice ? CAU_XMPP_ROLE_PARTICIPANT : CAU_XMPP_ROLE_VISITOR, NULL,
            cancellable, callback, user_data, cau_room_set_voice);
}

void
cau_room_set_moderator (CauRoom             *self,
                        const char          *nick,
                        gboolean             moderator,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_return_if_fail (CAU_IS_ROOM (self));
  g_return_if_fail (nick != NULL);

  set_role (self, nick, moderator ? CAU_XMPP_ROLE_MODERATOR : CAU_XMPP_ROLE_PARTICIPANT, NULL,
            cancellable, callback, user_data, cau_room_set_moderator);
}

void
cau_room_ban (CauRoom             *self,
              const char          *jid,
              const char          *reason,
              GCancellable        *cancellable,
              GAsyncReadyCallback  callback,
              gpointer             user_data)
{
  g_return_if_fail (CAU_IS_ROOM (self));
  g_return_if_fail (jid != NULL);

  set_affiliation (self, jid, CAU_XMPP_AFFILIATION_OUTCAST, reason, NULL, cancellable,
                   callback, user_data, cau_room_ban);
}

void
cau_room_set_member (CauRoom             *self,
                     const char          *jid,
                     gboolean             member,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_return_if_fail (CAU_IS_ROOM (self));
  g_return_if_fail (jid != NULL);

  set_affiliation (self, jid, member ? CAU_XMPP_AFFILIATION_MEMBER : CAU_XMPP_AFFILIATION_NONE,
                   NULL, NULL, cancellable, callback, user_data, cau_room_set_member);
}

void
cau_room_set_admin (CauRoom             *self,
                    const char          *jid,
                    gboolean             admin,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  g_return_if_fail (CAU_IS_ROOM (self));
  g_return_if_fail (jid != NULL);

  /* Taking administration away leaves a member: they were trusted with more. */
  set_affiliation (self, jid, admin ? CAU_XMPP_AFFILIATION_ADMIN : CAU_XMPP_AFFILIATION_MEMBER,
                   NULL, NULL, cancellable, callback, user_data, cau_room_set_admin);
}

void
cau_room_invite (CauRoom             *self,
                 const char          *jid,
                 const char          *reason,
                 GCancellable        *cancellable,
                 GAsyncReadyCallback  callback,
                 gpointer             user_data)
{
  g_autofree char *bare = NULL;
  CauXmppClient *client = NULL;
  GTask *task;
  Invite *invite;

  g_return_if_fail (CAU_IS_ROOM (self));
  g_return_if_fail (jid != NULL);

  bare = cau_xmpp_jid_normalize_bare (jid, NULL);
  reason = reason != NULL && *reason != '\0' ? reason : NULL;
  /* A members-only room lets in only members: an admin or an owner makes them one first
   * (§9.3), else the invitation would lead to a refusal. */
  if (bare != NULL && cau_room_get_members_only (self) &&
      rank (cau_room_get_own_affiliation (self)) >= 2)
    {
      invite = g_new0 (Invite, 1);
      invite->invitee = g_strdup (bare);
      invite->reason = g_strdup (reason);
      set_affiliation (self, bare, CAU_XMPP_AFFILIATION_MEMBER, NULL, invite, cancellable,
                       callback, user_data, cau_room_invite);
      return;
    }

  task = start (self, cancellable, callback, user_data, cau_room_invite, &client);
  if (task == NULL)
    return;
  if (bare == NULL)
    g_task_return_new_error (task, CAU_CORE_ERROR, CAU_CORE_ERROR_INVALID_ADDRESS, "%s",
                             _("This address is not valid."));
  else
    {
      send_invitation (self, bare, reason);
      g_task_return_boolean (task, TRUE);
    }
  g_object_unref (task);
}

/**
 * cau_room_can_remove_messages:
 * @self: the room
 *
 * Returns: whether we may remove others' messages for everyone (XEP-0425): we are a
 *   moderator in it, and it offers that
 */
gboolean
cau_room_can_remove_messages (CauRoom *self)
{
  g_return_val_if_fail (CAU_IS_ROOM (self), FALSE);

  return cau_room_get_own_role (self) == CAU_ROLE_MODERATOR &&
         cau_room_get_moderation_version (self) != CAU_XMPP_MODERATION_NONE;
}

/**
 * cau_room_remove_message:
 * @self: the room
 * @message: a message of the room
 * @reason: (nullable): why, told to everyone in the room
 * @cancellable: (nullable): to stop waiting
 * @callback: the room's answer, finished with cau_room_moderate_finish()
 * @user_data: for @callback
 *
 * Asks the room to remove @message for everyone (XEP-0425). Once it did, its announcement
 * removes the message here as everywhere else.
 */
void
cau_room_remove_message (CauRoom             *self,
                         CauMessage          *message,
                         const char          *reason,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(CauAccount) account = NULL;
  g_autoptr(CauDbMessage) row = NULL;
  CauXmppClient *client = NULL;
  GTask *task;

  g_return_if_fail (CAU_IS_ROOM (self));
  g_return_if_fail (CAU_IS_MESSAGE (message));

  task = start (self, cancellable, callback, user_data, cau_room_remove_message, &client);
  if (task == NULL)
    return;
  if (!cau_room_can_remove_messages (self))
    {
      g_task_return_new_error (task, CAU_CORE_ERROR, CAU_CORE_ERROR_NOT_PERMITTED, "%s",
                               _("You may not do this in this room."));
      g_object_unref (task);
      return;
    }
  /* The room names its messages by the archive id it gave them; the row has it once the
   * room's copy came, which may be after the message was shown. */
  account = cau_room_dup_account (self);
  row = cau_db_get_message (cau_account_get_db (account), cau_message_get_id (message), NULL);
  if (row == NULL || row->conversation_id != cau_room_get_conversation_id (self) ||
      row->stanza_id == NULL || row->retracted_us != 0)
    {
      g_task_return_new_error (task, CAU_CORE_ERROR, CAU_CORE_ERROR_FAILED, "%s",
                               _("The room no longer has this message."));
      g_object_unref (task);
      return;
    }
  cau_xmpp_client_retract_room_message (client, cau_room_get_jid (self), row->stanza_id,
                                        reason != NULL && *reason != '\0' ? reason : NULL,
                                        cau_room_get_moderation_version (self),
                                        cancellable, done_cb, task);
}

gboolean
cau_room_moderate_finish (CauRoom       *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
