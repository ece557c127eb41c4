"""Topics (5.4.2, 5.4.4-5.4.10, 5.4.15) against the running emulator."""

import pytest

from emulator_harness import assert_error

TOPICS = "/v2/{project_id}/instances/%s/topics"
KAFKA = "/v2/{project_id}/kafka/instances/%s"
MGMT = "/v2/{project_id}/instances/%s/management/topics/%s"
MISSING = "5f3c1f7e-0000-4000-8000-000000000000"

# JSON types of the reference tables ("long" and "integer" are both JSON integers).
TOPIC_ENTITY = {  # Table 5-100
    "policiesOnly": bool, "name": str, "replication": int, "partition": int, "retention_time": int,
    "sync_replication": bool, "sync_message_flush": bool, "external_configs": dict, "topic_type": int,
    "topic_other_configs": list, "topic_desc": str, "created_at": int,
}
OTHER_CONFIG = {"name": str, "valid_values": str, "default_value": str, "config_type": str, "value": str,
                "value_type": str}  # Table 5-101
LIST_BODY = {"total": int, "size": int, "remain_partitions": int, "max_partitions": int,
             "topic_max_partitions": int, "topics": list}  # Table 5-99
PARTITION_ROW = {"partition": int, "start_offset": int, "last_offset": int, "message_count": int,
                 "last_update_time": int}  # Table 5-113
DETAIL_PARTITION = {"partition": int, "leader": int, "leo": int, "hw": int, "lso": int,
                    "last_update_timestamp": int, "replicas": list}  # Table 5-120
DETAIL_REPLICA = {"broker": int, "leader": bool, "in_sync": bool, "size": int, "lag": int}  # Table 5-121
PRODUCER = {"producer_address": str, "broker_address": str, "join_time": int}  # Table 5-117


def assert_types(obj, schema):
    assert isinstance(obj, dict), obj
    missing = set(schema) - set(obj)
    assert not missing, (missing, obj)
    for key, typ in schema.items():
        value = obj[key]
        if typ is int:
            assert isinstance(value, int) and not isinstance(value, bool), (key, value)
        else:
            assert isinstance(value, typ), (key, value)


def create(api, iid, name, **fields):
    body = {"id": name}
    body.update(fields)
    return api.post(TOPICS % iid, json=body)


def make(api, iid, name, **fields):
    r = create(api, iid, name, **fields)
    assert r.status_code == 200, r.text
    return r


def listing(api, iid, **params):
    r = api.get(TOPICS % iid, params=params or None)
    assert r.status_code == 200, r.text
    return r.json()


def topic_item(api, iid, name):
    for t in listing(api, iid)["topics"]:
        if t["name"] == name:
            return t
    return None


def produce(api, iid, topic, body="hello", partition=None, key=None):
    props = []
    if key is not None:
        props.append({"name": "KEY", "value": key})
    if partition is not None:
        props.append({"name": "PARTITION", "value": str(partition)})
    r = api.post("/v2/{project_id}/instances/%s/messages/action" % iid, params={"action_id": "send"},
                 json={"topic": topic, "body": body, "property_list": props})
    assert r.status_code == 200, r.text
    return r


# --------------------------------------------------------------------------- 5.4.4 create


def test_create_topic_full_body_and_listing_types(api, instance_id):
    r = make(api, instance_id, "test01", partition=3, replication=3, retention_time=72, sync_message_flush=False,
             sync_replication="false", topic_desc="a topic",
             topic_other_configs=[{"name": "message.timestamp.type", "value": "CreateTime"},
                                  {"name": "max.message.bytes", "value": 1048576}])
    assert r.json() == {"name": "test01"}
    body = listing(api, instance_id)
    assert_types(body, LIST_BODY)
    assert body["total"] == 1
    item = body["topics"][0]
    assert_types(item, TOPIC_ENTITY)
    assert item["name"] == "test01" and item["partition"] == 3 and item["replication"] == 3
    assert item["retention_time"] == 72 and item["sync_replication"] is False and item["sync_message_flush"] is False
    assert item["topic_desc"] == "a topic" and item["topic_type"] == 0 and item["policiesOnly"] is False
    configs = {c["name"]: c for c in item["topic_other_configs"]}
    for c in configs.values():
        assert_types(c, OTHER_CONFIG)
    assert configs["max.message.bytes"]["value"] == "1048576"
    assert configs["max.message.bytes"]["valid_values"] == "[0...10485760]"
    assert configs["message.timestamp.type"]["value"] == "CreateTime"


def test_create_topic_defaults(api, instance_id):
    make(api, instance_id, "defaults")
    item = topic_item(api, instance_id, "defaults")
    assert item["partition"] == 3 and item["replication"] == 3 and item["retention_time"] == 72
    assert item["sync_replication"] is False and item["sync_message_flush"] is False and item["topic_desc"] == ""
    configs = {c["name"]: c["value"] for c in item["topic_other_configs"]}
    assert configs == {"max.message.bytes": "10485760", "message.timestamp.type": "LogAppendTime"}


@pytest.mark.parametrize("fields", [
    {"id": "abc"},
    {"id": "a" * 200},
    {"id": "A.b_c-1"},
    {"id": "edge-1", "partition": 1, "replication": 1, "retention_time": 1},
    {"id": "edge-2", "partition": 200, "retention_time": 720, "sync_replication": True, "sync_message_flush": "true"},
    {"id": "edge-3", "topic_desc": "d" * 200, "topic_other_configs": []},
    {"id": "edge-4", "topic_other_configs": [{"name": "max.message.bytes", "value": "0"}]},
])
def test_create_topic_accepts_boundaries(api, instance_id, fields):
    r = api.post(TOPICS % instance_id, json=fields)
    assert r.status_code == 200, r.text
    assert r.json() == {"name": fields["id"]}


@pytest.mark.parametrize("fields,code", [
    ({}, "DMS.00400101"),
    ({"id": ""}, "DMS.00400101"),
    ({"id": "ab"}, "DMS.00400101"),
    ({"id": "a" * 201}, "DMS.00400101"),
    ({"id": "1topic"}, "DMS.00400101"),
    ({"id": "_topic"}, "DMS.00400101"),
    ({"id": "top ic"}, "DMS.00400101"),
    ({"id": "top/ic"}, "DMS.00400101"),
    ({"id": 12345}, "DMS.00400101"),
    ({"id": "t-ok", "partition": 0}, "DMS.00400102"),
    ({"id": "t-ok", "partition": 201}, "DMS.00400102"),
    ({"id": "t-ok", "partition": "three"}, "DMS.00400800"),
    ({"id": "t-ok", "partition": 1.5}, "DMS.00400800"),
    ({"id": "t-ok", "partition": True}, "DMS.00400800"),
    ({"id": "t-ok", "replication": 0}, "DMS.00400103"),
    ({"id": "t-ok", "replication": 4}, "DMS.00400861"),
    ({"id": "t-ok", "retention_time": 0}, "DMS.00400105"),
    ({"id": "t-ok", "retention_time": 721}, "DMS.00400105"),
    ({"id": "t-ok", "sync_replication": "yes"}, "DMS.00400800"),
    ({"id": "t-ok", "sync_message_flush": 1}, "DMS.00400800"),
    ({"id": "t-ok", "topic_other_configs": {"name": "x"}}, "DMS.00400800"),
    ({"id": "t-ok", "topic_other_configs": ["x"]}, "DMS.00400800"),
    ({"id": "t-ok", "topic_other_configs": [{"name": "retention.ms", "value": "1"}]}, "DMS.00400063"),
    ({"id": "t-ok", "topic_other_configs": [{"name": "max.message.bytes", "value": 10485761}]}, "DMS.00400063"),
    ({"id": "t-ok", "topic_other_configs": [{"name": "max.message.bytes", "value": "big"}]}, "DMS.00400063"),
    ({"id": "t-ok", "topic_other_configs": [{"name": "message.timestamp.type", "value": "Now"}]}, "DMS.00400063"),
    ({"id": "t-ok", "topic_desc": "d" * 201}, "DMS.00400800"),
    ({"id": "t-ok", "topic_desc": 5}, "DMS.00400800"),
])
def test_create_topic_validation(api, instance_id, fields, code):
    body = assert_error(api.post(TOPICS % instance_id, json=fields), 400, code)
    assert body["error_msg"]
    assert listing(api, instance_id)["total"] == 0


def test_create_topic_body_errors(api, instance_id):
    assert_error(api.post(TOPICS % instance_id, raw=b""), 400, "DMS.00400004")
    assert_error(api.post(TOPICS % instance_id, raw=b"{not json"), 400, "DMS.00400005")
    assert_error(api.post(TOPICS % instance_id, json=["a"]), 400, "DMS.00400005")


def test_create_topic_duplicate(api, instance_id):
    make(api, instance_id, "dup-topic")
    assert_error(create(api, instance_id, "dup-topic"), 400, "DMS.40050005")


def test_create_topic_partition_budget(api, instance_id):
    # c6.2u4g.cluster: max_partition_per_broker 250 x 3 brokers = 750
    body = listing(api, instance_id)
    assert body["max_partitions"] == 750 and body["remain_partitions"] == 750
    assert body["topic_max_partitions"] == 200
    for i in range(3):
        make(api, instance_id, "big-%d" % i, partition=200)
    body = assert_error(create(api, instance_id, "big-3", partition=151), 400, "DMS.111400860")
    make(api, instance_id, "big-3", partition=150)
    body = listing(api, instance_id)
    assert body["remain_partitions"] == 0 and body["max_partitions"] == 750
    assert_error(create(api, instance_id, "one-more", partition=1), 400, "DMS.111400860")


def test_create_topic_instance_errors(api, instance_id):
    assert_error(create(api, MISSING, "some-topic"), 404, "DMS.00404022")
    assert_error(create(api, "not-a-uuid", "some-topic"), 400, "DMS.00400061")
    creating = api.create_instance(running=False)
    assert_error(create(api, creating, "some-topic"), 400, "DMS.00400026")


def test_topics_auth_required(api, instance_id):
    assert_error(api.post(TOPICS % instance_id, json={"id": "abc"}, sign=False), 401)
    assert_error(api.get(TOPICS % instance_id, sign=False), 401)
    assert_error(api.get(TOPICS % instance_id, sk="wrong-secret"), 401)


# --------------------------------------------------------------------------- 5.4.5 list


def test_list_topics_pagination(api, instance_id):
    names = ["page-%d" % i for i in range(5)]
    for n in names:
        make(api, instance_id, n, partition=1)
    assert [t["name"] for t in listing(api, instance_id)["topics"]] == names
    body = listing(api, instance_id, offset=1, limit=2)
    assert [t["name"] for t in body["topics"]] == names[1:3]
    assert body["total"] == 5 and body["size"] == 2
    assert body["remain_partitions"] == 745
    body = listing(api, instance_id, offset=4, limit=10)
    assert [t["name"] for t in body["topics"]] == names[4:]
    assert listing(api, instance_id, offset=9)["topics"] == []


@pytest.mark.parametrize("params", [{"offset": "-1"}, {"offset": "x"}, {"limit": "-2"}, {"limit": "1.5"}])
def test_list_topics_bad_paging(api, instance_id, params):
    assert_error(api.get(TOPICS % instance_id, params=params), 400, "DMS.00400800")


def test_list_topics_instance_errors(api):
    assert_error(api.get(TOPICS % MISSING), 404, "DMS.00404022")
    assert_error(api.get(TOPICS % "bad-id"), 400, "DMS.00400061")


# --------------------------------------------------------------------------- 5.4.6 modify


def test_modify_topic(api, instance_id):
    make(api, instance_id, "test01")
    r = api.put(TOPICS % instance_id, json={"topics": [{
        "id": "test01", "retention_time": 24, "sync_replication": True, "sync_message_flush": "true",
        "new_partition_numbers": 6, "new_partition_brokers": [1, 2], "topic_desc": "changed",
        "topic_other_configs": [{"name": "max.message.bytes", "value": 2048}],
    }]})
    assert r.status_code == 204, r.text
    assert r.content == b""
    item = topic_item(api, instance_id, "test01")
    assert item["retention_time"] == 24 and item["sync_replication"] is True and item["sync_message_flush"] is True
    assert item["partition"] == 6 and item["topic_desc"] == "changed"
    configs = {c["name"]: c["value"] for c in item["topic_other_configs"]}
    assert configs == {"max.message.bytes": "2048", "message.timestamp.type": "LogAppendTime"}
    details = api.get(MGMT % (instance_id, "test01")).json()
    leaders = [p["leader"] for p in details["partitions"]]
    assert leaders[3:] == [1, 2, 1]
    assert all(len(p["replicas"]) == 3 for p in details["partitions"])
    # the same number of partitions is no change; an empty batch is accepted
    assert api.put(TOPICS % instance_id, json={"topics": [{"id": "test01", "new_partition_numbers": 6}]}).status_code == 204
    assert api.put(TOPICS % instance_id, json={"topics": []}).status_code == 204


@pytest.mark.parametrize("item,code", [
    ({}, "DMS.00400800"),
    ({"id": "nope-topic"}, "DMS.00400975"),
    ({"id": "mod-topic", "new_partition_numbers": 2}, "DMS.00400800"),
    ({"id": "mod-topic", "new_partition_numbers": 201}, "DMS.00400102"),
    ({"id": "mod-topic", "new_partition_numbers": "many"}, "DMS.00400800"),
    ({"id": "mod-topic", "new_partition_numbers": 4, "new_partition_brokers": [3]}, "DMS.00400800"),
    ({"id": "mod-topic", "new_partition_numbers": 4, "new_partition_brokers": [1, 1]}, "DMS.00400800"),
    ({"id": "mod-topic", "new_partition_numbers": 4, "new_partition_brokers": "1"}, "DMS.00400800"),
    ({"id": "mod-topic", "retention_time": 0}, "DMS.00400105"),
    ({"id": "mod-topic", "retention_time": 721}, "DMS.00400105"),
    ({"id": "mod-topic", "sync_replication": "maybe"}, "DMS.00400800"),
    ({"id": "mod-topic", "topic_desc": "x" * 201}, "DMS.00400800"),
    ({"id": "mod-topic", "topic_other_configs": [{"name": "cleanup.policy", "value": "compact"}]}, "DMS.00400063"),
])
def test_modify_topic_validation(api, instance_id, item, code):
    make(api, instance_id, "mod-topic")
    assert_error(api.put(TOPICS % instance_id, json={"topics": [item]}), 400, code)
    after = topic_item(api, instance_id, "mod-topic")
    assert after["partition"] == 3 and after["retention_time"] == 72


def test_modify_topic_batch_is_atomic_and_budgeted(api, instance_id):
    make(api, instance_id, "mod-a", partition=200)
    make(api, instance_id, "mod-b", partition=200)
    make(api, instance_id, "mod-c", partition=200)
    r = api.put(TOPICS % instance_id, json={"topics": [{"id": "mod-a", "retention_time": 10},
                                                        {"id": "mod-b", "new_partition_numbers": 1}]})
    assert_error(r, 400, "DMS.00400800")
    assert topic_item(api, instance_id, "mod-a")["retention_time"] == 72
    make(api, instance_id, "mod-d", partition=100)
    r = api.put(TOPICS % instance_id, json={"topics": [{"id": "mod-d", "new_partition_numbers": 151}]})
    assert_error(r, 400, "DMS.111400860")
    assert api.put(TOPICS % instance_id, json={"topics": "mod-a"}).status_code == 400


def test_modify_topic_instance_errors(api):
    assert_error(api.put(TOPICS % MISSING, json={"topics": []}), 404, "DMS.00404022")
    creating = api.create_instance(running=False)
    assert_error(api.put(TOPICS % creating, json={"topics": []}), 400, "DMS.00400026")


# --------------------------------------------------------------------------- 5.4.7 batch delete


def test_batch_delete_topics(api, instance_id):
    make(api, instance_id, "del-a")
    make(api, instance_id, "del-b")
    produce(api, instance_id, "del-a", "old message", partition=0)
    r = api.post(TOPICS % instance_id + "/delete", json={"topics": ["del-a", "missing-topic"]})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body == {"topics": [{"id": "del-a", "success": True}, {"id": "missing-topic", "success": False}]}
    assert [t["name"] for t in listing(api, instance_id)["topics"]] == ["del-b"]
    # a topic created again under the same name starts empty
    make(api, instance_id, "del-a")
    parts = api.get(KAFKA % instance_id + "/topics/del-a/partitions").json()["partitions"]
    assert all(p["last_offset"] == 0 for p in parts)
    assert api.post(TOPICS % instance_id + "/delete", json={"topics": []}).json() == {"topics": []}


def test_batch_delete_validation(api, instance_id):
    assert_error(api.post(TOPICS % instance_id + "/delete", json={"topics": "del-a"}), 400, "DMS.00400800")
    assert_error(api.post(TOPICS % instance_id + "/delete", json={"topics": [1]}), 400, "DMS.00400800")
    assert_error(api.post(TOPICS % instance_id + "/delete", raw=b"[1"), 400, "DMS.00400005")
    assert_error(api.post(TOPICS % MISSING + "/delete", json={"topics": ["a"]}), 404, "DMS.00404022")


def test_batch_delete_removes_acl(api):
    iid = api.create_instance(ssl_enable=True, access_user="root-user", password="Kafka@Pass123",
                              kafka_security_protocol="SASL_SSL", sasl_enabled_mechanisms=["SCRAM-SHA-512"])
    make(api, iid, "acl-topic")
    r = api.post("/v2/{project_id}/instances/%s/users" % iid,
                 json={"user_name": "app-user", "user_passwd": "Kafka@Pass456"})
    assert r.status_code == 204, r.text
    grant = {"topics": [{"name": "acl-topic", "policies": [{"user_name": "app-user", "access_policy": "pub"}]}]}
    assert api.post("/v1/{project_id}/instances/%s/topics/accesspolicy" % iid, json=grant).status_code == 200
    policy_url = "/v1/{project_id}/instances/%s/topics/acl-topic/accesspolicy" % iid
    assert [p["user_name"] for p in api.get(policy_url).json()["policies"]] == ["app-user"]
    api.post(TOPICS % iid + "/delete", json={"topics": ["acl-topic"]})
    make(api, iid, "acl-topic")
    assert api.get(policy_url).json()["policies"] == []


# --------------------------------------------------------------------------- 5.4.8 partitions


def test_partition_list(api, instance_id):
    make(api, instance_id, "parts", partition=4)
    produce(api, instance_id, "parts", "a", partition=1)
    produce(api, instance_id, "parts", "b", partition=1)
    r = api.get(KAFKA % instance_id + "/topics/parts/partitions")
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["total"] == 4 and isinstance(body["total"], int)
    for row in body["partitions"]:
        assert_types(row, PARTITION_ROW)
    p1 = body["partitions"][1]
    assert (p1["start_offset"], p1["last_offset"], p1["message_count"]) == (0, 2, 2)
    page = api.get(KAFKA % instance_id + "/topics/parts/partitions", params={"offset": 1, "limit": 2}).json()
    assert [p["partition"] for p in page["partitions"]] == [1, 2] and page["total"] == 4
    # the reference's example: start=1&limit=10 is the first page
    page = api.get(KAFKA % instance_id + "/topics/parts/partitions", params={"start": 1, "limit": 10}).json()
    assert [p["partition"] for p in page["partitions"]] == [0, 1, 2, 3]
    assert_error(api.get(KAFKA % instance_id + "/topics/parts/partitions", params={"limit": "x"}), 400)
    assert_error(api.get(KAFKA % instance_id + "/topics/nope-topic/partitions"), 400, "DMS.00400975")
    assert_error(api.get(KAFKA % MISSING + "/topics/parts/partitions"), 404, "DMS.00404022")


# --------------------------------------------------------------------------- 5.4.9 producers


def test_producers(api, instance_id):
    make(api, instance_id, "prod-topic")
    url = KAFKA % instance_id + "/topics/prod-topic/producers"
    assert api.get(url).json() == {"total": 0, "producers": []}
    produce(api, instance_id, "prod-topic", "x")
    body = api.get(url, params={"offset": 0, "limit": 10}).json()
    assert body["total"] == 1
    assert_types(body["producers"][0], PRODUCER)
    assert body["producers"][0]["broker_address"].endswith(":9092")
    for params in ({"limit": 0}, {"limit": 51}, {"offset": -1}, {"limit": "ten"}):
        assert_error(api.get(url, params=params), 400, "DMS.00400800")
    assert_error(api.get(KAFKA % instance_id + "/topics/nope-topic/producers"), 400, "DMS.00400975")


# --------------------------------------------------------------------------- 5.4.10 details


def test_topic_details(api, instance_id):
    make(api, instance_id, "detail", partition=3, replication=2)
    produce(api, instance_id, "detail", "12345", partition=2)
    r = api.get(MGMT % (instance_id, "detail"))
    assert r.status_code == 200, r.text
    body = r.json()
    assert set(body) == {"topic", "partitions", "group_subscribed"}
    assert body["topic"] == "detail" and body["group_subscribed"] == []
    assert [p["partition"] for p in body["partitions"]] == [0, 1, 2]
    for p in body["partitions"]:
        assert_types(p, DETAIL_PARTITION)
        assert len(p["replicas"]) == 2
        for rep in p["replicas"]:
            assert_types(rep, DETAIL_REPLICA)
        assert p["replicas"][0]["broker"] == p["leader"] and p["replicas"][0]["leader"] is True
        assert [rep["leader"] for rep in p["replicas"]] == [True, False]
    p2 = body["partitions"][2]
    assert (p2["lso"], p2["leo"], p2["hw"]) == (0, 1, 1)
    assert p2["replicas"][0]["size"] == 5
    # a consumer group with committed offsets on the topic
    hook = api.http.post(api.base_url + "/_emulator/instances/%s/groups/grp-1" % instance_id,
                         json={"offsets": [{"topic": "detail", "partition": 0, "offset": 0}]})
    assert hook.status_code == 200, hook.text
    assert api.get(MGMT % (instance_id, "detail")).json()["group_subscribed"] == ["grp-1"]
    assert_error(api.get(MGMT % (instance_id, "nope-topic")), 400, "DMS.00400975")
    assert_error(api.get(MGMT % (MISSING, "detail")), 404, "DMS.00404022")


# --------------------------------------------------------------------------- 5.4.2 replicas reassignment


def reassign_replicas(api, iid, topic, partitions):
    return api.post(MGMT % (iid, topic) + "/replicas-reassignment", json={"partitions": partitions})


def test_replicas_reassignment(api, instance_id):
    make(api, instance_id, "rr-topic", partition=2, replication=3)
    r = reassign_replicas(api, instance_id, "rr-topic", [{"partition": 1, "replicas": [1, 2]},
                                                          {"partition": 0, "replicas": [0, 1]}])
    assert r.status_code == 204, r.text
    assert r.content == b""
    parts = api.get(MGMT % (instance_id, "rr-topic")).json()["partitions"]
    assert [[rep["broker"] for rep in p["replicas"]] for p in parts] == [[0, 1], [1, 2]]
    assert [p["leader"] for p in parts] == [0, 1]
    assert topic_item(api, instance_id, "rr-topic")["replication"] == 2
    # a reassignment is a background task: a second one waits until it ends
    again = reassign_replicas(api, instance_id, "rr-topic", [{"partition": 0, "replicas": [2, 0]}])
    assert_error(again, 400, "DMS.00500980")
    api.advance(60)
    assert reassign_replicas(api, instance_id, "rr-topic", [{"partition": 0, "replicas": [2, 0]}]).status_code == 204
    assert api.get(MGMT % (instance_id, "rr-topic")).json()["partitions"][0]["leader"] == 2


@pytest.mark.parametrize("partitions,code", [
    (None, "DMS.00400800"),
    ([], "DMS.00400800"),
    ("0", "DMS.00400800"),
    ([{"replicas": [0, 1]}], "DMS.00400800"),
    ([{"partition": 5, "replicas": [0, 1]}], "DMS.00400800"),
    ([{"partition": 0}], "DMS.00400800"),
    ([{"partition": 0, "replicas": []}], "DMS.00400800"),
    ([{"partition": 0, "replicas": [0, 1, 2, 0]}], "DMS.00400861"),
    ([{"partition": 0, "replicas": [0, 3]}], "DMS.00400800"),
    ([{"partition": 0, "replicas": [1, 1]}], "DMS.00400800"),
    ([{"partition": 0, "replicas": [0, 1]}, {"partition": 1, "replicas": [0]}], "DMS.00400800"),
    ([{"partition": 0, "replicas": [0, 1]}, {"partition": 0, "replicas": [1, 2]}], "DMS.00400800"),
])
def test_replicas_reassignment_validation(api, instance_id, partitions, code):
    make(api, instance_id, "rr-topic", partition=2)
    body = {} if partitions is None else {"partitions": partitions}
    r = api.post(MGMT % (instance_id, "rr-topic") + "/replicas-reassignment", json=body)
    assert_error(r, 400, code)


def test_replicas_reassignment_errors(api, instance_id):
    assert_error(reassign_replicas(api, instance_id, "nope-topic", [{"partition": 0, "replicas": [0]}]),
                 400, "DMS.00400975")
    assert_error(reassign_replicas(api, MISSING, "x-topic", [{"partition": 0, "replicas": [0]}]), 404, "DMS.00404022")


# --------------------------------------------------------------------------- 5.4.15 partition reassignment


REASSIGN = KAFKA + "/reassign"


def test_partition_reassignment_job(api, instance_id):
    make(api, instance_id, "ra-topic", partition=3, replication=3)
    r = api.post(REASSIGN % instance_id, json={
        "reassignments": [{"topic": "ra-topic", "brokers": [0, 1], "replication_factor": 2}],
        "throttle": 10000000, "time_estimate": False})
    assert r.status_code == 200, r.text
    body = r.json()
    assert isinstance(body["job_id"], str) and len(body["job_id"]) == 32
    assert isinstance(body["reassignment_time"], int)
    parts = api.get(MGMT % (instance_id, "ra-topic")).json()["partitions"]
    assert all(sorted(rep["broker"] for rep in p["replicas"]) == [0, 1] for p in parts)
    assert topic_item(api, instance_id, "ra-topic")["replication"] == 2
    task = api.get("/v2/{project_id}/instances/%s/tasks/%s" % (instance_id, body["job_id"]))
    if task.status_code == 200:  # the tasks module (5.8) answers a list with one task
        assert task.json()["tasks"][0]["status"] == "EXECUTING"
    busy = api.post(REASSIGN % instance_id, json={"reassignments": [{"topic": "ra-topic", "brokers": [0, 1, 2]}]})
    assert_error(busy, 400, "DMS.00500980")
    api.advance(60)
    if task.status_code == 200:
        task = api.get("/v2/{project_id}/instances/%s/tasks/%s" % (instance_id, body["job_id"]))
        assert task.json()["tasks"][0]["status"] == "SUCCESS"
    manual = api.post(REASSIGN % instance_id, json={"reassignments": [{"topic": "ra-topic", "assignment": [
        {"partition": 0, "partition_brokers": [2, 1, 0]}]}]})
    assert manual.status_code == 200, manual.text
    parts = api.get(MGMT % (instance_id, "ra-topic")).json()["partitions"]
    assert [rep["broker"] for rep in parts[0]["replicas"]] == [2, 1, 0] and parts[0]["leader"] == 2


def test_partition_reassignment_estimate(api, instance_id):
    make(api, instance_id, "ra-topic")
    r = api.post(REASSIGN % instance_id, json={
        "reassignments": [{"topic": "ra-topic", "brokers": [0, 1, 2]}], "time_estimate": True})
    assert r.status_code == 200, r.text
    body = r.json()
    assert list(body) == ["reassignment_time"] and isinstance(body["reassignment_time"], int)
    # an estimate changes nothing and starts no task
    r = api.post(REASSIGN % instance_id, json={"reassignments": [{"topic": "ra-topic", "brokers": [0, 1, 2]}]})
    assert r.status_code == 200, r.text


def test_partition_reassignment_schedule(api, instance_id):
    make(api, instance_id, "ra-topic")
    now_ms = int(api.get(TOPICS % instance_id).json()["topics"][0]["created_at"])
    r = api.post(REASSIGN % instance_id, json={"reassignments": [{"topic": "ra-topic", "brokers": [0, 1, 2]}],
                                               "is_schedule": True, "execute_at": now_ms + 3600 * 1000})
    assert r.status_code == 200, r.text
    api.advance(120)
    assert_error(api.post(REASSIGN % instance_id, json={"reassignments": [{"topic": "ra-topic", "brokers": [0]}]}),
                 400, "DMS.00500980")
    api.advance(3600)
    assert api.post(REASSIGN % instance_id,
                    json={"reassignments": [{"topic": "ra-topic", "brokers": [0, 1, 2]}]}).status_code == 200


@pytest.mark.parametrize("body,code", [
    ({}, "DMS.00400800"),
    ({"reassignments": []}, "DMS.00400800"),
    ({"reassignments": {"topic": "ra-topic"}}, "DMS.00400800"),
    ({"reassignments": [{"brokers": [0, 1]}]}, "DMS.00400800"),
    ({"reassignments": [{"topic": "nope-topic", "brokers": [0, 1]}]}, "DMS.00400975"),
    ({"reassignments": [{"topic": "ra-topic"}]}, "DMS.00400800"),
    ({"reassignments": [{"topic": "ra-topic", "brokers": [], "assignment": []}]}, "DMS.00400800"),
    ({"reassignments": [{"topic": "ra-topic", "brokers": [0, 7]}]}, "DMS.00400800"),
    ({"reassignments": [{"topic": "ra-topic", "brokers": [0, 1], "replication_factor": 3}]}, "DMS.00400861"),
    ({"reassignments": [{"topic": "ra-topic", "brokers": [0, 1], "replication_factor": 0}]}, "DMS.00400103"),
    ({"reassignments": [{"topic": "ra-topic", "brokers": [0, 1, 2]}, {"topic": "ra-topic", "brokers": [0]}]},
     "DMS.00400800"),
    ({"reassignments": [{"topic": "ra-topic", "assignment": [{"partition": 9, "partition_brokers": [0]}]}]},
     "DMS.00400800"),
    ({"reassignments": [{"topic": "ra-topic", "assignment": [{"partition": 0}]}]}, "DMS.00400800"),
    ({"reassignments": [{"topic": "ra-topic", "assignment": [{"partition": 0, "partition_brokers": [4]}]}]},
     "DMS.00400800"),
    ({"reassignments": [{"topic": "ra-topic", "brokers": [0, 1]}], "throttle": 0}, "DMS.00400800"),
    ({"reassignments": [{"topic": "ra-topic", "brokers": [0, 1]}], "throttle": "fast"}, "DMS.00400800"),
    ({"reassignments": [{"topic": "ra-topic", "brokers": [0, 1]}], "is_schedule": True}, "DMS.00400800"),
    ({"reassignments": [{"topic": "ra-topic", "brokers": [0, 1]}], "is_schedule": True, "execute_at": 1000},
     "DMS.00400142"),
    ({"reassignments": [{"topic": "ra-topic", "brokers": [0, 1]}], "time_estimate": "soon"}, "DMS.00400800"),
])
def test_partition_reassignment_validation(api, instance_id, body, code):
    make(api, instance_id, "ra-topic")
    assert_error(api.post(REASSIGN % instance_id, json=body), 400, code)


def test_partition_reassignment_instance_errors(api):
    body = {"reassignments": [{"topic": "ra-topic", "brokers": [0, 1]}]}
    assert_error(api.post(REASSIGN % MISSING, json=body), 404, "DMS.00404022")
    creating = api.create_instance(running=False)
    assert_error(api.post(REASSIGN % creating, json=body), 400, "DMS.00400026")
    assert_error(api.post(REASSIGN % creating, json=body, sign=False), 401)
