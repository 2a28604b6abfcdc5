/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-profile-view.h"

#include <glib/gi18n.h>
#include <string.h>

/* Lines of a long note shown before it is cut (the rest scrolls with the
 * window: the note is bounded by the protocol layer). */
#define NOTE_LINES 12

typedef enum {
  LINK_NONE,
  LINK_MAIL,
  LINK_PHONE,
  LINK_WEB,
} LinkKind;

struct _CauProfileView
{
  AdwBin               parent_instance;

  CauProfile          *profile;
  GPtrArray           *field_rows;   /* rows of profile_group, added here */
  GPtrArray           *device_rows;  /* rows of devices_group, added here */

  AdwPreferencesGroup *profile_group;
  GtkSpinner          *profile_spinner;
  GtkLabel            *profile_message;
  AdwPreferencesGroup *devices_group;
};

G_DEFINE_FINAL_TYPE (CauProfileView, cau_profile_view, ADW_TYPE_BIN)

/* The URI a row opens, or NULL when its text is not one we open. */
static char *
link_uri (LinkKind    kind,
          const char *text)
{
  g_autoptr(GString) number = NULL;
  g_autoptr(GUri) uri = NULL;

  switch (kind)
    {
    case LINK_MAIL:
      if (strchr (text, '@') == NULL || strpbrk (text, " \t?&") != NULL)
        return NULL;
      return g_strconcat ("mailto:", text, NULL);

    case LINK_PHONE:
      /* RFC 3966 keeps digits, "+" and visual separators only. */
      number = g_string_new (NULL);
      for (const char *p = text; *p != '\0'; p++)
        {
          if (g_ascii_isdigit (*p) || (*p == '+' && number->len == 0))
            g_string_append_c (number, *p);
          else if (*p != ' ' && *p != '-' && *p != '.' && *p != '(' && *p != ')')
            return NULL;
        }
      return number->len > 0 ? g_strconcat ("tel:", number->str, NULL) : NULL;

    case LINK_WEB:
      uri = g_uri_parse (text, G_URI_FLAGS_NONE, NULL);
      if (uri == NULL || g_uri_get_host (uri) == NULL ||
          (g_ascii_strcasecmp (g_uri_get_scheme (uri), "https") != 0 &&
           g_ascii_strcasecmp (g_uri_get_scheme (uri), "http") != 0))
        return NULL;
      return g_uri_to_string (uri);

    case LINK_NONE:
    default:
      return NULL;
    }
}

static void
row_activated_cb (AdwActionRow *row)
{
  const char *uri = g_object_get_data (G_OBJECT (row), "uri");
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (row));

  if (uri != NULL)
    gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, uri, GDK_CURRENT_TIME);
}

/* A row of the network's text: never markup. */
static GtkWidget *
text_row (const char *title,
          const char *text,
          LinkKind    kind)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *uri = link_uri (kind, text);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), text);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), NOTE_LINES);
  gtk_widget_set_name (row, "profile-field");

  if (uri != NULL)
    {
      GtkWidget *icon = gtk_image_new_from_icon_name ("adw-external-link-symbolic");

      gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Opens in another app"), -1);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), icon);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_widget_set_tooltip_text (row, uri);
      g_object_set_data_full (G_OBJECT (row), "uri", g_steal_pointer (&uri), g_free);
      g_signal_connect (row, "activated", G_CALLBACK (row_activated_cb), NULL);
    }
  return row;
}

static void
add_field (CauProfileView *self,
           const char     *title,
           const char     *text,
           LinkKind        kind)
{
  GtkWidget *row;

  if (text == NULL || *text == '\0')
    return;
  row = text_row (title, text, kind);
  adw_preferences_group_add (self->profile_group, row);
  g_ptr_array_add (self->field_rows, row);
}

static void
add_fields (CauProfileView     *self,
            const char         *title,
            const char * const *texts,
            LinkKind            kind)
{
  for (guint i = 0; texts != NULL && texts[i] != NULL; i++)
    add_field (self, title, texts[i], kind);
}

static void
clear_rows (AdwPreferencesGroup *group,
            GPtrArray           *rows)
{
  for (guint i = 0; i < rows->len; i++)
    adw_preferences_group_remove (group, g_ptr_array_index (rows, i));
  g_ptr_array_set_size (rows, 0);
}

static void
update_profile (CauProfileView *self)
{
  CauProfile *profile = self->profile;
  CauProfileState state = profile ? cau_profile_get_state (profile) : CAU_PROFILE_STATE_LOADING;
  const char *message = NULL;
  const char *nickname = NULL;
  g_autofree char *place = NULL;

  clear_rows (self->profile_group, self->field_rows);
  gtk_spinner_set_spinning (self->profile_spinner, state == CAU_PROFILE_STATE_LOADING);
  gtk_widget_set_visible (GTK_WIDGET (self->profile_spinner), state == CAU_PROFILE_STATE_LOADING);

  /* The vCard's nickname, else the one it gave itself (XEP-0172). */
  if (profile != NULL)
    nickname = cau_profile_get_nickname (profile);
  if (profile != NULL && nickname == NULL)
    nickname = cau_contact_get_nickname (cau_profile_get_contact (profile));

  switch (state)
    {
    case CAU_PROFILE_STATE_LOADED:
      add_field (self, _("Full Name"), cau_profile_get_full_name (profile), LINK_NONE);
      add_field (self, _("Nickname"), nickname, LINK_NONE);
      add_fields (self, _("Email"), cau_profile_get_emails (profile), LINK_MAIL);
      add_fields (self, _("Phone"), cau_profile_get_phones (profile), LINK_PHONE);
      add_fields (self, _("Website"), cau_profile_get_urls (profile), LINK_WEB);
      add_field (self, _("Organization"), cau_profile_get_organisation (profile), LINK_NONE);
      if (cau_profile_get_locality (profile) != NULL && cau_profile_get_country (profile) != NULL)
        /* TRANSLATORS: a place: the town, then the country */
        place = g_strdup_printf (_("%s, %s"), cau_profile_get_locality (profile),
                                 cau_profile_get_country (profile));
      else if (cau_profile_get_locality (profile) != NULL)
        place = g_strdup (cau_profile_get_locality (profile));
      else
        place = g_strdup (cau_profile_get_country (profile));
      add_field (self, _("Location"), place, LINK_NONE);
      add_field (self, _("Birthday"), cau_profile_get_birthday (profile), LINK_NONE);
      add_field (self, _("About"), cau_profile_get_note (profile), LINK_NONE);
      break;
    case CAU_PROFILE_STATE_EMPTY:
      add_field (self, _("Nickname"), nickname, LINK_NONE);
      message = _("This contact has not published a profile.");
      break;
    case CAU_PROFILE_STATE_FAILED:
      add_field (self, _("Nickname"), nickname, LINK_NONE);
      message = cau_profile_get_error_message (profile);
      if (message == NULL)
        message = _("The profile could not be loaded.");
      break;
    case CAU_PROFILE_STATE_LOADING:
    default:
      break;
    }

  gtk_label_set_text (self->profile_message, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->profile_message), message != NULL);
}

static void
update_device_row (AdwActionRow *row)
{
  CauProfileDevice *device = g_object_get_data (G_OBJECT (row), "device");
  GtkWidget *spinner = g_object_get_data (G_OBJECT (row), "spinner");
  const char *software = cau_profile_device_get_software (device);
  const char *version = cau_profile_device_get_version (device);
  const char *os = cau_profile_device_get_os (device);
  const char *resource = cau_profile_device_get_resource (device);
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;

  /* "Causerie 0.1.0", the device named by its resource below; a device
   * that did not say is named by its resource alone. */
  if (software != NULL && version != NULL)
    /* TRANSLATORS: a program and its version, e.g. "Causerie 0.1.0" */
    title = g_strdup_printf (_("%s %s"), software, version);
  else
    title = g_strdup (software);

  if (title != NULL && os != NULL)
    /* TRANSLATORS: a device's name, then its operating system */
    subtitle = g_strdup_printf (_("%s · %s"), resource, os);
  else if (title != NULL)
    subtitle = g_strdup (resource);
  else if (!cau_profile_device_get_loading (device))
    subtitle = g_strdup (_("Unknown software"));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title ? title : resource);
  adw_action_row_set_subtitle (row, subtitle ? subtitle : "");
  gtk_spinner_set_spinning (GTK_SPINNER (spinner), cau_profile_device_get_loading (device));
  gtk_widget_set_visible (spinner, cau_profile_device_get_loading (device));
}

static void
update_devices (CauProfileView *self)
{
  GListModel *devices = self->profile ? cau_profile_get_devices (self->profile) : NULL;
  guint n = devices ? g_list_model_get_n_items (devices) : 0;

  clear_rows (self->devices_group, self->device_rows);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CauProfileDevice) device = g_list_model_get_item (devices, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *spinner = gtk_spinner_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      gtk_widget_set_name (row, "contact-details-device");
      gtk_accessible_update_property (GTK_ACCESSIBLE (spinner), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Asking the device what it runs"), -1);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), spinner);
      g_object_set_data_full (G_OBJECT (row), "device", g_object_ref (device), g_object_unref);
      g_object_set_data (G_OBJECT (row), "spinner", spinner);
      /* The handler goes with the row. */
      g_signal_connect_object (device, "notify", G_CALLBACK (update_device_row), row,
                               G_CONNECT_SWAPPED);
      update_device_row (ADW_ACTION_ROW (row));
      adw_preferences_group_add (self->devices_group, row);
      g_ptr_array_add (self->device_rows, row);
    }

  if (n == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No device is online"));
      gtk_widget_add_css_class (row, "dim-label");
      adw_preferences_group_add (self->devices_group, row);
      g_ptr_array_add (self->device_rows, row);
    }
}

static void
cau_profile_view_dispose (GObject *object)
{
  CauProfileView *self = CAU_PROFILE_VIEW (object);

  if (self->profile != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->profile, self);
      g_signal_handlers_disconnect_by_data (cau_profile_get_devices (self->profile), self);
      g_signal_handlers_disconnect_by_data (cau_profile_get_contact (self->profile), self);
    }
  g_clear_object (&self->profile);
  gtk_widget_dispose_template (GTK_WIDGET (object), CAU_TYPE_PROFILE_VIEW);
  g_clear_pointer (&self->field_rows, g_ptr_array_unref);
  g_clear_pointer (&self->device_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (cau_profile_view_parent_class)->dispose (object);
}

static void
cau_profile_view_class_init (CauProfileViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cau_profile_view_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/im/causerie/Causerie/ui/cau-profile-view.ui");
  gtk_widget_class_bind_template_child (widget_class, CauProfileView, profile_group);
  gtk_widget_class_bind_template_child (widget_class, CauProfileView, profile_spinner);
  gtk_widget_class_bind_template_child (widget_class, CauProfileView, profile_message);
  gtk_widget_class_bind_template_child (widget_class, CauProfileView, devices_group);
}

static void
cau_profile_view_init (CauProfileView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->field_rows = g_ptr_array_new ();
  self->device_rows = g_ptr_array_new ();
  update_profile (self);
  update_devices (self);
}

CauProfileView *
cau_profile_view_new (void)
{
  return g_object_new (CAU_TYPE_PROFILE_VIEW, NULL);
}

void
cau_profile_view_set_profile (CauProfileView *self,
                              CauProfile     *profile)
{
  g_return_if_fail (CAU_IS_PROFILE_VIEW (self));
  g_return_if_fail (profile == NULL || CAU_IS_PROFILE (profile));

  if (self->profile == profile)
    return;
  if (self->profile != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->profile, self);
      g_signal_handlers_disconnect_by_data (cau_profile_get_devices (self->profile), self);
      g_signal_handlers_disconnect_by_data (cau_profile_get_contact (self->profile), self);
    }
  g_set_object (&self->profile, profile);
  if (profile != NULL)
    {
      g_signal_connect_swapped (profile, "notify::state", G_CALLBACK (update_profile), self);
      g_signal_connect_swapped (cau_profile_get_devices (profile), "items-changed",
                                G_CALLBACK (update_devices), self);
      g_signal_connect_swapped (cau_profile_get_contact (profile), "notify::nickname",
                                G_CALLBACK (update_profile), self);
    }
  update_profile (self);
  update_devices (self);
}
