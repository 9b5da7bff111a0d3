#!/usr/bin/env python3
"""Figures of RollCall's client processes for bench/run.sh, one JSON line each.

  client_figures.py start SCENARIO --runs N -- COMMAND ...
      Runs COMMAND N times, one after another, and times each from spawning it to its exit
      (time.perf_counter around the child; os.wait4 gives its own peak RSS and CPU time).
      Reports the median, min and max wall time; any exit code but 0 counts as an error.
  client_figures.py memory SCENARIO --seconds S [--ready TEXT] -- COMMAND ...
      Starts COMMAND (e.g. rollcall monitor), waits until its standard output shows TEXT (default
      "Attendants:", the monitor's first count), lets it run S more seconds (a round of the show),
      reads VmRSS and VmHWM from /proc, then stops it with SIGTERM (SIGKILL after 10 s).

Every run is bounded: a child that outlives its time limit is killed and counted as an error.
"""
import argparse
import json
import os
import resource
import signal
import statistics
import subprocess
import sys
import threading
import time

parser = argparse.ArgumentParser()
parser.add_argument("mode", choices=["start", "memory"])
parser.add_argument("scenario")
parser.add_argument("--runs", type=int, default=7)
parser.add_argument("--seconds", type=float, default=10)
parser.add_argument("--ready", default="Attendants:")
parser.add_argument("--timeout", type=float, default=60, help="seconds any one child may take to start or finish")
if "--" not in sys.argv:
    parser.error("the command to run follows --")
split = sys.argv.index("--")
args = parser.parse_args(sys.argv[1:split])
command = sys.argv[split + 1:]
children = []


def stop_children(*_):
    for child in children:
        if child.poll() is None:
            child.kill()
    sys.exit(130)


# bench/run.sh's trap stops this script with SIGTERM; its children go with it.
signal.signal(signal.SIGTERM, stop_children)
signal.signal(signal.SIGINT, stop_children)


def proc_mb(pid, field):
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return None


def start():
    walls, errors, first_output = [], 0, None
    for _ in range(args.runs):
        began = time.perf_counter()
        child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        children.append(child)
        try:
            output, _ = child.communicate(timeout=args.timeout)
        except subprocess.TimeoutExpired:
            child.kill()
            output, _ = child.communicate()
            errors += 1
            continue
        wall = time.perf_counter() - began
        walls.append(wall * 1000)
        if child.returncode != 0:
            errors += 1
        if first_output is None:
            first_output = output.decode("utf-8", "replace").strip().splitlines()[:1]
    usage = os.times()
    result = {"scenario": args.scenario, "tool": "cli", "runs": args.runs, "errors": errors}
    if walls:
        result.update(p50_ms=round(statistics.median(walls), 1), min_ms=round(min(walls), 1), max_ms=round(max(walls), 1),
                      walls_ms=[round(w, 1) for w in walls],
                      cpu_ms_per_run=round((usage.children_user + usage.children_system) * 1000 / len(walls), 1))
    # ru_maxrss of the children is the largest of any one of them (Linux: kilobytes).
    result["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1)
    result["first_output"] = (first_output or [""])[0][:80]
    result["command"] = " ".join(command)
    return result


def memory():
    result = {"scenario": args.scenario, "tool": "process", "errors": 0, "command": " ".join(command)}
    began = time.monotonic()
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    children.append(child)
    ready = threading.Event()
    lines = []

    def read():
        # Drains the child's output (a full pipe would stall it) and watches for the ready text.
        for raw in child.stdout:
            line = raw.decode("utf-8", "replace")
            if len(lines) < 20 and line.strip():
                lines.append(line.strip()[:120])
            if args.ready in line:
                ready.set()

    threading.Thread(target=read, daemon=True).start()
    try:
        if not ready.wait(args.timeout) or child.poll() is not None:
            result.update(errors=1, failed=1, why=f"no '{args.ready}' within {args.timeout:.0f} s", output=lines[:5])
            return result
        result["ready_seconds"] = round(time.monotonic() - began, 2)
        result["seconds_after_ready"] = args.seconds
        deadline = time.monotonic() + args.seconds
        highest = 0
        while time.monotonic() < deadline and child.poll() is None:
            highest = max(highest, proc_mb(child.pid, "VmRSS") or 0)
            time.sleep(0.1)
        if child.poll() is not None:
            result.update(errors=1, failed=1, why=f"exited with {child.returncode} before the reading", output=lines[:5])
            return result
        result.update(rss_mb=proc_mb(child.pid, "VmRSS"), hwm_mb=proc_mb(child.pid, "VmHWM"), highest_rss_mb=highest,
                      threads=int(open(f"/proc/{child.pid}/status").read().split("Threads:")[1].split()[0]))
        child.send_signal(signal.SIGTERM)
        try:
            result["exit_code"] = child.wait(10)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
            result["exit_code"] = "killed after SIGTERM was ignored for 10 s"
            result["errors"] = 1
        result["output"] = lines[:3]
        return result
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()


print(json.dumps(start() if args.mode == "start" else memory()))
