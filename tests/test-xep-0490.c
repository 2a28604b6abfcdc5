/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-test-stanza.h"

#include "xmpp/xeps/cau-xep-0490-mds.h"

#include <string.h>

/* Message Displayed Synchronization (XEP-0490): the stanzas both ways,
 * and what is refused. */

#define OWN_BARE "me@example.org"

static xmpp_ctx_t *ctx;

static GPtrArray *
parse_event (const char  *xml,
             const char **why)
{
  xmpp_stanza_t *s = cau_test_stanza_new (ctx, xml);
  GPtrArray *states = cau_xmpp_parse_mds_event (s, OWN_BARE, why);

  xmpp_stanza_release (s);
  return states;
}

static GPtrArray *
parse_result (const char  *xml,
              const char **why)
{
  xmpp_stanza_t *s = cau_test_stanza_new (ctx, xml);
  GPtrArray *states = cau_xmpp_parse_mds_result (s, OWN_BARE, why);

  xmpp_stanza_release (s);
  return states;
}

#define EVENT(from, items) \
  "<message from='" from "' to='me@example.org/laptop'>" \
  "<event xmlns='http://jabber.org/protocol/pubsub#event'>" \
  "<items node='urn:xmpp:mds:displayed:0'>" items "</items></event></message>"

#define ITEM(id, sid, by) \
  "<item id='" id "'><displayed xmlns='urn:xmpp:mds:displayed:0'>" \
  "<stanza-id xmlns='urn:xmpp:sid:0' id='" sid "' by='" by "'/></displayed></item>"

static void
test_event (void)
{
  const char *why = NULL;
  g_autoptr(GPtrArray) states = parse_event (EVENT ("me@example.org",
                                                    ITEM ("Juliet@Capulet.lit", "sid-1",
                                                          "me@example.org")),
                                             &why);
  CauXmppMessage *state;

  g_assert_nonnull (states);
  g_assert_cmpuint (states->len, ==, 1);
  state = g_ptr_array_index (states, 0);
  g_assert_cmpstr (state->peer, ==, "juliet@capulet.lit");
  g_assert_cmpstr (state->displayed_stanza_id, ==, "sid-1");
  g_assert_true (state->outgoing);
  g_assert_null (state->body);
  g_assert_null (state->displayed_for);
}

/* Items about rooms, private chats in rooms, ourselves or nothing are
 * skipped; the others of the same notification are kept. */
static void
test_event_skips (void)
{
  g_autoptr(GPtrArray) states =
    parse_event (EVENT ("me@example.org",
                        ITEM ("room@muc.example.org", "r-1", "room@muc.example.org")
                        ITEM ("room@muc.example.org/nick", "p-1", "me@example.org")
                        ITEM ("me@example.org", "s-1", "me@example.org")
                        ITEM ("not a jid@", "x-1", "me@example.org")
                        ITEM ("a@example.org", "", "me@example.org")
                        "<item id='b@example.org'/>"
                        "<item id='c@example.org'><displayed xmlns='urn:xmpp:mds:displayed:0'/></item>"
                        ITEM ("d@example.org", "d-1", "me@example.org/laptop")
                        ITEM ("e@example.org", "e-1", "me@example.org")),
                 NULL);

  g_assert_nonnull (states);
  g_assert_cmpuint (states->len, ==, 1);
  g_assert_cmpstr (((CauXmppMessage *) g_ptr_array_index (states, 0))->peer, ==, "e@example.org");
}

/* Our read states come only from our own account. */
static void
test_event_from_stranger (void)
{
  const char *why = NULL;
  const char *from[] = { "mallory@evil.example", "me@example.org/phone", "example.org", NULL };

  for (guint i = 0; from[i]; i++)
    {
      g_autofree char *xml = g_strdup_printf (EVENT ("%s", ITEM ("a@example.org", "1",
                                                                 "me@example.org")), from[i]);
      g_autoptr(GPtrArray) states = NULL;

      why = NULL;
      states = parse_event (xml, &why);
      g_assert_null (states);
      g_assert_nonnull (why);
    }

  /* No sender at all (from the server, to a client) is no PEP event of ours either. */
  why = NULL;
  {
    g_autoptr(GPtrArray) states = parse_event ("<message><event xmlns='http://jabber.org/protocol/pubsub#event'>"
                                               "<items node='urn:xmpp:mds:displayed:0'>"
                                               ITEM ("a@example.org", "1", "me@example.org")
                                               "</items></event></message>", &why);

    g_assert_null (states);
    g_assert_nonnull (why);
  }
}

/* Another node's notification is not ours to judge. */
static void
test_event_other_node (void)
{
  const char *why = NULL;
  g_autoptr(GPtrArray) states =
    parse_event ("<message from='me@example.org'>"
                 "<event xmlns='http://jabber.org/protocol/pubsub#event'>"
                 "<items node='urn:xmpp:avatar:metadata'><item id='x'/></items></event></message>",
                 &why);

  g_assert_null (states);
  g_assert_null (why);
}

/* A hostile server could send items without end, and ids of any length. */
static void
test_event_limits (void)
{
  g_autoptr(GString) xml = g_string_new ("<message from='me@example.org'>"
                                         "<event xmlns='http://jabber.org/protocol/pubsub#event'>"
                                         "<items node='urn:xmpp:mds:displayed:0'>");
  g_autofree char *long_id = g_strnfill (300, 'x');
  g_autoptr(GPtrArray) states = NULL;

  g_string_append_printf (xml, ITEM ("long@example.org", "%s", "me@example.org"), long_id);
  for (guint i = 0; i < CAU_XMPP_MDS_MAX_ITEMS + 10; i++)
    g_string_append_printf (xml, ITEM ("u%u@example.org", "%u", "me@example.org"), i, i);
  g_string_append (xml, "</items></event></message>");

  states = parse_event (xml->str, NULL);
  g_assert_nonnull (states);
  /* The first item (too long an id) skipped, then the limit counted it. */
  g_assert_cmpuint (states->len, ==, CAU_XMPP_MDS_MAX_ITEMS - 1);
}

static void
test_result (void)
{
  const char *why = NULL;
  g_autoptr(GPtrArray) states =
    parse_result ("<iq type='result' id='f1' from='me@example.org'>"
                  "<pubsub xmlns='http://jabber.org/protocol/pubsub'>"
                  "<items node='urn:xmpp:mds:displayed:0'>"
                  ITEM ("a@example.org", "a-9", "me@example.org")
                  ITEM ("b@example.org", "b-3", "me@example.org")
                  "</items></pubsub></iq>", &why);

  g_assert_nonnull (states);
  g_assert_cmpuint (states->len, ==, 2);
  g_assert_cmpstr (((CauXmppMessage *) g_ptr_array_index (states, 1))->displayed_stanza_id, ==,
                   "b-3");

  /* From no one (our server answering for our account) is ours too. */
  g_clear_pointer (&states, g_ptr_array_unref);
  states = parse_result ("<iq type='result' id='f1'>"
                         "<pubsub xmlns='http://jabber.org/protocol/pubsub'>"
                         "<items node='urn:xmpp:mds:displayed:0'/></pubsub></iq>", &why);
  g_assert_nonnull (states);
  g_assert_cmpuint (states->len, ==, 0);
}

static void
test_result_refused (void)
{
  const char *refused[] = {
    /* another account's */
    "<iq type='result' id='f1' from='mallory@evil.example'>"
    "<pubsub xmlns='http://jabber.org/protocol/pubsub'><items node='urn:xmpp:mds:displayed:0'>"
    ITEM ("a@example.org", "a-9", "me@example.org") "</items></pubsub></iq>",
    /* another node */
    "<iq type='result' id='f1' from='me@example.org'>"
    "<pubsub xmlns='http://jabber.org/protocol/pubsub'><items node='urn:xmpp:bookmarks:1'/>"
    "</pubsub></iq>",
    /* an error: no device has published yet */
    "<iq type='error' id='f1' from='me@example.org'><error type='cancel'>"
    "<item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>",
    NULL,
  };

  for (guint i = 0; refused[i]; i++)
    {
      const char *why = NULL;
      g_autoptr(GPtrArray) states = parse_result (refused[i], &why);

      g_assert_null (states);
      g_assert_nonnull (why);
    }
}

static void
test_build_publish (void)
{
  xmpp_stanza_t *iq = cau_xmpp_build_mds_publish (ctx, "p1", OWN_BARE, "juliet@capulet.lit",
                                                  "sid-7");
  g_autofree char *text = cau_test_stanza_to_text (iq);

  /* §4.1: an item per chat, a private node that keeps them all. */
  g_assert_nonnull (strstr (text, "<publish node=\"urn:xmpp:mds:displayed:0\">"
                                  "<item id=\"juliet@capulet.lit\">"
                                  "<displayed xmlns=\"urn:xmpp:mds:displayed:0\">"));
  g_assert_nonnull (strstr (text, "id=\"sid-7\""));
  g_assert_nonnull (strstr (text, "by=\"me@example.org\""));
  g_assert_nonnull (strstr (text, "<field var=\"pubsub#access_model\"><value>whitelist</value>"));
  g_assert_nonnull (strstr (text, "<field var=\"pubsub#max_items\"><value>max</value>"));
  g_assert_nonnull (strstr (text, "<field var=\"pubsub#persist_items\"><value>true</value>"));
  g_assert_nonnull (strstr (text, "<value>http://jabber.org/protocol/pubsub#publish-options</value>"));
  g_assert_cmpstr (xmpp_stanza_get_to (iq), ==, OWN_BARE);
  xmpp_stanza_release (iq);
}

/* Publishing needs PEP with publish-options (§7). */
static void
test_account_can_publish (void)
{
  const struct {
    const char *xml;
    gboolean    expected;
  } cases[] = {
    { "<iq type='result' from='me@example.org'><query xmlns='http://jabber.org/protocol/disco#info'>"
      "<identity category='pubsub' type='pep'/><identity category='account' type='registered'/>"
      "<feature var='http://jabber.org/protocol/pubsub#publish-options'/></query></iq>", TRUE },
    { "<iq type='result' from='me@example.org'><query xmlns='http://jabber.org/protocol/disco#info'>"
      "<identity category='pubsub' type='pep'/></query></iq>", FALSE },
    { "<iq type='result' from='me@example.org'><query xmlns='http://jabber.org/protocol/disco#info'>"
      "<feature var='http://jabber.org/protocol/pubsub#publish-options'/></query></iq>", FALSE },
    { "<iq type='error' from='me@example.org'><query xmlns='http://jabber.org/protocol/disco#info'>"
      "<identity category='pubsub' type='pep'/>"
      "<feature var='http://jabber.org/protocol/pubsub#publish-options'/></query></iq>", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      xmpp_stanza_t *s = cau_test_stanza_new (ctx, cases[i].xml);

      g_assert_cmpint (cau_xmpp_parse_account_can_publish (s), ==, cases[i].expected);
      xmpp_stanza_release (s);
    }
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  xmpp_initialize ();
  ctx = xmpp_ctx_new (NULL, NULL);

  g_test_add_func ("/cau/xep-0490/event", test_event);
  g_test_add_func ("/cau/xep-0490/event-skips", test_event_skips);
  g_test_add_func ("/cau/xep-0490/event-from-stranger", test_event_from_stranger);
  g_test_add_func ("/cau/xep-0490/event-other-node", test_event_other_node);
  g_test_add_func ("/cau/xep-0490/event-limits", test_event_limits);
  g_test_add_func ("/cau/xep-0490/result", test_result);
  g_test_add_func ("/cau/xep-0490/result-refused", test_result_refused);
  g_test_add_func ("/cau/xep-0490/build-publish", test_build_publish);
  g_test_add_func ("/cau/xep-0490/account-can-publish", test_account_can_publish);

  ret = g_test_run ();
  xmpp_ctx_free (ctx);
  xmpp_shutdown ();
  return ret;
}
