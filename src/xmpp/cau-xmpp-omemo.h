/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

/*
 * OMEMO on one account's stream (XEP-0384, legacy format): our device in our device list and
 * our bundle published on each new session, contacts' device lists followed through PEP,
 * sessions set up from bundles before a message is encrypted, and the <encrypted/> of
 * received messages decrypted in place. The keys are the model's (cau-xmpp-omemo-funcs.h).
 */

#include <strophe.h>

#include "xmpp/cau-xmpp-omemo-funcs.h"
#include "xmpp/cau-xmpp-private.h"

G_BEGIN_DECLS

typedef struct _CauXmppOmemo CauXmppOmemo;

CauXmppOmemo  *cau_xmpp_omemo_new            (void);
void           cau_xmpp_omemo_free           (CauXmppOmemo            *self);
void           cau_xmpp_omemo_set_funcs      (CauXmppOmemo            *self,
                                              const CauXmppOmemoFuncs *funcs,
                                              gpointer                 data,
                                              GDestroyNotify           destroy);
gboolean       cau_xmpp_omemo_is_available   (CauXmppOmemo            *self);

void           cau_xmpp_omemo_online         (CauXmppOmemo            *self,
                                              xmpp_conn_t             *conn,
                                              gboolean                 resumed);
void           cau_xmpp_omemo_offline        (CauXmppOmemo            *self);
/* The catch-up is over: replaces used pre-keys, publishing the bundle again if needed. */
void           cau_xmpp_omemo_caught_up      (CauXmppOmemo            *self);

/* Sends the empty messages owed to devices (acknowledgments, repairs); not during a catch-up. */
void           cau_xmpp_omemo_send_answers   (CauXmppOmemo            *self);
/* Publishes our device lists again without `device_id` (a stale device of ours; never this
 * one), as the server has them now. Online only. */
void           cau_xmpp_omemo_remove_own_device (CauXmppOmemo         *self,
                                                 guint32               device_id);
/* A PEP notification of a device list; TRUE when it was one. */
gboolean       cau_xmpp_omemo_handle_message (CauXmppOmemo            *self,
                                              xmpp_stanza_t           *stanza);
/* Replaces the message's <encrypted/> by its body, or says why it cannot. */
void           cau_xmpp_omemo_decrypt        (CauXmppOmemo            *self,
                                              CauXmppMessage          *message);

/* Sets sessions up with `peer`'s devices and our own other ones (device lists and bundles
 * fetched as needed), then calls `ready` (on this thread), also when some could not be. */
typedef void (*CauXmppOmemoReadyFunc) (gpointer    data,
                                       const char *peer);
void           cau_xmpp_omemo_prepare        (CauXmppOmemo            *self,
                                              const char              *peer,
                                              CauXmppOmemoReadyFunc    ready,
                                              gpointer                 data);
const char    *cau_xmpp_omemo_fallback_body  (void);
/* Adds to `message` (a chat message to `peer` with the fallback body) the <encrypted/> of
 * `body` and the EME hint. FALSE with *failure set: nothing may be sent. */
gboolean       cau_xmpp_omemo_encrypt_into   (CauXmppOmemo            *self,
                                              xmpp_stanza_t           *message,
                                              const char              *peer,
                                              const char              *body,
                                              CauXmppCryptoError      *failure);
/* The same for several recipients, each of whom must be able to read it: a private room's
 * members. */
gboolean       cau_xmpp_omemo_encrypt_to     (CauXmppOmemo            *self,
                                              xmpp_stanza_t           *message,
                                              const char * const      *peers,
                                              const char              *body,
                                              CauXmppCryptoError      *failure);
/* Like cau_xmpp_omemo_decrypt(), for a room message whose author's address is `sender` (the
 * room shows it: a private room), not the room's. */
void           cau_xmpp_omemo_decrypt_from   (CauXmppOmemo            *self,
                                              CauXmppMessage          *message,
                                              const char              *sender);

G_END_DECLS
