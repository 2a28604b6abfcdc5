/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-avatar.h"
#include "cau-account-row.h"
#include "cau-ui-utils.h"

#include <adwaita.h>

/* One account in the sidebar: avatar with a status dot, address, state,
 * how many messages are unread in its conversations. */
struct _CauAccountRow
{
  GtkWidget     parent_instance;

  CauAccount   *account;
  GSignalGroup *account_signals;
  const char   *dot_class;

  AdwAvatar    *avatar;
  GtkWidget    *status_dot;
  GtkLabel     *jid_label;
  GtkLabel     *state_label;
  GtkLabel     *unread_label;
};

G_DEFINE_FINAL_TYPE (CauAccountRow, cau_account_row, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ACCOUNT,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

static void
update (CauAccountRow *self)
{
  g_autofree char *state = NULL;
  g_autofree char *description = NULL;
  CauAccountState account_state;
  gboolean problem;
  guint unread;

  if (self->dot_class != NULL)
    gtk_widget_remove_css_class (self->status_dot, self->dot_class);
  self->dot_class = NULL;

  if (self->account == NULL)
    {
      adw_avatar_set_text (self->avatar, NULL);
      cau_avatar_show (self->avatar, NULL, NULL, NULL);
      gtk_label_set_label (self->jid_label, "");
      gtk_label_set_label (self->state_label, "");
      gtk_widget_set_visible (GTK_WIDGET (self->unread_label), FALSE);
      return;
    }

  account_state = cau_account_get_state (self->account);
  problem = account_state == CAU_ACCOUNT_STATE_ERROR ||
            account_state == CAU_ACCOUNT_STATE_NEEDS_PASSWORD;
  state = cau_account_describe_state (self->account);

  adw_avatar_set_text (self->avatar, cau_account_get_jid (self->account));
  cau_avatar_show (self->avatar, self->account, cau_account_get_jid (self->account),
                   cau_account_get_avatar_hash (self->account));
  gtk_label_set_label (self->jid_label, cau_account_get_jid (self->account));
  gtk_label_set_label (self->state_label, state);
  if (problem)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->state_label), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (self->state_label), "dim-label");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->state_label), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->state_label), "dim-label");
    }

  self->dot_class = cau_account_get_state_css_class (self->account);
  gtk_widget_add_css_class (self->status_dot, self->dot_class);

  unread = cau_account_get_unread (self->account);
  gtk_widget_set_visible (GTK_WIDGET (self->unread_label), unread > 0);
  if (unread > 0)
    {
      g_autofree char *count = cau_format_unread_count (unread);

      gtk_label_set_label (self->unread_label, count);
      /* TRANSLATORS: how an account of the list is read out: "alice@example.org, Online,
       * 2 unread messages" */
      description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s, %s, %u unread message",
                                                  "%s, %s, %u unread messages", unread),
                                     cau_account_get_jid (self->account), state, unread);
    }
  else
    {
      description = g_strdup_printf ("%s, %s", cau_account_get_jid (self->account), state);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, description,
                                  -1);
}

static void
cau_account_row_dispose (GObject *object)
{
  CauAccountRow *self = CAU_ACCOUNT_ROW (object);
  GtkWidget *child;

  g_clear_object (&self->account_signals);
  g_clear_object (&self->account);
  gtk_widget_dispose_template (GTK_WIDGET (self), CAU_TYPE_ACCOUNT_ROW);
  /* A plain GtkWidget does not drop its children itself. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (cau_account_row_parent_class)->dispose (object);
}

static void
cau_account_row_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  CauAccountRow *self = CAU_ACCOUNT_ROW (object);

  switch (prop_id)
    {
    case PROP_ACCOUNT:
      g_value_set_object (value, self->account);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cau_account_row_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  CauAccountRow *self = CAU_ACCOUNT_ROW (object);

  switch (prop_id)
    {
    case PROP_ACCOUNT:
      cau_account_row_set_account (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cau_account_row_class_init (CauAccountRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cau_account_row_dispose;
  object_class->get_property = cau_account_row_get_property;
  object_class->set_property = cau_account_row_set_property;

  props[PROP_ACCOUNT] =
    g_param_spec_object ("account", NULL, NULL, CAU_TYPE_ACCOUNT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "accountrow");
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/im/causerie/Causerie/ui/cau-account-row.ui");
  gtk_widget_class_bind_template_child (widget_class, CauAccountRow, avatar);
  gtk_widget_class_bind_template_child (widget_class, CauAccountRow, status_dot);
  gtk_widget_class_bind_template_child (widget_class, CauAccountRow, jid_label);
  gtk_widget_class_bind_template_child (widget_class, CauAccountRow, state_label);
  gtk_widget_class_bind_template_child (widget_class, CauAccountRow, unread_label);
}

static void
cau_account_row_init (CauAccountRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->account_signals = g_signal_group_new (CAU_TYPE_ACCOUNT);
  g_signal_group_connect_swapped (self->account_signals, "notify", G_CALLBACK (update), self);
}

CauAccount *
cau_account_row_get_account (CauAccountRow *self)
{
  g_return_val_if_fail (CAU_IS_ACCOUNT_ROW (self), NULL);
  return self->account;
}

void
cau_account_row_set_account (CauAccountRow *self,
                             CauAccount    *account)
{
  g_return_if_fail (CAU_IS_ACCOUNT_ROW (self));
  g_return_if_fail (account == NULL || CAU_IS_ACCOUNT (account));

  if (!g_set_object (&self->account, account))
    return;
  g_signal_group_set_target (self->account_signals, account);
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_ACCOUNT]);
}
