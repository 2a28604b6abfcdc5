/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-omemo-fingerprint.h"
#include "cau-account-manager.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#define KEY_TYPE_DJB 0x05
#define KEY_BYTES    32
#define HEX_DIGITS   (KEY_BYTES * 2)
#define GROUP_DIGITS 8
#define SID_PARAM    "omemo-sid-"

/**
 * cau_omemo_fingerprint_from_key:
 * @identity_key: a legacy OMEMO identity key as the store keeps it (0x05 ‖ X25519)
 *
 * Returns: (transfer full) (nullable): its fingerprint, 64 lower-case hex digits; NULL when
 *   the key is not a 33-byte key of type 0x05
 */
char *
cau_omemo_fingerprint_from_key (GBytes *identity_key)
{
  const guint8 *data;
  gsize size;
  GString *hex;

  if (identity_key == NULL)
    return NULL;
  data = g_bytes_get_data (identity_key, &size);
  if (size != KEY_BYTES + 1 || data[0] != KEY_TYPE_DJB)
    return NULL;

  hex = g_string_sized_new (HEX_DIGITS);
  for (gsize i = 1; i < size; i++)
    g_string_append_printf (hex, "%02x", data[i]);
  return g_string_free (hex, FALSE);
}

/**
 * cau_omemo_fingerprint_format:
 * @fingerprint: 64 hex digits
 *
 * Returns: (transfer full): the fingerprint in groups of eight digits separated by spaces, as
 *   people read it out
 */
char *
cau_omemo_fingerprint_format (const char *fingerprint)
{
  GString *text;
  gsize length;

  g_return_val_if_fail (fingerprint != NULL, NULL);

  length = strlen (fingerprint);
  text = g_string_sized_new (length + length / GROUP_DIGITS);
  for (gsize i = 0; i < length; i++)
    {
      if (i > 0 && i % GROUP_DIGITS == 0)
        g_string_append_c (text, ' ');
      g_string_append_c (text, g_ascii_tolower (fingerprint[i]));
    }
  return g_string_free (text, FALSE);
}

/**
 * cau_omemo_fingerprint_normalize:
 * @text: a fingerprint as a person pasted it: hex digits in either case, maybe grouped by
 *   spaces, colons or line breaks
 *
 * Returns: (transfer full) (nullable): the 64 lower-case digits, or NULL when @text is not
 *   a whole fingerprint
 */
char *
cau_omemo_fingerprint_normalize (const char *text)
{
  g_autoptr(GString) digits = NULL;

  g_return_val_if_fail (text != NULL, NULL);

  digits = g_string_sized_new (HEX_DIGITS);
  for (const char *p = text; *p != '\0'; p++)
    {
      if (g_ascii_isxdigit (*p))
        {
          if (digits->len == HEX_DIGITS)
            return NULL;
          g_string_append_c (digits, g_ascii_tolower (*p));
        }
      else if (*p != ' ' && *p != ':' && *p != '\n' && *p != '\r' && *p != '\t')
        return NULL;
    }
  if (digits->len != HEX_DIGITS)
    return NULL;
  return g_string_free (g_steal_pointer (&digits), FALSE);
}

/**
 * cau_omemo_fingerprint_uri:
 * @jid: a bare JID
 * @fingerprints: (array length=n_fingerprints): devices of @jid and their fingerprints
 * @n_fingerprints: how many, at least one
 *
 * Returns: (transfer full): the verification link of those devices, as Conversations makes
 *   it: `xmpp:JID?omemo-sid-ID=FINGERPRINT;omemo-sid-…`
 */
char *
cau_omemo_fingerprint_uri (const char                *jid,
                           const CauOmemoFingerprint *fingerprints,
                           guint                      n_fingerprints)
{
  g_autofree char *escaped = NULL;
  GString *uri;

  g_return_val_if_fail (jid != NULL, NULL);
  g_return_val_if_fail (fingerprints != NULL && n_fingerprints > 0, NULL);

  /* What would end the address (?, ;, #, /) or is not ASCII is percent-encoded. */
  escaped = g_uri_escape_string (jid, "@!$&'()*+,=:", FALSE);
  uri = g_string_new ("xmpp:");
  g_string_append (uri, escaped);
  for (guint i = 0; i < n_fingerprints; i++)
    g_string_append_printf (uri, "%c" SID_PARAM "%u=%s", i == 0 ? '?' : ';',
                            fingerprints[i].device_id, fingerprints[i].fingerprint);
  return g_string_free (uri, FALSE);
}

static void
fingerprint_clear (gpointer data)
{
  g_free (((CauOmemoFingerprint *) data)->fingerprint);
}

/* A device id: decimal digits only, 1 … 2^31 − 1 (XEP-0384 §5.1). */
static gboolean
parse_device_id (const char *text,
                 guint32    *device_id)
{
  guint64 value = 0;

  if (*text == '\0' || strlen (text) > 10)
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    {
      if (!g_ascii_isdigit (*p))
        return FALSE;
      value = value * 10 + (guint64) (*p - '0');
    }
  if (value == 0 || value > G_MAXINT32)
    return FALSE;
  *device_id = (guint32) value;
  return TRUE;
}

static gboolean
invalid_link (GError **error)
{
  g_set_error_literal (error, CAU_CORE_ERROR, CAU_CORE_ERROR_INVALID_FINGERPRINT,
                       _("This link’s encryption fingerprints are not valid."));
  return FALSE;
}

/* One omemo-sid-ID=FINGERPRINT pair into `fingerprints`: a device named twice must have one
 * fingerprint. */
static gboolean
add_pair (GArray      *fingerprints,
          const char  *key,
          const char  *value,
          GError     **error)
{
  g_autofree char *decoded = g_uri_unescape_string (value, NULL);
  g_autofree char *fingerprint = NULL;
  CauOmemoFingerprint entry = { 0 };

  if (decoded == NULL || !parse_device_id (key + strlen (SID_PARAM), &entry.device_id))
    return invalid_link (error);
  /* A link carries the digits alone; grouped ones are a person's paste, not a link's. */
  if (strlen (decoded) != HEX_DIGITS || (fingerprint = cau_omemo_fingerprint_normalize (decoded)) == NULL)
    return invalid_link (error);

  for (guint i = 0; i < fingerprints->len; i++)
    {
      const CauOmemoFingerprint *known = &g_array_index (fingerprints, CauOmemoFingerprint, i);

      if (known->device_id == entry.device_id)
        return g_str_equal (known->fingerprint, fingerprint) ? TRUE : invalid_link (error);
    }
  if (fingerprints->len == CAU_OMEMO_FINGERPRINTS_MAX)
    return invalid_link (error);
  entry.fingerprint = g_steal_pointer (&fingerprint);
  g_array_append_val (fingerprints, entry);
  return TRUE;
}

/**
 * cau_omemo_fingerprints_from_query:
 * @pairs: the `key=value` pairs of an xmpp: link's query, split at `;`, still percent-encoded
 *
 * Reads the `omemo-sid-ID=FINGERPRINT` pairs (keys in any case); other pairs are left to
 * the caller. A malformed one (an id that is not 1 … 2^31 − 1, a value that is not 64 hex
 * digits, a device named twice with two fingerprints, more than
 * %CAU_OMEMO_FINGERPRINTS_MAX devices) refuses the whole link: nobody can tell what it meant.
 *
 * Returns: (transfer full) (nullable): a #GArray of #CauOmemoFingerprint (maybe empty), or
 *   NULL with @error set (%CAU_CORE_ERROR_INVALID_FINGERPRINT, translated)
 */
GArray *
cau_omemo_fingerprints_from_query (const char * const  *pairs,
                                   GError             **error)
{
  g_autoptr(GArray) fingerprints = g_array_new (FALSE, TRUE, sizeof (CauOmemoFingerprint));

  g_return_val_if_fail (pairs != NULL, NULL);

  g_array_set_clear_func (fingerprints, fingerprint_clear);
  for (guint i = 0; pairs[i] != NULL; i++)
    {
      const char *equals = strchr (pairs[i], '=');
      g_autofree char *key = NULL;

      if (g_ascii_strncasecmp (pairs[i], SID_PARAM, strlen (SID_PARAM)) != 0)
        continue;
      if (equals == NULL)
        {
          invalid_link (error);
          return NULL;
        }
      key = g_ascii_strdown (pairs[i], equals - pairs[i]);
      if (!add_pair (fingerprints, key, equals + 1, error))
        return NULL;
    }
  return g_steal_pointer (&fingerprints);
}
