/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-account.h"
#include "cau-room-invitation-private.h"
#include "cau-account-manager.h"
#include "cau-core-private.h"
#include "cau-message-archive-private.h"
#include "cau-omemo-keys-private.h"
#include "cau-roster-private.h"
#include "cau-room-invitation.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/*
 * An account as the UI sees it: what is stored about it, the state of its
 * connection and what a person has to do when it needs them. The stream
 * itself is a CauXmppClient; this object decides when it should run.
 */

struct _CauAccount
{
  GObject          parent_instance;

  CauDb           *db;
  CauXmppEngine   *engine;
  CauSecrets      *secrets;
  CauXmppClient   *client;
  GCancellable    *cancellable;

  CauDbAccount    *row;
  char            *password;   /* in memory only; the keyring keeps it across runs */
  gboolean         started;
  gboolean         loading_password;
  gboolean         active;
  gboolean         stopped;    /* we told the stream to stop; it may not say so yet */

  CauAccountState  state;
  char            *error_message;
  gboolean         needs_person;   /* the last failure is final until they act */
  CauCertificate  *rejected_cert;
  CauRoster       *roster;
  guint            unread;     /* incoming messages not read, all its conversations */
  GHashTable      *rooms;      /* bare JID → CauRoom (cau-account-rooms.c) */
  GListStore      *room_invitations;  /* CauRoomInvitation (cau-account-rooms.c) */
};

G_DEFINE_FINAL_TYPE (CauAccount, cau_account, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_JID,
  PROP_BOUND_JID,
  PROP_ENABLED,
  PROP_STATE,
  PROP_ERROR_MESSAGE,
  PROP_PRESENCE,
  PROP_STATUS_MESSAGE,
  PROP_HOST,
  PROP_PORT,
  PROP_DIRECT_TLS,
  PROP_REJECTED_CERTIFICATE,
  PROP_AVATAR_HASH,
  PROP_UNREAD,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

enum {
  SIGNAL_STORE_CHANGED,
  SIGNAL_CHAT_STATE,
  SIGNAL_HISTORY_PAGE,
  SIGNAL_INVITATION_DECLINED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const GEnumValue state_values[] = {
  { CAU_ACCOUNT_STATE_DISABLED, "CAU_ACCOUNT_STATE_DISABLED", "disabled" },
  { CAU_ACCOUNT_STATE_OFFLINE, "CAU_ACCOUNT_STATE_OFFLINE", "offline" },
  { CAU_ACCOUNT_STATE_CONNECTING, "CAU_ACCOUNT_STATE_CONNECTING", "connecting" },
  { CAU_ACCOUNT_STATE_ONLINE, "CAU_ACCOUNT_STATE_ONLINE", "online" },
  { CAU_ACCOUNT_STATE_WAITING, "CAU_ACCOUNT_STATE_WAITING", "waiting" },
  { CAU_ACCOUNT_STATE_ERROR, "CAU_ACCOUNT_STATE_ERROR", "error" },
  { CAU_ACCOUNT_STATE_NEEDS_PASSWORD, "CAU_ACCOUNT_STATE_NEEDS_PASSWORD", "needs-password" },
  { 0, NULL, NULL },
};

static const GEnumValue presence_values[] = {
  { CAU_PRESENCE_AVAILABLE, "CAU_PRESENCE_AVAILABLE", "available" },
  { CAU_PRESENCE_AWAY, "CAU_PRESENCE_AWAY", "away" },
  { CAU_PRESENCE_DND, "CAU_PRESENCE_DND", "dnd" },
  { CAU_PRESENCE_OFFLINE, "CAU_PRESENCE_OFFLINE", "offline" },
  { 0, NULL, NULL },
};

GType
cau_account_state_get_type (void)
{
  static gsize type;

  if (g_once_init_enter (&type))
    g_once_init_leave (&type, g_enum_register_static ("CauAccountState", state_values));
  return type;
}

GType
cau_presence_get_type (void)
{
  static gsize type;

  if (g_once_init_enter (&type))
    g_once_init_leave (&type, g_enum_register_static ("CauPresence", presence_values));
  return type;
}

const char *
cau_presence_to_string (CauPresence presence)
{
  for (guint i = 0; presence_values[i].value_nick; i++)
    if ((CauPresence) presence_values[i].value == presence)
      return presence_values[i].value_nick;
  return "available";
}

CauPresence
cau_presence_from_string (const char *text)
{
  for (guint i = 0; presence_values[i].value_nick; i++)
    if (g_strcmp0 (presence_values[i].value_nick, text) == 0)
      return presence_values[i].value;
  return CAU_PRESENCE_AVAILABLE;
}

/**
 * cau_presence_from_show:
 * @show: a presence's <show/>, a CauXmppShow
 *
 * Returns: what it says in the model's terms: extended away is away
 */
CauPresence
cau_presence_from_show (int show)
{
  switch (show)
    {
    case CAU_XMPP_SHOW_AWAY:
    case CAU_XMPP_SHOW_XA:
      return CAU_PRESENCE_AWAY;
    case CAU_XMPP_SHOW_DND:
      return CAU_PRESENCE_DND;
    case CAU_XMPP_SHOW_AVAILABLE:
    default:
      return CAU_PRESENCE_AVAILABLE;
    }
}

static CauXmppShow
presence_to_show (CauPresence presence)
{
  switch (presence)
    {
    case CAU_PRESENCE_AWAY:
      return CAU_XMPP_SHOW_AWAY;
    case CAU_PRESENCE_DND:
      return CAU_XMPP_SHOW_DND;
    case CAU_PRESENCE_AVAILABLE:
    case CAU_PRESENCE_OFFLINE:
    default:
      return CAU_XMPP_SHOW_AVAILABLE;
    }
}

static CauPresence
row_presence (CauAccount *self)
{
  return cau_presence_from_string (self->row->presence_show);
}

static void
set_error_message (CauAccount *self,
                   const char *message)
{
  if (g_strcmp0 (self->error_message, message) == 0)
    return;
  g_free (self->error_message);
  self->error_message = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_ERROR_MESSAGE]);
}

static void
set_rejected_cert (CauAccount     *self,
                   CauCertificate *cert)
{
  if (self->rejected_cert == cert)
    return;
  g_set_object (&self->rejected_cert, cert);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_REJECTED_CERTIFICATE]);
}

static CauAccountState
compute_state (CauAccount *self)
{
  if (!self->row->enabled)
    return CAU_ACCOUNT_STATE_DISABLED;
  if (row_presence (self) == CAU_PRESENCE_OFFLINE)
    return CAU_ACCOUNT_STATE_OFFLINE;
  if (self->password == NULL && !self->loading_password)
    return self->started ? CAU_ACCOUNT_STATE_NEEDS_PASSWORD : CAU_ACCOUNT_STATE_OFFLINE;
  if (self->needs_person)
    return CAU_ACCOUNT_STATE_ERROR;

  switch (cau_xmpp_client_get_state (self->client))
    {
    case CAU_XMPP_STATE_ONLINE:
      return CAU_ACCOUNT_STATE_ONLINE;
    case CAU_XMPP_STATE_WAITING:
      return CAU_ACCOUNT_STATE_WAITING;
    case CAU_XMPP_STATE_CONNECTING:
      return CAU_ACCOUNT_STATE_CONNECTING;
    case CAU_XMPP_STATE_DISCONNECTED:
    default:
      return self->started ? CAU_ACCOUNT_STATE_CONNECTING : CAU_ACCOUNT_STATE_OFFLINE;
    }
}

static void
update_state (CauAccount *self)
{
  CauAccountState state = compute_state (self);

  if (state == CAU_ACCOUNT_STATE_ONLINE || state == CAU_ACCOUNT_STATE_DISABLED ||
      state == CAU_ACCOUNT_STATE_OFFLINE)
    set_error_message (self, NULL);
  /* Switched off or stuck: nobody's presence is known. (While the stream
   * is only interrupted it may resume, and the server resends nothing.) */
  if (self->roster != NULL && state != CAU_ACCOUNT_STATE_ONLINE &&
      state != CAU_ACCOUNT_STATE_CONNECTING && state != CAU_ACCOUNT_STATE_WAITING)
    cau_roster_clear_presence (self->roster);

  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_STATE]);
}

static gboolean
should_connect (CauAccount *self)
{
  /* While the password is looked up, the stream waits for it. */
  return self->started && self->row->enabled &&
         (self->password != NULL || self->loading_password) &&
         row_presence (self) != CAU_PRESENCE_OFFLINE && !self->needs_person;
}

/* Brings the stream in line with what the account should be doing. */
static void
apply (CauAccount *self)
{
  if (should_connect (self))
    {
      g_auto(GStrv) pins = cau_db_list_cert_pins (self->db, self->row->id, NULL);

      cau_xmpp_client_set_password (self->client, self->password);
      cau_xmpp_client_set_resource (self->client, self->row->resource);
      cau_xmpp_client_set_server (self->client, self->row->host, self->row->port,
                                  self->row->direct_tls);
      cau_xmpp_client_set_pinned_certificates (self->client, (const char * const *) pins);
      cau_xmpp_client_set_presence (self->client, presence_to_show (row_presence (self)),
                                    self->row->presence_status);
      cau_xmpp_client_set_active (self->client, self->active);
      /* The client reports its state later: right after a disconnect it
       * still says online, and the connect must follow all the same. */
      if (cau_xmpp_client_get_state (self->client) != CAU_XMPP_STATE_ONLINE || self->stopped)
        cau_xmpp_client_connect (self->client);
      self->stopped = FALSE;
    }
  else
    {
      cau_xmpp_client_disconnect (self->client);
      self->stopped = TRUE;
    }
  update_state (self);
}

static void
client_state_cb (CauAccount *self)
{
  update_state (self);
}

static void
client_bound_jid_cb (CauAccount *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_BOUND_JID]);
}

static void
client_online_cb (CauAccount *self,
                  gboolean    resumed)
{
  self->needs_person = FALSE;
  set_rejected_cert (self, NULL);
  /* A new session: the server sends everyone's presence again. */
  if (!resumed)
    cau_roster_clear_presence (self->roster);
  update_state (self);
}

static void
client_failed_cb (CauAccount   *self,
                  const GError *error,
                  gboolean      will_retry)
{
  const CauXmppCertInfo *info = cau_xmpp_client_get_rejected_certificate (self->client);

  if (info != NULL && g_error_matches (error, CAU_XMPP_ERROR, CAU_XMPP_ERROR_CERTIFICATE))
    {
      g_autoptr(CauCertificate) cert = cau_certificate_new_from_info (info);

      set_rejected_cert (self, cert);
    }

  self->needs_person = !will_retry;
  if (will_retry)
    {
      /* TRANSLATORS: %s explains why the connection failed */
      g_autofree char *message = g_strdup_printf (_("%s Trying again…"), error->message);

      set_error_message (self, message);
    }
  else
    {
      set_error_message (self, error->message);
    }
  update_state (self);
}

static void
client_caps_learned_cb (CauAccount         *self,
                        const char         *ver,
                        const char * const *features)
{
  g_autoptr(GError) error = NULL;

  if (!cau_db_put_caps (self->db, ver, "sha-1", features, &error))
    g_debug ("Capabilities not cached: %s", error->message);
}

static void
cau_account_dispose (GObject *object)
{
  CauAccount *self = CAU_ACCOUNT (object);

  g_cancellable_cancel (self->cancellable);
  if (self->client != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->client, self);
      cau_xmpp_client_disconnect (self->client);
      g_clear_object (&self->client);
    }
  g_clear_object (&self->rejected_cert);
  g_clear_object (&self->roster);
  g_clear_pointer (&self->rooms, g_hash_table_unref);
  g_clear_object (&self->room_invitations);

  G_OBJECT_CLASS (cau_account_parent_class)->dispose (object);
}

static void
cau_account_finalize (GObject *object)
{
  CauAccount *self = CAU_ACCOUNT (object);

  if (self->password != NULL)
    memset (self->password, 0, strlen (self->password));
  g_free (self->password);
  g_free (self->error_message);
  cau_db_account_free (self->row);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->db);
  g_clear_object (&self->engine);
  g_clear_object (&self->secrets);

  G_OBJECT_CLASS (cau_account_parent_class)->finalize (object);
}

static void
cau_account_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  CauAccount *self = CAU_ACCOUNT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->row->id);
      break;
    case PROP_JID:
      g_value_set_string (value, self->row->jid);
      break;
    case PROP_BOUND_JID:
      g_value_set_string (value, cau_account_get_bound_jid (self));
      break;
    case PROP_ENABLED:
      g_value_set_boolean (value, self->row->enabled);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_ERROR_MESSAGE:
      g_value_set_string (value, self->error_message);
      break;
    case PROP_PRESENCE:
      g_value_set_enum (value, row_presence (self));
      break;
    case PROP_STATUS_MESSAGE:
      g_value_set_string (value, self->row->presence_status);
      break;
    case PROP_HOST:
      g_value_set_string (value, self->row->host);
      break;
    case PROP_PORT:
      g_value_set_uint (value, self->row->port);
      break;
    case PROP_DIRECT_TLS:
      g_value_set_boolean (value, self->row->direct_tls);
      break;
    case PROP_REJECTED_CERTIFICATE:
      g_value_set_object (value, self->rejected_cert);
      break;
    case PROP_AVATAR_HASH:
      g_value_set_string (value, cau_account_get_avatar_hash (self));
      break;
    case PROP_UNREAD:
      g_value_set_uint (value, self->unread);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cau_account_class_init (CauAccountClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = cau_account_dispose;
  object_class->finalize = cau_account_finalize;
  object_class->get_property = cau_account_get_property;

  props[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, ro);
  props[PROP_JID] = g_param_spec_string ("jid", NULL, NULL, NULL, ro);
  props[PROP_BOUND_JID] = g_param_spec_string ("bound-jid", NULL, NULL, NULL, ro);
  props[PROP_ENABLED] = g_param_spec_boolean ("enabled", NULL, NULL, TRUE, ro);
  props[PROP_STATE] = g_param_spec_enum ("state", NULL, NULL, CAU_TYPE_ACCOUNT_STATE,
                                         CAU_ACCOUNT_STATE_OFFLINE, ro);
  props[PROP_ERROR_MESSAGE] = g_param_spec_string ("error-message", NULL, NULL, NULL, ro);
  props[PROP_PRESENCE] = g_param_spec_enum ("presence", NULL, NULL, CAU_TYPE_PRESENCE,
                                            CAU_PRESENCE_AVAILABLE, ro);
  props[PROP_STATUS_MESSAGE] = g_param_spec_string ("status-message", NULL, NULL, NULL, ro);
  props[PROP_HOST] = g_param_spec_string ("host", NULL, NULL, NULL, ro);
  props[PROP_PORT] = g_param_spec_uint ("port", NULL, NULL, 0, G_MAXUINT16, 0, ro);
  props[PROP_DIRECT_TLS] = g_param_spec_boolean ("direct-tls", NULL, NULL, FALSE, ro);
  props[PROP_REJECTED_CERTIFICATE] = g_param_spec_object ("rejected-certificate", NULL, NULL,
                                                          CAU_TYPE_CERTIFICATE, ro);
  props[PROP_AVATAR_HASH] = g_param_spec_string ("avatar-hash", NULL, NULL, NULL, ro);
  props[PROP_UNREAD] = g_param_spec_uint ("unread", NULL, NULL, 0, G_MAXUINT, 0, ro);
  g_object_class_install_properties (object_class, N_PROPS, props);

  /* CauAccount::store-changed: (CauStoreChanges *) the engine stored
   * messages or the roster (inside the model only). */
  signals[SIGNAL_STORE_CHANGED] =
    g_signal_new ("store-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
  /* CauAccount::chat-state: (peer, CauChatState) */
  signals[SIGNAL_CHAT_STATE] =
    g_signal_new ("chat-state", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_INT);
  /* CauAccount::history-page: (peer, count or -1 at the archive's start) */
  signals[SIGNAL_HISTORY_PAGE] =
    g_signal_new ("history-page", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_INT);
  /**
   * CauAccount::invitation-declined:
   * @room: the room's bare JID
   * @who: the bare JID of who declined our invitation
   * @reason: (nullable): what they said, plain text from the network
   *
   * Someone declined our invitation to a room, the room says (XEP-0045 §7.8.2).
   */
  signals[SIGNAL_INVITATION_DECLINED] =
    g_signal_new ("invitation-declined", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_STRING,
                  G_TYPE_STRING);
}

void
cau_account_emit_invitation_declined (CauAccount *self,
                                      const char *room,
                                      const char *who,
                                      const char *reason)
{
  g_signal_emit (self, signals[SIGNAL_INVITATION_DECLINED], 0, room, who, reason);
}

static void
cau_account_init (CauAccount *self)
{
  self->cancellable = g_cancellable_new ();
  self->active = TRUE;
  self->state = CAU_ACCOUNT_STATE_OFFLINE;
}

static CauDbAccount *
copy_row (const CauDbAccount *row)
{
  CauDbAccount *copy = g_new0 (CauDbAccount, 1);

  *copy = *row;
  copy->jid = g_strdup (row->jid);
  copy->resource = g_strdup (row->resource);
  copy->host = g_strdup (row->host);
  copy->presence_show = g_strdup (row->presence_show ? row->presence_show : "available");
  copy->presence_status = g_strdup (row->presence_status);
  return copy;
}

/* Messages: stored by the engine, announced here. */

static void
archive_changed_cb (CauStoreChanges *changes,
                    gpointer         user_data)
{
  g_autoptr(CauAccount) self = g_weak_ref_get (user_data);

  /* The roster first, so that whoever hears the signal finds it current. */
  if (self != NULL && changes->roster && self->roster != NULL)
    cau_roster_reload (self->roster);
  if (self != NULL)
    g_signal_emit (self, signals[SIGNAL_STORE_CHANGED], 0, changes);
  cau_store_changes_free (changes);
}

static void
weak_ref_free (gpointer data)
{
  g_weak_ref_clear (data);
  g_free (data);
}

static void
attach_archive (CauAccount *self)
{
  GWeakRef *ref = g_new0 (GWeakRef, 1);
  g_autoptr(GMainContext) context = g_main_context_ref_thread_default ();
  CauMessageArchive *archive;

  g_weak_ref_init (ref, self);
  archive = cau_message_archive_new (cau_db_get_path (self->db), self->row->id, self->row->jid,
                                     context, archive_changed_cb, ref, weak_ref_free);
  cau_xmpp_client_set_archive (self->client, &cau_message_archive_funcs, archive,
                               (GDestroyNotify) cau_message_archive_free);
  /* The keys use the archive's connection; the engine drops them before the archive. */
  cau_xmpp_client_set_omemo (self->client, &cau_omemo_keys_funcs,
                             cau_omemo_keys_new (archive, self->row->id, self->row->jid),
                             (GDestroyNotify) cau_omemo_keys_free);
}

static void
client_chat_state_cb (CauAccount *self,
                      const char *peer,
                      int         state)
{
  g_signal_emit (self, signals[SIGNAL_CHAT_STATE], 0, peer, state);
}

static void
client_history_page_cb (CauAccount *self,
                        const char *peer,
                        int         count)
{
  g_signal_emit (self, signals[SIGNAL_HISTORY_PAGE], 0, peer, count);
}

/* Contacts: presence, requests and blocking go to the roster. */

static void
client_presence_cb (CauAccount *self,
                    const char *jid,
                    int         show,
                    const char *status)
{
  cau_roster_apply_presence (self->roster, jid, show, status);
}

static void
client_subscription_request_cb (CauAccount *self,
                                const char *jid,
                                const char *nick,
                                const char *message)
{
  cau_roster_add_request (self->roster, jid, nick, message);
}

static void
client_subscription_withdrawn_cb (CauAccount *self,
                                  const char *jid)
{
  cau_roster_withdraw_request (self->roster, jid);
}

static void
client_avatar_cb (CauAccount *self,
                  const char *jid,
                  const char *hash,
                  gboolean    fetched)
{
  gboolean changed;

  /* An occupant's (room@service/nick) is no contact's, and is not kept. */
  if (strchr (jid, '/') != NULL)
    return;
  changed = cau_roster_set_avatar (self->roster, jid, hash, fetched);
  /* Fetched again unchanged: windows load the new file. */
  if ((changed || fetched) && g_strcmp0 (jid, cau_account_get_jid (self)) == 0)
    g_object_notify_by_pspec (G_OBJECT (self), props[PROP_AVATAR_HASH]);
}

static void
client_blocklist_cb (CauAccount         *self,
                     const char * const *jids)
{
  cau_roster_set_blocklist (self->roster, jids);
}

static void
client_nick_changed_cb (CauAccount *self,
                        const char *jid,
                        const char *nick)
{
  cau_roster_apply_nick (self->roster, jid, nick);
}

CauAccount *
cau_account_new (const CauDbAccount *row,
                 CauDb              *db,
                 CauXmppEngine      *engine,
                 CauSecrets         *secrets)
{
  CauAccount *self = g_object_new (CAU_TYPE_ACCOUNT, NULL);

  self->row = copy_row (row);
  self->db = g_object_ref (db);
  self->engine = g_object_ref (engine);
  self->secrets = g_object_ref (secrets);
  self->state = compute_state (self);
  self->roster = cau_roster_new (self, db, row->id, row->jid);

  self->client = cau_xmpp_client_new (engine, row->jid);
  g_signal_connect_swapped (self->client, "notify::state", G_CALLBACK (client_state_cb), self);
  g_signal_connect_swapped (self->client, "notify::bound-jid", G_CALLBACK (client_bound_jid_cb), self);
  g_signal_connect_swapped (self->client, "online", G_CALLBACK (client_online_cb), self);
  g_signal_connect_swapped (self->client, "failed", G_CALLBACK (client_failed_cb), self);
  g_signal_connect_swapped (self->client, "caps-learned", G_CALLBACK (client_caps_learned_cb), self);
  g_signal_connect_swapped (self->client, "chat-state", G_CALLBACK (client_chat_state_cb), self);
  g_signal_connect_swapped (self->client, "history-page", G_CALLBACK (client_history_page_cb), self);
  g_signal_connect_swapped (self->client, "presence", G_CALLBACK (client_presence_cb), self);
  g_signal_connect_swapped (self->client, "subscription-request",
                            G_CALLBACK (client_subscription_request_cb), self);
  g_signal_connect_swapped (self->client, "subscription-request-withdrawn",
                            G_CALLBACK (client_subscription_withdrawn_cb), self);
  g_signal_connect_swapped (self->client, "blocklist-changed",
                            G_CALLBACK (client_blocklist_cb), self);
  g_signal_connect_swapped (self->client, "nick-changed",
                            G_CALLBACK (client_nick_changed_cb), self);
  g_signal_connect_swapped (self->client, "avatar-changed", G_CALLBACK (client_avatar_cb), self);
  cau_xmpp_client_set_known_own_avatar (self->client, cau_account_get_avatar_hash (self));
  attach_archive (self);
  self->rooms = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->room_invitations = g_list_store_new (CAU_TYPE_ROOM_INVITATION);
  cau_account_rooms_attach (self);
  return self;
}

static void
replace_password (CauAccount *self,
                  const char *password)
{
  if (self->password != NULL)
    memset (self->password, 0, strlen (self->password));
  g_free (self->password);
  self->password = g_strdup (password);
}

static void
password_found_cb (const char *password,
                   gpointer    data)
{
  cau_xmpp_password_sink_supply (data, password);
}

static void
lookup_password_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(CauAccount) self = user_data;
  g_autoptr(GError) error = NULL;
  char *password;

  password = cau_secrets_lookup_finish (CAU_SECRETS (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->loading_password = FALSE;
  if (password != NULL)
    {
      replace_password (self, password);
      memset (password, 0, strlen (password));
      g_free (password);
    }
  else if (error != NULL)
    {
      set_error_message (self, _("No keyring is available, so the password could not be loaded. Enter it to connect for this session."));
    }
  else
    {
      set_error_message (self, _("No password is stored for this account. Enter it to connect."));
    }
  apply (self);
}

void
cau_account_start (CauAccount *self,
                   const char *password)
{
  g_return_if_fail (CAU_IS_ACCOUNT (self));

  self->started = TRUE;
  if (password != NULL)
    replace_password (self, password);

  if (self->password == NULL && self->row->enabled)
    {
      self->loading_password = TRUE;
      /* The stream starts waiting now; the password goes straight from
       * the keyring's thread to the engine. */
      apply (self);
      cau_secrets_lookup_async (self->secrets, self->row->jid,
                                password_found_cb,
                                cau_xmpp_client_dup_password_sink (self->client),
                                (GDestroyNotify) cau_xmpp_password_sink_free,
                                self->cancellable, lookup_password_cb, g_object_ref (self));
      return;
    }
  apply (self);
}

void
cau_account_shutdown (CauAccount *self)
{
  g_return_if_fail (CAU_IS_ACCOUNT (self));

  self->started = FALSE;
  g_cancellable_cancel (self->cancellable);
  cau_xmpp_client_disconnect (self->client);
  self->stopped = TRUE;
  update_state (self);
}

void
cau_account_set_active (CauAccount *self,
                        gboolean    active)
{
  g_return_if_fail (CAU_IS_ACCOUNT (self));

  self->active = active;
  cau_xmpp_client_set_active (self->client, active);
}

/* A conversation's row changed outside the engine's store: the list shows it as it is now. */
void
cau_account_announce_conversation (CauAccount *self,
                                   gint64      conversation_id)
{
  g_autoptr(CauStoreChanges) changes = cau_store_changes_new (self->row->id);

  g_array_append_val (changes->conversations, conversation_id);
  g_signal_emit (self, signals[SIGNAL_STORE_CHANGED], 0, changes);
}

/**
 * cau_account_get_room_invitations:
 * @account: the account
 *
 * Returns: (transfer none): its invitations to rooms waiting for an answer
 */
GListModel *
cau_account_get_room_invitations (CauAccount *self)
{
  g_return_val_if_fail (CAU_IS_ACCOUNT (self), NULL);
  return G_LIST_MODEL (self->room_invitations);
}

GHashTable *
cau_account_get_rooms (CauAccount *self)
{
  return self->rooms;
}

CauXmppClient *
cau_account_get_client (CauAccount *self)
{
  g_return_val_if_fail (CAU_IS_ACCOUNT (self), NULL);
  return self->client;
}

CauDb *
cau_account_get_db (CauAccount *self)
{
  g_return_val_if_fail (CAU_IS_ACCOUNT (self), NULL);
  return self->db;
}

gint64
cau_account_get_id (CauAccount *self)
{
  g_return_val_if_fail (CAU_IS_ACCOUNT (self), 0);
  return self->row->id;
}

const char *
cau_account_get_jid (CauAccount *self)
{
  g_return_val_if_fail (CAU_IS_ACCOUNT (self), NULL);
  return self->row->jid;
}

/**
 * cau_account_get_bound_jid:
 * @self: an account
 *
 * Returns: (nullable): the full JID of the current or last stream
 */
const char *
cau_account_get_bound_jid (CauAccount *self)
{
  g_return_val_if_fail (CAU_IS_ACCOUNT (self), NULL);
  return cau_xmpp_client_get_bound_jid (self->client);
}

gboolean
cau_account_get_enabled (CauAccount *self)
{
  g_return_val_if_fail (CAU_IS_ACCOUNT (self), FALSE);
  return self->row->enabled;
}

CauAccountState
cau_account_get_state (CauAccount *self)
{
  g_return_val_if_fail (CAU_IS_ACCOUNT (self), CAU_ACCOUNT_STATE_OFFLINE);
  return self->state;
}

/**
 * cau_account_get_error_message:
 * @self: an account
 *
 * Returns: (nullable): why the account is not online, translated
 */
const char *
cau_account_get_error_message (CauAccount *self)
{
  g_return_val_if_fail (CAU_IS_ACCOUNT (self), NULL);
  return self->error_message;
}

CauPresence
cau_account_get_presence (CauAccount *self)
{
  g_return_val_if_fail (CAU_IS_ACCOUNT (self), CAU_PRESENCE_AVAILABLE);
  return row_presence (self);
}

const char *
cau_account_get_status_message (CauAccount *self)
{
  g_return_val_if_fail (CAU_IS_ACCOUNT (self), NULL);
  return self->row->presence_status;
}

const char *
cau_account_get_host (CauAccount *self)
{
  g_return_val_if_fail (CAU_IS_ACCOUNT (self), NULL);
  return self->row->host;
}

guint16
cau_account_get_port (CauAccount *self)
{
  g_return_val_if_fail (CAU_IS_ACCOUNT (self), 0);
  return self->row->port;
}

gboolean
cau_account_get_direct_tls (CauAccount *self)
{
  g_return_val_if_fail (CAU_IS_ACCOUNT (self), FALSE);
  return self->row->direct_tls;
}

/**
 * cau_account_get_rejected_certificate:
 * @self: an account
 *
 * Returns: (nullable) (transfer none): the certificate to decide about
 */
CauCertificate *
cau_account_get_rejected_certificate (CauAccount *self)
{
  g_return_val_if_fail (CAU_IS_ACCOUNT (self), NULL);
  return self->rejected_cert;
}

gint64
cau_account_get_online_since (CauAccount *self)
{
  g_return_val_if_fail (CAU_IS_ACCOUNT (self), 0);
  return cau_xmpp_client_get_online_since (self->client);
}

gboolean
cau_account_server_has_feature (CauAccount *self,
                                const char *feature)
{
  g_return_val_if_fail (CAU_IS_ACCOUNT (self), FALSE);
  return cau_xmpp_client_server_has_feature (self->client, feature);
}

/**
 * cau_account_get_roster:
 * @self: an account
 *
 * Returns: (transfer none): its contacts, a GListModel of CauContact
 */
CauRoster *
cau_account_get_roster (CauAccount *self)
{
  g_return_val_if_fail (CAU_IS_ACCOUNT (self), NULL);
  return self->roster;
}

gboolean
cau_account_block (CauAccount  *self,
                   const char  *address,
                   GError     **error)
{
  g_return_val_if_fail (CAU_IS_ACCOUNT (self), FALSE);
  return cau_roster_block (self->roster, address, error);
}

gboolean
cau_account_unblock (CauAccount  *self,
                     const char  *address,
                     GError     **error)
{
  g_return_val_if_fail (CAU_IS_ACCOUNT (self), FALSE);
  return cau_roster_unblock (self->roster, address, error);
}

/**
 * cau_account_get_avatar_hash:
 * @self: an account
 *
 * Returns: (nullable): the SHA-1 of our own avatar, %NULL when we have none
 */
const char *
cau_account_get_avatar_hash (CauAccount *self)
{
  g_return_val_if_fail (CAU_IS_ACCOUNT (self), NULL);
  return cau_roster_get_avatar (self->roster, cau_account_get_jid (self));
}

/**
 * cau_account_dup_avatar_file:
 * @self: an account
 * @hash: an avatar's SHA-1
 *
 * Returns: (transfer full) (nullable): where the avatar named @hash is
 *   cached, %NULL when there is no avatar cache
 */
GFile *
cau_account_dup_avatar_file (CauAccount *self,
                             const char *hash)
{
  g_autofree char *dir = NULL;

  g_return_val_if_fail (CAU_IS_ACCOUNT (self), NULL);
  g_return_val_if_fail (hash != NULL, NULL);

  dir = cau_xmpp_engine_dup_avatar_dir (self->engine);
  if (dir == NULL)
    return NULL;
  return g_file_new_build_filename (dir, hash, NULL);
}

/**
 * cau_account_publish_avatar:
 * @self: an account, online
 * @png: (nullable): the new avatar, a PNG of at most 1 MiB; %NULL removes ours
 * @width: its width in pixels
 * @height: its height
 * @error: why it cannot be sent
 *
 * Publishes our avatar (XEP-0084). #CauAccount:avatar-hash changes once
 * the server has taken it.
 *
 * Returns: %TRUE when the request went out
 */
gboolean
cau_account_publish_avatar (CauAccount  *self,
                            GBytes      *png,
                            guint        width,
                            guint        height,
                            GError     **error)
{
  g_return_val_if_fail (CAU_IS_ACCOUNT (self), FALSE);

  if (cau_account_get_state (self) != CAU_ACCOUNT_STATE_ONLINE)
    {
      g_set_error_literal (error, CAU_CORE_ERROR, CAU_CORE_ERROR_OFFLINE,
                           _("This account is not connected."));
      return FALSE;
    }
  cau_xmpp_client_publish_avatar (self->client, png, width, height);
  return TRUE;
}

static gboolean
save_row (CauAccount *self)
{
  g_autoptr(GError) error = NULL;

  if (!cau_db_update_account (self->db, self->row, &error))
    {
      g_warning ("Could not save the account: %s", error->message);
      return FALSE;
    }
  return TRUE;
}

void
cau_account_set_enabled (CauAccount *self,
                         gboolean    enabled)
{
  g_return_if_fail (CAU_IS_ACCOUNT (self));

  enabled = !!enabled;
  if (self->row->enabled == enabled)
    return;

  self->row->enabled = enabled;
  save_row (self);
  self->needs_person = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_ENABLED]);

  if (enabled && self->started && self->password == NULL)
    {
      cau_account_start (self, NULL);
      return;
    }
  apply (self);
}

void
cau_account_set_presence (CauAccount  *self,
                          CauPresence  presence,
                          const char  *status_message)
{
  CauPresence old;

  g_return_if_fail (CAU_IS_ACCOUNT (self));

  if (status_message != NULL && *status_message == '\0')
    status_message = NULL;

  old = row_presence (self);
  g_free (self->row->presence_show);
  self->row->presence_show = g_strdup (cau_presence_to_string (presence));
  g_free (self->row->presence_status);
  self->row->presence_status = g_strdup (status_message);
  save_row (self);

  if (old != presence)
    g_object_notify_by_pspec (G_OBJECT (self), props[PROP_PRESENCE]);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_STATUS_MESSAGE]);

  if (presence != CAU_PRESENCE_OFFLINE)
    self->needs_person = self->needs_person && old != CAU_PRESENCE_OFFLINE;
  apply (self);
}

/**
 * cau_account_set_server:
 * @self: an account
 * @host: (nullable): a host name or address, %NULL to look up SRV records
 * @port: its port, 0 for the default
 * @direct_tls: whether TLS starts at once (XEP-0368)
 * @error: why it was refused
 *
 * Changes how the server is reached and reconnects.
 */
gboolean
cau_account_set_server (CauAccount  *self,
                        const char  *host,
                        guint16      port,
                        gboolean     direct_tls,
                        GError     **error)
{
  g_autofree char *stripped = NULL;

  g_return_val_if_fail (CAU_IS_ACCOUNT (self), FALSE);

  stripped = g_strstrip (g_strdup (host ? host : ""));
  if (*stripped != '\0' && (strchr (stripped, ' ') || strchr (stripped, '/') || strchr (stripped, '@')))
    {
      g_set_error_literal (error, CAU_CORE_ERROR, CAU_CORE_ERROR_INVALID_ADDRESS,
                           _("The server name is not valid."));
      return FALSE;
    }

  g_free (self->row->host);
  self->row->host = *stripped ? g_steal_pointer (&stripped) : NULL;
  self->row->port = port;
  self->row->direct_tls = !!direct_tls;
  if (!save_row (self))
    {
      g_set_error_literal (error, CAU_CORE_ERROR, CAU_CORE_ERROR_FAILED,
                           _("The settings could not be saved."));
      return FALSE;
    }

  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_HOST]);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_PORT]);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_DIRECT_TLS]);
  cau_account_reconnect (self);
  return TRUE;
}

static void
store_password_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!cau_secrets_store_finish (CAU_SECRETS (source), result, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * cau_account_set_password_async:
 * @self: an account
 * @password: the password
 * @remember: whether to store it in the keyring
 * @cancellable: (nullable): a cancellable
 * @callback: called when stored
 * @user_data: for @callback
 *
 * Uses @password from now on and reconnects. When @remember is set and
 * the keyring refuses, the password still serves this session and the
 * error says that it was not remembered.
 */
void
cau_account_set_password_async (CauAccount          *self,
                                const char          *password,
                                gboolean             remember,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CAU_IS_ACCOUNT (self));
  g_return_if_fail (password != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cau_account_set_password_async);

  replace_password (self, password);
  self->loading_password = FALSE;
  self->needs_person = FALSE;
  set_error_message (self, NULL);
  self->started = TRUE;
  cau_account_reconnect (self);

  if (!remember)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  cau_secrets_store_async (self->secrets, self->row->jid, password, cancellable,
                           store_password_cb, g_steal_pointer (&task));
}

gboolean
cau_account_set_password_finish (CauAccount    *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * cau_account_trust_certificate:
 * @self: an account
 * @certificate: the certificate the person decided to trust
 * @error: why it could not be saved
 *
 * Pins @certificate for this account: later connections accept it
 * without asking, and a different certificate asks again.
 */
gboolean
cau_account_trust_certificate (CauAccount      *self,
                               CauCertificate  *certificate,
                               GError         **error)
{
  g_return_val_if_fail (CAU_IS_ACCOUNT (self), FALSE);
  g_return_val_if_fail (CAU_IS_CERTIFICATE (certificate), FALSE);

  if (!cau_db_add_cert_pin (self->db, self->row->id, cau_certificate_get_sha256 (certificate),
                            cau_certificate_get_subject (certificate), error))
    return FALSE;

  set_rejected_cert (self, NULL);
  cau_account_reconnect (self);
  return TRUE;
}

/**
 * cau_account_reconnect:
 * @self: an account
 *
 * Forgets a failure that needed the person and connects again with the
 * current settings.
 */
void
cau_account_reconnect (CauAccount *self)
{
  g_return_if_fail (CAU_IS_ACCOUNT (self));

  self->needs_person = FALSE;
  if (!should_connect (self))
    {
      apply (self);
      return;
    }
  cau_xmpp_client_disconnect (self->client);
  self->stopped = TRUE;
  apply (self);
}

/* Incoming messages not read yet, in all the account's conversations. */
guint
cau_account_get_unread (CauAccount *self)
{
  g_return_val_if_fail (CAU_IS_ACCOUNT (self), 0);

  return self->unread;
}

void
cau_account_set_unread (CauAccount *self,
                        guint       unread)
{
  g_return_if_fail (CAU_IS_ACCOUNT (self));

  if (self->unread == unread)
    return;
  self->unread = unread;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_UNREAD]);
}
