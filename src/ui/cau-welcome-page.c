/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-welcome-page.h"
#include "cau-register-page.h"
#include "cau-sign-in-page.h"

#include <adwaita.h>
#include <glib/gi18n.h>

/*
 * The first run, and adding an account later: a choice between signing
 * in and creating an account, each on its own page.
 */
struct _CauWelcomePage
{
  GtkWidget          parent_instance;

  CauAccountManager *manager;
  gboolean           can_cancel;

  GtkStack          *stack;
  GtkWidget         *cancel_button;
  AdwStatusPage     *status_page;
  CauSignInPage     *sign_in_page;
  CauRegisterPage   *register_page;
};

G_DEFINE_FINAL_TYPE (CauWelcomePage, cau_welcome_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_MANAGER,
  PROP_CAN_CANCEL,
  N_PROPS
};

enum {
  ACCOUNT_ADDED,
  CANCELLED,
  N_SIGNALS
};

static GParamSpec *props[N_PROPS];
static guint signals[N_SIGNALS];

static void
account_added_cb (CauWelcomePage *self,
                  CauAccount     *account,
                  gboolean        password_saved)
{
  g_signal_emit (self, signals[ACCOUNT_ADDED], 0, account, password_saved);
}

static void
back_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  CauWelcomePage *self = CAU_WELCOME_PAGE (widget);

  gtk_stack_set_visible_child_name (self->stack, "start");
}

static void
cancel_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  CauWelcomePage *self = CAU_WELCOME_PAGE (widget);

  if (self->can_cancel)
    g_signal_emit (self, signals[CANCELLED], 0);
}

static void
sign_in_action_cb (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  CauWelcomePage *self = CAU_WELCOME_PAGE (widget);

  gtk_stack_set_visible_child_name (self->stack, "sign-in");
  cau_sign_in_page_focus (self->sign_in_page);
}

static void
create_account_action_cb (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  CauWelcomePage *self = CAU_WELCOME_PAGE (widget);

  gtk_stack_set_visible_child_name (self->stack, "register");
  cau_register_page_focus (self->register_page);
}

static void
cau_welcome_page_dispose (GObject *object)
{
  CauWelcomePage *self = CAU_WELCOME_PAGE (object);
  GtkWidget *child;

  g_clear_object (&self->manager);
  gtk_widget_dispose_template (GTK_WIDGET (self), CAU_TYPE_WELCOME_PAGE);
  /* A plain GtkWidget does not drop its children itself. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (cau_welcome_page_parent_class)->dispose (object);
}

static void
cau_welcome_page_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  CauWelcomePage *self = CAU_WELCOME_PAGE (object);

  switch (prop_id)
    {
    case PROP_MANAGER:
      g_value_set_object (value, self->manager);
      break;
    case PROP_CAN_CANCEL:
      g_value_set_boolean (value, self->can_cancel);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cau_welcome_page_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  CauWelcomePage *self = CAU_WELCOME_PAGE (object);

  switch (prop_id)
    {
    case PROP_MANAGER:
      cau_welcome_page_set_manager (self, g_value_get_object (value));
      break;
    case PROP_CAN_CANCEL:
      cau_welcome_page_set_can_cancel (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cau_welcome_page_class_init (CauWelcomePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cau_welcome_page_dispose;
  object_class->get_property = cau_welcome_page_get_property;
  object_class->set_property = cau_welcome_page_set_property;

  props[PROP_MANAGER] =
    g_param_spec_object ("manager", NULL, NULL, CAU_TYPE_ACCOUNT_MANAGER,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  props[PROP_CAN_CANCEL] =
    g_param_spec_boolean ("can-cancel", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);

  /**
   * CauWelcomePage::account-added:
   * @account: the new account
   * @password_saved: FALSE when no keyring could keep the password
   */
  signals[ACCOUNT_ADDED] =
    g_signal_new ("account-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, CAU_TYPE_ACCOUNT, G_TYPE_BOOLEAN);
  /**
   * CauWelcomePage::cancelled:
   *
   * The person went back without adding an account.
   */
  signals[CANCELLED] =
    g_signal_new ("cancelled", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (CAU_TYPE_SIGN_IN_PAGE);
  g_type_ensure (CAU_TYPE_REGISTER_PAGE);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/im/causerie/Causerie/ui/cau-welcome-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CauWelcomePage, stack);
  gtk_widget_class_bind_template_child (widget_class, CauWelcomePage, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, CauWelcomePage, status_page);
  gtk_widget_class_bind_template_child (widget_class, CauWelcomePage, sign_in_page);
  gtk_widget_class_bind_template_child (widget_class, CauWelcomePage, register_page);
  gtk_widget_class_bind_template_callback (widget_class, account_added_cb);

  gtk_widget_class_install_action (widget_class, "welcome.back", NULL, back_action_cb);
  gtk_widget_class_install_action (widget_class, "welcome.cancel", NULL, cancel_action_cb);
  gtk_widget_class_install_action (widget_class, "welcome.sign-in", NULL, sign_in_action_cb);
  gtk_widget_class_install_action (widget_class, "welcome.create-account", NULL,
                                   create_account_action_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "welcome.cancel", NULL);
}

static void
cau_welcome_page_init (CauWelcomePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  adw_status_page_set_icon_name (self->status_page, APP_ID);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "welcome.cancel", FALSE);
}

CauAccountManager *
cau_welcome_page_get_manager (CauWelcomePage *self)
{
  g_return_val_if_fail (CAU_IS_WELCOME_PAGE (self), NULL);
  return self->manager;
}

gboolean
cau_welcome_page_get_can_cancel (CauWelcomePage *self)
{
  g_return_val_if_fail (CAU_IS_WELCOME_PAGE (self), FALSE);
  return self->can_cancel;
}

void
cau_welcome_page_set_manager (CauWelcomePage    *self,
                              CauAccountManager *manager)
{
  g_return_if_fail (CAU_IS_WELCOME_PAGE (self));
  g_return_if_fail (manager == NULL || CAU_IS_ACCOUNT_MANAGER (manager));

  if (!g_set_object (&self->manager, manager))
    return;
  cau_sign_in_page_set_manager (self->sign_in_page, manager);
  cau_register_page_set_manager (self->register_page, manager);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_MANAGER]);
}

void
cau_welcome_page_set_can_cancel (CauWelcomePage *self,
                                 gboolean        can_cancel)
{
  g_return_if_fail (CAU_IS_WELCOME_PAGE (self));

  can_cancel = !!can_cancel;
  if (self->can_cancel == can_cancel)
    return;
  self->can_cancel = can_cancel;

  gtk_widget_set_visible (self->cancel_button, can_cancel);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "welcome.cancel", can_cancel);
  if (can_cancel)
    {
      adw_status_page_set_title (self->status_page, _("Add an Account"));
      adw_status_page_set_description (self->status_page,
                                       _("Sign in with an account you already have, or create "
                                         "a new one."));
    }
  else
    {
      adw_status_page_set_title (self->status_page, _("Welcome to Causerie"));
      adw_status_page_set_description (self->status_page,
                                       _("Chat with people on any XMPP server: sign in with the "
                                         "account you have, or create a new one."));
    }
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_CAN_CANCEL]);
}

void
cau_welcome_page_reset (CauWelcomePage *self)
{
  g_return_if_fail (CAU_IS_WELCOME_PAGE (self));

  cau_sign_in_page_reset (self->sign_in_page);
  cau_register_page_reset (self->register_page);
  gtk_stack_set_visible_child_full (self->stack, "start", GTK_STACK_TRANSITION_TYPE_NONE);
}
