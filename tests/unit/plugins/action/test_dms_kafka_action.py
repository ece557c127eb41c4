# -*- coding: utf-8 -*-
# Copyright (c) 2026, hwcloud.dms contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Which path the action plugin takes: the controller path only on a local connection,
without async or become, for a module of this collection, unless switched off."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from unittest import mock

import pytest

try:  # importing controller code flips module_utils into "controller" mode (ansible-core >= 2.19),
    # where AnsibleModule.warn displays instead of returning; the other unit tests need it off.
    from ansible.module_utils import _internal as module_utils_internal
    WAS_CONTROLLER = module_utils_internal.is_controller
except (ImportError, AttributeError):  # pragma: no cover - older ansible-core (2.18 has the module, not the flag)
    module_utils_internal = None

from ansible.errors import AnsibleActionFail  # noqa: E402

from ansible_collections.hwcloud.dms.plugins.action import dms_kafka  # noqa: E402

if module_utils_internal is not None:
    module_utils_internal.is_controller = WAS_CONTROLLER


def action(transport="local", async_val=0, become=False, fqcn="hwcloud.dms.dms_kafka_topic"):
    plugin = dms_kafka.ActionModule.__new__(dms_kafka.ActionModule)
    plugin._connection = mock.Mock(transport=transport)
    plugin._task = mock.Mock(async_val=async_val, action="dms_kafka_topic", collections=["hwcloud.dms"])
    plugin._play_context = mock.Mock(become=become)
    plugin._templar = mock.Mock(template=lambda value: value)
    context = mock.Mock(resolved=True, resolved_fqcn=fqcn)
    plugin._shared_loader_obj = mock.Mock()
    plugin._shared_loader_obj.module_loader.find_plugin_with_context.return_value = context
    return plugin


@pytest.fixture(autouse=True)
def no_switch(monkeypatch):
    monkeypatch.delenv(dms_kafka.SWITCH_ENV, raising=False)


def test_local_connection_runs_in_the_controller():
    assert action()._controller_module({}) == ("dms_kafka_topic", None)


@pytest.mark.parametrize("kwargs,reason", [
    (dict(transport="ssh"), "connection ssh"),
    (dict(async_val=30), "async"),
    (dict(become=True), "become"),
    (dict(fqcn="other.coll.dms_kafka_topic"), "module other.coll.dms_kafka_topic is not in hwcloud.dms"),
])
def test_everything_else_takes_the_module_path(kwargs, reason):
    assert action(**kwargs)._controller_module({}) == (None, reason)


def test_the_switch_forces_the_module_path(monkeypatch):
    assert action()._controller_module({"hwcloud_dms_execution": "module"}) == (
        None, "hwcloud_dms_execution is module")
    monkeypatch.setenv(dms_kafka.SWITCH_ENV, "Module")
    assert action()._controller_module({})[1] == "hwcloud_dms_execution is module"
    # the task variable wins over the environment
    assert action()._controller_module({"hwcloud_dms_execution": "auto"}) == ("dms_kafka_topic", None)


def test_an_unknown_switch_value_fails():
    with pytest.raises(AnsibleActionFail, match="hwcloud_dms_execution must be one of auto, module"):
        action()._controller_module({"hwcloud_dms_execution": "fast"})


def test_without_httpx_on_the_controller_the_module_path_runs(monkeypatch):
    from ansible_collections.hwcloud.dms.plugins.plugin_utils import _controller
    monkeypatch.setattr(_controller, "HAS_HTTPX", False)
    assert action()._controller_module({})[1].startswith("the python library httpx is not importable")


def test_httpx_cli_is_kept_out_only_before_httpx_is_imported(monkeypatch):
    import sys
    monkeypatch.delitem(sys.modules, "httpx._main", raising=False)
    monkeypatch.setitem(sys.modules, "httpx", sys.modules.get("httpx") or object())
    dms_kafka._without_httpx_cli()
    assert "httpx._main" not in sys.modules  # httpx already there: left alone
    monkeypatch.delitem(sys.modules, "httpx")
    dms_kafka._without_httpx_cli()
    assert not hasattr(sys.modules["httpx._main"], "main")
