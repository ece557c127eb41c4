# -*- coding: utf-8 -*-
# Copyright (c) 2026, hwcloud.dms contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Unit tests for the topic-permission declaration: merge/replace, requests, plans, engine runs."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import importlib.util
import json
import os

import pytest

from ansible_collections.hwcloud.dms.tests.unit.compat.module_args import patch_module_args

from ansible_collections.hwcloud.dms.plugins.module_utils._engine import ResourceEngine
from ansible_collections.hwcloud.dms.plugins.module_utils._errors import DmsValidationError
from ansible_collections.hwcloud.dms.plugins.module_utils._specs import acl as A
from ansible_collections.hwcloud.dms.plugins.module_utils._specs.user import SaslDisabledError

# the in-memory service lives in test_user_spec.py (loaded by path: no test is re-collected)
_path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "test_user_spec.py")
_loader = importlib.util.spec_from_file_location("_hwcloud_dms_fake_sasl", _path)
_fake = importlib.util.module_from_spec(_loader)
_loader.loader.exec_module(_fake)
FakeSasl, api_user, context_for, factory_for = (_fake.FakeSasl, _fake.api_user, _fake.context_for,
                                                _fake.factory_for)
PROJECT, IID, MODULE_CONNECTION = _fake.PROJECT, _fake.IID, _fake.MODULE_CONNECTION
WRITE = "/v1/%s/instances/%s/topics/accesspolicy" % (PROJECT, IID)


def P(user, policy):
    return {"user_name": user, "access_policy": policy}


def E(user, policy=None, state="present"):
    entry = {"user": user, "state": state}
    if policy is not None:
        entry["access_policy"] = policy
    return entry


def sasl(topics=("orders", "payments", "audit"), acls=None, users=("writer", "reader", "extra"),
         **kwargs):
    return FakeSasl(users=[api_user(u) for u in users], topics=list(topics), acls=acls, **kwargs)


def run(api, topics, params=None, check_mode=False, purge=False, protected=(), diff=True):
    params = dict(params or {}, topics=topics, purge=purge)
    engine = ResourceEngine(A.ACL, context_for(api, params, check_mode=check_mode))
    items = [dict(t, state=t.get("state", "present")) for t in topics]
    return engine.ensure(items, purge=purge, protected_names=protected, diff=diff)


def writes(api):
    return [w for w in api.writes if w[1] == WRITE]


# ---------------------------------------------------------------- transforms
def test_normalise_both_sides():
    assert A.norm_policies([{"user_name": "a", "access_policy": "PUB", "owner": True}]) == [
        {"user": "a", "access_policy": "pub"}]
    assert A.norm_policies([E("a", "sub"), E("b", state="absent")]) == [
        {"user": "a", "access_policy": "sub"}, {"user": "b", "state": "absent"}]
    assert A.canonical([{"user": "b", "access_policy": "sub"}, {"user": "a", "access_policy": "all"},
                        {"user": "c", "state": "absent"}]) == [
        {"user": "a", "access_policy": "all"}, {"user": "b", "access_policy": "sub"}]


def test_final_policies_replace_and_merge():
    current = [{"user": "a", "access_policy": "pub"}, {"user": "b", "access_policy": "sub"}]
    wanted = A.norm_policies([E("c", "all"), E("b", state="absent"), E("a", "sub")])
    assert A.final_policies(current, wanted, "replace") == [
        {"user": "a", "access_policy": "sub"}, {"user": "c", "access_policy": "all"}]
    assert A.final_policies(current, wanted, "merge") == [
        {"user": "a", "access_policy": "sub"}, {"user": "c", "access_policy": "all"}]
    assert A.final_policies(current, A.norm_policies([E("c", "all")]), "merge") == [
        {"user": "a", "access_policy": "pub"}, {"user": "b", "access_policy": "sub"},
        {"user": "c", "access_policy": "all"}]
    assert A.final_policies(current, [], "replace") == []
    assert A.final_policies(current, [], "merge") == current


def test_policies_match_depends_on_mode():
    have = [{"user": "a", "access_policy": "pub"}, {"user": "b", "access_policy": "sub"}]
    subset = A.norm_policies([E("a", "pub")])
    assert A.policies_match(have, subset, {"mode": "merge"}) is True
    assert A.policies_match(have, subset, {"mode": "replace"}) is False
    assert A.policies_match(have, subset, {}) is False                     # replace by default
    assert A.policies_match(have, A.norm_policies([E("b", "sub"), E("a", "pub")]), {}) is True
    assert A.policies_match(have, A.norm_policies([E("c", state="absent")]), {"mode": "merge"})


def test_grant_request_one_entry_per_topic_plus_revokes():
    todo = [({"topic": "orders", "policies": [{"user": "a", "access_policy": "pub"}]},
             {"topic": "orders", "mode": "merge", "policies": A.norm_policies([E("b", "sub")])},
             ["policies"]),
            ({"topic": "payments", "policies": []},
             {"topic": "payments", "policies": A.norm_policies([E("c", "all")])}, ["policies"])]
    assert A.grant_request(todo, [{"topic": "audit", "policies": []}]) == [
        {"name": "orders", "policies": [P("a", "pub"), P("b", "sub")]},
        {"name": "payments", "policies": [P("c", "all")]},
        {"name": "audit", "policies": []}]


def test_validate_item_messages():
    assert A.validate_item({"topic": "t"}, None) == [
        "policies: is required (use policies=[] with mode=replace, or state=absent, to remove "
        "every permission of the topic)"]
    errors = A.validate_item({"topic": "t", "policies": A.norm_policies([
        E("writer", "pub"), E("1bad", "sub"), {"user": "reader", "state": "present"},
        E("writer", "all"), E("gone-user", state="absent")])}, None)
    assert errors == [
        "policies[1].user: must start with a letter and be 4 to 64 characters long, using only "
        "letters, digits, underscores (_) and hyphens (-)",
        "policies[2].access_policy: is required (one of all, pub, sub)",
        "policies[3].user: user 'writer' is listed twice (same as policies[0])",
    ]


# ---------------------------------------------------------------- engine runs
def test_check_mode_predicts_with_reads_only(diff_by_item):
    api = sasl(acls={"orders": [P("writer", "pub")]})
    result = run(api, [{"topic": "orders", "mode": "merge", "policies": [E("reader", "sub")]},
                       {"topic": "payments", "policies": [E("extra", "all")]}], check_mode=True)
    assert result["changed"] is True
    assert result["changes"]["updated"] == ["orders", "payments"]
    assert result["topics"] == [
        {"topic": "orders", "policies": [{"user": "reader", "access_policy": "sub"},
                                         {"user": "writer", "access_policy": "pub"}]},
        {"topic": "payments", "policies": [{"user": "extra", "access_policy": "all"}]}]
    assert diff_by_item(result["diff"])[0]["payments"] == {"topic": "payments", "policies": []}
    assert api.writes == []
    assert "job_id" not in result


def test_one_write_for_every_topic_and_the_deletions_then_the_task_is_awaited():
    api = sasl(acls={"orders": [P("writer", "pub")], "audit": [P("reader", "sub")],
                     "payments": [P("extra", "all")]})
    result = run(api, [{"topic": "orders", "policies": [E("writer", "all")]},
                       {"topic": "payments", "state": "absent"}],
                 purge=True, protected=())
    assert result["changes"]["updated"] == ["orders"]
    assert sorted(result["changes"]["deleted"]) == ["audit", "payments"]
    assert writes(api) == [("POST", WRITE, {"topics": [
        {"name": "orders", "policies": [P("writer", "all")]},
        {"name": "payments", "policies": []},
        {"name": "audit", "policies": []}]})]
    assert result["job_id"] == "job-1"
    assert ("GET", "/v2/%s/instances/%s/tasks/job-1" % (PROJECT, IID), None) in api.seen
    assert api.acls == {"orders": [P("writer", "all")], "audit": [], "payments": []}
    # and again: nothing to do, no write
    again = sasl(acls=api.acls)
    result = run(again, [{"topic": "orders", "policies": [E("writer", "all")]},
                         {"topic": "payments", "state": "absent"}], purge=True)
    assert result["changed"] is False
    assert result["changes"]["unchanged"] == ["orders", "payments"]
    assert again.writes == []


def test_deletions_alone_are_one_write():
    api = sasl(acls={"orders": [P("writer", "pub")], "audit": [P("reader", "sub")]})
    result = run(api, [{"topic": "orders", "state": "absent"}, {"topic": "audit", "state": "absent"},
                       {"topic": "payments", "state": "absent"}])
    assert result["changes"]["deleted"] == ["orders", "audit"]
    assert result["changes"]["unchanged"] == ["payments"]
    expected = {"topics": [{"name": "orders", "policies": []}, {"name": "audit", "policies": []}]}
    assert writes(api) == [("POST", WRITE, expected)]


def test_purge_spares_protected_internal_and_empty_topics():
    api = sasl(topics=("orders", "keep", "__consumer_offsets", "empty"),
               acls={"keep": [P("writer", "pub")], "__consumer_offsets": [P("writer", "all")],
                     "empty": []})
    result = run(api, [], purge=True, protected=["keep"])
    assert result["changed"] is False
    assert api.writes == []
    # the internal topic is not even read
    assert not any("__consumer_offsets" in s[1] for s in api.seen)


def test_reads_only_the_needed_topics_and_lists_once():
    api = sasl(topics=["t%03d" % i for i in range(30)], acls={"t007": [P("writer", "pub")]})
    result = run(api, [{"topic": "t007", "policies": [E("writer", "pub")]}])
    assert result["changed"] is False
    paths = [s[1] for s in api.seen]
    assert sum(1 for p in paths if p.endswith("/accesspolicy")) == 1
    assert sum(1 for p in paths if p.endswith("/topics")) == 1
    assert sum(1 for p in paths if p.endswith("/users")) == 1


def test_missing_topics_and_users_fail_before_any_write():
    api = sasl()
    with pytest.raises(DmsValidationError) as err:
        run(api, [{"topic": "orders", "policies": [E("writer", "pub"), E("nobody", "sub"),
                                                   E("gone-user", state="absent")]},
                  {"topic": "ghost", "policies": [E("writer", "pub")]}])
    assert err.value.errors == [
        "topics[1].topic: topic 'ghost' does not exist on instance '%s'" % IID,
        "topics[0].policies[1].user: user 'nobody' does not exist on instance '%s'" % IID,
    ]
    assert api.writes == []


def test_missing_prerequisites_are_warnings_in_check_mode():
    """A check-mode audit of a whole environment: earlier tasks would create them."""
    api = sasl()
    warnings = []
    params = {"topics": [{"topic": "ghost", "policies": [E("nobody", "sub")]}], "purge": False}
    ctx = context_for(api, params, check_mode=True)
    ctx.warn = warnings.append
    result = ResourceEngine(A.ACL, ctx).ensure([{"topic": "ghost", "policies": [E("nobody", "sub")],
                                                 "state": "present"}], purge=False, protected_names=(),
                                               diff=True)
    assert result["changed"] is True
    assert api.writes == []
    assert len(warnings) == 2
    assert "topic 'ghost' does not exist" in warnings[0] and "check mode" in warnings[0]
    assert "user 'nobody' does not exist" in warnings[1]


def test_local_errors_make_no_request():
    api = sasl()
    with pytest.raises(DmsValidationError) as err:
        run(api, [{"topic": "9bad", "policies": []},
                  {"topic": "orders", "policies": [E("writer")]},
                  {"topic": "orders", "state": "absent"}])
    assert err.value.errors == [
        "topics[0].topic: must be a topic name: 3 to 200 characters, starting with a letter; "
        "letters, digits, periods (.), underscores (_) and hyphens (-)",
        "topics[1].policies[0].access_policy: is required (one of all, pub, sub)",
        "topics[2]: duplicate topic 'orders' (same as topics[1])",
    ]
    assert api.seen == []


def test_sasl_off():
    api = sasl(ssl_enable=False)
    with pytest.raises(SaslDisabledError):
        run(api, [{"topic": "orders", "policies": []}])
    assert api.writes == []


def test_wait_false_skips_the_task_poll():
    api = sasl()
    result = run(api, [{"topic": "orders", "policies": [E("writer", "pub")]}], params={"wait": False})
    assert result["job_id"] == "job-1"
    assert not any("/tasks/" in s[1] for s in api.seen)


def test_failed_task_is_reported():
    api = sasl(task_status="FAILED")
    with pytest.raises(Exception) as err:
        run(api, [{"topic": "orders", "policies": [E("writer", "pub")]}])
    assert "job-1" in str(err.value) and "FAILED" in str(err.value)


# ---------------------------------------------------------------- info
def test_info_per_topic_and_per_user():
    api = sasl(acls={"orders": [P("writer", "pub"), P("reader", "sub")],
                     "payments": [P("reader", "all")]})
    acls, warning = A.collect_info(context_for(api, {}))
    assert warning is None
    assert [a["topic"] for a in acls] == ["orders", "payments", "audit"]
    assert acls[0]["policies"] == [{"user": "reader", "access_policy": "sub", "owner": False},
                                   {"user": "writer", "access_policy": "pub", "owner": False}]
    acls, _w = A.collect_info(context_for(api, {}), user="reader")
    assert [(a["topic"], [p["access_policy"] for p in a["policies"]]) for a in acls] == [
        ("orders", ["sub"]), ("payments", ["all"])]
    acls, _w = A.collect_info(context_for(api, {}), topics=["payments", "ghost"])
    assert [a["topic"] for a in acls] == ["payments"]


def test_info_never_fails_on_not_found():
    acls, warning = A.collect_info(context_for(sasl(ssl_enable=False), {}))
    assert acls == [] and "SASL disabled" in warning
    acls, warning = A.collect_info(context_for(sasl(), {"instance": "no-such-instance"}))
    assert acls == [] and warning is None


# ---------------------------------------------------------------- the modules
def _run(capsys, runner, args, api):
    with patch_module_args(dict(MODULE_CONNECTION, **args)):
        with pytest.raises(SystemExit):
            runner(client_factory=factory_for(api))
    return json.loads(capsys.readouterr().out)


def test_module_single_form_merge(capsys):
    api = sasl(acls={"orders": [P("writer", "pub")]})
    out = _run(capsys, A.run_acl_module, {
        "instance": IID, "name": "orders", "mode": "merge", "_ansible_diff": True,
        "policies": [{"user": "reader", "access_policy": "sub"}]}, api)
    assert out["changed"] is True
    assert out["acl"] == {"topic": "orders", "policies": [
        {"user": "reader", "access_policy": "sub"}, {"user": "writer", "access_policy": "pub"}]}
    assert out["diff"]["before"] == {"topic": "orders", "policies": [
        {"user": "writer", "access_policy": "pub"}]}
    assert out["job_id"] == "job-1"


def test_module_mode_belongs_to_the_single_form(capsys):
    api = sasl()
    out = _run(capsys, A.run_acl_module, {
        "instance": IID, "mode": "merge", "topics": [{"name": "orders", "policies": []}]}, api)
    assert out["failed"] is True
    assert "mutually exclusive: mode|topics" in out["msg"]
    assert api.seen == []


def test_info_module(capsys):
    api = sasl(acls={"orders": [P("writer", "pub")]})
    out = _run(capsys, A.run_acl_info_module, {"instance": IID, "user": "writer"}, api)
    out.pop("invocation", None)  # ansible-core 2.19 adds it, 2.21 does not
    assert out == {"changed": False, "acls": [{"topic": "orders", "policies": [
        {"user": "writer", "access_policy": "pub", "owner": False}]}]}
