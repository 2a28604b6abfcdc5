/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-xmpp-room-config.h"
#include "cau-xmpp-chat.h"
#include "cau-xmpp-private.h"
#include "cau-xmpp-rooms.h"
#include "cau-xmpp-utils.h"
#include "xeps/cau-xeps.h"
#include "xeps/cau-xep-0030-services.h"
#include "xeps/cau-xep-0045-muc.h"

/*
 * Finding the account's room service (XEP-0045 §6.1): the items of its domain, then each
 * asked what it is; the first that is a room service is the answer. The GTask stays on the
 * caller's thread, as with the other requests (cau-xmpp-client-room-config.c).
 */

typedef struct {
  GMainContext *context;
  GTask        *task;       /* the caller's thread only */
  char         *domain;
  CauXmppRooms *rooms;      /* the engine's, while requests are pending */
  GPtrArray    *services;   /* asked */
  guint         waiting;    /* answers still to come */
  char         *found;
  gboolean      listing;    /* the rooms of `domain`, a room service, are asked for instead */
  GArray       *listed;     /* CauXmppRoomItem, when listing */
  GError       *error;
} Search;

static void
search_free (gpointer data)
{
  Search *search = data;

  g_clear_object (&search->task);
  g_clear_pointer (&search->services, g_ptr_array_unref);
  g_clear_error (&search->error);
  g_free (search->found);
  g_clear_pointer (&search->listed, g_array_unref);
  g_free (search->domain);
  g_main_context_unref (search->context);
  g_free (search);
}

static gboolean
search_dispatch (gpointer data)
{
  Search *search = data;

  if (search->error != NULL)
    g_task_return_error (search->task, g_steal_pointer (&search->error));
  else if (search->listing)
    g_task_return_pointer (search->task, g_steal_pointer (&search->listed),
                           (GDestroyNotify) g_array_unref);
  else
    g_task_return_pointer (search->task, g_steal_pointer (&search->found), g_free);
  return G_SOURCE_REMOVE;
}

/* On the engine thread, once, when no request of the search is pending: the Search goes back
 * and is freed there. */
static void
search_post (Search *search,
             char   *found,
             GError *error)
{
  search->found = found;
  search->error = error;
  g_main_context_invoke_full (search->context, G_PRIORITY_DEFAULT, search_dispatch, search,
                              search_free);
}

static void
info_cb (xmpp_stanza_t *answer,
         gpointer       data)
{
  Search *search = data;

  search->waiting--;
  for (guint i = 0; answer != NULL && search->found == NULL && i < search->services->len; i++)
    {
      const char *service = g_ptr_array_index (search->services, i);

      if (cau_xmpp_parse_is_room_service (answer, service))
        search->found = g_strdup (service);
    }
  /* Posted (and freed on the caller's side) only once nothing more can come back to it. */
  if (search->waiting == 0)
    search_post (search, g_steal_pointer (&search->found), NULL);
}

static void
items_cb (xmpp_stanza_t *answer,
          gpointer       data)
{
  Search *search = data;
  xmpp_ctx_t *ctx = cau_xmpp_rooms_get_context (search->rooms);
  const char *why = NULL;

  if (answer == NULL || ctx == NULL)
    {
      search_post (search, NULL, g_error_new_literal (CAU_XMPP_ERROR,
                                                      CAU_XMPP_ERROR_CONNECTION_LOST,
                                                      "offline"));
      return;
    }
  search->services = cau_xmpp_parse_disco_services (answer, search->domain, &why);
  if (search->services == NULL || search->services->len == 0)
    {
      g_debug ("No room service: %s", why ? why : "the server lists no services");
      search_post (search, NULL, NULL);
      return;
    }
  /* Counted first: an answer may come back at once (offline). */
  search->waiting = search->services->len;
  for (guint i = 0; i < search->services->len; i++)
    {
      g_autofree char *id = cau_xmpp_new_id ();

      cau_xmpp_rooms_request (search->rooms,
                              cau_xmpp_build_disco_info_get (ctx, id,
                                                             g_ptr_array_index (search->services,
                                                                                i)),
                              info_cb, search);
    }
}

/* The service's rooms (XEP-0045 §6.3): its disco#items. */
static void
rooms_cb (xmpp_stanza_t *answer,
          gpointer       data)
{
  Search *search = data;
  const char *why = NULL;

  if (answer == NULL)
    {
      search_post (search, NULL, g_error_new_literal (CAU_XMPP_ERROR,
                                                      CAU_XMPP_ERROR_CONNECTION_LOST,
                                                      "offline"));
      return;
    }
  search->listed = cau_xmpp_parse_room_directory (answer, search->domain, &why);
  if (search->listed == NULL)
    {
      g_autofree char *condition = cau_xmpp_stanza_error_condition (answer, NULL);

      search_post (search, NULL, g_error_new (CAU_XMPP_ERROR, CAU_XMPP_ERROR_FAILED, "%s",
                                              condition ? condition : why));
      return;
    }
  search_post (search, NULL, NULL);
}

typedef struct {
  Search *search;
} Command;

static void
command_free (gpointer data)
{
  Command *command = data;

  if (command->search != NULL)
    search_post (command->search, NULL,
                 g_error_new_literal (CAU_XMPP_ERROR, CAU_XMPP_ERROR_CONNECTION_LOST, "closed"));
  g_free (command);
}

static void
command_run (CauXmppChat *chat,
             gpointer     data)
{
  Command *command = data;
  Search *search = g_steal_pointer (&command->search);
  g_autofree char *id = cau_xmpp_new_id ();
  xmpp_ctx_t *ctx;

  search->rooms = cau_xmpp_chat_get_rooms (chat);
  ctx = cau_xmpp_rooms_get_context (search->rooms);
  if (ctx == NULL)
    {
      items_cb (NULL, search);
      return;
    }
  cau_xmpp_rooms_request (search->rooms, cau_xmpp_build_disco_items_get (ctx, id, search->domain),
                          search->listing ? rooms_cb : items_cb, search);
}

/**
 * cau_xmpp_client_find_room_service:
 * @self: the client
 * @domain: the account's domain
 * @cancellable: (nullable): to stop waiting
 * @callback: called in the caller's context
 * @user_data: for @callback
 *
 * Asks @domain for its services, and each of them whether it hosts rooms.
 */
static void
start_search (CauXmppClient       *self,
              const char          *domain,
              gboolean             listing,
              GCancellable        *cancellable,
              GAsyncReadyCallback  callback,
              gpointer             user_data,
              gpointer             source_tag)
{
  Search *search = g_new0 (Search, 1);
  Command *command = g_new0 (Command, 1);

  search->context = g_main_context_ref_thread_default ();
  search->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (search->task, source_tag);
  search->domain = g_strdup (domain);
  search->listing = listing;
  command->search = search;
  cau_xmpp_client_run_on_chat (self, command_run, command, command_free);
}

void
cau_xmpp_client_find_room_service (CauXmppClient       *self,
                                   const char          *domain,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_return_if_fail (CAU_IS_XMPP_CLIENT (self));
  g_return_if_fail (domain != NULL);

  start_search (self, domain, FALSE, cancellable, callback, user_data,
                cau_xmpp_client_find_room_service);
}

/**
 * cau_xmpp_client_list_rooms:
 * @self: the client
 * @service: a room service's address
 * @cancellable: (nullable): to stop waiting
 * @callback: called in the caller's context
 * @user_data: for @callback
 *
 * Asks @service for its public rooms (XEP-0045 §6.3).
 */
void
cau_xmpp_client_list_rooms (CauXmppClient       *self,
                            const char          *service,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (CAU_IS_XMPP_CLIENT (self));
  g_return_if_fail (service != NULL);

  start_search (self, service, TRUE, cancellable, callback, user_data,
                cau_xmpp_client_list_rooms);
}

/**
 * cau_xmpp_client_list_rooms_finish:
 * @self: the client
 * @result: the result given to the callback
 * @error: CAU_XMPP_ERROR_CONNECTION_LOST when offline, CAU_XMPP_ERROR_FAILED with the
 *   service's error condition
 *
 * Returns: (transfer full): CauXmppRoomItem, at most CAU_XMPP_MUC_MAX_ITEMS of them
 */
GArray *
cau_xmpp_client_list_rooms_finish (CauXmppClient  *self,
                                   GAsyncResult   *result,
                                   GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * cau_xmpp_client_find_room_service_finish:
 * @self: the client
 * @result: the result given to the callback
 * @error: CAU_XMPP_ERROR_CONNECTION_LOST when offline
 *
 * Returns: (transfer full) (nullable): the room service's address; %NULL with no error when
 *   the server has none
 */
char *
cau_xmpp_client_find_room_service_finish (CauXmppClient  *self,
                                          GAsyncResult   *result,
                                          GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
