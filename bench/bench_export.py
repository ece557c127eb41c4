#!/usr/bin/env python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, hwcloud.dms contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Benchmark (issue #13): exporting an instance as variables, at scale.

Starts an emulator and, for N topics (default 100 and 500), builds an instance with direct
signed API calls (tests/lib/estate.py: N topics, max_user users, permissions on every topic,
quotas, groups), then measures:

- ``playbook``: ``ansible-playbook playbooks/export.yml`` (requests from the emulator's log,
  seconds of the whole process, tasks run);
- ``reads, 8 workers`` and ``reads, 1 worker``: the export's reads alone (the module_utils
  function, in this process), with the concurrency the module uses and without it, side by side.

Prints figures; asserts nothing.

Usage: .venv/bin/python bench/bench_export.py [--sizes 100,500]
"""

from __future__ import absolute_import, division, print_function

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "lib"))

from emulator_harness import AK, PROJECT, REGION, SK, Api, start_server, stop_server  # noqa: E402
from estate import INSTANCE, build_estate  # noqa: E402


def collections_dir(tmp):
    ns = os.path.join(tmp, "ansible_collections", "hwcloud")
    os.makedirs(ns)
    os.symlink(ROOT, os.path.join(ns, "dms"))
    return tmp


def run_playbook(env, dest):
    cmd = [os.path.join(os.path.dirname(sys.executable), "ansible-playbook"), "-i", "localhost,", "-c", "local",
           "-e", "ansible_python_interpreter=%s" % sys.executable, "-e", "dms_export_instance=%s" % INSTANCE,
           "-e", "dms_export_file=%s" % dest, "playbooks/export.yml"]
    start = time.time()
    proc = subprocess.run(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                          check=False)
    seconds = time.time() - start
    if proc.returncode != 0:
        sys.exit(proc.stdout[-4000:])
    return seconds, len(re.findall(r"^TASK \[", proc.stdout, re.M))


def reads(base_url, workers):
    from ansible_collections.hwcloud.dms.plugins.module_utils._client import DmsClient
    from ansible_collections.hwcloud.dms.plugins.module_utils._engine import Context
    from ansible_collections.hwcloud.dms.plugins.module_utils._specs import export

    client = DmsClient(endpoint=base_url, region=REGION, project_id=PROJECT, access_key=AK, secret_key=SK)
    saved = export.WORKERS
    export.WORKERS = workers
    try:
        start = time.time()
        result = export.export(Context(client, {"instance": INSTANCE, "applications": []}))
        return time.time() - start, result["api_requests"], result["counts"]
    finally:
        export.WORKERS = saved
        client.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,500")
    args = parser.parse_args()
    tmp = tempfile.mkdtemp(prefix="bench-export-")
    coll = collections_dir(os.path.join(tmp, "collections"))
    sys.path.insert(0, coll)
    server = start_server(extra_args=["--delay-seconds", "1"])
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=coll, ANSIBLE_NOCOLOR="1", HW_ACCESS_KEY=AK,
               HW_SECRET_KEY=SK, HW_PROJECT_ID=PROJECT, HW_REGION_NAME=REGION, HW_DMS_ENDPOINT=server.base_url)
    api = Api(server.base_url)
    rows = []
    try:
        for n in [int(x) for x in args.sizes.split(",")]:
            api.reset()
            made = build_estate(api, topics=n)
            api.hook("POST", "reset", {"state": False})
            seconds, tasks = run_playbook(env, os.path.join(tmp, "export-%d.yml" % n))
            log = api.requests_log()
            rows.append((n, made["max_user"], "playbook (%d tasks)" % tasks, len(log), seconds))
            for workers in (8, 1):
                seconds, count, counts = reads(server.base_url, workers)
                rows.append((n, made["max_user"], "reads, %d worker%s" % (workers, "s" if workers > 1 else ""),
                             count, seconds))
    finally:
        stop_server(server)
    print("export of an instance with N topics, max_user users, permissions on every topic")
    print("%6s %6s  %-22s %9s %9s" % ("topics", "users", "what", "requests", "seconds"))
    for n, users, what, count, seconds in rows:
        print("%6d %6d  %-22s %9d %9.2f" % (n, users, what, count, seconds))
    by = dict(((n, what.split(",")[-1].strip()), s) for n, _u, what, _c, s in rows)
    for n in sorted(set(r[0] for r in rows)):
        if (n, "1 worker") in by and (n, "8 workers") in by and by[(n, "8 workers")]:
            print("topics=%d: reads with 8 workers take %.2fx the time of 1 worker"
                  % (n, by[(n, "8 workers")] / by[(n, "1 worker")]))


if __name__ == "__main__":
    main()
