/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

/*
 * The account's OMEMO keys for the engine: implements CauXmppOmemoFuncs on the engine thread,
 * on the database connection of the account's CauMessageArchive, which must outlive it.
 */

#include "cau-message-archive-private.h"
#include "xmpp/cau-xmpp-omemo-funcs.h"

G_BEGIN_DECLS

typedef struct _CauOmemoKeys CauOmemoKeys;

extern const CauXmppOmemoFuncs cau_omemo_keys_funcs;

CauOmemoKeys *cau_omemo_keys_new  (CauMessageArchive *archive,
                                   gint64             account_id,
                                   const char        *own_jid);
void          cau_omemo_keys_free (CauOmemoKeys      *self);

G_END_DECLS
