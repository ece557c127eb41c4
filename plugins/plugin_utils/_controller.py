# -*- coding: utf-8 -*-
# Copyright (c) 2026, hwcloud.dms contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# PRIVATE TO THE hwcloud.dms COLLECTION: this file is not a public API and may
# change without notice. Do not import it from outside this collection.
"""The controller path: run one of the collection's modules inside the controller process.

``run_in_controller(name, args, ...)`` imports the module file and calls its ``main()``
with ``DmsKafkaModule`` wrapping ``ControllerModule`` instead of ``AnsibleModule``
(through ``_module.RUNTIME_DEFAULTS``). The engine, the specs and the module files are
the same code as in a module process; only what ``AnsibleModule`` does around them is
reproduced here from the same ansible-core pieces:

- the options are validated by ``ArgumentSpecValidator`` (the validator ``AnsibleModule``
  runs), with the same messages (``Unsupported parameters for (<name>) module: ...``) and
  alias warnings; env fallbacks read ``os.environ``, which holds the task's
  ``environment:`` for the length of the run;
- ``exit_json``/``fail_json`` add ``invocation`` and ``warnings`` and mask every no_log
  value with ``remove_values``, as ``AnsibleModule`` does; the result is returned as JSON
  data (a round trip through ``json``), never printed;
- clients are kept per connection options for the life of the process (a worker process
  runs one task, all its loop items), so items of a loop share one HTTP pool and one token.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy
import hashlib
import importlib
import json
import os
import sys
import traceback

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
from ansible.module_utils.common.parameters import remove_values
from ansible.module_utils.errors import UnsupportedError
from ansible.release import __version__ as ANSIBLE_VERSION

from ansible_collections.hwcloud.dms.plugins.module_utils import _module as module_runtime
from ansible_collections.hwcloud.dms.plugins.module_utils._argspec import CONNECTION_ARGSPEC
from ansible_collections.hwcloud.dms.plugins.module_utils._client import HAS_HTTPX, DmsClient

MODULES_PACKAGE = "ansible_collections.hwcloud.dms.plugins.modules."

#: clients of this process, keyed by a digest of their connection options
_CLIENTS = {}
#: before 2.19, AnsibleModule.fail_json adds the traceback at -vvv (and with debug)
TRACEBACK_AT_VVV = tuple(int(part) for part in ANSIBLE_VERSION.split(".")[:2]) < (2, 19)


class ModuleExit(BaseException):
    """Raised by ``ControllerModule.exit_json``/``fail_json`` (as ``sys.exit`` is by
    ``AnsibleModule``): a ``BaseException``, so no ``except Exception`` stops it."""

    def __init__(self, result):
        super(ModuleExit, self).__init__("module exited")
        self.result = result


class ControllerRun(object):
    """What one in-process module run gets from its task."""

    def __init__(self, name, args, check_mode=False, diff=False, no_log=False, inject_invocation=True,
                 verbosity=0, debug=False):
        self.name = name
        self.verbosity = verbosity
        self.debug = debug
        #: ansible-core >= 2.21 adds ``invocation`` only when INJECT_INVOCATION is on
        self.inject_invocation = inject_invocation
        self.args = args
        self.check_mode = bool(check_mode)
        self.diff = bool(diff)
        self.no_log = bool(no_log)


class ControllerModule(object):
    """The part of ``AnsibleModule`` that ``DmsKafkaModule`` uses, for an in-process run."""

    def __init__(self, run, argument_spec, supports_check_mode=False, mutually_exclusive=None,
                 required_together=None, required_one_of=None, required_if=None, required_by=None,
                 bypass_checks=False, no_log=False, add_file_common_args=False):
        self._name = run.name
        self._inject_invocation = run.inject_invocation
        self._traceback = TRACEBACK_AT_VVV and (run.debug or run.verbosity >= 3)
        self.argument_spec = argument_spec
        self.supports_check_mode = supports_check_mode
        self.check_mode = run.check_mode
        self._diff = run.diff
        self.no_log = run.no_log or no_log
        self.no_log_values = set()
        self.aliases = {}
        self._warnings = []
        self._deprecations = []
        self.params = copy.deepcopy(run.args)

        validator = ArgumentSpecValidator(argument_spec, mutually_exclusive, required_together,
                                          required_one_of, required_if, required_by)
        result = validator.validate(self.params)
        self.params.update(result.validated_parameters)
        self.no_log_values.update(result._no_log_values)
        self.aliases.update(result._aliases)
        for item in result._deprecations:
            self._deprecations.append(dict((k, v) for k, v in item.items() if v is not None))
        for item in result._warnings:
            self.warn("Both option {option} and its alias {alias} are set.".format(
                option=item["option"], alias=item["alias"]))
        try:
            error = result.errors[0]
        except IndexError:
            error = None
        if error is not None:
            msg = result.errors.msg
            if isinstance(error, UnsupportedError):
                msg = "Unsupported parameters for ({name}) module: {msg}".format(name=self._name, msg=msg)
            self.fail_json(msg=msg)
        if self.check_mode and not self.supports_check_mode:
            self.exit_json(skipped=True, msg="remote module (%s) does not support check mode" % self._name)

    def warn(self, warning):
        self._warnings.append(warning)

    def exit_json(self, **kwargs):
        raise ModuleExit(self._formatted(kwargs))

    def fail_json(self, msg, **kwargs):
        kwargs.update(failed=True, msg=str(msg))
        if self._traceback and "exception" not in kwargs and sys.exc_info()[2]:
            kwargs["exception"] = "".join(traceback.format_tb(sys.exc_info()[2]))
        raise ModuleExit(self._formatted(kwargs))

    def _formatted(self, kwargs):
        if self._inject_invocation:
            kwargs.setdefault("invocation", {"module_args": self.params})
        else:
            kwargs.pop("invocation", None)
        if self._warnings:
            kwargs["warnings"] = list(self._warnings)
        if self._deprecations:
            kwargs["deprecations"] = list(self._deprecations)
        # as AnsibleModule: booleans and None survive masking, every no_log value is masked
        preserved = dict((k, v) for k, v in kwargs.items() if v is None or isinstance(v, bool))
        kwargs = remove_values(kwargs, self.no_log_values)
        kwargs.update(preserved)
        # the data a module process would have sent: plain JSON types only
        return json.loads(json.dumps(kwargs))


def _connection_key(params):
    names = sorted(CONNECTION_ARGSPEC)
    text = json.dumps([[name, params.get(name)] for name in names], default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def shared_client(params, wait_instance_ready=None, on_secret=None):
    """``DmsClient.from_params`` that keeps one client (HTTP pool, token, project ID) per
    connection options for the life of the process. It is never closed by a run."""
    key = _connection_key(params)
    client = _CLIENTS.get(key)
    if client is None:
        client = DmsClient.from_params(params, wait_instance_ready=wait_instance_ready,
                                       on_secret=on_secret)
        client.close = _keep_open
        _CLIENTS[key] = client
    else:
        client.bind(wait_instance_ready=wait_instance_ready, on_secret=on_secret)
    return client


def _keep_open():
    """The shared client's ``close``: the pool stays open for the next run."""


def controller_ready():
    """Why the controller path cannot run here (a string), or None when it can."""
    if not HAS_HTTPX:
        return "the python library httpx is not importable in the controller's Python"
    return None


class _Environment(object):
    """``os.environ`` updated with the task's ``environment:`` for the length of a run."""

    def __init__(self, values):
        self._values = dict((str(k), str(v)) for k, v in (values or {}).items())
        self._saved = {}

    def __enter__(self):
        for key, value in self._values.items():
            self._saved[key] = os.environ.get(key)
            os.environ[key] = value
        return self

    def __exit__(self, *exc):
        for key, value in self._saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def run_in_controller(module, run, environment=None):
    """Run the collection's module ``module`` (short name) in this process; its result."""
    main = importlib.import_module(MODULES_PACKAGE + module).main

    def module_class(**kwargs):
        return ControllerModule(run, **kwargs)

    saved = dict(module_runtime.RUNTIME_DEFAULTS)
    module_runtime.RUNTIME_DEFAULTS.update(module_class=module_class, client_factory=shared_client)
    try:
        with _Environment(environment):
            main()
    except ModuleExit as done:
        return done.result
    finally:
        module_runtime.RUNTIME_DEFAULTS.clear()
        module_runtime.RUNTIME_DEFAULTS.update(saved)
    return {"failed": True, "msg": "module %s returned without a result" % module}
