/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include <string.h>

#include "cau-xmpp-chat-private.h"
#include "cau-jid.h"
#include "cau-xmpp-utils.h"
#include "xeps/cau-xep-0045-muc.h"
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
 *
 * Outbound is in cau-xmpp-chat-send.c; the roster, others' presence and
 * what we ask of our contacts in cau-xmpp-chat-contacts.c.
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

struct _MamQuery
{
  QueryKind  kind;
  char      *peer;       /* QUERY_HISTORY */
  char      *query_id;
  char      *iq_id;
  GPtrArray *results;    /* CauXmppMessage * */
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

void
cau_xmpp_chat_post_event (CauXmppChat      *self,
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
    cau_xmpp_chat_post_event (self, CAU_XMPP_EVENT_CHAT_STATE, message->peer, NULL, message->chat_state);

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
        chat_send_stanza (self, cau_xmpp_build_receipt (chat_ctx (self),
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
      chat_send_stanza (self, cau_xmpp_build_ping (chat_ctx (self), domain, id));
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
          cau_xmpp_chat_post_event (self, CAU_XMPP_EVENT_CAUGHT_UP, NULL, NULL, 0);
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
      cau_xmpp_chat_post_event (self, CAU_XMPP_EVENT_HISTORY_PAGE, query->peer, NULL,
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
  chat_send_stanza (self, cau_xmpp_build_mam_query (chat_ctx (self), query->iq_id, query->query_id,
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

    chat_send_stanza (self, cau_xmpp_build_carbons_enable (chat_ctx (self), id));
  }
  cau_xmpp_chat_request_roster (self);
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
  cau_xmpp_chat_send_outbox (self);
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
  self->rooms = cau_xmpp_rooms_new (stream, cau_xmpp_chat_room_joined_cb, self);
  cau_xmpp_rooms_set_decrypt (self->rooms, cau_xmpp_chat_room_decrypt_cb, self);
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
