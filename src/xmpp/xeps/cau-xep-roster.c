/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-xep-messages.h"
#include "cau-xep-stanza-private.h"
#include "xmpp/cau-xmpp-utils.h"

/* The roster (RFC 6121 §2) with versioning (XEP-0237, now RFC 6121 §2.6). */

static const char * const subscriptions[] = { "none", "to", "from", "both", NULL };

/**
 * cau_xmpp_build_roster_get:
 * @ctx: the context
 * @iq_id: the iq's id
 * @ver: (nullable): the version we hold, "" for none; %NULL when the
 *   server does not version rosters
 *
 * Returns: (transfer full): the roster request
 */
xmpp_stanza_t *
cau_xmpp_build_roster_get (xmpp_ctx_t *ctx,
                           const char *iq_id,
                           const char *ver)
{
  xmpp_stanza_t *iq;
  xmpp_stanza_t *query;

  g_return_val_if_fail (ctx != NULL, NULL);
  g_return_val_if_fail (iq_id != NULL, NULL);

  iq = xmpp_iq_new (ctx, "get", iq_id);
  query = cau_xep_add_element (iq, "query", CAU_NS_ROSTER);
  if (ver != NULL)
    xmpp_stanza_set_attribute (query, "ver", ver);
  return iq;
}

/**
 * cau_xmpp_build_roster_set:
 * @ctx: the context
 * @iq_id: the iq's id
 * @jid: the contact's bare JID
 * @name: (nullable): the name we give the contact
 * @groups: (nullable) (array zero-terminated=1): its groups
 * @remove: remove the contact instead (@name and @groups unused)
 *
 * Returns: (transfer full): the roster set
 */
xmpp_stanza_t *
cau_xmpp_build_roster_set (xmpp_ctx_t         *ctx,
                           const char         *iq_id,
                           const char         *jid,
                           const char         *name,
                           const char * const *groups,
                           gboolean            remove)
{
  g_autoptr(GHashTable) seen = NULL;
  xmpp_stanza_t *iq, *query, *item;

  g_return_val_if_fail (ctx != NULL, NULL);
  g_return_val_if_fail (iq_id != NULL, NULL);
  g_return_val_if_fail (jid != NULL, NULL);

  iq = xmpp_iq_new (ctx, "set", iq_id);
  query = cau_xep_add_element (iq, "query", CAU_NS_ROSTER);
  item = cau_xep_add_element (query, "item", NULL);
  xmpp_stanza_set_attribute (item, "jid", jid);

  if (remove)
    {
      xmpp_stanza_set_attribute (item, "subscription", "remove");
      return iq;
    }

  if (name != NULL && *name != '\0')
    xmpp_stanza_set_attribute (item, "name", name);

  /* RFC 6121 §2.1.2.5: a group appears once, and is never empty. */
  seen = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; groups != NULL && groups[i] != NULL; i++)
    {
      if (*groups[i] == '\0' || !g_hash_table_add (seen, (gpointer) groups[i]))
        continue;
      cau_xmpp_add_text_child (item, "group", groups[i]);
    }
  return iq;
}

/* Children inherit the roster namespace on the wire; built in code, they
 * have none. */
static gboolean
is_roster_element (xmpp_stanza_t *stanza,
                   const char    *name)
{
  return cau_xep_is_element (stanza, name, CAU_NS_ROSTER) ||
         cau_xep_is_element (stanza, name, NULL);
}

static const char *
read_subscription (const char *value,
                   gboolean    push)
{
  for (guint i = 0; subscriptions[i] != NULL; i++)
    {
      if (g_strcmp0 (value, subscriptions[i]) == 0)
        return subscriptions[i];
    }
  /* "remove" only makes sense in a push; anything unknown is "none". */
  if (push && g_strcmp0 (value, "remove") == 0)
    return "remove";
  return "none";
}

/* An <item/>, or NULL if its JID is not a valid bare JID. */
static CauXmppRosterItem *
read_item (xmpp_stanza_t *element,
           gboolean       push)
{
  g_autoptr(CauXmppRosterItem) item = NULL;
  g_autoptr(GPtrArray) groups = NULL;
  g_autofree char *jid = NULL;
  g_autofree char *resource = NULL;
  const char *name;

  jid = cau_xmpp_jid_normalize_bare (xmpp_stanza_get_attribute (element, "jid"), &resource);
  if (jid == NULL || resource != NULL)
    return NULL;

  item = cau_xmpp_roster_item_new ();
  item->jid = g_steal_pointer (&jid);
  name = xmpp_stanza_get_attribute (element, "name");
  if (name != NULL && *name != '\0')
    item->name = cau_xep_dup_valid (name);
  g_free (item->subscription);
  item->subscription = g_strdup (read_subscription (xmpp_stanza_get_attribute (element,
                                                                               "subscription"),
                                                    push));
  item->ask = g_strcmp0 (xmpp_stanza_get_attribute (element, "ask"), "subscribe") == 0;

  groups = g_ptr_array_new_with_free_func (g_free);
  for (xmpp_stanza_t *c = xmpp_stanza_get_children (element); c; c = xmpp_stanza_get_next (c))
    {
      g_autofree char *group = NULL;
      gboolean known = FALSE;

      if (!is_roster_element (c, "group"))
        continue;
      group = cau_xep_element_text (c);
      if (group == NULL)
        continue;
      for (guint i = 0; i < groups->len && !known; i++)
        known = g_str_equal (g_ptr_array_index (groups, i), group);
      if (!known)
        g_ptr_array_add (groups, g_steal_pointer (&group));
    }
  g_ptr_array_add (groups, NULL);
  g_strfreev (item->groups);
  item->groups = (char **) g_ptr_array_free (g_steal_pointer (&groups), FALSE);

  return g_steal_pointer (&item);
}

/**
 * cau_xmpp_parse_roster:
 * @iq: a roster result or push
 * @own_jid: our bound JID
 * @ver: (out) (optional) (nullable) (transfer full): the roster version
 * @is_empty_result: (out) (optional): whether @iq is a result without a
 *   query: the roster we hold is current
 * @why: (out) (optional) (transfer none): why the result is %NULL
 *
 * Returns: (transfer full) (nullable) (element-type CauXmppRosterItem):
 *   the items, or %NULL if @iq is not to be taken in
 */
GPtrArray *
cau_xmpp_parse_roster (xmpp_stanza_t  *iq,
                       const char     *own_jid,
                       char          **ver,
                       gboolean       *is_empty_result,
                       const char    **why)
{
  g_autoptr(GPtrArray) items = NULL;
  g_autofree char *own_bare = NULL;
  xmpp_stanza_t *query;
  const char *type, *from;
  gboolean push;
  guint n_items = 0;

  if (ver != NULL)
    *ver = NULL;
  if (is_empty_result != NULL)
    *is_empty_result = FALSE;
  cau_xep_set_why (why, NULL);
  g_return_val_if_fail (iq != NULL, NULL);
  g_return_val_if_fail (own_jid != NULL, NULL);

  own_bare = cau_xmpp_jid_normalize_bare (own_jid, NULL);
  if (own_bare == NULL)
    {
      cau_xep_set_why (why, "our own JID is invalid");
      return NULL;
    }
  if (g_strcmp0 (xmpp_stanza_get_name (iq), "iq") != 0)
    {
      cau_xep_set_why (why, "not an iq");
      return NULL;
    }

  type = xmpp_stanza_get_type (iq);
  if (g_strcmp0 (type, "set") == 0)
    push = TRUE;
  else if (g_strcmp0 (type, "result") == 0)
    push = FALSE;
  else
    {
      cau_xep_set_why (why, "neither a roster result nor a push");
      return NULL;
    }

  /* RFC 6121 §2.1.6: a push is from our account or from no one (the
   * server); any other would let a stranger edit our contacts. A result
   * answers our own request, which went to our account. */
  from = xmpp_stanza_get_from (iq);
  if (from != NULL)
    {
      g_autofree char *from_bare = cau_xmpp_jid_normalize_bare (from, NULL);

      if (push ? !cau_xep_jid_is_exactly (from, own_bare) : g_strcmp0 (from_bare, own_bare) != 0)
        {
          cau_xep_set_why (why, push ? "roster push from a stranger" : "roster result from a stranger");
          return NULL;
        }
    }

  query = xmpp_stanza_get_child_by_name_and_ns (iq, "query", CAU_NS_ROSTER);
  items = g_ptr_array_new_with_free_func ((GDestroyNotify) cau_xmpp_roster_item_free);
  if (query == NULL)
    {
      if (push)
        {
          cau_xep_set_why (why, "roster push without a query");
          return NULL;
        }
      /* RFC 6121 §2.6.3: nothing changed since the version we sent. */
      if (is_empty_result != NULL)
        *is_empty_result = TRUE;
      return g_steal_pointer (&items);
    }

  for (xmpp_stanza_t *c = xmpp_stanza_get_children (query); c; c = xmpp_stanza_get_next (c))
    {
      CauXmppRosterItem *item;

      if (!is_roster_element (c, "item"))
        continue;
      n_items++;
      /* A push carries one item; stop reading a hostile one early. */
      if (push && n_items > 1)
        break;
      item = read_item (c, push);
      if (item != NULL)
        g_ptr_array_add (items, item);
    }

  if (push && n_items != 1)
    {
      cau_xep_set_why (why, "roster push without exactly one item");
      return NULL;
    }
  if (push && items->len != 1)
    {
      cau_xep_set_why (why, "roster push with an invalid JID");
      return NULL;
    }

  if (ver != NULL)
    *ver = cau_xep_dup_valid (xmpp_stanza_get_attribute (query, "ver"));
  return g_steal_pointer (&items);
}

/**
 * cau_xmpp_parse_nick:
 * @presence: a presence, typically a subscription request
 *
 * Returns: (transfer full) (nullable): the nickname the sender gives
 *   itself (XEP-0172), trimmed, or %NULL when there is none
 */
char *
cau_xmpp_parse_nick (xmpp_stanza_t *presence)
{
  xmpp_stanza_t *nick;
  g_autofree char *text = NULL;

  g_return_val_if_fail (presence != NULL, NULL);

  nick = xmpp_stanza_get_child_by_name_and_ns (presence, "nick", CAU_NS_NICK);
  if (nick == NULL || (text = cau_xep_element_text (nick)) == NULL)
    return NULL;
  g_strstrip (text);
  if (*text == '\0')
    return NULL;
  if (g_utf8_strlen (text, -1) > CAU_XMPP_MAX_NICK)
    *g_utf8_offset_to_pointer (text, CAU_XMPP_MAX_NICK) = '\0';
  return g_steal_pointer (&text);
}
