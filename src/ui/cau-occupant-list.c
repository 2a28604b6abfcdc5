/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-occupant-list.h"
#include "cau-occupant-row.h"

#include <glib/gi18n.h>

/* The room's occupants in a list view (rows recycled: a busy room costs
 * what the panel shows), with how many there are above. */
struct _CauOccupantList
{
  GtkWidget     parent_instance;

  CauRoom      *room;
  GSignalGroup *occupants_signals;

  GtkLabel     *count_label;
  GtkListView  *list_view;
};

G_DEFINE_FINAL_TYPE (CauOccupantList, cau_occupant_list, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ROOM,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

static void
update_count (CauOccupantList *self)
{
  guint n = self->room ? g_list_model_get_n_items (cau_room_get_occupants (self->room)) : 0;
  g_autofree char *text = NULL;

  /* TRANSLATORS: the heading of a room's list of occupants */
  text = g_strdup_printf (ngettext ("%u Participant", "%u Participants", n), n);
  gtk_label_set_text (self->count_label, text);
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item)
{
  gtk_list_item_set_child (item, GTK_WIDGET (cau_occupant_row_new ()));
  gtk_list_item_set_activatable (item, FALSE);
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             CauOccupantList          *self)
{
  CauOccupantRow *row = CAU_OCCUPANT_ROW (gtk_list_item_get_child (item));

  cau_occupant_row_set_room (row, self->room);
  cau_occupant_row_set_occupant (row, gtk_list_item_get_item (item));
}

static void
unbind_row_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item)
{
  cau_occupant_row_set_occupant (CAU_OCCUPANT_ROW (gtk_list_item_get_child (item)), NULL);
  cau_occupant_row_set_room (CAU_OCCUPANT_ROW (gtk_list_item_get_child (item)), NULL);
}

static void
cau_occupant_list_dispose (GObject *object)
{
  CauOccupantList *self = CAU_OCCUPANT_LIST (object);
  GtkWidget *child;

  if (self->list_view != NULL)
    gtk_list_view_set_model (self->list_view, NULL);
  g_clear_object (&self->occupants_signals);
  g_clear_object (&self->room);
  gtk_widget_dispose_template (GTK_WIDGET (self), CAU_TYPE_OCCUPANT_LIST);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (cau_occupant_list_parent_class)->dispose (object);
}

static void
cau_occupant_list_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  CauOccupantList *self = CAU_OCCUPANT_LIST (object);

  switch (prop_id)
    {
    case PROP_ROOM:
      g_value_set_object (value, self->room);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cau_occupant_list_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  CauOccupantList *self = CAU_OCCUPANT_LIST (object);

  switch (prop_id)
    {
    case PROP_ROOM:
      cau_occupant_list_set_room (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cau_occupant_list_class_init (CauOccupantListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cau_occupant_list_dispose;
  object_class->get_property = cau_occupant_list_get_property;
  object_class->set_property = cau_occupant_list_set_property;

  props[PROP_ROOM] =
    g_param_spec_object ("room", NULL, NULL, CAU_TYPE_ROOM,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/im/causerie/Causerie/ui/cau-occupant-list.ui");
  gtk_widget_class_bind_template_child (widget_class, CauOccupantList, count_label);
  gtk_widget_class_bind_template_child (widget_class, CauOccupantList, list_view);
}

static void
cau_occupant_list_init (CauOccupantList *self)
{
  GtkListItemFactory *factory;

  gtk_widget_init_template (GTK_WIDGET (self));

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row_cb), NULL);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);

  self->occupants_signals = g_signal_group_new (G_TYPE_LIST_MODEL);
  g_signal_group_connect_swapped (self->occupants_signals, "items-changed",
                                  G_CALLBACK (update_count), self);
  update_count (self);
}

CauRoom *
cau_occupant_list_get_room (CauOccupantList *self)
{
  g_return_val_if_fail (CAU_IS_OCCUPANT_LIST (self), NULL);
  return self->room;
}

void
cau_occupant_list_set_room (CauOccupantList *self,
                            CauRoom         *room)
{
  g_autoptr(GtkNoSelection) selection = NULL;

  g_return_if_fail (CAU_IS_OCCUPANT_LIST (self));
  g_return_if_fail (room == NULL || CAU_IS_ROOM (room));

  if (!g_set_object (&self->room, room))
    return;
  g_signal_group_set_target (self->occupants_signals,
                             room ? cau_room_get_occupants (room) : NULL);
  if (room != NULL)
    selection = gtk_no_selection_new (g_object_ref (cau_room_get_occupants (room)));
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (selection));
  update_count (self);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_ROOM]);
}
