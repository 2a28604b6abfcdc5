/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-room-directory.h"
#include "core/cau-room-listing.h"

#include <glib/gi18n.h>
#include <string.h>

/* Rows shown at most: a big service lists thousands; the filter finds the others. */
#define MAX_SHOWN 50

struct _CauRoomDirectory
{
  AdwPreferencesGroup parent_instance;

  GCancellable *cancellable;
  GListModel   *rooms;       /* CauRoomListing, once listed */

  GtkSearchEntry *filter_entry;
  GtkListBox     *list;
  GtkLabel       *status_label;
  GtkSpinner     *spinner;
};

G_DEFINE_FINAL_TYPE (CauRoomDirectory, cau_room_directory, ADW_TYPE_PREFERENCES_GROUP)

enum {
  SIGNAL_ROOM_CHOSEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
show_status (CauRoomDirectory *self,
             const char       *text,
             gboolean          busy)
{
  gtk_label_set_text (self->status_label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), text != NULL);
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
}

static gboolean
matches (CauRoomListing *listing,
         const char     *folded_filter)
{
  g_autofree char *jid = NULL;
  g_autofree char *name = NULL;

  if (*folded_filter == '\0')
    return TRUE;
  jid = g_utf8_casefold (cau_room_listing_get_jid (listing), -1);
  if (strstr (jid, folded_filter) != NULL)
    return TRUE;
  name = cau_room_listing_get_name (listing)
         ? g_utf8_casefold (cau_room_listing_get_name (listing), -1) : NULL;
  return name != NULL && strstr (name, folded_filter) != NULL;
}

static GtkWidget *
row_new (CauRoomListing *listing)
{
  /* Names and addresses are text from the network: never markup. */
  GtkWidget *row = adw_action_row_new ();
  const char *name = cau_room_listing_get_name (listing);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 name != NULL ? name : cau_room_listing_get_jid (listing));
  if (name != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), cau_room_listing_get_jid (listing));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_widget_set_name (row, "room-directory-row");
  g_object_set_data_full (G_OBJECT (row), "jid", g_strdup (cau_room_listing_get_jid (listing)),
                          g_free);
  return row;
}

static void
refill (CauRoomDirectory *self)
{
  g_autofree char *filter = g_utf8_casefold (gtk_editable_get_text (GTK_EDITABLE (self->filter_entry)),
                                             -1);
  guint n = self->rooms ? g_list_model_get_n_items (self->rooms) : 0;
  guint shown = 0, found = 0;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CauRoomListing) listing = g_list_model_get_item (self->rooms, i);

      if (!matches (listing, filter))
        continue;
      found++;
      if (shown < MAX_SHOWN)
        {
          gtk_list_box_append (self->list, row_new (listing));
          shown++;
        }
    }
  gtk_widget_set_visible (GTK_WIDGET (self->list), shown > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->filter_entry), n > 0);
  if (self->rooms == NULL)
    return;
  if (n == 0)
    show_status (self, _("This service lists no public rooms."), FALSE);
  else if (found == 0)
    show_status (self, _("No public room matches."), FALSE);
  else if (found > shown)
    show_status (self, _("Type to find the others."), FALSE);
  else
    show_status (self, NULL, FALSE);
}

static void
listed_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  CauRoomDirectory *self = user_data;
  g_autoptr(GError) error = NULL;
  GListModel *rooms = cau_account_list_rooms_finish (CAU_ACCOUNT (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (rooms == NULL)
    {
      show_status (self, error->message, FALSE);
      return;
    }
  g_clear_object (&self->rooms);
  self->rooms = rooms;
  refill (self);
}

static void
service_found_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  CauRoomDirectory *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *service = cau_account_find_room_service_finish (CAU_ACCOUNT (source), result,
                                                                   &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (error != NULL)
    show_status (self, error->message, FALSE);
  else if (service == NULL)
    show_status (self, _("Your server has no room service."), FALSE);
  else
    cau_account_list_rooms (CAU_ACCOUNT (source), service, self->cancellable, listed_cb, self);
}

void
cau_room_directory_set_account (CauRoomDirectory *self,
                                CauAccount       *account)
{
  g_return_if_fail (CAU_IS_ROOM_DIRECTORY (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->rooms);
  refill (self);
  if (account == NULL)
    {
      show_status (self, NULL, FALSE);
      return;
    }
  self->cancellable = g_cancellable_new ();
  show_status (self, _("Asking your server for its rooms…"), TRUE);
  cau_account_find_room_service (account, self->cancellable, service_found_cb, self);
}

static void
row_activated_cb (CauRoomDirectory *self,
                  GtkListBoxRow    *row)
{
  g_signal_emit (self, signals[SIGNAL_ROOM_CHOSEN], 0, g_object_get_data (G_OBJECT (row), "jid"));
}

static void
cau_room_directory_dispose (GObject *object)
{
  CauRoomDirectory *self = CAU_ROOM_DIRECTORY (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->rooms);
  gtk_widget_dispose_template (GTK_WIDGET (self), CAU_TYPE_ROOM_DIRECTORY);
  G_OBJECT_CLASS (cau_room_directory_parent_class)->dispose (object);
}

static void
cau_room_directory_class_init (CauRoomDirectoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cau_room_directory_dispose;

  /**
   * CauRoomDirectory::room-chosen:
   * @address: the room's address
   */
  signals[SIGNAL_ROOM_CHOSEN] =
    g_signal_new ("room-chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/im/causerie/Causerie/ui/"
                                                             "cau-room-directory.ui");
  gtk_widget_class_bind_template_child (widget_class, CauRoomDirectory, filter_entry);
  gtk_widget_class_bind_template_child (widget_class, CauRoomDirectory, list);
  gtk_widget_class_bind_template_child (widget_class, CauRoomDirectory, status_label);
  gtk_widget_class_bind_template_child (widget_class, CauRoomDirectory, spinner);
  gtk_widget_class_bind_template_callback (widget_class, refill);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
}

static void
cau_room_directory_init (CauRoomDirectory *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

CauRoomDirectory *
cau_room_directory_new (void)
{
  return g_object_new (CAU_TYPE_ROOM_DIRECTORY, NULL);
}
