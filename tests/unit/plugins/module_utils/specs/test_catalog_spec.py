# -*- coding: utf-8 -*-
# Copyright (c) 2026, hwcloud.dms contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The catalog declarations (_specs/catalog.py): normalisers, filters, reads, module runs."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import importlib
import json

import pytest
import yaml
from ansible_collections.hwcloud.dms.tests.unit.compat.module_args import patch_module_args

from ansible_collections.hwcloud.dms.plugins.module_utils._specs import catalog as cat

from ..conftest import ScriptedServer, reply

IID = "6f3c6a7e-42c4-4a8f-9c3e-0f1d2b3c4d5e"
AZ1 = "38b0f7a602344246bcb0da47b5d548e7"
AZ2 = "d539378ec1314c85b76fefa3f7071458"
CONNECTION = dict(region="ap-southeast-1", project_id="pid123", access_key="AK",
                  secret_key="SK-SECRET-VALUE")

ZONES = {"region_id": "ap-southeast-1", "available_zones": [
    {"soldOut": False, "id": AZ1, "code": "ap-southeast-1a", "name": "AZ1", "port": "8002",
     "resource_availability": "true", "default_az": False, "remain_time": 9223372036854775807,
     "ipv6_enable": False},
    {"soldOut": True, "id": AZ2, "code": "ap-southeast-1b", "name": "AZ2", "port": "8003",
     "resource_availability": "false", "default_az": True, "remain_time": 0, "ipv6_enable": False},
]}


def _product(pid, kind="cluster", ios=None, charging=("monthly", "hourly"), arch=("X86",)):
    return {"type": kind, "product_id": pid, "ecs_flavor_id": "c6.large.2", "arch_types": list(arch),
            "charging_mode": list(charging),
            "ios": ios if ios is not None else [
                {"io_spec": "dms.physical.storage.high.v2", "type": "evs",
                 "available_zones": [AZ1, AZ2], "unavailable_zones": []},
                {"io_spec": "dms.physical.storage.ultra.v2", "type": "evs",
                 "available_zones": [AZ1], "unavailable_zones": [AZ2]}],
            "support_features": [{"name": "connector_obs", "properties": {
                "max_task": "10", "min_task": "1", "max_node": "10", "min_node": "2"}}],
            "properties": {"max_partition_per_broker": "250", "max_broker": "30", "min_broker": "3",
                           "max_storage_per_node": "10000", "min_storage_per_node": "100",
                           "max_bandwidth_per_broker": "100", "max_tps_per_broker": "30000",
                           "max_consumer_per_broker": "4000", "product_alias": "kafka.2u4g.cluster"},
            "available_zones": [AZ1], "unavailable_zones": []}


PRODUCTS = {"engine": "kafka", "versions": ["1.1.0", 2.7, "3.x"], "products": [
    _product("c6.2u4g.cluster"),
    _product("c6.4u8g.cluster", ios=[{"io_spec": "dms.physical.storage.ultra.v2", "type": "evs",
                                      "available_zones": [AZ1, AZ2], "unavailable_zones": []}]),
    _product("s6.2u4g.single", kind="single", charging=("monthly",)),
]}


# --------------------------------------------------------------------------- normalisers
@pytest.mark.parametrize("value, expected", [
    ("250", 250), ("-3", -3), ("1.5", 1.5), ("1.0", 1), ("1.7e-05", 1.7e-05), ("12K", "12K"),
    ("", ""), (None, None), (True, True), (7, 7), (" 42 ", 42), ("kafka.2u4g", "kafka.2u4g"),
])
def test_to_number(value, expected):
    assert cat.to_number(value) == expected
    assert type(cat.to_number(value)) is type(expected)


@pytest.mark.parametrize("value, expected", [
    ("true", True), ("FALSE", False), (" True ", True), ("yes", "yes"), (True, True), (None, None),
])
def test_to_bool(value, expected):
    assert cat.to_bool(value) is expected or cat.to_bool(value) == expected


def test_to_text_keeps_versions_as_strings():
    assert [cat.to_text(v) for v in ["1.1.0", 2.7, "3.x", None]] == ["1.1.0", "2.7", "3.x", None]


def test_numeric_map_keeps_product_alias_text():
    props = PRODUCTS["products"][0]["properties"]
    out = cat.numeric_map(props)
    assert out["max_partition_per_broker"] == 250 and out["max_tps_per_broker"] == 30000
    assert out["product_alias"] == "kafka.2u4g.cluster"
    assert props["max_broker"] == "30"  # input untouched
    assert cat.numeric_map(None) is None


def test_normalise_zone():
    zone = cat.normalise_zone(ZONES["available_zones"][0])
    assert zone == {"soldOut": False, "id": AZ1, "code": "ap-southeast-1a", "name": "AZ1",
                    "port": 8002, "resource_availability": True, "default_az": False,
                    "remain_time": 9223372036854775807, "ipv6_enable": False}
    assert cat.zone_available(zone)
    assert not cat.zone_available(cat.normalise_zone(ZONES["available_zones"][1]))
    assert cat.normalise_zone({"soldOut": "true"}) == {"soldOut": True}


def test_normalise_product():
    raw = PRODUCTS["products"][0]
    out = cat.normalise_product(raw)
    assert out["properties"]["max_broker"] == 30
    assert out["support_features"][0]["properties"] == {"max_task": 10, "min_task": 1,
                                                        "max_node": 10, "min_node": 2}
    assert out["ios"] == raw["ios"] and out["product_id"] == "c6.2u4g.cluster"
    assert raw["support_features"][0]["properties"]["max_task"] == "10"
    assert cat.normalise_product({"product_id": "x"}) == {"product_id": "x"}


@pytest.mark.parametrize("window, begin, begin_time, end_time", [
    ({"seq": 1, "begin": "22", "end": "02", "default": False}, "22", "22:00:00", "02:00:00"),
    ({"seq": "2", "begin": "2", "end": "6", "default": "true"}, "2", "02:00:00", "06:00:00"),
    # the v1 (7.1.2.3) form
    ({"seq": 3, "begin": "06:00:00", "end": "10:00", "default": False}, "06", "06:00:00", "10:00:00"),
])
def test_normalise_window(window, begin, begin_time, end_time):
    out = cat.normalise_window(window)
    assert (out["begin"], out["begin_time"], out["end_time"]) == (begin, begin_time, end_time)
    assert isinstance(out["seq"], int) and isinstance(out["default"], bool)


# --------------------------------------------------------------------------- filters
def test_filter_zones():
    zones = [cat.normalise_zone(z) for z in ZONES["available_zones"]]
    assert [z["id"] for z in cat.filter_zones(zones)] == [AZ1, AZ2]
    assert [z["id"] for z in cat.filter_zones(zones, ["AZ2"])] == [AZ2]
    assert [z["id"] for z in cat.filter_zones(zones, ["ap-southeast-1a", AZ2])] == [AZ1, AZ2]
    assert [z["id"] for z in cat.filter_zones(zones, available_only=True)] == [AZ1]
    assert cat.filter_zones(zones, ["nowhere"]) == []


def ids(items):
    return [p["product_id"] for p in items]


def test_filter_products():
    products = [cat.normalise_product(p) for p in PRODUCTS["products"]]
    assert ids(cat.filter_products(products)) == ["c6.2u4g.cluster", "c6.4u8g.cluster",
                                                  "s6.2u4g.single"]
    assert ids(cat.filter_products(products, flavor_type="single")) == ["s6.2u4g.single"]
    assert ids(cat.filter_products(products, charging_mode="postPaid")) == [
        "c6.2u4g.cluster", "c6.4u8g.cluster"]
    assert ids(cat.filter_products(products, charging_mode="prePaid")) == ids(products)
    assert cat.filter_products(products, arch_type="ARM") == []
    # storage type and AZs narrow the ios; a product with none left is dropped
    both = cat.filter_products(products, availability_zones=[AZ1, AZ2])
    assert ids(both) == ["c6.2u4g.cluster", "c6.4u8g.cluster", "s6.2u4g.single"]
    assert [io["io_spec"] for io in both[0]["ios"]] == ["dms.physical.storage.high.v2"]
    ultra = cat.filter_products(products, storage_spec_code="dms.physical.storage.ultra.v2",
                                availability_zones=[AZ2])
    assert ids(ultra) == ["c6.4u8g.cluster"]
    assert len(products[0]["ios"]) == 2  # input untouched


def test_duplicates_problem():
    assert cat.duplicates_problem("name", ["a", "b"]) is None
    assert cat.duplicates_problem("name", None) is None
    assert cat.duplicates_problem("name", ["a", "b", "a", "b", "a"]) == \
        "name: 'a', 'b' listed more than once"


# --------------------------------------------------------------------------- module runs
def run(capsys, module, args, server, make_client):
    """Run ``plugins/modules/<module>.py`` main() against ``server``; return its JSON."""
    mod = importlib.import_module("ansible_collections.hwcloud.dms.plugins.modules." + module)
    runner = {
        "dms_kafka_az_info": cat.run_az_info_module,
        "dms_kafka_flavor_info": cat.run_flavor_info_module,
        "dms_kafka_maintenance_window_info": cat.run_maintenance_window_info_module,
        "dms_kafka_extend_info": cat.run_extend_info_module,
    }[module]
    assert mod.main.__code__.co_names[-1] == runner.__name__  # the module calls this runner
    full = dict(CONNECTION)
    full.update(args)
    with patch_module_args(full):
        with pytest.raises(SystemExit):
            runner(client_factory=lambda params, **kw: make_client(server, **kw))
    return json.loads(capsys.readouterr().out)


def test_az_info(capsys, make_client):
    server = ScriptedServer([reply(200, ZONES)])
    out = run(capsys, "dms_kafka_az_info", {"name": ["AZ1", AZ2], "_ansible_check_mode": True},
              server, make_client)
    assert out["changed"] is False
    assert out["region_id"] == "ap-southeast-1"
    assert [z["id"] for z in out["availability_zones"]] == [AZ1, AZ2]
    assert out["availability_zones"][1]["port"] == 8003
    assert [r.url.path for r in server.requests] == ["/v2/available-zones"]


def test_az_info_duplicates_fail_before_any_request(capsys, make_client):
    server = ScriptedServer([])
    out = run(capsys, "dms_kafka_az_info", {"name": ["AZ1", "AZ1"]}, server, make_client)
    assert out["failed"] and out["msg"] == "name: 'AZ1' listed more than once"
    assert server.requests == []


def test_maintenance_windows_sorted_by_seq(capsys, make_client):
    body = {"maintain_windows": [{"default": False, "end": "10", "begin": "06", "seq": 3},
                                 {"default": True, "end": "06", "begin": "02", "seq": 2},
                                 {"default": False, "end": "02", "begin": "22", "seq": 1}]}
    server = ScriptedServer([reply(200, body), reply(200, body)])
    out = run(capsys, "dms_kafka_maintenance_window_info", {}, server, make_client)
    assert [w["seq"] for w in out["maintenance_windows"]] == [1, 2, 3]
    assert out["maintenance_windows"][0]["begin_time"] == "22:00:00"
    out = run(capsys, "dms_kafka_maintenance_window_info", {"default_only": True}, server, make_client)
    assert [w["seq"] for w in out["maintenance_windows"]] == [2]
    assert server.requests[0].url.path == "/v2/instances/maintain-windows"


def test_flavor_info_filters_and_query(capsys, make_client):
    server = ScriptedServer([reply(200, PRODUCTS)])
    out = run(capsys, "dms_kafka_flavor_info",
              {"flavor_id": "c6.4u8g.cluster", "availability_zones": [AZ2]}, server, make_client)
    assert [p["product_id"] for p in out["flavors"]] == ["c6.4u8g.cluster"]
    assert out["versions"] == ["1.1.0", "2.7", "3.x"]
    assert out["flavors"][0]["properties"]["max_broker"] == 30
    assert "instance_id" not in out
    request = server.requests[0]
    assert request.url.path == "/v2/kafka/products"
    assert dict(request.url.params) == {"product_id": "c6.4u8g.cluster"}


def test_flavor_info_core_num_for_an_instance(capsys, make_client):
    def cores(request):
        product = request.url.params["product_id"]
        assert request.url.params["instance_id"] == IID
        if product == "s6.2u4g.single":
            return reply(400, {"error_code": "DMS.00400009", "error_msg": "Invalid product_id."})
        return reply(200, {"core_num": 6 if product == "c6.2u4g.cluster" else 12})

    server = ScriptedServer(routes={
        ("GET", "/v2/pid123/instances/" + IID): lambda r: reply(200, {"instance_id": IID,
                                                                      "name": "orders"}),
        ("GET", "/v2/kafka/products"): lambda r: reply(200, PRODUCTS),
        ("GET", "/v2/kafka/products/cores"): cores,
    })
    out = run(capsys, "dms_kafka_flavor_info", {"instance": IID}, server, make_client)
    assert out["instance_id"] == IID
    assert [(p["product_id"], p["core_num"]) for p in out["flavors"]] == [
        ("c6.2u4g.cluster", 6), ("c6.4u8g.cluster", 12), ("s6.2u4g.single", None)]


def test_flavor_info_unknown_instance_is_empty(capsys, make_client):
    server = ScriptedServer(routes={
        ("GET", "/v2/pid123/instances"): lambda r: reply(200, {"instances": [], "instance_num": 0}),
    })
    out = run(capsys, "dms_kafka_flavor_info", {"instance": "nope"}, server, make_client)
    assert out["flavors"] == [] and out["instance_id"] is None and out["changed"] is False
    assert [r.url.path for r in server.requests] == ["/v2/pid123/instances"]


def test_extend_info(capsys, make_client):
    body = {"engine": "kafka", "versions": ["2.7", 3], "products": PRODUCTS["products"][:1]}
    server = ScriptedServer(routes={
        ("GET", "/v2/pid123/instances"): lambda r: reply(200, {
            "instances": [{"instance_id": IID, "name": "orders"}], "instance_num": 1}),
        ("GET", "/v2/pid123/kafka/instances/%s/extend" % IID): lambda r: reply(200, body),
    })
    out = run(capsys, "dms_kafka_extend_info", {"instance": "orders"}, server, make_client)
    assert out["instance_id"] == IID and out["versions"] == ["2.7", "3"]
    assert out["flavors"][0]["properties"]["max_storage_per_node"] == 10000
    assert dict(server.requests[-1].url.params) == {"type": "advanced"}


def test_extend_info_instance_gone_is_empty(capsys, make_client):
    gone = {"error_code": "DMS.00404022", "error_msg": "This instance does not exist."}
    server = ScriptedServer(routes={
        ("GET", "/v2/pid123/instances/" + IID): lambda r: reply(200, {"instance_id": IID}),
        ("GET", "/v2/pid123/kafka/instances/%s/extend" % IID): lambda r: reply(404, gone),
    })
    out = run(capsys, "dms_kafka_extend_info", {"instance": IID}, server, make_client)
    assert out["flavors"] == [] and out["instance_id"] is None


def test_extend_info_flow_control_is_retried_not_missing(capsys, make_client):
    answers = [reply(404, {"error_code": "DMS.10240407", "error_msg": "too frequent"}),
               reply(200, {"engine": "kafka", "versions": [], "products": []})]
    server = ScriptedServer(routes={
        ("GET", "/v2/pid123/instances/" + IID): lambda r: reply(200, {"instance_id": IID}),
        ("GET", "/v2/pid123/kafka/instances/%s/extend" % IID): lambda r: answers.pop(0),
    })
    out = run(capsys, "dms_kafka_extend_info", {"instance": IID}, server, make_client)
    assert out["instance_id"] == IID and "failed" not in out
    assert len(server.requests) == 3


def test_extend_info_empty_instance_fails_locally(capsys, make_client):
    server = ScriptedServer([])
    out = run(capsys, "dms_kafka_extend_info", {"instance": "  "}, server, make_client)
    assert out["failed"] and out["msg"].startswith("instance: must not be empty")
    assert server.requests == []


# --------------------------------------------------------------------------- docs vs argspec
@pytest.mark.parametrize("module, argspec", [
    ("dms_kafka_az_info", cat.AZ_OPTIONS),
    ("dms_kafka_flavor_info", cat.FLAVOR_OPTIONS),
    ("dms_kafka_maintenance_window_info", cat.WINDOW_OPTIONS),
    ("dms_kafka_extend_info", cat.EXTEND_OPTIONS),
])
def test_documentation_matches_argspec(module, argspec):
    mod = importlib.import_module("ansible_collections.hwcloud.dms.plugins.modules." + module)
    doc = yaml.safe_load(mod.DOCUMENTATION)
    assert doc["module"] == module and doc["version_added"] == "0.1.0"
    assert set(doc["options"]) == set(argspec)
    for name, spec in argspec.items():
        documented = doc["options"][name]
        for key in ("type", "elements", "choices", "default", "aliases"):
            assert documented.get(key) == spec.get(key), (module, name, key)
        assert bool(documented.get("required")) == bool(spec.get("required")), (module, name)
    yaml.safe_load(mod.EXAMPLES)
    returned = yaml.safe_load(mod.RETURN)
    assert all("sample" in v or "contains" in v for v in returned.values())
