/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define CAU_TYPE_REGISTRATION_FORM (cau_registration_form_get_type ())
G_DECLARE_FINAL_TYPE (CauRegistrationForm, cau_registration_form, CAU, REGISTRATION_FORM, GtkWidget)

GtkWidget *cau_registration_form_new          (void);
/* Whether every required field is filled in. */
gboolean   cau_registration_form_get_complete (CauRegistrationForm *self);
/* The values to submit, "a{ss}" (floating). */
GVariant  *cau_registration_form_get_values   (CauRegistrationForm *self);
/* Only the fields changed since set_form(), "a{ss}" (floating). */
GVariant  *cau_registration_form_get_changed_values (CauRegistrationForm *self);
/* What the field @var holds now, or NULL when the form has no such field. */
char      *cau_registration_form_get_value    (CauRegistrationForm *self,
                                               const char          *var);
/* Builds the fields of a form "(sba(sssbsas))" from the core. */
void       cau_registration_form_set_form     (CauRegistrationForm *self,
                                               GVariant            *form);
/* Whether text fields not required say "Optional" (the default); before set_form(). */
void       cau_registration_form_set_mark_optional (CauRegistrationForm *self,
                                                    gboolean             mark_optional);
void       cau_registration_form_focus        (CauRegistrationForm *self);

G_END_DECLS
