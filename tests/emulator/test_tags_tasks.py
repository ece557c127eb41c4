"""5.8 background tasks and 5.9 tags."""

from __future__ import annotations

import calendar
import json
import time

import pytest

from conftest import assert_error
from test_instances import check_types, create, show

MISSING = "11111111-2222-3333-4444-555555555555"
TASK_TYPES = {"id": "String", "name": "String", "user_name": "String", "user_id": "String", "params": "String",
              "status": "String", "created_at": "String", "updated_at": "String"}


def tasks_path(iid, task=None):
    return "/v2/{project_id}/instances/%s/tasks" % iid + ("/" + task if task else "")


def tag_action(api, iid, action, tags):
    return api.post("/v2/{project_id}/kafka/%s/tags/action" % iid, json={"action": action, "tags": tags})


def make_tasks(api, iid, n):
    value = True
    for _ in range(n):
        r = api.post("/v2/{project_id}/instances/%s/autotopic" % iid, json={"enable_auto_topic": value})
        assert r.status_code == 200
        value = not value


# --------------------------------------------------------------------------- 5.8.1 list


def test_list_tasks(api, instance_id):
    make_tasks(api, instance_id, 3)
    r = api.get(tasks_path(instance_id))
    assert r.status_code == 200
    body = r.json()
    assert set(body) == {"task_count", "tasks"}
    assert body["task_count"] == "3"
    for task in body["tasks"]:
        check_types(task, TASK_TYPES)
        assert task["status"] == "EXECUTING"
        json.loads(task["params"])
    first = json.loads(body["tasks"][-1]["params"])
    assert first == {"old_auto_status": False, "new_auto_status": True}  # oldest last
    api.advance(3600)
    assert {t["status"] for t in api.get(tasks_path(instance_id)).json()["tasks"]} == {"SUCCESS"}
    r = api.get(tasks_path(instance_id), params={"start": 2, "limit": 1})
    assert r.json()["task_count"] == "3" and len(r.json()["tasks"]) == 1
    assert r.json()["tasks"][0]["id"] == body["tasks"][1]["id"]


def test_list_tasks_time_window(api, instance_id):
    make_tasks(api, instance_id, 1)
    created = api.get(tasks_path(instance_id)).json()["tasks"][0]["created_at"]
    stamp = created[:19].replace("-", "").replace("T", "").replace(":", "")
    assert len(stamp) == 14
    t = time.strptime(stamp, "%Y%m%d%H%M%S")
    before = time.strftime("%Y%m%d%H%M%S", time.gmtime(calendar.timegm(t) - 60))
    after = time.strftime("%Y%m%d%H%M%S", time.gmtime(calendar.timegm(t) + 60))
    assert api.get(tasks_path(instance_id), params={"begin_time": before, "end_time": after}).json()["task_count"] == "1"
    assert api.get(tasks_path(instance_id), params={"begin_time": after}).json()["task_count"] == "0"
    assert api.get(tasks_path(instance_id), params={"end_time": before}).json()["task_count"] == "0"


@pytest.mark.parametrize("params", [{"start": "x"}, {"limit": "0"}, {"limit": "-2"}, {"begin_time": "2020-05-15"},
                                    {"end_time": "20201345000000"},
                                    {"begin_time": "20200102000000", "end_time": "20200101000000"}])
def test_list_tasks_validation(api, instance_id, params):
    assert_error(api.get(tasks_path(instance_id), params=params), 400, "DMS.00400800")


def test_list_tasks_missing_instance_and_auth(api):
    assert_error(api.get(tasks_path(MISSING)), 404, "DMS.00404022")
    assert_error(api.get(tasks_path(MISSING), sign=False), 401, "DMS.10240103")


# --------------------------------------------------------------------------- 5.8.2 / 5.8.3


def test_get_and_delete_task(api, instance_id):
    r = api.put("/v2/{project_id}/instances/%s/configs" % instance_id,
                json={"kafka_configs": [{"name": "log.retention.hours", "value": "66"}]})
    job = r.json()["job_id"]
    r = api.get(tasks_path(instance_id, job))
    assert r.status_code == 200
    body = r.json()
    assert body["task_count"] == "1" and len(body["tasks"]) == 1
    check_types(body["tasks"][0], TASK_TYPES)
    assert body["tasks"][0]["id"] == job and body["tasks"][0]["status"] == "EXECUTING"
    assert_error(api.delete(tasks_path(instance_id, job)), 400, "DMS.00400017")
    api.advance(3600)
    assert api.get(tasks_path(instance_id, job)).json()["tasks"][0]["status"] == "SUCCESS"
    r = api.delete(tasks_path(instance_id, job))
    assert r.status_code == 204 and r.content == b""
    assert_error(api.get(tasks_path(instance_id, job)), 404, "DMS.00404001")
    assert_error(api.delete(tasks_path(instance_id, job)), 404, "DMS.00404001")


def test_task_id_format_and_missing(api, instance_id):
    assert_error(api.get(tasks_path(instance_id, "not-a-task")), 400, "DMS.00400070")
    assert_error(api.delete(tasks_path(instance_id, "not-a-task")), 400, "DMS.00400070")
    assert_error(api.get(tasks_path(instance_id, "0" * 32)), 404, "DMS.00404001")
    assert_error(api.get(tasks_path(MISSING, "0" * 32)), 404, "DMS.00404022")
    assert_error(api.get(tasks_path(instance_id, "0" * 32), sign=False), 401, "DMS.10240103")


# --------------------------------------------------------------------------- 5.9 tags


def test_tags_create_list_delete(api, instance_id):
    r = tag_action(api, instance_id, "create", [{"key": "key1", "value": "value1"}, {"key": "key2", "value": "v 2"}])
    assert r.status_code == 204 and r.content == b""
    r = api.get("/v2/{project_id}/kafka/%s/tags" % instance_id)
    assert r.status_code == 200
    assert r.json() == {"tags": [{"key": "key1", "value": "value1"}, {"key": "key2", "value": "v 2"}]}
    assert show(api, instance_id)["tags"] == r.json()["tags"]
    # an existing key takes the new value
    assert tag_action(api, instance_id, "create", [{"key": "key1", "value": "other"}]).status_code == 204
    tags = api.get("/v2/{project_id}/kafka/%s/tags" % instance_id).json()["tags"]
    assert {"key": "key1", "value": "other"} in tags and len(tags) == 2
    assert tag_action(api, instance_id, "delete", [{"key": "key1"}]).status_code == 204
    assert api.get("/v2/{project_id}/kafka/%s/tags" % instance_id).json()["tags"] == [{"key": "key2", "value": "v 2"}]
    assert_error(tag_action(api, instance_id, "delete", [{"key": "key1"}]), 404, "DMS.10240426")


def test_tags_limit(api, instance_id):
    tags = [{"key": "k%d" % i, "value": "v"} for i in range(10)]
    assert tag_action(api, instance_id, "create", tags).status_code == 204
    assert_error(tag_action(api, instance_id, "create", [{"key": "k10", "value": "v"}]), 400, "DMS.10240044")
    assert tag_action(api, instance_id, "create", [{"key": "k0", "value": "new"}]).status_code == 204


@pytest.mark.parametrize("body,code", [
    ({"action": "add", "tags": [{"key": "a", "value": "b"}]}, "DMS.10240040"),
    ({"action": "CREATE", "tags": [{"key": "a", "value": "b"}]}, "DMS.10240040"),
    ({"tags": [{"key": "a", "value": "b"}]}, "DMS.10240040"),
    ({"action": "create"}, "DMS.00400800"),
    ({"action": "create", "tags": []}, "DMS.00400800"),
    ({"action": "create", "tags": ["a"]}, "DMS.00400800"),
    ({"action": "create", "tags": [{"value": "b"}]}, "DMS.10240035"),
    ({"action": "create", "tags": [{"key": "k" * 129, "value": "b"}]}, "DMS.10240035"),
    ({"action": "create", "tags": [{"key": "sysadmin", "value": "b"}]}, "DMS.10240036"),
    ({"action": "create", "tags": [{"key": "key ", "value": "b"}]}, "DMS.10240036"),
    ({"action": "create", "tags": [{"key": "k/y", "value": "b"}]}, "DMS.10240036"),
    ({"action": "create", "tags": [{"key": "key", "value": "v" * 256}]}, "DMS.10240038"),
    ({"action": "create", "tags": [{"key": "key", "value": 5}]}, "DMS.10240038"),
    ({"action": "create", "tags": [{"key": "key", "value": "v*"}]}, "DMS.10240039"),
    ({"action": "create", "tags": [{"key": "key", "value": "a"}, {"key": "key", "value": "b"}]}, "DMS.10240045"),
    ({"action": "create", "tags": [{"key": "k%d" % i, "value": "v"} for i in range(11)]}, "DMS.10240044"),
    ({"action": "delete", "tags": [{"key": ""}]}, "DMS.10240035"),
])
def test_tags_validation(api, instance_id, body, code):
    r = api.post("/v2/{project_id}/kafka/%s/tags/action" % instance_id, json=body)
    assert_error(r, 400, code)


def test_tags_allowed_characters(api, instance_id):
    tags = [{"key": "a_b.c:d=e+f-g@h i", "value": "x_y.z:1=2+3-4@5 6"}, {"key": "\u6807\u7b7e", "value": ""}]
    assert tag_action(api, instance_id, "create", tags).status_code == 204


def test_tags_missing_instance_and_auth(api):
    assert_error(tag_action(api, MISSING, "create", [{"key": "a", "value": "b"}]), 404, "DMS.00404022")
    assert_error(api.get("/v2/{project_id}/kafka/%s/tags" % MISSING), 404, "DMS.00404022")
    assert_error(api.get("/v2/{project_id}/kafka/%s/tags" % "bad-id"), 400, "DMS.00400061")
    assert_error(api.get("/v2/{project_id}/kafka/tags", sign=False), 401, "DMS.10240103")


def test_project_tags(api):
    a = create(api, running=False, name="kafka-t1", tags=[{"key": "key1", "value": "value-test"}])
    b = create(api, running=False, name="kafka-t2")
    assert tag_action(api, b, "create", [{"key": "key1", "value": "value1"}, {"key": "key2", "value": "value2"}]
                      ).status_code == 204
    r = api.get("/v2/{project_id}/kafka/tags")
    assert r.status_code == 200
    assert r.json() == {"tags": [{"key": "key1", "values": ["value-test", "value1"]},
                                 {"key": "key2", "values": ["value2"]}]}
    assert a
