/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-window-private.h"
#include "cau-add-contact-dialog.h"
#include "cau-blocked-dialog.h"
#include "cau-contact-details.h"
#include "cau-ui-utils.h"
#include "cau-xmpp-uri.h"
#include "core/cau-omemo-device-list.h"
#include "core/cau-roster.h"

#include <glib/gi18n.h>

/*
 * The window's side of contacts: the contacts page, the dialogs that add,
 * show and unblock contacts, and xmpp: links (XEP-0147), which end in a
 * chat or in the Add Contact dialog.
 */

static void
conversation_opened_cb (CauWindow       *self,
                        CauConversation *conversation)
{
  cau_window_open_conversation (self, conversation);
}

static void
contact_added_cb (CauWindow  *self,
                  CauAccount *account,
                  const char *address)
{
  /* TRANSLATORS: a notice once a contact was added; %s is its address */
  g_autofree char *text = g_strdup_printf (_("Asked %s to share their status"), address);

  cau_window_show_toast (self, text);
}

static CauAddContactDialog *
add_contact_dialog (CauWindow  *self,
                    CauAccount *account)
{
  CauAddContactDialog *dialog = cau_add_contact_dialog_new (GTK_WINDOW (self), self->manager);

  if (account != NULL)
    cau_add_contact_dialog_set_account (dialog, account);
  g_signal_connect_object (dialog, "contact-added", G_CALLBACK (contact_added_cb), self,
                           G_CONNECT_SWAPPED);
  return dialog;
}

/* Built when first shown, like the chat and accounts pages. */
static void
ensure_contacts_view (CauWindow *self)
{
  if (self->contacts_view != NULL)
    return;

  self->contacts_view = g_object_new (CAU_TYPE_CONTACTS_VIEW, NULL);
  cau_contacts_view_set_manager (self->contacts_view, self->manager);
  g_signal_connect_object (self->contacts_view, "conversation-opened",
                           G_CALLBACK (conversation_opened_cb), self, G_CONNECT_SWAPPED);
  gtk_stack_add_named (self->main_stack, GTK_WIDGET (self->contacts_view), "contacts");
}

/* Actions. */

static void
show_contacts_action_cb (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  CauWindow *self = CAU_WINDOW (widget);

  if (cau_window_n_accounts (self) == 0)
    return;
  ensure_contacts_view (self);
  gtk_stack_set_visible_child (self->main_stack, GTK_WIDGET (self->contacts_view));
  cau_contacts_view_reset (self->contacts_view);
}

static void
add_contact_action_cb (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  CauWindow *self = CAU_WINDOW (widget);

  if (cau_window_n_accounts (self) > 0)
    gtk_window_present (GTK_WINDOW (add_contact_dialog (self, NULL)));
}

/* (account, address): the dialog filled in, from a conversation. */
static void
add_contact_address_action_cb (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *parameter)
{
  CauWindow *self = CAU_WINDOW (widget);
  const char *account_jid, *address;
  CauAddContactDialog *dialog;

  g_variant_get (parameter, "(&s&s)", &account_jid, &address);
  if (cau_window_n_accounts (self) == 0)
    return;
  dialog = add_contact_dialog (self, cau_account_manager_find (self->manager, account_jid));
  cau_add_contact_dialog_set_address (dialog, address);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
show_blocked_action_cb (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  CauWindow *self = CAU_WINDOW (widget);

  gtk_window_present (GTK_WINDOW (cau_blocked_dialog_new (GTK_WINDOW (self), self->manager)));
}

/* (account, contact): its details, or the offer to add it when it is not
 * a contact. */
static void
show_contact_action_cb (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  CauWindow *self = CAU_WINDOW (widget);
  const char *account_jid, *jid;
  CauContactDetails *details;
  CauAccount *account;
  CauContact *contact;

  g_variant_get (parameter, "(&s&s)", &account_jid, &jid);
  account = cau_account_manager_find (self->manager, account_jid);
  if (account == NULL)
    return;

  contact = cau_roster_lookup (cau_account_get_roster (account), jid);
  if (contact == NULL || !cau_contact_get_in_roster (contact))
    {
      gtk_widget_activate_action (widget, "win.add-contact-address", "(ss)", account_jid, jid);
      return;
    }

  details = cau_contact_details_new (GTK_WINDOW (self), self->manager, contact);
  g_signal_connect_object (details, "conversation-opened", G_CALLBACK (conversation_opened_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (details));
}

/* xmpp: links. */

/* A verification link (as Conversations shares them): the devices it names are marked
 * verified if their keys are the ones we know; the person is told either way. */
static void
verify_from_uri (CauWindow  *self,
                 CauAccount *account,
                 CauXmppUri *uri)
{
  g_autoptr(CauOmemoDeviceList) devices = cau_omemo_device_list_new (account, uri->jid);
  g_autoptr(GError) error = NULL;
  g_autofree char *done = NULL;

  if (!cau_omemo_device_list_verify (devices,
                                     (const CauOmemoFingerprint *) (gpointer) uri->fingerprints->data,
                                     uri->fingerprints->len, &error))
    {
      cau_window_show_toast (self, error->message);
      return;
    }
  if (uri->fingerprints->len == 1)
    done = g_strdup (_("The fingerprint matches: the device is marked as verified."));
  else
    done = g_strdup_printf (ngettext ("The fingerprints match: %u device is marked as verified.",
                                      "The fingerprints match: %u devices are marked as verified.",
                                      uri->fingerprints->len),
                            uri->fingerprints->len);
  cau_window_show_toast (self, done);
}

static void
follow_uri (CauWindow  *self,
            CauAccount *account,
            CauXmppUri *uri)
{
  g_autoptr(GError) error = NULL;
  CauAddContactDialog *dialog;
  CauConversation *conversation;

  gtk_window_present (GTK_WINDOW (self));
  if (account != NULL && uri->fingerprints->len > 0)
    verify_from_uri (self, account, uri);
  if (uri->action == CAU_XMPP_URI_JOIN)
    {
      cau_window_show_join_room (self, account, uri->jid);
      return;
    }
  if (uri->action == CAU_XMPP_URI_ROSTER)
    {
      dialog = add_contact_dialog (self, account);
      cau_add_contact_dialog_set_address (dialog, uri->jid);
      cau_add_contact_dialog_set_name (dialog, uri->name);
      cau_add_contact_dialog_set_group (dialog, uri->group);
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }

  conversation = cau_account_manager_open_conversation (self->manager, account, uri->jid, &error);
  if (conversation == NULL)
    {
      cau_window_show_toast (self, error->message);
      return;
    }
  cau_window_open_conversation (self, conversation);
}

static void
account_chosen_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   CauWindow        *self)
{
  GtkDropDown *drop_down = GTK_DROP_DOWN (adw_message_dialog_get_extra_child (dialog));
  CauXmppUri *uri = g_object_get_data (G_OBJECT (dialog), "cau-uri");
  CauAccount *account = gtk_drop_down_get_selected_item (drop_down);

  if (g_str_equal (response, "open") && account != NULL)
    follow_uri (self, account, uri);
}

/* Several accounts could open the link: the person says which. */
static void
choose_account (CauWindow  *self,
                GListModel *accounts,
                CauXmppUri *uri)
{
  AdwMessageDialog *dialog;
  GtkWidget *drop_down;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                       _("Open With Which Account?"), NULL));
  gtk_widget_set_name (GTK_WIDGET (dialog), "account-choice-dialog");
  /* TRANSLATORS: %s is the address an xmpp: link leads to */
  adw_message_dialog_format_body (dialog, _("Choose the account to write to %s from."),
                                  uri->jid);
  drop_down = gtk_drop_down_new (g_object_ref (accounts),
                                 gtk_property_expression_new (CAU_TYPE_ACCOUNT, NULL, "jid"));
  gtk_widget_set_name (drop_down, "account-choice");
  gtk_accessible_update_property (GTK_ACCESSIBLE (drop_down), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Account"), -1);
  adw_message_dialog_set_extra_child (dialog, drop_down);
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "open", _("_Open Chat"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "open", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "open");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "cau-uri", uri,
                          (GDestroyNotify) cau_xmpp_uri_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (account_chosen_cb), self, 0);
  gtk_window_present (GTK_WINDOW (self));
  gtk_window_present (GTK_WINDOW (dialog));
}

/**
 * cau_window_open_uri:
 * @self: the window
 * @uri: an xmpp: link, as it arrived
 *
 * Opens the chat the link leads to (?message, or no query), or offers to
 * add the contact (?roster, ?subscribe) or to enter the room (?join), from
 * the account the link names, the only enabled one, or the one the person
 * chooses. A link that cannot
 * be followed is said in a toast.
 */
void
cau_window_open_uri (CauWindow  *self,
                     const char *uri)
{
  g_autoptr(CauXmppUri) parsed = NULL;
  g_autoptr(GListStore) enabled = NULL;
  g_autoptr(CauAccount) only = NULL;
  g_autoptr(GError) error = NULL;
  GListModel *accounts;
  CauAccount *account = NULL;

  g_return_if_fail (CAU_IS_WINDOW (self));
  g_return_if_fail (uri != NULL);

  parsed = cau_xmpp_uri_parse (uri, &error);
  if (parsed == NULL)
    {
      gtk_window_present (GTK_WINDOW (self));
      cau_window_show_toast (self, error->message);
      return;
    }
  if (cau_window_n_accounts (self) == 0)
    {
      gtk_window_present (GTK_WINDOW (self));
      cau_window_show_toast (self, _("Add an account to open xmpp: links."));
      return;
    }

  accounts = cau_account_manager_get_accounts (self->manager);
  enabled = g_list_store_new (CAU_TYPE_ACCOUNT);
  for (guint i = 0; i < g_list_model_get_n_items (accounts); i++)
    {
      g_autoptr(CauAccount) item = g_list_model_get_item (accounts, i);

      if (cau_account_get_enabled (item))
        g_list_store_append (enabled, item);
    }

  if (parsed->account != NULL)
    account = cau_account_manager_find (self->manager, parsed->account);
  if (account != NULL && !cau_account_get_enabled (account))
    account = NULL;
  if (account == NULL && g_list_model_get_n_items (G_LIST_MODEL (enabled)) == 1)
    account = only = g_list_model_get_item (G_LIST_MODEL (enabled), 0);

  /* The Add Contact and Join a Room dialogs have their own choice of account. */
  if (account != NULL || parsed->action == CAU_XMPP_URI_ROSTER ||
      parsed->action == CAU_XMPP_URI_JOIN)
    {
      follow_uri (self, account, parsed);
      return;
    }
  if (g_list_model_get_n_items (G_LIST_MODEL (enabled)) == 0)
    {
      gtk_window_present (GTK_WINDOW (self));
      cau_window_show_toast (self, _("Enable an account to open xmpp: links."));
      return;
    }
  choose_account (self, G_LIST_MODEL (enabled), g_steal_pointer (&parsed));
}

void
cau_window_class_init_contacts (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.show-contacts", NULL,
                                   show_contacts_action_cb);
  gtk_widget_class_install_action (widget_class, "win.add-contact", NULL, add_contact_action_cb);
  gtk_widget_class_install_action (widget_class, "win.add-contact-address", "(ss)",
                                   add_contact_address_action_cb);
  gtk_widget_class_install_action (widget_class, "win.show-blocked", NULL,
                                   show_blocked_action_cb);
  gtk_widget_class_install_action (widget_class, "win.show-contact", "(ss)",
                                   show_contact_action_cb);
}
