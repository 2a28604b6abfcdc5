/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

#include <adwaita.h>

#include "core/cau-account.h"
#include "core/cau-contact.h"

G_BEGIN_DECLS

#define CAU_UI_ERROR (cau_ui_error_quark ())

typedef enum {
  CAU_UI_ERROR_INVALID_SERVER,
  CAU_UI_ERROR_INVALID_FINGERPRINT,
  CAU_UI_ERROR_INVALID_URI,
} CauUiError;

GQuark      cau_ui_error_quark              (void);

/* Registers the UI's resources (templates, style, icons) once; tests that
 * build widgets without the application call it first. */
void        cau_ui_init                     (void);

gboolean    cau_parse_server                (const char      *text,
                                             char           **host,
                                             guint16         *port,
                                             GError         **error);
char       *cau_format_server               (const char      *host,
                                             guint16          port);
char       *cau_normalize_sha256            (const char      *text,
                                             GError         **error);

const char *cau_presence_get_icon_name      (CauPresence      presence);
const char *cau_presence_get_label          (CauPresence      presence);
const char *cau_presence_get_css_class      (CauPresence      presence);
char       *cau_account_describe_state      (CauAccount      *account);
const char *cau_account_get_state_css_class (CauAccount      *account);
/* A dialog's choice among @accounts, by address: hidden with only one account, the first
 * account online chosen (what the dialog does then happens at once). */
void        cau_account_combo_row_setup     (AdwComboRow     *row,
                                             GListModel      *accounts);
/* Says @message (nullable: says nothing) under @entry, marked as wrong. */
void        cau_entry_show_error            (GtkWidget       *entry,
                                             GtkLabel        *error_label,
                                             const char      *message);
/* Chooses @account when it is among the row's. */
void        cau_account_combo_row_select    (AdwComboRow     *row,
                                             CauAccount      *account);

/* Gives @button @menu when it is first opened: a menu's popover, built,
 * holds some 150 kB that a window need not pay for at start. */
void        cau_menu_button_set_menu_lazily (GtkMenuButton   *button,
                                             GMenuModel      *menu);

/* A toast saying @text as it is (a toast's title is markup). */
AdwToast   *cau_toast_new                   (const char      *text);
/* Shows @text as it is in a toast where @widget is: its preferences window, else the nearest
 * toast overlay above it; logged when there is neither. */
void        cau_widget_add_toast            (GtkWidget       *widget,
                                             const char      *text);

/* Who sees whose status, in words; the pending requests included. */
char       *cau_contact_describe_subscription (CauContact    *contact);
/* What went wrong with a change to the contacts of @account, for a person:
 * being offline said plainly. */
char       *cau_contact_error_message       (CauAccount      *account,
                                             const GError    *error);

/* Days from @earlier's local date to @later's (0: the same day). */
int         cau_days_between                (GDateTime       *earlier,
                                             GDateTime       *later);
/* An unread badge's text: the count, "999+" past 999. */
char       *cau_format_unread_count         (guint            unread);
/* "14:05" for a time of today, the weekday within a week, else the date. */
char       *cau_format_activity_time        (GDateTime       *time,
                                             GDateTime       *now);
/* "Today", "Yesterday", "Tuesday", else the full date: a day in a chat. */
char       *cau_format_day                  (GDateTime       *time,
                                             GDateTime       *now);
/* One line of at most @max_chars characters: line breaks become spaces,
 * longer text is cut with an ellipsis. */
char       *cau_text_one_line               (const char      *text,
                                             guint            max_chars);
/* The start of @text: at most @max_chars characters and @max_lines lines,
 * cut at a space or a line break when there is one near, with an
 * ellipsis; NULL when it all fits. */
char       *cau_text_shorten                (const char      *text,
                                             guint            max_chars,
                                             guint            max_lines);
/* @text cut after @max_chars characters, with an ellipsis; NULL when it fits. */
char       *cau_text_truncate               (const char      *text,
                                             guint            max_chars);

G_END_DECLS
