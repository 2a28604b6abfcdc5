/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-accounts-view.h"
#include "cau-account-page.h"
#include "cau-account-row.h"

#include <glib/gi18n.h>

/* The accounts, reached from the main menu: a list of them and the page
 * of the selected one, side by side or one after the other when narrow. */
struct _CauAccountsView
{
  GtkWidget           parent_instance;

  CauAccountManager  *manager;
  GtkSingleSelection *selection;

  AdwLeaflet         *leaflet;
  GtkWidget          *sidebar;
  GtkListView        *account_list;
  GtkWidget          *content;
  AdwWindowTitle     *content_title;
  GtkStack           *content_stack;
  AdwStatusPage      *empty_page;
  CauAccountPage     *account_page;
};

G_DEFINE_FINAL_TYPE (CauAccountsView, cau_accounts_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_MANAGER,
  PROP_SELECTED_ACCOUNT,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

static void
selection_changed_cb (CauAccountsView *self)
{
  CauAccount *account = self->selection ? gtk_single_selection_get_selected_item (self->selection)
                                        : NULL;

  cau_account_page_set_account (self->account_page, account);
  adw_window_title_set_title (self->content_title, account ? cau_account_get_jid (account) : "");
  gtk_stack_set_visible_child_name (self->content_stack, account ? "account" : "empty");
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_SELECTED_ACCOUNT]);
}

static void
account_activated_cb (CauAccountsView *self,
                      guint            position)
{
  gtk_single_selection_set_selected (self->selection, position);
  adw_leaflet_set_visible_child (self->leaflet, self->content);
}

static void
folded_changed_cb (CauAccountsView *self)
{
  /* Folded, the sidebar is a list to tap: one tap opens the account. */
  gtk_list_view_set_single_click_activate (self->account_list,
                                           adw_leaflet_get_folded (self->leaflet));
}

static void
go_back_action_cb (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  CauAccountsView *self = CAU_ACCOUNTS_VIEW (widget);

  /* From the account's page to the list, from the list to the chats. */
  if (adw_leaflet_get_folded (self->leaflet) &&
      adw_leaflet_get_visible_child (self->leaflet) == self->content)
    adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
  else
    gtk_widget_activate_action (widget, "win.show-chats", NULL);
}

static void
cau_accounts_view_dispose (GObject *object)
{
  CauAccountsView *self = CAU_ACCOUNTS_VIEW (object);

  if (self->account_list != NULL)
    gtk_list_view_set_model (self->account_list, NULL);
  g_clear_object (&self->selection);
  gtk_widget_dispose_template (GTK_WIDGET (self), CAU_TYPE_ACCOUNTS_VIEW);
  g_clear_object (&self->manager);

  G_OBJECT_CLASS (cau_accounts_view_parent_class)->dispose (object);
}

static void
cau_accounts_view_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  CauAccountsView *self = CAU_ACCOUNTS_VIEW (object);

  switch (prop_id)
    {
    case PROP_MANAGER:
      g_value_set_object (value, self->manager);
      break;
    case PROP_SELECTED_ACCOUNT:
      g_value_set_object (value, cau_accounts_view_get_selected_account (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cau_accounts_view_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  CauAccountsView *self = CAU_ACCOUNTS_VIEW (object);

  switch (prop_id)
    {
    case PROP_MANAGER:
      cau_accounts_view_set_manager (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cau_accounts_view_class_init (CauAccountsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cau_accounts_view_dispose;
  object_class->get_property = cau_accounts_view_get_property;
  object_class->set_property = cau_accounts_view_set_property;

  props[PROP_MANAGER] =
    g_param_spec_object ("manager", NULL, NULL, CAU_TYPE_ACCOUNT_MANAGER,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  props[PROP_SELECTED_ACCOUNT] =
    g_param_spec_object ("selected-account", NULL, NULL, CAU_TYPE_ACCOUNT,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);

  g_type_ensure (CAU_TYPE_ACCOUNT_PAGE);
  g_type_ensure (CAU_TYPE_ACCOUNT_ROW);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/im/causerie/Causerie/ui/cau-accounts-view.ui");
  gtk_widget_class_bind_template_child (widget_class, CauAccountsView, leaflet);
  gtk_widget_class_bind_template_child (widget_class, CauAccountsView, sidebar);
  gtk_widget_class_bind_template_child (widget_class, CauAccountsView, account_list);
  gtk_widget_class_bind_template_child (widget_class, CauAccountsView, content);
  gtk_widget_class_bind_template_child (widget_class, CauAccountsView, content_title);
  gtk_widget_class_bind_template_child (widget_class, CauAccountsView, content_stack);
  gtk_widget_class_bind_template_child (widget_class, CauAccountsView, empty_page);
  gtk_widget_class_bind_template_child (widget_class, CauAccountsView, account_page);
  gtk_widget_class_bind_template_callback (widget_class, account_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, folded_changed_cb);

  gtk_widget_class_install_action (widget_class, "accounts.go-back", NULL, go_back_action_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK,
                                       "accounts.go-back", NULL);
}

static void
cau_accounts_view_init (CauAccountsView *self)
{
  g_autofree char *icon_name = g_strconcat (APP_ID, "-symbolic", NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  adw_status_page_set_icon_name (self->empty_page, icon_name);
  folded_changed_cb (self);
}

CauAccountManager *
cau_accounts_view_get_manager (CauAccountsView *self)
{
  g_return_val_if_fail (CAU_IS_ACCOUNTS_VIEW (self), NULL);
  return self->manager;
}

CauAccount *
cau_accounts_view_get_selected_account (CauAccountsView *self)
{
  g_return_val_if_fail (CAU_IS_ACCOUNTS_VIEW (self), NULL);

  if (self->selection == NULL)
    return NULL;
  return gtk_single_selection_get_selected_item (self->selection);
}

void
cau_accounts_view_set_manager (CauAccountsView   *self,
                               CauAccountManager *manager)
{
  g_return_if_fail (CAU_IS_ACCOUNTS_VIEW (self));
  g_return_if_fail (manager == NULL || CAU_IS_ACCOUNT_MANAGER (manager));

  if (!g_set_object (&self->manager, manager))
    return;

  g_object_set (self->account_page, "manager", manager, NULL);
  gtk_list_view_set_model (self->account_list, NULL);
  g_clear_object (&self->selection);
  if (manager != NULL)
    {
      GListModel *accounts = cau_account_manager_get_accounts (manager);

      self->selection = gtk_single_selection_new (g_object_ref (accounts));
      gtk_single_selection_set_autoselect (self->selection, FALSE);
      gtk_single_selection_set_can_unselect (self->selection, TRUE);
      gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
      g_signal_connect_object (self->selection, "notify::selected-item",
                               G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);
      gtk_list_view_set_model (self->account_list, GTK_SELECTION_MODEL (self->selection));
    }
  selection_changed_cb (self);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_MANAGER]);
}

void
cau_accounts_view_show_account (CauAccountsView *self,
                                CauAccount      *account)
{
  GListModel *accounts;

  g_return_if_fail (CAU_IS_ACCOUNTS_VIEW (self));
  g_return_if_fail (account == NULL || CAU_IS_ACCOUNT (account));

  if (self->selection == NULL)
    return;

  if (account == NULL)
    {
      adw_leaflet_set_visible_child (self->leaflet, self->sidebar);
      return;
    }

  accounts = G_LIST_MODEL (self->selection);
  for (guint i = 0; i < g_list_model_get_n_items (accounts); i++)
    {
      g_autoptr(CauAccount) item = g_list_model_get_item (accounts, i);

      if (item == account)
        {
          account_activated_cb (self, i);
          return;
        }
    }
}

void
cau_accounts_view_ask_password (CauAccountsView *self,
                                CauAccount      *account)
{
  g_return_if_fail (CAU_IS_ACCOUNTS_VIEW (self));
  g_return_if_fail (CAU_IS_ACCOUNT (account));

  cau_accounts_view_show_account (self, account);
  if (cau_account_page_get_account (self->account_page) == account)
    gtk_widget_activate_action (GTK_WIDGET (self->account_page), "account.enter-password", NULL);
}
