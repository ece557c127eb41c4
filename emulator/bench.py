"""Benchmark of the emulator: start-up time and signed topic listings per second.

    .venv/bin/python emulator/bench.py [--requests 1000] [--clients 4] [--topics 100] [--modes ...]

Starts ``python -m dms_emulator --port 0`` (in memory), creates a RUNNING instance
with 100 topics, then sends signed ``GET /v2/{project_id}/instances/{id}/topics``
requests, first from one client and then from several clients at once, and prints
the figures (targets: >= 300 req/s, start-up < 2 s).  It prints; it asserts nothing.

It does so for several builds of the same emulator, side by side in one run: with
every speed-up turned off (``DMS_EMULATOR_BASELINE=all``), then adding them one at
a time (see ``dms_emulator.core.optimised``).  Besides requests per second it prints
the emulator's own CPU time per request (from /proc), which a busy machine disturbs
far less than the wall-clock figures.
"""

from __future__ import annotations

import argparse
import datetime
import http.client
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from urllib.parse import urlsplit

import httpx

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from dms_emulator import auth  # noqa: E402  (its canonical-request builder signs our requests)

AK, SK, PROJECT = "BENCHAK", "BENCHSK", "0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e"


def signed_headers(method: str, url: str, body: bytes) -> dict:
    parts = urlsplit(url)
    headers = {
        "content-type": "application/json",
        "host": parts.netloc,
        "x-project-id": PROJECT,
        "x-sdk-date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ"),
    }
    names = sorted(headers)
    _, sts = auth.string_to_sign(method, parts.path, parts.query, headers, names, body)
    headers["authorization"] = "SDK-HMAC-SHA256 Access=%s, SignedHeaders=%s, Signature=%s" % (
        AK, ";".join(names), auth.sign(SK, sts))
    return headers


def call(client: httpx.Client, base: str, method: str, path: str, body: bytes = b"") -> httpx.Response:
    url = base + path
    return client.request(method, url, content=body, headers=signed_headers(method, url, body))


# (label, DMS_EMULATOR_BASELINE): the speed-ups turned off in that build.
MODES = [
    ("baseline (none)", "all"),
    ("+ inline handlers", "flat,views"),
    ("+ flat routes", "views"),
    ("+ listing views (all)", ""),
]


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process (Linux /proc; 0.0 elsewhere)."""
    try:
        fields = open("/proc/%d/stat" % pid).read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def start(baseline: str = "") -> tuple:
    fd, port_file = tempfile.mkstemp(prefix="emu-bench-")
    os.close(fd)
    os.unlink(port_file)
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "dms_emulator", "--port", "0", "--port-file", port_file,
                             "--access-key", AK, "--secret-key", SK, "--project-id", PROJECT,
                             "--delay-seconds", "1"], stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
                            env=dict(os.environ, DMS_EMULATOR_BASELINE=baseline))
    while not os.path.exists(port_file):
        if proc.poll() is not None:
            raise SystemExit("emulator exited with %s" % proc.returncode)
        time.sleep(0.005)
    port = int(open(port_file).read())
    os.unlink(port_file)
    base = "http://127.0.0.1:%d" % port
    while True:
        try:
            if httpx.get(base + "/_emulator/health", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.005)
    return proc, base, time.perf_counter() - t0


def setup(base: str, topics: int) -> str:
    import json

    with httpx.Client() as c:
        azs = call(c, base, "GET", "/v2/available-zones").json()["available_zones"]
        body = {
            "name": "kafka-bench", "engine": "kafka", "engine_version": "2.7", "broker_num": 3,
            "storage_space": 300, "vpc_id": "2a6b5c3e-1f2d-4e5f-8a9b-0c1d2e3f4a5b",
            "subnet_id": "3b7c6d4f-2e3a-4f5a-9b0c-1d2e3f4a5b6c",
            "security_group_id": "4c8d7e5a-3f4b-4a6b-8c1d-2e3f4a5b6c7d", "available_zones": [azs[0]["id"]],
            "product_id": "c6.2u4g.cluster", "storage_spec_code": "dms.physical.storage.ultra.v2",
        }
        r = call(c, base, "POST", "/v2/%s/kafka/instances" % PROJECT, json.dumps(body).encode())
        if r.status_code != 200:  # current create not available: the out-of-date one
            v1 = {"name": "kafka-bench", "engine": "kafka", "engine_version": "2.3.0", "specification": "300MB",
                  "storage_space": 1200, "partition_num": 900, "vpc_id": body["vpc_id"],
                  "subnet_id": body["subnet_id"], "security_group_id": body["security_group_id"],
                  "available_zones": body["available_zones"], "product_id": "00300-30310-0--0",
                  "kafka_manager_user": "manager", "kafka_manager_password": "Manager@123",
                  "storage_spec_code": "dms.physical.storage.high"}
            r = call(c, base, "POST", "/v1.0/%s/instances" % PROJECT, json.dumps(v1).encode())
        r.raise_for_status()
        iid = r.json()["instance_id"]
        c.post(base + "/_emulator/clock", json={"advance": 3600})
        for i in range(topics):
            t = json.dumps({"id": "bench-topic-%03d" % i, "partition": 3, "replication": 3}).encode()
            r = call(c, base, "POST", "/v2/%s/instances/%s/topics" % (PROJECT, iid), t)
            if r.status_code != 200:
                r = call(c, base, "POST", "/v1.0/%s/instances/%s/topics" % (PROJECT, iid), t)
            r.raise_for_status()
    return iid


def run(base: str, path: str, n: int, clients: int) -> tuple:
    latencies: list = []
    lock = threading.Lock()
    per = n // clients
    failures = []

    host, port = urlsplit(base).hostname, urlsplit(base).port

    def worker():
        # a keep-alive stdlib connection: cheaper per request than httpx, so the
        # figures say more about the emulator than about the client
        local = []
        conn = http.client.HTTPConnection(host, port)
        for _ in range(per):
            t = time.perf_counter()
            conn.request("GET", path, headers=signed_headers("GET", base + path, b""))
            r = conn.getresponse()
            r.read()
            local.append(time.perf_counter() - t)
            if r.status != 200:
                failures.append(r.status)
        conn.close()
        with lock:
            latencies.extend(local)

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    t0 = time.perf_counter()
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    elapsed = time.perf_counter() - t0
    return len(latencies) / elapsed, latencies, failures


def measure(baseline: str, a) -> dict:
    proc, base, _ = start(baseline)
    try:
        iid = setup(base, a.topics)
        path = "/v2/%s/instances/%s/topics" % (PROJECT, iid)
        with httpx.Client() as c:
            first = call(c, base, "GET", path).json()
            for _ in range(50):  # warm-up
                call(c, base, "GET", path)
        out = {"listed": len(first.get("topics", [])), "iid": iid, "base": base}
        for clients in (1, a.clients):
            cpu0 = cpu_seconds(proc.pid)
            rate, lat, failures = run(base, path, a.requests, clients)
            cpu = (cpu_seconds(proc.pid) - cpu0) / max(1, len(lat))
            lat.sort()
            out[clients] = (rate, lat[len(lat) // 2] * 1000, lat[int(len(lat) * 0.99) - 1] * 1000, cpu * 1000,
                            len(failures))
        return out
    finally:
        proc.terminate()
        proc.wait()


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--requests", type=int, default=1000)
    p.add_argument("--clients", type=int, default=4)
    p.add_argument("--topics", type=int, default=100)
    p.add_argument("--modes", default="all", help="'all' (every build side by side) or 'current' (all speed-ups)")
    a = p.parse_args()
    startups = []
    for _ in range(3):
        proc, base, secs = start()
        startups.append(secs)
        proc.terminate()
        proc.wait()
    modes = MODES if a.modes == "all" else MODES[-1:]
    results = [(label, measure(baseline, a)) for label, baseline in modes]
    print("dms_emulator benchmark (load average %s)" % " ".join("%.2f" % x for x in os.getloadavg()))
    print("  start-up to first answer: median %.3f s, max %.3f s over %d starts (target < 2 s)"
          % (statistics.median(startups), max(startups), len(startups)))
    print("  signed GET topic listing of %d topics (one answer lists %d), %d requests per row:"
          % (a.topics, results[-1][1]["listed"], a.requests))
    print("  %-24s %8s %8s %8s %12s %9s" % ("build", "clients", "req/s", "p50 ms", "server CPU ms", "vs first"))
    first = {}
    for label, res in results:
        for clients in (1, a.clients):
            rate, p50, p99, cpu, failures = res[clients]
            first.setdefault(clients, rate)
            print("  %-24s %8d %8.0f %8.1f %12.2f %8.2fx%s" % (label, clients, rate, p50, cpu, rate / first[clients],
                                                           ", %d failures" % failures if failures else ""))
    print("  (target >= 300 req/s; 'vs first' is the request rate against the first build, same client count)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
