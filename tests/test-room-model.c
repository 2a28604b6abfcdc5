/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "core/cau-room-private.h"

/*
 * A room's occupant list in the model: sorted by role then nickname, kept current by batches
 * of presences small (one by one) and large (entering a big room, or a flood), and nicknames
 * kept as they came, whatever they hold.
 */

static CauXmppOccupant *
occupant (const char  *nick,
          CauXmppRole  role,
          gboolean     available)
{
  CauXmppOccupant *o = cau_xmpp_occupant_new ();

  o->room = g_strdup ("salon@conference.example.org");
  o->nick = g_strdup (nick);
  o->role = role;
  o->affiliation = CAU_XMPP_AFFILIATION_NONE;
  o->available = available;
  return o;
}

/* The list in order, as "nick,nick,…". */
static char *
listed (CauRoom *room)
{
  GListModel *model = cau_room_get_occupants (room);
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(CauOccupant) o = g_list_model_get_item (model, i);

      g_string_append_printf (text, "%s%s", i ? "," : "", cau_occupant_get_nick (o));
    }
  return g_string_free (text, FALSE);
}

static void
apply (CauRoom *room,
       ...)
{
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) cau_xmpp_occupant_free);
  va_list args;
  CauXmppOccupant *o;

  va_start (args, room);
  while ((o = va_arg (args, CauXmppOccupant *)) != NULL)
    g_ptr_array_add (batch, o);
  va_end (args);
  cau_room_apply_occupants (room, batch);
}

static void
test_small_batches (void)
{
  g_autoptr(CauRoom) room = cau_room_new (NULL, 1, "salon@conference.example.org", "me", NULL,
                                          NULL);
  g_autofree char *a = NULL, *b = NULL, *c = NULL;

  apply (room, occupant ("zoé", CAU_XMPP_ROLE_PARTICIPANT, TRUE),
         occupant ("Anne", CAU_XMPP_ROLE_PARTICIPANT, TRUE),
         occupant ("mod", CAU_XMPP_ROLE_MODERATOR, TRUE), NULL);
  a = listed (room);
  g_assert_cmpstr (a, ==, "mod,Anne,zoé");

  /* Anne becomes a moderator, zoé leaves. */
  apply (room, occupant ("Anne", CAU_XMPP_ROLE_MODERATOR, TRUE),
         occupant ("zoé", CAU_XMPP_ROLE_NONE, FALSE), NULL);
  b = listed (room);
  g_assert_cmpstr (b, ==, "Anne,mod");
  g_assert_null (cau_room_find_occupant (room, "zoé"));
  g_assert_cmpint (cau_occupant_get_role (cau_room_find_occupant (room, "Anne")), ==,
                   CAU_ROLE_MODERATOR);

  /* A visitor comes last. */
  apply (room, occupant ("v", CAU_XMPP_ROLE_VISITOR, TRUE), NULL);
  c = listed (room);
  g_assert_cmpstr (c, ==, "Anne,mod,v");

  /* Presence: extended away is away; then back. */
  {
    CauXmppOccupant *away = occupant ("v", CAU_XMPP_ROLE_VISITOR, TRUE);

    away->show = CAU_XMPP_SHOW_XA;
    away->status_text = g_strdup ("Parti déjeuner");
    apply (room, away, NULL);
    g_assert_cmpint (cau_occupant_get_presence (cau_room_find_occupant (room, "v")), ==,
                     CAU_PRESENCE_AWAY);
    g_assert_cmpstr (cau_occupant_get_status (cau_room_find_occupant (room, "v")), ==,
                     "Parti déjeuner");
    apply (room, occupant ("v", CAU_XMPP_ROLE_VISITOR, TRUE), NULL);
    g_assert_cmpint (cau_occupant_get_presence (cau_room_find_occupant (room, "v")), ==,
                     CAU_PRESENCE_AVAILABLE);
  }
}

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  guint      *changes)
{
  (*changes)++;
}

/* Entering a big room, then a flood of 5 000 presences (arrivals, changes, departures, the
 * same nickname many times): one change of the list per batch, and the list right. */
static void
test_large_batches (void)
{
  g_autoptr(CauRoom) room = cau_room_new (NULL, 1, "salon@conference.example.org", "me", NULL,
                                          NULL);
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) cau_xmpp_occupant_free);
  guint changes = 0;
  GListModel *model = cau_room_get_occupants (room);
  CauOccupant *previous = NULL;

  g_signal_connect (model, "items-changed", G_CALLBACK (items_changed_cb), &changes);
  for (guint i = 0; i < 1000; i++)
    {
      g_autofree char *nick = g_strdup_printf ("person%04u", i);

      g_ptr_array_add (batch, occupant (nick, i % 10 == 0 ? CAU_XMPP_ROLE_MODERATOR
                                                          : CAU_XMPP_ROLE_PARTICIPANT, TRUE));
    }
  cau_room_apply_occupants (room, batch);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1000);
  g_assert_cmpuint (changes, ==, 1);

  g_ptr_array_set_size (batch, 0);
  for (guint i = 0; i < 5000; i++)
    {
      g_autofree char *nick = g_strdup_printf ("person%04u", i % 2000);

      /* Odd rounds leave, even ones (re)enter. */
      g_ptr_array_add (batch, occupant (nick, CAU_XMPP_ROLE_PARTICIPANT, (i / 2000) % 2 == 0));
    }
  changes = 0;
  cau_room_apply_occupants (room, batch);
  g_assert_cmpuint (changes, ==, 1);
  /* person0000–0999: entered (i < 2000 round 0), left (round 1: i 2000–3999), entered again
   * (round 2: i 4000–4999 covers 0000–0999); 1000–1999 entered then left. */
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1000);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(CauOccupant) o = g_list_model_get_item (model, i);

      g_assert_true (cau_room_find_occupant (room, cau_occupant_get_nick (o)) == o);
      if (previous != NULL)
        g_assert_cmpint (g_utf8_collate (cau_occupant_get_nick (previous),
                                         cau_occupant_get_nick (o)), <, 0);
      previous = o;
    }
}

/* Nicknames are text: markup, bidi overrides and look-alikes are kept as they came, and two
 * nicknames that only look alike are two occupants. */
static void
test_hostile_nicknames (void)
{
  g_autoptr(CauRoom) room = cau_room_new (NULL, 1, "salon@conference.example.org", "me", NULL,
                                          NULL);

  apply (room, occupant ("<b>boss</b>", CAU_XMPP_ROLE_PARTICIPANT, TRUE),
         occupant ("\u202Eevil", CAU_XMPP_ROLE_PARTICIPANT, TRUE),
         occupant ("Alice", CAU_XMPP_ROLE_PARTICIPANT, TRUE),
         occupant ("\u0410lice", CAU_XMPP_ROLE_PARTICIPANT, TRUE), NULL);
  g_assert_cmpuint (g_list_model_get_n_items (cau_room_get_occupants (room)), ==, 4);
  g_assert_nonnull (cau_room_find_occupant (room, "<b>boss</b>"));
  g_assert_nonnull (cau_room_find_occupant (room, "\u202Eevil"));
  g_assert_true (cau_room_find_occupant (room, "Alice") !=
                 cau_room_find_occupant (room, "\u0410lice"));
}

/* Our nickname as a word of its own, in any case, is a mention; inside another word it is
 * not. */
static void
test_mentions (void)
{
  g_autoptr(CauRoom) alice = cau_room_new (NULL, 1, "salon@conference.example.org", "Alice", NULL,
                                           NULL);
  g_autoptr(CauRoom) zoe = cau_room_new (NULL, 2, "salon@conference.example.org", "Zoé B", NULL,
                                         NULL);

  g_assert_true (cau_room_mentions_us (alice, "hi alice!"));
  g_assert_true (cau_room_mentions_us (alice, "@Alice: look"));
  g_assert_true (cau_room_mentions_us (alice, "ALICE"));
  g_assert_true (cau_room_mentions_us (alice, "malice, then Alice"));
  g_assert_false (cau_room_mentions_us (alice, "malice"));
  g_assert_false (cau_room_mentions_us (alice, "Alicex"));
  g_assert_false (cau_room_mentions_us (alice, "Alice_2 is not me"));
  g_assert_false (cau_room_mentions_us (alice, ""));
  g_assert_false (cau_room_mentions_us (alice, NULL));
  g_assert_true (cau_room_mentions_us (zoe, "merci zoé b."));
  g_assert_false (cau_room_mentions_us (zoe, "merci zoé"));
}

/* By default a private group notifies every message, a public channel only mentions. */
static void
test_notify_default (void)
{
  g_autoptr(CauRoom) room = cau_room_new (NULL, 1, "salon@conference.example.org", "Alice", NULL,
                                          NULL);
  CauXmppRoomInfo info = { 0 };

  g_assert_cmpint (cau_room_get_notify (room), ==, CAU_ROOM_NOTIFY_DEFAULT);
  g_assert_cmpint (cau_room_get_effective_notify (room), ==, CAU_ROOM_NOTIFY_MENTIONS);
  info.members_only = TRUE;
  info.non_anonymous = TRUE;
  info.occupants = -1;
  cau_room_apply_info (room, &info);
  g_assert_true (cau_room_get_private (room));
  g_assert_cmpint (cau_room_get_effective_notify (room), ==, CAU_ROOM_NOTIFY_ALL);
  cau_room_set_notify (room, CAU_ROOM_NOTIFY_NONE);
  g_assert_cmpint (cau_room_get_effective_notify (room), ==, CAU_ROOM_NOTIFY_NONE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cau/room-model/small-batches", test_small_batches);
  g_test_add_func ("/cau/room-model/large-batches", test_large_batches);
  g_test_add_func ("/cau/room-model/hostile-nicknames", test_hostile_nicknames);
  g_test_add_func ("/cau/room-model/mentions", test_mentions);
  g_test_add_func ("/cau/room-model/notify-default", test_notify_default);
  return g_test_run ();
}
