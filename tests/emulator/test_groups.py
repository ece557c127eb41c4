"""Consumer groups (5.5.1-5.5.11) against the real emulator process."""

from __future__ import annotations

import copy
import json
import os

import pytest

from emulator_harness import assert_error

MISSING = "00000000-0000-4000-8000-000000000000"


def _examples():
    here = os.path.dirname(os.path.abspath(__file__))
    for path in (os.environ.get("DMS_SPEC_EXAMPLES", ""),
                 os.path.join(here, "..", "..", "..", "shared", "spec", "examples.json"),
                 "/work/shared/spec/examples.json"):
        if path and os.path.exists(path):
            with open(path) as fh:
                return json.load(fh)
    return None


EXAMPLES = _examples()


def create_group(api, iid, name, desc=None):
    body = {"group_name": name}
    if desc is not None:
        body["group_desc"] = desc
    return api.post("/v2/{project_id}/kafka/instances/%s/group" % iid, json=body)


def create_topic(api, iid, name, partitions=3):
    r = api.post("/v2/{project_id}/instances/%s/topics" % iid, json={"id": name, "partition": partitions,
                                                                     "replication": 3})
    assert r.status_code == 200, r.text


def produce(api, iid, topic, partition, count):
    for i in range(count):
        r = api.post("/v2/{project_id}/instances/%s/messages/action" % iid, params={"action_id": "send"},
                     json={"topic": topic, "body": "m%d" % i,
                           "property_list": [{"name": "PARTITION", "value": str(partition)}]})
        assert r.status_code == 200, r.text


def set_group(api, iid, group, **body):
    return api.hook("POST", "instances/%s/groups/%s" % (iid, group), body)


def member(mid="consumer-1-abc", client="consumer-1", host="/10.0.0.5", topic="orders", parts=(0, 1, 2)):
    return {"member_id": mid, "client_id": client, "host": host,
            "assignment": [{"topic": topic, "partitions": list(parts)}]}


def g(path, iid, group=""):
    return path.replace("{iid}", iid).replace("{group}", group)


ENGINE = "/v2/kafka/{project_id}/instances/{iid}/groups/{group}"


# --------------------------------------------------------------------------- create and list


def test_create_answers_plain_success_and_group_is_empty(api, instance_id):
    r = create_group(api, instance_id, "test", "my group")
    assert r.status_code == 200, r.text
    assert r.text == "success"
    assert r.headers["content-type"].startswith("text/plain")
    data = api.get("/v2/{project_id}/instances/%s/groups" % instance_id).json()
    assert data["total"] == 1 and isinstance(data["total"], int)
    item = data["groups"][0]
    assert set(item) == {"createdAt", "group_id", "state", "coordinator_id", "group_desc", "lag"}
    assert item["group_id"] == "test" and item["state"] == "EMPTY" and item["group_desc"] == "my group"
    assert isinstance(item["createdAt"], int) and item["createdAt"] > 10 ** 12
    assert isinstance(item["coordinator_id"], int) and isinstance(item["lag"], int)


def test_group_desc_absent_is_null(api, instance_id):
    create_group(api, instance_id, "nodesc")
    item = api.get("/v2/{project_id}/instances/%s/groups" % instance_id).json()["groups"][0]
    assert item["group_desc"] is None


@pytest.mark.parametrize("body, status, code", [
    ({}, 400, "DMS.00400800"),
    ({"group_name": ""}, 400, "DMS.00400800"),
    ({"group_name": 12}, 400, "DMS.00400800"),
    ({"group_name": "ab"}, 400, "DMS.10240016"),
    ({"group_name": "a" * 65}, 400, "DMS.10240016"),
    ({"group_name": "1abc"}, 400, "DMS.10240016"),
    ({"group_name": "bad name"}, 400, "DMS.10240016"),
    ({"group_name": "okname", "group_desc": "x" * 201}, 400, "DMS.00400800"),
    ({"group_name": "okname", "group_desc": 5}, 400, "DMS.00400800"),
])
def test_create_validation(api, instance_id, body, status, code):
    e = assert_error(api.post("/v2/{project_id}/kafka/instances/%s/group" % instance_id, json=body), status, code)
    assert "group_" in e["error_msg"]


def test_create_accepts_edge_names(api, instance_id):
    for name in ("abc", "_under.score-1", "a" * 64):
        assert create_group(api, instance_id, name, "d" * 200).status_code == 200


def test_create_duplicate(api, instance_id):
    assert create_group(api, instance_id, "dup-group").status_code == 200
    assert_error(create_group(api, instance_id, "dup-group"), 400, "DMS.40050015")


def test_create_body_errors(api, instance_id):
    path = "/v2/{project_id}/kafka/instances/%s/group" % instance_id
    assert_error(api.post(path), 400, "DMS.00400004")
    assert_error(api.post(path, raw=b"[1]"), 400, "DMS.00400005")


def test_list_pagination_and_filter(api, instance_id):
    for name in ("alpha-1", "alpha-2", "beta-1", "ALPHA-3"):
        create_group(api, instance_id, name)
    path = "/v2/{project_id}/instances/%s/groups" % instance_id
    data = api.get(path, params={"offset": "1", "limit": "2"}).json()
    assert data["total"] == 4 and [x["group_id"] for x in data["groups"]] == ["alpha-2", "beta-1"]
    data = api.get(path, params={"group": "alpha"}).json()
    assert data["total"] == 3
    assert_error(api.get(path, params={"limit": "51"}), 400, "DMS.10240042")
    assert_error(api.get(path, params={"limit": "0"}), 400, "DMS.00400800")
    assert_error(api.get(path, params={"offset": "-1"}), 400, "DMS.00400800")
    assert_error(api.get(path, params={"offset": "x"}), 400, "DMS.00400800")


def test_list_default_limit_is_10(api, instance_id):
    for i in range(12):
        create_group(api, instance_id, "grp-%02d" % i)
    data = api.get("/v2/{project_id}/instances/%s/groups" % instance_id).json()
    assert data["total"] == 12 and len(data["groups"]) == 10


# --------------------------------------------------------------------------- details


def test_details_with_members_offsets_and_lag(api, instance_id):
    create_topic(api, instance_id, "orders")
    produce(api, instance_id, "orders", 0, 5)
    create_group(api, instance_id, "consumers")
    set_group(api, instance_id, "consumers", members=[member()],
              offsets=[{"topic": "orders", "partition": 0, "offset": 2}])
    body = api.get("/v2/{project_id}/instances/%s/management/groups/consumers" % instance_id).json()
    grp = body["group"]
    assert {"group_id", "state", "coordinator_id", "members", "group_message_offsets",
            "assignment_strategy"} <= set(grp)
    assert grp["state"] == "STABLE" and grp["assignment_strategy"] == "range"
    m = grp["members"][0]
    assert set(m) == {"host", "assignment", "member_id", "client_id"}
    assert m["assignment"] == [{"topic": "orders", "partitions": [0, 1, 2]}]
    o = grp["group_message_offsets"][0]
    assert set(o) == {"partition", "lag", "topic", "message_current_offset", "message_log_end_offset"}
    assert (o["partition"], o["message_current_offset"], o["message_log_end_offset"], o["lag"]) == (0, 2, 5, 3)
    # 5.5.7 (engine path): members without assignment
    grp7 = api.get(g(ENGINE, instance_id, "consumers")).json()["group"]
    assert set(grp7["members"][0]) == {"host", "member_id", "client_id"}
    assert grp7["group_message_offsets"] == grp["group_message_offsets"]
    assert grp7["lag"] == 3 and isinstance(grp7["createdAt"], int)
    # the path without the engine segment (Terraform's read)
    plain = api.get("/v2/{project_id}/instances/%s/groups/consumers" % instance_id)
    assert plain.status_code == 200 and plain.json()["group"]["group_id"] == "consumers"
    # the list shows the lag
    item = api.get("/v2/{project_id}/instances/%s/groups" % instance_id).json()["groups"][0]
    assert item["lag"] == 3 and item["state"] == "STABLE"


def test_unknown_group_and_instance(api, instance_id):
    for path in ("/v2/{project_id}/instances/%s/management/groups/nope" % instance_id,
                 g(ENGINE, instance_id, "nope"), g(ENGINE, instance_id, "nope") + "/topics",
                 g(ENGINE, instance_id, "nope") + "/members", g(ENGINE, instance_id, "nope") + "/message-offset"):
        assert_error(api.get(path), 404, "DMS.10240405")
    assert_error(api.delete(g(ENGINE, instance_id, "nope")), 404, "DMS.10240405")
    assert_error(api.get("/v2/{project_id}/instances/%s/groups" % MISSING), 404, "DMS.00404022")
    assert_error(api.get(g(ENGINE, MISSING, "x")), 404, "DMS.00404022")
    assert_error(create_group(api, MISSING, "abc"), 404, "DMS.00404022")
    assert_error(api.get("/v2/rabbitmq/{project_id}/instances/%s/groups/x" % instance_id), 400, "DMS.00400007")


def test_auth_failure(api, instance_id):
    assert_error(api.get("/v2/{project_id}/instances/%s/groups" % instance_id, sign=False), 401)
    r = api.post("/v2/{project_id}/kafka/instances/%s/group" % instance_id, json={"group_name": "abc"},
                 sk="not-the-secret")
    assert_error(r, 401)
    assert api.get("/v2/{project_id}/instances/%s/groups" % instance_id).json()["total"] == 0


def test_writes_need_running_instance(api):
    iid = api.create_instance(running=False)
    assert_error(create_group(api, iid, "abc"), 400, "DMS.00400026")


def test_update_description(api, instance_id):
    create_group(api, instance_id, "upd", "old")
    r = api.put(g(ENGINE, instance_id, "upd"), json={"group_name": "upd", "group_desc": "new"})
    assert r.status_code == 204, r.text
    assert api.get(g(ENGINE, instance_id, "upd")).json()["group"]["group_desc"] == "new"
    assert_error(api.put(g(ENGINE, instance_id, "upd"), json={"group_name": "other"}), 400, "DMS.00400800")


# --------------------------------------------------------------------------- delete


def test_delete_one_answers_200_then_404(api, instance_id):
    create_group(api, instance_id, "gone")
    r = api.delete(g(ENGINE, instance_id, "gone"))
    assert r.status_code == 200 and r.content == b""
    assert_error(api.get(g(ENGINE, instance_id, "gone")), 404, "DMS.10240405")


def test_delete_refuses_active_group(api, instance_id):
    create_group(api, instance_id, "busy")
    set_group(api, instance_id, "busy", members=[member()])
    assert_error(api.delete(g(ENGINE, instance_id, "busy")), 400, "DMS.00400800")


def test_batch_delete(api, instance_id):
    for name in ("b-one", "b-two", "b-busy"):
        create_group(api, instance_id, name)
    set_group(api, instance_id, "b-busy", members=[member()])
    r = api.post("/v2/{project_id}/instances/%s/groups/batch-delete" % instance_id,
                 json={"group_ids": ["b-one", "b-two", "b-busy", "b-missing"]})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["total"] == 2 and isinstance(body["total"], int)
    assert body["failed_groups"] == [{"group_id": "b-busy", "error_message": "NON_EMPTY_GROUP"},
                                     {"group_id": "b-missing", "error_message": "GROUP_ID_NOT_FOUND"}]
    left = [x["group_id"] for x in api.get("/v2/{project_id}/instances/%s/groups" % instance_id).json()["groups"]]
    assert left == ["b-busy"]
    ok = api.post("/v2/{project_id}/instances/%s/groups/batch-delete" % instance_id, json={"group_ids": []})
    assert_error(ok, 400, "DMS.00400800")
    assert_error(api.post("/v2/{project_id}/instances/%s/groups/batch-delete" % instance_id, json={}),
                 400, "DMS.00400800")
    assert_error(api.post("/v2/{project_id}/instances/%s/groups/batch-delete" % instance_id,
                          json={"group_ids": [1]}), 400, "DMS.00400800")


# --------------------------------------------------------------------------- topics, members, offsets


def test_topics_members_and_message_offsets(api, instance_id):
    create_topic(api, instance_id, "orders")
    create_topic(api, instance_id, "events", partitions=1)
    produce(api, instance_id, "orders", 1, 4)
    create_group(api, instance_id, "multi")
    set_group(api, instance_id, "multi",
              members=[member(), member("consumer-2-def", "consumer-2", "/10.0.0.6", "events", [0])],
              offsets=[{"topic": "orders", "partition": 0, "offset": 0},
                       {"topic": "orders", "partition": 1, "offset": 1},
                       {"topic": "events", "partition": 0, "offset": 0}])
    base = g(ENGINE, instance_id, "multi")
    topics = api.get(base + "/topics").json()
    assert topics["total"] == 2
    assert topics["topics"][0] == {"topic": "orders", "partitions": 3, "lag": 3}  # default: messages desc
    assert all(isinstance(t["partitions"], int) and isinstance(t["lag"], int) for t in topics["topics"])
    asc = api.get(base + "/topics", params={"sort_key": "topic", "sort_dir": "asc"}).json()
    assert [t["topic"] for t in asc["topics"]] == ["events", "orders"]
    assert api.get(base + "/topics", params={"topic": "eve"}).json()["total"] == 1
    assert_error(api.get(base + "/topics", params={"sort_key": "size"}), 400, "DMS.00400800")
    assert_error(api.get(base + "/topics", params={"sort_dir": "up"}), 400, "DMS.00400800")
    assert_error(api.get(base + "/topics", params={"limit": 100}), 400, "DMS.10240042")

    members = api.get(base + "/members").json()
    assert members["total"] == 2
    assert set(members["members"][0]) == {"member_id", "client_id"}
    assert api.get(base + "/members", params={"member_id": "consumer-2-def"}).json()["total"] == 1
    assert api.get(base + "/members", params={"host": "10.0.0.5"}).json()["total"] == 1
    assert api.get(base + "/members", params={"offset": 1, "limit": 1}).json()["members"][0]["client_id"] == "consumer-2"
    assert_error(api.get(base + "/members", params={"limit": 0}), 400, "DMS.00400800")

    offs = api.get(base + "/message-offset").json()
    assert offs["total"] == 3
    row = [o for o in offs["group_message_offsets"] if o["topic"] == "orders" and o["partition"] == "1"][0]
    assert row["message_current_offset"] == "1"  # String, as documented
    assert row["message_log_start_offset"] == 0 and row["message_log_end_offset"] == 4
    assert row["consumer_id"] == "consumer-1-abc" and row["host"] == "/10.0.0.5" and row["client_id"] == "consumer-1"
    assert api.get(base + "/message-offset", params={"topic": "events"}).json()["total"] == 1
    assert api.get(base + "/message-offset", params={"topic": "orders", "partition": "0"}).json()["total"] == 1


def test_reset_offsets_put_and_post(api, instance_id):
    create_topic(api, instance_id, "orders")
    produce(api, instance_id, "orders", 0, 6)
    create_group(api, instance_id, "resetme")
    path = "/v2/kafka/{project_id}/instances/%s/groups/resetme/reset-message-offset" % instance_id
    r = api.put(path, json={"topic": "orders", "partition": 0, "message_offset": 4})
    assert r.status_code == 204 and r.content == b""

    def current(p=0):
        rows = api.get(g(ENGINE, instance_id, "resetme")).json()["group"]["group_message_offsets"]
        return {(x["topic"], x["partition"]): x["message_current_offset"] for x in rows}

    assert current()[("orders", 0)] == 4
    assert api.post(path, json={"topic": "orders", "partition": 0, "message_offset": 99}).status_code == 204
    assert current()[("orders", 0)] == 6  # clamped to the latest
    assert api.post(path, json={"topic": "orders", "partition": -1, "timestamp": 0}).status_code == 204
    assert current() == {("orders", 0): 0, ("orders", 1): 0, ("orders", 2): 0}  # earliest
    assert api.post(path, json={"partition": -1, "timestamp": 4102444800000}).status_code == 204
    assert current()[("orders", 0)] == 6  # after the latest timestamp: the end
    # the engine form and section 6's management form
    alt = g(ENGINE, instance_id, "resetme") + "/reset-message-offset"
    assert api.put(alt, json={"topic": "orders", "partition": 0, "message_offset": 1}).status_code == 204
    mgmt = "/v2/{project_id}/instances/%s/management/groups/resetme/reset-message-offset" % instance_id
    assert api.post(mgmt, json={"topic": "orders", "partition": 0, "message_offset": 2}).status_code == 204
    assert current()[("orders", 0)] == 2


@pytest.mark.parametrize("body, code", [
    ({"topic": "orders", "message_offset": 1}, "DMS.00400800"),
    ({"topic": "orders", "partition": "0", "message_offset": 1}, "DMS.00400800"),
    ({"topic": "orders", "partition": -2, "message_offset": 1}, "DMS.00400800"),
    ({"topic": "orders", "partition": 0}, "DMS.00400800"),
    ({"topic": "orders", "partition": 0, "message_offset": 1, "timestamp": 1}, "DMS.00400800"),
    ({"topic": "orders", "partition": 0, "timestamp": "yesterday"}, "DMS.00400142"),
    ({"topic": "orders", "partition": 0, "timestamp": -5}, "DMS.00400142"),
    ({"topic": "orders", "partition": 0, "message_offset": -1}, "DMS.00400800"),
    ({"topic": "orders", "partition": 7, "message_offset": 1}, "DMS.00400800"),
    ({"topic": "no-such-topic", "partition": 0, "message_offset": 1}, "DMS.00400975"),
])
def test_reset_validation(api, instance_id, body, code):
    create_topic(api, instance_id, "orders")
    create_group(api, instance_id, "resetme")
    path = "/v2/kafka/{project_id}/instances/%s/groups/resetme/reset-message-offset" % instance_id
    assert_error(api.put(path, json=body), 400, code)


def test_reset_refuses_active_members_and_unknown_group(api, instance_id):
    create_topic(api, instance_id, "orders")
    create_group(api, instance_id, "live")
    set_group(api, instance_id, "live", members=[member()])
    path = "/v2/kafka/{project_id}/instances/%s/groups/%s/reset-message-offset"
    e = assert_error(api.put(path % (instance_id, "live"), json={"topic": "orders", "partition": 0,
                                                                  "message_offset": 0}), 400, "DMS.00400800")
    assert "active members" in e["error_msg"]
    assert_error(api.put(path % (instance_id, "ghost"), json={"partition": 0, "message_offset": 0}),
                 404, "DMS.10240405")


def test_delete_offsets(api, instance_id):
    create_topic(api, instance_id, "orders")
    create_topic(api, instance_id, "events")
    create_group(api, instance_id, "offs")
    set_group(api, instance_id, "offs", members=[member(topic="events", parts=[0])],
              offsets=[{"topic": "orders", "partition": 0, "offset": 1},
                       {"topic": "events", "partition": 0, "offset": 1}])
    path = "/v2/kafka/{project_id}/instances/%s/groups/offs/delete-offset" % instance_id
    r = api.post(path, json={"topics": ["orders", "events", "missing-topic"]})
    assert r.status_code == 200, r.text
    assert r.json()["topics"] == [
        {"name": "orders", "success": True},
        {"name": "events", "success": False, "error_code": "DMS.00400882"},
        {"name": "missing-topic", "success": False, "error_code": "DMS.00400975"},
    ]
    rows = api.get(g(ENGINE, instance_id, "offs")).json()["group"]["group_message_offsets"]
    assert [x["topic"] for x in rows] == ["events"]
    assert_error(api.post(path, json={"topics": "orders"}), 400, "DMS.00400800")


# --------------------------------------------------------------------------- reference examples


SECTIONS = ["5.5.%d" % i for i in range(1, 12)]


def _cases():
    if EXAMPLES is None:
        return [pytest.param(None, marks=pytest.mark.skip(reason="examples.json not found"))]
    return [pytest.param(s, id=s) for s in SECTIONS]


def _fill(path, iid, group):
    for a, b in (("{{project_id}}", "{project_id}"), ("{{instance_id}}", "{instance_id}"), ("[project_id]", "{project_id}")):
        path = path.replace(a, b)
    return path.replace("{engine}", "kafka").replace("{instance_id}", iid).replace("{group}", group)


def _keys_present(expected, got, where="$"):
    if isinstance(expected, dict):
        assert isinstance(got, dict), (where, got)
        for k, v in expected.items():
            assert k in got, (where, k, got)
            _keys_present(v, got[k], where + "." + k)
    elif isinstance(expected, list) and expected and isinstance(expected[0], (dict, list)):
        assert isinstance(got, list) and got, (where, got)
        _keys_present(expected[0], got[0], where + "[0]")


@pytest.mark.parametrize("section", _cases())
def test_reference_examples(api, instance_id, section):
    entry = EXAMPLES[section]
    # data the examples refer to: topics test/aaaa/topic-1/topic-2, a group with a member and offsets
    for t in ("test", "aaaa", "topic-1", "topic-2"):
        create_topic(api, instance_id, t)
    group = "test-consumer-group"
    create_group(api, instance_id, group)
    for gid in ("get-sync-group0", "get-sync-group1"):
        create_group(api, instance_id, gid)
    with_members = section not in ("5.5.5", "5.5.8", "5.5.10")
    set_group(api, instance_id, group,
              members=[member("consumer-1-6b8ee551", "consumer-1", "/172.16.0.102", "test", [0, 1, 2])]
              if with_members else [],
              offsets=[{"topic": "test", "partition": p, "offset": 0} for p in range(3)]
              + [{"topic": "topic-1", "partition": 0, "offset": 0}])
    for req in entry["requests"]:
        path = _fill(req["path"], instance_id, group)
        body = copy.deepcopy(req["body"])
        if section == "5.5.4":
            body["group_name"] = "test"
        params = {k: v for k, v in (req.get("query") or {}).items() if not (v.startswith("{") and v.endswith("}"))}
        r = api.request(req["method"] or entry["method"], path, params=params or None, json_body=body)
        statuses = [resp["status"] for resp in entry["responses"]] or [204 if section == "5.5.5" else 200]
        assert r.status_code == statuses[0], (section, r.status_code, r.text)
        for resp in entry["responses"]:
            if isinstance(resp["body"], str):
                assert r.text == resp["body"]
            elif isinstance(resp["body"], dict):
                expected = resp["body"]
                if section == "5.5.3":
                    expected = {"failed_groups": [], "total": 0}  # both groups exist and are empty
                _keys_present(expected, r.json())


def test_reset_terraform_form_all_topics_records_a_task(api, instance_id):
    """Terraform sends ``"topic": ""`` for every topic and the Long fields as strings, then waits for a task."""
    create_topic(api, instance_id, "orders")
    produce(api, instance_id, "orders", 0, 3)
    create_group(api, instance_id, "tfgroup")
    set_group(api, instance_id, "tfgroup", offsets=[{"topic": "orders", "partition": 0, "offset": 0}])
    path = "/v2/kafka/{project_id}/instances/%s/groups/tfgroup/reset-message-offset" % instance_id
    r = api.post(path, json={"topic": "", "partition": -1, "message_offset": "2"})
    assert r.status_code == 204, r.text
    rows = api.get(g(ENGINE, instance_id, "tfgroup")).json()["group"]["group_message_offsets"]
    assert rows[0]["message_current_offset"] == 2
    api.advance(60)
    tasks = api.get("/v2/{project_id}/instances/%s/tasks" % instance_id).json()["tasks"]
    mine = [t for t in tasks if t["name"] == "kafkaResetConsumerOffset"]
    assert mine and mine[0]["status"] == "SUCCESS"


def test_offsets_of_a_deleted_topic_disappear(api, instance_id):
    create_topic(api, instance_id, "orders")
    create_topic(api, instance_id, "events")
    create_group(api, instance_id, "watcher")
    set_group(api, instance_id, "watcher", offsets=[{"topic": "orders", "partition": 0, "offset": 0},
                                                     {"topic": "events", "partition": 0, "offset": 0}])
    r = api.post("/v2/{project_id}/instances/%s/topics/delete" % instance_id, json={"topics": ["events"]})
    assert r.status_code == 200, r.text
    rows = api.get(g(ENGINE, instance_id, "watcher")).json()["group"]["group_message_offsets"]
    assert [x["topic"] for x in rows] == ["orders"]
