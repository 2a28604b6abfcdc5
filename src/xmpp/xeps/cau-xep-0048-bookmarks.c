/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-xep-0048-bookmarks.h"
#include "cau-xep-0402-bookmarks.h"
#include "cau-xep-stanza-private.h"
#include "xmpp/cau-jid.h"
#include "xmpp/cau-xmpp-utils.h"

#include <string.h>

gboolean
cau_xmpp_parse_bookmarks_compat (xmpp_stanza_t *iq)
{
  xmpp_stanza_t *query;

  g_return_val_if_fail (iq != NULL, FALSE);

  query = xmpp_stanza_get_child_by_name_and_ns (iq, "query", CAU_NS_DISCO_INFO);
  if (g_strcmp0 (xmpp_stanza_get_type (iq), "result") != 0 || query == NULL)
    return FALSE;
  for (xmpp_stanza_t *c = xmpp_stanza_get_children (query); c; c = xmpp_stanza_get_next (c))
    if (xmpp_stanza_is_tag (c) && g_strcmp0 (xmpp_stanza_get_name (c), "feature") == 0 &&
        g_strcmp0 (xmpp_stanza_get_attribute (c, "var"), CAU_FEATURE_BOOKMARKS_COMPAT) == 0)
      return TRUE;
  return FALSE;
}

/* Builders. */

static xmpp_stanza_t *
new_storage (xmpp_ctx_t *ctx)
{
  xmpp_stanza_t *storage = xmpp_stanza_new (ctx);

  xmpp_stanza_set_name (storage, "storage");
  xmpp_stanza_set_ns (storage, CAU_NS_LEGACY_BOOKMARKS);
  return storage;
}

xmpp_stanza_t *
cau_xmpp_build_legacy_bookmarks_fetch (xmpp_ctx_t *ctx,
                                       const char *iq_id)
{
  xmpp_stanza_t *iq, *query;

  g_return_val_if_fail (ctx != NULL && iq_id != NULL, NULL);

  iq = xmpp_iq_new (ctx, "get", iq_id);
  query = cau_xep_add_element (iq, "query", CAU_NS_PRIVATE);
  cau_xep_add_element (query, "storage", CAU_NS_LEGACY_BOOKMARKS);
  return iq;
}

xmpp_stanza_t *
cau_xmpp_build_legacy_bookmarks_store (xmpp_ctx_t    *ctx,
                                       const char    *iq_id,
                                       xmpp_stanza_t *storage)
{
  xmpp_stanza_t *iq, *query;

  g_return_val_if_fail (ctx != NULL && iq_id != NULL && storage != NULL, NULL);

  iq = xmpp_iq_new (ctx, "set", iq_id);
  query = cau_xep_add_element (iq, "query", CAU_NS_PRIVATE);
  xmpp_stanza_add_child_ex (query, xmpp_stanza_copy (storage), 0);
  return iq;
}

/* Parsers. */

/* The room a <conference/> is about (its jid, a bare JID), or NULL. */
static char *
conference_room (xmpp_stanza_t *conference)
{
  g_autofree char *resource = NULL;
  g_autofree char *room = NULL;
  const char *jid = xmpp_stanza_get_attribute (conference, "jid");

  if (jid == NULL)
    return NULL;
  room = cau_xmpp_jid_normalize_bare (jid, &resource);
  if (room == NULL || resource != NULL || strchr (room, '@') == NULL)
    return NULL;
  return g_steal_pointer (&room);
}

static gboolean
is_conference (xmpp_stanza_t *c)
{
  return xmpp_stanza_is_tag (c) && g_strcmp0 (xmpp_stanza_get_name (c), "conference") == 0;
}

static gboolean
is_true (const char *value)
{
  return g_strcmp0 (value, "true") == 0 || g_strcmp0 (value, "1") == 0;
}

static CauXmppBookmark *
read_conference (xmpp_stanza_t *conference)
{
  g_autofree char *room = conference_room (conference);
  CauXmppBookmark *bookmark;

  if (room == NULL)
    return NULL;
  bookmark = cau_xmpp_bookmark_new (room);
  bookmark->name = cau_xep_dup_valid (xmpp_stanza_get_attribute (conference, "name"));
  bookmark->autojoin = is_true (xmpp_stanza_get_attribute (conference, "autojoin"));
  bookmark->nick = cau_xep_element_text (xmpp_stanza_get_child_by_name (conference, "nick"));
  bookmark->password = cau_xep_element_text (xmpp_stanza_get_child_by_name (conference,
                                                                            "password"));
  return bookmark;
}

GPtrArray *
cau_xmpp_parse_legacy_bookmarks_result (xmpp_stanza_t  *iq,
                                        const char     *own_bare,
                                        xmpp_stanza_t **storage,
                                        const char    **why)
{
  const char *from = xmpp_stanza_get_from (iq);
  g_autoptr(GPtrArray) bookmarks = NULL;
  xmpp_stanza_t *query, *found;

  g_return_val_if_fail (iq != NULL && own_bare != NULL && storage != NULL, NULL);

  *storage = NULL;
  if (from != NULL && !cau_xep_jid_is_exactly (from, own_bare))
    {
      cau_xep_set_why (why, "not from our own account");
      return NULL;
    }
  if (g_strcmp0 (xmpp_stanza_get_type (iq), "result") != 0)
    {
      cau_xep_set_why (why, "an error");
      return NULL;
    }
  query = xmpp_stanza_get_child_by_name_and_ns (iq, "query", CAU_NS_PRIVATE);
  if (query == NULL)
    {
      cau_xep_set_why (why, "not a private storage result");
      return NULL;
    }

  bookmarks = g_ptr_array_new_with_free_func ((GDestroyNotify) cau_xmpp_bookmark_free);
  found = xmpp_stanza_get_child_by_name_and_ns (query, "storage", CAU_NS_LEGACY_BOOKMARKS);
  /* Nothing stored yet: an empty <storage/>, or none at all. */
  if (found == NULL)
    {
      *storage = new_storage (xmpp_stanza_get_context (iq));
      return g_steal_pointer (&bookmarks);
    }
  for (xmpp_stanza_t *c = xmpp_stanza_get_children (found);
       c != NULL && bookmarks->len < CAU_XMPP_BOOKMARKS_MAX; c = xmpp_stanza_get_next (c))
    {
      CauXmppBookmark *bookmark = is_conference (c) ? read_conference (c) : NULL;

      if (bookmark != NULL)
        g_ptr_array_add (bookmarks, bookmark);
    }
  *storage = xmpp_stanza_copy (found);
  return g_steal_pointer (&bookmarks);
}

/* Editing. */

static gboolean
is_about (xmpp_stanza_t *c,
          const char    *room)
{
  g_autofree char *about = NULL;

  if (!is_conference (c))
    return FALSE;
  about = conference_room (c);
  return g_strcmp0 (about, room) == 0;
}

static xmpp_stanza_t *
build_conference (xmpp_ctx_t            *ctx,
                  const CauXmppBookmark *bookmark,
                  xmpp_stanza_t         *old)
{
  xmpp_stanza_t *conference = xmpp_stanza_new (ctx);

  xmpp_stanza_set_name (conference, "conference");
  xmpp_stanza_set_attribute (conference, "jid", bookmark->room);
  if (bookmark->name != NULL)
    xmpp_stanza_set_attribute (conference, "name", bookmark->name);
  xmpp_stanza_set_attribute (conference, "autojoin", bookmark->autojoin ? "true" : "false");
  if (bookmark->nick != NULL)
    cau_xmpp_add_text_child (conference, "nick", bookmark->nick);
  if (bookmark->password != NULL)
    cau_xmpp_add_text_child (conference, "password", bookmark->password);
  for (xmpp_stanza_t *c = old != NULL ? xmpp_stanza_get_children (old) : NULL; c != NULL;
       c = xmpp_stanza_get_next (c))
    {
      const char *name = xmpp_stanza_is_tag (c) ? xmpp_stanza_get_name (c) : NULL;

      if (name != NULL && g_strcmp0 (name, "nick") != 0 && g_strcmp0 (name, "password") != 0)
        xmpp_stanza_add_child_ex (conference, xmpp_stanza_copy (c), 0);
    }
  return conference;
}

/* `storage` copied, with the <conference/> of `room` replaced by `bookmark` (NULL: left out);
 * a bookmark of a room not there is added at the end. */
static xmpp_stanza_t *
edit (xmpp_stanza_t         *storage,
      const char            *room,
      const CauXmppBookmark *bookmark)
{
  xmpp_ctx_t *ctx = xmpp_stanza_get_context (storage);
  xmpp_stanza_t *edited = new_storage (ctx);
  g_autofree char *normal = cau_xmpp_jid_normalize_bare (room, NULL);
  gboolean done = FALSE;

  if (normal != NULL)
    room = normal;
  for (xmpp_stanza_t *c = xmpp_stanza_get_children (storage); c; c = xmpp_stanza_get_next (c))
    {
      if (!is_about (c, room))
        xmpp_stanza_add_child_ex (edited, xmpp_stanza_copy (c), 0);
      else if (bookmark != NULL && !done)
        xmpp_stanza_add_child_ex (edited, build_conference (ctx, bookmark, c), 0);
      /* Two of the same room: one stays. */
      done = done || is_about (c, room);
    }
  if (bookmark != NULL && !done)
    xmpp_stanza_add_child_ex (edited, build_conference (ctx, bookmark, NULL), 0);
  return edited;
}

xmpp_stanza_t *
cau_xmpp_legacy_bookmarks_with (xmpp_stanza_t         *storage,
                                const CauXmppBookmark *bookmark)
{
  g_return_val_if_fail (storage != NULL && bookmark != NULL && bookmark->room != NULL, NULL);

  return edit (storage, bookmark->room, bookmark);
}

xmpp_stanza_t *
cau_xmpp_legacy_bookmarks_without (xmpp_stanza_t *storage,
                                   const char    *room)
{
  g_return_val_if_fail (storage != NULL && room != NULL, NULL);

  return edit (storage, room, NULL);
}
