/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

#include "cau-omemo-store.h"

G_BEGIN_DECLS

/* Shared by cau-omemo-store.c (the device and its keys) and cau-omemo-store-callbacks.c
 * (libomemo-c's store on the database). */

/* What a session store callback knows: which store, and which protocol's sessions. */
typedef struct {
  CauOmemoStore     *store;
  CauDbOmemoVersion  version;
} CauOmemoProtocol;

struct _CauOmemoStore
{
  CauDb                          *db;
  gint64                          account_id;
  CauDbOmemoOwn                  *own;
  signal_context                 *context;
  CauOmemoProtocol                protocols[2];        /* legacy, OMEMO 2 */
  signal_protocol_store_context  *store_contexts[2];   /* same order */
};

gboolean cau_omemo_signal_failed           (GError                        **error,
                                            int                             rc,
                                            const char                     *what);
GBytes  *cau_omemo_take_buffer             (signal_buffer                  *buffer);

gboolean cau_omemo_store_install_callbacks (CauOmemoStore                  *self,
                                            CauOmemoProtocol               *protocol,
                                            signal_protocol_store_context  *store_context,
                                            GError                        **error);

G_END_DECLS
