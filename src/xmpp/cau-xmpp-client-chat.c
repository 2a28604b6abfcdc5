/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-xmpp-client.h"
#include "cau-xmpp-chat.h"
#include "cau-xmpp-private.h"
#include "xeps/cau-xep-0191-blocking.h"

/* The client's messaging commands: each carries its own copies to the
 * engine thread and runs there on the stream's CauXmppChat. */

typedef struct {
  char             *s1;
  char             *s2;
  char             *s3;
  char            **strv;
  gint64            n;
  gboolean          flag;
  const CauXmppArchiveFuncs *funcs;
  const CauXmppOmemoFuncs   *omemo_funcs;
  gpointer          data;
  GDestroyNotify    destroy;
  GBytes           *bytes;
  guint             width;
  guint             height;
} Args;

static Args *
args_new (const char *s1,
          const char *s2)
{
  Args *args = g_new0 (Args, 1);

  args->s1 = g_strdup (s1);
  args->s2 = g_strdup (s2);
  return args;
}

static void
args_free (gpointer data)
{
  Args *args = data;

  g_free (args->s1);
  g_free (args->s2);
  g_free (args->s3);
  g_strfreev (args->strv);
  g_clear_pointer (&args->bytes, g_bytes_unref);
  /* An archive never handed over (the stream went first) is freed here,
   * on the engine thread all the same. */
  if (args->destroy != NULL)
    args->destroy (args->data);
  g_free (args);
}

static void
set_archive_run (CauXmppChat *chat,
                 gpointer     data)
{
  Args *args = data;

  cau_xmpp_chat_set_archive (chat, args->funcs, args->data, args->destroy);
  args->destroy = NULL;
}

void
cau_xmpp_client_set_archive (CauXmppClient             *self,
                             const CauXmppArchiveFuncs *funcs,
                             gpointer                   data,
                             GDestroyNotify             destroy)
{
  Args *args = args_new (NULL, NULL);

  g_return_if_fail (CAU_IS_XMPP_CLIENT (self));

  args->funcs = funcs;
  args->data = data;
  args->destroy = destroy;
  cau_xmpp_client_run_on_chat (self, set_archive_run, args, args_free);
}

static void
set_omemo_run (CauXmppChat *chat,
               gpointer     data)
{
  Args *args = data;

  cau_xmpp_chat_set_omemo (chat, args->omemo_funcs, args->data, args->destroy);
  args->destroy = NULL;
}

void
cau_xmpp_client_set_omemo (CauXmppClient           *self,
                           const CauXmppOmemoFuncs *funcs,
                           gpointer                 data,
                           GDestroyNotify           destroy)
{
  Args *args = args_new (NULL, NULL);

  g_return_if_fail (CAU_IS_XMPP_CLIENT (self));

  args->omemo_funcs = funcs;
  args->data = data;
  args->destroy = destroy;
  cau_xmpp_client_run_on_chat (self, set_omemo_run, args, args_free);
}

static void
omemo_remove_device_run (CauXmppChat *chat,
                         gpointer     data)
{
  Args *args = data;

  cau_xmpp_chat_omemo_remove_device (chat, (guint32) args->n);
}

void
cau_xmpp_client_omemo_remove_device (CauXmppClient *self,
                                     guint32        device_id)
{
  Args *args = args_new (NULL, NULL);

  g_return_if_fail (CAU_IS_XMPP_CLIENT (self));

  args->n = device_id;
  cau_xmpp_client_run_on_chat (self, omemo_remove_device_run, args, args_free);
}

static void
send_chat_run (CauXmppChat *chat,
               gpointer     data)
{
  CauXmppOutgoing *outgoing = data;
  CauXmppOutgoing *copy = cau_xmpp_outgoing_new (outgoing->local_id, outgoing->to,
                                                 outgoing->body, outgoing->id,
                                                 outgoing->encrypt);

  copy->groupchat = outgoing->groupchat;
  copy->replaces = g_strdup (outgoing->replaces);
  cau_xmpp_chat_send (chat, copy);
}

void
cau_xmpp_client_send_chat (CauXmppClient *self,
                           gint64         local_id,
                           const char    *to,
                           const char    *body,
                           const char    *id,
                           gboolean       encrypt)
{
  g_return_if_fail (CAU_IS_XMPP_CLIENT (self));
  g_return_if_fail (to != NULL && body != NULL && id != NULL);

  cau_xmpp_client_run_on_chat (self, send_chat_run,
                               cau_xmpp_outgoing_new (local_id, to, body, id, encrypt),
                               (GDestroyNotify) cau_xmpp_outgoing_free);
}

/**
 * cau_xmpp_client_send_groupchat:
 * @self: the client
 * @local_id: the message's row
 * @room: the room's bare JID
 * @body: the text
 * @id: its id, also its origin-id
 * @encrypt: with OMEMO for the room's members (a private room only), or not at all
 *
 * Sends a message stored as pending to everyone in @room, once we are in it.
 */
void
cau_xmpp_client_send_groupchat (CauXmppClient *self,
                                gint64         local_id,
                                const char    *room,
                                const char    *body,
                                const char    *id,
                                gboolean       encrypt)
{
  CauXmppOutgoing *outgoing;

  g_return_if_fail (CAU_IS_XMPP_CLIENT (self));
  g_return_if_fail (room != NULL && body != NULL && id != NULL);

  outgoing = cau_xmpp_outgoing_new (local_id, room, body, id, encrypt);
  outgoing->groupchat = TRUE;
  cau_xmpp_client_run_on_chat (self, send_chat_run, outgoing,
                               (GDestroyNotify) cau_xmpp_outgoing_free);
}

/**
 * cau_xmpp_client_send_correction:
 * @self: the client
 * @local_id: the row of the message corrected
 * @to: whom it went to: a bare JID, or a room's (then @groupchat)
 * @body: the corrected text
 * @id: the correction's own id, also its origin-id
 * @replaces: the id of the message corrected
 * @encrypt: with OMEMO, as the message was, or not at all
 * @groupchat: @to is a room
 *
 * XEP-0308: sends the correction of our last message, now: a correction made offline is not
 * kept for later.
 */
void
cau_xmpp_client_send_correction (CauXmppClient *self,
                                 gint64         local_id,
                                 const char    *to,
                                 const char    *body,
                                 const char    *id,
                                 const char    *replaces,
                                 gboolean       encrypt,
                                 gboolean       groupchat)
{
  CauXmppOutgoing *outgoing;

  g_return_if_fail (CAU_IS_XMPP_CLIENT (self));
  g_return_if_fail (to != NULL && body != NULL && id != NULL && replaces != NULL);

  outgoing = cau_xmpp_outgoing_new (local_id, to, body, id, encrypt);
  outgoing->groupchat = groupchat;
  outgoing->replaces = g_strdup (replaces);
  cau_xmpp_client_run_on_chat (self, send_chat_run, outgoing,
                               (GDestroyNotify) cau_xmpp_outgoing_free);
}

static void
send_displayed_run (CauXmppChat *chat,
                    gpointer     data)
{
  Args *args = data;

  cau_xmpp_chat_send_displayed (chat, args->s1, args->s2, args->s3);
}

/* Tells `to` that we displayed its message `id` (XEP-0333), and our
 * other devices that the chat is read up to our server's archive id
 * `stanza_id` (XEP-0490, where the account offers it). Either may be
 * NULL. */
void
cau_xmpp_client_send_displayed (CauXmppClient *self,
                                const char    *to,
                                const char    *id,
                                const char    *stanza_id)
{
  Args *args;

  g_return_if_fail (CAU_IS_XMPP_CLIENT (self));
  g_return_if_fail (to != NULL);

  if (id == NULL && stanza_id == NULL)
    return;
  args = args_new (to, id);
  args->s3 = g_strdup (stanza_id);
  cau_xmpp_client_run_on_chat (self, send_displayed_run, args, args_free);
}

static void
send_chat_state_run (CauXmppChat *chat,
                     gpointer     data)
{
  Args *args = data;

  cau_xmpp_chat_send_chat_state (chat, args->s1, (CauXmppChatState) args->n);
}

void
cau_xmpp_client_send_chat_state (CauXmppClient    *self,
                                 const char       *to,
                                 CauXmppChatState  state)
{
  Args *args;

  g_return_if_fail (CAU_IS_XMPP_CLIENT (self));
  g_return_if_fail (to != NULL);

  args = args_new (to, NULL);
  args->n = state;
  cau_xmpp_client_run_on_chat (self, send_chat_state_run, args, args_free);
}

static void
fetch_history_run (CauXmppChat *chat,
                   gpointer     data)
{
  Args *args = data;

  cau_xmpp_chat_fetch_history (chat, args->s1);
}

void
cau_xmpp_client_fetch_history (CauXmppClient *self,
                               const char    *peer)
{
  g_return_if_fail (CAU_IS_XMPP_CLIENT (self));
  g_return_if_fail (peer != NULL);

  cau_xmpp_client_run_on_chat (self, fetch_history_run, args_new (peer, NULL), args_free);
}

static void
roster_set_run (CauXmppChat *chat,
                gpointer     data)
{
  Args *args = data;

  cau_xmpp_chat_roster_set (chat, args->s1, args->s2,
                            (const char * const *) args->strv, args->flag);
}

void
cau_xmpp_client_roster_set (CauXmppClient      *self,
                            const char         *jid,
                            const char         *name,
                            const char * const *groups)
{
  Args *args;

  g_return_if_fail (CAU_IS_XMPP_CLIENT (self));
  g_return_if_fail (jid != NULL);

  args = args_new (jid, name);
  args->strv = g_strdupv ((char **) groups);
  cau_xmpp_client_run_on_chat (self, roster_set_run, args, args_free);
}

void
cau_xmpp_client_roster_remove (CauXmppClient *self,
                               const char    *jid)
{
  Args *args;

  g_return_if_fail (CAU_IS_XMPP_CLIENT (self));
  g_return_if_fail (jid != NULL);

  args = args_new (jid, NULL);
  args->flag = TRUE;
  cau_xmpp_client_run_on_chat (self, roster_set_run, args, args_free);
}

static void
send_subscription_run (CauXmppChat *chat,
                       gpointer     data)
{
  Args *args = data;

  cau_xmpp_chat_send_subscription (chat, args->s1, args->s2, args->s3);
}

void
cau_xmpp_client_send_subscription (CauXmppClient *self,
                                   const char    *jid,
                                   const char    *type,
                                   const char    *status)
{
  Args *args;

  g_return_if_fail (CAU_IS_XMPP_CLIENT (self));
  g_return_if_fail (jid != NULL && type != NULL);

  args = args_new (jid, type);
  args->s3 = g_strdup (status);
  cau_xmpp_client_run_on_chat (self, send_subscription_run, args, args_free);
}

static void
set_blocked_run (CauXmppChat *chat,
                 gpointer     data)
{
  Args *args = data;

  cau_xmpp_chat_set_blocked (chat, args->s1, args->flag);
}

static void
set_blocked (CauXmppClient *self,
             const char    *jid,
             gboolean       blocked)
{
  g_autofree char *normal = cau_xmpp_blocking_normalize (jid);
  Args *args;

  if (normal == NULL)
    {
      g_debug ("Not an address to block");
      return;
    }
  args = args_new (normal, NULL);
  args->flag = blocked;
  cau_xmpp_client_run_on_chat (self, set_blocked_run, args, args_free);
}

void
cau_xmpp_client_block (CauXmppClient *self,
                       const char    *jid)
{
  g_return_if_fail (CAU_IS_XMPP_CLIENT (self));
  g_return_if_fail (jid != NULL);

  set_blocked (self, jid, TRUE);
}

void
cau_xmpp_client_unblock (CauXmppClient *self,
                         const char    *jid)
{
  g_return_if_fail (CAU_IS_XMPP_CLIENT (self));
  g_return_if_fail (jid != NULL);

  set_blocked (self, jid, FALSE);
}

static void
publish_avatar_run (CauXmppChat *chat,
                    gpointer     data)
{
  Args *args = data;

  cau_xmpp_chat_publish_avatar (chat, args->bytes, args->width, args->height);
}

/**
 * cau_xmpp_client_publish_avatar:
 * @self: the client
 * @png: (nullable): our new avatar, a PNG; %NULL removes it
 * @width: its width in pixels
 * @height: its height
 *
 * Publishes our avatar (XEP-0084); the change comes back as
 * ::avatar-changed for our own JID. Dropped when offline.
 */
void
cau_xmpp_client_publish_avatar (CauXmppClient *self,
                                GBytes        *png,
                                guint          width,
                                guint          height)
{
  Args *args;

  g_return_if_fail (CAU_IS_XMPP_CLIENT (self));

  args = args_new (NULL, NULL);
  args->bytes = png ? g_bytes_ref (png) : NULL;
  args->width = width;
  args->height = height;
  cau_xmpp_client_run_on_chat (self, publish_avatar_run, args, args_free);
}

static void
set_known_own_avatar_run (CauXmppChat *chat,
                          gpointer     data)
{
  Args *args = data;

  cau_xmpp_chat_set_known_own_avatar (chat, args->s1);
}

/**
 * cau_xmpp_client_set_known_own_avatar:
 * @self: the client
 * @id: (nullable): our avatar's SHA-1 as last stored
 *
 * Before connecting: our presence then carries it from the start
 * (XEP-0153), instead of being sent again once the server tells.
 */
void
cau_xmpp_client_set_known_own_avatar (CauXmppClient *self,
                                      const char    *id)
{
  g_return_if_fail (CAU_IS_XMPP_CLIENT (self));

  cau_xmpp_client_run_on_chat (self, set_known_own_avatar_run, args_new (id, NULL), args_free);
}

static void
send_presence_to_run (CauXmppChat *chat,
                      gpointer     data)
{
  cau_xmpp_chat_send_presence_to (chat, ((Args *) data)->s1);
}

/**
 * cau_xmpp_client_send_presence_to:
 * @self: the client
 * @to: a JID
 *
 * Sends our presence to @to alone (RFC 6121 §4.6: directed presence),
 * as it is now. Dropped when offline.
 */
void
cau_xmpp_client_send_presence_to (CauXmppClient *self,
                                  const char    *to)
{
  g_return_if_fail (CAU_IS_XMPP_CLIENT (self));
  g_return_if_fail (to != NULL);

  cau_xmpp_client_run_on_chat (self, send_presence_to_run, args_new (to, NULL), args_free);
}
