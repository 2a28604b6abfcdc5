/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

/*
 * Avatars: User Avatar over PEP (XEP-0084) and vCard-based avatars
 * (XEP-0153, XEP-0398). The stanzas only; the engine side is
 * cau-xmpp-avatars.h.
 *
 * An avatar is named by the SHA-1 of its bytes, as 40 lower-case hex
 * digits; that name is its file name in the cache, so every parser here
 * checks it strictly and every fetched image is checked against it.
 */

#include <strophe.h>
#include <glib.h>

#include "xmpp/cau-xmpp-utils.h"

G_BEGIN_DECLS

#define CAU_NS_AVATAR_DATA      "urn:xmpp:avatar:data"
#define CAU_NS_AVATAR_METADATA  "urn:xmpp:avatar:metadata"
#define CAU_NS_AVATAR_NOTIFY    "urn:xmpp:avatar:metadata+notify"
#define CAU_NS_VCARD_UPDATE     "vcard-temp:x:update"

/* The largest avatar we fetch or publish, in bytes (decoded). */
#define CAU_XMPP_AVATAR_MAX_BYTES (1024 * 1024)

typedef enum {
  CAU_XMPP_AVATAR_EVENT_NONE,     /* not an avatar metadata event */
  CAU_XMPP_AVATAR_EVENT_DROPPED,  /* one, refused (see why) */
  CAU_XMPP_AVATAR_EVENT_SET,      /* the publisher has this avatar */
  CAU_XMPP_AVATAR_EVENT_REMOVED,  /* the publisher has none */
} CauXmppAvatarEvent;

/* TRUE when `id` is 40 hex digits, lower case. */
gboolean           cau_xmpp_avatar_id_is_valid          (const char     *id);
/* The SHA-1 of `data` as an avatar id. */
char              *cau_xmpp_avatar_id_for               (GBytes         *data);

/*
 * A PEP notification (XEP-0163) of the avatar metadata node. The
 * publisher is the `from`, which must be a bare JID: *jid is set to it,
 * normalised, and *id to the avatar's id for SET. Among several <info/>
 * the PNG (which XEP-0084 §4.2 requires) is taken; an image announced
 * larger than CAU_XMPP_AVATAR_MAX_BYTES or only at a URL is dropped.
 */
CauXmppAvatarEvent cau_xmpp_parse_avatar_event          (xmpp_stanza_t  *message,
                                                         char          **jid,
                                                         char          **id,
                                                         const char    **why);

/* The request for an avatar's bytes in the data node item (XEP-0084
 * §4.3); `to` is the owner's bare JID. In the vCard (XEP-0153 §3.2) they
 * are asked with cau_xmpp_build_vcard_temp_get(). */
xmpp_stanza_t     *cau_xmpp_build_avatar_data_get       (xmpp_ctx_t     *ctx,
                                                         const char     *iq_id,
                                                         const char     *to,
                                                         const char     *id);
/*
 * The bytes of avatar `id` from the answer to one of those requests,
 * or NULL with a reason: an error, not from `from` (the bare JID asked; a
 * missing `from` is taken only when `from` is our own), not base64, over
 * CAU_XMPP_AVATAR_MAX_BYTES, or not hashing to `id`.
 */
GBytes            *cau_xmpp_parse_avatar_data           (xmpp_stanza_t  *iq,
                                                         const char     *from,
                                                         gboolean        from_is_own,
                                                         const char     *id,
                                                         const char    **why);
GBytes            *cau_xmpp_parse_vcard_photo           (xmpp_stanza_t  *iq,
                                                         const char     *from,
                                                         gboolean        from_is_own,
                                                         const char     *id,
                                                         const char    **why);

/*
 * XEP-0153 §3.2: the photo hash in a presence's <x xmlns='vcard-temp:x:update'/>.
 * Returns the id, "" for an empty <photo/> (no avatar), or NULL when there
 * is no usable hash (no element, no <photo/>: not ready; or an invalid one).
 */
char              *cau_xmpp_parse_vcard_update          (xmpp_stanza_t  *presence);
/* Adds that element to our presence: `id` NULL means "not ready", "" none. */
void               cau_xmpp_add_vcard_update            (xmpp_stanza_t  *presence,
                                                         const char     *id);

/*
 * Publishing ours (XEP-0084 §4.1, §4.2): the data, then the metadata
 * pointing at it; both with publish-options asking for an open access
 * model when `open` (contacts of other servers and clients that are not
 * subscribed may ask for it). `id` NULL in the metadata: no avatar.
 */
xmpp_stanza_t     *cau_xmpp_build_avatar_publish_data   (xmpp_ctx_t     *ctx,
                                                         const char     *iq_id,
                                                         GBytes         *data,
                                                         gboolean        open);
xmpp_stanza_t     *cau_xmpp_build_avatar_publish_metadata (xmpp_ctx_t   *ctx,
                                                           const char   *iq_id,
                                                           const char   *id,
                                                           gsize         bytes,
                                                           const char   *type,
                                                           guint         width,
                                                           guint         height,
                                                           gboolean      open);

/*
 * A vCard-temp of only a PHOTO (`png`, a PNG; NULL: no photo), to set as the vCard of `to`:
 * how a room's owners set its avatar (Prosody's mod_vcard_muc, XEP-0486).
 */
xmpp_stanza_t     *cau_xmpp_build_vcard_photo_set       (xmpp_ctx_t     *ctx,
                                                         const char     *iq_id,
                                                         const char     *to,
                                                         GBytes         *png);

G_END_DECLS
