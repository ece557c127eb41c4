"""5.1 instance lifecycle: create, list, get, delete, modify, batch actions, configs.

Helpers at the top are shared with the other test_instances_*.py files.
"""

from __future__ import annotations

import json

import pytest

from conftest import assert_error

VPC = "2a6b5c3e-1f2d-4e5f-8a9b-0c1d2e3f4a5b"
SUBNET = "3b7c6d4f-2e3a-4f5a-9b0c-1d2e3f4a5b6c"
SG = "4c8d7e5a-3f4b-4a6b-8c1d-2e3f4a5b6c7d"
EIPS = ["5d9e8f6a-4a5c-4b7c-9d2e-3f4a5b6c7d8e", "6e0f9a7b-5b6d-4c8d-8e3f-4a5b6c7d8e9f",
        "7f1a0b8c-6c7e-4d9e-9f4a-5b6c7d8e9f0a", "8a2b1c9d-7d8f-4e0f-8a5b-6c7d8e9f0a1b"]
KMS = "9b3c2d0e-8e9a-4f1a-9b6c-7d8e9f0a1b2c"
AZ1 = "38b0f7a602344246bcb0da47b5d548e7"
AZ2 = "d539378ec1314c85b76fefa3f7071458"
AZ3 = "9f1c5806706d4c1fb0eb72f0a9b18c77"

CREATE = "/v2/{project_id}/kafka/instances"
LEGACY_CREATE = "/v2/kafka/{project_id}/instances"
INST = "/v2/{project_id}/instances/"

S, I, B, A, O = "String", "Integer", "Boolean", "Array", "Object"

# Table 5-10 ShowInstanceResp (5.1.2) / Table 5-14 (5.1.3), with the spellings the emulator answers.
SHOW_TYPES = {
    "name": S, "engine": S, "engine_version": S, "description": S, "specification": S, "storage_space": I,
    "partition_num": S, "used_storage_space": I, "dns_enable": B, "connect_address": S, "port": I, "status": S,
    "instance_id": S, "resource_spec_code": S, "charging_mode": I, "vpc_id": S, "vpc_name": S, "created_at": S,
    "subnet_name": S, "subnet_cidr": S, "user_id": S, "user_name": S, "access_user": S, "order_id": S,
    "maintain_begin": S, "maintain_end": S, "enable_publicip": B, "management_connect_address": S,
    "ssl_enable": B, "broker_ssl_enable": B, "kafka_security_protocol": S, "sasl_enabled_mechanisms": A,
    "ssl_two_way_enable": B, "cert_replaced": B, "public_management_connect_addresses": S,
    "enterprise_project_id": S, "is_logical_volume": B, "extend_times": I, "enable_auto_topic": B, "type": S,
    "product_id": S, "security_group_id": S, "security_group_name": S, "subnet_id": S, "available_zones": A,
    "available_zone_names": A, "total_storage_space": I, "public_connect_address": S,
    "public_connect_domain_name": S, "storage_resource_id": S, "storage_spec_code": S, "service_type": S,
    "storage_type": S, "retention_policy": S, "kafka_public_status": S, "public_bandwidth": I,
    "enable_log_collection": B, "new_auth_cert": B, "cross_vpc_info": S, "ipv6_enable": B,
    "ipv6_connect_addresses": A, "connector_enable": B, "connector_node_num": I, "connector_id": S,
    "rest_enable": B, "rest_connect_address": S, "public_boundwidth": I, "message_query_inst_enable": B,
    "vpc_client_plain": B, "support_features": S, "trace_enable": B, "agent_enable": B, "pod_connect_address": S,
    "disk_encrypted": B, "disk_encrypted_key": S, "kafka_private_connect_address": S,
    "kafka_private_connect_domain_name": S, "ces_version": S, "public_access_enabled": S, "node_num": I,
    "port_protocols": O, "enable_acl": B, "new_spec_billing_enable": B, "broker_num": I, "tags": A, "dr_enable": B,
}
PORT_PROTOCOLS_TYPES = {}
for _mode in ("private_plain", "private_sasl_ssl", "private_sasl_plaintext", "public_plain", "public_sasl_ssl",
              "public_sasl_plaintext"):
    PORT_PROTOCOLS_TYPES.update({_mode + "_enable": B, _mode + "_address": S, _mode + "_domain_name": S})
PORT_PROTOCOLS_TYPES["public_sasl_plain_ext_domain_name"] = S
WRITE_ONLY = ("password", "arch_type", "tenant_ips", "publicip_id", "bss_param", "port_protocol",
              "disk_encrypted_enable", "enable_public_ip")


def is_type(value, kind):
    return {
        S: lambda v: isinstance(v, str),
        I: lambda v: isinstance(v, int) and not isinstance(v, bool),
        "Long": lambda v: isinstance(v, int) and not isinstance(v, bool),
        "Double": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
        B: lambda v: isinstance(v, bool),
        A: lambda v: isinstance(v, list),
        O: lambda v: isinstance(v, dict),
        "Null": lambda v: v is None,
    }[kind](value)


def check_types(obj, table):
    for key, kind in table.items():
        assert key in obj, (key, sorted(obj))
        assert is_type(obj[key], kind), (key, kind, obj[key])


def base_body(**over):
    body = {
        "name": "kafka-test-1",
        "engine": "kafka",
        "engine_version": "2.7",
        "broker_num": 3,
        "storage_space": 300,
        "vpc_id": VPC,
        "subnet_id": SUBNET,
        "security_group_id": SG,
        "available_zones": [AZ1],
        "product_id": "c6.2u4g.cluster",
        "storage_spec_code": "dms.physical.storage.ultra.v2",
    }
    body.update(over)
    return {k: v for k, v in body.items() if v is not None}


def create(api, running=True, path=CREATE, **over):
    r = api.post(path, json=base_body(**over))
    assert r.status_code == 200, r.text
    iid = r.json()["instance_id"]
    if running:
        api.advance(3600)
        assert show(api, iid)["status"] == "RUNNING"
    return iid


def show(api, iid):
    r = api.get(INST + iid)
    assert r.status_code == 200, r.text
    return r.json()


SASL = dict(ssl_enable=True, access_user="kafka_user", password="Passw0rd!x")


# --------------------------------------------------------------------------- 5.1.1 create


def test_create_minimal_then_running(api):
    r = api.post(CREATE, json=base_body())
    assert r.status_code == 200, r.text
    assert set(r.json()) == {"instance_id"}
    iid = r.json()["instance_id"]
    doc = show(api, iid)
    assert doc["status"] == "CREATING"
    api.advance(3600)
    doc = show(api, iid)
    assert doc["status"] == "RUNNING"
    check_types(doc, SHOW_TYPES)
    check_types(doc["port_protocols"], PORT_PROTOCOLS_TYPES)
    for key in WRITE_ONLY:
        assert key not in doc
    assert not any(k.startswith("_") for k in doc)
    assert doc["engine_version"] == "2.7" and doc["charging_mode"] == 1
    assert doc["specification"] == "kafka.2u4g.cluster * 3 broker"
    assert doc["partition_num"] == "750"
    assert doc["total_storage_space"] == 300 and doc["broker_num"] == 3 and doc["node_num"] == 3
    assert doc["maintain_begin"] == "02:00:00" and doc["maintain_end"] == "06:00:00"
    assert doc["created_at"].isdigit()
    assert doc["kafka_security_protocol"] == "PLAINTEXT" and doc["ssl_enable"] is False
    assert doc["port_protocols"]["private_plain_enable"] is True
    assert doc["port_protocols"]["private_plain_address"].count(":9092") == 3
    info = json.loads(doc["cross_vpc_info"])
    assert len(info) == 3
    for ip, item in info.items():
        assert item["advertised_ip"] == ip and item["port"] == 9011
    assert doc["connect_address"].count(",") == 2
    assert doc["available_zone_names"] == ["AZ1"]
    assert doc["kafka_public_status"] == "closed"


def test_create_full_sasl_public(api):
    body = base_body(
        name="kafka-full", description="full", broker_num=3, ssl_enable=True, kafka_security_protocol="SASL_SSL",
        sasl_enabled_mechanisms=["SCRAM-SHA-512", "PLAIN"], access_user="kafka_user", password="Passw0rd!x",
        enable_publicip=True, publicip_id=",".join(EIPS[:3]), tags=[{"key": "env", "value": "test"}],
        retention_policy="time_base", disk_encrypted_enable=True, disk_encrypted_key=KMS, vpc_client_plain=True,
        enable_auto_topic=True, tenant_ips=["192.168.1.10", "192.168.1.11"], maintain_begin="22:00",
        maintain_end="02:00", arch_type="X86", enterprise_project_id="0", connector_enable=True,
        ipv6_enable=False, available_zones=[AZ1, AZ2, AZ3],
        bss_param={"charging_mode": "postPaid", "is_auto_pay": True, "is_auto_renew": False},
    )
    r = api.post(CREATE, json=body)
    assert r.status_code == 200, r.text
    api.advance(3600)
    doc = show(api, r.json()["instance_id"])
    check_types(doc, SHOW_TYPES)
    assert doc["ssl_enable"] is True and doc["access_user"] == "kafka_user"
    assert doc["sasl_enabled_mechanisms"] == ["SCRAM-SHA-512", "PLAIN"]
    assert doc["kafka_security_protocol"] == "SASL_SSL"
    assert doc["enable_publicip"] is True and doc["kafka_public_status"] == "true"
    assert doc["public_connect_address"].count(",") == 2
    # Table 5-14's spelling, and the singular one the official SDK's ShowInstanceResp reads
    assert doc["public_management_connect_addresses"].startswith("https://")
    assert doc["public_management_connect_address"] == doc["public_management_connect_addresses"]
    pp = doc["port_protocols"]
    assert pp["private_sasl_ssl_enable"] and pp["private_plain_enable"] and pp["public_sasl_ssl_enable"]
    assert not pp["public_plain_enable"] and not pp["private_sasl_plaintext_enable"]
    assert pp["public_sasl_ssl_address"].count(":9095") == 3
    assert doc["connect_address"].startswith("192.168.1.10,192.168.1.11,")
    assert doc["tags"] == [{"key": "env", "value": "test"}]
    assert doc["retention_policy"] == "time_base"
    assert doc["disk_encrypted"] is True and doc["disk_encrypted_key"] == KMS
    assert doc["vpc_client_plain"] is True and doc["enable_auto_topic"] is True
    assert doc["maintain_begin"] == "22:00:00" and doc["maintain_end"] == "02:00:00"
    assert doc["available_zones"] == [AZ1, AZ2, AZ3] and doc["available_zone_names"] == ["AZ1", "AZ2", "AZ3"]
    assert doc["connector_enable"] is True
    for key in WRITE_ONLY:
        assert key not in doc


def test_create_port_protocol_and_enable_public_ip_spelling(api):
    body = base_body(enable_public_ip=True, publicip_id=",".join(EIPS[:3]), access_user="kafka_user",
                     password="Passw0rd!x",
                     port_protocol={"private_plain_enable": True, "private_sasl_plaintext_enable": True,
                                    "public_sasl_plaintext_enable": True})
    r = api.post(CREATE, json=body)
    assert r.status_code == 200, r.text
    doc = show(api, r.json()["instance_id"])
    assert doc["enable_publicip"] is True
    pp = doc["port_protocols"]
    assert pp["private_plain_enable"] and pp["private_sasl_plaintext_enable"] and pp["public_sasl_plaintext_enable"]
    assert pp["private_sasl_plaintext_address"].count(":9093") == 3
    assert doc["kafka_security_protocol"] == "SASL_PLAINTEXT" and doc["ssl_enable"] is True


def test_create_legacy_path_and_aliases(api):
    # 7.2.1.1 / the 5.1.1 example form; vpc_client_plan and arch_type "x86" are the 7.2.1.1 spellings
    r = api.post(LEGACY_CREATE, json=base_body(vpc_client_plan=True, arch_type="x86", ssl_enable=True,
                                               access_user="kafka_user", password="Passw0rd!x"))
    assert r.status_code == 200, r.text
    doc = show(api, r.json()["instance_id"])
    assert doc["vpc_client_plain"] is True


def test_create_engine_path_must_be_kafka(api):
    r = api.post("/v2/rabbitmq/{project_id}/instances", json=base_body())
    assert_error(r, 400, "DMS.00400007")


def test_create_failed_effect(api):
    api.fault(effect="create_failed", method="POST", path="/kafka/instances$")
    iid = create(api, running=False)
    api.advance(3600)
    assert show(api, iid)["status"] == "CREATEFAILED"


def test_create_prepaid(api):
    iid = create(api, bss_param={"charging_mode": "prePaid", "period_type": "month", "period_num": 2})
    doc = show(api, iid)
    assert doc["order_id"] != ""


CREATE_ERRORS = [
    # (overrides, code)
    ({"name": None}, "DMS.00400010"),
    ({"name": "abc"}, "DMS.00400010"),
    ({"name": "1abc"}, "DMS.00400010"),
    ({"name": "a" * 65}, "DMS.00400010"),
    ({"name": "kafka.bad"}, "DMS.00400010"),
    ({"description": "x" * 1025}, "DMS.00400011"),
    ({"engine": "rabbitmq"}, "DMS.00400007"),
    ({"engine": None}, "DMS.00400007"),
    ({"engine_version": "9.9"}, "DMS.00400008"),
    ({"engine_version": None}, "DMS.00400008"),
    ({"product_id": "c9.nope"}, "DMS.00400009"),
    ({"product_id": None}, "DMS.00400009"),
    ({"broker_num": 2}, "DMS.00400800"),
    ({"broker_num": 31}, "DMS.00400800"),
    ({"broker_num": "3"}, "DMS.00400800"),
    ({"broker_num": None}, "DMS.00400800"),
    ({"storage_space": 200}, "DMS.00400500"),
    ({"storage_space": 300001}, "DMS.00400500"),
    ({"storage_space": None}, "DMS.00400500"),
    ({"storage_spec_code": "dms.physical.storage.normal"}, "DMS.00400125"),
    ({"storage_spec_code": "dms.physical.storage.high.dss.v2"}, "DMS.00400125"),
    ({"storage_spec_code": None}, "DMS.00400125"),
    ({"vpc_id": None}, "DMS.00400013"),
    ({"vpc_id": ""}, "DMS.00400013"),
    ({"vpc_id": "not-a-vpc"}, "DMS.00400068"),
    ({"subnet_id": None}, "DMS.00400016"),
    ({"subnet_id": "bad"}, "DMS.00400018"),
    ({"security_group_id": None}, "DMS.00400014"),
    ({"security_group_id": "bad"}, "DMS.00400046"),
    ({"available_zones": None}, "DMS.00400067"),
    ({"available_zones": []}, "DMS.00400067"),
    ({"available_zones": AZ1}, "DMS.00400067"),
    ({"available_zones": ["nowhere"]}, "DMS.00400042"),
    ({"available_zones": [AZ1, AZ2]}, "DMS.00400800"),
    ({"available_zones": [AZ1, AZ1]}, "DMS.00400800"),
    ({"ipv6_enable": True}, "DMS.00400049"),
    ({"product_id": "c6.2u4g.cluster.dec", "storage_spec_code": "dms.physical.storage.high.dss.v2"},
     "DMS.00400055"),
    ({"ssl_enable": True}, "DMS.00400015"),
    ({"ssl_enable": True, "access_user": "kafka_user"}, "DMS.00400012"),
    ({"ssl_enable": True, "access_user": "1user", "password": "Passw0rd!x"}, "DMS.00400015"),
    ({"ssl_enable": True, "access_user": "kafka_user", "password": "short1A"}, "DMS.00400012"),
    ({"ssl_enable": True, "access_user": "kafka_user", "password": "alllowercase"}, "DMS.00400012"),
    ({"ssl_enable": True, "access_user": "kafka_user", "password": "-Passw0rd!x"}, "DMS.00400012"),
    ({"ssl_enable": True, "access_user": "kafka_user", "password": "Passw0rd!x\u00e9"}, "DMS.00400012"),
    ({"ssl_enable": "yes"}, "DMS.00400800"),
    ({"kafka_security_protocol": "PLAINTEXT"}, "DMS.00400800"),
    ({"ssl_enable": True, "access_user": "kafka_user", "password": "Passw0rd!x",
      "sasl_enabled_mechanisms": ["GSSAPI"]}, "DMS.00400800"),
    ({"enable_publicip": True}, "DMS.00400128"),
    ({"enable_publicip": True, "publicip_id": "bad-id"}, "DMS.00400128"),
    ({"enable_publicip": True, "publicip_id": EIPS[0]}, "DMS.00400128"),
    ({"enable_publicip": True, "enable_public_ip": False, "publicip_id": ",".join(EIPS[:3])}, "DMS.00400128"),
    ({"port_protocol": {"private_sasl_ssl_enable": True, "private_sasl_plaintext_enable": True},
      "access_user": "kafka_user", "password": "Passw0rd!x"}, "DMS.00400800"),
    ({"port_protocol": {"private_plain_enable": True, "public_sasl_ssl_enable": True,
                        "public_sasl_plaintext_enable": True}, "enable_publicip": True,
      "publicip_id": ",".join(EIPS[:3])}, "DMS.00400800"),
    ({"port_protocol": {"private_plain_enable": True, "public_plain_enable": True}}, "DMS.00400128"),
    ({"port_protocol": {"public_plain_enable": False}}, "DMS.00400800"),
    ({"port_protocol": {"private_plain_enable": "true"}}, "DMS.00400800"),
    ({"port_protocol": True}, "DMS.00400800"),
    ({"retention_policy": "delete"}, "DMS.00400800"),
    ({"maintain_begin": "02:00"}, "DMS.00400106"),
    ({"maintain_begin": "25:00", "maintain_end": "06:00"}, "DMS.00400106"),
    ({"maintain_begin": "02:00", "maintain_end": "02:00"}, "DMS.00400106"),
    ({"disk_encrypted_enable": True}, "DMS.00400136"),
    ({"disk_encrypted_enable": True, "disk_encrypted_key": "not-a-key"}, "DMS.00400137"),
    ({"tenant_ips": ["192.168.1.300"]}, "DMS.00400800"),
    ({"tenant_ips": ["192.168.1.1"] * 2}, "DMS.00400800"),
    ({"tenant_ips": ["192.168.1.%d" % i for i in range(4)]}, "DMS.00400800"),
    ({"enterprise_project_id": "eps"}, "DMS.00400800"),
    ({"arch_type": "ARM"}, "DMS.00400800"),
    ({"connector_enable": 1}, "DMS.00400800"),
    ({"tags": {"key": "a"}}, "DMS.00400800"),
    ({"tags": [{"key": "k%d" % i, "value": "v"} for i in range(11)]}, "DMS.10240044"),
    ({"tags": [{"key": "", "value": "v"}]}, "DMS.10240035"),
    ({"tags": [{"key": "k" * 129, "value": "v"}]}, "DMS.10240035"),
    ({"tags": [{"key": "sys_key", "value": "v"}]}, "DMS.10240036"),
    ({"tags": [{"key": " key", "value": "v"}]}, "DMS.10240036"),
    ({"tags": [{"key": "k#y", "value": "v"}]}, "DMS.10240036"),
    ({"tags": [{"key": "key", "value": "v" * 256}]}, "DMS.10240038"),
    ({"tags": [{"key": "key", "value": "v#"}]}, "DMS.10240039"),
    ({"tags": [{"key": "key", "value": "a"}, {"key": "key", "value": "b"}]}, "DMS.10240045"),
    ({"bss_param": {"charging_mode": "prePaid"}}, "DMS.00400047"),
    ({"bss_param": {"charging_mode": "prePaid", "period_type": "month"}}, "DMS.00400038"),
    ({"bss_param": {"charging_mode": "prePaid", "period_type": "year", "period_num": 4}}, "DMS.00400800"),
    ({"bss_param": {"is_auto_renew": 1}}, "DMS.00400021"),
    ({"bss_param": {"charging_mode": "monthly"}}, "DMS.00400800"),
]


@pytest.mark.parametrize("over,code", CREATE_ERRORS, ids=[str(i) for i in range(len(CREATE_ERRORS))])
def test_create_validation(api, over, code):
    body = base_body(name="kafka-valid")
    for k, v in over.items():
        if v is None:
            body.pop(k, None)
        else:
            body[k] = v
    r = api.post(CREATE, json=body)
    err = assert_error(r, 400, code)
    assert err["error_msg"]
    assert api.get("/v2/{project_id}/instances").json()["instance_num"] == 0


def test_create_body_errors(api):
    assert_error(api.post(CREATE), 400, "DMS.00400004")
    assert_error(api.post(CREATE, raw=b"{not json"), 400, "DMS.00400005")
    assert_error(api.post(CREATE, json=[1, 2]), 400, "DMS.00400005")


def test_create_duplicate_name(api):
    create(api, running=False, name="kafka-dup")
    r = api.post(CREATE, json=base_body(name="kafka-dup"))
    assert_error(r, 400, "DMS.00400060")


def test_create_broker_range_per_flavor(api):
    # 8u16g allows 50 brokers; 2u4g only 30
    create(api, running=False, name="kafka-big", product_id="c6.8u16g.cluster", broker_num=50, storage_space=5000)
    r = api.post(CREATE, json=base_body(name="kafka-small", broker_num=50, storage_space=5000))
    assert_error(r, 400, "DMS.00400800")


def test_create_auth_failure(api):
    r = api.post(CREATE, json=base_body(), sign=False)
    assert_error(r, 401, "DMS.10240103")
    r = api.post("/v2/00000000000000000000000000000000/kafka/instances", json=base_body())
    assert_error(r, 401, "DMS.10240104")


# --------------------------------------------------------------------------- 5.1.2 list


def test_list_filters_and_pagination(api):
    a = create(api, running=False, name="kafka-alpha", enterprise_project_id="0")
    b = create(api, running=False, name="kafka-beta")
    api.fault(effect="create_failed", method="POST", path="/kafka/instances$")
    c = create(api, running=False, name="kafka-alphabet")
    api.advance(3600)
    r = api.get("/v2/{project_id}/instances", params={"engine": "kafka"})
    assert r.status_code == 200
    body = r.json()
    assert set(body) == {"instances", "instance_num"}
    assert body["instance_num"] == 3 and isinstance(body["instance_num"], int)
    assert [i["instance_id"] for i in body["instances"]] == [c, b, a]  # newest first
    for item in body["instances"]:
        check_types(item, SHOW_TYPES)

    def ids(**params):
        rr = api.get("/v2/{project_id}/instances", params=params)
        assert rr.status_code == 200, rr.text
        return sorted(i["instance_id"] for i in rr.json()["instances"])

    assert ids(name="alpha") == sorted([a, c])
    assert ids(name="kafka-alpha", exact_match_name="true") == [a]
    assert ids(name="kafka-alpha", exact_match_name="false") == sorted([a, c])
    assert ids(instance_id=b) == [b]
    assert ids(status="CREATEFAILED") == [c]
    assert ids(status="RUNNING") == sorted([a, b])
    assert ids(include_failure="false") == sorted([a, b])
    assert ids(include_failure="true") == sorted([a, b, c])
    assert ids(enterprise_project_id="0") == sorted([a, b, c])
    assert ids(enterprise_project_id="1") == []
    assert ids(engine="Kafka") == sorted([a, b, c])
    r = api.get("/v2/{project_id}/instances", params={"offset": "1", "limit": "1"})
    assert [i["instance_id"] for i in r.json()["instances"]] == [b]
    assert r.json()["instance_num"] == 3
    assert api.get("/v2/{project_id}/instances", params={"offset": "5"}).json()["instances"] == []


@pytest.mark.parametrize("params,code", [
    ({"limit": "0"}, "DMS.00400800"),
    ({"limit": "51"}, "DMS.10240042"),
    ({"limit": "ten"}, "DMS.00400800"),
    ({"offset": "-1"}, "DMS.00400800"),
    ({"offset": "x"}, "DMS.00400800"),
    ({"exact_match_name": "yes"}, "DMS.00400800"),
    ({"include_failure": "1"}, "DMS.00400800"),
    ({"engine": "rabbitmq"}, "DMS.00400007"),
])
def test_list_validation(api, params, code):
    assert_error(api.get("/v2/{project_id}/instances", params=params), 400, code)


def test_list_auth_failure(api):
    assert_error(api.get("/v2/{project_id}/instances", sign=False), 401, "DMS.10240103")


# --------------------------------------------------------------------------- 5.1.3 get


def test_get_not_found_and_bad_id(api):
    assert_error(api.get(INST + "11111111-2222-3333-4444-555555555555"), 404, "DMS.00404022")
    assert_error(api.get(INST + "not-a-uuid"), 400, "DMS.00400061")


# --------------------------------------------------------------------------- 5.1.4 delete


def test_delete_lifecycle(api, instance_id):
    r = api.delete(INST + instance_id)
    assert r.status_code == 204 and r.content == b""
    assert show(api, instance_id)["status"] == "DELETING"
    assert_error(api.delete(INST + instance_id), 400, "DMS.00400026")
    api.advance(3600)
    assert_error(api.get(INST + instance_id), 404, "DMS.00404022")
    assert_error(api.delete(INST + instance_id), 404, "DMS.00404022")


def test_delete_while_creating_refused(api):
    iid = create(api, running=False)
    assert_error(api.delete(INST + iid), 400, "DMS.00400099")
    assert_error(api.delete(INST + "not-a-uuid"), 400, "DMS.00400061")


def test_delete_create_failed(api):
    api.fault(effect="create_failed", method="POST", path="/kafka/instances$")
    iid = create(api, running=False)
    api.advance(3600)
    assert api.delete(INST + iid).status_code == 204


# --------------------------------------------------------------------------- 5.1.5 modify


def test_modify(api, instance_id):
    r = api.put(INST + instance_id, json={"name": "kafka-renamed", "description": "new description",
                                          "maintain_begin": "22:00:00", "maintain_end": "02:00:00",
                                          "security_group_id": "0c8d7e5a-3f4b-4a6b-8c1d-2e3f4a5b6c7d",
                                          "enterprise_project_id": "0"})
    assert r.status_code == 204 and r.content == b"", r.text
    doc = show(api, instance_id)
    assert doc["name"] == "kafka-renamed" and doc["description"] == "new description"
    assert doc["maintain_begin"] == "22:00:00" and doc["maintain_end"] == "02:00:00"
    assert doc["security_group_id"] == "0c8d7e5a-3f4b-4a6b-8c1d-2e3f4a5b6c7d"
    assert api.get("/v2/{project_id}/instances/%s/tasks" % instance_id).json()["task_count"] == "0"


def test_modify_retention_policy_creates_task(api, instance_id):
    r = api.put(INST + instance_id, json={"retention_policy": "time_base"})
    assert r.status_code == 204
    assert show(api, instance_id)["retention_policy"] == "time_base"
    tasks = api.get("/v2/{project_id}/instances/%s/tasks" % instance_id).json()
    assert tasks["task_count"] == "1"
    task = tasks["tasks"][0]
    assert task["name"] == "changeRetentionPolicy" and task["status"] == "EXECUTING"
    assert json.loads(task["params"]) == {"new_retention_policy": "time_base",
                                          "origin_retention_policy": "produce_reject"}
    api.advance(3600)
    assert api.get("/v2/{project_id}/instances/%s/tasks" % instance_id).json()["tasks"][0]["status"] == "SUCCESS"


@pytest.mark.parametrize("body,code", [
    ({"name": "ab"}, "DMS.00400010"),
    ({"name": 5}, "DMS.00400010"),
    ({"description": "x" * 1025}, "DMS.00400011"),
    ({"maintain_begin": "2am"}, "DMS.00400106"),
    ({"maintain_begin": "06:00:00"}, "DMS.00400106"),
    ({"security_group_id": "bad"}, "DMS.00400046"),
    ({"security_group_id": ""}, "DMS.00400014"),
    ({"retention_policy": "never"}, "DMS.00400800"),
    ({"enterprise_project_id": "eps-1"}, "DMS.00400800"),
])
def test_modify_validation(api, instance_id, body, code):
    assert_error(api.put(INST + instance_id, json=body), 400, code)


def test_modify_duplicate_name_and_state(api, instance_id):
    other = create(api, running=False, name="kafka-other")
    assert_error(api.put(INST + instance_id, json={"name": "kafka-other"}), 400, "DMS.00400060")
    assert_error(api.put(INST + other, json={"name": "kafka-x1"}), 400, "DMS.00400026")
    assert_error(api.put(INST + "11111111-2222-3333-4444-555555555555", json={"name": "kafka-x1"}), 404,
                 "DMS.00404022")
    assert_error(api.put(INST + instance_id), 400, "DMS.00400004")


# --------------------------------------------------------------------------- 5.1.6 batch


def test_batch_restart_and_delete(api):
    a = create(api, name="kafka-b1")
    b = create(api, name="kafka-b2")
    missing = "11111111-2222-3333-4444-555555555555"
    r = api.post("/v2/{project_id}/instances/action", json={"action": "restart", "instances": [a, missing]})
    assert r.status_code == 200, r.text
    assert r.json() == {"results": [{"result": "success", "instance": a}, {"result": "failed", "instance": missing}]}
    assert show(api, a)["status"] == "RESTARTING"
    api.advance(3600)
    assert show(api, a)["status"] == "RUNNING"
    r = api.post("/v2/{project_id}/instances/action", json={"action": "delete", "instances": [a, b],
                                                            "force_delete": True})
    assert r.status_code == 200
    assert [x["result"] for x in r.json()["results"]] == ["success", "success"]
    assert show(api, b)["status"] == "DELETING"
    api.advance(3600)
    assert api.get("/v2/{project_id}/instances").json()["instance_num"] == 0


def test_batch_delete_all_failure(api):
    ok_id = create(api, name="kafka-good")
    api.fault(effect="create_failed", method="POST", path="/kafka/instances$")
    bad = create(api, running=False, name="kafka-bad")
    api.advance(3600)
    r = api.post("/v2/{project_id}/instances/action", json={"action": "delete", "all_failure": "kafka"})
    assert r.status_code == 204 and r.content == b""
    api.advance(3600)
    assert_error(api.get(INST + bad), 404, "DMS.00404022")
    assert show(api, ok_id)["status"] == "RUNNING"


def test_batch_delete_refuses_creating(api):
    iid = create(api, running=False)
    r = api.post("/v2/{project_id}/instances/action", json={"action": "delete", "instances": [iid]})
    assert_error(r, 400, "DMS.00400099")


@pytest.mark.parametrize("body,code", [
    ({"action": "stop", "instances": ["11111111-2222-3333-4444-555555555555"]}, "DMS.00400064"),
    ({"instances": ["11111111-2222-3333-4444-555555555555"]}, "DMS.00400064"),
    ({"action": "restart"}, "DMS.00400065"),
    ({"action": "restart", "instances": []}, "DMS.00400065"),
    ({"action": "restart", "instances": ["%08d-2222-3333-4444-555555555555" % i for i in range(51)]},
     "DMS.00400100"),
    ({"action": "restart", "instances": ["11111111-2222-3333-4444-555555555555"] * 2}, "DMS.00400082"),
    ({"action": "restart", "instances": ["bad-id"]}, "DMS.00400030"),
    ({"action": "restart", "instances": "11111111-2222-3333-4444-555555555555"}, "DMS.00400800"),
    ({"action": "delete", "all_failure": "rabbitmq"}, "DMS.00400800"),
    ({"action": "restart", "all_failure": "kafka"}, "DMS.00400800"),
    ({"action": "delete", "force_delete": "yes", "instances": ["11111111-2222-3333-4444-555555555555"]},
     "DMS.00400800"),
])
def test_batch_validation(api, body, code):
    assert_error(api.post("/v2/{project_id}/instances/action", json=body), 400, code)


# --------------------------------------------------------------------------- 5.1.7 / 5.1.8 configs


CONFIG_TYPES = {"name": S, "valid_values": S, "default_value": S, "config_type": S, "value": S, "value_type": S}


def test_configs_get_and_modify(api, instance_id):
    path = "/v2/{project_id}/instances/%s/configs" % instance_id
    r = api.get(path)
    assert r.status_code == 200
    configs = r.json()["kafka_configs"]
    assert len(configs) == 13
    for c in configs:
        check_types(c, CONFIG_TYPES)
        assert c["config_type"] in ("static", "dynamic")
    by_name = {c["name"]: c for c in configs}
    assert by_name["log.retention.hours"]["value"] == "72"
    r = api.put(path, json={"kafka_configs": [{"name": "connections.max.idle.ms", "value": "500000"},
                                              {"name": "log.retention.hours", "value": "66"},
                                              {"name": "min.insync.replicas", "value": "2"}]})
    assert r.status_code == 200, r.text
    body = r.json()
    assert set(body) == {"job_id", "dynamic_config", "static_config"}
    assert body["static_config"] == 2 and body["dynamic_config"] == 1
    assert isinstance(body["job_id"], str)
    by_name = {c["name"]: c for c in api.get(path).json()["kafka_configs"]}
    assert by_name["log.retention.hours"]["value"] == "66"
    assert by_name["log.retention.hours"]["default_value"] == "72"
    assert by_name["min.insync.replicas"]["value"] == "2"
    task = api.get("/v2/{project_id}/instances/%s/tasks/%s" % (instance_id, body["job_id"]))
    assert task.status_code == 200


@pytest.mark.parametrize("body,code", [
    ({}, "DMS.00400800"),
    ({"kafka_configs": []}, "DMS.00400800"),
    ({"kafka_configs": [{"name": "no.such.config", "value": "1"}]}, "DMS.00400063"),
    ({"kafka_configs": [{"name": "log.retention.hours", "value": "200"}]}, "DMS.00400066"),
    ({"kafka_configs": [{"name": "log.retention.hours", "value": 66}]}, "DMS.00400066"),
    ({"kafka_configs": [{"name": "auto.create.groups.enable", "value": "maybe"}]}, "DMS.00400066"),
    ({"kafka_configs": [{"name": "log.retention.hours", "value": "6"},
                        {"name": "log.retention.hours", "value": "7"}]}, "DMS.00400800"),
])
def test_configs_validation(api, instance_id, body, code):
    assert_error(api.put("/v2/{project_id}/instances/%s/configs" % instance_id, json=body), 400, code)


def test_configs_not_found(api):
    missing = "11111111-2222-3333-4444-555555555555"
    assert_error(api.get("/v2/{project_id}/instances/%s/configs" % missing), 404, "DMS.00404022")
    assert_error(api.put("/v2/{project_id}/instances/%s/configs" % missing,
                         json={"kafka_configs": [{"name": "log.retention.hours", "value": "6"}]}), 404,
                 "DMS.00404022")
