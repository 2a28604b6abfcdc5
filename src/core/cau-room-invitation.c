/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-room-invitation.h"
#include "cau-room-invitation-private.h"
#include "cau-core-private.h"
#include "cau-room.h"

#include <string.h>

/*
 * An invitation to a room, as it waits in its account's list (cau-account-rooms.c). It
 * holds only what the invitation said; answering it takes it out of the list.
 */

struct _CauRoomInvitation
{
  GObject   parent_instance;

  GWeakRef  account;
  char     *room;
  char     *inviter;
  char     *reason;
  char     *password;
  gboolean  mediated;
};

G_DEFINE_FINAL_TYPE (CauRoomInvitation, cau_room_invitation, G_TYPE_OBJECT)

static void
cau_room_invitation_finalize (GObject *object)
{
  CauRoomInvitation *self = CAU_ROOM_INVITATION (object);

  g_weak_ref_clear (&self->account);
  g_free (self->room);
  g_free (self->inviter);
  g_free (self->reason);
  g_free (self->password);
  G_OBJECT_CLASS (cau_room_invitation_parent_class)->finalize (object);
}

static void
cau_room_invitation_class_init (CauRoomInvitationClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cau_room_invitation_finalize;
}

static void
cau_room_invitation_init (CauRoomInvitation *self)
{
}

CauRoomInvitation *
cau_room_invitation_new (CauAccount              *account,
                         const CauXmppInvitation *from)
{
  CauRoomInvitation *self = g_object_new (CAU_TYPE_ROOM_INVITATION, NULL);

  g_weak_ref_init (&self->account, account);
  self->room = g_strdup (from->room);
  self->inviter = g_strdup (from->inviter);
  self->reason = from->reason != NULL && *from->reason != '\0' ? g_strdup (from->reason) : NULL;
  self->password = from->password != NULL && *from->password != '\0' ? g_strdup (from->password)
                                                                      : NULL;
  self->mediated = from->mediated;
  return self;
}

/**
 * cau_room_invitation_get_account:
 * @self: the invitation
 *
 * Returns: (transfer none) (nullable): the invited account, NULL once it is removed
 */
CauAccount *
cau_room_invitation_get_account (CauRoomInvitation *self)
{
  CauAccount *account;

  g_return_val_if_fail (CAU_IS_ROOM_INVITATION (self), NULL);

  /* Not ours to keep: the manager holds the account for as long as it is listed, and the
   * account holds its invitations. */
  account = g_weak_ref_get (&self->account);
  if (account != NULL)
    g_object_unref (account);
  return account;
}

const char *
cau_room_invitation_get_room (CauRoomInvitation *self)
{
  g_return_val_if_fail (CAU_IS_ROOM_INVITATION (self), NULL);
  return self->room;
}

const char *
cau_room_invitation_get_inviter (CauRoomInvitation *self)
{
  g_return_val_if_fail (CAU_IS_ROOM_INVITATION (self), NULL);
  return self->inviter;
}

const char *
cau_room_invitation_get_reason (CauRoomInvitation *self)
{
  g_return_val_if_fail (CAU_IS_ROOM_INVITATION (self), NULL);
  return self->reason;
}

const char *
cau_room_invitation_get_password (CauRoomInvitation *self)
{
  g_return_val_if_fail (CAU_IS_ROOM_INVITATION (self), NULL);
  return self->password;
}

gboolean
cau_room_invitation_get_mediated (CauRoomInvitation *self)
{
  g_return_val_if_fail (CAU_IS_ROOM_INVITATION (self), FALSE);
  return self->mediated;
}

/* The nickname we had in the room, else our address's local part. */
static char *
default_nick (CauRoomInvitation *self,
              CauAccount        *account)
{
  GHashTable *rooms = cau_account_get_rooms (account);
  CauRoom *room = rooms != NULL ? g_hash_table_lookup (rooms, self->room) : NULL;
  const char *jid = cau_account_get_jid (account);

  if (room != NULL && cau_room_get_nick (room) != NULL)
    return g_strdup (cau_room_get_nick (room));
  return g_strndup (jid, strcspn (jid, "@"));
}

/**
 * cau_room_invitation_accept:
 * @self: the invitation
 * @manager: the account manager
 * @nick: (nullable): our nickname in the room
 * @error: why not
 *
 * Returns: (transfer none) (nullable): the room's conversation
 */
CauConversation *
cau_room_invitation_accept (CauRoomInvitation  *self,
                            CauAccountManager  *manager,
                            const char         *nick,
                            GError            **error)
{
  g_autoptr(CauAccount) account = NULL;
  g_autofree char *chosen = NULL;
  CauConversation *conversation;

  g_return_val_if_fail (CAU_IS_ROOM_INVITATION (self), NULL);
  g_return_val_if_fail (CAU_IS_ACCOUNT_MANAGER (manager), NULL);

  account = g_weak_ref_get (&self->account);
  if (account == NULL)
    {
      g_set_error_literal (error, CAU_CORE_ERROR, CAU_CORE_ERROR_FAILED, "no account");
      return NULL;
    }
  chosen = nick != NULL && *nick != '\0' ? g_strdup (nick) : default_nick (self, account);
  conversation = cau_account_manager_join_room (manager, account, self->room, chosen,
                                                self->password, error);
  if (conversation != NULL)
    cau_account_forget_invitation (account, self);
  return conversation;
}

void
cau_room_invitation_decline (CauRoomInvitation *self)
{
  g_autoptr(CauAccount) account = NULL;

  g_return_if_fail (CAU_IS_ROOM_INVITATION (self));

  account = g_weak_ref_get (&self->account);
  if (account == NULL)
    return;
  /* A direct invitation (XEP-0249) has no answer: forgetting it is all. */
  if (self->mediated)
    cau_xmpp_client_decline_invitation (cau_account_get_client (account), self->room,
                                        self->inviter, NULL);
  cau_account_forget_invitation (account, self);
}
