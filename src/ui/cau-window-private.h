/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

#include "cau-window.h"
#include "cau-account-banner.h"
#include "cau-invitation-list.h"
#include "cau-accounts-view.h"
#include "cau-chat-view.h"
#include "cau-contacts-view.h"
#include "cau-welcome-page.h"

G_BEGIN_DECLS

/*
 * The main window: the conversations on the left, the chat on the right
 * (one after the other when narrow); the accounts and the contacts on
 * pages of their own reached from the menu; the sign-in pages when there
 * is no account.
 */
struct _CauWindow
{
  AdwApplicationWindow  parent_instance;

  CauAccountManager    *manager;
  GSettings            *settings;
  GtkSingleSelection   *selection;
  CauConversation      *conversation;
  GSignalGroup         *conversation_signals;
  /* The conversations whose unread count is followed for the title. */
  GPtrArray            *watched;
  guint                 watch_idle_id;
  guint                 read_idle_id;

  AdwToastOverlay      *toast_overlay;
  GtkStack             *main_stack;
  CauWelcomePage       *welcome_page;
  AdwLeaflet           *leaflet;
  GtkWidget            *sidebar;
  GtkMenuButton        *presence_button;
  GtkMenuButton        *main_menu_button;
  GMenuModel           *presence_menu;
  GMenuModel           *primary_menu;
  CauAccountBanner     *account_banner;
  CauInvitationList    *invitation_list;
  GtkStack             *conversation_stack;
  GtkListView          *conversation_list;
  GtkStack             *content;
  AdwStatusPage        *empty_page;
  CauChatView          *chat_view;      /* these three: built when first shown */
  CauAccountsView      *accounts_view;
  CauContactsView      *contacts_view;
};

/* cau-window.c */
guint cau_window_n_accounts              (CauWindow      *self);
void  cau_window_show_toast              (CauWindow      *self,
                                          const char     *text);

void  cau_window_show_join_room          (CauWindow      *self,
                                          CauAccount     *account,
                                          const char     *address);

/* cau-window-contacts.c: the contacts page, its dialogs, xmpp: links. */
void  cau_window_class_init_contacts     (GtkWidgetClass *widget_class);

G_END_DECLS
