"""Export round trips with real ansible-playbook against one emulator process.

1. provision playbooks/vars/demo.yml -> export.yml (split by a prefix map) -> provision.yml with
   the export: changed=0 and no write -> audit.yml --check: no drift -> export again: same file.
2. an environment built with direct signed API calls (500 topics, max_user users, permissions on
   every topic, quotas of every form, groups, configs, tags) -> export.yml (defaults: one
   application) -> provision.yml with it: changed=0, no write -> audit.yml: no drift.
"""

from __future__ import annotations

import json
import os
import re
import sys

import pytest
import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tests", "lib"))

from api_paths import known_matchers, sdk_pairs, unknown_requests  # noqa: E402
from emulator_harness import Api, start_server, stop_server  # noqa: E402
from estate import PASSWORD as ESTATE_PASSWORD, USER_PASSWORD as ESTATE_USER_PASSWORD, build_estate  # noqa: E402
from playbook_env import playbook_env, recap, run_playbook  # noqa: E402

DEMO_PASSWORDS = ("Demo-Passw0rd!", "Orders-Writer-Pw1!", "Orders-Reader-Pw1!", "Payments-Svc-Pw1!")
DEMO_MAP = [{"name": "orders", "prefixes": ["orders", "billing"]}, {"name": "payments", "prefixes": ["payments"]}]
SECRET_VALUE = "Supplied-Secret-%d!"


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    base = tmp_path_factory.mktemp("export")
    server = start_server(extra_args=["--delay-seconds", "1"])
    yield {"env": playbook_env(base, server), "api": Api(server.base_url), "dir": base}
    stop_server(server)


def secrets_file(path, text):
    """A vars file defining every secret the export's header lists (dummy values)."""
    variables = re.findall(r"^#\s+(vault_\S+)\s", text, re.M)
    data, values = {}, []
    for i, variable in enumerate(variables):
        value = SECRET_VALUE % i
        values.append(value)
        m = re.match(r"^(\w+)\['([^']+)'\]$", variable)
        if m:
            data.setdefault(m.group(1), {})[m.group(2)] = value
        else:
            data[variable] = value
    path.write_text(json.dumps(data))
    return variables, values


def export(env, instance, dest, *extra):
    proc = run_playbook(env["env"], "export.yml", "-e", "dms_export_instance=%s" % instance,
                        "-e", "dms_export_file=%s" % dest, *extra, secrets=DEMO_PASSWORDS)
    assert proc.returncode == 0, proc.stdout[-6000:]
    return proc


def round_trip(env, exported, secrets, values):
    """provision with the export (purge on) -> changed=0, no write; audit --check -> no drift."""
    api = env["api"]
    api.hook("POST", "reset", {"state": False})
    # with purge on: the owned prefixes cover every exported item, so nothing is deleted either
    again = run_playbook(env["env"], "provision.yml", "-e", "@%s" % exported, "-e", "@%s" % secrets,
                         "-e", "dms_purge=true", secrets=DEMO_PASSWORDS + tuple(values))
    assert again.returncode == 0, again.stdout[-6000:]
    assert recap(again.stdout)["changed"] == 0, again.stdout[-6000:]
    assert api.requests_log(mutating=True) == [], "provisioning the export sent mutating requests"
    report = exported.parent / (exported.stem + "-audit.json")
    audit = run_playbook(env["env"], "audit.yml", "--check", "--diff", "-e", "@%s" % exported,
                         "-e", "@%s" % secrets, "-e", "dms_purge=true", "-e", "dms_audit_report_file=%s" % report,
                         secrets=DEMO_PASSWORDS + tuple(values))
    assert audit.returncode == 0, audit.stdout[-6000:]
    assert "No drift" in audit.stdout
    [found] = json.loads(report.read_text()).values()
    assert found["drift"] is False and found["lines"] == [], found
    assert set(found["counts"].values()) == {0}, found
    assert api.requests_log(mutating=True) == []


def test_demo_round_trip(env):
    api = env["api"]
    first = run_playbook(env["env"], "provision.yml", "-e", "@playbooks/vars/demo.yml", secrets=DEMO_PASSWORDS)
    assert first.returncode == 0, first.stdout[-6000:]

    api.hook("POST", "reset", {"state": False})
    dest = env["dir"] / "demo-export.yml"
    export(env, "demo-kafka", dest, "-e", json.dumps({"dms_export_applications": DEMO_MAP}))
    assert api.requests_log(mutating=True) == [], "the export wrote"
    calls = api.requests_log()
    if sdk_pairs():
        assert unknown_requests(calls, known_matchers()) == []
    text = dest.read_text()
    for secret in DEMO_PASSWORDS:
        assert secret not in text
    data = yaml.safe_load(text)
    demo = yaml.safe_load(open(os.path.join(ROOT, "playbooks", "vars", "demo.yml")).read())
    assert [a["name"] for a in data["dms_apps"]] == ["orders", "payments"]
    orders, payments = data["dms_apps"]
    assert orders["owned_prefixes"] == ["billing", "orders"] and payments["owned_prefixes"] == ["payments"]
    assert "purge" not in orders
    for app, want in zip(data["dms_apps"], demo["dms_apps"]):
        assert sorted(t["name"] for t in app["topics"]) == sorted(t["name"] for t in want["topics"])
        assert sorted(u["name"] for u in app["users"]) == sorted(u["name"] for u in want["users"])
        assert sorted(g["name"] for g in app["groups"]) == sorted(g["name"] for g in want["groups"])
        for user in app["users"]:
            assert user["password"] == "{{ vault_kafka_users['%s'] }}" % user["name"]
    topics = {t["name"]: t for a in data["dms_apps"] for t in a["topics"]}
    assert topics["orders"] == {"name": "orders", "partitions": 6, "replication": 3, "description": "Order events"}
    assert topics["orders-dlq"]["retention_time"] == 168 and "retention_time" not in topics["orders"]
    assert topics["payments"]["max_message_bytes"] == 2097152
    assert data["kafka_instance_password"] == "{{ vault_kafka_instance_password }}"
    assert data["kafka_instance_tags"] == {"env": "demo", "owner": "platform"}
    assert "kafka_instance_configs" not in data     # log.retention.hours 72 is the default
    for key in ("flavor_id", "broker_num", "storage_space", "vpc_id", "subnet_id", "security_group_id",
                "access_user", "maintain_begin", "maintain_end", "enabled_mechanisms", "security_protocol"):
        assert data["kafka_instance_" + key] == demo["kafka_instance_" + key], key

    secrets = env["dir"] / "demo-secrets.json"
    variables, values = secrets_file(secrets, text)
    assert variables == ["vault_kafka_instance_password", "vault_kafka_users['orders-reader']",
                         "vault_kafka_users['orders-writer']", "vault_kafka_users['payments-svc']"]
    round_trip(env, dest, secrets, values)

    # deterministic: exporting the unchanged instance again writes nothing new
    before = dest.read_text()
    second = export(env, "demo-kafka", dest, "-e", json.dumps({"dms_export_applications": DEMO_MAP}))
    assert dest.read_text() == before
    assert recap(second.stdout)["changed"] == 0

    # an unsafe prefix map fails before any read, naming the field
    api.hook("POST", "reset", {"state": False})
    bad = run_playbook(env["env"], "export.yml", "-e", "dms_export_instance=demo-kafka",
                       "-e", "dms_export_file=%s" % (env["dir"] / "bad.yml"), "-e", json.dumps(
                           {"dms_export_applications": [{"name": "a", "prefixes": ["orders"]},
                                                        {"name": "b", "prefixes": ["orders-dlq"]}]}))
    assert bad.returncode != 0
    assert "applications[1].prefixes: 'orders-dlq' overlaps 'orders'" in bad.stdout
    assert api.requests_log() == []


def test_api_built_estate_at_scale_round_trip(env):
    api = env["api"]
    api.reset()
    made = build_estate(api, topics=500)

    api.hook("POST", "reset", {"state": False})
    dest = env["dir"] / "legacy-export.yml"
    proc = export(env, "legacy-kafka", dest, "-e", "dms_export_manager_password=true")
    assert len(re.findall(r"^TASK \[", proc.stdout, re.M)) <= 3, "the export takes a handful of tasks"
    calls = api.requests_log()
    assert api.requests_log(mutating=True) == []
    # one instance lookup, 5 topic pages, users, configs, groups, 2 quota listings, 1 read per topic
    assert len(calls) <= 500 + 15, len(calls)
    if sdk_pairs():
        assert unknown_requests(calls, known_matchers()) == []

    text = dest.read_text()
    assert ESTATE_PASSWORD not in text and ESTATE_USER_PASSWORD not in text
    data = yaml.safe_load(text)
    [app] = data["dms_apps"]
    assert app["name"] == "legacy-kafka" and app["owned_prefixes"] == ["events-", "legacy-", "legacy.", "svc-"]
    assert sorted(t["name"] for t in app["topics"]) == sorted(made["topics"])
    assert len(app["acls"]) == 500 and all(len(a["policies"]) == 2 for a in app["acls"])
    assert sorted(u["name"] for u in app["users"]) == made["users"]
    assert len(app["users"]) == made["max_user"] - 1
    assert len(app["quotas"]) == made["quotas"] and len(app["topic_quotas"]) == made["topic_quotas"]
    assert sorted(g["name"] for g in app["groups"]) == sorted(made["groups"])
    topics = {t["name"]: t for t in app["topics"]}
    assert topics["events-0000"] == {"name": "events-0000", "partitions": 1, "replication": 2}
    assert topics["legacy.audit"] == {"name": "legacy.audit", "partitions": 2, "replication": 1,
                                      "retention_time": 720, "sync_replication": True,
                                      "sync_message_flush": True, "description": 'Audit: keep "forever"'}
    assert topics["legacy-big"]["max_message_bytes"] == 5242880
    assert topics["legacy-big"]["message_timestamp_type"] == "CreateTime"
    assert {"user_default": True, "consumer_byte_rate": 10485760} in app["quotas"]
    assert {"client_default": True, "producer_byte_rate": 3145728} in app["quotas"]
    assert data["kafka_instance_configs"] == {"auto.create.groups.enable": "false",
                                              "offsets.retention.minutes": "10080"}
    assert data["kafka_instance_tags"] == {"cost-center": "42", "team": "core"}
    assert data["kafka_instance_retention_policy"] == "time_base"
    assert data["kafka_instance_enable_auto_topic"] is True
    assert data["kafka_instance_security_protocol"] == "SASL_PLAINTEXT"

    secrets = env["dir"] / "legacy-secrets.json"
    variables, values = secrets_file(secrets, text)
    # the instance and Kafka Manager passwords, and one per user (the access user is the instance's)
    assert variables[:2] == ["vault_kafka_instance_password", "vault_kafka_manager_password"]
    assert len(variables) == made["max_user"] + 1
    assert data["kafka_instance_manager_password"] == "{{ vault_kafka_manager_password }}"
    round_trip(env, dest, secrets, values)
