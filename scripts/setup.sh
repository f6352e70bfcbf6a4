#!/usr/bin/env bash
# Sets up everything the kiosk and its tests need on a fresh Debian/Ubuntu machine, then builds.
# Safe to run again: each step is skipped when already done.
set -euo pipefail
cd "$(dirname "$0")/.."

# One set-up at a time: `npm start` and `npm test` started together would otherwise race on the
# dpkg lock, on node_modules and on dist/.
# The lock is this script, opened for reading: nothing to create, and each checkout has its own.
exec 9<"$0"
flock 9

# Electron's binary, Playwright's browsers and onnxruntime's CUDA files all download from outside
# the package registries; the kiosk uses Debian's Chromium and runs without the Electron binary.
export ELECTRON_SKIP_BINARY_DOWNLOAD=1 PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 ONNXRUNTIME_NODE_INSTALL=skip
# Native modules compile against the installed Node's own headers, so node-gyp fetches none from
# nodejs.org. (Not npm_config_build_from_source: node-hid's installer takes any value of it as
# "rebuild", and would then need libusb's headers.)
if [ -f /usr/include/node/node_api.h ]; then export npm_config_nodedir=/usr; fi

# System packages: Chromium (kiosk window and browser tests), CJK fonts (so Chinese renders),
# colour emoji (category and section icons), socat (pty pairs for the device simulators).
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
# Not `grep -q`: it stops reading at the first match, fc-list dies of SIGPIPE, and under pipefail
# the font would count as missing.
fc-list 2>/dev/null | grep -i 'Noto Sans CJK' >/dev/null || need+=(fonts-noto-cjk)
fc-list 2>/dev/null | grep -i 'Noto Color Emoji' >/dev/null || need+=(fonts-noto-color-emoji)
command -v socat >/dev/null 2>&1 || need+=(socat)
# espeak-ng and sox: Mandarin test speech for the voice tests, and the kiosk's speech on Linux.
command -v espeak-ng >/dev/null 2>&1 || need+=(espeak-ng)
command -v sox >/dev/null 2>&1 || need+=(sox)
# A compiler and Python for node-gyp: sqlite3 compiles at install.
command -v g++ >/dev/null 2>&1 && command -v make >/dev/null 2>&1 || need+=(build-essential)
command -v python3 >/dev/null 2>&1 || need+=(python3)
# Mosquitto: the fleet link's tests run their own broker on 127.0.0.1.
command -v mosquitto >/dev/null 2>&1 || need+=(mosquitto)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    echo "setup: installing ${need[*]}"
    apt-get update -qq
    # Packages that ship a service (mosquitto) would start it, listening for good on this
    # machine: the tests start their own broker, and a kiosk talks to the district's. A
    # policy-rc.d that refuses every start does for the length of the install, unless the
    # machine has one of its own.
    own_policy=0
    if [ ! -e /usr/sbin/policy-rc.d ]; then
      printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
      chmod +x /usr/sbin/policy-rc.d
      own_policy=1
      # Removed however the install ends, or every later package on the machine could not start its service.
      trap 'rm -f /usr/sbin/policy-rc.d' EXIT INT TERM
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" fontconfig >/dev/null
    if [ "$own_policy" -eq 1 ]; then
      rm -f /usr/sbin/policy-rc.d
      trap - EXIT INT TERM
    fi
    # Nor does it start at the next boot (policy-rc.d stops starts, not enabling).
    if [[ " ${need[*]} " == *" mosquitto "* ]]; then
      if command -v systemctl >/dev/null 2>&1; then systemctl disable mosquitto >/dev/null 2>&1 || true; fi
      if command -v update-rc.d >/dev/null 2>&1; then update-rc.d mosquitto disable >/dev/null 2>&1 || true; fi
    fi
  else
    echo "setup: missing system packages. Run this as root, then try again:"
    echo "  sudo apt-get update && sudo apt-get install -y ${need[*]} fontconfig"
    exit 1
  fi
fi

# npm packages: install when node_modules is missing or package-lock.json changed since.
stamp=node_modules/.linli-lock.sha
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "setup: installing npm packages (sqlite3 compiles from source; this takes a few minutes)"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$want" > "$stamp"
fi

node scripts/build.mjs
