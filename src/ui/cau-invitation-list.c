/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-invitation-list.h"
#include "cau-invitation-row.h"
#include "core/cau-room-invitation.h"

#include <glib/gi18n.h>

/*
 * Invitations to rooms wait above the conversation list, where the room will be once joined:
 * Dino shows them with the conversations too, and Conversations in the chat with the person
 * who invites. (Contact requests are on the contacts page, which is about people.)
 */
struct _CauInvitationList
{
  GtkWidget            parent_instance;

  CauAccountManager   *manager;
  GtkFlattenListModel *invitations;

  GtkRevealer         *revealer;
  GtkListBox          *list;
};

G_DEFINE_FINAL_TYPE (CauInvitationList, cau_invitation_list, GTK_TYPE_WIDGET)

enum {
  SIGNAL_CONVERSATION_OPENED,
  SIGNAL_FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
update (CauInvitationList *self)
{
  gtk_revealer_set_reveal_child (self->revealer,
                                 self->invitations != NULL &&
                                 g_list_model_get_n_items (G_LIST_MODEL (self->invitations)) > 0);
}

static void
answered_cb (CauInvitationRow  *row,
             const char        *response,
             CauInvitationList *self)
{
  g_autoptr(CauRoomInvitation) invitation = g_object_ref (cau_invitation_row_get_invitation (row));
  g_autoptr(GError) error = NULL;
  CauConversation *conversation;

  if (g_str_equal (response, "decline"))
    {
      cau_room_invitation_decline (invitation);
      return;
    }
  if (self->manager == NULL)
    return;
  conversation = cau_room_invitation_accept (invitation, self->manager, NULL, &error);
  if (conversation == NULL)
    g_signal_emit (self, signals[SIGNAL_FAILED], 0, error->message);
  else
    g_signal_emit (self, signals[SIGNAL_CONVERSATION_OPENED], 0, conversation);
}

static GtkWidget *
create_row (gpointer item,
            gpointer data)
{
  CauInvitationList *self = data;
  GListModel *accounts = cau_account_manager_get_accounts (self->manager);
  CauInvitationRow *row = cau_invitation_row_new (item, g_list_model_get_n_items (accounts) > 1);

  g_signal_connect_object (row, "answered", G_CALLBACK (answered_cb), self, 0);
  return GTK_WIDGET (row);
}

static gpointer
invitations_of (gpointer item,
                gpointer data)
{
  g_autoptr(CauAccount) account = item;

  return g_object_ref (cau_account_get_room_invitations (account));
}

void
cau_invitation_list_set_manager (CauInvitationList *self,
                                 CauAccountManager *manager)
{
  GtkMapListModel *per_account;

  g_return_if_fail (CAU_IS_INVITATION_LIST (self));
  g_return_if_fail (CAU_IS_ACCOUNT_MANAGER (manager));

  if (!g_set_object (&self->manager, manager))
    return;
  gtk_list_box_bind_model (self->list, NULL, NULL, NULL, NULL);
  g_clear_object (&self->invitations);
  per_account = gtk_map_list_model_new (g_object_ref (cau_account_manager_get_accounts (manager)),
                                        invitations_of, NULL, NULL);
  self->invitations = gtk_flatten_list_model_new (G_LIST_MODEL (per_account));
  g_signal_connect_object (self->invitations, "items-changed", G_CALLBACK (update), self,
                           G_CONNECT_SWAPPED);
  gtk_list_box_bind_model (self->list, G_LIST_MODEL (self->invitations), create_row, self, NULL);
  update (self);
}

static void
cau_invitation_list_dispose (GObject *object)
{
  CauInvitationList *self = CAU_INVITATION_LIST (object);
  GtkWidget *child;

  if (self->list != NULL)
    gtk_list_box_bind_model (self->list, NULL, NULL, NULL, NULL);
  g_clear_object (&self->invitations);
  g_clear_object (&self->manager);
  gtk_widget_dispose_template (GTK_WIDGET (self), CAU_TYPE_INVITATION_LIST);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (cau_invitation_list_parent_class)->dispose (object);
}

static void
cau_invitation_list_class_init (CauInvitationListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cau_invitation_list_dispose;

  signals[SIGNAL_CONVERSATION_OPENED] =
    g_signal_new ("conversation-opened", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, CAU_TYPE_CONVERSATION);
  signals[SIGNAL_FAILED] =
    g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/im/causerie/Causerie/ui/cau-invitation-list.ui");
  gtk_widget_class_bind_template_child (widget_class, CauInvitationList, revealer);
  gtk_widget_class_bind_template_child (widget_class, CauInvitationList, list);
}

static void
cau_invitation_list_init (CauInvitationList *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
