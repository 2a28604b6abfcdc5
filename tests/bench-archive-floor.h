/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/*
 * The floor of an archive catch-up: the least any client can take to be
 * given the newest `count` messages of an account's archive (XEP-0313,
 * pages of 250), measured with a bare libstrophe client that parses what
 * comes and keeps nothing. What is left of a catch-up's time above this
 * is the client's; the rest is the server's.
 */
typedef struct {
  guint  messages;   /* results received */
  guint  pages;
  double wall_ms;    /* first query sent → last page's answer */
} CauArchiveFloor;

gboolean cau_bench_read_archive_tail (const char      *host,
                                      guint16          port,
                                      const char      *jid,
                                      const char      *password,
                                      guint            count,
                                      gboolean         stream_management,
                                      CauArchiveFloor *floor,
                                      GError         **error);

G_END_DECLS
