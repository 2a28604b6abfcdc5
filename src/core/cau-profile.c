/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-profile.h"
#include "cau-core-private.h"
#include "cau-profile-device-private.h"
#include "xmpp/cau-xmpp-profile.h"

#include <glib/gi18n-lib.h>

/* Devices asked what they run, at most, per profile: a contact can claim
 * any number of resources, and each question is a stanza of ours. */
#define MAX_SOFTWARE_REQUESTS 16

struct _CauProfile
{
  GObject          parent_instance;

  CauContact      *contact;
  GCancellable    *cancellable;
  CauProfileState  state;
  char            *error_message;
  CauXmppVcard    *vcard;
  GListStore      *devices;   /* CauProfileDevice */
  guint            software_requests;
};

G_DEFINE_FINAL_TYPE (CauProfile, cau_profile, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATE,
  PROP_DEVICES,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

static const char * const no_entries[] = { NULL };

static CauXmppClient *
online_client (CauProfile *self)
{
  CauAccount *account = cau_contact_get_account (self->contact);

  if (account == NULL || cau_account_get_state (account) != CAU_ACCOUNT_STATE_ONLINE)
    return NULL;
  return cau_account_get_client (account);
}

static void
set_state (CauProfile      *self,
           CauProfileState  state,
           const char      *error_message)
{
  g_free (self->error_message);
  self->error_message = g_strdup (error_message);
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_STATE]);
}

static const char *
describe_error (const GError *error)
{
  if (g_error_matches (error, CAU_XMPP_ERROR, CAU_XMPP_ERROR_TIMED_OUT))
    return _("The contact’s server did not answer in time.");
  if (g_error_matches (error, CAU_XMPP_ERROR, CAU_XMPP_ERROR_CONNECTION_LOST))
    return _("This account is not connected.");
  return _("The profile could not be loaded.");
}

static void
vcard_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  CauProfile *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CauXmppVcard) vcard = NULL;

  vcard = cau_xmpp_client_fetch_vcard_finish (CAU_XMPP_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (vcard == NULL)
    {
      g_debug ("Profile not loaded: %s", error->message);
      set_state (self, CAU_PROFILE_STATE_FAILED, describe_error (error));
      return;
    }

  cau_xmpp_vcard_free (self->vcard);
  self->vcard = g_steal_pointer (&vcard);
  set_state (self, cau_xmpp_vcard_is_empty (self->vcard) ? CAU_PROFILE_STATE_EMPTY
                                                         : CAU_PROFILE_STATE_LOADED, NULL);
}

static void
software_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(CauProfileDevice) device = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CauXmppSoftware) software = NULL;

  software = cau_xmpp_client_fetch_software_finish (CAU_XMPP_CLIENT (source), result, &error);
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      if (software != NULL)
        cau_profile_device_set_software (device, software->name, software->version,
                                         software->os);
      else
        cau_profile_device_set_software (device, NULL, NULL, NULL);
    }
}

static gboolean
find_device (CauProfile *self,
             const char *jid,
             guint      *position)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->devices));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CauProfileDevice) device = g_list_model_get_item (G_LIST_MODEL (self->devices), i);

      if (g_str_equal (cau_profile_device_get_jid (device), jid))
        {
          *position = i;
          return TRUE;
        }
    }
  return FALSE;
}

/* Follows the contact's online devices: a new one is asked what it runs. */
static void
sync_devices (CauProfile *self)
{
  const char * const *resources = cau_contact_get_resources (self->contact);
  CauXmppClient *client = online_client (self);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->devices));

  for (guint i = n; i > 0; i--)
    {
      g_autoptr(CauProfileDevice) device = g_list_model_get_item (G_LIST_MODEL (self->devices),
                                                                  i - 1);

      if (resources == NULL ||
          !g_strv_contains (resources, cau_profile_device_get_jid (device)))
        g_list_store_remove (self->devices, i - 1);
    }

  for (guint i = 0; resources != NULL && resources[i] != NULL; i++)
    {
      g_autoptr(CauProfileDevice) device = NULL;
      guint position;

      if (find_device (self, resources[i], &position))
        continue;

      device = cau_profile_device_new (resources[i]);
      /* The device is the callback's: it outlives the profile if need be. */
      if (client != NULL && self->software_requests < MAX_SOFTWARE_REQUESTS)
        {
          self->software_requests++;
          cau_xmpp_client_fetch_software (client, resources[i], self->cancellable,
                                          software_cb, g_object_ref (device));
        }
      else
        {
          cau_profile_device_set_software (device, NULL, NULL, NULL);
        }
      g_list_store_insert (self->devices,
                           MIN (i, g_list_model_get_n_items (G_LIST_MODEL (self->devices))),
                           device);
    }
}

static void
resources_changed_cb (CauProfile *self)
{
  sync_devices (self);
}

static void
start_fetch (CauProfile *self)
{
  CauXmppClient *client = online_client (self);

  if (client == NULL)
    {
      set_state (self, CAU_PROFILE_STATE_FAILED, _("This account is not connected."));
      return;
    }
  if (self->state != CAU_PROFILE_STATE_LOADING)
    set_state (self, CAU_PROFILE_STATE_LOADING, NULL);
  /* The callback holds no reference: disposing cancels it first. */
  cau_xmpp_client_fetch_vcard (client, cau_contact_get_jid (self->contact), self->cancellable,
                               vcard_cb, self);
}

/* Opened while offline, or the link dropped meanwhile: asked again once
 * the account is back. */
static void
account_state_cb (CauProfile *self)
{
  if (self->state == CAU_PROFILE_STATE_FAILED && online_client (self) != NULL)
    start_fetch (self);
}

static void
cau_profile_dispose (GObject *object)
{
  CauProfile *self = CAU_PROFILE (object);

  g_cancellable_cancel (self->cancellable);
  if (self->contact != NULL)
    g_signal_handlers_disconnect_by_func (self->contact, resources_changed_cb, self);
  g_clear_object (&self->contact);

  G_OBJECT_CLASS (cau_profile_parent_class)->dispose (object);
}

static void
cau_profile_finalize (GObject *object)
{
  CauProfile *self = CAU_PROFILE (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->devices);
  cau_xmpp_vcard_free (self->vcard);
  g_free (self->error_message);

  G_OBJECT_CLASS (cau_profile_parent_class)->finalize (object);
}

static void
cau_profile_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  CauProfile *self = CAU_PROFILE (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;
    case PROP_DEVICES:
      g_value_set_object (value, self->devices);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cau_profile_class_init (CauProfileClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cau_profile_dispose;
  object_class->finalize = cau_profile_finalize;
  object_class->get_property = cau_profile_get_property;

  props[PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL,
                      CAU_PROFILE_STATE_LOADING, CAU_PROFILE_STATE_FAILED,
                      CAU_PROFILE_STATE_LOADING,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  props[PROP_DEVICES] =
    g_param_spec_object ("devices", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);
}

static void
cau_profile_init (CauProfile *self)
{
  self->cancellable = g_cancellable_new ();
  self->devices = g_list_store_new (CAU_TYPE_PROFILE_DEVICE);
}

/**
 * cau_profile_new:
 * @contact: a contact
 *
 * Starts asking for @contact's profile; #CauProfile:state tells when it
 * arrived (or why not).
 *
 * Returns: (transfer full): the profile, loading
 */
CauProfile *
cau_profile_new (CauContact *contact)
{
  CauProfile *self;

  g_return_val_if_fail (CAU_IS_CONTACT (contact), NULL);

  self = g_object_new (CAU_TYPE_PROFILE, NULL);
  self->contact = g_object_ref (contact);
  g_signal_connect_object (contact, "notify::resources", G_CALLBACK (resources_changed_cb),
                           self, G_CONNECT_SWAPPED);

  if (cau_contact_get_account (contact) != NULL)
    g_signal_connect_object (cau_contact_get_account (contact), "notify::state",
                             G_CALLBACK (account_state_cb), self, G_CONNECT_SWAPPED);
  start_fetch (self);
  sync_devices (self);
  return self;
}

CauContact *
cau_profile_get_contact (CauProfile *self)
{
  g_return_val_if_fail (CAU_IS_PROFILE (self), NULL);
  return self->contact;
}

CauProfileState
cau_profile_get_state (CauProfile *self)
{
  g_return_val_if_fail (CAU_IS_PROFILE (self), CAU_PROFILE_STATE_FAILED);
  return self->state;
}

const char *
cau_profile_get_error_message (CauProfile *self)
{
  g_return_val_if_fail (CAU_IS_PROFILE (self), NULL);
  return self->error_message;
}

#define VCARD_FIELD(name, field)                                  \
  const char *                                                    \
  cau_profile_get_##name (CauProfile *self)                       \
  {                                                               \
    g_return_val_if_fail (CAU_IS_PROFILE (self), NULL);           \
    return self->vcard ? self->vcard->field : NULL;               \
  }

VCARD_FIELD (full_name, full_name)
VCARD_FIELD (nickname, nickname)
VCARD_FIELD (organisation, organisation)
VCARD_FIELD (locality, locality)
VCARD_FIELD (country, country)
VCARD_FIELD (birthday, birthday)
VCARD_FIELD (note, note)

#define VCARD_LIST(name)                                          \
  const char * const *                                            \
  cau_profile_get_##name (CauProfile *self)                       \
  {                                                               \
    g_return_val_if_fail (CAU_IS_PROFILE (self), no_entries);     \
    return self->vcard && self->vcard->name                       \
      ? (const char * const *) self->vcard->name : no_entries;    \
  }

VCARD_LIST (emails)
VCARD_LIST (phones)
VCARD_LIST (urls)

GListModel *
cau_profile_get_devices (CauProfile *self)
{
  g_return_val_if_fail (CAU_IS_PROFILE (self), NULL);
  return G_LIST_MODEL (self->devices);
}
