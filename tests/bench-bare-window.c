/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */

/* The references for memory figures, at the size of our window:
 *   bench-bare-window             an empty libadwaita window, nothing in it
 *                                 (it draws no text at all);
 *   bench-bare-window --template  what GNOME Builder's libadwaita template
 *                                 shows: a header bar with the window's title
 *                                 and a "Hello, World!" label;
 *   bench-stack-window            the template window, and beside it the
 *                                 libraries the brief fixes, each doing the
 *                                 least a client of ours needs of it
 *                                 (bench-stack.c): the floor of our memory. */

#include <adwaita.h>

#ifdef CAU_BENCH_STACK
#include "bench-stack.h"
#endif

static void
after_paint_cb (GdkFrameClock *clock,
                gpointer       user_data)
{
  g_printerr ("CAU-BENCH window-mapped %" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
  g_signal_handlers_disconnect_by_func (clock, after_paint_cb, user_data);
}

static void
map_cb (GtkWidget *window)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);

  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), NULL);
}

static gboolean with_template;

static GtkWidget *
template_content (void)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *label = gtk_label_new ("Hello, World!");

  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), adw_window_title_new ("Bare Window", NULL));
  gtk_box_append (GTK_BOX (box), header);
  gtk_widget_set_vexpand (label, TRUE);
  gtk_box_append (GTK_BOX (box), label);
  return box;
}

static void
activate_cb (GApplication *app)
{
  GtkWidget *window = adw_application_window_new (GTK_APPLICATION (app));

  if (with_template)
    adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), template_content ());

  gtk_window_set_default_size (GTK_WINDOW (window), 960, 720);
  g_signal_connect (window, "map", G_CALLBACK (map_cb), NULL);
  gtk_window_present (GTK_WINDOW (window));
#ifdef CAU_BENCH_STACK
  cau_bench_stack_start ();
#endif
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(AdwApplication) app = adw_application_new ("im.causerie.BareWindow",
                                                       G_APPLICATION_NON_UNIQUE);

  with_template = argc > 1 && g_strcmp0 (argv[1], "--template") == 0;
#ifdef CAU_BENCH_STACK
  with_template = TRUE;
  cau_bench_stack_prepare ();
#endif
  g_signal_connect (app, "activate", G_CALLBACK (activate_cb), NULL);
  return g_application_run (G_APPLICATION (app), 1, argv);
}
