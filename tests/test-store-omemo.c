/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */

/* OMEMO's tables through cau-db-omemo.h: own device, pre-keys, devices, sessions. */

#include "config.h"

#include "cau-test-util.h"

#include "store/cau-db-omemo.h"

#include <string.h>

#define ROMEO "romeo@example.net"

typedef struct {
  char   *dir;
  CauDb  *db;
  gint64  account;
} Fixture;

static GBytes *
bytes (const char *text)
{
  return g_bytes_new (text, strlen (text));
}

static void
assert_bytes (GBytes     *actual,
              const char *expected)
{
  g_assert_nonnull (actual);
  g_assert_cmpmem (g_bytes_get_data (actual, NULL), g_bytes_get_size (actual),
                   expected, strlen (expected));
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  CauDbAccount alice = { .jid = (char *) "alice@example.org", .enabled = TRUE };

  fixture->dir = g_dir_make_tmp ("cau-test-store-omemo-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->dir, "causerie.db", NULL);
  fixture->db = cau_db_open (path, &error);
  g_assert_no_error (error);
  fixture->account = cau_db_add_account (fixture->db, &alice, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_assert_finalize_object (fixture->db);
  cau_test_remove_tree (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
}

static void
create_own (Fixture *fixture,
            guint32  next_pre_key_id)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) public_key = bytes ("public");
  g_autoptr (GBytes) private_key = bytes ("private");
  CauDbOmemoOwn own = { .device_id = 2147483647, .public_key = public_key,
                        .private_key = private_key, .next_pre_key_id = next_pre_key_id };

  g_assert_true (cau_db_omemo_create_own (fixture->db, fixture->account, &own, &error));
  g_assert_no_error (error);
}

static void
test_own (Fixture       *fixture,
          gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CauDbOmemoOwn) own = NULL;
  g_autoptr (GBytes) public_key = bytes ("other");
  CauDbOmemoOwn second = { .device_id = 5, .public_key = public_key, .private_key = public_key };

  create_own (fixture, 0);
  own = cau_db_omemo_get_own (fixture->db, fixture->account, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (own->device_id, ==, 2147483647);
  assert_bytes (own->public_key, "public");
  assert_bytes (own->private_key, "private");
  g_assert_cmpuint (own->next_pre_key_id, ==, 1);

  /* One device per account; none for an account that does not exist. */
  g_assert_false (cau_db_omemo_create_own (fixture->db, fixture->account, &second, &error));
  g_assert_error (error, CAU_DB_ERROR, CAU_DB_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_false (cau_db_omemo_create_own (fixture->db, 999, &second, &error));
  g_assert_error (error, CAU_DB_ERROR, CAU_DB_ERROR_NOT_FOUND);
}

static void
test_pre_key_ids (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CauDbOmemoOwn) own = NULL;
  guint32 first = 0;

  g_assert_false (cau_db_omemo_take_pre_key_ids (fixture->db, fixture->account, 1, &first,
                                                 &error));
  g_assert_error (error, CAU_DB_ERROR, CAU_DB_ERROR_NOT_FOUND);
  g_clear_error (&error);

  create_own (fixture, 0);
  g_assert_true (cau_db_omemo_take_pre_key_ids (fixture->db, fixture->account, 100, &first,
                                                &error));
  g_assert_no_error (error);
  g_assert_cmpuint (first, ==, 1);
  g_assert_true (cau_db_omemo_take_pre_key_ids (fixture->db, fixture->account, 1, &first,
                                                &error));
  g_assert_cmpuint (first, ==, 101);
  own = cau_db_omemo_get_own (fixture->db, fixture->account, &error);
  g_assert_cmpuint (own->next_pre_key_id, ==, 102);
}

/* libsignal's ids are 24-bit: the counter wraps to 1, never giving 0. */
static void
test_pre_key_ids_wrap (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CauDbOmemoOwn) own = NULL;
  guint32 first = 0;

  create_own (fixture, 0xFFFFFE);
  g_assert_true (cau_db_omemo_take_pre_key_ids (fixture->db, fixture->account, 3, &first,
                                                &error));
  g_assert_no_error (error);
  g_assert_cmpuint (first, ==, 0xFFFFFE);
  own = cau_db_omemo_get_own (fixture->db, fixture->account, &error);
  g_assert_cmpuint (own->next_pre_key_id, ==, 2);
}

/* A used pre-key still decrypts the same key exchange again until the catch-up is over. */
static void
test_pre_keys (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) keys = NULL;
  g_autoptr (GBytes) record = NULL;

  for (guint32 id = 1; id <= 3; id++)
    {
      g_autofree char *text = g_strdup_printf ("pre-key %u", id);
      g_autoptr (GBytes) value = bytes (text);

      g_assert_true (cau_db_omemo_store_pre_key (fixture->db, fixture->account, id, value,
                                                 &error));
      g_assert_no_error (error);
    }

  record = cau_db_omemo_load_pre_key (fixture->db, fixture->account, 4, &error);
  g_assert_error (error, CAU_DB_ERROR, CAU_DB_ERROR_NOT_FOUND);
  g_assert_null (record);
  g_clear_error (&error);

  g_assert_true (cau_db_omemo_mark_pre_key_used (fixture->db, fixture->account, 2, &error));
  g_assert_true (cau_db_omemo_mark_pre_key_used (fixture->db, fixture->account, 2, &error));
  g_assert_true (cau_db_omemo_mark_pre_key_used (fixture->db, fixture->account, 9, &error));
  g_assert_no_error (error);

  record = cau_db_omemo_load_pre_key (fixture->db, fixture->account, 2, &error);
  g_assert_no_error (error);
  assert_bytes (record, "pre-key 2");
  keys = cau_db_omemo_list_pre_keys (fixture->db, fixture->account, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (keys->len, ==, 2);
  g_assert_cmpuint (((CauDbOmemoKey *) keys->pdata[0])->id, ==, 1);
  g_assert_cmpuint (((CauDbOmemoKey *) keys->pdata[1])->id, ==, 3);
  assert_bytes (((CauDbOmemoKey *) keys->pdata[1])->record, "pre-key 3");

  g_assert_cmpint (cau_db_omemo_delete_used_pre_keys (fixture->db, fixture->account, &error),
                   ==, 1);
  g_clear_pointer (&record, g_bytes_unref);
  record = cau_db_omemo_load_pre_key (fixture->db, fixture->account, 2, &error);
  g_assert_error (error, CAU_DB_ERROR, CAU_DB_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (cau_db_omemo_delete_used_pre_keys (fixture->db, fixture->account, &error),
                   ==, 0);
}

static void
test_signed_pre_keys (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) keys = NULL;
  g_autoptr (GBytes) first = bytes ("signed 1");
  g_autoptr (GBytes) second = bytes ("signed 2");
  g_autoptr (GBytes) record = NULL;

  g_assert_true (cau_db_omemo_store_signed_pre_key (fixture->db, fixture->account, 1, first,
                                                    &error));
  g_assert_true (cau_db_omemo_store_signed_pre_key (fixture->db, fixture->account, 2, second,
                                                    &error));
  g_assert_no_error (error);
  keys = cau_db_omemo_list_signed_pre_keys (fixture->db, fixture->account, &error);
  g_assert_cmpuint (keys->len, ==, 2);
  g_assert_cmpint (((CauDbOmemoKey *) keys->pdata[0])->created_at, >, 1700000000);

  g_assert_true (cau_db_omemo_remove_signed_pre_key (fixture->db, fixture->account, 1, &error));
  record = cau_db_omemo_load_signed_pre_key (fixture->db, fixture->account, 1, &error);
  g_assert_error (error, CAU_DB_ERROR, CAU_DB_ERROR_NOT_FOUND);
  g_clear_error (&error);
  record = cau_db_omemo_load_signed_pre_key (fixture->db, fixture->account, 2, &error);
  g_assert_no_error (error);
  assert_bytes (record, "signed 2");
}

static CauDbOmemoDevice *
get_device (Fixture *fixture,
            guint32  id)
{
  g_autoptr (GError) error = NULL;
  CauDbOmemoDevice *device;

  device = cau_db_omemo_get_device (fixture->db, fixture->account, ROMEO, id, &error);
  g_assert_no_error (error);
  return device;
}

static void
test_device_lists (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) added = NULL;
  g_autoptr (GPtrArray) devices = NULL;
  g_autoptr (CauDbOmemoDevice) device = NULL;
  const CauDbOmemoListed legacy[] = { { 10, NULL }, { 20, NULL }, { 10, NULL } };
  const CauDbOmemoListed omemo2[] = { { 20, "Phone" }, { 4294967295u, "Tablet" } };

  g_assert_true (cau_db_omemo_set_device_list (fixture->db, fixture->account, ROMEO,
                                               CAU_DB_OMEMO_LEGACY, legacy,
                                               G_N_ELEMENTS (legacy), &added, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (added->len, ==, 2);
  g_assert_cmpuint (g_array_index (added, guint32, 0), ==, 10);
  g_assert_cmpuint (g_array_index (added, guint32, 1), ==, 20);
  g_clear_pointer (&added, g_array_unref);

  g_assert_true (cau_db_omemo_set_trust (fixture->db, fixture->account, ROMEO, 10,
                                         CAU_DB_OMEMO_VERIFIED, &error));
  g_assert_no_error (error);

  /* The OMEMO 2 list only adds what is new to us, and leaves the legacy flags alone. */
  g_assert_true (cau_db_omemo_set_device_list (fixture->db, fixture->account, ROMEO,
                                               CAU_DB_OMEMO_2, omemo2, G_N_ELEMENTS (omemo2),
                                               &added, &error));
  g_assert_cmpuint (added->len, ==, 1);
  g_assert_cmpuint (g_array_index (added, guint32, 0), ==, 4294967295u);
  g_clear_pointer (&added, g_array_unref);
  device = get_device (fixture, 20);
  g_assert_true (device->in_legacy_list);
  g_assert_true (device->in_omemo2_list);
  g_assert_cmpstr (device->label, ==, "Phone");
  g_clear_pointer (&device, cau_db_omemo_device_free);

  /* An empty legacy list: device 10 is inactive but keeps its trust. */
  g_assert_true (cau_db_omemo_set_device_list (fixture->db, fixture->account, ROMEO,
                                               CAU_DB_OMEMO_LEGACY, NULL, 0, NULL, &error));
  device = get_device (fixture, 10);
  g_assert_false (device->in_legacy_list);
  g_assert_false (device->in_omemo2_list);
  g_assert_cmpint (device->trust, ==, CAU_DB_OMEMO_VERIFIED);
  g_assert_null (device->identity_key);
  g_clear_pointer (&device, cau_db_omemo_device_free);
  device = get_device (fixture, 20);
  g_assert_false (device->in_legacy_list);
  g_assert_true (device->in_omemo2_list);

  devices = cau_db_omemo_list_devices (fixture->db, fixture->account, ROMEO, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (devices->len, ==, 3);
  g_assert_cmpuint (((CauDbOmemoDevice *) devices->pdata[2])->device_id, ==, 4294967295u);
  g_clear_pointer (&devices, g_ptr_array_unref);
  devices = cau_db_omemo_list_devices (fixture->db, fixture->account, "juliet@example.net",
                                       &error);
  g_assert_cmpuint (devices->len, ==, 0);

  /* Nothing for unknown devices or accounts. */
  g_assert_false (cau_db_omemo_set_trust (fixture->db, fixture->account, ROMEO, 30,
                                          CAU_DB_OMEMO_TRUSTED, &error));
  g_assert_error (error, CAU_DB_ERROR, CAU_DB_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (cau_db_omemo_set_device_list (fixture->db, 999, ROMEO, CAU_DB_OMEMO_LEGACY,
                                                legacy, 1, NULL, &error));
  g_assert_error (error, CAU_DB_ERROR, CAU_DB_ERROR_NOT_FOUND);
}

static void
test_identity_keys (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) key = bytes ("identity of 30");
  g_autoptr (CauDbOmemoDevice) device = NULL;

  /* A device first met in a key exchange gets a row, in no list. */
  g_assert_true (cau_db_omemo_set_identity_key (fixture->db, fixture->account, ROMEO, 30, key,
                                                &error));
  g_assert_no_error (error);
  device = get_device (fixture, 30);
  assert_bytes (device->identity_key, "identity of 30");
  g_assert_false (device->in_legacy_list);
  g_assert_cmpint (device->trust, ==, CAU_DB_OMEMO_UNDECIDED);
  g_assert_cmpint (device->first_seen, ==, device->last_seen);
  g_clear_pointer (&device, cau_db_omemo_device_free);

  g_assert_true (cau_db_omemo_set_identity_key (fixture->db, fixture->account, ROMEO, 30, NULL,
                                                &error));
  device = get_device (fixture, 30);
  g_assert_null (device->identity_key);
}

static void
test_sessions (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) legacy = bytes ("legacy session");
  g_autoptr (GBytes) omemo2 = bytes ("omemo 2 session");
  g_autoptr (GBytes) newer = bytes ("newer legacy session");
  g_autoptr (GBytes) record = NULL;
  g_autoptr (GArray) ids = NULL;
  guint32 device = 20;

  g_assert_true (cau_db_omemo_store_session (fixture->db, fixture->account, ROMEO, 20,
                                             CAU_DB_OMEMO_LEGACY, legacy, &error));
  g_assert_true (cau_db_omemo_store_session (fixture->db, fixture->account, ROMEO, 20,
                                             CAU_DB_OMEMO_2, omemo2, &error));
  g_assert_true (cau_db_omemo_store_session (fixture->db, fixture->account, ROMEO, 10,
                                             CAU_DB_OMEMO_LEGACY, legacy, &error));
  g_assert_true (cau_db_omemo_store_session (fixture->db, fixture->account, ROMEO, 20,
                                             CAU_DB_OMEMO_LEGACY, newer, &error));
  g_assert_no_error (error);

  record = cau_db_omemo_load_session (fixture->db, fixture->account, ROMEO, 20,
                                      CAU_DB_OMEMO_LEGACY, &error);
  assert_bytes (record, "newer legacy session");
  g_clear_pointer (&record, g_bytes_unref);
  record = cau_db_omemo_load_session (fixture->db, fixture->account, ROMEO, 20, CAU_DB_OMEMO_2,
                                      &error);
  assert_bytes (record, "omemo 2 session");
  g_clear_pointer (&record, g_bytes_unref);
  record = cau_db_omemo_load_session (fixture->db, fixture->account, ROMEO, 10, CAU_DB_OMEMO_2,
                                      &error);
  g_assert_error (error, CAU_DB_ERROR, CAU_DB_ERROR_NOT_FOUND);
  g_clear_error (&error);

  ids = cau_db_omemo_list_session_devices (fixture->db, fixture->account, ROMEO,
                                           CAU_DB_OMEMO_LEGACY, &error);
  g_assert_cmpuint (ids->len, ==, 2);
  g_assert_cmpuint (g_array_index (ids, guint32, 0), ==, 10);
  g_clear_pointer (&ids, g_array_unref);

  g_assert_cmpint (cau_db_omemo_delete_sessions (fixture->db, fixture->account, ROMEO, &device,
                                                 CAU_DB_OMEMO_LEGACY, &error), ==, 1);
  g_assert_cmpint (cau_db_omemo_delete_sessions (fixture->db, fixture->account, ROMEO, &device,
                                                 CAU_DB_OMEMO_LEGACY, &error), ==, 0);
  g_assert_cmpint (cau_db_omemo_delete_sessions (fixture->db, fixture->account, ROMEO, NULL,
                                                 CAU_DB_OMEMO_LEGACY, &error), ==, 1);
  g_assert_no_error (error);
  ids = cau_db_omemo_list_session_devices (fixture->db, fixture->account, ROMEO, CAU_DB_OMEMO_2,
                                           &error);
  g_assert_cmpuint (ids->len, ==, 1);

  g_assert_false (cau_db_omemo_store_session (fixture->db, 999, ROMEO, 20, CAU_DB_OMEMO_2,
                                              omemo2, &error));
  g_assert_error (error, CAU_DB_ERROR, CAU_DB_ERROR_NOT_FOUND);
}

static void
add_test (const char *name,
          void      (*func) (Fixture *, gconstpointer))
{
  g_autofree char *path = g_strconcat ("/cau/store-omemo/", name, NULL);

  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  add_test ("own", test_own);
  add_test ("pre-key-ids", test_pre_key_ids);
  add_test ("pre-key-ids-wrap", test_pre_key_ids_wrap);
  add_test ("pre-keys", test_pre_keys);
  add_test ("signed-pre-keys", test_signed_pre_keys);
  add_test ("device-lists", test_device_lists);
  add_test ("identity-keys", test_identity_keys);
  add_test ("sessions", test_sessions);

  return g_test_run ();
}
