/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-xep-0191-blocking.h"
#include "cau-xep-stanza-private.h"
#include "xmpp/cau-jid.h"
#include "xmpp/cau-xmpp-stream-private.h"
#include "xmpp/cau-xmpp-utils.h"

#include <string.h>

/*
 * Blocking Command (XEP-0191). The server does the blocking; we keep a
 * copy of the list for the model, which marks blocked contacts and shows
 * the list. Pushes change our account's settings, so, as roster pushes,
 * they are taken only from our own bare JID or from no one (the server).
 */

/* A block list is the person's own, but a hostile server could send one
 * without end: read this many addresses at most. */
#define BLOCKLIST_MAX 50000

char *
cau_xmpp_blocking_normalize (const char *jid)
{
  g_autofree char *resource = NULL;
  g_autofree char *bare = cau_xmpp_jid_normalize_bare (jid, &resource);

  if (bare == NULL)
    return NULL;
  if (resource != NULL)
    return g_strconcat (bare, "/", resource, NULL);
  return g_steal_pointer (&bare);
}

/**
 * cau_xmpp_build_blocklist_get:
 * @ctx: the context
 * @iq_id: the iq's id
 *
 * Returns: (transfer full): the request for our block list
 */
xmpp_stanza_t *
cau_xmpp_build_blocklist_get (xmpp_ctx_t *ctx,
                              const char *iq_id)
{
  xmpp_stanza_t *iq;

  g_return_val_if_fail (ctx != NULL, NULL);
  g_return_val_if_fail (iq_id != NULL, NULL);

  iq = xmpp_iq_new (ctx, "get", iq_id);
  cau_xep_add_element (iq, "blocklist", CAU_NS_BLOCKING);
  return iq;
}

/**
 * cau_xmpp_build_block:
 * @ctx: the context
 * @iq_id: the iq's id
 * @jids: (array zero-terminated=1): the addresses, at least one
 * @block: %TRUE to block them, %FALSE to unblock them
 *
 * Returns: (transfer full) (nullable): the command, %NULL without addresses
 */
xmpp_stanza_t *
cau_xmpp_build_block (xmpp_ctx_t         *ctx,
                      const char         *iq_id,
                      const char * const *jids,
                      gboolean            block)
{
  xmpp_stanza_t *iq, *command;

  g_return_val_if_fail (ctx != NULL, NULL);
  g_return_val_if_fail (iq_id != NULL, NULL);
  g_return_val_if_fail (jids != NULL && jids[0] != NULL, NULL);

  iq = xmpp_iq_new (ctx, "set", iq_id);
  command = cau_xep_add_element (iq, block ? "block" : "unblock", CAU_NS_BLOCKING);
  for (guint i = 0; jids[i] != NULL; i++)
    {
      xmpp_stanza_t *item = cau_xep_add_element (command, "item", NULL);

      xmpp_stanza_set_attribute (item, "jid", jids[i]);
    }
  return iq;
}

/* Children inherit the namespace on the wire; built in code, they have none. */
static gboolean
is_item (xmpp_stanza_t *stanza)
{
  return cau_xep_is_element (stanza, "item", CAU_NS_BLOCKING) ||
         cau_xep_is_element (stanza, "item", NULL);
}

/* The <blocklist/>, <block/> or <unblock/> child that makes `iq` ours. */
static xmpp_stanza_t *
find_command (xmpp_stanza_t        *iq,
              CauXmppBlocklistKind *kind)
{
  const char *type = xmpp_stanza_get_type (iq);
  xmpp_stanza_t *child;

  if (g_strcmp0 (type, "result") == 0)
    {
      *kind = CAU_XMPP_BLOCKLIST_FULL;
      return xmpp_stanza_get_child_by_name_and_ns (iq, "blocklist", CAU_NS_BLOCKING);
    }
  if (g_strcmp0 (type, "set") != 0)
    return NULL;

  if ((child = xmpp_stanza_get_child_by_name_and_ns (iq, "block", CAU_NS_BLOCKING)) != NULL)
    {
      *kind = CAU_XMPP_BLOCKLIST_BLOCK;
      return child;
    }
  if ((child = xmpp_stanza_get_child_by_name_and_ns (iq, "unblock", CAU_NS_BLOCKING)) != NULL)
    {
      *kind = CAU_XMPP_BLOCKLIST_UNBLOCK;
      return child;
    }
  return NULL;
}

/**
 * cau_xmpp_parse_blocklist:
 * @iq: a block list result or push
 * @own_jid: our bound JID
 * @kind: (out): what @iq says
 * @why: (out) (optional) (transfer none): why the result is %NULL
 *
 * Returns: (transfer full) (nullable) (element-type utf8): the addresses,
 *   or %NULL if @iq is not to be taken in
 */
GPtrArray *
cau_xmpp_parse_blocklist (xmpp_stanza_t         *iq,
                          const char            *own_jid,
                          CauXmppBlocklistKind  *kind,
                          const char           **why)
{
  g_autoptr(GPtrArray) jids = NULL;
  g_autoptr(GHashTable) seen = NULL;
  g_autofree char *own_bare = NULL;
  xmpp_stanza_t *command;
  const char *from;
  guint n_items = 0;

  cau_xep_set_why (why, NULL);
  g_return_val_if_fail (iq != NULL, NULL);
  g_return_val_if_fail (own_jid != NULL, NULL);
  g_return_val_if_fail (kind != NULL, NULL);

  *kind = CAU_XMPP_BLOCKLIST_FULL;
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

  command = find_command (iq, kind);
  if (command == NULL)
    {
      cau_xep_set_why (why, "neither a block list nor a push");
      return NULL;
    }

  /* A stranger's push would let them unblock themselves. */
  from = xmpp_stanza_get_from (iq);
  if (from != NULL)
    {
      g_autofree char *from_bare = cau_xmpp_jid_normalize_bare (from, NULL);
      gboolean push = *kind != CAU_XMPP_BLOCKLIST_FULL;

      if (push ? !cau_xep_jid_is_exactly (from, own_bare) : g_strcmp0 (from_bare, own_bare) != 0)
        {
          cau_xep_set_why (why, push ? "block list push from a stranger"
                                     : "block list from a stranger");
          return NULL;
        }
    }

  jids = g_ptr_array_new_with_free_func (g_free);
  seen = g_hash_table_new (g_str_hash, g_str_equal);
  for (xmpp_stanza_t *c = xmpp_stanza_get_children (command); c; c = xmpp_stanza_get_next (c))
    {
      char *jid;

      if (!is_item (c))
        continue;
      if (++n_items > BLOCKLIST_MAX)
        {
          g_debug ("Block list cut at %u addresses", BLOCKLIST_MAX);
          break;
        }
      jid = cau_xmpp_blocking_normalize (xmpp_stanza_get_attribute (c, "jid"));
      if (jid == NULL)
        continue;
      if (!g_hash_table_add (seen, jid))
        {
          g_free (jid);
          continue;
        }
      g_ptr_array_add (jids, jid);
    }

  /* An empty <unblock/> unblocks everyone; one whose items are all
   * invalid must not be read as that. */
  if (*kind != CAU_XMPP_BLOCKLIST_FULL && n_items > 0 && jids->len == 0)
    {
      cau_xep_set_why (why, "block list push with no valid address");
      return NULL;
    }
  if (*kind == CAU_XMPP_BLOCKLIST_BLOCK && n_items == 0)
    {
      cau_xep_set_why (why, "block push without an address");
      return NULL;
    }

  return g_steal_pointer (&jids);
}

/* The engine side. */

typedef struct {
  char     *jid;
  gboolean  blocked;
} Command;

struct _CauXmppBlocking
{
  CauXmppStream *stream;
  xmpp_conn_t   *conn;        /* while online */
  char          *own_jid;     /* full, bound */
  GHashTable    *list;        /* address → NULL */
  gboolean       known;       /* the server sent the list this session */
  char          *request_id;  /* of the list request in flight */
  GHashTable    *commands;    /* iq id → Command, sent this session */
};

static void
command_free (Command *command)
{
  g_free (command->jid);
  g_free (command);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static void
post_list (CauXmppBlocking *self)
{
  CauXmppEvent *event = cau_xmpp_stream_new_event (self->stream, CAU_XMPP_EVENT_BLOCKLIST);
  GPtrArray *jids = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer jid;

  g_hash_table_iter_init (&iter, self->list);
  while (g_hash_table_iter_next (&iter, &jid, NULL))
    g_ptr_array_add (jids, g_strdup (jid));
  g_ptr_array_sort (jids, compare_strings);
  g_ptr_array_add (jids, NULL);
  event->strv = (char **) g_ptr_array_free (jids, FALSE);
  cau_xmpp_event_post (event);
}

static void
send_stanza (CauXmppBlocking *self,
             xmpp_stanza_t   *stanza)
{
  xmpp_send (self->conn, stanza);
  xmpp_stanza_release (stanza);
}

/* Applies a change; TRUE when the list changed. */
static gboolean
apply (CauXmppBlocking      *self,
       CauXmppBlocklistKind  kind,
       GPtrArray            *jids)
{
  gboolean changed = FALSE;

  switch (kind)
    {
    case CAU_XMPP_BLOCKLIST_FULL:
      g_hash_table_remove_all (self->list);
      for (guint i = 0; i < jids->len; i++)
        g_hash_table_add (self->list, g_strdup (g_ptr_array_index (jids, i)));
      return TRUE;

    case CAU_XMPP_BLOCKLIST_BLOCK:
      for (guint i = 0; i < jids->len; i++)
        changed |= g_hash_table_add (self->list, g_strdup (g_ptr_array_index (jids, i)));
      return changed;

    case CAU_XMPP_BLOCKLIST_UNBLOCK:
      if (jids->len == 0)
        {
          changed = g_hash_table_size (self->list) > 0;
          g_hash_table_remove_all (self->list);
          return changed;
        }
      for (guint i = 0; i < jids->len; i++)
        changed |= g_hash_table_remove (self->list, g_ptr_array_index (jids, i));
      return changed;

    default:
      g_assert_not_reached ();
    }
}

static int
list_result_cb (xmpp_conn_t   *conn,
                xmpp_stanza_t *iq,
                void          *userdata)
{
  CauXmppBlocking *self = userdata;
  g_autoptr(GPtrArray) jids = NULL;
  g_autofree char *condition = NULL;
  CauXmppBlocklistKind kind;
  const char *why = NULL;

  if (self->own_jid == NULL || g_strcmp0 (xmpp_stanza_get_id (iq), self->request_id) != 0)
    return 0;
  g_clear_pointer (&self->request_id, g_free);

  if (g_strcmp0 (xmpp_stanza_get_type (iq), "result") != 0)
    {
      condition = cau_xmpp_stanza_error_condition (iq, NULL);
      g_debug ("No block list: %s", condition ? condition : "no reason");
      return 0;
    }

  jids = cau_xmpp_parse_blocklist (iq, self->own_jid, &kind, &why);
  if (jids == NULL || kind != CAU_XMPP_BLOCKLIST_FULL)
    {
      g_debug ("Block list dropped: %s", why ? why : "not a list");
      return 0;
    }

  apply (self, kind, jids);
  self->known = TRUE;
  post_list (self);
  return 0;
}

static int
command_result_cb (xmpp_conn_t   *conn,
                   xmpp_stanza_t *iq,
                   void          *userdata)
{
  CauXmppBlocking *self = userdata;
  Command *command = g_hash_table_lookup (self->commands, xmpp_stanza_get_id (iq));
  g_autoptr(GPtrArray) jids = NULL;

  if (command == NULL)
    return 0;

  if (g_strcmp0 (xmpp_stanza_get_type (iq), "result") == 0)
    {
      /* The server pushes the change to us too, but need not: apply it
       * now (a push after it changes nothing). */
      jids = g_ptr_array_new ();
      g_ptr_array_add (jids, command->jid);
      if (apply (self, command->blocked ? CAU_XMPP_BLOCKLIST_BLOCK : CAU_XMPP_BLOCKLIST_UNBLOCK,
                 jids) && self->known)
        post_list (self);
    }
  else
    {
      g_autofree char *condition = cau_xmpp_stanza_error_condition (iq, NULL);

      g_debug ("%s refused: %s", command->blocked ? "Block" : "Unblock",
               condition ? condition : "no reason");
    }
  g_hash_table_remove (self->commands, xmpp_stanza_get_id (iq));
  return 0;
}

gboolean
cau_xmpp_blocking_handle_iq (CauXmppBlocking *self,
                             xmpp_stanza_t   *iq)
{
  g_autoptr(GPtrArray) jids = NULL;
  CauXmppBlocklistKind kind;
  const char *why = NULL;

  if (self->conn == NULL || self->own_jid == NULL ||
      g_strcmp0 (xmpp_stanza_get_type (iq), "set") != 0 ||
      (xmpp_stanza_get_child_by_name_and_ns (iq, "block", CAU_NS_BLOCKING) == NULL &&
       xmpp_stanza_get_child_by_name_and_ns (iq, "unblock", CAU_NS_BLOCKING) == NULL))
    return FALSE;

  jids = cau_xmpp_parse_blocklist (iq, self->own_jid, &kind, &why);
  if (jids == NULL)
    {
      g_debug ("Block list push refused: %s", why ? why : "no reason");
      send_stanza (self, cau_xmpp_iq_error (iq, "cancel", "service-unavailable"));
      return TRUE;
    }

  /* Before the list arrives, a push only prepares what it replaces. */
  if (apply (self, kind, jids) && self->known)
    post_list (self);
  send_stanza (self, cau_xmpp_iq_result (iq));
  return TRUE;
}

gboolean
cau_xmpp_blocking_is_blocked (CauXmppBlocking *self,
                              const char      *bare)
{
  const char *at;

  g_return_val_if_fail (bare != NULL, FALSE);

  if (g_hash_table_contains (self->list, bare))
    return TRUE;
  at = strchr (bare, '@');
  return at != NULL && g_hash_table_contains (self->list, at + 1);
}

void
cau_xmpp_blocking_set (CauXmppBlocking *self,
                       const char      *jid,
                       gboolean         blocked)
{
  const char *jids[] = { jid, NULL };
  Command *command;
  char *id;

  g_return_if_fail (jid != NULL);

  if (self->conn == NULL)
    {
      g_debug ("Not %s now: offline", blocked ? "blocked" : "unblocked");
      return;
    }

  id = cau_xmpp_new_id ();
  command = g_new0 (Command, 1);
  command->jid = g_strdup (jid);
  command->blocked = !!blocked;
  g_hash_table_insert (self->commands, id, command);
  xmpp_id_handler_add (self->conn, command_result_cb, id, self);
  send_stanza (self, cau_xmpp_build_block (xmpp_conn_get_context (self->conn), id, jids,
                                           blocked));
}

void
cau_xmpp_blocking_online (CauXmppBlocking *self,
                          xmpp_conn_t     *conn)
{
  self->conn = conn;
  g_free (self->own_jid);
  self->own_jid = g_strdup (xmpp_conn_get_bound_jid (conn));
  self->known = FALSE;
  g_hash_table_remove_all (self->commands);

  /* Asked whether or not the server announced XEP-0191: one that does not
   * know it answers with an error, and its disco result may come later. */
  g_free (self->request_id);
  self->request_id = cau_xmpp_new_id ();
  xmpp_id_handler_add (conn, list_result_cb, self->request_id, self);
  send_stanza (self, cau_xmpp_build_blocklist_get (xmpp_conn_get_context (conn),
                                                   self->request_id));
}

void
cau_xmpp_blocking_offline (CauXmppBlocking *self)
{
  /* What we know stays true if the session is resumed. */
  self->conn = NULL;
}

CauXmppBlocking *
cau_xmpp_blocking_new (CauXmppStream *stream)
{
  CauXmppBlocking *self = g_new0 (CauXmppBlocking, 1);

  self->stream = stream;
  self->list = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->commands = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify) command_free);
  return self;
}

void
cau_xmpp_blocking_free (CauXmppBlocking *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->list);
  g_hash_table_unref (self->commands);
  g_free (self->own_jid);
  g_free (self->request_id);
  g_free (self);
}
