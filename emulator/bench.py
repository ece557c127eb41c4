"""Benchmark of the emulator: start-up time and signed topic listings per second.

    .venv/bin/python emulator/bench.py [--requests 1000] [--clients 4] [--topics 100]

Starts ``python -m dms_emulator --port 0`` (in memory), creates a RUNNING instance
with 100 topics, then sends signed ``GET /v2/{project_id}/instances/{id}/topics``
requests, first from one client and then from several clients at once, and prints
the figures (targets: >= 300 req/s, start-up < 2 s).  It prints; it asserts nothing.
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


def start() -> tuple:
    fd, port_file = tempfile.mkstemp(prefix="emu-bench-")
    os.close(fd)
    os.unlink(port_file)
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "dms_emulator", "--port", "0", "--port-file", port_file,
                             "--access-key", AK, "--secret-key", SK, "--project-id", PROJECT,
                             "--delay-seconds", "1"], stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
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


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--requests", type=int, default=1000)
    p.add_argument("--clients", type=int, default=4)
    p.add_argument("--topics", type=int, default=100)
    a = p.parse_args()
    startups = []
    for _ in range(3):
        proc, base, secs = start()
        startups.append(secs)
        proc.terminate()
        proc.wait()
    proc, base, secs = start()
    startups.append(secs)
    try:
        iid = setup(base, a.topics)
        path = "/v2/%s/instances/%s/topics" % (PROJECT, iid)
        with httpx.Client() as c:
            first = call(c, base, "GET", path).json()
            listed = len(first.get("topics", []))
            for _ in range(50):  # warm-up
                call(c, base, "GET", path)
        print("dms_emulator benchmark (%s)" % base)
        print("  start-up to first answer: median %.3f s, max %.3f s over %d starts (target < 2 s)"
              % (statistics.median(startups), max(startups), len(startups)))
        print("  instance %s with %d topics; one listing returns %d topics" % (iid, a.topics, listed))
        for clients in (1, a.clients):
            rate, lat, failures = run(base, path, a.requests, clients)
            lat.sort()
            print("  signed GET topic listing, %d client(s): %.0f req/s, p50 %.1f ms, p99 %.1f ms%s (target >= 300)"
                  % (clients, rate, lat[len(lat) // 2] * 1000, lat[int(len(lat) * 0.99) - 1] * 1000,
                     ", %d failures" % len(failures) if failures else ""))
    finally:
        proc.terminate()
        proc.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
