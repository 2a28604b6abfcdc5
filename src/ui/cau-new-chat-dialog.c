/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-new-chat-dialog.h"
#include "core/cau-roster.h"

#include <glib/gi18n.h>

/* Most contacts suggested under the address. */
#define MAX_SUGGESTIONS 5

struct _CauNewChatDialog
{
  AdwMessageDialog   parent_instance;

  CauAccountManager *manager;
  gboolean           opened;
  char              *query;
  GtkCustomFilter   *filter;
  GListModel        *matches;

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
  gtk_label_set_text (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
  if (message != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->address_entry), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->address_entry), "error");
}

/* Contacts. */

static gboolean
contact_matches (gpointer item,
                 gpointer data)
{
  CauNewChatDialog *self = data;

  return self->query != NULL && cau_contact_matches (item, self->query);
}

static gpointer
roster_of (gpointer item,
           gpointer data)
{
  g_autoptr(CauAccount) account = item;

  return g_object_ref (cau_account_get_roster (account));
}

static GtkWidget *
create_suggestion (gpointer item,
                   gpointer data)
{
  CauContact *contact = item;
  GtkWidget *row = adw_action_row_new ();

  gtk_widget_set_name (row, "new-chat-suggestion");
  /* Names are the contacts' own: never markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), cau_contact_get_display_name (contact));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), cau_contact_get_jid (contact));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data_full (G_OBJECT (row), "cau-contact", g_object_ref (contact), g_object_unref);
  return row;
}

static void
matches_changed_cb (CauNewChatDialog *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->suggestions),
                          g_list_model_get_n_items (self->matches) > 0);
}

static void
address_changed_cb (CauNewChatDialog *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->address_entry));
  g_autoptr(GError) error = NULL;
  g_autofree char *jid = NULL;
  g_autofree char *query = g_strstrip (g_strdup (text));

  /* Said as it is typed, as on the sign-in page; not while the text is
   * still a name among the contacts. */
  if (*text != '\0')
    jid = cau_account_manager_normalize_jid (text, &error);

  g_free (self->query);
  self->query = *query != '\0' ? g_steal_pointer (&query) : NULL;
  if (self->filter != NULL)
    gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);

  show_error (self, error != NULL && (self->matches == NULL ||
                                      g_list_model_get_n_items (self->matches) == 0)
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
      GtkListBoxRow *first = gtk_list_box_get_row_at_index (self->suggestions, 0);

      if (first != NULL && gtk_widget_get_visible (GTK_WIDGET (self->suggestions)))
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

  if (self->suggestions != NULL)
    gtk_list_box_bind_model (self->suggestions, NULL, NULL, NULL, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), CAU_TYPE_NEW_CHAT_DIALOG);
  g_clear_object (&self->matches);
  g_clear_object (&self->filter);
  g_clear_object (&self->manager);

  G_OBJECT_CLASS (cau_new_chat_dialog_parent_class)->dispose (object);
}

static void
cau_new_chat_dialog_finalize (GObject *object)
{
  CauNewChatDialog *self = CAU_NEW_CHAT_DIALOG (object);

  g_free (self->query);

  G_OBJECT_CLASS (cau_new_chat_dialog_parent_class)->finalize (object);
}

static void
cau_new_chat_dialog_class_init (CauNewChatDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  AdwMessageDialogClass *dialog_class = ADW_MESSAGE_DIALOG_CLASS (klass);

  object_class->dispose = cau_new_chat_dialog_dispose;
  object_class->finalize = cau_new_chat_dialog_finalize;
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
  GtkFilterListModel *found;

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
  self->filter = gtk_custom_filter_new (contact_matches, self, NULL);
  found = gtk_filter_list_model_new (G_LIST_MODEL (contacts),
                                     g_object_ref (GTK_FILTER (self->filter)));
  self->matches = G_LIST_MODEL (gtk_slice_list_model_new (G_LIST_MODEL (found), 0,
                                                          MAX_SUGGESTIONS));
  g_signal_connect_object (self->matches, "items-changed", G_CALLBACK (matches_changed_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_list_box_bind_model (self->suggestions, self->matches, create_suggestion, NULL, NULL);
  /* Typing starts at once. */
  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->address_entry));
  return self;
}
