/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

/*
 * The account's messages as the engine stores them: implements
 * CauXmppArchiveFuncs on its own database connection (engine thread), and
 * reports each stored batch to the main thread as a CauStoreChanges.
 */

#include <gio/gio.h>

#include "store/cau-db.h"
#include "xmpp/cau-xmpp-archive.h"

G_BEGIN_DECLS

typedef struct {
  gint64    conversation_id;
  gint64    message_id;
  gboolean  incoming;   /* a new message from the contact */
} CauStoreChange;

typedef struct {
  gint64   account_id;
  GArray  *added;          /* CauStoreChange: new messages */
  GArray  *updated;        /* CauStoreChange: state changes of stored ones */
  GArray  *conversations;  /* gint64: conversations whose row changed (read state too) */
  gboolean roster;         /* the roster changed */
  gboolean live;           /* messages arrived now (not from the archive): notify */
  GPtrArray *omemo_jids;   /* bare JIDs (ours too) whose OMEMO devices, keys or trust changed */
} CauStoreChanges;

CauStoreChanges *cau_store_changes_new  (gint64           account_id);
gboolean         cau_store_changes_has_omemo_jid (CauStoreChanges *changes,
                                                  const char      *jid);
void             cau_store_changes_free (CauStoreChanges *changes);
gboolean         cau_store_changes_is_empty (CauStoreChanges *changes);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CauStoreChanges, cau_store_changes_free)

typedef void (*CauStoreChangesFunc) (CauStoreChanges *changes,
                                     gpointer         user_data);

typedef struct _CauMessageArchive CauMessageArchive;

extern const CauXmppArchiveFuncs cau_message_archive_funcs;

/* `notify` runs on `context` with each batch's changes (it takes them). */
CauMessageArchive *cau_message_archive_new   (const char          *db_path,
                                              gint64               account_id,
                                              const char          *own_jid,
                                              GMainContext        *context,
                                              CauStoreChangesFunc  notify,
                                              gpointer             user_data,
                                              GDestroyNotify       user_data_free);
void               cau_message_archive_free  (CauMessageArchive   *self);
CauDb             *cau_message_archive_get_db (CauMessageArchive  *self);
void               cau_message_archive_devices_changed (CauMessageArchive *self,
                                                        const char        *jid);

G_END_DECLS
