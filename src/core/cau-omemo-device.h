/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* What the owner decided about a device (the store's values). */
typedef enum {
  CAU_OMEMO_TRUST_UNDECIDED,    /* new, and the owner must decide: nothing is encrypted to it */
  CAU_OMEMO_TRUST_TRUSTED,      /* trusted without verification */
  CAU_OMEMO_TRUST_VERIFIED,     /* its fingerprint was checked */
  CAU_OMEMO_TRUST_DISTRUSTED,   /* never encrypted to; its messages are marked */
} CauOmemoTrust;

#define CAU_TYPE_OMEMO_TRUST (cau_omemo_trust_get_type ())
GType cau_omemo_trust_get_type (void);

/*
 * One OMEMO device of an address (a contact's, or one of our account's), as the trust pages
 * show it. Updated in place by its CauOmemoDeviceList when the store changes.
 */
#define CAU_TYPE_OMEMO_DEVICE (cau_omemo_device_get_type ())
G_DECLARE_FINAL_TYPE (CauOmemoDevice, cau_omemo_device, CAU, OMEMO_DEVICE, GObject)

guint32        cau_omemo_device_get_id               (CauOmemoDevice *self);
/* 64 lower-case hex digits; NULL until a session or bundle told us its key. */
const char    *cau_omemo_device_get_fingerprint      (CauOmemoDevice *self);
/* The same in eight groups of eight digits (nullable). */
const char    *cau_omemo_device_get_fingerprint_text (CauOmemoDevice *self);
/* The network's (OMEMO 2 labels), nullable, never markup. */
const char    *cau_omemo_device_get_label            (CauOmemoDevice *self);
CauOmemoTrust  cau_omemo_device_get_trust            (CauOmemoDevice *self);
/* In a device list its owner publishes now. */
gboolean       cau_omemo_device_get_active           (CauOmemoDevice *self);
/* This installation's own device. */
gboolean       cau_omemo_device_get_this_device      (CauOmemoDevice *self);
/* Unix seconds: the last list naming it, or the first contact with it. */
gint64         cau_omemo_device_get_last_seen        (CauOmemoDevice *self);

G_END_DECLS
