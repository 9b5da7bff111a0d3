#!/usr/bin/env bash
# Where the server's memory goes: starts the built server on a fresh data folder and reports, for
# one scenario, VmRSS (anonymous, file-backed, JIT code) and a heap dump's largest types
# (dotnet-gcdump, installed into bench/.tools on first use). Bounded in time; nothing is recorded.
#
#   bash bench/heap.sh idle                 # an idle server
#   bash bench/heap.sh attendees 100000     # after seeding N attendees and reading every view once
#   bash bench/heap.sh watchers 10000       # with N WatchStatus streams open (0 attendees)
#   bash bench/heap.sh pages 9000           # with N live pages (GET /events) open (0 attendees)
#   ATTENDEES=100000 bash bench/heap.sh watchers 10000   # seeds that many attendees first
#   SERVER_ENV="DOTNET_gcServer=0" bash bench/heap.sh idle   # runtime settings for the server
set -euo pipefail
cd "$(dirname "$0")/.."
scenario=${1:-idle}; count=${2:-10000}
SERVER_ENV=${SERVER_ENV:-}
TOP=${TOP:-20}
ATTENDEES=${ATTENDEES:-0}   # seeded before the watchers or pages open
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
tools=bench/.tools
[ -x "$tools/dotnet-gcdump" ] || dotnet tool install --tool-path "$tools" dotnet-gcdump --version 10.0.750501 >/dev/null
for project in src/RollCall.Server bench/RollCall.LoadClient; do dotnet build "$project" -c Release --nologo -v quiet >/dev/null; done
[ "$(ulimit -n)" -ge $((count + 2000)) ] || ulimit -n "$(ulimit -Hn)"

work=$(mktemp -d /tmp/rollcall-heap-XXXXXX)
pid=; loader=
cleanup() { [ -z "$loader" ] || kill "$loader" 2>/dev/null || true; [ -z "$pid" ] || kill "$pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
web=$(free_port); grpc=$(free_port)
env $SERVER_ENV dotnet src/RollCall.Server/bin/Release/net10.0/RollCall.Server.dll --data-dir "$work/data" \
  --web-url "http://127.0.0.1:$web" --grpc-url "http://127.0.0.1:$grpc" --max-watchers-per-address 30000 \
  --failures-per-address 1000000 --RollCall:Limits:MaxConcurrentConnections=30000 \
  --RollCall:Limits:MaxConnectionsPerAddress=30000 --Logging:LogLevel:Default=Warning >"$work/server.log" 2>&1 &
pid=$!
for _ in $(seq 1 300); do curl -fs "http://127.0.0.1:$web/readyz" >/dev/null 2>&1 && break; sleep 0.1; done
load=(timeout 600 dotnet bench/RollCall.LoadClient/bin/Release/net10.0/RollCall.LoadClient.dll)
common=(--grpc "http://127.0.0.1:$grpc" --web "http://127.0.0.1:$web" --token-file "$work/data/admin-token" --server-pid "$pid" --max-seconds 500)
rss_kb() { awk '/VmRSS/ { print $2 }' "/proc/$pid/status"; }

case "$scenario" in
  idle) sleep 5 ;;
  attendees)
    "${load[@]}" seed --attendees "$count" --concurrency 128 "${common[@]}" >/dev/null
    for path in / /attendees /board '/?lang=es'; do curl -fs "http://127.0.0.1:$web$path" >/dev/null; done
    printf '\0\0\0\0\0' >"$work/empty.grpc"
    for method in services.RegisterService/GetStatus rollcall.v1.Registration/GetStatus; do
      h2load -n 20 -c 1 -d "$work/empty.grpc" -H 'content-type: application/grpc' -H 'te: trailers' "http://127.0.0.1:$grpc/$method" >/dev/null
    done ;;
  watchers | pages)
    [ "$ATTENDEES" = 0 ] || "${load[@]}" seed --attendees "$ATTENDEES" --concurrency 128 "${common[@]}" >/dev/null
    # Many registrations, so the streams stay open long enough for the dump; the numbers are not read.
    if [ "$scenario" = watchers ]; then
      "${load[@]}" watch --watchers "$count" --registrations 2000 --connections $((count / 100 + 1)) "${common[@]}" >/dev/null 2>&1 &
    else
      "${load[@]}" sse-watch --pages "$count" --registrations 2000 "${common[@]}" >/dev/null 2>&1 &
    fi
    loader=$!
    idle=$(rss_kb)
    # Open once the RSS has grown by 8 KB per stream, or after two minutes.
    for _ in $(seq 1 120); do [ "$(rss_kb)" -gt $((idle + count * 8)) ] && break; sleep 1; done
    sleep 5 ;;
  *) echo "unknown scenario '$scenario': idle, attendees, watchers or pages" >&2; exit 2 ;;
esac

echo "scenario: $scenario ${count}"
grep -E 'VmRSS|RssAnon|RssFile|RssShmem' "/proc/$pid/status"
echo "open sockets: $(find /proc/$pid/fd -lname 'socket:*' | wc -l)"
"$tools/dotnet-gcdump" collect -p "$pid" -o "$work/heap.gcdump" >/dev/null
# The report lists each type's object size and count; sorted here by their product.
"$tools/dotnet-gcdump" report "$work/heap.gcdump" | python3 -c '
import re, sys
rows = []
for line in sys.stdin:
    m = re.match(r"\s*([\d,]+)\s+([\d,]+)\s+(.*)", line)
    if m:
        size, count = (int(g.replace(",", "")) for g in m.groups()[:2])
        rows.append((size * count, count, size, m.group(3)[:110]))
    elif "GC Heap bytes" in line:
        print("live GC heap:", line.split()[0], "bytes")
rows.sort(reverse=True)
for total, count, size, name in rows[:int(sys.argv[1])]:
    print(f"{total / 1e6:8.2f} MB {count:8d} x {size:7d} B  {name}")
' "$TOP"
