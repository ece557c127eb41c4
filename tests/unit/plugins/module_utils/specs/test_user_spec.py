# -*- coding: utf-8 -*-
# Copyright (c) 2026, hwcloud.dms contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Unit tests for the SASL user declaration: rules, requests, plans, engine runs, the modules.

``FakeSasl`` (an in-memory stand-in for 5.6, 5.4.5 and 5.8.2) is shared with
test_acl_spec.py, which loads this file by path.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import re

import httpx
import pytest

from ansible_collections.hwcloud.dms.tests.unit.compat.module_args import patch_module_args

from ansible_collections.hwcloud.dms.plugins.module_utils._client import DmsClient
from ansible_collections.hwcloud.dms.plugins.module_utils._engine import (
    Context,
    ResourceEngine,
    build_argument_spec,
)
from ansible_collections.hwcloud.dms.plugins.module_utils._errors import DmsValidationError
from ansible_collections.hwcloud.dms.plugins.module_utils._specs import user as U

PROJECT = "0123456789abcdef0123456789abcdef"
IID = "6f0e4a6b-1c2d-4e5f-8a9b-0c1d2e3f4a5b"
ACCESS_USER = "admin_user"


def api_user(name, desc="", role="guest", default_app=False, created=1615431764734):
    return {"user_name": name, "user_desc": desc, "role": role, "default_app": default_app,
            "created_time": created}


class FakeSasl(object):
    """State in memory; every request is recorded in ``seen`` as (method, path, body)."""

    def __init__(self, users=(), topics=(), acls=None, ssl_enable=True, max_user=None,
                 task_status="SUCCESS"):
        self.users = dict((u["user_name"], dict(u)) for u in users)
        self.users.setdefault(ACCESS_USER, api_user(ACCESS_USER, role="admin", default_app=True))
        self.passwords = {}
        self.topics = list(topics)
        self.acls = dict((k, list(v)) for k, v in (acls or {}).items())
        self.ssl_enable = ssl_enable
        self.max_user = max_user
        self.task_status = task_status
        self.seen = []
        self.jobs = 0

    @property
    def writes(self):
        return [s for s in self.seen if s[0] != "GET"]

    def _error(self, status, code, msg="error"):
        return httpx.Response(status, json={"error_code": code, "error_msg": msg})

    def __call__(self, request):
        body = json.loads(request.content) if request.content else None
        path = request.url.path
        method = request.method
        self.seen.append((method, path, body))
        base = "/v2/%s/instances/%s" % (PROJECT, IID)
        if path == base and method == "GET":
            return httpx.Response(200, json={"instance_id": IID, "name": "kafka-1",
                                             "ssl_enable": self.ssl_enable,
                                             "access_user": ACCESS_USER})
        if "/users" in path or "/accesspolicy" in path:
            if not self.ssl_enable:
                return self._error(400, "DMS.00400971", "The instance ssl is off.")
        if path == base + "/users" and method == "GET":
            answer = {"users": list(self.users.values())}
            if self.max_user is not None:
                answer["max_user"] = self.max_user
            return httpx.Response(200, json=answer)
        if path == base + "/users" and method == "POST":
            self.users[body["user_name"]] = api_user(body["user_name"], body.get("user_desc") or "")
            self.passwords[body["user_name"]] = body["user_passwd"]
            return httpx.Response(204)
        if path == base + "/users" and method == "PUT":
            for name in body["users"]:
                self.users.pop(name, None)
            return httpx.Response(204)
        match = re.match(r"^/v2/kafka/%s/instances/%s/users/([^/]+)$" % (PROJECT, IID), path)
        if match and method == "PUT":
            user = self.users[match.group(1)]
            if "user_desc" in body:
                user["user_desc"] = body["user_desc"]
            if "new_password" in body:
                self.passwords[match.group(1)] = body["new_password"]
            return httpx.Response(204)
        if path == base + "/topics" and method == "GET":
            return httpx.Response(200, json={"total": len(self.topics),
                                             "topics": [{"name": t} for t in self.topics]})
        acl_base = "/v1/%s/instances/%s/topics" % (PROJECT, IID)
        match = re.match(r"^%s/([^/]+)/accesspolicy$" % acl_base, path)
        if match and method == "GET":
            topic = match.group(1)
            if topic not in self.topics:
                return self._error(400, "DMS.00400975", "Failed to query topics.")
            return httpx.Response(200, json={"name": topic, "topic_type": 0, "policies": [
                dict(p, owner=False) for p in self.acls.get(topic, [])]})
        if path == acl_base + "/accesspolicy" and method == "POST":
            for entry in body["topics"]:
                self.acls[entry["name"]] = list(entry["policies"])
            self.jobs += 1
            return httpx.Response(200, json={"job_id": "job-%d" % self.jobs})
        match = re.match(r"^%s/tasks/([^/]+)$" % base, path)
        if match and method == "GET":
            return httpx.Response(200, json={"task_count": "1", "tasks": [
                {"id": match.group(1), "name": "updateTopicPolicies", "status": self.task_status}]})
        return self._error(404, "DMS.00404001", "no route %s %s" % (method, path))


def client_for(api):
    return DmsClient(endpoint="http://dms.test", project_id=PROJECT, access_key="ak",
                     secret_key="sk", transport=httpx.MockTransport(api), sleep=lambda s: None)


def context_for(api, params, check_mode=False):
    base = {"instance": IID, "wait": True, "wait_timeout": 60}
    base.update(params)
    return Context(client_for(api), base, check_mode=check_mode)


def factory_for(api):
    """``client_factory`` for DmsKafkaModule (module-level tests)."""
    def factory(params, **kwargs):
        kwargs.update(transport=httpx.MockTransport(api), sleep=lambda s: None)
        return DmsClient.from_params(params, **kwargs)
    return factory


MODULE_CONNECTION = {"endpoint": "http://dms.test", "project_id": PROJECT, "access_key": "ak",
                     "secret_key": "sk-secret-value", "region": "ap-southeast-1"}


def engine_for(api, params=None, check_mode=False):
    return ResourceEngine(U.USER, context_for(api, params or {}, check_mode=check_mode))


def items(*users):
    return [dict(u, state=u.get("state", "present")) for u in users]


GOOD = "Val1d-Passw0rd"


# ---------------------------------------------------------------- local rules
@pytest.mark.parametrize("name", ["abcd", "A_b-c", "a" * 64, "orders-writer"])
def test_name_ok(name):
    assert U.name_problem(name) is None


@pytest.mark.parametrize("name", ["abc", "a" * 65, "9abc", "_abc", "ab.cd", "ab cd", "", None])
def test_name_bad(name):
    assert "must start with a letter and be 4 to 64" in U.name_problem(name)


@pytest.mark.parametrize("password,expect", [
    ("Sh0rt!", "must be 8 to 32 characters long"),
    ("Ab1-" * 9, "must be 8 to 32 characters long"),
    ("-Abcdef12", "must not start with a hyphen"),
    ("abcdefgh12", "at least three of"),
    ("ABCDEFGH!!", "at least three of"),
    ("Abcdefg1|x", "not allowed"),
    ("Abcd\u00e9fg1-x", "not allowed"),
    ("Abcdefg1\\x", "not allowed"),
])
def test_password_bad(password, expect):
    message = U.password_problem(password, {"name": "someone"})
    assert expect in message
    assert password not in message


@pytest.mark.parametrize("password", ["Abcdefg1", "abcdefg1!", "ABC def 12", "a1!" + "b" * 29,
                                      "Abc`~!@#$%^&*()_-+=[{}]:;'\",<.>/?1"[:32]])
def test_password_ok(password):
    assert U.password_problem(password, {"name": "someone"}) is None


def test_password_not_the_name():
    assert U.password_problem("Same-Name1", {"name": "Same-Name1"}) == \
        "must be different from the user name"


# ---------------------------------------------------------------- requests and views
def test_requests():
    assert U.create_request({"name": "u1234", "password": GOOD}) == {
        "user_name": "u1234", "user_passwd": GOOD}
    assert U.create_request({"name": "u1234", "password": GOOD, "description": "d"}) == {
        "user_name": "u1234", "user_passwd": GOOD, "user_desc": "d"}
    assert U.update_request({"name": "u", "description": "d", "password": GOOD},
                            ["description"]) == {"user_desc": "d"}
    assert U.update_request({"name": "u", "description": "d", "password": GOOD},
                            ["password"]) == {"new_password": GOOD}
    assert U.delete_request([{"name": "a"}, {"name": "b"}]) == {"action": "delete",
                                                                "users": ["a", "b"]}


def test_from_api_view():
    view = U.USER.from_api({"user_name": "xxxa", "role": "guest", "default_app": "false",
                            "created_time": "1615431764734"})
    assert view == {"name": "xxxa", "description": "", "role": "guest", "default_app": False,
                    "created_at": 1615431764734}


def test_argspec_forms():
    spec = build_argument_spec(U.USER, U.ITEM_OPTIONS, U.MODULE_OPTIONS)
    assert spec["password"]["no_log"] is True
    assert spec["users"]["options"]["password"]["no_log"] is True
    assert spec["users"]["options"]["name"]["required"] is True
    assert "required" not in spec["name"]
    assert spec["update_password"]["default"] == "on_create"
    assert spec["instance"]["required"] is True


# ---------------------------------------------------------------- engine runs
def test_check_mode_create_predicts_and_writes_nothing():
    api = FakeSasl()
    result = engine_for(api, check_mode=True).ensure(
        items({"name": "orders-writer", "password": GOOD}), single=True, diff=True)
    assert result["changed"] is True
    assert result["changes"]["created"] == ["orders-writer"]
    assert result["user"]["name"] == "orders-writer"
    assert result["user"]["description"] == ""
    assert "password" not in result["user"]
    assert result["diff"] == {"before_header": "user 'orders-writer' (create)",
                              "after_header": "user 'orders-writer' (create)",
                              "before": {}, "after": {"name": "orders-writer", "description": ""}}
    assert api.writes == []
    assert GOOD not in json.dumps(result)


def test_create_then_idempotent():
    api = FakeSasl()
    result = engine_for(api).ensure(items({"name": "orders-writer", "password": GOOD,
                                           "description": "d"}), single=True)
    assert result["changed"] is True
    assert api.writes == [("POST", "/v2/%s/instances/%s/users" % (PROJECT, IID),
                           {"user_name": "orders-writer", "user_passwd": GOOD, "user_desc": "d"})]
    assert result["user"]["role"] == "guest"
    again = FakeSasl(users=list(api.users.values()))
    result = engine_for(again).ensure(items({"name": "orders-writer", "password": "Other-Passw0rd",
                                             "description": "d"}), single=True)
    assert result["changed"] is False
    assert again.writes == []
    # one instance lookup and one user listing, nothing else
    assert [s[0] for s in again.seen] == ["GET", "GET"]


def test_description_update_sends_only_the_description():
    api = FakeSasl(users=[api_user("orders-writer", "old")])
    result = engine_for(api).ensure(items({"name": "orders-writer", "description": "new",
                                           "password": GOOD}), single=True, diff=True)
    assert result["changes"]["updated"] == ["orders-writer"]
    assert api.writes == [("PUT", "/v2/kafka/%s/instances/%s/users/orders-writer" % (PROJECT, IID),
                           {"user_desc": "new"})]
    assert result["diff"]["before"]["description"] == "old"
    assert result["diff"]["after"]["description"] == "new"


def test_update_password_always_resets_every_run():
    for _run in range(2):
        api = FakeSasl(users=[api_user("orders-writer")])
        result = engine_for(api).ensure(items({"name": "orders-writer", "password": GOOD,
                                               "update_password": "always"}), single=True)
        assert result["changed"] is True
        assert api.writes == [("PUT", "/v2/kafka/%s/instances/%s/users/orders-writer"
                               % (PROJECT, IID), {"new_password": GOOD})]
        assert GOOD not in json.dumps(result)


def test_update_password_always_check_mode_writes_nothing():
    api = FakeSasl(users=[api_user("orders-writer")])
    result = engine_for(api, check_mode=True).ensure(
        items({"name": "orders-writer", "password": GOOD, "update_password": "always"}), single=True)
    assert result["changed"] is True
    assert api.writes == []


def test_purge_keeps_access_user_and_protected_names_one_batch_delete(diff_by_item):
    api = FakeSasl(users=[api_user("keep-me"), api_user("old-one"), api_user("old-two"),
                          api_user("orders-writer")])
    engine = engine_for(api, {"purge": True})
    result = engine.ensure(items({"name": "orders-writer"}, {"name": "new-user", "password": GOOD}),
                           purge=True, protected_names=["keep-me"], diff=True)
    assert result["changes"]["created"] == ["new-user"]
    assert sorted(result["changes"]["deleted"]) == ["old-one", "old-two"]
    assert result["changes"]["unchanged"] == ["orders-writer"]
    deletes = [w for w in api.writes if w[0] == "PUT"]
    assert deletes == [("PUT", "/v2/%s/instances/%s/users" % (PROJECT, IID),
                        {"action": "delete", "users": ["old-one", "old-two"]})]
    assert ACCESS_USER in api.users and "keep-me" in api.users
    assert set(diff_by_item(result["diff"])[0]) == {"old-one", "old-two"}  # orders-writer only changes its password


def test_plan_errors_before_any_write():
    api = FakeSasl(users=[api_user("Orders-Writer1")], max_user=3)
    users = items(
        {"name": "new-user"},                                              # no password
        {"name": "Orders-Writer1", "password": "1retirW-sredrO", "update_password": "always"},
        {"name": "second-new", "password": GOOD},
        {"name": ACCESS_USER, "state": "absent"})
    with pytest.raises(DmsValidationError) as err:
        engine_for(api, {"users": users}).ensure(users)
    assert err.value.errors == [
        "users[0].password: is required to create user 'new-user'",
        "users[1].password: must not be the user name spelled backwards (5.6.4 password reset rule)",
        "users[3]: user '%s' is the instance's access_user (the SASL user created with the "
        "instance) and cannot be deleted" % ACCESS_USER,
        "users: the plan leaves 4 users but the instance allows at most 3",
    ]
    assert api.writes == []
    assert "1retirW-sredrO" not in str(err.value)


def test_local_errors_make_no_request():
    api = FakeSasl()
    with pytest.raises(DmsValidationError) as err:
        engine_for(api).ensure(items({"name": "abc", "password": GOOD},
                                     {"name": "good-name", "password": "short"},
                                     {"name": "good-name", "password": GOOD}))
    assert err.value.errors == [
        "users[0].name: must start with a letter and be 4 to 64 characters long, using only "
        "letters, digits, underscores (_) and hyphens (-)",
        "users[1].password: must be 8 to 32 characters long",
        "users[2]: duplicate user 'good-name' (same as users[1])",
    ]
    assert api.seen == []


def test_sasl_off_fails_clearly():
    api = FakeSasl(ssl_enable=False)
    with pytest.raises(U.SaslDisabledError) as err:
        engine_for(api).ensure(items({"name": "orders-writer", "password": GOOD}), single=True)
    assert "has SASL disabled (ssl_enable=false)" in str(err.value)
    assert api.writes == []
    assert [s[1] for s in api.seen] == ["/v2/%s/instances/%s" % (PROJECT, IID)]


def test_absent_missing_is_unchanged():
    api = FakeSasl()
    result = engine_for(api).ensure(items({"name": "ghost-user", "state": "absent"}), single=True)
    assert result["changed"] is False
    assert result["user"] == {}
    assert api.writes == []


# ---------------------------------------------------------------- info
def test_info_filters_and_never_fails_on_not_found():
    api = FakeSasl(users=[api_user("orders-writer")])
    users, warning = U.collect_info(context_for(api, {}), ["orders-writer", "ghost-user"])
    assert [u["name"] for u in users] == ["orders-writer"]
    assert warning is None
    users, warning = U.collect_info(context_for(FakeSasl(ssl_enable=False), {}))
    assert users == [] and "SASL disabled" in warning
    users, warning = U.collect_info(context_for(FakeSasl(), {"instance": "no-such-instance"}))
    assert users == [] and warning is None


# ---------------------------------------------------------------- the modules
def _run(capsys, runner, args, api):
    with patch_module_args(dict(MODULE_CONNECTION, **args)):
        with pytest.raises(SystemExit):
            runner(client_factory=factory_for(api))
    return json.loads(capsys.readouterr().out)


def test_module_list_form_masks_passwords(capsys):
    api = FakeSasl()
    out = _run(capsys, U.run_user_module, {
        "instance": IID, "_ansible_diff": True,
        "users": [{"name": "orders-writer", "password": GOOD},
                  {"name": "orders-reader", "password": "Other-Passw0rd", "description": "r"}]}, api)
    assert out["changed"] is True
    assert out["changes"]["created"] == ["orders-writer", "orders-reader"]
    assert [u["name"] for u in out["users"]] == ["orders-writer", "orders-reader"]
    text = json.dumps(out)
    assert GOOD not in text and "Other-Passw0rd" not in text
    assert api.passwords == {"orders-writer": GOOD, "orders-reader": "Other-Passw0rd"}


def test_module_validation_error_hides_value(capsys):
    api = FakeSasl()
    out = _run(capsys, U.run_user_module, {
        "instance": IID, "users": [{"name": "orders-writer", "password": "tooshort"}]}, api)
    assert out["failed"] is True
    assert out["msg"] == "users[0].password: must contain at least three of: lowercase letters, " \
        "uppercase letters, digits, special characters"
    assert "tooshort" not in json.dumps(out)
    assert api.seen == []


def test_info_module(capsys):
    api = FakeSasl(users=[api_user("orders-writer")])
    out = _run(capsys, U.run_user_info_module, {"instance": IID, "name": ["orders-writer"]}, api)
    assert out["changed"] is False
    assert out["users"] == [{"name": "orders-writer", "description": "", "role": "guest",
                             "default_app": False, "created_at": 1615431764734}]
