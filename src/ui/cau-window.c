/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-window.h"
#include "cau-window-private.h"
#include "cau-account-preferences.h"
#include "cau-conversation-row.h"
#include "cau-create-room-dialog.h"
#include "cau-join-room-dialog.h"
#include "cau-new-chat-dialog.h"
#include "cau-ui-utils.h"

#include <glib/gi18n.h>

G_DEFINE_FINAL_TYPE (CauWindow, cau_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_MANAGER,
  PROP_SETTINGS,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

guint
cau_window_n_accounts (CauWindow *self)
{
  return g_list_model_get_n_items (cau_account_manager_get_accounts (self->manager));
}

void
cau_window_show_toast (CauWindow  *self,
                       const char *text)
{
  adw_toast_overlay_add_toast (self->toast_overlay, cau_toast_new (text));
}

static GListModel *
conversations (CauWindow *self)
{
  return cau_account_manager_get_conversations (self->manager);
}

static gboolean
find_conversation (CauWindow       *self,
                   CauConversation *conversation,
                   guint           *position)
{
  GListModel *list = conversations (self);

  for (guint i = 0; conversation != NULL && i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(CauConversation) item = g_list_model_get_item (list, i);

      if (item == conversation)
        {
          *position = i;
          return TRUE;
        }
    }
  return FALSE;
}

static void account_added_cb     (CauWindow  *self,
                                  CauAccount *account,
                                  gboolean    password_saved);
static void welcome_cancelled_cb (CauWindow  *self);

/* The sign-in and registration pages are built the first time they are
 * needed: with accounts set up, most starts never show them. */
static void
ensure_welcome (CauWindow *self)
{
  if (self->welcome_page != NULL)
    return;

  self->welcome_page = g_object_new (CAU_TYPE_WELCOME_PAGE, NULL);
  cau_welcome_page_set_manager (self->welcome_page, self->manager);
  g_signal_connect_object (self->welcome_page, "account-added",
                           G_CALLBACK (account_added_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->welcome_page, "cancelled",
                           G_CALLBACK (welcome_cancelled_cb), self, G_CONNECT_SWAPPED);
  gtk_stack_add_named (self->main_stack, GTK_WIDGET (self->welcome_page), "welcome");
}

static void
show_welcome (CauWindow *self,
              gboolean   can_cancel)
{
  ensure_welcome (self);
  cau_welcome_page_reset (self->welcome_page);
  cau_welcome_page_set_can_cancel (self->welcome_page, can_cancel);
  gtk_stack_set_visible_child (self->main_stack, GTK_WIDGET (self->welcome_page));
}

static void
show_main (CauWindow *self)
{
  gtk_stack_set_visible_child (self->main_stack, GTK_WIDGET (self->leaflet));
  if (self->welcome_page != NULL)
    cau_welcome_page_reset (self->welcome_page);
}

static void accounts_selection_changed_cb (CauWindow *self);

/* The chat, accounts and contacts pages are built when first shown: most
 * starts show none of them, and each costs memory (issue 2's budget). */
static void
ensure_accounts_view (CauWindow *self)
{
  if (self->accounts_view != NULL)
    return;

  self->accounts_view = g_object_new (CAU_TYPE_ACCOUNTS_VIEW, NULL);
  cau_accounts_view_set_manager (self->accounts_view, self->manager);
  g_signal_connect_object (self->accounts_view, "notify::selected-account",
                           G_CALLBACK (accounts_selection_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_stack_add_named (self->main_stack, GTK_WIDGET (self->accounts_view), "accounts");
}

static void
ensure_chat_view (CauWindow *self)
{
  if (self->chat_view != NULL)
    return;

  self->chat_view = g_object_new (CAU_TYPE_CHAT_VIEW, NULL);
  g_object_bind_property (self->leaflet, "folded", self->chat_view, "folded",
                          G_BINDING_SYNC_CREATE);
  gtk_stack_add_named (self->content, GTK_WIDGET (self->chat_view), "chat");
}

static void
show_accounts (CauWindow  *self,
               CauAccount *account)
{
  ensure_accounts_view (self);
  gtk_stack_set_visible_child (self->main_stack, GTK_WIDGET (self->accounts_view));
  cau_accounts_view_show_account (self->accounts_view, account);
}

/* Read state and title. */

static gboolean
is_shown (CauWindow *self)
{
  return self->conversation != NULL &&
         gtk_stack_get_visible_child (self->main_stack) == GTK_WIDGET (self->leaflet) &&
         (!adw_leaflet_get_folded (self->leaflet) ||
          adw_leaflet_get_visible_child (self->leaflet) == GTK_WIDGET (self->content));
}

static gboolean
read_idle_cb (gpointer data)
{
  CauWindow *self = data;

  self->read_idle_id = 0;
  if (is_shown (self) && gtk_window_is_active (GTK_WINDOW (self)) &&
      cau_conversation_get_unread (self->conversation) > 0)
    cau_conversation_mark_read (self->conversation);
  return G_SOURCE_REMOVE;
}

/* What is on screen in the window the person looks at is read. */
static void
update_read (CauWindow *self)
{
  if (self->read_idle_id == 0 && self->conversation != NULL &&
      cau_conversation_get_unread (self->conversation) > 0)
    self->read_idle_id = g_idle_add (read_idle_cb, self);
}

static void
shown_changed_cb (CauWindow *self)
{
  update_read (self);
}

static void
update_title (CauWindow *self)
{
  GListModel *list = conversations (self);
  guint unread = 0;
  g_autofree char *title = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(CauConversation) item = g_list_model_get_item (list, i);

      unread += cau_conversation_get_unread (item);
    }

  if (unread == 0)
    {
      gtk_window_set_title (GTK_WINDOW (self), _("Causerie"));
      return;
    }
  /* TRANSLATORS: the window title with the number of unread messages */
  title = g_strdup_printf (_("(%u) Causerie"), unread);
  gtk_window_set_title (GTK_WINDOW (self), title);
}

static void
unwatch_all (CauWindow *self)
{
  for (guint i = 0; i < self->watched->len; i++)
    g_signal_handlers_disconnect_by_func (g_ptr_array_index (self->watched, i),
                                          update_title, self);
  g_ptr_array_set_size (self->watched, 0);
}

/* Follows the unread count of what the list holds now; run once after
 * a burst of changes. */
static gboolean
watch_idle_cb (gpointer data)
{
  CauWindow *self = data;
  GListModel *list = conversations (self);

  self->watch_idle_id = 0;
  unwatch_all (self);
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      CauConversation *item = g_list_model_get_item (list, i);

      g_signal_connect_object (item, "notify::unread", G_CALLBACK (update_title), self,
                               G_CONNECT_SWAPPED);
      g_ptr_array_add (self->watched, item);
    }
  update_title (self);

  /* A conversation closed (archived) while shown leaves the chat; a move in
   * the list (out, then in again) does not, hence the wait until now. */
  if (self->conversation != NULL)
    {
      guint position;

      if (!find_conversation (self, self->conversation, &position))
        cau_window_open_conversation (self, NULL);
    }
  return G_SOURCE_REMOVE;
}

/* The conversation list. */

static void
sync_selection (CauWindow *self)
{
  guint position = GTK_INVALID_LIST_POSITION;

  if (self->conversation != NULL && !find_conversation (self, self->conversation, &position))
    position = GTK_INVALID_LIST_POSITION;
  if (gtk_single_selection_get_selected (self->selection) != position)
    gtk_single_selection_set_selected (self->selection, position);
}

static void
conversations_changed_cb (CauWindow *self)
{
  gboolean empty = g_list_model_get_n_items (conversations (self)) == 0;

  gtk_stack_set_visible_child_name (self->conversation_stack, empty ? "empty" : "list");
  /* The list moves a conversation by taking it out and putting it back,
   * which loses the selection: the shown conversation stays selected. */
  sync_selection (self);
  update_title (self);
  if (self->watch_idle_id == 0)
    self->watch_idle_id = g_idle_add (watch_idle_cb, self);
}

static void
conversation_activated_cb (CauWindow *self,
                           guint      position)
{
  g_autoptr(CauConversation) conversation = g_list_model_get_item (conversations (self),
                                                                   position);

  cau_window_open_conversation (self, conversation);
}

/* Accounts. */

/* Without a keyring, an account has no password at start: ask for it at
 * once, on its page, saying why (once per account and session). */
static void
account_state_cb (CauAccount *account,
                  GParamSpec *pspec,
                  CauWindow  *self)
{
  if (cau_account_get_state (account) != CAU_ACCOUNT_STATE_NEEDS_PASSWORD ||
      cau_account_manager_get_keyring_available (self->manager) ||
      g_object_get_data (G_OBJECT (account), "cau-password-asked") != NULL)
    return;

  g_object_set_data (G_OBJECT (account), "cau-password-asked", GINT_TO_POINTER (TRUE));
  show_accounts (self, account);
  cau_accounts_view_ask_password (self->accounts_view, account);
}

static void
watch_accounts (CauWindow *self,
                guint      position,
                guint      added)
{
  GListModel *accounts = cau_account_manager_get_accounts (self->manager);

  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(CauAccount) account = g_list_model_get_item (accounts, i);

      g_signal_connect_object (account, "notify::state", G_CALLBACK (account_state_cb), self, 0);
      account_state_cb (account, NULL, self);
    }
}

static void
accounts_items_changed_cb (GListModel *accounts,
                           guint       position,
                           guint       removed,
                           guint       added,
                           CauWindow  *self)
{
  watch_accounts (self, position, added);
}

static void
accounts_changed_cb (CauWindow *self)
{
  if (cau_window_n_accounts (self) == 0)
    show_welcome (self, FALSE);
  else if (self->welcome_page != NULL)
    /* An account came from elsewhere (the command line): offer the way to it,
     * without dropping what is being typed. */
    cau_welcome_page_set_can_cancel (self->welcome_page, TRUE);
}

static void
accounts_selection_changed_cb (CauWindow *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.account-settings",
                                 self->accounts_view != NULL &&
                                 cau_accounts_view_get_selected_account (self->accounts_view)
                                 != NULL);
}

static void
account_added_cb (CauWindow  *self,
                  CauAccount *account,
                  gboolean    password_saved)
{
  /* The conversations first: the account's state shows above them when
   * it is not online. */
  show_main (self);
  adw_leaflet_set_visible_child (self->leaflet, self->sidebar);

  if (!password_saved)
    adw_toast_overlay_add_toast (self->toast_overlay,
                                 adw_toast_new (_("No keyring: password not saved")));
}

static void
welcome_cancelled_cb (CauWindow *self)
{
  if (cau_window_n_accounts (self) > 0)
    show_main (self);
}

static gboolean
presence_to_icon (GValue   *value,
                  GVariant *variant,
                  gpointer  user_data)
{
  CauPresence presence = cau_presence_from_string (g_variant_get_string (variant, NULL));

  g_value_set_string (value, cau_presence_get_icon_name (presence));
  return TRUE;
}

static gboolean
presence_to_tooltip (GValue   *value,
                     GVariant *variant,
                     gpointer  user_data)
{
  CauPresence presence = cau_presence_from_string (g_variant_get_string (variant, NULL));

  /* TRANSLATORS: the tooltip of the presence menu, e.g. "Availability: Away" */
  g_value_take_string (value, g_strdup_printf (_("Availability: %s"),
                                               cau_presence_get_label (presence)));
  return TRUE;
}

/* Actions. */

static void
go_back_action_cb (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  CauWindow *self = CAU_WINDOW (widget);

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
account_settings_action_cb (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  CauWindow *self = CAU_WINDOW (widget);
  CauAccount *account;
  CauAccountPreferences *preferences;

  if (self->accounts_view == NULL)
    return;
  account = cau_accounts_view_get_selected_account (self->accounts_view);
  if (account == NULL ||
      gtk_stack_get_visible_child (self->main_stack) != GTK_WIDGET (self->accounts_view))
    return;

  preferences = cau_account_preferences_new (GTK_WINDOW (self), self->manager, account);
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
new_chat_opened_cb (CauWindow       *self,
                    CauConversation *conversation)
{
  cau_window_open_conversation (self, conversation);
}

static void
new_chat_failed_cb (CauWindow  *self,
                    const char *message)
{
  adw_toast_overlay_add_toast (self->toast_overlay, cau_toast_new (message));
}

static void
new_chat_action_cb (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  CauWindow *self = CAU_WINDOW (widget);
  CauNewChatDialog *dialog;

  if (cau_window_n_accounts (self) == 0)
    return;

  dialog = cau_new_chat_dialog_new (GTK_WINDOW (self), self->manager);
  g_signal_connect_object (dialog, "conversation-opened", G_CALLBACK (new_chat_opened_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog, "failed", G_CALLBACK (new_chat_failed_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/**
 * cau_window_show_join_room:
 * @self: the window
 * @account: (nullable): the account to enter from
 * @address: (nullable): the room's address
 *
 * Opens the Join a Room dialog, filled in with what is given; the room's
 * conversation is shown once the dialog has entered it.
 */
void
cau_window_show_join_room (CauWindow  *self,
                           CauAccount *account,
                           const char *address)
{
  CauJoinRoomDialog *dialog;

  g_return_if_fail (CAU_IS_WINDOW (self));

  if (cau_window_n_accounts (self) == 0)
    return;
  dialog = cau_join_room_dialog_new (GTK_WINDOW (self), self->manager);
  if (account != NULL)
    cau_join_room_dialog_set_account (dialog, account);
  if (address != NULL)
    cau_join_room_dialog_set_address (dialog, address);
  g_signal_connect_object (dialog, "conversation-opened", G_CALLBACK (new_chat_opened_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
join_room_action_cb (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  cau_window_show_join_room (CAU_WINDOW (widget), NULL, NULL);
}

static void
create_room_action_cb (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  CauWindow *self = CAU_WINDOW (widget);
  CauCreateRoomDialog *dialog;

  if (cau_window_n_accounts (self) == 0)
    return;
  dialog = cau_create_room_dialog_new (GTK_WINDOW (self), self->manager);
  g_signal_connect_object (dialog, "conversation-opened", G_CALLBACK (new_chat_opened_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
show_accounts_action_cb (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  CauWindow *self = CAU_WINDOW (widget);

  if (cau_window_n_accounts (self) > 0)
    show_accounts (self, NULL);
}

static void
show_account_action_cb (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  CauWindow *self = CAU_WINDOW (widget);
  CauAccount *account = cau_account_manager_find (self->manager,
                                                  g_variant_get_string (parameter, NULL));

  if (account != NULL)
    show_accounts (self, account);
}

static void
show_chats_action_cb (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  CauWindow *self = CAU_WINDOW (widget);

  if (cau_window_n_accounts (self) > 0)
    show_main (self);
}

/* Life cycle. */

static gboolean
cau_window_close_request (GtkWindow *window)
{
  CauWindow *self = CAU_WINDOW (window);
  int width, height;

  /* A maximized window keeps the size it had before. */
  gtk_window_get_default_size (window, &width, &height);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
  if (!gtk_window_is_maximized (window) && width > 0 && height > 0)
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }

  return GTK_WINDOW_CLASS (cau_window_parent_class)->close_request (window);
}

static void
cau_window_constructed (GObject *object)
{
  CauWindow *self = CAU_WINDOW (object);
  GListModel *accounts;
  g_autofree char *icon_name = g_strconcat (APP_ID, "-symbolic", NULL);

  G_OBJECT_CLASS (cau_window_parent_class)->constructed (object);

  g_assert (self->manager != NULL);
  g_assert (self->settings != NULL);
  accounts = cau_account_manager_get_accounts (self->manager);

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  g_settings_bind_with_mapping (self->settings, "global-presence",
                                self->presence_button, "icon-name", G_SETTINGS_BIND_GET,
                                presence_to_icon, NULL, NULL, NULL);
  g_settings_bind_with_mapping (self->settings, "global-presence",
                                self->presence_button, "tooltip-text", G_SETTINGS_BIND_GET,
                                presence_to_tooltip, NULL, NULL, NULL);

  cau_menu_button_set_menu_lazily (self->presence_button, self->presence_menu);
  cau_menu_button_set_menu_lazily (self->main_menu_button, self->primary_menu);
  adw_status_page_set_icon_name (self->empty_page, icon_name);
  cau_account_banner_set_manager (self->account_banner, self->manager);
  cau_invitation_list_set_manager (self->invitation_list, self->manager);
  g_signal_connect_object (self->invitation_list, "conversation-opened",
                           G_CALLBACK (new_chat_opened_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->invitation_list, "failed", G_CALLBACK (new_chat_failed_cb), self,
                           G_CONNECT_SWAPPED);

  self->selection = gtk_single_selection_new (g_object_ref (conversations (self)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  g_signal_connect_object (self->selection, "items-changed",
                           G_CALLBACK (conversations_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_list_view_set_model (self->conversation_list, GTK_SELECTION_MODEL (self->selection));

  g_signal_connect_object (accounts, "items-changed", G_CALLBACK (accounts_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (accounts, "items-changed", G_CALLBACK (accounts_items_changed_cb),
                           self, 0);
  g_signal_connect_object (self, "notify::is-active", G_CALLBACK (shown_changed_cb), self,
                           G_CONNECT_SWAPPED);

  conversations_changed_cb (self);
  accounts_selection_changed_cb (self);
  if (cau_window_n_accounts (self) == 0)
    show_welcome (self, FALSE);
  else
    show_main (self);
  watch_accounts (self, 0, cau_window_n_accounts (self));
}

static void
cau_window_dispose (GObject *object)
{
  CauWindow *self = CAU_WINDOW (object);

  g_clear_handle_id (&self->watch_idle_id, g_source_remove);
  g_clear_handle_id (&self->read_idle_id, g_source_remove);
  if (self->watched != NULL)
    unwatch_all (self);
  if (self->conversation_list != NULL)
    gtk_list_view_set_model (self->conversation_list, NULL);
  /* The chat keeps the draft as the window goes. */
  if (self->chat_view != NULL)
    cau_chat_view_set_conversation (self->chat_view, NULL);
  g_clear_object (&self->selection);
  g_clear_object (&self->conversation_signals);
  g_clear_object (&self->conversation);
  gtk_widget_dispose_template (GTK_WIDGET (self), CAU_TYPE_WINDOW);
  g_clear_object (&self->settings);
  g_clear_object (&self->manager);

  G_OBJECT_CLASS (cau_window_parent_class)->dispose (object);
}

static void
cau_window_finalize (GObject *object)
{
  CauWindow *self = CAU_WINDOW (object);

  g_ptr_array_unref (self->watched);

  G_OBJECT_CLASS (cau_window_parent_class)->finalize (object);
}

/* The shortcuts window is built when asked for: built with every window,
 * as GtkApplication does with gtk/help-overlay.ui, it held some 0.8 MB. */
static void
show_shortcuts_action_cb (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  g_autoptr(GtkBuilder) builder = NULL;
  GtkWindow *shortcuts;

  builder = gtk_builder_new_from_resource (RESOURCE_PATH "/ui/cau-shortcuts-window.ui");
  shortcuts = GTK_WINDOW (gtk_builder_get_object (builder, "shortcuts_window"));
  gtk_window_set_transient_for (shortcuts, GTK_WINDOW (widget));
  gtk_window_present (shortcuts);
}

static void
cau_window_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  CauWindow *self = CAU_WINDOW (object);

  switch (prop_id)
    {
    case PROP_MANAGER:
      g_value_set_object (value, self->manager);
      break;
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cau_window_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  CauWindow *self = CAU_WINDOW (object);

  switch (prop_id)
    {
    case PROP_MANAGER:
      self->manager = g_value_dup_object (value);
      break;
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cau_window_class_init (CauWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = cau_window_constructed;
  object_class->dispose = cau_window_dispose;
  object_class->finalize = cau_window_finalize;
  object_class->get_property = cau_window_get_property;
  object_class->set_property = cau_window_set_property;
  window_class->close_request = cau_window_close_request;

  props[PROP_MANAGER] =
    g_param_spec_object ("manager", NULL, NULL, CAU_TYPE_ACCOUNT_MANAGER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  props[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);

  g_type_ensure (CAU_TYPE_ACCOUNT_BANNER);
  g_type_ensure (CAU_TYPE_INVITATION_LIST);
  g_type_ensure (CAU_TYPE_ACCOUNTS_VIEW);
  g_type_ensure (CAU_TYPE_CHAT_VIEW);
  g_type_ensure (CAU_TYPE_CONVERSATION_ROW);
  g_type_ensure (CAU_TYPE_WELCOME_PAGE);
  g_type_ensure (CAU_TYPE_CONTACTS_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/im/causerie/Causerie/ui/cau-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CauWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CauWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, CauWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, CauWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, CauWindow, presence_button);
  gtk_widget_class_bind_template_child (widget_class, CauWindow, main_menu_button);
  gtk_widget_class_bind_template_child (widget_class, CauWindow, presence_menu);
  gtk_widget_class_bind_template_child (widget_class, CauWindow, primary_menu);
  gtk_widget_class_bind_template_child (widget_class, CauWindow, account_banner);
  gtk_widget_class_bind_template_child (widget_class, CauWindow, invitation_list);
  gtk_widget_class_bind_template_child (widget_class, CauWindow, conversation_stack);
  gtk_widget_class_bind_template_child (widget_class, CauWindow, conversation_list);
  gtk_widget_class_bind_template_child (widget_class, CauWindow, content);
  gtk_widget_class_bind_template_child (widget_class, CauWindow, empty_page);
  gtk_widget_class_bind_template_callback (widget_class, shown_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, conversation_activated_cb);

  gtk_widget_class_install_action (widget_class, "win.go-back", NULL, go_back_action_cb);
  gtk_widget_class_install_action (widget_class, "win.account-settings", NULL,
                                   account_settings_action_cb);
  gtk_widget_class_install_action (widget_class, "win.new-chat", NULL, new_chat_action_cb);
  gtk_widget_class_install_action (widget_class, "win.join-room", NULL, join_room_action_cb);
  gtk_widget_class_install_action (widget_class, "win.create-room", NULL, create_room_action_cb);
  gtk_widget_class_install_action (widget_class, "win.show-accounts", NULL,
                                   show_accounts_action_cb);
  gtk_widget_class_install_action (widget_class, "win.show-account", "s",
                                   show_account_action_cb);
  gtk_widget_class_install_action (widget_class, "win.show-chats", NULL, show_chats_action_cb);
  gtk_widget_class_install_action (widget_class, "win.show-help-overlay", NULL,
                                   show_shortcuts_action_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK,
                                       "win.go-back", NULL);
  cau_window_class_init_contacts (widget_class);
}

static void
cau_window_init (CauWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->watched = g_ptr_array_new_with_free_func (g_object_unref);
  self->conversation_signals = g_signal_group_new (CAU_TYPE_CONVERSATION);
  g_signal_group_connect_swapped (self->conversation_signals, "notify::unread",
                                  G_CALLBACK (update_read), self);

  if (g_str_equal (PROFILE, "development"))
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
}

CauWindow *
cau_window_new (CauApplication *app)
{
  g_return_val_if_fail (CAU_IS_APPLICATION (app), NULL);
  g_return_val_if_fail (cau_application_get_account_manager (app) != NULL, NULL);

  return g_object_new (CAU_TYPE_WINDOW,
                       "application", app,
                       "manager", cau_application_get_account_manager (app),
                       "settings", cau_application_get_settings (app),
                       NULL);
}

/* Opens the sign-in and registration pages, with a way back to the accounts. */
void
cau_window_show_add_account (CauWindow *self)
{
  g_return_if_fail (CAU_IS_WINDOW (self));

  if (self->welcome_page != NULL &&
      gtk_stack_get_visible_child (self->main_stack) == GTK_WIDGET (self->welcome_page))
    return;
  show_welcome (self, cau_window_n_accounts (self) > 0);
}

void
cau_window_open_conversation (CauWindow       *self,
                              CauConversation *conversation)
{
  g_return_if_fail (CAU_IS_WINDOW (self));
  g_return_if_fail (conversation == NULL || CAU_IS_CONVERSATION (conversation));

  if (conversation != NULL)
    ensure_chat_view (self);
  if (g_set_object (&self->conversation, conversation))
    {
      g_signal_group_set_target (self->conversation_signals, conversation);
      if (self->chat_view != NULL)
        cau_chat_view_set_conversation (self->chat_view, conversation);
    }
  sync_selection (self);

  if (conversation == NULL)
    {
      gtk_stack_set_visible_child_name (self->content, "empty");
      adw_leaflet_set_visible_child (self->leaflet, self->sidebar);
      return;
    }

  if (cau_window_n_accounts (self) > 0)
    show_main (self);
  gtk_stack_set_visible_child_name (self->content, "chat");
  adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->content));
  cau_chat_view_focus_composer (self->chat_view);
  update_read (self);
}

CauConversation *
cau_window_get_shown_conversation (CauWindow *self)
{
  g_return_val_if_fail (CAU_IS_WINDOW (self), NULL);

  return is_shown (self) ? self->conversation : NULL;
}
