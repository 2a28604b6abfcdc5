/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-xep-stanza-private.h"
#include "cau-xep-messages.h"
#include "xmpp/cau-jid.h"
#include "xmpp/cau-xmpp-utils.h"

#include <string.h>

/*
 * Everything here reads stanzas from the network: every attribute and
 * child may be missing, and no helper descends more than one level, so a
 * hostile nesting depth costs nothing.
 */

/* We read a few bytes past the limit, so that a body cut in the middle of
 * a character still fills CAU_XMPP_MAX_BODY once made valid. */
#define BODY_READ_MAX (CAU_XMPP_MAX_BODY + 8)

/* Ids, error texts and such are short; this only bounds a hostile one. */
#define TEXT_READ_MAX (64 * 1024)

/* Digits kept of a fraction of a second: microseconds. */
#define STAMP_FRACTION_MAX 6

void
cau_xep_set_why (const char **why,
                 const char  *reason)
{
  if (why != NULL)
    *why = reason;
}

gboolean
cau_xep_is_element (xmpp_stanza_t *stanza,
                    const char    *name,
                    const char    *ns)
{
  return xmpp_stanza_is_tag (stanza) &&
         g_strcmp0 (xmpp_stanza_get_name (stanza), name) == 0 &&
         g_strcmp0 (xmpp_stanza_get_ns (stanza), ns) == 0;
}

/*
 * Whether `stanza` is the `name` child of `parent` in the client
 * namespace. On the wire it is jabber:client, inherited from the stream or
 * the parent; a stanza built in code has none.
 */
gboolean
cau_xep_is_client_element (xmpp_stanza_t *stanza,
                           xmpp_stanza_t *parent,
                           const char    *name)
{
  const char *ns;

  if (!xmpp_stanza_is_tag (stanza) || g_strcmp0 (xmpp_stanza_get_name (stanza), name) != 0)
    return FALSE;

  ns = xmpp_stanza_get_ns (stanza);
  return ns == NULL || g_str_equal (ns, CAU_NS_CLIENT) ||
         g_strcmp0 (ns, xmpp_stanza_get_ns (parent)) == 0;
}

/* A copy of network text as valid UTF-8. */
char *
cau_xep_dup_valid (const char *text)
{
  if (text == NULL)
    return NULL;
  if (g_utf8_validate (text, -1, NULL))
    return g_strdup (text);
  return g_utf8_make_valid (text, -1);
}

/* The text children of `element` concatenated, at most `limit` bytes of
 * them; *more tells whether there was more. Not valid UTF-8 yet. */
static GString *
collect_text (xmpp_stanza_t *element,
              gsize          limit,
              gboolean      *more)
{
  GString *text = g_string_new (NULL);

  *more = FALSE;
  for (xmpp_stanza_t *c = xmpp_stanza_get_children (element); c; c = xmpp_stanza_get_next (c))
    {
      const char *chunk;
      gsize len, room;

      /* Elements inside a text element are not text: skip, never descend. */
      if (!xmpp_stanza_is_text (c))
        continue;
      chunk = xmpp_stanza_get_text_ptr (c);
      if (chunk == NULL)
        continue;

      len = strlen (chunk);
      room = limit - text->len;
      if (len > room)
        {
          g_string_append_len (text, chunk, room);
          *more = TRUE;
          break;
        }
      g_string_append_len (text, chunk, len);
    }
  return text;
}

/* Cuts valid UTF-8 `text` to at most `max` bytes at a character boundary;
 * returns whether it cut. */
gboolean
cau_xep_cut_utf8 (char  *text,
          gsize  max)
{
  char *end;

  if (strlen (text) <= max)
    return FALSE;

  end = text + max;
  while (end > text && ((guchar) *end & 0xC0) == 0x80)
    end--;
  *end = '\0';
  return TRUE;
}

/* The text of a small element (an id, a group, an error text), valid UTF-8,
 * or NULL when empty. */
char *
cau_xep_element_text (xmpp_stanza_t *element)
{
  g_autoptr(GString) raw = NULL;
  g_autofree char *text = NULL;
  gboolean more;

  if (element == NULL)
    return NULL;

  raw = collect_text (element, TEXT_READ_MAX, &more);
  if (raw->len == 0)
    return NULL;
  text = g_utf8_make_valid (raw->str, raw->len);
  cau_xep_cut_utf8 (text, TEXT_READ_MAX);
  return g_steal_pointer (&text);
}

/* A body: plain text as libstrophe unescaped it once, never interpreted. */
char *
cau_xep_body_text (xmpp_stanza_t *body,
                   gboolean      *truncated)
{
  g_autoptr(GString) raw = NULL;
  g_autofree char *text = NULL;
  gboolean more;

  raw = collect_text (body, BODY_READ_MAX, &more);
  if (raw->len == 0)
    return NULL;

  text = g_utf8_make_valid (raw->str, raw->len);
  *truncated = cau_xep_cut_utf8 (text, CAU_XMPP_MAX_BODY) || more;
  return g_steal_pointer (&text);
}

/**
 * cau_xmpp_jid_normalize_bare:
 * @jid: (nullable): a JID from the network or the user
 * @resource: (out) (optional) (nullable): its resource
 *
 * Returns: (transfer full) (nullable): the normalised bare JID, or %NULL
 *   if @jid is not a valid JID
 */
char *
cau_xmpp_jid_normalize_bare (const char  *jid,
                             char       **resource)
{
  g_autofree char *local = NULL;
  g_autofree char *domain = NULL;
  g_autofree char *res = NULL;
  g_autofree char *local_down = NULL;

  if (resource != NULL)
    *resource = NULL;
  if (jid == NULL || !cau_jid_split (jid, &local, &domain, &res, NULL))
    return NULL;

  if (resource != NULL)
    *resource = g_steal_pointer (&res);
  if (local == NULL)
    return g_steal_pointer (&domain);

  /* RFC 7622 §3.3.1 maps the localpart to lower case, as cau_jid_split
   * already did the domain. */
  local_down = g_utf8_strdown (local, -1);
  return g_strconcat (local_down, "@", domain, NULL);
}

/* Whether `jid` is exactly the bare JID `bare` (normalised), no resource. */
gboolean
cau_xep_jid_is_exactly (const char *jid,
                        const char *bare)
{
  g_autofree char *normal = NULL;
  g_autofree char *resource = NULL;

  if (jid == NULL || bare == NULL)
    return FALSE;

  normal = cau_xmpp_jid_normalize_bare (jid, &resource);
  return normal != NULL && resource == NULL && g_str_equal (normal, bare);
}

/*
 * A XEP-0082 DateTime: CCYY-MM-DDThh:mm:ss[.sss]TZD, TZD being Z or
 * ±hh:mm. The shape is checked by hand because g_date_time_new_from_iso8601
 * takes much more than XEP-0082 allows; the fraction is cut to
 * microseconds before GLib sees it.
 */
gboolean
cau_xep_parse_stamp (const char *stamp,
                     gint64     *out_us)
{
  static const char shape[] = "dddd-dd-ddTdd:dd:dd";
  g_autoptr(GString) clean = NULL;
  g_autoptr(GDateTime) time = NULL;
  const char *p = stamp;
  const char *zone;

  if (stamp == NULL)
    return FALSE;

  for (guint i = 0; shape[i] != '\0'; i++, p++)
    {
      if (shape[i] == 'd' ? !g_ascii_isdigit (*p) : *p != shape[i])
        return FALSE;
    }
  clean = g_string_new_len (stamp, p - stamp);

  if (*p == '.')
    {
      guint digits = 0;

      p++;
      if (!g_ascii_isdigit (*p))
        return FALSE;
      g_string_append_c (clean, '.');
      for (; g_ascii_isdigit (*p); p++, digits++)
        {
          if (digits < STAMP_FRACTION_MAX)
            g_string_append_c (clean, *p);
        }
    }

  zone = p;
  if (*p == 'Z')
    {
      p++;
    }
  else if (*p == '+' || *p == '-')
    {
      if (!g_ascii_isdigit (p[1]) || !g_ascii_isdigit (p[2]) || p[3] != ':' ||
          !g_ascii_isdigit (p[4]) || !g_ascii_isdigit (p[5]))
        return FALSE;
      p += 6;
    }
  else
    {
      return FALSE;
    }
  if (*p != '\0')
    return FALSE;

  g_string_append (clean, zone);

  time = g_date_time_new_from_iso8601 (clean->str, NULL);
  if (time == NULL)
    return FALSE;

  *out_us = g_date_time_to_unix (time) * G_USEC_PER_SEC + g_date_time_get_microsecond (time);
  return TRUE;
}

/* Adds an empty element to `parent`; returns it, owned by the parent. */
xmpp_stanza_t *
cau_xep_add_element (xmpp_stanza_t *parent,
                     const char    *name,
                     const char    *ns)
{
  xmpp_stanza_t *child = cau_xmpp_child_new (xmpp_stanza_get_context (parent), name, ns);

  xmpp_stanza_add_child (parent, child);
  xmpp_stanza_release (child);
  return child;
}

void
cau_xep_add_form_field (xmpp_stanza_t *form,
                        const char    *var,
                        const char    *type,
                        const char    *value)
{
  xmpp_stanza_t *field = cau_xep_add_element (form, "field", NULL);

  xmpp_stanza_set_attribute (field, "var", var);
  if (type != NULL)
    xmpp_stanza_set_attribute (field, "type", type);
  cau_xmpp_add_text_child (field, "value", value);
}

void
cau_xep_add_publish_options (xmpp_stanza_t *pubsub,
                             const char    *first_option,
                             ...)
{
  xmpp_stanza_t *options = cau_xep_add_element (pubsub, "publish-options", NULL);
  xmpp_stanza_t *form = cau_xep_add_element (options, "x", CAU_NS_DATA_FORMS);
  va_list args;

  xmpp_stanza_set_type (form, "submit");
  cau_xep_add_form_field (form, "FORM_TYPE", "hidden", CAU_FEATURE_PUBLISH_OPTIONS);
  va_start (args, first_option);
  for (const char *option = first_option; option != NULL; option = va_arg (args, const char *))
    cau_xep_add_form_field (form, option, NULL, va_arg (args, const char *));
  va_end (args);
}

xmpp_stanza_t *
cau_xep_build_pubsub_items_get (xmpp_ctx_t     *ctx,
                                const char     *iq_id,
                                const char     *to,
                                const char     *node,
                                xmpp_stanza_t **items)
{
  xmpp_stanza_t *iq = xmpp_iq_new (ctx, "get", iq_id);
  xmpp_stanza_t *pubsub;

  if (to != NULL)
    xmpp_stanza_set_to (iq, to);
  pubsub = cau_xep_add_element (iq, "pubsub", CAU_NS_PUBSUB);
  *items = cau_xep_add_element (pubsub, "items", NULL);
  xmpp_stanza_set_attribute (*items, "node", node);
  return iq;
}
