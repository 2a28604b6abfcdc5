/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-xep-vcard.h"
#include "cau-xep-stanza-private.h"
#include "cau-xep-messages.h"
#include "xmpp/cau-xmpp-utils.h"

#include <string.h>

/*
 * The parsers walk known paths only (iq → pubsub → items → item → vcard →
 * field → value), never recursing, and look at a bounded number of
 * children per element, so a deep or huge vCard costs little.
 */

/* Children of a vCard looked at; a real one has a few dozen. */
#define MAX_FIELDS 512

/* Builders. */

static xmpp_stanza_t *
iq_get (xmpp_ctx_t *ctx,
        const char *iq_id,
        const char *to)
{
  xmpp_stanza_t *iq = xmpp_iq_new (ctx, "get", iq_id);

  xmpp_stanza_set_to (iq, to);
  return iq;
}

xmpp_stanza_t *
cau_xmpp_build_vcard4_get (xmpp_ctx_t *ctx,
                           const char *iq_id,
                           const char *to)
{
  xmpp_stanza_t *items;
  xmpp_stanza_t *iq = cau_xep_build_pubsub_items_get (ctx, iq_id, to, CAU_NODE_VCARD4, &items);

  xmpp_stanza_set_attribute (items, "max_items", "1");
  return iq;
}

xmpp_stanza_t *
cau_xmpp_build_vcard_temp_get (xmpp_ctx_t *ctx,
                               const char *iq_id,
                               const char *to)
{
  xmpp_stanza_t *iq = iq_get (ctx, iq_id, to);

  cau_xep_add_element (iq, "vCard", CAU_NS_VCARD_TEMP);
  return iq;
}

xmpp_stanza_t *
cau_xmpp_build_version_get (xmpp_ctx_t *ctx,
                            const char *iq_id,
                            const char *to)
{
  xmpp_stanza_t *iq = iq_get (ctx, iq_id, to);

  cau_xep_add_element (iq, "query", CAU_NS_VERSION);
  return iq;
}

xmpp_stanza_t *
cau_xmpp_build_version_answer (xmpp_stanza_t *iq)
{
  xmpp_stanza_t *reply = cau_xmpp_iq_result (iq);
  xmpp_stanza_t *query = cau_xep_add_element (reply, "query", CAU_NS_VERSION);

  cau_xmpp_add_text_child (query, "name", "Causerie");
  cau_xmpp_add_text_child (query, "version", PACKAGE_VERSION);
  return reply;
}

gboolean
cau_xmpp_is_answer_from (xmpp_stanza_t *iq,
                         const char    *to)
{
  g_autofree char *from_resource = NULL;
  g_autofree char *to_resource = NULL;
  g_autofree char *from_bare = cau_xmpp_jid_normalize_bare (xmpp_stanza_get_from (iq),
                                                            &from_resource);
  g_autofree char *to_bare = cau_xmpp_jid_normalize_bare (to, &to_resource);

  return from_bare != NULL && to_bare != NULL && g_str_equal (from_bare, to_bare) &&
         g_strcmp0 (from_resource, to_resource) == 0;
}

/* Text. */

/*
 * Network text made fit for one label: valid UTF-8, control characters
 * (line breaks too, unless `multiline`) turned to spaces, trimmed, at most
 * `max_chars` characters. NULL when nothing is left.
 */
static char *
clean_text (xmpp_stanza_t *element,
            guint          max_chars,
            gboolean       multiline)
{
  g_autofree char *text = cau_xep_element_text (element);
  GString *out;
  guint chars = 0;

  if (text == NULL)
    return NULL;

  out = g_string_sized_new (MIN (strlen (text), (gsize) max_chars * 4));
  for (const char *p = text; *p != '\0' && chars < max_chars; p = g_utf8_next_char (p), chars++)
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '\n' && multiline)
        g_string_append_c (out, '\n');
      else if (g_unichar_iscntrl (c) || c == 0x2028 || c == 0x2029)
        g_string_append_c (out, ' ');
      else
        g_string_append_unichar (out, c);
    }
  g_strstrip (out->str);
  if (out->str[0] == '\0')
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  return g_string_free (out, FALSE);
}

/* The first non-empty value of a field wins. */
static void
set_once (char          **field,
          xmpp_stanza_t  *element)
{
  if (*field == NULL)
    *field = clean_text (element, CAU_XMPP_VCARD_MAX_CHARS, FALSE);
}

/* The note keeps its line breaks. */
static void
set_note (char          **field,
          xmpp_stanza_t  *element)
{
  if (*field == NULL)
    *field = clean_text (element, CAU_XMPP_VCARD_MAX_NOTE, TRUE);
}

static void
add_entry (GPtrArray     *list,
           xmpp_stanza_t *element,
           const char    *scheme)
{
  char *text;

  if (element == NULL || list->len >= CAU_XMPP_VCARD_MAX_ENTRIES)
    return;
  text = clean_text (element, CAU_XMPP_VCARD_MAX_CHARS, FALSE);
  if (text == NULL)
    return;
  /* "tel:+33…" is shown as the number, and linked as a tel: URI again. */
  if (scheme != NULL && g_ascii_strncasecmp (text, scheme, strlen (scheme)) == 0)
    {
      char *bare = g_strstrip (g_strdup (text + strlen (scheme)));

      g_free (text);
      text = bare;
      if (*text == '\0')
        {
          g_free (text);
          return;
        }
    }
  for (guint i = 0; i < list->len; i++)
    if (g_str_equal (g_ptr_array_index (list, i), text))
      {
        g_free (text);
        return;
      }
  g_ptr_array_add (list, text);
}

static xmpp_stanza_t *
child (xmpp_stanza_t *parent,
       const char    *name)
{
  return parent ? xmpp_stanza_get_child_by_name (parent, name) : NULL;
}

typedef struct {
  CauXmppVcard *vcard;
  GPtrArray    *emails;
  GPtrArray    *phones;
  GPtrArray    *urls;
} Builder;

static void
builder_init (Builder *b)
{
  b->vcard = cau_xmpp_vcard_new ();
  b->emails = g_ptr_array_new_with_free_func (g_free);
  b->phones = g_ptr_array_new_with_free_func (g_free);
  b->urls = g_ptr_array_new_with_free_func (g_free);
}

static char **
take_strv (GPtrArray *list)
{
  g_ptr_array_add (list, NULL);
  return (char **) g_ptr_array_free (list, FALSE);
}

static CauXmppVcard *
builder_end (Builder *b)
{
  g_strfreev (b->vcard->emails);
  g_strfreev (b->vcard->phones);
  g_strfreev (b->vcard->urls);
  b->vcard->emails = take_strv (b->emails);
  b->vcard->phones = take_strv (b->phones);
  b->vcard->urls = take_strv (b->urls);
  return b->vcard;
}

/* vCard4 (RFC 6351 xCard): a property holds its value in a typed child
 * (<text/>, <uri/>, <date/>…) after optional <parameters/>. */
static xmpp_stanza_t *
vcard4_value (xmpp_stanza_t *property)
{
  for (xmpp_stanza_t *c = xmpp_stanza_get_children (property); c; c = xmpp_stanza_get_next (c))
    if (xmpp_stanza_is_tag (c) && g_strcmp0 (xmpp_stanza_get_name (c), "parameters") != 0)
      return c;
  return NULL;
}

static CauXmppVcard *
parse_vcard4 (xmpp_stanza_t *vcard)
{
  Builder b;
  guint seen = 0;

  builder_init (&b);
  for (xmpp_stanza_t *c = xmpp_stanza_get_children (vcard); c && seen < MAX_FIELDS;
       c = xmpp_stanza_get_next (c), seen++)
    {
      const char *name = xmpp_stanza_get_name (c);

      if (!xmpp_stanza_is_tag (c) || g_strcmp0 (xmpp_stanza_get_ns (c), CAU_NS_VCARD4) != 0)
        continue;
      if (g_str_equal (name, "fn"))
        set_once (&b.vcard->full_name, vcard4_value (c));
      else if (g_str_equal (name, "nickname"))
        set_once (&b.vcard->nickname, vcard4_value (c));
      else if (g_str_equal (name, "email"))
        add_entry (b.emails, vcard4_value (c), "mailto:");
      else if (g_str_equal (name, "tel"))
        add_entry (b.phones, vcard4_value (c), "tel:");
      else if (g_str_equal (name, "url"))
        add_entry (b.urls, vcard4_value (c), NULL);
      else if (g_str_equal (name, "org"))
        set_once (&b.vcard->organisation, vcard4_value (c));
      else if (g_str_equal (name, "bday"))
        set_once (&b.vcard->birthday, vcard4_value (c));
      else if (g_str_equal (name, "note"))
        set_note (&b.vcard->note, vcard4_value (c));
      else if (g_str_equal (name, "adr"))
        {
          /* The address's parts are text elements of their own. */
          set_once (&b.vcard->locality, child (c, "locality"));
          set_once (&b.vcard->country, child (c, "country"));
        }
    }
  return builder_end (&b);
}

/**
 * cau_xmpp_parse_vcard4_result:
 * @iq: an iq result to a PEP items get of the vCard4 node
 *
 * Returns: (transfer full) (nullable): the newest vCard in it
 */
CauXmppVcard *
cau_xmpp_parse_vcard4_result (xmpp_stanza_t *iq)
{
  xmpp_stanza_t *pubsub, *items, *item, *vcard;

  if (g_strcmp0 (xmpp_stanza_get_type (iq), "result") != 0)
    return NULL;
  pubsub = xmpp_stanza_get_child_by_name_and_ns (iq, "pubsub", CAU_NS_PUBSUB);
  items = child (pubsub, "items");
  if (items == NULL || g_strcmp0 (xmpp_stanza_get_attribute (items, "node"), CAU_NODE_VCARD4) != 0)
    return NULL;
  item = child (items, "item");
  vcard = item ? xmpp_stanza_get_child_by_name_and_ns (item, "vcard", CAU_NS_VCARD4) : NULL;
  return vcard ? parse_vcard4 (vcard) : NULL;
}

/* vcard-temp: upper-case elements; an e-mail's address is in USERID, a
 * phone's in NUMBER (older vCards put the text in the element itself). */
static xmpp_stanza_t *
temp_inner (xmpp_stanza_t *element,
            const char    *name)
{
  xmpp_stanza_t *inner = child (element, name);

  return inner ? inner : element;
}

static CauXmppVcard *
parse_vcard_temp (xmpp_stanza_t *vcard)
{
  Builder b;
  guint seen = 0;

  builder_init (&b);
  for (xmpp_stanza_t *c = xmpp_stanza_get_children (vcard); c && seen < MAX_FIELDS;
       c = xmpp_stanza_get_next (c), seen++)
    {
      const char *name = xmpp_stanza_get_name (c);

      if (!xmpp_stanza_is_tag (c))
        continue;
      if (g_str_equal (name, "FN"))
        set_once (&b.vcard->full_name, c);
      else if (g_str_equal (name, "NICKNAME"))
        set_once (&b.vcard->nickname, c);
      else if (g_str_equal (name, "EMAIL"))
        add_entry (b.emails, temp_inner (c, "USERID"), "mailto:");
      else if (g_str_equal (name, "TEL"))
        add_entry (b.phones, temp_inner (c, "NUMBER"), "tel:");
      else if (g_str_equal (name, "URL"))
        add_entry (b.urls, c, NULL);
      else if (g_str_equal (name, "ORG"))
        set_once (&b.vcard->organisation, child (c, "ORGNAME"));
      else if (g_str_equal (name, "BDAY"))
        set_once (&b.vcard->birthday, c);
      else if (g_str_equal (name, "DESC"))
        set_note (&b.vcard->note, c);
      else if (g_str_equal (name, "ADR"))
        {
          set_once (&b.vcard->locality, child (c, "LOCALITY"));
          set_once (&b.vcard->country, child (c, "CTRY"));
          set_once (&b.vcard->country, child (c, "COUNTRY"));
        }
    }
  return builder_end (&b);
}

/**
 * cau_xmpp_parse_vcard_temp_result:
 * @iq: an iq result to a vcard-temp get
 *
 * Returns: (transfer full) (nullable): its vCard
 */
CauXmppVcard *
cau_xmpp_parse_vcard_temp_result (xmpp_stanza_t *iq)
{
  xmpp_stanza_t *vcard;

  if (g_strcmp0 (xmpp_stanza_get_type (iq), "result") != 0)
    return NULL;
  vcard = xmpp_stanza_get_child_by_name_and_ns (iq, "vCard", CAU_NS_VCARD_TEMP);
  return vcard ? parse_vcard_temp (vcard) : NULL;
}

/**
 * cau_xmpp_parse_version_result:
 * @iq: an iq result to a jabber:iq:version get
 *
 * Returns: (transfer full) (nullable): what the software says of itself
 */
CauXmppSoftware *
cau_xmpp_parse_version_result (xmpp_stanza_t *iq)
{
  xmpp_stanza_t *query;
  CauXmppSoftware *software;

  if (g_strcmp0 (xmpp_stanza_get_type (iq), "result") != 0)
    return NULL;
  query = xmpp_stanza_get_child_by_name_and_ns (iq, "query", CAU_NS_VERSION);
  if (query == NULL)
    return NULL;

  software = g_new0 (CauXmppSoftware, 1);
  software->name = clean_text (child (query, "name"), CAU_XMPP_SOFTWARE_MAX_CHARS, FALSE);
  software->version = clean_text (child (query, "version"), CAU_XMPP_SOFTWARE_MAX_CHARS, FALSE);
  software->os = clean_text (child (query, "os"), CAU_XMPP_SOFTWARE_MAX_CHARS, FALSE);
  if (software->name == NULL && software->version == NULL && software->os == NULL)
    g_clear_pointer (&software, cau_xmpp_software_free);
  return software;
}

/**
 * cau_xmpp_parse_client_name:
 * @iq: an iq result to a disco#info get
 *
 * Returns: (transfer full) (nullable): the name of its client identity
 */
char *
cau_xmpp_parse_client_name (xmpp_stanza_t *iq)
{
  xmpp_stanza_t *query;
  guint seen = 0;

  if (g_strcmp0 (xmpp_stanza_get_type (iq), "result") != 0)
    return NULL;
  query = xmpp_stanza_get_child_by_name_and_ns (iq, "query", CAU_NS_DISCO_INFO);
  for (xmpp_stanza_t *c = query ? xmpp_stanza_get_children (query) : NULL;
       c && seen < MAX_FIELDS; c = xmpp_stanza_get_next (c), seen++)
    {
      const char *name;
      g_autofree char *valid = NULL;
      GString *out;

      if (!xmpp_stanza_is_tag (c) || g_strcmp0 (xmpp_stanza_get_name (c), "identity") != 0 ||
          g_strcmp0 (xmpp_stanza_get_attribute (c, "category"), "client") != 0)
        continue;
      name = xmpp_stanza_get_attribute (c, "name");
      if (name == NULL)
        continue;

      /* An attribute, not an element: the same cleaning by hand. */
      valid = cau_xep_dup_valid (name);
      out = g_string_new (NULL);
      for (const char *p = valid; *p != '\0' && out->len < CAU_XMPP_SOFTWARE_MAX_CHARS * 4 &&
           g_utf8_strlen (out->str, -1) < CAU_XMPP_SOFTWARE_MAX_CHARS; p = g_utf8_next_char (p))
        {
          gunichar ch = g_utf8_get_char (p);

          if (g_unichar_iscntrl (ch))
            g_string_append_c (out, ' ');
          else
            g_string_append_unichar (out, ch);
        }
      g_strstrip (out->str);
      if (out->str[0] != '\0')
        return g_string_free (out, FALSE);
      g_string_free (out, TRUE);
    }
  return NULL;
}

/**
 * cau_xmpp_parse_nick_event:
 * @message: a message stanza
 * @publisher: (out): the bare JID that published, normalised
 * @nick: (out) (nullable): the nickname, or %NULL when removed
 *
 * Returns: whether @message is a PEP nickname event from a bare JID
 */
gboolean
cau_xmpp_parse_nick_event (xmpp_stanza_t  *message,
                           char          **publisher,
                           char          **nick)
{
  xmpp_stanza_t *event = xmpp_stanza_get_child_by_name_and_ns (message, "event",
                                                               CAU_NS_PUBSUB_EVENT);
  xmpp_stanza_t *items = child (event, "items");
  xmpp_stanza_t *item, *element;
  g_autofree char *bare = NULL;
  g_autofree char *resource = NULL;
  g_autofree char *text = NULL;

  *publisher = NULL;
  *nick = NULL;
  if (items == NULL || g_strcmp0 (xmpp_stanza_get_attribute (items, "node"), CAU_NODE_NICK) != 0)
    return FALSE;

  /* PEP events come from the publisher's bare JID (XEP-0163 §4.3.2). */
  bare = cau_xmpp_jid_normalize_bare (xmpp_stanza_get_from (message), &resource);
  if (bare == NULL || resource != NULL)
    return FALSE;

  item = child (items, "item");
  element = item ? xmpp_stanza_get_child_by_name_and_ns (item, "nick", CAU_NS_NICK) : NULL;
  if (item == NULL && child (items, "retract") == NULL)
    return FALSE;
  if (element != NULL)
    {
      text = clean_text (element, CAU_XMPP_MAX_NICK, FALSE);
    }
  *publisher = g_steal_pointer (&bare);
  *nick = g_steal_pointer (&text);
  return TRUE;
}

/* Plain structs. */

CauXmppVcard *
cau_xmpp_vcard_new (void)
{
  CauXmppVcard *vcard = g_new0 (CauXmppVcard, 1);

  vcard->emails = g_new0 (char *, 1);
  vcard->phones = g_new0 (char *, 1);
  vcard->urls = g_new0 (char *, 1);
  return vcard;
}

CauXmppVcard *
cau_xmpp_vcard_copy (const CauXmppVcard *vcard)
{
  CauXmppVcard *copy;

  if (vcard == NULL)
    return NULL;
  copy = g_new0 (CauXmppVcard, 1);
  copy->full_name = g_strdup (vcard->full_name);
  copy->nickname = g_strdup (vcard->nickname);
  copy->emails = g_strdupv (vcard->emails);
  copy->phones = g_strdupv (vcard->phones);
  copy->urls = g_strdupv (vcard->urls);
  copy->organisation = g_strdup (vcard->organisation);
  copy->locality = g_strdup (vcard->locality);
  copy->country = g_strdup (vcard->country);
  copy->birthday = g_strdup (vcard->birthday);
  copy->note = g_strdup (vcard->note);
  return copy;
}

void
cau_xmpp_vcard_free (CauXmppVcard *vcard)
{
  if (vcard == NULL)
    return;
  g_free (vcard->full_name);
  g_free (vcard->nickname);
  g_strfreev (vcard->emails);
  g_strfreev (vcard->phones);
  g_strfreev (vcard->urls);
  g_free (vcard->organisation);
  g_free (vcard->locality);
  g_free (vcard->country);
  g_free (vcard->birthday);
  g_free (vcard->note);
  g_free (vcard);
}

gboolean
cau_xmpp_vcard_is_empty (const CauXmppVcard *vcard)
{
  return vcard == NULL ||
         (vcard->full_name == NULL && vcard->nickname == NULL &&
          (vcard->emails == NULL || vcard->emails[0] == NULL) &&
          (vcard->phones == NULL || vcard->phones[0] == NULL) &&
          (vcard->urls == NULL || vcard->urls[0] == NULL) &&
          vcard->organisation == NULL && vcard->locality == NULL &&
          vcard->country == NULL && vcard->birthday == NULL && vcard->note == NULL);
}

CauXmppSoftware *
cau_xmpp_software_copy (const CauXmppSoftware *software)
{
  CauXmppSoftware *copy;

  if (software == NULL)
    return NULL;
  copy = g_new0 (CauXmppSoftware, 1);
  copy->name = g_strdup (software->name);
  copy->version = g_strdup (software->version);
  copy->os = g_strdup (software->os);
  return copy;
}

void
cau_xmpp_software_free (CauXmppSoftware *software)
{
  if (software == NULL)
    return;
  g_free (software->name);
  g_free (software->version);
  g_free (software->os);
  g_free (software);
}
