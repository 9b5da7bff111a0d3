#!/usr/bin/env bash
# Server CPU per 2016 GetCode, for comparing two builds one after the other: starts the server DLL
# given (pinned to CPU 0, fresh data folder), warms it with 120,000 calls, then measures N more
# with h2load on CPU 1 and prints the rate and the server's CPU time per call. Bounded by h2load's
# count; nothing is recorded. With COUNTERS naming a dotnet-counters binary (`dotnet tool install
# --tool-path /tmp/dtools dotnet-counters`), also the bytes the server allocated per call
# (dotnet.gc.heap.total_allocated over a window around the measured calls, which otherwise idle);
# the tracing session costs CPU, so take the CPU figure from a run without COUNTERS.
#
#   bash bench/getcode-cpu.sh src/RollCall.Server/bin/Release/net10.0/RollCall.Server.dll [N]
#   COUNTERS=/tmp/dtools/dotnet-counters bash bench/getcode-cpu.sh DLL 60000
set -euo pipefail
dll=$1; n=${2:-100000}
work=$(mktemp -d /tmp/rollcall-getcode-XXXXXX)
pid=
trap '[ -z "$pid" ] || kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
web=$(free_port); grpc=$(free_port)
taskset -c 0 dotnet "$dll" --data-dir "$work/data" --web-url "http://127.0.0.1:$web" --grpc-url "http://127.0.0.1:$grpc" \
  --failures-per-address 1000000 --Logging:LogLevel:Default=Warning >"$work/server.log" 2>&1 &
pid=$!
for _ in $(seq 1 300); do curl -fs "http://127.0.0.1:$web/readyz" >/dev/null 2>&1 && break; sleep 0.2; done
printf '\0\0\0\0\0' >"$work/empty.grpc"
load() {
  timeout 300 taskset -c 1 h2load -c 8 -m 32 -t 1 -n "$1" -d "$work/empty.grpc" -H 'content-type: application/grpc' -H 'te: trailers' \
    -H "authorization: Bearer $(cat "$work/data/admin-token")" "http://127.0.0.1:$grpc/services.RegisterService/GetCode"
}
load 60000 >/dev/null; load 60000 >/dev/null
counters=
if [ -n "${COUNTERS:-}" ]; then
  # Stops by itself; long enough for N calls at 4,000/s.
  "$COUNTERS" collect -p "$pid" --counters System.Runtime --refresh-interval 1 --format csv -o "$work/counters.csv" \
    --duration "00:00:00:$(( n / 4000 + 6 ))" >/dev/null 2>&1 &
  counters=$!
  sleep 2
fi
before=$(awk '{ print $14 + $15 }' "/proc/$pid/stat")
rate=$(load "$n" | sed -n 's/^finished in .*s, \([0-9.]*\) req\/s.*/\1/p')
after=$(awk '{ print $14 + $15 }' "/proc/$pid/stat")
allocated=
if [ -n "$counters" ]; then
  wait "$counters" || true
  allocated=$(python3 -c "
import csv, sys
rows = [r for r in csv.reader(open('$work/counters.csv')) if len(r) > 4 and 'total_allocated' in r[2]]
print(f', {sum(float(r[4]) for r in rows) / $n:,.0f} B allocated per call')")
fi
python3 -c "print(f'{float(\"$rate\"):,.0f} calls/s, {($after - $before) / $(getconf CLK_TCK) / $n * 1e6:.1f} µs server CPU per call$allocated, load {open(\"/proc/loadavg\").read().split()[0]}')"
