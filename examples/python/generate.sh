#!/usr/bin/env bash
# Generates the Python stubs from the repository's protos with Debian's python3-grpc-tools.
# Usage: generate.sh [OUTPUT_DIR]   (default: ./gen, which is git-ignored)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
protos="$here/../../protos"
out="${1:-$here/gen}"
mkdir -p "$out"
/usr/bin/python3 -m grpc_tools.protoc \
  -I "$protos/third_party" -I "$protos" \
  --python_out="$out" --grpc_python_out="$out" \
  "$protos/services.proto" \
  "$protos/rollcall/v1/attendant.proto" \
  "$protos/rollcall/v1/events.proto" \
  "$protos/rollcall/v1/registration.proto" \
  "$protos/rollcall/v1/admin.proto" \
  "$protos/third_party/google/api/annotations.proto" \
  "$protos/third_party/google/api/http.proto"
echo "$out"
