/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-xmpp-uri.h"
#include "cau-ui-utils.h"
#include "core/cau-account-manager.h"

#include <glib/gi18n.h>
#include <string.h>

/* Longest name or group taken from a link, in characters. */
#define FIELD_CHARS 100

void
cau_xmpp_uri_free (CauXmppUri *uri)
{
  if (uri == NULL)
    return;
  g_free (uri->jid);
  g_free (uri->account);
  g_free (uri->name);
  g_free (uri->group);
  g_clear_pointer (&uri->fingerprints, g_array_unref);
  g_free (uri);
}

static gboolean
invalid (GError **error)
{
  g_set_error_literal (error, CAU_UI_ERROR, CAU_UI_ERROR_INVALID_URI,
                       _("This xmpp: link is not valid."));
  return FALSE;
}

/* A bare JID from the percent-encoded text of a link: the resource, if
 * any, is left out (a chat or a contact is with the whole address). */
static char *
decode_jid (const char  *encoded,
            gsize        length,
            GError     **error)
{
  g_autofree char *raw = g_strndup (encoded, length);
  g_autofree char *decoded = NULL;
  g_autoptr(GError) local = NULL;
  char *slash = strchr (raw, '/');
  char *jid;

  if (slash != NULL)
    *slash = '\0';
  decoded = g_uri_unescape_string (raw, NULL);
  if (decoded == NULL || *decoded == '\0' || !g_utf8_validate (decoded, -1, NULL))
    {
      invalid (error);
      return NULL;
    }

  jid = cau_account_manager_normalize_jid (decoded, &local);
  if (jid == NULL)
    {
      g_set_error (error, CAU_UI_ERROR, CAU_UI_ERROR_INVALID_URI,
                   /* TRANSLATORS: %s says what is wrong with the address */
                   _("This xmpp: link has no valid address: %s"), local->message);
      return NULL;
    }
  return jid;
}

/* A value of the query (name=…), decoded, one line, not too long. */
static char *
decode_value (const char *encoded)
{
  g_autofree char *decoded = g_uri_unescape_string (encoded, NULL);
  g_autofree char *line = NULL;

  if (decoded == NULL || !g_utf8_validate (decoded, -1, NULL))
    return NULL;
  line = cau_text_one_line (decoded, FIELD_CHARS);
  if (*line == '\0')
    return NULL;
  return g_steal_pointer (&line);
}

static gboolean
parse_query (CauXmppUri  *result,
             const char  *query,
             GError     **error)
{
  g_auto(GStrv) pairs = g_strsplit (query, ";", -1);
  const char *action = pairs[0];

  /* OMEMO fingerprints may come with any action; they are checked against the devices we
   * know before anything is marked verified. */
  g_clear_pointer (&result->fingerprints, g_array_unref);
  result->fingerprints = cau_omemo_fingerprints_from_query ((const char * const *) pairs, error);
  if (result->fingerprints == NULL)
    return FALSE;

  if (*action == '\0' || g_str_equal (action, "message") ||
      g_ascii_strncasecmp (action, "omemo-sid-", strlen ("omemo-sid-")) == 0)
    {
      /* Nothing else is taken from the link: what to write is for the
       * person to decide (keys such as body= are ignored). */
      result->action = CAU_XMPP_URI_MESSAGE;
      return TRUE;
    }
  if (g_str_equal (action, "join"))
    {
      /* The Join a Room dialog shows the address; the person chooses the nickname. A
       * password in the link (;password=) is not taken: links travel in the open. */
      result->action = CAU_XMPP_URI_JOIN;
      return TRUE;
    }
  if (!g_str_equal (action, "roster") && !g_str_equal (action, "subscribe"))
    {
      g_set_error_literal (error, CAU_UI_ERROR, CAU_UI_ERROR_INVALID_URI,
                           _("This xmpp: link asks for something Causerie cannot do."));
      return FALSE;
    }

  /* Suggestions for the Add Contact dialog, where the person sees them. */
  result->action = CAU_XMPP_URI_ROSTER;
  for (guint i = 1; pairs[i] != NULL; i++)
    {
      if (g_str_has_prefix (pairs[i], "name=") && result->name == NULL)
        result->name = decode_value (pairs[i] + strlen ("name="));
      else if (g_str_has_prefix (pairs[i], "group=") && result->group == NULL)
        result->group = decode_value (pairs[i] + strlen ("group="));
    }
  return TRUE;
}

/**
 * cau_xmpp_uri_parse:
 * @uri: an xmpp: URI, percent-encoded
 * @error: why it is refused, translated
 *
 * Returns: (transfer full) (nullable): what the link asks for
 */
CauXmppUri *
cau_xmpp_uri_parse (const char  *uri,
                    GError     **error)
{
  g_autoptr(CauXmppUri) result = g_new0 (CauXmppUri, 1);
  g_autofree char *text = NULL;
  const char *path, *query, *hash;
  const char *no_pairs[] = { NULL };
  char *end;

  g_return_val_if_fail (uri != NULL, NULL);

  result->fingerprints = cau_omemo_fingerprints_from_query (no_pairs, NULL);

  if (g_ascii_strncasecmp (uri, "xmpp:", strlen ("xmpp:")) != 0)
    {
      g_set_error_literal (error, CAU_UI_ERROR, CAU_UI_ERROR_INVALID_URI,
                           _("Only xmpp: links can be opened."));
      return NULL;
    }

  /* The fragment is not ours to interpret. */
  text = g_strdup (uri + strlen ("xmpp:"));
  hash = strchr (text, '#');
  if (hash != NULL)
    text[hash - text] = '\0';

  path = text;
  /* xmpp://account@example.org/contact@example.net: which account to use. */
  if (g_str_has_prefix (path, "//"))
    {
      const char *authority = path + 2;
      const char *slash = strchr (authority, '/');

      if (slash == NULL || slash == authority)
        {
          invalid (error);
          return NULL;
        }
      result->account = decode_jid (authority, slash - authority, NULL);
      path = slash + 1;
    }

  query = strchr (path, '?');
  end = (char *) (query ? query : path + strlen (path));
  if (end == path)
    {
      invalid (error);
      return NULL;
    }
  result->jid = decode_jid (path, end - path, error);
  if (result->jid == NULL)
    return NULL;

  if (query != NULL && !parse_query (result, query + 1, error))
    return NULL;

  return g_steal_pointer (&result);
}
