"""Topic quotas (5.4.11-5.4.14): asynchronous, hyphenated keys, DELETE with a body."""

import re

import pytest

from emulator_harness import assert_error

QUOTA = "/v2/kafka/{project_id}/instances/%s/kafka-topic-quota"
MISSING = "5f3c1f7e-0000-4000-8000-000000000000"


def make_topic(api, iid, name):
    r = api.post("/v2/{project_id}/instances/%s/topics" % iid, json={"id": name})
    assert r.status_code == 200, r.text


def job(resp):
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert list(body) == ["job_id"], body
    assert isinstance(body["job_id"], str) and re.match(r"^[0-9a-f]{32}$", body["job_id"])
    return body["job_id"]


def task_status(api, iid, job_id):
    r = api.get("/v2/{project_id}/instances/%s/tasks/%s" % (iid, job_id))
    assert r.status_code == 200, r.text
    return r.json()["tasks"][0]["status"]


def quotas(api, iid, **params):
    r = api.get(QUOTA % iid, params=params or None)
    assert r.status_code == 200, r.text
    body = r.json()
    assert set(body) == {"quotas", "count"} and isinstance(body["count"], int)
    # Each rate is answered in the documented spelling and, for the SDK, with underscores;
    # the tests compare the documented form.
    for item in body["quotas"]:
        for key in ("producer-byte-rate", "consumer-byte-rate"):
            assert item.get(key) == item.pop(key.replace("-", "_"), None)
    return body


def test_topic_quota_lifecycle(api, instance_id):
    make_topic(api, instance_id, "topic-001")
    job_id = job(api.post(QUOTA % instance_id,
                          json={"topic": "topic-001", "producer-byte-rate": 1024, "consumer-byte-rate": 2048}))
    assert task_status(api, instance_id, job_id) == "EXECUTING"
    assert quotas(api, instance_id) == {"quotas": [], "count": 0}  # not applied until the task ends
    api.advance(60)
    assert task_status(api, instance_id, job_id) == "SUCCESS"
    body = quotas(api, instance_id)
    assert body == {"quotas": [{"topic": "topic-001", "producer-byte-rate": 1024, "consumer-byte-rate": 2048}],
                    "count": 1}
    item = body["quotas"][0]
    assert isinstance(item["producer-byte-rate"], int) and isinstance(item["consumer-byte-rate"], int)

    job_id = job(api.put(QUOTA % instance_id, json={"topic": "topic-001", "producer-byte-rate": 4096}))
    api.advance(60)
    assert task_status(api, instance_id, job_id) == "SUCCESS"
    assert quotas(api, instance_id)["quotas"] == [
        {"topic": "topic-001", "producer-byte-rate": 4096, "consumer-byte-rate": 2048}]

    job_id = job(api.delete(QUOTA % instance_id, json={"topic": "topic-001"}))
    assert quotas(api, instance_id)["count"] == 1
    api.advance(60)
    assert task_status(api, instance_id, job_id) == "SUCCESS"
    assert quotas(api, instance_id) == {"quotas": [], "count": 0}


def test_topic_quota_state_errors_fail_the_task(api, instance_id):
    make_topic(api, instance_id, "topic-001")
    # deleting or modifying a quota that does not exist: 200 with a job that FAILS (the live service's way)
    for method in (api.delete, api.put):
        job_id = job(method(QUOTA % instance_id, json={"topic": "topic-001", "producer-byte-rate": 1}))
        api.advance(60)
        assert task_status(api, instance_id, job_id) == "FAILED"
    # a quota for a topic that does not exist
    job_id = job(api.post(QUOTA % instance_id, json={"topic": "no-such-topic", "producer-byte-rate": 1}))
    api.advance(60)
    assert task_status(api, instance_id, job_id) == "FAILED"
    # a second create for the same topic
    job(api.post(QUOTA % instance_id, json={"topic": "topic-001", "producer-byte-rate": 1}))
    second = job(api.post(QUOTA % instance_id, json={"topic": "topic-001", "producer-byte-rate": 2}))
    api.advance(60)
    assert task_status(api, instance_id, second) == "FAILED"
    assert quotas(api, instance_id)["quotas"] == [{"topic": "topic-001", "producer-byte-rate": 1}]


def test_topic_quota_sdk_spelling_and_deleted_topic(api, instance_id):
    make_topic(api, instance_id, "topic-001")
    job(api.post(QUOTA % instance_id, json={"topic": "topic-001", "consumer_byte_rate": 300}))
    api.advance(60)
    assert quotas(api, instance_id)["quotas"] == [{"topic": "topic-001", "consumer-byte-rate": 300}]
    api.post("/v2/{project_id}/instances/%s/topics/delete" % instance_id, json={"topics": ["topic-001"]})
    assert quotas(api, instance_id)["count"] == 0


def test_topic_quota_query(api, instance_id):
    names = ["topic-%02d" % i for i in range(12)] + ["other-x"]
    for n in names:
        make_topic(api, instance_id, n)
        job(api.post(QUOTA % instance_id, json={"topic": n, "producer-byte-rate": 100}))
    api.advance(60)
    body = quotas(api, instance_id)
    assert body["count"] == 13 and len(body["quotas"]) == 10  # default page size 10
    body = quotas(api, instance_id, type="topic", offset=10, limit=10)
    assert [q["topic"] for q in body["quotas"]] == names[10:]
    body = quotas(api, instance_id, type="topic", offset=0, limit=10, keyword="topic-1")
    assert [q["topic"] for q in body["quotas"]] == ["topic-10", "topic-11"] and body["count"] == 2


@pytest.mark.parametrize("params", [
    {"type": "user"}, {"type": "1topic"}, {"keyword": "topic 1"}, {"keyword": "-x"},
    {"limit": "0"}, {"limit": "x"}, {"offset": "-1"},
])
def test_topic_quota_query_validation(api, instance_id, params):
    assert_error(api.get(QUOTA % instance_id, params=params), 400, "DMS.00400800")


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE"])
@pytest.mark.parametrize("body", [
    {},
    {"topic": ""},
    {"topic": 5, "producer-byte-rate": 1},
    {"topic": "topic-001", "producer-byte-rate": "fast"},
    {"topic": "topic-001", "producer-byte-rate": 0},
    {"topic": "topic-001", "consumer-byte-rate": -5},
    {"topic": "topic-001", "consumer-byte-rate": True},
])
def test_topic_quota_body_validation(api, instance_id, method, body):
    assert_error(api.request(method, QUOTA % instance_id, json_body=body), 400, "DMS.00400800")


@pytest.mark.parametrize("method", ["POST", "PUT"])
def test_topic_quota_needs_a_rate(api, instance_id, method):
    assert_error(api.request(method, QUOTA % instance_id, json_body={"topic": "topic-001"}), 400, "DMS.00400800")


def test_topic_quota_instance_and_auth_errors(api):
    body = {"topic": "topic-001", "producer-byte-rate": 1}
    assert_error(api.post(QUOTA % MISSING, json=body), 404, "DMS.00404022")
    assert_error(api.get(QUOTA % MISSING), 404, "DMS.00404022")
    assert_error(api.get(QUOTA % "not-uuid"), 400, "DMS.00400061")
    creating = api.create_instance(running=False)
    assert_error(api.post(QUOTA % creating, json=body), 400, "DMS.00400026")
    assert_error(api.delete(QUOTA % creating, json=body), 400, "DMS.00400026")
    assert_error(api.get(QUOTA % creating, sign=False), 401)


def test_topic_quota_body_format(api, instance_id):
    assert_error(api.delete(QUOTA % instance_id, raw=b""), 400, "DMS.00400004")
    assert_error(api.post(QUOTA % instance_id, raw=b"{"), 400, "DMS.00400005")
    assert_error(api.put(QUOTA % instance_id, json=[1]), 400, "DMS.00400005")
