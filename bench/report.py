#!/usr/bin/env python3
"""Writes the "Server throughput" section of docs/BENCHMARKS.md from bench/run.sh's results.

Usage: report.py RESULTS.jsonl BENCHMARKS.md --load-before L --load-after L --command C --pinning P
Replaces an older "## Server throughput" section and leaves every other section as it is.
"""
import argparse
import datetime
import platform
import re

import results
import subprocess

parser = argparse.ArgumentParser()
parser.add_argument("results")
parser.add_argument("out")
parser.add_argument("--load-before", default="")
parser.add_argument("--load-after", default="")
parser.add_argument("--command", default="bash bench/run.sh")
parser.add_argument("--pinning", default="")
parser.add_argument("--waited", default="0")
parser.add_argument("--elapsed", default="", help="seconds the whole run took")
args = parser.parse_args()

rows = results.load(args.results)


def get(name, field, default=None):
    return rows.get(name, {}).get(field, default)


ceiling = get("nghttpd-small", "rate") or 0
warm = rows.get("warm-start-check", {})
sse_pages = int(get("sse-10k", "pages") or 10000)
DESCRIPTIONS = [
    ("legacy-status-0", "2016 GetStatus, 0 attendees"),
    ("legacy-status-10k", "2016 GetStatus, 10,000 attendees"),
    ("legacy-status-100k", "2016 GetStatus, 100,000 attendees"),
    ("warm-start-first", f"2016 GetStatus, 0 attendees, fresh server: first {warm.get('window', 5):g} s after /healthz answers 200"),
    ("warm-start-warm", f"2016 GetStatus, 0 attendees, the same server after {warm.get('load', 30):g} s more load"),
    ("v1-status-0", "v1 GetStatus, 0 attendees"),
    ("v1-status-10k", "v1 GetStatus, 10,000 attendees"),
    ("v1-status-100k", "v1 GetStatus, 100,000 attendees"),
    ("page-0", "page `GET /` (HTTP/1.1), 0 attendees"),
    ("page-10k", "page `GET /` (HTTP/1.1), 10,000 attendees"),
    ("getcode", "2016 GetCode, one durable code per call"),
    ("getcode-client", "2016 GetCode (.NET client, grpc-status checked)"),
    ("issue", "v1 IssueCodes, batches of 100 (codes/s in notes)"),
    ("register", "v1 Register, distinct valid codes, durable"),
    ("form-register", "2016 form `POST /register` (HTTP/1.1), distinct valid codes, durable"),
    ("seed-10k", "seeding: Register, 10,000 codes"),
    ("seed-100k", "seeding: Register, 90,000 more codes"),
    ("mixed", "mixed: 95% v1 GetStatus, 5% Register (100,000+ attendees)"),
    ("watch-1k", "WatchStatus fan-out, 1,000 watchers"),
    ("watch-10k", "WatchStatus fan-out, 10,000 watchers"),
    ("sse-10k", f"live pages: `GET /events` fan-out, {sse_pages:,} pages (HTTP/1.1), 100,000 attendees"),
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


def client_cpu(r):
    """The load client's own CPU, and whether it set the pace (it runs pinned to one core)."""
    cores = r.get("client_cpu")
    if cores is None:
        return None
    verdict = "kept up" if cores < 0.8 else "near its core: it may be the bound"
    return f"load client {fmt(cores, 2)} cores ({verdict})"


def notes(name, r):
    parts = []
    if name.startswith("watch"):
        parts.append(f"send→last p50/p99 in the latency columns (includes the commit); Register's answer→last {fmt(r.get('answer_last_p50_ms'), 1)} / {fmt(r.get('answer_last_p99_ms'), 1)} ms; "
                     f"first→last spread {fmt(r.get('spread_p50_ms'), 1)} / {fmt(r.get('spread_p99_ms'), 1)} ms; "
                     f"VmRSS {fmt(r.get('rss_idle_mb'), 1)} → {fmt(r.get('rss_watching_mb'), 1)} MB with the watchers open = {fmt(r.get('kb_per_watcher'), 1)} KB per watcher, VmHWM {fmt(r.get('hwm_watching_mb'), 1)} MB")
    if name.startswith("sse"):
        parts.append(f"Register's answer→last page p50/p99 in the latency columns; send→last {fmt(r.get('sent_last_p50_ms'), 1)} / {fmt(r.get('sent_last_p99_ms'), 1)} ms; "
                     f"first→last spread {fmt(r.get('spread_p50_ms'), 1)} / {fmt(r.get('spread_p99_ms'), 1)} ms; Register itself {fmt(r.get('register_p50_ms'), 1)} / {fmt(r.get('register_p99_ms'), 1)} ms; "
                     f"VmRSS {fmt(r.get('rss_idle_mb'), 1)} → {fmt(r.get('rss_pages_mb'), 1)} MB with the pages open = {fmt(r.get('kb_per_page'), 1)} KB per page, VmHWM {fmt(r.get('hwm_pages_mb'), 1)} MB; "
                     f"pages opened in {fmt(r.get('open_seconds'), 1)} s; {fmt(r.get('events_per_second'))} events/s delivered")
    if name == "warm-start-first" and r.get("rate") and get("warm-start-warm", "rate"):
        parts.append(f"{100 * r['rate'] / get('warm-start-warm', 'rate'):.1f}% of the warm rate; /healthz answered {fmt(warm.get('healthy_seconds'), 2)} s after the process was spawned")
    if name == "form-register":
        parts.append(f"{fmt(r.get('connections'))} kept-alive connections; success = 200 with an empty body; the v1 count grew by {fmt(r.get('count_grew'))}")
    if client_cpu(r):
        parts.append(client_cpu(r))
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
        parts.append(("HTTP answers " if r.get("status_kind") == "HTTP" else "grpc-status ") + ", ".join(f"{k} {v:,}" for k, v in r["statuses"].items()))
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
first, warmed = get("warm-start-first", "rate"), get("warm-start-warm", "rate")
sse = rows.get("sse-10k", {})
form = rows.get("form-register", {})
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
           target("server RSS, 100,000 attendees + 10,000 watchers", watch.get("rss_watching_mb"), "≤ 150 MB", (watch.get("rss_watching_mb") or 1e9) <= 150, " MB"),
           target("(bound) 10,000 watchers, p99 from Register's answer (the commit lies between send and answer)", watch.get("answer_last_p99_ms"), "for reference", None, " ms"),
           target(f"warm start: 2016 GetStatus in the first {warm.get('window', 5):g} s after /healthz vs after {warm.get('load', 30):g} s of load", first and warmed and 100 * first / warmed,
                  "≥ 70%", first and warmed and first >= 0.7 * warmed, "%"),
           *[target(f"CLI cold start, `rollcall {command}` ({kind}, median of {get(name, 'runs', 0)})", get(name, "p50_ms"), "< 150 ms",
                    get(name, "p50_ms") is not None and get(name, "p50_ms") < 150 and get(name, "errors") == 0, " ms")
             for name, command, kind in [("cli-status", "status", "built CLI"), ("cli-code", "code", "built CLI"),
                                         ("cli-status-bin", "status", "CLI_BIN"), ("cli-code-bin", "code", "CLI_BIN")] if name in rows],
           target(f"{sse_pages:,} live pages notified, p99 from Register's answer to the last page", sse.get("p99_ms"), "≤ 200 ms",
                  (sse.get("p99_ms") or 1e9) <= 200 and sse.get("errors") == 0, " ms"),
           target(f"{sse_pages:,} live pages notified, p99 from sending Register (includes the commit and Register's wait)", sse.get("sent_last_p99_ms"), "≤ 200 ms",
                  (sse.get("sent_last_p99_ms") or 1e9) <= 200 and sse.get("errors") == 0, " ms"),
           target(f"server VmRSS, 100,000 attendees + {sse_pages:,} live pages", sse.get("rss_pages_mb"), "≤ 150 MB", (sse.get("rss_pages_mb") or 1e9) <= 150, " MB"),
           target(f"server VmHWM, 100,000 attendees + {sse_pages:,} live pages (peak while opening them)", sse.get("hwm_pages_mb"), "≤ 150 MB", (sse.get("hwm_pages_mb") or 1e9) <= 150, " MB"),
           target("2016 form `POST /register`, durable, 0 errors", form.get("rate"), "≥ 20,000/s",
                  (form.get("rate") or 0) >= 20000 and form.get("errors") == 0 and form.get("count_grew") == form.get("ok")),
           *[target(f"Pi monitor VmHWM after a round ({kind})", get(name, "hwm_mb"), "≤ 30 MB", (get(name, "hwm_mb") or 1e9) <= 30 and get(name, "errors") == 0, " MB")
             for name, kind in [("monitor", "built CLI, `dotnet rollcall.dll`"), ("monitor-bin", "MONITOR_BIN")] if name in rows]]


CLIENT_ROWS = [
    ("cli-status", "`rollcall status` (built CLI), 0 attendees"),
    ("cli-code", "`rollcall code` (built CLI), one durable code"),
    ("cli-status-bin", "`rollcall status` (CLI_BIN), 0 attendees"),
    ("cli-code-bin", "`rollcall code` (CLI_BIN), one durable code"),
    ("monitor", "`rollcall monitor` (built CLI), Sense HAT output to a file"),
    ("monitor-bin", "`rollcall monitor` (MONITOR_BIN), Sense HAT output to a file"),
]
client_table = ["| process | runs | wall ms, median | wall ms, min – max | peak RSS MB | RSS MB after a round | errors | notes |",
                "|---|---|---|---|---|---|---|---|"]
for name, description in CLIENT_ROWS:
    r = rows.get(name)
    if not r:
        continue
    if r.get("tool") == "cli":
        note = f"CPU {fmt(r.get('cpu_ms_per_run'))} ms per run; prints `{r.get('first_output', '')}`"
        client_table.append(f"| {description} | {fmt(r.get('runs'))} | **{fmt(r.get('p50_ms'), 1)}** | {fmt(r.get('min_ms'), 1)} – {fmt(r.get('max_ms'), 1)} | "
                            f"{fmt(r.get('peak_rss_mb'), 1)} | – | {fmt(r.get('errors'))} | {note} |")
    else:
        note = (r.get("why") or f"first count {fmt(r.get('ready_seconds'), 2)} s after start, reading {fmt(r.get('seconds_after_ready'))} s later; highest VmRSS sampled {fmt(r.get('highest_rss_mb'), 1)} MB; "
                f"{fmt(r.get('threads'))} threads; exit {r.get('exit_code', '–')} on SIGTERM")
        client_table.append(f"| {description} | 1 | – | – | **{fmt(r.get('hwm_mb'), 1)}** (VmHWM) | {fmt(r.get('rss_mb'), 1)} (VmRSS) | {fmt(r.get('errors'))} | {note} |")


def sh(command):
    try:
        return subprocess.run(command, shell=True, capture_output=True, text=True, timeout=30).stdout.strip()
    except Exception:
        return "?"


cpu = sh("grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'")
ram = sh("awk '/MemTotal/ {printf \"%.0f GiB\", $2/1048576}' /proc/meminfo")
commands = "Commands (URL is the scenario's path on the server; $TOKEN the admin token):\n\n" + "\n".join(
    f"- {description}: `{rows[name]['command']}`" for name, description in DESCRIPTIONS + CLIENT_ROWS if name in rows and rows[name].get("command"))
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
distinct codes, so no budget is ever spent. Kestrel's own cap of 10,000 connections per endpoint
is raised to 20,000 (`--RollCall:Limits:MaxConcurrentConnections=20000`), or 10,000 live pages would
leave no room for one more browser. Security headers, frame
validation, the failed-attempt limiter and the audit log are in the measured path.

- **Live pages** (`sse-watch`), on the second server below once seeded to 100,000 attendees (on
  the first, 10,000 watchers have just left their memory behind): the load client holds N
  `GET /events` connections, HTTP/1.1, one TCP connection each, on raw sockets with a 1 KB buffer,
  reading only `event:`, `id:` and the start of `data:`; then it makes R v1 Register calls one at
  a time. Each is timed from Register's answer (sent after the commit) to the arrival of its
  `registered` event's bytes on the last page, matched by the attendant number in the data, with
  every page checked to see the same version, in order. The notes add the time from sending
  Register (so including the commit and Register's own wait) and Register alone. **WatchStatus**
  keeps send→last in its latency columns, with answer→last in the notes; the commit lies between
  the two. VmRSS and VmHWM (reset at the start of the scenario) are read 2 s after the last page or
  stream opened. The load client's own CPU over the registrations says whether it kept up: it is
  pinned to one core.
- **2016 form** (`form-register`): `POST /register` with `data={{"firstName":…,"lastName":…,"code":…}}`,
  urlencoded, over 256 kept-alive HTTP/1.1 connections with one request in flight each, codes
  minted beforehand through IssueCodes; only 200 with an empty body (the 2016 success, sent after
  the commit) counts, and the v1 count must grow by exactly the successes.
- **Warm start**: a second server process on a fresh data folder, pinned like the first, with the
  same settings, started after the first stopped; `/healthz` is polled every 20 ms from the spawn,
  and h2load (2016 GetStatus, the same settings, no warm-up) starts on the first 200 for one
  window, then unrecorded load, then a second window. **CLI cold start**: the CLI spawned several
  times against that server (0 attendees, so `status` is one GetStatus call; `code` mints one
  durable code with the admin token), wall time from spawn to exit by `time.perf_counter` around
  the child (`bench/client_figures.py`), pinned with the load clients; "peak RSS" is the largest
  `ru_maxrss` of the runs. **Pi monitor**: `rollcall monitor --display sensehat --framebuffer FILE
  --scroll-speed 0.01` (the Pi's own output path, into a plain file) against the first server
  after the writes; VmRSS and VmHWM are read a few seconds after its first count (a round of the
  show takes about 7 s at that speed), then it gets SIGTERM.

- Machine: {sh('nproc')} CPUs ({cpu}), {ram} RAM, Linux {platform.release()}, .NET {sh('dotnet --version')}
- Pinning: {args.pinning} (`taskset`)
- Load average before / after the run: {args.load_before} / {args.load_after} (waited {args.waited} s for it to fall){" — a busy shared machine (other engineers' builds and tests running): figures are noisy and low" if args.load_before and float(args.load_before.split()[0]) > 1.5 else ""}
- Date: {datetime.date.today().isoformat()}
- Command: `{args.command.strip()}`{f" ({float(args.elapsed) / 60:.0f} min)" if args.elapsed else ""}

{chr(10).join(table)}

The client processes (CLI cold start, Pi monitor memory), pinned with the load clients:

{chr(10).join(client_table) if len(client_table) > 2 else "not run"}

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
