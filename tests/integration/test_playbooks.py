"""The shipped playbooks and roles, end to end, against a real emulator process.

provision (creates everything) -> provision again (changed=0, no writes) ->
an out-of-band change -> audit in check mode (reports the drift, no writes) ->
audit with dms_audit_fail_on_drift (fails) -> teardown (the instance is gone).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys

import httpx
import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tests", "lib"))

from api_paths import known_matchers, sdk_pairs, unknown_requests  # noqa: E402
from emulator_harness import SK, Api, start_server, stop_server  # noqa: E402
from playbook_env import playbook_env  # noqa: E402

DEMO_PASSWORDS = ("Demo-Passw0rd!", "Orders-Writer-Pw1!", "Orders-Reader-Pw1!", "Payments-Svc-Pw1!")


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    base = tmp_path_factory.mktemp("pb")
    server = start_server(extra_args=["--delay-seconds", "1"])
    e = playbook_env(base, server)
    yield {"env": e, "server": server, "api": Api(server.base_url)}
    stop_server(server)


def play(env, name, *args):
    cmd = [os.path.join(os.path.dirname(sys.executable), "ansible-playbook"), "-i", "localhost,", "-c", "local",
           "-e", "ansible_python_interpreter=%s" % sys.executable, "-e", "@playbooks/vars/demo.yml",
           "playbooks/%s" % name] + list(args)
    proc = subprocess.run(cmd, cwd=ROOT, env=env["env"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, timeout=600, check=False)
    for secret in DEMO_PASSWORDS + (SK,):
        assert secret not in proc.stdout, "a secret was printed by %s" % name
    return proc


def recap(out):
    m = re.search(r"localhost\s*:\s*ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)", out)
    assert m, out[-3000:]
    return {"ok": int(m.group(1)), "changed": int(m.group(2)), "failed": int(m.group(4))}


def writes(api):
    return [r for r in api.requests_log(mutating=True)]


SEEN = []


def note_requests(api):
    """Keep every request the collection made, before a reset of the log."""
    SEEN.extend(api.requests_log())


def test_provision_idempotent_audit_teardown(env):
    api = env["api"]
    first = play(env, "provision.yml")
    assert first.returncode == 0, first.stdout[-6000:]
    assert recap(first.stdout)["changed"] > 0

    instances = api.get("/v2/{project_id}/instances", params={"engine": "kafka", "name": "demo-kafka"}).json()
    assert [i["name"] for i in instances["instances"]] == ["demo-kafka"]
    iid = instances["instances"][0]["instance_id"]
    topics = {t["name"] for t in api.get("/v2/{project_id}/instances/%s/topics" % iid).json()["topics"]}
    assert {"orders", "orders-dlq", "payments"} <= topics
    users = {u["user_name"] for u in api.get("/v2/{project_id}/instances/%s/users" % iid).json()["users"]}
    assert {"orders-writer", "orders-reader", "payments-svc"} <= users
    groups = {g["group_id"] for g in api.get("/v2/{project_id}/instances/%s/groups" % iid).json()["groups"]}
    assert {"billing-consumers", "payments-workers"} <= groups
    quotas = api.get("/v2/kafka/{project_id}/instances/%s/kafka-user-client-quota" % iid).json()["quotas"]
    assert sorted(q["user"] for q in quotas) == ["orders-reader", "orders-writer"]

    note_requests(api)
    api.hook("POST", "reset", {"state": False})
    second = play(env, "provision.yml")
    assert second.returncode == 0, second.stdout[-6000:]
    assert recap(second.stdout)["changed"] == 0, second.stdout[-6000:]
    assert writes(api) == [], "the idempotent run sent mutating requests"

    drift = play(env, "demo_drift.yml")
    assert drift.returncode == 0, drift.stdout[-6000:]

    note_requests(api)
    api.hook("POST", "reset", {"state": False})
    audit = play(env, "audit.yml", "--check", "--diff")
    assert audit.returncode == 0, audit.stdout[-6000:]
    assert writes(api) == [], "the check-mode audit sent mutating requests"
    assert "orders-reader" in audit.stdout and "retention_time" in audit.stdout
    assert "group 'payments-workers' (app payments): to create" in audit.stdout
    assert "topic 'orders' (app orders): retention_time 240 -> 72" in audit.stdout
    assert "No drift" not in audit.stdout

    strict = play(env, "audit.yml", "--check", "-e", "dms_audit_fail_on_drift=true")
    assert strict.returncode != 0
    assert "differ from the declaration" in strict.stdout

    # Put things right again, then the audit is clean.
    fix = play(env, "provision.yml")
    assert fix.returncode == 0, fix.stdout[-6000:]
    clean = play(env, "audit.yml", "--check", "-e", "dms_audit_fail_on_drift=true")
    assert clean.returncode == 0, clean.stdout[-6000:]
    assert "No drift" in clean.stdout

    down = play(env, "teardown.yml")
    assert down.returncode == 0, down.stdout[-6000:]
    api.advance(3600)
    gone = api.get("/v2/{project_id}/instances/%s" % iid)
    assert gone.status_code == 404, gone.text

    # Every call the collection made is one the live service's own clients (Huawei's SDK) or the
    # API reference know: nothing here works only against our emulator.
    note_requests(api)
    collection_calls = list(SEEN)
    assert len(collection_calls) > 50
    if sdk_pairs():
        assert unknown_requests(collection_calls, known_matchers()) == []


def test_emulator_is_reachable_for_playbooks(env):
    assert httpx.get(env["server"].base_url + "/_emulator/health").json()["status"] == "ok"
