/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include <string.h>

#include "cau-xmpp-chat.h"
#include "cau-xmpp-omemo.h"
#include "cau-xmpp-stream-private.h"
#include "cau-jid.h"
#include "cau-xmpp-utils.h"
#include "cau-xmpp-profiles.h"
#include "cau-xmpp-avatars.h"
#include "cau-xmpp-bookmarks.h"
#include "cau-xmpp-rooms.h"
#include "xeps/cau-xep-0045-muc.h"
#include "xeps/cau-xep-0191-blocking.h"
#include "xeps/cau-xep-0490-mds.h"
#include "xeps/cau-xep-messages.h"

/*
 * DESIGN §4 on the engine thread.
 *
 * Inbound: every message stanza is parsed and validated at once, then kept
 * until the end of the wake-up (or a full batch) and stored in one
 * transaction; receipts go out after the store. Archive results wait for
 * their page's <fin/> and are stored with the catch-up cursor of the page,
 * so a crash between pages resumes from the last page stored.
 *
 * Outbound: the model writes a message to the store (pending) and then
 * asks us to send it. On each new session the whole outbox is sent again,
 * each message with its own id, so receivers drop what they already have.
 * A message is "sent" once the server has answered a ping sent after it:
 * the server handles a stream's stanzas in order.
 *
 * Live messages that arrive during the catch-up are held until it is
 * stored: the server's offline store delivers the same messages as the
 * archive, stamped to the second only, and storing both streams as they
 * come would interleave them out of order.
 *
 * The cursor: the newest archive id up to which we hold everything. It
 * moves with each catch-up page, and with live messages only once the
 * catch-up of this session is complete (before, a live message would jump
 * over messages the catch-up has yet to bring).
 */

#define INBOUND_BATCH      200
#define CATCHUP_PAGE       250
#define LATEST_PAGE        50
#define HISTORY_PAGE       100

typedef enum {
  QUERY_CATCHUP,    /* forward from the cursor */
  QUERY_LATEST,     /* nothing held yet: the newest page only */
  QUERY_HISTORY,    /* back through one conversation */
} QueryKind;

typedef struct {
  QueryKind  kind;
  char      *peer;       /* QUERY_HISTORY */
  char      *query_id;
  char      *iq_id;
  GPtrArray *results;    /* CauXmppMessage * */
} MamQuery;

struct _CauXmppChat
{
  CauXmppStream             *stream;
  xmpp_conn_t               *conn;      /* while online */
  char                      *own_jid;   /* full, bound */
  char                      *own_bare;

  const CauXmppArchiveFuncs *archive;
  gpointer                   archive_data;
  GDestroyNotify             archive_destroy;

  GPtrArray                 *inbound;   /* CauXmppMessage *, this wake-up */
  GPtrArray                 *held;      /* CauXmppMessage *, live during the catch-up */
  GPtrArray                 *receipts;  /* full JID, id, full JID, id, … */

  MamQuery                  *query;     /* in flight */
  GPtrArray                 *page;      /* a catch-up page to store, and its cursor */
  char                      *page_cursor;
  GQueue                     history_wanted;  /* peers (char *) */
  gboolean                   caught_up;
  gboolean                   final_pass;  /* this catch-up pass began after our presence */

  GHashTable                *sent;      /* local ids sent this session */
  GArray                    *awaiting;  /* sent, not yet confirmed */
  GHashTable                *confirming;  /* ping id → GArray of local ids */

  CauXmppBlocking           *blocking;  /* XEP-0191 */
  CauXmppMds                *mds;       /* XEP-0490 */
  CauXmppProfiles           *profiles;  /* vCards, software, nicknames */
  CauXmppAvatars            *avatars;   /* XEP-0084, XEP-0153 */
  CauXmppOmemo              *omemo;     /* XEP-0384 */
  GHashTable                *to_encrypt;  /* peer → GPtrArray of CauXmppOutgoing *, waiting for
                                           * sessions */
  CauXmppRooms              *rooms;     /* XEP-0045 */
  GHashTable                *to_rooms;  /* room → GPtrArray of CauXmppOutgoing *, waiting until
                                         * we are in */
  CauXmppBookmarks          *bookmarks; /* XEP-0402, or XEP-0048 */
};

static void start_query (CauXmppChat *self, QueryKind kind, const char *peer,
                         const char *after, const char *before);
static int  confirm_cb  (xmpp_conn_t *conn, xmpp_stanza_t *stanza, void *userdata);
static void start_catchup_pass (CauXmppChat *self);

static void
mam_query_free (MamQuery *query)
{
  g_free (query->peer);
  g_free (query->query_id);
  g_free (query->iq_id);
  if (query->results != NULL)
    g_ptr_array_unref (query->results);
  g_free (query);
}

static void
post_event (CauXmppChat      *self,
            CauXmppEventType  type,
            const char       *text,
            const char       *text2,
            int               number)
{
  CauXmppEvent *event = cau_xmpp_stream_new_event (self->stream, type);

  event->text = g_strdup (text);
  event->text2 = g_strdup (text2);
  event->number = number;
  cau_xmpp_event_post (event);
}

static void
send_stanza (CauXmppChat   *self,
             xmpp_stanza_t *stanza)
{
  xmpp_send (self->conn, stanza);
  xmpp_stanza_release (stanza);
}

static xmpp_ctx_t *
ctx (CauXmppChat *self)
{
  return xmpp_conn_get_context (self->conn);
}

/* Storing. */

static void
store (CauXmppChat *self,
       GPtrArray   *messages,
       const char  *cursor)
{
  if (self->archive != NULL && (messages->len > 0 || cursor != NULL))
    self->archive->store (self->archive_data, messages, cursor);
}

static char *
archive_get_cursor (CauXmppChat *self)
{
  return self->archive ? self->archive->get_cursor (self->archive_data) : NULL;
}

/* Inbound. */

/* XEP-0184: to the full JID that asked, sent after the store. */
static void
queue_receipt (CauXmppChat    *self,
               CauXmppMessage *message)
{
  if (message->outgoing || !message->wants_receipt || message->body == NULL ||
      message->id == NULL || message->sender_resource == NULL)
    return;
  g_ptr_array_add (self->receipts, g_strconcat (message->sender, "/", message->sender_resource,
                                                NULL));
  g_ptr_array_add (self->receipts, g_strdup (message->id));
}

static void
take_inbound (CauXmppChat    *self,
              CauXmppMessage *message)
{
  if (message->chat_state != CAU_XMPP_CHAT_STATE_NONE && !message->outgoing &&
      message->source == CAU_XMPP_SOURCE_LIVE)
    post_event (self, CAU_XMPP_EVENT_CHAT_STATE, message->peer, NULL, message->chat_state);

  if (message->source == CAU_XMPP_SOURCE_LIVE)
    queue_receipt (self, message);

  /* Tools and tests without storage see bodies as events. */
  if (self->archive == NULL)
    cau_xmpp_stream_post_body (self->stream, message);

  if (message->body == NULL && message->receipt_for == NULL &&
      message->displayed_for == NULL && message->displayed_stanza_id == NULL &&
      !message->is_error && message->crypto_error == CAU_XMPP_CRYPTO_OK)
    {
      cau_xmpp_message_free (message);
      return;
    }

  g_ptr_array_add (self->inbound, message);
  if (self->inbound->len >= INBOUND_BATCH)
    cau_xmpp_chat_flush (self);
}

static void
take_read_state (gpointer        chat,
                 CauXmppMessage *read_state)
{
  take_inbound (chat, read_state);
}

static gboolean
catching_up (CauXmppChat *self)
{
  return self->query != NULL && self->query->kind != QUERY_HISTORY;
}

/* After the catch-up: the stream was open all along, so nothing is
 * missing up to the newest message received live, and the cursor may move
 * there (at worst it lands on a message the catch-up had already passed,
 * and the next catch-up fetches a few twice). */
static void
store_held (CauXmppChat *self,
            gboolean     caught_up)
{
  store (self, self->held, caught_up ? cau_xmpp_messages_newest_stanza_id (self->held) : NULL);
  g_ptr_array_set_size (self->held, 0);
}

static void
store_page (CauXmppChat *self)
{
  if (self->page == NULL)
    return;
  store (self, self->page, self->page_cursor);
  g_clear_pointer (&self->page, g_ptr_array_unref);
  g_clear_pointer (&self->page_cursor, g_free);
}

static void
store_page_later (CauXmppChat *self,
                  GPtrArray   *page,
                  char        *cursor)
{
  store_page (self);  /* pages are stored in order */
  self->page = page;
  self->page_cursor = cursor;
}

void
cau_xmpp_chat_flush (CauXmppChat *self)
{
  store_page (self);
  cau_xmpp_rooms_flush (self->rooms);

  if (self->inbound->len > 0 && catching_up (self) && self->conn != NULL)
    {
      g_ptr_array_extend_and_steal (self->held, self->inbound);
      self->inbound = g_ptr_array_new_with_free_func ((GDestroyNotify) cau_xmpp_message_free);
    }
  else if (self->inbound->len > 0)
    {
      /* Live messages move the cursor only once this session has caught
       * up; until then the catch-up pages move it. */
      const char *cursor = self->caught_up && self->query == NULL
        ? cau_xmpp_messages_newest_stanza_id (self->inbound) : NULL;

      store (self, self->inbound, cursor);
      g_ptr_array_set_size (self->inbound, 0);
    }

  /* Receipts for what the catch-up brings wait for its end: the server
   * handles a stream's stanzas in order, and each receipt it routes (or
   * stores, for a sender gone offline) delays the next archive page. */
  if (self->conn == NULL)
    {
      g_ptr_array_set_size (self->receipts, 0);
    }
  else if (self->receipts->len > 0 && !catching_up (self))
    {
      for (guint i = 0; i + 1 < self->receipts->len; i += 2)
        send_stanza (self, cau_xmpp_build_receipt (ctx (self),
                                                   g_ptr_array_index (self->receipts, i),
                                                   g_ptr_array_index (self->receipts, i + 1)));
      g_ptr_array_set_size (self->receipts, 0);
    }

  if (self->conn != NULL && !catching_up (self))
    cau_xmpp_omemo_send_answers (self->omemo);

  if (self->conn != NULL && self->awaiting->len > 0)
    {
      /* One ping confirms everything sent before it. */
      char *id = cau_xmpp_new_id ();
      g_autofree char *domain = cau_jid_domain (self->own_bare);

      g_hash_table_insert (self->confirming, id, self->awaiting);
      self->awaiting = g_array_new (FALSE, FALSE, sizeof (gint64));
      xmpp_id_handler_add (self->conn, confirm_cb, id, self);
      send_stanza (self, cau_xmpp_build_ping (ctx (self), domain, id));
    }
}

/* An invitation to a room: posted unless someone we blocked sent it (the server only stops
 * what they send us themselves, not what a room relays from them). Never entered by itself:
 * the person decides. TRUE when the message was one (taken or dropped): whatever text came
 * with it is the inviting client's fallback for clients without invitations. */
static gboolean
handle_invitation (CauXmppChat   *self,
                   xmpp_stanza_t *stanza)
{
  const char *why = NULL;
  g_autoptr(CauXmppInvitation) invitation = cau_xmpp_parse_muc_invitation (stanza,
                                                                           self->own_bare,
                                                                           &why);
  CauXmppEvent *event;

  if (invitation == NULL)
    {
      if (why != NULL)
        g_debug ("Invitation dropped: %s", why);
      return why != NULL;
    }
  if (cau_xmpp_blocking_is_blocked (self->blocking, invitation->inviter) ||
      cau_xmpp_blocking_is_blocked (self->blocking, invitation->room))
    {
      g_debug ("Invitation dropped: from someone blocked");
      return TRUE;
    }
  event = cau_xmpp_stream_new_event (self->stream, CAU_XMPP_EVENT_ROOM_INVITATION);
  event->text = g_strdup (invitation->room);
  event->data = g_steal_pointer (&invitation);
  event->data_free = (GDestroyNotify) cau_xmpp_invitation_free;
  cau_xmpp_event_post (event);
  return TRUE;
}

/* An invitation that reached our archive while we were away (the server keeps a message to
 * our bare JID while no client of ours is available, as in the moment between signing in and
 * our first presence): taken when catching up (or from the newest page, on a new install),
 * never from pages back through history (long answered). TRUE when it was one. */
static gboolean
handle_archived_invitation (CauXmppChat   *self,
                            xmpp_stanza_t *stanza)
{
  xmpp_stanza_t *result, *forwarded, *inner;
  g_autofree char *from = NULL;

  if (self->query == NULL || self->query->kind == QUERY_HISTORY ||
      g_strcmp0 (cau_xmpp_mam_result_query_id (stanza), self->query->query_id) != 0)
    return FALSE;
  from = cau_xmpp_jid_normalize_bare (xmpp_stanza_get_from (stanza), NULL);
  if (xmpp_stanza_get_from (stanza) != NULL && g_strcmp0 (from, self->own_bare) != 0)
    return FALSE;
  result = xmpp_stanza_get_child_by_name_and_ns (stanza, "result", CAU_NS_MAM);
  forwarded = result ? xmpp_stanza_get_child_by_name (result, "forwarded") : NULL;
  inner = forwarded ? xmpp_stanza_get_child_by_name (forwarded, "message") : NULL;
  if (inner == NULL)
    return FALSE;
  /* Our own invitations to others are in the archive too: those are not for us. */
  {
    g_autofree char *to = cau_xmpp_jid_normalize_bare (xmpp_stanza_get_to (inner), NULL);

    if (g_strcmp0 (to, self->own_bare) != 0)
      return FALSE;
  }
  return handle_invitation (self, inner);
}

/* A private message with a room's occupant (§7.5) has a conversation of its own, with the
 * occupant's JID: it must not land in the room's, as if said to everyone. */
static void
to_private_conversation (CauXmppChat    *self,
                         CauXmppMessage *message)
{
  char *occupant = cau_xmpp_rooms_private_peer (self->rooms, message);

  if (occupant == NULL)
    return;
  /* The author stays the room with the nickname as resource, as received. */
  g_free (message->peer);
  message->peer = occupant;
}

gboolean
cau_xmpp_chat_handle_message (CauXmppChat   *self,
                              xmpp_stanza_t *stanza)
{
  const char *why = NULL;
  const char *query_id = cau_xmpp_mam_result_query_id (stanza);
  CauXmppMessage *message;

  if (self->own_jid == NULL)
    return FALSE;
  if (cau_xmpp_rooms_handle_message (self->rooms, stanza))
    return TRUE;
  if (query_id == NULL ? handle_invitation (self, stanza)
                       : handle_archived_invitation (self, stanza))
    return TRUE;
  if (cau_xmpp_profiles_handle_message (self->profiles, stanza))
    return TRUE;

  if (query_id == NULL && cau_xmpp_avatars_handle_message (self->avatars, stanza))
    return TRUE;
  if (query_id == NULL && cau_xmpp_omemo_handle_message (self->omemo, stanza))
    return TRUE;
  if (query_id == NULL && cau_xmpp_bookmarks_handle_message (self->bookmarks, stanza))
    return TRUE;

  if (query_id != NULL)
    {
      if (self->query == NULL || g_strcmp0 (query_id, self->query->query_id) != 0)
        {
          g_debug ("Archive result dropped: not our query");
          return TRUE;
        }
      message = cau_xmpp_parse_mam_result (stanza, self->own_jid, self->own_bare,
                                           self->query->query_id, &why);
      if (message == NULL)
        {
          g_debug ("Archive result dropped: %s", why);
          return TRUE;
        }
      to_private_conversation (self, message);
      cau_xmpp_omemo_decrypt (self->omemo, message);
      g_ptr_array_add (self->query->results, message);
      return TRUE;
    }

  if (cau_xmpp_mds_handle_message (self->mds, stanza))
    return TRUE;

  message = cau_xmpp_parse_message (stanza, self->own_jid, g_get_real_time (), &why);
  if (message == NULL)
    {
      g_debug ("Message dropped: %s", why ? why : "no reason");
      return FALSE;
    }
  to_private_conversation (self, message);
  cau_xmpp_omemo_decrypt (self->omemo, message);
  take_inbound (self, message);
  return TRUE;
}

/* Confirmation pings. */

static int
confirm_cb (xmpp_conn_t   *conn,
            xmpp_stanza_t *stanza,
            void          *userdata)
{
  CauXmppChat *self = userdata;
  GArray *ids = g_hash_table_lookup (self->confirming, xmpp_stanza_get_id (stanza));

  /* Any answer, even an error, means the server took what came before. */
  if (ids != NULL && self->archive != NULL)
    self->archive->mark_sent (self->archive_data, ids);
  g_hash_table_remove (self->confirming, xmpp_stanza_get_id (stanza));
  return 0;
}

/* Archive queries (XEP-0313). */

static int
mam_iq_cb (xmpp_conn_t   *conn,
           xmpp_stanza_t *iq,
           void          *userdata)
{
  CauXmppChat *self = userdata;
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;
  g_autofree char *condition = NULL;
  gboolean complete = FALSE;
  MamQuery *query = self->query;

  if (query == NULL || g_strcmp0 (xmpp_stanza_get_id (iq), query->iq_id) != 0)
    return 0;
  self->query = NULL;

  if (g_strcmp0 (xmpp_stanza_get_type (iq), "result") != 0 ||
      !cau_xmpp_parse_mam_fin (iq, &complete, &first, &last))
    {
      condition = cau_xmpp_stanza_error_condition (iq, NULL);
      g_debug ("Archive query failed: %s", condition ? condition : "no <fin/>");
      if (query->kind == QUERY_CATCHUP && g_strcmp0 (condition, "item-not-found") == 0)
        {
          /* The archive no longer has our cursor (expired): start over
           * from its newest page; older history comes when scrolled to. */
          if (self->archive != NULL)
            self->archive->reset_cursor (self->archive_data);
          mam_query_free (query);
          start_query (self, QUERY_LATEST, NULL, NULL, "");
          return 0;
        }
      complete = TRUE;
      g_clear_pointer (&last, g_free);
    }

  switch (query->kind)
    {
    case QUERY_CATCHUP:
    case QUERY_LATEST:
      g_debug ("Catch-up page: %u messages%s", query->results->len, complete ? ", complete" : "");
      /* What came while we were away reaches this device now: the sender
       * learns it, as with the server's offline store. (On a new install
       * the newest page may hold messages another device acknowledged
       * already: a second receipt changes nothing for the sender.) */
      for (guint i = 0; i < query->results->len; i++)
        queue_receipt (self, g_ptr_array_index (query->results, i));
      if (!complete && last != NULL && query->kind == QUERY_CATCHUP)
        {
          /* Ask for the next page, and store this one at the end of the
           * wake-up, once the request is written: the server looks the
           * next page up while we store. */
          start_query (self, QUERY_CATCHUP, NULL, last, NULL);
          store_page_later (self, g_steal_pointer (&query->results), g_steal_pointer (&last));
          break;
        }
      store (self, query->results, last);
      if (!self->final_pass)
        {
          /* The first pass went out before our presence: a message that
           * reached the server between the two was neither in its result
           * nor delivered to us (the server keeps the offline store from
           * sessions that use the archive). One more pass, from where the
           * first ended, closes that gap. */
          self->final_pass = TRUE;
          mam_query_free (query);
          start_catchup_pass (self);
          return 0;
        }
      else
        {
          self->caught_up = TRUE;
          store_held (self, TRUE);
          post_event (self, CAU_XMPP_EVENT_CAUGHT_UP, NULL, NULL, 0);
          /* The read states name messages: ask once they are stored. */
          cau_xmpp_mds_caught_up (self->mds);
          /* No key exchange can come again from the archive: used pre-keys go. */
          cau_xmpp_omemo_caught_up (self->omemo);
        }
      break;

    case QUERY_HISTORY:
      store (self, query->results, NULL);
      if (complete && self->archive != NULL)
        self->archive->history_complete (self->archive_data, query->peer);
      post_event (self, CAU_XMPP_EVENT_HISTORY_PAGE, query->peer, NULL,
                  complete ? -1 : (int) query->results->len);
      break;

    default:
      g_assert_not_reached ();
    }
  mam_query_free (query);

  if (self->query == NULL && !g_queue_is_empty (&self->history_wanted))
    {
      g_autofree char *peer = g_queue_pop_head (&self->history_wanted);

      cau_xmpp_chat_fetch_history (self, peer);
    }
  return 0;
}

static void
start_query (CauXmppChat *self,
             QueryKind    kind,
             const char  *peer,
             const char  *after,
             const char  *before)
{
  MamQuery *query = g_new0 (MamQuery, 1);
  guint max = kind == QUERY_CATCHUP ? CATCHUP_PAGE
            : kind == QUERY_LATEST ? LATEST_PAGE : HISTORY_PAGE;

  g_assert (self->query == NULL);
  query->kind = kind;
  query->peer = g_strdup (peer);
  query->query_id = cau_xmpp_new_id ();
  query->iq_id = cau_xmpp_new_id ();
  query->results = g_ptr_array_new_with_free_func ((GDestroyNotify) cau_xmpp_message_free);
  self->query = query;

  xmpp_id_handler_add (self->conn, mam_iq_cb, query->iq_id, self);
  send_stanza (self, cau_xmpp_build_mam_query (ctx (self), query->iq_id, query->query_id,
                                               peer, after, before, max));
}

static void
start_catchup_pass (CauXmppChat *self)
{
  g_autofree char *cursor = archive_get_cursor (self);

  if (cursor != NULL)
    start_query (self, QUERY_CATCHUP, NULL, cursor, NULL);
  else
    start_query (self, QUERY_LATEST, NULL, NULL, "");
}

void
cau_xmpp_chat_fetch_history (CauXmppChat *self,
                             const char  *peer)
{
  g_autofree char *oldest = NULL;

  if (cau_xmpp_rooms_fetch_history (self->rooms, peer))
    return;
  if (self->conn == NULL)
    return;
  if (self->query != NULL)
    {
      for (GList *l = self->history_wanted.head; l != NULL; l = l->next)
        if (g_strcmp0 (l->data, peer) == 0)
          return;
      g_queue_push_tail (&self->history_wanted, g_strdup (peer));
      return;
    }

  if (self->archive != NULL)
    oldest = self->archive->get_oldest_id (self->archive_data, peer);
  start_query (self, QUERY_HISTORY, peer, NULL, oldest ? oldest : "");
}

/* Roster (RFC 6121 §2, XEP-0237). */

static void
store_roster (CauXmppChat   *self,
              xmpp_stanza_t *iq,
              gboolean       push)
{
  g_autoptr(GPtrArray) items = NULL;
  g_autofree char *ver = NULL;
  gboolean empty = FALSE;
  const char *why = NULL;

  items = cau_xmpp_parse_roster (iq, self->own_jid, &ver, &empty, &why);
  if (items == NULL)
    {
      g_debug ("Roster dropped: %s", why ? why : "no reason");
      return;
    }
  if (self->archive != NULL && (!empty || ver != NULL))
    self->archive->store_roster (self->archive_data, items, ver, !push && !empty);
  /* number: 1 when the server sent the whole roster (not "unchanged"). */
  post_event (self, CAU_XMPP_EVENT_ROSTER, NULL, NULL, !push && !empty);
}

static int
roster_result_cb (xmpp_conn_t   *conn,
                  xmpp_stanza_t *iq,
                  void          *userdata)
{
  CauXmppChat *self = userdata;

  if (g_strcmp0 (xmpp_stanza_get_type (iq), "result") == 0)
    store_roster (self, iq, FALSE);
  return 0;
}

static void
request_roster (CauXmppChat *self)
{
  g_autofree char *id = cau_xmpp_new_id ();
  g_autofree char *ver = NULL;

  if (self->archive != NULL)
    ver = self->archive->get_roster_version (self->archive_data);
  xmpp_id_handler_add (self->conn, roster_result_cb, id, self);
  send_stanza (self, cau_xmpp_build_roster_get (ctx (self), id, ver ? ver : ""));
}

gboolean
cau_xmpp_chat_handle_iq (CauXmppChat   *self,
                         xmpp_stanza_t *iq)
{
  xmpp_stanza_t *reply;
  g_autoptr(GPtrArray) items = NULL;
  const char *why = NULL;

  if (self->own_jid != NULL && cau_xmpp_blocking_handle_iq (self->blocking, iq))
    return TRUE;
  if (self->own_jid == NULL || g_strcmp0 (xmpp_stanza_get_type (iq), "set") != 0 ||
      xmpp_stanza_get_child_by_name_and_ns (iq, "query", CAU_NS_ROSTER) == NULL)
    return FALSE;

  items = cau_xmpp_parse_roster (iq, self->own_jid, NULL, NULL, &why);
  if (items == NULL)
    {
      g_debug ("Roster push refused: %s", why ? why : "no reason");
      reply = cau_xmpp_iq_error (iq, "cancel", "service-unavailable");
      send_stanza (self, reply);
      return TRUE;
    }

  store_roster (self, iq, TRUE);
  /* The server's pushes have no `from`: xmpp_stanza_reply() would give NULL. */
  reply = cau_xmpp_iq_result (iq);
  send_stanza (self, reply);
  return TRUE;
}

void
cau_xmpp_chat_roster_set (CauXmppChat        *self,
                          const char         *jid,
                          const char         *name,
                          const char * const *groups,
                          gboolean            remove)
{
  g_autofree char *id = cau_xmpp_new_id ();

  if (self->conn == NULL)
    return;
  send_stanza (self, cau_xmpp_build_roster_set (ctx (self), id, jid, name, groups, remove));
}

/* Presence of others. */

void
cau_xmpp_chat_handle_presence (CauXmppChat   *self,
                               xmpp_stanza_t *presence)
{
  const char *from = xmpp_stanza_get_from (presence);
  const char *type = xmpp_stanza_get_type (presence);
  g_autofree char *bare = NULL;
  g_autofree char *status = NULL;
  xmpp_stanza_t *child;

  if (from == NULL || (bare = cau_jid_bare (from)) == NULL)
    return;
  if (cau_xmpp_rooms_handle_presence (self->rooms, presence))
    return;

  child = xmpp_stanza_get_child_by_name (presence, "status");
  if (child != NULL)
    status = xmpp_stanza_get_text (child);
  if (status != NULL && !g_utf8_validate (status, -1, NULL))
    g_clear_pointer (&status, g_free);
  if (status != NULL && g_utf8_strlen (status, 1025) > 1024)
    status[g_utf8_offset_to_pointer (status, 1024) - status] = '\0';

  /* A request (with its XEP-0172 nick and message), or its withdrawal
   * (number -1) before we answered. */
  if (g_strcmp0 (type, "subscribe") == 0 || g_strcmp0 (type, "unsubscribe") == 0)
    {
      CauXmppEvent *event = cau_xmpp_stream_new_event (self->stream,
                                                       CAU_XMPP_EVENT_SUBSCRIPTION_REQUEST);
      gboolean withdrawn = g_str_equal (type, "unsubscribe");

      event->text = g_steal_pointer (&bare);
      if (!withdrawn)
        {
          event->text2 = cau_xmpp_parse_nick (presence);
          event->text3 = g_steal_pointer (&status);
        }
      event->number = withdrawn ? -1 : 0;
      cau_xmpp_event_post (event);
      return;
    }
  if (type != NULL && g_strcmp0 (type, "unavailable") != 0)
    return;
  cau_xmpp_avatars_handle_presence (self->avatars, presence);

  /* number: -1 unavailable, else the CauXmppShow. */
  post_event (self, CAU_XMPP_EVENT_PRESENCE, from, status,
              type != NULL ? -1 : (int) cau_xmpp_presence_get_show (presence));
}

void
cau_xmpp_chat_send_subscription (CauXmppChat *self,
                                 const char  *jid,
                                 const char  *type,
                                 const char  *status)
{
  xmpp_stanza_t *presence;

  if (self->conn == NULL)
    return;
  presence = xmpp_presence_new (ctx (self));
  xmpp_stanza_set_to (presence, jid);
  xmpp_stanza_set_type (presence, type);
  if (status != NULL && *status != '\0')
    cau_xmpp_add_text_child (presence, "status", status);
  send_stanza (self, presence);
}

void
cau_xmpp_chat_send_presence_to (CauXmppChat *self,
                                const char  *to)
{
  cau_xmpp_stream_send_presence_to (self->stream, to);
}

void
cau_xmpp_chat_set_blocked (CauXmppChat *self,
                           const char  *jid,
                           gboolean     blocked)
{
  cau_xmpp_blocking_set (self->blocking, jid, blocked);
}

void
cau_xmpp_chat_publish_avatar (CauXmppChat *self,
                              GBytes      *png,
                              guint        width,
                              guint        height)
{
  cau_xmpp_avatars_publish (self->avatars, png, width, height);
}

const char *
cau_xmpp_chat_get_own_avatar_id (CauXmppChat *self)
{
  return cau_xmpp_avatars_get_own_id (self->avatars);
}

void
cau_xmpp_chat_set_known_own_avatar (CauXmppChat *self,
                                    const char  *id)
{
  cau_xmpp_avatars_set_known_own_id (self->avatars, id);
}

/* Outbound. */

/* XEP-0308: a correction of ours says which message it corrects, outside any encryption, as
 * the other clients look for it there. */
static void
add_correction (xmpp_stanza_t         *message,
                const CauXmppOutgoing *outgoing)
{
  if (outgoing->replaces != NULL)
    cau_xmpp_add_correction (message, outgoing->replaces);
}

static void
send_now (CauXmppChat     *self,
          CauXmppOutgoing *outgoing)
{
  CauXmppCryptoError failure = CAU_XMPP_CRYPTO_OK;
  xmpp_stanza_t *message;

  if (outgoing->groupchat && outgoing->encrypt)
    {
      g_auto(GStrv) members = cau_xmpp_rooms_dup_recipients (self->rooms, outgoing->to);

      message = cau_xmpp_build_groupchat (ctx (self), outgoing->to,
                                          cau_xmpp_omemo_fallback_body (), outgoing->id);
      add_correction (message, outgoing);
      if (!cau_xmpp_rooms_is_private (self->rooms, outgoing->to))
        failure = CAU_XMPP_CRYPTO_UNAVAILABLE;
      if (failure != CAU_XMPP_CRYPTO_OK ||
          !cau_xmpp_omemo_encrypt_to (self->omemo, message, (const char * const *) members,
                                      outgoing->body, &failure))
        {
          g_message ("Message %" G_GINT64_FORMAT " not sent: it could not be encrypted for the "
                     "room's members (%d)", outgoing->local_id, failure);
          xmpp_stanza_release (message);
          if (outgoing->replaces == NULL && self->archive != NULL &&
              self->archive->mark_failed != NULL)
            self->archive->mark_failed (self->archive_data, outgoing->local_id, failure);
          return;
        }
    }
  else if (outgoing->groupchat)
    {
      message = cau_xmpp_build_groupchat (ctx (self), outgoing->to, outgoing->body, outgoing->id);
      add_correction (message, outgoing);
    }
  else if (!outgoing->encrypt)
    {
      g_autofree char *room = cau_jid_bare (outgoing->to);

      message = cau_xmpp_build_chat (ctx (self), outgoing->to, outgoing->body, outgoing->id, TRUE);
      add_correction (message, outgoing);
      /* To an occupant (§7.5): marked so, for our other devices' copies (XEP-0280 §7) too. */
      if (strchr (outgoing->to, '/') != NULL && cau_xmpp_rooms_has_room (self->rooms, room))
        {
          xmpp_stanza_t *x = cau_xmpp_child_new (ctx (self), "x", CAU_NS_MUC_USER);

          xmpp_stanza_add_child (message, x);
          xmpp_stanza_release (x);
        }
    }
  else
    {
      message = cau_xmpp_build_chat (ctx (self), outgoing->to, cau_xmpp_omemo_fallback_body (),
                                     outgoing->id, TRUE);
      add_correction (message, outgoing);
      if (!cau_xmpp_omemo_encrypt_into (self->omemo, message, outgoing->to, outgoing->body,
                                        &failure))
        {
          /* Never in plaintext instead: the message stays unsent, and says why. */
          g_message ("Message %" G_GINT64_FORMAT " not sent: it could not be encrypted (%d)",
                     outgoing->local_id, failure);
          xmpp_stanza_release (message);
          if (outgoing->replaces == NULL && self->archive != NULL &&
              self->archive->mark_failed != NULL)
            self->archive->mark_failed (self->archive_data, outgoing->local_id, failure);
          return;
        }
    }

  send_stanza (self, message);
  /* A correction changes a message that was sent: nothing of it to await. */
  if (outgoing->replaces != NULL)
    return;
  g_array_append_val (self->awaiting, outgoing->local_id);
  g_hash_table_add (self->sent, g_memdup2 (&outgoing->local_id, sizeof (gint64)));
}

/* Sessions with `peer`'s devices are set up (or could not be): the messages waiting for them
 * go. */
static void
sessions_ready_cb (gpointer    data,
                   const char *peer)
{
  CauXmppChat *self = data;
  g_autoptr(GPtrArray) waiting = NULL;
  g_autofree char *key = NULL;

  if (!g_hash_table_steal_extended (self->to_encrypt, peer, (gpointer *) &key,
                                    (gpointer *) &waiting))
    return;
  for (guint i = 0; i < waiting->len; i++)
    {
      CauXmppOutgoing *outgoing = g_ptr_array_index (waiting, i);

      /* Offline meanwhile: it stays in the outbox for the next session. */
      if (self->conn != NULL && (outgoing->replaces != NULL ||
                                 !g_hash_table_contains (self->sent, &outgoing->local_id)))
        send_now (self, outgoing);
    }
  if (self->conn != NULL)
    cau_xmpp_chat_flush (self);
}

/* A private room's members: sessions with each one's devices, then what waits goes. */
typedef struct {
  CauXmppChat *chat;
  char        *room;
  guint        pending;
} RoomPreparation;

static void
member_ready_cb (gpointer    data,
                 const char *member)
{
  RoomPreparation *preparation = data;

  if (--preparation->pending > 0)
    return;
  sessions_ready_cb (preparation->chat, preparation->room);
  g_free (preparation->room);
  g_free (preparation);
}

static void
prepare_room (CauXmppChat *self,
              const char  *room)
{
  g_auto(GStrv) members = cau_xmpp_rooms_dup_recipients (self->rooms, room);
  RoomPreparation *preparation = g_new0 (RoomPreparation, 1);

  preparation->chat = self;
  preparation->room = g_strdup (room);
  /* One more than the members, given back last: a member already prepared answers at once. */
  preparation->pending = g_strv_length (members) + 1;
  g_debug ("Sessions for room %s: %u members", room, g_strv_length (members));
  for (guint i = 0; members[i] != NULL; i++)
    cau_xmpp_omemo_prepare (self->omemo, members[i], member_ready_cb, preparation);
  member_ready_cb (preparation, NULL);
}

static void
room_decrypt_cb (gpointer        data,
                 CauXmppMessage *message,
                 const char     *sender)
{
  CauXmppChat *self = data;

  cau_xmpp_omemo_decrypt_from (self->omemo, message, sender);
}

/* We are in `room`: what waited for it goes, in order. */
static void
room_joined_cb (gpointer    data,
                const char *room)
{
  CauXmppChat *self = data;
  g_autoptr(GPtrArray) waiting = NULL;
  g_autofree char *key = NULL;

  if (!g_hash_table_steal_extended (self->to_rooms, room, (gpointer *) &key,
                                    (gpointer *) &waiting))
    return;
  /* Through the usual way: encrypted ones wait for their sessions. */
  for (guint i = 0; i < waiting->len; i++)
    cau_xmpp_chat_send (self, g_steal_pointer (&waiting->pdata[i]));
}

void
cau_xmpp_chat_send (CauXmppChat     *self,
                    CauXmppOutgoing *outgoing)
{
  GPtrArray *waiting;

  if (self->conn == NULL ||
      (outgoing->replaces == NULL && g_hash_table_contains (self->sent, &outgoing->local_id)))
    {
      g_debug ("Message %" G_GINT64_FORMAT " not sent now: %s", outgoing->local_id,
               self->conn == NULL ? "offline" : "already sent");
      cau_xmpp_outgoing_free (outgoing);
      return;
    }

  if (outgoing->groupchat && !cau_xmpp_rooms_is_joined (self->rooms, outgoing->to))
    {
      /* It waits until we are in the room, or stays in the outbox for the next session. */
      if (!cau_xmpp_rooms_has_room (self->rooms, outgoing->to))
        {
          g_debug ("Message %" G_GINT64_FORMAT " not sent: not a room we want to be in",
                   outgoing->local_id);
          cau_xmpp_outgoing_free (outgoing);
          return;
        }
      waiting = g_hash_table_lookup (self->to_rooms, outgoing->to);
      if (waiting == NULL)
        {
          waiting = g_ptr_array_new_with_free_func ((GDestroyNotify) cau_xmpp_outgoing_free);
          g_hash_table_insert (self->to_rooms, g_strdup (outgoing->to), waiting);
        }
      g_ptr_array_add (waiting, outgoing);
      return;
    }

  if (!outgoing->encrypt)
    {
      send_now (self, outgoing);
      cau_xmpp_outgoing_free (outgoing);
      return;
    }

  /* Encrypted messages wait for the sessions, in order. */
  waiting = g_hash_table_lookup (self->to_encrypt, outgoing->to);
  if (waiting == NULL)
    {
      waiting = g_ptr_array_new_with_free_func ((GDestroyNotify) cau_xmpp_outgoing_free);
      g_hash_table_insert (self->to_encrypt, g_strdup (outgoing->to), waiting);
      g_ptr_array_add (waiting, outgoing);
      if (outgoing->groupchat)
        prepare_room (self, outgoing->to);
      else
        cau_xmpp_omemo_prepare (self->omemo, outgoing->to, sessions_ready_cb, self);
      return;
    }
  g_ptr_array_add (waiting, outgoing);
}

static void
send_outbox (CauXmppChat *self)
{
  g_autoptr(GPtrArray) outbox = NULL;

  if (self->archive == NULL)
    return;
  outbox = self->archive->load_outbox (self->archive_data);
  for (guint i = 0; outbox != NULL && i < outbox->len; i++)
    cau_xmpp_chat_send (self, g_steal_pointer (&outbox->pdata[i]));
}

void
cau_xmpp_chat_send_displayed (CauXmppChat *self,
                              const char  *to,
                              const char  *id,
                              const char  *stanza_id)
{
  if (self->conn != NULL && id != NULL)
    send_stanza (self, cau_xmpp_build_displayed (ctx (self), to, id));
  if (stanza_id != NULL)
    cau_xmpp_mds_publish (self->mds, to, stanza_id);
}

void
cau_xmpp_chat_send_chat_state (CauXmppChat      *self,
                               const char       *to,
                               CauXmppChatState  state)
{
  if (self->conn != NULL)
    send_stanza (self, cau_xmpp_build_chat_state (ctx (self), to, state));
}

/* Sessions. */

void
cau_xmpp_chat_online (CauXmppChat *self,
                      xmpp_conn_t *conn,
                      gboolean     resumed)
{
  self->conn = conn;
  g_free (self->own_jid);
  g_free (self->own_bare);
  self->own_jid = g_strdup (xmpp_conn_get_bound_jid (conn));
  self->own_bare = cau_jid_bare (self->own_jid);

  if (resumed)
    {
      /* What was waiting for a confirmation was re-sent by stream
       * management; confirm it again (pings that were lost went too). */
      GHashTableIter iter;
      gpointer ids;

      g_hash_table_iter_init (&iter, self->confirming);
      while (g_hash_table_iter_next (&iter, NULL, &ids))
        g_array_append_vals (self->awaiting, ((GArray *) ids)->data, ((GArray *) ids)->len);
      g_hash_table_remove_all (self->confirming);
      cau_xmpp_avatars_online (self->avatars, conn, TRUE);
      cau_xmpp_omemo_online (self->omemo, conn, TRUE);
      cau_xmpp_rooms_online (self->rooms, conn, TRUE);
      cau_xmpp_bookmarks_online (self->bookmarks, conn, self->own_bare, TRUE);
      cau_xmpp_chat_flush (self);
      return;
    }

  g_hash_table_remove_all (self->sent);
  g_hash_table_remove_all (self->confirming);
  g_array_set_size (self->awaiting, 0);
  g_clear_pointer (&self->query, mam_query_free);
  g_queue_clear_full (&self->history_wanted, g_free);
  g_hash_table_remove_all (self->to_rooms);

  {
    g_autofree char *id = cau_xmpp_new_id ();

    send_stanza (self, cau_xmpp_build_carbons_enable (ctx (self), id));
  }
  request_roster (self);
  cau_xmpp_blocking_online (self->blocking, conn);
  cau_xmpp_mds_online (self->mds, conn, self->own_bare);
  cau_xmpp_profiles_online (self->profiles, conn);
  cau_xmpp_avatars_online (self->avatars, conn, FALSE);
  cau_xmpp_omemo_online (self->omemo, conn, FALSE);
  cau_xmpp_bookmarks_online (self->bookmarks, conn, self->own_bare, FALSE);
  /* Tools and tests without storage have no use for the archive. */
  if (self->archive != NULL)
    {
      self->caught_up = FALSE;
      self->final_pass = FALSE;
      start_catchup_pass (self);
    }
  cau_xmpp_rooms_online (self->rooms, conn, FALSE);
  send_outbox (self);
  cau_xmpp_chat_flush (self);
}

void
cau_xmpp_chat_offline (CauXmppChat *self)
{
  /* Keep what a resumption needs (confirmations, the query in flight);
   * a new session starts over. Store what arrived. */
  self->conn = NULL;
  cau_xmpp_blocking_offline (self->blocking);
  cau_xmpp_mds_offline (self->mds);
  cau_xmpp_profiles_offline (self->profiles);
  cau_xmpp_avatars_offline (self->avatars);
  cau_xmpp_omemo_offline (self->omemo);
  cau_xmpp_bookmarks_offline (self->bookmarks);
  cau_xmpp_chat_flush (self);
  cau_xmpp_rooms_offline (self->rooms);
  store_held (self, FALSE);
}

/* Life cycle. */

/* Tools without storage know no roster and take everyone's avatars. */
static gboolean
knows_cb (gpointer    data,
          const char *jid)
{
  CauXmppChat *self = data;

  if (self->archive == NULL || self->archive->in_roster == NULL)
    return TRUE;
  return self->archive->in_roster (self->archive_data, jid);
}

CauXmppChat *
cau_xmpp_chat_new (CauXmppStream *stream)
{
  CauXmppChat *self = g_new0 (CauXmppChat, 1);

  self->stream = stream;
  self->inbound = g_ptr_array_new_with_free_func ((GDestroyNotify) cau_xmpp_message_free);
  self->held = g_ptr_array_new_with_free_func ((GDestroyNotify) cau_xmpp_message_free);
  self->receipts = g_ptr_array_new_with_free_func (g_free);
  self->sent = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->awaiting = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->confirming = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify) g_array_unref);
  g_queue_init (&self->history_wanted);
  self->blocking = cau_xmpp_blocking_new (stream);
  self->mds = cau_xmpp_mds_new (take_read_state, self);
  self->profiles = cau_xmpp_profiles_new (stream);
  self->avatars = cau_xmpp_avatars_new (stream, cau_xmpp_stream_get_engine (stream),
                                        knows_cb, self);
  self->omemo = cau_xmpp_omemo_new ();
  self->to_encrypt = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify) g_ptr_array_unref);
  self->rooms = cau_xmpp_rooms_new (stream, room_joined_cb, self);
  cau_xmpp_rooms_set_decrypt (self->rooms, room_decrypt_cb, self);
  cau_xmpp_rooms_set_avatars (self->rooms, self->avatars);
  self->to_rooms = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify) g_ptr_array_unref);
  self->bookmarks = cau_xmpp_bookmarks_new (stream);
  return self;
}

void
cau_xmpp_chat_set_archive (CauXmppChat               *self,
                           const CauXmppArchiveFuncs *funcs,
                           gpointer                   data,
                           GDestroyNotify             destroy)
{
  if (self->archive_destroy != NULL)
    self->archive_destroy (self->archive_data);
  self->archive = funcs;
  self->archive_data = data;
  self->archive_destroy = destroy;
  cau_xmpp_rooms_set_archive (self->rooms, funcs, data);
}

void
cau_xmpp_chat_free (CauXmppChat *self)
{
  self->conn = NULL;
  /* First: its preparations end, and their messages stay in the outbox. */
  g_clear_pointer (&self->omemo, cau_xmpp_omemo_free);
  cau_xmpp_chat_flush (self);
  cau_xmpp_rooms_offline (self->rooms);
  store_held (self, FALSE);
  cau_xmpp_chat_set_archive (self, NULL, NULL, NULL);
  g_clear_pointer (&self->rooms, cau_xmpp_rooms_free);
  g_hash_table_unref (self->to_rooms);
  g_clear_pointer (&self->query, mam_query_free);
  g_queue_clear_full (&self->history_wanted, g_free);
  g_ptr_array_unref (self->inbound);
  g_ptr_array_unref (self->held);
  g_ptr_array_unref (self->receipts);
  g_hash_table_unref (self->sent);
  g_array_unref (self->awaiting);
  g_hash_table_unref (self->confirming);
  cau_xmpp_blocking_free (self->blocking);
  cau_xmpp_mds_free (self->mds);
  cau_xmpp_profiles_free (self->profiles);
  cau_xmpp_avatars_free (self->avatars);
  cau_xmpp_bookmarks_free (self->bookmarks);
  g_hash_table_unref (self->to_encrypt);
  g_free (self->own_jid);
  g_free (self->own_bare);
  g_free (self);
}

void
cau_xmpp_chat_set_omemo (CauXmppChat             *self,
                         const CauXmppOmemoFuncs *funcs,
                         gpointer                 data,
                         GDestroyNotify           destroy)
{
  cau_xmpp_omemo_set_funcs (self->omemo, funcs, data, destroy);
}

void
cau_xmpp_chat_omemo_remove_device (CauXmppChat *self,
                                   guint32      device_id)
{
  cau_xmpp_omemo_remove_own_device (self->omemo, device_id);
}

/* Rooms. */

void
cau_xmpp_chat_join_room (CauXmppChat *self,
                         const char  *room,
                         const char  *nick,
                         const char  *password,
                         gboolean     must_exist)
{
  cau_xmpp_rooms_join (self->rooms, room, nick, password, must_exist);
}

void
cau_xmpp_chat_create_room (CauXmppChat               *self,
                           const char                *room,
                           const char                *nick,
                           const CauXmppRoomCreation *creation)
{
  cau_xmpp_rooms_create (self->rooms, room, nick, creation);
}

void
cau_xmpp_chat_invite (CauXmppChat *self,
                      const char  *room,
                      const char  *invitee,
                      const char  *reason)
{
  cau_xmpp_rooms_invite (self->rooms, room, invitee, reason);
}

CauXmppRooms *
cau_xmpp_chat_get_rooms (CauXmppChat *self)
{
  return self->rooms;
}

CauXmppAvatars *
cau_xmpp_chat_get_avatars (CauXmppChat *self)
{
  return self->avatars;
}

void
cau_xmpp_chat_decline_invitation (CauXmppChat *self,
                                  const char  *room,
                                  const char  *inviter,
                                  const char  *reason)
{
  cau_xmpp_rooms_decline (self->rooms, room, inviter, reason);
}

void
cau_xmpp_chat_leave_room (CauXmppChat *self,
                          const char  *room)
{
  g_hash_table_remove (self->to_rooms, room);
  cau_xmpp_rooms_leave (self->rooms, room);
}

void
cau_xmpp_chat_set_room_subject (CauXmppChat *self,
                                const char  *room,
                                const char  *subject)
{
  cau_xmpp_rooms_set_subject (self->rooms, room, subject);
}

void
cau_xmpp_chat_set_room_ping_interval (CauXmppChat *self,
                                      guint        seconds)
{
  cau_xmpp_rooms_set_ping_interval (self->rooms, seconds);
}

/* Bookmarks (cau-xmpp-bookmarks.h). */

void
cau_xmpp_chat_publish_bookmark (CauXmppChat           *self,
                                const CauXmppBookmark *bookmark)
{
  cau_xmpp_bookmarks_publish (self->bookmarks, bookmark);
}

void
cau_xmpp_chat_retract_bookmark (CauXmppChat *self,
                                const char  *room)
{
  cau_xmpp_bookmarks_retract (self->bookmarks, room);
}

CauXmppProfiles *
cau_xmpp_chat_get_profiles (CauXmppChat *self)
{
  return self->profiles;
}

/* Outgoing messages. */

CauXmppOutgoing *
cau_xmpp_outgoing_new (gint64      local_id,
                       const char *to,
                       const char *body,
                       const char *id,
                       gboolean    encrypt)
{
  CauXmppOutgoing *outgoing = g_new0 (CauXmppOutgoing, 1);

  outgoing->local_id = local_id;
  outgoing->encrypt = encrypt;
  outgoing->to = g_strdup (to);
  outgoing->body = g_strdup (body);
  outgoing->id = g_strdup (id);
  return outgoing;
}

void
cau_xmpp_outgoing_free (CauXmppOutgoing *outgoing)
{
  if (outgoing == NULL)
    return;
  g_free (outgoing->to);
  g_free (outgoing->body);
  g_free (outgoing->id);
  g_free (outgoing->replaces);
  g_free (outgoing);
}
