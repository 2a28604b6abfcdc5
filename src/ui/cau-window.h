/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

#include <adwaita.h>

#include "cau-application.h"

G_BEGIN_DECLS

#define CAU_TYPE_WINDOW (cau_window_get_type ())
G_DECLARE_FINAL_TYPE (CauWindow, cau_window, CAU, WINDOW, AdwApplicationWindow)

CauWindow       *cau_window_new                   (CauApplication  *app);
void             cau_window_show_add_account      (CauWindow       *self);
/* Shows the conversation, as a click on it in the list does. */
void             cau_window_open_conversation     (CauWindow       *self,
                                                   CauConversation *conversation);
/* The conversation on screen, if the chat is visible (not hidden behind
 * the list of a folded window, the accounts or the welcome pages). */
CauConversation *cau_window_get_shown_conversation (CauWindow      *self);
/* Follows an xmpp: link (cau-window-contacts.c). */
void             cau_window_open_uri              (CauWindow       *self,
                                                   const char      *uri);

G_END_DECLS
