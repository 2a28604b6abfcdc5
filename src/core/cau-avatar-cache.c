/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-avatar-cache.h"

#include <string.h>

/*
 * The avatar cache holds one file per image, named by its SHA-1, written
 * by the engine (src/xmpp/cau-xmpp-avatars.c). Contacts change avatars;
 * the old images are of no use once no account's store names them.
 */

static gboolean
is_avatar_name (const char *name)
{
  if (strlen (name) != 40)
    return FALSE;
  for (const char *p = name; *p; p++)
    if (!g_ascii_isdigit (*p) && !(*p >= 'a' && *p <= 'f'))
      return FALSE;
  return TRUE;
}

guint
cau_avatar_cache_prune (const char   *dir,
                        GHashTable   *keep,
                        guint         min_age_s,
                        GCancellable *cancellable)
{
  g_autoptr(GFile) folder = NULL;
  g_autoptr(GFileEnumerator) children = NULL;
  g_autoptr(GError) error = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  guint deleted = 0;
  GFileInfo *info;
  GFile *child;

  g_return_val_if_fail (dir != NULL, 0);
  g_return_val_if_fail (keep != NULL, 0);

  folder = g_file_new_for_path (dir);
  children = g_file_enumerate_children (folder,
                                        G_FILE_ATTRIBUTE_STANDARD_NAME ","
                                        G_FILE_ATTRIBUTE_STANDARD_TYPE ","
                                        G_FILE_ATTRIBUTE_TIME_MODIFIED,
                                        G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, cancellable, &error);
  if (children == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        g_debug ("Avatar cache not read: %s", error->message);
      return 0;
    }

  while (g_file_enumerator_iterate (children, &info, &child, cancellable, NULL) && info != NULL)
    {
      const char *name = g_file_info_get_name (info);
      guint64 modified = g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED);

      if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR || !is_avatar_name (name) ||
          g_hash_table_contains (keep, name) || (gint64) modified + min_age_s > now)
        continue;
      if (g_file_delete (child, cancellable, NULL))
        deleted++;
    }
  return deleted;
}

typedef struct {
  char       *dir;
  GHashTable *keep;
  guint       min_age_s;
} Prune;

static void
prune_free (Prune *prune)
{
  g_free (prune->dir);
  g_hash_table_unref (prune->keep);
  g_free (prune);
}

static void
prune_thread (GTask        *task,
              gpointer      source,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Prune *prune = task_data;
  guint deleted = cau_avatar_cache_prune (prune->dir, prune->keep, prune->min_age_s, cancellable);

  if (deleted > 0)
    g_debug ("%u avatars nobody shows any more deleted from the cache", deleted);
  g_task_return_boolean (task, TRUE);
}

void
cau_avatar_cache_prune_async (const char   *dir,
                              GHashTable   *keep,
                              guint         min_age_s,
                              GCancellable *cancellable)
{
  g_autoptr(GTask) task = NULL;
  Prune *prune;

  g_return_if_fail (dir != NULL);
  g_return_if_fail (keep != NULL);

  task = g_task_new (NULL, cancellable, NULL, NULL);
  g_task_set_source_tag (task, cau_avatar_cache_prune_async);
  prune = g_new0 (Prune, 1);
  prune->dir = g_strdup (dir);
  prune->keep = keep;
  prune->min_age_s = min_age_s;
  g_task_set_task_data (task, prune, (GDestroyNotify) prune_free);
  g_task_run_in_thread (task, prune_thread);
}
