/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-test-stanza.h"

#include "xmpp/cau-xmpp-message.h"
#include "xmpp/xeps/cau-xep-0045-muc.h"
#include "xmpp/xeps/cau-xep-0425-moderation.h"
#include "xmpp/xeps/cau-xep-messages.h"

/* Moderated retraction (XEP-0425): stanzas as XEP-0425 0.3 shows them, and as Debian 12's
 * mod_muc_moderation (XEP-0425 0.2) sends them. */

#define ROOM   "coven@chat.shakespeare.lit"
#define OWN    "hecate@shakespeare.lit/cauldron"
#define NOW_US ((gint64) 1700000000 * G_USEC_PER_SEC)

static xmpp_ctx_t *ctx;

static CauXmppMessage *
parse_live (const char *xml)
{
  xmpp_stanza_t *s = cau_test_stanza_new (ctx, xml);
  CauXmppMessage *message = cau_xmpp_parse_groupchat (s, NOW_US, NULL);

  xmpp_stanza_release (s);
  return message;
}

/* `inner` archived in the room's archive, as result `id` of query "q". */
static CauXmppMessage *
parse_archived (const char *id,
                const char *inner)
{
  g_autofree char *xml = g_strdup_printf ("<message to='" OWN "' from='" ROOM "'>"
                                          "<result xmlns='urn:xmpp:mam:2' queryid='q' id='%s'>"
                                          "<forwarded xmlns='urn:xmpp:forward:0'>"
                                          "<delay xmlns='urn:xmpp:delay'"
                                          " stamp='2026-11-20T10:00:00Z'/>%s"
                                          "</forwarded></result></message>", id, inner);
  xmpp_stanza_t *s = cau_test_stanza_new (ctx, xml);
  CauXmppMessage *message = cau_xmpp_parse_mam_result (s, OWN, ROOM, "q", NULL);

  xmpp_stanza_release (s);
  return message;
}

static void
test_build (void)
{
  xmpp_stanza_t *iq, *moderate, *apply_to;
  g_autofree char *reason = NULL;

  iq = cau_xmpp_build_moderate_retract (ctx, "r1", ROOM, "stanza-id-1", "Spam",
                                        CAU_XMPP_MODERATION_1);
  g_assert_cmpstr (xmpp_stanza_get_type (iq), ==, "set");
  g_assert_cmpstr (xmpp_stanza_get_to (iq), ==, ROOM);
  moderate = xmpp_stanza_get_child_by_name_and_ns (iq, "moderate", CAU_NS_MODERATE_1);
  g_assert_nonnull (moderate);
  g_assert_cmpstr (xmpp_stanza_get_attribute (moderate, "id"), ==, "stanza-id-1");
  g_assert_nonnull (xmpp_stanza_get_child_by_name_and_ns (moderate, "retract", CAU_NS_RETRACT_1));
  reason = xmpp_stanza_get_text (xmpp_stanza_get_child_by_name (moderate, "reason"));
  g_assert_cmpstr (reason, ==, "Spam");
  xmpp_stanza_release (iq);

  /* 0.2: in a fastening, no reason when none is given. */
  iq = cau_xmpp_build_moderate_retract (ctx, "r2", ROOM, "stanza-id-2", NULL,
                                        CAU_XMPP_MODERATION_0);
  apply_to = xmpp_stanza_get_child_by_name_and_ns (iq, "apply-to", CAU_NS_FASTEN);
  g_assert_nonnull (apply_to);
  g_assert_cmpstr (xmpp_stanza_get_attribute (apply_to, "id"), ==, "stanza-id-2");
  moderate = xmpp_stanza_get_child_by_name_and_ns (apply_to, "moderate", CAU_NS_MODERATE_0);
  g_assert_nonnull (moderate);
  g_assert_nonnull (xmpp_stanza_get_child_by_name_and_ns (moderate, "retract", CAU_NS_RETRACT_0));
  g_assert_null (xmpp_stanza_get_child_by_name (moderate, "reason"));
  xmpp_stanza_release (iq);
}

static void
test_room_info_version (void)
{
  const char *versions[][2] = {
    { "", NULL },
    { "<feature var='urn:xmpp:message-moderate:0'/>", "0" },
    { "<feature var='urn:xmpp:message-moderate:1'/><feature var='urn:xmpp:message-moderate:0'/>",
      "1" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (versions); i++)
    {
      g_autofree char *xml = g_strdup_printf ("<iq type='result' from='" ROOM "' id='i'>"
                                              "<query xmlns='http://jabber.org/protocol/disco#info'>"
                                              "<identity category='conference' type='text'/>%s"
                                              "</query></iq>", versions[i][0]);
      xmpp_stanza_t *s = cau_test_stanza_new (ctx, xml);
      g_autoptr(CauXmppRoomInfo) info = cau_xmpp_parse_room_info (s, ROOM, NULL);
      CauXmppModerationVersion expected = versions[i][1] == NULL ? CAU_XMPP_MODERATION_NONE
        : g_str_equal (versions[i][1], "1") ? CAU_XMPP_MODERATION_1 : CAU_XMPP_MODERATION_0;

      xmpp_stanza_release (s);
      g_assert_nonnull (info);
      g_assert_cmpint (info->moderation, ==, expected);
    }
}

static void
test_announcements (void)
{
  g_autoptr(CauXmppMessage) v1 = NULL;
  g_autoptr(CauXmppMessage) v0 = NULL;
  g_autoptr(CauXmppMessage) bare = NULL;

  /* XEP-0425 0.3, §4 example 4. */
  v1 = parse_live ("<message type='groupchat' id='retraction-id-1' from='" ROOM "'"
                   " to='" OWN "'>"
                   "<retract id='stanza-id-1' xmlns='urn:xmpp:message-retract:1'>"
                   "<moderated by='" ROOM "/macbeth' xmlns='urn:xmpp:message-moderate:1'>"
                   "<occupant-id xmlns='urn:xmpp:occupant-id:0' id='dd72603d'/>"
                   "</moderated><reason>Inappropriate</reason></retract></message>");
  g_assert_nonnull (v1);
  g_assert_cmpstr (v1->retracts, ==, "stanza-id-1");
  g_assert_cmpstr (v1->moderator, ==, "macbeth");
  g_assert_cmpstr (v1->retract_reason, ==, "Inappropriate");
  g_assert_false (v1->retracted);
  g_assert_null (v1->nick);

  /* What mod_muc_moderation (Debian 12) broadcasts. */
  v0 = parse_live ("<message type='groupchat' id='m1' from='" ROOM "' to='" OWN "'>"
                   "<apply-to xmlns='urn:xmpp:fasten:0' id='stanza-id-2'>"
                   "<moderated xmlns='urn:xmpp:message-moderate:0' by='" ROOM "/hecate'>"
                   "<retract xmlns='urn:xmpp:message-retract:0'/><reason>Spam</reason>"
                   "</moderated></apply-to>"
                   "<stanza-id xmlns='urn:xmpp:sid:0' by='" ROOM "' id='stanza-id-3'/>"
                   "</message>");
  g_assert_nonnull (v0);
  g_assert_cmpstr (v0->retracts, ==, "stanza-id-2");
  g_assert_cmpstr (v0->moderator, ==, "hecate");
  g_assert_cmpstr (v0->retract_reason, ==, "Spam");

  /* A moderator named by a real address, or not at all, is "a moderator". */
  bare = parse_live ("<message type='groupchat' from='" ROOM "'>"
                     "<retract id='stanza-id-4' xmlns='urn:xmpp:message-retract:1'>"
                     "<moderated by='witch@shakespeare.lit' xmlns='urn:xmpp:message-moderate:1'/>"
                     "</retract></message>");
  g_assert_nonnull (bare);
  g_assert_cmpstr (bare->retracts, ==, "stanza-id-4");
  g_assert_null (bare->moderator);
  g_assert_null (bare->retract_reason);
}

/* §6: only the room itself announces; the elements from an occupant mean nothing. */
static void
test_announcement_hostile (void)
{
  g_autoptr(CauXmppMessage) from_occupant = NULL;
  g_autoptr(CauXmppMessage) no_id = NULL;
  g_autoptr(CauXmppMessage) long_id = NULL;
  g_autoptr(CauXmppMessage) no_retract = NULL;
  g_autofree char *huge = g_strnfill (300, 'x');
  g_autofree char *xml = NULL;

  from_occupant = parse_live ("<message type='groupchat' from='" ROOM "/oldhag'>"
                              "<body>Look</body>"
                              "<retract id='stanza-id-1' xmlns='urn:xmpp:message-retract:1'>"
                              "<moderated by='" ROOM "/macbeth'"
                              " xmlns='urn:xmpp:message-moderate:1'/></retract></message>");
  g_assert_nonnull (from_occupant);
  g_assert_null (from_occupant->retracts);
  g_assert_cmpstr (from_occupant->body, ==, "Look");

  /* Without an id, or with one no room gives, there is nothing to remove. */
  no_id = parse_live ("<message type='groupchat' from='" ROOM "'>"
                      "<retract xmlns='urn:xmpp:message-retract:1'>"
                      "<moderated xmlns='urn:xmpp:message-moderate:1'/></retract></message>");
  g_assert_null (no_id);
  xml = g_strdup_printf ("<message type='groupchat' from='" ROOM "'>"
                         "<apply-to xmlns='urn:xmpp:fasten:0' id='%s'>"
                         "<moderated xmlns='urn:xmpp:message-moderate:0'>"
                         "<retract xmlns='urn:xmpp:message-retract:0'/></moderated></apply-to>"
                         "</message>", huge);
  long_id = parse_live (xml);
  g_assert_null (long_id);
  /* A moderation that removes nothing (0.2 without <retract/>) is no removal. */
  no_retract = parse_live ("<message type='groupchat' from='" ROOM "'>"
                           "<apply-to xmlns='urn:xmpp:fasten:0' id='stanza-id-1'>"
                           "<moderated xmlns='urn:xmpp:message-moderate:0'/></apply-to>"
                           "</message>");
  g_assert_null (no_retract);
}

static void
test_tombstones (void)
{
  g_autoptr(CauXmppMessage) v0 = NULL;
  g_autoptr(CauXmppMessage) v1 = NULL;
  g_autoptr(CauXmppMessage) live = NULL;

  /* What mod_muc_moderation leaves in the archive: the body is gone. */
  v0 = parse_archived ("stanza-id-1",
                       "<message type='groupchat' from='" ROOM "/oldhag' id='m1'>"
                       "<moderated xmlns='urn:xmpp:message-moderate:0' by='" ROOM "/hecate'>"
                       "<retracted xmlns='urn:xmpp:message-retract:0'"
                       " stamp='2026-11-20T10:05:00Z'/><reason>Spam</reason></moderated>"
                       "</message>");
  g_assert_nonnull (v0);
  g_assert_true (v0->retracted);
  g_assert_null (v0->retracts);
  g_assert_null (v0->body);
  g_assert_cmpstr (v0->nick, ==, "oldhag");
  g_assert_cmpstr (v0->stanza_id, ==, "stanza-id-1");
  g_assert_cmpstr (v0->moderator, ==, "hecate");
  g_assert_cmpstr (v0->retract_reason, ==, "Spam");

  /* XEP-0425 0.3, §5; a body left behind is not kept. */
  v1 = parse_archived ("stanza-id-2",
                       "<message type='groupchat' from='" ROOM "/oldhag' id='m2'>"
                       "<body>DM me for free magic potions!</body>"
                       "<retracted stamp='2026-11-20T10:05:00Z'"
                       " xmlns='urn:xmpp:message-retract:1'>"
                       "<moderated by='witch@shakespeare.lit'"
                       " xmlns='urn:xmpp:message-moderate:1'/>"
                       "<reason>Inappropriate</reason></retracted></message>");
  g_assert_nonnull (v1);
  g_assert_true (v1->retracted);
  g_assert_null (v1->body);
  g_assert_null (v1->moderator);
  g_assert_cmpstr (v1->retract_reason, ==, "Inappropriate");

  /* Live, a "tombstone" is an occupant's say-so: nothing is removed. */
  live = parse_live ("<message type='groupchat' from='" ROOM "/oldhag' id='m3'>"
                     "<body>Still here</body>"
                     "<moderated xmlns='urn:xmpp:message-moderate:0' by='" ROOM "/hecate'>"
                     "<retracted xmlns='urn:xmpp:message-retract:0'/></moderated></message>");
  g_assert_nonnull (live);
  g_assert_false (live->retracted);
  g_assert_cmpstr (live->body, ==, "Still here");
}

/* A one-to-one message carrying a room's announcement is no announcement. */
static void
test_chat_message_ignored (void)
{
  xmpp_stanza_t *s = cau_test_stanza_new (ctx,
                                          "<message type='chat' from='stranger@evil.lit/x'"
                                          " to='" OWN "' id='c1'><body>Hi</body>"
                                          "<retract id='stanza-id-1'"
                                          " xmlns='urn:xmpp:message-retract:1'>"
                                          "<moderated xmlns='urn:xmpp:message-moderate:1'/>"
                                          "</retract></message>");
  g_autoptr(CauXmppMessage) message = cau_xmpp_parse_message (s, OWN, NOW_US, NULL);

  xmpp_stanza_release (s);
  g_assert_nonnull (message);
  g_assert_null (message->retracts);
  g_assert_false (message->retracted);
  g_assert_cmpstr (message->body, ==, "Hi");
}

static void
test_copy (void)
{
  g_autoptr(CauXmppMessage) message = parse_live ("<message type='groupchat' from='" ROOM "'>"
                                                  "<retract id='s1' xmlns='urn:xmpp:message-retract:1'>"
                                                  "<moderated by='" ROOM "/macbeth'"
                                                  " xmlns='urn:xmpp:message-moderate:1'/>"
                                                  "<reason>Why</reason></retract></message>");
  g_autoptr(CauXmppMessage) copy = cau_xmpp_message_copy (message);

  g_assert_cmpstr (copy->retracts, ==, "s1");
  g_assert_true (copy->retracts != message->retracts);
  g_assert_cmpstr (copy->moderator, ==, "macbeth");
  g_assert_cmpstr (copy->retract_reason, ==, "Why");
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  xmpp_initialize ();
  ctx = xmpp_ctx_new (NULL, NULL);

  g_test_add_func ("/cau/moderation-stanzas/build", test_build);
  g_test_add_func ("/cau/moderation-stanzas/room-info-version", test_room_info_version);
  g_test_add_func ("/cau/moderation-stanzas/announcements", test_announcements);
  g_test_add_func ("/cau/moderation-stanzas/announcement-hostile", test_announcement_hostile);
  g_test_add_func ("/cau/moderation-stanzas/tombstones", test_tombstones);
  g_test_add_func ("/cau/moderation-stanzas/chat-message-ignored", test_chat_message_ignored);
  g_test_add_func ("/cau/moderation-stanzas/copy", test_copy);

  status = g_test_run ();
  xmpp_ctx_free (ctx);
  xmpp_shutdown ();
  return status;
}
