/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-test-model.h"
#include "cau-test-rooms.h"
#include "cau-test-prosody.h"
#include "cau-test-ui.h"
#include "ui/cau-message-row.h"
#include "ui/cau-occupant-row.h"
#include "cau-test-util.h"
#include "core/cau-account-manager.h"
#include "ui/cau-application.h"
#include "ui/cau-chat-view.h"
#include "ui/cau-window.h"
#include "core/cau-room-invitation.h"

#include <adwaita.h>
#include <string.h>

/*
 * Rooms in the real window, under Xvfb, on the test Prosody: alice enters
 * a room from the Join a Room dialog (an address that is not a room's is
 * refused in the dialog first), talks there with bob (another install, in
 * this process), looks at who is in, and is refused a nickname somebody
 * already has in another room, then enters with another one from the strip
 * above the messages. Then moderation and invitations: the menu on Bob's row (alice owns the
 * room) removes him with a reason, Bob's invitation waits above the conversations and enters
 * the room when accepted, and alice invites Bob from the room's menu. Screenshots are written
 * to <build>/tests/screenshots/.
 */

#define WAIT_S 30

static CauTestProsody *prosody;
static CauApplication *app;
static GPtrArray *dirs;
static CauTestDevice *bob;

static GtkWidget *
window (void)
{
  return GTK_WIDGET (gtk_application_get_active_window (GTK_APPLICATION (app)));
}

static GtkWidget *
chat_view (void)
{
  return cau_test_find_in (window (), "CauChatView");
}

static gboolean
alice_online (gpointer data)
{
  CauAccount *account = cau_account_manager_find (cau_application_get_account_manager (app),
                                                  "alice@localhost");

  return window () != NULL && gtk_widget_get_mapped (window ()) && account != NULL &&
         cau_account_get_state (account) == CAU_ACCOUNT_STATE_ONLINE;
}

static gboolean
has_toplevel (gpointer name)
{
  return cau_test_toplevel_named (name) != NULL;
}

static gboolean
no_toplevel (gpointer name)
{
  return cau_test_toplevel_named (name) == NULL;
}

static CauRoom *
shown_room (void)
{
  CauConversation *conversation = cau_chat_view_get_conversation (CAU_CHAT_VIEW (chat_view ()));

  return conversation ? cau_conversation_get_room (conversation) : NULL;
}

static gboolean
room_shown_in_state (gpointer data)
{
  CauRoom *room = shown_room ();

  return room != NULL && gtk_widget_get_mapped (chat_view ()) &&
         (int) cau_room_get_state (room) == GPOINTER_TO_INT (data);
}

static gboolean
device_room_joined (gpointer data)
{
  CauConversation *conversation = cau_test_device_find_conversation (bob, data);

  return conversation != NULL &&
         cau_room_get_state (cau_conversation_get_room (conversation)) == CAU_ROOM_JOINED;
}

static gboolean
occupant_gone (gpointer address)
{
  CauConversation *conversation = cau_test_device_find_conversation (bob, address);

  return cau_room_find_occupant (cau_conversation_get_room (conversation), "alice2") == NULL;
}

static void
bob_join (const char *name,
          const char *nick)
{
  g_autofree char *address = cau_test_room_address (prosody, name);
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (cau_account_manager_join_room (bob->manager, bob->account, address, nick,
                                                   NULL, &error));
  g_assert_no_error (error);
  g_assert_true (cau_test_wait_until (device_room_joined, address, WAIT_S));
}

static gboolean
message_shown (gpointer text)
{
  return cau_test_find_label (chat_view (), "message-body", text) != NULL;
}

/* The occupants' panel is all the way in (data TRUE) or out. */
static gboolean
flap_revealed (gpointer data)
{
  AdwFlap *flap = ADW_FLAP (cau_test_find_in (chat_view (), "AdwFlap"));

  return adw_flap_get_reveal_progress (flap) == (GPOINTER_TO_INT (data) ? 1.0 : 0.0);
}

static GtkWidget *
occupants_button (void)
{
  return cau_test_find_in (chat_view (), "chat-occupants-button");
}

/* Through the dialog, as a person would: types, presses Join. */
static void
fill_join_dialog (const char *address)
{
  GtkWidget *dialog = cau_test_toplevel_named ("join-room-dialog");

  gtk_editable_set_text (GTK_EDITABLE (cau_test_find_in (dialog, "join-room-address")), address);
  cau_test_spin (50);
  cau_test_click (cau_test_find_in (dialog, "join-room-join"));
}

static gboolean
strip_says (gpointer text)
{
  return cau_test_find_label (chat_view (), "room-status-label", text) != NULL;
}

static void
test_join_and_talk (void)
{
  g_autofree char *address = cau_test_room_address (prosody, "salon");
  GtkWidget *dialog, *error, *nick, *composer;
  CauRoom *room;

  g_assert_true (cau_test_wait_until (alice_online, NULL, WAIT_S));
  cau_test_resize (GTK_WINDOW (window ()), 1280, 800);

  /* Ctrl+J, or the menu: the dialog, with the account's local part as nickname. */
  gtk_widget_activate_action (window (), "win.join-room", NULL);
  g_assert_true (cau_test_wait_until (has_toplevel, "join-room-dialog", WAIT_S));
  dialog = cau_test_toplevel_named ("join-room-dialog");
  nick = cau_test_find_in (dialog, "join-room-nick");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (nick)), ==, "alice");

  /* A server is not a room: said in the dialog, which stays. */
  fill_join_dialog ("salon du jardin");
  error = cau_test_find_in (dialog, "join-room-error");
  g_assert_true (cau_test_wait_until (cau_test_error_shown, error, WAIT_S));
  g_test_message ("refused: %s", cau_test_label_text (error));
  g_assert_true (gtk_widget_has_css_class (cau_test_find_in (dialog, "join-room-address"),
                                           "error"));
  cau_test_spin (300);
  cau_test_screenshot (dialog, "join-room-dialog");

  /* The room's address: the dialog closes on the room, which does not exist yet: the strip
   * above the messages says so and offers to make it, which lets her in. */
  fill_join_dialog (address);
  g_assert_true (cau_test_wait_until (no_toplevel, "join-room-dialog", WAIT_S));
  g_assert_true (cau_test_wait_until (room_shown_in_state, GINT_TO_POINTER (CAU_ROOM_FAILED),
                                      WAIT_S));
  g_assert_cmpint (cau_room_get_error (shown_room ()), ==, CAU_ROOM_ERROR_MISSING);
  g_assert_true (cau_test_wait_until (strip_says, (gpointer) "does not exist", WAIT_S));
  cau_test_screenshot (window (), "room-missing");
  cau_test_click (cau_test_find_in (chat_view (), "room-status-button"));
  g_assert_true (cau_test_wait_until (room_shown_in_state, GINT_TO_POINTER (CAU_ROOM_JOINED),
                                      WAIT_S));
  room = shown_room ();
  g_assert_cmpstr (cau_room_get_jid (room), ==, address);
  g_assert_cmpstr (cau_room_get_nick (room), ==, "alice");
  /* Not encrypted, and not pretending to be. */
  composer = cau_test_find_in (chat_view (), "CauComposer");
  g_assert_false (gtk_widget_get_visible (cau_test_find_in (composer,
                                                            "composer-encryption-button")));

  /* Bob comes in; each says something. */
  bob_join ("salon", "Bob");
  cau_test_room_wait_occupant (room, "Bob");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (
                              cau_test_find_in (composer, "GtkTextView"))),
                            "Bonjour à tous", -1);
  g_assert_true (gtk_widget_activate_action (composer, "composer.send", NULL));
  cau_test_device_wait_count (bob, address, 1);
  g_assert_true (cau_test_wait_until (message_shown, (gpointer) "Bonjour à tous", WAIT_S));
  cau_test_device_send_text (bob, address, "Salut Alice, bienvenue");
  g_assert_true (cau_test_wait_until (message_shown, (gpointer) "Salut Alice, bienvenue",
                                      WAIT_S));
  /* Bob's nickname above his message, in his colour. */
  {
    GtkWidget *sender = cau_test_find_label (chat_view (), "message-sender", "Bob");
    g_autofree char *hue = NULL;

    g_assert_nonnull (sender);
    g_assert_true (gtk_widget_get_mapped (sender));
    for (int i = 0; i < 36 && hue == NULL; i++)
      {
        g_autofree char *class = g_strdup_printf ("cau-nick-hue-%d", i);

        if (gtk_widget_has_css_class (sender, class))
          hue = g_steal_pointer (&class);
      }
    g_assert_nonnull (hue);
  }

  /* A message naming us stands out. */
  cau_test_device_send_text (bob, address, "alice: tu as vu ?");
  g_assert_true (cau_test_wait_until (message_shown, (gpointer) "alice: tu as vu ?", WAIT_S));
  {
    GtkWidget *body = cau_test_find_label (chat_view (), "message-body", "alice: tu as vu ?");
    GtkWidget *row = gtk_widget_get_ancestor (body, CAU_TYPE_MESSAGE_ROW);

    g_assert_nonnull (row);
    g_assert_true (gtk_widget_has_css_class (row, "mention"));
  }

  /* "@b" offers Bob (not us); taking him addresses the message to him. */
  {
    GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (
                              cau_test_find_in (composer, "GtkTextView")));
    GtkWidget *completion;
    GtkListBox *offered;
    GtkTextIter start, end;
    g_autofree char *text = NULL;

    /* Made when first needed. */
    g_assert_null (cau_test_find_named (composer, "nick-completion"));
    gtk_text_buffer_set_text (buffer, "@b", -1);
    completion = cau_test_find_named (composer, "nick-completion");
    offered = GTK_LIST_BOX (cau_test_find_named (composer, "nick-completion-list"));
    g_assert_true (gtk_widget_get_visible (completion));
    g_assert_nonnull (gtk_list_box_get_row_at_index (offered, 0));
    g_assert_null (gtk_list_box_get_row_at_index (offered, 1));
    cau_test_spin (300);
    g_assert_true (gtk_widget_get_mapped (completion));
    /* A popover is a surface of its own: the window's picture does not hold it. */
    cau_test_screenshot (completion, "room-nick-completion");
    g_signal_emit_by_name (offered, "row-activated", gtk_list_box_get_row_at_index (offered, 0));
    gtk_text_buffer_get_bounds (buffer, &start, &end);
    text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
    g_assert_cmpstr (text, ==, "Bob: ");
    g_assert_false (gtk_widget_get_visible (completion));
    gtk_text_buffer_set_text (buffer, "", -1);
  }

  /* Wide: the occupants beside the messages. */
  g_assert_true (cau_test_wait_until (flap_revealed, GINT_TO_POINTER (TRUE), WAIT_S));
  g_assert_nonnull (cau_test_find_label (chat_view (), "occupant-nick", "Bob"));
  g_assert_nonnull (cau_test_find_label (chat_view (), "occupant-nick", "(you)"));
  g_assert_nonnull (cau_test_find_label (chat_view (), "occupant-count", "2"));
  g_assert_nonnull (cau_test_find_text (chat_view (), "2 participants"));
  cau_test_spin (300);
  cau_test_screenshot (window (), "room-occupants-1280");

  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (occupants_button ()), FALSE);
  g_assert_true (cau_test_wait_until (flap_revealed, GINT_TO_POINTER (FALSE), WAIT_S));
  cau_test_spin (300);
  cau_test_screenshot (window (), "room-1280");

  /* Narrow: the messages; the occupants over them when asked for. */
  cau_test_resize (GTK_WINDOW (window ()), 360, 720);
  cau_test_spin (300);
  g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (occupants_button ())));
  cau_test_screenshot (window (), "room-360");
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (occupants_button ()), TRUE);
  g_assert_true (cau_test_wait_until (flap_revealed, GINT_TO_POINTER (TRUE), WAIT_S));
  cau_test_spin (500);
  cau_test_screenshot (window (), "room-occupants-360");
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (occupants_button ()), FALSE);
  cau_test_resize (GTK_WINDOW (window ()), 1280, 800);
}

/* Somebody has her nickname in that room: the strip says so and takes another. */
static void
test_nick_in_use (void)
{
  g_autofree char *address = cau_test_room_address (prosody, "cafe");
  GtkWidget *entry, *button;
  CauRoom *room;

  bob_join ("cafe", "alice");

  gtk_widget_activate_action (window (), "win.join-room", NULL);
  g_assert_true (cau_test_wait_until (has_toplevel, "join-room-dialog", WAIT_S));
  fill_join_dialog (address);
  g_assert_true (cau_test_wait_until (no_toplevel, "join-room-dialog", WAIT_S));
  g_assert_true (cau_test_wait_until (room_shown_in_state, GINT_TO_POINTER (CAU_ROOM_FAILED),
                                      WAIT_S));
  room = shown_room ();
  g_assert_cmpint (cau_room_get_error (room), ==, CAU_ROOM_ERROR_NICK_IN_USE);
  g_assert_true (cau_test_wait_until (strip_says, (gpointer) cau_room_get_error_message (room),
                                      WAIT_S));
  /* Nothing to send into a room we are not in. */
  g_assert_false (gtk_widget_is_sensitive (cau_test_find_in (chat_view (),
                                                             "composer-send-button")));
  entry = cau_test_find_in (chat_view (), "room-status-entry");
  button = cau_test_find_in (chat_view (), "room-status-button");
  g_assert_true (gtk_widget_get_mapped (entry));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "alice");
  cau_test_spin (400);
  cau_test_screenshot (window (), "room-nick-in-use");
  cau_test_resize (GTK_WINDOW (window ()), 360, 720);
  cau_test_spin (400);
  cau_test_screenshot (window (), "room-nick-in-use-360");
  cau_test_resize (GTK_WINDOW (window ()), 1280, 800);

  gtk_editable_set_text (GTK_EDITABLE (entry), "alice2");
  cau_test_click (button);
  g_assert_true (cau_test_wait_until (room_shown_in_state, GINT_TO_POINTER (CAU_ROOM_JOINED),
                                      WAIT_S));
  g_assert_cmpstr (cau_room_get_nick (room), ==, "alice2");

  /* Leaving from the menu: the strip offers the way back. */
  gtk_widget_activate_action (chat_view (), "chat.leave-room", NULL);
  g_assert_true (cau_test_wait_until (room_shown_in_state, GINT_TO_POINTER (CAU_ROOM_LEFT),
                                      WAIT_S));
  g_assert_true (cau_test_wait_until (strip_says, (gpointer) "You left this room.", WAIT_S));
  /* Once the room has let her go (bob sees it; her own client hears it at the same time): a
   * new entry before the room's answer to the leaving would take that answer for its own (a
   * race of the model, not of this window). */
  g_assert_true (cau_test_wait_until (occupant_gone, address, WAIT_S));
  cau_test_spin (300);
  cau_test_click (button);
  g_assert_true (cau_test_wait_until (room_shown_in_state, GINT_TO_POINTER (CAU_ROOM_JOINED),
                                      WAIT_S));
}

static gboolean
room_named (gpointer name)
{
  return shown_room () != NULL && g_strcmp0 (cau_room_get_name (shown_room ()), name) == 0;
}

static gboolean
room_nick_is (gpointer nick)
{
  return shown_room () != NULL && g_strcmp0 (cau_room_get_nick (shown_room ()), nick) == 0;
}

static gboolean
address_suggested (gpointer dialog)
{
  GtkWidget *row = cau_test_find_in (dialog, "create-room-address");

  return strchr (gtk_editable_get_text (GTK_EDITABLE (row)), '@') != NULL;
}

static gboolean
settings_form_shown (gpointer details)
{
  GtkWidget *form = cau_test_find_named (details, "room-settings-form");
  GtkWidget *name = form ? cau_test_find_named (form, "muc#roomconfig_roomname") : NULL;

  return name != NULL && gtk_widget_get_mapped (name) &&
         g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (name)), "Club de lecture") == 0;
}

/* An image file for avatars, `size` pixels a side, in the test's data directory. */
static char *
image_uri (int size)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, size, size);
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), "cau-ui-rooms-avatar.png", NULL);
  g_autoptr(GError) error = NULL;

  gdk_pixbuf_fill (pixbuf, 0x3584e4ff);
  g_assert_true (gdk_pixbuf_save (pixbuf, path, "png", &error, NULL));
  g_assert_no_error (error);
  return g_filename_to_uri (path, NULL, NULL);
}

static gboolean
image_shown (gpointer avatar)
{
  return adw_avatar_get_custom_image (avatar) != NULL;
}

static gboolean
initials_shown (gpointer avatar)
{
  return adw_avatar_get_custom_image (avatar) == NULL;
}

/* Alice creates a private group from the menu's dialog, with an avatar, looks at its details,
 * renames it in its settings (she owns it), takes another nickname there, and removes the
 * avatar. */
static void
test_create_and_details (void)
{
  g_autofree char *address = cau_test_room_address (prosody, "club-de-lecture");
  g_autofree char *image = image_uri (300);
  GtkWidget *dialog, *details, *form, *name, *nick, *avatar;
  CauRoom *room;

  cau_test_resize (GTK_WINDOW (window ()), 1280, 800);
  gtk_widget_activate_action (window (), "win.create-room", NULL);
  g_assert_true (cau_test_wait_until (has_toplevel, "create-room-dialog", WAIT_S));
  dialog = cau_test_toplevel_named ("create-room-dialog");
  g_assert_false (gtk_widget_get_sensitive (cau_test_find_in (dialog, "create-room-create")));
  gtk_editable_set_text (GTK_EDITABLE (cau_test_find_in (dialog, "create-room-name")),
                         "Club de lecture");
  gtk_editable_set_text (GTK_EDITABLE (cau_test_find_in (dialog, "create-room-description")),
                         "Un livre par mois");
  /* The address, suggested from the name on the room service her server lists. */
  g_assert_true (cau_test_wait_until (address_suggested, dialog, WAIT_S));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (cau_test_find_in (dialog,
                                                                           "create-room-address"))),
                   ==, address);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (cau_test_find_in (dialog,
                                                                           "create-room-nick"))),
                   ==, "alice");
  /* An avatar, as the file chooser would give it: shown before the room exists. */
  g_assert_true (gtk_widget_activate_action (dialog, "create-room.set-avatar-file", "s", image));
  g_assert_true (cau_test_wait_until (image_shown, cau_test_find_in (dialog,
                                                                     "create-room-avatar-image"),
                                      WAIT_S));
  g_assert_true (gtk_widget_get_visible (cau_test_find_in (dialog, "create-room-clear-avatar")));
  cau_test_spin (300);
  cau_test_screenshot (dialog, "room-create-dialog");
  cau_test_click (cau_test_find_in (dialog, "create-room-create"));
  g_assert_true (cau_test_wait_until (no_toplevel, "create-room-dialog", WAIT_S));
  g_assert_true (cau_test_wait_until (room_shown_in_state, GINT_TO_POINTER (CAU_ROOM_JOINED),
                                      WAIT_S));
  room = shown_room ();
  g_assert_cmpstr (cau_room_get_jid (room), ==, address);
  g_assert_cmpstr (cau_room_get_name (room), ==, "Club de lecture");
  g_assert_true (cau_room_get_private (room));
  /* Its avatar, set once she was in: in the conversation's header. */
  g_assert_true (cau_test_wait_until (image_shown, cau_test_find_in (chat_view (), "chat-avatar"),
                                      WAIT_S));
  g_assert_nonnull (cau_room_get_avatar_hash (room));

  /* Its details, from the conversation's menu. */
  g_assert_true (gtk_widget_activate_action (chat_view (), "chat.room-details", NULL));
  g_assert_true (cau_test_wait_until (has_toplevel, "room-details", WAIT_S));
  details = cau_test_toplevel_named ("room-details");
  g_assert_cmpstr (cau_test_label_text (cau_test_find_in (details, "room-details-title")), ==,
                   "Club de lecture");
  g_assert_cmpstr (cau_test_label_text (cau_test_find_in (details, "room-details-description")),
                   ==, "Un livre par mois");
  g_assert_nonnull (cau_test_find_label (details, "room-details-kind", "Private group"));
  g_assert_cmpstr (cau_test_label_text (cau_test_find_in (details,
                                                          "room-details-participants-count")),
                   ==, "1");
  /* She owns it: its settings and its avatar are hers to change. */
  g_assert_true (gtk_widget_get_visible (cau_test_find_in (details, "room-details-settings")));
  avatar = cau_test_find_in (details, "room-details-avatar");
  g_assert_true (cau_test_wait_until (image_shown, avatar, WAIT_S));
  g_assert_true (gtk_widget_get_visible (cau_test_find_in (details,
                                                           "room-remove-avatar-button")));
  cau_test_resize (GTK_WINDOW (details), 1280, 800);
  cau_test_spin (400);
  cau_test_screenshot (details, "room-details-1280");
  cau_test_resize (GTK_WINDOW (details), 360, 720);
  cau_test_spin (400);
  cau_test_screenshot (details, "room-details-360");

  /* The settings, as the room sends them; only the name changes. */
  cau_test_resize (GTK_WINDOW (details), 1280, 800);
  adw_action_row_activate (ADW_ACTION_ROW (cau_test_find_in (details, "room-details-settings")));
  g_assert_true (cau_test_wait_until (settings_form_shown, details, WAIT_S));
  cau_test_spin (400);
  cau_test_screenshot (details, "room-settings-1280");
  form = cau_test_find_in (details, "room-settings-form");
  name = cau_test_find_in (form, "muc#roomconfig_roomname");
  g_assert_false (gtk_widget_get_sensitive (cau_test_find_in (details, "room-settings-save")));
  gtk_editable_set_text (GTK_EDITABLE (name), "Club de lecture du jeudi");
  cau_test_click (cau_test_find_in (details, "room-settings-save"));
  g_assert_true (cau_test_wait_until (room_named, (gpointer) "Club de lecture du jeudi", WAIT_S));
  g_assert_cmpstr (cau_test_label_text (cau_test_find_in (details, "room-details-title")), ==,
                   "Club de lecture du jeudi");

  /* Another nickname: still in. */
  nick = cau_test_find_in (details, "room-details-nick");
  gtk_editable_set_text (GTK_EDITABLE (nick), "Alice la lectrice");
  g_signal_emit_by_name (nick, "apply");
  g_assert_true (cau_test_wait_until (room_nick_is, (gpointer) "Alice la lectrice", WAIT_S));
  g_assert_cmpint (cau_room_get_state (room), ==, CAU_ROOM_JOINED);

  /* No avatar: the initials again, here and in the header. */
  g_assert_true (gtk_widget_activate_action (details, "room.remove-avatar", NULL));
  g_assert_true (cau_test_wait_until (initials_shown, avatar, WAIT_S));
  g_assert_true (cau_test_wait_until (initials_shown, cau_test_find_in (chat_view (),
                                                                        "chat-avatar"), WAIT_S));
  g_assert_null (cau_room_get_avatar_hash (room));

  gtk_window_close (GTK_WINDOW (details));
  g_assert_true (cau_test_wait_until (no_toplevel, "room-details", WAIT_S));
}

static CauConversation *
alice_conversation (const char *address)
{
  GListModel *list = cau_account_manager_get_conversations (cau_application_get_account_manager (app));

  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(CauConversation) conversation = g_list_model_get_item (list, i);

      if (g_strcmp0 (cau_conversation_get_peer (conversation), address) == 0)
        return conversation;
    }
  return NULL;
}

static CauRoom *
bob_room (const char *address)
{
  return cau_conversation_get_room (cau_test_device_find_conversation (bob, address));
}

static gboolean
bob_room_in_state (gpointer data)
{
  CauRoom *room = bob_room (((gpointer *) data)[0]);

  return (int) cau_room_get_state (room) == GPOINTER_TO_INT (((gpointer *) data)[1]);
}

static gboolean
menu_button_shown (gpointer row)
{
  return gtk_widget_get_visible (cau_test_find_in (row, "occupant-menu-button"));
}

/* Alice owns "salon": Bob's row has a menu with what an owner may do, nothing on her own row;
 * removing him asks for a reason, which he then reads. */
static void
test_occupant_menu (void)
{
  g_autofree char *address = cau_test_room_address (prosody, "salon");
  gpointer kicked[] = { address, GINT_TO_POINTER (CAU_ROOM_FAILED) };
  gpointer back[] = { address, GINT_TO_POINTER (CAU_ROOM_JOINED) };
  GtkWidget *row, *own_row, *button, *popover, *dialog;
  CauRoom *room;

  cau_window_open_conversation (CAU_WINDOW (window ()), alice_conversation (address));
  g_assert_true (cau_test_wait_until (room_shown_in_state, GINT_TO_POINTER (CAU_ROOM_JOINED),
                                      WAIT_S));
  room = shown_room ();
  cau_test_room_wait_occupant (room, "Bob");
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (occupants_button ()), TRUE);
  g_assert_true (cau_test_wait_until (flap_revealed, GINT_TO_POINTER (TRUE), WAIT_S));

  row = gtk_widget_get_ancestor (cau_test_find_label (chat_view (), "occupant-nick", "Bob"),
                                 g_type_from_name ("CauOccupantRow"));
  own_row = gtk_widget_get_ancestor (cau_test_find_label (chat_view (), "occupant-nick", "(you)"),
                                     g_type_from_name ("CauOccupantRow"));
  g_assert_true (cau_test_wait_until (menu_button_shown, row, WAIT_S));
  g_assert_false (gtk_widget_get_visible (cau_test_find_in (own_row, "occupant-menu-button")));

  button = cau_test_find_in (row, "occupant-menu-button");
  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  popover = GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (button)));
  g_assert_nonnull (popover);
  cau_test_spin (300);
  g_assert_true (gtk_widget_get_mapped (popover));
  g_assert_nonnull (cau_test_find_text (popover, "Remove from Room"));
  g_assert_nonnull (cau_test_find_text (popover, "Ban"));
  g_assert_nonnull (cau_test_find_text (popover, "Revoke Voice"));
  g_assert_nonnull (cau_test_find_text (popover, "Make Admin"));
  cau_test_screenshot (popover, "room-occupant-menu");
  gtk_menu_button_popdown (GTK_MENU_BUTTON (button));

  /* Remove from Room…: a reason, then Bob is out and reads it. */
  g_assert_true (gtk_widget_activate_action (row, "occupant.kick", NULL));
  g_assert_true (cau_test_wait_until (has_toplevel, "occupant-removal-dialog", WAIT_S));
  dialog = cau_test_toplevel_named ("occupant-removal-dialog");
  gtk_editable_set_text (GTK_EDITABLE (cau_test_find_in (dialog, "occupant-removal-reason")),
                         "Une pause");
  cau_test_screenshot (dialog, "room-occupant-kick-dialog");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "kick");
  gtk_window_close (GTK_WINDOW (dialog));
  g_assert_true (cau_test_wait_until (bob_room_in_state, kicked, WAIT_S));
  g_assert_cmpint (cau_room_get_error (bob_room (address)), ==, CAU_ROOM_ERROR_KICKED);
  g_assert_cmpstr (cau_room_get_removal_reason (bob_room (address)), ==, "Une pause");

  cau_room_join (bob_room (address), "Bob", NULL);
  g_assert_true (cau_test_wait_until (bob_room_in_state, back, WAIT_S));
}

static gboolean
device_message_removed (gpointer address)
{
  guint n = cau_test_device_count_messages (bob, address);
  g_autoptr(CauMessage) last = n > 0 ? cau_test_device_message_at (bob, address, n - 1) : NULL;

  return last != NULL && cau_message_get_retracted (last);
}

/* Alice, owner of "salon", removes what Bob said from the message's menu, with a reason: the
 * bubble says by whom and why, for her and for Bob. */
static void
test_remove_message (void)
{
  g_autofree char *address = cau_test_room_address (prosody, "salon");
  g_autofree char *removed = NULL;
  GtkWidget *label, *row, *popover, *dialog;
  CauRoom *room = shown_room ();

  g_assert_cmpstr (cau_room_get_jid (room), ==, address);
  cau_test_device_send_text (bob, address, "Achetez mes potions");
  g_assert_true (cau_test_wait_until (message_shown, (gpointer) "Achetez mes potions", WAIT_S));
  label = cau_test_find_label (chat_view (), "message-body", "Achetez mes potions");
  row = gtk_widget_get_ancestor (label, CAU_TYPE_MESSAGE_ROW);
  g_assert_nonnull (row);

  /* A secondary click (or a long press) on the bubble opens its menu. */
  g_signal_emit_by_name (row, "menu-requested", 20.0, 10.0);
  popover = cau_test_find_in (row, "message-menu");
  g_assert_nonnull (popover);
  cau_test_spin (300);
  g_assert_true (gtk_widget_get_mapped (popover));
  g_assert_nonnull (cau_test_find_text (popover, "Copy Text"));
  g_assert_nonnull (cau_test_find_text (popover, "Remove for Everyone"));
  cau_test_screenshot (popover, "room-message-menu");

  g_assert_true (gtk_widget_activate_action (popover, "message.remove", NULL));
  gtk_popover_popdown (GTK_POPOVER (popover));
  g_assert_true (cau_test_wait_until (has_toplevel, "message-removal-dialog", WAIT_S));
  dialog = cau_test_toplevel_named ("message-removal-dialog");
  gtk_editable_set_text (GTK_EDITABLE (cau_test_find_in (dialog, "message-removal-reason")),
                         "Publicité");
  cau_test_screenshot (dialog, "room-message-removal-dialog");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "remove");
  gtk_window_close (GTK_WINDOW (dialog));

  removed = g_strdup_printf ("Removed by %s: Publicité", cau_room_get_nick (room));
  g_assert_true (cau_test_wait_until (message_shown, removed, WAIT_S));
  g_assert_false (message_shown ((gpointer) "Achetez mes potions"));
  g_assert_true (cau_test_wait_until (device_message_removed, address, WAIT_S));
  cau_test_screenshot (window (), "room-message-removed");
}

static gboolean
own_last_correctable (gpointer address)
{
  CauConversation *conversation = alice_conversation (address);
  g_autoptr(CauHistory) history = cau_conversation_dup_history (conversation);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (history));
  g_autoptr(CauMessage) last = n > 0 ? g_list_model_get_item (G_LIST_MODEL (history), n - 1)
                                     : NULL;

  return last != NULL && cau_conversation_can_correct (conversation, last);
}

static gboolean
device_message_corrected (gpointer address)
{
  guint n = cau_test_device_count_messages (bob, address);
  g_autoptr(CauMessage) last = n > 0 ? cau_test_device_message_at (bob, address, n - 1) : NULL;

  return last != NULL && cau_message_get_edited (last) &&
         g_strcmp0 (cau_message_get_body (last), "Bonne nuit, tout le monde") == 0;
}

/* XEP-0308: Alice corrects her last message from its menu: the composer takes its text, with
 * a bar saying so; sending replaces the text, for Bob too. */
static void
test_correct_message (void)
{
  g_autofree char *address = cau_test_room_address (prosody, "salon");
  GtkWidget *composer = cau_test_find_in (chat_view (), "CauComposer");
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (
                            cau_test_find_in (composer, "GtkTextView")));
  g_autofree char *text = NULL;
  GtkTextIter start, end;
  GtkWidget *row, *popover;

  gtk_text_buffer_set_text (buffer, "Bonne nuitt", -1);
  g_assert_true (gtk_widget_activate_action (composer, "composer.send", NULL));
  g_assert_true (cau_test_wait_until (message_shown, (gpointer) "Bonne nuitt", WAIT_S));
  g_assert_true (cau_test_wait_until (own_last_correctable, address, WAIT_S));

  row = gtk_widget_get_ancestor (cau_test_find_label (chat_view (), "message-body", "Bonne nuitt"),
                                 CAU_TYPE_MESSAGE_ROW);
  g_signal_emit_by_name (row, "menu-requested", 20.0, 10.0);
  popover = cau_test_find_in (row, "message-menu");
  cau_test_spin (300);
  g_assert_nonnull (cau_test_find_text (popover, "Correct"));
  g_assert_true (gtk_widget_activate_action (popover, "message.edit", NULL));
  gtk_popover_popdown (GTK_POPOVER (popover));
  cau_test_spin (100);

  g_assert_true (gtk_widget_get_visible (cau_test_find_in (composer, "composer-edit-bar")));
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  g_assert_cmpstr (text, ==, "Bonne nuitt");
  cau_test_screenshot (window (), "room-message-correcting");

  gtk_text_buffer_set_text (buffer, "Bonne nuit, tout le monde", -1);
  g_assert_true (gtk_widget_activate_action (composer, "composer.send", NULL));
  g_assert_true (cau_test_wait_until (message_shown, (gpointer) "tout le monde", WAIT_S));
  g_assert_false (message_shown ((gpointer) "Bonne nuitt"));
  g_assert_false (gtk_widget_get_visible (cau_test_find_in (composer, "composer-edit-bar")));
  g_assert_cmpint (gtk_text_buffer_get_char_count (buffer), ==, 0);
  g_assert_true (cau_test_wait_until (device_message_corrected, address, WAIT_S));
  cau_test_screenshot (window (), "room-message-corrected");
}

/* The sender headings shown above `body`'s group, in order: the labels named message-sender
 * that are mapped, with their hue class. */
static void
collect_senders (GtkWidget *widget,
                 GPtrArray *found)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
      g_strcmp0 (gtk_widget_get_name (widget), "message-sender") == 0)
    g_ptr_array_add (found, widget);
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    collect_senders (c, found);
}

static const char *
hue_class (GtkWidget *label)
{
  return g_object_get_data (G_OBJECT (label), "cau-hue");
}

/* XEP-0421: someone else under Bob's nickname (another occupant id) is told apart: a heading of
 * their own, in another colour; Bob's own messages keep his. */
static void
test_occupant_ids (void)
{
  g_autofree char *address = cau_test_room_address (prosody, "salon");
  g_autofree char *forged = NULL;
  g_autoptr(GPtrArray) senders = g_ptr_array_new ();
  CauAccount *account = cau_account_manager_find (cau_application_get_account_manager (app),
                                                  "alice@localhost");
  GtkWidget *bob_heading, *other_heading;

  const char *bob_id;
  g_autofree char *bob_class = NULL;
  g_autofree char *other_id = NULL;
  g_autofree char *other_class = NULL;

  cau_test_device_send_text (bob, address, "C’est moi, Bob");
  g_assert_true (cau_test_wait_until (message_shown, (gpointer) "C’est moi, Bob", WAIT_S));
  /* Another person's id, of another of the 36 colours than Bob's (the room's ids are
   * random). */
  bob_id = cau_occupant_get_occupant_id (cau_room_find_occupant (shown_room (), "Bob"));
  g_assert_nonnull (bob_id);
  bob_class = cau_nick_hue_class (bob_id);
  for (guint i = 0; other_class == NULL || g_str_equal (other_class, bob_class); i++)
    {
      g_free (other_id);
      g_free (other_class);
      other_id = g_strdup_printf ("someone-else-%u", i);
      other_class = cau_nick_hue_class (other_id);
    }
  forged = g_strdup_printf ("<message xmlns='jabber:client' type='groupchat' from='%s/Bob' "
                            "to='%s' id='imp-1'><body>Moi aussi, Bob</body>"
                            "<occupant-id xmlns='urn:xmpp:occupant-id:0' id='%s'/>"
                            "</message>", address, cau_account_get_bound_jid (account),
                            other_id);
  cau_test_room_inject (prosody, forged);
  g_assert_true (cau_test_wait_until (message_shown, (gpointer) "Moi aussi, Bob", WAIT_S));
  cau_test_spin (200);

  collect_senders (chat_view (), senders);
  g_assert_cmpuint (senders->len, >=, 2);
  bob_heading = g_ptr_array_index (senders, senders->len - 2);
  other_heading = g_ptr_array_index (senders, senders->len - 1);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (bob_heading)), ==, "Bob");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (other_heading)), ==, "Bob");
  g_assert_cmpstr (hue_class (bob_heading), ==, bob_class);
  g_assert_cmpstr (hue_class (other_heading), ==, other_class);
  cau_test_screenshot (window (), "room-occupant-ids");

  /* Narrow, the same messages: removed, corrected, two Bobs. */
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (occupants_button ()), FALSE);
  cau_test_resize (GTK_WINDOW (window ()), 360, 720);
  cau_test_spin (500);
  cau_test_screenshot (window (), "room-changed-messages-360");
  cau_test_resize (GTK_WINDOW (window ()), 1280, 800);
}

static gboolean
invitation_shown (gpointer address)
{
  return cau_test_find_label (window (), "invitation-address", address) != NULL;
}

static gboolean
invitations_hidden (gpointer data)
{
  return !gtk_revealer_get_child_revealed (GTK_REVEALER (cau_test_find_in (window (),
                                                                           "CauInvitationList/GtkRevealer")));
}

/* Bob invites alice to his room: the invitation waits above her conversations (with a
 * notification), and Join enters the room. */
static void
test_invitation (void)
{
  g_autofree char *address = cau_test_room_address (prosody, "atelier");
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  GtkWidget *leaflet = cau_test_find_in (window (), "AdwLeaflet");
  guint notified = cau_test_notifications_get ()->len;
  CauRoom *room;

  bob_join ("atelier", "Bob");
  cau_room_invite (bob_room (address), "alice@localhost", "Viens voir l’atelier", NULL,
                   cau_test_store_result_cb, &result);
  g_assert_true (cau_room_moderate_finish (bob_room (address), cau_test_wait_result (&result),
                                           &error));
  g_assert_no_error (error);

  g_assert_true (cau_test_wait_until (invitation_shown, address, WAIT_S));
  g_assert_nonnull (cau_test_find_label (window (), "invitation-room", "atelier"));
  g_assert_nonnull (cau_test_find_label (window (), "invitation-inviter", "bob@localhost"));
  g_assert_nonnull (cau_test_find_label (window (), "invitation-reason", "Viens voir"));
  g_assert_cmpuint (cau_test_notifications_get ()->len, >, notified);
  cau_test_spin (300);
  cau_test_screenshot (window (), "room-invitation-1280");

  cau_test_resize (GTK_WINDOW (window ()), 360, 720);
  cau_test_spin (300);
  adw_leaflet_navigate (ADW_LEAFLET (leaflet), ADW_NAVIGATION_DIRECTION_BACK);
  cau_test_spin (500);
  g_assert_true (invitation_shown (address));
  cau_test_screenshot (window (), "room-invitation-360");
  cau_test_resize (GTK_WINDOW (window ()), 1280, 800);

  cau_test_click (cau_test_find_mapped_named (window (), "invitation-join-button"));
  g_assert_true (cau_test_wait_until (room_shown_in_state, GINT_TO_POINTER (CAU_ROOM_JOINED),
                                      WAIT_S));
  room = shown_room ();
  g_assert_cmpstr (cau_room_get_jid (room), ==, address);
  g_assert_true (cau_test_wait_until (invitations_hidden, NULL, WAIT_S));
}

static gboolean
suggestion_shown (gpointer dialog)
{
  return cau_test_find_mapped_named (dialog, "invite-suggestion") != NULL;
}

static gboolean
toast_says (gpointer text)
{
  return cau_test_find_text (window (), text) != NULL;
}

/* From the room's menu: Bob found among the contacts by name, invited with a message. */
static void
test_invite_dialog (void)
{
  GtkWidget *dialog, *address_entry;

  g_assert_true (gtk_widget_activate_action (chat_view (), "chat.invite", NULL));
  g_assert_true (cau_test_wait_until (has_toplevel, "invite-dialog", WAIT_S));
  dialog = cau_test_toplevel_named ("invite-dialog");
  address_entry = cau_test_find_in (dialog, "invite-address");
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog),
                                                           "invite"));
  gtk_editable_set_text (GTK_EDITABLE (address_entry), "bo");
  g_assert_true (cau_test_wait_until (suggestion_shown, dialog, WAIT_S));
  gtk_editable_set_text (GTK_EDITABLE (cau_test_find_in (dialog, "invite-reason")),
                         "On en parle ici");
  cau_test_screenshot (dialog, "room-invite-dialog");

  g_signal_emit_by_name (cau_test_find_in (dialog, "invite-suggestions"), "row-activated",
                         cau_test_find_mapped_named (dialog, "invite-suggestion"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (address_entry)), ==, "bob@localhost");
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "invite"));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "invite");
  gtk_window_close (GTK_WINDOW (dialog));
  g_assert_true (cau_test_wait_until (toast_says, (gpointer) "Invitation sent to bob@localhost",
                                      WAIT_S));
}

/* Bob, who owns "atelier", removes alice with a reason: the strip above the messages says
 * so, with his words. */
static void
test_kicked (void)
{
  g_autofree char *address = cau_test_room_address (prosody, "atelier");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  CauRoom *room = shown_room ();

  g_assert_cmpstr (cau_room_get_jid (room), ==, address);
  cau_room_kick (bob_room (address), cau_room_get_nick (room), "On ferme", NULL,
                 cau_test_store_result_cb, &result);
  g_assert_true (cau_room_moderate_finish (bob_room (address), cau_test_wait_result (&result),
                                           &error));
  g_assert_no_error (error);
  g_assert_true (cau_test_wait_until (room_shown_in_state, GINT_TO_POINTER (CAU_ROOM_FAILED),
                                      WAIT_S));
  g_assert_cmpint (cau_room_get_error (room), ==, CAU_ROOM_ERROR_KICKED);
  g_assert_true (cau_test_wait_until (strip_says, (gpointer) "On ferme", WAIT_S));
  cau_test_screenshot (window (), "room-kicked");
}

static gboolean
directory_lists (gpointer title)
{
  GtkWidget *dialog = cau_test_toplevel_named ("join-room-dialog");

  return dialog != NULL && cau_test_find_text (dialog, title) != NULL;
}

/* The service's public rooms in the join dialog: one picked fills the address. */
static void
test_directory (void)
{
  g_autofree char *address = cau_test_room_address (prosody, "annuaire");
  CauConversation *created;
  g_autoptr(GError) error = NULL;
  GtkWidget *dialog, *row;

  /* Bob runs a public channel. */
  created = cau_account_manager_create_room (bob->manager, bob->account, address, "Bob",
                                             "L’annuaire des salons", NULL, FALSE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (created);
  g_assert_true (cau_test_wait_until (device_room_joined, address, WAIT_S));
  cau_test_spin (500);

  gtk_widget_activate_action (window (), "win.join-room", NULL);
  g_assert_true (cau_test_wait_until (has_toplevel, "join-room-dialog", WAIT_S));
  g_assert_true (cau_test_wait_until (directory_lists, (gpointer) "L’annuaire des salons",
                                      WAIT_S));
  dialog = cau_test_toplevel_named ("join-room-dialog");
  cau_test_screenshot (dialog, "join-room-directory");
  row = gtk_widget_get_ancestor (cau_test_find_text (dialog, "L’annuaire des salons"),
                                 GTK_TYPE_LIST_BOX_ROW);
  g_assert_nonnull (row);
  g_signal_emit_by_name (gtk_widget_get_parent (row), "row-activated", row);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (cau_test_find_in (dialog,
                                                                          "join-room-address"))),
                   ==, address);
  gtk_window_close (GTK_WINDOW (dialog));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data_dir = NULL;
  int status;

  if (g_getenv ("DISPLAY") == NULL)
    {
      g_print ("1..0 # SKIP no DISPLAY: run under scripts/with-session.sh\n");
      return 0;
    }

  g_test_init (&argc, &argv, NULL);
  prosody = cau_test_prosody_start (NULL, &error);
  g_assert_no_error (error);
  g_assert_true (cau_test_prosody_register (prosody, "alice", "alice-pw", &error));
  g_assert_true (cau_test_prosody_register (prosody, "bob", "bob-pw", &error));
  g_assert_true (cau_test_prosody_make_contacts (prosody, "alice", "bob", &error));
  g_assert_no_error (error);

  cau_test_notifications_start ();
  data_dir = g_dir_make_tmp ("cau-ui-rooms-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("CAUSERIE_DATA_DIR", data_dir, TRUE);
  g_setenv ("GDK_BACKEND", "x11", TRUE);

  /* Alice's account as an earlier run left it: saved, its password in the keyring. */
  {
    g_autoptr(CauAccountManager) manager = cau_account_manager_new (data_dir, TRUE, &error);
    g_autoptr(CauAccountParams) params = cau_account_params_new ("alice@localhost");
    g_autoptr(CauAccount) account = NULL;
    GAsyncResult *result = NULL;

    g_assert_no_error (error);
    params->host = g_strdup ("127.0.0.1");
    params->port = cau_test_prosody_get_port (prosody);
    params->trusted_sha256 = g_new0 (char *, 2);
    params->trusted_sha256[0] = g_strdup (cau_test_prosody_get_cert_sha256 (prosody));
    cau_account_manager_add_account_async (manager, params, "alice-pw", NULL,
                                           cau_test_store_result_cb, &result);
    account = cau_account_manager_add_account_finish (manager, cau_test_wait_result (&result),
                                                      &error);
    g_assert_no_error (error);
    g_object_unref (result);
  }

  dirs = g_ptr_array_new_with_free_func (g_free);
  bob = cau_test_device_start (prosody, "bob", NULL, 0, dirs, NULL);

  app = cau_application_new ();
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  g_application_activate (G_APPLICATION (app));

  g_test_add_func ("/cau/ui-rooms/join-and-talk", test_join_and_talk);
  g_test_add_func ("/cau/ui-rooms/nick-in-use", test_nick_in_use);
  g_test_add_func ("/cau/ui-rooms/create-and-details", test_create_and_details);
  g_test_add_func ("/cau/ui-rooms/occupant-menu", test_occupant_menu);
  g_test_add_func ("/cau/ui-rooms/remove-message", test_remove_message);
  g_test_add_func ("/cau/ui-rooms/correct-message", test_correct_message);
  g_test_add_func ("/cau/ui-rooms/occupant-ids", test_occupant_ids);
  g_test_add_func ("/cau/ui-rooms/invitation", test_invitation);
  g_test_add_func ("/cau/ui-rooms/invite-dialog", test_invite_dialog);
  g_test_add_func ("/cau/ui-rooms/kicked", test_kicked);
  g_test_add_func ("/cau/ui-rooms/directory", test_directory);
  status = g_test_run ();

  g_application_quit (G_APPLICATION (app));
  g_clear_object (&app);
  cau_test_device_stop (bob);
  for (guint i = 0; i < dirs->len; i++)
    cau_test_remove_tree (g_ptr_array_index (dirs, i));
  g_ptr_array_unref (dirs);
  cau_test_remove_tree (data_dir);
  cau_test_prosody_free (prosody);
  return status;
}
