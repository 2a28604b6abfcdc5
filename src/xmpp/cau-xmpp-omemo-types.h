/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

/*
 * OMEMO's data as the protocol carries it (XEP-0384, both formats): device lists, bundles and
 * the <encrypted/> element of a message. Plain data with owned copies, free of libstrophe, so
 * that the model can hand it to src/omemo; the stanzas are xeps/cau-xep-0384-omemo.h's.
 */

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  CAU_XMPP_OMEMO_LEGACY,   /* eu.siacs.conversations.axolotl */
  CAU_XMPP_OMEMO_2,        /* urn:xmpp:omemo:2 */
} CauXmppOmemoVersion;

#define CAU_XMPP_OMEMO_ERROR (cau_xmpp_omemo_error_quark ())
typedef enum {
  CAU_XMPP_OMEMO_ERROR_ABSENT,   /* not about OMEMO at all (another node, no <encrypted/>) */
  CAU_XMPP_OMEMO_ERROR_REFUSED,  /* an error answer, or not from whom it should be */
  CAU_XMPP_OMEMO_ERROR_INVALID,  /* about OMEMO, but malformed or hostile */
} CauXmppOmemoError;

GQuark cau_xmpp_omemo_error_quark (void);

/* Device ids (and pre-key ids) are 1 … 2^31 − 1 (XEP-0384 §5.1). */
gboolean cau_xmpp_omemo_id_is_valid (guint32 id);

/* Device lists. */

typedef struct {
  guint32  id;
  char    *label;      /* OMEMO 2 only, nullable; set only with labelsig */
  GBytes  *labelsig;   /* nullable; to be verified before the label is shown */
} CauXmppOmemoDevice;

typedef struct {
  CauXmppOmemoVersion  version;
  GArray              *devices;   /* of CauXmppOmemoDevice, no two with one id */
} CauXmppOmemoDeviceList;

CauXmppOmemoDeviceList *cau_xmpp_omemo_device_list_new  (CauXmppOmemoVersion     version);
void                    cau_xmpp_omemo_device_list_free (CauXmppOmemoDeviceList *list);
/* FALSE (and nothing added) for an invalid or already listed id. */
gboolean                cau_xmpp_omemo_device_list_add  (CauXmppOmemoDeviceList *list,
                                                         guint32                 id,
                                                         const char             *label,
                                                         GBytes                 *labelsig);
gboolean                cau_xmpp_omemo_device_list_has  (CauXmppOmemoDeviceList *list,
                                                         guint32                 id);
/* FALSE when the list does not name `id`. */
gboolean                cau_xmpp_omemo_device_list_remove (CauXmppOmemoDeviceList *list,
                                                           guint32                 id);

/* Bundles. */

typedef struct {
  guint32  id;
  GBytes  *public_key;
} CauXmppOmemoPreKey;

/* Keys as the format carries them: 33 bytes (0x05 ‖ X25519) in legacy
 * bundles, 32 (Ed25519 identity, X25519 pre-keys) in OMEMO 2 ones. */
typedef struct {
  CauXmppOmemoVersion  version;
  guint32              device_id;
  GBytes              *identity_key;
  guint32              signed_pre_key_id;
  GBytes              *signed_pre_key;
  GBytes              *signed_pre_key_signature;  /* 64 bytes */
  GArray              *pre_keys;                  /* of CauXmppOmemoPreKey */
} CauXmppOmemoBundle;

CauXmppOmemoBundle *cau_xmpp_omemo_bundle_new         (CauXmppOmemoVersion  version,
                                                       guint32              device_id);
void                cau_xmpp_omemo_bundle_free        (CauXmppOmemoBundle  *bundle);
void                cau_xmpp_omemo_bundle_add_pre_key (CauXmppOmemoBundle  *bundle,
                                                       guint32              id,
                                                       GBytes              *public_key);
/* The key size the version's bundles carry. */
gsize               cau_xmpp_omemo_public_key_size    (CauXmppOmemoVersion  version);

/* Encrypted messages. */

typedef struct {
  guint32   rid;
  char     *jid;       /* OMEMO 2: the recipient's bare JID; NULL in legacy */
  GBytes   *data;
  gboolean  prekey;    /* legacy prekey='true', OMEMO 2 kex='true' */
} CauXmppOmemoKey;

typedef struct {
  CauXmppOmemoVersion  version;
  guint32              sid;
  GArray              *keys;      /* of CauXmppOmemoKey */
  GBytes              *iv;        /* legacy only: 12 bytes (or 16, older clients) */
  GBytes              *payload;   /* NULL: a key-transport / empty message */
} CauXmppOmemoEncrypted;

CauXmppOmemoEncrypted *cau_xmpp_omemo_encrypted_new     (CauXmppOmemoVersion    version,
                                                         guint32                sid);
CauXmppOmemoEncrypted *cau_xmpp_omemo_encrypted_copy    (const CauXmppOmemoEncrypted *encrypted);
void                   cau_xmpp_omemo_encrypted_free    (CauXmppOmemoEncrypted *encrypted);
/* `jid` is required for OMEMO 2 and ignored in legacy. */
void                   cau_xmpp_omemo_encrypted_add_key (CauXmppOmemoEncrypted *encrypted,
                                                         const char            *jid,
                                                         guint32                rid,
                                                         GBytes                *data,
                                                         gboolean               prekey);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CauXmppOmemoDeviceList, cau_xmpp_omemo_device_list_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CauXmppOmemoBundle, cau_xmpp_omemo_bundle_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CauXmppOmemoEncrypted, cau_xmpp_omemo_encrypted_free)

G_END_DECLS
