/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-account.h"
#include "cau-account-manager.h"
#include "cau-core-private.h"
#include "cau-room-listing.h"
#include "xmpp/cau-jid.h"
#include "xmpp/cau-xmpp-room-config.h"

#include <glib/gi18n-lib.h>

/* Where the account's rooms may be created: the room service its server lists, to suggest
 * addresses on it. */

static void
found_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  char *service;

  service = cau_xmpp_client_find_room_service_finish (CAU_XMPP_CLIENT (source), result, &error);
  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_task_return_new_error (task, CAU_CORE_ERROR, CAU_CORE_ERROR_OFFLINE, "%s",
                             _("This account is not connected."));
  else if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, service, g_free);
}

void
cau_account_find_room_service (CauAccount          *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *domain = NULL;

  g_return_if_fail (CAU_IS_ACCOUNT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cau_account_find_room_service);
  if (cau_account_get_state (self) != CAU_ACCOUNT_STATE_ONLINE)
    {
      g_task_return_new_error (task, CAU_CORE_ERROR, CAU_CORE_ERROR_OFFLINE, "%s",
                               _("This account is not connected."));
      return;
    }
  domain = cau_jid_domain (cau_account_get_jid (self));
  cau_xmpp_client_find_room_service (cau_account_get_client (self), domain, cancellable,
                                     found_cb, g_steal_pointer (&task));
}

/**
 * cau_account_find_room_service_finish:
 * @self: the account
 * @result: the result given to the callback
 * @error: why not
 *
 * Returns: (transfer full) (nullable): the room service's address, %NULL when there is none
 *   (and @error is not set)
 */
char *
cau_account_find_room_service_finish (CauAccount    *self,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
listed_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) rooms = NULL;
  GListStore *listings;

  rooms = cau_xmpp_client_list_rooms_finish (CAU_XMPP_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (g_error_matches (error, CAU_XMPP_ERROR, CAU_XMPP_ERROR_CONNECTION_LOST))
    {
      g_task_return_new_error (task, CAU_CORE_ERROR, CAU_CORE_ERROR_OFFLINE, "%s",
                               _("This account is not connected."));
      return;
    }
  if (error != NULL)
    {
      g_debug ("Rooms not listed: %s", error->message);
      g_task_return_new_error (task, CAU_CORE_ERROR, CAU_CORE_ERROR_FAILED, "%s",
                               _("This service does not list its rooms."));
      return;
    }
  listings = g_list_store_new (CAU_TYPE_ROOM_LISTING);
  for (guint i = 0; i < rooms->len; i++)
    {
      const CauXmppRoomItem *item = &g_array_index (rooms, CauXmppRoomItem, i);
      g_autoptr(CauRoomListing) listing = cau_room_listing_new (item->jid, item->name);

      g_list_store_append (listings, listing);
    }
  g_task_return_pointer (task, listings, g_object_unref);
}

/**
 * cau_account_list_rooms:
 * @self: the account
 * @service: a room service's address (cau_account_find_room_service())
 * @cancellable: (nullable): to stop waiting
 * @callback: called when the service answered
 * @user_data: for @callback
 *
 * Asks @service for its public rooms.
 */
void
cau_account_list_rooms (CauAccount          *self,
                        const char          *service,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CAU_IS_ACCOUNT (self));
  g_return_if_fail (service != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cau_account_list_rooms);
  if (cau_account_get_state (self) != CAU_ACCOUNT_STATE_ONLINE)
    {
      g_task_return_new_error (task, CAU_CORE_ERROR, CAU_CORE_ERROR_OFFLINE, "%s",
                               _("This account is not connected."));
      return;
    }
  cau_xmpp_client_list_rooms (cau_account_get_client (self), service, cancellable, listed_cb,
                              g_steal_pointer (&task));
}

/**
 * cau_account_list_rooms_finish:
 * @self: the account
 * @result: the result given to the callback
 * @error: why not (offline, or the service lists nothing), translated
 *
 * Returns: (transfer full): CauRoomListing, in the service's order
 */
GListModel *
cau_account_list_rooms_finish (CauAccount    *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
