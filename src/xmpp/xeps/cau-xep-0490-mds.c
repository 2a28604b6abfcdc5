/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-xep-0490-mds.h"
#include "cau-xep-stanza-private.h"
#include "cau-xeps.h"
#include "xmpp/cau-jid.h"
#include "xmpp/cau-xmpp-utils.h"

#include <string.h>

/*
 * Message Displayed Synchronization (XEP-0490). The node is our own and
 * says which messages of ours were read: it is taken only from our own
 * bare JID (a notification) or our account (a fetch result), as roster
 * and block list pushes are.
 */

/* An archive id longer than this is nobody's: Prosody's are 16 bytes. */
#define MAX_STANZA_ID 256

static xmpp_stanza_t *
pubsub_iq (xmpp_ctx_t    *ctx,
           const char    *type,
           const char    *iq_id,
           const char    *own_bare,
           const char    *ns,
           xmpp_stanza_t **pubsub)
{
  xmpp_stanza_t *iq = xmpp_iq_new (ctx, type, iq_id);

  xmpp_stanza_set_to (iq, own_bare);
  *pubsub = cau_xep_add_element (iq, "pubsub", ns);
  return iq;
}

/**
 * cau_xmpp_build_mds_fetch:
 * @ctx: the context
 * @iq_id: the iq's id
 * @own_bare: our bare JID
 *
 * Returns: (transfer full): the request for all the node's items
 */
xmpp_stanza_t *
cau_xmpp_build_mds_fetch (xmpp_ctx_t *ctx,
                          const char *iq_id,
                          const char *own_bare)
{
  xmpp_stanza_t *iq;
  xmpp_stanza_t *items;
  g_autofree char *max = g_strdup_printf ("%d", CAU_XMPP_MDS_MAX_ITEMS);

  g_return_val_if_fail (ctx != NULL && iq_id != NULL && own_bare != NULL, NULL);

  iq = cau_xep_build_pubsub_items_get (ctx, iq_id, own_bare, CAU_NS_MDS, &items);
  xmpp_stanza_set_attribute (items, "max_items", max);
  return iq;
}

/**
 * cau_xmpp_build_mds_publish:
 * @ctx: the context
 * @iq_id: the iq's id
 * @own_bare: our bare JID: the stanza-id's `by`
 * @peer: the chat's bare JID: the item's id
 * @stanza_id: our server's archive id of the newest message read
 *
 * Returns: (transfer full): the publication, with the publish-options
 *   §4.1 requires (a private node that keeps an item per chat)
 */
xmpp_stanza_t *
cau_xmpp_build_mds_publish (xmpp_ctx_t *ctx,
                            const char *iq_id,
                            const char *own_bare,
                            const char *peer,
                            const char *stanza_id)
{
  xmpp_stanza_t *pubsub;
  xmpp_stanza_t *iq;
  xmpp_stanza_t *publish;
  xmpp_stanza_t *item;
  xmpp_stanza_t *displayed;
  xmpp_stanza_t *sid;

  g_return_val_if_fail (ctx != NULL && iq_id != NULL && own_bare != NULL, NULL);
  g_return_val_if_fail (peer != NULL && stanza_id != NULL, NULL);

  iq = pubsub_iq (ctx, "set", iq_id, own_bare, CAU_NS_PUBSUB, &pubsub);
  publish = cau_xep_add_element (pubsub, "publish", NULL);
  xmpp_stanza_set_attribute (publish, "node", CAU_NS_MDS);
  item = cau_xep_add_element (publish, "item", NULL);
  xmpp_stanza_set_attribute (item, "id", peer);
  displayed = cau_xep_add_element (item, "displayed", CAU_NS_MDS);
  sid = cau_xep_add_element (displayed, "stanza-id", CAU_NS_SID);
  xmpp_stanza_set_attribute (sid, "id", stanza_id);
  xmpp_stanza_set_attribute (sid, "by", own_bare);

  cau_xep_add_publish_options (pubsub,
                               "pubsub#persist_items", "true",
                               "pubsub#max_items", "max",
                               "pubsub#send_last_published_item", "never",
                               "pubsub#access_model", "whitelist",
                               NULL);
  return iq;
}

/**
 * cau_xmpp_parse_account_can_publish:
 * @iq: the answer to cau_xmpp_build_disco_info_get() about our bare JID
 *
 * Returns: whether it shows a PEP service with publish-options
 */
gboolean
cau_xmpp_parse_account_can_publish (xmpp_stanza_t *iq)
{
  xmpp_stanza_t *query = xmpp_stanza_get_child_by_name_and_ns (iq, "query", CAU_NS_DISCO_INFO);
  gboolean pep = FALSE;
  gboolean options = FALSE;

  if (g_strcmp0 (xmpp_stanza_get_type (iq), "result") != 0 || query == NULL)
    return FALSE;

  for (xmpp_stanza_t *c = xmpp_stanza_get_children (query); c; c = xmpp_stanza_get_next (c))
    {
      const char *name = xmpp_stanza_is_tag (c) ? xmpp_stanza_get_name (c) : NULL;

      if (g_strcmp0 (name, "identity") == 0 &&
          g_strcmp0 (xmpp_stanza_get_attribute (c, "category"), "pubsub") == 0 &&
          g_strcmp0 (xmpp_stanza_get_attribute (c, "type"), "pep") == 0)
        pep = TRUE;
      else if (g_strcmp0 (name, "feature") == 0 &&
               g_strcmp0 (xmpp_stanza_get_attribute (c, "var"), CAU_FEATURE_PUBLISH_OPTIONS) == 0)
        options = TRUE;
    }
  return pep && options;
}

/* One item: the chat it names and the archive id in it, or nothing. */
static CauXmppMessage *
parse_item (xmpp_stanza_t *item,
            const char    *own_bare)
{
  g_autofree char *resource = NULL;
  g_autofree char *peer = NULL;
  xmpp_stanza_t *displayed = xmpp_stanza_get_child_by_name_and_ns (item, "displayed", CAU_NS_MDS);
  xmpp_stanza_t *sid = displayed
    ? xmpp_stanza_get_child_by_name_and_ns (displayed, "stanza-id", CAU_NS_SID) : NULL;
  const char *id = sid ? xmpp_stanza_get_attribute (sid, "id") : NULL;
  CauXmppMessage *state;

  peer = cau_xmpp_jid_normalize_bare (xmpp_stanza_get_attribute (item, "id"), &resource);
  /* A full JID names a private chat in a room; a stanza-id by another
   * than our server, a room's archive. Neither is a one-to-one chat. */
  if (peer == NULL || resource != NULL || id == NULL || *id == '\0' ||
      strlen (id) > MAX_STANZA_ID || !g_utf8_validate (id, -1, NULL) ||
      !cau_xep_jid_is_exactly (xmpp_stanza_get_attribute (sid, "by"), own_bare) ||
      g_str_equal (peer, own_bare))
    return NULL;

  state = cau_xmpp_message_new ();
  state->source = CAU_XMPP_SOURCE_LIVE;
  state->outgoing = TRUE;
  state->peer = g_steal_pointer (&peer);
  state->sender = g_strdup (own_bare);
  state->displayed_stanza_id = g_strdup (id);
  state->time_us = g_get_real_time ();
  return state;
}

static GPtrArray *
parse_items (xmpp_stanza_t *items,
             const char    *item_name,
             const char    *own_bare)
{
  GPtrArray *states = g_ptr_array_new_with_free_func ((GDestroyNotify) cau_xmpp_message_free);
  guint seen = 0;

  for (xmpp_stanza_t *c = xmpp_stanza_get_children (items); c; c = xmpp_stanza_get_next (c))
    {
      CauXmppMessage *state;

      if (!xmpp_stanza_is_tag (c) || g_strcmp0 (xmpp_stanza_get_name (c), item_name) != 0)
        continue;
      if (++seen > CAU_XMPP_MDS_MAX_ITEMS)
        break;
      state = parse_item (c, own_bare);
      if (state != NULL)
        g_ptr_array_add (states, state);
    }
  return states;
}

/**
 * cau_xmpp_parse_mds_result:
 * @iq: the answer to cau_xmpp_build_mds_fetch()
 * @own_bare: our bare JID
 * @why: (out) (optional): why it was refused
 *
 * Returns: (transfer full) (nullable) (element-type CauXmppMessage): the
 *   read states, possibly none, or %NULL
 */
GPtrArray *
cau_xmpp_parse_mds_result (xmpp_stanza_t  *iq,
                           const char     *own_bare,
                           const char    **why)
{
  const char *from = xmpp_stanza_get_from (iq);
  xmpp_stanza_t *pubsub;
  xmpp_stanza_t *items;

  g_return_val_if_fail (own_bare != NULL, NULL);

  if (from != NULL && !cau_xep_jid_is_exactly (from, own_bare))
    {
      cau_xep_set_why (why, "not from our account");
      return NULL;
    }
  if (g_strcmp0 (xmpp_stanza_get_type (iq), "result") != 0)
    {
      cau_xep_set_why (why, "not a result");
      return NULL;
    }
  pubsub = xmpp_stanza_get_child_by_name_and_ns (iq, "pubsub", CAU_NS_PUBSUB);
  items = pubsub ? xmpp_stanza_get_child_by_name (pubsub, "items") : NULL;
  if (items == NULL || g_strcmp0 (xmpp_stanza_get_attribute (items, "node"), CAU_NS_MDS) != 0)
    {
      cau_xep_set_why (why, "no items of the node");
      return NULL;
    }
  return parse_items (items, "item", own_bare);
}

/**
 * cau_xmpp_parse_mds_event:
 * @message: a message stanza
 * @own_bare: our bare JID
 * @why: (out) (optional): why it was refused
 *
 * Returns: (transfer full) (nullable) (element-type CauXmppMessage): the
 *   read states of a notification of the node, possibly none, or %NULL
 */
GPtrArray *
cau_xmpp_parse_mds_event (xmpp_stanza_t  *message,
                          const char     *own_bare,
                          const char    **why)
{
  xmpp_stanza_t *event = xmpp_stanza_get_child_by_name_and_ns (message, "event",
                                                               CAU_NS_PUBSUB_EVENT);
  xmpp_stanza_t *items = event ? xmpp_stanza_get_child_by_name (event, "items") : NULL;

  g_return_val_if_fail (own_bare != NULL, NULL);

  if (items == NULL || g_strcmp0 (xmpp_stanza_get_attribute (items, "node"), CAU_NS_MDS) != 0)
    return NULL;
  if (!cau_xep_jid_is_exactly (xmpp_stanza_get_from (message), own_bare))
    {
      cau_xep_set_why (why, "not from our own bare JID");
      return NULL;
    }
  return parse_items (items, "item", own_bare);
}

/* The engine side. */

struct _CauXmppMds
{
  CauXmppMdsTake  take;
  gpointer        chat;
  xmpp_conn_t    *conn;         /* while online */
  char           *own_bare;
  char           *info_id;      /* the disco#info request in flight */
  char           *fetch_id;     /* the fetch in flight */
  gboolean        can_publish;  /* PEP with publish-options, this session */
  gboolean        caught_up;
  gboolean        fetched;
};

static void
send_stanza (CauXmppMds    *self,
             xmpp_stanza_t *stanza)
{
  xmpp_send (self->conn, stanza);
  xmpp_stanza_release (stanza);
}

static void
take_all (CauXmppMds *self,
          GPtrArray  *states)
{
  for (guint i = 0; i < states->len; i++)
    self->take (self->chat, g_steal_pointer (&states->pdata[i]));
}

static int
fetch_result_cb (xmpp_conn_t   *conn,
                 xmpp_stanza_t *iq,
                 void          *userdata)
{
  CauXmppMds *self = userdata;
  g_autoptr(GPtrArray) states = NULL;
  const char *why = NULL;

  if (g_strcmp0 (xmpp_stanza_get_id (iq), self->fetch_id) != 0)
    return 0;
  g_clear_pointer (&self->fetch_id, g_free);

  states = cau_xmpp_parse_mds_result (iq, self->own_bare, &why);
  if (states == NULL)
    {
      /* item-not-found: no device has published yet. */
      g_autofree char *condition = cau_xmpp_stanza_error_condition (iq, NULL);

      g_debug ("Read states not fetched: %s", condition ? condition : why);
      return 0;
    }
  g_debug ("Read states fetched: %u chats", states->len);
  take_all (self, states);
  return 0;
}

static void
maybe_fetch (CauXmppMds *self)
{
  if (self->conn == NULL || !self->caught_up || !self->can_publish || self->fetched)
    return;

  self->fetched = TRUE;
  self->fetch_id = cau_xmpp_new_id ();
  xmpp_id_handler_add (self->conn, fetch_result_cb, self->fetch_id, self);
  send_stanza (self, cau_xmpp_build_mds_fetch (xmpp_conn_get_context (self->conn),
                                               self->fetch_id, self->own_bare));
}

static int
info_result_cb (xmpp_conn_t   *conn,
                xmpp_stanza_t *iq,
                void          *userdata)
{
  CauXmppMds *self = userdata;

  if (g_strcmp0 (xmpp_stanza_get_id (iq), self->info_id) != 0)
    return 0;
  g_clear_pointer (&self->info_id, g_free);

  if (!cau_xep_jid_is_exactly (xmpp_stanza_get_from (iq), self->own_bare))
    return 0;
  self->can_publish = cau_xmpp_parse_account_can_publish (iq);
  g_debug ("Read state sync (XEP-0490): %s", self->can_publish ? "yes" : "not offered");
  maybe_fetch (self);
  return 0;
}

static int
publish_result_cb (xmpp_conn_t   *conn,
                   xmpp_stanza_t *iq,
                   void          *userdata)
{
  if (g_strcmp0 (xmpp_stanza_get_type (iq), "result") != 0)
    {
      g_autofree char *condition = cau_xmpp_stanza_error_condition (iq, NULL);

      g_debug ("Read state not published: %s", condition ? condition : "no reason");
    }
  return 0;
}

CauXmppMds *
cau_xmpp_mds_new (CauXmppMdsTake take,
                  gpointer       chat)
{
  CauXmppMds *self = g_new0 (CauXmppMds, 1);

  self->take = take;
  self->chat = chat;
  return self;
}

void
cau_xmpp_mds_free (CauXmppMds *self)
{
  if (self == NULL)
    return;
  g_free (self->own_bare);
  g_free (self->info_id);
  g_free (self->fetch_id);
  g_free (self);
}

void
cau_xmpp_mds_online (CauXmppMds  *self,
                     xmpp_conn_t *conn,
                     const char  *own_bare)
{
  self->conn = conn;
  g_free (self->own_bare);
  self->own_bare = g_strdup (own_bare);
  self->can_publish = FALSE;
  self->caught_up = FALSE;
  self->fetched = FALSE;
  g_clear_pointer (&self->fetch_id, g_free);

  g_free (self->info_id);
  self->info_id = cau_xmpp_new_id ();
  xmpp_id_handler_add (conn, info_result_cb, self->info_id, self);
  send_stanza (self, cau_xmpp_build_disco_info_get (xmpp_conn_get_context (conn),
                                                    self->info_id, own_bare));
}

void
cau_xmpp_mds_offline (CauXmppMds *self)
{
  /* What we know stays true if the session is resumed. */
  self->conn = NULL;
}

void
cau_xmpp_mds_caught_up (CauXmppMds *self)
{
  self->caught_up = TRUE;
  maybe_fetch (self);
}

gboolean
cau_xmpp_mds_handle_message (CauXmppMds    *self,
                             xmpp_stanza_t *message)
{
  g_autoptr(GPtrArray) states = NULL;
  const char *why = NULL;

  if (self->own_bare == NULL ||
      xmpp_stanza_get_child_by_name_and_ns (message, "event", CAU_NS_PUBSUB_EVENT) == NULL)
    return FALSE;

  states = cau_xmpp_parse_mds_event (message, self->own_bare, &why);
  if (states == NULL)
    {
      if (why == NULL)
        return FALSE;  /* another node's */
      g_debug ("Read states refused: %s", why);
      return TRUE;
    }
  take_all (self, states);
  return TRUE;
}

void
cau_xmpp_mds_publish (CauXmppMds *self,
                      const char *peer,
                      const char *stanza_id)
{
  g_autofree char *id = NULL;

  g_return_if_fail (peer != NULL && stanza_id != NULL);

  if (self->conn == NULL || !self->can_publish)
    return;

  id = cau_xmpp_new_id ();
  xmpp_id_handler_add (self->conn, publish_result_cb, id, self);
  send_stanza (self, cau_xmpp_build_mds_publish (xmpp_conn_get_context (self->conn), id,
                                                 self->own_bare, peer, stanza_id));
}
