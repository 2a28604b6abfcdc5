/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

#include <gio/gio.h>

#include "core/cau-account.h"
#include "core/cau-conversation.h"
#include "core/cau-certificate.h"

G_BEGIN_DECLS

#define CAU_CORE_ERROR (cau_core_error_quark ())

/* Errors of the model; a failure from the network keeps its own domain
 * and a translated message. */
typedef enum {
  CAU_CORE_ERROR_INVALID_ADDRESS,
  CAU_CORE_ERROR_ACCOUNT_EXISTS,
  CAU_CORE_ERROR_NO_KEYRING,
  CAU_CORE_ERROR_UNTRUSTED_CERTIFICATE,
  CAU_CORE_ERROR_FAILED,
  CAU_CORE_ERROR_OFFLINE,          /* the action needs the account online */
  CAU_CORE_ERROR_NOT_SUPPORTED,    /* the server does not offer it */
  CAU_CORE_ERROR_INVALID_FINGERPRINT, /* not an OMEMO fingerprint, or a link's is malformed */
  CAU_CORE_ERROR_FINGERPRINT_MISMATCH, /* the device's key is another, or not known yet */
  CAU_CORE_ERROR_UNKNOWN_DEVICE,   /* no such OMEMO device of that address */
  CAU_CORE_ERROR_INVALID_NICK,     /* not a nickname a room takes */
  CAU_CORE_ERROR_NOT_PERMITTED,    /* the room says our role or affiliation does not allow it */
} CauCoreError;

GQuark cau_core_error_quark (void);

/**
 * CauAccountParams:
 * How to reach an account; host NULL means SRV lookup of the domain.
 */
typedef struct {
  char      *jid;
  char      *host;
  guint16    port;
  gboolean   direct_tls;
  char     **trusted_sha256;   /* certificates pinned for this account */
} CauAccountParams;

CauAccountParams *cau_account_params_new   (const char             *jid);
CauAccountParams *cau_account_params_copy  (const CauAccountParams *params);
void              cau_account_params_free  (CauAccountParams       *params);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CauAccountParams, cau_account_params_free)

/* First thing in main(), before any thread: process-wide set-up the
 * protocol layer needs (signals, TLS trust store paths). */
void cau_core_prepare_process (void);

#define CAU_TYPE_ACCOUNT_MANAGER (cau_account_manager_get_type ())
G_DECLARE_FINAL_TYPE (CauAccountManager, cau_account_manager, CAU, ACCOUNT_MANAGER, GObject)

/*
 * The accounts, as a GListModel of CauAccount. data_dir holds the
 * database; the keyring is used through libsecret unless disabled
 * (tests of the no-keyring path).
 */
CauAccountManager *cau_account_manager_new                (const char          *data_dir,
                                                           gboolean             use_keyring,
                                                           GError             **error);
void               cau_account_manager_set_avatar_dir     (CauAccountManager   *self,
                                                           const char          *dir);
GListModel        *cau_account_manager_get_accounts       (CauAccountManager   *self);
CauAccount        *cau_account_manager_find               (CauAccountManager   *self,
                                                           const char          *jid);
gboolean           cau_account_manager_get_keyring_available (CauAccountManager *self);
/* Starts every enabled account: loads passwords, connects. */
void               cau_account_manager_start              (CauAccountManager   *self);
/* Whether a person is looking at the app (XEP-0352 CSI). */
void               cau_account_manager_set_active         (CauAccountManager   *self,
                                                           gboolean             active);
void               cau_account_manager_set_global_presence (CauAccountManager  *self,
                                                            CauPresence         presence,
                                                            const char         *status_message);
/* The network came back or the machine resumed: retry now. */
void               cau_account_manager_reconnect_all      (CauAccountManager   *self);

/* Conversations of every account: GListModel of CauConversation. */
GListModel        *cau_account_manager_get_conversations  (CauAccountManager   *self);
CauConversation   *cau_account_manager_open_conversation  (CauAccountManager   *self,
                                                           CauAccount          *account,
                                                           const char          *address,
                                                           GError             **error);

/* Opens a room's conversation and enters the room (XEP-0045); `password` nullable. */
CauConversation   *cau_account_manager_join_room          (CauAccountManager   *self,
                                                           CauAccount          *account,
                                                           const char          *address,
                                                           const char          *nick,
                                                           const char          *password,
                                                           GError             **error);
/* The same for an address typed or followed: a room that does not exist is not created by
 * entering it (CAU_ROOM_ERROR_MISSING; cau_room_create_missing() makes it). */
CauConversation   *cau_account_manager_join_existing_room (CauAccountManager   *self,
                                                           CauAccount          *account,
                                                           const char          *address,
                                                           const char          *nick,
                                                           const char          *password,
                                                           GError             **error);

/* Creates a room (XEP-0045), configured as a private group or a public channel, and enters it;
 * `name` and `description` nullable. A room that exists is refused: CAU_ROOM_ERROR_EXISTS. */
CauConversation   *cau_account_manager_create_room        (CauAccountManager   *self,
                                                           CauAccount          *account,
                                                           const char          *address,
                                                           const char          *nick,
                                                           const char          *name,
                                                           const char          *description,
                                                           gboolean             private_group,
                                                           GError             **error);

/* Validates and normalises an address as typed; the error says why not. */
char              *cau_account_manager_normalize_jid      (const char          *input,
                                                           GError             **error);

/* Signs in once to check the address, password and certificate, without
 * storing anything. On an untrusted certificate the error is
 * CAU_CORE_ERROR_UNTRUSTED_CERTIFICATE and *certificate is set. */
void               cau_account_manager_check_sign_in_async  (CauAccountManager       *self,
                                                             const CauAccountParams  *params,
                                                             const char              *password,
                                                             GCancellable            *cancellable,
                                                             GAsyncReadyCallback      callback,
                                                             gpointer                 user_data);
gboolean           cau_account_manager_check_sign_in_finish (CauAccountManager       *self,
                                                             GAsyncResult            *result,
                                                             CauCertificate         **certificate,
                                                             GError                 **error);

/* Stores the account and its password (in the keyring, or for this session
 * only when there is none and remember is not required), then starts it.
 * The command line and the sign-in page both end here. */
void               cau_account_manager_add_account_async    (CauAccountManager       *self,
                                                             const CauAccountParams  *params,
                                                             const char              *password,
                                                             GCancellable            *cancellable,
                                                             GAsyncReadyCallback      callback,
                                                             gpointer                 user_data);
CauAccount        *cau_account_manager_add_account_finish   (CauAccountManager       *self,
                                                             GAsyncResult            *result,
                                                             GError                 **error);

void               cau_account_manager_remove_account_async  (CauAccountManager      *self,
                                                              CauAccount             *account,
                                                              gboolean                delete_history,
                                                              GCancellable           *cancellable,
                                                              GAsyncReadyCallback     callback,
                                                              gpointer                user_data);
gboolean           cau_account_manager_remove_account_finish (CauAccountManager      *self,
                                                              GAsyncResult           *result,
                                                              GError                **error);

/*
 * In-band registration (XEP-0077). A form is a GVariant "(sba(sssbsas))":
 * (instructions, is_data_form, [(var, type, label, required, value,
 * options)]), type being a XEP-0004 field type ("text-single",
 * "text-private", "hidden", "fixed", "boolean", "list-single", …).
 * Values are submitted as a{ss}.
 */
void               cau_account_manager_fetch_registration_form_async  (CauAccountManager      *self,
                                                                       const CauAccountParams *server,
                                                                       GCancellable           *cancellable,
                                                                       GAsyncReadyCallback     callback,
                                                                       gpointer                user_data);
GVariant          *cau_account_manager_fetch_registration_form_finish (CauAccountManager      *self,
                                                                       GAsyncResult           *result,
                                                                       CauCertificate        **certificate,
                                                                       GError                **error);
void               cau_account_manager_register_async                 (CauAccountManager      *self,
                                                                       const CauAccountParams *server,
                                                                       GVariant               *values,
                                                                       GCancellable           *cancellable,
                                                                       GAsyncReadyCallback     callback,
                                                                       gpointer                user_data);
gboolean           cau_account_manager_register_finish                (CauAccountManager      *self,
                                                                       GAsyncResult           *result,
                                                                       CauCertificate        **certificate,
                                                                       GError                **error);

G_END_DECLS
