/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

/*
 * A conversation's history as a GListModel of CauMessage, oldest first,
 * holding a window of it (DESIGN §8): the newest messages at first, older
 * pages added at the top on demand, from the local store and then from
 * the server's archive. New messages are inserted where they belong. The
 * window has a bounded size: pages added at one end drop messages at the
 * other, and once its newest end was dropped ("has-newer"), new messages
 * wait in the store for load_newer() or reload_newest().
 */

#include <gio/gio.h>

G_BEGIN_DECLS

#define CAU_TYPE_HISTORY (cau_history_get_type ())
G_DECLARE_FINAL_TYPE (CauHistory, cau_history, CAU, HISTORY, GObject)

/* Asks for an older page. Returns FALSE when nothing older exists
 * anywhere (the "complete" property is then TRUE). */
gboolean  cau_history_load_older    (CauHistory *self);
/* Adds the next newer page from the store; FALSE when the newest is
 * already in the model. */
gboolean  cau_history_load_newer    (CauHistory *self);
/* Back to the newest messages (after older pages dropped them). */
void      cau_history_reload_newest (CauHistory *self);
/* Newer messages than the model's last are in the store. */
gboolean  cau_history_get_has_newer (CauHistory *self);
/* Everything up to the very first message is in the model. */
gboolean  cau_history_get_complete  (CauHistory *self);
/* A page is on its way from the server. */
gboolean  cau_history_get_loading   (CauHistory *self);

G_END_DECLS
