/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-window.h"
#include "cau-account-page.h"
#include "cau-account-preferences.h"
#include "cau-account-row.h"
#include "cau-ui-utils.h"
#include "cau-welcome-page.h"

#include <glib/gi18n.h>

struct _CauWindow
{
  AdwApplicationWindow  parent_instance;

  CauAccountManager    *manager;
  GSettings            *settings;
  GtkSingleSelection   *selection;

  AdwToastOverlay      *toast_overlay;
  GtkStack             *main_stack;
  CauWelcomePage       *welcome_page;
  AdwLeaflet           *leaflet;
  GtkWidget            *sidebar;
  GtkMenuButton        *presence_button;
  GtkListView          *account_list;
  GtkWidget            *content;
  AdwWindowTitle       *content_title;
  GtkStack             *content_stack;
  AdwStatusPage        *empty_page;
  CauAccountPage       *account_page;
};

G_DEFINE_FINAL_TYPE (CauWindow, cau_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_MANAGER,
  PROP_SETTINGS,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

static guint
n_accounts (CauWindow *self)
{
  return g_list_model_get_n_items (cau_account_manager_get_accounts (self->manager));
}

static gboolean
find_account (CauWindow  *self,
              CauAccount *account,
              guint      *position)
{
  GListModel *accounts = cau_account_manager_get_accounts (self->manager);

  for (guint i = 0; i < g_list_model_get_n_items (accounts); i++)
    {
      g_autoptr(CauAccount) item = g_list_model_get_item (accounts, i);

      if (item == account)
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

static void
selection_changed_cb (CauWindow *self)
{
  CauAccount *account = gtk_single_selection_get_selected_item (self->selection);

  cau_account_page_set_account (self->account_page, account);
  adw_window_title_set_title (self->content_title, account ? cau_account_get_jid (account) : "");
  gtk_stack_set_visible_child_name (self->content_stack, account ? "account" : "empty");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.account-settings", account != NULL);
}

/* Without a keyring, an account has no password at start: ask for it at
 * once, on its page, saying why (once per account and session). */
static void
account_state_cb (CauAccount *account,
                  GParamSpec *pspec,
                  CauWindow  *self)
{
  guint position;

  if (cau_account_get_state (account) != CAU_ACCOUNT_STATE_NEEDS_PASSWORD ||
      cau_account_manager_get_keyring_available (self->manager) ||
      g_object_get_data (G_OBJECT (account), "cau-password-asked") != NULL ||
      !find_account (self, account, &position))
    return;

  g_object_set_data (G_OBJECT (account), "cau-password-asked", GINT_TO_POINTER (TRUE));
  gtk_single_selection_set_selected (self->selection, position);
  adw_leaflet_set_visible_child (self->leaflet, self->content);
  gtk_widget_activate_action (GTK_WIDGET (self->account_page), "account.enter-password", NULL);
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
  if (n_accounts (self) == 0)
    show_welcome (self, FALSE);
  else if (self->welcome_page != NULL)
    /* An account came from elsewhere (the command line): offer the way to it,
     * without dropping what is being typed. */
    cau_welcome_page_set_can_cancel (self->welcome_page, TRUE);
}

static void
account_activated_cb (CauWindow *self,
                      guint      position)
{
  gtk_single_selection_set_selected (self->selection, position);
  adw_leaflet_set_visible_child (self->leaflet, self->content);
}

static void
folded_changed_cb (CauWindow *self)
{
  /* Folded, the sidebar is a list to tap: one tap opens the account. */
  gtk_list_view_set_single_click_activate (self->account_list,
                                           adw_leaflet_get_folded (self->leaflet));
}

static void
account_added_cb (CauWindow  *self,
                  CauAccount *account,
                  gboolean    password_saved)
{
  guint position;

  show_main (self);
  if (find_account (self, account, &position))
    account_activated_cb (self, position);

  if (!password_saved)
    adw_toast_overlay_add_toast (self->toast_overlay,
                                 adw_toast_new (_("No keyring: password not saved")));
}

static void
welcome_cancelled_cb (CauWindow *self)
{
  if (n_accounts (self) > 0)
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
  CauAccount *account = gtk_single_selection_get_selected_item (self->selection);
  CauAccountPreferences *preferences;

  if (account == NULL ||
      gtk_stack_get_visible_child (self->main_stack) != GTK_WIDGET (self->leaflet))
    return;

  preferences = cau_account_preferences_new (GTK_WINDOW (self), self->manager, account);
  gtk_window_present (GTK_WINDOW (preferences));
}

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

  adw_status_page_set_icon_name (self->empty_page, icon_name);
  g_object_set (self->account_page, "manager", self->manager, NULL);

  self->selection = gtk_single_selection_new (g_object_ref (accounts));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  g_signal_connect_object (self->selection, "notify::selected-item",
                           G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_list_view_set_model (self->account_list, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_object (accounts, "items-changed", G_CALLBACK (accounts_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (accounts, "items-changed", G_CALLBACK (accounts_items_changed_cb),
                           self, 0);

  selection_changed_cb (self);
  folded_changed_cb (self);
  if (n_accounts (self) == 0)
    show_welcome (self, FALSE);
  else
    show_main (self);
  watch_accounts (self, 0, n_accounts (self));
}

static void
cau_window_dispose (GObject *object)
{
  CauWindow *self = CAU_WINDOW (object);

  if (self->account_list != NULL)
    gtk_list_view_set_model (self->account_list, NULL);
  g_clear_object (&self->selection);
  gtk_widget_dispose_template (GTK_WIDGET (self), CAU_TYPE_WINDOW);
  g_clear_object (&self->settings);
  g_clear_object (&self->manager);

  G_OBJECT_CLASS (cau_window_parent_class)->dispose (object);
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

  g_type_ensure (CAU_TYPE_ACCOUNT_PAGE);
  g_type_ensure (CAU_TYPE_ACCOUNT_ROW);
  g_type_ensure (CAU_TYPE_WELCOME_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/im/causerie/Causerie/ui/cau-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CauWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CauWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, CauWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, CauWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, CauWindow, presence_button);
  gtk_widget_class_bind_template_child (widget_class, CauWindow, account_list);
  gtk_widget_class_bind_template_child (widget_class, CauWindow, content);
  gtk_widget_class_bind_template_child (widget_class, CauWindow, content_title);
  gtk_widget_class_bind_template_child (widget_class, CauWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, CauWindow, empty_page);
  gtk_widget_class_bind_template_child (widget_class, CauWindow, account_page);
  gtk_widget_class_bind_template_callback (widget_class, account_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, folded_changed_cb);

  gtk_widget_class_install_action (widget_class, "win.go-back", NULL, go_back_action_cb);
  gtk_widget_class_install_action (widget_class, "win.account-settings", NULL,
                                   account_settings_action_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK,
                                       "win.go-back", NULL);
}

static void
cau_window_init (CauWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

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
  show_welcome (self, n_accounts (self) > 0);
}
