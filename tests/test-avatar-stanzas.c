/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-test-stanza.h"

#include "xmpp/cau-xmpp-utils.h"
#include "xmpp/xeps/cau-xep-0084-avatars.h"
#include "xmpp/xeps/cau-xep-vcard.h"

#include <string.h>

/* Avatar stanzas (XEP-0084, XEP-0153), as Prosody 0.12 and Conversations
 * send them, names changed; and hostile ones. */

/* SHA-1 of "abc" and of the empty string. */
#define ABC_ID   "a9993e364706816aba3e25717850c26c9cd0d89d"
#define ABC_B64  "YWJj"
#define OTHER_ID "da39a3ee5e6b4b0d3255bfef95601890afd80709"

static xmpp_ctx_t *ctx;

static CauXmppAvatarEvent
parse_event (const char  *xml,
             char       **jid,
             char       **id)
{
  xmpp_stanza_t *s = cau_test_stanza_new (ctx, xml);
  const char *why = NULL;
  CauXmppAvatarEvent result = cau_xmpp_parse_avatar_event (s, jid, id, &why);

  if (result == CAU_XMPP_AVATAR_EVENT_DROPPED)
    g_assert_nonnull (why);
  xmpp_stanza_release (s);
  return result;
}

#define EVENT_HEAD(from) \
  "<message xmlns='jabber:client' from='" from "' to='me@example.org/laptop' type='headline'>" \
  "<event xmlns='http://jabber.org/protocol/pubsub#event'>" \
  "<items node='urn:xmpp:avatar:metadata'>"
#define EVENT_TAIL "</items></event></message>"

static void
test_id (void)
{
  g_autoptr(GBytes) abc = g_bytes_new_static ("abc", 3);
  g_autofree char *id = cau_xmpp_avatar_id_for (abc);

  g_assert_cmpstr (id, ==, ABC_ID);
  g_assert_true (cau_xmpp_avatar_id_is_valid (ABC_ID));
  g_assert_false (cau_xmpp_avatar_id_is_valid ("A9993E364706816ABA3E25717850C26C9CD0D89D"));
  g_assert_false (cau_xmpp_avatar_id_is_valid (ABC_ID "0"));
  g_assert_false (cau_xmpp_avatar_id_is_valid ("../../../../../../../../etc/passwd0000000"));
  g_assert_false (cau_xmpp_avatar_id_is_valid (""));
  g_assert_false (cau_xmpp_avatar_id_is_valid (NULL));
}

static void
test_event (void)
{
  g_autofree char *jid = NULL;
  g_autofree char *id = NULL;

  /* Conversations announces a PNG and a WebP; the PNG is the one. */
  g_assert_cmpint (parse_event (EVENT_HEAD ("Juliet@Capulet.lit")
                                "<item id='" ABC_ID "'>"
                                "<metadata xmlns='urn:xmpp:avatar:metadata'>"
                                "<info bytes='1200' id='" OTHER_ID "' type='image/webp'"
                                " width='96' height='96'/>"
                                "<info bytes='3' id='" ABC_ID "' type='image/png'"
                                " width='64' height='64'/>"
                                "</metadata></item>" EVENT_TAIL, &jid, &id),
                   ==, CAU_XMPP_AVATAR_EVENT_SET);
  g_assert_cmpstr (jid, ==, "juliet@capulet.lit");
  g_assert_cmpstr (id, ==, ABC_ID);
  g_clear_pointer (&jid, g_free);
  g_clear_pointer (&id, g_free);

  /* Upper-case hex is read as the same id. */
  g_assert_cmpint (parse_event (EVENT_HEAD ("juliet@capulet.lit")
                                "<item id='x'><metadata xmlns='urn:xmpp:avatar:metadata'>"
                                "<info bytes='3' id='A9993E364706816ABA3E25717850C26C9CD0D89D'"
                                " type='image/jpeg'/>"
                                "</metadata></item>" EVENT_TAIL, &jid, &id),
                   ==, CAU_XMPP_AVATAR_EVENT_SET);
  g_assert_cmpstr (id, ==, ABC_ID);
  g_clear_pointer (&jid, g_free);
  g_clear_pointer (&id, g_free);

  /* XEP-0084 §4.5: an empty metadata element, no avatar. */
  g_assert_cmpint (parse_event (EVENT_HEAD ("juliet@capulet.lit")
                                "<item id='none'><metadata xmlns='urn:xmpp:avatar:metadata'/>"
                                "</item>" EVENT_TAIL, &jid, &id),
                   ==, CAU_XMPP_AVATAR_EVENT_REMOVED);
  g_assert_cmpstr (jid, ==, "juliet@capulet.lit");
  g_assert_null (id);
  g_clear_pointer (&jid, g_free);

  /* Another node is not ours to read. */
  g_assert_cmpint (parse_event ("<message xmlns='jabber:client' from='juliet@capulet.lit'>"
                                "<event xmlns='http://jabber.org/protocol/pubsub#event'>"
                                "<items node='urn:xmpp:avatar:data'><item id='" ABC_ID "'/>"
                                "</items></event></message>", &jid, &id),
                   ==, CAU_XMPP_AVATAR_EVENT_NONE);
  g_assert_cmpint (parse_event ("<message xmlns='jabber:client' from='juliet@capulet.lit'>"
                                "<body>hi</body></message>", &jid, &id),
                   ==, CAU_XMPP_AVATAR_EVENT_NONE);
  g_assert_null (jid);
}

static void
assert_dropped (const char *xml)
{
  g_autofree char *jid = NULL;
  g_autofree char *id = NULL;

  if (parse_event (xml, &jid, &id) != CAU_XMPP_AVATAR_EVENT_DROPPED)
    g_error ("not dropped: %s", xml);
  g_assert_null (jid);
  g_assert_null (id);
}

#define GOOD_ITEM \
  "<item id='" ABC_ID "'><metadata xmlns='urn:xmpp:avatar:metadata'>" \
  "<info bytes='3' id='" ABC_ID "' type='image/png'/></metadata></item>"

static void
test_event_hostile (void)
{
  /* A full JID: a client, not the PEP service, speaking for the account;
   * no `from`; a server's domain; an invalid address. */
  assert_dropped (EVENT_HEAD ("juliet@capulet.lit/balcony") GOOD_ITEM EVENT_TAIL);
  assert_dropped ("<message xmlns='jabber:client'>"
                  "<event xmlns='http://jabber.org/protocol/pubsub#event'>"
                  "<items node='urn:xmpp:avatar:metadata'>" GOOD_ITEM EVENT_TAIL);
  assert_dropped (EVENT_HEAD ("juliet@@capulet.lit") GOOD_ITEM EVENT_TAIL);
  assert_dropped ("<message xmlns='jabber:client' from='juliet@capulet.lit' type='error'>"
                  "<event xmlns='http://jabber.org/protocol/pubsub#event'>"
                  "<items node='urn:xmpp:avatar:metadata'>" GOOD_ITEM EVENT_TAIL);

  /* Ids that are not SHA-1: a path, too short, not hex. */
  assert_dropped (EVENT_HEAD ("juliet@capulet.lit")
                  "<item id='x'><metadata xmlns='urn:xmpp:avatar:metadata'>"
                  "<info bytes='3' id='../../.bashrc' type='image/png'/></metadata></item>"
                  EVENT_TAIL);
  assert_dropped (EVENT_HEAD ("juliet@capulet.lit")
                  "<item id='x'><metadata xmlns='urn:xmpp:avatar:metadata'>"
                  "<info bytes='3' id='abc' type='image/png'/></metadata></item>" EVENT_TAIL);
  assert_dropped (EVENT_HEAD ("juliet@capulet.lit")
                  "<item id='x'><metadata xmlns='urn:xmpp:avatar:metadata'>"
                  "<info bytes='3' id='zz993e364706816aba3e25717850c26c9cd0d89d' type='image/png'/>"
                  "</metadata></item>" EVENT_TAIL);

  /* Announced too large, or only at a URL (never fetched behind the
   * person's back). */
  assert_dropped (EVENT_HEAD ("juliet@capulet.lit")
                  "<item id='x'><metadata xmlns='urn:xmpp:avatar:metadata'>"
                  "<info bytes='50000000' id='" ABC_ID "' type='image/png'/></metadata></item>"
                  EVENT_TAIL);
  assert_dropped (EVENT_HEAD ("juliet@capulet.lit")
                  "<item id='x'><metadata xmlns='urn:xmpp:avatar:metadata'>"
                  "<info bytes='3' id='" ABC_ID "' type='image/png'"
                  " url='http://tracker.example/pixel.png'/></metadata></item>" EVENT_TAIL);

  /* No metadata at all. */
  assert_dropped (EVENT_HEAD ("juliet@capulet.lit") "<item id='x'/>" EVENT_TAIL);
}

static void
test_build_requests (void)
{
  xmpp_stanza_t *iq = cau_xmpp_build_avatar_data_get (ctx, "q1", "juliet@capulet.lit", ABC_ID);
  xmpp_stanza_t *pubsub, *items, *item;

  g_assert_cmpstr (xmpp_stanza_get_type (iq), ==, "get");
  g_assert_cmpstr (xmpp_stanza_get_to (iq), ==, "juliet@capulet.lit");
  pubsub = xmpp_stanza_get_child_by_name_and_ns (iq, "pubsub", CAU_NS_PUBSUB);
  g_assert_nonnull (pubsub);
  items = xmpp_stanza_get_child_by_name (pubsub, "items");
  g_assert_cmpstr (xmpp_stanza_get_attribute (items, "node"), ==, CAU_NS_AVATAR_DATA);
  item = xmpp_stanza_get_child_by_name (items, "item");
  g_assert_cmpstr (xmpp_stanza_get_attribute (item, "id"), ==, ABC_ID);
  xmpp_stanza_release (iq);

  iq = cau_xmpp_build_vcard_temp_get (ctx, "q2", "juliet@capulet.lit");
  g_assert_nonnull (xmpp_stanza_get_child_by_name_and_ns (iq, "vCard", CAU_NS_VCARD_TEMP));
  xmpp_stanza_release (iq);
}

static GBytes *
parse_data (const char  *xml,
            const char  *from,
            gboolean     own,
            const char  *id,
            const char **why)
{
  xmpp_stanza_t *s = cau_test_stanza_new (ctx, xml);
  GBytes *data = cau_xmpp_parse_avatar_data (s, from, own, id, why);

  xmpp_stanza_release (s);
  return data;
}

#define DATA_RESULT(from, item_id, text) \
  "<iq xmlns='jabber:client' type='result' id='q1' from='" from "' to='me@example.org/laptop'>" \
  "<pubsub xmlns='http://jabber.org/protocol/pubsub'>" \
  "<items node='urn:xmpp:avatar:data'><item id='" item_id "'>" \
  "<data xmlns='urn:xmpp:avatar:data'>" text "</data></item></items></pubsub></iq>"

static void
test_data (void)
{
  const char *why = NULL;
  g_autoptr(GBytes) data = NULL;

  data = parse_data (DATA_RESULT ("juliet@capulet.lit", ABC_ID, ABC_B64),
                     "juliet@capulet.lit", FALSE, ABC_ID, &why);
  g_assert_nonnull (data);
  g_assert_cmpmem (g_bytes_get_data (data, NULL), g_bytes_get_size (data), "abc", 3);
  g_clear_pointer (&data, g_bytes_unref);

  /* Line breaks in the base64 are fine. */
  data = parse_data (DATA_RESULT ("juliet@capulet.lit", ABC_ID, "\n  YW\nJj\n"),
                     "juliet@capulet.lit", FALSE, ABC_ID, &why);
  g_assert_nonnull (data);
  g_clear_pointer (&data, g_bytes_unref);

  /* Our own, answered without a `from`. */
  data = parse_data ("<iq xmlns='jabber:client' type='result' id='q1'>"
                     "<pubsub xmlns='http://jabber.org/protocol/pubsub'>"
                     "<items node='urn:xmpp:avatar:data'><item id='" ABC_ID "'>"
                     "<data xmlns='urn:xmpp:avatar:data'>" ABC_B64 "</data></item></items>"
                     "</pubsub></iq>", "me@example.org", TRUE, ABC_ID, &why);
  g_assert_nonnull (data);
}

static void
assert_data_refused (const char *xml,
                     const char *id)
{
  const char *why = NULL;
  GBytes *data = parse_data (xml, "juliet@capulet.lit", FALSE, id, &why);

  if (data != NULL)
    g_error ("accepted: %s", xml);
  g_assert_nonnull (why);
}

static void
test_data_hostile (void)
{
  g_autoptr(GString) huge = g_string_new (NULL);
  g_autofree char *huge_xml = NULL;

  /* The bytes are not the ones announced. */
  assert_data_refused (DATA_RESULT ("juliet@capulet.lit", ABC_ID, "YWJk"), ABC_ID);
  assert_data_refused (DATA_RESULT ("juliet@capulet.lit", OTHER_ID, ABC_B64), OTHER_ID);
  /* Another item than the one asked for. */
  assert_data_refused (DATA_RESULT ("juliet@capulet.lit", OTHER_ID, ABC_B64), ABC_ID);
  /* Not base64, or badly padded. */
  assert_data_refused (DATA_RESULT ("juliet@capulet.lit", ABC_ID, "YW*j"), ABC_ID);
  assert_data_refused (DATA_RESULT ("juliet@capulet.lit", ABC_ID, "YWJ"), ABC_ID);
  assert_data_refused (DATA_RESULT ("juliet@capulet.lit", ABC_ID, "Y=Jj"), ABC_ID);
  assert_data_refused (DATA_RESULT ("juliet@capulet.lit", ABC_ID, "<b>YWJj</b>"), ABC_ID);
  assert_data_refused (DATA_RESULT ("juliet@capulet.lit", ABC_ID, ""), ABC_ID);
  /* From someone else than the one asked, or with no `from` when it is
   * not our own. */
  assert_data_refused (DATA_RESULT ("romeo@montague.lit", ABC_ID, ABC_B64), ABC_ID);
  assert_data_refused (DATA_RESULT ("juliet@capulet.lit/balcony", ABC_ID, ABC_B64), ABC_ID);
  assert_data_refused ("<iq xmlns='jabber:client' type='result' id='q1'>"
                       "<pubsub xmlns='http://jabber.org/protocol/pubsub'>"
                       "<items node='urn:xmpp:avatar:data'><item id='" ABC_ID "'>"
                       "<data xmlns='urn:xmpp:avatar:data'>" ABC_B64 "</data></item></items>"
                       "</pubsub></iq>", ABC_ID);
  /* An error. */
  assert_data_refused ("<iq xmlns='jabber:client' type='error' id='q1' from='juliet@capulet.lit'>"
                       "<error type='cancel'><item-not-found"
                       " xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>", ABC_ID);

  /* Over the limit: 2 MiB of base64, refused before it is decoded. */
  for (gsize i = 0; i < 2 * 1024 * 1024 / 4; i++)
    g_string_append (huge, "AAAA");
  huge_xml = g_strdup_printf (DATA_RESULT ("juliet@capulet.lit", ABC_ID, "%s"), huge->str);
  assert_data_refused (huge_xml, ABC_ID);
}

static void
test_vcard (void)
{
  xmpp_stanza_t *s;
  g_autoptr(GBytes) data = NULL;
  const char *why = NULL;

  s = cau_test_stanza_new (ctx, "<iq xmlns='jabber:client' type='result' id='v1' from='juliet@capulet.lit'>"
              "<vCard xmlns='vcard-temp'><FN>Juliet</FN>"
              "<PHOTO><TYPE>image/png</TYPE><BINVAL>YW\nJj</BINVAL></PHOTO></vCard></iq>");
  data = cau_xmpp_parse_vcard_photo (s, "juliet@capulet.lit", FALSE, ABC_ID, &why);
  g_assert_nonnull (data);
  g_clear_pointer (&data, g_bytes_unref);
  data = cau_xmpp_parse_vcard_photo (s, "juliet@capulet.lit", FALSE, OTHER_ID, &why);
  g_assert_null (data);
  g_assert_nonnull (why);
  xmpp_stanza_release (s);

  s = cau_test_stanza_new (ctx, "<iq xmlns='jabber:client' type='result' id='v1' from='juliet@capulet.lit'>"
              "<vCard xmlns='vcard-temp'><FN>Juliet</FN></vCard></iq>");
  data = cau_xmpp_parse_vcard_photo (s, "juliet@capulet.lit", FALSE, ABC_ID, &why);
  g_assert_null (data);
  xmpp_stanza_release (s);

  s = cau_test_stanza_new (ctx, "<iq xmlns='jabber:client' type='result' id='v1' from='juliet@capulet.lit'>"
              "<vCard xmlns='vcard-temp'><PHOTO><BINVAL>not base64!</BINVAL></PHOTO></vCard></iq>");
  data = cau_xmpp_parse_vcard_photo (s, "juliet@capulet.lit", FALSE, ABC_ID, &why);
  g_assert_null (data);
  xmpp_stanza_release (s);
}

static char *
parse_update (const char *xml)
{
  xmpp_stanza_t *s = cau_test_stanza_new (ctx, xml);
  char *id = cau_xmpp_parse_vcard_update (s);

  xmpp_stanza_release (s);
  return id;
}

static void
test_vcard_update (void)
{
  g_autofree char *set = NULL, *empty = NULL, *missing = NULL, *not_ready = NULL, *bad = NULL;
  xmpp_stanza_t *presence;
  xmpp_stanza_t *x;

  set = parse_update ("<presence xmlns='jabber:client' from='juliet@capulet.lit/balcony'>"
                      "<x xmlns='vcard-temp:x:update'><photo>" ABC_ID "</photo></x></presence>");
  g_assert_cmpstr (set, ==, ABC_ID);
  empty = parse_update ("<presence xmlns='jabber:client' from='juliet@capulet.lit/balcony'>"
                        "<x xmlns='vcard-temp:x:update'><photo/></x></presence>");
  g_assert_cmpstr (empty, ==, "");
  not_ready = parse_update ("<presence xmlns='jabber:client' from='juliet@capulet.lit/b'>"
                            "<x xmlns='vcard-temp:x:update'/></presence>");
  g_assert_null (not_ready);
  missing = parse_update ("<presence xmlns='jabber:client' from='juliet@capulet.lit/b'/>");
  g_assert_null (missing);
  bad = parse_update ("<presence xmlns='jabber:client' from='juliet@capulet.lit/b'>"
                      "<x xmlns='vcard-temp:x:update'><photo>../../x</photo></x></presence>");
  g_assert_null (bad);

  presence = xmpp_presence_new (ctx);
  cau_xmpp_add_vcard_update (presence, ABC_ID);
  x = xmpp_stanza_get_child_by_name_and_ns (presence, "x", CAU_NS_VCARD_UPDATE);
  g_assert_nonnull (x);
  {
    g_autofree char *text = xmpp_stanza_get_text (xmpp_stanza_get_child_by_name (x, "photo"));

    g_assert_cmpstr (text, ==, ABC_ID);
  }
  xmpp_stanza_release (presence);
}

/* A room's owner sets its vCard to a PHOTO alone; none removes it. */
static void
test_vcard_photo_set (void)
{
  g_autoptr(GBytes) abc = g_bytes_new_static ("abc", 3);
  xmpp_stanza_t *iq, *vcard, *photo;
  g_autofree char *type = NULL;
  g_autofree char *binval = NULL;

  iq = cau_xmpp_build_vcard_photo_set (ctx, "r1", "salon@conference.example.org", abc);
  g_assert_cmpstr (xmpp_stanza_get_type (iq), ==, "set");
  g_assert_cmpstr (xmpp_stanza_get_to (iq), ==, "salon@conference.example.org");
  vcard = xmpp_stanza_get_child_by_name_and_ns (iq, "vCard", CAU_NS_VCARD_TEMP);
  photo = xmpp_stanza_get_child_by_name (vcard, "PHOTO");
  type = xmpp_stanza_get_text (xmpp_stanza_get_child_by_name (photo, "TYPE"));
  binval = xmpp_stanza_get_text (xmpp_stanza_get_child_by_name (photo, "BINVAL"));
  g_assert_cmpstr (type, ==, "image/png");
  g_assert_cmpstr (binval, ==, ABC_B64);
  xmpp_stanza_release (iq);

  iq = cau_xmpp_build_vcard_photo_set (ctx, "r2", "salon@conference.example.org", NULL);
  vcard = xmpp_stanza_get_child_by_name_and_ns (iq, "vCard", CAU_NS_VCARD_TEMP);
  g_assert_nonnull (vcard);
  g_assert_null (xmpp_stanza_get_children (vcard));
  xmpp_stanza_release (iq);
}

static void
test_publish (void)
{
  g_autoptr(GBytes) abc = g_bytes_new_static ("abc", 3);
  xmpp_stanza_t *iq, *pubsub, *publish, *item, *data, *metadata, *info, *options;
  g_autofree char *text = NULL;

  iq = cau_xmpp_build_avatar_publish_data (ctx, "p1", abc, TRUE);
  g_assert_cmpstr (xmpp_stanza_get_type (iq), ==, "set");
  pubsub = xmpp_stanza_get_child_by_name_and_ns (iq, "pubsub", CAU_NS_PUBSUB);
  publish = xmpp_stanza_get_child_by_name (pubsub, "publish");
  g_assert_cmpstr (xmpp_stanza_get_attribute (publish, "node"), ==, CAU_NS_AVATAR_DATA);
  item = xmpp_stanza_get_child_by_name (publish, "item");
  g_assert_cmpstr (xmpp_stanza_get_attribute (item, "id"), ==, ABC_ID);
  data = xmpp_stanza_get_child_by_name_and_ns (item, "data", CAU_NS_AVATAR_DATA);
  text = xmpp_stanza_get_text (data);
  g_assert_cmpstr (text, ==, ABC_B64);
  options = xmpp_stanza_get_child_by_name (pubsub, "publish-options");
  g_assert_nonnull (options);
  g_assert_nonnull (xmpp_stanza_get_child_by_name_and_ns (options, "x", CAU_NS_DATA_FORMS));
  xmpp_stanza_release (iq);

  iq = cau_xmpp_build_avatar_publish_metadata (ctx, "p2", ABC_ID, 3, "image/png", 64, 64, FALSE);
  pubsub = xmpp_stanza_get_child_by_name_and_ns (iq, "pubsub", CAU_NS_PUBSUB);
  g_assert_null (xmpp_stanza_get_child_by_name (pubsub, "publish-options"));
  publish = xmpp_stanza_get_child_by_name (pubsub, "publish");
  g_assert_cmpstr (xmpp_stanza_get_attribute (publish, "node"), ==, CAU_NS_AVATAR_METADATA);
  item = xmpp_stanza_get_child_by_name (publish, "item");
  g_assert_cmpstr (xmpp_stanza_get_attribute (item, "id"), ==, ABC_ID);
  metadata = xmpp_stanza_get_child_by_name_and_ns (item, "metadata", CAU_NS_AVATAR_METADATA);
  info = xmpp_stanza_get_child_by_name (metadata, "info");
  g_assert_cmpstr (xmpp_stanza_get_attribute (info, "id"), ==, ABC_ID);
  g_assert_cmpstr (xmpp_stanza_get_attribute (info, "bytes"), ==, "3");
  g_assert_cmpstr (xmpp_stanza_get_attribute (info, "type"), ==, "image/png");
  g_assert_cmpstr (xmpp_stanza_get_attribute (info, "width"), ==, "64");
  xmpp_stanza_release (iq);

  /* Removal: an empty metadata element. */
  iq = cau_xmpp_build_avatar_publish_metadata (ctx, "p3", NULL, 0, NULL, 0, 0, TRUE);
  pubsub = xmpp_stanza_get_child_by_name_and_ns (iq, "pubsub", CAU_NS_PUBSUB);
  item = xmpp_stanza_get_child_by_name (xmpp_stanza_get_child_by_name (pubsub, "publish"), "item");
  metadata = xmpp_stanza_get_child_by_name_and_ns (item, "metadata", CAU_NS_AVATAR_METADATA);
  g_assert_nonnull (metadata);
  g_assert_null (xmpp_stanza_get_children (metadata));
  xmpp_stanza_release (iq);
}

static void
test_own_features (void)
{
  gboolean found = FALSE;

  for (const char * const *f = cau_xmpp_own_features (); *f; f++)
    {
      if (f[1] != NULL)
        g_assert_cmpint (strcmp (f[0], f[1]), <, 0);
      found |= g_str_equal (*f, CAU_NS_AVATAR_NOTIFY);
    }
  g_assert_true (found);
}

int
main (int   argc,
      char *argv[])
{
  int result;

  g_test_init (&argc, &argv, NULL);
  xmpp_initialize ();
  ctx = xmpp_ctx_new (NULL, NULL);

  g_test_add_func ("/cau/avatar-stanzas/id", test_id);
  g_test_add_func ("/cau/avatar-stanzas/event", test_event);
  g_test_add_func ("/cau/avatar-stanzas/event-hostile", test_event_hostile);
  g_test_add_func ("/cau/avatar-stanzas/requests", test_build_requests);
  g_test_add_func ("/cau/avatar-stanzas/data", test_data);
  g_test_add_func ("/cau/avatar-stanzas/data-hostile", test_data_hostile);
  g_test_add_func ("/cau/avatar-stanzas/vcard", test_vcard);
  g_test_add_func ("/cau/avatar-stanzas/vcard-update", test_vcard_update);
  g_test_add_func ("/cau/avatar-stanzas/publish", test_publish);
  g_test_add_func ("/cau/avatar-stanzas/vcard-photo-set", test_vcard_photo_set);
  g_test_add_func ("/cau/avatar-stanzas/own-features", test_own_features);

  result = g_test_run ();
  xmpp_ctx_free (ctx);
  xmpp_shutdown ();
  return result;
}
