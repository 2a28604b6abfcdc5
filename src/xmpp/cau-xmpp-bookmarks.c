/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-xmpp-bookmarks.h"
#include "cau-jid.h"
#include "cau-xmpp-stream-private.h"
#include "cau-xmpp-utils.h"
#include "xeps/cau-xep-0402-bookmarks.h"

/*
 * What the server holds is kept here (room → CauXmppBookmark) only for the <extensions/> of
 * each item: a publication from the model carries what it knows of the room, and what other
 * clients added must not be lost (XEP-0402 §3.3). The model keeps its own list from the events.
 *
 * A publication refused for its options (a node another client made differently) configures
 * the node as §3.2 asks and is sent again, once.
 */

typedef struct {
  xmpp_stanza_t *iq;       /* the publication, to send again */
  gboolean       retried;
} Publication;

struct _CauXmppBookmarks
{
  CauXmppStream *stream;
  xmpp_conn_t   *conn;          /* while online */
  char          *own_bare;
  char          *fetch_id;      /* in flight */
  GHashTable    *known;         /* room → CauXmppBookmark, as the server has it */
  GHashTable    *publications;  /* iq id → Publication, until answered */
};

static void
publication_free (gpointer data)
{
  Publication *publication = data;

  xmpp_stanza_release (publication->iq);
  g_free (publication);
}

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

static void
fetch (CauXmppBookmarks *self)
{
  g_free (self->fetch_id);
  self->fetch_id = cau_xmpp_new_id ();
  xmpp_id_handler_add (self->conn, fetch_cb, self->fetch_id, self);
  send_stanza (self, cau_xmpp_build_bookmarks_fetch (xmpp_conn_get_context (self->conn),
                                                     self->fetch_id));
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

static void send_publication (CauXmppBookmarks *self, xmpp_stanza_t *iq, gboolean retried);

static gboolean
precondition_not_met (xmpp_stanza_t *stanza)
{
  xmpp_stanza_t *error = xmpp_stanza_get_child_by_name (stanza, "error");

  return error != NULL &&
         xmpp_stanza_get_child_by_name_and_ns (error, "precondition-not-met",
                                               CAU_NS_PUBSUB "#errors") != NULL;
}

static int
configure_cb (xmpp_conn_t   *conn,
              xmpp_stanza_t *stanza,
              void          *userdata)
{
  CauXmppBookmarks *self = userdata;
  g_autofree char *key = NULL;
  Publication *publication = NULL;

  if (!g_hash_table_steal_extended (self->publications, xmpp_stanza_get_id (stanza),
                                    (gpointer *) &key, (gpointer *) &publication))
    return 0;
  if (g_strcmp0 (xmpp_stanza_get_type (stanza), "result") == 0 && self->conn != NULL)
    {
      xmpp_stanza_t *again = xmpp_stanza_copy (publication->iq);
      g_autofree char *id = cau_xmpp_new_id ();

      xmpp_stanza_set_id (again, id);
      send_publication (self, again, TRUE);
    }
  else
    {
      g_message ("Bookmarks: our node could not be given the options the XEP asks for");
    }
  publication_free (publication);
  return 0;
}

static int
publish_cb (xmpp_conn_t   *conn,
            xmpp_stanza_t *stanza,
            void          *userdata)
{
  CauXmppBookmarks *self = userdata;
  g_autofree char *key = NULL;
  Publication *publication = NULL;

  if (!g_hash_table_steal_extended (self->publications, xmpp_stanza_get_id (stanza),
                                    (gpointer *) &key, (gpointer *) &publication))
    return 0;
  if (g_strcmp0 (xmpp_stanza_get_type (stanza), "result") != 0 && !publication->retried &&
      precondition_not_met (stanza) && self->conn != NULL)
    {
      g_autofree char *id = cau_xmpp_new_id ();

      g_debug ("Bookmarks: our node has other options; configuring it");
      g_hash_table_insert (self->publications, g_strdup (id), publication);
      xmpp_id_handler_add (conn, configure_cb, id, self);
      send_stanza (self, cau_xmpp_build_bookmarks_configure (xmpp_conn_get_context (conn), id));
      return 0;
    }
  if (g_strcmp0 (xmpp_stanza_get_type (stanza), "result") != 0)
    {
      g_autofree char *condition = cau_xmpp_stanza_error_condition (stanza, NULL);

      g_message ("Bookmarks: our server refused a change (%s)",
                 condition != NULL ? condition : "no reason");
    }
  publication_free (publication);
  return 0;
}

/* Sends `iq` (taken), kept until answered. */
static void
send_publication (CauXmppBookmarks *self,
                  xmpp_stanza_t    *iq,
                  gboolean          retried)
{
  Publication *publication = g_new0 (Publication, 1);

  publication->iq = xmpp_stanza_copy (iq);
  publication->retried = retried;
  g_hash_table_insert (self->publications, g_strdup (xmpp_stanza_get_id (iq)), publication);
  xmpp_id_handler_add (self->conn, publish_cb, xmpp_stanza_get_id (iq), self);
  send_stanza (self, iq);
}

void
cau_xmpp_bookmarks_publish (CauXmppBookmarks      *self,
                            const CauXmppBookmark *bookmark)
{
  g_autoptr(CauXmppBookmark) item = NULL;
  g_autofree char *id = NULL;
  CauXmppBookmark *known;

  g_return_if_fail (self != NULL && bookmark != NULL && bookmark->room != NULL);

  if (self->conn == NULL)
    {
      g_debug ("Bookmark not published: offline");
      return;
    }
  item = cau_xmpp_bookmark_copy (bookmark);
  known = g_hash_table_lookup (self->known, bookmark->room);
  if (item->extensions == NULL && known != NULL)
    item->extensions = g_strdup (known->extensions);

  id = cau_xmpp_new_id ();
  send_publication (self, cau_xmpp_build_bookmark_publish (xmpp_conn_get_context (self->conn),
                                                           id, item),
                    FALSE);
}

void
cau_xmpp_bookmarks_retract (CauXmppBookmarks *self,
                            const char       *room)
{
  g_autofree char *id = NULL;

  g_return_if_fail (self != NULL && room != NULL);

  if (self->conn == NULL)
    {
      g_debug ("Bookmark not retracted: offline");
      return;
    }
  id = cau_xmpp_new_id ();
  /* Nothing to configure for a retraction: a refusal is only told. */
  send_publication (self, cau_xmpp_build_bookmark_retract (xmpp_conn_get_context (self->conn),
                                                           id, room),
                    TRUE);
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
  g_free (self->own_bare);
  self->own_bare = g_strdup (own_bare);
  if (resumed)
    return;
  /* Answers of the last session never come. */
  g_hash_table_remove_all (self->publications);
  fetch (self);
}

void
cau_xmpp_bookmarks_offline (CauXmppBookmarks *self)
{
  /* What we know stays true if the session is resumed. */
  self->conn = NULL;
}

/* Life cycle. */

CauXmppBookmarks *
cau_xmpp_bookmarks_new (CauXmppStream *stream)
{
  CauXmppBookmarks *self = g_new0 (CauXmppBookmarks, 1);

  self->stream = stream;
  self->known = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) cau_xmpp_bookmark_free);
  self->publications = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                              publication_free);
  return self;
}

void
cau_xmpp_bookmarks_free (CauXmppBookmarks *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->known);
  g_hash_table_unref (self->publications);
  g_free (self->fetch_id);
  g_free (self->own_bare);
  g_free (self);
}
