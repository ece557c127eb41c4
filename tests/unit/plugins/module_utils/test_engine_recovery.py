# -*- coding: utf-8 -*-
# Copyright (c) 2026, hwcloud.dms contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes with an unknown outcome are recovered by re-reading (issue 11), for every kind
of write: create, update step (single and batch), delete, action; and verified steps."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy

import pytest

from ansible_collections.hwcloud.dms.plugins.module_utils import _engine
from ansible_collections.hwcloud.dms.plugins.module_utils._engine import (
    Context,
    Field,
    ResourceEngine,
    ResourceSpec,
    UpdateStep,
)
from ansible_collections.hwcloud.dms.plugins.module_utils._errors import (
    DmsAmbiguousWriteError,
    DmsApiError,
    DmsError,
)

APPLIED = "applied"    # the write lands, then its answer is lost
LOST = "lost"          # the write never lands, and the answer is lost
EXISTS = "exists"      # refused: "already exists" (a duplicate create)
GONE = "gone"          # refused: not found


class Store(object):
    def __init__(self, objects=None):
        self.objects = copy.deepcopy(objects or {})
        self.calls = []
        self.faults = []   # outcomes of the next writes, in order
        self.reads = 0
        self.undo = 0      # verify tests: how many times a "concurrent writer" undoes a change

    def outcome(self):
        return self.faults.pop(0) if self.faults else None

    def write(self, name, apply):
        self.calls.append(name)
        outcome = self.outcome()
        if outcome == EXISTS:
            raise DmsApiError(400, "DMS.40050005", "Requested topic already exists.")
        if outcome == GONE:
            raise DmsApiError(404, "DMS.00404022", "not found")
        if outcome != LOST:
            apply()
        if outcome in (APPLIED, LOST):
            raise DmsAmbiguousWriteError("POST http://h/x: HTTP 502; the request may or may "
                                         "not have been applied", name)


def make_spec(store, verify=False, action_done=None):
    def list_items(ctx):
        store.reads += 1
        return [dict(v) for v in store.objects.values()]

    def create(ctx, desired):
        store.write("create", lambda: store.objects.__setitem__(
            desired["name"], {"name": desired["name"], "size": desired.get("size", 1)}))

    def resize(ctx, before, desired, changed):
        def apply():
            store.objects[before["name"]]["size"] = desired["size"]
        store.write("resize %s" % before["name"], apply)

    def label(ctx, todo):
        def apply():
            for before, desired, _changed in todo:
                store.objects[before["name"]]["label"] = desired["label"]
            if store.undo:
                store.undo -= 1
                for before, _desired, _changed in todo:
                    store.objects[before["name"]]["label"] = "overwritten"
        store.write("label", apply)

    def delete(ctx, items):
        for item in items:
            store.write("delete %s" % item["name"],
                        lambda name=item["name"]: store.objects.pop(name))

    def restart(ctx, before, desired):
        store.write("restart", lambda: store.objects[before["name"]].__setitem__("status", "RESTARTING"))

    return ResourceSpec(
        "thing", "things",
        [Field("name", type="str"), Field("size", type="int"), Field("label", type="str"),
         Field("status", type="str", server_side=True)],
        list=list_items, create=create, delete=delete,
        update_steps=[UpdateStep("resize", ["size"], resize),
                      UpdateStep("label", ["label"], label, batch=True, verify=verify)],
        actions={"restarted": restart}, action_done=action_done)


def run(store, items, **spec_options):
    ctx = Context(None, {"wait": True})
    engine = ResourceEngine(make_spec(store, **spec_options), ctx, sleep=lambda s: None)
    return engine.ensure(items)


def test_create_applied_then_ambiguous_is_not_sent_again():
    store = Store()
    store.faults = [APPLIED]
    result = run(store, [{"name": "a", "size": 2}])
    assert store.calls == ["create"]
    assert result["changed"] and result["changes"]["created"] == ["a"]
    assert len(result["recovered"]) == 1 and "re-read shows it applied" in result["recovered"][0]
    assert result["things"] == [{"name": "a", "size": 2, "label": None, "status": None}]


def test_create_lost_is_sent_again_once():
    store = Store()
    store.faults = [LOST]
    result = run(store, [{"name": "a"}])
    assert store.calls == ["create", "create"]
    assert list(store.objects) == ["a"]
    assert "sent again" in result["recovered"][0]


def test_already_exists_after_an_ambiguous_create_counts_as_done_once_confirmed():
    store = Store()
    # unknown outcome, the re-read does not see it yet, the repeat says "already exists"
    store.faults = [LOST, EXISTS]
    original = store.write

    def write(name, apply):
        if store.faults[:1] == [EXISTS]:
            store.objects["a"] = {"name": "a", "size": 1}  # the first attempt landed late
        return original(name, apply)

    store.write = write
    result = run(store, [{"name": "a"}])
    assert store.calls == ["create", "create"]
    assert "already exists" in result["recovered"][0]


def test_already_exists_without_the_item_is_an_error():
    store = Store()
    store.faults = [LOST, EXISTS]
    with pytest.raises(DmsApiError) as info:
        run(store, [{"name": "a"}])
    assert "already exists" in str(info.value)


def test_an_error_on_a_first_attempt_is_never_hidden():
    store = Store({"a": {"name": "a", "size": 1}})
    store.faults = [GONE]
    with pytest.raises(DmsApiError):
        run(store, [{"name": "a", "size": 5}])


def test_recovery_is_bounded():
    store = Store()
    store.faults = [LOST] * 10
    with pytest.raises(DmsAmbiguousWriteError):
        run(store, [{"name": "a"}])
    assert store.calls == ["create"] * (1 + _engine.MAX_RECOVERIES)


def test_update_step_resumes_with_what_is_still_missing():
    store = Store({"a": {"name": "a", "size": 1}, "b": {"name": "b", "size": 1}})
    store.faults = [None, APPLIED]  # a: fine; b: applied, answer lost
    result = run(store, [{"name": "a", "size": 2}, {"name": "b", "size": 3}])
    assert store.calls == ["resize a", "resize b"]   # a is not resized twice, nor b
    assert [t["size"] for t in result["things"]] == [2, 3]
    assert result["recovered"]


def test_update_step_lost_write_is_sent_again():
    store = Store({"a": {"name": "a", "size": 1}})
    store.faults = [LOST]
    result = run(store, [{"name": "a", "size": 4}])
    assert store.calls == ["resize a", "resize a"]
    assert result["things"][0]["size"] == 4


def test_batch_step_applied_then_ambiguous():
    store = Store({"a": {"name": "a", "size": 1}, "b": {"name": "b", "size": 1}})
    store.faults = [APPLIED]
    result = run(store, [{"name": "a", "label": "x"}, {"name": "b", "label": "y"}])
    assert store.calls == ["label"]
    assert [t["label"] for t in result["things"]] == ["x", "y"]


def test_delete_applied_then_ambiguous_and_not_found_on_repeat():
    store = Store({"a": {"name": "a", "size": 1}, "b": {"name": "b", "size": 1}})
    store.faults = [APPLIED]
    result = run(store, [{"name": "a", "state": "absent"}, {"name": "b", "state": "absent"}])
    # a landed (answer lost): only b is deleted afterwards
    assert store.calls == ["delete a", "delete b"]
    assert store.objects == {}
    assert result["changes"]["deleted"] == ["a", "b"]


def test_delete_repeat_answering_not_found_counts_as_done():
    store = Store({"a": {"name": "a", "size": 1}})
    store.faults = [LOST, GONE]
    original = store.write

    def write(name, apply):
        if store.faults[:1] == [GONE]:
            store.objects.pop("a", None)  # the first attempt landed late
        return original(name, apply)

    store.write = write
    result = run(store, [{"name": "a", "state": "absent"}])
    assert store.calls == ["delete a", "delete a"]
    assert "not found" in result["recovered"][0]


def test_action_confirmed_by_the_re_read_is_not_repeated():
    store = Store({"a": {"name": "a", "size": 1, "status": "RUNNING"}})
    store.faults = [APPLIED]

    def done(ctx, state, now, desired):
        return now.get("status") == "RESTARTING"

    result = run(store, [{"name": "a", "state": "restarted"}], action_done=done)
    assert store.calls == ["restart"]
    assert result["changes"]["restarted"] == ["a"]


def test_action_without_a_confirmation_hook_is_sent_again():
    store = Store({"a": {"name": "a", "size": 1, "status": "RUNNING"}})
    store.faults = [LOST]
    run(store, [{"name": "a", "state": "restarted"}])
    assert store.calls == ["restart", "restart"]


def test_verified_step_reapplies_after_a_concurrent_overwrite():
    store = Store({"a": {"name": "a", "size": 1}})
    store.undo = 2
    result = run(store, [{"name": "a", "label": "x"}], verify=True)
    assert store.calls == ["label"] * 3
    assert result["things"][0]["label"] == "x"
    assert any("concurrent change" in r for r in result["recovered"])


def test_verified_step_fails_clearly_when_always_undone():
    store = Store({"a": {"name": "a", "size": 1}})
    store.undo = 100
    with pytest.raises(DmsError) as info:
        run(store, [{"name": "a", "label": "x"}], verify=True)
    assert "concurrent changes undid label" in str(info.value)
    assert store.calls == ["label"] * _engine.MAX_VERIFY_ROUNDS


def test_unverified_step_trusts_the_write():
    store = Store({"a": {"name": "a", "size": 1}})
    store.undo = 1
    run(store, [{"name": "a", "label": "x"}])
    assert store.calls == ["label"]
