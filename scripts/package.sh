#!/usr/bin/env bash
# Builds the release artifacts into artifacts/:
#   nupkg/RollCall.Cli.*.nupkg            the CLI as a .NET tool
#   server-linux-x64/, server-linux-arm64/ self-contained ReadyToRun servers  } scripts/publish.sh,
#   cli-linux-x64/, cli-linux-arm64/      Native AOT CLIs (arm64: the Pi monitor) } the shipped builds
# 32-bit Raspberry Pi OS (no Native AOT there): `dotnet publish src/RollCall.Cli -c Release -r
# linux-arm --self-contained` where nuget.org serves its runtime pack (the package mirror this
# project is tested on does not).
set -euo pipefail
cd "$(dirname "$0")/.."
version="${1:-1.0.0}"
out=artifacts
rm -rf "$out"

dotnet pack src/RollCall.Cli -c Release -o "$out/nupkg" -p:PackageVersion="$version"
VERSION="$version" bash scripts/publish.sh "$out"
echo "Artifacts in $out/:"
ls "$out"
