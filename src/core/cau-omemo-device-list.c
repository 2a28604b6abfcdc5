/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-omemo-device-list.h"
#include "cau-account-manager.h"
#include "cau-core-private.h"
#include "cau-message-archive-private.h"
#include "cau-omemo-device-private.h"
#include "store/cau-db-omemo.h"

#include <glib/gi18n-lib.h>

struct _CauOmemoDeviceList
{
  GObject     parent_instance;

  CauAccount *account;
  char       *jid;
  gboolean    own;
  GPtrArray  *items;        /* CauOmemoDevice, in the model's order */
  CauOmemoDevice *this_device;   /* one of items, or NULL */
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CauOmemoDeviceList, cau_omemo_device_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_THIS_DEVICE,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

enum {
  SIGNAL_RELOADED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GType
list_get_item_type (GListModel *model)
{
  return CAU_TYPE_OMEMO_DEVICE;
}

static guint
list_get_n_items (GListModel *model)
{
  return CAU_OMEMO_DEVICE_LIST (model)->items->len;
}

static gpointer
list_get_item (GListModel *model,
               guint       position)
{
  CauOmemoDeviceList *self = CAU_OMEMO_DEVICE_LIST (model);

  if (position >= self->items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = list_get_item_type;
  iface->get_n_items = list_get_n_items;
  iface->get_item = list_get_item;
}

static void
cau_omemo_device_list_dispose (GObject *object)
{
  CauOmemoDeviceList *self = CAU_OMEMO_DEVICE_LIST (object);

  g_clear_object (&self->account);
  g_ptr_array_set_size (self->items, 0);
  self->this_device = NULL;

  G_OBJECT_CLASS (cau_omemo_device_list_parent_class)->dispose (object);
}

static void
cau_omemo_device_list_finalize (GObject *object)
{
  CauOmemoDeviceList *self = CAU_OMEMO_DEVICE_LIST (object);

  g_ptr_array_unref (self->items);
  g_free (self->jid);

  G_OBJECT_CLASS (cau_omemo_device_list_parent_class)->finalize (object);
}

static void
cau_omemo_device_list_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  CauOmemoDeviceList *self = CAU_OMEMO_DEVICE_LIST (object);

  switch (prop_id)
    {
    case PROP_THIS_DEVICE:
      g_value_set_object (value, self->this_device);
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->items->len);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cau_omemo_device_list_class_init (CauOmemoDeviceListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = cau_omemo_device_list_dispose;
  object_class->finalize = cau_omemo_device_list_finalize;
  object_class->get_property = cau_omemo_device_list_get_property;

  props[PROP_THIS_DEVICE] = g_param_spec_object ("this-device", NULL, NULL,
                                                 CAU_TYPE_OMEMO_DEVICE, ro);
  props[PROP_N_ITEMS] = g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0, ro);
  g_object_class_install_properties (object_class, N_PROPS, props);

  /* CauOmemoDeviceList::reloaded: the devices were read again (their state may have changed
   * in place, without items-changed). */
  signals[SIGNAL_RELOADED] =
    g_signal_new ("reloaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
cau_omemo_device_list_init (CauOmemoDeviceList *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
}

/* Reading the store. */

typedef struct {
  const CauDbOmemoDevice *row;
  gboolean                this_device;
} Entry;

static int
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  const Entry *x = a, *y = b;
  gboolean x_active = x->row->in_legacy_list || x->row->in_omemo2_list;
  gboolean y_active = y->row->in_legacy_list || y->row->in_omemo2_list;

  if (x->this_device != y->this_device)
    return x->this_device ? -1 : 1;
  if (x_active != y_active)
    return x_active ? -1 : 1;
  return x->row->device_id < y->row->device_id ? -1 : x->row->device_id > y->row->device_id;
}

/* The device already shown (kept, so that views bound to it stay), or a new one. */
static CauOmemoDevice *
reuse_item (GPtrArray *items,
            guint32    device_id)
{
  for (guint i = 0; i < items->len; i++)
    {
      CauOmemoDevice *device = g_ptr_array_index (items, i);

      if (cau_omemo_device_get_id (device) == device_id)
        return g_object_ref (device);
    }
  return cau_omemo_device_new (device_id);
}

/**
 * cau_omemo_device_list_reload:
 * @self: a #CauOmemoDeviceList
 *
 * Reads the devices again from the store (the list does so by itself when the engine reports
 * a change of this address's devices).
 */
void
cau_omemo_device_list_reload (CauOmemoDeviceList *self)
{
  CauDb *db;
  gint64 account_id;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(CauDbOmemoOwn) own = NULL;
  g_autoptr(GArray) entries = g_array_new (FALSE, FALSE, sizeof (Entry));
  CauDbOmemoDevice own_row = { 0 };
  gboolean own_listed = FALSE;
  gboolean same_order;
  CauOmemoDevice *this_device = NULL;

  g_return_if_fail (CAU_IS_OMEMO_DEVICE_LIST (self));

  if (self->account == NULL)
    return;
  db = cau_account_get_db (self->account);
  account_id = cau_account_get_id (self->account);
  rows = cau_db_omemo_list_devices (db, account_id, self->jid, &error);
  if (rows == NULL)
    {
      g_warning ("OMEMO devices could not be read: %s", error->message);
      return;
    }
  if (self->own)
    own = cau_db_omemo_get_own (db, account_id, NULL);

  for (guint i = 0; i < rows->len; i++)
    {
      CauDbOmemoDevice *row = g_ptr_array_index (rows, i);
      Entry entry = { row, own != NULL && row->device_id == own->device_id };

      if (entry.this_device)
        {
          /* Our own key is in our keys, not among the devices we learn of. */
          own_row = *row;
          own_row.identity_key = own->public_key;
          entry.row = &own_row;
          own_listed = TRUE;
        }
      g_array_append_val (entries, entry);
    }
  if (own != NULL && !own_listed)
    {
      /* Not published yet (the account has not been online since the keys were made). */
      Entry entry = { &own_row, TRUE };

      own_row.jid = self->jid;
      own_row.device_id = own->device_id;
      own_row.identity_key = own->public_key;
      own_row.trust = CAU_DB_OMEMO_VERIFIED;
      g_array_append_val (entries, entry);
    }
  g_array_sort (entries, compare_entries);

  same_order = entries->len == self->items->len;
  for (guint i = 0; same_order && i < entries->len; i++)
    same_order = cau_omemo_device_get_id (g_ptr_array_index (self->items, i)) ==
                 g_array_index (entries, Entry, i).row->device_id;

  if (same_order)
    {
      for (guint i = 0; i < entries->len; i++)
        {
          const Entry *entry = &g_array_index (entries, Entry, i);

          cau_omemo_device_update (g_ptr_array_index (self->items, i), entry->row,
                                   entry->this_device);
          if (entry->this_device)
            this_device = g_ptr_array_index (self->items, i);
        }
    }
  else
    {
      g_autoptr(GPtrArray) old = g_steal_pointer (&self->items);
      guint removed = old->len;

      self->items = g_ptr_array_new_full (entries->len, g_object_unref);
      for (guint i = 0; i < entries->len; i++)
        {
          const Entry *entry = &g_array_index (entries, Entry, i);
          CauOmemoDevice *device = reuse_item (old, entry->row->device_id);

          cau_omemo_device_update (device, entry->row, entry->this_device);
          if (entry->this_device)
            this_device = device;
          g_ptr_array_add (self->items, device);
        }
      g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, self->items->len);
      if (removed != self->items->len)
        g_object_notify_by_pspec (G_OBJECT (self), props[PROP_N_ITEMS]);
    }

  if (this_device != self->this_device)
    {
      self->this_device = this_device;
      g_object_notify_by_pspec (G_OBJECT (self), props[PROP_THIS_DEVICE]);
    }
  g_signal_emit (self, signals[SIGNAL_RELOADED], 0);
}

static void
store_changed_cb (CauOmemoDeviceList *self,
                  CauStoreChanges    *changes)
{
  if (cau_store_changes_has_omemo_jid (changes, self->jid))
    cau_omemo_device_list_reload (self);
}

/* Every list of this address (another page, a link being followed) reads the change. */
static void
announce_change (CauOmemoDeviceList *self)
{
  g_autoptr(CauStoreChanges) changes = cau_store_changes_new (cau_account_get_id (self->account));

  g_ptr_array_add (changes->omemo_jids, g_strdup (self->jid));
  g_signal_emit_by_name (self->account, "store-changed", changes);
}

/**
 * cau_omemo_device_list_new:
 * @account: the account
 * @jid: a bare JID: a contact's, or the account's own
 *
 * Returns: (transfer full): the devices of @jid, read now and followed
 */
CauOmemoDeviceList *
cau_omemo_device_list_new (CauAccount *account,
                           const char *jid)
{
  CauOmemoDeviceList *self;

  g_return_val_if_fail (CAU_IS_ACCOUNT (account), NULL);
  g_return_val_if_fail (jid != NULL, NULL);

  self = g_object_new (CAU_TYPE_OMEMO_DEVICE_LIST, NULL);
  self->account = g_object_ref (account);
  self->jid = g_strdup (jid);
  self->own = g_strcmp0 (jid, cau_account_get_jid (account)) == 0;
  g_signal_connect_object (account, "store-changed", G_CALLBACK (store_changed_cb), self,
                           G_CONNECT_SWAPPED);
  cau_omemo_device_list_reload (self);
  return self;
}

CauAccount *
cau_omemo_device_list_get_account (CauOmemoDeviceList *self)
{
  g_return_val_if_fail (CAU_IS_OMEMO_DEVICE_LIST (self), NULL);
  return self->account;
}

const char *
cau_omemo_device_list_get_jid (CauOmemoDeviceList *self)
{
  g_return_val_if_fail (CAU_IS_OMEMO_DEVICE_LIST (self), NULL);
  return self->jid;
}

gboolean
cau_omemo_device_list_get_is_own (CauOmemoDeviceList *self)
{
  g_return_val_if_fail (CAU_IS_OMEMO_DEVICE_LIST (self), FALSE);
  return self->own;
}

CauOmemoDevice *
cau_omemo_device_list_get_this_device (CauOmemoDeviceList *self)
{
  g_return_val_if_fail (CAU_IS_OMEMO_DEVICE_LIST (self), NULL);
  return self->this_device;
}

/**
 * cau_omemo_device_list_find:
 * @self: a #CauOmemoDeviceList
 * @device_id: a device id
 *
 * Returns: (transfer none) (nullable): that device, if the list has it
 */
CauOmemoDevice *
cau_omemo_device_list_find (CauOmemoDeviceList *self,
                            guint32             device_id)
{
  g_return_val_if_fail (CAU_IS_OMEMO_DEVICE_LIST (self), NULL);

  for (guint i = 0; i < self->items->len; i++)
    if (cau_omemo_device_get_id (g_ptr_array_index (self->items, i)) == device_id)
      return g_ptr_array_index (self->items, i);
  return NULL;
}

/**
 * cau_omemo_device_list_dup_verification_uri:
 * @self: our own account's #CauOmemoDeviceList
 *
 * What others scan to verify us, as Conversations makes it: this device, and our other
 * devices we verified that are still published.
 *
 * Returns: (transfer full) (nullable): the xmpp: link, or NULL before this device has keys
 */
char *
cau_omemo_device_list_dup_verification_uri (CauOmemoDeviceList *self)
{
  g_autoptr(GArray) fingerprints = g_array_new (FALSE, FALSE, sizeof (CauOmemoFingerprint));

  g_return_val_if_fail (CAU_IS_OMEMO_DEVICE_LIST (self), NULL);

  if (self->this_device == NULL || cau_omemo_device_get_fingerprint (self->this_device) == NULL)
    return NULL;
  for (guint i = 0; i < self->items->len; i++)
    {
      CauOmemoDevice *device = g_ptr_array_index (self->items, i);
      CauOmemoFingerprint entry = {
        cau_omemo_device_get_id (device),
        (char *) cau_omemo_device_get_fingerprint (device),
      };

      if (entry.fingerprint == NULL ||
          (device != self->this_device &&
           (cau_omemo_device_get_trust (device) != CAU_OMEMO_TRUST_VERIFIED ||
            !cau_omemo_device_get_active (device))))
        continue;
      g_array_append_val (fingerprints, entry);
    }
  return cau_omemo_fingerprint_uri (self->jid,
                                    (const CauOmemoFingerprint *) (gpointer) fingerprints->data,
                                    fingerprints->len);
}

static gboolean
unknown_device (GError  **error,
                guint32   device_id)
{
  g_set_error (error, CAU_CORE_ERROR, CAU_CORE_ERROR_UNKNOWN_DEVICE,
               /* TRANSLATORS: %u is an OMEMO device number */
               _("There is no device %u of this address."), device_id);
  return FALSE;
}

static gboolean
store_failed (GError       **error,
              const GError  *cause)
{
  g_warning ("OMEMO trust not stored: %s", cause->message);
  g_set_error_literal (error, CAU_CORE_ERROR, CAU_CORE_ERROR_FAILED,
                       _("The decision could not be saved."));
  return FALSE;
}

/**
 * cau_omemo_device_list_set_trust:
 * @self: a #CauOmemoDeviceList
 * @device_id: one of its devices, not this installation's
 * @trust: the owner's decision
 * @error: return location for a #GError
 *
 * Returns: %TRUE once stored (the next message follows it)
 */
gboolean
cau_omemo_device_list_set_trust (CauOmemoDeviceList  *self,
                                 guint32              device_id,
                                 CauOmemoTrust        trust,
                                 GError             **error)
{
  CauOmemoDevice *device;
  g_autoptr(GError) local = NULL;

  g_return_val_if_fail (CAU_IS_OMEMO_DEVICE_LIST (self), FALSE);
  g_return_val_if_fail (trust <= CAU_OMEMO_TRUST_DISTRUSTED, FALSE);

  device = cau_omemo_device_list_find (self, device_id);
  if (device == NULL || device == self->this_device)
    return unknown_device (error, device_id);
  if (!cau_db_omemo_set_trust (cau_account_get_db (self->account),
                               cau_account_get_id (self->account), self->jid, device_id,
                               (CauDbOmemoTrust) trust, &local))
    return store_failed (error, local);
  announce_change (self);
  return TRUE;
}

/**
 * cau_omemo_device_list_verify:
 * @self: a #CauOmemoDeviceList
 * @fingerprints: (array length=n_fingerprints): devices and the fingerprints they must have
 *   (from a verification link); this installation's device is passed over
 * @n_fingerprints: how many
 * @error: return location for a #GError: %CAU_CORE_ERROR_UNKNOWN_DEVICE or
 *   %CAU_CORE_ERROR_FINGERPRINT_MISMATCH, translated
 *
 * Marks the devices VERIFIED, all of them or, when one does not match (or its key is not
 * known yet), none.
 *
 * Returns: %TRUE when they were marked
 */
gboolean
cau_omemo_device_list_verify (CauOmemoDeviceList         *self,
                              const CauOmemoFingerprint  *fingerprints,
                              guint                       n_fingerprints,
                              GError                    **error)
{
  CauDb *db;
  g_autoptr(GError) local = NULL;

  g_return_val_if_fail (CAU_IS_OMEMO_DEVICE_LIST (self), FALSE);
  g_return_val_if_fail (fingerprints != NULL || n_fingerprints == 0, FALSE);

  for (guint i = 0; i < n_fingerprints; i++)
    {
      CauOmemoDevice *device = cau_omemo_device_list_find (self, fingerprints[i].device_id);
      const char *known;

      if (device == NULL)
        return unknown_device (error, fingerprints[i].device_id);
      known = cau_omemo_device_get_fingerprint (device);
      if (known == NULL)
        {
          g_set_error (error, CAU_CORE_ERROR, CAU_CORE_ERROR_FINGERPRINT_MISMATCH,
                       /* TRANSLATORS: %u is an OMEMO device number */
                       _("The key of device %u is not known yet: it was not marked as "
                         "verified."), fingerprints[i].device_id);
          return FALSE;
        }
      if (!g_str_equal (known, fingerprints[i].fingerprint))
        {
          g_set_error (error, CAU_CORE_ERROR, CAU_CORE_ERROR_FINGERPRINT_MISMATCH,
                       /* TRANSLATORS: %u is an OMEMO device number */
                       _("The fingerprint of device %u does not match: nothing was marked as "
                         "verified."), fingerprints[i].device_id);
          return FALSE;
        }
    }

  db = cau_account_get_db (self->account);
  if (!cau_db_begin (db, &local))
    return store_failed (error, local);
  for (guint i = 0; i < n_fingerprints; i++)
    {
      if (cau_omemo_device_list_find (self, fingerprints[i].device_id) == self->this_device)
        continue;
      if (!cau_db_omemo_set_trust (db, cau_account_get_id (self->account), self->jid,
                                   fingerprints[i].device_id, CAU_DB_OMEMO_VERIFIED, &local))
        {
          cau_db_rollback (db);
          return store_failed (error, local);
        }
    }
  if (!cau_db_commit (db, &local))
    {
      cau_db_rollback (db);
      return store_failed (error, local);
    }
  announce_change (self);
  return TRUE;
}

/**
 * cau_omemo_device_list_verify_fingerprint:
 * @self: a #CauOmemoDeviceList
 * @text: a fingerprint as a person pasted it (grouped or not, any case)
 * @error: return location for a #GError: %CAU_CORE_ERROR_INVALID_FINGERPRINT or
 *   %CAU_CORE_ERROR_FINGERPRINT_MISMATCH, translated
 *
 * Returns: (transfer none) (nullable): the device with that fingerprint, now VERIFIED
 */
CauOmemoDevice *
cau_omemo_device_list_verify_fingerprint (CauOmemoDeviceList  *self,
                                          const char          *text,
                                          GError             **error)
{
  g_autofree char *fingerprint = NULL;

  g_return_val_if_fail (CAU_IS_OMEMO_DEVICE_LIST (self), NULL);
  g_return_val_if_fail (text != NULL, NULL);

  fingerprint = cau_omemo_fingerprint_normalize (text);
  if (fingerprint == NULL)
    {
      g_set_error_literal (error, CAU_CORE_ERROR, CAU_CORE_ERROR_INVALID_FINGERPRINT,
                           _("This is not a fingerprint: a fingerprint has 64 hexadecimal "
                             "digits."));
      return NULL;
    }
  for (guint i = 0; i < self->items->len; i++)
    {
      CauOmemoDevice *device = g_ptr_array_index (self->items, i);
      CauOmemoFingerprint entry = { cau_omemo_device_get_id (device), fingerprint };

      if (device == self->this_device ||
          g_strcmp0 (cau_omemo_device_get_fingerprint (device), fingerprint) != 0)
        continue;
      return cau_omemo_device_list_verify (self, &entry, 1, error) ? device : NULL;
    }
  g_set_error_literal (error, CAU_CORE_ERROR, CAU_CORE_ERROR_FINGERPRINT_MISMATCH,
                       _("No device of this address has this fingerprint: nothing was marked "
                         "as verified."));
  return NULL;
}

/**
 * cau_omemo_device_list_remove:
 * @self: our own account's #CauOmemoDeviceList
 * @device_id: a device of ours other than this installation's
 * @error: return location for a #GError (%CAU_CORE_ERROR_OFFLINE…)
 *
 * Asks the engine to publish our device list without @device_id: the devices of our
 * contacts stop encrypting to it. The list follows when the server confirms.
 *
 * Returns: %TRUE when asked
 */
gboolean
cau_omemo_device_list_remove (CauOmemoDeviceList  *self,
                              guint32              device_id,
                              GError             **error)
{
  CauOmemoDevice *device;

  g_return_val_if_fail (CAU_IS_OMEMO_DEVICE_LIST (self), FALSE);

  device = cau_omemo_device_list_find (self, device_id);
  if (!self->own || device == NULL || device == self->this_device)
    return unknown_device (error, device_id);
  if (cau_account_get_state (self->account) != CAU_ACCOUNT_STATE_ONLINE)
    {
      g_set_error_literal (error, CAU_CORE_ERROR, CAU_CORE_ERROR_OFFLINE,
                           _("The account must be connected to remove a device."));
      return FALSE;
    }
  cau_xmpp_client_omemo_remove_device (cau_account_get_client (self->account), device_id);
  return TRUE;
}
