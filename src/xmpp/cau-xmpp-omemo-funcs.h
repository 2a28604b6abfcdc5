/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

/*
 * What the engine needs from OMEMO's keys (src/omemo) to speak the protocol. The model
 * implements it on the account's key store and hands it to the client; every function runs on
 * the engine thread. Trust decisions are the implementation's: the engine only asks which
 * devices to set sessions up with and to encrypt to.
 */

#include <glib.h>

#include "xmpp/cau-xmpp-message.h"
#include "xmpp/cau-xmpp-omemo-types.h"

G_BEGIN_DECLS

typedef struct {
  /* Our device's id; 0 when OMEMO cannot run here (nothing is then published or read). */
  guint32                 (*get_device_id)           (gpointer                      data);
  /* Our bundle in `version`'s forms, for publishing; NULL on failure. */
  CauXmppOmemoBundle     *(*get_bundle)              (gpointer                      data,
                                                      CauXmppOmemoVersion           version);
  /* The device list `jid` (a contact, or our own account) publishes now. */
  void                    (*store_device_list)       (gpointer                      data,
                                                      const char                   *jid,
                                                      const CauXmppOmemoDeviceList *list);
  /* `jid`'s devices we would reach with `version` that have no session of it yet (guint32):
   * for OMEMO 2, those in its list; for legacy, those in the legacy list not reachable by
   * OMEMO 2. Never our own device. */
  GArray                 *(*devices_without_session) (gpointer                      data,
                                                      const char                   *jid,
                                                      CauXmppOmemoVersion           version);
  /* A bundle fetched from `jid`: starts a session with that device. */
  gboolean                (*build_session)           (gpointer                      data,
                                                      const char                   *jid,
                                                      const CauXmppOmemoBundle     *bundle,
                                                      GError                      **error);
  /* Encrypts to the devices of `peers` (NULL-terminated: a contact, or a room's members) and
   * our own other ones, each in the protocol it is reached with; every peer must be reached on
   * one device at least: OMEMO 2 where the device offers it and has a session of it, else legacy. `legacy` is
   * the body, `omemo2` its SCE envelope; both NULL for key transport. FALSE with *failure set
   * when nothing may be sent; else one or both of *legacy_out and *omemo2_out are set. */
  gboolean                (*encrypt)                 (gpointer                      data,
                                                      const char * const           *peers,
                                                      GBytes                       *legacy,
                                                      GBytes                       *omemo2,
                                                      CauXmppOmemoEncrypted       **legacy_out,
                                                      CauXmppOmemoEncrypted       **omemo2_out,
                                                      CauXmppCryptoError           *failure);
  /* An empty message (key transport) to one device, through its session of `version`: it
   * acknowledges a key exchange, or carries a new session to repair a broken one. NULL when
   * there is no session. */
  CauXmppOmemoEncrypted  *(*encrypt_empty)           (gpointer                      data,
                                                      const char                   *jid,
                                                      guint32                       device_id,
                                                      CauXmppOmemoVersion           version);
  /* Decrypts `key`, the one for our device, of a message `sender` sent; *plaintext NULL for
   * key transport. */
  CauXmppCryptoError      (*decrypt)                 (gpointer                      data,
                                                      const char                   *sender,
                                                      const CauXmppOmemoEncrypted  *encrypted,
                                                      const CauXmppOmemoKey        *key,
                                                      GBytes                      **plaintext);
  /* The catch-up is over: pre-keys used meanwhile are replaced. TRUE when the bundle changed
   * and must be published again. */
  gboolean                (*refill_pre_keys)         (gpointer                      data);
} CauXmppOmemoFuncs;

G_END_DECLS
