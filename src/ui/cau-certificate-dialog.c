/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-certificate-dialog.h"

#include <glib/gi18n.h>

/*
 * Everything shown here comes from the network: labels only, never markup.
 */
struct _CauCertificateDialog
{
  AdwMessageDialog  parent_instance;

  CauCertificate   *certificate;
  char             *server;

  GtkLabel         *server_label;
  GtkLabel         *subject_label;
  GtkWidget        *names_box;
  GtkLabel         *names_label;
  GtkLabel         *issuer_label;
  GtkLabel         *validity_label;
  GtkLabel         *sha256_label;
};

G_DEFINE_FINAL_TYPE (CauCertificateDialog, cau_certificate_dialog, ADW_TYPE_MESSAGE_DIALOG)

enum {
  PROP_0,
  PROP_CERTIFICATE,
  PROP_SERVER,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

static const char *
or_unknown (const char *text)
{
  return text != NULL && *text != '\0' ? text : _("Unknown");
}

/* Names the buttons of a response, so that tests and people using assistive
 * technologies find them; libadwaita 1.2 keeps one button per layout. */
static void
name_buttons (GtkWidget  *widget,
              const char *label,
              const char *name)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    gtk_widget_set_name (widget, name);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    name_buttons (child, label, name);
}

static GtkWidget *
find_mapped (GtkWidget  *widget,
             const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (widget), name) == 0 && gtk_widget_get_mapped (widget))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_mapped (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Cancel, not the first button, has the focus: in the narrow layout the
 * first button is "Trust", and Enter must never trust by accident. */
static gboolean
focus_cancel_cb (GtkWidget     *widget,
                 GdkFrameClock *clock,
                 gpointer       user_data)
{
  GtkWidget *cancel = find_mapped (widget, "certificate-cancel");

  if (cancel != NULL)
    gtk_widget_grab_focus (cancel);
  return G_SOURCE_REMOVE;
}

static void
cau_certificate_dialog_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (cau_certificate_dialog_parent_class)->map (widget);
  gtk_widget_add_tick_callback (widget, focus_cancel_cb, NULL, NULL);
}

/* "AB:CD:…" in lines of eight bytes, so it reads as a block even on a phone. */
static char *
group_fingerprint (const char *formatted)
{
  g_auto(GStrv) bytes = g_strsplit (formatted, ":", -1);
  GString *text = g_string_new (NULL);

  for (guint i = 0; bytes[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append_c (text, i % 8 == 0 ? '\n' : ':');
      g_string_append (text, bytes[i]);
    }
  return g_string_free (text, FALSE);
}

static void
cau_certificate_dialog_constructed (GObject *object)
{
  CauCertificateDialog *self = CAU_CERTIFICATE_DIALOG (object);
  const char * const *names;
  g_autofree char *names_text = NULL;
  g_autofree char *validity = NULL;
  g_autofree char *sha256 = NULL;

  G_OBJECT_CLASS (cau_certificate_dialog_parent_class)->constructed (object);

  g_assert (self->certificate != NULL);

  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (self), "%s\n\n%s",
                                  or_unknown (cau_certificate_get_error (self->certificate)),
                                  _("Trust it only if you have checked that the fingerprint below "
                                    "is really your server’s, for example with its administrator. "
                                    "Otherwise someone may be listening in."));

  gtk_label_set_label (self->server_label, or_unknown (self->server));
  gtk_label_set_label (self->subject_label,
                       or_unknown (cau_certificate_get_subject (self->certificate)));
  gtk_label_set_label (self->issuer_label,
                       or_unknown (cau_certificate_get_issuer (self->certificate)));

  names = cau_certificate_get_names (self->certificate);
  if (names != NULL && names[0] != NULL)
    {
      names_text = g_strjoinv ("\n", (char **) names);
      gtk_label_set_label (self->names_label, names_text);
    }
  else
    {
      gtk_widget_set_visible (self->names_box, FALSE);
    }

  /* TRANSLATORS: the validity period of a certificate, "from <date> until <date>" */
  validity = g_strdup_printf (_("From %s until %s"),
                              or_unknown (cau_certificate_get_not_before (self->certificate)),
                              or_unknown (cau_certificate_get_not_after (self->certificate)));
  gtk_label_set_label (self->validity_label, validity);

  sha256 = cau_certificate_format_sha256 (self->certificate);
  if (sha256 != NULL)
    {
      g_autofree char *grouped = group_fingerprint (sha256);

      gtk_label_set_label (self->sha256_label, grouped);
    }
  else
    {
      gtk_label_set_label (self->sha256_label, or_unknown (NULL));
    }

  name_buttons (GTK_WIDGET (self),
                adw_message_dialog_get_response_label (ADW_MESSAGE_DIALOG (self), "trust"),
                "certificate-trust");
  name_buttons (GTK_WIDGET (self),
                adw_message_dialog_get_response_label (ADW_MESSAGE_DIALOG (self), "cancel"),
                "certificate-cancel");
}

static void
cau_certificate_dialog_dispose (GObject *object)
{
  CauCertificateDialog *self = CAU_CERTIFICATE_DIALOG (object);

  g_clear_object (&self->certificate);
  gtk_widget_dispose_template (GTK_WIDGET (self), CAU_TYPE_CERTIFICATE_DIALOG);

  G_OBJECT_CLASS (cau_certificate_dialog_parent_class)->dispose (object);
}

static void
cau_certificate_dialog_finalize (GObject *object)
{
  CauCertificateDialog *self = CAU_CERTIFICATE_DIALOG (object);

  g_free (self->server);

  G_OBJECT_CLASS (cau_certificate_dialog_parent_class)->finalize (object);
}

static void
cau_certificate_dialog_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  CauCertificateDialog *self = CAU_CERTIFICATE_DIALOG (object);

  switch (prop_id)
    {
    case PROP_CERTIFICATE:
      g_value_set_object (value, self->certificate);
      break;
    case PROP_SERVER:
      g_value_set_string (value, self->server);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cau_certificate_dialog_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  CauCertificateDialog *self = CAU_CERTIFICATE_DIALOG (object);

  switch (prop_id)
    {
    case PROP_CERTIFICATE:
      self->certificate = g_value_dup_object (value);
      break;
    case PROP_SERVER:
      self->server = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cau_certificate_dialog_class_init (CauCertificateDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = cau_certificate_dialog_constructed;
  object_class->dispose = cau_certificate_dialog_dispose;
  object_class->finalize = cau_certificate_dialog_finalize;
  object_class->get_property = cau_certificate_dialog_get_property;
  object_class->set_property = cau_certificate_dialog_set_property;
  widget_class->map = cau_certificate_dialog_map;

  props[PROP_CERTIFICATE] =
    g_param_spec_object ("certificate", NULL, NULL, CAU_TYPE_CERTIFICATE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  props[PROP_SERVER] =
    g_param_spec_string ("server", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/cau-certificate-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CauCertificateDialog, server_label);
  gtk_widget_class_bind_template_child (widget_class, CauCertificateDialog, subject_label);
  gtk_widget_class_bind_template_child (widget_class, CauCertificateDialog, names_box);
  gtk_widget_class_bind_template_child (widget_class, CauCertificateDialog, names_label);
  gtk_widget_class_bind_template_child (widget_class, CauCertificateDialog, issuer_label);
  gtk_widget_class_bind_template_child (widget_class, CauCertificateDialog, validity_label);
  gtk_widget_class_bind_template_child (widget_class, CauCertificateDialog, sha256_label);
}

static void
cau_certificate_dialog_init (CauCertificateDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * cau_certificate_dialog_new:
 * @parent: (nullable): the window it belongs to
 * @server: (nullable): the server the certificate came from
 * @certificate: the certificate that failed verification
 *
 * Responses are "cancel" and "trust".
 *
 * Returns: (transfer none): a new dialog, not shown yet; GTK owns toplevels
 */
CauCertificateDialog *
cau_certificate_dialog_new (GtkWindow      *parent,
                            const char     *server,
                            CauCertificate *certificate)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (CAU_IS_CERTIFICATE (certificate), NULL);

  return g_object_new (CAU_TYPE_CERTIFICATE_DIALOG,
                       "transient-for", parent,
                       "server", server,
                       "certificate", certificate,
                       NULL);
}

CauCertificate *
cau_certificate_dialog_get_certificate (CauCertificateDialog *self)
{
  g_return_val_if_fail (CAU_IS_CERTIFICATE_DIALOG (self), NULL);
  return self->certificate;
}

/* Asking as an async operation. */

typedef struct {
  CauCertificateDialog *dialog;
  GCancellable         *cancellable;
  gulong                response_id;
  gulong                cancelled_id;
} ChooseData;

static void
choose_data_free (ChooseData *data)
{
  g_clear_signal_handler (&data->response_id, data->dialog);
  if (data->cancelled_id != 0)
    g_cancellable_disconnect (data->cancellable, data->cancelled_id);
  g_clear_object (&data->cancellable);
  g_clear_object (&data->dialog);
  g_free (data);
}

static void
choose_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    GTask            *task)
{
  ChooseData *data = g_task_get_task_data (task);

  g_clear_signal_handler (&data->response_id, dialog);
  g_task_return_boolean (task, g_strcmp0 (response, "trust") == 0);
  g_object_unref (task);
}

static void
choose_cancelled_idle_cb (gpointer user_data)
{
  g_autoptr(CauCertificateDialog) dialog = user_data;

  /* Emitting the response by hand does not close the dialog. */
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
choose_cancelled_cb (GCancellable         *cancellable,
                     CauCertificateDialog *dialog)
{
  /* Not from inside the cancellable's emission, where disconnecting deadlocks. */
  g_idle_add_once (choose_cancelled_idle_cb, g_object_ref (dialog));
}

void
cau_certificate_dialog_choose_async (GtkWindow           *parent,
                                     const char          *server,
                                     CauCertificate      *certificate,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ChooseData *data;

  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (CAU_IS_CERTIFICATE (certificate));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, cau_certificate_dialog_choose_async);

  data = g_new0 (ChooseData, 1);
  data->dialog = g_object_ref_sink (cau_certificate_dialog_new (parent, server, certificate));
  data->cancellable = cancellable ? g_object_ref (cancellable) : NULL;
  g_task_set_task_data (task, data, (GDestroyNotify) choose_data_free);

  data->response_id = g_signal_connect (data->dialog, "response",
                                        G_CALLBACK (choose_response_cb), g_object_ref (task));
  if (cancellable != NULL)
    data->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (choose_cancelled_cb),
                                                data->dialog, NULL);
  gtk_window_present (GTK_WINDOW (data->dialog));
}

/**
 * cau_certificate_dialog_choose_finish:
 * @result: the result
 * @error: %G_IO_ERROR_CANCELLED when the question was withdrawn
 *
 * Returns: whether the person chose to trust the certificate
 */
gboolean
cau_certificate_dialog_choose_finish (GAsyncResult  *result,
                                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
