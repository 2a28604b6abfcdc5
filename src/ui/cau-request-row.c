/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-avatar.h"
#include "cau-request-row.h"
#include "cau-ui-utils.h"

#include <adwaita.h>
#include <glib/gi18n.h>

/* Longest request message shown, in characters: it comes from a stranger. */
#define MESSAGE_CHARS 300

/* Someone asking to see our presence, at the top of the contacts page. */
struct _CauRequestRow
{
  GtkListBoxRow  parent_instance;

  CauContact    *contact;

  AdwAvatar     *avatar;
  GtkLabel      *name_label;
  GtkLabel      *jid_label;
  GtkLabel      *account_label;
  GtkLabel      *message_label;
};

G_DEFINE_FINAL_TYPE (CauRequestRow, cau_request_row, GTK_TYPE_LIST_BOX_ROW)

enum {
  SIGNAL_ANSWERED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
update (CauRequestRow *self)
{
  const char *message = cau_contact_get_request_message (self->contact);
  g_autofree char *shown = NULL;
  g_autofree char *quoted = NULL;

  adw_avatar_set_text (self->avatar, cau_contact_get_display_name (self->contact));
  cau_avatar_show_contact (self->avatar, self->contact);
  gtk_label_set_text (self->name_label, cau_contact_get_display_name (self->contact));
  gtk_label_set_text (self->jid_label, cau_contact_get_jid (self->contact));

  if (message != NULL && *message != '\0')
    {
      shown = cau_text_one_line (message, MESSAGE_CHARS);
      /* TRANSLATORS: the message that came with a contact request, in quotes */
      quoted = g_strdup_printf (_("“%s”"), shown);
    }
  gtk_label_set_text (self->message_label, quoted ? quoted : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), quoted != NULL);
}

static void
answer (CauRequestRow *self,
        const char    *response)
{
  g_signal_emit (self, signals[SIGNAL_ANSWERED], 0, response);
}

static void
accept_clicked_cb (CauRequestRow *self)
{
  answer (self, "accept");
}

static void
deny_clicked_cb (CauRequestRow *self)
{
  answer (self, "deny");
}

static void
block_clicked_cb (CauRequestRow *self)
{
  answer (self, "block");
}

static void
cau_request_row_dispose (GObject *object)
{
  CauRequestRow *self = CAU_REQUEST_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CAU_TYPE_REQUEST_ROW);
  g_clear_object (&self->contact);

  G_OBJECT_CLASS (cau_request_row_parent_class)->dispose (object);
}

static void
cau_request_row_class_init (CauRequestRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cau_request_row_dispose;

  /**
   * CauRequestRow::answered:
   * @response: "accept", "deny" or "block"
   */
  signals[SIGNAL_ANSWERED] =
    g_signal_new ("answered", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/im/causerie/Causerie/ui/cau-request-row.ui");
  gtk_widget_class_bind_template_child (widget_class, CauRequestRow, avatar);
  gtk_widget_class_bind_template_child (widget_class, CauRequestRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, CauRequestRow, jid_label);
  gtk_widget_class_bind_template_child (widget_class, CauRequestRow, account_label);
  gtk_widget_class_bind_template_child (widget_class, CauRequestRow, message_label);
  gtk_widget_class_bind_template_callback (widget_class, accept_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, deny_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, block_clicked_cb);
}

static void
cau_request_row_init (CauRequestRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

CauRequestRow *
cau_request_row_new (CauContact *contact,
                     gboolean    show_account)
{
  CauRequestRow *self;
  CauAccount *account;

  g_return_val_if_fail (CAU_IS_CONTACT (contact), NULL);

  self = g_object_new (CAU_TYPE_REQUEST_ROW, NULL);
  self->contact = g_object_ref (contact);
  account = cau_contact_get_account (contact);
  if (show_account && account != NULL)
    {
      g_autofree char *text = NULL;

      /* TRANSLATORS: under a contact request: the account it was sent to */
      text = g_strdup_printf (_("To %s"), cau_account_get_jid (account));
      gtk_label_set_text (self->account_label, text);
      gtk_widget_set_visible (GTK_WIDGET (self->account_label), TRUE);
    }
  g_signal_connect_object (contact, "notify", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  update (self);
  return self;
}

CauContact *
cau_request_row_get_contact (CauRequestRow *self)
{
  g_return_val_if_fail (CAU_IS_REQUEST_ROW (self), NULL);
  return self->contact;
}
