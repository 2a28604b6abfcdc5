/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "ui/cau-message-text.h"
#include "ui/cau-ui-utils.h"

#include <string.h>

/*
 * The message body widget: its sizes are laid out once per text, font and
 * width, whatever GTK asks again; what it selects and copies. And how long
 * bodies are shortened. Needs a display (GTK).
 */

static char *
paragraphs (guint n_words)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < n_words; i++)
    g_string_append (text, i % 15 == 14 ? "paragraph\n" : "word ");
  return g_string_free (text, FALSE);
}

static int
height_for (GtkWidget *widget,
            int        width)
{
  int height = 0;

  gtk_widget_measure (widget, GTK_ORIENTATION_VERTICAL, width, &height, NULL, NULL, NULL);
  return height;
}

static int
natural_width (GtkWidget *widget)
{
  int natural = 0;

  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL, NULL);
  return natural;
}

static void
test_measure_cache (void)
{
  CauMessageText *text = g_object_ref_sink (cau_message_text_new ());
  GtkWidget *widget = GTK_WIDGET (text);
  g_autofree char *body = paragraphs (300);
  int natural, height;
  guint count;

  cau_message_text_set_max_width_chars (text, 60);
  cau_message_text_set_text (text, body, NULL, NULL);

  /* The natural width: one layout, at the widest (60 characters), which
   * also gives the height there. */
  natural = natural_width (widget);
  g_assert_cmpint (natural, >, 0);
  g_assert_cmpuint (cau_message_text_get_layout_count (text), ==, 1);
  height = height_for (widget, natural);
  g_assert_cmpuint (cau_message_text_get_layout_count (text), ==, 1);

  /* Wider is as wide as natural (it is aligned to a side). */
  gtk_widget_queue_resize (widget);
  g_assert_cmpint (height_for (widget, natural + 500), ==, height);
  g_assert_cmpuint (cau_message_text_get_layout_count (text), ==, 1);

  /* A height at a narrower width: one more, then kept, even after GTK
   * forgot its own sizes. */
  g_assert_cmpint (height_for (widget, 200), >, height);
  height = height_for (widget, 200);
  g_assert_cmpuint (cau_message_text_get_layout_count (text), ==, 2);
  gtk_widget_queue_resize (widget);
  g_assert_cmpint (height_for (widget, 200), ==, height);
  g_assert_cmpint (natural_width (widget), ==, natural);
  g_assert_cmpuint (cau_message_text_get_layout_count (text), ==, 2);

  /* Allocated: laid out at that width once. */
  gtk_widget_allocate (widget, natural, height, -1, NULL);
  g_assert_cmpuint (cau_message_text_get_layout_count (text), ==, 3);
  gtk_widget_allocate (widget, natural, height, -1, NULL);
  g_assert_cmpuint (cau_message_text_get_layout_count (text), ==, 3);
  count = 3;

  /* The same text bound again changes nothing; another text is measured. */
  count = cau_message_text_get_layout_count (text);
  cau_message_text_set_text (text, body, NULL, NULL);
  g_assert_cmpint (height_for (widget, 200), ==, height);
  g_assert_cmpuint (cau_message_text_get_layout_count (text), ==, count);
  cau_message_text_set_text (text, "ok", NULL, NULL);
  g_assert_cmpint (natural_width (widget), <, natural);
  g_assert_cmpint (height_for (widget, 200), <, height);
  /* Short: its unwrapped layout answers every width. */
  g_assert_cmpuint (cau_message_text_get_layout_count (text), ==, count + 1);

  g_assert_finalize_object (text);
}

static void
spin (void)
{
  for (guint i = 0; i < 50; i++)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (2000);
    }
}

/* A style change (a bigger font) reaches the widget's pango context: its
 * sizes are measured again. */
static void
test_font_change (void)
{
  GtkWidget *window = gtk_window_new ();
  CauMessageText *text = cau_message_text_new ();
  GtkWidget *widget = GTK_WIDGET (text);
  g_autofree char *body = paragraphs (300);
  g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();
  int natural, height;

  gtk_css_provider_load_from_data (provider, ".big { font-size: 40px; }", -1);
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  cau_message_text_set_max_width_chars (text, 60);
  cau_message_text_set_text (text, body, NULL, NULL);
  gtk_window_set_child (GTK_WINDOW (window), widget);
  gtk_window_present (GTK_WINDOW (window));
  spin ();
  natural = natural_width (widget);
  height = height_for (widget, 200);

  gtk_widget_add_css_class (widget, "big");
  spin ();
  g_assert_cmpint (natural_width (widget), >, natural);
  g_assert_cmpint (height_for (widget, 200), >, height);

  gtk_style_context_remove_provider_for_display (gdk_display_get_default (),
                                                 GTK_STYLE_PROVIDER (provider));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The meta line (time, state icon) below the text: as wide as it needs
 * at least, and its own height below the text's. */
static void
test_meta (void)
{
  CauMessageText *text = g_object_ref_sink (cau_message_text_new ());
  GtkWidget *widget = GTK_WIDGET (text);
  int natural, height, min_width;

  cau_message_text_set_text (text, "ok", NULL, NULL);
  natural = natural_width (widget);
  height = height_for (widget, 500);

  cau_message_text_set_meta (text, "12:34", "object-select-symbolic");
  g_assert_cmpint (natural_width (widget), >, natural);
  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL, NULL);
  g_assert_cmpint (min_width, ==, natural_width (widget));
  g_assert_cmpint (height_for (widget, 500), >, height);
  /* The text itself is laid out as before. */
  g_assert_cmpuint (cau_message_text_get_layout_count (text), ==, 1);

  cau_message_text_set_meta (text, NULL, NULL);
  g_assert_cmpint (natural_width (widget), ==, natural);
  g_assert_cmpint (height_for (widget, 500), ==, height);

  g_assert_finalize_object (text);
}

static void
test_selection (void)
{
  CauMessageText *text = g_object_ref_sink (cau_message_text_new ());
  char *selected;

  cau_message_text_set_text (text, "Hello wörld…", NULL, "Hello wörld and all the rest");
  g_assert_null (cau_message_text_dup_selection (text));

  cau_message_text_select (text, 6, 12);
  selected = cau_message_text_dup_selection (text);
  g_assert_cmpstr (selected, ==, "wörld");
  g_free (selected);
  /* Backwards is the same. */
  cau_message_text_select (text, 12, 6);
  selected = cau_message_text_dup_selection (text);
  g_assert_cmpstr (selected, ==, "wörld");
  g_free (selected);

  /* All of a shortened text copies the whole of it. */
  gtk_widget_activate_action (GTK_WIDGET (text), "text.select-all", NULL);
  selected = cau_message_text_dup_selection (text);
  g_assert_cmpstr (selected, ==, "Hello wörld and all the rest");
  g_free (selected);

  /* A new text drops the selection. */
  cau_message_text_set_text (text, "Other", NULL, NULL);
  g_assert_null (cau_message_text_dup_selection (text));
  g_assert_cmpstr (cau_message_text_get_copy_text (text), ==, "Other");

  g_assert_finalize_object (text);
}

static void
test_shorten (void)
{
  g_autofree char *long_words = paragraphs (300);
  g_autoptr(GString) lines = g_string_new (NULL);
  g_autoptr(GString) url = g_string_new ("see https://example.org/");
  char *cut;

  g_assert_null (cau_text_shorten (NULL, 10, 2));
  g_assert_null (cau_text_shorten ("short", 10, 2));
  g_assert_null (cau_text_shorten ("one\ntwo", 10, 2));
  g_assert_null (cau_text_shorten ("exactly10!", 10, 2));

  /* By characters, at a word's end. */
  cut = cau_text_shorten (long_words, 500, 100);
  g_assert_nonnull (cut);
  g_assert_true (g_str_has_suffix (cut, "…"));
  g_assert_cmpuint (g_utf8_strlen (cut, -1), <=, 501);
  g_assert_cmpuint (g_utf8_strlen (cut, -1), >, 480);
  g_assert_true (strncmp (cut, long_words, strlen (cut) - strlen ("…")) == 0);
  g_assert_false (g_str_has_suffix (cut, " …"));
  g_assert_true (g_str_has_suffix (cut, "word…") || g_str_has_suffix (cut, "paragraph…"));
  g_free (cut);

  /* By lines. */
  for (guint i = 0; i < 20; i++)
    g_string_append_printf (lines, "line %u\n", i);
  cut = cau_text_shorten (lines->str, 500, 12);
  g_assert_cmpstr (cut, ==, "line 0\nline 1\nline 2\nline 3\nline 4\nline 5\nline 6\nline 7\n"
                            "line 8\nline 9\nline 10\nline 11…");
  g_free (cut);

  /* A word longer than the margin is cut inside. */
  for (guint i = 0; i < 100; i++)
    g_string_append (url, "abcdef");
  cut = cau_text_shorten (url->str, 100, 12);
  g_assert_cmpuint (g_utf8_strlen (cut, -1), ==, 101);
  g_free (cut);
}

int
main (int   argc,
      char *argv[])
{
  if (g_getenv ("DISPLAY") == NULL)
    {
      g_print ("1..0 # SKIP no DISPLAY: run under scripts/with-session.sh\n");
      return 0;
    }

  g_setenv ("GDK_BACKEND", "x11", TRUE);
  gtk_init ();
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cau/message-text/measure-cache", test_measure_cache);
  g_test_add_func ("/cau/message-text/font-change", test_font_change);
  g_test_add_func ("/cau/message-text/meta", test_meta);
  g_test_add_func ("/cau/message-text/selection", test_selection);
  g_test_add_func ("/cau/message-text/shorten", test_shorten);
  return g_test_run ();
}
