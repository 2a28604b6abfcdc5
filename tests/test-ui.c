/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-test-prosody.h"
#include "cau-test-ui.h"
#include "cau-test-util.h"
#include "ui/cau-accounts-view.h"
#include "ui/cau-application.h"
#include "ui/cau-chat-view.h"
#include "ui/cau-composer.h"
#include "ui/cau-window.h"
#include "xmpp/cau-xmpp-client.h"

#include <glib/gstdio.h>
#include <string.h>

/*
 * The real application, in this process, under Xvfb: a person opens it,
 * mistypes an address, signs in to the test Prosody with a wrong password,
 * trusts its certificate, corrects the password and reaches the main
 * window; then bob (a bare protocol client) writes to her, she reads and
 * answers in the window. Screenshots of each step are written to
 * <build>/tests/screenshots/ for people to look at.
 */

#define WAIT_S 20

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

/* A notification server of our own on the session bus, so that the
 * application's notifications can be seen (org.freedesktop.Notifications,
 * the interface GLib uses outside a sandbox). */
static const char notifications_xml[] =
  "<node>"
  "  <interface name='org.freedesktop.Notifications'>"
  "    <method name='Notify'>"
  "      <arg type='s' direction='in'/><arg type='u' direction='in'/>"
  "      <arg type='s' direction='in'/><arg type='s' direction='in'/>"
  "      <arg type='s' direction='in'/><arg type='as' direction='in'/>"
  "      <arg type='a{sv}' direction='in'/><arg type='i' direction='in'/>"
  "      <arg type='u' direction='out'/>"
  "    </method>"
  "    <method name='CloseNotification'><arg type='u' direction='in'/></method>"
  "    <method name='GetCapabilities'><arg type='as' direction='out'/></method>"
  "    <method name='GetServerInformation'>"
  "      <arg type='s' direction='out'/><arg type='s' direction='out'/>"
  "      <arg type='s' direction='out'/><arg type='s' direction='out'/>"
  "    </method>"
  "    <signal name='NotificationClosed'><arg type='u'/><arg type='u'/></signal>"
  "    <signal name='ActionInvoked'><arg type='u'/><arg type='s'/></signal>"
  "  </interface>"
  "</node>";

typedef struct {
  char  *summary;
  char  *body;
  char **actions;
} Notification;

static GPtrArray *notifications;
static gboolean notifications_name_acquired;

static void
notification_free (Notification *notification)
{
  g_free (notification->summary);
  g_free (notification->body);
  g_strfreev (notification->actions);
  g_free (notification);
}

static void
notifications_method_cb (GDBusConnection       *connection,
                         const char            *sender,
                         const char            *object_path,
                         const char            *interface_name,
                         const char            *method_name,
                         GVariant              *parameters,
                         GDBusMethodInvocation *invocation,
                         gpointer               user_data)
{
  if (g_str_equal (method_name, "Notify"))
    {
      Notification *notification = g_new0 (Notification, 1);

      g_variant_get (parameters, "(&su&ss&s^as@a{sv}i)", NULL, NULL, NULL,
                     &notification->summary, NULL, &notification->actions, NULL, NULL);
      notification->summary = g_strdup (notification->summary);
      g_variant_get_child (parameters, 4, "s", &notification->body);
      g_ptr_array_add (notifications, notification);
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(u)", notifications->len));
    }
  else if (g_str_equal (method_name, "GetCapabilities"))
    {
      const char *caps[] = { "actions", "body", NULL };

      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(^as)", caps));
    }
  else if (g_str_equal (method_name, "GetServerInformation"))
    {
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(ssss)", "test",
                                                                        "causerie", "1", "1.2"));
    }
  else
    {
      g_dbus_method_invocation_return_value (invocation, NULL);
    }
}

static void
notifications_name_acquired_cb (GDBusConnection *connection,
                                const char      *name,
                                gpointer         data)
{
  notifications_name_acquired = TRUE;
}

static gboolean
notifications_ready (gpointer data)
{
  return notifications_name_acquired;
}

static void
start_notification_server (void)
{
  static const GDBusInterfaceVTable vtable = { notifications_method_cb, NULL, NULL, { 0 } };
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusNodeInfo) info = g_dbus_node_info_new_for_xml (notifications_xml, &error);
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);

  g_assert_no_error (error);
  notifications = g_ptr_array_new_with_free_func ((GDestroyNotify) notification_free);
  g_dbus_connection_register_object (bus, "/org/freedesktop/Notifications", info->interfaces[0],
                                     &vtable, NULL, NULL, &error);
  g_assert_no_error (error);
  g_bus_own_name_on_connection (bus, "org.freedesktop.Notifications", G_BUS_NAME_OWNER_FLAGS_NONE,
                                notifications_name_acquired_cb, NULL, NULL, NULL);
  g_assert_true (cau_test_wait_until (notifications_ready, NULL, WAIT_S));
}

static gboolean
notified (gpointer data)
{
  const char *summary = ((const char **) data)[0];
  const char *body = ((const char **) data)[1];

  for (guint i = 0; i < notifications->len; i++)
    {
      Notification *notification = g_ptr_array_index (notifications, i);

      if (g_strcmp0 (notification->summary, summary) == 0 &&
          strstr (notification->body, body) != NULL)
        return TRUE;
    }
  return FALSE;
}

/* Bob: a protocol client of his own, without an archive, that collects
 * the bodies it receives. */
typedef struct {
  CauXmppEngine *engine;
  CauXmppClient *client;
  GPtrArray     *received;
} Bob;

static Bob bob;

static void
bob_message_cb (CauXmppClient *client,
                const char    *from,
                const char    *id,
                const char    *body,
                gpointer       data)
{
  if (body != NULL)
    g_ptr_array_add (bob.received, g_strdup (body));
}

static gboolean
bob_online (gpointer data)
{
  return cau_xmpp_client_get_state (bob.client) == CAU_XMPP_STATE_ONLINE;
}

static void
bob_connect (void)
{
  const char *pins[] = { cau_test_prosody_get_cert_sha256 (prosody), NULL };

  bob.engine = cau_xmpp_engine_new ();
  bob.client = cau_xmpp_client_new (bob.engine, "bob@localhost");
  bob.received = g_ptr_array_new_with_free_func (g_free);
  cau_xmpp_client_set_password (bob.client, "bob-pw");
  cau_xmpp_client_set_server (bob.client, "127.0.0.1", cau_test_prosody_get_port (prosody), FALSE);
  cau_xmpp_client_set_pinned_certificates (bob.client, pins);
  cau_xmpp_client_set_timeouts (bob.client, 5, 90, 30);
  g_signal_connect (bob.client, "message-received", G_CALLBACK (bob_message_cb), NULL);
  cau_xmpp_client_connect (bob.client);
  g_assert_true (cau_test_wait_until (bob_online, NULL, WAIT_S));
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
  row_label = cau_test_find_label (chat_view (), "message-body", "A very long message");
  g_assert_nonnull (row_label);
  g_assert_true (g_str_has_suffix (cau_test_label_text (row_label), "…"));
  g_assert_cmpuint (g_utf8_strlen (cau_test_label_text (row_label), -1), ==, 4001);
  g_assert_false (gtk_label_get_use_markup (GTK_LABEL (row_label)));
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

  /* A longer history opens at its newest 200 messages; going up loads
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
  g_assert_cmpuint (history_length (), ==, 200);
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

/* The accounts behind the menu, and an account that is not online said
 * above the conversations, with the way to its page. */
static void
test_accounts_flow (void)
{
  GtkWidget *window = GTK_WIDGET (main_window ());
  CauAccountManager *manager = cau_application_get_account_manager (app);
  CauAccount *carol = cau_account_manager_find (manager, "carol@localhost");
  GtkWidget *view;

  cau_test_resize (main_window (), 1280, 800);
  gtk_widget_activate_action (window, "win.show-accounts", NULL);
  g_assert_true (cau_test_wait_until (named_mapped, (gpointer) "account-list", WAIT_S));
  cau_test_screenshot (window, "accounts-1280");
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

static gboolean
quit_idle (gpointer data)
{
  g_application_quit (G_APPLICATION (app));
  return G_SOURCE_REMOVE;
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

  start_notification_server ();
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
  status = g_test_run ();

  if (bob.client != NULL)
    {
      cau_xmpp_client_disconnect (bob.client);
      cau_test_spin (100);
    }
  g_clear_object (&bob.client);
  g_clear_object (&bob.engine);
  g_clear_pointer (&bob.received, g_ptr_array_unref);
  g_clear_pointer (&notifications, g_ptr_array_unref);
  g_idle_add (quit_idle, NULL);
  g_clear_object (&app);
  cau_test_remove_tree (data_dir);
  g_free (data_dir);
  cau_test_prosody_free (prosody);
  return status;
}
