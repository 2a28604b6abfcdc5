#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Causerie developers
#
# Runs a command in a throwaway desktop session of its own:
#   - a private D-Bus session bus (dbus-run-session) and a private
#     XDG_RUNTIME_DIR, so that no socket of yours is used or replaced,
#   - an unlocked throwaway GNOME Keyring on that bus, so libsecret has a
#     Secret Service (its files live in a temporary folder, never in yours),
#   - unless --no-xvfb: an Xvfb server on a free display, with DISPLAY,
#     GDK_BACKEND=x11 and GSK_RENDERER=cairo exported.  With --no-xvfb the
#     command uses the display it was given (DISPLAY or WAYLAND_DISPLAY).
# Everything it started is stopped when the command ends or on Ctrl+C, and
# the script exits with the command's status.
#
#   scripts/with-session.sh [--no-xvfb] [--] COMMAND [ARG...]
#
# Environment: CAU_XVFB_SCREEN (default 1280x1024x24) sets the Xvfb screen.

set -euo pipefail

usage() {
  sed -n '5,19s/^# \{0,1\}//p' "$0"
}

# Not yet inside our own bus: start one and run this script again inside it.
# (Any bus we were started in, such as the desktop's, is never used.)
if [[ "${CAU_WITH_SESSION_INNER:-}" != "$PPID" ]]; then
  case "${1:-}" in
    -h|--help) usage; exit 0 ;;
  esac
  if ! command -v dbus-run-session >/dev/null 2>&1; then
    echo "with-session.sh: dbus-run-session is missing (Debian package dbus-daemon)." >&2
    exit 127
  fi
  # The session's folder: made here so that the bus daemon and the services it
  # starts (dconf, AT-SPI…) get the private runtime folder too.  The inner run
  # deletes it.
  CAU_SESSION_DIR=$(mktemp -d "${TMPDIR:-/tmp}/cau-session.XXXXXX")
  export CAU_SESSION_DIR
  mkdir -m 700 "$CAU_SESSION_DIR/run"
  xvfb=1
  for arg in "$@"; do
    case "$arg" in
      --no-xvfb) xvfb=0 ;;
      -*) ;;
      *) break ;;
    esac
  done
  if ((xvfb)); then
    # Nothing in the session may reach for the display we were given.
    unset DISPLAY WAYLAND_DISPLAY XAUTHORITY
  elif [[ -n "${WAYLAND_DISPLAY:-}" && "$WAYLAND_DISPLAY" != /* && -n "${XDG_RUNTIME_DIR:-}" ]]; then
    # A relative WAYLAND_DISPLAY names a socket in the old runtime folder.
    export WAYLAND_DISPLAY="$XDG_RUNTIME_DIR/$WAYLAND_DISPLAY"
  fi
  export XDG_RUNTIME_DIR="$CAU_SESSION_DIR/run"
  # `exec` keeps our process id, which becomes the parent of the inner run:
  # that is how the inner run recognises itself.
  export CAU_WITH_SESSION_INNER=$$
  exec dbus-run-session -- bash "$0" "$@"
fi
# Only this process is "inner": a command it runs that calls with-session.sh
# again gets a session of its own.
export CAU_WITH_SESSION_INNER=
session_dir=${CAU_SESSION_DIR:?}
unset CAU_SESSION_DIR

use_xvfb=1
while (($#)); do
  case "$1" in
    --no-xvfb) use_xvfb=0; shift ;;
    --) shift; break ;;
    -h|--help) usage; exit 0 ;;
    -*) echo "with-session.sh: unknown option $1" >&2; rm -rf "$session_dir"; exit 2 ;;
    *) break ;;
  esac
done
if (($# == 0)); then
  echo "with-session.sh: no command given" >&2
  rm -rf "$session_dir"
  exit 2
fi

xvfb_pid=""
keyring_pid=""
child_pid=""

# shellcheck disable=SC2317  # called by the traps
cleanup() {
  local status=$?
  trap - EXIT INT TERM HUP
  if [[ -n "$child_pid" ]] && kill -0 "$child_pid" 2>/dev/null; then
    kill -TERM "$child_pid" 2>/dev/null || true
    wait "$child_pid" 2>/dev/null || true
  fi
  if [[ -n "$xvfb_pid" ]]; then
    # AT-SPI's services hold the display: stop them first, or they complain
    # that the X connection broke.
    stop_a11y
    kill -TERM "$xvfb_pid" 2>/dev/null || true
    wait "$xvfb_pid" 2>/dev/null || true
  fi
  # The keyring daemon forked away from us; it would also quit with the bus,
  # but stop it before its folder goes.
  if [[ -n "$keyring_pid" ]]; then
    kill -TERM "$keyring_pid" 2>/dev/null || true
    for _ in $(seq 30); do
      kill -0 "$keyring_pid" 2>/dev/null || break
      sleep 0.1
    done
  fi
  rm -rf "$session_dir"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

# The process id of whoever owns a bus name, or nothing.
bus_name_pid() {
  local reply
  reply=$(dbus-send --session --print-reply=literal --dest=org.freedesktop.DBus \
            /org/freedesktop/DBus org.freedesktop.DBus.GetConnectionUnixProcessID \
            "string:$1" 2>/dev/null) || return 0
  awk '{ print $2 }' <<<"$reply"
}

# Stops the AT-SPI bus and registry that the session bus started, if any.
# shellcheck disable=SC2317  # called by cleanup
stop_a11y() {
  local address launcher registry
  # Asking for the pid of a name does not start its service; calling it would.
  launcher=$(bus_name_pid org.a11y.Bus)
  [[ -n "$launcher" ]] || return 0
  address=$(dbus-send --session --print-reply=literal --dest=org.a11y.Bus /org/a11y/bus \
              org.a11y.Bus.GetAddress 2>/dev/null) || true
  address=$(awk '{ print $1 }' <<<"$address")
  registry=""
  if [[ -n "$address" ]]; then
    registry=$(DBUS_SESSION_BUS_ADDRESS=$address bus_name_pid org.a11y.atspi.Registry)
  fi
  local pids=("$launcher")
  [[ -n "$registry" ]] && pids+=("$registry")
  kill -TERM "${pids[@]}" 2>/dev/null || true
  for _ in $(seq 20); do
    kill -0 "${pids[@]}" 2>/dev/null || break
    sleep 0.05
  done
}

# ---- keyring ----
if ! command -v gnome-keyring-daemon >/dev/null 2>&1; then
  echo "with-session.sh: gnome-keyring-daemon is missing (Debian package gnome-keyring)." >&2
  exit 127
fi
# The daemon keeps its keyrings under XDG_DATA_HOME and its control socket
# under XDG_RUNTIME_DIR, both in our folder: a person's own keyring is never
# opened, created or replaced.
mkdir -m 700 "$session_dir/keyring"
keyring_password=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
if ! printf '%s' "$keyring_password" \
     | env XDG_DATA_HOME="$session_dir/keyring" XDG_CONFIG_HOME="$session_dir/keyring" \
           XDG_CACHE_HOME="$session_dir/keyring" \
           gnome-keyring-daemon --unlock --components=secrets >"$session_dir/keyring.env" \
           2>"$session_dir/keyring.err"; then
  echo "with-session.sh: gnome-keyring-daemon failed:" >&2
  cat "$session_dir/keyring.err" >&2
  exit 1
fi
unset keyring_password
# It prints NAME=VALUE lines (GNOME_KEYRING_CONTROL…) when it has something to
# say; export exactly those.
while IFS= read -r line; do
  if [[ "$line" =~ ^([A-Z_][A-Z0-9_]*)=(.*)$ ]]; then
    export "${BASH_REMATCH[1]}=${BASH_REMATCH[2]}"
  fi
done <"$session_dir/keyring.env"
export GNOME_KEYRING_CONTROL="${GNOME_KEYRING_CONTROL:-$XDG_RUNTIME_DIR/keyring}"
for _ in $(seq 100); do
  keyring_pid=$(bus_name_pid org.freedesktop.secrets)
  [[ -n "$keyring_pid" ]] && break
  sleep 0.05
done
if [[ -z "$keyring_pid" ]]; then
  echo "with-session.sh: the keyring did not appear on the session bus:" >&2
  cat "$session_dir/keyring.err" >&2
  exit 1
fi

# ---- Xvfb ----
if ((use_xvfb)); then
  if ! command -v Xvfb >/dev/null 2>&1; then
    echo "with-session.sh: Xvfb is missing (Debian package xvfb)." >&2
    exit 127
  fi
  # -displayfd: Xvfb picks a free display and writes its number once ready.
  Xvfb -displayfd 3 -nolisten tcp -noreset -screen 0 "${CAU_XVFB_SCREEN:-1280x1024x24}" \
    3>"$session_dir/display" </dev/null >"$session_dir/xvfb.log" 2>&1 &
  xvfb_pid=$!
  display=""
  for _ in $(seq 200); do
    display=$(head -n1 "$session_dir/display" 2>/dev/null || true)
    [[ -n "$display" ]] && break
    if ! kill -0 "$xvfb_pid" 2>/dev/null; then
      xvfb_pid=""
      echo "with-session.sh: Xvfb failed to start:" >&2
      cat "$session_dir/xvfb.log" >&2
      exit 1
    fi
    sleep 0.05
  done
  if [[ -z "$display" ]]; then
    echo "with-session.sh: Xvfb gave no display number in 10 s" >&2
    exit 1
  fi
  export DISPLAY=":$display"
  export GDK_BACKEND=x11
  export GSK_RENDERER=cairo
fi
unset NO_AT_BRIDGE

# Services that the bus starts from now on (AT-SPI, dconf…) see the same.
activation_vars=(GNOME_KEYRING_CONTROL)
for var in DISPLAY WAYLAND_DISPLAY XAUTHORITY GDK_BACKEND GSK_RENDERER; do
  [[ -n "${!var:-}" ]] && activation_vars+=("$var")
done
dbus-update-activation-environment "${activation_vars[@]}" >/dev/null 2>&1 || true

# In the background so that the traps run on Ctrl+C; `<&0` keeps our stdin
# for it (bash gives background jobs /dev/null otherwise).
"$@" <&0 &
child_pid=$!
set +e
wait "$child_pid"
status=$?
set -e
child_pid=""
exit "$status"
