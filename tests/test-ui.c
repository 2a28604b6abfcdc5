/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-test-prosody.h"
#include "cau-test-ui.h"
#include "cau-test-util.h"
#include "ui/cau-account-preferences.h"
#include "ui/cau-accounts-view.h"
#include "ui/cau-application.h"
#include "ui/cau-chat-view.h"
#include "ui/cau-composer.h"
#include "ui/cau-contact-details.h"
#include "ui/cau-contact-row.h"
#include "ui/cau-message-text.h"
#include "ui/cau-omemo-device-row.h"
#include "ui/cau-qr-code.h"
#include "ui/cau-ui-utils.h"
#include "ui/cau-window.h"
#include "ui/cau-xmpp-uri.h"
#include "core/cau-core-private.h"
#include "core/cau-omemo-fingerprint.h"
#include "core/cau-roster.h"
#include "store/cau-db-omemo.h"
#include "xmpp/cau-xmpp-client.h"

#include <glib/gstdio.h>
#include <string.h>

/*
 * The real application, in this process, under Xvfb: a person opens it,
 * mistypes an address, signs in to the test Prosody with a wrong password,
 * trusts its certificate, corrects the password and reaches the main
 * window; then bob (a bare protocol client) writes to her, she reads and
 * answers in the window; she adds dora, accepts bob and follows xmpp:
 * links. Screenshots of each step are written to
 * <build>/tests/screenshots/ for people to look at.
 */

#define WAIT_S 20

#define FINGERPRINT_A "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
#define FINGERPRINT_B "ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100"

static CauTestProsody *prosody;
static CauApplication *app;
static char *data_dir;

static GtkWindow *
main_window (void)
{
  return gtk_application_get_active_window (GTK_APPLICATION (app));
}

static gboolean
has_window (gpointer data)
{
  return main_window () != NULL && gtk_widget_get_mapped (GTK_WIDGET (main_window ()));
}

/* As a person would: the dialog's own button, which also closes it (the
 * wide and the narrow layout each have one; the one shown). */
static void
trust_certificate (void)
{
  GtkWidget *button = cau_test_find_mapped_named (cau_test_toplevel_named ("certificate-dialog"), "certificate-trust");

  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
}

static gboolean
has_certificate_dialog (gpointer data)
{
  return cau_test_toplevel_named ("certificate-dialog") != NULL;
}

static gboolean
account_online (gpointer data)
{
  CauAccountManager *manager = cau_application_get_account_manager (app);
  CauAccount *account = cau_account_manager_find (manager, "alice@localhost");

  return account != NULL && cau_account_get_state (account) == CAU_ACCOUNT_STATE_ONLINE;
}

static gboolean
main_view_shown (gpointer data)
{
  GtkWidget *sidebar = cau_test_find_named (GTK_WIDGET (main_window ()), "conversation-sidebar");

  return sidebar != NULL && gtk_widget_get_mapped (sidebar);
}

static gboolean
leaflet_shown (gpointer data)
{
  GtkWidget *leaflet = cau_test_find_named (GTK_WIDGET (main_window ()), "AdwLeaflet");

  return leaflet != NULL && gtk_widget_get_mapped (leaflet);
}

static gboolean
welcome_shown (gpointer data)
{
  GtkWidget *button = cau_test_find_named (GTK_WIDGET (main_window ()), "welcome-cancel");

  return button != NULL && gtk_widget_get_mapped (button);
}

static void
test_sign_in_flow (void)
{
  GtkWidget *window, *sign_in, *address, *password, *server, *error, *button;
  g_autofree char *server_text = g_strdup_printf ("127.0.0.1:%u", cau_test_prosody_get_port (prosody));

  g_assert_true (cau_test_wait_until (has_window, NULL, WAIT_S));
  window = GTK_WIDGET (main_window ());
  cau_test_resize (main_window (), 1280, 800);
  cau_test_screenshot (window, "welcome-1280");
  cau_test_resize (main_window (), 360, 640);
  cau_test_screenshot (window, "welcome-360");
  cau_test_resize (main_window (), 1280, 800);

  cau_test_click (cau_test_find_in (window, "welcome-sign-in"));
  sign_in = cau_test_find_in (window, "CauSignInPage");
  address = cau_test_find_in (sign_in, "address-entry");
  password = cau_test_find_in (sign_in, "password-entry");
  server = cau_test_find_in (sign_in, "server-entry");
  error = cau_test_find_in (sign_in, "error-label");
  button = cau_test_find_in (sign_in, "sign-in-button");

  /* A malformed address is refused inline, with the reason. */
  gtk_editable_set_text (GTK_EDITABLE (address), "alice");
  gtk_editable_set_text (GTK_EDITABLE (password), "wrong");
  g_assert_true (cau_test_wait_until (cau_test_error_shown, error, WAIT_S));
  g_test_message ("inline error: %s", cau_test_label_text (error));
  g_assert_false (gtk_widget_is_sensitive (button));
  cau_test_screenshot (window, "sign-in-invalid-address");

  /* A wrong password: first the certificate question, then the error. */
  gtk_editable_set_text (GTK_EDITABLE (address), "alice@localhost");
  gtk_editable_set_text (GTK_EDITABLE (server), server_text);
  cau_test_spin (100);
  cau_test_click (button);
  g_assert_true (cau_test_wait_until (has_certificate_dialog, NULL, WAIT_S));
  cau_test_screenshot (cau_test_toplevel_named ("certificate-dialog"), "certificate-dialog");
  trust_certificate ();
  g_assert_true (cau_test_wait_until (cau_test_error_shown, error, WAIT_S));
  g_test_message ("sign-in error: %s", cau_test_label_text (error));
  g_assert_nonnull (strstr (cau_test_label_text (error), "password"));
  cau_test_screenshot (window, "sign-in-wrong-password");
  cau_test_resize (main_window (), 360, 640);
  cau_test_screenshot (window, "sign-in-wrong-password-360");
  cau_test_resize (main_window (), 1280, 800);

  /* The right password: the main window, the account online. */
  gtk_editable_set_text (GTK_EDITABLE (password), "alice-pw");
  cau_test_spin (100);
  cau_test_click (button);
  g_assert_true (cau_test_wait_until (main_view_shown, NULL, WAIT_S));
  g_assert_true (cau_test_wait_until (account_online, NULL, WAIT_S));
  cau_test_screenshot (window, "main-1280");
  cau_test_resize (main_window (), 360, 640);
  cau_test_screenshot (window, "main-360");

  /* Adding a second account opens the sign-in pages with a way back. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "add-account", NULL);
  g_assert_true (cau_test_wait_until (welcome_shown, NULL, WAIT_S));
  cau_test_screenshot (window, "add-account-360");
  cau_test_click (cau_test_find_in (window, "welcome-cancel"));
  g_assert_true (cau_test_wait_until (leaflet_shown, NULL, WAIT_S));
}

static gboolean
named_account_online (gpointer data)
{
  CauAccountManager *manager = cau_application_get_account_manager (app);
  CauAccount *account = cau_account_manager_find (manager, data);

  return account != NULL && cau_account_get_state (account) == CAU_ACCOUNT_STATE_ONLINE;
}

/* Waits for @widget to be mapped, trusting the test server's certificate
 * whenever the dialog asks. */
static gboolean
wait_mapped_trusting (GtkWidget *widget)
{
  for (guint i = 0; i < WAIT_S * 10; i++)
    {
      if (cau_test_toplevel_named ("certificate-dialog") != NULL)
        trust_certificate ();
      if (gtk_widget_get_mapped (widget))
        return TRUE;
      cau_test_spin (100);
    }
  return FALSE;
}

static void
test_create_account_flow (void)
{
  GtkWidget *window = GTK_WIDGET (main_window ());
  GtkWidget *page, *button, *error, *user, *password;
  g_autofree char *server_text = g_strdup_printf ("127.0.0.1:%u", cau_test_prosody_get_port (prosody));

  cau_test_resize (main_window (), 1280, 800);
  g_action_group_activate_action (G_ACTION_GROUP (app), "add-account", NULL);
  g_assert_true (cau_test_wait_until (welcome_shown, NULL, WAIT_S));
  cau_test_click (cau_test_find_in (window, "welcome-create-account"));

  /* The server first; its form comes back from the server itself. */
  page = cau_test_find_in (window, "CauRegisterPage");
  gtk_editable_set_text (GTK_EDITABLE (cau_test_find_in (page, "server-entry")), "localhost");
  gtk_editable_set_text (GTK_EDITABLE (cau_test_find_in (page, "host-entry")), server_text);
  button = cau_test_find_in (page, "register-button");
  cau_test_spin (100);
  cau_test_click (button);

  user = NULL;
  for (guint i = 0; i < WAIT_S * 10 && user == NULL; i++)
    {
      if (cau_test_toplevel_named ("certificate-dialog") != NULL)
        {
          g_test_message ("trusting the certificate");
          trust_certificate ();
        }
      user = cau_test_find_named (page, "username");
      if (user == NULL)
        cau_test_spin (100);
    }
  if (user == NULL)
    {
      cau_test_screenshot (window, "register-failed");
      g_test_message ("register page says: %s", cau_test_label_text (cau_test_find_in (page, "error-label")));
    }
  g_assert_nonnull (user);
  g_assert_true (wait_mapped_trusting (user));
  password = cau_test_find_in (page, "password");
  error = cau_test_find_in (page, "error-label");

  /* A name that is taken: said so, the fields kept. */
  gtk_editable_set_text (GTK_EDITABLE (user), "alice");
  gtk_editable_set_text (GTK_EDITABLE (password), "carol-pw");
  cau_test_spin (100);
  cau_test_click (button);
  g_assert_true (cau_test_wait_until (cau_test_error_shown, error, WAIT_S));
  g_test_message ("registration error: %s", cau_test_label_text (error));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (password)), ==, "carol-pw");
  cau_test_screenshot (window, "register-conflict");

  /* A free name: the account is created, signed in and listed. */
  gtk_editable_set_text (GTK_EDITABLE (user), "carol");
  cau_test_spin (100);
  cau_test_click (button);
  for (guint i = 0; i < WAIT_S * 10 && !named_account_online ((gpointer) "carol@localhost"); i++)
    {
      if (cau_test_toplevel_named ("certificate-dialog") != NULL)
        trust_certificate ();
      cau_test_spin (100);
    }
  g_assert_true (named_account_online ((gpointer) "carol@localhost"));
  g_assert_true (cau_test_wait_until (leaflet_shown, NULL, WAIT_S));
  cau_test_screenshot (window, "main-two-accounts");
}

static gboolean
notified (gpointer data)
{
  const char *summary = ((const char **) data)[0];
  const char *body = ((const char **) data)[1];

  GPtrArray *notifications = cau_test_notifications_get ();

  for (guint i = 0; i < notifications->len; i++)
    {
      CauTestNotification *notification = g_ptr_array_index (notifications, i);

      if (g_strcmp0 (notification->summary, summary) == 0 &&
          strstr (notification->body, body) != NULL)
        return TRUE;
    }
  return FALSE;
}

/* Bob and Dora: protocol clients of their own, without an archive, that
 * collect the bodies and the subscription requests they receive. */
typedef struct {
  CauXmppEngine *engine;
  CauXmppClient *client;
  GPtrArray     *received;
  /* "from\nmessage" of each subscription request. */
  GPtrArray     *requests;
} Peer;

static Peer bob;
static Peer dora;

static void
peer_message_cb (CauXmppClient *client,
                 const char    *from,
                 const char    *id,
                 const char    *body,
                 Peer          *peer)
{
  if (body != NULL)
    g_ptr_array_add (peer->received, g_strdup (body));
}

static void
peer_request_cb (CauXmppClient *client,
                 const char    *from,
                 const char    *nick,
                 const char    *message,
                 Peer          *peer)
{
  g_ptr_array_add (peer->requests, g_strdup_printf ("%s\n%s", from, message ? message : ""));
}

static gboolean
peer_online (gpointer data)
{
  Peer *peer = data;

  return cau_xmpp_client_get_state (peer->client) == CAU_XMPP_STATE_ONLINE;
}

static void
peer_connect (Peer       *peer,
              const char *jid,
              const char *password)
{
  const char *pins[] = { cau_test_prosody_get_cert_sha256 (prosody), NULL };

  peer->engine = cau_xmpp_engine_new ();
  peer->client = cau_xmpp_client_new (peer->engine, jid);
  peer->received = g_ptr_array_new_with_free_func (g_free);
  peer->requests = g_ptr_array_new_with_free_func (g_free);
  cau_xmpp_client_set_password (peer->client, password);
  cau_xmpp_client_set_server (peer->client, "127.0.0.1", cau_test_prosody_get_port (prosody), FALSE);
  cau_xmpp_client_set_pinned_certificates (peer->client, pins);
  cau_xmpp_client_set_timeouts (peer->client, 5, 90, 30);
  g_signal_connect (peer->client, "message-received", G_CALLBACK (peer_message_cb), peer);
  g_signal_connect (peer->client, "subscription-request", G_CALLBACK (peer_request_cb), peer);
  cau_xmpp_client_connect (peer->client);
  g_assert_true (cau_test_wait_until (peer_online, peer, WAIT_S));
}

static void
peer_free (Peer *peer)
{
  if (peer->client != NULL)
    {
      cau_xmpp_client_disconnect (peer->client);
      cau_test_spin (100);
    }
  g_clear_object (&peer->client);
  g_clear_object (&peer->engine);
  g_clear_pointer (&peer->received, g_ptr_array_unref);
  g_clear_pointer (&peer->requests, g_ptr_array_unref);
}

static void
bob_connect (void)
{
  peer_connect (&bob, "bob@localhost", "bob-pw");
}

static void
bob_send (const char *body)
{
  g_autofree char *id = g_uuid_string_random ();

  cau_xmpp_client_send_message (bob.client, "alice@localhost", body, id);
}

static gboolean
bob_received (gpointer data)
{

  for (guint i = 0; i < bob.received->len; i++)
    if (g_strcmp0 (g_ptr_array_index (bob.received, i), data) == 0)
      return TRUE;
  return FALSE;
}

static CauConversation *
find_conversation (const char *peer,
                   guint      *position)
{
  CauAccountManager *manager = cau_application_get_account_manager (app);
  GListModel *list = cau_account_manager_get_conversations (manager);

  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(CauConversation) item = g_list_model_get_item (list, i);

      if (g_str_equal (cau_conversation_get_peer (item), peer))
        {
          if (position != NULL)
            *position = i;
          return item;
        }
    }
  return NULL;
}

static gboolean
has_unread_from (gpointer data)
{
  CauConversation *conversation = find_conversation (data, NULL);

  return conversation != NULL && cau_conversation_get_unread (conversation) > 0;
}

static GtkWidget *
chat_view (void)
{
  return cau_test_find_in (GTK_WIDGET (main_window ()), "CauChatView");
}

static gboolean
message_shown (gpointer data)
{
  return cau_test_find_label (chat_view (), "message-body", data) != NULL;
}

/* The row of the message whose body starts with `data` is marked failed. */
static gboolean
message_failed (gpointer data)
{
  GtkWidget *label = cau_test_find_label (chat_view (), "message-body", data);

  return label != NULL && gtk_widget_has_css_class (gtk_widget_get_parent (label), "failed");
}

static gboolean
conversation_shown (gpointer data)
{
  CauChatView *view = CAU_CHAT_VIEW (chat_view ());

  return cau_chat_view_get_conversation (view) == data && gtk_widget_get_mapped (GTK_WIDGET (view));
}

static gboolean
unread_is_zero (gpointer data)
{
  return cau_conversation_get_unread (data) == 0;
}

static gboolean
subtitle_says (gpointer data)
{
  GtkWidget *title = cau_test_find_in (chat_view (), "chat-title");

  return g_strcmp0 (adw_window_title_get_subtitle (ADW_WINDOW_TITLE (title)), data) == 0;
}

static GtkAdjustment *
history_adjustment (void)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (cau_test_find_in (chat_view (), "message-list"),
                                                 GTK_TYPE_SCROLLED_WINDOW);

  return gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
}

static gboolean
preview_is (gpointer data)
{
  CauConversation *conversation = find_conversation ("bob@localhost", NULL);

  return conversation != NULL && g_strcmp0 (cau_conversation_get_preview (conversation), data) == 0;
}

static guint
history_length (void)
{
  GtkWidget *list = cau_test_find_in (chat_view (), "message-list");

  return g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (list))));
}

/* Up to the first message held, as Home or a drag of the scroll bar do
 * (the adjustment is no position: rows not yet built are estimated). */
static void
scroll_to_top (void)
{
  gtk_widget_activate_action (cau_test_find_in (chat_view (), "message-list"),
                              "list.scroll-to-item", "u", 0);
}

static gboolean
at_bottom (gpointer data)
{
  GtkAdjustment *adj = history_adjustment ();

  return gtk_adjustment_get_value (adj) + gtk_adjustment_get_page_size (adj) >=
         gtk_adjustment_get_upper (adj) - 2;
}

static gboolean
title_counts_one (gpointer data)
{
  return strstr (gtk_window_get_title (main_window ()), "(1)") != NULL;
}

static gboolean
no_conversation (gpointer data)
{
  return find_conversation (data, NULL) == NULL;
}

static gboolean
has_conversation (gpointer data)
{
  return find_conversation (data, NULL) != NULL;
}

static gboolean
has_new_chat_dialog (gpointer data)
{
  return cau_test_toplevel_named ("new-chat-dialog") != NULL;
}

/* A key press as the text view's key controllers see it, capture first;
 * TRUE when one of them took it. */
static gboolean
press_key (GtkWidget       *widget,
           guint            keyval,
           GdkModifierType  state)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
  gboolean handled = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers) && !handled; i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_KEY (controller) &&
          gtk_event_controller_get_propagation_phase (controller) == GTK_PHASE_CAPTURE)
        g_signal_emit_by_name (controller, "key-pressed", keyval, 0, state, &handled);
    }
  return handled;
}

static void
assert_composer_text (GtkWidget  *composer,
                      const char *expected)
{
  g_autofree char *text = cau_composer_dup_text (CAU_COMPOSER (composer));

  g_assert_cmpstr (text, ==, expected);
}

static void
test_messaging_flow (void)
{
  GtkWidget *window = GTK_WIDGET (main_window ());
  GtkWidget *list, *composer, *text_view, *row_label;
  CauConversation *conversation;
  guint position = 0;
  g_autoptr(GString) long_body = g_string_new (NULL);

  cau_test_resize (main_window (), 1280, 800);
  g_assert_true (cau_test_wait_until (account_online, NULL, WAIT_S));
  bob_connect ();

  /* Bob writes: the conversation comes up in the list, unread. The body
   * looks like markup and must be shown as it is. */
  bob_send ("Hello Alice! <b>not bold</b> & 👋");
  g_assert_true (cau_test_wait_until (has_unread_from, (gpointer) "bob@localhost", WAIT_S));
  conversation = find_conversation ("bob@localhost", &position);
  g_assert_cmpuint (cau_conversation_get_unread (conversation), ==, 1);
  g_assert_nonnull (cau_test_find_label (window, "conversation-unread", "1"));
  g_assert_nonnull (cau_test_find_label (window, "conversation-preview", "<b>not bold</b>"));
  /* Not on screen: a notification, with the message as plain text. */
  g_assert_true (cau_test_wait_until (notified, (const char *[]) { "bob@localhost",
                                      "Hello Alice! <b>not bold</b> & 👋" }, WAIT_S));
  g_assert_true (cau_test_wait_until (title_counts_one, NULL, WAIT_S));
  cau_test_screenshot (window, "conversations-unread-1280");

  /* The app's "Mark as Read" (a notification's button) clears it. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "mark-read",
                                  g_variant_new_int64 (cau_conversation_get_id (conversation)));
  g_assert_true (cau_test_wait_until (unread_is_zero, conversation, WAIT_S));

  /* Opened from the list, as a click does. */
  bob_send ("/me waves");
  for (guint i = 0; i < 4500 / 45; i++)
    g_string_append (long_body, "A very long message that goes on and on. ");
  bob_send (long_body->str);
  g_assert_true (cau_test_wait_until (has_unread_from, (gpointer) "bob@localhost", WAIT_S));
  conversation = find_conversation ("bob@localhost", &position);
  list = cau_test_find_in (window, "conversation-list");
  gtk_widget_activate_action (list, "list.activate-item", "u", position);
  g_assert_true (cau_test_wait_until (conversation_shown, conversation, WAIT_S));
  g_assert_true (cau_test_wait_until (message_shown, (gpointer) "<b>not bold</b> & 👋", WAIT_S));
  g_assert_true (cau_test_wait_until (message_shown, (gpointer) "* bob@localhost waves", WAIT_S));
  g_assert_true (cau_test_wait_until (message_shown, (gpointer) "A very long message", WAIT_S));
  /* A long body shows its start; "Show More" shows it up to a bound, and
   * copying all of it gives the whole text. */
  row_label = cau_test_find_label (chat_view (), "message-body", "A very long message");
  g_assert_nonnull (row_label);
  g_assert_true (g_str_has_suffix (cau_test_label_text (row_label), "…"));
  g_assert_cmpuint (g_utf8_strlen (cau_test_label_text (row_label), -1), <=, 501);
  {
    GtkWidget *row = gtk_widget_get_parent (row_label);
    GtkWidget *more = cau_test_find_in (row, "message-more");
    g_autofree char *copied = NULL;

    g_assert_true (gtk_widget_get_mapped (more));
    g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (more)), ==, "Show More");
    cau_test_click (more);
    cau_test_spin (100);
    g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (more)), ==, "Show Less");
    g_assert_true (g_str_has_suffix (cau_test_label_text (row_label), "…"));
    g_assert_cmpuint (g_utf8_strlen (cau_test_label_text (row_label), -1), ==, 4001);
    gtk_widget_activate_action (row_label, "text.select-all", NULL);
    copied = cau_message_text_dup_selection (CAU_MESSAGE_TEXT (row_label));
    g_assert_cmpstr (copied, ==, long_body->str);
    cau_test_click (more);
    cau_test_spin (100);
    g_assert_cmpuint (g_utf8_strlen (cau_test_label_text (row_label), -1), <=, 501);
  }
  if (gtk_window_is_active (main_window ()))
    g_assert_true (cau_test_wait_until (unread_is_zero, conversation, WAIT_S));
  else
    g_test_message ("the window is not active under this display: not marked read");

  /* Alice answers from the composer; bob receives it. */
  composer = cau_test_find_in (chat_view (), "CauComposer");
  text_view = cau_test_find_in (composer, "composer-text-view");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (text_view)),
                            "Hi Bob! How are you?", -1);
  cau_test_spin (100);
  cau_test_click (cau_test_find_in (composer, "composer-send-button"));
  g_assert_true (cau_test_wait_until (bob_received, (gpointer) "Hi Bob! How are you?", WAIT_S));
  g_assert_true (cau_test_wait_until (message_shown, (gpointer) "Hi Bob! How are you?", WAIT_S));
  assert_composer_text (composer, "");

  /* The emoji chooser is built on first use, and inserts what is picked. */
  {
    GtkMenuButton *emoji = GTK_MENU_BUTTON (cau_test_find_in (composer, "composer-emoji-button"));
    GtkPopover *chooser;

    g_assert_null (gtk_menu_button_get_popover (emoji));
    gtk_menu_button_popup (emoji);
    cau_test_spin (100);
    chooser = gtk_menu_button_get_popover (emoji);
    g_assert_true (GTK_IS_EMOJI_CHOOSER (chooser));
    g_signal_emit_by_name (chooser, "emoji-picked", "🙂");
    gtk_menu_button_popdown (emoji);
    assert_composer_text (composer, "🙂");
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (text_view)), "", -1);
  }

  /* Enter sends too; Shift+Enter is left to the text view (a new line). */
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (text_view)),
                            "Sent with Enter", -1);
  g_assert_false (press_key (text_view, GDK_KEY_Return, GDK_SHIFT_MASK));
  g_assert_true (press_key (text_view, GDK_KEY_Return, 0));
  g_assert_true (cau_test_wait_until (bob_received, (gpointer) "Sent with Enter", WAIT_S));
  assert_composer_text (composer, "");

  /* He types: the header says so. A burst of messages follows the bottom. */
  cau_xmpp_client_send_chat_state (bob.client, "alice@localhost", CAU_XMPP_CHAT_STATE_COMPOSING);
  g_assert_true (cau_test_wait_until (subtitle_says, (gpointer) "typing…", WAIT_S));
  cau_test_screenshot (window, "chat-typing-1280");
  for (guint i = 1; i <= 30; i++)
    {
      g_autofree char *body = g_strdup_printf ("Line %u of a burst", i);

      bob_send (body);
    }
  g_assert_true (cau_test_wait_until (message_shown, (gpointer) "Line 30 of a burst", WAIT_S));
  g_assert_true (cau_test_wait_until (at_bottom, NULL, WAIT_S));

  /* The start of it: the day above the first message, bob's name above
   * his group. The button brings the newest back. */
  cau_test_spin (500);
  scroll_to_top ();
  g_assert_true (cau_test_wait_until (message_shown, (gpointer) "<b>not bold</b>", WAIT_S));
  g_assert_nonnull (cau_test_find_label (chat_view (), "message-day", "Today"));
  g_assert_nonnull (cau_test_find_label (chat_view (), "message-sender", "bob@localhost"));
  cau_test_screenshot (window, "chat-top-1280");
  g_assert_false (at_bottom (NULL));
  cau_test_click (cau_test_find_in (chat_view (), "scroll-to-bottom-button"));
  g_assert_true (cau_test_wait_until (at_bottom, NULL, WAIT_S));

  /* The lock: bob's client has no OMEMO, so the chat is unencrypted by default. Encrypting
   * is a choice; a message that cannot be encrypted is not sent at all, and says why. */
  {
    GtkToggleButton *lock = GTK_TOGGLE_BUTTON (cau_test_find_in (composer,
                                                                 "composer-encryption-button"));

    g_assert_false (cau_conversation_get_encrypted (conversation));
    g_assert_false (gtk_toggle_button_get_active (lock));
    g_assert_cmpstr (gtk_button_get_icon_name (GTK_BUTTON (lock)), ==, "channel-insecure-symbolic");
    cau_test_click (GTK_WIDGET (lock));
    g_assert_true (cau_conversation_get_encrypted (conversation));
    g_assert_cmpstr (gtk_button_get_icon_name (GTK_BUTTON (lock)), ==, "channel-secure-symbolic");

    gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (text_view)),
                              "Only if encrypted", -1);
    cau_test_spin (100);
    cau_test_click (cau_test_find_in (composer, "composer-send-button"));
    g_assert_true (cau_test_wait_until (message_failed, (gpointer) "Only if encrypted", WAIT_S));
    cau_test_spin (500);
    g_assert_false (bob_received ((gpointer) "Only if encrypted"));
    cau_test_screenshot (window, "chat-not-encryptable-1280");

    cau_test_click (GTK_WIDGET (lock));
    g_assert_false (cau_conversation_get_encrypted (conversation));
  }

  /* A draft survives switching away and back. */
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (text_view)),
                            "unfinished thought", -1);
  cau_test_screenshot (window, "chat-1280");
  cau_test_resize (main_window (), 360, 640);
  cau_test_screenshot (window, "chat-360");
  gtk_widget_activate_action (window, "win.go-back", NULL);
  cau_test_screenshot (window, "conversations-360");
  cau_test_resize (main_window (), 1280, 800);

  /* A new chat: a malformed address is refused inline, a good one opens. */
  {
    GtkWidget *dialog, *entry, *error;
    CauConversation *dave;

    gtk_widget_activate_action (window, "win.new-chat", NULL);
    g_assert_true (cau_test_wait_until (has_new_chat_dialog, NULL, WAIT_S));
    dialog = cau_test_toplevel_named ("new-chat-dialog");
    entry = cau_test_find_in (dialog, "new-chat-address");
    error = cau_test_find_in (dialog, "new-chat-error");
    g_assert_true (gtk_widget_get_visible (cau_test_find_in (dialog, "new-chat-account")));
    g_assert_true (gtk_widget_is_ancestor (gtk_window_get_focus (GTK_WINDOW (dialog)), entry));
    gtk_editable_set_text (GTK_EDITABLE (entry), "dave@");
    g_assert_true (cau_test_wait_until (cau_test_error_shown, error, WAIT_S));
    g_test_message ("new chat error: %s", cau_test_label_text (error));
    cau_test_screenshot (dialog, "new-chat-invalid");
    gtk_editable_set_text (GTK_EDITABLE (entry), "dave@localhost");
    cau_test_spin (100);
    g_assert_false (gtk_widget_get_visible (error));
    g_signal_emit_by_name (entry, "activate");
    g_assert_true (cau_test_wait_until (has_conversation, (gpointer) "dave@localhost", WAIT_S));
    dave = find_conversation ("dave@localhost", NULL);
    g_assert_true (cau_test_wait_until (conversation_shown, dave, WAIT_S));
    assert_composer_text (composer, "");

    /* Closed from its menu: out of the list, the chat empty. */
    gtk_widget_activate_action (chat_view (), "chat.close", NULL);
    g_assert_true (cau_test_wait_until (no_conversation, (gpointer) "dave@localhost", WAIT_S));
    cau_test_spin (200);
    g_assert_null (cau_chat_view_get_conversation (CAU_CHAT_VIEW (chat_view ())));
  }

  /* Back to bob from the notification's action: the draft is back, and
   * pinning shows in the list. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "open-conversation",
                                  g_variant_new_int64 (cau_conversation_get_id (conversation)));
  g_assert_true (cau_test_wait_until (conversation_shown, conversation, WAIT_S));
  assert_composer_text (composer, "unfinished thought");
  gtk_widget_activate_action (chat_view (), "chat.pin", NULL);
  g_assert_true (cau_conversation_get_pinned (conversation));
  cau_test_screenshot (window, "chat-pinned-1280");

  /* A longer history opens at its newest messages only; going up loads
   * the older ones above, the first day heading moving up with them.
   * (They arrive while another chat is shown: the store refused to mark
   * read while the engine stored a burst, "database is locked".) */
  cau_window_open_conversation (CAU_WINDOW (window), NULL);
  for (guint i = 1; i <= 200; i++)
    {
      g_autofree char *body = g_strdup_printf ("Filler %u", i);

      bob_send (body);
    }
  g_assert_true (cau_test_wait_until (preview_is, (gpointer) "Filler 200", WAIT_S * 3));
  list = cau_test_find_in (window, "conversation-list");
  find_conversation ("bob@localhost", &position);
  gtk_widget_activate_action (list, "list.activate-item", "u", position);
  g_assert_true (cau_test_wait_until (conversation_shown, conversation, WAIT_S));
  g_assert_true (cau_test_wait_until (message_shown, (gpointer) "Filler 200", WAIT_S));
  g_assert_cmpuint (history_length (), <, 200);
  for (guint i = 0; i < WAIT_S * 10 && !message_shown ((gpointer) "<b>not bold</b>"); i++)
    {
      scroll_to_top ();
      cau_test_spin (100);
    }
  g_assert_true (message_shown ((gpointer) "<b>not bold</b>"));
  g_assert_cmpuint (history_length (), >, 200);
  g_assert_nonnull (cau_test_find_label (chat_view (), "message-day", "Today"));
  cau_test_screenshot (window, "chat-older-loaded-1280");
}

static gboolean
named_mapped (gpointer data)
{
  GtkWidget *widget = cau_test_find_named (GTK_WIDGET (main_window ()), data);

  return widget != NULL && gtk_widget_get_mapped (widget);
}

static gboolean
banner_names (gpointer data)
{
  return cau_test_find_label (GTK_WIDGET (main_window ()), "account-banner-jid", data) != NULL;
}

static gboolean
banner_hidden (gpointer data)
{
  return !named_mapped ((gpointer) "account-banner-box");
}

static gboolean
account_unread_shown (gpointer data)
{
  GtkWidget *label = cau_test_find_label (GTK_WIDGET (main_window ()), "account-unread", data);

  return label != NULL && gtk_widget_get_mapped (label);
}

static gboolean
account_unread_hidden (gpointer data)
{
  return cau_test_find_label (GTK_WIDGET (main_window ()), "account-unread", "") == NULL;
}

/* The accounts behind the menu, and an account that is not online said
 * above the conversations, with the way to its page. */
static gboolean
popover_mapped (gpointer data)
{
  GtkPopover *popover = gtk_menu_button_get_popover (data);

  return popover != NULL && gtk_widget_get_mapped (GTK_WIDGET (popover));
}

static GtkWindow *
find_toplevel (GType type)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l; l = l->next)
    if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type) && gtk_widget_get_mapped (l->data))
      return l->data;
  return NULL;
}

static gboolean
shortcuts_shown (gpointer data)
{
  return find_toplevel (GTK_TYPE_SHORTCUTS_WINDOW) != NULL;
}

/* The menus and the shortcuts window are built when first asked for. */
static void
check_menus (GtkWidget *window)
{
  const char *buttons[] = { "main-menu-button", "presence-button" };

  for (guint i = 0; i < G_N_ELEMENTS (buttons); i++)
    {
      GtkMenuButton *button = GTK_MENU_BUTTON (cau_test_find_in (window, buttons[i]));

      g_assert_null (gtk_menu_button_get_popover (button));
      gtk_menu_button_popup (button);
      g_assert_true (cau_test_wait_until (popover_mapped, button, WAIT_S));
      g_assert_true (GTK_IS_POPOVER_MENU (gtk_menu_button_get_popover (button)));
      gtk_menu_button_popdown (button);
    }

  g_assert_null (find_toplevel (GTK_TYPE_SHORTCUTS_WINDOW));
  gtk_widget_activate_action (window, "win.show-help-overlay", NULL);
  g_assert_true (cau_test_wait_until (shortcuts_shown, NULL, WAIT_S));
  g_assert_true (gtk_window_get_transient_for (find_toplevel (GTK_TYPE_SHORTCUTS_WINDOW)) ==
                 GTK_WINDOW (window));
  gtk_window_destroy (find_toplevel (GTK_TYPE_SHORTCUTS_WINDOW));
}

static void
test_accounts_flow (void)
{
  GtkWidget *window = GTK_WIDGET (main_window ());
  CauAccountManager *manager = cau_application_get_account_manager (app);
  CauAccount *carol = cau_account_manager_find (manager, "carol@localhost");
  GtkWidget *view;

  cau_test_resize (main_window (), 1280, 800);
  check_menus (window);
  gtk_widget_activate_action (window, "win.show-accounts", NULL);
  g_assert_true (cau_test_wait_until (named_mapped, (gpointer) "account-list", WAIT_S));
  /* A message not read yet: counted on its account. */
  bob_send ("Counted on the account");
  g_assert_true (cau_test_wait_until (has_unread_from, (gpointer) "bob@localhost", WAIT_S));
  g_assert_true (cau_test_wait_until (account_unread_shown, (gpointer) "1", WAIT_S));
  cau_test_screenshot (window, "accounts-1280");
  g_action_group_activate_action (G_ACTION_GROUP (app), "mark-read",
                                  g_variant_new_int64 (cau_conversation_get_id (
                                    find_conversation ("bob@localhost", NULL))));
  g_assert_true (cau_test_wait_until (unread_is_zero, find_conversation ("bob@localhost", NULL),
                                      WAIT_S));
  g_assert_true (cau_test_wait_until (account_unread_hidden, NULL, WAIT_S));
  gtk_widget_activate_action (window, "win.show-chats", NULL);
  g_assert_true (cau_test_wait_until (named_mapped, (gpointer) "conversation-sidebar", WAIT_S));

  g_assert_nonnull (carol);
  cau_account_set_presence (carol, CAU_PRESENCE_OFFLINE, NULL);
  g_assert_true (cau_test_wait_until (banner_names, (gpointer) "carol@localhost", WAIT_S));
  cau_test_screenshot (window, "account-banner-1280");
  cau_test_resize (main_window (), 360, 640);
  gtk_widget_activate_action (window, "win.go-back", NULL);
  cau_test_screenshot (window, "account-banner-360");
  cau_test_click (cau_test_find_in (window, "account-banner-button"));
  g_assert_true (cau_test_wait_until (named_mapped, (gpointer) "CauAccountPage", WAIT_S));
  view = cau_test_find_in (window, "CauAccountsView");
  g_assert_true (cau_accounts_view_get_selected_account (CAU_ACCOUNTS_VIEW (view)) == carol);
  cau_test_screenshot (window, "account-page-360");

  cau_account_set_presence (carol, CAU_PRESENCE_AVAILABLE, NULL);
  g_assert_true (cau_test_wait_until (named_account_online, (gpointer) "carol@localhost", WAIT_S));
  gtk_widget_activate_action (window, "win.show-chats", NULL);
  g_assert_true (cau_test_wait_until (named_mapped, (gpointer) "conversation-sidebar", WAIT_S));
  g_assert_true (cau_test_wait_until (banner_hidden, NULL, WAIT_S));
  cau_test_resize (main_window (), 1280, 800);
}

/* Contacts. */

static CauContact *
alice_contact (const char *jid)
{
  CauAccount *alice = cau_account_manager_find (cau_application_get_account_manager (app),
                                                "alice@localhost");

  return cau_roster_lookup (cau_account_get_roster (alice), jid);
}

static gboolean
in_alice_roster (gpointer data)
{
  CauContact *contact = alice_contact (data);

  return contact != NULL && cau_contact_get_in_roster (contact);
}

static gboolean
not_in_alice_roster (gpointer data)
{
  return !in_alice_roster (data);
}

static gboolean
dora_approved (gpointer data)
{
  CauContact *contact = alice_contact ("dora@localhost");

  return contact != NULL && cau_contact_get_subscription (contact) == CAU_SUBSCRIPTION_TO &&
         cau_contact_get_presence (contact) == CAU_PRESENCE_AVAILABLE;
}

static gboolean
contact_named (gpointer data)
{
  CauContact *contact = alice_contact ("dora@localhost");

  return contact != NULL && g_strcmp0 (cau_contact_get_name (contact), data) == 0;
}

static gboolean
contact_in_groups (gpointer data)
{
  CauContact *contact = alice_contact ("dora@localhost");

  return contact != NULL &&
         g_strv_equal (cau_contact_get_groups (contact), (const char * const *) data);
}

static gboolean
dora_blocked (gpointer data)
{
  CauContact *contact = alice_contact ("dora@localhost");

  return contact != NULL && cau_contact_get_blocked (contact) == GPOINTER_TO_INT (data);
}

static gboolean
dora_got_request (gpointer data)
{
  for (guint i = 0; dora.requests != NULL && i < dora.requests->len; i++)
    if (g_strcmp0 (g_ptr_array_index (dora.requests, i), data) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
account_not_online (gpointer data)
{
  CauAccount *account = cau_account_manager_find (cau_application_get_account_manager (app), data);

  return cau_account_get_state (account) != CAU_ACCOUNT_STATE_ONLINE;
}

static gboolean
toplevel_shown (gpointer data)
{
  return cau_test_toplevel_named (data) != NULL;
}

static gboolean
toplevel_gone (gpointer data)
{
  return cau_test_toplevel_named (data) == NULL;
}

static gboolean
jid_listed (gpointer data)
{
  return cau_test_find_label (GTK_WIDGET (main_window ()), "contact-jid", data) != NULL;
}

static gboolean
jid_not_listed (gpointer data)
{
  return !jid_listed (data);
}

static gboolean
status_says (gpointer data)
{
  return cau_test_find_label (GTK_WIDGET (main_window ()), "contact-status", data) != NULL;
}

static gboolean
request_shown (gpointer data)
{
  return cau_test_find_label (GTK_WIDGET (main_window ()), "request-jid", data) != NULL;
}

static gboolean
no_request_shown (gpointer data)
{
  return !named_mapped ((gpointer) "contact-requests-box");
}

/* { root, name }: a widget of that name below root is mapped. */
static gboolean
named_mapped_in (gpointer data)
{
  gpointer *pair = data;
  GtkWidget *widget = cau_test_find_named (pair[0], pair[1]);

  return widget != NULL && gtk_widget_get_mapped (widget);
}

static gboolean
text_shown (gpointer data)
{
  return cau_test_find_text (GTK_WIDGET (main_window ()), data) != NULL;
}

/* The row of a contact in the contacts page. */
static CauContactRow *
find_contact_row (GtkWidget  *root,
                  const char *jid)
{
  CauContact *contact;

  if (CAU_IS_CONTACT_ROW (root) && gtk_widget_get_mapped (root) &&
      (contact = cau_contact_row_get_contact (CAU_CONTACT_ROW (root))) != NULL &&
      g_str_equal (cau_contact_get_jid (contact), jid))
    return CAU_CONTACT_ROW (root);

  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    {
      CauContactRow *found = find_contact_row (child, jid);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Its position in the contacts list (headings and contacts). */
static guint
contact_position (const char *jid)
{
  GtkWidget *list = cau_test_find_in (GTK_WIDGET (main_window ()), "contact-list");
  GListModel *model = G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (list)));

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);

      if (CAU_IS_CONTACT (item) && g_str_equal (cau_contact_get_jid (CAU_CONTACT (item)), jid))
        return i;
    }
  g_error ("%s is not in the contacts list", jid);
}

static void
assert_entry_text (GtkWidget  *root,
                   const char *name,
                   const char *expected)
{
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (cau_test_find_in (root, name))), ==,
                   expected);
}

static void
select_account (GtkWidget  *row,
                const char *jid)
{
  GListModel *accounts = adw_combo_row_get_model (ADW_COMBO_ROW (row));

  for (guint i = 0; i < g_list_model_get_n_items (accounts); i++)
    {
      g_autoptr(CauAccount) account = g_list_model_get_item (accounts, i);

      if (g_str_equal (cau_account_get_jid (account), jid))
        {
          adw_combo_row_set_selected (ADW_COMBO_ROW (row), i);
          return;
        }
    }
  g_error ("no account %s to choose", jid);
}

/* The parsing of xmpp: links on its own: what is taken from them. */
static void
test_xmpp_uri (void)
{
  struct {
    const char       *uri;
    CauXmppUriAction  action;
    const char       *jid;
    const char       *account;
    const char       *name;
    const char       *group;
  } good[] = {
    { "xmpp:bob@example.org", CAU_XMPP_URI_MESSAGE, "bob@example.org", NULL, NULL, NULL },
    { "XMPP:bob@Example.ORG/phone?message;body=Send%20this", CAU_XMPP_URI_MESSAGE,
      "bob@example.org", NULL, NULL, NULL },
    { "xmpp:bob%40example.org?message#top", CAU_XMPP_URI_MESSAGE, "bob@example.org", NULL, NULL,
      NULL },
    { "xmpp:fr%C3%A9d%C3%A9ric@example.org", CAU_XMPP_URI_MESSAGE, "frédéric@example.org", NULL,
      NULL, NULL },
    { "xmpp://alice@localhost/bob@example.org?subscribe", CAU_XMPP_URI_ROSTER, "bob@example.org",
      "alice@localhost", NULL, NULL },
    { "xmpp:bob@example.org?roster;name=Bob%20B%0Aon%20two%20lines;group=Friends",
      CAU_XMPP_URI_ROSTER, "bob@example.org", NULL, "Bob B on two lines", "Friends" },
    { "xmpp:salon@conference.example.org?join;password=secret", CAU_XMPP_URI_JOIN,
      "salon@conference.example.org", NULL, NULL, NULL },
  };
  const char *bad[] = {
    "https://example.org/",
    "xmpp:",
    "xmpp:?message",
    "xmpp:example.org",
    "xmpp:bob%ZZ@example.org",
    "xmpp:bob%00@example.org",
    "xmpp:bob@example.org?invite",
    "xmpp:bob@example.org?remove",
    "xmpp://alice@localhost",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(CauXmppUri) uri = cau_xmpp_uri_parse (good[i].uri, &error);

      g_assert_no_error (error);
      g_assert_cmpint (uri->action, ==, good[i].action);
      g_assert_cmpstr (uri->jid, ==, good[i].jid);
      g_assert_cmpstr (uri->account, ==, good[i].account);
      g_assert_cmpstr (uri->name, ==, good[i].name);
      g_assert_cmpstr (uri->group, ==, good[i].group);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(CauXmppUri) uri = cau_xmpp_uri_parse (bad[i], &error);

      g_assert_null (uri);
      g_assert_error (error, CAU_UI_ERROR, CAU_UI_ERROR_INVALID_URI);
      g_test_message ("%s: %s", bad[i], error->message);
    }

  /* Verification links, as Conversations shares them: the chat, and the devices to check. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(CauXmppUri) uri = cau_xmpp_uri_parse (
      "xmpp:bob@example.org?omemo-sid-123=" FINGERPRINT_A ";omemo-sid-456=" FINGERPRINT_B,
      &error);
    g_autoptr(CauXmppUri) plain = cau_xmpp_uri_parse ("xmpp:bob@example.org?message", &error);
    g_autoptr(CauXmppUri) roster = cau_xmpp_uri_parse (
      "xmpp:bob@example.org?roster;name=Bob;omemo-sid-7=" FINGERPRINT_A, &error);

    g_assert_no_error (error);
    g_assert_cmpint (uri->action, ==, CAU_XMPP_URI_MESSAGE);
    g_assert_cmpstr (uri->jid, ==, "bob@example.org");
    g_assert_cmpuint (uri->fingerprints->len, ==, 2);
    g_assert_cmpuint (g_array_index (uri->fingerprints, CauOmemoFingerprint, 1).device_id, ==, 456);
    g_assert_cmpstr (g_array_index (uri->fingerprints, CauOmemoFingerprint, 1).fingerprint, ==,
                     FINGERPRINT_B);
    g_assert_cmpuint (plain->fingerprints->len, ==, 0);
    g_assert_cmpint (roster->action, ==, CAU_XMPP_URI_ROSTER);
    g_assert_cmpuint (roster->fingerprints->len, ==, 1);
  }
  {
    const char *hostile[] = {
      "xmpp:bob@example.org?omemo-sid-123=abc",
      "xmpp:bob@example.org?omemo-sid-0=" FINGERPRINT_A,
      "xmpp:bob@example.org?omemo-sid-x=" FINGERPRINT_A,
      "xmpp:bob@example.org?omemo-sid-1=" FINGERPRINT_A ";omemo-sid-1=" FINGERPRINT_B,
      "xmpp:bob@example.org?message;omemo-sid-1",
    };

    for (guint i = 0; i < G_N_ELEMENTS (hostile); i++)
      {
        g_autoptr(GError) error = NULL;
        g_autoptr(CauXmppUri) uri = cau_xmpp_uri_parse (hostile[i], &error);

        g_assert_null (uri);
        g_assert_error (error, CAU_CORE_ERROR, CAU_CORE_ERROR_INVALID_FINGERPRINT);
      }
  }
}

/* A command line as another process would send it: the links after the options. */
static void
run_command_line (const char *uri)
{
  const char *argv[] = { "causerie", uri, NULL };
  const char *uris[] = { uri, NULL };
  g_autoptr(GVariantDict) options = g_variant_dict_new (NULL);
  g_autoptr(GApplicationCommandLine) command_line = NULL;

  g_variant_dict_insert_value (options, G_OPTION_REMAINING, g_variant_new_strv (uris, -1));
  command_line = g_object_new (G_TYPE_APPLICATION_COMMAND_LINE,
                               "arguments", g_variant_new_bytestring_array (argv, -1),
                               "options", g_variant_dict_end (options),
                               NULL);
  g_assert_cmpint (G_APPLICATION_GET_CLASS (app)->command_line (G_APPLICATION (app), command_line),
                   ==, 0);
}

static void
open_link (const char *uri)
{
  GFile *files[] = { g_file_new_for_uri (uri) };
  g_autofree char *given = g_file_get_uri (files[0]);

  g_assert_cmpstr (given, ==, uri);
  g_application_open (G_APPLICATION (app), files, 1, "");
  g_object_unref (files[0]);
}

/* { root, text }: a label under root shows text. */
static gboolean
text_in (gpointer data)
{
  gpointer *pair = data;

  return cau_test_find_text (pair[0], pair[1]) != NULL;
}

static void
test_contacts_flow (void)
{
  GtkWidget *window = GTK_WIDGET (main_window ());
  CauAccountManager *manager = cau_application_get_account_manager (app);
  CauAccount *alice = cau_account_manager_find (manager, "alice@localhost");
  CauAccount *carol = cau_account_manager_find (manager, "carol@localhost");
  GtkWidget *dialog, *address, *error, *add, *search, *details, *list, *button;
  CauConversation *conversation;

  cau_test_resize (main_window (), 1280, 800);
  g_assert_true (cau_test_wait_until (named_account_online, (gpointer) "alice@localhost", WAIT_S));
  g_assert_true (cau_test_wait_until (named_account_online, (gpointer) "carol@localhost", WAIT_S));
  peer_connect (&dora, "dora@localhost", "dora-pw");

  /* From the main menu: nobody yet. */
  gtk_widget_activate_action (window, "win.show-contacts", NULL);
  g_assert_true (cau_test_wait_until (named_mapped, (gpointer) "contacts-empty", WAIT_S));
  cau_test_screenshot (window, "contacts-empty-1280");

  /* Alice adds dora: a malformed address is refused inline, an account
   * that is offline says so, and the dialog stays open for another try. */
  cau_account_set_presence (carol, CAU_PRESENCE_OFFLINE, NULL);
  g_assert_true (cau_test_wait_until (account_not_online, (gpointer) "carol@localhost", WAIT_S));
  cau_test_click (cau_test_find_in (window, "contacts-add-button"));
  g_assert_true (cau_test_wait_until (toplevel_shown, (gpointer) "add-contact-dialog", WAIT_S));
  dialog = cau_test_toplevel_named ("add-contact-dialog");
  address = cau_test_find_in (dialog, "add-contact-address");
  error = cau_test_find_in (dialog, "add-contact-error");
  add = cau_test_find_in (dialog, "add-contact-add");
  g_assert_true (gtk_widget_get_visible (cau_test_find_in (dialog, "add-contact-account")));
  select_account (cau_test_find_in (dialog, "add-contact-account"), "carol@localhost");
  gtk_editable_set_text (GTK_EDITABLE (address), "dora@");
  g_assert_true (cau_test_wait_until (cau_test_error_shown, error, WAIT_S));
  g_assert_false (gtk_widget_get_sensitive (add));
  cau_test_screenshot (dialog, "add-contact-invalid");
  gtk_editable_set_text (GTK_EDITABLE (address), "dora@localhost");
  gtk_editable_set_text (GTK_EDITABLE (cau_test_find_in (dialog, "add-contact-name")), "Dora");
  gtk_editable_set_text (GTK_EDITABLE (cau_test_find_in (dialog, "add-contact-group")), "Friends");
  gtk_editable_set_text (GTK_EDITABLE (cau_test_find_in (dialog, "add-contact-message")),
                         "Hi Dora, it's Alice");
  g_assert_false (gtk_widget_get_visible (error));
  cau_test_click (add);
  g_assert_true (cau_test_wait_until (cau_test_error_shown, error, WAIT_S));
  g_test_message ("add contact error: %s", cau_test_label_text (error));
  g_assert_nonnull (strstr (cau_test_label_text (error), "carol@localhost is not connected"));
  cau_test_screenshot (dialog, "add-contact-offline");
  select_account (cau_test_find_in (dialog, "add-contact-account"), "alice@localhost");
  g_assert_false (gtk_widget_get_visible (error));
  cau_test_screenshot (dialog, "add-contact-dialog");
  cau_test_resize (GTK_WINDOW (dialog), 360, 600);
  cau_test_screenshot (dialog, "add-contact-dialog-360");
  cau_test_click (add);
  g_assert_true (cau_test_wait_until (toplevel_gone, (gpointer) "add-contact-dialog", WAIT_S));
  g_assert_true (cau_test_wait_until (dora_got_request,
                                      (gpointer) "alice@localhost\nHi Dora, it's Alice", WAIT_S));
  cau_account_set_presence (carol, CAU_PRESENCE_AVAILABLE, NULL);

  /* Listed at once, waiting for her; she approves and is seen online. */
  g_assert_true (cau_test_wait_until (jid_listed, (gpointer) "dora@localhost", WAIT_S));
  g_assert_true (cau_test_wait_until (status_says, (gpointer) "Waiting for approval", WAIT_S));
  g_assert_nonnull (cau_test_find_label (window, "contact-name", "Dora"));
  cau_xmpp_client_send_subscription (dora.client, "alice@localhost", "subscribed", NULL);
  g_assert_true (cau_test_wait_until (dora_approved, NULL, WAIT_S));
  cau_test_spin (200);
  g_assert_null (cau_test_find_label (window, "contact-status", "Waiting for approval"));

  /* Bob asks: his request is at the top; accepted, he is a contact. */
  cau_xmpp_client_send_subscription (bob.client, "alice@localhost", "subscribe",
                                     "Bob here <b>not bold</b>, add me?");
  g_assert_true (cau_test_wait_until (request_shown, (gpointer) "bob@localhost", WAIT_S));
  g_assert_nonnull (cau_test_find_label (window, "request-message", "<b>not bold</b>"));
  /* Also a notification, their words in plain text. */
  g_assert_true (cau_test_wait_until (notified, (const char *[]) { "Contact Request",
                                      "bob@localhost wants to see when you are online.\n"
                                      "“Bob here <b>not bold</b>, add me?”" }, WAIT_S));
  cau_test_screenshot (window, "contacts-1280");
  cau_test_resize (main_window (), 360, 640);
  cau_test_screenshot (window, "contacts-360");
  cau_test_resize (main_window (), 1280, 800);
  cau_test_click (cau_test_find_in (window, "contact-requests/request-accept-button"));
  g_assert_true (cau_test_wait_until (in_alice_roster, (gpointer) "bob@localhost", WAIT_S));
  g_assert_true (cau_test_wait_until (jid_listed, (gpointer) "bob@localhost", WAIT_S));
  g_assert_true (cau_test_wait_until (no_request_shown, NULL, WAIT_S));

  /* Searching as one types; a search that finds nobody says so. */
  search = cau_test_find_in (window, "contacts-search");
  gtk_editable_set_text (GTK_EDITABLE (search), "dor");
  g_assert_true (cau_test_wait_until (jid_not_listed, (gpointer) "bob@localhost", WAIT_S));
  g_assert_true (jid_listed ((gpointer) "dora@localhost"));
  cau_test_screenshot (window, "contacts-search-1280");
  gtk_editable_set_text (GTK_EDITABLE (search), "zzz");
  g_assert_true (cau_test_wait_until (named_mapped, (gpointer) "contacts-no-results", WAIT_S));
  g_assert_true (cau_test_wait_until (text_shown, (gpointer) "No contact matches “zzz”.",
                                      WAIT_S));
  gtk_editable_set_text (GTK_EDITABLE (search), "");
  g_assert_true (cau_test_wait_until (jid_listed, (gpointer) "bob@localhost", WAIT_S));
  g_assert_true (jid_listed ((gpointer) "dora@localhost"));

  /* Her details: her profile as she published it (asked for only now),
   * renamed, put in groups, blocked and unblocked (the block list shows
   * her meanwhile). */
  {
    g_autoptr(GError) publish_error = NULL;

    g_assert_true (cau_test_prosody_publish (
      prosody, "dora", "urn:xmpp:vcard4",
      "<item xmlns='http://jabber.org/protocol/pubsub' id='current'>"
      "<vcard xmlns='urn:ietf:params:xml:ns:vcard-4.0'>"
      "<fn><text>Dora &lt;b&gt;Márquez&lt;/b&gt;</text></fn>"
      "<nickname><text>dora</text></nickname>"
      "<email><text>dora@example.org</text></email>"
      "<tel><uri>tel:+33-1-23-45-67-89</uri></tel>"
      "<url><uri>https://dora.example.org/</uri></url>"
      "<org><text>Explorers &amp; Co</text></org>"
      "<adr><locality>Lyon</locality><country>France</country></adr>"
      "<bday><date>1990-04-01</date></bday>"
      "<note><text>Maps, backpacks and a very long note that has to wrap on a phone "
      "screen without pushing anything out of the window.</text></note>"
      "</vcard></item>", &publish_error));
    g_assert_no_error (publish_error);
  }
  cau_test_click (cau_test_find_in (GTK_WIDGET (find_contact_row (window, "dora@localhost")),
                                    "contact-details-button"));
  g_assert_true (cau_test_wait_until (toplevel_shown, (gpointer) "contact-details", WAIT_S));
  details = cau_test_toplevel_named ("contact-details");
  g_assert_nonnull (cau_test_find_label (details, "contact-details-jid", "dora@localhost"));
  g_assert_nonnull (cau_test_find_label (details, "contact-details-presence", "Available"));
  g_assert_true (cau_test_wait_until (text_in, (gpointer[]) { details, "Dora <b>Márquez</b>" },
                                      WAIT_S));
  g_assert_nonnull (cau_test_find_text (details, "Lyon, France"));
  g_assert_nonnull (cau_test_find_text (details, "+33-1-23-45-67-89"));
  g_assert_true (cau_test_wait_until (text_in,
                                      (gpointer[]) { details, "Causerie " PACKAGE_VERSION },
                                      WAIT_S));
  cau_test_screenshot (details, "contact-details");
  cau_test_resize (GTK_WINDOW (details), 1280, 1000);
  cau_test_screenshot (details, "contact-details-1280");
  cau_test_resize (GTK_WINDOW (details), 360, 640);
  cau_test_screenshot (details, "contact-details-360");
  {
    GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (
      GTK_SCROLLED_WINDOW (cau_test_find_in (details, "contact-details-scrolled")));

    gtk_adjustment_set_value (adj, (gtk_adjustment_get_upper (adj) -
                                    gtk_adjustment_get_page_size (adj)) / 2);
    cau_test_screenshot (details, "contact-details-360-profile");
    gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj));
    cau_test_screenshot (details, "contact-details-360-end");
  }
  gtk_editable_set_text (GTK_EDITABLE (cau_test_find_in (details, "contact-details-name-row")),
                         "Dora the Explorer");
  g_signal_emit_by_name (cau_test_find_in (details, "contact-details-name-row"), "apply");
  g_assert_true (cau_test_wait_until (contact_named, (gpointer) "Dora the Explorer", WAIT_S));
  g_assert_nonnull (cau_test_find_label (details, "contact-details-title", "Dora the Explorer"));
  gtk_editable_set_text (GTK_EDITABLE (cau_test_find_in (details, "contact-details-groups-row")),
                         " Work, Friends,, work ,Work");
  g_signal_emit_by_name (cau_test_find_in (details, "contact-details-groups-row"), "apply");
  g_assert_true (cau_test_wait_until (contact_in_groups,
                                      (const char *[]) { "Friends", "Work", "work", NULL },
                                      WAIT_S));
  cau_test_click (cau_test_find_in (details, "contact-details-block"));
  g_assert_true (cau_test_wait_until (dora_blocked, GINT_TO_POINTER (TRUE), WAIT_S));
  button = cau_test_find_in (details, "contact-details-block");
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, "_Unblock");
  g_assert_true (cau_test_wait_until (status_says, (gpointer) "Blocked", WAIT_S));
  gtk_widget_activate_action (window, "win.show-blocked", NULL);
  g_assert_true (cau_test_wait_until (toplevel_shown, (gpointer) "blocked-dialog", WAIT_S));
  dialog = cau_test_toplevel_named ("blocked-dialog");
  g_assert_nonnull (cau_test_find_text (dialog, "dora@localhost"));
  cau_test_screenshot (dialog, "blocked-dialog");
  cau_test_click (cau_test_find_in (dialog, "blocked-unblock-button"));
  g_assert_true (cau_test_wait_until (dora_blocked, GINT_TO_POINTER (FALSE), WAIT_S));
  g_assert_true (cau_test_wait_until (named_mapped_in, (gpointer[]) { dialog, "blocked-empty" },
                                      WAIT_S));
  gtk_window_close (GTK_WINDOW (dialog));
  gtk_window_close (GTK_WINDOW (details));
  g_assert_true (cau_test_wait_until (toplevel_gone, (gpointer) "contact-details", WAIT_S));

  /* A contact opens its chat; its menu blocks, unblocks and shows it. */
  list = cau_test_find_in (window, "contact-list");
  gtk_widget_activate_action (list, "list.activate-item", "u", contact_position ("dora@localhost"));
  g_assert_true (cau_test_wait_until (has_conversation, (gpointer) "dora@localhost", WAIT_S));
  conversation = find_conversation ("dora@localhost", NULL);
  g_assert_true (cau_conversation_get_account (conversation) == alice);
  g_assert_true (cau_test_wait_until (conversation_shown, conversation, WAIT_S));
  gtk_widget_activate_action (chat_view (), "chat.block", NULL);
  g_assert_true (cau_test_wait_until (dora_blocked, GINT_TO_POINTER (TRUE), WAIT_S));
  gtk_widget_activate_action (chat_view (), "chat.unblock", NULL);
  g_assert_true (cau_test_wait_until (dora_blocked, GINT_TO_POINTER (FALSE), WAIT_S));
  gtk_widget_activate_action (chat_view (), "chat.contact-details", NULL);
  g_assert_true (cau_test_wait_until (toplevel_shown, (gpointer) "contact-details", WAIT_S));
  details = cau_test_toplevel_named ("contact-details");
  g_assert_nonnull (cau_test_find_label (details, "contact-details-jid", "dora@localhost"));
  gtk_window_close (GTK_WINDOW (details));
  g_assert_true (cau_test_wait_until (toplevel_gone, (gpointer) "contact-details", WAIT_S));

  /* The New Chat dialog suggests contacts as one types; Enter takes one. */
  gtk_widget_activate_action (window, "win.new-chat", NULL);
  g_assert_true (cau_test_wait_until (has_new_chat_dialog, NULL, WAIT_S));
  dialog = cau_test_toplevel_named ("new-chat-dialog");
  gtk_editable_set_text (GTK_EDITABLE (cau_test_find_in (dialog, "new-chat-address")), "bob");
  g_assert_true (cau_test_wait_until (named_mapped_in,
                                      (gpointer[]) { dialog, "new-chat-suggestions" }, WAIT_S));
  g_assert_false (gtk_widget_get_visible (cau_test_find_in (dialog, "new-chat-error")));
  cau_test_screenshot (dialog, "new-chat-suggestions");
  g_signal_emit_by_name (cau_test_find_in (dialog, "new-chat-address"), "activate");
  g_assert_true (cau_test_wait_until (conversation_shown, find_conversation ("bob@localhost", NULL),
                                      WAIT_S));

  /* Removing bob asks first. */
  gtk_widget_activate_action (window, "win.show-contact", "(ss)", "alice@localhost",
                              "bob@localhost");
  g_assert_true (cau_test_wait_until (toplevel_shown, (gpointer) "contact-details", WAIT_S));
  details = cau_test_toplevel_named ("contact-details");
  g_assert_true (cau_test_wait_until (text_in,
                                      (gpointer[]) { details, "has not published a profile" },
                                      WAIT_S));
  cau_test_screenshot (details, "contact-details-no-profile");
  cau_test_click (cau_test_find_in (details, "contact-details-remove"));
  g_assert_true (cau_test_wait_until (toplevel_shown, (gpointer) "remove-contact-dialog", WAIT_S));
  dialog = cau_test_toplevel_named ("remove-contact-dialog");
  cau_test_screenshot (dialog, "remove-contact-dialog");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "remove");
  g_assert_true (cau_test_wait_until (not_in_alice_roster, (gpointer) "bob@localhost", WAIT_S));
  g_assert_true (cau_test_wait_until (toplevel_gone, (gpointer) "contact-details", WAIT_S));

  /* xmpp: links. With two accounts, a chat link asks which one; what
   * the link would have written is not taken. */
  open_link ("xmpp:erin@localhost?message;body=Sent%20by%20a%20link");
  g_assert_true (cau_test_wait_until (toplevel_shown, (gpointer) "account-choice-dialog", WAIT_S));
  dialog = cau_test_toplevel_named ("account-choice-dialog");
  cau_test_screenshot (dialog, "account-choice-dialog");
  {
    GtkDropDown *drop_down = GTK_DROP_DOWN (cau_test_find_in (dialog, "account-choice"));
    GListModel *choices = gtk_drop_down_get_model (drop_down);

    for (guint i = 0; i < g_list_model_get_n_items (choices); i++)
      {
        g_autoptr(CauAccount) account = g_list_model_get_item (choices, i);

        if (account == alice)
          gtk_drop_down_set_selected (drop_down, i);
      }
  }
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "open");
  g_assert_true (cau_test_wait_until (has_conversation, (gpointer) "erin@localhost", WAIT_S));
  conversation = find_conversation ("erin@localhost", NULL);
  g_assert_true (cau_conversation_get_account (conversation) == alice);
  g_assert_true (cau_test_wait_until (conversation_shown, conversation, WAIT_S));
  assert_composer_text (cau_test_find_in (chat_view (), "CauComposer"), "");

  /* ?roster from a command line: the Add Contact dialog, filled in. */
  run_command_line ("xmpp:erin%40localhost?roster;name=Erin%20E.;group=Link%20friends");
  g_assert_true (cau_test_wait_until (toplevel_shown, (gpointer) "add-contact-dialog", WAIT_S));
  dialog = cau_test_toplevel_named ("add-contact-dialog");
  assert_entry_text (dialog, "add-contact-address", "erin@localhost");
  assert_entry_text (dialog, "add-contact-name", "Erin E.");
  assert_entry_text (dialog, "add-contact-group", "Link friends");
  g_assert_true (gtk_widget_get_sensitive (cau_test_find_in (dialog, "add-contact-add")));
  gtk_window_close (GTK_WINDOW (dialog));
  g_assert_true (cau_test_wait_until (toplevel_gone, (gpointer) "add-contact-dialog", WAIT_S));
  g_assert_false (in_alice_roster ((gpointer) "erin@localhost"));

  /* A malformed link is said in a toast. */
  open_link ("xmpp:?message");
  g_assert_true (cau_test_wait_until (text_shown, (gpointer) "This xmpp: link is not valid.",
                                      WAIT_S));
  cau_test_screenshot (window, "link-invalid-1280");
}

/* OMEMO trust: a contact's devices (put in the store as the engine would have learnt them)
 * decided about with the buttons, verified by eye, by a pasted fingerprint and by links; our
 * own devices with this device's QR code, and a stale one removed from our list. */

static CauDb *
alice_db (CauAccount *alice)
{
  return cau_account_get_db (alice);
}

/* Devices of `jid` in alice's store: `ids` listed; `keys` seeds of their identity keys (0:
 * none known). */
static void
store_devices (CauAccount    *alice,
               const char    *jid,
               const guint32 *ids,
               const guint8  *seeds,
               guint          n_ids)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) added = NULL;
  g_autofree CauDbOmemoListed *listed = g_new0 (CauDbOmemoListed, n_ids);

  for (guint i = 0; i < n_ids; i++)
    listed[i].device_id = ids[i];
  g_assert_true (cau_db_omemo_set_device_list (alice_db (alice), cau_account_get_id (alice), jid,
                                               CAU_DB_OMEMO_LEGACY, listed, n_ids, &added,
                                               &error));
  g_assert_no_error (error);
  for (guint i = 0; i < n_ids; i++)
    {
      guint8 key[33] = { 0x05 };
      g_autoptr(GBytes) bytes = NULL;

      if (seeds[i] == 0)
        continue;
      for (guint j = 1; j < sizeof key; j++)
        key[j] = (guint8) (seeds[i] + j - 1);
      bytes = g_bytes_new (key, sizeof key);
      g_assert_true (cau_db_omemo_set_identity_key (alice_db (alice), cau_account_get_id (alice),
                                                    jid, ids[i], bytes, &error));
      g_assert_no_error (error);
    }
}

static CauDbOmemoTrust
trust_of (CauAccount *alice,
          const char *jid,
          guint32     device_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CauDbOmemoDevice) device = cau_db_omemo_get_device (alice_db (alice),
                                                                cau_account_get_id (alice), jid,
                                                                device_id, &error);

  g_assert_no_error (error);
  return device->trust;
}

static GtkWidget *
find_device_row (GtkWidget *root,
                 guint32    device_id)
{
  if (CAU_IS_OMEMO_DEVICE_ROW (root) &&
      cau_omemo_device_get_id (cau_omemo_device_row_get_device (CAU_OMEMO_DEVICE_ROW (root))) ==
        device_id)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_device_row (child, device_id);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* A button of a device's row, as a person clicks it. */
static void
click_device_button (GtkWidget  *root,
                     guint32     device_id,
                     const char *button)
{
  GtkWidget *row = find_device_row (root, device_id);

  g_assert_nonnull (row);
  g_assert_true (gtk_widget_get_mapped (cau_test_find_in (row, button)));
  cau_test_click (cau_test_find_in (row, button));
}

typedef struct {
  CauAccount *account;
  const char *jid;
  guint32     device_id;
  int         trust;
} TrustIs;

static gboolean
trust_is (gpointer data)
{
  TrustIs *expected = data;

  return (int) trust_of (expected->account, expected->jid, expected->device_id) ==
         expected->trust;
}

static void
scroll_to (GtkWidget  *scrolled,
           GtkWidget  *widget)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  graphene_point_t point;

  /* After a resize, once laid out again. */
  cau_test_spin (300);
  /* In the scrolled content's own coordinates (the viewport's move with the scrolling). */
  g_assert_true (gtk_widget_compute_point (
    widget, gtk_widget_get_first_child (gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled))),
    &GRAPHENE_POINT_INIT (0, 0), &point));
  gtk_adjustment_set_value (adjustment, point.y);
  cau_test_spin (200);
}

static gboolean
qr_code_shown (gpointer data)
{
  GtkWidget *qr = cau_test_find_mapped_named (data, "omemo-qr-code");

  return qr != NULL && cau_qr_code_get_size (CAU_QR_CODE (qr)) > 0;
}

static gboolean
device_inactive (gpointer data)
{
  gpointer *pair = data;
  GtkWidget *row = find_device_row (pair[0], GPOINTER_TO_UINT (pair[1]));

  return row != NULL &&
         !cau_omemo_device_get_active (cau_omemo_device_row_get_device (CAU_OMEMO_DEVICE_ROW (row)));
}

static void
test_omemo_trust_flow (void)
{
  GtkWidget *window = GTK_WIDGET (main_window ());
  CauAccountManager *manager = cau_application_get_account_manager (app);
  CauAccount *alice = cau_account_manager_find (manager, "alice@localhost");
  g_autoptr(CauDbOmemoOwn) own = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *own_fingerprint = NULL;
  g_autofree char *own_text = NULL;
  g_autofree char *own_uri = NULL;
  GtkWidget *details, *view, *dialog, *verify_row, *prefs, *qr;

  g_assert_nonnull (alice);
  g_assert_true (cau_test_wait_until (account_online, NULL, WAIT_S));

  /* Dora's devices as the engine learnt them: one trusted, one waiting for a decision (she
   * had a verified device), one distrusted, one she no longer publishes, one without a key. */
  store_devices (alice, "dora@localhost", (guint32[]) { 101, 102, 103, 104, 105 },
                 (guint8[]) { 0x00 + 1, 0x40, 0x80, 0xc0, 0 }, 5);
  store_devices (alice, "dora@localhost", (guint32[]) { 101, 102, 103, 105 },
                 (guint8[]) { 0, 0, 0, 0 }, 4);
  g_assert_true (cau_db_omemo_set_trust (alice_db (alice), cau_account_get_id (alice),
                                         "dora@localhost", 101, CAU_DB_OMEMO_TRUSTED, &error));
  g_assert_true (cau_db_omemo_set_trust (alice_db (alice), cau_account_get_id (alice),
                                         "dora@localhost", 102, CAU_DB_OMEMO_UNDECIDED, &error));
  g_assert_true (cau_db_omemo_set_trust (alice_db (alice), cau_account_get_id (alice),
                                         "dora@localhost", 103, CAU_DB_OMEMO_DISTRUSTED, &error));
  g_assert_no_error (error);

  gtk_widget_activate_action (window, "win.show-contact", "(ss)", "alice@localhost",
                              "dora@localhost");
  g_assert_true (cau_test_wait_until (toplevel_shown, (gpointer) "contact-details", WAIT_S));
  details = cau_test_toplevel_named ("contact-details");
  view = cau_test_find_in (details, "contact-details-devices-view");
  g_assert_nonnull (find_device_row (view, 104));
  g_assert_nonnull (cau_test_find_label (view, "omemo-device-state", "New: decide"));
  g_assert_nonnull (cau_test_find_label (view, "omemo-device-state", "No longer in use"));
  g_assert_nonnull (cau_test_find_label (view, "omemo-device-fingerprint",
                                         "01020304 05060708 090a0b0c 0d0e0f10"));
  cau_test_resize (GTK_WINDOW (details), 1280, 1000);
  scroll_to (cau_test_find_in (details, "contact-details-scrolled"), view);
  cau_test_screenshot (details, "omemo-contact-devices-1280");
  cau_test_resize (GTK_WINDOW (details), 360, 640);
  /* Nothing keeps the window wider than a phone. */
  {
    int min_width = 0;

    gtk_widget_measure (details, GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL, NULL);
    g_assert_cmpint (min_width, <=, 360);
  }
  scroll_to (cau_test_find_in (details, "contact-details-scrolled"), view);
  cau_test_screenshot (details, "omemo-contact-devices-360");

  /* The undecided device: trusted with its button. */
  click_device_button (view, 102, "omemo-device-trust");
  g_assert_true (cau_test_wait_until (trust_is, &(TrustIs) { alice, "dora@localhost", 102,
                                                             CAU_DB_OMEMO_TRUSTED }, WAIT_S));
  g_assert_nonnull (cau_test_find_label (find_device_row (view, 102), "omemo-device-state",
                                         "Trusted"));

  /* Verified by eye: the dialog shows the fingerprint to compare. */
  click_device_button (view, 101, "omemo-device-verify");
  g_assert_true (cau_test_wait_until (toplevel_shown, (gpointer) "omemo-verify-dialog", WAIT_S));
  dialog = cau_test_toplevel_named ("omemo-verify-dialog");
  cau_test_screenshot (dialog, "omemo-verify-dialog");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "verify");
  g_assert_true (cau_test_wait_until (trust_is, &(TrustIs) { alice, "dora@localhost", 101,
                                                             CAU_DB_OMEMO_VERIFIED }, WAIT_S));

  /* Distrusted, then trusted again. */
  click_device_button (view, 102, "omemo-device-distrust");
  g_assert_true (cau_test_wait_until (trust_is, &(TrustIs) { alice, "dora@localhost", 102,
                                                             CAU_DB_OMEMO_DISTRUSTED }, WAIT_S));
  click_device_button (view, 102, "omemo-device-trust");
  g_assert_true (cau_test_wait_until (trust_is, &(TrustIs) { alice, "dora@localhost", 102,
                                                             CAU_DB_OMEMO_TRUSTED }, WAIT_S));

  /* Pasted: a fingerprint nobody has changes nothing; a link with the right one verifies. */
  verify_row = cau_test_find_in (view, "omemo-devices-verify-row");
  gtk_editable_set_text (GTK_EDITABLE (verify_row), FINGERPRINT_B);
  g_signal_emit_by_name (verify_row, "apply");
  g_assert_true (cau_test_wait_until (text_in, (gpointer[]) { details, "No device of this" },
                                      WAIT_S));
  g_assert_cmpint (trust_of (alice, "dora@localhost", 102), ==, CAU_DB_OMEMO_TRUSTED);
  cau_test_screenshot (details, "omemo-contact-devices-mismatch-360");
  gtk_editable_set_text (GTK_EDITABLE (verify_row),
                         "xmpp:dora@localhost?omemo-sid-102="
                         "404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f");
  g_signal_emit_by_name (verify_row, "apply");
  g_assert_true (cau_test_wait_until (trust_is, &(TrustIs) { alice, "dora@localhost", 102,
                                                             CAU_DB_OMEMO_VERIFIED }, WAIT_S));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (verify_row)), ==, "");
  gtk_window_close (GTK_WINDOW (details));
  g_assert_true (cau_test_wait_until (toplevel_gone, (gpointer) "contact-details", WAIT_S));

  /* A link opened from elsewhere whose fingerprint does not match changes nothing. */
  g_assert_true (cau_db_omemo_set_trust (alice_db (alice), cau_account_get_id (alice),
                                         "dora@localhost", 103, CAU_DB_OMEMO_DISTRUSTED, &error));
  open_link ("xmpp://alice@localhost/dora@localhost?omemo-sid-103=" FINGERPRINT_A);
  g_assert_true (cau_test_wait_until (text_in, (gpointer[]) { window, "does not match" },
                                      WAIT_S));
  g_assert_cmpint (trust_of (alice, "dora@localhost", 103), ==, CAU_DB_OMEMO_DISTRUSTED);
  open_link ("xmpp://alice@localhost/dora@localhost?omemo-sid-103="
             "808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f");
  g_assert_true (cau_test_wait_until (trust_is, &(TrustIs) { alice, "dora@localhost", 103,
                                                             CAU_DB_OMEMO_VERIFIED }, WAIT_S));

  /* Our own devices: this one with its QR code, and another one, stale. */
  own = cau_db_omemo_get_own (alice_db (alice), cau_account_get_id (alice), &error);
  g_assert_no_error (error);
  store_devices (alice, "alice@localhost", (guint32[]) { own->device_id, 201 },
                 (guint8[]) { 0, 0x20 }, 2);
  own_fingerprint = cau_omemo_fingerprint_from_key (own->public_key);
  own_text = cau_omemo_fingerprint_format (own_fingerprint);
  own_text[35] = '\n';
  own_uri = g_strdup_printf ("xmpp:alice@localhost?omemo-sid-%u=%s", own->device_id,
                             own_fingerprint);

  prefs = GTK_WIDGET (cau_account_preferences_new (GTK_WINDOW (window), manager, alice));
  gtk_window_present (GTK_WINDOW (prefs));
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (prefs), "omemo-own-page");
  g_assert_true (cau_test_wait_until (qr_code_shown, prefs, WAIT_S));
  qr = cau_test_find_mapped_named (prefs, "omemo-qr-code");
  g_assert_cmpstr (cau_qr_code_get_text (CAU_QR_CODE (qr)), ==, own_uri);
  /* A symbol of 4 × version + 17 modules (version 6 at least for ~100 bytes at level M), in a
   * quiet zone of 4: light corners, the finder pattern's dark corner inside. */
  g_assert_cmpuint (cau_qr_code_get_size (CAU_QR_CODE (qr)), >=, 41 + 8);
  g_assert_cmpuint ((cau_qr_code_get_size (CAU_QR_CODE (qr)) - 8 - 17) % 4, ==, 0);
  g_assert_false (cau_qr_code_get_dark (CAU_QR_CODE (qr), 0, 0));
  g_assert_true (cau_qr_code_get_dark (CAU_QR_CODE (qr), 4, 4));
  g_assert_nonnull (cau_test_find_label (prefs, "omemo-own-fingerprint", own_text));
  g_assert_nonnull (find_device_row (prefs, 201));
  g_assert_null (find_device_row (prefs, own->device_id));
  cau_test_resize (GTK_WINDOW (prefs), 1280, 1000);
  cau_test_screenshot (prefs, "omemo-own-devices-1280");
  cau_test_resize (GTK_WINDOW (prefs), 360, 640);
  cau_test_screenshot (prefs, "omemo-own-devices-360");

  /* Our other device: distrusted, then taken out of our list after a confirmation (the
   * server's list never had it: it shows as no longer in use). */
  click_device_button (prefs, 201, "omemo-device-distrust");
  g_assert_true (cau_test_wait_until (trust_is, &(TrustIs) { alice, "alice@localhost", 201,
                                                             CAU_DB_OMEMO_DISTRUSTED }, WAIT_S));
  click_device_button (prefs, 201, "omemo-device-remove");
  g_assert_true (cau_test_wait_until (toplevel_shown, (gpointer) "omemo-remove-dialog", WAIT_S));
  dialog = cau_test_toplevel_named ("omemo-remove-dialog");
  cau_test_screenshot (dialog, "omemo-remove-dialog");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "remove");
  g_assert_true (cau_test_wait_until (device_inactive,
                                      (gpointer[]) { prefs, GUINT_TO_POINTER (201) }, WAIT_S));
  gtk_window_close (GTK_WINDOW (prefs));
}

static gboolean
quit_idle (gpointer data)
{
  g_application_quit (G_APPLICATION (app));
  return G_SOURCE_REMOVE;
}

/* Avatars: a contact's (XEP-0084) in the contacts and conversations,
 * and our own, set from a picture file, on the account page and row. */

static GBytes *
test_picture (int width,
              int height)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  guchar *pixels = gdk_pixbuf_get_pixels (pixbuf);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);
  char *buffer = NULL;
  gsize len = 0;

  /* A diagonal gradient, so that a crop or a stretch would show. */
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        guchar *p = pixels + y * stride + x * 3;

        p[0] = (guchar) (255 * x / width);
        p[1] = (guchar) (255 * y / height);
        p[2] = 160;
      }
  g_assert_true (gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &len, "png", NULL, NULL));
  return g_bytes_new_take (buffer, len);
}

static gboolean
avatar_has_image (gpointer data)
{
  return ADW_IS_AVATAR (data) && adw_avatar_get_custom_image (data) != NULL;
}

static gboolean
contact_row_has_image (gpointer jid)
{
  CauContactRow *row = find_contact_row (GTK_WIDGET (main_window ()), jid);

  return row != NULL &&
         avatar_has_image (cau_test_find_named (GTK_WIDGET (row), "AdwAvatar"));
}

static gboolean
own_avatar_set (gpointer account)
{
  return cau_account_get_avatar_hash (account) != NULL;
}

static gboolean
own_avatar_unset (gpointer account)
{
  return cau_account_get_avatar_hash (account) == NULL;
}

static void
test_avatars_flow (void)
{
  GtkWidget *window = GTK_WIDGET (main_window ());
  CauAccountManager *manager = cau_application_get_account_manager (app);
  CauAccount *alice = cau_account_manager_find (manager, "alice@localhost");
  g_autoptr(GBytes) dora_picture = test_picture (96, 96);
  g_autoptr(GBytes) portrait = test_picture (640, 400);
  g_autofree char *path = g_build_filename (data_dir, "portrait.png", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *uri = g_file_get_uri (file);
  GtkWidget *page;

  cau_test_resize (main_window (), 1280, 800);
  g_assert_true (cau_test_wait_until (named_account_online, (gpointer) "alice@localhost", WAIT_S));

  /* Dora publishes hers; alice's contacts show it. */
  cau_xmpp_client_publish_avatar (dora.client, dora_picture, 96, 96);
  gtk_widget_activate_action (window, "win.show-contacts", NULL);
  g_assert_true (cau_test_wait_until (contact_row_has_image, (gpointer) "dora@localhost",
                                      WAIT_S));
  cau_test_screenshot (window, "contacts-avatar-1280");
  gtk_widget_activate_action (window, "win.show-chats", NULL);
  cau_test_spin (200);
  cau_test_screenshot (window, "conversations-avatar-1280");

  /* Alice sets hers from a picture file, as the file chooser would. */
  g_assert_true (g_file_set_contents (path, g_bytes_get_data (portrait, NULL),
                                      (gssize) g_bytes_get_size (portrait), NULL));
  gtk_widget_activate_action (window, "win.show-account", "s", "alice@localhost");
  g_assert_true (cau_test_wait_until (named_mapped, (gpointer) "CauAccountPage", WAIT_S));
  page = cau_test_find_mapped_named (window, "CauAccountPage");
  gtk_widget_activate_action (page, "account.set-avatar-file", "s", uri);
  g_assert_true (cau_test_wait_until (own_avatar_set, alice, WAIT_S));
  g_assert_true (cau_test_wait_until (avatar_has_image, cau_test_find_named (page, "AdwAvatar"),
                                      WAIT_S));
  cau_test_screenshot (window, "account-avatar-1280");

  /* Removed, the initials are back. */
  gtk_widget_activate_action (page, "account.remove-avatar", NULL);
  g_assert_true (cau_test_wait_until (own_avatar_unset, alice, WAIT_S));
  g_assert_false (avatar_has_image (cau_test_find_named (page, "AdwAvatar")));
  gtk_widget_activate_action (window, "win.show-chats", NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  if (g_getenv ("DISPLAY") == NULL)
    {
      g_print ("1..0 # SKIP no DISPLAY: run under scripts/with-session.sh\n");
      return 0;
    }

  g_test_init (&argc, &argv, NULL);
  prosody = cau_test_prosody_start (&(CauTestProsodyOptions) { .allow_registration = TRUE },
                                    &error);
  g_assert_no_error (error);
  g_assert_true (cau_test_prosody_register (prosody, "alice", "alice-pw", &error));
  g_assert_true (cau_test_prosody_register (prosody, "bob", "bob-pw", &error));
  g_assert_true (cau_test_prosody_register (prosody, "dora", "dora-pw", &error));

  cau_test_notifications_start ();
  data_dir = g_dir_make_tmp ("cau-ui-XXXXXX", &error);
  g_setenv ("CAUSERIE_DATA_DIR", data_dir, TRUE);
  g_setenv ("GDK_BACKEND", "x11", TRUE);

  app = cau_application_new ();
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  g_application_activate (G_APPLICATION (app));

  g_test_add_func ("/cau/ui/sign-in-flow", test_sign_in_flow);
  g_test_add_func ("/cau/ui/create-account-flow", test_create_account_flow);
  g_test_add_func ("/cau/ui/messaging-flow", test_messaging_flow);
  g_test_add_func ("/cau/ui/accounts-flow", test_accounts_flow);
  g_test_add_func ("/cau/ui/xmpp-uri", test_xmpp_uri);
  g_test_add_func ("/cau/ui/contacts-flow", test_contacts_flow);
  g_test_add_func ("/cau/ui/avatars-flow", test_avatars_flow);
  g_test_add_func ("/cau/ui/omemo-trust-flow", test_omemo_trust_flow);
  status = g_test_run ();

  peer_free (&bob);
  peer_free (&dora);
  cau_test_notifications_stop ();
  g_idle_add (quit_idle, NULL);
  g_clear_object (&app);
  cau_test_remove_tree (data_dir);
  g_free (data_dir);
  cau_test_prosody_free (prosody);
  return status;
}
