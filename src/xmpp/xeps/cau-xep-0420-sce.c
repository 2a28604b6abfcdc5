/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-xep-0420-sce.h"
#include "cau-xep-stanza-private.h"
#include "xmpp/cau-xmpp-utils.h"

#include <string.h>

/* XEP-0420's padding: enough for short messages not to be told apart by length, plus a
 * random amount on top. */
#define PAD_MIN_CONTENT 100
#define PAD_EXTRA_MAX   200

#define NS_CLIENT "jabber:client"

static char *
random_padding (gsize body_len)
{
  gsize len = (body_len < PAD_MIN_CONTENT ? PAD_MIN_CONTENT - body_len : 0) +
              g_random_int_range (0, PAD_EXTRA_MAX + 1);
  static const char alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  char *pad = g_malloc (len + 1);

  for (gsize i = 0; i < len; i++)
    pad[i] = alphabet[g_random_int_range (0, sizeof alphabet - 1)];
  pad[len] = '\0';
  return pad;
}

/**
 * cau_xmpp_build_sce_envelope:
 * @ctx: the context
 * @body: the text
 * @from: the sender's bare JID
 *
 * Returns: (transfer full): the serialised envelope
 */
GBytes *
cau_xmpp_build_sce_envelope (xmpp_ctx_t *ctx,
                             const char *body,
                             const char *from)
{
  xmpp_stanza_t *envelope, *content, *element;
  g_autofree char *pad = NULL;
  char *text = NULL;
  size_t len = 0;
  GBytes *bytes;

  g_return_val_if_fail (ctx != NULL && body != NULL && from != NULL, NULL);

  envelope = xmpp_stanza_new (ctx);
  xmpp_stanza_set_name (envelope, "envelope");
  xmpp_stanza_set_ns (envelope, CAU_NS_SCE);
  content = cau_xep_add_element (envelope, "content", NULL);
  xmpp_stanza_set_ns (cau_xmpp_add_text_child (content, "body", body), NS_CLIENT);
  pad = random_padding (strlen (body));
  cau_xmpp_add_text_child (envelope, "rpad", pad);
  element = cau_xep_add_element (envelope, "from", NULL);
  xmpp_stanza_set_attribute (element, "jid", from);

  if (xmpp_stanza_to_text (envelope, &text, &len) != XMPP_EOK)
    g_error ("Out of memory serialising an envelope");
  xmpp_stanza_release (envelope);
  bytes = g_bytes_new (text, len);
  xmpp_free (ctx, text);
  return bytes;
}

static xmpp_stanza_t *
only_child (xmpp_stanza_t *parent,
            const char    *name,
            const char    *ns)
{
  xmpp_stanza_t *found = NULL;

  for (xmpp_stanza_t *c = xmpp_stanza_get_children (parent); c; c = xmpp_stanza_get_next (c))
    {
      if (!xmpp_stanza_is_tag (c) || g_strcmp0 (xmpp_stanza_get_name (c), name) != 0 ||
          g_strcmp0 (xmpp_stanza_get_ns (c), ns) != 0)
        continue;
      if (found != NULL)
        return NULL;
      found = c;
    }
  return found;
}

/**
 * cau_xmpp_parse_sce_envelope:
 * @ctx: the context
 * @plaintext: a decrypted payload
 * @from: the bare JID the message came from
 * @truncated: (out): whether the body was cut to the longest kept
 * @why: (out): the reason, when %NULL is returned
 *
 * Returns: (transfer full) (nullable): the body
 */
char *
cau_xmpp_parse_sce_envelope (xmpp_ctx_t   *ctx,
                             GBytes       *plaintext,
                             const char   *from,
                             gboolean     *truncated,
                             const char  **why)
{
  g_autofree char *text = NULL;
  xmpp_stanza_t *envelope, *content, *body, *sender;
  gsize size = 0;
  const char *data = g_bytes_get_data (plaintext, &size);
  char *result = NULL;

  g_return_val_if_fail (ctx != NULL && plaintext != NULL && from != NULL, NULL);

  *truncated = FALSE;
  /* libstrophe parses a C string: a NUL inside is refused, not cut at. */
  if (size == 0 || memchr (data, '\0', size) != NULL || !g_utf8_validate (data, size, NULL))
    {
      *why = "not text";
      return NULL;
    }
  text = g_strndup (data, size);
  envelope = xmpp_stanza_new_from_string (ctx, text);
  if (envelope == NULL || g_strcmp0 (xmpp_stanza_get_name (envelope), "envelope") != 0 ||
      g_strcmp0 (xmpp_stanza_get_ns (envelope), CAU_NS_SCE) != 0)
    {
      *why = "not an SCE envelope";
      goto out;
    }

  /* §5.4.1: the <from/> affix must name the sender. */
  sender = only_child (envelope, "from", CAU_NS_SCE);
  if (sender == NULL || !cau_xep_jid_is_exactly (xmpp_stanza_get_attribute (sender, "jid"), from))
    {
      *why = "the envelope names another sender";
      goto out;
    }

  content = only_child (envelope, "content", CAU_NS_SCE);
  body = content != NULL ? only_child (content, "body", NS_CLIENT) : NULL;
  if (body == NULL)
    {
      *why = "no body in the envelope";
      goto out;
    }
  result = cau_xep_body_text (body, truncated);
  if (result == NULL)
    *why = "an empty body";

out:
  if (envelope != NULL)
    xmpp_stanza_release (envelope);
  return result;
}
