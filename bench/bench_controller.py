#!/usr/bin/env python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, hwcloud.dms contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Benchmarks B1 and B3 (issue #12): a no-op re-run of a 250-resource environment.

The environment: 1 instance (SASL, access user), 100 topics, 19 users plus the access user,
permissions on all 100 topics, 20 quotas, 10 consumer groups, declared as one application of
``playbooks/provision.yml``. A first run creates it; then, interleaved, ``--rounds`` times:

- ``controller``: the no-op re-run (modules run in the controller process);
- ``module``: the same re-run with ``-e hwcloud_dms_execution=module`` (a module process per task);
- ``ping``: a playbook of as many ``ansible.builtin.ping`` tasks as the re-run has tasks.

B1 = controller / ping (target <= 0.7, with <= 10 tasks and 0 writes);
B3 = controller / module. Medians of wall time; CPU is the ansible-playbook process tree.
Prints figures; asserts nothing.

Usage: .venv/bin/python bench/bench_controller.py [--rounds 3]
"""

from __future__ import absolute_import, division, print_function

import argparse
import os
import platform
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "lib"))

from emulator_harness import AK, PROJECT, REGION, SK, Api, start_server, stop_server  # noqa: E402

INSTANCE = "bench-kafka"
TASK_RE = re.compile(r"^TASK \[", re.MULTILINE)


def environment_vars():
    users = ["bench-user-%02d" % i for i in range(19)]
    app = {
        "name": "bench",
        "topics": [{"name": "bench-topic-%03d" % i, "partitions": 1, "replication": 3, "retention_time": 24}
                   for i in range(100)],
        "users": [{"name": u, "password": "Bench-Pw-%02d!x" % i} for i, u in enumerate(users)],
        "acls": [{"name": "bench-topic-%03d" % i,
                  "policies": [{"user": users[i % len(users)], "access_policy": "all"}]} for i in range(100)],
        "quotas": [{"user": u, "producer_byte_rate": 1048576} for u in users]
        + [{"user": "bench_admin", "consumer_byte_rate": 2097152}],
        "groups": [{"name": "bench-group-%02d" % i, "description": "group %d" % i} for i in range(10)],
    }
    return {
        "kafka_instance_name": INSTANCE,
        "kafka_instance_engine_version": "3.x",
        "kafka_instance_flavor_id": "c6.2u4g.cluster",
        "kafka_instance_broker_num": 3,
        "kafka_instance_storage_space": 300,
        "kafka_instance_storage_spec_code": "dms.physical.storage.ultra.v2",
        "kafka_instance_vpc_id": "5d6f8a2b-3c4e-4f5a-9b8c-7d6e5f4a3b2c",
        "kafka_instance_subnet_id": "6e7a9b3c-4d5f-4a6b-8c9d-8e7f6a5b4c3d",
        "kafka_instance_security_group_id": "7f8b0c4d-5e6a-4b7c-9d0e-9f8a7b6c5d4e",
        "kafka_instance_availability_zones": ["ap-southeast-1a"],
        "kafka_instance_ssl_enable": True,
        "kafka_instance_security_protocol": "SASL_SSL",
        "kafka_instance_enabled_mechanisms": ["SCRAM-SHA-512"],
        "kafka_instance_access_user": "bench_admin",
        "kafka_instance_password": "Bench-Admin-Pw1!",
        "dms_apps": [app],
    }


def run(args, env):
    """(wall seconds, CPU seconds of the ansible-playbook tree, output)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    proc = subprocess.run(args, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    wall = time.monotonic() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit("ansible-playbook failed:\n" + proc.stdout[-4000:])
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, proc.stdout


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    opts = parser.parse_args()
    tmp = tempfile.mkdtemp(prefix="bench-controller-")
    ns = os.path.join(tmp, "ansible_collections", "hwcloud")
    os.makedirs(ns)
    os.symlink(ROOT, os.path.join(ns, "dms"))
    server = start_server(extra_args=["--delay-seconds", "1"])
    api = Api(server.base_url)
    env = dict((k, v) for k, v in os.environ.items() if not k.startswith("HWCLOUD_DMS_"))
    env.update(ANSIBLE_COLLECTIONS_PATH=tmp, ANSIBLE_NOCOLOR="1", ANSIBLE_LOCAL_TEMP=os.path.join(tmp, "tmp"),
               ANSIBLE_HOME=os.path.join(tmp, "home"), ANSIBLE_RETRY_FILES_ENABLED="0",
               HW_ACCESS_KEY=AK, HW_SECRET_KEY=SK, HW_PROJECT_ID=PROJECT, HW_REGION_NAME=REGION,
               HW_DMS_ENDPOINT=server.base_url)
    vars_file = os.path.join(tmp, "env.yml")
    with open(vars_file, "w") as handle:
        yaml.safe_dump(environment_vars(), handle)
    playbook_bin = os.path.join(os.path.dirname(sys.executable), "ansible-playbook")
    common = [playbook_bin, "-i", "localhost,", "-c", "local", "-e", "ansible_python_interpreter=%s" % sys.executable]
    provision = common + ["-e", "@" + vars_file, "playbooks/provision.yml"]
    try:
        run(provision, env)  # creates the environment
        _, _, out = run(provision, env)  # first no-op re-run: counts the tasks
        tasks = len(TASK_RE.findall(out))
        ping_pb = os.path.join(tmp, "ping.yml")
        with open(ping_pb, "w") as handle:
            yaml.safe_dump([{"name": "ping", "hosts": "localhost", "gather_facts": False,
                             "tasks": [{"name": "ping %d" % i, "ansible.builtin.ping": {}} for i in range(tasks)]}],
                           handle)
        variants = [("controller", provision), ("module", provision + ["-e", "hwcloud_dms_execution=module"]),
                    ("ping", common + [ping_pb])]
        figures = dict((name, {"wall": [], "cpu": [], "requests": [], "writes": [], "tasks": []})
                       for name, _ in variants)
        for _ in range(opts.rounds):
            for name, args in variants:
                seen = len(api.requests_log())
                wall, cpu, out = run(args, env)
                log = api.requests_log()[seen:]
                fig = figures[name]
                fig["wall"].append(wall)
                fig["cpu"].append(cpu)
                fig["requests"].append(len(log))
                fig["writes"].append(sum(1 for r in log if r.get("method") not in ("GET", "HEAD")))
                fig["tasks"].append(len(TASK_RE.findall(out)))
                if name != "ping" and re.search(r"changed=[1-9]", out):
                    raise SystemExit("the re-run changed something:\n" + out[-3000:])
    finally:
        stop_server(server)
    med = dict((name, dict((k, statistics.median(v)) for k, v in fig.items())) for name, fig in figures.items())
    print("B1/B3: no-op re-run of a 250-resource environment (provision.yml), median of %d rounds" % opts.rounds)
    print("machine: %s, %d CPUs, Python %s, load %s" % (
        platform.platform(), os.cpu_count(), platform.python_version(),
        " ".join("%.2f" % x for x in os.getloadavg())))
    print("%-12s %6s %9s %8s %7s %9s %8s" % ("run", "tasks", "requests", "writes", "wall s", "CPU s", "ratio"))
    for name in ("controller", "module", "ping"):
        m = med[name]
        print("%-12s %6d %9d %8d %7.2f %9.2f %8.2f" % (
            name, m["tasks"], m["requests"], m["writes"], m["wall"], m["cpu"], m["wall"] / med["ping"]["wall"]))
    print("B1 controller/ping: %.2f (target <= 0.7); B3 controller/module: %.2f" % (
        med["controller"]["wall"] / med["ping"]["wall"], med["controller"]["wall"] / med["module"]["wall"]))
    print("per round (wall s): " + "; ".join("%s %s" % (n, " ".join("%.2f" % w for w in figures[n]["wall"]))
                                             for n in ("controller", "module", "ping")))


if __name__ == "__main__":
    main()
