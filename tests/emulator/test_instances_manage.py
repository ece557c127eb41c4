"""5.2.1-5.2.8, 5.2.13-5.2.15 instance management, 5.3 specification changes, 5.4.1 auto topic creation."""

from __future__ import annotations

import json

import pytest

from conftest import assert_error
from test_instances import EIPS, INST, SASL, check_types, create, show

MISSING = "11111111-2222-3333-4444-555555555555"


def p(iid, suffix, prefix="/v2/{project_id}/instances/"):
    return prefix + iid + suffix


# --------------------------------------------------------------------------- 5.2.1 reset password


def test_reset_password(api):
    iid = create(api, **SASL)
    r = api.post(p(iid, "/password"), json={"new_password": "N3w-Passw0rd"})
    assert r.status_code == 204 and r.content == b""


@pytest.mark.parametrize("body,code", [
    ({}, "DMS.00400012"),
    ({"new_password": "short"}, "DMS.00400012"),
    ({"new_password": "onlylowercase"}, "DMS.00400012"),
    ({"new_password": "-Passw0rd!x"}, "DMS.00400012"),
    ({"new_password": 12345678}, "DMS.00400012"),
])
def test_reset_password_validation(api, body, code):
    iid = create(api, **SASL)
    assert_error(api.post(p(iid, "/password"), json=body), 400, code)


def test_reset_password_ssl_off_and_missing(api, instance_id):
    assert_error(api.post(p(instance_id, "/password"), json={"new_password": "N3w-Passw0rd"}), 400, "DMS.00400971")
    assert_error(api.post(p(MISSING, "/password"), json={"new_password": "N3w-Passw0rd"}), 404, "DMS.00404022")
    assert_error(api.post(p(instance_id, "/password"), json={"new_password": "N3w-Passw0rd"}, sign=False), 401,
                 "DMS.10240103")


# --------------------------------------------------------------------------- 5.2.2 / 5.2.3 Kafka Manager


def test_manager_password_and_restart(api, instance_id):
    r = api.put(p(instance_id, "/kafka-manager-password"), json={"new_password": "Manager@123"})
    assert r.status_code == 204 and r.content == b""
    assert_error(api.put(p(instance_id, "/kafka-manager-password"), json={"new_password": "weak"}), 400,
                 "DMS.00400012")
    assert_error(api.put(p(instance_id, "/kafka-manager-password"), json={}), 400, "DMS.00400012")
    r = api.put(p(instance_id, "/restart-kafka-manager"))
    assert r.status_code == 200
    assert r.json() == {"result": "success", "instance_id": instance_id}
    assert_error(api.put(p(MISSING, "/restart-kafka-manager")), 404, "DMS.00404022")
    assert_error(api.put(p(MISSING, "/kafka-manager-password"), json={"new_password": "Manager@123"}), 404,
                 "DMS.00404022")


# --------------------------------------------------------------------------- 5.2.4 cross-VPC


def test_cross_vpc_modify(api, instance_id):
    doc = show(api, instance_id)
    ips = doc["connect_address"].split(",")
    r = api.post(p(instance_id, "/crossvpc/modify"),
                 json={"advertised_ip_contents": {ips[0]: "10.0.0.1", ips[1]: "broker-1.example.com", ips[2]: ips[2]}})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["success"] is True
    check_types(body, {"success": "Boolean", "results": "Array"})
    for item in body["results"]:
        check_types(item, {"advertised_ip": "String", "success": "Boolean", "ip": "String"})
    assert {i["ip"]: i["advertised_ip"] for i in body["results"]}[ips[0]] == "10.0.0.1"
    info = json.loads(show(api, instance_id)["cross_vpc_info"])
    assert info[ips[0]]["advertised_ip"] == "10.0.0.1"
    assert info[ips[1]]["advertised_ip"] == "broker-1.example.com"


@pytest.mark.parametrize("contents", [None, {}, [], "x", {"10.9.9.9": "10.0.0.1"}, "FIRST:bad value!",
                                      "FIRST:", "DUP"])
def test_cross_vpc_validation(api, instance_id, contents):
    ips = show(api, instance_id)["connect_address"].split(",")
    if contents == "DUP":
        contents = {ips[0]: "10.0.0.1", ips[1]: "10.0.0.1"}
    elif isinstance(contents, str) and contents.startswith("FIRST:"):
        contents = {ips[0]: contents[len("FIRST:"):]}
    body = {} if contents is None else {"advertised_ip_contents": contents}
    assert_error(api.post(p(instance_id, "/crossvpc/modify"), json=body), 400, "DMS.00400800")


def test_cross_vpc_not_found(api):
    assert_error(api.post(p(MISSING, "/crossvpc/modify"), json={"advertised_ip_contents": {"1.1.1.1": "2.2.2.2"}}),
                 404, "DMS.00404022")


# --------------------------------------------------------------------------- 5.2.5 / 5.2.6 / 5.2.7 / 5.2.8


CLUSTER_TYPES = {"controller": "String", "brokers": "Array", "topics_count": "Integer", "partitions_count": "Integer",
                 "online_partitions_count": "Integer", "replicas_count": "Integer", "isr_replicas_count": "Integer",
                 "consumers_count": "Integer"}
BROKER_TYPES = {"host": "String", "port": "Integer", "broker_id": "String", "is_controller": "Boolean",
                "version": "String", "register_time": "Long", "is_health": "Boolean"}


def make_topic(api, iid, name="topic-1", partition=3, replication=3):
    r = api.post(p(iid, "/topics"), json={"id": name, "partition": partition, "replication": replication})
    assert r.status_code == 200, r.text


@pytest.mark.parametrize("segment", ["/management/cluster", "/manage/cluster"])
def test_cluster_metadata(api, instance_id, segment):
    make_topic(api, instance_id, "topic-a", 3, 2)
    r = api.get(p(instance_id, segment))
    assert r.status_code == 200, r.text
    cluster = r.json()["cluster"]
    check_types(cluster, CLUSTER_TYPES)
    assert len(cluster["brokers"]) == 3
    for b in cluster["brokers"]:
        check_types(b, BROKER_TYPES)
    assert sum(b["is_controller"] for b in cluster["brokers"]) == 1
    assert cluster["controller"] in [b["broker_id"] for b in cluster["brokers"] if b["is_controller"]]
    assert cluster["topics_count"] >= 1 and cluster["partitions_count"] >= 3
    assert cluster["brokers"][0]["version"] == "2.7"
    # manage/cluster is the SDK's show_kafka_cluster, whose broker model reads "health" (Table 5-44: is_health)
    assert all(("health" in b) == (segment == "/manage/cluster") for b in cluster["brokers"])
    assert all(b.get("health", True) is b["is_health"] for b in cluster["brokers"])
    assert_error(api.get(p(MISSING, segment)), 404, "DMS.00404022")


@pytest.mark.parametrize("segment", ["/management/coordinates", "/management/coordinators"])
def test_coordinators(api, instance_id, segment):
    r = api.post("/v2/{project_id}/kafka/instances/%s/group" % instance_id, json={"group_name": "group-1"})
    assert r.status_code in (200, 204), r.text
    r = api.get(p(instance_id, segment))
    assert r.status_code == 200, r.text
    coordinators = r.json()["coordinators"]
    assert isinstance(coordinators, list)
    assert [c["group_id"] for c in coordinators] == ["group-1"]
    for c in coordinators:
        check_types(c, {"group_id": "String", "id": "Integer", "host": "String", "port": "Integer"})
    assert_error(api.get(p(MISSING, segment)), 404, "DMS.00404022")


def test_topic_disk_usage(api, instance_id):
    make_topic(api, instance_id, "topic-disk", 3, 3)
    r = api.get(p(instance_id, "/topics/diskusage"))
    assert r.status_code == 200, r.text
    brokers = r.json()["broker_list"]
    assert len(brokers) == 3
    names = set()
    for b in brokers:
        check_types(b, {"broker_name": "String", "data_disk_size": "String", "data_disk_use": "String",
                        "data_disk_free": "String", "data_disk_use_percentage": "String", "status": "String",
                        "topic_list": "Array"})
        for t in b["topic_list"]:
            check_types(t, {"size": "String", "topic_name": "String", "topic_partition": "String",
                            "percentage": "Double"})
            names.add((t["topic_name"], t["topic_partition"]))
    assert {("topic-disk", "0"), ("topic-disk", "1"), ("topic-disk", "2")} <= names
    r = api.get(p(instance_id, "/topics/diskusage"), params={"minSize": "1GB", "top": "1", "percentage": "50"})
    assert r.status_code == 200
    assert all(b["topic_list"] == [] for b in r.json()["broker_list"])
    r = api.get(p(instance_id, "/topics/diskusage"), params={"top": "1"})
    assert all(len(b["topic_list"]) <= 1 for b in r.json()["broker_list"])
    # the official SDK documents minSize as 1K/1M/1G (the answer's own size notation): same meaning
    for size, kept in (("1K", True), ("1KB", True), ("1 KB", True), ("1M", False), ("1G", False)):
        r = api.get(p(instance_id, "/topics/diskusage"), params={"minSize": size})
        assert r.status_code == 200, (size, r.text)
        assert all(bool(b["topic_list"]) is kept for b in r.json()["broker_list"]), size


@pytest.mark.parametrize("params", [{"minSize": "2TB"}, {"minSize": "1T"}, {"minSize": "KB"}, {"top": "0"},
                                    {"top": "1001"}, {"percentage": "x"},
                                    {"percentage": "101"}])
def test_topic_disk_usage_validation(api, instance_id, params):
    assert_error(api.get(p(instance_id, "/topics/diskusage"), params=params), 400, "DMS.00400800")


def test_disable_kafka_manager(api, instance_id):
    path = "/v2/{project_id}/kafka/instances/%s/management" % instance_id
    r = api.delete(path)
    assert r.status_code == 200 and r.content == b""
    assert show(api, instance_id)["management_connect_address"] == ""
    assert_error(api.get(p(instance_id, "/management/cluster")), 400, "DMS.00400026")
    assert_error(api.get(p(instance_id, "/management/coordinators")), 400, "DMS.00400026")
    assert_error(api.put(p(instance_id, "/restart-kafka-manager")), 400, "DMS.00400026")
    assert api.delete(path).status_code == 200
    assert_error(api.delete("/v2/{project_id}/kafka/instances/%s/management" % MISSING), 404, "DMS.00404022")


def test_management_needs_running(api):
    iid = create(api, running=False)
    assert_error(api.get(p(iid, "/management/cluster")), 400, "DMS.00400026")
    assert_error(api.delete("/v2/{project_id}/kafka/instances/%s/management" % iid), 400, "DMS.00400026")


# --------------------------------------------------------------------------- 5.2.13 - 5.2.15 rebalance log


REBALANCE_TYPES = {"id": "String", "instanceId": "String", "status": "String", "logStreamId": "String",
                   "logGroupId": "String", "createAt": "String", "updateAt": "String"}


def test_rebalance_log(api, instance_id):
    path = "/v2/kafka/{project_id}/instances/%s/log/rebalance-log" % instance_id
    r = api.get(path)
    err = assert_error(r, 400, "DMS.00400800")
    assert err["error_message"] == err["error_msg"]
    r = api.post(path)
    assert r.status_code == 200, r.text
    assert set(r.json()) == {"job_id"}
    r = api.get(path)
    assert r.status_code == 200
    log = r.json()
    check_types(log, REBALANCE_TYPES)
    assert "dashboardId" in log
    assert log["status"] == "OPEN" and log["instanceId"] == instance_id
    # the official SDK's ShowKafkaRebalanceLogResponse reads snake_case keys, created_at/updated_at as numbers
    # (the 5.2.13 example's type): they are answered too, with the same values
    assert (log["instance_id"], log["log_stream_id"], log["log_group_id"]) == (
        log["instanceId"], log["logStreamId"], log["logGroupId"])
    assert "dashboard_id" in log and log["dashboard_id"] == log["dashboardId"]
    assert log["created_at"] == int(log["createAt"]) and log["updated_at"] == int(log["updateAt"])
    assert_error(api.post(path), 400, "DMS.00400800")
    r = api.delete(path)
    assert r.status_code == 200 and set(r.json()) == {"job_id"}
    assert_error(api.get(path), 400, "DMS.00400800")
    assert_error(api.delete(path), 400, "DMS.00400800")
    missing = "/v2/kafka/{project_id}/instances/%s/log/rebalance-log" % MISSING
    assert_error(api.get(missing), 404, "DMS.00404022")
    assert_error(api.post(missing), 404, "DMS.00404022")


# --------------------------------------------------------------------------- 5.3.1 extend


EXTEND = "/v2/{project_id}/kafka/instances/%s/extend"
LEGACY_EXTEND = "/v2/kafka/{project_id}/instances/%s/extend"


def job_status(api, iid, job):
    r = api.get("/v2/{project_id}/instances/%s/tasks/%s" % (iid, job))
    assert r.status_code == 200, r.text
    return r.json()["tasks"][0]["status"]


def test_extend_storage(api, instance_id):
    r = api.post(EXTEND % instance_id, json={"oper_type": "storage", "new_storage_space": 600})
    assert r.status_code == 200, r.text
    job = r.json()["job_id"]
    assert show(api, instance_id)["status"] == "EXTENDING"
    assert job_status(api, instance_id, job) == "EXECUTING"
    assert_error(api.post(EXTEND % instance_id, json={"oper_type": "storage", "new_storage_space": 900}), 400,
                 "DMS.00400026")
    api.advance(3600)
    doc = show(api, instance_id)
    assert doc["status"] == "RUNNING"
    assert doc["total_storage_space"] == 600 and doc["extend_times"] == 1 and doc["broker_num"] == 3
    assert job_status(api, instance_id, job) == "SUCCESS"


def test_extend_horizontal(api):
    iid = create(api, storage_space=1200)
    r = api.post(LEGACY_EXTEND % iid, json={"oper_type": "horizontal", "new_broker_num": 4, "new_storage_space": 1600,
                                            "tenant_ips": ["192.168.7.7"]})
    assert r.status_code == 200, r.text
    api.advance(3600)
    doc = show(api, iid)
    assert doc["status"] == "RUNNING"
    assert doc["broker_num"] == 4 and doc["node_num"] == 4 and doc["total_storage_space"] == 1600
    assert doc["specification"] == "kafka.2u4g.cluster * 4 broker" and doc["partition_num"] == "1000"
    assert doc["connect_address"].split(",")[3] == "192.168.7.7"
    assert len(json.loads(doc["cross_vpc_info"])) == 4
    assert doc["extend_times"] == 0


def test_extend_horizontal_public_needs_eips(api):
    iid = create(api, enable_publicip=True, publicip_id=",".join(EIPS[:3]))
    body = {"oper_type": "horizontal", "new_broker_num": 4, "new_storage_space": 400}
    assert_error(api.post(EXTEND % iid, json=body), 400, "DMS.00400128")
    assert_error(api.post(EXTEND % iid, json=dict(body, publicip_id=EIPS[0])), 400, "DMS.00400128")
    r = api.post(EXTEND % iid, json=dict(body, publicip_id=EIPS[3]))
    assert r.status_code == 200, r.text
    api.advance(3600)
    assert show(api, iid)["public_connect_address"].count(",") == 3


def test_extend_vertical(api, instance_id):
    r = api.post(EXTEND % instance_id, json={"oper_type": "vertical", "new_product_id": "c6.4u8g.cluster"})
    assert r.status_code == 200, r.text
    api.advance(3600)
    doc = show(api, instance_id)
    assert doc["product_id"] == "c6.4u8g.cluster"
    assert doc["specification"] == "kafka.4u8g.cluster * 3 broker"
    assert doc["partition_num"] == "1500"


def test_extend_failed(api, instance_id):
    api.fault(effect="extend_failed", method="POST", path="/extend$")
    r = api.post(EXTEND % instance_id, json={"oper_type": "storage", "new_storage_space": 600})
    assert r.status_code == 200
    api.advance(3600)
    doc = show(api, instance_id)
    assert doc["status"] == "EXTENDEDFAILED" and doc["total_storage_space"] == 300
    assert job_status(api, instance_id, r.json()["job_id"]) == "FAILED"


@pytest.mark.parametrize("body,code", [
    ({}, "DMS.00400800"),
    ({"oper_type": "shrink"}, "DMS.00400800"),
    ({"oper_type": "storage"}, "DMS.00400500"),
    ({"oper_type": "storage", "new_storage_space": 400}, "DMS.00400500"),
    ({"oper_type": "storage", "new_storage_space": 601}, "DMS.00400500"),
    ({"oper_type": "storage", "new_storage_space": "600"}, "DMS.00400500"),
    ({"oper_type": "storage", "new_storage_space": 30003}, "DMS.00400500"),
    ({"oper_type": "horizontal", "new_storage_space": 400}, "DMS.00400800"),
    ({"oper_type": "horizontal", "new_broker_num": 3, "new_storage_space": 300}, "DMS.00400800"),
    ({"oper_type": "horizontal", "new_broker_num": 31, "new_storage_space": 3100}, "DMS.00400800"),
    ({"oper_type": "horizontal", "new_broker_num": 4}, "DMS.00400500"),
    ({"oper_type": "horizontal", "new_broker_num": 4, "new_storage_space": 500}, "DMS.00400500"),
    ({"oper_type": "horizontal", "new_broker_num": 4, "new_storage_space": 400, "tenant_ips": ["x"]},
     "DMS.00400800"),
    ({"oper_type": "horizontal", "new_broker_num": 4, "new_storage_space": 400,
      "tenant_ips": ["192.168.9.%d" % i for i in range(5)]}, "DMS.00400800"),
    ({"oper_type": "horizontal", "new_broker_num": 4, "new_storage_space": 400,
      "tenant_ips": ["192.168.9.1", "192.168.9.1"]}, "DMS.00400800"),
    ({"oper_type": "horizontal", "new_broker_num": 4, "new_storage_space": 400, "publicip_id": "bad"},
     "DMS.00400128"),
    ({"oper_type": "horizontal", "new_broker_num": 4, "new_storage_space": 400,
      "second_tenant_subnet_id": "bad"}, "DMS.00400018"),
    ({"oper_type": "vertical"}, "DMS.00400009"),
    ({"oper_type": "vertical", "new_product_id": "c9.none"}, "DMS.00400009"),
    ({"oper_type": "vertical", "new_product_id": "c6.2u4g.cluster"}, "DMS.00400800"),
])
def test_extend_validation(api, instance_id, body, code):
    assert_error(api.post(EXTEND % instance_id, json=body), 400, code)
    assert show(api, instance_id)["status"] == "RUNNING"


def test_extend_times_limit(api, instance_id):
    total = 300
    for _ in range(20):
        total += 300
        r = api.post(EXTEND % instance_id, json={"oper_type": "storage", "new_storage_space": total})
        assert r.status_code == 200, r.text
        api.advance(3600)
    assert show(api, instance_id)["extend_times"] == 20
    r = api.post(EXTEND % instance_id, json={"oper_type": "storage", "new_storage_space": total + 300})
    assert_error(r, 400, "DMS.00400124")


def test_extend_state_and_missing(api):
    iid = create(api, running=False)
    assert_error(api.post(EXTEND % iid, json={"oper_type": "storage", "new_storage_space": 600}), 400,
                 "DMS.00400026")
    assert_error(api.post(EXTEND % MISSING, json={"oper_type": "storage", "new_storage_space": 600}), 404,
                 "DMS.00404022")
    assert_error(api.post(EXTEND % iid, json={"oper_type": "storage", "new_storage_space": 600}, sign=False), 401,
                 "DMS.10240103")


# --------------------------------------------------------------------------- 5.3.2 extend product info


PRODUCT_TYPES = {"type": "String", "product_id": "String", "ecs_flavor_id": "String", "arch_types": "Array",
                 "charging_mode": "Array", "ios": "Array", "support_features": "Array", "properties": "Object",
                 "available_zones": "Array", "unavailable_zones": "Array"}
PROPERTY_KEYS = ("max_partition_per_broker", "max_broker", "max_storage_per_node", "max_consumer_per_broker",
                 "min_broker", "max_bandwidth_per_broker", "min_storage_per_node", "max_tps_per_broker",
                 "product_alias")


@pytest.mark.parametrize("path", [EXTEND, LEGACY_EXTEND])
def test_extend_product_info(api, instance_id, path):
    r = api.get(path % instance_id, params={"type": "advanced"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["engine"] == "kafka"
    assert isinstance(body["versions"], list) and all(isinstance(v, str) for v in body["versions"])
    assert body["products"]
    for product in body["products"]:
        check_types(product, PRODUCT_TYPES)
        for key in PROPERTY_KEYS:
            assert isinstance(product["properties"][key], str), key
        for io in product["ios"]:
            check_types(io, {"io_spec": "String", "available_zones": "Array", "type": "String",
                             "unavailable_zones": "Array"})
        assert not any(k.startswith("_") for k in product)
    assert_error(api.get(path % instance_id), 400, "DMS.00400800")
    assert_error(api.get(path % instance_id, params={"type": "basic"}), 400, "DMS.00400800")
    assert_error(api.get(path % MISSING, params={"type": "advanced"}), 404, "DMS.00404022")


# --------------------------------------------------------------------------- 5.4.1 auto topic creation


def test_auto_topic(api, instance_id):
    r = api.post(p(instance_id, "/autotopic"), json={"enable_auto_topic": True})
    assert r.status_code == 200 and r.content == b""
    assert show(api, instance_id)["enable_auto_topic"] is True
    task = api.get("/v2/{project_id}/instances/%s/tasks" % instance_id).json()["tasks"][0]
    assert task["name"] == "modifyAutoTopic"
    assert json.loads(task["params"]) == {"old_auto_status": False, "new_auto_status": True}
    assert_error(api.post(p(instance_id, "/autotopic"), json={}), 400, "DMS.00400800")
    assert_error(api.post(p(instance_id, "/autotopic"), json={"enable_auto_topic": "true"}), 400, "DMS.00400800")
    assert_error(api.post(p(MISSING, "/autotopic"), json={"enable_auto_topic": True}), 404, "DMS.00404022")
    assert_error(api.post(p(instance_id, "/autotopic"), json={"enable_auto_topic": True}, sign=False), 401,
                 "DMS.10240103")
