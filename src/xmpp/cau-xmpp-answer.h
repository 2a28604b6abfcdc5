/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

/*
 * Inside the engine only: the answer to an asynchronous request of the client's (a room's
 * moderation or configuration, a profile, an avatar). The GTask stays on the caller's thread;
 * the engine thread finishes the answer exactly once, with a result or an error, and the
 * GTask returns it in the caller's context. A command dropped before it ran (the stream was
 * gone) finishes with CAU_XMPP_ERROR_CONNECTION_LOST.
 */

#include <gio/gio.h>

#include "xmpp/cau-xmpp-private.h"

G_BEGIN_DECLS

typedef struct _CauXmppAnswer CauXmppAnswer;

/* `data` (nullable) is the request's own, freed with `data_free` when the answer is done. */
CauXmppAnswer *cau_xmpp_answer_new          (gpointer              source,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data,
                                             gpointer              source_tag,
                                             gpointer              data,
                                             GDestroyNotify        data_free);
gpointer       cau_xmpp_answer_get_data     (CauXmppAnswer        *self);

/* Engine thread, once: the answer goes back and is freed. A NULL `result` without
 * `result_free` returns the boolean TRUE. */
void           cau_xmpp_answer_return       (CauXmppAnswer        *self,
                                             gpointer              result,
                                             GDestroyNotify        result_free);
void           cau_xmpp_answer_return_error (CauXmppAnswer        *self,
                                             GError               *error);

typedef void (*CauXmppAnswerFunc) (CauXmppChat   *chat,
                                   CauXmppAnswer *answer);

/* Runs `func` on the engine thread with `answer`, which it must finish. */
void           cau_xmpp_client_run_answer   (CauXmppClient        *client,
                                             CauXmppAnswerFunc     func,
                                             CauXmppAnswer        *answer);

G_END_DECLS
