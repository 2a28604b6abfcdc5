/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-certificate.h"
#include "cau-core-private.h"

#include <glib/gi18n-lib.h>
#include <string.h>

struct _CauCertificate
{
  GObject   parent_instance;

  char     *subject;
  char     *issuer;
  char    **names;
  char     *not_before;
  char     *not_after;
  char     *sha256;
  char     *error;
};

G_DEFINE_FINAL_TYPE (CauCertificate, cau_certificate, G_TYPE_OBJECT)

static void
cau_certificate_finalize (GObject *object)
{
  CauCertificate *self = CAU_CERTIFICATE (object);

  g_free (self->subject);
  g_free (self->issuer);
  g_strfreev (self->names);
  g_free (self->not_before);
  g_free (self->not_after);
  g_free (self->sha256);
  g_free (self->error);

  G_OBJECT_CLASS (cau_certificate_parent_class)->finalize (object);
}

static void
cau_certificate_class_init (CauCertificateClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cau_certificate_finalize;
}

static void
cau_certificate_init (CauCertificate *self)
{
}

/* OpenSSL's verification errors, in words a person can act on. */
static char *
explain_error (const char *error)
{
  if (error == NULL)
    return g_strdup (_("The certificate could not be verified."));
  if (strstr (error, "self-signed") || strstr (error, "self signed"))
    return g_strdup (_("The certificate is self-signed: no known authority vouches for it."));
  if (strstr (error, "unable to get local issuer") || strstr (error, "unable to get issuer"))
    return g_strdup (_("The certificate was issued by an authority this system does not know."));
  if (strstr (error, "expired"))
    return g_strdup (_("The certificate has expired."));
  if (strstr (error, "not yet valid"))
    return g_strdup (_("The certificate is not valid yet."));
  if (strstr (error, "hostname mismatch") || strstr (error, "Hostname mismatch"))
    return g_strdup (_("The certificate was made for another server name."));
  if (strstr (error, "revoked"))
    return g_strdup (_("The certificate has been revoked."));
  /* TRANSLATORS: %s is the verifier's own English message */
  return g_strdup_printf (_("The certificate could not be verified (%s)."), error);
}

CauCertificate *
cau_certificate_new_from_info (const CauXmppCertInfo *info)
{
  CauCertificate *self;

  g_return_val_if_fail (info != NULL, NULL);

  self = g_object_new (CAU_TYPE_CERTIFICATE, NULL);
  self->subject = g_strdup (info->subject ? info->subject : "");
  self->issuer = g_strdup (info->issuer ? info->issuer : "");
  self->names = info->names ? g_strdupv (info->names) : g_new0 (char *, 1);
  self->not_before = g_strdup (info->not_before ? info->not_before : "");
  self->not_after = g_strdup (info->not_after ? info->not_after : "");
  self->sha256 = g_strdup (info->sha256 ? info->sha256 : "");
  self->error = explain_error (info->error);
  return self;
}

const char *
cau_certificate_get_subject (CauCertificate *self)
{
  g_return_val_if_fail (CAU_IS_CERTIFICATE (self), NULL);
  return self->subject;
}

const char *
cau_certificate_get_issuer (CauCertificate *self)
{
  g_return_val_if_fail (CAU_IS_CERTIFICATE (self), NULL);
  return self->issuer;
}

const char * const *
cau_certificate_get_names (CauCertificate *self)
{
  g_return_val_if_fail (CAU_IS_CERTIFICATE (self), NULL);
  return (const char * const *) self->names;
}

const char *
cau_certificate_get_not_before (CauCertificate *self)
{
  g_return_val_if_fail (CAU_IS_CERTIFICATE (self), NULL);
  return self->not_before;
}

const char *
cau_certificate_get_not_after (CauCertificate *self)
{
  g_return_val_if_fail (CAU_IS_CERTIFICATE (self), NULL);
  return self->not_after;
}

const char *
cau_certificate_get_sha256 (CauCertificate *self)
{
  g_return_val_if_fail (CAU_IS_CERTIFICATE (self), NULL);
  return self->sha256;
}

/**
 * cau_certificate_format_sha256:
 * @self: a certificate
 *
 * Returns: (transfer full): the fingerprint in upper-case pairs joined by
 *   colons, as other tools show it
 */
char *
cau_certificate_format_sha256 (CauCertificate *self)
{
  GString *out;

  g_return_val_if_fail (CAU_IS_CERTIFICATE (self), NULL);

  out = g_string_new (NULL);
  for (gsize i = 0; self->sha256[i]; i++)
    {
      if (i > 0 && i % 2 == 0)
        g_string_append_c (out, ':');
      g_string_append_c (out, g_ascii_toupper (self->sha256[i]));
    }
  return g_string_free (out, FALSE);
}

const char *
cau_certificate_get_error (CauCertificate *self)
{
  g_return_val_if_fail (CAU_IS_CERTIFICATE (self), NULL);
  return self->error;
}
