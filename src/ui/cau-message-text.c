/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-message-text.h"

#include <string.h>

/*
 * A message body: wrapped plain text, selectable and copyable, that is
 * cheap to measure. A GtkLabel (GTK 4.8) lays its text out several times
 * per measure, one of them at width 0, where pango shapes the rest of a
 * paragraph again for each of its one-character lines; a long history
 * spent most of its time there (NOTES.md, "Long histories"). This widget
 * lays its text out once, at its widest (max-width-chars): that gives its
 * natural width and the height there, and when nothing wrapped, the
 * text's own size, which answers every wider width too. A narrower width
 * costs one more layout, and its height is kept per width until the text,
 * the font or the direction change. Its minimum width is a few
 * characters: word-char wrapping can break anywhere.
 *
 * It also draws a message's "meta" line below the text, at its end: the
 * time and a state icon. As widgets of their own (a box, a label, an
 * image) they were measured again and again with each row, as GTK
 * measures every widget, and a history's rows cost a third more.
 */

/* Minimum width, in approximate characters. */
#define MIN_WIDTH_CHARS 4
/* Heights kept for so many widths (a row is measured at the list's
 * width and allocated at its own). */
#define N_HEIGHTS 4
/* The meta line, in pixels; drawn faint, in a smaller font. */
#define META_SPACING 2
#define ICON_SIZE    12
#define ICON_SPACING 4
#define META_OPACITY 0.7

typedef struct
{
  int width;   /* pango units; 0: unused */
  int height;
} Height;

struct _CauMessageText
{
  GtkWidget      parent_instance;

  char          *text;
  char          *copy_text;
  PangoAttrList *attrs;
  int            max_width_chars;

  PangoLayout   *layout;
  guint          context_serial;
  int            layout_width;     /* set on the layout, pango units; -1: unwrapped */
  int            natural_width;    /* pango units; -1: unknown */
  /* The text's size when nothing wraps, pango units; G_MAXINT: wider
   * than natural_width. */
  int            unwrapped_width;
  int            unwrapped_height;
  /* The layout, at its width, is drawn as an unwrapped one would be (no
   * line moved off the left by its alignment). */
  gboolean       layout_as_unwrapped;
  int            char_width;       /* pango units; 0: unknown */
  Height         heights[N_HEIGHTS];
  guint          next_height;
  guint          layout_count;

  char          *meta_text;
  char          *icon_name;
  PangoLayout   *meta_layout;
  GtkIconPaintable *icon;
  int            meta_width;       /* pixels; -1: unknown */
  int            meta_height;

  int            selection_anchor; /* byte offsets into text */
  int            selection_end;
  double         drag_x, drag_y;
};

G_DEFINE_FINAL_TYPE (CauMessageText, cau_message_text, GTK_TYPE_WIDGET)

/* Layout. */

static void
forget_sizes (CauMessageText *self)
{
  self->natural_width = -1;
  self->unwrapped_width = G_MAXINT;
  self->unwrapped_height = 0;
  self->layout_as_unwrapped = FALSE;
  self->char_width = 0;
  memset (self->heights, 0, sizeof self->heights);
  self->next_height = 0;
}

/* The layout, up to date with the widget's font and direction: GTK
 * updates the widget's pango context on style and direction changes, and
 * the context's serial says so. */
static PangoLayout *
ensure_layout (CauMessageText *self)
{
  PangoContext *context = gtk_widget_get_pango_context (GTK_WIDGET (self));

  if (self->layout == NULL)
    {
      self->layout = pango_layout_new (context);
      pango_layout_set_wrap (self->layout, PANGO_WRAP_WORD_CHAR);
      pango_layout_set_text (self->layout, self->text ? self->text : "", -1);
      pango_layout_set_attributes (self->layout, self->attrs);
      self->layout_width = -1;
      forget_sizes (self);
    }
  else if (pango_context_get_serial (context) != self->context_serial)
    {
      pango_layout_context_changed (self->layout);
      if (self->meta_layout != NULL)
        pango_layout_context_changed (self->meta_layout);
      g_clear_object (&self->icon);
      forget_sizes (self);
    }
  self->context_serial = pango_context_get_serial (context);
  pango_layout_set_alignment (self->layout,
                              gtk_widget_get_direction (GTK_WIDGET (self)) == GTK_TEXT_DIR_RTL
                                ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
  return self->layout;
}

static void
set_layout_width (CauMessageText *self,
                  int             width)
{
  if (self->layout_width == width)
    return;
  pango_layout_set_width (self->layout, width);
  self->layout_width = width;
}

/* The approximate character width of a font, as GtkLabel's max-width-chars
 * uses it. Pango shapes a sample text for it, so the last answer is kept:
 * all bodies share one font. */
static int
char_width (CauMessageText *self)
{
  static PangoFontDescription *cached_font;
  static PangoLanguage *cached_language;
  static int cached_width;
  PangoContext *context;
  const PangoFontDescription *font;
  PangoLanguage *language;

  ensure_layout (self);
  if (self->char_width > 0)
    return self->char_width;

  context = gtk_widget_get_pango_context (GTK_WIDGET (self));
  font = pango_context_get_font_description (context);
  language = pango_context_get_language (context);
  if (cached_font == NULL || language != cached_language ||
      !pango_font_description_equal (font, cached_font))
    {
      PangoFontMetrics *metrics = pango_context_get_metrics (context, font, language);

      cached_width = MAX (pango_font_metrics_get_approximate_char_width (metrics),
                          pango_font_metrics_get_approximate_digit_width (metrics));
      pango_font_metrics_unref (metrics);
      g_clear_pointer (&cached_font, pango_font_description_free);
      cached_font = pango_font_description_copy (font);
      cached_language = language;
    }
  self->char_width = MAX (cached_width, 1);
  return self->char_width;
}

static void
remember_height (CauMessageText *self,
                 int             width,
                 int             height)
{
  self->heights[self->next_height].width = width;
  self->heights[self->next_height].height = height;
  self->next_height = (self->next_height + 1) % N_HEIGHTS;
}

static gboolean
lines_start_at_left (PangoLayout *layout)
{
  PangoLayoutIter *iter = pango_layout_get_iter (layout);
  gboolean left = TRUE;

  do
    {
      PangoRectangle logical;

      pango_layout_iter_get_line_extents (iter, NULL, &logical);
      left = logical.x == 0;
    }
  while (left && pango_layout_iter_next_line (iter));
  pango_layout_iter_free (iter);
  return left;
}

/* The first layout, at the widest the text may be, in whole pixels (as
 * it is allocated). */
static void
ensure_natural (CauMessageText *self)
{
  int widest = -1, width, height;

  ensure_layout (self);
  if (self->natural_width >= 0)
    return;

  if (self->max_width_chars > 0)
    widest = PANGO_PIXELS_CEIL (self->max_width_chars * char_width (self)) * PANGO_SCALE;
  set_layout_width (self, widest);
  self->layout_count++;
  pango_layout_get_size (self->layout, &width, &height);
  if (widest < 0 || !pango_layout_is_wrapped (self->layout))
    {
      self->natural_width = self->unwrapped_width = width;
      self->unwrapped_height = height;
      self->layout_as_unwrapped = widest < 0 || lines_start_at_left (self->layout);
    }
  else
    {
      self->natural_width = widest;
      self->unwrapped_width = G_MAXINT;
      remember_height (self, widest, height);
    }
}

/* Height at a width (pango units). */
static int
height_for_width (CauMessageText *self,
                  int             width)
{
  int height;

  ensure_natural (self);
  if (width >= self->unwrapped_width)
    return self->unwrapped_height;
  for (guint i = 0; i < N_HEIGHTS; i++)
    if (self->heights[i].width == width)
      return self->heights[i].height;

  set_layout_width (self, width);
  self->layout_count++;
  self->layout_as_unwrapped = FALSE;
  pango_layout_get_size (self->layout, NULL, &height);
  remember_height (self, width, height);
  return height;
}

/* Where the text is drawn: at the start side, the meta line at the end. */
static int
layout_x (CauMessageText *self)
{
  int text_width;

  if (gtk_widget_get_direction (GTK_WIDGET (self)) != GTK_TEXT_DIR_RTL)
    return 0;
  if (self->layout_width < 0 || self->layout_as_unwrapped)
    text_width = PANGO_PIXELS_CEIL (self->unwrapped_width);
  else
    text_width = PANGO_PIXELS_CEIL (self->layout_width);
  return gtk_widget_get_width (GTK_WIDGET (self)) - text_width;
}

/* The meta line's size, in pixels (0 × 0 without one). */
static void
ensure_meta (CauMessageText *self)
{
  int width = 0, height = 0;

  ensure_layout (self);
  if (self->meta_width >= 0)
    return;
  if (self->meta_text != NULL && *self->meta_text != '\0')
    {
      if (self->meta_layout == NULL)
        {
          PangoAttrList *attrs = pango_attr_list_new ();

          self->meta_layout = pango_layout_new (gtk_widget_get_pango_context (GTK_WIDGET (self)));
          pango_attr_list_insert (attrs, pango_attr_scale_new (PANGO_SCALE_SMALL));
          /* Times line up: tabular figures. */
          pango_attr_list_insert (attrs, pango_attr_font_features_new ("tnum=1"));
          pango_layout_set_attributes (self->meta_layout, attrs);
          pango_attr_list_unref (attrs);
        }
      pango_layout_set_text (self->meta_layout, self->meta_text, -1);
      pango_layout_get_pixel_size (self->meta_layout, &width, &height);
    }
  if (self->icon_name != NULL)
    {
      width += (width > 0 ? ICON_SPACING : 0) + ICON_SIZE;
      height = MAX (height, ICON_SIZE);
    }
  self->meta_width = width;
  self->meta_height = height;
}

static int
meta_extra_height (CauMessageText *self)
{
  ensure_meta (self);
  return self->meta_height > 0 ? META_SPACING + self->meta_height : 0;
}

/* The width the text is laid out at, in pixels, when the widget is this
 * wide: no wider than its natural width (the meta line may be wider). */
static int
text_width_for (CauMessageText *self,
                int             width)
{
  ensure_natural (self);
  return MIN (width, PANGO_PIXELS_CEIL (self->natural_width));
}

/* GtkWidget. */

static GtkSizeRequestMode
cau_message_text_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
cau_message_text_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  CauMessageText *self = CAU_MESSAGE_TEXT (widget);
  int nat;

  ensure_natural (self);
  nat = self->natural_width;

  ensure_meta (self);
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = MAX (PANGO_PIXELS_CEIL (MIN (nat, MIN_WIDTH_CHARS * char_width (self))),
                      self->meta_width);
      *natural = MAX (PANGO_PIXELS_CEIL (nat), self->meta_width);
    }
  else
    {
      /* Never wider than natural: aligned to a side, it gets no more. In
       * whole pixels, as it will be allocated. */
      int nat_px = PANGO_PIXELS_CEIL (nat);
      int width = (for_size < 0 ? nat_px : MIN (for_size, nat_px)) * PANGO_SCALE;

      *minimum = *natural = PANGO_PIXELS_CEIL (height_for_width (self, width)) +
                            meta_extra_height (self);
    }
}

static void
cau_message_text_size_allocate (GtkWidget *widget,
                                int        width,
                                int        height,
                                int        baseline)
{
  CauMessageText *self = CAU_MESSAGE_TEXT (widget);
  int layout_width;

  width = text_width_for (self, width);
  /* Wider than the text needs: the first layout serves if nothing in it
   * was moved by its alignment. Otherwise the width was measured (as this
   * one, in whole pixels), and the layout is laid out again only if it
   * was measured at another. */
  if (width * PANGO_SCALE >= self->unwrapped_width && self->layout_as_unwrapped)
    return;
  layout_width = width * PANGO_SCALE >= self->unwrapped_width ? -1 : width * PANGO_SCALE;
  if (layout_width != self->layout_width)
    {
      set_layout_width (self, layout_width);
      self->layout_count++;
      self->layout_as_unwrapped = layout_width < 0;
    }
}

static void
snapshot_meta (CauMessageText *self,
               GtkSnapshot    *snapshot)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean rtl = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL;
  int x, y, text_height = 0, text_x, icon_x;
  int meta_text_width = 0, meta_text_height = 0;
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  GtkStyleContext *style = gtk_widget_get_style_context (widget);
  G_GNUC_END_IGNORE_DEPRECATIONS

  ensure_meta (self);
  if (self->meta_height == 0)
    return;
  if (self->text != NULL && *self->text != '\0')
    pango_layout_get_pixel_size (self->layout, NULL, &text_height);
  x = rtl ? 0 : gtk_widget_get_width (widget) - self->meta_width;
  y = text_height + META_SPACING;
  if (self->meta_layout != NULL && self->meta_text != NULL && *self->meta_text != '\0')
    pango_layout_get_pixel_size (self->meta_layout, &meta_text_width, &meta_text_height);
  /* The icon at the end: after the time, or before it right to left. */
  text_x = rtl && self->icon_name != NULL ? x + ICON_SIZE + ICON_SPACING : x;
  icon_x = rtl ? x : x + self->meta_width - ICON_SIZE;

  gtk_snapshot_push_opacity (snapshot, META_OPACITY);
  if (meta_text_width > 0)
    {
      G_GNUC_BEGIN_IGNORE_DEPRECATIONS
      gtk_snapshot_render_layout (snapshot, style, text_x,
                                  y + (self->meta_height - meta_text_height) / 2,
                                  self->meta_layout);
      G_GNUC_END_IGNORE_DEPRECATIONS
    }
  if (self->icon_name != NULL)
    {
      GdkRGBA color;

      if (self->icon == NULL)
        self->icon = gtk_icon_theme_lookup_icon (gtk_icon_theme_get_for_display (gtk_widget_get_display (widget)),
                                                 self->icon_name, NULL, ICON_SIZE,
                                                 gtk_widget_get_scale_factor (widget),
                                                 gtk_widget_get_direction (widget), 0);
      G_GNUC_BEGIN_IGNORE_DEPRECATIONS
      gtk_style_context_get_color (style, &color);
      G_GNUC_END_IGNORE_DEPRECATIONS
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot,
                              &GRAPHENE_POINT_INIT (icon_x, y + (self->meta_height - ICON_SIZE) / 2));
      gtk_symbolic_paintable_snapshot_symbolic (GTK_SYMBOLIC_PAINTABLE (self->icon), snapshot,
                                                ICON_SIZE, ICON_SIZE, &color, 1);
      gtk_snapshot_restore (snapshot);
    }
  gtk_snapshot_pop (snapshot);
}

static void
cau_message_text_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  CauMessageText *self = CAU_MESSAGE_TEXT (widget);
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  GtkStyleContext *style = gtk_widget_get_style_context (widget);
  G_GNUC_END_IGNORE_DEPRECATIONS
  int x;

  ensure_layout (self);
  if (self->text == NULL || *self->text == '\0')
    {
      snapshot_meta (self, snapshot);
      return;
    }
  x = layout_x (self);

  if (self->selection_anchor != self->selection_end)
    {
      int range[2] = { MIN (self->selection_anchor, self->selection_end),
                       MAX (self->selection_anchor, self->selection_end) };
      cairo_region_t *region = gdk_pango_layout_get_clip_region (self->layout, x, 0, range, 1);
      GdkRGBA color;

      /* As the stylesheet has it for labels in bubbles: the text's own
       * colour, faint, so it reads on either side's bubble. */
      G_GNUC_BEGIN_IGNORE_DEPRECATIONS
      gtk_style_context_get_color (style, &color);
      G_GNUC_END_IGNORE_DEPRECATIONS
      color.alpha *= 0.2;
      for (int i = 0; i < cairo_region_num_rectangles (region); i++)
        {
          cairo_rectangle_int_t rect;

          cairo_region_get_rectangle (region, i, &rect);
          gtk_snapshot_append_color (snapshot, &color,
                                     &GRAPHENE_RECT_INIT (rect.x, rect.y, rect.width, rect.height));
        }
      cairo_region_destroy (region);
    }

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_snapshot_render_layout (snapshot, style, x, 0, self->layout);
  G_GNUC_END_IGNORE_DEPRECATIONS
  snapshot_meta (self, snapshot);
}

/* Selection. */

static int
index_at (CauMessageText *self,
          double          x,
          double          y)
{
  int index = 0, trailing = 0;

  if (self->text == NULL)
    return 0;
  ensure_layout (self);
  pango_layout_xy_to_index (self->layout, (x - layout_x (self)) * PANGO_SCALE, y * PANGO_SCALE,
                            &index, &trailing);
  while (trailing-- > 0 && self->text[index] != '\0')
    index = g_utf8_next_char (self->text + index) - self->text;
  return index;
}

static void
drag_begin_cb (GtkGestureDrag *gesture,
               double          x,
               double          y,
               CauMessageText *self)
{
  self->drag_x = x;
  self->drag_y = y;
  self->selection_anchor = self->selection_end = index_at (self, x, y);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
drag_update_cb (GtkGestureDrag *gesture,
                double          dx,
                double          dy,
                CauMessageText *self)
{
  int end = index_at (self, self->drag_x + dx, self->drag_y + dy);

  if (end == self->selection_end)
    return;
  /* A drag selects: the focus comes here, so that the keys copy. */
  if (gtk_widget_get_focusable (GTK_WIDGET (self)))
    gtk_widget_grab_focus (GTK_WIDGET (self));
  self->selection_end = end;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
copy_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  g_autofree char *text = cau_message_text_dup_selection (CAU_MESSAGE_TEXT (widget));

  if (text != NULL)
    gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), text);
}

static void
select_all_action_cb (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  CauMessageText *self = CAU_MESSAGE_TEXT (widget);

  cau_message_text_select (self, 0, self->text ? strlen (self->text) : 0);
}

/* Life cycle. */

static void
cau_message_text_finalize (GObject *object)
{
  CauMessageText *self = CAU_MESSAGE_TEXT (object);

  g_clear_object (&self->layout);
  g_clear_object (&self->meta_layout);
  g_clear_object (&self->icon);
  g_free (self->meta_text);
  g_free (self->icon_name);
  g_clear_pointer (&self->attrs, pango_attr_list_unref);
  g_free (self->text);
  g_free (self->copy_text);

  G_OBJECT_CLASS (cau_message_text_parent_class)->finalize (object);
}

static void
cau_message_text_class_init (CauMessageTextClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = cau_message_text_finalize;
  widget_class->get_request_mode = cau_message_text_get_request_mode;
  widget_class->measure = cau_message_text_measure;
  widget_class->size_allocate = cau_message_text_size_allocate;
  widget_class->snapshot = cau_message_text_snapshot;

  /* Styled as a label is. */
  gtk_widget_class_set_css_name (widget_class, "label");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_LABEL);

  gtk_widget_class_install_action (widget_class, "text.copy", NULL, copy_action_cb);
  gtk_widget_class_install_action (widget_class, "text.select-all", NULL, select_all_action_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK,
                                       "text.copy", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Insert, GDK_CONTROL_MASK,
                                       "text.copy", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_a, GDK_CONTROL_MASK,
                                       "text.select-all", NULL);
}

static void
cau_message_text_init (CauMessageText *self)
{
  GtkGesture *drag = gtk_gesture_drag_new ();

  self->max_width_chars = -1;
  self->layout_width = -1;
  forget_sizes (self);

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), GDK_BUTTON_PRIMARY);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (drag_update_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "text");
}

CauMessageText *
cau_message_text_new (void)
{
  return g_object_new (CAU_TYPE_MESSAGE_TEXT, NULL);
}

const char *
cau_message_text_get_text (CauMessageText *self)
{
  g_return_val_if_fail (CAU_IS_MESSAGE_TEXT (self), NULL);
  return self->text ? self->text : "";
}

const char *
cau_message_text_get_copy_text (CauMessageText *self)
{
  g_return_val_if_fail (CAU_IS_MESSAGE_TEXT (self), NULL);
  return self->copy_text ? self->copy_text : cau_message_text_get_text (self);
}

void
cau_message_text_set_text (CauMessageText *self,
                           const char     *text,
                           PangoAttrList  *attrs,
                           const char     *copy_text)
{
  gboolean same_text;

  g_return_if_fail (CAU_IS_MESSAGE_TEXT (self));

  if (text == NULL)
    text = "";
  if (g_strcmp0 (copy_text, text) == 0)
    copy_text = NULL;
  g_free (self->copy_text);
  self->copy_text = g_strdup (copy_text);

  /* Rows are bound again as older pages arrive: the same text keeps its
   * layout and sizes. */
  same_text = g_strcmp0 (self->text, text) == 0;
  if (same_text && self->attrs == NULL && attrs == NULL)
    return;
  if (!same_text)
    {
      g_free (self->text);
      self->text = g_strdup (text);
      self->selection_anchor = self->selection_end = 0;
      gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      text, -1);
    }
  g_clear_pointer (&self->attrs, pango_attr_list_unref);
  if (attrs != NULL)
    self->attrs = pango_attr_list_ref (attrs);

  if (self->layout != NULL)
    {
      pango_layout_set_text (self->layout, self->text, -1);
      pango_layout_set_attributes (self->layout, self->attrs);
      /* The layout is laid out again at its width when next used. */
      self->layout_width = pango_layout_get_width (self->layout);
      forget_sizes (self);
    }
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

void
cau_message_text_set_meta (CauMessageText *self,
                           const char     *meta_text,
                           const char     *icon_name)
{
  g_return_if_fail (CAU_IS_MESSAGE_TEXT (self));

  if (g_strcmp0 (self->meta_text, meta_text) == 0 && g_strcmp0 (self->icon_name, icon_name) == 0)
    return;
  if (g_strcmp0 (self->icon_name, icon_name) != 0)
    {
      g_free (self->icon_name);
      self->icon_name = g_strdup (icon_name);
      g_clear_object (&self->icon);
    }
  g_free (self->meta_text);
  self->meta_text = g_strdup (meta_text);
  self->meta_width = -1;
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

void
cau_message_text_set_max_width_chars (CauMessageText *self,
                                      int             n_chars)
{
  g_return_if_fail (CAU_IS_MESSAGE_TEXT (self));

  if (self->max_width_chars == n_chars)
    return;
  self->max_width_chars = n_chars;
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

void
cau_message_text_select (CauMessageText *self,
                         int             start,
                         int             end)
{
  int length;

  g_return_if_fail (CAU_IS_MESSAGE_TEXT (self));

  length = self->text ? strlen (self->text) : 0;
  self->selection_anchor = CLAMP (start, 0, length);
  self->selection_end = CLAMP (end, 0, length);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

char *
cau_message_text_dup_selection (CauMessageText *self)
{
  int start, end;

  g_return_val_if_fail (CAU_IS_MESSAGE_TEXT (self), NULL);

  start = MIN (self->selection_anchor, self->selection_end);
  end = MAX (self->selection_anchor, self->selection_end);
  if (start == end || self->text == NULL)
    return NULL;
  if (start == 0 && self->text[end] == '\0')
    return g_strdup (cau_message_text_get_copy_text (self));
  return g_strndup (self->text + start, end - start);
}

guint
cau_message_text_get_layout_count (CauMessageText *self)
{
  g_return_val_if_fail (CAU_IS_MESSAGE_TEXT (self), 0);
  return self->layout_count;
}
