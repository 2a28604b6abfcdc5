/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-xmpp-omemo.h"
#include "cau-xmpp-pep-publisher.h"
#include "cau-jid.h"
#include "cau-xmpp-utils.h"
#include "xeps/cau-xep-0384-omemo.h"
#include "xeps/cau-xep-0420-sce.h"
#include "xeps/cau-xep-stanza-private.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/*
 * Both protocols are spoken: our device is in both device lists with a bundle of each, and a
 * message goes to each recipient device in OMEMO 2 when it offers it, in legacy OMEMO (what
 * Conversations, Dino, Gajim, Monal and Profanity speak today) otherwise: one stanza may carry
 * an <encrypted/> of each.
 *
 * Sessions are set up when a message is about to be encrypted, not for every contact at
 * start: a peer's device list is asked for once per session unless PEP told it already, and
 * a bundle once per device and session (a device with no bundle, or a bad one, is not asked
 * again until the next session). Preparations for the same peer share their requests.
 *
 * Answers (XEP-0384 §7): a device whose key exchange we took gets an empty message once the
 * catch-up is over, so that it stops sending key exchanges and its pre-key use is settled; a
 * device whose message cannot be decrypted for want of a working session gets a new session
 * from its bundle and an empty message carrying it (once per device and session: a device
 * that keeps failing is not flooded).
 *
 * One message can come twice: live and from the archive (the catch-up's last pass overlaps
 * what arrives meanwhile), or as a carbon and from the archive. Its key decrypts only once
 * (the ratchet moves on), so what each key gave is remembered for a while, by sender and key,
 * and the second copy gets the same text; the store then keeps one of them.
 */

static const CauXmppOmemoVersion versions[] = { CAU_XMPP_OMEMO_2, CAU_XMPP_OMEMO_LEGACY };

#define CAU_NS_EME "urn:xmpp:eme:0"

/* Sessions repaired at most in one session of the stream. */
#define MAX_REPAIRS 100

/* Decrypted keys remembered, for the copies of a message that come by another way. */
#define MAX_REMEMBERED 1000

typedef struct {
  CauXmppOmemoReadyFunc  ready;
  gpointer               data;
} Waiter;

/* Sessions being set up with a peer and our own other devices: the device lists, then OMEMO
 * 2's bundles, then legacy ones for the devices OMEMO 2 does not reach. */
typedef enum {
  STEP_LISTS,
  STEP_OMEMO2_BUNDLES,
  STEP_LEGACY_BUNDLES,
} Step;

typedef struct {
  char     *peer;
  GArray   *waiters;    /* Waiter */
  guint     pending;    /* requests in flight */
  Step      step;
} Preparation;

typedef struct {
  char                *jid;
  CauXmppOmemoVersion  version;
  guint32              device_id;   /* 0 for a device list */
  Preparation         *preparation; /* nullable: our own lists at start, and repairs */
  gboolean             repair;      /* a bundle for a session to repair */
  guint32              removing;    /* our own list: a device of ours to take out of it, or 0 */
} Request;

/* An empty message owed to a device. */
typedef struct {
  char                *jid;
  guint32              device_id;
  CauXmppOmemoVersion  version;
  gboolean             repair;      /* a new session first */
} Answer;

struct _CauXmppOmemo
{
  const CauXmppOmemoFuncs *funcs;
  gpointer                 data;
  GDestroyNotify           destroy;

  xmpp_conn_t             *conn;        /* while online */
  char                    *own_bare;
  guint32                  device_id;   /* 0: OMEMO unavailable */

  GHashTable              *lists_known;     /* "version jid" → TRUE: its list is stored this
                                             * session */
  GHashTable              *failed_bundles;  /* "jid device" → TRUE: not asked again */
  GHashTable              *requests;        /* iq id → Request (owned) */
  GHashTable              *preparations;    /* peer → Preparation (owned) */
  GHashTable              *remembered;      /* "sender" + key bytes → plaintext (GBytes, may be
                                             * empty for key transport) */
  GQueue                   remembered_order;  /* keys of `remembered`, oldest first */
  GHashTable              *answers;         /* "version jid device" → Answer (owned) */
  CauXmppPepPublisher     *publisher;       /* our bundles and device lists */
  GHashTable              *repaired;        /* "version jid device" → TRUE: repaired this
                                             * session */
};

static xmpp_stanza_t *configure_node (xmpp_ctx_t *ctx, const char *id,
                                      xmpp_stanza_t *publication);

static void
answer_free (Answer *answer)
{
  g_free (answer->jid);
  g_free (answer);
}

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
  self->answers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) answer_free);
  self->repaired = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->publisher = cau_xmpp_pep_publisher_new ("OMEMO", configure_node);
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
  g_hash_table_unref (self->answers);
  g_hash_table_unref (self->repaired);
  cau_xmpp_pep_publisher_free (self->publisher);
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

/* Publishing our device (cau-xmpp-pep-publisher.h): a node an older client made with another
 * access model refuses our publish-options (XEP-0384 §5.3: precondition-not-met), and is then
 * configured as they ask and the publication sent again, once. */

static xmpp_stanza_t *
configure_node (xmpp_ctx_t    *ctx,
                const char    *id,
                xmpp_stanza_t *publication)
{
  const char *node = cau_xmpp_omemo_publish_node (publication);

  return node != NULL ? cau_xmpp_build_omemo_node_configure (ctx, id, node) : NULL;
}

/* Sends `iq` (one of our publications; taken). */
static void
publish (CauXmppOmemo  *self,
         xmpp_stanza_t *iq)
{
  cau_xmpp_pep_publisher_publish (self->publisher, iq);
}

static void
publish_bundle (CauXmppOmemo        *self,
                CauXmppOmemoVersion  version)
{
  g_autoptr(CauXmppOmemoBundle) bundle = self->funcs->get_bundle (self->data, version);
  g_autofree char *id = cau_xmpp_new_id ();

  if (bundle == NULL)
    {
      g_message ("OMEMO: our bundle could not be made");
      return;
    }
  publish (self, cau_xmpp_build_omemo_bundle_publish (xmpp_conn_get_context (self->conn), id,
                                                      bundle));
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
  publish (self, cau_xmpp_build_omemo_device_list_publish (xmpp_conn_get_context (self->conn),
                                                           id, list));
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
  publish (self, cau_xmpp_build_omemo_device_list_publish (xmpp_conn_get_context (self->conn),
                                                           id, list));
}

/* Device lists. */

static void store_list (CauXmppOmemo *self, const char *jid, CauXmppOmemoDeviceList *list);
static void step (CauXmppOmemo *self, Preparation *preparation);
static int  bundle_cb  (xmpp_conn_t *conn, xmpp_stanza_t *stanza, void *userdata);

/* The answer to a request came: the preparation waiting for it may go on. */
static void
request_done (CauXmppOmemo  *self,
              xmpp_stanza_t *answer)
{
  Request *request = g_hash_table_lookup (self->requests, xmpp_stanza_get_id (answer));
  Preparation *preparation = request != NULL ? request->preparation : NULL;

  g_hash_table_remove (self->requests, xmpp_stanza_get_id (answer));
  if (preparation != NULL)
    {
      preparation->pending--;
      step (self, preparation);
    }
}

static char *
list_key (CauXmppOmemoVersion  version,
          const char          *jid)
{
  return g_strdup_printf ("%d %s", version, jid);
}

static gboolean
list_known (CauXmppOmemo        *self,
            CauXmppOmemoVersion  version,
            const char          *jid)
{
  g_autofree char *key = list_key (version, jid);

  return g_hash_table_contains (self->lists_known, key);
}

static int
list_cb (xmpp_conn_t   *conn,
         xmpp_stanza_t *stanza,
         void          *userdata)
{
  CauXmppOmemo *self = userdata;
  Request *request = g_hash_table_lookup (self->requests, xmpp_stanza_get_id (stanza));
  g_autoptr(CauXmppOmemoDeviceList) list = NULL;
  g_autoptr(GError) error = NULL;
  gboolean own;

  if (request == NULL)
    return 0;
  own = g_strcmp0 (request->jid, self->own_bare) == 0;
  list = cau_xmpp_parse_omemo_device_list_result (stanza, request->version, request->jid, own,
                                                  &error);
  if (list != NULL && own && request->removing != 0)
    publish_without (self, list, request->removing);
  if (list != NULL)
    store_list (self, request->jid, list);
  else
    g_debug ("OMEMO: no device list from a contact: %s", error->message);

  request_done (self, stanza);
  return 0;
}

static void
request_list (CauXmppOmemo        *self,
              CauXmppOmemoVersion  version,
              const char          *jid,
              Preparation         *preparation)
{
  Request *request = g_new0 (Request, 1);
  g_autofree char *id = cau_xmpp_new_id ();

  request->jid = g_strdup (jid);
  request->version = version;
  request->preparation = preparation;
  if (preparation != NULL)
    preparation->pending++;
  send_iq (self, cau_xmpp_build_omemo_device_list_get (xmpp_conn_get_context (self->conn), id,
                                                       version, jid),
           list_cb, request);
}

void
cau_xmpp_omemo_remove_own_device (CauXmppOmemo *self,
                                  guint32       device_id)
{
  if (!cau_xmpp_omemo_is_available (self) || self->conn == NULL || device_id == self->device_id)
    {
      g_message ("OMEMO: a device of ours was not removed (offline, or this one)");
      return;
    }
  /* From both lists, each as the server has it now. */
  for (guint i = 0; i < G_N_ELEMENTS (versions); i++)
    {
      Request *request = g_new0 (Request, 1);
      g_autofree char *id = cau_xmpp_new_id ();

      request->jid = g_strdup (self->own_bare);
      request->version = versions[i];
      request->removing = device_id;
      send_iq (self, cau_xmpp_build_omemo_device_list_get (xmpp_conn_get_context (self->conn), id,
                                                           versions[i], self->own_bare),
               list_cb, request);
    }
}

static void
store_list (CauXmppOmemo           *self,
            const char             *jid,
            CauXmppOmemoDeviceList *list)
{
  if (g_strcmp0 (jid, self->own_bare) == 0)
    ensure_listed (self, list);
  self->funcs->store_device_list (self->data, jid, list);
  g_hash_table_replace (self->lists_known, list_key (list->version, jid),
                        GINT_TO_POINTER (TRUE));
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
  if (!cau_xmpp_omemo_is_available (self) || self->conn == NULL)
    return TRUE;

  store_list (self, publisher, list);
  return TRUE;
}

/* Empty messages. */

static void
send_empty (CauXmppOmemo        *self,
            const char          *jid,
            guint32              device_id,
            CauXmppOmemoVersion  version)
{
  g_autoptr(CauXmppOmemoEncrypted) empty = NULL;
  xmpp_ctx_t *ctx = xmpp_conn_get_context (self->conn);
  g_autofree char *id = cau_xmpp_new_id ();
  xmpp_stanza_t *message;

  empty = self->funcs->encrypt_empty (self->data, jid, device_id, version);
  if (empty == NULL)
    return;
  message = xmpp_message_new (ctx, "chat", jid, id);
  cau_xmpp_add_omemo_encrypted (message, empty);
  /* Archived, so that a device offline now gets it from the archive. */
  cau_xep_add_element (message, "store", "urn:xmpp:hints");
  g_debug ("OMEMO: an empty message to device %u", device_id);
  xmpp_send (self->conn, message);
  xmpp_stanza_release (message);
}

/* Names one device in one protocol, as the sets of failed bundles, answers and repairs key
 * them. */
static char *
device_key (CauXmppOmemoVersion  version,
            const char          *jid,
            guint32              device_id)
{
  return g_strdup_printf ("%d %s %u", version, jid, device_id);
}

static void
owe_answer (CauXmppOmemo        *self,
            const char          *jid,
            guint32              device_id,
            CauXmppOmemoVersion  version,
            gboolean             repair)
{
  g_autofree char *key = device_key (version, jid, device_id);
  Answer *answer;

  /* Once per device and session, and a bounded number: anyone can send a broken message. */
  if (repair && (g_hash_table_contains (self->repaired, key) ||
                 g_hash_table_size (self->repaired) >= MAX_REPAIRS))
    return;
  answer = g_hash_table_lookup (self->answers, key);
  if (answer != NULL)
    {
      answer->repair = answer->repair || repair;
      return;
    }
  answer = g_new0 (Answer, 1);
  answer->jid = g_strdup (jid);
  answer->device_id = device_id;
  answer->version = version;
  answer->repair = repair;
  g_hash_table_insert (self->answers, g_steal_pointer (&key), answer);
}

static void
request_repair (CauXmppOmemo *self,
                Answer       *answer)
{
  Request *request = g_new0 (Request, 1);
  g_autofree char *id = cau_xmpp_new_id ();

  request->jid = g_strdup (answer->jid);
  request->version = answer->version;
  request->device_id = answer->device_id;
  request->repair = TRUE;
  g_hash_table_add (self->repaired, device_key (answer->version, answer->jid, answer->device_id));
  send_iq (self, cau_xmpp_build_omemo_bundle_get (xmpp_conn_get_context (self->conn), id,
                                                  answer->version, answer->jid,
                                                  answer->device_id),
           bundle_cb, request);
}

/**
 * cau_xmpp_omemo_send_answers:
 * @self: the account's OMEMO
 *
 * Sends the empty messages owed (see the top of this file). Call it when no catch-up is under
 * way: until then the same key exchange may come again.
 */
void
cau_xmpp_omemo_send_answers (CauXmppOmemo *self)
{
  GHashTableIter iter;
  Answer *answer;

  if (!cau_xmpp_omemo_is_available (self) || self->conn == NULL ||
      g_hash_table_size (self->answers) == 0)
    return;

  g_hash_table_iter_init (&iter, self->answers);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &answer))
    {
      if (answer->repair)
        request_repair (self, answer);
      else
        send_empty (self, answer->jid, answer->device_id, answer->version);
    }
  g_hash_table_remove_all (self->answers);
}

/* Bundles. */

static int
bundle_cb (xmpp_conn_t   *conn,
           xmpp_stanza_t *stanza,
           void          *userdata)
{
  CauXmppOmemo *self = userdata;
  Request *request = g_hash_table_lookup (self->requests, xmpp_stanza_get_id (stanza));
  g_autoptr(CauXmppOmemoBundle) bundle = NULL;
  g_autoptr(GError) error = NULL;
  gboolean own;

  if (request == NULL)
    return 0;
  own = g_strcmp0 (request->jid, self->own_bare) == 0;
  bundle = cau_xmpp_parse_omemo_bundle_result (stanza, request->version, request->jid, own,
                                               request->device_id, &error);
  if (bundle != NULL && request->repair &&
      self->funcs->build_session (self->data, request->jid, bundle, &error))
    {
      send_empty (self, request->jid, request->device_id, request->version);
    }
  else if (request->repair)
    {
      g_message ("OMEMO: the session with device %u of a contact could not be repaired: %s",
                 request->device_id, error != NULL ? error->message : "no bundle");
    }
  else if (bundle == NULL ||
           !self->funcs->build_session (self->data, request->jid, bundle, &error))
    {
      g_autofree char *condition = cau_xmpp_stanza_error_condition (stanza, NULL);

      g_message ("OMEMO: no session with device %u of a contact: %s", request->device_id,
                 error->message);
      /* A device without a bundle (gone stale), or with one we refuse, is not asked again
       * this session; a refusal of the moment (a block, a server busy) is asked again with
       * the next message. */
      if (bundle != NULL || g_strcmp0 (condition, "item-not-found") == 0 ||
          !g_error_matches (error, CAU_XMPP_OMEMO_ERROR, CAU_XMPP_OMEMO_ERROR_REFUSED))
        g_hash_table_add (self->failed_bundles,
                          device_key (request->version, request->jid, request->device_id));
    }

  request_done (self, stanza);
  return 0;
}

static void
request_bundles (CauXmppOmemo        *self,
                 CauXmppOmemoVersion  version,
                 const char          *jid,
                 Preparation         *preparation)
{
  g_autoptr(GArray) devices = self->funcs->devices_without_session (self->data, jid, version);

  for (guint i = 0; devices != NULL && i < devices->len; i++)
    {
      guint32 device_id = g_array_index (devices, guint32, i);
      g_autofree char *key = device_key (version, jid, device_id);
      g_autofree char *id = NULL;
      Request *request;

      if (device_id == self->device_id || g_hash_table_contains (self->failed_bundles, key))
        continue;
      request = g_new0 (Request, 1);
      request->jid = g_strdup (jid);
      request->version = version;
      request->device_id = device_id;
      request->preparation = preparation;
      preparation->pending++;
      id = cau_xmpp_new_id ();
      send_iq (self, cau_xmpp_build_omemo_bundle_get (xmpp_conn_get_context (self->conn), id,
                                                      version, jid, device_id),
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
request_all_bundles (CauXmppOmemo        *self,
                     CauXmppOmemoVersion  version,
                     Preparation         *preparation)
{
  request_bundles (self, version, preparation->peer, preparation);
  if (g_strcmp0 (preparation->peer, self->own_bare) != 0)
    request_bundles (self, version, self->own_bare, preparation);
}

static void
step (CauXmppOmemo *self,
      Preparation  *preparation)
{
  while (preparation->pending == 0 && self->conn != NULL &&
         preparation->step != STEP_LEGACY_BUNDLES)
    {
      preparation->step++;
      request_all_bundles (self, preparation->step == STEP_OMEMO2_BUNDLES ? CAU_XMPP_OMEMO_2
                                                                         : CAU_XMPP_OMEMO_LEGACY,
                           preparation);
    }
  if (preparation->pending == 0)
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
  for (guint i = 0; i < G_N_ELEMENTS (versions); i++)
    {
      if (!list_known (self, versions[i], peer))
        request_list (self, versions[i], peer, preparation);
      if (!list_known (self, versions[i], self->own_bare) &&
          g_strcmp0 (peer, self->own_bare) != 0)
        request_list (self, versions[i], self->own_bare, preparation);
    }
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
  const char *peers[] = { peer, NULL };

  return cau_xmpp_omemo_encrypt_to (self, message, peers, body, failure);
}

/**
 * cau_xmpp_omemo_encrypt_to:
 * @self: the account's OMEMO
 * @message: a message stanza with the fallback body
 * @peers: (array zero-terminated=1): the bare JIDs who must read it (a room's members)
 * @body: the text
 * @failure: (out): why nothing may be sent, when %FALSE
 *
 * Returns: %TRUE when @message carries the encrypted @body for every one of @peers
 */
gboolean
cau_xmpp_omemo_encrypt_to (CauXmppOmemo        *self,
                           xmpp_stanza_t       *message,
                           const char * const  *peers,
                           const char          *body,
                           CauXmppCryptoError  *failure)
{
  g_autoptr(CauXmppOmemoEncrypted) legacy = NULL;
  g_autoptr(CauXmppOmemoEncrypted) omemo2 = NULL;
  g_autoptr(GBytes) plaintext = NULL;
  g_autoptr(GBytes) envelope = NULL;
  xmpp_stanza_t *eme;

  g_return_val_if_fail (failure != NULL, FALSE);

  if (!cau_xmpp_omemo_is_available (self) || self->conn == NULL)
    {
      *failure = CAU_XMPP_CRYPTO_UNAVAILABLE;
      return FALSE;
    }

  plaintext = g_bytes_new (body, strlen (body));
  envelope = cau_xmpp_build_sce_envelope (xmpp_conn_get_context (self->conn), body,
                                          self->own_bare);
  *failure = CAU_XMPP_CRYPTO_OK;
  if (!self->funcs->encrypt (self->data, peers, plaintext, envelope, &legacy, &omemo2, failure) ||
      (legacy == NULL && omemo2 == NULL))
    {
      if (*failure == CAU_XMPP_CRYPTO_OK)
        *failure = CAU_XMPP_CRYPTO_NO_KEYS;
      return FALSE;
    }

  if (omemo2 != NULL)
    cau_xmpp_add_omemo_encrypted (message, omemo2);
  if (legacy != NULL)
    cau_xmpp_add_omemo_encrypted (message, legacy);
  /* One hint for clients that read neither: the protocol most of them know. */
  eme = cau_xep_add_element (message, "encryption", CAU_NS_EME);
  xmpp_stanza_set_attribute (eme, "namespace",
                             legacy != NULL ? CAU_NS_OMEMO_LEGACY : CAU_NS_OMEMO2);
  xmpp_stanza_set_attribute (eme, "name", legacy != NULL ? "OMEMO" : "OMEMO 2");
  return TRUE;
}

/**
 * cau_xmpp_omemo_decrypt_from:
 * @self: the account's OMEMO
 * @message: a room message with an <encrypted/>
 * @sender: the author's bare JID, as the room shows it
 *
 * Decrypts as cau_xmpp_omemo_decrypt() does, the sessions and trust being the author's, not
 * the room's.
 */
void
cau_xmpp_omemo_decrypt_from (CauXmppOmemo   *self,
                             CauXmppMessage *message,
                             const char     *sender)
{
  char *room_sender = message->sender;

  message->sender = (char *) sender;
  cau_xmpp_omemo_decrypt (self, message);
  message->sender = room_sender;
}

static const CauXmppOmemoKey *
our_key (CauXmppOmemo                *self,
         const CauXmppOmemoEncrypted *encrypted)
{
  for (guint i = 0; i < encrypted->keys->len; i++)
    {
      const CauXmppOmemoKey *key = &g_array_index (encrypted->keys, CauXmppOmemoKey, i);

      if (key->rid == self->device_id &&
          (encrypted->version == CAU_XMPP_OMEMO_LEGACY ||
           g_strcmp0 (key->jid, self->own_bare) == 0))
        return key;
    }
  return NULL;
}

/* A body as the pipeline reads one (cau_xep_body_text()): valid text, bounded. */
static char *
body_from_plaintext (GBytes   *plaintext,
                     gboolean *truncated)
{
  gsize size = 0;
  const char *data = g_bytes_get_data (plaintext, &size);
  char *text = g_utf8_make_valid (data != NULL ? data : "", size);

  *truncated = cau_xep_cut_utf8 (text, CAU_XMPP_MAX_BODY);
  return text;
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
  g_autoptr(CauXmppOmemoEncrypted) first = g_steal_pointer (&message->omemo);
  g_autoptr(CauXmppOmemoEncrypted) other = g_steal_pointer (&message->omemo_other);
  g_autoptr(GBytes) plaintext = NULL;
  g_autoptr(GBytes) remembered = NULL;
  CauXmppOmemoEncrypted *encrypted = first;
  const CauXmppOmemoKey *key;

  if (encrypted == NULL)
    return;
  if (!cau_xmpp_omemo_is_available (self) || self->conn == NULL)
    {
      message->crypto_error = CAU_XMPP_CRYPTO_UNAVAILABLE;
      return;
    }
  /* The <encrypted/> that has a key for this device: OMEMO 2's, else the legacy one. */
  key = our_key (self, encrypted);
  if (key == NULL && other != NULL && (key = our_key (self, other)) != NULL)
    encrypted = other;
  if (key == NULL && encrypted->payload == NULL)
    {
      /* An empty message for other devices (a carbon of ours, for instance): nothing to show. */
      message->encryption = CAU_XMPP_ENCRYPTION_NONE;
      return;
    }
  if (key == NULL)
    {
      message->crypto_error = CAU_XMPP_CRYPTO_NOT_FOR_US;
      return;
    }
  message->encryption = encrypted->version == CAU_XMPP_OMEMO_2 ? CAU_XMPP_ENCRYPTION_OMEMO2
                                                               : CAU_XMPP_ENCRYPTION_OMEMO_LEGACY;
  message->sender_device = encrypted->sid;

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

  /* A key exchange taken: acknowledged after the catch-up. A device we have no working
   * session with: repaired. */
  if (message->crypto_error == CAU_XMPP_CRYPTO_OK && key->prekey)
    owe_answer (self, message->sender, encrypted->sid, encrypted->version, FALSE);
  else if (message->crypto_error == CAU_XMPP_CRYPTO_NO_SESSION ||
           message->crypto_error == CAU_XMPP_CRYPTO_BAD_KEY)
    owe_answer (self, message->sender, encrypted->sid, encrypted->version, TRUE);

  if (message->crypto_error != CAU_XMPP_CRYPTO_OK && encrypted->payload == NULL)
    {
      /* An empty message that failed: its repair is owed above; there is no text to lose. */
      message->crypto_error = CAU_XMPP_CRYPTO_OK;
      message->encryption = CAU_XMPP_ENCRYPTION_NONE;
      return;
    }
  if (message->crypto_error == CAU_XMPP_CRYPTO_DUPLICATE)
    {
      /* A copy of one decrypted before, no longer remembered: its first copy was stored. */
      message->crypto_error = CAU_XMPP_CRYPTO_OK;
      message->encryption = CAU_XMPP_ENCRYPTION_NONE;
      return;
    }
  if (message->crypto_error == CAU_XMPP_CRYPTO_OK && plaintext != NULL &&
      encrypted->version == CAU_XMPP_OMEMO_2)
    {
      const char *why = NULL;

      /* OMEMO 2 carries an SCE envelope, which must name the sender. */
      message->body = cau_xmpp_parse_sce_envelope (xmpp_conn_get_context (self->conn), plaintext,
                                                   message->sender, &message->body_truncated,
                                                   &why);
      if (message->body == NULL)
        {
          g_message ("OMEMO 2 envelope refused: %s", why);
          message->crypto_error = CAU_XMPP_CRYPTO_INVALID;
        }
    }
  else if (message->crypto_error == CAU_XMPP_CRYPTO_OK && plaintext != NULL)
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
  cau_xmpp_pep_publisher_set_conn (self->publisher, conn);
  g_free (self->own_bare);
  self->own_bare = cau_jid_bare (xmpp_conn_get_bound_jid (conn));
  if (resumed || self->funcs == NULL)
    return;

  g_hash_table_remove_all (self->lists_known);
  g_hash_table_remove_all (self->failed_bundles);
  g_hash_table_remove_all (self->repaired);
  self->device_id = self->funcs->get_device_id (self->data);
  if (self->device_id == 0)
    {
      g_message ("OMEMO is not available on this account");
      return;
    }

  /* Our lists first: each result adds our device to it if needed. */
  for (guint i = 0; i < G_N_ELEMENTS (versions); i++)
    {
      request_list (self, versions[i], self->own_bare, NULL);
      publish_bundle (self, versions[i]);
    }
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
  cau_xmpp_pep_publisher_set_conn (self->publisher, NULL);
  cau_xmpp_pep_publisher_forget (self->publisher);
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
  if (!self->funcs->refill_pre_keys (self->data))
    return;
  for (guint i = 0; i < G_N_ELEMENTS (versions); i++)
    publish_bundle (self, versions[i]);
}
