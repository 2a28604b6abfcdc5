/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-occupant-row.h"
#include "cau-avatar.h"

#include <adwaita.h>
#include <glib/gi18n.h>

/* One occupant of the room's list. Rows are recycled by the list view;
 * an occupant whose role or nickname changes is a new item of the room's
 * list, so a row has nothing to follow. */
struct _CauOccupantRow
{
  GtkWidget    parent_instance;

  CauOccupant *occupant;

  AdwAvatar   *avatar;
  GtkLabel    *nick_label;
  GtkLabel    *detail_label;
};

G_DEFINE_FINAL_TYPE (CauOccupantRow, cau_occupant_row, GTK_TYPE_WIDGET)

char *
cau_nick_isolate (const char *nick)
{
  return g_strconcat ("\xe2\x81\xa8", nick ? nick : "", "\xe2\x81\xa9", NULL);
}

char *
cau_nick_hue_class (const char *nick)
{
  return g_strdup_printf ("cau-nick-hue-%d",
                          ((int) (cau_avatar_hue (nick ? nick : "") / 10.0 + 0.5)) % 36);
}

static void
update (CauOccupantRow *self)
{
  g_autofree char *nick = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *description = NULL;
  CauAffiliation affiliation;
  const char *role;

  if (self->occupant == NULL)
    return;

  /* The nickname is the occupant's own: plain text, isolated. */
  nick = cau_nick_isolate (cau_occupant_get_nick (self->occupant));
  if (cau_occupant_is_self (self->occupant))
    /* TRANSLATORS: our own nickname in a room's list of occupants */
    shown = g_strdup_printf (_("%s (you)"), nick);
  gtk_label_set_text (self->nick_label, shown ? shown : nick);
  adw_avatar_set_text (self->avatar, cau_occupant_get_nick (self->occupant));
  cau_avatar_show (self->avatar, NULL, cau_occupant_get_nick (self->occupant), NULL);

  role = cau_role_describe (cau_occupant_get_role (self->occupant));
  affiliation = cau_occupant_get_affiliation (self->occupant);
  if (affiliation != CAU_AFFILIATION_NONE)
    /* TRANSLATORS: an occupant's role in a room, then their affiliation: "Moderator, Owner" */
    detail = g_strdup_printf (C_("occupant role and affiliation", "%s, %s"), role,
                              cau_affiliation_describe (affiliation));
  gtk_label_set_text (self->detail_label, detail ? detail : role);

  /* TRANSLATORS: how a screen reader reads an occupant: nickname, then role (and affiliation) */
  description = g_strdup_printf (C_("occupant for screen readers", "%s, %s"),
                                 shown ? shown : nick, detail ? detail : role);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  description, -1);
}

static void
cau_occupant_row_dispose (GObject *object)
{
  CauOccupantRow *self = CAU_OCCUPANT_ROW (object);
  GtkWidget *child;

  g_clear_object (&self->occupant);
  gtk_widget_dispose_template (GTK_WIDGET (self), CAU_TYPE_OCCUPANT_ROW);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (cau_occupant_row_parent_class)->dispose (object);
}

static void
cau_occupant_row_class_init (CauOccupantRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cau_occupant_row_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "occupantrow");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_LIST_ITEM);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/im/causerie/Causerie/ui/cau-occupant-row.ui");
  gtk_widget_class_bind_template_child (widget_class, CauOccupantRow, avatar);
  gtk_widget_class_bind_template_child (widget_class, CauOccupantRow, nick_label);
  gtk_widget_class_bind_template_child (widget_class, CauOccupantRow, detail_label);
}

static void
cau_occupant_row_init (CauOccupantRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

CauOccupantRow *
cau_occupant_row_new (void)
{
  return g_object_new (CAU_TYPE_OCCUPANT_ROW, NULL);
}

void
cau_occupant_row_set_occupant (CauOccupantRow *self,
                               CauOccupant    *occupant)
{
  g_return_if_fail (CAU_IS_OCCUPANT_ROW (self));
  g_return_if_fail (occupant == NULL || CAU_IS_OCCUPANT (occupant));

  if (!g_set_object (&self->occupant, occupant))
    return;
  update (self);
}
