#!/usr/bin/env bash
# RollCall's throughput benchmark, everything on loopback: builds Release, starts the server on a
# fresh data folder, seeds 0 / 10,000 / 100,000 attendees and drives every scenario with h2load
# (pre-encoded gRPC frames) or bench/RollCall.LoadClient (distinct codes, streams, mixed load),
# then measures the bracket in the same run: a bare ASP.NET Core gRPC method and nghttpd serving
# static files (the machine's HTTP/2 ceiling). Also: 10,000 live pages (GET /events), the 2016 form's
# durable writes, the Pi monitor's memory, and on a second, freshly started server its first seconds
# (warm start) and the CLI's cold start. Writes the "Server throughput" section of
# docs/BENCHMARKS.md, leaving the other sections alone. Every run is bounded in time.
#
#   bash bench/run.sh                      # defaults below
#   DURATION=5 QUICK=1 bash bench/run.sh   # a shorter run (no 10,000-watcher, 10,000-page or 100,000 phase)
#   CLI_BIN=out/rollcall MONITOR_BIN=out/rollcall bash bench/run.sh   # also time a published CLI
#   ONLY=startup LABEL="ReadyToRun" bash bench/run.sh   # only the fresh server's first seconds, the CLI's
#                                          # cold start and the monitor's memory, as one row of the
#                                          # "Startup" table (bench/startup_report.py)
#   ONLY=events bash bench/run.sh           # only "1,000 events of 100 attendees": one event's v1 GetStatus
#                                          # and page on a server of one event, then of 1,000 (its own
#                                          # section, bench/events_report.py)
#   PUBLISH=0 SERVER_BIN= bash bench/run.sh   # the server as `dotnet RollCall.Server.dll` (the built one)
#   SERVER_ENV="DOTNET_TieredPGO=0" ...    # runtime settings for the server processes only; by
#                                          # default the DOTNET_ settings of deploy/rollcall-server.service
#                                          # (what ships); SERVER_ENV= for none
#
# By default the run publishes the shipped builds for linux-x64 first (scripts/publish.sh: the
# server ReadyToRun, the CLI Native AOT) and measures them: the server is SERVER_BIN, and CLI_BIN
# and MONITOR_BIN are the AOT CLI, beside the built CLI's rows.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-10}          # seconds per h2load scenario, after WARMUP
WARMUP=${WARMUP:-2}
SETTLE=${SETTLE:-5}               # seconds per warm-up round of a freshly started server (3 rounds)
H2_ARGS=${H2_ARGS:--c 8 -m 32 -t 1}   # h2load settings shared by every gRPC and ceiling scenario
H1_ARGS=${H1_ARGS:--c 32 -m 1 -t 1}   # the page over HTTP/1.1
SERVER_CPUS=${SERVER_CPUS-0}      # taskset CPU lists; SERVER_CPUS= CLIENT_CPUS= for no pinning
CLIENT_CPUS=${CLIENT_CPUS-1}
REGISTRATIONS=${REGISTRATIONS:-200000}
FORM_REGISTRATIONS=${FORM_REGISTRATIONS:-$REGISTRATIONS}   # through the 2016 form, POST /register
GETCODES=${GETCODES:-200000}
SSE_PAGES=${SSE_PAGES:-10000}     # live pages, one HTTP/1.1 connection each
SSE_REGISTRATIONS=${SSE_REGISTRATIONS:-100}
WARM_START_WINDOW=${WARM_START_WINDOW:-5}   # seconds measured right after /healthz first answers 200, and again...
WARM_START_LOAD=${WARM_START_LOAD:-30}      # ...after this many more seconds of load
CLI_RUNS=${CLI_RUNS:-9}           # cold starts per CLI command; the median is reported
CLI_BIN=${CLI_BIN:-}              # a published rollcall (Native AOT, self-contained) to time beside the built one
MONITOR_BIN=${MONITOR_BIN:-}      # a published rollcall whose monitor's memory to read beside the built one
MONITOR_SECONDS=${MONITOR_SECONDS:-10}   # how long the monitor runs after its first count (a round at --scroll-speed 0.01)
QUICK=${QUICK:-0}
ONLY=${ONLY:-}                    # "startup": only the warm start, CLI and monitor rows; "events": only the events rows
EVENTS=${EVENTS:-1000}            # ONLY=events: the events of the second phase, with...
EVENT_ATTENDEES=${EVENT_ATTENDEES:-100}   # ...this many attendees each
EVENT_ROUNDS=${EVENT_ROUNDS:-3}   # ONLY=events: measurements of each read per phase
LABEL=${LABEL:-}                  # names the build and setting in the startup table (ONLY=startup)
PUBLISH=${PUBLISH:-1}             # 1: scripts/publish.sh for linux-x64, and measure what it ships
PUBLISHED=${PUBLISHED:-artifacts/publish}
# VAR=VALUE ... for the server processes only; default: the DOTNET_ settings the systemd unit ships
SERVER_ENV=${SERVER_ENV-$(sed -n 's/^Environment=\(DOTNET_[A-Za-z0-9_]*=[^ ]*\)$/\1/p' deploy/rollcall-server.service | tr '\n' ' ' | sed 's/ $//')}
OUT=${OUT:-docs/BENCHMARKS.md}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

bash bench/install-bench-deps.sh
# Everything the run starts, built here: a stale or missing Release build would be measured otherwise.
# BUILD=0 skips this, for runs one after another on the same build.
[ "${BUILD:-1}" = 0 ] || for project in src/RollCall.Server src/RollCall.Cli bench/RollCall.LoadClient bench/RollCall.BareGrpc; do
  dotnet build "$project" -c Release --nologo -v quiet >/dev/null
done
SERVER=src/RollCall.Server/bin/Release/net10.0/RollCall.Server.dll
if [ "$PUBLISH" = 1 ]; then
  RIDS=linux-x64 bash scripts/publish.sh "$PUBLISHED" >&2
  SERVER_BIN=${SERVER_BIN-$PUBLISHED/server-linux-x64/RollCall.Server}
  CLI_BIN=${CLI_BIN:-$PUBLISHED/cli-linux-x64/rollcall}
  MONITOR_BIN=${MONITOR_BIN:-$PUBLISHED/cli-linux-x64/rollcall}
fi
SERVER_BIN=${SERVER_BIN:-}
# The server as started by both servers of the run: the published binary, or the built assembly.
if [ -n "$SERVER_BIN" ]; then server_cmd=(env $SERVER_ENV "$SERVER_BIN"); else server_cmd=(env $SERVER_ENV dotnet "$SERVER"); fi
LOAD=bench/RollCall.LoadClient/bin/Release/net10.0/RollCall.LoadClient.dll
BARE=bench/RollCall.BareGrpc/bin/Release/net10.0/RollCall.BareGrpc.dll
CLI=(dotnet src/RollCall.Cli/bin/Release/net10.0/rollcall.dll)
# The same server settings for both servers the run starts. All load comes from 127.0.0.1, hence
# the raised per-address caps; Kestrel's connection cap (10,000 per endpoint by default) would leave
# no room beside 10,000 live pages.
server_flags=(--max-watchers-per-address 20000 --failures-per-address 1000000
  --RollCall:Limits:MaxConcurrentConnections=20000 --RollCall:Limits:MaxConnectionsPerAddress=20000
  --Logging:LogLevel:Default=Warning)

# Open files: every live page is a socket in the server and one in the load client (both inherit this).
need_files=$((SSE_PAGES + 2000))
if [ "$(ulimit -n)" -lt "$need_files" ]; then
  ulimit -n "$need_files" 2>/dev/null || ulimit -n "$(ulimit -Hn)"
  [ "$(ulimit -n)" -ge "$need_files" ] || echo "ulimit -n is $(ulimit -n), below the $need_files that $SSE_PAGES pages need: that scenario will fail" >&2
fi
# Prefixes that pin a command to the server's or the client's CPUs (taskset execs, so $! stays the server).
server_pin=(); client_pin=()
[ -z "$SERVER_CPUS" ] || server_pin=(taskset -c "$SERVER_CPUS")
[ -z "$CLIENT_CPUS" ] || client_pin=(taskset -c "$CLIENT_CPUS")
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
hwm_mb() { awk '/VmHWM/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status"; }
rss_mb() { awk '/VmRSS/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status"; }

work=$(mktemp -d /tmp/rollcall-perf-XXXXXX)
results="$work/results.jsonl"
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
trap 'exit 130' INT TERM   # so Ctrl+C or a kill still runs the cleanup (each foreground step is bounded by timeout)
printf '\0\0\0\0\0' >"$work/empty.grpc"   # the 5-byte gRPC frame of every empty request
# Starts a server, pinned, on a fresh data folder $work/NAME (log $work/NAME.log); sets data,
# web_port, grpc_port, target_pid and spawned (when). start_ready also waits until /readyz answers.
start_server() {
  data="$work/$1"; mkdir -p "$data"
  web_port=$(free_port); grpc_port=$(free_port)
  spawned=$(date +%s.%N)
  "${server_pin[@]}" "${server_cmd[@]}" --data-dir "$data" --web-url "http://127.0.0.1:$web_port" --grpc-url "http://127.0.0.1:$grpc_port" \
    "${server_flags[@]}" >"$work/$1.log" 2>&1 &
  target_pid=$!; pids+=("$target_pid")
}
start_ready() {
  start_server "$1"
  for _ in $(seq 1 300); do curl -fs "http://127.0.0.1:$web_port/readyz" >/dev/null 2>&1 && break; sleep 0.2; done
  curl -fs "http://127.0.0.1:$web_port/readyz" >/dev/null || { cat "$work/$1.log"; exit 1; }
}
# A shared machine: wait (up to MAX_WAIT seconds, polling every minute) for the 1-minute load
# average to fall below MAX_LOAD; the report states the load either way.
MAX_LOAD=${MAX_LOAD:-1.5}; MAX_WAIT=${MAX_WAIT:-1800}
waited=0
while awk -v l="$(cut -d' ' -f1 /proc/loadavg)" -v m="$MAX_LOAD" 'BEGIN { exit !(l > m) }' && [ "$waited" -lt "$MAX_WAIT" ]; do
  echo "load average $(cut -d' ' -f1-3 /proc/loadavg) > $MAX_LOAD; waiting ($waited s of $MAX_WAIT)" >&2
  sleep 60; waited=$((waited + 60))
done
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

# Runs h2load against $target_pid's server: name, URL, then extra h2load arguments.
h2() {
  local name=$1 url=$2; shift 2
  local before after hz=$(getconf CLK_TCK)
  echo 5 >"/proc/$target_pid/clear_refs" 2>/dev/null || true   # resets VmHWM to the current RSS
  before=$(cpu_ticks "$target_pid")
  timeout $((DURATION + WARMUP + 120)) "${client_pin[@]}" h2load "$@" --log-file="$work/$name.log" "$url" >"$work/$name.out" 2>&1 || true
  after=$(cpu_ticks "$target_pid")
  local done; done=$(sed -n 's/^requests: [0-9]* total, [0-9]* started, \([0-9]*\) done.*/\1/p' "$work/$name.out")
  local seconds; seconds=$(python3 -c "import re,sys; m=re.search(r'finished in ([\d.]+)(m?s)', open('$work/$name.out').read()); print(float(m.group(1))/(1000 if m.group(2)=='ms' else 1) if m else 1)")
  python3 bench/h2load_summary.py "$name" "$work/$name.out" "$work/$name.log" \
    "server_cpu=$(python3 -c "print(round(($after-$before)/$hz/$seconds, 2))")" "server_peak_mb=$(hwm_mb "$target_pid")" \
    "server_cpu_us_per_call=$(python3 -c "print(round(($after-$before)/$hz*1e6/max(1, ${done:-0}), 1))")" \
    "command=$(redact "h2load $* URL")" | tee -a "$results"
  rm -f "$work/$name.log"
}
# The admin token never goes into a report.
redact() { local text=$1 token; token=$(cat "$data/admin-token" 2>/dev/null || true); [ -z "$token" ] && echo "$text" || echo "${text//$token/\$TOKEN}"; }
grpc_h2() { h2 "$1" "$2" $H2_ARGS -D "$DURATION" --warm-up-time="$WARMUP" -d "$work/empty.grpc" -H 'content-type: application/grpc' -H 'te: trailers' "${@:3}"; }

# Runs the load client: name, then its arguments; adds server CPU and peak memory.
client() {
  local name=$1; shift
  local before after start end hz=$(getconf CLK_TCK)
  echo 5 >"/proc/$target_pid/clear_refs" 2>/dev/null || true
  before=$(cpu_ticks "$target_pid"); start=$(date +%s.%N)
  local line
  line=$(timeout 900 "${client_pin[@]}" dotnet "$LOAD" "$@" --max-seconds 600 --grpc "http://127.0.0.1:$grpc_port" --web "http://127.0.0.1:$web_port" \
    --token-file "$data/admin-token" 2>"$work/$name.err") || true
  after=$(cpu_ticks "$target_pid"); end=$(date +%s.%N)
  [ -n "$line" ] || { cat "$work/$name.err" >&2; line='{"failed":1}'; }
  python3 -c "import json,sys; r=json.loads(sys.argv[1]); r.update(scenario=sys.argv[2], tool='load client', server_peak_mb=float(sys.argv[3]), command='RollCall.LoadClient '+sys.argv[4]); r.setdefault('server_cpu', round(($after-$before)/$hz/($end-$start), 2)); r['server_cpu_us_per_call'] = round(($after-$before)/$hz*1e6/max(1, r.get('ok', 0)), 1); print(json.dumps(r))" \
    "$line" "$name" "$(hwm_mb "$target_pid")" "$*" | tee -a "$results"
}

# The Pi monitor's memory against the server on $grpc_port: its Sense HAT output written to a plain
# file (the Pi's own display path, minus the device), read after it has shown a round of the show.
: >"$work/framebuffer"
monitor_rss() {
  local name=$1; shift
  timeout 120 python3 bench/client_figures.py memory "$name" --seconds "$MONITOR_SECONDS" -- "${client_pin[@]}" "$@" monitor \
    --display sensehat --framebuffer "$work/framebuffer" --scroll-speed 0.01 --server "http://127.0.0.1:$grpc_port" | tee -a "$results" || true
}
monitor_rows() {
  monitor_rss monitor "${CLI[@]}"
  [ -z "$MONITOR_BIN" ] || monitor_rss monitor-bin "$MONITOR_BIN"
}

# ONLY=events: one event's v1 GetStatus and page, on one server, back to back: first while it is
# the only event with attendees (EVENT_ATTENDEES of them), then after EVENTS - 1 more events of as
# many attendees each. Reads must cost the same whatever the number of events.
if [ "$ONLY" = events ]; then
  start_ready data
  # The event measured, bench-1, is the first created, so it is current; its page is read by its slug.
  client events-seed-1 seed-events --events 1 --attendees "$EVENT_ATTENDEES" --check-event bench-1 --expect-count "$EVENT_ATTENDEES"
  # GetStatusRequest { event: "bench-1" } as one gRPC frame.
  python3 -c "import sys; m=b'\x0a'+bytes([len(b'bench-1')])+b'bench-1'; sys.stdout.buffer.write(b'\x00'+len(m).to_bytes(4,'big')+m)" >"$work/event.grpc"
  v1="http://127.0.0.1:$grpc_port/rollcall.v1.Registration/GetStatus"
  page="http://127.0.0.1:$web_port/e/bench-1/"
  event_status() { h2 "$1" "$v1" $H2_ARGS -D "$DURATION" --warm-up-time="$WARMUP" -d "$work/event.grpc" -H 'content-type: application/grpc' -H 'te: trailers'; }
  for _ in 1 2 3; do
    "${client_pin[@]}" h2load $H2_ARGS -D "$SETTLE" -d "$work/event.grpc" -H 'content-type: application/grpc' -H 'te: trailers' "$v1" >/dev/null 2>&1 || true
    "${client_pin[@]}" h2load --h1 $H1_ARGS -D "$SETTLE" "$page" >/dev/null 2>&1 || true
  done
  # Each phase measures both reads EVENT_ROUNDS times, alternating; the report takes each one's best
  # round, the one least disturbed by whatever else runs on the machine.
  for round in $(seq 1 "$EVENT_ROUNDS"); do
    event_status "events-1-status-$round"
    h2 "events-1-page-$round" "$page" --h1 $H1_ARGS -D "$DURATION" --warm-up-time="$WARMUP"
  done
  client events-seed-rest seed-events --events $((EVENTS - 1)) --first 2 --attendees "$EVENT_ATTENDEES" --concurrency 128 \
    --check-event bench-1 --expect-count "$EVENT_ATTENDEES"
  for round in $(seq 1 "$EVENT_ROUNDS"); do
    event_status "events-many-status-$round"
    h2 "events-many-page-$round" "$page" --h1 $H1_ARGS -D "$DURATION" --warm-up-time="$WARMUP"
  done
  echo "{\"scenario\":\"events-check\",\"events\":$EVENTS,\"attendees_per_event\":$EVENT_ATTENDEES,\"page_bytes\":$(curl -fs "$page" | wc -c)}" | tee -a "$results"
  kill "$target_pid"; wait "$target_pid" 2>/dev/null || true
  python3 bench/events_report.py "$results" "$OUT" --load-before "$load_before" --load-after "$(cut -d' ' -f1-3 /proc/loadavg)" \
    --command "$(printf '%s ' ONLY=events EVENTS="$EVENTS" EVENT_ATTENDEES="$EVENT_ATTENDEES" EVENT_ROUNDS="$EVENT_ROUNDS" DURATION="$DURATION" WARMUP="$WARMUP" SETTLE="$SETTLE" PUBLISH="$PUBLISH" ${SERVER_BIN:+SERVER_BIN="$SERVER_BIN"} H2_ARGS="'$H2_ARGS'" H1_ARGS="'$H1_ARGS'" SERVER_CPUS="$SERVER_CPUS" CLIENT_CPUS="$CLIENT_CPUS" MAX_LOAD="$MAX_LOAD") bash bench/run.sh"
  cp "$results" "${RESULTS_COPY:-/dev/null}" 2>/dev/null || true
  exit 0
fi

# The first server: every throughput scenario (not with ONLY=startup; the block ends at "fi # ONLY").
if [ "$ONLY" != startup ]; then
start_ready data
legacy="http://127.0.0.1:$grpc_port/services.RegisterService/GetStatus"
v1="http://127.0.0.1:$grpc_port/rollcall.v1.Registration/GetStatus"
page="http://127.0.0.1:$web_port/"
echo "idle server RSS: $(rss_mb "$target_pid") MB" >&2
# Warm-up, not recorded, so every figure is a long-running server's: tiered JIT with PGO, the
# thread pool and the GC's heap sizing take tens of seconds to settle. Measured here: 2016 GetStatus
# at 36,000 calls/s in its first 8 s, 94,000-104,000/s after another 16 s of load.
warm_up() {
  local round url
  for round in 1 2 3; do
    for url in "$@"; do
      "${client_pin[@]}" h2load $H2_ARGS -D "$SETTLE" -d "$work/empty.grpc" -H 'content-type: application/grpc' -H 'te: trailers' "$url" >/dev/null 2>&1 || true
    done
  done
}
warm_up "$legacy" "$v1"
"${client_pin[@]}" h2load --h1 $H1_ARGS -D "$SETTLE" "$page" >/dev/null 2>&1 || true

# 0 attendees
grpc_h2 legacy-status-0 "$legacy"
client verify-legacy-0 verify --read legacy --calls 2000 --expect-count 0
grpc_h2 v1-status-0 "$v1"
client verify-v1-0 verify --read v1 --calls 2000 --expect-count 0
h2 page-0 "$page" --h1 $H1_ARGS -D "$DURATION" --warm-up-time="$WARMUP"

# 10,000 attendees
client seed-10k seed --attendees 10000 --concurrency 128
grpc_h2 legacy-status-10k "$legacy"
grpc_h2 v1-status-10k "$v1"
client verify-legacy-10k verify --read legacy --calls 500 --expect-count 10000
h2 page-10k "$page" --h1 $H1_ARGS -D "$DURATION" --warm-up-time="$WARMUP"
legacy_10k_bytes=$(python3 -c "import json; print([r for r in map(json.loads, open('$results')) if r.get('scenario') == 'legacy-status-10k'][0]['bytes_per_response'])")

if [ "$QUICK" = 0 ]; then
  # 100,000 attendees
  client seed-100k seed --attendees 90000 --concurrency 128
  grpc_h2 v1-status-100k "$v1"
  client verify-v1-100k verify --read v1 --calls 2000 --expect-count 100000
  # Watchers before the 2016 status at 100,000: its 3 MB answers leave buffers behind that
  # would hide what a watcher costs. Every stream comes from 127.0.0.1, hence the raised
  # per-address cap (--max-watchers-per-address) above.
  client watch-1k watch --watchers 1000 --registrations 100 --server-pid "$target_pid" --connections 10
  client watch-10k watch --watchers 10000 --registrations 100 --server-pid "$target_pid" --connections 100
  grpc_h2 legacy-status-100k "$legacy"
  # 100,200: the two watch scenarios each registered 100 attendees.
  client verify-legacy-100k verify --read legacy --calls 100 --expect-count 100200
fi

# Writes: mixed reads and registrations, GetCode, IssueCodes, Register
client mixed mixed --seconds "$DURATION" --concurrency 64 --write-percent 5 --read v1 --codes 40000
codes_before=$(dotnet "$LOAD" codes --grpc "http://127.0.0.1:$grpc_port" --token-file "$data/admin-token" | python3 -c 'import json,sys; print(int(json.load(sys.stdin)["issued"]))')
h2 getcode "http://127.0.0.1:$grpc_port/services.RegisterService/GetCode" $H2_ARGS -n "$GETCODES" -d "$work/empty.grpc" \
  -H 'content-type: application/grpc' -H 'te: trailers' -H "authorization: Bearer $(cat "$data/admin-token")"
codes_after=$(dotnet "$LOAD" codes --grpc "http://127.0.0.1:$grpc_port" --token-file "$data/admin-token" | python3 -c 'import json,sys; print(int(json.load(sys.stdin)["issued"]))')
echo "{\"scenario\":\"getcode-check\",\"codes_minted\":$((codes_after - codes_before)),\"requested\":$GETCODES}" | tee -a "$results"
client getcode-client getcode --count 20000 --concurrency 64
client issue issue --count 2000 --batch 100 --concurrency 16
client register register --count "$REGISTRATIONS" --concurrency 256
# The same durable write through the 2016 form: POST /register, kept-alive HTTP/1.1 connections.
client form-register form-register --count "$FORM_REGISTRATIONS" --concurrency 256
echo "server RSS at the end: $(rss_mb "$target_pid") MB, peak $(awk '/VmHWM/ {print $2}' "/proc/$target_pid/status") kB" >&2

# The Pi monitor's memory, against this server (with ONLY=startup: the fresh one).
monitor_rows
kill "$target_pid"; wait "$target_pid" 2>/dev/null || true
fi # ONLY != startup

# A second, freshly started server, pinned like the first (client and h2 now address it): 2016
# GetStatus in its first WARM_START_WINDOW seconds after /healthz first answers 200, then after
# WARM_START_LOAD more seconds of load; the CLI's cold start; then, seeded, the live pages.
start_server fresh
for _ in $(seq 1 3000); do curl -fs -o /dev/null --max-time 1 "http://127.0.0.1:$web_port/healthz" && break; sleep 0.02; done
healthy=$(date +%s.%N)
curl -fs -o /dev/null "http://127.0.0.1:$web_port/healthz" || { cat "$work/fresh.log"; exit 1; }
fresh_legacy="http://127.0.0.1:$grpc_port/services.RegisterService/GetStatus"
grpc_h2_for() { h2 "$1" "$2" $H2_ARGS -D "$3" -d "$work/empty.grpc" -H 'content-type: application/grpc' -H 'te: trailers'; }
grpc_h2_for warm-start-first "$fresh_legacy" "$WARM_START_WINDOW"
timeout $((WARM_START_LOAD + 60)) "${client_pin[@]}" h2load $H2_ARGS -D "$WARM_START_LOAD" -d "$work/empty.grpc" -H 'content-type: application/grpc' -H 'te: trailers' \
  "$fresh_legacy" >/dev/null 2>&1 || true
grpc_h2_for warm-start-warm "$fresh_legacy" "$WARM_START_WINDOW"
echo "{\"scenario\":\"warm-start-check\",\"healthy_seconds\":$(python3 -c "print(round($healthy - $spawned, 2))"),\"window\":$WARM_START_WINDOW,\"load\":$WARM_START_LOAD}" | tee -a "$results"

# The CLI's cold start against that server (0 attendees, so status is one call): spawn to exit.
cli_start() {
  local name=$1; shift
  timeout 300 python3 bench/client_figures.py start "$name" --runs "$CLI_RUNS" -- "${client_pin[@]}" "$@" | tee -a "$results" || true
}
cli_start cli-status "${CLI[@]}" status --server "http://127.0.0.1:$grpc_port"
cli_start cli-code "${CLI[@]}" code --server "http://127.0.0.1:$grpc_port" --token-file "$data/admin-token"
if [ -n "$CLI_BIN" ]; then
  cli_start cli-status-bin "$CLI_BIN" status --server "http://127.0.0.1:$grpc_port"
  cli_start cli-code-bin "$CLI_BIN" code --server "http://127.0.0.1:$grpc_port" --token-file "$data/admin-token"
fi

[ "$ONLY" != startup ] || monitor_rows
if [ "$QUICK" = 0 ] && [ "$ONLY" != startup ]; then
  # The live pages: GET /events over HTTP/1.1, one connection per page, as browsers hold them. On
  # this server, seeded to 100,000 like the first, so its RSS carries no 10,000 watchers' leftovers.
  client seed-fresh seed --attendees 100000 --concurrency 128
  client sse-10k sse-watch --pages "$SSE_PAGES" --registrations "$SSE_REGISTRATIONS" --server-pid "$target_pid"
fi
kill "$target_pid"; wait "$target_pid" 2>/dev/null || true

if [ "$ONLY" = startup ]; then
  python3 bench/startup_report.py "$results" "$OUT" --label "${LABEL:-$([ -n "$SERVER_BIN" ] && echo "$SERVER_BIN" || echo "dotnet RollCall.Server.dll")${SERVER_ENV:+, $SERVER_ENV}}" \
    --load-before "$load_before" --command "$(printf '%s ' ONLY=startup ${LABEL:+LABEL="'$LABEL'"} PUBLISH="$PUBLISH" ${SERVER_BIN:+SERVER_BIN="$SERVER_BIN"} SERVER_ENV="'$SERVER_ENV'" H2_ARGS="'$H2_ARGS'" SERVER_CPUS="$SERVER_CPUS" CLIENT_CPUS="$CLIENT_CPUS" ${CLI_BIN:+CLI_BIN="$CLI_BIN"} ${MONITOR_BIN:+MONITOR_BIN="$MONITOR_BIN"}) bash bench/run.sh"
  cp "$results" "${RESULTS_COPY:-/dev/null}" 2>/dev/null || true
  exit 0
fi

# The bracket: a bare ASP.NET Core gRPC method, and nghttpd serving static files
bare_port=$(free_port)
"${server_pin[@]}" dotnet "$BARE" "$bare_port" >"$work/bare.log" 2>&1 &
target_pid=$!; pids+=("$target_pid")
for _ in $(seq 1 100); do (exec 3<>"/dev/tcp/127.0.0.1/$bare_port") 2>/dev/null && break; sleep 0.2; done
warm_up "http://127.0.0.1:$bare_port/services.RegisterService/GetStatus"
grpc_h2 bare-grpc "http://127.0.0.1:$bare_port/services.RegisterService/GetStatus"
kill "$target_pid"; wait "$target_pid" 2>/dev/null || true

mkdir -p "$work/static"
printf '\n\000' >"$work/static/small"   # the 2 bytes of an empty 2016 status
head -c "$legacy_10k_bytes" /dev/urandom >"$work/static/status-10k"
ng_port=$(free_port)
"${server_pin[@]}" nghttpd --no-tls -a 127.0.0.1 -d "$work/static" "$ng_port" >"$work/nghttpd.log" 2>&1 &
target_pid=$!; pids+=("$target_pid")
sleep 1
h2 nghttpd-small "http://127.0.0.1:$ng_port/small" $H2_ARGS -D "$DURATION" --warm-up-time="$WARMUP"
h2 nghttpd-10k-size "http://127.0.0.1:$ng_port/status-10k" $H2_ARGS -D "$DURATION" --warm-up-time="$WARMUP"
kill "$target_pid"; wait "$target_pid" 2>/dev/null || true

python3 bench/report.py "$results" "$OUT" \
  --load-before "$load_before" --waited "$waited" --load-after "$(cut -d' ' -f1-3 /proc/loadavg)" \
  --command "$(printf '%s ' DURATION="$DURATION" SETTLE="$SETTLE" QUICK="$QUICK" PUBLISH="$PUBLISH" ${SERVER_BIN:+SERVER_BIN="$SERVER_BIN"} SERVER_ENV="'$SERVER_ENV'" H2_ARGS="'$H2_ARGS'" SERVER_CPUS="$SERVER_CPUS" CLIENT_CPUS="$CLIENT_CPUS" ${CLI_BIN:+CLI_BIN="$CLI_BIN"} ${MONITOR_BIN:+MONITOR_BIN="$MONITOR_BIN"}) bash bench/run.sh" \
  --pinning "server on CPU ${SERVER_CPUS:-any}, clients on CPU ${CLIENT_CPUS:-any}" --elapsed "$SECONDS"
cp "$results" "${RESULTS_COPY:-/dev/null}" 2>/dev/null || true
