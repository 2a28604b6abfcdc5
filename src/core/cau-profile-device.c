/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-profile-device-private.h"

#include <string.h>

struct _CauProfileDevice
{
  GObject   parent_instance;

  char     *jid;
  gboolean  loading;
  char     *software;
  char     *version;
  char     *os;
};

G_DEFINE_FINAL_TYPE (CauProfileDevice, cau_profile_device, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_JID,
  PROP_LOADING,
  PROP_SOFTWARE,
  PROP_VERSION,
  PROP_OS,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

static void
cau_profile_device_finalize (GObject *object)
{
  CauProfileDevice *self = CAU_PROFILE_DEVICE (object);

  g_free (self->jid);
  g_free (self->software);
  g_free (self->version);
  g_free (self->os);

  G_OBJECT_CLASS (cau_profile_device_parent_class)->finalize (object);
}

static void
cau_profile_device_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  CauProfileDevice *self = CAU_PROFILE_DEVICE (object);

  switch (prop_id)
    {
    case PROP_JID:
      g_value_set_string (value, self->jid);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    case PROP_SOFTWARE:
      g_value_set_string (value, self->software);
      break;
    case PROP_VERSION:
      g_value_set_string (value, self->version);
      break;
    case PROP_OS:
      g_value_set_string (value, self->os);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cau_profile_device_class_init (CauProfileDeviceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cau_profile_device_finalize;
  object_class->get_property = cau_profile_device_get_property;

  props[PROP_JID] =
    g_param_spec_string ("jid", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  props[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  props[PROP_SOFTWARE] =
    g_param_spec_string ("software", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  props[PROP_VERSION] =
    g_param_spec_string ("version", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  props[PROP_OS] =
    g_param_spec_string ("os", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);
}

static void
cau_profile_device_init (CauProfileDevice *self)
{
  self->loading = TRUE;
}

CauProfileDevice *
cau_profile_device_new (const char *full_jid)
{
  CauProfileDevice *self;

  g_return_val_if_fail (full_jid != NULL, NULL);

  self = g_object_new (CAU_TYPE_PROFILE_DEVICE, NULL);
  self->jid = g_strdup (full_jid);
  return self;
}

static void
set_field (CauProfileDevice *self,
           char            **field,
           const char       *value,
           guint             prop)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), props[prop]);
}

/* What the device said; all NULL when it said nothing. Ends loading. */
void
cau_profile_device_set_software (CauProfileDevice *self,
                                 const char       *software,
                                 const char       *version,
                                 const char       *os)
{
  g_return_if_fail (CAU_IS_PROFILE_DEVICE (self));

  g_object_freeze_notify (G_OBJECT (self));
  set_field (self, &self->software, software, PROP_SOFTWARE);
  set_field (self, &self->version, version, PROP_VERSION);
  set_field (self, &self->os, os, PROP_OS);
  if (self->loading)
    {
      self->loading = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), props[PROP_LOADING]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

const char *
cau_profile_device_get_jid (CauProfileDevice *self)
{
  g_return_val_if_fail (CAU_IS_PROFILE_DEVICE (self), NULL);
  return self->jid;
}

const char *
cau_profile_device_get_resource (CauProfileDevice *self)
{
  const char *slash;

  g_return_val_if_fail (CAU_IS_PROFILE_DEVICE (self), NULL);
  slash = strchr (self->jid, '/');
  return slash ? slash + 1 : self->jid;
}

gboolean
cau_profile_device_get_loading (CauProfileDevice *self)
{
  g_return_val_if_fail (CAU_IS_PROFILE_DEVICE (self), FALSE);
  return self->loading;
}

const char *
cau_profile_device_get_software (CauProfileDevice *self)
{
  g_return_val_if_fail (CAU_IS_PROFILE_DEVICE (self), NULL);
  return self->software;
}

const char *
cau_profile_device_get_version (CauProfileDevice *self)
{
  g_return_val_if_fail (CAU_IS_PROFILE_DEVICE (self), NULL);
  return self->version;
}

const char *
cau_profile_device_get_os (CauProfileDevice *self)
{
  g_return_val_if_fail (CAU_IS_PROFILE_DEVICE (self), NULL);
  return self->os;
}
