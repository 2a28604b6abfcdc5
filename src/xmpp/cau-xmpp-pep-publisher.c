/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-xmpp-pep-publisher.h"
#include "cau-xmpp-utils.h"

#define NS_PUBSUB_ERRORS "http://jabber.org/protocol/pubsub#errors"

typedef struct {
  xmpp_stanza_t *iq;        /* a copy, to send again */
  gboolean       retried;
} Publication;

struct _CauXmppPepPublisher
{
  char                    *what;
  CauXmppPepConfigureFunc  configure;
  xmpp_conn_t             *conn;
  GHashTable              *publications;   /* iq id → Publication, until answered */
};

static void send_publication (CauXmppPepPublisher *self, xmpp_stanza_t *iq, gboolean retried);

static void
publication_free (gpointer data)
{
  Publication *publication = data;

  xmpp_stanza_release (publication->iq);
  g_free (publication);
}

static gboolean
precondition_not_met (xmpp_stanza_t *stanza)
{
  xmpp_stanza_t *error = xmpp_stanza_get_child_by_name (stanza, "error");

  return error != NULL &&
         xmpp_stanza_get_child_by_name_and_ns (error, "precondition-not-met",
                                               NS_PUBSUB_ERRORS) != NULL;
}

static Publication *
take_publication (CauXmppPepPublisher *self,
                  xmpp_stanza_t       *answer)
{
  g_autofree char *key = NULL;
  Publication *publication = NULL;

  if (!g_hash_table_steal_extended (self->publications, xmpp_stanza_get_id (answer),
                                    (gpointer *) &key, (gpointer *) &publication))
    return NULL;
  return publication;
}

static int
configure_cb (xmpp_conn_t   *conn,
              xmpp_stanza_t *stanza,
              void          *userdata)
{
  CauXmppPepPublisher *self = userdata;
  Publication *publication = take_publication (self, stanza);

  if (publication == NULL)
    return 0;
  if (g_strcmp0 (xmpp_stanza_get_type (stanza), "result") == 0 && self->conn != NULL)
    {
      xmpp_stanza_t *again = xmpp_stanza_copy (publication->iq);
      g_autofree char *id = cau_xmpp_new_id ();

      xmpp_stanza_set_id (again, id);
      send_publication (self, again, TRUE);
    }
  else
    {
      g_message ("%s: one of our nodes could not be given the options it needs", self->what);
    }
  publication_free (publication);
  return 0;
}

static int
publish_cb (xmpp_conn_t   *conn,
            xmpp_stanza_t *stanza,
            void          *userdata)
{
  CauXmppPepPublisher *self = userdata;
  Publication *publication = take_publication (self, stanza);
  gboolean refused;

  if (publication == NULL)
    return 0;
  refused = g_strcmp0 (xmpp_stanza_get_type (stanza), "result") != 0;
  if (refused && !publication->retried && precondition_not_met (stanza) && self->conn != NULL)
    {
      g_autofree char *id = cau_xmpp_new_id ();
      xmpp_stanza_t *iq = self->configure (xmpp_conn_get_context (conn), id, publication->iq);

      if (iq != NULL)
        {
          g_debug ("%s: our node has other options; configuring it", self->what);
          g_hash_table_insert (self->publications, g_strdup (id), publication);
          xmpp_id_handler_add (conn, configure_cb, id, self);
          xmpp_send (conn, iq);
          xmpp_stanza_release (iq);
          return 0;
        }
    }
  if (refused)
    {
      g_autofree char *condition = cau_xmpp_stanza_error_condition (stanza, NULL);

      g_message ("%s: our server refused a publication (%s)", self->what,
                 condition != NULL ? condition : "no reason");
    }
  publication_free (publication);
  return 0;
}

static void
send_publication (CauXmppPepPublisher *self,
                  xmpp_stanza_t       *iq,
                  gboolean             retried)
{
  Publication *publication = g_new0 (Publication, 1);

  publication->iq = xmpp_stanza_copy (iq);
  publication->retried = retried;
  g_hash_table_insert (self->publications, g_strdup (xmpp_stanza_get_id (iq)), publication);
  xmpp_id_handler_add (self->conn, publish_cb, xmpp_stanza_get_id (iq), self);
  xmpp_send (self->conn, iq);
  xmpp_stanza_release (iq);
}

void
cau_xmpp_pep_publisher_publish (CauXmppPepPublisher *self,
                                xmpp_stanza_t       *iq)
{
  if (self->conn == NULL)
    {
      xmpp_stanza_release (iq);
      return;
    }
  send_publication (self, iq, FALSE);
}

void
cau_xmpp_pep_publisher_set_conn (CauXmppPepPublisher *self,
                                 xmpp_conn_t         *conn)
{
  self->conn = conn;
}

void
cau_xmpp_pep_publisher_forget (CauXmppPepPublisher *self)
{
  g_hash_table_remove_all (self->publications);
}

CauXmppPepPublisher *
cau_xmpp_pep_publisher_new (const char              *what,
                            CauXmppPepConfigureFunc  configure)
{
  CauXmppPepPublisher *self = g_new0 (CauXmppPepPublisher, 1);

  self->what = g_strdup (what);
  self->configure = configure;
  self->publications = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                              publication_free);
  return self;
}

void
cau_xmpp_pep_publisher_free (CauXmppPepPublisher *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->publications);
  g_free (self->what);
  g_free (self);
}
