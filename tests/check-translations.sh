#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Causerie developers
#
# Static checks of the translations:
#   - every file under src/ with translatable strings is listed in po/POTFILES.in,
#     every listed file exists, and the list is sorted (LC_ALL=C);
#   - every language of po/LINGUAS passes `msgfmt --check` with no untranslated
#     and no fuzzy message;
#   - every string marked in the C and GtkBuilder (.ui) files of POTFILES.in has a
#     translation in each po/<lang>.po (catches strings added to the code but not
#     to the translations).
#
# The .ui files are read with `xgettext --language=Glade`: gettext 0.21 (Debian 12)
# parses GTK 4 builder files with its gtkbuilder.its rules (it warns that this is a
# "fallback ITS rule file"; the warning is harmless and hidden here). The data/
# files (desktop, metainfo, GSettings schema) are covered by the msgfmt statistics
# only, since extracting them depends on ITS files installed by other packages.
#
# Usage: check-translations.sh SOURCE_ROOT [SCRATCH_DIR]
# Exit status: 0 when everything passes, 1 on a failure, 77 (skip) without gettext.

set -u

srcdir=${1:?usage: check-translations.sh SOURCE_ROOT [SCRATCH_DIR]}
podir=$srcdir/po
potfiles=$podir/POTFILES.in
failed=0

for tool in xgettext msgfmt msgcmp; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "# $tool not found: skipping"
    exit 77
  fi
done

tmp=$(mktemp -d "${2:-${TMPDIR:-/tmp}}/check-translations.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT HUP INT TERM

ok () {
  echo "ok - $*"
}

not_ok () {
  echo "not ok - $*"
  failed=1
}

# The listed files, without comments and blank lines.
grep -v -e '^[[:space:]]*#' -e '^[[:space:]]*$' "$potfiles" > "$tmp/listed"

# 1. POTFILES.in is sorted.
if grep -v -e '^[[:space:]]*#' -e '^[[:space:]]*$' "$potfiles" | LC_ALL=C sort -c 2>"$tmp/sort.err"; then
  ok "POTFILES.in is sorted"
else
  not_ok "POTFILES.in is not sorted (LC_ALL=C): $(cat "$tmp/sort.err")"
fi

# 2. Every listed file exists.
missing=0
while IFS= read -r file; do
  if [ ! -f "$srcdir/$file" ]; then
    echo "# listed in POTFILES.in but missing: $file"
    missing=1
  fi
done < "$tmp/listed"
if [ "$missing" -eq 0 ]; then
  ok "every file in POTFILES.in exists"
else
  not_ok "POTFILES.in lists files that do not exist"
fi

# 3. Every file under src/ with translatable strings is listed.
(cd "$srcdir" && grep -rlE \
  -e '(^|[^[:alnum:]_])(_|N_|C_|NC_)[[:space:]]*\(' \
  -e '(^|[^[:alnum:]_])(g_d)?ngettext[[:space:]]*\(' \
  -e 'translatable="(yes|true|1)"' \
  src) | LC_ALL=C sort > "$tmp/marked"
unlisted=0
while IFS= read -r file; do
  if ! grep -qxF "$file" "$tmp/listed"; then
    echo "# has translatable strings but is not in POTFILES.in: $file"
    unlisted=1
  fi
done < "$tmp/marked"
if [ "$unlisted" -eq 0 ]; then
  ok "every source file with translatable strings is in POTFILES.in"
else
  not_ok "source files with translatable strings are missing from POTFILES.in"
fi

# 4. Extract the strings of the listed C and .ui files.
grep -E '\.[ch]$' "$tmp/listed" > "$tmp/c-files"
grep -E '\.ui$' "$tmp/listed" > "$tmp/ui-files"
pot=$tmp/causerie.pot
extracted=1
if [ -s "$tmp/c-files" ]; then
  if ! xgettext --language=C --from-code=UTF-8 \
         --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
         --keyword=g_dngettext:2,3 --keyword=g_dpgettext2:2c,3 \
         --force-po --directory="$srcdir" --files-from="$tmp/c-files" \
         --output="$pot" 2>"$tmp/xgettext-c.err"; then
    sed 's/^/# /' "$tmp/xgettext-c.err"
    extracted=0
  fi
fi
if [ "$extracted" -eq 1 ] && [ -s "$tmp/ui-files" ]; then
  join=
  [ -f "$pot" ] && join=--join-existing
  if ! xgettext --language=Glade --from-code=UTF-8 $join \
         --force-po --directory="$srcdir" --files-from="$tmp/ui-files" \
         --output="$pot" 2>"$tmp/xgettext-ui.err"; then
    sed 's/^/# /' "$tmp/xgettext-ui.err"
    extracted=0
  fi
fi
if [ "$extracted" -eq 1 ] && [ -f "$pot" ]; then
  ok "extracted $(($(grep -c '^msgid ' "$pot") - 1)) messages from the C and .ui files"
else
  not_ok "could not extract the messages of the C and .ui files"
fi

# 5. Each language is complete, and translates every extracted message.
languages=$(grep -v -e '^[[:space:]]*#' -e '^[[:space:]]*$' "$podir/LINGUAS" 2>/dev/null)
if [ -z "$languages" ]; then
  not_ok "po/LINGUAS lists no language"
fi
for lang in $languages; do
  po=$podir/$lang.po
  if [ ! -f "$po" ]; then
    not_ok "po/$lang.po is missing"
    continue
  fi

  if msgfmt --check --statistics --output-file=/dev/null "$po" >"$tmp/stats" 2>&1; then
    stats=$(tr '\n' ' ' < "$tmp/stats" | sed 's/ *$//')
    case $stats in
      *untranslated*|*fuzzy*)
        not_ok "po/$lang.po is incomplete: $stats" ;;
      *)
        ok "po/$lang.po: $stats" ;;
    esac
  else
    sed 's/^/# /' "$tmp/stats"
    not_ok "msgfmt --check fails on po/$lang.po"
  fi

  if [ "$extracted" -eq 1 ] && [ -f "$pot" ]; then
    # msgcmp ignores untranslated and fuzzy entries of the .po file, so a string of the
    # code that is missing, untranslated or fuzzy in it makes msgcmp fail.
    if msgcmp "$po" "$pot" >"$tmp/msgcmp" 2>&1; then
      ok "po/$lang.po translates every string of the C and .ui files"
    else
      # msgcmp names lines of the temporary .pot: show the message and where it comes
      # from instead. The "not used" warnings (strings of data/ files) are left out.
      grep -v 'warning: this message is not used' "$tmp/msgcmp" |
        sed -n 's/^.*causerie\.pot:\([0-9][0-9]*\): .*$/\1/p' > "$tmp/lines"
      awk 'NR == FNR { want[$1] = 1; next }
           /^#:/ { where = substr($0, 4) }
           /^msgctxt / { context = substr($0, 9) " " }
           /^msgid / { id = substr($0, 7); in_id = 1; next }
           /^"/ && in_id { id = id == "\"\"" ? $0 : substr(id, 1, length(id) - 1) substr($0, 2) }
           want[FNR] { print "# missing in the .po: " context id " (" where ")" }
           /^msgstr/ { context = ""; in_id = 0 }' \
        "$tmp/lines" "$pot"
      grep -v -e 'warning: this message is not used' -e 'causerie\.pot:[0-9]' "$tmp/msgcmp" |
        sed 's/^/# /'
      not_ok "po/$lang.po lacks strings of the C and .ui files (run the causerie-update-po target)"
    fi
  fi
done

exit "$failed"
