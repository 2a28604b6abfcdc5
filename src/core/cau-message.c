/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-message.h"
#include "cau-time.h"
#include "cau-message-private.h"
#include "store/cau-db-omemo.h"

#include <glib/gi18n-lib.h>
#include <string.h>

struct _CauMessage
{
  GObject          parent_instance;

  gint64           id;
  gint64           conversation_id;
  gboolean         outgoing;
  char            *sender;
  char            *nick;
  char            *occupant_id;
  char            *body;
  gint64           time_us;
  char            *xmpp_id;
  CauMessageState  state;
  char            *error_text;
  gboolean         encrypted;
  CauMessageCryptoError crypto_error;
  gboolean         untrusted;
  guint32          sender_device;
  gboolean         retracted;
  gboolean         edited;
  char            *retracted_by;
  char            *retract_reason;
};

G_DEFINE_FINAL_TYPE (CauMessage, cau_message, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATE,
  PROP_BODY,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

static CauMessageState
state_from_db (CauDbMessageState state)
{
  switch (state)
    {
    case CAU_DB_MESSAGE_PENDING:   return CAU_MESSAGE_PENDING;
    case CAU_DB_MESSAGE_SENT:      return CAU_MESSAGE_SENT;
    case CAU_DB_MESSAGE_DELIVERED: return CAU_MESSAGE_DELIVERED;
    case CAU_DB_MESSAGE_READ:      return CAU_MESSAGE_READ;
    case CAU_DB_MESSAGE_FAILED:    return CAU_MESSAGE_FAILED;
    case CAU_DB_MESSAGE_RECEIVED:
    default:                       return CAU_MESSAGE_RECEIVED;
    }
}

/* The store keeps the engine's codes (CauXmppCryptoError), which these follow. */
static CauMessageCryptoError
crypto_error_from_db (guint code)
{
  return code <= CAU_MESSAGE_CRYPTO_BROKEN_SESSION ? (CauMessageCryptoError) code
                                                   : CAU_MESSAGE_CRYPTO_UNAVAILABLE;
}

static void
cau_message_finalize (GObject *object)
{
  CauMessage *self = CAU_MESSAGE (object);

  g_free (self->sender);
  g_free (self->nick);
  g_free (self->occupant_id);
  g_free (self->body);
  g_free (self->xmpp_id);
  g_free (self->error_text);
  g_free (self->retracted_by);
  g_free (self->retract_reason);
  G_OBJECT_CLASS (cau_message_parent_class)->finalize (object);
}

static void
cau_message_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  CauMessage *self = CAU_MESSAGE (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;
    case PROP_BODY:
      g_value_set_string (value, self->body);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cau_message_class_init (CauMessageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cau_message_finalize;
  object_class->get_property = cau_message_get_property;

  props[PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL, 0, CAU_MESSAGE_RECEIVED, CAU_MESSAGE_RECEIVED,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Notified when the text changes after the message came: removed by a moderator, or
   * corrected. */
  props[PROP_BODY] =
    g_param_spec_string ("body", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);
}

static void
cau_message_init (CauMessage *self)
{
}

CauMessage *
cau_message_new_from_row (const CauDbMessage *row)
{
  CauMessage *self = g_object_new (CAU_TYPE_MESSAGE, NULL);

  self->id = row->id;
  self->conversation_id = row->conversation_id;
  self->outgoing = row->outgoing;
  self->sender = g_strdup (row->sender);
  /* In a room the author is an occupant, room@service/nick (one-to-one senders are bare). */
  if (strchr (row->sender, '/') != NULL)
    {
      self->nick = g_strdup (row->sender_resource);
      self->occupant_id = g_strdup (row->occupant_id);
    }
  self->body = g_strdup (row->body ? row->body : "");
  self->time_us = row->time_us;
  self->xmpp_id = g_strdup (row->xmpp_id);
  self->state = state_from_db (row->state);
  self->error_text = g_strdup (row->error_text);
  self->encrypted = row->encryption != CAU_DB_ENCRYPTION_NONE;
  self->crypto_error = crypto_error_from_db (row->crypto_error);
  self->sender_device = row->sender_device;
  self->untrusted = !row->outgoing && self->encrypted && row->sender_trust >= 0 &&
                    row->sender_trust != CAU_DB_OMEMO_TRUSTED &&
                    row->sender_trust != CAU_DB_OMEMO_VERIFIED;
  self->retracted = row->retracted_us != 0;
  self->edited = row->edited_us != 0;
  self->retracted_by = g_strdup (row->retracted_by);
  self->retract_reason = g_strdup (row->retract_reason);
  return self;
}

/* What can change of a message's text (removed by a moderator, corrected by its author):
 * FALSE when nothing did. */
static gboolean
update_text (CauMessage         *self,
             const CauDbMessage *row)
{
  gboolean retracted = row->retracted_us != 0;
  gboolean edited = row->edited_us != 0;
  const char *body = row->body ? row->body : "";

  if (retracted == self->retracted && edited == self->edited && g_strcmp0 (body, self->body) == 0)
    return FALSE;
  self->retracted = retracted;
  self->edited = edited;
  g_free (self->body);
  self->body = g_strdup (body);
  g_free (self->retracted_by);
  self->retracted_by = g_strdup (row->retracted_by);
  g_free (self->retract_reason);
  self->retract_reason = g_strdup (row->retract_reason);
  return TRUE;
}

void
cau_message_update_from_row (CauMessage         *self,
                             const CauDbMessage *row)
{
  CauMessageState state = state_from_db (row->state);

  g_free (self->error_text);
  self->error_text = g_strdup (row->error_text);
  self->crypto_error = crypto_error_from_db (row->crypto_error);
  if (update_text (self, row))
    g_object_notify_by_pspec (G_OBJECT (self), props[PROP_BODY]);
  if (state != self->state)
    {
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), props[PROP_STATE]);
    }
}

/**
 * cau_message_get_retracted:
 * @self: a #CauMessage
 *
 * Returns: whether a moderator removed the message for everyone (XEP-0425); its body is then
 *   empty
 */
gboolean
cau_message_get_retracted (CauMessage *self)
{
  g_return_val_if_fail (CAU_IS_MESSAGE (self), FALSE);
  return self->retracted;
}

/**
 * cau_message_get_edited:
 * @self: a #CauMessage
 *
 * Returns: whether its author corrected it (XEP-0308): the body is the corrected text
 */
gboolean
cau_message_get_edited (CauMessage *self)
{
  g_return_val_if_fail (CAU_IS_MESSAGE (self), FALSE);
  return self->edited;
}

/**
 * cau_message_get_retracted_by:
 * @self: a #CauMessage
 *
 * Returns: (nullable): the nickname of the moderator who removed it, when the room said
 */
const char *
cau_message_get_retracted_by (CauMessage *self)
{
  g_return_val_if_fail (CAU_IS_MESSAGE (self), NULL);
  return self->retracted_by;
}

/**
 * cau_message_get_retract_reason:
 * @self: a #CauMessage
 *
 * Returns: (nullable): why the moderator removed it, when they said
 */
const char *
cau_message_get_retract_reason (CauMessage *self)
{
  g_return_val_if_fail (CAU_IS_MESSAGE (self), NULL);
  return self->retract_reason;
}

const char *
cau_message_get_xmpp_id (CauMessage *self)
{
  return self->xmpp_id;
}

gint64
cau_message_get_id (CauMessage *self)
{
  g_return_val_if_fail (CAU_IS_MESSAGE (self), 0);
  return self->id;
}

gboolean
cau_message_get_outgoing (CauMessage *self)
{
  g_return_val_if_fail (CAU_IS_MESSAGE (self), FALSE);
  return self->outgoing;
}

/**
 * cau_message_get_nick:
 * @self: a #CauMessage
 *
 * Returns: (nullable): in a room, the author's nickname; %NULL in a one-to-one chat or for
 *   the room's own messages
 */
const char *
cau_message_get_nick (CauMessage *self)
{
  g_return_val_if_fail (CAU_IS_MESSAGE (self), NULL);
  return self->nick;
}

/**
 * cau_message_get_occupant_id:
 * @self: a #CauMessage
 *
 * Returns: (nullable): in a room that gives them (XEP-0421), the author's occupant id: the
 *   same person under any nickname
 */
const char *
cau_message_get_occupant_id (CauMessage *self)
{
  g_return_val_if_fail (CAU_IS_MESSAGE (self), NULL);
  return self->occupant_id;
}

const char *
cau_message_get_sender (CauMessage *self)
{
  g_return_val_if_fail (CAU_IS_MESSAGE (self), NULL);
  return self->sender;
}

const char *
cau_message_get_body (CauMessage *self)
{
  g_return_val_if_fail (CAU_IS_MESSAGE (self), NULL);
  return self->body;
}

gboolean
cau_message_is_action (CauMessage *self)
{
  g_return_val_if_fail (CAU_IS_MESSAGE (self), FALSE);
  return g_str_has_prefix (self->body, "/me ");
}

gint64
cau_message_get_time (CauMessage *self)
{
  g_return_val_if_fail (CAU_IS_MESSAGE (self), 0);
  return self->time_us;
}

GDateTime *
cau_message_dup_local_time (CauMessage *self)
{
  GDateTime *local;

  g_return_val_if_fail (CAU_IS_MESSAGE (self), NULL);
  local = cau_date_time_new_unix_local (self->time_us / G_USEC_PER_SEC);
  return local ? local : cau_date_time_new_now_local ();
}

CauMessageState
cau_message_get_state (CauMessage *self)
{
  g_return_val_if_fail (CAU_IS_MESSAGE (self), CAU_MESSAGE_RECEIVED);
  return self->state;
}

const char *
cau_message_get_error_text (CauMessage *self)
{
  g_return_val_if_fail (CAU_IS_MESSAGE (self), NULL);
  return self->error_text;
}

gboolean
cau_message_get_encrypted (CauMessage *self)
{
  g_return_val_if_fail (CAU_IS_MESSAGE (self), FALSE);
  return self->encrypted;
}

guint32
cau_message_get_sender_device (CauMessage *self)
{
  g_return_val_if_fail (CAU_IS_MESSAGE (self), 0);
  return self->sender_device;
}

gboolean
cau_message_get_untrusted (CauMessage *self)
{
  g_return_val_if_fail (CAU_IS_MESSAGE (self), FALSE);
  return self->untrusted;
}

CauMessageCryptoError
cau_message_get_crypto_error (CauMessage *self)
{
  g_return_val_if_fail (CAU_IS_MESSAGE (self), CAU_MESSAGE_CRYPTO_OK);
  return self->crypto_error;
}

/**
 * cau_message_crypto_error_describe:
 * @error: a crypto error
 *
 * Returns: (nullable): what @error means for the person reading, and what they can do
 */
const char *
cau_message_crypto_error_describe (CauMessageCryptoError error)
{
  switch (error)
    {
    case CAU_MESSAGE_CRYPTO_OK:
      return NULL;
    case CAU_MESSAGE_CRYPTO_NOT_FOR_US:
      return _("This message was not encrypted for this device.");
    case CAU_MESSAGE_CRYPTO_NO_SESSION:
      return _("This message cannot be decrypted: this device has no encryption session with "
               "the sender’s device yet.");
    case CAU_MESSAGE_CRYPTO_UNKNOWN_KEY:
      return _("This message cannot be decrypted: it uses a key this device no longer has.");
    case CAU_MESSAGE_CRYPTO_IDENTITY_CHANGED:
      return _("This message cannot be decrypted: the sender’s device changed its identity "
               "key.");
    case CAU_MESSAGE_CRYPTO_INVALID:
      return _("This message cannot be decrypted: it is damaged or was tampered with.");
    case CAU_MESSAGE_CRYPTO_UNAVAILABLE:
      return _("This message cannot be decrypted: encryption is not available on this "
               "device.");
    case CAU_MESSAGE_CRYPTO_NO_DEVICES:
      return _("The contact’s app does not support encryption. Turn encryption off for this "
               "chat to send your message unencrypted.");
    case CAU_MESSAGE_CRYPTO_NO_TRUSTED:
      return _("None of the contact’s devices is trusted. Check their devices in the "
               "contact’s profile.");
    case CAU_MESSAGE_CRYPTO_NO_KEYS:
      return _("Encryption could not be set up with the contact’s devices. Try again later.");
    case CAU_MESSAGE_CRYPTO_BROKEN_SESSION:
      return _("This message cannot be decrypted: the encryption session with the sender’s "
               "device is broken. A new one was offered to that device; its next messages "
               "should be readable.");
    default:
      return NULL;
    }
}
