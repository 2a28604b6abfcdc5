#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Fails when a header crosses a layer (STYLE.md): ui → core → {xmpp, store, omemo}.
set -u
src=${1:?usage: check-layering.sh SRC_DIR}
status=0

fail () {
  echo "not ok - $1"
  status=1
}

check () {
  # check DIR PATTERN WHY
  dir=$1; pattern=$2; why=$3
  [ -d "$src/$dir" ] || return 0
  hits=$(grep -RnE "$pattern" "$src/$dir" --include='*.c' --include='*.h' 2>/dev/null)
  if [ -n "$hits" ]; then
    fail "$why"
    echo "$hits" | sed 's/^/#   /'
  fi
}

check core  '#include [<"](gtk/gtk|adwaita|gdk/gdk)\.h[>"]' 'core includes GTK'
check core  '#include [<"](strophe|sqlite3)\.h[>"]' 'core includes strophe.h or sqlite3.h'
check xmpp  '#include [<"](gtk/gtk|adwaita|sqlite3)\.h[>"]' 'xmpp includes GTK or SQLite'
check xmpp  '#include "(core|store|ui)/' 'xmpp includes a higher or sibling layer'
check store '#include [<"](gtk/gtk|adwaita|strophe)\.h[>"]' 'store includes GTK or strophe'
check store '#include "(core|xmpp|ui)/' 'store includes a higher or sibling layer'
check store '#include "omemo/' 'store includes the OMEMO layer'
check xmpp  '#include "omemo/' 'xmpp includes the OMEMO layer'
check omemo '#include [<"](gtk/gtk|adwaita|gdk/gdk|strophe|sqlite3)\.h[>"]' 'omemo includes GTK, strophe.h or sqlite3.h'
check omemo '#include "(core|xmpp|ui)/' 'omemo includes the model, protocol or UI layer'
check ui    '#include [<"](strophe|sqlite3)\.h[>"]' 'ui includes strophe.h or sqlite3.h'
check ui    '#include "(xmpp|store)/' 'ui includes the protocol or store layer'
check ui    '#include "core/cau-core-private\.h"' 'ui includes the model private header'

# Public core headers must not expose lower layers' types to the UI.
for h in "$src"/core/*.h; do
  case "$h" in *-private.h) continue ;; esac
  if grep -nE '#include "(xmpp|store)/' "$h" >/dev/null; then
    fail "public core header $(basename "$h") includes a lower layer"
  fi
done

if [ $status -eq 0 ]; then
  echo "ok - no header crosses a layer"
fi
exit $status
