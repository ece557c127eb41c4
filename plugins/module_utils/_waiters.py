# -*- coding: utf-8 -*-
# Copyright (c) 2026, hwcloud.dms contributors
# Simplified BSD License (see https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause
#
# PRIVATE TO THE hwcloud.dms COLLECTION: this file is not a public API and may
# change without notice. Do not import it from outside this collection.
"""Polling waiters: instance status, instance deletion, background tasks.

A ``Waiter`` polls ``fetch()`` until ``ready(value)``; it fails fast when
``failed(value)`` names a failure state and raises ``DmsWaitTimeout`` (with
what was awaited and the last seen state) when time runs out. Clock and
sleep are injectable. ``NoopWaiter`` is used in check mode.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import time

from ansible_collections.hwcloud.dms.plugins.module_utils._errors import (
    DmsApiError,
    DmsWaitFailed,
    DmsWaitTimeout,
)

INSTANCE_FAILED_STATES = frozenset(["CREATEFAILED", "ERROR", "EXTENDEDFAILED", "FROZEN"])
TASK_FAILED_STATES = frozenset(["FAILED", "ERROR"])
INSTANCE_PATH = "/v2/{project_id}/instances/{instance_id}"
TASK_PATH = "/v2/{project_id}/instances/{instance_id}/tasks/{task_id}"

DEFAULT_DELAY = 2.0
MAX_DELAY = 15.0
BACKOFF_FACTOR = 1.5


class Waiter(object):
    """Poll with a growing delay (``delay`` * ``factor`` ** n, capped at ``max_delay``)."""

    def __init__(self, sleep=time.sleep, clock=time.monotonic, delay=DEFAULT_DELAY,
                 max_delay=MAX_DELAY, factor=BACKOFF_FACTOR):
        self.sleep = sleep
        self.clock = clock
        self.delay = delay
        self.max_delay = max_delay
        self.factor = factor
        #: number of fetch() calls made by the last wait() (for tests)
        self.polls = 0

    def wait(self, fetch, ready, what, timeout, failed=None, describe=None):
        """Return the first value of ``fetch()`` for which ``ready(value)`` is true.

        - ``failed(value)``: true when the value is a failure state (raise
          ``DmsWaitFailed`` at once).
        - ``describe(value)``: short text for the last seen state in errors
          (default ``str(value)``).
        - ``timeout``: seconds; the last poll happens no later than the deadline.
        """
        describe = describe or _describe
        deadline = self.clock() + float(timeout)
        delay = self.delay
        self.polls = 0
        while True:
            value = fetch()
            self.polls += 1
            if failed is not None and failed(value):
                raise DmsWaitFailed(what, describe(value))
            if ready(value):
                return value
            remaining = deadline - self.clock()
            if remaining <= 0:
                raise DmsWaitTimeout(what, describe(value), timeout)
            self.sleep(min(delay, self.max_delay, remaining))
            delay = min(delay * self.factor, self.max_delay)


class NoopWaiter(object):
    """Check-mode waiter: never polls, returns None."""

    polls = 0

    def wait(self, fetch, ready, what, timeout, failed=None, describe=None):
        return None


def get_waiter(check_mode=False, **kwargs):
    return NoopWaiter() if check_mode else Waiter(**kwargs)


def _describe(value):
    if value is None:
        return "absent"
    if isinstance(value, dict) and "status" in value:
        return str(value.get("status"))
    return str(value)


def wait_for_instance(client, instance_id, timeout, status="RUNNING", ready=None, waiter=None,
                      what=None):
    """Wait until the instance shows ``status`` (and ``ready(instance)`` if given).

    Fails fast on CREATEFAILED, ERROR, EXTENDEDFAILED and FROZEN. Returns the
    last instance body.
    """
    waiter = waiter or Waiter()
    path = client.path(INSTANCE_PATH, instance_id=instance_id)

    def fetch():
        return client.get(path, operation="read instance", resource=instance_id)

    def is_ready(instance):
        if not isinstance(instance, dict) or instance.get("status") != status:
            return False
        return ready(instance) if ready else True

    def is_failed(instance):
        return isinstance(instance, dict) and instance.get("status") in INSTANCE_FAILED_STATES

    return waiter.wait(fetch, is_ready, what or "instance %s to be %s" % (instance_id, status),
                       timeout, failed=is_failed)


def wait_for_instance_deleted(client, instance_id, timeout, waiter=None):
    """Wait until reading the instance answers 404."""
    waiter = waiter or Waiter()
    path = client.path(INSTANCE_PATH, instance_id=instance_id)

    def fetch():
        try:
            return client.get(path, operation="read instance", resource=instance_id)
        except DmsApiError as err:
            if err.is_not_found:
                return None
            raise

    return waiter.wait(fetch, lambda value: value is None,
                       "instance %s to be deleted" % instance_id, timeout)


def wait_for_task(client, instance_id, job_id, timeout, waiter=None):
    """Wait for background task ``job_id`` of the instance to reach SUCCESS.

    The task endpoint answers ``{"task_count": "1", "tasks": [{...}]}``.
    Fails fast on FAILED. Returns the task dict.
    """
    waiter = waiter or Waiter()
    path = client.path(TASK_PATH, instance_id=instance_id, task_id=job_id)

    def fetch():
        body = client.get(path, operation="read task", resource=job_id)
        tasks = (body.get("tasks") or []) if isinstance(body, dict) else []
        for task in tasks:
            if task.get("id") == job_id:
                return task
        return tasks[0] if tasks else None

    def status(task):
        return str((task or {}).get("status") or "").upper()

    return waiter.wait(fetch, lambda task: status(task) == "SUCCESS",
                       "task %s of instance %s" % (job_id, instance_id), timeout,
                       failed=lambda task: status(task) in TASK_FAILED_STATES,
                       describe=lambda task: status(task) or "unknown")
