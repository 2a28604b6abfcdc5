/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-test-stanza.h"

#include "xmpp/xeps/cau-xep-0384-omemo.h"
#include "xmpp/xeps/cau-xep-0420-sce.h"

#include <string.h>

/* OMEMO stanzas (XEP-0384), legacy and OMEMO 2: built and parsed back,
 * samples shaped as other clients send them, and hostile documents. */

#define PEER "juliet@capulet.lit"

static xmpp_ctx_t *ctx;

/* `n` bytes, each `fill`, as base64. */
static char *
b64 (gsize  n,
     guchar fill)
{
  g_autofree guchar *data = g_malloc (n);

  memset (data, fill, n);
  return g_base64_encode (data, n);
}

static GBytes *
bytes (gsize  n,
       guchar fill)
{
  guchar *data = g_malloc (n);

  memset (data, fill, n);
  return g_bytes_new_take (data, n);
}

/* The <item/> a publication carries, as text. */
static char *
published_item (xmpp_stanza_t *iq,
                const char    *node)
{
  xmpp_stanza_t *pubsub = xmpp_stanza_get_child_by_name_and_ns (iq, "pubsub", CAU_NS_PUBSUB);
  xmpp_stanza_t *publish = xmpp_stanza_get_child_by_name (pubsub, "publish");

  g_assert_cmpstr (xmpp_stanza_get_type (iq), ==, "set");
  g_assert_null (xmpp_stanza_get_to (iq));
  g_assert_cmpstr (xmpp_stanza_get_attribute (publish, "node"), ==, node);
  return cau_test_stanza_to_text (xmpp_stanza_get_child_by_name (publish, "item"));
}

/* The value of publish-option `var`, or NULL. */
static const char *
publish_option (xmpp_stanza_t *iq,
                const char    *var)
{
  xmpp_stanza_t *pubsub = xmpp_stanza_get_child_by_name_and_ns (iq, "pubsub", CAU_NS_PUBSUB);
  xmpp_stanza_t *options = xmpp_stanza_get_child_by_name (pubsub, "publish-options");
  xmpp_stanza_t *form = xmpp_stanza_get_child_by_name_and_ns (options, "x", "jabber:x:data");

  for (xmpp_stanza_t *f = xmpp_stanza_get_children (form); f; f = xmpp_stanza_get_next (f))
    if (g_strcmp0 (xmpp_stanza_get_attribute (f, "var"), var) == 0)
      return xmpp_stanza_get_text_ptr (xmpp_stanza_get_children (
        xmpp_stanza_get_child_by_name (f, "value")));
  return NULL;
}

static char *
result_xml (const char *node,
            const char *items)
{
  return g_strdup_printf ("<iq type='result' id='r1' from='" PEER "'>"
                          "<pubsub xmlns='" CAU_NS_PUBSUB "'><items node='%s'>%s</items>"
                          "</pubsub></iq>", node, items);
}

static char *
event_xml (const char *from,
           const char *node,
           const char *items)
{
  return g_strdup_printf ("<message from='%s' to='romeo@montague.lit' type='headline'>"
                          "<event xmlns='" CAU_NS_PUBSUB_EVENT "'><items node='%s'>%s</items></event>"
                          "</message>", from, node, items);
}

static CauXmppOmemoDeviceList *
parse_list_result (const char           *xml,
                   CauXmppOmemoVersion   version,
                   GError              **error)
{
  xmpp_stanza_t *s = cau_test_stanza_new (ctx, xml);
  CauXmppOmemoDeviceList *list = cau_xmpp_parse_omemo_device_list_result (s, version, PEER,
                                                                          FALSE, error);

  xmpp_stanza_release (s);
  return list;
}

static CauXmppOmemoDeviceList *
parse_list_event (const char  *xml,
                  char       **publisher,
                  GError     **error)
{
  xmpp_stanza_t *s = cau_test_stanza_new (ctx, xml);
  CauXmppOmemoDeviceList *list = cau_xmpp_parse_omemo_device_list_event (s, publisher, error);

  xmpp_stanza_release (s);
  return list;
}

static CauXmppOmemoBundle *
parse_bundle_result (const char           *xml,
                     CauXmppOmemoVersion   version,
                     guint32               device_id,
                     GError              **error)
{
  xmpp_stanza_t *s = cau_test_stanza_new (ctx, xml);
  CauXmppOmemoBundle *bundle = cau_xmpp_parse_omemo_bundle_result (s, version, PEER, FALSE,
                                                                   device_id, error);

  xmpp_stanza_release (s);
  return bundle;
}

static CauXmppOmemoEncrypted *
parse_message (const char  *xml,
               GError     **error)
{
  xmpp_stanza_t *s = cau_test_stanza_new (ctx, xml);
  CauXmppOmemoEncrypted *encrypted = cau_xmpp_parse_omemo_encrypted (s, error);

  xmpp_stanza_release (s);
  return encrypted;
}

static guint32
device_id_at (CauXmppOmemoDeviceList *list,
              guint                   i)
{
  return g_array_index (list->devices, CauXmppOmemoDevice, i).id;
}

/* Round trips. */

static void
check_device_list_round_trip (CauXmppOmemoVersion version)
{
  g_autoptr(CauXmppOmemoDeviceList) list = cau_xmpp_omemo_device_list_new (version);
  g_autoptr(CauXmppOmemoDeviceList) back = NULL;
  g_autoptr(GBytes) sig = bytes (64, 0x5a);
  g_autoptr(GError) error = NULL;
  g_autofree char *item = NULL;
  g_autofree char *result = NULL;
  g_autofree char *event = NULL;
  g_autofree char *publisher = NULL;
  const char *node = version == CAU_XMPP_OMEMO_LEGACY
    ? CAU_NS_OMEMO_LEGACY_DEVICES : CAU_NS_OMEMO2_DEVICES;
  xmpp_stanza_t *iq;

  g_assert_true (cau_xmpp_omemo_device_list_add (list, 1, NULL, NULL));
  g_assert_true (cau_xmpp_omemo_device_list_add (list, 12345, "Causerie <on> \"Debian\"", sig));
  g_assert_true (cau_xmpp_omemo_device_list_add (list, G_MAXINT32, NULL, NULL));
  g_assert_false (cau_xmpp_omemo_device_list_add (list, 12345, NULL, NULL));
  g_assert_false (cau_xmpp_omemo_device_list_add (list, 0, NULL, NULL));
  g_assert_false (cau_xmpp_omemo_device_list_add (list, (guint32) G_MAXINT32 + 1, NULL, NULL));

  iq = cau_xmpp_build_omemo_device_list_publish (ctx, "p1", list);
  g_assert_cmpstr (publish_option (iq, "pubsub#access_model"), ==, "open");
  item = published_item (iq, node);
  xmpp_stanza_release (iq);

  result = result_xml (node, item);
  back = parse_list_result (result, version, &error);
  g_assert_no_error (error);
  g_assert_nonnull (back);
  g_assert_cmpint (back->version, ==, version);
  g_assert_cmpuint (back->devices->len, ==, 3);
  g_assert_cmpuint (device_id_at (back, 0), ==, 1);
  g_assert_cmpuint (device_id_at (back, 1), ==, 12345);
  g_assert_cmpuint (device_id_at (back, 2), ==, G_MAXINT32);
  if (version == CAU_XMPP_OMEMO_2)
    {
      CauXmppOmemoDevice *d = &g_array_index (back->devices, CauXmppOmemoDevice, 1);

      g_assert_cmpstr (d->label, ==, "Causerie <on> \"Debian\"");
      g_assert_true (g_bytes_equal (d->labelsig, sig));
    }
  else
    g_assert_null (g_array_index (back->devices, CauXmppOmemoDevice, 1).label);
  g_clear_pointer (&back, cau_xmpp_omemo_device_list_free);

  event = event_xml (PEER, node, item);
  back = parse_list_event (event, &publisher, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (back->devices->len, ==, 3);
  g_assert_cmpint (back->version, ==, version);
  g_assert_cmpstr (publisher, ==, PEER);
}

static void
test_device_list_round_trip (void)
{
  check_device_list_round_trip (CAU_XMPP_OMEMO_LEGACY);
  check_device_list_round_trip (CAU_XMPP_OMEMO_2);
}

static CauXmppOmemoBundle *
sample_bundle (CauXmppOmemoVersion version,
               guint32             device_id,
               guint               pre_keys)
{
  gsize size = cau_xmpp_omemo_public_key_size (version);
  CauXmppOmemoBundle *bundle = cau_xmpp_omemo_bundle_new (version, device_id);

  bundle->identity_key = bytes (size, 1);
  bundle->signed_pre_key_id = 7;
  bundle->signed_pre_key = bytes (size, 2);
  bundle->signed_pre_key_signature = bytes (64, 3);
  for (guint i = 1; i <= pre_keys; i++)
    {
      g_autoptr(GBytes) key = bytes (size, (guchar) i);

      cau_xmpp_omemo_bundle_add_pre_key (bundle, i, key);
    }
  return bundle;
}

static void
check_bundle_round_trip (CauXmppOmemoVersion version)
{
  g_autoptr(CauXmppOmemoBundle) bundle = sample_bundle (version, 4223, CAU_XMPP_OMEMO_MAX_PRE_KEYS);
  g_autoptr(CauXmppOmemoBundle) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *node = version == CAU_XMPP_OMEMO_LEGACY
    ? g_strdup (CAU_NS_OMEMO_LEGACY_BUNDLES "4223") : g_strdup (CAU_NS_OMEMO2_BUNDLES);
  g_autofree char *item = NULL;
  g_autofree char *result = NULL;
  xmpp_stanza_t *iq;

  iq = cau_xmpp_build_omemo_bundle_publish (ctx, "p2", bundle);
  g_assert_cmpstr (publish_option (iq, "pubsub#access_model"), ==, "open");
  if (version == CAU_XMPP_OMEMO_2)
    g_assert_cmpstr (publish_option (iq, "pubsub#max_items"), ==, "max");
  else
    g_assert_null (publish_option (iq, "pubsub#max_items"));
  item = published_item (iq, node);
  g_assert_nonnull (strstr (item, version == CAU_XMPP_OMEMO_LEGACY ? "id=\"current\"" : "id=\"4223\""));
  xmpp_stanza_release (iq);

  result = result_xml (node, item);
  back = parse_bundle_result (result, version, 4223, &error);
  g_assert_no_error (error);
  g_assert_nonnull (back);
  g_assert_cmpuint (back->device_id, ==, 4223);
  g_assert_cmpuint (back->signed_pre_key_id, ==, 7);
  g_assert_true (g_bytes_equal (back->identity_key, bundle->identity_key));
  g_assert_true (g_bytes_equal (back->signed_pre_key, bundle->signed_pre_key));
  g_assert_true (g_bytes_equal (back->signed_pre_key_signature, bundle->signed_pre_key_signature));
  g_assert_cmpuint (back->pre_keys->len, ==, CAU_XMPP_OMEMO_MAX_PRE_KEYS);
  for (guint i = 0; i < back->pre_keys->len; i++)
    {
      CauXmppOmemoPreKey *a = &g_array_index (bundle->pre_keys, CauXmppOmemoPreKey, i);
      CauXmppOmemoPreKey *b = &g_array_index (back->pre_keys, CauXmppOmemoPreKey, i);

      g_assert_cmpuint (a->id, ==, b->id);
      g_assert_true (g_bytes_equal (a->public_key, b->public_key));
    }
}

static void
test_bundle_round_trip (void)
{
  check_bundle_round_trip (CAU_XMPP_OMEMO_LEGACY);
  check_bundle_round_trip (CAU_XMPP_OMEMO_2);
}

static void
check_encrypted_round_trip (CauXmppOmemoVersion version,
                            gboolean            with_payload)
{
  g_autoptr(CauXmppOmemoEncrypted) encrypted = cau_xmpp_omemo_encrypted_new (version, 27183);
  g_autoptr(CauXmppOmemoEncrypted) back = NULL;
  g_autoptr(GBytes) k1 = bytes (48, 0x11);
  g_autoptr(GBytes) k2 = bytes (180, 0x22);
  g_autoptr(GBytes) k3 = bytes (60, 0x33);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  xmpp_stanza_t *message = xmpp_message_new (ctx, "chat", PEER, "m1");
  gboolean legacy = version == CAU_XMPP_OMEMO_LEGACY;

  cau_xmpp_omemo_encrypted_add_key (encrypted, PEER, 31415, k1, FALSE);
  cau_xmpp_omemo_encrypted_add_key (encrypted, "romeo@montague.lit", 12321, k2, TRUE);
  cau_xmpp_omemo_encrypted_add_key (encrypted, PEER, 1337, k3, FALSE);
  if (legacy)
    encrypted->iv = bytes (12, 0x44);
  if (with_payload)
    encrypted->payload = bytes (1000, 0x55);

  cau_xmpp_add_omemo_encrypted (message, encrypted);
  text = cau_test_stanza_to_text (message);
  xmpp_stanza_release (message);
  if (!legacy)
    /* One <keys/> per recipient JID (§5.5.3). */
    g_assert_nonnull (strstr (text, "<keys jid=\"" PEER "\"><key rid=\"31415\">"));
  back = parse_message (text, &error);
  g_assert_no_error (error);
  g_assert_nonnull (back);
  g_assert_cmpint (back->version, ==, version);
  g_assert_cmpuint (back->sid, ==, 27183);
  g_assert_cmpuint (back->keys->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      CauXmppOmemoKey *b = &g_array_index (back->keys, CauXmppOmemoKey, i);
      gboolean found = FALSE;

      for (guint j = 0; j < 3; j++)
        {
          CauXmppOmemoKey *a = &g_array_index (encrypted->keys, CauXmppOmemoKey, j);

          if (a->rid != b->rid)
            continue;
          found = TRUE;
          g_assert_cmpstr (a->jid, ==, b->jid);
          g_assert_true (g_bytes_equal (a->data, b->data));
          g_assert_cmpint (a->prekey, ==, b->prekey);
        }
      g_assert_true (found);
      if (legacy)
        g_assert_null (b->jid);
    }
  if (legacy)
    g_assert_true (g_bytes_equal (back->iv, encrypted->iv));
  else
    g_assert_null (back->iv);
  if (with_payload)
    g_assert_true (g_bytes_equal (back->payload, encrypted->payload));
  else
    g_assert_null (back->payload);
}

static void
test_encrypted_round_trip (void)
{
  check_encrypted_round_trip (CAU_XMPP_OMEMO_LEGACY, TRUE);
  check_encrypted_round_trip (CAU_XMPP_OMEMO_LEGACY, FALSE);
  check_encrypted_round_trip (CAU_XMPP_OMEMO_2, TRUE);
  check_encrypted_round_trip (CAU_XMPP_OMEMO_2, FALSE);
}

static void
test_requests (void)
{
  struct {
    CauXmppOmemoVersion version;
    gboolean bundle;
    const char *node;
    const char *max_items;
    const char *item_id;
  } cases[] = {
    { CAU_XMPP_OMEMO_LEGACY, FALSE, "eu.siacs.conversations.axolotl.devicelist", "1", NULL },
    { CAU_XMPP_OMEMO_2, FALSE, "urn:xmpp:omemo:2:devices", "1", NULL },
    { CAU_XMPP_OMEMO_LEGACY, TRUE, "eu.siacs.conversations.axolotl.bundles:31415", "1", NULL },
    { CAU_XMPP_OMEMO_2, TRUE, "urn:xmpp:omemo:2:bundles", NULL, "31415" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      xmpp_stanza_t *iq = cases[i].bundle
        ? cau_xmpp_build_omemo_bundle_get (ctx, "q", cases[i].version, PEER, 31415)
        : cau_xmpp_build_omemo_device_list_get (ctx, "q", cases[i].version, PEER);
      xmpp_stanza_t *pubsub = xmpp_stanza_get_child_by_name_and_ns (iq, "pubsub", CAU_NS_PUBSUB);
      xmpp_stanza_t *items = xmpp_stanza_get_child_by_name (pubsub, "items");
      xmpp_stanza_t *item = xmpp_stanza_get_child_by_name (items, "item");

      g_assert_cmpstr (xmpp_stanza_get_type (iq), ==, "get");
      g_assert_cmpstr (xmpp_stanza_get_id (iq), ==, "q");
      g_assert_cmpstr (xmpp_stanza_get_to (iq), ==, PEER);
      g_assert_cmpstr (xmpp_stanza_get_attribute (items, "node"), ==, cases[i].node);
      g_assert_cmpstr (xmpp_stanza_get_attribute (items, "max_items"), ==, cases[i].max_items);
      if (cases[i].item_id != NULL)
        g_assert_cmpstr (xmpp_stanza_get_attribute (item, "id"), ==, cases[i].item_id);
      else
        g_assert_null (item);
      xmpp_stanza_release (iq);
    }
}

/* Samples shaped as Conversations / Dino and the XEP's examples send them. */

static void
test_legacy_samples (void)
{
  g_autofree char *ik = b64 (33, 5);
  g_autofree char *spk = b64 (33, 6);
  g_autofree char *sig = b64 (64, 7);
  g_autofree char *pk = b64 (33, 8);
  g_autofree char *bundle_xml = NULL;
  g_autofree char *list_xml = NULL;
  g_autofree char *publisher = NULL;
  g_autoptr(CauXmppOmemoBundle) bundle = NULL;
  g_autoptr(CauXmppOmemoDeviceList) list = NULL;
  g_autoptr(CauXmppOmemoEncrypted) encrypted = NULL;
  g_autoptr(GError) error = NULL;

  list_xml = event_xml (PEER, CAU_NS_OMEMO_LEGACY_DEVICES,
                        "<item id='current'><list xmlns='eu.siacs.conversations.axolotl'>"
                        "<device id='1562934583'/>\n  <device id='907013212'/></list></item>");
  list = parse_list_event (list_xml, &publisher, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->devices->len, ==, 2);
  g_assert_cmpuint (device_id_at (list, 0), ==, 1562934583);
  g_assert_true (cau_xmpp_omemo_device_list_has (list, 907013212));

  bundle_xml = g_strdup_printf (
    "<iq type='result' id='r1' from='" PEER "'><pubsub xmlns='" CAU_NS_PUBSUB "'>"
    "<items node='eu.siacs.conversations.axolotl.bundles:907013212'><item id='current'>"
    "<bundle xmlns='eu.siacs.conversations.axolotl'>"
    "<signedPreKeyPublic signedPreKeyId='1'>%s</signedPreKeyPublic>"
    "<signedPreKeySignature>%s</signedPreKeySignature><identityKey>%s</identityKey>"
    "<prekeys><preKeyPublic preKeyId='1'>%s</preKeyPublic>"
    "<preKeyPublic preKeyId='2'>\n%s\n</preKeyPublic></prekeys>"
    "</bundle></item></items></pubsub></iq>", spk, sig, ik, pk, pk);
  bundle = parse_bundle_result (bundle_xml, CAU_XMPP_OMEMO_LEGACY, 907013212, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bundle->pre_keys->len, ==, 2);
  g_assert_cmpuint (g_bytes_get_size (bundle->identity_key), ==, 33);

  /* A key transport message: no payload; prekey='1' as some clients say. */
  encrypted = parse_message ("<message to='romeo@montague.lit/phone' from='" PEER "/laptop' "
                             "type='chat'><encrypted xmlns='eu.siacs.conversations.axolotl'>"
                             "<header sid='907013212'><key prekey='1' rid='1562934583'>"
                             "MwohBQ==</key><key rid='17'>MwohBQ==</key>"
                             "<iv>AAAAAAAAAAAAAAAA</iv></header></encrypted>"
                             "<store xmlns='urn:xmpp:hints'/></message>", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (encrypted->sid, ==, 907013212);
  g_assert_true (g_array_index (encrypted->keys, CauXmppOmemoKey, 0).prekey);
  g_assert_false (g_array_index (encrypted->keys, CauXmppOmemoKey, 1).prekey);
  g_assert_null (encrypted->payload);
  g_assert_cmpuint (g_bytes_get_size (encrypted->iv), ==, 12);
}

static void
test_omemo2_samples (void)
{
  g_autoptr(CauXmppOmemoDeviceList) list = NULL;
  g_autoptr(CauXmppOmemoEncrypted) encrypted = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *publisher = NULL;
  g_autofree char *sig = b64 (64, 9);
  g_autofree char *items = g_strdup_printf (
    "<item id='current'><devices xmlns='urn:xmpp:omemo:2'>"
    "<device id='12345' />"
    "<device id='4223' label='Gajim on Ubuntu Linux' labelsig='b64/encoded/data' />"
    "<device id='31415' label='Conversations on Pixel 3' labelsig='%s'/>"
    "<device id='27' label='no signature'/>"
    "</devices></item>", sig);
  g_autofree char *xml = event_xml ("Juliet@Capulet.lit", CAU_NS_OMEMO2_DEVICES, items);

  /* §5.2's example; a label without a usable signature is dropped. */
  list = parse_list_event (xml, &publisher, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (publisher, ==, PEER);
  g_assert_cmpuint (list->devices->len, ==, 4);
  g_assert_null (g_array_index (list->devices, CauXmppOmemoDevice, 1).label);
  g_assert_cmpstr (g_array_index (list->devices, CauXmppOmemoDevice, 2).label, ==,
                   "Conversations on Pixel 3");
  g_assert_null (g_array_index (list->devices, CauXmppOmemoDevice, 3).label);

  /* §5.5.3's example, base64 with white space around, kex on one key. */
  encrypted = parse_message (
    "<message to='" PEER "' from='romeo@montague.lit/orchard' id='send1'>"
    "<encrypted xmlns='urn:xmpp:omemo:2'><header sid='27183'>"
    "<keys jid='juliet@capulet.lit'><key rid='31415'>AQID</key></keys>"
    "<keys jid='romeo@montague.lit'><key rid='1337'>AQID</key>"
    "<key kex='true' rid='12321'>AQID</key></keys></header>"
    "<payload>\n      AAECAwQF\n      BgcI\n    </payload></encrypted>"
    "<store xmlns='urn:xmpp:hints'/></message>", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (encrypted->keys->len, ==, 3);
  g_assert_cmpstr (g_array_index (encrypted->keys, CauXmppOmemoKey, 0).jid, ==, PEER);
  g_assert_cmpstr (g_array_index (encrypted->keys, CauXmppOmemoKey, 2).jid, ==,
                   "romeo@montague.lit");
  g_assert_true (g_array_index (encrypted->keys, CauXmppOmemoKey, 2).prekey);
  g_assert_cmpuint (g_bytes_get_size (encrypted->payload), ==, 9);
}

static void
test_empty_lists (void)
{
  const char *samples[] = {
    "<iq type='error' id='r1' from='" PEER "'><pubsub xmlns='" CAU_NS_PUBSUB "'>"
    "<items node='urn:xmpp:omemo:2:devices'/></pubsub><error type='cancel'>"
    "<item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>",
    "<iq type='result' id='r1' from='" PEER "'><pubsub xmlns='" CAU_NS_PUBSUB "'>"
    "<items node='urn:xmpp:omemo:2:devices'/></pubsub></iq>",
    "<iq type='result' id='r1' from='" PEER "'><pubsub xmlns='" CAU_NS_PUBSUB "'>"
    "<items node='urn:xmpp:omemo:2:devices'><item id='current'>"
    "<devices xmlns='urn:xmpp:omemo:2'/></item></items></pubsub></iq>",
  };

  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(CauXmppOmemoDeviceList) list = parse_list_result (samples[i], CAU_XMPP_OMEMO_2,
                                                                  &error);

      g_assert_no_error (error);
      g_assert_nonnull (list);
      g_assert_cmpuint (list->devices->len, ==, 0);
    }
}

/* Refused and hostile input. */

static void
test_device_list_refused (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *publisher = NULL;
  g_autofree char *other = event_xml (PEER, "urn:xmpp:avatar:metadata", "<item id='x'/>");
  g_autofree char *full = event_xml (PEER "/balcony", CAU_NS_OMEMO2_DEVICES, "");
  g_autofree char *stranger = result_xml (CAU_NS_OMEMO2_DEVICES, "");
  const char *denied =
    "<iq type='error' id='r1' from='" PEER "'><error type='auth'>"
    "<forbidden xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>";
  xmpp_stanza_t *s;

  g_assert_null (parse_list_event (other, &publisher, &error));
  g_assert_error (error, CAU_XMPP_OMEMO_ERROR, CAU_XMPP_OMEMO_ERROR_ABSENT);
  g_clear_error (&error);
  g_assert_null (parse_list_event (full, &publisher, &error));
  g_assert_error (error, CAU_XMPP_OMEMO_ERROR, CAU_XMPP_OMEMO_ERROR_REFUSED);
  g_assert_null (publisher);
  g_clear_error (&error);
  g_assert_null (parse_list_result (denied, CAU_XMPP_OMEMO_2, &error));
  g_assert_error (error, CAU_XMPP_OMEMO_ERROR, CAU_XMPP_OMEMO_ERROR_REFUSED);
  g_clear_error (&error);

  s = cau_test_stanza_new (ctx, stranger);
  g_assert_null (cau_xmpp_parse_omemo_device_list_result (s, CAU_XMPP_OMEMO_2,
                                                          "romeo@montague.lit", TRUE, &error));
  g_assert_error (error, CAU_XMPP_OMEMO_ERROR, CAU_XMPP_OMEMO_ERROR_REFUSED);
  xmpp_stanza_release (s);
}

static void
test_device_list_hostile (void)
{
  const char *legacy[] = {
    "<item id='current'><list xmlns='eu.siacs.conversations.axolotl'><device/></list></item>",
    "<item id='current'><list xmlns='eu.siacs.conversations.axolotl'><device id='abc'/></list></item>",
    "<item id='current'><list xmlns='eu.siacs.conversations.axolotl'><device id='0'/></list></item>",
    "<item id='current'><list xmlns='eu.siacs.conversations.axolotl'><device id='2147483648'/></list></item>",
    "<item id='current'><list xmlns='eu.siacs.conversations.axolotl'><device id='-5'/></list></item>",
    "<item id='current'><list xmlns='eu.siacs.conversations.axolotl'><device id='+5'/></list></item>",
    "<item id='current'><list xmlns='eu.siacs.conversations.axolotl'><device id=' 5'/></list></item>",
    "<item id='current'><list xmlns='eu.siacs.conversations.axolotl'><device id='5x'/></list></item>",
    "<item id='current'><list xmlns='eu.siacs.conversations.axolotl'>"
    "<device id='5'/><device id='5'/></list></item>",
    "<item id='current'><list xmlns='urn:xmpp:omemo:2'><device id='5'/></list></item>",
    "<item id='current'><devices xmlns='eu.siacs.conversations.axolotl'><device id='5'/></devices></item>",
    "<item id='other'><list xmlns='eu.siacs.conversations.axolotl'><device id='5'/></list></item>",
    "<item><list xmlns='eu.siacs.conversations.axolotl'><device id='5'/></list></item>",
    "<item id='current'/>",
    "<item id='current'><list xmlns='eu.siacs.conversations.axolotl'/>"
    "<list xmlns='eu.siacs.conversations.axolotl'/></item>",
    "<item id='current'><list xmlns='eu.siacs.conversations.axolotl'/></item>"
    "<item id='current'><list xmlns='eu.siacs.conversations.axolotl'/></item>",
  };
  const char *omemo2[] = {
    "<item id='current'><devices xmlns='urn:xmpp:omemo:2'><device id='4294967297'/></devices></item>",
    "<item id='current'><devices xmlns='urn:xmpp:omemo:2'><device id=''/></devices></item>",
    "<item id='current'><devices xmlns='urn:xmpp:omemo:2'>"
    "<device id='9'/><device id='09'/></devices></item>",
    "<item id='current'><list xmlns='eu.siacs.conversations.axolotl'><device id='5'/></list></item>",
  };
  g_autoptr(GString) many = g_string_new ("<item id='current'><list xmlns='eu.siacs.conversations.axolotl'>");

  for (guint i = 0; i < G_N_ELEMENTS (legacy); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *xml = result_xml (CAU_NS_OMEMO_LEGACY_DEVICES, legacy[i]);
      g_autofree char *event = event_xml (PEER, CAU_NS_OMEMO_LEGACY_DEVICES, legacy[i]);
      g_autofree char *publisher = NULL;

      g_test_message ("legacy %u", i);
      g_assert_null (parse_list_result (xml, CAU_XMPP_OMEMO_LEGACY, &error));
      g_assert_error (error, CAU_XMPP_OMEMO_ERROR, CAU_XMPP_OMEMO_ERROR_INVALID);
      g_test_message ("refused: %s", error->message);
      g_clear_error (&error);
      g_assert_null (parse_list_event (event, &publisher, &error));
      g_assert_error (error, CAU_XMPP_OMEMO_ERROR, CAU_XMPP_OMEMO_ERROR_INVALID);
      g_assert_null (publisher);
    }
  for (guint i = 0; i < G_N_ELEMENTS (omemo2); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *xml = result_xml (CAU_NS_OMEMO2_DEVICES, omemo2[i]);

      g_test_message ("omemo2 %u", i);
      g_assert_null (parse_list_result (xml, CAU_XMPP_OMEMO_2, &error));
      g_assert_error (error, CAU_XMPP_OMEMO_ERROR, CAU_XMPP_OMEMO_ERROR_INVALID);
      g_test_message ("refused: %s", error->message);
    }

  /* The cap: CAU_XMPP_OMEMO_MAX_DEVICES pass, one more does not. */
  for (guint i = 1; i <= CAU_XMPP_OMEMO_MAX_DEVICES + 1; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(CauXmppOmemoDeviceList) list = NULL;
      g_autofree char *item = NULL;
      g_autofree char *xml = NULL;

      g_string_append_printf (many, "<device id='%u'/>", i);
      if (i < CAU_XMPP_OMEMO_MAX_DEVICES)
        continue;
      item = g_strdup_printf ("%s</list></item>", many->str);
      xml = result_xml (CAU_NS_OMEMO_LEGACY_DEVICES, item);
      list = parse_list_result (xml, CAU_XMPP_OMEMO_LEGACY, &error);
      if (i == CAU_XMPP_OMEMO_MAX_DEVICES)
        {
          g_assert_no_error (error);
          g_assert_cmpuint (list->devices->len, ==, CAU_XMPP_OMEMO_MAX_DEVICES);
        }
      else
        {
          g_assert_null (list);
          g_assert_error (error, CAU_XMPP_OMEMO_ERROR, CAU_XMPP_OMEMO_ERROR_INVALID);
        }
    }
}

/* A bundle document with each part replaceable. */
static char *
bundle_xml (CauXmppOmemoVersion  version,
            const char          *item_id,
            const char          *spk,
            const char          *spk_id,
            const char          *spks,
            const char          *ik,
            const char          *prekeys)
{
  g_autofree char *body = NULL;
  g_autofree char *item = NULL;

  if (version == CAU_XMPP_OMEMO_LEGACY)
    body = g_strdup_printf ("<bundle xmlns='eu.siacs.conversations.axolotl'>"
                            "<signedPreKeyPublic %s>%s</signedPreKeyPublic>"
                            "<signedPreKeySignature>%s</signedPreKeySignature>"
                            "<identityKey>%s</identityKey><prekeys>%s</prekeys></bundle>",
                            spk_id, spk, spks, ik, prekeys);
  else
    body = g_strdup_printf ("<bundle xmlns='urn:xmpp:omemo:2'><spk %s>%s</spk><spks>%s</spks>"
                            "<ik>%s</ik><prekeys>%s</prekeys></bundle>",
                            spk_id, spk, spks, ik, prekeys);
  item = g_strdup_printf ("<item id='%s'>%s</item>", item_id, body);
  return result_xml (version == CAU_XMPP_OMEMO_LEGACY
                     ? CAU_NS_OMEMO_LEGACY_BUNDLES "31415" : CAU_NS_OMEMO2_BUNDLES, item);
}

static char *
pre_key_xml (gboolean    legacy,
             guint       id,
             const char *key)
{
  if (legacy)
    return g_strdup_printf ("<preKeyPublic preKeyId='%u'>%s</preKeyPublic>", id, key);
  return g_strdup_printf ("<pk id='%u'>%s</pk>", id, key);
}

static void
check_bundle_hostile (CauXmppOmemoVersion version)
{
  gboolean legacy = version == CAU_XMPP_OMEMO_LEGACY;
  gsize size = cau_xmpp_omemo_public_key_size (version);
  const char *item = legacy ? "current" : "31415";
  const char *spk_id = legacy ? "signedPreKeyId='1'" : "id='1'";
  g_autofree char *key = b64 (size, 1);
  g_autofree char *short_key = b64 (size - 1, 1);
  g_autofree char *long_key = b64 (size + 1, 1);
  g_autofree char *sig = b64 (64, 2);
  g_autofree char *short_sig = b64 (63, 2);
  g_autofree char *pk1 = pre_key_xml (legacy, 1, key);
  g_autofree char *pk1_again = g_strdup_printf ("%s%s", pk1, pk1);
  g_autofree char *pk_short = pre_key_xml (legacy, 2, short_key);
  g_autofree char *pk_zero = pre_key_xml (legacy, 0, key);
  g_autofree char *pk_bad = pre_key_xml (legacy, 3, "not*base64");
  g_autofree char *no_id_pk = legacy ? g_strdup_printf ("<preKeyPublic>%s</preKeyPublic>", key)
                                     : g_strdup_printf ("<pk>%s</pk>", key);
  g_autoptr(GString) many = g_string_new (NULL);
  g_autoptr(GPtrArray) docs = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *good = bundle_xml (version, item, key, spk_id, sig, key, pk1);
  g_autoptr(CauXmppOmemoBundle) ok = NULL;
  g_autoptr(GError) error = NULL;

  ok = parse_bundle_result (good, version, 31415, &error);
  g_assert_no_error (error);
  g_assert_nonnull (ok);

  for (guint i = 1; i <= CAU_XMPP_OMEMO_MAX_PRE_KEYS + 1; i++)
    {
      g_autofree char *pk = pre_key_xml (legacy, i, key);

      g_string_append (many, pk);
    }

  g_ptr_array_add (docs, bundle_xml (version, item, key, spk_id, sig, key, many->str));
  g_ptr_array_add (docs, bundle_xml (version, item, key, spk_id, sig, key, ""));
  g_ptr_array_add (docs, bundle_xml (version, item, key, spk_id, sig, key, pk1_again));
  g_ptr_array_add (docs, bundle_xml (version, item, key, spk_id, sig, key, pk_short));
  g_ptr_array_add (docs, bundle_xml (version, item, key, spk_id, sig, key, pk_zero));
  g_ptr_array_add (docs, bundle_xml (version, item, key, spk_id, sig, key, pk_bad));
  g_ptr_array_add (docs, bundle_xml (version, item, key, spk_id, sig, key, no_id_pk));
  g_ptr_array_add (docs, bundle_xml (version, item, key, "", sig, key, pk1));
  g_ptr_array_add (docs, bundle_xml (version, item, key, legacy ? "signedPreKeyId='x'" : "id='x'",
                                     sig, key, pk1));
  g_ptr_array_add (docs, bundle_xml (version, item, long_key, spk_id, sig, key, pk1));
  g_ptr_array_add (docs, bundle_xml (version, item, key, spk_id, short_sig, key, pk1));
  g_ptr_array_add (docs, bundle_xml (version, item, key, spk_id, sig, short_key, pk1));
  g_ptr_array_add (docs, bundle_xml (version, item, key, spk_id, sig, "", pk1));
  g_ptr_array_add (docs, bundle_xml (version, item, key, spk_id, sig, "QUJD=A==", pk1));
  g_ptr_array_add (docs, bundle_xml (version, item, key, spk_id, sig, "<b>x</b>", pk1));
  if (!legacy)
    /* Another device's item in the shared node. */
    g_ptr_array_add (docs, bundle_xml (version, "27", key, spk_id, sig, key, pk1));
  /* This format's bundle in another namespace. */
  {
    g_auto(GStrv) parts = g_strsplit (good, legacy ? "xmlns='eu.siacs.conversations.axolotl'"
                                                   : "xmlns='urn:xmpp:omemo:2'", -1);

    g_assert_cmpuint (g_strv_length (parts), ==, 2);
    g_ptr_array_add (docs, g_strjoin ("xmlns='urn:xmpp:omemo:1'", parts[0], parts[1], NULL));
  }

  for (guint i = 0; i < docs->len; i++)
    {
      g_autoptr(GError) e = NULL;

      g_test_message ("%s bundle %u", legacy ? "legacy" : "omemo2", i);
      g_assert_null (parse_bundle_result (docs->pdata[i], version, 31415, &e));
      g_assert_error (e, CAU_XMPP_OMEMO_ERROR, CAU_XMPP_OMEMO_ERROR_INVALID);
      g_test_message ("refused: %s", e->message);
    }
}

static void
test_bundle_hostile (void)
{
  check_bundle_hostile (CAU_XMPP_OMEMO_LEGACY);
  check_bundle_hostile (CAU_XMPP_OMEMO_2);
}

static void
test_encrypted_hostile (void)
{
#define LEGACY(header, rest) \
  "<message from='" PEER "/a'><encrypted xmlns='eu.siacs.conversations.axolotl'>" \
  header rest "</encrypted></message>"
#define OMEMO2(header, rest) \
  "<message from='" PEER "/a'><encrypted xmlns='urn:xmpp:omemo:2'>" header rest \
  "</encrypted></message>"
#define IV "<iv>AAAAAAAAAAAAAAAA</iv>"
  const char *docs[] = {
    LEGACY ("<header><key rid='1'>AQID</key>" IV "</header>", ""),
    LEGACY ("<header sid='0'><key rid='1'>AQID</key>" IV "</header>", ""),
    LEGACY ("<header sid='2147483648'><key rid='1'>AQID</key>" IV "</header>", ""),
    LEGACY ("<header sid='5'><key>AQID</key>" IV "</header>", ""),
    LEGACY ("<header sid='5'><key rid='x'>AQID</key>" IV "</header>", ""),
    LEGACY ("<header sid='5'><key rid='1'>AQID</key><key rid='1'>AQID</key>" IV "</header>", ""),
    LEGACY ("<header sid='5'><key rid='1'>A*ID</key>" IV "</header>", ""),
    LEGACY ("<header sid='5'><key rid='1'></key>" IV "</header>", ""),
    LEGACY ("<header sid='5'><key rid='1' prekey='yes'>AQID</key>" IV "</header>", ""),
    LEGACY ("<header sid='5'>" IV "</header>", ""),
    LEGACY ("<header sid='5'><key rid='1'>AQID</key></header>", ""),
    LEGACY ("<header sid='5'><key rid='1'>AQID</key><iv>AAAAAAAA</iv></header>", ""),
    LEGACY ("<header sid='5'><key rid='1'>AQID</key>" IV IV "</header>", ""),
    LEGACY ("<header sid='5'><key rid='1'>AQID</key>" IV "</header>", "<payload>!!</payload>"),
    LEGACY ("<header sid='5'><key rid='1'>AQID</key>" IV "</header>",
            "<payload>AQID</payload><payload>AQID</payload>"),
    LEGACY ("", "<payload>AQID</payload>"),
    LEGACY ("<header sid='5'><key rid='1'>AQID</key>" IV "</header><header sid='6'/>", ""),
    OMEMO2 ("<header sid='5'><key rid='1'>AQID</key></header>", ""),
    OMEMO2 ("<header sid='5'><keys><key rid='1'>AQID</key></keys></header>", ""),
    OMEMO2 ("<header sid='5'><keys jid='" PEER "/res'><key rid='1'>AQID</key></keys></header>", ""),
    OMEMO2 ("<header sid='5'><keys jid='@'><key rid='1'>AQID</key></keys></header>", ""),
    OMEMO2 ("<header sid='5'><keys jid='" PEER "'><key rid='1' kex='maybe'>AQID</key></keys>"
            "</header>", ""),
    OMEMO2 ("<header sid='5'><keys jid='" PEER "'><key rid='1'>AQID</key></keys>"
            "<keys jid='Juliet@capulet.lit'><key rid='1'>AQID</key></keys></header>", ""),
    OMEMO2 ("<header sid='5'><keys jid='" PEER "'/></header>", ""),
    OMEMO2 ("<header sid='-1'><keys jid='" PEER "'><key rid='1'>AQID</key></keys></header>", ""),
    OMEMO2 ("<header sid='5'><keys jid='" PEER "'><key rid='1'>AQID</key></keys></header>",
            "<payload>AQI</payload>"),
  };
  g_autoptr(GString) many = g_string_new ("<message><encrypted xmlns='urn:xmpp:omemo:2'>"
                                          "<header sid='5'><keys jid='" PEER "'>");
  g_autoptr(GString) huge = g_string_new ("<message><encrypted xmlns='urn:xmpp:omemo:2'>"
                                          "<header sid='5'><keys jid='" PEER "'>"
                                          "<key rid='1'>AQID</key></keys></header><payload>");
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (docs); i++)
    {
      g_autoptr(GError) e = NULL;

      g_test_message ("message %u", i);
      g_assert_null (parse_message (docs[i], &e));
      g_assert_error (e, CAU_XMPP_OMEMO_ERROR, CAU_XMPP_OMEMO_ERROR_INVALID);
      g_test_message ("refused: %s", e->message);
    }

  g_assert_null (parse_message ("<message><body>hi</body></message>", &error));
  g_assert_error (error, CAU_XMPP_OMEMO_ERROR, CAU_XMPP_OMEMO_ERROR_ABSENT);
  g_clear_error (&error);
  g_assert_null (parse_message ("<message><encrypted xmlns='urn:xmpp:omemo:1'/></message>", &error));
  g_assert_error (error, CAU_XMPP_OMEMO_ERROR, CAU_XMPP_OMEMO_ERROR_ABSENT);
  g_clear_error (&error);

  for (guint i = 1; i <= CAU_XMPP_OMEMO_MAX_KEYS + 1; i++)
    g_string_append_printf (many, "<key rid='%u'>AQID</key>", i);
  g_string_append (many, "</keys></header></encrypted></message>");
  g_assert_null (parse_message (many->str, &error));
  g_assert_error (error, CAU_XMPP_OMEMO_ERROR, CAU_XMPP_OMEMO_ERROR_INVALID);
  g_clear_error (&error);

  for (guint i = 0; i < (CAU_XMPP_OMEMO_MAX_PAYLOAD / 3 + 1); i++)
    g_string_append (huge, "AAAA");
  g_string_append (huge, "</payload></encrypted></message>");
  g_assert_null (parse_message (huge->str, &error));
  g_assert_error (error, CAU_XMPP_OMEMO_ERROR, CAU_XMPP_OMEMO_ERROR_INVALID);
#undef LEGACY
#undef OMEMO2
#undef IV
}

/* SCE envelopes (XEP-0420, OMEMO 2's profile). */

static GBytes *
text_bytes (const char *text)
{
  return g_bytes_new (text, strlen (text));
}

static void
test_sce_round_trip (void)
{
  g_autoptr(GBytes) envelope = NULL;
  g_autoptr(GBytes) again = NULL;
  g_autofree char *body = NULL;
  const char *why = NULL;
  gboolean truncated = TRUE;

  envelope = cau_xmpp_build_sce_envelope (ctx, "Hi <b>&amp;</b> é", "romeo@montague.lit");
  body = cau_xmpp_parse_sce_envelope (ctx, envelope, "romeo@montague.lit", &truncated, &why);
  g_assert_cmpstr (body, ==, "Hi <b>&amp;</b> é");
  g_assert_false (truncated);

  /* Padded: a short message does not give its length away, and the padding varies. */
  g_assert_cmpuint (g_bytes_get_size (envelope), >, 100);
  again = cau_xmpp_build_sce_envelope (ctx, "Hi <b>&amp;</b> é", "romeo@montague.lit");
  g_assert_false (g_bytes_equal (envelope, again));

  /* The XEP's own example, with its whitespace. */
  g_clear_pointer (&body, g_free);
  g_clear_pointer (&envelope, g_bytes_unref);
  envelope = text_bytes ("<envelope xmlns='urn:xmpp:sce:1'>\n  <content>\n"
                         "    <body xmlns='jabber:client'>Hello World!</body>\n  </content>\n"
                         "  <rpad>...</rpad>\n  <from jid='romeo@montague.lit'/>\n</envelope>");
  body = cau_xmpp_parse_sce_envelope (ctx, envelope, "romeo@montague.lit", &truncated, &why);
  g_assert_cmpstr (body, ==, "Hello World!");
}

static void
assert_envelope_refused (const char *xml,
                         const char *from)
{
  g_autoptr(GBytes) envelope = text_bytes (xml);
  g_autofree char *body = NULL;
  const char *why = NULL;
  gboolean truncated = FALSE;

  body = cau_xmpp_parse_sce_envelope (ctx, envelope, from, &truncated, &why);
  if (body != NULL)
    g_error ("accepted: %s", xml);
  g_assert_nonnull (why);
}

static void
test_sce_hostile (void)
{
  const char *from = "romeo@montague.lit";
  g_autoptr(GBytes) nul = g_bytes_new ("<envelope\0/>", 12);
  g_autofree char *body = NULL;
  const char *why = NULL;
  gboolean truncated = FALSE;

  /* Another sender, or none: a server could forward one contact's envelope as another's. */
  assert_envelope_refused ("<envelope xmlns='urn:xmpp:sce:1'><content><body xmlns='jabber:client'>"
                           "x</body></content><from jid='mallory@evil.example'/></envelope>",
                           from);
  assert_envelope_refused ("<envelope xmlns='urn:xmpp:sce:1'><content><body xmlns='jabber:client'>"
                           "x</body></content></envelope>", from);
  assert_envelope_refused ("<envelope xmlns='urn:xmpp:sce:1'><content><body xmlns='jabber:client'>"
                           "x</body></content><from jid='romeo@montague.lit/res'/></envelope>",
                           from);
  assert_envelope_refused ("<envelope xmlns='urn:xmpp:sce:1'><content><body xmlns='jabber:client'>"
                           "x</body></content><from jid='romeo@montague.lit'/>"
                           "<from jid='mallory@evil.example'/></envelope>", from);
  /* Not an envelope, no body, not XML, other namespaces. */
  assert_envelope_refused ("<envelope xmlns='urn:xmpp:sce:0'><content><body xmlns='jabber:client'>"
                           "x</body></content><from jid='romeo@montague.lit'/></envelope>", from);
  assert_envelope_refused ("<envelope xmlns='urn:xmpp:sce:1'><content/>"
                           "<from jid='romeo@montague.lit'/></envelope>", from);
  assert_envelope_refused ("<envelope xmlns='urn:xmpp:sce:1'><content><body>x</body></content>"
                           "<from jid='romeo@montague.lit'/></envelope>", from);
  assert_envelope_refused ("<envelope xmlns='urn:xmpp:sce:1'><content>", from);
  assert_envelope_refused ("plain text", from);
  assert_envelope_refused ("\xff\xfe", from);
  body = cau_xmpp_parse_sce_envelope (ctx, nul, from, &truncated, &why);
  g_assert_null (body);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  xmpp_initialize ();
  ctx = xmpp_ctx_new (NULL, NULL);

  g_test_add_func ("/cau/omemo-stanzas/device-list-round-trip", test_device_list_round_trip);
  g_test_add_func ("/cau/omemo-stanzas/bundle-round-trip", test_bundle_round_trip);
  g_test_add_func ("/cau/omemo-stanzas/encrypted-round-trip", test_encrypted_round_trip);
  g_test_add_func ("/cau/omemo-stanzas/requests", test_requests);
  g_test_add_func ("/cau/omemo-stanzas/legacy-samples", test_legacy_samples);
  g_test_add_func ("/cau/omemo-stanzas/omemo2-samples", test_omemo2_samples);
  g_test_add_func ("/cau/omemo-stanzas/empty-lists", test_empty_lists);
  g_test_add_func ("/cau/omemo-stanzas/device-list-refused", test_device_list_refused);
  g_test_add_func ("/cau/omemo-stanzas/device-list-hostile", test_device_list_hostile);
  g_test_add_func ("/cau/omemo-stanzas/bundle-hostile", test_bundle_hostile);
  g_test_add_func ("/cau/omemo-stanzas/encrypted-hostile", test_encrypted_hostile);
  g_test_add_func ("/cau/omemo-stanzas/sce-round-trip", test_sce_round_trip);
  g_test_add_func ("/cau/omemo-stanzas/sce-hostile", test_sce_hostile);

  ret = g_test_run ();
  xmpp_ctx_free (ctx);
  xmpp_shutdown ();
  return ret;
}
