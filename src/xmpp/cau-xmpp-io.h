/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

#include <strophe.h>
#include <glib.h>

#include "xmpp/cau-xmpp-client.h"

G_BEGIN_DECLS

/*
 * Drives one libstrophe context from a GSource on its socket (DESIGN §3):
 * input is always watched, output only while connecting or while
 * libstrophe has bytes queued. Each wake-up runs a few passes, since
 * one xmpp_run_once reads at most 4 KiB while OpenSSL may hold a whole
 * 16 KiB record that poll() cannot see.
 */
typedef struct _CauXmppIo CauXmppIo;

typedef void (*CauXmppIoFunc) (gpointer user_data,
                               gboolean readable);

CauXmppIo *cau_xmpp_io_new        (GMainContext  *context,
                                   xmpp_ctx_t    *ctx,
                                   CauXmppIoFunc  after_io,
                                   gpointer       user_data);
void       cau_xmpp_io_free       (CauXmppIo     *io);
void       cau_xmpp_io_watch      (CauXmppIo     *io,
                                   int            fd);
void       cau_xmpp_io_unwatch    (CauXmppIo     *io);
int        cau_xmpp_io_get_fd     (CauXmppIo     *io);
void       cau_xmpp_io_run        (CauXmppIo     *io);
void       cau_xmpp_io_update     (CauXmppIo     *io,
                                   xmpp_conn_t   *conn);

/* Sets the sockopt and certificate callbacks of @conn, which must belong
 * to the context given to cau_xmpp_io_new(). */
void       cau_xmpp_io_install    (CauXmppIo     *io,
                                   xmpp_conn_t   *conn);
void       cau_xmpp_io_set_pins   (CauXmppIo     *io,
                                   char * const  *sha256);
const CauXmppCertInfo *
           cau_xmpp_io_get_rejected_cert   (CauXmppIo *io);
void       cau_xmpp_io_clear_rejected_cert (CauXmppIo *io);

G_END_DECLS
