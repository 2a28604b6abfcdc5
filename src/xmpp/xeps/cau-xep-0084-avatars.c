/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-xep-0084-avatars.h"
#include "cau-xep-stanza-private.h"
#include "xmpp/cau-jid.h"
#include "xmpp/cau-xmpp-utils.h"

#include <string.h>

/*
 * Avatar stanzas. Whatever arrives is named by a hash we check before
 * anything else looks at it: the publisher says which image it has (its
 * id), we fetch bytes and keep them only if they hash to that id. So a
 * forged answer can at worst fail, never put someone else's picture on a
 * contact.
 */

#define AVATAR_ID_LEN 40

/* Base64 of CAU_XMPP_AVATAR_MAX_BYTES, plus room for line breaks
 * (vCards wrap BINVAL at 76 columns: 2 characters per line). */
#define BASE64_MAX (((CAU_XMPP_AVATAR_MAX_BYTES + 2) / 3) * 4 * 78 / 76 + 4)

gboolean
cau_xmpp_avatar_id_is_valid (const char *id)
{
  if (id == NULL || strlen (id) != AVATAR_ID_LEN)
    return FALSE;
  for (const char *p = id; *p; p++)
    if (!g_ascii_isdigit (*p) && !(*p >= 'a' && *p <= 'f'))
      return FALSE;
  return TRUE;
}

char *
cau_xmpp_avatar_id_for (GBytes *data)
{
  g_return_val_if_fail (data != NULL, NULL);
  return g_compute_checksum_for_bytes (G_CHECKSUM_SHA1, data);
}

/* An id as some clients send it (upper-case hex) in our form, or NULL. */
static char *
normalize_id (const char *id)
{
  g_autofree char *lower = NULL;

  if (id == NULL)
    return NULL;
  lower = g_ascii_strdown (id, -1);
  return cau_xmpp_avatar_id_is_valid (lower) ? g_steal_pointer (&lower) : NULL;
}

/* A child named `name` in `ns`, or with no namespace of its own (children
 * built in code have none; parsed ones inherit their parent's). */
static xmpp_stanza_t *
child (xmpp_stanza_t *parent,
       const char    *name,
       const char    *ns)
{
  for (xmpp_stanza_t *c = xmpp_stanza_get_children (parent); c; c = xmpp_stanza_get_next (c))
    if (cau_xep_is_element (c, name, ns) || cau_xep_is_element (c, name, NULL))
      return c;
  return NULL;
}

/* Metadata events. */

static gboolean
parse_bytes (const char *text,
             guint64    *out)
{
  return text != NULL && g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT64, out, NULL);
}

CauXmppAvatarEvent
cau_xmpp_parse_avatar_event (xmpp_stanza_t  *message,
                             char          **jid,
                             char          **id,
                             const char    **why)
{
  g_autofree char *publisher = NULL;
  g_autofree char *resource = NULL;
  g_autofree char *chosen = NULL;
  xmpp_stanza_t *event, *items, *item, *metadata;
  gboolean any_info = FALSE;

  cau_xep_set_why (why, NULL);
  g_return_val_if_fail (message != NULL, CAU_XMPP_AVATAR_EVENT_NONE);
  g_return_val_if_fail (jid != NULL && id != NULL, CAU_XMPP_AVATAR_EVENT_NONE);
  *jid = NULL;
  *id = NULL;

  event = xmpp_stanza_get_child_by_name_and_ns (message, "event", CAU_NS_PUBSUB_EVENT);
  items = event ? child (event, "items", CAU_NS_PUBSUB_EVENT) : NULL;
  if (items == NULL ||
      g_strcmp0 (xmpp_stanza_get_attribute (items, "node"), CAU_NS_AVATAR_METADATA) != 0)
    return CAU_XMPP_AVATAR_EVENT_NONE;

  if (g_strcmp0 (xmpp_stanza_get_type (message), "error") == 0)
    {
      cau_xep_set_why (why, "an error");
      return CAU_XMPP_AVATAR_EVENT_DROPPED;
    }

  /* PEP notifications come from the publisher's bare JID; anything else
   * (a full JID, a stranger relaying, no `from`) could put a picture on
   * someone it does not belong to. */
  publisher = cau_xmpp_jid_normalize_bare (xmpp_stanza_get_from (message), &resource);
  if (publisher == NULL || resource != NULL)
    {
      cau_xep_set_why (why, "not from a bare JID");
      return CAU_XMPP_AVATAR_EVENT_DROPPED;
    }

  item = child (items, "item", CAU_NS_PUBSUB_EVENT);
  metadata = item ? xmpp_stanza_get_child_by_name_and_ns (item, "metadata",
                                                          CAU_NS_AVATAR_METADATA) : NULL;
  if (metadata == NULL)
    {
      cau_xep_set_why (why, "no metadata");
      return CAU_XMPP_AVATAR_EVENT_DROPPED;
    }

  for (xmpp_stanza_t *c = xmpp_stanza_get_children (metadata); c; c = xmpp_stanza_get_next (c))
    {
      const char *type;
      g_autofree char *info_id = NULL;
      guint64 bytes = 0;

      if (!cau_xep_is_element (c, "info", CAU_NS_AVATAR_METADATA) &&
          !cau_xep_is_element (c, "info", NULL))
        continue;
      any_info = TRUE;
      /* Only what the data node holds: images elsewhere (a URL) are not
       * fetched behind the person's back. */
      if (xmpp_stanza_get_attribute (c, "url") != NULL)
        continue;
      info_id = normalize_id (xmpp_stanza_get_attribute (c, "id"));
      if (info_id == NULL)
        continue;
      if (parse_bytes (xmpp_stanza_get_attribute (c, "bytes"), &bytes) &&
          bytes > CAU_XMPP_AVATAR_MAX_BYTES)
        continue;
      type = xmpp_stanza_get_attribute (c, "type");
      if (chosen == NULL || g_strcmp0 (type, "image/png") == 0)
        {
          g_free (chosen);
          chosen = g_steal_pointer (&info_id);
          if (g_strcmp0 (type, "image/png") == 0)
            break;
        }
    }

  if (!any_info)
    {
      *jid = g_steal_pointer (&publisher);
      return CAU_XMPP_AVATAR_EVENT_REMOVED;
    }
  if (chosen == NULL)
    {
      cau_xep_set_why (why, "no usable image (bad id, too large, or only at a URL)");
      return CAU_XMPP_AVATAR_EVENT_DROPPED;
    }

  *jid = g_steal_pointer (&publisher);
  *id = g_steal_pointer (&chosen);
  return CAU_XMPP_AVATAR_EVENT_SET;
}

/* Requests. */

xmpp_stanza_t *
cau_xmpp_build_avatar_data_get (xmpp_ctx_t *ctx,
                                const char *iq_id,
                                const char *to,
                                const char *id)
{
  xmpp_stanza_t *iq, *items, *item;

  g_return_val_if_fail (ctx != NULL && iq_id != NULL && to != NULL, NULL);
  g_return_val_if_fail (cau_xmpp_avatar_id_is_valid (id), NULL);

  iq = cau_xep_build_pubsub_items_get (ctx, iq_id, to, CAU_NS_AVATAR_DATA, &items);
  item = cau_xep_add_element (items, "item", NULL);
  xmpp_stanza_set_attribute (item, "id", id);
  return iq;
}

/* Answers. */

/* `sender` is `asked`: a bare JID, or a room's occupant (room@service/nick), whose answer the
 * room relays under the same address. */
static gboolean
same_address (const char *sender,
              const char *asked)
{
  g_autofree char *sender_nick = NULL;
  g_autofree char *asked_nick = NULL;
  g_autofree char *sender_bare = NULL;
  g_autofree char *asked_bare = NULL;

  if (strchr (asked, '/') == NULL)
    return cau_xep_jid_is_exactly (sender, asked);
  sender_bare = cau_xmpp_jid_normalize_bare (sender, &sender_nick);
  asked_bare = cau_xmpp_jid_normalize_bare (asked, &asked_nick);
  return sender_bare != NULL && g_strcmp0 (sender_bare, asked_bare) == 0 &&
         sender_nick != NULL && g_strcmp0 (sender_nick, asked_nick) == 0;
}

static gboolean
check_answer (xmpp_stanza_t  *iq,
              const char     *from,
              gboolean        from_is_own,
              const char    **why)
{
  const char *sender = xmpp_stanza_get_from (iq);

  if (g_strcmp0 (xmpp_stanza_get_type (iq), "result") != 0)
    {
      cau_xep_set_why (why, "not a result");
      return FALSE;
    }
  if (sender == NULL ? !from_is_own : !same_address (sender, from))
    {
      cau_xep_set_why (why, "not from whom we asked");
      return FALSE;
    }
  return TRUE;
}

/* Base64 text, white space allowed between characters (vCards wrap it),
 * decoded; NULL when it is anything else, or too large. */
static GBytes *
decode_base64_element (xmpp_stanza_t  *element,
                       const char    **why)
{
  g_autoptr(GString) clean = g_string_new (NULL);
  guchar *data;
  gsize len = 0, padding = 0;

  for (xmpp_stanza_t *c = xmpp_stanza_get_children (element); c; c = xmpp_stanza_get_next (c))
    {
      const char *text;

      if (!xmpp_stanza_is_text (c) || (text = xmpp_stanza_get_text_ptr (c)) == NULL)
        continue;
      for (const char *p = text; *p; p++)
        {
          if (g_ascii_isspace (*p))
            continue;
          if (!g_ascii_isalnum (*p) && *p != '+' && *p != '/' && *p != '=')
            {
              cau_xep_set_why (why, "not base64");
              return NULL;
            }
          /* '=' only as the last one or two characters. */
          if (padding > 0 && *p != '=')
            {
              cau_xep_set_why (why, "not base64");
              return NULL;
            }
          if (*p == '=')
            padding++;
          if (clean->len >= BASE64_MAX)
            {
              cau_xep_set_why (why, "too large");
              return NULL;
            }
          g_string_append_c (clean, *p);
        }
    }

  if (clean->len == 0 || clean->len % 4 != 0 || padding > 2)
    {
      cau_xep_set_why (why, clean->len == 0 ? "no data" : "not base64");
      return NULL;
    }

  data = g_base64_decode (clean->str, &len);
  if (len > CAU_XMPP_AVATAR_MAX_BYTES)
    {
      g_free (data);
      cau_xep_set_why (why, "too large");
      return NULL;
    }
  return g_bytes_new_take (data, len);
}

static GBytes *
check_hash (GBytes      *bytes,
            const char  *id,
            const char **why)
{
  g_autofree char *actual = NULL;

  if (bytes == NULL)
    return NULL;
  actual = cau_xmpp_avatar_id_for (bytes);
  if (g_strcmp0 (actual, id) != 0)
    {
      cau_xep_set_why (why, "the data does not match its id");
      g_bytes_unref (bytes);
      return NULL;
    }
  return bytes;
}

GBytes *
cau_xmpp_parse_avatar_data (xmpp_stanza_t  *iq,
                            const char     *from,
                            gboolean        from_is_own,
                            const char     *id,
                            const char    **why)
{
  xmpp_stanza_t *pubsub, *items, *data = NULL;

  cau_xep_set_why (why, NULL);
  g_return_val_if_fail (iq != NULL && from != NULL, NULL);
  g_return_val_if_fail (cau_xmpp_avatar_id_is_valid (id), NULL);

  if (!check_answer (iq, from, from_is_own, why))
    return NULL;

  pubsub = xmpp_stanza_get_child_by_name_and_ns (iq, "pubsub", CAU_NS_PUBSUB);
  items = pubsub ? child (pubsub, "items", CAU_NS_PUBSUB) : NULL;
  if (items == NULL ||
      g_strcmp0 (xmpp_stanza_get_attribute (items, "node"), CAU_NS_AVATAR_DATA) != 0)
    {
      cau_xep_set_why (why, "no avatar data");
      return NULL;
    }
  for (xmpp_stanza_t *c = xmpp_stanza_get_children (items); c && data == NULL;
       c = xmpp_stanza_get_next (c))
    {
      g_autofree char *item_id = NULL;

      if (!cau_xep_is_element (c, "item", CAU_NS_PUBSUB) && !cau_xep_is_element (c, "item", NULL))
        continue;
      item_id = normalize_id (xmpp_stanza_get_attribute (c, "id"));
      if (g_strcmp0 (item_id, id) == 0)
        data = xmpp_stanza_get_child_by_name_and_ns (c, "data", CAU_NS_AVATAR_DATA);
    }
  if (data == NULL)
    {
      cau_xep_set_why (why, "no avatar data");
      return NULL;
    }

  return check_hash (decode_base64_element (data, why), id, why);
}

GBytes *
cau_xmpp_parse_vcard_photo (xmpp_stanza_t  *iq,
                            const char     *from,
                            gboolean        from_is_own,
                            const char     *id,
                            const char    **why)
{
  xmpp_stanza_t *vcard, *photo, *binval;

  cau_xep_set_why (why, NULL);
  g_return_val_if_fail (iq != NULL && from != NULL, NULL);
  g_return_val_if_fail (cau_xmpp_avatar_id_is_valid (id), NULL);

  if (!check_answer (iq, from, from_is_own, why))
    return NULL;

  vcard = xmpp_stanza_get_child_by_name_and_ns (iq, "vCard", CAU_NS_VCARD_TEMP);
  photo = vcard ? child (vcard, "PHOTO", CAU_NS_VCARD_TEMP) : NULL;
  binval = photo ? child (photo, "BINVAL", CAU_NS_VCARD_TEMP) : NULL;
  if (binval == NULL)
    {
      cau_xep_set_why (why, "no photo in the vCard");
      return NULL;
    }

  return check_hash (decode_base64_element (binval, why), id, why);
}

/* Presence. */

char *
cau_xmpp_parse_vcard_update (xmpp_stanza_t *presence)
{
  xmpp_stanza_t *x, *photo;
  g_autofree char *text = NULL;

  g_return_val_if_fail (presence != NULL, NULL);

  x = xmpp_stanza_get_child_by_name_and_ns (presence, "x", CAU_NS_VCARD_UPDATE);
  photo = x ? child (x, "photo", CAU_NS_VCARD_UPDATE) : NULL;
  if (photo == NULL)
    return NULL;

  text = cau_xep_element_text (photo);
  if (text != NULL)
    g_strstrip (text);
  if (text == NULL || *text == '\0')
    return g_strdup ("");
  return normalize_id (text);
}

void
cau_xmpp_add_vcard_update (xmpp_stanza_t *presence,
                           const char    *id)
{
  xmpp_stanza_t *x;

  g_return_if_fail (presence != NULL);

  x = cau_xep_add_element (presence, "x", CAU_NS_VCARD_UPDATE);
  if (id == NULL)
    return;
  if (*id == '\0')
    cau_xep_add_element (x, "photo", NULL);
  else
    cau_xmpp_add_text_child (x, "photo", id);
}

/* Publishing. */

/* XEP-0060 §7.1.5: an open node, so that anyone who sees the metadata may
 * fetch the data. */
static void
add_open_access (xmpp_stanza_t *pubsub)
{
  cau_xep_add_publish_options (pubsub, "pubsub#access_model", "open", NULL);
}

static xmpp_stanza_t *
new_publish (xmpp_ctx_t     *ctx,
             const char     *iq_id,
             const char     *node,
             const char     *item_id,
             gboolean        open,
             xmpp_stanza_t **item)
{
  xmpp_stanza_t *iq = xmpp_iq_new (ctx, "set", iq_id);
  xmpp_stanza_t *pubsub = cau_xep_add_element (iq, "pubsub", CAU_NS_PUBSUB);
  xmpp_stanza_t *publish = cau_xep_add_element (pubsub, "publish", NULL);

  xmpp_stanza_set_attribute (publish, "node", node);
  *item = cau_xep_add_element (publish, "item", NULL);
  if (item_id != NULL)
    xmpp_stanza_set_attribute (*item, "id", item_id);
  if (open)
    add_open_access (pubsub);
  return iq;
}

xmpp_stanza_t *
cau_xmpp_build_avatar_publish_data (xmpp_ctx_t *ctx,
                                    const char *iq_id,
                                    GBytes     *data,
                                    gboolean    open)
{
  g_autofree char *id = NULL;
  g_autofree char *base64 = NULL;
  xmpp_stanza_t *iq, *item, *element, *text;
  gsize len;
  const guchar *raw;

  g_return_val_if_fail (ctx != NULL && iq_id != NULL && data != NULL, NULL);

  id = cau_xmpp_avatar_id_for (data);
  raw = g_bytes_get_data (data, &len);
  base64 = g_base64_encode (raw, len);

  iq = new_publish (ctx, iq_id, CAU_NS_AVATAR_DATA, id, open, &item);
  element = cau_xep_add_element (item, "data", CAU_NS_AVATAR_DATA);
  text = xmpp_stanza_new (ctx);
  xmpp_stanza_set_text (text, base64);
  xmpp_stanza_add_child (element, text);
  xmpp_stanza_release (text);
  return iq;
}

xmpp_stanza_t *
cau_xmpp_build_avatar_publish_metadata (xmpp_ctx_t *ctx,
                                        const char *iq_id,
                                        const char *id,
                                        gsize       bytes,
                                        const char *type,
                                        guint       width,
                                        guint       height,
                                        gboolean    open)
{
  xmpp_stanza_t *iq, *item, *metadata, *info;
  char number[32];

  g_return_val_if_fail (ctx != NULL && iq_id != NULL, NULL);
  g_return_val_if_fail (id == NULL || cau_xmpp_avatar_id_is_valid (id), NULL);

  /* XEP-0084 §4.2: the item id is the avatar's id; "none" clears it. */
  iq = new_publish (ctx, iq_id, CAU_NS_AVATAR_METADATA, id ? id : "none", open, &item);
  metadata = cau_xep_add_element (item, "metadata", CAU_NS_AVATAR_METADATA);
  if (id == NULL)
    return iq;

  info = cau_xep_add_element (metadata, "info", NULL);
  xmpp_stanza_set_attribute (info, "id", id);
  g_snprintf (number, sizeof number, "%" G_GSIZE_FORMAT, bytes);
  xmpp_stanza_set_attribute (info, "bytes", number);
  xmpp_stanza_set_attribute (info, "type", type != NULL ? type : "image/png");
  if (width > 0 && height > 0)
    {
      g_snprintf (number, sizeof number, "%u", width);
      xmpp_stanza_set_attribute (info, "width", number);
      g_snprintf (number, sizeof number, "%u", height);
      xmpp_stanza_set_attribute (info, "height", number);
    }
  return iq;
}

xmpp_stanza_t *
cau_xmpp_build_vcard_photo_set (xmpp_ctx_t *ctx,
                                const char *iq_id,
                                const char *to,
                                GBytes     *png)
{
  g_autofree char *base64 = NULL;
  xmpp_stanza_t *iq, *vcard, *photo;
  gsize len;
  const guchar *raw;

  g_return_val_if_fail (ctx != NULL && iq_id != NULL && to != NULL, NULL);

  iq = xmpp_iq_new (ctx, "set", iq_id);
  xmpp_stanza_set_to (iq, to);
  vcard = cau_xep_add_element (iq, "vCard", CAU_NS_VCARD_TEMP);
  if (png == NULL)
    return iq;

  raw = g_bytes_get_data (png, &len);
  base64 = g_base64_encode (raw, len);
  photo = cau_xep_add_element (vcard, "PHOTO", NULL);
  cau_xmpp_add_text_child (photo, "TYPE", "image/png");
  cau_xmpp_add_text_child (photo, "BINVAL", base64);
  return iq;
}
