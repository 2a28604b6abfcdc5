/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-room.h"
#include "cau-room-private.h"
#include "cau-core-private.h"
#include "xmpp/cau-xmpp-room-config.h"

#include <glib/gi18n-lib.h>

/*
 * A room's configuration (XEP-0045 §10.2), asked for and changed by its owners. The engine
 * keeps what the network said; here it gets a translated message.
 */

/* `error` the engine's: the same error with words a person reads. */
static GError *
translate_error (const GError *error,
                 gboolean      changing)
{
  const char *message;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (error);
  if (g_error_matches (error, CAU_XMPP_ERROR, CAU_XMPP_ERROR_FORBIDDEN))
    message = _("Only the room’s owners may change its settings.");
  else if (g_error_matches (error, CAU_XMPP_ERROR, CAU_XMPP_ERROR_CONNECTION_LOST))
    message = _("This account is not connected.");
  else if (changing)
    message = _("The room refused these settings.");
  else
    message = _("The room’s settings could not be loaded.");
  g_debug ("Room configuration: %s", error->message);
  return g_error_new_literal (error->domain, error->code, message);
}

static void
task_return (GTask        *task,
             const GError *error,
             gboolean      changing)
{
  g_task_return_error (task, translate_error (error, changing));
}

static CauXmppClient *
client_or_fail (CauRoom             *self,
                GTask               *task)
{
  g_autoptr(CauAccount) account = cau_room_dup_account (self);

  if (account == NULL || cau_account_get_state (account) != CAU_ACCOUNT_STATE_ONLINE)
    {
      g_task_return_new_error (task, CAU_CORE_ERROR, CAU_CORE_ERROR_OFFLINE, "%s",
                               _("This account is not connected."));
      return NULL;
    }
  return cau_account_get_client (account);
}

static void
fetched_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  GVariant *form;

  form = cau_xmpp_client_fetch_room_config_finish (CAU_XMPP_CLIENT (source), result, &error);
  if (form == NULL)
    task_return (task, error, FALSE);
  else
    g_task_return_pointer (task, form, (GDestroyNotify) g_variant_unref);
}

void
cau_room_fetch_configuration (CauRoom             *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  CauXmppClient *client;

  g_return_if_fail (CAU_IS_ROOM (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cau_room_fetch_configuration);
  client = client_or_fail (self, task);
  if (client != NULL)
    cau_xmpp_client_fetch_room_config (client, cau_room_get_jid (self), cancellable,
                                       fetched_cb, g_steal_pointer (&task));
}

/**
 * cau_room_fetch_configuration_finish:
 * @self: the room
 * @result: the result given to the callback
 * @error: why not
 *
 * Returns: (transfer full): the room's configuration form
 */
GVariant *
cau_room_fetch_configuration_finish (CauRoom       *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
changed_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!cau_xmpp_client_submit_room_config_finish (CAU_XMPP_CLIENT (source), result, &error))
    {
      task_return (task, error, TRUE);
      return;
    }
  cau_room_apply_configuration (g_task_get_source_object (task), g_task_get_task_data (task));
  g_task_return_boolean (task, TRUE);
}

void
cau_room_change_configuration (CauRoom             *self,
                               GVariant            *form,
                               GVariant            *values,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  CauXmppClient *client;

  g_return_if_fail (CAU_IS_ROOM (self));
  g_return_if_fail (form != NULL && values != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cau_room_change_configuration);
  g_task_set_task_data (task, g_variant_ref_sink (values), (GDestroyNotify) g_variant_unref);
  client = client_or_fail (self, task);
  if (client != NULL)
    cau_xmpp_client_submit_room_config (client, cau_room_get_jid (self), form, values,
                                        cancellable, changed_cb, g_steal_pointer (&task));
}

gboolean
cau_room_change_configuration_finish (CauRoom       *self,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
