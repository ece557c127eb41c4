# -*- coding: utf-8 -*-
# Copyright (c) 2026, hwcloud.dms contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Engine behaviour the workflows rely on (issue 8): purge scoped by ``owned_prefixes``,
check mode before the parent exists, per-item diff entries, ``differences`` and ``msg``."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.hwcloud.dms.plugins.module_utils._engine import (
    MASK,
    Context,
    Field,
    ResourceEngine,
    ResourceSpec,
    UpdateStep,
    summarise,
)
from ansible_collections.hwcloud.dms.plugins.module_utils._errors import DmsParentNotFoundError
from ansible_collections.hwcloud.dms.plugins.module_utils._instance_ref import InstanceNotFoundError

from .test_engine import FakeStore, make_spec


class Warned(object):
    def __init__(self):
        self.warnings = []

    def warn(self, msg):
        self.warnings.append(msg)


def topic(name, partition="3", retention="72", topic_type=0):
    return {"name": name, "partition": partition, "replication": 3, "retention_time": retention,
            "topic_desc": "", "created_at": 1000, "topic_type": topic_type, "configs": []}


def engine_for(store, check_mode=False, params=None):
    module = Warned()
    ctx = Context(client=None, params=dict(params or {}), check_mode=check_mode, module=module)
    return ResourceEngine(make_spec(store), ctx), module


EXISTING = [topic("billing-invoices"), topic("billing-old"), topic("stock-levels"),
            topic("stock-moves"), topic("__consumer_offsets", topic_type=1)]


@pytest.mark.parametrize("check_mode", [False, True])
def test_purge_only_deletes_items_in_the_owned_scope(check_mode):
    store = FakeStore(EXISTING)
    engine, _module = engine_for(store, check_mode)
    result = engine.ensure([{"name": "billing-invoices"}, {"name": "billing-new"}], purge=True,
                           owned_prefixes=["billing-"])
    assert result["changes"]["deleted"] == ["billing-old"]
    assert result["changes"]["created"] == ["billing-new"]
    if check_mode:
        assert store.calls == []
    else:
        assert store.calls == [["create", "billing-new"], ["delete", ["billing-old"]]]
        assert "stock-levels" in store.objects and "stock-moves" in store.objects


def test_owned_scope_keeps_protected_names_and_hooks_and_empty_scope_owns_nothing():
    store = FakeStore(EXISTING + [topic("billing-keep")])
    engine, _module = engine_for(store)
    result = engine.ensure([], purge=True, owned_prefixes=["billing-", "__"],
                           protected_names=["billing-keep"])
    # the protected hook keeps the internal topic even though a prefix matches it
    assert result["changes"]["deleted"] == ["billing-invoices", "billing-old"]
    store = FakeStore(EXISTING)
    engine, _module = engine_for(store)
    assert engine.ensure([], purge=True, owned_prefixes=[])["changed"] is False
    assert store.calls == []


def test_owner_hook_decides_what_the_prefixes_match():
    store = FakeStore(EXISTING)
    spec = make_spec(store)
    spec.owner = lambda view: "app-a:" + view["name"] if view["name"].startswith("stock") else "other"
    ctx = Context(client=None, params={}, check_mode=True)
    result = ResourceEngine(spec, ctx).ensure([], purge=True, owned_prefixes=["app-a:"])
    assert result["changes"]["deleted"] == ["stock-levels", "stock-moves"]


def missing_parent_spec(lists):
    def list_items(ctx):
        lists.append(1)
        raise InstanceNotFoundError("inv-kafak")

    def check_plan(ctx, plan):
        raise AssertionError("no rule against the current state while the parent is missing")

    return ResourceSpec("topic", "topics", [
        Field("name", type="str"),
        Field("partitions", type="int", create_default=3),
        Field("rebalance", type="bool", hide_unset=True),
    ], list=list_items, create=lambda ctx, desired: None, delete=lambda ctx, items: None,
        update_steps=[UpdateStep("modify", ["partitions", "rebalance"], lambda *a: None)],
        check_plan=check_plan)


def test_check_mode_with_a_missing_parent_predicts_every_item_as_created():
    lists = []
    module = Warned()
    ctx = Context(client=None, params={}, check_mode=True, module=module)
    result = ResourceEngine(missing_parent_spec(lists), ctx).ensure(
        [{"name": "orders", "partitions": 6}, {"name": "payments"}, {"name": "old", "state": "absent"}],
        purge=True, diff=True)
    assert lists == [1]
    assert result["changed"] is True
    assert result["changes"]["created"] == ["orders", "payments"]
    assert result["changes"]["unchanged"] == ["old"]
    assert result["topics"] == [{"name": "orders", "partitions": 6}, {"name": "payments", "partitions": 3}]
    assert [d["after_header"] for d in result["diff"]] == ["topic 'orders' (create)", "topic 'payments' (create)"]
    assert len(module.warnings) == 1
    assert "instance 'inv-kafak' does not exist yet" in module.warnings[0]
    assert "check mode assumes an earlier task creates it" in module.warnings[0]


def test_a_missing_parent_still_fails_outside_check_mode():
    ctx = Context(client=None, params={}, check_mode=False, module=Warned())
    with pytest.raises(DmsParentNotFoundError) as info:
        ResourceEngine(missing_parent_spec([]), ctx).ensure([{"name": "orders"}])
    assert str(info.value) == "instance 'inv-kafak' not found"


def test_list_diff_has_one_entry_per_touched_item_with_headers():
    store = FakeStore([topic("stock-moves"), topic("stock-levels"), topic("stock-keep")])
    engine, _module = engine_for(store, check_mode=True)
    result = engine.ensure([{"name": "stock-new", "partition": 2}, {"name": "stock-levels", "retention_time": 24},
                            {"name": "stock-keep"}], purge=True, diff=True)
    headers = [(d["before_header"], d["after_header"]) for d in result["diff"]]
    assert headers == [("topic 'stock-new' (create)",) * 2, ("topic 'stock-levels' (update)",) * 2,
                       ("topic 'stock-moves' (delete)",) * 2]
    created, updated, deleted = result["diff"]
    assert created["before"] == {} and created["after"]["partition"] == 2
    assert deleted["after"] == {} and deleted["before"]["name"] == "stock-moves"
    assert updated["before"]["retention_time"] == 72 and updated["after"]["retention_time"] == 24
    assert result["msg"] == ("topics: 1 created (stock-new), 1 updated (stock-levels), 1 deleted (stock-moves), "
                             "1 unchanged")


def test_differences_name_fields_with_before_and_after_and_mask_secrets():
    store = FakeStore([dict(topic("orders"), token="old-token")])
    engine, _module = engine_for(store, check_mode=True)
    result = engine.ensure([{"name": "orders", "retention_time": 240, "token": "new-token", "password": "pw-123456",
                             "update_password": "always"},
                            {"name": "fresh", "partition": 2}])
    by_item = dict((d["item"], d) for d in result["differences"])
    assert by_item["orders"] == {"kind": "topic", "item": "orders", "action": "update", "fields": {
        "retention_time": {"before": 72, "after": 240}, "token": {"before": MASK, "after": MASK}}}
    assert by_item["fresh"]["action"] == "create"
    assert by_item["fresh"]["fields"]["partition"] == {"before": None, "after": 2}
    assert "description" not in by_item["fresh"]["fields"]  # unset: no null noise
    text = repr(result)
    for secret in ("new-token", "old-token", "pw-123456", "password"):
        assert secret not in text


def test_hide_unset_fields_never_show_as_null():
    lists = []
    ctx = Context(client=None, params={}, check_mode=True, module=Warned())
    result = ResourceEngine(missing_parent_spec(lists), ctx).ensure([{"name": "orders"}], diff=True)
    assert "rebalance" not in result["topics"][0]
    assert "rebalance" not in result["diff"][0]["after"]


def test_summary_line():
    assert summarise("users", {"created": [], "updated": [], "deleted": [], "unchanged": ["a", "b"]}) == \
        "users: 2 unchanged"
    assert summarise("topics", {"created": ["x"], "updated": [], "deleted": [], "unchanged": [],
                                "restarted": []}) == "topics: 1 created (x)"


def test_quota_purge_scope_is_the_user_else_the_client():
    from ansible_collections.hwcloud.dms.plugins.module_utils._specs.quota import QUOTA, TOPIC_QUOTA
    from ansible_collections.hwcloud.dms.plugins.module_utils._specs.acl import ACL

    assert QUOTA.in_scope({"user": "billing-svc", "client": "stock-x"}, ["billing-"])
    assert not QUOTA.in_scope({"user": "stock-svc", "client": "billing-x"}, ["billing-"])
    assert QUOTA.in_scope({"user": "", "client": "billing-x"}, ["billing-"])
    assert TOPIC_QUOTA.in_scope({"topic": "billing-in"}, ["billing-"])
    assert ACL.in_scope({"topic": "billing-in", "policies": []}, ["billing-"])
    assert not ACL.in_scope({"topic": "stock-in", "policies": []}, ["billing-"])
    assert ACL.in_scope({"topic": "stock-in", "policies": []}, None)


@pytest.mark.parametrize("fail", [False, True])
def test_info_modules_warn_or_fail_on_a_missing_instance(fail):
    from ansible_collections.hwcloud.dms.plugins.module_utils._instance_ref import missing_instance

    module = Warned()
    ctx = Context(client=None, params={"instance": "inv-kafak", "fail_on_missing": fail}, module=module)
    err = InstanceNotFoundError("inv-kafak")
    if fail:
        with pytest.raises(InstanceNotFoundError):
            missing_instance(ctx, err)
        assert module.warnings == []
    else:
        missing_instance(ctx, err)
        assert len(module.warnings) == 1 and "instance 'inv-kafak' not found" in module.warnings[0]
        assert "fail_on_missing" in module.warnings[0]
