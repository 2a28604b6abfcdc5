/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-contact-search.h"

/* Most contacts suggested under the address. */
#define MAX_SUGGESTIONS 5

struct _CauContactSearch
{
  char            *query;
  char            *row_name;
  GtkCustomFilter *filter;
  GListModel      *matches;
  GtkListBox      *suggestions;
};

static gboolean
contact_matches (gpointer item,
                 gpointer data)
{
  CauContactSearch *search = data;

  return search->query != NULL && cau_contact_matches (item, search->query);
}

static GtkWidget *
create_suggestion (gpointer item,
                   gpointer data)
{
  CauContactSearch *search = data;
  CauContact *contact = item;
  GtkWidget *row = adw_action_row_new ();

  gtk_widget_set_name (row, search->row_name);
  /* Names are the contacts' own: never markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), cau_contact_get_display_name (contact));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), cau_contact_get_jid (contact));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data_full (G_OBJECT (row), "cau-contact", g_object_ref (contact), g_object_unref);
  return row;
}

CauContactSearch *
cau_contact_search_new (GListModel *contacts,
                        GtkListBox *suggestions,
                        const char *row_name)
{
  CauContactSearch *search;
  GtkFilterListModel *found;

  g_return_val_if_fail (G_IS_LIST_MODEL (contacts), NULL);
  g_return_val_if_fail (GTK_IS_LIST_BOX (suggestions), NULL);

  search = g_new0 (CauContactSearch, 1);
  search->row_name = g_strdup (row_name);
  search->suggestions = suggestions;
  search->filter = gtk_custom_filter_new (contact_matches, search, NULL);
  found = gtk_filter_list_model_new (contacts, g_object_ref (GTK_FILTER (search->filter)));
  search->matches = G_LIST_MODEL (gtk_slice_list_model_new (G_LIST_MODEL (found), 0,
                                                            MAX_SUGGESTIONS));
  gtk_list_box_bind_model (suggestions, search->matches, create_suggestion, search, NULL);
  return search;
}

void
cau_contact_search_free (CauContactSearch *search)
{
  if (search == NULL)
    return;
  gtk_list_box_bind_model (search->suggestions, NULL, NULL, NULL, NULL);
  g_clear_object (&search->matches);
  g_clear_object (&search->filter);
  g_free (search->query);
  g_free (search->row_name);
  g_free (search);
}

void
cau_contact_search_set_text (CauContactSearch *search,
                             const char       *text)
{
  g_autofree char *query = g_strstrip (g_strdup (text));

  g_return_if_fail (search != NULL);

  g_free (search->query);
  search->query = *query != '\0' ? g_steal_pointer (&query) : NULL;
  gtk_filter_changed (GTK_FILTER (search->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

GListModel *
cau_contact_search_get_matches (CauContactSearch *search)
{
  g_return_val_if_fail (search != NULL, NULL);

  return search->matches;
}

GtkListBoxRow *
cau_contact_search_get_first (CauContactSearch *search)
{
  g_return_val_if_fail (search != NULL, NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (search->suggestions)))
    return NULL;
  return gtk_list_box_get_row_at_index (search->suggestions, 0);
}
