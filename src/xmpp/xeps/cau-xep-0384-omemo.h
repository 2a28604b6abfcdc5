/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

/*
 * OMEMO (XEP-0384) stanzas, in both formats spoken today: the legacy
 * `eu.siacs.conversations.axolotl` one (Conversations, Dino, Gajim) and
 * OMEMO 2 (`urn:xmpp:omemo:2`). Pure functions: the device lists and
 * bundles published over PEP, and the <encrypted/> element of a message.
 * The crypto is src/omemo/; nothing here decrypts or verifies anything.
 *
 * Every parser reads what a stranger sent: it takes a document whole or
 * not at all, and says why not in a GError meant for debug logs only.
 */

#include <strophe.h>
#include <glib.h>

#include "xmpp/cau-xmpp-utils.h"

G_BEGIN_DECLS

#define CAU_NS_OMEMO_LEGACY          "eu.siacs.conversations.axolotl"
#define CAU_NS_OMEMO_LEGACY_DEVICES  "eu.siacs.conversations.axolotl.devicelist"
/* Followed by the device id: one node per device. */
#define CAU_NS_OMEMO_LEGACY_BUNDLES  "eu.siacs.conversations.axolotl.bundles:"
#define CAU_NS_OMEMO2                "urn:xmpp:omemo:2"
#define CAU_NS_OMEMO2_DEVICES        "urn:xmpp:omemo:2:devices"
/* One node for all devices, an item per device. */
#define CAU_NS_OMEMO2_BUNDLES        "urn:xmpp:omemo:2:bundles"

/* What we read at most from one stanza. */
#define CAU_XMPP_OMEMO_MAX_DEVICES   1000
#define CAU_XMPP_OMEMO_MAX_PRE_KEYS  200
#define CAU_XMPP_OMEMO_MAX_KEYS      1000    /* <key/>s in one message */
#define CAU_XMPP_OMEMO_MAX_KEY_BYTES 4096    /* one <key/>, decoded */
#define CAU_XMPP_OMEMO_MAX_PAYLOAD   (256 * 1024)
#define CAU_XMPP_OMEMO_MAX_LABEL     1024    /* bytes of a device's label */

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

/*
 * Builders. Publications go to our own PEP service (no `to`), with the
 * publish-options XEP-0384 asks for (§5.3.1, §5.3.2): an open access
 * model, and for OMEMO 2's shared bundles node, room for every device's
 * item. Requests go to `to`, a bare JID.
 */
xmpp_stanza_t *cau_xmpp_build_omemo_device_list_publish (xmpp_ctx_t             *ctx,
                                                         const char             *iq_id,
                                                         CauXmppOmemoDeviceList *list);
xmpp_stanza_t *cau_xmpp_build_omemo_bundle_publish      (xmpp_ctx_t             *ctx,
                                                         const char             *iq_id,
                                                         CauXmppOmemoBundle     *bundle);
xmpp_stanza_t *cau_xmpp_build_omemo_device_list_get     (xmpp_ctx_t             *ctx,
                                                         const char             *iq_id,
                                                         CauXmppOmemoVersion     version,
                                                         const char             *to);
xmpp_stanza_t *cau_xmpp_build_omemo_bundle_get          (xmpp_ctx_t             *ctx,
                                                         const char             *iq_id,
                                                         CauXmppOmemoVersion     version,
                                                         const char             *to,
                                                         guint32                 device_id);
/* Adds <encrypted/> to `message`. */
void           cau_xmpp_add_omemo_encrypted             (xmpp_stanza_t          *message,
                                                         CauXmppOmemoEncrypted  *encrypted);

/*
 * Parsers.
 *
 * A PEP notification of either device list node; it must come from a
 * bare JID, set normalised in *publisher. Another node:
 * CAU_XMPP_OMEMO_ERROR_ABSENT.
 */
CauXmppOmemoDeviceList *cau_xmpp_parse_omemo_device_list_event  (xmpp_stanza_t  *message,
                                                                 char          **publisher,
                                                                 GError        **error);
/*
 * The answers to cau_xmpp_build_omemo_device_list_get() and
 * cau_xmpp_build_omemo_bundle_get() sent to `from`; a missing `from` is
 * taken only when `from_is_own`. For a device list, an item-not-found
 * error or no item is an empty list (nobody published one).
 */
CauXmppOmemoDeviceList *cau_xmpp_parse_omemo_device_list_result (xmpp_stanza_t        *iq,
                                                                 CauXmppOmemoVersion   version,
                                                                 const char           *from,
                                                                 gboolean              from_is_own,
                                                                 GError              **error);
CauXmppOmemoBundle     *cau_xmpp_parse_omemo_bundle_result      (xmpp_stanza_t        *iq,
                                                                 CauXmppOmemoVersion   version,
                                                                 const char           *from,
                                                                 gboolean              from_is_own,
                                                                 guint32               device_id,
                                                                 GError              **error);
/* The <encrypted/> of a message, OMEMO 2's taken over a legacy one when
 * both are there. None: CAU_XMPP_OMEMO_ERROR_ABSENT. */
CauXmppOmemoEncrypted  *cau_xmpp_parse_omemo_encrypted          (xmpp_stanza_t        *message,
                                                                 GError              **error);

G_END_DECLS
