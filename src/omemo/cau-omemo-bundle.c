/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */

/* Our bundle, and sessions built from others' (cau-omemo-bundle.h). */

#include "config.h"

#include "cau-omemo-bundle.h"
#include "cau-omemo-crypto.h"
#include "cau-omemo-store-private.h"

#include <curve.h>
#include <session_builder.h>
#include <session_pre_key.h>
#include <string.h>

#define DJB_TYPE      0x05
#define X25519_SIZE   32

CauOmemoBundle *
cau_omemo_bundle_new (CauDbOmemoVersion version,
                      guint32           device_id)
{
  CauOmemoBundle *bundle = g_new0 (CauOmemoBundle, 1);

  bundle->version = version;
  bundle->device_id = device_id;
  bundle->pre_keys = g_array_new (FALSE, TRUE, sizeof (CauOmemoPreKey));
  return bundle;
}

void
cau_omemo_bundle_free (CauOmemoBundle *bundle)
{
  if (bundle == NULL)
    return;

  for (guint i = 0; i < bundle->pre_keys->len; i++)
    g_bytes_unref (g_array_index (bundle->pre_keys, CauOmemoPreKey, i).public_key);
  g_array_unref (bundle->pre_keys);
  g_clear_pointer (&bundle->identity_key, g_bytes_unref);
  g_clear_pointer (&bundle->signed_pre_key, g_bytes_unref);
  g_clear_pointer (&bundle->signed_pre_key_signature, g_bytes_unref);
  g_free (bundle);
}

void
cau_omemo_bundle_add_pre_key (CauOmemoBundle *bundle,
                              guint32         id,
                              GBytes         *public_key)
{
  CauOmemoPreKey pre_key = { id, g_bytes_ref (public_key) };

  g_array_append_val (bundle->pre_keys, pre_key);
}

/* A public key in the form a version's bundle carries it (see the table in the header). */
static GBytes *
export_key (const ec_public_key *key,
            CauDbOmemoVersion    version)
{
  signal_buffer *buffer = NULL;

  if (version == CAU_DB_OMEMO_LEGACY)
    ec_public_key_serialize (&buffer, key);
  else
    ec_public_key_serialize_omemo (&buffer, key);
  return cau_omemo_take_buffer (buffer);
}

static gboolean
export_identity (CauOmemoStore   *self,
                 CauOmemoBundle  *bundle,
                 GError         **error)
{
  ec_public_key *identity = NULL;
  gsize size = 0;
  const guint8 *data = g_bytes_get_data (self->own->public_key, &size);
  int rc;

  rc = curve_decode_point (&identity, data, size, self->context);
  if (rc < 0)
    return cau_omemo_signal_failed (error, rc, "read our identity key");

  if (bundle->version == CAU_DB_OMEMO_LEGACY)
    bundle->identity_key = export_key (identity, bundle->version);
  else
    bundle->identity_key = cau_omemo_take_buffer (ec_public_key_get_ed (identity));
  SIGNAL_UNREF (identity);
  return bundle->identity_key != NULL ||
         cau_omemo_signal_failed (error, SG_ERR_NOMEM, "export our identity");
}

static gboolean
export_signed_pre_key (CauOmemoStore   *self,
                       CauOmemoBundle  *bundle,
                       GError         **error)
{
  g_autoptr (GPtrArray) keys = NULL;
  session_signed_pre_key *signed_pre_key = NULL;
  const CauDbOmemoKey *newest;
  const ec_public_key *public_key;
  gsize size = 0;
  const guint8 *data;
  int rc;

  keys = cau_db_omemo_list_signed_pre_keys (self->db, self->account_id, error);
  if (keys == NULL)
    return FALSE;
  if (keys->len == 0)
    return cau_omemo_signal_failed (error, SG_ERR_INVALID_KEY_ID, "find our signed pre-key");

  newest = g_ptr_array_index (keys, keys->len - 1);
  data = g_bytes_get_data (newest->record, &size);
  rc = session_signed_pre_key_deserialize (&signed_pre_key, data, size, self->context);
  if (rc < 0)
    return cau_omemo_signal_failed (error, rc, "read our signed pre-key");

  public_key = ec_key_pair_get_public (session_signed_pre_key_get_key_pair (signed_pre_key));
  bundle->signed_pre_key_id = newest->id;
  bundle->signed_pre_key = export_key (public_key, bundle->version);
  if (bundle->version == CAU_DB_OMEMO_LEGACY)
    bundle->signed_pre_key_signature =
      g_bytes_new (session_signed_pre_key_get_signature (signed_pre_key),
                   session_signed_pre_key_get_signature_len (signed_pre_key));
  else
    bundle->signed_pre_key_signature =
      g_bytes_new (session_signed_pre_key_get_signature_omemo (signed_pre_key),
                   session_signed_pre_key_get_signature_omemo_len (signed_pre_key));
  SIGNAL_UNREF (signed_pre_key);

  if (bundle->signed_pre_key == NULL ||
      g_bytes_get_size (bundle->signed_pre_key_signature) != CAU_OMEMO_SIGNATURE_SIZE)
    return cau_omemo_signal_failed (error, SG_ERR_INVALID_KEY, "export our signed pre-key");
  return TRUE;
}

static gboolean
export_pre_keys (CauOmemoStore   *self,
                 CauOmemoBundle  *bundle,
                 GError         **error)
{
  g_autoptr (GPtrArray) keys = NULL;

  keys = cau_db_omemo_list_pre_keys (self->db, self->account_id, error);
  if (keys == NULL)
    return FALSE;

  for (guint i = 0; i < keys->len; i++)
    {
      const CauDbOmemoKey *key = g_ptr_array_index (keys, i);
      session_pre_key *pre_key = NULL;
      g_autoptr (GBytes) public_key = NULL;
      gsize size = 0;
      const guint8 *data = g_bytes_get_data (key->record, &size);
      int rc;

      rc = session_pre_key_deserialize (&pre_key, data, size, self->context);
      if (rc < 0)
        return cau_omemo_signal_failed (error, rc, "read a pre-key");
      public_key = export_key (ec_key_pair_get_public (session_pre_key_get_key_pair (pre_key)),
                               bundle->version);
      SIGNAL_UNREF (pre_key);
      if (public_key == NULL)
        return cau_omemo_signal_failed (error, SG_ERR_NOMEM, "export a pre-key");
      cau_omemo_bundle_add_pre_key (bundle, key->id, public_key);
    }
  return TRUE;
}

/**
 * cau_omemo_store_get_bundle:
 * @self: a #CauOmemoStore
 * @version: which protocol's forms
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): our device's bundle to publish: the newest signed
 *   pre-key and every unused pre-key; %NULL with @error set
 */
CauOmemoBundle *
cau_omemo_store_get_bundle (CauOmemoStore      *self,
                            CauDbOmemoVersion   version,
                            GError            **error)
{
  g_autoptr (CauOmemoBundle) bundle = NULL;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (version == CAU_DB_OMEMO_LEGACY || version == CAU_DB_OMEMO_2, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  bundle = cau_omemo_bundle_new (version, self->own->device_id);
  if (!export_identity (self, bundle, error) ||
      !export_signed_pre_key (self, bundle, error) ||
      !export_pre_keys (self, bundle, error))
    return NULL;
  return g_steal_pointer (&bundle);
}

static gboolean
invalid (GError     **error,
         const char  *what)
{
  g_set_error (error, CAU_OMEMO_ERROR, CAU_OMEMO_ERROR_INVALID_INPUT,
               "The bundle's %s is not a key of its protocol", what);
  return FALSE;
}

/* Reads a key a stranger published: only the size and form its protocol uses. */
static gboolean
import_key (const CauOmemoBundle  *bundle,
            GBytes                *bytes,
            gboolean               identity,
            signal_context        *context,
            ec_public_key        **key,
            const char            *what,
            GError               **error)
{
  gsize size = 0;
  const guint8 *data = bytes != NULL ? g_bytes_get_data (bytes, &size) : NULL;
  int rc;

  if (bundle->version == CAU_DB_OMEMO_LEGACY)
    {
      if (size != X25519_SIZE + 1 || data[0] != DJB_TYPE)
        return invalid (error, what);
      rc = curve_decode_point_mont (key, data, size, context);
    }
  else
    {
      if (size != X25519_SIZE)
        return invalid (error, what);
      rc = identity ? curve_decode_point_ed (key, data, size, context)
                    : curve_decode_point_mont (key, data, size, context);
    }
  return rc >= 0 || invalid (error, what);
}

static gboolean
process_bundle (CauOmemoStore         *self,
                const char            *jid,
                const CauOmemoBundle  *bundle,
                session_pre_key_bundle *keys,
                GError               **error)
{
  signal_protocol_address address = { jid, strlen (jid), (int32_t) bundle->device_id };
  session_builder *builder = NULL;
  int rc;

  rc = session_builder_create (&builder, cau_omemo_store_get_protocol (self, bundle->version),
                               &address, self->context);
  if (rc < 0)
    return cau_omemo_signal_failed (error, rc, "start a session");
  session_builder_set_version (builder, bundle->version);
  rc = session_builder_process_pre_key_bundle (builder, keys);
  session_builder_free (builder);

  if (rc == SG_ERR_UNTRUSTED_IDENTITY)
    {
      g_set_error (error, CAU_OMEMO_ERROR, CAU_OMEMO_ERROR_IDENTITY_CHANGED,
                   "Device %u presented another identity key than before", bundle->device_id);
      return FALSE;
    }
  if (rc == SG_ERR_INVALID_KEY)
    {
      g_set_error (error, CAU_OMEMO_ERROR, CAU_OMEMO_ERROR_AUTHENTICATION,
                   "The bundle of device %u has a bad signature", bundle->device_id);
      return FALSE;
    }
  return rc >= 0 || cau_omemo_signal_failed (error, rc, "start a session");
}

/**
 * cau_omemo_store_build_session:
 * @self: a #CauOmemoStore
 * @jid: the bare JID whose device published @bundle
 * @bundle: its bundle, as received
 * @error: return location for a #GError
 *
 * Starts a session with the device from one of its pre-keys, chosen at random (XEP-0384
 * §5.4.1), replacing any session of that protocol with it. Our next message to it carries the
 * key exchange.
 *
 * Returns: %TRUE if the session is stored; %CAU_OMEMO_ERROR_INVALID_INPUT for keys of the
 *   wrong form, %CAU_OMEMO_ERROR_AUTHENTICATION for a bad signature,
 *   %CAU_OMEMO_ERROR_IDENTITY_CHANGED if the device had another identity key
 */
gboolean
cau_omemo_store_build_session (CauOmemoStore         *self,
                               const char            *jid,
                               const CauOmemoBundle  *bundle,
                               GError               **error)
{
  ec_public_key *identity = NULL;
  ec_public_key *signed_pre_key = NULL;
  ec_public_key *pre_key = NULL;
  session_pre_key_bundle *keys = NULL;
  const CauOmemoPreKey *chosen;
  gboolean ok = FALSE;
  int rc;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (jid != NULL && *jid != '\0', FALSE);
  g_return_val_if_fail (bundle != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (bundle->device_id == 0 || bundle->device_id > G_MAXINT32)
    return invalid (error, "device id");
  if (bundle->pre_keys->len == 0)
    return invalid (error, "pre-key list");
  if (bundle->signed_pre_key_signature == NULL ||
      g_bytes_get_size (bundle->signed_pre_key_signature) != CAU_OMEMO_SIGNATURE_SIZE)
    return invalid (error, "signature");

  chosen = &g_array_index (bundle->pre_keys, CauOmemoPreKey,
                           g_random_int_range (0, (gint32) bundle->pre_keys->len));
  if (!import_key (bundle, bundle->identity_key, TRUE, self->context, &identity,
                   "identity key", error) ||
      !import_key (bundle, bundle->signed_pre_key, FALSE, self->context, &signed_pre_key,
                   "signed pre-key", error) ||
      !import_key (bundle, chosen->public_key, FALSE, self->context, &pre_key, "pre-key",
                   error))
    goto out;

  rc = session_pre_key_bundle_create (&keys, bundle->device_id, (int) bundle->device_id,
                                      chosen->id, pre_key, bundle->signed_pre_key_id,
                                      signed_pre_key,
                                      g_bytes_get_data (bundle->signed_pre_key_signature, NULL),
                                      CAU_OMEMO_SIGNATURE_SIZE, identity);
  if (rc < 0)
    {
      cau_omemo_signal_failed (error, rc, "read the bundle");
      goto out;
    }

  if (!cau_db_savepoint_begin (self->db, error))
    goto out;
  ok = process_bundle (self, jid, bundle, keys, error) &&
       cau_db_savepoint_release (self->db, error);
  if (!ok)
    cau_db_savepoint_rollback (self->db);

out:
  SIGNAL_UNREF (identity);
  SIGNAL_UNREF (signed_pre_key);
  SIGNAL_UNREF (pre_key);
  SIGNAL_UNREF (keys);
  return ok;
}
