#!/usr/bin/env python3
"""Turns one h2load run into a JSON line: rate, HTTP statuses, p50/p99 from --log-file, bytes per response.

Usage: h2load_summary.py SCENARIO H2LOAD_OUTPUT LOG_FILE [extra JSON fields as name=value ...]
h2load prints min/mean/max only, so the percentiles come from its per-request log
(start time, HTTP status, microseconds to the end of the response).
"""
import json
import re
import sys

scenario, output_path, log_path, *extra = sys.argv[1:]
text = open(output_path, encoding="utf-8", errors="replace").read()
result = {"scenario": scenario, "tool": "h2load"}
m = re.search(r"finished in ([\d.]+)(m?s), ([\d.]+) req/s", text)
if m:
    result["seconds"] = float(m.group(1)) / (1000 if m.group(2) == "ms" else 1)
    result["rate"] = float(m.group(3))
m = re.search(r"requests: (\d+) total, (\d+) started, (\d+) done, (\d+) succeeded, (\d+) failed, (\d+) errored, (\d+) timeout", text)
if m:
    total, started, done, ok, failed, errored, timeout = map(int, m.groups())
    result.update(ok=ok, errors=failed + errored + timeout, done=done)
m = re.search(r"status codes: (\d+) 2xx, (\d+) 3xx, (\d+) 4xx, (\d+) 5xx", text)
if m:
    result["statuses"] = dict(zip(["2xx", "3xx", "4xx", "5xx"], map(int, m.groups())))
m = re.search(r"traffic: .*?\((\d+)\) total, .*?\((\d+)\) headers .*?, .*?\((\d+)\) data", text)
if m and result.get("done"):
    result["bytes_per_response"] = round(int(m.group(3)) / result["done"])
durations = []
with open(log_path, encoding="utf-8") if __import__("os").path.exists(log_path) else open("/dev/null") as log:
    for line in log:
        parts = line.split("\t")
        if len(parts) >= 3 and parts[1].startswith("2"):
            durations.append(int(parts[2]))
durations.sort()
if durations:
    def pct(p):
        return durations[min(len(durations) - 1, max(0, int(-(-p * len(durations) // 1)) - 1))] / 1000.0
    result["p50_ms"] = pct(0.50)
    result["p99_ms"] = pct(0.99)
for pair in extra:
    name, value = pair.split("=", 1)
    try:
        result[name] = float(value)
    except ValueError:
        result[name] = value
print(json.dumps(result))
