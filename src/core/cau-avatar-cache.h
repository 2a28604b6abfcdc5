/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

/* Inside the model only: keeping the avatar cache from growing without end. */

#include <gio/gio.h>

G_BEGIN_DECLS

/*
 * Deletes the avatars in `dir` (files named by a SHA-1) that are not in
 * `keep` (a set of hashes) and were last written more than `min_age_s`
 * seconds ago: an avatar being fetched is written before it is stored,
 * and must not go meanwhile. Anything else in `dir` is left alone.
 * Any thread. Returns how many files were deleted.
 */
guint cau_avatar_cache_prune       (const char          *dir,
                                    GHashTable          *keep,
                                    guint                min_age_s,
                                    GCancellable        *cancellable);

/* The same in a thread; `keep` is taken. */
void  cau_avatar_cache_prune_async (const char          *dir,
                                    GHashTable          *keep,
                                    guint                min_age_s,
                                    GCancellable        *cancellable);

G_END_DECLS
