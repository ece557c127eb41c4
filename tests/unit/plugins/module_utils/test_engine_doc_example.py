# -*- coding: utf-8 -*-
# Copyright (c) 2026, hwcloud.dms contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The worked example of docs/engine.md (section 11) runs and behaves as the guide says."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import types

import pytest

from ansible_collections.hwcloud.dms.plugins.module_utils._engine import Context, ResourceEngine
from ansible_collections.hwcloud.dms.plugins.module_utils._errors import DmsValidationError

from .conftest import ScriptedServer, reply

GUIDE = os.path.join(os.path.dirname(__file__), "..", "..", "..", "..", "docs", "engine.md")
MARKER = "# plugins/module_utils/_specs/example_topic.py"


@pytest.fixture(scope="module")
def example():
    with open(GUIDE) as handle:
        text = handle.read()
    code = text.split(MARKER, 1)[1].split("```", 1)[0].split("\n", 1)[1]
    module = types.ModuleType("example_topic")
    exec(compile(code, GUIDE, "exec"), module.__dict__)  # pylint: disable=exec-used
    return module


def topic(name, partitions="3"):
    return {"name": name, "partition": partitions, "replication": 3, "retention_time": 72,
            "sync_replication": "false", "topic_desc": "", "created_at": 1}


LISTING = {"total": 5, "topics": [topic("orders"), topic("legacy"), topic("old"), topic("audit"),
                                  topic("__consumer_offsets")]}
ITEMS = [{"name": "orders", "partitions": 6}, {"name": "payments", "replication": 3},
         {"name": "legacy", "state": "absent"}]


def test_walkthrough(example, make_client):
    after = {"total": 4, "topics": [topic("orders", "6"), topic("audit"), topic("__consumer_offsets"),
                                    topic("payments")]}
    server = ScriptedServer([reply(200, LISTING), reply(200, {"name": "payments"}), reply(204),
                             reply(200, {"topics": [{"id": "legacy", "success": True},
                                                    {"id": "old", "success": True}]}),
                             reply(200, after)])
    client = make_client(server)
    result = ResourceEngine(example.TOPIC, Context(client, {"instance_id": "i-1"})).ensure(
        ITEMS, purge=True, protected_names=["audit"])
    assert result["changes"] == {"created": ["payments"], "updated": ["orders"],
                                 "deleted": ["legacy", "old"], "unchanged": []}
    assert [t["name"] for t in result["topics"]] == ["orders", "payments"]
    wire = [(r.method, r.url.raw_path.decode(), r.content and json.loads(r.content))
            for r in server.requests]
    assert wire == [
        ("GET", "/v2/pid123/instances/i-1/topics?limit=50&offset=0", b""),
        ("POST", "/v2/pid123/instances/i-1/topics", {"replication": 3, "id": "payments"}),
        ("PUT", "/v2/pid123/instances/i-1/topics", {"topics": [{"id": "orders", "new_partition_numbers": 6}]}),
        ("POST", "/v2/pid123/instances/i-1/topics/delete", {"topics": ["legacy", "old"]}),
        ("GET", "/v2/pid123/instances/i-1/topics?limit=50&offset=0", b""),
    ]


def test_walkthrough_check_mode(example, make_client):
    server = ScriptedServer([reply(200, LISTING)])
    client = make_client(server)
    result = ResourceEngine(example.TOPIC, Context(client, {"instance_id": "i-1"}, check_mode=True)).ensure(
        ITEMS, purge=True, protected_names=["audit"])
    assert result["topics"][1] == {"name": "payments", "partitions": 3, "replication": 3,
                                   "retention_time": 72, "sync_replication": False,
                                   "description": None, "created_at": None}
    assert client.request_counts == {"GET": 1}


def test_walkthrough_failures_before_writes(example, make_client):
    server = ScriptedServer([reply(200, LISTING)])
    client = make_client(server)
    with pytest.raises(DmsValidationError) as info:
        ResourceEngine(example.TOPIC, Context(client, {"instance_id": "i-1"})).ensure(
            [{"name": "orders", "replication": 1}, {"name": "old", "partitions": 1}])
    assert info.value.errors == [
        "topics[0].replication: cannot be changed after creation (topic 'orders' has 3, requested 1)",
        "topic 'old': partitions can only grow (3 -> 1)"]
    assert client.request_counts == {"GET": 1}
