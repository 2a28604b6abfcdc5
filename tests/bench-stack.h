/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The libraries the brief fixes, each doing the least a client needs of
 * it (bench-stack.c); for bench-stack-window, the floor of our memory. */
void cau_bench_stack_prepare (void);   /* before any thread starts */
void cau_bench_stack_start   (void);

G_END_DECLS
