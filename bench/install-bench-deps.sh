#!/usr/bin/env bash
# What bench/run.sh needs beyond the .NET SDK, on Debian 12: h2load (nghttp2-client), nghttpd
# (nghttp2-server, the HTTP/2 ceiling), python3 (summaries) and taskset (util-linux). Installs
# only what is missing. Not part of the test dependencies: CI does not run benchmarks.
set -euo pipefail
missing=()
command -v h2load >/dev/null || missing+=(nghttp2-client)
command -v nghttpd >/dev/null || missing+=(nghttp2-server)
command -v python3 >/dev/null || missing+=(python3)
command -v taskset >/dev/null || missing+=(util-linux)
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
