/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-xmpp-avatars.h"
#include "cau-xmpp-stream-private.h"
#include "cau-jid.h"
#include "cau-xmpp-utils.h"
#include "xeps/cau-xep-0084-avatars.h"
#include "xeps/cau-xep-vcard.h"

#include <errno.h>
#include <glib/gstdio.h>

/*
 * The cache is a directory of files named by SHA-1: a hash we already
 * hold costs one stat() and no request, so a start with a thousand
 * contacts whose avatars did not change asks for nothing. Unknown hashes
 * are fetched a few at a time (MAX_IN_FLIGHT), newest wish per contact
 * first come first served; the queue is bounded, and what falls off it is
 * asked again at the contact's next announcement.
 */

#define MAX_IN_FLIGHT 2
#define MAX_QUEUED    1000
#define MAX_FAILED    1000

typedef struct {
  char     *jid;     /* bare */
  char     *id;
  gboolean  vcard;   /* XEP-0153: fetch the vCard, not the PEP data node */
  char     *iq_id;   /* while in flight */
} Fetch;

typedef enum {
  PUBLISH_IDLE,
  PUBLISH_DATA,
  PUBLISH_METADATA,
} PublishStep;

struct _CauXmppAvatars
{
  CauXmppStream *stream;
  CauXmppEngine *engine;
  CauXmppAvatarsKnowsFunc knows;
  gpointer       knows_data;
  xmpp_conn_t   *conn;       /* while online */
  char          *own_bare;

  GQueue         queue;      /* Fetch *, waiting */
  GHashTable    *in_flight;  /* iq id → Fetch * (owned) */
  GHashTable    *wanted;     /* avatar id → GPtrArray of bare JIDs waiting for it:
                              * queued or in flight */
  GHashTable    *failed;     /* avatar id → TRUE: not asked again this session */
  char          *own_id;     /* NULL unknown, "" none */

  /* Our own avatar being published: data, then metadata. */
  PublishStep    step;
  char          *publish_iq;
  GBytes        *publish_png;
  guint          publish_width;
  guint          publish_height;
  gboolean       publish_open;  /* with publish-options (dropped if refused) */
};

static void pump (CauXmppAvatars *self);

static void
fetch_free (Fetch *fetch)
{
  g_free (fetch->jid);
  g_free (fetch->id);
  g_free (fetch->iq_id);
  g_free (fetch);
}

static char *
cache_path (CauXmppAvatars *self,
            const char     *id)
{
  g_autofree char *dir = cau_xmpp_engine_dup_avatar_dir (self->engine);

  if (dir == NULL)
    return NULL;
  return g_build_filename (dir, id, NULL);
}

static gboolean
is_cached (CauXmppAvatars *self,
           const char     *id)
{
  g_autofree char *path = cache_path (self, id);

  return path != NULL && g_file_test (path, G_FILE_TEST_IS_REGULAR);
}

/* Written under a temporary name and renamed, so a reader never sees half
 * a file, and a crash leaves no file under the avatar's name. */
static gboolean
write_cache (CauXmppAvatars *self,
             const char     *id,
             GBytes         *data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = cau_xmpp_engine_dup_avatar_dir (self->engine);
  g_autofree char *path = NULL;
  gsize len;
  const char *raw = g_bytes_get_data (data, &len);

  if (dir == NULL)
    return FALSE;
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_debug ("Avatar cache %s: %s", dir, g_strerror (errno));
      return FALSE;
    }
  path = g_build_filename (dir, id, NULL);
  if (!g_file_set_contents_full (path, raw, (gssize) len,
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error))
    {
      g_debug ("Avatar not cached: %s", error->message);
      return FALSE;
    }
  return TRUE;
}

static void
post_avatar (CauXmppAvatars *self,
             const char     *jid,
             const char     *id,
             gboolean        fetched)
{
  CauXmppEvent *event = cau_xmpp_stream_new_event (self->stream, CAU_XMPP_EVENT_AVATAR);

  event->text = g_strdup (jid);
  event->text2 = g_strdup (id);
  event->number = fetched ? 1 : 0;
  cau_xmpp_event_post (event);
}

static void
set_own_id (CauXmppAvatars *self,
            const char     *id)
{
  const char *value = id != NULL ? id : "";
  gboolean was_unknown = self->own_id == NULL;

  if (g_strcmp0 (self->own_id, value) == 0)
    return;
  g_free (self->own_id);
  self->own_id = g_strdup (value);
  /* XEP-0153 §4.1: our presence carries the hash; send it again when it
   * changed. From unknown to none, the presence we sent (without the
   * element) said nothing wrong: one broadcast to every contact saved. */
  if (!(was_unknown && *value == '\0'))
    cau_xmpp_stream_resend_presence (self->stream);
}

/* `jid` has avatar `id` (NULL: none), in the cache. */
static void
announce (CauXmppAvatars *self,
          const char     *jid,
          const char     *id,
          gboolean        fetched)
{
  post_avatar (self, jid, id, fetched);
  if (g_strcmp0 (jid, self->own_bare) == 0)
    set_own_id (self, id);
}

/* Everyone who announced `id` while it was on its way has it now. */
static void
announce_waiting (CauXmppAvatars *self,
                  const char     *id,
                  gboolean        fetched)
{
  GPtrArray *jids = g_hash_table_lookup (self->wanted, id);

  for (guint i = 0; jids != NULL && i < jids->len; i++)
    announce (self, g_ptr_array_index (jids, i), id, fetched);
}

/* Fetching. */

static int
fetch_cb (xmpp_conn_t   *conn,
          xmpp_stanza_t *stanza,
          void          *userdata)
{
  CauXmppAvatars *self = userdata;
  Fetch *fetch = g_hash_table_lookup (self->in_flight, xmpp_stanza_get_id (stanza));
  g_autoptr(GBytes) data = NULL;
  gboolean own;
  const char *why = NULL;

  if (fetch == NULL)
    return 0;

  own = g_strcmp0 (fetch->jid, self->own_bare) == 0;
  data = fetch->vcard
    ? cau_xmpp_parse_vcard_photo (stanza, fetch->jid, own, fetch->id, &why)
    : cau_xmpp_parse_avatar_data (stanza, fetch->jid, own, fetch->id, &why);
  if (data == NULL)
    {
      /* A contact whose announced hash never matches must not cost a
       * request at each of its presences. */
      g_debug ("Avatar not taken: %s", why ? why : "no reason");
      if (g_hash_table_size (self->failed) < MAX_FAILED)
        g_hash_table_add (self->failed, g_strdup (fetch->id));
    }
  else if (write_cache (self, fetch->id, data))
    announce_waiting (self, fetch->id, TRUE);

  g_hash_table_remove (self->wanted, fetch->id);
  g_hash_table_remove (self->in_flight, xmpp_stanza_get_id (stanza));
  pump (self);
  return 0;
}

static void
pump (CauXmppAvatars *self)
{
  Fetch *fetch;

  while (self->conn != NULL && g_hash_table_size (self->in_flight) < MAX_IN_FLIGHT &&
         (fetch = g_queue_pop_head (&self->queue)) != NULL)
    {
      xmpp_ctx_t *ctx = xmpp_conn_get_context (self->conn);
      xmpp_stanza_t *iq;

      /* Another contact's announcement may have brought it meanwhile. */
      if (is_cached (self, fetch->id))
        {
          announce_waiting (self, fetch->id, FALSE);
          g_hash_table_remove (self->wanted, fetch->id);
          fetch_free (fetch);
          continue;
        }

      fetch->iq_id = cau_xmpp_new_id ();
      iq = fetch->vcard ? cau_xmpp_build_vcard_temp_get (ctx, fetch->iq_id, fetch->jid)
                        : cau_xmpp_build_avatar_data_get (ctx, fetch->iq_id, fetch->jid, fetch->id);
      g_hash_table_insert (self->in_flight, fetch->iq_id, fetch);
      cau_xmpp_engine_count_avatar_request (self->engine);
      g_debug ("Asking for an avatar (%s)", fetch->vcard ? "vCard, XEP-0153" : "PEP, XEP-0084");
      xmpp_id_handler_add (self->conn, fetch_cb, fetch->iq_id, self);
      xmpp_send (self->conn, iq);
      xmpp_stanza_release (iq);
    }
}

/* Our own, or someone in the roster. Anyone else's announcements could
 * make us fetch and keep a megabyte each, from as many addresses as a
 * hostile server makes up. */
static gboolean
may_fetch (CauXmppAvatars *self,
           const char     *jid)
{
  if (g_strcmp0 (jid, self->own_bare) == 0 || self->knows == NULL ||
      self->knows (self->knows_data, jid))
    return TRUE;
  g_debug ("Avatar of someone outside the roster ignored");
  return FALSE;
}

/* `jid` has avatar `id`: tell the model at once if we hold it, else fetch. `vouched`: the
 * caller knows `jid` (a room we are in), the roster need not. */
static void
want (CauXmppAvatars *self,
      const char     *jid,
      const char     *id,
      gboolean        vcard,
      gboolean        vouched)
{
  GPtrArray *waiting;
  Fetch *fetch;

  if (!vouched && !may_fetch (self, jid))
    return;

  if (is_cached (self, id))
    {
      announce (self, jid, id, FALSE);
      return;
    }
  if (g_hash_table_contains (self->failed, id))
    return;
  /* On its way for someone else (the same picture): this one waits too. */
  if ((waiting = g_hash_table_lookup (self->wanted, id)) != NULL)
    {
      if (!g_ptr_array_find_with_equal_func (waiting, jid, g_str_equal, NULL) &&
          waiting->len < MAX_QUEUED)
        g_ptr_array_add (waiting, g_strdup (jid));
      return;
    }
  if (g_queue_get_length (&self->queue) >= MAX_QUEUED)
    {
      g_debug ("Avatar queue full: one left for later");
      return;
    }

  fetch = g_new0 (Fetch, 1);
  fetch->jid = g_strdup (jid);
  fetch->id = g_strdup (id);
  fetch->vcard = vcard;
  waiting = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (waiting, g_strdup (jid));
  g_hash_table_insert (self->wanted, g_strdup (id), waiting);
  g_queue_push_tail (&self->queue, fetch);
  pump (self);
}

gboolean
cau_xmpp_avatars_handle_message (CauXmppAvatars *self,
                                 xmpp_stanza_t  *message)
{
  g_autofree char *jid = NULL;
  g_autofree char *id = NULL;
  const char *why = NULL;

  switch (cau_xmpp_parse_avatar_event (message, &jid, &id, &why))
    {
    case CAU_XMPP_AVATAR_EVENT_NONE:
      return FALSE;

    case CAU_XMPP_AVATAR_EVENT_DROPPED:
      g_debug ("Avatar event dropped: %s", why ? why : "no reason");
      return TRUE;

    case CAU_XMPP_AVATAR_EVENT_REMOVED:
      if (may_fetch (self, jid))
        announce (self, jid, NULL, FALSE);
      return TRUE;

    case CAU_XMPP_AVATAR_EVENT_SET:
      want (self, jid, id, FALSE, FALSE);
      return TRUE;

    default:
      g_assert_not_reached ();
    }
}

void
cau_xmpp_avatars_handle_presence (CauXmppAvatars *self,
                                  xmpp_stanza_t  *presence)
{
  g_autofree char *id = NULL;
  g_autofree char *jid = NULL;

  if (self->conn == NULL || xmpp_stanza_get_type (presence) != NULL)
    return;
  id = cau_xmpp_parse_vcard_update (presence);
  /* An empty <photo/> says "no vCard photo"; the PEP avatar, which our
   * server and most clients keep in step with it, has the last word. */
  if (id == NULL || *id == '\0')
    return;
  jid = cau_xmpp_jid_normalize_bare (xmpp_stanza_get_from (presence), NULL);
  if (jid == NULL)
    return;
  want (self, jid, id, TRUE, FALSE);
}

void
cau_xmpp_avatars_take_room (CauXmppAvatars *self,
                            const char     *room,
                            const char     *id)
{
  g_return_if_fail (room != NULL);

  if (id == NULL || *id == '\0')
    announce (self, room, NULL, FALSE);
  else if (cau_xmpp_avatar_id_is_valid (id))
    want (self, room, id, TRUE, TRUE);
}

char *
cau_xmpp_avatars_cache (CauXmppAvatars *self,
                        GBytes         *png)
{
  char *id = cau_xmpp_avatar_id_for (png);

  write_cache (self, id, png);
  return id;
}

/* Publishing our own. */

static void
publish_done (CauXmppAvatars *self)
{
  self->step = PUBLISH_IDLE;
  g_clear_pointer (&self->publish_iq, g_free);
  g_clear_pointer (&self->publish_png, g_bytes_unref);
}

static int publish_cb (xmpp_conn_t *conn, xmpp_stanza_t *stanza, void *userdata);

/* Sends the stanza of self->step. */
static void
publish_send (CauXmppAvatars *self)
{
  xmpp_ctx_t *ctx = xmpp_conn_get_context (self->conn);
  g_autofree char *id = NULL;
  xmpp_stanza_t *iq;

  g_free (self->publish_iq);
  self->publish_iq = cau_xmpp_new_id ();
  if (self->step == PUBLISH_DATA)
    iq = cau_xmpp_build_avatar_publish_data (ctx, self->publish_iq, self->publish_png,
                                             self->publish_open);
  else
    {
      gsize size = self->publish_png ? g_bytes_get_size (self->publish_png) : 0;

      id = self->publish_png ? cau_xmpp_avatar_id_for (self->publish_png) : NULL;
      iq = cau_xmpp_build_avatar_publish_metadata (ctx, self->publish_iq, id, size, "image/png",
                                                   self->publish_width, self->publish_height,
                                                   self->publish_open);
    }
  xmpp_id_handler_add (self->conn, publish_cb, self->publish_iq, self);
  xmpp_send (self->conn, iq);
  xmpp_stanza_release (iq);
}

static int
publish_cb (xmpp_conn_t   *conn,
            xmpp_stanza_t *stanza,
            void          *userdata)
{
  CauXmppAvatars *self = userdata;
  g_autofree char *condition = NULL;
  g_autofree char *id = NULL;

  if (self->step == PUBLISH_IDLE || g_strcmp0 (xmpp_stanza_get_id (stanza), self->publish_iq) != 0)
    return 0;

  if (g_strcmp0 (xmpp_stanza_get_type (stanza), "result") != 0)
    {
      condition = cau_xmpp_stanza_error_condition (stanza, NULL);
      /* A node that exists with another access model refuses the options
       * (XEP-0060 §7.1.5): publish into it as it is. */
      if (self->publish_open && self->conn != NULL)
        {
          g_debug ("Avatar publish-options refused (%s): publishing without",
                   condition ? condition : "no condition");
          self->publish_open = FALSE;
          publish_send (self);
          return 0;
        }
      g_debug ("Avatar not published: %s", condition ? condition : "no condition");
      publish_done (self);
      return 0;
    }

  if (self->step == PUBLISH_DATA && self->conn != NULL)
    {
      self->step = PUBLISH_METADATA;
      publish_send (self);
      return 0;
    }

  /* Done. Our own notification will say so too; the model hears it now. */
  id = self->publish_png ? cau_xmpp_avatar_id_for (self->publish_png) : NULL;
  announce (self, self->own_bare, id, FALSE);
  publish_done (self);
  return 0;
}

void
cau_xmpp_avatars_publish (CauXmppAvatars *self,
                          GBytes         *png,
                          guint           width,
                          guint           height)
{
  if (self->conn == NULL)
    {
      g_debug ("Avatar not published: offline");
      return;
    }
  if (png != NULL && g_bytes_get_size (png) > CAU_XMPP_AVATAR_MAX_BYTES)
    {
      g_debug ("Avatar not published: too large");
      return;
    }

  /* Our own image is in the cache before anyone asks for it (tools
   * without a cache publish all the same). */
  if (png != NULL)
    g_free (cau_xmpp_avatars_cache (self, png));

  publish_done (self);
  self->publish_png = png ? g_bytes_ref (png) : NULL;
  self->publish_width = width;
  self->publish_height = height;
  self->publish_open = TRUE;
  /* Removal: an empty metadata item (XEP-0084 §4.5); the data may stay. */
  self->step = png != NULL ? PUBLISH_DATA : PUBLISH_METADATA;
  publish_send (self);
}

const char *
cau_xmpp_avatars_get_own_id (CauXmppAvatars *self)
{
  return self->own_id;
}

void
cau_xmpp_avatars_set_known_own_id (CauXmppAvatars *self,
                                   const char     *id)
{
  g_free (self->own_id);
  self->own_id = g_strdup (id);
}

/* Sessions. */

void
cau_xmpp_avatars_online (CauXmppAvatars *self,
                         xmpp_conn_t    *conn,
                         gboolean        resumed)
{
  self->conn = conn;
  g_free (self->own_bare);
  self->own_bare = cau_jid_bare (xmpp_conn_get_bound_jid (conn));
  if (!resumed)
    {
      /* Answers to the last session's requests will not come: they are
       * announced again in this one. What waits in the queue stays. */
      GHashTableIter iter;
      Fetch *fetch;

      g_hash_table_iter_init (&iter, self->in_flight);
      while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &fetch))
        g_hash_table_remove (self->wanted, fetch->id);
      g_hash_table_remove_all (self->in_flight);
      g_hash_table_remove_all (self->failed);
    }
  pump (self);
}

void
cau_xmpp_avatars_offline (CauXmppAvatars *self)
{
  self->conn = NULL;
  if (self->step != PUBLISH_IDLE)
    {
      g_debug ("Avatar not published: went offline");
      publish_done (self);
    }
}

CauXmppAvatars *
cau_xmpp_avatars_new (CauXmppStream           *stream,
                      CauXmppEngine           *engine,
                      CauXmppAvatarsKnowsFunc  knows,
                      gpointer                 knows_data)
{
  CauXmppAvatars *self = g_new0 (CauXmppAvatars, 1);

  self->stream = stream;
  self->engine = engine;
  self->knows = knows;
  self->knows_data = knows_data;
  g_queue_init (&self->queue);
  self->in_flight = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                           (GDestroyNotify) fetch_free);
  self->wanted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) g_ptr_array_unref);
  self->failed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return self;
}

void
cau_xmpp_avatars_free (CauXmppAvatars *self)
{
  publish_done (self);
  g_queue_clear_full (&self->queue, (GDestroyNotify) fetch_free);
  g_hash_table_unref (self->in_flight);
  g_hash_table_unref (self->wanted);
  g_hash_table_unref (self->failed);
  g_free (self->own_bare);
  g_free (self->own_id);
  g_free (self);
}
