/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

#include <glib.h>
#include <signal_protocol.h>

G_BEGIN_DECLS

const signal_crypto_provider *cau_omemo_crypto_provider         (void);
gboolean                      cau_omemo_crypto_provider_install (signal_context  *context,
                                                                 GError         **error);

G_END_DECLS
