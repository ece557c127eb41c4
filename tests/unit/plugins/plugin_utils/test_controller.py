# -*- coding: utf-8 -*-
# Copyright (c) 2026, hwcloud.dms contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The controller path's AnsibleModule facade gives what AnsibleModule gives, on the same inputs.

Each case builds ``DmsKafkaModule`` twice with the same options: around a real
``AnsibleModule`` (arguments through ``patch_module_args``, result read from stdout) and
around ``ControllerModule`` (result carried by ``ModuleExit``), and compares the results.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json

import pytest
from ansible.module_utils.common.parameters import PASS_VARS
from ansible_collections.hwcloud.dms.tests.unit.compat.module_args import patch_module_args

from ansible_collections.hwcloud.dms.plugins.module_utils import _module
from ansible_collections.hwcloud.dms.plugins.module_utils._client import DmsClient
from ansible_collections.hwcloud.dms.plugins.module_utils._module import DmsKafkaModule
from ansible_collections.hwcloud.dms.plugins.plugin_utils import _controller
from ansible_collections.hwcloud.dms.plugins.plugin_utils._controller import (
    ControllerModule,
    ControllerRun,
    ModuleExit,
    shared_client,
)

NAME = "hwcloud.dms.dms_kafka_demo"
AKSK = {"access_key": "AK", "secret_key": "SK-SECRET-VALUE", "region": "r1", "project_id": "pid"}
SPEC = dict(
    name=dict(type="str", required=True),
    count=dict(type="int", aliases=["number"]),
    password=dict(type="str", no_log=True),
    topics=dict(type="list", elements="str"),
    mode=dict(type="str", choices=["a", "b"], default="a"),
)
INVOCATION = True  # ansible-core >= 2.21 adds it only when asked (INJECT_INVOCATION)
KWARGS = dict(mutually_exclusive=[["count", "topics"]], required_if=[["mode", "b", ["password"]]])


@pytest.fixture(autouse=True)
def clean_env(monkeypatch):
    for name in ("HW_ACCESS_KEY", "HW_SECRET_KEY", "HW_REGION_NAME", "HW_PROJECT_ID", "HW_DMS_ENDPOINT",
                 "HUAWEICLOUD_SDK_AK", "HUAWEICLOUD_SDK_SK", "HW_AUTH_TOKEN", "HW_USER_NAME", "HW_PASSWORD",
                 "HW_DOMAIN_NAME", "HW_SECURITY_TOKEN", "HW_IAM_ENDPOINT"):
        monkeypatch.delenv(name, raising=False)


def _finish(module, finish):
    if finish == "exit":
        module.warn("about %s" % module.params.get("name"))
        module.exit_json(changed=True, echo="pw=%s" % module.params.get("password"),
                         check=module.check_mode, diff_mode=module.diff_mode)
    module.fail_json(msg="refused %s" % module.params.get("password"), code=7)


def module_path(capsys, args, check_mode=False, diff=False, finish="exit"):
    from ansible.module_utils.common import warnings as global_warnings
    for name in ("_global_warnings", "_global_deprecations"):
        store = getattr(global_warnings, name, None)
        if store is not None:
            store.clear()
    internal = dict(_ansible_check_mode=check_mode, _ansible_diff=diff, _ansible_module_name=NAME)
    if "inject_invocation" in PASS_VARS:  # ansible-core >= 2.21
        internal["_ansible_inject_invocation"] = INVOCATION
    internal.update(args)
    with patch_module_args(internal):
        try:
            _finish(DmsKafkaModule(argument_spec=dict(SPEC), **KWARGS), finish)
        except SystemExit:
            return json.loads(capsys.readouterr().out)
    raise AssertionError("no exit")


def controller_path(args, check_mode=False, diff=False, finish="exit"):
    run = ControllerRun(NAME, dict(args), check_mode=check_mode, diff=diff, inject_invocation=INVOCATION)

    def module_class(**kwargs):
        return ControllerModule(run, **kwargs)

    try:
        _finish(DmsKafkaModule(argument_spec=dict(SPEC), module_class=module_class, **KWARGS), finish)
    except ModuleExit as done:
        return done.result
    raise AssertionError("no exit")


def comparable(result):
    """Without warnings: in this (controller) process ansible-core >= 2.21 displays an
    AnsibleModule's warnings instead of returning them. tests/integration compares them."""
    result = dict(result)
    result.pop("warnings", None)
    result.pop("exception", None)
    return result


CASES = {
    "ok": dict(AKSK, name="n1", count=3, password="Pw-Secret-1"),
    "unsupported": dict(AKSK, name="n1", bogus=1, other=2),
    "wrong type": dict(AKSK, name="n1", count="many"),
    "bad choice": dict(AKSK, name="n1", mode="c"),
    "exclusive": dict(AKSK, name="n1", count=1, topics=["t"]),
    "required missing": dict(AKSK, count=1),
    "required if": dict(AKSK, name="n1", mode="b"),
    "alias and option": dict(AKSK, name="n1", count=1, number=1, password="Pw-Secret-2"),
    "ak alias and option": dict(AKSK, ak="AK", name="n1"),
    "no credentials": dict(region="r1", name="n1"),
    "half credentials": dict(access_key="AK", region="r1", project_id="p", name="n1"),
    "secret in a message": dict(AKSK, name="n1", password="SK-SECRET-VALUE"),
}


@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize("finish", ["exit", "fail"])
def test_same_result_as_ansible_module(capsys, case, finish):
    expected = module_path(capsys, CASES[case], finish=finish)
    got = controller_path(CASES[case], finish=finish)
    assert comparable(got) == comparable(expected)
    text = json.dumps(got)
    assert "SK-SECRET-VALUE" not in text and "Pw-Secret" not in text


@pytest.mark.parametrize("check_mode,diff", [(False, False), (True, False), (True, True), (False, True)])
def test_check_and_diff_modes(capsys, check_mode, diff):
    expected = module_path(capsys, CASES["ok"], check_mode=check_mode, diff=diff)
    got = controller_path(CASES["ok"], check_mode=check_mode, diff=diff)
    assert comparable(got) == comparable(expected)
    assert (got["check"], got["diff_mode"]) == (check_mode, diff)


def test_messages_name_the_module_and_rules():
    msg = controller_path(CASES["unsupported"])["msg"]
    assert msg.startswith("Unsupported parameters for (%s) module: bogus, other. "
                          "Supported parameters include: access_key, auth_token, " % NAME)
    assert msg.endswith(", validate_certs (ak, number).")
    assert controller_path(CASES["exclusive"])["msg"] == "parameters are mutually exclusive: count|topics"
    failed = controller_path(CASES["ok"], finish="fail")
    assert failed["failed"] is True and failed["msg"] == "refused ********" and failed["code"] == 7
    assert failed["invocation"]["module_args"]["password"] == "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER"
    assert failed["invocation"]["module_args"]["secret_key"] == "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER"


def test_env_fallbacks_read_the_environment_given_to_the_run(monkeypatch):
    run = ControllerRun(NAME, {"name": "n1"})
    seen = {}

    def main():
        module = DmsKafkaModule(argument_spec=dict(SPEC))
        seen.update(module.params)
        module.exit_json(changed=False)

    monkeypatch.setattr(_controller.importlib, "import_module", lambda name: type("M", (), {"main": staticmethod(main)}))
    env = {"HW_ACCESS_KEY": "AK-ENV", "HW_SECRET_KEY": "SK-ENV-SECRET", "HW_REGION_NAME": "r9"}
    result = _controller.run_in_controller("dms_kafka_demo", run, env)
    assert (seen["access_key"], seen["secret_key"], seen["region"]) == ("AK-ENV", "SK-ENV-SECRET", "r9")
    assert result["invocation"]["module_args"]["secret_key"] == "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER"
    # the environment and the defaults are back as they were
    import os
    assert "HW_ACCESS_KEY" not in os.environ
    assert _module.RUNTIME_DEFAULTS["module_class"] is _module.AnsibleModule
    assert _module.RUNTIME_DEFAULTS["client_factory"] is None


def test_shared_client_is_one_per_connection_options(monkeypatch):
    monkeypatch.setattr(_controller, "_CLIENTS", {})
    secrets = []
    first = shared_client(dict(AKSK), on_secret=secrets.append)
    again = shared_client(dict(AKSK), on_secret=secrets.append)
    other = shared_client(dict(AKSK, project_id="pid2"))
    assert first is again and first is not other
    assert isinstance(first, DmsClient)
    http = first._client()
    first.close()  # a run's close keeps the pool for the next run
    assert first._client() is http


def test_shared_client_gives_a_known_token_to_each_new_run(monkeypatch):
    monkeypatch.setattr(_controller, "_CLIENTS", {})
    params = {"auth_token": "TOKEN-SECRET", "region": "r1", "project_id": "pid"}
    client = shared_client(params)
    masked = []
    assert shared_client(params, on_secret=masked.append) is client
    assert masked == ["TOKEN-SECRET"]


def test_warnings_are_masked_too():
    """A no_log value in a warning is masked (ansible-core 2.19's AnsibleModule leaves it)."""
    run = ControllerRun(NAME, dict(CASES["ok"]))
    module = DmsKafkaModule(argument_spec=dict(SPEC), module_class=lambda **kw: ControllerModule(run, **kw))
    module.warn("password is %s" % module.params["password"])
    with pytest.raises(ModuleExit) as done:
        module.exit_json(changed=False)
    assert done.value.result["warnings"] == ["password is ********"]


def test_alias_warning_and_invocation_switch():
    run = ControllerRun(NAME, dict(CASES["alias and option"]), inject_invocation=False)
    module = DmsKafkaModule(argument_spec=dict(SPEC), module_class=lambda **kw: ControllerModule(run, **kw))
    with pytest.raises(ModuleExit) as done:
        module.exit_json(changed=False, invocation="from the module")
    assert done.value.result["warnings"] == ["Both option count and its alias number are set."]
    assert "invocation" not in done.value.result
