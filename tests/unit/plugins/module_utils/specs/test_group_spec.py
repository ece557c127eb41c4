# -*- coding: utf-8 -*-
# Copyright (c) 2026, hwcloud.dms contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Unit tests for the consumer group declaration: transforms, reset views, plans (MockTransport)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json

import httpx
import pytest

from ansible_collections.hwcloud.dms.plugins.module_utils._client import DmsClient
from ansible_collections.hwcloud.dms.plugins.module_utils._engine import Context, ResourceEngine
from ansible_collections.hwcloud.dms.plugins.module_utils._errors import DmsValidationError
from ansible_collections.hwcloud.dms.plugins.module_utils._specs import group as G

PROJECT = "0123456789abcdef0123456789abcdef"
IID = "6f0e4a6b-1c2d-4e5f-8a9b-0c1d2e3f4a5b"


def api_group(name, state="EMPTY", desc=None):
    return {"group_id": name, "state": state, "group_desc": desc, "coordinator_id": 1, "lag": 0,
            "createdAt": 1688112779916}


class FakeApi(object):
    def __init__(self, groups=(), offsets=None, partitions=2, failed=()):
        self.groups = dict((g["group_id"], g) for g in groups)
        self.offsets = offsets or {}
        self.partitions = partitions
        self.failed = set(failed)
        self.seen = []

    def __call__(self, request):
        body = json.loads(request.content) if request.content else None
        path = request.url.path
        q = dict(request.url.params)
        self.seen.append((request.method, path, body, q))
        if path == "/v2/%s/instances/%s" % (PROJECT, IID):
            return httpx.Response(200, json={"instance_id": IID, "name": "k"})
        if path.endswith("/groups") and request.method == "GET":
            items = list(self.groups.values())
            off, lim = int(q["offset"]), int(q["limit"])
            return httpx.Response(200, json={"total": len(items), "groups": items[off:off + lim]})
        if path.endswith("/group") and request.method == "POST":
            self.groups[body["group_name"]] = api_group(body["group_name"], desc=body.get("group_desc"))
            return httpx.Response(200, text="success")
        if path.endswith("/message-offset"):
            rows = self.offsets.get(path.split("/groups/")[1].split("/")[0], [])
            return httpx.Response(200, json={"total": len(rows), "group_message_offsets": rows})
        if path.endswith("/topics") and "/groups/" in path:
            return httpx.Response(200, json={"total": 1, "topics": [
                {"topic": q.get("topic"), "partitions": self.partitions, "lag": 0}]})
        if path.endswith("/reset-message-offset"):
            return httpx.Response(204)
        if path.endswith("/batch-delete"):
            failed = []
            for name in body["group_ids"]:
                if name in self.failed:
                    failed.append({"group_id": name, "error_message": "NON_EMPTY_GROUP"})
                else:
                    self.groups.pop(name, None)
            return httpx.Response(200, json={"failed_groups": failed, "total": len(failed)})
        if "/groups/" in path and request.method == "DELETE":
            self.groups.pop(path.rsplit("/", 1)[1], None)
            return httpx.Response(200)
        if "/groups/" in path and request.method == "PUT":
            self.groups[path.rsplit("/", 1)[1]]["group_desc"] = body["group_desc"]
            return httpx.Response(204)
        return httpx.Response(404, json={"error_code": "DMS.00404001", "error_msg": "no route"})

    @property
    def writes(self):
        return [s for s in self.seen if s[0] != "GET"]


def engine_for(api, params, check_mode=False):
    client = DmsClient(endpoint="http://dms.test", project_id=PROJECT, access_key="ak",
                       secret_key="sk", transport=httpx.MockTransport(api), sleep=lambda s: None)
    base = {"instance": IID}
    base.update(params)
    return ResourceEngine(G.GROUP, Context(client, base, check_mode=check_mode))


def items(*groups):
    return [dict(g, state=g.get("state", "present")) for g in groups]


def row(partition, offset, start=0, end=10, topic="t"):
    return {"topic": topic, "partition": str(partition), "message_current_offset": str(offset),
            "message_log_start_offset": start, "message_log_end_offset": end}


# ---------------------------------------------------------------- transforms
def test_from_api_and_dead_groups():
    view = G.GROUP.from_api(api_group("grp-g", state="stable"))
    assert view["name"] == "grp-g" and view["description"] == "" and view["state"] == "STABLE"
    assert view["created_at"] == 1688112779916 and "reset_offsets" not in view
    assert G.is_dead({"state": "Dead"}) and not G.is_dead({"state": "EMPTY"})


@pytest.mark.parametrize("reset, body", [
    ({"topic": "t", "to": "earliest"}, {"topic": "t", "partition": -1, "message_offset": 0}),
    ({"topic": "t", "to": "latest", "partition": 2}, {"topic": "t", "partition": 2, "message_offset": G.LATEST}),
    ({"topic": "t", "to": "offset", "value": "7"}, {"topic": "t", "partition": -1, "message_offset": 7}),
    ({"topic": "t", "to": "timestamp", "value": 99}, {"topic": "t", "partition": -1, "timestamp": 99}),
])
def test_reset_request(reset, body):
    assert G.reset_request(G.norm_reset(reset)) == body


def test_reset_view_is_the_wish_only_when_in_effect():
    rows = G.offset_rows([row(0, 0), row(1, 0)])
    wanted = {"topic": "t", "to": "earliest", "partition": None, "value": None}
    assert G.reset_view(rows, wanted, 2) == wanted
    assert G.reset_view(rows, wanted, 3)["offsets"] == [{"partition": 0, "offset": 0}, {"partition": 1, "offset": 0}]
    assert G.reset_view(rows, dict(wanted, to="latest"), 2) != dict(wanted, to="latest")
    assert G.reset_view(rows, dict(wanted, to="offset", value=-5 + 5), 2)["to"] == "offset"
    clamped = dict(wanted, to="offset", value=100)
    assert G.reset_view(G.offset_rows([row(0, 10), row(1, 10)]), clamped, 2) == clamped
    assert "offsets" in G.reset_view(rows, dict(wanted, to="timestamp", value=1), 2)
    one = {"topic": "t", "to": "offset", "partition": 1, "value": 0}
    assert G.reset_view(G.offset_rows([row(0, 4), row(1, 0)]), one) == one


@pytest.mark.parametrize("reset, message", [
    ({"topic": "t", "to": "offset"}, "reset_offsets.value is required with to=offset"),
    ({"topic": "t", "to": "latest", "value": 1}, "reset_offsets.value is only used with to=offset or to=timestamp"),
    ({"topic": "t", "to": "timestamp", "value": -1}, "reset_offsets.value must be an integer >= 0"),
    ({"topic": "t", "to": "earliest", "partition": -3}, "reset_offsets.partition must be an integer >= 0"),
    ({"topic": "", "to": "earliest"}, "reset_offsets.topic is required"),
])
def test_reset_validation_before_any_request(reset, message):
    api = FakeApi()
    with pytest.raises(DmsValidationError) as err:
        engine_for(api, {}).ensure(items({"name": "orders", "reset_offsets": reset}))
    assert "groups[0].reset_offsets: " + message in str(err.value)
    assert api.seen == []


def test_name_and_description_rules():
    api = FakeApi()
    with pytest.raises(DmsValidationError) as err:
        engine_for(api, {}).ensure(items({"name": "ab"}, {"name": "good-name", "description": "x" * 201},
                                         {"name": "good-name"}))
    text = str(err.value)
    assert "groups[0].name: 3 to 64 characters" in text
    assert "groups[1].description: must be 0 to 200 characters long" in text
    assert "groups[2]: duplicate consumer group 'good-name'" in text
    assert api.seen == []


# ---------------------------------------------------------------- plans and runs
def test_create_update_purge_batch_delete(diff_by_item):
    api = FakeApi([api_group("grp-a", desc="old"), api_group("grp-b"), api_group("grp-c"), api_group("grp-keep"),
                   api_group("grp-dead", state="DEAD")])
    result = engine_for(api, {"purge": True}).ensure(
        items({"name": "grp-a", "description": "new"}, {"name": "grp-n", "description": "d"}),
        purge=True, protected_names=["grp-keep"], diff=True)
    assert result["changes"] == {"created": ["grp-n"], "updated": ["grp-a"], "deleted": ["grp-b", "grp-c"], "unchanged": []}
    writes = [(m, p.split(IID)[1], b) for m, p, b, _q in api.writes]
    assert writes == [("POST", "/group", {"group_name": "grp-n", "group_desc": "d"}),
                      ("PUT", "/groups/grp-a", {"group_name": "grp-a", "group_desc": "new"}),
                      ("POST", "/groups/batch-delete", {"group_ids": ["grp-b", "grp-c"]})]
    before, after = diff_by_item(result["diff"])
    assert "grp-dead" not in before
    assert "state" not in after["grp-a"]


def test_single_delete_uses_the_one_group_call_and_failures_are_reported():
    api = FakeApi([api_group("grp-a"), api_group("grp-b"), api_group("grp-c")], failed=["grp-c"])
    engine_for(api, {}).ensure(items({"name": "grp-a", "state": "absent"}), single=True)
    assert api.writes[0][0] == "DELETE" and api.writes[0][1].endswith("/kafka/%s/instances/%s/groups/grp-a" % (PROJECT, IID))
    with pytest.raises(G.GroupDeleteError) as err:
        engine_for(api, {}).ensure(items({"name": "grp-b", "state": "absent"}, {"name": "grp-c", "state": "absent"}))
    assert "grp-c (NON_EMPTY_GROUP)" in str(err.value)
    assert err.value.to_result() == {"failed_groups": ["grp-c"]}


def test_reset_is_idempotent_and_checked_against_state():
    api = FakeApi([api_group("grp-g")], offsets={"grp-g": [row(0, 3), row(1, 10)]})
    params = {"name": "grp-g", "reset_offsets": {"topic": "t", "to": "latest"}}
    check = engine_for(api, params, check_mode=True).ensure(items(params), single=True, diff=True)
    assert check["changed"] and api.writes == []
    assert check["diff"]["after"]["reset_offsets"]["to"] == "latest"
    engine_for(api, params).ensure(items(params), single=True)
    assert [(m, b) for m, _p, b, _q in api.writes] == [
        ("PUT", {"topic": "t", "partition": -1, "message_offset": G.LATEST})]
    api.offsets["grp-g"] = [row(0, 10), row(1, 10)]
    again = engine_for(api, params).ensure(items(params), single=True)
    assert again["changed"] is False
    api.groups["grp-g"]["state"] = "STABLE"
    api.offsets["grp-g"] = [row(0, 1)]
    with pytest.raises(DmsValidationError) as err:
        engine_for(api, params).ensure(items(params), single=True)
    assert "reset_offsets: consumer group 'grp-g' is STABLE" in str(err.value)
    assert len(api.writes) == 1


def test_plain_run_reads_no_offsets():
    api = FakeApi([api_group("grp-g")])
    result = engine_for(api, {}).ensure(items({"name": "grp-g"}), single=True)
    assert result["changed"] is False
    assert [s[1].rsplit("/", 1)[1] for s in api.seen] == [IID, "groups"]


def test_info_includes_concurrently_and_empty_when_missing():
    api = FakeApi([api_group("grp-g"), api_group("grp-h")], offsets={"grp-g": [row(0, 3)]})
    engine = engine_for(api, {})
    views = G.collect_info(engine.ctx, ["grp-g"], ["offsets", "topics"])
    assert [v["name"] for v in views] == ["grp-g"]
    assert views[0]["offsets"][0]["partition"] == 0 and views[0]["offsets"][0]["message_current_offset"] == 3
    assert views[0]["topics"][0]["partitions"] == 2
    assert "reset_offsets" not in views[0]

    def missing(request):
        return httpx.Response(200, json={"instances": [], "instance_num": 0})

    client = DmsClient(endpoint="http://dms.test", project_id=PROJECT, access_key="ak", secret_key="sk",
                       transport=httpx.MockTransport(missing), sleep=lambda s: None)
    assert G.collect_info(Context(client, {"instance": "nope"})) == []


def test_current_offsets_view_survives_normalising():
    view = {"topic": "t", "offsets": [{"partition": 1, "offset": 3}]}
    assert G.GROUP.from_api({"group_id": "grp-g", "_reset_offsets": view})["reset_offsets"] == view
