/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

#include <gio/gio.h>

#include "core/cau-account.h"
#include "core/cau-history.h"
#include "core/cau-message.h"
#include "core/cau-room.h"

G_BEGIN_DECLS

typedef enum {
  CAU_CHAT_STATE_NONE,
  CAU_CHAT_STATE_ACTIVE,
  CAU_CHAT_STATE_COMPOSING,
  CAU_CHAT_STATE_PAUSED,
  CAU_CHAT_STATE_INACTIVE,
  CAU_CHAT_STATE_GONE,
} CauChatState;

#define CAU_TYPE_CONVERSATION (cau_conversation_get_type ())
G_DECLARE_FINAL_TYPE (CauConversation, cau_conversation, CAU, CONVERSATION, GObject)

gint64        cau_conversation_get_id            (CauConversation *self);
CauAccount   *cau_conversation_get_account       (CauConversation *self);
/* Bare JID of the contact. */
const char   *cau_conversation_get_peer          (CauConversation *self);
/* The contact's name (a room's own name), else the address. */
const char   *cau_conversation_get_title         (CauConversation *self);
/* Rooms (XEP-0045); NULL for a one-to-one chat. */
CauRoom      *cau_conversation_get_room          (CauConversation *self);
/* A private conversation with a room's occupant (its peer is room@service/nick): no contact,
 * never encrypted. */
gboolean      cau_conversation_is_private_chat   (CauConversation *self);
/* Whether `message`, just received, deserves a notification: always in a one-to-one chat; in
 * a room, as the room's choice says (a mention counts unless the room is set to none). */
gboolean      cau_conversation_should_notify     (CauConversation *self,
                                                  CauMessage      *message);
guint         cau_conversation_get_unread        (CauConversation *self);
/* Unix µs of the newest message (or of creation). */
gint64        cau_conversation_get_last_activity (CauConversation *self);
/* The newest message's text (nullable) and whether we wrote it. */
const char   *cau_conversation_get_preview       (CauConversation *self);
gboolean      cau_conversation_get_preview_outgoing (CauConversation *self);
gboolean      cau_conversation_get_pinned        (CauConversation *self);
const char   *cau_conversation_get_draft         (CauConversation *self);
/* What the contact is doing (XEP-0085). */
CauChatState  cau_conversation_get_chat_state    (CauConversation *self);

/* The history, shared while anyone holds it. */
CauHistory   *cau_conversation_dup_history       (CauConversation *self);

/* Stores the message as pending and sends it when the account is online.
 * Empty or whitespace-only text is refused. */
gboolean      cau_conversation_send              (CauConversation *self,
                                                  const char      *text,
                                                  GError         **error);
/* XEP-0308: whether `message` may be corrected (our last message here, sent, not removed),
 * and correcting it, here and for everyone, while online. */
gboolean      cau_conversation_can_correct       (CauConversation *self,
                                                  CauMessage      *message);
gboolean      cau_conversation_correct           (CauConversation *self,
                                                  CauMessage      *message,
                                                  const char      *text,
                                                  GError         **error);
/* Everything shown is read: clears the unread count here and, through a
 * displayed marker (XEP-0333), on the contact's and our other devices. */
void          cau_conversation_mark_read         (CauConversation *self);
/* OMEMO: whether the next message goes encrypted; the default follows whether the contact can
 * read it, until the owner chooses. */
gboolean      cau_conversation_get_encrypted     (CauConversation *self);
void          cau_conversation_set_encrypted     (CauConversation *self,
                                                  gboolean         encrypted);
void          cau_conversation_set_pinned        (CauConversation *self,
                                                  gboolean         pinned);
/* Closes it: out of the list until a new message comes. A room is left. */
void          cau_conversation_archive           (CauConversation *self);
void          cau_conversation_set_draft         (CauConversation *self,
                                                  const char      *draft);
/* Our typing state (XEP-0085), sent when it changes, and only once the
 * contact's client has shown with a chat state of its own that it takes them. */
void          cau_conversation_set_own_chat_state (CauConversation *self,
                                                   CauChatState     state);

G_END_DECLS
