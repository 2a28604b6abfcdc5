/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum {
  CAU_MESSAGE_PENDING,     /* ours: waiting to be sent */
  CAU_MESSAGE_SENT,        /* ours: the server has it */
  CAU_MESSAGE_DELIVERED,   /* ours: a device of the contact has it */
  CAU_MESSAGE_READ,        /* ours: the contact has seen it */
  CAU_MESSAGE_FAILED,      /* ours: refused; see error-text */
  CAU_MESSAGE_RECEIVED,    /* theirs */
} CauMessageState;

/* Why an encrypted message has no text, or one of ours was not sent because it could not be
 * encrypted. */
typedef enum {
  CAU_MESSAGE_CRYPTO_OK,
  CAU_MESSAGE_CRYPTO_NOT_FOR_US,
  CAU_MESSAGE_CRYPTO_NO_SESSION,
  CAU_MESSAGE_CRYPTO_UNKNOWN_KEY,
  CAU_MESSAGE_CRYPTO_IDENTITY_CHANGED,
  CAU_MESSAGE_CRYPTO_INVALID,
  CAU_MESSAGE_CRYPTO_UNAVAILABLE,
  CAU_MESSAGE_CRYPTO_NO_DEVICES,
  CAU_MESSAGE_CRYPTO_NO_TRUSTED,
  CAU_MESSAGE_CRYPTO_NO_KEYS,
  CAU_MESSAGE_CRYPTO_BROKEN_SESSION,
} CauMessageCryptoError;

#define CAU_TYPE_MESSAGE (cau_message_get_type ())
G_DECLARE_FINAL_TYPE (CauMessage, cau_message, CAU, MESSAGE, GObject)

gint64          cau_message_get_id          (CauMessage *self);
gboolean        cau_message_get_outgoing    (CauMessage *self);
/* Bare JID of the author; in a room, the occupant's JID (room@service/nick). */
const char     *cau_message_get_sender      (CauMessage *self);
/* Rooms: the author's nickname, and occupant id (XEP-0421) where the room gives one. */
const char     *cau_message_get_nick        (CauMessage *self);
const char     *cau_message_get_occupant_id (CauMessage *self);
/* Plain text, never markup. */
const char     *cau_message_get_body        (CauMessage *self);
/* XEP-0245: the body starts with "/me ". */
gboolean        cau_message_is_action       (CauMessage *self);
/* Unix µs. */
gint64          cau_message_get_time        (CauMessage *self);
GDateTime      *cau_message_dup_local_time  (CauMessage *self);
CauMessageState cau_message_get_state       (CauMessage *self);
const char     *cau_message_get_error_text  (CauMessage *self);
/* OMEMO: encrypted (received so, or sent or to be sent so). */
gboolean        cau_message_get_encrypted   (CauMessage *self);
CauMessageCryptoError cau_message_get_crypto_error (CauMessage *self);
/* OMEMO: the device that sent a received encrypted message; 0 for others. */
guint32         cau_message_get_sender_device (CauMessage *self);
/* Received encrypted from a device its owner has not trusted (nor verified), or distrusts. */
gboolean        cau_message_get_untrusted   (CauMessage *self);
/* XEP-0425: removed for everyone by a room's moderator (the body is then empty), by whom
 * (a nickname, nullable) and why (nullable). */
gboolean        cau_message_get_retracted   (CauMessage *self);
const char     *cau_message_get_retracted_by (CauMessage *self);
const char     *cau_message_get_retract_reason (CauMessage *self);
/* XEP-0308: its author corrected it; the body is the corrected text. */
gboolean        cau_message_get_edited      (CauMessage *self);
/* What a crypto error means and what to do, for people; NULL for none. */
const char     *cau_message_crypto_error_describe (CauMessageCryptoError error);

G_END_DECLS
