# -*- coding: utf-8 -*-
# Copyright (c) 2026, hwcloud.dms contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Action plugin of every hwcloud.dms module (routed in meta/runtime.yml).

On the controller with the local connection, the module runs inside the controller
process (no Python start, no module transfer; see docs/execution.md). Anything else
(another connection, async, become, httpx missing on the controller, or
``hwcloud_dms_execution: module``) runs the module as ansible-core's ``normal``
action does.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import sys
import types

from ansible import constants as C
from ansible.errors import AnsibleActionFail
from ansible.plugins.action import ActionBase
from ansible.plugins.action.normal import ActionModule as NormalAction
from ansible.utils.display import Display

try:  # ansible-core >= 2.19: how a module's answer becomes a task result
    from ansible._internal._errors import _captured
except ImportError:  # pragma: no cover - older ansible-core
    _captured = None
try:  # ansible-core >= 2.21
    from ansible._internal._task import UnifiedTaskResult
except ImportError:  # pragma: no cover - older ansible-core
    UnifiedTaskResult = None

display = Display()

COLLECTION = "hwcloud.dms"
#: task variable, or controller environment variable, choosing the execution path
SWITCH_VAR = "hwcloud_dms_execution"
SWITCH_ENV = "HWCLOUD_DMS_EXECUTION"
MODES = ("auto", "module")


class ActionModule(NormalAction):

    _supports_check_mode = True
    _supports_async = True

    def run(self, tmp=None, task_vars=None):
        module, reason = self._controller_module(task_vars or {})
        if reason:
            display.vvv("%s: module path (%s)" % (self._task.action, reason))
            return super(ActionModule, self).run(tmp, task_vars)
        display.vvv("%s: controller path" % self._task.action)
        result = ActionBase.run(self, tmp, task_vars)
        from ansible_collections.hwcloud.dms.plugins.plugin_utils._controller import (
            ControllerRun,
            run_in_controller,
        )
        environment = {}
        self._compute_environment_string(environment)
        run = ControllerRun(self._task.action, dict(self._task.args),
                            check_mode=self._task.check_mode, diff=self._task.diff,
                            no_log=self._task.no_log, inject_invocation=inject_invocation(task_vars),
                            verbosity=display.verbosity, debug=C.DEFAULT_DEBUG)
        result.update(as_module_answer(run_in_controller(module, run, environment)))
        return result

    def _controller_module(self, task_vars):
        """(module short name, None) for the controller path, or (None, why not)."""
        mode = self._templar.template(task_vars.get(SWITCH_VAR, os.environ.get(SWITCH_ENV) or "auto"))
        mode = str(mode).strip().lower()
        if mode not in MODES:
            raise AnsibleActionFail("%s must be one of %s, got %r" % (SWITCH_VAR, ", ".join(MODES), mode))
        if mode == "module":
            return None, "%s is module" % SWITCH_VAR
        if self._connection.transport != "local":
            return None, "connection %s" % self._connection.transport
        if self._task.async_val:
            return None, "async"
        if self._play_context.become:
            return None, "become"
        context = self._shared_loader_obj.module_loader.find_plugin_with_context(
            self._task.action, collection_list=self._task.collections)
        fqcn = context.resolved_fqcn if context.resolved else ""
        namespace, dot, name = fqcn.rpartition(".")
        if namespace != COLLECTION:
            return None, "module %s is not in %s" % (fqcn or self._task.action, COLLECTION)
        _without_httpx_cli()
        from ansible_collections.hwcloud.dms.plugins.plugin_utils._controller import controller_ready
        reason = controller_ready()
        if reason:
            return None, reason
        return name, None


def _without_httpx_cli():
    """Keep httpx's command-line client out of this worker process.

    ``import httpx`` also imports ``httpx._main`` (click, rich and pygments when they are
    installed), about 40 % of its import time, which a worker process (one task) pays on
    every task. An empty ``httpx._main`` makes httpx's own ``from ._main import main``
    fail with ImportError, which httpx handles (``httpx.main`` then explains that the CLI
    is missing). Nothing here uses the CLI; a process that already imported httpx is left alone.
    """
    if "httpx" not in sys.modules and "httpx._main" not in sys.modules:
        sys.modules["httpx._main"] = types.ModuleType("httpx._main")


def inject_invocation(task_vars):
    """Whether a module of this task would add ``invocation`` (a setting since 2.21)."""
    if "INJECT_INVOCATION" not in C.config.get_configuration_definitions():
        return True
    return bool(C.config.get_config_value("INJECT_INVOCATION", variables=task_vars))


def as_module_answer(data):
    """What ``_execute_module`` makes of a module's JSON answer, so that both paths give
    the task executor the same data (a failure reads "Module failed: ..." on both)."""
    if UnifiedTaskResult is not None and hasattr(UnifiedTaskResult, "from_module_result_dict"):
        answer = UnifiedTaskResult.from_module_result_dict(data)
        answer.ansible_parsed = True
        answer.remove_internal_keys()
        return answer.as_result_dict(for_round_trip=True)
    capture = getattr(_captured, "AnsibleModuleCapturedError", None)
    if capture is not None:
        capture.normalize_result_exception(data)
    data["_ansible_parsed"] = True
    return data
