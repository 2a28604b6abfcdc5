/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-test-util.h"
#include "core/cau-account-manager.h"
#include "core/cau-core-private.h"
#include "core/cau-omemo-device-list.h"
#include "core/cau-omemo-fingerprint.h"
#include "core/cau-omemo-keys-private.h"
#include "store/cau-db-omemo.h"
#include "xmpp/cau-xmpp-omemo-types.h"

#include <string.h>

/*
 * OMEMO trust as the trust pages see it: fingerprints and verification links (hostile links
 * included), and the device list model over a real store, fed by the engine's own functions
 * (cau-omemo-keys.c) as device lists arrive.
 */

#define ALICE "alice@example.org"
#define BOB "bob@example.org"
#define WAIT_S 10

/* An identity key: 0x05 then 32 bytes from `seed`. */
static GBytes *
identity_key (guint8 seed)
{
  guint8 key[33];

  key[0] = 0x05;
  for (guint i = 1; i < sizeof key; i++)
    key[i] = (guint8) (seed + i - 1);
  return g_bytes_new (key, sizeof key);
}

static void
test_fingerprint_from_key (void)
{
  g_autoptr(GBytes) key = identity_key (0);
  g_autofree char *fingerprint = cau_omemo_fingerprint_from_key (key);
  guint8 wrong_type[33] = { 0x06 };
  g_autoptr(GBytes) wrong = g_bytes_new (wrong_type, sizeof wrong_type);
  g_autoptr(GBytes) short_key = g_bytes_new_from_bytes (key, 1, 32);
  g_autoptr(GBytes) empty = g_bytes_new (NULL, 0);

  g_assert_cmpstr (fingerprint, ==,
                   "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
  g_assert_null (cau_omemo_fingerprint_from_key (wrong));
  g_assert_null (cau_omemo_fingerprint_from_key (short_key));
  g_assert_null (cau_omemo_fingerprint_from_key (empty));
  g_assert_null (cau_omemo_fingerprint_from_key (NULL));
}

static void
test_fingerprint_format (void)
{
  g_autofree char *text = cau_omemo_fingerprint_format (
    "000102030405060708090A0B0C0D0E0F101112131415161718191a1b1c1d1e1f");

  g_assert_cmpstr (text, ==,
                   "00010203 04050607 08090a0b 0c0d0e0f 10111213 14151617 18191a1b 1c1d1e1f");
}

static void
test_fingerprint_normalize (void)
{
  const char *fingerprint = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
  const char *good[] = {
    "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
    "00010203 04050607 08090A0B 0C0D0E0F 10111213 14151617 18191A1B 1C1D1E1F",
    "00:01:02:03:04:05:06:07:08:09:0a:0b:0c:0d:0e:0f:10:11:12:13:14:15:16:17:18:19:1a:1b:1c:1d:1e:1f",
    "  00010203 04050607 08090a0b 0c0d0e0f\n10111213 14151617 18191a1b 1c1d1e1f\n",
  };
  const char *bad[] = {
    "",
    "0001020304050607",
    "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1",    /* 63 */
    "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f0",  /* 65 */
    "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1g",   /* not hex */
    "0x0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
    "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\xc3\xa9",
    "05 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autofree char *normal = cau_omemo_fingerprint_normalize (good[i]);

      g_assert_cmpstr (normal, ==, fingerprint);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *normal = cau_omemo_fingerprint_normalize (bad[i]);

      g_test_message ("refused: %s", bad[i]);
      g_assert_null (normal);
    }
}

static void
test_fingerprint_uri (void)
{
  CauOmemoFingerprint devices[] = {
    { 123, (char *) "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f" },
    { 2147483647, (char *) "ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100" },
  };
  g_autofree char *one = cau_omemo_fingerprint_uri (ALICE, devices, 1);
  g_autofree char *two = cau_omemo_fingerprint_uri (ALICE, devices, 2);
  g_autofree char *odd = cau_omemo_fingerprint_uri ("a#b?c;d@example.org", devices, 1);

  g_assert_cmpstr (one, ==, "xmpp:alice@example.org?omemo-sid-123="
                   "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
  g_assert_cmpstr (two, ==, "xmpp:alice@example.org?omemo-sid-123="
                   "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
                   ";omemo-sid-2147483647="
                   "ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100");
  /* What would end the address is escaped. */
  g_assert_true (g_str_has_prefix (odd, "xmpp:a%23b%3Fc%3Bd@example.org?omemo-sid-123="));
}

#define FP1 "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
#define FP2 "ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100"

static GArray *
parse (const char  *query,
       GError     **error)
{
  g_auto(GStrv) pairs = g_strsplit (query, ";", -1);

  return cau_omemo_fingerprints_from_query ((const char * const *) pairs, error);
}

static void
test_fingerprint_query (void)
{
  const char *bad[] = {
    "omemo-sid-123",                                   /* no value */
    "omemo-sid-123=",
    "omemo-sid-=" FP1,
    "omemo-sid-0=" FP1,                                /* ids are 1 … 2^31 − 1 */
    "omemo-sid-2147483648=" FP1,
    "omemo-sid-99999999999=" FP1,
    "omemo-sid--1=" FP1,
    "omemo-sid-+1=" FP1,
    "omemo-sid-12a=" FP1,
    "omemo-sid-1 =" FP1,
    "omemo-sid-1=05" FP1,                              /* with the key type: 66 digits */
    "omemo-sid-1=" "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1",
    "omemo-sid-1=" "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1z",
    "omemo-sid-1=00010203%2004050607%2008090a0b%200c0d0e0f%2010111213%2014151617%2018191a1b%201c1d1e1f",
    "omemo-sid-1=" FP1 "%00",
    "omemo-sid-1=%zz",
    "omemo-sid-1=" FP1 ";omemo-sid-1=" FP2,            /* one device, two keys */
  };
  g_autoptr(GString) many = g_string_new ("message");
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) one = NULL;
  g_autoptr(GArray) two = NULL;
  g_autoptr(GArray) none = NULL;
  g_autoptr(GArray) upper = NULL;
  g_autoptr(GArray) too_many = NULL;

  one = parse ("omemo-sid-123=" FP1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (one->len, ==, 1);
  g_assert_cmpuint (g_array_index (one, CauOmemoFingerprint, 0).device_id, ==, 123);
  g_assert_cmpstr (g_array_index (one, CauOmemoFingerprint, 0).fingerprint, ==, FP1);

  /* Other parameters are the caller's; a device named twice alike counts once. */
  two = parse ("message;body=hi;omemo-sid-1=" FP1 ";name=x;omemo-sid-2147483647=" FP2
               ";omemo-sid-1=" FP1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (two->len, ==, 2);
  g_assert_cmpuint (g_array_index (two, CauOmemoFingerprint, 1).device_id, ==, 2147483647);
  g_assert_cmpstr (g_array_index (two, CauOmemoFingerprint, 1).fingerprint, ==, FP2);

  none = parse ("roster;name=omemo-sid-1", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (none->len, ==, 0);

  upper = parse ("OMEMO-SID-7=000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F",
                 &error);
  g_assert_no_error (error);
  g_assert_cmpstr (g_array_index (upper, CauOmemoFingerprint, 0).fingerprint, ==, FP1);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GArray) result = parse (bad[i], &error);

      g_test_message ("refused: %s", bad[i]);
      g_assert_null (result);
      g_assert_error (error, CAU_CORE_ERROR, CAU_CORE_ERROR_INVALID_FINGERPRINT);
      g_clear_error (&error);
    }

  for (guint i = 1; i <= CAU_OMEMO_FINGERPRINTS_MAX + 1; i++)
    g_string_append_printf (many, ";omemo-sid-%u=" FP1, i);
  too_many = parse (many->str, &error);
  g_assert_null (too_many);
  g_assert_error (error, CAU_CORE_ERROR, CAU_CORE_ERROR_INVALID_FINGERPRINT);
}

/* The model. */

typedef struct {
  char              *dir;
  CauAccountManager *manager;
  CauAccount        *account;
  CauMessageArchive *archive;
  CauOmemoKeys      *keys;
} Fixture;

/* What the account does with the archive's batches (cau-account.c). */
static void
archive_changed_cb (CauStoreChanges *changes,
                    gpointer         user_data)
{
  g_signal_emit_by_name (user_data, "store-changed", changes);
  cau_store_changes_free (changes);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  CauDbAccount row = { .jid = (char *) ALICE, .enabled = FALSE };
  gint64 account_id;

  fixture->dir = g_dir_make_tmp ("cau-omemo-trust-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->dir, "causerie.db", NULL);
  {
    g_autoptr(CauDb) db = cau_db_open (path, &error);

    g_assert_no_error (error);
    account_id = cau_db_add_account (db, &row, &error);
    g_assert_no_error (error);
  }

  fixture->manager = cau_account_manager_new (fixture->dir, FALSE, &error);
  g_assert_no_error (error);
  fixture->account = cau_account_manager_find (fixture->manager, ALICE);
  g_assert_nonnull (fixture->account);
  g_assert_cmpint (cau_account_get_id (fixture->account), ==, account_id);

  /* The engine's side, on this thread. */
  fixture->archive = cau_message_archive_new (path, account_id, ALICE,
                                              g_main_context_default (), archive_changed_cb,
                                              fixture->account, NULL);
  fixture->keys = cau_omemo_keys_new (fixture->archive, account_id, ALICE);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  cau_omemo_keys_free (fixture->keys);
  cau_message_archive_free (fixture->archive);
  cau_test_spin (50);
  g_assert_finalize_object (fixture->manager);
  cau_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
}

/* A device list as it arrives from the network. */
static void
receive_list (Fixture       *fixture,
              const char    *jid,
              const guint32 *ids,
              guint          n_ids)
{
  g_autoptr(CauXmppOmemoDeviceList) list = cau_xmpp_omemo_device_list_new (CAU_XMPP_OMEMO_LEGACY);

  for (guint i = 0; i < n_ids; i++)
    cau_xmpp_omemo_device_list_add (list, ids[i], NULL, NULL);
  cau_omemo_keys_funcs.store_device_list (fixture->keys, jid, list);
}

typedef struct {
  GListModel *model;
  guint       n_items;
} Count;

static gboolean
has_n_items (gpointer data)
{
  Count *count = data;

  return g_list_model_get_n_items (count->model) == count->n_items;
}

static CauOmemoDevice *
item (GListModel *model,
      guint       position)
{
  g_autoptr(CauOmemoDevice) device = g_list_model_get_item (model, position);

  return device;   /* the model keeps it */
}

static CauDbOmemoTrust
stored_trust (Fixture    *fixture,
              const char *jid,
              guint32     device_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CauDbOmemoDevice) device =
    cau_db_omemo_get_device (cau_account_get_db (fixture->account),
                             cau_account_get_id (fixture->account), jid, device_id, &error);

  g_assert_no_error (error);
  return device->trust;
}

static gboolean
has_fingerprint (gpointer data)
{
  return cau_omemo_device_get_fingerprint (data) != NULL;
}

static void
test_contact_devices (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(CauOmemoDeviceList) list = cau_omemo_device_list_new (fixture->account, BOB);
  GListModel *model = G_LIST_MODEL (list);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) key = identity_key (0);
  CauOmemoFingerprint wrong = { 11, (char *) FP2 };
  CauOmemoFingerprint right = { 11, (char *) FP1 };
  CauOmemoFingerprint unknown_key = { 22, (char *) FP1 };
  CauOmemoFingerprint unknown_device = { 99, (char *) FP1 };
  CauOmemoDevice *device;

  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
  g_assert_false (cau_omemo_device_list_get_is_own (list));

  /* Bob's list arrives: blind trust, both published, no key known yet. */
  receive_list (fixture, BOB, (guint32[]) { 22, 11 }, 2);
  g_assert_true (cau_test_wait_until (has_n_items, &(Count) { model, 2 }, WAIT_S));
  device = item (model, 0);
  g_assert_cmpuint (cau_omemo_device_get_id (device), ==, 11);
  g_assert_cmpint (cau_omemo_device_get_trust (device), ==, CAU_OMEMO_TRUST_TRUSTED);
  g_assert_true (cau_omemo_device_get_active (device));
  g_assert_false (cau_omemo_device_get_this_device (device));
  g_assert_null (cau_omemo_device_get_fingerprint (device));

  /* A session tells its key (the engine's store callbacks write it). */
  g_assert_true (cau_db_omemo_set_identity_key (cau_account_get_db (fixture->account),
                                                cau_account_get_id (fixture->account), BOB, 11,
                                                key, &error));
  g_assert_no_error (error);
  cau_omemo_device_list_reload (list);
  g_assert_true (cau_test_wait_until (has_fingerprint, device, WAIT_S));
  g_assert_cmpstr (cau_omemo_device_get_fingerprint (device), ==, FP1);
  g_assert_cmpstr (cau_omemo_device_get_fingerprint_text (device), ==,
                   "00010203 04050607 08090a0b 0c0d0e0f 10111213 14151617 18191a1b 1c1d1e1f");

  /* Decisions are stored and shown. */
  g_assert_true (cau_omemo_device_list_set_trust (list, 11, CAU_OMEMO_TRUST_DISTRUSTED, &error));
  g_assert_no_error (error);
  g_assert_cmpint (stored_trust (fixture, BOB, 11), ==, CAU_DB_OMEMO_DISTRUSTED);
  g_assert_cmpint (cau_omemo_device_get_trust (device), ==, CAU_OMEMO_TRUST_DISTRUSTED);
  g_assert_false (cau_omemo_device_list_set_trust (list, 99, CAU_OMEMO_TRUST_TRUSTED, &error));
  g_assert_error (error, CAU_CORE_ERROR, CAU_CORE_ERROR_UNKNOWN_DEVICE);
  g_clear_error (&error);

  /* A link that does not match changes nothing, even for the devices that do. */
  g_assert_false (cau_omemo_device_list_verify (list, &wrong, 1, &error));
  g_assert_error (error, CAU_CORE_ERROR, CAU_CORE_ERROR_FINGERPRINT_MISMATCH);
  g_clear_error (&error);
  g_assert_false (cau_omemo_device_list_verify (list, (CauOmemoFingerprint[]) { right,
                                                                                unknown_key }, 2,
                                                &error));
  g_assert_error (error, CAU_CORE_ERROR, CAU_CORE_ERROR_FINGERPRINT_MISMATCH);
  g_clear_error (&error);
  g_assert_false (cau_omemo_device_list_verify (list, &unknown_device, 1, &error));
  g_assert_error (error, CAU_CORE_ERROR, CAU_CORE_ERROR_UNKNOWN_DEVICE);
  g_clear_error (&error);
  g_assert_cmpint (stored_trust (fixture, BOB, 11), ==, CAU_DB_OMEMO_DISTRUSTED);
  g_assert_null (cau_omemo_device_list_verify_fingerprint (list, "not a fingerprint", &error));
  g_assert_error (error, CAU_CORE_ERROR, CAU_CORE_ERROR_INVALID_FINGERPRINT);
  g_clear_error (&error);
  g_assert_null (cau_omemo_device_list_verify_fingerprint (list, FP2, &error));
  g_assert_error (error, CAU_CORE_ERROR, CAU_CORE_ERROR_FINGERPRINT_MISMATCH);
  g_clear_error (&error);

  /* The one that matches: verified (pasted as people copy it). */
  g_assert_true (cau_omemo_device_list_verify_fingerprint (
    list, "00010203 04050607 08090A0B 0C0D0E0F 10111213 14151617 18191A1B 1C1D1E1F", &error)
    == device);
  g_assert_no_error (error);
  g_assert_cmpint (stored_trust (fixture, BOB, 11), ==, CAU_DB_OMEMO_VERIFIED);
  g_assert_cmpint (cau_omemo_device_get_trust (device), ==, CAU_OMEMO_TRUST_VERIFIED);
  g_assert_true (cau_omemo_device_list_verify (list, &right, 1, &error));
  g_assert_no_error (error);

  /* Bob now has a verified device: a new one waits for Alice's decision; 22 left the list. */
  receive_list (fixture, BOB, (guint32[]) { 11, 33 }, 2);
  g_assert_true (cau_test_wait_until (has_n_items, &(Count) { model, 3 }, WAIT_S));
  g_assert_cmpuint (cau_omemo_device_get_id (item (model, 0)), ==, 11);
  g_assert_cmpuint (cau_omemo_device_get_id (item (model, 1)), ==, 33);
  g_assert_cmpint (cau_omemo_device_get_trust (item (model, 1)), ==, CAU_OMEMO_TRUST_UNDECIDED);
  g_assert_cmpint (stored_trust (fixture, BOB, 33), ==, CAU_DB_OMEMO_UNDECIDED);
  g_assert_cmpuint (cau_omemo_device_get_id (item (model, 2)), ==, 22);
  g_assert_false (cau_omemo_device_get_active (item (model, 2)));
  g_assert_cmpint (cau_omemo_device_get_trust (item (model, 2)), ==, CAU_OMEMO_TRUST_TRUSTED);

  /* The owner decides. */
  g_assert_true (cau_omemo_device_list_set_trust (list, 33, CAU_OMEMO_TRUST_TRUSTED, &error));
  g_assert_no_error (error);
  g_assert_cmpint (cau_omemo_device_get_trust (item (model, 1)), ==, CAU_OMEMO_TRUST_TRUSTED);

  g_clear_object (&list);
}

static gboolean
has_this_device (gpointer data)
{
  return cau_omemo_device_list_get_this_device (data) != NULL;
}

static void
test_own_devices (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(CauOmemoDeviceList) list = cau_omemo_device_list_new (fixture->account, ALICE);
  g_autoptr(CauOmemoDeviceList) other_list = NULL;
  GListModel *model = G_LIST_MODEL (list);
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *expected = NULL;
  CauOmemoDevice *this_device;
  guint32 own_id;

  g_assert_true (cau_omemo_device_list_get_is_own (list));
  /* No keys before the engine first used them. */
  g_assert_null (cau_omemo_device_list_get_this_device (list));
  g_assert_null (cau_omemo_device_list_dup_verification_uri (list));

  /* The engine makes our keys when it first needs them, then our list arrives. */
  own_id = cau_omemo_keys_funcs.get_device_id (fixture->keys);
  g_assert_cmpuint (own_id, !=, 0);
  receive_list (fixture, ALICE, (guint32[]) { 44, own_id }, 2);
  g_assert_true (cau_test_wait_until (has_this_device, list, WAIT_S));
  g_assert_true (cau_test_wait_until (has_n_items, &(Count) { model, 2 }, WAIT_S));
  this_device = cau_omemo_device_list_get_this_device (list);
  g_assert_true (item (model, 0) == this_device);
  g_assert_true (cau_omemo_device_get_this_device (this_device));
  g_assert_nonnull (cau_omemo_device_get_fingerprint (this_device));
  g_assert_cmpuint (strlen (cau_omemo_device_get_fingerprint (this_device)), ==, 64);

  /* The link has this device only: the other one is not verified. */
  uri = cau_omemo_device_list_dup_verification_uri (list);
  expected = g_strdup_printf ("xmpp:" ALICE "?omemo-sid-%u=%s", own_id,
                              cau_omemo_device_get_fingerprint (this_device));
  g_assert_cmpstr (uri, ==, expected);

  /* This device is not ours to decide about or remove; others need the account online. */
  g_assert_false (cau_omemo_device_list_set_trust (list, own_id, CAU_OMEMO_TRUST_DISTRUSTED,
                                                   &error));
  g_assert_error (error, CAU_CORE_ERROR, CAU_CORE_ERROR_UNKNOWN_DEVICE);
  g_clear_error (&error);
  g_assert_false (cau_omemo_device_list_remove (list, own_id, &error));
  g_assert_error (error, CAU_CORE_ERROR, CAU_CORE_ERROR_UNKNOWN_DEVICE);
  g_clear_error (&error);
  g_assert_false (cau_omemo_device_list_remove (list, 44, &error));
  g_assert_error (error, CAU_CORE_ERROR, CAU_CORE_ERROR_OFFLINE);
  g_clear_error (&error);

  /* A decision made through one list shows in another of the same address. */
  other_list = cau_omemo_device_list_new (fixture->account, ALICE);
  g_assert_true (cau_omemo_device_list_set_trust (list, 44, CAU_OMEMO_TRUST_DISTRUSTED, &error));
  g_assert_no_error (error);
  g_assert_cmpint (cau_omemo_device_get_trust (cau_omemo_device_list_find (other_list, 44)), ==,
                   CAU_OMEMO_TRUST_DISTRUSTED);

  g_clear_object (&other_list);
  g_clear_object (&list);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cau/omemo-trust/fingerprint/from-key", test_fingerprint_from_key);
  g_test_add_func ("/cau/omemo-trust/fingerprint/format", test_fingerprint_format);
  g_test_add_func ("/cau/omemo-trust/fingerprint/normalize", test_fingerprint_normalize);
  g_test_add_func ("/cau/omemo-trust/fingerprint/uri", test_fingerprint_uri);
  g_test_add_func ("/cau/omemo-trust/fingerprint/query", test_fingerprint_query);
  g_test_add ("/cau/omemo-trust/model/contact", Fixture, NULL, fixture_set_up,
              test_contact_devices, fixture_tear_down);
  g_test_add ("/cau/omemo-trust/model/own", Fixture, NULL, fixture_set_up,
              test_own_devices, fixture_tear_down);
  return g_test_run ();
}
