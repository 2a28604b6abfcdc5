/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-xep-0384-omemo.h"
#include "cau-xep-0384-omemo-private.h"
#include "cau-xep-stanza-private.h"
#include "xmpp/cau-xmpp-utils.h"

/*
 * OMEMO stanzas we send (XEP-0384; sections as in cau-xep-0384-omemo.c):
 * our device list and bundle, the requests for a contact's, and the
 * <encrypted/> element of a message.
 */

static void
set_id_attribute (xmpp_stanza_t *element,
                  const char    *name,
                  guint32        id)
{
  char text[16];

  g_snprintf (text, sizeof text, "%" G_GUINT32_FORMAT, id);
  xmpp_stanza_set_attribute (element, name, text);
}

/* <name>base64</name> in `parent`; returns it. */
static xmpp_stanza_t *
add_base64_child (xmpp_stanza_t *parent,
                  const char    *name,
                  GBytes        *bytes)
{
  xmpp_stanza_t *element = cau_xep_add_element (parent, name, NULL);
  xmpp_stanza_t *text = xmpp_stanza_new (xmpp_stanza_get_context (parent));
  gsize len = 0;
  const guchar *data = g_bytes_get_data (bytes, &len);
  g_autofree char *b64 = g_base64_encode (data, len);

  xmpp_stanza_set_text (text, b64);
  xmpp_stanza_add_child (element, text);
  xmpp_stanza_release (text);
  return element;
}

/* <iq type='set'><pubsub><publish node=…><item id=…> and its <pubsub>. */
static xmpp_stanza_t *
publish_iq (xmpp_ctx_t     *ctx,
            const char     *iq_id,
            const char     *node,
            const char     *item_id,
            xmpp_stanza_t **pubsub,
            xmpp_stanza_t **item)
{
  xmpp_stanza_t *iq = xmpp_iq_new (ctx, "set", iq_id);
  xmpp_stanza_t *publish;

  *pubsub = cau_xep_add_element (iq, "pubsub", CAU_NS_PUBSUB);
  publish = cau_xep_add_element (*pubsub, "publish", NULL);
  xmpp_stanza_set_attribute (publish, "node", node);
  *item = cau_xep_add_element (publish, "item", NULL);
  xmpp_stanza_set_attribute (*item, "id", item_id);
  return iq;
}

/**
 * cau_xmpp_build_omemo_device_list_publish:
 * @ctx: the context
 * @iq_id: the iq's id
 * @list: the list, ours included
 *
 * Returns: (transfer full): the publication of our device list, item
 *   `current` (§5.3.1, after XEP-0060 §12.20), with the open access model
 *   §5.3.1 requires so that contacts without a subscription can read it
 */
xmpp_stanza_t *
cau_xmpp_build_omemo_device_list_publish (xmpp_ctx_t             *ctx,
                                          const char             *iq_id,
                                          CauXmppOmemoDeviceList *list)
{
  xmpp_stanza_t *iq, *pubsub, *item, *element;

  g_return_val_if_fail (ctx != NULL && iq_id != NULL && list != NULL, NULL);

  iq = publish_iq (ctx, iq_id, cau_xep_omemo_devices_node_for (list->version), "current", &pubsub, &item);
  element = cau_xep_add_element (item, list->version == CAU_XMPP_OMEMO_LEGACY ? "list" : "devices",
                                 cau_xep_omemo_ns_for (list->version));
  for (guint i = 0; i < list->devices->len; i++)
    {
      CauXmppOmemoDevice *device = &g_array_index (list->devices, CauXmppOmemoDevice, i);
      xmpp_stanza_t *child = cau_xep_add_element (element, "device", NULL);

      set_id_attribute (child, "id", device->id);
      if (device->label != NULL && device->labelsig != NULL)
        {
          gsize len = 0;
          const guchar *sig = g_bytes_get_data (device->labelsig, &len);
          g_autofree char *b64 = g_base64_encode (sig, len);

          xmpp_stanza_set_attribute (child, "label", device->label);
          xmpp_stanza_set_attribute (child, "labelsig", b64);
        }
    }
  cau_xep_add_publish_options (pubsub, "pubsub#access_model", "open", NULL);
  return iq;
}

/**
 * cau_xmpp_build_omemo_bundle_publish:
 * @ctx: the context
 * @iq_id: the iq's id
 * @bundle: our bundle
 *
 * Returns: (transfer full): its publication: legacy, item `current` of
 *   the device's own node; OMEMO 2, the item named after the device in
 *   the shared node, which §5.3.2 says MUST be published with
 *   `pubsub#max_items` = `max`. Both with the open access model (§5.3.2).
 */
xmpp_stanza_t *
cau_xmpp_build_omemo_bundle_publish (xmpp_ctx_t         *ctx,
                                     const char         *iq_id,
                                     CauXmppOmemoBundle *bundle)
{
  gboolean legacy;
  g_autofree char *node = NULL;
  char item_id[16];
  xmpp_stanza_t *iq, *pubsub, *item, *element, *spk, *prekeys;

  g_return_val_if_fail (ctx != NULL && iq_id != NULL && bundle != NULL, NULL);
  g_return_val_if_fail (bundle->identity_key != NULL && bundle->signed_pre_key != NULL &&
                        bundle->signed_pre_key_signature != NULL, NULL);

  legacy = bundle->version == CAU_XMPP_OMEMO_LEGACY;
  node = cau_xep_omemo_bundles_node_for (bundle->version, bundle->device_id);
  g_snprintf (item_id, sizeof item_id, "%" G_GUINT32_FORMAT, bundle->device_id);
  iq = publish_iq (ctx, iq_id, node, legacy ? "current" : item_id, &pubsub, &item);

  element = cau_xep_add_element (item, "bundle", cau_xep_omemo_ns_for (bundle->version));
  spk = add_base64_child (element, legacy ? "signedPreKeyPublic" : "spk", bundle->signed_pre_key);
  set_id_attribute (spk, legacy ? "signedPreKeyId" : "id", bundle->signed_pre_key_id);
  add_base64_child (element, legacy ? "signedPreKeySignature" : "spks",
                    bundle->signed_pre_key_signature);
  add_base64_child (element, legacy ? "identityKey" : "ik", bundle->identity_key);
  prekeys = cau_xep_add_element (element, "prekeys", NULL);
  for (guint i = 0; i < bundle->pre_keys->len; i++)
    {
      CauXmppOmemoPreKey *pre_key = &g_array_index (bundle->pre_keys, CauXmppOmemoPreKey, i);
      xmpp_stanza_t *pk = add_base64_child (prekeys, legacy ? "preKeyPublic" : "pk",
                                            pre_key->public_key);

      set_id_attribute (pk, legacy ? "preKeyId" : "id", pre_key->id);
    }

  if (legacy)
    cau_xep_add_publish_options (pubsub, "pubsub#access_model", "open", NULL);
  else
    cau_xep_add_publish_options (pubsub,
                                 "pubsub#max_items", "max",
                                 "pubsub#access_model", "open",
                                 NULL);
  return iq;
}

/**
 * cau_xmpp_build_omemo_device_list_get:
 * @ctx: the context
 * @iq_id: the iq's id
 * @version: which list
 * @to: the contact's bare JID
 *
 * Returns: (transfer full): the request for the contact's device list
 *   (§5.2), its one item
 */
xmpp_stanza_t *
cau_xmpp_build_omemo_device_list_get (xmpp_ctx_t          *ctx,
                                      const char          *iq_id,
                                      CauXmppOmemoVersion  version,
                                      const char          *to)
{
  xmpp_stanza_t *iq, *items;

  g_return_val_if_fail (ctx != NULL && iq_id != NULL && to != NULL, NULL);

  iq = cau_xep_build_pubsub_items_get (ctx, iq_id, to,
                                       cau_xep_omemo_devices_node_for (version), &items);
  xmpp_stanza_set_attribute (items, "max_items", "1");
  return iq;
}

/**
 * cau_xmpp_build_omemo_bundle_get:
 * @ctx: the context
 * @iq_id: the iq's id
 * @version: which bundle
 * @to: the contact's bare JID
 * @device_id: the device whose bundle is asked for
 *
 * Returns: (transfer full): the request for one bundle (§5.4): legacy,
 *   the item of the device's node; OMEMO 2, the item named after the
 *   device in the shared node
 */
xmpp_stanza_t *
cau_xmpp_build_omemo_bundle_get (xmpp_ctx_t          *ctx,
                                 const char          *iq_id,
                                 CauXmppOmemoVersion  version,
                                 const char          *to,
                                 guint32              device_id)
{
  g_autofree char *node = NULL;
  xmpp_stanza_t *iq, *items;

  g_return_val_if_fail (ctx != NULL && iq_id != NULL && to != NULL, NULL);
  g_return_val_if_fail (cau_xmpp_omemo_id_is_valid (device_id), NULL);

  node = cau_xep_omemo_bundles_node_for (version, device_id);
  iq = cau_xep_build_pubsub_items_get (ctx, iq_id, to, node, &items);
  if (version == CAU_XMPP_OMEMO_LEGACY)
    xmpp_stanza_set_attribute (items, "max_items", "1");
  else
    set_id_attribute (cau_xep_add_element (items, "item", NULL), "id", device_id);
  return iq;
}

/**
 * cau_xmpp_add_omemo_encrypted:
 * @message: a message stanza
 * @encrypted: what to put in it
 *
 * Adds the <encrypted/> element (§5.5.3; legacy: <key/>s and <iv/>
 * straight in the header). OMEMO 2 groups the keys by recipient JID in
 * one <keys/> each, in the order the JIDs first appear.
 */
void
cau_xmpp_add_omemo_encrypted (xmpp_stanza_t         *message,
                              CauXmppOmemoEncrypted *encrypted)
{
  gboolean legacy;
  xmpp_stanza_t *element, *header;
  g_autoptr(GHashTable) groups = NULL;

  g_return_if_fail (message != NULL && encrypted != NULL);
  g_return_if_fail (encrypted->version == CAU_XMPP_OMEMO_2 || encrypted->iv != NULL);

  legacy = encrypted->version == CAU_XMPP_OMEMO_LEGACY;
  element = cau_xep_add_element (message, "encrypted", cau_xep_omemo_ns_for (encrypted->version));
  header = cau_xep_add_element (element, "header", NULL);
  set_id_attribute (header, "sid", encrypted->sid);
  groups = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < encrypted->keys->len; i++)
    {
      CauXmppOmemoKey *key = &g_array_index (encrypted->keys, CauXmppOmemoKey, i);
      xmpp_stanza_t *parent = header;
      xmpp_stanza_t *child;

      if (!legacy)
        {
          parent = g_hash_table_lookup (groups, key->jid);
          if (parent == NULL)
            {
              parent = cau_xep_add_element (header, "keys", NULL);
              xmpp_stanza_set_attribute (parent, "jid", key->jid);
              g_hash_table_insert (groups, key->jid, parent);
            }
        }
      child = add_base64_child (parent, "key", key->data);
      set_id_attribute (child, "rid", key->rid);
      if (key->prekey)
        xmpp_stanza_set_attribute (child, legacy ? "prekey" : "kex", "true");
    }
  if (legacy)
    add_base64_child (header, "iv", encrypted->iv);
  if (encrypted->payload != NULL)
    add_base64_child (element, "payload", encrypted->payload);
}

/**
 * cau_xmpp_omemo_publish_node:
 * @publish_iq: a publication built by this file
 *
 * Returns: (transfer none) (nullable): the node it publishes to
 */
const char *
cau_xmpp_omemo_publish_node (xmpp_stanza_t *publish_iq)
{
  xmpp_stanza_t *pubsub = xmpp_stanza_get_child_by_name_and_ns (publish_iq, "pubsub",
                                                                CAU_NS_PUBSUB);
  xmpp_stanza_t *publish = pubsub != NULL ? xmpp_stanza_get_child_by_name (pubsub, "publish")
                                          : NULL;

  return publish != NULL ? xmpp_stanza_get_attribute (publish, "node") : NULL;
}

/**
 * cau_xmpp_build_omemo_node_configure:
 * @ctx: the context
 * @iq_id: the iq's id
 * @node: one of our OMEMO nodes
 *
 * XEP-0384 §5.3: a node an older client made with another access model refuses our
 * publication's options (precondition-not-met); its configuration is changed to what they
 * ask (XEP-0060 §8.2.4), and the publication sent again.
 *
 * Returns: (transfer full): the configuration of @node to the open access model (and, for
 *   OMEMO 2's bundles node, room for every device's item)
 */
xmpp_stanza_t *
cau_xmpp_build_omemo_node_configure (xmpp_ctx_t *ctx,
                                     const char *iq_id,
                                     const char *node)
{
  xmpp_stanza_t *iq, *pubsub, *configure, *form;

  g_return_val_if_fail (ctx != NULL && iq_id != NULL && node != NULL, NULL);

  iq = xmpp_iq_new (ctx, "set", iq_id);
  pubsub = cau_xep_add_element (iq, "pubsub", CAU_NS_PUBSUB "#owner");
  configure = cau_xep_add_element (pubsub, "configure", NULL);
  xmpp_stanza_set_attribute (configure, "node", node);
  form = cau_xep_add_element (configure, "x", CAU_NS_DATA_FORMS);
  xmpp_stanza_set_type (form, "submit");
  cau_xep_add_form_field (form, "FORM_TYPE", "hidden",
                          "http://jabber.org/protocol/pubsub#node_config");
  cau_xep_add_form_field (form, "pubsub#access_model", NULL, "open");
  if (g_strcmp0 (node, CAU_NS_OMEMO2_BUNDLES) == 0)
    cau_xep_add_form_field (form, "pubsub#max_items", NULL, "max");
  return iq;
}

