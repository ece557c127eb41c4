"""5.10 Other APIs: maintenance windows, AZs, products, ces-hierarchy, flavor vCPUs."""

from __future__ import annotations

import json
import os
import re

import pytest

from conftest import PROJECT, REGION, assert_error

SPEC_DIR = "/work/shared/spec"
EXAMPLES = json.load(open(os.path.join(SPEC_DIR, "examples.json")))

V1_BODY = {
    "engine": "kafka",
    "engine_version": "2.3.0",
    "specification": "100MB",
    "storage_space": 600,
    "partition_num": 300,
    "vpc_id": "2a6b5c3e-1f2d-4e5f-8a9b-0c1d2e3f4a5b",
    "subnet_id": "3b7c6d4f-2e3a-4f5a-9b0c-1d2e3f4a5b6c",
    "security_group_id": "4c8d7e5a-3f4b-4a6b-8c1d-2e3f4a5b6c7d",
    "product_id": "00300-30308-0--0",
    "kafka_manager_user": "manager",
    "kafka_manager_password": "Manager@123",
    "storage_spec_code": "dms.physical.storage.high",
}


def v1_instance(api, name="kafka-v1-inst", running=True, **over):
    azs = api.get("/v2/available-zones").json()["available_zones"]
    body = dict(V1_BODY, name=name, available_zones=[azs[0]["id"]])
    body.update(over)
    r = api.post("/v1.0/{project_id}/instances", json=body)
    assert r.status_code == 200, r.text
    iid = r.json()["instance_id"]
    if running:
        api.advance(3600)
    return iid


def is_type(value, kind):
    return {
        "String": lambda v: isinstance(v, str),
        "Integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
        "Long": lambda v: isinstance(v, int) and not isinstance(v, bool),
        "Boolean": lambda v: isinstance(v, bool),
        "Array": lambda v: isinstance(v, list),
        "Object": lambda v: isinstance(v, dict),
    }[kind](value)


def check_types(obj, table):
    for key, kind in table.items():
        assert key in obj, (key, obj)
        assert is_type(obj[key], kind), (key, kind, obj[key])


# --------------------------------------------------------------------------- 5.10.1


def test_maintain_windows(api):
    r = api.get("/v2/instances/maintain-windows")
    assert r.status_code == 200
    windows = r.json()["maintain_windows"]
    assert len(windows) == 6
    for w in windows:
        check_types(w, {"default": "Boolean", "end": "String", "begin": "String", "seq": "Integer"})
        assert re.match(r"^\d\d$", w["begin"]) and re.match(r"^\d\d$", w["end"])
    assert [w["seq"] for w in windows] == [1, 2, 3, 4, 5, 6]
    assert [w for w in windows if w["default"]] == [{"default": True, "seq": 2, "begin": "02", "end": "06"}]
    assert [(w["begin"], w["end"]) for w in windows][4] == ("14", "18")


def test_catalog_needs_auth(api):
    for path in ("/v2/instances/maintain-windows", "/v2/available-zones", "/v2/kafka/products"):
        assert_error(api.get(path, sign=False), 401, "DMS.10240103")
    assert_error(api.get("/v2/available-zones", sk="wrong-secret"), 401, "DMS.10240101")


# --------------------------------------------------------------------------- 5.10.2


def test_available_zones(api):
    r = api.get("/v2/available-zones")
    assert r.status_code == 200
    body = r.json()
    assert body["region_id"] == REGION
    zones = body["available_zones"]
    assert len(zones) >= 3
    for z in zones:
        check_types(z, {"soldOut": "Boolean", "id": "String", "code": "String", "name": "String", "port": "String",
                        "resource_availability": "String", "default_az": "Boolean", "remain_time": "Long",
                        "ipv6_enable": "Boolean"})
        assert z["resource_availability"] in ("true", "false")
        assert z["code"].startswith(REGION)
        assert re.match(r"^[0-9a-f]{32}$", z["id"])
    assert sum(z["default_az"] for z in zones) == 1
    ids = [z["id"] for z in zones]
    assert "d539378ec1314c85b76fefa3f7071458" in ids and "9f1c5806706d4c1fb0eb72f0a9b18c77" in ids


# --------------------------------------------------------------------------- 5.10.3

PRODUCT_TYPES = {"type": "String", "product_id": "String", "ecs_flavor_id": "String", "billing_code": "String",
                 "arch_types": "Array", "charging_mode": "Array", "ios": "Array", "support_features": "Array",
                 "properties": "Object"}
PROPERTY_KEYS = ("max_partition_per_broker", "max_broker", "max_storage_per_node", "max_consumer_per_broker",
                 "min_broker", "max_bandwidth_per_broker", "min_storage_per_node", "max_tps_per_broker",
                 "product_alias")


def test_products(api):
    r = api.get("/v2/kafka/products")
    assert r.status_code == 200
    body = r.json()
    assert body["engine"] == "kafka"
    assert all(isinstance(v, str) for v in body["versions"]) and "2.7" in body["versions"]
    ids = [p["product_id"] for p in body["products"]]
    for pid in ("c6.2u4g.cluster", "c6.4u8g.cluster", "c6.8u16g.cluster", "c6.12u24g.cluster",
                "c6.16u32g.cluster", "c6.2u4g.cluster.dec"):
        assert pid in ids
    for p in body["products"]:
        check_types(p, PRODUCT_TYPES)
        assert p["type"] in ("single", "cluster")
        assert set(p["properties"]) == set(PROPERTY_KEYS)
        assert all(isinstance(v, str) for v in p["properties"].values())
        for io in p["ios"]:
            check_types(io, {"io_spec": "String", "type": "String", "available_zones": "Array",
                             "unavailable_zones": "Array"})
        for f in p["support_features"]:
            check_types(f, {"name": "String", "properties": "Object"})
            assert set(f["properties"]) <= {"max_task", "min_task", "max_node", "min_node"}
            assert all(isinstance(v, str) for v in f["properties"].values())
    by_id = {p["product_id"]: p for p in body["products"]}
    assert by_id["c6.2u4g.cluster"]["properties"]["product_alias"] == "kafka.2u4g.cluster"
    assert by_id["c6.2u4g.cluster"]["properties"]["max_broker"] == "30"
    assert by_id["c6.8u16g.cluster"]["properties"]["max_broker"] == "50"
    assert {io["io_spec"] for io in by_id["c6.2u4g.cluster"]["ios"]} == {
        "dms.physical.storage.high.v2", "dms.physical.storage.ultra.v2"}


def test_products_filter_and_engine(api):
    r = api.get("/v2/kafka/products", params={"product_id": "c6.4u8g.cluster"})
    assert [p["product_id"] for p in r.json()["products"]] == ["c6.4u8g.cluster"]
    r = api.get("/v2/kafka/products", params={"product_id": "nope"})
    assert r.status_code == 200 and r.json()["products"] == []
    assert api.get("/v2/KAFKA/products").status_code == 200
    assert_error(api.get("/v2/rabbitmq/products"), 400, "DMS.00400007")
    assert_error(api.post("/v2/kafka/products", json={}), 405, "DMS.00405001")


# --------------------------------------------------------------------------- 5.10.4


def test_ces_hierarchy(api):
    iid = v1_instance(api)
    for name, parts in (("aaaa", 1), ("mytest", 3)):
        r = api.post("/v1.0/{project_id}/instances/%s/topics" % iid, json={"id": name, "partition": parts})
        assert r.status_code == 200, r.text
    r = api.get("/v2/{project_id}/instances/%s/ces-hierarchy" % iid)
    assert r.status_code == 200, r.text
    body = r.json()
    check_types(body, {"dimensions": "Array", "instance_ids": "Array", "nodes": "Array", "queues": "Array",
                       "groups": "Array"})
    names = [d["name"] for d in body["dimensions"]]
    assert names[:2] == ["kafka_instance_id", "kafka_broker"] and "kafka_topics" in names
    for d in body["dimensions"]:
        check_types(d, {"name": "String", "metrics": "Array", "key_name": "Array", "dim_router": "Array"})
        for c in d.get("children", []):
            check_types(c, {"name": "String", "metrics": "Array", "key_name": "Array", "dim_router": "Array"})
    assert body["instance_ids"] == [{"name": iid}]
    assert body["nodes"] == [{"name": "broker-0"}, {"name": "broker-1"}, {"name": "broker-2"}]
    queues = {q["name"]: q["partitions"] for q in body["queues"]}
    assert queues == {"aaaa": [{"name": "0"}], "mytest": [{"name": "0"}, {"name": "1"}, {"name": "2"}]}
    for g in body["groups"]:
        check_types(g, {"name": "String", "queues": "Array"})


def test_ces_hierarchy_groups(api):
    iid = v1_instance(api)
    assert api.post("/v1.0/{project_id}/instances/%s/topics" % iid, json={"id": "mytest"}).status_code == 200
    r = api.post("/v2/{project_id}/kafka/instances/%s/group" % iid, json={"group_name": "test-consumer-group"})
    if r.status_code == 404 and r.json()["error_code"] == "DMS.00404001":
        pytest.skip("consumer groups not served")
    assert r.status_code == 200, r.text
    hook = api.http.post(api.base_url + "/_emulator/instances/%s/groups/test-consumer-group" % iid,
                         json={"offsets": [{"topic": "mytest", "partition": p, "offset": 5} for p in range(3)]})
    assert hook.status_code == 200, hook.text
    body = api.get("/v2/{project_id}/instances/%s/ces-hierarchy" % iid).json()
    assert body["groups"] == [{"name": "test-consumer-group", "queues": [
        {"name": "mytest", "partitions": [{"name": "0"}, {"name": "1"}, {"name": "2"}]}]}]


def test_ces_hierarchy_not_found(api):
    assert_error(api.get("/v2/{project_id}/instances/%s/ces-hierarchy" % "1b7c2f4e-0000-4000-8000-000000000000"),
                 404, "DMS.00404022")
    assert_error(api.get("/v2/{project_id}/instances/not-a-uuid/ces-hierarchy"), 400, "DMS.00400061")
    other = "f" * 32
    assert_error(api.get("/v2/%s/instances/%s/ces-hierarchy" % (other, "1b7c2f4e-0000-4000-8000-000000000000")),
                 401, "DMS.10240104")


# --------------------------------------------------------------------------- 5.10.5


def test_cores(api):
    iid = v1_instance(api)
    r = api.get("/v2/kafka/products/cores", params={"instance_id": iid, "product_id": "c6.4u8g.cluster"})
    assert r.status_code == 200, r.text
    assert r.json() == {"core_num": 12}  # 4 vCPUs x 3 brokers
    assert isinstance(r.json()["core_num"], int)
    r = api.get("/v2/kafka/products/cores", params={"instance_id": iid, "product_id": "c6.2u4g.cluster"})
    assert r.json()["core_num"] == 6


def test_cores_validation(api):
    iid = v1_instance(api)
    assert_error(api.get("/v2/kafka/products/cores", params={"product_id": "c6.2u4g.cluster"}), 400, "DMS.00400800")
    assert_error(api.get("/v2/kafka/products/cores", params={"instance_id": iid}), 400, "DMS.00400800")
    assert_error(api.get("/v2/kafka/products/cores", params={"instance_id": iid, "product_id": "x.1u1g"}),
                 400, "DMS.00400009")
    assert_error(api.get("/v2/kafka/products/cores", params={
        "instance_id": "1b7c2f4e-0000-4000-8000-000000000000", "product_id": "c6.2u4g.cluster"}), 404,
        "DMS.00404022")


# --------------------------------------------------------------------------- examples.json

CATALOG_SECTIONS = ["5.10.1", "5.10.2", "5.10.3", "5.10.4", "5.10.5"]


def fill(text, values):
    for k, v in values.items():
        text = text.replace("{{%s}}" % k, v).replace("{%s}" % k, v).replace("[%s]" % k, v)
    return text


def _example_cases(sections):
    for s in sections:
        entry = EXAMPLES[s]
        for i, req in enumerate(entry["requests"]):
            yield pytest.param(s, i, id="%s-%d" % (s, i))


@pytest.mark.parametrize("section,index", list(_example_cases(CATALOG_SECTIONS)))
def test_catalog_examples(api, section, index):
    entry = EXAMPLES[section]
    req = entry["requests"][index]
    iid = v1_instance(api, name="kafka-example")
    values = {"project_id": PROJECT, "instance_id": iid, "engine": "kafka"}
    path = fill(req["path"], values)
    params = {k: fill(v, values) for k, v in (req.get("query") or {}).items()}
    if section == "5.10.5":  # both query parameters are mandatory (Table 5-266); the example omits them
        params.update({"instance_id": iid, "product_id": "c6.2u4g.cluster"})
    r = api.request(req["method"], path, params=params or None, json_body=req.get("body"))
    assert r.status_code == 200, r.text
    for resp in entry["responses"]:
        body = resp["body"]
        if isinstance(body, dict) and "raw" not in body:
            assert set(body) <= set(r.json()), (set(body) - set(r.json()))
            for k, v in body.items():
                if isinstance(v, list) and v and isinstance(v[0], dict):
                    assert set(v[0]) <= set(r.json()[k][0])
        elif isinstance(body, dict):
            # unparseable (garbled) example: the top-level keys it prints must still be there
            top = set(re.findall(r'^\s{0,4}"(\w+)"\s*:', body["raw"], re.M))
            assert top & set(r.json()), top
