# -*- coding: utf-8 -*-
# Copyright (c) 2026, hwcloud.dms contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.hwcloud.dms.plugins.module_utils._errors import (
    DmsApiError,
    DmsWaitFailed,
    DmsWaitTimeout,
)
from ansible_collections.hwcloud.dms.plugins.module_utils._waiters import (
    NoopWaiter,
    Waiter,
    get_waiter,
    wait_for_instance,
    wait_for_instance_deleted,
    wait_for_task,
)

from .conftest import ScriptedServer, reply


class FakeClock(object):
    def __init__(self):
        self.now = 1000.0
        self.sleeps = []

    def clock(self):
        return self.now

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.now += seconds


def make_waiter():
    clock = FakeClock()
    return Waiter(sleep=clock.sleep, clock=clock.clock), clock


def test_polls_with_capped_backoff_until_ready():
    waiter, clock = make_waiter()
    states = iter(["A"] * 7 + ["DONE"])
    assert waiter.wait(lambda: next(states), lambda s: s == "DONE", "thing", 600) == "DONE"
    assert clock.sleeps == [2.0, 3.0, 4.5, 6.75, 10.125, 15.0, 15.0]
    assert waiter.polls == 8


def test_timeout_names_what_and_last_state():
    waiter, clock = make_waiter()
    with pytest.raises(DmsWaitTimeout) as info:
        waiter.wait(lambda: {"status": "CREATING"}, lambda s: False, "instance i-1 to be RUNNING", 60)
    assert str(info.value) == "timed out after 60s waiting for instance i-1 to be RUNNING (last state: CREATING)"
    assert info.value.last_state == "CREATING"
    assert sum(clock.sleeps) == 60  # the last sleep is trimmed to the deadline


def test_fail_fast_on_failure_state():
    waiter, clock = make_waiter()
    with pytest.raises(DmsWaitFailed) as info:
        waiter.wait(lambda: "BROKEN", lambda s: False, "x", 600, failed=lambda s: s == "BROKEN")
    assert clock.sleeps == []
    assert "BROKEN" in str(info.value)


def test_noop_waiter_for_check_mode():
    calls = []
    assert isinstance(get_waiter(check_mode=True), NoopWaiter)
    assert NoopWaiter().wait(lambda: calls.append(1), lambda s: True, "x", 10) is None
    assert calls == []
    assert isinstance(get_waiter(False), Waiter)


def _instance(status, **extra):
    body = {"instance_id": "i-1", "status": status}
    body.update(extra)
    return reply(200, body)


def test_wait_for_instance_running(make_client):
    server = ScriptedServer([_instance("CREATING"), _instance("CREATING"), _instance("RUNNING")])
    client = make_client(server)
    waiter, clock = make_waiter()
    result = wait_for_instance(client, "i-1", 600, waiter=waiter)
    assert result["status"] == "RUNNING"
    assert [r.url.path for r in server.requests] == ["/v2/pid123/instances/i-1"] * 3
    assert clock.sleeps == [2.0, 3.0]


def test_wait_for_instance_extra_predicate(make_client):
    server = ScriptedServer([_instance("RUNNING", storage_space=300), _instance("RUNNING", storage_space=600)])
    client = make_client(server)
    waiter, _clock = make_waiter()
    result = wait_for_instance(client, "i-1", 600, waiter=waiter,
                               ready=lambda inst: inst["storage_space"] == 600)
    assert result["storage_space"] == 600


@pytest.mark.parametrize("state", ["CREATEFAILED", "ERROR", "EXTENDEDFAILED", "FROZEN"])
def test_wait_for_instance_fails_fast(make_client, state):
    server = ScriptedServer([_instance("CREATING"), _instance(state)])
    client = make_client(server)
    waiter, _clock = make_waiter()
    with pytest.raises(DmsWaitFailed) as info:
        wait_for_instance(client, "i-1", 600, waiter=waiter)
    assert info.value.last_state == state
    assert "instance i-1 to be RUNNING" in str(info.value)


def test_wait_for_instance_deleted(make_client):
    gone = reply(404, {"error_code": "DMS.00404022", "error_msg": "This instance does not exist."})
    server = ScriptedServer([_instance("DELETING"), gone])
    client = make_client(server)
    waiter, _clock = make_waiter()
    assert wait_for_instance_deleted(client, "i-1", 600, waiter=waiter) is None
    assert waiter.polls == 2


def test_wait_for_instance_deleted_propagates_other_errors(make_client):
    server = ScriptedServer([reply(403, {"error_code": "DMS.00403003", "error_msg": "no"})])
    client = make_client(server)
    with pytest.raises(DmsApiError):
        wait_for_instance_deleted(client, "i-1", 600, waiter=make_waiter()[0])


def _task(status):
    return reply(200, {"task_count": "1", "tasks": [{"id": "job-1", "name": "x", "status": status}]})


def test_wait_for_task_success(make_client):
    server = ScriptedServer([_task("EXECUTING"), _task("EXECUTING"), _task("SUCCESS")])
    client = make_client(server)
    waiter, _clock = make_waiter()
    task = wait_for_task(client, "i-1", "job-1", 300, waiter=waiter)
    assert task["status"] == "SUCCESS"
    assert server.requests[0].url.path == "/v2/pid123/instances/i-1/tasks/job-1"


def test_wait_for_task_failed(make_client):
    server = ScriptedServer([_task("EXECUTING"), _task("FAILED")])
    client = make_client(server)
    with pytest.raises(DmsWaitFailed) as info:
        wait_for_task(client, "i-1", "job-1", 300, waiter=make_waiter()[0])
    assert str(info.value) == "task job-1 of instance i-1 failed: reached state FAILED"


def test_wait_for_task_timeout(make_client):
    server = ScriptedServer([_task("EXECUTING")] * 50)
    client = make_client(server)
    with pytest.raises(DmsWaitTimeout) as info:
        wait_for_task(client, "i-1", "job-1", 30, waiter=make_waiter()[0])
    assert info.value.last_state == "EXECUTING"
    assert "task job-1 of instance i-1" in str(info.value)
