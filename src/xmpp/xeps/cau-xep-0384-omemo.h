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

#include "xmpp/cau-xmpp-omemo-types.h"
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
/* The node a publication built above goes to. */
const char    *cau_xmpp_omemo_publish_node              (xmpp_stanza_t          *publish_iq);
/* Our OMEMO node `node` set to the options our publications ask for. */
xmpp_stanza_t *cau_xmpp_build_omemo_node_configure      (xmpp_ctx_t             *ctx,
                                                         const char             *iq_id,
                                                         const char             *node);
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
/* Only `version`'s <encrypted/>: a message can carry one of each. */
CauXmppOmemoEncrypted  *cau_xmpp_parse_omemo_encrypted_version  (xmpp_stanza_t        *message,
                                                                 CauXmppOmemoVersion   version,
                                                                 GError              **error);

G_END_DECLS
