/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

/*
 * One-to-one messages as the inbound pipeline sees them (DESIGN §4):
 * parsed from a live stanza, a carbon (XEP-0280) or an archive result
 * (XEP-0313), with the sender validated and the wrapping removed. Plain
 * data, owned copies: safe to hand from the engine thread to the store.
 */

#include <glib.h>

#include "xmpp/cau-xmpp-omemo-types.h"

G_BEGIN_DECLS

/* Longest body kept, in bytes: Prosody's default stanza limit. A longer
 * one is cut at a character boundary and flagged. */
#define CAU_XMPP_MAX_BODY (256 * 1024)

typedef enum {
  CAU_XMPP_SOURCE_LIVE,
  CAU_XMPP_SOURCE_CARBON,
  CAU_XMPP_SOURCE_ARCHIVE,
} CauXmppSource;

typedef enum {
  CAU_XMPP_CHAT_STATE_NONE,
  CAU_XMPP_CHAT_STATE_ACTIVE,
  CAU_XMPP_CHAT_STATE_COMPOSING,
  CAU_XMPP_CHAT_STATE_PAUSED,
  CAU_XMPP_CHAT_STATE_INACTIVE,
  CAU_XMPP_CHAT_STATE_GONE,
} CauXmppChatState;

/* How a message came. The values are stored: never renumber them. */
typedef enum {
  CAU_XMPP_ENCRYPTION_NONE         = 0,
  CAU_XMPP_ENCRYPTION_OMEMO_LEGACY = 1,
  CAU_XMPP_ENCRYPTION_OMEMO2       = 2,
} CauXmppEncryption;

/* Why an encrypted message could not be read, or one of ours not encrypted. The values are
 * stored: never renumber them. */
typedef enum {
  CAU_XMPP_CRYPTO_OK               = 0,
  /* Received. */
  CAU_XMPP_CRYPTO_NOT_FOR_US       = 1,  /* no key for this device */
  CAU_XMPP_CRYPTO_NO_SESSION       = 2,  /* no session with the sending device */
  CAU_XMPP_CRYPTO_UNKNOWN_KEY      = 3,  /* a key exchange with a pre-key we no longer have */
  CAU_XMPP_CRYPTO_IDENTITY_CHANGED = 4,  /* the sending device's identity key changed */
  CAU_XMPP_CRYPTO_INVALID          = 5,  /* malformed or tampered with */
  CAU_XMPP_CRYPTO_UNAVAILABLE      = 6,  /* encryption cannot run on this device */
  /* Ours, not sent. */
  CAU_XMPP_CRYPTO_NO_DEVICES       = 7,  /* the contact published no OMEMO device */
  CAU_XMPP_CRYPTO_NO_TRUSTED       = 8,  /* none of the contact's devices is trusted */
  CAU_XMPP_CRYPTO_NO_KEYS          = 9,  /* no session could be set up with its devices */
  /* Received, again. */
  CAU_XMPP_CRYPTO_BAD_KEY          = 10, /* the session with the sending device is broken */
  /* Never stored: a copy of a message decrypted before (the message is dropped). */
  CAU_XMPP_CRYPTO_DUPLICATE        = 100,
} CauXmppCryptoError;

typedef struct {
  CauXmppSource     source;
  gboolean          outgoing;        /* sent by our account (another device, or the archive) */
  char             *peer;            /* bare JID of the other party: the conversation */
  char             *sender;          /* bare JID of the author */
  char             *sender_resource; /* nullable */
  char             *to_resource;     /* nullable: the resource it was addressed to */
  char             *body;            /* nullable: no body = not a chat message */
  gboolean          body_truncated;
  char             *id;              /* nullable: the id attribute */
  char             *origin_id;       /* nullable: XEP-0359 origin-id */
  char             *stanza_id;       /* nullable: XEP-0359 stanza-id by our bare JID */
  gint64            time_us;         /* XEP-0203 delay, else now; Unix µs */
  gboolean          delayed;         /* time_us came from a delay stamp */
  gboolean          wants_receipt;   /* XEP-0184 <request/> */
  char             *receipt_for;     /* nullable: XEP-0184 <received id=''/> */
  gboolean          markable;        /* XEP-0333 <markable/> */
  char             *displayed_for;   /* nullable: XEP-0333 <displayed id=''/> */
  char             *displayed_stanza_id; /* nullable: XEP-0490: our devices read the chat
                                          * up to our server's archive id (no body then) */
  CauXmppChatState  chat_state;      /* XEP-0085 */
  gboolean          is_error;        /* type='error': about our message `id` */
  char             *error_text;      /* nullable: the error's text or condition */
  CauXmppEncryption encryption;      /* how the body came (its fallback text is dropped) */
  guint32           sender_device;   /* OMEMO: the sending device, 0 otherwise */
  CauXmppCryptoError crypto_error;   /* OMEMO: why there is no body */
  CauXmppOmemoEncrypted *omemo;      /* nullable: the <encrypted/>, until decrypted */
  CauXmppOmemoEncrypted *omemo_other; /* nullable: the legacy one, when OMEMO 2's is `omemo` */
  /* Rooms (XEP-0045): `peer` and `sender` are then the room's bare JID, `stanza_id` the
   * room's archive id. */
  gboolean          groupchat;
  char             *nick;            /* nullable: the occupant's; NULL from the room itself */
  char             *occupant_id;     /* nullable: XEP-0421, when the room gives it */
  char             *subject;         /* nullable: a new subject */
  /* XEP-0425. From the room itself: a moderator removed the message of archive id
   * `retracts`. From the room's archive: `retracted`, this message is what is left of one a
   * moderator removed. Either way, who (a nickname, nullable) and why (nullable). */
  char             *retracts;
  gboolean          retracted;
  char             *moderator;
  char             *retract_reason;
  /* XEP-0308: the body corrects that of the sender's message of this id (nullable). */
  char             *replaces;
  /* Rooms, from the room's archive only: the author's bare JID as the room recorded it
   * (XEP-0045 §7.2.3's <item jid=''/>), for one room element of the kind; nullable. */
  char             *real_jid;
} CauXmppMessage;

CauXmppMessage *cau_xmpp_message_new  (void);
CauXmppMessage *cau_xmpp_message_copy (const CauXmppMessage *message);
void            cau_xmpp_message_free (CauXmppMessage       *message);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CauXmppMessage, cau_xmpp_message_free)

/* The archive id of the newest of `messages` (CauXmppMessage, in arrival order) that has
 * one, or NULL. */
const char     *cau_xmpp_messages_newest_stanza_id (GPtrArray *messages);

/* The key under which a message is deduplicated: origin-id, else id. */
const char     *cau_xmpp_message_dedupe_id (const CauXmppMessage *message);

const char     *cau_xmpp_chat_state_to_string   (CauXmppChatState  state);
CauXmppChatState cau_xmpp_chat_state_from_string (const char       *name);

G_END_DECLS
