/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

#include "cau-application.h"

G_BEGIN_DECLS

struct _CauApplication
{
  AdwApplication     parent_instance;

  GSettings         *settings;
  CauAccountManager *manager;
  GError            *manager_error;
  GCancellable      *cancellable;
  /* Conversation id → CauConversation with a notification out. */
  GHashTable        *notified;

  /* Jids already reported online, when benchmarking. */
  GHashTable        *bench_online;
  int                exit_status;
  guint              bench_window_seen : 1;
};

/* cau-application-actions.c */
void cau_application_install_actions      (CauApplication          *self);

/* cau-application-cmdline.c */
void cau_application_add_option_entries   (CauApplication          *self);
int  cau_application_check_local_options  (CauApplication          *self,
                                           GVariantDict            *options);
gboolean cau_application_run_command      (CauApplication          *self,
                                           GApplicationCommandLine *command_line,
                                           int                     *status);

/* cau-application-notifications.c */
void cau_application_watch_messages       (CauApplication          *self);
void cau_application_unwatch_messages     (CauApplication          *self);
/* (transfer none): the conversation of the list with this id, or NULL. */
CauConversation *cau_application_find_conversation (CauApplication *self,
                                                    gint64          id);

/* cau-application.c */
char    *cau_application_get_data_dir         (void);
gboolean cau_application_use_keyring          (void);
void cau_application_finish_command       (CauApplication          *self,
                                           GApplicationCommandLine *command_line,
                                           int                      status);

G_END_DECLS
