#!/usr/bin/env bash
# The warm start of one server build under several runtime settings, in alternating rounds (this
# machine's rates move by 15-20% between consecutive runs, so only alternated runs compare): for
# each round and each setting, a fresh server pinned to CPU 0 on a fresh data folder, /healthz
# polled every 20 ms from the spawn, then 2016 GetStatus from h2load on CPU 1 (`-c 8 -m 32 -t 1`,
# as bench/run.sh) for 5 s from its first 200, 30 s unrecorded, 5 s more. One line per run: the
# rates, their ratio (target >= 70%) and the server's CPU per call in each window. Each h2load is
# bounded by its duration and a timeout; nothing is recorded. With COUNTERS naming a dotnet-counters
# binary (`dotnet tool install --tool-path /tmp/dtools dotnet-counters`), also the JIT's compilation
# time and methods compiled in each window (System.Runtime's dotnet.jit.* at 1 s resolution; the
# session costs a little CPU, so compare rates from runs without it).
#
#   bash bench/warm-start.sh SERVER [SETTING...]
#   ROUNDS=4 bash bench/warm-start.sh artifacts/publish/server-linux-x64/RollCall.Server \
#     'DOTNET_TC_DelaySingleProcMultiplier=1' 'DOTNET_TC_DelaySingleProcMultiplier=1 DOTNET_TieredPGO=0'
#
# SERVER is a published binary or a built RollCall.Server.dll; a SETTING is a list of VAR=value
# for the server's environment ('' for none; without any, one run of the runtime's defaults).
set -euo pipefail
server=$1; shift
settings=("$@"); [ "${#settings[@]}" -gt 0 ] || settings=('')
rounds=${ROUNDS:-3}; window=${WINDOW:-5}; load_seconds=${LOAD:-30}
if [[ $server == *.dll ]]; then cmd=(dotnet "$server"); else cmd=("$server"); fi
work=$(mktemp -d /tmp/rollcall-warm-XXXXXX)
pid=
trap '[ -z "$pid" ] || kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
trap 'exit 130' INT TERM
printf '\0\0\0\0\0' >"$work/empty.grpc"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
ticks() { awk '{ print $14 + $15 }' "/proc/$pid/stat"; }
# h2load for $1 seconds against $url; prints "rate done".
load() {
  timeout $(($1 + 60)) taskset -c 1 h2load -c 8 -m 32 -t 1 -D "$1" -d "$work/empty.grpc" -H 'content-type: application/grpc' -H 'te: trailers' "$url" 2>&1 |
    python3 -c "
import re, sys
out = sys.stdin.read()
rate = re.search(r'finished in [\d.]+m?s, ([\d.]+) req/s', out)
done = re.search(r'requests: \d+ total, \d+ started, (\d+) done', out)
print(rate.group(1) if rate else 0, done.group(1) if done else 0)"
}
window_run() {
  local before after rate done start
  start=$(date +%s.%N); before=$(ticks); read -r rate done < <(load "$window"); after=$(ticks)
  echo "$rate $(python3 -c "print(round(($after - $before) / $(getconf CLK_TCK) * 1e6 / max(1, $done), 1))") $start $(date +%s.%N)"
}
# JIT seconds and methods between two epoch times, from the counters' CSV (a row at T covers T-1..T).
jit_in() {
  python3 -c "
import csv, sys, time
start, end = float(sys.argv[2]), float(sys.argv[3])
seconds = methods = 0.0
for row in csv.reader(open(sys.argv[1])):
    if len(row) < 5 or not row[2].startswith('dotnet.jit.'): continue
    t = time.mktime(time.strptime(row[0], '%m/%d/%Y %H:%M:%S'))
    if start < t <= end + 0.5:
        if row[2].startswith('dotnet.jit.compilation.time'): seconds += float(row[4])
        elif row[2].startswith('dotnet.jit.compiled_methods'): methods += float(row[4])
print(f'{seconds:.2f} s, {methods:,.0f}')" "$work/counters.csv" "$1" "$2"
}
echo "round | setting | /healthz after spawn, s | first ${window} s, calls/s | after ${load_seconds} s, calls/s | first / after | server CPU µs/call, first / after | load${COUNTERS:+ | JIT time and methods, first / after}"
for round in $(seq 1 "$rounds"); do
  for setting in "${settings[@]}"; do
    web=$(free_port); grpc=$(free_port); rm -rf "$work/data"
    spawned=$(date +%s.%N)
    # shellcheck disable=SC2086 # a setting is a list of VAR=value words
    env $setting taskset -c 0 "${cmd[@]}" --data-dir "$work/data" --web-url "http://127.0.0.1:$web" --grpc-url "http://127.0.0.1:$grpc" \
      --Logging:LogLevel:Default=Warning >"$work/server.log" 2>&1 &
    pid=$!
    counters=
    if [ -n "${COUNTERS:-}" ]; then
      rm -f "$work/counters.csv"
      for _ in $(seq 1 500); do compgen -G "/tmp/dotnet-diagnostic-$pid-*" >/dev/null && break; sleep 0.01; done
      "$COUNTERS" collect -p "$pid" --counters System.Runtime --refresh-interval 1 --format csv -o "$work/counters.csv" \
        --duration "00:00:00:$((2 * window + load_seconds + 8))" >/dev/null 2>&1 &
      counters=$!
    fi
    for _ in $(seq 1 3000); do curl -fs -o /dev/null --max-time 1 "http://127.0.0.1:$web/healthz" && break; sleep 0.02; done
    healthy=$(date +%s.%N)
    curl -fs -o /dev/null "http://127.0.0.1:$web/healthz" || { cat "$work/server.log"; exit 1; }
    url="http://127.0.0.1:$grpc/services.RegisterService/GetStatus"
    read -r first first_us first_start first_end < <(window_run)
    load "$load_seconds" >/dev/null
    read -r warm warm_us warm_start warm_end < <(window_run)
    jit=
    if [ -n "$counters" ]; then
      wait "$counters" || true
      jit=" | $(jit_in "$first_start" "$first_end") / $(jit_in "$warm_start" "$warm_end")"
    fi
    kill "$pid"; wait "$pid" 2>/dev/null || true; pid=
    python3 -c "
first, warm = float('$first'), float('$warm')
print(f\"$round | ${setting:-runtime defaults} | {$healthy - $spawned:.2f} | {first:,.0f} | {warm:,.0f} | {100 * first / max(1, warm):.1f}% | $first_us / $warm_us | $(cut -d' ' -f1 /proc/loadavg)$jit\")"
  done
done
