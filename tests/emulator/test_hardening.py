"""Emulator robustness (issue 11, item 7): malformed input, hook validation, dropped
requests in the log, names with a trailing newline, secrets at rest."""

import json
import os
import sqlite3
import stat

import httpx
import pytest

from conftest import Api, assert_error, start_server, stop_server

TOPICS = "/v2/{project_id}/instances/%s/topics"


def hook(api, method, name, raw=None, json_body=None):
    kw = {"content": raw} if raw is not None else ({"json": json_body} if json_body is not None else {})
    return api.http.request(method, api.base_url + "/_emulator/" + name, **kw)


def clock_state(api):
    return hook(api, "POST", "clock", json_body={}).json()


# --------------------------------------------------------------------------- malformed bodies


@pytest.mark.parametrize("raw", [
    b"[" * 100000 + b"]" * 100000,                # RecursionError in the JSON parser
    b'{"id": ' + b"[" * 50000 + b"]" * 50000 + b"}",
    b'{"id": "t-nan", "partition": NaN}',          # not JSON: the service's parser refuses NaN ...
    b'{"id": "t-inf", "partition": Infinity}',     # ... and Infinity
    b'{"id": "t-big", "partition": 1e309}',
    b'{"id": "\xff\xfe"}',                         # not UTF-8
    b'{"id": "t-x",',                              # truncated
])
def test_malformed_api_body_is_a_dms_400(api, instance_id, raw):
    r = api.post(TOPICS % instance_id, raw=raw)
    assert r.status_code == 400, (r.status_code, r.text[:200])
    assert r.headers["content-type"].startswith("application/json")
    assert r.json()["error_code"] in ("DMS.00400005", "DMS.00400800"), r.text[:200]


def test_deeply_nested_body_on_the_iam_call(api):
    r = api.http.post(api.base_url + "/v3/auth/tokens", content=b"[" * 100000 + b"]" * 100000,
                      headers={"Content-Type": "application/json"})
    assert_error(r, 400, "DMS.00400005")


# --------------------------------------------------------------------------- hooks


@pytest.mark.parametrize("name", ["clock", "faults"])
def test_hook_empty_body_is_400(api, name):
    assert_error(hook(api, "POST", name, raw=b""), 400, "DMS.00400004")


@pytest.mark.parametrize("name", ["clock", "faults", "reset"])
@pytest.mark.parametrize("raw", [b"[]", b"3", b'"text"', b"null", b"{", b"[" * 100000 + b"]" * 100000,
                                 b'{"advance": NaN}'])
def test_hook_non_object_body_is_400(api, name, raw):
    api.fault(path="/never-matches$", status=500)
    r = hook(api, "POST", name, raw=raw)
    assert_error(r, 400, "DMS.00400005")
    # nothing was reset (the fault rule is still there)
    assert len(api.hook("GET", "faults")["faults"]) == 1


@pytest.mark.parametrize("raw", [
    b'{"advance": 1e309}', b'{"advance": -1e309}', b'{"advance": "5"}', b'{"advance": true}',
    b'{"advance": -1}', b'{"advance": null}', b'{"advance": 4e9}', b'{"delay_seconds": -1}',
    b'{"delay_seconds": 1e309}', b'{"delay_seconds": "2"}', b'{"advance": 10, "delay_seconds": -1}',
    b'{"advance": 10, "typo": 1}',
])
def test_clock_refuses_bad_values_and_commits_nothing(api, raw):
    before = clock_state(api)
    r = hook(api, "POST", "clock", raw=raw)
    body = assert_error(r, 400)
    assert body["error_code"] in ("DMS.00400800", "DMS.00400005"), body
    assert clock_state(api) == before


def test_clock_total_offset_is_bounded(api):
    api.advance(3e9)
    before = clock_state(api)
    assert before["clock_offset"] >= 3e9
    assert_error(hook(api, "POST", "clock", json_body={"advance": 3e9}), 400, "DMS.00400800")
    assert clock_state(api) == before


def test_clock_still_works(api, instance_id):
    out = api.advance(10)
    assert out["clock_offset"] > 0
    assert api.hook("POST", "clock", {"delay_seconds": 0})["delay_seconds"] == 0
    assert api.post(TOPICS % instance_id, json={"id": "after-clock"}).status_code == 200


@pytest.mark.parametrize("spec", [
    {"latency": "x"}, {"latency": -1}, {"latency": 1e4}, {"status": 500, "count": -1},
    {"status": 500, "count": True}, {"status": 500, "count": 1.5}, {"status": 500, "probability": 2},
    {"status": "500"}, {"status": True}, {"status": 500, "headers": ["Retry-After"]},
    {"status": 500, "headers": {"Retry-After": 1}}, {"status": 500, "headers": {"X-A": "a\r\nX-B: b"}},
    {"status": 500, "headers": {"bad header": "x"}}, {"effect": "explode"}, {"drop": "yes"},
    {"status": 500, "after": "yes"}, {"status": 500, "method": 7}, {"status": 500, "path": ["x"]},
    {"status": 500, "statsu": 1}, {"status": 500, "error_code": 5},
])
def test_fault_rule_input_is_validated(api, spec):
    r = hook(api, "POST", "faults", json_body=spec)
    assert_error(r, 400, "DMS.00400800")
    assert api.hook("GET", "faults")["faults"] == []


@pytest.mark.parametrize("raw", [b'{"latency": 1e309}', b'{"status": 500, "probability": NaN}',
                                 b'{"status": 500, "count": 1e400}'])
def test_fault_rule_non_finite_numbers_refused(api, raw):
    r = hook(api, "POST", "faults", raw=raw)
    assert r.status_code == 400 and r.json()["error_code"] in ("DMS.00400800", "DMS.00400005"), r.text
    assert api.hook("GET", "faults")["faults"] == []


def test_one_bad_rule_adds_none(api):
    r = hook(api, "POST", "faults", json_body={"faults": [{"status": 503}, {"status": 503, "count": -1}]})
    assert_error(r, 400, "DMS.00400800")
    assert api.hook("GET", "faults")["faults"] == []
    assert_error(hook(api, "POST", "faults", json_body={"faults": {"status": 503}}), 400, "DMS.00400800")
    assert_error(hook(api, "POST", "faults", json_body={"faults": ["x"]}), 400, "DMS.00400800")


def test_fault_rule_accepts_after_as_boolean(api):
    r = hook(api, "POST", "faults", json_body={"method": "POST", "path": "/topics$", "status": 502, "after": True})
    assert r.status_code == 200, r.text
    assert len(api.hook("GET", "faults")["faults"]) == 1


@pytest.mark.parametrize("raw", [b'{"state": "no"}', b'{"state": 0}', b'{"keep": true}'])
def test_reset_refuses_bad_fields_and_resets_nothing(api, instance_id, raw):
    assert_error(hook(api, "POST", "reset", raw=raw), 400, "DMS.00400800")
    assert api.get("/v2/{project_id}/instances/" + instance_id).status_code == 200


def test_reset_keeping_state(api, instance_id):
    assert hook(api, "POST", "reset", json_body={"state": False}).status_code == 200
    assert api.get("/v2/{project_id}/instances/" + instance_id).status_code == 200
    assert hook(api, "POST", "reset", raw=b"").status_code == 200
    assert api.get("/v2/{project_id}/instances/" + instance_id).status_code == 404


def test_group_hook_bad_members_is_400(api, instance_id):
    r = hook(api, "POST", "instances/%s/groups/g-hook" % instance_id, json_body={"members": ["x"]})
    assert_error(r, 400, "DMS.00400800")


# --------------------------------------------------------------------------- names


@pytest.mark.parametrize("field,name", [("id", "tnl\n"), ("id", "tnl-topic\n")])
def test_topic_name_with_trailing_newline_refused(api, instance_id, field, name):
    assert_error(api.post(TOPICS % instance_id, json={field: name}), 400, "DMS.00400101")
    assert [t["name"] for t in api.get(TOPICS % instance_id).json()["topics"]] == []


def test_v1_topic_name_with_trailing_newline_refused(api, instance_id):
    r = api.post("/v1.0/{project_id}/instances/%s/topics" % instance_id, json={"id": "tnl-v1\n"})
    assert r.status_code == 400, r.text


def test_user_name_with_trailing_newline_refused(api):
    iid = api.create_instance(ssl_enable=True, access_user="admin-user", password="Admin@2024x",
                              kafka_security_protocol="SASL_SSL", sasl_enabled_mechanisms=["SCRAM-SHA-512"])
    r = api.post("/v2/{project_id}/instances/%s/users" % iid, json={"user_name": "writer\n", "user_passwd": "Good@2024pw"})
    assert r.status_code == 400, r.text
    names = [u["user_name"] for u in api.get("/v2/{project_id}/instances/%s/users" % iid).json()["users"]]
    assert names == ["admin-user"]


def test_group_name_with_trailing_newline_refused(api, instance_id):
    r = api.post("/v2/{project_id}/kafka/instances/%s/group" % instance_id, json={"group_name": "grp\n"})
    assert_error(r, 400, "DMS.10240016")


def test_instance_name_with_trailing_newline_refused(api):
    with pytest.raises(AssertionError):
        api.create_instance(name="kafka-nl\n", running=False)
    assert api.get("/v2/{project_id}/instances").json()["instances"] == []


# --------------------------------------------------------------------------- dropped requests


def test_dropped_request_is_logged_as_dropped():
    srv = start_server()
    try:
        api = Api(srv.base_url)
        api.fault(path="/v2/available-zones$", drop=True)
        with pytest.raises(httpx.HTTPError):
            api.get("/v2/available-zones")
        assert api.get("/v2/available-zones").status_code == 200
        log = api.requests_log()
        assert [(e["status"], e.get("dropped", False)) for e in log] == [(None, True), (200, False)], log
        assert log[0]["fault"] == 1
    finally:
        stop_server(srv)
    out = srv.proc.stdout.read().decode()
    assert "Traceback" not in out, out
    assert "fault rule 1 dropped the connection: GET /v2/available-zones" in out, out


# --------------------------------------------------------------------------- secrets at rest


def test_state_file_is_private_and_holds_no_plain_secret(tmp_path):
    db = str(tmp_path / "state.sqlite")
    srv = start_server(db=db)
    secrets = ["Admin@2024xyz", "Wr1ter@2024pw", "N3w-Passw0rd!", "Manager@1234"]
    try:
        api = Api(srv.base_url)
        iid = api.create_instance(ssl_enable=True, access_user="admin-user", password=secrets[0],
                                  kafka_security_protocol="SASL_SSL", sasl_enabled_mechanisms=["SCRAM-SHA-512"])
        users = "/v2/{project_id}/instances/%s/users" % iid
        assert api.post(users, json={"user_name": "writer", "user_passwd": secrets[1]}).status_code == 204
        assert api.put(users + "/writer", json={"new_password": secrets[2]}).status_code == 204
        r = api.post("/v2/{project_id}/instances/%s/password" % iid, json={"new_password": secrets[2]})
        assert r.status_code == 204, r.text
        api.put("/v2/{project_id}/instances/%s/kafka-manager-password" % iid, json={"new_password": secrets[3]})
        token_body = {"auth": {"identity": {"methods": ["password"], "password": {"user": {
            "name": "emulator", "password": "emulator-password", "domain": {"name": "emulator-domain"}}}},
            "scope": {"project": {"name": "ap-southeast-1"}}}}
        r = api.http.post(srv.base_url + "/v3/auth/tokens", json=token_body)
        token = r.headers["X-Subject-Token"]
        secrets.append(token)
        # the token still works (it is looked up by its hash)
        r = api.http.get(srv.base_url + "/v2/%s/instances" % api.project_id, headers={"X-Auth-Token": token})
        assert r.status_code == 200, r.text
        files = [db] + [db + s for s in ("-wal", "-shm") if os.path.exists(db + s)]
        for path in files:
            assert stat.S_IMODE(os.stat(path).st_mode) == 0o600, path
        stored = b"".join(open(p, "rb").read() for p in files)
        for secret in secrets:
            assert secret.encode() not in stored, secret
    finally:
        stop_server(srv)
    with sqlite3.connect(db) as conn:
        rows = [json.loads(r[0]) for r in conn.execute("SELECT data FROM docs WHERE kind='user'")]
    assert rows and all(r["_password"].startswith("pbkdf2-sha256$") for r in rows), rows


def test_existing_state_file_is_made_private(tmp_path):
    db = tmp_path / "old.sqlite"
    db.write_bytes(b"")
    os.chmod(db, 0o644)
    srv = start_server(db=str(db))
    stop_server(srv)
    assert stat.S_IMODE(os.stat(db).st_mode) == 0o600


def test_stored_non_finite_clock_offset_is_ignored_on_restart(tmp_path):
    db = str(tmp_path / "state.sqlite")
    srv = start_server(db=db)
    try:
        api = Api(srv.base_url)
        iid = api.create_instance()
    finally:
        stop_server(srv)
    with sqlite3.connect(db) as conn:  # what an older emulator could commit
        conn.execute("INSERT OR REPLACE INTO meta (k, v) VALUES ('clock_offset', 'Infinity')")
    srv = start_server(db=db)
    try:
        api = Api(srv.base_url)
        assert clock_state(api)["clock_offset"] == 0.0
        r = api.post(TOPICS % iid, json={"id": "after-restart"})
        assert r.status_code == 200, r.text
        assert api.get("/v2/{project_id}/instances/" + iid).json()["status"] == "RUNNING"
    finally:
        stop_server(srv)


# --------------------------------------------------------------------------- concurrency


def test_token_requests_in_parallel_with_other_requests_do_not_deadlock(api, instance_id):
    """A token lookup used to take the store's lock on the event loop while another
    request's handler held it in the thread pool: the emulator stopped answering."""
    import threading

    body = {"auth": {"identity": {"methods": ["password"], "password": {"user": {
        "name": "emulator", "password": "emulator-password", "domain": {"name": "emulator-domain"}}}},
        "scope": {"project": {"name": "ap-southeast-1"}}}}
    token = api.http.post(api.base_url + "/v3/auth/tokens", json=body).headers["X-Subject-Token"]
    statuses, errors = [], []

    def tokens():
        with httpx.Client(timeout=60) as c:
            for _ in range(40):
                try:
                    statuses.append(c.get(api.base_url + "/v2/%s/instances/%s/topics" % (api.project_id, instance_id),
                                          headers={"X-Auth-Token": token}).status_code)
                except httpx.HTTPError as exc:
                    errors.append(repr(exc))

    def signed():
        client = Api(api.base_url)
        for _ in range(40):
            try:
                statuses.append(client.get(TOPICS % instance_id).status_code)
            except httpx.HTTPError as exc:
                errors.append(repr(exc))
        client.http.close()

    threads = [threading.Thread(target=f) for f in (tokens, tokens, signed, signed)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors[:3]
    assert statuses == [200] * 160
