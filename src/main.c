/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "core/cau-account-manager.h"
#include "ui/cau-application.h"

#include <glib/gi18n.h>
#include <locale.h>

int
main (int   argc,
      char *argv[])
{
  g_autoptr(CauApplication) app = NULL;
  int status;

  /* Before any thread: SIGPIPE ignored, TLS trust read lazily. */
  cau_core_prepare_process ();

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = cau_application_new ();
  status = g_application_run (G_APPLICATION (app), argc, argv);

  /* A command finished after g_application_run() took its status. */
  return status != 0 ? status : cau_application_get_exit_status (app);
}
