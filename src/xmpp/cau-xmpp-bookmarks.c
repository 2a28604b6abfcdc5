/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-xmpp-bookmarks.h"
#include "cau-xmpp-pep-publisher.h"
#include "cau-jid.h"
#include "cau-xmpp-stream-private.h"
#include "cau-xmpp-utils.h"
#include "xeps/cau-xep-0048-bookmarks.h"
#include "xeps/cau-xep-0402-bookmarks.h"
#include "xeps/cau-xeps.h"

/*
 * Each new session first asks our account whether the server keeps the older bookmarks
 * (XEP-0048 in Private XML Storage, XEP-0049) in step with PEP Native Bookmarks (XEP-0402 §5.3,
 * "#compat"). If it does, XEP-0402 alone serves every client of ours; if not, the older storage
 * is the one all clients can read, and we use it instead. Changes asked for before the answer
 * wait for it.
 *
 * XEP-0402: what the server holds is kept here (room → CauXmppBookmark) only for the
 * <extensions/> of each item: a publication from the model carries what it knows of the room,
 * and what other clients added must not be lost (§3.3). The model keeps its own list from the
 * events. A publication refused for its options (a node another client made differently)
 * configures the node as §3.2 asks and is sent again, once.
 *
 * XEP-0049: one <storage/> holds every bookmark, with no notification when another client
 * changes it. Each change therefore reads it again (a full list for the model), makes the
 * waiting changes to it, and stores it; the change event follows the server's answer, since
 * no notification will come.
 */

typedef enum {
  MODE_UNKNOWN,   /* until our account answers */
  MODE_PEP,       /* XEP-0402 */
  MODE_PRIVATE,   /* XEP-0048 in XEP-0049 */
} Mode;

struct _CauXmppBookmarks
{
  CauXmppStream *stream;
  xmpp_conn_t   *conn;          /* while online */
  char          *own_bare;
  Mode           mode;
  char          *info_id;       /* in flight */
  char          *fetch_id;      /* in flight */
  GHashTable    *known;         /* MODE_PEP: room → CauXmppBookmark, as the server has it */
  CauXmppPepPublisher *publisher;  /* MODE_PEP */
  GPtrArray     *waiting;       /* CauXmppBookmark: changes to make (`retracted`: removals) */
  GPtrArray     *storing;       /* MODE_PRIVATE: the changes it makes */
  char          *store_id;      /* MODE_PRIVATE: in flight */
};

static void fetch         (CauXmppBookmarks *self);
static void publish_pep   (CauXmppBookmarks *self, const CauXmppBookmark *bookmark);
static void retract_pep   (CauXmppBookmarks *self, const char *room);

static void
send_stanza (CauXmppBookmarks *self,
             xmpp_stanza_t    *stanza)
{
  xmpp_send (self->conn, stanza);
  xmpp_stanza_release (stanza);
}

/* `bookmarks` (CauXmppBookmark, taken) to the main thread. */
static void
post (CauXmppBookmarks *self,
      GPtrArray        *bookmarks,
      gboolean          full)
{
  CauXmppEvent *event = cau_xmpp_stream_new_event (self->stream, CAU_XMPP_EVENT_BOOKMARKS);

  event->number = full ? 1 : 0;
  event->data = bookmarks;
  event->data_free = (GDestroyNotify) g_ptr_array_unref;
  cau_xmpp_event_post (event);
}

static void
remember (CauXmppBookmarks      *self,
          const CauXmppBookmark *bookmark)
{
  g_hash_table_replace (self->known, g_strdup (bookmark->room),
                        cau_xmpp_bookmark_copy (bookmark));
}

/* Fetching. */

/* From no one (our account answers for itself) or exactly our bare JID. */
static gboolean
from_our_account (CauXmppBookmarks *self,
                  xmpp_stanza_t    *iq)
{
  const char *from = xmpp_stanza_get_from (iq);
  g_autofree char *resource = NULL;
  g_autofree char *bare = NULL;

  if (from == NULL)
    return TRUE;
  bare = cau_xmpp_jid_normalize_bare (from, &resource);
  return bare != NULL && resource == NULL && g_str_equal (bare, self->own_bare);
}

static int
fetch_cb (xmpp_conn_t   *conn,
          xmpp_stanza_t *iq,
          void          *userdata)
{
  CauXmppBookmarks *self = userdata;
  g_autoptr(GPtrArray) bookmarks = NULL;
  const char *why = NULL;

  if (g_strcmp0 (xmpp_stanza_get_id (iq), self->fetch_id) != 0)
    return 0;
  /* Not the answer (its id, from someone else): the real one still finds this handler. */
  if (!from_our_account (self, iq))
    return 1;
  g_clear_pointer (&self->fetch_id, g_free);

  /* item-not-found (no node yet) is an empty list. */
  bookmarks = cau_xmpp_parse_bookmarks_result (iq, self->own_bare, &why);
  if (bookmarks == NULL)
    {
      g_autofree char *condition = cau_xmpp_stanza_error_condition (iq, NULL);

      g_debug ("Bookmarks not fetched: %s", condition != NULL ? condition : why);
      return 0;
    }
  g_debug ("Bookmarks fetched: %u rooms", bookmarks->len);
  g_hash_table_remove_all (self->known);
  for (guint i = 0; i < bookmarks->len; i++)
    remember (self, g_ptr_array_index (bookmarks, i));
  post (self, g_steal_pointer (&bookmarks), TRUE);
  return 0;
}

/* Private XML storage (XEP-0049). */

static void
store_cb_done (CauXmppBookmarks *self)
{
  g_clear_pointer (&self->store_id, g_free);
  g_clear_pointer (&self->storing, g_ptr_array_unref);
}

static int
store_cb (xmpp_conn_t   *conn,
          xmpp_stanza_t *iq,
          void          *userdata)
{
  CauXmppBookmarks *self = userdata;

  if (g_strcmp0 (xmpp_stanza_get_id (iq), self->store_id) != 0)
    return 0;
  if (!from_our_account (self, iq))
    return 1;

  if (g_strcmp0 (xmpp_stanza_get_type (iq), "result") == 0)
    {
      post (self, g_steal_pointer (&self->storing), FALSE);
    }
  else
    {
      g_autofree char *condition = cau_xmpp_stanza_error_condition (iq, NULL);

      g_message ("Bookmarks: our server refused to store them (%s)",
                 condition != NULL ? condition : "no reason");
    }
  store_cb_done (self);
  /* Changes asked for meanwhile go on a fresh read. */
  if (self->waiting->len > 0 && self->conn != NULL)
    fetch (self);
  return 0;
}

/* Makes the waiting changes to `storage` (what the server has now) and stores it. */
static void
store_waiting (CauXmppBookmarks *self,
               xmpp_stanza_t    *storage)
{
  xmpp_stanza_t *edited = xmpp_stanza_copy (storage);

  for (guint i = 0; i < self->waiting->len; i++)
    {
      const CauXmppBookmark *pending = g_ptr_array_index (self->waiting, i);
      xmpp_stanza_t *next = pending->retracted
        ? cau_xmpp_legacy_bookmarks_without (edited, pending->room)
        : cau_xmpp_legacy_bookmarks_with (edited, pending);

      xmpp_stanza_release (edited);
      edited = next;
    }
  self->storing = g_steal_pointer (&self->waiting);
  self->waiting = g_ptr_array_new_with_free_func ((GDestroyNotify) cau_xmpp_bookmark_free);
  self->store_id = cau_xmpp_new_id ();
  xmpp_id_handler_add (self->conn, store_cb, self->store_id, self);
  send_stanza (self, cau_xmpp_build_legacy_bookmarks_store (xmpp_conn_get_context (self->conn),
                                                            self->store_id, edited));
  xmpp_stanza_release (edited);
}

static int
private_fetch_cb (xmpp_conn_t   *conn,
                  xmpp_stanza_t *iq,
                  void          *userdata)
{
  CauXmppBookmarks *self = userdata;
  g_autoptr(GPtrArray) bookmarks = NULL;
  xmpp_stanza_t *storage = NULL;
  const char *why = NULL;

  if (g_strcmp0 (xmpp_stanza_get_id (iq), self->fetch_id) != 0)
    return 0;
  if (!from_our_account (self, iq))
    return 1;
  g_clear_pointer (&self->fetch_id, g_free);

  bookmarks = cau_xmpp_parse_legacy_bookmarks_result (iq, self->own_bare, &storage, &why);
  if (bookmarks == NULL)
    {
      g_autofree char *condition = cau_xmpp_stanza_error_condition (iq, NULL);

      /* Without what the server has, a change would lose the rest: they are dropped. */
      g_message ("Bookmarks not read from private storage: %s",
                 condition != NULL ? condition : why);
      g_ptr_array_set_size (self->waiting, 0);
      return 0;
    }
  g_debug ("Bookmarks read from private storage: %u rooms", bookmarks->len);
  post (self, g_steal_pointer (&bookmarks), TRUE);
  if (self->waiting->len > 0 && self->conn != NULL)
    store_waiting (self, storage);
  xmpp_stanza_release (storage);
  return 0;
}

/* Our account's answer: which storage to use. */
static int
info_cb (xmpp_conn_t   *conn,
         xmpp_stanza_t *iq,
         void          *userdata)
{
  CauXmppBookmarks *self = userdata;
  g_autoptr(GPtrArray) waiting = NULL;

  if (g_strcmp0 (xmpp_stanza_get_id (iq), self->info_id) != 0)
    return 0;
  if (!from_our_account (self, iq))
    return 1;
  g_clear_pointer (&self->info_id, g_free);

  self->mode = cau_xmpp_parse_bookmarks_compat (iq) ? MODE_PEP : MODE_PRIVATE;
  g_debug ("Bookmarks: %s", self->mode == MODE_PEP ? "PEP (XEP-0402)"
                                                   : "private storage (XEP-0048)");
  if (self->mode == MODE_PEP)
    {
      waiting = g_steal_pointer (&self->waiting);
      self->waiting = g_ptr_array_new_with_free_func ((GDestroyNotify) cau_xmpp_bookmark_free);
    }
  fetch (self);
  for (guint i = 0; waiting != NULL && i < waiting->len; i++)
    {
      const CauXmppBookmark *pending = g_ptr_array_index (waiting, i);

      if (pending->retracted)
        retract_pep (self, pending->room);
      else
        publish_pep (self, pending);
    }
  return 0;
}

static void
fetch (CauXmppBookmarks *self)
{
  xmpp_ctx_t *ctx = xmpp_conn_get_context (self->conn);

  g_assert (self->mode != MODE_UNKNOWN);

  g_free (self->fetch_id);
  self->fetch_id = cau_xmpp_new_id ();
  if (self->mode == MODE_PEP)
    {
      xmpp_id_handler_add (self->conn, fetch_cb, self->fetch_id, self);
      send_stanza (self, cau_xmpp_build_bookmarks_fetch (ctx, self->fetch_id));
    }
  else
    {
      xmpp_id_handler_add (self->conn, private_fetch_cb, self->fetch_id, self);
      send_stanza (self, cau_xmpp_build_legacy_bookmarks_fetch (ctx, self->fetch_id));
    }
}

/* A change asked for: made at once (XEP-0402), or when the storage is known and free. */
static void
change (CauXmppBookmarks *self,
        CauXmppBookmark  *bookmark)
{
  g_autoptr(CauXmppBookmark) owned = bookmark;

  if (self->mode == MODE_PEP && owned->retracted)
    {
      retract_pep (self, owned->room);
      return;
    }
  if (self->mode == MODE_PEP)
    {
      publish_pep (self, owned);
      return;
    }
  g_ptr_array_add (self->waiting, g_steal_pointer (&owned));
  if (self->mode == MODE_PRIVATE && self->fetch_id == NULL && self->store_id == NULL)
    fetch (self);
}

/* Notifications. */

gboolean
cau_xmpp_bookmarks_handle_message (CauXmppBookmarks *self,
                                   xmpp_stanza_t    *message)
{
  g_autoptr(GPtrArray) changed = NULL;
  g_autoptr(GPtrArray) retracted = NULL;
  const char *why = NULL;

  g_return_val_if_fail (self != NULL && message != NULL, FALSE);

  if (self->own_bare == NULL ||
      xmpp_stanza_get_child_by_name_and_ns (message, "event", CAU_NS_PUBSUB_EVENT) == NULL)
    return FALSE;
  if (!cau_xmpp_parse_bookmarks_event (message, self->own_bare, &changed, &retracted, &why))
    {
      if (why == NULL)
        return FALSE;  /* another node's */
      g_debug ("Bookmarks notification refused: %s", why);
      return TRUE;
    }
  /* The server does not keep that node in step with the storage we use. */
  if (self->mode == MODE_PRIVATE)
    {
      g_debug ("Bookmarks notification dropped: we use private storage");
      return TRUE;
    }

  for (guint i = 0; i < changed->len; i++)
    remember (self, g_ptr_array_index (changed, i));
  for (guint i = 0; i < retracted->len; i++)
    {
      const char *room = g_ptr_array_index (retracted, i);
      CauXmppBookmark *gone = cau_xmpp_bookmark_new (room);

      g_hash_table_remove (self->known, room);
      gone->retracted = TRUE;
      g_ptr_array_add (changed, gone);
    }
  if (changed->len > 0)
    post (self, g_steal_pointer (&changed), FALSE);
  return TRUE;
}

/* Publishing. */

/* Our node made by another client with PEP's defaults refuses our publish-options: it is
 * configured, and the publication sent again (cau-xmpp-pep-publisher.h). */
static xmpp_stanza_t *
configure_node (xmpp_ctx_t    *ctx,
                const char    *id,
                xmpp_stanza_t *publication)
{
  return cau_xmpp_build_bookmarks_configure (ctx, id);
}

static void
publish_pep (CauXmppBookmarks      *self,
             const CauXmppBookmark *bookmark)
{
  g_autoptr(CauXmppBookmark) item = NULL;
  g_autofree char *id = NULL;
  CauXmppBookmark *known;

  item = cau_xmpp_bookmark_copy (bookmark);
  known = g_hash_table_lookup (self->known, bookmark->room);
  if (item->extensions == NULL && known != NULL)
    item->extensions = g_strdup (known->extensions);

  id = cau_xmpp_new_id ();
  cau_xmpp_pep_publisher_publish (self->publisher,
                                  cau_xmpp_build_bookmark_publish (xmpp_conn_get_context (self->conn),
                                                                   id, item));
}

static void
retract_pep (CauXmppBookmarks *self,
             const char       *room)
{
  g_autofree char *id = NULL;

  id = cau_xmpp_new_id ();
  /* A retraction carries no options: a refusal is only told. */
  cau_xmpp_pep_publisher_publish (self->publisher,
                                  cau_xmpp_build_bookmark_retract (xmpp_conn_get_context (self->conn),
                                                                   id, room));
}

void
cau_xmpp_bookmarks_publish (CauXmppBookmarks      *self,
                            const CauXmppBookmark *bookmark)
{
  CauXmppBookmark *change_of = NULL;

  g_return_if_fail (self != NULL && bookmark != NULL && bookmark->room != NULL);

  if (self->conn == NULL)
    {
      g_debug ("Bookmark not published: offline");
      return;
    }
  change_of = cau_xmpp_bookmark_copy (bookmark);
  change_of->retracted = FALSE;
  change (self, change_of);
}

void
cau_xmpp_bookmarks_retract (CauXmppBookmarks *self,
                            const char       *room)
{
  CauXmppBookmark *removal;

  g_return_if_fail (self != NULL && room != NULL);

  if (self->conn == NULL)
    {
      g_debug ("Bookmark not retracted: offline");
      return;
    }
  removal = cau_xmpp_bookmark_new (room);
  removal->retracted = TRUE;
  change (self, removal);
}

/* Sessions. */

void
cau_xmpp_bookmarks_online (CauXmppBookmarks *self,
                           xmpp_conn_t      *conn,
                           const char       *own_bare,
                           gboolean          resumed)
{
  g_return_if_fail (self != NULL && conn != NULL && own_bare != NULL);

  self->conn = conn;
  cau_xmpp_pep_publisher_set_conn (self->publisher, conn);
  g_free (self->own_bare);
  self->own_bare = g_strdup (own_bare);
  if (resumed)
    return;
  /* Answers of the last session never come, and what waited for them is dropped. */
  cau_xmpp_pep_publisher_forget (self->publisher);
  g_ptr_array_set_size (self->waiting, 0);
  store_cb_done (self);
  g_clear_pointer (&self->fetch_id, g_free);
  self->mode = MODE_UNKNOWN;
  g_free (self->info_id);
  self->info_id = cau_xmpp_new_id ();
  xmpp_id_handler_add (conn, info_cb, self->info_id, self);
  send_stanza (self, cau_xmpp_build_disco_info_get (xmpp_conn_get_context (conn), self->info_id,
                                                    own_bare));
}

void
cau_xmpp_bookmarks_offline (CauXmppBookmarks *self)
{
  /* What we know stays true if the session is resumed. */
  self->conn = NULL;
  cau_xmpp_pep_publisher_set_conn (self->publisher, NULL);
}

/* Life cycle. */

CauXmppBookmarks *
cau_xmpp_bookmarks_new (CauXmppStream *stream)
{
  CauXmppBookmarks *self = g_new0 (CauXmppBookmarks, 1);

  self->stream = stream;
  self->known = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) cau_xmpp_bookmark_free);
  self->publisher = cau_xmpp_pep_publisher_new ("Bookmarks", configure_node);
  self->waiting = g_ptr_array_new_with_free_func ((GDestroyNotify) cau_xmpp_bookmark_free);
  return self;
}

void
cau_xmpp_bookmarks_free (CauXmppBookmarks *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->known);
  cau_xmpp_pep_publisher_free (self->publisher);
  g_ptr_array_unref (self->waiting);
  store_cb_done (self);
  g_free (self->info_id);
  g_free (self->fetch_id);
  g_free (self->own_bare);
  g_free (self);
}
