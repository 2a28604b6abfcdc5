/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-avatar.h"
#include "cau-contact-details.h"
#include "cau-omemo-devices-view.h"
#include "cau-profile-view.h"
#include "cau-ui-utils.h"
#include "core/cau-profile.h"
#include "core/cau-roster.h"

#include <glib/gi18n.h>

/* Longest status message shown, in characters. */
#define STATUS_CHARS 500

struct _CauContactDetails
{
  AdwWindow          parent_instance;

  CauAccountManager *manager;
  CauContact        *contact;
  CauProfile        *profile;
  const char        *presence_class;

  AdwToastOverlay   *toast_overlay;
  AdwAvatar         *avatar;
  GtkLabel          *title_label;
  GtkLabel          *jid_label;
  GtkWidget         *presence_dot;
  GtkLabel          *presence_label;
  GtkLabel          *status_label;
  AdwEntryRow       *name_row;
  AdwEntryRow       *groups_row;
  AdwActionRow      *subscription_row;
  CauProfileView    *profile_view;
  CauOmemoDevicesView *devices_view;
  GtkButton         *block_button;
};

G_DEFINE_FINAL_TYPE (CauContactDetails, cau_contact_details, ADW_TYPE_WINDOW)

enum {
  SIGNAL_CONVERSATION_OPENED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static CauRoster *
roster (CauContactDetails *self)
{
  CauAccount *account = cau_contact_get_account (self->contact);

  return account ? cau_account_get_roster (account) : NULL;
}

static void
show_error (CauContactDetails *self,
            const GError      *error)
{
  g_autofree char *message = cau_contact_error_message (cau_contact_get_account (self->contact),
                                                        error);

  adw_toast_overlay_add_toast (self->toast_overlay, cau_toast_new (message));
}

/* Whether the person is typing in @row: their text is then left alone. */
static gboolean
editing (AdwEntryRow *row)
{
  return (gtk_widget_get_state_flags (GTK_WIDGET (row)) & GTK_STATE_FLAG_FOCUS_WITHIN) != 0;
}

static void
update_name (CauContactDetails *self)
{
  const char *name = cau_contact_get_name (self->contact);

  if (!editing (self->name_row))
    gtk_editable_set_text (GTK_EDITABLE (self->name_row), name ? name : "");
}

static void
update_groups (CauContactDetails *self)
{
  g_autofree char *groups = g_strjoinv (", ", (char **) cau_contact_get_groups (self->contact));

  if (!editing (self->groups_row))
    gtk_editable_set_text (GTK_EDITABLE (self->groups_row), groups);
}

static void
update (CauContactDetails *self)
{
  CauPresence presence = cau_contact_get_presence (self->contact);
  const char *message = cau_contact_get_status_message (self->contact);
  g_autofree char *status = NULL;
  g_autofree char *subscription = cau_contact_describe_subscription (self->contact);
  gboolean blocked = cau_contact_get_blocked (self->contact);

  adw_avatar_set_text (self->avatar, cau_contact_get_display_name (self->contact));
  cau_avatar_show_contact (self->avatar, self->contact);
  gtk_label_set_text (self->title_label, cau_contact_get_display_name (self->contact));
  gtk_label_set_text (self->jid_label, cau_contact_get_jid (self->contact));

  if (self->presence_class != NULL)
    gtk_widget_remove_css_class (self->presence_dot, self->presence_class);
  self->presence_class = cau_presence_get_css_class (presence);
  gtk_widget_add_css_class (self->presence_dot, self->presence_class);
  gtk_label_set_text (self->presence_label, blocked ? _("Blocked")
                                                    : cau_presence_get_label (presence));

  if (message != NULL && *message != '\0')
    status = cau_text_truncate (message, STATUS_CHARS);
  gtk_label_set_text (self->status_label, status ? status : (message ? message : ""));
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), message != NULL && *message != '\0');

  if (cau_contact_get_requested (self->contact))
    {
      g_autofree char *more = g_strconcat (subscription, " ",
                                           _("They asked to see your status."), NULL);

      g_free (subscription);
      subscription = g_steal_pointer (&more);
    }
  adw_action_row_set_subtitle (self->subscription_row, subscription);

  gtk_button_set_label (self->block_button, blocked ? _("_Unblock") : _("_Block"));
}

static void
contact_notify_cb (CauContactDetails *self,
                   GParamSpec        *pspec)
{
  if (g_str_equal (pspec->name, "in-roster"))
    {
      /* Removed, here or on another device. */
      if (!cau_contact_get_in_roster (self->contact))
        gtk_window_close (GTK_WINDOW (self));
      return;
    }
  if (g_str_equal (pspec->name, "name"))
    update_name (self);
  else if (g_str_equal (pspec->name, "groups"))
    update_groups (self);
  update (self);
}

static void
name_applied_cb (CauContactDetails *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->name_row));
  g_autofree char *name = g_strstrip (g_strdup (text));
  g_autoptr(GError) error = NULL;

  if (!cau_roster_rename (roster (self), self->contact, name, &error))
    {
      show_error (self, error);
      update_name (self);
    }
}

/* "Friends, Work ,, friends": the groups as typed, without blanks or
 * repeats. */
static GStrv
parse_groups (const char *text)
{
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *group = g_strstrip (parts[i]);

      if (*group == '\0' || !g_hash_table_add (seen, group))
        continue;
      g_strv_builder_add (builder, group);
    }
  return g_strv_builder_end (builder);
}

static void
groups_applied_cb (CauContactDetails *self)
{
  g_auto(GStrv) groups = parse_groups (gtk_editable_get_text (GTK_EDITABLE (self->groups_row)));
  g_autoptr(GError) error = NULL;

  if (!cau_roster_set_groups (roster (self), self->contact, (const char * const *) groups,
                              &error))
    {
      show_error (self, error);
      update_groups (self);
    }
}

static void
chat_clicked_cb (CauContactDetails *self)
{
  g_autoptr(GError) error = NULL;
  CauAccount *account = cau_contact_get_account (self->contact);
  CauConversation *conversation;

  if (account == NULL)
    return;
  conversation = cau_account_manager_open_conversation (self->manager, account,
                                                        cau_contact_get_jid (self->contact),
                                                        &error);
  if (conversation == NULL)
    {
      show_error (self, error);
      return;
    }
  g_signal_emit (self, signals[SIGNAL_CONVERSATION_OPENED], 0, conversation);
  gtk_window_close (GTK_WINDOW (self));
}

static void
copy_clicked_cb (CauContactDetails *self)
{
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)),
                          cau_contact_get_jid (self->contact));
  adw_toast_overlay_add_toast (self->toast_overlay, cau_toast_new (_("Address copied")));
}

static void
block_clicked_cb (CauContactDetails *self)
{
  g_autoptr(GError) error = NULL;
  const char *jid = cau_contact_get_jid (self->contact);
  gboolean done;

  if (cau_contact_get_blocked (self->contact))
    done = cau_roster_unblock (roster (self), jid, &error);
  else
    done = cau_roster_block (roster (self), jid, &error);
  if (!done)
    show_error (self, error);
}

static void
remove_response_cb (AdwMessageDialog  *dialog,
                    const char        *response,
                    CauContactDetails *self)
{
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "remove"))
    return;
  if (!cau_roster_remove (roster (self), self->contact, &error))
    show_error (self, error);
  /* Else the window closes when the server confirms. */
}

static void
remove_clicked_cb (CauContactDetails *self)
{
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), NULL, NULL));
  gtk_widget_set_name (GTK_WIDGET (dialog), "remove-contact-dialog");
  /* TRANSLATORS: %s is a contact's name */
  adw_message_dialog_format_heading (dialog, _("Remove %s?"),
                                     cau_contact_get_display_name (self->contact));
  adw_message_dialog_format_body (dialog,
                                  _("%s will be removed from your contacts: you will no longer "
                                    "see each other’s status. The conversation is kept."),
                                  cau_contact_get_jid (self->contact));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "remove", _("_Remove"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "remove", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (remove_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
cau_contact_details_dispose (GObject *object)
{
  CauContactDetails *self = CAU_CONTACT_DETAILS (object);

  if (self->contact != NULL)
    g_signal_handlers_disconnect_by_func (self->contact, contact_notify_cb, self);
  gtk_widget_dispose_template (GTK_WIDGET (object), CAU_TYPE_CONTACT_DETAILS);
  g_clear_object (&self->profile);
  g_clear_object (&self->contact);
  g_clear_object (&self->manager);

  G_OBJECT_CLASS (cau_contact_details_parent_class)->dispose (object);
}

static void
cau_contact_details_class_init (CauContactDetailsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cau_contact_details_dispose;

  signals[SIGNAL_CONVERSATION_OPENED] =
    g_signal_new ("conversation-opened", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, CAU_TYPE_CONVERSATION);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/im/causerie/Causerie/ui/cau-contact-details.ui");
  gtk_widget_class_bind_template_child (widget_class, CauContactDetails, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CauContactDetails, avatar);
  gtk_widget_class_bind_template_child (widget_class, CauContactDetails, title_label);
  gtk_widget_class_bind_template_child (widget_class, CauContactDetails, jid_label);
  gtk_widget_class_bind_template_child (widget_class, CauContactDetails, presence_dot);
  gtk_widget_class_bind_template_child (widget_class, CauContactDetails, presence_label);
  gtk_widget_class_bind_template_child (widget_class, CauContactDetails, status_label);
  gtk_widget_class_bind_template_child (widget_class, CauContactDetails, name_row);
  gtk_widget_class_bind_template_child (widget_class, CauContactDetails, groups_row);
  gtk_widget_class_bind_template_child (widget_class, CauContactDetails, subscription_row);
  gtk_widget_class_bind_template_child (widget_class, CauContactDetails, profile_view);
  gtk_widget_class_bind_template_child (widget_class, CauContactDetails, devices_view);
  gtk_widget_class_bind_template_child (widget_class, CauContactDetails, block_button);
  gtk_widget_class_bind_template_callback (widget_class, name_applied_cb);
  gtk_widget_class_bind_template_callback (widget_class, groups_applied_cb);
  gtk_widget_class_bind_template_callback (widget_class, chat_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, copy_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, block_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, remove_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
cau_contact_details_init (CauContactDetails *self)
{
  g_type_ensure (CAU_TYPE_PROFILE_VIEW);
  g_type_ensure (CAU_TYPE_OMEMO_DEVICES_VIEW);
  gtk_widget_init_template (GTK_WIDGET (self));
}

CauContactDetails *
cau_contact_details_new (GtkWindow         *parent,
                         CauAccountManager *manager,
                         CauContact        *contact)
{
  CauContactDetails *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (CAU_IS_ACCOUNT_MANAGER (manager), NULL);
  g_return_val_if_fail (CAU_IS_CONTACT (contact), NULL);

  self = g_object_new (CAU_TYPE_CONTACT_DETAILS, "transient-for", parent, NULL);
  self->manager = g_object_ref (manager);
  self->contact = g_object_ref (contact);
  g_signal_connect_object (contact, "notify", G_CALLBACK (contact_notify_cb), self,
                           G_CONNECT_SWAPPED);
  /* Asked for now that a person looks, never before. */
  self->profile = cau_profile_new (contact);
  cau_profile_view_set_profile (self->profile_view, self->profile);
  if (cau_contact_get_account (contact) != NULL)
    {
      g_autoptr(CauOmemoDeviceList) devices =
        cau_omemo_device_list_new (cau_contact_get_account (contact), cau_contact_get_jid (contact));

      cau_omemo_devices_view_set_devices (self->devices_view, devices);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->devices_view),
                          cau_contact_get_account (contact) != NULL);
  update_name (self);
  update_groups (self);
  update (self);
  return self;
}

CauContact *
cau_contact_details_get_contact (CauContactDetails *self)
{
  g_return_val_if_fail (CAU_IS_CONTACT_DETAILS (self), NULL);
  return self->contact;
}
