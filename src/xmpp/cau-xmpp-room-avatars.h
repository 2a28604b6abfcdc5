/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

/*
 * A room's avatar, on the engine thread: the PHOTO of the room's own vCard-temp, as Prosody's
 * mod_vcard_muc and XEP-0486 keep it. The room says which one it has in its disco#info (a form
 * field: muc#roominfo_avatarhash, or mod_vcard_muc's own name for it) and in a presence from
 * its bare JID carrying vcard-temp:x:update, sent to each new occupant and to all when it
 * changes. The fetching, checking and caching are cau-xmpp-avatars.h's, keyed by the room's
 * bare JID, so the model hears of it as of a contact's (CAU_XMPP_EVENT_AVATAR). Its owners set
 * it with cau_xmpp_client_set_room_avatar() (cau-xmpp-room-config.h).
 */

#include <strophe.h>

#include "xmpp/cau-xmpp-avatars.h"
#include "xmpp/cau-xmpp-room-types.h"

G_BEGIN_DECLS

/* What the room's disco#info says of its avatar (`avatars` nullable: tools without any). */
void     cau_xmpp_room_avatars_take_info       (CauXmppAvatars        *avatars,
                                                const char            *room,
                                                const CauXmppRoomInfo *info);
/* A presence from the room's bare JID, `room`: its avatar, never an occupant. Returns TRUE
 * (the stanza was the room's). */
gboolean cau_xmpp_room_avatars_handle_presence (CauXmppAvatars        *avatars,
                                                const char            *room,
                                                xmpp_stanza_t         *presence);

G_END_DECLS
