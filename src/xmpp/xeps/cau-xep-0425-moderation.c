/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-xep-0425-moderation.h"
#include "cau-xep-0045-muc.h"
#include "cau-xep-stanza-private.h"
#include "xmpp/cau-jid.h"
#include "xmpp/cau-xmpp-utils.h"

#include <string.h>

/* Archive ids are short; anything longer is not one a room gave. */
#define MAX_ID 256

void
cau_xmpp_moderation_clear (CauXmppModeration *moderation)
{
  g_clear_pointer (&moderation->moderator, g_free);
  g_clear_pointer (&moderation->reason, g_free);
}

CauXmppModerationVersion
cau_xmpp_moderation_version_from_feature (const char *feature)
{
  if (g_strcmp0 (feature, CAU_NS_MODERATE_1) == 0)
    return CAU_XMPP_MODERATION_1;
  if (g_strcmp0 (feature, CAU_NS_MODERATE_0) == 0)
    return CAU_XMPP_MODERATION_0;
  return CAU_XMPP_MODERATION_NONE;
}

xmpp_stanza_t *
cau_xmpp_build_moderate_retract (xmpp_ctx_t               *ctx,
                                 const char               *iq_id,
                                 const char               *room,
                                 const char               *stanza_id,
                                 const char               *reason,
                                 CauXmppModerationVersion  version)
{
  xmpp_stanza_t *iq, *moderate;

  g_return_val_if_fail (ctx != NULL && iq_id != NULL && room != NULL && stanza_id != NULL, NULL);
  g_return_val_if_fail (version != CAU_XMPP_MODERATION_NONE, NULL);

  iq = xmpp_iq_new (ctx, "set", iq_id);
  xmpp_stanza_set_to (iq, room);
  if (version == CAU_XMPP_MODERATION_1)
    {
      moderate = cau_xep_add_element (iq, "moderate", CAU_NS_MODERATE_1);
      xmpp_stanza_set_attribute (moderate, "id", stanza_id);
      cau_xep_add_element (moderate, "retract", CAU_NS_RETRACT_1);
    }
  else
    {
      xmpp_stanza_t *apply_to = cau_xep_add_element (iq, "apply-to", CAU_NS_FASTEN);

      xmpp_stanza_set_attribute (apply_to, "id", stanza_id);
      moderate = cau_xep_add_element (apply_to, "moderate", CAU_NS_MODERATE_0);
      cau_xep_add_element (moderate, "retract", CAU_NS_RETRACT_0);
    }
  if (reason != NULL && *reason != '\0')
    cau_xmpp_add_text_child (moderate, "reason", reason);
  return iq;
}

/* The id an element names, when it could be an archive id. */
static char *
target_id (xmpp_stanza_t *element)
{
  const char *id = xmpp_stanza_get_attribute (element, "id");

  if (id == NULL || *id == '\0' || strlen (id) > MAX_ID)
    return NULL;
  return cau_xep_dup_valid (id);
}

/* Who and why, from the <moderated/> element and the element holding <reason/>. */
static void
read_moderation (xmpp_stanza_t     *moderated,
                 xmpp_stanza_t     *reason_parent,
                 const char        *room,
                 CauXmppModeration *moderation)
{
  const char *by = xmpp_stanza_get_attribute (moderated, "by");
  xmpp_stanza_t *reason = xmpp_stanza_get_child_by_name (reason_parent, "reason");

  cau_xmpp_moderation_clear (moderation);
  if (by != NULL)
    {
      g_autofree char *nick = NULL;
      g_autofree char *bare = cau_xmpp_jid_normalize_bare (by, &nick);

      /* A moderator is named by their nickname only; a real address (a room may give one)
       * says no more to the people reading the room. */
      if (bare != NULL && g_strcmp0 (bare, room) == 0 && nick != NULL && *nick != '\0' &&
          strlen (nick) <= CAU_XMPP_MUC_MAX_NICK)
        moderation->moderator = g_steal_pointer (&nick);
    }
  if (reason != NULL)
    {
      moderation->reason = cau_xep_element_text (reason);
      if (moderation->reason != NULL)
        cau_xep_cut_utf8 (moderation->reason, CAU_XMPP_MUC_MAX_TEXT);
    }
}

gboolean
cau_xmpp_parse_moderation_announcement (xmpp_stanza_t     *message,
                                        const char        *room,
                                        char             **target,
                                        CauXmppModeration *moderation)
{
  xmpp_stanza_t *retract, *apply_to, *moderated;

  g_return_val_if_fail (message != NULL && room != NULL && target != NULL, FALSE);
  *target = NULL;

  /* 0.3: <retract id=''><moderated/><reason/></retract>. */
  retract = xmpp_stanza_get_child_by_name_and_ns (message, "retract", CAU_NS_RETRACT_1);
  moderated = retract != NULL
    ? xmpp_stanza_get_child_by_name_and_ns (retract, "moderated", CAU_NS_MODERATE_1) : NULL;
  if (moderated != NULL && (*target = target_id (retract)) != NULL)
    {
      read_moderation (moderated, retract, room, moderation);
      return TRUE;
    }

  /* 0.2: <apply-to id=''><moderated><retract/><reason/></moderated></apply-to>. */
  apply_to = xmpp_stanza_get_child_by_name_and_ns (message, "apply-to", CAU_NS_FASTEN);
  moderated = apply_to != NULL
    ? xmpp_stanza_get_child_by_name_and_ns (apply_to, "moderated", CAU_NS_MODERATE_0) : NULL;
  if (moderated != NULL &&
      xmpp_stanza_get_child_by_name_and_ns (moderated, "retract", CAU_NS_RETRACT_0) != NULL &&
      (*target = target_id (apply_to)) != NULL)
    {
      read_moderation (moderated, moderated, room, moderation);
      return TRUE;
    }
  return FALSE;
}

gboolean
cau_xmpp_parse_moderation_tombstone (xmpp_stanza_t     *message,
                                     const char        *room,
                                     CauXmppModeration *moderation)
{
  xmpp_stanza_t *retracted, *moderated;

  g_return_val_if_fail (message != NULL && room != NULL, FALSE);

  /* 0.3: <retracted><moderated/><reason/></retracted>. */
  retracted = xmpp_stanza_get_child_by_name_and_ns (message, "retracted", CAU_NS_RETRACT_1);
  moderated = retracted != NULL
    ? xmpp_stanza_get_child_by_name_and_ns (retracted, "moderated", CAU_NS_MODERATE_1) : NULL;
  if (moderated != NULL)
    {
      read_moderation (moderated, retracted, room, moderation);
      return TRUE;
    }

  /* 0.2: <moderated><retracted/><reason/></moderated>. */
  moderated = xmpp_stanza_get_child_by_name_and_ns (message, "moderated", CAU_NS_MODERATE_0);
  if (moderated != NULL &&
      xmpp_stanza_get_child_by_name_and_ns (moderated, "retracted", CAU_NS_RETRACT_0) != NULL)
    {
      read_moderation (moderated, moderated, room, moderation);
      return TRUE;
    }
  return FALSE;
}
