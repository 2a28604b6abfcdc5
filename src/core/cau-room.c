/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-room.h"
#include "cau-room-private.h"
#include "cau-core-private.h"
#include "cau-roster-private.h"
#include "store/cau-db-messages.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/*
 * A room of an account, on the main thread: what we know of it, where we are with it, and
 * its occupants as a sorted list. The account feeds it what the engine says; the window reads
 * it. Our wish to be in the room is stored (conversation.room_joined), so that the room is
 * entered again at every start until we leave it.
 */

/* A batch this large replaces the whole list at once (entering a big room) instead of
 * announcing each change. */
#define BULK_CHANGE 32

struct _CauRoom
{
  GObject       parent_instance;

  GWeakRef      account;
  gint64        conversation_id;
  char         *jid;
  char         *nick;
  char         *password;
  char         *name;
  char         *subject;
  char         *description;
  CauRoomState  state;
  CauRoomError  error;
  gboolean      members_only;
  gboolean      non_anonymous;
  CauXmppModerationVersion moderation;  /* XEP-0425, as the room said */
  gboolean      must_exist;      /* entering as asked: a room that does not exist is not made */
  gboolean      info_known;      /* the room answered a disco#info */
  gboolean      vcard;           /* it keeps a vCard: its owners may set its avatar */
  char         *avatar_hash;     /* nullable: in the avatar cache */
  CauRoomNotify notify;
  char         *removal_reason;  /* nullable: the moderator's reason for a kick or a ban */
  char         *error_text;      /* the error message with that reason */

  GListStore   *occupants;   /* CauOccupant, sorted */
  GHashTable   *by_nick;     /* nick → CauOccupant (the store's reference) */
};

G_DEFINE_FINAL_TYPE (CauRoom, cau_room, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NICK,
  PROP_NAME,
  PROP_SUBJECT,
  PROP_STATE,
  PROP_PRIVATE,
  PROP_NOTIFY,
  PROP_DESCRIPTION,
  PROP_AVATAR_HASH,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

static void
cau_room_dispose (GObject *object)
{
  CauRoom *self = CAU_ROOM (object);

  g_weak_ref_clear (&self->account);
  g_clear_pointer (&self->by_nick, g_hash_table_unref);
  g_clear_object (&self->occupants);
  G_OBJECT_CLASS (cau_room_parent_class)->dispose (object);
}

static void
cau_room_finalize (GObject *object)
{
  CauRoom *self = CAU_ROOM (object);

  g_free (self->jid);
  g_free (self->nick);
  g_free (self->password);
  g_free (self->name);
  g_free (self->subject);
  g_free (self->description);
  g_free (self->avatar_hash);
  g_free (self->removal_reason);
  g_free (self->error_text);
  G_OBJECT_CLASS (cau_room_parent_class)->finalize (object);
}

static void
cau_room_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  CauRoom *self = CAU_ROOM (object);

  switch (prop_id)
    {
    case PROP_NICK:
      g_value_set_string (value, self->nick);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_SUBJECT:
      g_value_set_string (value, self->subject);
      break;
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;
    case PROP_PRIVATE:
      g_value_set_boolean (value, cau_room_get_private (self));
      break;
    case PROP_NOTIFY:
      g_value_set_int (value, self->notify);
      break;
    case PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;
    case PROP_AVATAR_HASH:
      g_value_set_string (value, self->avatar_hash);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cau_room_class_init (CauRoomClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = cau_room_dispose;
  object_class->finalize = cau_room_finalize;
  object_class->get_property = cau_room_get_property;

  props[PROP_NICK] = g_param_spec_string ("nick", NULL, NULL, NULL, flags);
  props[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  props[PROP_SUBJECT] = g_param_spec_string ("subject", NULL, NULL, NULL, flags);
  /* CauRoomState; the error goes with it. */
  props[PROP_STATE] = g_param_spec_int ("state", NULL, NULL, CAU_ROOM_OFFLINE, CAU_ROOM_LEFT,
                                        CAU_ROOM_OFFLINE, flags);
  props[PROP_PRIVATE] = g_param_spec_boolean ("private", NULL, NULL, FALSE, flags);
  /* CauRoomNotify, as chosen. */
  props[PROP_NOTIFY] = g_param_spec_int ("notify", NULL, NULL, CAU_ROOM_NOTIFY_DEFAULT,
                                         CAU_ROOM_NOTIFY_NONE, CAU_ROOM_NOTIFY_DEFAULT, flags);
  props[PROP_DESCRIPTION] = g_param_spec_string ("description", NULL, NULL, NULL, flags);
  /* Nullable: the SHA-1 of its avatar (cau_room_dup_avatar_file()). */
  props[PROP_AVATAR_HASH] = g_param_spec_string ("avatar-hash", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, props);
}

static void
cau_room_init (CauRoom *self)
{
  self->occupants = g_list_store_new (CAU_TYPE_OCCUPANT);
  self->by_nick = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_object_unref);
}

/* The choice is a setting of the account: "room-notify/<room>". */
static char *
notify_key (CauRoom *self)
{
  return g_strconcat ("room-notify/", self->jid, NULL);
}

static CauRoomNotify
load_notify (CauRoom    *self,
             CauAccount *account)
{
  g_autofree char *key = notify_key (self);
  g_autofree char *value = NULL;

  if (account == NULL)
    return CAU_ROOM_NOTIFY_DEFAULT;
  value = cau_db_get_setting (cau_account_get_db (account), cau_account_get_id (account), key,
                              NULL);
  if (g_strcmp0 (value, "all") == 0)
    return CAU_ROOM_NOTIFY_ALL;
  if (g_strcmp0 (value, "mentions") == 0)
    return CAU_ROOM_NOTIFY_MENTIONS;
  if (g_strcmp0 (value, "none") == 0)
    return CAU_ROOM_NOTIFY_NONE;
  return CAU_ROOM_NOTIFY_DEFAULT;
}

CauRoom *
cau_room_new (CauAccount *account,
              gint64      conversation_id,
              const char *jid,
              const char *nick,
              const char *name,
              const char *subject)
{
  CauRoom *self = g_object_new (CAU_TYPE_ROOM, NULL);

  g_weak_ref_init (&self->account, account);
  self->conversation_id = conversation_id;
  self->jid = g_strdup (jid);
  self->nick = g_strdup (nick);
  self->name = g_strdup (name);
  self->subject = g_strdup (subject);
  self->notify = load_notify (self, account);
  /* Kept with the contacts' (the avatar table), so that it shows before we are in. */
  if (account != NULL)
    self->avatar_hash = g_strdup (cau_roster_get_avatar (cau_account_get_roster (account), jid));
  return self;
}

CauAccount *
cau_room_dup_account (CauRoom *self)
{
  return g_weak_ref_get (&self->account);
}

gint64
cau_room_get_conversation_id (CauRoom *self)
{
  return self->conversation_id;
}

static void
set_string (CauRoom     *self,
            char       **field,
            const char  *value,
            int          prop)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), props[prop]);
}

static void
set_state (CauRoom      *self,
           CauRoomState  state,
           CauRoomError  error)
{
  if (self->state == state && self->error == error)
    return;
  if (error != CAU_ROOM_ERROR_KICKED && error != CAU_ROOM_ERROR_BANNED)
    g_clear_pointer (&self->removal_reason, g_free);
  self->state = state;
  self->error = error;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_STATE]);
}

/* Occupants. */

static int
compare_occupants (gconstpointer a,
                   gconstpointer b,
                   gpointer      data)
{
  CauOccupant *x = (CauOccupant *) a;
  CauOccupant *y = (CauOccupant *) b;
  int by_role = (int) cau_occupant_get_role (y) - (int) cau_occupant_get_role (x);

  if (by_role != 0)
    return by_role;
  return strcmp (cau_occupant_get_sort_key (x), cau_occupant_get_sort_key (y));
}

/* `occupant` leaves the hash table, which drops its reference; the list's goes with it when
 * `announce` (in bulk, the whole list is replaced afterwards instead). */
static void
remove_occupant (CauRoom     *self,
                 CauOccupant *occupant,
                 gboolean     announce)
{
  guint position;

  if (announce && g_list_store_find (self->occupants, occupant, &position))
    g_list_store_remove (self->occupants, position);
  g_hash_table_remove (self->by_nick, cau_occupant_get_nick (occupant));
}

static void
clear_occupants (CauRoom *self)
{
  g_list_store_remove_all (self->occupants);
  g_hash_table_remove_all (self->by_nick);
}

static int
compare_indirect (gconstpointer a,
                  gconstpointer b)
{
  return compare_occupants (*(CauOccupant **) a, *(CauOccupant **) b, NULL);
}

/* The whole list again, sorted, in one change. */
static void
replace_all (CauRoom *self)
{
  g_autoptr(GPtrArray) all = g_ptr_array_sized_new (g_hash_table_size (self->by_nick));
  GHashTableIter iter;
  gpointer occupant;

  g_hash_table_iter_init (&iter, self->by_nick);
  while (g_hash_table_iter_next (&iter, NULL, &occupant))
    g_ptr_array_add (all, occupant);
  g_ptr_array_sort (all, compare_indirect);
  g_list_store_splice (self->occupants, 0,
                       g_list_model_get_n_items (G_LIST_MODEL (self->occupants)),
                       all->pdata, all->len);
}

/* Our nickname, as the room says it once we are in (after a change we asked for). */
static void
own_nick_given (CauRoom    *self,
                const char *nick)
{
  g_autoptr(CauAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (self->nick, nick) == 0)
    return;
  account = g_weak_ref_get (&self->account);
  if (account != NULL &&
      !cau_db_set_room_nick (cau_account_get_db (account), self->conversation_id, nick, &error))
    g_debug ("Room nickname not stored: %s", error->message);
  set_string (self, &self->nick, nick, PROP_NICK);
}

void
cau_room_apply_occupants (CauRoom   *self,
                          GPtrArray *occupants)
{
  gboolean bulk = occupants->len >= BULK_CHANGE;

  for (guint i = 0; i < occupants->len; i++)
    {
      const CauXmppOccupant *from = g_ptr_array_index (occupants, i);
      CauOccupant *occupant = g_hash_table_lookup (self->by_nick, from->nick);

      /* Replaced rather than changed: its place in the list may change with its role. */
      if (occupant != NULL)
        remove_occupant (self, occupant, !bulk);
      if (!from->available)
        continue;
      occupant = cau_occupant_new (from);
      g_hash_table_insert (self->by_nick, (gpointer) cau_occupant_get_nick (occupant), occupant);
      if (cau_occupant_is_self (occupant) && self->state == CAU_ROOM_JOINED)
        own_nick_given (self, cau_occupant_get_nick (occupant));
      if (!bulk)
        g_list_store_insert_sorted (self->occupants, occupant, compare_occupants, NULL);
    }
  if (bulk)
    replace_all (self);
}

GListModel *
cau_room_get_occupants (CauRoom *self)
{
  g_return_val_if_fail (CAU_IS_ROOM (self), NULL);
  return G_LIST_MODEL (self->occupants);
}

CauOccupant *
cau_room_find_occupant (CauRoom    *self,
                        const char *nick)
{
  g_return_val_if_fail (CAU_IS_ROOM (self), NULL);
  return nick != NULL ? g_hash_table_lookup (self->by_nick, nick) : NULL;
}

/* What the engine said. */

void
cau_room_entered (CauRoom    *self,
                  const char *nick)
{
  self->must_exist = FALSE;
  set_string (self, &self->nick, nick, PROP_NICK);
  set_state (self, CAU_ROOM_JOINED, CAU_ROOM_ERROR_NONE);
}

static CauRoomError
error_from_join (CauXmppJoinError error)
{
  switch (error)
    {
    case CAU_XMPP_JOIN_NICK_IN_USE:   return CAU_ROOM_ERROR_NICK_IN_USE;
    case CAU_XMPP_JOIN_PASSWORD:      return CAU_ROOM_ERROR_PASSWORD;
    case CAU_XMPP_JOIN_BANNED:        return CAU_ROOM_ERROR_BANNED;
    case CAU_XMPP_JOIN_MEMBERS_ONLY:  return CAU_ROOM_ERROR_MEMBERS_ONLY;
    case CAU_XMPP_JOIN_NOT_FOUND:     return CAU_ROOM_ERROR_NOT_FOUND;
    case CAU_XMPP_JOIN_NOT_ALLOWED:   return CAU_ROOM_ERROR_NOT_ALLOWED;
    case CAU_XMPP_JOIN_FULL:          return CAU_ROOM_ERROR_FULL;
    case CAU_XMPP_JOIN_NICK_REFUSED:  return CAU_ROOM_ERROR_NICK_REFUSED;
    case CAU_XMPP_JOIN_EXISTS:        return CAU_ROOM_ERROR_EXISTS;
    case CAU_XMPP_JOIN_MISSING:       return CAU_ROOM_ERROR_MISSING;
    case CAU_XMPP_JOIN_OK:
    case CAU_XMPP_JOIN_OTHER:
    default:                          return CAU_ROOM_ERROR_OTHER;
    }
}

void
cau_room_refused (CauRoom          *self,
                  CauXmppJoinError  error)
{
  clear_occupants (self);
  set_state (self, CAU_ROOM_FAILED, error_from_join (error));
}

void
cau_room_put_out (CauRoom    *self,
                  guint       status,
                  const char *reason)
{
  clear_occupants (self);
  if (self->state == CAU_ROOM_LEFT)
    return;
  /* Shown with the error: a moderator's words, plain text. */
  g_free (self->removal_reason);
  self->removal_reason = reason != NULL && *reason != '\0' ? g_strdup (reason) : NULL;
  /* Dropped by the service: the engine enters again by itself. */
  if (status & (CAU_XMPP_OCCUPANT_DISCONNECTED | CAU_XMPP_OCCUPANT_SHUTDOWN))
    set_state (self, CAU_ROOM_JOINING, CAU_ROOM_ERROR_NONE);
  else if (status & CAU_XMPP_OCCUPANT_BANNED)
    set_state (self, CAU_ROOM_FAILED, CAU_ROOM_ERROR_BANNED);
  else if (status & CAU_XMPP_OCCUPANT_KICKED)
    set_state (self, CAU_ROOM_FAILED, CAU_ROOM_ERROR_KICKED);
  else
    set_state (self, CAU_ROOM_FAILED, CAU_ROOM_ERROR_REMOVED);
}

void
cau_room_apply_info (CauRoom               *self,
                     const CauXmppRoomInfo *info)
{
  gboolean was_private = cau_room_get_private (self);

  if (info->name != NULL && *info->name != '\0')
    set_string (self, &self->name, info->name, PROP_NAME);
  set_string (self, &self->description,
              info->description != NULL && *info->description != '\0' ? info->description : NULL,
              PROP_DESCRIPTION);
  self->members_only = info->members_only;
  self->non_anonymous = info->non_anonymous;
  self->moderation = info->moderation;
  self->info_known = TRUE;
  self->vcard = info->vcard;
  if (was_private != cau_room_get_private (self))
    g_object_notify_by_pspec (G_OBJECT (self), props[PROP_PRIVATE]);
}

void
cau_room_set_subject_shown (CauRoom    *self,
                            const char *subject)
{
  set_string (self, &self->subject, subject, PROP_SUBJECT);
}

void
cau_room_account_online (CauRoom  *self,
                         gboolean  online)
{
  if (self->state == CAU_ROOM_LEFT || self->state == CAU_ROOM_FAILED)
    return;
  if (!online)
    clear_occupants (self);
  set_state (self, online ? CAU_ROOM_JOINING : CAU_ROOM_OFFLINE, CAU_ROOM_ERROR_NONE);
}

/* Getters. */

const char *
cau_room_get_jid (CauRoom *self)
{
  g_return_val_if_fail (CAU_IS_ROOM (self), NULL);
  return self->jid;
}

const char *
cau_room_get_nick (CauRoom *self)
{
  g_return_val_if_fail (CAU_IS_ROOM (self), NULL);
  return self->nick;
}

const char *
cau_room_get_name (CauRoom *self)
{
  g_return_val_if_fail (CAU_IS_ROOM (self), NULL);
  return self->name;
}

const char *
cau_room_get_subject (CauRoom *self)
{
  g_return_val_if_fail (CAU_IS_ROOM (self), NULL);
  return self->subject;
}

CauRoomState
cau_room_get_state (CauRoom *self)
{
  g_return_val_if_fail (CAU_IS_ROOM (self), CAU_ROOM_OFFLINE);
  return self->state;
}

CauRoomError
cau_room_get_error (CauRoom *self)
{
  g_return_val_if_fail (CAU_IS_ROOM (self), CAU_ROOM_ERROR_NONE);
  return self->error;
}

const char *
cau_room_get_description (CauRoom *self)
{
  g_return_val_if_fail (CAU_IS_ROOM (self), NULL);
  return self->description;
}

CauXmppModerationVersion
cau_room_get_moderation_version (CauRoom *self)
{
  g_return_val_if_fail (CAU_IS_ROOM (self), CAU_XMPP_MODERATION_NONE);
  return self->moderation;
}

/**
 * cau_room_get_avatar_hash:
 * @self: a room
 *
 * Returns: (nullable): the SHA-1 of the room's avatar, %NULL when it has none
 */
const char *
cau_room_get_avatar_hash (CauRoom *self)
{
  g_return_val_if_fail (CAU_IS_ROOM (self), NULL);
  return self->avatar_hash;
}

/* Until the room said what it is, it may keep a vCard: the room will say no itself. */
gboolean
cau_room_get_avatar_supported (CauRoom *self)
{
  g_return_val_if_fail (CAU_IS_ROOM (self), FALSE);
  return !self->info_known || self->vcard;
}

void
cau_room_set_avatar_hash (CauRoom    *self,
                          const char *hash,
                          gboolean    fetched)
{
  /* Fetched again unchanged (the cache was emptied): windows load the file again. */
  if (g_strcmp0 (self->avatar_hash, hash) == 0 && !fetched)
    return;
  g_free (self->avatar_hash);
  self->avatar_hash = g_strdup (hash);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_AVATAR_HASH]);
}

gboolean
cau_room_get_members_only (CauRoom *self)
{
  g_return_val_if_fail (CAU_IS_ROOM (self), FALSE);
  return self->members_only;
}

gboolean
cau_room_get_private (CauRoom *self)
{
  g_return_val_if_fail (CAU_IS_ROOM (self), FALSE);
  return self->members_only && self->non_anonymous;
}

CauRoomNotify
cau_room_get_notify (CauRoom *self)
{
  g_return_val_if_fail (CAU_IS_ROOM (self), CAU_ROOM_NOTIFY_DEFAULT);
  return self->notify;
}

CauRoomNotify
cau_room_get_effective_notify (CauRoom *self)
{
  g_return_val_if_fail (CAU_IS_ROOM (self), CAU_ROOM_NOTIFY_ALL);

  if (self->notify != CAU_ROOM_NOTIFY_DEFAULT)
    return self->notify;
  /* As in Conversations: a small group of people who know each other, every message; a
   * public channel, only what is said to us. */
  return cau_room_get_private (self) ? CAU_ROOM_NOTIFY_ALL : CAU_ROOM_NOTIFY_MENTIONS;
}

void
cau_room_set_notify (CauRoom       *self,
                     CauRoomNotify  notify)
{
  static const char * const values[] = { NULL, "all", "mentions", "none" };
  g_autoptr(CauAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;

  g_return_if_fail (CAU_IS_ROOM (self));
  g_return_if_fail (notify <= CAU_ROOM_NOTIFY_NONE);

  if (self->notify == notify)
    return;
  account = g_weak_ref_get (&self->account);
  key = notify_key (self);
  if (account != NULL &&
      !cau_db_set_setting (cau_account_get_db (account), cau_account_get_id (account), key,
                           values[notify] != NULL ? values[notify] : "default", &error))
    g_warning ("Notification choice not stored: %s", error->message);
  self->notify = notify;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_NOTIFY]);
}

static gboolean
is_word_char (const char *p)
{
  gunichar c = g_utf8_get_char (p);

  return g_unichar_isalnum (c) || c == '_';
}

gboolean
cau_room_mentions_us (CauRoom    *self,
                      const char *text)
{
  g_autofree char *folded_text = NULL;
  g_autofree char *folded_nick = NULL;
  const char *at;
  gsize nick_len;

  g_return_val_if_fail (CAU_IS_ROOM (self), FALSE);

  if (text == NULL || self->nick == NULL || *self->nick == '\0')
    return FALSE;
  folded_text = g_utf8_casefold (text, -1);
  folded_nick = g_utf8_casefold (self->nick, -1);
  nick_len = strlen (folded_nick);
  for (at = strstr (folded_text, folded_nick); at != NULL; at = strstr (at + 1, folded_nick))
    {
      const char *after = at + nick_len;
      gboolean starts = at == folded_text ||
                        !is_word_char (g_utf8_find_prev_char (folded_text, at));
      gboolean ends = *after == '\0' || !is_word_char (after);

      if (starts && ends)
        return TRUE;
    }
  return FALSE;
}

/* Kicked or banned: the moderator's reason follows the message, if they gave one. */
static const char *
with_reason (CauRoom    *self,
             const char *message)
{
  if (self->removal_reason == NULL)
    return message;
  g_free (self->error_text);
  /* TRANSLATORS: why we were removed from a room: the message, then the moderator's reason */
  self->error_text = g_strdup_printf (_("%s Reason: “%s”"), message, self->removal_reason);
  return self->error_text;
}

/**
 * cau_room_get_removal_reason:
 * @self: the room
 *
 * Returns: (nullable): the reason the moderator gave when they kicked or banned us
 */
const char *
cau_room_get_removal_reason (CauRoom *self)
{
  g_return_val_if_fail (CAU_IS_ROOM (self), NULL);
  return self->removal_reason;
}

const char *
cau_room_get_error_message (CauRoom *self)
{
  g_return_val_if_fail (CAU_IS_ROOM (self), NULL);

  if (self->error == CAU_ROOM_ERROR_BANNED)
    return with_reason (self, _("You are banned from this room."));
  if (self->error == CAU_ROOM_ERROR_KICKED)
    return with_reason (self, _("You were removed from this room by a moderator."));
  switch (self->error)
    {
    case CAU_ROOM_ERROR_NONE:
      return NULL;
    case CAU_ROOM_ERROR_NICK_IN_USE:
      return _("Someone in this room already uses this nickname. Choose another one.");
    case CAU_ROOM_ERROR_PASSWORD:
      return _("This room needs a password, or the one given is wrong.");
    case CAU_ROOM_ERROR_BANNED:
      return _("You are banned from this room.");
    case CAU_ROOM_ERROR_MEMBERS_ONLY:
      return _("Only members may enter this room. Ask one of its owners to add you.");
    case CAU_ROOM_ERROR_NOT_FOUND:
      return _("This room does not exist, or its server cannot be reached.");
    case CAU_ROOM_ERROR_NOT_ALLOWED:
      return _("This room does not exist, and you may not create it on this server.");
    case CAU_ROOM_ERROR_FULL:
      return _("This room is full. Try again later.");
    case CAU_ROOM_ERROR_NICK_REFUSED:
      return _("The room refuses this nickname. Choose another one.");
    case CAU_ROOM_ERROR_KICKED:
      return _("You were removed from this room by a moderator.");
    case CAU_ROOM_ERROR_REMOVED:
      return _("You are no longer in this room: you lost your membership, or the room closed.");
    case CAU_ROOM_ERROR_MISSING:
      return _("This room does not exist. You may create it.");
    case CAU_ROOM_ERROR_EXISTS:
      return _("A room with this address exists already. Join it instead, or choose another "
               "address.");
    case CAU_ROOM_ERROR_OTHER:
    default:
      return _("The room would not let you in.");
    }
}

/* Commands. */

/* Enters (or asks the engine to, once online): remembered, so that every start enters again. */
static void
enter (CauRoom                   *self,
       CauAccount                *account,
       const CauXmppRoomCreation *creation)
{
  g_autoptr(GError) error = NULL;
  CauDb *db = cau_account_get_db (account);

  if (!cau_db_set_room_nick (db, self->conversation_id, self->nick, &error) ||
      !cau_db_set_room_joined (db, self->conversation_id, TRUE, &error))
    g_warning ("Could not remember room %s: %s", self->jid, error->message);
  clear_occupants (self);
  set_state (self, cau_account_get_state (account) == CAU_ACCOUNT_STATE_ONLINE ? CAU_ROOM_JOINING
                                                                              : CAU_ROOM_OFFLINE,
             CAU_ROOM_ERROR_NONE);
  if (creation != NULL)
    cau_xmpp_client_create_room (cau_account_get_client (account), self->jid, self->nick,
                                 creation);
  else if (self->must_exist)
    cau_xmpp_client_enter_existing_room (cau_account_get_client (account), self->jid,
                                         self->nick, self->password);
  else
    cau_xmpp_client_join_room (cau_account_get_client (account), self->jid, self->nick,
                               self->password);
}

/* At start, or because our other devices' bookmarks say so: enters without telling them. */
void
cau_room_enter_quietly (CauRoom    *self,
                        const char *nick,
                        const char *password)
{
  g_autoptr(CauAccount) account = g_weak_ref_get (&self->account);

  if (account == NULL)
    return;
  if (nick != NULL && *nick != '\0')
    set_string (self, &self->nick, nick, PROP_NICK);
  if (password != NULL)
    {
      g_free (self->password);
      self->password = *password != '\0' ? g_strdup (password) : NULL;
    }
  enter (self, account, NULL);
}

const char *
cau_room_get_password (CauRoom *self)
{
  return self->password;
}

void
cau_room_join (CauRoom    *self,
               const char *nick,
               const char *password)
{
  g_autoptr(CauAccount) account = NULL;

  g_return_if_fail (CAU_IS_ROOM (self));

  account = g_weak_ref_get (&self->account);
  if (account == NULL)
    return;
  if (self->state == CAU_ROOM_JOINED && nick != NULL && *nick != '\0' &&
      g_strcmp0 (nick, self->nick) != 0)
    {
      /* Already in: a new nickname, ours once the room says so (our occupant's presence). */
      cau_xmpp_client_join_room (cau_account_get_client (account), self->jid, nick,
                                 self->password);
      return;
    }
  cau_room_enter_quietly (self, nick, password);
  /* Our other devices enter it too (XEP-0402). */
  cau_account_publish_bookmark (account, self, TRUE);
}

/**
 * cau_room_join_existing:
 * @self: the room
 * @nick: (nullable): our nickname, %NULL for the one we had
 * @password: (nullable): its password
 *
 * Like cau_room_join(), for a room asked for by its address: one that does not exist is not
 * created by entering it, but fails with %CAU_ROOM_ERROR_MISSING, so that a mistyped address
 * makes no room; cau_room_create_missing() then makes it.
 */
void
cau_room_join_existing (CauRoom    *self,
                        const char *nick,
                        const char *password)
{
  g_return_if_fail (CAU_IS_ROOM (self));

  if (self->state != CAU_ROOM_JOINED)
    self->must_exist = TRUE;
  cau_room_join (self, nick, password);
}

void
cau_room_create_missing (CauRoom *self)
{
  g_return_if_fail (CAU_IS_ROOM (self));

  self->must_exist = FALSE;
  cau_room_join (self, NULL, NULL);
}

static void
set_private (CauRoom  *self,
             gboolean  members_only,
             gboolean  non_anonymous)
{
  gboolean was_private = cau_room_get_private (self);

  self->members_only = members_only;
  self->non_anonymous = non_anonymous;
  if (was_private != cau_room_get_private (self))
    g_object_notify_by_pspec (G_OBJECT (self), props[PROP_PRIVATE]);
}

void
cau_room_create (CauRoom                   *self,
                 const char                *nick,
                 const CauXmppRoomCreation *creation)
{
  g_autoptr(CauAccount) account = g_weak_ref_get (&self->account);

  if (account == NULL)
    return;
  set_string (self, &self->nick, nick, PROP_NICK);
  g_clear_pointer (&self->password, g_free);
  if (creation->name != NULL && *creation->name != '\0')
    set_string (self, &self->name, creation->name, PROP_NAME);
  if (creation->description != NULL && *creation->description != '\0')
    set_string (self, &self->description, creation->description, PROP_DESCRIPTION);
  /* A new room says nothing of itself before it exists: it will be what we configure. */
  set_private (self, creation->private_group, creation->private_group);
  enter (self, account, creation);
  cau_account_publish_bookmark (account, self, TRUE);
}

/* The room took these configuration fields: what we show of them follows at once (the room
 * tells its occupants only that its configuration changed, status 104). */
void
cau_room_apply_configuration (CauRoom  *self,
                              GVariant *values)
{
  const char *value;

  if (g_variant_lookup (values, "muc#roomconfig_roomname", "&s", &value) && *value != '\0')
    set_string (self, &self->name, value, PROP_NAME);
  if (g_variant_lookup (values, "muc#roomconfig_roomdesc", "&s", &value))
    set_string (self, &self->description, *value != '\0' ? value : NULL, PROP_DESCRIPTION);
  if (g_variant_lookup (values, "muc#roomconfig_membersonly", "&s", &value))
    set_private (self, g_str_equal (value, "1") || g_str_equal (value, "true"),
                 self->non_anonymous);
  if (g_variant_lookup (values, "muc#roomconfig_whois", "&s", &value))
    set_private (self, self->members_only, g_str_equal (value, "anyone"));
}

/* Leaves it; `tell_devices`: our other devices' bookmarks say so too. */
static void
leave (CauRoom  *self,
       gboolean  tell_devices)
{
  g_autoptr(CauAccount) account = g_weak_ref_get (&self->account);
  g_autoptr(GError) error = NULL;

  if (account == NULL)
    return;
  if (!cau_db_set_room_joined (cau_account_get_db (account), self->conversation_id, FALSE,
                               &error))
    g_warning ("Could not forget room %s: %s", self->jid, error->message);
  cau_xmpp_client_leave_room (cau_account_get_client (account), self->jid);
  clear_occupants (self);
  set_state (self, CAU_ROOM_LEFT, CAU_ROOM_ERROR_NONE);
  if (tell_devices)
    cau_account_publish_bookmark (account, self, FALSE);
}

void
cau_room_leave_remotely (CauRoom *self)
{
  if (self->state != CAU_ROOM_LEFT)
    leave (self, FALSE);
}

void
cau_room_leave (CauRoom *self)
{
  g_return_if_fail (CAU_IS_ROOM (self));
  leave (self, TRUE);
}

/**
 * cau_room_open_private_chat:
 * @self: the room
 * @nick: an occupant's nickname
 * @error: why not
 *
 * Opens the private conversation with @nick (XEP-0045 §7.5): a conversation of its own, with
 * the occupant's JID, shown in the list from now on.
 *
 * Returns: the conversation's id, 0 with @error set
 */
gint64
cau_room_open_private_chat (CauRoom     *self,
                            const char  *nick,
                            GError     **error)
{
  g_autoptr(CauAccount) account = NULL;
  g_autofree char *occupant = NULL;
  CauDb *db;
  gint64 id;

  g_return_val_if_fail (CAU_IS_ROOM (self), 0);
  g_return_val_if_fail (nick != NULL && *nick != '\0', 0);

  account = g_weak_ref_get (&self->account);
  if (account == NULL)
    {
      g_set_error_literal (error, CAU_CORE_ERROR, CAU_CORE_ERROR_FAILED,
                           _("This account is gone."));
      return 0;
    }
  db = cau_account_get_db (account);
  occupant = g_strconcat (self->jid, "/", nick, NULL);
  id = cau_db_ensure_conversation (db, cau_account_get_id (account), occupant, error);
  if (id <= 0 || !cau_db_set_conversation_archived (db, id, FALSE, error))
    return 0;
  cau_account_announce_conversation (account, id);
  return id;
}

/* A room we do not want to be in, as loaded: left, with nothing to tell the engine. */
void
cau_room_leave_quietly (CauRoom *self)
{
  set_state (self, CAU_ROOM_LEFT, CAU_ROOM_ERROR_NONE);
}

void
cau_room_set_subject (CauRoom    *self,
                      const char *subject)
{
  g_autoptr(CauAccount) account = NULL;

  g_return_if_fail (CAU_IS_ROOM (self));

  account = g_weak_ref_get (&self->account);
  if (account != NULL && self->state == CAU_ROOM_JOINED)
    cau_xmpp_client_set_room_subject (cau_account_get_client (account), self->jid,
                                      subject != NULL ? subject : "");
}
