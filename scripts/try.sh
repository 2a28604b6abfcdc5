#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Causerie developers
#
# The Try-it command: installs what is missing (Debian 12), builds Causerie
# in _build, starts a throwaway XMPP server (Prosody) on 127.0.0.1 with two
# accounts, alice and bob, who are each other's contacts, and opens Causerie
# signed in as alice.  Nothing touches your own keyring or Causerie data:
# each window has its own data folder and its own throwaway keyring.
# Ctrl+C (or closing every window) stops it all and deletes everything.
#
#   scripts/try.sh [--bob] [--headless]
#
#   --bob, --with-bob   also open a second window signed in as bob
#   --headless          no screen needed: run under Xvfb, wait until alice is
#                       online, save a screenshot (try-alice.png) in the
#                       current folder, and keep running until Ctrl+C

set -euo pipefail

self=$(readlink -f "$0")
src_dir=$(dirname "$(dirname "$self")")
domain=localhost

usage() {
  sed -n '5,18s/^# \{0,1\}//p' "$self"
}

# ---------------------------------------------------------------------------
# One window, run by with-session.sh inside its own D-Bus session and keyring:
#   try.sh __instance NAME
# The rest comes in CAU_TRY_* variables.
# ---------------------------------------------------------------------------
app_pid=""

# shellcheck disable=SC2317  # called by the traps
stop_app() {
  trap - EXIT INT TERM HUP
  if [[ -n "$app_pid" ]]; then
    kill -TERM "$app_pid" 2>/dev/null || true
    wait "$app_pid" 2>/dev/null || true
  fi
}

run_instance() {
  local name=$1 jid="$1@$domain" dir="$CAU_TRY_DIR/$1" app="$CAU_TRY_BUILD/src/causerie"
  local log="$CAU_TRY_DIR/$1/causerie.log" online=0 shot

  export CAUSERIE_DATA_DIR="$dir/data"
  export GSETTINGS_SCHEMA_DIR="$CAU_TRY_BUILD/data"

  trap stop_app EXIT
  trap 'exit 143' TERM INT HUP

  # The password is the first line of standard input.
  if ! "$app" --add-account="$jid" --server="127.0.0.1:$CAU_TRY_PORT" \
         --trust-certificate="$CAU_TRY_SHA256" <"$dir/password" >"$dir/add-account.log" 2>&1; then
    echo "Adding $jid to Causerie failed:" >&2
    cat "$dir/add-account.log" >&2
    exit 1
  fi
  echo "[$name] account $jid added"

  # CAUSERIE_BENCH=1 makes the app say "CAU-BENCH online …" on stderr.
  CAUSERIE_BENCH=1 "$app" 2> >(tee "$log" >&2) &
  app_pid=$!

  for _ in $(seq 600); do
    if grep -q "^CAU-BENCH online .* $jid" "$log" 2>/dev/null; then
      online=1
      break
    fi
    kill -0 "$app_pid" 2>/dev/null || break
    sleep 0.1
  done
  if ! kill -0 "$app_pid" 2>/dev/null; then
    local status=0
    wait "$app_pid" || status=$?
    app_pid=""
    echo "[$name] Causerie quit (status $status) before $jid came online." >&2
    return 1
  fi
  if ((online)); then
    echo "[$name] $jid is online."
  else
    echo "[$name] $jid is not online after 60 s; see the window (or the log above)." >&2
  fi

  if [[ "$CAU_TRY_HEADLESS" == 1 ]]; then
    # Give the window a moment to paint its new state.
    sleep 1.5
    shot="$CAU_TRY_SHOTS/try-$name.png"
    if import -window root "$shot"; then
      chown_to_invoker "$shot"
      echo "[$name] screenshot: $shot"
    else
      echo "[$name] taking the screenshot failed" >&2
    fi
  fi

  local status=0
  wait "$app_pid" || status=$?
  app_pid=""
  echo "[$name] Causerie closed."
  return "$status"
}

# Files made as root through sudo go to the person who ran sudo.
chown_to_invoker() {
  if ((EUID == 0)) && [[ -n "${SUDO_UID:-}" && "$SUDO_UID" != 0 ]]; then
    chown "$SUDO_UID:${SUDO_GID:-$SUDO_UID}" "$@" 2>/dev/null || true
  fi
}

if [[ "${1:-}" == __instance ]]; then
  run_instance "$2"
  exit
fi

# ---------------------------------------------------------------------------
# The demo
# ---------------------------------------------------------------------------
with_bob=0
headless=0
while (($#)); do
  case "$1" in
    --bob|--with-bob) with_bob=1 ;;
    --headless) headless=1 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "try.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

shots_dir=$PWD
cd "$src_dir"
# shellcheck source=scripts/common.sh
source scripts/common.sh

if ((!headless)) && [[ -z "${DISPLAY:-}" && -z "${WAYLAND_DISPLAY:-}" ]]; then
  cat >&2 <<EOF
There is no screen to show Causerie on: neither DISPLAY nor WAYLAND_DISPLAY is set.

  - On a machine without a desktop, run it headless: it runs under Xvfb and
    saves a screenshot instead:
        sudo ./scripts/try.sh --headless
  - From a terminal of your desktop through sudo, sudo may have dropped those
    variables: keep them with
        sudo --preserve-env=DISPLAY,WAYLAND_DISPLAY,XAUTHORITY,XDG_RUNTIME_DIR ./scripts/try.sh
    or, once everything is installed, run ./scripts/try.sh without sudo.
EOF
  exit 2
fi

packages=("${CAU_BUILD_PACKAGES[@]}" "${CAU_RUN_PACKAGES[@]}" "${CAU_SERVER_PACKAGES[@]}")
if ((headless)); then
  packages+=(xvfb xauth imagemagick)
fi
cau_ensure_packages "${packages[@]}"

cau_configure _build
cau_say "Building in _build"
ninja -C _build </dev/null
cau_give_back _build
build_dir="$src_dir/_build"
[[ -x "$build_dir/src/causerie" ]] || cau_die "the build made no src/causerie"

# Root through sudo on an X display: X wants the person's cookie.
if ((EUID == 0)) && [[ -n "${DISPLAY:-}" && -z "${XAUTHORITY:-}" && -n "${SUDO_USER:-}" ]]; then
  sudo_home=$(getent passwd "$SUDO_USER" | cut -d: -f6)
  if [[ -n "$sudo_home" && -r "$sudo_home/.Xauthority" ]]; then
    export XAUTHORITY="$sudo_home/.Xauthority"
  fi
fi

# ---- everything below lives in $tmp and is stopped and deleted on exit ----
tmp=$(mktemp -d "${TMPDIR:-/tmp}/causerie-try.XXXXXX")
case "$tmp" in
  # Its paths go into Lua strings in Prosody's configuration.
  *'"'* | *\\* | *$'\n'*) rmdir "$tmp"; cau_die "TMPDIR has a quote, backslash or newline: $tmp" ;;
esac
prosody_pid=""
live=()        # the process groups of the windows still open

# shellcheck disable=SC2317  # called by the traps
cleanup() {
  local status=$? pid pgid
  trap - EXIT INT TERM HUP
  echo
  echo "Stopping…"
  # Each window runs in a process group of its own (setsid): its app, its
  # D-Bus session, its keyring and its Xvfb.
  for pgid in "${live[@]}"; do
    kill -TERM -- "-$pgid" 2>/dev/null || true
  done
  for pgid in "${live[@]}"; do
    for _ in $(seq 50); do
      kill -0 -- "-$pgid" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL -- "-$pgid" 2>/dev/null || true
  done
  if [[ -n "$prosody_pid" ]]; then
    pid=$(cat "$tmp/prosody.pid" 2>/dev/null || true)
    if [[ -n "$pid" && "$pid" != "$prosody_pid" ]]; then
      echo "Prosody's pid file says $pid, ours is $prosody_pid: stopping ours only." >&2
    fi
    kill -TERM "$prosody_pid" 2>/dev/null || true
    for _ in $(seq 50); do
      kill -0 "$prosody_pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$prosody_pid" 2>/dev/null || true
    wait "$prosody_pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
  echo "Stopped; $tmp deleted."
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

# ---- Prosody ----
cau_say "Starting a throwaway Prosody in $tmp"
free_port() {
  /usr/bin/python3 -c '
import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])'
}
port=$(free_port)

mkdir -m 700 "$tmp/certs" "$tmp/data"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 7 \
  -subj "/CN=$domain" -addext "subjectAltName=DNS:$domain,IP:127.0.0.1" \
  -keyout "$tmp/certs/$domain.key" -out "$tmp/certs/$domain.crt" </dev/null >/dev/null 2>&1 \
  || cau_die "openssl could not make a certificate"
sha256=$(openssl x509 -noout -fingerprint -sha256 -in "$tmp/certs/$domain.crt")
sha256=${sha256#*=}
sha256=${sha256//:/}
sha256=${sha256,,}

run_as_root=false
((EUID == 0)) && run_as_root=true
cat >"$tmp/prosody.cfg.lua" <<EOF
-- Written by scripts/try.sh for a throwaway demo server.
run_as_root = $run_as_root
pidfile = "$tmp/prosody.pid"
data_path = "$tmp/data"
admin_socket = "$tmp/prosody.sock"
log = { info = "$tmp/prosody.log" }
interfaces = { "127.0.0.1" }
local_interfaces = { "127.0.0.1" }
c2s_ports = { $port }
c2s_direct_tls_ports = { }
legacy_ssl_ports = { }
s2s_ports = { }
s2s_direct_tls_ports = { }
component_ports = { }
http_ports = { }
https_ports = { }
certificates = "$tmp/certs"
ssl = { certificate = "$tmp/certs/$domain.crt", key = "$tmp/certs/$domain.key" }
c2s_require_encryption = true
authentication = "internal_hashed"
storage = "internal"
modules_enabled = {
  "roster", "saslauth", "tls", "disco", "carbons", "pep", "private", "bookmarks",
  "blocklist", "vcard4", "vcard_legacy", "ping", "register",
  "mam", "csi_simple", "smacks", "admin_shell",
}
modules_disabled = { "s2s", "s2s_auth_certs" }
allow_registration = true
c2s_close_timeout = 1

VirtualHost "$domain"
  ssl = { certificate = "$tmp/certs/$domain.crt", key = "$tmp/certs/$domain.key" }

-- Rooms (XEP-0045), with their archives.
Component "conference.$domain" "muc"
  modules_enabled = { "muc_mam", "muc_moderation", "vcard_muc" }
EOF

prosody --config "$tmp/prosody.cfg.lua" -F </dev/null >"$tmp/prosody.out" 2>&1 &
prosody_pid=$!

# Ready when the c2s port answers a stream header with stream features.
server_answers() {
  /usr/bin/python3 - "$port" "$domain" <<'EOF'
import socket, sys
port, domain = int(sys.argv[1]), sys.argv[2]
header = ("<?xml version='1.0'?><stream:stream to='%s' xmlns='jabber:client' "
          "xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>" % domain)
try:
    with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
        s.sendall(header.encode())
        got = b""
        while b"</stream:features>" not in got:
            data = s.recv(4096)
            if not data:
                sys.exit(1)
            got += data
except OSError:
    sys.exit(1)
EOF
}
ready=0
for _ in $(seq 100); do
  if ! kill -0 "$prosody_pid" 2>/dev/null; then
    cat "$tmp/prosody.out" "$tmp/prosody.log" >&2 2>/dev/null || true
    prosody_pid=""
    cau_die "Prosody quit during start-up"
  fi
  if server_answers; then
    ready=1
    break
  fi
  sleep 0.1
done
((ready)) || { tail -n 30 "$tmp/prosody.log" >&2 || true; cau_die "Prosody is not answering on 127.0.0.1:$port"; }

prosodyctl_() {
  prosodyctl --config "$tmp/prosody.cfg.lua" "$@" </dev/null
}

users=(alice)
((with_bob)) && users+=(bob)
declare -A passwords
for user in alice bob; do
  passwords[$user]="$user-$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')"
  prosodyctl_ register "$user" "$domain" "${passwords[$user]}" >"$tmp/register.log" 2>&1 \
    || { cat "$tmp/register.log" >&2; cau_die "could not register $user@$domain"; }
done

# Mutual contacts, through the running server (as the test fixture does: the
# server caches rosters, so their files must not be written under it).
lua="local rm = require \"core.rostermanager\"; local um = require \"core.usermanager\"; \
local host = \"$domain\"; \
local function link (u, c) \
  assert (um.user_exists (u, host), \"no such user: \" .. u); \
  local r = assert (rm.load_roster (u, host)); \
  local jid = c .. \"@\" .. host; \
  local old = r[jid]; \
  r[jid] = { subscription = \"both\", groups = old and old.groups or {}, name = old and old.name }; \
  assert (rm.save_roster (u, host, r, jid), \"could not save roster of \" .. u); \
  rm.roster_push (u, host, jid); \
end; \
link (\"alice\", \"bob\"); link (\"bob\", \"alice\"); return \"contacts-made\""
if ! prosodyctl_ shell "> $lua" >"$tmp/contacts.log" 2>&1 \
   || ! grep -q contacts-made "$tmp/contacts.log"; then
  cat "$tmp/contacts.log" >&2
  cau_die "could not make alice and bob contacts"
fi

cat <<EOF

  A throwaway XMPP server runs on 127.0.0.1:$port for the domain "$domain".
  Its certificate (SHA-256): $sha256

    alice@$domain   password ${passwords[alice]}
    bob@$domain     password ${passwords[bob]}

  They are each other's contacts.  To try "Create Account" or "Sign In" by
  hand, use the server 127.0.0.1:$port and trust the certificate above.
EOF

# ---- the windows ----
quiet() {
  grep --line-buffered -v -E \
    '^(dbus-daemon\[[0-9]+\]|SpiRegistry daemon is running|Failed to launch bus: Bus exited)' \
    || true
}
export CAU_TRY_DIR="$tmp" CAU_TRY_BUILD="$build_dir" CAU_TRY_PORT="$port"
export CAU_TRY_SHA256="$sha256" CAU_TRY_HEADLESS="$headless" CAU_TRY_SHOTS="$shots_dir"
session_args=()
((headless)) || session_args+=(--no-xvfb)
for user in "${users[@]}"; do
  dir="$tmp/$user"
  mkdir -m 700 "$dir" "$dir/data" "$dir/config" "$dir/cache" "$dir/share"
  printf '%s\n' "${passwords[$user]}" >"$dir/password"
  cau_say "Opening Causerie as $user@$domain"
  # Its own settings, cache and files too: the D-Bus services of its session
  # (dconf) inherit these, so nothing is written to your own.
  # (The session bus's chatter about the services it starts is left out.)
  {
    XDG_CONFIG_HOME="$dir/config" XDG_CACHE_HOME="$dir/cache" XDG_DATA_HOME="$dir/share" \
      setsid bash "$src_dir/scripts/with-session.sh" "${session_args[@]}" -- \
      bash "$self" __instance "$user" </dev/null &
    live+=("$!")
  } > >(quiet) 2> >(quiet >&2)
done

if ((headless)); then
  echo "Running headless. Press Ctrl+C to stop everything."
else
  echo "Close the window(s) or press Ctrl+C to stop everything."
fi

# Until every window is closed; a window that fails stops the demo.
status=0
while ((${#live[@]} > 0)); do
  ended=""
  set +e
  wait -n -p ended "${live[@]}"
  rc=$?
  set -e
  [[ -n "$ended" ]] || break
  still=()
  for pid in "${live[@]}"; do
    [[ "$pid" == "$ended" ]] || still+=("$pid")
  done
  live=("${still[@]}")
  if ((rc != 0)); then
    echo "A Causerie window ended with status $rc: stopping." >&2
    status=1
    break
  fi
done
exit "$status"
