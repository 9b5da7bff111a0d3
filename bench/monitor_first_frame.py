"""Time from spawning `rollcall monitor` under qemu-aarch64 to its first non-blank Sense HAT frame.

Starts the built server (pinned to CPU 0, fresh data folder), then runs the linux-arm64 monitor
RUNS times on CPU 1 with --framebuffer pointing at a blank 128-byte file, and prints the seconds
until the file first holds a lit pixel. Each run stops by itself after 20 s.

    python3 bench/monitor_first_frame.py SERVER_DLL artifacts/publish/cli-linux-arm64/rollcall [RUNS]
"""
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    server_dll, monitor = sys.argv[1], sys.argv[2]
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 5
    work = tempfile.mkdtemp(prefix="rollcall-frame-")
    web, grpc = free_port(), free_port()
    server = subprocess.Popen(
        ["taskset", "-c", "0", "dotnet", server_dll, "--data-dir", os.path.join(work, "data"),
         "--web-url", f"http://127.0.0.1:{web}", "--grpc-url", f"http://127.0.0.1:{grpc}",
         "--Logging:LogLevel:Default=Warning"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{web}/readyz", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        times = []
        for run in range(runs):
            framebuffer = os.path.join(work, f"fb{run}")
            with open(framebuffer, "wb") as f:
                f.write(b"\0" * 128)
            started = time.monotonic()
            child = subprocess.Popen(
                ["taskset", "-c", "1", "qemu-aarch64", "-L", "/usr/aarch64-linux-gnu", monitor, "monitor",
                 "--display", "sensehat", "--framebuffer", framebuffer, "--scroll-speed", "0.01",
                 "--server", f"http://127.0.0.1:{grpc}"],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            first = None
            while time.monotonic() - started < 20:
                with open(framebuffer, "rb") as f:
                    if any(f.read()):
                        first = time.monotonic() - started
                        break
                time.sleep(0.005)
            child.kill()
            child.wait()
            times.append(first)
            print(f"run {run + 1}: " + (f"{first:.3f} s" if first is not None else "no frame within 20 s"))
        lit = sorted(t for t in times if t is not None)
        if lit:
            print(f"median {lit[len(lit) // 2]:.3f} s over {len(lit)} runs, load {os.getloadavg()[0]:.2f}")
    finally:
        server.kill()
        server.wait()


if __name__ == "__main__":
    main()
