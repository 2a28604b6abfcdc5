/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-test-stanza.h"

#include "xmpp/xeps/cau-xep-0004-forms.h"
#include "xmpp/xeps/cau-xep-0030-services.h"
#include "xmpp/xeps/cau-xep-0045-muc.h"
#include "xmpp/xeps/cau-xep-0048-bookmarks.h"
#include "xmpp/xeps/cau-xep-0402-bookmarks.h"

#include <string.h>

/* Stanzas shaped after XEP-0045's examples and Prosody 0.12's answers. */

#define ROOM "coven@chat.shakespeare.lit"

static xmpp_ctx_t *ctx;

/* Adds an element `name` in `ns` (nullable) to `parent`. */
static xmpp_stanza_t *
cau_xep_test_add (xmpp_stanza_t *parent,
                  const char    *name,
                  const char    *ns)
{
  xmpp_stanza_t *child = xmpp_stanza_new (ctx);

  xmpp_stanza_set_name (child, name);
  if (ns != NULL)
    xmpp_stanza_set_ns (child, ns);
  xmpp_stanza_add_child (parent, child);
  xmpp_stanza_release (child);
  return child;
}

static xmpp_stanza_t *
stanza (const char *xml)
{
  return cau_test_stanza_new (ctx, xml);
}

/* Builders */

static void
test_build_join_leave (void)
{
  xmpp_stanza_t *join = cau_xmpp_build_muc_join (ctx, ROOM, "thirdwitch", "cauldronburn", 0);
  xmpp_stanza_t *x = xmpp_stanza_get_child_by_name_and_ns (join, "x", CAU_NS_MUC);
  xmpp_stanza_t *history = xmpp_stanza_get_child_by_name (x, "history");
  g_autofree char *password = xmpp_stanza_get_text (xmpp_stanza_get_child_by_name (x, "password"));
  xmpp_stanza_t *leave, *nick, *plain;

  g_assert_cmpstr (xmpp_stanza_get_name (join), ==, "presence");
  g_assert_cmpstr (xmpp_stanza_get_to (join), ==, ROOM "/thirdwitch");
  g_assert_cmpstr (xmpp_stanza_get_attribute (history, "maxstanzas"), ==, "0");
  g_assert_cmpstr (password, ==, "cauldronburn");
  xmpp_stanza_release (join);

  /* The room's own history, no password. */
  plain = cau_xmpp_build_muc_join (ctx, ROOM, "thirdwitch", NULL, -1);
  x = xmpp_stanza_get_child_by_name_and_ns (plain, "x", CAU_NS_MUC);
  g_assert_nonnull (x);
  g_assert_null (xmpp_stanza_get_child_by_name (x, "history"));
  g_assert_null (xmpp_stanza_get_child_by_name (x, "password"));
  xmpp_stanza_release (plain);

  leave = cau_xmpp_build_muc_leave (ctx, ROOM, "thirdwitch", "gone where?");
  g_assert_cmpstr (xmpp_stanza_get_type (leave), ==, "unavailable");
  g_assert_cmpstr (xmpp_stanza_get_to (leave), ==, ROOM "/thirdwitch");
  xmpp_stanza_release (leave);

  nick = cau_xmpp_build_muc_nick_change (ctx, ROOM, "oldhag");
  g_assert_cmpstr (xmpp_stanza_get_to (nick), ==, ROOM "/oldhag");
  g_assert_null (xmpp_stanza_get_type (nick));
  xmpp_stanza_release (nick);
}

static void
test_build_messages (void)
{
  xmpp_stanza_t *message = cau_xmpp_build_groupchat (ctx, ROOM, "Harpier cries: 'tis time.", "m1");
  xmpp_stanza_t *origin = xmpp_stanza_get_child_by_name_and_ns (message, "origin-id",
                                                                "urn:xmpp:sid:0");
  g_autofree char *body = xmpp_stanza_get_text (xmpp_stanza_get_child_by_name (message, "body"));
  xmpp_stanza_t *subject, *private, *invite, *ping, *x;
  g_autofree char *subject_text = NULL;

  g_assert_cmpstr (xmpp_stanza_get_type (message), ==, "groupchat");
  g_assert_cmpstr (xmpp_stanza_get_to (message), ==, ROOM);
  g_assert_cmpstr (xmpp_stanza_get_id (message), ==, "m1");
  g_assert_cmpstr (xmpp_stanza_get_attribute (origin, "id"), ==, "m1");
  g_assert_cmpstr (body, ==, "Harpier cries: 'tis time.");
  xmpp_stanza_release (message);

  subject = cau_xmpp_build_muc_subject (ctx, ROOM, "Fire Burn and Cauldron Bubble!");
  subject_text = xmpp_stanza_get_text (xmpp_stanza_get_child_by_name (subject, "subject"));
  g_assert_cmpstr (subject_text, ==, "Fire Burn and Cauldron Bubble!");
  g_assert_nonnull (xmpp_stanza_get_id (subject));
  xmpp_stanza_release (subject);

  private = cau_xmpp_build_muc_private (ctx, ROOM, "firstwitch", "I'll give thee a wind.", NULL);
  g_assert_cmpstr (xmpp_stanza_get_type (private), ==, "chat");
  g_assert_cmpstr (xmpp_stanza_get_to (private), ==, ROOM "/firstwitch");
  g_assert_nonnull (xmpp_stanza_get_child_by_name_and_ns (private, "x", CAU_NS_MUC_USER));
  xmpp_stanza_release (private);

  invite = cau_xmpp_build_muc_invite (ctx, "hecate@shakespeare.lit", ROOM, "Join us", NULL);
  x = xmpp_stanza_get_child_by_name_and_ns (invite, "x", CAU_NS_CONFERENCE);
  g_assert_cmpstr (xmpp_stanza_get_to (invite), ==, "hecate@shakespeare.lit");
  g_assert_cmpstr (xmpp_stanza_get_attribute (x, "jid"), ==, ROOM);
  g_assert_cmpstr (xmpp_stanza_get_attribute (x, "reason"), ==, "Join us");
  g_assert_null (xmpp_stanza_get_attribute (x, "password"));
  xmpp_stanza_release (invite);

  /* §7.8.2: declining through the room, to the inviter. */
  {
    xmpp_stanza_t *decline = cau_xmpp_build_muc_decline (ctx, ROOM, "crone1@shakespeare.lit",
                                                         "Sorry");
    xmpp_stanza_t *user = xmpp_stanza_get_child_by_name_and_ns (decline, "x", CAU_NS_MUC_USER);
    xmpp_stanza_t *item = xmpp_stanza_get_child_by_name (user, "decline");
    g_autofree char *reason = xmpp_stanza_get_text (xmpp_stanza_get_child_by_name (item,
                                                                                 "reason"));

    g_assert_cmpstr (xmpp_stanza_get_to (decline), ==, ROOM);
    g_assert_cmpstr (xmpp_stanza_get_attribute (item, "to"), ==, "crone1@shakespeare.lit");
    g_assert_cmpstr (reason, ==, "Sorry");
    xmpp_stanza_release (decline);
  }

  ping = cau_xmpp_build_muc_self_ping (ctx, "p1", ROOM, "thirdwitch");
  g_assert_cmpstr (xmpp_stanza_get_type (ping), ==, "get");
  g_assert_cmpstr (xmpp_stanza_get_to (ping), ==, ROOM "/thirdwitch");
  g_assert_nonnull (xmpp_stanza_get_child_by_name_and_ns (ping, "ping", "urn:xmpp:ping"));
  xmpp_stanza_release (ping);
}

/* Presences */

static CauXmppOccupant *
parse_occupant (const char *xml)
{
  xmpp_stanza_t *s = stanza (xml);
  CauXmppOccupant *occupant = NULL;
  CauXmppJoinError join_error = CAU_XMPP_JOIN_OTHER;
  const char *why = NULL;

  if (!cau_xmpp_parse_muc_presence (s, &occupant, &join_error, &why))
    g_error ("refused (%s): %s", why ? why : "no reason", xml);
  xmpp_stanza_release (s);
  g_assert_cmpint (join_error, ==, CAU_XMPP_JOIN_OK);
  g_assert_nonnull (occupant);
  return occupant;
}

static void
test_presence_occupant (void)
{
  g_autoptr(CauXmppOccupant) other = NULL;
  g_autoptr(CauXmppOccupant) self = NULL;

  other = parse_occupant ("<presence from='" ROOM "/firstwitch' to='hag66@shakespeare.lit/pda'>"
                          "<x xmlns='http://jabber.org/protocol/muc#user'>"
                          "<item affiliation='owner' role='moderator'"
                          " jid='crone1@shakespeare.lit/desktop'/></x>"
                          "<occupant-id xmlns='urn:xmpp:occupant-id:0' id='dd72603d'/>"
                          "<show>dnd</show><status>Brewing</status></presence>");
  g_assert_cmpstr (other->room, ==, ROOM);
  g_assert_cmpstr (other->nick, ==, "firstwitch");
  g_assert_cmpint (other->role, ==, CAU_XMPP_ROLE_MODERATOR);
  g_assert_cmpint (other->affiliation, ==, CAU_XMPP_AFFILIATION_OWNER);
  g_assert_cmpstr (other->real_jid, ==, "crone1@shakespeare.lit/desktop");
  g_assert_cmpstr (other->occupant_id, ==, "dd72603d");
  g_assert_cmpstr (other->status_text, ==, "Brewing");
  g_assert_cmpint (other->show, ==, CAU_XMPP_SHOW_DND);
  g_assert_true (other->available);
  g_assert_cmpuint (other->status, ==, 0);

  self = parse_occupant ("<presence from='" ROOM "/thirdwitch'>"
                         "<x xmlns='http://jabber.org/protocol/muc#user'>"
                         "<item affiliation='member' role='participant'/>"
                         "<status code='100'/><status code='110'/><status code='170'/>"
                         "<status code='201'/><status code='999'/></x></presence>");
  g_assert_cmpuint (self->status, ==, CAU_XMPP_OCCUPANT_SELF | CAU_XMPP_OCCUPANT_NON_ANONYMOUS |
                                      CAU_XMPP_OCCUPANT_LOGGED | CAU_XMPP_OCCUPANT_ROOM_CREATED);
  g_assert_null (self->real_jid);
  g_assert_cmpint (self->affiliation, ==, CAU_XMPP_AFFILIATION_MEMBER);
  /* No <show/>: available. */
  g_assert_cmpint (self->show, ==, CAU_XMPP_SHOW_AVAILABLE);
}

static void
test_presence_leaving (void)
{
  g_autoptr(CauXmppOccupant) renamed = NULL;
  g_autoptr(CauXmppOccupant) kicked = NULL;
  g_autoptr(CauXmppOccupant) banned = NULL;

  renamed = parse_occupant ("<presence from='" ROOM "/thirdwitch' type='unavailable'>"
                            "<x xmlns='http://jabber.org/protocol/muc#user'>"
                            "<item affiliation='member' nick='oldhag' role='participant'/>"
                            "<status code='303'/></x></presence>");
  g_assert_false (renamed->available);
  g_assert_true (renamed->status & CAU_XMPP_OCCUPANT_NICK_CHANGED);
  g_assert_cmpstr (renamed->new_nick, ==, "oldhag");

  kicked = parse_occupant ("<presence from='" ROOM "/pistol' type='unavailable'>"
                           "<x xmlns='http://jabber.org/protocol/muc#user'>"
                           "<item affiliation='none' role='none'><actor nick='Fluellen'/>"
                           "<reason>Avaunt, you cullion!</reason></item>"
                           "<status code='307'/></x></presence>");
  g_assert_true (kicked->status & CAU_XMPP_OCCUPANT_KICKED);
  g_assert_cmpstr (kicked->reason, ==, "Avaunt, you cullion!");
  g_assert_cmpint (kicked->role, ==, CAU_XMPP_ROLE_NONE);

  banned = parse_occupant ("<presence from='" ROOM "/pistol' type='unavailable'>"
                           "<x xmlns='http://jabber.org/protocol/muc#user'>"
                           "<item affiliation='outcast' role='none'/><status code='301'/>"
                           "</x></presence>");
  g_assert_true (banned->status & CAU_XMPP_OCCUPANT_BANNED);
  g_assert_cmpint (banned->affiliation, ==, CAU_XMPP_AFFILIATION_OUTCAST);
}

static CauXmppJoinError
parse_join_error (const char *condition)
{
  g_autofree char *xml = g_strdup_printf ("<presence from='" ROOM "/thirdwitch' type='error'>"
                                          "<x xmlns='http://jabber.org/protocol/muc'/>"
                                          "<error type='cancel'><%s xmlns='urn:ietf:params:xml:"
                                          "ns:xmpp-stanzas'/></error></presence>", condition);
  xmpp_stanza_t *s = stanza (xml);
  CauXmppOccupant *occupant = NULL;
  CauXmppJoinError join_error = CAU_XMPP_JOIN_OK;
  const char *why = NULL;

  g_assert_true (cau_xmpp_parse_muc_presence (s, &occupant, &join_error, &why));
  g_assert_null (occupant);
  xmpp_stanza_release (s);
  return join_error;
}

static void
test_presence_join_errors (void)
{
  g_assert_cmpint (parse_join_error ("conflict"), ==, CAU_XMPP_JOIN_NICK_IN_USE);
  g_assert_cmpint (parse_join_error ("not-authorized"), ==, CAU_XMPP_JOIN_PASSWORD);
  g_assert_cmpint (parse_join_error ("forbidden"), ==, CAU_XMPP_JOIN_BANNED);
  g_assert_cmpint (parse_join_error ("registration-required"), ==, CAU_XMPP_JOIN_MEMBERS_ONLY);
  g_assert_cmpint (parse_join_error ("item-not-found"), ==, CAU_XMPP_JOIN_NOT_FOUND);
  g_assert_cmpint (parse_join_error ("not-allowed"), ==, CAU_XMPP_JOIN_NOT_ALLOWED);
  g_assert_cmpint (parse_join_error ("service-unavailable"), ==, CAU_XMPP_JOIN_FULL);
  g_assert_cmpint (parse_join_error ("not-acceptable"), ==, CAU_XMPP_JOIN_NICK_REFUSED);

  /* Prosody's answer echoes nothing. */
  {
    xmpp_stanza_t *s = stanza ("<presence from='" ROOM "/thirdwitch' type='error'>"
                               "<error type='cancel'><conflict xmlns='urn:ietf:params:xml:"
                               "ns:xmpp-stanzas'/></error></presence>");
    CauXmppOccupant *occupant = NULL;
    CauXmppJoinError join_error = CAU_XMPP_JOIN_OK;
    const char *why = NULL;

    g_assert_true (cau_xmpp_parse_muc_presence (s, &occupant, &join_error, &why));
    g_assert_null (occupant);
    g_assert_cmpint (join_error, ==, CAU_XMPP_JOIN_NICK_IN_USE);
    xmpp_stanza_release (s);
  }
  g_assert_cmpint (parse_join_error ("undefined-condition"), ==, CAU_XMPP_JOIN_OTHER);
}

static void
assert_presence_refused (const char *xml,
                         gboolean    with_reason)
{
  xmpp_stanza_t *s = stanza (xml);
  CauXmppOccupant *occupant = NULL;
  CauXmppJoinError join_error = CAU_XMPP_JOIN_OK;
  const char *why = NULL;

  if (cau_xmpp_parse_muc_presence (s, &occupant, &join_error, &why))
    g_error ("accepted: %s", xml);
  g_assert_null (occupant);
  g_assert_cmpint (why != NULL, ==, with_reason);
  xmpp_stanza_release (s);
}

static void
test_presence_hostile (void)
{
  g_autofree char *long_nick = g_strnfill (CAU_XMPP_MUC_MAX_NICK + 1, 'a');
  g_autofree char *xml = NULL;
  g_autoptr(CauXmppOccupant) odd = NULL;

  /* Not about a room: an ordinary presence. (An error presence from a full JID reads as an
   * answer to entering; the engine only asks about rooms it is entering.) */
  assert_presence_refused ("<presence from='romeo@montague.lit/orchard'/>", FALSE);
  /* From the room itself, or from nobody. */
  assert_presence_refused ("<presence from='" ROOM "'><x xmlns='http://jabber.org/protocol/"
                           "muc#user'><item role='participant'/></x></presence>", TRUE);
  assert_presence_refused ("<presence><x xmlns='http://jabber.org/protocol/muc#user'/>"
                           "</presence>", TRUE);
  /* A nickname change without its new nickname; a subscription type. */
  assert_presence_refused ("<presence from='" ROOM "/a' type='unavailable'>"
                           "<x xmlns='http://jabber.org/protocol/muc#user'><item role='none'/>"
                           "<status code='303'/></x></presence>", TRUE);
  assert_presence_refused ("<presence from='" ROOM "/a' type='subscribe'>"
                           "<x xmlns='http://jabber.org/protocol/muc#user'/></presence>", TRUE);
  /* Nicknames are kept as they are (the window escapes them), up to their limit. */
  xml = g_strdup_printf ("<presence from='" ROOM "/%s'><x xmlns='http://jabber.org/protocol/"
                         "muc#user'/></presence>", long_nick);
  assert_presence_refused (xml, TRUE);
  odd = parse_occupant ("<presence from='" ROOM "/&lt;b&gt;\xe2\x80\xae""evil'>"
                        "<x xmlns='http://jabber.org/protocol/muc#user'>"
                        "<item role='participant' affiliation='king' jid='not a jid@@'/>"
                        "<item role='moderator' affiliation='owner'/></x></presence>");
  g_assert_cmpstr (odd->nick, ==, "<b>\xe2\x80\xae""evil");
  /* Unknown values are none; a second item is not the room's; a bad real JID is dropped. */
  g_assert_cmpint (odd->affiliation, ==, CAU_XMPP_AFFILIATION_NONE);
  g_assert_cmpint (odd->role, ==, CAU_XMPP_ROLE_PARTICIPANT);
  g_assert_null (odd->real_jid);
}

/* Invitations */

static CauXmppInvitation *
parse_invitation (const char  *xml,
                  const char **why)
{
  xmpp_stanza_t *s = stanza (xml);
  CauXmppInvitation *invitation = cau_xmpp_parse_muc_invitation (s, "hecate@shakespeare.lit",
                                                                 why);

  xmpp_stanza_release (s);
  return invitation;
}

static void
test_invitations (void)
{
  g_autoptr(CauXmppInvitation) direct = NULL;
  g_autoptr(CauXmppInvitation) mediated = NULL;
  const char *why = NULL;

  direct = parse_invitation ("<message from='crone1@shakespeare.lit/desktop'"
                             " to='hecate@shakespeare.lit'><x xmlns='jabber:x:conference'"
                             " jid='" ROOM "' password='cauldronburn' reason='Hey Hecate,"
                             " this is the place for all good witches!'/></message>", &why);
  g_assert_nonnull (direct);
  g_assert_cmpstr (direct->room, ==, ROOM);
  g_assert_cmpstr (direct->inviter, ==, "crone1@shakespeare.lit");
  g_assert_cmpstr (direct->password, ==, "cauldronburn");
  g_assert_false (direct->mediated);

  mediated = parse_invitation ("<message from='" ROOM "' to='hecate@shakespeare.lit'>"
                               "<x xmlns='http://jabber.org/protocol/muc#user'>"
                               "<invite from='crone1@shakespeare.lit/desktop'>"
                               "<reason>Hey Hecate</reason></invite>"
                               "<password>cauldronburn</password></x></message>", &why);
  g_assert_nonnull (mediated);
  g_assert_true (mediated->mediated);
  g_assert_cmpstr (mediated->room, ==, ROOM);
  g_assert_cmpstr (mediated->inviter, ==, "crone1@shakespeare.lit");
  g_assert_cmpstr (mediated->reason, ==, "Hey Hecate");

  /* None, another recipient, a room that is an occupant JID, no inviter. */
  g_assert_null (parse_invitation ("<message from='a@b.c'><body>hi</body></message>", &why));
  why = NULL;
  g_assert_null (parse_invitation ("<message from='a@b.c' to='other@b.c'><x xmlns='jabber:x:"
                                   "conference' jid='" ROOM "'/></message>", &why));
  g_assert_nonnull (why);
  why = NULL;
  g_assert_null (parse_invitation ("<message from='a@b.c'><x xmlns='jabber:x:conference'"
                                   " jid='" ROOM "/nick'/></message>", &why));
  g_assert_nonnull (why);
  why = NULL;
  g_assert_null (parse_invitation ("<message from='" ROOM "/nick'><x xmlns='http://jabber.org/"
                                   "protocol/muc#user'><invite from='a@b.c'/></x></message>",
                                   &why));
  g_assert_nonnull (why);
  why = NULL;
  g_assert_null (parse_invitation ("<message from='" ROOM "'><x xmlns='http://jabber.org/"
                                   "protocol/muc#user'><invite/></x></message>", &why));
  g_assert_nonnull (why);
  /* A server or a domain is not a room, whichever way it comes. */
  why = NULL;
  g_assert_null (parse_invitation ("<message from='a@b.c'><x xmlns='jabber:x:conference'"
                                   " jid='shakespeare.lit'/></message>", &why));
  g_assert_nonnull (why);
  why = NULL;
  g_assert_null (parse_invitation ("<message from='chat.shakespeare.lit'><x xmlns='http://"
                                   "jabber.org/protocol/muc#user'><invite from='a@b.c'/></x>"
                                   "</message>", &why));
  g_assert_nonnull (why);
}

/* Discovery */

/* §7.8.2: a room relays that someone declined our invitation; from anything but a room, it
 * is no decline. */
static void
test_declines (void)
{
  g_autoptr(CauXmppInvitation) declined = NULL;
  g_autoptr(CauXmppInvitation) forged = NULL;
  const char *why = NULL;

  declined = parse_invitation ("<message from='" ROOM "' to='hecate@shakespeare.lit/broom'>"
                               "<x xmlns='http://jabber.org/protocol/muc#user'>"
                               "<decline from='hag66@shakespeare.lit/pda'>"
                               "<reason>Sorry, I'm too busy right now.</reason></decline></x>"
                               "</message>", &why);
  g_assert_nonnull (declined);
  g_assert_true (declined->declined);
  g_assert_cmpstr (declined->room, ==, ROOM);
  g_assert_cmpstr (declined->inviter, ==, "hag66@shakespeare.lit");
  g_assert_cmpstr (declined->reason, ==, "Sorry, I'm too busy right now.");

  forged = parse_invitation ("<message from='" ROOM "/mallory' to='hecate@shakespeare.lit'>"
                             "<x xmlns='http://jabber.org/protocol/muc#user'>"
                             "<decline from='hag66@shakespeare.lit'/></x></message>", &why);
  g_assert_null (forged);
  g_assert_nonnull (why);
}

static void
test_room_info (void)
{
  xmpp_stanza_t *s = stanza ("<iq type='result' from='" ROOM "' id='i1'>"
                             "<query xmlns='http://jabber.org/protocol/disco#info'>"
                             "<identity category='conference' name='A Dark Cave' type='text'/>"
                             "<feature var='http://jabber.org/protocol/muc'/>"
                             "<feature var='muc_membersonly'/><feature var='muc_nonanonymous'/>"
                             "<feature var='muc_persistent'/><feature var='urn:xmpp:mam:2'/>"
                             "<feature var='urn:xmpp:occupant-id:0'/>"
                             "<x xmlns='jabber:x:data' type='result'>"
                             "<field var='FORM_TYPE' type='hidden'><value>http://jabber.org/"
                             "protocol/muc#roominfo</value></field>"
                             "<field var='muc#roominfo_description'><value>The place for all"
                             " good witches!</value></field>"
                             "<field var='muc#roominfo_occupants'><value>3</value></field>"
                             "</x></query></iq>");
  g_autoptr(CauXmppRoomInfo) info = NULL;
  const char *why = NULL;

  info = cau_xmpp_parse_room_info (s, ROOM, &why);
  xmpp_stanza_release (s);
  g_assert_nonnull (info);
  g_assert_cmpstr (info->name, ==, "A Dark Cave");
  g_assert_cmpstr (info->description, ==, "The place for all good witches!");
  g_assert_cmpint (info->occupants, ==, 3);
  g_assert_true (info->members_only);
  g_assert_true (info->non_anonymous);
  g_assert_true (info->persistent);
  g_assert_true (info->archived);
  g_assert_true (info->occupant_ids);
  g_assert_false (info->password_protected);
  g_assert_false (info->is_public);
  g_assert_false (info->vcard);
  g_assert_null (info->avatar_hash);
  g_clear_pointer (&info, cau_xmpp_room_info_free);

  /* Its avatar: Prosody's mod_vcard_muc field (hex in any case), or XEP-0486's. Anything but
   * 40 hex digits names none. */
  s = stanza ("<iq type='result' from='" ROOM "' id='i2'>"
              "<query xmlns='http://jabber.org/protocol/disco#info'>"
              "<identity category='conference' type='text'/><feature var='vcard-temp'/>"
              "<x xmlns='jabber:x:data' type='result'>"
              "<field var='{http://modules.prosody.im/mod_vcard_muc}avatar#sha1'>"
              "<value> A9993E364706816ABA3E25717850C26C9CD0D89D </value></field>"
              "</x></query></iq>");
  info = cau_xmpp_parse_room_info (s, ROOM, &why);
  xmpp_stanza_release (s);
  g_assert_true (info->vcard);
  g_assert_cmpstr (info->avatar_hash, ==, "a9993e364706816aba3e25717850c26c9cd0d89d");
  g_clear_pointer (&info, cau_xmpp_room_info_free);
  s = stanza ("<iq type='result' from='" ROOM "' id='i3'>"
              "<query xmlns='http://jabber.org/protocol/disco#info'>"
              "<identity category='conference' type='text'/>"
              "<x xmlns='jabber:x:data' type='result'>"
              "<field var='muc#roominfo_avatarhash'>"
              "<value>a9993e364706816aba3e25717850c26c9cd0d89d</value></field>"
              "</x></query></iq>");
  info = cau_xmpp_parse_room_info (s, ROOM, &why);
  xmpp_stanza_release (s);
  g_assert_cmpstr (info->avatar_hash, ==, "a9993e364706816aba3e25717850c26c9cd0d89d");
  g_clear_pointer (&info, cau_xmpp_room_info_free);
  s = stanza ("<iq type='result' from='" ROOM "' id='i4'>"
              "<query xmlns='http://jabber.org/protocol/disco#info'>"
              "<identity category='conference' type='text'/>"
              "<x xmlns='jabber:x:data' type='result'>"
              "<field var='muc#roominfo_avatarhash'><value>../../etc/passwd</value></field>"
              "</x></query></iq>");
  info = cau_xmpp_parse_room_info (s, ROOM, &why);
  xmpp_stanza_release (s);
  g_assert_null (info->avatar_hash);
  g_clear_pointer (&info, cau_xmpp_room_info_free);

  /* From another address, or not a room. */
  s = stanza ("<iq type='result' from='mallory@evil.example' id='i1'><query xmlns='http://"
              "jabber.org/protocol/disco#info'><identity category='conference'/></query></iq>");
  g_assert_null (cau_xmpp_parse_room_info (s, ROOM, &why));
  xmpp_stanza_release (s);
  s = stanza ("<iq type='result' from='" ROOM "' id='i1'><query xmlns='http://jabber.org/"
              "protocol/disco#info'><identity category='account' type='registered'/></query>"
              "</iq>");
  g_assert_null (cau_xmpp_parse_room_info (s, ROOM, &why));
  xmpp_stanza_release (s);
}

static void
test_room_directory (void)
{
  xmpp_stanza_t *s = stanza ("<iq type='result' from='chat.shakespeare.lit' id='d1'>"
                             "<query xmlns='http://jabber.org/protocol/disco#items'>"
                             "<item jid='heath@chat.shakespeare.lit' name='A Lonely Heath'/>"
                             "<item jid='darkcave@chat.shakespeare.lit'/>"
                             "<item jid='trap@evil.example' name='Not from here'/>"
                             "<item jid='chat.shakespeare.lit'/>"
                             "<item jid='room@chat.shakespeare.lit/nick'/>"
                             "</query></iq>");
  g_autoptr(GArray) rooms = NULL;
  const char *why = NULL;

  rooms = cau_xmpp_parse_room_directory (s, "chat.shakespeare.lit", &why);
  xmpp_stanza_release (s);
  g_assert_nonnull (rooms);
  g_assert_cmpuint (rooms->len, ==, 2);
  g_assert_cmpstr (g_array_index (rooms, CauXmppRoomItem, 0).jid, ==,
                   "heath@chat.shakespeare.lit");
  g_assert_cmpstr (g_array_index (rooms, CauXmppRoomItem, 0).name, ==, "A Lonely Heath");
  g_assert_null (g_array_index (rooms, CauXmppRoomItem, 1).name);

  s = stanza ("<iq type='result' from='evil.example' id='d1'><query xmlns='http://jabber.org/"
              "protocol/disco#items'/></iq>");
  g_assert_null (cau_xmpp_parse_room_directory (s, "chat.shakespeare.lit", &why));
  xmpp_stanza_release (s);
}

/* Bookmarks (XEP-0402) */

#define OWN "juliet@capulet.lit"

static void
test_bookmarks_round_trip (void)
{
  g_autoptr(CauXmppBookmark) bookmark = cau_xmpp_bookmark_new ("theplay@conference.shakespeare.lit");
  g_autoptr(GPtrArray) bookmarks = NULL;
  xmpp_stanza_t *publish, *pubsub, *items_parent, *result, *item, *retract;
  CauXmppBookmark *read;
  const char *why = NULL;

  bookmark->name = g_strdup ("The Play's the Thing");
  bookmark->nick = g_strdup ("JC");
  bookmark->autojoin = TRUE;
  bookmark->extensions = g_strdup ("<extensions><state xmlns='http://myclient.example/"
                                   "bookmark/state' minimized='true'/></extensions>");
  publish = cau_xmpp_build_bookmark_publish (ctx, "p1", bookmark);
  pubsub = xmpp_stanza_get_child_by_name_and_ns (publish, "pubsub",
                                                 "http://jabber.org/protocol/pubsub");
  g_assert_nonnull (xmpp_stanza_get_child_by_name (pubsub, "publish-options"));
  item = xmpp_stanza_get_child_by_name (xmpp_stanza_get_child_by_name (pubsub, "publish"),
                                        "item");
  g_assert_cmpstr (xmpp_stanza_get_id (item), ==, "theplay@conference.shakespeare.lit");

  /* What we published, as the server gives it back. */
  result = xmpp_iq_new (ctx, "result", "f1");
  pubsub = cau_xep_test_add (result, "pubsub", "http://jabber.org/protocol/pubsub");
  items_parent = cau_xep_test_add (pubsub, "items", NULL);
  xmpp_stanza_set_attribute (items_parent, "node", CAU_NS_BOOKMARKS);
  xmpp_stanza_add_child (items_parent, item);
  bookmarks = cau_xmpp_parse_bookmarks_result (result, OWN, &why);
  g_assert_nonnull (bookmarks);
  g_assert_cmpuint (bookmarks->len, ==, 1);
  read = g_ptr_array_index (bookmarks, 0);
  g_assert_cmpstr (read->room, ==, "theplay@conference.shakespeare.lit");
  g_assert_cmpstr (read->name, ==, "The Play's the Thing");
  g_assert_cmpstr (read->nick, ==, "JC");
  g_assert_true (read->autojoin);
  /* Other clients' extensions are kept for the next publication. */
  g_assert_nonnull (read->extensions);
  g_assert_nonnull (strstr (read->extensions, "minimized"));
  xmpp_stanza_release (result);
  xmpp_stanza_release (publish);

  retract = cau_xmpp_build_bookmark_retract (ctx, "r1", "theplay@conference.shakespeare.lit");
  pubsub = xmpp_stanza_get_child_by_name (retract, "pubsub");
  g_assert_cmpstr (xmpp_stanza_get_attribute (xmpp_stanza_get_child_by_name (pubsub, "retract"),
                                              "notify"), ==, "true");
  xmpp_stanza_release (retract);
}

/* A node made with other options is given those the publication asks for; a copy keeps
 * everything, extensions included. */
static void
test_bookmarks_configure_and_copy (void)
{
  xmpp_stanza_t *iq = cau_xmpp_build_bookmarks_configure (ctx, "c1");
  g_autofree char *text = cau_test_stanza_to_text (iq);
  g_autoptr(CauXmppBookmark) bookmark = cau_xmpp_bookmark_new ("salon@muc.example");
  g_autoptr(CauXmppBookmark) copy = NULL;

  g_assert_nonnull (strstr (text, "http://jabber.org/protocol/pubsub#owner"));
  g_assert_nonnull (strstr (text, "<configure node=\"urn:xmpp:bookmarks:1\">"));
  g_assert_nonnull (strstr (text, "<field var=\"pubsub#access_model\"><value>whitelist</value>"));
  g_assert_nonnull (strstr (text, "<field var=\"pubsub#max_items\"><value>max</value>"));
  g_assert_nonnull (strstr (text, "<field var=\"pubsub#persist_items\"><value>true</value>"));
  g_assert_nonnull (strstr (text, "<field var=\"pubsub#send_last_published_item\">"
                                  "<value>never</value>"));
  xmpp_stanza_release (iq);

  bookmark->name = g_strdup ("Salon");
  bookmark->nick = g_strdup ("Juliet");
  bookmark->password = g_strdup ("secret");
  bookmark->autojoin = TRUE;
  bookmark->extensions = g_strdup ("<extensions><x xmlns='urn:example'/></extensions>");
  bookmark->retracted = TRUE;
  copy = cau_xmpp_bookmark_copy (bookmark);
  g_assert_true (copy != bookmark);
  g_assert_cmpstr (copy->room, ==, "salon@muc.example");
  g_assert_cmpstr (copy->name, ==, "Salon");
  g_assert_cmpstr (copy->nick, ==, "Juliet");
  g_assert_cmpstr (copy->password, ==, "secret");
  g_assert_cmpstr (copy->extensions, ==, bookmark->extensions);
  g_assert_true (copy->extensions != bookmark->extensions);
  g_assert_true (copy->autojoin);
  g_assert_true (copy->retracted);
}

static void
test_bookmarks_event (void)
{
  xmpp_stanza_t *s = stanza ("<message from='" OWN "' to='" OWN "/balcony' type='headline'>"
                             "<event xmlns='http://jabber.org/protocol/pubsub#event'>"
                             "<items node='urn:xmpp:bookmarks:1'>"
                             "<item id='theplay@conference.shakespeare.lit'>"
                             "<conference xmlns='urn:xmpp:bookmarks:1' autojoin='1'"
                             " name='The Play'><nick>JC</nick></conference></item>"
                             "<item id='not a room'><conference xmlns='urn:xmpp:bookmarks:1'/>"
                             "</item>"
                             "<retract id='orchard@conference.shakespeare.lit'/>"
                             "</items></event></message>");
  g_autoptr(GPtrArray) changed = NULL;
  g_autoptr(GPtrArray) retracted = NULL;
  const char *why = NULL;

  g_assert_true (cau_xmpp_parse_bookmarks_event (s, OWN, &changed, &retracted, &why));
  xmpp_stanza_release (s);
  g_assert_cmpuint (changed->len, ==, 1);
  g_assert_true (((CauXmppBookmark *) changed->pdata[0])->autojoin);
  g_assert_cmpuint (retracted->len, ==, 1);
  g_assert_cmpstr (retracted->pdata[0], ==, "orchard@conference.shakespeare.lit");
}

/* Only our own account may change our bookmarks. */
static void
test_bookmarks_hostile (void)
{
  const char *pushes[] = {
    "<message from='mallory@evil.example'><event xmlns='http://jabber.org/protocol/pubsub#event'>"
    "<items node='urn:xmpp:bookmarks:1'><item id='trap@evil.example'><conference"
    " xmlns='urn:xmpp:bookmarks:1' autojoin='true'/></item></items></event></message>",
    "<message from='" OWN "/phone'><event xmlns='http://jabber.org/protocol/pubsub#event'>"
    "<items node='urn:xmpp:bookmarks:1'><item id='trap@evil.example'><conference"
    " xmlns='urn:xmpp:bookmarks:1' autojoin='true'/></item></items></event></message>",
    "<message><event xmlns='http://jabber.org/protocol/pubsub#event'>"
    "<items node='urn:xmpp:bookmarks:1'><item id='trap@evil.example'><conference"
    " xmlns='urn:xmpp:bookmarks:1' autojoin='true'/></item></items></event></message>",
  };
  xmpp_stanza_t *s;
  GPtrArray *changed = NULL, *retracted = NULL;
  g_autoptr(GPtrArray) none = NULL;
  const char *why;

  for (gsize i = 0; i < G_N_ELEMENTS (pushes); i++)
    {
      why = NULL;
      s = stanza (pushes[i]);
      g_assert_false (cau_xmpp_parse_bookmarks_event (s, OWN, &changed, &retracted, &why));
      g_assert_null (changed);
      g_assert_nonnull (why);
      xmpp_stanza_release (s);
    }

  /* Another node is not ours to read; a result from a stranger is refused; no node yet is no
   * bookmarks. */
  why = NULL;
  s = stanza ("<message from='" OWN "'><event xmlns='http://jabber.org/protocol/pubsub#event'>"
              "<items node='urn:xmpp:avatar:metadata'/></event></message>");
  g_assert_false (cau_xmpp_parse_bookmarks_event (s, OWN, &changed, &retracted, &why));
  g_assert_null (why);
  xmpp_stanza_release (s);
  s = stanza ("<iq type='result' from='mallory@evil.example' id='f1'><pubsub xmlns='http://"
              "jabber.org/protocol/pubsub'><items node='urn:xmpp:bookmarks:1'/></pubsub></iq>");
  g_assert_null (cau_xmpp_parse_bookmarks_result (s, OWN, &why));
  xmpp_stanza_release (s);
  s = stanza ("<iq type='error' id='f1'><error type='cancel'><item-not-found xmlns='urn:ietf:"
              "params:xml:ns:xmpp-stanzas'/></error></iq>");
  none = cau_xmpp_parse_bookmarks_result (s, OWN, &why);
  g_assert_nonnull (none);
  g_assert_cmpuint (none->len, ==, 0);
  xmpp_stanza_release (s);
}

/* Bookmarks in private storage (XEP-0048, XEP-0049) */

static void
test_legacy_bookmarks_compat (void)
{
  xmpp_stanza_t *s = stanza ("<iq type='result' from='" OWN "' id='i1'><query xmlns='http://"
                             "jabber.org/protocol/disco#info'><identity category='account'"
                             " type='registered'/><feature var='urn:xmpp:bookmarks:1#compat'/>"
                             "</query></iq>");

  g_assert_true (cau_xmpp_parse_bookmarks_compat (s));
  xmpp_stanza_release (s);
  /* Only #compat-pep (XEP-0223 bookmarks kept in step) is not enough for older clients. */
  s = stanza ("<iq type='result' from='" OWN "' id='i1'><query xmlns='http://jabber.org/"
              "protocol/disco#info'><feature var='urn:xmpp:bookmarks:1#compat-pep'/></query>"
              "</iq>");
  g_assert_false (cau_xmpp_parse_bookmarks_compat (s));
  xmpp_stanza_release (s);
  s = stanza ("<iq type='error' from='" OWN "' id='i1'><query xmlns='http://jabber.org/"
              "protocol/disco#info'><feature var='urn:xmpp:bookmarks:1#compat'/></query></iq>");
  g_assert_false (cau_xmpp_parse_bookmarks_compat (s));
  xmpp_stanza_release (s);
}

static void
test_legacy_bookmarks_round_trip (void)
{
  xmpp_stanza_t *s = stanza (
    "<iq type='result' id='f1'><query xmlns='jabber:iq:private'>"
    "<storage xmlns='storage:bookmarks'>"
    "<conference jid='Council@Chat.Example' name='Council' autojoin='1'><nick>Juliet</nick>"
    "<password>secret</password><minimized xmlns='urn:example'/></conference>"
    "<url name='Home' url='https://example.org/'/>"
    "<conference jid='no-local-part.example' name='Broken'/>"
    "<conference jid='balcony@chat.example/Romeo'/>"
    "<conference jid='garden@chat.example'/>"
    "</storage></query></iq>");
  g_autoptr(CauXmppBookmark) changed = cau_xmpp_bookmark_new ("council@chat.example");
  g_autoptr(CauXmppBookmark) added = cau_xmpp_bookmark_new ("nurse@chat.example");
  g_autoptr(GPtrArray) bookmarks = NULL;
  g_autofree char *fetch_text = NULL;
  g_autofree char *text = NULL;
  xmpp_stanza_t *storage = NULL, *with, *without, *fetch, *store;
  const CauXmppBookmark *read;
  const char *why = NULL;

  fetch = cau_xmpp_build_legacy_bookmarks_fetch (ctx, "f1");
  fetch_text = cau_test_stanza_to_text (fetch);
  g_assert_nonnull (strstr (fetch_text, "<query xmlns=\"jabber:iq:private\">"
                                        "<storage xmlns=\"storage:bookmarks\"/></query>"));
  xmpp_stanza_release (fetch);

  bookmarks = cau_xmpp_parse_legacy_bookmarks_result (s, OWN, &storage, &why);
  g_assert_nonnull (bookmarks);
  g_assert_nonnull (storage);
  /* A room without a local part, or with a resource, is not a room. */
  g_assert_cmpuint (bookmarks->len, ==, 2);
  read = g_ptr_array_index (bookmarks, 0);
  g_assert_cmpstr (read->room, ==, "council@chat.example");
  g_assert_cmpstr (read->name, ==, "Council");
  g_assert_cmpstr (read->nick, ==, "Juliet");
  g_assert_cmpstr (read->password, ==, "secret");
  g_assert_true (read->autojoin);
  read = g_ptr_array_index (bookmarks, 1);
  g_assert_cmpstr (read->room, ==, "garden@chat.example");
  g_assert_false (read->autojoin);
  xmpp_stanza_release (s);

  /* A change keeps what it does not understand, in its place. */
  changed->name = g_strdup ("The Council");
  changed->nick = g_strdup ("Jules");
  added->autojoin = TRUE;
  with = cau_xmpp_legacy_bookmarks_with (storage, changed);
  without = cau_xmpp_legacy_bookmarks_with (with, added);
  xmpp_stanza_release (with);
  with = without;
  without = cau_xmpp_legacy_bookmarks_without (with, "garden@chat.example");
  store = cau_xmpp_build_legacy_bookmarks_store (ctx, "s1", without);
  text = cau_test_stanza_to_text (store);
  g_assert_cmpstr (xmpp_stanza_get_type (store), ==, "set");
  g_assert_nonnull (strstr (text, "<query xmlns=\"jabber:iq:private\">"
                                  "<storage xmlns=\"storage:bookmarks\"><conference "));
  g_assert_nonnull (strstr (text, "jid=\"council@chat.example\""));
  g_assert_nonnull (strstr (text, "name=\"The Council\""));
  g_assert_nonnull (strstr (text, "<nick>Jules</nick>"));
  g_assert_null (strstr (text, "Juliet"));
  g_assert_null (strstr (text, "secret"));
  g_assert_nonnull (strstr (text, "<minimized xmlns=\"urn:example\"/></conference><url "));
  g_assert_nonnull (strstr (text, "jid=\"nurse@chat.example\""));
  g_assert_null (strstr (text, "garden"));
  /* Unchanged: the edits made copies. */
  g_free (text);
  text = cau_test_stanza_to_text (with);
  g_assert_nonnull (strstr (text, "garden"));
  xmpp_stanza_release (store);
  xmpp_stanza_release (with);
  xmpp_stanza_release (without);
  xmpp_stanza_release (storage);
}

static void
test_legacy_bookmarks_refused (void)
{
  xmpp_stanza_t *s = stanza ("<iq type='result' from='mallory@evil.example' id='f1'>"
                             "<query xmlns='jabber:iq:private'><storage xmlns='storage:bookmarks'>"
                             "<conference jid='trap@evil.example' autojoin='true'/></storage>"
                             "</query></iq>");
  g_autoptr(GPtrArray) none = NULL;
  xmpp_stanza_t *storage = NULL;
  const char *why = NULL;

  g_assert_null (cau_xmpp_parse_legacy_bookmarks_result (s, OWN, &storage, &why));
  g_assert_null (storage);
  g_assert_nonnull (why);
  xmpp_stanza_release (s);

  /* Nothing stored yet: no bookmarks, and an empty storage to add to. */
  s = stanza ("<iq type='result' from='" OWN "' id='f1'><query xmlns='jabber:iq:private'>"
              "<storage xmlns='storage:bookmarks'/></query></iq>");
  none = cau_xmpp_parse_legacy_bookmarks_result (s, OWN, &storage, &why);
  g_assert_nonnull (none);
  g_assert_cmpuint (none->len, ==, 0);
  g_assert_nonnull (storage);
  g_assert_cmpstr (xmpp_stanza_get_ns (storage), ==, "storage:bookmarks");
  xmpp_stanza_release (storage);
  xmpp_stanza_release (s);
}

/* Moderation and configuration (§9, §10) */

static void
test_admin_requests (void)
{
  xmpp_stanza_t *kick = cau_xmpp_build_muc_set_role (ctx, "k1", ROOM, "pistol", CAU_XMPP_ROLE_NONE,
                                                     "Avaunt, you cullion!");
  xmpp_stanza_t *query = xmpp_stanza_get_child_by_name_and_ns (kick, "query", CAU_NS_MUC_ADMIN);
  xmpp_stanza_t *item = xmpp_stanza_get_child_by_name (query, "item");
  xmpp_stanza_t *ban, *members;
  g_autofree char *reason = xmpp_stanza_get_text (xmpp_stanza_get_child_by_name (item, "reason"));

  g_assert_cmpstr (xmpp_stanza_get_type (kick), ==, "set");
  g_assert_cmpstr (xmpp_stanza_get_to (kick), ==, ROOM);
  g_assert_cmpstr (xmpp_stanza_get_attribute (item, "nick"), ==, "pistol");
  g_assert_cmpstr (xmpp_stanza_get_attribute (item, "role"), ==, "none");
  g_assert_cmpstr (reason, ==, "Avaunt, you cullion!");
  xmpp_stanza_release (kick);

  ban = cau_xmpp_build_muc_set_affiliation (ctx, "b1", ROOM, "earlofcambridge@shakespeare.lit",
                                            CAU_XMPP_AFFILIATION_OUTCAST, NULL);
  item = xmpp_stanza_get_child_by_name (xmpp_stanza_get_child_by_name (ban, "query"), "item");
  g_assert_cmpstr (xmpp_stanza_get_attribute (item, "jid"), ==, "earlofcambridge@shakespeare.lit");
  g_assert_cmpstr (xmpp_stanza_get_attribute (item, "affiliation"), ==, "outcast");
  g_assert_null (xmpp_stanza_get_child_by_name (item, "reason"));
  xmpp_stanza_release (ban);

  members = cau_xmpp_build_muc_affiliation_list (ctx, "m1", ROOM, CAU_XMPP_AFFILIATION_MEMBER);
  item = xmpp_stanza_get_child_by_name (xmpp_stanza_get_child_by_name (members, "query"), "item");
  g_assert_cmpstr (xmpp_stanza_get_type (members), ==, "get");
  g_assert_cmpstr (xmpp_stanza_get_attribute (item, "affiliation"), ==, "member");
  xmpp_stanza_release (members);
}

static void
test_affiliations_result (void)
{
  xmpp_stanza_t *s = stanza ("<iq type='result' from='" ROOM "' id='m1'>"
                             "<query xmlns='http://jabber.org/protocol/muc#admin'>"
                             "<item affiliation='member' jid='hag66@shakespeare.lit'"
                             " nick='thirdwitch' role='participant'/>"
                             "<item affiliation='member' jid='crone1@shakespeare.lit/desk'/>"
                             "<item affiliation='member' jid='@@'/>"
                             "<item affiliation='member' jid='wiccarocks@shakespeare.lit'/>"
                             "</query></iq>");
  g_autoptr(GHashTable) members = NULL;
  const char *why = NULL;

  members = cau_xmpp_parse_muc_affiliations (s, ROOM, &why);
  xmpp_stanza_release (s);
  g_assert_nonnull (members);
  /* Only bare JIDs: they are who we encrypt to. */
  g_assert_cmpuint (g_hash_table_size (members), ==, 2);
  g_assert_true (g_hash_table_contains (members, "hag66@shakespeare.lit"));
  g_assert_cmpint (GPOINTER_TO_INT (g_hash_table_lookup (members, "wiccarocks@shakespeare.lit")),
                   ==, CAU_XMPP_AFFILIATION_MEMBER);

  s = stanza ("<iq type='result' from='mallory@evil.example' id='m1'><query xmlns='http://"
              "jabber.org/protocol/muc#admin'><item affiliation='member' jid='x@y.z'/></query>"
              "</iq>");
  g_assert_null (cau_xmpp_parse_muc_affiliations (s, ROOM, &why));
  xmpp_stanza_release (s);
}

static void
test_configuration (void)
{
  xmpp_stanza_t *s = stanza ("<iq type='result' from='" ROOM "' id='c1'>"
                             "<query xmlns='http://jabber.org/protocol/muc#owner'>"
                             "<x xmlns='jabber:x:data' type='form'>"
                             "<title>Configuration for coven Room</title>"
                             "<field type='hidden' var='FORM_TYPE'><value>http://jabber.org/"
                             "protocol/muc#roomconfig</value></field>"
                             "<field label='Natural-Language Room Name' type='text-single'"
                             " var='muc#roomconfig_roomname'><value>A Dark Cave</value></field>"
                             "<field label='Make Room Members-Only' type='boolean'"
                             " var='muc#roomconfig_membersonly'><value>0</value></field>"
                             "<field label='Who May Discover Real JIDs?' type='list-single'"
                             " var='muc#roomconfig_whois'><value>moderators</value>"
                             "<option label='Moderators Only'><value>moderators</value></option>"
                             "<option label='Anyone'><value>anyone</value></option></field>"
                             "</x></query></iq>");
  g_autoptr(GVariant) form = NULL;
  g_autoptr(GVariant) values = NULL;
  GVariantDict dict;
  xmpp_stanza_t *submit, *x;
  const char *why = NULL;
  guint fields = 0;

  form = g_variant_ref_sink (cau_xmpp_parse_muc_config (s, ROOM, &why));
  xmpp_stanza_release (s);
  g_assert_nonnull (form);
  {
    g_autoptr(GVariant) all = g_variant_get_child_value (form, 2);

    g_assert_cmpuint (g_variant_n_children (all), ==, 4);
  }

  /* A private group: members only, real JIDs to everyone. */
  g_variant_dict_init (&dict, NULL);
  g_variant_dict_insert (&dict, "muc#roomconfig_membersonly", "s", "1");
  g_variant_dict_insert (&dict, "muc#roomconfig_whois", "s", "anyone");
  values = g_variant_ref_sink (g_variant_dict_end (&dict));
  submit = cau_xmpp_build_muc_configure (ctx, "c2", ROOM, TRUE, form, values);
  x = xmpp_stanza_get_child_by_name (xmpp_stanza_get_child_by_name (submit, "query"), "x");
  g_assert_cmpstr (xmpp_stanza_get_type (x), ==, "submit");
  for (xmpp_stanza_t *f = xmpp_stanza_get_children (x); f; f = xmpp_stanza_get_next (f))
    {
      g_autofree char *value = xmpp_stanza_get_text (xmpp_stanza_get_child_by_name (f, "value"));
      const char *var = xmpp_stanza_get_attribute (f, "var");

      fields++;
      if (g_str_equal (var, "muc#roomconfig_membersonly"))
        g_assert_cmpstr (value, ==, "1");
      else if (g_str_equal (var, "muc#roomconfig_whois"))
        g_assert_cmpstr (value, ==, "anyone");
      else if (g_str_equal (var, "muc#roomconfig_roomname"))
        g_assert_cmpstr (value, ==, "A Dark Cave");
    }
  g_assert_cmpuint (fields, ==, 4);
  xmpp_stanza_release (submit);

  /* An instant room: an empty submission. */
  submit = cau_xmpp_build_muc_configure (ctx, "c3", ROOM, TRUE, NULL, NULL);
  x = xmpp_stanza_get_child_by_name (xmpp_stanza_get_child_by_name (submit, "query"), "x");
  g_assert_cmpstr (xmpp_stanza_get_type (x), ==, "submit");
  g_assert_null (xmpp_stanza_get_children (x));
  xmpp_stanza_release (submit);
}

/* Changing some fields sends those alone, with FORM_TYPE: a list of several values that the
 * form type reads one value of is not sent back cut short. */
static void
test_configuration_changes_only (void)
{
  xmpp_stanza_t *s = stanza ("<iq type='result' from='" ROOM "' id='c1'>"
                             "<query xmlns='http://jabber.org/protocol/muc#owner'>"
                             "<x xmlns='jabber:x:data' type='form'>"
                             "<field type='hidden' var='FORM_TYPE'><value>http://jabber.org/"
                             "protocol/muc#roomconfig</value></field>"
                             "<field type='text-single' var='muc#roomconfig_roomname'>"
                             "<value>A Dark Cave</value></field>"
                             "<field type='list-multi' var='muc#roomconfig_presencebroadcast'>"
                             "<value>moderator</value><value>participant</value>"
                             "<option><value>moderator</value></option>"
                             "<option><value>participant</value></option></field>"
                             "</x></query></iq>");
  g_autoptr(GVariant) form = g_variant_ref_sink (cau_xmpp_parse_muc_config (s, ROOM, NULL));
  g_autoptr(GVariant) values = NULL;
  g_autoptr(GVariant) kept = NULL;
  g_autoptr(GVariant) fields = NULL;
  GVariantBuilder builder;
  xmpp_stanza_t *submit, *x;
  guint n = 0;

  xmpp_stanza_release (s);
  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{ss}"));
  g_variant_builder_add (&builder, "{ss}", "muc#roomconfig_roomname", "The Darker Cave");
  values = g_variant_ref_sink (g_variant_builder_end (&builder));
  kept = g_variant_ref_sink (cau_xmpp_data_form_keep_only (form, values));
  fields = g_variant_get_child_value (kept, 2);
  g_assert_cmpuint (g_variant_n_children (fields), ==, 2);

  submit = cau_xmpp_build_muc_configure (ctx, "c2", ROOM, TRUE, kept, values);
  x = xmpp_stanza_get_child_by_name (xmpp_stanza_get_child_by_name (submit, "query"), "x");
  for (xmpp_stanza_t *f = xmpp_stanza_get_children (x); f; f = xmpp_stanza_get_next (f))
    {
      g_autofree char *value = xmpp_stanza_get_text (xmpp_stanza_get_child_by_name (f, "value"));
      const char *var = xmpp_stanza_get_attribute (f, "var");

      n++;
      g_assert_cmpstr (var, !=, "muc#roomconfig_presencebroadcast");
      if (g_str_equal (var, "muc#roomconfig_roomname"))
        g_assert_cmpstr (value, ==, "The Darker Cave");
      else
        g_assert_cmpstr (var, ==, "FORM_TYPE");
    }
  g_assert_cmpuint (n, ==, 2);
  xmpp_stanza_release (submit);
}

/* The room service: a service listed by the server itself that says it hosts rooms. */
static void
test_room_service (void)
{
  xmpp_stanza_t *s = stanza ("<iq type='result' from='shakespeare.lit' id='d1'>"
                             "<query xmlns='http://jabber.org/protocol/disco#items'>"
                             "<item jid='chat.shakespeare.lit'/>"
                             "<item jid='upload.shakespeare.lit' name='Files'/>"
                             "<item jid='shakespeare.lit' node='announce'/>"
                             "<item jid='romeo@shakespeare.lit'/>"
                             "<item jid='pubsub.shakespeare.lit/x'/>"
                             "</query></iq>");
  g_autoptr(GPtrArray) services = NULL;
  const char *why = NULL;

  services = cau_xmpp_parse_disco_services (s, "shakespeare.lit", &why);
  g_assert_nonnull (services);
  g_assert_cmpuint (services->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (services, 0), ==, "chat.shakespeare.lit");
  g_assert_cmpstr (g_ptr_array_index (services, 1), ==, "upload.shakespeare.lit");
  /* Only the server's own answer. */
  g_assert_null (cau_xmpp_parse_disco_services (s, "evil.example", &why));
  g_assert_nonnull (why);
  xmpp_stanza_release (s);

  s = stanza ("<iq type='result' from='chat.shakespeare.lit' id='d2'>"
              "<query xmlns='http://jabber.org/protocol/disco#info'>"
              "<identity category='conference' type='text' name='Chatrooms'/>"
              "<feature var='http://jabber.org/protocol/muc'/>"
              "</query></iq>");
  g_assert_true (cau_xmpp_parse_is_room_service (s, "chat.shakespeare.lit"));
  g_assert_false (cau_xmpp_parse_is_room_service (s, "upload.shakespeare.lit"));
  xmpp_stanza_release (s);

  s = stanza ("<iq type='result' from='upload.shakespeare.lit' id='d3'>"
              "<query xmlns='http://jabber.org/protocol/disco#info'>"
              "<identity category='store' type='file' name='Files'/>"
              "<feature var='urn:xmpp:http:upload:0'/>"
              "</query></iq>");
  g_assert_false (cau_xmpp_parse_is_room_service (s, "upload.shakespeare.lit"));
  xmpp_stanza_release (s);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  xmpp_initialize ();
  ctx = xmpp_ctx_new (NULL, NULL);

  g_test_add_func ("/cau/muc-stanzas/build-join-leave", test_build_join_leave);
  g_test_add_func ("/cau/muc-stanzas/build-messages", test_build_messages);
  g_test_add_func ("/cau/muc-stanzas/presence-occupant", test_presence_occupant);
  g_test_add_func ("/cau/muc-stanzas/presence-leaving", test_presence_leaving);
  g_test_add_func ("/cau/muc-stanzas/presence-join-errors", test_presence_join_errors);
  g_test_add_func ("/cau/muc-stanzas/presence-hostile", test_presence_hostile);
  g_test_add_func ("/cau/muc-stanzas/invitations", test_invitations);
  g_test_add_func ("/cau/muc-stanzas/declines", test_declines);
  g_test_add_func ("/cau/muc-stanzas/room-info", test_room_info);
  g_test_add_func ("/cau/muc-stanzas/room-directory", test_room_directory);
  g_test_add_func ("/cau/muc-stanzas/admin-requests", test_admin_requests);
  g_test_add_func ("/cau/muc-stanzas/affiliations-result", test_affiliations_result);
  g_test_add_func ("/cau/muc-stanzas/configuration", test_configuration);
  g_test_add_func ("/cau/muc-stanzas/bookmarks-round-trip", test_bookmarks_round_trip);
  g_test_add_func ("/cau/muc-stanzas/bookmarks-configure-and-copy",
                   test_bookmarks_configure_and_copy);
  g_test_add_func ("/cau/muc-stanzas/bookmarks-event", test_bookmarks_event);
  g_test_add_func ("/cau/muc-stanzas/legacy-bookmarks-compat", test_legacy_bookmarks_compat);
  g_test_add_func ("/cau/muc-stanzas/legacy-bookmarks-round-trip",
                   test_legacy_bookmarks_round_trip);
  g_test_add_func ("/cau/muc-stanzas/legacy-bookmarks-refused", test_legacy_bookmarks_refused);
  g_test_add_func ("/cau/muc-stanzas/bookmarks-hostile", test_bookmarks_hostile);
  g_test_add_func ("/cau/muc-stanzas/configuration-changes-only",
                   test_configuration_changes_only);
  g_test_add_func ("/cau/muc-stanzas/room-service", test_room_service);

  status = g_test_run ();
  xmpp_ctx_free (ctx);
  xmpp_shutdown ();
  return status;
}
