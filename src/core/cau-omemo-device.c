/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-omemo-device-private.h"
#include "cau-omemo-fingerprint.h"

struct _CauOmemoDevice
{
  GObject        parent_instance;

  guint32        id;
  char          *fingerprint;
  char          *fingerprint_text;
  char          *label;
  CauOmemoTrust  trust;
  gboolean       active;
  gboolean       this_device;
  gint64         last_seen;
};

G_DEFINE_FINAL_TYPE (CauOmemoDevice, cau_omemo_device, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_FINGERPRINT,
  PROP_FINGERPRINT_TEXT,
  PROP_LABEL,
  PROP_TRUST,
  PROP_ACTIVE,
  PROP_THIS_DEVICE,
  PROP_LAST_SEEN,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

GType
cau_omemo_trust_get_type (void)
{
  static gsize type;
  static const GEnumValue values[] = {
    { CAU_OMEMO_TRUST_UNDECIDED, "CAU_OMEMO_TRUST_UNDECIDED", "undecided" },
    { CAU_OMEMO_TRUST_TRUSTED, "CAU_OMEMO_TRUST_TRUSTED", "trusted" },
    { CAU_OMEMO_TRUST_VERIFIED, "CAU_OMEMO_TRUST_VERIFIED", "verified" },
    { CAU_OMEMO_TRUST_DISTRUSTED, "CAU_OMEMO_TRUST_DISTRUSTED", "distrusted" },
    { 0, NULL, NULL },
  };

  if (g_once_init_enter (&type))
    g_once_init_leave (&type, g_enum_register_static ("CauOmemoTrust", values));
  return type;
}

static void
cau_omemo_device_finalize (GObject *object)
{
  CauOmemoDevice *self = CAU_OMEMO_DEVICE (object);

  g_free (self->fingerprint);
  g_free (self->fingerprint_text);
  g_free (self->label);

  G_OBJECT_CLASS (cau_omemo_device_parent_class)->finalize (object);
}

static void
cau_omemo_device_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  CauOmemoDevice *self = CAU_OMEMO_DEVICE (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_uint (value, self->id);
      break;
    case PROP_FINGERPRINT:
      g_value_set_string (value, self->fingerprint);
      break;
    case PROP_FINGERPRINT_TEXT:
      g_value_set_string (value, self->fingerprint_text);
      break;
    case PROP_LABEL:
      g_value_set_string (value, self->label);
      break;
    case PROP_TRUST:
      g_value_set_enum (value, self->trust);
      break;
    case PROP_ACTIVE:
      g_value_set_boolean (value, self->active);
      break;
    case PROP_THIS_DEVICE:
      g_value_set_boolean (value, self->this_device);
      break;
    case PROP_LAST_SEEN:
      g_value_set_int64 (value, self->last_seen);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cau_omemo_device_class_init (CauOmemoDeviceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = cau_omemo_device_finalize;
  object_class->get_property = cau_omemo_device_get_property;

  props[PROP_ID] = g_param_spec_uint ("id", NULL, NULL, 0, G_MAXUINT32, 0, ro);
  props[PROP_FINGERPRINT] = g_param_spec_string ("fingerprint", NULL, NULL, NULL, ro);
  props[PROP_FINGERPRINT_TEXT] = g_param_spec_string ("fingerprint-text", NULL, NULL, NULL, ro);
  props[PROP_LABEL] = g_param_spec_string ("label", NULL, NULL, NULL, ro);
  props[PROP_TRUST] = g_param_spec_enum ("trust", NULL, NULL, CAU_TYPE_OMEMO_TRUST,
                                         CAU_OMEMO_TRUST_UNDECIDED, ro);
  props[PROP_ACTIVE] = g_param_spec_boolean ("active", NULL, NULL, FALSE, ro);
  props[PROP_THIS_DEVICE] = g_param_spec_boolean ("this-device", NULL, NULL, FALSE, ro);
  props[PROP_LAST_SEEN] = g_param_spec_int64 ("last-seen", NULL, NULL, 0, G_MAXINT64, 0, ro);
  g_object_class_install_properties (object_class, N_PROPS, props);
}

static void
cau_omemo_device_init (CauOmemoDevice *self)
{
}

CauOmemoDevice *
cau_omemo_device_new (guint32 device_id)
{
  CauOmemoDevice *self = g_object_new (CAU_TYPE_OMEMO_DEVICE, NULL);

  self->id = device_id;
  return self;
}

static void
set_string (CauOmemoDevice  *self,
            char           **field,
            const char      *value,
            GParamSpec      *pspec)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), pspec);
}

static void
set_boolean (CauOmemoDevice *self,
             gboolean       *field,
             gboolean        value,
             GParamSpec     *pspec)
{
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), pspec);
}

void
cau_omemo_device_update (CauOmemoDevice         *self,
                         const CauDbOmemoDevice *row,
                         gboolean                this_device)
{
  g_autofree char *fingerprint = NULL;
  g_autofree char *text = NULL;

  g_return_if_fail (CAU_IS_OMEMO_DEVICE (self));
  g_return_if_fail (row->device_id == self->id);

  fingerprint = cau_omemo_fingerprint_from_key (row->identity_key);
  text = fingerprint != NULL ? cau_omemo_fingerprint_format (fingerprint) : NULL;

  g_object_freeze_notify (G_OBJECT (self));
  set_string (self, &self->fingerprint, fingerprint, props[PROP_FINGERPRINT]);
  set_string (self, &self->fingerprint_text, text, props[PROP_FINGERPRINT_TEXT]);
  set_string (self, &self->label, row->label, props[PROP_LABEL]);
  if (self->trust != (CauOmemoTrust) row->trust)
    {
      self->trust = (CauOmemoTrust) row->trust;
      g_object_notify_by_pspec (G_OBJECT (self), props[PROP_TRUST]);
    }
  set_boolean (self, &self->active, row->in_legacy_list || row->in_omemo2_list,
               props[PROP_ACTIVE]);
  set_boolean (self, &self->this_device, this_device, props[PROP_THIS_DEVICE]);
  if (self->last_seen != row->last_seen)
    {
      self->last_seen = row->last_seen;
      g_object_notify_by_pspec (G_OBJECT (self), props[PROP_LAST_SEEN]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

guint32
cau_omemo_device_get_id (CauOmemoDevice *self)
{
  g_return_val_if_fail (CAU_IS_OMEMO_DEVICE (self), 0);
  return self->id;
}

const char *
cau_omemo_device_get_fingerprint (CauOmemoDevice *self)
{
  g_return_val_if_fail (CAU_IS_OMEMO_DEVICE (self), NULL);
  return self->fingerprint;
}

const char *
cau_omemo_device_get_fingerprint_text (CauOmemoDevice *self)
{
  g_return_val_if_fail (CAU_IS_OMEMO_DEVICE (self), NULL);
  return self->fingerprint_text;
}

const char *
cau_omemo_device_get_label (CauOmemoDevice *self)
{
  g_return_val_if_fail (CAU_IS_OMEMO_DEVICE (self), NULL);
  return self->label;
}

CauOmemoTrust
cau_omemo_device_get_trust (CauOmemoDevice *self)
{
  g_return_val_if_fail (CAU_IS_OMEMO_DEVICE (self), CAU_OMEMO_TRUST_UNDECIDED);
  return self->trust;
}

gboolean
cau_omemo_device_get_active (CauOmemoDevice *self)
{
  g_return_val_if_fail (CAU_IS_OMEMO_DEVICE (self), FALSE);
  return self->active;
}

gboolean
cau_omemo_device_get_this_device (CauOmemoDevice *self)
{
  g_return_val_if_fail (CAU_IS_OMEMO_DEVICE (self), FALSE);
  return self->this_device;
}

gint64
cau_omemo_device_get_last_seen (CauOmemoDevice *self)
{
  g_return_val_if_fail (CAU_IS_OMEMO_DEVICE (self), 0);
  return self->last_seen;
}
