/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

#include <gtk/gtk.h>

#include "core/cau-conversation.h"

G_BEGIN_DECLS

#define CAU_TYPE_COMPOSER (cau_composer_get_type ())
G_DECLARE_FINAL_TYPE (CauComposer, cau_composer, CAU, COMPOSER, GtkWidget)

CauConversation *cau_composer_get_conversation (CauComposer     *self);
/* Keeps what was typed for the previous conversation as its draft, and
 * brings back the draft of the new one. */
void             cau_composer_set_conversation (CauComposer     *self,
                                                CauConversation *conversation);
/* The text as typed, for tests and the window. */
char            *cau_composer_dup_text         (CauComposer     *self);
/* XEP-0308: corrects our last message `message`, once sent from the composer. */
void             cau_composer_edit             (CauComposer     *self,
                                                CauMessage      *message);
void             cau_composer_set_text         (CauComposer     *self,
                                                const char      *text);

G_END_DECLS
