# -*- coding: utf-8 -*-
# Copyright (c) 2026, hwcloud.dms contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Unit tests for the export: YAML text, grouping, defaults, secrets, concurrent reads."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import re
import threading

import httpx
import pytest
import yaml

from ansible_collections.hwcloud.dms.plugins.module_utils._client import DmsClient
from ansible_collections.hwcloud.dms.plugins.module_utils._engine import Context
from ansible_collections.hwcloud.dms.plugins.module_utils._specs import export as X

IID = "5f0bdc3a-2b1e-4f9a-8c7d-6e5f4a3b2c1d"

TRICKY = ["yes", "No", "ON", "off", "null", "~", "true", "3.x", "2.7", "02:00", "1e3", "0x10", "0o7",
          "a: b", "a #b", "#x", "-", "- a", "@x", "`x", "!tag", "&a", "*a", "%x", "|", ">", "",
          " lead", "trail ", "two  spaces", "quote\"s", "it's", "back\\slash", "{{ x['y'] }}",
          "multi\nline", "tab\there", "ünïcode €", "[a]", "{a: 1}", "a,b", "?", "12", "-1",
          "orders-dlq", "log.retention.hours", "Order events", "dms.physical.storage.ultra.v2"]


@pytest.mark.parametrize("text", TRICKY)
def test_scalar_reads_back_as_the_same_string(text):
    assert yaml.safe_load("k: %s\n" % X.scalar(text)) == {"k": text}
    assert yaml.safe_load("- [%s, %s]\n" % (X.scalar(text), X.scalar("x"))) == [[text, "x"]]


def test_scalar_plain_when_unambiguous():
    assert X.scalar("orders-dlq") == "orders-dlq"
    assert X.scalar("Order events") == "Order events"
    assert X.scalar("yes") == '"yes"'
    assert X.scalar("3.x") == '"3.x"'
    assert (X.scalar(True), X.scalar(False), X.scalar(7), X.scalar(None)) == ("true", "false", "7", "null")


def test_yaml_lines_load_to_the_data_with_keys_in_order():
    data = {"kafka_instance_tags": {"b": "2", "a": "yes"}, "dms_apps": [
        {"topics": [{"partitions": 3, "name": "t1", "description": "x: y"}], "name": "app",
         "owned_prefixes": [""], "users": []}, {"name": "empty", "acls": [{"name": "t", "policies": [
             {"access_policy": "all", "user": "u1"}]}], "quotas": [{}]}], "z": [[1, 2], [], {}]}
    text = "\n".join(X.yaml_lines(X.ordered(data))) + "\n"
    assert yaml.safe_load(text) == data
    assert text.index("name: app") < text.index("owned_prefixes") < text.index("topics:")
    assert "  - name: t1\n" in text and "- user: u1\n" in text


def test_validate_params_rules():
    ok = {"applications": [{"name": "a", "prefixes": ["orders"]}, {"name": "b", "prefixes": ["pay"]}]}
    assert X.validate_params(ok) == []
    overlap = {"applications": [{"name": "a", "prefixes": ["orders"]},
                                {"name": "b", "prefixes": ["orders-dlq"]}]}
    [msg] = X.validate_params(overlap)
    assert msg.startswith("applications[1].prefixes: 'orders-dlq' overlaps 'orders' of application 'a'")
    twice = {"applications": [{"name": "a", "prefixes": ["x"]}, {"name": "a", "prefixes": ["y"]}]}
    assert X.validate_params(twice) == [
        "applications[1].name: application 'a' is listed twice (same as applications[0])"]
    clash = {"applications": [{"name": "a", "prefixes": ["x"]}], "default_application": "a"}
    assert "also the default_application" in X.validate_params(clash)[0]
    assert "non-empty" in X.validate_params({"applications": [{"name": "a", "prefixes": [""]}]})[0]


def test_grouping_by_prefix_and_ownership():
    g = X.Grouping([{"name": "orders", "prefixes": ["orders", "billing"]}], "rest")
    assert [g.app_of(n) for n in ("orders-dlq", "billing-consumers", "audit")] == ["orders", "orders", "rest"]
    assert g.owned_prefixes("orders") == ["billing", "orders"]
    assert g.owned_prefixes("rest") is None
    # derived from the names: first word and separator; none overlapping another application's
    assert g.owned_prefixes("rest", ["audit-log", "audit.x", "ord", "billingx", "misc"]) == [
        "audit-", "audit.", "misc"]
    assert g.owned_prefixes("rest", ["ord"]) is None
    alone = X.Grouping([], "kafka-prod")
    assert alone.app_of("anything") == "kafka-prod"
    assert alone.owned_prefixes("kafka-prod", ["svc-1", "svc-2", "events", "events-x", "a_b"]) == [
        "a_", "events", "svc-"]


def _data():
    return {
        "instance": {"name": "kafka-prod", "instance_id": IID, "engine_version": "3.x",
                     "product_id": "c6.4u8g.cluster", "broker_num": 3, "storage_space": 600,
                     "total_storage_space": 600, "storage_spec_code": "dms.physical.storage.ultra.v2",
                     "vpc_id": "v", "subnet_id": "s", "security_group_id": "g", "available_zones": ["az1"],
                     "ssl_enable": True, "kafka_security_protocol": "SASL_SSL",
                     "sasl_enabled_mechanisms": ["SCRAM-SHA-512", "PLAIN"], "access_user": "admin_user",
                     "retention_policy": "produce_reject", "maintain_begin": "22:00:00",
                     "maintain_end": "02:00:30", "enable_auto_topic": False,
                     "enterprise_project_id": "0", "description": ""},
        "tags": [{"key": "env", "value": "prod"}],
        "configs": [{"name": "log.retention.hours", "value": "72", "default_value": "72"},
                    {"name": "num.partitions", "value": "6", "default_value": "3"}],
        "topics": [
            {"name": "orders", "partition": "6", "replication": 3, "retention_time": 72,
             "sync_replication": False, "sync_message_flush": "false", "topic_desc": "",
             "topic_other_configs": [{"name": "max.message.bytes", "value": "10485760"},
                                     {"name": "message.timestamp.type", "value": "CreateTime"}]},
            {"name": "__consumer_offsets", "partition": 50, "replication": 3, "topic_type": 1},
            {"name": "audit", "partition": 1, "replication": 1, "retention_time": 720,
             "sync_replication": True, "topic_desc": "Audit trail"},
        ],
        "users": [{"user_name": "admin_user", "user_desc": ""},
                  {"user_name": "orders-app", "user_desc": "", "role": "guest", "created_time": 1},
                  {"user_name": "auditor", "user_desc": "Reads audit"}],
        "acls": [("orders", {"policies": [{"user_name": "orders-app", "access_policy": "ALL", "owner": False}]}),
                 ("audit", {"policies": []})],
        "quotas": [{"user": "orders-app", "client": "", "user-default": False, "client-default": False,
                    "producer-byte-rate": 1024, "consumer-byte-rate": 0},
                   {"user": "", "client": "", "user-default": True, "client-default": False,
                    "producer-byte-rate": 0, "consumer-byte-rate": 2048}],
        "topic_quotas": [{"topic": "orders", "producer-byte-rate": 4096}],
        "groups": [{"group_id": "orders-readers", "group_desc": None, "state": "EMPTY"},
                   {"group_id": "auditors", "group_desc": "audit readers"}],
    }


def test_build_export_leaves_defaults_and_secrets_out():
    grouping = X.Grouping([{"name": "orders", "prefixes": ["orders"]}], "platform")
    ivars, apps, secrets = X.build_export(_data(), grouping)
    iv = dict(ivars)
    assert iv["kafka_instance_configs"] == {"num.partitions": "6"}
    assert iv["kafka_instance_tags"] == {"env": "prod"}
    assert iv["kafka_instance_maintain_begin"] == "22:00" and iv["kafka_instance_maintain_end"] == "02:00:30"
    assert iv["kafka_instance_enabled_mechanisms"] == ["PLAIN", "SCRAM-SHA-512"]
    assert iv["kafka_instance_password"] == "{{ vault_kafka_instance_password }}"
    for absent in ("description", "retention_policy", "enable_auto_topic", "enterprise_project_id"):
        assert "kafka_instance_" + absent not in iv
    assert [a["name"] for a in apps] == ["orders", "platform"]
    orders, platform = apps
    assert orders["owned_prefixes"] == ["orders"] and platform["owned_prefixes"] == ["audit"]
    assert orders["topics"] == [{"name": "orders", "partitions": 6, "replication": 3,
                                 "message_timestamp_type": "CreateTime"}]
    assert platform["topics"] == [{"name": "audit", "partitions": 1, "replication": 1, "retention_time": 720,
                                   "sync_replication": True, "description": "Audit trail"}]
    assert orders["users"] == [{"name": "orders-app", "password": "{{ vault_kafka_users['orders-app'] }}"}]
    assert [u["name"] for u in platform["users"]] == ["auditor"]
    assert orders["acls"] == [{"name": "orders", "policies": [{"user": "orders-app", "access_policy": "all"}]}]
    assert "acls" not in platform
    assert orders["quotas"] == [{"user": "orders-app", "producer_byte_rate": 1024}]
    assert platform["quotas"] == [{"user_default": True, "consumer_byte_rate": 2048}]
    assert orders["topic_quotas"] == [{"topic": "orders", "producer_byte_rate": 4096}]
    assert orders["groups"] == [{"name": "orders-readers"}]
    assert platform["groups"] == [{"name": "auditors", "description": "audit readers"}]
    assert [s["variable"] for s in secrets] == [
        "vault_kafka_instance_password", "vault_kafka_users['auditor']", "vault_kafka_users['orders-app']"]
    text = X.render(ivars, apps, secrets, {"name": "kafka-prod", "instance_id": IID, "region": "r1"})
    assert yaml.safe_load(text) == X.plain_data(ivars, apps)
    header = [line for line in text.splitlines() if line.startswith("#")]
    assert any("vault_kafka_users['auditor']" in line for line in header)
    assert any(IID in line and "region r1" in line for line in header)


def test_no_sasl_no_users_no_password():
    data = _data()
    data["instance"]["ssl_enable"] = False
    data["users"], data["acls"] = [], []
    ivars, apps, secrets = X.build_export(data, X.Grouping([], "kafka-prod"), manager_password=True)
    iv = dict(ivars)
    assert "kafka_instance_password" not in iv and "kafka_instance_ssl_enable" not in iv
    assert iv["kafka_instance_manager_password"] == "{{ vault_kafka_manager_password }}"
    assert [s["variable"] for s in secrets] == ["vault_kafka_manager_password"]
    assert [a["name"] for a in apps] == ["kafka-prod"] and apps[0]["owned_prefixes"] == ["audit", "orders"]


class _Service(object):
    """Answers the export's reads; the permission reads wait until ``parallel`` are in flight."""

    def __init__(self, topics, parallel, sasl=True):
        self.topics = topics
        self.sasl = sasl
        self.barrier = threading.Barrier(parallel, timeout=30)
        self.paths = []
        self.lock = threading.Lock()

    def __call__(self, request):
        path = request.url.path
        with self.lock:
            self.paths.append(path)
        if path.endswith("/accesspolicy"):
            self.barrier.wait()     # never passes if the reads are sequential (BrokenBarrierError)
            topic = path.split("/")[-2]
            return self._json({"name": topic, "policies": [{"user_name": "u1", "access_policy": "sub"}]})
        if path.endswith("/instances/" + IID):
            return self._json({"name": "kafka-prod", "instance_id": IID, "ssl_enable": self.sasl,
                               "access_user": "admin_user", "tags": []})
        if path.endswith("/topics"):
            offset = int(request.url.params.get("offset"))
            limit = int(request.url.params.get("limit"))
            page = self.topics[offset:offset + limit]
            return self._json({"total": len(self.topics), "topics": [
                {"name": n, "partition": 1, "replication": 1} for n in page]})
        if path.endswith("/users"):
            return self._json({"users": [{"user_name": "u1"}], "max_user": 20})
        if path.endswith("/configs"):
            return self._json({"kafka_configs": []})
        if path.endswith("/groups"):
            return self._json({"groups": [], "total": 0})
        if path.endswith("-quota"):
            return self._json({"quotas": [], "count": 0})
        raise AssertionError("unexpected %s" % path)

    @staticmethod
    def _json(body):
        return httpx.Response(200, content=json.dumps(body).encode(), headers={"Content-Type": "application/json"})


def test_reads_concurrently_on_one_pool():
    names = ["topic-%03d" % i for i in range(120)]
    service = _Service(names, parallel=4)
    client = DmsClient(region="ap-southeast-1", project_id="pid123", access_key="AK", secret_key="SK",
                       transport=httpx.MockTransport(service), sleep=lambda s: None)
    ctx = Context(client, {"instance": IID, "applications": []})
    result = X.export(ctx)
    pool = client._http
    assert pool is not None
    assert result["counts"]["topics"] == 120 and result["counts"]["acls"] == 120
    acl_reads = [p for p in service.paths if p.endswith("/accesspolicy")]
    assert len(acl_reads) == 120
    # one instance read, 2 topic pages, users, configs, groups, 2 quota listings, 120 permissions
    assert result["api_requests"] == len(service.paths) == 1 + 2 + 1 + 1 + 1 + 2 + 120
    assert client._http is pool
    assert re.search(r"^kafka_instance_name: kafka-prod$", result["content"], re.M)


def test_sasl_off_reads_no_users_and_no_permissions():
    service = _Service(["events-1", "events-2"], parallel=1, sasl=False)
    client = DmsClient(region="ap-southeast-1", project_id="pid123", access_key="AK", secret_key="SK",
                       transport=httpx.MockTransport(service), sleep=lambda s: None)
    result = X.export(Context(client, {"instance": IID, "applications": []}))
    assert not [p for p in service.paths if p.endswith(("/users", "/accesspolicy"))]
    assert result["secrets"] == [] and result["counts"]["topics"] == 2
    assert "Secrets to supply" not in result["content"]
    [app] = result["variables"]["dms_apps"]
    assert app == {"name": "kafka-prod", "owned_prefixes": ["events-"],
                   "topics": [{"name": "events-1", "partitions": 1, "replication": 1},
                              {"name": "events-2", "partitions": 1, "replication": 1}]}
