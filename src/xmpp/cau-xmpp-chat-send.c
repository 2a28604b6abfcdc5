/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include <string.h>

#include "cau-xmpp-chat-private.h"
#include "cau-jid.h"
#include "cau-xmpp-utils.h"
#include "xeps/cau-xep-0045-muc.h"
#include "xeps/cau-xep-messages.h"

/*
 * Outbound (DESIGN §4): the model writes a message to the store (pending)
 * and then asks us to send it. Encrypted messages wait for sessions with
 * their recipients' devices, messages to a room until we are in it, each
 * in order. A message is "sent" once the server has answered a ping sent
 * after it (cau-xmpp-chat.c).
 */

/* XEP-0308: a correction of ours says which message it corrects, outside any encryption, as
 * the other clients look for it there. */
static void
add_correction (xmpp_stanza_t         *message,
                const CauXmppOutgoing *outgoing)
{
  if (outgoing->replaces != NULL)
    cau_xmpp_add_correction (message, outgoing->replaces);
}

static void
send_now (CauXmppChat     *self,
          CauXmppOutgoing *outgoing)
{
  CauXmppCryptoError failure = CAU_XMPP_CRYPTO_OK;
  xmpp_stanza_t *message;

  if (outgoing->groupchat && outgoing->encrypt)
    {
      g_auto(GStrv) members = cau_xmpp_rooms_dup_recipients (self->rooms, outgoing->to);

      message = cau_xmpp_build_groupchat (chat_ctx (self), outgoing->to,
                                          cau_xmpp_omemo_fallback_body (), outgoing->id);
      add_correction (message, outgoing);
      if (!cau_xmpp_rooms_is_private (self->rooms, outgoing->to))
        failure = CAU_XMPP_CRYPTO_UNAVAILABLE;
      if (failure != CAU_XMPP_CRYPTO_OK ||
          !cau_xmpp_omemo_encrypt_to (self->omemo, message, (const char * const *) members,
                                      outgoing->body, &failure))
        {
          g_message ("Message %" G_GINT64_FORMAT " not sent: it could not be encrypted for the "
                     "room's members (%d)", outgoing->local_id, failure);
          xmpp_stanza_release (message);
          if (outgoing->replaces == NULL && self->archive != NULL &&
              self->archive->mark_failed != NULL)
            self->archive->mark_failed (self->archive_data, outgoing->local_id, failure);
          return;
        }
    }
  else if (outgoing->groupchat)
    {
      message = cau_xmpp_build_groupchat (chat_ctx (self), outgoing->to, outgoing->body, outgoing->id);
      add_correction (message, outgoing);
    }
  else if (!outgoing->encrypt)
    {
      g_autofree char *room = cau_jid_bare (outgoing->to);

      message = cau_xmpp_build_chat (chat_ctx (self), outgoing->to, outgoing->body, outgoing->id, TRUE);
      add_correction (message, outgoing);
      /* To an occupant (§7.5): marked so, for our other devices' copies (XEP-0280 §7) too. */
      if (strchr (outgoing->to, '/') != NULL && cau_xmpp_rooms_has_room (self->rooms, room))
        {
          xmpp_stanza_t *x = cau_xmpp_child_new (chat_ctx (self), "x", CAU_NS_MUC_USER);

          xmpp_stanza_add_child (message, x);
          xmpp_stanza_release (x);
        }
    }
  else
    {
      message = cau_xmpp_build_chat (chat_ctx (self), outgoing->to, cau_xmpp_omemo_fallback_body (),
                                     outgoing->id, TRUE);
      add_correction (message, outgoing);
      if (!cau_xmpp_omemo_encrypt_into (self->omemo, message, outgoing->to, outgoing->body,
                                        &failure))
        {
          /* Never in plaintext instead: the message stays unsent, and says why. */
          g_message ("Message %" G_GINT64_FORMAT " not sent: it could not be encrypted (%d)",
                     outgoing->local_id, failure);
          xmpp_stanza_release (message);
          if (outgoing->replaces == NULL && self->archive != NULL &&
              self->archive->mark_failed != NULL)
            self->archive->mark_failed (self->archive_data, outgoing->local_id, failure);
          return;
        }
    }

  chat_send_stanza (self, message);
  /* A correction changes a message that was sent: nothing of it to await. */
  if (outgoing->replaces != NULL)
    return;
  g_array_append_val (self->awaiting, outgoing->local_id);
  g_hash_table_add (self->sent, g_memdup2 (&outgoing->local_id, sizeof (gint64)));
}

/* Sessions with `peer`'s devices are set up (or could not be): the messages waiting for them
 * go. */
static void
sessions_ready_cb (gpointer    data,
                   const char *peer)
{
  CauXmppChat *self = data;
  g_autoptr(GPtrArray) waiting = NULL;
  g_autofree char *key = NULL;

  if (!g_hash_table_steal_extended (self->to_encrypt, peer, (gpointer *) &key,
                                    (gpointer *) &waiting))
    return;
  for (guint i = 0; i < waiting->len; i++)
    {
      CauXmppOutgoing *outgoing = g_ptr_array_index (waiting, i);

      /* Offline meanwhile: it stays in the outbox for the next session. */
      if (self->conn != NULL && (outgoing->replaces != NULL ||
                                 !g_hash_table_contains (self->sent, &outgoing->local_id)))
        send_now (self, outgoing);
    }
  if (self->conn != NULL)
    cau_xmpp_chat_flush (self);
}

/* A private room's members: sessions with each one's devices, then what waits goes. */
typedef struct {
  CauXmppChat *chat;
  char        *room;
  guint        pending;
} RoomPreparation;

static void
member_ready_cb (gpointer    data,
                 const char *member)
{
  RoomPreparation *preparation = data;

  if (--preparation->pending > 0)
    return;
  sessions_ready_cb (preparation->chat, preparation->room);
  g_free (preparation->room);
  g_free (preparation);
}

static void
prepare_room (CauXmppChat *self,
              const char  *room)
{
  g_auto(GStrv) members = cau_xmpp_rooms_dup_recipients (self->rooms, room);
  RoomPreparation *preparation = g_new0 (RoomPreparation, 1);

  preparation->chat = self;
  preparation->room = g_strdup (room);
  /* One more than the members, given back last: a member already prepared answers at once. */
  preparation->pending = g_strv_length (members) + 1;
  g_debug ("Sessions for room %s: %u members", room, g_strv_length (members));
  for (guint i = 0; members[i] != NULL; i++)
    cau_xmpp_omemo_prepare (self->omemo, members[i], member_ready_cb, preparation);
  member_ready_cb (preparation, NULL);
}

void
cau_xmpp_chat_room_decrypt_cb (gpointer        data,
                               CauXmppMessage *message,
                               const char     *sender)
{
  CauXmppChat *self = data;

  cau_xmpp_omemo_decrypt_from (self->omemo, message, sender);
}

/* We are in `room`: what waited for it goes, in order. */
void
cau_xmpp_chat_room_joined_cb (gpointer    data,
                              const char *room)
{
  CauXmppChat *self = data;
  g_autoptr(GPtrArray) waiting = NULL;
  g_autofree char *key = NULL;

  if (!g_hash_table_steal_extended (self->to_rooms, room, (gpointer *) &key,
                                    (gpointer *) &waiting))
    return;
  /* Through the usual way: encrypted ones wait for their sessions. */
  for (guint i = 0; i < waiting->len; i++)
    cau_xmpp_chat_send (self, g_steal_pointer (&waiting->pdata[i]));
}

void
cau_xmpp_chat_send (CauXmppChat     *self,
                    CauXmppOutgoing *outgoing)
{
  GPtrArray *waiting;

  if (self->conn == NULL ||
      (outgoing->replaces == NULL && g_hash_table_contains (self->sent, &outgoing->local_id)))
    {
      g_debug ("Message %" G_GINT64_FORMAT " not sent now: %s", outgoing->local_id,
               self->conn == NULL ? "offline" : "already sent");
      cau_xmpp_outgoing_free (outgoing);
      return;
    }

  if (outgoing->groupchat && !cau_xmpp_rooms_is_joined (self->rooms, outgoing->to))
    {
      /* It waits until we are in the room, or stays in the outbox for the next session. */
      if (!cau_xmpp_rooms_has_room (self->rooms, outgoing->to))
        {
          g_debug ("Message %" G_GINT64_FORMAT " not sent: not a room we want to be in",
                   outgoing->local_id);
          cau_xmpp_outgoing_free (outgoing);
          return;
        }
      waiting = g_hash_table_lookup (self->to_rooms, outgoing->to);
      if (waiting == NULL)
        {
          waiting = g_ptr_array_new_with_free_func ((GDestroyNotify) cau_xmpp_outgoing_free);
          g_hash_table_insert (self->to_rooms, g_strdup (outgoing->to), waiting);
        }
      g_ptr_array_add (waiting, outgoing);
      return;
    }

  if (!outgoing->encrypt)
    {
      send_now (self, outgoing);
      cau_xmpp_outgoing_free (outgoing);
      return;
    }

  /* Encrypted messages wait for the sessions, in order. */
  waiting = g_hash_table_lookup (self->to_encrypt, outgoing->to);
  if (waiting == NULL)
    {
      waiting = g_ptr_array_new_with_free_func ((GDestroyNotify) cau_xmpp_outgoing_free);
      g_hash_table_insert (self->to_encrypt, g_strdup (outgoing->to), waiting);
      g_ptr_array_add (waiting, outgoing);
      if (outgoing->groupchat)
        prepare_room (self, outgoing->to);
      else
        cau_xmpp_omemo_prepare (self->omemo, outgoing->to, sessions_ready_cb, self);
      return;
    }
  g_ptr_array_add (waiting, outgoing);
}

void
cau_xmpp_chat_send_outbox (CauXmppChat *self)
{
  g_autoptr(GPtrArray) outbox = NULL;

  if (self->archive == NULL)
    return;
  outbox = self->archive->load_outbox (self->archive_data);
  for (guint i = 0; outbox != NULL && i < outbox->len; i++)
    cau_xmpp_chat_send (self, g_steal_pointer (&outbox->pdata[i]));
}

void
cau_xmpp_chat_send_displayed (CauXmppChat *self,
                              const char  *to,
                              const char  *id,
                              const char  *stanza_id)
{
  if (self->conn != NULL && id != NULL)
    chat_send_stanza (self, cau_xmpp_build_displayed (chat_ctx (self), to, id));
  if (stanza_id != NULL)
    cau_xmpp_mds_publish (self->mds, to, stanza_id);
}

void
cau_xmpp_chat_send_chat_state (CauXmppChat      *self,
                               const char       *to,
                               CauXmppChatState  state)
{
  if (self->conn != NULL)
    chat_send_stanza (self, cau_xmpp_build_chat_state (chat_ctx (self), to, state));
}

/* Outgoing messages. */

CauXmppOutgoing *
cau_xmpp_outgoing_new (gint64      local_id,
                       const char *to,
                       const char *body,
                       const char *id,
                       gboolean    encrypt)
{
  CauXmppOutgoing *outgoing = g_new0 (CauXmppOutgoing, 1);

  outgoing->local_id = local_id;
  outgoing->encrypt = encrypt;
  outgoing->to = g_strdup (to);
  outgoing->body = g_strdup (body);
  outgoing->id = g_strdup (id);
  return outgoing;
}

void
cau_xmpp_outgoing_free (CauXmppOutgoing *outgoing)
{
  if (outgoing == NULL)
    return;
  g_free (outgoing->to);
  g_free (outgoing->body);
  g_free (outgoing->id);
  g_free (outgoing->replaces);
  g_free (outgoing);
}
