/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* One place to try: a numeric address, its port, and how TLS starts. */
typedef struct {
  char     *address;    /* numeric IPv4 or IPv6 */
  char     *host;       /* the name it came from, for messages */
  guint16   port;
  gboolean  direct_tls;
} CauXmppTarget;

void       cau_xmpp_target_free      (CauXmppTarget *target);

void       cau_xmpp_resolve_async    (const char          *domain,
                                      const char          *host_override,
                                      guint16              port_override,
                                      gboolean             direct_tls_override,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data);
GPtrArray *cau_xmpp_resolve_finish   (GAsyncResult        *result,
                                      GError             **error);

/* Exposed for tests: orders SRV records of both kinds (XEP-0368 §3). */
GList     *cau_xmpp_sort_srv_targets (GList               *starttls_srv,
                                      GList               *direct_tls_srv);

G_END_DECLS
