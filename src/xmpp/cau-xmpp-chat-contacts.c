/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-xmpp-chat-private.h"
#include "cau-jid.h"
#include "cau-xmpp-show.h"
#include "cau-xmpp-utils.h"
#include "xeps/cau-xep-messages.h"

/*
 * The chat engine and our contacts: the roster (fetched with its version,
 * pushes from our server only), others' presence and subscription
 * requests, and what we ask of our contacts (subscriptions, blocking, our
 * avatar).
 */

/* Roster (RFC 6121 §2, XEP-0237). */

static void
store_roster (CauXmppChat   *self,
              xmpp_stanza_t *iq,
              gboolean       push)
{
  g_autoptr(GPtrArray) items = NULL;
  g_autofree char *ver = NULL;
  gboolean empty = FALSE;
  const char *why = NULL;

  items = cau_xmpp_parse_roster (iq, self->own_jid, &ver, &empty, &why);
  if (items == NULL)
    {
      g_debug ("Roster dropped: %s", why ? why : "no reason");
      return;
    }
  if (self->archive != NULL && (!empty || ver != NULL))
    self->archive->store_roster (self->archive_data, items, ver, !push && !empty);
  /* number: 1 when the server sent the whole roster (not "unchanged"). */
  cau_xmpp_chat_post_event (self, CAU_XMPP_EVENT_ROSTER, NULL, NULL, !push && !empty);
}

static int
roster_result_cb (xmpp_conn_t   *conn,
                  xmpp_stanza_t *iq,
                  void          *userdata)
{
  CauXmppChat *self = userdata;

  if (g_strcmp0 (xmpp_stanza_get_type (iq), "result") == 0)
    store_roster (self, iq, FALSE);
  return 0;
}

void
cau_xmpp_chat_request_roster (CauXmppChat *self)
{
  g_autofree char *id = cau_xmpp_new_id ();
  g_autofree char *ver = NULL;

  if (self->archive != NULL)
    ver = self->archive->get_roster_version (self->archive_data);
  xmpp_id_handler_add (self->conn, roster_result_cb, id, self);
  chat_send_stanza (self, cau_xmpp_build_roster_get (chat_ctx (self), id, ver ? ver : ""));
}

gboolean
cau_xmpp_chat_handle_iq (CauXmppChat   *self,
                         xmpp_stanza_t *iq)
{
  xmpp_stanza_t *reply;
  g_autoptr(GPtrArray) items = NULL;
  const char *why = NULL;

  if (self->own_jid != NULL && cau_xmpp_blocking_handle_iq (self->blocking, iq))
    return TRUE;
  if (self->own_jid == NULL || g_strcmp0 (xmpp_stanza_get_type (iq), "set") != 0 ||
      xmpp_stanza_get_child_by_name_and_ns (iq, "query", CAU_NS_ROSTER) == NULL)
    return FALSE;

  items = cau_xmpp_parse_roster (iq, self->own_jid, NULL, NULL, &why);
  if (items == NULL)
    {
      g_debug ("Roster push refused: %s", why ? why : "no reason");
      reply = cau_xmpp_iq_error (iq, "cancel", "service-unavailable");
      chat_send_stanza (self, reply);
      return TRUE;
    }

  store_roster (self, iq, TRUE);
  /* The server's pushes have no `from`: xmpp_stanza_reply() would give NULL. */
  reply = cau_xmpp_iq_result (iq);
  chat_send_stanza (self, reply);
  return TRUE;
}

void
cau_xmpp_chat_roster_set (CauXmppChat        *self,
                          const char         *jid,
                          const char         *name,
                          const char * const *groups,
                          gboolean            remove)
{
  g_autofree char *id = cau_xmpp_new_id ();

  if (self->conn == NULL)
    return;
  chat_send_stanza (self, cau_xmpp_build_roster_set (chat_ctx (self), id, jid, name, groups, remove));
}

/* Presence of others. */

void
cau_xmpp_chat_handle_presence (CauXmppChat   *self,
                               xmpp_stanza_t *presence)
{
  const char *from = xmpp_stanza_get_from (presence);
  const char *type = xmpp_stanza_get_type (presence);
  g_autofree char *bare = NULL;
  g_autofree char *status = NULL;
  xmpp_stanza_t *child;

  if (from == NULL || (bare = cau_jid_bare (from)) == NULL)
    return;
  if (cau_xmpp_rooms_handle_presence (self->rooms, presence))
    return;

  child = xmpp_stanza_get_child_by_name (presence, "status");
  if (child != NULL)
    status = xmpp_stanza_get_text (child);
  if (status != NULL && !g_utf8_validate (status, -1, NULL))
    g_clear_pointer (&status, g_free);
  if (status != NULL && g_utf8_strlen (status, 1025) > 1024)
    status[g_utf8_offset_to_pointer (status, 1024) - status] = '\0';

  /* A request (with its XEP-0172 nick and message), or its withdrawal
   * (number -1) before we answered. */
  if (g_strcmp0 (type, "subscribe") == 0 || g_strcmp0 (type, "unsubscribe") == 0)
    {
      CauXmppEvent *event = cau_xmpp_stream_new_event (self->stream,
                                                       CAU_XMPP_EVENT_SUBSCRIPTION_REQUEST);
      gboolean withdrawn = g_str_equal (type, "unsubscribe");

      event->text = g_steal_pointer (&bare);
      if (!withdrawn)
        {
          event->text2 = cau_xmpp_parse_nick (presence);
          event->text3 = g_steal_pointer (&status);
        }
      event->number = withdrawn ? -1 : 0;
      cau_xmpp_event_post (event);
      return;
    }
  if (type != NULL && g_strcmp0 (type, "unavailable") != 0)
    return;
  cau_xmpp_avatars_handle_presence (self->avatars, presence);

  /* number: -1 unavailable, else the CauXmppShow. */
  cau_xmpp_chat_post_event (self, CAU_XMPP_EVENT_PRESENCE, from, status,
              type != NULL ? -1 : (int) cau_xmpp_presence_get_show (presence));
}

void
cau_xmpp_chat_send_subscription (CauXmppChat *self,
                                 const char  *jid,
                                 const char  *type,
                                 const char  *status)
{
  xmpp_stanza_t *presence;

  if (self->conn == NULL)
    return;
  presence = xmpp_presence_new (chat_ctx (self));
  xmpp_stanza_set_to (presence, jid);
  xmpp_stanza_set_type (presence, type);
  if (status != NULL && *status != '\0')
    cau_xmpp_add_text_child (presence, "status", status);
  chat_send_stanza (self, presence);
}

void
cau_xmpp_chat_send_presence_to (CauXmppChat *self,
                                const char  *to)
{
  cau_xmpp_stream_send_presence_to (self->stream, to);
}

void
cau_xmpp_chat_set_blocked (CauXmppChat *self,
                           const char  *jid,
                           gboolean     blocked)
{
  cau_xmpp_blocking_set (self->blocking, jid, blocked);
}

void
cau_xmpp_chat_publish_avatar (CauXmppChat *self,
                              GBytes      *png,
                              guint        width,
                              guint        height)
{
  cau_xmpp_avatars_publish (self->avatars, png, width, height);
}

const char *
cau_xmpp_chat_get_own_avatar_id (CauXmppChat *self)
{
  return cau_xmpp_avatars_get_own_id (self->avatars);
}

void
cau_xmpp_chat_set_known_own_avatar (CauXmppChat *self,
                                    const char  *id)
{
  cau_xmpp_avatars_set_known_own_id (self->avatars, id);
}
