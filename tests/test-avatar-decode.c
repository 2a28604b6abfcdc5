/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "ui/cau-avatar.h"

#include <glib/gstdio.h>
#include <string.h>

/* Decoding avatars that come from strangers: whatever the bytes, the
 * result is an image of the size asked for or an error, never a crash and
 * never a huge allocation. */

static GBytes *
make_png (int     width,
          int     height,
          guint32 rgba)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, TRUE, 8, width, height);
  g_autoptr(GError) error = NULL;
  char *buffer = NULL;
  gsize len = 0;

  gdk_pixbuf_fill (pixbuf, rgba);
  g_assert_true (gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &len, "png", &error, NULL));
  g_assert_no_error (error);
  return g_bytes_new_take (buffer, len);
}

static guint32
crc32 (const guchar *data,
       gsize         len)
{
  guint32 crc = 0xffffffff;

  for (gsize i = 0; i < len; i++)
    {
      crc ^= data[i];
      for (int k = 0; k < 8; k++)
        crc = (crc >> 1) ^ (0xedb88320 & -(crc & 1));
    }
  return crc ^ 0xffffffff;
}

static void
put_be32 (GByteArray *array,
          guint32     value)
{
  guint8 bytes[4] = { value >> 24, value >> 16, value >> 8, value };

  g_byte_array_append (array, bytes, 4);
}

/* A PNG whose header claims width × height, with a valid checksum, and a
 * small compressed body (one empty deflate block) after it. */
static GBytes *
make_claiming_png (guint32 width,
                   guint32 height)
{
  static const guint8 signature[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  static const guint8 idat[] = { 0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01 };
  GByteArray *png = g_byte_array_new ();
  guint8 ihdr[17] = { 'I', 'H', 'D', 'R' };
  guint8 idat_chunk[4 + sizeof idat] = { 'I', 'D', 'A', 'T' };
  static const guint8 iend[4] = { 'I', 'E', 'N', 'D' };

  ihdr[4] = width >> 24; ihdr[5] = width >> 16; ihdr[6] = width >> 8; ihdr[7] = width;
  ihdr[8] = height >> 24; ihdr[9] = height >> 16; ihdr[10] = height >> 8; ihdr[11] = height;
  ihdr[12] = 8;  /* bit depth */
  ihdr[13] = 6;  /* RGBA */
  memcpy (idat_chunk + 4, idat, sizeof idat);

  g_byte_array_append (png, signature, sizeof signature);
  put_be32 (png, 13);
  g_byte_array_append (png, ihdr, sizeof ihdr);
  put_be32 (png, crc32 (ihdr, sizeof ihdr));
  put_be32 (png, sizeof idat);
  g_byte_array_append (png, idat_chunk, sizeof idat_chunk);
  put_be32 (png, crc32 (idat_chunk, sizeof idat_chunk));
  put_be32 (png, 0);
  g_byte_array_append (png, iend, sizeof iend);
  put_be32 (png, crc32 (iend, sizeof iend));
  return g_byte_array_free_to_bytes (png);
}

static void
assert_refused (GBytes *data,
                int     code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkPixbuf) pixbuf = cau_avatar_decode (data, &cau_avatar_contact_limits, 64, &error);

  g_assert_null (pixbuf);
  g_assert_error (error, G_IO_ERROR, code);
  g_assert_nonnull (error->message);
}

static void
test_decode (void)
{
  g_autoptr(GBytes) wide = make_png (300, 200, 0xff0000ff);
  g_autoptr(GBytes) small = make_png (20, 40, 0x00ff00ff);
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkPixbuf) pixbuf = NULL;

  /* Scaled down and cut to its centre square. */
  {
    gint64 start = g_get_monotonic_time ();

    pixbuf = cau_avatar_decode (wide, &cau_avatar_contact_limits, 64, &error);
    g_test_message ("300x200 PNG to 64x64 in %.3f ms", (g_get_monotonic_time () - start) / 1000.0);
  }
  g_assert_no_error (error);
  g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, 64);
  g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), ==, 64);
  g_clear_object (&pixbuf);

  /* Never scaled up. */
  pixbuf = cau_avatar_decode (small, &cau_avatar_contact_limits, 64, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, 20);
  g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), ==, 20);
}

static void
test_not_an_image (void)
{
  g_autoptr(GBytes) text = g_bytes_new_static ("Hello, this is not a picture.", 29);
  g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);
  g_autoptr(GBytes) svg = NULL;
  static const char svg_text[] =
    "<?xml version='1.0'?><svg xmlns='http://www.w3.org/2000/svg' width='50000' height='50000'>"
    "<rect width='50000' height='50000'/></svg>";

  svg = g_bytes_new_static (svg_text, sizeof svg_text - 1);
  assert_refused (text, G_IO_ERROR_INVALID_DATA);
  assert_refused (empty, G_IO_ERROR_INVALID_DATA);
  /* Vector images can cost anything to draw: not taken at all. */
  assert_refused (svg, G_IO_ERROR_INVALID_DATA);
}

static void
test_truncated (void)
{
  g_autoptr(GBytes) png = make_png (200, 200, 0x336699ff);
  g_autoptr(GBytes) half = g_bytes_new_from_bytes (png, 0, g_bytes_get_size (png) / 2);
  g_autoptr(GBytes) header = g_bytes_new_from_bytes (png, 0, 8);

  assert_refused (half, G_IO_ERROR_INVALID_DATA);
  assert_refused (header, G_IO_ERROR_INVALID_DATA);
}

static void
test_claims_huge (void)
{
  g_autoptr(GBytes) huge = make_claiming_png (50000, 50000);
  g_autoptr(GBytes) tall = make_claiming_png (16, 5000);
  g_autoptr(GBytes) fine = make_claiming_png (16, 16);
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkPixbuf) pixbuf = NULL;

  /* Stopped at the header: refused as too large, not as out of memory
   * (10 GB decoded). */
  {
    gint64 start = g_get_monotonic_time ();

    assert_refused (huge, G_IO_ERROR_NO_SPACE);
    g_test_message ("50000x50000 refused in %.3f ms",
                    (g_get_monotonic_time () - start) / 1000.0);
  }
  assert_refused (tall, G_IO_ERROR_NO_SPACE);

  /* The same crafted file at a sane size is read (its missing pixels
   * transparent): the size is what stopped the others. */
  pixbuf = cau_avatar_decode (fine, &cau_avatar_contact_limits, 64, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, 16);
}

static void
test_oversized_data (void)
{
  g_autoptr(GBytes) png = make_png (16, 16, 0xffffffff);
  GByteArray *padded = g_byte_array_new ();
  g_autoptr(GBytes) big = NULL;

  /* A valid PNG followed by junk past the limit: refused by its size. */
  g_byte_array_append (padded, g_bytes_get_data (png, NULL), g_bytes_get_size (png));
  g_byte_array_set_size (padded, cau_avatar_contact_limits.max_bytes + 1);
  big = g_byte_array_free_to_bytes (padded);
  assert_refused (big, G_IO_ERROR_NO_SPACE);
}

static void
store_result_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *result;
}

static void
test_prepare_own (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) photo = make_png (800, 600, 0x8040c0ff);
  g_autofree char *dir = g_dir_make_tmp ("cau-avatar-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "photo.png", NULL);
  g_autofree char *text_path = g_build_filename (dir, "notes.png", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) text_file = g_file_new_for_path (text_path);
  g_autoptr(GBytes) png = NULL;
  g_autoptr(GdkPixbuf) back = NULL;
  GAsyncResult *result = NULL;
  guint width = 0, height = 0;

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (path, g_bytes_get_data (photo, NULL),
                                      (gssize) g_bytes_get_size (photo), &error));
  g_assert_true (g_file_set_contents (text_path, "not an image", -1, &error));

  cau_avatar_prepare_own_async (file, NULL, store_result_cb, &result);
  png = cau_avatar_prepare_own_finish (wait_result (&result), &width, &height, &error);
  g_clear_object (&result);
  g_assert_no_error (error);
  g_assert_cmpuint (width, ==, CAU_AVATAR_PUBLISH_SIZE);
  g_assert_cmpuint (height, ==, CAU_AVATAR_PUBLISH_SIZE);
  g_assert_cmpmem (g_bytes_get_data (png, NULL), 8, "\x89PNG\r\n\x1a\n", 8);
  back = cau_avatar_decode (png, &cau_avatar_contact_limits, 1000, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_pixbuf_get_width (back), ==, CAU_AVATAR_PUBLISH_SIZE);

  cau_avatar_prepare_own_async (text_file, NULL, store_result_cb, &result);
  g_assert_null (cau_avatar_prepare_own_finish (wait_result (&result), NULL, NULL, &error));
  g_clear_object (&result);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);

  g_unlink (path);
  g_unlink (text_path);
  g_rmdir (dir);
}

static void
test_load (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) png = make_png (100, 100, 0x112233ff);
  g_autofree char *dir = g_dir_make_tmp ("cau-avatar-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "a94a8fe5ccb19ba61c4c0873d391e987982fbbd3",
                                            NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GdkTexture) texture = NULL;
  GAsyncResult *result = NULL;

  g_assert_true (g_file_set_contents (path, g_bytes_get_data (png, NULL),
                                      (gssize) g_bytes_get_size (png), &error));
  cau_avatar_load_async (file, &cau_avatar_contact_limits, 32, NULL, store_result_cb, &result);
  texture = cau_avatar_load_finish (wait_result (&result), &error);
  g_clear_object (&result);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_texture_get_width (texture), ==, 32);

  g_unlink (path);
  g_rmdir (dir);
}

/* The test vectors of XEP-0392 §13. */
static void
test_hue (void)
{
  g_assert_cmpfloat_with_epsilon (cau_avatar_hue ("Romeo"), 327.255249, 0.000001);
  g_assert_cmpfloat_with_epsilon (cau_avatar_hue ("juliet@capulet.lit"), 209.410400, 0.000001);
  g_assert_cmpfloat_with_epsilon (cau_avatar_hue ("\xf0\x9f\x98\xba"), 331.199341, 0.000001);
  g_assert_cmpfloat_with_epsilon (cau_avatar_hue ("council"), 359.994507, 0.000001);
  g_assert_cmpfloat_with_epsilon (cau_avatar_hue ("Board"), 171.430664, 0.000001);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cau/avatar-decode/decode", test_decode);
  g_test_add_func ("/cau/avatar-decode/not-an-image", test_not_an_image);
  g_test_add_func ("/cau/avatar-decode/truncated", test_truncated);
  g_test_add_func ("/cau/avatar-decode/claims-50000x50000", test_claims_huge);
  g_test_add_func ("/cau/avatar-decode/oversized-data", test_oversized_data);
  g_test_add_func ("/cau/avatar-decode/load", test_load);
  g_test_add_func ("/cau/avatar-decode/prepare-own", test_prepare_own);
  g_test_add_func ("/cau/avatar-decode/xep-0392-hue", test_hue);

  return g_test_run ();
}
