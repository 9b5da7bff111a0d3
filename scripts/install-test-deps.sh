#!/usr/bin/env bash
# Installs what the test suite needs beyond the .NET SDK, on Debian 12, only when it is missing.
# PostgreSQL: the store contract and replica tests start a throwaway server from its binaries.
# Python gRPC: the Python example clients (interop tests). Node.js/npm: buf and the Node example.
# Chromium: the browser tests (Playwright drives Debian's build; no browser download).
# zbar-tools: the voucher tests decode the printed QR codes; DejaVu: legible screenshots.
# git: the README walk-through test runs the README in a fresh clone.
set -euo pipefail

missing=()
need() { # need <command-or-path> <debian-package>
  if ! command -v "$1" >/dev/null 2>&1 && [ ! -e "$1" ]; then
    missing+=("$2")
  fi
}

need_python_module() { # need_python_module <module> <debian-package>
  if ! /usr/bin/python3 -c "import $1" >/dev/null 2>&1; then
    missing+=("$2")
  fi
}

need /usr/lib/postgresql/15/bin/initdb postgresql
need git git
need_python_module grpc python3-grpcio
need_python_module grpc_tools python3-grpc-tools
if ! command -v npm >/dev/null 2>&1; then
  missing+=(nodejs npm)
fi
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
