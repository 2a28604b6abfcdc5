/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-xep-0030-services.h"
#include "cau-xep-0045-muc.h"
#include "cau-xep-stanza-private.h"
#include "xmpp/cau-jid.h"
#include "xmpp/cau-xmpp-utils.h"

#include <string.h>

#define NS_DISCO_ITEMS "http://jabber.org/protocol/disco#items"

xmpp_stanza_t *
cau_xmpp_build_disco_items_get (xmpp_ctx_t *ctx,
                                const char *iq_id,
                                const char *to)
{
  xmpp_stanza_t *iq;

  g_return_val_if_fail (ctx != NULL && iq_id != NULL && to != NULL, NULL);

  iq = xmpp_iq_new (ctx, "get", iq_id);
  xmpp_stanza_set_to (iq, to);
  cau_xep_add_element (iq, "query", NS_DISCO_ITEMS);
  return iq;
}

/* A child of a query, its namespace the query's (said, or inherited). */
static gboolean
is_child (xmpp_stanza_t *c,
          const char    *name,
          const char    *ns)
{
  const char *its = xmpp_stanza_is_tag (c) ? xmpp_stanza_get_ns (c) : NULL;

  return xmpp_stanza_is_tag (c) && g_strcmp0 (xmpp_stanza_get_name (c), name) == 0 &&
         (its == NULL || g_str_equal (its, ns));
}

/* The query of a result from exactly `from`, or NULL. */
static xmpp_stanza_t *
result_query (xmpp_stanza_t *iq,
              const char    *from,
              const char    *ns)
{
  if (g_strcmp0 (xmpp_stanza_get_type (iq), "result") != 0 ||
      !cau_xep_jid_is_exactly (xmpp_stanza_get_from (iq), from))
    return NULL;
  return xmpp_stanza_get_child_by_name_and_ns (iq, "query", ns);
}

GPtrArray *
cau_xmpp_parse_disco_services (xmpp_stanza_t  *iq,
                               const char     *from,
                               const char    **why)
{
  g_autoptr(GPtrArray) services = NULL;
  xmpp_stanza_t *query;

  g_return_val_if_fail (iq != NULL && from != NULL, NULL);

  query = result_query (iq, from, NS_DISCO_ITEMS);
  if (query == NULL)
    {
      cau_xep_set_why (why, "not a disco#items result from the server");
      return NULL;
    }
  services = g_ptr_array_new_with_free_func (g_free);
  for (xmpp_stanza_t *c = xmpp_stanza_get_children (query);
       c != NULL && services->len < CAU_XMPP_DISCO_MAX_SERVICES; c = xmpp_stanza_get_next (c))
    {
      const char *jid;
      g_autofree char *normalized = NULL;

      if (!is_child (c, "item", NS_DISCO_ITEMS) ||
          xmpp_stanza_get_attribute (c, "node") != NULL)
        continue;
      jid = xmpp_stanza_get_attribute (c, "jid");
      normalized = jid != NULL ? cau_xmpp_jid_normalize_bare (jid, NULL) : NULL;
      /* A service is a domain: no local part, no resource. */
      if (normalized == NULL || strchr (normalized, '@') != NULL || strchr (jid, '/') != NULL)
        continue;
      g_ptr_array_add (services, g_steal_pointer (&normalized));
    }
  return g_steal_pointer (&services);
}

gboolean
cau_xmpp_parse_is_room_service (xmpp_stanza_t *iq,
                                const char    *from)
{
  xmpp_stanza_t *query;
  gboolean conference = FALSE;
  gboolean muc = FALSE;

  g_return_val_if_fail (iq != NULL && from != NULL, FALSE);

  query = result_query (iq, from, CAU_NS_DISCO_INFO);
  if (query == NULL)
    return FALSE;
  for (xmpp_stanza_t *c = xmpp_stanza_get_children (query); c; c = xmpp_stanza_get_next (c))
    {
      if (is_child (c, "identity", CAU_NS_DISCO_INFO))
        conference |= g_strcmp0 (xmpp_stanza_get_attribute (c, "category"), "conference") == 0 &&
                      g_strcmp0 (xmpp_stanza_get_attribute (c, "type"), "text") == 0;
      else if (is_child (c, "feature", CAU_NS_DISCO_INFO))
        muc |= g_strcmp0 (xmpp_stanza_get_attribute (c, "var"), CAU_NS_MUC) == 0;
    }
  return conference && muc;
}
