/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-conversation.h"
#include "cau-conversation-private.h"
#include "cau-core-private.h"
#include "cau-history-private.h"
#include "cau-message-private.h"
#include "cau-room-private.h"
#include "store/cau-db-omemo.h"

#include <glib/gi18n-lib.h>
#include <string.h>

struct _CauConversation
{
  GObject                 parent_instance;

  CauAccount             *account;
  CauDb                  *db;
  CauConversationChanged  changed;
  gpointer                changed_data;
  GWeakRef                history;

  gint64                  id;
  char                   *peer;
  char                   *title;
  guint                   unread;
  gint64                  last_activity;
  gint64                  last_message_id;
  char                   *preview;
  gboolean                preview_outgoing;
  gboolean                pinned;
  gboolean                archived;
  gboolean                history_complete;
  char                   *draft;
  CauChatState            chat_state;
  CauChatState            own_chat_state;
  gboolean                peer_uses_chat_states;
  CauDbConversationEncryption encryption;   /* the owner's choice */
  gboolean                encrypted;        /* what the next message gets */
  CauRoom                *room;             /* rooms only */
};

G_DEFINE_FINAL_TYPE (CauConversation, cau_conversation, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TITLE,
  PROP_UNREAD,
  PROP_LAST_ACTIVITY,
  PROP_PREVIEW,
  PROP_PINNED,
  PROP_CHAT_STATE,
  PROP_ENCRYPTED,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

static void
cau_conversation_dispose (GObject *object)
{
  CauConversation *self = CAU_CONVERSATION (object);

  g_clear_object (&self->account);
  g_clear_object (&self->db);
  g_clear_object (&self->room);
  g_weak_ref_clear (&self->history);
  G_OBJECT_CLASS (cau_conversation_parent_class)->dispose (object);
}

static void
cau_conversation_finalize (GObject *object)
{
  CauConversation *self = CAU_CONVERSATION (object);

  g_free (self->peer);
  g_free (self->title);
  g_free (self->preview);
  g_free (self->draft);
  G_OBJECT_CLASS (cau_conversation_parent_class)->finalize (object);
}

static void
cau_conversation_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  CauConversation *self = CAU_CONVERSATION (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, cau_conversation_get_title (self));
      break;
    case PROP_UNREAD:
      g_value_set_uint (value, self->unread);
      break;
    case PROP_LAST_ACTIVITY:
      g_value_set_int64 (value, self->last_activity);
      break;
    case PROP_PREVIEW:
      g_value_set_string (value, self->preview);
      break;
    case PROP_PINNED:
      g_value_set_boolean (value, self->pinned);
      break;
    case PROP_CHAT_STATE:
      g_value_set_int (value, self->chat_state);
      break;
    case PROP_ENCRYPTED:
      g_value_set_boolean (value, self->encrypted);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cau_conversation_class_init (CauConversationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = cau_conversation_dispose;
  object_class->finalize = cau_conversation_finalize;
  object_class->get_property = cau_conversation_get_property;

  props[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, flags);
  props[PROP_UNREAD] = g_param_spec_uint ("unread", NULL, NULL, 0, G_MAXUINT, 0, flags);
  props[PROP_LAST_ACTIVITY] = g_param_spec_int64 ("last-activity", NULL, NULL,
                                                  0, G_MAXINT64, 0, flags);
  props[PROP_PREVIEW] = g_param_spec_string ("preview", NULL, NULL, NULL, flags);
  props[PROP_PINNED] = g_param_spec_boolean ("pinned", NULL, NULL, FALSE, flags);
  props[PROP_CHAT_STATE] = g_param_spec_int ("chat-state", NULL, NULL,
                                             0, CAU_CHAT_STATE_GONE, 0, flags);
  props[PROP_ENCRYPTED] = g_param_spec_boolean ("encrypted", NULL, NULL, FALSE, flags);
  g_object_class_install_properties (object_class, N_PROPS, props);
}

static void
cau_conversation_init (CauConversation *self)
{
  g_weak_ref_init (&self->history, NULL);
}

/* From the store. */

static void
set_string (CauConversation  *self,
            char            **field,
            const char       *value,
            GParamSpec       *pspec)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  if (pspec != NULL)
    g_object_notify_by_pspec (G_OBJECT (self), pspec);
}

/* The contact has published an OMEMO device (its list is followed through PEP). */
static gboolean
peer_has_omemo (CauConversation *self)
{
  g_autoptr(GPtrArray) devices = cau_db_omemo_list_devices (self->db,
                                                            cau_account_get_id (self->account),
                                                            self->peer, NULL);

  for (guint i = 0; devices != NULL && i < devices->len; i++)
    {
      const CauDbOmemoDevice *device = g_ptr_array_index (devices, i);

      if (device->in_legacy_list || device->in_omemo2_list)
        return TRUE;
    }
  return FALSE;
}

/* Encrypted by default when the contact can read it; the owner's choice otherwise. */
static void
update_encrypted (CauConversation *self)
{
  gboolean encrypted;

  /* In a room, OMEMO goes to every member's devices: it needs a private group (members only,
   * everyone's address shown). A public channel never claims to be encrypted. */
  if (self->room != NULL && !cau_room_get_private (self->room))
    encrypted = FALSE;
  else if (self->room != NULL && self->encryption == CAU_DB_CONVERSATION_ENCRYPTION_DEFAULT)
    encrypted = TRUE;
  else switch (self->encryption)
    {
    case CAU_DB_CONVERSATION_ENCRYPTION_OMEMO:
      encrypted = TRUE;
      break;
    case CAU_DB_CONVERSATION_ENCRYPTION_PLAIN:
      encrypted = FALSE;
      break;
    case CAU_DB_CONVERSATION_ENCRYPTION_DEFAULT:
    default:
      encrypted = peer_has_omemo (self);
      break;
    }
  if (encrypted == self->encrypted)
    return;
  self->encrypted = encrypted;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_ENCRYPTED]);
}

gboolean
cau_conversation_update (CauConversation         *self,
                         const CauDbConversation *row)
{
  gboolean moved = self->last_activity != row->last_activity_us ||
                   self->pinned != row->pinned || self->archived != row->archived;

  g_object_freeze_notify (G_OBJECT (self));
  self->archived = row->archived;
  self->history_complete = row->history_complete;
  self->last_message_id = row->last_message_id;
  set_string (self, &self->draft, row->draft, NULL);
  self->preview_outgoing = row->last_outgoing;
  set_string (self, &self->preview,
              row->last_retracted ? _("Message removed by a moderator") : row->last_body,
              props[PROP_PREVIEW]);
  if (self->unread != row->unread)
    {
      self->unread = row->unread;
      g_object_notify_by_pspec (G_OBJECT (self), props[PROP_UNREAD]);
    }
  if (self->last_activity != row->last_activity_us)
    {
      self->last_activity = row->last_activity_us;
      g_object_notify_by_pspec (G_OBJECT (self), props[PROP_LAST_ACTIVITY]);
    }
  if (self->pinned != row->pinned)
    {
      self->pinned = row->pinned;
      g_object_notify_by_pspec (G_OBJECT (self), props[PROP_PINNED]);
    }
  if (row->kind == CAU_DB_CONVERSATION_ROOM)
    {
      if (self->room == NULL)
        {
          self->room = g_object_ref (cau_account_ensure_room (self->account, row));
          /* Whether it is private is known once the room has said. */
          g_signal_connect_object (self->room, "notify::private", G_CALLBACK (update_encrypted),
                                   self, G_CONNECT_SWAPPED);
        }
      cau_room_set_subject_shown (self->room, row->subject);
      /* Unnamed, a room goes by its address's local part, as in other clients. */
      if (row->room_name != NULL && *row->room_name != '\0')
        set_string (self, &self->title, row->room_name, props[PROP_TITLE]);
      else
        {
          g_autofree char *local = g_strndup (row->peer, strcspn (row->peer, "@"));

          set_string (self, &self->title, local, props[PROP_TITLE]);
        }
    }
  else if (strchr (row->peer, '/') != NULL)
    {
      /* A private conversation with a room's occupant: "Nick (room)". */
      const char *nick = strchr (row->peer, '/') + 1;
      g_autofree char *local = g_strndup (row->peer, strcspn (row->peer, "@/"));
      g_autofree char *title = g_strdup_printf ("%s (%s)", nick, local);

      set_string (self, &self->title, title, props[PROP_TITLE]);
    }
  self->encryption = row->encryption;
  update_encrypted (self);
  g_object_thaw_notify (G_OBJECT (self));
  return moved;
}

CauConversation *
cau_conversation_new (CauAccount              *account,
                      CauDb                   *db,
                      const CauDbConversation *row,
                      CauConversationChanged   changed,
                      gpointer                 changed_data)
{
  CauConversation *self = g_object_new (CAU_TYPE_CONVERSATION, NULL);

  self->account = g_object_ref (account);
  self->db = g_object_ref (db);
  self->changed = changed;
  self->changed_data = changed_data;
  self->id = row->id;
  self->peer = g_strdup (row->peer);
  self->last_activity = -1;
  cau_conversation_update (self, row);
  return self;
}

gboolean
cau_conversation_is_archived (CauConversation *self)
{
  return self->archived;
}

void
cau_conversation_set_title (CauConversation *self,
                            const char      *title)
{
  /* A room's name is its own, not a contact's; nor is an occupant a contact. */
  if (self->room != NULL || cau_conversation_is_private_chat (self))
    return;
  set_string (self, &self->title, title && *title ? title : NULL, props[PROP_TITLE]);
}

void
cau_conversation_set_chat_state (CauConversation *self,
                                 CauChatState     state)
{
  if (self->chat_state == state)
    return;
  self->chat_state = state;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_CHAT_STATE]);
}

void
cau_conversation_peer_chat_state (CauConversation *self,
                                  CauChatState     state)
{
  self->peer_uses_chat_states = TRUE;
  cau_conversation_set_chat_state (self, state);
}

static CauHistory *
peek_history (CauConversation *self)
{
  return g_weak_ref_get (&self->history);
}

void
cau_conversation_message_added (CauConversation *self,
                                gint64           id,
                                gboolean         incoming)
{
  g_autoptr(CauHistory) history = peek_history (self);

  if (history != NULL)
    cau_history_message_added (history, id);

  /* A message from them ends their typing. */
  if (incoming)
    cau_conversation_set_chat_state (self, CAU_CHAT_STATE_ACTIVE);
}

void
cau_conversation_message_updated (CauConversation *self,
                                  gint64           id)
{
  g_autoptr(CauHistory) history = peek_history (self);

  if (history != NULL)
    cau_history_message_updated (history, id);
}

void
cau_conversation_history_page (CauConversation *self,
                               int              count)
{
  g_autoptr(CauHistory) history = peek_history (self);

  if (history != NULL)
    cau_history_page_arrived (history, count);
}

/* Public. */

gint64
cau_conversation_get_id (CauConversation *self)
{
  g_return_val_if_fail (CAU_IS_CONVERSATION (self), 0);
  return self->id;
}

CauAccount *
cau_conversation_get_account (CauConversation *self)
{
  g_return_val_if_fail (CAU_IS_CONVERSATION (self), NULL);
  return self->account;
}

const char *
cau_conversation_get_peer (CauConversation *self)
{
  g_return_val_if_fail (CAU_IS_CONVERSATION (self), NULL);
  return self->peer;
}

const char *
cau_conversation_get_title (CauConversation *self)
{
  g_return_val_if_fail (CAU_IS_CONVERSATION (self), NULL);
  return self->title ? self->title : self->peer;
}

gboolean
cau_conversation_is_private_chat (CauConversation *self)
{
  g_return_val_if_fail (CAU_IS_CONVERSATION (self), FALSE);
  return strchr (self->peer, '/') != NULL;
}

gboolean
cau_conversation_should_notify (CauConversation *self,
                                CauMessage      *message)
{
  g_return_val_if_fail (CAU_IS_CONVERSATION (self), FALSE);
  g_return_val_if_fail (CAU_IS_MESSAGE (message), FALSE);

  if (cau_message_get_outgoing (message))
    return FALSE;
  if (self->room == NULL)
    return TRUE;
  switch (cau_room_get_effective_notify (self->room))
    {
    case CAU_ROOM_NOTIFY_NONE:
      return FALSE;
    case CAU_ROOM_NOTIFY_MENTIONS:
      return cau_room_mentions_us (self->room, cau_message_get_body (message));
    case CAU_ROOM_NOTIFY_ALL:
    case CAU_ROOM_NOTIFY_DEFAULT:
    default:
      return TRUE;
    }
}

/**
 * cau_conversation_get_room:
 * @self: a #CauConversation
 *
 * Returns: (transfer none) (nullable): the room, when this is one (XEP-0045)
 */
CauRoom *
cau_conversation_get_room (CauConversation *self)
{
  g_return_val_if_fail (CAU_IS_CONVERSATION (self), NULL);
  return self->room;
}

guint
cau_conversation_get_unread (CauConversation *self)
{
  g_return_val_if_fail (CAU_IS_CONVERSATION (self), 0);
  return self->unread;
}

gint64
cau_conversation_get_last_activity (CauConversation *self)
{
  g_return_val_if_fail (CAU_IS_CONVERSATION (self), 0);
  return self->last_activity;
}

const char *
cau_conversation_get_preview (CauConversation *self)
{
  g_return_val_if_fail (CAU_IS_CONVERSATION (self), NULL);
  return self->preview;
}

gboolean
cau_conversation_get_preview_outgoing (CauConversation *self)
{
  g_return_val_if_fail (CAU_IS_CONVERSATION (self), FALSE);
  return self->preview_outgoing;
}

gboolean
cau_conversation_get_pinned (CauConversation *self)
{
  g_return_val_if_fail (CAU_IS_CONVERSATION (self), FALSE);
  return self->pinned;
}

const char *
cau_conversation_get_draft (CauConversation *self)
{
  g_return_val_if_fail (CAU_IS_CONVERSATION (self), NULL);
  return self->draft;
}

CauChatState
cau_conversation_get_chat_state (CauConversation *self)
{
  g_return_val_if_fail (CAU_IS_CONVERSATION (self), CAU_CHAT_STATE_NONE);
  return self->chat_state;
}

static void
fetch_older (GObject *owner)
{
  CauConversation *self = CAU_CONVERSATION (owner);

  if (self->account != NULL)
    cau_xmpp_client_fetch_history (cau_account_get_client (self->account), self->peer);
}

CauHistory *
cau_conversation_dup_history (CauConversation *self)
{
  CauHistory *history;

  g_return_val_if_fail (CAU_IS_CONVERSATION (self), NULL);

  history = peek_history (self);
  if (history == NULL)
    {
      history = cau_history_new (self->db, self->id, self->history_complete,
                                 fetch_older, G_OBJECT (self));
      g_weak_ref_set (&self->history, history);
    }
  return history;
}

/* Our message `message_id` was added (`added`) or changed here: the list and the history
 * follow. */
static void
report (CauConversation *self,
        gint64           message_id,
        gboolean         added)
{
  g_autoptr(CauStoreChanges) changes = cau_store_changes_new (cau_account_get_id (self->account));

  g_array_append_val (changes->conversations, self->id);
  if (message_id > 0)
    g_array_append_val (added ? changes->added : changes->updated,
                        ((CauStoreChange) { self->id, message_id, FALSE }));
  if (self->changed != NULL)
    self->changed (changes, self->changed_data);
}

static gboolean
is_blank (const char *text)
{
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

/* The text to send: trailing spaces go; nothing but spaces is refused. */
static GString *
text_to_send (const char  *text,
              GError     **error)
{
  g_autoptr(GString) body = g_string_new (text);

  while (body->len > 0 && g_ascii_isspace (body->str[body->len - 1]))
    g_string_truncate (body, body->len - 1);
  if (is_blank (body->str))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("There is nothing to send."));
      return NULL;
    }
  return g_steal_pointer (&body);
}

gboolean
cau_conversation_send (CauConversation  *self,
                       const char       *text,
                       GError          **error)
{
  g_autoptr(GString) body = NULL;
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *occupant = NULL;
  CauDbMessage row = { 0 };
  gboolean duplicate = FALSE;

  g_return_val_if_fail (CAU_IS_CONVERSATION (self), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  if ((body = text_to_send (text, error)) == NULL)
    return FALSE;

  row.conversation_id = self->id;
  row.outgoing = TRUE;
  row.sender = (char *) cau_account_get_jid (self->account);
  if (self->room != NULL)
    {
      /* As the room will echo it: from our occupant JID. */
      occupant = g_strconcat (self->peer, "/", cau_room_get_nick (self->room), NULL);
      row.sender = occupant;
      row.sender_resource = (char *) cau_room_get_nick (self->room);
    }
  row.time_us = cau_message_time_key (g_get_real_time ());
  row.body = body->str;
  row.xmpp_id = id;
  row.origin_id = id;
  row.state = CAU_DB_MESSAGE_PENDING;
  /* Device lists may have come since the last look. */
  update_encrypted (self);
  row.encryption = self->encrypted ? CAU_DB_ENCRYPTION_OMEMO_LEGACY : CAU_DB_ENCRYPTION_NONE;
  if (!cau_db_insert_message (self->db, &row, &duplicate, error))
    return FALSE;

  if (self->room != NULL)
    cau_xmpp_client_send_groupchat (cau_account_get_client (self->account), row.id, self->peer,
                                    body->str, id, self->encrypted);
  else
    cau_xmpp_client_send_chat (cau_account_get_client (self->account), row.id, self->peer,
                               body->str, id, self->encrypted);
  self->own_chat_state = CAU_CHAT_STATE_ACTIVE;
  cau_conversation_set_draft (self, NULL);
  report (self, row.id, TRUE);
  return TRUE;
}

/**
 * cau_conversation_can_correct:
 * @self: the conversation
 * @message: a message of it
 *
 * Returns: whether @message may be corrected (XEP-0308): it is our last message here, sent,
 *   and not removed
 */
gboolean
cau_conversation_can_correct (CauConversation *self,
                              CauMessage      *message)
{
  CauMessageState state;

  g_return_val_if_fail (CAU_IS_CONVERSATION (self), FALSE);
  g_return_val_if_fail (CAU_IS_MESSAGE (message), FALSE);

  state = cau_message_get_state (message);
  if (!cau_message_get_outgoing (message) || cau_message_get_retracted (message) ||
      state == CAU_MESSAGE_PENDING || state == CAU_MESSAGE_FAILED ||
      cau_message_get_xmpp_id (message) == NULL)
    return FALSE;
  return cau_db_get_last_outgoing_id (self->db, self->id, NULL) == cau_message_get_id (message);
}

/**
 * cau_conversation_correct:
 * @self: the conversation
 * @message: our last message in it (see cau_conversation_can_correct())
 * @text: what it should have said
 * @error: return location for a #GError, with a message for people
 *
 * Corrects @message here and for everyone who has it (XEP-0308), encrypted as it was. Only
 * while online: a correction is not kept to be sent later.
 *
 * Returns: whether it was corrected (text the same as before: nothing to do, %TRUE)
 */
gboolean
cau_conversation_correct (CauConversation  *self,
                          CauMessage       *message,
                          const char       *text,
                          GError          **error)
{
  g_autoptr(GString) body = NULL;
  g_autoptr(CauDbMessage) row = NULL;
  g_autofree char *id = NULL;
  gint64 corrected = 0;

  g_return_val_if_fail (CAU_IS_CONVERSATION (self), FALSE);
  g_return_val_if_fail (CAU_IS_MESSAGE (message), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  if ((body = text_to_send (text, error)) == NULL)
    return FALSE;
  if (!cau_conversation_can_correct (self, message))
    {
      g_set_error_literal (error, CAU_CORE_ERROR, CAU_CORE_ERROR_NOT_PERMITTED,
                           _("Only your last message can be corrected."));
      return FALSE;
    }
  if (cau_account_get_state (self->account) != CAU_ACCOUNT_STATE_ONLINE ||
      (self->room != NULL && cau_room_get_state (self->room) != CAU_ROOM_JOINED))
    {
      g_set_error_literal (error, CAU_CORE_ERROR, CAU_CORE_ERROR_OFFLINE,
                           _("You are offline. Try again once connected."));
      return FALSE;
    }
  if (g_strcmp0 (body->str, cau_message_get_body (message)) == 0)
    return TRUE;

  row = cau_db_get_message (self->db, cau_message_get_id (message), error);
  if (row == NULL ||
      !cau_db_correct_message (self->db, self->id, row->xmpp_id, TRUE, row->sender, NULL,
                               body->str, g_get_real_time (), &corrected, error))
    return FALSE;

  id = g_uuid_string_random ();
  cau_xmpp_client_send_correction (cau_account_get_client (self->account), row->id, self->peer,
                                   body->str, id, row->xmpp_id,
                                   row->encryption != CAU_DB_ENCRYPTION_NONE, self->room != NULL);
  report (self, corrected, FALSE);
  return TRUE;
}

void
cau_conversation_mark_read (CauConversation *self)
{
  g_autoptr(GPtrArray) newest = NULL;
  g_autoptr(GError) error = NULL;
  const char *marker_id = NULL;
  const char *stanza_id = NULL;

  g_return_if_fail (CAU_IS_CONVERSATION (self));

  if (self->unread == 0 || self->last_message_id == 0)
    return;
  if (!cau_db_mark_read (self->db, self->id, self->last_message_id, &error))
    {
      g_warning ("Could not mark read: %s", error->message);
      return;
    }

  /* The marker names the newest message from them (XEP-0333): it tells
   * them, and through carbons and the archive our other devices. The
   * read state (XEP-0490) names it by our server's archive id: it tells
   * our other devices, even those that missed the marker. */
  newest = cau_db_list_messages_before (self->db, self->id, 0, 20, NULL);
  for (guint i = newest ? newest->len : 0; i > 0 && (marker_id == NULL || stanza_id == NULL); i--)
    {
      CauDbMessage *message = g_ptr_array_index (newest, i - 1);

      if (message->outgoing)
        continue;
      if (marker_id == NULL)
        marker_id = message->xmpp_id;
      if (stanza_id == NULL)
        stanza_id = message->stanza_id;
    }
  /* In a room a marker would go to everyone: only our devices learn, through XEP-0490 and
   * the room's archive id. */
  cau_xmpp_client_send_displayed (cau_account_get_client (self->account), self->peer,
                                  self->room != NULL ? NULL : marker_id, stanza_id);
  report (self, 0, FALSE);
}

/**
 * cau_conversation_get_encrypted:
 * @self: a #CauConversation
 *
 * Returns: whether the next message goes encrypted (OMEMO); then it goes encrypted or not at
 *   all
 */
gboolean
cau_conversation_get_encrypted (CauConversation *self)
{
  g_return_val_if_fail (CAU_IS_CONVERSATION (self), FALSE);
  return self->encrypted;
}

/**
 * cau_conversation_set_encrypted:
 * @self: a #CauConversation
 * @encrypted: the owner's choice, remembered for this conversation
 */
void
cau_conversation_set_encrypted (CauConversation *self,
                                gboolean         encrypted)
{
  CauDbConversationEncryption choice = encrypted ? CAU_DB_CONVERSATION_ENCRYPTION_OMEMO
                                                 : CAU_DB_CONVERSATION_ENCRYPTION_PLAIN;

  g_return_if_fail (CAU_IS_CONVERSATION (self));

  /* A public channel cannot be, nor a private conversation through a room. */
  if ((self->room != NULL && !cau_room_get_private (self->room)) ||
      cau_conversation_is_private_chat (self))
    return;
  if (!cau_db_set_conversation_encryption (self->db, self->id, choice, NULL))
    return;
  self->encryption = choice;
  update_encrypted (self);
}

void
cau_conversation_set_pinned (CauConversation *self,
                             gboolean         pinned)
{
  g_return_if_fail (CAU_IS_CONVERSATION (self));

  if (cau_db_set_conversation_pinned (self->db, self->id, pinned, NULL))
    report (self, 0, FALSE);
}

void
cau_conversation_archive (CauConversation *self)
{
  g_return_if_fail (CAU_IS_CONVERSATION (self));

  /* Closing a room leaves it, as in other clients. */
  if (self->room != NULL && cau_room_get_state (self->room) != CAU_ROOM_LEFT)
    cau_room_leave (self->room);
  if (cau_db_set_conversation_archived (self->db, self->id, TRUE, NULL))
    report (self, 0, FALSE);
}

void
cau_conversation_set_draft (CauConversation *self,
                            const char      *draft)
{
  g_return_if_fail (CAU_IS_CONVERSATION (self));

  if (draft != NULL && *draft == '\0')
    draft = NULL;
  if (g_strcmp0 (draft, self->draft) == 0)
    return;
  if (cau_db_set_conversation_draft (self->db, self->id, draft, NULL))
    set_string (self, &self->draft, draft, NULL);
}

void
cau_conversation_set_own_chat_state (CauConversation *self,
                                     CauChatState     state)
{
  g_return_if_fail (CAU_IS_CONVERSATION (self));

  /* Only to a client known to take them (XEP-0085 §5.1): every message
   * we send carries <active/>, and a client that answers with a chat state
   * of its own shows it does. Others would only see noise. */
  if (self->own_chat_state == state || !self->peer_uses_chat_states ||
      cau_account_get_state (self->account) != CAU_ACCOUNT_STATE_ONLINE)
    return;
  self->own_chat_state = state;
  cau_xmpp_client_send_chat_state (cau_account_get_client (self->account), self->peer,
                                   (CauXmppChatState) state);
}
