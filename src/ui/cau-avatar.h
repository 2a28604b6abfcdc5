/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

#include <adwaita.h>

#include "core/cau-account.h"
#include "core/cau-contact.h"
#include "core/cau-room.h"

G_BEGIN_DECLS

/* What a decoder accepts before it allocates anything for an image. */
typedef struct {
  gsize  max_bytes;       /* the file */
  int    max_dimension;   /* each side, as the image's header says */
} CauAvatarLimits;

/* Contacts' avatars (the cache holds at most 1 MiB each), and the file
 * a person picks for their own. */
extern const CauAvatarLimits cau_avatar_contact_limits;
extern const CauAvatarLimits cau_avatar_own_limits;

/* The largest avatar we publish, on each side (XEP-0084 §4.2 asks for
 * small, square images). */
#define CAU_AVATAR_PUBLISH_SIZE 192

/*
 * Decodes a raster image (PNG, JPEG, GIF, WebP; never SVG) within
 * `limits`, refusing an oversized one as soon as its header is read, and
 * returns its centre square scaled down to at most `size` pixels a side.
 * Any thread. Errors are G_IO_ERROR_INVALID_DATA (not an image, damaged)
 * or G_IO_ERROR_NO_SPACE (too large), with a message for people.
 */
GdkPixbuf  *cau_avatar_decode               (GBytes                *data,
                                             const CauAvatarLimits *limits,
                                             int                    size,
                                             GError               **error);

/* Reads and decodes an avatar file off the main thread. */
void        cau_avatar_load_async           (GFile                 *file,
                                             const CauAvatarLimits *limits,
                                             int                    size,
                                             GCancellable          *cancellable,
                                             GAsyncReadyCallback    callback,
                                             gpointer               user_data);
GdkTexture *cau_avatar_load_finish          (GAsyncResult          *result,
                                             GError               **error);

/* Our own avatar from a file a person chose: square, at most
 * CAU_AVATAR_PUBLISH_SIZE a side, as a PNG. */
void        cau_avatar_prepare_own_async    (GFile                 *file,
                                             GCancellable          *cancellable,
                                             GAsyncReadyCallback    callback,
                                             gpointer               user_data);
GBytes     *cau_avatar_prepare_own_finish   (GAsyncResult          *result,
                                             guint                 *width,
                                             guint                 *height,
                                             GError               **error);

/* XEP-0392 §5.1: the hue of `text` (a bare JID), in degrees. */
double      cau_avatar_hue                  (const char            *text);

/*
 * Shows the cached avatar `hash` of `account` (or of no one: NULL) in
 * `avatar`, loaded at the avatar's size in the background; until then,
 * and when it cannot be shown, the initials in XEP-0392 colours. Decoded
 * images are shared while shown and dropped when no widget shows them.
 */
void        cau_avatar_show                 (AdwAvatar             *avatar,
                                             CauAccount            *account,
                                             const char            *jid,
                                             const char            *hash);
void        cau_avatar_show_contact         (AdwAvatar             *avatar,
                                             CauContact            *contact);
/* `file` (nullable: the initials) in `avatar`, coloured after `colour_key` until it shows. */
void        cau_avatar_show_file            (AdwAvatar             *avatar,
                                             const char            *colour_key,
                                             GFile                 *file);
/* A room's (NULL: no one's), on a rounded square: a room is not a person. */
void        cau_avatar_show_room            (AdwAvatar             *avatar,
                                             CauRoom               *room);

/*
 * Asks for an image file (PNG, JPEG, GIF, WebP) with the file chooser, modal to `widget`'s
 * window; once one is chosen, activates `action` ("s": the file's URI) on `widget`, the same
 * way in as tests take without the chooser. The image is then made an avatar with
 * cau_avatar_prepare_own_async().
 */
void        cau_avatar_choose_file          (GtkWidget             *widget,
                                             const char            *action);

G_END_DECLS
