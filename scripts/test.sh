#!/usr/bin/env bash
# The whole RollCall test suite, from a fresh Debian 12 machine with the .NET 10 SDK:
# installs what the tests need, builds with warnings as errors, checks formatting and the protos
# (buf lint, buf breaking against the 2016 contract), runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-test-deps.sh

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build RollCall.slnx -c Release
dotnet format RollCall.slnx --verify-no-changes --no-restore
bash scripts/proto-check.sh
dotnet test RollCall.slnx -c Release --no-build --logger "console;verbosity=minimal"
