/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-avatar.h"

#include <glib/gi18n.h>
#include <string.h>

/*
 * Avatars in the window.
 *
 * Contacts' images come from the network: the engine checked only that
 * they hash to what their owner announced, not that they are images. So
 * they are decoded here, off the main thread, by a loader that sees the
 * image's size in its header and is stopped there if the image is too
 * large, before it allocates the pixels (a 100 kB PNG may claim to be
 * 50 000 × 50 000, 10 GB decoded). Only raster formats are taken: an SVG
 * can be made to cost anything to draw.
 *
 * The decoded image is the centre square at the size shown, so a row
 * costs a few kilobytes; textures are shared by key (file and size) while
 * some widget shows them, and forgotten when none does.
 */

const CauAvatarLimits cau_avatar_contact_limits = { 1024 * 1024, 4096 };
/* A photo straight from a camera: JPEG decodes scaled down, so even large
 * ones cost little; a PNG of 8192 × 8192 costs 256 MB while it is read. */
const CauAvatarLimits cau_avatar_own_limits = { 32 * 1024 * 1024, 8192 };

#define WRITE_CHUNK 4096

/* Decoding. */

/* Whether `needle` is within the last `window` bytes. */
static gboolean
ends_with_within (const guchar *data,
                  gsize         len,
                  const char   *needle,
                  gsize         needle_len,
                  gsize         window)
{
  gsize start = len > window ? len - window : 0;

  for (gsize i = start; i + needle_len <= len; i++)
    if (memcmp (data + i, needle, needle_len) == 0)
      return TRUE;
  return FALSE;
}

/*
 * A whole PNG, JPEG, GIF or WebP file, by its first and last bytes. The
 * loaders show a cut file as far as it goes, the rest transparent (a
 * half-fetched avatar), so a file without its end marker is refused here.
 */
static gboolean
is_whole_raster_image (GBytes *data)
{
  gsize len;
  const guchar *p = g_bytes_get_data (data, &len);

  if (len >= 8 && memcmp (p, "\x89PNG\r\n\x1a\n", 8) == 0)
    return ends_with_within (p, len, "IEND", 4, 64);
  if (len >= 3 && memcmp (p, "\xff\xd8\xff", 3) == 0)
    return ends_with_within (p, len, "\xff\xd9", 2, 1024);
  if (len >= 6 && (memcmp (p, "GIF87a", 6) == 0 || memcmp (p, "GIF89a", 6) == 0))
    return ends_with_within (p, len, ";", 1, 64);
  if (len >= 12 && memcmp (p, "RIFF", 4) == 0 && memcmp (p + 8, "WEBP", 4) == 0)
    return (gsize) (p[4] | p[5] << 8 | p[6] << 16 | (guint32) p[7] << 24) + 8 <= len;
  return FALSE;
}

typedef struct {
  int      max_dimension;
  int      size;
  gboolean too_large;
} SizeCheck;

/* Runs as soon as the header is read. A size of 0 makes gdk-pixbuf's
 * loaders give up before they allocate the image. */
static void
size_prepared_cb (GdkPixbufLoader *loader,
                  int              width,
                  int              height,
                  SizeCheck       *check)
{
  int shorter;

  if (width <= 0 || height <= 0 ||
      width > check->max_dimension || height > check->max_dimension)
    {
      check->too_large = TRUE;
      gdk_pixbuf_loader_set_size (loader, 0, 0);
      return;
    }

  /* Loaders that can (JPEG) decode straight at about the size shown. */
  shorter = MIN (width, height);
  if (shorter > check->size)
    gdk_pixbuf_loader_set_size (loader,
                                MAX (1, (int) ((gint64) width * check->size / shorter)),
                                MAX (1, (int) ((gint64) height * check->size / shorter)));
}

/* The centre square, at most `size` a side. */
static GdkPixbuf *
square (GdkPixbuf *pixbuf,
        int        size)
{
  int width = gdk_pixbuf_get_width (pixbuf);
  int height = gdk_pixbuf_get_height (pixbuf);
  int side = MIN (width, height);
  int target = MIN (side, size);
  g_autoptr(GdkPixbuf) centre = NULL;

  centre = gdk_pixbuf_new_subpixbuf (pixbuf, (width - side) / 2, (height - side) / 2, side, side);
  if (target == side)
    return gdk_pixbuf_copy (centre);
  return gdk_pixbuf_scale_simple (centre, target, target, GDK_INTERP_BILINEAR);
}

GdkPixbuf *
cau_avatar_decode (GBytes                *data,
                   const CauAvatarLimits *limits,
                   int                    size,
                   GError               **error)
{
  g_autoptr(GdkPixbufLoader) loader = NULL;
  g_autoptr(GError) local_error = NULL;
  SizeCheck check = { 0 };
  GdkPixbuf *pixbuf;
  const guchar *bytes;
  gsize len;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (limits != NULL, NULL);
  g_return_val_if_fail (size > 0, NULL);

  bytes = g_bytes_get_data (data, &len);
  if (len > limits->max_bytes)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE, _("This image is too large."));
      return NULL;
    }
  if (!is_whole_raster_image (data))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("This file is not an image Causerie can read."));
      return NULL;
    }

  check.max_dimension = limits->max_dimension;
  check.size = size;
  loader = gdk_pixbuf_loader_new ();
  g_signal_connect (loader, "size-prepared", G_CALLBACK (size_prepared_cb), &check);

  for (gsize done = 0; done < len && !check.too_large && local_error == NULL;
       done += WRITE_CHUNK)
    gdk_pixbuf_loader_write (loader, bytes + done, MIN (WRITE_CHUNK, len - done), &local_error);
  if (local_error == NULL && !check.too_large)
    gdk_pixbuf_loader_close (loader, &local_error);
  else
    gdk_pixbuf_loader_close (loader, NULL);

  if (check.too_large)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE, _("This image is too large."));
      return NULL;
    }
  pixbuf = local_error == NULL ? gdk_pixbuf_loader_get_pixbuf (loader) : NULL;
  if (pixbuf == NULL)
    {
      g_debug ("Image not decoded: %s", local_error ? local_error->message : "no image");
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("This image is damaged."));
      return NULL;
    }
  /* A loader that ignored the request of size 0 is caught here. */
  if (gdk_pixbuf_get_width (pixbuf) > limits->max_dimension ||
      gdk_pixbuf_get_height (pixbuf) > limits->max_dimension)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE, _("This image is too large."));
      return NULL;
    }

  return square (pixbuf, size);
}

/* Loading a file. */

typedef struct {
  GFile                 *file;
  const CauAvatarLimits *limits;
  int                    size;
} LoadData;

static void
load_data_free (LoadData *data)
{
  g_object_unref (data->file);
  g_free (data);
}

static GBytes *
read_limited (GFile         *file,
              gsize          max_bytes,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(GFileInfo) info = NULL;
  char *contents = NULL;
  gsize len = 0;

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE,
                            cancellable, error);
  if (info == NULL)
    return NULL;
  if (g_file_info_get_size (info) < 0 || (guint64) g_file_info_get_size (info) > max_bytes)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE, _("This image is too large."));
      return NULL;
    }
  if (!g_file_load_contents (file, cancellable, &contents, &len, NULL, error))
    return NULL;
  /* It may have grown since. */
  if (len > max_bytes)
    {
      g_free (contents);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE, _("This image is too large."));
      return NULL;
    }
  return g_bytes_new_take (contents, len);
}

static void
load_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadData *data = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = read_limited (data->file, data->limits->max_bytes, cancellable,
                                          &error);
  GdkPixbuf *pixbuf = NULL;

  if (bytes != NULL)
    pixbuf = cau_avatar_decode (bytes, data->limits, data->size, &error);
  if (pixbuf == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, pixbuf, g_object_unref);
}

void
cau_avatar_load_async (GFile                 *file,
                       const CauAvatarLimits *limits,
                       int                    size,
                       GCancellable          *cancellable,
                       GAsyncReadyCallback    callback,
                       gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;
  LoadData *data;

  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (limits != NULL);
  g_return_if_fail (size > 0);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, cau_avatar_load_async);
  data = g_new0 (LoadData, 1);
  data->file = g_object_ref (file);
  data->limits = limits;
  data->size = size;
  g_task_set_task_data (task, data, (GDestroyNotify) load_data_free);
  g_task_run_in_thread (task, load_thread);
}

GdkTexture *
cau_avatar_load_finish (GAsyncResult  *result,
                        GError       **error)
{
  g_autoptr(GdkPixbuf) pixbuf = NULL;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  pixbuf = g_task_propagate_pointer (G_TASK (result), error);
  return pixbuf ? gdk_texture_new_for_pixbuf (pixbuf) : NULL;
}

/* Our own. */

typedef struct {
  GBytes *png;
  guint   width;
  guint   height;
} OwnAvatar;

static void
own_avatar_free (OwnAvatar *own)
{
  g_bytes_unref (own->png);
  g_free (own);
}

static void
prepare_own_thread (GTask        *task,
                    gpointer      source,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = read_limited (task_data, cau_avatar_own_limits.max_bytes,
                                          cancellable, &error);
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  char *png = NULL;
  gsize len = 0;
  OwnAvatar *own;

  if (bytes != NULL)
    pixbuf = cau_avatar_decode (bytes, &cau_avatar_own_limits, CAU_AVATAR_PUBLISH_SIZE, &error);
  if (pixbuf == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  /* Re-encoded: nothing of the original file (its metadata, a camera's
   * location) goes out. */
  if (!gdk_pixbuf_save_to_buffer (pixbuf, &png, &len, "png", &error, NULL))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  own = g_new0 (OwnAvatar, 1);
  own->png = g_bytes_new_take (png, len);
  own->width = (guint) gdk_pixbuf_get_width (pixbuf);
  own->height = (guint) gdk_pixbuf_get_height (pixbuf);
  g_task_return_pointer (task, own, (GDestroyNotify) own_avatar_free);
}

void
cau_avatar_prepare_own_async (GFile               *file,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, cau_avatar_prepare_own_async);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  g_task_run_in_thread (task, prepare_own_thread);
}

GBytes *
cau_avatar_prepare_own_finish (GAsyncResult  *result,
                               guint         *width,
                               guint         *height,
                               GError       **error)
{
  OwnAvatar *own;
  GBytes *png;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  own = g_task_propagate_pointer (G_TASK (result), error);
  if (own == NULL)
    return NULL;
  png = g_bytes_ref (own->png);
  if (width != NULL)
    *width = own->width;
  if (height != NULL)
    *height = own->height;
  own_avatar_free (own);
  return png;
}

/* Showing. */

/* Textures while some widget shows them: key → GdkTexture (weak). Main
 * thread only. */
static GHashTable *textures;
/* Keys that failed to decode: not tried again while the app runs. */
static GHashTable *failed;

#define SHOWING_KEY "cau-avatar-showing"

typedef struct {
  char         *key;
  GCancellable *cancellable;
  gboolean      loading;
  /* To load it again at another scale. */
  GFile        *file;
  char         *jid;
} Showing;

static void
showing_free (Showing *showing)
{
  g_cancellable_cancel (showing->cancellable);
  g_object_unref (showing->cancellable);
  g_clear_object (&showing->file);
  g_free (showing->key);
  g_free (showing->jid);
  g_free (showing);
}

static void
texture_gone_cb (gpointer  key,
                 GObject  *where_the_object_was)
{
  if (textures != NULL && g_hash_table_lookup (textures, key) == where_the_object_was)
    g_hash_table_remove (textures, key);
}

static void
remember_texture (const char *key,
                  GdkTexture *texture)
{
  char *owned_key = g_strdup (key);

  if (textures == NULL)
    textures = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  /* The table owns the key; the weak reference only looks it up. */
  g_hash_table_replace (textures, owned_key, texture);
  g_object_weak_ref (G_OBJECT (texture), texture_gone_cb, owned_key);
}

/* The widget's Showing, when it is cancelled, is gone or shows something
 * else: then the avatar is not touched. */
static void
loaded_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autofree char *key = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = cau_avatar_load_finish (result, &error);
  GCancellable *cancellable = g_task_get_cancellable (G_TASK (result));
  AdwAvatar *avatar = NULL;
  Showing *showing;

  if (!g_cancellable_is_cancelled (cancellable))
    {
      avatar = g_object_get_data (G_OBJECT (cancellable), "cau-avatar");
      showing = g_object_get_data (G_OBJECT (avatar), SHOWING_KEY);
      showing->loading = FALSE;
    }

  if (texture == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* Hostile or damaged input is nothing to tell the person about. A
       * file missing from the cache (cleaned) comes back when the engine
       * fetches it again: that one is tried again. */
      g_debug ("Avatar not shown: %s", error->message);
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        return;
      if (failed == NULL)
        failed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      if (g_hash_table_size (failed) < 10000)
        g_hash_table_add (failed, g_strdup (key));
      return;
    }

  if (textures == NULL || g_hash_table_lookup (textures, key) == NULL)
    remember_texture (key, texture);
  if (avatar != NULL)
    adw_avatar_set_custom_image (avatar, GDK_PAINTABLE (texture));
}

/* XEP-0392 §5.1: the first two bytes of the SHA-1 of the address, as a
 * little-endian number, give the hue. */
double
cau_avatar_hue (const char *jid)
{
  guint8 digest[20];
  gsize len = sizeof digest;
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA1);

  g_checksum_update (checksum, (const guchar *) jid, -1);
  g_checksum_get_digest (checksum, digest, &len);
  return (digest[0] | (digest[1] << 8)) / 65536.0 * 360.0;
}

static void
set_colour (AdwAvatar  *avatar,
            const char *jid)
{
  const char *previous = g_object_get_data (G_OBJECT (avatar), "cau-avatar-hue");
  g_autofree char *class = NULL;

  if (jid != NULL)
    class = g_strdup_printf ("cau-hue-%d", ((int) (cau_avatar_hue (jid) / 10.0 + 0.5)) % 36);
  if (g_strcmp0 (previous, class) == 0)
    return;
  if (previous != NULL)
    gtk_widget_remove_css_class (GTK_WIDGET (avatar), previous);
  if (class != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (avatar), class);
  g_object_set_data_full (G_OBJECT (avatar), "cau-avatar-hue", g_steal_pointer (&class), g_free);
}

static void show_file (AdwAvatar *avatar, const char *jid, GFile *file);

static void
scale_factor_cb (AdwAvatar *avatar)
{
  Showing *showing = g_object_get_data (G_OBJECT (avatar), SHOWING_KEY);

  /* Sharp on a HiDPI screen: the key has the size in device pixels. */
  if (showing != NULL && showing->file != NULL)
    {
      g_autoptr(GFile) file = g_object_ref (showing->file);
      g_autofree char *jid = g_strdup (showing->jid);

      show_file (avatar, jid, file);
    }
}

void
cau_avatar_show (AdwAvatar  *avatar,
                 CauAccount *account,
                 const char *jid,
                 const char *hash)
{
  g_autoptr(GFile) file = NULL;

  g_return_if_fail (ADW_IS_AVATAR (avatar));

  if (account != NULL && hash != NULL)
    file = cau_account_dup_avatar_file (account, hash);
  show_file (avatar, jid, file);
}

/* `file` nullable: the initials. */
static void
show_file (AdwAvatar  *avatar,
           const char *jid,
           GFile      *file);

void
cau_avatar_show_file (AdwAvatar  *avatar,
                      const char *colour_key,
                      GFile      *file)
{
  g_return_if_fail (ADW_IS_AVATAR (avatar));

  show_file (avatar, colour_key, file);
}

static void
show_file (AdwAvatar  *avatar,
           const char *jid,
           GFile      *file)
{
  g_autofree char *key = NULL;
  Showing *showing;
  GdkTexture *texture;
  int size;

  set_colour (avatar, jid);

  size = adw_avatar_get_size (avatar) * gtk_widget_get_scale_factor (GTK_WIDGET (avatar));
  if (file != NULL)
    key = g_strdup_printf ("%s@%d", g_file_peek_path (file), size);

  showing = g_object_get_data (G_OBJECT (avatar), SHOWING_KEY);
  /* The same image, shown or on its way. */
  if (showing != NULL && g_strcmp0 (showing->key, key) == 0 &&
      (key == NULL || adw_avatar_get_custom_image (avatar) != NULL || showing->loading))
    return;

  /* Replacing it cancels what was loading for this widget; so does the
   * widget's end. Until then the avatar is alive, and the load may touch
   * it. */
  if (g_object_get_data (G_OBJECT (avatar), "cau-avatar-scale") == NULL)
    {
      g_signal_connect (avatar, "notify::scale-factor", G_CALLBACK (scale_factor_cb), NULL);
      g_object_set_data (G_OBJECT (avatar), "cau-avatar-scale", GINT_TO_POINTER (TRUE));
    }

  showing = g_new0 (Showing, 1);
  showing->key = g_strdup (key);
  showing->cancellable = g_cancellable_new ();
  if (file != NULL)
    {
      showing->file = g_object_ref (file);
      showing->jid = g_strdup (jid);
    }
  g_object_set_data (G_OBJECT (showing->cancellable), "cau-avatar", avatar);
  g_object_set_data_full (G_OBJECT (avatar), SHOWING_KEY, showing, (GDestroyNotify) showing_free);

  texture = key && textures ? g_hash_table_lookup (textures, key) : NULL;
  adw_avatar_set_custom_image (avatar, texture ? GDK_PAINTABLE (texture) : NULL);
  if (key == NULL || texture != NULL || (failed && g_hash_table_contains (failed, key)))
    return;

  showing->loading = TRUE;
  cau_avatar_load_async (file, &cau_avatar_contact_limits, size, showing->cancellable,
                         loaded_cb, g_steal_pointer (&key));
}

void
cau_avatar_show_contact (AdwAvatar  *avatar,
                         CauContact *contact)
{
  g_return_if_fail (ADW_IS_AVATAR (avatar));

  if (contact == NULL)
    {
      cau_avatar_show (avatar, NULL, NULL, NULL);
      return;
    }
  cau_avatar_show (avatar, cau_contact_get_account (contact), cau_contact_get_jid (contact),
                   cau_contact_get_avatar_hash (contact));
}

void
cau_avatar_show_room (AdwAvatar *avatar,
                      CauRoom   *room)
{
  g_autoptr(GFile) file = NULL;

  g_return_if_fail (ADW_IS_AVATAR (avatar));

  gtk_widget_add_css_class (GTK_WIDGET (avatar), "room-avatar");
  if (room == NULL)
    {
      show_file (avatar, NULL, NULL);
      return;
    }
  file = cau_room_dup_avatar_file (room);
  show_file (avatar, cau_room_get_jid (room), file);
}

typedef struct {
  GtkWidget *widget;  /* weak */
  char      *action;
} Choosing;

static void
choosing_free (gpointer data)
{
  Choosing *choosing = data;

  g_clear_weak_pointer (&choosing->widget);
  g_free (choosing->action);
  g_free (choosing);
}

static void
file_chosen_cb (GtkNativeDialog *chooser,
                int              response,
                gpointer         data)
{
  Choosing *choosing = data;
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (file != NULL && choosing->widget != NULL)
    {
      g_autofree char *uri = g_file_get_uri (file);

      gtk_widget_activate_action (choosing->widget, choosing->action, "s", uri);
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

void
cau_avatar_choose_file (GtkWidget  *widget,
                        const char *action)
{
  GtkRoot *root;
  g_autoptr(GtkFileFilter) filter = NULL;
  GtkFileChooserNative *chooser;
  Choosing *choosing;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (action != NULL);

  root = gtk_widget_get_root (widget);
  filter = gtk_file_filter_new ();
  /* GtkFileDialog needs GTK 4.10; the portal serves this one too. */
  chooser = gtk_file_chooser_native_new (_("Choose an Avatar"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Images"));
  gtk_file_filter_add_mime_type (filter, "image/png");
  gtk_file_filter_add_mime_type (filter, "image/jpeg");
  gtk_file_filter_add_mime_type (filter, "image/gif");
  gtk_file_filter_add_mime_type (filter, "image/webp");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  choosing = g_new0 (Choosing, 1);
  g_set_weak_pointer (&choosing->widget, widget);
  choosing->action = g_strdup (action);
  g_signal_connect_data (chooser, "response", G_CALLBACK (file_chosen_cb), choosing,
                         (GClosureNotify) (void (*) (void)) choosing_free, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}
