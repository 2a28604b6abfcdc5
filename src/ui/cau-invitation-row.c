/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-invitation-row.h"
#include "cau-ui-utils.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

/* Longest reason shown, in characters: it may come from a stranger. */
#define REASON_CHARS 300

/* An invitation to a room, above the conversations. Everything shown is what the invitation
 * said: plain text. */
struct _CauInvitationRow
{
  GtkListBoxRow      parent_instance;

  CauRoomInvitation *invitation;

  AdwAvatar         *avatar;
  GtkLabel          *room_label;
  GtkLabel          *address_label;
  GtkLabel          *inviter_label;
  GtkLabel          *reason_label;
};

G_DEFINE_FINAL_TYPE (CauInvitationRow, cau_invitation_row, GTK_TYPE_LIST_BOX_ROW)

enum {
  SIGNAL_ANSWERED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
join_clicked_cb (CauInvitationRow *self)
{
  g_signal_emit (self, signals[SIGNAL_ANSWERED], 0, "join");
}

static void
decline_clicked_cb (CauInvitationRow *self)
{
  g_signal_emit (self, signals[SIGNAL_ANSWERED], 0, "decline");
}

static void
cau_invitation_row_dispose (GObject *object)
{
  CauInvitationRow *self = CAU_INVITATION_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CAU_TYPE_INVITATION_ROW);
  g_clear_object (&self->invitation);

  G_OBJECT_CLASS (cau_invitation_row_parent_class)->dispose (object);
}

static void
cau_invitation_row_class_init (CauInvitationRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cau_invitation_row_dispose;

  /**
   * CauInvitationRow::answered:
   * @response: "join" or "decline"
   */
  signals[SIGNAL_ANSWERED] =
    g_signal_new ("answered", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/im/causerie/Causerie/ui/cau-invitation-row.ui");
  gtk_widget_class_bind_template_child (widget_class, CauInvitationRow, avatar);
  gtk_widget_class_bind_template_child (widget_class, CauInvitationRow, room_label);
  gtk_widget_class_bind_template_child (widget_class, CauInvitationRow, address_label);
  gtk_widget_class_bind_template_child (widget_class, CauInvitationRow, inviter_label);
  gtk_widget_class_bind_template_child (widget_class, CauInvitationRow, reason_label);
  gtk_widget_class_bind_template_callback (widget_class, join_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, decline_clicked_cb);
}

static void
cau_invitation_row_init (CauInvitationRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

CauInvitationRow *
cau_invitation_row_new (CauRoomInvitation *invitation,
                        gboolean           show_account)
{
  CauInvitationRow *self;
  CauAccount *account;
  const char *reason;
  g_autofree char *inviter = NULL;
  g_autofree char *room = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *quoted = NULL;

  g_return_val_if_fail (CAU_IS_ROOM_INVITATION (invitation), NULL);

  self = g_object_new (CAU_TYPE_INVITATION_ROW, NULL);
  self->invitation = g_object_ref (invitation);
  account = cau_room_invitation_get_account (invitation);

  /* The room goes by its local part, as unnamed rooms do in the list, with its whole address
   * under it: where the invitation leads is part of deciding. */
  room = g_strndup (cau_room_invitation_get_room (invitation),
                    strcspn (cau_room_invitation_get_room (invitation), "@"));
  gtk_label_set_text (self->room_label, room);
  gtk_label_set_text (self->address_label, cau_room_invitation_get_room (invitation));
  adw_avatar_set_text (self->avatar, room);
  if (show_account && account != NULL)
    /* TRANSLATORS: under an invitation to a room: who invites, and which of our accounts */
    inviter = g_strdup_printf (_("%s invites %s"), cau_room_invitation_get_inviter (invitation),
                               cau_account_get_jid (account));
  else
    /* TRANSLATORS: under an invitation to a room: who invites us */
    inviter = g_strdup_printf (_("%s invites you"), cau_room_invitation_get_inviter (invitation));
  gtk_label_set_text (self->inviter_label, inviter);

  reason = cau_room_invitation_get_reason (invitation);
  if (reason != NULL)
    {
      shown = cau_text_one_line (reason, REASON_CHARS);
      /* TRANSLATORS: the message that came with an invitation, in quotes */
      quoted = g_strdup_printf (_("“%s”"), shown);
      gtk_label_set_text (self->reason_label, quoted);
      gtk_widget_set_visible (GTK_WIDGET (self->reason_label), TRUE);
    }
  return self;
}

CauRoomInvitation *
cau_invitation_row_get_invitation (CauInvitationRow *self)
{
  g_return_val_if_fail (CAU_IS_INVITATION_ROW (self), NULL);
  return self->invitation;
}
