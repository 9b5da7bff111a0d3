#!/usr/bin/env bash
# Builds the release artifacts into artifacts/:
#   nupkg/RollCall.Cli.*.nupkg            the CLI as a .NET tool
#   server-linux-x64/, server-linux-arm64/ self-contained servers
#   cli-linux-x64/, cli-linux-arm64/      self-contained CLIs (arm64: the Raspberry Pi monitor)
# 32-bit Raspberry Pi OS: add linux-arm to the CLI loop where nuget.org serves its runtime pack
# (the package mirror this project is tested on does not).
set -euo pipefail
cd "$(dirname "$0")/.."
version="${1:-1.0.0}"
out=artifacts
rm -rf "$out"

dotnet pack src/RollCall.Cli -c Release -o "$out/nupkg" -p:PackageVersion="$version"
for rid in linux-x64 linux-arm64; do
  dotnet publish src/RollCall.Server -c Release -r "$rid" --self-contained -o "$out/server-$rid" -p:Version="$version"
done
for rid in linux-x64 linux-arm64; do
  dotnet publish src/RollCall.Cli -c Release -r "$rid" --self-contained -o "$out/cli-$rid" -p:Version="$version"
done
echo "Artifacts in $out/:"
ls "$out"
