/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-xmpp-client.h"
#include "cau-xmpp-private.h"

#include <string.h>

/*
 * CauXmppClient is the account's stream as the model sees it: it lives on
 * the thread that created it, keeps the last known state, and forwards
 * commands to the CauXmppStream on the engine thread. Nothing mutable is
 * shared: commands and events carry owned copies.
 */

G_DEFINE_QUARK (cau-xmpp-error-quark, cau_xmpp_error)

typedef struct {
  gatomicrefcount  ref_count;
  CauXmppEngine   *engine;
  CauXmppLink     *link;
  CauXmppStream   *stream;  /* engine thread only */
} StreamBox;

struct _CauXmppClient
{
  GObject          parent_instance;

  CauXmppEngine   *engine;
  StreamBox       *box;
  CauXmppConfig    config;

  CauXmppState     state;
  char            *bound_jid;
  GError          *error;
  CauXmppCertInfo *rejected_cert;
  GHashTable      *server_features;
  guint            streams_started;
  guint            streams_resumed;
  guint            full_rosters;
  gint64           online_since_us;
};

G_DEFINE_FINAL_TYPE (CauXmppClient, cau_xmpp_client, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_JID,
  PROP_STATE,
  PROP_BOUND_JID,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

enum {
  SIGNAL_ONLINE,
  SIGNAL_FAILED,
  SIGNAL_CAPS_LEARNED,
  SIGNAL_MESSAGE_RECEIVED,
  SIGNAL_PRESENCE,
  SIGNAL_CHAT_STATE,
  SIGNAL_SUBSCRIPTION_REQUEST,
  SIGNAL_SUBSCRIPTION_REQUEST_WITHDRAWN,
  SIGNAL_ROSTER_CHANGED,
  SIGNAL_HISTORY_PAGE,
  SIGNAL_CAUGHT_UP,
  SIGNAL_BLOCKLIST_CHANGED,
  SIGNAL_NICK_CHANGED,
  SIGNAL_AVATAR_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Link and box lifetimes. */

CauXmppLink *
cau_xmpp_link_ref (CauXmppLink *link)
{
  g_atomic_ref_count_inc (&link->ref_count);
  return link;
}

void
cau_xmpp_link_unref (CauXmppLink *link)
{
  if (g_atomic_ref_count_dec (&link->ref_count))
    {
      g_main_context_unref (link->client_context);
      g_free (link);
    }
}

static StreamBox *
box_ref (StreamBox *box)
{
  g_atomic_ref_count_inc (&box->ref_count);
  return box;
}

static void
box_unref (StreamBox *box)
{
  if (g_atomic_ref_count_dec (&box->ref_count))
    {
      g_assert (box->stream == NULL);
      cau_xmpp_link_unref (box->link);
      g_object_unref (box->engine);
      g_free (box);
    }
}

/* Certificate info. */

CauXmppCertInfo *
cau_xmpp_cert_info_copy (const CauXmppCertInfo *info)
{
  CauXmppCertInfo *copy;

  if (info == NULL)
    return NULL;

  copy = g_new0 (CauXmppCertInfo, 1);
  copy->subject = g_strdup (info->subject);
  copy->issuer = g_strdup (info->issuer);
  copy->names = g_strdupv (info->names);
  copy->not_before = g_strdup (info->not_before);
  copy->not_after = g_strdup (info->not_after);
  copy->sha256 = g_strdup (info->sha256);
  copy->error = g_strdup (info->error);
  copy->pem = g_strdup (info->pem);
  return copy;
}

void
cau_xmpp_cert_info_free (CauXmppCertInfo *info)
{
  if (info == NULL)
    return;

  g_free (info->subject);
  g_free (info->issuer);
  g_strfreev (info->names);
  g_free (info->not_before);
  g_free (info->not_after);
  g_free (info->sha256);
  g_free (info->error);
  g_free (info->pem);
  g_free (info);
}

/* Config. */

void
cau_xmpp_config_clear (CauXmppConfig *config)
{
  g_clear_pointer (&config->jid, g_free);
  if (config->password)
    memset (config->password, 0, strlen (config->password));
  g_clear_pointer (&config->password, g_free);
  g_clear_pointer (&config->resource, g_free);
  g_clear_pointer (&config->host, g_free);
  g_clear_pointer (&config->pins, g_strfreev);
}

void
cau_xmpp_config_copy (const CauXmppConfig *src,
                      CauXmppConfig       *dest)
{
  *dest = *src;
  dest->jid = g_strdup (src->jid);
  dest->password = g_strdup (src->password);
  dest->resource = g_strdup (src->resource);
  dest->host = g_strdup (src->host);
  dest->pins = g_strdupv (src->pins);
}

/* Commands: run on the engine thread, in the order they were sent. */

typedef enum {
  CMD_CREATE,
  CMD_DESTROY,
  CMD_CONNECT,
  CMD_DISCONNECT,
  CMD_RECONNECT_NOW,
  CMD_PRESENCE,
  CMD_ACTIVE,
  CMD_PING,
  CMD_MESSAGE,
  CMD_PASSWORD,
  CMD_CHAT,
} CommandType;

typedef struct {
  CommandType    type;
  StreamBox     *box;
  CauXmppConfig  config;
  CauXmppShow    show;
  gboolean       flag;
  char          *s1;
  char          *s2;
  char          *s3;
  CauXmppChatFunc chat_func;
  gpointer       data;
  GDestroyNotify data_free;
} Command;

static void
command_free (gpointer data)
{
  Command *cmd = data;

  box_unref (cmd->box);
  if (cmd->data_free != NULL)
    cmd->data_free (cmd->data);
  if (cmd->type == CMD_PASSWORD && cmd->s1 != NULL)
    memset (cmd->s1, 0, strlen (cmd->s1));
  cau_xmpp_config_clear (&cmd->config);
  g_free (cmd->s1);
  g_free (cmd->s2);
  g_free (cmd->s3);
  g_free (cmd);
}

static gboolean
command_run (gpointer data)
{
  Command *cmd = data;
  StreamBox *box = cmd->box;

  switch (cmd->type)
    {
    case CMD_CREATE:
      box->stream = cau_xmpp_stream_new (box->engine, box->link);
      break;
    case CMD_DESTROY:
      g_clear_pointer (&box->stream, cau_xmpp_stream_free);
      break;
    case CMD_CONNECT:
      cau_xmpp_stream_configure (box->stream, &cmd->config);
      cau_xmpp_stream_connect (box->stream);
      break;
    case CMD_DISCONNECT:
      cau_xmpp_stream_disconnect (box->stream);
      break;
    case CMD_RECONNECT_NOW:
      cau_xmpp_stream_reconnect_now (box->stream);
      break;
    case CMD_PRESENCE:
      cau_xmpp_stream_set_presence (box->stream, cmd->show, cmd->s1);
      break;
    case CMD_ACTIVE:
      cau_xmpp_stream_set_active (box->stream, cmd->flag);
      break;
    case CMD_PING:
      cau_xmpp_stream_ping (box->stream);
      break;
    case CMD_MESSAGE:
      cau_xmpp_stream_send_message (box->stream, cmd->s1, cmd->s2, cmd->s3);
      break;
    case CMD_PASSWORD:
      cau_xmpp_stream_supply_password (box->stream, cmd->s1);
      break;
    case CMD_CHAT:
      if (box->stream != NULL)
        cau_xmpp_stream_run_chat (box->stream, cmd->chat_func, cmd->data);
      break;
    default:
      g_assert_not_reached ();
    }

  return G_SOURCE_REMOVE;
}

static Command *
command_new (CauXmppClient *self,
             CommandType    type)
{
  Command *cmd = g_new0 (Command, 1);

  cmd->type = type;
  cmd->box = box_ref (self->box);
  return cmd;
}

static void
command_send (CauXmppClient *self,
              Command       *cmd)
{
  cau_xmpp_engine_invoke (self->engine, command_run, cmd, command_free);
}

static void
send_simple (CauXmppClient *self,
             CommandType    type)
{
  command_send (self, command_new (self, type));
}

/* Events: run on the client's thread. */

static void
event_free (CauXmppEvent *event)
{
  cau_xmpp_link_unref (event->link);
  g_free (event->text);
  g_free (event->text2);
  g_free (event->text3);
  g_strfreev (event->strv);
  g_clear_error (&event->error);
  cau_xmpp_cert_info_free (event->cert);
  if (event->data_free != NULL)
    event->data_free (event->data);
  g_free (event);
}

static void
set_state (CauXmppClient *self,
           CauXmppState   state)
{
  if (self->state == state)
    return;

  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_STATE]);
}

static gboolean
event_dispatch (gpointer data)
{
  CauXmppEvent *event = data;
  CauXmppClient *self = event->link->client;

  if (self == NULL)
    return G_SOURCE_REMOVE;

  g_object_ref (self);

  switch (event->type)
    {
    case CAU_XMPP_EVENT_STATE:
      set_state (self, event->state);
      break;

    case CAU_XMPP_EVENT_ONLINE:
      g_clear_error (&self->error);
      g_clear_pointer (&self->rejected_cert, cau_xmpp_cert_info_free);
      if (g_strcmp0 (self->bound_jid, event->text) != 0)
        {
          g_free (self->bound_jid);
          self->bound_jid = g_strdup (event->text);
          g_object_notify_by_pspec (G_OBJECT (self), props[PROP_BOUND_JID]);
        }
      self->online_since_us = event->when_us;
      if (event->resumed)
        self->streams_resumed++;
      else
        self->streams_started++;
      set_state (self, CAU_XMPP_STATE_ONLINE);
      g_signal_emit (self, signals[SIGNAL_ONLINE], 0, event->resumed);
      break;

    case CAU_XMPP_EVENT_FAILED:
      g_clear_error (&self->error);
      self->error = g_error_copy (event->error);
      if (event->cert)
        {
          cau_xmpp_cert_info_free (self->rejected_cert);
          self->rejected_cert = cau_xmpp_cert_info_copy (event->cert);
        }
      set_state (self, event->state);
      g_signal_emit (self, signals[SIGNAL_FAILED], 0, self->error, event->will_retry);
      break;

    case CAU_XMPP_EVENT_SERVER_FEATURES:
      g_hash_table_remove_all (self->server_features);
      for (guint i = 0; event->strv && event->strv[i]; i++)
        g_hash_table_add (self->server_features, g_strdup (event->strv[i]));
      break;

    case CAU_XMPP_EVENT_CAPS_LEARNED:
      g_signal_emit (self, signals[SIGNAL_CAPS_LEARNED], 0, event->text, event->strv);
      break;

    case CAU_XMPP_EVENT_MESSAGE:
      g_signal_emit (self, signals[SIGNAL_MESSAGE_RECEIVED], 0,
                     event->text, event->text2, event->text3);
      break;

    case CAU_XMPP_EVENT_PRESENCE:
      g_signal_emit (self, signals[SIGNAL_PRESENCE], 0, event->text, event->number, event->text2);
      break;

    case CAU_XMPP_EVENT_CHAT_STATE:
      g_signal_emit (self, signals[SIGNAL_CHAT_STATE], 0, event->text, event->number);
      break;

    case CAU_XMPP_EVENT_SUBSCRIPTION_REQUEST:
      if (event->number < 0)
        g_signal_emit (self, signals[SIGNAL_SUBSCRIPTION_REQUEST_WITHDRAWN], 0, event->text);
      else
        g_signal_emit (self, signals[SIGNAL_SUBSCRIPTION_REQUEST], 0,
                       event->text, event->text2, event->text3);
      break;

    case CAU_XMPP_EVENT_ROSTER:
      if (event->number > 0)
        self->full_rosters++;
      g_signal_emit (self, signals[SIGNAL_ROSTER_CHANGED], 0);
      break;

    case CAU_XMPP_EVENT_HISTORY_PAGE:
      g_signal_emit (self, signals[SIGNAL_HISTORY_PAGE], 0, event->text, event->number);
      break;

    case CAU_XMPP_EVENT_CAUGHT_UP:
      g_signal_emit (self, signals[SIGNAL_CAUGHT_UP], 0);
      break;

    case CAU_XMPP_EVENT_BLOCKLIST:
      g_signal_emit (self, signals[SIGNAL_BLOCKLIST_CHANGED], 0, event->strv);
      break;

    case CAU_XMPP_EVENT_NICK:
      g_signal_emit (self, signals[SIGNAL_NICK_CHANGED], 0, event->text, event->text2);
      break;

    case CAU_XMPP_EVENT_AVATAR:
      g_signal_emit (self, signals[SIGNAL_AVATAR_CHANGED], 0, event->text, event->text2,
                     event->number > 0);
      break;

    default:
      cau_xmpp_client_dispatch_room_event (self, event);
      break;
    }

  g_object_unref (self);
  return G_SOURCE_REMOVE;
}

void
cau_xmpp_event_post (CauXmppEvent *event)
{
  g_main_context_invoke_full (event->link->client_context, G_PRIORITY_DEFAULT,
                              event_dispatch, event, (GDestroyNotify) event_free);
}

/* GObject. */

static void
cau_xmpp_client_dispose (GObject *object)
{
  CauXmppClient *self = CAU_XMPP_CLIENT (object);

  if (self->box != NULL)
    {
      self->box->link->client = NULL;
      send_simple (self, CMD_DESTROY);
      g_clear_pointer (&self->box, box_unref);
    }

  G_OBJECT_CLASS (cau_xmpp_client_parent_class)->dispose (object);
}

static void
cau_xmpp_client_finalize (GObject *object)
{
  CauXmppClient *self = CAU_XMPP_CLIENT (object);

  cau_xmpp_config_clear (&self->config);
  g_free (self->bound_jid);
  g_clear_error (&self->error);
  cau_xmpp_cert_info_free (self->rejected_cert);
  g_hash_table_unref (self->server_features);
  g_clear_object (&self->engine);

  G_OBJECT_CLASS (cau_xmpp_client_parent_class)->finalize (object);
}

static void
cau_xmpp_client_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  CauXmppClient *self = CAU_XMPP_CLIENT (object);

  switch (prop_id)
    {
    case PROP_JID:
      g_value_set_string (value, self->config.jid);
      break;
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;
    case PROP_BOUND_JID:
      g_value_set_string (value, self->bound_jid);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cau_xmpp_client_class_init (CauXmppClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cau_xmpp_client_dispose;
  object_class->finalize = cau_xmpp_client_finalize;
  object_class->get_property = cau_xmpp_client_get_property;
  cau_xmpp_client_rooms_class_init (object_class);

  props[PROP_JID] =
    g_param_spec_string ("jid", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  props[PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL,
                      CAU_XMPP_STATE_DISCONNECTED, CAU_XMPP_STATE_WAITING,
                      CAU_XMPP_STATE_DISCONNECTED,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  props[PROP_BOUND_JID] =
    g_param_spec_string ("bound-jid", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);

  /**
   * CauXmppClient::online:
   * @resumed: whether the previous stream was resumed (XEP-0198)
   */
  signals[SIGNAL_ONLINE] =
    g_signal_new ("online", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
  /**
   * CauXmppClient::failed:
   * @error: what went wrong, in CAU_XMPP_ERROR
   * @will_retry: whether the client reconnects by itself
   */
  signals[SIGNAL_FAILED] =
    g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_ERROR, G_TYPE_BOOLEAN);
  signals[SIGNAL_CAPS_LEARNED] =
    g_signal_new ("caps-learned", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRV);
  signals[SIGNAL_MESSAGE_RECEIVED] =
    g_signal_new ("message-received", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 3,
                  G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING);
  /**
   * CauXmppClient::presence:
   * @jid: the full JID
   * @show: a #CauXmppShow, or -1 when it went unavailable
   * @status: (nullable): its status message
   */
  signals[SIGNAL_PRESENCE] =
    g_signal_new ("presence", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 3,
                  G_TYPE_STRING, G_TYPE_INT, G_TYPE_STRING);
  /* CauXmppClient::chat-state: (peer bare JID, CauXmppChatState) */
  signals[SIGNAL_CHAT_STATE] =
    g_signal_new ("chat-state", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_INT);
  /**
   * CauXmppClient::subscription-request:
   * @jid: the bare JID asking to see our presence
   * @nick: (nullable): the nickname it gives itself (XEP-0172)
   * @message: (nullable): the message that came with the request
   */
  signals[SIGNAL_SUBSCRIPTION_REQUEST] =
    g_signal_new ("subscription-request", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 3,
                  G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING);
  /* CauXmppClient::subscription-request-withdrawn: (bare JID) it sent
   * "unsubscribe" before we answered. */
  signals[SIGNAL_SUBSCRIPTION_REQUEST_WITHDRAWN] =
    g_signal_new ("subscription-request-withdrawn", G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /* The archive's roster changed (it is stored before this is emitted). */
  signals[SIGNAL_ROSTER_CHANGED] =
    g_signal_new ("roster-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* CauXmppClient::history-page: (peer, messages in the page, or -1 when
   * the archive's start was reached) */
  signals[SIGNAL_HISTORY_PAGE] =
    g_signal_new ("history-page", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_INT);
  /* The catch-up of this session is stored. */
  signals[SIGNAL_CAUGHT_UP] =
    g_signal_new ("caught-up", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * CauXmppClient::blocklist-changed:
   * @jids: (array zero-terminated=1): every blocked address (XEP-0191),
   *   sorted
   *
   * The server sent the block list (once per session) or it changed.
   */
  signals[SIGNAL_BLOCKLIST_CHANGED] =
    g_signal_new ("blocklist-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRV);
  /**
   * CauXmppClient::nick-changed:
   * @jid: the bare JID that published it
   * @nick: (nullable): the nickname it gives itself (XEP-0172), or %NULL
   *   when it removed it
   */
  signals[SIGNAL_NICK_CHANGED] =
    g_signal_new ("nick-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
  /**
   * CauXmppClient::avatar-changed:
   * @jid: a bare JID (a contact, or our own)
   * @id: (nullable): its avatar's SHA-1, in the engine's avatar directory;
   *   %NULL when it has none
   * @fetched: whether the image was fetched just now
   *
   * Emitted whenever the owner announces its avatar, changed or not.
   */
  signals[SIGNAL_AVATAR_CHANGED] =
    g_signal_new ("avatar-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 3,
                  G_TYPE_STRING, G_TYPE_STRING, G_TYPE_BOOLEAN);
}

static void
cau_xmpp_client_init (CauXmppClient *self)
{
  self->server_features = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->config.connect_timeout_s = 20;
  self->config.ping_interval_s = 90;
  self->config.ping_timeout_s = 30;
  self->config.auto_reconnect = TRUE;
}

/**
 * cau_xmpp_client_new:
 * @engine: the engine whose thread runs the stream
 * @jid: the account's bare JID
 *
 * Creates the client for one account. Events are delivered in the
 * thread-default main context of the caller.
 *
 * Returns: (transfer full): a new client, disconnected
 */
CauXmppClient *
cau_xmpp_client_new (CauXmppEngine *engine,
                     const char    *jid)
{
  CauXmppClient *self;
  CauXmppLink *link;

  g_return_val_if_fail (CAU_IS_XMPP_ENGINE (engine), NULL);
  g_return_val_if_fail (jid != NULL, NULL);

  self = g_object_new (CAU_TYPE_XMPP_CLIENT, NULL);
  self->engine = g_object_ref (engine);
  self->config.jid = g_strdup (jid);

  link = g_new0 (CauXmppLink, 1);
  g_atomic_ref_count_init (&link->ref_count);
  link->client_context = g_main_context_ref_thread_default ();
  link->client = self;

  self->box = g_new0 (StreamBox, 1);
  g_atomic_ref_count_init (&self->box->ref_count);
  self->box->engine = g_object_ref (engine);
  self->box->link = link;

  send_simple (self, CMD_CREATE);
  return self;
}

const char *
cau_xmpp_client_get_jid (CauXmppClient *self)
{
  g_return_val_if_fail (CAU_IS_XMPP_CLIENT (self), NULL);

  return self->config.jid;
}

CauXmppState
cau_xmpp_client_get_state (CauXmppClient *self)
{
  g_return_val_if_fail (CAU_IS_XMPP_CLIENT (self), CAU_XMPP_STATE_DISCONNECTED);

  return self->state;
}

const char *
cau_xmpp_client_get_bound_jid (CauXmppClient *self)
{
  g_return_val_if_fail (CAU_IS_XMPP_CLIENT (self), NULL);

  return self->bound_jid;
}

/**
 * cau_xmpp_client_get_error:
 * @self: the client
 *
 * Returns: (nullable) (transfer none): the last failure, cleared when online
 */
const GError *
cau_xmpp_client_get_error (CauXmppClient *self)
{
  g_return_val_if_fail (CAU_IS_XMPP_CLIENT (self), NULL);

  return self->error;
}

/**
 * cau_xmpp_client_get_rejected_certificate:
 * @self: the client
 *
 * Returns: (nullable) (transfer none): the certificate of the last attempt
 *   that failed verification and is not pinned
 */
const CauXmppCertInfo *
cau_xmpp_client_get_rejected_certificate (CauXmppClient *self)
{
  g_return_val_if_fail (CAU_IS_XMPP_CLIENT (self), NULL);

  return self->rejected_cert;
}

gboolean
cau_xmpp_client_server_has_feature (CauXmppClient *self,
                                    const char    *feature)
{
  g_return_val_if_fail (CAU_IS_XMPP_CLIENT (self), FALSE);

  return g_hash_table_contains (self->server_features, feature);
}

/**
 * cau_xmpp_client_get_online_since:
 * @self: the client
 *
 * Returns: the monotonic time (µs) at which the engine finished going
 *   online, our presence sent; 0 before that
 */
gint64
cau_xmpp_client_get_online_since (CauXmppClient *self)
{
  g_return_val_if_fail (CAU_IS_XMPP_CLIENT (self), 0);

  return self->online_since_us;
}

guint
cau_xmpp_client_get_streams_started (CauXmppClient *self)
{
  g_return_val_if_fail (CAU_IS_XMPP_CLIENT (self), 0);

  return self->streams_started;
}

guint
cau_xmpp_client_get_streams_resumed (CauXmppClient *self)
{
  g_return_val_if_fail (CAU_IS_XMPP_CLIENT (self), 0);

  return self->streams_resumed;
}

/**
 * cau_xmpp_client_get_full_rosters:
 * @self: the client
 *
 * For tests and diagnostics of roster versioning (XEP-0237).
 *
 * Returns: how many times the server sent the whole roster, rather than
 *   "unchanged since your version"
 */
guint
cau_xmpp_client_get_full_rosters (CauXmppClient *self)
{
  g_return_val_if_fail (CAU_IS_XMPP_CLIENT (self), 0);

  return self->full_rosters;
}

static void
replace_string (char       **field,
                const char  *value)
{
  g_free (*field);
  *field = g_strdup (value);
}

/**
 * cau_xmpp_client_set_password:
 * @self: the client
 * @password: (nullable): the account's password; applies at the next connect
 */
void
cau_xmpp_client_set_password (CauXmppClient *self,
                              const char    *password)
{
  g_return_if_fail (CAU_IS_XMPP_CLIENT (self));

  if (self->config.password)
    memset (self->config.password, 0, strlen (self->config.password));
  replace_string (&self->config.password, password);
}

void
cau_xmpp_client_set_resource (CauXmppClient *self,
                              const char    *resource)
{
  g_return_if_fail (CAU_IS_XMPP_CLIENT (self));

  replace_string (&self->config.resource, resource && *resource ? resource : NULL);
}

/**
 * cau_xmpp_client_set_server:
 * @self: the client
 * @host: (nullable): a host to connect to instead of looking up SRV records
 * @port: its port, or 0 for the default
 * @direct_tls: whether @host speaks TLS at once (XEP-0368) rather than STARTTLS
 */
void
cau_xmpp_client_set_server (CauXmppClient *self,
                            const char    *host,
                            guint16        port,
                            gboolean       direct_tls)
{
  g_return_if_fail (CAU_IS_XMPP_CLIENT (self));

  replace_string (&self->config.host, host && *host ? host : NULL);
  self->config.port = port;
  self->config.direct_tls = direct_tls;
}

/**
 * cau_xmpp_client_set_pinned_certificates:
 * @self: the client
 * @sha256: (nullable): fingerprints of certificates to accept although
 *   they fail verification
 */
void
cau_xmpp_client_set_pinned_certificates (CauXmppClient      *self,
                                         const char * const *sha256)
{
  g_return_if_fail (CAU_IS_XMPP_CLIENT (self));

  g_strfreev (self->config.pins);
  self->config.pins = g_strdupv ((char **) sha256);
}

/**
 * cau_xmpp_client_set_timeouts:
 * @self: the client
 * @connect_s: seconds an attempt may take from TCP connect to online
 * @ping_interval_s: seconds of silence before a ping (XEP-0199)
 * @ping_timeout_s: seconds to wait for the answer before the link is dead
 */
void
cau_xmpp_client_set_timeouts (CauXmppClient *self,
                              guint          connect_s,
                              guint          ping_interval_s,
                              guint          ping_timeout_s)
{
  g_return_if_fail (CAU_IS_XMPP_CLIENT (self));
  g_return_if_fail (connect_s > 0 && ping_interval_s > 0 && ping_timeout_s > 0);

  self->config.connect_timeout_s = connect_s;
  self->config.ping_interval_s = ping_interval_s;
  self->config.ping_timeout_s = ping_timeout_s;
}

void
cau_xmpp_client_set_auto_reconnect (CauXmppClient *self,
                                    gboolean       auto_reconnect)
{
  g_return_if_fail (CAU_IS_XMPP_CLIENT (self));

  self->config.auto_reconnect = !!auto_reconnect;
}

/**
 * cau_xmpp_client_connect:
 * @self: the client
 *
 * Connects with the current settings and stays connected: network
 * failures are retried with backoff when auto-reconnect is on.
 */
void
cau_xmpp_client_connect (CauXmppClient *self)
{
  Command *cmd;

  g_return_if_fail (CAU_IS_XMPP_CLIENT (self));

  cmd = command_new (self, CMD_CONNECT);
  cau_xmpp_config_copy (&self->config, &cmd->config);
  set_state (self, CAU_XMPP_STATE_CONNECTING);
  command_send (self, cmd);
}

void
cau_xmpp_client_disconnect (CauXmppClient *self)
{
  g_return_if_fail (CAU_IS_XMPP_CLIENT (self));

  send_simple (self, CMD_DISCONNECT);
}

/**
 * cau_xmpp_client_reconnect_now:
 * @self: the client
 *
 * Skips the backoff delay, e.g. after the network came back or the
 * machine resumed. Does nothing when online or not meant to be.
 */
void
cau_xmpp_client_reconnect_now (CauXmppClient *self)
{
  g_return_if_fail (CAU_IS_XMPP_CLIENT (self));

  send_simple (self, CMD_RECONNECT_NOW);
}

void
cau_xmpp_client_set_presence (CauXmppClient *self,
                              CauXmppShow    show,
                              const char    *status)
{
  Command *cmd;

  g_return_if_fail (CAU_IS_XMPP_CLIENT (self));

  cmd = command_new (self, CMD_PRESENCE);
  cmd->show = show;
  cmd->s1 = g_strdup (status && *status ? status : NULL);
  command_send (self, cmd);
}

/**
 * cau_xmpp_client_set_active:
 * @self: the client
 * @active: whether a person is looking at the app (XEP-0352)
 */
void
cau_xmpp_client_set_active (CauXmppClient *self,
                            gboolean       active)
{
  Command *cmd;

  g_return_if_fail (CAU_IS_XMPP_CLIENT (self));

  cmd = command_new (self, CMD_ACTIVE);
  cmd->flag = !!active;
  command_send (self, cmd);
}

/**
 * cau_xmpp_client_ping:
 * @self: the client
 *
 * Pings the server now (XEP-0199); a missing answer counts as a dead link.
 */
void
cau_xmpp_client_ping (CauXmppClient *self)
{
  g_return_if_fail (CAU_IS_XMPP_CLIENT (self));

  send_simple (self, CMD_PING);
}

/**
 * cau_xmpp_client_send_message:
 * @self: the client
 * @to: the recipient
 * @body: the text
 * @id: the stanza id, also sent as origin-id (XEP-0359)
 *
 * Sends a chat message; held until online when offline.
 */
void
cau_xmpp_client_send_message (CauXmppClient *self,
                              const char    *to,
                              const char    *body,
                              const char    *id)
{
  Command *cmd;

  g_return_if_fail (CAU_IS_XMPP_CLIENT (self));
  g_return_if_fail (to != NULL && body != NULL && id != NULL);

  cmd = command_new (self, CMD_MESSAGE);
  cmd->s1 = g_strdup (to);
  cmd->s2 = g_strdup (body);
  cmd->s3 = g_strdup (id);
  command_send (self, cmd);
}

/* Password sinks: how a password found on another thread reaches the
 * engine without waiting for this client's thread. */

struct _CauXmppPasswordSink
{
  StreamBox *box;
};

/**
 * cau_xmpp_client_dup_password_sink:
 * @self: the client
 *
 * For a connect made without a password: the stream waits, and the
 * password given to the sink, from any thread, starts it at once.
 *
 * Returns: (transfer full): a sink, for cau_xmpp_password_sink_supply()
 */
CauXmppPasswordSink *
cau_xmpp_client_dup_password_sink (CauXmppClient *self)
{
  CauXmppPasswordSink *sink;

  g_return_val_if_fail (CAU_IS_XMPP_CLIENT (self), NULL);

  sink = g_new0 (CauXmppPasswordSink, 1);
  sink->box = box_ref (self->box);
  return sink;
}

/**
 * cau_xmpp_password_sink_supply:
 * @sink: a sink
 * @password: the password
 *
 * Thread-safe.
 */
void
cau_xmpp_password_sink_supply (CauXmppPasswordSink *sink,
                               const char          *password)
{
  Command *cmd;

  g_return_if_fail (sink != NULL && password != NULL);

  cmd = g_new0 (Command, 1);
  cmd->type = CMD_PASSWORD;
  cmd->box = box_ref (sink->box);
  cmd->s1 = g_strdup (password);
  cau_xmpp_engine_invoke (sink->box->engine, command_run, cmd, command_free);
}

void
cau_xmpp_password_sink_free (CauXmppPasswordSink *sink)
{
  if (sink == NULL)
    return;
  box_unref (sink->box);
  g_free (sink);
}

/* Messaging commands (cau-xmpp-client-chat.c) run through here. */
void
cau_xmpp_client_run_on_chat (CauXmppClient   *self,
                             CauXmppChatFunc  func,
                             gpointer         data,
                             GDestroyNotify   data_free)
{
  Command *cmd = command_new (self, CMD_CHAT);

  cmd->chat_func = func;
  cmd->data = data;
  cmd->data_free = data_free;
  command_send (self, cmd);
}
