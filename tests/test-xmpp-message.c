/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-test-stanza.h"

#include "xmpp/cau-xmpp-message.h"
#include "xmpp/cau-xmpp-roster.h"
#include "xmpp/cau-xmpp-utils.h"
#include "xmpp/xeps/cau-xep-messages.h"

#include <string.h>

/* Stanzas as recorded from Prosody 0.12 and Conversations, names changed. */

#define OWN      "me@example.org/laptop"
#define OWN_BARE "me@example.org"
#define NOW_US   ((gint64) 1700000000 * G_USEC_PER_SEC)

static xmpp_ctx_t *ctx;

static CauXmppMessage *
parse (const char  *xml,
       const char **why)
{
  xmpp_stanza_t *s = cau_test_stanza_new (ctx, xml);
  CauXmppMessage *message = cau_xmpp_parse_message (s, OWN, NOW_US, why);

  xmpp_stanza_release (s);
  return message;
}

/* Asserts that `xml` is refused, with a reason. */
static void
assert_refused (const char *xml)
{
  const char *why = NULL;
  CauXmppMessage *message = parse (xml, &why);

  if (message != NULL)
    g_error ("accepted: %s", xml);
  g_assert_nonnull (why);
}

static CauXmppMessage *
parse_mam (const char  *xml,
           const char  *archive_jid,
           const char  *query_id,
           const char **why)
{
  xmpp_stanza_t *s = cau_test_stanza_new (ctx, xml);
  CauXmppMessage *message = cau_xmpp_parse_mam_result (s, OWN, archive_jid, query_id, why);

  xmpp_stanza_release (s);
  return message;
}

static gint64
stamp_us (const char *iso)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_iso8601 (iso, NULL);

  g_assert_nonnull (time);
  return g_date_time_to_unix (time) * G_USEC_PER_SEC + g_date_time_get_microsecond (time);
}

/* Data types */

static void
test_struct (void)
{
  g_autoptr(CauXmppMessage) message = cau_xmpp_message_new ();
  g_autoptr(CauXmppMessage) copy = NULL;
  g_autoptr(CauXmppRosterItem) item = cau_xmpp_roster_item_new ();
  g_autoptr(CauXmppRosterItem) item_copy = NULL;

  g_assert_null (cau_xmpp_message_dedupe_id (message));
  message->id = g_strdup ("plain-id");
  g_assert_cmpstr (cau_xmpp_message_dedupe_id (message), ==, "plain-id");
  message->origin_id = g_strdup ("origin");
  message->body = g_strdup ("hello");
  message->peer = g_strdup ("juliet@capulet.lit");
  message->chat_state = CAU_XMPP_CHAT_STATE_PAUSED;
  g_assert_cmpstr (cau_xmpp_message_dedupe_id (message), ==, "origin");

  copy = cau_xmpp_message_copy (message);
  g_assert_true (copy->body != message->body);
  g_assert_cmpstr (copy->body, ==, "hello");
  g_assert_cmpstr (copy->peer, ==, "juliet@capulet.lit");
  g_assert_cmpstr (cau_xmpp_message_dedupe_id (copy), ==, "origin");
  g_assert_cmpint (copy->chat_state, ==, CAU_XMPP_CHAT_STATE_PAUSED);
  cau_xmpp_message_free (NULL);

  g_assert_cmpstr (cau_xmpp_chat_state_to_string (CAU_XMPP_CHAT_STATE_COMPOSING), ==, "composing");
  g_assert_cmpstr (cau_xmpp_chat_state_to_string (CAU_XMPP_CHAT_STATE_GONE), ==, "gone");
  g_assert_null (cau_xmpp_chat_state_to_string (CAU_XMPP_CHAT_STATE_NONE));
  for (int s = CAU_XMPP_CHAT_STATE_ACTIVE; s <= CAU_XMPP_CHAT_STATE_GONE; s++)
    g_assert_cmpint (cau_xmpp_chat_state_from_string (cau_xmpp_chat_state_to_string (s)), ==, s);
  g_assert_cmpint (cau_xmpp_chat_state_from_string ("typing"), ==, CAU_XMPP_CHAT_STATE_NONE);
  g_assert_cmpint (cau_xmpp_chat_state_from_string (NULL), ==, CAU_XMPP_CHAT_STATE_NONE);

  g_assert_cmpstr (item->subscription, ==, "none");
  g_assert_nonnull (item->groups);
  g_assert_null (item->groups[0]);
  item->jid = g_strdup ("romeo@montague.lit");
  g_strfreev (item->groups);
  item->groups = g_strsplit ("Friends,Verona", ",", -1);
  item_copy = cau_xmpp_roster_item_copy (item);
  g_assert_cmpstr (item_copy->jid, ==, "romeo@montague.lit");
  g_assert_cmpstrv (item_copy->groups, item->groups);
}

static void
test_normalize_bare (void)
{
  g_autofree char *resource = NULL;
  g_autofree char *a = cau_xmpp_jid_normalize_bare ("Juliet@Capulet.LIT/Balcony", &resource);
  g_autofree char *b = cau_xmpp_jid_normalize_bare ("capulet.lit", NULL);

  g_assert_cmpstr (a, ==, "juliet@capulet.lit");
  g_assert_cmpstr (resource, ==, "Balcony");
  g_assert_cmpstr (b, ==, "capulet.lit");
  g_assert_null (cau_xmpp_jid_normalize_bare ("@capulet.lit", NULL));
  g_assert_null (cau_xmpp_jid_normalize_bare ("a b@capulet.lit", NULL));
  g_assert_null (cau_xmpp_jid_normalize_bare ("", NULL));
  g_assert_null (cau_xmpp_jid_normalize_bare (NULL, NULL));
}

/* Live messages */

static void
test_plain (void)
{
  const char *why = NULL;
  g_autoptr(CauXmppMessage) m = parse (
    "<message xmlns='jabber:client' from='Juliet@Capulet.lit/balcony' to='me@example.org/laptop'"
    " type='chat' id='msg-1'>"
    "<body>Wherefore art thou?</body>"
    "<body xml:lang='fr'>Pourquoi es-tu ?</body>"
    "<origin-id xmlns='urn:xmpp:sid:0' id='origin-1'/>"
    "<stanza-id xmlns='urn:xmpp:sid:0' by='me@example.org' id='archive-1'/>"
    "<markable xmlns='urn:xmpp:chat-markers:0'/>"
    "<request xmlns='urn:xmpp:receipts'/>"
    "<active xmlns='http://jabber.org/protocol/chatstates'/>"
    "<store xmlns='urn:xmpp:hints'/>"
    "</message>", &why);

  g_assert_nonnull (m);
  g_assert_null (why);
  g_assert_cmpint (m->source, ==, CAU_XMPP_SOURCE_LIVE);
  g_assert_false (m->outgoing);
  g_assert_cmpstr (m->peer, ==, "juliet@capulet.lit");
  g_assert_cmpstr (m->sender, ==, "juliet@capulet.lit");
  g_assert_cmpstr (m->sender_resource, ==, "balcony");
  g_assert_cmpstr (m->to_resource, ==, "laptop");
  g_assert_cmpstr (m->body, ==, "Wherefore art thou?");
  g_assert_false (m->body_truncated);
  g_assert_cmpstr (m->id, ==, "msg-1");
  g_assert_cmpstr (m->origin_id, ==, "origin-1");
  g_assert_cmpstr (m->stanza_id, ==, "archive-1");
  g_assert_cmpstr (cau_xmpp_message_dedupe_id (m), ==, "origin-1");
  g_assert_cmpint (m->time_us, ==, NOW_US);
  g_assert_false (m->delayed);
  g_assert_true (m->wants_receipt);
  g_assert_true (m->markable);
  g_assert_null (m->receipt_for);
  g_assert_null (m->displayed_for);
  g_assert_cmpint (m->chat_state, ==, CAU_XMPP_CHAT_STATE_ACTIVE);
  g_assert_false (m->is_error);
  g_assert_null (m->error_text);
}

static void
test_plain_refused (void)
{
  /* No from: our own server, nothing for a conversation. */
  assert_refused ("<message xmlns='jabber:client' to='me@example.org/laptop'>"
                  "<body>Welcome</body></message>");
  /* Groupchat is for rooms. */
  assert_refused ("<message xmlns='jabber:client' from='room@muc.example.org/nick'"
                  " to='me@example.org/laptop' type='groupchat'><body>hi</body></message>");
  /* Nothing to use. */
  assert_refused ("<message xmlns='jabber:client' from='juliet@capulet.lit/balcony'"
                  " to='me@example.org/laptop' type='chat' id='x'>"
                  "<markable xmlns='urn:xmpp:chat-markers:0'/>"
                  "<request xmlns='urn:xmpp:receipts'/></message>");
  assert_refused ("<message xmlns='jabber:client' from='pubsub.example.org' to='me@example.org'"
                  " type='headline'><event xmlns='http://jabber.org/protocol/pubsub#event'/>"
                  "</message>");
  /* Invalid from. */
  assert_refused ("<message xmlns='jabber:client' from='@capulet.lit' to='me@example.org'>"
                  "<body>hi</body></message>");
  /* Not a message. */
  assert_refused ("<presence xmlns='jabber:client' from='juliet@capulet.lit/balcony'/>");
  /* An archive result outside a query. */
  assert_refused ("<message xmlns='jabber:client' from='me@example.org' to='me@example.org/laptop'>"
                  "<result xmlns='urn:xmpp:mam:2' queryid='q' id='r'><forwarded xmlns='urn:xmpp:forward:0'>"
                  "<message xmlns='jabber:client' from='juliet@capulet.lit/b' to='me@example.org'>"
                  "<body>hi</body></message></forwarded></result></message>");
}

/* DESIGN §4: only carbons may speak for our account. */
static void
test_forged_own (void)
{
  g_autoptr(CauXmppMessage) note = NULL;

  assert_refused ("<message xmlns='jabber:client' from='me@example.org/phone'"
                  " to='romeo@montague.lit' type='chat' id='f1'><body>I said this?</body></message>");
  assert_refused ("<message xmlns='jabber:client' from='ME@example.org'"
                  " to='romeo@montague.lit/home' type='chat'><body>Or this?</body></message>");

  /* From another of our devices to us: a note to self, incoming. */
  note = parse ("<message xmlns='jabber:client' from='me@example.org/phone'"
                " to='me@example.org/laptop' type='chat'><body>note</body></message>", NULL);
  g_assert_nonnull (note);
  g_assert_false (note->outgoing);
  g_assert_cmpstr (note->peer, ==, OWN_BARE);
  g_assert_cmpstr (note->sender_resource, ==, "phone");
}

static void
test_stanza_id (void)
{
  g_autoptr(CauXmppMessage) wrong = NULL;
  g_autoptr(CauXmppMessage) full = NULL;
  g_autoptr(CauXmppMessage) several = NULL;

  wrong = parse ("<message xmlns='jabber:client' from='juliet@capulet.lit/b' to='me@example.org/laptop'"
                 " type='chat'><body>hi</body>"
                 "<stanza-id xmlns='urn:xmpp:sid:0' by='juliet@capulet.lit' id='forged'/></message>",
                 NULL);
  g_assert_nonnull (wrong);
  g_assert_null (wrong->stanza_id);

  full = parse ("<message xmlns='jabber:client' from='juliet@capulet.lit/b' to='me@example.org/laptop'"
                " type='chat'><body>hi</body>"
                "<stanza-id xmlns='urn:xmpp:sid:0' by='me@example.org/laptop' id='forged'/>"
                "<stanza-id xmlns='urn:xmpp:sid:1' by='me@example.org' id='other-ns'/>"
                "<stanza-id xmlns='urn:xmpp:sid:0' id='no-by'/></message>", NULL);
  g_assert_nonnull (full);
  g_assert_null (full->stanza_id);

  several = parse ("<message xmlns='jabber:client' from='juliet@capulet.lit/b' to='me@example.org/laptop'"
                   " type='chat'><body>hi</body>"
                   "<stanza-id xmlns='urn:xmpp:sid:0' by='capulet.lit' id='theirs'/>"
                   "<stanza-id xmlns='urn:xmpp:sid:0' by='Me@Example.org' id='ours'/></message>",
                   NULL);
  g_assert_nonnull (several);
  g_assert_cmpstr (several->stanza_id, ==, "ours");
}

static void
check_delay (const char *stamp,
             gint64      expected_us,
             gboolean    expected_delayed)
{
  g_autofree char *xml = g_strdup_printf (
    "<message xmlns='jabber:client' from='juliet@capulet.lit/b' to='me@example.org' type='chat'>"
    "<body>late</body><delay xmlns='urn:xmpp:delay' from='capulet.lit' stamp='%s'/></message>",
    stamp);
  g_autoptr(CauXmppMessage) m = parse (xml, NULL);

  g_assert_nonnull (m);
  g_assert_cmpint (m->time_us, ==, expected_us);
  if (m->delayed != expected_delayed)
    g_error ("stamp %s: delayed %d", stamp, m->delayed);
}

static void
test_delay (void)
{
  gint64 base = stamp_us ("2002-09-10T23:08:25Z");

  check_delay ("2002-09-10T23:08:25Z", base, TRUE);
  check_delay ("2002-09-10T23:08:25.123Z", base + 123000, TRUE);
  check_delay ("2002-09-10T23:08:25.123456789Z", base + 123456, TRUE);
  check_delay ("2002-09-11T01:08:25+02:00", base, TRUE);
  check_delay ("2002-09-10T17:38:25.5-05:30", base + 500000, TRUE);

  /* Not XEP-0082: now. */
  check_delay ("2002-09-10 23:08:25Z", NOW_US, FALSE);
  check_delay ("2002-09-10T23:08:25", NOW_US, FALSE);
  check_delay ("20020910T23:08:25", NOW_US, FALSE);
  check_delay ("2002-09-10T23:08:25.Z", NOW_US, FALSE);
  check_delay ("2002-09-10T23:08:25+0200", NOW_US, FALSE);
  check_delay ("2002-13-45T23:08:25Z", NOW_US, FALSE);
  check_delay ("2002-09-10T23:08:25Zjunk", NOW_US, FALSE);
  check_delay ("yesterday", NOW_US, FALSE);
  check_delay ("", NOW_US, FALSE);

  /* The future is not trusted. */
  check_delay ("2099-01-01T00:00:00Z", NOW_US, TRUE);

  /* A delay in another namespace (the legacy XEP-0091) is ignored. */
  {
    g_autoptr(CauXmppMessage) m = parse (
      "<message xmlns='jabber:client' from='juliet@capulet.lit/b' to='me@example.org' type='chat'>"
      "<body>late</body><x xmlns='jabber:x:delay' stamp='20020910T23:08:25'/></message>", NULL);

    g_assert_cmpint (m->time_us, ==, NOW_US);
    g_assert_false (m->delayed);
  }
}

/* Carbons */

static void
test_carbon_received (void)
{
  const char *why = NULL;
  g_autoptr(CauXmppMessage) m = parse (
    "<message xmlns='jabber:client' from='me@example.org' to='me@example.org/laptop'>"
    "<received xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'>"
    "<message xmlns='jabber:client' from='juliet@capulet.lit/balcony' to='me@example.org/phone'"
    " type='chat' id='c1'><body>Carbon</body>"
    "<stanza-id xmlns='urn:xmpp:sid:0' by='me@example.org' id='arch-c1'/>"
    "<request xmlns='urn:xmpp:receipts'/></message>"
    "</forwarded></received></message>", &why);

  g_assert_nonnull (m);
  g_assert_cmpint (m->source, ==, CAU_XMPP_SOURCE_CARBON);
  g_assert_false (m->outgoing);
  g_assert_cmpstr (m->peer, ==, "juliet@capulet.lit");
  g_assert_cmpstr (m->sender, ==, "juliet@capulet.lit");
  g_assert_cmpstr (m->sender_resource, ==, "balcony");
  g_assert_cmpstr (m->to_resource, ==, "phone");
  g_assert_cmpstr (m->body, ==, "Carbon");
  g_assert_cmpstr (m->id, ==, "c1");
  g_assert_cmpstr (m->stanza_id, ==, "arch-c1");
  g_assert_true (m->wants_receipt);
  g_assert_cmpint (m->time_us, ==, NOW_US);
}

static void
test_carbon_sent (void)
{
  g_autoptr(CauXmppMessage) m = NULL;
  g_autoptr(CauXmppMessage) upper = NULL;

  m = parse ("<message xmlns='jabber:client' from='me@example.org' to='me@example.org/laptop'>"
             "<sent xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'>"
             "<message xmlns='jabber:client' to='juliet@capulet.lit/balcony' from='me@example.org/phone'"
             " type='chat' id='s1'><body>From my phone</body>"
             "<origin-id xmlns='urn:xmpp:sid:0' id='s1-origin'/>"
             "<request xmlns='urn:xmpp:receipts'/>"
             "<private xmlns='urn:xmpp:carbons:2'/></message>"
             "</forwarded></sent>"
             "<stanza-id xmlns='urn:xmpp:sid:0' by='me@example.org' id='arch-s1'/></message>",
             NULL);
  g_assert_nonnull (m);
  g_assert_cmpint (m->source, ==, CAU_XMPP_SOURCE_CARBON);
  g_assert_true (m->outgoing);
  g_assert_cmpstr (m->peer, ==, "juliet@capulet.lit");
  g_assert_cmpstr (m->sender, ==, OWN_BARE);
  g_assert_cmpstr (m->sender_resource, ==, "phone");
  g_assert_cmpstr (m->to_resource, ==, "balcony");
  g_assert_cmpstr (m->body, ==, "From my phone");
  g_assert_cmpstr (m->origin_id, ==, "s1-origin");
  /* Our server's id on the wrapper counts: the wrapper is ours. */
  g_assert_cmpstr (m->stanza_id, ==, "arch-s1");
  /* We never acknowledge our own message. */
  g_assert_false (m->wants_receipt);

  /* Case differences in our own JID do not matter. */
  upper = parse ("<message xmlns='jabber:client' from='ME@EXAMPLE.ORG' to='me@example.org/laptop'>"
                 "<sent xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'>"
                 "<message xmlns='jabber:client' to='juliet@capulet.lit' from='me@example.org/phone'"
                 " type='chat'><displayed xmlns='urn:xmpp:chat-markers:0' id='m7'/></message>"
                 "</forwarded></sent></message>", NULL);
  g_assert_nonnull (upper);
  g_assert_true (upper->outgoing);
  g_assert_cmpstr (upper->displayed_for, ==, "m7");
}

#define CARBON_FROM(from) \
  "<message xmlns='jabber:client' " from " to='me@example.org/laptop'>" \
  "<received xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'>" \
  "<message xmlns='jabber:client' from='juliet@capulet.lit/balcony' to='me@example.org/phone'" \
  " type='chat'><body>Forged</body></message></forwarded></received></message>"

#define SENT_CARBON_FROM(from) \
  "<message xmlns='jabber:client' " from " to='me@example.org/laptop'>" \
  "<sent xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'>" \
  "<message xmlns='jabber:client' from='me@example.org/phone' to='juliet@capulet.lit'" \
  " type='chat'><body>I never said that</body></message></forwarded></sent></message>"

static void
test_carbon_forged (void)
{
  const char *why = NULL;
  g_autoptr(CauXmppMessage) m = NULL;

  assert_refused (CARBON_FROM ("from='juliet@capulet.lit/balcony'"));
  assert_refused (CARBON_FROM ("from='juliet@capulet.lit'"));
  assert_refused (CARBON_FROM ("from='me@example.org/laptop'"));
  assert_refused (CARBON_FROM ("from='me@example.org/phone'"));
  assert_refused (CARBON_FROM ("from='me@evil.example'"));
  assert_refused (CARBON_FROM ("from='example.org'"));
  assert_refused (CARBON_FROM (""));
  assert_refused (SENT_CARBON_FROM ("from='juliet@capulet.lit/balcony'"));
  assert_refused (SENT_CARBON_FROM ("from='me@example.org/laptop'"));
  assert_refused (SENT_CARBON_FROM ("from='me@example.org.evil.example'"));

  m = parse (CARBON_FROM ("from='juliet@capulet.lit'"), &why);
  g_assert_null (m);
  g_assert_cmpstr (why, ==, "carbon not from our own bare JID");
}

static void
test_carbon_malformed (void)
{
  /* A carbon wrapping a carbon. */
  assert_refused ("<message xmlns='jabber:client' from='me@example.org' to='me@example.org/laptop'>"
                  "<received xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'>"
                  "<message xmlns='jabber:client' from='juliet@capulet.lit/b' to='me@example.org'>"
                  "<sent xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'>"
                  "<message xmlns='jabber:client' from='me@example.org/x' to='romeo@montague.lit'>"
                  "<body>inner</body></message></forwarded></sent>"
                  "<body>outer</body></message></forwarded></received></message>");
  /* A carbon wrapping an archive result. */
  assert_refused ("<message xmlns='jabber:client' from='me@example.org' to='me@example.org/laptop'>"
                  "<received xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'>"
                  "<message xmlns='jabber:client' from='juliet@capulet.lit/b' to='me@example.org'>"
                  "<result xmlns='urn:xmpp:mam:2' queryid='q1' id='r1'>"
                  "<forwarded xmlns='urn:xmpp:forward:0'>"
                  "<message xmlns='jabber:client' from='me@example.org/x' to='romeo@montague.lit'>"
                  "<body>inner</body></message></forwarded></result>"
                  "<body>outer</body></message></forwarded></received></message>");
  /* No forwarded message. */
  assert_refused ("<message xmlns='jabber:client' from='me@example.org' to='me@example.org/laptop'>"
                  "<received xmlns='urn:xmpp:carbons:2'/></message>");
  assert_refused ("<message xmlns='jabber:client' from='me@example.org' to='me@example.org/laptop'>"
                  "<received xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'/>"
                  "</received></message>");
  /* Both kinds at once. */
  assert_refused ("<message xmlns='jabber:client' from='me@example.org' to='me@example.org/laptop'>"
                  "<received xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'>"
                  "<message xmlns='jabber:client' from='juliet@capulet.lit/b' to='me@example.org'>"
                  "<body>a</body></message></forwarded></received>"
                  "<sent xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'>"
                  "<message xmlns='jabber:client' from='me@example.org/b' to='romeo@montague.lit'>"
                  "<body>b</body></message></forwarded></sent></message>");
  /* A received carbon without a sender, a sent one without a recipient. */
  assert_refused ("<message xmlns='jabber:client' from='me@example.org' to='me@example.org/laptop'>"
                  "<received xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'>"
                  "<message xmlns='jabber:client' to='me@example.org'><body>a</body></message>"
                  "</forwarded></received></message>");
  assert_refused ("<message xmlns='jabber:client' from='me@example.org' to='me@example.org/laptop'>"
                  "<sent xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'>"
                  "<message xmlns='jabber:client' from='me@example.org/b'><body>a</body></message>"
                  "</forwarded></sent></message>");
  /* A sent carbon of someone else's message. */
  assert_refused ("<message xmlns='jabber:client' from='me@example.org' to='me@example.org/laptop'>"
                  "<sent xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'>"
                  "<message xmlns='jabber:client' from='juliet@capulet.lit/b' to='romeo@montague.lit'>"
                  "<body>a</body></message></forwarded></sent></message>");
  /* A groupchat carbon. */
  assert_refused ("<message xmlns='jabber:client' from='me@example.org' to='me@example.org/laptop'>"
                  "<received xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'>"
                  "<message xmlns='jabber:client' from='room@muc.example.org/n' to='me@example.org'"
                  " type='groupchat'><body>a</body></message></forwarded></received></message>");
}

/* Archive (XEP-0313) */

#define MAM_RESULT(outer_from, queryid, inner) \
  "<message xmlns='jabber:client' " outer_from " to='me@example.org/laptop'>" \
  "<result xmlns='urn:xmpp:mam:2' queryid='" queryid "' id='28482-98726-73623'>" \
  "<forwarded xmlns='urn:xmpp:forward:0'>" \
  "<delay xmlns='urn:xmpp:delay' stamp='2010-07-10T23:08:25Z'/>" \
  inner "</forwarded></result></message>"

#define MAM_INCOMING \
  "<message xmlns='jabber:client' from='juliet@capulet.lit/balcony' to='me@example.org/laptop'" \
  " type='chat' id='m-in'><body>Archived</body>" \
  "<stanza-id xmlns='urn:xmpp:sid:0' by='me@example.org' id='inner-id'/></message>"

#define MAM_OUTGOING \
  "<message xmlns='jabber:client' from='me@example.org/phone' to='juliet@capulet.lit'" \
  " type='chat' id='m-out'><body>Mine</body><request xmlns='urn:xmpp:receipts'/></message>"

static void
test_mam_result (void)
{
  const char *why = NULL;
  g_autoptr(CauXmppMessage) in = NULL;
  g_autoptr(CauXmppMessage) out = NULL;
  g_autoptr(CauXmppMessage) no_from = NULL;
  xmpp_stanza_t *s;

  s = cau_test_stanza_new (ctx, MAM_RESULT ("from='me@example.org'", "q29302", MAM_INCOMING));
  g_assert_cmpstr (cau_xmpp_mam_result_query_id (s), ==, "q29302");
  xmpp_stanza_release (s);

  in = parse_mam (MAM_RESULT ("from='me@example.org'", "q29302", MAM_INCOMING),
                  NULL, "q29302", &why);
  g_assert_nonnull (in);
  g_assert_null (why);
  g_assert_cmpint (in->source, ==, CAU_XMPP_SOURCE_ARCHIVE);
  g_assert_false (in->outgoing);
  g_assert_cmpstr (in->peer, ==, "juliet@capulet.lit");
  g_assert_cmpstr (in->sender_resource, ==, "balcony");
  g_assert_cmpstr (in->body, ==, "Archived");
  g_assert_cmpstr (in->id, ==, "m-in");
  g_assert_cmpstr (in->stanza_id, ==, "28482-98726-73623");
  g_assert_cmpint (in->time_us, ==, stamp_us ("2010-07-10T23:08:25Z"));
  g_assert_true (in->delayed);

  out = parse_mam (MAM_RESULT ("", "q29302", MAM_OUTGOING), OWN_BARE, "q29302", &why);
  g_assert_nonnull (out);
  g_assert_true (out->outgoing);
  g_assert_cmpstr (out->peer, ==, "juliet@capulet.lit");
  g_assert_cmpstr (out->sender, ==, OWN_BARE);
  g_assert_cmpstr (out->sender_resource, ==, "phone");
  g_assert_false (out->wants_receipt);

  no_from = parse_mam (MAM_RESULT ("", "q29302", MAM_INCOMING), NULL, "q29302", NULL);
  g_assert_nonnull (no_from);

  /* Without a delay, now; with one in the future, now too. */
  {
    g_autoptr(CauXmppMessage) undated = parse_mam (
      "<message xmlns='jabber:client' to='me@example.org/laptop'>"
      "<result xmlns='urn:xmpp:mam:2' queryid='q' id='r'><forwarded xmlns='urn:xmpp:forward:0'>"
      MAM_INCOMING "</forwarded></result></message>", NULL, "q", NULL);
    g_autoptr(CauXmppMessage) future = parse_mam (
      "<message xmlns='jabber:client' to='me@example.org/laptop'>"
      "<result xmlns='urn:xmpp:mam:2' queryid='q' id='r'><forwarded xmlns='urn:xmpp:forward:0'>"
      "<delay xmlns='urn:xmpp:delay' stamp='2999-07-10T23:08:25Z'/>"
      MAM_INCOMING "</forwarded></result></message>", NULL, "q", NULL);
    gint64 now = g_get_real_time ();

    g_assert_nonnull (undated);
    g_assert_false (undated->delayed);
    g_assert_cmpint (ABS (undated->time_us - now), <, 60 * G_USEC_PER_SEC);
    g_assert_nonnull (future);
    g_assert_cmpint (future->time_us, <=, g_get_real_time ());
  }
}

static void
test_mam_refused (void)
{
  const char *why = NULL;
  CauXmppMessage *m;

  m = parse_mam (MAM_RESULT ("from='me@example.org'", "q29302", MAM_INCOMING),
                 NULL, "another-query", &why);
  g_assert_null (m);
  g_assert_cmpstr (why, ==, "archive result for another query");

  m = parse_mam (MAM_RESULT ("from='juliet@capulet.lit'", "q29302", MAM_INCOMING),
                 NULL, "q29302", &why);
  g_assert_null (m);
  g_assert_cmpstr (why, ==, "archive result not from the archive queried");

  m = parse_mam (MAM_RESULT ("from='me@example.org/phone'", "q29302", MAM_INCOMING),
                 NULL, "q29302", &why);
  g_assert_null (m);
  m = parse_mam (MAM_RESULT ("from='example.org'", "q29302", MAM_INCOMING), NULL, "q29302", &why);
  g_assert_null (m);
  /* Missing queryid. */
  m = parse_mam ("<message xmlns='jabber:client' from='me@example.org' to='me@example.org/laptop'>"
                 "<result xmlns='urn:xmpp:mam:2' id='r'><forwarded xmlns='urn:xmpp:forward:0'>"
                 MAM_INCOMING "</forwarded></result></message>", NULL, "q", &why);
  g_assert_null (m);
  /* Missing result id. */
  m = parse_mam ("<message xmlns='jabber:client' from='me@example.org' to='me@example.org/laptop'>"
                 "<result xmlns='urn:xmpp:mam:2' queryid='q'><forwarded xmlns='urn:xmpp:forward:0'>"
                 MAM_INCOMING "</forwarded></result></message>", NULL, "q", &why);
  g_assert_null (m);
  /* A carbon inside an archive result. */
  m = parse_mam (MAM_RESULT ("", "q",
                 "<message xmlns='jabber:client' from='me@example.org' to='me@example.org/laptop'>"
                 "<received xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'>"
                 MAM_INCOMING "</forwarded></received></message>"), NULL, "q", &why);
  g_assert_null (m);
  /* An old namespace. */
  m = parse_mam ("<message xmlns='jabber:client' from='me@example.org' to='me@example.org/laptop'>"
                 "<result xmlns='urn:xmpp:mam:1' queryid='q' id='r'><forwarded xmlns='urn:xmpp:forward:0'>"
                 MAM_INCOMING "</forwarded></result></message>", NULL, "q", &why);
  g_assert_null (m);
  /* Archived for someone else. */
  m = parse_mam (MAM_RESULT ("", "q",
                 "<message xmlns='jabber:client' from='juliet@capulet.lit/b' to='romeo@montague.lit'>"
                 "<body>not yours</body></message>"), NULL, "q", &why);
  g_assert_null (m);
}

static void
test_mam_fin (void)
{
  xmpp_stanza_t *s;
  gboolean complete = TRUE;
  char *first = NULL, *last = NULL;

  s = cau_test_stanza_new (ctx, "<iq xmlns='jabber:client' type='result' id='juliet1'>"
              "<fin xmlns='urn:xmpp:mam:2'><set xmlns='http://jabber.org/protocol/rsm'>"
              "<first index='0'>28482-98726-73623</first><last>09af3-cc343-b409f</last>"
              "<count>20</count></set></fin></iq>");
  g_assert_true (cau_xmpp_parse_mam_fin (s, &complete, &first, &last));
  g_assert_false (complete);
  g_assert_cmpstr (first, ==, "28482-98726-73623");
  g_assert_cmpstr (last, ==, "09af3-cc343-b409f");
  g_clear_pointer (&first, g_free);
  g_clear_pointer (&last, g_free);
  xmpp_stanza_release (s);

  s = cau_test_stanza_new (ctx, "<iq xmlns='jabber:client' type='result' id='juliet1'>"
              "<fin xmlns='urn:xmpp:mam:2' complete='true'><set xmlns='http://jabber.org/protocol/rsm'>"
              "<count>0</count></set></fin></iq>");
  g_assert_true (cau_xmpp_parse_mam_fin (s, &complete, &first, &last));
  g_assert_true (complete);
  g_assert_null (first);
  g_assert_null (last);
  xmpp_stanza_release (s);

  s = cau_test_stanza_new (ctx, "<iq xmlns='jabber:client' type='result' id='juliet1'>"
              "<fin xmlns='urn:xmpp:mam:2' complete='false'/></iq>");
  g_assert_true (cau_xmpp_parse_mam_fin (s, &complete, NULL, NULL));
  g_assert_false (complete);
  xmpp_stanza_release (s);

  s = cau_test_stanza_new (ctx, "<iq xmlns='jabber:client' type='error' id='juliet1'>"
              "<fin xmlns='urn:xmpp:mam:2' complete='true'/></iq>");
  g_assert_false (cau_xmpp_parse_mam_fin (s, &complete, &first, &last));
  g_assert_false (complete);
  xmpp_stanza_release (s);

  s = cau_test_stanza_new (ctx, "<iq xmlns='jabber:client' type='result' id='juliet1'/>");
  g_assert_false (cau_xmpp_parse_mam_fin (s, NULL, NULL, NULL));
  xmpp_stanza_release (s);
}

/* Hostile and odd content */

static void
test_huge_body (void)
{
  /* 10 MB of two-byte characters after one ASCII byte: the limit falls in
   * the middle of a character. */
  gsize n_chars = 5 * 1024 * 1024;
  GString *xml = g_string_sized_new (n_chars * 2 + 256);
  g_autoptr(CauXmppMessage) m = NULL;
  gsize len;

  g_string_append (xml, "<message xmlns='jabber:client' from='juliet@capulet.lit/b'"
                        " to='me@example.org' type='chat'><body>a");
  for (gsize i = 0; i < n_chars; i++)
    g_string_append (xml, "é");
  g_string_append (xml, "</body></message>");

  m = parse (xml->str, NULL);
  g_string_free (xml, TRUE);

  g_assert_nonnull (m);
  g_assert_true (m->body_truncated);
  len = strlen (m->body);
  g_assert_cmpuint (len, <=, CAU_XMPP_MAX_BODY);
  g_assert_cmpuint (len, >=, CAU_XMPP_MAX_BODY - 3);
  g_assert_true (g_utf8_validate (m->body, -1, NULL));
  g_assert_true (g_str_has_prefix (m->body, "aéé"));
  g_assert_true (g_str_has_suffix (m->body, "é"));
}

static void
test_body_at_limit (void)
{
  g_autofree char *text = g_strnfill (CAU_XMPP_MAX_BODY, 'x');
  g_autofree char *xml = g_strdup_printf ("<message xmlns='jabber:client' from='juliet@capulet.lit/b'"
                                          " to='me@example.org' type='chat'><body>%s</body></message>",
                                          text);
  g_autoptr(CauXmppMessage) m = parse (xml, NULL);

  g_assert_nonnull (m);
  g_assert_false (m->body_truncated);
  g_assert_cmpuint (strlen (m->body), ==, CAU_XMPP_MAX_BODY);
}

static void
test_markup_body (void)
{
  g_autoptr(CauXmppMessage) m = parse (
    "<message xmlns='jabber:client' from='juliet@capulet.lit/b' to='me@example.org' type='chat'>"
    "<body>&lt;b&gt;bold&lt;/b&gt; &lt;span foreground=\"red\"&gt;x&lt;/span&gt; &amp;amp; "
    "\xe2\x80\xae" "evil\xe2\x80\xac \xe2\x81\xa6iso\xe2\x81\xa9</body></message>", NULL);

  g_assert_nonnull (m);
  /* Unescaped once by the XML parser, and never again. */
  g_assert_cmpstr (m->body, ==,
                   "<b>bold</b> <span foreground=\"red\">x</span> &amp; "
                   "\xe2\x80\xae" "evil\xe2\x80\xac \xe2\x81\xa6iso\xe2\x81\xa9");
}

static void
test_invalid_utf8 (void)
{
  xmpp_stanza_t *message = xmpp_message_new (ctx, "chat", "me@example.org", "bad-1");
  xmpp_stanza_t *body = xmpp_stanza_new (ctx);
  xmpp_stanza_t *text = xmpp_stanza_new (ctx);
  g_autoptr(CauXmppMessage) m = NULL;

  /* The parser refuses invalid UTF-8; a stanza built by hand can hold it. */
  g_assert_null (xmpp_stanza_new_from_string (ctx, "<message><body>\xff\xfe</body></message>"));

  xmpp_stanza_set_from (message, "juliet@capulet.lit/b");
  xmpp_stanza_set_name (body, "body");
  xmpp_stanza_set_text (text, "ok \xff\xfe bad \xc3");
  xmpp_stanza_add_child (body, text);
  xmpp_stanza_add_child (message, body);
  xmpp_stanza_release (text);
  xmpp_stanza_release (body);

  m = cau_xmpp_parse_message (message, OWN, NOW_US, NULL);
  xmpp_stanza_release (message);

  g_assert_nonnull (m);
  g_assert_true (g_utf8_validate (m->body, -1, NULL));
  g_assert_true (g_str_has_prefix (m->body, "ok "));
  g_assert_nonnull (strstr (m->body, "\xef\xbf\xbd"));
  g_assert_nonnull (strstr (m->body, " bad "));
}

static char *
nested (const char *before,
        guint       depth,
        const char *after)
{
  GString *xml = g_string_new (before);

  for (guint i = 0; i < depth; i++)
    g_string_append (xml, "<a>");
  g_string_append (xml, "deep");
  for (guint i = 0; i < depth; i++)
    g_string_append (xml, "</a>");
  g_string_append (xml, after);
  return g_string_free (xml, FALSE);
}

static void
test_deep_nesting (void)
{
  const guint depth = 10000;
  const char *why = NULL;
  g_autofree char *plain = NULL;
  g_autofree char *in_body = NULL;
  g_autofree char *in_carbon = NULL;
  g_autofree char *in_mam = NULL;
  xmpp_stanza_t *s;
  CauXmppMessage *m;

  plain = nested ("<message xmlns='jabber:client' from='juliet@capulet.lit/b' to='me@example.org'"
                  " type='chat'><body>top</body>", depth, "</message>");
  s = xmpp_stanza_new_from_string (ctx, plain);
  if (s == NULL)
    g_test_message ("libstrophe refused %u nested elements", depth);
  if (s != NULL)
    {
      m = cau_xmpp_parse_message (s, OWN, NOW_US, &why);
      g_assert_nonnull (m);
      g_assert_cmpstr (m->body, ==, "top");
      cau_xmpp_message_free (m);
      xmpp_stanza_release (s);
    }

  /* Elements inside a body are not text, and are not descended into. */
  in_body = nested ("<message xmlns='jabber:client' from='juliet@capulet.lit/b' to='me@example.org'"
                    " type='chat'><body>top", depth, "</body></message>");
  s = xmpp_stanza_new_from_string (ctx, in_body);
  if (s != NULL)
    {
      m = cau_xmpp_parse_message (s, OWN, NOW_US, &why);
      g_assert_nonnull (m);
      g_assert_cmpstr (m->body, ==, "top");
      cau_xmpp_message_free (m);
      xmpp_stanza_release (s);
    }

  in_carbon = nested ("<message xmlns='jabber:client' from='me@example.org' to='me@example.org/l'>"
                      "<received xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'>"
                      "<message xmlns='jabber:client' from='juliet@capulet.lit/b' to='me@example.org'>"
                      "<body>carbon</body>", depth,
                      "</message></forwarded></received></message>");
  s = xmpp_stanza_new_from_string (ctx, in_carbon);
  if (s != NULL)
    {
      m = cau_xmpp_parse_message (s, OWN, NOW_US, &why);
      g_assert_nonnull (m);
      g_assert_cmpstr (m->body, ==, "carbon");
      cau_xmpp_message_free (m);
      xmpp_stanza_release (s);
    }

  in_mam = nested ("<message xmlns='jabber:client' to='me@example.org/l'>"
                   "<result xmlns='urn:xmpp:mam:2' queryid='q' id='r'>"
                   "<forwarded xmlns='urn:xmpp:forward:0'>", depth,
                   "</forwarded></result></message>");
  s = xmpp_stanza_new_from_string (ctx, in_mam);
  if (s != NULL)
    {
      m = cau_xmpp_parse_mam_result (s, OWN, NULL, "q", &why);
      g_assert_null (m);
      xmpp_stanza_release (s);
    }
}

/* Errors, receipts, markers, chat states */

static void
test_error (void)
{
  g_autoptr(CauXmppMessage) with_text = NULL;
  g_autoptr(CauXmppMessage) condition = NULL;

  with_text = parse (
    "<message xmlns='jabber:client' from='juliet@capulet.lit' to='me@example.org/laptop'"
    " type='error' id='sent-7'><body>my own words echoed</body>"
    "<error type='cancel'><item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>"
    "<text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>No such user</text></error></message>",
    NULL);
  g_assert_nonnull (with_text);
  g_assert_true (with_text->is_error);
  g_assert_cmpstr (with_text->id, ==, "sent-7");
  g_assert_cmpstr (with_text->peer, ==, "juliet@capulet.lit");
  g_assert_cmpstr (with_text->error_text, ==, "No such user");
  /* An echoed body is ours, not a new message. */
  g_assert_null (with_text->body);

  condition = parse (
    "<message xmlns='jabber:client' from='juliet@capulet.lit/b' to='me@example.org/laptop'"
    " type='error' id='sent-8'><error type='wait'>"
    "<resource-constraint xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>",
    NULL);
  g_assert_nonnull (condition);
  g_assert_true (condition->is_error);
  g_assert_cmpstr (condition->error_text, ==, "resource-constraint");

  /* An error without an <error/> still names something. */
  {
    g_autoptr(CauXmppMessage) bare = parse (
      "<message xmlns='jabber:client' from='juliet@capulet.lit' type='error' id='s9'/>", NULL);

    g_assert_nonnull (bare);
    g_assert_nonnull (bare->error_text);
  }

  /* An error our other device sent is not about our message. */
  assert_refused ("<message xmlns='jabber:client' from='me@example.org' to='me@example.org/laptop'>"
                  "<sent xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'>"
                  "<message xmlns='jabber:client' from='me@example.org/phone' to='juliet@capulet.lit'"
                  " type='error' id='x'><error type='cancel'><bad-request"
                  " xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>"
                  "</forwarded></sent></message>");
}

static void
test_receipts_markers_states (void)
{
  g_autoptr(CauXmppMessage) receipt = NULL;
  g_autoptr(CauXmppMessage) displayed = NULL;
  g_autoptr(CauXmppMessage) composing = NULL;
  g_autoptr(CauXmppMessage) no_id = NULL;

  receipt = parse ("<message xmlns='jabber:client' from='juliet@capulet.lit/b' to='me@example.org/l'"
                   " id='r1'><received xmlns='urn:xmpp:receipts' id='richard2-4.1.247'/></message>",
                   NULL);
  g_assert_nonnull (receipt);
  g_assert_cmpstr (receipt->receipt_for, ==, "richard2-4.1.247");
  g_assert_null (receipt->body);

  displayed = parse ("<message xmlns='jabber:client' from='juliet@capulet.lit/b' to='me@example.org/l'"
                     " type='chat'><displayed xmlns='urn:xmpp:chat-markers:0' id='message-1'/>"
                     "<store xmlns='urn:xmpp:hints'/></message>", NULL);
  g_assert_nonnull (displayed);
  g_assert_cmpstr (displayed->displayed_for, ==, "message-1");

  composing = parse ("<message xmlns='jabber:client' from='juliet@capulet.lit/b' to='me@example.org/l'"
                     " type='chat'><composing xmlns='http://jabber.org/protocol/chatstates'/>"
                     "<no-store xmlns='urn:xmpp:hints'/></message>", NULL);
  g_assert_nonnull (composing);
  g_assert_cmpint (composing->chat_state, ==, CAU_XMPP_CHAT_STATE_COMPOSING);
  g_assert_null (composing->body);

  /* A receipt request needs an id to answer. */
  no_id = parse ("<message xmlns='jabber:client' from='juliet@capulet.lit/b' to='me@example.org/l'"
                 " type='chat'><body>x</body><request xmlns='urn:xmpp:receipts'/></message>", NULL);
  g_assert_nonnull (no_id);
  g_assert_false (no_id->wants_receipt);

  /* Receipts and markers without an id mean nothing. */
  assert_refused ("<message xmlns='jabber:client' from='juliet@capulet.lit/b' to='me@example.org/l'>"
                  "<received xmlns='urn:xmpp:receipts'/></message>");
  assert_refused ("<message xmlns='jabber:client' from='juliet@capulet.lit/b' to='me@example.org/l'>"
                  "<displayed xmlns='urn:xmpp:chat-markers:0' id=''/></message>");
  assert_refused ("<message xmlns='jabber:client' from='juliet@capulet.lit/b' to='me@example.org/l'>"
                  "<typing xmlns='http://jabber.org/protocol/chatstates'/></message>");
}

/* Roster */

static GPtrArray *
parse_roster (const char  *xml,
              char       **ver,
              gboolean    *empty,
              const char **why)
{
  xmpp_stanza_t *s = cau_test_stanza_new (ctx, xml);
  GPtrArray *items = cau_xmpp_parse_roster (s, OWN, ver, empty, why);

  xmpp_stanza_release (s);
  return items;
}

static void
test_roster_result (void)
{
  g_autoptr(GPtrArray) items = NULL;
  g_autofree char *ver = NULL;
  gboolean empty = TRUE;
  CauXmppRosterItem *item;

  items = parse_roster (
    "<iq xmlns='jabber:client' id='bv1bs71f' to='me@example.org/laptop' type='result'>"
    "<query xmlns='jabber:iq:roster' ver='ver11'>"
    "<item jid='Romeo@Example.NET' name='Romeo' subscription='both'>"
    "<group>Friends</group><group>Verona</group><group>Friends</group><group/></item>"
    "<item jid='mercutio@example.com' name='Mercutio' subscription='from'/>"
    "<item jid='benvolio@example.net' ask='subscribe'/>"
    "<item jid='bad jid@example.net' subscription='both'/>"
    "<item jid='nurse@example.net/kitchen' subscription='both'/>"
    "<item name='no jid'/>"
    "<item jid='tybalt@example.net' subscription='hostile'/>"
    "</query></iq>", &ver, &empty, NULL);

  g_assert_nonnull (items);
  g_assert_false (empty);
  g_assert_cmpstr (ver, ==, "ver11");
  g_assert_cmpuint (items->len, ==, 4);

  item = g_ptr_array_index (items, 0);
  g_assert_cmpstr (item->jid, ==, "romeo@example.net");
  g_assert_cmpstr (item->name, ==, "Romeo");
  g_assert_cmpstr (item->subscription, ==, "both");
  g_assert_false (item->ask);
  g_assert_cmpuint (g_strv_length (item->groups), ==, 2);
  g_assert_cmpstr (item->groups[0], ==, "Friends");
  g_assert_cmpstr (item->groups[1], ==, "Verona");

  item = g_ptr_array_index (items, 1);
  g_assert_cmpstr (item->subscription, ==, "from");
  g_assert_nonnull (item->groups);
  g_assert_null (item->groups[0]);

  item = g_ptr_array_index (items, 2);
  g_assert_cmpstr (item->jid, ==, "benvolio@example.net");
  g_assert_null (item->name);
  g_assert_cmpstr (item->subscription, ==, "none");
  g_assert_true (item->ask);

  item = g_ptr_array_index (items, 3);
  g_assert_cmpstr (item->jid, ==, "tybalt@example.net");
  g_assert_cmpstr (item->subscription, ==, "none");
}

static void
test_roster_empty (void)
{
  g_autoptr(GPtrArray) unchanged = NULL;
  g_autoptr(GPtrArray) none = NULL;
  g_autofree char *ver = NULL;
  gboolean empty = FALSE;

  unchanged = parse_roster ("<iq xmlns='jabber:client' id='r2' to='me@example.org/laptop'"
                            " type='result'/>", &ver, &empty, NULL);
  g_assert_nonnull (unchanged);
  g_assert_cmpuint (unchanged->len, ==, 0);
  g_assert_true (empty);
  g_assert_null (ver);

  /* An empty roster is not "nothing changed". */
  none = parse_roster ("<iq xmlns='jabber:client' id='r3' type='result' from='me@example.org'>"
                       "<query xmlns='jabber:iq:roster' ver=''/></iq>", &ver, &empty, NULL);
  g_assert_nonnull (none);
  g_assert_cmpuint (none->len, ==, 0);
  g_assert_false (empty);
  g_assert_cmpstr (ver, ==, "");
}

#define PUSH(from, items) \
  "<iq xmlns='jabber:client' " from " id='a78b4q6ha463' to='me@example.org/laptop' type='set'>" \
  "<query xmlns='jabber:iq:roster' ver='ver14'>" items "</query></iq>"

static void
test_roster_push (void)
{
  const char *why = NULL;
  g_autofree char *ver = NULL;
  GPtrArray *items;
  CauXmppRosterItem *item;

  items = parse_roster (PUSH ("", "<item jid='nurse@example.com' subscription='remove'/>"),
                        &ver, NULL, &why);
  g_assert_nonnull (items);
  g_assert_cmpuint (items->len, ==, 1);
  item = g_ptr_array_index (items, 0);
  g_assert_cmpstr (item->jid, ==, "nurse@example.com");
  g_assert_cmpstr (item->subscription, ==, "remove");
  g_assert_cmpstr (ver, ==, "ver14");
  g_clear_pointer (&ver, g_free);
  g_ptr_array_unref (items);

  items = parse_roster (PUSH ("from='me@example.org'",
                              "<item jid='nurse@example.com' name='Nurse'><group>House</group></item>"),
                        NULL, NULL, &why);
  g_assert_nonnull (items);
  item = g_ptr_array_index (items, 0);
  g_assert_cmpstr (item->name, ==, "Nurse");
  g_assert_cmpstr (item->subscription, ==, "none");
  g_assert_cmpstr (item->groups[0], ==, "House");
  g_ptr_array_unref (items);

  items = parse_roster (PUSH ("from='ME@Example.org'", "<item jid='nurse@example.com'/>"),
                        NULL, NULL, &why);
  g_assert_nonnull (items);
  g_ptr_array_unref (items);

  /* Strangers, including our own full JID: RFC 6121 §2.1.6. */
  items = parse_roster (PUSH ("from='juliet@capulet.lit/balcony'",
                              "<item jid='eve@evil.example' subscription='both'/>"),
                        &ver, NULL, &why);
  g_assert_null (items);
  g_assert_cmpstr (why, ==, "roster push from a stranger");
  g_assert_null (ver);
  items = parse_roster (PUSH ("from='example.org'", "<item jid='eve@evil.example'/>"),
                        NULL, NULL, &why);
  g_assert_null (items);
  items = parse_roster (PUSH ("from='me@example.org/phone'", "<item jid='eve@evil.example'/>"),
                        NULL, NULL, &why);
  g_assert_null (items);
  items = parse_roster (PUSH ("from='me@example.org.evil.example'", "<item jid='eve@evil.example'/>"),
                        NULL, NULL, &why);
  g_assert_null (items);

  /* Exactly one valid item. */
  items = parse_roster (PUSH ("", "<item jid='a@example.com'/><item jid='b@example.com'/>"),
                        NULL, NULL, &why);
  g_assert_null (items);
  g_assert_nonnull (why);
  items = parse_roster (PUSH ("", ""), NULL, NULL, &why);
  g_assert_null (items);
  items = parse_roster (PUSH ("", "<item jid='@example.com'/>"), NULL, NULL, &why);
  g_assert_null (items);
  items = parse_roster ("<iq xmlns='jabber:client' id='p' type='set'/>", NULL, NULL, &why);
  g_assert_null (items);

  /* A result from a stranger, and an error. */
  items = parse_roster ("<iq xmlns='jabber:client' id='r' type='result' from='juliet@capulet.lit'>"
                        "<query xmlns='jabber:iq:roster'><item jid='eve@evil.example'/></query></iq>",
                        NULL, NULL, &why);
  g_assert_null (items);
  items = parse_roster ("<iq xmlns='jabber:client' id='r' type='error'/>", NULL, NULL, &why);
  g_assert_null (items);
}

/* Builders */

static xmpp_stanza_t *
child (xmpp_stanza_t *parent,
       const char    *name,
       const char    *ns)
{
  xmpp_stanza_t *c = xmpp_stanza_get_child_by_name_and_ns (parent, name, ns);

  g_assert_nonnull (c);
  return c;
}

static void
test_build_chat (void)
{
  xmpp_stanza_t *s = cau_xmpp_build_chat (ctx, "juliet@capulet.lit", "<b>hi</b> & bye", "id-42",
                                          TRUE);
  g_autofree char *text = cau_test_stanza_to_text (s);
  g_autofree char *wire = NULL;
  g_autoptr(CauXmppMessage) echo = NULL;
  xmpp_stanza_t *back;

  g_assert_cmpstr (xmpp_stanza_get_name (s), ==, "message");
  g_assert_cmpstr (xmpp_stanza_get_type (s), ==, "chat");
  g_assert_cmpstr (xmpp_stanza_get_to (s), ==, "juliet@capulet.lit");
  g_assert_cmpstr (xmpp_stanza_get_id (s), ==, "id-42");
  g_assert_cmpstr (xmpp_stanza_get_attribute (child (s, "origin-id", CAU_NS_SID), "id"), ==, "id-42");
  child (s, "markable", CAU_NS_MARKERS);
  child (s, "store", CAU_NS_HINTS);
  child (s, "request", CAU_NS_RECEIPTS);
  child (s, "active", CAU_NS_CHATSTATES);
  g_assert_nonnull (strstr (text, "<body>&lt;b&gt;hi&lt;/b&gt; &amp; bye</body>"));
  g_assert_nonnull (strstr (text, "<markable xmlns=\"urn:xmpp:chat-markers:0\"/>"));
  g_assert_nonnull (strstr (text, "<store xmlns=\"urn:xmpp:hints\"/>"));
  g_assert_nonnull (strstr (text, "<request xmlns=\"urn:xmpp:receipts\"/>"));
  g_assert_nonnull (strstr (text, "<active xmlns=\"http://jabber.org/protocol/chatstates\"/>"));

  /* What we send reads back the same at the other end. */
  xmpp_stanza_set_from (s, "me@example.org/laptop");
  xmpp_stanza_set_to (s, "juliet@capulet.lit/balcony");
  wire = cau_test_stanza_to_text (s);
  back = cau_test_stanza_new (ctx, wire);
  echo = cau_xmpp_parse_message (back, "juliet@capulet.lit/balcony", NOW_US, NULL);
  g_assert_nonnull (echo);
  g_assert_cmpstr (echo->body, ==, "<b>hi</b> & bye");
  g_assert_cmpstr (echo->origin_id, ==, "id-42");
  g_assert_cmpstr (echo->peer, ==, OWN_BARE);
  g_assert_true (echo->wants_receipt);
  g_assert_true (echo->markable);
  xmpp_stanza_release (back);
  xmpp_stanza_release (s);

  s = cau_xmpp_build_chat (ctx, "juliet@capulet.lit", "plain", NULL, FALSE);
  g_assert_nonnull (xmpp_stanza_get_id (s));
  g_assert_cmpstr (xmpp_stanza_get_attribute (child (s, "origin-id", CAU_NS_SID), "id"), ==,
                   xmpp_stanza_get_id (s));
  g_assert_null (xmpp_stanza_get_child_by_name_and_ns (s, "request", CAU_NS_RECEIPTS));
  xmpp_stanza_release (s);
}

static void
test_build_small (void)
{
  xmpp_stanza_t *s;

  s = cau_xmpp_build_receipt (ctx, "juliet@capulet.lit/balcony", "m-1");
  g_assert_cmpstr (xmpp_stanza_get_to (s), ==, "juliet@capulet.lit/balcony");
  g_assert_cmpstr (xmpp_stanza_get_type (s), ==, "chat");
  g_assert_nonnull (xmpp_stanza_get_id (s));
  g_assert_cmpstr (xmpp_stanza_get_attribute (child (s, "received", CAU_NS_RECEIPTS), "id"), ==, "m-1");
  child (s, "store", CAU_NS_HINTS);
  g_assert_null (xmpp_stanza_get_child_by_name (s, "body"));
  xmpp_stanza_release (s);

  s = cau_xmpp_build_displayed (ctx, "juliet@capulet.lit", "m-2");
  g_assert_cmpstr (xmpp_stanza_get_attribute (child (s, "displayed", CAU_NS_MARKERS), "id"), ==, "m-2");
  child (s, "store", CAU_NS_HINTS);
  xmpp_stanza_release (s);

  s = cau_xmpp_build_chat_state (ctx, "juliet@capulet.lit", CAU_XMPP_CHAT_STATE_COMPOSING);
  {
    g_autofree char *text = cau_test_stanza_to_text (s);

    g_assert_nonnull (strstr (text, "<composing xmlns=\"http://jabber.org/protocol/chatstates\"/>"));
    g_assert_nonnull (strstr (text, "<no-store xmlns=\"urn:xmpp:hints\"/>"));
    g_assert_null (strstr (text, "<body"));
  }
  xmpp_stanza_release (s);

  s = cau_xmpp_build_carbons_enable (ctx, "enable1");
  g_assert_cmpstr (xmpp_stanza_get_name (s), ==, "iq");
  g_assert_cmpstr (xmpp_stanza_get_type (s), ==, "set");
  g_assert_cmpstr (xmpp_stanza_get_id (s), ==, "enable1");
  child (s, "enable", CAU_NS_CARBONS);
  xmpp_stanza_release (s);
}

/* The value of a data form field, and the field count. */
static const char *
form_value (xmpp_stanza_t *form,
            const char    *var,
            guint         *n_fields)
{
  const char *value = NULL;

  *n_fields = 0;
  for (xmpp_stanza_t *c = xmpp_stanza_get_children (form); c; c = xmpp_stanza_get_next (c))
    {
      if (g_strcmp0 (xmpp_stanza_get_name (c), "field") != 0)
        continue;
      (*n_fields)++;
      if (g_strcmp0 (xmpp_stanza_get_attribute (c, "var"), var) == 0)
        {
          xmpp_stanza_t *v = xmpp_stanza_get_child_by_name (c, "value");

          value = v ? xmpp_stanza_get_text_ptr (xmpp_stanza_get_children (v)) : NULL;
        }
    }
  return value;
}

static void
test_build_mam_query (void)
{
  xmpp_stanza_t *s, *query, *form, *set;
  guint n_fields;

  s = cau_xmpp_build_mam_query (ctx, "iq-1", "q-1", "juliet@capulet.lit", "after-id", NULL, 50);
  g_assert_cmpstr (xmpp_stanza_get_type (s), ==, "set");
  g_assert_cmpstr (xmpp_stanza_get_id (s), ==, "iq-1");
  g_assert_null (xmpp_stanza_get_to (s));
  query = child (s, "query", CAU_NS_MAM);
  g_assert_cmpstr (xmpp_stanza_get_attribute (query, "queryid"), ==, "q-1");
  form = child (query, "x", "jabber:x:data");
  g_assert_cmpstr (xmpp_stanza_get_attribute (form, "type"), ==, "submit");
  g_assert_cmpstr (form_value (form, "FORM_TYPE", &n_fields), ==, CAU_NS_MAM);
  g_assert_cmpstr (form_value (form, "with", &n_fields), ==, "juliet@capulet.lit");
  g_assert_cmpuint (n_fields, ==, 2);
  set = child (query, "set", CAU_NS_RSM);
  {
    g_autofree char *text = cau_test_stanza_to_text (set);

    g_assert_cmpstr (text, ==, "<set xmlns=\"http://jabber.org/protocol/rsm\">"
                               "<max>50</max><after>after-id</after></set>");
  }
  {
    g_autofree char *text = cau_test_stanza_to_text (s);

    g_assert_nonnull (strstr (text, "<value>urn:xmpp:mam:2</value>"));
    g_assert_nonnull (strstr (text, "type=\"hidden\""));
  }
  xmpp_stanza_release (s);

  s = cau_xmpp_build_mam_query (ctx, "iq-2", "q-2", NULL, NULL, "", 20);
  query = child (s, "query", CAU_NS_MAM);
  form = child (query, "x", "jabber:x:data");
  g_assert_null (form_value (form, "with", &n_fields));
  g_assert_cmpuint (n_fields, ==, 1);
  {
    g_autofree char *text = cau_test_stanza_to_text (child (query, "set", CAU_NS_RSM));

    g_assert_cmpstr (text, ==, "<set xmlns=\"http://jabber.org/protocol/rsm\">"
                               "<max>20</max><before/></set>");
  }
  xmpp_stanza_release (s);

  s = cau_xmpp_build_mam_query (ctx, "iq-3", "q-3", NULL, NULL, "older-than", 20);
  {
    g_autofree char *text = cau_test_stanza_to_text (s);

    g_assert_nonnull (strstr (text, "<before>older-than</before>"));
  }
  xmpp_stanza_release (s);

  s = cau_xmpp_build_mam_query (ctx, "iq-4", "q-4", NULL, NULL, NULL, 10);
  {
    g_autofree char *text = cau_test_stanza_to_text (child (child (s, "query", CAU_NS_MAM), "set", CAU_NS_RSM));

    g_assert_cmpstr (text, ==, "<set xmlns=\"http://jabber.org/protocol/rsm\"><max>10</max></set>");
  }
  xmpp_stanza_release (s);
}

static void
test_build_roster (void)
{
  const char *groups[] = { "Friends", "", "Verona", "Friends", NULL };
  xmpp_stanza_t *s, *query, *item;
  g_autoptr(GPtrArray) items = NULL;

  s = cau_xmpp_build_roster_get (ctx, "r1", NULL);
  g_assert_cmpstr (xmpp_stanza_get_type (s), ==, "get");
  query = child (s, "query", CAU_NS_ROSTER);
  g_assert_null (xmpp_stanza_get_attribute (query, "ver"));
  xmpp_stanza_release (s);

  s = cau_xmpp_build_roster_get (ctx, "r2", "");
  g_assert_cmpstr (xmpp_stanza_get_attribute (child (s, "query", CAU_NS_ROSTER), "ver"), ==, "");
  xmpp_stanza_release (s);

  s = cau_xmpp_build_roster_get (ctx, "r3", "ver14");
  g_assert_cmpstr (xmpp_stanza_get_attribute (child (s, "query", CAU_NS_ROSTER), "ver"), ==, "ver14");
  xmpp_stanza_release (s);

  s = cau_xmpp_build_roster_set (ctx, "r4", "romeo@example.net", "Romeo", groups, FALSE);
  g_assert_cmpstr (xmpp_stanza_get_type (s), ==, "set");
  item = xmpp_stanza_get_child_by_name (child (s, "query", CAU_NS_ROSTER), "item");
  g_assert_nonnull (item);
  g_assert_cmpstr (xmpp_stanza_get_attribute (item, "jid"), ==, "romeo@example.net");
  g_assert_cmpstr (xmpp_stanza_get_attribute (item, "name"), ==, "Romeo");
  g_assert_null (xmpp_stanza_get_attribute (item, "subscription"));
  {
    g_autofree char *text = cau_test_stanza_to_text (s);

    g_assert_nonnull (strstr (text, "<group>Friends</group><group>Verona</group></item>"));
  }
  /* It reads back as a push from our server. */
  items = cau_xmpp_parse_roster (s, OWN, NULL, NULL, NULL);
  g_assert_nonnull (items);
  g_assert_cmpuint (items->len, ==, 1);
  g_assert_cmpuint (g_strv_length (((CauXmppRosterItem *) g_ptr_array_index (items, 0))->groups), ==, 2);
  xmpp_stanza_release (s);

  s = cau_xmpp_build_roster_set (ctx, "r5", "romeo@example.net", "Romeo", groups, TRUE);
  item = xmpp_stanza_get_child_by_name (child (s, "query", CAU_NS_ROSTER), "item");
  g_assert_cmpstr (xmpp_stanza_get_attribute (item, "subscription"), ==, "remove");
  g_assert_null (xmpp_stanza_get_attribute (item, "name"));
  g_assert_null (xmpp_stanza_get_children (item));
  xmpp_stanza_release (s);
}

/* OMEMO: the fallback body is not the message; the <encrypted/> waits for decryption. */
#define OMEMO_LEGACY_ELEMENT \
  "<encrypted xmlns='eu.siacs.conversations.axolotl'><header sid='27183'>" \
  "<key rid='31415'>AAECAw==</key><key prekey='true' rid='12321'>BAUG</key>" \
  "<iv>AAECAwQFBgcICQoL</iv></header><payload>SGVsbG8=</payload></encrypted>"

static void
test_omemo_live (void)
{
  g_autoptr(CauXmppMessage) m = NULL;
  g_autoptr(CauXmppMessage) copy = NULL;
  const char *why = NULL;

  m = parse ("<message xmlns='jabber:client' from='juliet@capulet.lit/balcony' to='" OWN "'"
             " type='chat' id='o1'>" OMEMO_LEGACY_ELEMENT
             "<encryption xmlns='urn:xmpp:eme:0' namespace='eu.siacs.conversations.axolotl'/>"
             "<body>I sent you an OMEMO encrypted message but your client doesn’t seem to"
             " support that.</body><store xmlns='urn:xmpp:hints'/></message>", &why);
  g_assert_nonnull (m);
  g_assert_null (m->body);
  g_assert_cmpint (m->encryption, ==, CAU_XMPP_ENCRYPTION_OMEMO_LEGACY);
  g_assert_cmpuint (m->sender_device, ==, 27183);
  g_assert_cmpint (m->crypto_error, ==, CAU_XMPP_CRYPTO_OK);
  g_assert_nonnull (m->omemo);
  g_assert_cmpuint (m->omemo->keys->len, ==, 2);

  copy = cau_xmpp_message_copy (m);
  g_assert_nonnull (copy->omemo);
  g_assert_true (copy->omemo != m->omemo);
  g_assert_true (g_bytes_equal (copy->omemo->payload, m->omemo->payload));
  g_assert_cmpuint (copy->omemo->keys->len, ==, 2);
}

static void
test_omemo_carbon (void)
{
  g_autoptr(CauXmppMessage) m = NULL;
  const char *why = NULL;

  m = parse ("<message xmlns='jabber:client' from='me@example.org' to='me@example.org/laptop'>"
             "<sent xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'>"
             "<message xmlns='jabber:client' to='juliet@capulet.lit' from='me@example.org/phone'"
             " type='chat' id='o2'>" OMEMO_LEGACY_ELEMENT "<body>fallback</body></message>"
             "</forwarded></sent></message>", &why);
  g_assert_nonnull (m);
  g_assert_true (m->outgoing);
  g_assert_null (m->body);
  g_assert_cmpint (m->encryption, ==, CAU_XMPP_ENCRYPTION_OMEMO_LEGACY);
  g_assert_nonnull (m->omemo);
}

/* A malformed <encrypted/> is a message that cannot be read, not a plaintext one. */
static void
test_omemo_malformed (void)
{
  g_autoptr(CauXmppMessage) m = NULL;
  const char *why = NULL;

  m = parse ("<message xmlns='jabber:client' from='juliet@capulet.lit/balcony' to='" OWN "'"
             " type='chat' id='o3'><encrypted xmlns='eu.siacs.conversations.axolotl'>"
             "<header sid='not a number'/><payload>%%%</payload></encrypted>"
             "<body>fallback</body></message>", &why);
  g_assert_nonnull (m);
  g_assert_null (m->body);
  g_assert_null (m->omemo);
  g_assert_cmpint (m->encryption, ==, CAU_XMPP_ENCRYPTION_OMEMO_LEGACY);
  g_assert_cmpint (m->crypto_error, ==, CAU_XMPP_CRYPTO_INVALID);
}

/* Room messages (XEP-0045 §7.4). */

static CauXmppMessage *
parse_room (const char  *xml,
            const char **why)
{
  xmpp_stanza_t *s = cau_test_stanza_new (ctx, xml);
  CauXmppMessage *message = cau_xmpp_parse_groupchat (s, NOW_US, why);

  xmpp_stanza_release (s);
  return message;
}

static void
test_groupchat (void)
{
  g_autoptr(CauXmppMessage) m = NULL;
  g_autoptr(CauXmppMessage) subject = NULL;
  g_autoptr(CauXmppMessage) history = NULL;
  const char *why = NULL;

  m = parse_room ("<message from='coven@chat.shakespeare.lit/thirdwitch' type='groupchat'"
                  " id='g1'><body>Harpier cries: 'tis time, 'tis time.</body>"
                  "<stanza-id xmlns='urn:xmpp:sid:0' by='coven@chat.shakespeare.lit' id='r-1'/>"
                  "<stanza-id xmlns='urn:xmpp:sid:0' by='" OWN_BARE "' id='forged'/>"
                  "<origin-id xmlns='urn:xmpp:sid:0' id='o-1'/>"
                  "<occupant-id xmlns='urn:xmpp:occupant-id:0' id='dd72603d'/></message>", &why);
  g_assert_nonnull (m);
  g_assert_true (m->groupchat);
  g_assert_cmpstr (m->peer, ==, "coven@chat.shakespeare.lit");
  g_assert_cmpstr (m->sender, ==, "coven@chat.shakespeare.lit");
  g_assert_cmpstr (m->nick, ==, "thirdwitch");
  g_assert_cmpstr (m->body, ==, "Harpier cries: 'tis time, 'tis time.");
  /* The room's archive id, not one claiming to be our server's. */
  g_assert_cmpstr (m->stanza_id, ==, "r-1");
  g_assert_cmpstr (m->origin_id, ==, "o-1");
  g_assert_cmpstr (m->occupant_id, ==, "dd72603d");
  g_assert_null (m->subject);

  subject = parse_room ("<message from='coven@chat.shakespeare.lit/secondwitch' type='groupchat'>"
                        "<subject>Fire Burn and Cauldron Bubble!</subject></message>", &why);
  g_assert_nonnull (subject);
  g_assert_cmpstr (subject->subject, ==, "Fire Burn and Cauldron Bubble!");
  g_assert_null (subject->body);

  /* History the room sends on joining carries its original time. */
  history = parse_room ("<message from='coven@chat.shakespeare.lit' type='groupchat'>"
                        "<body>The room is now logged.</body>"
                        "<delay xmlns='urn:xmpp:delay' stamp='2002-10-13T23:58:37Z'"
                        " from='coven@chat.shakespeare.lit'/></message>", &why);
  g_assert_nonnull (history);
  g_assert_null (history->nick);
  g_assert_true (history->delayed);
  g_assert_cmpint (history->time_us, ==, stamp_us ("2002-10-13T23:58:37Z"));
}

static void
test_groupchat_refused (void)
{
  const char *refused[] = {
    "<message from='coven@chat.shakespeare.lit/a' type='chat'><body>x</body></message>",
    "<message from='chat.shakespeare.lit' type='groupchat'><body>x</body></message>",
    "<message type='groupchat'><body>x</body></message>",
    "<message from='coven@chat.shakespeare.lit/a' type='groupchat'/>",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      const char *why = NULL;
      g_autoptr(CauXmppMessage) m = parse_room (refused[i], &why);

      if (m != NULL)
        g_error ("accepted: %s", refused[i]);
      g_assert_nonnull (why);
    }
}

/* A room's archive (XEP-0313 queried on the room). */
static void
test_groupchat_archive (void)
{
  g_autoptr(CauXmppMessage) m = NULL;
  const char *why = NULL;

  m = parse_mam ("<message to='" OWN "' from='coven@chat.shakespeare.lit'>"
                 "<result xmlns='urn:xmpp:mam:2' queryid='q1' id='room-arch-1'>"
                 "<forwarded xmlns='urn:xmpp:forward:0'>"
                 "<delay xmlns='urn:xmpp:delay' stamp='2010-07-10T23:08:25Z'/>"
                 "<message xmlns='jabber:client' from='coven@chat.shakespeare.lit/firstwitch'"
                 " type='groupchat' id='162BEBB1'><body>Thrice the brinded cat hath mew'd.</body>"
                 "<occupant-id xmlns='urn:xmpp:occupant-id:0' id='dd72603d'/></message>"
                 "</forwarded></result></message>",
                 "coven@chat.shakespeare.lit", "q1", &why);
  g_assert_nonnull (m);
  g_assert_true (m->groupchat);
  g_assert_cmpint (m->source, ==, CAU_XMPP_SOURCE_ARCHIVE);
  g_assert_cmpstr (m->peer, ==, "coven@chat.shakespeare.lit");
  g_assert_cmpstr (m->nick, ==, "firstwitch");
  g_assert_cmpstr (m->stanza_id, ==, "room-arch-1");
  g_assert_cmpstr (m->occupant_id, ==, "dd72603d");
  g_assert_cmpint (m->time_us, ==, stamp_us ("2010-07-10T23:08:25Z"));

  /* Another room's message in this room's archive; a room message in our own archive. */
  g_clear_pointer (&m, cau_xmpp_message_free);
  m = parse_mam ("<message to='" OWN "' from='coven@chat.shakespeare.lit'>"
                 "<result xmlns='urn:xmpp:mam:2' queryid='q1' id='x'>"
                 "<forwarded xmlns='urn:xmpp:forward:0'>"
                 "<message xmlns='jabber:client' from='other@chat.shakespeare.lit/a'"
                 " type='groupchat'><body>x</body></message></forwarded></result></message>",
                 "coven@chat.shakespeare.lit", "q1", &why);
  g_assert_null (m);
  g_assert_nonnull (why);
  m = parse_mam ("<message to='" OWN "' from='" OWN_BARE "'>"
                 "<result xmlns='urn:xmpp:mam:2' queryid='q1' id='x'>"
                 "<forwarded xmlns='urn:xmpp:forward:0'>"
                 "<message xmlns='jabber:client' from='coven@chat.shakespeare.lit/a'"
                 " type='groupchat'><body>x</body></message></forwarded></result></message>",
                 OWN_BARE, "q1", &why);
  g_assert_null (m);
}

/* XEP-0308: a correction names the message it corrects, in a chat, a carbon or a room; ours
 * says so outside any encryption. */
static void
test_correction (void)
{
  g_autoptr(CauXmppMessage) chat = NULL;
  g_autoptr(CauXmppMessage) room = NULL;
  g_autoptr(CauXmppMessage) empty = NULL;
  xmpp_stanza_t *s, *built, *replace;

  chat = parse ("<message type='chat' from='romeo@example.net/phone' to='" OWN "' id='c2'>"
                "<body>Hello</body><replace id='c1' xmlns='urn:xmpp:message-correct:0'/>"
                "</message>", NULL);
  g_assert_nonnull (chat);
  g_assert_cmpstr (chat->replaces, ==, "c1");
  g_assert_cmpstr (chat->body, ==, "Hello");

  s = cau_test_stanza_new (ctx, "<message type='groupchat' from='room@muc.example.org/Romeo'"
                                " id='g2'><body>Hello</body>"
                                "<replace id='g1' xmlns='urn:xmpp:message-correct:0'/></message>");
  room = cau_xmpp_parse_groupchat (s, NOW_US, NULL);
  xmpp_stanza_release (s);
  g_assert_nonnull (room);
  g_assert_cmpstr (room->replaces, ==, "g1");

  /* Without an id, nothing is corrected: a message like any other. */
  empty = parse ("<message type='chat' from='romeo@example.net/phone' to='" OWN "' id='c3'>"
                 "<body>Hi</body><replace xmlns='urn:xmpp:message-correct:0'/></message>", NULL);
  g_assert_nonnull (empty);
  g_assert_null (empty->replaces);

  built = cau_xmpp_build_chat (ctx, "romeo@example.net", "Hello", "c9", TRUE);
  cau_xmpp_add_correction (built, "c8");
  replace = xmpp_stanza_get_child_by_name_and_ns (built, "replace", CAU_NS_CORRECT);
  g_assert_nonnull (replace);
  g_assert_cmpstr (xmpp_stanza_get_attribute (replace, "id"), ==, "c8");
  xmpp_stanza_release (built);
}

/* A non-anonymous room's archive says whose a message is (<x muc#user><item jid=''/>): read
 * from the archive only, and only when the room's element is the only one. */
/* One archived message of a room, as result `id`, with `extra` in it. */
static CauXmppMessage *
parse_room_archived (const char *id,
                     const char *extra)
{
  g_autofree char *xml = g_strconcat ("<message to='" OWN "' from='room@muc.example.org'>"
                                      "<result xmlns='urn:xmpp:mam:2' queryid='q' id='", id, "'>"
                                      "<forwarded xmlns='urn:xmpp:forward:0'>"
                                      "<delay xmlns='urn:xmpp:delay' stamp='2026-11-20T10:00:00Z'/>"
                                      "<message type='groupchat' from='room@muc.example.org/Carol'"
                                      " id='m'><body>Hi</body>", extra,
                                      "</message></forwarded></result></message>", NULL);

  return parse_mam (xml, "room@muc.example.org", "q", NULL);
}

/* A non-anonymous room's archive says whose a message is (<x muc#user><item jid=''/>): read
 * from the archive only, and only when the room's element is the only one. */
static void
test_room_archive_real_jid (void)
{
#define ROOM_X "<x xmlns='http://jabber.org/protocol/muc#user'>" \
               "<item jid='carol@example.org/phone' affiliation='member'/></x>"
#define CLAIM_X "<x xmlns='http://jabber.org/protocol/muc#user'><item jid='alice@example.org'/></x>"
  g_autoptr(CauXmppMessage) archived = parse_room_archived ("a1", ROOM_X);
  g_autoptr(CauXmppMessage) claimed = parse_room_archived ("a2", CLAIM_X ROOM_X);
  g_autoptr(CauXmppMessage) live = NULL;
  xmpp_stanza_t *s;

  g_assert_nonnull (archived);
  g_assert_cmpstr (archived->real_jid, ==, "carol@example.org");

  /* Two of them: the occupant's own claim and the room's; neither is believed. */
  g_assert_nonnull (claimed);
  g_assert_null (claimed->real_jid);

  /* Live, it is the occupant's say-so. */
  s = cau_test_stanza_new (ctx, "<message type='groupchat' from='room@muc.example.org/Carol'>"
                                "<body>Hi</body>" CLAIM_X "</message>");
  live = cau_xmpp_parse_groupchat (s, NOW_US, NULL);
  xmpp_stanza_release (s);
  g_assert_nonnull (live);
  g_assert_null (live->real_jid);
#undef ROOM_X
#undef CLAIM_X
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  xmpp_initialize ();
  ctx = xmpp_ctx_new (NULL, NULL);

  g_test_add_func ("/cau/xmpp-message/struct", test_struct);
  g_test_add_func ("/cau/xmpp-message/normalize-bare", test_normalize_bare);
  g_test_add_func ("/cau/xmpp-message/plain", test_plain);
  g_test_add_func ("/cau/xmpp-message/plain-refused", test_plain_refused);
  g_test_add_func ("/cau/xmpp-message/forged-own", test_forged_own);
  g_test_add_func ("/cau/xmpp-message/stanza-id", test_stanza_id);
  g_test_add_func ("/cau/xmpp-message/delay", test_delay);
  g_test_add_func ("/cau/xmpp-message/carbon-received", test_carbon_received);
  g_test_add_func ("/cau/xmpp-message/carbon-sent", test_carbon_sent);
  g_test_add_func ("/cau/xmpp-message/carbon-forged", test_carbon_forged);
  g_test_add_func ("/cau/xmpp-message/carbon-malformed", test_carbon_malformed);
  g_test_add_func ("/cau/xmpp-message/mam-result", test_mam_result);
  g_test_add_func ("/cau/xmpp-message/mam-refused", test_mam_refused);
  g_test_add_func ("/cau/xmpp-message/mam-fin", test_mam_fin);
  g_test_add_func ("/cau/xmpp-message/huge-body", test_huge_body);
  g_test_add_func ("/cau/xmpp-message/body-at-limit", test_body_at_limit);
  g_test_add_func ("/cau/xmpp-message/markup-body", test_markup_body);
  g_test_add_func ("/cau/xmpp-message/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/cau/xmpp-message/deep-nesting", test_deep_nesting);
  g_test_add_func ("/cau/xmpp-message/error", test_error);
  g_test_add_func ("/cau/xmpp-message/receipts-markers-states", test_receipts_markers_states);
  g_test_add_func ("/cau/xmpp-message/roster-result", test_roster_result);
  g_test_add_func ("/cau/xmpp-message/roster-empty", test_roster_empty);
  g_test_add_func ("/cau/xmpp-message/roster-push", test_roster_push);
  g_test_add_func ("/cau/xmpp-message/omemo-live", test_omemo_live);
  g_test_add_func ("/cau/xmpp-message/omemo-carbon", test_omemo_carbon);
  g_test_add_func ("/cau/xmpp-message/omemo-malformed", test_omemo_malformed);
  g_test_add_func ("/cau/xmpp-message/groupchat", test_groupchat);
  g_test_add_func ("/cau/xmpp-message/groupchat-refused", test_groupchat_refused);
  g_test_add_func ("/cau/xmpp-message/groupchat-archive", test_groupchat_archive);
  g_test_add_func ("/cau/xmpp-message/build-chat", test_build_chat);
  g_test_add_func ("/cau/xmpp-message/build-small", test_build_small);
  g_test_add_func ("/cau/xmpp-message/build-mam-query", test_build_mam_query);
  g_test_add_func ("/cau/xmpp-message/build-roster", test_build_roster);
  g_test_add_func ("/cau/xmpp-message/correction", test_correction);
  g_test_add_func ("/cau/xmpp-message/room-archive-real-jid", test_room_archive_real_jid);

  ret = g_test_run ();

  xmpp_ctx_free (ctx);
  xmpp_shutdown ();
  return ret;
}
