/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-sign-in-page.h"
#include "cau-sign-in.h"
#include "cau-ui-utils.h"

#include <adwaita.h>
#include <glib/gi18n.h>

struct _CauSignInPage
{
  GtkWidget          parent_instance;

  CauAccountManager *manager;
  /* The sign-in running now, if any. */
  GCancellable      *cancellable;
  char              *jid;
  gboolean           server_valid;
  /* Certificates the person trusted for this address and server. */
  char             **trusted;

  GtkWidget         *credentials_list;
  AdwEntryRow       *address_row;
  AdwEntryRow       *password_row;
  GtkRevealer       *error_revealer;
  GtkLabel          *error_label;
  GtkWidget         *advanced_list;
  AdwEntryRow       *server_row;
  GtkSwitch         *direct_tls_switch;
  GtkLabel          *server_error_label;
  GtkWidget         *sign_in_button;
  GtkSpinner        *spinner;
  GtkLabel          *sign_in_label;
  GtkWidget         *cancel_button;
};

G_DEFINE_FINAL_TYPE (CauSignInPage, cau_sign_in_page, GTK_TYPE_WIDGET)

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

static gboolean
is_busy (CauSignInPage *self)
{
  return self->cancellable != NULL;
}

static void
update_actions (CauSignInPage *self)
{
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));
  gboolean busy = is_busy (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sign-in.submit",
                                 !busy && self->manager != NULL && self->jid != NULL &&
                                 self->server_valid && *password != '\0');
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sign-in.cancel", busy);
}

static void
show_error (CauSignInPage *self,
            const char    *message)
{
  if (message != NULL)
    gtk_label_set_label (self->error_label, message);
  gtk_revealer_set_reveal_child (self->error_revealer, message != NULL);
}

/* Where the focus goes when the page turns busy or idle: from the inputs to
 * Cancel, and from Cancel back to the main button, rather than nowhere. */
static gboolean
focus_moves (CauSignInPage *self,
             gboolean  busy)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  if (focus == NULL)
    return FALSE;
  if (!busy)
    return focus == self->cancel_button;
  return gtk_widget_is_ancestor (focus, GTK_WIDGET (self->credentials_list)) ||
         gtk_widget_is_ancestor (focus, GTK_WIDGET (self->advanced_list)) ||
         focus == self->sign_in_button;
}

static void
set_busy (CauSignInPage *self,
          GCancellable  *cancellable)
{
  gboolean busy = cancellable != NULL;
  gboolean move_focus = focus_moves (self, busy);

  if (self->cancellable != NULL && cancellable != self->cancellable)
    g_cancellable_cancel (self->cancellable);
  g_set_object (&self->cancellable, cancellable);

  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_label_set_label (self->sign_in_label, busy ? _("Signing In…") : _("_Sign In"));
  gtk_widget_set_visible (self->cancel_button, busy);
  update_actions (self);
  if (move_focus)
    gtk_widget_grab_focus (busy ? self->cancel_button : self->sign_in_button);
  gtk_widget_set_sensitive (GTK_WIDGET (self->credentials_list), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->advanced_list), !busy);
}

/* The operation is over: nothing to cancel any more. */
static void
finished (CauSignInPage *self)
{
  g_clear_object (&self->cancellable);
  set_busy (self, NULL);
}

static void
address_changed_cb (CauSignInPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->address_row));
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&self->jid, g_free);
  /* Another address may mean another server: ask again. */
  g_clear_pointer (&self->trusted, g_strfreev);
  if (*text != '\0')
    self->jid = cau_account_manager_normalize_jid (text, &error);

  show_error (self, error ? error->message : NULL);
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->address_row),
                               GTK_ACCESSIBLE_STATE_INVALID,
                               error ? GTK_ACCESSIBLE_INVALID_TRUE : GTK_ACCESSIBLE_INVALID_FALSE,
                               -1);
  update_actions (self);
}

static void
address_activated_cb (CauSignInPage *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
}

static void
password_changed_cb (CauSignInPage *self)
{
  update_actions (self);
}

static void
password_activated_cb (CauSignInPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "sign-in.submit", NULL);
}

static void
server_changed_cb (CauSignInPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *host = NULL;
  guint16 port;

  g_clear_pointer (&self->trusted, g_strfreev);
  self->server_valid = cau_parse_server (gtk_editable_get_text (GTK_EDITABLE (self->server_row)),
                                         &host, &port, &error);
  gtk_label_set_label (self->server_error_label, error ? error->message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->server_error_label), error != NULL);
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->server_row),
                               GTK_ACCESSIBLE_STATE_INVALID,
                               error ? GTK_ACCESSIBLE_INVALID_TRUE : GTK_ACCESSIBLE_INVALID_FALSE,
                               -1);
  update_actions (self);
}

static void
sign_in_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(CauSignInPage) self = user_data;
  g_autoptr(CauAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  gboolean password_saved = FALSE;

  account = cau_sign_in_finish (result, &password_saved, &error);
  /* Cancelled by the person or by dispose: the page already moved on. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_strfreev (self->trusted);
  self->trusted = cau_sign_in_dup_trusted (result);

  finished (self);
  if (account == NULL)
    {
      show_error (self, error->message);
      gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
      return;
    }

  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  g_signal_emit (self, signals[ACCOUNT_ADDED], 0, account, password_saved);
}

static void
submit_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  CauSignInPage *self = CAU_SIGN_IN_PAGE (widget);
  g_autoptr(CauAccountParams) params = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();

  if (self->jid == NULL || self->manager == NULL || is_busy (self))
    return;

  params = cau_account_params_new (self->jid);
  if (!cau_parse_server (gtk_editable_get_text (GTK_EDITABLE (self->server_row)),
                         &params->host, &params->port, NULL))
    return;
  params->direct_tls = gtk_switch_get_active (self->direct_tls_switch);
  params->trusted_sha256 = g_strdupv (self->trusted);

  show_error (self, NULL);
  set_busy (self, cancellable);
  cau_sign_in_async (self->manager, GTK_WIDGET (self), params,
                     gtk_editable_get_text (GTK_EDITABLE (self->password_row)),
                     cancellable, sign_in_cb, g_object_ref (self));
}

static void
cancel_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  set_busy (CAU_SIGN_IN_PAGE (widget), NULL);
}

static void
back_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  set_busy (CAU_SIGN_IN_PAGE (widget), NULL);
  gtk_widget_activate_action (widget, "welcome.back", NULL);
}

static void
cau_sign_in_page_dispose (GObject *object)
{
  CauSignInPage *self = CAU_SIGN_IN_PAGE (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->manager);
  gtk_widget_dispose_template (GTK_WIDGET (self), CAU_TYPE_SIGN_IN_PAGE);
  /* A plain GtkWidget does not drop its children itself. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (cau_sign_in_page_parent_class)->dispose (object);
}

static void
cau_sign_in_page_finalize (GObject *object)
{
  CauSignInPage *self = CAU_SIGN_IN_PAGE (object);

  g_free (self->jid);
  g_strfreev (self->trusted);

  G_OBJECT_CLASS (cau_sign_in_page_parent_class)->finalize (object);
}

static void
cau_sign_in_page_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  CauSignInPage *self = CAU_SIGN_IN_PAGE (object);

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
cau_sign_in_page_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  CauSignInPage *self = CAU_SIGN_IN_PAGE (object);

  switch (prop_id)
    {
    case PROP_MANAGER:
      cau_sign_in_page_set_manager (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cau_sign_in_page_class_init (CauSignInPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cau_sign_in_page_dispose;
  object_class->finalize = cau_sign_in_page_finalize;
  object_class->get_property = cau_sign_in_page_get_property;
  object_class->set_property = cau_sign_in_page_set_property;

  props[PROP_MANAGER] =
    g_param_spec_object ("manager", NULL, NULL, CAU_TYPE_ACCOUNT_MANAGER,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);

  /**
   * CauSignInPage::account-added:
   * @account: the new account
   * @password_saved: FALSE when no keyring could keep the password
   */
  signals[ACCOUNT_ADDED] =
    g_signal_new ("account-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, CAU_TYPE_ACCOUNT, G_TYPE_BOOLEAN);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/im/causerie/Causerie/ui/cau-sign-in-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CauSignInPage, credentials_list);
  gtk_widget_class_bind_template_child (widget_class, CauSignInPage, address_row);
  gtk_widget_class_bind_template_child (widget_class, CauSignInPage, password_row);
  gtk_widget_class_bind_template_child (widget_class, CauSignInPage, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, CauSignInPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, CauSignInPage, advanced_list);
  gtk_widget_class_bind_template_child (widget_class, CauSignInPage, server_row);
  gtk_widget_class_bind_template_child (widget_class, CauSignInPage, direct_tls_switch);
  gtk_widget_class_bind_template_child (widget_class, CauSignInPage, server_error_label);
  gtk_widget_class_bind_template_child (widget_class, CauSignInPage, sign_in_button);
  gtk_widget_class_bind_template_child (widget_class, CauSignInPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, CauSignInPage, sign_in_label);
  gtk_widget_class_bind_template_child (widget_class, CauSignInPage, cancel_button);
  gtk_widget_class_bind_template_callback (widget_class, address_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, address_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, password_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, password_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, server_changed_cb);

  gtk_widget_class_install_action (widget_class, "sign-in.submit", NULL, submit_action_cb);
  gtk_widget_class_install_action (widget_class, "sign-in.cancel", NULL, cancel_action_cb);
  gtk_widget_class_install_action (widget_class, "sign-in.back", NULL, back_action_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "sign-in.back", NULL);
}

static void
cau_sign_in_page_init (CauSignInPage *self)
{
  self->server_valid = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  update_actions (self);
}

CauAccountManager *
cau_sign_in_page_get_manager (CauSignInPage *self)
{
  g_return_val_if_fail (CAU_IS_SIGN_IN_PAGE (self), NULL);
  return self->manager;
}

void
cau_sign_in_page_set_manager (CauSignInPage     *self,
                              CauAccountManager *manager)
{
  g_return_if_fail (CAU_IS_SIGN_IN_PAGE (self));
  g_return_if_fail (manager == NULL || CAU_IS_ACCOUNT_MANAGER (manager));

  if (!g_set_object (&self->manager, manager))
    return;
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_MANAGER]);
}

void
cau_sign_in_page_reset (CauSignInPage *self)
{
  g_return_if_fail (CAU_IS_SIGN_IN_PAGE (self));

  set_busy (self, NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->address_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->server_row), "");
  gtk_switch_set_active (self->direct_tls_switch, FALSE);
  show_error (self, NULL);
}

void
cau_sign_in_page_focus (CauSignInPage *self)
{
  g_return_if_fail (CAU_IS_SIGN_IN_PAGE (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->address_row));
}
