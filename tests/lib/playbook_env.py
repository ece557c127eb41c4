"""Run the collection's playbooks with ansible-playbook against an emulator process.

``playbook_env(base, server)`` builds the environment (collection path, credentials,
endpoint); ``run_playbook(env, playbook, *args)`` runs one playbook from the repo root;
``recap(output)`` reads the PLAY RECAP counters.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys

from emulator_harness import AK, PROJECT, REGION, SK

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def playbook_env(base, server=None, extra=None):
    """The environment of an ansible-playbook run with the collection under ``base``.

    With ``server``, the connection comes from the ``HW_*`` variables (that emulator's
    endpoint and the harness credentials); without it, every ``HW_*``/``HUAWEICLOUD_*``
    variable of the caller is removed, so the playbook must bring its own connection.
    ``extra`` adds or overrides variables.
    """
    coll = base / "collections" / "ansible_collections" / "hwcloud"
    coll.mkdir(parents=True, exist_ok=True)
    if not (coll / "dms").exists():
        os.symlink(ROOT, coll / "dms")
    env = dict((k, v) for k, v in os.environ.items()
               if server is not None or not k.startswith(("HW_", "HUAWEICLOUD_", "HWCLOUD_")))
    env.update({
        "ANSIBLE_COLLECTIONS_PATH": str(base / "collections"),
        "ANSIBLE_NOCOLOR": "1",
        "ANSIBLE_RETRY_FILES_ENABLED": "0",
        "ANSIBLE_HOME": str(base / "home"),
        "ANSIBLE_LOCAL_TEMP": str(base / "tmp"),
    })
    if server is not None:
        env.update({
            "HW_ACCESS_KEY": AK,
            "HW_SECRET_KEY": SK,
            "HW_PROJECT_ID": PROJECT,
            "HW_REGION_NAME": REGION,
            "HW_DMS_ENDPOINT": server.base_url,
        })
    env.update(extra or {})
    return env


def run_playbook(env, playbook, *args, secrets=()):
    """ansible-playbook -i localhost, playbooks/<playbook> <args>; no secret may be printed."""
    cmd = [os.path.join(os.path.dirname(sys.executable), "ansible-playbook"), "-i", "localhost,",
           "-c", "local", "-e", "ansible_python_interpreter=%s" % sys.executable,
           "playbooks/%s" % playbook] + list(args)
    proc = subprocess.run(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, timeout=900, check=False)
    for secret in tuple(secrets) + (SK,):
        assert secret not in proc.stdout, "a secret was printed by %s" % playbook
    return proc


def recap(out):
    m = re.search(r"localhost\s*:\s*ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)", out)
    assert m, out[-3000:]
    return {"ok": int(m.group(1)), "changed": int(m.group(2)), "failed": int(m.group(4))}
