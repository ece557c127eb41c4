"""Messages: produce (5.4.3), query (5.7.1-5.7.5), delete (5.7.6) against the running emulator."""

import pytest

from emulator_harness import assert_error

BASE = "/v2/{project_id}/instances/%s"
SEND = BASE + "/messages/action"
QUERY = BASE + "/messages"
MGMT = BASE + "/management/topics/%s"
DELETE = "/v2/{project_id}/kafka/instances/%s/topics/%s/messages"
MISSING = "5f3c1f7e-0000-4000-8000-000000000000"

MESSAGES_ENTITY = {"topic": str, "partition": int, "key": (str, type(None)), "value": str, "size": int,
                   "timestamp": int, "huge_message": bool, "message_offset": int, "message_id": str,
                   "app_id": str, "tag": str}  # Table 5-206
OFFSET_MESSAGE = {"key": (str, type(None)), "value": str, "topic": str, "partition": int, "message_offset": int,
                  "size": int, "timestamp": int}  # Table 5-212
PERIOD_MESSAGE = {"topic": str, "partition": int, "message_offset": int, "size": int, "timestamp": int}  # 5-216
EDGE = {"topic": str, "partition": int, "offset": int, "timestamp": int}  # Tables 5-218 / 5-220


def assert_types(obj, schema):
    assert isinstance(obj, dict), obj
    assert not set(schema) - set(obj), (set(schema) - set(obj), obj)
    for key, typ in schema.items():
        value = obj[key]
        if typ is int:
            assert isinstance(value, int) and not isinstance(value, bool), (key, value)
        else:
            assert isinstance(value, typ), (key, value)


def make_topic(api, iid, name, **fields):
    body = {"id": name}
    body.update(fields)
    r = api.post(BASE % iid + "/topics", json=body)
    assert r.status_code == 200, r.text


def send(api, iid, topic, body="hello", partition=None, key=None, params=None):
    props = []
    if key is not None:
        props.append({"name": "KEY", "value": key})
    if partition is not None:
        props.append({"name": "PARTITION", "value": str(partition)})
    return api.post(SEND % iid, params=params or {"action_id": "send"},
                    json={"topic": topic, "body": body, "property_list": props})


def sent(api, iid, topic, body="hello", partition=None, key=None):
    r = send(api, iid, topic, body, partition, key)
    assert r.status_code == 200, r.text
    return r.json()


def end_offset(api, iid, topic, partition):
    r = api.get(MGMT % (iid, topic) + "/partitions/%d/end-message" % partition)
    assert r.status_code == 200, r.text
    return r.json()["offset"]


@pytest.fixture()
def topic(api, instance_id):
    make_topic(api, instance_id, "topic-test", partition=3)
    return "topic-test"


# --------------------------------------------------------------------------- 5.4.3 produce


def test_produce(api, instance_id, topic):
    body = sent(api, instance_id, topic, "hello world", partition=0, key="testKey")
    assert body == {"topic": topic, "body": "hello world", "property_list": []}
    assert end_offset(api, instance_id, topic, 0) == 1
    sent(api, instance_id, topic, "second", partition=0)
    assert end_offset(api, instance_id, topic, 0) == 2
    # same key, same partition
    before = [end_offset(api, instance_id, topic, p) for p in range(3)]
    sent(api, instance_id, topic, "k1", key="same-key")
    sent(api, instance_id, topic, "k2", key="same-key")
    grown = [end_offset(api, instance_id, topic, p) - before[p] for p in range(3)]
    assert sorted(grown) == [0, 0, 2]
    # without key or partition the messages are spread over the partitions
    for i in range(3):
        sent(api, instance_id, topic, "rr-%d" % i)
    assert sum(end_offset(api, instance_id, topic, p) for p in range(3)) == 7


def test_produce_reference_example_url(api, instance_id):
    """The reference's example URL ``.../messages?action?action_id=...`` (parsed literally)."""
    make_topic(api, instance_id, "XXXX")
    r = api.post(BASE % instance_id + "/messages", params={"action?action_id": "send"},
                 json={"topic": "XXXX", "body": "hello world", "property_list": []})
    assert r.status_code == 200, r.text
    assert r.json() == {"topic": "XXXX", "body": "hello world", "property_list": []}


def test_produce_auto_creates_topic(api):
    iid = api.create_instance(enable_auto_topic=True)
    assert sent(api, iid, "auto-topic", "x")["topic"] == "auto-topic"
    topics = api.get(BASE % iid + "/topics").json()["topics"]
    assert [(t["name"], t["partition"], t["replication"]) for t in topics] == [("auto-topic", 3, 3)]


def test_produce_unknown_topic_without_auto_creation(api, instance_id):
    assert_error(send(api, instance_id, "no-such-topic"), 400, "DMS.00400975")
    assert api.get(BASE % instance_id + "/topics").json()["total"] == 0


@pytest.mark.parametrize("params", [{}, {"action_id": ""}, {"action_id": "receive"}])
def test_produce_action_id(api, instance_id, topic, params):
    r = api.post(SEND % instance_id, params=params or None,
                 json={"topic": topic, "body": "x", "property_list": []})
    assert_error(r, 400, "DMS.00400800")


@pytest.mark.parametrize("body,code", [
    ({"body": "x", "property_list": []}, "DMS.10540001"),
    ({"topic": "topic-test", "property_list": []}, "DMS.10540001"),
    ({"topic": "topic-test", "body": "x"}, "DMS.10540001"),
    ({"topic": 1, "body": "x", "property_list": []}, "DMS.00400800"),
    ({"topic": "topic-test", "body": {"a": 1}, "property_list": []}, "DMS.00400800"),
    ({"topic": "topic-test", "body": "x", "property_list": {"name": "KEY"}}, "DMS.00400800"),
    ({"topic": "topic-test", "body": "x", "property_list": ["KEY"]}, "DMS.10540001"),
    ({"topic": "topic-test", "body": "x", "property_list": [{"name": "PARTITION", "value": "7"}]}, "DMS.00400800"),
    ({"topic": "topic-test", "body": "x", "property_list": [{"name": "PARTITION", "value": "one"}]},
     "DMS.00400800"),
    ({"topic": "topic-test", "body": "x", "property_list": [{"name": "KEY", "value": ["k"]}]}, "DMS.10540001"),
])
def test_produce_validation(api, instance_id, topic, body, code):
    assert_error(api.post(SEND % instance_id, params={"action_id": "send"}, json=body), 400, code)
    assert sum(end_offset(api, instance_id, topic, p) for p in range(3)) == 0


def test_produce_message_size_limit(api, instance_id):
    make_topic(api, instance_id, "small-topic", topic_other_configs=[{"name": "max.message.bytes", "value": "10"}])
    assert send(api, instance_id, "small-topic", "0123456789").status_code == 200
    body = assert_error(send(api, instance_id, "small-topic", "0123456789A"), 400, "DMS.10540011")
    assert "11" in body["error_msg"] and "10" in body["error_msg"]


def test_produce_instance_and_auth_errors(api):
    assert_error(send(api, MISSING, "a-topic"), 404, "DMS.00404022")
    creating = api.create_instance(running=False)
    assert_error(send(api, creating, "a-topic"), 400, "DMS.00400026")
    assert_error(api.post(SEND % creating, params={"action_id": "send"}, json={}, sign=False), 401)
    assert_error(api.get(QUERY % creating, params={"topic": "a-topic"}, sign=False), 401)


# --------------------------------------------------------------------------- 5.7.1 query


def test_query_messages_by_time_and_content(api, instance_id, topic):
    sent(api, instance_id, topic, "first", partition=0, key="k0")
    api.advance(1)
    sent(api, instance_id, topic, "second hello", partition=1)
    api.advance(1)
    sent(api, instance_id, topic, "third hello", partition=0)
    r = api.get(QUERY % instance_id, params={"topic": topic, "start_time": 0, "end_time": 99999999999999,
                                             "limit": 10, "offset": 0, "asc": "false"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert set(body) == {"messages", "total", "size"}
    assert body["total"] == 3 and body["size"] == 3
    for m in body["messages"]:
        assert_types(m, MESSAGES_ENTITY)
    assert [m["value"] for m in body["messages"]] == ["third hello", "second hello", "first"]
    asc = api.get(QUERY % instance_id, params={"topic": topic, "start_time": 0, "end_time": 99999999999999,
                                               "asc": "true"}).json()
    assert [m["value"] for m in asc["messages"]] == ["first", "second hello", "third hello"]
    first = asc["messages"][0]
    assert first["key"] == "k0" and first["partition"] == 0 and first["message_offset"] == 0
    assert first["size"] == len("first") + len("k0") and first["huge_message"] is False
    # time window: only the middle message
    t = asc["messages"][1]["timestamp"]
    window = api.get(QUERY % instance_id, params={"topic": topic, "start_time": t, "end_time": t}).json()
    assert [m["value"] for m in window["messages"]] == ["second hello"]
    # keyword and pages ("offset" is the page number)
    kw = api.get(QUERY % instance_id, params={"topic": topic, "start_time": 0, "end_time": 99999999999999,
                                              "keyword": "hello", "limit": 1, "offset": 2, "asc": "true"}).json()
    assert kw["total"] == 2 and kw["size"] == 1 and [m["value"] for m in kw["messages"]] == ["third hello"]
    # content query: message_offset + partition
    content = api.get(QUERY % instance_id, params={"topic": topic, "message_offset": 1, "partition": 0,
                                                   "download": "false"}).json()
    assert [m["value"] for m in content["messages"]] == ["third hello"] and content["total"] == 1
    none = api.get(QUERY % instance_id, params={"topic": topic, "message_offset": 9, "partition": 0}).json()
    assert none == {"messages": [], "total": 0, "size": 0}


@pytest.mark.parametrize("params,code", [
    ({}, "DMS.00400800"),
    ({"topic": "1bad"}, "DMS.00400800"),
    ({"topic": "bad topic", "start_time": 0, "end_time": 1}, "DMS.00400800"),
    ({"topic": "topic-test"}, "DMS.00400800"),
    ({"topic": "topic-test", "start_time": 0}, "DMS.00400800"),
    ({"topic": "topic-test", "message_offset": 0}, "DMS.00400800"),
    ({"topic": "topic-test", "start_time": "yesterday", "end_time": 1}, "DMS.00400142"),
    ({"topic": "topic-test", "start_time": 10, "end_time": 5}, "DMS.00400142"),
    ({"topic": "topic-test", "start_time": 0, "end_time": 5, "limit": 0}, "DMS.00400800"),
    ({"topic": "topic-test", "start_time": 0, "end_time": 5, "offset": "x"}, "DMS.00400800"),
    ({"topic": "topic-test", "start_time": 0, "end_time": 5, "asc": "up"}, "DMS.00400800"),
    ({"topic": "topic-test", "start_time": 0, "end_time": 5, "download": "1"}, "DMS.00400800"),
    ({"topic": "topic-test", "start_time": 0, "end_time": 5, "keyword": "k" * 51}, "DMS.00400800"),
    ({"topic": "topic-test", "message_offset": 0, "partition": 5}, "DMS.00400800"),
    ({"topic": "topic-test", "message_offset": "first", "partition": 0}, "DMS.00400800"),
    ({"topic": "unknown-topic", "start_time": 0, "end_time": 5}, "DMS.00400975"),
])
def test_query_messages_validation(api, instance_id, topic, params, code):
    assert_error(api.get(QUERY % instance_id, params=params), 400, code)


def test_query_messages_instance_errors(api):
    assert_error(api.get(QUERY % MISSING, params={"topic": "a-topic"}), 404, "DMS.00404022")
    assert_error(api.get(QUERY % "bad", params={"topic": "a-topic"}), 400, "DMS.00400061")


# --------------------------------------------------------------------------- 5.7.2 by offset


def test_message_by_offset(api, instance_id, topic):
    sent(api, instance_id, topic, "kasjdf", partition=2)
    sent(api, instance_id, topic, "with key", partition=2, key="key-1")
    url = MGMT % (instance_id, topic) + "/partitions/2/message"
    body = api.get(url, params={"message_offset": 0}).json()
    assert list(body) == ["message"] and len(body["message"]) == 1
    m = body["message"][0]
    assert_types(m, OFFSET_MESSAGE)
    assert m["key"] is None and m["value"] == "kasjdf" and m["size"] == 6 and m["partition"] == 2
    assert api.get(url, params={"message_offset": 1}).json()["message"][0]["key"] == "key-1"
    assert api.get(url, params={"message_offset": 5}).json() == {"message": []}
    assert_error(api.get(url), 400, "DMS.00400800")
    assert_error(api.get(url, params={"message_offset": "x"}), 400, "DMS.00400800")
    assert_error(api.get(MGMT % (instance_id, topic) + "/partitions/x/message", params={"message_offset": 0}),
                 400, "DMS.00400800")
    assert_error(api.get(MGMT % (instance_id, topic) + "/partitions/3/message", params={"message_offset": 0}),
                 400, "DMS.00400800")
    assert_error(api.get(MGMT % (instance_id, "nope-topic") + "/partitions/0/message",
                         params={"message_offset": 0}), 400, "DMS.00400975")
    assert_error(api.get(MGMT % (MISSING, topic) + "/partitions/0/message", params={"message_offset": 0}),
                 404, "DMS.00404022")


# --------------------------------------------------------------------------- 5.7.3 by time period


def test_messages_in_time_period(api, instance_id, topic):
    for i in range(5):
        sent(api, instance_id, topic, "m%d" % i, partition=i % 2)
        api.advance(1)
    url = MGMT % (instance_id, topic) + "/messages"
    body = api.get(url).json()
    assert set(body) == {"messages", "messages_count", "offsets_count", "offset"}
    assert body["messages_count"] == 5 and body["offsets_count"] == 1 and body["offset"] == 1
    for m in body["messages"]:
        assert_types(m, PERIOD_MESSAGE)
        assert "value" not in m
    assert [(m["partition"], m["message_offset"]) for m in body["messages"]] == [(0, 0), (1, 0), (0, 1), (1, 1),
                                                                                  (0, 2)]
    page = api.get(url, params={"limit": 2, "offset": 2}).json()
    assert page["offsets_count"] == 3 and page["offset"] == 2 and len(page["messages"]) == 2
    only1 = api.get(url, params={"partition": "1"}).json()
    assert only1["messages_count"] == 2 and {m["partition"] for m in only1["messages"]} == {1}
    assert api.get(url, params={"partition": "-1"}).json()["messages_count"] == 5
    ts = body["messages"][2]["timestamp"]
    window = api.get(url, params={"start_time": ts, "end_time": str(ts)}).json()
    assert window["messages_count"] == 1 and window["messages"][0]["message_offset"] == 1
    for params, code in (({"start_time": "x"}, "DMS.00400142"), ({"start_time": 10, "end_time": 1}, "DMS.00400142"),
                         ({"limit": 0}, "DMS.00400800"), ({"offset": -1}, "DMS.00400800"),
                         ({"partition": "9"}, "DMS.00400800")):
        assert_error(api.get(url, params=params), 400, code)
    assert_error(api.get(MGMT % (instance_id, "nope-topic") + "/messages"), 400, "DMS.00400975")


# --------------------------------------------------------------------------- 5.7.4 / 5.7.5


def test_beginning_and_end_offsets(api, instance_id, topic):
    begin_url = MGMT % (instance_id, topic) + "/partitions/0/beginning-message"
    end_url = MGMT % (instance_id, topic) + "/partitions/0/end-message"
    empty_begin, empty_end = api.get(begin_url).json(), api.get(end_url).json()
    assert_types(empty_begin, EDGE)
    assert_types(empty_end, EDGE)
    assert empty_begin["offset"] == empty_end["offset"] == 0
    for i in range(4):
        sent(api, instance_id, topic, "m%d" % i, partition=0)
    begin, end = api.get(begin_url).json(), api.get(end_url).json()
    assert set(begin) == set(end) == {"topic", "partition", "offset", "timestamp"}
    assert (begin["topic"], begin["partition"], begin["offset"]) == (topic, 0, 0)
    assert end["offset"] == 4 and end["timestamp"] >= begin["timestamp"]
    for bad in ("x", "3"):
        assert_error(api.get(MGMT % (instance_id, topic) + "/partitions/%s/end-message" % bad), 400, "DMS.00400800")
    assert_error(api.get(MGMT % (instance_id, "nope-topic") + "/partitions/0/beginning-message"), 400,
                 "DMS.00400975")


# --------------------------------------------------------------------------- 5.7.6 delete


def test_delete_messages(api, instance_id, topic):
    for i in range(5):
        sent(api, instance_id, topic, "m%d" % i, partition=0)
    sent(api, instance_id, topic, "p1", partition=1)
    r = api.delete(DELETE % (instance_id, topic), json={"partitions": [
        {"partition": 0, "offset": 3}, {"partition": 7, "offset": 1}, {"partition": 1, "offset": 5}]})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body == {"partitions": [
        {"partition": 0, "result": "success", "error_code": "0"},
        {"partition": 7, "result": "failed", "error_code": "3"},
        {"partition": 1, "result": "failed", "error_code": "1"},
    ]}
    begin = api.get(MGMT % (instance_id, topic) + "/partitions/0/beginning-message").json()
    assert begin["offset"] == 3 and end_offset(api, instance_id, topic, 0) == 5
    msg_url = MGMT % (instance_id, topic) + "/partitions/0/message"
    assert api.get(msg_url, params={"message_offset": 2}).json() == {"message": []}
    assert api.get(msg_url, params={"message_offset": 3}).json()["message"][0]["value"] == "m3"
    parts = api.get("/v2/{project_id}/kafka/instances/%s/topics/%s/partitions" % (instance_id, topic)).json()
    assert (parts["partitions"][0]["start_offset"], parts["partitions"][0]["message_count"]) == (3, 2)
    # the SDK's form: POST .../messages/delete; offset -1 = up to the end of the log
    r = api.post(DELETE % (instance_id, topic) + "/delete", json={"partitions": [{"partition": 1, "offset": -1}]})
    assert r.status_code == 200, r.text
    assert r.json() == {"partitions": [{"partition": 1, "result": "success", "error_code": "0"}]}
    edge = api.get(MGMT % (instance_id, topic) + "/partitions/1/beginning-message").json()
    assert edge["offset"] == 1 == end_offset(api, instance_id, topic, 1)
    # a lower offset than the current start changes nothing
    r = api.delete(DELETE % (instance_id, topic), json={"partitions": [{"partition": 0, "offset": 1}]})
    assert r.json()["partitions"][0]["result"] == "success"
    assert api.get(MGMT % (instance_id, topic) + "/partitions/0/beginning-message").json()["offset"] == 3
    # no body: nothing to delete
    r = api.delete(DELETE % (instance_id, topic))
    assert r.status_code == 200 and r.json() == {"partitions": []}


@pytest.mark.parametrize("body", [
    {"partitions": {"partition": 0}},
    {"partitions": [0]},
    {"partitions": [{"offset": 1}]},
    {"partitions": [{"partition": 0}]},
    {"partitions": [{"partition": "zero", "offset": 1}]},
    {"partitions": [{"partition": 0, "offset": 1.5}]},
])
def test_delete_messages_validation(api, instance_id, topic, body):
    assert_error(api.delete(DELETE % (instance_id, topic), json=body), 400, "DMS.00400800")
    assert_error(api.post(DELETE % (instance_id, topic) + "/delete", json=body), 400, "DMS.00400800")


def test_delete_messages_errors(api, instance_id):
    body = {"partitions": [{"partition": 0, "offset": 1}]}
    assert_error(api.delete(DELETE % (instance_id, "nope-topic"), json=body), 400, "DMS.00400975")
    assert_error(api.delete(DELETE % (MISSING, "nope-topic"), json=body), 404, "DMS.00404022")
    assert_error(api.delete(DELETE % (instance_id, "nope-topic"), raw=b"{x"), 400)
    assert_error(api.delete(DELETE % (instance_id, "nope-topic"), json=body, sign=False), 401)
    creating = api.create_instance(running=False)
    assert_error(api.post(DELETE % (creating, "nope-topic") + "/delete", json=body), 400, "DMS.00400026")
