"""The emulator's machinery: command line, lifecycle, persistence, TLS, faults, hooks,
authentication, concurrency and the signature verifier."""

from __future__ import annotations

import calendar
import datetime
import json
import os
import signal
import ssl
import subprocess
import sys
import tempfile
import threading
import time

import httpx
import pytest

from conftest import AK, PROJECT, SK, Api, assert_error, sign_request, start_server, stop_server
from test_catalog import V1_BODY, v1_instance

from dms_emulator import auth
from dms_emulator.core import Settings

UNKNOWN = "1b7c2f4e-0000-4000-8000-000000000000"


# --------------------------------------------------------------------------- command line and lifecycle


def _start_plain(*args):
    proc = subprocess.Popen([sys.executable, "-m", "dms_emulator", "--port", "0"] + list(args),
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    line = proc.stdout.readline()
    return proc, line


def test_startup_prints_every_flag_default():
    proc, line = _start_plain()
    try:
        assert line.startswith("dms_emulator listening "), line
        info = json.loads(line[len("dms_emulator listening "):])
        d = Settings()
        expected = {
            "host": d.host, "db": d.db, "access_key": d.access_key, "project_id": d.project_id,
            "region": d.region, "delay_seconds": d.delay_seconds, "iam_username": d.iam_username,
            "domain_name": d.domain_name, "tls_cert": None, "tls_key": None, "auth": True,
            "_port_file": None, "_log_level": "warning",
        }
        for k, v in expected.items():
            assert info[k] == v, (k, info[k], v)
        assert info["secret_key"] == "***" and info["iam_password"] == "***"  # never printed
        assert info["port"] > 0 and info["url"] == "http://127.0.0.1:%d" % info["port"]
        r = httpx.get(info["url"] + "/_emulator/health", timeout=30)
        assert r.status_code == 200 and r.json()["status"] == "ok"
    finally:
        proc.terminate()
        proc.wait(5)
    help_text = subprocess.run([sys.executable, "-m", "dms_emulator", "--help"], capture_output=True,
                               text=True).stdout
    for flag in ("--host", "--port", "--db", "--access-key", "--secret-key", "--project-id", "--region",
                 "--delay-seconds", "--iam-username", "--iam-password", "--domain-name", "--tls-cert", "--tls-key",
                 "--no-auth", "--port-file", "--log-level"):
        assert flag in help_text, flag


def test_flags_are_applied():
    proc, line = _start_plain("--access-key", "MYAK", "--secret-key", "MYSK", "--project-id", "p" * 32,
                              "--region", "eu-west-101", "--delay-seconds", "7", "--no-auth")
    try:
        info = json.loads(line.split(" ", 2)[2])
        assert (info["access_key"], info["project_id"], info["region"], info["delay_seconds"], info["auth"]) == (
            "MYAK", "p" * 32, "eu-west-101", 7.0, False)
        r = httpx.get(info["url"] + "/v2/available-zones")  # --no-auth: unsigned is accepted
        assert r.status_code == 200 and r.json()["region_id"] == "eu-west-101"
    finally:
        proc.terminate()
        proc.wait(5)


def test_tls_flags_must_pair():
    r = subprocess.run([sys.executable, "-m", "dms_emulator", "--tls-cert", "x.pem"], capture_output=True, text=True)
    assert r.returncode != 0 and "--tls-key" in r.stderr


def test_port_zero_and_sigterm():
    srv = start_server()
    try:
        port = int(srv.base_url.rsplit(":", 1)[1])
        assert port > 0
        assert httpx.get(srv.base_url + "/_emulator/health").status_code == 200
        srv.proc.send_signal(signal.SIGTERM)
        rc = srv.proc.wait(timeout=30)  # a bound against hanging, not a speed test
        assert rc == 0
    finally:
        if srv.proc.poll() is None:
            srv.proc.kill()


def test_persistence_across_restart(tmp_path):
    db = str(tmp_path / "state.sqlite")
    srv = start_server(db=db, extra_args=["--delay-seconds", "0.5"])
    try:
        api = Api(srv.base_url)
        running = v1_instance(api, name="kafka-persist")
        assert api.post("/v1.0/{project_id}/instances/%s/topics" % running, json={"id": "kept-topic"}).status_code == 200
        azs = api.get("/v2/available-zones").json()["available_zones"]
        r = api.post("/v1.0/{project_id}/instances", json=dict(V1_BODY, name="kafka-later",
                                                               available_zones=[azs[0]["id"]]))
        later = r.json()["instance_id"]
        assert api.get("/v1.0/{project_id}/instances/" + later).json()["status"] == "CREATING"
    finally:
        stop_server(srv)
    assert srv.proc.returncode == 0
    time.sleep(0.6)  # the CREATING -> RUNNING transition comes due while the emulator is stopped
    srv = start_server(db=db)
    try:
        api = Api(srv.base_url)
        listed = api.get("/v1.0/{project_id}/instances").json()
        assert {i["name"] for i in listed["instances"]} == {"kafka-persist", "kafka-later"}
        assert api.get("/v1.0/{project_id}/instances/" + later).json()["status"] == "RUNNING"
        topics = api.get("/v1.0/{project_id}/instances/%s/topics" % running).json()["topics"]
        assert [t["id"] for t in topics] == ["kept-topic"]
    finally:
        stop_server(srv)


# --------------------------------------------------------------------------- TLS


def _make_ca_and_cert(directory):
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID
    import ipaddress

    now = datetime.datetime.now(datetime.timezone.utc)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "emulator test CA")])
    ca = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name).public_key(ca_key.public_key())
          .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(minutes=5))
          .not_valid_after(now + datetime.timedelta(days=1))
          .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
          .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True,
                                       content_commitment=False, key_encipherment=False, data_encipherment=False,
                                       key_agreement=False, encipher_only=False, decipher_only=False), critical=True)
          .sign(ca_key, hashes.SHA256()))
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")]))
            .issuer_name(ca_name).public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(minutes=5)).not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1")),
                                                        x509.DNSName("localhost")]), critical=False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .sign(ca_key, hashes.SHA256()))
    paths = {n: os.path.join(directory, n) for n in ("ca.pem", "cert.pem", "key.pem")}
    with open(paths["ca.pem"], "wb") as fh:
        fh.write(ca.public_bytes(serialization.Encoding.PEM))
    with open(paths["cert.pem"], "wb") as fh:
        fh.write(cert.public_bytes(serialization.Encoding.PEM))
    with open(paths["key.pem"], "wb") as fh:
        fh.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                   serialization.NoEncryption()))
    return paths


def test_tls(tmp_path):
    paths = _make_ca_and_cert(str(tmp_path))
    srv = start_server(extra_args=["--tls-cert", paths["cert.pem"], "--tls-key", paths["key.pem"]], scheme="https")
    try:
        assert srv.base_url.startswith("https://")
        ctx = ssl.create_default_context(cafile=paths["ca.pem"])
        with httpx.Client(verify=ctx) as client:
            assert client.get(srv.base_url + "/_emulator/health").status_code == 200
        api = Api(srv.base_url)
        api.http = httpx.Client(verify=ctx)
        assert api.get("/v2/available-zones").status_code == 200  # signed request over TLS
        with pytest.raises(httpx.ConnectError):
            with httpx.Client(verify=ssl.create_default_context()) as client:  # system CAs only
                client.get(srv.base_url + "/_emulator/health")
        with pytest.raises(httpx.HTTPError):
            httpx.get(srv.base_url.replace("https://", "http://") + "/_emulator/health", timeout=3)
    finally:
        stop_server(srv)


# --------------------------------------------------------------------------- faults


def test_fault_status_code_headers_and_count(api):
    api.fault(method="GET", path="/v2/available-zones$", status=404, error_code="DMS.10240407",
              error_msg="The request is too frequent.", headers={"Retry-After": "1"}, count=2)
    for _ in range(2):
        r = api.get("/v2/available-zones")
        body = assert_error(r, 404, "DMS.10240407")
        assert body["error_msg"] == "The request is too frequent."
        assert r.headers["Retry-After"] == "1"
    assert api.get("/v2/available-zones").status_code == 200  # count exhausted
    assert api.get("/v2/instances/maintain-windows").status_code == 200  # path did not match
    faults = api.hook("GET", "faults")["faults"]
    assert faults[0]["applied"] == 2


def test_fault_default_codes_method_and_unlimited(api):
    api.fault(method="POST", path="/v1.0/", status=503, count=0)
    for _ in range(3):
        assert_error(api.post("/v1.0/{project_id}/instances", json={}), 503, "DMS.00500000")
    assert api.get("/v1.0/availableZones").status_code == 200  # method did not match
    api.hook("DELETE", "faults")
    api.fault(path="maintain", status=400)
    assert_error(api.get("/v2/instances/maintain-windows"), 400, "DMS.00400800")


def test_fault_latency(api):
    api.fault(path="/v2/available-zones", latency=0.4)
    t0 = time.time()
    assert api.get("/v2/available-zones").status_code == 200
    assert time.time() - t0 >= 0.35  # a lower bound: a slow machine cannot break it
    api.get("/v2/available-zones")
    # the rule was used once (count 1): the second request carries no fault (no upper time bound)
    hits = [e.get("fault") for e in api.requests_log() if e["path"] == "/v2/available-zones"]
    assert len(hits) == 2 and hits[0] is not None and hits[1] is None


def test_fault_drop(api):
    api.fault(path="/v2/available-zones", drop=True)
    with pytest.raises(httpx.HTTPError):
        api.get("/v2/available-zones")
    assert api.get("/v2/available-zones").status_code == 200


def test_fault_probability(api):
    api.fault(path="/v2/available-zones", status=500, probability=0.0, count=0)
    assert all(api.get("/v2/available-zones").status_code == 200 for _ in range(5))
    api.hook("DELETE", "faults")
    api.fault(path="/v2/available-zones", status=500, probability=0.5, count=0)
    codes = [api.get("/v2/available-zones").status_code for _ in range(60)]
    assert 0 < codes.count(500) < 60


def test_fault_effect(api):
    api.fault(path="/v1.0/.*/instances$", method="POST", effect="create_failed")
    failed = v1_instance(api, name="kafka-effect-a")
    good = v1_instance(api, name="kafka-effect-b")
    assert api.get("/v1.0/{project_id}/instances/" + failed).json()["status"] == "CREATEFAILED"
    assert api.get("/v1.0/{project_id}/instances/" + good).json()["status"] == "RUNNING"


def _instance_names(api):
    return [i["name"] for i in api.get("/v1.0/{project_id}/instances").json()["instances"]]


@pytest.mark.parametrize("fault", [{"status": 502}, {"status": 504, "latency": 0.1}, {"drop": True}])
def test_fault_after_applies_the_request_then_fails_its_answer(api, fault):
    azs = api.get("/v2/available-zones").json()["available_zones"]
    body = dict(V1_BODY, name="kafka-after", available_zones=[azs[0]["id"]])
    api.fault(method="POST", path="/v1.0/.*/instances$", after=True, **fault)
    if fault.get("drop"):
        with pytest.raises(httpx.HTTPError):
            api.post("/v1.0/{project_id}/instances", json=body)
    else:
        assert_error(api.post("/v1.0/{project_id}/instances", json=body), fault["status"], "DMS.00500000")
    assert _instance_names(api) == ["kafka-after"]  # applied and committed
    entry = [e for e in api.requests_log() if e["method"] == "POST"][-1]
    assert entry["applied_status"] == 200
    assert entry.get("dropped") is (True if fault.get("drop") else None)
    # the same create again is refused as a duplicate: the fault rule is used up
    assert api.post("/v1.0/{project_id}/instances", json=body).status_code == 400


def test_fault_after_on_a_refused_request_commits_nothing(api):
    api.fault(method="POST", path="/v1.0/.*/instances$", after=True, status=502)
    assert_error(api.post("/v1.0/{project_id}/instances", json={"name": "x"}), 502, "DMS.00500000")
    assert _instance_names(api) == []
    assert [e for e in api.requests_log() if e["method"] == "POST"][-1]["applied_status"] == 400


def test_fault_after_with_latency_only_delays_the_real_answer(api):
    api.fault(path="/v2/available-zones", after=True, latency=0.01)
    r = api.get("/v2/available-zones")
    assert r.status_code == 200 and r.json()["available_zones"]
    assert api.hook("GET", "faults")["faults"][0]["after"] is True


def test_fault_rule_validation(api):
    for spec in ({"path": "("}, {"status": 700}, {"path": "x"}, {"after": True},
                 {"after": True, "effect": "task_failed"}):
        r = api.http.post(api.base_url + "/_emulator/faults", json=spec)
        assert r.status_code == 400 and r.json()["error_code"] == "DMS.00400800"
    r = api.http.post(api.base_url + "/_emulator/faults", json={"faults": [{"status": 500}, {"latency": 0.1}]})
    assert len(r.json()["faults"]) == 2


# --------------------------------------------------------------------------- hooks, routing


def test_request_log_and_reset(api):
    api.get("/v2/available-zones", params={"a": "1"})
    api.post("/v1.0/{project_id}/instances", json={})
    log = api.requests_log()
    assert [(e["method"], e["path"]) for e in log] == [
        ("GET", "/v2/available-zones"), ("POST", "/v1.0/%s/instances" % PROJECT)]
    assert log[0]["query"] == "a=1" and log[0]["status"] == 200 and log[1]["status"] == 400
    assert "duration_ms" in log[0]
    assert [e["method"] for e in api.requests_log(mutating=True)] == ["POST"]
    since = log[-1]["seq"]
    api.get("/v2/available-zones")
    r = api.http.get(api.base_url + "/_emulator/requests", params={"since": since}).json()
    assert r["count"] == 1
    iid = v1_instance(api, name="kafka-reset")
    api.fault(path=".*", status=500, count=0)
    api.reset()
    assert api.requests_log() == []
    assert api.hook("GET", "faults")["faults"] == []
    assert_error(api.get("/v1.0/{project_id}/instances/" + iid), 404, "DMS.00404022")
    # reset with {"state": false} keeps resources
    iid = v1_instance(api, name="kafka-kept")
    api.hook("POST", "reset", {"state": False})
    assert api.get("/v1.0/{project_id}/instances/" + iid).status_code == 200


def test_clock_hook(api):
    r = api.hook("POST", "clock", {"delay_seconds": 30})
    assert r["delay_seconds"] == 30
    iid = v1_instance(api, name="kafka-clock", running=False)
    api.advance(29)
    assert api.get("/v1.0/{project_id}/instances/" + iid).json()["status"] == "CREATING"
    api.advance(2)
    assert api.get("/v1.0/{project_id}/instances/" + iid).json()["status"] == "RUNNING"


def test_health_and_openapi(api):
    h = api.http.get(api.base_url + "/_emulator/health").json()
    assert h["status"] == "ok" and h["project_id"] == PROJECT
    spec = api.http.get(api.base_url + "/_emulator/openapi.json").json()
    assert "/v2/available-zones" in spec["paths"] and "/v1.0/{project_id}/instances" in spec["paths"]


def test_unknown_path_wrong_method_malformed(api):
    assert_error(api.get("/v2/no/such/path"), 404, "DMS.00404001")
    assert_error(api.get("/v3/nothing"), 404, "DMS.00404001")
    assert_error(api.delete("/v2/available-zones"), 405, "DMS.00405001")
    assert_error(api.post("/v1.0/{project_id}/instances", raw=b'{"name": '), 400, "DMS.00400005")
    assert_error(api.post("/v1.0/{project_id}/instances", raw=b"[1, 2]"), 400, "DMS.00400005")
    assert_error(api.post("/v1.0/{project_id}/instances", raw=b"\xff\xfe"), 400, "DMS.00400005")


# --------------------------------------------------------------------------- authentication


def _signed(api, method, path, body=b"", **kw):
    url = api.base_url + path.replace("{project_id}", api.project_id)
    headers = {"Content-Type": "application/json", "X-Project-Id": api.project_id}
    sign_request(method, url, headers, body, **kw)
    return url, headers


def test_signature_failures(api):
    assert_error(api.get("/v2/available-zones", ak="UNKNOWNAK"), 401, "DMS.10240101")
    assert_error(api.get("/v2/available-zones", sk="not-the-secret"), 401, "DMS.10240101")
    # one byte of the body changed after signing
    body = json.dumps({"id": "topic-a"}).encode()
    url, headers = _signed(api, "POST", "/v1.0/{project_id}/instances/%s/topics" % UNKNOWN, body)
    r = api.http.post(url, content=body.replace(b"topic-a", b"topic-b"), headers=headers)
    assert_error(r, 401, "DMS.10240101")
    r = api.http.post(url, content=body, headers=headers)
    assert_error(r, 404, "DMS.00404022")  # unchanged: authenticated
    # the query changed after signing
    url, headers = _signed(api, "GET", "/v1.0/{project_id}/instances?name=a")
    assert_error(api.http.get(url.replace("name=a", "name=b"), headers=headers), 401, "DMS.10240101")
    # X-Sdk-Date missing
    url, headers = _signed(api, "GET", "/v2/available-zones")
    del headers["X-Sdk-Date"]
    assert_error(api.http.get(url, headers=headers), 401, "DMS.10240103")
    # X-Sdk-Date malformed / more than 15 minutes off
    url, headers = _signed(api, "GET", "/v2/available-zones", date="2024-01-01")
    assert_error(api.http.get(url, headers=headers), 401, "DMS.10240101")
    for minutes in (16, -16):
        date = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(minutes=minutes)
                ).strftime("%Y%m%dT%H%M%SZ")
        assert_error(api.get("/v2/available-zones", date=date), 401, "DMS.10240102")
    date = (datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=14)).strftime("%Y%m%dT%H%M%SZ")
    assert api.get("/v2/available-zones", date=date).status_code == 200
    # Host not signed
    url, headers = _signed(api, "GET", "/v2/available-zones")
    headers["Authorization"] = headers["Authorization"].replace("host;", "")
    assert_error(api.http.get(url, headers=headers), 401, "DMS.10240103")
    # not an SDK-HMAC-SHA256 header at all
    assert_error(api.get("/v2/available-zones", sign=False, headers={"Authorization": "Basic abc"}), 401,
                 "DMS.10240101")
    assert_error(api.get("/v2/available-zones", sign=False), 401, "DMS.10240103")


def test_token_auth(api):
    body = {"auth": {"identity": {"methods": ["password"], "password": {"user": {
        "name": "emulator", "password": "emulator-password", "domain": {"name": "emulator-domain"}}}},
        "scope": {"project": {"name": "ap-southeast-1"}}}}
    r = api.http.post(api.base_url + "/v3/auth/tokens", json=body)
    assert r.status_code == 201, r.text
    token = r.headers["X-Subject-Token"]
    assert r.json()["token"]["project"]["id"] == PROJECT
    r = api.get("/v1.0/{project_id}/instances", sign=False, headers={"X-Auth-Token": token})
    assert r.status_code == 200
    assert_error(api.get("/v1.0/{project_id}/instances", sign=False, headers={"X-Auth-Token": "MIIbogus"}), 401,
                 "DMS.10240101")
    assert_error(api.get("/v1.0/%s/instances" % ("0" * 32), sign=False, headers={"X-Auth-Token": token}), 401,
                 "DMS.10240104")
    wrong = json.loads(json.dumps(body))
    wrong["auth"]["identity"]["password"]["user"]["password"] = "nope"
    assert api.http.post(api.base_url + "/v3/auth/tokens", json=wrong).status_code == 401


def test_project_mismatch(api):
    assert_error(api.get("/v1.0/%s/instances" % ("9" * 32)), 401, "DMS.10240104")
    assert_error(api.get("/v2/%s/instances/%s/ces-hierarchy" % ("9" * 32, UNKNOWN)), 401, "DMS.10240104")


# --------------------------------------------------------------------------- concurrency


def test_concurrent_writers(api, server):
    azs = api.get("/v2/available-zones").json()["available_zones"]
    results, errors = [], []

    def create(i):
        try:
            client = Api(server.base_url)
            r = client.post("/v1.0/{project_id}/instances", json=dict(V1_BODY, name="kafka-par-%d" % i,
                                                                      available_zones=[azs[0]["id"]]))
            results.append(r.status_code)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=create, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and results == [200] * 8
    api.advance(3600)
    listed = api.get("/v1.0/{project_id}/instances").json()
    assert sorted(i["name"] for i in listed["instances"]) == sorted("kafka-par-%d" % i for i in range(8))
    iid = listed["instances"][0]["instance_id"]

    # the same name from 8 clients at once: exactly one wins
    codes = []

    def same(i):
        client = Api(server.base_url)
        r = client.post("/v1.0/{project_id}/instances/%s/topics" % iid, json={"id": "contested"})
        codes.append((r.status_code, r.json().get("error_code")))

    threads = [threading.Thread(target=same, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(codes, key=str) == sorted([(200, None)] + [(400, "DMS.40050005")] * 7, key=str)
    topics = api.get("/v1.0/{project_id}/instances/%s/topics" % iid).json()["topics"]
    assert [t["id"] for t in topics] == ["contested"]


# --------------------------------------------------------------------------- signing vectors (signing.md)

VECTOR_HEADERS = {"content-type": "application/json", "host": "dms.example.com", "x-sdk-date": "20240102T030405Z",
                  "x-project-id": "pid123", "user-agent": "ua-test"}
SIGNED = "content-type;host;user-agent;x-project-id;x-sdk-date"
VECTORS = [
    ("GET", "/v2/pid123/instances", "engine=kafka&limit=10&name=a%20b~%2A", b"",
     "b8d709f4d4840bbe46c1b860421d2aea975db8cc4cd2393443b0c2b215e70229"),
    ("POST", "/v2/pid123/instances/i-1/topics", "", b'{"id": "t1", "partition": 3}',
     "a6474ece58560906165a6846fc710fca168da045e9ca0b8091c01b46d2d94ebb"),
    ("DELETE", "/v2/pid123/instances/i-1", "", b"",
     "9ca1a9b2d68e73e93d8a3be8833228691d8ddc397df7a7caaa49b2d9c70bd5df"),
]
VECTOR_NOW = float(calendar.timegm(time.strptime("20240102T030405Z", "%Y%m%dT%H%M%SZ")))


def _verify(method, path, query, body, sig, headers=None):
    h = dict(headers or VECTOR_HEADERS)
    h["authorization"] = "SDK-HMAC-SHA256 Access=AKEXAMPLE, SignedHeaders=%s, Signature=%s" % (SIGNED, sig)
    return auth.verify_signature(method, path, query, h, body, {"AKEXAMPLE": "SKEXAMPLE"}, VECTOR_NOW, 900)


@pytest.mark.parametrize("method,path,query,body,sig", VECTORS, ids=["get", "post", "delete"])
def test_signing_vectors(method, path, query, body, sig):
    assert _verify(method, path, query, body, sig) == "AKEXAMPLE"
    with pytest.raises(auth.AuthFailure):
        _verify(method, path, query, body, sig[:-1] + ("0" if sig[-1] != "0" else "1"))
    if body:
        with pytest.raises(auth.AuthFailure):
            _verify(method, path, query, body.replace(b"3", b"4"), sig)
    with pytest.raises(auth.AuthFailure):
        _verify(method, path[:-1] + "X", query, body, sig)
    with pytest.raises(auth.AuthFailure):
        _verify(method, path, query, body, sig, headers=dict(VECTOR_HEADERS, **{"x-project-id": "pid124"}))
    # the test client's signer (conftest) computes the same signatures
    headers = {"Content-Type": "application/json", "X-Project-Id": "pid123", "User-Agent": "ua-test"}
    url = "https://dms.example.com" + path + ("?" + query if query else "")
    sign_request(method, url, headers, body, ak="AKEXAMPLE", sk="SKEXAMPLE", date="20240102T030405Z")
    assert headers["Authorization"].endswith("Signature=" + sig)
