# -*- coding: utf-8 -*-
# Copyright (c) 2026, hwcloud.dms contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Unit tests for the topic declaration: transforms, plan rules, the engine run (MockTransport)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json

import httpx
import pytest

from ansible_collections.hwcloud.dms.plugins.module_utils._client import DmsClient
from ansible_collections.hwcloud.dms.plugins.module_utils._engine import Context, ResourceEngine
from ansible_collections.hwcloud.dms.plugins.module_utils._errors import DmsValidationError
from ansible_collections.hwcloud.dms.plugins.module_utils._specs import topic as T

PROJECT = "0123456789abcdef0123456789abcdef"
IID = "6f0e4a6b-1c2d-4e5f-8a9b-0c1d2e3f4a5b"


def api_topic(name, partition=3, replication=3, retention=72, topic_type=0, **extra):
    obj = {"name": name, "partition": partition, "replication": replication,
           "retention_time": retention, "sync_replication": "false", "sync_message_flush": "false",
           "topic_type": topic_type, "topic_desc": "", "created_at": 1688112779916,
           "topic_other_configs": [
               {"name": "max.message.bytes", "value": "10485760"},
               {"name": "message.timestamp.type", "value": "LogAppendTime"}]}
    obj.update(extra)
    return obj


class FakeApi(object):
    """A tiny stand-in for the service (state in memory), recording every request."""

    def __init__(self, topics, broker_num=3, remain=290, delete_fails=()):
        self.topics = dict((t["name"], t) for t in topics)
        self.broker_num = broker_num
        self.remain = remain
        self.delete_fails = set(delete_fails)
        self.seen = []

    def __call__(self, request):
        body = json.loads(request.content) if request.content else None
        self.seen.append((request.method, request.url.path, body))
        path = request.url.path
        if path == "/v2/%s/instances/%s" % (PROJECT, IID):
            return httpx.Response(200, json={"instance_id": IID, "name": "k", "broker_num": self.broker_num})
        if path.endswith("/topics") and request.method == "GET":
            q = dict(request.url.params)
            items = list(self.topics.values())
            off, lim = int(q["offset"]), int(q["limit"])
            return httpx.Response(200, json={"total": len(items), "remain_partitions": self.remain,
                                             "topics": items[off:off + lim]})
        if path.endswith("/topics") and request.method == "POST":
            self.topics[body["id"]] = api_topic(body["id"], body.get("partition", 3),
                                                body.get("replication", 3))
            return httpx.Response(200, json={"name": body["id"]})
        if path.endswith("/topics") and request.method == "PUT":
            for entry in body["topics"]:
                t = self.topics[entry["id"]]
                if "new_partition_numbers" in entry:
                    t["partition"] = entry["new_partition_numbers"]
                for key in ("retention_time", "topic_desc"):
                    if key in entry:
                        t[key] = entry[key]
            return httpx.Response(204)
        if path.endswith("/topics/delete"):
            out = []
            for name in body["topics"]:
                ok = name in self.topics and name not in self.delete_fails
                if ok:
                    del self.topics[name]
                out.append({"id": name, "success": ok})
            return httpx.Response(200, json={"topics": out})
        return httpx.Response(404, json={"error_code": "DMS.00404001", "error_msg": "no route"})

    @property
    def writes(self):
        return [s for s in self.seen if s[0] != "GET"]


def engine_for(api, params, check_mode=False):
    client = DmsClient(endpoint="http://dms.test", project_id=PROJECT, access_key="ak",
                       secret_key="sk", transport=httpx.MockTransport(api), sleep=lambda s: None)
    base = {"instance": IID, "wait": True, "wait_timeout": 60}
    base.update(params)
    ctx = Context(client, base, check_mode=check_mode)
    return ResourceEngine(T.TOPIC, ctx)


def items(*topics):
    return [dict(t, state=t.get("state", "present")) for t in topics]


# ---------------------------------------------------------------- transforms
def test_from_api_normalises_strings_and_configs():
    view = T.TOPIC.from_api(api_topic("orders", partition="6", retention="24", topic_desc=None))
    assert view["partitions"] == 6
    assert view["retention_time"] == 24
    assert view["sync_replication"] is False
    assert view["description"] == ""
    assert view["max_message_bytes"] == 10485760
    assert view["message_timestamp_type"] == "LogAppendTime"
    assert view["internal"] is False
    assert "new_partition_brokers" not in view


def test_create_request():
    body = T.create_request({"name": "orders", "partitions": 6, "replication": 3,
                             "retention_time": 24, "description": "d",
                             "max_message_bytes": 2048, "message_timestamp_type": "CreateTime",
                             "sync_replication": True})
    assert body == {"id": "orders", "partition": 6, "replication": 3, "retention_time": 24,
                    "topic_desc": "d", "sync_replication": True,
                    "topic_other_configs": [{"name": "max.message.bytes", "value": "2048"},
                                            {"name": "message.timestamp.type", "value": "CreateTime"}]}


def test_modify_entry_only_changed_and_brokers_with_increase():
    entry = T.modify_entry({}, {"name": "o", "partitions": 6, "retention_time": 5,
                                "new_partition_brokers": [0, 1], "max_message_bytes": 9},
                           ["partitions", "max_message_bytes"])
    assert entry == {"id": "o", "new_partition_numbers": 6, "new_partition_brokers": [0, 1],
                     "topic_other_configs": [{"name": "max.message.bytes", "value": "9"}]}
    assert T.modify_entry({}, {"name": "o", "retention_time": 5, "new_partition_brokers": [0]},
                          ["retention_time"]) == {"id": "o", "retention_time": 5}


def test_assignment_and_placement_views():
    details = {"partitions": [
        {"partition": 1, "leader": 2, "replicas": [{"broker": 1}, {"broker": 2}]},
        {"partition": 0, "leader": 0, "replicas": [{"broker": 0}, {"broker": 1}]}]}
    assignment = T.current_assignment(details)
    assert assignment == [{"partition": 0, "replicas": [0, 1]}, {"partition": 1, "replicas": [2, 1]}]
    assert T.placement_view(assignment, {"brokers": [0, 1, 2]}) == {"brokers": [0, 1, 2]}
    assert T.placement_view(assignment, {"brokers": [0, 1]}) == {"brokers": [0, 1, 2]}
    assert T.placement_view(assignment, {"brokers": [2, 1, 0], "replication_factor": 3}) == {
        "brokers": [0, 1, 2], "replication_factor": 2}


def test_is_protected_internal_topics():
    ctx = Context(None, {})
    assert T.is_protected({"name": "__consumer_offsets"}, ctx)
    view = {"name": "sys"}
    ctx._raw[id(view)] = {"topic_type": 1}
    assert T.is_protected(view, ctx)
    assert not T.is_protected({"name": "orders"}, ctx)


def test_disk_usage_by_topic():
    body = {"broker_list": [{"broker_name": "broker-0", "topic_list": [
        {"topic_name": "a", "topic_partition": "2", "size": "12K", "percentage": 0.5}]}]}
    expected = {"a": [{"broker_name": "broker-0", "partition": 2, "size": "12K", "percentage": 0.5}]}
    assert T.disk_usage_by_topic(body) == expected


# ---------------------------------------------------------------- validation (no request)
@pytest.mark.parametrize("item,message", [
    ({"name": "1abc"}, "topics[0].name: 3 to 200 characters: letters, digits"),
    ({"name": "abc", "partitions": 201}, "topics[0].partitions: must be between 1 and 200"),
    ({"name": "abc", "replication": 21}, "topics[0].replication: must be between 1 and 20"),
    ({"name": "abc", "retention_time": 721}, "topics[0].retention_time: must be between 1 and 720"),
    ({"name": "abc", "new_partition_brokers": [1]}, "topics[0].new_partition_brokers: requires partitions"),
    ({"name": "abc", "rebalance": {"brokers": [0], "replication_factor": 2}}, "cannot be larger"),
    ({"name": "abc", "rebalance": {"brokers": [0]}, "replica_assignment": [{"partition": 0, "replicas": [0]}]},
     "mutually exclusive"),
    ({"name": "abc", "replication": 2, "rebalance": {"brokers": [0, 1, 2], "replication_factor": 3}},
     "differs from replication"),
    ({"name": "abc", "replica_assignment": [{"partition": 0, "replicas": [0, 1]},
                                            {"partition": 0, "replicas": [1, 2]}]}, "listed twice"),
])
def test_local_validation_before_any_request(item, message):
    api = FakeApi([])
    engine = engine_for(api, {"topics": [item]})
    with pytest.raises(DmsValidationError) as exc:
        engine.plan(items(item))
    assert message in str(exc.value)
    assert api.seen == []


def test_duplicates_fail_before_any_request():
    api = FakeApi([])
    engine = engine_for(api, {})
    with pytest.raises(DmsValidationError) as exc:
        engine.plan(items({"name": "abc"}, {"name": "abc"}))
    assert "topics[1]: duplicate topic 'abc'" in str(exc.value)
    assert api.seen == []


# ---------------------------------------------------------------- plan rules (current state)
def test_partition_decrease_and_replication_change_fail_naming_topic():
    api = FakeApi([api_topic("orders", partition=6)])
    engine = engine_for(api, {})
    with pytest.raises(DmsValidationError) as exc:
        engine.ensure(items({"name": "orders", "partitions": 3},
                            {"name": "other", "replication": 2}))
    assert "topics[0].partitions: topic 'orders' has 6 partitions and cannot be decreased to 3" in str(exc.value)
    assert api.writes == []
    with pytest.raises(DmsValidationError) as exc:
        engine.ensure(items({"name": "orders", "replication": 2}))
    assert "replication: cannot be changed after creation" in str(exc.value)
    assert api.writes == []


def test_replication_above_broker_count_and_partition_budget():
    api = FakeApi([], broker_num=3, remain=4)
    engine = engine_for(api, {})
    with pytest.raises(DmsValidationError) as exc:
        engine.ensure(items({"name": "t-a", "replication": 4, "partitions": 3},
                            {"name": "t-b", "partitions": 3}))
    text = str(exc.value)
    assert "topics[0].replication: topic 't-a' asks for 4 replicas but the instance has 3 brokers" in text
    assert "adds 6 partitions but the instance has only 4 left" in text
    assert api.writes == []


# ---------------------------------------------------------------- runs
def test_check_mode_zero_writes_and_prediction(diff_by_item):
    api = FakeApi([api_topic("orders", partition=3), api_topic("old")])
    engine = engine_for(api, {}, check_mode=True)
    result = engine.ensure(items({"name": "orders", "partitions": 6}, {"name": "new", "partitions": 1}),
                           purge=True, diff=True)
    assert api.writes == []
    assert result["changes"] == {"created": ["new"], "updated": ["orders"], "deleted": ["old"],
                                 "unchanged": []}
    before, after = diff_by_item(result["diff"])
    assert before["orders"]["partitions"] == 3
    assert after["orders"]["partitions"] == 6
    assert after["new"]["retention_time"] == 72
    assert "old" not in after and "old" in before
    assert [d["after_header"] for d in result["diff"]] == [
        "topic 'new' (create)", "topic 'orders' (update)", "topic 'old' (delete)"]
    for entry in result["diff"]:  # options that only steer an action never show as null
        for view in (entry["before"], entry["after"]):
            assert "rebalance" not in view and "replica_assignment" not in view


def test_real_run_batches_modify_and_delete():
    api = FakeApi([api_topic("t-a"), api_topic("t-b"), api_topic("t-c"), api_topic("__consumer_offsets", topic_type=1)])
    engine = engine_for(api, {})
    result = engine.ensure(items({"name": "t-a", "partitions": 5}, {"name": "t-b", "retention_time": 10}),
                           purge=True, protected_names=["keep"])
    writes = api.writes
    assert [(m, p.rsplit("/", 1)[-1]) for m, p, _b in writes] == [("PUT", "topics"), ("POST", "delete")]
    assert writes[0][2] == {"topics": [{"id": "t-a", "new_partition_numbers": 5},
                                       {"id": "t-b", "retention_time": 10}]}
    assert writes[1][2] == {"topics": ["t-c"]}
    assert "__consumer_offsets" in api.topics
    assert result["changes"]["deleted"] == ["t-c"]


def test_unchanged_100_topics_costs_two_requests():
    topics = [api_topic("t%03d" % i) for i in range(100)]
    api = FakeApi(topics)
    engine = engine_for(api, {})
    result = engine.ensure(items(*[{"name": t["name"], "partitions": 3, "retention_time": 72} for t in topics]))
    assert result["changed"] is False
    assert len(api.seen) == 2  # instance + one page of 100
    assert api.writes == []


def test_failed_delete_names_topics():
    api = FakeApi([api_topic("t-a"), api_topic("t-b")], delete_fails=["t-b"])
    engine = engine_for(api, {})
    with pytest.raises(T.TopicDeleteError) as exc:
        engine.ensure(items({"name": "t-a", "state": "absent"}, {"name": "t-b", "state": "absent"}))
    assert str(exc.value) == "failed to delete topic(s): t-b"
