/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-application-private.h"
#include "cau-ui-utils.h"

#include <gio/gunixinputstream.h>
#include <glib/gi18n.h>
#include <errno.h>
#include <string.h>
#include <unistd.h>

/*
 * The command line: --version, and --add-account, which adds an account
 * through the same call as the sign-in page and exits without a window.
 */

static const GOptionEntry option_entries[] = {
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Show the version and exit"), NULL },
  { "add-account", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Add the account JID without opening a window; its password is the first line of "
       "standard input"), N_("JID") },
  { "server", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("With --add-account: connect to this host instead of looking up the domain (an IPv6 "
       "address goes in brackets)"), N_("HOST[:PORT]") },
  { "direct-tls", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("With --add-account: use TLS from the start instead of STARTTLS"), NULL },
  { "trust-certificate", 0, 0, G_OPTION_ARG_STRING_ARRAY, NULL,
    N_("With --add-account: trust the server certificate with this SHA-256 fingerprint; may be "
       "repeated"), N_("SHA256") },
  { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, NULL, NULL, N_("[URI…]") },
  { NULL }
};

/*
 * Adding an account from the command line runs in one of two places: in a
 * running instance, when there is one (it gets the command line, stdin
 * included, over D-Bus, and shows the account at once), or else right here,
 * before GTK starts, so that no display is needed.
 */
typedef struct {
  CauApplication          *app;
  /* The command line from another process, or NULL when run here. */
  GApplicationCommandLine *command_line;
  CauAccountManager       *manager;
  CauAccountParams        *params;
  GDataInputStream        *input;
  char                    *password;
  GMainLoop               *loop;
  int                      status;
} AddAccount;

static void
add_account_free (AddAccount *data)
{
  g_clear_object (&data->app);
  g_clear_object (&data->command_line);
  g_clear_object (&data->manager);
  g_clear_pointer (&data->params, cau_account_params_free);
  g_clear_object (&data->input);
  if (data->password != NULL)
    memset (data->password, 0, strlen (data->password));
  g_clear_pointer (&data->password, g_free);
  g_clear_pointer (&data->loop, g_main_loop_unref);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AddAccount, add_account_free)

G_GNUC_PRINTF (2, 3)
static void
print_error (AddAccount *data,
             const char *format,
             ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  if (data->command_line != NULL)
    g_application_command_line_printerr (data->command_line, "%s\n", message);
  else
    g_printerr ("%s\n", message);
}

/* Takes @data when the command ran for another process; the local caller
 * keeps it and reads data->status after the loop. */
static void
add_account_finish (AddAccount *data,
                    int         status)
{
  data->status = status;
  if (data->loop != NULL)
    {
      g_main_loop_quit (data->loop);
      return;
    }
  cau_application_finish_command (data->app, data->command_line, status);
  add_account_free (data);
}

/* Returns FALSE with @error set when the options are wrong; *params stays
 * NULL when the command line adds no account. */
static gboolean
params_from_options (GVariantDict       *options,
                     CauAccountParams  **params,
                     GError            **error)
{
  g_autoptr(CauAccountParams) result = NULL;
  g_autoptr(GPtrArray) pins = NULL;
  g_autoptr(GError) local = NULL;
  g_autofree const char **trusted = NULL;
  g_autofree char *jid = NULL;
  const char *jid_text = NULL;
  const char *server = NULL;
  gboolean direct_tls;

  *params = NULL;
  g_variant_dict_lookup (options, "add-account", "&s", &jid_text);
  g_variant_dict_lookup (options, "server", "&s", &server);
  g_variant_dict_lookup (options, "trust-certificate", "^a&s", &trusted);
  direct_tls = g_variant_dict_contains (options, "direct-tls");

  if (jid_text == NULL)
    {
      if (server != NULL || trusted != NULL || direct_tls)
        {
          g_set_error_literal (error, CAU_UI_ERROR, CAU_UI_ERROR_INVALID_SERVER,
                               _("--server, --direct-tls and --trust-certificate only go with "
                                 "--add-account."));
          return FALSE;
        }
      return TRUE;
    }

  jid = cau_account_manager_normalize_jid (jid_text, error);
  if (jid == NULL)
    return FALSE;
  result = cau_account_params_new (jid);

  if (server != NULL && !cau_parse_server (server, &result->host, &result->port, &local))
    {
      g_set_error (error, CAU_UI_ERROR, CAU_UI_ERROR_INVALID_SERVER,
                   /* TRANSLATORS: --server is an option; the second %s says what is wrong */
                   _("The value “%s” of --server is not valid: %s"), server, local->message);
      return FALSE;
    }
  result->direct_tls = direct_tls;

  pins = g_ptr_array_new_null_terminated (0, g_free, TRUE);
  for (guint i = 0; trusted != NULL && trusted[i] != NULL; i++)
    {
      char *sha256 = cau_normalize_sha256 (trusted[i], error);

      if (sha256 == NULL)
        return FALSE;
      g_ptr_array_add (pins, sha256);
    }
  if (pins->len > 0)
    result->trusted_sha256 = (char **) g_ptr_array_steal (pins, NULL);

  *params = g_steal_pointer (&result);
  return TRUE;
}

void
cau_application_add_option_entries (CauApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Chat with anyone on the open XMPP network."));
}

static void
add_account_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  AddAccount *data = user_data;
  g_autoptr(CauAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  account = cau_account_manager_add_account_finish (CAU_ACCOUNT_MANAGER (source), result, &error);
  if (account != NULL)
    {
      add_account_finish (data, 0);
      return;
    }

  if (g_error_matches (error, CAU_CORE_ERROR, CAU_CORE_ERROR_NO_KEYRING))
    print_error (data, "%s",
                 _("The account was added, but its password could not be saved: Causerie keeps "
                   "passwords only in the Secret Service (a keyring such as GNOME Keyring), and "
                   "none is available here. Causerie will ask for the password each time it "
                   "starts."));
  else
    /* TRANSLATORS: %s is an address, then an error message */
    print_error (data, _("Could not add the account %s: %s"), data->params->jid, error->message);
  add_account_finish (data, 1);
}

/* Returns TRUE when the password is there, and else says why. */
static gboolean
check_password (AddAccount  *data,
                char        *password,
                gsize        length,
                GError      *error)
{
  if (password != NULL && length > 0 && password[length - 1] == '\r')
    password[length - 1] = '\0';

  if (error != NULL)
    {
      print_error (data, _("Could not read the password from standard input: %s"),
                   error->message);
      return FALSE;
    }
  if (password == NULL || *password == '\0')
    {
      print_error (data, "%s", _("The password is empty. Write it on the first line of "
                                 "standard input."));
      return FALSE;
    }
  return TRUE;
}

/* Takes @password, which lives (and is wiped) with @data. */
static void
add_account (AddAccount *data,
             char       *password)
{
  data->password = password;
  cau_account_manager_add_account_async (data->manager, data->params, data->password, NULL,
                                         add_account_cb, data);
}

static void
read_password_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  AddAccount *data = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *password = NULL;
  gsize length = 0;

  password = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result,
                                                        &length, &error);
  if (!check_password (data, password, length, error))
    {
      add_account_finish (data, 1);
      return;
    }
  add_account (data, g_steal_pointer (&password));
}

/* Whether another process is the primary instance, which then gets the command. */
static gboolean
primary_instance_running (CauApplication *self)
{
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GVariant) reply = NULL;
  gboolean has_owner = FALSE;
  const char *id;

  if (g_application_get_flags (G_APPLICATION (self)) & G_APPLICATION_NON_UNIQUE)
    return FALSE;

  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  if (bus == NULL)
    return FALSE;
  id = g_application_get_application_id (G_APPLICATION (self));
  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner",
                                       g_variant_new ("(s)", id), G_VARIANT_TYPE ("(b)"),
                                       G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL);
  if (reply != NULL)
    g_variant_get (reply, "(b)", &has_owner);
  return has_owner;
}

static int
add_account_here (CauApplication   *self,
                  CauAccountParams *params)
{
  g_autoptr(AddAccount) data = g_new0 (AddAccount, 1);
  g_autoptr(GInputStream) input = g_unix_input_stream_new (STDIN_FILENO, FALSE);
  g_autoptr(GError) error = NULL;
  g_autofree char *data_dir = cau_application_get_data_dir ();
  g_autofree char *password = NULL;
  gsize length = 0;

  data->app = g_object_ref (self);
  data->params = params;
  data->input = g_data_input_stream_new (input);

  /* Reading the terminal blocks, as a command line tool does. */
  password = g_data_input_stream_read_line_utf8 (data->input, &length, NULL, &error);
  if (!check_password (data, password, length, error))
    return 1;

  if (g_mkdir_with_parents (data_dir, 0700) != 0)
    {
      int saved_errno = errno;

      print_error (data, _("Could not create the folder %s: %s"), data_dir,
                   g_strerror (saved_errno));
      return 1;
    }
  data->manager = cau_account_manager_new (data_dir, cau_application_use_keyring (), &error);
  if (data->manager == NULL)
    {
      print_error (data, _("The account database could not be opened: %s"), error->message);
      return 1;
    }

  data->loop = g_main_loop_new (NULL, FALSE);
  add_account (data, g_steal_pointer (&password));
  g_main_loop_run (data->loop);
  return data->status;
}

/* Runs in the process that was started, before looking for a running instance. */
int
cau_application_check_local_options (CauApplication *self,
                                     GVariantDict   *options)
{
  g_autoptr(CauAccountParams) params = NULL;
  g_autoptr(GError) error = NULL;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("Causerie %s\n", PACKAGE_VERSION);
      return 0;
    }

  if (!params_from_options (options, &params, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }

  if (params != NULL && !primary_instance_running (self))
    return add_account_here (self, g_steal_pointer (&params));

  return -1;
}

/**
 * cau_application_run_command:
 * @self: the application
 * @command_line: a command line from another process
 * @status: (out): the exit status when the command is over already
 *
 * Returns: %TRUE when @command_line was a command (no window opens)
 */
gboolean
cau_application_run_command (CauApplication          *self,
                             GApplicationCommandLine *command_line,
                             int                     *status)
{
  GVariantDict *options = g_application_command_line_get_options_dict (command_line);
  g_autoptr(CauAccountParams) params = NULL;
  g_autoptr(GInputStream) input = NULL;
  g_autoptr(GError) error = NULL;
  AddAccount *data;

  *status = 0;
  if (!params_from_options (options, &params, &error))
    {
      g_application_command_line_printerr (command_line, "%s\n", error->message);
      *status = 2;
      return TRUE;
    }
  if (params == NULL)
    return FALSE;

  input = g_application_command_line_get_stdin (command_line);
  if (input == NULL)
    {
      g_application_command_line_printerr (command_line, "%s\n",
                                           _("Could not read the password from standard input."));
      *status = 1;
      return TRUE;
    }

  g_application_hold (G_APPLICATION (self));
  data = g_new0 (AddAccount, 1);
  data->app = g_object_ref (self);
  data->command_line = g_object_ref (command_line);
  data->manager = g_object_ref (cau_application_get_account_manager (self));
  data->params = g_steal_pointer (&params);
  data->input = g_data_input_stream_new (input);
  g_data_input_stream_read_line_async (data->input, G_PRIORITY_DEFAULT, self->cancellable,
                                       read_password_cb, data);
  return TRUE;
}
