/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-xmpp-registration.h"
#include "xeps/cau-xep-0004-forms.h"
#include "xeps/cau-xep-stanza-private.h"
#include "cau-xmpp-io.h"
#include "cau-xmpp-private.h"
#include "cau-xmpp-resolver.h"
#include "cau-xmpp-utils.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <string.h>
#include <sys/socket.h>

/*
 * libstrophe has no registration API: we open a raw connection, start
 * TLS ourselves (mandatory, as for signing in), ask for the form and, to
 * register, submit it on the same stream. The fields a server asks for
 * are shown as they are; hidden fields travel back untouched.
 */

#define NS_TLS "urn:ietf:params:xml:ns:xmpp-tls"
#define NS_STREAMS "http://etherx.jabber.org/streams"
#define NS_FEATURE_REGISTER "http://jabber.org/features/iq-register"

typedef struct {
  CauXmppEngine *engine;
  CauXmppRegistrationServer server;
  GVariant      *values;     /* a{ss}, NULL when only fetching */
  GTask         *task;       /* owned while running */

  xmpp_ctx_t    *ctx;
  xmpp_conn_t   *conn;
  xmpp_log_t     log;
  CauXmppIo     *io;
  GSource       *timeout;
  GPtrArray     *targets;
  guint          target_index;

  gboolean       tls_started;
  gboolean       timed_out;
  GVariant      *form;
  GError        *error;
  gboolean       done;
} RegOp;

static void op_try_target (RegOp *op);

static void
op_defer (RegOp       *op,
          GSourceFunc  func)
{
  GSource *idle = g_idle_source_new ();

  g_source_set_callback (idle, func, op, NULL);
  g_source_attach (idle, cau_xmpp_engine_get_context (op->engine));
  g_source_unref (idle);
}

static gboolean
op_try_target_cb (gpointer data)
{
  op_try_target (data);
  return G_SOURCE_REMOVE;
}

static void
op_free (RegOp *op)
{
  cau_clear_source (&op->timeout);
  if (op->conn != NULL)
    xmpp_conn_release (op->conn);
  cau_xmpp_io_free (op->io);
  if (op->ctx != NULL)
    xmpp_ctx_free (op->ctx);
  g_clear_pointer (&op->targets, g_ptr_array_unref);
  g_clear_pointer (&op->values, g_variant_unref);
  g_clear_pointer (&op->form, g_variant_unref);
  g_clear_error (&op->error);
  g_free (op->server.domain);
  g_free (op->server.host);
  g_strfreev (op->server.pins);
  g_object_unref (op->engine);
  g_free (op);
}

typedef struct {
  GVariant        *form;
  CauXmppCertInfo *cert;
} RegResult;

static void
reg_result_free (RegResult *result)
{
  g_clear_pointer (&result->form, g_variant_unref);
  cau_xmpp_cert_info_free (result->cert);
  g_free (result);
}

/* Ends the operation after libstrophe let go of the connection. */
static gboolean
op_finish_cb (gpointer data)
{
  RegOp *op = data;
  GTask *task = g_steal_pointer (&op->task);
  const CauXmppCertInfo *cert = cau_xmpp_io_get_rejected_cert (op->io);

  g_debug ("registration: finishing");
  if (op->error == NULL && !op->done)
    {
      if (cert != NULL)
        op->error = g_error_new (CAU_XMPP_ERROR, CAU_XMPP_ERROR_CERTIFICATE,
                                 _("The certificate of “%s” is not trusted."), op->server.domain);
      else if (op->timed_out)
        op->error = g_error_new (CAU_XMPP_ERROR, CAU_XMPP_ERROR_TIMED_OUT,
                                 _("The server “%s” did not answer in time."), op->server.domain);
      else
        op->error = g_error_new (CAU_XMPP_ERROR, CAU_XMPP_ERROR_CONNECTION_LOST,
                                 _("The connection to “%s” was closed before the account was created."),
                                 op->server.domain);
    }

  if (op->error != NULL)
    {
      RegResult *result = g_new0 (RegResult, 1);

      result->cert = cau_xmpp_cert_info_copy (cert);
      g_task_set_task_data (task, result, (GDestroyNotify) reg_result_free);
      g_task_return_error (task, g_steal_pointer (&op->error));
    }
  else
    {
      RegResult *result = g_new0 (RegResult, 1);

      result->form = op->form ? g_variant_ref (op->form) : NULL;
      g_task_return_pointer (task, result, (GDestroyNotify) reg_result_free);
    }

  g_object_unref (task);
  op_free (op);
  return G_SOURCE_REMOVE;
}

static void
op_fail (RegOp  *op,
         GError *error)
{
  if (op->error == NULL)
    op->error = error;
  else
    g_error_free (error);
  xmpp_disconnect (op->conn);
}

static void
after_io_cb (gpointer data,
             gboolean readable)
{
  RegOp *op = data;

  cau_xmpp_io_update (op->io, op->conn);
}

static void
log_cb (void             *userdata,
        xmpp_log_level_t  level,
        const char       *area,
        const char       *msg)
{
  if (G_UNLIKELY (cau_xmpp_unsafe_debug ()))
    g_debug ("libstrophe %s: %s", area, msg);
}

/* Forms. */

static const char *
legacy_field_type (const char *name)
{
  return g_str_equal (name, "password") ? "text-private" : "text-single";
}

static const char *
legacy_field_label (const char *name)
{
  if (g_str_equal (name, "username"))
    return _("User name");
  if (g_str_equal (name, "password"))
    return _("Password");
  if (g_str_equal (name, "email"))
    return _("Email");
  if (g_str_equal (name, "name"))
    return _("Name");
  if (g_str_equal (name, "nick"))
    return _("Nickname");
  return name;
}

static GVariant *
parse_form (xmpp_stanza_t *query)
{
  GVariantBuilder fields;
  xmpp_stanza_t *x = xmpp_stanza_get_child_by_name_and_ns (query, "x", CAU_NS_DATA_FORMS);
  g_autofree char *instructions = NULL;
  guint count = 0;

  if (x != NULL)
    return cau_xmpp_parse_data_form (x);

  /* A legacy XEP-0077 form: one element a field. */
  g_variant_builder_init (&fields, G_VARIANT_TYPE ("a(sssbsas)"));
  instructions = cau_xep_element_text (xmpp_stanza_get_child_by_name (query, "instructions"));
  for (xmpp_stanza_t *c = xmpp_stanza_get_children (query);
       c && count < CAU_XMPP_FORM_MAX_FIELDS; c = xmpp_stanza_get_next (c))
    {
      const char *name = xmpp_stanza_get_name (c);

      if (!xmpp_stanza_is_tag (c) || g_strcmp0 (name, "instructions") == 0 ||
          g_strcmp0 (name, "registered") == 0 || g_strcmp0 (xmpp_stanza_get_ns (c), NULL) != 0)
        continue;
      if (xmpp_stanza_get_ns (c) != NULL && !g_str_equal (xmpp_stanza_get_ns (c), CAU_NS_REGISTER))
        continue;
      g_variant_builder_add (&fields, "(sssbsas)", name, legacy_field_type (name),
                             legacy_field_label (name), TRUE, "", NULL);
      count++;
    }
  return g_variant_new ("(sba(sssbsas))", instructions ? instructions : "", FALSE, &fields);
}

static const char *
lookup_value (GVariant   *values,
              const char *var)
{
  const char *value = NULL;

  if (values != NULL)
    g_variant_lookup (values, var, "&s", &value);
  return value;
}

static xmpp_stanza_t *
build_submission (RegOp *op)
{
  xmpp_stanza_t *query = cau_xmpp_child_new (op->ctx, "query", CAU_NS_REGISTER);
  g_autoptr(GVariantIter) iter = NULL;
  const char *instructions, *var, *type, *label, *value;
  gboolean is_data_form, required;
  GVariantIter *options;

  g_variant_get (op->form, "(&sba(sssbsas))", &instructions, &is_data_form, &iter);
  if (is_data_form)
    {
      xmpp_stanza_t *x = cau_xmpp_build_data_form_submit (op->ctx, op->form, op->values);

      xmpp_stanza_add_child (query, x);
      xmpp_stanza_release (x);
      return query;
    }

  while (g_variant_iter_next (iter, "(&s&s&sb&sas)", &var, &type, &label, &required, &value,
                              &options))
    {
      const char *given = lookup_value (op->values, var);

      g_variant_iter_free (options);
      if (*var != '\0' && !g_str_equal (type, "fixed"))
        cau_xmpp_add_text_child (query, var, given ? given : value);
    }
  return query;
}

static GError *
registration_error (xmpp_stanza_t *stanza)
{
  g_autofree char *text = NULL;
  g_autofree char *condition = cau_xmpp_stanza_error_condition (stanza, &text);
  const char *server_text = text && g_utf8_validate (text, -1, NULL) ? text : NULL;

  if (g_strcmp0 (condition, "conflict") == 0)
    return g_error_new_literal (CAU_XMPP_ERROR, CAU_XMPP_ERROR_REGISTRATION_CONFLICT,
                                _("This user name is already taken. Choose another one."));
  if (g_strcmp0 (condition, "not-allowed") == 0 || g_strcmp0 (condition, "forbidden") == 0)
    return g_error_new (CAU_XMPP_ERROR, CAU_XMPP_ERROR_REGISTRATION_NOT_ALLOWED,
                        _("The server does not allow creating this account: %s"),
                        server_text ? server_text : _("no reason given"));
  if (g_strcmp0 (condition, "not-acceptable") == 0 || g_strcmp0 (condition, "bad-request") == 0)
    return g_error_new (CAU_XMPP_ERROR, CAU_XMPP_ERROR_REGISTRATION_INVALID,
                        _("The server refused what was entered: %s"),
                        server_text ? server_text : _("a field is missing or not valid"));
  if (g_strcmp0 (condition, "service-unavailable") == 0 ||
      g_strcmp0 (condition, "feature-not-implemented") == 0)
    return g_error_new_literal (CAU_XMPP_ERROR, CAU_XMPP_ERROR_REGISTRATION_NOT_SUPPORTED,
                                _("This server does not let you create an account from an app. Check its website."));
  if (g_strcmp0 (condition, "resource-constraint") == 0 || g_strcmp0 (condition, "policy-violation") == 0)
    return g_error_new (CAU_XMPP_ERROR, CAU_XMPP_ERROR_REGISTRATION_NOT_ALLOWED,
                        _("The server refused for now: %s"),
                        server_text ? server_text : _("too many attempts, try again later"));
  return g_error_new (CAU_XMPP_ERROR, CAU_XMPP_ERROR_FAILED,
                      _("The server refused to create the account: %s"),
                      server_text ? server_text : (condition ? condition : _("no reason given")));
}

static int
submit_result_cb (xmpp_conn_t   *conn,
                  xmpp_stanza_t *stanza,
                  void          *userdata)
{
  RegOp *op = userdata;

  if (g_strcmp0 (xmpp_stanza_get_type (stanza), "result") == 0)
    {
      op->done = TRUE;
      xmpp_disconnect (conn);
    }
  else
    {
      op_fail (op, registration_error (stanza));
    }
  return 0;
}

static int
form_cb (xmpp_conn_t   *conn,
         xmpp_stanza_t *stanza,
         void          *userdata)
{
  RegOp *op = userdata;
  xmpp_stanza_t *query = xmpp_stanza_get_child_by_name_and_ns (stanza, "query", CAU_NS_REGISTER);
  xmpp_stanza_t *iq;
  g_autofree char *id = NULL;

  if (g_strcmp0 (xmpp_stanza_get_type (stanza), "result") != 0 || query == NULL)
    {
      op_fail (op, registration_error (stanza));
      return 0;
    }

  op->form = g_variant_ref_sink (parse_form (query));
  if (op->values == NULL)
    {
      op->done = TRUE;
      xmpp_disconnect (conn);
      return 0;
    }

  id = cau_xmpp_new_id ();
  iq = xmpp_iq_new (op->ctx, "set", id);
  {
    xmpp_stanza_t *submission = build_submission (op);

    xmpp_stanza_add_child (iq, submission);
    xmpp_stanza_release (submission);
  }
  xmpp_id_handler_add (conn, submit_result_cb, id, op);
  xmpp_send (conn, iq);
  xmpp_stanza_release (iq);
  return 0;
}

static GError *
tls_error (RegOp *op)
{
  return g_error_new (CAU_XMPP_ERROR, CAU_XMPP_ERROR_TLS,
                      _("A secure connection to “%s” could not be set up."), op->server.domain);
}

/* Starts TLS and a new stream on it; a refused certificate ends the
 * operation with the certificate kept for the person to decide. */
static void
start_tls_and_stream (RegOp       *op,
                      xmpp_conn_t *conn)
{
  op->tls_started = TRUE;
  if (xmpp_conn_tls_start (conn) != 0)
    {
      if (cau_xmpp_io_get_rejected_cert (op->io) == NULL)
        op_fail (op, tls_error (op));
      else
        xmpp_disconnect (conn);
      return;
    }
  xmpp_conn_open_stream_default (conn);
}

static int
proceed_cb (xmpp_conn_t   *conn,
            xmpp_stanza_t *stanza,
            void          *userdata)
{
  RegOp *op = userdata;

  if (g_strcmp0 (xmpp_stanza_get_name (stanza), "proceed") != 0)
    op_fail (op, tls_error (op));
  else
    start_tls_and_stream (op, conn);
  return 0;
}

static int
features_cb (xmpp_conn_t   *conn,
             xmpp_stanza_t *stanza,
             void          *userdata)
{
  RegOp *op = userdata;
  xmpp_stanza_t *child, *iq;
  g_autofree char *id = NULL;

  if (!xmpp_conn_is_secured (conn))
    {
      child = xmpp_stanza_get_child_by_name_and_ns (stanza, "starttls", NS_TLS);
      if (child == NULL)
        {
          op_fail (op, g_error_new (CAU_XMPP_ERROR, CAU_XMPP_ERROR_TLS,
                                    _("The server “%s” does not offer a secure connection."),
                                    op->server.domain));
          return 1;
        }
      child = cau_xmpp_child_new (op->ctx, "starttls", NS_TLS);
      xmpp_handler_add (conn, proceed_cb, NS_TLS, NULL, NULL, op);
      xmpp_send (conn, child);
      xmpp_stanza_release (child);
      return 1;
    }

  if (xmpp_stanza_get_child_by_name_and_ns (stanza, "register", NS_FEATURE_REGISTER) == NULL)
    {
      op_fail (op, g_error_new_literal (CAU_XMPP_ERROR, CAU_XMPP_ERROR_REGISTRATION_NOT_SUPPORTED,
                                        _("This server does not let you create an account from an app. Check its website.")));
      return 1;
    }

  id = cau_xmpp_new_id ();
  iq = xmpp_iq_new (op->ctx, "get", id);
  xmpp_stanza_set_to (iq, op->server.domain);
  child = cau_xmpp_child_new (op->ctx, "query", CAU_NS_REGISTER);
  xmpp_stanza_add_child (iq, child);
  xmpp_stanza_release (child);
  xmpp_id_handler_add (conn, form_cb, id, op);
  xmpp_send (conn, iq);
  xmpp_stanza_release (iq);
  return 1;
}

static int
stream_error_cb (xmpp_conn_t   *conn,
                 xmpp_stanza_t *stanza,
                 void          *userdata)
{
  RegOp *op = userdata;

  op_fail (op, g_error_new_literal (CAU_XMPP_ERROR, CAU_XMPP_ERROR_STREAM,
                                    _("The server reported an error and closed the connection.")));
  return 0;
}

static void
conn_cb (xmpp_conn_t         *conn,
         xmpp_conn_event_t    event,
         int                  error,
         xmpp_stream_error_t *stream_error,
         void                *userdata)
{
  RegOp *op = userdata;

  switch (event)
    {
    case XMPP_CONN_RAW_CONNECT:
      {
        CauXmppTarget *target = g_ptr_array_index (op->targets, op->target_index);

        if (target->direct_tls)
          start_tls_and_stream (op, conn);
        else
          xmpp_conn_open_stream_default (conn);
      }
      break;

    case XMPP_CONN_CONNECT:
      /* The stream header arrived: now its features. */
      xmpp_handler_add (conn, stream_error_cb, NS_STREAMS, "error", NULL, op);
      xmpp_handler_add (conn, features_cb, NS_STREAMS, "features", NULL, op);
      break;

    case XMPP_CONN_DISCONNECT:
    case XMPP_CONN_FAIL:
      g_debug ("registration: connection ended (%d)", error);
      cau_xmpp_io_unwatch (op->io);
      if (op->error == NULL && !op->done && !op->tls_started && !op->timed_out &&
          cau_xmpp_io_get_rejected_cert (op->io) == NULL &&
          op->target_index + 1 < op->targets->len)
        {
          op->target_index++;
          op_defer (op, op_try_target_cb);
          return;
        }
      if (op->error == NULL && !op->done && error == ECONNREFUSED)
        op->error = g_error_new (CAU_XMPP_ERROR, CAU_XMPP_ERROR_CONNECTION_REFUSED,
                                 _("The server “%s” refused the connection."), op->server.domain);
      cau_clear_source (&op->timeout);
      op_defer (op, op_finish_cb);
      break;

    default:
      break;
    }
}

static gboolean
op_timeout_cb (gpointer data)
{
  RegOp *op = data;

  g_clear_pointer (&op->timeout, g_source_unref);
  op->timed_out = TRUE;
  if (cau_xmpp_io_get_fd (op->io) >= 0)
    shutdown (cau_xmpp_io_get_fd (op->io), SHUT_RDWR);
  xmpp_disconnect (op->conn);
  cau_xmpp_io_run (op->io);
  cau_xmpp_io_update (op->io, op->conn);
  return G_SOURCE_REMOVE;
}

static void
op_try_target (RegOp *op)
{
  CauXmppTarget *target = g_ptr_array_index (op->targets, op->target_index);

  if (xmpp_connect_raw (op->conn, target->address, target->port, conn_cb, op) != XMPP_EOK)
    {
      op->error = g_error_new (CAU_XMPP_ERROR, CAU_XMPP_ERROR_CONNECTION_REFUSED,
                               _("The server “%s” refused the connection."), op->server.domain);
      op_defer (op, op_finish_cb);
      return;
    }
  cau_xmpp_io_update (op->io, op->conn);
}

static void
resolve_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  RegOp *op = user_data;
  g_autofree char *jid = NULL;

  op->targets = cau_xmpp_resolve_finish (result, &op->error);
  if (op->targets == NULL)
    {
      op_finish_cb (op);
      return;
    }

  op->log.handler = log_cb;
  op->ctx = xmpp_ctx_new (NULL, &op->log);
  op->io = cau_xmpp_io_new (cau_xmpp_engine_get_context (op->engine), op->ctx, after_io_cb, op);
  cau_xmpp_io_set_pins (op->io, op->server.pins);
  op->conn = xmpp_conn_new (op->ctx);
  cau_xmpp_io_install (op->io, op->conn);
  jid = g_strdup (op->server.domain);
  xmpp_conn_set_jid (op->conn, jid);
  xmpp_conn_set_flags (op->conn, XMPP_CONN_FLAG_MANDATORY_TLS);
  op->timeout = cau_xmpp_engine_timeout (op->engine,
                                         (op->server.timeout_s ? op->server.timeout_s : 20) * 1000,
                                         op_timeout_cb, op);
  op_try_target (op);
}

static gboolean
op_start_cb (gpointer data)
{
  RegOp *op = data;

  cau_xmpp_resolve_async (op->server.domain, op->server.host, op->server.port,
                          op->server.direct_tls, g_task_get_cancellable (op->task),
                          resolve_cb, op);
  return G_SOURCE_REMOVE;
}

static void
op_start (CauXmppEngine                   *engine,
          const CauXmppRegistrationServer *server,
          GVariant                        *values,
          GCancellable                    *cancellable,
          GAsyncReadyCallback              callback,
          gpointer                         user_data,
          gpointer                         source_tag)
{
  RegOp *op = g_new0 (RegOp, 1);

  op->engine = g_object_ref (engine);
  op->server.domain = g_strdup (server->domain);
  op->server.host = g_strdup (server->host);
  op->server.port = server->port;
  op->server.direct_tls = server->direct_tls;
  op->server.pins = g_strdupv (server->pins);
  op->server.timeout_s = server->timeout_s;
  op->values = values ? g_variant_ref_sink (values) : NULL;
  op->task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (op->task, source_tag);
  cau_xmpp_engine_invoke (engine, op_start_cb, op, NULL);
}

/**
 * cau_xmpp_registration_fetch_form_async:
 * @engine: the engine
 * @server: where to register
 * @cancellable: (nullable): a cancellable
 * @callback: called in the caller's context
 * @user_data: for @callback
 *
 * Asks the server which fields it needs to create an account.
 */
void
cau_xmpp_registration_fetch_form_async (CauXmppEngine                   *engine,
                                        const CauXmppRegistrationServer *server,
                                        GCancellable                    *cancellable,
                                        GAsyncReadyCallback              callback,
                                        gpointer                         user_data)
{
  g_return_if_fail (CAU_IS_XMPP_ENGINE (engine));
  g_return_if_fail (server != NULL && server->domain != NULL);

  op_start (engine, server, NULL, cancellable, callback, user_data,
            cau_xmpp_registration_fetch_form_async);
}

static RegResult *
finish_common (GAsyncResult     *result,
               CauXmppCertInfo **rejected_cert,
               GError          **error)
{
  GTask *task = G_TASK (result);
  RegResult *data;
  g_autoptr(GError) local = NULL;

  data = g_task_propagate_pointer (task, &local);
  if (rejected_cert != NULL)
    {
      RegResult *failed = g_task_get_task_data (task);

      *rejected_cert = failed ? cau_xmpp_cert_info_copy (failed->cert) : NULL;
    }
  if (local != NULL)
    g_propagate_error (error, g_steal_pointer (&local));
  return data;
}

/**
 * cau_xmpp_registration_fetch_form_finish:
 * @result: the result
 * @rejected_cert: (out) (optional) (nullable): the certificate, when it
 *   was not trusted
 * @error: what went wrong
 *
 * Returns: (transfer full) (nullable): a CAU_XMPP_FORM_TYPE variant
 */
GVariant *
cau_xmpp_registration_fetch_form_finish (GAsyncResult     *result,
                                         CauXmppCertInfo **rejected_cert,
                                         GError          **error)
{
  RegResult *data = finish_common (result, rejected_cert, error);
  GVariant *form;

  if (data == NULL)
    return NULL;
  form = g_steal_pointer (&data->form);
  reg_result_free (data);
  return form;
}

/**
 * cau_xmpp_registration_submit_async:
 * @engine: the engine
 * @server: where to register
 * @values: a{ss} of field values; hidden fields need not be given
 * @cancellable: (nullable): a cancellable
 * @callback: called in the caller's context
 * @user_data: for @callback
 *
 * Fetches the form afresh on a new stream and submits it there.
 */
void
cau_xmpp_registration_submit_async (CauXmppEngine                   *engine,
                                    const CauXmppRegistrationServer *server,
                                    GVariant                        *values,
                                    GCancellable                    *cancellable,
                                    GAsyncReadyCallback              callback,
                                    gpointer                         user_data)
{
  g_return_if_fail (CAU_IS_XMPP_ENGINE (engine));
  g_return_if_fail (server != NULL && server->domain != NULL);
  g_return_if_fail (values != NULL && g_variant_is_of_type (values, G_VARIANT_TYPE ("a{ss}")));

  op_start (engine, server, values, cancellable, callback, user_data,
            cau_xmpp_registration_submit_async);
}

gboolean
cau_xmpp_registration_submit_finish (GAsyncResult     *result,
                                     CauXmppCertInfo **rejected_cert,
                                     GError          **error)
{
  RegResult *data = finish_common (result, rejected_cert, error);

  if (data == NULL)
    return FALSE;
  reg_result_free (data);
  return TRUE;
}
