# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Causerie developers
#
# Helpers shared by scripts/test.sh and scripts/try.sh; sourced, not run.
# shellcheck shell=bash
# The package lists are used by the scripts that source this file.
# shellcheck disable=SC2034

# Debian packages that building Causerie needs.
CAU_BUILD_PACKAGES=(
  meson ninja-build pkg-config gcc
  libglib2.0-dev libglib2.0-dev-bin libgtk-4-dev libgtk-4-bin libadwaita-1-dev librsvg2-bin
  libstrophe-dev libsqlite3-dev libsecret-1-dev libomemo-c-dev libgcrypt20-dev
  libqrencode-dev
  gettext desktop-file-utils appstream libxml2-utils
)
# What running it needs besides the libraries those pull in: a D-Bus session
# bus to start a private one, a Secret Service, and icons that GTK can load.
CAU_RUN_PACKAGES=(
  dbus gnome-keyring librsvg2-common
)
# A throwaway XMPP server on loopback (tests and the demo); prosody-modules
# brings the room service's message moderation (XEP-0425) and room avatars
# (mod_vcard_muc), which Prosody 0.12 itself lacks.
CAU_SERVER_PACKAGES=(
  prosody prosody-modules lua-sec openssl lua-dbi-sqlite3
)
# The OMEMO peer of the interop tests (tests/interop/omemo-peer.py): an
# implementation nobody here wrote. The XML helpers of python3-oldmemo and
# python3-twomemo need python3-xmlschema, which neither package depends on.
CAU_INTEROP_PACKAGES=(
  python3-slixmpp python3-omemo python3-oldmemo python3-twomemo python3-xmlschema
)

cau_say() {
  printf '\n==> %s\n' "$*"
}

cau_die() {
  printf '%s: %s\n' "${0##*/}" "$*" >&2
  exit 1
}

# Runs a command as root: directly when we are root, else through sudo.
cau_as_root() {
  if ((EUID == 0)); then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    cau_die "root is needed for: $*  (run this script as root, or install sudo)"
  fi
}

# Installs those of the given Debian packages that are not installed yet;
# does nothing (and asks for nothing) when all of them are.
cau_ensure_packages() {
  local missing=() p
  if ! command -v dpkg-query >/dev/null 2>&1; then
    echo "No dpkg here: not installing anything. Make sure these are available: $*" >&2
    return 0
  fi
  for p in "$@"; do
    if [[ "$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null)" != installed ]]; then
      missing+=("$p")
    fi
  done
  if ((${#missing[@]} == 0)); then
    return 0
  fi
  cau_say "Installing ${missing[*]}"
  cau_as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q </dev/null \
    || cau_die "apt-get update failed"
  cau_as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
    --no-install-recommends "${missing[@]}" </dev/null \
    || cau_die "could not install ${missing[*]}"
}

# Whether the meson build directory $1 has the options given as -Dname=value.
cau_build_options_match() {
  local dir=$1
  shift
  meson introspect "$dir" --buildoptions 2>/dev/null | /usr/bin/python3 -c '
import json, sys
have = {o["name"]: o["value"] for o in json.load(sys.stdin)}
for arg in sys.argv[1:]:
    name, _, want = arg[2:].partition("=")
    value = have.get(name)
    if isinstance(value, bool):
        value = "true" if value else "false"
    elif isinstance(value, list):
        value = ",".join(value)
    if str(value) != want:
        sys.exit(1)
' "$@"
}

# Makes $1 a meson build directory of this source tree with the options
# given (-Dname=value only): sets it up when it is new, reconfigures it when
# an option differs, and wipes it when reconfiguring fails.
cau_configure() {
  local dir=$1
  shift
  if [[ -f "$dir/meson-private/coredata.dat" ]]; then
    if cau_build_options_match "$dir" "$@"; then
      return 0
    fi
    cau_say "Reconfiguring $dir with $*"
    meson setup --reconfigure "$dir" "$@" </dev/null && return 0
    cau_say "Reconfiguring failed: wiping $dir"
    meson setup --wipe "$dir" "$@" </dev/null
  else
    if [[ -d "$dir" && -n "$(ls -A "$dir")" ]]; then
      echo "${0##*/}: $dir exists but is not a meson build directory: move it away first" >&2
      return 1
    fi
    cau_say "Configuring $dir${*:+ with $*}"
    meson setup "$dir" "$@" </dev/null
  fi
}

# Run as root through sudo in someone's checkout, hands the build directories
# back to that person, so that a later `ninja -C _build` works without sudo.
cau_give_back() {
  local owner dir
  if ((EUID != 0)) || [[ -z "${SUDO_UID:-}" || "${SUDO_UID}" == 0 ]]; then
    return 0
  fi
  owner=$(stat -c %u . 2>/dev/null || echo 0)
  [[ "$owner" == "$SUDO_UID" ]] || return 0
  for dir in "$@"; do
    if [[ -e "$dir" ]]; then
      chown -R "$SUDO_UID:${SUDO_GID:-$SUDO_UID}" "$dir" 2>/dev/null || true
    fi
  done
}
