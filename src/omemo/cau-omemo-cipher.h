/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#pragma once

/*
 * OMEMO messages: a payload encrypted once (cau-omemo-crypto.h), and its key material
 * encrypted by libomemo-c once per recipient device, through the sessions of the message's
 * protocol. Sessions are built beforehand from bundles (cau-omemo-bundle.h) or come with a
 * received key exchange.
 */

#include "cau-omemo-store.h"

G_BEGIN_DECLS

/* A recipient device. */
typedef struct {
  const char *jid;
  guint32     device_id;
} CauOmemoAddress;

/* The key material for one device. */
typedef struct {
  char     *jid;
  guint32   device_id;
  GBytes   *data;
  gboolean  prekey;   /* carries a key exchange: the device has not answered us yet */
} CauOmemoKey;

typedef struct {
  CauDbOmemoVersion  version;
  guint32            sid;        /* our device */
  GArray            *keys;       /* of CauOmemoKey */
  GBytes            *iv;         /* legacy only */
  GBytes            *payload;    /* NULL: key transport (session set-up or repair) */
  GArray            *failed;     /* of CauOmemoAddress (jid borrowed from the caller):
                                  * recipients without a usable session */
} CauOmemoMessage;

void             cau_omemo_message_free (CauOmemoMessage *message);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CauOmemoMessage, cau_omemo_message_free)

CauOmemoMessage *cau_omemo_encrypt      (CauOmemoStore          *store,
                                         CauDbOmemoVersion       version,
                                         GBytes                 *plaintext,
                                         const CauOmemoAddress  *recipients,
                                         gsize                   n_recipients,
                                         GError                **error);

/* What a received message gives one of our devices. */
typedef struct {
  CauDbOmemoVersion  version;
  const char        *sender;     /* bare JID */
  guint32            sid;
  GBytes            *key;        /* the <key/> for our device */
  gboolean           prekey;
  GBytes            *iv;         /* legacy only */
  GBytes            *payload;    /* nullable: key transport */
} CauOmemoReceived;

gboolean         cau_omemo_decrypt      (CauOmemoStore          *store,
                                         const CauOmemoReceived *received,
                                         GBytes                **plaintext,
                                         GError                **error);

G_END_DECLS
