/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-xmpp-profiles.h"
#include "cau-xmpp-stream-private.h"
#include "cau-xmpp-utils.h"
#include "xeps/cau-xep-vcard.h"
#include "xeps/cau-xeps.h"

/*
 * A vCard is asked for as vCard4 in PEP first, then as vcard-temp when
 * that gives nothing (many servers and clients still have only the
 * latter). A device's software is asked for with XEP-0092, then by
 * disco#info for its client name when it does not answer that.
 *
 * An answer counts only with the id we sent and from the address we sent
 * it to: libstrophe matches ids alone, and anyone may send us an iq
 * result with a guessed id. A mismatch leaves the request waiting.
 */

typedef enum {
  STEP_VCARD4,
  STEP_VCARD_TEMP,
  STEP_VERSION,
  STEP_DISCO,
} Step;

typedef struct {
  CauXmppProfiles     *owner;
  Step                 step;
  char                *to;
  char                *iq_id;
  GSource             *timer;
  CauXmppProfilesDone  done;
  gpointer             data;
} Request;

struct _CauXmppProfiles
{
  CauXmppStream *stream;
  xmpp_conn_t   *conn;       /* while online */
  GHashTable    *requests;   /* iq id → Request, owned */
};

static void send_step (CauXmppProfiles *self, Request *request, Step step);

static void
request_free (Request *request)
{
  cau_clear_source (&request->timer);
  g_free (request->to);
  g_free (request->iq_id);
  g_free (request);
}

/* Answers the request and forgets it; its handler must be gone already. */
static void
finish (CauXmppProfiles *self,
        Request         *request,
        gpointer         result,
        const GError    *error)
{
  g_hash_table_steal (self->requests, request->iq_id);
  request->done (result, error, request->data);
  request_free (request);
}

static void
fail (CauXmppProfiles *self,
      Request         *request,
      int              code,
      const char      *message)
{
  g_autoptr(GError) error = g_error_new_literal (CAU_XMPP_ERROR, code, message);

  finish (self, request, NULL, error);
}

static int
reply_cb (xmpp_conn_t   *conn,
          xmpp_stanza_t *iq,
          void          *userdata)
{
  CauXmppProfiles *self = userdata;
  Request *request = g_hash_table_lookup (self->requests, xmpp_stanza_get_id (iq));
  const char *type = xmpp_stanza_get_type (iq);
  g_autofree char *condition = NULL;

  if (request == NULL)
    return 0;
  if (!cau_xmpp_is_answer_from (iq, request->to) ||
      (g_strcmp0 (type, "result") != 0 && g_strcmp0 (type, "error") != 0))
    {
      g_debug ("Profile answer dropped: not from the address asked");
      return 1;
    }

  if (g_str_equal (type, "error"))
    condition = cau_xmpp_stanza_error_condition (iq, NULL);

  switch (request->step)
    {
    case STEP_VCARD4:
      {
        g_autoptr(CauXmppVcard) vcard = cau_xmpp_parse_vcard4_result (iq);

        if (cau_xmpp_vcard_is_empty (vcard))
          send_step (self, request, STEP_VCARD_TEMP);
        else
          finish (self, request, g_steal_pointer (&vcard), NULL);
      }
      break;

    case STEP_VCARD_TEMP:
      {
        CauXmppVcard *vcard = cau_xmpp_parse_vcard_temp_result (iq);

        /* Having no vCard is no failure: servers say so with these. */
        if (vcard == NULL && condition != NULL &&
            !g_str_equal (condition, "item-not-found") &&
            !g_str_equal (condition, "service-unavailable") &&
            !g_str_equal (condition, "feature-not-implemented"))
          fail (self, request, CAU_XMPP_ERROR_FAILED, condition);
        else
          finish (self, request, vcard ? vcard : cau_xmpp_vcard_new (), NULL);
      }
      break;

    case STEP_VERSION:
      {
        CauXmppSoftware *software = cau_xmpp_parse_version_result (iq);

        if (software == NULL)
          send_step (self, request, STEP_DISCO);
        else
          finish (self, request, software, NULL);
      }
      break;

    case STEP_DISCO:
      {
        CauXmppSoftware *software = g_new0 (CauXmppSoftware, 1);

        software->name = cau_xmpp_parse_client_name (iq);
        finish (self, request, software, NULL);
      }
      break;

    default:
      g_assert_not_reached ();
    }
  return 0;
}

static gboolean
timeout_cb (gpointer data)
{
  Request *request = data;
  CauXmppProfiles *self = request->owner;

  g_clear_pointer (&request->timer, g_source_unref);
  if (self->conn != NULL)
    xmpp_id_handler_delete (self->conn, reply_cb, request->iq_id);
  fail (self, request, CAU_XMPP_ERROR_TIMED_OUT, "no answer");
  return G_SOURCE_REMOVE;
}

/* Sends the request's next step under a new id (its handler, if any, is
 * being removed by its return value). */
static void
send_step (CauXmppProfiles *self,
           Request         *request,
           Step             step)
{
  xmpp_ctx_t *ctx = xmpp_conn_get_context (self->conn);
  xmpp_stanza_t *iq = NULL;

  if (request->iq_id != NULL)
    g_hash_table_steal (self->requests, request->iq_id);
  g_free (request->iq_id);
  request->iq_id = cau_xmpp_new_id ();
  request->step = step;
  g_hash_table_insert (self->requests, request->iq_id, request);

  switch (step)
    {
    case STEP_VCARD4:
      iq = cau_xmpp_build_vcard4_get (ctx, request->iq_id, request->to);
      break;
    case STEP_VCARD_TEMP:
      iq = cau_xmpp_build_vcard_temp_get (ctx, request->iq_id, request->to);
      break;
    case STEP_VERSION:
      iq = cau_xmpp_build_version_get (ctx, request->iq_id, request->to);
      break;
    case STEP_DISCO:
      iq = cau_xmpp_build_disco_info_get (ctx, request->iq_id, request->to);
      break;
    default:
      g_assert_not_reached ();
    }

  xmpp_id_handler_add (self->conn, reply_cb, request->iq_id, self);
  xmpp_send (self->conn, iq);
  xmpp_stanza_release (iq);
}

static void
start (CauXmppProfiles     *self,
       const char          *to,
       Step                 step,
       CauXmppProfilesDone  done,
       gpointer             data)
{
  Request *request = g_new0 (Request, 1);
  g_autoptr(GMainContext) context = g_main_context_ref_thread_default ();

  request->owner = self;
  request->to = g_strdup (to);
  request->done = done;
  request->data = data;

  if (self->conn == NULL)
    {
      g_autoptr(GError) error = g_error_new_literal (CAU_XMPP_ERROR,
                                                     CAU_XMPP_ERROR_CONNECTION_LOST, "offline");

      done (NULL, error, data);
      request_free (request);
      return;
    }

  /* One timer for all the steps: a person is waiting. */
  request->timer = g_timeout_source_new_seconds (CAU_XMPP_PROFILE_TIMEOUT_S);
  g_source_set_callback (request->timer, timeout_cb, request, NULL);
  g_source_attach (request->timer, context);
  send_step (self, request, step);
}

void
cau_xmpp_profiles_fetch_vcard (CauXmppProfiles     *self,
                               const char          *jid,
                               CauXmppProfilesDone  done,
                               gpointer             data)
{
  start (self, jid, STEP_VCARD4, done, data);
}

void
cau_xmpp_profiles_fetch_software (CauXmppProfiles     *self,
                                  const char          *full_jid,
                                  CauXmppProfilesDone  done,
                                  gpointer             data)
{
  start (self, full_jid, STEP_VERSION, done, data);
}

gboolean
cau_xmpp_profiles_handle_message (CauXmppProfiles *self,
                                  xmpp_stanza_t   *message)
{
  g_autofree char *publisher = NULL;
  g_autofree char *nick = NULL;
  CauXmppEvent *event;

  if (!cau_xmpp_parse_nick_event (message, &publisher, &nick))
    return FALSE;

  event = cau_xmpp_stream_new_event (self->stream, CAU_XMPP_EVENT_NICK);
  event->text = g_steal_pointer (&publisher);
  event->text2 = g_steal_pointer (&nick);
  cau_xmpp_event_post (event);
  return TRUE;
}

static void
fail_all (CauXmppProfiles *self,
          const char      *why)
{
  GHashTableIter iter;
  gpointer value;
  g_autoptr(GPtrArray) pending = g_ptr_array_new ();

  g_hash_table_iter_init (&iter, self->requests);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (pending, value);
  for (guint i = 0; i < pending->len; i++)
    {
      Request *request = g_ptr_array_index (pending, i);

      if (self->conn != NULL)
        xmpp_id_handler_delete (self->conn, reply_cb, request->iq_id);
      fail (self, request, CAU_XMPP_ERROR_CONNECTION_LOST, why);
    }
}

CauXmppProfiles *
cau_xmpp_profiles_new (CauXmppStream *stream)
{
  CauXmppProfiles *self = g_new0 (CauXmppProfiles, 1);

  self->stream = stream;
  self->requests = g_hash_table_new (g_str_hash, g_str_equal);
  return self;
}

void
cau_xmpp_profiles_online (CauXmppProfiles *self,
                          xmpp_conn_t     *conn)
{
  self->conn = conn;
}

void
cau_xmpp_profiles_offline (CauXmppProfiles *self)
{
  fail_all (self, "offline");
  self->conn = NULL;
}

void
cau_xmpp_profiles_free (CauXmppProfiles *self)
{
  /* The connection may be gone already: its handlers went with it. */
  self->conn = NULL;
  fail_all (self, "closed");
  g_hash_table_unref (self->requests);
  g_free (self);
}
