# -*- coding: utf-8 -*-
# Copyright (c) 2026, hwcloud.dms contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Unit tests of the pure parts of the message, task and tag declarations."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.hwcloud.dms.plugins.module_utils._specs import message as M
from ansible_collections.hwcloud.dms.plugins.module_utils._specs import task as T


def test_produce_body_uses_the_reference_properties():
    assert M.produce_body("orders", {"value": "v", "key": "k", "partition": 2}) == {
        "topic": "orders", "body": "v",
        "property_list": [{"name": "KEY", "value": "k"}, {"name": "PARTITION", "value": "2"}]}
    assert M.produce_body("orders", {"value": "v"})["property_list"] == []


def test_message_size_limit_is_the_references():
    limit = M.MAX_MESSAGE_BYTES
    assert M._check_messages([{"value": "x" * limit}], {}) is None
    problem = M._check_messages([{"value": "x" * (limit - 1), "key": "kk"}], {})
    assert problem.startswith("[0]: the message is %d bytes" % (limit + 1))
    assert "[1].value is required" in M._check_messages([{"value": "a"}, {"key": "k"}], {})
    assert "[0].partition must be an integer >= 0" in M._check_messages([{"value": "a", "partition": -1}], {})


@pytest.mark.parametrize("have, want, same", [
    ([{"partition": 0, "offset": 5}], [{"partition": 0, "offset": 5}], True),
    ([{"partition": 0, "offset": 9}], [{"partition": 0, "offset": 5}], True),
    ([{"partition": 0, "offset": 4}], [{"partition": 0, "offset": 5}], False),
    ([], [{"partition": 1, "offset": 0}], False),
])
def test_delete_before_is_declarative(have, want, same):
    assert M.deleted_enough(have, want) is same


def test_delete_before_rules():
    assert M._check_delete([{"partition": 0, "offset": 1}, {"partition": 0, "offset": 2}], {}) == \
        "[1].partition: partition 0 is listed twice"
    assert M._check_delete([], {}).startswith("must be a non-empty list")


def _info(**params):
    base = dict(topic="orders", partition=None, offset=None, start_time=None, end_time=None,
                keyword=None, newest_first=False, max_messages=10)
    base.update(params)
    return M.info_problems(base)


def test_message_info_rules():
    assert _info(partition=0, offset=3) == []
    assert _info(start_time=1, end_time=2, keyword="k" * 50) == []
    assert "keyword: at most 50 characters (got 51)" in _info(start_time=1, end_time=2, keyword="k" * 51)
    assert any(e.startswith("keyword: needs start_time and end_time") for e in _info(keyword="k"))
    assert any(e.startswith("start_time: must not be after end_time") for e in _info(start_time=3, end_time=2))
    assert any(e.startswith("offset: needs partition") for e in _info(offset=3))
    assert any(e.startswith("topic: must start with a letter") for e in _info(topic="9x", partition=0))
    assert any(e.startswith("max_messages: must be between 1 and 1000") for e in _info(partition=0, max_messages=0))
    assert any(e.startswith("one of offset") for e in _info())


def test_task_info_time_format():
    base = dict(task_id=None, begin_time=None, end_time=None)
    assert T.task_info_problems(dict(base, begin_time="20260601000000", end_time="20260602000000")) == []
    assert T.task_info_problems(dict(base, begin_time="2026-06-01"))[0].startswith("begin_time: the format is")
    assert "not a valid time" in T.task_info_problems(dict(base, end_time="20261301000000"))[0]
    assert T.task_info_problems(dict(base, begin_time="20260602000000", end_time="20260601000000"))[0] \
        .startswith("begin_time: must not be later than end_time")
