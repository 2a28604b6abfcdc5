/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-secrets.h"
#include "cau-account-manager.h"

#include <glib/gi18n-lib.h>
#include <libsecret/secret.h>

struct _CauSecrets
{
  GObject  parent_instance;
  gboolean enabled;
  gboolean available;
};

G_DEFINE_FINAL_TYPE (CauSecrets, cau_secrets, G_TYPE_OBJECT)

static const SecretSchema *
password_schema (void)
{
  static const SecretSchema schema = {
    "im.causerie.Causerie.Password", SECRET_SCHEMA_NONE,
    {
      { "jid", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "NULL", 0 },
    }
  };

  return &schema;
}

static void
cau_secrets_class_init (CauSecretsClass *klass)
{
}

static void
cau_secrets_init (CauSecrets *self)
{
}

/**
 * cau_secrets_new:
 * @enabled: %FALSE to act as if no Secret Service existed
 *
 * Returns: (transfer full): the password store
 */
CauSecrets *
cau_secrets_new (gboolean enabled)
{
  CauSecrets *self = g_object_new (CAU_TYPE_SECRETS, NULL);

  self->enabled = enabled;
  self->available = enabled;
  return self;
}

/**
 * cau_secrets_get_available:
 * @self: the store
 *
 * Returns: %FALSE once a Secret Service call failed or when disabled
 */
gboolean
cau_secrets_get_available (CauSecrets *self)
{
  g_return_val_if_fail (CAU_IS_SECRETS (self), FALSE);

  return self->available;
}

static GError *
no_keyring_error (const GError *cause)
{
  return g_error_new (CAU_CORE_ERROR, CAU_CORE_ERROR_NO_KEYRING,
                      _("No keyring (Secret Service) is available, so the password cannot be remembered: %s"),
                      cause ? cause->message : _("the keyring is switched off"));
}

typedef struct {
  char                *jid;
  CauSecretsFoundFunc  found_func;
  gpointer             found_data;
  GDestroyNotify       found_destroy;
} Lookup;

static void
lookup_free (Lookup *lookup)
{
  if (lookup->found_destroy != NULL)
    lookup->found_destroy (lookup->found_data);
  g_free (lookup->jid);
  g_free (lookup);
}

/* On a worker thread: the main thread may be busy building the window,
 * and the connection need not wait for it. */
static void
lookup_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  CauSecrets *self = source_object;
  Lookup *lookup = task_data;
  g_autoptr(GError) error = NULL;
  char *password;

  password = secret_password_lookup_sync (password_schema (), cancellable, &error,
                                          "jid", lookup->jid, NULL);
  if (error != NULL)
    {
      self->available = FALSE;
      g_task_return_error (task, no_keyring_error (error));
      return;
    }

  self->available = TRUE;
  if (password != NULL && lookup->found_func != NULL)
    lookup->found_func (password, lookup->found_data);
  g_task_return_pointer (task, password, (GDestroyNotify) secret_password_free);
}

/**
 * cau_secrets_lookup_async:
 * @self: the store
 * @jid: the account
 * @found_func: (nullable): called on the lookup's thread with the password
 * @found_data: for @found_func
 * @found_destroy: frees @found_data, on any thread
 * @cancellable: (nullable): a cancellable
 * @callback: called in the caller's context
 * @user_data: for @callback
 *
 * Looks the password up in the keyring, off the calling thread.
 */
void
cau_secrets_lookup_async (CauSecrets          *self,
                          const char          *jid,
                          CauSecretsFoundFunc  found_func,
                          gpointer             found_data,
                          GDestroyNotify       found_destroy,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Lookup *lookup;

  g_return_if_fail (CAU_IS_SECRETS (self));
  g_return_if_fail (jid != NULL);

  lookup = g_new0 (Lookup, 1);
  lookup->jid = g_strdup (jid);
  lookup->found_func = found_func;
  lookup->found_data = found_data;
  lookup->found_destroy = found_destroy;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cau_secrets_lookup_async);
  g_task_set_task_data (task, lookup, (GDestroyNotify) lookup_free);
  if (!self->enabled)
    {
      g_task_return_error (task, no_keyring_error (NULL));
      return;
    }
  g_task_run_in_thread (task, lookup_thread);
}

/**
 * cau_secrets_lookup_finish:
 * @self: the store
 * @result: the result
 * @error: CAU_CORE_ERROR_NO_KEYRING when the keyring cannot be used
 *
 * Returns: (transfer full) (nullable): the password, to be freed with
 *   secret_password_free(), or %NULL when none is stored
 */
char *
cau_secrets_lookup_finish (CauSecrets    *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  char *password;
  g_autoptr(GError) local = NULL;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  password = g_task_propagate_pointer (G_TASK (result), &local);
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  return password;
}

static void
store_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CauSecrets *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;

  if (!secret_password_store_finish (result, &error))
    {
      self->available = FALSE;
      g_task_return_error (task, no_keyring_error (error));
      return;
    }
  self->available = TRUE;
  g_task_return_boolean (task, TRUE);
}

void
cau_secrets_store_async (CauSecrets          *self,
                         const char          *jid,
                         const char          *password,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *label = NULL;

  g_return_if_fail (CAU_IS_SECRETS (self));
  g_return_if_fail (jid != NULL && password != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cau_secrets_store_async);
  if (!self->enabled)
    {
      g_task_return_error (task, no_keyring_error (NULL));
      return;
    }

  /* TRANSLATORS: the label of the password in the keyring */
  label = g_strdup_printf (_("Causerie password for %s"), jid);
  secret_password_store (password_schema (), SECRET_COLLECTION_DEFAULT, label, password,
                         cancellable, store_cb, g_steal_pointer (&task), "jid", jid, NULL);
}

gboolean
cau_secrets_store_finish (CauSecrets    *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
clear_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  secret_password_clear_finish (result, &error);
  if (error != NULL)
    g_task_return_error (task, no_keyring_error (error));
  else
    g_task_return_boolean (task, TRUE);
}

void
cau_secrets_clear_async (CauSecrets          *self,
                         const char          *jid,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CAU_IS_SECRETS (self));
  g_return_if_fail (jid != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cau_secrets_clear_async);
  if (!self->enabled)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  secret_password_clear (password_schema (), cancellable, clear_cb, g_steal_pointer (&task),
                         "jid", jid, NULL);
}

gboolean
cau_secrets_clear_finish (CauSecrets    *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
