/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-contacts-view.h"
#include "cau-contact-row.h"
#include "cau-request-row.h"
#include "cau-ui-utils.h"
#include "core/cau-roster.h"

#include <glib/gi18n.h>

/*
 * The contacts page, reached from the main menu and the New Chat dialog.
 *
 * The list is one list view over the rosters of every account, each
 * filtered by the search; with several accounts each roster comes after a
 * heading naming its account (a row of its own, hidden when the search
 * leaves the account nothing). The subscription requests of every account
 * are above it, with their answers.
 */
struct _CauContactsView
{
  GtkWidget            parent_instance;

  CauAccountManager   *manager;
  char                *query;
  GtkCustomFilter     *filter;
  /* GListModel of the list's sections: headings and filtered rosters. */
  GListStore          *sections;
  GtkFlattenListModel *contacts;
  /* Every roster, unfiltered, to tell "no contacts" from "no match". */
  GtkFlattenListModel *all_contacts;
  GtkFlattenListModel *requests;

  AdwToastOverlay     *toast_overlay;
  GtkSearchEntry      *search_entry;
  GtkRevealer         *requests_revealer;
  GtkListBox          *requests_list;
  GtkStack            *content_stack;
  GtkListView         *contact_list;
  AdwStatusPage       *no_results_page;
};

G_DEFINE_FINAL_TYPE (CauContactsView, cau_contacts_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_MANAGER,
  N_PROPS
};

enum {
  SIGNAL_CONVERSATION_OPENED,
  N_SIGNALS
};

static GParamSpec *props[N_PROPS];
static guint signals[N_SIGNALS];

static void
show_error (CauContactsView *self,
            CauAccount      *account,
            const GError    *error)
{
  g_autofree char *message = cau_contact_error_message (account, error);

  adw_toast_overlay_add_toast (self->toast_overlay, cau_toast_new (message));
}

static guint
n_accounts (CauContactsView *self)
{
  if (self->manager == NULL)
    return 0;
  return g_list_model_get_n_items (cau_account_manager_get_accounts (self->manager));
}

/* What the list shows. */

static void
update_state (CauContactsView *self)
{
  const char *page = "list";

  if (self->all_contacts == NULL ||
      g_list_model_get_n_items (G_LIST_MODEL (self->all_contacts)) == 0)
    page = "empty";
  else if (g_list_model_get_n_items (G_LIST_MODEL (self->contacts)) == 0)
    {
      g_autofree char *escaped = g_markup_escape_text (self->query ? self->query : "", -1);
      g_autofree char *description = NULL;

      /* TRANSLATORS: %s is what was searched for */
      description = g_strdup_printf (_("No contact matches “%s”."), escaped);
      adw_status_page_set_description (self->no_results_page, description);
      page = "no-results";
    }
  gtk_stack_set_visible_child_name (self->content_stack, page);
}

static void
update_requests (CauContactsView *self)
{
  gtk_revealer_set_reveal_child (self->requests_revealer,
                                 self->requests != NULL &&
                                 g_list_model_get_n_items (G_LIST_MODEL (self->requests)) > 0);
}

static gboolean
contact_matches (gpointer item,
                 gpointer data)
{
  CauContactsView *self = data;

  return cau_contact_matches (item, self->query);
}

static void
search_changed_cb (CauContactsView *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autofree char *query = g_strstrip (g_strdup (text));

  if (g_strcmp0 (query, self->query) == 0)
    return;
  g_free (self->query);
  self->query = g_steal_pointer (&query);
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_state (self);
}

static void
stop_search_cb (CauContactsView *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
}

/* Rows. */

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             CauContactsView          *self)
{
  GObject *object = gtk_list_item_get_item (item);
  GtkWidget *child = gtk_list_item_get_child (item);

  /* One factory for both kinds of item: the child follows the item. */
  if (CAU_IS_CONTACT (object))
    {
      if (!CAU_IS_CONTACT_ROW (child))
        {
          child = GTK_WIDGET (cau_contact_row_new ());
          gtk_list_item_set_child (item, child);
        }
      cau_contact_row_set_contact (CAU_CONTACT_ROW (child), CAU_CONTACT (object));
      gtk_list_item_set_activatable (item, TRUE);
    }
  else if (CAU_IS_ACCOUNT (object))
    {
      if (!GTK_IS_LABEL (child))
        {
          child = gtk_label_new (NULL);
          gtk_widget_set_name (child, "contacts-section");
          gtk_label_set_xalign (GTK_LABEL (child), 0);
          gtk_label_set_ellipsize (GTK_LABEL (child), PANGO_ELLIPSIZE_MIDDLE);
          gtk_widget_add_css_class (child, "contacts-section");
          gtk_widget_add_css_class (child, "heading");
          gtk_widget_add_css_class (child, "dim-label");
          gtk_list_item_set_child (item, child);
        }
      gtk_label_set_text (GTK_LABEL (child), cau_account_get_jid (CAU_ACCOUNT (object)));
      gtk_list_item_set_activatable (item, FALSE);
    }
  gtk_list_item_set_selectable (item, FALSE);
}

static void
unbind_row_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               CauContactsView          *self)
{
  GtkWidget *child = gtk_list_item_get_child (item);

  if (CAU_IS_CONTACT_ROW (child))
    cau_contact_row_set_contact (CAU_CONTACT_ROW (child), NULL);
}

static void
open_contact (CauContactsView *self,
              CauContact      *contact)
{
  g_autoptr(GError) error = NULL;
  CauAccount *account = cau_contact_get_account (contact);
  CauConversation *conversation;

  if (self->manager == NULL || account == NULL)
    return;
  conversation = cau_account_manager_open_conversation (self->manager, account,
                                                        cau_contact_get_jid (contact), &error);
  if (conversation == NULL)
    {
      show_error (self, account, error);
      return;
    }
  g_signal_emit (self, signals[SIGNAL_CONVERSATION_OPENED], 0, conversation);
}

static void
contact_activated_cb (CauContactsView *self,
                      guint            position)
{
  g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (self->contacts), position);

  if (CAU_IS_CONTACT (item))
    open_contact (self, CAU_CONTACT (item));
}

/* Enter in the search opens the first contact found. */
static void
search_activated_cb (CauContactsView *self)
{
  GListModel *list = G_LIST_MODEL (self->contacts);

  for (guint i = 0; list != NULL && i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (list, i);

      if (CAU_IS_CONTACT (item))
        {
          open_contact (self, CAU_CONTACT (item));
          return;
        }
    }
}

/* Requests. */

static void
request_answered_cb (CauRequestRow   *row,
                     const char      *response,
                     CauContactsView *self)
{
  g_autoptr(CauContact) contact = g_object_ref (cau_request_row_get_contact (row));
  g_autoptr(GError) error = NULL;
  CauAccount *account = cau_contact_get_account (contact);
  CauRoster *roster;
  gboolean done;

  if (account == NULL)
    return;
  roster = cau_account_get_roster (account);
  if (g_str_equal (response, "accept"))
    done = cau_roster_accept_request (roster, contact, &error);
  else if (g_str_equal (response, "deny"))
    done = cau_roster_deny_request (roster, contact, &error);
  else
    done = cau_roster_block_request (roster, contact, &error);
  if (!done)
    show_error (self, account, error);
}

static GtkWidget *
create_request_row (gpointer item,
                    gpointer data)
{
  CauContactsView *self = data;
  CauRequestRow *row = cau_request_row_new (item, n_accounts (self) > 1);

  g_signal_connect_object (row, "answered", G_CALLBACK (request_answered_cb), self, 0);
  return GTK_WIDGET (row);
}

/* Models. */

static gpointer
roster_of (gpointer item,
           gpointer data)
{
  g_autoptr(CauAccount) account = item;

  return g_object_ref (cau_account_get_roster (account));
}

static gpointer
requests_of (gpointer item,
             gpointer data)
{
  g_autoptr(CauAccount) account = item;

  return g_object_ref (cau_roster_get_requests (cau_account_get_roster (account)));
}

/* A heading shows while its account has contacts to show. */
static gboolean
section_has_contacts (gpointer item,
                      gpointer data)
{
  return g_list_model_get_n_items (data) > 0;
}

static void
refilter_cb (GtkFilter *filter)
{
  gtk_filter_changed (filter, GTK_FILTER_CHANGE_DIFFERENT);
}

static void
rebuild_sections (CauContactsView *self)
{
  GListModel *accounts;
  guint n;

  g_list_store_remove_all (self->sections);
  if (self->manager == NULL)
    return;

  accounts = cau_account_manager_get_accounts (self->manager);
  n = g_list_model_get_n_items (accounts);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CauAccount) account = g_list_model_get_item (accounts, i);
      GListModel *roster = G_LIST_MODEL (cau_account_get_roster (account));
      g_autoptr(GtkFilterListModel) filtered = NULL;

      filtered = gtk_filter_list_model_new (g_object_ref (roster),
                                            g_object_ref (GTK_FILTER (self->filter)));
      if (n > 1)
        {
          g_autoptr(GListStore) heading = g_list_store_new (CAU_TYPE_ACCOUNT);
          g_autoptr(GtkFilterListModel) shown = NULL;
          GtkCustomFilter *has_contacts;

          g_list_store_append (heading, account);
          has_contacts = gtk_custom_filter_new (section_has_contacts, g_object_ref (filtered),
                                                g_object_unref);
          /* After the flattened list took the change: it counts the items
           * of every section whenever one of them changes. */
          g_signal_connect_object (filtered, "items-changed", G_CALLBACK (refilter_cb),
                                   has_contacts, G_CONNECT_SWAPPED | G_CONNECT_AFTER);
          shown = gtk_filter_list_model_new (G_LIST_MODEL (g_steal_pointer (&heading)),
                                             GTK_FILTER (has_contacts));
          g_list_store_append (self->sections, shown);
        }
      g_list_store_append (self->sections, filtered);
    }
}

static void
accounts_changed_cb (CauContactsView *self)
{
  rebuild_sections (self);
  /* Whether requests name their account depends on how many there are. */
  gtk_list_box_bind_model (self->requests_list, G_LIST_MODEL (self->requests),
                           create_request_row, self, NULL);
  update_state (self);
}

static void
clear_models (CauContactsView *self)
{
  if (self->requests_list != NULL)
    gtk_list_box_bind_model (self->requests_list, NULL, NULL, NULL, NULL);
  if (self->sections != NULL)
    g_list_store_remove_all (self->sections);
  g_clear_object (&self->requests);
  g_clear_object (&self->all_contacts);
}

/* GObject. */

static void
cau_contacts_view_dispose (GObject *object)
{
  CauContactsView *self = CAU_CONTACTS_VIEW (object);

  clear_models (self);
  if (self->contact_list != NULL)
    gtk_list_view_set_model (self->contact_list, NULL);
  g_clear_object (&self->contacts);
  g_clear_object (&self->sections);
  g_clear_object (&self->filter);
  gtk_widget_dispose_template (GTK_WIDGET (self), CAU_TYPE_CONTACTS_VIEW);
  g_clear_object (&self->manager);

  G_OBJECT_CLASS (cau_contacts_view_parent_class)->dispose (object);
}

static void
cau_contacts_view_finalize (GObject *object)
{
  CauContactsView *self = CAU_CONTACTS_VIEW (object);

  g_free (self->query);

  G_OBJECT_CLASS (cau_contacts_view_parent_class)->finalize (object);
}

static void
cau_contacts_view_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  CauContactsView *self = CAU_CONTACTS_VIEW (object);

  switch (prop_id)
    {
    case PROP_MANAGER:
      g_value_set_object (value, self->manager);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cau_contacts_view_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  CauContactsView *self = CAU_CONTACTS_VIEW (object);

  switch (prop_id)
    {
    case PROP_MANAGER:
      cau_contacts_view_set_manager (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cau_contacts_view_class_init (CauContactsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cau_contacts_view_dispose;
  object_class->finalize = cau_contacts_view_finalize;
  object_class->get_property = cau_contacts_view_get_property;
  object_class->set_property = cau_contacts_view_set_property;

  props[PROP_MANAGER] =
    g_param_spec_object ("manager", NULL, NULL, CAU_TYPE_ACCOUNT_MANAGER,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);

  signals[SIGNAL_CONVERSATION_OPENED] =
    g_signal_new ("conversation-opened", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, CAU_TYPE_CONVERSATION);

  g_type_ensure (CAU_TYPE_CONTACT_ROW);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/im/causerie/Causerie/ui/cau-contacts-view.ui");
  gtk_widget_class_bind_template_child (widget_class, CauContactsView, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CauContactsView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, CauContactsView, requests_revealer);
  gtk_widget_class_bind_template_child (widget_class, CauContactsView, requests_list);
  gtk_widget_class_bind_template_child (widget_class, CauContactsView, content_stack);
  gtk_widget_class_bind_template_child (widget_class, CauContactsView, contact_list);
  gtk_widget_class_bind_template_child (widget_class, CauContactsView, no_results_page);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, contact_activated_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK,
                                       "win.show-chats", NULL);
}

static void
cau_contacts_view_init (CauContactsView *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkNoSelection) selection = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->filter = gtk_custom_filter_new (contact_matches, self, NULL);
  self->sections = g_list_store_new (G_TYPE_LIST_MODEL);
  self->contacts = gtk_flatten_list_model_new (g_object_ref (G_LIST_MODEL (self->sections)));
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->contacts)));
  gtk_list_view_set_model (self->contact_list, GTK_SELECTION_MODEL (selection));
  /* After the list view has the change: showing the list before would let
   * it read a model it was not yet told about. */
  g_signal_connect_object (self->contacts, "items-changed", G_CALLBACK (update_state), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);

  g_signal_connect_object (factory, "bind", G_CALLBACK (bind_row_cb), self, 0);
  g_signal_connect_object (factory, "unbind", G_CALLBACK (unbind_row_cb), self, 0);
  gtk_list_view_set_factory (self->contact_list, factory);

  /* Typing anywhere on the page searches. */
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self));
  update_state (self);
}

CauAccountManager *
cau_contacts_view_get_manager (CauContactsView *self)
{
  g_return_val_if_fail (CAU_IS_CONTACTS_VIEW (self), NULL);
  return self->manager;
}

void
cau_contacts_view_set_manager (CauContactsView   *self,
                               CauAccountManager *manager)
{
  g_return_if_fail (CAU_IS_CONTACTS_VIEW (self));
  g_return_if_fail (manager == NULL || CAU_IS_ACCOUNT_MANAGER (manager));

  if (self->manager == manager)
    return;

  if (self->manager != NULL)
    g_signal_handlers_disconnect_by_func (cau_account_manager_get_accounts (self->manager),
                                          accounts_changed_cb, self);
  clear_models (self);
  g_set_object (&self->manager, manager);

  if (manager != NULL)
    {
      GListModel *accounts = cau_account_manager_get_accounts (manager);
      GtkMapListModel *rosters, *requests;

      rosters = gtk_map_list_model_new (g_object_ref (accounts), roster_of, NULL, NULL);
      self->all_contacts = gtk_flatten_list_model_new (G_LIST_MODEL (rosters));
      g_signal_connect_object (self->all_contacts, "items-changed", G_CALLBACK (update_state),
                               self, G_CONNECT_SWAPPED | G_CONNECT_AFTER);

      requests = gtk_map_list_model_new (g_object_ref (accounts), requests_of, NULL, NULL);
      self->requests = gtk_flatten_list_model_new (G_LIST_MODEL (requests));
      g_signal_connect_object (self->requests, "items-changed", G_CALLBACK (update_requests),
                               self, G_CONNECT_SWAPPED);

      g_signal_connect_object (accounts, "items-changed", G_CALLBACK (accounts_changed_cb), self,
                               G_CONNECT_SWAPPED);
      accounts_changed_cb (self);
    }

  update_requests (self);
  update_state (self);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_MANAGER]);
}

void
cau_contacts_view_reset (CauContactsView *self)
{
  g_return_if_fail (CAU_IS_CONTACTS_VIEW (self));

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}
