/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

#include <adwaita.h>

#include "core/cau-contact.h"

G_BEGIN_DECLS

/* The contacts a dialog suggests under an address being typed: the first few whose name or
 * address holds the text, shown in @suggestions as rows named @row_name that carry their
 * CauContact as "cau-contact" data. Who shows or hides @suggestions is the dialog, on the
 * matches' "items-changed". */
typedef struct _CauContactSearch CauContactSearch;

/* @contacts (transfer full): the contacts to search. */
CauContactSearch *cau_contact_search_new         (GListModel       *contacts,
                                                  GtkListBox       *suggestions,
                                                  const char       *row_name);
/* Unbinds the list box too: call it before the list box goes. */
void              cau_contact_search_free        (CauContactSearch *search);
void              cau_contact_search_set_text    (CauContactSearch *search,
                                                  const char       *text);
GListModel       *cau_contact_search_get_matches (CauContactSearch *search);
/* The first contact's row, while the suggestions are shown; else NULL. */
GtkListBoxRow    *cau_contact_search_get_first   (CauContactSearch *search);

G_END_DECLS
