/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

/* Inside the model only. */

#include "core/cau-history.h"
#include "store/cau-db-messages.h"

G_BEGIN_DECLS

/* Asks the server for an older page; its arrival is reported through
 * cau_history_page_arrived(). The history holds `owner` for it. */
typedef void (*CauHistoryFetch) (GObject *owner);

CauHistory *cau_history_new             (CauDb           *db,
                                         gint64           conversation_id,
                                         gboolean         server_complete,
                                         CauHistoryFetch  fetch,
                                         GObject         *owner);
void        cau_history_message_added   (CauHistory      *self,
                                         gint64           id);
void        cau_history_message_updated (CauHistory      *self,
                                         gint64           id);
void        cau_history_page_arrived    (CauHistory      *self,
                                         int              count);

G_END_DECLS
