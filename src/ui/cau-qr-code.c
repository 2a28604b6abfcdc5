/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-qr-code.h"

#include <errno.h>
#include <qrencode.h>

/* ISO/IEC 18004 asks for four light modules around the symbol. */
#define QUIET_ZONE 4
/* Pixels per module: the least that phones read well, and the natural size; the least size
 * is capped so that a long link still fits a 360 px wide window. */
#define MIN_MODULE_PX     4
#define NATURAL_MODULE_PX 5
#define MAX_MIN_PX        280

struct _CauQrCode
{
  GtkWidget  parent_instance;

  char      *text;
  guint      size;     /* modules per side, quiet zone included */
  GBytes    *modules;  /* size × size bytes, 1 for a dark module */
};

G_DEFINE_FINAL_TYPE (CauQrCode, cau_qr_code, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TEXT,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

static void
cau_qr_code_measure (GtkWidget      *widget,
                     GtkOrientation  orientation,
                     int             for_size,
                     int            *minimum,
                     int            *natural,
                     int            *minimum_baseline,
                     int            *natural_baseline)
{
  CauQrCode *self = CAU_QR_CODE (widget);

  *minimum = MIN ((int) (self->size * MIN_MODULE_PX), MAX_MIN_PX);
  *natural = MAX (*minimum, (int) (self->size * NATURAL_MODULE_PX));
}

static void
cau_qr_code_snapshot (GtkWidget   *widget,
                      GtkSnapshot *snapshot)
{
  CauQrCode *self = CAU_QR_CODE (widget);
  const GdkRGBA light = { 1, 1, 1, 1 };
  const GdkRGBA dark = { 0, 0, 0, 1 };
  const guint8 *data;
  int side, module, x0, y0;

  if (self->size == 0)
    return;
  side = MIN (gtk_widget_get_width (widget), gtk_widget_get_height (widget));
  module = MAX (1, side / (int) self->size);
  side = module * (int) self->size;
  x0 = (gtk_widget_get_width (widget) - side) / 2;
  y0 = (gtk_widget_get_height (widget) - side) / 2;
  data = g_bytes_get_data (self->modules, NULL);

  gtk_snapshot_append_color (snapshot, &light, &GRAPHENE_RECT_INIT (x0, y0, side, side));
  /* One rectangle per run of dark modules on a line, not one per module. */
  for (guint y = 0; y < self->size; y++)
    for (guint x = 0; x < self->size;)
      {
        guint end = x;

        while (end < self->size && data[y * self->size + end])
          end++;
        if (end > x)
          {
            gtk_snapshot_append_color (snapshot, &dark,
                                       &GRAPHENE_RECT_INIT (x0 + (int) x * module,
                                                            y0 + (int) y * module,
                                                            (int) (end - x) * module, module));
            x = end;
          }
        else
          x++;
      }
}

static void
cau_qr_code_finalize (GObject *object)
{
  CauQrCode *self = CAU_QR_CODE (object);

  g_free (self->text);
  g_clear_pointer (&self->modules, g_bytes_unref);

  G_OBJECT_CLASS (cau_qr_code_parent_class)->finalize (object);
}

static void
cau_qr_code_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  CauQrCode *self = CAU_QR_CODE (object);

  switch (prop_id)
    {
    case PROP_TEXT:
      g_value_set_string (value, self->text);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cau_qr_code_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  CauQrCode *self = CAU_QR_CODE (object);

  switch (prop_id)
    {
    case PROP_TEXT:
      cau_qr_code_set_text (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cau_qr_code_class_init (CauQrCodeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = cau_qr_code_finalize;
  object_class->get_property = cau_qr_code_get_property;
  object_class->set_property = cau_qr_code_set_property;
  widget_class->measure = cau_qr_code_measure;
  widget_class->snapshot = cau_qr_code_snapshot;

  props[PROP_TEXT] = g_param_spec_string ("text", NULL, NULL, NULL,
                                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                                          G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);

  gtk_widget_class_set_css_name (widget_class, "qrcode");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
cau_qr_code_init (CauQrCode *self)
{
}

GtkWidget *
cau_qr_code_new (void)
{
  return g_object_new (CAU_TYPE_QR_CODE, NULL);
}

const char *
cau_qr_code_get_text (CauQrCode *self)
{
  g_return_val_if_fail (CAU_IS_QR_CODE (self), NULL);
  return self->text;
}

guint
cau_qr_code_get_size (CauQrCode *self)
{
  g_return_val_if_fail (CAU_IS_QR_CODE (self), 0);
  return self->size;
}

gboolean
cau_qr_code_get_dark (CauQrCode *self,
                      guint      x,
                      guint      y)
{
  g_return_val_if_fail (CAU_IS_QR_CODE (self), FALSE);

  if (x >= self->size || y >= self->size)
    return FALSE;
  return ((const guint8 *) g_bytes_get_data (self->modules, NULL))[y * self->size + x] != 0;
}

/* The symbol with its quiet zone; NULL if the text cannot be encoded (too long). */
static GBytes *
encode (const char *text,
        guint      *size)
{
  QRcode *code = QRcode_encodeString8bit (text, 0, QR_ECLEVEL_M);
  guint8 *modules;
  guint width;

  if (code == NULL)
    return NULL;
  width = (guint) code->width;
  *size = width + 2 * QUIET_ZONE;
  modules = g_malloc0 ((gsize) *size * *size);
  for (guint y = 0; y < width; y++)
    for (guint x = 0; x < width; x++)
      /* Bit 0 of each libqrencode byte is the module's colour; the others say its role. */
      modules[(y + QUIET_ZONE) * *size + x + QUIET_ZONE] = code->data[y * width + x] & 1;
  QRcode_free (code);
  return g_bytes_new_take (modules, (gsize) *size * *size);
}

void
cau_qr_code_set_text (CauQrCode  *self,
                      const char *text)
{
  g_return_if_fail (CAU_IS_QR_CODE (self));

  if (g_strcmp0 (self->text, text) == 0)
    return;
  g_free (self->text);
  self->text = g_strdup (text);
  g_clear_pointer (&self->modules, g_bytes_unref);
  self->size = 0;
  if (text != NULL && *text != '\0')
    {
      self->modules = encode (text, &self->size);
      if (self->modules == NULL)
        {
          g_warning ("A QR code could not be made: %s", g_strerror (errno));
          self->size = 0;
        }
    }
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_TEXT]);
}
