/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "xmpp/cau-xmpp-resolver.h"
#include "xmpp/cau-xmpp-utils.h"

#include <string.h>

static void
test_fingerprint (void)
{
  g_autofree char *a = cau_xmpp_normalize_fingerprint ("AB:cd:0F");
  g_autofree char *b = cau_xmpp_normalize_fingerprint ("abcd0f");
  g_autofree char *c = cau_xmpp_normalize_fingerprint ("ab:zz");
  g_autofree char *d = cau_xmpp_normalize_fingerprint ("");

  g_assert_cmpstr (a, ==, "abcd0f");
  g_assert_cmpstr (b, ==, "abcd0f");
  g_assert_null (c);
  g_assert_null (d);
  g_assert_null (cau_xmpp_normalize_fingerprint (NULL));
}

/* XEP-0115 §5.2, the simple example. */
static void
test_caps_ver_spec_example (void)
{
  const char *identities[] = { "client/pc//Exodus 0.9.1", NULL };
  const char *features[] = {
    "http://jabber.org/protocol/disco#info",
    "http://jabber.org/protocol/disco#items",
    "http://jabber.org/protocol/muc",
    "http://jabber.org/protocol/caps",
    NULL,
  };
  g_autofree char *ver = cau_xmpp_caps_compute_ver (identities, features);

  g_assert_cmpstr (ver, ==, "QgayPKawpkPSDYmwT/WM94uAlu0=");
}

static void
test_own_ver_stable (void)
{
  g_autofree char *a = cau_xmpp_caps_own_ver ();
  g_autofree char *b = cau_xmpp_caps_own_ver ();

  g_assert_cmpstr (a, ==, b);
  g_assert_cmpuint (strlen (a), ==, 28);
}

/* XEP-0115 §5.1 hashes the features in byte order: the list is kept so. */
static void
test_own_features_sorted (void)
{
  const char * const *features = cau_xmpp_own_features ();

  for (guint i = 0; features[i] != NULL && features[i + 1] != NULL; i++)
    g_assert_cmpint (strcmp (features[i], features[i + 1]), <, 0);
}

static GList *
srv (const char *host, guint16 port, guint16 priority, guint16 weight, GList *list)
{
  return g_list_append (list, g_srv_target_new (host, port, priority, weight));
}

static void
test_srv_order (void)
{
  GList *starttls = NULL, *direct = NULL, *merged;

  starttls = srv ("a.example", 5222, 10, 0, starttls);
  starttls = srv ("c.example", 5222, 20, 0, starttls);
  direct = srv ("b.example", 5223, 10, 0, direct);
  direct = srv (".", 0, 5, 0, direct);

  merged = cau_xmpp_sort_srv_targets (starttls, direct);
  g_assert_cmpuint (g_list_length (merged), ==, 3);
  /* Equal priority: direct TLS first (XEP-0368); "." means no service. */
  g_assert_cmpstr (g_list_nth_data (merged, 0), ==, "b.example\n5223\n1");
  g_assert_cmpstr (g_list_nth_data (merged, 1), ==, "a.example\n5222\n0");
  g_assert_cmpstr (g_list_nth_data (merged, 2), ==, "c.example\n5222\n0");

  g_list_free_full (merged, g_free);
  g_list_free_full (starttls, (GDestroyNotify) g_srv_target_free);
  g_list_free_full (direct, (GDestroyNotify) g_srv_target_free);
}

static void
resolved_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static void
test_resolve_override_literal (void)
{
  GAsyncResult *result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) targets = NULL;
  CauXmppTarget *target;

  cau_xmpp_resolve_async ("example.org", "127.0.0.1", 0, TRUE, NULL, resolved_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  targets = cau_xmpp_resolve_finish (result, &error);
  g_object_unref (result);
  g_assert_no_error (error);
  g_assert_cmpuint (targets->len, ==, 1);
  target = g_ptr_array_index (targets, 0);
  g_assert_cmpstr (target->address, ==, "127.0.0.1");
  g_assert_cmpuint (target->port, ==, 5223);
  g_assert_true (target->direct_tls);
}

static void
test_resolve_unknown_host (void)
{
  GAsyncResult *result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) targets = NULL;

  cau_xmpp_resolve_async ("no-such-host.invalid", NULL, 0, FALSE, NULL, resolved_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  targets = cau_xmpp_resolve_finish (result, &error);
  g_object_unref (result);
  g_assert_null (targets);
  g_assert_error (error, CAU_XMPP_ERROR, CAU_XMPP_ERROR_HOST_NOT_FOUND);
}

static void
test_stanzas (void)
{
  xmpp_ctx_t *ctx = xmpp_ctx_new (NULL, NULL);
  xmpp_stanza_t *presence = cau_xmpp_build_presence (ctx, CAU_XMPP_SHOW_DND, "busy <b>", "VER");
  xmpp_stanza_t *message;
  g_autofree char *body = NULL;
  char *text = NULL;
  size_t len;

  g_assert_cmpint (xmpp_stanza_to_text (presence, &text, &len), ==, 0);
  g_assert_nonnull (strstr (text, "<show>dnd</show>"));
  g_assert_nonnull (strstr (text, "busy &lt;b&gt;"));
  g_assert_nonnull (strstr (text, "ver=\"VER\""));
  xmpp_free (ctx, text);
  xmpp_stanza_release (presence);

  message = xmpp_stanza_new_from_string (ctx,
    "<message from='a@b/c' id='x'><body>hi &amp; bye</body>"
    "<origin-id xmlns='urn:xmpp:sid:0' id='orig'/></message>");
  body = cau_xmpp_message_get_body (message);
  g_assert_cmpstr (body, ==, "hi & bye");
  g_assert_cmpstr (cau_xmpp_message_get_origin_id (message), ==, "orig");
  xmpp_stanza_release (message);

  message = xmpp_stanza_new_from_string (ctx, "<message id='only'/>");
  g_assert_null (cau_xmpp_message_get_body (message));
  g_assert_cmpstr (cau_xmpp_message_get_origin_id (message), ==, "only");
  xmpp_stanza_release (message);

  xmpp_ctx_free (ctx);
}

static void
test_error_condition (void)
{
  xmpp_ctx_t *ctx = xmpp_ctx_new (NULL, NULL);
  xmpp_stanza_t *iq = xmpp_stanza_new_from_string (ctx,
    "<iq type='error' id='1'><error type='cancel'>"
    "<conflict xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>"
    "<text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>taken</text></error></iq>");
  g_autofree char *text = NULL;
  g_autofree char *condition = cau_xmpp_stanza_error_condition (iq, &text);

  g_assert_cmpstr (condition, ==, "conflict");
  g_assert_cmpstr (text, ==, "taken");
  xmpp_stanza_release (iq);
  xmpp_ctx_free (ctx);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  xmpp_initialize ();

  g_test_add_func ("/cau/xmpp-utils/own-features-sorted", test_own_features_sorted);
  g_test_add_func ("/cau/xmpp-utils/fingerprint", test_fingerprint);
  g_test_add_func ("/cau/xmpp-utils/caps-ver-spec-example", test_caps_ver_spec_example);
  g_test_add_func ("/cau/xmpp-utils/own-ver", test_own_ver_stable);
  g_test_add_func ("/cau/xmpp-utils/srv-order", test_srv_order);
  g_test_add_func ("/cau/xmpp-utils/resolve-literal", test_resolve_override_literal);
  g_test_add_func ("/cau/xmpp-utils/resolve-unknown", test_resolve_unknown_host);
  g_test_add_func ("/cau/xmpp-utils/stanzas", test_stanzas);
  g_test_add_func ("/cau/xmpp-utils/error-condition", test_error_condition);

  return g_test_run ();
}
