/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

/* Inside the model only. */

#include "core/cau-message.h"
#include "store/cau-db-messages.h"

G_BEGIN_DECLS

CauMessage *cau_message_new_from_row    (const CauDbMessage *row);
void        cau_message_update_from_row (CauMessage         *self,
                                         const CauDbMessage *row);
const char *cau_message_get_xmpp_id     (CauMessage         *self);

/*
 * The time a message is stored and ordered under: whole seconds. Servers
 * stamp archived and offline messages to the second (XEP-0203 allows it),
 * and a live message timed to the microsecond would sort after archived
 * ones of the same second that came later. With whole seconds, messages of
 * one second keep the order they were stored in, which is the order the
 * server delivered them.
 */
static inline gint64
cau_message_time_key (gint64 time_us)
{
  return time_us - time_us % G_USEC_PER_SEC;
}

G_END_DECLS
