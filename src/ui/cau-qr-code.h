/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* A QR code of a text (libqrencode, error correction M), drawn as dark squares on a light
 * square with a quiet zone of four modules, at a whole number of pixels per module so that
 * cameras read it sharp; light even in the dark style, as scanners expect. */
#define CAU_TYPE_QR_CODE (cau_qr_code_get_type ())
G_DECLARE_FINAL_TYPE (CauQrCode, cau_qr_code, CAU, QR_CODE, GtkWidget)

GtkWidget  *cau_qr_code_new       (void);
const char *cau_qr_code_get_text  (CauQrCode  *self);
/* Modules per side, quiet zone included; 0 without a text (or one too long to encode). */
guint       cau_qr_code_get_size  (CauQrCode  *self);
gboolean    cau_qr_code_get_dark  (CauQrCode  *self,
                                   guint       x,
                                   guint       y);
void        cau_qr_code_set_text  (CauQrCode  *self,
                                   const char *text);

G_END_DECLS
