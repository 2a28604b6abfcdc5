/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

#include <gio/gio.h>

#include "xmpp/cau-xmpp-client.h"
#include "xmpp/cau-xmpp-engine.h"

G_BEGIN_DECLS

/*
 * In-band registration (XEP-0077) on a short-lived connection.
 *
 * A form is a GVariant of type CAU_XMPP_FORM_TYPE:
 *   (instructions, is_data_form, [(var, type, label, required, value, options)])
 * where type is a XEP-0004 field type ("text-single", "text-private",
 * "hidden", "fixed", "boolean", "list-single", …) and legacy XEP-0077
 * fields are mapped to text-single / text-private.
 */
#define CAU_XMPP_FORM_TYPE ((const GVariantType *) "(sba(sssbsas))")

typedef struct {
  char      *domain;
  char      *host;        /* nullable */
  guint16    port;
  gboolean   direct_tls;
  char     **pins;        /* nullable */
  guint      timeout_s;   /* 0: 20 s */
} CauXmppRegistrationServer;

void      cau_xmpp_registration_fetch_form_async  (CauXmppEngine                   *engine,
                                                   const CauXmppRegistrationServer *server,
                                                   GCancellable                    *cancellable,
                                                   GAsyncReadyCallback              callback,
                                                   gpointer                         user_data);
GVariant *cau_xmpp_registration_fetch_form_finish (GAsyncResult                    *result,
                                                   CauXmppCertInfo                **rejected_cert,
                                                   GError                         **error);

void      cau_xmpp_registration_submit_async      (CauXmppEngine                   *engine,
                                                   const CauXmppRegistrationServer *server,
                                                   GVariant                        *values,
                                                   GCancellable                    *cancellable,
                                                   GAsyncReadyCallback              callback,
                                                   gpointer                         user_data);
gboolean  cau_xmpp_registration_submit_finish     (GAsyncResult                    *result,
                                                   CauXmppCertInfo                **rejected_cert,
                                                   GError                         **error);

G_END_DECLS
