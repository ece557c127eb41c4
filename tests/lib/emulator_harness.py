"""Test harness: a real emulator server process and an independent signed client.

The client signs requests with its own small SDK-HMAC-SHA256 implementation
(written from the signing description), independent of both the emulator and
the collection, so that a misreading in either shows up here.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import json
import os
import subprocess
import sys
import tempfile
import time
from urllib.parse import quote, urlsplit

import httpx
import pytest

AK = "TESTAK0123456789"
SK = "TESTSK-secret-0123456789"
PROJECT = "a1b2c3d4e5f60718293a4b5c6d7e8f90"
REGION = "ap-southeast-1"


def _enc(s):
    return quote(str(s), safe="~")


def sign_request(method, url, headers, body, ak=AK, sk=SK, date=None):
    """Add X-Sdk-Date and Authorization to ``headers`` (a dict) for this request."""
    parts = urlsplit(url)
    headers["X-Sdk-Date"] = date or datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    headers["Host"] = parts.netloc
    signed = sorted(k.lower() for k in headers if "_" not in k)
    lower = {k.lower(): str(v).strip() for k, v in headers.items()}
    path = "/".join(_enc(seg) for seg in parts.path.split("/"))
    if not path.endswith("/"):
        path += "/"
    pairs = []
    for p in filter(None, parts.query.split("&")):
        k, _, v = p.partition("=")
        from urllib.parse import unquote
        pairs.append((unquote(k), unquote(v)))
    query = "&".join("%s=%s" % (_enc(k), _enc(v)) for k, v in sorted(pairs))
    canonical = "\n".join([
        method.upper(), path, query,
        "".join("%s:%s\n" % (h, lower[h]) for h in signed),
        ";".join(signed), hashlib.sha256(body or b"").hexdigest(),
    ])
    sts = "SDK-HMAC-SHA256\n%s\n%s" % (headers["X-Sdk-Date"], hashlib.sha256(canonical.encode()).hexdigest())
    sig = hmac.new(sk.encode(), sts.encode(), hashlib.sha256).hexdigest()
    headers["Authorization"] = "SDK-HMAC-SHA256 Access=%s, SignedHeaders=%s, Signature=%s" % (ak, ";".join(signed), sig)
    return headers


def encode_query(params):
    if not params:
        return ""
    items = []
    for k, v in params.items():
        if isinstance(v, bool):
            v = "true" if v else "false"
        items.append((str(k), str(v)))
    return "&".join("%s=%s" % (_enc(k), _enc(v)) for k, v in sorted(items))


class Api:
    """A signed client for the emulator.  Paths may contain ``{project_id}``."""

    def __init__(self, base_url, project_id=PROJECT, ak=AK, sk=SK):
        self.base_url = base_url.rstrip("/")
        self.project_id = project_id
        self.ak = ak
        self.sk = sk
        self.http = httpx.Client(timeout=30)

    def request(self, method, path, params=None, json_body=None, raw=None, headers=None, sign=True,
                ak=None, sk=None, date=None):
        path = path.replace("{project_id}", self.project_id)
        q = encode_query(params)
        url = self.base_url + path + ("?" + q if q else "")
        body = raw if raw is not None else (json.dumps(json_body).encode() if json_body is not None else b"")
        hdrs = {"Content-Type": "application/json", "X-Project-Id": self.project_id, "User-Agent": "emu-tests"}
        hdrs.update(headers or {})
        if sign:
            sign_request(method, url, hdrs, body, ak=ak or self.ak, sk=sk or self.sk, date=date)
        return self.http.request(method, url, content=body, headers=hdrs)

    def get(self, path, params=None, **kw):
        return self.request("GET", path, params=params, **kw)

    def post(self, path, json=None, params=None, **kw):
        return self.request("POST", path, params=params, json_body=json, **kw)

    def put(self, path, json=None, params=None, **kw):
        return self.request("PUT", path, params=params, json_body=json, **kw)

    def delete(self, path, json=None, params=None, **kw):
        return self.request("DELETE", path, params=params, json_body=json, **kw)

    # test hooks ---------------------------------------------------------
    def hook(self, method, name, json=None):
        r = self.http.request(method, self.base_url + "/_emulator/" + name, json=json)
        r.raise_for_status()
        return r.json()

    def reset(self):
        return self.hook("POST", "reset")

    def advance(self, seconds):
        """Move the emulator clock forward (skips asynchronous delays)."""
        return self.hook("POST", "clock", {"advance": seconds})

    def fault(self, **spec):
        return self.hook("POST", "faults", spec)

    def requests_log(self, mutating=False, history=False):
        """The request log; ``history=True``: every request since start, across resets."""
        params = {"mutating": mutating, "history": history}
        return self.http.get(self.base_url + "/_emulator/requests", params=params).json()["requests"]

    # common setup -------------------------------------------------------
    def create_instance(self, running=True, **overrides):
        """Create a Kafka instance with a valid minimal body; wait (by clock) until RUNNING."""
        azs = self.get("/v2/available-zones").json()["available_zones"]
        body = {
            "name": "kafka-%d" % int(time.time() * 1000000 % 1000000000),
            "engine": "kafka",
            "engine_version": "2.7",
            "broker_num": 3,
            "storage_space": 300,
            "vpc_id": "2a6b5c3e-1f2d-4e5f-8a9b-0c1d2e3f4a5b",
            "subnet_id": "3b7c6d4f-2e3a-4f5a-9b0c-1d2e3f4a5b6c",
            "security_group_id": "4c8d7e5a-3f4b-4a6b-8c1d-2e3f4a5b6c7d",
            "available_zones": [azs[0]["id"]],
            "product_id": "c6.2u4g.cluster",
            "storage_spec_code": "dms.physical.storage.ultra.v2",
        }
        body.update(overrides)
        r = self.post("/v2/{project_id}/kafka/instances", json=body)
        assert r.status_code == 200, r.text
        iid = r.json()["instance_id"]
        if running:
            self.advance(3600)
            st = self.get("/v2/{project_id}/instances/" + iid).json()["status"]
            assert st == "RUNNING", st
        return iid


class Server:
    def __init__(self, proc, base_url, db):
        self.proc = proc
        self.base_url = base_url
        self.db = db


def start_server(db=None, extra_args=(), scheme="http"):
    fd, port_file = tempfile.mkstemp(prefix="emu-port-")
    os.close(fd)
    os.unlink(port_file)
    # DMS_EMULATOR_PYTHON: run the emulator from another venv (e.g. the 2.19 one while the
    # playbooks run on ansible-core 2.21 from .venv-2.21, which has no FastAPI).
    python = os.environ.get("DMS_EMULATOR_PYTHON") or sys.executable
    args = [python, "-m", "dms_emulator", "--host", "127.0.0.1", "--port", "0", "--port-file", port_file,
            "--access-key", AK, "--secret-key", SK, "--project-id", PROJECT, "--region", REGION,
            "--delay-seconds", "1"]
    if db:
        args += ["--db", db]
    args += list(extra_args)
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    deadline = time.time() + 20
    while not os.path.exists(port_file):
        if proc.poll() is not None or time.time() > deadline:
            out = proc.stdout.read().decode() if proc.stdout else ""
            proc.kill()
            raise RuntimeError("emulator did not start: " + out)
        time.sleep(0.02)
    port = int(open(port_file).read())
    os.unlink(port_file)
    base = "%s://127.0.0.1:%d" % (scheme, port)
    # wait until it answers
    while True:
        try:
            httpx.get(base + "/_emulator/health", timeout=1, verify=False)
            break
        except httpx.HTTPError:
            if time.time() > deadline:
                proc.kill()
                raise
            time.sleep(0.02)
    return Server(proc, base, db)


def stop_server(server):
    server.proc.terminate()
    try:
        server.proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.proc.kill()


@pytest.fixture(scope="session")
def server():
    srv = start_server()
    yield srv
    stop_server(srv)


@pytest.fixture()
def api(server):
    """A signed client on a freshly reset emulator."""
    client = Api(server.base_url)
    client.reset()
    yield client
    client.http.close()


@pytest.fixture()
def instance_id(api):
    """A RUNNING instance."""
    return api.create_instance()


def assert_error(resp, status, code=None):
    assert resp.status_code == status, (resp.status_code, resp.text)
    body = resp.json()
    assert set(body) >= {"error_code", "error_msg"}, body
    if code:
        assert body["error_code"] == code, body
    return body
