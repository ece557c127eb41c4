# -*- coding: utf-8 -*-
# Copyright (c) 2026, hwcloud.dms contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Inventory plugin hwcloud.dms.dms_kafka: options, sources, filters, listing, host population.

The real plugin under the real ansible-inventory / ansible-playbook CLIs is exercised by
tests/integration/test_inventory.py; here the pieces run against a scripted HTTP transport.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json

import pytest

try:  # ansible-core >= 2.19: importing controller code marks the process as the controller
    from ansible.module_utils import _internal as _module_internal
except ImportError:
    _module_internal = None
_WAS_CONTROLLER = getattr(_module_internal, "is_controller", None)

from ansible.inventory.data import InventoryData  # noqa: E402
from ansible.parsing.dataloader import DataLoader  # noqa: E402

from ansible_collections.hwcloud.dms.plugins.inventory import dms_kafka as inv  # noqa: E402
from ansible_collections.hwcloud.dms.plugins.module_utils._client import DmsClient  # noqa: E402

from ..module_utils.conftest import ScriptedServer, reply  # noqa: E402


def _set_controller(value):
    if _module_internal is not None and value is not None:
        _module_internal.is_controller = value


# ... which would send the module unit tests' warnings to the display instead of their results:
# this file is controller code only while its own tests run.
_set_controller(_WAS_CONTROLLER)


@pytest.fixture(autouse=True)
def controller_context():
    _set_controller(True)
    yield
    _set_controller(_WAS_CONTROLLER)


CONNECTION = dict(region="ap-southeast-1", project_id="pid123", access_key="AK",
                  secret_key="SK-SECRET-VALUE")


def instance(n, name=None, status="RUNNING", tags=None, **extra):
    obj = {"instance_id": "00000000-0000-4000-8000-%012d" % n, "name": name or "kafka-%d" % n,
           "status": status, "engine": "kafka", "engine_version": "3.x", "type": "cluster",
           "product_id": "c6.2u4g.cluster", "broker_num": 3, "storage_space": 246,
           "total_storage_space": 300, "available_zones": ["az-1"],
           "available_zone_names": ["AZ1"], "connect_address": "10.0.0.%d" % n, "port": 9092,
           "kafka_private_connect_address": "10.0.0.%d:9092" % n,
           "tags": [{"key": k, "value": v} for k, v in sorted((tags or {}).items())]}
    obj.update(extra)
    return obj


def listing(*objs, **kwargs):
    return reply(200, {"instances": list(objs), "instance_num": kwargs.get("total", len(objs))})


def factory(servers):
    """A client factory: the n-th source gets the n-th scripted server."""
    made = []

    def make(source):
        server = servers[len(made)]
        made.append(source)
        return DmsClient.from_params(source, transport=server.transport, sleep=lambda s: None)
    make.sources = made
    return make


# --------------------------------------------------------------------------- options
def origins(given):
    """``get_option_and_origin`` over a dict: values given as (value, origin) or value."""
    def get(name):
        value = given.get(name)
        return value if isinstance(value, tuple) else (value, "Direct" if value is not None else "default")
    return get


def test_connection_options_fall_back_to_the_module_environment_variables():
    given = {"region": None, "access_key": "", "timeout": (12.0, "Direct"),
             "validate_certs": (True, "default")}
    environ = {"HW_REGION_NAME": "cn-north-4", "HUAWEICLOUD_SDK_AK": "AK-FROM-SDK-VAR",
               "HW_SECRET_KEY": "SK-ENV", "HW_DMS_ENDPOINT": "http://127.0.0.1:1"}
    out = inv.connection_options(origins(given), environ)
    assert out["region"] == "cn-north-4"
    assert out["access_key"] == "AK-FROM-SDK-VAR"
    assert out["secret_key"] == "SK-ENV"
    assert out["endpoint"] == "http://127.0.0.1:1"
    assert out["timeout"] == 12.0
    assert out["validate_certs"] is True
    assert "project_id" not in out


def test_an_option_set_in_the_file_wins_over_the_environment():
    out = inv.connection_options(origins({"region": "eu-west-101"}), {"HW_REGION_NAME": "cn-north-4"})
    assert out["region"] == "eu-west-101"


def test_an_environment_value_replaces_a_default_and_is_typed(monkeypatch):
    spec = dict(inv.CONNECTION_ARGSPEC)
    spec["validate_certs"] = dict(spec["validate_certs"], fallback=(None, ["HW_VALIDATE_CERTS"]))
    monkeypatch.setattr(inv, "CONNECTION_ARGSPEC", spec)
    get = origins({"validate_certs": (True, "default")})
    assert inv.connection_options(get, {"HW_VALIDATE_CERTS": "false"})["validate_certs"] is False
    get = origins({"validate_certs": (True, "Direct")})
    assert inv.connection_options(get, {"HW_VALIDATE_CERTS": "false"})["validate_certs"] is True
    with pytest.raises(ValueError, match="HW_VALIDATE_CERTS: 'maybe' is not a valid bool"):
        inv.connection_options(origins({"validate_certs": (True, "default")}),
                               {"HW_VALIDATE_CERTS": "maybe"})


def test_one_source_without_regions_or_projects():
    options = dict(CONNECTION, endpoint="http://emu")
    assert inv.build_sources(options, [], []) == [options]


def test_sources_of_regions_and_projects_inherit_what_belongs_to_them():
    options = dict(CONNECTION, endpoint="http://emu-1", iam_endpoint="http://iam-1")
    sources = inv.build_sources(options, ["ap-southeast-1", "cn-north-4"],
                                [{"project_id": "p-2"},
                                 {"region": "cn-north-4", "project_id": "p-3",
                                  "endpoint": "http://emu-3"}])
    assert [(s.get("region"), s.get("project_id"), s.get("endpoint")) for s in sources] == [
        ("ap-southeast-1", "pid123", "http://emu-1"),   # same region: inherits everything
        ("cn-north-4", None, None),                     # another region: own endpoint/project
        ("ap-southeast-1", "p-2", "http://emu-1"),
        ("cn-north-4", "p-3", "http://emu-3"),
    ]
    assert all(s["secret_key"] == "SK-SECRET-VALUE" for s in sources)
    assert sources[1].get("iam_endpoint") is None


@pytest.mark.parametrize("filters, problem", [
    ({"colour": "red"}, "filters.colour: unknown filter"),
    ({"tags": ["env"]}, "filters.tags: must be a dict"),
    ({"exact_match_name": True}, "filters.exact_match_name: needs filters.name"),
    ({"name": "k", "exact_match_name": "yes"}, "filters.exact_match_name: must be true or false"),
    ({"status": "running"}, "filters.status: must be one of CREATING, CREATEFAILED, RUNNING"),
])
def test_bad_filters_are_named(filters, problem):
    problems = inv.check_filters(filters)
    assert len(problems) == 1 and problems[0].startswith(problem), problems


def test_good_filters_pass():
    assert inv.check_filters({"name": "k", "exact_match_name": True, "status": "RUNNING",
                              "tags": {"env": "prod", "team": None}}) == []


def test_tags_match_every_given_tag_and_empty_value_means_any():
    have = {"env": "prod", "team": "pay"}
    assert inv.tags_match(have, {"env": "prod"})
    assert inv.tags_match(have, {"team": None, "env": ""})
    assert not inv.tags_match(have, {"env": "dev"})
    assert not inv.tags_match(have, {"owner": None})
    assert inv.tags_match({}, {})


# --------------------------------------------------------------------------- listing
def test_fetch_reads_every_page_of_every_source_and_filters_by_tag():
    first = ScriptedServer([
        listing(*[instance(i, tags={"env": "prod"}) for i in range(50)], total=52),
        listing(instance(50, tags={"env": "dev"}), instance(51, tags={"env": "prod"}), total=52),
    ])
    second = ScriptedServer([listing(instance(60, name="kafka-0", tags={"env": "prod"}))])
    sources = [dict(CONNECTION), dict(CONNECTION, project_id="pid456")]
    make = factory([first, second])
    records = inv.fetch(sources, {"status": "RUNNING", "tags": {"env": "prod"}}, make)

    assert len(records) == 52
    assert [r["dms_kafka_project_id"] for r in records[-2:]] == ["pid123", "pid456"]
    queries = [dict(r.url.params) for r in first.requests]
    assert [q["offset"] for q in queries] == ["0", "50"]
    assert all(q["status"] == "RUNNING" and q["engine"] == "kafka" for q in queries)
    assert second.requests[0].url.path == "/v2/pid456/instances"
    assert all(r.method == "GET" for r in first.requests + second.requests)


def test_host_record_carries_the_documented_variables():
    records = inv.fetch([dict(CONNECTION)], {}, factory([ScriptedServer([
        listing(instance(7, tags={"env": "prod"}))])]))
    record = records[0]
    assert record["dms_kafka_instance_id"] == "00000000-0000-4000-8000-000000000007"
    assert record["dms_kafka_broker_num"] == 3
    assert record["dms_kafka_storage_space"] == 300
    assert record["dms_kafka_flavor_id"] == "c6.2u4g.cluster"
    assert record["dms_kafka_available_zones"] == ["az-1"]
    assert record["dms_kafka_private_connect_address"] == "10.0.0.7:9092"
    assert record["dms_kafka_tags"] == {"env": "prod"}
    assert record["dms_kafka_region"] == "ap-southeast-1"
    assert record["dms_kafka_endpoint"] == "https://dms.ap-southeast-1.myhuaweicloud.com"
    documented = inv.DOCUMENTATION.split("Host variables", 1)[1].split("options:", 1)[0]
    for key in record:
        assert "C(%s)" % key[len(inv.PREFIX):] in documented, key
    json.dumps(records)  # cacheable as it is
    assert "SK-SECRET-VALUE" not in json.dumps(records)


def test_an_api_error_names_the_operation():
    server = ScriptedServer([reply(403, {"error_code": "APIGW.0301", "error_msg": "bad sig"})])
    with pytest.raises(Exception) as err:
        inv.fetch([dict(CONNECTION)], {}, factory([server]))
    assert "list instances" in str(err.value) and "SK-SECRET-VALUE" not in str(err.value)


# --------------------------------------------------------------------------- population
def plugin_with(options, tmp_path):
    plugin = inv.InventoryModule()
    defaults = {"hostnames": ["dms_kafka_name"], "local_connection": True, "strict": False,
                "compose": {}, "groups": {}, "keyed_groups": [], "use_extra_vars": False,
                "leading_separator": True}
    defaults.update(options)
    plugin._options = defaults
    plugin.inventory = InventoryData()
    plugin.loader = DataLoader()
    plugin._vars = {}
    if not isinstance(getattr(type(plugin), "templar", None), property):
        from ansible.template import Templar  # ansible-core < 2.19 sets it in parse()
        plugin.templar = Templar(loader=plugin.loader)
    return plugin


def records_of(*objs):
    return inv.fetch([dict(CONNECTION)], {}, factory([ScriptedServer([listing(*objs)])]))


def test_populate_hosts_groups_and_local_connection(tmp_path):
    t = inv.trust_as_template
    plugin = plugin_with({
        "keyed_groups": [{"key": t("dms_kafka_tags.env | default('none')"), "prefix": "env"}],
        "groups": {"big": t("dms_kafka_broker_num >= 6")},
        "compose": {"bootstrap": t("dms_kafka_private_connect_address")},
    }, tmp_path)
    plugin._populate(records_of(instance(1, tags={"env": "prod"}), instance(2, broker_num=6),
                                instance(3, tags={"env": "dev"})))
    groups = plugin.inventory.groups
    assert sorted(h.name for h in groups["dms_kafka"].get_hosts()) == ["kafka-1", "kafka-2",
                                                                       "kafka-3"]
    assert [h.name for h in groups["env_prod"].get_hosts()] == ["kafka-1"]
    assert [h.name for h in groups["env_none"].get_hosts()] == ["kafka-2"]
    assert [h.name for h in groups["big"].get_hosts()] == ["kafka-2"]
    host = plugin.inventory.get_host("kafka-1").get_vars()
    assert host["ansible_connection"] == "local"
    assert host["ansible_python_interpreter"] == "{{ ansible_playbook_python }}"
    assert host["bootstrap"] == "10.0.0.1:9092"


def test_without_local_connection_no_connection_variables(tmp_path):
    plugin = plugin_with({"local_connection": False}, tmp_path)
    plugin._populate(records_of(instance(1)))
    host = plugin.inventory.get_host("kafka-1").get_vars()
    assert "ansible_connection" not in host and "ansible_python_interpreter" not in host


def test_hostnames_take_the_first_free_candidate_then_the_id(tmp_path):
    t = inv.trust_as_template
    plugin = plugin_with({"hostnames": ["dms_kafka_name", t("dms_kafka_name ~ '.' ~ dms_kafka_port")]},
                         tmp_path)
    plugin._populate(records_of(instance(1, name="same"), instance(2, name="same"),
                                instance(3, name="same")))
    names = sorted(plugin.inventory.hosts)
    assert names == ["00000000-0000-4000-8000-000000000003", "same", "same.9092"]


def test_verify_file_accepts_only_its_own_suffixes(tmp_path):
    plugin = inv.InventoryModule()
    for name, ok in [("dms_kafka.yml", True), ("prod.dms_kafka.yaml", True),
                     ("hosts.yml", False), ("dms_kafka.json", False), ("aws_ec2.yml", False)]:
        path = tmp_path / name
        path.write_text("plugin: hwcloud.dms.dms_kafka\n")
        assert bool(plugin.verify_file(str(path))) is ok, name
    assert not plugin.verify_file(str(tmp_path / "missing.dms_kafka.yml"))
