/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-system-monitor.h"

struct _CauSystemMonitor
{
  GObject          parent_instance;

  GNetworkMonitor *network;
  GDBusConnection *system_bus;
  guint            sleep_subscription;
  GCancellable    *cancellable;
  gboolean         network_available;
};

G_DEFINE_FINAL_TYPE (CauSystemMonitor, cau_system_monitor, G_TYPE_OBJECT)

enum {
  SIGNAL_RECONNECT_NEEDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
network_changed_cb (CauSystemMonitor *self,
                    gboolean          available)
{
  /* Every change may mean a new route: the old TCP links may be dead. */
  self->network_available = available;
  if (available)
    g_signal_emit (self, signals[SIGNAL_RECONNECT_NEEDED], 0);
}

static void
prepare_for_sleep_cb (GDBusConnection *connection,
                      const char      *sender,
                      const char      *path,
                      const char      *interface,
                      const char      *signal,
                      GVariant        *parameters,
                      gpointer         user_data)
{
  CauSystemMonitor *self = user_data;
  gboolean sleeping;

  if (!g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(b)")))
    return;
  g_variant_get (parameters, "(b)", &sleeping);
  if (!sleeping)
    g_signal_emit (self, signals[SIGNAL_RECONNECT_NEEDED], 0);
}

static void
system_bus_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(CauSystemMonitor) self = user_data;
  g_autoptr(GError) error = NULL;
  GDBusConnection *bus = g_bus_get_finish (result, &error);

  if (bus == NULL)
    {
      /* No system bus (a container, a test): resume is not noticed, the
       * pings still find a dead link. */
      g_debug ("No system bus: %s", error->message);
      return;
    }

  self->system_bus = bus;
  self->sleep_subscription =
    g_dbus_connection_signal_subscribe (bus, "org.freedesktop.login1",
                                        "org.freedesktop.login1.Manager",
                                        "PrepareForSleep", "/org/freedesktop/login1",
                                        NULL, G_DBUS_SIGNAL_FLAGS_NONE,
                                        prepare_for_sleep_cb, self, NULL);
}

static void
cau_system_monitor_dispose (GObject *object)
{
  CauSystemMonitor *self = CAU_SYSTEM_MONITOR (object);

  g_cancellable_cancel (self->cancellable);
  if (self->network != NULL)
    g_signal_handlers_disconnect_by_data (self->network, self);
  if (self->system_bus != NULL && self->sleep_subscription != 0)
    g_dbus_connection_signal_unsubscribe (self->system_bus, self->sleep_subscription);
  self->sleep_subscription = 0;
  g_clear_object (&self->system_bus);
  g_clear_object (&self->network);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (cau_system_monitor_parent_class)->dispose (object);
}

static void
cau_system_monitor_class_init (CauSystemMonitorClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = cau_system_monitor_dispose;

  /**
   * CauSystemMonitor::reconnect-needed:
   *
   * The network or the machine came back: connections should be checked
   * or retried now rather than after their backoff.
   */
  signals[SIGNAL_RECONNECT_NEEDED] =
    g_signal_new ("reconnect-needed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
cau_system_monitor_init (CauSystemMonitor *self)
{
  self->cancellable = g_cancellable_new ();
  self->network = g_object_ref (g_network_monitor_get_default ());
  self->network_available = g_network_monitor_get_network_available (self->network);
  g_signal_connect_swapped (self->network, "network-changed",
                            G_CALLBACK (network_changed_cb), self);
  g_bus_get (G_BUS_TYPE_SYSTEM, self->cancellable, system_bus_cb, g_object_ref (self));
}

CauSystemMonitor *
cau_system_monitor_new (void)
{
  return g_object_new (CAU_TYPE_SYSTEM_MONITOR, NULL);
}
