/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-jid.h"

#include <glib/gi18n-lib.h>
#include <string.h>

G_DEFINE_QUARK (cau-jid-error-quark, cau_jid_error)

/* RFC 7622 limits each part to 1023 octets. */
#define PART_MAX 1023

static gboolean
localpart_valid (const char *local)
{
  /* RFC 7622 §3.3.1: these ASCII characters are forbidden in a localpart. */
  static const char forbidden[] = "\"&'/:<>@";

  for (const char *p = local; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c < 0x80 && strchr (forbidden, (int) c) != NULL)
        return FALSE;
      if (g_unichar_isspace (c) || g_unichar_iscntrl (c))
        return FALSE;
    }
  return TRUE;
}

static gboolean
domain_valid (const char *domain)
{
  gsize len = strlen (domain);

  if (len == 0 || len > PART_MAX)
    return FALSE;

  /* An IPv6 literal in brackets. */
  if (domain[0] == '[')
    return domain[len - 1] == ']' && len > 2;

  if (domain[0] == '.' || domain[len - 1] == '.' || strstr (domain, "..") != NULL)
    return FALSE;

  for (const char *p = domain; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c < 0x80)
        {
          if (!(g_ascii_isalnum ((char) c) || c == '-' || c == '.' || c == '_'))
            return FALSE;
        }
      else if (!g_unichar_isalnum (c) && !g_unichar_ismark (c))
        {
          return FALSE;
        }
    }
  return TRUE;
}

/**
 * cau_jid_split:
 * @jid: a JID as typed or received
 * @localpart: (out) (optional) (nullable): the part before `@`
 * @domainpart: (out) (optional): the domain, lower-cased
 * @resourcepart: (out) (optional) (nullable): the part after `/`
 * @error: the reason a JID is refused, translated
 *
 * Splits and validates a JID following RFC 7622, without the full
 * PRECIS profiles: forbidden characters, empty parts and length limits are
 * checked, the domain is case-folded.
 *
 * Returns: whether @jid is valid
 */
gboolean
cau_jid_split (const char  *jid,
               char       **localpart,
               char       **domainpart,
               char       **resourcepart,
               GError     **error)
{
  g_autofree char *local = NULL;
  g_autofree char *domain = NULL;
  g_autofree char *resource = NULL;
  const char *slash, *at, *domain_start;

  if (jid == NULL || *jid == '\0')
    {
      g_set_error_literal (error, CAU_JID_ERROR, CAU_JID_ERROR_EMPTY,
                           _("The address is empty."));
      return FALSE;
    }

  if (!g_utf8_validate (jid, -1, NULL))
    {
      g_set_error_literal (error, CAU_JID_ERROR, CAU_JID_ERROR_INVALID_DOMAIN,
                           _("The address is not valid text."));
      return FALSE;
    }

  slash = strchr (jid, '/');
  at = memchr (jid, '@', slash ? (gsize) (slash - jid) : strlen (jid));

  if (slash != NULL)
    {
      resource = g_strdup (slash + 1);
      if (*resource == '\0')
        {
          g_set_error_literal (error, CAU_JID_ERROR, CAU_JID_ERROR_INVALID_RESOURCE,
                               _("Nothing follows the “/” in the address."));
          return FALSE;
        }
      if (strlen (resource) > PART_MAX)
        {
          g_set_error_literal (error, CAU_JID_ERROR, CAU_JID_ERROR_TOO_LONG,
                               _("The address is too long."));
          return FALSE;
        }
    }

  if (at != NULL)
    {
      local = g_strndup (jid, at - jid);
      domain_start = at + 1;
      if (*local == '\0')
        {
          g_set_error_literal (error, CAU_JID_ERROR, CAU_JID_ERROR_NO_LOCALPART,
                               _("Nothing comes before the “@” in the address."));
          return FALSE;
        }
      if (strlen (local) > PART_MAX)
        {
          g_set_error_literal (error, CAU_JID_ERROR, CAU_JID_ERROR_TOO_LONG,
                               _("The address is too long."));
          return FALSE;
        }
      if (!localpart_valid (local))
        {
          g_set_error_literal (error, CAU_JID_ERROR, CAU_JID_ERROR_INVALID_LOCALPART,
                               _("The user name may not contain spaces or any of \" & ' / : < > @."));
          return FALSE;
        }
    }
  else
    {
      domain_start = jid;
    }

  domain = slash ? g_strndup (domain_start, slash - domain_start) : g_strdup (domain_start);
  if (*domain == '\0')
    {
      g_set_error_literal (error, CAU_JID_ERROR, CAU_JID_ERROR_INVALID_DOMAIN,
                           _("The address has no server name after the “@”."));
      return FALSE;
    }
  if (!domain_valid (domain))
    {
      g_set_error_literal (error, CAU_JID_ERROR, CAU_JID_ERROR_INVALID_DOMAIN,
                           _("The server name in the address is not valid."));
      return FALSE;
    }

  if (localpart)
    *localpart = g_steal_pointer (&local);
  if (domainpart)
    *domainpart = g_utf8_strdown (domain, -1);
  if (resourcepart)
    *resourcepart = g_steal_pointer (&resource);
  return TRUE;
}

/**
 * cau_jid_normalize_account:
 * @input: what a person typed as their address
 * @error: why it is refused
 *
 * Validates an account address: it needs a user name and a server, and
 * may not carry a resource. Surrounding white space is ignored.
 *
 * Returns: (transfer full) (nullable): the bare JID, domain lower-cased
 */
char *
cau_jid_normalize_account (const char  *input,
                           GError     **error)
{
  g_autofree char *stripped = NULL;
  g_autofree char *local = NULL;
  g_autofree char *domain = NULL;
  g_autofree char *resource = NULL;

  stripped = g_strstrip (g_strdup (input ? input : ""));
  if (!cau_jid_split (stripped, &local, &domain, &resource, error))
    return NULL;

  if (local == NULL)
    {
      g_set_error_literal (error, CAU_JID_ERROR, CAU_JID_ERROR_NO_LOCALPART,
                           _("Enter your full address, like name@example.org."));
      return NULL;
    }
  if (resource != NULL)
    {
      g_set_error_literal (error, CAU_JID_ERROR, CAU_JID_ERROR_INVALID_RESOURCE,
                           _("Leave out the “/” and what follows it."));
      return NULL;
    }

  return g_strconcat (local, "@", domain, NULL);
}

/**
 * cau_jid_bare:
 * @jid: a JID
 *
 * Returns: (transfer full): @jid without its resource
 */
char *
cau_jid_bare (const char *jid)
{
  const char *slash;

  g_return_val_if_fail (jid != NULL, NULL);

  slash = strchr (jid, '/');
  return slash ? g_strndup (jid, slash - jid) : g_strdup (jid);
}

/**
 * cau_jid_domain:
 * @jid: a JID
 *
 * Returns: (transfer full): the domain part of @jid
 */
char *
cau_jid_domain (const char *jid)
{
  g_autofree char *bare = NULL;
  const char *at;

  g_return_val_if_fail (jid != NULL, NULL);

  bare = cau_jid_bare (jid);
  at = strchr (bare, '@');
  return g_strdup (at ? at + 1 : bare);
}

/**
 * cau_jid_resource:
 * @jid: a JID
 *
 * Returns: (transfer full) (nullable): the resource of @jid, if any
 */
char *
cau_jid_resource (const char *jid)
{
  const char *slash;

  g_return_val_if_fail (jid != NULL, NULL);

  slash = strchr (jid, '/');
  return slash ? g_strdup (slash + 1) : NULL;
}

/**
 * cau_jid_is_bare_of:
 * @full_jid: (nullable): a JID, bare or full
 * @bare_jid: a bare JID
 *
 * Returns: whether @full_jid belongs to @bare_jid (domain compared
 *   case-insensitively)
 */
gboolean
cau_jid_is_bare_of (const char *full_jid,
                    const char *bare_jid)
{
  g_autofree char *bare = NULL;

  if (full_jid == NULL || bare_jid == NULL)
    return FALSE;

  bare = cau_jid_bare (full_jid);
  return g_ascii_strcasecmp (bare, bare_jid) == 0;
}
