/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-new-chat-dialog.h"
#include "cau-contact-search.h"
#include "cau-ui-utils.h"
#include "core/cau-roster.h"

#include <glib/gi18n.h>

struct _CauNewChatDialog
{
  AdwMessageDialog   parent_instance;

  CauAccountManager *manager;
  gboolean           opened;
  CauContactSearch  *search;

  GtkDropDown       *account_drop_down;
  GtkEntry          *address_entry;
  GtkListBox        *suggestions;
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
  cau_entry_show_error (GTK_WIDGET (self->address_entry), self->error_label, message);
}

static gpointer
roster_of (gpointer item,
           gpointer data)
{
  g_autoptr(CauAccount) account = item;

  return g_object_ref (cau_account_get_roster (account));
}

static void
matches_changed_cb (CauNewChatDialog *self)
{
  gtk_widget_set_visible (
    GTK_WIDGET (self->suggestions),
    g_list_model_get_n_items (cau_contact_search_get_matches (self->search)) > 0);
}

static void
address_changed_cb (CauNewChatDialog *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->address_entry));
  g_autoptr(GError) error = NULL;
  g_autofree char *jid = NULL;

  /* Said as it is typed, as on the sign-in page; not while the text is
   * still a name among the contacts. */
  if (*text != '\0')
    jid = cau_account_manager_normalize_jid (text, &error);

  if (self->search != NULL)
    cau_contact_search_set_text (self->search, text);

  show_error (self, error != NULL && (self->search == NULL ||
                                      g_list_model_get_n_items (
                                        cau_contact_search_get_matches (self->search)) == 0)
                    ? error->message : NULL);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "open", jid != NULL);
}

static void
suggestion_activated_cb (CauNewChatDialog *self,
                         GtkListBoxRow    *row)
{
  CauContact *contact = g_object_get_data (G_OBJECT (row), "cau-contact");
  g_autoptr(GError) error = NULL;
  CauConversation *conversation;

  if (contact == NULL || cau_contact_get_account (contact) == NULL)
    return;
  conversation = cau_account_manager_open_conversation (self->manager,
                                                        cau_contact_get_account (contact),
                                                        cau_contact_get_jid (contact), &error);
  if (conversation == NULL)
    {
      show_error (self, error->message);
      return;
    }
  self->opened = TRUE;
  g_signal_emit (self, signals[SIGNAL_CONVERSATION_OPENED], 0, conversation);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (self), "open");
  gtk_window_close (GTK_WINDOW (self));
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

  /* Not an address yet: Enter takes the first contact found. */
  if (!adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (self), "open"))
    {
      GtkListBoxRow *first = cau_contact_search_get_first (self->search);

      if (first != NULL)
        suggestion_activated_cb (self, first);
      return;
    }

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

/* A group chat rather than a person: the window's own dialog for that. */
static void
join_room_clicked_cb (CauNewChatDialog *self)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  gtk_window_close (GTK_WINDOW (self));
  if (parent != NULL)
    gtk_widget_activate_action (GTK_WIDGET (parent), "win.join-room", NULL);
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
  else if (g_strcmp0 (response, "contacts") == 0)
    {
      GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

      if (parent != NULL)
        gtk_widget_activate_action (GTK_WIDGET (parent), "win.show-contacts", NULL);
    }
}

static void
cau_new_chat_dialog_dispose (GObject *object)
{
  CauNewChatDialog *self = CAU_NEW_CHAT_DIALOG (object);

  g_clear_pointer (&self->search, cau_contact_search_free);
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
  gtk_widget_class_bind_template_child (widget_class, CauNewChatDialog, suggestions);
  gtk_widget_class_bind_template_child (widget_class, CauNewChatDialog, error_label);
  gtk_widget_class_bind_template_callback (widget_class, address_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, suggestion_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, address_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, join_room_clicked_cb);
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
  GtkMapListModel *rosters;
  GtkFlattenListModel *contacts;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (CAU_IS_ACCOUNT_MANAGER (manager), NULL);

  self = g_object_new (CAU_TYPE_NEW_CHAT_DIALOG, "transient-for", parent, NULL);
  self->manager = g_object_ref (manager);
  accounts = cau_account_manager_get_accounts (manager);
  gtk_drop_down_set_model (self->account_drop_down, accounts);
  /* With one account there is nothing to choose. */
  gtk_widget_set_visible (GTK_WIDGET (self->account_drop_down),
                          g_list_model_get_n_items (accounts) > 1);

  /* The contacts of every account, the first few matching what is typed. */
  rosters = gtk_map_list_model_new (g_object_ref (accounts), roster_of, NULL, NULL);
  contacts = gtk_flatten_list_model_new (G_LIST_MODEL (rosters));
  self->search = cau_contact_search_new (G_LIST_MODEL (contacts), self->suggestions,
                                         "new-chat-suggestion");
  g_signal_connect_object (cau_contact_search_get_matches (self->search), "items-changed",
                           G_CALLBACK (matches_changed_cb), self, G_CONNECT_SWAPPED);
  /* Typing starts at once. */
  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->address_entry));
  return self;
}
