#!/usr/bin/env python3
"""Writes one row of the "Startup" section of docs/BENCHMARKS.md from a `bench/run.sh ONLY=startup` run.

  startup_report.py RESULTS.jsonl OUT.md --label LABEL --command "..." [--load-before "1.0 0.9 0.8"]

The section holds one table, a row per build and runtime setting (LABEL); a run replaces the row
of its own label and leaves the others, so several settings measured one after another end up
side by side, each with the exact command that measured it.
"""
import argparse
import datetime
import re

import results

parser = argparse.ArgumentParser()
parser.add_argument("results")
parser.add_argument("out")
parser.add_argument("--label", required=True)
parser.add_argument("--command", required=True)
parser.add_argument("--load-before", default="")
args = parser.parse_args()

rows = results.load(args.results)


def get(name, key):
    return rows.get(name, {}).get(key)


def fmt(value, digits=0):
    if value is None:
        return "–"
    return f"{value:,.{digits}f}"


first, warm = get("warm-start-first", "rate"), get("warm-start-warm", "rate")
ratio = 100 * first / warm if first and warm else None
check = rows.get("warm-start-check", {})
cells = [
    args.label.replace("|", "\\|"),
    fmt(check.get("healthy_seconds"), 2),
    fmt(first),
    fmt(warm),
    f"**{fmt(ratio, 1)}%**" if ratio is not None else "–",
    f"{fmt(get('warm-start-first', 'server_cpu_us_per_call'), 1)} / {fmt(get('warm-start-warm', 'server_cpu_us_per_call'), 1)}",
    fmt(get("cli-status", "p50_ms"), 1),
    fmt(get("cli-status-bin", "p50_ms"), 1),
    fmt(get("cli-code-bin", "p50_ms"), 1),
    fmt(get("monitor", "hwm_mb"), 1),
    fmt(get("monitor-bin", "hwm_mb"), 1),
    sum(int(r.get("errors") or 0) for r in rows.values()),
    datetime.date.today().isoformat() + (f", load {args.load_before.split()[0]}" if args.load_before else ""),
    f"`{args.command.strip()}`",
]
row = "| " + " | ".join(str(c) for c in cells) + " |"

heading = "## Startup: warm start, CLI cold start, Pi monitor memory"
header = """Written by `bench/run.sh` with `ONLY=startup` (`bench/startup_report.py`), one row per build and
runtime setting: a freshly started server on a fresh data folder, pinned like the throughput run;
`/healthz` polled every 20 ms from the spawn; h2load (2016 GetStatus, 0 attendees, the same `-c 8
-m 32 -t 1`, no warm-up) for 5 s from its first 200 ("first 5 s"), then 30 s of unrecorded load,
then 5 s more ("after 30 s"). Target: first 5 s ≥ 70% of after 30 s. The server's CPU time per call
in each window says the same with less noise from a busy machine (other processes share its core). Then against that server the
CLI's cold start (`rollcall status`, `rollcall code`: median wall time of 9 spawns, spawn to exit)
and `rollcall monitor`'s VmHWM a few seconds after its first count (target ≤ 30 MB). "built" is
`dotnet rollcall.dll` from `dotnet build`; "AOT" the Native AOT CLI of `scripts/publish.sh`.

| build and setting | /healthz after spawn, s | first 5 s, calls/s | after 30 s, calls/s | first / after | server CPU µs/call, first / after | `status` built, ms | `status` AOT, ms | `code` AOT, ms | monitor built, MB | monitor AOT, MB | errors | date | command |
|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"""

try:
    text = open(args.out, encoding="utf-8").read()
except FileNotFoundError:
    text = "# Benchmarks\n\nEach section is written by the script it names.\n"
pattern = re.compile(r"^" + re.escape(heading) + r"\n.*?(?=^## (?!#)|\Z)", re.S | re.M)
match = pattern.search(text)
table_rows = []
tail = ""
if match:
    body = match.group(0)
    table_rows = [line for line in body.splitlines() if line.startswith("| ") and not line.startswith("| build and setting")]
    # Anything written by hand below the table stays.
    after_table = body.split(header.splitlines()[-1], 1)
    if len(after_table) == 2:
        tail = "\n".join(line for line in after_table[1].splitlines() if not line.startswith("| ")).strip("\n")
label_cell = "| " + cells[0] + " |"
table_rows = [r for r in table_rows if not r.startswith(label_cell)] + [row]
section = heading + "\n\n" + header + "\n" + "\n".join(table_rows) + "\n" + (("\n" + tail + "\n") if tail else "") + "\n"
if match:
    text = text[:match.start()] + section + text[match.end():]
else:
    text = text.rstrip("\n") + "\n\n" + section
open(args.out, "w", encoding="utf-8").write(text)
print(row)
