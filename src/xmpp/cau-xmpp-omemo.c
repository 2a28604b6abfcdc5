/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-xmpp-omemo.h"
#include "cau-jid.h"
#include "cau-xmpp-utils.h"
#include "xeps/cau-xep-0384-omemo.h"
#include "xeps/cau-xep-stanza-private.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/*
 * Only the legacy format is spoken for now: it is what Conversations, Dino, Gajim, Monal and
 * Profanity use. OMEMO 2 messages are read as "cannot be decrypted here" until its SCE
 * envelopes are.
 *
 * Sessions are set up when a message is about to be encrypted, not for every contact at
 * start: a peer's device list is asked for once per session unless PEP told it already, and
 * a bundle once per device and session (a device with no bundle, or a bad one, is not asked
 * again until the next session). Preparations for the same peer share their requests.
 *
 * One message can come twice: live and from the archive (the catch-up's last pass overlaps
 * what arrives meanwhile), or as a carbon and from the archive. Its key decrypts only once
 * (the ratchet moves on), so what each key gave is remembered for a while, by sender and key,
 * and the second copy gets the same text; the store then keeps one of them.
 */

#define VERSION CAU_XMPP_OMEMO_LEGACY

#define CAU_NS_EME "urn:xmpp:eme:0"

/* Decrypted keys remembered, for the copies of a message that come by another way. */
#define MAX_REMEMBERED 1000

typedef struct {
  CauXmppOmemoReadyFunc  ready;
  gpointer               data;
} Waiter;

/* Sessions being set up with a peer and our own other devices. */
typedef struct {
  char     *peer;
  GArray   *waiters;    /* Waiter */
  guint     pending;    /* requests in flight */
  gboolean  bundles;    /* the device lists are in: now the bundles */
} Preparation;

typedef struct {
  char        *jid;
  guint32      device_id;   /* 0 for a device list */
  Preparation *preparation; /* nullable: our own list at start */
  guint32      removing;    /* our own list: a device of ours to take out of it, or 0 */
} Request;

struct _CauXmppOmemo
{
  const CauXmppOmemoFuncs *funcs;
  gpointer                 data;
  GDestroyNotify           destroy;

  xmpp_conn_t             *conn;        /* while online */
  char                    *own_bare;
  guint32                  device_id;   /* 0: OMEMO unavailable */

  GHashTable              *lists_known;     /* bare JID → TRUE: its list is stored this session */
  GHashTable              *failed_bundles;  /* "jid device" → TRUE: not asked again */
  GHashTable              *requests;        /* iq id → Request (owned) */
  GHashTable              *preparations;    /* peer → Preparation (owned) */
  GHashTable              *remembered;      /* "sender" + key bytes → plaintext (GBytes, may be
                                             * empty for key transport) */
  GQueue                   remembered_order;  /* keys of `remembered`, oldest first */
};

static void
request_free (Request *request)
{
  g_free (request->jid);
  g_free (request);
}

static void
preparation_free (Preparation *preparation)
{
  g_free (preparation->peer);
  g_array_unref (preparation->waiters);
  g_free (preparation);
}

CauXmppOmemo *
cau_xmpp_omemo_new (void)
{
  CauXmppOmemo *self = g_new0 (CauXmppOmemo, 1);

  self->lists_known = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->failed_bundles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->requests = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify) request_free);
  self->preparations = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                              (GDestroyNotify) preparation_free);
  self->remembered = g_hash_table_new_full (g_bytes_hash, g_bytes_equal,
                                            (GDestroyNotify) g_bytes_unref,
                                            (GDestroyNotify) g_bytes_unref);
  g_queue_init (&self->remembered_order);
  return self;
}

void
cau_xmpp_omemo_free (CauXmppOmemo *self)
{
  if (self == NULL)
    return;

  cau_xmpp_omemo_offline (self);
  if (self->destroy != NULL)
    self->destroy (self->data);
  g_hash_table_unref (self->lists_known);
  g_hash_table_unref (self->failed_bundles);
  g_hash_table_unref (self->requests);
  g_hash_table_unref (self->preparations);
  g_queue_clear (&self->remembered_order);
  g_hash_table_unref (self->remembered);
  g_free (self->own_bare);
  g_free (self);
}

void
cau_xmpp_omemo_set_funcs (CauXmppOmemo            *self,
                          const CauXmppOmemoFuncs *funcs,
                          gpointer                 data,
                          GDestroyNotify           destroy)
{
  if (self->destroy != NULL)
    self->destroy (self->data);
  self->funcs = funcs;
  self->data = data;
  self->destroy = destroy;
}

gboolean
cau_xmpp_omemo_is_available (CauXmppOmemo *self)
{
  return self->funcs != NULL && self->device_id != 0;
}

static void
send_iq (CauXmppOmemo  *self,
         xmpp_stanza_t *iq,
         xmpp_handler   handler,
         Request       *request)
{
  const char *id = xmpp_stanza_get_id (iq);

  if (request != NULL)
    g_hash_table_insert (self->requests, g_strdup (id), request);
  xmpp_id_handler_add (self->conn, handler, id, self);
  xmpp_send (self->conn, iq);
  xmpp_stanza_release (iq);
}

/* Publishing our device. */

static int
publish_cb (xmpp_conn_t   *conn,
            xmpp_stanza_t *stanza,
            void          *userdata)
{
  if (g_strcmp0 (xmpp_stanza_get_type (stanza), "result") != 0)
    {
      g_autofree char *condition = cau_xmpp_stanza_error_condition (stanza, NULL);

      g_message ("OMEMO: our server refused a publication (%s)",
                 condition != NULL ? condition : "no reason");
    }
  return 0;
}

static void
publish_bundle (CauXmppOmemo *self)
{
  g_autoptr(CauXmppOmemoBundle) bundle = self->funcs->get_bundle (self->data, VERSION);
  g_autofree char *id = cau_xmpp_new_id ();

  if (bundle == NULL)
    {
      g_message ("OMEMO: our bundle could not be made");
      return;
    }
  send_iq (self, cau_xmpp_build_omemo_bundle_publish (xmpp_conn_get_context (self->conn), id,
                                                      bundle),
           publish_cb, NULL);
}

/* Our device must be in our own list, or nobody encrypts to it (XEP-0384 §5.3.1). */
static void
ensure_listed (CauXmppOmemo           *self,
               CauXmppOmemoDeviceList *list)
{
  g_autofree char *id = NULL;

  if (cau_xmpp_omemo_device_list_has (list, self->device_id))
    return;
  g_debug ("OMEMO: adding our device to our device list");
  cau_xmpp_omemo_device_list_add (list, self->device_id, NULL, NULL);
  id = cau_xmpp_new_id ();
  send_iq (self, cau_xmpp_build_omemo_device_list_publish (xmpp_conn_get_context (self->conn),
                                                           id, list),
           publish_cb, NULL);
}

/* Our list as the server has it now, without a stale device of ours (asked for by the owner,
 * on the trust page): read, changed, written back, so that a device added meanwhile stays. */
static void
publish_without (CauXmppOmemo           *self,
                 CauXmppOmemoDeviceList *list,
                 guint32                 device_id)
{
  g_autofree char *id = NULL;

  if (!cau_xmpp_omemo_device_list_remove (list, device_id))
    return;
  id = cau_xmpp_new_id ();
  send_iq (self, cau_xmpp_build_omemo_device_list_publish (xmpp_conn_get_context (self->conn),
                                                           id, list),
           publish_cb, NULL);
}

/* Device lists. */

static void store_list (CauXmppOmemo *self, const char *jid, CauXmppOmemoDeviceList *list);
static void step (CauXmppOmemo *self, Preparation *preparation);

static int
list_cb (xmpp_conn_t   *conn,
         xmpp_stanza_t *stanza,
         void          *userdata)
{
  CauXmppOmemo *self = userdata;
  Request *request = g_hash_table_lookup (self->requests, xmpp_stanza_get_id (stanza));
  g_autoptr(CauXmppOmemoDeviceList) list = NULL;
  g_autoptr(GError) error = NULL;
  Preparation *preparation;
  gboolean own;

  if (request == NULL)
    return 0;
  own = g_strcmp0 (request->jid, self->own_bare) == 0;
  list = cau_xmpp_parse_omemo_device_list_result (stanza, VERSION, request->jid, own, &error);
  if (list != NULL && own && request->removing != 0)
    publish_without (self, list, request->removing);
  if (list != NULL)
    store_list (self, request->jid, list);
  else
    g_debug ("OMEMO: no device list from a contact: %s", error->message);

  preparation = request->preparation;
  g_hash_table_remove (self->requests, xmpp_stanza_get_id (stanza));
  if (preparation != NULL)
    {
      preparation->pending--;
      step (self, preparation);
    }
  return 0;
}

static void
request_list (CauXmppOmemo *self,
              const char   *jid,
              Preparation  *preparation)
{
  Request *request = g_new0 (Request, 1);
  g_autofree char *id = cau_xmpp_new_id ();

  request->jid = g_strdup (jid);
  request->preparation = preparation;
  if (preparation != NULL)
    preparation->pending++;
  send_iq (self, cau_xmpp_build_omemo_device_list_get (xmpp_conn_get_context (self->conn), id,
                                                       VERSION, jid),
           list_cb, request);
}

void
cau_xmpp_omemo_remove_own_device (CauXmppOmemo *self,
                                  guint32       device_id)
{
  Request *request;
  g_autofree char *id = NULL;

  if (!cau_xmpp_omemo_is_available (self) || self->conn == NULL || device_id == self->device_id)
    {
      g_message ("OMEMO: a device of ours was not removed (offline, or this one)");
      return;
    }
  request = g_new0 (Request, 1);
  request->jid = g_strdup (self->own_bare);
  request->removing = device_id;
  id = cau_xmpp_new_id ();
  send_iq (self, cau_xmpp_build_omemo_device_list_get (xmpp_conn_get_context (self->conn), id,
                                                       VERSION, self->own_bare),
           list_cb, request);
}

static void
store_list (CauXmppOmemo           *self,
            const char             *jid,
            CauXmppOmemoDeviceList *list)
{
  if (g_strcmp0 (jid, self->own_bare) == 0)
    ensure_listed (self, list);
  self->funcs->store_device_list (self->data, jid, list);
  g_hash_table_replace (self->lists_known, g_strdup (jid), GINT_TO_POINTER (TRUE));
}

gboolean
cau_xmpp_omemo_handle_message (CauXmppOmemo  *self,
                               xmpp_stanza_t *stanza)
{
  g_autoptr(CauXmppOmemoDeviceList) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *publisher = NULL;

  list = cau_xmpp_parse_omemo_device_list_event (stanza, &publisher, &error);
  if (list == NULL)
    {
      if (g_error_matches (error, CAU_XMPP_OMEMO_ERROR, CAU_XMPP_OMEMO_ERROR_ABSENT))
        return FALSE;
      g_debug ("OMEMO: device list event refused: %s", error->message);
      return TRUE;
    }
  if (list->version != VERSION || !cau_xmpp_omemo_is_available (self) || self->conn == NULL)
    return TRUE;

  store_list (self, publisher, list);
  return TRUE;
}

/* Bundles. */

static char *
bundle_key (const char *jid,
            guint32     device_id)
{
  return g_strdup_printf ("%s %u", jid, device_id);
}

static int
bundle_cb (xmpp_conn_t   *conn,
           xmpp_stanza_t *stanza,
           void          *userdata)
{
  CauXmppOmemo *self = userdata;
  Request *request = g_hash_table_lookup (self->requests, xmpp_stanza_get_id (stanza));
  g_autoptr(CauXmppOmemoBundle) bundle = NULL;
  g_autoptr(GError) error = NULL;
  Preparation *preparation;
  gboolean own;

  if (request == NULL)
    return 0;
  own = g_strcmp0 (request->jid, self->own_bare) == 0;
  bundle = cau_xmpp_parse_omemo_bundle_result (stanza, VERSION, request->jid, own,
                                               request->device_id, &error);
  if (bundle == NULL || !self->funcs->build_session (self->data, request->jid, bundle, &error))
    {
      g_autofree char *condition = cau_xmpp_stanza_error_condition (stanza, NULL);

      g_message ("OMEMO: no session with device %u of a contact: %s", request->device_id,
                 error->message);
      /* A device without a bundle (gone stale), or with one we refuse, is not asked again
       * this session; a refusal of the moment (a block, a server busy) is asked again with
       * the next message. */
      if (bundle != NULL || g_strcmp0 (condition, "item-not-found") == 0 ||
          !g_error_matches (error, CAU_XMPP_OMEMO_ERROR, CAU_XMPP_OMEMO_ERROR_REFUSED))
        g_hash_table_add (self->failed_bundles, bundle_key (request->jid, request->device_id));
    }

  preparation = request->preparation;
  g_hash_table_remove (self->requests, xmpp_stanza_get_id (stanza));
  if (preparation != NULL)
    {
      preparation->pending--;
      step (self, preparation);
    }
  return 0;
}

static void
request_bundles (CauXmppOmemo *self,
                 const char   *jid,
                 Preparation  *preparation)
{
  g_autoptr(GArray) devices = self->funcs->devices_without_session (self->data, jid, VERSION);

  for (guint i = 0; devices != NULL && i < devices->len; i++)
    {
      guint32 device_id = g_array_index (devices, guint32, i);
      g_autofree char *key = bundle_key (jid, device_id);
      g_autofree char *id = NULL;
      Request *request;

      if (device_id == self->device_id || g_hash_table_contains (self->failed_bundles, key))
        continue;
      request = g_new0 (Request, 1);
      request->jid = g_strdup (jid);
      request->device_id = device_id;
      request->preparation = preparation;
      preparation->pending++;
      id = cau_xmpp_new_id ();
      send_iq (self, cau_xmpp_build_omemo_bundle_get (xmpp_conn_get_context (self->conn), id,
                                                      VERSION, jid, device_id),
               bundle_cb, request);
    }
}

/* Preparing sessions. */

static void
finish (CauXmppOmemo *self,
        Preparation  *preparation)
{
  g_autoptr(GArray) waiters = g_array_ref (preparation->waiters);
  g_autofree char *peer = g_strdup (preparation->peer);

  g_hash_table_remove (self->preparations, peer);
  for (guint i = 0; i < waiters->len; i++)
    {
      Waiter *waiter = &g_array_index (waiters, Waiter, i);

      waiter->ready (waiter->data, peer);
    }
}

static void
step (CauXmppOmemo *self,
      Preparation  *preparation)
{
  if (preparation->pending > 0)
    return;
  if (!preparation->bundles && self->conn != NULL)
    {
      preparation->bundles = TRUE;
      request_bundles (self, preparation->peer, preparation);
      if (g_strcmp0 (preparation->peer, self->own_bare) != 0)
        request_bundles (self, self->own_bare, preparation);
      if (preparation->pending > 0)
        return;
    }
  finish (self, preparation);
}

void
cau_xmpp_omemo_prepare (CauXmppOmemo          *self,
                        const char            *peer,
                        CauXmppOmemoReadyFunc  ready,
                        gpointer               data)
{
  Preparation *preparation;
  Waiter waiter = { ready, data };

  g_return_if_fail (peer != NULL && ready != NULL);

  preparation = g_hash_table_lookup (self->preparations, peer);
  if (preparation != NULL)
    {
      g_array_append_val (preparation->waiters, waiter);
      return;
    }

  preparation = g_new0 (Preparation, 1);
  preparation->peer = g_strdup (peer);
  preparation->waiters = g_array_new (FALSE, FALSE, sizeof (Waiter));
  g_array_append_val (preparation->waiters, waiter);
  g_hash_table_insert (self->preparations, preparation->peer, preparation);

  if (!cau_xmpp_omemo_is_available (self) || self->conn == NULL)
    {
      finish (self, preparation);
      return;
    }
  if (!g_hash_table_contains (self->lists_known, peer))
    request_list (self, peer, preparation);
  if (!g_hash_table_contains (self->lists_known, self->own_bare) &&
      g_strcmp0 (peer, self->own_bare) != 0)
    request_list (self, self->own_bare, preparation);
  step (self, preparation);
}

/* Messages. */

/**
 * cau_xmpp_omemo_fallback_body:
 *
 * Returns: the body an encrypted message carries for clients that cannot read it
 */
const char *
cau_xmpp_omemo_fallback_body (void)
{
  return _("This message is encrypted with OMEMO, which your chat app does not support.");
}

/**
 * cau_xmpp_omemo_encrypt_into:
 * @self: the account's OMEMO
 * @message: a chat message stanza to @peer
 * @peer: the recipient's bare JID
 * @body: the text
 * @failure: (out): why nothing may be sent, when %FALSE
 *
 * Returns: %TRUE when @message carries the encrypted @body
 */
gboolean
cau_xmpp_omemo_encrypt_into (CauXmppOmemo       *self,
                             xmpp_stanza_t      *message,
                             const char         *peer,
                             const char         *body,
                             CauXmppCryptoError *failure)
{
  g_autoptr(CauXmppOmemoEncrypted) encrypted = NULL;
  g_autoptr(GBytes) plaintext = NULL;
  xmpp_stanza_t *eme;

  g_return_val_if_fail (failure != NULL, FALSE);

  if (!cau_xmpp_omemo_is_available (self))
    {
      *failure = CAU_XMPP_CRYPTO_UNAVAILABLE;
      return FALSE;
    }

  plaintext = g_bytes_new (body, strlen (body));
  *failure = CAU_XMPP_CRYPTO_OK;
  encrypted = self->funcs->encrypt (self->data, peer, VERSION, plaintext, failure);
  if (encrypted == NULL)
    {
      if (*failure == CAU_XMPP_CRYPTO_OK)
        *failure = CAU_XMPP_CRYPTO_NO_KEYS;
      return FALSE;
    }

  cau_xmpp_add_omemo_encrypted (message, encrypted);
  eme = cau_xep_add_element (message, "encryption", CAU_NS_EME);
  xmpp_stanza_set_attribute (eme, "namespace", CAU_NS_OMEMO_LEGACY);
  xmpp_stanza_set_attribute (eme, "name", "OMEMO");
  return TRUE;
}

static const CauXmppOmemoKey *
our_key (CauXmppOmemo                *self,
         const CauXmppOmemoEncrypted *encrypted)
{
  for (guint i = 0; i < encrypted->keys->len; i++)
    {
      const CauXmppOmemoKey *key = &g_array_index (encrypted->keys, CauXmppOmemoKey, i);

      if (key->rid == self->device_id &&
          (encrypted->version == CAU_XMPP_OMEMO_LEGACY || g_strcmp0 (key->jid, self->own_bare) == 0))
        return key;
    }
  return NULL;
}

/* A body as the rest of the pipeline takes it: valid text, XML characters only, bounded. */
static char *
body_from_plaintext (GBytes   *plaintext,
                     gboolean *truncated)
{
  gsize size = 0;
  const char *data = g_bytes_get_data (plaintext, &size);
  g_autofree char *text = NULL;
  char *body;

  if (size > CAU_XMPP_MAX_BODY)
    {
      const char *end = data + CAU_XMPP_MAX_BODY;

      /* At a character boundary: back to a lead byte. */
      while (end > data && (*end & 0xC0) == 0x80)
        end--;
      size = end - data;
      *truncated = TRUE;
    }
  text = g_utf8_make_valid (data != NULL ? data : "", size);
  body = cau_xep_dup_valid (text);
  return body;
}

static GBytes *
remembered_key (const char            *sender,
                const CauXmppOmemoKey *key)
{
  GByteArray *bytes = g_byte_array_new ();
  gsize size = 0;
  const guint8 *data = g_bytes_get_data (key->data, &size);

  g_byte_array_append (bytes, (const guint8 *) sender, strlen (sender) + 1);
  g_byte_array_append (bytes, data, size);
  return g_byte_array_free_to_bytes (bytes);
}

static void
remember (CauXmppOmemo *self,
          GBytes       *key,
          GBytes       *plaintext)
{
  if (g_hash_table_contains (self->remembered, key))
    return;
  g_hash_table_insert (self->remembered, g_bytes_ref (key),
                       plaintext != NULL ? g_bytes_ref (plaintext) : g_bytes_new (NULL, 0));
  g_queue_push_tail (&self->remembered_order, key);
  if (g_queue_get_length (&self->remembered_order) > MAX_REMEMBERED)
    g_hash_table_remove (self->remembered, g_queue_pop_head (&self->remembered_order));
}

/**
 * cau_xmpp_omemo_decrypt:
 * @self: the account's OMEMO
 * @message: a parsed message with an <encrypted/>
 *
 * Sets the message's body (none for a key transport message) or its crypto error, and drops
 * the <encrypted/>.
 */
void
cau_xmpp_omemo_decrypt (CauXmppOmemo   *self,
                        CauXmppMessage *message)
{
  g_autoptr(CauXmppOmemoEncrypted) encrypted = g_steal_pointer (&message->omemo);
  g_autoptr(GBytes) plaintext = NULL;
  g_autoptr(GBytes) remembered = NULL;
  const CauXmppOmemoKey *key;

  if (encrypted == NULL)
    return;
  if (!cau_xmpp_omemo_is_available (self) || encrypted->version != VERSION)
    {
      message->crypto_error = CAU_XMPP_CRYPTO_UNAVAILABLE;
      return;
    }
  key = our_key (self, encrypted);
  if (key == NULL)
    {
      message->crypto_error = CAU_XMPP_CRYPTO_NOT_FOR_US;
      return;
    }

  remembered = remembered_key (message->sender, key);
  plaintext = g_hash_table_lookup (self->remembered, remembered);
  if (plaintext != NULL)
    {
      message->crypto_error = CAU_XMPP_CRYPTO_OK;
      plaintext = g_bytes_get_size (plaintext) > 0 ? g_bytes_ref (plaintext) : NULL;
    }
  else
    {
      message->crypto_error = self->funcs->decrypt (self->data, message->sender, encrypted, key,
                                                    &plaintext);
      if (message->crypto_error == CAU_XMPP_CRYPTO_OK)
        remember (self, remembered, plaintext);
    }

  if (message->crypto_error == CAU_XMPP_CRYPTO_DUPLICATE)
    {
      /* A copy of one decrypted before, no longer remembered: its first copy was stored. */
      message->crypto_error = CAU_XMPP_CRYPTO_OK;
      message->encryption = CAU_XMPP_ENCRYPTION_NONE;
      return;
    }
  if (message->crypto_error == CAU_XMPP_CRYPTO_OK && plaintext != NULL)
    message->body = body_from_plaintext (plaintext, &message->body_truncated);
  else if (message->crypto_error == CAU_XMPP_CRYPTO_OK)
    /* Key transport: a session set up or repaired, nothing to show. */
    message->encryption = CAU_XMPP_ENCRYPTION_NONE;
}

/* Sessions of the stream. */

void
cau_xmpp_omemo_online (CauXmppOmemo *self,
                       xmpp_conn_t  *conn,
                       gboolean      resumed)
{
  self->conn = conn;
  g_free (self->own_bare);
  self->own_bare = cau_jid_bare (xmpp_conn_get_bound_jid (conn));
  if (resumed || self->funcs == NULL)
    return;

  g_hash_table_remove_all (self->lists_known);
  g_hash_table_remove_all (self->failed_bundles);
  self->device_id = self->funcs->get_device_id (self->data);
  if (self->device_id == 0)
    {
      g_message ("OMEMO is not available on this account");
      return;
    }

  /* Our list first: the result adds our device to it if needed. */
  request_list (self, self->own_bare, NULL);
  publish_bundle (self);
}

void
cau_xmpp_omemo_offline (CauXmppOmemo *self)
{
  GHashTableIter iter;
  Preparation *preparation;
  g_autoptr(GPtrArray) unfinished = g_ptr_array_new ();

  self->conn = NULL;
  /* Answers to this session's requests will not come; those waiting are told now, and find
   * the stream offline. */
  g_hash_table_remove_all (self->requests);
  g_hash_table_iter_init (&iter, self->preparations);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &preparation))
    g_ptr_array_add (unfinished, preparation);
  for (guint i = 0; i < unfinished->len; i++)
    finish (self, g_ptr_array_index (unfinished, i));
}

void
cau_xmpp_omemo_caught_up (CauXmppOmemo *self)
{
  if (!cau_xmpp_omemo_is_available (self) || self->conn == NULL)
    return;
  if (self->funcs->refill_pre_keys (self->data))
    publish_bundle (self);
}
