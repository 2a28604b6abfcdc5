/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-xep-0004-forms.h"
#include "cau-xep-stanza-private.h"
#include "xmpp/cau-xmpp-utils.h"

static char *
child_text (xmpp_stanza_t *stanza,
            const char    *name)
{
  xmpp_stanza_t *child = xmpp_stanza_get_child_by_name (stanza, name);
  char *text, *copy;

  if (child == NULL)
    return NULL;
  text = xmpp_stanza_get_text (child);
  copy = g_strdup (text ? text : "");
  if (text)
    xmpp_free (xmpp_stanza_get_context (stanza), text);
  return copy;
}

static void
add_options (GVariantBuilder *options,
             xmpp_stanza_t   *field)
{
  for (xmpp_stanza_t *o = xmpp_stanza_get_children (field); o; o = xmpp_stanza_get_next (o))
    if (xmpp_stanza_is_tag (o) && g_strcmp0 (xmpp_stanza_get_name (o), "option") == 0)
      {
        g_autofree char *value = child_text (o, "value");

        if (value != NULL && g_utf8_validate (value, -1, NULL))
          g_variant_builder_add (options, "s", value);
      }
}

GVariant *
cau_xmpp_parse_data_form (xmpp_stanza_t *x)
{
  GVariantBuilder fields;
  g_autofree char *instructions = NULL;
  guint count = 0;

  g_return_val_if_fail (x != NULL, NULL);

  g_variant_builder_init (&fields, G_VARIANT_TYPE ("a(sssbsas)"));
  instructions = child_text (x, "instructions");
  for (xmpp_stanza_t *f = xmpp_stanza_get_children (x);
       f != NULL && count < CAU_XMPP_FORM_MAX_FIELDS; f = xmpp_stanza_get_next (f))
    {
      const char *var, *type, *label;
      g_autofree char *value = NULL;
      GVariantBuilder options;
      gboolean required;

      if (!xmpp_stanza_is_tag (f) || g_strcmp0 (xmpp_stanza_get_name (f), "field") != 0)
        continue;

      var = xmpp_stanza_get_attribute (f, "var");
      type = xmpp_stanza_get_attribute (f, "type");
      label = xmpp_stanza_get_attribute (f, "label");
      required = xmpp_stanza_get_child_by_name (f, "required") != NULL;
      value = child_text (f, "value");
      if (type == NULL)
        type = "text-single";
      if (var == NULL && !g_str_equal (type, "fixed"))
        continue;
      if (!g_utf8_validate (var ? var : "", -1, NULL) ||
          !g_utf8_validate (type, -1, NULL) ||
          !g_utf8_validate (label ? label : "", -1, NULL) ||
          !g_utf8_validate (value ? value : "", -1, NULL))
        continue;

      g_variant_builder_init (&options, G_VARIANT_TYPE ("as"));
      add_options (&options, f);
      g_variant_builder_add (&fields, "(sssbsas)", var ? var : "", type,
                             label ? label : (var ? var : ""), required,
                             value ? value : "", &options);
      count++;
    }
  return g_variant_new ("(sba(sssbsas))",
                        instructions != NULL && g_utf8_validate (instructions, -1, NULL)
                        ? instructions : "",
                        TRUE, &fields);
}

static const char *
lookup_value (GVariant   *values,
              const char *var)
{
  const char *value = NULL;

  if (values != NULL)
    g_variant_lookup (values, var, "&s", &value);
  return value;
}

xmpp_stanza_t *
cau_xmpp_build_data_form_submit (xmpp_ctx_t *ctx,
                                 GVariant   *form,
                                 GVariant   *values)
{
  g_autoptr(GVariantIter) iter = NULL;
  const char *instructions, *var, *type, *label, *value;
  gboolean is_data_form, required;
  GVariantIter *options;
  xmpp_stanza_t *x;

  g_return_val_if_fail (ctx != NULL && form != NULL, NULL);

  x = cau_xmpp_child_new (ctx, "x", CAU_NS_DATA_FORMS);
  xmpp_stanza_set_type (x, "submit");
  g_variant_get (form, "(&sba(sssbsas))", &instructions, &is_data_form, &iter);
  while (g_variant_iter_next (iter, "(&s&s&sb&sas)", &var, &type, &label, &required, &value,
                              &options))
    {
      const char *given = lookup_value (values, var);
      xmpp_stanza_t *field;

      g_variant_iter_free (options);
      if (*var == '\0' || g_str_equal (type, "fixed"))
        continue;
      field = cau_xmpp_child_new (ctx, "field", NULL);
      xmpp_stanza_set_attribute (field, "var", var);
      cau_xmpp_add_text_child (field, "value", given != NULL ? given : value);
      xmpp_stanza_add_child (x, field);
      xmpp_stanza_release (field);
    }
  return x;
}

GVariant *
cau_xmpp_data_form_keep_only (GVariant *form,
                              GVariant *values)
{
  g_autoptr(GVariantIter) fields = NULL;
  const char *instructions;
  gboolean is_data_form;
  GVariantBuilder kept;
  GVariant *field;

  g_return_val_if_fail (form != NULL && values != NULL, NULL);

  g_variant_get (form, "(&sba(sssbsas))", &instructions, &is_data_form, &fields);
  g_variant_builder_init (&kept, G_VARIANT_TYPE ("a(sssbsas)"));
  while ((field = g_variant_iter_next_value (fields)) != NULL)
    {
      const char *var;

      g_variant_get_child (field, 0, "&s", &var);
      if (g_str_equal (var, "FORM_TYPE") || g_variant_lookup (values, var, "&s", NULL))
        g_variant_builder_add_value (&kept, field);
      g_variant_unref (field);
    }
  return g_variant_new ("(sb@a(sssbsas))", instructions, is_data_form,
                        g_variant_builder_end (&kept));
}
