/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-omemo-keys-private.h"

#include "omemo/cau-omemo-bundle.h"
#include "omemo/cau-omemo-cipher.h"
#include "omemo/cau-omemo-crypto.h"
#include "store/cau-db-omemo.h"

/*
 * The engine's OMEMO functions (CauXmppOmemoFuncs) on the account's keys, on the engine
 * thread, through the archive's database connection: a message's decryption and its storing
 * share one connection and never wait on each other.
 *
 * Trust, blind before verification (DESIGN §6): a device new to us is trusted, unless its
 * owner already has a verified device; then it waits for the owner's decision. Messages go
 * only to trusted and verified devices; sessions are set up with those only.
 */

struct _CauOmemoKeys
{
  CauMessageArchive *archive;   /* borrowed: freed after us, on the same thread */
  gint64             account_id;
  char              *own_jid;   /* bare */
  CauOmemoStore     *store;     /* opened on first use */
  gboolean           unavailable;
};

CauOmemoKeys *
cau_omemo_keys_new (CauMessageArchive *archive,
                    gint64             account_id,
                    const char        *own_jid)
{
  CauOmemoKeys *self = g_new0 (CauOmemoKeys, 1);

  self->archive = archive;
  self->account_id = account_id;
  self->own_jid = g_strdup (own_jid);
  return self;
}

void
cau_omemo_keys_free (CauOmemoKeys *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->store, cau_omemo_store_free);
  g_free (self->own_jid);
  g_free (self);
}

static CauDb *
db (CauOmemoKeys *self)
{
  return cau_message_archive_get_db (self->archive);
}

static CauOmemoStore *
store (CauOmemoKeys *self)
{
  g_autoptr(GError) error = NULL;

  if (self->store != NULL || self->unavailable)
    return self->store;

  if (db (self) == NULL)
    self->unavailable = TRUE;
  else if (!cau_omemo_crypto_init (&error) ||
           (self->store = cau_omemo_store_open (db (self), self->account_id, &error)) == NULL)
    {
      g_warning ("OMEMO is not available: %s", error->message);
      self->unavailable = TRUE;
    }
  return self->store;
}

static CauDbOmemoVersion
db_version (CauXmppOmemoVersion version)
{
  return version == CAU_XMPP_OMEMO_2 ? CAU_DB_OMEMO_2 : CAU_DB_OMEMO_LEGACY;
}

static gboolean
is_listed (const CauDbOmemoDevice *device)
{
  return device->in_omemo2_list || device->in_legacy_list;
}

static gboolean
is_trusted (const CauDbOmemoDevice *device)
{
  return device->trust == CAU_DB_OMEMO_TRUSTED || device->trust == CAU_DB_OMEMO_VERIFIED;
}

/* The funcs. */

static guint32
keys_get_device_id (gpointer data)
{
  CauOmemoKeys *self = data;

  return store (self) != NULL ? cau_omemo_store_get_device_id (self->store) : 0;
}

static CauXmppOmemoBundle *
keys_get_bundle (gpointer            data,
                 CauXmppOmemoVersion version)
{
  CauOmemoKeys *self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CauOmemoBundle) ours = NULL;
  CauXmppOmemoBundle *bundle;

  if (store (self) == NULL)
    return NULL;
  ours = cau_omemo_store_get_bundle (self->store, db_version (version), &error);
  if (ours == NULL)
    {
      g_warning ("OMEMO: our bundle could not be read: %s", error->message);
      return NULL;
    }

  bundle = cau_xmpp_omemo_bundle_new (version, ours->device_id);
  bundle->identity_key = g_bytes_ref (ours->identity_key);
  bundle->signed_pre_key_id = ours->signed_pre_key_id;
  bundle->signed_pre_key = g_bytes_ref (ours->signed_pre_key);
  bundle->signed_pre_key_signature = g_bytes_ref (ours->signed_pre_key_signature);
  for (guint i = 0; i < ours->pre_keys->len; i++)
    {
      const CauOmemoPreKey *pre_key = &g_array_index (ours->pre_keys, CauOmemoPreKey, i);

      cau_xmpp_omemo_bundle_add_pre_key (bundle, pre_key->id, pre_key->public_key);
    }
  return bundle;
}

static gboolean
has_verified_device (GPtrArray *devices)
{
  for (guint i = 0; devices != NULL && i < devices->len; i++)
    if (((CauDbOmemoDevice *) g_ptr_array_index (devices, i))->trust == CAU_DB_OMEMO_VERIFIED)
      return TRUE;
  return FALSE;
}

/* Blind trust before verification: `jid`'s devices nobody decided about are trusted, unless
 * one of them is verified; then they wait for the owner. Devices first met through a key
 * exchange, before any list named them, are decided here too. */
static void
apply_blind_trust (CauOmemoKeys *self,
                   const char   *jid)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) devices = cau_db_omemo_list_devices (db (self), self->account_id, jid,
                                                            NULL);

  if (has_verified_device (devices))
    return;
  for (guint i = 0; devices != NULL && i < devices->len; i++)
    {
      const CauDbOmemoDevice *device = g_ptr_array_index (devices, i);

      if (device->trust == CAU_DB_OMEMO_UNDECIDED &&
          !cau_db_omemo_set_trust (db (self), self->account_id, jid, device->device_id,
                                   CAU_DB_OMEMO_TRUSTED, &error))
        {
          g_warning ("OMEMO: a device's trust was not stored: %s", error->message);
          g_clear_error (&error);
        }
    }
}

static void
keys_store_device_list (gpointer                      data,
                        const char                   *jid,
                        const CauXmppOmemoDeviceList *list)
{
  CauOmemoKeys *self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) listed = g_array_new (FALSE, FALSE, sizeof (CauDbOmemoListed));

  if (store (self) == NULL)
    return;
  for (guint i = 0; i < list->devices->len; i++)
    {
      const CauXmppOmemoDevice *device = &g_array_index (list->devices, CauXmppOmemoDevice, i);
      CauDbOmemoListed entry = { device->id, device->label };

      g_array_append_val (listed, entry);
    }
  if (!cau_db_omemo_set_device_list (db (self), self->account_id, jid, db_version (list->version),
                                     (const CauDbOmemoListed *) (gpointer) listed->data,
                                     listed->len, NULL, &error))
    {
      g_warning ("OMEMO: a device list was not stored: %s", error->message);
      return;
    }

  apply_blind_trust (self, jid);
  cau_message_archive_devices_changed (self->archive, jid);
}

/* `jid`'s listed devices we encrypt to, other than ours; *n_listed counts them all,
 * trusted or not. */
static GPtrArray *
recipient_devices (CauOmemoKeys *self,
                   const char   *jid,
                   guint        *n_listed)
{
  g_autoptr(GPtrArray) devices = cau_db_omemo_list_devices (db (self), self->account_id, jid,
                                                            NULL);
  GPtrArray *recipients = g_ptr_array_new_with_free_func ((GDestroyNotify) cau_db_omemo_device_free);
  guint32 own = cau_omemo_store_get_device_id (self->store);

  for (guint i = 0; devices != NULL && i < devices->len; i++)
    {
      CauDbOmemoDevice *device = g_ptr_array_index (devices, i);

      if (!is_listed (device) ||
          (device->device_id == own && g_strcmp0 (jid, self->own_jid) == 0))
        continue;
      if (n_listed != NULL)
        (*n_listed)++;
      if (is_trusted (device))
        g_ptr_array_add (recipients, g_steal_pointer (&devices->pdata[i]));
    }
  return recipients;
}

static gboolean
has_session (GArray  *sessions,
             guint32  device_id)
{
  for (guint i = 0; sessions != NULL && i < sessions->len; i++)
    if (g_array_index (sessions, guint32, i) == device_id)
      return TRUE;
  return FALSE;
}

/* The protocol a device is reached with: OMEMO 2 where it offers it and a session of it is
 * set up; legacy where it is in the legacy list and has a session; none otherwise. */
typedef enum {
  REACH_NONE,
  REACH_LEGACY,
  REACH_OMEMO2,
} Reach;

static Reach
reach (const CauDbOmemoDevice *device,
       GArray                 *omemo2_sessions,
       GArray                 *legacy_sessions)
{
  if (device->in_omemo2_list && has_session (omemo2_sessions, device->device_id))
    return REACH_OMEMO2;
  if (device->in_legacy_list && has_session (legacy_sessions, device->device_id))
    return REACH_LEGACY;
  return REACH_NONE;
}

static GArray *
list_sessions (CauOmemoKeys      *self,
               const char        *jid,
               CauDbOmemoVersion  version)
{
  return cau_db_omemo_list_session_devices (db (self), self->account_id, jid, version, NULL);
}

static GArray *
keys_devices_without_session (gpointer            data,
                              const char         *jid,
                              CauXmppOmemoVersion version)
{
  CauOmemoKeys *self = data;
  g_autoptr(GPtrArray) recipients = NULL;
  g_autoptr(GArray) omemo2_sessions = NULL;
  g_autoptr(GArray) legacy_sessions = NULL;
  GArray *missing = g_array_new (FALSE, FALSE, sizeof (guint32));

  if (store (self) == NULL)
    return missing;
  recipients = recipient_devices (self, jid, NULL);
  omemo2_sessions = list_sessions (self, jid, CAU_DB_OMEMO_2);
  legacy_sessions = list_sessions (self, jid, CAU_DB_OMEMO_LEGACY);
  for (guint i = 0; i < recipients->len; i++)
    {
      const CauDbOmemoDevice *device = g_ptr_array_index (recipients, i);
      gboolean wanted;

      if (version == CAU_XMPP_OMEMO_2)
        wanted = device->in_omemo2_list && !has_session (omemo2_sessions, device->device_id);
      else
        wanted = device->in_legacy_list &&
                 reach (device, omemo2_sessions, legacy_sessions) == REACH_NONE;
      if (wanted)
        g_array_append_val (missing, device->device_id);
    }
  return missing;
}

static gboolean
keys_build_session (gpointer                   data,
                    const char                *jid,
                    const CauXmppOmemoBundle  *bundle,
                    GError                   **error)
{
  CauOmemoKeys *self = data;
  g_autoptr(CauOmemoBundle) theirs = NULL;

  if (store (self) == NULL)
    {
      g_set_error_literal (error, CAU_OMEMO_ERROR, CAU_OMEMO_ERROR_CRYPTO_UNAVAILABLE,
                           "OMEMO is not available");
      return FALSE;
    }

  theirs = cau_omemo_bundle_new (db_version (bundle->version), bundle->device_id);
  theirs->identity_key = g_bytes_ref (bundle->identity_key);
  theirs->signed_pre_key_id = bundle->signed_pre_key_id;
  theirs->signed_pre_key = g_bytes_ref (bundle->signed_pre_key);
  theirs->signed_pre_key_signature = g_bytes_ref (bundle->signed_pre_key_signature);
  for (guint i = 0; i < bundle->pre_keys->len; i++)
    {
      const CauXmppOmemoPreKey *pre_key = &g_array_index (bundle->pre_keys, CauXmppOmemoPreKey, i);

      cau_omemo_bundle_add_pre_key (theirs, pre_key->id, pre_key->public_key);
    }
  if (!cau_omemo_store_build_session (self->store, jid, theirs, error))
    return FALSE;
  /* The device's identity key is known now: its fingerprint can be shown. */
  cau_message_archive_devices_changed (self->archive, jid);
  return TRUE;
}

/* Adds `jid`'s devices to the addresses of the protocol that reaches each; TRUE if any is
 * reached. */
static gboolean
sort_recipients (CauOmemoKeys *self,
                 const char   *jid,
                 GPtrArray    *devices,
                 GArray       *legacy,
                 GArray       *omemo2)
{
  g_autoptr(GArray) omemo2_sessions = list_sessions (self, jid, CAU_DB_OMEMO_2);
  g_autoptr(GArray) legacy_sessions = list_sessions (self, jid, CAU_DB_OMEMO_LEGACY);
  gboolean reached = FALSE;

  for (guint i = 0; i < devices->len; i++)
    {
      const CauDbOmemoDevice *device = g_ptr_array_index (devices, i);
      CauOmemoAddress address = { device->jid, device->device_id };

      switch (reach (device, omemo2_sessions, legacy_sessions))
        {
        case REACH_OMEMO2:
          g_array_append_val (omemo2, address);
          reached = TRUE;
          break;
        case REACH_LEGACY:
          g_array_append_val (legacy, address);
          reached = TRUE;
          break;
        case REACH_NONE:
        default:
          break;
        }
    }
  return reached;
}

static gboolean
reaches (const CauOmemoMessage *message,
         const char            *jid)
{
  for (guint i = 0; message != NULL && i < message->keys->len; i++)
    if (g_strcmp0 (g_array_index (message->keys, CauOmemoKey, i).jid, jid) == 0)
      return TRUE;
  return FALSE;
}

static CauXmppOmemoEncrypted *
to_stanza_data (const CauOmemoMessage *message,
                CauXmppOmemoVersion    version)
{
  CauXmppOmemoEncrypted *encrypted = cau_xmpp_omemo_encrypted_new (version, message->sid);

  for (guint i = 0; i < message->keys->len; i++)
    {
      const CauOmemoKey *key = &g_array_index (message->keys, CauOmemoKey, i);

      cau_xmpp_omemo_encrypted_add_key (encrypted, key->jid, key->device_id, key->data,
                                        key->prekey);
    }
  encrypted->iv = message->iv != NULL ? g_bytes_ref (message->iv) : NULL;
  encrypted->payload = message->payload != NULL ? g_bytes_ref (message->payload) : NULL;
  return encrypted;
}

/* One protocol's part of a message; NULL when it has no recipient (or none could get a key). */
static CauOmemoMessage *
encrypt_for (CauOmemoKeys      *self,
             CauDbOmemoVersion  version,
             GBytes            *plaintext,
             GArray            *addresses)
{
  g_autoptr(GError) error = NULL;
  CauOmemoMessage *message;

  if (addresses->len == 0)
    return NULL;
  message = cau_omemo_encrypt (self->store, version, plaintext,
                               (const CauOmemoAddress *) (gpointer) addresses->data,
                               addresses->len, &error);
  if (message == NULL)
    g_message ("OMEMO: a message part could not be encrypted: %s", error->message);
  return message;
}

/* Adds `peer`'s devices to the recipients; FALSE with *failure set when none of them can
 * read it. The addresses point into the devices, which `kept` holds. */
static gboolean
add_peer (CauOmemoKeys       *self,
          const char         *peer,
          GArray             *legacy_addresses,
          GArray             *omemo2_addresses,
          GPtrArray          *kept,
          CauXmppCryptoError *failure)
{
  GPtrArray *theirs;
  guint n_listed = 0;

  theirs = recipient_devices (self, peer, &n_listed);
  g_ptr_array_add (kept, theirs);
  if (theirs->len == 0)
    {
      *failure = n_listed == 0 ? CAU_XMPP_CRYPTO_NO_DEVICES : CAU_XMPP_CRYPTO_NO_TRUSTED;
      return FALSE;
    }
  /* The contact must be able to read it on at least one device. */
  if (!sort_recipients (self, peer, theirs, legacy_addresses, omemo2_addresses))
    {
      *failure = CAU_XMPP_CRYPTO_NO_KEYS;
      return FALSE;
    }
  return TRUE;
}

static gboolean
keys_encrypt (gpointer                data,
              const char * const     *peers,
              GBytes                 *legacy,
              GBytes                 *omemo2,
              CauXmppOmemoEncrypted **legacy_out,
              CauXmppOmemoEncrypted **omemo2_out,
              CauXmppCryptoError     *failure)
{
  CauOmemoKeys *self = data;
  g_autoptr(GPtrArray) ours = NULL;
  g_autoptr(GPtrArray) kept = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  g_autoptr(GArray) legacy_addresses = g_array_new (FALSE, FALSE, sizeof (CauOmemoAddress));
  g_autoptr(GArray) omemo2_addresses = g_array_new (FALSE, FALSE, sizeof (CauOmemoAddress));
  g_autoptr(CauOmemoMessage) legacy_message = NULL;
  g_autoptr(CauOmemoMessage) omemo2_message = NULL;
  gboolean to_self = peers[0] != NULL && peers[1] == NULL &&
                     g_strcmp0 (peers[0], self->own_jid) == 0;

  if (store (self) == NULL)
    {
      *failure = CAU_XMPP_CRYPTO_UNAVAILABLE;
      return FALSE;
    }

  /* A note to ourselves: one of our devices will do. */
  for (guint i = 0; !to_self && peers[i] != NULL; i++)
    if (g_strcmp0 (peers[i], self->own_jid) != 0 &&
        !add_peer (self, peers[i], legacy_addresses, omemo2_addresses, kept, failure))
      return FALSE;
  ours = recipient_devices (self, self->own_jid, NULL);
  sort_recipients (self, self->own_jid, ours, legacy_addresses, omemo2_addresses);

  legacy_message = encrypt_for (self, CAU_DB_OMEMO_LEGACY, legacy, legacy_addresses);
  omemo2_message = encrypt_for (self, CAU_DB_OMEMO_2, omemo2, omemo2_addresses);
  for (guint i = 0; !to_self && peers[i] != NULL; i++)
    if (g_strcmp0 (peers[i], self->own_jid) != 0 &&
        !reaches (legacy_message, peers[i]) && !reaches (omemo2_message, peers[i]))
      {
        *failure = CAU_XMPP_CRYPTO_NO_KEYS;
        return FALSE;
      }
  if (legacy_message == NULL && omemo2_message == NULL)
    {
      *failure = CAU_XMPP_CRYPTO_NO_KEYS;
      return FALSE;
    }

  if (legacy_message != NULL)
    *legacy_out = to_stanza_data (legacy_message, CAU_XMPP_OMEMO_LEGACY);
  if (omemo2_message != NULL)
    *omemo2_out = to_stanza_data (omemo2_message, CAU_XMPP_OMEMO_2);
  return TRUE;
}

static CauXmppOmemoEncrypted *
keys_encrypt_empty (gpointer            data,
                    const char         *jid,
                    guint32             device_id,
                    CauXmppOmemoVersion version)
{
  CauOmemoKeys *self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CauOmemoMessage) message = NULL;
  CauOmemoAddress address = { jid, device_id };

  if (store (self) == NULL)
    return NULL;
  message = cau_omemo_encrypt (self->store, db_version (version), NULL, &address, 1, &error);
  if (message == NULL)
    {
      g_debug ("OMEMO: no empty message to device %u: %s", device_id, error->message);
      return NULL;
    }
  return to_stanza_data (message, version);
}

static CauXmppCryptoError
crypto_error_from (const GError *error)
{
  if (error->domain != CAU_OMEMO_ERROR)
    return CAU_XMPP_CRYPTO_UNAVAILABLE;
  switch (error->code)
    {
    case CAU_OMEMO_ERROR_NO_SESSION:
      return CAU_XMPP_CRYPTO_NO_SESSION;
    case CAU_OMEMO_ERROR_UNKNOWN_KEY:
      return CAU_XMPP_CRYPTO_UNKNOWN_KEY;
    case CAU_OMEMO_ERROR_IDENTITY_CHANGED:
      return CAU_XMPP_CRYPTO_IDENTITY_CHANGED;
    case CAU_OMEMO_ERROR_CRYPTO_UNAVAILABLE:
      return CAU_XMPP_CRYPTO_UNAVAILABLE;
    case CAU_OMEMO_ERROR_DUPLICATE:
      return CAU_XMPP_CRYPTO_DUPLICATE;
    case CAU_OMEMO_ERROR_BAD_KEY:
      return CAU_XMPP_CRYPTO_BAD_KEY;
    default:
      /* Tampered with, or malformed. */
      return CAU_XMPP_CRYPTO_INVALID;
    }
}

static CauXmppCryptoError
keys_decrypt (gpointer                     data,
              const char                  *sender,
              const CauXmppOmemoEncrypted *encrypted,
              const CauXmppOmemoKey       *key,
              GBytes                     **plaintext)
{
  CauOmemoKeys *self = data;
  g_autoptr(GError) error = NULL;
  CauOmemoReceived received = {
    .version = db_version (encrypted->version),
    .sender = sender,
    .sid = encrypted->sid,
    .key = key->data,
    .prekey = key->prekey,
    .iv = encrypted->iv,
    .payload = encrypted->payload,
  };

  if (store (self) == NULL)
    return CAU_XMPP_CRYPTO_UNAVAILABLE;
  if (cau_omemo_decrypt (self->store, &received, plaintext, &error))
    {
      /* A key exchange may be how we first met this device, and brings its identity key. */
      if (key->prekey)
        {
          apply_blind_trust (self, sender);
          cau_message_archive_devices_changed (self->archive, sender);
        }
      return CAU_XMPP_CRYPTO_OK;
    }
  if (g_error_matches (error, CAU_OMEMO_ERROR, CAU_OMEMO_ERROR_DUPLICATE))
    return CAU_XMPP_CRYPTO_DUPLICATE;
  g_message ("OMEMO: a message from device %u could not be decrypted: %s", encrypted->sid,
             error->message);
  return crypto_error_from (error);
}

static gboolean
keys_refill_pre_keys (gpointer data)
{
  CauOmemoKeys *self = data;
  g_autoptr(GError) error = NULL;
  gboolean changed = FALSE;

  if (store (self) == NULL)
    return FALSE;
  if (!cau_omemo_store_refill_pre_keys (self->store, &changed, &error))
    g_warning ("OMEMO: used pre-keys were not replaced: %s", error->message);
  return changed;
}

const CauXmppOmemoFuncs cau_omemo_keys_funcs = {
  .get_device_id = keys_get_device_id,
  .get_bundle = keys_get_bundle,
  .store_device_list = keys_store_device_list,
  .devices_without_session = keys_devices_without_session,
  .build_session = keys_build_session,
  .encrypt = keys_encrypt,
  .encrypt_empty = keys_encrypt_empty,
  .decrypt = keys_decrypt,
  .refill_pre_keys = keys_refill_pre_keys,
};
