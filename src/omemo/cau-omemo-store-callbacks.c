/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */

/*
 * libomemo-c's store callbacks on the database.
 *
 * They return libomemo-c's codes: a database failure is logged (never with a key) and
 * reported as SG_ERR_UNKNOWN, which makes the operation fail without touching the session.
 * A missing pre-key must be SG_ERR_INVALID_KEY_ID (DESIGN §6): libomemo-c then reports the
 * key exchange as using an unknown key instead of a generic failure.
 *
 * Remote identities follow libsignal's convention, trust on first use: a device's first
 * identity key is recorded, and a different key for the same device is refused. Whether a
 * device is trusted to read our messages is the owner's decision (omemo_device.trust), applied
 * when choosing recipients, not here: a message from a distrusted device is still decrypted,
 * and shown as such.
 */

#include "config.h"

#include "cau-omemo-crypto.h"
#include "cau-omemo-store-private.h"

#include <string.h>

static int
database_failed (GError     *error,
                 const char *what)
{
  g_warning ("OMEMO store: could not %s: %s", what, error->message);
  return SG_ERR_UNKNOWN;
}

static gboolean
is_not_found (const GError *error)
{
  return g_error_matches (error, CAU_DB_ERROR, CAU_DB_ERROR_NOT_FOUND);
}

/* Copies bytes into a buffer libomemo-c frees. */
static int
to_signal_buffer (GBytes         *bytes,
                  signal_buffer **buffer)
{
  gsize size = 0;
  const guint8 *data = g_bytes_get_data (bytes, &size);

  *buffer = signal_buffer_create (data, size);
  return *buffer != NULL ? SG_SUCCESS : SG_ERR_NOMEM;
}

/* A remote device's address, checked: libomemo-c's names are not NUL-terminated. */
static gboolean
read_address (const signal_protocol_address  *address,
              char                          **jid,
              guint32                        *device_id)
{
  if (address == NULL || address->name == NULL || address->name_len == 0 ||
      address->device_id <= 0 || memchr (address->name, '\0', address->name_len) != NULL)
    return FALSE;

  *jid = g_strndup (address->name, address->name_len);
  *device_id = (guint32) address->device_id;
  return TRUE;
}

/* Sessions */

static int
load_session (signal_buffer                  **record,
              signal_buffer                  **user_record,
              const signal_protocol_address   *address,
              void                            *user_data)
{
  CauOmemoProtocol *protocol = user_data;
  CauOmemoStore *self = protocol->store;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) bytes = NULL;
  g_autofree char *jid = NULL;
  guint32 device_id = 0;
  int rc;

  if (!read_address (address, &jid, &device_id))
    return SG_ERR_INVAL;

  bytes = cau_db_omemo_load_session (self->db, self->account_id, jid, device_id,
                                     protocol->version, &error);
  if (bytes == NULL)
    return is_not_found (error) ? 0 : database_failed (error, "load a session");

  rc = to_signal_buffer (bytes, record);
  return rc < 0 ? rc : 1;
}

static int
get_sub_device_sessions (signal_int_list **sessions,
                         const char       *name,
                         size_t            name_len,
                         void             *user_data)
{
  CauOmemoProtocol *protocol = user_data;
  CauOmemoStore *self = protocol->store;
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) devices = NULL;
  g_autofree char *jid = NULL;
  signal_int_list *list;

  if (name == NULL || name_len == 0 || memchr (name, '\0', name_len) != NULL)
    return SG_ERR_INVAL;
  jid = g_strndup (name, name_len);

  devices = cau_db_omemo_list_session_devices (self->db, self->account_id, jid,
                                               protocol->version, &error);
  if (devices == NULL)
    return database_failed (error, "list sessions");

  list = signal_int_list_alloc ();
  if (list == NULL)
    return SG_ERR_NOMEM;
  for (guint i = 0; i < devices->len; i++)
    if (signal_int_list_push_back (list, (int) g_array_index (devices, guint32, i)) < 0)
      {
        signal_int_list_free (list);
        return SG_ERR_NOMEM;
      }

  *sessions = list;
  return (int) devices->len;
}

static int
store_session (const signal_protocol_address *address,
               uint8_t                       *record,
               size_t                         record_len,
               uint8_t                       *user_record,
               size_t                         user_record_len,
               void                          *user_data)
{
  CauOmemoProtocol *protocol = user_data;
  CauOmemoStore *self = protocol->store;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) bytes = NULL;
  g_autofree char *jid = NULL;
  guint32 device_id = 0;

  /* `user_record` is data an application attaches to a session; we attach none. */
  if (!read_address (address, &jid, &device_id) || record == NULL)
    return SG_ERR_INVAL;

  bytes = g_bytes_new (record, record_len);
  if (!cau_db_omemo_store_session (self->db, self->account_id, jid, device_id,
                                   protocol->version, bytes, &error))
    return database_failed (error, "store a session");
  return SG_SUCCESS;
}

static int
contains_session (const signal_protocol_address *address,
                  void                          *user_data)
{
  signal_buffer *record = NULL;
  int found = load_session (&record, NULL, address, user_data);

  signal_buffer_free (record);
  return found == 1 ? 1 : 0;
}

static int
delete_session (const signal_protocol_address *address,
                void                          *user_data)
{
  CauOmemoProtocol *protocol = user_data;
  CauOmemoStore *self = protocol->store;
  g_autoptr (GError) error = NULL;
  g_autofree char *jid = NULL;
  guint32 device_id = 0;
  gint deleted;

  if (!read_address (address, &jid, &device_id))
    return SG_ERR_INVAL;

  deleted = cau_db_omemo_delete_sessions (self->db, self->account_id, jid, &device_id,
                                          protocol->version, &error);
  if (deleted < 0)
    return database_failed (error, "delete a session");
  return deleted > 0 ? 1 : 0;
}

static int
delete_all_sessions (const char *name,
                     size_t      name_len,
                     void       *user_data)
{
  CauOmemoProtocol *protocol = user_data;
  CauOmemoStore *self = protocol->store;
  g_autoptr (GError) error = NULL;
  g_autofree char *jid = NULL;
  gint deleted;

  if (name == NULL || name_len == 0 || memchr (name, '\0', name_len) != NULL)
    return SG_ERR_INVAL;
  jid = g_strndup (name, name_len);

  deleted = cau_db_omemo_delete_sessions (self->db, self->account_id, jid, NULL,
                                          protocol->version, &error);
  if (deleted < 0)
    return database_failed (error, "delete sessions");
  return deleted;
}

/* Pre-keys and signed pre-keys: the same callbacks on two tables. */

typedef GBytes  *(*LoadKeyFunc)  (CauDb    *db,
                                  gint64    account_id,
                                  guint32   id,
                                  GError  **error);
typedef gboolean (*StoreKeyFunc) (CauDb    *db,
                                  gint64    account_id,
                                  guint32   id,
                                  GBytes   *record,
                                  GError  **error);
typedef gboolean (*DropKeyFunc)  (CauDb    *db,
                                  gint64    account_id,
                                  guint32   id,
                                  GError  **error);

static int
load_key (LoadKeyFunc      load,
          CauOmemoStore   *self,
          uint32_t         id,
          signal_buffer  **record,
          const char      *what)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) bytes = load (self->db, self->account_id, id, &error);

  if (bytes == NULL)
    return is_not_found (error) ? SG_ERR_INVALID_KEY_ID : database_failed (error, what);
  return record != NULL ? to_signal_buffer (bytes, record) : SG_SUCCESS;
}

static int
store_key (StoreKeyFunc    store,
           CauOmemoStore  *self,
           uint32_t        id,
           uint8_t        *record,
           size_t          record_len,
           const char     *what)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) bytes = g_bytes_new (record, record_len);

  if (!store (self->db, self->account_id, id, bytes, &error))
    return database_failed (error, what);
  return SG_SUCCESS;
}

static int
drop_key (DropKeyFunc     drop,
          CauOmemoStore  *self,
          uint32_t        id,
          const char     *what)
{
  g_autoptr (GError) error = NULL;

  if (!drop (self->db, self->account_id, id, &error))
    return database_failed (error, what);
  return SG_SUCCESS;
}

static int
load_pre_key (signal_buffer **record,
              uint32_t        pre_key_id,
              void           *user_data)
{
  return load_key (cau_db_omemo_load_pre_key, user_data, pre_key_id, record, "load a pre-key");
}

static int
store_pre_key (uint32_t  pre_key_id,
               uint8_t  *record,
               size_t    record_len,
               void     *user_data)
{
  return store_key (cau_db_omemo_store_pre_key, user_data, pre_key_id, record, record_len,
                    "store a pre-key");
}

static int
contains_pre_key (uint32_t  pre_key_id,
                  void     *user_data)
{
  return load_key (cau_db_omemo_load_pre_key, user_data, pre_key_id, NULL,
                   "look a pre-key up") == SG_SUCCESS;
}

/* Called while a key exchange is decrypted. The same exchange can come again (live, then from
 * the archive, or as a carbon): the key is only marked, and deleted once the catch-up is over
 * (cau_omemo_store_refill_pre_keys()). */
static int
remove_pre_key (uint32_t  pre_key_id,
                void     *user_data)
{
  return drop_key (cau_db_omemo_mark_pre_key_used, user_data, pre_key_id,
                   "mark a pre-key used");
}

static int
load_signed_pre_key (signal_buffer **record,
                     uint32_t        signed_pre_key_id,
                     void           *user_data)
{
  return load_key (cau_db_omemo_load_signed_pre_key, user_data, signed_pre_key_id, record,
                   "load a signed pre-key");
}

static int
store_signed_pre_key (uint32_t  signed_pre_key_id,
                      uint8_t  *record,
                      size_t    record_len,
                      void     *user_data)
{
  return store_key (cau_db_omemo_store_signed_pre_key, user_data, signed_pre_key_id, record,
                    record_len, "store a signed pre-key");
}

static int
contains_signed_pre_key (uint32_t  signed_pre_key_id,
                         void     *user_data)
{
  return load_key (cau_db_omemo_load_signed_pre_key, user_data, signed_pre_key_id, NULL,
                   "look a signed pre-key up") == SG_SUCCESS;
}

static int
remove_signed_pre_key (uint32_t  signed_pre_key_id,
                       void     *user_data)
{
  return drop_key (cau_db_omemo_remove_signed_pre_key, user_data, signed_pre_key_id,
                   "remove a signed pre-key");
}

/* Identities */

static int
get_identity_key_pair (signal_buffer **public_data,
                       signal_buffer **private_data,
                       void           *user_data)
{
  CauOmemoStore *self = user_data;
  int rc;

  rc = to_signal_buffer (self->own->public_key, public_data);
  if (rc < 0)
    return rc;
  rc = to_signal_buffer (self->own->private_key, private_data);
  if (rc < 0)
    {
      signal_buffer_free (*public_data);
      *public_data = NULL;
    }
  return rc;
}

static int
get_local_registration_id (void     *user_data,
                           uint32_t *registration_id)
{
  CauOmemoStore *self = user_data;

  /* OMEMO uses the device id as the registration id (extended range, 1 … 2^31 − 1). */
  *registration_id = self->own->device_id;
  return SG_SUCCESS;
}

static int
save_identity (const signal_protocol_address *address,
               uint8_t                       *key_data,
               size_t                         key_len,
               void                          *user_data)
{
  CauOmemoStore *self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) key = NULL;
  g_autofree char *jid = NULL;
  guint32 device_id = 0;

  if (!read_address (address, &jid, &device_id))
    return SG_ERR_INVAL;

  if (key_data != NULL)
    key = g_bytes_new (key_data, key_len);
  if (!cau_db_omemo_set_identity_key (self->db, self->account_id, jid, device_id, key, &error))
    return database_failed (error, "store an identity key");
  return SG_SUCCESS;
}

static int
is_trusted_identity (const signal_protocol_address *address,
                     uint8_t                       *key_data,
                     size_t                         key_len,
                     void                          *user_data)
{
  CauOmemoStore *self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (CauDbOmemoDevice) device = NULL;
  g_autoptr (GBytes) key = NULL;
  g_autofree char *jid = NULL;
  guint32 device_id = 0;

  if (!read_address (address, &jid, &device_id) || key_data == NULL)
    return SG_ERR_INVAL;

  device = cau_db_omemo_get_device (self->db, self->account_id, jid, device_id, &error);
  if (device == NULL)
    return is_not_found (error) ? 1 : database_failed (error, "read a device");
  if (device->identity_key == NULL)
    return 1;

  key = g_bytes_new_static (key_data, key_len);
  if (g_bytes_equal (key, device->identity_key))
    return 1;

  g_message ("OMEMO: device %u of a contact presented another identity key; refused", device_id);
  return 0;
}

/**
 * cau_omemo_store_install_callbacks:
 * @self: the store the callbacks read and write
 * @protocol: which protocol's sessions this context keeps (owned by @self)
 * @store_context: a new libomemo-c store context
 * @error: return location for a #GError
 *
 * Returns: %TRUE if libomemo-c took the callbacks
 */
gboolean
cau_omemo_store_install_callbacks (CauOmemoStore                  *self,
                                   CauOmemoProtocol               *protocol,
                                   signal_protocol_store_context  *store_context,
                                   GError                        **error)
{
  const signal_protocol_session_store sessions = {
    .load_session_func = load_session,
    .get_sub_device_sessions_func = get_sub_device_sessions,
    .store_session_func = store_session,
    .contains_session_func = contains_session,
    .delete_session_func = delete_session,
    .delete_all_sessions_func = delete_all_sessions,
    .user_data = protocol,
  };
  const signal_protocol_pre_key_store pre_keys = {
    .load_pre_key = load_pre_key,
    .store_pre_key = store_pre_key,
    .contains_pre_key = contains_pre_key,
    .remove_pre_key = remove_pre_key,
    .user_data = self,
  };
  const signal_protocol_signed_pre_key_store signed_pre_keys = {
    .load_signed_pre_key = load_signed_pre_key,
    .store_signed_pre_key = store_signed_pre_key,
    .contains_signed_pre_key = contains_signed_pre_key,
    .remove_signed_pre_key = remove_signed_pre_key,
    .user_data = self,
  };
  const signal_protocol_identity_key_store identities = {
    .get_identity_key_pair = get_identity_key_pair,
    .get_local_registration_id = get_local_registration_id,
    .save_identity = save_identity,
    .is_trusted_identity = is_trusted_identity,
    .user_data = self,
  };

  if (signal_protocol_store_context_set_session_store (store_context, &sessions) < 0 ||
      signal_protocol_store_context_set_pre_key_store (store_context, &pre_keys) < 0 ||
      signal_protocol_store_context_set_signed_pre_key_store (store_context,
                                                              &signed_pre_keys) < 0 ||
      signal_protocol_store_context_set_identity_key_store (store_context, &identities) < 0)
    {
      g_set_error_literal (error, CAU_OMEMO_ERROR, CAU_OMEMO_ERROR_FAILED,
                           "libomemo-c refused the key store");
      return FALSE;
    }
  return TRUE;
}
