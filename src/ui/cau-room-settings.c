/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-room-settings.h"
#include "cau-registration-form.h"
#include "cau-ui-utils.h"

#include <glib/gi18n.h>

/*
 * A room's settings for its owners (XEP-0045 §10.2): the form the room sends, its labels and
 * values the room's (plain text). Only the fields the person changed are sent back, so that
 * what the form cannot show whole (fields of several values) stays as the room has it.
 */

struct _CauRoomSettings
{
  AdwBin               parent_instance;

  CauRoom             *room;
  GCancellable        *cancellable;
  GVariant            *config;   /* the form as fetched */

  GtkWidget           *save_button;
  GtkStack            *stack;
  GtkSpinner          *spinner;
  AdwStatusPage       *failed_page;
  GtkLabel            *error_label;
  CauRegistrationForm *form;
};

G_DEFINE_FINAL_TYPE (CauRoomSettings, cau_room_settings, ADW_TYPE_BIN)

static gboolean
has_changes (CauRoomSettings *self)
{
  g_autoptr(GVariant) changed = NULL;

  if (self->config == NULL)
    return FALSE;
  changed = g_variant_ref_sink (cau_registration_form_get_changed_values (self->form));
  return g_variant_n_children (changed) > 0;
}

static void
form_changed_cb (CauRoomSettings *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  gtk_widget_set_sensitive (self->save_button, has_changes (self));
}

static void
back_clicked_cb (CauRoomSettings *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (ADW_IS_PREFERENCES_WINDOW (root))
    adw_preferences_window_close_subpage (ADW_PREFERENCES_WINDOW (root));
}

static void
fetched_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  CauRoomSettings *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) config = NULL;

  config = cau_room_fetch_configuration_finish (CAU_ROOM (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  gtk_spinner_stop (self->spinner);
  if (config == NULL)
    {
      adw_status_page_set_description (self->failed_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "failed");
      return;
    }
  self->config = g_steal_pointer (&config);
  cau_registration_form_set_form (self->form, self->config);
  gtk_stack_set_visible_child_name (self->stack, "form");
  form_changed_cb (self);
}

static void
saved_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  CauRoomSettings *self = user_data;
  g_autoptr(GError) error = NULL;
  GtkRoot *root;

  if (!cau_room_change_configuration_finish (CAU_ROOM (source), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      gtk_label_set_text (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      gtk_widget_set_sensitive (self->save_button, TRUE);
      return;
    }
  root = gtk_widget_get_root (GTK_WIDGET (self));
  if (ADW_IS_PREFERENCES_WINDOW (root))
    {
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (root),
                                        cau_toast_new (_("Room settings saved")));
      adw_preferences_window_close_subpage (ADW_PREFERENCES_WINDOW (root));
    }
}

static void
save_clicked_cb (CauRoomSettings *self)
{
  g_autoptr(GVariant) changed = NULL;

  if (!has_changes (self))
    return;
  changed = g_variant_ref_sink (cau_registration_form_get_changed_values (self->form));
  gtk_widget_set_sensitive (self->save_button, FALSE);
  cau_room_change_configuration (self->room, self->config, changed, self->cancellable, saved_cb,
                                 self);
}

static void
cau_room_settings_dispose (GObject *object)
{
  CauRoomSettings *self = CAU_ROOM_SETTINGS (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (object), CAU_TYPE_ROOM_SETTINGS);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->room);
  g_clear_pointer (&self->config, g_variant_unref);

  G_OBJECT_CLASS (cau_room_settings_parent_class)->dispose (object);
}

static void
cau_room_settings_class_init (CauRoomSettingsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cau_room_settings_dispose;

  g_type_ensure (CAU_TYPE_REGISTRATION_FORM);
  gtk_widget_class_set_template_from_resource (widget_class, "/im/causerie/Causerie/ui/"
                                                             "cau-room-settings.ui");
  gtk_widget_class_bind_template_child (widget_class, CauRoomSettings, save_button);
  gtk_widget_class_bind_template_child (widget_class, CauRoomSettings, stack);
  gtk_widget_class_bind_template_child (widget_class, CauRoomSettings, spinner);
  gtk_widget_class_bind_template_child (widget_class, CauRoomSettings, failed_page);
  gtk_widget_class_bind_template_child (widget_class, CauRoomSettings, error_label);
  gtk_widget_class_bind_template_child (widget_class, CauRoomSettings, form);
  gtk_widget_class_bind_template_callback (widget_class, form_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, save_clicked_cb);
}

static void
cau_room_settings_init (CauRoomSettings *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  /* A room's fields are all optional: saying so on each would say nothing. */
  cau_registration_form_set_mark_optional (self->form, FALSE);
}

CauRoomSettings *
cau_room_settings_new (CauRoom *room)
{
  CauRoomSettings *self;

  g_return_val_if_fail (CAU_IS_ROOM (room), NULL);

  self = g_object_new (CAU_TYPE_ROOM_SETTINGS, NULL);
  self->room = g_object_ref (room);
  gtk_spinner_start (self->spinner);
  gtk_stack_set_visible_child_name (self->stack, "loading");
  cau_room_fetch_configuration (room, self->cancellable, fetched_cb, self);
  return self;
}
