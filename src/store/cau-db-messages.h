/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

/*
 * Conversations (chats and rooms), messages, the MAM catch-up cursors and
 * the roster (schema version 2, rooms since 6). Times are Unix microseconds.
 *
 * A message is identified (DESIGN §4) by the archive id (`stanza_id`,
 * XEP-0359, given by our own archive in one-to-one chats, by the room's in
 * rooms) and by the sender's `origin_id` (the origin-id element, else the
 * stanza's id attribute). Inserting a message that matches an existing one
 * of the same conversation on either key stores nothing; if the stored one
 * had no stanza_id yet, it gets the new one. Bodies are never compared.
 */

#include "store/cau-db.h"

G_BEGIN_DECLS

typedef enum {
  CAU_DB_MESSAGE_PENDING   = 0,   /* ours, written but not yet accepted by the server */
  CAU_DB_MESSAGE_SENT      = 1,   /* ours, the server has it */
  CAU_DB_MESSAGE_DELIVERED = 2,   /* ours, XEP-0184 receipt */
  CAU_DB_MESSAGE_READ      = 3,   /* ours, XEP-0333 displayed */
  CAU_DB_MESSAGE_FAILED    = 4,   /* ours, the server returned an error */
  CAU_DB_MESSAGE_RECEIVED  = 10,  /* theirs */
} CauDbMessageState;

/* How a message came, or is to be sent (schema version 5). */
typedef enum {
  CAU_DB_ENCRYPTION_NONE         = 0,
  CAU_DB_ENCRYPTION_OMEMO_LEGACY = 1,
  CAU_DB_ENCRYPTION_OMEMO2       = 2,
} CauDbEncryption;

/* A conversation's choice. */
typedef enum {
  CAU_DB_CONVERSATION_ENCRYPTION_DEFAULT = 0,   /* OMEMO when the contact can read it */
  CAU_DB_CONVERSATION_ENCRYPTION_OMEMO   = 1,
  CAU_DB_CONVERSATION_ENCRYPTION_PLAIN   = 2,
} CauDbConversationEncryption;

/* What a conversation is with (schema version 6). */
typedef enum {
  CAU_DB_CONVERSATION_CHAT = 0,   /* one contact */
  CAU_DB_CONVERSATION_ROOM = 1,   /* a XEP-0045 room: `peer` is its bare JID */
} CauDbConversationKind;

typedef struct {
  gint64    id;               /* rowid; 0 until inserted */
  gint64    conversation_id;
  gboolean  outgoing;         /* sent by our account, from any of its devices */
  char     *sender;           /* bare JID of the author */
  char     *sender_resource;  /* nullable */
  gint64    time_us;          /* when it was sent (delay stamp) or received */
  char     *body;
  char     *xmpp_id;          /* nullable: the stanza's id attribute */
  char     *origin_id;        /* nullable: origin-id, else the id attribute */
  char     *stanza_id;        /* nullable: id in our archive */
  CauDbMessageState state;
  char     *error_text;       /* nullable: why it failed */
  CauDbEncryption encryption;
  guint32   sender_device;    /* OMEMO: the sending device; 0 when none */
  guint     crypto_error;     /* why an encrypted one has no body, or one of ours was not
                               * encrypted: the engine's CauXmppCryptoError; 0 when none */
  int       sender_trust;     /* read only: the sending OMEMO device's CauDbOmemoTrust now;
                               * -1 for other messages */
  char     *occupant_id;      /* nullable: rooms, the XEP-0421 id the room gave the author */
  gint64    retracted_us;     /* XEP-0425: when a moderator removed it (its body is then
                               * empty), 0 when not */
  char     *retracted_by;     /* nullable: the moderator's nickname */
  char     *retract_reason;   /* nullable */
  gint64    edited_us;        /* XEP-0308: when its author last corrected it, 0 when never */
} CauDbMessage;

CauDbMessage *cau_db_message_new  (void);
CauDbMessage *cau_db_message_copy (const CauDbMessage *message);
void          cau_db_message_free (CauDbMessage *message);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CauDbMessage, cau_db_message_free)

typedef struct {
  gint64    id;
  gint64    account_id;
  char     *peer;              /* bare JID of the contact */
  gint64    last_activity_us;  /* time of the newest message, or of creation */
  gint64    last_message_id;   /* 0 when there is none */
  guint     unread;            /* incoming messages after read_up_to */
  gint64    read_up_to;        /* id of the newest message read; 0 = none */
  gboolean  pinned;
  gboolean  archived;          /* closed: hidden from the list until a new message */
  char     *draft;             /* nullable */
  gboolean  history_complete;  /* paging back through the archive reached its start */
  CauDbConversationEncryption encryption;
  CauDbConversationKind kind;
  char     *room_nick;         /* nullable: rooms, our nickname in it */
  gboolean  room_joined;       /* rooms: we want to be in it (joined at every connection) */
  char     *room_name;         /* nullable: rooms, its name (disco#info or bookmark) */
  char     *subject;           /* nullable: rooms, its current subject */
  /* The newest message, for the list's preview (nullable when none). */
  char     *last_body;
  gboolean  last_outgoing;
  gboolean  last_retracted;    /* removed by a moderator: its body is empty */
} CauDbConversation;

void cau_db_conversation_free (CauDbConversation *conversation);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CauDbConversation, cau_db_conversation_free)

/* Conversations. */
gint64             cau_db_ensure_conversation     (CauDb        *self,
                                                   gint64        account_id,
                                                   const char   *peer,
                                                   GError      **error);
gint64             cau_db_find_conversation       (CauDb        *self,
                                                   gint64        account_id,
                                                   const char   *peer,
                                                   GError      **error);
CauDbConversation *cau_db_get_conversation        (CauDb        *self,
                                                   gint64        id,
                                                   GError      **error);
/* Not archived first by pinned, then by last activity, newest first;
 * account_id 0 lists every account's. */
GPtrArray         *cau_db_list_conversations      (CauDb        *self,
                                                   gint64        account_id,
                                                   GError      **error);
gboolean           cau_db_set_conversation_pinned (CauDb        *self,
                                                   gint64        id,
                                                   gboolean      pinned,
                                                   GError      **error);
gboolean           cau_db_set_conversation_archived (CauDb      *self,
                                                   gint64        id,
                                                   gboolean      archived,
                                                   GError      **error);
gboolean           cau_db_set_conversation_draft  (CauDb        *self,
                                                   gint64        id,
                                                   const char   *draft,
                                                   GError      **error);
gboolean           cau_db_set_conversation_encryption (CauDb    *self,
                                                   gint64        id,
                                                   CauDbConversationEncryption encryption,
                                                   GError      **error);
gboolean           cau_db_set_history_complete    (CauDb        *self,
                                                   gint64        id,
                                                   GError      **error);
/* Marks everything up to message `up_to` (inclusive) read; unread becomes
 * the number of incoming messages after it. Never moves backwards. */
gboolean           cau_db_mark_read               (CauDb        *self,
                                                   gint64        conversation_id,
                                                   gint64        up_to,
                                                   GError      **error);

/* Rooms (XEP-0045, schema version 6): conversations of kind
 * CAU_DB_CONVERSATION_ROOM. Their messages have the room's bare JID as
 * `sender` and the occupant's nickname as `sender_resource`, ours too; the
 * room's archive cursor is the MAM cursor whose archive is the room. */
gint64             cau_db_ensure_room             (CauDb        *self,
                                                   gint64        account_id,
                                                   const char   *room,
                                                   const char   *nick,
                                                   GError      **error);
gboolean           cau_db_set_room_joined         (CauDb        *self,
                                                   gint64        conversation_id,
                                                   gboolean      joined,
                                                   GError      **error);
gboolean           cau_db_set_room_nick           (CauDb        *self,
                                                   gint64        conversation_id,
                                                   const char   *nick,
                                                   GError      **error);
gboolean           cau_db_set_room_name           (CauDb        *self,
                                                   gint64        conversation_id,
                                                   const char   *name,
                                                   GError      **error);
gboolean           cau_db_set_room_subject        (CauDb        *self,
                                                   gint64        conversation_id,
                                                   const char   *subject,
                                                   GError      **error);
/* The account's rooms to join (room_joined), by peer. */
GPtrArray         *cau_db_list_joined_rooms       (CauDb        *self,
                                                   gint64        account_id,
                                                   GError      **error);

/* Messages. */

/* Stores `message` unless it is a duplicate (then *duplicate is TRUE and
 * message->id is the stored one's). A new message updates the
 * conversation: last activity, newest message, unread count (incoming
 * only), and un-archives it. Call inside cau_db_begin()/commit() to batch. */
gboolean           cau_db_insert_message          (CauDb        *self,
                                                   CauDbMessage *message,
                                                   gboolean     *duplicate,
                                                   GError      **error);
/* Many messages with one savepoint and one update of each conversation's
 * row: add them, then end the batch. A failed add or end keeps nothing of
 * the batch; store its messages one by one then to keep all the others. */
typedef struct _CauDbMessageBatch CauDbMessageBatch;

CauDbMessageBatch *cau_db_message_batch_begin     (CauDb              *self,
                                                   GError            **error);
gboolean           cau_db_message_batch_add       (CauDbMessageBatch  *batch,
                                                   CauDbMessage       *message,
                                                   gboolean           *duplicate,
                                                   GError            **error);
/* Updates the conversations' rows now: before reading them or marking
 * read in the middle of a batch. */
gboolean           cau_db_message_batch_flush     (CauDbMessageBatch  *batch,
                                                   GError            **error);
gboolean           cau_db_message_batch_end       (CauDbMessageBatch  *batch,
                                                   GError            **error);
void               cau_db_message_batch_abandon   (CauDbMessageBatch  *batch);
CauDbMessage      *cau_db_get_message             (CauDb        *self,
                                                   gint64        id,
                                                   GError      **error);
/* Pages in history order, (time_us, id) ascending. `before`/`after` are
 * message ids; 0 means from the newest / from the oldest. The result is
 * ascending in both cases. */
GPtrArray         *cau_db_list_messages_before    (CauDb        *self,
                                                   gint64        conversation_id,
                                                   gint64        before,
                                                   guint         limit,
                                                   GError      **error);
GPtrArray         *cau_db_list_messages_after     (CauDb        *self,
                                                   gint64        conversation_id,
                                                   gint64        after,
                                                   guint         limit,
                                                   GError      **error);
guint              cau_db_count_messages          (CauDb        *self,
                                                   gint64        conversation_id,
                                                   GError      **error);
/* Moves an outgoing message forward (pending → sent → delivered → read),
 * never back; FAILED only from PENDING or SENT. Returns the id changed in
 * *changed_id (0 when nothing changed). By our id (receipts and markers
 * quote the id we sent). */
gboolean           cau_db_advance_message_state   (CauDb        *self,
                                                   gint64        conversation_id,
                                                   const char   *xmpp_id,
                                                   CauDbMessageState state,
                                                   gint64       *changed_id,
                                                   GError      **error);
/* An error bounced for our message `xmpp_id`: like advancing to FAILED (only
 * from PENDING or SENT) but also records why. */
gboolean           cau_db_fail_message            (CauDb        *self,
                                                   gint64        conversation_id,
                                                   const char   *xmpp_id,
                                                   const char   *error_text,
                                                   gint64       *changed_id,
                                                   GError      **error);
gboolean           cau_db_fail_message_encryption (CauDb      *self,
                                                   gint64        id,
                                                   guint         crypto_error,
                                                   GError      **error);
gboolean           cau_db_set_message_state       (CauDb        *self,
                                                   gint64        id,
                                                   CauDbMessageState state,
                                                   const char   *error_text,
                                                   GError      **error);
/* XEP-0425: a moderator removed the message of archive id `stanza_id` (cau-db-message-edits.c). */
gboolean           cau_db_retract_message         (CauDb        *self,
                                                   gint64        conversation_id,
                                                   const char   *stanza_id,
                                                   const char   *by,
                                                   const char   *reason,
                                                   gint64        time_us,
                                                   gint64       *out_id,
                                                   GError      **error);
/* XEP-0308: the author's message `replaces` takes the corrected `body`. */
gboolean           cau_db_correct_message         (CauDb        *self,
                                                   gint64        conversation_id,
                                                   const char   *replaces,
                                                   gboolean      outgoing,
                                                   const char   *sender,
                                                   const char   *occupant_id,
                                                   const char   *body,
                                                   gint64        time_us,
                                                   gint64       *out_id,
                                                   GError      **error);
/* Our newest message in the conversation, 0 when none. */
gint64             cau_db_get_last_outgoing_id    (CauDb        *self,
                                                   gint64        conversation_id,
                                                   GError      **error);
/* Id of the newest incoming message with this xmpp_id or origin_id, 0 when unknown. */
gint64             cau_db_find_message            (CauDb        *self,
                                                   gint64        conversation_id,
                                                   const char   *xmpp_id,
                                                   GError      **error);
/* Id of the message our server archived as `stanza_id` in the account's
 * conversation with `peer` (its conversation in *conversation_id), 0 when
 * there is none: never creates the conversation. */
gint64             cau_db_find_archived_message   (CauDb        *self,
                                                   gint64        account_id,
                                                   const char   *peer,
                                                   const char   *stanza_id,
                                                   gint64       *conversation_id,
                                                   GError      **error);
/* Our pending messages of an account, oldest first: the outbox. */
GPtrArray         *cau_db_list_outbox             (CauDb        *self,
                                                   gint64        account_id,
                                                   GError      **error);
/* The stanza_id of the oldest message of the conversation that has one. */
char              *cau_db_get_oldest_stanza_id    (CauDb        *self,
                                                   gint64        conversation_id,
                                                   GError      **error);

/* MAM catch-up (XEP-0313): the newest archive id up to which the archive
 * `archive` (our bare JID for one-to-one) is known to be held locally with
 * no gap. NULL when nothing is held yet. */
char              *cau_db_get_mam_cursor          (CauDb        *self,
                                                   gint64        account_id,
                                                   const char   *archive,
                                                   GError      **error);
gboolean           cau_db_set_mam_cursor          (CauDb        *self,
                                                   gint64        account_id,
                                                   const char   *archive,
                                                   const char   *stanza_id,
                                                   GError      **error);

/* Roster (RFC 6121), with its XEP-0237 version. */
typedef struct {
  gint64    account_id;
  char     *jid;
  char     *name;           /* nullable */
  char     *subscription;   /* "none", "to", "from", "both" */
  gboolean  ask;            /* our subscription request is pending */
  char    **groups;         /* never NULL */
} CauDbContact;

CauDbContact *cau_db_contact_new  (void);
CauDbContact *cau_db_contact_copy (const CauDbContact *contact);
void          cau_db_contact_free (CauDbContact *contact);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CauDbContact, cau_db_contact_free)

GPtrArray    *cau_db_list_contacts         (CauDb        *self,
                                            gint64        account_id,
                                            GError      **error);
/* Inserts or replaces the contact (account_id, jid). */
gboolean      cau_db_put_contact           (CauDb        *self,
                                            const CauDbContact *contact,
                                            GError      **error);
gboolean      cau_db_remove_contact        (CauDb        *self,
                                            gint64        account_id,
                                            const char   *jid,
                                            GError      **error);
/* Removes every contact of the account (before a full roster result). */
gboolean      cau_db_clear_contacts        (CauDb        *self,
                                            gint64        account_id,
                                            GError      **error);
char         *cau_db_get_roster_version    (CauDb        *self,
                                            gint64        account_id,
                                            GError      **error);
gboolean      cau_db_set_roster_version    (CauDb        *self,
                                            gint64        account_id,
                                            const char   *version,
                                            GError      **error);

G_END_DECLS
