"""Run every integration target with real ``ansible-playbook`` against a real emulator.

Each directory in ``tests/integration/targets/`` with a ``tasks/main.yml`` is a
target (the ansible-test layout).  For each one this test:

1. starts its own emulator process on a free port (so targets can run in
   parallel and may reset the emulator freely);
2. writes a playbook that sets the connection options once through
   ``module_defaults: group/hwcloud.dms.dms_kafka`` and includes the target
   as a role;
3. runs ``ansible-playbook -vvv`` and fails on a non-zero exit code;
4. fails if any secret (the emulator's SK, the IAM password, or the value of
   any variable named ``*password*`` / ``*secret*`` in the target's
   ``defaults/main.yml``) appears anywhere in the output.

Variables the targets receive: ``emulator_url`` (for ``/_emulator/`` hooks),
``dms_connection`` (the connection options as a dict), ``resource_prefix``,
``emulator_project_id``, ``emulator_ak``, ``emulator_iam_username``,
``emulator_iam_password``, ``emulator_domain_name``, ``emulator_region``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
TARGETS_DIR = os.path.join(HERE, "targets")
sys.path.insert(0, os.path.join(ROOT, "tests", "lib"))

from api_paths import known_matchers, sdk_pairs, unknown_requests  # noqa: E402
from emulator_harness import AK, PROJECT, REGION, SK, Api, start_server, stop_server  # noqa: E402

IAM_USER = "ci-user"
IAM_PASSWORD = "Iam-Pa55word-not-to-leak"
IAM_DOMAIN = "ci-domain"


def _targets():
    if not os.path.isdir(TARGETS_DIR):
        return []
    out = []
    for name in sorted(os.listdir(TARGETS_DIR)):
        if os.path.isfile(os.path.join(TARGETS_DIR, name, "tasks", "main.yml")):
            aliases = os.path.join(TARGETS_DIR, name, "aliases")
            if os.path.exists(aliases) and "disabled" in open(aliases).read().split():
                continue
            out.append(name)
    return out


def _secrets_of(target):
    found = [SK, IAM_PASSWORD]
    defaults = os.path.join(TARGETS_DIR, target, "defaults", "main.yml")
    if os.path.exists(defaults):
        data = yaml.safe_load(open(defaults)) or {}

        def walk(obj, key=""):
            if isinstance(obj, dict):
                for k, v in obj.items():
                    walk(v, str(k))
            elif isinstance(obj, list):
                for v in obj:
                    walk(v, key)
            elif isinstance(obj, str) and ("password" in key.lower() or "secret" in key.lower()):
                if "{{" not in obj and len(obj) >= 6:
                    found.append(obj)

        walk(data)
    return found


def request_log_path(target):
    return os.path.join(ROOT, "tests", "output", "integration", "requests", target + ".json")


def write_request_log(target, requests):
    """Keep the (method, path, status) of every request the target sent, for the coverage test."""
    path = request_log_path(target)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    rows = sorted(set((r["method"], r["path"], r.get("status")) for r in requests), key=str)
    with open(path + ".tmp", "w") as fh:
        json.dump([list(r) for r in rows], fh)
    os.replace(path + ".tmp", path)


def run_target(target, collections_path, workdir, extra_args=()):
    server = start_server(extra_args=["--delay-seconds", "1", "--iam-username", IAM_USER,
                                      "--iam-password", IAM_PASSWORD, "--domain-name", IAM_DOMAIN])
    try:
        connection = {
            "endpoint": server.base_url,
            "iam_endpoint": server.base_url,
            "access_key": AK,
            "secret_key": SK,
            "project_id": PROJECT,
            "region": REGION,
        }
        playbook = [{
            "name": "integration target %s" % target,
            "hosts": "localhost",
            "gather_facts": False,
            "module_defaults": {"group/hwcloud.dms.dms_kafka": connection},
            "vars": {
                "emulator_url": server.base_url,
                "dms_connection": connection,
                "resource_prefix": "it-%s" % target.replace("_", "-"),
                "emulator_project_id": PROJECT,
                "emulator_ak": AK,
                "emulator_region": REGION,
                "emulator_iam_username": IAM_USER,
                "emulator_iam_password": IAM_PASSWORD,
                "emulator_domain_name": IAM_DOMAIN,
            },
            "tasks": [{"name": "run target", "ansible.builtin.include_role": {"name": target}}],
        }]
        pb = os.path.join(workdir, "playbook.yml")
        with open(pb, "w") as fh:
            yaml.safe_dump(playbook, fh, sort_keys=False)
        inv = os.path.join(workdir, "inventory.yml")
        with open(inv, "w") as fh:
            yaml.safe_dump({"all": {"hosts": {"localhost": {
                "ansible_connection": "local",
                "ansible_python_interpreter": sys.executable,
            }}}}, fh)
        env = dict(os.environ)
        env.update({
            "ANSIBLE_COLLECTIONS_PATH": collections_path,
            "ANSIBLE_ROLES_PATH": TARGETS_DIR,
            "ANSIBLE_NOCOLOR": "1",
            "ANSIBLE_RETRY_FILES_ENABLED": "0",
            "ANSIBLE_LOCAL_TEMP": os.path.join(workdir, "tmp"),
            "ANSIBLE_HOME": os.path.join(workdir, "home"),
            "ANSIBLE_DEPRECATION_WARNINGS": "1",
        })
        for var in ("HW_ACCESS_KEY", "HW_SECRET_KEY", "HW_PROJECT_ID", "HW_REGION_NAME", "HW_DMS_ENDPOINT"):
            env.pop(var, None)
        bindir = os.path.dirname(sys.executable)
        cmd = [os.path.join(bindir, "ansible-playbook"), "-i", inv, pb, "-vvv"] + list(extra_args)
        proc = subprocess.run(cmd, cwd=workdir, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, check=False,
                              text=True, timeout=900)
        # every request of the run, also those before a target's own log resets
        proc.requests = Api(server.base_url).requests_log(history=True)
        return proc
    finally:
        stop_server(server)


@pytest.mark.parametrize("target", _targets() or [pytest.param("none", marks=pytest.mark.skip("no targets yet"))])
def test_target(target, collections_path, tmp_path):
    proc = run_target(target, collections_path, str(tmp_path))
    out = proc.stdout
    log = os.path.join(ROOT, "tests", "output", "integration", target + ".log")
    os.makedirs(os.path.dirname(log), exist_ok=True)
    with open(log, "w") as fh:
        fh.write(out)
    assert proc.returncode == 0, "ansible-playbook failed for %s (full log: %s)\n%s" % (target, log, out[-6000:])
    write_request_log(target, proc.requests)
    leaked = [s for s in _secrets_of(target) if s in out]
    assert not leaked, "secret values printed in the -vvv output of %s (full log: %s)" % (target, log)
    assert "PLAY RECAP" in out, out[-2000:]
    # Only calls that the live service's own clients (Huawei's SDK) or the API reference know.
    if sdk_pairs():
        assert unknown_requests(proc.requests, known_matchers()) == []


def test_runner_detects_secret_leak(tmp_path):
    """The leak check itself must be able to fail."""
    target = tmp_path / "t"
    (target / "defaults").mkdir(parents=True)
    (target / "defaults" / "main.yml").write_text(json.dumps({"user_password": "Sup3r-Secret!"}))
    old = TARGETS_DIR
    try:
        globals()["TARGETS_DIR"] = str(tmp_path)
        assert "Sup3r-Secret!" in _secrets_of("t")
    finally:
        globals()["TARGETS_DIR"] = old
