#!/usr/bin/env bash
# Benchmark: RollCall replicas sharing one throwaway PostgreSQL, everything on loopback.
# Builds Release, starts PostgreSQL 15 from the Debian binaries (durable defaults: fsync and
# synchronous_commit on), runs 1 and then 2 replicas under bounded load, and writes the
# "PostgreSQL replicas" section of docs/BENCHMARKS.md (replacing an older one, leaving the rest).
#
#   bash bench/replicas.sh                     # defaults below
#   REGISTRATIONS=50000 CONCURRENCY=128 bash bench/replicas.sh
set -euo pipefail
cd "$(dirname "$0")/.."

REGISTRATIONS=${REGISTRATIONS:-20000}
CONCURRENCY=${CONCURRENCY:-64}
PACED=${PACED:-1000}
RATE=${RATE:-200}
MAX_SECONDS=${MAX_SECONDS:-120}
PG_BIN=/usr/lib/postgresql/15/bin
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

[ -x "$PG_BIN/initdb" ] || bash scripts/install-test-deps.sh
dotnet build bench/RollCall.ReplicaBench -c Release --nologo -v quiet
SERVER=src/RollCall.Server/bin/Release/net10.0/RollCall.Server.dll
BENCH=bench/RollCall.ReplicaBench/bin/Release/net10.0/RollCall.ReplicaBench.dll

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

work=$(mktemp -d /tmp/rollcall-bench-XXXXXX)
as_pg=()
if [ "$(id -u)" -eq 0 ]; then chown postgres: "$work"; as_pg=(runuser -u postgres --); fi
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  (cd "$work" && "${as_pg[@]}" "$PG_BIN/pg_ctl" -D "$work/pg" -m immediate stop >/dev/null 2>&1) || true
  rm -rf "$work"
}
trap cleanup EXIT

pg_port=$(free_port)
(cd "$work" && "${as_pg[@]}" "$PG_BIN/initdb" -D "$work/pg" -U postgres -A trust -E UTF8 --locale=C >/dev/null)
(cd "$work" && "${as_pg[@]}" "$PG_BIN/pg_ctl" -D "$work/pg" -l "$work/postgres.log" -w \
  -o "-p $pg_port -k $work -c listen_addresses=127.0.0.1 -c max_connections=300" start >/dev/null)

rows=()
for replicas in 1 2; do
  db="bench_$replicas"
  psql -q -h 127.0.0.1 -p "$pg_port" -U postgres -c "CREATE DATABASE $db" >/dev/null
  grpc_args=()
  first_data=""
  for n in $(seq 1 "$replicas"); do
    data="$work/replica-$replicas-$n"; mkdir -p "$data"; [ -n "$first_data" ] || first_data=$data
    web=$(free_port); grpc=$(free_port)
    dotnet "$SERVER" --data-dir "$data" --web-url "http://127.0.0.1:$web" --grpc-url "http://127.0.0.1:$grpc" \
      --db "Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=$db" --Logging:LogLevel:Default=Warning \
      >"$work/replica-$replicas-$n.log" 2>&1 &
    pids+=($!)
    for _ in $(seq 1 600); do curl -fs "http://127.0.0.1:$web/readyz" >/dev/null 2>&1 && break; sleep 0.1; done
    curl -fs "http://127.0.0.1:$web/readyz" >/dev/null || { cat "$work/replica-$replicas-$n.log"; exit 1; }
    grpc_args+=(--grpc "http://127.0.0.1:$grpc")
  done
  echo "== $replicas replica(s)" >&2
  rows+=("$(dotnet "$BENCH" "${grpc_args[@]}" --token-file "$first_data/admin-token" --registrations "$REGISTRATIONS" \
    --concurrency "$CONCURRENCY" --paced "$PACED" --rate "$RATE" --max-seconds "$MAX_SECONDS")")
  echo "${rows[-1]}" >&2
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  pids=()
done

# The WAL flush bounds how many commits per second the database can make: measure it here.
fsync=$(cd "$work" && "${as_pg[@]}" "$PG_BIN/pg_test_fsync" -s 1 -f "$work/fsync-test" 2>/dev/null \
  | awk '$1 == "fdatasync" && $2 ~ /^[0-9.]+$/ { printf "%.0f", $2; exit }') || true
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
ram=$(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)
load=$(cut -d' ' -f1-3 /proc/loadavg)
busy=""
if awk -v l="${load%% *}" -v n="$(nproc)" 'BEGIN { exit !(l > n) }'; then
  busy=" — a busy shared machine (other builds and tests running), so the figures are noisy and low"
fi
section=$(mktemp)
cat >"$section" <<MD
## PostgreSQL replicas

RollCall replicas sharing one PostgreSQL 15 (durable defaults: \`fsync=on\`, \`synchronous_commit=on\`),
all on loopback on one machine. Load: $REGISTRATIONS registrations from $CONCURRENCY concurrent gRPC
callers spread round-robin over the replicas, then $PACED at a steady $RATE/s on the first replica.
Propagation is timed from sending Register to the first replica until the registration arrives on a
WatchStatus stream on the last replica (for 1 replica: the same one) — an upper bound on
commit-to-arrival, measured on one clock; "under load" is during the full-speed phase.

- Machine: $(nproc) CPUs ($cpu), $ram RAM; load average before the run: $load$busy.
- Disk: ${fsync:-?} fdatasync/s of 8 kB (\`pg_test_fsync\`), the ceiling on serial commits.
- Date: $(date -u +%Y-%m-%d)
- Command: \`REGISTRATIONS=$REGISTRATIONS CONCURRENCY=$CONCURRENCY PACED=$PACED RATE=$RATE bash bench/replicas.sh\`

| replicas | registered | registrations/s | Register p50 / p99 | propagation p50 / p99 under load | propagation p50 / p99 paced | failed calls |
|---|---|---|---|---|---|---|
$(printf '%s\n' "${rows[@]}")

Reading the figures: every batch takes its versions from one counter row and holds that row lock
through its commit, so commits of all replicas take turns, each with its own WAL flush — that is
what keeps versions gap-free and in commit order. Write throughput is therefore about (commits per
second the disk allows) × (callers per batch). One replica puts all concurrent callers into one
writer's batches; two replicas split them into two writers whose smaller batches take turns, so
on one machine with one disk two replicas register fewer per second, not more. Replicas add room
for connections, live streams, pages and TLS, and survive the loss of one process; they do not
add write throughput. The propagation columns show how soon the other replica hears of a commit. Here
the replicas, PostgreSQL and the load tool also share the same two cores.
MD

target=docs/BENCHMARKS.md
mkdir -p docs
[ -f "$target" ] || printf '# Benchmarks\n\nEach section is written by the script it names.\n\n' >"$target"
# Replace our section (from its heading up to the next "## " heading) or append it.
awk -v section="$section" '
  BEGIN { while ((getline line < section) > 0) text = text line "\n" }
  /^## PostgreSQL replicas$/ { printf "%s\n", text; skipping = 1; done = 1; next }
  skipping && /^## / { skipping = 0 }
  !skipping { print }
  END { if (!done) printf "\n%s", text }
' "$target" >"$target.new"
mv "$target.new" "$target"
rm -f "$section"
echo "Wrote the PostgreSQL replicas section of $target" >&2
