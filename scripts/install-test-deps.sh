#!/usr/bin/env bash
# Installs what the test suite needs beyond the .NET SDK, on Debian 12, only when it is missing.
# PostgreSQL: the store contract and replica tests start a throwaway server from its binaries.
# Chromium: the browser tests (Playwright drives Debian's build; no browser download).
# zbar-tools: the voucher tests decode the printed QR codes; DejaVu: legible screenshots.
set -euo pipefail

missing=()
need() { # need <command-or-path> <debian-package>
  if ! command -v "$1" >/dev/null 2>&1 && [ ! -e "$1" ]; then
    missing+=("$2")
  fi
}

need /usr/lib/postgresql/15/bin/initdb postgresql
need /usr/bin/chromium chromium
need /usr/bin/zbarimg zbar-tools
need /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf fonts-dejavu-core

if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing: ${missing[*]}"
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get -o DPkg::Lock::Timeout=600 update -qq
  $sudo apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}"
fi
