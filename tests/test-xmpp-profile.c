/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-test-stanza.h"

#include "xmpp/cau-xmpp-profile.h"
#include "xmpp/xeps/cau-xep-vcard.h"

#include <string.h>

/* vCards, software versions and nicknames as Prosody 0.12, Conversations
 * and Gajim send them (names changed), and hostile variants. */

static xmpp_ctx_t *ctx;

static CauXmppVcard *
vcard4 (const char *xml)
{
  xmpp_stanza_t *s = cau_test_stanza_new (ctx, xml);
  CauXmppVcard *vcard = cau_xmpp_parse_vcard4_result (s);

  xmpp_stanza_release (s);
  return vcard;
}

static CauXmppVcard *
vcard_temp (const char *xml)
{
  xmpp_stanza_t *s = cau_test_stanza_new (ctx, xml);
  CauXmppVcard *vcard = cau_xmpp_parse_vcard_temp_result (s);

  xmpp_stanza_release (s);
  return vcard;
}

#define V4_HEAD "<iq type='result' id='v1' from='alice@example.org' to='bob@example.org/a'>" \
                "<pubsub xmlns='http://jabber.org/protocol/pubsub'>" \
                "<items node='urn:xmpp:vcard4'><item id='current'>" \
                "<vcard xmlns='urn:ietf:params:xml:ns:vcard-4.0'>"
#define V4_TAIL "</vcard></item></items></pubsub></iq>"

static void
test_vcard4 (void)
{
  g_autoptr(CauXmppVcard) vcard = vcard4 (
    V4_HEAD
    "<fn><text>Alice Liddell</text></fn>"
    "<n><surname>Liddell</surname><given>Alice</given></n>"
    "<nickname><text>alice</text></nickname>"
    "<email><parameters><type><text>home</text></type></parameters>"
    "<text>alice@example.net</text></email>"
    "<email><text>mailto:work@example.com</text></email>"
    "<tel><parameters><type><text>cell</text></type></parameters>"
    "<uri>tel:+33-1-23-45-67-89</uri></tel>"
    "<url><uri>https://alice.example.org/</uri></url>"
    "<org><text>Wonderland Ltd</text></org>"
    "<adr><pobox/><ext/><street>1 Rabbit Hole</street><locality>Oxford</locality>"
    "<region/><code>OX1</code><country>United Kingdom</country></adr>"
    "<bday><date>1852-05-04</date></bday>"
    "<photo><uri>data:image/png;base64,AAAA</uri></photo>"
    "<note><text>Curiouser\nand curiouser</text></note>"
    V4_TAIL);

  g_assert_nonnull (vcard);
  g_assert_cmpstr (vcard->full_name, ==, "Alice Liddell");
  g_assert_cmpstr (vcard->nickname, ==, "alice");
  g_assert_cmpuint (g_strv_length (vcard->emails), ==, 2);
  g_assert_cmpstr (vcard->emails[0], ==, "alice@example.net");
  g_assert_cmpstr (vcard->emails[1], ==, "work@example.com");
  g_assert_cmpuint (g_strv_length (vcard->phones), ==, 1);
  g_assert_cmpstr (vcard->phones[0], ==, "+33-1-23-45-67-89");
  g_assert_cmpstr (vcard->urls[0], ==, "https://alice.example.org/");
  g_assert_null (vcard->urls[1]);
  g_assert_cmpstr (vcard->organisation, ==, "Wonderland Ltd");
  g_assert_cmpstr (vcard->locality, ==, "Oxford");
  g_assert_cmpstr (vcard->country, ==, "United Kingdom");
  g_assert_cmpstr (vcard->birthday, ==, "1852-05-04");
  g_assert_cmpstr (vcard->note, ==, "Curiouser\nand curiouser");
  g_assert_false (cau_xmpp_vcard_is_empty (vcard));
}

static void
test_vcard4_absent (void)
{
  g_autoptr(CauXmppVcard) empty = NULL;

  /* No item, another node, an error, no pubsub: nothing. */
  g_assert_null (vcard4 ("<iq type='result' id='v1' from='alice@example.org'>"
                         "<pubsub xmlns='http://jabber.org/protocol/pubsub'>"
                         "<items node='urn:xmpp:vcard4'/></pubsub></iq>"));
  g_assert_null (vcard4 ("<iq type='result' id='v1' from='alice@example.org'>"
                         "<pubsub xmlns='http://jabber.org/protocol/pubsub'>"
                         "<items node='urn:xmpp:avatar:data'><item id='x'>"
                         "<vcard xmlns='urn:ietf:params:xml:ns:vcard-4.0'>"
                         "<fn><text>Mallory</text></fn></vcard></item></items></pubsub></iq>"));
  g_assert_null (vcard4 ("<iq type='error' id='v1' from='alice@example.org'>"
                         "<pubsub xmlns='http://jabber.org/protocol/pubsub'>"
                         "<items node='urn:xmpp:vcard4'><item id='current'>"
                         "<vcard xmlns='urn:ietf:params:xml:ns:vcard-4.0'>"
                         "<fn><text>Mallory</text></fn></vcard></item></items></pubsub>"
                         "<error type='cancel'><item-not-found "
                         "xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>"));
  g_assert_null (vcard4 ("<iq type='result' id='v1' from='alice@example.org'/>"));

  /* A vCard of nothing but a photo and blanks is empty. */
  empty = vcard4 (V4_HEAD "<photo><uri>data:,</uri></photo><fn><text>  \t </text></fn>"
                  "<email><text/></email>" V4_TAIL);
  g_assert_nonnull (empty);
  g_assert_true (cau_xmpp_vcard_is_empty (empty));
  g_assert_nonnull (empty->emails);
  g_assert_null (empty->emails[0]);
}

static void
test_vcard4_markup_is_text (void)
{
  g_autoptr(CauXmppVcard) vcard = vcard4 (
    V4_HEAD
    "<fn><text>&lt;b&gt;Bold&lt;/b&gt; &amp; <i>ignored</i>co</text></fn>"
    "<nickname><text>line\none\ttab\x7f</text></nickname>"
    "<org><text><span foreground='red'>x</span></text></org>"
    V4_TAIL);

  /* Escaped markup stays as the characters it is; elements inside a text
   * value are not text; control characters become spaces. */
  g_assert_cmpstr (vcard->full_name, ==, "<b>Bold</b> & co");
  g_assert_cmpstr (vcard->nickname, ==, "line one tab");
  g_assert_null (vcard->organisation);
}

static void
test_vcard4_huge (void)
{
  GString *xml = g_string_new (V4_HEAD);
  g_autoptr(CauXmppVcard) vcard = NULL;

  g_string_append (xml, "<fn><text>");
  for (guint i = 0; i < 100000; i++)
    g_string_append (xml, "é");
  g_string_append (xml, "</text></fn><note><text>");
  for (guint i = 0; i < 50000; i++)
    g_string_append (xml, "a\n");
  g_string_append (xml, "</text></note>");
  for (guint i = 0; i < 2000; i++)
    g_string_append_printf (xml, "<email><text>user%u@example.org</text></email>", i);
  g_string_append (xml, V4_TAIL);

  vcard = vcard4 (xml->str);
  g_string_free (xml, TRUE);

  g_assert_true (g_utf8_validate (vcard->full_name, -1, NULL));
  g_assert_cmpuint (g_utf8_strlen (vcard->full_name, -1), ==, CAU_XMPP_VCARD_MAX_CHARS);
  g_assert_cmpuint (g_utf8_strlen (vcard->note, -1), <=, CAU_XMPP_VCARD_MAX_NOTE);
  g_assert_nonnull (strchr (vcard->note, '\n'));
  g_assert_cmpuint (g_strv_length (vcard->emails), ==, CAU_XMPP_VCARD_MAX_ENTRIES);
  g_assert_cmpstr (vcard->emails[0], ==, "user0@example.org");
}

static void
test_vcard_temp (void)
{
  g_autoptr(CauXmppVcard) vcard = vcard_temp (
    "<iq type='result' id='t1' from='alice@example.org' to='bob@example.org/a'>"
    "<vCard xmlns='vcard-temp'>"
    "<FN>Alice Liddell</FN><N><FAMILY>Liddell</FAMILY><GIVEN>Alice</GIVEN></N>"
    "<NICKNAME>alice</NICKNAME>"
    "<EMAIL><INTERNET/><PREF/><USERID>alice@example.net</USERID></EMAIL>"
    "<EMAIL>old-style@example.net</EMAIL>"
    "<EMAIL><USERID>alice@example.net</USERID></EMAIL>"
    "<TEL><VOICE/><HOME/><NUMBER>+44 1865 000000</NUMBER></TEL>"
    "<URL>https://alice.example.org/</URL>"
    "<ORG><ORGNAME>Wonderland Ltd</ORGNAME><ORGUNIT>Tea</ORGUNIT></ORG>"
    "<ADR><HOME/><LOCALITY>Oxford</LOCALITY><CTRY>UK</CTRY></ADR>"
    "<BDAY>1852-05-04</BDAY>"
    "<PHOTO><TYPE>image/png</TYPE><BINVAL>AAAA</BINVAL></PHOTO>"
    "<DESC>Down the rabbit hole.</DESC>"
    "</vCard></iq>");

  g_assert_cmpstr (vcard->full_name, ==, "Alice Liddell");
  g_assert_cmpstr (vcard->nickname, ==, "alice");
  /* Repeated addresses are shown once. */
  g_assert_cmpuint (g_strv_length (vcard->emails), ==, 2);
  g_assert_cmpstr (vcard->emails[0], ==, "alice@example.net");
  g_assert_cmpstr (vcard->emails[1], ==, "old-style@example.net");
  g_assert_cmpstr (vcard->phones[0], ==, "+44 1865 000000");
  g_assert_cmpstr (vcard->urls[0], ==, "https://alice.example.org/");
  g_assert_cmpstr (vcard->organisation, ==, "Wonderland Ltd");
  g_assert_cmpstr (vcard->locality, ==, "Oxford");
  g_assert_cmpstr (vcard->country, ==, "UK");
  g_assert_cmpstr (vcard->birthday, ==, "1852-05-04");
  g_assert_cmpstr (vcard->note, ==, "Down the rabbit hole.");
}

static void
test_vcard_temp_absent (void)
{
  g_autoptr(CauXmppVcard) empty = NULL;

  g_assert_null (vcard_temp ("<iq type='error' id='t1' from='alice@example.org'>"
                             "<vCard xmlns='vcard-temp'><FN>Mallory</FN></vCard>"
                             "<error type='cancel'><item-not-found "
                             "xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>"));
  g_assert_null (vcard_temp ("<iq type='result' id='t1' from='alice@example.org'/>"));
  g_assert_null (vcard_temp ("<iq type='result' id='t1' from='alice@example.org'>"
                             "<vCard xmlns='urn:ietf:params:xml:ns:vcard-4.0'>"
                             "<FN>Mallory</FN></vCard></iq>"));
  /* Prosody answers an account without a vCard with an empty one. */
  empty = vcard_temp ("<iq type='result' id='t1' from='alice@example.org'>"
                      "<vCard xmlns='vcard-temp'/></iq>");
  g_assert_true (cau_xmpp_vcard_is_empty (empty));
}

static void
test_vcard_copy (void)
{
  g_autoptr(CauXmppVcard) vcard = vcard_temp (
    "<iq type='result' id='t1' from='alice@example.org'><vCard xmlns='vcard-temp'>"
    "<FN>Alice</FN><URL>https://a.example/</URL></vCard></iq>");
  g_autoptr(CauXmppVcard) copy = cau_xmpp_vcard_copy (vcard);

  g_assert_cmpstr (copy->full_name, ==, "Alice");
  g_assert_cmpstr (copy->urls[0], ==, "https://a.example/");
  g_assert_true (copy->urls != vcard->urls);
  g_assert_null (cau_xmpp_vcard_copy (NULL));
}

static void
test_answer_from (void)
{
  xmpp_stanza_t *s = cau_test_stanza_new (ctx, "<iq type='result' id='v1' from='Alice@Example.org'/>");

  g_assert_true (cau_xmpp_is_answer_from (s, "alice@example.org"));
  g_assert_false (cau_xmpp_is_answer_from (s, "alice@example.org/phone"));
  g_assert_false (cau_xmpp_is_answer_from (s, "mallory@example.org"));
  xmpp_stanza_release (s);

  s = cau_test_stanza_new (ctx, "<iq type='result' id='v1' from='alice@example.org/phone'/>");
  g_assert_true (cau_xmpp_is_answer_from (s, "alice@example.org/phone"));
  g_assert_false (cau_xmpp_is_answer_from (s, "alice@example.org/Phone"));
  g_assert_false (cau_xmpp_is_answer_from (s, "alice@example.org"));
  xmpp_stanza_release (s);

  /* No `from`: our own server, never the contact asked. */
  s = cau_test_stanza_new (ctx, "<iq type='result' id='v1'/>");
  g_assert_false (cau_xmpp_is_answer_from (s, "alice@example.org"));
  xmpp_stanza_release (s);
}

static CauXmppSoftware *
version (const char *xml)
{
  xmpp_stanza_t *s = cau_test_stanza_new (ctx, xml);
  CauXmppSoftware *software = cau_xmpp_parse_version_result (s);

  xmpp_stanza_release (s);
  return software;
}

static void
test_version_parse (void)
{
  g_autoptr(CauXmppSoftware) gajim = version (
    "<iq type='result' id='s1' from='alice@example.org/gajim'>"
    "<query xmlns='jabber:iq:version'><name>Gajim</name><version>1.7.3</version>"
    "<os>Debian GNU/Linux 12</os></query></iq>");
  g_autoptr(CauXmppSoftware) hostile = NULL;
  g_autoptr(CauXmppSoftware) copy = NULL;
  GString *xml;

  g_assert_cmpstr (gajim->name, ==, "Gajim");
  g_assert_cmpstr (gajim->version, ==, "1.7.3");
  g_assert_cmpstr (gajim->os, ==, "Debian GNU/Linux 12");
  copy = cau_xmpp_software_copy (gajim);
  g_assert_cmpstr (copy->os, ==, "Debian GNU/Linux 12");

  g_assert_null (version ("<iq type='error' id='s1' from='alice@example.org/x'>"
                          "<query xmlns='jabber:iq:version'><name>Evil</name></query>"
                          "<error type='cancel'><service-unavailable "
                          "xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>"));
  g_assert_null (version ("<iq type='result' id='s1' from='alice@example.org/x'>"
                          "<query xmlns='jabber:iq:version'/></iq>"));
  g_assert_null (version ("<iq type='result' id='s1' from='alice@example.org/x'/>"));

  xml = g_string_new ("<iq type='result' id='s1' from='a@example.org/x'>"
                      "<query xmlns='jabber:iq:version'><name>&lt;a href='x'&gt;");
  for (guint i = 0; i < 10000; i++)
    g_string_append (xml, "z");
  g_string_append (xml, "</name><version>1\n2</version></query></iq>");
  hostile = version (xml->str);
  g_string_free (xml, TRUE);
  g_assert_true (g_str_has_prefix (hostile->name, "<a href='x'>zz"));
  g_assert_cmpuint (g_utf8_strlen (hostile->name, -1), ==, CAU_XMPP_SOFTWARE_MAX_CHARS);
  g_assert_cmpstr (hostile->version, ==, "1 2");
  g_assert_null (hostile->os);
}

static void
test_version_answer (void)
{
  xmpp_stanza_t *get = cau_test_stanza_new (ctx, "<iq type='get' id='q1' from='bob@example.org/phone' "
                               "to='alice@example.org/causerie'>"
                               "<query xmlns='jabber:iq:version'/></iq>");
  xmpp_stanza_t *answer = cau_xmpp_build_version_answer (get);
  xmpp_stanza_t *query = xmpp_stanza_get_child_by_name_and_ns (answer, "query",
                                                               CAU_NS_VERSION);
  g_autoptr(CauXmppSoftware) parsed = NULL;

  g_assert_cmpstr (xmpp_stanza_get_type (answer), ==, "result");
  g_assert_cmpstr (xmpp_stanza_get_id (answer), ==, "q1");
  g_assert_cmpstr (xmpp_stanza_get_to (answer), ==, "bob@example.org/phone");
  g_assert_nonnull (query);
  /* Our name and version, and not the operating system. */
  g_assert_null (xmpp_stanza_get_child_by_name (query, "os"));
  parsed = cau_xmpp_parse_version_result (answer);
  g_assert_cmpstr (parsed->name, ==, "Causerie");
  g_assert_cmpstr (parsed->version, ==, PACKAGE_VERSION);
  g_assert_null (parsed->os);

  xmpp_stanza_release (answer);
  xmpp_stanza_release (get);
}

static void
test_client_name (void)
{
  xmpp_stanza_t *s = cau_test_stanza_new (ctx, "<iq type='result' id='d1' from='alice@example.org/c'>"
                             "<query xmlns='http://jabber.org/protocol/disco#info'>"
                             "<identity category='account' type='registered' name='No'/>"
                             "<identity category='client' type='phone'/>"
                             "<identity category='client' type='phone' "
                             "name='Conversations&#10;&lt;b&gt;'/>"
                             "<feature var='urn:xmpp:ping'/></query></iq>");
  g_autofree char *name = cau_xmpp_parse_client_name (s);

  g_assert_cmpstr (name, ==, "Conversations <b>");
  xmpp_stanza_release (s);

  s = cau_test_stanza_new (ctx, "<iq type='error' id='d1' from='alice@example.org/c'>"
              "<query xmlns='http://jabber.org/protocol/disco#info'>"
              "<identity category='client' type='pc' name='Evil'/></query></iq>");
  g_assert_null (cau_xmpp_parse_client_name (s));
  xmpp_stanza_release (s);
}

static void
test_nick_event (void)
{
#define NICK_EVENT "<message from='%s' to='bob@example.org/a' type='headline'>" \
                   "<event xmlns='http://jabber.org/protocol/pubsub#event'>" \
                   "<items node='%s'>%s</items></event></message>"
  const char *item = "<item id='current'><nick xmlns='http://jabber.org/protocol/nick'>"
                     "Ali&lt;i&gt;ce</nick></item>";
  struct {
    const char *from;
    const char *node;
    const char *items;
    gboolean    taken;
    const char *nick;
  } cases[] = {
    { "Alice@example.org", "http://jabber.org/protocol/nick", item, TRUE, "Ali<i>ce" },
    /* Not from a bare JID: a device cannot speak for the account. */
    { "alice@example.org/phone", "http://jabber.org/protocol/nick", item, FALSE, NULL },
    { NULL, "http://jabber.org/protocol/nick", item, FALSE, NULL },
    { "alice@example.org", "urn:xmpp:avatar:metadata", item, FALSE, NULL },
    { "alice@example.org", "http://jabber.org/protocol/nick", "<retract id='current'/>",
      TRUE, NULL },
    { "alice@example.org", "http://jabber.org/protocol/nick",
      "<item id='current'><nick xmlns='http://jabber.org/protocol/nick'/></item>", TRUE, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *xml = g_strdup_printf (NICK_EVENT, cases[i].from ? cases[i].from : "",
                                              cases[i].node, cases[i].items);
      g_autofree char *publisher = NULL;
      g_autofree char *nick = NULL;
      xmpp_stanza_t *s;

      if (cases[i].from == NULL)
        {
          char *no_from = strstr (xml, "from='' ");

          memmove (no_from, no_from + 8, strlen (no_from + 8) + 1);
        }
      s = cau_test_stanza_new (ctx, xml);
      g_assert_cmpint (cau_xmpp_parse_nick_event (s, &publisher, &nick), ==, cases[i].taken);
      if (cases[i].taken)
        g_assert_cmpstr (publisher, ==, "alice@example.org");
      else
        g_assert_null (publisher);
      g_assert_cmpstr (nick, ==, cases[i].nick);
      xmpp_stanza_release (s);
    }
}

static void
test_requests (void)
{
  xmpp_stanza_t *iq = cau_xmpp_build_vcard4_get (ctx, "a", "alice@example.org");
  xmpp_stanza_t *pubsub = xmpp_stanza_get_child_by_name_and_ns (iq, "pubsub", CAU_NS_PUBSUB);
  xmpp_stanza_t *items = xmpp_stanza_get_child_by_name (pubsub, "items");

  g_assert_cmpstr (xmpp_stanza_get_type (iq), ==, "get");
  g_assert_cmpstr (xmpp_stanza_get_to (iq), ==, "alice@example.org");
  g_assert_cmpstr (xmpp_stanza_get_attribute (items, "node"), ==, CAU_NODE_VCARD4);
  xmpp_stanza_release (iq);

  iq = cau_xmpp_build_vcard_temp_get (ctx, "b", "alice@example.org");
  g_assert_nonnull (xmpp_stanza_get_child_by_name_and_ns (iq, "vCard", CAU_NS_VCARD_TEMP));
  xmpp_stanza_release (iq);

  iq = cau_xmpp_build_version_get (ctx, "c", "alice@example.org/x");
  g_assert_cmpstr (xmpp_stanza_get_to (iq), ==, "alice@example.org/x");
  g_assert_nonnull (xmpp_stanza_get_child_by_name_and_ns (iq, "query", CAU_NS_VERSION));
  xmpp_stanza_release (iq);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  xmpp_initialize ();
  ctx = xmpp_ctx_new (NULL, NULL);

  g_test_add_func ("/cau/xmpp-profile/vcard4", test_vcard4);
  g_test_add_func ("/cau/xmpp-profile/vcard4-absent", test_vcard4_absent);
  g_test_add_func ("/cau/xmpp-profile/vcard4-markup-is-text", test_vcard4_markup_is_text);
  g_test_add_func ("/cau/xmpp-profile/vcard4-huge", test_vcard4_huge);
  g_test_add_func ("/cau/xmpp-profile/vcard-temp", test_vcard_temp);
  g_test_add_func ("/cau/xmpp-profile/vcard-temp-absent", test_vcard_temp_absent);
  g_test_add_func ("/cau/xmpp-profile/vcard-copy", test_vcard_copy);
  g_test_add_func ("/cau/xmpp-profile/answer-from", test_answer_from);
  g_test_add_func ("/cau/xmpp-profile/version-parse", test_version_parse);
  g_test_add_func ("/cau/xmpp-profile/version-answer", test_version_answer);
  g_test_add_func ("/cau/xmpp-profile/client-name", test_client_name);
  g_test_add_func ("/cau/xmpp-profile/nick-event", test_nick_event);
  g_test_add_func ("/cau/xmpp-profile/requests", test_requests);

  ret = g_test_run ();
  xmpp_ctx_free (ctx);
  xmpp_shutdown ();
  return ret;
}
