/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-account-banner.h"
#include "cau-ui-utils.h"

#include <glib/gi18n.h>

/* A connection attempt is news only when it takes longer than this. */
#define CONNECTING_GRACE_US (3 * G_USEC_PER_SEC)

/*
 * Above the conversations, the first account that is not online and why
 * (offline, connecting for a while, an error, a password needed), with
 * the way to its page. Disabled accounts are left alone: the person
 * switched them off.
 */
struct _CauAccountBanner
{
  GtkWidget          parent_instance;

  CauAccountManager *manager;
  GListModel        *accounts;
  /* CauAccount * (a reference) → when it entered its state (monotonic µs). */
  GHashTable        *since;
  guint              recheck_id;

  GtkRevealer       *revealer;
  GtkLabel          *title_label;
  GtkLabel          *state_label;
  GtkButton         *button;
};

G_DEFINE_FINAL_TYPE (CauAccountBanner, cau_account_banner, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_MANAGER,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

static void update (CauAccountBanner *self);

static gboolean
recheck_cb (gpointer data)
{
  CauAccountBanner *self = data;

  self->recheck_id = 0;
  update (self);
  return G_SOURCE_REMOVE;
}

static gint64
state_since (CauAccountBanner *self,
             CauAccount       *account)
{
  gint64 *since = g_hash_table_lookup (self->since, account);

  return since ? *since : 0;
}

static gboolean
worth_telling (CauAccountBanner *self,
               CauAccount       *account,
               gint64            now,
               gint64           *wait_until)
{
  gint64 since;

  switch (cau_account_get_state (account))
    {
    case CAU_ACCOUNT_STATE_OFFLINE:
    case CAU_ACCOUNT_STATE_ERROR:
    case CAU_ACCOUNT_STATE_NEEDS_PASSWORD:
      return TRUE;
    case CAU_ACCOUNT_STATE_CONNECTING:
    case CAU_ACCOUNT_STATE_WAITING:
      since = state_since (self, account);
      if (now - since >= CONNECTING_GRACE_US)
        return TRUE;
      *wait_until = MIN (*wait_until, since + CONNECTING_GRACE_US);
      return FALSE;
    case CAU_ACCOUNT_STATE_ONLINE:
    case CAU_ACCOUNT_STATE_DISABLED:
    default:
      return FALSE;
    }
}

static void
update (CauAccountBanner *self)
{
  gint64 now = g_get_monotonic_time ();
  gint64 wait_until = G_MAXINT64;
  g_autoptr(CauAccount) shown = NULL;
  g_autofree char *state = NULL;

  g_clear_handle_id (&self->recheck_id, g_source_remove);

  for (guint i = 0; self->accounts && i < g_list_model_get_n_items (self->accounts); i++)
    {
      g_autoptr(CauAccount) account = g_list_model_get_item (self->accounts, i);

      if (worth_telling (self, account, now, &wait_until))
        {
          shown = g_steal_pointer (&account);
          break;
        }
    }

  if (shown == NULL && wait_until != G_MAXINT64)
    self->recheck_id = g_timeout_add ((guint) ((wait_until - now) / 1000) + 50, recheck_cb, self);

  gtk_revealer_set_reveal_child (self->revealer, shown != NULL);
  if (shown == NULL)
    return;

  state = cau_account_describe_state (shown);
  gtk_label_set_label (self->title_label, cau_account_get_jid (shown));
  gtk_label_set_label (self->state_label, state);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->button), "s",
                                    cau_account_get_jid (shown));
  if (cau_account_get_state (shown) == CAU_ACCOUNT_STATE_ERROR ||
      cau_account_get_state (shown) == CAU_ACCOUNT_STATE_NEEDS_PASSWORD)
    gtk_widget_add_css_class (GTK_WIDGET (self), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "error");
}

static void
account_state_cb (CauAccount       *account,
                  GParamSpec       *pspec,
                  CauAccountBanner *self)
{
  g_hash_table_insert (self->since, g_object_ref (account),
                       g_memdup2 (&(gint64) { g_get_monotonic_time () }, sizeof (gint64)));
  update (self);
}

static void
accounts_changed_cb (GListModel       *accounts,
                     guint             position,
                     guint             removed,
                     guint             added,
                     CauAccountBanner *self)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(CauAccount) account = g_list_model_get_item (accounts, i);

      if (g_hash_table_contains (self->since, account))
        continue;
      g_hash_table_insert (self->since, g_object_ref (account),
                           g_memdup2 (&(gint64) { g_get_monotonic_time () }, sizeof (gint64)));
      g_signal_connect_object (account, "notify::state", G_CALLBACK (account_state_cb), self, 0);
      g_signal_connect_object (account, "notify::error-message", G_CALLBACK (update), self,
                               G_CONNECT_SWAPPED);
    }
  update (self);
}

static void
drop_accounts (CauAccountBanner *self)
{
  GHashTableIter iter;
  gpointer account;

  g_hash_table_iter_init (&iter, self->since);
  while (g_hash_table_iter_next (&iter, &account, NULL))
    g_signal_handlers_disconnect_by_data (account, self);
  g_hash_table_remove_all (self->since);
  if (self->accounts != NULL)
    g_signal_handlers_disconnect_by_data (self->accounts, self);
  g_clear_object (&self->accounts);
}

static void
cau_account_banner_dispose (GObject *object)
{
  CauAccountBanner *self = CAU_ACCOUNT_BANNER (object);
  GtkWidget *child;

  g_clear_handle_id (&self->recheck_id, g_source_remove);
  drop_accounts (self);
  g_clear_object (&self->manager);
  gtk_widget_dispose_template (GTK_WIDGET (self), CAU_TYPE_ACCOUNT_BANNER);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (cau_account_banner_parent_class)->dispose (object);
}

static void
cau_account_banner_finalize (GObject *object)
{
  CauAccountBanner *self = CAU_ACCOUNT_BANNER (object);

  g_hash_table_unref (self->since);

  G_OBJECT_CLASS (cau_account_banner_parent_class)->finalize (object);
}

static void
cau_account_banner_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  CauAccountBanner *self = CAU_ACCOUNT_BANNER (object);

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
cau_account_banner_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  CauAccountBanner *self = CAU_ACCOUNT_BANNER (object);

  switch (prop_id)
    {
    case PROP_MANAGER:
      cau_account_banner_set_manager (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cau_account_banner_class_init (CauAccountBannerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cau_account_banner_dispose;
  object_class->finalize = cau_account_banner_finalize;
  object_class->get_property = cau_account_banner_get_property;
  object_class->set_property = cau_account_banner_set_property;

  props[PROP_MANAGER] =
    g_param_spec_object ("manager", NULL, NULL, CAU_TYPE_ACCOUNT_MANAGER,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "accountbanner");
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/im/causerie/Causerie/ui/cau-account-banner.ui");
  gtk_widget_class_bind_template_child (widget_class, CauAccountBanner, revealer);
  gtk_widget_class_bind_template_child (widget_class, CauAccountBanner, title_label);
  gtk_widget_class_bind_template_child (widget_class, CauAccountBanner, state_label);
  gtk_widget_class_bind_template_child (widget_class, CauAccountBanner, button);
}

static void
cau_account_banner_init (CauAccountBanner *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->since = g_hash_table_new_full (g_direct_hash, g_direct_equal, g_object_unref, g_free);
}

CauAccountManager *
cau_account_banner_get_manager (CauAccountBanner *self)
{
  g_return_val_if_fail (CAU_IS_ACCOUNT_BANNER (self), NULL);
  return self->manager;
}

void
cau_account_banner_set_manager (CauAccountBanner  *self,
                                CauAccountManager *manager)
{
  g_return_if_fail (CAU_IS_ACCOUNT_BANNER (self));
  g_return_if_fail (manager == NULL || CAU_IS_ACCOUNT_MANAGER (manager));

  if (!g_set_object (&self->manager, manager))
    return;

  drop_accounts (self);
  if (manager != NULL)
    {
      self->accounts = g_object_ref (cau_account_manager_get_accounts (manager));
      g_signal_connect_object (self->accounts, "items-changed", G_CALLBACK (accounts_changed_cb),
                               self, 0);
      accounts_changed_cb (self->accounts, 0, 0, g_list_model_get_n_items (self->accounts), self);
    }
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_MANAGER]);
}
