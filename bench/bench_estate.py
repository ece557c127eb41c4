#!/usr/bin/env python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, hwcloud.dms contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Benchmarks B2 and B3 (issue #12): a no-op audit of an estate, forks 1 against 5 and 10; controller against module path.

One emulator holds N instances (default 20), each with T topics (50), U users (10) and a
permission on every topic. They are found by the inventory plugin hwcloud.dms.dms_kafka; the
declaration of every instance is the same group_vars file. The estate is first built by
``playbooks/provision.yml`` over that inventory (forks 10), then ``playbooks/audit.yml`` runs
with forks 1, 5 and 10 (in that order, one after the other, same machine). Each audit must
report no drift and send no write. Printed per run: wall time (seconds of the
``ansible-playbook`` process), requests (emulator log), writes, the emulator's CPU seconds
and its share of the wall time (of one core), and the wall-time ratio to forks 1.
B3: the audit with the last fork count is run once more on the module path
(``-e hwcloud_dms_execution=module``) and the controller/module ratio printed.

Prints figures; asserts only that the audit is a no-op (otherwise the figures mean nothing).

Usage: .venv/bin/python bench/bench_estate.py [--instances 20] [--topics 50] [--users 10]
                                             [--forks 1,5,10]
"""

from __future__ import absolute_import, division, print_function

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "lib"))

from emulator_harness import AK, PROJECT, REGION, SK, Api, start_server, stop_server  # noqa: E402

SASL = dict(ssl_enable=True, access_user="platform_admin", password="Bench-Passw0rd!",
            kafka_security_protocol="SASL_SSL", sasl_enabled_mechanisms=["SCRAM-SHA-512"])


def declaration(topics, users):
    names = ["bench-topic-%03d" % i for i in range(topics)]
    user_names = ["bench-user-%02d" % i for i in range(users)]
    return {
        "kafka_instance_name": "{{ dms_kafka_name }}",
        "dms_apps": [{
            "name": "bench",
            "owned_prefixes": ["bench"],
            "topics": [{"name": n, "partitions": 1, "replication": 3, "retention_time": 24}
                       for n in names],
            "users": [{"name": u, "password": "Bench-User-Pw1!"} for u in user_names],
            "acls": [{"name": n, "policies": [
                {"user": user_names[i % users], "access_policy": "all"},
                {"user": user_names[(i + 1) % users], "access_policy": "sub"}]}
                for i, n in enumerate(names)],
        }],
    }


def cpu_seconds(pid):
    """utime + stime of a process, from /proc (Linux)."""
    with open("/proc/%d/stat" % pid) as fh:
        fields = fh.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / float(os.sysconf("SC_CLK_TCK"))


def run(playbook, inventory, env, forks, *extra):
    cmd = [os.path.join(os.path.dirname(sys.executable), "ansible-playbook"), "-i", inventory,
           "-e", "dms_hosts=dms_kafka", "-f", str(forks), os.path.join(ROOT, "playbooks", playbook)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    proc = subprocess.run(cmd + list(extra), env=env, cwd=ROOT, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True)
    elapsed = time.monotonic() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit("%s failed:\n%s" % (playbook, proc.stdout[-4000:]))
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--instances", type=int, default=20)
    parser.add_argument("--topics", type=int, default=50)
    parser.add_argument("--users", type=int, default=10)
    parser.add_argument("--forks", default="1,5,10")
    args = parser.parse_args()
    forks_list = [int(f) for f in args.forks.split(",")]

    tmp = tempfile.mkdtemp(prefix="bench-estate-")
    ns = os.path.join(tmp, "collections", "ansible_collections", "hwcloud")
    os.makedirs(ns)
    os.symlink(ROOT, os.path.join(ns, "dms"))
    inv_dir = os.path.join(tmp, "inventory")
    os.makedirs(os.path.join(inv_dir, "group_vars"))
    inventory = os.path.join(inv_dir, "bench.dms_kafka.yml")
    with open(inventory, "w") as fh:
        fh.write("plugin: hwcloud.dms.dms_kafka\n")
    with open(os.path.join(inv_dir, "group_vars", "dms_kafka.yml"), "w") as fh:
        yaml.safe_dump(declaration(args.topics, args.users), fh, sort_keys=False)

    server = start_server()
    try:
        api = Api(server.base_url)
        env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=os.path.join(tmp, "collections"),
                   ANSIBLE_NOCOLOR="1", ANSIBLE_HOME=os.path.join(tmp, "home"),
                   ANSIBLE_LOCAL_TEMP=os.path.join(tmp, "tmp"), ANSIBLE_RETRY_FILES_ENABLED="0",
                   ANSIBLE_INVENTORY_UNPARSED_FAILED="1", HW_ACCESS_KEY=AK, HW_SECRET_KEY=SK,
                   HW_PROJECT_ID=PROJECT, HW_REGION_NAME=REGION, HW_DMS_ENDPOINT=server.base_url)
        for i in range(args.instances):
            api.create_instance(running=False, name="estate-kafka-%02d" % i, **SASL)
        api.advance(3600)
        print("B2: estate of %d instances x (%d topics, %d users, a permission on every topic)"
              % (args.instances, args.topics, args.users))
        seconds, _cpu = run("provision.yml", inventory, env, 10)
        api.hook("POST", "reset", {"state": False})
        print("built by provision.yml (forks 10) in %.1f s" % seconds)

        rows = []
        # B3 (issue #12): the last fork count once more on the module path (docs/execution.md)
        runs = [(forks, "controller") for forks in forks_list] + [(forks_list[-1], "module")]
        for forks, path in runs:
            report = os.path.join(tmp, "report-%d-%s.json" % (forks, path))
            api.hook("POST", "reset", {"state": False})
            cpu0 = cpu_seconds(server.proc.pid)
            seconds, ansible_cpu = run("audit.yml", inventory, env, forks,
                                       "-e", "dms_audit_report_file=%s" % report,
                                       "-e", "hwcloud_dms_execution=%s" % ("module" if path == "module" else "auto"))
            cpu = cpu_seconds(server.proc.pid) - cpu0
            log = api.requests_log()
            writes = [r for r in log if r["method"] not in ("GET", "HEAD")]
            with open(report) as fh:
                reports = json.load(fh)
            drifted = sorted(name for name, rep in reports.items() if rep["drift"])
            if len(reports) != args.instances or drifted or writes:
                raise SystemExit("not a no-op audit: %d reports, drift on %s, %d writes"
                                 % (len(reports), drifted, len(writes)))
            rows.append((forks, seconds, len(log), len(writes), ansible_cpu, cpu))
    finally:
        stop_server(server)
    module_row = rows.pop()

    base = rows[0][1]
    load = os.getloadavg()
    print("%-6s %9s %9s %7s %12s %13s %15s %7s" % (
        "forks", "seconds", "requests", "writes", "ansible cpu", "emulator cpu", "emulator share",
        "ratio"))
    for forks, seconds, requests, writes, ansible_cpu, cpu in rows:
        print("%-6d %9.1f %9d %7d %11.1fs %12.1fs %14.0f%% %7.2f" % (
            forks, seconds, requests, writes, ansible_cpu, cpu, 100.0 * cpu / seconds,
            seconds / base))
    print("(ratio: wall time / wall time with forks %d; ansible cpu: CPU seconds of ansible-playbook "
          "and its workers; emulator share: its CPU seconds over the wall time, of one core; load "
          "average after the runs %.2f %.2f %.2f, %d CPUs)"
          % (rows[0][0], load[0], load[1], load[2], os.cpu_count() or 0))
    print("B3: the same audit with forks %d, controller path %.1f s against module path %.1f s "
          "(hwcloud_dms_execution=module): ratio %.2f" % (
              module_row[0], rows[-1][1], module_row[1], rows[-1][1] / module_row[1]))


if __name__ == "__main__":
    main()
