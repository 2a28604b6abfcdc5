/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright 2026 The Causerie developers */
#include "config.h"

#include "xmpp/cau-jid.h"

static void
test_split_valid (void)
{
  g_autofree char *local = NULL, *domain = NULL, *resource = NULL;

  g_assert_true (cau_jid_split ("Alice@Example.ORG/phone", &local, &domain, &resource, NULL));
  g_assert_cmpstr (local, ==, "Alice");
  g_assert_cmpstr (domain, ==, "example.org");
  g_assert_cmpstr (resource, ==, "phone");
}

static void
test_split_domain_only (void)
{
  g_autofree char *local = NULL, *domain = NULL, *resource = NULL;

  g_assert_true (cau_jid_split ("example.org", &local, &domain, &resource, NULL));
  g_assert_null (local);
  g_assert_cmpstr (domain, ==, "example.org");
  g_assert_null (resource);
}

static void
test_resource_may_contain_at_and_slash (void)
{
  g_autofree char *local = NULL, *domain = NULL, *resource = NULL;

  g_assert_true (cau_jid_split ("a@b.org/x@y/z", &local, &domain, &resource, NULL));
  g_assert_cmpstr (local, ==, "a");
  g_assert_cmpstr (domain, ==, "b.org");
  g_assert_cmpstr (resource, ==, "x@y/z");
}

static void
test_normalize_account (void)
{
  g_autofree char *jid = cau_jid_normalize_account ("  bob@Example.Org \n", NULL);

  g_assert_cmpstr (jid, ==, "bob@example.org");
}

typedef struct {
  const char *input;
  CauJidError code;
} Bad;

static void
test_normalize_refuses (void)
{
  static const Bad cases[] = {
    { "", CAU_JID_ERROR_EMPTY },
    { "   ", CAU_JID_ERROR_EMPTY },
    { "example.org", CAU_JID_ERROR_NO_LOCALPART },
    { "@example.org", CAU_JID_ERROR_NO_LOCALPART },
    { "bob@", CAU_JID_ERROR_INVALID_DOMAIN },
    { "bob smith@example.org", CAU_JID_ERROR_INVALID_LOCALPART },
    { "bo<b@example.org", CAU_JID_ERROR_INVALID_LOCALPART },
    { "bob@exa mple.org", CAU_JID_ERROR_INVALID_DOMAIN },
    { "bob@example..org", CAU_JID_ERROR_INVALID_DOMAIN },
    { "bob@.example.org", CAU_JID_ERROR_INVALID_DOMAIN },
    { "bob@example.org/", CAU_JID_ERROR_INVALID_RESOURCE },
    { "bob@example.org/laptop", CAU_JID_ERROR_INVALID_RESOURCE },
    { "bob@exam<ple.org", CAU_JID_ERROR_INVALID_DOMAIN },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *jid = cau_jid_normalize_account (cases[i].input, &error);

      g_test_message ("input: '%s'", cases[i].input);
      g_assert_null (jid);
      g_assert_error (error, CAU_JID_ERROR, (gint) cases[i].code);
      g_assert_nonnull (error->message);
      g_assert_cmpstr (error->message, !=, "");
    }
}

static void
test_too_long (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *local = g_strnfill (1024, 'a');
  g_autofree char *input = g_strconcat (local, "@example.org", NULL);
  g_autofree char *jid = cau_jid_normalize_account (input, &error);

  g_assert_null (jid);
  g_assert_error (error, CAU_JID_ERROR, CAU_JID_ERROR_TOO_LONG);
}

static void
test_invalid_utf8 (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *jid = cau_jid_normalize_account ("bob@ex\xff.org", &error);

  g_assert_null (jid);
  g_assert_nonnull (error);
}

static void
test_unicode_accepted (void)
{
  g_autofree char *jid = cau_jid_normalize_account ("élodie@café.fr", NULL);

  g_assert_cmpstr (jid, ==, "élodie@café.fr");
}

static void
test_helpers (void)
{
  g_autofree char *bare = cau_jid_bare ("a@b.org/r");
  g_autofree char *domain = cau_jid_domain ("a@b.org/r");
  g_autofree char *domain2 = cau_jid_domain ("b.org");
  g_autofree char *resource = cau_jid_resource ("a@b.org/r/s");

  g_assert_cmpstr (bare, ==, "a@b.org");
  g_assert_cmpstr (domain, ==, "b.org");
  g_assert_cmpstr (domain2, ==, "b.org");
  g_assert_cmpstr (resource, ==, "r/s");
  g_assert_true (cau_jid_is_bare_of ("A@B.org/x", "a@b.org"));
  g_assert_false (cau_jid_is_bare_of ("a@b.org.evil/x", "a@b.org"));
  g_assert_false (cau_jid_is_bare_of ("evil@b.org", "a@b.org"));
  g_assert_false (cau_jid_is_bare_of (NULL, "a@b.org"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cau/jid/split-valid", test_split_valid);
  g_test_add_func ("/cau/jid/split-domain-only", test_split_domain_only);
  g_test_add_func ("/cau/jid/resource-chars", test_resource_may_contain_at_and_slash);
  g_test_add_func ("/cau/jid/normalize", test_normalize_account);
  g_test_add_func ("/cau/jid/normalize-refuses", test_normalize_refuses);
  g_test_add_func ("/cau/jid/too-long", test_too_long);
  g_test_add_func ("/cau/jid/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/cau/jid/unicode", test_unicode_accepted);
  g_test_add_func ("/cau/jid/helpers", test_helpers);

  return g_test_run ();
}
