/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-avatar.h"
#include "cau-contact-row.h"
#include "cau-ui-utils.h"

#include <adwaita.h>
#include <glib/gi18n.h>

/* Longest status message shown in a row, in characters. */
#define STATUS_CHARS 200

/* One contact in the contacts page: avatar with its presence as a dot,
 * name, address, then what is pending or its status message; a button to
 * its details. */
struct _CauContactRow
{
  GtkWidget     parent_instance;

  CauContact   *contact;
  GSignalGroup *contact_signals;
  const char   *presence_class;

  GtkWidget    *avatar_overlay;
  AdwAvatar    *avatar;
  GtkWidget    *presence_dot;
  GtkLabel     *name_label;
  GtkLabel     *jid_label;
  GtkLabel     *status_label;
};

G_DEFINE_FINAL_TYPE (CauContactRow, cau_contact_row, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONTACT,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

static gboolean
waiting_for_approval (CauContact *contact)
{
  CauSubscription subscription = cau_contact_get_subscription (contact);

  return cau_contact_get_ask (contact) &&
         subscription != CAU_SUBSCRIPTION_TO && subscription != CAU_SUBSCRIPTION_BOTH;
}

static void
set_status (CauContactRow *self,
            const char    *text,
            gboolean       notice)
{
  gtk_label_set_text (self->status_label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), text != NULL && *text != '\0');
  if (notice)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "contact-notice");
      gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "dim-label");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "contact-notice");
      gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "dim-label");
    }
}

static void
update (CauContactRow *self)
{
  g_autofree char *description = NULL;
  g_autofree char *status = NULL;
  const char *presence_label;
  CauPresence presence;

  if (self->presence_class != NULL)
    gtk_widget_remove_css_class (self->presence_dot, self->presence_class);
  self->presence_class = NULL;

  if (self->contact == NULL)
    {
      adw_avatar_set_text (self->avatar, NULL);
      cau_avatar_show_contact (self->avatar, NULL);
      gtk_label_set_text (self->name_label, "");
      gtk_label_set_text (self->jid_label, "");
      set_status (self, NULL, FALSE);
      return;
    }

  presence = cau_contact_get_presence (self->contact);
  presence_label = cau_presence_get_label (presence);
  adw_avatar_set_text (self->avatar, cau_contact_get_display_name (self->contact));
  cau_avatar_show_contact (self->avatar, self->contact);
  gtk_label_set_text (self->name_label, cau_contact_get_display_name (self->contact));
  gtk_label_set_text (self->jid_label, cau_contact_get_jid (self->contact));
  gtk_widget_set_tooltip_text (self->avatar_overlay, presence_label);
  self->presence_class = cau_presence_get_css_class (presence);
  gtk_widget_add_css_class (self->presence_dot, self->presence_class);

  if (cau_contact_get_blocked (self->contact))
    set_status (self, _("Blocked"), TRUE);
  else if (waiting_for_approval (self->contact))
    set_status (self, _("Waiting for approval"), TRUE);
  else
    {
      const char *message = cau_contact_get_status_message (self->contact);

      status = message ? cau_text_one_line (message, STATUS_CHARS) : NULL;
      set_status (self, status, FALSE);
    }

  /* TRANSLATORS: a contact in the list: name, address, availability */
  description = g_strdup_printf (_("%s, %s, %s"), cau_contact_get_display_name (self->contact),
                                 cau_contact_get_jid (self->contact), presence_label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, description,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  gtk_label_get_text (self->status_label),
                                  -1);
}

static void
details_clicked_cb (CauContactRow *self)
{
  CauAccount *account;

  if (self->contact == NULL || (account = cau_contact_get_account (self->contact)) == NULL)
    return;
  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-contact", "(ss)",
                              cau_account_get_jid (account), cau_contact_get_jid (self->contact));
}

static void
cau_contact_row_dispose (GObject *object)
{
  CauContactRow *self = CAU_CONTACT_ROW (object);
  GtkWidget *child;

  g_clear_object (&self->contact_signals);
  g_clear_object (&self->contact);
  gtk_widget_dispose_template (GTK_WIDGET (self), CAU_TYPE_CONTACT_ROW);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (cau_contact_row_parent_class)->dispose (object);
}

static void
cau_contact_row_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  CauContactRow *self = CAU_CONTACT_ROW (object);

  switch (prop_id)
    {
    case PROP_CONTACT:
      g_value_set_object (value, self->contact);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cau_contact_row_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  CauContactRow *self = CAU_CONTACT_ROW (object);

  switch (prop_id)
    {
    case PROP_CONTACT:
      cau_contact_row_set_contact (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cau_contact_row_class_init (CauContactRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cau_contact_row_dispose;
  object_class->get_property = cau_contact_row_get_property;
  object_class->set_property = cau_contact_row_set_property;

  props[PROP_CONTACT] =
    g_param_spec_object ("contact", NULL, NULL, CAU_TYPE_CONTACT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "contactrow");
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/im/causerie/Causerie/ui/cau-contact-row.ui");
  gtk_widget_class_bind_template_child (widget_class, CauContactRow, avatar_overlay);
  gtk_widget_class_bind_template_child (widget_class, CauContactRow, avatar);
  gtk_widget_class_bind_template_child (widget_class, CauContactRow, presence_dot);
  gtk_widget_class_bind_template_child (widget_class, CauContactRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, CauContactRow, jid_label);
  gtk_widget_class_bind_template_child (widget_class, CauContactRow, status_label);
  gtk_widget_class_bind_template_callback (widget_class, details_clicked_cb);
}

static void
cau_contact_row_init (CauContactRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->contact_signals = g_signal_group_new (CAU_TYPE_CONTACT);
  g_signal_group_connect_swapped (self->contact_signals, "notify", G_CALLBACK (update), self);
}

CauContactRow *
cau_contact_row_new (void)
{
  return g_object_new (CAU_TYPE_CONTACT_ROW, NULL);
}

CauContact *
cau_contact_row_get_contact (CauContactRow *self)
{
  g_return_val_if_fail (CAU_IS_CONTACT_ROW (self), NULL);
  return self->contact;
}

void
cau_contact_row_set_contact (CauContactRow *self,
                             CauContact    *contact)
{
  g_return_if_fail (CAU_IS_CONTACT_ROW (self));
  g_return_if_fail (contact == NULL || CAU_IS_CONTACT (contact));

  if (!g_set_object (&self->contact, contact))
    return;
  g_signal_group_set_target (self->contact_signals, contact);
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_CONTACT]);
}
