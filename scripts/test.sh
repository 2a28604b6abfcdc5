#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Causerie developers
#
# The Test command: installs what building and testing need (Debian 12; as
# root, or through sudo, and only what is missing), builds Causerie in _build
# with warnings as errors and runs the whole test suite in a throwaway session
# (private D-Bus, unlocked throwaway keyring, Xvfb; see with-session.sh).  Then
# it does the same with AddressSanitizer and UBSan in _build-asan.
#
#   scripts/test.sh [--no-asan] [--suite NAME]... [-- MESON-TEST-ARGS...]
#
#   --no-asan      skip the sanitizer build
#   --suite NAME   run only this suite (unit, static, data, integration, ui…);
#                  may be repeated
#   -- ARGS        passed on to `meson test`
#
# Its last line says "N passed, N failed" over both builds; it exits non-zero
# when anything failed.  Benchmarks are separate: meson test -C _build --benchmark

set -euo pipefail

usage() {
  sed -n '5,19s/^# \{0,1\}//p' "$0"
}

asan=1
meson_test_args=()
while (($#)); do
  case "$1" in
    --no-asan) asan=0; shift ;;
    --suite)
      (($# >= 2)) || { echo "test.sh: --suite needs a name" >&2; exit 2; }
      meson_test_args+=(--suite "$2"); shift 2 ;;
    --suite=*) meson_test_args+=(--suite "${1#--suite=}"); shift ;;
    --) shift; meson_test_args+=("$@"); break ;;
    -h|--help) usage; exit 0 ;;
    *) echo "test.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done

cd "$(dirname "$0")/.."
# shellcheck source=scripts/common.sh
source scripts/common.sh

test_packages=(
  "${CAU_BUILD_PACKAGES[@]}" "${CAU_RUN_PACKAGES[@]}" "${CAU_SERVER_PACKAGES[@]}"
  "${CAU_INTEROP_PACKAGES[@]}"
  dbus-x11 dbus-user-session xvfb xauth libsecret-tools imagemagick
  at-spi2-core python3-pyatspi python3-gi gir1.2-gtk-4.0
)
cau_ensure_packages "${test_packages[@]}"

trap 'cau_give_back _build _build-asan' EXIT

total_passed=0
total_failed=0
total_skipped=0

# Adds up meson's test log of build directory $1: prints "passed failed skipped".
count_results() {
  /usr/bin/python3 - "$1/meson-logs/testlog.json" <<'EOF'
import json, sys
passed = failed = skipped = 0
try:
    with open(sys.argv[1], encoding="utf-8", errors="replace") as log:
        for line in log:
            line = line.strip()
            if not line:
                continue
            try:
                result = json.loads(line).get("result")
            except ValueError:
                continue
            if result in ("OK", "EXPECTEDFAIL"):
                passed += 1
            elif result == "SKIP":
                skipped += 1
            else:
                failed += 1
except FileNotFoundError:
    pass
print(passed, failed, skipped)
EOF
}

# Configures, builds and tests build directory $1 (label $2); the remaining
# arguments are meson options.  Adds to the totals; returns non-zero on any
# failure.  Extra `meson test` arguments come from the array extra_test_args.
build_and_test() {
  local dir=$1 label=$2 status passed failed skipped
  shift 2

  cau_say "[$label] Configuring and building in $dir"
  if ! cau_configure "$dir" "$@" || ! ninja -C "$dir" </dev/null; then
    echo "[$label] THE BUILD FAILED" >&2
    build_failed=1
    total_failed=$((total_failed + 1))
    return 1
  fi

  cau_say "[$label] Testing"
  rm -f "$dir/meson-logs/testlog.json"
  set +e
  bash scripts/with-session.sh -- \
    meson test -C "$dir" --print-errorlogs --num-processes 2 --no-suite benchmark \
    "${extra_test_args[@]}" "${meson_test_args[@]}" </dev/null
  status=$?
  set -e

  read -r passed failed skipped < <(count_results "$dir")
  if ((status != 0 && failed == 0)); then
    # meson itself failed, or was interrupted, before any test said so.
    echo "[$label] meson test exited with status $status" >&2
    failed=1
  fi
  if ((status == 0 && passed + failed + skipped == 0)); then
    echo "[$label] no test ran (is the suite name right?)" >&2
    failed=1
  fi
  echo "[$label] $passed passed, $failed failed, $skipped skipped"
  total_passed=$((total_passed + passed))
  total_failed=$((total_failed + failed))
  total_skipped=$((total_skipped + skipped))
  ((failed == 0))
}

overall=0

build_failed=0
extra_test_args=()
build_and_test _build default -Dwerror=true -Db_sanitize=none || overall=1

if ((asan)); then
  if ((!build_failed)); then
    # GTK and its libraries leave memory behind at exit: leak reports are noise.
    export ASAN_OPTIONS=detect_leaks=0:abort_on_error=1
    export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
    extra_test_args=(--timeout-multiplier 3)
    build_and_test _build-asan asan -Dwerror=true -Db_sanitize=address,undefined || overall=1
  else
    echo "Skipping the sanitizer build: the normal build failed." >&2
  fi
fi

summary="$total_passed passed, $total_failed failed"
if ((total_skipped > 0)); then
  summary+=", $total_skipped skipped"
fi
echo
echo "$summary"
exit "$overall"
