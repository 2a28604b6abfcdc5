/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

#include <gio/gio.h>

#include "core/cau-account.h"
#include "core/cau-omemo-device.h"
#include "core/cau-omemo-fingerprint.h"

G_BEGIN_DECLS

/*
 * The OMEMO devices of one address as the account knows them (a contact's, or our own
 * account's), a GListModel of CauOmemoDevice: published ones first, then those no longer
 * published; on our own list this installation's device comes first. Read from the store on
 * the main thread and followed as the engine stores device lists and learns keys.
 *
 * Each reading ends with CauOmemoDeviceList::reloaded. Trust decisions are written at once; the engine reads them before each message it
 * encrypts, so they apply from the next one.
 */
#define CAU_TYPE_OMEMO_DEVICE_LIST (cau_omemo_device_list_get_type ())
G_DECLARE_FINAL_TYPE (CauOmemoDeviceList, cau_omemo_device_list, CAU, OMEMO_DEVICE_LIST, GObject)

CauOmemoDeviceList *cau_omemo_device_list_new              (CauAccount          *account,
                                                            const char          *jid);
CauAccount         *cau_omemo_device_list_get_account      (CauOmemoDeviceList  *self);
const char         *cau_omemo_device_list_get_jid          (CauOmemoDeviceList  *self);
/* The list of our own account's devices. */
gboolean            cau_omemo_device_list_get_is_own       (CauOmemoDeviceList  *self);
/* This installation's device (own list only; NULL until the account first went online). */
CauOmemoDevice     *cau_omemo_device_list_get_this_device  (CauOmemoDeviceList  *self);
CauOmemoDevice     *cau_omemo_device_list_find             (CauOmemoDeviceList  *self,
                                                            guint32              device_id);
/* Own list: the link others scan to verify this device (and our other verified ones). */
char               *cau_omemo_device_list_dup_verification_uri (CauOmemoDeviceList *self);

void                cau_omemo_device_list_reload           (CauOmemoDeviceList  *self);
gboolean            cau_omemo_device_list_set_trust        (CauOmemoDeviceList  *self,
                                                            guint32              device_id,
                                                            CauOmemoTrust        trust,
                                                            GError             **error);
/* Marks the devices named VERIFIED if each one's known key has the fingerprint given;
 * otherwise changes nothing and says which does not match. */
gboolean            cau_omemo_device_list_verify           (CauOmemoDeviceList  *self,
                                                            const CauOmemoFingerprint *fingerprints,
                                                            guint                n_fingerprints,
                                                            GError             **error);
/* A fingerprint a person pasted: the device that has it is marked VERIFIED. */
CauOmemoDevice     *cau_omemo_device_list_verify_fingerprint (CauOmemoDeviceList *self,
                                                              const char         *text,
                                                              GError            **error);
/* Own list: takes a stale device of ours out of our published device list (online only). */
gboolean            cau_omemo_device_list_remove           (CauOmemoDeviceList  *self,
                                                            guint32              device_id,
                                                            GError             **error);

G_END_DECLS
