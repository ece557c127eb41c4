"""User/client quotas (5.2.9-5.2.12) against the real emulator process."""

from __future__ import annotations

import copy
import json
import os
import re

import pytest

from emulator_harness import assert_error

Q = "/v2/kafka/{project_id}/instances/%s/kafka-user-client-quota"
DEFAULT_CLIENT = {"user": "", "client": "", "user-default": False, "client-default": True}
JOB_RE = re.compile(r"^[0-9a-f]{32}$")


def _examples():
    here = os.path.dirname(os.path.abspath(__file__))
    candidates = [os.environ.get("DMS_SPEC_EXAMPLES", ""),
                  os.path.join(here, "..", "..", "..", "shared", "spec", "examples.json"),
                  "/work/shared/spec/examples.json"]
    for path in candidates:
        if path and os.path.exists(path):
            with open(path) as fh:
                return json.load(fh)
    return None


EXAMPLES = _examples()


def settle(api):
    api.advance(3600)


def quotas(api, iid, **params):
    r = api.get(Q % iid, params=params or None)
    assert r.status_code == 200, r.text
    return r.json()


def test_create_is_async_then_listed_with_documented_types(api, instance_id):
    body = dict(DEFAULT_CLIENT, **{"producer-byte-rate": 3145728, "consumer-byte-rate": 2097152})
    r = api.post(Q % instance_id, json=body)
    assert r.status_code == 200, r.text
    job = r.json()["job_id"]
    assert isinstance(job, str) and JOB_RE.match(job)
    # not visible before the task has run
    assert quotas(api, instance_id) == {"quotas": [], "count": 0}
    settle(api)
    data = quotas(api, instance_id)
    assert data["count"] == 1 and isinstance(data["count"], int)
    q = data["quotas"][0]
    assert set(q) == {"user", "client", "user-default", "client-default", "producer-byte-rate", "consumer-byte-rate"}
    assert isinstance(q["user"], str) and isinstance(q["client"], str)
    assert q["user-default"] is False and q["client-default"] is True
    assert q["producer-byte-rate"] == 3145728 and q["consumer-byte-rate"] == 2097152
    assert all(isinstance(q[k], int) for k in ("producer-byte-rate", "consumer-byte-rate"))


def test_task_of_a_quota_job_succeeds(api, instance_id):
    r = api.post(Q % instance_id, json={"user": "alice", "producer-byte-rate": 1024})
    job = r.json()["job_id"]
    settle(api)
    t = api.get("/v2/{project_id}/instances/%s/tasks/%s" % (instance_id, job))
    if t.status_code == 404 and t.json().get("error_code") == "DMS.00404001":
        pytest.skip("tasks API not mounted")
    assert t.status_code == 200, t.text
    assert t.json()["tasks"][0]["status"] == "SUCCESS"


def test_underscore_spellings_accepted_answers_hyphenated(api, instance_id):
    r = api.post(Q % instance_id, json={"user": "bob", "client": "app-1", "user_default": False,
                                         "client_default": False, "producer_byte_rate": 10, "consumer_byte_rate": 20})
    assert r.status_code == 200, r.text
    settle(api)
    q = quotas(api, instance_id)["quotas"][0]
    assert q == {"user": "bob", "client": "app-1", "user-default": False, "client-default": False,
                 "producer-byte-rate": 10, "consumer-byte-rate": 20}


def test_unset_rate_reads_zero_and_modify_keeps_other_rate(api, instance_id):
    api.post(Q % instance_id, json={"user-default": True, "producer-byte-rate": 100})
    settle(api)
    assert quotas(api, instance_id)["quotas"][0]["consumer-byte-rate"] == 0
    r = api.put(Q % instance_id, json={"user-default": True, "consumer-byte-rate": 55})
    assert r.status_code == 200 and JOB_RE.match(r.json()["job_id"])
    assert quotas(api, instance_id)["quotas"][0]["consumer-byte-rate"] == 0  # still running
    settle(api)
    q = quotas(api, instance_id)["quotas"][0]
    assert (q["producer-byte-rate"], q["consumer-byte-rate"]) == (100, 55)


def test_delete_with_body(api, instance_id):
    api.post(Q % instance_id, json=dict(DEFAULT_CLIENT, **{"producer-byte-rate": 1}))
    settle(api)
    r = api.delete(Q % instance_id, json=DEFAULT_CLIENT)
    assert r.status_code == 200, r.text
    assert JOB_RE.match(r.json()["job_id"])
    settle(api)
    assert quotas(api, instance_id)["count"] == 0


def test_duplicate_and_missing(api, instance_id):
    body = dict(DEFAULT_CLIENT, **{"producer-byte-rate": 1})
    assert api.post(Q % instance_id, json=body).status_code == 200
    # pending creation counts as existing
    e = assert_error(api.post(Q % instance_id, json=body), 400, "DMS.00400800")
    assert "being created" in e["error_msg"]
    settle(api)
    e = assert_error(api.post(Q % instance_id, json=body), 400, "DMS.00400800")
    assert "already exists" in e["error_msg"]
    missing = {"user": "nobody", "producer-byte-rate": 1}
    e = assert_error(api.put(Q % instance_id, json=missing), 400, "DMS.00400800")
    assert "does not exist" in e["error_msg"]
    e = assert_error(api.delete(Q % instance_id, json={"user": "nobody"}), 400, "DMS.00400800")
    assert "does not exist" in e["error_msg"]


@pytest.mark.parametrize("body, needle", [
    ({"user": "a", "user-default": True, "producer-byte-rate": 1}, "user"),
    ({"client": "c", "client-default": True, "producer-byte-rate": 1}, "client"),
    ({"producer-byte-rate": 1}, "user or client"),
    ({"user": "", "client": "", "user-default": False, "client-default": False, "producer-byte-rate": 1},
     "user or client"),
    ({"user": "a"}, "producer-byte-rate or consumer-byte-rate"),
    ({"user": "a", "producer-byte-rate": "10"}, "producer-byte-rate"),
    ({"user": "a", "producer-byte-rate": -1}, "producer-byte-rate"),
    ({"user": "a", "consumer-byte-rate": 1.5}, "consumer-byte-rate"),
    ({"user": "a", "user-default": "yes", "producer-byte-rate": 1}, "user-default"),
    ({"user": 5, "producer-byte-rate": 1}, "user"),
])
def test_create_validation(api, instance_id, body, needle):
    e = assert_error(api.post(Q % instance_id, json=body), 400, "DMS.00400800")
    assert needle in e["error_msg"]


def test_modify_and_delete_validation(api, instance_id):
    assert_error(api.put(Q % instance_id, json={"user": "a"}), 400, "DMS.00400800")
    assert_error(api.delete(Q % instance_id, json={}), 400, "DMS.00400800")
    assert_error(api.delete(Q % instance_id), 400, "DMS.00400004")
    assert_error(api.post(Q % instance_id, raw=b"{nope"), 400, "DMS.00400005")


def test_pagination(api, instance_id):
    for i in range(5):
        assert api.post(Q % instance_id, json={"user": "user%d" % i, "producer-byte-rate": i + 1}).status_code == 200
    settle(api)
    data = quotas(api, instance_id, offset=1, limit=2)
    assert data["count"] == 5
    assert [q["user"] for q in data["quotas"]] == ["user1", "user2"]
    assert len(quotas(api, instance_id)["quotas"]) == 5
    for bad in ({"offset": "x"}, {"limit": "-1"}, {"offset": "-2"}):
        assert_error(api.get(Q % instance_id, params=bad), 400, "DMS.00400800")


def test_failed_task_changes_nothing(api, instance_id):
    api.fault(effect="task_failed", path="kafka-user-client-quota", method="POST")
    r = api.post(Q % instance_id, json={"user": "x1", "producer-byte-rate": 1})
    assert r.status_code == 200
    settle(api)
    assert quotas(api, instance_id)["count"] == 0


def test_instance_checks_and_auth(api, instance_id):
    missing = "00000000-0000-4000-8000-000000000000"
    assert_error(api.get(Q % missing), 404, "DMS.00404022")
    assert_error(api.post(Q % missing, json={"user": "a", "producer-byte-rate": 1}), 404, "DMS.00404022")
    assert_error(api.get(Q % "not-a-uuid"), 400, "DMS.00400061")
    r = api.get(Q % instance_id, sign=False)
    assert_error(r, 401)
    r = api.get(Q % instance_id, sk="wrong-secret")
    assert_error(r, 401)


def test_writes_need_a_running_instance(api):
    iid = api.create_instance(running=False)
    assert_error(api.post(Q % iid, json={"user": "a", "producer-byte-rate": 1}), 400, "DMS.00400026")
    assert_error(api.put(Q % iid, json={"user": "a", "producer-byte-rate": 1}), 400, "DMS.00400026")
    assert_error(api.delete(Q % iid, json={"user": "a"}), 400, "DMS.00400026")


# --------------------------------------------------------------------------- reference examples


SECTIONS = ["5.2.11", "5.2.12", "5.2.10", "5.2.9"]  # create first: modify/list/delete need it


def _example_cases():
    if EXAMPLES is None:
        return [pytest.param(None, marks=pytest.mark.skip(reason="examples.json not found"))]
    cases = []
    for sec in SECTIONS:
        entry = EXAMPLES[sec]
        cases.append(pytest.param(sec, id=sec))
        assert entry["path"].endswith("kafka-user-client-quota")
    return cases


@pytest.mark.parametrize("section", _example_cases())
def test_reference_examples(api, instance_id, section):
    create_body = EXAMPLES["5.2.11"]["requests"][0]["body"]
    entry = EXAMPLES[section]
    if section != "5.2.11":
        assert api.post(Q % instance_id, json=create_body).status_code == 200
        settle(api)
    requests = entry["requests"] or [{"method": entry["method"], "path": entry["path"], "body": None, "query": {}}]
    for req in requests:
        path = req["path"].replace("{instance_id}", instance_id)
        body = copy.deepcopy(req["body"])
        r = api.request(req["method"] or entry["method"], path, json_body=body)
        expected = entry["responses"][0]["status"] if entry["responses"] else 200
        assert r.status_code == expected, r.text
        for resp in entry["responses"]:
            if isinstance(resp["body"], dict):
                assert set(resp["body"]) <= set(r.json()), (set(resp["body"]), r.json())
                for k, v in resp["body"].items():
                    if isinstance(v, list) and v and isinstance(v[0], dict):
                        got = r.json()[k]
                        assert got, r.json()
                        assert set(v[0]) <= set(got[0])
