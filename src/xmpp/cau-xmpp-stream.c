/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-xmpp-attempt.h"
#include "cau-xmpp-private.h"
#include "cau-xmpp-resolver.h"
#include "cau-xmpp-stream-private.h"
#include "cau-xmpp-io.h"
#include "cau-xmpp-chat.h"
#include "cau-xmpp-utils.h"
#include "xmpp/cau-jid.h"
#include "xeps/cau-xeps.h"
#include "xeps/cau-xep-0084-avatars.h"

#include <glib/gi18n-lib.h>
#include <string.h>
#include <sys/socket.h>

/*
 * One account's XMPP stream on the engine thread (DESIGN §3).
 *
 * libstrophe is driven by a GSource on its socket: we learn the fd in the
 * sockopt callback, watch it for input (and output while connecting or
 * while anything is queued) and call xmpp_run_once (ctx, 0) a few times
 * per wake-up, since one call reads at most 4 KiB while OpenSSL may hold
 * a whole 16 KiB record. libstrophe's own timers matter only while
 * connecting or disconnecting; a 1 Hz tick runs then and never while
 * online. Our timers (attempt timeout, pings, backoff) are GLib's.
 *
 * Some of what libstrophe 0.12.2 knows it does not tell: the SASL failure
 * condition, the stream features, whether SM was enabled or a resumption
 * succeeded. cau-xmpp-attempt.c reads them from its log lines, and says
 * what a failure means.
 */

#define SM_ENABLE_WAIT_MS 5000
#define BACKOFF_MAX_S 300

/* Engine side of the watchdog that ends a TLS handshake stuck inside
 * libstrophe: it runs in the client's context, since the engine thread is
 * the one that is blocked. */
typedef struct {
  gatomicrefcount  ref_count;
  GMutex           lock;
  int              fd;
  gboolean         fired;
} Watchdog;

static Watchdog *
watchdog_ref (Watchdog *dog)
{
  g_atomic_ref_count_inc (&dog->ref_count);
  return dog;
}

static void
watchdog_unref (Watchdog *dog)
{
  if (g_atomic_ref_count_dec (&dog->ref_count))
    {
      g_mutex_clear (&dog->lock);
      g_free (dog);
    }
}

static gboolean
watchdog_fire_cb (gpointer data)
{
  Watchdog *dog = data;

  g_mutex_lock (&dog->lock);
  if (dog->fd >= 0)
    {
      /* Wakes the select() inside libstrophe's handshake loop with an
       * error; the socket itself is still closed by libstrophe. */
      shutdown (dog->fd, SHUT_RDWR);
      dog->fired = TRUE;
    }
  g_mutex_unlock (&dog->lock);
  return G_SOURCE_REMOVE;
}

typedef struct {
  char *to;
  char *body;
  char *id;
} PendingMessage;

struct _CauXmppStream
{
  CauXmppEngine   *engine;
  CauXmppLink     *link;
  CauXmppConfig    config;

  xmpp_ctx_t      *ctx;
  xmpp_conn_t     *conn;
  xmpp_log_t       log;

  CauXmppIo       *io;

  GSource         *attempt_timer;
  GSource         *retry_timer;
  GSource         *tick_timer;
  GSource         *ping_timer;
  GSource         *ping_timeout_timer;
  GSource         *sm_wait_timer;
  GSource         *next_target_idle;
  GSource         *post_connect_idle;
  GSource         *watchdog_timer;
  Watchdog        *watchdog;

  GCancellable    *resolve_cancellable;
  GPtrArray       *targets;
  guint            target_index;

  CauXmppState     state;
  gboolean         want_connected;
  gboolean         online;
  gboolean         awaiting_sm;
  gboolean         closing;          /* we asked libstrophe to close */
  gboolean         restart_pending;  /* connect again once closed */
  guint            failures;

  CauXmppAttempt   attempt;          /* what this attempt revealed */
  gboolean         free_sm_state;

  CauXmppShow      show;
  char            *status;
  gboolean         active;

  GQueue           outbox;   /* messages of tools without storage */
  CauXmppChat     *chat;
  gint64           last_rx_us;
  char            *ping_id;
  char            *caps_ver;
};

static void try_current_target (CauXmppStream *self);
static void start_attempt      (CauXmppStream *self);
static void update_io          (CauXmppStream *self);

static void
pending_message_free (PendingMessage *msg)
{
  g_free (msg->to);
  g_free (msg->body);
  g_free (msg->id);
  g_free (msg);
}

/* Events to the client. */

void
cau_xmpp_stream_post_body (CauXmppStream        *self,
                           const CauXmppMessage *message)
{
  CauXmppEvent *event;

  if (message->body == NULL)
    return;
  event = cau_xmpp_stream_new_event (self, CAU_XMPP_EVENT_MESSAGE);
  event->text = message->sender_resource
    ? g_strconcat (message->sender, "/", message->sender_resource, NULL)
    : g_strdup (message->sender);
  event->text2 = g_strdup (cau_xmpp_message_dedupe_id (message));
  event->text3 = g_strdup (message->body);
  cau_xmpp_event_post (event);
}

CauXmppEvent *
cau_xmpp_stream_new_event (CauXmppStream    *self,
                           CauXmppEventType  type)
{
  CauXmppEvent *event = g_new0 (CauXmppEvent, 1);

  event->type = type;
  event->link = cau_xmpp_link_ref (self->link);
  return event;
}

static void
set_state (CauXmppStream *self,
           CauXmppState   state)
{
  CauXmppEvent *event;

  if (self->state == state)
    return;

  self->state = state;
  event = cau_xmpp_stream_new_event (self, CAU_XMPP_EVENT_STATE);
  event->state = state;
  cau_xmpp_event_post (event);
}

/* Driving libstrophe. */

static void
run_passes (CauXmppStream *self)
{
  cau_xmpp_io_run (self->io);
}

static void
update_io (CauXmppStream *self)
{
  cau_xmpp_io_update (self->io, self->conn);
}

static void
after_io_cb (gpointer data,
             gboolean readable)
{
  CauXmppStream *self = data;

  if (readable)
    self->last_rx_us = g_get_monotonic_time ();
  cau_xmpp_stream_after_io (self);
}

static gboolean
tick_cb (gpointer data)
{
  CauXmppStream *self = data;

  run_passes (self);
  cau_xmpp_stream_after_io (self);
  return G_SOURCE_CONTINUE;
}

static void
start_tick (CauXmppStream *self)
{
  if (self->tick_timer != NULL)
    return;

  self->tick_timer = g_timeout_source_new_seconds (1);
  g_source_set_callback (self->tick_timer, tick_cb, self, NULL);
  g_source_attach (self->tick_timer, cau_xmpp_engine_get_context (self->engine));
}

static void
arm_watchdog (CauXmppStream *self,
              guint          seconds)
{
  cau_clear_source (&self->watchdog_timer);
  if (self->watchdog == NULL)
    {
      self->watchdog = g_new0 (Watchdog, 1);
      g_atomic_ref_count_init (&self->watchdog->ref_count);
      g_mutex_init (&self->watchdog->lock);
    }

  g_mutex_lock (&self->watchdog->lock);
  self->watchdog->fd = cau_xmpp_io_get_fd (self->io);
  self->watchdog->fired = FALSE;
  g_mutex_unlock (&self->watchdog->lock);

  self->watchdog_timer = g_timeout_source_new_seconds (seconds);
  g_source_set_callback (self->watchdog_timer, watchdog_fire_cb,
                         watchdog_ref (self->watchdog), (GDestroyNotify) watchdog_unref);
  g_source_attach (self->watchdog_timer, self->link->client_context);
}

static gboolean
disarm_watchdog (CauXmppStream *self)
{
  gboolean fired = FALSE;

  cau_clear_source (&self->watchdog_timer);
  if (self->watchdog != NULL)
    {
      g_mutex_lock (&self->watchdog->lock);
      self->watchdog->fd = -1;
      fired = self->watchdog->fired;
      self->watchdog->fired = FALSE;
      g_mutex_unlock (&self->watchdog->lock);
    }
  return fired;
}

/* libstrophe callbacks. */

static void
log_cb (void             *userdata,
        xmpp_log_level_t  level,
        const char       *area,
        const char       *msg)
{
  CauXmppStream *self = userdata;

  if (G_UNLIKELY (cau_xmpp_unsafe_debug ()))
    g_debug ("libstrophe %s: %s", area, msg);
  cau_xmpp_attempt_read_log (&self->attempt, level, area, msg);
}

/* Failures. */

static GError *
classify_failure (CauXmppStream       *self,
                  int                  error,
                  xmpp_stream_error_t *stream_error,
                  gboolean             was_online)
{
  const char *host = self->targets && self->target_index < self->targets->len
    ? ((CauXmppTarget *) g_ptr_array_index (self->targets, self->target_index))->host
    : NULL;
  g_autofree char *domain = cau_jid_domain (self->config.jid);

  return cau_xmpp_attempt_explain_failure (&self->attempt, error, stream_error, was_online,
                                           cau_xmpp_io_get_rejected_cert (self->io) != NULL,
                                           host, domain);
}

static gboolean
retry_cb (gpointer data)
{
  CauXmppStream *self = data;

  g_clear_pointer (&self->retry_timer, g_source_unref);
  start_attempt (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_retry (CauXmppStream *self,
                gboolean       was_online)
{
  double delay_s;
  double jitter = g_random_double_range (0.75, 1.25);

  if (was_online && self->failures == 0)
    delay_s = 0.5 * jitter; /* Quickly, to resume the stream while the server keeps it. */
  else
    delay_s = MIN (BACKOFF_MAX_S, 1u << MIN (self->failures, 9u)) * jitter;

  self->failures++;
  cau_clear_source (&self->retry_timer);
  self->retry_timer = cau_xmpp_engine_timeout (self->engine, (guint) (delay_s * 1000),
                                               retry_cb, self);
}

static void
stop_timers (CauXmppStream *self)
{
  cau_clear_source (&self->attempt_timer);
  cau_clear_source (&self->tick_timer);
  cau_clear_source (&self->ping_timer);
  cau_clear_source (&self->ping_timeout_timer);
  cau_clear_source (&self->sm_wait_timer);
  cau_clear_source (&self->post_connect_idle);
}

static void
post_failure (CauXmppStream *self,
              GError        *error,
              gboolean       will_retry)
{
  CauXmppEvent *event = cau_xmpp_stream_new_event (self, CAU_XMPP_EVENT_FAILED);

  event->error = error;
  event->will_retry = will_retry;
  event->state = will_retry ? CAU_XMPP_STATE_WAITING : CAU_XMPP_STATE_DISCONNECTED;
  event->cert = cau_xmpp_cert_info_copy (cau_xmpp_io_get_rejected_cert (self->io));
  self->state = event->state;
  cau_xmpp_event_post (event);
}

static gboolean
next_target_cb (gpointer data)
{
  CauXmppStream *self = data;

  g_clear_pointer (&self->next_target_idle, g_source_unref);
  try_current_target (self);
  return G_SOURCE_REMOVE;
}

static void
handle_disconnect (CauXmppStream       *self,
                   int                  error_code,
                   xmpp_stream_error_t *stream_error)
{
  gboolean was_online = self->online;
  gboolean watchdog_fired;
  GError *error;

  cau_xmpp_io_unwatch (self->io);
  stop_timers (self);
  watchdog_fired = disarm_watchdog (self);
  self->attempt.timed_out = self->attempt.timed_out || watchdog_fired;
  if (self->online)
    cau_xmpp_chat_offline (self->chat);
  self->online = FALSE;
  self->awaiting_sm = FALSE;
  self->closing = FALSE;

  if (self->restart_pending)
    {
      self->restart_pending = FALSE;
      self->want_connected = TRUE;
      cau_clear_source (&self->retry_timer);
      self->retry_timer = cau_xmpp_engine_timeout (self->engine, 0, retry_cb, self);
      return;
    }

  if (!self->want_connected)
    {
      set_state (self, CAU_XMPP_STATE_DISCONNECTED);
      return;
    }

  if (error_code == 0)
    error_code = self->attempt.connect_errno;
  error = classify_failure (self, error_code, stream_error, was_online);
  g_debug ("Attempt ended: %s", error->message);

  if (!was_online && !cau_xmpp_error_is_final (error) && cau_xmpp_error_tries_next_target (error) &&
      self->targets != NULL && self->target_index + 1 < self->targets->len)
    {
      g_error_free (error);
      self->target_index++;
      cau_clear_source (&self->next_target_idle);
      self->next_target_idle = cau_xmpp_engine_timeout (self->engine, 0, next_target_cb, self);
      return;
    }

  if (cau_xmpp_error_is_final (error) || !self->config.auto_reconnect)
    {
      self->want_connected = FALSE;
      post_failure (self, error, FALSE);
      return;
    }

  post_failure (self, error, TRUE);
  schedule_retry (self, was_online);
}

/* Online. */

/* `to` NULL: broadcast. */
static void
send_presence_to (CauXmppStream *self,
                  const char    *to)
{
  xmpp_stanza_t *presence;
  const char *own_avatar;

  if (!self->online)
    return;

  presence = cau_xmpp_build_presence (self->ctx, self->show, self->status, self->caps_ver);
  if (to != NULL)
    xmpp_stanza_set_to (presence, to);
  /* XEP-0153 §4.1: our avatar's hash, once known. */
  own_avatar = cau_xmpp_chat_get_own_avatar_id (self->chat);
  if (own_avatar != NULL)
    cau_xmpp_add_vcard_update (presence, own_avatar);
  xmpp_send (self->conn, presence);
  xmpp_stanza_release (presence);
}

static void
send_presence (CauXmppStream *self)
{
  send_presence_to (self, NULL);
}

static void
send_csi (CauXmppStream *self)
{
  if (!self->online || !self->attempt.features_csi)
    return;

  /* libstrophe counts this nonza as a stanza for stream management; the
   * cost is at most one duplicate on a resumption, which receivers drop
   * by id. */
  if (self->active)
    xmpp_send_raw_string (self->conn, "<active xmlns='urn:xmpp:csi:0'/>");
  else
    xmpp_send_raw_string (self->conn, "<inactive xmlns='urn:xmpp:csi:0'/>");
}

static void
send_pending_messages (CauXmppStream *self)
{
  PendingMessage *msg;

  while (self->online && (msg = g_queue_pop_head (&self->outbox)) != NULL)
    {
      xmpp_stanza_t *stanza = cau_xmpp_build_chat_message (self->ctx, msg->to, msg->body, msg->id);

      xmpp_send (self->conn, stanza);
      xmpp_stanza_release (stanza);
      pending_message_free (msg);
    }
}

static gboolean ping_due_cb (gpointer data);

static void
schedule_ping (CauXmppStream *self,
               guint          seconds)
{
  cau_clear_source (&self->ping_timer);
  self->ping_timer = g_timeout_source_new_seconds (seconds);
  g_source_set_callback (self->ping_timer, ping_due_cb, self, NULL);
  g_source_attach (self->ping_timer, cau_xmpp_engine_get_context (self->engine));
}

static void
finish_online (CauXmppStream *self)
{
  CauXmppEvent *event;
  gboolean resumed = self->attempt.resumed;

  self->awaiting_sm = FALSE;
  cau_clear_source (&self->sm_wait_timer);
  cau_clear_source (&self->attempt_timer);
  /* All that log_cb reads comes while connecting: from here libstrophe
   * would format every stanza, both ways, for it alone (~8 % of the
   * engine's time in a burst). Each attempt turns it on again. */
  if (!cau_xmpp_unsafe_debug ())
    self->log.handler = NULL;
  cau_clear_source (&self->tick_timer);
  disarm_watchdog (self);
  self->failures = 0;

  if (self->attempt.sm_failed_before_connect)
    self->free_sm_state = TRUE;

  /* Roster, carbons and the archive query go before our presence: a
   * session that has queried the archive gets no copy of the offline
   * store (Prosody's mod_mam; the same messages, stamped to the second,
   * as a flood that would hold the catch-up back). */
  cau_xmpp_chat_online (self->chat, self->conn, resumed);

  /* Idempotent set-up: after a resumption the server kept our presence,
   * but sending it again is harmless and covers a server that did not. */
  send_presence (self);
  send_csi (self);
  if (!resumed)
    cau_xmpp_disco_query_server (self->conn, self);
  send_pending_messages (self);

  self->last_rx_us = g_get_monotonic_time ();
  schedule_ping (self, self->config.ping_interval_s);

  self->state = CAU_XMPP_STATE_ONLINE;
  event = cau_xmpp_stream_new_event (self, CAU_XMPP_EVENT_ONLINE);
  event->resumed = resumed;
  event->when_us = g_get_monotonic_time ();
  event->text = g_strdup (xmpp_conn_get_bound_jid (self->conn));
  cau_xmpp_event_post (event);

  run_passes (self);
  update_io (self);
}

static gboolean
sm_wait_cb (gpointer data)
{
  CauXmppStream *self = data;

  g_clear_pointer (&self->sm_wait_timer, g_source_unref);
  if (self->awaiting_sm)
    finish_online (self);
  return G_SOURCE_REMOVE;
}

static gboolean
post_connect_cb (gpointer data)
{
  CauXmppStream *self = data;

  g_clear_pointer (&self->post_connect_idle, g_source_unref);
  if (!self->online)
    return G_SOURCE_REMOVE;

  /* Nothing may be sent before <enabled/> arrives, or libstrophe numbers
   * it differently from the server and a resumption loses it. */
  if (!self->attempt.resumed && self->attempt.features_sm && !self->attempt.sm_enabled_seen &&
      !self->attempt.sm_failed_seen)
    {
      self->awaiting_sm = TRUE;
      self->sm_wait_timer = cau_xmpp_engine_timeout (self->engine, SM_ENABLE_WAIT_MS,
                                                     sm_wait_cb, self);
      return G_SOURCE_REMOVE;
    }

  finish_online (self);
  return G_SOURCE_REMOVE;
}

void
cau_xmpp_stream_after_io (CauXmppStream *self)
{
  cau_xmpp_chat_flush (self->chat);
  if (self->awaiting_sm && (self->attempt.sm_enabled_seen || self->attempt.sm_failed_seen))
    finish_online (self);
  update_io (self);
}

static void
conn_cb (xmpp_conn_t         *conn,
         xmpp_conn_event_t    event,
         int                  error,
         xmpp_stream_error_t *stream_error,
         void                *userdata)
{
  CauXmppStream *self = userdata;

  switch (event)
    {
    case XMPP_CONN_CONNECT:
      self->attempt.connect_event_seen = TRUE;
      if (!self->online)
        {
          self->online = TRUE;
          cau_clear_source (&self->post_connect_idle);
          self->post_connect_idle = cau_xmpp_engine_timeout (self->engine, 0,
                                                             post_connect_cb, self);
        }
      break;

    case XMPP_CONN_DISCONNECT:
    case XMPP_CONN_FAIL:
      handle_disconnect (self, error, stream_error);
      break;

    case XMPP_CONN_RAW_CONNECT:
    default:
      break;
    }
}

/* Pings (XEP-0199): only after silence, so an idle link costs one
 * round trip per interval and nothing else. */

static gboolean
ping_timeout_cb (gpointer data)
{
  CauXmppStream *self = data;

  g_clear_pointer (&self->ping_timeout_timer, g_source_unref);
  if (!self->online || cau_xmpp_io_get_fd (self->io) < 0)
    return G_SOURCE_REMOVE;

  g_debug ("Ping unanswered: closing the link");
  self->attempt.ping_failed = TRUE;
  /* A dead link: close the socket under libstrophe so it sees the error
   * at once rather than after TCP gives up, and can resume later. */
  shutdown (cau_xmpp_io_get_fd (self->io), SHUT_RDWR);
  run_passes (self);
  cau_xmpp_stream_after_io (self);
  return G_SOURCE_REMOVE;
}

static int
pong_cb (xmpp_conn_t   *conn,
         xmpp_stanza_t *stanza,
         void          *userdata)
{
  CauXmppStream *self = userdata;

  cau_clear_source (&self->ping_timeout_timer);
  g_clear_pointer (&self->ping_id, g_free);
  self->last_rx_us = g_get_monotonic_time ();
  return 0;
}

static void
send_ping (CauXmppStream *self)
{
  xmpp_stanza_t *ping;
  g_autofree char *domain = NULL;

  if (!self->online || self->ping_timeout_timer != NULL)
    return;

  domain = cau_jid_domain (self->config.jid);
  g_free (self->ping_id);
  self->ping_id = cau_xmpp_new_id ();
  ping = cau_xmpp_build_ping (self->ctx, domain, self->ping_id);
  xmpp_id_handler_add (self->conn, pong_cb, self->ping_id, self);
  xmpp_send (self->conn, ping);
  xmpp_stanza_release (ping);

  self->ping_timeout_timer = g_timeout_source_new_seconds (self->config.ping_timeout_s);
  g_source_set_callback (self->ping_timeout_timer, ping_timeout_cb, self, NULL);
  g_source_attach (self->ping_timeout_timer, cau_xmpp_engine_get_context (self->engine));

  run_passes (self);
  update_io (self);
}

static gboolean
ping_due_cb (gpointer data)
{
  CauXmppStream *self = data;
  gint64 idle_s = (g_get_monotonic_time () - self->last_rx_us) / G_USEC_PER_SEC;

  g_clear_pointer (&self->ping_timer, g_source_unref);
  if (!self->online)
    return G_SOURCE_REMOVE;

  if (idle_s + 1 < (gint64) self->config.ping_interval_s)
    {
      schedule_ping (self, self->config.ping_interval_s - (guint) idle_s);
      return G_SOURCE_REMOVE;
    }

  send_ping (self);
  schedule_ping (self, self->config.ping_interval_s);
  return G_SOURCE_REMOVE;
}

/* Inbound stanzas. */

static int
message_cb (xmpp_conn_t   *conn,
            xmpp_stanza_t *stanza,
            void          *userdata)
{
  CauXmppStream *self = userdata;

  cau_xmpp_chat_handle_message (self->chat, stanza);
  return 1;
}

static int
iq_cb (xmpp_conn_t   *conn,
       xmpp_stanza_t *stanza,
       void          *userdata)
{
  CauXmppStream *self = userdata;

  if (!cau_xmpp_chat_handle_iq (self->chat, stanza))
    cau_xmpp_handle_iq_request (conn, stanza, self->caps_ver);
  return 1;
}

static int
presence_cb (xmpp_conn_t   *conn,
             xmpp_stanza_t *stanza,
             void          *userdata)
{
  CauXmppStream *self = userdata;

  cau_xmpp_caps_handle_presence (conn, stanza, self->engine, self);
  cau_xmpp_chat_handle_presence (self->chat, stanza);
  return 1;
}

void
cau_xmpp_stream_post_server_features (CauXmppStream *self,
                                      char         **features)
{
  CauXmppEvent *event = cau_xmpp_stream_new_event (self, CAU_XMPP_EVENT_SERVER_FEATURES);

  event->strv = features;
  cau_xmpp_event_post (event);
}

void
cau_xmpp_stream_post_caps (CauXmppStream *self,
                           const char    *ver,
                           char         **features)
{
  CauXmppEvent *event = cau_xmpp_stream_new_event (self, CAU_XMPP_EVENT_CAPS_LEARNED);

  event->text = g_strdup (ver);
  event->strv = features;
  cau_xmpp_event_post (event);
}

/* Attempts. */

static gboolean
attempt_timeout_cb (gpointer data)
{
  CauXmppStream *self = data;

  g_clear_pointer (&self->attempt_timer, g_source_unref);
  if (self->online)
    return G_SOURCE_REMOVE;

  g_debug ("Attempt timed out");
  self->attempt.timed_out = TRUE;
  if (cau_xmpp_io_get_fd (self->io) >= 0)
    shutdown (cau_xmpp_io_get_fd (self->io), SHUT_RDWR);
  if (self->conn != NULL && !xmpp_conn_is_disconnected (self->conn))
    xmpp_disconnect (self->conn);
  run_passes (self);
  cau_xmpp_stream_after_io (self);
  return G_SOURCE_REMOVE;
}

static void
reset_attempt (CauXmppStream *self)
{
  cau_xmpp_attempt_clear (&self->attempt);
  cau_xmpp_io_clear_rejected_cert (self->io);
}

static void
ensure_conn (CauXmppStream *self)
{
  g_autofree char *full_jid = NULL;
  long flags = XMPP_CONN_FLAG_MANDATORY_TLS;

  if (self->conn == NULL)
    {
      self->conn = xmpp_conn_new (self->ctx);
      cau_xmpp_io_install (self->io, self->conn);
      xmpp_handler_add (self->conn, message_cb, NULL, "message", NULL, self);
      xmpp_handler_add (self->conn, iq_cb, NULL, "iq", NULL, self);
      xmpp_handler_add (self->conn, presence_cb, NULL, "presence", NULL, self);
    }

  if (self->free_sm_state)
    {
      /* libstrophe 0.12.2 keeps the counters of a session whose
       * resumption failed and would re-send what was delivered. */
      xmpp_sm_state_t *sm = xmpp_conn_get_sm_state (self->conn);

      if (sm != NULL)
        xmpp_free_sm_state (sm);
      self->free_sm_state = FALSE;
    }

  full_jid = self->config.resource
    ? g_strconcat (self->config.jid, "/", self->config.resource, NULL)
    : g_strdup (self->config.jid);
  xmpp_conn_set_jid (self->conn, full_jid);
  xmpp_conn_set_pass (self->conn, self->config.password ? self->config.password : "");

  if (self->targets != NULL && self->target_index < self->targets->len)
    {
      CauXmppTarget *target = g_ptr_array_index (self->targets, self->target_index);

      if (target->direct_tls)
        flags |= XMPP_CONN_FLAG_LEGACY_SSL;
    }
  xmpp_conn_set_flags (self->conn, flags);
}

static void
try_current_target (CauXmppStream *self)
{
  CauXmppTarget *target;
  int rc;

  if (!self->want_connected)
    return;

  if (self->targets == NULL || self->target_index >= self->targets->len)
    {
      self->attempt.timed_out = FALSE;
      handle_disconnect (self, ECONNREFUSED, NULL);
      return;
    }

  reset_attempt (self);
  self->log.handler = log_cb;
  target = g_ptr_array_index (self->targets, self->target_index);
  ensure_conn (self);
  g_debug ("Trying a %s address", target->direct_tls ? "direct TLS" : "STARTTLS");

  rc = xmpp_connect_client (self->conn, target->address, target->port, conn_cb, self);
  if (rc != XMPP_EOK)
    {
      handle_disconnect (self, ECONNREFUSED, NULL);
      return;
    }

  cau_clear_source (&self->attempt_timer);
  self->attempt_timer = cau_xmpp_engine_timeout (self->engine,
                                                 self->config.connect_timeout_s * 1000,
                                                 attempt_timeout_cb, self);
  /* The engine thread itself may be stuck in libstrophe's handshake loop,
   * where no timer of its own can fire. */
  arm_watchdog (self, self->config.connect_timeout_s + 2);
  start_tick (self);
  update_io (self);
}

static void
resolve_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  CauXmppStream *self = user_data;
  g_autoptr(GError) error = NULL;
  GPtrArray *targets;

  targets = cau_xmpp_resolve_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->resolve_cancellable);
  if (targets == NULL)
    {
      gboolean final = !self->config.auto_reconnect;

      /* A name that does not resolve may be a network without DNS yet;
       * keep trying in the background, but say so at once. */
      if (final)
        self->want_connected = FALSE;
      post_failure (self, g_steal_pointer (&error), !final);
      if (!final)
        schedule_retry (self, FALSE);
      return;
    }

  g_clear_pointer (&self->targets, g_ptr_array_unref);
  self->targets = targets;
  self->target_index = 0;
  try_current_target (self);
}

static void
start_attempt (CauXmppStream *self)
{
  g_autofree char *domain = NULL;

  if (!self->want_connected || self->online)
    return;
  /* The password is still being looked up: it comes through
   * cau_xmpp_stream_supply_password(). */
  if (self->config.password == NULL)
    {
      set_state (self, CAU_XMPP_STATE_CONNECTING);
      return;
    }
  if (self->conn != NULL && !xmpp_conn_is_disconnected (self->conn))
    return;

  set_state (self, CAU_XMPP_STATE_CONNECTING);
  g_cancellable_cancel (self->resolve_cancellable);
  g_clear_object (&self->resolve_cancellable);
  self->resolve_cancellable = g_cancellable_new ();

  domain = cau_jid_domain (self->config.jid);
  cau_xmpp_resolve_async (domain, self->config.host, self->config.port, self->config.direct_tls,
                          self->resolve_cancellable, resolve_cb, self);
}

/* Public, engine thread. */

CauXmppStream *
cau_xmpp_stream_new (CauXmppEngine *engine,
                     CauXmppLink   *link)
{
  CauXmppStream *self = g_new0 (CauXmppStream, 1);

  self->engine = engine;
  self->link = cau_xmpp_link_ref (link);
  self->active = TRUE;
  self->show = CAU_XMPP_SHOW_AVAILABLE;
  g_queue_init (&self->outbox);
  self->chat = cau_xmpp_chat_new (self);
  self->caps_ver = cau_xmpp_caps_own_ver ();

  self->log.handler = log_cb;
  self->log.userdata = self;
  self->ctx = xmpp_ctx_new (NULL, &self->log);
  if (cau_xmpp_unsafe_debug () && g_getenv ("CAU_DEBUG_XMPP_VERBOSE"))
    xmpp_ctx_set_verbosity (self->ctx, 3);

  self->io = cau_xmpp_io_new (cau_xmpp_engine_get_context (engine), self->ctx,
                             after_io_cb, self);
  return self;
}

void
cau_xmpp_stream_free (CauXmppStream *self)
{
  self->want_connected = FALSE;
  g_cancellable_cancel (self->resolve_cancellable);
  g_clear_object (&self->resolve_cancellable);
  stop_timers (self);
  cau_clear_source (&self->retry_timer);
  cau_clear_source (&self->next_target_idle);
  disarm_watchdog (self);
  g_clear_pointer (&self->watchdog, watchdog_unref);

  if (self->conn != NULL)
    {
      if (!xmpp_conn_is_disconnected (self->conn))
        {
          xmpp_disconnect (self->conn);
          run_passes (self);
        }
      cau_xmpp_io_unwatch (self->io);
      xmpp_conn_release (self->conn);
    }
  cau_xmpp_caps_forget_stream (self);
  g_clear_pointer (&self->chat, cau_xmpp_chat_free);

  cau_xmpp_io_free (self->io);
  xmpp_ctx_free (self->ctx);

  g_clear_pointer (&self->targets, g_ptr_array_unref);
  g_queue_clear_full (&self->outbox, (GDestroyNotify) pending_message_free);
  cau_xmpp_config_clear (&self->config);
  cau_xmpp_attempt_clear (&self->attempt);
  g_free (self->status);
  g_free (self->ping_id);
  g_free (self->caps_ver);
  cau_xmpp_link_unref (self->link);
  g_free (self);
}

void
cau_xmpp_stream_configure (CauXmppStream       *self,
                           const CauXmppConfig *config)
{
  gboolean server_changed = g_strcmp0 (self->config.host, config->host) != 0 ||
                            self->config.port != config->port ||
                            self->config.direct_tls != config->direct_tls;

  cau_xmpp_config_clear (&self->config);
  cau_xmpp_config_copy (config, &self->config);
  cau_xmpp_io_set_pins (self->io, self->config.pins);
  if (server_changed)
    g_clear_pointer (&self->targets, g_ptr_array_unref);
}

void
cau_xmpp_stream_connect (CauXmppStream *self)
{
  self->failures = 0;
  cau_clear_source (&self->retry_timer);
  if (self->closing)
    {
      self->restart_pending = TRUE;
      return;
    }
  self->want_connected = TRUE;
  if (self->online)
    {
      set_state (self, CAU_XMPP_STATE_ONLINE);
      return;
    }
  start_attempt (self);
}

void
cau_xmpp_stream_disconnect (CauXmppStream *self)
{
  self->want_connected = FALSE;
  self->restart_pending = FALSE;
  cau_clear_source (&self->retry_timer);
  cau_clear_source (&self->next_target_idle);
  g_cancellable_cancel (self->resolve_cancellable);
  g_clear_object (&self->resolve_cancellable);

  if (self->conn != NULL && !xmpp_conn_is_disconnected (self->conn))
    {
      if (self->online)
        {
          xmpp_stanza_t *presence = xmpp_presence_new (self->ctx);

          xmpp_stanza_set_type (presence, "unavailable");
          xmpp_send (self->conn, presence);
          xmpp_stanza_release (presence);
        }
      self->closing = TRUE;
      xmpp_disconnect (self->conn);
      /* The closing handshake needs libstrophe's 2 s cleanup timer. */
      start_tick (self);
      run_passes (self);
      cau_xmpp_stream_after_io (self);
      return;
    }

  stop_timers (self);
  disarm_watchdog (self);
  set_state (self, CAU_XMPP_STATE_DISCONNECTED);
}

void
cau_xmpp_stream_reconnect_now (CauXmppStream *self)
{
  if (!self->want_connected)
    return;

  if (self->online)
    {
      /* After a network change the old link may be dead without knowing;
       * a ping finds out quickly. */
      send_ping (self);
      return;
    }

  if (self->retry_timer != NULL)
    {
      cau_clear_source (&self->retry_timer);
      self->failures = 0;
      start_attempt (self);
    }
}

void
cau_xmpp_stream_set_presence (CauXmppStream *self,
                              CauXmppShow    show,
                              const char    *status)
{
  self->show = show;
  g_free (self->status);
  self->status = g_strdup (status);
  send_presence (self);
  run_passes (self);
  update_io (self);
}

void
cau_xmpp_stream_set_active (CauXmppStream *self,
                            gboolean       active)
{
  if (self->active == active)
    return;

  self->active = active;
  send_csi (self);
  run_passes (self);
  update_io (self);
}

void
cau_xmpp_stream_ping (CauXmppStream *self)
{
  send_ping (self);
}

void
cau_xmpp_stream_send_message (CauXmppStream *self,
                              const char    *to,
                              const char    *body,
                              const char    *id)
{
  PendingMessage *msg = g_new0 (PendingMessage, 1);

  msg->to = g_strdup (to);
  msg->body = g_strdup (body);
  msg->id = g_strdup (id);
  g_queue_push_tail (&self->outbox, msg);

  if (self->online && !self->awaiting_sm)
    {
      send_pending_messages (self);
      run_passes (self);
      update_io (self);
    }
}

void
cau_xmpp_stream_supply_password (CauXmppStream *self,
                                 const char    *password)
{
  gboolean was_missing = self->config.password == NULL;

  if (self->config.password != NULL)
    memset (self->config.password, 0, strlen (self->config.password));
  g_free (self->config.password);
  self->config.password = g_strdup (password);
  if (was_missing)
    start_attempt (self);
}

/* A messaging command: what it queued is written at once. */
void
cau_xmpp_stream_run_chat (CauXmppStream   *self,
                          CauXmppChatFunc  func,
                          gpointer         data)
{
  func (self->chat, data);
  cau_xmpp_chat_flush (self->chat);
  if (self->online && self->conn != NULL)
    {
      run_passes (self);
      update_io (self);
    }
}

/* Both may run inside a libstrophe handler, which must not run
 * libstrophe's loop again: what they queue is written by the passes after
 * the wake-up, or after the command (cau_xmpp_stream_run_chat()). */
void
cau_xmpp_stream_send_presence_to (CauXmppStream *self,
                                  const char    *to)
{
  if (!self->online || self->state != CAU_XMPP_STATE_ONLINE)
    return;
  send_presence_to (self, to);
}

void
cau_xmpp_stream_resend_presence (CauXmppStream *self)
{
  if (!self->online || self->state != CAU_XMPP_STATE_ONLINE)
    return;
  send_presence (self);
}

CauXmppEngine *
cau_xmpp_stream_get_engine (CauXmppStream *self)
{
  return self->engine;
}

gboolean
cau_xmpp_stream_is_online (CauXmppStream *self)
{
  return self->online;
}
