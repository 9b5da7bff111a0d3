#!/usr/bin/env python3
"""Writes the "1,000 events" section of docs/BENCHMARKS.md from a `bench/run.sh ONLY=events` run.

  events_report.py RESULTS.jsonl OUT.md --command "..." [--load-before L] [--load-after L]

One event's v1 GetStatus and page, measured on one server twice, back to back: while it is the only
event with attendees, then after the other events were added. Replaces an older section of the
same title and leaves every other section as it is.
"""
import argparse
import datetime
import os
import platform
import re

import results

parser = argparse.ArgumentParser()
parser.add_argument("results")
parser.add_argument("out")
parser.add_argument("--command", required=True)
parser.add_argument("--load-before", default="")
parser.add_argument("--load-after", default="")
args = parser.parse_args()

rows = results.load(args.results)


def get(name, key):
    return rows.get(name, {}).get(key)


def best(prefix):
    """The round of a read with the highest rate, the least disturbed by the rest of the machine, and every round's rate."""
    rounds = [r for n, r in rows.items() if n and re.fullmatch(re.escape(prefix) + r"-\d+", n)]
    if not rounds:
        return prefix, []
    top = max(rounds, key=lambda r: r.get("rate") or 0)
    return top["scenario"], [r.get("rate") for r in sorted(rounds, key=lambda r: r["scenario"])]


def fmt(value, digits=0):
    if value is None:
        return "–"
    return f"{value:,.{digits}f}"


check = rows.get("events-check", {})
events = int(check.get("events") or 1000)
per_event = int(check.get("attendees_per_event") or 100)
TITLE = "## One event among many: 1,000 events of 100 attendees each"

rounds_seen = []
lines = [
    TITLE,
    "",
    f"*Measured {datetime.date.today().isoformat()} by `bench/run.sh` with `ONLY=events`; {platform.machine()}, "
    f"{os.cpu_count()} cores, the server pinned as the command says.*",
    "",
    f"The target of the events issue: the page and GetStatus of one event at the same rate with {events:,} events of "
    f"{per_event:,} attendees each as with a single event (within 10%). One server, one event (`bench-1`, current, "
    f"{per_event:,} attendees; the server's `default` event beside it, empty), measured; then {events - 1:,} more events "
    f"of {per_event:,} attendees each are created, minted and registered through the API, and the same event is "
    "measured again. The v1 GetStatus names the event (`event: \"bench-1\"`), the page is `GET /e/bench-1/` over HTTP/1.1.",
    "",
    f"| read of `bench-1` (best of its rounds) | 1 event: rate/s | {events:,} events: rate/s | ratio | p50 / p99 ms (1 → {events:,}) | server µs CPU per call (1 → {events:,}) | errors |",
    "|---|---:|---:|---:|---|---|---:|",
]
for label, one_prefix, many_prefix in [("v1 GetStatus (h2load, gRPC)", "events-1-status", "events-many-status"),
                                       ("page `GET /e/bench-1/` (h2load --h1)", "events-1-page", "events-many-page")]:
    (one, one_rates), (many, many_rates) = best(one_prefix), best(many_prefix)
    a, b = get(one, "rate"), get(many, "rate")
    ratio = f"**{100 * b / a:.1f}%**" if a and b else "–"
    errors = sum(int(r.get("errors") or 0) for n, r in rows.items() if n and (n.startswith(one_prefix) or n.startswith(many_prefix)))
    lines.append(
        f"| {label} | {fmt(a)} | {fmt(b)} | {ratio} | {fmt(get(one, 'p50_ms'), 2)} / {fmt(get(one, 'p99_ms'), 2)} → "
        f"{fmt(get(many, 'p50_ms'), 2)} / {fmt(get(many, 'p99_ms'), 2)} | {fmt(get(one, 'server_cpu_us_per_call'), 1)} → "
        f"{fmt(get(many, 'server_cpu_us_per_call'), 1)} | {errors} |")
    rounds_seen.append(f"{label}: {', '.join(fmt(r) for r in one_rates)} → {', '.join(fmt(r) for r in many_rates)}")
seed = rows.get("events-seed-rest", {})
lines += ["", f"Every round, calls/s (1 event → {events:,} events): " + "; ".join(rounds_seen) + "."]
lines += [
    "",
    f"Seeding the other {events - 1:,} events: {fmt(seed.get('ok'))} registrations at {fmt(seed.get('rate'))}/s "
    f"(the checked event still had {fmt(seed.get('checked_count'))} attendees afterwards). The page is "
    f"{fmt(check.get('page_bytes'))} bytes.",
    "",
    f"Load average before the run: {args.load_before or '–'}; after: {args.load_after or '–'}. **The machine is shared** with other "
    "engineers' builds and tests, so the absolute rates move from run to run; the two phases ran back to back on the "
    "same server and are comparable with each other, not with the other sections' figures.",
    "",
    "```sh",
    args.command.strip(),
    "```",
    "",
]
section = "\n".join(line for line in lines) + "\n"

text = open(args.out, encoding="utf-8").read()
pattern = re.compile(re.escape(TITLE) + r"\n.*?(?=\n## |\Z)", re.S)
if pattern.search(text):
    text = pattern.sub(lambda _: section.rstrip("\n") + "\n", text)
else:
    text = text.rstrip("\n") + "\n\n" + section
open(args.out, "w", encoding="utf-8").write(text)
