# -*- coding: utf-8 -*-
# Copyright (c) 2026, hwcloud.dms contributors
# Simplified BSD License (see https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause
#
# PRIVATE TO THE hwcloud.dms COLLECTION: this file is not a public API and may
# change without notice. Do not import it from outside this collection.
"""``DmsKafkaModule``: the AnsibleModule wrapper every module of the collection uses.

It composes (does not subclass) ``AnsibleModule``, merges the connection
options, checks credentials before any API call, builds one ``DmsClient``
per run, and is the only place that calls ``exit_json``/``fail_json``.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.module_utils.basic import AnsibleModule, missing_required_lib

from ansible_collections.hwcloud.dms.plugins.module_utils._argspec import (
    SECRET_OPTIONS,
    connection_argument_spec,
)
from ansible_collections.hwcloud.dms.plugins.module_utils._client import (
    HAS_HTTPX,
    HTTPX_IMPORT_ERROR,
    DmsClient,
)
from ansible_collections.hwcloud.dms.plugins.module_utils._errors import (
    DmsError,
    DmsValidationError,
)

NO_LOG_MASK = "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER"

# Waiting for a busy instance (400 DMS.00400026) before retrying a write.
BUSY_WAIT_TIMEOUT = 900

#: What ``DmsKafkaModule`` uses when its caller names nothing: ``AnsibleModule`` and
#: ``DmsClient.from_params`` in a module process. The controller path (action plugin
#: ``hwcloud.dms.dms_kafka``) swaps in its facade and shared-client factory for the
#: length of one in-process run; nothing else reads or changes this.
RUNTIME_DEFAULTS = {"module_class": AnsibleModule, "client_factory": None}


class DmsKafkaModule(object):
    """Wrapper around ``AnsibleModule``.

    ``argument_spec`` holds the module's own options; the connection options
    are merged in. Other keyword arguments go to ``AnsibleModule``.
    ``module_class`` and ``client_factory`` are injectable for tests.
    """

    def __init__(self, argument_spec=None, supports_check_mode=True, module_class=None,
                 client_factory=None, **kwargs):
        module_class = module_class or RUNTIME_DEFAULTS["module_class"]
        client_factory = client_factory or RUNTIME_DEFAULTS["client_factory"]
        spec = connection_argument_spec()
        for name in (argument_spec or {}):
            if name in spec:
                raise ValueError("option %s clashes with a connection option" % name)
        spec.update(argument_spec or {})
        self._argument_spec = spec
        self._module = module_class(argument_spec=spec, supports_check_mode=supports_check_mode,
                                    **kwargs)
        self._client = None
        self._client_factory = client_factory or DmsClient.from_params
        self._register_secrets()
        if not HAS_HTTPX:
            self._module.fail_json(msg=missing_required_lib("httpx"), exception=HTTPX_IMPORT_ERROR)
        self._check_connection_options()

    # -------------------------------------------------------------- proxies
    @property
    def params(self):
        return self._module.params

    @property
    def check_mode(self):
        return self._module.check_mode

    @property
    def diff_mode(self):
        return bool(getattr(self._module, "_diff", False))

    @property
    def ansible_module(self):
        return self._module

    def warn(self, msg):
        self._module.warn(msg)

    def no_log(self, value):
        """Mask ``value`` in every output of this run."""
        if value:
            self._module.no_log_values.add(value)

    # ------------------------------------------------------------ validation
    def _register_secrets(self):
        for name in SECRET_OPTIONS:
            self.no_log(self.params.get(name))

    def _check_connection_options(self):
        """Fail, naming the options, before any API call."""
        p = self.params
        problems = []
        iam_names = ("iam_username", "iam_password", "domain_name")
        if bool(p.get("access_key")) != bool(p.get("secret_key")):
            problems.append("access_key and secret_key must be set together")
        elif not p.get("access_key") and not p.get("auth_token"):
            given = [n for n in iam_names if p.get(n)]
            if not given:
                problems.append(
                    "no credentials: set access_key and secret_key (HW_ACCESS_KEY, HW_SECRET_KEY), "
                    "or auth_token (HW_AUTH_TOKEN), or iam_username, iam_password and domain_name "
                    "(HW_USER_NAME, HW_PASSWORD, HW_DOMAIN_NAME)")
            elif len(given) < len(iam_names):
                missing = [n for n in iam_names if not p.get(n)]
                problems.append("IAM password authentication also needs %s" % ", ".join(missing))
            elif not p.get("region") and not p.get("iam_endpoint"):
                problems.append("iam_endpoint or region is required for IAM password authentication")
        if not p.get("region") and not p.get("endpoint"):
            problems.append("one of region (HW_REGION_NAME) or endpoint (HW_DMS_ENDPOINT) is required")
        elif not p.get("region") and not p.get("project_id"):
            problems.append("project_id (HW_PROJECT_ID) is required when region is not set")
        if problems:
            self._module.fail_json(msg="; ".join(problems))

    # --------------------------------------------------------------- client
    @property
    def client(self):
        """The run's ``DmsClient`` (built on first use)."""
        if self._client is None:
            try:
                self._client = self._client_factory(
                    self.params, wait_instance_ready=self._wait_instance_ready, on_secret=self.no_log)
            except DmsError as err:
                self.fail_from_error(err)
        return self._client

    def _wait_instance_ready(self, instance_id):
        from ansible_collections.hwcloud.dms.plugins.module_utils._waiters import wait_for_instance
        timeout = self.params.get("wait_timeout") or BUSY_WAIT_TIMEOUT
        wait_for_instance(self._client, instance_id, timeout)

    # ---------------------------------------------------------------- exits
    def exit_json(self, **result):
        self._add_retries(result)
        self._close()
        self._module.exit_json(**result)

    def fail_json(self, msg, **result):
        self._add_retries(result)
        self._close()
        self._module.fail_json(msg=msg, **result)

    def _add_retries(self, result):
        """Every retry of the run (``request``, ``attempt``, ``reason``, ``delay``), if any."""
        retries = getattr(self._client, "retries", None)
        if retries:
            result.setdefault("retries", list(retries))

    def fail_from_error(self, err, msg=None, **result):
        """Fail with a typed error's message and its keys (never a traceback)."""
        extra = err.to_result() if isinstance(err, DmsError) else {}
        for key, value in extra.items():
            result.setdefault(key, value)
        text = str(err)
        if isinstance(err, DmsValidationError):
            self._keep_field_names([text] + list(err.errors), result)
        self.fail_json(msg="%s: %s" % (msg, text) if msg else text, **result)

    def _keep_field_names(self, texts, result):
        """Ansible masks every occurrence of a no_log value, so a secret that is part of an
        option name (the password ``password``) would hide the field's name in a validation
        message: ``********: must contain ...``. Such a value (and only such a value: one
        found inside an option name) is unregistered for this failure, and the invocation
        shown is masked option by option instead."""
        values = getattr(self._module, "no_log_values", None)
        if not values:
            return
        names = _option_names(self._argument_spec)
        hits = [v for v in list(values) if v and any(v in n for n in names)
                and any(v in t for t in texts)]
        if not hits:
            return
        result.setdefault("invocation", {"module_args": _masked(self.params, self._argument_spec)})
        for value in hits:
            values.discard(value)

    def _close(self):
        if self._client is not None:
            try:
                self._client.close()
            except Exception:  # pylint: disable=broad-except
                pass


def _masked(params, spec):
    """``params`` with the value of every no_log option (nested ones too) masked."""
    out = {}
    for key, value in (params or {}).items():
        option = (spec or {}).get(key) or {}
        if option.get("no_log") and value is not None:
            out[key] = NO_LOG_MASK
        elif option.get("options") and isinstance(value, list):
            out[key] = [_masked(v, option["options"]) if isinstance(v, dict) else v for v in value]
        elif option.get("options") and isinstance(value, dict):
            out[key] = _masked(value, option["options"])
        else:
            out[key] = value
    return out


def _option_names(spec):
    """Every option name (and alias) of an argument spec, nested ones included."""
    names = set()
    for key, option in (spec or {}).items():
        names.add(key)
        names.update((option or {}).get("aliases") or ())
        names.update(_option_names((option or {}).get("options")))
    return names
