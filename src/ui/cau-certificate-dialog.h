/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

#include <adwaita.h>

#include "core/cau-certificate.h"

G_BEGIN_DECLS

#define CAU_TYPE_CERTIFICATE_DIALOG (cau_certificate_dialog_get_type ())
G_DECLARE_FINAL_TYPE (CauCertificateDialog, cau_certificate_dialog, CAU, CERTIFICATE_DIALOG,
                      AdwMessageDialog)

CauCertificateDialog *cau_certificate_dialog_new           (GtkWindow            *parent,
                                                            const char           *server,
                                                            CauCertificate       *certificate);
CauCertificate       *cau_certificate_dialog_get_certificate (CauCertificateDialog *self);

/* Shows the dialog; the result says whether the person trusts the certificate. */
void                  cau_certificate_dialog_choose_async  (GtkWindow            *parent,
                                                            const char           *server,
                                                            CauCertificate       *certificate,
                                                            GCancellable         *cancellable,
                                                            GAsyncReadyCallback   callback,
                                                            gpointer              user_data);
gboolean              cau_certificate_dialog_choose_finish (GAsyncResult         *result,
                                                            GError              **error);

G_END_DECLS
