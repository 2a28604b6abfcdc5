/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/*
 * One online device of a contact, as its profile shows it: its address and
 * the software it runs, once the device said (XEP-0092, or the client name
 * of its disco#info). All text is the network's: never markup.
 */
#define CAU_TYPE_PROFILE_DEVICE (cau_profile_device_get_type ())
G_DECLARE_FINAL_TYPE (CauProfileDevice, cau_profile_device, CAU, PROFILE_DEVICE, GObject)

/* Full JID. */
const char *cau_profile_device_get_jid        (CauProfileDevice *self);
const char *cau_profile_device_get_resource   (CauProfileDevice *self);
/* Whether its software is still being asked for. */
gboolean    cau_profile_device_get_loading    (CauProfileDevice *self);
/* Each nullable. */
const char *cau_profile_device_get_software   (CauProfileDevice *self);
const char *cau_profile_device_get_version    (CauProfileDevice *self);
const char *cau_profile_device_get_os         (CauProfileDevice *self);

G_END_DECLS
