/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-xmpp-answer.h"
#include "cau-xmpp-client.h"

struct _CauXmppAnswer
{
  GMainContext   *context;
  GTask          *task;          /* the caller's thread only */
  gpointer        data;
  GDestroyNotify  data_free;
  gpointer        result;
  GDestroyNotify  result_free;
  GError         *error;
};

CauXmppAnswer *
cau_xmpp_answer_new (gpointer             source,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data,
                     gpointer             source_tag,
                     gpointer             data,
                     GDestroyNotify       data_free)
{
  CauXmppAnswer *self = g_new0 (CauXmppAnswer, 1);

  self->context = g_main_context_ref_thread_default ();
  self->task = g_task_new (source, cancellable, callback, user_data);
  g_task_set_source_tag (self->task, source_tag);
  self->data = data;
  self->data_free = data_free;
  return self;
}

gpointer
cau_xmpp_answer_get_data (CauXmppAnswer *self)
{
  return self->data;
}

static void
answer_free (gpointer data)
{
  CauXmppAnswer *self = data;

  if (self->result != NULL && self->result_free != NULL)
    self->result_free (self->result);
  if (self->data != NULL && self->data_free != NULL)
    self->data_free (self->data);
  g_clear_error (&self->error);
  g_clear_object (&self->task);
  g_main_context_unref (self->context);
  g_free (self);
}

static gboolean
answer_dispatch (gpointer data)
{
  CauXmppAnswer *self = data;

  if (self->error != NULL)
    g_task_return_error (self->task, g_steal_pointer (&self->error));
  else if (self->result == NULL && self->result_free == NULL)
    g_task_return_boolean (self->task, TRUE);
  else
    g_task_return_pointer (self->task, g_steal_pointer (&self->result), self->result_free);
  return G_SOURCE_REMOVE;
}

static void
post (CauXmppAnswer *self)
{
  g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT, answer_dispatch, self,
                              answer_free);
}

void
cau_xmpp_answer_return (CauXmppAnswer  *self,
                        gpointer        result,
                        GDestroyNotify  result_free)
{
  self->result = result;
  self->result_free = result_free;
  post (self);
}

void
cau_xmpp_answer_return_error (CauXmppAnswer *self,
                              GError        *error)
{
  self->error = error;
  post (self);
}

/* The command: the answer goes to the engine, or back with an error when the stream was gone
 * before the command ran. */
typedef struct {
  CauXmppAnswerFunc  func;
  CauXmppAnswer     *answer;
} Command;

static void
command_free (gpointer data)
{
  Command *command = data;

  if (command->answer != NULL)
    cau_xmpp_answer_return_error (command->answer,
                                  g_error_new_literal (CAU_XMPP_ERROR,
                                                       CAU_XMPP_ERROR_CONNECTION_LOST, "closed"));
  g_free (command);
}

static void
command_run (CauXmppChat *chat,
             gpointer     data)
{
  Command *command = data;

  command->func (chat, g_steal_pointer (&command->answer));
}

void
cau_xmpp_client_run_answer (CauXmppClient     *client,
                            CauXmppAnswerFunc  func,
                            CauXmppAnswer     *answer)
{
  Command *command = g_new0 (Command, 1);

  command->func = func;
  command->answer = answer;
  cau_xmpp_client_run_on_chat (client, command_run, command, command_free);
}
