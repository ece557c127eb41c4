#!/usr/bin/env python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, hwcloud.dms contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Benchmark (issue #5): N topics in ONE dms_kafka_topic task vs a loop of single-item tasks.

Starts an emulator, and for N in 1, 10, 100 runs real ``ansible-playbook`` for:

- ``one task``: ``dms_kafka_topic`` with ``topics: [N items]``;
- ``loop``: ``dms_kafka_topic`` with ``name:`` and ``loop:`` over the same N items;

each twice: the first run creates the topics, the second is unchanged. Each
scenario starts from a fresh emulator state with one RUNNING instance. Prints
HTTP requests (from ``/_emulator/requests``: all, and mutating) and seconds.
This prints figures; it asserts nothing.

Usage: .venv/bin/python bench/bench_topics.py [--sizes 1,10,100]
"""

from __future__ import absolute_import, division, print_function

import argparse
import os
import subprocess
import sys
import tempfile
import time

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "lib"))

from emulator_harness import AK, PROJECT, REGION, SK, Api, start_server, stop_server  # noqa: E402

INSTANCE = "bench-kafka"


def collections_dir(tmp):
    ns = os.path.join(tmp, "ansible_collections", "hwcloud")
    os.makedirs(ns)
    os.symlink(ROOT, os.path.join(ns, "dms"))
    return tmp


def playbook(conn, n, mode):
    items = [{"name": "bench-topic-%03d" % i, "partitions": 1, "retention_time": 24} for i in range(n)]
    if mode == "one task":
        task = {"name": "topics", "hwcloud.dms.dms_kafka_topic": {"instance": INSTANCE, "topics": items}}
    else:
        task = {"name": "topic", "hwcloud.dms.dms_kafka_topic": {
            "instance": INSTANCE, "name": "{{ item.name }}", "partitions": "{{ item.partitions }}",
            "retention_time": "{{ item.retention_time }}"},
            "loop": items, "loop_control": {"label": "{{ item.name }}"}}
    return [{"hosts": "localhost", "gather_facts": False,
             "module_defaults": {"group/hwcloud.dms.dms_kafka": conn}, "tasks": [task]}]


def run(pb_path, env, inv):
    start = time.monotonic()
    proc = subprocess.run([os.path.join(os.path.dirname(sys.executable), "ansible-playbook"),
                           "-i", inv, pb_path], env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True)
    elapsed = time.monotonic() - start
    if proc.returncode != 0:
        raise SystemExit("ansible-playbook failed:\n" + proc.stdout[-4000:])
    return elapsed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,10,100")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    tmp = tempfile.mkdtemp(prefix="bench-topics-")
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=collections_dir(tmp), ANSIBLE_NOCOLOR="1",
               ANSIBLE_LOCAL_TEMP=os.path.join(tmp, "tmp"), ANSIBLE_HOME=os.path.join(tmp, "home"))
    inv = os.path.join(tmp, "inventory.yml")
    with open(inv, "w") as fh:
        yaml.safe_dump({"all": {"hosts": {"localhost": {
            "ansible_connection": "local", "ansible_python_interpreter": sys.executable}}}}, fh)
    server = start_server()
    rows = []
    try:
        api = Api(server.base_url)
        conn = {"endpoint": server.base_url, "access_key": AK, "secret_key": SK,
                "project_id": PROJECT, "region": REGION}
        for n in sizes:
            for mode in ("one task", "loop"):
                api.reset()
                api.create_instance(name=INSTANCE)
                pb_path = os.path.join(tmp, "pb.yml")
                with open(pb_path, "w") as fh:
                    yaml.safe_dump(playbook(conn, n, mode), fh, sort_keys=False)
                for phase in ("create", "unchanged"):
                    api.hook("POST", "reset", {"state": False})
                    seconds = run(pb_path, env, inv)
                    log = api.requests_log()
                    writes = [r for r in log if r["method"] not in ("GET", "HEAD", "OPTIONS")]
                    rows.append((n, mode, phase, len(log), len(writes), seconds))
                    print("%4d topics  %-8s  %-9s  %5d requests  %4d writes  %7.2f s"
                          % rows[-1], flush=True)
    finally:
        stop_server(server)
    print()
    print("| topics | form | run | requests | writes | seconds |")
    print("|---:|---|---|---:|---:|---:|")
    for row in rows:
        print("| %d | %s | %s | %d | %d | %.2f |" % row)


if __name__ == "__main__":
    main()
