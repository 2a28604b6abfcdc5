/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-account-manager.h"
#include "cau-avatar-cache.h"
#include "cau-core-private.h"
#include "cau-conversation-list-private.h"
#include "cau-conversation-private.h"
#include "cau-room-private.h"
#include "cau-system-monitor.h"
#include "xmpp/cau-jid.h"
#include "omemo/cau-omemo-crypto.h"

#include <glib/gi18n-lib.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

/*
 * The accounts and what they share: the store, the engine thread, the
 * keyring and the system monitor. Everything here runs on the main thread.
 */

struct _CauAccountManager
{
  GObject           parent_instance;

  CauDb            *db;
  CauXmppEngine    *engine;
  CauSecrets       *secrets;
  CauSystemMonitor *monitor;
  GListStore       *accounts;
  CauConversationList *conversations;
  gboolean          started;
  gboolean          active;
  guint             inactive_id;
  guint             prune_id;
  GCancellable     *cancellable;
};

/* Old avatars are deleted from the cache a while after start, when
 * nothing else is going on. */
#define PRUNE_DELAY_S   300
#define PRUNE_MIN_AGE_S 3600

/* How long the app must stay unfocused before the server is told
 * (XEP-0352): switching windows for a moment is not worth two nonzas. */
#define INACTIVE_DELAY_S 10

G_DEFINE_FINAL_TYPE (CauAccountManager, cau_account_manager, G_TYPE_OBJECT)

enum {
  SIGNAL_MESSAGE_RECEIVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_QUARK (cau-core-error-quark, cau_core_error)

void
cau_core_prepare_process (void)
{
  g_autoptr(GError) error = NULL;

  cau_xmpp_prepare_process ();
  /* libgcrypt's set-up must come before any thread uses it. */
  if (!cau_omemo_crypto_init (&error))
    g_warning ("OMEMO encryption is not available: %s", error->message);
#ifdef __GLIBC__
  /* One malloc arena for all threads. glibc gives each thread that
   * allocates an arena of its own, which keeps 130-200 kB resident even
   * when trimmed; our threads (the engine, GLib's and GTK's workers)
   * allocate little, and a per-thread cache serves small blocks without
   * the lock. Measured (benchmark 'startup'): 0.8-1 MB less resident. */
  mallopt (M_ARENA_MAX, 1);
#endif
}

CauAccountParams *
cau_account_params_new (const char *jid)
{
  CauAccountParams *params = g_new0 (CauAccountParams, 1);

  params->jid = g_strdup (jid);
  return params;
}

CauAccountParams *
cau_account_params_copy (const CauAccountParams *params)
{
  CauAccountParams *copy;

  g_return_val_if_fail (params != NULL, NULL);

  copy = g_new0 (CauAccountParams, 1);
  copy->jid = g_strdup (params->jid);
  copy->host = g_strdup (params->host);
  copy->port = params->port;
  copy->direct_tls = params->direct_tls;
  copy->trusted_sha256 = g_strdupv (params->trusted_sha256);
  return copy;
}

void
cau_account_params_free (CauAccountParams *params)
{
  if (params == NULL)
    return;
  g_free (params->jid);
  g_free (params->host);
  g_strfreev (params->trusted_sha256);
  g_free (params);
}

static void
cau_account_manager_dispose (GObject *object)
{
  CauAccountManager *self = CAU_ACCOUNT_MANAGER (object);

  g_clear_handle_id (&self->inactive_id, g_source_remove);
  g_clear_handle_id (&self->prune_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->accounts != NULL)
    {
      for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->accounts)); i++)
        {
          g_autoptr(CauAccount) account = g_list_model_get_item (G_LIST_MODEL (self->accounts), i);

          cau_account_shutdown (account);
        }
    }
  g_clear_object (&self->conversations);
  g_clear_object (&self->accounts);
  g_clear_object (&self->monitor);
  g_clear_object (&self->secrets);
  g_clear_object (&self->engine);
  g_clear_object (&self->db);

  G_OBJECT_CLASS (cau_account_manager_parent_class)->dispose (object);
}

static void
cau_account_manager_class_init (CauAccountManagerClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = cau_account_manager_dispose;

  /**
   * CauAccountManager::message-received:
   * @conversation: where it arrived
   * @message: a new message from a contact, received live (not from the
   *   archive): worth a notification when not on screen
   */
  signals[SIGNAL_MESSAGE_RECEIVED] =
    g_signal_new ("message-received", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                  CAU_TYPE_CONVERSATION, CAU_TYPE_MESSAGE);
}

static void
cau_account_manager_init (CauAccountManager *self)
{
  self->accounts = g_list_store_new (CAU_TYPE_ACCOUNT);
  self->active = TRUE;
}

static void
reconnect_needed_cb (CauAccountManager *self)
{
  cau_account_manager_reconnect_all (self);
}

static void
load_caps (CauAccountManager *self)
{
  g_autoptr(GHashTable) caps = NULL;
  g_autoptr(GError) error = NULL;
  GHashTableIter iter;
  gpointer ver, features;

  caps = cau_db_load_all_caps (self->db, &error);
  if (caps == NULL)
    {
      g_debug ("No capabilities cache: %s", error->message);
      return;
    }

  g_hash_table_iter_init (&iter, caps);
  while (g_hash_table_iter_next (&iter, &ver, &features))
    cau_xmpp_engine_add_known_caps (self->engine, ver, features);
}

/**
 * cau_account_manager_new:
 * @data_dir: where the database lives (created if needed)
 * @use_keyring: %FALSE to never use the Secret Service
 * @error: why the store could not be opened
 *
 * Returns: (transfer full) (nullable): the manager, accounts loaded
 */
/* Conversations. */

static void
store_changed_cb (CauAccount        *account,
                  CauStoreChanges   *changes,
                  CauAccountManager *self)
{
  cau_conversation_list_apply (self->conversations, changes);
}

static void
chat_state_cb (CauAccount        *account,
               const char        *peer,
               int                state,
               CauAccountManager *self)
{
  CauConversation *conversation = cau_conversation_list_lookup (self->conversations, account, peer);

  if (conversation != NULL)
    cau_conversation_peer_chat_state (conversation, state);
}

static void
history_page_cb (CauAccount        *account,
                 const char        *peer,
                 int                count,
                 CauAccountManager *self)
{
  CauConversation *conversation = cau_conversation_list_lookup (self->conversations, account, peer);

  if (conversation != NULL)
    cau_conversation_history_page (conversation, count);
}

static void
incoming_cb (CauAccountManager *self,
             CauConversation   *conversation,
             CauMessage        *message)
{
  g_signal_emit (self, signals[SIGNAL_MESSAGE_RECEIVED], 0, conversation, message);
}

static void
track_account (CauAccountManager *self,
               CauAccount        *account)
{
  cau_conversation_list_add_account (self->conversations, account);
  g_signal_connect (account, "store-changed", G_CALLBACK (store_changed_cb), self);
  g_signal_connect (account, "chat-state", G_CALLBACK (chat_state_cb), self);
  g_signal_connect (account, "history-page", G_CALLBACK (history_page_cb), self);
}

/**
 * cau_account_manager_get_conversations:
 * @self: the manager
 *
 * Returns: (transfer none): a GListModel of CauConversation, pinned first,
 *   then the most recent first
 */
GListModel *
cau_account_manager_get_conversations (CauAccountManager *self)
{
  g_return_val_if_fail (CAU_IS_ACCOUNT_MANAGER (self), NULL);
  return G_LIST_MODEL (self->conversations);
}

/**
 * cau_account_manager_open_conversation:
 * @self: the manager
 * @account: whose conversation
 * @address: the contact's address, as typed
 * @error: why the address is refused
 *
 * Returns: (transfer none): the conversation, created if need be
 */
CauConversation *
cau_account_manager_open_conversation (CauAccountManager  *self,
                                       CauAccount         *account,
                                       const char         *address,
                                       GError            **error)
{
  g_autofree char *typed = NULL;
  g_autofree char *peer = NULL;

  g_return_val_if_fail (CAU_IS_ACCOUNT_MANAGER (self), NULL);
  g_return_val_if_fail (CAU_IS_ACCOUNT (account), NULL);

  typed = cau_account_manager_normalize_jid (address, error);
  if (typed == NULL)
    return NULL;
  /* Keyed as the engine keys what arrives: lower case throughout. */
  peer = cau_xmpp_jid_normalize_bare (typed, NULL);
  if (peer == NULL)
    {
      g_set_error_literal (error, CAU_CORE_ERROR, CAU_CORE_ERROR_INVALID_ADDRESS,
                           _("This is not a valid address."));
      return NULL;
    }
  return cau_conversation_list_ensure (self->conversations, account, peer, error);
}

/* A room's address and our nickname in it as typed: the room's bare JID and the nickname
 * trimmed, or FALSE with the error to show. */
static gboolean
check_room (const char  *address,
            const char  *nick,
            char       **room,
            char       **trimmed_nick,
            GError     **error)
{
  g_autofree char *typed = NULL;

  *trimmed_nick = g_strstrip (g_strdup (nick));
  if (**trimmed_nick == '\0' || strlen (*trimmed_nick) > 1023 ||
      strchr (*trimmed_nick, '/') != NULL)
    {
      g_set_error_literal (error, CAU_CORE_ERROR, CAU_CORE_ERROR_INVALID_NICK,
                           _("Choose a nickname, without a slash."));
      return FALSE;
    }
  typed = cau_account_manager_normalize_jid (address, error);
  if (typed == NULL)
    return FALSE;
  *room = cau_xmpp_jid_normalize_bare (typed, NULL);
  if (*room == NULL || strchr (*room, '@') == NULL)
    {
      g_set_error_literal (error, CAU_CORE_ERROR, CAU_CORE_ERROR_INVALID_ADDRESS,
                           _("A room's address looks like name@conference.example.org."));
      return FALSE;
    }
  return TRUE;
}

static CauConversation *
join_room (CauAccountManager  *self,
           CauAccount         *account,
           const char         *address,
           const char         *nick,
           const char         *password,
           gboolean            must_exist,
           GError            **error)
{
  g_autofree char *room = NULL;
  g_autofree char *trimmed_nick = NULL;
  CauConversation *conversation;
  gint64 id;

  g_return_val_if_fail (CAU_IS_ACCOUNT_MANAGER (self), NULL);
  g_return_val_if_fail (CAU_IS_ACCOUNT (account), NULL);
  g_return_val_if_fail (address != NULL && nick != NULL, NULL);

  if (!check_room (address, nick, &room, &trimmed_nick, error))
    return NULL;

  /* Not yet marked as a room to be in: the room made for it would enter it at once, creating
   * it; entering below remembers it. */
  id = cau_db_ensure_room (self->db, cau_account_get_id (account), room, trimmed_nick, error);
  if (id <= 0)
    return NULL;
  conversation = cau_conversation_list_ensure (self->conversations, account, room, error);
  if (conversation == NULL)
    return NULL;
  if (must_exist)
    cau_room_join_existing (cau_conversation_get_room (conversation), trimmed_nick,
                            password != NULL ? password : "");
  else
    cau_room_join (cau_conversation_get_room (conversation), trimmed_nick,
                   password != NULL ? password : "");
  return conversation;
}

/**
 * cau_account_manager_join_room:
 * @self: the manager
 * @account: the account entering the room
 * @address: the room's address, as typed
 * @nick: our nickname in it
 * @password: (nullable): its password
 * @error: why not
 *
 * Opens the room's conversation and enters the room (now, or once @account is online, and at
 * every start until the room is left). How it goes shows on the conversation's #CauRoom.
 *
 * Returns: (transfer none) (nullable): the room's conversation
 */
CauConversation *
cau_account_manager_join_room (CauAccountManager  *self,
                               CauAccount         *account,
                               const char         *address,
                               const char         *nick,
                               const char         *password,
                               GError            **error)
{
  return join_room (self, account, address, nick, password, FALSE, error);
}

/**
 * cau_account_manager_join_existing_room:
 * @self: the manager
 * @account: the account entering the room
 * @address: the room's address, as typed
 * @nick: our nickname in it
 * @password: (nullable): its password
 * @error: why not
 *
 * Like cau_account_manager_join_room(), for an address someone typed or followed: a room that
 * does not exist is not created by entering it (its #CauRoom fails with
 * %CAU_ROOM_ERROR_MISSING, and cau_room_create_missing() makes it).
 *
 * Returns: (transfer none) (nullable): the room's conversation
 */
CauConversation *
cau_account_manager_join_existing_room (CauAccountManager  *self,
                                        CauAccount         *account,
                                        const char         *address,
                                        const char         *nick,
                                        const char         *password,
                                        GError            **error)
{
  return join_room (self, account, address, nick, password, TRUE, error);
}

/**
 * cau_account_manager_create_room:
 * @self: the manager
 * @account: the account creating the room
 * @address: the new room's address, as typed
 * @nick: our nickname in it
 * @name: (nullable): its name
 * @description: (nullable): what it is about
 * @private_group: TRUE: a private group (members only, everyone's address shown to all);
 *   FALSE: a public channel (listed, addresses shown to moderators only)
 * @error: why not
 *
 * Like cau_account_manager_join_room(), but the room is created and configured; one that
 * exists already is refused (the #CauRoom fails with CAU_ROOM_ERROR_EXISTS), so that nobody
 * enters someone else's room believing it new.
 *
 * Returns: (transfer none) (nullable): the room's conversation
 */
CauConversation *
cau_account_manager_create_room (CauAccountManager  *self,
                                 CauAccount         *account,
                                 const char         *address,
                                 const char         *nick,
                                 const char         *name,
                                 const char         *description,
                                 gboolean            private_group,
                                 GError            **error)
{
  g_autofree char *room = NULL;
  g_autofree char *trimmed_nick = NULL;
  g_autofree char *trimmed_name = NULL;
  g_autofree char *trimmed_description = NULL;
  CauXmppRoomCreation creation = { 0 };
  CauConversation *conversation;
  gint64 id;

  g_return_val_if_fail (CAU_IS_ACCOUNT_MANAGER (self), NULL);
  g_return_val_if_fail (CAU_IS_ACCOUNT (account), NULL);
  g_return_val_if_fail (address != NULL && nick != NULL, NULL);

  if (!check_room (address, nick, &room, &trimmed_nick, error))
    return NULL;

  trimmed_name = name != NULL ? g_strstrip (g_strdup (name)) : NULL;
  trimmed_description = description != NULL ? g_strstrip (g_strdup (description)) : NULL;
  creation.name = trimmed_name != NULL && *trimmed_name != '\0' ? trimmed_name : NULL;
  creation.description = trimmed_description != NULL && *trimmed_description != '\0'
                         ? trimmed_description : NULL;
  creation.private_group = private_group;

  /* Not marked as joined before its CauRoom exists, which would enter it at once: creating
   * does, and remembers it. */
  id = cau_db_ensure_room (self->db, cau_account_get_id (account), room, trimmed_nick, error);
  if (id <= 0)
    return NULL;
  conversation = cau_conversation_list_ensure (self->conversations, account, room, error);
  if (conversation == NULL)
    return NULL;
  cau_room_create (cau_conversation_get_room (conversation), trimmed_nick, &creation);
  return conversation;
}

CauAccountManager *
cau_account_manager_new (const char  *data_dir,
                         gboolean     use_keyring,
                         GError     **error)
{
  g_autoptr(CauAccountManager) self = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (data_dir != NULL, NULL);

  self = g_object_new (CAU_TYPE_ACCOUNT_MANAGER, NULL);
  path = g_build_filename (data_dir, "causerie.db", NULL);
  self->db = cau_db_open (path, error);
  if (self->db == NULL)
    return NULL;

  rows = cau_db_list_accounts (self->db, error);
  if (rows == NULL)
    return NULL;

  self->engine = cau_xmpp_engine_new ();
  {
    g_autofree char *avatar_dir = g_build_filename (g_get_user_cache_dir (), "causerie",
                                                    "avatars", NULL);

    cau_xmpp_engine_set_avatar_dir (self->engine, avatar_dir);
  }
  self->conversations = cau_conversation_list_new (self->db);
  g_signal_connect_swapped (self->conversations, "incoming", G_CALLBACK (incoming_cb), self);
  self->secrets = cau_secrets_new (use_keyring);
  load_caps (self);

  for (guint i = 0; i < rows->len; i++)
    {
      g_autoptr(CauAccount) account = cau_account_new (g_ptr_array_index (rows, i), self->db,
                                                       self->engine, self->secrets);

      g_list_store_append (self->accounts, account);
      track_account (self, account);
    }

  return g_steal_pointer (&self);
}

/**
 * cau_account_manager_set_avatar_dir:
 * @self: the manager
 * @dir: where avatars are cached (by default
 *   `$XDG_CACHE_HOME/causerie/avatars`)
 *
 * For tests and tools running several installs in one process; set it
 * before accounts start.
 */
void
cau_account_manager_set_avatar_dir (CauAccountManager *self,
                                    const char        *dir)
{
  g_return_if_fail (CAU_IS_ACCOUNT_MANAGER (self));
  g_return_if_fail (dir != NULL);

  cau_xmpp_engine_set_avatar_dir (self->engine, dir);
}

/**
 * cau_account_manager_get_accounts:
 * @self: the manager
 *
 * Returns: (transfer none): a GListModel of CauAccount, in the order added
 */
GListModel *
cau_account_manager_get_accounts (CauAccountManager *self)
{
  g_return_val_if_fail (CAU_IS_ACCOUNT_MANAGER (self), NULL);
  return G_LIST_MODEL (self->accounts);
}

/**
 * cau_account_manager_find:
 * @self: the manager
 * @jid: a bare JID
 *
 * Returns: (transfer none) (nullable): the account
 */
CauAccount *
cau_account_manager_find (CauAccountManager *self,
                          const char        *jid)
{
  g_return_val_if_fail (CAU_IS_ACCOUNT_MANAGER (self), NULL);
  g_return_val_if_fail (jid != NULL, NULL);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->accounts)); i++)
    {
      g_autoptr(CauAccount) account = g_list_model_get_item (G_LIST_MODEL (self->accounts), i);

      if (g_ascii_strcasecmp (cau_account_get_jid (account), jid) == 0)
        return account;
    }
  return NULL;
}

gboolean
cau_account_manager_get_keyring_available (CauAccountManager *self)
{
  g_return_val_if_fail (CAU_IS_ACCOUNT_MANAGER (self), FALSE);
  return cau_secrets_get_available (self->secrets);
}

/**
 * cau_account_manager_start:
 * @self: the manager
 *
 * Connects every enabled account and starts following the network.
 */
static gboolean
prune_avatars_cb (gpointer data)
{
  CauAccountManager *self = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = cau_xmpp_engine_dup_avatar_dir (self->engine);
  GHashTable *keep = cau_db_list_all_avatar_hashes (self->db, &error);

  self->prune_id = 0;
  if (keep == NULL)
    g_debug ("Avatar cache not pruned: %s", error->message);
  else if (dir == NULL)
    g_hash_table_unref (keep);
  else
    cau_avatar_cache_prune_async (dir, keep, PRUNE_MIN_AGE_S, self->cancellable);
  return G_SOURCE_REMOVE;
}

void
cau_account_manager_start (CauAccountManager *self)
{
  g_return_if_fail (CAU_IS_ACCOUNT_MANAGER (self));

  if (self->started)
    return;
  self->started = TRUE;

  self->monitor = cau_system_monitor_new ();
  g_signal_connect_swapped (self->monitor, "reconnect-needed",
                            G_CALLBACK (reconnect_needed_cb), self);
  self->cancellable = g_cancellable_new ();
  self->prune_id = g_timeout_add_seconds (PRUNE_DELAY_S, prune_avatars_cb, self);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->accounts)); i++)
    {
      g_autoptr(CauAccount) account = g_list_model_get_item (G_LIST_MODEL (self->accounts), i);

      cau_account_set_active (account, self->active);
      cau_account_start (account, NULL);
    }
}

static void
apply_active (CauAccountManager *self,
              gboolean           active)
{
  if (self->active == active)
    return;
  self->active = active;

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->accounts)); i++)
    {
      g_autoptr(CauAccount) account = g_list_model_get_item (G_LIST_MODEL (self->accounts), i);

      cau_account_set_active (account, active);
    }
}

static gboolean
inactive_cb (gpointer data)
{
  CauAccountManager *self = data;

  self->inactive_id = 0;
  apply_active (self, FALSE);
  return G_SOURCE_REMOVE;
}

/**
 * cau_account_manager_set_active:
 * @self: the manager
 * @active: whether a person is looking at the app
 *
 * Active at once; inactive only after a few seconds without focus.
 */
void
cau_account_manager_set_active (CauAccountManager *self,
                                gboolean           active)
{
  g_return_if_fail (CAU_IS_ACCOUNT_MANAGER (self));

  if (active)
    {
      g_clear_handle_id (&self->inactive_id, g_source_remove);
      apply_active (self, TRUE);
    }
  else if (self->active && self->inactive_id == 0)
    {
      self->inactive_id = g_timeout_add_seconds (INACTIVE_DELAY_S, inactive_cb, self);
    }
}

void
cau_account_manager_set_global_presence (CauAccountManager *self,
                                         CauPresence        presence,
                                         const char        *status_message)
{
  g_return_if_fail (CAU_IS_ACCOUNT_MANAGER (self));

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->accounts)); i++)
    {
      g_autoptr(CauAccount) account = g_list_model_get_item (G_LIST_MODEL (self->accounts), i);

      cau_account_set_presence (account, presence, status_message);
    }
}

void
cau_account_manager_reconnect_all (CauAccountManager *self)
{
  g_return_if_fail (CAU_IS_ACCOUNT_MANAGER (self));

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->accounts)); i++)
    {
      g_autoptr(CauAccount) account = g_list_model_get_item (G_LIST_MODEL (self->accounts), i);

      cau_xmpp_client_reconnect_now (cau_account_get_client (account));
    }
}

/**
 * cau_account_manager_normalize_jid:
 * @input: an address as typed
 * @error: the reason it is refused, translated
 *
 * Returns: (transfer full) (nullable): the bare JID to store
 */
char *
cau_account_manager_normalize_jid (const char  *input,
                                   GError     **error)
{
  g_autoptr(GError) local = NULL;
  char *jid = cau_jid_normalize_account (input, &local);

  if (jid == NULL)
    g_set_error_literal (error, CAU_CORE_ERROR, CAU_CORE_ERROR_INVALID_ADDRESS, local->message);
  return jid;
}

/* Adding and removing. */

static void
add_store_password_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CauAccount *account = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!cau_secrets_store_finish (CAU_SECRETS (source), result, &error))
    {
      /* The account is there and works for this session; the caller
       * decides whether not remembering the password is a failure. */
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_pointer (task, g_object_ref (account), g_object_unref);
}

/**
 * cau_account_manager_add_account_async:
 * @self: the manager
 * @params: the address and how to reach it
 * @password: the password
 * @cancellable: (nullable): a cancellable
 * @callback: called when stored
 * @user_data: for @callback
 *
 * Stores a new account, its pinned certificates and its password, and
 * starts it when the manager runs. If the keyring cannot keep the
 * password, the account is still added and works for this session; the
 * error is then CAU_CORE_ERROR_NO_KEYRING.
 */
void
cau_account_manager_add_account_async (CauAccountManager      *self,
                                       const CauAccountParams *params,
                                       const char             *password,
                                       GCancellable           *cancellable,
                                       GAsyncReadyCallback     callback,
                                       gpointer                user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(CauAccount) account = NULL;
  g_autofree char *jid = NULL;
  GError *error = NULL;
  CauDbAccount row = { 0 };

  g_return_if_fail (CAU_IS_ACCOUNT_MANAGER (self));
  g_return_if_fail (params != NULL && password != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cau_account_manager_add_account_async);

  jid = cau_account_manager_normalize_jid (params->jid, &error);
  if (jid == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (*password == '\0')
    {
      g_task_return_new_error (task, CAU_CORE_ERROR, CAU_CORE_ERROR_FAILED,
                               _("The password is empty."));
      return;
    }
  if (cau_account_manager_find (self, jid) != NULL)
    {
      g_task_return_new_error (task, CAU_CORE_ERROR, CAU_CORE_ERROR_ACCOUNT_EXISTS,
                               _("The account %s is already set up."), jid);
      return;
    }

  row.jid = jid;
  row.host = params->host;
  row.port = params->port;
  row.direct_tls = params->direct_tls;
  row.enabled = TRUE;
  row.presence_show = (char *) "available";
  row.created_at = g_get_real_time () / G_USEC_PER_SEC;

  if (!cau_db_begin (self->db, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  row.id = cau_db_add_account (self->db, &row, &error);
  for (guint i = 0; row.id > 0 && params->trusted_sha256 && params->trusted_sha256[i]; i++)
    if (!cau_db_add_cert_pin (self->db, row.id, params->trusted_sha256[i], NULL, &error))
      break;
  if (row.id <= 0 || error != NULL || !cau_db_commit (self->db, &error))
    {
      cau_db_rollback (self->db);
      if (g_error_matches (error, CAU_DB_ERROR, CAU_DB_ERROR_EXISTS))
        {
          g_clear_error (&error);
          g_task_return_new_error (task, CAU_CORE_ERROR, CAU_CORE_ERROR_ACCOUNT_EXISTS,
                                   _("The account %s is already set up."), jid);
        }
      else
        {
          g_task_return_error (task, error);
        }
      return;
    }

  account = cau_account_new (&row, self->db, self->engine, self->secrets);
  cau_account_set_active (account, self->active);
  g_list_store_append (self->accounts, account);
  track_account (self, account);
  if (self->started)
    cau_account_start (account, password);

  g_task_set_task_data (task, g_object_ref (account), g_object_unref);
  cau_secrets_store_async (self->secrets, jid, password, cancellable,
                           add_store_password_cb, g_steal_pointer (&task));
}

/**
 * cau_account_manager_add_account_finish:
 * @self: the manager
 * @result: the result
 * @error: what went wrong
 *
 * Returns: (transfer full) (nullable): the new account
 */
CauAccount *
cau_account_manager_add_account_finish (CauAccountManager  *self,
                                        GAsyncResult       *result,
                                        GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
remove_clear_password_cb (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  /* A keyring that is not there holds no password to forget. */
  if (!cau_secrets_clear_finish (CAU_SECRETS (source), result, &error))
    g_debug ("Password not cleared: %s", error->message);
  g_task_return_boolean (task, TRUE);
}

/**
 * cau_account_manager_remove_account_async:
 * @self: the manager
 * @account: the account to remove
 * @delete_history: whether its local history goes too
 * @cancellable: (nullable): a cancellable
 * @callback: called when removed
 * @user_data: for @callback
 *
 * Disconnects the account, deletes it from the store and forgets its
 * password.
 */
void
cau_account_manager_remove_account_async (CauAccountManager   *self,
                                          CauAccount          *account,
                                          gboolean             delete_history,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  guint position;

  g_return_if_fail (CAU_IS_ACCOUNT_MANAGER (self));
  g_return_if_fail (CAU_IS_ACCOUNT (account));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cau_account_manager_remove_account_async);

  if (!g_list_store_find (self->accounts, account, &position))
    {
      g_task_return_new_error (task, CAU_CORE_ERROR, CAU_CORE_ERROR_FAILED,
                               _("This account was already removed."));
      return;
    }

  if (!cau_db_remove_account (self->db, cau_account_get_id (account), delete_history, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  g_object_ref (account);
  cau_account_shutdown (account);
  g_signal_handlers_disconnect_by_data (account, self);
  cau_conversation_list_remove_account (self->conversations, account);
  g_list_store_remove (self->accounts, position);
  cau_secrets_clear_async (self->secrets, cau_account_get_jid (account), cancellable,
                           remove_clear_password_cb, g_steal_pointer (&task));
  g_object_unref (account);
}

gboolean
cau_account_manager_remove_account_finish (CauAccountManager  *self,
                                           GAsyncResult       *result,
                                           GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

CauXmppEngine *
cau_account_manager_get_engine (CauAccountManager *self)
{
  return self->engine;
}

guint
cau_account_manager_get_avatar_requests (CauAccountManager *self)
{
  g_return_val_if_fail (CAU_IS_ACCOUNT_MANAGER (self), 0);
  return cau_xmpp_engine_get_avatar_requests (self->engine);
}
