/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

/*
 * Data forms (XEP-0004) as the window shows them: registration forms (XEP-0077) and a room's
 * configuration (XEP-0045 §10.2) are read into one GVariant type, CAU_XMPP_FORM_TYPE
 * (cau-xmpp-registration.h), and answered from the values a person gave.
 */

#include <strophe.h>
#include <glib.h>

G_BEGIN_DECLS

/* Fields read at most from one form. */
#define CAU_XMPP_FORM_MAX_FIELDS 64

/* `x`: a <x xmlns='jabber:x:data'/> form. Returns a floating (sba(sssbsas)) with
 * is_data_form TRUE: instructions, then each field (var, type, label, required, value,
 * options); fields not valid text are skipped, a field's first value only is read. */
GVariant      *cau_xmpp_parse_data_form  (xmpp_stanza_t *x);
/* The <x type='submit'/> answering `form` (as parse returned it): each field's value from
 * `values` (a{ss}, nullable) or else the form's own; fixed fields are not sent. */
xmpp_stanza_t *cau_xmpp_build_data_form_submit (xmpp_ctx_t  *ctx,
                                                GVariant    *form,
                                                GVariant    *values);

/* `form` with only the fields named in `values` (a{ss}) and its FORM_TYPE (floating): what to
 * submit to change these alone, since a service keeps what is not sent, where the whole form
 * sent back would lose the values after the first of a multi-valued field. */
GVariant      *cau_xmpp_data_form_keep_only   (GVariant    *form,
                                                GVariant    *values);

G_END_DECLS
