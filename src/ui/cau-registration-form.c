/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-registration-form.h"

#include <adwaita.h>
#include <glib/gi18n.h>

/*
 * The fields a server asks for to create an account (XEP-0077, with or
 * without a XEP-0004 data form). Labels, instructions and values come from
 * the server: plain labels only, never markup. Hidden fields are kept and
 * submitted as they came. A room's configuration (XEP-0045 §10.2) is shown
 * the same way.
 *
 * The form's type holds one value per field: a field of several values
 * (list-multi, jid-multi, text-multi) is not shown, since it could not be
 * shown whole; it is kept as it came, and left out of
 * cau_registration_form_get_changed_values().
 */

typedef struct {
  char      *var;
  char      *type;
  char      *value;
  char     **options;
  gboolean   required;
  GtkWidget *widget;
} Field;

struct _CauRegistrationForm
{
  GtkWidget  parent_instance;

  GPtrArray *fields;
  gboolean   mark_optional;

  GtkWidget *instructions_label;
  GtkWidget *fields_box;
};

G_DEFINE_FINAL_TYPE (CauRegistrationForm, cau_registration_form, GTK_TYPE_WIDGET)

enum {
  CHANGED,
  ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
field_free (Field *field)
{
  g_free (field->var);
  g_free (field->type);
  g_free (field->value);
  g_strfreev (field->options);
  g_free (field);
}

static char *
field_get_value (Field *field)
{
  if (field->widget == NULL)
    return g_strdup (field->value ? field->value : "");
  if (GTK_IS_SWITCH (field->widget))
    return g_strdup (gtk_switch_get_active (GTK_SWITCH (field->widget)) ? "1" : "0");
  if (ADW_IS_COMBO_ROW (field->widget))
    {
      guint selected = adw_combo_row_get_selected (ADW_COMBO_ROW (field->widget));

      if (field->options == NULL || selected >= g_strv_length (field->options))
        return g_strdup ("");
      return g_strdup (field->options[selected]);
    }
  return g_strdup (gtk_editable_get_text (GTK_EDITABLE (field->widget)));
}

static gboolean
is_multi (const char *type)
{
  return g_str_equal (type, "list-multi") || g_str_equal (type, "jid-multi") ||
         g_str_equal (type, "text-multi");
}

/* A boolean's value as the switch gives it: "1" or "0" (XEP-0004 allows "true" and "false"). */
static const char *
boolean_value (const char *value)
{
  return g_strcmp0 (value, "1") == 0 || g_strcmp0 (value, "true") == 0 ? "1" : "0";
}

static void
changed_cb (CauRegistrationForm *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
activated_cb (CauRegistrationForm *self)
{
  g_signal_emit (self, signals[ACTIVATED], 0);
}

static GtkWidget *
create_row (CauRegistrationForm *self,
            Field               *field,
            const char          *label)
{
  GtkWidget *row;

  if (g_str_equal (field->type, "boolean"))
    {
      field->widget = gtk_switch_new ();
      gtk_widget_set_valign (field->widget, GTK_ALIGN_CENTER);
      gtk_switch_set_active (GTK_SWITCH (field->widget),
                             g_strcmp0 (field->value, "1") == 0 ||
                             g_strcmp0 (field->value, "true") == 0);
      row = adw_action_row_new ();
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), field->widget);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), field->widget);
      g_signal_connect_object (field->widget, "notify::active", G_CALLBACK (changed_cb), self,
                               G_CONNECT_SWAPPED);
    }
  else if (g_str_equal (field->type, "list-single"))
    {
      g_autoptr(GtkStringList) model = gtk_string_list_new ((const char * const *) field->options);
      guint n = field->options ? g_strv_length (field->options) : 0;

      row = adw_combo_row_new ();
      field->widget = row;
      adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (model));
      for (guint i = 0; i < n; i++)
        if (g_strcmp0 (field->options[i], field->value) == 0)
          adw_combo_row_set_selected (ADW_COMBO_ROW (row), i);
      g_signal_connect_object (row, "notify::selected", G_CALLBACK (changed_cb), self,
                               G_CONNECT_SWAPPED);
    }
  else
    {
      /* text-single, text-private and, one line each, the other text types. */
      if (g_str_equal (field->type, "text-private"))
        row = adw_password_entry_row_new ();
      else
        row = adw_entry_row_new ();
      field->widget = row;
      gtk_editable_set_text (GTK_EDITABLE (row), field->value ? field->value : "");
      g_signal_connect_object (row, "changed", G_CALLBACK (changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (row, "entry-activated", G_CALLBACK (activated_cb), self,
                               G_CONNECT_SWAPPED);
      if (g_strcmp0 (field->var, "username") == 0)
        adw_entry_row_set_input_hints (ADW_ENTRY_ROW (row),
                                       GTK_INPUT_HINT_NO_SPELLCHECK | GTK_INPUT_HINT_LOWERCASE);
      else if (g_strcmp0 (field->var, "email") == 0)
        adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (row), GTK_INPUT_PURPOSE_EMAIL);

      if (!field->required && self->mark_optional)
        {
          GtkWidget *optional = gtk_label_new (_("Optional"));

          gtk_widget_add_css_class (optional, "dim-label");
          gtk_widget_add_css_class (optional, "caption");
          adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), optional);
        }
    }

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), label);
  /* The field's name, so that tests find "username" and "password". */
  gtk_widget_set_name (row, field->var);
  return row;
}

static void
cau_registration_form_dispose (GObject *object)
{
  CauRegistrationForm *self = CAU_REGISTRATION_FORM (object);

  g_clear_pointer (&self->fields, g_ptr_array_unref);
  g_clear_pointer (&self->instructions_label, gtk_widget_unparent);
  g_clear_pointer (&self->fields_box, gtk_widget_unparent);

  G_OBJECT_CLASS (cau_registration_form_parent_class)->dispose (object);
}

static void
cau_registration_form_class_init (CauRegistrationFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cau_registration_form_dispose;

  /**
   * CauRegistrationForm::changed:
   *
   * A field changed; the form may have become complete or not.
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * CauRegistrationForm::activated:
   *
   * Enter was pressed in a field.
   */
  signals[ACTIVATED] =
    g_signal_new ("activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
}

static void
cau_registration_form_init (CauRegistrationForm *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));

  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 18);

  self->fields = g_ptr_array_new_with_free_func ((GDestroyNotify) field_free);
  self->mark_optional = TRUE;

  self->instructions_label = gtk_label_new (NULL);
  gtk_widget_set_name (self->instructions_label, "instructions-label");
  gtk_label_set_wrap (GTK_LABEL (self->instructions_label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (self->instructions_label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (self->instructions_label), 0);
  gtk_label_set_selectable (GTK_LABEL (self->instructions_label), TRUE);
  gtk_widget_set_focusable (self->instructions_label, FALSE);
  gtk_widget_set_visible (self->instructions_label, FALSE);
  gtk_widget_set_parent (self->instructions_label, GTK_WIDGET (self));

  self->fields_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_parent (self->fields_box, GTK_WIDGET (self));
}

GtkWidget *
cau_registration_form_new (void)
{
  return g_object_new (CAU_TYPE_REGISTRATION_FORM, NULL);
}

gboolean
cau_registration_form_get_complete (CauRegistrationForm *self)
{
  g_return_val_if_fail (CAU_IS_REGISTRATION_FORM (self), FALSE);

  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *field = g_ptr_array_index (self->fields, i);
      g_autofree char *value = NULL;

      if (!field->required || field->widget == NULL || GTK_IS_SWITCH (field->widget))
        continue;
      value = field_get_value (field);
      if (*g_strstrip (value) == '\0')
        return FALSE;
    }
  return TRUE;
}

GVariant *
cau_registration_form_get_values (CauRegistrationForm *self)
{
  GVariantBuilder builder;

  g_return_val_if_fail (CAU_IS_REGISTRATION_FORM (self), NULL);

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{ss}"));
  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *field = g_ptr_array_index (self->fields, i);
      g_autofree char *value = NULL;

      if (*field->var == '\0' || g_str_equal (field->type, "fixed"))
        continue;
      value = field_get_value (field);
      g_variant_builder_add (&builder, "{ss}", field->var, value);
    }
  return g_variant_builder_end (&builder);
}

/* "a{ss}" (floating): the shown fields whose value is not the one the form came with. */
GVariant *
cau_registration_form_get_changed_values (CauRegistrationForm *self)
{
  GVariantBuilder builder;

  g_return_val_if_fail (CAU_IS_REGISTRATION_FORM (self), NULL);

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{ss}"));
  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *field = g_ptr_array_index (self->fields, i);
      g_autofree char *value = NULL;
      const char *was;

      if (field->widget == NULL || *field->var == '\0')
        continue;
      value = field_get_value (field);
      was = GTK_IS_SWITCH (field->widget) ? boolean_value (field->value)
                                          : (field->value ? field->value : "");
      if (g_strcmp0 (value, was) != 0)
        g_variant_builder_add (&builder, "{ss}", field->var, value);
    }
  return g_variant_builder_end (&builder);
}

char *
cau_registration_form_get_value (CauRegistrationForm *self,
                                 const char          *var)
{
  g_return_val_if_fail (CAU_IS_REGISTRATION_FORM (self), NULL);
  g_return_val_if_fail (var != NULL, NULL);

  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *field = g_ptr_array_index (self->fields, i);

      if (g_str_equal (field->var, var))
        return field_get_value (field);
    }
  return NULL;
}

void
cau_registration_form_set_form (CauRegistrationForm *self,
                                GVariant            *form)
{
  g_autoptr(GVariantIter) iter = NULL;
  const char *instructions = NULL;
  const char *var, *type, *label, *value;
  char **options;
  gboolean is_data_form, required;
  GtkWidget *child;
  GtkWidget *list = NULL;

  g_return_if_fail (CAU_IS_REGISTRATION_FORM (self));
  g_return_if_fail (g_variant_is_of_type (form, G_VARIANT_TYPE ("(sba(sssbsas))")));

  while ((child = gtk_widget_get_first_child (self->fields_box)) != NULL)
    gtk_box_remove (GTK_BOX (self->fields_box), child);
  g_ptr_array_set_size (self->fields, 0);

  g_variant_get (form, "(&sba(sssbsas))", &instructions, &is_data_form, &iter);
  gtk_label_set_label (GTK_LABEL (self->instructions_label), instructions);
  gtk_widget_set_visible (self->instructions_label, *instructions != '\0');

  while (g_variant_iter_next (iter, "(&s&s&sb&s^as)", &var, &type, &label, &required, &value,
                              &options))
    {
      Field *field = g_new0 (Field, 1);

      field->var = g_strdup (var);
      field->type = g_strdup (type);
      field->value = g_strdup (value);
      field->options = options;
      field->required = required;
      g_ptr_array_add (self->fields, field);

      if (g_str_equal (type, "hidden") || is_multi (type))
        continue;

      if (g_str_equal (type, "fixed"))
        {
          GtkWidget *text = gtk_label_new (*value != '\0' ? value : label);

          gtk_label_set_wrap (GTK_LABEL (text), TRUE);
          gtk_label_set_xalign (GTK_LABEL (text), 0);
          gtk_box_append (GTK_BOX (self->fields_box), text);
          list = NULL;
          continue;
        }

      if (list == NULL)
        {
          list = gtk_list_box_new ();
          gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
          gtk_widget_add_css_class (list, "boxed-list");
          gtk_box_append (GTK_BOX (self->fields_box), list);
        }
      gtk_list_box_append (GTK_LIST_BOX (list),
                           create_row (self, field, *label != '\0' ? label : var));
    }

  g_signal_emit (self, signals[CHANGED], 0);
}

void
cau_registration_form_set_mark_optional (CauRegistrationForm *self,
                                         gboolean             mark_optional)
{
  g_return_if_fail (CAU_IS_REGISTRATION_FORM (self));
  self->mark_optional = mark_optional;
}

void
cau_registration_form_focus (CauRegistrationForm *self)
{
  g_return_if_fail (CAU_IS_REGISTRATION_FORM (self));
  gtk_widget_child_focus (self->fields_box, GTK_DIR_TAB_FORWARD);
}
