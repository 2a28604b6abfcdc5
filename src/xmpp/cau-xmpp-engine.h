/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define CAU_TYPE_XMPP_ENGINE (cau_xmpp_engine_get_type ())
G_DECLARE_FINAL_TYPE (CauXmppEngine, cau_xmpp_engine, CAU, XMPP_ENGINE, GObject)

void           cau_xmpp_prepare_process        (void);
CauXmppEngine *cau_xmpp_engine_new             (void);
GMainContext  *cau_xmpp_engine_get_context     (CauXmppEngine       *self);
void           cau_xmpp_engine_add_known_caps  (CauXmppEngine       *self,
                                                const char          *ver,
                                                const char * const  *features);
GHashTable    *cau_xmpp_engine_dup_known_caps  (CauXmppEngine       *self);
void           cau_xmpp_engine_set_avatar_dir  (CauXmppEngine       *self,
                                                const char          *dir);
char          *cau_xmpp_engine_dup_avatar_dir  (CauXmppEngine       *self);
guint          cau_xmpp_engine_get_avatar_requests (CauXmppEngine   *self);

G_END_DECLS
