# -*- coding: utf-8 -*-
# Copyright (c) 2026, hwcloud.dms contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Table-driven engine tests: every case lives in test_data/engine_*.json.

A case: ``existing`` (API objects in the fake store), ``items`` (list form)
or ``item`` (single form), ``purge``, ``protected_names``, ``check_mode``,
``diff``, ``ambiguous`` ({name: "applied"|"lost"}), and ``expect`` with any
of: ``changed``, ``changes``, ``result`` (singular dict or plural list),
``diff``, ``calls`` (mutating hook calls, in order), ``lists`` (listing
reads), ``store`` (names in the store afterwards), ``error`` (substring of
the validation error), ``errors`` (exact list).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy
import glob
import json
import os

import httpx
import pytest

from ansible_collections.hwcloud.dms.plugins.module_utils._engine import (
    MASK,
    Context,
    Field,
    ResourceEngine,
    ResourceSpec,
    UpdateStep,
    build_argument_spec,
    collect,
    normalise,
)
from ansible_collections.hwcloud.dms.plugins.module_utils._errors import (
    DmsAmbiguousWriteError,
    DmsValidationError,
)

from .conftest import ScriptedServer, reply

DATA = os.path.join(os.path.dirname(__file__), "test_data")
DEFAULT_CONFIGS = {"max.message.bytes": "10485760", "message.timestamp.type": "LogAppendTime"}


class FakeStore(object):
    """In-memory 'API': objects keyed by name, with API-style (string) values."""

    def __init__(self, existing, ambiguous=None):
        self.objects = dict((obj["name"], copy.deepcopy(obj)) for obj in existing)
        self.passwords = {}
        self.calls = []
        self.lists = 0
        self.ambiguous = dict(ambiguous or {})


def configs_from_api(obj):
    entries = obj.get("configs")
    if entries is None:
        return None
    return dict((entry["name"], entry["value"]) for entry in entries)


def make_spec(store):
    def list_topics(ctx):
        store.lists += 1
        return [copy.deepcopy(obj) for obj in store.objects.values()]

    def create(ctx, desired):
        store.calls.append(["create", desired["name"]])
        mode = store.ambiguous.pop(desired["name"], None)
        if mode == "lost":
            raise DmsAmbiguousWriteError("ReadTimeout: timed out", "create topic", desired["name"])
        body = SPEC.to_api(desired)
        configs = dict(DEFAULT_CONFIGS)
        configs.update(body.pop("configs", None) or {})
        obj = {"name": body["name"], "partition": str(body.get("partition", 1)),
               "replication": body.get("replication", 3),
               "retention_time": str(body.get("retention_time", 72)),
               "topic_desc": body.get("topic_desc", ""), "created_at": 2000, "topic_type": 0,
               "configs": [{"name": k, "value": str(v)} for k, v in sorted(configs.items())]}
        if "token" in body:
            obj["token"] = body["token"]
        store.objects[obj["name"]] = obj
        if "password" in body:
            store.passwords[obj["name"]] = body["password"]
        if mode == "applied":
            raise DmsAmbiguousWriteError("ReadTimeout: timed out", "create topic", desired["name"])
        return obj

    def modify(ctx, batch):
        store.calls.append(["modify", [b["name"] for b, _d, _c in batch],
                            [sorted(c) for _b, _d, c in batch]])
        for before, desired, changed in batch:
            obj = store.objects[before["name"]]
            for name in changed:
                if name == "configs":
                    merged = configs_from_api(obj)
                    merged.update(desired["configs"])
                    obj["configs"] = [{"name": k, "value": v} for k, v in sorted(merged.items())]
                else:
                    obj[SPEC.by_option[name].api] = desired[name]

    def partitions(ctx, before, desired, changed):
        store.calls.append(["partitions", before["name"]])
        store.objects[before["name"]]["partition"] = str(desired["partition"])

    def password(ctx, before, desired, changed):
        store.calls.append(["password", before["name"]])
        store.passwords[before["name"]] = desired["password"]

    def delete(ctx, items):
        store.calls.append(["delete", [item["name"] for item in items]])
        for item in items:
            store.objects.pop(item["name"], None)

    def validate(item, ctx):
        if item.get("retention_time") == 13 and item.get("partition") == 13:
            return ["retention_time: may not be 13 when partition is 13"]
        return []

    SPEC = ResourceSpec(
        singular="topic", plural="topics", identity=("name",),
        fields=[
            Field("name", type="str", pattern=r"^[A-Za-z][A-Za-z0-9._-]{2,199}\Z",
                  rule="3 to 200 characters: letters, digits, '.', '_' and '-', starting with a letter"),
            Field("partition", type="int", min=1, max=200, create_default=1),
            Field("replication", type="int", create_only=True, min=1, max=3, create_default=3),
            Field("retention_time", type="int", min=1, max=720, create_default=72),
            Field("description", api="topic_desc", type="str", max_length=20),
            Field("configs", type="dict", elements="str", compare="subset",
                  from_api=configs_from_api),
            Field("token", type="str", secret=True),
            Field("password", type="str", write_only=True),
            Field("created_at", type="int", server_side=True),
            Field("topic_type", type="int", server_side=True),
        ],
        list=list_topics, create=create, delete=delete, validate=validate,
        update_steps=[
            UpdateStep("modify", ["retention_time", "description", "configs", "token"], modify,
                       batch=True),
            UpdateStep("partitions", ["partition"], partitions),
            UpdateStep("password", ["password"], password),
        ],
        protected=lambda item, ctx: item.get("topic_type") == 1,
    )
    return SPEC


def load_cases():
    cases = []
    for path in sorted(glob.glob(os.path.join(DATA, "engine_*.json"))):
        with open(path) as handle:
            for case in json.load(handle):
                cases.append(pytest.param(case, id="%s:%s" % (os.path.basename(path)[7:-5], case["id"])))
    return cases


@pytest.mark.parametrize("case", load_cases())
def test_engine_case(case):
    store = FakeStore(case.get("existing", []), case.get("ambiguous"))
    spec = make_spec(store)
    params = {"wait": True}
    ctx = Context(client=None, params=params, check_mode=case.get("check_mode", False))
    engine = ResourceEngine(spec, ctx)
    single = "item" in case
    items = [case["item"]] if single else case["items"]
    before_store = copy.deepcopy(store.objects)
    expect = case["expect"]

    if "error" in expect or "errors" in expect:
        with pytest.raises(DmsValidationError) as info:
            engine.ensure(items, purge=case.get("purge", False),
                          protected_names=case.get("protected_names", ()), single=single,
                          diff=case.get("diff", False))
        if "error" in expect:
            assert expect["error"] in str(info.value)
        if "errors" in expect:
            assert info.value.errors == expect["errors"]
        assert store.calls == []
        assert store.objects == before_store
        assert store.lists == expect.get("lists", store.lists)
        return

    result = engine.ensure(items, purge=case.get("purge", False),
                           protected_names=case.get("protected_names", ()), single=single,
                           diff=case.get("diff", False))
    if "changed" in expect:
        assert result["changed"] is expect["changed"]
    if "changes" in expect:
        full = {"created": [], "updated": [], "deleted": [], "unchanged": []}
        full.update(expect["changes"])
        assert result["changes"] == full
    if "result" in expect:
        assert result["topic" if single else "topics"] == expect["result"]
    assert ("topics" if single else "topic") not in result
    if "diff" in expect:
        assert result["diff"] == expect["diff"]
    elif not case.get("diff"):
        assert "diff" not in result
    if "calls" in expect:
        assert store.calls == expect["calls"]
    if "lists" in expect:
        assert store.lists == expect["lists"]
    if "store" in expect:
        assert sorted(store.objects) == sorted(expect["store"])
    if "passwords" in expect:
        assert store.passwords == expect["passwords"]
    if case.get("check_mode"):
        assert store.calls == []
        assert store.objects == before_store
    # write-only values never show up, anywhere
    text = json.dumps(result)
    for item in items:
        if item.get("password"):
            assert item["password"] not in text
    assert '"password"' not in text


# ----------------------------------------------------------------- non-table tests
@pytest.mark.parametrize("value,kind,elements,expected", [
    ("3", "int", None, 3),
    (3.0, "int", None, 3),
    ("x", "int", None, "x"),
    ("false", "bool", None, False),
    ("TRUE", "bool", None, True),
    (1, "bool", None, True),
    (True, "str", None, "true"),
    (5, "str", None, "5"),
    (["b", "a", "b"], "set", None, ["a", "b"]),
    (["2", "1"], "list", "int", [2, 1]),
    ({"a": 1}, "dict", "str", {"a": "1"}),
    (None, "int", None, None),
])
def test_normalise(value, kind, elements, expected):
    assert normalise(value, kind, elements) == expected


def test_spec_declaration_errors():
    with pytest.raises(ValueError):
        ResourceSpec("x", "xs", [Field("a")], list=lambda ctx: [], identity=("name",))
    with pytest.raises(ValueError):
        ResourceSpec("x", "xs", [Field("name"), Field("name")], list=lambda ctx: [])
    with pytest.raises(ValueError):
        ResourceSpec("x", "xs", [Field("name")], list=lambda ctx: [],
                     update_steps=[UpdateStep("s", ["nope"], lambda *a: None)])


def test_update_sugar_owns_every_updatable_field():
    spec = ResourceSpec("x", "xs", [Field("name"), Field("a"), Field("b", create_only=True),
                                    Field("c", server_side=True)],
                        list=lambda ctx: [], update=lambda *a: None)
    assert spec.updatable == {"a"}


def test_collect_for_info_modules():
    store = FakeStore([{"name": "aaa", "partition": "3", "token": "t"},
                       {"name": "bbb", "partition": "6"}])
    spec = make_spec(store)
    ctx = Context(client=None, params={})
    views = collect(spec, ctx, {"name": "bbb"})
    assert [v["partition"] for v in views] == [6]
    views = collect(spec, ctx, {"name": None})
    assert [v["name"] for v in views] == ["aaa", "bbb"]
    assert views[0]["token"] == MASK
    assert "password" not in views[0]


def test_build_argument_spec_both_forms():
    spec = make_spec(FakeStore([]))
    item_options = {"name": {"type": "str", "required": True}, "partition": {"type": "int"},
                    "password": {"type": "str", "no_log": True}}
    argspec = build_argument_spec(spec, item_options, {"instance_id": {"type": "str", "required": True}})
    assert "required" not in argspec["name"]
    assert argspec["state"] == {"type": "str", "choices": ["present", "absent"], "default": "present"}
    assert argspec["topics"]["type"] == "list" and argspec["topics"]["elements"] == "dict"
    assert argspec["topics"]["options"]["name"]["required"] is True
    assert argspec["topics"]["options"]["state"]["default"] == "present"
    assert argspec["purge"] == {"type": "bool", "default": False}
    assert argspec["protected_names"]["elements"] == "str"
    assert argspec["instance_id"]["required"] is True
    single_only = build_argument_spec(spec, item_options, multi=False)
    assert single_only["name"]["required"] is True and "topics" not in single_only


def _http_spec():
    base = "/v2/{project_id}/instances/i-1/topics"

    def list_topics(ctx):
        return ctx.client.get(base)["topics"]

    def create(ctx, desired):
        body = spec.to_api(desired)
        body["id"] = body.pop("name")
        ctx.client.post(base, body, operation="create topic", resource=desired["name"])

    def update(ctx, before, desired, changed):
        ctx.client.put(base, {"topics": [dict(id=before["name"], **spec.to_api(desired, changed))]})

    def delete(ctx, items):
        ctx.client.post(base + "/delete", {"topics": [i["name"] for i in items]})

    spec = ResourceSpec("topic", "topics", [Field("name", type="str"), Field("partition", type="int"),
                                            Field("retention_time", type="int")],
                        list=list_topics, create=create, update=update, delete=delete)
    return spec


@pytest.mark.parametrize("check_mode", [True, False])
def test_check_mode_sends_no_mutating_request_over_http(make_client, check_mode):
    listing = {"total": 2, "topics": [{"name": "old", "partition": "3", "retention_time": "72"},
                                      {"name": "keep", "partition": "3", "retention_time": "72"}]}
    after = {"total": 2, "topics": [{"name": "keep", "partition": "3", "retention_time": "24"},
                                    {"name": "new", "partition": "1", "retention_time": "72"}]}
    script = [reply(200, listing)]
    if not check_mode:
        script += [reply(200, {"name": "new"}), reply(204), reply(200, {"topics": []}), reply(200, after)]
    server = ScriptedServer(script)
    client = make_client(server)
    engine = ResourceEngine(_http_spec(), Context(client, {}, check_mode=check_mode))
    result = engine.ensure([{"name": "keep", "retention_time": 24}, {"name": "new", "partition": 1}],
                           purge=True)
    assert result["changes"] == {"created": ["new"], "updated": ["keep"], "deleted": ["old"],
                                 "unchanged": []}
    assert result["topics"] == [{"name": "keep", "partition": 3, "retention_time": 24},
                                {"name": "new", "partition": 1,
                                 "retention_time": None if check_mode else 72}]
    if check_mode:
        assert client.write_requests == 0
        assert client.request_counts == {"GET": 1}
    else:
        assert client.request_counts == {"GET": 2, "POST": 2, "PUT": 1}
        assert json.loads(server.requests[1].content) == {"id": "new", "partition": 1}
        assert json.loads(server.requests[2].content) == {"topics": [{"id": "keep", "retention_time": 24}]}
        assert json.loads(server.requests[3].content) == {"topics": ["old"]}


def test_ambiguous_http_create_is_checked_before_retrying(make_client):
    listing = {"topics": []}
    shown = {"topics": [{"name": "new", "partition": "2", "retention_time": "72"}]}
    server = ScriptedServer([reply(200, listing), httpx.ReadTimeout("timed out"),
                             reply(200, shown), reply(200, shown)])
    client = make_client(server)
    engine = ResourceEngine(_http_spec(), Context(client, {}))
    result = engine.ensure([{"name": "new", "partition": 2}], single=True)
    assert result["changed"] is True
    assert result["topic"] == {"name": "new", "partition": 2, "retention_time": 72}
    assert client.request_counts == {"GET": 3, "POST": 1}


# ----------------------------------------------------------------- actions, check_plan, extra
def _action_spec(store, calls, check_plan=None):
    def restart(ctx, before, desired):
        calls.append(("restart", before["name"]))
        ctx.extra["job_id"] = "job-7"

    return ResourceSpec("thing", "things", [Field("name", type="str"), Field("size", type="int")],
                        list=lambda ctx: list(store), update=lambda *a: calls.append("update"),
                        actions={"restarted": restart}, check_plan=check_plan)


@pytest.mark.parametrize("check_mode", [False, True])
def test_action_state_on_existing_item(check_mode):
    calls = []
    engine = ResourceEngine(_action_spec([{"name": "t1", "size": "1"}], calls),
                            Context(None, {}, check_mode=check_mode))
    result = engine.ensure([{"name": "t1", "state": "restarted"}], single=True)
    assert result["changed"] is True
    assert result["changes"]["restarted"] == ["t1"]
    assert calls == ([] if check_mode else [("restart", "t1")])
    assert result.get("job_id") == (None if check_mode else "job-7")


def test_action_state_on_missing_item_fails_before_writes():
    calls = []
    engine = ResourceEngine(_action_spec([], calls), Context(None, {}))
    with pytest.raises(DmsValidationError) as info:
        engine.ensure([{"name": "t1", "state": "restarted"}], single=True)
    assert str(info.value) == "thing 't1': cannot be restarted: it does not exist"
    assert calls == []


def test_check_plan_sees_the_plan_and_blocks_writes():
    calls = []

    def no_shrink(ctx, plan):
        return ["%s: size can only grow" % before["name"] for before, d, changed in plan.updates
                if "size" in changed and d.item["size"] < before["size"]]

    engine = ResourceEngine(_action_spec([{"name": "t1", "size": "5"}, {"name": "t2", "size": "5"}],
                                         calls, no_shrink), Context(None, {}))
    with pytest.raises(DmsValidationError) as info:
        engine.ensure([{"name": "t2", "size": 9}, {"name": "t1", "size": 2}])
    assert info.value.errors == ["t1: size can only grow"]
    assert calls == []


def test_hide_unset_field_is_left_out_of_views_only_when_unset():
    from ansible_collections.hwcloud.dms.plugins.module_utils._engine import Field as F, ResourceSpec as RS
    spec = RS("thing", "things", [F("name", type="str"), F("steer", type="dict", hide_unset=True),
                                  F("plain", type="str")], list=lambda ctx: [])
    assert spec.from_api({"name": "a"}) == {"name": "a", "plain": None}
    assert spec.from_api({"name": "a", "steer": {"x": 1}}) == {"name": "a", "steer": {"x": 1}, "plain": None}
