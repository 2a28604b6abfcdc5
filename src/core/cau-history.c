/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-history.h"
#include "cau-history-private.h"
#include "cau-message-private.h"

/*
 * The window over a conversation's history (DESIGN §8). It starts with the
 * newest FIRST_PAGE messages; load_older() prepends OLDER_PAGE more from
 * the store, and once the store has nothing older, asks the server's
 * archive; what arrives is stored first and then read from the store like
 * the rest. A stored message newer than the window's oldest is inserted in
 * place; an older one waits for the next page.
 *
 * The window holds at most MAX_WINDOW messages: a page added at one end
 * drops as many from the other, far from what is on screen, so a history
 * read to its start costs what a long screenful does. Once the newest end
 * was dropped, new messages wait in the store like older ones: load_newer()
 * brings them, page by page, and reload_newest() at once.
 */

/* Measured (benchmark 'history'): a new row costs a frame about 1 ms in
 * GTK 4.8 (it is created, styled, bound and measured), one bound again
 * some 0.4 ms; the chat view loads one page a frame. The first page fills
 * a screen or two; a page of 40 costs a frame 20-30 ms (60 gave stalls to
 * 80 ms). */
#define FIRST_PAGE 30
#define OLDER_PAGE 40
#define NEWER_PAGE OLDER_PAGE
/* Some fifty screens of short messages. */
#define MAX_WINDOW 1500

struct _CauHistory
{
  GObject          parent_instance;

  CauDb           *db;
  gint64           conversation_id;
  CauHistoryFetch  fetch;
  GObject         *owner;

  GPtrArray       *items;     /* CauMessage *, by (time, id) ascending */
  GHashTable      *by_id;     /* id → CauMessage * (borrowed from items) */
  gboolean         store_exhausted;
  gboolean         server_complete;
  gboolean         complete;
  gboolean         loading;
  /* The newest end was dropped: newer messages are in the store only. */
  gboolean         has_newer;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CauHistory, cau_history, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_COMPLETE,
  PROP_LOADING,
  PROP_HAS_NEWER,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

static GType
get_item_type (GListModel *model)
{
  return CAU_TYPE_MESSAGE;
}

static guint
get_n_items (GListModel *model)
{
  return CAU_HISTORY (model)->items->len;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  CauHistory *self = CAU_HISTORY (model);

  if (position >= self->items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static void
set_flag (CauHistory *self,
          gboolean   *flag,
          gboolean    value,
          GParamSpec *pspec)
{
  if (*flag == value)
    return;
  *flag = value;
  g_object_notify_by_pspec (G_OBJECT (self), pspec);
}

/* Ordering. */

static int
compare (CauMessage *a,
         gint64      time_us,
         gint64      id)
{
  gint64 ta = cau_message_get_time (a);
  gint64 ia = cau_message_get_id (a);

  if (ta != time_us)
    return ta < time_us ? -1 : 1;
  if (ia != id)
    return ia < id ? -1 : 1;
  return 0;
}

/* Where a message of this time and id goes: binary search. */
static guint
position_for (CauHistory *self,
              gint64      time_us,
              gint64      id)
{
  guint lo = 0, hi = self->items->len;

  /* Most new messages are the newest. */
  if (hi > 0 && compare (g_ptr_array_index (self->items, hi - 1), time_us, id) < 0)
    return hi;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (compare (g_ptr_array_index (self->items, mid), time_us, id) < 0)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

static void
prepend_rows (CauHistory *self,
              GPtrArray  *rows)
{
  guint added = 0;

  for (guint i = 0; i < rows->len; i++)
    {
      CauDbMessage *row = g_ptr_array_index (rows, i);
      CauMessage *message;

      if (g_hash_table_contains (self->by_id, &row->id))
        continue;
      message = cau_message_new_from_row (row);
      g_ptr_array_insert (self->items, added++, message);
      g_hash_table_insert (self->by_id, g_memdup2 (&row->id, sizeof row->id), message);
    }
  if (added > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, added);
}

static void
append_rows (CauHistory *self,
             GPtrArray  *rows)
{
  guint position = self->items->len;

  for (guint i = 0; i < rows->len; i++)
    {
      CauDbMessage *row = g_ptr_array_index (rows, i);
      CauMessage *message;

      if (g_hash_table_contains (self->by_id, &row->id))
        continue;
      message = cau_message_new_from_row (row);
      g_ptr_array_add (self->items, message);
      g_hash_table_insert (self->by_id, g_memdup2 (&row->id, sizeof row->id), message);
    }
  if (self->items->len > position)
    g_list_model_items_changed (G_LIST_MODEL (self), position, 0, self->items->len - position);
}

/* Forgets n messages from position on, without telling. */
static void
forget (CauHistory *self,
        guint       position,
        guint       n)
{
  for (guint i = position; i < position + n; i++)
    {
      gint64 id = cau_message_get_id (g_ptr_array_index (self->items, i));

      g_hash_table_remove (self->by_id, &id);
    }
  g_ptr_array_remove_range (self->items, position, n);
}

static void
drop_newest (CauHistory *self,
             guint       keep)
{
  guint n = self->items->len;

  if (n <= keep)
    return;
  forget (self, keep, n - keep);
  g_list_model_items_changed (G_LIST_MODEL (self), keep, n - keep, 0);
  set_flag (self, &self->has_newer, TRUE, props[PROP_HAS_NEWER]);
}

static void
drop_oldest (CauHistory *self,
             guint       keep)
{
  guint n = self->items->len;

  if (n <= keep)
    return;
  forget (self, 0, n - keep);
  self->store_exhausted = FALSE;
  g_list_model_items_changed (G_LIST_MODEL (self), 0, n - keep, 0);
  set_flag (self, &self->complete, FALSE, props[PROP_COMPLETE]);
}

static gboolean
load_from_store (CauHistory *self,
                 guint       limit)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  gint64 before = 0;

  if (self->items->len > 0)
    before = cau_message_get_id (g_ptr_array_index (self->items, 0));
  rows = cau_db_list_messages_before (self->db, self->conversation_id, before, limit, &error);
  if (rows == NULL)
    {
      g_warning ("History not read: %s", error->message);
      self->store_exhausted = TRUE;
      return FALSE;
    }
  self->store_exhausted = rows->len < limit;
  prepend_rows (self, rows);
  drop_newest (self, MAX_WINDOW);
  return rows->len > 0;
}

gboolean
cau_history_load_older (CauHistory *self)
{
  g_return_val_if_fail (CAU_IS_HISTORY (self), FALSE);

  if (self->complete)
    return FALSE;
  if (!self->store_exhausted && load_from_store (self, OLDER_PAGE))
    return TRUE;
  if (self->server_complete || self->fetch == NULL)
    {
      set_flag (self, &self->complete, TRUE, props[PROP_COMPLETE]);
      return FALSE;
    }
  if (!self->loading)
    {
      set_flag (self, &self->loading, TRUE, props[PROP_LOADING]);
      self->fetch (self->owner);
    }
  return TRUE;
}

gboolean
cau_history_load_newer (CauHistory *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  gint64 after;

  g_return_val_if_fail (CAU_IS_HISTORY (self), FALSE);

  if (!self->has_newer || self->items->len == 0)
    return FALSE;
  after = cau_message_get_id (g_ptr_array_index (self->items, self->items->len - 1));
  rows = cau_db_list_messages_after (self->db, self->conversation_id, after, NEWER_PAGE, &error);
  if (rows == NULL)
    {
      g_warning ("History not read: %s", error->message);
      return FALSE;
    }
  append_rows (self, rows);
  drop_oldest (self, MAX_WINDOW);
  /* A short page reached the newest: from now on new ones come live. */
  if (rows->len < NEWER_PAGE)
    set_flag (self, &self->has_newer, FALSE, props[PROP_HAS_NEWER]);
  return TRUE;
}

void
cau_history_reload_newest (CauHistory *self)
{
  guint n;

  g_return_if_fail (CAU_IS_HISTORY (self));

  if (!self->has_newer)
    return;
  n = self->items->len;
  forget (self, 0, n);
  self->store_exhausted = FALSE;
  set_flag (self, &self->complete, FALSE, props[PROP_COMPLETE]);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, n, 0);
  set_flag (self, &self->has_newer, FALSE, props[PROP_HAS_NEWER]);
  load_from_store (self, FIRST_PAGE);
}

gboolean
cau_history_get_has_newer (CauHistory *self)
{
  g_return_val_if_fail (CAU_IS_HISTORY (self), FALSE);
  return self->has_newer;
}

gboolean
cau_history_get_complete (CauHistory *self)
{
  g_return_val_if_fail (CAU_IS_HISTORY (self), FALSE);
  return self->complete;
}

gboolean
cau_history_get_loading (CauHistory *self)
{
  g_return_val_if_fail (CAU_IS_HISTORY (self), FALSE);
  return self->loading;
}

/* From the model. */

void
cau_history_message_added (CauHistory *self,
                           gint64      id)
{
  g_autoptr(CauDbMessage) row = NULL;
  CauMessage *message;
  guint position;

  if (g_hash_table_contains (self->by_id, &id))
    return;
  row = cau_db_get_message (self->db, id, NULL);
  if (row == NULL)
    return;

  /* Newer than the window, whose newest end was dropped: load_newer()
   * brings it in its turn. */
  if (self->has_newer && self->items->len > 0 &&
      compare (g_ptr_array_index (self->items, self->items->len - 1), row->time_us, row->id) < 0)
    return;

  /* Older than the window: the next page brings it. */
  if (self->items->len > 0 && !self->complete &&
      compare (g_ptr_array_index (self->items, 0), row->time_us, row->id) > 0)
    {
      self->store_exhausted = FALSE;
      return;
    }

  position = position_for (self, row->time_us, row->id);
  message = cau_message_new_from_row (row);
  g_ptr_array_insert (self->items, position, message);
  g_hash_table_insert (self->by_id, g_memdup2 (&id, sizeof id), message);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 0, 1);
}

void
cau_history_message_updated (CauHistory *self,
                             gint64      id)
{
  CauMessage *message = g_hash_table_lookup (self->by_id, &id);
  g_autoptr(CauDbMessage) row = NULL;

  if (message == NULL)
    return;
  row = cau_db_get_message (self->db, id, NULL);
  if (row != NULL)
    cau_message_update_from_row (message, row);
}

/* A page from the server was stored (count < 0: the archive's start). */
void
cau_history_page_arrived (CauHistory *self,
                          int         count)
{
  set_flag (self, &self->loading, FALSE, props[PROP_LOADING]);
  if (count < 0)
    self->server_complete = TRUE;
  self->store_exhausted = FALSE;
  if (!load_from_store (self, OLDER_PAGE) && self->server_complete)
    set_flag (self, &self->complete, TRUE, props[PROP_COMPLETE]);
}

/* Life cycle. */

static void
cau_history_finalize (GObject *object)
{
  CauHistory *self = CAU_HISTORY (object);

  g_hash_table_unref (self->by_id);
  g_ptr_array_unref (self->items);
  g_clear_object (&self->db);
  g_clear_object (&self->owner);
  G_OBJECT_CLASS (cau_history_parent_class)->finalize (object);
}

static void
cau_history_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  CauHistory *self = CAU_HISTORY (object);

  switch (prop_id)
    {
    case PROP_COMPLETE:
      g_value_set_boolean (value, self->complete);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    case PROP_HAS_NEWER:
      g_value_set_boolean (value, self->has_newer);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cau_history_class_init (CauHistoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cau_history_finalize;
  object_class->get_property = cau_history_get_property;

  props[PROP_COMPLETE] =
    g_param_spec_boolean ("complete", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  props[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  props[PROP_HAS_NEWER] =
    g_param_spec_boolean ("has-newer", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);
}

static void
cau_history_init (CauHistory *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->by_id = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
}

CauHistory *
cau_history_new (CauDb           *db,
                 gint64           conversation_id,
                 gboolean         server_complete,
                 CauHistoryFetch  fetch,
                 GObject         *owner)
{
  CauHistory *self = g_object_new (CAU_TYPE_HISTORY, NULL);

  self->db = g_object_ref (db);
  self->conversation_id = conversation_id;
  self->server_complete = server_complete;
  self->fetch = fetch;
  self->owner = g_object_ref (owner);
  load_from_store (self, FIRST_PAGE);
  return self;
}
