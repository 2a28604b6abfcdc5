/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-contact.h"
#include "cau-contact-private.h"
#include "cau-core-private.h"

#include <stdlib.h>
#include <string.h>

/*
 * A contact of one account: what the roster says about it, what it says
 * about itself (nickname, presence of each of its devices), and what we
 * decided (blocked). The roster (CauRoster) updates it; the UI binds to
 * its properties.
 */

/* Presence from more devices than this is not tracked (each is a row the
 * server keeps for a session; a flood of them is hostile). */
#define MAX_RESOURCES 64

typedef struct {
  char    *jid;      /* full */
  int      show;     /* CauXmppShow */
  char    *status;
  guint64  seq;      /* when it last changed: newer wins a tie */
} Resource;

struct _CauContact
{
  GObject          parent_instance;

  CauAccount      *account;        /* weak */
  char            *jid;
  char            *name;
  char            *nickname;
  char            *display_name;
  char            *sort_key;
  char            *search_text;    /* folded names and address */
  char           **groups;
  gboolean         in_roster;
  CauSubscription  subscription;
  gboolean         ask;

  GPtrArray       *resources;      /* Resource *, the best first */
  char           **resource_jids;
  guint64          seq;
  CauPresence      presence;
  char            *status_message;

  gboolean         blocked;
  gboolean         requested;
  char            *request_message;

  char            *avatar_hash;
};

G_DEFINE_FINAL_TYPE (CauContact, cau_contact, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ACCOUNT,
  PROP_JID,
  PROP_NAME,
  PROP_NICKNAME,
  PROP_DISPLAY_NAME,
  PROP_GROUPS,
  PROP_IN_ROSTER,
  PROP_SUBSCRIPTION,
  PROP_ASK,
  PROP_PRESENCE,
  PROP_STATUS_MESSAGE,
  PROP_RESOURCES,
  PROP_BLOCKED,
  PROP_REQUESTED,
  PROP_REQUEST_MESSAGE,
  PROP_AVATAR_HASH,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

static const GEnumValue subscription_values[] = {
  { CAU_SUBSCRIPTION_NONE, "CAU_SUBSCRIPTION_NONE", "none" },
  { CAU_SUBSCRIPTION_TO, "CAU_SUBSCRIPTION_TO", "to" },
  { CAU_SUBSCRIPTION_FROM, "CAU_SUBSCRIPTION_FROM", "from" },
  { CAU_SUBSCRIPTION_BOTH, "CAU_SUBSCRIPTION_BOTH", "both" },
  { 0, NULL, NULL },
};

GType
cau_subscription_get_type (void)
{
  static gsize type;

  if (g_once_init_enter (&type))
    g_once_init_leave (&type, g_enum_register_static ("CauSubscription", subscription_values));
  return type;
}

static int
compare_strings (const void *a,
                 const void *b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

static CauSubscription
subscription_from_string (const char *text)
{
  for (guint i = 0; subscription_values[i].value_nick != NULL; i++)
    if (g_strcmp0 (subscription_values[i].value_nick, text) == 0)
      return subscription_values[i].value;
  return CAU_SUBSCRIPTION_NONE;
}

static void
resource_free (Resource *resource)
{
  g_free (resource->jid);
  g_free (resource->status);
  g_free (resource);
}

/* Text as compared by a search: case folded, decomposed, without accents. */
static char *
fold (const char *text)
{
  g_autofree char *folded = g_utf8_casefold (text ? text : "", -1);
  g_autofree char *decomposed = g_utf8_normalize (folded, -1, G_NORMALIZE_ALL);
  GString *out = g_string_new (NULL);

  for (const char *p = decomposed; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      GUnicodeType type = g_unichar_type (c);

      if (type == G_UNICODE_NON_SPACING_MARK || type == G_UNICODE_SPACING_MARK ||
          type == G_UNICODE_ENCLOSING_MARK)
        continue;
      g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

static gboolean
set_string (char       **field,
            const char  *value)
{
  if (value != NULL && *value == '\0')
    value = NULL;
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

static void
notify (CauContact *self,
        guint       prop)
{
  g_object_notify_by_pspec (G_OBJECT (self), props[prop]);
}

/* Names: recomputes what depends on them; TRUE when the display name changed. */
static gboolean
update_names (CauContact *self)
{
  g_autofree char *display = NULL;
  g_autofree char *folded = NULL;
  g_autofree char *joined = NULL;
  const char *at;

  if (self->name != NULL)
    display = g_strdup (self->name);
  else if (self->nickname != NULL)
    display = g_strdup (self->nickname);
  else if ((at = strchr (self->jid, '@')) != NULL)
    display = g_strndup (self->jid, at - self->jid);
  else
    display = g_strdup (self->jid);

  /* A newline never appears in a query's words: no match spans two fields. */
  joined = g_strjoin ("\n", display, self->nickname ? self->nickname : "", self->jid, NULL);
  g_free (self->search_text);
  self->search_text = fold (joined);

  if (g_strcmp0 (display, self->display_name) == 0)
    return FALSE;

  folded = g_utf8_casefold (display, -1);
  g_free (self->sort_key);
  self->sort_key = g_utf8_collate_key (folded, -1);
  g_free (self->display_name);
  self->display_name = g_steal_pointer (&display);
  notify (self, PROP_DISPLAY_NAME);
  return TRUE;
}

static int
rank (int show)
{
  /* Available, then away, extended away, do not disturb (the one least
   * likely to answer). */
  switch (show)
    {
    case CAU_XMPP_SHOW_AVAILABLE:
      return 0;
    case CAU_XMPP_SHOW_AWAY:
      return 1;
    case CAU_XMPP_SHOW_XA:
      return 2;
    case CAU_XMPP_SHOW_DND:
    default:
      return 3;
    }
}

static int
compare_resources (gconstpointer a,
                   gconstpointer b)
{
  const Resource *ra = *(const Resource * const *) a;
  const Resource *rb = *(const Resource * const *) b;

  if (rank (ra->show) != rank (rb->show))
    return rank (ra->show) - rank (rb->show);
  if (ra->seq != rb->seq)
    return ra->seq > rb->seq ? -1 : 1;
  return g_strcmp0 (ra->jid, rb->jid);
}

/* After the resources changed: the aggregate, notified where it changed. */
static void
update_presence (CauContact *self)
{
  g_autoptr(GPtrArray) jids = g_ptr_array_new ();
  Resource *best = NULL;
  CauPresence presence = CAU_PRESENCE_OFFLINE;

  g_ptr_array_sort (self->resources, compare_resources);
  if (self->resources->len > 0)
    {
      best = g_ptr_array_index (self->resources, 0);
      presence = cau_presence_from_show (best->show);
    }
  for (guint i = 0; i < self->resources->len; i++)
    g_ptr_array_add (jids, g_strdup (((Resource *) g_ptr_array_index (self->resources, i))->jid));
  g_ptr_array_add (jids, NULL);

  if (!g_strv_equal ((const char * const *) jids->pdata,
                     (const char * const *) self->resource_jids))
    {
      g_strfreev (self->resource_jids);
      self->resource_jids = (char **) g_ptr_array_steal (jids, NULL);
      notify (self, PROP_RESOURCES);
    }
  else
    {
      g_ptr_array_set_free_func (jids, g_free);
    }

  if (self->presence != presence)
    {
      self->presence = presence;
      notify (self, PROP_PRESENCE);
    }
  if (set_string (&self->status_message, best ? best->status : NULL))
    notify (self, PROP_STATUS_MESSAGE);
}

static void
cau_contact_dispose (GObject *object)
{
  CauContact *self = CAU_CONTACT (object);

  if (self->account != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->account), (gpointer *) &self->account);
  self->account = NULL;

  G_OBJECT_CLASS (cau_contact_parent_class)->dispose (object);
}

static void
cau_contact_finalize (GObject *object)
{
  CauContact *self = CAU_CONTACT (object);

  g_free (self->jid);
  g_free (self->name);
  g_free (self->nickname);
  g_free (self->display_name);
  g_free (self->sort_key);
  g_free (self->search_text);
  g_strfreev (self->groups);
  g_ptr_array_unref (self->resources);
  g_strfreev (self->resource_jids);
  g_free (self->status_message);
  g_free (self->request_message);
  g_free (self->avatar_hash);

  G_OBJECT_CLASS (cau_contact_parent_class)->finalize (object);
}

static void
cau_contact_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  CauContact *self = CAU_CONTACT (object);

  switch (prop_id)
    {
    case PROP_ACCOUNT:
      g_value_set_object (value, self->account);
      break;
    case PROP_JID:
      g_value_set_string (value, self->jid);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_NICKNAME:
      g_value_set_string (value, self->nickname);
      break;
    case PROP_DISPLAY_NAME:
      g_value_set_string (value, self->display_name);
      break;
    case PROP_GROUPS:
      g_value_set_boxed (value, self->groups);
      break;
    case PROP_IN_ROSTER:
      g_value_set_boolean (value, self->in_roster);
      break;
    case PROP_SUBSCRIPTION:
      g_value_set_enum (value, self->subscription);
      break;
    case PROP_ASK:
      g_value_set_boolean (value, self->ask);
      break;
    case PROP_PRESENCE:
      g_value_set_enum (value, self->presence);
      break;
    case PROP_STATUS_MESSAGE:
      g_value_set_string (value, self->status_message);
      break;
    case PROP_RESOURCES:
      g_value_set_boxed (value, self->resource_jids);
      break;
    case PROP_BLOCKED:
      g_value_set_boolean (value, self->blocked);
      break;
    case PROP_REQUESTED:
      g_value_set_boolean (value, self->requested);
      break;
    case PROP_AVATAR_HASH:
      g_value_set_string (value, self->avatar_hash);
      break;
    case PROP_REQUEST_MESSAGE:
      g_value_set_string (value, self->request_message);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cau_contact_class_init (CauContactClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = cau_contact_dispose;
  object_class->finalize = cau_contact_finalize;
  object_class->get_property = cau_contact_get_property;

  props[PROP_ACCOUNT] = g_param_spec_object ("account", NULL, NULL, CAU_TYPE_ACCOUNT, ro);
  props[PROP_JID] = g_param_spec_string ("jid", NULL, NULL, NULL, ro);
  props[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, ro);
  props[PROP_NICKNAME] = g_param_spec_string ("nickname", NULL, NULL, NULL, ro);
  props[PROP_DISPLAY_NAME] = g_param_spec_string ("display-name", NULL, NULL, NULL, ro);
  props[PROP_GROUPS] = g_param_spec_boxed ("groups", NULL, NULL, G_TYPE_STRV, ro);
  props[PROP_IN_ROSTER] = g_param_spec_boolean ("in-roster", NULL, NULL, FALSE, ro);
  props[PROP_SUBSCRIPTION] = g_param_spec_enum ("subscription", NULL, NULL,
                                                CAU_TYPE_SUBSCRIPTION, CAU_SUBSCRIPTION_NONE, ro);
  props[PROP_ASK] = g_param_spec_boolean ("ask", NULL, NULL, FALSE, ro);
  props[PROP_PRESENCE] = g_param_spec_enum ("presence", NULL, NULL, CAU_TYPE_PRESENCE,
                                            CAU_PRESENCE_OFFLINE, ro);
  props[PROP_STATUS_MESSAGE] = g_param_spec_string ("status-message", NULL, NULL, NULL, ro);
  props[PROP_RESOURCES] = g_param_spec_boxed ("resources", NULL, NULL, G_TYPE_STRV, ro);
  props[PROP_BLOCKED] = g_param_spec_boolean ("blocked", NULL, NULL, FALSE, ro);
  props[PROP_REQUESTED] = g_param_spec_boolean ("requested", NULL, NULL, FALSE, ro);
  props[PROP_REQUEST_MESSAGE] = g_param_spec_string ("request-message", NULL, NULL, NULL, ro);
  props[PROP_AVATAR_HASH] = g_param_spec_string ("avatar-hash", NULL, NULL, NULL, ro);
  g_object_class_install_properties (object_class, N_PROPS, props);
}

static void
cau_contact_init (CauContact *self)
{
  self->groups = g_new0 (char *, 1);
  self->resources = g_ptr_array_new_with_free_func ((GDestroyNotify) resource_free);
  self->resource_jids = g_new0 (char *, 1);
  self->presence = CAU_PRESENCE_OFFLINE;
}

/**
 * cau_contact_new:
 * @account: (nullable): the account it belongs to
 * @jid: its bare JID, normalised
 *
 * Returns: (transfer full): a contact that is not in the roster yet
 */
CauContact *
cau_contact_new (CauAccount *account,
                 const char *jid)
{
  CauContact *self;

  g_return_val_if_fail (account == NULL || CAU_IS_ACCOUNT (account), NULL);
  g_return_val_if_fail (jid != NULL, NULL);

  self = g_object_new (CAU_TYPE_CONTACT, NULL);
  self->jid = g_strdup (jid);
  self->account = account;
  if (account != NULL)
    g_object_add_weak_pointer (G_OBJECT (account), (gpointer *) &self->account);
  update_names (self);
  return self;
}

gboolean
cau_contact_set_item (CauContact         *self,
                      gboolean            in_roster,
                      const char         *name,
                      const char         *subscription,
                      gboolean            ask,
                      const char * const *groups)
{
  CauSubscription sub = subscription_from_string (subscription);
  g_auto(GStrv) sorted = g_strdupv ((char **) groups);
  gboolean renamed = FALSE;

  g_return_val_if_fail (CAU_IS_CONTACT (self), FALSE);

  /* Groups are a set (RFC 6121 §2.1.2.3); servers send them in any order. */
  if (sorted == NULL)
    sorted = g_new0 (char *, 1);
  qsort (sorted, g_strv_length (sorted), sizeof (char *), compare_strings);

  g_object_freeze_notify (G_OBJECT (self));
  if (self->in_roster != !!in_roster)
    {
      self->in_roster = !!in_roster;
      notify (self, PROP_IN_ROSTER);
    }
  if (set_string (&self->name, name))
    {
      notify (self, PROP_NAME);
      renamed = update_names (self);
    }
  if (self->subscription != sub)
    {
      self->subscription = sub;
      notify (self, PROP_SUBSCRIPTION);
    }
  if (self->ask != !!ask)
    {
      self->ask = !!ask;
      notify (self, PROP_ASK);
    }
  if (!g_strv_equal ((const char * const *) self->groups, (const char * const *) sorted))
    {
      g_strfreev (self->groups);
      self->groups = g_steal_pointer (&sorted);
      notify (self, PROP_GROUPS);
    }
  g_object_thaw_notify (G_OBJECT (self));
  return renamed;
}

gboolean
cau_contact_set_nickname (CauContact *self,
                          const char *nickname)
{
  gboolean renamed;

  g_return_val_if_fail (CAU_IS_CONTACT (self), FALSE);

  if (nickname == NULL || !set_string (&self->nickname, nickname))
    return FALSE;
  g_object_freeze_notify (G_OBJECT (self));
  notify (self, PROP_NICKNAME);
  renamed = update_names (self);
  g_object_thaw_notify (G_OBJECT (self));
  return renamed;
}

/* It withdrew the nickname it published (XEP-0172 through PEP): it is
 * named as before it gave one. TRUE when its displayed name changed. */
gboolean
cau_contact_forget_nickname (CauContact *self)
{
  gboolean renamed;

  g_return_val_if_fail (CAU_IS_CONTACT (self), FALSE);

  if (!set_string (&self->nickname, NULL))
    return FALSE;
  g_object_freeze_notify (G_OBJECT (self));
  notify (self, PROP_NICKNAME);
  renamed = update_names (self);
  g_object_thaw_notify (G_OBJECT (self));
  return renamed;
}

void
cau_contact_set_resource_presence (CauContact *self,
                                   const char *full_jid,
                                   int         show,
                                   const char *status)
{
  Resource *resource = NULL;

  g_return_if_fail (CAU_IS_CONTACT (self));

  if (full_jid == NULL)
    {
      if (show < 0)
        cau_contact_clear_presence (self);
      return;
    }

  for (guint i = 0; i < self->resources->len && resource == NULL; i++)
    {
      Resource *r = g_ptr_array_index (self->resources, i);

      if (g_str_equal (r->jid, full_jid))
        {
          if (show < 0)
            {
              g_ptr_array_remove_index (self->resources, i);
              break;
            }
          resource = r;
        }
    }

  if (show >= 0)
    {
      if (resource == NULL)
        {
          if (self->resources->len >= MAX_RESOURCES)
            return;
          resource = g_new0 (Resource, 1);
          resource->jid = g_strdup (full_jid);
          g_ptr_array_add (self->resources, resource);
        }
      resource->show = show;
      set_string (&resource->status, status);
      resource->seq = ++self->seq;
    }

  g_object_freeze_notify (G_OBJECT (self));
  update_presence (self);
  g_object_thaw_notify (G_OBJECT (self));
}

void
cau_contact_clear_presence (CauContact *self)
{
  g_return_if_fail (CAU_IS_CONTACT (self));

  if (self->resources->len == 0)
    return;
  g_ptr_array_set_size (self->resources, 0);
  g_object_freeze_notify (G_OBJECT (self));
  update_presence (self);
  g_object_thaw_notify (G_OBJECT (self));
}

void
cau_contact_set_blocked (CauContact *self,
                         gboolean    blocked)
{
  g_return_if_fail (CAU_IS_CONTACT (self));

  if (self->blocked == !!blocked)
    return;
  self->blocked = !!blocked;
  notify (self, PROP_BLOCKED);
}

/* Its avatar's SHA-1 (nullable: none); the image is in the avatar cache. */
void
cau_contact_set_avatar_hash (CauContact *self,
                             const char *hash)
{
  g_return_if_fail (CAU_IS_CONTACT (self));

  if (g_strcmp0 (self->avatar_hash, hash) == 0)
    return;
  g_free (self->avatar_hash);
  self->avatar_hash = g_strdup (hash);
  notify (self, PROP_AVATAR_HASH);
}

/**
 * cau_contact_get_avatar_hash:
 * @self: a contact
 *
 * Returns: (nullable): the SHA-1 of its avatar, %NULL when it has none
 */
const char *
cau_contact_get_avatar_hash (CauContact *self)
{
  g_return_val_if_fail (CAU_IS_CONTACT (self), NULL);
  return self->avatar_hash;
}

/**
 * cau_contact_dup_avatar_file:
 * @self: a contact
 *
 * Returns: (transfer full) (nullable): the file of its avatar in the cache,
 *   an image of any format and size that has yet to be checked, %NULL
 *   when it has none
 */
GFile *
cau_contact_dup_avatar_file (CauContact *self)
{
  g_return_val_if_fail (CAU_IS_CONTACT (self), NULL);

  if (self->avatar_hash == NULL || self->account == NULL)
    return NULL;
  return cau_account_dup_avatar_file (self->account, self->avatar_hash);
}

void
cau_contact_set_request (CauContact *self,
                         gboolean    requested,
                         const char *message)
{
  g_return_if_fail (CAU_IS_CONTACT (self));

  g_object_freeze_notify (G_OBJECT (self));
  if (set_string (&self->request_message, requested ? message : NULL))
    notify (self, PROP_REQUEST_MESSAGE);
  if (self->requested != !!requested)
    {
      self->requested = !!requested;
      notify (self, PROP_REQUESTED);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

int
cau_contact_compare (CauContact *a,
                     CauContact *b)
{
  int order = strcmp (a->sort_key, b->sort_key);

  return order != 0 ? order : strcmp (a->jid, b->jid);
}

/**
 * cau_contact_get_account:
 * @self: a contact
 *
 * Returns: (transfer none) (nullable): its account, %NULL once the
 *   account is gone
 */
CauAccount *
cau_contact_get_account (CauContact *self)
{
  g_return_val_if_fail (CAU_IS_CONTACT (self), NULL);
  return self->account;
}

const char *
cau_contact_get_jid (CauContact *self)
{
  g_return_val_if_fail (CAU_IS_CONTACT (self), NULL);
  return self->jid;
}

/**
 * cau_contact_get_name:
 * @self: a contact
 *
 * Returns: (nullable): the name given in the roster
 */
const char *
cau_contact_get_name (CauContact *self)
{
  g_return_val_if_fail (CAU_IS_CONTACT (self), NULL);
  return self->name;
}

/**
 * cau_contact_get_nickname:
 * @self: a contact
 *
 * Returns: (nullable): the nickname the contact gave itself (XEP-0172)
 */
const char *
cau_contact_get_nickname (CauContact *self)
{
  g_return_val_if_fail (CAU_IS_CONTACT (self), NULL);
  return self->nickname;
}

const char *
cau_contact_get_display_name (CauContact *self)
{
  g_return_val_if_fail (CAU_IS_CONTACT (self), NULL);
  return self->display_name;
}

/**
 * cau_contact_get_groups:
 * @self: a contact
 *
 * Returns: (transfer none) (array zero-terminated=1): its roster groups
 */
const char * const *
cau_contact_get_groups (CauContact *self)
{
  g_return_val_if_fail (CAU_IS_CONTACT (self), NULL);
  return (const char * const *) self->groups;
}

gboolean
cau_contact_get_in_roster (CauContact *self)
{
  g_return_val_if_fail (CAU_IS_CONTACT (self), FALSE);
  return self->in_roster;
}

CauSubscription
cau_contact_get_subscription (CauContact *self)
{
  g_return_val_if_fail (CAU_IS_CONTACT (self), CAU_SUBSCRIPTION_NONE);
  return self->subscription;
}

gboolean
cau_contact_get_ask (CauContact *self)
{
  g_return_val_if_fail (CAU_IS_CONTACT (self), FALSE);
  return self->ask;
}

CauPresence
cau_contact_get_presence (CauContact *self)
{
  g_return_val_if_fail (CAU_IS_CONTACT (self), CAU_PRESENCE_OFFLINE);
  return self->presence;
}

/**
 * cau_contact_get_status_message:
 * @self: a contact
 *
 * Returns: (nullable): the status message of its best device
 */
const char *
cau_contact_get_status_message (CauContact *self)
{
  g_return_val_if_fail (CAU_IS_CONTACT (self), NULL);
  return self->status_message;
}

/**
 * cau_contact_get_resources:
 * @self: a contact
 *
 * Returns: (transfer none) (array zero-terminated=1): the full JIDs of
 *   its online devices, the best first
 */
const char * const *
cau_contact_get_resources (CauContact *self)
{
  g_return_val_if_fail (CAU_IS_CONTACT (self), NULL);
  return (const char * const *) self->resource_jids;
}

gboolean
cau_contact_get_blocked (CauContact *self)
{
  g_return_val_if_fail (CAU_IS_CONTACT (self), FALSE);
  return self->blocked;
}

gboolean
cau_contact_get_requested (CauContact *self)
{
  g_return_val_if_fail (CAU_IS_CONTACT (self), FALSE);
  return self->requested;
}

/**
 * cau_contact_get_request_message:
 * @self: a contact
 *
 * Returns: (nullable): the message that came with its subscription request
 */
const char *
cau_contact_get_request_message (CauContact *self)
{
  g_return_val_if_fail (CAU_IS_CONTACT (self), NULL);
  return self->request_message;
}

/**
 * cau_contact_matches:
 * @self: a contact
 * @query: (nullable): what a person typed
 *
 * For filtering a contact list: each word of @query must appear in the
 * display name, nickname or address, ignoring case and accents.
 *
 * Returns: whether @self matches @query
 */
gboolean
cau_contact_matches (CauContact *self,
                     const char *query)
{
  g_autofree char *folded = NULL;
  g_auto(GStrv) words = NULL;

  g_return_val_if_fail (CAU_IS_CONTACT (self), FALSE);

  if (query == NULL || !g_utf8_validate (query, -1, NULL))
    return query == NULL;

  folded = fold (query);
  words = g_strsplit_set (folded, " \t\n", -1);
  for (guint i = 0; words[i] != NULL; i++)
    {
      if (*words[i] != '\0' && strstr (self->search_text, words[i]) == NULL)
        return FALSE;
    }
  return TRUE;
}
