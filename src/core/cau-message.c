/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-message.h"
#include "cau-time.h"
#include "cau-message-private.h"

struct _CauMessage
{
  GObject          parent_instance;

  gint64           id;
  gint64           conversation_id;
  gboolean         outgoing;
  char            *sender;
  char            *body;
  gint64           time_us;
  char            *xmpp_id;
  CauMessageState  state;
  char            *error_text;
};

G_DEFINE_FINAL_TYPE (CauMessage, cau_message, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATE,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

static CauMessageState
state_from_db (CauDbMessageState state)
{
  switch (state)
    {
    case CAU_DB_MESSAGE_PENDING:   return CAU_MESSAGE_PENDING;
    case CAU_DB_MESSAGE_SENT:      return CAU_MESSAGE_SENT;
    case CAU_DB_MESSAGE_DELIVERED: return CAU_MESSAGE_DELIVERED;
    case CAU_DB_MESSAGE_READ:      return CAU_MESSAGE_READ;
    case CAU_DB_MESSAGE_FAILED:    return CAU_MESSAGE_FAILED;
    case CAU_DB_MESSAGE_RECEIVED:
    default:                       return CAU_MESSAGE_RECEIVED;
    }
}

static void
cau_message_finalize (GObject *object)
{
  CauMessage *self = CAU_MESSAGE (object);

  g_free (self->sender);
  g_free (self->body);
  g_free (self->xmpp_id);
  g_free (self->error_text);
  G_OBJECT_CLASS (cau_message_parent_class)->finalize (object);
}

static void
cau_message_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  CauMessage *self = CAU_MESSAGE (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cau_message_class_init (CauMessageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cau_message_finalize;
  object_class->get_property = cau_message_get_property;

  props[PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL, 0, CAU_MESSAGE_RECEIVED, CAU_MESSAGE_RECEIVED,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);
}

static void
cau_message_init (CauMessage *self)
{
}

CauMessage *
cau_message_new_from_row (const CauDbMessage *row)
{
  CauMessage *self = g_object_new (CAU_TYPE_MESSAGE, NULL);

  self->id = row->id;
  self->conversation_id = row->conversation_id;
  self->outgoing = row->outgoing;
  self->sender = g_strdup (row->sender);
  self->body = g_strdup (row->body ? row->body : "");
  self->time_us = row->time_us;
  self->xmpp_id = g_strdup (row->xmpp_id);
  self->state = state_from_db (row->state);
  self->error_text = g_strdup (row->error_text);
  return self;
}

void
cau_message_update_from_row (CauMessage         *self,
                             const CauDbMessage *row)
{
  CauMessageState state = state_from_db (row->state);

  g_free (self->error_text);
  self->error_text = g_strdup (row->error_text);
  if (state != self->state)
    {
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), props[PROP_STATE]);
    }
}

const char *
cau_message_get_xmpp_id (CauMessage *self)
{
  return self->xmpp_id;
}

gint64
cau_message_get_id (CauMessage *self)
{
  g_return_val_if_fail (CAU_IS_MESSAGE (self), 0);
  return self->id;
}

gboolean
cau_message_get_outgoing (CauMessage *self)
{
  g_return_val_if_fail (CAU_IS_MESSAGE (self), FALSE);
  return self->outgoing;
}

const char *
cau_message_get_sender (CauMessage *self)
{
  g_return_val_if_fail (CAU_IS_MESSAGE (self), NULL);
  return self->sender;
}

const char *
cau_message_get_body (CauMessage *self)
{
  g_return_val_if_fail (CAU_IS_MESSAGE (self), NULL);
  return self->body;
}

gboolean
cau_message_is_action (CauMessage *self)
{
  g_return_val_if_fail (CAU_IS_MESSAGE (self), FALSE);
  return g_str_has_prefix (self->body, "/me ");
}

gint64
cau_message_get_time (CauMessage *self)
{
  g_return_val_if_fail (CAU_IS_MESSAGE (self), 0);
  return self->time_us;
}

GDateTime *
cau_message_dup_local_time (CauMessage *self)
{
  GDateTime *local;

  g_return_val_if_fail (CAU_IS_MESSAGE (self), NULL);
  local = cau_date_time_new_unix_local (self->time_us / G_USEC_PER_SEC);
  return local ? local : cau_date_time_new_now_local ();
}

CauMessageState
cau_message_get_state (CauMessage *self)
{
  g_return_val_if_fail (CAU_IS_MESSAGE (self), CAU_MESSAGE_RECEIVED);
  return self->state;
}

const char *
cau_message_get_error_text (CauMessage *self)
{
  g_return_val_if_fail (CAU_IS_MESSAGE (self), NULL);
  return self->error_text;
}
