/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-ui-utils.h"
#include "cau-ui-resources.h"
#include "core/cau-account-manager.h"

#include <glib/gi18n.h>
#include <string.h>

G_DEFINE_QUARK (cau-ui-error-quark, cau_ui_error)

void
cau_ui_init (void)
{
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      cau_ui_register_resource ();
      g_once_init_leave (&initialized, 1);
    }
}

static void
build_menu_cb (GtkMenuButton *button,
               gpointer       user_data)
{
  if (gtk_menu_button_get_menu_model (button) == NULL)
    gtk_menu_button_set_menu_model (button, G_MENU_MODEL (user_data));
}

void
cau_entry_show_error (GtkWidget  *entry,
                      GtkLabel   *error_label,
                      const char *message)
{
  gtk_label_set_text (error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (error_label), message != NULL);
  if (message != NULL)
    gtk_widget_add_css_class (entry, "error");
  else
    gtk_widget_remove_css_class (entry, "error");
}

void
cau_account_combo_row_setup (AdwComboRow *row,
                             GListModel  *accounts)
{
  guint n;

  g_return_if_fail (ADW_IS_COMBO_ROW (row));
  g_return_if_fail (G_IS_LIST_MODEL (accounts));

  adw_combo_row_set_expression (row, gtk_property_expression_new (CAU_TYPE_ACCOUNT, NULL, "jid"));
  n = g_list_model_get_n_items (accounts);
  adw_combo_row_set_model (row, accounts);
  /* With one account there is nothing to choose. */
  gtk_widget_set_visible (GTK_WIDGET (row), n > 1);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CauAccount) account = g_list_model_get_item (accounts, i);

      if (cau_account_get_state (account) == CAU_ACCOUNT_STATE_ONLINE)
        {
          adw_combo_row_set_selected (row, i);
          break;
        }
    }
}

void
cau_account_combo_row_select (AdwComboRow *row,
                              CauAccount  *account)
{
  GListModel *accounts;

  g_return_if_fail (ADW_IS_COMBO_ROW (row));
  g_return_if_fail (CAU_IS_ACCOUNT (account));

  accounts = adw_combo_row_get_model (row);
  for (guint i = 0; accounts != NULL && i < g_list_model_get_n_items (accounts); i++)
    {
      g_autoptr(CauAccount) item = g_list_model_get_item (accounts, i);

      if (item == account)
        adw_combo_row_set_selected (row, i);
    }
}

void
cau_menu_button_set_menu_lazily (GtkMenuButton *button,
                                 GMenuModel    *menu)
{
  g_return_if_fail (GTK_IS_MENU_BUTTON (button));
  g_return_if_fail (G_IS_MENU_MODEL (menu));

  gtk_menu_button_set_create_popup_func (button, build_menu_cb, g_object_ref (menu),
                                         g_object_unref);
}

static gboolean
parse_port (const char  *text,
            guint16     *port,
            GError     **error)
{
  guint64 value = 0;

  if (*text == '\0' || !g_ascii_string_to_unsigned (text, 10, 1, G_MAXUINT16, &value, NULL))
    {
      g_set_error (error, CAU_UI_ERROR, CAU_UI_ERROR_INVALID_SERVER,
                   _("“%s” is not a port number between 1 and 65535."), text);
      return FALSE;
    }
  *port = (guint16) value;
  return TRUE;
}

static gboolean
check_host (const char  *host,
            GError     **error)
{
  if (*host == '\0')
    {
      g_set_error_literal (error, CAU_UI_ERROR, CAU_UI_ERROR_INVALID_SERVER,
                           _("The server name is missing."));
      return FALSE;
    }
  for (const char *p = host; *p != '\0'; p++)
    {
      if (g_ascii_isspace (*p) || *p == '/' || *p == '@' || *p == '[' || *p == ']')
        {
          g_set_error_literal (error, CAU_UI_ERROR, CAU_UI_ERROR_INVALID_SERVER,
                               _("Enter a server name or address, optionally followed by a colon "
                                 "and a port, like xmpp.example.org:5222."));
          return FALSE;
        }
    }
  return TRUE;
}

/**
 * cau_parse_server:
 * @text: what was typed: empty, "host", "host:port", "[ipv6]" or "[ipv6]:port"
 * @host: (out) (transfer full) (nullable): the host, %NULL when @text is empty
 * @port: (out): the port, 0 when none was given
 * @error: why @text is refused, translated
 *
 * Returns: whether @text is acceptable
 */
gboolean
cau_parse_server (const char  *text,
                  char       **host,
                  guint16     *port,
                  GError     **error)
{
  g_autofree char *copy = NULL;
  g_autofree char *name = NULL;
  guint16 number = 0;
  char *colon;

  g_return_val_if_fail (host != NULL && port != NULL, FALSE);

  *host = NULL;
  *port = 0;
  copy = g_strstrip (g_strdup (text ? text : ""));
  if (*copy == '\0')
    return TRUE;

  if (*copy == '[')
    {
      char *end = strchr (copy, ']');

      if (end == NULL || end == copy + 1)
        {
          g_set_error_literal (error, CAU_UI_ERROR, CAU_UI_ERROR_INVALID_SERVER,
                               _("An IPv6 address goes between brackets, like [2001:db8::1]:5222."));
          return FALSE;
        }
      *end = '\0';
      name = g_strdup (copy + 1);
      if (end[1] == ':')
        {
          if (!parse_port (end + 2, &number, error))
            return FALSE;
        }
      else if (end[1] != '\0')
        {
          g_set_error_literal (error, CAU_UI_ERROR, CAU_UI_ERROR_INVALID_SERVER,
                               _("An IPv6 address goes between brackets, like [2001:db8::1]:5222."));
          return FALSE;
        }
      for (const char *p = name; *p != '\0'; p++)
        {
          if (!g_ascii_isxdigit (*p) && *p != ':' && *p != '.' && *p != '%')
            {
              g_set_error_literal (error, CAU_UI_ERROR, CAU_UI_ERROR_INVALID_SERVER,
                                   _("Only an IPv6 address goes between brackets."));
              return FALSE;
            }
        }
    }
  else
    {
      colon = strchr (copy, ':');
      if (colon != NULL && strchr (colon + 1, ':') != NULL)
        {
          g_set_error_literal (error, CAU_UI_ERROR, CAU_UI_ERROR_INVALID_SERVER,
                               _("An IPv6 address goes between brackets, like [2001:db8::1]:5222."));
          return FALSE;
        }
      if (colon != NULL)
        {
          *colon = '\0';
          if (!parse_port (colon + 1, &number, error))
            return FALSE;
        }
      if (!check_host (copy, error))
        return FALSE;
      name = g_ascii_strdown (copy, -1);
    }

  *host = g_steal_pointer (&name);
  *port = number;
  return TRUE;
}

/**
 * cau_format_server:
 * @host: (nullable): a host name or address
 * @port: a port, or 0
 *
 * The inverse of cau_parse_server().
 *
 * Returns: (transfer full): the text to show, empty when @host is %NULL
 */
char *
cau_format_server (const char *host,
                   guint16     port)
{
  gboolean ipv6;

  if (host == NULL || *host == '\0')
    return g_strdup ("");

  ipv6 = strchr (host, ':') != NULL;
  if (port == 0)
    return ipv6 ? g_strdup_printf ("[%s]", host) : g_strdup (host);
  return ipv6 ? g_strdup_printf ("[%s]:%u", host, port) : g_strdup_printf ("%s:%u", host, port);
}

/**
 * cau_normalize_sha256:
 * @text: a SHA-256 fingerprint in hex, any case, colons allowed
 * @error: why it is refused, translated
 *
 * Returns: (transfer full) (nullable): 64 lower-case hex digits
 */
char *
cau_normalize_sha256 (const char  *text,
                      GError     **error)
{
  g_autoptr(GString) hex = g_string_new (NULL);

  for (const char *p = text ? text : ""; *p != '\0'; p++)
    {
      if (*p == ':')
        continue;
      if (!g_ascii_isxdigit (*p))
        {
          g_set_error (error, CAU_UI_ERROR, CAU_UI_ERROR_INVALID_FINGERPRINT,
                       _("“%s” is not a SHA-256 fingerprint: only hexadecimal digits and colons "
                         "are allowed."), text);
          return NULL;
        }
      g_string_append_c (hex, g_ascii_tolower (*p));
    }

  if (hex->len != 64)
    {
      g_set_error (error, CAU_UI_ERROR, CAU_UI_ERROR_INVALID_FINGERPRINT,
                   _("“%s” is not a SHA-256 fingerprint: it needs 64 hexadecimal digits."),
                   text ? text : "");
      return NULL;
    }
  return g_string_free (g_steal_pointer (&hex), FALSE);
}

const char *
cau_presence_get_icon_name (CauPresence presence)
{
  switch (presence)
    {
    case CAU_PRESENCE_AVAILABLE:
      return "user-available-symbolic";
    case CAU_PRESENCE_AWAY:
      return "user-away-symbolic";
    case CAU_PRESENCE_DND:
      return "user-busy-symbolic";
    case CAU_PRESENCE_OFFLINE:
    default:
      return "user-offline-symbolic";
    }
}

const char *
cau_presence_get_label (CauPresence presence)
{
  switch (presence)
    {
    case CAU_PRESENCE_AVAILABLE:
      return _("Available");
    case CAU_PRESENCE_AWAY:
      return _("Away");
    case CAU_PRESENCE_DND:
      return _("Do Not Disturb");
    case CAU_PRESENCE_OFFLINE:
    default:
      return _("Offline");
    }
}

/* Names the colour of a presence dot (.status-dot) in style.css. */
const char *
cau_presence_get_css_class (CauPresence presence)
{
  switch (presence)
    {
    case CAU_PRESENCE_AVAILABLE:
      return "online";
    case CAU_PRESENCE_AWAY:
      return "away";
    case CAU_PRESENCE_DND:
      return "dnd";
    case CAU_PRESENCE_OFFLINE:
    default:
      return "offline";
    }
}

/**
 * cau_account_describe_state:
 * @account: an account
 *
 * Returns: (transfer full): one line saying how the account is doing, translated
 */
char *
cau_account_describe_state (CauAccount *account)
{
  const char *message;

  g_return_val_if_fail (CAU_IS_ACCOUNT (account), NULL);

  switch (cau_account_get_state (account))
    {
    case CAU_ACCOUNT_STATE_DISABLED:
      return g_strdup (_("Disabled"));
    case CAU_ACCOUNT_STATE_OFFLINE:
      return g_strdup (_("Offline"));
    case CAU_ACCOUNT_STATE_CONNECTING:
      return g_strdup (_("Connecting…"));
    case CAU_ACCOUNT_STATE_ONLINE:
      switch (cau_account_get_presence (account))
        {
        case CAU_PRESENCE_AWAY:
          return g_strdup (_("Away"));
        case CAU_PRESENCE_DND:
          return g_strdup (_("Do Not Disturb"));
        case CAU_PRESENCE_AVAILABLE:
        case CAU_PRESENCE_OFFLINE:
        default:
          return g_strdup (_("Online"));
        }
    case CAU_ACCOUNT_STATE_WAITING:
      message = cau_account_get_error_message (account);
      if (message != NULL && *message != '\0')
        /* TRANSLATORS: %s says why the connection was lost */
        return g_strdup_printf (_("Reconnecting soon: %s"), message);
      return g_strdup (_("Reconnecting soon…"));
    case CAU_ACCOUNT_STATE_NEEDS_PASSWORD:
      return g_strdup (_("Password needed"));
    case CAU_ACCOUNT_STATE_ERROR:
    default:
      message = cau_account_get_error_message (account);
      return g_strdup (message != NULL && *message != '\0' ? message : _("Could not connect"));
    }
}

/* Names the status dot's colour in style.css. */
const char *
cau_account_get_state_css_class (CauAccount *account)
{
  g_return_val_if_fail (CAU_IS_ACCOUNT (account), "offline");

  switch (cau_account_get_state (account))
    {
    case CAU_ACCOUNT_STATE_ONLINE:
      switch (cau_account_get_presence (account))
        {
        case CAU_PRESENCE_AWAY:
          return "away";
        case CAU_PRESENCE_DND:
          return "dnd";
        case CAU_PRESENCE_AVAILABLE:
        case CAU_PRESENCE_OFFLINE:
        default:
          return "online";
        }
    case CAU_ACCOUNT_STATE_CONNECTING:
    case CAU_ACCOUNT_STATE_WAITING:
      return "connecting";
    case CAU_ACCOUNT_STATE_ERROR:
    case CAU_ACCOUNT_STATE_NEEDS_PASSWORD:
      return "error";
    case CAU_ACCOUNT_STATE_DISABLED:
    case CAU_ACCOUNT_STATE_OFFLINE:
    default:
      return "offline";
    }
}

int
cau_days_between (GDateTime *earlier,
                  GDateTime *later)
{
  int y1, m1, d1, y2, m2, d2;
  GDate a, b;

  g_return_val_if_fail (earlier != NULL && later != NULL, 0);

  g_date_time_get_ymd (earlier, &y1, &m1, &d1);
  g_date_time_get_ymd (later, &y2, &m2, &d2);
  g_date_clear (&a, 1);
  g_date_clear (&b, 1);
  g_date_set_dmy (&a, d1, m1, y1);
  g_date_set_dmy (&b, d2, m2, y2);
  return g_date_days_between (&a, &b);
}

char *
cau_format_unread_count (guint unread)
{
  return unread > 999 ? g_strdup ("999+") : g_strdup_printf ("%u", unread);
}

char *
cau_format_activity_time (GDateTime *time,
                          GDateTime *now)
{
  int days;

  g_return_val_if_fail (time != NULL && now != NULL, NULL);

  days = cau_days_between (time, now);
  if (days <= 0)
    /* TRANSLATORS: a time of today in the conversation list, see g_date_time_format() */
    return g_date_time_format (time, _("%H:%M"));
  if (days < 7)
    /* TRANSLATORS: a day of this week in the conversation list: the short weekday */
    return g_date_time_format (time, _("%a"));
  if (g_date_time_get_year (time) == g_date_time_get_year (now))
    /* TRANSLATORS: an earlier date of this year in the conversation list */
    return g_date_time_format (time, _("%b %-e"));
  /* TRANSLATORS: a date of another year in the conversation list */
  return g_date_time_format (time, _("%b %-e, %Y"));
}

char *
cau_format_day (GDateTime *time,
                GDateTime *now)
{
  int days;

  g_return_val_if_fail (time != NULL && now != NULL, NULL);

  days = cau_days_between (time, now);
  if (days == 0)
    return g_strdup (_("Today"));
  if (days == 1)
    return g_strdup (_("Yesterday"));
  if (days > 1 && days < 7)
    /* TRANSLATORS: a day of this week above its messages: the weekday */
    return g_date_time_format (time, _("%A"));
  if (g_date_time_get_year (time) == g_date_time_get_year (now))
    /* TRANSLATORS: an earlier day of this year above its messages */
    return g_date_time_format (time, _("%A, %B %-e"));
  /* TRANSLATORS: a day of another year above its messages */
  return g_date_time_format (time, _("%A, %B %-e, %Y"));
}

char *
cau_text_truncate (const char *text,
                   guint       max_chars)
{
  const char *end;
  GString *cut;

  if (text == NULL)
    return NULL;
  /* Counting stops at the limit: a huge body costs no more than a short one. */
  end = text;
  for (guint i = 0; i < max_chars; i++)
    {
      if (*end == '\0')
        return NULL;
      end = g_utf8_next_char (end);
    }
  if (*end == '\0')
    return NULL;

  cut = g_string_new_len (text, end - text);
  g_string_append (cut, "…");
  return g_string_free (cut, FALSE);
}

char *
cau_text_shorten (const char *text,
                  guint       max_chars,
                  guint       max_lines)
{
  const char *end, *space = NULL;
  guint lines = 1;
  GString *cut;

  if (text == NULL)
    return NULL;
  /* Counting stops at the limits: a huge body costs no more than a short one. */
  end = text;
  for (guint i = 0; i < max_chars && *end != '\0'; i++)
    {
      gunichar c = g_utf8_get_char (end);

      if (c == '\n' && ++lines > max_lines)
        break;
      if (g_unichar_isspace (c))
        space = end;
      end = g_utf8_next_char (end);
    }
  if (*end == '\0')
    return NULL;
  /* Words stay whole unless the last space is far back (a long URL). */
  if (*end != '\n' && space != NULL && g_utf8_strlen (space, end - space) < 20)
    end = space;
  while (end > text && g_unichar_isspace (g_utf8_get_char (g_utf8_prev_char (end))))
    end = g_utf8_prev_char (end);

  cut = g_string_new_len (text, end - text);
  g_string_append (cut, "…");
  return g_string_free (cut, FALSE);
}

char *
cau_text_one_line (const char *text,
                   guint       max_chars)
{
  g_autofree char *cut = cau_text_truncate (text, max_chars);
  GString *line;
  gboolean space = FALSE;

  if (text == NULL)
    return g_strdup ("");

  line = g_string_new (NULL);
  for (const char *p = cut ? cut : text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      /* Runs of blanks and line breaks become one space. */
      if (g_unichar_isspace (c))
        {
          space = line->len > 0;
          continue;
        }
      if (space)
        g_string_append_c (line, ' ');
      space = FALSE;
      g_string_append_unichar (line, c);
    }
  return g_string_free (line, FALSE);
}

/**
 * cau_contact_describe_subscription:
 * @contact: a contact
 *
 * Returns: (transfer full): who sees whose status, translated
 */
char *
cau_contact_describe_subscription (CauContact *contact)
{
  gboolean ask;

  g_return_val_if_fail (CAU_IS_CONTACT (contact), NULL);

  ask = cau_contact_get_ask (contact);
  switch (cau_contact_get_subscription (contact))
    {
    case CAU_SUBSCRIPTION_BOTH:
      return g_strdup (_("You see each other’s status."));
    case CAU_SUBSCRIPTION_TO:
      return g_strdup (_("You see their status; they do not see yours."));
    case CAU_SUBSCRIPTION_FROM:
      if (ask)
        return g_strdup (_("They see your status; you asked to see theirs and are waiting for "
                           "approval."));
      return g_strdup (_("They see your status; you do not see theirs."));
    case CAU_SUBSCRIPTION_NONE:
    default:
      if (ask)
        return g_strdup (_("You asked to see their status and are waiting for approval."));
      return g_strdup (_("Neither of you sees the other’s status."));
    }
}

/**
 * cau_contact_error_message:
 * @account: (nullable): the account whose contacts were being changed
 * @error: what the model said
 *
 * Returns: (transfer full): the message to show, translated
 */
char *
cau_contact_error_message (CauAccount   *account,
                           const GError *error)
{
  g_return_val_if_fail (error != NULL, NULL);

  if (g_error_matches (error, CAU_CORE_ERROR, CAU_CORE_ERROR_OFFLINE) && account != NULL)
    /* TRANSLATORS: %s is an account's address */
    return g_strdup_printf (_("%s is not connected. Contacts can only be changed while the "
                              "account is online."), cau_account_get_jid (account));
  return g_strdup (error->message);
}

AdwToast *
cau_toast_new (const char *text)
{
  g_autofree char *escaped = NULL;

  g_return_val_if_fail (text != NULL, NULL);

  escaped = g_markup_escape_text (text, -1);
  return adw_toast_new (escaped);
}

void
cau_widget_add_toast (GtkWidget  *widget,
                      const char *text)
{
  GtkRoot *root;
  GtkWidget *overlay;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (text != NULL);

  root = gtk_widget_get_root (widget);
  overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);
  if (ADW_IS_PREFERENCES_WINDOW (root))
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (root), cau_toast_new (text));
  else if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), cau_toast_new (text));
  else
    g_message ("%s", text);
}
