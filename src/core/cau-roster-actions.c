/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-roster.h"
#include "cau-roster-private.h"
#include "cau-account-manager.h"
#include "cau-contact-private.h"
#include "cau-core-private.h"
#include "xmpp/cau-jid.h"

#include <glib/gi18n-lib.h>

/*
 * What a person does with contacts: each action checks what it can, sends
 * the change to the server through the account's client, and leaves the
 * model to follow the server's answer (a roster push, a block list push),
 * so that every device of the account shows the same thing.
 */

#define NS_BLOCKING       "urn:xmpp:blocking"
#define NS_DISCO_INFO     "http://jabber.org/protocol/disco#info"

/* A contact's address as the person typed it: a full address, no resource. */
static char *
contact_address (CauRoster   *self,
                 const char  *address,
                 GError     **error)
{
  g_autofree char *typed = cau_account_manager_normalize_jid (address, error);
  char *jid;

  if (typed == NULL)
    return NULL;
  jid = cau_xmpp_jid_normalize_bare (typed, NULL);
  if (jid == NULL)
    {
      g_set_error_literal (error, CAU_CORE_ERROR, CAU_CORE_ERROR_INVALID_ADDRESS,
                           _("This is not a valid address."));
      return NULL;
    }
  if (g_str_equal (jid, self->own_jid))
    {
      g_set_error_literal (error, CAU_CORE_ERROR, CAU_CORE_ERROR_INVALID_ADDRESS,
                           _("You cannot add yourself as a contact."));
      g_free (jid);
      return NULL;
    }
  return jid;
}

static gboolean
check_contact (CauRoster   *self,
               CauContact  *contact,
               gboolean     in_roster,
               GError     **error)
{
  g_assert (CAU_IS_CONTACT (contact));

  if (g_hash_table_lookup (self->contacts, cau_contact_get_jid (contact)) != contact ||
      (in_roster && !cau_contact_get_in_roster (contact)))
    {
      g_set_error_literal (error, CAU_CORE_ERROR, CAU_CORE_ERROR_FAILED,
                           _("This contact is no longer in the contact list."));
      return FALSE;
    }
  return TRUE;
}

/**
 * cau_roster_add_contact:
 * @self: a roster
 * @address: the address as typed
 * @name: (nullable): a name for the contact
 * @group: (nullable): a group to put it in
 * @message: (nullable): a message for the contact with the request
 * @error: why not
 *
 * Puts the contact in the roster (keeping what it had when it is there
 * already) and asks to see its presence. Adding a contact that asked to
 * see ours accepts its request.
 *
 * Returns: whether it was sent
 */
gboolean
cau_roster_add_contact (CauRoster   *self,
                        const char  *address,
                        const char  *name,
                        const char  *group,
                        const char  *message,
                        GError     **error)
{
  g_autofree char *jid = NULL;
  g_autoptr(GPtrArray) groups = NULL;
  CauXmppClient *client;
  CauContact *contact;

  g_return_val_if_fail (CAU_IS_ROSTER (self), FALSE);
  g_return_val_if_fail (address != NULL, FALSE);

  jid = contact_address (self, address, error);
  if (jid == NULL || (client = cau_roster_online_client (self, error)) == NULL)
    return FALSE;

  contact = g_hash_table_lookup (self->contacts, jid);
  groups = g_ptr_array_new ();
  if (contact != NULL)
    {
      const char * const *known = cau_contact_get_groups (contact);

      for (guint i = 0; known[i] != NULL; i++)
        if (g_strcmp0 (known[i], group) != 0)
          g_ptr_array_add (groups, (gpointer) known[i]);
      if (name == NULL || *name == '\0')
        name = cau_contact_get_name (contact) ? cau_contact_get_name (contact)
                                               : cau_contact_get_nickname (contact);
    }
  if (group != NULL && *group != '\0')
    g_ptr_array_add (groups, (gpointer) group);
  g_ptr_array_add (groups, NULL);

  cau_xmpp_client_roster_set (client, jid, name, (const char * const *) groups->pdata);
  if (contact == NULL || (!cau_roster_we_see (contact) && !cau_contact_get_ask (contact)))
    cau_xmpp_client_send_subscription (client, jid, "subscribe", message);
  if (contact != NULL && cau_contact_get_requested (contact))
    {
      cau_xmpp_client_send_subscription (client, jid, "subscribed", NULL);
      cau_roster_drop_request (self, contact, FALSE);
    }
  return TRUE;
}

/**
 * cau_roster_rename:
 * @self: a roster
 * @contact: a contact of the roster
 * @name: (nullable): its new name
 * @error: why not
 *
 * Returns: whether it was sent
 */
gboolean
cau_roster_rename (CauRoster   *self,
                   CauContact  *contact,
                   const char  *name,
                   GError     **error)
{
  CauXmppClient *client;

  g_return_val_if_fail (CAU_IS_ROSTER (self), FALSE);
  g_return_val_if_fail (CAU_IS_CONTACT (contact), FALSE);

  if (!check_contact (self, contact, TRUE, error) ||
      (client = cau_roster_online_client (self, error)) == NULL)
    return FALSE;
  cau_xmpp_client_roster_set (client, cau_contact_get_jid (contact), name,
                              cau_contact_get_groups (contact));
  return TRUE;
}

/**
 * cau_roster_set_groups:
 * @self: a roster
 * @contact: a contact of the roster
 * @groups: (nullable) (array zero-terminated=1): its groups from now on
 * @error: why not
 *
 * Returns: whether it was sent
 */
gboolean
cau_roster_set_groups (CauRoster           *self,
                       CauContact          *contact,
                       const char * const  *groups,
                       GError             **error)
{
  CauXmppClient *client;

  g_return_val_if_fail (CAU_IS_ROSTER (self), FALSE);
  g_return_val_if_fail (CAU_IS_CONTACT (contact), FALSE);

  if (!check_contact (self, contact, TRUE, error) ||
      (client = cau_roster_online_client (self, error)) == NULL)
    return FALSE;
  cau_xmpp_client_roster_set (client, cau_contact_get_jid (contact),
                              cau_contact_get_name (contact), groups);
  return TRUE;
}

/**
 * cau_roster_remove:
 * @self: a roster
 * @contact: a contact of the roster
 * @error: why not
 *
 * Returns: whether it was sent
 */
gboolean
cau_roster_remove (CauRoster   *self,
                   CauContact  *contact,
                   GError     **error)
{
  CauXmppClient *client;

  g_return_val_if_fail (CAU_IS_ROSTER (self), FALSE);
  g_return_val_if_fail (CAU_IS_CONTACT (contact), FALSE);

  if (!check_contact (self, contact, TRUE, error) ||
      (client = cau_roster_online_client (self, error)) == NULL)
    return FALSE;
  cau_xmpp_client_roster_remove (client, cau_contact_get_jid (contact));
  return TRUE;
}

static gboolean
check_request (CauRoster   *self,
               CauContact  *contact,
               GError     **error)
{
  if (!check_contact (self, contact, FALSE, error))
    return FALSE;
  if (!cau_contact_get_requested (contact))
    {
      g_set_error_literal (error, CAU_CORE_ERROR, CAU_CORE_ERROR_FAILED,
                           _("This request was already answered."));
      return FALSE;
    }
  return TRUE;
}

/**
 * cau_roster_accept_request:
 * @self: a roster
 * @contact: a contact from cau_roster_get_requests()
 * @error: why not
 *
 * Lets the contact see our presence and, unless we see its presence or
 * asked to already, asks to see it in return. A contact not in the roster
 * joins it, named by its nickname if it gave one.
 *
 * Returns: whether it was sent
 */
gboolean
cau_roster_accept_request (CauRoster   *self,
                           CauContact  *contact,
                           GError     **error)
{
  CauXmppClient *client;
  const char *jid;

  g_return_val_if_fail (CAU_IS_ROSTER (self), FALSE);
  g_return_val_if_fail (CAU_IS_CONTACT (contact), FALSE);

  if (!check_request (self, contact, error) ||
      (client = cau_roster_online_client (self, error)) == NULL)
    return FALSE;

  jid = cau_contact_get_jid (contact);
  if (!cau_contact_get_in_roster (contact) && cau_contact_get_nickname (contact) != NULL)
    cau_xmpp_client_roster_set (client, jid, cau_contact_get_nickname (contact), NULL);
  cau_xmpp_client_send_subscription (client, jid, "subscribed", NULL);
  if (!cau_roster_we_see (contact) && !cau_contact_get_ask (contact))
    cau_xmpp_client_send_subscription (client, jid, "subscribe", NULL);
  cau_roster_drop_request (self, contact, FALSE);
  return TRUE;
}

/**
 * cau_roster_deny_request:
 * @self: a roster
 * @contact: a contact from cau_roster_get_requests()
 * @error: why not
 *
 * Returns: whether it was sent
 */
gboolean
cau_roster_deny_request (CauRoster   *self,
                         CauContact  *contact,
                         GError     **error)
{
  CauXmppClient *client;

  g_return_val_if_fail (CAU_IS_ROSTER (self), FALSE);
  g_return_val_if_fail (CAU_IS_CONTACT (contact), FALSE);

  if (!check_request (self, contact, error) ||
      (client = cau_roster_online_client (self, error)) == NULL)
    return FALSE;
  cau_xmpp_client_send_subscription (client, cau_contact_get_jid (contact), "unsubscribed", NULL);
  cau_roster_drop_request (self, contact, TRUE);
  return TRUE;
}

/* Refused only when the server has said what it supports (every server
 * lists disco#info itself) and blocking is not among it: right after
 * connecting, its answer may not have come yet. */
static gboolean
check_blocking (CauRoster  *self,
                GError    **error)
{
  if (self->blocklist_known || self->account == NULL ||
      cau_account_server_has_feature (self->account, NS_BLOCKING) ||
      !cau_account_server_has_feature (self->account, NS_DISCO_INFO))
    return TRUE;
  g_set_error_literal (error, CAU_CORE_ERROR, CAU_CORE_ERROR_NOT_SUPPORTED,
                       _("Your server does not support blocking."));
  return FALSE;
}

/**
 * cau_roster_block_request:
 * @self: a roster
 * @contact: a contact from cau_roster_get_requests()
 * @error: why not
 *
 * Denies the request and blocks the contact.
 *
 * Returns: whether it was sent
 */
gboolean
cau_roster_block_request (CauRoster   *self,
                          CauContact  *contact,
                          GError     **error)
{
  g_autoptr(CauContact) held = NULL;
  CauXmppClient *client;

  g_return_val_if_fail (CAU_IS_ROSTER (self), FALSE);
  g_return_val_if_fail (CAU_IS_CONTACT (contact), FALSE);

  if (!check_request (self, contact, error) ||
      (client = cau_roster_online_client (self, error)) == NULL ||
      !check_blocking (self, error))
    return FALSE;

  /* Denied first: once blocked, the server would not deliver the answer. */
  held = g_object_ref (contact);
  cau_xmpp_client_send_subscription (client, cau_contact_get_jid (contact), "unsubscribed", NULL);
  cau_xmpp_client_block (client, cau_contact_get_jid (contact));
  cau_roster_drop_request (self, contact, TRUE);
  return TRUE;
}

/* An address to block: any JID (XEP-0191 §6), normalised. */
static char *
block_address (CauRoster   *self,
               const char  *address,
               GError     **error)
{
  g_autoptr(GError) local = NULL;
  g_autofree char *stripped = g_strstrip (g_strdup (address));
  g_autofree char *resource = NULL;
  g_autofree char *bare = NULL;

  if (!cau_jid_split (stripped, NULL, NULL, NULL, &local))
    {
      g_set_error_literal (error, CAU_CORE_ERROR, CAU_CORE_ERROR_INVALID_ADDRESS, local->message);
      return NULL;
    }
  bare = cau_xmpp_jid_normalize_bare (stripped, &resource);
  if (bare == NULL)
    {
      g_set_error_literal (error, CAU_CORE_ERROR, CAU_CORE_ERROR_INVALID_ADDRESS,
                           _("This is not a valid address."));
      return NULL;
    }
  if (g_str_equal (bare, self->own_jid))
    {
      g_set_error_literal (error, CAU_CORE_ERROR, CAU_CORE_ERROR_INVALID_ADDRESS,
                           _("You cannot block yourself."));
      return NULL;
    }
  if (resource != NULL)
    return g_strconcat (bare, "/", resource, NULL);
  return g_steal_pointer (&bare);
}

static gboolean
set_blocked (CauRoster   *self,
             const char  *address,
             gboolean     blocked,
             GError     **error)
{
  g_autofree char *jid = NULL;
  CauXmppClient *client;

  jid = block_address (self, address, error);
  if (jid == NULL || (client = cau_roster_online_client (self, error)) == NULL ||
      !check_blocking (self, error))
    return FALSE;
  if (blocked)
    cau_xmpp_client_block (client, jid);
  else
    cau_xmpp_client_unblock (client, jid);
  return TRUE;
}

/**
 * cau_roster_block:
 * @self: a roster
 * @address: a bare JID, a domain, or either with a resource
 * @error: why not
 *
 * Asks the server to deliver nothing from @address (XEP-0191); the block
 * list and #CauContact:blocked change when it confirms.
 *
 * Returns: whether it was sent
 */
gboolean
cau_roster_block (CauRoster   *self,
                  const char  *address,
                  GError     **error)
{
  g_return_val_if_fail (CAU_IS_ROSTER (self), FALSE);
  g_return_val_if_fail (address != NULL, FALSE);

  return set_blocked (self, address, TRUE, error);
}

/**
 * cau_roster_unblock:
 * @self: a roster
 * @address: an address of the block list
 * @error: why not
 *
 * Returns: whether it was sent
 */
gboolean
cau_roster_unblock (CauRoster   *self,
                    const char  *address,
                    GError     **error)
{
  g_return_val_if_fail (CAU_IS_ROSTER (self), FALSE);
  g_return_val_if_fail (address != NULL, FALSE);

  return set_blocked (self, address, FALSE, error);
}
