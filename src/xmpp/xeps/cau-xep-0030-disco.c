/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-xeps.h"
#include "cau-xep-stanza-private.h"
#include "xmpp/cau-xmpp-stream-private.h"
#include "xmpp/cau-xmpp-utils.h"
#include "xmpp/cau-jid.h"

#include <string.h>

/*
 * Service discovery (XEP-0030) and entity capabilities (XEP-0115).
 * We answer disco#info about ourselves, ask the server what it offers
 * once per stream, and learn what contacts' clients can do from the caps
 * in their presence: an unknown ver is asked for once, checked against its
 * hash, and cached engine-wide (and by the model in the store).
 */

#define MAX_PENDING_CAPS 32
#define MAX_DISCO_ITEMS 256

typedef struct {
  CauXmppEngine *engine;
  CauXmppStream *stream;
  char          *ver;
} CapsQuery;

static GHashTable *pending_vers;    /* engine thread only: ver → TRUE */
static GPtrArray  *pending_queries; /* engine thread only: CapsQuery */

static void
caps_query_free (CapsQuery *query)
{
  g_hash_table_remove (pending_vers, query->ver);
  g_free (query->ver);
  g_free (query);
}

/**
 * cau_xmpp_caps_forget_stream:
 * @stream: a stream about to be freed
 *
 * Drops the queries still waiting for an answer on @stream: their handlers
 * go with its connection, and their vers may be asked again elsewhere.
 */
void
cau_xmpp_caps_forget_stream (CauXmppStream *stream)
{
  for (guint i = pending_queries ? pending_queries->len : 0; i > 0; i--)
    {
      CapsQuery *query = g_ptr_array_index (pending_queries, i - 1);

      if (query->stream == stream)
        g_ptr_array_remove_index_fast (pending_queries, i - 1);
    }
}

void
cau_xmpp_disco_answer_info (xmpp_conn_t   *conn,
                            xmpp_stanza_t *iq,
                            const char    *caps_ver)
{
  xmpp_ctx_t *ctx = xmpp_conn_get_context (conn);
  xmpp_stanza_t *query = xmpp_stanza_get_child_by_name_and_ns (iq, "query", CAU_NS_DISCO_INFO);
  const char *node = xmpp_stanza_get_attribute (query, "node");
  g_autofree char *own_node = g_strconcat (CAU_CAPS_NODE, "#", caps_ver, NULL);
  xmpp_stanza_t *reply, *answer, *identity;

  if (node != NULL && g_strcmp0 (node, own_node) != 0)
    {
      reply = xmpp_stanza_reply_error (iq, "cancel", "item-not-found", NULL);
      xmpp_send (conn, reply);
      xmpp_stanza_release (reply);
      return;
    }

  reply = xmpp_stanza_reply (iq);
  xmpp_stanza_set_type (reply, "result");
  answer = cau_xmpp_child_new (ctx, "query", CAU_NS_DISCO_INFO);
  if (node != NULL)
    xmpp_stanza_set_attribute (answer, "node", node);

  identity = cau_xmpp_child_new (ctx, "identity", NULL);
  xmpp_stanza_set_attribute (identity, "category", "client");
  xmpp_stanza_set_attribute (identity, "type", "pc");
  xmpp_stanza_set_attribute (identity, "name", "Causerie");
  xmpp_stanza_add_child (answer, identity);
  xmpp_stanza_release (identity);

  for (const char * const *f = cau_xmpp_own_features (); *f; f++)
    {
      xmpp_stanza_t *feature = cau_xmpp_child_new (ctx, "feature", NULL);

      xmpp_stanza_set_attribute (feature, "var", *f);
      xmpp_stanza_add_child (answer, feature);
      xmpp_stanza_release (feature);
    }

  xmpp_stanza_add_child (reply, answer);
  xmpp_stanza_release (answer);
  xmpp_send (conn, reply);
  xmpp_stanza_release (reply);
}

/* Collects identities and features of a disco#info result. Returns FALSE
 * when the answer breaks XEP-0115 §5.4 (duplicates) or is oversized. */
static gboolean
parse_info (xmpp_stanza_t  *query,
            GPtrArray      *identities,
            GPtrArray      *features)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (xmpp_stanza_t *c = xmpp_stanza_get_children (query); c; c = xmpp_stanza_get_next (c))
    {
      const char *name = xmpp_stanza_get_name (c);

      if (!xmpp_stanza_is_tag (c))
        continue;
      if (identities->len + features->len > MAX_DISCO_ITEMS)
        return FALSE;

      if (g_strcmp0 (name, "identity") == 0)
        {
          const char *category = xmpp_stanza_get_attribute (c, "category");
          const char *type = xmpp_stanza_get_attribute (c, "type");
          const char *lang = xmpp_stanza_get_attribute (c, "xml:lang");
          const char *iname = xmpp_stanza_get_attribute (c, "name");

          if (category == NULL || type == NULL)
            return FALSE;
          g_ptr_array_add (identities, g_strdup_printf ("%s/%s/%s/%s", category, type,
                                                        lang ? lang : "", iname ? iname : ""));
        }
      else if (g_strcmp0 (name, "feature") == 0)
        {
          const char *var = xmpp_stanza_get_attribute (c, "var");

          if (var == NULL || !g_utf8_validate (var, -1, NULL))
            return FALSE;
          if (!g_hash_table_add (seen, (gpointer) var))
            return FALSE;
          g_ptr_array_add (features, g_strdup (var));
        }
    }

  g_ptr_array_add (identities, NULL);
  g_ptr_array_add (features, NULL);
  return TRUE;
}

static int
server_info_cb (xmpp_conn_t   *conn,
                xmpp_stanza_t *stanza,
                void          *userdata)
{
  CauXmppStream *stream = userdata;
  g_autoptr(GPtrArray) identities = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) features = g_ptr_array_new_with_free_func (g_free);
  xmpp_stanza_t *query = xmpp_stanza_get_child_by_name_and_ns (stanza, "query",
                                                               CAU_NS_DISCO_INFO);

  if (g_strcmp0 (xmpp_stanza_get_type (stanza), "result") != 0 || query == NULL)
    return 0;
  if (!parse_info (query, identities, features))
    return 0;

  g_ptr_array_set_free_func (features, NULL);
  cau_xmpp_stream_post_server_features (stream, (char **) g_ptr_array_free (g_steal_pointer (&features), FALSE));
  return 0;
}

/**
 * cau_xmpp_build_disco_info_get:
 * @ctx: the context
 * @iq_id: the iq's id
 * @to: whom to ask
 *
 * Returns: (transfer full): a disco#info request (XEP-0030 §3.1)
 */
xmpp_stanza_t *
cau_xmpp_build_disco_info_get (xmpp_ctx_t *ctx,
                               const char *iq_id,
                               const char *to)
{
  xmpp_stanza_t *iq;

  g_return_val_if_fail (ctx != NULL && iq_id != NULL && to != NULL, NULL);

  iq = xmpp_iq_new (ctx, "get", iq_id);
  xmpp_stanza_set_to (iq, to);
  cau_xep_add_element (iq, "query", CAU_NS_DISCO_INFO);
  return iq;
}

/**
 * cau_xmpp_disco_query_server:
 * @conn: the connection, online
 * @stream: the stream to report to
 *
 * Asks the account's server what it supports (XEP-0030).
 */
void
cau_xmpp_disco_query_server (xmpp_conn_t   *conn,
                             CauXmppStream *stream)
{
  xmpp_ctx_t *ctx = xmpp_conn_get_context (conn);
  g_autofree char *id = cau_xmpp_new_id ();
  g_autofree char *domain = cau_jid_domain (xmpp_conn_get_jid (conn));
  xmpp_stanza_t *iq = cau_xmpp_build_disco_info_get (ctx, id, domain);

  xmpp_id_handler_add (conn, server_info_cb, id, stream);
  xmpp_send (conn, iq);
  xmpp_stanza_release (iq);
}

static int
caps_info_cb (xmpp_conn_t   *conn,
              xmpp_stanza_t *stanza,
              void          *userdata)
{
  CapsQuery *query_data = userdata;
  g_autoptr(GPtrArray) identities = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) features = g_ptr_array_new_with_free_func (g_free);
  xmpp_stanza_t *query = xmpp_stanza_get_child_by_name_and_ns (stanza, "query",
                                                               CAU_NS_DISCO_INFO);

  if (g_strcmp0 (xmpp_stanza_get_type (stanza), "result") == 0 && query != NULL &&
      xmpp_stanza_get_child_by_ns (query, CAU_NS_DATA_FORMS) == NULL &&
      parse_info (query, identities, features))
    {
      g_autofree char *ver = cau_xmpp_caps_compute_ver ((const char * const *) identities->pdata,
                                                        (const char * const *) features->pdata);

      /* Only a hash that matches may be shared with other contacts. */
      if (g_strcmp0 (ver, query_data->ver) == 0)
        {
          cau_xmpp_engine_add_known_caps (query_data->engine, ver,
                                          (const char * const *) features->pdata);
          g_ptr_array_set_free_func (features, NULL);
          cau_xmpp_stream_post_caps (query_data->stream, ver,
                                     (char **) g_ptr_array_free (g_steal_pointer (&features), FALSE));
        }
    }

  g_ptr_array_remove_fast (pending_queries, query_data);
  return 0;
}

/**
 * cau_xmpp_caps_handle_presence:
 * @conn: the connection
 * @presence: an incoming presence
 * @engine: the engine holding the caps cache
 * @stream: the stream to report to
 *
 * Asks an unknown SHA-1 caps ver once; the answer is verified before
 * it is cached. Legacy caps without a hash are ignored.
 */
void
cau_xmpp_caps_handle_presence (xmpp_conn_t   *conn,
                               xmpp_stanza_t *presence,
                               CauXmppEngine *engine,
                               CauXmppStream *stream)
{
  xmpp_ctx_t *ctx = xmpp_conn_get_context (conn);
  xmpp_stanza_t *c = xmpp_stanza_get_child_by_name_and_ns (presence, "c", CAU_NS_CAPS);
  const char *from = xmpp_stanza_get_from (presence);
  const char *hash, *node, *ver;
  g_autofree char *id = NULL;
  g_autofree char *query_node = NULL;
  xmpp_stanza_t *iq;
  CapsQuery *data;

  /* Our own presence comes back to us: nothing to learn there. */
  if (c == NULL || from == NULL || xmpp_stanza_get_type (presence) != NULL ||
      g_strcmp0 (from, xmpp_conn_get_bound_jid (conn)) == 0)
    return;

  hash = xmpp_stanza_get_attribute (c, "hash");
  node = xmpp_stanza_get_attribute (c, "node");
  ver = xmpp_stanza_get_attribute (c, "ver");
  if (g_strcmp0 (hash, "sha-1") != 0 || node == NULL || ver == NULL || strlen (ver) > 64)
    return;

  if (pending_vers == NULL)
    {
      pending_vers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      pending_queries = g_ptr_array_new_with_free_func ((GDestroyNotify) caps_query_free);
    }
  if (cau_xmpp_engine_has_caps (engine, ver) || g_hash_table_contains (pending_vers, ver) ||
      g_hash_table_size (pending_vers) >= MAX_PENDING_CAPS)
    return;

  g_hash_table_add (pending_vers, g_strdup (ver));
  id = cau_xmpp_new_id ();
  query_node = g_strconcat (node, "#", ver, NULL);
  iq = cau_xmpp_build_disco_info_get (ctx, id, from);
  xmpp_stanza_set_attribute (xmpp_stanza_get_children (iq), "node", query_node);

  data = g_new0 (CapsQuery, 1);
  data->engine = engine;
  data->stream = stream;
  data->ver = g_strdup (ver);
  g_ptr_array_add (pending_queries, data);
  xmpp_id_handler_add (conn, caps_info_cb, id, data);
  xmpp_send (conn, iq);
  xmpp_stanza_release (iq);
}
