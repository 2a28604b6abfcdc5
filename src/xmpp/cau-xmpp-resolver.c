/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-xmpp-resolver.h"
#include "cau-xmpp-client.h"

#include <glib/gi18n-lib.h>

/*
 * Resolution happens on the engine thread but never blocks it: GResolver
 * runs the lookups on its own worker and calls back in the thread-default
 * context. SRV records for `_xmpps-client._tcp` (direct TLS) and
 * `_xmpp-client._tcp` (STARTTLS) are looked up together and merged by
 * priority; without any, the domain itself is tried on 5222. Each host is
 * then resolved to numeric addresses, in the order the resolver prefers,
 * so that libstrophe never calls getaddrinfo itself.
 */

typedef struct {
  char     *host;
  guint16   port;
  gboolean  direct_tls;
} HostTarget;

typedef struct {
  char         *domain;
  GList        *srv_starttls;   /* GSrvTarget */
  GList        *srv_direct;
  int           pending;
  GPtrArray    *hosts;          /* HostTarget, in order */
  guint         host_index;
  GPtrArray    *targets;        /* CauXmppTarget */
} ResolveData;

void
cau_xmpp_target_free (CauXmppTarget *target)
{
  if (target == NULL)
    return;
  g_free (target->address);
  g_free (target->host);
  g_free (target);
}

static void
host_target_free (HostTarget *target)
{
  g_free (target->host);
  g_free (target);
}

static void
resolve_data_free (ResolveData *data)
{
  g_free (data->domain);
  g_list_free_full (data->srv_starttls, (GDestroyNotify) g_srv_target_free);
  g_list_free_full (data->srv_direct, (GDestroyNotify) g_srv_target_free);
  g_clear_pointer (&data->hosts, g_ptr_array_unref);
  g_clear_pointer (&data->targets, g_ptr_array_unref);
  g_free (data);
}

/* A tagged SRV record, so that both lists can be merged. */
typedef struct {
  GSrvTarget *srv;
  gboolean    direct_tls;
  guint       rank;
} Tagged;

static gint
compare_tagged (gconstpointer a,
                gconstpointer b)
{
  const Tagged *ta = a, *tb = b;
  guint16 pa = g_srv_target_get_priority (ta->srv);
  guint16 pb = g_srv_target_get_priority (tb->srv);

  if (pa != pb)
    return pa < pb ? -1 : 1;
  /* XEP-0368: at equal priority, prefer direct TLS. */
  if (ta->direct_tls != tb->direct_tls)
    return ta->direct_tls ? -1 : 1;
  return ta->rank < tb->rank ? -1 : (ta->rank > tb->rank ? 1 : 0);
}

/**
 * cau_xmpp_sort_srv_targets:
 * @starttls_srv: (element-type GSrvTarget) (transfer none): records, each
 *   list already in g_srv_target_list_sort() order
 * @direct_tls_srv: (element-type GSrvTarget) (transfer none): likewise
 *
 * Returns: (transfer full): a list of HostTarget-like triples encoded as
 *   "host\nport\ntls" strings, most preferred first
 */
GList *
cau_xmpp_sort_srv_targets (GList *starttls_srv,
                           GList *direct_tls_srv)
{
  g_autoptr(GArray) tagged = g_array_new (FALSE, FALSE, sizeof (Tagged));
  GList *result = NULL;
  guint rank = 0;

  for (GList *l = starttls_srv; l; l = l->next)
    {
      Tagged t = { l->data, FALSE, rank++ };
      g_array_append_val (tagged, t);
    }
  for (GList *l = direct_tls_srv; l; l = l->next)
    {
      Tagged t = { l->data, TRUE, rank++ };
      g_array_append_val (tagged, t);
    }
  g_array_sort (tagged, compare_tagged);

  for (guint i = 0; i < tagged->len; i++)
    {
      Tagged *t = &g_array_index (tagged, Tagged, i);
      const char *host = g_srv_target_get_hostname (t->srv);

      /* RFC 2782: a target of "." means the service is decidedly absent. */
      if (g_strcmp0 (host, ".") == 0 || host == NULL || *host == '\0')
        continue;
      result = g_list_prepend (result,
                               g_strdup_printf ("%s\n%u\n%d", host,
                                                g_srv_target_get_port (t->srv),
                                                t->direct_tls));
    }
  return g_list_reverse (result);
}

static void resolve_next_host (GTask *task);

static void
lookup_by_name_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ResolveData *data = g_task_get_task_data (task);
  HostTarget *host = g_ptr_array_index (data->hosts, data->host_index);
  g_autolist(GInetAddress) addresses = NULL;

  addresses = g_resolver_lookup_by_name_finish (G_RESOLVER (source), result, NULL);
  for (GList *l = addresses; l; l = l->next)
    {
      CauXmppTarget *target = g_new0 (CauXmppTarget, 1);

      target->address = g_inet_address_to_string (l->data);
      target->host = g_strdup (host->host);
      target->port = host->port;
      target->direct_tls = host->direct_tls;
      g_ptr_array_add (data->targets, target);
    }

  data->host_index++;
  resolve_next_host (g_steal_pointer (&task));
}

static void
resolve_next_host (GTask *task)
{
  ResolveData *data = g_task_get_task_data (task);
  HostTarget *host;

  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (task);
      return;
    }

  if (data->host_index >= data->hosts->len)
    {
      if (data->targets->len == 0)
        g_task_return_new_error (task, CAU_XMPP_ERROR, CAU_XMPP_ERROR_HOST_NOT_FOUND,
                                 _("The server “%s” could not be found."), data->domain);
      else
        g_task_return_pointer (task, g_steal_pointer (&data->targets),
                               (GDestroyNotify) g_ptr_array_unref);
      g_object_unref (task);
      return;
    }

  host = g_ptr_array_index (data->hosts, data->host_index);
  {
    g_autoptr(GInetAddress) literal = g_inet_address_new_from_string (host->host);

    if (literal != NULL)
      {
        CauXmppTarget *target = g_new0 (CauXmppTarget, 1);

        target->address = g_strdup (host->host);
        target->host = g_strdup (host->host);
        target->port = host->port;
        target->direct_tls = host->direct_tls;
        g_ptr_array_add (data->targets, target);
        data->host_index++;
        resolve_next_host (task);
        return;
      }
  }

  {
    g_autoptr(GResolver) resolver = g_resolver_get_default ();

    g_resolver_lookup_by_name_async (resolver, host->host, g_task_get_cancellable (task),
                                     lookup_by_name_cb, task);
  }
}

static void
add_host (ResolveData *data,
          const char  *host,
          guint16      port,
          gboolean     direct_tls)
{
  HostTarget *target = g_new0 (HostTarget, 1);

  target->host = g_strdup (host);
  target->port = port;
  target->direct_tls = direct_tls;
  g_ptr_array_add (data->hosts, target);
}

static void
srv_done (GTask *task)
{
  ResolveData *data = g_task_get_task_data (task);
  GList *merged;

  if (--data->pending > 0)
    {
      g_object_unref (task);
      return;
    }

  merged = cau_xmpp_sort_srv_targets (data->srv_starttls, data->srv_direct);
  for (GList *l = merged; l; l = l->next)
    {
      g_auto(GStrv) parts = g_strsplit (l->data, "\n", 3);

      add_host (data, parts[0], (guint16) g_ascii_strtoull (parts[1], NULL, 10),
                g_strcmp0 (parts[2], "1") == 0);
    }
  g_list_free_full (merged, g_free);

  /* RFC 6120 §3.2.2: without SRV records, try the domain itself. */
  if (data->hosts->len == 0)
    add_host (data, data->domain, 5222, FALSE);

  resolve_next_host (task);
}

static void
srv_starttls_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GTask *task = user_data;
  ResolveData *data = g_task_get_task_data (task);

  data->srv_starttls = g_resolver_lookup_service_finish (G_RESOLVER (source), result, NULL);
  srv_done (task);
}

static void
srv_direct_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  GTask *task = user_data;
  ResolveData *data = g_task_get_task_data (task);

  data->srv_direct = g_resolver_lookup_service_finish (G_RESOLVER (source), result, NULL);
  srv_done (task);
}

/**
 * cau_xmpp_resolve_async:
 * @domain: the account's domain
 * @host_override: (nullable): a host set by the person, skipping SRV
 * @port_override: its port (0: 5222, or 5223 with direct TLS)
 * @direct_tls_override: whether @host_override speaks TLS at once
 * @cancellable: (nullable): a cancellable
 * @callback: called on the thread-default context
 * @user_data: for @callback
 *
 * Finds the addresses to try, in order.
 */
void
cau_xmpp_resolve_async (const char          *domain,
                        const char          *host_override,
                        guint16              port_override,
                        gboolean             direct_tls_override,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  GTask *task;
  ResolveData *data;
  GResolver *resolver = g_resolver_get_default ();

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, cau_xmpp_resolve_async);
  data = g_new0 (ResolveData, 1);
  data->domain = g_strdup (domain);
  data->hosts = g_ptr_array_new_with_free_func ((GDestroyNotify) host_target_free);
  data->targets = g_ptr_array_new_with_free_func ((GDestroyNotify) cau_xmpp_target_free);
  g_task_set_task_data (task, data, (GDestroyNotify) resolve_data_free);

  if (host_override != NULL)
    {
      guint16 port = port_override ? port_override : (direct_tls_override ? 5223 : 5222);

      add_host (data, host_override, port, direct_tls_override);
      resolve_next_host (task);
      g_object_unref (resolver);
      return;
    }

  data->pending = 2;
  g_resolver_lookup_service_async (resolver, "xmpp-client", "tcp", domain, cancellable,
                                   srv_starttls_cb, g_object_ref (task));
  g_resolver_lookup_service_async (resolver, "xmpps-client", "tcp", domain, cancellable,
                                   srv_direct_cb, task);
  g_object_unref (resolver);
}

/**
 * cau_xmpp_resolve_finish:
 * @result: the result
 * @error: CAU_XMPP_ERROR_HOST_NOT_FOUND when nothing resolved
 *
 * Returns: (transfer full) (element-type CauXmppTarget): targets in order
 */
GPtrArray *
cau_xmpp_resolve_finish (GAsyncResult  *result,
                         GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}
