"""5.10 Other APIs (maintenance windows, AZs, products, monitoring dimensions, flavor vCPUs), driven by the
official SDK: its paths, its signer, its response models."""

import json
import re

import pytest
from huaweicloudsdkcore.exceptions import exceptions as sdk_exc
from huaweicloudsdkkafka.v2 import model as m

from emulator_harness import REGION

AZ1 = "38b0f7a602344246bcb0da47b5d548e7"
AZ2 = "d539378ec1314c85b76fefa3f7071458"
AZ3 = "9f1c5806706d4c1fb0eb72f0a9b18c77"
MISSING = "6f0e4a6b-1c2d-4e5f-8a9b-0c1d2e3f4a5b"


def _type_ok(value, typ):
    if value is None or typ == "object":
        return True
    if typ == "str":
        return isinstance(value, str)
    if typ == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    if typ == "float":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if typ == "bool":
        return isinstance(value, bool)
    return True


def wire_mismatches(data, klass, where=""):
    """Fields of a raw answer whose JSON type differs from the SDK model's declared type (the SDK itself
    coerces silently: ``str(5)``, ``bool("false") is True``)."""
    out = []
    for attr, typ in klass.openapi_types.items():
        key = klass.attribute_map[attr]
        if isinstance(data, dict) and data.get(key) is not None:
            out += _check(data[key], typ, "%s.%s" % (where, key) if where else key)
    return out


def _check(value, typ, where):
    lm = re.match(r"^list\[(.*)\]$", typ)
    if lm:
        if not isinstance(value, list):
            return ["%s: expected a list, got %r" % (where, value)]
        return [x for i, item in enumerate(value) for x in _check(item, lm.group(1), "%s[%d]" % (where, i))]
    dm = re.match(r"^dict\(str, (.*)\)$", typ)
    if dm:
        if not isinstance(value, dict):
            return ["%s: expected an object, got %r" % (where, value)]
        return [x for k, v in value.items() for x in _check(v, dm.group(1), "%s.%s" % (where, k))]
    sub = getattr(m, typ, None)
    if sub is not None and getattr(sub, "openapi_types", None):
        if not isinstance(value, dict):
            return ["%s: expected an object, got %r" % (where, value)]
        return wire_mismatches(value, sub, where)
    return [] if _type_ok(value, typ) else ["%s: expected %s, got %r" % (where, typ, value)]


def assert_wire(resp):
    bad = wire_mismatches(json.loads(resp.raw_content), type(resp))
    assert not bad, bad


def raises(status, code, fn, *args):
    with pytest.raises(sdk_exc.ClientRequestException) as info:
        fn(*args)
    assert (info.value.status_code, info.value.error_code) == (status, code), info.value.error_msg
    return info.value


# --------------------------------------------------------------------------- 5.10.1 maintenance windows


def test_show_maintain_windows(sdk):
    resp = sdk.show_maintain_windows(m.ShowMaintainWindowsRequest())
    assert resp.status_code == 200
    assert_wire(resp)
    windows = [(w.seq, w.begin, w.end, w.default) for w in resp.maintain_windows]
    assert windows == [(1, "22", "02", False), (2, "02", "06", True), (3, "06", "10", False),
                       (4, "10", "14", False), (5, "14", "18", False), (6, "18", "22", False)]


# --------------------------------------------------------------------------- 5.10.2 AZs


def test_list_available_zones(sdk):
    resp = sdk.list_available_zones(m.ListAvailableZonesRequest())
    assert resp.status_code == 200
    assert_wire(resp)
    assert resp.region_id == REGION
    by_id = {z.id: z for z in resp.available_zones}
    assert set(by_id) == {AZ1, AZ2, AZ3}
    az2 = by_id[AZ2]
    assert az2.default_az is True and az2.sold_out is False and az2.ipv6_enable is False
    assert az2.resource_availability == "true" and isinstance(az2.port, str)
    assert az2.remain_time == 9223372036854775807 and az2.code.startswith(REGION)
    assert [z.default_az for z in resp.available_zones].count(True) == 1
    raw = json.loads(resp.raw_content)["available_zones"][0]
    assert "soldOut" in raw  # the reference's (and the SDK's attribute_map) spelling


# --------------------------------------------------------------------------- 5.10.3 products


def test_list_engine_products(sdk):
    resp = sdk.list_engine_products(m.ListEngineProductsRequest(engine="kafka"))
    assert resp.status_code == 200
    assert_wire(resp)
    assert resp.engine == "kafka" and resp.versions == ["1.1.0", "2.3.0", "2.7", "3.x"]
    by_id = {p.product_id: p for p in resp.products}
    assert {"c6.2u4g.cluster", "c6.4u8g.cluster", "c6.8u16g.cluster", "c6.12u24g.cluster",
            "c6.16u32g.cluster"} <= set(by_id)
    p = by_id["c6.2u4g.cluster"]
    assert p.type == "cluster" and p.ecs_flavor_id == "c6.large.2" and p.arch_types == ["X86"]
    assert p.properties.max_partition_per_broker == "250" and p.properties.max_broker == "30"
    assert p.properties.min_broker == "3" and p.properties.product_alias == "kafka.2u4g.cluster"
    assert {io.io_spec for io in p.ios} >= {"dms.physical.storage.high.v2", "dms.physical.storage.ultra.v2"}
    assert all(io.type for io in p.ios) and p.ios[0].available_zones
    assert by_id["c6.8u16g.cluster"].properties.max_broker == "50"


def test_list_engine_products_filter_and_errors(sdk):
    resp = sdk.list_engine_products(m.ListEngineProductsRequest(engine="kafka", product_id="c6.4u8g.cluster"))
    assert [p.product_id for p in resp.products] == ["c6.4u8g.cluster"]
    resp = sdk.list_engine_products(m.ListEngineProductsRequest(engine="kafka", product_id="c6.no.such"))
    assert resp.products == []
    raises(400, "DMS.00400007", sdk.list_engine_products, m.ListEngineProductsRequest(engine="rocketmq"))


# --------------------------------------------------------------------------- 5.10.4 monitoring dimensions


def test_show_ces_hierarchy(sdk, api, instance_id):
    assert api.post("/v2/{project_id}/instances/%s/topics" % instance_id,
                    json={"id": "sdk-ces", "partition": 2}).status_code == 200
    assert api.post("/v2/{project_id}/kafka/instances/%s/group" % instance_id,
                    json={"group_name": "sdk-ces-group"}).status_code == 200
    resp = sdk.show_ces_hierarchy(m.ShowCesHierarchyRequest(instance_id=instance_id))
    assert resp.status_code == 200
    assert_wire(resp)
    assert [i.name for i in resp.instance_ids] == [instance_id]
    assert [n.name for n in resp.nodes] == ["broker-0", "broker-1", "broker-2"]
    assert [(q.name, [p.name for p in q.partitions]) for q in resp.queues] == [("sdk-ces", ["0", "1"])]
    assert [g.name for g in resp.groups] == ["sdk-ces-group"]
    dims = {d.name: d for d in resp.dimensions}
    assert dims["kafka_broker"].key_name == ["nodes"]
    assert dims["kafka_topics"].children[0].name == "kafka_partitions"
    raises(404, "DMS.00404022", sdk.show_ces_hierarchy, m.ShowCesHierarchyRequest(instance_id=MISSING))


# --------------------------------------------------------------------------- 5.10.5 vCPUs


def test_show_kafka_product_cores(sdk, instance_id):
    resp = sdk.show_kafka_product_cores(m.ShowKafkaProductCoresRequest(instance_id=instance_id,
                                                                       product_id="c6.2u4g.cluster"))
    assert resp.status_code == 200
    assert_wire(resp)
    assert resp.core_num == 6
    resp = sdk.show_kafka_product_cores(m.ShowKafkaProductCoresRequest(instance_id=instance_id,
                                                                       product_id="c6.4u8g.cluster"))
    assert resp.core_num == 12
    raises(400, "DMS.00400009", sdk.show_kafka_product_cores,
           m.ShowKafkaProductCoresRequest(instance_id=instance_id, product_id="c6.no.such"))
    raises(400, "DMS.00400800", sdk.show_kafka_product_cores,
           m.ShowKafkaProductCoresRequest(instance_id=instance_id))
    raises(404, "DMS.00404022", sdk.show_kafka_product_cores,
           m.ShowKafkaProductCoresRequest(instance_id=MISSING, product_id="c6.2u4g.cluster"))
