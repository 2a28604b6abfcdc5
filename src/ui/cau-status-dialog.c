/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "cau-status-dialog.h"

struct _CauStatusDialog
{
  AdwMessageDialog  parent_instance;

  GtkEntry         *entry;
};

G_DEFINE_FINAL_TYPE (CauStatusDialog, cau_status_dialog, ADW_TYPE_MESSAGE_DIALOG)

static void
cau_status_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), CAU_TYPE_STATUS_DIALOG);

  G_OBJECT_CLASS (cau_status_dialog_parent_class)->dispose (object);
}

static void
cau_status_dialog_class_init (CauStatusDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cau_status_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/im/causerie/Causerie/ui/cau-status-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CauStatusDialog, entry);
}

static void
cau_status_dialog_init (CauStatusDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

CauStatusDialog *
cau_status_dialog_new (GtkWindow  *parent,
                       const char *message)
{
  CauStatusDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  self = g_object_new (CAU_TYPE_STATUS_DIALOG, "transient-for", parent, NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->entry), message ? message : "");
  return self;
}

const char *
cau_status_dialog_get_message (CauStatusDialog *self)
{
  g_return_val_if_fail (CAU_IS_STATUS_DIALOG (self), NULL);
  return gtk_editable_get_text (GTK_EDITABLE (self->entry));
}
