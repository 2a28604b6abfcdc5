/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-room-dialog-common.h"

#include <string.h>

void
cau_room_fields_bind (GtkWidgetClass *widget_class,
                      gssize          offset)
{
  gtk_widget_class_bind_template_child_full (widget_class, "account_row", FALSE,
                                             offset + G_STRUCT_OFFSET (CauRoomFields, account_row));
  gtk_widget_class_bind_template_child_full (widget_class, "address_row", FALSE,
                                             offset + G_STRUCT_OFFSET (CauRoomFields, address_row));
  gtk_widget_class_bind_template_child_full (widget_class, "nick_row", FALSE,
                                             offset + G_STRUCT_OFFSET (CauRoomFields, nick_row));
  gtk_widget_class_bind_template_child_full (widget_class, "error_label", FALSE,
                                             offset + G_STRUCT_OFFSET (CauRoomFields, error_label));
}

void
cau_room_fields_clear (CauRoomFields *fields)
{
  g_clear_pointer (&fields->suggested_nick, g_free);
}

CauAccount *
cau_room_fields_get_account (CauRoomFields *fields)
{
  return adw_combo_row_get_selected_item (fields->account_row);
}

/* @wrong_row (nullable): the row the message is about. */
static void
show_error (CauRoomFields *fields,
            const char    *message,
            AdwEntryRow   *wrong_row)
{
  gtk_label_set_text (fields->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (fields->error_label), message != NULL);
  gtk_widget_remove_css_class (GTK_WIDGET (fields->address_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (fields->nick_row), "error");
  if (message != NULL && wrong_row != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (wrong_row), "error");
}

static gboolean
is_blank (AdwEntryRow *row)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));

  for (; *text != '\0'; text = g_utf8_next_char (text))
    if (!g_unichar_isspace (g_utf8_get_char (text)))
      return FALSE;
  return TRUE;
}

gboolean
cau_room_fields_check (CauRoomFields *fields)
{
  show_error (fields, NULL, NULL);
  return cau_room_fields_get_account (fields) != NULL && !is_blank (fields->address_row) &&
         !is_blank (fields->nick_row);
}

void
cau_room_fields_suggest_nick (CauRoomFields *fields)
{
  CauAccount *account = cau_room_fields_get_account (fields);
  const char *nick = gtk_editable_get_text (GTK_EDITABLE (fields->nick_row));
  const char *jid, *at;

  if (account == NULL)
    return;
  /* Our nickname by default: the local part of the account's address. */
  if (*nick == '\0' || g_strcmp0 (nick, fields->suggested_nick) == 0)
    {
      jid = cau_account_get_jid (account);
      at = strchr (jid, '@');
      g_free (fields->suggested_nick);
      fields->suggested_nick = at ? g_strndup (jid, at - jid) : g_strdup (jid);
      gtk_editable_set_text (GTK_EDITABLE (fields->nick_row), fields->suggested_nick);
    }
}

void
cau_room_fields_show_refusal (CauRoomFields *fields,
                              const GError  *error)
{
  AdwEntryRow *wrong_row = NULL;

  if (g_error_matches (error, CAU_CORE_ERROR, CAU_CORE_ERROR_INVALID_NICK))
    wrong_row = fields->nick_row;
  else if (g_error_matches (error, CAU_CORE_ERROR, CAU_CORE_ERROR_INVALID_ADDRESS))
    wrong_row = fields->address_row;
  show_error (fields, error->message, wrong_row);
  if (wrong_row != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (wrong_row));
}
