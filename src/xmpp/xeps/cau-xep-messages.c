/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-xep-messages.h"
#include "cau-xep-0384-omemo.h"
#include "cau-xep-0425-moderation.h"
#include "cau-xep-stanza-private.h"
#include "xmpp/cau-xmpp-utils.h"

#include <string.h>

/*
 * The unwrap stage of the inbound pipeline (DESIGN §4) for one-to-one
 * messages: live messages, XEP-0280 carbons and XEP-0313 archive results,
 * each with its sender validated. Only the fixed paths the XEPs define are
 * read, so a hostile nesting depth costs nothing.
 */

/* The first valid XEP-0203 delay stamp among the children of `element`. */
static gboolean
find_delay (xmpp_stanza_t *element,
            gint64        *out_us)
{
  if (element == NULL)
    return FALSE;

  for (xmpp_stanza_t *c = xmpp_stanza_get_children (element); c; c = xmpp_stanza_get_next (c))
    {
      if (cau_xep_is_element (c, "delay", CAU_NS_DELAY) &&
          cau_xep_parse_stamp (xmpp_stanza_get_attribute (c, "stamp"), out_us))
        return TRUE;
    }
  return FALSE;
}

/* A stamp from the network is never trusted beyond now: a sender could
 * otherwise pin its message to the top of every list. */
static void
set_time (CauXmppMessage *message,
          gboolean        found,
          gint64          stamp_us,
          gint64          now_us)
{
  message->delayed = found;
  message->time_us = found ? MIN (stamp_us, now_us) : now_us;
}

/* XEP-0359: only the stanza-id our own server stamped (by = our bare JID)
 * means anything; any other could be forged by the sender. */
static char *
own_stanza_id (xmpp_stanza_t *message,
               const char    *own_bare)
{
  for (xmpp_stanza_t *c = xmpp_stanza_get_children (message); c; c = xmpp_stanza_get_next (c))
    {
      const char *id;

      if (!cau_xep_is_element (c, "stanza-id", CAU_NS_SID))
        continue;
      id = xmpp_stanza_get_attribute (c, "id");
      if (id != NULL && *id != '\0' &&
          cau_xep_jid_is_exactly (xmpp_stanza_get_attribute (c, "by"), own_bare))
        return cau_xep_dup_valid (id);
    }
  return NULL;
}

static char *
dup_id (const char *id)
{
  return id != NULL && *id != '\0' ? cau_xep_dup_valid (id) : NULL;
}

/* The payload of a message whose sender has been validated. */
/* The <encrypted/> of an OMEMO message: OMEMO 2's first, and the legacy one beside it when the
 * sender wrote both (for recipients of each protocol). The body beside them is a fallback for
 * clients without OMEMO, never the message: it is dropped, and the body comes from decryption.
 * A malformed <encrypted/> is kept as a message that cannot be read, never dropped silently. */
static void
read_omemo (xmpp_stanza_t  *stanza,
            gboolean        has_omemo2,
            gboolean        has_legacy,
            CauXmppMessage *message)
{
  g_autoptr(GError) error = NULL;
  CauXmppOmemoVersion first = has_omemo2 ? CAU_XMPP_OMEMO_2 : CAU_XMPP_OMEMO_LEGACY;

  g_clear_pointer (&message->body, g_free);
  message->body_truncated = FALSE;
  message->encryption = has_omemo2 ? CAU_XMPP_ENCRYPTION_OMEMO2 : CAU_XMPP_ENCRYPTION_OMEMO_LEGACY;

  message->omemo = cau_xmpp_parse_omemo_encrypted_version (stanza, first, &error);
  if (message->omemo == NULL)
    {
      g_debug ("OMEMO element refused: %s", error->message);
      g_clear_error (&error);
    }
  if (has_omemo2 && has_legacy)
    {
      message->omemo_other = cau_xmpp_parse_omemo_encrypted_version (stanza,
                                                                     CAU_XMPP_OMEMO_LEGACY,
                                                                     &error);
      if (message->omemo_other == NULL)
        g_debug ("Legacy OMEMO element refused: %s", error->message);
    }
  if (message->omemo == NULL)
    message->omemo = g_steal_pointer (&message->omemo_other);

  if (message->omemo == NULL)
    {
      message->crypto_error = CAU_XMPP_CRYPTO_INVALID;
      return;
    }
  message->sender_device = message->omemo->sid;
}

static void
read_content (xmpp_stanza_t  *stanza,
              const char     *own_bare,
              CauXmppMessage *message)
{
  gboolean seen_body = FALSE;
  gboolean has_omemo2 = FALSE;
  gboolean has_legacy = FALSE;

  message->id = dup_id (xmpp_stanza_get_id (stanza));

  if (g_strcmp0 (xmpp_stanza_get_type (stanza), "error") == 0)
    {
      g_autofree char *text = NULL;
      g_autofree char *condition = cau_xmpp_stanza_error_condition (stanza, &text);

      /* An error bounce may echo our body back: it is not a new message,
       * so nothing but the error is read. */
      message->is_error = TRUE;
      if (text != NULL && *text != '\0')
        message->error_text = cau_xep_dup_valid (text);
      else if (condition != NULL)
        message->error_text = cau_xep_dup_valid (condition);
      else
        message->error_text = g_strdup ("undefined-condition");
      return;
    }

  for (xmpp_stanza_t *c = xmpp_stanza_get_children (stanza); c; c = xmpp_stanza_get_next (c))
    {
      const char *name, *ns;

      if (!xmpp_stanza_is_tag (c))
        continue;
      name = xmpp_stanza_get_name (c);
      ns = xmpp_stanza_get_ns (c);
      if (name == NULL)
        continue;

      if (cau_xep_is_client_element (c, stanza, "body"))
        {
          /* The first body only: they differ by xml:lang at best. */
          if (!seen_body)
            message->body = cau_xep_body_text (c, &message->body_truncated);
          seen_body = TRUE;
        }
      else if (g_strcmp0 (ns, CAU_NS_SID) == 0 && g_str_equal (name, "origin-id"))
        {
          if (message->origin_id == NULL)
            message->origin_id = dup_id (xmpp_stanza_get_attribute (c, "id"));
        }
      else if (g_strcmp0 (ns, CAU_NS_RECEIPTS) == 0)
        {
          if (g_str_equal (name, "request"))
            message->wants_receipt = TRUE;
          else if (g_str_equal (name, "received") && message->receipt_for == NULL)
            message->receipt_for = dup_id (xmpp_stanza_get_attribute (c, "id"));
        }
      else if (g_strcmp0 (ns, CAU_NS_MARKERS) == 0)
        {
          if (g_str_equal (name, "markable"))
            message->markable = TRUE;
          else if (g_str_equal (name, "displayed") && message->displayed_for == NULL)
            message->displayed_for = dup_id (xmpp_stanza_get_attribute (c, "id"));
        }
      else if (g_strcmp0 (ns, CAU_NS_CORRECT) == 0 && g_str_equal (name, "replace"))
        {
          if (message->replaces == NULL)
            message->replaces = dup_id (xmpp_stanza_get_attribute (c, "id"));
        }
      else if (g_strcmp0 (ns, CAU_NS_CHATSTATES) == 0)
        {
          if (message->chat_state == CAU_XMPP_CHAT_STATE_NONE)
            message->chat_state = cau_xmpp_chat_state_from_string (name);
        }
      else if (g_str_equal (name, "encrypted") && g_strcmp0 (ns, CAU_NS_OMEMO2) == 0)
        {
          has_omemo2 = TRUE;
        }
      else if (g_str_equal (name, "encrypted") && g_strcmp0 (ns, CAU_NS_OMEMO_LEGACY) == 0)
        {
          has_legacy = TRUE;
        }
    }

  if (has_omemo2 || has_legacy)
    read_omemo (stanza, has_omemo2, has_legacy, message);

  message->stanza_id = own_stanza_id (stanza, own_bare);

  /* XEP-0184 §5: a receipt names the message by its id; without one there
   * is nothing to acknowledge. */
  if (message->id == NULL)
    message->wants_receipt = FALSE;
}

static gboolean
has_content (const CauXmppMessage *message)
{
  return message->is_error ||
         message->body != NULL ||
         message->subject != NULL ||
         message->retracts != NULL ||
         message->retracted ||
         message->encryption != CAU_XMPP_ENCRYPTION_NONE ||
         message->receipt_for != NULL ||
         message->displayed_for != NULL ||
         message->chat_state != CAU_XMPP_CHAT_STATE_NONE;
}

/* Whether `stanza` wraps another message: a carbon or an archive result,
 * in any version of those namespaces. */
static gboolean
is_wrapper (xmpp_stanza_t *stanza)
{
  for (xmpp_stanza_t *c = xmpp_stanza_get_children (stanza); c; c = xmpp_stanza_get_next (c))
    {
      const char *name = xmpp_stanza_get_name (c);
      const char *ns = xmpp_stanza_get_ns (c);

      if (!xmpp_stanza_is_tag (c) || name == NULL || ns == NULL)
        continue;
      if (g_str_has_prefix (ns, "urn:xmpp:carbons:") &&
          (g_str_equal (name, "received") || g_str_equal (name, "sent")))
        return TRUE;
      if (g_str_has_prefix (ns, "urn:xmpp:mam:") && g_str_equal (name, "result"))
        return TRUE;
    }
  return FALSE;
}

/* The <message/> inside a XEP-0297 <forwarded/> child of `parent`. */
static xmpp_stanza_t *
forwarded_message (xmpp_stanza_t  *parent,
                   xmpp_stanza_t **forwarded)
{
  *forwarded = xmpp_stanza_get_child_by_name_and_ns (parent, "forwarded", CAU_NS_FORWARD);
  if (*forwarded == NULL)
    return NULL;

  for (xmpp_stanza_t *c = xmpp_stanza_get_children (*forwarded); c; c = xmpp_stanza_get_next (c))
    {
      if (cau_xep_is_client_element (c, *forwarded, "message"))
        return c;
    }
  return NULL;
}

/*
 * Peer, sender and resources of a message unwrapped from a carbon or an
 * archive result, whose direction is known. Returns the reason to refuse
 * it, or NULL.
 */
static const char *
read_parties (CauXmppMessage *message,
              xmpp_stanza_t  *inner,
              const char     *own_bare,
              gboolean        outgoing)
{
  const char *from = xmpp_stanza_get_from (inner);
  const char *to = xmpp_stanza_get_to (inner);
  g_autofree char *from_bare = NULL;
  g_autofree char *from_resource = NULL;
  g_autofree char *to_bare = NULL;
  g_autofree char *to_resource = NULL;

  if (from != NULL && (from_bare = cau_xmpp_jid_normalize_bare (from, &from_resource)) == NULL)
    return "forwarded message with an invalid from";
  if (to != NULL && (to_bare = cau_xmpp_jid_normalize_bare (to, &to_resource)) == NULL)
    return "forwarded message with an invalid to";

  if (outgoing)
    {
      if (to_bare == NULL)
        return "outgoing message without a recipient";
      if (from_bare != NULL && !g_str_equal (from_bare, own_bare))
        return "outgoing message not from our account";
      message->peer = g_steal_pointer (&to_bare);
      message->sender = g_strdup (own_bare);
    }
  else
    {
      if (from_bare == NULL)
        return "incoming message without a sender";
      if (to_bare != NULL && !g_str_equal (to_bare, own_bare))
        return "incoming message addressed to someone else";
      message->peer = g_strdup (from_bare);
      message->sender = g_steal_pointer (&from_bare);
    }

  message->outgoing = outgoing;
  message->sender_resource = g_steal_pointer (&from_resource);
  message->to_resource = g_steal_pointer (&to_resource);
  return NULL;
}

/* The checks shared by carbons and archive results once unwrapped. */
static CauXmppMessage *
finish_forwarded (CauXmppMessage *message_in,
                  const char    **why)
{
  g_autoptr(CauXmppMessage) message = message_in;

  if (message->outgoing)
    {
      /* An error we sent is about someone else's message, not ours. */
      if (message->is_error)
        {
          cau_xep_set_why (why, "an error sent by our account");
          return NULL;
        }
      /* Acknowledging is the recipient's job, never ours. */
      message->wants_receipt = FALSE;
    }

  if (!has_content (message))
    {
      cau_xep_set_why (why, "nothing to use");
      return NULL;
    }
  return g_steal_pointer (&message);
}

static CauXmppMessage *
parse_carbon (xmpp_stanza_t  *stanza,
              xmpp_stanza_t  *wrapper,
              const char     *own_bare,
              gint64          now_us,
              const char    **why)
{
  g_autoptr(CauXmppMessage) message = NULL;
  xmpp_stanza_t *forwarded;
  xmpp_stanza_t *inner;
  gboolean outgoing = g_str_equal (xmpp_stanza_get_name (wrapper), "sent");
  const char *reason;
  gint64 stamp_us = 0;
  gboolean found;

  /* XEP-0280 §11: the one check that makes carbons safe. */
  if (!cau_xep_jid_is_exactly (xmpp_stanza_get_from (stanza), own_bare))
    {
      cau_xep_set_why (why, "carbon not from our own bare JID");
      return NULL;
    }

  inner = forwarded_message (wrapper, &forwarded);
  if (inner == NULL)
    {
      cau_xep_set_why (why, "carbon without a forwarded message");
      return NULL;
    }
  if (is_wrapper (inner))
    {
      cau_xep_set_why (why, "carbon wrapping a carbon or an archive result");
      return NULL;
    }
  if (g_strcmp0 (xmpp_stanza_get_type (inner), "groupchat") == 0)
    {
      cau_xep_set_why (why, "groupchat is for rooms");
      return NULL;
    }

  message = cau_xmpp_message_new ();
  message->source = CAU_XMPP_SOURCE_CARBON;
  reason = read_parties (message, inner, own_bare, outgoing);
  if (reason != NULL)
    {
      cau_xep_set_why (why, reason);
      return NULL;
    }

  read_content (inner, own_bare, message);
  /* Our server may stamp its stanza-id on the wrapper rather than on the
   * copy; the wrapper comes from our own account, so either will do. */
  if (message->stanza_id == NULL)
    message->stanza_id = own_stanza_id (stanza, own_bare);

  found = find_delay (inner, &stamp_us) || find_delay (forwarded, &stamp_us);
  set_time (message, found, stamp_us, now_us);

  return finish_forwarded (g_steal_pointer (&message), why);
}

static CauXmppMessage *
parse_live (xmpp_stanza_t  *stanza,
            const char     *own_bare,
            gint64          now_us,
            const char    **why)
{
  g_autoptr(CauXmppMessage) message = NULL;
  g_autofree char *from_bare = NULL;
  g_autofree char *from_resource = NULL;
  const char *from = xmpp_stanza_get_from (stanza);
  const char *to = xmpp_stanza_get_to (stanza);
  gint64 stamp_us = 0;
  gboolean found;

  if (g_strcmp0 (xmpp_stanza_get_type (stanza), "groupchat") == 0)
    {
      cau_xep_set_why (why, "groupchat is for rooms");
      return NULL;
    }
  if (from == NULL)
    {
      cau_xep_set_why (why, "message without a from: from our own server");
      return NULL;
    }
  from_bare = cau_xmpp_jid_normalize_bare (from, &from_resource);
  if (from_bare == NULL)
    {
      cau_xep_set_why (why, "message with an invalid from");
      return NULL;
    }

  /* Only a carbon may speak for our account: a live message "from us" to
   * someone else would make a stranger's text look like ours. One from
   * another of our resources to us is a note to self, and incoming. */
  if (g_str_equal (from_bare, own_bare) && to != NULL)
    {
      g_autofree char *to_bare = cau_xmpp_jid_normalize_bare (to, NULL);

      if (g_strcmp0 (to_bare, own_bare) != 0)
        {
          cau_xep_set_why (why, "only carbons may claim to be ours");
          return NULL;
        }
    }

  message = cau_xmpp_message_new ();
  message->source = CAU_XMPP_SOURCE_LIVE;
  message->outgoing = FALSE;
  message->peer = g_strdup (from_bare);
  message->sender = g_steal_pointer (&from_bare);
  message->sender_resource = g_steal_pointer (&from_resource);
  if (to != NULL)
    g_free (cau_xmpp_jid_normalize_bare (to, &message->to_resource));

  read_content (stanza, own_bare, message);

  found = find_delay (stanza, &stamp_us);
  set_time (message, found, stamp_us, now_us);

  if (!has_content (message))
    {
      cau_xep_set_why (why, "nothing to use");
      return NULL;
    }
  return g_steal_pointer (&message);
}

/**
 * cau_xmpp_parse_message:
 * @stanza: a message stanza
 * @own_jid: our bound JID
 * @now_us: the current time, Unix µs
 * @why: (out) (optional) (transfer none): why the result is %NULL
 *
 * Returns: (transfer full) (nullable): the message, or %NULL if it is not
 *   to be taken in
 */
CauXmppMessage *
cau_xmpp_parse_message (xmpp_stanza_t  *stanza,
                        const char     *own_jid,
                        gint64          now_us,
                        const char    **why)
{
  g_autofree char *own_bare = NULL;
  xmpp_stanza_t *wrapper = NULL;

  cau_xep_set_why (why, NULL);
  g_return_val_if_fail (stanza != NULL, NULL);
  g_return_val_if_fail (own_jid != NULL, NULL);

  if (!xmpp_stanza_is_tag (stanza) || g_strcmp0 (xmpp_stanza_get_name (stanza), "message") != 0)
    {
      cau_xep_set_why (why, "not a message");
      return NULL;
    }
  own_bare = cau_xmpp_jid_normalize_bare (own_jid, NULL);
  if (own_bare == NULL)
    {
      cau_xep_set_why (why, "our own JID is invalid");
      return NULL;
    }

  for (xmpp_stanza_t *c = xmpp_stanza_get_children (stanza); c; c = xmpp_stanza_get_next (c))
    {
      if (!cau_xep_is_element (c, "received", CAU_NS_CARBONS) &&
          !cau_xep_is_element (c, "sent", CAU_NS_CARBONS))
        continue;
      if (wrapper != NULL)
        {
          cau_xep_set_why (why, "more than one carbon in a message");
          return NULL;
        }
      wrapper = c;
    }
  if (wrapper != NULL)
    return parse_carbon (stanza, wrapper, own_bare, now_us, why);

  if (xmpp_stanza_get_child_by_name_and_ns (stanza, "result", CAU_NS_MAM) != NULL)
    {
      cau_xep_set_why (why, "an archive result is not a live message");
      return NULL;
    }

  return parse_live (stanza, own_bare, now_us, why);
}

/**
 * cau_xmpp_mam_result_query_id:
 * @stanza: a message stanza
 *
 * Returns: (transfer none) (nullable): the queryid of its XEP-0313 result
 */
const char *
cau_xmpp_mam_result_query_id (xmpp_stanza_t *stanza)
{
  xmpp_stanza_t *result;

  g_return_val_if_fail (stanza != NULL, NULL);

  result = xmpp_stanza_get_child_by_name_and_ns (stanza, "result", CAU_NS_MAM);
  return result ? xmpp_stanza_get_attribute (result, "queryid") : NULL;
}

/**
 * cau_xmpp_parse_mam_result:
 * @stanza: a message stanza carrying a XEP-0313 result
 * @own_jid: our bound JID
 * @archive_jid: (nullable): the archive queried, %NULL for our own
 * @query_id: the queryid we sent
 * @why: (out) (optional) (transfer none): why the result is %NULL
 *
 * Returns: (transfer full) (nullable): the archived message
 */
/* A message of a room's archive (XEP-0313 on the room, XEP-0045 §7.4): it must be the room's
 * own; its archive id is the result's, its time the forwarding's. */
static CauXmppMessage *parse_groupchat (xmpp_stanza_t *stanza, gint64 now_us, gboolean archived,
                                        const char **why);

static CauXmppMessage *
parse_room_archived (xmpp_stanza_t  *inner,
                     xmpp_stanza_t  *forwarded,
                     const char     *room,
                     const char     *result_id,
                     gint64          now_us,
                     const char    **why)
{
  g_autoptr(CauXmppMessage) message = parse_groupchat (inner, now_us, TRUE, why);
  gint64 stamp_us = 0;
  gboolean found;

  if (message == NULL)
    return NULL;
  if (!g_str_equal (message->peer, room))
    {
      cau_xep_set_why (why, "a room's archive holding another room's message");
      return NULL;
    }
  message->source = CAU_XMPP_SOURCE_ARCHIVE;
  g_free (message->stanza_id);
  message->stanza_id = cau_xep_dup_valid (result_id);
  found = find_delay (forwarded, &stamp_us);
  set_time (message, found, stamp_us, now_us);
  return g_steal_pointer (&message);
}

CauXmppMessage *
cau_xmpp_parse_mam_result (xmpp_stanza_t  *stanza,
                           const char     *own_jid,
                           const char     *archive_jid,
                           const char     *query_id,
                           const char    **why)
{
  g_autoptr(CauXmppMessage) message = NULL;
  g_autofree char *own_bare = NULL;
  g_autofree char *archive_bare = NULL;
  g_autofree char *inner_from = NULL;
  xmpp_stanza_t *result, *forwarded, *inner;
  const char *from, *result_id, *reason;
  gint64 now_us = g_get_real_time ();
  gint64 stamp_us = 0;
  gboolean found;

  cau_xep_set_why (why, NULL);
  g_return_val_if_fail (stanza != NULL, NULL);
  g_return_val_if_fail (own_jid != NULL, NULL);
  g_return_val_if_fail (query_id != NULL, NULL);

  own_bare = cau_xmpp_jid_normalize_bare (own_jid, NULL);
  archive_bare = cau_xmpp_jid_normalize_bare (archive_jid ? archive_jid : own_jid, NULL);
  if (own_bare == NULL || archive_bare == NULL)
    {
      cau_xep_set_why (why, "our own or the archive's JID is invalid");
      return NULL;
    }

  result = xmpp_stanza_get_child_by_name_and_ns (stanza, "result", CAU_NS_MAM);
  if (result == NULL)
    {
      cau_xep_set_why (why, "not an archive result");
      return NULL;
    }

  from = xmpp_stanza_get_from (stanza);
  if (from != NULL && !cau_xep_jid_is_exactly (from, archive_bare))
    {
      cau_xep_set_why (why, "archive result not from the archive queried");
      return NULL;
    }
  if (g_strcmp0 (xmpp_stanza_get_attribute (result, "queryid"), query_id) != 0)
    {
      cau_xep_set_why (why, "archive result for another query");
      return NULL;
    }
  result_id = xmpp_stanza_get_attribute (result, "id");
  if (result_id == NULL || *result_id == '\0')
    {
      cau_xep_set_why (why, "archive result without an id");
      return NULL;
    }

  inner = forwarded_message (result, &forwarded);
  if (inner == NULL)
    {
      cau_xep_set_why (why, "archive result without a forwarded message");
      return NULL;
    }
  if (is_wrapper (inner))
    {
      cau_xep_set_why (why, "archive result wrapping a carbon or an archive result");
      return NULL;
    }
  if (g_strcmp0 (xmpp_stanza_get_type (inner), "groupchat") == 0)
    {
      if (g_str_equal (archive_bare, own_bare))
        {
          cau_xep_set_why (why, "groupchat is for rooms");
          return NULL;
        }
      return parse_room_archived (inner, forwarded, archive_bare, result_id, now_us, why);
    }

  message = cau_xmpp_message_new ();
  message->source = CAU_XMPP_SOURCE_ARCHIVE;
  inner_from = cau_xmpp_jid_normalize_bare (xmpp_stanza_get_from (inner), NULL);
  reason = read_parties (message, inner, own_bare, g_strcmp0 (inner_from, own_bare) == 0);
  if (reason != NULL)
    {
      cau_xep_set_why (why, reason);
      return NULL;
    }

  read_content (inner, own_bare, message);
  /* The archive's id is the one that counts, whatever the copy carries. */
  g_free (message->stanza_id);
  message->stanza_id = cau_xep_dup_valid (result_id);

  found = find_delay (forwarded, &stamp_us);
  set_time (message, found, stamp_us, now_us);

  return finish_forwarded (g_steal_pointer (&message), why);
}

/**
 * cau_xmpp_parse_mam_fin:
 * @iq: the result of a XEP-0313 query
 * @complete: (out) (optional): whether the last page was reached
 * @first: (out) (optional) (nullable) (transfer full): the page's first id
 * @last: (out) (optional) (nullable) (transfer full): the page's last id
 *
 * Returns: whether @iq is a result with a <fin/>
 */
gboolean
cau_xmpp_parse_mam_fin (xmpp_stanza_t  *iq,
                        gboolean       *complete,
                        char          **first,
                        char          **last)
{
  xmpp_stanza_t *fin, *set;
  const char *value;

  if (complete != NULL)
    *complete = FALSE;
  if (first != NULL)
    *first = NULL;
  if (last != NULL)
    *last = NULL;
  g_return_val_if_fail (iq != NULL, FALSE);

  if (g_strcmp0 (xmpp_stanza_get_name (iq), "iq") != 0 ||
      g_strcmp0 (xmpp_stanza_get_type (iq), "result") != 0)
    return FALSE;
  fin = xmpp_stanza_get_child_by_name_and_ns (iq, "fin", CAU_NS_MAM);
  if (fin == NULL)
    return FALSE;

  value = xmpp_stanza_get_attribute (fin, "complete");
  if (complete != NULL)
    *complete = g_strcmp0 (value, "true") == 0 || g_strcmp0 (value, "1") == 0;

  set = xmpp_stanza_get_child_by_name_and_ns (fin, "set", CAU_NS_RSM);
  if (set != NULL)
    {
      if (first != NULL)
        *first = cau_xep_element_text (xmpp_stanza_get_child_by_name_and_ns (set, "first",
                                                                             CAU_NS_RSM));
      if (last != NULL)
        *last = cau_xep_element_text (xmpp_stanza_get_child_by_name_and_ns (set, "last",
                                                                            CAU_NS_RSM));
    }
  return TRUE;
}

/* The <occupant-id/> the room stamped (XEP-0421 §4: a room that offers it removes any other). */
static char *
occupant_id (xmpp_stanza_t *message)
{
  xmpp_stanza_t *element = xmpp_stanza_get_child_by_name_and_ns (message, "occupant-id",
                                                                 "urn:xmpp:occupant-id:0");
  const char *id = element != NULL ? xmpp_stanza_get_attribute (element, "id") : NULL;

  return id != NULL && *id != '\0' && strlen (id) <= 256 ? cau_xep_dup_valid (id) : NULL;
}

/* A moderator's removal (XEP-0425): announced by the room itself only (§6), and left as a
 * tombstone in the room's archive only; from anyone else, or live, these elements mean
 * nothing. A tombstone's body, should it have kept one, is not kept. */
static void
read_moderation (xmpp_stanza_t  *stanza,
                 gboolean        archived,
                 CauXmppMessage *message)
{
  CauXmppModeration moderation = { NULL, NULL };

  if (message->nick == NULL &&
      cau_xmpp_parse_moderation_announcement (stanza, message->peer, &message->retracts,
                                              &moderation))
    {
      message->moderator = g_steal_pointer (&moderation.moderator);
      message->retract_reason = g_steal_pointer (&moderation.reason);
    }
  else if (message->nick != NULL && archived &&
           cau_xmpp_parse_moderation_tombstone (stanza, message->peer, &moderation))
    {
      message->retracted = TRUE;
      message->moderator = g_steal_pointer (&moderation.moderator);
      message->retract_reason = g_steal_pointer (&moderation.reason);
      g_clear_pointer (&message->body, g_free);
      g_clear_pointer (&message->omemo, cau_xmpp_omemo_encrypted_free);
      g_clear_pointer (&message->omemo_other, cau_xmpp_omemo_encrypted_free);
      message->encryption = CAU_XMPP_ENCRYPTION_NONE;
      message->crypto_error = CAU_XMPP_CRYPTO_OK;
    }
}

/* The author's bare JID a room's archive recorded in an <x muc#user><item jid=''/>: only
 * when there is one such element, since an occupant may have put one of their own in their
 * message before the room added its own. */
static char *
archived_real_jid (xmpp_stanza_t *stanza)
{
  const char *found = NULL;
  guint count = 0;

  for (xmpp_stanza_t *c = xmpp_stanza_get_children (stanza); c; c = xmpp_stanza_get_next (c))
    {
      xmpp_stanza_t *item;

      if (!cau_xep_is_element (c, "x", "http://jabber.org/protocol/muc#user"))
        continue;
      count++;
      item = xmpp_stanza_get_child_by_name (c, "item");
      found = item != NULL ? xmpp_stanza_get_attribute (item, "jid") : NULL;
    }
  return count == 1 && found != NULL ? cau_xmpp_jid_normalize_bare (found, NULL) : NULL;
}

static CauXmppMessage *
parse_groupchat (xmpp_stanza_t  *stanza,
                 gint64          now_us,
                 gboolean        archived,
                 const char    **why)
{
  g_autoptr(CauXmppMessage) message = NULL;
  g_autofree char *room = NULL;
  g_autofree char *nick = NULL;
  xmpp_stanza_t *subject;
  gint64 stamp_us = 0;
  gboolean found;

  cau_xep_set_why (why, NULL);
  g_return_val_if_fail (stanza != NULL, NULL);

  if (g_strcmp0 (xmpp_stanza_get_type (stanza), "groupchat") != 0)
    {
      cau_xep_set_why (why, "not a room message");
      return NULL;
    }
  room = cau_xmpp_jid_normalize_bare (xmpp_stanza_get_from (stanza), &nick);
  if (room == NULL || strchr (room, '@') == NULL)
    {
      cau_xep_set_why (why, "not from a room");
      return NULL;
    }
  if (nick != NULL && (*nick == '\0' || strlen (nick) > 1023))
    {
      cau_xep_set_why (why, "an invalid nickname");
      return NULL;
    }

  message = cau_xmpp_message_new ();
  message->source = CAU_XMPP_SOURCE_LIVE;
  message->groupchat = TRUE;
  message->peer = g_strdup (room);
  message->sender = g_strdup (room);
  message->nick = g_steal_pointer (&nick);

  /* The room's archive id is a stanza-id by the room. */
  read_content (stanza, room, message);
  message->occupant_id = occupant_id (stanza);
  if (archived && message->nick != NULL)
    message->real_jid = archived_real_jid (stanza);
  read_moderation (stanza, archived, message);
  subject = xmpp_stanza_get_child_by_name (stanza, "subject");
  if (subject != NULL && cau_xep_is_client_element (subject, stanza, "subject"))
    {
      gboolean truncated = FALSE;

      /* An empty <subject/> clears it: kept as an empty string. */
      message->subject = cau_xep_body_text (subject, &truncated);
      if (message->subject == NULL)
        message->subject = g_strdup ("");
    }

  found = find_delay (stanza, &stamp_us);
  set_time (message, found, stamp_us, now_us);

  if (!has_content (message))
    {
      cau_xep_set_why (why, "nothing to use");
      return NULL;
    }
  return g_steal_pointer (&message);
}

/**
 * cau_xmpp_parse_groupchat:
 * @stanza: a message of type groupchat
 * @now_us: the time it arrived, Unix µs
 * @why: (out): the reason when %NULL is returned
 *
 * A message in a room (XEP-0045 §7.4), from an occupant (room@service/nick) or from the room
 * itself (no nickname): its body, its new subject, the room's archive id, the occupant id
 * the room stamped, and the room's announcement that a moderator removed a message
 * (XEP-0425). Whether it comes from a room we are in, and whether it is ours, is the
 * engine's to decide.
 *
 * Returns: (transfer full) (nullable): the message
 */
CauXmppMessage *
cau_xmpp_parse_groupchat (xmpp_stanza_t  *stanza,
                          gint64          now_us,
                          const char    **why)
{
  return parse_groupchat (stanza, now_us, FALSE, why);
}
