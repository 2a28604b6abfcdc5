/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-xep-0045-muc.h"
#include "cau-xep-0425-moderation.h"
#include "cau-xep-0004-forms.h"
#include "cau-xep-0084-avatars.h"
#include "cau-xep-messages.h"
#include "cau-xep-stanza-private.h"
#include "xmpp/cau-jid.h"
#include "xmpp/cau-xmpp-utils.h"

#include <string.h>

/* Plain data. */

CauXmppOccupant *
cau_xmpp_occupant_new (void)
{
  return g_new0 (CauXmppOccupant, 1);
}

void
cau_xmpp_occupant_free (CauXmppOccupant *occupant)
{
  if (occupant == NULL)
    return;
  g_free (occupant->room);
  g_free (occupant->nick);
  g_free (occupant->real_jid);
  g_free (occupant->occupant_id);
  g_free (occupant->new_nick);
  g_free (occupant->reason);
  g_free (occupant->status_text);
  g_free (occupant->avatar_hash);
  g_free (occupant);
}

void
cau_xmpp_invitation_free (CauXmppInvitation *invitation)
{
  if (invitation == NULL)
    return;
  g_free (invitation->room);
  g_free (invitation->inviter);
  g_free (invitation->reason);
  g_free (invitation->password);
  g_free (invitation);
}

CauXmppRoomCreation *
cau_xmpp_room_creation_copy (const CauXmppRoomCreation *creation)
{
  CauXmppRoomCreation *copy = g_new0 (CauXmppRoomCreation, 1);

  copy->name = g_strdup (creation->name);
  copy->description = g_strdup (creation->description);
  copy->private_group = creation->private_group;
  return copy;
}

void
cau_xmpp_room_creation_free (CauXmppRoomCreation *creation)
{
  if (creation == NULL)
    return;
  g_free (creation->name);
  g_free (creation->description);
  g_free (creation);
}

void
cau_xmpp_room_info_free (CauXmppRoomInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->name);
  g_free (info->description);
  g_free (info->avatar_hash);
  g_free (info);
}

static void
room_item_clear (gpointer data)
{
  CauXmppRoomItem *item = data;

  g_free (item->jid);
  g_free (item->name);
}

/* Builders. */

static char *
occupant_jid (const char *room,
              const char *nick)
{
  return g_strconcat (room, "/", nick, NULL);
}

xmpp_stanza_t *
cau_xmpp_build_muc_join (xmpp_ctx_t *ctx,
                         const char *room,
                         const char *nick,
                         const char *password,
                         int         history_max)
{
  g_autofree char *to = NULL;
  xmpp_stanza_t *presence, *x;

  g_return_val_if_fail (ctx != NULL && room != NULL && nick != NULL, NULL);

  to = occupant_jid (room, nick);
  presence = xmpp_presence_new (ctx);
  xmpp_stanza_set_to (presence, to);
  x = cau_xep_add_element (presence, "x", CAU_NS_MUC);
  if (history_max >= 0)
    {
      xmpp_stanza_t *history = cau_xep_add_element (x, "history", NULL);
      g_autofree char *max = g_strdup_printf ("%d", history_max);

      xmpp_stanza_set_attribute (history, "maxstanzas", max);
    }
  if (password != NULL)
    cau_xmpp_add_text_child (x, "password", password);
  return presence;
}

xmpp_stanza_t *
cau_xmpp_build_muc_leave (xmpp_ctx_t *ctx,
                          const char *room,
                          const char *nick,
                          const char *status)
{
  g_autofree char *to = NULL;
  xmpp_stanza_t *presence;

  g_return_val_if_fail (ctx != NULL && room != NULL && nick != NULL, NULL);

  to = occupant_jid (room, nick);
  presence = xmpp_presence_new (ctx);
  xmpp_stanza_set_type (presence, "unavailable");
  xmpp_stanza_set_to (presence, to);
  if (status != NULL)
    cau_xmpp_add_text_child (presence, "status", status);
  return presence;
}

xmpp_stanza_t *
cau_xmpp_build_muc_nick_change (xmpp_ctx_t *ctx,
                                const char *room,
                                const char *new_nick)
{
  g_autofree char *to = NULL;
  xmpp_stanza_t *presence;

  g_return_val_if_fail (ctx != NULL && room != NULL && new_nick != NULL, NULL);

  to = occupant_jid (room, new_nick);
  presence = xmpp_presence_new (ctx);
  xmpp_stanza_set_to (presence, to);
  return presence;
}

static xmpp_stanza_t *
room_message (xmpp_ctx_t *ctx,
              const char *type,
              const char *to,
              const char *id)
{
  g_autofree char *made = id == NULL ? cau_xmpp_new_id () : NULL;

  return xmpp_message_new (ctx, type, to, id != NULL ? id : made);
}

xmpp_stanza_t *
cau_xmpp_build_groupchat (xmpp_ctx_t *ctx,
                          const char *room,
                          const char *body,
                          const char *id)
{
  xmpp_stanza_t *message, *origin;

  g_return_val_if_fail (ctx != NULL && room != NULL && body != NULL, NULL);

  message = room_message (ctx, "groupchat", room, id);
  cau_xmpp_add_text_child (message, "body", body);
  /* XEP-0359: the room keeps it, so that our copy coming back is known as ours. */
  origin = cau_xep_add_element (message, "origin-id", CAU_NS_SID);
  xmpp_stanza_set_attribute (origin, "id", xmpp_stanza_get_id (message));
  return message;
}

xmpp_stanza_t *
cau_xmpp_build_muc_subject (xmpp_ctx_t *ctx,
                            const char *room,
                            const char *subject)
{
  xmpp_stanza_t *message;

  g_return_val_if_fail (ctx != NULL && room != NULL && subject != NULL, NULL);

  message = room_message (ctx, "groupchat", room, NULL);
  cau_xmpp_add_text_child (message, "subject", subject);
  return message;
}

xmpp_stanza_t *
cau_xmpp_build_muc_private (xmpp_ctx_t *ctx,
                            const char *room,
                            const char *nick,
                            const char *body,
                            const char *id)
{
  g_autofree char *to = NULL;
  xmpp_stanza_t *message;

  g_return_val_if_fail (ctx != NULL && room != NULL && nick != NULL && body != NULL, NULL);

  to = occupant_jid (room, nick);
  message = room_message (ctx, "chat", to, id);
  cau_xmpp_add_text_child (message, "body", body);
  /* §7.5: marks it as a private message in a room, so that carbons are not made of it. */
  cau_xep_add_element (message, "x", CAU_NS_MUC_USER);
  return message;
}

xmpp_stanza_t *
cau_xmpp_build_muc_invite (xmpp_ctx_t *ctx,
                           const char *invitee,
                           const char *room,
                           const char *reason,
                           const char *password)
{
  xmpp_stanza_t *message, *x;

  g_return_val_if_fail (ctx != NULL && invitee != NULL && room != NULL, NULL);

  message = room_message (ctx, NULL, invitee, NULL);
  x = cau_xep_add_element (message, "x", CAU_NS_CONFERENCE);
  xmpp_stanza_set_attribute (x, "jid", room);
  if (reason != NULL)
    xmpp_stanza_set_attribute (x, "reason", reason);
  if (password != NULL)
    xmpp_stanza_set_attribute (x, "password", password);
  return message;
}

xmpp_stanza_t *
cau_xmpp_build_muc_decline (xmpp_ctx_t *ctx,
                            const char *room,
                            const char *inviter,
                            const char *reason)
{
  xmpp_stanza_t *message, *x, *decline;

  g_return_val_if_fail (ctx != NULL && room != NULL && inviter != NULL, NULL);

  message = room_message (ctx, NULL, room, NULL);
  x = cau_xep_add_element (message, "x", CAU_NS_MUC_USER);
  decline = cau_xep_add_element (x, "decline", NULL);
  xmpp_stanza_set_attribute (decline, "to", inviter);
  if (reason != NULL)
    cau_xmpp_add_text_child (decline, "reason", reason);
  return message;
}

xmpp_stanza_t *
cau_xmpp_build_muc_self_ping (xmpp_ctx_t *ctx,
                              const char *iq_id,
                              const char *room,
                              const char *nick)
{
  g_autofree char *to = NULL;
  xmpp_stanza_t *iq;

  g_return_val_if_fail (ctx != NULL && iq_id != NULL && room != NULL && nick != NULL, NULL);

  to = occupant_jid (room, nick);
  iq = xmpp_iq_new (ctx, "get", iq_id);
  xmpp_stanza_set_to (iq, to);
  cau_xep_add_element (iq, "ping", CAU_NS_PING);
  return iq;
}

static const char * const role_names[] = {
  [CAU_XMPP_ROLE_NONE] = "none",
  [CAU_XMPP_ROLE_VISITOR] = "visitor",
  [CAU_XMPP_ROLE_PARTICIPANT] = "participant",
  [CAU_XMPP_ROLE_MODERATOR] = "moderator",
};

static const char * const affiliation_names[] = {
  [CAU_XMPP_AFFILIATION_NONE] = "none",
  [CAU_XMPP_AFFILIATION_OUTCAST] = "outcast",
  [CAU_XMPP_AFFILIATION_MEMBER] = "member",
  [CAU_XMPP_AFFILIATION_ADMIN] = "admin",
  [CAU_XMPP_AFFILIATION_OWNER] = "owner",
};

/* An iq to the room with a query of `ns`; *query set. */
static xmpp_stanza_t *
room_query (xmpp_ctx_t     *ctx,
            const char     *type,
            const char     *iq_id,
            const char     *room,
            const char     *ns,
            xmpp_stanza_t **query)
{
  xmpp_stanza_t *iq = xmpp_iq_new (ctx, type, iq_id);

  xmpp_stanza_set_to (iq, room);
  *query = cau_xep_add_element (iq, "query", ns);
  return iq;
}

static xmpp_stanza_t *
admin_item (xmpp_ctx_t  *ctx,
            const char  *iq_id,
            const char  *room,
            const char  *reason,
            const char  *key,
            const char  *key_value,
            const char  *attribute,
            const char  *value)
{
  xmpp_stanza_t *query, *item;
  xmpp_stanza_t *iq = room_query (ctx, "set", iq_id, room, CAU_NS_MUC_ADMIN, &query);

  item = cau_xep_add_element (query, "item", NULL);
  xmpp_stanza_set_attribute (item, key, key_value);
  xmpp_stanza_set_attribute (item, attribute, value);
  if (reason != NULL)
    cau_xmpp_add_text_child (item, "reason", reason);
  return iq;
}

xmpp_stanza_t *
cau_xmpp_build_muc_set_role (xmpp_ctx_t  *ctx,
                             const char  *iq_id,
                             const char  *room,
                             const char  *nick,
                             CauXmppRole  role,
                             const char  *reason)
{
  g_return_val_if_fail (ctx != NULL && iq_id != NULL && room != NULL && nick != NULL, NULL);
  g_return_val_if_fail (role <= CAU_XMPP_ROLE_MODERATOR, NULL);

  return admin_item (ctx, iq_id, room, reason, "nick", nick, "role", role_names[role]);
}

xmpp_stanza_t *
cau_xmpp_build_muc_set_affiliation (xmpp_ctx_t         *ctx,
                                    const char         *iq_id,
                                    const char         *room,
                                    const char         *jid,
                                    CauXmppAffiliation  affiliation,
                                    const char         *reason)
{
  g_return_val_if_fail (ctx != NULL && iq_id != NULL && room != NULL && jid != NULL, NULL);
  g_return_val_if_fail (affiliation <= CAU_XMPP_AFFILIATION_OWNER, NULL);

  return admin_item (ctx, iq_id, room, reason, "jid", jid, "affiliation",
                     affiliation_names[affiliation]);
}

xmpp_stanza_t *
cau_xmpp_build_muc_affiliation_list (xmpp_ctx_t         *ctx,
                                     const char         *iq_id,
                                     const char         *room,
                                     CauXmppAffiliation  affiliation)
{
  xmpp_stanza_t *query, *item, *iq;

  g_return_val_if_fail (ctx != NULL && iq_id != NULL && room != NULL, NULL);
  g_return_val_if_fail (affiliation <= CAU_XMPP_AFFILIATION_OWNER, NULL);

  iq = room_query (ctx, "get", iq_id, room, CAU_NS_MUC_ADMIN, &query);
  item = cau_xep_add_element (query, "item", NULL);
  xmpp_stanza_set_attribute (item, "affiliation", affiliation_names[affiliation]);
  return iq;
}

xmpp_stanza_t *
cau_xmpp_build_muc_configure (xmpp_ctx_t *ctx,
                              const char *iq_id,
                              const char *room,
                              gboolean    submit,
                              GVariant   *form,
                              GVariant   *values)
{
  xmpp_stanza_t *query, *x, *iq;

  g_return_val_if_fail (ctx != NULL && iq_id != NULL && room != NULL, NULL);

  iq = room_query (ctx, submit ? "set" : "get", iq_id, room, CAU_NS_MUC_OWNER, &query);
  if (!submit)
    return iq;
  if (form != NULL)
    x = cau_xmpp_build_data_form_submit (ctx, form, values);
  else
    {
      x = cau_xmpp_child_new (ctx, "x", CAU_NS_DATA_FORMS);
      xmpp_stanza_set_type (x, "submit");
    }
  xmpp_stanza_add_child (query, x);
  xmpp_stanza_release (x);
  return iq;
}

/* Parsers. */

/* The text of `element`, cut to CAU_XMPP_MUC_MAX_TEXT at a character; NULL when empty. */
static char *
bounded_text (xmpp_stanza_t *element)
{
  char *text = cau_xep_element_text (element);

  if (text != NULL)
    cau_xep_cut_utf8 (text, CAU_XMPP_MUC_MAX_TEXT);
  return text;
}

static char *
bounded_attribute (xmpp_stanza_t *element,
                   const char    *name)
{
  const char *value = xmpp_stanza_get_attribute (element, name);
  g_autofree char *valid = cau_xep_dup_valid (value);

  if (valid == NULL || *valid == '\0')
    return NULL;
  cau_xep_cut_utf8 (valid, CAU_XMPP_MUC_MAX_TEXT);
  return g_steal_pointer (&valid);
}

static CauXmppRole
role_from_string (const char *role)
{
  if (g_strcmp0 (role, "moderator") == 0)
    return CAU_XMPP_ROLE_MODERATOR;
  if (g_strcmp0 (role, "participant") == 0)
    return CAU_XMPP_ROLE_PARTICIPANT;
  if (g_strcmp0 (role, "visitor") == 0)
    return CAU_XMPP_ROLE_VISITOR;
  return CAU_XMPP_ROLE_NONE;
}

static CauXmppAffiliation
affiliation_from_string (const char *affiliation)
{
  if (g_strcmp0 (affiliation, "owner") == 0)
    return CAU_XMPP_AFFILIATION_OWNER;
  if (g_strcmp0 (affiliation, "admin") == 0)
    return CAU_XMPP_AFFILIATION_ADMIN;
  if (g_strcmp0 (affiliation, "member") == 0)
    return CAU_XMPP_AFFILIATION_MEMBER;
  if (g_strcmp0 (affiliation, "outcast") == 0)
    return CAU_XMPP_AFFILIATION_OUTCAST;
  return CAU_XMPP_AFFILIATION_NONE;
}

static guint
status_flag (const char *code)
{
  static const struct { const char *code; guint flag; } flags[] = {
    { "100", CAU_XMPP_OCCUPANT_NON_ANONYMOUS },
    { "110", CAU_XMPP_OCCUPANT_SELF },
    { "170", CAU_XMPP_OCCUPANT_LOGGED },
    { "172", CAU_XMPP_OCCUPANT_NON_ANONYMOUS },
    { "201", CAU_XMPP_OCCUPANT_ROOM_CREATED },
    { "210", CAU_XMPP_OCCUPANT_NICK_ASSIGNED },
    { "301", CAU_XMPP_OCCUPANT_BANNED },
    { "303", CAU_XMPP_OCCUPANT_NICK_CHANGED },
    { "307", CAU_XMPP_OCCUPANT_KICKED },
    { "321", CAU_XMPP_OCCUPANT_AFFILIATION_LOST },
    { "322", CAU_XMPP_OCCUPANT_MEMBERS_ONLY },
    { "332", CAU_XMPP_OCCUPANT_SHUTDOWN },
    { "333", CAU_XMPP_OCCUPANT_DISCONNECTED },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (flags); i++)
    if (g_strcmp0 (code, flags[i].code) == 0)
      return flags[i].flag;
  return 0;
}

static CauXmppJoinError
join_error_from (xmpp_stanza_t *presence)
{
  g_autofree char *condition = cau_xmpp_stanza_error_condition (presence, NULL);
  static const struct { const char *condition; CauXmppJoinError error; } errors[] = {
    { "conflict", CAU_XMPP_JOIN_NICK_IN_USE },
    { "not-authorized", CAU_XMPP_JOIN_PASSWORD },
    { "forbidden", CAU_XMPP_JOIN_BANNED },
    { "registration-required", CAU_XMPP_JOIN_MEMBERS_ONLY },
    { "item-not-found", CAU_XMPP_JOIN_NOT_FOUND },
    { "remote-server-not-found", CAU_XMPP_JOIN_NOT_FOUND },
    { "not-allowed", CAU_XMPP_JOIN_NOT_ALLOWED },
    { "service-unavailable", CAU_XMPP_JOIN_FULL },
    { "not-acceptable", CAU_XMPP_JOIN_NICK_REFUSED },
    { "jid-malformed", CAU_XMPP_JOIN_NICK_REFUSED },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (errors); i++)
    if (g_strcmp0 (condition, errors[i].condition) == 0)
      return errors[i].error;
  return CAU_XMPP_JOIN_OTHER;
}

/* The <item/> of an occupant's <x/>: role, affiliation, real JID, new nickname, reason. */
static void
read_item (xmpp_stanza_t   *item,
           CauXmppOccupant *occupant)
{
  const char *jid = xmpp_stanza_get_attribute (item, "jid");
  g_autofree char *bare = cau_xmpp_jid_normalize_bare (jid, NULL);

  occupant->role = role_from_string (xmpp_stanza_get_attribute (item, "role"));
  occupant->affiliation = affiliation_from_string (xmpp_stanza_get_attribute (item,
                                                                              "affiliation"));
  /* A real JID that is not a JID is not kept: it would be shown and matched on. */
  if (bare != NULL)
    occupant->real_jid = cau_xep_dup_valid (jid);
  occupant->new_nick = bounded_attribute (item, "nick");
  occupant->reason = bounded_text (xmpp_stanza_get_child_by_name (item, "reason"));
}

gboolean
cau_xmpp_parse_muc_presence (xmpp_stanza_t     *presence,
                             CauXmppOccupant  **occupant_out,
                             CauXmppJoinError  *join_error,
                             const char       **why)
{
  g_autoptr(CauXmppOccupant) occupant = NULL;
  g_autofree char *room = NULL;
  g_autofree char *nick = NULL;
  const char *type = xmpp_stanza_get_type (presence);
  xmpp_stanza_t *x, *occupant_id;
  gboolean seen_item = FALSE;

  g_return_val_if_fail (presence != NULL && occupant_out != NULL && join_error != NULL, FALSE);

  *occupant_out = NULL;
  *join_error = CAU_XMPP_JOIN_OK;
  x = xmpp_stanza_get_child_by_name_and_ns (presence, "x", CAU_NS_MUC_USER);
  if (g_strcmp0 (type, "error") != 0 && x == NULL)
    return FALSE;

  room = cau_xmpp_jid_normalize_bare (xmpp_stanza_get_from (presence), &nick);
  if (room == NULL || nick == NULL || *nick == '\0')
    {
      *why = "not from an occupant JID";
      return FALSE;
    }
  if (strlen (nick) > CAU_XMPP_MUC_MAX_NICK)
    {
      *why = "a nickname too long";
      return FALSE;
    }

  if (g_strcmp0 (type, "error") == 0)
    {
      /* The answer to our entering (§7.2): XEP-0045 has the room echo <x xmlns=muc/>, but
       * Prosody does not, so any error from an occupant JID is read; the engine heeds it only
       * while it is entering that room. */
      *join_error = join_error_from (presence);
      return TRUE;
    }

  occupant = cau_xmpp_occupant_new ();
  occupant->room = g_steal_pointer (&room);
  occupant->nick = g_steal_pointer (&nick);
  occupant->available = g_strcmp0 (type, "unavailable") != 0;
  if (type != NULL && occupant->available)
    {
      *why = "a presence type rooms do not send";
      return FALSE;
    }

  for (xmpp_stanza_t *c = xmpp_stanza_get_children (x); c; c = xmpp_stanza_get_next (c))
    {
      const char *name = xmpp_stanza_is_tag (c) ? xmpp_stanza_get_name (c) : NULL;

      if (g_strcmp0 (name, "status") == 0)
        occupant->status |= status_flag (xmpp_stanza_get_attribute (c, "code"));
      else if (g_strcmp0 (name, "item") == 0 && !seen_item)
        {
          /* §7.2.3: one item; a second is not the room's. */
          read_item (c, occupant);
          seen_item = TRUE;
        }
    }

  /* §7.6: a nickname change names the new one; without it the presence is not one. */
  if ((occupant->status & CAU_XMPP_OCCUPANT_NICK_CHANGED) != 0 &&
      (occupant->new_nick == NULL || strlen (occupant->new_nick) > CAU_XMPP_MUC_MAX_NICK))
    {
      *why = "a nickname change without a valid new nickname";
      return FALSE;
    }

  occupant_id = xmpp_stanza_get_child_by_name_and_ns (presence, "occupant-id",
                                                      CAU_NS_OCCUPANT_ID);
  if (occupant_id != NULL)
    occupant->occupant_id = bounded_attribute (occupant_id, "id");
  occupant->status_text = bounded_text (xmpp_stanza_get_child_by_name (presence, "status"));
  occupant->show = cau_xmpp_presence_get_show (presence);
  occupant->avatar_hash = cau_xmpp_parse_vcard_update (presence);

  *occupant_out = g_steal_pointer (&occupant);
  return TRUE;
}

/* A room is a bare JID with a local part (room@service): a server or a user's device is not
 * one, and inviting to one would have us send presence where nobody asked for it. */
static gboolean
is_room_address (const char *bare,
                 const char *resource)
{
  return bare != NULL && resource == NULL && strchr (bare, '@') != NULL && bare[0] != '@';
}

static CauXmppInvitation *
direct_invitation (xmpp_stanza_t  *message,
                   xmpp_stanza_t  *x,
                   const char    **why)
{
  g_autoptr(CauXmppInvitation) invitation = g_new0 (CauXmppInvitation, 1);
  g_autofree char *resource = NULL;

  invitation->inviter = cau_xmpp_jid_normalize_bare (xmpp_stanza_get_from (message), NULL);
  invitation->room = cau_xmpp_jid_normalize_bare (xmpp_stanza_get_attribute (x, "jid"),
                                                  &resource);
  if (invitation->inviter == NULL || !is_room_address (invitation->room, resource))
    {
      *why = "an invitation without a room or a sender";
      return NULL;
    }
  invitation->reason = bounded_attribute (x, "reason");
  invitation->password = bounded_attribute (x, "password");
  return g_steal_pointer (&invitation);
}

static CauXmppInvitation *
mediated_invitation (xmpp_stanza_t  *message,
                     xmpp_stanza_t  *x,
                     xmpp_stanza_t  *invite,
                     const char    **why)
{
  g_autoptr(CauXmppInvitation) invitation = g_new0 (CauXmppInvitation, 1);
  g_autofree char *resource = NULL;

  /* The room sends it: its address is the room, the inviter is inside. */
  invitation->room = cau_xmpp_jid_normalize_bare (xmpp_stanza_get_from (message), &resource);
  invitation->inviter = cau_xmpp_jid_normalize_bare (xmpp_stanza_get_attribute (invite, "from"),
                                                     NULL);
  if (!is_room_address (invitation->room, resource) || invitation->inviter == NULL)
    {
      *why = "an invitation not from a room, or without an inviter";
      return NULL;
    }
  invitation->mediated = TRUE;
  invitation->reason = bounded_text (xmpp_stanza_get_child_by_name (invite, "reason"));
  invitation->password = bounded_text (xmpp_stanza_get_child_by_name (x, "password"));
  return g_steal_pointer (&invitation);
}

/* §7.8.2: someone declined our invitation; the room relays it, naming them. */
static CauXmppInvitation *
relayed_decline (xmpp_stanza_t  *message,
                 xmpp_stanza_t  *decline,
                 const char    **why)
{
  g_autoptr(CauXmppInvitation) declined = g_new0 (CauXmppInvitation, 1);
  g_autofree char *resource = NULL;

  declined->room = cau_xmpp_jid_normalize_bare (xmpp_stanza_get_from (message), &resource);
  declined->inviter = cau_xmpp_jid_normalize_bare (xmpp_stanza_get_attribute (decline, "from"),
                                                   NULL);
  if (!is_room_address (declined->room, resource) || declined->inviter == NULL)
    {
      *why = "a decline not from a room, or without who declined";
      return NULL;
    }
  declined->mediated = TRUE;
  declined->declined = TRUE;
  declined->reason = bounded_text (xmpp_stanza_get_child_by_name (decline, "reason"));
  return g_steal_pointer (&declined);
}

CauXmppInvitation *
cau_xmpp_parse_muc_invitation (xmpp_stanza_t  *message,
                               const char     *own_bare,
                               const char    **why)
{
  xmpp_stanza_t *x;
  g_autofree char *to = NULL;

  g_return_val_if_fail (message != NULL && own_bare != NULL, NULL);

  if (g_strcmp0 (xmpp_stanza_get_type (message), "error") == 0)
    return NULL;
  to = cau_xmpp_jid_normalize_bare (xmpp_stanza_get_to (message), NULL);
  if (to != NULL && g_strcmp0 (to, own_bare) != 0)
    {
      *why = "an invitation to someone else";
      return NULL;
    }

  x = xmpp_stanza_get_child_by_name_and_ns (message, "x", CAU_NS_MUC_USER);
  if (x != NULL && xmpp_stanza_get_child_by_name (x, "invite") != NULL)
    return mediated_invitation (message, x, xmpp_stanza_get_child_by_name (x, "invite"), why);
  if (x != NULL && xmpp_stanza_get_child_by_name (x, "decline") != NULL)
    return relayed_decline (message, xmpp_stanza_get_child_by_name (x, "decline"), why);

  x = xmpp_stanza_get_child_by_name_and_ns (message, "x", CAU_NS_CONFERENCE);
  if (x != NULL)
    return direct_invitation (message, x, why);
  return NULL;
}

/* Prosody's mod_vcard_muc names the field of a room's avatar so; XEP-0486 calls it
 * muc#roominfo_avatarhash. */
#define MOD_VCARD_MUC_AVATAR "{http://modules.prosody.im/mod_vcard_muc}avatar#sha1"

/* The hash is a file name in the avatar cache: 40 hex digits or nothing. */
static char *
avatar_hash (const char *value)
{
  g_autofree char *hash = value != NULL ? g_ascii_strdown (value, -1) : NULL;

  if (hash == NULL || !cau_xmpp_avatar_id_is_valid (g_strstrip (hash)))
    return NULL;
  return g_steal_pointer (&hash);
}

/* The muc#roominfo form of a disco#info result (XEP-0045 §15.5.4). */
static void
read_room_form (xmpp_stanza_t   *form,
                CauXmppRoomInfo *info)
{
  for (xmpp_stanza_t *field = xmpp_stanza_get_children (form); field;
       field = xmpp_stanza_get_next (field))
    {
      const char *var;
      g_autofree char *value = NULL;

      if (!cau_xep_is_element (field, "field", CAU_NS_DATA_FORMS) &&
          g_strcmp0 (xmpp_stanza_get_name (field), "field") != 0)
        continue;
      var = xmpp_stanza_get_attribute (field, "var");
      value = bounded_text (xmpp_stanza_get_child_by_name (field, "value"));
      if (g_strcmp0 (var, "muc#roominfo_description") == 0 && info->description == NULL)
        info->description = g_steal_pointer (&value);
      else if ((g_strcmp0 (var, "muc#roominfo_avatarhash") == 0 ||
                g_strcmp0 (var, MOD_VCARD_MUC_AVATAR) == 0) && info->avatar_hash == NULL)
        info->avatar_hash = avatar_hash (value);
      else if (g_strcmp0 (var, "muc#roominfo_occupants") == 0 && value != NULL)
        {
          guint64 count = 0;

          if (g_ascii_string_to_unsigned (value, 10, 0, G_MAXINT32, &count, NULL))
            info->occupants = (gint64) count;
        }
    }
}

CauXmppRoomInfo *
cau_xmpp_parse_room_info (xmpp_stanza_t  *iq,
                          const char     *room,
                          const char    **why)
{
  g_autoptr(CauXmppRoomInfo) info = NULL;
  xmpp_stanza_t *query;
  gboolean conference = FALSE;

  g_return_val_if_fail (iq != NULL && room != NULL, NULL);

  if (g_strcmp0 (xmpp_stanza_get_type (iq), "result") != 0 ||
      !cau_xep_jid_is_exactly (xmpp_stanza_get_from (iq), room))
    {
      *why = "not a result from the room";
      return NULL;
    }
  query = xmpp_stanza_get_child_by_name_and_ns (iq, "query", CAU_NS_DISCO_INFO);
  if (query == NULL)
    {
      *why = "no disco#info";
      return NULL;
    }

  info = g_new0 (CauXmppRoomInfo, 1);
  info->occupants = -1;
  for (xmpp_stanza_t *c = xmpp_stanza_get_children (query); c; c = xmpp_stanza_get_next (c))
    {
      const char *name = xmpp_stanza_is_tag (c) ? xmpp_stanza_get_name (c) : NULL;
      const char *var = xmpp_stanza_get_attribute (c, "var");

      if (g_strcmp0 (name, "identity") == 0 &&
          g_strcmp0 (xmpp_stanza_get_attribute (c, "category"), "conference") == 0)
        {
          conference = TRUE;
          if (info->name == NULL)
            info->name = bounded_attribute (c, "name");
        }
      else if (g_strcmp0 (name, "feature") == 0)
        {
          info->members_only |= g_strcmp0 (var, "muc_membersonly") == 0;
          info->non_anonymous |= g_strcmp0 (var, "muc_nonanonymous") == 0;
          info->password_protected |= g_strcmp0 (var, "muc_passwordprotected") == 0;
          info->is_public |= g_strcmp0 (var, "muc_public") == 0;
          info->moderated |= g_strcmp0 (var, "muc_moderated") == 0;
          info->persistent |= g_strcmp0 (var, "muc_persistent") == 0;
          info->archived |= g_strcmp0 (var, "urn:xmpp:mam:2") == 0;
          info->occupant_ids |= g_strcmp0 (var, CAU_NS_OCCUPANT_ID) == 0;
          info->moderation = MAX (info->moderation,
                                  cau_xmpp_moderation_version_from_feature (var));
          info->vcard |= g_strcmp0 (var, CAU_NS_VCARD_TEMP) == 0;
        }
      else if (cau_xep_is_element (c, "x", CAU_NS_DATA_FORMS))
        {
          read_room_form (c, info);
        }
    }
  if (!conference)
    {
      *why = "not a room";
      return NULL;
    }
  return g_steal_pointer (&info);
}

GArray *
cau_xmpp_parse_room_directory (xmpp_stanza_t  *iq,
                               const char     *service,
                               const char    **why)
{
  g_autoptr(GArray) rooms = NULL;
  xmpp_stanza_t *query;

  g_return_val_if_fail (iq != NULL && service != NULL, NULL);

  if (g_strcmp0 (xmpp_stanza_get_type (iq), "result") != 0 ||
      !cau_xep_jid_is_exactly (xmpp_stanza_get_from (iq), service))
    {
      *why = "not a result from the service";
      return NULL;
    }
  query = xmpp_stanza_get_child_by_name_and_ns (iq, "query",
                                                "http://jabber.org/protocol/disco#items");
  if (query == NULL)
    {
      *why = "no disco#items";
      return NULL;
    }

  rooms = g_array_new (FALSE, TRUE, sizeof (CauXmppRoomItem));
  g_array_set_clear_func (rooms, room_item_clear);
  for (xmpp_stanza_t *c = xmpp_stanza_get_children (query);
       c != NULL && rooms->len < CAU_XMPP_MUC_MAX_ITEMS; c = xmpp_stanza_get_next (c))
    {
      g_autofree char *jid = NULL;
      g_autofree char *resource = NULL;
      g_autofree char *domain = NULL;
      CauXmppRoomItem item = { 0 };

      if (!xmpp_stanza_is_tag (c) || g_strcmp0 (xmpp_stanza_get_name (c), "item") != 0)
        continue;
      jid = cau_xmpp_jid_normalize_bare (xmpp_stanza_get_attribute (c, "jid"), &resource);
      domain = jid != NULL ? cau_jid_domain (jid) : NULL;
      /* A room of this service only: an item elsewhere would make us join a stranger's. */
      if (jid == NULL || resource != NULL || strchr (jid, '@') == NULL ||
          g_strcmp0 (domain, service) != 0)
        continue;
      item.jid = g_steal_pointer (&jid);
      item.name = bounded_attribute (c, "name");
      g_array_append_val (rooms, item);
    }
  return g_steal_pointer (&rooms);
}

/* The <query/> of `ns` in a result from `room`, or NULL with *why. */
static xmpp_stanza_t *
room_result_query (xmpp_stanza_t  *iq,
                   const char     *room,
                   const char     *ns,
                   const char    **why)
{
  xmpp_stanza_t *query;

  if (g_strcmp0 (xmpp_stanza_get_type (iq), "result") != 0 ||
      !cau_xep_jid_is_exactly (xmpp_stanza_get_from (iq), room))
    {
      *why = "not a result from the room";
      return NULL;
    }
  query = xmpp_stanza_get_child_by_name_and_ns (iq, "query", ns);
  if (query == NULL)
    *why = "no query";
  return query;
}

GHashTable *
cau_xmpp_parse_muc_affiliations (xmpp_stanza_t  *iq,
                                 const char     *room,
                                 const char    **why)
{
  g_autoptr(GHashTable) jids = NULL;
  xmpp_stanza_t *query;

  g_return_val_if_fail (iq != NULL && room != NULL, NULL);

  query = room_result_query (iq, room, CAU_NS_MUC_ADMIN, why);
  if (query == NULL)
    return NULL;
  jids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (xmpp_stanza_t *c = xmpp_stanza_get_children (query);
       c != NULL && g_hash_table_size (jids) < CAU_XMPP_MUC_MAX_ITEMS; c = xmpp_stanza_get_next (c))
    {
      g_autofree char *resource = NULL;
      g_autofree char *jid = NULL;

      if (!xmpp_stanza_is_tag (c) || g_strcmp0 (xmpp_stanza_get_name (c), "item") != 0)
        continue;
      jid = cau_xmpp_jid_normalize_bare (xmpp_stanza_get_attribute (c, "jid"), &resource);
      if (jid == NULL || resource != NULL)
        continue;
      g_hash_table_replace (jids, g_steal_pointer (&jid),
                            GINT_TO_POINTER (affiliation_from_string (
                              xmpp_stanza_get_attribute (c, "affiliation"))));
    }
  return g_steal_pointer (&jids);
}

GVariant *
cau_xmpp_parse_muc_config (xmpp_stanza_t  *iq,
                           const char     *room,
                           const char    **why)
{
  xmpp_stanza_t *query, *x;

  g_return_val_if_fail (iq != NULL && room != NULL, NULL);

  query = room_result_query (iq, room, CAU_NS_MUC_OWNER, why);
  if (query == NULL)
    return NULL;
  x = xmpp_stanza_get_child_by_name_and_ns (query, "x", CAU_NS_DATA_FORMS);
  if (x == NULL)
    {
      *why = "no configuration form";
      return NULL;
    }
  return cau_xmpp_parse_data_form (x);
}

