/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-xep-0402-bookmarks.h"
#include "cau-xep-stanza-private.h"
#include "xmpp/cau-jid.h"
#include "xmpp/cau-xmpp-utils.h"

#include <string.h>

CauXmppBookmark *
cau_xmpp_bookmark_new (const char *room)
{
  CauXmppBookmark *bookmark = g_new0 (CauXmppBookmark, 1);

  bookmark->room = g_strdup (room);
  return bookmark;
}

CauXmppBookmark *
cau_xmpp_bookmark_copy (const CauXmppBookmark *bookmark)
{
  CauXmppBookmark *copy;

  g_return_val_if_fail (bookmark != NULL, NULL);

  copy = cau_xmpp_bookmark_new (bookmark->room);
  copy->name = g_strdup (bookmark->name);
  copy->nick = g_strdup (bookmark->nick);
  copy->password = g_strdup (bookmark->password);
  copy->autojoin = bookmark->autojoin;
  copy->extensions = g_strdup (bookmark->extensions);
  copy->retracted = bookmark->retracted;
  return copy;
}

void
cau_xmpp_bookmark_free (CauXmppBookmark *bookmark)
{
  if (bookmark == NULL)
    return;
  g_free (bookmark->room);
  g_free (bookmark->name);
  g_free (bookmark->nick);
  g_free (bookmark->password);
  g_free (bookmark->extensions);
  g_free (bookmark);
}

/* Builders. */

xmpp_stanza_t *
cau_xmpp_build_bookmarks_fetch (xmpp_ctx_t *ctx,
                                const char *iq_id)
{
  xmpp_stanza_t *items;

  g_return_val_if_fail (ctx != NULL && iq_id != NULL, NULL);

  return cau_xep_build_pubsub_items_get (ctx, iq_id, NULL, CAU_NS_BOOKMARKS, &items);
}

xmpp_stanza_t *
cau_xmpp_build_bookmark_publish (xmpp_ctx_t            *ctx,
                                 const char            *iq_id,
                                 const CauXmppBookmark *bookmark)
{
  xmpp_stanza_t *iq, *pubsub, *publish, *item, *conference;

  g_return_val_if_fail (ctx != NULL && iq_id != NULL && bookmark != NULL, NULL);
  g_return_val_if_fail (bookmark->room != NULL, NULL);

  iq = xmpp_iq_new (ctx, "set", iq_id);
  pubsub = cau_xep_add_element (iq, "pubsub", CAU_NS_PUBSUB);
  publish = cau_xep_add_element (pubsub, "publish", NULL);
  xmpp_stanza_set_attribute (publish, "node", CAU_NS_BOOKMARKS);
  item = cau_xep_add_element (publish, "item", NULL);
  xmpp_stanza_set_attribute (item, "id", bookmark->room);
  conference = cau_xep_add_element (item, "conference", CAU_NS_BOOKMARKS);
  if (bookmark->name != NULL)
    xmpp_stanza_set_attribute (conference, "name", bookmark->name);
  xmpp_stanza_set_attribute (conference, "autojoin", bookmark->autojoin ? "true" : "false");
  if (bookmark->nick != NULL)
    cau_xmpp_add_text_child (conference, "nick", bookmark->nick);
  if (bookmark->password != NULL)
    cau_xmpp_add_text_child (conference, "password", bookmark->password);
  if (bookmark->extensions != NULL)
    {
      /* Kept as other clients wrote it (§3.3). */
      xmpp_stanza_t *extensions = xmpp_stanza_new_from_string (ctx, bookmark->extensions);

      if (extensions != NULL)
        {
          xmpp_stanza_add_child (conference, extensions);
          xmpp_stanza_release (extensions);
        }
    }
  cau_xep_add_publish_options (pubsub,
                               "pubsub#persist_items", "true",
                               "pubsub#max_items", "max",
                               "pubsub#send_last_published_item", "never",
                               "pubsub#access_model", "whitelist",
                               NULL);
  return iq;
}

/**
 * cau_xmpp_build_bookmarks_configure:
 * @ctx: the context
 * @iq_id: the iq's id
 *
 * A node another client made with other options refuses our publish-options
 * (precondition-not-met, XEP-0060 §7.1.5): it is given the options §3.2 asks for (XEP-0060
 * §8.2.4), and the publication sent again.
 *
 * Returns: (transfer full): the configuration of our bookmarks node
 */
xmpp_stanza_t *
cau_xmpp_build_bookmarks_configure (xmpp_ctx_t *ctx,
                                    const char *iq_id)
{
  xmpp_stanza_t *iq, *pubsub, *configure, *form;

  g_return_val_if_fail (ctx != NULL && iq_id != NULL, NULL);

  iq = xmpp_iq_new (ctx, "set", iq_id);
  pubsub = cau_xep_add_element (iq, "pubsub", CAU_NS_PUBSUB "#owner");
  configure = cau_xep_add_element (pubsub, "configure", NULL);
  xmpp_stanza_set_attribute (configure, "node", CAU_NS_BOOKMARKS);
  form = cau_xep_add_element (configure, "x", CAU_NS_DATA_FORMS);
  xmpp_stanza_set_type (form, "submit");
  cau_xep_add_form_field (form, "FORM_TYPE", "hidden",
                          "http://jabber.org/protocol/pubsub#node_config");
  cau_xep_add_form_field (form, "pubsub#persist_items", NULL, "true");
  cau_xep_add_form_field (form, "pubsub#max_items", NULL, "max");
  cau_xep_add_form_field (form, "pubsub#send_last_published_item", NULL, "never");
  cau_xep_add_form_field (form, "pubsub#access_model", NULL, "whitelist");
  return iq;
}

xmpp_stanza_t *
cau_xmpp_build_bookmark_retract (xmpp_ctx_t *ctx,
                                 const char *iq_id,
                                 const char *room)
{
  xmpp_stanza_t *iq, *pubsub, *retract, *item;

  g_return_val_if_fail (ctx != NULL && iq_id != NULL && room != NULL, NULL);

  iq = xmpp_iq_new (ctx, "set", iq_id);
  pubsub = cau_xep_add_element (iq, "pubsub", CAU_NS_PUBSUB);
  retract = cau_xep_add_element (pubsub, "retract", NULL);
  xmpp_stanza_set_attribute (retract, "node", CAU_NS_BOOKMARKS);
  xmpp_stanza_set_attribute (retract, "notify", "true");
  item = cau_xep_add_element (retract, "item", NULL);
  xmpp_stanza_set_attribute (item, "id", room);
  return iq;
}

/* Parsers. */

static gboolean
is_true (const char *value)
{
  return g_strcmp0 (value, "true") == 0 || g_strcmp0 (value, "1") == 0;
}

/* A room's bare JID from an item id, or NULL. */
static char *
room_from_id (const char *id)
{
  g_autofree char *resource = NULL;
  g_autofree char *room = cau_xmpp_jid_normalize_bare (id, &resource);

  if (room == NULL || resource != NULL || strchr (room, '@') == NULL)
    return NULL;
  return g_steal_pointer (&room);
}

static char *
serialise (xmpp_stanza_t *element)
{
  char *text = NULL;
  size_t len = 0;
  char *copy;

  if (xmpp_stanza_to_text (element, &text, &len) != XMPP_EOK)
    return NULL;
  copy = len <= CAU_XMPP_BOOKMARK_MAX_EXTENSIONS ? g_strndup (text, len) : NULL;
  xmpp_free (xmpp_stanza_get_context (element), text);
  return copy;
}

static CauXmppBookmark *
read_item (xmpp_stanza_t *item)
{
  g_autoptr(CauXmppBookmark) bookmark = NULL;
  g_autofree char *room = room_from_id (xmpp_stanza_get_id (item));
  xmpp_stanza_t *conference = xmpp_stanza_get_child_by_name_and_ns (item, "conference",
                                                                    CAU_NS_BOOKMARKS);
  xmpp_stanza_t *extensions;

  if (room == NULL || conference == NULL)
    return NULL;
  bookmark = cau_xmpp_bookmark_new (room);
  bookmark->name = cau_xep_dup_valid (xmpp_stanza_get_attribute (conference, "name"));
  bookmark->autojoin = is_true (xmpp_stanza_get_attribute (conference, "autojoin"));
  bookmark->nick = cau_xep_element_text (xmpp_stanza_get_child_by_name (conference, "nick"));
  bookmark->password = cau_xep_element_text (xmpp_stanza_get_child_by_name (conference,
                                                                            "password"));
  extensions = xmpp_stanza_get_child_by_name (conference, "extensions");
  if (extensions != NULL)
    bookmark->extensions = serialise (extensions);
  return g_steal_pointer (&bookmark);
}

static GPtrArray *
read_items (xmpp_stanza_t *items)
{
  GPtrArray *bookmarks = g_ptr_array_new_with_free_func ((GDestroyNotify) cau_xmpp_bookmark_free);

  for (xmpp_stanza_t *c = xmpp_stanza_get_children (items);
       c != NULL && bookmarks->len < CAU_XMPP_BOOKMARKS_MAX; c = xmpp_stanza_get_next (c))
    {
      CauXmppBookmark *bookmark;

      if (!xmpp_stanza_is_tag (c) || g_strcmp0 (xmpp_stanza_get_name (c), "item") != 0)
        continue;
      bookmark = read_item (c);
      if (bookmark != NULL)
        g_ptr_array_add (bookmarks, bookmark);
    }
  return bookmarks;
}

GPtrArray *
cau_xmpp_parse_bookmarks_result (xmpp_stanza_t  *iq,
                                 const char     *own_bare,
                                 const char    **why)
{
  const char *from = xmpp_stanza_get_from (iq);
  xmpp_stanza_t *pubsub, *items;

  g_return_val_if_fail (iq != NULL && own_bare != NULL, NULL);

  if (from != NULL && !cau_xep_jid_is_exactly (from, own_bare))
    {
      cau_xep_set_why (why, "not from our own account");
      return NULL;
    }
  /* No node yet: no bookmarks. */
  if (g_strcmp0 (xmpp_stanza_get_type (iq), "error") == 0)
    {
      g_autofree char *condition = cau_xmpp_stanza_error_condition (iq, NULL);

      if (g_strcmp0 (condition, "item-not-found") == 0)
        return g_ptr_array_new_with_free_func ((GDestroyNotify) cau_xmpp_bookmark_free);
      cau_xep_set_why (why, "an error");
      return NULL;
    }
  pubsub = xmpp_stanza_get_child_by_name_and_ns (iq, "pubsub", CAU_NS_PUBSUB);
  items = pubsub != NULL ? xmpp_stanza_get_child_by_name (pubsub, "items") : NULL;
  if (g_strcmp0 (xmpp_stanza_get_type (iq), "result") != 0 || items == NULL ||
      g_strcmp0 (xmpp_stanza_get_attribute (items, "node"), CAU_NS_BOOKMARKS) != 0)
    {
      cau_xep_set_why (why, "not a result of the bookmarks node");
      return NULL;
    }
  return read_items (items);
}

gboolean
cau_xmpp_parse_bookmarks_event (xmpp_stanza_t  *message,
                                const char     *own_bare,
                                GPtrArray     **changed,
                                GPtrArray     **retracted,
                                const char    **why)
{
  xmpp_stanza_t *event = xmpp_stanza_get_child_by_name_and_ns (message, "event",
                                                               CAU_NS_PUBSUB_EVENT);
  xmpp_stanza_t *items = event != NULL ? xmpp_stanza_get_child_by_name (event, "items") : NULL;
  g_autoptr(GPtrArray) gone = NULL;

  g_return_val_if_fail (message != NULL && own_bare != NULL, FALSE);
  g_return_val_if_fail (changed != NULL && retracted != NULL, FALSE);

  *changed = NULL;
  *retracted = NULL;
  if (items == NULL || g_strcmp0 (xmpp_stanza_get_attribute (items, "node"), CAU_NS_BOOKMARKS) != 0)
    return FALSE;
  if (!cau_xep_jid_is_exactly (xmpp_stanza_get_from (message), own_bare))
    {
      cau_xep_set_why (why, "not from our own account");
      return FALSE;
    }

  gone = g_ptr_array_new_with_free_func (g_free);
  for (xmpp_stanza_t *c = xmpp_stanza_get_children (items);
       c != NULL && gone->len < CAU_XMPP_BOOKMARKS_MAX; c = xmpp_stanza_get_next (c))
    {
      char *room;

      if (!xmpp_stanza_is_tag (c) || g_strcmp0 (xmpp_stanza_get_name (c), "retract") != 0)
        continue;
      room = room_from_id (xmpp_stanza_get_id (c));
      if (room != NULL)
        g_ptr_array_add (gone, room);
    }
  *changed = read_items (items);
  *retracted = g_steal_pointer (&gone);
  return TRUE;
}
