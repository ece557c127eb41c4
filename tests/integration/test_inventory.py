"""Inventory plugin hwcloud.dms.dms_kafka under the real ansible-inventory and ansible-playbook.

Two emulator processes stand for two projects in two regions. Instances are created through
the API (several per project, with tags, one still CREATING, the same name in both projects).
Credentials and the endpoint come from the environment, as an AWX credential injects them.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tests", "lib"))

from emulator_harness import AK, PROJECT, REGION, SK, Api, start_server, stop_server  # noqa: E402

PROJECT_2 = "f0e1d2c3b4a5968778695a4b3c2d1e0f"
REGION_2 = "cn-north-4"
BIN = os.path.dirname(sys.executable)


@pytest.fixture(scope="module")
def estate(tmp_path_factory):
    base = tmp_path_factory.mktemp("inv")
    coll = base / "collections" / "ansible_collections" / "hwcloud"
    coll.mkdir(parents=True)
    os.symlink(ROOT, coll / "dms")
    # creation takes 3000 s of emulator time: CREATING until the clock is advanced
    servers = [start_server(extra_args=["--delay-seconds", "3000"])]
    try:
        servers.append(start_server(extra_args=["--project-id", PROJECT_2, "--region", REGION_2]))
        yield from _estate(base, coll, *servers)
    finally:
        for server in servers:
            stop_server(server)


def _estate(base, coll, one, two):
    api1, api2 = Api(one.base_url), Api(two.base_url, project_id=PROJECT_2)
    ids = {}
    for name, tags in [("orders-kafka", {"env": "prod", "team": "orders"}),
                       ("payments-kafka", {"env": "prod", "team": "payments"}),
                       ("sandbox-kafka", {"env": "dev"})]:
        ids[name] = api1.create_instance(name=name, tags=[{"key": k, "value": v} for k, v in tags.items()])
    ids["new-kafka"] = api1.create_instance(name="new-kafka", running=False,
                                            tags=[{"key": "env", "value": "prod"}])
    ids["north/orders-kafka"] = api2.create_instance(name="orders-kafka", broker_num=6, storage_space=600,
                                                     tags=[{"key": "env", "value": "prod"}])
    env = dict(os.environ)
    for key in [k for k in env if k.startswith(("HW_", "HUAWEICLOUD_", "ANSIBLE_"))]:
        del env[key]
    env.update({
        "ANSIBLE_COLLECTIONS_PATH": str(base / "collections"),
        "ANSIBLE_NOCOLOR": "1",
        "ANSIBLE_HOME": str(base / "home"),
        "ANSIBLE_LOCAL_TEMP": str(base / "tmp"),
        "ANSIBLE_INVENTORY_UNPARSED_FAILED": "1",
        "HW_ACCESS_KEY": AK,
        "HW_SECRET_KEY": SK,
        "HW_PROJECT_ID": PROJECT,
        "HW_REGION_NAME": REGION,
        "HW_DMS_ENDPOINT": one.base_url,
    })
    yield {"env": env, "base": base, "api1": api1, "api2": api2, "ids": ids,
           "url1": one.base_url, "url2": two.base_url}


def write_source(estate, name, text):
    path = estate["base"] / name
    path.write_text(text)
    return str(path)


def inventory(estate, source, *args, env=None):
    proc = subprocess.run([os.path.join(BIN, "ansible-inventory"), "-i", source] + list(args),
                          env=env or estate["env"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True, timeout=120, check=False)
    assert SK not in proc.stdout + proc.stderr
    return proc


def listed(estate, source, *args):
    proc = inventory(estate, source, "--list", *args)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout)


def flat(text):
    """Output with line wrapping undone (older cores wrap warnings at the terminal width)."""
    return " ".join(text.split())


def members(data, group):
    return sorted(data.get(group, {}).get("hosts", []))


def clear_logs(estate):
    for api in (estate["api1"], estate["api2"]):
        api.hook("POST", "reset", {"state": False})


def requests_made(estate):
    return [r for api in (estate["api1"], estate["api2"]) for r in api.requests_log()]


BASIC = """
plugin: hwcloud.dms.dms_kafka
keyed_groups:
  - key: dms_kafka_tags.env | default('none')
    prefix: env
  - key: dms_kafka_status
    prefix: status
groups:
  orders: dms_kafka_tags.team | default('') == 'orders'
compose:
  bootstrap: dms_kafka_private_connect_address
"""


def test_one_host_per_instance_with_groups_and_variables(estate):
    clear_logs(estate)
    data = listed(estate, write_source(estate, "basic.dms_kafka.yml", BASIC))
    # one listing page, and nothing but reads
    made = requests_made(estate)
    assert [(r["method"], r["path"]) for r in made] == [("GET", "/v2/%s/instances" % PROJECT)]
    assert members(data, "dms_kafka") == ["new-kafka", "orders-kafka", "payments-kafka", "sandbox-kafka"]
    assert members(data, "env_prod") == ["new-kafka", "orders-kafka", "payments-kafka"]
    assert members(data, "env_dev") == ["sandbox-kafka"]
    assert members(data, "status_CREATING") == ["new-kafka"]
    assert members(data, "orders") == ["orders-kafka"]
    hv = data["_meta"]["hostvars"]["orders-kafka"]
    if "__ansible_unsafe" in json.dumps(hv):  # ansible-core 2.19+ marks inventory strings
        hv = json.loads(inventory(estate, str(estate["base"] / "basic.dms_kafka.yml"),
                                  "--host", "orders-kafka").stdout)
    assert hv["ansible_connection"] == "local"
    assert hv["dms_kafka_instance_id"] == estate["ids"]["orders-kafka"]
    assert hv["dms_kafka_status"] == "RUNNING"
    assert hv["dms_kafka_engine_version"] == "2.7"
    assert hv["dms_kafka_flavor_id"] == "c6.2u4g.cluster"
    assert hv["dms_kafka_broker_num"] == 3 and hv["dms_kafka_storage_space"] == 300
    assert len(hv["dms_kafka_available_zones"]) == 1 and hv["dms_kafka_available_zone_names"]
    assert hv["dms_kafka_tags"] == {"env": "prod", "team": "orders"}
    assert hv["dms_kafka_project_id"] == PROJECT and hv["dms_kafka_region"] == REGION
    assert hv["dms_kafka_endpoint"] == estate["url1"]
    assert hv["bootstrap"] == hv["dms_kafka_private_connect_address"] and ":9092" in hv["bootstrap"]


def test_graph_shows_the_groups(estate):
    proc = inventory(estate, write_source(estate, "graph.dms_kafka.yml", BASIC), "--graph")
    assert proc.returncode == 0, proc.stderr
    assert "@dms_kafka:" in proc.stdout and "@env_prod:" in proc.stdout
    assert "|--sandbox-kafka" in proc.stdout


def test_filters_by_status_name_and_tags(estate):
    source = write_source(estate, "filtered.dms_kafka.yml", """
plugin: hwcloud.dms.dms_kafka
filters:
  status: RUNNING
  name: kafka
  tags:
    env: prod
    team:
""")
    clear_logs(estate)
    data = listed(estate, source)
    assert members(data, "dms_kafka") == ["orders-kafka", "payments-kafka"]
    query = requests_made(estate)[0]["query"]
    assert "status=RUNNING" in query and "name=kafka" in query


def test_two_projects_in_two_regions_and_a_name_in_both(estate):
    source = write_source(estate, "estate.dms_kafka.yml", """
plugin: hwcloud.dms.dms_kafka
projects:
  - region: %s
    project_id: %s
    endpoint: %s
  - region: %s
    project_id: %s
    endpoint: %s
hostnames:
  - dms_kafka_name
  - dms_kafka_name ~ '.' ~ dms_kafka_region
keyed_groups:
  - key: dms_kafka_region
    prefix: region
""" % (REGION, PROJECT, estate["url1"], REGION_2, PROJECT_2, estate["url2"]))
    data = listed(estate, source)
    assert members(data, "region_%s" % REGION_2.replace("-", "_")) == ["orders-kafka.cn-north-4"]
    assert len(members(data, "dms_kafka")) == 5
    proc = inventory(estate, source, "--host", "orders-kafka.cn-north-4")
    hv = json.loads(proc.stdout)
    assert hv["dms_kafka_instance_id"] == estate["ids"]["north/orders-kafka"]
    assert hv["dms_kafka_project_id"] == PROJECT_2 and hv["dms_kafka_broker_num"] == 6


def test_inventory_cache_serves_the_second_run_without_a_request(estate):
    cache_dir = estate["base"] / "cache"
    text = BASIC + """
cache: true
cache_plugin: ansible.builtin.jsonfile
cache_connection: %s
cache_timeout: 3600
""" % cache_dir
    source = write_source(estate, "cached.dms_kafka.yml", text)
    clear_logs(estate)
    first = listed(estate, source)
    assert len(requests_made(estate)) == 1
    cached = list(cache_dir.iterdir())
    assert len(cached) == 1 and SK not in cached[0].read_text() and AK not in cached[0].read_text()

    estate["api1"].create_instance(name="later-kafka", running=False)
    clear_logs(estate)
    second = listed(estate, source)
    assert requests_made(estate) == [], "the cached run called the API"
    assert members(second, "dms_kafka") == members(first, "dms_kafka")
    assert members(second, "env_prod") == members(first, "env_prod")

    # --flush-cache (ansible-playbook has it on every core) reads the API and refreshes the cache
    playbook = estate["base"] / "noop.yml"
    playbook.write_text("- hosts: dms_kafka\n  gather_facts: false\n  tasks: []\n")
    proc = subprocess.run([os.path.join(BIN, "ansible-playbook"), "-i", source, "--flush-cache",
                           str(playbook)], env=estate["env"], stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stdout[-3000:]
    assert len(requests_made(estate)) == 1
    refreshed = listed(estate, source)
    assert len(requests_made(estate)) == 1
    assert "later-kafka" in members(refreshed, "dms_kafka")

    # other filters are another cache entry: read again
    clear_logs(estate)
    write_source(estate, "cached.dms_kafka.yml", text + "filters:\n  status: CREATING\n")
    other = listed(estate, source)
    assert members(other, "dms_kafka") == ["later-kafka", "new-kafka"]
    assert len(requests_made(estate)) == 1


def test_a_bad_filter_fails_before_any_request(estate):
    source = write_source(estate, "bad.dms_kafka.yml",
                          "plugin: hwcloud.dms.dms_kafka\nfilters:\n  colour: red\n")
    clear_logs(estate)
    proc = inventory(estate, source, "--list")
    assert proc.returncode != 0
    assert "filters.colour: unknown filter" in flat(proc.stderr)
    assert requests_made(estate) == []


def test_wrong_credentials_fail_clearly_without_the_secret(estate):
    env = dict(estate["env"], HW_SECRET_KEY="WRONG-SECRET-KEY-12345")
    source = write_source(estate, "creds.dms_kafka.yml", "plugin: hwcloud.dms.dms_kafka\n")
    proc = inventory(estate, source, "--list", env=env)
    assert proc.returncode != 0
    assert "list instances" in flat(proc.stderr)
    assert "WRONG-SECRET-KEY-12345" not in proc.stdout + proc.stderr


def test_other_files_are_not_ours(estate):
    source = write_source(estate, "hosts.yml", "plugin: hwcloud.dms.dms_kafka\n")
    env = dict(estate["env"], ANSIBLE_INVENTORY_ENABLED="hwcloud.dms.dms_kafka")
    proc = inventory(estate, source, "--list", "-vvv", env=env)
    assert proc.returncode != 0
    assert "dms_kafka declined parsing" in proc.stdout + proc.stderr


def test_playbook_runs_on_every_instance_through_the_local_connection(estate):
    source = write_source(estate, "play.dms_kafka.yml", BASIC + "filters:\n  status: RUNNING\n")
    playbook = estate["base"] / "read.yml"
    playbook.write_text("""
- name: Read every instance of the inventory
  hosts: env_prod
  gather_facts: false
  tasks:
    - name: Read the instance of this host
      hwcloud.dms.dms_kafka_instance_info:
        instance: "{{ dms_kafka_instance_id }}"
        region: "{{ dms_kafka_region }}"
        project_id: "{{ dms_kafka_project_id }}"
        endpoint: "{{ dms_kafka_endpoint }}"
      register: read

    - name: Check it is the same instance
      ansible.builtin.assert:
        that:
          - read.instances | length == 1
          - read.instances[0].name == inventory_hostname
          - read.instances[0].instance_id == dms_kafka_instance_id
""")
    proc = subprocess.run([os.path.join(BIN, "ansible-playbook"), "-i", source, str(playbook)],
                          env=estate["env"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stdout[-4000:]
    assert "orders-kafka               : ok=2" in proc.stdout
    assert "payments-kafka             : ok=2" in proc.stdout
    assert "sandbox-kafka" not in proc.stdout
