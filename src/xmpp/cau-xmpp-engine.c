/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-xmpp-engine.h"
#include "cau-xmpp-private.h"

#include <signal.h>
#include <string.h>
#include <strophe.h>

/*
 * The engine owns the thread on which every libstrophe call happens
 * (DESIGN §2): libstrophe blocks in connect, in the TLS handshake and in
 * tls_stop, none of which may freeze the window. It runs its own
 * GMainContext; clients post commands to it and it posts events back to
 * the context each client was created in.
 */

struct _CauXmppEngine
{
  GObject       parent_instance;

  GMainContext *context;
  GMainLoop    *loop;
  GThread      *thread;

  /* Entity capabilities known to every account: ver → GStrv features.
   * Written from any thread, so behind a mutex. */
  GMutex        caps_lock;
  GHashTable   *caps;

  /* Where avatars are cached (cau-xmpp-avatars.c), and how many were
   * asked for: both behind the caps lock. */
  char         *avatar_dir;
  guint         avatar_requests;
};

G_DEFINE_FINAL_TYPE (CauXmppEngine, cau_xmpp_engine, G_TYPE_OBJECT)

static gsize strophe_initialized;

/* Where Debian's OpenSSL finds the system's trusted CAs one by one, by
 * subject hash (ca-certificates keeps the links up to date). */
#define CA_HASH_DIR "/usr/lib/ssl/certs"
#define SYSTEM_CA_DIR "/etc/ssl/certs"
#define SYSTEM_CA_BUNDLE "/etc/ssl/certs/ca-certificates.crt"

static gboolean
has_hashed_certificates (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (strlen (name) == 10 && g_str_has_suffix (name, ".0"))
      return TRUE;
  return FALSE;
}

/**
 * cau_xmpp_prepare_process:
 *
 * Sets up the process for libstrophe; call it first in main(), before
 * any thread starts, since it may change the environment.
 *
 * libstrophe creates two OpenSSL contexts per connection, and OpenSSL's
 * default paths parse the whole CA bundle each time (~140 certificates,
 * 50 ms each time here). The hashed directory holds the same
 * certificates and is read lazily, one certificate per verification: so
 * unless the person chose a bundle, OpenSSL is pointed at the directory
 * only. Trust is unchanged.
 */
void
cau_xmpp_prepare_process (void)
{
  const char *file = g_getenv ("SSL_CERT_FILE");
  const char *dir = g_getenv ("SSL_CERT_DIR");

  signal (SIGPIPE, SIG_IGN);

  /* Only when the bundle in use is the system's own, whose certificates
   * are exactly those linked in the directory. */
  if ((file == NULL || g_str_equal (file, SYSTEM_CA_BUNDLE)) &&
      (dir == NULL || g_str_equal (dir, SYSTEM_CA_DIR) || g_str_equal (dir, CA_HASH_DIR)) &&
      has_hashed_certificates (CA_HASH_DIR))
    g_setenv ("SSL_CERT_FILE", "/nonexistent/causerie-reads-" CA_HASH_DIR, TRUE);
}

typedef struct {
  GMainContext *context;
  GMainLoop    *loop;
} ThreadData;

/* The thread owns its own references: the engine may be finalized on
 * this very thread (by the last command holding it), and then cannot
 * join it. */
static gpointer
engine_thread_main (gpointer data)
{
  ThreadData *thread = data;

  g_main_context_push_thread_default (thread->context);
  g_main_loop_run (thread->loop);
  g_main_context_pop_thread_default (thread->context);
  g_main_loop_unref (thread->loop);
  g_main_context_unref (thread->context);
  g_free (thread);
  return NULL;
}

static gboolean
quit_loop_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

static void
cau_xmpp_engine_finalize (GObject *object)
{
  CauXmppEngine *self = CAU_XMPP_ENGINE (object);

  g_main_context_invoke_full (self->context, G_PRIORITY_LOW, quit_loop_cb,
                              g_main_loop_ref (self->loop), (GDestroyNotify) g_main_loop_unref);
  if (g_thread_self () == self->thread)
    g_thread_unref (self->thread);
  else
    g_thread_join (self->thread);
  g_main_loop_unref (self->loop);
  g_main_context_unref (self->context);
  g_hash_table_unref (self->caps);
  g_free (self->avatar_dir);
  g_mutex_clear (&self->caps_lock);

  G_OBJECT_CLASS (cau_xmpp_engine_parent_class)->finalize (object);
}

static void
cau_xmpp_engine_class_init (CauXmppEngineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cau_xmpp_engine_finalize;
}

static void
cau_xmpp_engine_init (CauXmppEngine *self)
{
  if (g_once_init_enter (&strophe_initialized))
    {
      /* libstrophe writes to sockets without MSG_NOSIGNAL: a peer that
       * went away would kill the process. */
      signal (SIGPIPE, SIG_IGN);
      xmpp_initialize ();
      g_once_init_leave (&strophe_initialized, 1);
    }

  g_mutex_init (&self->caps_lock);
  self->caps = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                      (GDestroyNotify) g_strfreev);
  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
  {
    ThreadData *thread = g_new0 (ThreadData, 1);

    thread->context = g_main_context_ref (self->context);
    thread->loop = g_main_loop_ref (self->loop);
    self->thread = g_thread_new ("cau-xmpp-engine", engine_thread_main, thread);
  }
}

/**
 * cau_xmpp_engine_new:
 *
 * Starts the engine thread. Every account's stream runs on it.
 *
 * Returns: (transfer full): a new engine
 */
CauXmppEngine *
cau_xmpp_engine_new (void)
{
  return g_object_new (CAU_TYPE_XMPP_ENGINE, NULL);
}

/**
 * cau_xmpp_engine_get_context:
 * @self: the engine
 *
 * Returns: (transfer none): the engine thread's main context
 */
GMainContext *
cau_xmpp_engine_get_context (CauXmppEngine *self)
{
  g_return_val_if_fail (CAU_IS_XMPP_ENGINE (self), NULL);

  return self->context;
}

/**
 * cau_xmpp_engine_add_known_caps:
 * @self: the engine
 * @ver: an XEP-0115 verification string
 * @features: the features it stands for
 *
 * Seeds the capabilities cache, typically from the store at start.
 */
void
cau_xmpp_engine_add_known_caps (CauXmppEngine      *self,
                                const char         *ver,
                                const char * const *features)
{
  g_return_if_fail (CAU_IS_XMPP_ENGINE (self));
  g_return_if_fail (ver != NULL);

  g_mutex_lock (&self->caps_lock);
  g_hash_table_replace (self->caps, g_strdup (ver), g_strdupv ((char **) features));
  g_mutex_unlock (&self->caps_lock);
}

/**
 * cau_xmpp_engine_dup_known_caps:
 * @self: the engine
 *
 * Returns: (transfer full): a copy of the cache, ver → GStrv
 */
GHashTable *
cau_xmpp_engine_dup_known_caps (CauXmppEngine *self)
{
  GHashTable *copy;
  GHashTableIter iter;
  gpointer key, value;

  g_return_val_if_fail (CAU_IS_XMPP_ENGINE (self), NULL);

  copy = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_strfreev);
  g_mutex_lock (&self->caps_lock);
  g_hash_table_iter_init (&iter, self->caps);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (copy, g_strdup (key), g_strdupv (value));
  g_mutex_unlock (&self->caps_lock);
  return copy;
}

/**
 * cau_xmpp_engine_set_avatar_dir:
 * @self: the engine
 * @dir: (nullable): where avatars are cached, one file per avatar named by
 *   its SHA-1; %NULL: avatars are neither fetched nor cached
 *
 * Set it before accounts connect; streams read it when they need it.
 */
void
cau_xmpp_engine_set_avatar_dir (CauXmppEngine *self,
                                const char    *dir)
{
  g_return_if_fail (CAU_IS_XMPP_ENGINE (self));

  g_mutex_lock (&self->caps_lock);
  g_free (self->avatar_dir);
  self->avatar_dir = g_strdup (dir);
  g_mutex_unlock (&self->caps_lock);
}

/**
 * cau_xmpp_engine_dup_avatar_dir:
 * @self: the engine
 *
 * Returns: (transfer full) (nullable): the avatar cache directory
 */
char *
cau_xmpp_engine_dup_avatar_dir (CauXmppEngine *self)
{
  char *dir;

  g_return_val_if_fail (CAU_IS_XMPP_ENGINE (self), NULL);

  g_mutex_lock (&self->caps_lock);
  dir = g_strdup (self->avatar_dir);
  g_mutex_unlock (&self->caps_lock);
  return dir;
}

/**
 * cau_xmpp_engine_get_avatar_requests:
 * @self: the engine
 *
 * Returns: how many avatars (PEP data or vCards) all accounts have asked
 *   for since the engine started
 */
guint
cau_xmpp_engine_get_avatar_requests (CauXmppEngine *self)
{
  guint count;

  g_return_val_if_fail (CAU_IS_XMPP_ENGINE (self), 0);

  g_mutex_lock (&self->caps_lock);
  count = self->avatar_requests;
  g_mutex_unlock (&self->caps_lock);
  return count;
}

void
cau_xmpp_engine_count_avatar_request (CauXmppEngine *self)
{
  g_mutex_lock (&self->caps_lock);
  self->avatar_requests++;
  g_mutex_unlock (&self->caps_lock);
}

gboolean
cau_xmpp_engine_has_caps (CauXmppEngine *self,
                          const char    *ver)
{
  gboolean found;

  g_mutex_lock (&self->caps_lock);
  found = g_hash_table_contains (self->caps, ver);
  g_mutex_unlock (&self->caps_lock);
  return found;
}

void
cau_xmpp_engine_invoke (CauXmppEngine  *self,
                        GSourceFunc     func,
                        gpointer        data,
                        GDestroyNotify  notify)
{
  g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT, func, data, notify);
}

GSource *
cau_xmpp_engine_timeout (CauXmppEngine *self,
                         guint          ms,
                         GSourceFunc    func,
                         gpointer       data)
{
  GSource *source = g_timeout_source_new (ms);

  g_source_set_callback (source, func, data, NULL);
  g_source_attach (source, self->context);
  return source;
}

void
cau_clear_source (GSource **source)
{
  if (*source != NULL)
    {
      g_source_destroy (*source);
      g_clear_pointer (source, g_source_unref);
    }
}
