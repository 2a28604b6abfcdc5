/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-test-prosody.h"
#include "cau-test-util.h"
#include "xmpp/cau-xmpp-engine.h"
#include "xmpp/cau-xmpp-client.h"
#include "xmpp/cau-xmpp-registration.h"

/* In-band registration (XEP-0077) against a real Prosody. */

typedef struct {
  CauTestProsody *prosody;
  CauXmppEngine  *engine;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  CauTestProsodyOptions options = { .allow_registration = GPOINTER_TO_INT (data) != 0 };
  g_autoptr(GError) error = NULL;

  fixture->prosody = cau_test_prosody_start (&options, &error);
  g_assert_no_error (error);
  fixture->engine = cau_xmpp_engine_new ();
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_clear_object (&fixture->engine);
  g_clear_pointer (&fixture->prosody, cau_test_prosody_free);
}

static void
server_for (Fixture                   *fixture,
            CauXmppRegistrationServer *server,
            gboolean                   pinned)
{
  static char *pins[2];

  pins[0] = (char *) cau_test_prosody_get_cert_sha256 (fixture->prosody);
  server->domain = (char *) cau_test_prosody_get_domain (fixture->prosody);
  server->host = (char *) "127.0.0.1";
  server->port = cau_test_prosody_get_port (fixture->prosody);
  server->direct_tls = FALSE;
  server->pins = pinned ? pins : NULL;
  server->timeout_s = 10;
}

static GVariant *
fetch_form (Fixture          *fixture,
            gboolean          pinned,
            CauXmppCertInfo **cert,
            GError          **error)
{
  CauXmppRegistrationServer server;
  GAsyncResult *result = NULL;
  GVariant *form;

  server_for (fixture, &server, pinned);
  cau_xmpp_registration_fetch_form_async (fixture->engine, &server, NULL, cau_test_store_result_cb, &result);
  form = cau_xmpp_registration_fetch_form_finish (cau_test_wait_result (&result), cert, error);
  g_object_unref (result);
  return form;
}

static gboolean
submit (Fixture     *fixture,
        const char  *user,
        const char  *password,
        GError     **error)
{
  CauXmppRegistrationServer server;
  GAsyncResult *result = NULL;
  GVariantBuilder values;
  gboolean ok;

  server_for (fixture, &server, TRUE);
  g_variant_builder_init (&values, G_VARIANT_TYPE ("a{ss}"));
  g_variant_builder_add (&values, "{ss}", "username", user);
  g_variant_builder_add (&values, "{ss}", "password", password);
  cau_xmpp_registration_submit_async (fixture->engine, &server, g_variant_builder_end (&values),
                                      NULL, cau_test_store_result_cb, &result);
  ok = cau_xmpp_registration_submit_finish (cau_test_wait_result (&result), NULL, error);
  g_object_unref (result);
  return ok;
}

static void
online_cb (CauXmppClient *client,
           gboolean       resumed,
           gboolean      *online)
{
  *online = TRUE;
}

static void
test_form (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) form = fetch_form (fixture, TRUE, NULL, &error);
  g_autoptr(GVariantIter) fields = NULL;
  const char *instructions, *var, *type, *label, *value;
  gboolean is_data_form, required, has_user = FALSE, has_password = FALSE;
  GVariantIter *options;

  g_assert_no_error (error);
  g_assert_nonnull (form);
  g_assert_true (g_variant_is_of_type (form, CAU_XMPP_FORM_TYPE));
  g_variant_get (form, "(&sba(sssbsas))", &instructions, &is_data_form, &fields);
  while (g_variant_iter_next (fields, "(&s&s&sb&sas)", &var, &type, &label, &required, &value, &options))
    {
      g_test_message ("field %s (%s) “%s”", var, type, label);
      if (g_str_equal (var, "username"))
        has_user = TRUE;
      if (g_str_equal (var, "password"))
        {
          has_password = TRUE;
          g_assert_cmpstr (type, ==, "text-private");
        }
      g_variant_iter_free (options);
    }
  g_assert_true (has_user);
  g_assert_true (has_password);
}

static void
test_register_and_sign_in (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CauXmppClient) client = NULL;
  const char *pins[] = { cau_test_prosody_get_cert_sha256 (fixture->prosody), NULL };
  gboolean online = FALSE;

  g_assert_true (submit (fixture, "carol", "carol-secret", &error));
  g_assert_no_error (error);

  client = cau_xmpp_client_new (fixture->engine, "carol@localhost");
  cau_xmpp_client_set_password (client, "carol-secret");
  cau_xmpp_client_set_server (client, "127.0.0.1", cau_test_prosody_get_port (fixture->prosody), FALSE);
  cau_xmpp_client_set_pinned_certificates (client, pins);
  g_signal_connect (client, "online", G_CALLBACK (online_cb), &online);
  cau_xmpp_client_connect (client);
  while (!online)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handlers_disconnect_by_data (client, &online);
}

static void
test_conflict (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (cau_test_prosody_register (fixture->prosody, "dave", "x", &error));
  g_assert_false (submit (fixture, "dave", "other", &error));
  g_test_message ("%s", error->message);
  g_assert_error (error, CAU_XMPP_ERROR, CAU_XMPP_ERROR_REGISTRATION_CONFLICT);
}

static void
test_untrusted_certificate (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CauXmppCertInfo) cert = NULL;
  g_autoptr(GVariant) form = fetch_form (fixture, FALSE, &cert, &error);

  g_assert_null (form);
  g_assert_error (error, CAU_XMPP_ERROR, CAU_XMPP_ERROR_CERTIFICATE);
  g_assert_nonnull (cert);
  g_assert_cmpstr (cert->sha256, ==, cau_test_prosody_get_cert_sha256 (fixture->prosody));
}

static void
test_not_allowed (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) form = fetch_form (fixture, TRUE, NULL, &error);

  g_assert_null (form);
  g_test_message ("%s", error->message);
  g_assert_error (error, CAU_XMPP_ERROR, CAU_XMPP_ERROR_REGISTRATION_NOT_SUPPORTED);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  cau_xmpp_prepare_process ();

  g_test_add ("/cau/registration/form", Fixture, GINT_TO_POINTER (1),
              fixture_setup, test_form, fixture_teardown);
  g_test_add ("/cau/registration/register-and-sign-in", Fixture, GINT_TO_POINTER (1),
              fixture_setup, test_register_and_sign_in, fixture_teardown);
  g_test_add ("/cau/registration/conflict", Fixture, GINT_TO_POINTER (1),
              fixture_setup, test_conflict, fixture_teardown);
  g_test_add ("/cau/registration/untrusted-certificate", Fixture, GINT_TO_POINTER (1),
              fixture_setup, test_untrusted_certificate, fixture_teardown);
  g_test_add ("/cau/registration/not-allowed", Fixture, GINT_TO_POINTER (0),
              fixture_setup, test_not_allowed, fixture_teardown);

  return g_test_run ();
}
