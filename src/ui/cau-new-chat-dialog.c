/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-new-chat-dialog.h"

#include <glib/gi18n.h>

struct _CauNewChatDialog
{
  AdwMessageDialog   parent_instance;

  CauAccountManager *manager;
  gboolean           opened;

  GtkDropDown       *account_drop_down;
  GtkEntry          *address_entry;
  GtkLabel          *error_label;
};

G_DEFINE_FINAL_TYPE (CauNewChatDialog, cau_new_chat_dialog, ADW_TYPE_MESSAGE_DIALOG)

enum {
  SIGNAL_CONVERSATION_OPENED,
  SIGNAL_FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
show_error (CauNewChatDialog *self,
            const char       *message)
{
  gtk_label_set_text (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
  if (message != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->address_entry), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->address_entry), "error");
}

static void
address_changed_cb (CauNewChatDialog *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->address_entry));
  g_autoptr(GError) error = NULL;
  g_autofree char *jid = NULL;

  /* Said as it is typed, as on the sign-in page. */
  if (*text != '\0')
    jid = cau_account_manager_normalize_jid (text, &error);
  show_error (self, error ? error->message : NULL);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "open", jid != NULL);
}

static gboolean
try_open (CauNewChatDialog  *self,
          GError           **error)
{
  CauAccount *account = gtk_drop_down_get_selected_item (self->account_drop_down);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->address_entry));
  CauConversation *conversation;

  if (account == NULL)
    {
      g_set_error_literal (error, CAU_CORE_ERROR, CAU_CORE_ERROR_FAILED,
                           _("There is no account to write from."));
      return FALSE;
    }
  conversation = cau_account_manager_open_conversation (self->manager, account, text, error);
  if (conversation == NULL)
    return FALSE;

  self->opened = TRUE;
  g_signal_emit (self, signals[SIGNAL_CONVERSATION_OPENED], 0, conversation);
  return TRUE;
}

static void
address_activated_cb (CauNewChatDialog *self)
{
  g_autoptr(GError) error = NULL;

  if (!adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (self), "open"))
    return;

  /* From the keyboard the dialog stays open when the address is refused. */
  if (!try_open (self, &error))
    {
      show_error (self, error->message);
      return;
    }
  gtk_window_set_focus (GTK_WINDOW (self), NULL);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (self), "open");
  gtk_window_close (GTK_WINDOW (self));
}

static void
cau_new_chat_dialog_response (AdwMessageDialog *dialog,
                              const char       *response)
{
  CauNewChatDialog *self = CAU_NEW_CHAT_DIALOG (dialog);
  g_autoptr(GError) error = NULL;

  /* The button closes the dialog whatever happens: a refusal is then
   * reported by the window. */
  if (g_strcmp0 (response, "open") == 0 && !self->opened && !try_open (self, &error))
    g_signal_emit (self, signals[SIGNAL_FAILED], 0, error->message);
}

static void
cau_new_chat_dialog_dispose (GObject *object)
{
  CauNewChatDialog *self = CAU_NEW_CHAT_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (object), CAU_TYPE_NEW_CHAT_DIALOG);
  g_clear_object (&self->manager);

  G_OBJECT_CLASS (cau_new_chat_dialog_parent_class)->dispose (object);
}

static void
cau_new_chat_dialog_class_init (CauNewChatDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  AdwMessageDialogClass *dialog_class = ADW_MESSAGE_DIALOG_CLASS (klass);

  object_class->dispose = cau_new_chat_dialog_dispose;
  dialog_class->response = cau_new_chat_dialog_response;

  signals[SIGNAL_CONVERSATION_OPENED] =
    g_signal_new ("conversation-opened", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, CAU_TYPE_CONVERSATION);
  signals[SIGNAL_FAILED] =
    g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/im/causerie/Causerie/ui/cau-new-chat-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CauNewChatDialog, account_drop_down);
  gtk_widget_class_bind_template_child (widget_class, CauNewChatDialog, address_entry);
  gtk_widget_class_bind_template_child (widget_class, CauNewChatDialog, error_label);
  gtk_widget_class_bind_template_callback (widget_class, address_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, address_activated_cb);
}

static void
cau_new_chat_dialog_init (CauNewChatDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_drop_down_set_expression (self->account_drop_down,
                                gtk_property_expression_new (CAU_TYPE_ACCOUNT, NULL, "jid"));
}

CauNewChatDialog *
cau_new_chat_dialog_new (GtkWindow         *parent,
                         CauAccountManager *manager)
{
  CauNewChatDialog *self;
  GListModel *accounts;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (CAU_IS_ACCOUNT_MANAGER (manager), NULL);

  self = g_object_new (CAU_TYPE_NEW_CHAT_DIALOG, "transient-for", parent, NULL);
  self->manager = g_object_ref (manager);
  accounts = cau_account_manager_get_accounts (manager);
  gtk_drop_down_set_model (self->account_drop_down, accounts);
  /* With one account there is nothing to choose. */
  gtk_widget_set_visible (GTK_WIDGET (self->account_drop_down),
                          g_list_model_get_n_items (accounts) > 1);
  /* Typing starts at once. */
  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->address_entry));
  return self;
}
