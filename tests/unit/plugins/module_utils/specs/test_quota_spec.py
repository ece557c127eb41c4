# -*- coding: utf-8 -*-
# Copyright (c) 2026, hwcloud.dms contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Unit tests for the quota declarations: transforms, validation, plans, task waits (MockTransport)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json

import httpx
import pytest

from ansible_collections.hwcloud.dms.plugins.module_utils._client import DmsClient
from ansible_collections.hwcloud.dms.plugins.module_utils._engine import (
    Context,
    ResourceEngine,
    build_argument_spec,
)
from ansible_collections.hwcloud.dms.plugins.module_utils._errors import DmsValidationError
from ansible_collections.hwcloud.dms.plugins.module_utils._specs import quota as Q

PROJECT = "0123456789abcdef0123456789abcdef"
IID = "6f0e4a6b-1c2d-4e5f-8a9b-0c1d2e3f4a5b"
UC = "/v2/kafka/%s/instances/%s/kafka-user-client-quota" % (PROJECT, IID)
TQ = "/v2/kafka/%s/instances/%s/kafka-topic-quota" % (PROJECT, IID)


def api_quota(user="", client="", user_default=False, client_default=False, producer=0, consumer=0):
    return {"user": user, "client": client, "user-default": user_default,
            "client-default": client_default, "producer-byte-rate": producer,
            "consumer-byte-rate": consumer}


class FakeApi(object):
    """The quota endpoints in memory; tasks end ``task_status``; every request recorded."""

    def __init__(self, quotas=(), topic_quotas=(), topics=("orders", "payments"), task_status="SUCCESS"):
        self.quotas = [dict(q) for q in quotas]
        self.topic_quotas = [dict(q) for q in topic_quotas]
        self.topics = list(topics)
        self.task_status = task_status
        self.seen = []
        self.jobs = 0

    def _job(self):
        self.jobs += 1
        return httpx.Response(200, json={"job_id": "job%d" % self.jobs})

    @staticmethod
    def _key(q):
        return (q.get("user") or "", q.get("client") or "", bool(q.get("user-default")),
                bool(q.get("client-default")))

    def __call__(self, request):
        body = json.loads(request.content) if request.content else None
        path = request.url.path
        self.seen.append((request.method, path, body, dict(request.url.params)))
        if path == "/v2/%s/instances/%s" % (PROJECT, IID):
            return httpx.Response(200, json={"instance_id": IID, "name": "k"})
        if "/tasks/" in path:
            job = path.rsplit("/", 1)[1]
            return httpx.Response(200, json={"task_count": "1", "tasks": [
                {"id": job, "name": "quota", "status": self.task_status}]})
        if path.endswith("/topics"):
            return httpx.Response(200, json={"total": len(self.topics), "topics": [
                {"name": n} for n in self.topics]})
        if path == UC:
            if request.method == "GET":
                q = dict(request.url.params)
                off, lim = int(q["offset"]), int(q["limit"])
                return httpx.Response(200, json={"count": len(self.quotas),
                                                 "quotas": self.quotas[off:off + lim]})
            key = self._key(body)
            found = [q for q in self.quotas if self._key(q) == key]
            if request.method == "POST":
                new = api_quota(body["user"], body["client"], body["user-default"], body["client-default"])
                new.update((k, v) for k, v in body.items() if k.endswith("rate"))
                self.quotas.append(new)
            elif request.method == "PUT":
                found[0].update((k, v) for k, v in body.items() if k.endswith("rate"))
            else:
                self.quotas.remove(found[0])
            return self._job()
        if path == TQ:
            if request.method == "GET":
                return httpx.Response(200, json={"count": len(self.topic_quotas),
                                                 "quotas": self.topic_quotas})
            found = [q for q in self.topic_quotas if q["topic"] == body["topic"]]
            if request.method == "POST":
                self.topic_quotas.append(dict(body))
            elif request.method == "PUT":
                found[0].update(body)
            else:
                self.topic_quotas.remove(found[0])
            return self._job()
        return httpx.Response(404, json={"error_code": "DMS.00404001", "error_msg": "no route"})

    @property
    def writes(self):
        return [s for s in self.seen if s[0] != "GET"]


class NoSleepWaiter(object):
    def wait(self, fetch, ready, what, timeout, failed=None, describe=None):
        from ansible_collections.hwcloud.dms.plugins.module_utils._waiters import Waiter
        return Waiter(sleep=lambda s: None).wait(fetch, ready, what, timeout, failed, describe)


def engine_for(api, spec, params, check_mode=False):
    client = DmsClient(endpoint="http://dms.test", project_id=PROJECT, access_key="ak",
                       secret_key="sk", transport=httpx.MockTransport(api), sleep=lambda s: None)
    base = {"instance": IID, "wait": True, "wait_timeout": 60}
    base.update(params)
    ctx = Context(client, base, check_mode=check_mode,
                  waiter=None if check_mode else NoSleepWaiter())
    return ResourceEngine(spec, ctx)


def items(*quotas):
    return [dict(q, state=q.get("state", "present")) for q in quotas]


# ---------------------------------------------------------------- transforms
def test_names_follow_kafka_notation():
    assert Q.quota_name({"user": "alice", "client": "app"}) == "user=alice,client=app"
    assert Q.quota_name({"user_default": True, "client": "app"}) == "user=<default>,client=app"
    assert Q.quota_name({"user": "", "client_default": True}) == "client=<default>"


def test_from_api_reads_hyphenated_and_sdk_keys():
    view = Q.QUOTA.from_api(api_quota(user="alice", producer="1024"))
    assert view == {"user": "alice", "client": "", "user_default": False, "client_default": False,
                    "producer_byte_rate": 1024, "consumer_byte_rate": 0, "name": "user=alice"}
    sdk = {"user": None, "client": "app", "user_default": "false", "client_default": False,
           "producer_byte_rate": 5}
    view = Q.QUOTA.from_api(sdk)
    assert view["user"] == "" and view["user_default"] is False and view["producer_byte_rate"] == 5
    assert Q.QUOTA.ident(view) == ("", "app", False, False)


def test_requests_use_hyphenated_keys_and_empty_identity_parts():
    assert Q.quota_request({"client_default": True, "consumer_byte_rate": 7}) == {
        "user": "", "client": "", "user-default": False, "client-default": True,
        "consumer-byte-rate": 7}
    assert Q.identity_body({"user": "a", "producer_byte_rate": 1}) == {
        "user": "a", "client": "", "user-default": False, "client-default": False}
    assert Q.topic_quota_request({"topic": "t", "producer_byte_rate": 3}) == {
        "topic": "t", "producer-byte-rate": 3}


def test_filter_quotas_matches_default_marker():
    views = [Q.QUOTA.from_api(api_quota(user="a")), Q.QUOTA.from_api(api_quota(user_default=True, client="c"))]
    assert [v["name"] for v in Q.filter_quotas(views, users=["<default>"])] == ["user=<default>,client=c"]
    assert [v["name"] for v in Q.filter_quotas(views, clients=[""])] == ["user=a"]


def test_argspec_identity_alternatives():
    spec = build_argument_spec(Q.QUOTA, Q.QUOTA_ITEM_OPTIONS, Q.MODULE_OPTIONS)
    assert set(spec["quotas"]["options"]) == set(Q.QUOTA_ITEM_OPTIONS) | {"state"}
    assert "default" not in spec["user_default"]


# ---------------------------------------------------------------- validation (no request at all)
@pytest.mark.parametrize("item, message", [
    ({"user": "a", "user_default": True, "producer_byte_rate": 1},
     "quotas[0].user: cannot be set together with user_default=true"),
    ({"client": "c", "client_default": True, "producer_byte_rate": 1},
     "quotas[0].client: cannot be set together with client_default=true"),
    ({"producer_byte_rate": 1}, "quotas[0].user, client, user_default, client_default: one of them is required"),
    ({"user_default": False, "client": "", "producer_byte_rate": 1}, "one of them is required"),
    ({"user": "a"}, "quotas[0].producer_byte_rate, consumer_byte_rate: at least one is required"),
    ({"user": "a", "producer_byte_rate": -1}, "quotas[0].producer_byte_rate: must be 0 to 9223372036854775807 bytes per second"),
])
def test_local_validation(item, message):
    api = FakeApi()
    engine = engine_for(api, Q.QUOTA, {"quotas": [item]})
    with pytest.raises(DmsValidationError) as err:
        engine.ensure(items(item))
    assert message in str(err.value)
    assert api.seen == []


def test_duplicates_fail_before_any_request():
    api = FakeApi()
    engine = engine_for(api, Q.QUOTA, {})
    with pytest.raises(DmsValidationError) as err:
        engine.ensure(items({"user": "a", "producer_byte_rate": 1}, {"user": "a", "state": "absent"}))
    assert "quotas[1]: duplicate quota 'user=a' (same as quotas[0])" in str(err.value)
    assert api.seen == []


def test_absent_items_get_identity_rules_before_writes():
    api = FakeApi([api_quota(user="a", producer=1)])
    params = {"quotas": [{"user": "b", "user_default": True, "state": "absent"}]}
    engine = engine_for(api, Q.QUOTA, params)
    with pytest.raises(DmsValidationError) as err:
        engine.ensure(items({"user": "b", "user_default": True, "state": "absent"}))
    assert "quotas[0].user: cannot be set together with user_default=true" in str(err.value)
    assert api.writes == []


# ---------------------------------------------------------------- plans and runs
def test_create_update_delete_and_purge_in_one_run(diff_by_item):
    api = FakeApi([api_quota(user="a", producer=1), api_quota(client="old", consumer=2),
                   api_quota(client_default=True, consumer=9)])
    want = items({"user": "a", "producer_byte_rate": "4"},            # string normalised -> update
                 {"user_default": True, "client": "c", "consumer_byte_rate": 5})
    engine = engine_for(api, Q.QUOTA, {"purge": True})
    result = engine.ensure(want, purge=True, protected_names=["client=<default>"], diff=True)
    assert result["changes"] == {"created": ["user=<default>,client=c"], "updated": ["user=a"],
                                 "deleted": ["client=old"], "unchanged": []}
    writes = [(m, b) for m, _p, b, _q in api.writes]
    assert writes == [
        ("POST", {"user": "", "client": "c", "user-default": True, "client-default": False,
                  "consumer-byte-rate": 5}),
        ("PUT", {"user": "a", "client": "", "user-default": False, "client-default": False,
                 "producer-byte-rate": 4}),
        ("DELETE", {"user": "", "client": "old", "user-default": False, "client-default": False}),
    ]
    assert result["job_ids"] == ["job1", "job2", "job3"]
    before, after = diff_by_item(result["diff"])
    assert sorted(before) == ["client=old", "user=a"]
    assert sorted(after) == ["user=<default>,client=c", "user=a"]
    assert "name" not in after["user=a"]
    assert result["quotas"][0]["producer_byte_rate"] == 4


def test_check_mode_predicts_with_zero_writes():
    api = FakeApi([api_quota(user="a", producer=1)])
    engine = engine_for(api, Q.QUOTA, {}, check_mode=True)
    result = engine.ensure(items({"client": "x", "consumer_byte_rate": 3}), single=True, diff=True)
    assert result["changed"] is True
    assert api.writes == []
    assert result["quota"] == {"user": "", "client": "x", "user_default": False, "client_default": False,
                               "producer_byte_rate": 0, "consumer_byte_rate": 3, "name": "client=x"}
    assert result["diff"]["before"] == {}


def test_unchanged_run_is_two_reads():
    api = FakeApi([api_quota(user="a", producer=1, consumer=2)])
    engine = engine_for(api, Q.QUOTA, {})
    result = engine.ensure(items({"user": "a", "producer_byte_rate": 1}), single=True)
    assert result["changed"] is False and result["changes"]["unchanged"] == ["user=a"]
    assert [s[0] for s in api.seen] == ["GET", "GET"]   # instance + one listing page
    assert "job_ids" not in result


def test_failed_task_fails_naming_the_quota():
    api = FakeApi(task_status="FAILED")
    engine = engine_for(api, Q.QUOTA, {})
    with pytest.raises(Q.QuotaTaskError) as err:
        engine.ensure(items({"user": "a", "producer_byte_rate": 1}), single=True)
    assert "create quota 'user=a' failed: its task job1 ended FAILED" in str(err.value)
    assert err.value.to_result() == {"job_id": "job1"}


def test_no_wait_skips_task_polls():
    api = FakeApi()
    engine = engine_for(api, Q.QUOTA, {"wait": False})
    result = engine.ensure(items({"user": "a", "producer_byte_rate": 1}), single=True)
    assert result["job_ids"] == ["job1"]
    assert not [s for s in api.seen if "/tasks/" in s[1]]


def test_topic_quota_for_missing_topic_fails_before_writes():
    api = FakeApi(topic_quotas=[{"topic": "orders", "producer-byte-rate": 5}])
    engine = engine_for(api, Q.TOPIC_QUOTA, {})
    with pytest.raises(DmsValidationError) as err:
        engine.ensure(items({"topic": "payments", "consumer_byte_rate": 1},
                            {"topic": "nope", "consumer_byte_rate": 1}))
    assert "topic_quotas[1].topic: topic 'nope' does not exist" in str(err.value)
    assert api.writes == []


def test_topic_quota_update_and_unchanged_skip_topic_listing():
    api = FakeApi(topic_quotas=[{"topic": "orders", "producer-byte-rate": 5}])
    engine = engine_for(api, Q.TOPIC_QUOTA, {})
    result = engine.ensure(items({"topic": "orders", "producer_byte_rate": 6}), single=True)
    assert result["changes"]["updated"] == ["orders"]
    assert [(m, b) for m, _p, b, _q in api.writes] == [("PUT", {"topic": "orders", "producer-byte-rate": 6})]
    assert not [s for s in api.seen if s[1].endswith("/topics")]
    assert api.seen[1][3]["type"] == "topic"


def test_info_collects_both_kinds_and_never_fails_on_missing_instance():
    api = FakeApi([api_quota(user="a", producer=1)], [{"topic": "orders", "consumer-byte-rate": 2}])
    engine = engine_for(api, Q.QUOTA, {})
    out = Q.collect_info(engine.ctx, ["user_client", "topic"], topics=["orders"])
    assert out["quotas"][0]["name"] == "user=a"
    assert out["topic_quotas"] == [{"topic": "orders", "producer_byte_rate": None, "consumer_byte_rate": 2}]

    def missing(request):
        return httpx.Response(200, json={"instances": [], "instance_num": 0})

    client = DmsClient(endpoint="http://dms.test", project_id=PROJECT, access_key="ak", secret_key="sk",
                       transport=httpx.MockTransport(missing), sleep=lambda s: None)
    ctx = Context(client, {"instance": "nope"})
    assert Q.collect_info(ctx, ["user_client", "topic"]) == {"quotas": [], "topic_quotas": []}
