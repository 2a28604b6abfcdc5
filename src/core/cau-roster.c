/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-roster.h"
#include "cau-roster-private.h"
#include "cau-account-manager.h"
#include "cau-contact-private.h"
#include "cau-core-private.h"
#include "store/cau-db-messages.h"
#include "xmpp/cau-jid.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/*
 * The roster of one account. The engine stores what the server says about
 * contacts (RFC 6121 roster results and pushes, XEP-0237 versions) and the
 * account tells us when it did: we then read the store and update the
 * contacts in place, so a list showing them only changes where something
 * did. Presence, subscription requests and the block list arrive as
 * events; the block list is also kept in the account's settings so that
 * blocked contacts show as such before we are online.
 *
 * Every contact we know (in the roster, or asking to be) is in `contacts`,
 * one object per JID for as long as it is known, so that a request that
 * becomes a roster item keeps its object.
 */

#define BLOCKLIST_SETTING "blocklist"

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CauRoster, cau_roster, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_ACCOUNT,
  PROP_BLOCKED,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

/* GListModel. */

static GType
get_item_type (GListModel *model)
{
  return CAU_TYPE_CONTACT;
}

static guint
get_n_items (GListModel *model)
{
  return CAU_ROSTER (model)->items->len;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  CauRoster *self = CAU_ROSTER (model);

  if (position >= self->items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

/* Order. */

static guint
insert_position (CauRoster  *self,
                 CauContact *contact)
{
  guint low = 0, high = self->items->len;

  while (low < high)
    {
      guint mid = low + (high - low) / 2;

      if (cau_contact_compare (g_ptr_array_index (self->items, mid), contact) < 0)
        low = mid + 1;
      else
        high = mid;
    }
  return low;
}

static void
insert_item (CauRoster  *self,
             CauContact *contact)
{
  guint position = insert_position (self, contact);

  g_ptr_array_insert (self->items, position, contact);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 0, 1);
}

static void
remove_item (CauRoster  *self,
             CauContact *contact)
{
  guint position;

  if (!g_ptr_array_find (self->items, contact, &position))
    return;
  g_ptr_array_remove_index (self->items, position);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
}

/* After its display name changed: moves it if it is no longer in order. */
static void
reposition (CauRoster  *self,
            CauContact *contact)
{
  guint position;

  if (!g_ptr_array_find (self->items, contact, &position))
    return;
  if ((position == 0 ||
       cau_contact_compare (g_ptr_array_index (self->items, position - 1), contact) < 0) &&
      (position + 1 == self->items->len ||
       cau_contact_compare (contact, g_ptr_array_index (self->items, position + 1)) < 0))
    return;
  remove_item (self, contact);
  insert_item (self, contact);
}

static int
compare_contacts (gconstpointer a,
                  gconstpointer b)
{
  return cau_contact_compare (*(CauContact * const *) a, *(CauContact * const *) b);
}

/* Requests. */

static gboolean
find_request (CauRoster  *self,
              CauContact *contact,
              guint      *position)
{
  return g_list_store_find (self->requests, contact, position);
}

/* Forgets a request (answered, withdrawn, or moot). With `forget`, drops
 * a contact that is not in the roster either; an accepted one stays, to
 * become the roster item the server is about to push. */
void
cau_roster_drop_request (CauRoster  *self,
                         CauContact *contact,
                         gboolean    forget)
{
  guint position;

  g_object_ref (contact);
  if (find_request (self, contact, &position))
    g_list_store_remove (self->requests, position);
  cau_contact_set_request (contact, FALSE, NULL);
  if (forget && !cau_contact_get_in_roster (contact))
    g_hash_table_remove (self->contacts, cau_contact_get_jid (contact));
  g_object_unref (contact);
}

/* Blocking (XEP-0191 §6: a domain blocks everyone on it). */

static gboolean
address_blocked (CauRoster  *self,
                 const char *jid)
{
  const char *at;

  if (g_hash_table_contains (self->blocked_set, jid))
    return TRUE;
  at = strchr (jid, '@');
  return at != NULL && g_hash_table_contains (self->blocked_set, at + 1);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Sorted, without duplicates or empty entries. */
static char **
sorted_addresses (const char * const *jids)
{
  GPtrArray *sorted = g_ptr_array_new ();
  guint kept = 0;

  for (guint i = 0; jids != NULL && jids[i] != NULL; i++)
    if (*jids[i] != '\0')
      g_ptr_array_add (sorted, g_strdup (jids[i]));
  g_ptr_array_sort (sorted, compare_strings);
  for (guint i = 0; i < sorted->len; i++)
    {
      if (kept > 0 && g_str_equal (sorted->pdata[kept - 1], sorted->pdata[i]))
        g_free (sorted->pdata[i]);
      else
        sorted->pdata[kept++] = sorted->pdata[i];
    }
  g_ptr_array_set_size (sorted, kept);
  g_ptr_array_add (sorted, NULL);
  return (char **) g_ptr_array_free (sorted, FALSE);
}

static void
replace_blocklist (CauRoster *self,
                   char     **sorted)
{
  g_hash_table_remove_all (self->blocked_set);
  g_strfreev (self->blocked);
  self->blocked = sorted;
  for (guint i = 0; self->blocked[i] != NULL; i++)
    g_hash_table_add (self->blocked_set, self->blocked[i]);
}

static void
load_blocklist (CauRoster *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *value = cau_db_get_setting (self->db, self->account_id, BLOCKLIST_SETTING,
                                               &error);
  g_auto(GStrv) jids = NULL;

  if (error != NULL)
    g_debug ("Block list not loaded: %s", error->message);
  if (value == NULL || *value == '\0')
    return;
  jids = g_strsplit (value, "\n", -1);
  replace_blocklist (self, sorted_addresses ((const char * const *) jids));
}

/* The store. */

static CauContact *
ensure_contact (CauRoster  *self,
                const char *jid)
{
  CauContact *contact = g_hash_table_lookup (self->contacts, jid);

  if (contact == NULL)
    {
      contact = cau_contact_new (self->account, jid);
      cau_contact_set_blocked (contact, address_blocked (self, jid));
      cau_contact_set_avatar_hash (contact, g_hash_table_lookup (self->avatars, jid));
      g_hash_table_insert (self->contacts, g_strdup (jid), contact);
    }
  return contact;
}

gboolean
cau_roster_sees_us (CauContact *contact)
{
  CauSubscription sub = cau_contact_get_subscription (contact);

  return sub == CAU_SUBSCRIPTION_FROM || sub == CAU_SUBSCRIPTION_BOTH;
}

gboolean
cau_roster_we_see (CauContact *contact)
{
  CauSubscription sub = cau_contact_get_subscription (contact);

  return sub == CAU_SUBSCRIPTION_TO || sub == CAU_SUBSCRIPTION_BOTH;
}

void
cau_roster_reload (CauRoster *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GHashTable) seen = NULL;
  g_autoptr(GPtrArray) added = NULL;

  g_return_if_fail (CAU_IS_ROSTER (self));

  rows = cau_db_list_contacts (self->db, self->account_id, &error);
  if (rows == NULL)
    {
      g_warning ("Contacts not loaded: %s", error->message);
      return;
    }

  seen = g_hash_table_new (g_str_hash, g_str_equal);
  added = g_ptr_array_new ();
  for (guint i = 0; i < rows->len; i++)
    {
      CauDbContact *row = g_ptr_array_index (rows, i);
      CauContact *contact = ensure_contact (self, row->jid);
      gboolean was_in_roster = cau_contact_get_in_roster (contact);
      gboolean renamed;

      g_hash_table_add (seen, (gpointer) cau_contact_get_jid (contact));
      renamed = cau_contact_set_item (contact, TRUE, row->name, row->subscription, row->ask,
                                      (const char * const *) row->groups);
      if (!was_in_roster)
        g_ptr_array_add (added, contact);
      else if (renamed)
        reposition (self, contact);

      /* Answered, here or on another device. */
      if (cau_contact_get_requested (contact) && cau_roster_sees_us (contact))
        cau_roster_drop_request (self, contact, FALSE);
    }

  for (guint i = self->items->len; i > 0; i--)
    {
      CauContact *contact = g_ptr_array_index (self->items, i - 1);

      if (g_hash_table_contains (seen, cau_contact_get_jid (contact)))
        continue;
      g_ptr_array_remove_index (self->items, i - 1);
      g_list_model_items_changed (G_LIST_MODEL (self), i - 1, 1, 0);
      cau_contact_set_item (contact, FALSE, NULL, "none", FALSE, NULL);
      cau_contact_clear_presence (contact);
      if (!cau_contact_get_requested (contact))
        g_hash_table_remove (self->contacts, cau_contact_get_jid (contact));
    }

  /* The first load (and a roster that was empty) in one change. */
  if (self->items->len == 0 && added->len > 0)
    {
      g_ptr_array_sort (added, compare_contacts);
      g_ptr_array_extend (self->items, added, NULL, NULL);
      g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, added->len);
      return;
    }
  for (guint i = 0; i < added->len; i++)
    insert_item (self, g_ptr_array_index (added, i));
}

/* Events. */

void
cau_roster_apply_presence (CauRoster  *self,
                           const char *full_jid,
                           int         show,
                           const char *status)
{
  g_autofree char *resource = NULL;
  g_autofree char *bare = NULL;
  g_autofree char *full = NULL;
  CauContact *contact;

  g_return_if_fail (CAU_IS_ROSTER (self));

  bare = cau_xmpp_jid_normalize_bare (full_jid, &resource);
  if (bare == NULL)
    return;
  if (resource != NULL)
    full = g_strconcat (bare, "/", resource, NULL);

  if (g_str_equal (bare, self->own_jid))
    {
      const char *bound = self->account ? cau_account_get_bound_jid (self->account) : NULL;
      g_autofree char *bound_resource = NULL;
      g_autofree char *bound_bare = cau_xmpp_jid_normalize_bare (bound, &bound_resource);

      /* Our own presence comes back to us: only the other devices count. */
      if (full == NULL || (bound_bare != NULL && g_strcmp0 (bound_resource, resource) == 0))
        return;
      cau_contact_set_resource_presence (self->own_devices, full, show, status);
      return;
    }

  /* Presence from strangers (directed presence, rooms) is not ours to show. */
  contact = g_hash_table_lookup (self->contacts, bare);
  if (contact == NULL || !cau_contact_get_in_roster (contact) || cau_contact_get_blocked (contact))
    return;
  cau_contact_set_resource_presence (contact, full ? full : bare, show, status);
  if (full == NULL && show < 0)
    cau_contact_clear_presence (contact);
}

void
cau_roster_clear_presence (CauRoster *self)
{
  GHashTableIter iter;
  gpointer contact;

  g_return_if_fail (CAU_IS_ROSTER (self));

  g_hash_table_iter_init (&iter, self->contacts);
  while (g_hash_table_iter_next (&iter, NULL, &contact))
    cau_contact_clear_presence (contact);
  cau_contact_clear_presence (self->own_devices);
}

CauXmppClient *
cau_roster_online_client (CauRoster  *self,
                          GError    **error)
{
  if (self->account == NULL || cau_account_get_state (self->account) != CAU_ACCOUNT_STATE_ONLINE)
    {
      g_set_error_literal (error, CAU_CORE_ERROR, CAU_CORE_ERROR_OFFLINE,
                           _("This account is not connected."));
      return NULL;
    }
  return cau_account_get_client (self->account);
}

void
cau_roster_add_request (CauRoster  *self,
                        const char *jid,
                        const char *nick,
                        const char *message)
{
  g_autofree char *bare = NULL;
  CauContact *contact;
  guint position;

  g_return_if_fail (CAU_IS_ROSTER (self));

  bare = cau_xmpp_jid_normalize_bare (jid, NULL);
  if (bare == NULL || g_str_equal (bare, self->own_jid) || address_blocked (self, bare))
    return;

  contact = g_hash_table_lookup (self->contacts, bare);
  if (contact != NULL && cau_contact_get_in_roster (contact))
    {
      CauXmppClient *client;

      if (cau_roster_sees_us (contact))
        return;
      /* We asked to see theirs: they ask to see ours in return, which is
       * what adding a contact means (Conversations does the same). */
      if ((cau_roster_we_see (contact) || cau_contact_get_ask (contact)) &&
          (client = cau_roster_online_client (self, NULL)) != NULL)
        {
          g_debug ("Subscription request of a contact we asked: approved");
          cau_xmpp_client_send_subscription (client, bare, "subscribed", NULL);
          return;
        }
    }

  contact = ensure_contact (self, bare);
  if (cau_contact_set_nickname (contact, nick))
    reposition (self, contact);
  cau_contact_set_request (contact, TRUE, message);
  if (!find_request (self, contact, &position))
    g_list_store_append (self->requests, contact);
}

/* A contact's PEP nickname (XEP-0172): taken from contacts only, each
 * speaking for itself (the parser made sure `jid` is the publisher). */
void
cau_roster_apply_nick (CauRoster  *self,
                       const char *jid,
                       const char *nick)
{
  CauContact *contact;

  g_return_if_fail (CAU_IS_ROSTER (self));

  contact = cau_roster_lookup (self, jid);
  if (contact == NULL || !cau_contact_get_in_roster (contact))
    return;
  if (nick != NULL ? cau_contact_set_nickname (contact, nick)
                   : cau_contact_forget_nickname (contact))
    reposition (self, contact);
}

void
cau_roster_withdraw_request (CauRoster  *self,
                             const char *jid)
{
  g_autofree char *bare = NULL;
  CauContact *contact;

  g_return_if_fail (CAU_IS_ROSTER (self));

  bare = cau_xmpp_jid_normalize_bare (jid, NULL);
  contact = bare ? g_hash_table_lookup (self->contacts, bare) : NULL;
  if (contact != NULL && cau_contact_get_requested (contact))
    cau_roster_drop_request (self, contact, TRUE);
}

void
cau_roster_set_blocklist (CauRoster          *self,
                          const char * const *jids)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) contacts = NULL;
  g_autofree char *joined = NULL;
  g_auto(GStrv) sorted = NULL;
  GHashTableIter iter;
  gpointer value;

  g_return_if_fail (CAU_IS_ROSTER (self));

  self->blocklist_known = TRUE;
  sorted = sorted_addresses (jids);
  if (g_strv_equal ((const char * const *) sorted, (const char * const *) self->blocked))
    return;

  replace_blocklist (self, g_steal_pointer (&sorted));
  joined = g_strjoinv ("\n", self->blocked);
  if (!cau_db_set_setting (self->db, self->account_id, BLOCKLIST_SETTING,
                           *joined != '\0' ? joined : NULL, &error))
    g_debug ("Block list not saved: %s", error->message);

  /* The server delivers nothing from a blocked contact from now on, not
   * even that it went offline. */
  contacts = g_ptr_array_new_with_free_func (g_object_unref);
  g_hash_table_iter_init (&iter, self->contacts);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (contacts, g_object_ref (value));
  for (guint i = 0; i < contacts->len; i++)
    {
      CauContact *contact = g_ptr_array_index (contacts, i);
      gboolean blocked = address_blocked (self, cau_contact_get_jid (contact));

      cau_contact_set_blocked (contact, blocked);
      if (blocked)
        cau_contact_clear_presence (contact);
      if (blocked && cau_contact_get_requested (contact))
        cau_roster_drop_request (self, contact, TRUE);
    }
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_BLOCKED]);
}

/* GObject. */

static void
cau_roster_dispose (GObject *object)
{
  CauRoster *self = CAU_ROSTER (object);

  if (self->account != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->account), (gpointer *) &self->account);
  self->account = NULL;
  g_clear_object (&self->db);

  G_OBJECT_CLASS (cau_roster_parent_class)->dispose (object);
}

static void
cau_roster_finalize (GObject *object)
{
  CauRoster *self = CAU_ROSTER (object);

  g_ptr_array_unref (self->items);
  g_hash_table_unref (self->contacts);
  g_clear_object (&self->requests);
  g_clear_object (&self->own_devices);
  g_hash_table_unref (self->blocked_set);
  g_strfreev (self->blocked);
  g_free (self->own_jid);
  g_hash_table_unref (self->avatars);

  G_OBJECT_CLASS (cau_roster_parent_class)->finalize (object);
}

static void
cau_roster_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  CauRoster *self = CAU_ROSTER (object);

  switch (prop_id)
    {
    case PROP_ACCOUNT:
      g_value_set_object (value, self->account);
      break;
    case PROP_BLOCKED:
      g_value_set_boxed (value, self->blocked);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cau_roster_class_init (CauRosterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = cau_roster_dispose;
  object_class->finalize = cau_roster_finalize;
  object_class->get_property = cau_roster_get_property;

  props[PROP_ACCOUNT] = g_param_spec_object ("account", NULL, NULL, CAU_TYPE_ACCOUNT, ro);
  /* CauRoster:blocked: every blocked address, sorted (GStrv). */
  props[PROP_BLOCKED] = g_param_spec_boxed ("blocked", NULL, NULL, G_TYPE_STRV, ro);
  g_object_class_install_properties (object_class, N_PROPS, props);
}

static void
cau_roster_init (CauRoster *self)
{
  self->items = g_ptr_array_new ();
  self->contacts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->requests = g_list_store_new (CAU_TYPE_CONTACT);
  self->blocked = g_new0 (char *, 1);
  self->blocked_set = g_hash_table_new (g_str_hash, g_str_equal);
}

/**
 * cau_roster_new:
 * @account: (nullable): the account, held weakly (tests go without)
 * @db: the store
 * @account_id: the account's row
 * @own_jid: the account's bare JID
 *
 * Returns: (transfer full): the roster, loaded from @db
 */
CauRoster *
cau_roster_new (CauAccount *account,
                CauDb      *db,
                gint64      account_id,
                const char *own_jid)
{
  CauRoster *self;

  g_return_val_if_fail (account == NULL || CAU_IS_ACCOUNT (account), NULL);
  g_return_val_if_fail (CAU_IS_DB (db), NULL);
  g_return_val_if_fail (own_jid != NULL, NULL);

  self = g_object_new (CAU_TYPE_ROSTER, NULL);
  self->account = account;
  if (account != NULL)
    g_object_add_weak_pointer (G_OBJECT (account), (gpointer *) &self->account);
  self->db = g_object_ref (db);
  self->account_id = account_id;
  self->own_jid = cau_xmpp_jid_normalize_bare (own_jid, NULL);
  if (self->own_jid == NULL)
    self->own_jid = g_strdup (own_jid);
  self->avatars = cau_db_list_avatars (db, account_id, NULL);
  if (self->avatars == NULL)
    self->avatars = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->own_devices = cau_contact_new (account, self->own_jid);
  cau_contact_set_avatar_hash (self->own_devices, g_hash_table_lookup (self->avatars,
                                                                       self->own_jid));
  load_blocklist (self);
  cau_roster_reload (self);
  return self;
}

/* Public API (the actions are in cau-roster-actions.c). */

/**
 * cau_roster_get_account:
 * @self: a roster
 *
 * Returns: (transfer none) (nullable): its account, %NULL once it is gone
 */
CauAccount *
cau_roster_get_account (CauRoster *self)
{
  g_return_val_if_fail (CAU_IS_ROSTER (self), NULL);
  return self->account;
}

/**
 * cau_roster_lookup:
 * @self: a roster
 * @jid: a bare JID
 *
 * Returns: (transfer none) (nullable): the contact in the roster, or
 *   asking to be, with that address
 */
CauContact *
cau_roster_lookup (CauRoster  *self,
                   const char *jid)
{
  g_autofree char *bare = NULL;

  g_return_val_if_fail (CAU_IS_ROSTER (self), NULL);

  bare = cau_xmpp_jid_normalize_bare (jid, NULL);
  return bare ? g_hash_table_lookup (self->contacts, bare) : NULL;
}

/**
 * cau_roster_get_requests:
 * @self: a roster
 *
 * Subscription requests wait only in memory: the server delivers those
 * still unanswered again at each sign-in (RFC 6121 §3.1.3).
 *
 * Returns: (transfer none): a GListModel of CauContact, each with
 *   #CauContact:requested set, the oldest first
 */
GListModel *
cau_roster_get_requests (CauRoster *self)
{
  g_return_val_if_fail (CAU_IS_ROSTER (self), NULL);
  return G_LIST_MODEL (self->requests);
}

/**
 * cau_roster_get_own_devices:
 * @self: a roster
 *
 * Returns: (transfer none): our account as a contact, whose resources
 *   and presence are those of our other online devices
 */
CauContact *
cau_roster_get_own_devices (CauRoster *self)
{
  g_return_val_if_fail (CAU_IS_ROSTER (self), NULL);
  return self->own_devices;
}

/**
 * cau_roster_get_blocked:
 * @self: a roster
 *
 * Returns: (transfer none) (array zero-terminated=1): the blocked
 *   addresses, as last received from the server
 */
const char * const *
cau_roster_get_blocked (CauRoster *self)
{
  g_return_val_if_fail (CAU_IS_ROSTER (self), NULL);
  return (const char * const *) self->blocked;
}

/**
 * cau_roster_is_blocked:
 * @self: a roster
 * @jid: a JID
 *
 * Returns: whether the block list covers @jid's bare JID or its domain
 */
gboolean
cau_roster_is_blocked (CauRoster  *self,
                       const char *jid)
{
  g_autofree char *bare = NULL;

  g_return_val_if_fail (CAU_IS_ROSTER (self), FALSE);

  bare = cau_xmpp_jid_normalize_bare (jid, NULL);
  return bare != NULL && address_blocked (self, bare);
}

gboolean
cau_roster_set_avatar (CauRoster  *self,
                       const char *jid,
                       const char *hash,
                       gboolean    fetched)
{
  g_autoptr(GError) error = NULL;
  CauContact *contact;

  g_return_val_if_fail (CAU_IS_ROSTER (self), FALSE);
  g_return_val_if_fail (jid != NULL, FALSE);

  contact = g_str_equal (jid, self->own_jid) ? self->own_devices
                                              : g_hash_table_lookup (self->contacts, jid);

  /* At each start every contact announces its avatar again: the same
   * one costs a lookup, no write. The same one fetched again (the cache
   * was emptied) is told, so that windows load it again. */
  if (g_strcmp0 (g_hash_table_lookup (self->avatars, jid), hash) == 0)
    {
      if (fetched && contact != NULL)
        g_object_notify (G_OBJECT (contact), "avatar-hash");
      return FALSE;
    }

  if (!cau_db_set_avatar (self->db, self->account_id, jid, hash, &error))
    g_debug ("Avatar not stored: %s", error->message);
  if (hash != NULL)
    g_hash_table_replace (self->avatars, g_strdup (jid), g_strdup (hash));
  else
    g_hash_table_remove (self->avatars, jid);

  if (contact != NULL)
    cau_contact_set_avatar_hash (contact, hash);
  return TRUE;
}

const char *
cau_roster_get_avatar (CauRoster  *self,
                       const char *jid)
{
  g_return_val_if_fail (CAU_IS_ROSTER (self), NULL);
  return g_hash_table_lookup (self->avatars, jid);
}
