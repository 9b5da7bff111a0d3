#!/usr/bin/env bash
# Proto hygiene, run by the test command:
#  - buf lint on the v1 API (protos/rollcall/v1; the 2016 file is exempt, see buf.yaml);
#  - buf breaking on protos/services.proto against the version committed when it was added,
#    so no change can ever break the original 2016 Go and Python clients.
set -euo pipefail
cd "$(dirname "$0")/.."

npm ci --prefix tools/buf --no-audit --no-fund --loglevel=error
buf=tools/buf/node_modules/.bin/buf

"$buf" lint
echo "buf lint: protos/rollcall/v1 is clean"

first=$(git log --diff-filter=A --format=%H -- protos/services.proto | tail -n 1)
if [ -z "$first" ]; then
  echo "buf breaking needs the git history of protos/services.proto (a full clone)" >&2
  exit 1
fi
reference=obj/buf-2016
rm -rf "$reference" && mkdir -p "$reference"
git show "$first:protos/services.proto" > "$reference/services.proto"
"$buf" breaking protos \
  --config '{"version":"v1","build":{"excludes":["rollcall","third_party"]},"breaking":{"use":["FILE"]}}' \
  --against "$reference" \
  --against-config '{"version":"v1","breaking":{"use":["FILE"]}}'
echo "buf breaking: protos/services.proto is wire- and source-compatible with commit ${first:0:12}"
