/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A server certificate that failed verification, as shown to a person. */
#define CAU_TYPE_CERTIFICATE (cau_certificate_get_type ())
G_DECLARE_FINAL_TYPE (CauCertificate, cau_certificate, CAU, CERTIFICATE, GObject)

const char         *cau_certificate_get_subject     (CauCertificate *self);
const char         *cau_certificate_get_issuer      (CauCertificate *self);
const char * const *cau_certificate_get_names       (CauCertificate *self);
const char         *cau_certificate_get_not_before  (CauCertificate *self);
const char         *cau_certificate_get_not_after   (CauCertificate *self);
/* Lower-case hex without separators. */
const char         *cau_certificate_get_sha256      (CauCertificate *self);
/* Grouped for display: "AB:CD:…". */
char               *cau_certificate_format_sha256   (CauCertificate *self);
/* Why it failed, translated where we know the reason. */
const char         *cau_certificate_get_error       (CauCertificate *self);

G_END_DECLS
