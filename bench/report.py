#!/usr/bin/env python3
"""Writes the "Server throughput" section of docs/BENCHMARKS.md from bench/run.sh's results.

Usage: report.py RESULTS.jsonl BENCHMARKS.md --load-before L --load-after L --command C --pinning P
Replaces an older "## Server throughput" section and leaves every other section as it is.
"""
import argparse
import datetime
import json
import platform
import re
import subprocess

parser = argparse.ArgumentParser()
parser.add_argument("results")
parser.add_argument("out")
parser.add_argument("--load-before", default="")
parser.add_argument("--load-after", default="")
parser.add_argument("--command", default="bash bench/run.sh")
parser.add_argument("--pinning", default="")
parser.add_argument("--waited", default="0")
args = parser.parse_args()

rows = {}
for line in open(args.results, encoding="utf-8"):
    line = line.strip()
    if line.startswith("{"):
        r = json.loads(line)
        rows[r.get("scenario")] = r


def get(name, field, default=None):
    return rows.get(name, {}).get(field, default)


ceiling = get("nghttpd-small", "rate") or 0
DESCRIPTIONS = [
    ("legacy-status-0", "2016 GetStatus, 0 attendees"),
    ("legacy-status-10k", "2016 GetStatus, 10,000 attendees"),
    ("legacy-status-100k", "2016 GetStatus, 100,000 attendees"),
    ("v1-status-0", "v1 GetStatus, 0 attendees"),
    ("v1-status-10k", "v1 GetStatus, 10,000 attendees"),
    ("v1-status-100k", "v1 GetStatus, 100,000 attendees"),
    ("page-0", "page `GET /` (HTTP/1.1), 0 attendees"),
    ("page-10k", "page `GET /` (HTTP/1.1), 10,000 attendees"),
    ("getcode", "2016 GetCode, one durable code per call"),
    ("getcode-client", "2016 GetCode (.NET client, grpc-status checked)"),
    ("issue", "v1 IssueCodes, batches of 100 (codes/s in notes)"),
    ("register", "v1 Register, distinct valid codes, durable"),
    ("seed-10k", "seeding: Register, 10,000 codes"),
    ("seed-100k", "seeding: Register, 90,000 more codes"),
    ("mixed", "mixed: 95% v1 GetStatus, 5% Register (100,000+ attendees)"),
    ("watch-1k", "WatchStatus fan-out, 1,000 watchers"),
    ("watch-10k", "WatchStatus fan-out, 10,000 watchers"),
    ("bare-grpc", "bracket: bare ASP.NET Core gRPC method, constant answer"),
    ("nghttpd-small", "ceiling: nghttpd, 2-byte static file"),
    ("nghttpd-10k-size", "bracket: nghttpd, static file the size of the 10,000 status"),
]


def fmt(value, digits=0):
    if value is None:
        return "–"
    if isinstance(value, str):
        return value
    return f"{value:,.{digits}f}"


def notes(name, r):
    parts = []
    if name.startswith("watch"):
        parts.append(f"commit→last p50/p99 in the latency columns; first→last spread {fmt(r.get('spread_p50_ms'), 1)} / {fmt(r.get('spread_p99_ms'), 1)} ms; "
                     f"RSS {fmt(r.get('rss_idle_mb'), 1)} → {fmt(r.get('rss_watching_mb'), 1)} MB = {fmt(r.get('kb_per_watcher'), 1)} KB per watcher")
    if name == "mixed":
        parts.append(f"{fmt(r.get('reads_per_second'))} reads/s + {fmt(r.get('writes_per_second'))} registrations/s; "
                     f"Register p50/p99 {fmt(r.get('write_p50_ms'), 1)} / {fmt(r.get('write_p99_ms'), 1)} ms")
    if name == "issue":
        parts.append(f"{fmt(r.get('codes_per_second'))} codes/s")
    if name == "getcode" and "getcode-check" in rows:
        c = rows["getcode-check"]
        parts.append(f"codes minted {c['codes_minted']:,} for {c['requested']:,} requests (checked through GetCodeStats)")
    if r.get("tool") == "h2load" and r.get("statuses"):
        s = r["statuses"]
        parts.append(f"HTTP {s.get('2xx', 0):,} 2xx, {s.get('4xx', 0) + s.get('5xx', 0):,} 4xx/5xx")
    if r.get("tool") == "load client" and r.get("statuses"):
        parts.append("grpc-status " + ", ".join(f"{k} {v:,}" for k, v in r["statuses"].items()))
    return "; ".join(parts)


table = ["| scenario | tool | calls/s | of ceiling | p50 ms | p99 ms | bytes/response | server CPU (cores) | server CPU µs/call | server peak RSS MB | errors | notes |",
         "|---|---|---|---|---|---|---|---|---|---|---|---|"]
for name, description in DESCRIPTIONS:
    r = rows.get(name)
    if not r:
        continue
    rate = r.get("rate")
    share = f"{100 * rate / ceiling:.1f}%" if rate and ceiling and r.get("tool") == "h2load" and not r["scenario"].startswith("page") else "–"
    table.append(f"| {description} | {r.get('tool', '')} | **{fmt(rate)}** | {share} | {fmt(r.get('p50_ms'), 2)} | {fmt(r.get('p99_ms'), 2)} | "
                 f"{fmt(r.get('bytes_per_response'))} | {fmt(r.get('server_cpu'), 2)} | {fmt(r.get('server_cpu_us_per_call'), 1)} | {fmt(r.get('server_peak_mb'), 1)} | {fmt(r.get('errors'))} | {notes(name, r)} |")

verifications = [r for n, r in rows.items() if n and n.startswith("verify")]
verify_text = "; ".join(f"{r['scenario']}: {fmt(r.get('ok'))} OK, {fmt(r.get('errors'))} errors" for r in verifications)


def target(label, value, goal, ok, unit=""):
    shown = "not measured" if value is None else f"{fmt(value, 1)}{unit}"
    verdict = "–" if value is None else ("reference" if ok is None else "**met**" if ok else "**missed**")
    return f"| {label} | {goal} | {shown} | {verdict} |"


legacy0 = get("legacy-status-0", "rate")
v10 = get("v1-status-0", "rate")
v1100 = get("v1-status-100k", "rate")
watch = rows.get("watch-10k", {})
targets = ["| target | goal | measured | |", "|---|---|---|---|",
           target("2016 GetStatus, 0 attendees", legacy0 and ceiling and 100 * legacy0 / ceiling, "≥ 30% of nghttpd", legacy0 and ceiling and legacy0 >= 0.3 * ceiling, "%"),
           target("2016 GetStatus, 10,000 attendees", get("legacy-status-10k", "rate"), "≥ 4,200 calls/s", (get("legacy-status-10k", "rate") or 0) >= 4200),
           target("(bound) 2016 GetStatus at 10,000 vs nghttpd serving the same bytes", get("legacy-status-10k", "rate") and get("nghttpd-10k-size", "rate") and 100 * get("legacy-status-10k", "rate") / get("nghttpd-10k-size", "rate"), "for reference", None, "%"),
           target("page, 10,000 names, HTTP/1.1", get("page-10k", "rate"), "≥ 10,000 requests/s", (get("page-10k", "rate") or 0) >= 10000),
           target("v1 GetStatus at 100,000 vs 0", v1100 and v10 and 100 * v1100 / v10, "≥ 90% of the rate at 0", v1100 and v10 and v1100 >= 0.9 * v10, "%"),
           target("(flat) v1 GetStatus at 100,000 vs 10,000 (both answers carry the recent names)", v1100 and get("v1-status-10k", "rate") and 100 * v1100 / get("v1-status-10k", "rate"), "for reference (flat = 100%)", None, "%"),
           target("(cost) v1 GetStatus server CPU per call at 100,000 vs 0", get("v1-status-100k", "server_cpu_us_per_call") and get("v1-status-0", "server_cpu_us_per_call") and 100 * get("v1-status-100k", "server_cpu_us_per_call") / get("v1-status-0", "server_cpu_us_per_call"), "for reference (flat = 100%)", None, "%"),
           target("Register, durable, 0 errors", get("register", "rate"), "≥ 20,000/s", (get("register", "rate") or 0) >= 20000 and get("register", "errors") == 0),
           target("GetCode, durable, 0 errors", get("getcode", "rate"), "≥ 20,000/s", (get("getcode", "rate") or 0) >= 20000 and get("getcode", "errors") == 0
                  and rows.get("getcode-check", {}).get("codes_minted") == rows.get("getcode-check", {}).get("requested")),
           target("10,000 watchers notified, p99", watch.get("p99_ms"), "≤ 200 ms", (watch.get("p99_ms") or 1e9) <= 200, " ms"),
           target("server RSS, 100,000 attendees + 10,000 watchers", watch.get("rss_watching_mb"), "≤ 150 MB", (watch.get("rss_watching_mb") or 1e9) <= 150, " MB")]


def sh(command):
    try:
        return subprocess.run(command, shell=True, capture_output=True, text=True, timeout=30).stdout.strip()
    except Exception:
        return "?"


cpu = sh("grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'")
ram = sh("awk '/MemTotal/ {printf \"%.0f GiB\", $2/1048576}' /proc/meminfo")
commands = "Commands (URL is the scenario's path on the server; $TOKEN the admin token):\n\n" + "\n".join(
    f"- {description}: `{rows[name]['command']}`" for name, description in DESCRIPTIONS if name in rows and rows[name].get("command"))
section = f"""## Server throughput

Written by `bench/run.sh`. One server process on loopback with a fresh SQLite data folder
(`synchronous=FULL`: every acknowledged write is on disk), seeded through the v1 API, driven by
h2load with pre-encoded gRPC frames (`-d` the 5-byte frame of the empty request, `content-type:
application/grpc`, `te: trailers`) or by `bench/RollCall.LoadClient`. The bracket runs in the same
script right after: a bare ASP.NET Core gRPC method returning a constant (`bench/RollCall.BareGrpc`)
and nghttpd serving static files, the HTTP/2 ceiling of this machine. The 2016 Go server is not
available here, so its figures (from the issue) are not re-measured. Percentiles of h2load runs
come from its per-request log; "server CPU" is utime+stime of the server over the run divided by
its length, and "µs/call" the server's CPU time per successful call, which a busy machine distorts
less than the rate; "peak RSS" is VmHWM after resetting it at the start of the scenario. The exact
command of each row is in the list below the table. All load comes from 127.0.0.1, standing for many
clients, so the server runs with `--max-watchers-per-address 20000` (default 20 per client
address) and `--failures-per-address 1000000`: a registration in progress reserves one of its
address's remaining failures (so a flood of concurrent guesses cannot overrun the budget), which
with the default of 10 allows 10 registrations in flight per address. Registrations use valid,
distinct codes, so no budget is ever spent. Security headers, frame
validation, the failed-attempt limiter and the audit log are in the measured path.

- Machine: {sh('nproc')} CPUs ({cpu}), {ram} RAM, Linux {platform.release()}, .NET {sh('dotnet --version')}
- Pinning: {args.pinning} (`taskset`)
- Load average before / after the run: {args.load_before} / {args.load_after} (waited {args.waited} s for it to fall){" — a busy shared machine (other engineers' builds and tests running): figures are noisy and low" if args.load_before and float(args.load_before.split()[0]) > 1.5 else ""}
- Date: {datetime.date.today().isoformat()}
- Command: `{args.command.strip()}`

{chr(10).join(table)}

{commands}

gRPC-status check of the h2load scenarios (the generated client decodes every answer and reads
grpc-status from the trailers): {verify_text or "not run"}.

### Targets

{chr(10).join(targets)}

### Durability and how writes are batched

Register, GetCode and IssueCodes are durable when acknowledged: SQLite in WAL mode with
`synchronous=FULL`, so every commit waits for an fsync of the WAL. One writer connection takes
whatever is queued (up to 1,024 operations) and commits it as one transaction — group commit —
and each caller is answered only after that commit. A batch runs without per-operation
savepoints; only if one operation fails on its own is the batch rolled back and run again with
a savepoint around each operation. The disk's fsync rate therefore bounds commits per second,
not registrations per second: with N callers waiting, one fsync covers up to N writes.
"""

try:
    text = open(args.out, encoding="utf-8").read()
except FileNotFoundError:
    text = "# Benchmarks\n\nEach section is written by the script it names.\n"
pattern = re.compile(r"^## Server throughput\n.*?(?=^## (?!#)|\Z)", re.S | re.M)
if pattern.search(text):
    text = pattern.sub(lambda _: section + "\n", text)
else:
    text = text.rstrip("\n") + "\n\n" + section
open(args.out, "w", encoding="utf-8").write(text)
print(section)
