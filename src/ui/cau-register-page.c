/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-register-page.h"
#include "cau-certificate-dialog.h"
#include "cau-registration-form.h"
#include "cau-sign-in.h"
#include "cau-ui-utils.h"

#include <adwaita.h>
#include <glib/gi18n.h>

/*
 * Creating an account (XEP-0077): ask a server for its form, show the
 * fields it wants (CauRegistrationForm), submit them, then sign in with
 * the new address.
 */

typedef enum {
  STEP_FETCH,
  STEP_REGISTER,
} Step;

struct _CauRegisterPage
{
  GtkWidget          parent_instance;

  CauAccountManager *manager;
  GCancellable      *cancellable;
  /* The server as asked: its domain, how to reach it and pinned certificates. */
  CauAccountParams  *params;
  /* The certificate being asked about, pinned only if the person trusts it. */
  char              *pending_pin;

  GtkWidget         *server_box;
  AdwEntryRow       *domain_row;
  AdwEntryRow       *host_row;
  GtkSwitch         *direct_tls_switch;
  GtkWidget         *form_box;
  CauRegistrationForm *form;
  GtkRevealer       *error_revealer;
  GtkLabel          *error_label;
  GtkWidget         *primary_button;
  GtkSpinner        *spinner;
  GtkLabel          *primary_label;
  GtkWidget         *cancel_button;
};

G_DEFINE_FINAL_TYPE (CauRegisterPage, cau_register_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_MANAGER,
  N_PROPS
};

enum {
  ACCOUNT_ADDED,
  N_SIGNALS
};

static GParamSpec *props[N_PROPS];
static guint signals[N_SIGNALS];

static void run_step (CauRegisterPage *self, Step step);

static gboolean
in_form_step (CauRegisterPage *self)
{
  return gtk_widget_get_visible (self->form_box);
}

/* What a field holds now, as submitted. */
static gboolean
server_complete (CauRegisterPage *self)
{
  g_autofree char *host = NULL;
  guint16 port;
  const char *domain = gtk_editable_get_text (GTK_EDITABLE (self->domain_row));

  return *domain != '\0' &&
         cau_parse_server (gtk_editable_get_text (GTK_EDITABLE (self->host_row)),
                           &host, &port, NULL);
}

static void
update_actions (CauRegisterPage *self)
{
  gboolean busy = self->cancellable != NULL;
  gboolean ready = in_form_step (self) ? cau_registration_form_get_complete (self->form)
                                       : server_complete (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "register.submit",
                                 !busy && ready && self->manager != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "register.cancel", busy);
}

static void
show_error (CauRegisterPage *self,
            const char      *message)
{
  if (message != NULL)
    gtk_label_set_label (self->error_label, message);
  gtk_revealer_set_reveal_child (self->error_revealer, message != NULL);
}

static void
update_primary_label (CauRegisterPage *self)
{
  const char *label;

  if (self->cancellable != NULL)
    label = in_form_step (self) ? _("Creating Account…") : _("Connecting…");
  else
    label = in_form_step (self) ? _("_Create Account") : _("C_ontinue");

  gtk_label_set_label (self->primary_label, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->primary_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  in_form_step (self) ? _("Create Account") : _("Continue"),
                                  -1);
}

/* Where the focus goes when the page turns busy or idle: from the inputs to
 * Cancel, and from Cancel back to the main button, rather than nowhere. */
static gboolean
focus_moves (CauRegisterPage *self,
             gboolean  busy)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  if (focus == NULL)
    return FALSE;
  if (!busy)
    return focus == self->cancel_button;
  return gtk_widget_is_ancestor (focus, GTK_WIDGET (self->server_box)) ||
         gtk_widget_is_ancestor (focus, GTK_WIDGET (self->form_box)) ||
         focus == self->primary_button;
}

static void
set_busy (CauRegisterPage *self,
          GCancellable  *cancellable)
{
  gboolean busy = cancellable != NULL;
  gboolean move_focus = focus_moves (self, busy);

  if (self->cancellable != NULL && cancellable != self->cancellable)
    g_cancellable_cancel (self->cancellable);
  g_set_object (&self->cancellable, cancellable);

  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_visible (self->cancel_button, busy);
  update_primary_label (self);
  update_actions (self);
  if (move_focus)
    gtk_widget_grab_focus (busy ? self->cancel_button : self->primary_button);
  gtk_widget_set_sensitive (GTK_WIDGET (self->server_box), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->form_box), !busy);
}

/* The operation is over: nothing to cancel any more. */
static void
finished (CauRegisterPage *self)
{
  g_clear_object (&self->cancellable);
  set_busy (self, NULL);
}

static void
show_step (CauRegisterPage *self,
           gboolean         form)
{
  gtk_widget_set_visible (self->server_box, !form);
  gtk_widget_set_visible (self->form_box, form);
  update_primary_label (self);
  update_actions (self);
}

static void
server_changed_cb (CauRegisterPage *self)
{
  update_actions (self);
}

static void
form_changed_cb (CauRegisterPage *self)
{
  update_actions (self);
}

/* Enter in a field goes on when everything needed is there, and else moves
 * to the next field. */
static void
domain_activated_cb (CauRegisterPage *self)
{
  if (gtk_widget_is_sensitive (self->primary_button))
    gtk_widget_activate_action (GTK_WIDGET (self), "register.submit", NULL);
  else if (in_form_step (self))
    gtk_widget_child_focus (GTK_WIDGET (self->form), GTK_DIR_TAB_FORWARD);
}

static void
sign_in_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(CauRegisterPage) self = user_data;
  g_autoptr(CauAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  gboolean password_saved = FALSE;

  account = cau_sign_in_finish (result, &password_saved, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  finished (self);
  if (account == NULL)
    {
      g_autofree char *message =
        /* TRANSLATORS: %s says why signing in failed */
        g_strdup_printf (_("Your account was created, but signing in to it failed: %s"),
                         error->message);

      show_error (self, message);
      return;
    }

  g_signal_emit (self, signals[ACCOUNT_ADDED], 0, account, password_saved);
}

static void
sign_in (CauRegisterPage *self)
{
  g_autofree char *name = cau_registration_form_get_value (self->form, "username");
  g_autofree char *secret = cau_registration_form_get_value (self->form, "password");
  g_autofree char *jid = NULL;
  g_autoptr(CauAccountParams) params = NULL;

  if (name == NULL || *name == '\0' || secret == NULL || *secret == '\0')
    {
      finished (self);
      show_error (self, _("Your account was created. Sign in with your new address to use it."));
      return;
    }

  jid = g_strdup_printf ("%s@%s", g_strstrip (name), self->params->jid);
  params = cau_account_params_copy (self->params);
  g_free (params->jid);
  params->jid = g_steal_pointer (&jid);
  cau_sign_in_async (self->manager, GTK_WIDGET (self), params, secret, self->cancellable,
                     sign_in_cb, g_object_ref (self));
}

static void
certificate_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(CauRegisterPage) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean trusted;

  trusted = cau_certificate_dialog_choose_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (!trusted)
    {
      g_clear_pointer (&self->pending_pin, g_free);
      finished (self);
      show_error (self, _("You did not trust the server’s certificate, so Causerie did not "
                          "connect."));
      return;
    }

  if (self->pending_pin != NULL)
    {
      guint n = self->params->trusted_sha256 ? g_strv_length (self->params->trusted_sha256) : 0;

      self->params->trusted_sha256 = g_renew (char *, self->params->trusted_sha256, n + 2);
      self->params->trusted_sha256[n] = g_steal_pointer (&self->pending_pin);
      self->params->trusted_sha256[n + 1] = NULL;
    }
  run_step (self, in_form_step (self) ? STEP_REGISTER : STEP_FETCH);
}

/* Returns TRUE when it asks about the certificate; the step runs again if trusted. */
static gboolean
ask_certificate (CauRegisterPage *self,
                 CauCertificate  *certificate,
                 const GError    *error)
{
  const char *sha256;
  g_autofree char *server = NULL;
  GtkRoot *root;

  if (!g_error_matches (error, CAU_CORE_ERROR, CAU_CORE_ERROR_UNTRUSTED_CERTIFICATE) ||
      certificate == NULL)
    return FALSE;

  sha256 = cau_certificate_get_sha256 (certificate);
  if (self->params->trusted_sha256 != NULL &&
      g_strv_contains ((const char * const *) self->params->trusted_sha256, sha256))
    return FALSE;

  g_free (self->pending_pin);
  self->pending_pin = g_strdup (sha256);
  server = cau_sign_in_server_name (self->params);
  root = gtk_widget_get_root (GTK_WIDGET (self));
  cau_certificate_dialog_choose_async (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                       server, certificate, self->cancellable,
                                       certificate_cb, g_object_ref (self));
  return TRUE;
}

static void
register_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(CauRegisterPage) self = user_data;
  g_autoptr(CauCertificate) certificate = NULL;
  g_autoptr(GError) error = NULL;

  if (cau_account_manager_register_finish (CAU_ACCOUNT_MANAGER (source), result, &certificate,
                                           &error))
    {
      sign_in (self);
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (ask_certificate (self, certificate, error))
    return;

  finished (self);
  show_error (self, error->message);
  cau_registration_form_focus (self->form);
}

static void
fetch_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(CauRegisterPage) self = user_data;
  g_autoptr(CauCertificate) certificate = NULL;
  g_autoptr(GVariant) form = NULL;
  g_autoptr(GError) error = NULL;

  form = cau_account_manager_fetch_registration_form_finish (CAU_ACCOUNT_MANAGER (source), result,
                                                             &certificate, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (form == NULL && ask_certificate (self, certificate, error))
    return;

  finished (self);
  if (form == NULL)
    {
      show_error (self, error ? error->message : _("The server sent no registration form."));
      gtk_widget_grab_focus (GTK_WIDGET (self->domain_row));
      return;
    }

  cau_registration_form_set_form (self->form, form);
  show_step (self, TRUE);
  cau_registration_form_focus (self->form);
}

static void
run_step (CauRegisterPage *self,
          Step             step)
{
  g_autoptr(GVariant) values = NULL;

  if (step == STEP_FETCH)
    {
      cau_account_manager_fetch_registration_form_async (self->manager, self->params,
                                                         self->cancellable, fetch_cb,
                                                         g_object_ref (self));
      return;
    }

  values = g_variant_ref_sink (cau_registration_form_get_values (self->form));
  cau_account_manager_register_async (self->manager, self->params, values, self->cancellable,
                                      register_cb, g_object_ref (self));
}

static void
submit_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  CauRegisterPage *self = CAU_REGISTER_PAGE (widget);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(CauAccountParams) params = NULL;
  g_autofree char *domain = NULL;

  if (self->manager == NULL || self->cancellable != NULL)
    return;

  if (!in_form_step (self))
    {
      domain = g_strstrip (g_ascii_strdown (gtk_editable_get_text (GTK_EDITABLE (self->domain_row)),
                                            -1));
      params = cau_account_params_new (domain);
      if (!cau_parse_server (gtk_editable_get_text (GTK_EDITABLE (self->host_row)),
                             &params->host, &params->port, NULL))
        return;
      params->direct_tls = gtk_switch_get_active (self->direct_tls_switch);
      g_clear_pointer (&self->params, cau_account_params_free);
      self->params = g_steal_pointer (&params);
    }

  show_error (self, NULL);
  set_busy (self, cancellable);
  run_step (self, in_form_step (self) ? STEP_REGISTER : STEP_FETCH);
}

static void
cancel_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  set_busy (CAU_REGISTER_PAGE (widget), NULL);
}

static void
back_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  CauRegisterPage *self = CAU_REGISTER_PAGE (widget);

  set_busy (self, NULL);
  show_error (self, NULL);
  if (in_form_step (self))
    show_step (self, FALSE);
  else
    gtk_widget_activate_action (widget, "welcome.back", NULL);
}

static void
cau_register_page_dispose (GObject *object)
{
  CauRegisterPage *self = CAU_REGISTER_PAGE (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->manager);
  gtk_widget_dispose_template (GTK_WIDGET (self), CAU_TYPE_REGISTER_PAGE);
  /* A plain GtkWidget does not drop its children itself. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (cau_register_page_parent_class)->dispose (object);
}

static void
cau_register_page_finalize (GObject *object)
{
  CauRegisterPage *self = CAU_REGISTER_PAGE (object);

  g_clear_pointer (&self->params, cau_account_params_free);
  g_free (self->pending_pin);

  G_OBJECT_CLASS (cau_register_page_parent_class)->finalize (object);
}

static void
cau_register_page_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  CauRegisterPage *self = CAU_REGISTER_PAGE (object);

  switch (prop_id)
    {
    case PROP_MANAGER:
      g_value_set_object (value, self->manager);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cau_register_page_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  CauRegisterPage *self = CAU_REGISTER_PAGE (object);

  switch (prop_id)
    {
    case PROP_MANAGER:
      cau_register_page_set_manager (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cau_register_page_class_init (CauRegisterPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cau_register_page_dispose;
  object_class->finalize = cau_register_page_finalize;
  object_class->get_property = cau_register_page_get_property;
  object_class->set_property = cau_register_page_set_property;

  props[PROP_MANAGER] =
    g_param_spec_object ("manager", NULL, NULL, CAU_TYPE_ACCOUNT_MANAGER,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);

  /**
   * CauRegisterPage::account-added:
   * @account: the new account, signed in
   * @password_saved: FALSE when no keyring could keep the password
   */
  signals[ACCOUNT_ADDED] =
    g_signal_new ("account-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, CAU_TYPE_ACCOUNT, G_TYPE_BOOLEAN);

  g_type_ensure (CAU_TYPE_REGISTRATION_FORM);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/im/causerie/Causerie/ui/cau-register-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CauRegisterPage, server_box);
  gtk_widget_class_bind_template_child (widget_class, CauRegisterPage, domain_row);
  gtk_widget_class_bind_template_child (widget_class, CauRegisterPage, host_row);
  gtk_widget_class_bind_template_child (widget_class, CauRegisterPage, direct_tls_switch);
  gtk_widget_class_bind_template_child (widget_class, CauRegisterPage, form_box);
  gtk_widget_class_bind_template_child (widget_class, CauRegisterPage, form);
  gtk_widget_class_bind_template_child (widget_class, CauRegisterPage, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, CauRegisterPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, CauRegisterPage, primary_button);
  gtk_widget_class_bind_template_child (widget_class, CauRegisterPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, CauRegisterPage, primary_label);
  gtk_widget_class_bind_template_child (widget_class, CauRegisterPage, cancel_button);
  gtk_widget_class_bind_template_callback (widget_class, server_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, domain_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, form_changed_cb);

  gtk_widget_class_install_action (widget_class, "register.submit", NULL, submit_action_cb);
  gtk_widget_class_install_action (widget_class, "register.cancel", NULL, cancel_action_cb);
  gtk_widget_class_install_action (widget_class, "register.back", NULL, back_action_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "register.back", NULL);
}

static void
cau_register_page_init (CauRegisterPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update_primary_label (self);
  update_actions (self);
}

CauAccountManager *
cau_register_page_get_manager (CauRegisterPage *self)
{
  g_return_val_if_fail (CAU_IS_REGISTER_PAGE (self), NULL);
  return self->manager;
}

void
cau_register_page_set_manager (CauRegisterPage   *self,
                               CauAccountManager *manager)
{
  g_return_if_fail (CAU_IS_REGISTER_PAGE (self));
  g_return_if_fail (manager == NULL || CAU_IS_ACCOUNT_MANAGER (manager));

  if (!g_set_object (&self->manager, manager))
    return;
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_MANAGER]);
}

void
cau_register_page_reset (CauRegisterPage *self)
{
  g_return_if_fail (CAU_IS_REGISTER_PAGE (self));

  set_busy (self, NULL);
  show_error (self, NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->domain_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->host_row), "");
  gtk_switch_set_active (self->direct_tls_switch, FALSE);
  show_step (self, FALSE);
}

void
cau_register_page_focus (CauRegisterPage *self)
{
  g_return_if_fail (CAU_IS_REGISTER_PAGE (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->domain_row));
}
