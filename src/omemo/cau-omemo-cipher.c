/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */

/* OMEMO messages: encrypting to many devices, decrypting what one of ours got
 * (cau-omemo-cipher.h). */

#include "config.h"

#include "cau-omemo-cipher.h"
#include "cau-omemo-crypto.h"
#include "cau-omemo-store-private.h"

#include <gcrypt.h>
#include <protocol.h>
#include <session_cipher.h>
#include <session_record.h>
#include <session_state.h>
#include <string.h>

void
cau_omemo_message_free (CauOmemoMessage *message)
{
  if (message == NULL)
    return;

  for (guint i = 0; i < message->keys->len; i++)
    {
      CauOmemoKey *key = &g_array_index (message->keys, CauOmemoKey, i);

      g_free (key->jid);
      g_bytes_unref (key->data);
    }
  g_array_unref (message->keys);
  g_array_unref (message->failed);
  g_clear_pointer (&message->iv, g_bytes_unref);
  g_clear_pointer (&message->payload, g_bytes_unref);
  g_free (message);
}

/* libomemo-c's codes as ours; the message names the device, never a key. */
static gboolean
set_signal_error (GError     **error,
                  int          rc,
                  guint32      device_id)
{
  switch (rc)
    {
    case SG_ERR_NO_SESSION:
      g_set_error (error, CAU_OMEMO_ERROR, CAU_OMEMO_ERROR_NO_SESSION,
                   "No session with device %u", device_id);
      break;
    case SG_ERR_INVALID_KEY_ID:
      g_set_error (error, CAU_OMEMO_ERROR, CAU_OMEMO_ERROR_UNKNOWN_KEY,
                   "Device %u used a pre-key we no longer have", device_id);
      break;
    case SG_ERR_DUPLICATE_MESSAGE:
      g_set_error (error, CAU_OMEMO_ERROR, CAU_OMEMO_ERROR_DUPLICATE,
                   "Device %u sent this message before", device_id);
      break;
    case SG_ERR_UNTRUSTED_IDENTITY:
      g_set_error (error, CAU_OMEMO_ERROR, CAU_OMEMO_ERROR_IDENTITY_CHANGED,
                   "Device %u presented another identity key than before", device_id);
      break;
    case SG_ERR_INVAL:
    case SG_ERR_INVALID_MAC:
    case SG_ERR_INVALID_KEY:
    case SG_ERR_INVALID_MESSAGE:
    case SG_ERR_INVALID_VERSION:
    case SG_ERR_LEGACY_MESSAGE:
    case SG_ERR_INVALID_PROTO_BUF:
    case SG_ERR_STALE_KEY_EXCHANGE:
      /* The session cannot take it: broken on one side, or not a key of this session. */
      g_set_error (error, CAU_OMEMO_ERROR, CAU_OMEMO_ERROR_BAD_KEY,
                   "The key of device %u does not fit the session (libomemo-c error %d)",
                   device_id, rc);
      break;
    default:
      g_set_error (error, CAU_OMEMO_ERROR, CAU_OMEMO_ERROR_FAILED,
                   "libomemo-c failed with device %u (error %d)", device_id, rc);
      break;
    }
  return FALSE;
}

static session_cipher *
cipher_new (CauOmemoStore            *store,
            CauDbOmemoVersion         version,
            signal_protocol_address  *address,
            int                      *rc)
{
  session_cipher *cipher = NULL;

  /* libomemo-c keeps the address pointer: it must outlive the cipher. */
  *rc = session_cipher_create (&cipher, cau_omemo_store_get_protocol (store, version), address,
                               store->context);
  if (*rc < 0)
    return NULL;
  session_cipher_set_version (cipher, version);
  return cipher;
}

/* Encrypts the key material for one device; FALSE if it has no usable session. */
static gboolean
encrypt_key (CauOmemoStore          *store,
             CauOmemoMessage        *message,
             const CauOmemoAddress  *recipient,
             GBytes                 *key_material)
{
  signal_protocol_address address = { recipient->jid, strlen (recipient->jid), 0 };
  session_cipher *cipher;
  ciphertext_message *encrypted = NULL;
  signal_buffer *serialized;
  CauOmemoKey key = { 0 };
  gsize size = 0;
  const guint8 *data = g_bytes_get_data (key_material, &size);
  int rc;

  if (recipient->device_id == 0 || recipient->device_id > G_MAXINT32)
    return FALSE;
  address.device_id = (int32_t) recipient->device_id;

  cipher = cipher_new (store, message->version, &address, &rc);
  if (cipher == NULL)
    return FALSE;

  /* libomemo-c creates an empty session for an unknown device instead of failing. */
  if (signal_protocol_session_contains_session (cau_omemo_store_get_protocol (store,
                                                                              message->version),
                                                &address) != 1)
    rc = SG_ERR_NO_SESSION;
  else
    rc = session_cipher_encrypt (cipher, data, size, &encrypted);
  session_cipher_free (cipher);
  if (rc < 0)
    {
      g_debug ("OMEMO: cannot encrypt to device %u (libomemo-c error %d)",
               recipient->device_id, rc);
      return FALSE;
    }

  serialized = ciphertext_message_get_serialized (encrypted);
  key.jid = g_strdup (recipient->jid);
  key.device_id = recipient->device_id;
  key.data = g_bytes_new (signal_buffer_data (serialized), signal_buffer_len (serialized));
  key.prekey = ciphertext_message_get_type (encrypted) == CIPHERTEXT_PREKEY_TYPE;
  g_array_append_val (message->keys, key);
  SIGNAL_UNREF (encrypted);
  return TRUE;
}

/* A key transport message carries key material nobody uses: in legacy OMEMO random bytes of
 * the usual size (as Conversations sends), in OMEMO 2 the 32 zero bytes XEP-0384 §5.5.3 asks
 * for. */
static GBytes *
transport_key_material (CauDbOmemoVersion version)
{
  guint8 *data;

  if (version == CAU_DB_OMEMO_2)
    return g_bytes_new_take (g_malloc0 (CAU_OMEMO2_EMPTY_KEY_SIZE), CAU_OMEMO2_EMPTY_KEY_SIZE);
  data = g_malloc (CAU_OMEMO_LEGACY_KEY_MATERIAL_SIZE);
  gcry_randomize (data, CAU_OMEMO_LEGACY_KEY_MATERIAL_SIZE, GCRY_STRONG_RANDOM);
  return g_bytes_new_take (data, CAU_OMEMO_LEGACY_KEY_MATERIAL_SIZE);
}

static gboolean
encrypt_payload (CauOmemoMessage  *message,
                 GBytes           *plaintext,
                 GBytes          **key_material,
                 GError          **error)
{
  if (plaintext == NULL)
    {
      *key_material = transport_key_material (message->version);
      /* A legacy <header/> always has an <iv/>, payload or not (Conversations' key transport
       * messages carry one too). */
      if (message->version == CAU_DB_OMEMO_LEGACY)
        {
          guint8 *iv = g_malloc (CAU_OMEMO_LEGACY_IV_SIZE);

          gcry_create_nonce (iv, CAU_OMEMO_LEGACY_IV_SIZE);
          message->iv = g_bytes_new_take (iv, CAU_OMEMO_LEGACY_IV_SIZE);
        }
      return TRUE;
    }
  if (message->version == CAU_DB_OMEMO_LEGACY)
    return cau_omemo_legacy_encrypt (plaintext, &message->payload, &message->iv, key_material,
                                     error);
  message->payload = cau_omemo2_encrypt (plaintext, key_material, error);
  return message->payload != NULL;
}

/**
 * cau_omemo_encrypt:
 * @store: our keys
 * @version: which protocol
 * @plaintext: (nullable): the message body (legacy) or SCE envelope (OMEMO 2); %NULL for a
 *   key transport message
 * @recipients: (array length=n_recipients): the devices to encrypt to (the contact's and our
 *   own other ones), each with a session of @version
 * @n_recipients: how many
 * @error: return location for a #GError
 *
 * Recipients without a usable session are listed in the message's `failed` and get no key.
 *
 * Returns: (transfer full) (nullable): the message; %NULL with @error set when no recipient
 *   could get a key (%CAU_OMEMO_ERROR_NO_SESSION): nothing must then be sent
 */
CauOmemoMessage *
cau_omemo_encrypt (CauOmemoStore          *store,
                   CauDbOmemoVersion       version,
                   GBytes                 *plaintext,
                   const CauOmemoAddress  *recipients,
                   gsize                   n_recipients,
                   GError                **error)
{
  g_autoptr (CauOmemoMessage) message = g_new0 (CauOmemoMessage, 1);
  g_autoptr (GBytes) key_material = NULL;
  gboolean ok;

  g_return_val_if_fail (store != NULL, NULL);
  g_return_val_if_fail (version == CAU_DB_OMEMO_LEGACY || version == CAU_DB_OMEMO_2, NULL);
  g_return_val_if_fail (recipients != NULL || n_recipients == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  message->version = version;
  message->sid = cau_omemo_store_get_device_id (store);
  message->keys = g_array_new (FALSE, TRUE, sizeof (CauOmemoKey));
  message->failed = g_array_new (FALSE, TRUE, sizeof (CauOmemoAddress));

  if (!encrypt_payload (message, plaintext, &key_material, error))
    return NULL;

  /* One transaction for every ratchet step of the message. */
  if (!cau_db_savepoint_begin (store->db, error))
    return NULL;
  for (gsize i = 0; i < n_recipients; i++)
    if (!encrypt_key (store, message, &recipients[i], key_material))
      g_array_append_val (message->failed, recipients[i]);
  ok = cau_db_savepoint_release (store->db, error);
  if (!ok)
    {
      cau_db_savepoint_rollback (store->db);
      return NULL;
    }

  if (message->keys->len == 0)
    {
      g_set_error_literal (error, CAU_OMEMO_ERROR, CAU_OMEMO_ERROR_NO_SESSION,
                           "No recipient device has a session");
      return NULL;
    }
  return g_steal_pointer (&message);
}

/* The base key of the device's current session state when it is one we started and the
 * device has not answered yet (a repair, or a first message); NULL otherwise. */
static ec_public_key *
unanswered_base_key (signal_protocol_store_context *protocol,
                     signal_protocol_address       *address,
                     CauDbOmemoVersion              version)
{
  session_record *record = NULL;
  session_state *state;
  ec_public_key *base_key = NULL;

  if (signal_protocol_session_load_session (protocol, &record, address, version) < 0)
    return NULL;
  state = session_record_get_state (record);
  if (state != NULL && session_state_has_unacknowledged_pre_key_message (state) &&
      session_state_get_alice_base_key (state) != NULL)
    {
      base_key = session_state_get_alice_base_key (state);
      SIGNAL_REF (base_key);
    }
  SIGNAL_UNREF (record);
  return base_key;
}

/* Makes the state with `base_key` current again when decrypting put an older state in its
 * place. libomemo-c promotes whichever state a message decrypts in; after a repair, a message
 * the device wrote before it took our key exchange would bring us back to the old session,
 * which a peer that keeps one session per device (python-omemo, hence Gajim) has dropped:
 * our next messages would be unreadable to it. The older state stays among the previous ones,
 * so its late messages are still read. */
static int
keep_unanswered_state (signal_protocol_store_context *protocol,
                       signal_protocol_address       *address,
                       CauDbOmemoVersion              version,
                       ec_public_key                 *base_key)
{
  session_record *record = NULL;
  session_state *current;
  int rc;

  rc = signal_protocol_session_load_session (protocol, &record, address, version);
  if (rc < 0)
    return rc;
  current = session_record_get_state (record);
  if (current != NULL && session_state_get_alice_base_key (current) != NULL &&
      ec_public_key_compare (session_state_get_alice_base_key (current), base_key) != 0)
    {
      for (session_record_state_node *node = session_record_get_previous_states_head (record);
           node != NULL; node = session_record_get_previous_states_next (node))
        {
          session_state *state = session_record_get_previous_states_element (node);
          ec_public_key *key = session_state_get_alice_base_key (state);

          if (key == NULL || ec_public_key_compare (key, base_key) != 0)
            continue;
          SIGNAL_REF (state);
          session_record_get_previous_states_remove (record, node);
          rc = session_record_promote_state (record, state);
          SIGNAL_UNREF (state);
          if (rc >= 0)
            rc = signal_protocol_session_store_session (protocol, address, record);
          break;
        }
    }
  SIGNAL_UNREF (record);
  return rc;
}

static int
decrypt_key (CauOmemoStore           *store,
             const CauOmemoReceived  *received,
             signal_buffer          **key_material)
{
  signal_protocol_address address = { received->sender, strlen (received->sender),
                                      (int32_t) received->sid };
  signal_context *context = store->context;
  gsize size = 0;
  const guint8 *data = g_bytes_get_data (received->key, &size);
  gboolean omemo2 = received->version == CAU_DB_OMEMO_2;
  session_cipher *cipher;
  int rc;

  cipher = cipher_new (store, received->version, &address, &rc);
  if (cipher == NULL)
    return rc;

  if (received->prekey)
    {
      pre_key_signal_message *message = NULL;

      rc = omemo2 ? pre_key_signal_message_deserialize_omemo (&message, data, size,
                                                              received->sid, context)
                  : pre_key_signal_message_deserialize (&message, data, size, context);
      if (rc >= 0)
        rc = session_cipher_decrypt_pre_key_signal_message (cipher, message, NULL, key_material);
      SIGNAL_UNREF (message);
    }
  else
    {
      signal_protocol_store_context *protocol = cau_omemo_store_get_protocol (store,
                                                                              received->version);
      ec_public_key *unanswered = unanswered_base_key (protocol, &address, received->version);
      signal_message *message = NULL;

      rc = omemo2 ? signal_message_deserialize_omemo (&message, data, size, context)
                  : signal_message_deserialize (&message, data, size, context);
      if (rc >= 0)
        rc = session_cipher_decrypt_signal_message (cipher, message, NULL, key_material);
      if (rc >= 0 && unanswered != NULL)
        {
          int kept = keep_unanswered_state (protocol, &address, received->version, unanswered);

          if (kept < 0)
            {
              signal_buffer_bzero_free (*key_material);
              *key_material = NULL;
              rc = kept;
            }
        }
      SIGNAL_UNREF (unanswered);
      SIGNAL_UNREF (message);
    }
  session_cipher_free (cipher);
  return rc;
}

static gboolean
check_key_material (const CauOmemoReceived  *received,
                    GBytes                  *key_material,
                    GError                 **error)
{
  gsize size = g_bytes_get_size (key_material);
  gboolean ok;

  if (received->version == CAU_DB_OMEMO_LEGACY)
    ok = size == CAU_OMEMO_LEGACY_KEY_MATERIAL_SIZE || size == CAU_OMEMO_LEGACY_KEY_SIZE;
  else if (received->payload == NULL)
    ok = size == CAU_OMEMO2_EMPTY_KEY_SIZE || size == CAU_OMEMO2_KEY_MATERIAL_SIZE;
  else
    ok = size == CAU_OMEMO2_KEY_MATERIAL_SIZE;
  if (!ok)
    g_set_error (error, CAU_OMEMO_ERROR, CAU_OMEMO_ERROR_INVALID_INPUT,
                 "Device %u sent key material of %" G_GSIZE_FORMAT " bytes", received->sid,
                 size);
  return ok;
}

/**
 * cau_omemo_decrypt:
 * @store: our keys
 * @received: what the message carries for this device
 * @plaintext: (out) (optional) (nullable): the body (legacy) or SCE envelope (OMEMO 2);
 *   %NULL for a key transport message
 * @error: return location for a #GError
 *
 * A key exchange builds (or replaces) the session with the sender's device. The session moves
 * on as soon as the key is authentic, even if the payload then fails its own check.
 *
 * Returns: %TRUE if decrypted
 */
gboolean
cau_omemo_decrypt (CauOmemoStore           *store,
                   const CauOmemoReceived  *received,
                   GBytes                 **plaintext,
                   GError                 **error)
{
  g_autoptr (GBytes) key_material = NULL;
  g_autoptr (GBytes) decrypted = NULL;
  signal_buffer *buffer = NULL;
  int rc;

  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (received != NULL && received->sender != NULL && received->key != NULL,
                        FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (received->sid == 0 || received->sid > G_MAXINT32 || *received->sender == '\0')
    return set_signal_error (error, SG_ERR_INVALID_MESSAGE, received->sid);
  if (received->payload != NULL && received->version == CAU_DB_OMEMO_LEGACY &&
      received->iv == NULL)
    return set_signal_error (error, SG_ERR_INVALID_MESSAGE, received->sid);

  if (!cau_db_savepoint_begin (store->db, error))
    return FALSE;
  rc = decrypt_key (store, received, &buffer);
  if (rc < 0)
    {
      cau_db_savepoint_rollback (store->db);
      return set_signal_error (error, rc, received->sid);
    }
  if (!cau_db_savepoint_release (store->db, error))
    {
      cau_db_savepoint_rollback (store->db);
      signal_buffer_bzero_free (buffer);
      return FALSE;
    }

  key_material = g_bytes_new (signal_buffer_data (buffer), signal_buffer_len (buffer));
  signal_buffer_bzero_free (buffer);
  if (!check_key_material (received, key_material, error))
    return FALSE;

  if (received->payload != NULL)
    {
      if (received->version == CAU_DB_OMEMO_LEGACY)
        decrypted = cau_omemo_legacy_decrypt (received->payload, received->iv, key_material,
                                              error);
      else
        decrypted = cau_omemo2_decrypt (received->payload, key_material, error);
      if (decrypted == NULL)
        return FALSE;
    }

  if (plaintext != NULL)
    *plaintext = g_steal_pointer (&decrypted);
  return TRUE;
}
