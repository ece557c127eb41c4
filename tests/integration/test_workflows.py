"""The workflows platform teams run (issue 8), with real ``ansible-playbook`` against a real emulator.

- a check-mode audit (and a check-mode provision) of an account where nothing exists yet;
- the kafka_instance role adopting an existing instance without touching it;
- purge scoped to what each application owns, through provision.yml with two applications;
- per-item diff entries with headers, and the summary of what changed;
- the drift report naming fields and values, as text, as job artifacts (set_stats) and as JSON;
- info modules on a misspelled instance: a warning naming it, or a failure with fail_on_missing.

One emulator serves the whole file; each test starts from an emptied emulator.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest
import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tests", "lib"))

from api_paths import known_matchers, sdk_pairs, unknown_requests  # noqa: E402
from emulator_harness import SK, Api, start_server, stop_server  # noqa: E402
from playbook_env import playbook_env  # noqa: E402

DEMO_PASSWORDS = ("Demo-Passw0rd!", "Orders-Writer-Pw1!", "Orders-Reader-Pw1!", "Payments-Svc-Pw1!")
APP_PASSWORD = "Workflow-App-Pw1!"
SEEN = []


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    base = tmp_path_factory.mktemp("wf")
    server = start_server(extra_args=["--delay-seconds", "1"])
    e = playbook_env(base, server, extra={"ANSIBLE_SHOW_CUSTOM_STATS": "1"})
    api = Api(server.base_url)
    yield {"env": e, "server": server, "api": api, "base": base}
    # every call the collection made is one the official SDK or the API reference knows
    SEEN.extend(api.requests_log())
    stop_server(server)
    if sdk_pairs():
        assert unknown_requests(SEEN, known_matchers()) == []


@pytest.fixture
def api(env):
    env["api"].reset()
    return env["api"]


def play(env, playbook, *args, extra_vars=None, secrets=()):
    """Run a playbook (a path under playbooks/, or a playbook written to the work directory)."""
    cmd = [os.path.join(os.path.dirname(sys.executable), "ansible-playbook"), "-i", "localhost,", "-c", "local",
           "-e", "ansible_python_interpreter=%s" % sys.executable]
    if extra_vars is not None:
        path = env["base"] / ("vars-%d.yml" % len(os.listdir(env["base"])))
        path.write_text(yaml.safe_dump(extra_vars, sort_keys=False))
        cmd += ["-e", "@%s" % path]
    cmd += [playbook if os.path.isabs(playbook) else os.path.join("playbooks", playbook)] + list(args)
    proc = subprocess.run(cmd, cwd=ROOT, env=env["env"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, timeout=600, check=False)
    with open(env["base"] / "last-run.log", "w") as fh:  # for a look after a failure
        fh.write(proc.stdout)
    for secret in DEMO_PASSWORDS + (SK, APP_PASSWORD) + tuple(secrets):
        assert secret not in proc.stdout, "a secret was printed by %s" % playbook
    return proc


def write_playbook(env, name, tasks):
    path = env["base"] / name
    path.write_text(yaml.safe_dump([{"name": name, "hosts": "localhost", "gather_facts": False,
                                     "tasks": tasks}], sort_keys=False))
    return str(path)


def recap(out):
    m = re.search(r"localhost\s*:\s*ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)", out)
    assert m, out[-3000:]
    return {"ok": int(m.group(1)), "changed": int(m.group(2)), "failed": int(m.group(4))}


def custom_stats(out):
    """The job artifacts the default callback prints with ANSIBLE_SHOW_CUSTOM_STATS (one JSON line)."""
    m = re.search(r"^\s*RUN: (\{.*\})\s*$", out, re.M)
    assert m, out[-3000:]
    return json.loads(m.group(1))


def writes(api):
    log = api.requests_log(mutating=True)
    SEEN.extend(api.requests_log())
    return log


def demo_vars():
    with open(os.path.join(ROOT, "playbooks", "vars", "demo.yml")) as fh:
        return yaml.safe_load(fh)


# --------------------------------------------------------------------------- 1. from nothing
def test_check_mode_audit_and_provision_of_an_empty_account(env, api, tmp_path):
    report_file = tmp_path / "report.json"
    audit = play(env, "audit.yml", "--check", "--diff", "-e", "dms_audit_report_file=%s" % report_file,
                 extra_vars=demo_vars())
    assert audit.returncode == 0, audit.stdout[-6000:]
    assert writes(api) == [], "the audit of an empty account sent mutating requests"
    # only lookups were sent (instances by name, the catalog): no request below an instance
    paths = [r["path"] for r in api.requests_log()]
    assert paths and not [p for p in paths if re.search(r"/instances/[^/]+/|/kafka/[0-9a-f-]{36}", p)], paths
    assert "instance 'demo-kafka' does not exist yet: check mode assumes an earlier task creates it" \
        in audit.stdout

    report = json.loads(report_file.read_text())["demo-kafka"]
    assert report["drift"] is True
    actions = dict(((kind, item), entry["action"]) for kind, items in report["kinds"].items()
                   for item, entry in items.items())
    assert set(actions.values()) == {"create"}
    for expected in [("instance", "demo-kafka"), ("topic", "orders"), ("topic", "orders-dlq"), ("topic", "payments"),
                     ("user", "orders-writer"), ("user", "payments-svc"), ("acl", "orders"),
                     ("group", "billing-consumers"), ("group", "payments-workers")]:
        assert expected in actions, expected
    assert report["counts"] == {"create": len(actions), "update": 0, "delete": 0}
    assert report["kinds"]["topic"]["orders"]["app"] == "orders"
    assert report["kinds"]["topic"]["orders"]["fields"]["partitions"] == {"before": None, "after": 6}
    assert "topic 'orders' (app orders): to create" in audit.stdout
    assert custom_stats(audit.stdout)["dms_audit_report"]["demo-kafka"] == report

    # the same is true for provision.yml itself: an AWX "Check" job before the first deployment
    api.hook("POST", "reset", {"state": False})
    check = play(env, "provision.yml", "--check", "--diff", extra_vars=demo_vars())
    assert check.returncode == 0, check.stdout[-6000:]
    assert writes(api) == []
    assert "topic 'orders' (create)" in check.stdout
    assert "orders: topics: 2 created (orders, orders-dlq)" in check.stdout

    # outside check mode a missing instance is still an error, named
    missing = play(env, write_playbook(env, "missing.yml", [{
        "name": "topics of a missing instance",
        "hwcloud.dms.dms_kafka_topic": {"instance": "no-such-kafka", "topics": [{"name": "orders"}]}}]))
    assert missing.returncode != 0
    assert "instance 'no-such-kafka' not found" in missing.stdout


# --------------------------------------------------------------------------- 2. adopting
def test_instance_role_adopts_an_existing_instance_without_changing_it(env, api):
    iid = api.create_instance(name="adopted-kafka", ssl_enable=True, kafka_security_protocol="SASL_SSL",
                              sasl_enabled_mechanisms=["SCRAM-SHA-512"], access_user="admin_user",
                              password="Adopt-Passw0rd!",
                              tags=[{"key": "team", "value": "payments"}, {"key": "cost", "value": "c42"}])
    tags_before = api.get("/v2/{project_id}/kafka/%s/tags" % iid).json()
    assert len(tags_before["tags"]) == 2
    api.hook("POST", "reset", {"state": False})
    pb = write_playbook(env, "adopt.yml", [{"name": "adopt", "ansible.builtin.include_role": {
        "name": "hwcloud.dms.kafka_instance"}, "vars": {"kafka_instance_name": "adopted-kafka"}}])
    for args in (["--check", "--diff"], []):
        run = play(env, pb, *args, secrets=("Adopt-Passw0rd!",))
        assert run.returncode == 0, run.stdout[-6000:]
        assert recap(run.stdout)["changed"] == 0, run.stdout[-6000:]
        assert writes(api) == []
    assert api.get("/v2/{project_id}/kafka/%s/tags" % iid).json() == tags_before
    api.delete("/v2/{project_id}/instances/%s" % iid)
    api.advance(3600)


# --------------------------------------------------------------------------- 3. two applications
def two_apps(billing_topics, stock_topics, purge=True):
    return {
        "kafka_instance_name": "shared-kafka",
        "dms_apps": [
            {"name": "billing", "owned_prefixes": ["billing-"], "purge": purge,
             "topics": [{"name": n, "partitions": 3} for n in billing_topics],
             "users": [{"name": "billing-svc", "password": APP_PASSWORD}],
             "groups": [{"name": "billing-workers"}]},
            {"name": "stock", "owned_prefixes": ["stock-"], "purge": purge,
             "topics": [{"name": n, "partitions": 3} for n in stock_topics],
             "users": [{"name": "stock-writer", "password": APP_PASSWORD}],
             "groups": [{"name": "stock-levels-readers"}]},
        ],
    }


def topic_names(api, iid):
    return sorted(t["name"] for t in api.get("/v2/{project_id}/instances/%s/topics" % iid).json()["topics"])


def test_purge_is_scoped_to_each_application_and_diffs_read_per_item(env, api):
    iid = api.create_instance(name="shared-kafka", ssl_enable=True, kafka_security_protocol="SASL_SSL",
                              sasl_enabled_mechanisms=["SCRAM-SHA-512"], access_user="admin_user",
                              password="Shared-Passw0rd!")
    first = play(env, "provision.yml", extra_vars=two_apps(["billing-invoices", "billing-old"],
                                                           ["stock-levels", "stock-moves"]),
                 secrets=("Shared-Passw0rd!",))
    assert first.returncode == 0, first.stdout[-6000:]
    # items nobody declares: purge of either application must leave them alone
    api.post("/v2/{project_id}/instances/%s/topics" % iid, json={"id": "legacy-feed", "partition": 1,
                                                                 "replication": 1})
    api.post("/v2/{project_id}/instances/%s/users" % iid, json={"user_name": "ops-admin",
                                                                "user_passwd": "Ops-Admin-Pw1!"})
    assert topic_names(api, iid) == ["billing-invoices", "billing-old", "legacy-feed", "stock-levels",
                                     "stock-moves"]

    # billing drops billing-old; stock replaces stock-moves by stock-new
    declared = two_apps(["billing-invoices"], ["stock-levels", "stock-new"])
    api.hook("POST", "reset", {"state": False})
    preview = play(env, "provision.yml", "--check", "--diff", extra_vars=declared, secrets=("Ops-Admin-Pw1!",))
    assert preview.returncode == 0, preview.stdout[-6000:]
    assert writes(api) == []
    out = preview.stdout
    assert "--- before: topic 'stock-moves' (delete)" in out and "+++ after: topic 'stock-moves' (delete)" in out
    assert "--- before: topic 'stock-new' (create)" in out and "+++ after: topic 'stock-new' (create)" in out
    assert "topic 'billing-old' (delete)" in out
    assert "legacy-feed" not in out and "ops-admin" not in out and "admin_user" not in out
    for noise in ('"reset_offsets": null', '"rebalance": null', '"replica_assignment": null'):
        assert noise not in out
    assert "stock: topics: 1 created (stock-new), 1 deleted (stock-moves), 1 unchanged" in out
    assert "billing: topics: 1 deleted (billing-old), 1 unchanged" in out

    run = play(env, "provision.yml", extra_vars=declared, secrets=("Ops-Admin-Pw1!",))
    assert run.returncode == 0, run.stdout[-6000:]
    assert topic_names(api, iid) == ["billing-invoices", "legacy-feed", "stock-levels", "stock-new"]
    users = sorted(u["user_name"] for u in api.get("/v2/{project_id}/instances/%s/users" % iid).json()["users"])
    assert users == ["admin_user", "billing-svc", "ops-admin", "stock-writer"]
    again = play(env, "provision.yml", extra_vars=declared)
    assert again.returncode == 0 and recap(again.stdout)["changed"] == 0, again.stdout[-6000:]

    # purge without owned prefixes: the role refuses before any write
    unsafe = two_apps(["billing-invoices"], [])
    del unsafe["dms_apps"][0]["owned_prefixes"]
    api.hook("POST", "reset", {"state": False})
    refused = play(env, "provision.yml", extra_vars=unsafe)
    assert refused.returncode != 0
    assert "kafka_app_access_owned_prefixes is empty" in refused.stdout
    assert writes(api) == []


# --------------------------------------------------------------------------- 4. drift report
def test_drift_report_names_fields_in_text_artifacts_and_json(env, api, tmp_path):
    api.create_instance(name="drift-kafka", ssl_enable=True, kafka_security_protocol="SASL_SSL",
                        sasl_enabled_mechanisms=["SCRAM-SHA-512"], access_user="admin_user",
                        password="Drift-Passw0rd!")
    declared = {"kafka_instance_name": "drift-kafka", "dms_apps": [
        {"name": "orders", "topics": [{"name": "orders", "partitions": 3, "retention_time": 72,
                                       "description": "Order events"}],
         "groups": [{"name": "orders-readers"}]}]}
    first = play(env, "provision.yml", extra_vars=declared)
    assert first.returncode == 0, first.stdout[-6000:]
    hand = play(env, write_playbook(env, "by-hand.yml", [
        {"name": "someone raises the retention", "hwcloud.dms.dms_kafka_topic": {
            "instance": "drift-kafka", "name": "orders", "retention_time": 240, "description": "changed"}},
        {"name": "someone deletes the group", "hwcloud.dms.dms_kafka_group": {
            "instance": "drift-kafka", "name": "orders-readers", "state": "absent"}}]))
    assert hand.returncode == 0, hand.stdout[-6000:]

    report_file = tmp_path / "drift.json"
    api.hook("POST", "reset", {"state": False})
    audit = play(env, "audit.yml", "-e", "dms_audit_report_file=%s" % report_file, "-e",
                 "dms_audit_fail_on_drift=true", extra_vars=declared)
    assert audit.returncode != 0, "drift with dms_audit_fail_on_drift must fail the run"
    assert writes(api) == []
    line = "topic 'orders' (app orders): description 'changed' -> 'Order events', retention_time 240 -> 72"
    assert line in audit.stdout
    assert "group 'orders-readers' (app orders): to create" in audit.stdout
    assert "differ from the declaration" in audit.stdout

    expected_topic = {"action": "update", "app": "orders", "fields": {
        "retention_time": {"before": 240, "after": 72},
        "description": {"before": "changed", "after": "Order events"}}}
    artifacts = custom_stats(audit.stdout)["dms_audit_report"]["drift-kafka"]
    saved = json.loads(report_file.read_text())["drift-kafka"]
    for report in (artifacts, saved):
        assert report["drift"] is True
        assert report["kinds"]["topic"]["orders"] == expected_topic
        assert report["kinds"]["group"]["orders-readers"]["action"] == "create"
        assert report["counts"] == {"create": 1, "update": 1, "delete": 0}
        assert line in report["lines"]
        assert "instance" not in report["kinds"]

    fix = play(env, "provision.yml", extra_vars=declared)
    assert fix.returncode == 0, fix.stdout[-6000:]
    clean = play(env, "audit.yml", "-e", "dms_audit_report_file=%s" % report_file, "-e",
                 "dms_audit_fail_on_drift=true", extra_vars=declared)
    assert clean.returncode == 0, clean.stdout[-6000:]
    assert "No drift" in clean.stdout
    saved = json.loads(report_file.read_text())["drift-kafka"]
    assert saved["drift"] is False and saved["kinds"] == {} and saved["lines"] == []


# --------------------------------------------------------------------------- 5. info modules
INFO_MODULES = [("dms_kafka_topic_info", "topics"), ("dms_kafka_user_info", "users"),
                ("dms_kafka_acl_info", "acls"), ("dms_kafka_group_info", "groups"),
                ("dms_kafka_quota_info", "quotas")]


def test_info_modules_warn_or_fail_on_a_missing_instance(env, api):
    tasks = []
    for module, key in INFO_MODULES:
        tasks.append({"name": "%s on a misspelled instance" % module,
                      "hwcloud.dms.%s" % module: {"instance": "inv-kafak"}, "register": "r_" + key})
        tasks.append({"name": "%s is empty" % module, "ansible.builtin.assert": {
            "that": ["r_%s.%s == []" % (key, key), "r_%s.warnings | length == 1" % key,
                     "'inv-kafak' in r_%s.warnings[0]" % key]}})
    for module, key in INFO_MODULES:
        tasks.append({"name": "%s with fail_on_missing" % module,
                      "hwcloud.dms.%s" % module: {"instance": "inv-kafak", "fail_on_missing": True},
                      "register": "f_" + key, "ignore_errors": True})
        tasks.append({"name": "%s failed naming the instance" % module, "ansible.builtin.assert": {
            "that": ["f_%s is failed" % key, "f_%s.msg == \"instance 'inv-kafak' not found\"" % key]}})
    run = play(env, write_playbook(env, "info.yml", tasks))
    assert run.returncode == 0, run.stdout[-6000:]
    # each module's own warning is asserted above (ansible prints identical warnings once)
    assert "[WARNING]: instance 'inv-kafak' not found: the result is empty" in run.stdout
