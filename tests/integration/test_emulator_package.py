"""The emulator as a tool for users: `pip install ./emulator` gives a working `dms-emulator` command.

The emulator folder (as a fresh clone has it) is pip-installed into a throwaway venv, with its
dependencies from the package index, the way docs/ci.md tells users to. The installed command
is then started from a directory outside the repository, with no PYTHONPATH, and must answer
its health hook and a signed DMS API request.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time

import httpx

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tests", "lib"))

from emulator_harness import AK, PROJECT, REGION, SK, Api  # noqa: E402


def test_pip_install_gives_the_dms_emulator_command(tmp_path):
    source = tmp_path / "emulator"
    shutil.copytree(os.path.join(ROOT, "emulator"), str(source),
                    ignore=shutil.ignore_patterns("*.egg-info", "build", "__pycache__", "*.sqlite"))
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    env = dict((k, v) for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV"))
    install = subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q",
                              "--disable-pip-version-check", str(source)],
                             env=env, cwd=str(tmp_path), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                             text=True, timeout=900, check=False)
    assert install.returncode == 0, install.stdout[-4000:]
    command = venv / "bin" / "dms-emulator"
    assert command.exists(), "pip install ./emulator did not install a dms-emulator command"
    where = subprocess.run([str(venv / "bin" / "python"), "-c", "import dms_emulator; print(dms_emulator.__file__)"],
                           env=env, cwd=str(tmp_path), stdout=subprocess.PIPE, text=True, check=True).stdout
    assert where.startswith(str(venv)), "imported from %s, not from the installed copy" % where

    port_file = tmp_path / "port"
    proc = subprocess.Popen([str(command), "--host", "127.0.0.1", "--port", "0", "--port-file", str(port_file),
                             "--access-key", AK, "--secret-key", SK, "--project-id", PROJECT, "--region", REGION],
                            env=env, cwd=str(tmp_path), stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 120
        while not port_file.exists():
            assert proc.poll() is None, proc.stdout.read().decode()[-3000:]
            assert time.monotonic() < deadline, "dms-emulator did not start"
            time.sleep(0.05)
        base = "http://127.0.0.1:%d" % int(port_file.read_text())
        assert httpx.get(base + "/_emulator/health", timeout=30).json()["status"] == "ok"
        api = Api(base)
        answer = api.get("/v2/{project_id}/instances")
        assert answer.status_code == 200, answer.text
        assert answer.json()["instances"] == []
        unsigned = api.get("/v2/{project_id}/instances", sign=False)
        assert unsigned.status_code == 401, "the installed emulator checks signatures"
        api.http.close()
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
