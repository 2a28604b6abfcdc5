/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-xmpp-utils.h"

#include <string.h>

/* The features this build really implements; advertised through
 * disco#info and entity capabilities. Sorted as XEP-0115 wants. */
static const char * const own_features[] = {
  "eu.siacs.conversations.axolotl.devicelist+notify", /* XEP-0384 (legacy), through PEP */
  CAU_NS_CAPS,
  "http://jabber.org/protocol/chatstates",  /* XEP-0085 */
  CAU_NS_DISCO_INFO,
  "http://jabber.org/protocol/nick+notify", /* XEP-0172, through PEP */
  "jabber:iq:version",                      /* XEP-0092 */
  "urn:xmpp:avatar:metadata+notify",        /* XEP-0084, through PEP */
  "urn:xmpp:bookmarks:1+notify",            /* XEP-0402, through PEP */
  "urn:xmpp:chat-markers:0",                /* XEP-0333 */
  "urn:xmpp:mds:displayed:0+notify",        /* XEP-0490, through PEP */
  "urn:xmpp:omemo:2:devices+notify",        /* XEP-0384, through PEP */
  CAU_NS_PING,
  "urn:xmpp:receipts",                      /* XEP-0184 */
  NULL,
};

/* category/type/lang/name, as XEP-0115 §5.1 concatenates them. */
#define OWN_IDENTITY "client/pc//Causerie"

gboolean
cau_xmpp_unsafe_debug (void)
{
  static gsize value;

  if (g_once_init_enter (&value))
    g_once_init_leave (&value, g_getenv ("CAU_DEBUG_XMPP_UNSAFE") != NULL ? 2 : 1);
  return value == 2;
}

/**
 * cau_xmpp_normalize_fingerprint:
 * @fingerprint: (nullable): hex, with or without colons, any case
 *
 * Returns: (transfer full) (nullable): lower-case hex without separators,
 *   or %NULL if @fingerprint is not hex
 */
char *
cau_xmpp_normalize_fingerprint (const char *fingerprint)
{
  GString *out;

  if (fingerprint == NULL)
    return NULL;

  out = g_string_new (NULL);
  for (const char *p = fingerprint; *p; p++)
    {
      if (*p == ':' || *p == ' ')
        continue;
      if (!g_ascii_isxdigit (*p))
        {
          g_string_free (out, TRUE);
          return NULL;
        }
      g_string_append_c (out, g_ascii_tolower (*p));
    }
  if (out->len == 0)
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  return g_string_free (out, FALSE);
}

char *
cau_xmpp_new_id (void)
{
  return g_uuid_string_random ();
}

xmpp_stanza_t *
cau_xmpp_child_new (xmpp_ctx_t *ctx,
                    const char *name,
                    const char *ns)
{
  xmpp_stanza_t *child = xmpp_stanza_new (ctx);

  xmpp_stanza_set_name (child, name);
  if (ns != NULL)
    xmpp_stanza_set_ns (child, ns);
  return child;
}

xmpp_stanza_t *
cau_xmpp_add_text_child (xmpp_stanza_t *parent,
                         const char    *name,
                         const char    *text)
{
  xmpp_ctx_t *ctx = xmpp_stanza_get_context (parent);
  xmpp_stanza_t *child = cau_xmpp_child_new (ctx, name, NULL);
  xmpp_stanza_t *node = xmpp_stanza_new (ctx);

  xmpp_stanza_set_text (node, text);
  xmpp_stanza_add_child (child, node);
  xmpp_stanza_release (node);
  xmpp_stanza_add_child (parent, child);
  xmpp_stanza_release (child);
  return child;
}

xmpp_stanza_t *
cau_xmpp_build_presence (xmpp_ctx_t  *ctx,
                         CauXmppShow  show,
                         const char  *status,
                         const char  *caps_ver)
{
  xmpp_stanza_t *presence = xmpp_presence_new (ctx);
  const char *show_text = NULL;

  switch (show)
    {
    case CAU_XMPP_SHOW_AWAY:
      show_text = "away";
      break;
    case CAU_XMPP_SHOW_DND:
      show_text = "dnd";
      break;
    case CAU_XMPP_SHOW_XA:
      show_text = "xa";
      break;
    case CAU_XMPP_SHOW_AVAILABLE:
    default:
      break;
    }

  if (show_text != NULL)
    cau_xmpp_add_text_child (presence, "show", show_text);
  if (status != NULL && *status != '\0')
    cau_xmpp_add_text_child (presence, "status", status);

  if (caps_ver != NULL)
    {
      xmpp_stanza_t *c = cau_xmpp_child_new (ctx, "c", CAU_NS_CAPS);

      xmpp_stanza_set_attribute (c, "hash", "sha-1");
      xmpp_stanza_set_attribute (c, "node", CAU_CAPS_NODE);
      xmpp_stanza_set_attribute (c, "ver", caps_ver);
      xmpp_stanza_add_child (presence, c);
      xmpp_stanza_release (c);
    }
  return presence;
}

xmpp_stanza_t *
cau_xmpp_build_chat_message (xmpp_ctx_t *ctx,
                             const char *to,
                             const char *body,
                             const char *id)
{
  xmpp_stanza_t *message = xmpp_message_new (ctx, "chat", to, id);
  xmpp_stanza_t *origin = cau_xmpp_child_new (ctx, "origin-id", CAU_NS_SID);

  xmpp_message_set_body (message, body);
  xmpp_stanza_set_attribute (origin, "id", id);
  xmpp_stanza_add_child (message, origin);
  xmpp_stanza_release (origin);
  return message;
}

xmpp_stanza_t *
cau_xmpp_build_ping (xmpp_ctx_t *ctx,
                     const char *to,
                     const char *id)
{
  xmpp_stanza_t *iq = xmpp_iq_new (ctx, "get", id);
  xmpp_stanza_t *ping = cau_xmpp_child_new (ctx, "ping", CAU_NS_PING);

  xmpp_stanza_set_to (iq, to);
  xmpp_stanza_add_child (iq, ping);
  xmpp_stanza_release (ping);
  return iq;
}

/**
 * cau_xmpp_iq_result:
 * @iq: an iq get or set addressed to us
 *
 * Unlike xmpp_stanza_reply(), which gives %NULL for a stanza without a
 * `from` (as the server's own pushes are), this always answers.
 *
 * Returns: (transfer full): an empty result to @iq
 */
xmpp_stanza_t *
cau_xmpp_iq_result (xmpp_stanza_t *iq)
{
  xmpp_stanza_t *reply = xmpp_iq_new (xmpp_stanza_get_context (iq), "result",
                                      xmpp_stanza_get_id (iq));

  if (xmpp_stanza_get_from (iq) != NULL)
    xmpp_stanza_set_to (reply, xmpp_stanza_get_from (iq));
  return reply;
}

/**
 * cau_xmpp_iq_error:
 * @iq: an iq get or set addressed to us
 * @type: the error type ("cancel", "modify", …)
 * @condition: a defined condition of RFC 6120 §8.3.3
 *
 * Returns: (transfer full): an error answering @iq, with or without `from`
 */
xmpp_stanza_t *
cau_xmpp_iq_error (xmpp_stanza_t *iq,
                   const char    *type,
                   const char    *condition)
{
  xmpp_ctx_t *ctx = xmpp_stanza_get_context (iq);
  xmpp_stanza_t *reply = cau_xmpp_iq_result (iq);
  xmpp_stanza_t *error = cau_xmpp_child_new (ctx, "error", NULL);
  xmpp_stanza_t *defined = cau_xmpp_child_new (ctx, condition, CAU_NS_STANZAS);

  xmpp_stanza_set_type (reply, "error");
  xmpp_stanza_set_attribute (error, "type", type);
  xmpp_stanza_add_child (error, defined);
  xmpp_stanza_release (defined);
  xmpp_stanza_add_child (reply, error);
  xmpp_stanza_release (error);
  return reply;
}

CauXmppShow
cau_xmpp_presence_get_show (xmpp_stanza_t *presence)
{
  xmpp_stanza_t *child = xmpp_stanza_get_child_by_name (presence, "show");
  g_autofree char *text = child ? xmpp_stanza_get_text (child) : NULL;

  if (g_strcmp0 (text, "away") == 0)
    return CAU_XMPP_SHOW_AWAY;
  if (g_strcmp0 (text, "xa") == 0)
    return CAU_XMPP_SHOW_XA;
  if (g_strcmp0 (text, "dnd") == 0)
    return CAU_XMPP_SHOW_DND;
  return CAU_XMPP_SHOW_AVAILABLE;
}

/**
 * cau_xmpp_message_get_body:
 * @message: a message stanza
 *
 * Returns: (transfer full) (nullable): the body as a GLib string
 */
char *
cau_xmpp_message_get_body (xmpp_stanza_t *message)
{
  xmpp_stanza_t *body = xmpp_stanza_get_child_by_name (message, "body");
  char *text;
  char *copy;

  if (body == NULL)
    return NULL;

  text = xmpp_stanza_get_text (body);
  if (text == NULL)
    return g_strdup ("");
  copy = g_strdup (text);
  xmpp_free (xmpp_stanza_get_context (message), text);
  return copy;
}

const char *
cau_xmpp_message_get_origin_id (xmpp_stanza_t *message)
{
  xmpp_stanza_t *origin = xmpp_stanza_get_child_by_name_and_ns (message, "origin-id", CAU_NS_SID);
  const char *id = origin ? xmpp_stanza_get_attribute (origin, "id") : NULL;

  return id ? id : xmpp_stanza_get_id (message);
}

/**
 * cau_xmpp_stanza_error_condition:
 * @stanza: a stanza of type error
 * @text: (out) (optional) (nullable): the error's human text, if any
 *
 * Returns: (transfer full) (nullable): the defined condition's name
 */
char *
cau_xmpp_stanza_error_condition (xmpp_stanza_t  *stanza,
                                 char          **text)
{
  xmpp_stanza_t *error = xmpp_stanza_get_child_by_name (stanza, "error");
  char *condition = NULL;

  if (text)
    *text = NULL;
  if (error == NULL)
    return NULL;

  for (xmpp_stanza_t *c = xmpp_stanza_get_children (error); c; c = xmpp_stanza_get_next (c))
    {
      const char *name = xmpp_stanza_get_name (c);

      if (!xmpp_stanza_is_tag (c) || g_strcmp0 (xmpp_stanza_get_ns (c), CAU_NS_STANZAS) != 0)
        continue;
      if (g_strcmp0 (name, "text") == 0)
        {
          if (text && *text == NULL)
            {
              char *t = xmpp_stanza_get_text (c);

              *text = g_strdup (t);
              xmpp_free (xmpp_stanza_get_context (stanza), t);
            }
        }
      else if (condition == NULL)
        {
          condition = g_strdup (name);
        }
    }
  return condition;
}

const char * const *
cau_xmpp_own_features (void)
{
  return own_features;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/**
 * cau_xmpp_caps_compute_ver:
 * @identities: "category/type/lang/name" strings
 * @features: feature namespaces
 *
 * Computes an XEP-0115 §5.1 verification string (SHA-1, base64),
 * without extended data forms.
 *
 * Returns: (transfer full): the ver string
 */
char *
cau_xmpp_caps_compute_ver (const char * const *identities,
                           const char * const *features)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  g_autoptr(GPtrArray) feats = g_ptr_array_new ();
  g_autoptr(GChecksum) sha1 = g_checksum_new (G_CHECKSUM_SHA1);
  guint8 digest[20];
  gsize len = sizeof digest;

  for (guint i = 0; identities && identities[i]; i++)
    g_ptr_array_add (ids, (gpointer) identities[i]);
  for (guint i = 0; features && features[i]; i++)
    g_ptr_array_add (feats, (gpointer) features[i]);
  g_ptr_array_sort (ids, compare_strings);
  g_ptr_array_sort (feats, compare_strings);

  for (guint i = 0; i < ids->len; i++)
    {
      g_checksum_update (sha1, g_ptr_array_index (ids, i), -1);
      g_checksum_update (sha1, (const guchar *) "<", 1);
    }
  for (guint i = 0; i < feats->len; i++)
    {
      g_checksum_update (sha1, g_ptr_array_index (feats, i), -1);
      g_checksum_update (sha1, (const guchar *) "<", 1);
    }

  g_checksum_get_digest (sha1, digest, &len);
  return g_base64_encode (digest, len);
}

char *
cau_xmpp_caps_own_ver (void)
{
  const char *identities[] = { OWN_IDENTITY, NULL };

  return cau_xmpp_caps_compute_ver (identities, own_features);
}
