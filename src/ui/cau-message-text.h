/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define CAU_TYPE_MESSAGE_TEXT (cau_message_text_get_type ())
G_DECLARE_FINAL_TYPE (CauMessageText, cau_message_text, CAU, MESSAGE_TEXT, GtkWidget)

CauMessageText *cau_message_text_new                 (void);
const char     *cau_message_text_get_text            (CauMessageText *self);
/* What a copy of the whole text gives (the text shown may be a part). */
const char     *cau_message_text_get_copy_text       (CauMessageText *self);
/* Plain text, never markup; @attrs (nullable) style it; @copy_text
 * (nullable: @text) is what copying all of it puts on the clipboard. */
void            cau_message_text_set_text            (CauMessageText *self,
                                                      const char     *text,
                                                      PangoAttrList  *attrs,
                                                      const char     *copy_text);
/* The meta line below the text, at its end: a short text (the time) and
 * a symbolic icon, both nullable. */
void            cau_message_text_set_meta            (CauMessageText *self,
                                                      const char     *meta_text,
                                                      const char     *icon_name);
void            cau_message_text_set_max_width_chars (CauMessageText *self,
                                                      int             n_chars);
/* The selection, as byte offsets into the text shown. */
void            cau_message_text_select              (CauMessageText *self,
                                                      int             start,
                                                      int             end);
/* The selected text; all of the copy text when everything is selected. */
char           *cau_message_text_dup_selection       (CauMessageText *self);
/* How often the text was laid out (tests: the measure cache works). */
guint           cau_message_text_get_layout_count    (CauMessageText *self);

G_END_DECLS
