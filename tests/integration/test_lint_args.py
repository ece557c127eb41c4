"""ansible-lint's `args` rule sees the options of our modules (through the shared module runner).

A task with a misspelled option of dms_kafka_topic is reported as ``args[module]``, naming the
option; the same task spelled right is not reported. It is a warning ("minor"), not an error:
ansible-lint tags the rule experimental, and its default configuration warns on experimental
rules. Checked with the pinned ansible-lint, twice: with ansible-lint's defaults (what a user of
the collection gets with no configuration) and with this repository's .ansible-lint, whose
``profile: production`` would unload the rule if ``enable_list`` did not name it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
LINT = os.path.join(os.path.dirname(sys.executable), "ansible-lint")

PLAYBOOK = """---
- name: Topics of the orders service
  hosts: localhost
  gather_facts: false
  tasks:
    - name: The orders topic
      hwcloud.dms.dms_kafka_topic:
        instance: kafka-prod
        name: orders
        %s: 6
"""


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    base = tmp_path_factory.mktemp("lint-args")
    coll = base / "collections" / "ansible_collections" / "hwcloud"
    coll.mkdir(parents=True)
    os.symlink(ROOT, coll / "dms")
    project = base / "project"
    project.mkdir()
    (project / "typo.yml").write_text(PLAYBOOK % "partitons")
    (project / "correct.yml").write_text(PLAYBOOK % "partitions")
    return base


def lint(workdir, *config):
    env = dict(os.environ)
    env.update({
        "ANSIBLE_COLLECTIONS_PATH": str(workdir / "collections"),
        "ANSIBLE_HOME": str(workdir / "home"),
        "PATH": os.path.dirname(sys.executable) + os.pathsep + env.get("PATH", ""),
        "NO_COLOR": "1",
    })
    cmd = [LINT, "--offline", "-f", "json"] + list(config) + ["typo.yml", "correct.yml"]
    proc = subprocess.run(cmd, cwd=str(workdir / "project"), env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True, timeout=600, check=False)
    assert proc.stdout.strip().startswith("["), (proc.returncode, proc.stdout[-2000:], proc.stderr[-3000:])
    return proc, json.loads(proc.stdout)


@pytest.mark.parametrize("config", ["defaults", "repository"])
def test_args_rule_reports_the_typo_only(workdir, config):
    args = ["-c", os.path.join(ROOT, ".ansible-lint")] if config == "repository" else []
    proc, findings = lint(workdir, *args)
    args_findings = [f for f in findings if f["check_name"].startswith("args")]
    assert [(f["check_name"], f["location"]["path"], f["location"]["lines"]["begin"]) for f in args_findings] == [
        ("args[module]", "typo.yml", 6)], findings
    assert "Unsupported parameters" in args_findings[0]["description"]
    assert "partitons" in args_findings[0]["description"].split("Supported parameters")[0]
    assert args_findings[0]["severity"] == "minor", "a warning, not an error"
    assert not [f for f in findings if f["location"]["path"] == "correct.yml"], findings
    assert proc.returncode == 0, "a warning does not fail the run: %s" % proc.stderr[-2000:]
