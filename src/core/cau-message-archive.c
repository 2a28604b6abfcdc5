/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-message-archive-private.h"
#include "cau-message-private.h"
#include "store/cau-db-messages.h"

/*
 * Runs on the engine thread: its own connection to the database (WAL lets
 * the window read at the same time), one transaction per batch.
 */

struct _CauMessageArchive
{
  char                *db_path;
  CauDb               *db;          /* opened on first use, on the engine thread */
  gint64               account_id;
  char                *own_jid;     /* bare */
  GHashTable          *conversations;  /* peer → id (gint64 *) */
  GHashTable          *rooms;          /* room → id (gint64 *), known to be of kind room */
  GMainContext        *context;
  CauStoreChangesFunc  notify;
  gpointer             user_data;
  GDestroyNotify       user_data_free;
};

CauStoreChanges *
cau_store_changes_new (gint64 account_id)
{
  CauStoreChanges *changes = g_new0 (CauStoreChanges, 1);

  changes->account_id = account_id;
  changes->added = g_array_new (FALSE, FALSE, sizeof (CauStoreChange));
  changes->updated = g_array_new (FALSE, FALSE, sizeof (CauStoreChange));
  changes->conversations = g_array_new (FALSE, FALSE, sizeof (gint64));
  changes->omemo_jids = g_ptr_array_new_with_free_func (g_free);
  return changes;
}

void
cau_store_changes_free (CauStoreChanges *changes)
{
  if (changes == NULL)
    return;
  g_array_unref (changes->added);
  g_array_unref (changes->updated);
  g_array_unref (changes->conversations);
  g_ptr_array_unref (changes->omemo_jids);
  g_free (changes);
}

gboolean
cau_store_changes_is_empty (CauStoreChanges *changes)
{
  return changes->added->len == 0 && changes->updated->len == 0 &&
         changes->conversations->len == 0 && !changes->roster && changes->omemo_jids->len == 0;
}

gboolean
cau_store_changes_has_omemo_jid (CauStoreChanges *changes,
                                 const char      *jid)
{
  for (guint i = 0; i < changes->omemo_jids->len; i++)
    if (g_strcmp0 (g_ptr_array_index (changes->omemo_jids, i), jid) == 0)
      return TRUE;
  return FALSE;
}

static void
note_conversation (CauStoreChanges *changes,
                   gint64           id)
{
  for (guint i = 0; i < changes->conversations->len; i++)
    if (g_array_index (changes->conversations, gint64, i) == id)
      return;
  g_array_append_val (changes->conversations, id);
}

/* Handing changes to the main thread: idle sources of one priority run
 * in the order they were queued, even on the thread that queues them. */

static void
queue_on_context (GMainContext   *context,
                  GSourceFunc     func,
                  gpointer        data,
                  GDestroyNotify  notify)
{
  GSource *source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, func, data, notify);
  g_source_attach (source, context);
  g_source_unref (source);
}

typedef struct {
  CauMessageArchive *archive;
  CauStoreChanges   *changes;
} Delivery;

static gboolean
deliver_cb (gpointer data)
{
  Delivery *delivery = data;

  delivery->archive->notify (g_steal_pointer (&delivery->changes), delivery->archive->user_data);
  return G_SOURCE_REMOVE;
}

static void
delivery_free (gpointer data)
{
  Delivery *delivery = data;

  cau_store_changes_free (delivery->changes);
  g_free (delivery);
}

static void
post (CauMessageArchive *self,
      CauStoreChanges   *changes)
{
  Delivery *delivery;

  if (cau_store_changes_is_empty (changes))
    {
      cau_store_changes_free (changes);
      return;
    }
  delivery = g_new0 (Delivery, 1);
  delivery->archive = self;
  delivery->changes = changes;
  queue_on_context (self->context, deliver_cb, delivery, delivery_free);
}

/* The database. */

static CauDb *
db (CauMessageArchive *self)
{
  g_autoptr(GError) error = NULL;

  if (self->db == NULL)
    {
      self->db = cau_db_open (self->db_path, &error);
      if (self->db == NULL)
        g_warning ("Messages cannot be stored: %s", error->message);
    }
  return self->db;
}

/* A failure to store is worth a warning, unless the account has just
 * been removed under the engine (its rows went with it). */
static void
report_failure (CauMessageArchive *self,
                const char        *what,
                const GError      *error)
{
  g_autoptr(CauDbAccount) account = cau_db_get_account (self->db, self->account_id, NULL);

  if (account == NULL)
    g_debug ("%s: the account is gone", what);
  else
    g_warning ("%s: %s", what, error ? error->message : "no reason");
}

static gint64
conversation_id (CauMessageArchive *self,
                 const char        *peer)
{
  g_autoptr(GError) error = NULL;
  gint64 *cached = g_hash_table_lookup (self->conversations, peer);
  gint64 id;

  if (cached != NULL)
    return *cached;
  id = cau_db_ensure_conversation (self->db, self->account_id, peer, &error);
  if (id <= 0)
    {
      report_failure (self, "No conversation for a message", error);
      return 0;
    }
  g_hash_table_insert (self->conversations, g_strdup (peer), g_memdup2 (&id, sizeof id));
  return id;
}

/* The room's conversation. A room's rows are a conversation like any other, but the first
 * message of each room this archive stores makes sure that it is of kind room (the chat
 * cache above cannot tell). Our nickname is the model's to set, when it joins. */
static gint64
room_conversation_id (CauMessageArchive *self,
                      const char        *room)
{
  g_autoptr(GError) error = NULL;
  gint64 *cached = g_hash_table_lookup (self->rooms, room);
  gint64 id;

  if (cached != NULL)
    return *cached;
  id = cau_db_ensure_room (self->db, self->account_id, room, NULL, &error);
  if (id <= 0)
    {
      report_failure (self, "No conversation for a room's message", error);
      return 0;
    }
  g_hash_table_insert (self->rooms, g_strdup (room), g_memdup2 (&id, sizeof id));
  return id;
}

/* Conversations created inside a batch that was undone are gone with it. */
static void
forget_conversations (CauMessageArchive *self)
{
  g_hash_table_remove_all (self->conversations);
  g_hash_table_remove_all (self->rooms);
}

/* With a batch, FALSE when the message failed: the batch is then worth
 * nothing, and the page is stored again one message at a time. */
static gboolean
store_body (CauMessageArchive *self,
            CauDbMessageBatch *batch,
            gint64             conv,
            const char        *room,
            CauXmppMessage    *in,
            CauStoreChanges   *changes)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *occupant = NULL;
  CauDbMessage row = { 0 };
  gboolean duplicate = FALSE;

  row.conversation_id = conv;
  row.outgoing = in->outgoing;
  row.sender = in->sender;
  row.sender_resource = in->sender_resource;
  /* In a room the author is the occupant, room@service/nick (ours too, so that the room's echo
   * of our message has the sender of its pending row): a message is then a duplicate only of
   * one with the same origin-id under the same nickname, and no occupant can make another's
   * message pass for a copy of theirs. The room's own messages are the room's. */
  if (room != NULL)
    {
      occupant = in->nick != NULL ? g_strconcat (room, "/", in->nick, NULL) : NULL;
      row.sender = occupant != NULL ? occupant : (char *) room;
      row.sender_resource = in->nick;
      row.occupant_id = in->occupant_id;
    }
  row.time_us = cau_message_time_key (in->time_us);
  /* An encrypted message that cannot be read is kept, with why, and an empty body. */
  row.body = in->body != NULL ? in->body : (char *) "";
  row.encryption = (CauDbEncryption) in->encryption;
  row.sender_device = in->outgoing ? 0 : in->sender_device;
  row.crypto_error = in->crypto_error;
  row.xmpp_id = in->id;
  row.origin_id = (char *) cau_xmpp_message_dedupe_id (in);
  row.stanza_id = in->stanza_id;
  row.state = in->outgoing ? CAU_DB_MESSAGE_SENT : CAU_DB_MESSAGE_RECEIVED;
  if (in->retracted)
    {
      row.retracted_us = in->time_us;
      row.retracted_by = in->moderator;
      row.retract_reason = in->retract_reason;
    }

  if (batch != NULL && !cau_db_message_batch_add (batch, &row, &duplicate, &error))
    {
      g_debug ("A batch of messages failed: %s", error->message);
      return FALSE;
    }
  if (batch == NULL && !cau_db_insert_message (self->db, &row, &duplicate, &error))
    {
      report_failure (self, "A message was not stored", error);
      return TRUE;
    }
  if (duplicate)
    return TRUE;

  g_array_append_val (changes->added, ((CauStoreChange) { conv, row.id, !in->outgoing }));
  note_conversation (changes, conv);
  if (in->source != CAU_XMPP_SOURCE_ARCHIVE && !in->outgoing)
    changes->live = TRUE;
  return TRUE;
}

/* Marking read recounts the unread messages, and a message removed may be
 * one of the batch's: the batch's rows must be written first. */
static gboolean
flush_batch (CauDbMessageBatch *batch)
{
  g_autoptr(GError) error = NULL;

  if (batch == NULL || cau_db_message_batch_flush (batch, &error))
    return TRUE;
  g_debug ("A batch of messages failed: %s", error->message);
  return FALSE;
}

static void
advance (CauMessageArchive *self,
         gint64             conv,
         const char        *id,
         CauDbMessageState  state,
         CauStoreChanges   *changes)
{
  g_autoptr(GError) error = NULL;
  gint64 changed = 0;

  if (!cau_db_advance_message_state (self->db, conv, id, state, &changed, &error))
    g_debug ("State not updated: %s", error->message);
  else if (changed > 0)
    g_array_append_val (changes->updated, ((CauStoreChange) { conv, changed, FALSE }));
}

/* An error came back for our message `in->id`. */
static void
fail (CauMessageArchive *self,
      gint64             conv,
      CauXmppMessage    *in,
      CauStoreChanges   *changes)
{
  g_autoptr(GError) error = NULL;
  gint64 changed = 0;

  if (in->id != NULL &&
      cau_db_fail_message (self->db, conv, in->id, in->error_text, &changed, &error) &&
      changed > 0)
    g_array_append_val (changes->updated, ((CauStoreChange) { conv, changed, FALSE }));
}

/* Our devices read the chat up to a message (XEP-0490): move the read
 * position there unless it is further already; a message we do not hold,
 * or a chat we do not have, changes nothing. */
static gboolean
store_read_state (CauMessageArchive *self,
                  CauDbMessageBatch *batch,
                  CauXmppMessage    *in,
                  CauStoreChanges   *changes)
{
  g_autoptr(GError) error = NULL;
  gint64 conv = 0;
  gint64 id = cau_db_find_archived_message (self->db, self->account_id, in->peer,
                                            in->displayed_stanza_id, &conv, &error);

  if (id > 0 && !flush_batch (batch))
    return FALSE;
  if (id > 0 && cau_db_mark_read (self->db, conv, id, &error))
    note_conversation (changes, conv);
  else if (error != NULL)
    g_debug ("Read state not stored: %s", error->message);
  return TRUE;
}

/* A room announced its subject: the empty subject is none. */
static void
store_subject (CauMessageArchive *self,
               gint64             conv,
               const char        *subject,
               CauStoreChanges   *changes)
{
  g_autoptr(GError) error = NULL;

  if (cau_db_set_room_subject (self->db, conv, *subject != '\0' ? subject : NULL, &error))
    note_conversation (changes, conv);
  else
    report_failure (self, "A room's subject was not stored", error);
}

/* XEP-0308: `in` corrects an earlier message of its author (in `room`, nullable). 1 when it
 * did, 0 when there is no such message (`in` is then kept as a message of its own), -1 when
 * `batch` failed. The corrected message may be in this very batch, which is written first. */
static int
store_correction (CauMessageArchive *self,
                  CauDbMessageBatch *batch,
                  gint64             conv,
                  const char        *room,
                  CauXmppMessage    *in,
                  CauStoreChanges   *changes)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *occupant = NULL;
  const char *sender = in->sender;
  gint64 id = 0;

  if (room != NULL)
    {
      /* The room itself corrects nothing. */
      if (in->nick == NULL)
        return 0;
      occupant = g_strconcat (room, "/", in->nick, NULL);
      sender = occupant;
    }
  if (!flush_batch (batch))
    return -1;
  if (!cau_db_correct_message (self->db, conv, in->replaces, in->outgoing, sender,
                               room != NULL ? in->occupant_id : NULL, in->body, in->time_us,
                               &id, &error))
    {
      report_failure (self, "A correction was not stored", error);
      return 1;
    }
  if (id == 0)
    return 0;
  g_array_append_val (changes->updated, ((CauStoreChange) { conv, id, FALSE }));
  note_conversation (changes, conv);
  return 1;
}

/* A moderator removed a message of the room (XEP-0425): `in` is the room's announcement, or
 * the tombstone its archive keeps instead of the message. The message may be in this very
 * batch, which is written first. A tombstone of a message we never had is kept as such. */
static gboolean
store_retraction (CauMessageArchive *self,
                  CauDbMessageBatch *batch,
                  gint64             conv,
                  const char        *room,
                  CauXmppMessage    *in,
                  CauStoreChanges   *changes)
{
  g_autoptr(GError) error = NULL;
  const char *target = in->retracted ? in->stanza_id : in->retracts;
  gint64 id = 0;

  if (target == NULL || !flush_batch (batch))
    return target == NULL;
  if (!cau_db_retract_message (self->db, conv, target, in->moderator, in->retract_reason,
                               in->time_us, &id, &error))
    {
      report_failure (self, "A removed message was not removed", error);
      return TRUE;
    }
  if (id > 0)
    {
      g_array_append_val (changes->updated, ((CauStoreChange) { conv, id, FALSE }));
      note_conversation (changes, conv);
      return TRUE;
    }
  return !in->retracted || store_body (self, batch, conv, room, in, changes);
}

/* A message of a room: its body, its subject, or an error about one of ours. Receipts and
 * markers are not asked for in rooms, and are not believed. Returns FALSE only when `batch`
 * failed. */
static gboolean
store_room_message (CauMessageArchive *self,
                    CauDbMessageBatch *batch,
                    const char        *room,
                    CauXmppMessage    *in,
                    CauStoreChanges   *changes)
{
  gint64 conv = room_conversation_id (self, room);

  if (conv == 0)
    return TRUE;

  if (in->is_error)
    {
      fail (self, conv, in, changes);
      return TRUE;
    }

  if (in->subject != NULL)
    store_subject (self, conv, in->subject, changes);

  if (in->retracts != NULL || in->retracted)
    return store_retraction (self, batch, conv, room, in, changes);

  if (in->replaces != NULL && in->body != NULL)
    {
      int corrected = store_correction (self, batch, conv, room, in, changes);

      if (corrected != 0)
        return corrected > 0;
    }

  if ((in->body != NULL || in->crypto_error != CAU_XMPP_CRYPTO_OK) &&
      !store_body (self, batch, conv, room, in, changes))
    return FALSE;

  /* The room's echo of our message (live or from its archive) says that the room took it:
   * should the server's acknowledgement have been lost, it must not go out twice. Our
   * messages are sent with the same id and origin-id. */
  if (in->outgoing && in->body != NULL && cau_xmpp_message_dedupe_id (in) != NULL)
    advance (self, conv, cau_xmpp_message_dedupe_id (in), CAU_DB_MESSAGE_SENT, changes);
  return TRUE;
}

/* Returns FALSE only when `batch` failed. A groupchat message goes to its room even when it
 * came with the account's own messages. */
static gboolean
store_one (CauMessageArchive *self,
           CauDbMessageBatch *batch,
           const char        *room,
           CauXmppMessage    *in,
           CauStoreChanges   *changes)
{
  gint64 conv;

  if (room == NULL && in->groupchat && in->peer != NULL)
    room = in->peer;
  if (room != NULL)
    return store_room_message (self, batch, room, in, changes);

  if (in->displayed_stanza_id != NULL)
    return store_read_state (self, batch, in, changes);

  conv = conversation_id (self, in->peer);

  if (conv == 0)
    return TRUE;

  if (in->is_error)
    {
      fail (self, conv, in, changes);
      return TRUE;
    }

  if (in->replaces != NULL && in->body != NULL)
    {
      int corrected = store_correction (self, batch, conv, NULL, in, changes);

      if (corrected != 0)
        return corrected > 0;
    }

  if ((in->body != NULL || in->crypto_error != CAU_XMPP_CRYPTO_OK) &&
      !store_body (self, batch, conv, NULL, in, changes))
    return FALSE;

  /* Receipts and markers only from the other party about our messages,
   * or (markers) from our own devices about theirs: read elsewhere. */
  if (in->receipt_for != NULL && !in->outgoing)
    advance (self, conv, in->receipt_for, CAU_DB_MESSAGE_DELIVERED, changes);

  if (in->displayed_for != NULL && !in->outgoing)
    {
      advance (self, conv, in->displayed_for, CAU_DB_MESSAGE_READ, changes);
    }
  else if (in->displayed_for != NULL)
    {
      g_autoptr(GError) error = NULL;
      gint64 id = cau_db_find_message (self->db, conv, in->displayed_for, &error);

      if (id > 0 && !flush_batch (batch))
        return FALSE;
      if (id > 0 && cau_db_mark_read (self->db, conv, id, &error))
        note_conversation (changes, conv);
    }
  return TRUE;
}

/* One savepoint and one update of each conversation's row for the whole
 * batch. Should a message fail, the batch is undone and the messages are
 * stored again each on its own, so that the others are kept. */
static CauStoreChanges *
store_messages (CauMessageArchive *self,
                const char        *room,
                GPtrArray         *messages)
{
  g_autoptr(GError) error = NULL;
  CauDbMessageBatch *batch = cau_db_message_batch_begin (self->db, &error);
  CauStoreChanges *changes = cau_store_changes_new (self->account_id);
  gboolean ok = batch != NULL;

  for (guint i = 0; ok && i < messages->len; i++)
    ok = store_one (self, batch, room, g_ptr_array_index (messages, i), changes);
  if (ok && cau_db_message_batch_end (g_steal_pointer (&batch), &error))
    return changes;

  g_debug ("Storing %u messages one at a time: %s", messages->len,
           error ? error->message : "a message failed");
  if (batch != NULL)
    cau_db_message_batch_abandon (batch);
  forget_conversations (self);
  cau_store_changes_free (changes);
  changes = cau_store_changes_new (self->account_id);
  for (guint i = 0; i < messages->len; i++)
    store_one (self, NULL, room, g_ptr_array_index (messages, i), changes);
  return changes;
}

/* Stores a batch in one transaction with the move of the catch-up cursor of `archive` (our
 * bare JID, or the room's) to `cursor`. `room` is the room whose messages they are, or NULL
 * for the account's own. */
static void
store_batch (CauMessageArchive *self,
             const char        *room,
             GPtrArray         *messages,
             const char        *archive,
             const char        *cursor)
{
  g_autoptr(GError) error = NULL;
  CauStoreChanges *changes;

  if (db (self) == NULL)
    return;

  if (!cau_db_begin (self->db, &error))
    {
      report_failure (self, "Messages not stored", error);
      return;
    }
  changes = store_messages (self, room, messages);
  if (cursor != NULL &&
      !cau_db_set_mam_cursor (self->db, self->account_id, archive, cursor, &error))
    report_failure (self, "Catch-up position not stored", error);
  if (!cau_db_commit (self->db, &error))
    {
      report_failure (self, "Messages not stored", error);
      cau_db_rollback (self->db);
      forget_conversations (self);
      cau_store_changes_free (changes);
      return;
    }
  post (self, changes);
}

static void
archive_store (gpointer    data,
               GPtrArray  *messages,
               const char *cursor)
{
  CauMessageArchive *self = data;

  store_batch (self, NULL, messages, self->own_jid, cursor);
}

static void
archive_store_room (gpointer    data,
                    const char *room,
                    GPtrArray  *messages,
                    const char *cursor)
{
  CauMessageArchive *self = data;

  g_return_if_fail (room != NULL);
  store_batch (self, room, messages, room, cursor);
}

/* The catch-up cursor of `archive`: our bare JID, or a room's. */
static char *
get_cursor (CauMessageArchive *self,
            const char        *archive)
{
  g_autoptr(GError) error = NULL;

  if (db (self) == NULL)
    return NULL;
  return cau_db_get_mam_cursor (self->db, self->account_id, archive, &error);
}

static void
reset_cursor (CauMessageArchive *self,
              const char        *archive)
{
  g_autoptr(GError) error = NULL;

  if (db (self) != NULL &&
      !cau_db_set_mam_cursor (self->db, self->account_id, archive, NULL, &error))
    report_failure (self, "Catch-up position not forgotten", error);
}

static char *
archive_get_cursor (gpointer data)
{
  CauMessageArchive *self = data;

  return get_cursor (self, self->own_jid);
}

static void
archive_reset_cursor (gpointer data)
{
  CauMessageArchive *self = data;

  reset_cursor (self, self->own_jid);
}

static char *
archive_get_room_cursor (gpointer    data,
                         const char *room)
{
  g_return_val_if_fail (room != NULL, NULL);
  return get_cursor (data, room);
}

static void
archive_reset_room_cursor (gpointer    data,
                           const char *room)
{
  g_return_if_fail (room != NULL);
  reset_cursor (data, room);
}

static GPtrArray *
archive_load_outbox (gpointer data)
{
  CauMessageArchive *self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  GPtrArray *outbox = g_ptr_array_new_with_free_func ((GDestroyNotify) cau_xmpp_outgoing_free);

  if (db (self) == NULL)
    return outbox;
  rows = cau_db_list_outbox (self->db, self->account_id, &error);
  for (guint i = 0; rows != NULL && i < rows->len; i++)
    {
      CauDbMessage *row = g_ptr_array_index (rows, i);
      g_autoptr(CauDbConversation) conv = cau_db_get_conversation (self->db, row->conversation_id,
                                                                   NULL);
      CauXmppOutgoing *outgoing;

      if (conv == NULL)
        continue;
      outgoing = cau_xmpp_outgoing_new (row->id, conv->peer, row->body, row->xmpp_id,
                                        row->encryption != CAU_DB_ENCRYPTION_NONE);
      outgoing->groupchat = conv->kind == CAU_DB_CONVERSATION_ROOM;
      g_ptr_array_add (outbox, outgoing);
    }
  return outbox;
}

static void
archive_mark_sent (gpointer  data,
                   GArray   *local_ids)
{
  CauMessageArchive *self = data;
  g_autoptr(GError) error = NULL;
  CauStoreChanges *changes;

  if (db (self) == NULL || !cau_db_begin (self->db, &error))
    return;
  changes = cau_store_changes_new (self->account_id);
  for (guint i = 0; i < local_ids->len; i++)
    {
      gint64 id = g_array_index (local_ids, gint64, i);
      g_autoptr(CauDbMessage) row = cau_db_get_message (self->db, id, NULL);

      if (row != NULL && row->state == CAU_DB_MESSAGE_PENDING &&
          cau_db_set_message_state (self->db, id, CAU_DB_MESSAGE_SENT, NULL, NULL))
        g_array_append_val (changes->updated, ((CauStoreChange) { row->conversation_id, id, FALSE }));
    }
  if (!cau_db_commit (self->db, &error))
    {
      cau_db_rollback (self->db);
      cau_store_changes_free (changes);
      return;
    }
  post (self, changes);
}

static void
archive_mark_failed (gpointer           data,
                     gint64             local_id,
                     CauXmppCryptoError reason)
{
  CauMessageArchive *self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CauDbMessage) row = NULL;
  CauStoreChanges *changes;

  if (db (self) == NULL)
    return;
  row = cau_db_get_message (self->db, local_id, NULL);
  if (row == NULL || !cau_db_fail_message_encryption (self->db, local_id, reason, &error))
    {
      if (error != NULL)
        report_failure (self, "A failure to encrypt was not stored", error);
      return;
    }
  changes = cau_store_changes_new (self->account_id);
  g_array_append_val (changes->updated, ((CauStoreChange) { row->conversation_id, local_id, FALSE }));
  post (self, changes);
}

static char *
archive_get_roster_version (gpointer data)
{
  CauMessageArchive *self = data;

  if (db (self) == NULL)
    return NULL;
  return cau_db_get_roster_version (self->db, self->account_id, NULL);
}

static void
archive_store_roster (gpointer    data,
                      GPtrArray  *items,
                      const char *version,
                      gboolean    full)
{
  CauMessageArchive *self = data;
  g_autoptr(GError) error = NULL;
  CauStoreChanges *changes;
  gboolean ok;

  if (db (self) == NULL || !cau_db_begin (self->db, &error))
    return;
  ok = !full || cau_db_clear_contacts (self->db, self->account_id, &error);
  for (guint i = 0; ok && i < items->len; i++)
    {
      CauXmppRosterItem *item = g_ptr_array_index (items, i);
      CauDbContact contact = { 0 };

      if (g_strcmp0 (item->subscription, "remove") == 0)
        {
          ok = cau_db_remove_contact (self->db, self->account_id, item->jid, &error);
          continue;
        }
      contact.account_id = self->account_id;
      contact.jid = item->jid;
      contact.name = item->name;
      contact.subscription = item->subscription;
      contact.ask = item->ask;
      contact.groups = item->groups;
      ok = cau_db_put_contact (self->db, &contact, &error);
    }
  if (ok && version != NULL)
    ok = cau_db_set_roster_version (self->db, self->account_id, version, &error);
  if (!ok || !cau_db_commit (self->db, error ? NULL : &error))
    {
      report_failure (self, "Roster not stored", error);
      cau_db_rollback (self->db);
      return;
    }
  changes = cau_store_changes_new (self->account_id);
  changes->roster = TRUE;
  post (self, changes);
}

static char *
archive_get_oldest_id (gpointer    data,
                       const char *peer)
{
  CauMessageArchive *self = data;
  gint64 conv;

  if (db (self) == NULL || (conv = conversation_id (self, peer)) == 0)
    return NULL;
  return cau_db_get_oldest_stanza_id (self->db, conv, NULL);
}

static void
archive_history_complete (gpointer    data,
                          const char *peer)
{
  CauMessageArchive *self = data;
  CauStoreChanges *changes;
  gint64 conv;

  if (db (self) == NULL || (conv = conversation_id (self, peer)) == 0)
    return;
  if (!cau_db_set_history_complete (self->db, conv, NULL))
    return;
  changes = cau_store_changes_new (self->account_id);
  note_conversation (changes, conv);
  post (self, changes);
}

static gboolean
archive_in_roster (gpointer    data,
                   const char *jid)
{
  CauMessageArchive *self = data;

  if (db (self) == NULL)
    return FALSE;
  return cau_db_has_contact (self->db, self->account_id, jid);
}

const CauXmppArchiveFuncs cau_message_archive_funcs = {
  .store = archive_store,
  .get_cursor = archive_get_cursor,
  .reset_cursor = archive_reset_cursor,
  .load_outbox = archive_load_outbox,
  .mark_sent = archive_mark_sent,
  .mark_failed = archive_mark_failed,
  .get_roster_version = archive_get_roster_version,
  .store_roster = archive_store_roster,
  .get_oldest_id = archive_get_oldest_id,
  .history_complete = archive_history_complete,
  .in_roster = archive_in_roster,
  .store_room = archive_store_room,
  .get_room_cursor = archive_get_room_cursor,
  .reset_room_cursor = archive_reset_room_cursor,
};

/* `jid`'s OMEMO devices changed (a list, a key learnt): whoever shows them is told, and so
 * is its conversation, if there is one (whether the next message goes encrypted may change
 * with them). */
void
cau_message_archive_devices_changed (CauMessageArchive *self,
                                     const char        *jid)
{
  CauStoreChanges *changes;
  gint64 conv;

  if (db (self) == NULL)
    return;
  changes = cau_store_changes_new (self->account_id);
  g_ptr_array_add (changes->omemo_jids, g_strdup (jid));
  conv = g_strcmp0 (jid, self->own_jid) != 0
    ? cau_db_find_conversation (self->db, self->account_id, jid, NULL)
    : 0;
  if (conv > 0)
    note_conversation (changes, conv);
  post (self, changes);
}

/* The archive's connection, opened on first use (engine thread only); NULL if it cannot be. */
CauDb *
cau_message_archive_get_db (CauMessageArchive *self)
{
  return db (self);
}

CauMessageArchive *
cau_message_archive_new (const char          *db_path,
                         gint64               account_id,
                         const char          *own_jid,
                         GMainContext        *context,
                         CauStoreChangesFunc  notify,
                         gpointer             user_data,
                         GDestroyNotify       user_data_free)
{
  CauMessageArchive *self = g_new0 (CauMessageArchive, 1);

  self->db_path = g_strdup (db_path);
  self->account_id = account_id;
  self->own_jid = g_strdup (own_jid);
  self->conversations = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->rooms = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->context = g_main_context_ref (context);
  self->notify = notify;
  self->user_data = user_data;
  self->user_data_free = user_data_free;
  return self;
}

/* Deliveries still queued hold a pointer to the archive; the archive goes
 * only after they ran: freeing is itself queued behind them. */
static gboolean
free_cb (gpointer data)
{
  CauMessageArchive *self = data;

  if (self->user_data_free != NULL)
    self->user_data_free (self->user_data);
  g_main_context_unref (self->context);
  g_hash_table_unref (self->conversations);
  g_hash_table_unref (self->rooms);
  g_free (self->own_jid);
  g_free (self->db_path);
  g_free (self);
  return G_SOURCE_REMOVE;
}

void
cau_message_archive_free (CauMessageArchive *self)
{
  /* The connection belongs to the engine thread: close it here. */
  g_clear_object (&self->db);
  queue_on_context (self->context, free_cb, self, NULL);
}
