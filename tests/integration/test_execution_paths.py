"""The two execution paths of every module give the same results on the same inputs.

Each module task runs through the action plugin ``hwcloud.dms.dms_kafka``: in the
controller process on a local connection (the controller path), or as a module process
(the module path, forced here with ``hwcloud_dms_execution=module``). The playbook
``execution_paths/equivalence.yml`` covers argument validation and its messages,
module_defaults through the action group, the task's ``environment:`` feeding the env
fallbacks, no_log masking (results, diffs, ``invocation``, errors), check mode and diff,
warnings and failure results. It runs once per path against the same fresh emulator state;
the registered results must be equal once volatile values (IDs, timestamps) are blanked.
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

from emulator_harness import AK, PROJECT, REGION, SK, Api, start_server, stop_server  # noqa: E402
from playbook_env import playbook_env  # noqa: E402

PLAYBOOK = os.path.join(HERE, "execution_paths", "equivalence.yml")
SECRET_PW = "Eq-Secret-Pw-42!"
ADMIN_PW = "Admin@2024x-eq"
# (`exception`: a traceback at -vvv before ansible-core 2.19, with the module's file paths)
VOLATILE_KEYS = {"created_at", "create_time", "id", "instance_id", "request_id", "topic_id", "created",
                 "exception"}
UUIDISH = re.compile(r"[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}", re.I)


@pytest.fixture(scope="module")
def emulator(tmp_path_factory):
    base = tmp_path_factory.mktemp("paths")
    server = start_server()
    # no HW_* variable: the connection comes from module_defaults and the tasks' environment;
    # ansible-core >= 2.21 adds `invocation` only when asked, and the no_log checks read it
    env = playbook_env(base, extra={"ANSIBLE_INJECT_INVOCATION": "1"})
    yield {"env": env, "server": server, "api": Api(server.base_url), "base": base}
    stop_server(server)


def run_path(emulator, path):
    """Fresh emulator state, the playbook once on ``path``; (results, output)."""
    api = emulator["api"]
    api.reset()
    api.create_instance(name="eq-kafka", ssl_enable=True, access_user="eq_admin", password=ADMIN_PW,
                        kafka_security_protocol="SASL_SSL", sasl_enabled_mechanisms=["SCRAM-SHA-512"])
    results_file = str(emulator["base"] / ("results-%s.json" % path))
    extra = {"emulator_url": emulator["server"].base_url, "emulator_project": PROJECT,
             "emulator_region": REGION, "emulator_ak": AK, "emulator_sk": SK,
             "results_file": results_file, "hwcloud_dms_execution": "module" if path == "module" else "auto"}
    cmd = [os.path.join(os.path.dirname(sys.executable), "ansible-playbook"), "-vvv",
           "-i", "localhost,", "-c", "local", "-e", "ansible_python_interpreter=%s" % sys.executable,
           "-e", json.dumps(extra), PLAYBOOK]
    proc = subprocess.run(cmd, cwd=ROOT, env=emulator["env"], stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True, timeout=600, check=False)
    assert proc.returncode == 0, proc.stdout[-4000:]
    with open(results_file, encoding="utf-8") as handle:
        return json.load(handle), proc.stdout


RESULT_START = re.compile(r"^(?:ok|changed|fatal|failed|skipping): \[localhost\][^\n]*?=> (?=\{)", re.MULTILINE)


def shown_results(out):
    """Every task result the default callback printed (at -vvv: with ``invocation``)."""
    decoder = json.JSONDecoder()
    shown = [decoder.raw_decode(out, match.end())[0] for match in RESULT_START.finditer(out)]
    return [r for r in shown if "checksum" not in r]  # not the final copy task (its own file)


def shown_warnings(out):
    return [line for line in out.splitlines() if line.startswith("[WARNING]") and "inventory" not in line
            and "hosts list" not in line]


def blank(value, key=None):
    """The value with IDs and timestamps blanked (they differ between two fresh states)."""
    if key in VOLATILE_KEYS and not isinstance(value, (dict, list)):
        return "<volatile>"
    if isinstance(value, dict):
        # ansible-core < 2.19 adds to a module's fail_json result the traceback of the exception
        # being handled ("exception", shown at -vvv): debug output of the module process alone.
        return dict((k, blank(v, k)) for k, v in value.items() if k != "exception")
    if isinstance(value, list):
        return [blank(v) for v in value]
    if isinstance(value, str):
        return UUIDISH.sub("<uuid>", value)
    return value


@pytest.fixture(scope="module")
def both(emulator):
    return {path: run_path(emulator, path) for path in ("module", "controller")}


def test_each_path_really_ran(both):
    _, module_out = both["module"]
    _, controller_out = both["controller"]
    assert "module path (hwcloud_dms_execution is module)" in module_out
    assert "AnsiballZ_dms_kafka" in module_out
    assert "controller path" not in module_out
    assert "controller path" in controller_out
    assert "AnsiballZ_dms_kafka" not in controller_out


def test_results_are_identical(both):
    module_results, _ = both["module"]
    controller_results, _ = both["controller"]
    assert sorted(module_results) == sorted(controller_results)
    for name in module_results:
        assert blank(controller_results[name]) == blank(module_results[name]), name


def test_shown_results_and_warnings_are_identical(both):
    """What the callback shows (results with ``invocation``, diffs, warnings) at -vvv."""
    module_out = both["module"][1]
    controller_out = both["controller"][1]
    module_shown = shown_results(module_out)
    assert len(module_shown) >= 15
    assert blank(shown_results(controller_out)) == blank(module_shown)
    assert shown_warnings(controller_out) == shown_warnings(module_out)
    assert any("alias ak are set" in line for line in shown_warnings(module_out))
    invocations = [r["invocation"]["module_args"] for r in module_shown if "invocation" in r]
    user = [a for a in invocations if a.get("name") == "eq-writer"][0]
    assert user["password"] == "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER"
    # masked whole (ansible-core <= 2.19) or in place (2.21), never shown
    assert user["description"] in ("VALUE_SPECIFIED_IN_NO_LOG_PARAMETER", "pw ********")
    wrong = [a for a in invocations if a.get("max_retries") == 0][0]
    assert wrong["secret_key"] == "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER"


def test_no_secret_in_any_output(both):
    for path, (results, out) in both.items():
        # At -vvv ansible-core itself prints the module command line, with the task's
        # environment (here HW_SECRET_KEY) in front of it: a property of the module path,
        # not of our modules. The controller path runs no command.
        lines = [line for line in out.splitlines()
                 if not (path == "module" and line.startswith("<localhost> EXEC "))]
        text = json.dumps(results) + "\n".join(lines)
        for secret in (SECRET_PW, SK, ADMIN_PW):
            assert secret not in text, (path, secret)


@pytest.mark.parametrize("path", ["module", "controller"])
def test_what_each_path_returns(both, path):
    """The shared expectations (so that two equally wrong paths still fail)."""
    r, _ = both[path]
    assert r["unsupported"]["failed"]
    assert r["unsupported"]["msg"].startswith("Unsupported parameters for (hwcloud.dms.dms_kafka_topic) module: partitons")
    assert r["wrong_type"]["msg"] == "parameters are mutually exclusive: name|topics"
    assert r["engine_validation"]["failed"]
    assert any(e.startswith("topics[0].") for e in r["engine_validation"]["errors"])
    assert any(e.startswith("topics[1].retention_time") for e in r["engine_validation"]["errors"])
    assert r["no_credentials"]["msg"] == "access_key and secret_key must be set together"
    assert any("Both option access_key and its alias ak are set" in str(w) for w in r["alias_warning"]["warnings"])
    # module_defaults (group) and the task environment made the call work
    assert r["alias_warning"]["failed"] is False and r["alias_warning"]["topics"] == []
    assert r["topics_check"]["changed"]
    assert sorted(r["topics_check"]["changes"]["created"]) == ["eq-billing", "eq-orders"]
    assert r["topics_check"]["diff"]
    assert r["acl_warnings"]["warnings"] and "check mode: assuming an earlier task creates it" in str(r["acl_warnings"]["warnings"])
    assert r["topics_created"]["changed"] and r["topics_created"]["diff"]
    assert r["topics_unchanged"]["changed"] is False
    user = r["user_secret"]
    assert user["changed"] and user["diff"]["after"]["description"] == "pw ********"
    assert r["user_bad_password"]["msg"] == "password: must be 8 to 32 characters long"
    assert r["wrong_secret"]["failed"] and r["wrong_secret"]["status"] == 401
    assert r["missing_instance"]["msg"] == "instance 'eq-missing' not found"
    assert [item["failed"] for item in r["loop_info"]["results"]] == [False, False]
