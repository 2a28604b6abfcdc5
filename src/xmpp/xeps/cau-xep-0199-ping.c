/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-xeps.h"
#include "cau-xep-vcard.h"
#include "xmpp/cau-xmpp-utils.h"

/*
 * Requests addressed to us. A ping (XEP-0199) gets an empty result, a
 * disco#info query our features, a software version query (XEP-0092) our
 * name and version; anything else of type get or set gets
 * service-unavailable, as RFC 6120 §8.4 asks, so that no peer waits on us.
 */
void
cau_xmpp_handle_iq_request (xmpp_conn_t   *conn,
                            xmpp_stanza_t *iq,
                            const char    *caps_ver)
{
  const char *type = xmpp_stanza_get_type (iq);
  xmpp_stanza_t *reply;

  if (g_strcmp0 (type, "get") != 0 && g_strcmp0 (type, "set") != 0)
    return;
  if (xmpp_stanza_get_id (iq) == NULL)
    return;

  if (g_strcmp0 (type, "get") == 0 &&
      xmpp_stanza_get_child_by_name_and_ns (iq, "ping", CAU_NS_PING) != NULL)
    {
      reply = cau_xmpp_iq_result (iq);
    }
  else if (g_strcmp0 (type, "get") == 0 &&
           xmpp_stanza_get_child_by_name_and_ns (iq, "query", CAU_NS_DISCO_INFO) != NULL)
    {
      cau_xmpp_disco_answer_info (conn, iq, caps_ver);
      return;
    }
  else if (g_strcmp0 (type, "get") == 0 &&
           xmpp_stanza_get_child_by_name_and_ns (iq, "query", CAU_NS_VERSION) != NULL)
    {
      reply = cau_xmpp_build_version_answer (iq);
    }
  else
    {
      /* The server's own requests may have no `from`, for which
       * xmpp_stanza_reply_error() gives NULL. */
      reply = cau_xmpp_iq_error (iq, "cancel", "service-unavailable");
    }

  xmpp_send (conn, reply);
  xmpp_stanza_release (reply);
}
