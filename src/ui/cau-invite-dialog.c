/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-invite-dialog.h"
#include "cau-contact-search.h"
#include "cau-ui-utils.h"
#include "core/cau-account-manager.h"

#include <glib/gi18n.h>
#include <string.h>

/* Whom to invite to a room: a contact found by name or address, or any address typed. */
struct _CauInviteDialog
{
  AdwMessageDialog  parent_instance;

  CauRoom          *room;
  CauContactSearch *search;

  GtkEntry         *address_entry;
  GtkListBox       *suggestions;
  GtkEntry         *reason_entry;
  GtkLabel         *error_label;
};

G_DEFINE_FINAL_TYPE (CauInviteDialog, cau_invite_dialog, ADW_TYPE_MESSAGE_DIALOG)

enum {
  SIGNAL_INVITED,
  SIGNAL_FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
show_error (CauInviteDialog *self,
            const char      *message)
{
  cau_entry_show_error (GTK_WIDGET (self->address_entry), self->error_label, message);
}

/* The address typed, normalised, or NULL while it is not one (still a name, say). */
static char *
typed_address (CauInviteDialog  *self,
               GError          **error)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->address_entry));

  if (*text == '\0')
    return NULL;
  return cau_account_manager_normalize_jid (text, error);
}

/* Hidden once the address is the one contact found: chosen, nothing left to suggest. */
static void
update_suggestions (CauInviteDialog *self)
{
  GListModel *matches = self->search ? cau_contact_search_get_matches (self->search) : NULL;
  guint n = matches != NULL ? g_list_model_get_n_items (matches) : 0;
  g_autofree char *jid = typed_address (self, NULL);
  gboolean chosen = FALSE;

  if (n == 1 && jid != NULL)
    {
      g_autoptr(CauContact) only = g_list_model_get_item (matches, 0);

      chosen = g_strcmp0 (cau_contact_get_jid (only), jid) == 0;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->suggestions), n > 0 && !chosen);
}

static void
address_changed_cb (CauInviteDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *jid = typed_address (self, &error);

  if (self->search != NULL)
    cau_contact_search_set_text (self->search,
                                 gtk_editable_get_text (GTK_EDITABLE (self->address_entry)));
  update_suggestions (self);

  /* Not said while the text may still be a contact's name. */
  show_error (self, error != NULL && (self->search == NULL ||
                                      g_list_model_get_n_items (
                                        cau_contact_search_get_matches (self->search)) == 0)
                    ? error->message : NULL);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "invite", jid != NULL);
}

static void
suggestion_activated_cb (CauInviteDialog *self,
                         GtkListBoxRow   *row)
{
  CauContact *contact = g_object_get_data (G_OBJECT (row), "cau-contact");

  if (contact == NULL)
    return;
  gtk_editable_set_text (GTK_EDITABLE (self->address_entry), cau_contact_get_jid (contact));
  gtk_widget_grab_focus (GTK_WIDGET (self->reason_entry));
}

static void
address_activated_cb (CauInviteDialog *self)
{
  GtkListBoxRow *first = self->search ? cau_contact_search_get_first (self->search) : NULL;

  /* Not an address yet: Enter takes the first contact found. */
  if (!adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (self), "invite"))
    {
      if (first != NULL)
        suggestion_activated_cb (self, first);
      return;
    }
  gtk_widget_grab_focus (GTK_WIDGET (self->reason_entry));
}

static void
invited_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  g_autoptr(CauInviteDialog) self = data;
  g_autoptr(GError) error = NULL;
  const char *jid = g_object_get_data (G_OBJECT (self), "cau-invitee");

  if (cau_room_moderate_finish (CAU_ROOM (source), result, &error))
    g_signal_emit (self, signals[SIGNAL_INVITED], 0, jid);
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_signal_emit (self, signals[SIGNAL_FAILED], 0, error->message);
}

static void
cau_invite_dialog_response (AdwMessageDialog *dialog,
                            const char       *response)
{
  CauInviteDialog *self = CAU_INVITE_DIALOG (dialog);
  g_autofree char *jid = NULL;
  g_autofree char *reason = NULL;

  if (g_strcmp0 (response, "invite") != 0 || self->room == NULL)
    return;
  jid = typed_address (self, NULL);
  if (jid == NULL)
    return;
  reason = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->reason_entry))));
  /* The dialog closes; its signals still say how it went. */
  g_object_set_data_full (G_OBJECT (self), "cau-invitee", g_strdup (jid), g_free);
  cau_room_invite (self->room, jid, *reason != '\0' ? reason : NULL, NULL, invited_cb,
                   g_object_ref (self));
}

static void
cau_invite_dialog_dispose (GObject *object)
{
  CauInviteDialog *self = CAU_INVITE_DIALOG (object);

  g_clear_pointer (&self->search, cau_contact_search_free);
  gtk_widget_dispose_template (GTK_WIDGET (object), CAU_TYPE_INVITE_DIALOG);
  g_clear_object (&self->room);

  G_OBJECT_CLASS (cau_invite_dialog_parent_class)->dispose (object);
}

static void
cau_invite_dialog_class_init (CauInviteDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  AdwMessageDialogClass *dialog_class = ADW_MESSAGE_DIALOG_CLASS (klass);

  object_class->dispose = cau_invite_dialog_dispose;
  dialog_class->response = cau_invite_dialog_response;

  signals[SIGNAL_INVITED] =
    g_signal_new ("invited", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SIGNAL_FAILED] =
    g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/im/causerie/Causerie/ui/cau-invite-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CauInviteDialog, address_entry);
  gtk_widget_class_bind_template_child (widget_class, CauInviteDialog, suggestions);
  gtk_widget_class_bind_template_child (widget_class, CauInviteDialog, reason_entry);
  gtk_widget_class_bind_template_child (widget_class, CauInviteDialog, error_label);
  gtk_widget_class_bind_template_callback (widget_class, address_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, suggestion_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, address_activated_cb);
}

static void
cau_invite_dialog_init (CauInviteDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

CauInviteDialog *
cau_invite_dialog_new (GtkWindow *parent,
                       CauRoom   *room,
                       CauRoster *roster)
{
  CauInviteDialog *self;
  g_autofree char *name = NULL;
  g_autofree char *body = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (CAU_IS_ROOM (room), NULL);
  g_return_val_if_fail (roster == NULL || CAU_IS_ROSTER (roster), NULL);

  self = g_object_new (CAU_TYPE_INVITE_DIALOG, "transient-for", parent, NULL);
  self->room = g_object_ref (room);
  /* Unnamed rooms go by their local part, as in the conversation list. */
  name = cau_room_get_name (room) != NULL
           ? g_strdup (cau_room_get_name (room))
           : g_strndup (cau_room_get_jid (room), strcspn (cau_room_get_jid (room), "@"));
  /* A members-only room lets in only members: say that they will become one. */
  if (cau_room_get_members_only (room) &&
      cau_room_get_own_affiliation (room) >= CAU_AFFILIATION_ADMIN)
    /* TRANSLATORS: %s is a room's name */
    body = g_strdup_printf (_("Choose a contact or enter an address to invite to %s. Only "
                              "members may enter it: they will be made a member."), name);
  else
    /* TRANSLATORS: %s is a room's name */
    body = g_strdup_printf (_("Choose a contact or enter an address to invite to %s."), name);
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (self), body);

  if (roster != NULL)
    {
      self->search = cau_contact_search_new (g_object_ref (G_LIST_MODEL (roster)),
                                             self->suggestions, "invite-suggestion");
      g_signal_connect_object (cau_contact_search_get_matches (self->search), "items-changed",
                               G_CALLBACK (update_suggestions), self, G_CONNECT_SWAPPED);
    }
  /* Typing starts at once. */
  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->address_entry));
  return self;
}
