/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-test-prosody.h"
#include "cau-test-util.h"
#include "xmpp/cau-xmpp-engine.h"
#include "core/cau-account-manager.h"

#include <glib/gstdio.h>
#include <string.h>

/*
 * The model: accounts as the window and the command line use them,
 * against a real Prosody, with and without a keyring.
 */

#define WAIT_S 20

typedef struct {
  CauTestProsody *prosody;
  char           *data_dir;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->prosody = cau_test_prosody_start (NULL, &error);
  g_assert_no_error (error);
  g_assert_true (cau_test_prosody_register (fixture->prosody, "alice", "alice-pw", &error));
  fixture->data_dir = g_dir_make_tmp ("cau-accounts-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  cau_test_remove_tree (fixture->data_dir);
  g_free (fixture->data_dir);
  g_clear_pointer (&fixture->prosody, cau_test_prosody_free);
}

typedef struct {
  CauAccount      *account;
  CauAccountState  state;
} StateWait;

static gboolean
state_reached (gpointer data)
{
  StateWait *wait = data;

  return cau_account_get_state (wait->account) == wait->state;
}

static gboolean
wait_state (CauAccount      *account,
            CauAccountState  state)
{
  StateWait wait = { account, state };

  if (cau_test_wait_until (state_reached, &wait, WAIT_S))
    return TRUE;
  g_test_message ("state %d, waited for %d (%s)", cau_account_get_state (account), state,
                  cau_account_get_error_message (account));
  return FALSE;
}

static CauAccountParams *
alice_params (Fixture  *fixture,
              gboolean  pinned)
{
  CauAccountParams *params = cau_account_params_new ("alice@localhost");
  const char *pins[] = { cau_test_prosody_get_cert_sha256 (fixture->prosody), NULL };

  params->host = g_strdup ("127.0.0.1");
  params->port = cau_test_prosody_get_port (fixture->prosody);
  if (pinned)
    params->trusted_sha256 = g_strdupv ((char **) pins);
  return params;
}

static CauAccount *
add_account (CauAccountManager *manager,
             CauAccountParams  *params,
             const char        *password,
             GError           **error)
{
  GAsyncResult *result = NULL;
  CauAccount *account;

  cau_account_manager_add_account_async (manager, params, password, NULL, cau_test_store_result_cb, &result);
  account = cau_account_manager_add_account_finish (manager, cau_test_wait_result (&result), error);
  g_object_unref (result);
  return account;
}

static void
test_add_without_keyring (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CauAccountManager) manager = cau_account_manager_new (fixture->data_dir, FALSE, &error);
  g_autoptr(CauAccountParams) params = alice_params (fixture, TRUE);
  g_autoptr(CauAccount) added = NULL;
  CauAccount *account;

  g_assert_no_error (error);
  cau_account_manager_start (manager);
  added = add_account (manager, params, "alice-pw", &error);

  /* Not remembered, but usable for this session. */
  g_assert_null (added);
  g_assert_error (error, CAU_CORE_ERROR, CAU_CORE_ERROR_NO_KEYRING);
  account = cau_account_manager_find (manager, "alice@localhost");
  g_assert_nonnull (account);
  g_assert_cmpuint (g_list_model_get_n_items (cau_account_manager_get_accounts (manager)), ==, 1);
  g_assert_true (wait_state (account, CAU_ACCOUNT_STATE_ONLINE));
  g_assert_true (g_str_has_prefix (cau_account_get_bound_jid (account), "alice@localhost/"));
}

static void
test_restart_needs_password (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CauAccountParams) params = alice_params (fixture, TRUE);
  CauAccount *account;

  {
    g_autoptr(CauAccountManager) manager = cau_account_manager_new (fixture->data_dir, FALSE, &error);
    g_autoptr(CauAccount) added = add_account (manager, params, "alice-pw", NULL);
  }

  {
    g_autoptr(CauAccountManager) manager = cau_account_manager_new (fixture->data_dir, FALSE, &error);
    GAsyncResult *result = NULL;

    g_assert_no_error (error);
    account = cau_account_manager_find (manager, "alice@localhost");
    g_assert_nonnull (account);
    g_assert_cmpuint (cau_account_get_port (account), ==, cau_test_prosody_get_port (fixture->prosody));
    cau_account_manager_start (manager);
    g_assert_true (wait_state (account, CAU_ACCOUNT_STATE_NEEDS_PASSWORD));
    g_assert_nonnull (cau_account_get_error_message (account));

    /* Given for the session; the pinned certificate was stored with it. */
    cau_account_set_password_async (account, "alice-pw", FALSE, NULL, cau_test_store_result_cb, &result);
    g_assert_true (cau_account_set_password_finish (account, cau_test_wait_result (&result), &error));
    g_object_unref (result);
    g_assert_true (wait_state (account, CAU_ACCOUNT_STATE_ONLINE));
  }
}

static void
test_presence_and_enabled (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CauAccountManager) manager = cau_account_manager_new (fixture->data_dir, FALSE, &error);
  g_autoptr(CauAccountParams) params = alice_params (fixture, TRUE);
  g_autoptr(CauAccount) added = NULL;
  CauAccount *account;

  cau_account_manager_start (manager);
  added = add_account (manager, params, "alice-pw", NULL);
  account = cau_account_manager_find (manager, "alice@localhost");
  g_assert_true (wait_state (account, CAU_ACCOUNT_STATE_ONLINE));

  cau_account_set_presence (account, CAU_PRESENCE_AWAY, "lunch");
  g_assert_cmpint (cau_account_get_presence (account), ==, CAU_PRESENCE_AWAY);
  g_assert_cmpstr (cau_account_get_status_message (account), ==, "lunch");
  g_assert_true (wait_state (account, CAU_ACCOUNT_STATE_ONLINE));

  cau_account_set_presence (account, CAU_PRESENCE_OFFLINE, NULL);
  g_assert_true (wait_state (account, CAU_ACCOUNT_STATE_OFFLINE));
  cau_account_set_presence (account, CAU_PRESENCE_AVAILABLE, NULL);
  g_assert_true (wait_state (account, CAU_ACCOUNT_STATE_ONLINE));

  cau_account_set_enabled (account, FALSE);
  g_assert_true (wait_state (account, CAU_ACCOUNT_STATE_DISABLED));
  cau_account_set_enabled (account, TRUE);
  g_assert_true (wait_state (account, CAU_ACCOUNT_STATE_ONLINE));

  /* Everything but the password survives a restart. */
  g_clear_object (&manager);
  manager = cau_account_manager_new (fixture->data_dir, FALSE, &error);
  account = cau_account_manager_find (manager, "alice@localhost");
  g_assert_true (cau_account_get_enabled (account));
  g_assert_cmpint (cau_account_get_presence (account), ==, CAU_PRESENCE_AVAILABLE);
}

static gboolean
check_sign_in (CauAccountManager  *manager,
               CauAccountParams   *params,
               const char         *password,
               CauCertificate    **certificate,
               GError            **error)
{
  GAsyncResult *result = NULL;
  gboolean ok;

  cau_account_manager_check_sign_in_async (manager, params, password, NULL, cau_test_store_result_cb, &result);
  ok = cau_account_manager_check_sign_in_finish (manager, cau_test_wait_result (&result), certificate, error);
  g_object_unref (result);
  return ok;
}

static void
test_check_sign_in (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CauAccountManager) manager = cau_account_manager_new (fixture->data_dir, FALSE, &error);
  g_autoptr(CauAccountParams) params = alice_params (fixture, FALSE);
  g_autoptr(CauCertificate) certificate = NULL;
  g_autofree char *formatted = NULL;

  /* Untrusted certificate: shown, then pinned by the person. */
  g_assert_false (check_sign_in (manager, params, "alice-pw", &certificate, &error));
  g_assert_error (error, CAU_CORE_ERROR, CAU_CORE_ERROR_UNTRUSTED_CERTIFICATE);
  g_assert_nonnull (certificate);
  g_assert_cmpstr (cau_certificate_get_sha256 (certificate), ==,
                   cau_test_prosody_get_cert_sha256 (fixture->prosody));
  formatted = cau_certificate_format_sha256 (certificate);
  g_assert_cmpuint (strlen (formatted), ==, 64 + 31);
  g_assert_nonnull (cau_certificate_get_error (certificate));
  g_clear_error (&error);

  params->trusted_sha256 = g_new0 (char *, 2);
  params->trusted_sha256[0] = g_strdup (cau_certificate_get_sha256 (certificate));
  g_clear_object (&certificate);

  g_assert_false (check_sign_in (manager, params, "wrong", &certificate, &error));
  g_assert_null (certificate);
  g_assert_true (error->domain != CAU_CORE_ERROR);
  g_test_message ("%s", error->message);
  g_clear_error (&error);

  g_assert_true (check_sign_in (manager, params, "alice-pw", NULL, &error));
  g_assert_no_error (error);

  /* Nothing was stored by checking. */
  g_assert_cmpuint (g_list_model_get_n_items (cau_account_manager_get_accounts (manager)), ==, 0);
}

static void
test_invalid_and_duplicate (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CauAccountManager) manager = cau_account_manager_new (fixture->data_dir, FALSE, &error);
  g_autoptr(CauAccountParams) bad = cau_account_params_new ("not an address");
  g_autoptr(CauAccountParams) params = alice_params (fixture, TRUE);
  g_autoptr(CauAccount) account = NULL;

  account = add_account (manager, bad, "x", &error);
  g_assert_null (account);
  g_assert_error (error, CAU_CORE_ERROR, CAU_CORE_ERROR_INVALID_ADDRESS);
  g_clear_error (&error);

  account = add_account (manager, params, "alice-pw", NULL);
  account = add_account (manager, params, "alice-pw", &error);
  g_assert_null (account);
  g_assert_error (error, CAU_CORE_ERROR, CAU_CORE_ERROR_ACCOUNT_EXISTS);
}

static void
test_remove (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CauAccountManager) manager = cau_account_manager_new (fixture->data_dir, FALSE, &error);
  g_autoptr(CauAccountParams) params = alice_params (fixture, TRUE);
  g_autoptr(CauAccount) added = NULL;
  GAsyncResult *result = NULL;
  CauAccount *account;

  cau_account_manager_start (manager);
  added = add_account (manager, params, "alice-pw", NULL);
  account = cau_account_manager_find (manager, "alice@localhost");
  g_assert_true (wait_state (account, CAU_ACCOUNT_STATE_ONLINE));

  cau_account_manager_remove_account_async (manager, account, TRUE, NULL, cau_test_store_result_cb, &result);
  g_assert_true (cau_account_manager_remove_account_finish (manager, cau_test_wait_result (&result), &error));
  g_object_unref (result);
  g_assert_null (cau_account_manager_find (manager, "alice@localhost"));

  g_clear_object (&manager);
  manager = cau_account_manager_new (fixture->data_dir, FALSE, &error);
  g_assert_cmpuint (g_list_model_get_n_items (cau_account_manager_get_accounts (manager)), ==, 0);
}

static void
test_keyring (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CauAccountParams) params = alice_params (fixture, TRUE);
  CauAccount *account;

  if (g_getenv ("GNOME_KEYRING_CONTROL") == NULL)
    {
      g_test_skip ("No unlocked gnome-keyring in this session (scripts/test.sh starts one)");
      return;
    }

  {
    g_autoptr(CauAccountManager) manager = cau_account_manager_new (fixture->data_dir, TRUE, &error);
    g_autoptr(CauAccount) added = add_account (manager, params, "alice-pw", &error);

    g_assert_no_error (error);
    g_assert_nonnull (added);
  }

  {
    g_autoptr(CauAccountManager) manager = cau_account_manager_new (fixture->data_dir, TRUE, &error);
    GAsyncResult *result = NULL;

    account = cau_account_manager_find (manager, "alice@localhost");
    cau_account_manager_start (manager);
    /* The password comes back from the keyring. */
    g_assert_true (wait_state (account, CAU_ACCOUNT_STATE_ONLINE));
    g_assert_true (cau_account_manager_get_keyring_available (manager));

    cau_account_manager_remove_account_async (manager, account, TRUE, NULL, cau_test_store_result_cb, &result);
    g_assert_true (cau_account_manager_remove_account_finish (manager, cau_test_wait_result (&result), &error));
    g_object_unref (result);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  cau_xmpp_prepare_process ();

#define ADD(path, func) \
  g_test_add ("/cau/accounts/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("add-without-keyring", test_add_without_keyring);
  ADD ("restart-needs-password", test_restart_needs_password);
  ADD ("presence-and-enabled", test_presence_and_enabled);
  ADD ("check-sign-in", test_check_sign_in);
  ADD ("invalid-and-duplicate", test_invalid_and_duplicate);
  ADD ("remove", test_remove);
  ADD ("keyring", test_keyring);

#undef ADD

  return g_test_run ();
}
