# -*- coding: utf-8 -*-
# Copyright (c) 2026, hwcloud.dms contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""DmsKafkaModule and run_module, through ansible.module_utils.testing.patch_module_args."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json

import pytest
from ansible_collections.hwcloud.dms.tests.unit.compat.module_args import patch_module_args

from ansible_collections.hwcloud.dms.plugins.module_utils import _module
from ansible_collections.hwcloud.dms.plugins.module_utils._argspec import (
    CONNECTION_ARGSPEC,
    connection_argument_spec,
)
from ansible_collections.hwcloud.dms.plugins.module_utils._client import DmsClient
from ansible_collections.hwcloud.dms.plugins.module_utils._engine import (
    Field,
    ResourceSpec,
    run_info_module,
    run_module,
)
from ansible_collections.hwcloud.dms.plugins.module_utils._errors import DmsApiError
from ansible_collections.hwcloud.dms.plugins.module_utils._module import DmsKafkaModule

from .conftest import ScriptedServer, reply

ENV_NAMES = {
    "access_key": ["HW_ACCESS_KEY", "HUAWEICLOUD_SDK_AK"],
    "secret_key": ["HW_SECRET_KEY", "HUAWEICLOUD_SDK_SK"],
    "security_token": ["HW_SECURITY_TOKEN"],
    "auth_token": ["HW_AUTH_TOKEN"],
    "iam_username": ["HW_USER_NAME"],
    "iam_password": ["HW_PASSWORD"],
    "domain_name": ["HW_DOMAIN_NAME"],
    "region": ["HW_REGION_NAME"],
    "project_id": ["HW_PROJECT_ID"],
    "endpoint": ["HW_DMS_ENDPOINT"],
    "iam_endpoint": ["HW_IAM_ENDPOINT"],
    "validate_certs": ["HW_VALIDATE_CERTS"],
}
ALL_ENV = sorted(set(sum(ENV_NAMES.values(), [])))
AKSK = {"access_key": "AK", "secret_key": "SK-SECRET", "region": "r1", "project_id": "pid"}


@pytest.fixture(autouse=True)
def clean_env(monkeypatch):
    for name in ALL_ENV:
        monkeypatch.delenv(name, raising=False)


def run(capsys, args, **kwargs):
    """Build the module with ``args``; return (module or None, exit json or None)."""
    with patch_module_args(args):
        try:
            return DmsKafkaModule(**kwargs), None
        except SystemExit:
            return None, json.loads(capsys.readouterr().out)


def test_argspec_env_fallbacks_are_declared():
    spec = connection_argument_spec()
    for option, names in ENV_NAMES.items():
        assert list(spec[option]["fallback"][1]) == names
    assert spec["access_key"]["no_log"] is False and spec["access_key"]["aliases"] == ["ak"]
    for secret in ("secret_key", "security_token", "auth_token", "iam_password"):
        assert spec[secret]["no_log"] is True
    assert (spec["validate_certs"]["default"], spec["timeout"]["default"], spec["max_retries"]["default"]) == (
        True, 30.0, 5)
    spec["region"]["type"] = "int"
    assert CONNECTION_ARGSPEC["region"]["type"] == "str"  # a deep copy


def test_env_fallbacks_fill_params(capsys, monkeypatch):
    monkeypatch.setenv("HUAWEICLOUD_SDK_AK", "AK-FROM-SDK-ENV")
    monkeypatch.setenv("HW_SECRET_KEY", "SK-FROM-ENV")
    monkeypatch.setenv("HW_REGION_NAME", "ap-southeast-1")
    monkeypatch.setenv("HW_PROJECT_ID", "pid-env")
    monkeypatch.setenv("HW_DMS_ENDPOINT", "http://127.0.0.1:9")
    module, failure = run(capsys, {})
    assert failure is None
    p = module.params
    assert (p["access_key"], p["secret_key"], p["region"], p["project_id"], p["endpoint"]) == (
        "AK-FROM-SDK-ENV", "SK-FROM-ENV", "ap-southeast-1", "pid-env", "http://127.0.0.1:9")


def test_explicit_option_beats_env(capsys, monkeypatch):
    monkeypatch.setenv("HW_ACCESS_KEY", "AK-ENV")
    module, _failure = run(capsys, dict(AKSK, ak="AK-ARG"))
    assert module.params["access_key"] == "AK-ARG"


@pytest.mark.parametrize("args,message", [
    ({"region": "r1"}, "no credentials: set access_key and secret_key"),
    ({"region": "r1", "access_key": "AK"}, "access_key and secret_key must be set together"),
    ({"region": "r1", "iam_username": "bob"}, "IAM password authentication also needs iam_password, domain_name"),
    ({"access_key": "AK", "secret_key": "SK"}, "one of region (HW_REGION_NAME) or endpoint (HW_DMS_ENDPOINT) is required"),
    ({"access_key": "AK", "secret_key": "SK", "endpoint": "http://x"}, "project_id (HW_PROJECT_ID) is required"),
    ({"iam_username": "bob", "iam_password": "PW-SECRET", "domain_name": "acme", "endpoint": "http://x",
      "project_id": "pid"}, "iam_endpoint or region is required"),
])
def test_connection_options_checked_before_any_call(capsys, args, message):
    calls = []
    module, failure = run(capsys, args, client_factory=lambda *a, **k: calls.append(1))
    assert module is None
    assert failure["failed"] is True
    assert message in failure["msg"]
    assert calls == []


@pytest.mark.parametrize("args", [
    AKSK,
    {"auth_token": "T", "region": "r1"},
    {"iam_username": "bob", "iam_password": "PW-SECRET", "domain_name": "acme", "region": "r1"},
])
def test_each_auth_method_is_accepted(capsys, args):
    module, failure = run(capsys, args)
    assert failure is None and module is not None


def test_secrets_registered_as_no_log_values(capsys):
    module, _failure = run(capsys, dict(AKSK, security_token="TOK-SECRET", auth_token="AUTH-SECRET"))
    values = module.ansible_module.no_log_values
    assert {"SK-SECRET", "TOK-SECRET", "AUTH-SECRET"} <= set(values)
    module.no_log("IAM-TOKEN")
    assert "IAM-TOKEN" in module.ansible_module.no_log_values


def test_missing_httpx_fails_with_missing_required_lib(capsys, monkeypatch):
    monkeypatch.setattr(_module, "HAS_HTTPX", False)
    monkeypatch.setattr(_module, "HTTPX_IMPORT_ERROR", "Traceback: no httpx")
    module, failure = run(capsys, AKSK)
    assert module is None
    assert "httpx" in failure["msg"] and "Failed to import the required Python library" in failure["msg"]


def test_fail_from_error_keys_and_no_traceback(capsys):
    err = DmsApiError(400, "DMS.40050005", "The topic already exists.", "req-1", "create topic", "orders")
    with patch_module_args(AKSK):
        module = DmsKafkaModule()
        with pytest.raises(SystemExit):
            module.fail_from_error(err)
    out = json.loads(capsys.readouterr().out)
    assert out["msg"] == ("create topic 'orders' failed: HTTP 400 DMS.40050005: The topic already exists. "
                          "(request id req-1)")
    assert (out["error_code"], out["status"], out["request_id"]) == ("DMS.40050005", 400, "req-1")
    assert "exception" not in out


def test_option_clash_is_a_programming_error(capsys):
    with pytest.raises(ValueError):
        run(capsys, AKSK, argument_spec={"region": {"type": "str"}})


# ----------------------------------------------------------------- run_module end to end
TOPICS = "/v2/pid/instances/i-1/topics"


def _spec():
    base = "/v2/{project_id}/instances/{instance_id}/topics"

    def list_topics(ctx):
        path = ctx.client.path(base, instance_id=ctx.params["instance_id"])
        return ctx.client.paginate(path, "topics", "total", limit=50)

    def create(ctx, desired):
        body = spec.to_api(desired)
        body["id"] = body.pop("name")
        ctx.client.post(ctx.client.path(base, instance_id=ctx.params["instance_id"]), body,
                        operation="create topic", resource=desired["name"])

    spec = ResourceSpec("topic", "topics", [Field("name", type="str"),
                                            Field("partition", type="int", min=1, max=200)],
                        list=list_topics, create=create)
    return spec


ITEM_OPTIONS = {"name": {"type": "str", "required": True}, "partition": {"type": "int"}}
EXTRA = {"instance_id": {"type": "str", "required": True}}


def _factory(server):
    def factory(params, **kwargs):
        kwargs.update(transport=server.transport, sleep=lambda s: None)
        return DmsClient.from_params(params, **kwargs)
    return factory


def _run_module(capsys, args, server, info=False):
    with patch_module_args(args):
        with pytest.raises(SystemExit):
            if info:
                run_info_module(_spec(), argument_spec=dict(EXTRA, name={"type": "str"}),
                                client_factory=_factory(server))
            else:
                run_module(_spec(), ITEM_OPTIONS, argument_spec=EXTRA, client_factory=_factory(server))
    return json.loads(capsys.readouterr().out)


def test_run_module_single_check_mode(capsys):
    server = ScriptedServer([reply(200, {"total": 0, "topics": []})])
    out = _run_module(capsys, dict(AKSK, instance_id="i-1", name="orders", partition=3,
                                   _ansible_check_mode=True, _ansible_diff=True), server)
    assert out["changed"] is True
    assert out["topic"] == {"name": "orders", "partition": 3}
    assert out["changes"]["created"] == ["orders"]
    assert out["diff"] == {"before_header": "topic 'orders' (create)", "after_header": "topic 'orders' (create)",
                           "before": {}, "after": {"name": "orders", "partition": 3}}
    assert out["msg"] == "topics: 1 created (orders)"
    assert [r.method for r in server.requests] == ["GET"]


def test_run_module_list_form(capsys):
    listing = {"total": 1, "topics": [{"name": "a-1", "partition": "2"}]}
    after = {"total": 2, "topics": [{"name": "a-1", "partition": "2"}, {"name": "b-1", "partition": "1"}]}
    server = ScriptedServer([reply(200, listing), reply(200, {"name": "b-1"}), reply(200, after)])
    out = _run_module(capsys, dict(AKSK, instance_id="i-1",
                                   topics=[{"name": "a-1", "partition": 2}, {"name": "b-1", "partition": 1}]),
                      server)
    assert out["changed"] is True
    assert out["topics"] == [{"name": "a-1", "partition": 2}, {"name": "b-1", "partition": 1}]
    assert "diff" not in out
    assert [r.method for r in server.requests] == ["GET", "POST", "GET"]
    assert server.requests[0].url.path == TOPICS


def test_run_module_validation_error_names_field(capsys):
    server = ScriptedServer([])
    out = _run_module(capsys, dict(AKSK, instance_id="i-1", topics=[{"name": "a-1"}, {"name": "b-1", "partition": 0}]),
                      server)
    assert out["failed"] is True
    assert out["msg"] == "topics[1].partition: must be between 1 and 200"
    assert server.requests == []


def test_run_module_api_error(capsys):
    err = reply(400, {"error_code": "DMS.40050005", "error_msg": "The topic already exists."},
                {"X-Request-Id": "rid-9"})
    server = ScriptedServer([reply(200, {"total": 0, "topics": []}), err])
    out = _run_module(capsys, dict(AKSK, instance_id="i-1", name="orders"), server)
    assert out["msg"] == ("create topic 'orders' failed: HTTP 400 DMS.40050005: The topic already exists. "
                          "(request id rid-9)")
    assert out["request_id"] == "rid-9"


def test_run_module_rejects_name_with_list(capsys):
    out = _run_module(capsys, dict(AKSK, instance_id="i-1", name="x", topics=[{"name": "y"}]), ScriptedServer())
    assert "mutually exclusive" in out["msg"]


def test_run_module_purge_needs_list_form(capsys):
    out = _run_module(capsys, dict(AKSK, instance_id="i-1", name="x", purge=True), ScriptedServer())
    assert out["msg"] == "purge needs the list form of the module (option topics)"


def test_run_info_module_filters(capsys):
    listing = {"total": 2, "topics": [{"name": "a-1", "partition": "2"}, {"name": "b-1", "partition": "1"}]}
    server = ScriptedServer([reply(200, listing)])
    out = _run_module(capsys, dict(AKSK, instance_id="i-1", name="b-1"), server, info=True)
    assert out["changed"] is False
    assert out["topics"] == [{"name": "b-1", "partition": 1}]
