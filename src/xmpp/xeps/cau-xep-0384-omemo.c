/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-xep-0384-omemo.h"
#include "cau-xep-0384-omemo-private.h"
#include "cau-xep-stanza-private.h"
#include "xmpp/cau-jid.h"
#include "xmpp/cau-xmpp-utils.h"

#include <stdarg.h>
#include <string.h>

/*
 * OMEMO stanzas (XEP-0384). Section numbers are those of the OMEMO 2
 * text (/work/shared/xeps/xep-0384.xml): §5.1 Setup, §5.3.1 Device list,
 * §5.3.2 Bundles, §5.5.3 Message structure, §9 XML Schema. The legacy
 * format is the one Conversations deployed (DESIGN.md §6): same ideas,
 * other names, one bundle node per device, 33-byte keys.
 *
 * What comes from the network is checked whole before anything is kept:
 * ids in range and unique, base64 strict, sizes what the keys must be,
 * counts capped. One bad part refuses the whole document, as a
 * half-read device list or bundle would be wrong in ways later code
 * could not see.
 */

#define SIGNATURE_BYTES 64
/* Legacy IVs: 12 bytes (AES-GCM as Conversations sends), 16 from older clients. */
#define LEGACY_IV_MIN 12
#define LEGACY_IV_MAX 16

G_DEFINE_QUARK (cau-xmpp-omemo-error-quark, cau_xmpp_omemo_error)

static gboolean
fail (GError           **error,
      CauXmppOmemoError  code,
      const char        *reason)
{
  g_set_error_literal (error, CAU_XMPP_OMEMO_ERROR, code, reason);
  return FALSE;
}

static gboolean invalid (GError    **error,
                         const char *format,
                         ...) G_GNUC_PRINTF (2, 3);

/* Sets a CAU_XMPP_OMEMO_ERROR_INVALID error; returns FALSE. */
static gboolean
invalid (GError    **error,
         const char *format,
         ...)
{
  g_autofree char *reason = NULL;
  va_list args;

  va_start (args, format);
  reason = g_strdup_vprintf (format, args);
  va_end (args);
  return fail (error, CAU_XMPP_OMEMO_ERROR_INVALID, reason);
}

gboolean
cau_xmpp_omemo_id_is_valid (guint32 id)
{
  /* §5.1: "between 1 and 2^31 - 1". */
  return id >= 1 && id <= G_MAXINT32;
}

gsize
cau_xmpp_omemo_public_key_size (CauXmppOmemoVersion version)
{
  return version == CAU_XMPP_OMEMO_LEGACY ? 33 : 32;
}

const char *
cau_xep_omemo_ns_for (CauXmppOmemoVersion version)
{
  return version == CAU_XMPP_OMEMO_LEGACY ? CAU_NS_OMEMO_LEGACY : CAU_NS_OMEMO2;
}

const char *
cau_xep_omemo_devices_node_for (CauXmppOmemoVersion version)
{
  return version == CAU_XMPP_OMEMO_LEGACY ? CAU_NS_OMEMO_LEGACY_DEVICES : CAU_NS_OMEMO2_DEVICES;
}

char *
cau_xep_omemo_bundles_node_for (CauXmppOmemoVersion version,
                                guint32             device_id)
{
  if (version == CAU_XMPP_OMEMO_LEGACY)
    return g_strdup_printf (CAU_NS_OMEMO_LEGACY_BUNDLES "%" G_GUINT32_FORMAT, device_id);
  return g_strdup (CAU_NS_OMEMO2_BUNDLES);
}

/* The records. */

static void
device_clear (gpointer data)
{
  CauXmppOmemoDevice *device = data;

  g_clear_pointer (&device->label, g_free);
  g_clear_pointer (&device->labelsig, g_bytes_unref);
}

CauXmppOmemoDeviceList *
cau_xmpp_omemo_device_list_new (CauXmppOmemoVersion version)
{
  CauXmppOmemoDeviceList *list = g_new0 (CauXmppOmemoDeviceList, 1);

  list->version = version;
  list->devices = g_array_new (FALSE, TRUE, sizeof (CauXmppOmemoDevice));
  g_array_set_clear_func (list->devices, device_clear);
  return list;
}

void
cau_xmpp_omemo_device_list_free (CauXmppOmemoDeviceList *list)
{
  if (list == NULL)
    return;
  g_array_unref (list->devices);
  g_free (list);
}

gboolean
cau_xmpp_omemo_device_list_has (CauXmppOmemoDeviceList *list,
                                guint32                 id)
{
  g_return_val_if_fail (list != NULL, FALSE);

  for (guint i = 0; i < list->devices->len; i++)
    if (g_array_index (list->devices, CauXmppOmemoDevice, i).id == id)
      return TRUE;
  return FALSE;
}

gboolean
cau_xmpp_omemo_device_list_remove (CauXmppOmemoDeviceList *list,
                                   guint32                 id)
{
  g_return_val_if_fail (list != NULL, FALSE);

  for (guint i = 0; i < list->devices->len; i++)
    if (g_array_index (list->devices, CauXmppOmemoDevice, i).id == id)
      {
        g_array_remove_index (list->devices, i);
        return TRUE;
      }
  return FALSE;
}

gboolean
cau_xmpp_omemo_device_list_add (CauXmppOmemoDeviceList *list,
                                guint32                 id,
                                const char             *label,
                                GBytes                 *labelsig)
{
  CauXmppOmemoDevice device = { 0 };

  g_return_val_if_fail (list != NULL, FALSE);

  if (!cau_xmpp_omemo_id_is_valid (id) || cau_xmpp_omemo_device_list_has (list, id))
    return FALSE;
  device.id = id;
  /* §5.3.1: a label goes with its signature, and only in OMEMO 2. */
  if (list->version == CAU_XMPP_OMEMO_2 && label != NULL && labelsig != NULL)
    {
      device.label = g_strdup (label);
      device.labelsig = g_bytes_ref (labelsig);
    }
  g_array_append_val (list->devices, device);
  return TRUE;
}

static void
pre_key_clear (gpointer data)
{
  CauXmppOmemoPreKey *pre_key = data;

  g_clear_pointer (&pre_key->public_key, g_bytes_unref);
}

CauXmppOmemoBundle *
cau_xmpp_omemo_bundle_new (CauXmppOmemoVersion version,
                           guint32             device_id)
{
  CauXmppOmemoBundle *bundle = g_new0 (CauXmppOmemoBundle, 1);

  bundle->version = version;
  bundle->device_id = device_id;
  bundle->pre_keys = g_array_new (FALSE, TRUE, sizeof (CauXmppOmemoPreKey));
  g_array_set_clear_func (bundle->pre_keys, pre_key_clear);
  return bundle;
}

void
cau_xmpp_omemo_bundle_free (CauXmppOmemoBundle *bundle)
{
  if (bundle == NULL)
    return;
  g_clear_pointer (&bundle->identity_key, g_bytes_unref);
  g_clear_pointer (&bundle->signed_pre_key, g_bytes_unref);
  g_clear_pointer (&bundle->signed_pre_key_signature, g_bytes_unref);
  g_array_unref (bundle->pre_keys);
  g_free (bundle);
}

void
cau_xmpp_omemo_bundle_add_pre_key (CauXmppOmemoBundle *bundle,
                                   guint32             id,
                                   GBytes             *public_key)
{
  CauXmppOmemoPreKey pre_key = { id, NULL };

  g_return_if_fail (bundle != NULL && public_key != NULL);

  pre_key.public_key = g_bytes_ref (public_key);
  g_array_append_val (bundle->pre_keys, pre_key);
}

static void
key_clear (gpointer data)
{
  CauXmppOmemoKey *key = data;

  g_clear_pointer (&key->jid, g_free);
  g_clear_pointer (&key->data, g_bytes_unref);
}

CauXmppOmemoEncrypted *
cau_xmpp_omemo_encrypted_new (CauXmppOmemoVersion version,
                              guint32             sid)
{
  CauXmppOmemoEncrypted *encrypted = g_new0 (CauXmppOmemoEncrypted, 1);

  encrypted->version = version;
  encrypted->sid = sid;
  encrypted->keys = g_array_new (FALSE, TRUE, sizeof (CauXmppOmemoKey));
  g_array_set_clear_func (encrypted->keys, key_clear);
  return encrypted;
}

void
cau_xmpp_omemo_encrypted_free (CauXmppOmemoEncrypted *encrypted)
{
  if (encrypted == NULL)
    return;
  g_array_unref (encrypted->keys);
  g_clear_pointer (&encrypted->iv, g_bytes_unref);
  g_clear_pointer (&encrypted->payload, g_bytes_unref);
  g_free (encrypted);
}

CauXmppOmemoEncrypted *
cau_xmpp_omemo_encrypted_copy (const CauXmppOmemoEncrypted *encrypted)
{
  CauXmppOmemoEncrypted *copy;

  g_return_val_if_fail (encrypted != NULL, NULL);

  copy = cau_xmpp_omemo_encrypted_new (encrypted->version, encrypted->sid);
  for (guint i = 0; i < encrypted->keys->len; i++)
    {
      const CauXmppOmemoKey *key = &g_array_index (encrypted->keys, CauXmppOmemoKey, i);

      cau_xmpp_omemo_encrypted_add_key (copy, key->jid, key->rid, key->data, key->prekey);
    }
  copy->iv = encrypted->iv != NULL ? g_bytes_ref (encrypted->iv) : NULL;
  copy->payload = encrypted->payload != NULL ? g_bytes_ref (encrypted->payload) : NULL;
  return copy;
}

void
cau_xmpp_omemo_encrypted_add_key (CauXmppOmemoEncrypted *encrypted,
                                  const char            *jid,
                                  guint32                rid,
                                  GBytes                *data,
                                  gboolean               prekey)
{
  CauXmppOmemoKey key = { 0 };

  g_return_if_fail (encrypted != NULL && data != NULL);
  g_return_if_fail (encrypted->version == CAU_XMPP_OMEMO_LEGACY || jid != NULL);

  key.rid = rid;
  key.jid = encrypted->version == CAU_XMPP_OMEMO_2 ? g_strdup (jid) : NULL;
  key.data = g_bytes_ref (data);
  key.prekey = prekey;
  g_array_append_val (encrypted->keys, key);
}

/* Parsing. */

/* A child `name` in `ns`; built stanzas' children have no namespace of
 * their own, parsed ones inherit their parent's. */
static gboolean
is_child (xmpp_stanza_t *c,
          const char    *name,
          const char    *ns)
{
  return cau_xep_is_element (c, name, ns) || cau_xep_is_element (c, name, NULL);
}

/* The only child `name` in `ns`: NULL when there is none or several. */
static xmpp_stanza_t *
only_child (xmpp_stanza_t *parent,
            const char    *name,
            const char    *ns,
            GError       **error)
{
  xmpp_stanza_t *found = NULL;

  for (xmpp_stanza_t *c = xmpp_stanza_get_children (parent); c; c = xmpp_stanza_get_next (c))
    {
      if (!is_child (c, name, ns))
        continue;
      if (found != NULL)
        {
          invalid (error, "several <%s/>", name);
          return NULL;
        }
      found = c;
    }
  if (found == NULL)
    invalid (error, "no <%s/>", name);
  return found;
}

static gboolean
parse_id (xmpp_stanza_t *element,
          const char    *attribute,
          guint32       *out,
          GError       **error)
{
  const char *text = xmpp_stanza_get_attribute (element, attribute);
  guint64 value = 0;

  /* No sign, no white space, 1 … 2^31 − 1 (§5.1, §5.3.2). */
  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT32, &value, NULL))
    return invalid (error, "bad '%s' on <%s/>", attribute, xmpp_stanza_get_name (element));
  *out = (guint32) value;
  return TRUE;
}

/* An xs:boolean attribute (§9): absent is false. */
static gboolean
parse_flag (xmpp_stanza_t *element,
            const char    *attribute,
            gboolean      *out,
            GError       **error)
{
  const char *text = xmpp_stanza_get_attribute (element, attribute);

  if (text == NULL || g_str_equal (text, "false") || g_str_equal (text, "0"))
    *out = FALSE;
  else if (g_str_equal (text, "true") || g_str_equal (text, "1"))
    *out = TRUE;
  else
    return invalid (error, "bad '%s'", attribute);
  return TRUE;
}

/* Base64 text (white space allowed between characters), strictly
 * checked, decoded, and `min` … `max` bytes long; NULL otherwise. */
static GBytes *
decode_base64_text (const char *text,
                    gsize       min,
                    gsize       max,
                    const char *what,
                    GError    **error)
{
  g_autoptr(GString) clean = g_string_new (NULL);
  gsize text_max = (max + 2) / 3 * 4;
  gsize padding = 0;
  guchar *data;
  gsize len = 0;

  for (const char *p = text ? text : ""; *p; p++)
    {
      if (g_ascii_isspace (*p))
        continue;
      if ((!g_ascii_isalnum (*p) && *p != '+' && *p != '/' && *p != '=') ||
          (padding > 0 && *p != '='))
        {
          invalid (error, "%s: not base64", what);
          return NULL;
        }
      if (*p == '=')
        padding++;
      if (clean->len >= text_max)
        {
          invalid (error, "%s: too large", what);
          return NULL;
        }
      g_string_append_c (clean, *p);
    }
  if (clean->len == 0 || clean->len % 4 != 0 || padding > 2)
    {
      invalid (error, "%s: not base64", what);
      return NULL;
    }

  data = g_base64_decode (clean->str, &len);
  if (len < min || len > max)
    {
      g_free (data);
      invalid (error, "%s: %" G_GSIZE_FORMAT " bytes", what, len);
      return NULL;
    }
  return g_bytes_new_take (data, len);
}

static GBytes *
decode_base64 (xmpp_stanza_t *element,
               gsize          min,
               gsize          max,
               GError       **error)
{
  g_autoptr(GString) text = g_string_new (NULL);
  const char *what = xmpp_stanza_get_name (element);

  for (xmpp_stanza_t *c = xmpp_stanza_get_children (element); c; c = xmpp_stanza_get_next (c))
    {
      const char *part;

      if (xmpp_stanza_is_tag (c))
        {
          invalid (error, "%s: an element inside", what);
          return NULL;
        }
      part = xmpp_stanza_get_text_ptr (c);
      if (part == NULL)
        continue;
      /* Room for line breaks, but no more. */
      if (text->len + strlen (part) > 2 * ((max + 2) / 3 * 4) + 64)
        {
          invalid (error, "%s: too large", what);
          return NULL;
        }
      g_string_append (text, part);
    }
  return decode_base64_text (text->str, min, max, what, error);
}

/* The bare JID `sender` must be `from`; a missing one only when ours. */
static gboolean
check_answer (xmpp_stanza_t *iq,
              const char    *from,
              gboolean       from_is_own,
              GError       **error)
{
  const char *sender = xmpp_stanza_get_from (iq);

  if (sender == NULL ? !from_is_own : !cau_xep_jid_is_exactly (sender, from))
    return fail (error, CAU_XMPP_OMEMO_ERROR_REFUSED, "not from whom we asked");
  return TRUE;
}

/* Device lists. */

static gboolean
parse_device (CauXmppOmemoDeviceList *list,
              xmpp_stanza_t          *device,
              GError                **error)
{
  guint32 id = 0;
  const char *label = NULL;
  g_autoptr(GBytes) labelsig = NULL;

  if (!parse_id (device, "id", &id, error))
    return FALSE;
  if (list->version == CAU_XMPP_OMEMO_2)
    {
      const char *sig = xmpp_stanza_get_attribute (device, "labelsig");

      /* §5.3.1: a label without a (well-formed) signature is ignored,
       * not a reason to distrust the device. */
      label = xmpp_stanza_get_attribute (device, "label");
      if (label != NULL && sig != NULL && strlen (label) <= CAU_XMPP_OMEMO_MAX_LABEL &&
          g_utf8_validate (label, -1, NULL))
        labelsig = decode_base64_text (sig, SIGNATURE_BYTES, SIGNATURE_BYTES, "labelsig", NULL);
      if (labelsig == NULL)
        label = NULL;
    }
  if (!cau_xmpp_omemo_device_list_add (list, id, label, labelsig))
    return invalid (error, "device %" G_GUINT32_FORMAT " listed twice", id);
  return TRUE;
}

/* The device list in `items` (of `items_ns`): none is an empty one. */
static CauXmppOmemoDeviceList *
parse_device_list_items (xmpp_stanza_t        *items,
                         const char           *items_ns,
                         CauXmppOmemoVersion   version,
                         GError              **error)
{
  g_autoptr(CauXmppOmemoDeviceList) list = cau_xmpp_omemo_device_list_new (version);
  xmpp_stanza_t *item = NULL;
  xmpp_stanza_t *element;
  guint count = 0;

  for (xmpp_stanza_t *c = xmpp_stanza_get_children (items); c; c = xmpp_stanza_get_next (c))
    {
      if (!is_child (c, "item", items_ns))
        continue;
      if (item != NULL)
        {
          invalid (error, "several device lists");
          return NULL;
        }
      item = c;
    }
  if (item == NULL)
    return g_steal_pointer (&list);

  /* Legacy clients read the item `current` only: another is not a list
   * anyone would see, so we do not take it either. */
  if (version == CAU_XMPP_OMEMO_LEGACY &&
      g_strcmp0 (xmpp_stanza_get_attribute (item, "id"), "current") != 0)
    {
      invalid (error, "a device list item other than 'current'");
      return NULL;
    }

  element = only_child (item, version == CAU_XMPP_OMEMO_LEGACY ? "list" : "devices",
                        cau_xep_omemo_ns_for (version), error);
  if (element == NULL)
    return NULL;

  for (xmpp_stanza_t *c = xmpp_stanza_get_children (element); c; c = xmpp_stanza_get_next (c))
    {
      if (!is_child (c, "device", cau_xep_omemo_ns_for (version)))
        continue;
      if (++count > CAU_XMPP_OMEMO_MAX_DEVICES)
        {
          invalid (error, "more than %d devices", CAU_XMPP_OMEMO_MAX_DEVICES);
          return NULL;
        }
      if (!parse_device (list, c, error))
        return NULL;
    }
  return g_steal_pointer (&list);
}

/**
 * cau_xmpp_parse_omemo_device_list_event:
 * @message: a message stanza
 * @publisher: (out): the publisher's bare JID, normalised
 * @error: the reason it was not taken
 *
 * Returns: (transfer full) (nullable): the list, possibly empty
 */
CauXmppOmemoDeviceList *
cau_xmpp_parse_omemo_device_list_event (xmpp_stanza_t  *message,
                                        char          **publisher,
                                        GError        **error)
{
  g_autofree char *bare = NULL;
  g_autofree char *resource = NULL;
  xmpp_stanza_t *event, *items = NULL;
  CauXmppOmemoVersion version = CAU_XMPP_OMEMO_LEGACY;
  CauXmppOmemoDeviceList *list;
  const char *node;

  g_return_val_if_fail (message != NULL && publisher != NULL, NULL);
  *publisher = NULL;

  event = xmpp_stanza_get_child_by_name_and_ns (message, "event", CAU_NS_PUBSUB_EVENT);
  for (xmpp_stanza_t *c = event ? xmpp_stanza_get_children (event) : NULL; c && items == NULL;
       c = xmpp_stanza_get_next (c))
    if (is_child (c, "items", CAU_NS_PUBSUB_EVENT))
      items = c;
  node = items ? xmpp_stanza_get_attribute (items, "node") : NULL;
  if (g_strcmp0 (node, CAU_NS_OMEMO_LEGACY_DEVICES) == 0)
    version = CAU_XMPP_OMEMO_LEGACY;
  else if (g_strcmp0 (node, CAU_NS_OMEMO2_DEVICES) == 0)
    version = CAU_XMPP_OMEMO_2;
  else
    {
      fail (error, CAU_XMPP_OMEMO_ERROR_ABSENT, "not a device list notification");
      return NULL;
    }

  if (g_strcmp0 (xmpp_stanza_get_type (message), "error") == 0)
    {
      fail (error, CAU_XMPP_OMEMO_ERROR_REFUSED, "an error");
      return NULL;
    }
  /* PEP notifications come from the publisher's bare JID (XEP-0163). */
  bare = cau_xmpp_jid_normalize_bare (xmpp_stanza_get_from (message), &resource);
  if (bare == NULL || resource != NULL)
    {
      fail (error, CAU_XMPP_OMEMO_ERROR_REFUSED, "not from a bare JID");
      return NULL;
    }

  list = parse_device_list_items (items, CAU_NS_PUBSUB_EVENT, version, error);
  if (list != NULL)
    *publisher = g_steal_pointer (&bare);
  return list;
}

/* The <items/> of node `node` in a pubsub result. */
static xmpp_stanza_t *
result_items (xmpp_stanza_t *iq,
              const char    *node,
              GError       **error)
{
  xmpp_stanza_t *pubsub = xmpp_stanza_get_child_by_name_and_ns (iq, "pubsub", CAU_NS_PUBSUB);
  xmpp_stanza_t *items = NULL;

  if (pubsub != NULL)
    items = only_child (pubsub, "items", CAU_NS_PUBSUB, error);
  if (items == NULL || g_strcmp0 (xmpp_stanza_get_attribute (items, "node"), node) != 0)
    {
      g_clear_error (error);
      invalid (error, "no items of %s", node);
      return NULL;
    }
  return items;
}

/**
 * cau_xmpp_parse_omemo_device_list_result:
 * @iq: the answer to cau_xmpp_build_omemo_device_list_get()
 * @version: the list asked for
 * @from: the bare JID asked
 * @from_is_own: whether that is our own account
 * @error: the reason it was not taken
 *
 * Returns: (transfer full) (nullable): the list, empty when there is none
 */
CauXmppOmemoDeviceList *
cau_xmpp_parse_omemo_device_list_result (xmpp_stanza_t        *iq,
                                         CauXmppOmemoVersion   version,
                                         const char           *from,
                                         gboolean              from_is_own,
                                         GError              **error)
{
  const char *type;
  xmpp_stanza_t *items;

  g_return_val_if_fail (iq != NULL && from != NULL, NULL);

  if (!check_answer (iq, from, from_is_own, error))
    return NULL;
  type = xmpp_stanza_get_type (iq);
  if (g_strcmp0 (type, "error") == 0)
    {
      g_autofree char *condition = cau_xmpp_stanza_error_condition (iq, NULL);

      /* XEP-0060 §6.5.9.11: the node does not exist, nobody published. */
      if (g_strcmp0 (condition, "item-not-found") == 0)
        return cau_xmpp_omemo_device_list_new (version);
      g_set_error (error, CAU_XMPP_OMEMO_ERROR, CAU_XMPP_OMEMO_ERROR_REFUSED,
                   "error %s", condition ? condition : "without a condition");
      return NULL;
    }
  if (g_strcmp0 (type, "result") != 0)
    {
      fail (error, CAU_XMPP_OMEMO_ERROR_REFUSED, "not a result");
      return NULL;
    }

  items = result_items (iq, cau_xep_omemo_devices_node_for (version), error);
  if (items == NULL)
    return NULL;
  return parse_device_list_items (items, CAU_NS_PUBSUB, version, error);
}

/* Bundles. */

static gboolean
parse_pre_keys (CauXmppOmemoBundle *bundle,
                xmpp_stanza_t      *prekeys,
                GError            **error)
{
  gboolean legacy = bundle->version == CAU_XMPP_OMEMO_LEGACY;
  const char *name = legacy ? "preKeyPublic" : "pk";
  gsize size = cau_xmpp_omemo_public_key_size (bundle->version);
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);

  for (xmpp_stanza_t *c = xmpp_stanza_get_children (prekeys); c; c = xmpp_stanza_get_next (c))
    {
      guint32 id = 0;
      g_autoptr(GBytes) key = NULL;

      if (!is_child (c, name, cau_xep_omemo_ns_for (bundle->version)))
        continue;
      if (bundle->pre_keys->len >= CAU_XMPP_OMEMO_MAX_PRE_KEYS)
        return invalid (error, "more than %d pre-keys", CAU_XMPP_OMEMO_MAX_PRE_KEYS);
      if (!parse_id (c, legacy ? "preKeyId" : "id", &id, error))
        return FALSE;
      if (!g_hash_table_add (seen, GUINT_TO_POINTER (id)))
        return invalid (error, "pre-key %" G_GUINT32_FORMAT " twice", id);
      key = decode_base64 (c, size, size, error);
      if (key == NULL)
        return FALSE;
      cau_xmpp_omemo_bundle_add_pre_key (bundle, id, key);
    }
  if (bundle->pre_keys->len == 0)
    return invalid (error, "no pre-keys");
  return TRUE;
}

static CauXmppOmemoBundle *
parse_bundle (xmpp_stanza_t        *element,
              CauXmppOmemoVersion   version,
              guint32               device_id,
              GError              **error)
{
  gboolean legacy = version == CAU_XMPP_OMEMO_LEGACY;
  const char *ns = cau_xep_omemo_ns_for (version);
  gsize size = cau_xmpp_omemo_public_key_size (version);
  g_autoptr(CauXmppOmemoBundle) bundle = cau_xmpp_omemo_bundle_new (version, device_id);
  xmpp_stanza_t *spk, *spks, *ik, *prekeys;

  if ((spk = only_child (element, legacy ? "signedPreKeyPublic" : "spk", ns, error)) == NULL ||
      (spks = only_child (element, legacy ? "signedPreKeySignature" : "spks", ns, error)) == NULL ||
      (ik = only_child (element, legacy ? "identityKey" : "ik", ns, error)) == NULL ||
      (prekeys = only_child (element, "prekeys", ns, error)) == NULL)
    return NULL;

  if (!parse_id (spk, legacy ? "signedPreKeyId" : "id", &bundle->signed_pre_key_id, error) ||
      (bundle->signed_pre_key = decode_base64 (spk, size, size, error)) == NULL ||
      (bundle->signed_pre_key_signature = decode_base64 (spks, SIGNATURE_BYTES,
                                                         SIGNATURE_BYTES, error)) == NULL ||
      (bundle->identity_key = decode_base64 (ik, size, size, error)) == NULL ||
      !parse_pre_keys (bundle, prekeys, error))
    return NULL;
  return g_steal_pointer (&bundle);
}

/**
 * cau_xmpp_parse_omemo_bundle_result:
 * @iq: the answer to cau_xmpp_build_omemo_bundle_get()
 * @version: the bundle asked for
 * @from: the bare JID asked
 * @from_is_own: whether that is our own account
 * @device_id: the device asked for
 * @error: the reason it was not taken
 *
 * Returns: (transfer full) (nullable): the device's bundle
 */
CauXmppOmemoBundle *
cau_xmpp_parse_omemo_bundle_result (xmpp_stanza_t        *iq,
                                    CauXmppOmemoVersion   version,
                                    const char           *from,
                                    gboolean              from_is_own,
                                    guint32               device_id,
                                    GError              **error)
{
  g_autofree char *node = NULL;
  char item_id[16];
  xmpp_stanza_t *items, *item = NULL, *element;

  g_return_val_if_fail (iq != NULL && from != NULL, NULL);
  g_return_val_if_fail (cau_xmpp_omemo_id_is_valid (device_id), NULL);

  if (!check_answer (iq, from, from_is_own, error))
    return NULL;
  if (g_strcmp0 (xmpp_stanza_get_type (iq), "result") != 0)
    {
      g_autofree char *condition = cau_xmpp_stanza_error_condition (iq, NULL);

      g_set_error (error, CAU_XMPP_OMEMO_ERROR, CAU_XMPP_OMEMO_ERROR_REFUSED,
                   "not a result (%s)", condition ? condition : "no condition");
      return NULL;
    }

  node = cau_xep_omemo_bundles_node_for (version, device_id);
  items = result_items (iq, node, error);
  if (items == NULL)
    return NULL;

  /* Legacy: the node's one item (`current`). OMEMO 2: the item named
   * after the device (§5.3.2), which must not hide another device's. */
  g_snprintf (item_id, sizeof item_id, "%" G_GUINT32_FORMAT, device_id);
  for (xmpp_stanza_t *c = xmpp_stanza_get_children (items); c; c = xmpp_stanza_get_next (c))
    {
      if (!is_child (c, "item", CAU_NS_PUBSUB))
        continue;
      if (version == CAU_XMPP_OMEMO_2 &&
          g_strcmp0 (xmpp_stanza_get_attribute (c, "id"), item_id) != 0)
        continue;
      if (item != NULL)
        {
          invalid (error, "several bundles");
          return NULL;
        }
      item = c;
    }
  if (item == NULL)
    {
      invalid (error, "no bundle");
      return NULL;
    }

  element = only_child (item, "bundle", cau_xep_omemo_ns_for (version), error);
  if (element == NULL)
    return NULL;
  return parse_bundle (element, version, device_id, error);
}

/* Encrypted messages. */

static gboolean
parse_key (CauXmppOmemoEncrypted *encrypted,
           xmpp_stanza_t         *element,
           const char            *jid,
           GHashTable            *seen,
           GError               **error)
{
  gboolean legacy = encrypted->version == CAU_XMPP_OMEMO_LEGACY;
  guint32 rid = 0;
  gboolean prekey = FALSE;
  g_autoptr(GBytes) data = NULL;

  if (encrypted->keys->len >= CAU_XMPP_OMEMO_MAX_KEYS)
    return invalid (error, "more than %d keys", CAU_XMPP_OMEMO_MAX_KEYS);
  if (!parse_id (element, "rid", &rid, error) ||
      !parse_flag (element, legacy ? "prekey" : "kex", &prekey, error))
    return FALSE;
  /* The same device twice: which key would be its? */
  if (!g_hash_table_add (seen, g_strdup_printf ("%s/%" G_GUINT32_FORMAT, jid ? jid : "", rid)))
    return invalid (error, "two keys for device %" G_GUINT32_FORMAT, rid);
  data = decode_base64 (element, 1, CAU_XMPP_OMEMO_MAX_KEY_BYTES, error);
  if (data == NULL)
    return FALSE;
  cau_xmpp_omemo_encrypted_add_key (encrypted, jid, rid, data, prekey);
  return TRUE;
}

static gboolean
parse_header (CauXmppOmemoEncrypted *encrypted,
              xmpp_stanza_t         *header,
              GError               **error)
{
  const char *ns = cau_xep_omemo_ns_for (encrypted->version);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  xmpp_stanza_t *iv;

  if (!parse_id (header, "sid", &encrypted->sid, error))
    return FALSE;

  for (xmpp_stanza_t *c = xmpp_stanza_get_children (header); c; c = xmpp_stanza_get_next (c))
    {
      if (encrypted->version == CAU_XMPP_OMEMO_LEGACY)
        {
          if (is_child (c, "key", ns) && !parse_key (encrypted, c, NULL, seen, error))
            return FALSE;
        }
      else if (is_child (c, "keys", ns))
        {
          g_autofree char *resource = NULL;
          g_autofree char *jid = cau_xmpp_jid_normalize_bare (xmpp_stanza_get_attribute (c, "jid"),
                                                              &resource);

          /* §5.5.3: each <keys/> names one recipient's bare JID. */
          if (jid == NULL || resource != NULL)
            return invalid (error, "<keys/> without a bare JID");
          for (xmpp_stanza_t *k = xmpp_stanza_get_children (c); k; k = xmpp_stanza_get_next (k))
            if (is_child (k, "key", ns) && !parse_key (encrypted, k, jid, seen, error))
              return FALSE;
        }
    }
  if (encrypted->keys->len == 0)
    return invalid (error, "no keys");

  if (encrypted->version == CAU_XMPP_OMEMO_LEGACY)
    {
      iv = only_child (header, "iv", ns, error);
      if (iv == NULL ||
          (encrypted->iv = decode_base64 (iv, LEGACY_IV_MIN, LEGACY_IV_MAX, error)) == NULL)
        return FALSE;
    }
  return TRUE;
}

/**
 * cau_xmpp_parse_omemo_encrypted:
 * @message: a message stanza
 * @error: the reason it was not taken
 *
 * Returns: (transfer full) (nullable): its <encrypted/>
 */
CauXmppOmemoEncrypted *
cau_xmpp_parse_omemo_encrypted (xmpp_stanza_t  *message,
                                GError        **error)
{
  g_return_val_if_fail (message != NULL, NULL);

  if (xmpp_stanza_get_child_by_name_and_ns (message, "encrypted", CAU_NS_OMEMO2) != NULL)
    return cau_xmpp_parse_omemo_encrypted_version (message, CAU_XMPP_OMEMO_2, error);
  return cau_xmpp_parse_omemo_encrypted_version (message, CAU_XMPP_OMEMO_LEGACY, error);
}

/**
 * cau_xmpp_parse_omemo_encrypted_version:
 * @message: a message stanza
 * @version: which protocol's <encrypted/> to read
 * @error: the reason it was not taken
 *
 * A message may carry both (one per protocol, for recipients of each).
 *
 * Returns: (transfer full) (nullable): its <encrypted/> of @version
 */
CauXmppOmemoEncrypted *
cau_xmpp_parse_omemo_encrypted_version (xmpp_stanza_t        *message,
                                        CauXmppOmemoVersion   version,
                                        GError              **error)
{
  g_autoptr(CauXmppOmemoEncrypted) encrypted = NULL;
  xmpp_stanza_t *element, *header, *payload = NULL;

  g_return_val_if_fail (message != NULL, NULL);

  element = xmpp_stanza_get_child_by_name_and_ns (message, "encrypted",
                                                  cau_xep_omemo_ns_for (version));
  if (element == NULL)
    {
      fail (error, CAU_XMPP_OMEMO_ERROR_ABSENT, "no <encrypted/>");
      return NULL;
    }

  encrypted = cau_xmpp_omemo_encrypted_new (version, 0);
  header = only_child (element, "header", cau_xep_omemo_ns_for (version), error);
  if (header == NULL || !parse_header (encrypted, header, error))
    return NULL;

  for (xmpp_stanza_t *c = xmpp_stanza_get_children (element); c; c = xmpp_stanza_get_next (c))
    {
      if (!is_child (c, "payload", cau_xep_omemo_ns_for (version)))
        continue;
      if (payload != NULL)
        {
          invalid (error, "several <payload/>");
          return NULL;
        }
      payload = c;
    }
  /* No payload: an empty (OMEMO 2, §5.5.3) or key transport (legacy) message. */
  if (payload != NULL &&
      (encrypted->payload = decode_base64 (payload, 1, CAU_XMPP_OMEMO_MAX_PAYLOAD, error)) == NULL)
    return NULL;
  return g_steal_pointer (&encrypted);
}
