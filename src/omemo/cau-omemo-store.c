/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */

/* One account's OMEMO device and keys (cau-omemo-store.h). */

#include "config.h"

#include "cau-omemo-crypto.h"
#include "cau-omemo-crypto-provider.h"
#include "cau-omemo-store-private.h"

#include <curve.h>
#include <key_helper.h>
#include <ratchet.h>
#include <session_pre_key.h>

/* A libomemo-c failure as our error; returns FALSE. */
gboolean
cau_omemo_signal_failed (GError     **error,
                         int          rc,
                         const char  *what)
{
  g_set_error (error, CAU_OMEMO_ERROR, CAU_OMEMO_ERROR_FAILED,
               "Could not %s (libomemo-c error %d)", what, rc);
  return FALSE;
}

/* libomemo-c's own messages: errors and warnings name what failed, never a key. */
static void
log_signal (int         level,
            const char *message,
            size_t      len,
            void       *user_data)
{
  if (level <= SG_LOG_WARNING)
    g_debug ("libomemo-c: %.*s", (int) len, message);
}

/* A copy of `buffer` (nullable), which is wiped and freed: it may hold a private key. */
GBytes *
cau_omemo_take_buffer (signal_buffer *buffer)
{
  GBytes *bytes;

  if (buffer == NULL)
    return NULL;
  bytes = g_bytes_new (signal_buffer_data (buffer), signal_buffer_len (buffer));
  signal_buffer_bzero_free (buffer);
  return bytes;
}

static gboolean
store_new_pre_keys (CauOmemoStore  *self,
                    guint           count,
                    GError        **error)
{
  guint32 id = 0;

  if (!cau_db_omemo_take_pre_key_ids (self->db, self->account_id, count, &id, error))
    return FALSE;

  for (guint i = 0; i < count; i++)
    {
      ec_key_pair *key_pair = NULL;
      session_pre_key *pre_key = NULL;
      signal_buffer *buffer = NULL;
      g_autoptr (GBytes) record = NULL;
      int rc;

      rc = curve_generate_key_pair (self->context, &key_pair);
      if (rc >= 0)
        rc = session_pre_key_create (&pre_key, id, key_pair);
      if (rc >= 0)
        rc = session_pre_key_serialize (&buffer, pre_key);
      SIGNAL_UNREF (key_pair);
      SIGNAL_UNREF (pre_key);
      if (rc < 0)
        return cau_omemo_signal_failed (error, rc, "generate a pre-key");

      record = cau_omemo_take_buffer (buffer);
      if (!cau_db_omemo_store_pre_key (self->db, self->account_id, id, record, error))
        return FALSE;

      /* The ids cau_db_omemo_take_pre_key_ids() reserved: 24-bit, wrapping to 1. */
      id = id % 0xFFFFFFu + 1;
    }
  return TRUE;
}

static gboolean
load_identity_key_pair (CauOmemoStore              *self,
                        ratchet_identity_key_pair **key_pair,
                        GError                    **error)
{
  ec_public_key *public_key = NULL;
  ec_private_key *private_key = NULL;
  gsize public_len = 0, private_len = 0;
  const guint8 *public_data = g_bytes_get_data (self->own->public_key, &public_len);
  const guint8 *private_data = g_bytes_get_data (self->own->private_key, &private_len);
  int rc;

  rc = curve_decode_point (&public_key, public_data, public_len, self->context);
  if (rc >= 0)
    rc = curve_decode_private_point (&private_key, private_data, private_len, self->context);
  if (rc >= 0)
    rc = ratchet_identity_key_pair_create (key_pair, public_key, private_key);
  SIGNAL_UNREF (public_key);
  SIGNAL_UNREF (private_key);
  if (rc < 0)
    return cau_omemo_signal_failed (error, rc, "read our identity key");
  return TRUE;
}

static gboolean
store_new_signed_pre_key (CauOmemoStore  *self,
                          guint32         id,
                          GError        **error)
{
  ratchet_identity_key_pair *identity = NULL;
  session_signed_pre_key *signed_pre_key = NULL;
  signal_buffer *buffer = NULL;
  g_autoptr (GBytes) record = NULL;
  int rc;

  if (!load_identity_key_pair (self, &identity, error))
    return FALSE;

  rc = signal_protocol_key_helper_generate_signed_pre_key (&signed_pre_key, identity, id,
                                                           g_get_real_time () / 1000,
                                                           self->context);
  if (rc >= 0)
    rc = session_signed_pre_key_serialize (&buffer, signed_pre_key);
  SIGNAL_UNREF (identity);
  SIGNAL_UNREF (signed_pre_key);
  if (rc < 0)
    return cau_omemo_signal_failed (error, rc, "generate a signed pre-key");

  record = cau_omemo_take_buffer (buffer);
  return cau_db_omemo_store_signed_pre_key (self->db, self->account_id, id, record, error);
}

/* A new device: identity key pair and id, then its first signed pre-key and pre-keys. */
static gboolean
create_own (CauOmemoStore  *self,
            GError        **error)
{
  ratchet_identity_key_pair *identity = NULL;
  signal_buffer *public_buffer = NULL;
  signal_buffer *private_buffer = NULL;
  g_autoptr (CauDbOmemoOwn) own = g_new0 (CauDbOmemoOwn, 1);
  uint32_t device_id = 0;
  int rc;

  rc = signal_protocol_key_helper_generate_identity_key_pair (&identity, self->context);
  if (rc >= 0)
    rc = signal_protocol_key_helper_generate_registration_id (&device_id, 1, self->context);
  if (rc >= 0)
    rc = ec_public_key_serialize (&public_buffer,
                                  ratchet_identity_key_pair_get_public (identity));
  if (rc >= 0)
    rc = ec_private_key_serialize (&private_buffer,
                                   ratchet_identity_key_pair_get_private (identity));
  SIGNAL_UNREF (identity);
  if (rc < 0)
    {
      signal_buffer_free (public_buffer);
      signal_buffer_bzero_free (private_buffer);
      return cau_omemo_signal_failed (error, rc, "generate an identity key");
    }

  own->device_id = device_id;
  own->public_key = cau_omemo_take_buffer (public_buffer);
  own->private_key = cau_omemo_take_buffer (private_buffer);
  own->next_pre_key_id = 1;
  if (!cau_db_omemo_create_own (self->db, self->account_id, own, error))
    return FALSE;

  self->own = g_steal_pointer (&own);
  return store_new_signed_pre_key (self, 1, error) &&
         store_new_pre_keys (self, CAU_OMEMO_PRE_KEY_COUNT, error);
}

static gboolean
load_or_create_own (CauOmemoStore  *self,
                    GError        **error)
{
  g_autoptr (GError) local_error = NULL;

  self->own = cau_db_omemo_get_own (self->db, self->account_id, &local_error);
  if (self->own != NULL)
    return TRUE;
  if (!g_error_matches (local_error, CAU_DB_ERROR, CAU_DB_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (!cau_db_savepoint_begin (self->db, error))
    return FALSE;
  if (create_own (self, error) && cau_db_savepoint_release (self->db, error))
    {
      g_debug ("OMEMO: created device %u", self->own->device_id);
      return TRUE;
    }
  cau_db_savepoint_rollback (self->db);
  g_clear_pointer (&self->own, cau_db_omemo_own_free);
  return FALSE;
}

static gboolean
create_contexts (CauOmemoStore  *self,
                 GError        **error)
{
  const CauDbOmemoVersion versions[] = { CAU_DB_OMEMO_LEGACY, CAU_DB_OMEMO_2 };
  int rc;

  rc = signal_context_create (&self->context, self);
  if (rc < 0)
    return cau_omemo_signal_failed (error, rc, "start libomemo-c");
  if (!cau_omemo_crypto_provider_install (self->context, error))
    return FALSE;
  signal_context_set_log_function (self->context, log_signal);

  for (guint i = 0; i < G_N_ELEMENTS (versions); i++)
    {
      self->protocols[i] = (CauOmemoProtocol) { self, versions[i] };
      rc = signal_protocol_store_context_create (&self->store_contexts[i], self->context);
      if (rc < 0)
        return cau_omemo_signal_failed (error, rc, "create a key store");
      if (!cau_omemo_store_install_callbacks (self, &self->protocols[i], self->store_contexts[i],
                                              error))
        return FALSE;
    }
  return TRUE;
}

/**
 * cau_omemo_store_open:
 * @db: the account's database, used on this thread only
 * @account_id: the account's row id
 * @error: return location for a #GError
 *
 * Opens the account's OMEMO keys, creating its device on first use (one transaction: a
 * failure leaves no half-made device).
 *
 * Returns: (transfer full) (nullable): the store; %NULL with @error set
 */
CauOmemoStore *
cau_omemo_store_open (CauDb   *db,
                      gint64   account_id,
                      GError **error)
{
  g_autoptr (CauOmemoStore) self = g_new0 (CauOmemoStore, 1);

  g_return_val_if_fail (CAU_IS_DB (db), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self->db = g_object_ref (db);
  self->account_id = account_id;
  if (!create_contexts (self, error) || !load_or_create_own (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

void
cau_omemo_store_free (CauOmemoStore *self)
{
  if (self == NULL)
    return;

  for (guint i = 0; i < G_N_ELEMENTS (self->store_contexts); i++)
    g_clear_pointer (&self->store_contexts[i], signal_protocol_store_context_destroy);
  g_clear_pointer (&self->context, signal_context_destroy);
  g_clear_pointer (&self->own, cau_db_omemo_own_free);
  g_clear_object (&self->db);
  g_free (self);
}

guint32
cau_omemo_store_get_device_id (CauOmemoStore *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->own->device_id;
}

signal_context *
cau_omemo_store_get_context (CauOmemoStore *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->context;
}

/**
 * cau_omemo_store_get_protocol:
 * @self: a #CauOmemoStore
 * @version: which protocol's sessions
 *
 * Returns: (transfer none): the libomemo-c store context keeping @version's sessions (the
 *   keys are shared by both)
 */
signal_protocol_store_context *
cau_omemo_store_get_protocol (CauOmemoStore     *self,
                              CauDbOmemoVersion  version)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (version == CAU_DB_OMEMO_LEGACY || version == CAU_DB_OMEMO_2, NULL);

  return self->store_contexts[version == CAU_DB_OMEMO_LEGACY ? 0 : 1];
}

/* The signed pre-key is replaced weekly (as Conversations and Dino do); the old ones stay a
 * month for key exchanges still on their way. */
#define SIGNED_PRE_KEY_LIFE_S  (7 * 24 * 3600)
#define SIGNED_PRE_KEY_KEEP_S  (30 * 24 * 3600)

static gboolean
rotate_signed_pre_key (CauOmemoStore  *self,
                       gint64          now_s,
                       gboolean       *changed,
                       GError        **error)
{
  g_autoptr (GPtrArray) keys = NULL;
  const CauDbOmemoKey *newest;

  keys = cau_db_omemo_list_signed_pre_keys (self->db, self->account_id, error);
  if (keys == NULL)
    return FALSE;
  if (keys->len == 0)
    {
      *changed = TRUE;
      return store_new_signed_pre_key (self, 1, error);
    }

  newest = g_ptr_array_index (keys, keys->len - 1);
  for (guint i = 0; i + 1 < keys->len; i++)
    {
      const CauDbOmemoKey *old = g_ptr_array_index (keys, i);

      if (old->created_at + SIGNED_PRE_KEY_KEEP_S <= now_s &&
          !cau_db_omemo_remove_signed_pre_key (self->db, self->account_id, old->id, error))
        return FALSE;
    }
  if (newest->created_at + SIGNED_PRE_KEY_LIFE_S > now_s)
    return TRUE;

  *changed = TRUE;
  return store_new_signed_pre_key (self, newest->id % 0xFFFFFFu + 1, error);
}

static gboolean
refill_pre_keys (CauOmemoStore  *self,
                 gint64          now_s,
                 gboolean       *changed,
                 GError        **error)
{
  g_autoptr (GPtrArray) unused = NULL;
  gint deleted;

  deleted = cau_db_omemo_delete_used_pre_keys (self->db, self->account_id, error);
  if (deleted < 0)
    return FALSE;
  unused = cau_db_omemo_list_pre_keys (self->db, self->account_id, error);
  if (unused == NULL)
    return FALSE;

  *changed = deleted > 0 || unused->len < CAU_OMEMO_PRE_KEY_COUNT;
  if (!rotate_signed_pre_key (self, now_s, changed, error))
    return FALSE;
  if (unused->len >= CAU_OMEMO_PRE_KEY_COUNT)
    return TRUE;
  return store_new_pre_keys (self, CAU_OMEMO_PRE_KEY_COUNT - unused->len, error);
}

/**
 * cau_omemo_store_refill_pre_keys_at:
 * @self: a #CauOmemoStore
 * @now_s: the time, Unix seconds
 * @changed: (out) (optional): whether the keys changed, so that the bundle must be published
 *   again
 * @error: return location for a #GError
 *
 * Deletes the pre-keys key exchanges used and generates new ones up to
 * %CAU_OMEMO_PRE_KEY_COUNT; replaces the signed pre-key once a week, and deletes those older
 * than a month. Call it when no key exchange can come again: after the catch-up.
 *
 * Returns: %TRUE on success (all of it or nothing)
 */
gboolean
cau_omemo_store_refill_pre_keys_at (CauOmemoStore  *self,
                                    gint64          now_s,
                                    gboolean       *changed,
                                    GError        **error)
{
  gboolean did_change = FALSE;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!cau_db_savepoint_begin (self->db, error))
    return FALSE;
  if (!refill_pre_keys (self, now_s, &did_change, error) ||
      !cau_db_savepoint_release (self->db, error))
    {
      cau_db_savepoint_rollback (self->db);
      return FALSE;
    }

  if (changed != NULL)
    *changed = did_change;
  return TRUE;
}

/**
 * cau_omemo_store_refill_pre_keys:
 * @self: a #CauOmemoStore
 * @changed: (out) (optional): whether the bundle must be published again
 * @error: return location for a #GError
 *
 * cau_omemo_store_refill_pre_keys_at() now.
 *
 * Returns: %TRUE on success
 */
gboolean
cau_omemo_store_refill_pre_keys (CauOmemoStore  *self,
                                 gboolean       *changed,
                                 GError        **error)
{
  return cau_omemo_store_refill_pre_keys_at (self, g_get_real_time () / G_USEC_PER_SEC, changed,
                                             error);
}
