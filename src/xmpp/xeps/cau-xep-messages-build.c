/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-xep-messages.h"
#include "cau-xep-stanza-private.h"
#include "xmpp/cau-xmpp-utils.h"

/* Outgoing message stanzas and the iqs that set up carbons and MAM. */

/* A chat-type message to `to` with a fresh id: receipts, markers and chat
 * states use the type of the conversation, so carbons copy them too. */
static xmpp_stanza_t *
new_chat_message (xmpp_ctx_t *ctx,
                  const char *to,
                  const char *id)
{
  g_autofree char *own_id = NULL;

  if (id == NULL)
    id = own_id = cau_xmpp_new_id ();
  return xmpp_message_new (ctx, "chat", to, id);
}

/**
 * cau_xmpp_build_chat:
 * @ctx: the context
 * @to: the recipient
 * @body: the text
 * @id: (nullable): the id and origin-id; %NULL makes one
 * @request_receipt: whether to ask for a XEP-0184 receipt
 *
 * Returns: (transfer full): the message stanza
 */
xmpp_stanza_t *
cau_xmpp_build_chat (xmpp_ctx_t *ctx,
                     const char *to,
                     const char *body,
                     const char *id,
                     gboolean    request_receipt)
{
  xmpp_stanza_t *message;
  xmpp_stanza_t *origin;

  g_return_val_if_fail (ctx != NULL, NULL);
  g_return_val_if_fail (to != NULL, NULL);
  g_return_val_if_fail (body != NULL, NULL);

  message = new_chat_message (ctx, to, id);
  cau_xmpp_add_text_child (message, "body", body);
  origin = cau_xep_add_element (message, "origin-id", CAU_NS_SID);
  xmpp_stanza_set_attribute (origin, "id", xmpp_stanza_get_id (message));
  cau_xep_add_element (message, "markable", CAU_NS_MARKERS);
  cau_xep_add_element (message, "store", CAU_NS_HINTS);
  if (request_receipt)
    cau_xep_add_element (message, "request", CAU_NS_RECEIPTS);
  cau_xep_add_element (message, "active", CAU_NS_CHATSTATES);
  return message;
}

/**
 * cau_xmpp_add_correction:
 * @message: a message of ours, chat or groupchat
 * @replaces: the id of the message it corrects
 *
 * XEP-0308: @message's body replaces that of the message @replaces, which was ours too.
 */
void
cau_xmpp_add_correction (xmpp_stanza_t *message,
                         const char    *replaces)
{
  xmpp_stanza_t *replace;

  g_return_if_fail (message != NULL && replaces != NULL);

  replace = cau_xep_add_element (message, "replace", CAU_NS_CORRECT);
  xmpp_stanza_set_attribute (replace, "id", replaces);
}

/**
 * cau_xmpp_build_receipt:
 * @ctx: the context
 * @to: the sender of the message acknowledged
 * @received_id: the id of that message
 *
 * Returns: (transfer full): a XEP-0184 receipt
 */
xmpp_stanza_t *
cau_xmpp_build_receipt (xmpp_ctx_t *ctx,
                        const char *to,
                        const char *received_id)
{
  xmpp_stanza_t *message;
  xmpp_stanza_t *received;

  g_return_val_if_fail (ctx != NULL, NULL);
  g_return_val_if_fail (to != NULL, NULL);
  g_return_val_if_fail (received_id != NULL, NULL);

  message = new_chat_message (ctx, to, NULL);
  received = cau_xep_add_element (message, "received", CAU_NS_RECEIPTS);
  xmpp_stanza_set_attribute (received, "id", received_id);
  cau_xep_add_element (message, "store", CAU_NS_HINTS);
  return message;
}

/**
 * cau_xmpp_build_displayed:
 * @ctx: the context
 * @to: the sender of the message read
 * @displayed_id: the id of that message
 *
 * Returns: (transfer full): a XEP-0333 displayed marker
 */
xmpp_stanza_t *
cau_xmpp_build_displayed (xmpp_ctx_t *ctx,
                          const char *to,
                          const char *displayed_id)
{
  xmpp_stanza_t *message;
  xmpp_stanza_t *displayed;

  g_return_val_if_fail (ctx != NULL, NULL);
  g_return_val_if_fail (to != NULL, NULL);
  g_return_val_if_fail (displayed_id != NULL, NULL);

  message = new_chat_message (ctx, to, NULL);
  displayed = cau_xep_add_element (message, "displayed", CAU_NS_MARKERS);
  xmpp_stanza_set_attribute (displayed, "id", displayed_id);
  cau_xep_add_element (message, "store", CAU_NS_HINTS);
  return message;
}

/**
 * cau_xmpp_build_chat_state:
 * @ctx: the context
 * @to: the contact
 * @state: the state, not %CAU_XMPP_CHAT_STATE_NONE
 *
 * Returns: (transfer full): a standalone XEP-0085 notification, not to be
 *   archived (XEP-0334 <no-store/>)
 */
xmpp_stanza_t *
cau_xmpp_build_chat_state (xmpp_ctx_t       *ctx,
                           const char       *to,
                           CauXmppChatState  state)
{
  const char *name = cau_xmpp_chat_state_to_string (state);
  xmpp_stanza_t *message;

  g_return_val_if_fail (ctx != NULL, NULL);
  g_return_val_if_fail (to != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  message = new_chat_message (ctx, to, NULL);
  cau_xep_add_element (message, name, CAU_NS_CHATSTATES);
  cau_xep_add_element (message, "no-store", CAU_NS_HINTS);
  return message;
}

/**
 * cau_xmpp_build_carbons_enable:
 * @ctx: the context
 * @iq_id: the iq's id
 *
 * Returns: (transfer full): the XEP-0280 enable request
 */
xmpp_stanza_t *
cau_xmpp_build_carbons_enable (xmpp_ctx_t *ctx,
                               const char *iq_id)
{
  xmpp_stanza_t *iq;

  g_return_val_if_fail (ctx != NULL, NULL);
  g_return_val_if_fail (iq_id != NULL, NULL);

  iq = xmpp_iq_new (ctx, "set", iq_id);
  cau_xep_add_element (iq, "enable", CAU_NS_CARBONS);
  return iq;
}

/**
 * cau_xmpp_build_mam_query:
 * @ctx: the context
 * @iq_id: the iq's id
 * @query_id: the queryid results will carry
 * @with: (nullable): only messages with this JID
 * @after: (nullable): page forward from this archive id
 * @before: (nullable): page back from this archive id, "" from the newest
 * @max: the page size
 *
 * Returns: (transfer full): the XEP-0313 query on our own archive
 */
xmpp_stanza_t *
cau_xmpp_build_mam_query (xmpp_ctx_t *ctx,
                          const char *iq_id,
                          const char *query_id,
                          const char *with,
                          const char *after,
                          const char *before,
                          guint       max)
{
  g_autofree char *max_text = NULL;
  xmpp_stanza_t *iq, *query, *form, *set;

  g_return_val_if_fail (ctx != NULL, NULL);
  g_return_val_if_fail (iq_id != NULL, NULL);
  g_return_val_if_fail (query_id != NULL, NULL);
  g_return_val_if_fail (after == NULL || before == NULL, NULL);

  iq = xmpp_iq_new (ctx, "set", iq_id);
  query = cau_xep_add_element (iq, "query", CAU_NS_MAM);
  xmpp_stanza_set_attribute (query, "queryid", query_id);

  form = cau_xep_add_element (query, "x", CAU_NS_DATA_FORMS);
  xmpp_stanza_set_attribute (form, "type", "submit");
  cau_xep_add_form_field (form, "FORM_TYPE", "hidden", CAU_NS_MAM);
  if (with != NULL)
    cau_xep_add_form_field (form, "with", NULL, with);

  set = cau_xep_add_element (query, "set", CAU_NS_RSM);
  max_text = g_strdup_printf ("%u", max);
  cau_xmpp_add_text_child (set, "max", max_text);
  if (after != NULL)
    cau_xmpp_add_text_child (set, "after", after);
  else if (before != NULL && *before == '\0')
    cau_xep_add_element (set, "before", NULL);
  else if (before != NULL)
    cau_xmpp_add_text_child (set, "before", before);
  return iq;
}
