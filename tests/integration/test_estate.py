"""An estate: the shipped provision.yml and audit.yml over the hwcloud.dms.dms_kafka inventory.

Three SASL instances are created through the API; each becomes a host of the inventory
plugin. Their declaration comes from group_vars (shared) and host_vars (one instance has an
extra application). provision.yml (forks 3) creates everything, a second run changes nothing,
an out-of-band change on one instance is reported by audit.yml per instance and in the estate
summary (text, set_stats artifact, JSON file), and dms_audit_fail_on_drift fails that host only.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tests", "lib"))

from api_paths import known_matchers, sdk_pairs, unknown_requests  # noqa: E402
from emulator_harness import AK, PROJECT, REGION, SK, Api, start_server, stop_server  # noqa: E402

NAMES = ("east-kafka", "north-kafka", "west-kafka")
PASSWORDS = ("Shop-Svc-Pw1!", "Audit-Svc-Pw1!", "Admin-Passw0rd!")
SASL = dict(ssl_enable=True, access_user="platform_admin", password="Admin-Passw0rd!",
            kafka_security_protocol="SASL_SSL", sasl_enabled_mechanisms=["SCRAM-SHA-512"])

GROUP_VARS = """
kafka_instance_name: "{{ dms_kafka_name }}"
dms_apps:
  - name: shop
    owned_prefixes: [shop]
    topics:
      - {name: shop-orders, partitions: 3, replication: 3, retention_time: 72}
      - {name: shop-events, partitions: 1, replication: 3}
    users:
      - {name: shop-svc, password: "Shop-Svc-Pw1!"}
    acls:
      - name: shop-orders
        policies: [{user: shop-svc, access_policy: all}]
      - name: shop-events
        policies: [{user: shop-svc, access_policy: pub}]
"""
HOST_VARS = """
dms_apps:
  - name: shop
    owned_prefixes: [shop]
    topics:
      - {name: shop-orders, partitions: 3, replication: 3, retention_time: 72}
      - {name: shop-events, partitions: 1, replication: 3}
    users:
      - {name: shop-svc, password: "Shop-Svc-Pw1!"}
    acls:
      - name: shop-orders
        policies: [{user: shop-svc, access_policy: all}]
      - name: shop-events
        policies: [{user: shop-svc, access_policy: pub}]
  - name: audit
    owned_prefixes: [audit]
    topics:
      - {name: audit-log, partitions: 2, replication: 3, retention_time: 720}
    users:
      - {name: audit-svc, password: "Audit-Svc-Pw1!"}
"""


@pytest.fixture(scope="module")
def estate(tmp_path_factory):
    base = tmp_path_factory.mktemp("estate")
    coll = base / "collections" / "ansible_collections" / "hwcloud"
    coll.mkdir(parents=True)
    os.symlink(ROOT, coll / "dms")
    server = start_server()
    try:
        api = Api(server.base_url)
        ids = {name: api.create_instance(name=name, tags=[{"key": "estate", "value": "shop"}], **SASL)
               for name in NAMES}
        inv = base / "inventory"
        (inv / "group_vars").mkdir(parents=True)
        (inv / "host_vars").mkdir()
        (inv / "shop.dms_kafka.yml").write_text(
            "plugin: hwcloud.dms.dms_kafka\nfilters:\n  tags:\n    estate: shop\n")
        (inv / "group_vars" / "dms_kafka.yml").write_text(GROUP_VARS)
        (inv / "host_vars" / "north-kafka.yml").write_text(HOST_VARS)
        env = dict(os.environ)
        for key in [k for k in env if k.startswith(("HW_", "ANSIBLE_"))]:
            del env[key]
        env.update({
            "ANSIBLE_COLLECTIONS_PATH": str(base / "collections"),
            "ANSIBLE_NOCOLOR": "1",
            "ANSIBLE_RETRY_FILES_ENABLED": "0",
            "ANSIBLE_HOME": str(base / "home"),
            "ANSIBLE_LOCAL_TEMP": str(base / "tmp"),
            "ANSIBLE_INVENTORY_UNPARSED_FAILED": "1",
            "ANSIBLE_SHOW_CUSTOM_STATS": "1",
            "HW_ACCESS_KEY": AK,
            "HW_SECRET_KEY": SK,
            "HW_PROJECT_ID": PROJECT,
            "HW_REGION_NAME": REGION,
            "HW_DMS_ENDPOINT": server.base_url,
        })
        yield {"env": env, "api": api, "ids": ids, "inventory": str(inv / "shop.dms_kafka.yml"),
               "base": base, "seen": []}
    finally:
        stop_server(server)


def play(estate, name, *args):
    cmd = [os.path.join(os.path.dirname(sys.executable), "ansible-playbook"), "-i", estate["inventory"],
           "-e", "dms_hosts=dms_kafka", "-f", "3", "playbooks/%s" % name] + list(args)
    proc = subprocess.run(cmd, cwd=ROOT, env=estate["env"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, timeout=600, check=False)
    for secret in PASSWORDS + (SK,):
        assert secret not in proc.stdout, "a secret was printed by %s" % name
    return proc


def recaps(out):
    found = re.findall(r"^(\S+)\s*:\s*ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)", out, re.M)
    return {host: {"ok": int(ok), "changed": int(ch), "failed": int(fa)} for host, ok, ch, _u, fa in found}


def fresh_log(estate):
    estate["seen"].extend(estate["api"].requests_log())
    estate["api"].hook("POST", "reset", {"state": False})


def writes(estate):
    return estate["api"].requests_log(mutating=True)


def topics_of(estate, name):
    path = "/v2/{project_id}/instances/%s/topics" % estate["ids"][name]
    return sorted(t["name"] for t in estate["api"].get(path).json()["topics"])


def test_provision_audit_over_the_inventory(estate):
    api = estate["api"]
    first = play(estate, "provision.yml")
    assert first.returncode == 0, first.stdout[-6000:]
    recap = recaps(first.stdout)
    assert sorted(recap) == list(NAMES)
    assert all(r["changed"] > 0 and r["failed"] == 0 for r in recap.values()), recap
    assert topics_of(estate, "east-kafka") == ["shop-events", "shop-orders"]
    assert topics_of(estate, "north-kafka") == ["audit-log", "shop-events", "shop-orders"]
    users = api.get("/v2/{project_id}/instances/%s/users" % estate["ids"]["north-kafka"]).json()["users"]
    assert {"audit-svc", "shop-svc"} <= {u["user_name"] for u in users}

    fresh_log(estate)
    again = play(estate, "provision.yml")
    assert again.returncode == 0, again.stdout[-6000:]
    assert all(r["changed"] == 0 for r in recaps(again.stdout).values()), again.stdout[-6000:]
    assert writes(estate) == [], "the idempotent estate run sent mutating requests"

    # out of band: a topic of west-kafka disappears
    gone = api.post("/v2/{project_id}/instances/%s/topics/delete" % estate["ids"]["west-kafka"],
                    json={"topics": ["shop-events"]})
    assert gone.status_code == 200, gone.text

    fresh_log(estate)
    report_file = estate["base"] / "drift.json"
    audit = play(estate, "audit.yml", "-e", "dms_audit_report_file=%s" % report_file)
    assert audit.returncode == 0, audit.stdout[-6000:]
    assert writes(estate) == [], "the audit sent mutating requests"
    out = audit.stdout
    assert "topic 'shop-events' (app shop): to create" in out
    assert "3 instance(s) audited: 2 in sync, 1 with drift (2 to create, 0 to update, 0 to delete)" in out
    assert "with drift: west-kafka (2 item(s))" in out
    reports = json.loads(report_file.read_text())
    assert sorted(reports) == list(NAMES)
    assert [n for n in NAMES if reports[n]["drift"]] == ["west-kafka"]
    # the job artifact carries every instance's report and the estate summary
    stats = out.split("CUSTOM STATS", 1)[1]
    assert '"in_sync": 2' in stats and '"drifted": [' in stats and "west-kafka" in stats

    strict = play(estate, "audit.yml", "-e", "dms_audit_fail_on_drift=true")
    assert strict.returncode != 0
    recap = recaps(strict.stdout)
    assert recap["west-kafka"]["failed"] == 1
    assert recap["east-kafka"]["failed"] == 0 and recap["north-kafka"]["failed"] == 0
    assert "1 with drift" in strict.stdout

    fresh_log(estate)
    if sdk_pairs():
        assert unknown_requests(estate["seen"], known_matchers()) == []
