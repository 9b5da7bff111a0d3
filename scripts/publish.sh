#!/usr/bin/env bash
# The shipped builds, into OUT (default artifacts/publish):
#   server-RID/RollCall.Server   self-contained, ReadyToRun composite: the server and the framework
#                                precompiled as one image (inlining across assemblies), so its first
#                                seconds run near the warm speed (docs/BENCHMARKS.md, "Startup")
#   cli-RID/rollcall             Native AOT: one file, no .NET needed, about 15 ms to start and
#                                15 MB resident (the Raspberry Pi monitor is cli-linux-arm64)
# for RID in linux-x64 linux-arm64 (RIDS="linux-x64" for one). Native AOT links with clang and
# lld; linux-arm64 is cross-compiled against Debian's arm64 libc (libc6-dev-arm64-cross). As root
# on Debian the script installs what is missing. 32-bit Raspberry Pi OS (linux-arm) has no Native
# AOT; publish it as in the README with the plain self-contained command.
#
#   bash scripts/publish.sh                      # both RIDs into artifacts/publish
#   RIDS=linux-x64 bash scripts/publish.sh out   # one RID into out/
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-artifacts/publish}
rids=${RIDS:-linux-x64 linux-arm64}
version=${VERSION:-}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# The native toolchain Native AOT links with, per RID.
missing=()
command -v clang >/dev/null || missing+=(clang)
command -v ld.lld >/dev/null || missing+=(lld)
if [[ " $rids " == *" linux-arm64 "* && "$(uname -m)" != aarch64 ]]; then
  [ -e /usr/aarch64-linux-gnu/lib/libc.so ] || missing+=(libc6-dev-arm64-cross)
  command -v aarch64-linux-gnu-gcc >/dev/null || missing+=(gcc-aarch64-linux-gnu)
  command -v aarch64-linux-gnu-objcopy >/dev/null || missing+=(binutils-aarch64-linux-gnu)
fi
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "publish.sh needs: ${missing[*]} (apt-get install them)" >&2
    exit 1
  fi
fi

common=(-c Release --nologo -v quiet ${version:+-p:Version="$version"})
for rid in $rids; do
  # Composite rather than per-assembly ReadyToRun: about twice the rate in the first 5 s, for
  # 30 MB more and a longer publish (docs/BENCHMARKS.md, "Startup").
  dotnet publish src/RollCall.Server "${common[@]}" -r "$rid" --self-contained \
    -p:PublishReadyToRun=true -p:PublishReadyToRunComposite=true -o "$out/server-$rid"
  aot=(-p:PublishAot=true -p:CppCompilerAndLinker=clang -p:LinkerFlavor=lld)
  if [ "$rid" = linux-arm64 ] && [ "$(uname -m)" != aarch64 ]; then
    # Cross: clang finds Debian's aarch64 gcc-cross and libc by itself; objcopy strips the symbols into rollcall.dbg.
    aot+=(-p:ObjCopyName=aarch64-linux-gnu-objcopy)
  fi
  dotnet publish src/RollCall.Cli "${common[@]}" -r "$rid" "${aot[@]}" -o "$out/cli-$rid"
  # The symbols (rollcall.dbg), PDBs and XML docs stay behind: the Pi gets one file.
  rm -f "$out/cli-$rid"/*.dbg "$out/cli-$rid"/*.pdb "$out/cli-$rid"/*.xml
done
for rid in $rids; do
  echo "$out/server-$rid/RollCall.Server ($(du -sh "$out/server-$rid" | cut -f1)), $out/cli-$rid/rollcall ($(du -h "$out/cli-$rid/rollcall" | cut -f1))"
done
