# -*- coding: utf-8 -*-
# Copyright (c) 2026, hwcloud.dms contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The Kafka instance declaration: request building, response normalising, plans."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy
import json

import pytest

from ansible_collections.hwcloud.dms.plugins.module_utils._engine import Context, ResourceEngine
from ansible_collections.hwcloud.dms.plugins.module_utils._errors import (
    DmsApiError,
    DmsValidationError,
)
from ansible_collections.hwcloud.dms.plugins.module_utils._specs import instance as I

IID = "6f3c6a7e-42c4-4a8f-9c3e-0f1d2b3c4d5e"
AZ1 = "38b0f7a602344246bcb0da47b5d548e7"

ZONES = {"available_zones": [
    {"id": AZ1, "code": "ap-southeast-1a", "name": "AZ1"},
    {"id": "d539378ec1314c85b76fefa3f7071458", "code": "ap-southeast-1b", "name": "AZ2"},
    {"id": "9f1c5806706d4c1fb0eb72f0a9b18c77", "code": "ap-southeast-1c", "name": "AZ3"},
]}

CONFIGS = {"kafka_configs": [
    {"name": "log.retention.hours", "valid_values": "1~168", "default_value": "72",
     "config_type": "static", "value": "72", "value_type": "integer"},
    {"name": "max.connections.per.ip", "valid_values": "100~20000", "default_value": "1000",
     "config_type": "dynamic", "value": "1000", "value_type": "integer"},
    {"name": "auto.create.groups.enable", "valid_values": "true,false", "default_value": "true",
     "config_type": "dynamic", "value": "true", "value_type": "enum"},
]}

PRODUCTS = {"products": [
    {"product_id": "c6.2u4g.cluster", "properties": {"max_broker": "30", "max_storage_per_node": "10000"}},
    {"product_id": "c6.4u8g.cluster", "properties": {"max_broker": "30", "max_storage_per_node": "20000"}},
]}


def api_instance(**changes):
    obj = {
        "instance_id": IID, "name": "orders", "engine": "kafka", "engine_version": 2.7,
        "description": "", "status": "RUNNING", "broker_num": 3, "node_num": 3,
        "storage_space": 276, "total_storage_space": 300, "product_id": "c6.2u4g.cluster",
        "storage_spec_code": "dms.physical.storage.ultra.v2", "vpc_id": "vpc-1",
        "subnet_id": "subnet-1", "security_group_id": "sg-1", "available_zones": [AZ1],
        "ssl_enable": True, "access_user": "admin_user", "partition_num": "750",
        "created_at": "1585618587087", "maintain_begin": "02:00:00", "maintain_end": "06:00:00",
        "retention_policy": "time_base", "enable_auto_topic": False, "enterprise_project_id": "0",
        "charging_mode": 1, "disk_encrypted": False, "enable_publicip": False,
        "tags": [{"key": "team", "value": "payments"}],
        "cross_vpc_info": json.dumps({
            "192.168.0.1": {"advertised_ip": "192.168.0.1", "port": 9011, "port_id": "p1"},
            "192.168.0.2": {"advertised_ip": "192.168.0.2", "port": 9011, "port_id": "p2"},
        }),
        "port_protocols": {"private_plain_enable": True, "private_sasl_plain_text_enable": False,
                           "public_sasl_plain_ext_enable": False},
    }
    obj.update(changes)
    return obj


class FakeClient(object):
    """Answers the instance API from a dict; records every call."""

    def __init__(self, instance=None, configs=None, products=None):
        self.instance = instance
        self.configs = copy.deepcopy(configs or CONFIGS)
        self.products = products or PRODUCTS
        self.calls = []

    def path(self, template, **values):
        out = template.replace("{project_id}", "p")
        for key, value in values.items():
            out = out.replace("{%s}" % key, value)
        return out

    @property
    def writes(self):
        return [c for c in self.calls if c[0] != "GET"]

    def get(self, path, query=None, **kwargs):
        path = path.replace("{project_id}", "p")
        self.calls.append(("GET", path, query))
        if path == I.AZ_PATH:
            return copy.deepcopy(ZONES)
        if path.endswith("/configs"):
            return copy.deepcopy(self.configs)
        if path.endswith("/extend"):
            return copy.deepcopy(self.products)
        if path.endswith("/tags"):
            return {"tags": copy.deepcopy(self.instance.get("tags", []))}
        if self.instance is None:
            raise DmsApiError(404, "DMS.00404022", "This instance does not exist.")
        return copy.deepcopy(self.instance)

    def paginate(self, path, items_key, total_key=None, query=None, **kwargs):
        self.calls.append(("GET", path, query))
        if self.instance is None:
            return []
        return [copy.deepcopy(self.instance)]

    def _write(self, method, path, body):
        path = path.replace("{project_id}", "p")
        self.calls.append((method, path, body))
        if path.endswith("/kafka/instances"):
            return {"instance_id": IID}
        if path.endswith("/extend"):
            return {"job_id": "job-extend"}
        if path.endswith("/configs"):
            return {"job_id": "job-configs", "static_config": 1, "dynamic_config": 0}
        if path.endswith("/action"):
            return {"results": [{"instance": IID, "result": "success"}]}
        return None

    def post(self, path, body=None, **kwargs):
        return self._write("POST", path, body)

    def put(self, path, body=None, **kwargs):
        return self._write("PUT", path, body)

    def delete(self, path, body=None, **kwargs):
        return self._write("DELETE", path, body)


CREATE = dict(name="orders", engine_version="2.7", flavor_id="c6.2u4g.cluster", broker_num=3,
              storage_space=300, storage_spec_code="dms.physical.storage.ultra.v2", vpc_id="vpc-1",
              subnet_id="subnet-1", security_group_id="sg-1", availability_zones=["ap-southeast-1a"])


def params(**options):
    out = dict(state="present", purge_tags=True, restart_on_static_change=False, wait=True,
               wait_timeout=None, update_password="on_create")
    out.update(options)
    return out


def run(client, check_mode=True, **options):
    p = params(**options)
    spec = I.build_spec(p)
    ctx = Context(client, p, check_mode=check_mode)
    engine = ResourceEngine(spec, ctx)
    item = dict((k, v) for k, v in p.items()
                if k not in ("purge_tags", "restart_on_static_change", "wait", "wait_timeout"))
    return engine, ctx, item


def plan_for(client, **options):
    engine, ctx, item = run(client, **options)
    plan, _desired, _current = engine.plan([item], single=True)
    return plan, ctx


def ensure(client, check_mode=True, diff=True, **options):
    engine, ctx, item = run(client, check_mode=check_mode, **options)
    return engine.ensure([item], single=True, diff=diff)


# --------------------------------------------------------------------------- small transforms
@pytest.mark.parametrize("value, expected", [
    ("2:00", "02:00:00"), ("02:00", "02:00:00"), ("22:30:15", "22:30:15"), ("junk", "junk"),
])
def test_hhmmss(value, expected):
    assert I.hhmmss(value) == expected


def test_hhmm_is_the_create_form():
    assert I.hhmm("02:00:00") == "02:00"


def test_parse_cross_vpc_info_accepts_string_object_and_the_typo():
    assert I.parse_cross_vpc_info(None) == {}
    assert I.parse_cross_vpc_info("not json") == {}
    parsed = I.parse_cross_vpc_info('{"10.0.0.1": {"advertised_ip": "a.example", "port": "9011"}}')
    assert parsed == {"10.0.0.1": {"advertised_ip": "a.example", "port": 9011}}
    assert I.parse_cross_vpc_info({"10.0.0.1": {"advertiseds_ip": "x"}}) == \
        {"10.0.0.1": {"advertised_ip": "x"}}


def test_port_protocol_flags_read_every_spelling():
    flags = I.port_protocol_flags({"port_protocols": {
        "private_plain_enable": True, "private_sasl_plain_text_enable": "true",
        "public_sasl_plain_ext_enable": False}})
    assert flags == {"private_plain_enable": True, "private_sasl_plaintext_enable": True,
                     "public_sasl_plaintext_enable": False}
    assert I.port_protocol_flags({}) is None


def test_storage_is_the_total():
    assert I.storage_from_api({"storage_space": 276, "total_storage_space": 300}) == 300
    assert I.storage_from_api({"storage_space": 300}) == 300


def test_charging_mode_from_api():
    assert I.charging_mode_from_api({"charging_mode": 1}) == "postPaid"
    assert I.charging_mode_from_api({"charging_mode": 0}) == "prePaid"
    assert I.charging_mode_from_api({}) is None


# --------------------------------------------------------------------------- normalising responses
def test_from_api_normalises_numbers_json_and_names():
    spec = I.build_spec(params(name="orders"))
    view = spec.public(spec.from_api(api_instance()))
    assert view["partition_num"] == 750
    assert view["created_at"] == 1585618587087
    assert view["engine_version"] == "2.7"
    assert view["storage_space"] == 300
    assert view["flavor_id"] == "c6.2u4g.cluster"
    assert view["availability_zones"] == [AZ1]
    assert view["tags"] == {"team": "payments"}
    assert view["charging_mode"] == "postPaid"
    assert view["cross_vpc_info"]["192.168.0.1"]["port"] == 9011
    assert view["cross_vpc_advertised_ips"] == {"192.168.0.1": "192.168.0.1",
                                                "192.168.0.2": "192.168.0.2"}
    assert view["port_protocol"]["private_sasl_plaintext_enable"] is False
    for secret in ("password", "manager_password", "security_protocol", "tenant_ips", "arch_type"):
        assert secret not in view


# --------------------------------------------------------------------------- request building
def test_build_create_body_maps_every_option():
    item = dict(CREATE, description="d", access_user="admin_user", password="Pa55-word",
                ssl_enable=True, security_protocol="SASL_SSL", enabled_mechanisms=["SCRAM-SHA-512"],
                enable_publicip=True, public_ip_ids=["eip-1", "eip-2", "eip-3"],
                tenant_ips=["10.0.0.1"], retention_policy="time_base", ipv6_enable=False,
                disk_encrypted_enable=True, disk_encrypted_key="key-1", connector_enable=True,
                enable_auto_topic=True, maintain_begin="02:00:00", maintain_end="06:00:00",
                enterprise_project_id="0", tags={"b": "2", "a": "1"}, arch_type="X86",
                vpc_client_plain=True, port_protocol={"private_plain_enable": True},
                charging_mode="prePaid", period_unit="month", period=3, auto_renew=True,
                auto_pay=True)
    body = I.build_create_body(item, [AZ1])
    assert body["engine"] == "kafka"
    assert body["product_id"] == "c6.2u4g.cluster"
    assert body["available_zones"] == [AZ1]
    assert body["kafka_security_protocol"] == "SASL_SSL"
    assert body["sasl_enabled_mechanisms"] == ["SCRAM-SHA-512"]
    assert body["enable_publicip"] is True and "enable_public_ip" not in body
    assert body["publicip_id"] == "eip-1,eip-2,eip-3"
    assert body["disk_encrypted_enable"] is True
    assert body["maintain_begin"] == "02:00" and body["maintain_end"] == "06:00"
    assert body["tags"] == [{"key": "a", "value": "1"}, {"key": "b", "value": "2"}]
    assert body["port_protocol"] == {"private_plain_enable": True}
    assert body["bss_param"] == {"charging_mode": "prePaid", "period_type": "month",
                                 "period_num": 3, "is_auto_renew": True, "is_auto_pay": True}


def test_build_create_body_leaves_unset_options_out():
    body = I.build_create_body(dict(CREATE), [AZ1])
    assert set(body) == {"name", "engine", "engine_version", "broker_num", "storage_space",
                         "product_id", "storage_spec_code", "vpc_id", "subnet_id",
                         "security_group_id", "available_zones"}


def test_build_modify_body_sends_changed_fields_and_the_whole_window():
    item = {"description": "x", "maintain_begin": "22:00:00", "maintain_end": "02:00:00",
            "retention_policy": "produce_reject"}
    assert I.build_modify_body(item, ["maintain_begin"]) == {
        "maintain_begin": "22:00:00", "maintain_end": "02:00:00"}
    assert I.build_modify_body(item, ["description", "retention_policy"]) == {
        "description": "x", "retention_policy": "produce_reject"}


def test_resolve_zones_accepts_codes_names_and_ids():
    ids, errors = I.resolve_zones(["ap-southeast-1a", "AZ2", "9f1c5806706d4c1fb0eb72f0a9b18c77"],
                                  ZONES["available_zones"])
    assert errors == []
    assert ids == [AZ1, "d539378ec1314c85b76fefa3f7071458", "9f1c5806706d4c1fb0eb72f0a9b18c77"]
    _ids, errors = I.resolve_zones(["mars-1a"], ZONES["available_zones"])
    assert "availability_zones" in errors[0] and "mars-1a" in errors[0]


def test_plan_extend_orders_horizontal_storage_vertical():
    before = {"broker_num": 3, "storage_space": 300, "flavor_id": "c6.2u4g.cluster"}
    ops = I.plan_extend(before, {"broker_num": 4, "storage_space": 800,
                                 "flavor_id": "c6.4u8g.cluster", "public_ip_ids": ["e1", "e2"]})
    assert ops == [
        {"oper_type": "horizontal", "new_broker_num": 4, "new_storage_space": 400,
         "publicip_id": "e1,e2"},
        {"oper_type": "storage", "new_storage_space": 800},
        {"oper_type": "vertical", "new_product_id": "c6.4u8g.cluster"},
    ]
    assert I.plan_extend(before, {"broker_num": 3, "storage_space": 300}) == []


@pytest.mark.parametrize("item, needle", [
    ({"broker_num": 2}, "broker_num: cannot be decreased"),
    ({"storage_space": 200}, "storage_space: cannot be decreased"),
    ({"flavor_id": "c6.2u4g.cluster"}, "flavor_id: cannot be changed to a smaller flavor"),
    ({"storage_space": 350}, "at least 100 GB"),
    ({"broker_num": 4, "storage_space": 300}, "storage_space: adding brokers"),
])
def test_extend_problems(item, needle):
    before = {"name": "orders", "broker_num": 3, "storage_space": 300,
              "flavor_id": "c6.4u8g.cluster" if "flavor_id" in item else "c6.2u4g.cluster"}
    errors = I.extend_problems(before, item)
    assert any(needle in e for e in errors), errors


def test_extend_problems_use_the_products_of_5_3_2():
    before = {"name": "orders", "broker_num": 3, "storage_space": 300, "flavor_id": "c6.2u4g.cluster"}
    products = PRODUCTS["products"]
    assert I.extend_problems(before, {"broker_num": 31}, products)[0].startswith("broker_num: at most 30")
    assert "not offered" in I.extend_problems(before, {"flavor_id": "c6.8u16g.cluster"}, products)[0]
    assert "per broker" in I.extend_problems(before, {"storage_space": 40000}, products)[0]
    assert I.extend_problems(before, {"broker_num": 4, "storage_space": 800}, products) == []


def test_extend_problems_need_eips_to_add_brokers_with_public_access():
    before = {"broker_num": 3, "storage_space": 300, "flavor_id": "c6.2u4g.cluster"}
    assert "public_ip_ids" in I.extend_problems(before, {"broker_num": 4}, None, True)[0]


def test_plan_configs_sends_only_changes_and_flags_static_ones():
    changes, static, errors = I.plan_configs(CONFIGS["kafka_configs"], {
        "log.retention.hours": "96", "max.connections.per.ip": "1000"})
    assert changes == [{"name": "log.retention.hours", "value": "96"}]
    assert static == ["log.retention.hours"]
    assert errors == []


@pytest.mark.parametrize("configs, needle", [
    ({"no.such": "1"}, "unknown parameter 'no.such'"),
    ({"log.retention.hours": "500"}, "between 1 and 168"),
    ({"log.retention.hours": "abc"}, "must be a number"),
    ({"auto.create.groups.enable": "maybe"}, "one of true, false"),
])
def test_plan_configs_rejects_bad_values(configs, needle):
    _c, _s, errors = I.plan_configs(CONFIGS["kafka_configs"], configs)
    assert needle in errors[0]


def test_plan_tags():
    current = {"team": "payments", "env": "test"}
    assert I.plan_tags(current, {"team": "streaming", "owner": "me"}, True) == (
        ["env", "team"], {"owner": "me", "team": "streaming"})
    assert I.plan_tags(current, {"owner": "me"}, False) == ([], {"owner": "me"})


def test_build_crossvpc_body_keeps_unchanged_brokers():
    assert I.build_crossvpc_body({"10.0.0.1": "10.0.0.1", "10.0.0.2": "10.0.0.2"},
                                 {"10.0.0.2": "k.example"}) == {
        "advertised_ip_contents": {"10.0.0.1": "10.0.0.1", "10.0.0.2": "k.example"}}


# --------------------------------------------------------------------------- validation
@pytest.mark.parametrize("value, ok", [
    ("Kafka-Pa55", True), ("kafka_pa55", True), ("alllowercase", False), ("-Kafka-Pa55", False),
    ("Sh0rt!", False), ("A" * 33 + "a1", False), ("Kafka Pa55", True),
])
def test_password_rules(value, ok):
    assert (I.password_problem(value) is None) is ok


@pytest.mark.parametrize("item, needle", [
    ({"flavor_id": "c6.2u4g.cluster", "broker_num": 31}, "broker_num: must be between 3 and 30 for flavor"),
    ({"flavor_id": "c6.8u16g.cluster", "broker_num": 50, "storage_space": 6000}, None),
    ({"broker_num": 51}, "broker_num: must be between 3 and 50"),
    ({"flavor_id": "c6.2u4g.cluster", "storage_space": 300001}, "storage_space: must be between 300 and 300000"),
    ({"broker_num": 5, "storage_space": 400}, "at least 100 GB per broker"),
    ({"ssl_enable": False, "password": "x"}, "password: only valid with ssl_enable=true"),
    ({"security_protocol": "SASL_SSL"}, "security_protocol: requires ssl_enable=true"),
    ({"port_protocol": {"public_sasl_ssl_enable": True, "public_sasl_plaintext_enable": True},
      "enable_publicip": True, "public_ip_ids": ["e"]}, "cannot both be true"),
    ({"port_protocol": {"public_plain_enable": True}}, "requires public access"),
    ({"enable_publicip": True}, "public_ip_ids: required"),
    ({"broker_num": 3, "tenant_ips": ["10.0.0.%d" % i for i in range(4)]}, "tenant_ips: at most"),
    ({"disk_encrypted_enable": True}, "disk_encrypted_key: required"),
    ({"maintain_begin": "02:00:00"}, "must be set together"),
    ({"maintain_begin": "02:00:00", "maintain_end": "02:00:00"}, "must differ"),
    ({"charging_mode": "prePaid", "period_unit": "year", "period": 4}, "between 1 and 3"),
    ({"charging_mode": "prePaid"}, "period_unit: required"),
    ({"auto_renew": True}, "only valid with charging_mode=prePaid"),
])
def test_validate_item(item, needle):
    errors = I.validate_item(item)
    if needle is None:
        assert errors == []
    else:
        assert any(needle in e for e in errors), errors


def test_tag_rules():
    assert I.tags_problems({"team": "x"}) == []
    assert "at most 10" in I.tags_problems(dict(("k%d" % i, "v") for i in range(11)))[0]
    assert "reserved" in I.tags_problems({"sysadmin": "x"})[0]
    assert "reserved" in I.tags_problems({"_sys_x": "x"})[-1]
    assert "letters, digits" in I.tags_problems({"bad#": "x"})[0]
    assert "255" in I.tags_problems({"k": "v" * 256})[0]
    assert "space" in I.tags_problems({" k": "v"})[0]


def test_create_problems():
    assert "required to create" in I.create_problems({"name": "orders"})[0]
    assert any("access_user: required" in e
               for e in I.create_problems(dict(CREATE, ssl_enable=True, password="x")))


def test_wait_timeout_must_be_positive():
    with pytest.raises(DmsValidationError, match="wait_timeout"):
        I.build_spec(params(name="orders", wait_timeout=0))


# --------------------------------------------------------------------------- plans through the engine
def test_plan_create_in_check_mode_predicts_and_never_writes():
    client = FakeClient(instance=None)
    result = ensure(client, **dict(CREATE, password="Kafka-Pa55", ssl_enable=True,
                                   access_user="admin_user"))
    assert result["changed"] and result["changes"]["created"] == ["orders"]
    assert result["instance"]["availability_zones"] == [AZ1]
    assert "password" not in result["instance"] and "password" not in result["diff"]["after"]
    assert result["diff"]["before"] == {}
    assert client.writes == []


def test_unchanged_instance_reports_no_drift_on_never_returned_options():
    client = FakeClient(instance=api_instance())
    result = ensure(client, **dict(CREATE, password="Kafka-Pa55", ssl_enable=True,
                                   access_user="admin_user", security_protocol="SASL_SSL",
                                   enabled_mechanisms=["PLAIN"], arch_type="X86",
                                   tenant_ips=["10.0.0.1"], maintain_begin="02:00",
                                   maintain_end="06:00"))
    assert not result["changed"], result.get("diff")
    assert client.writes == []


@pytest.mark.parametrize("options, step_fields", [
    ({"description": "new"}, ["description"]),
    ({"maintain_begin": "22:00", "maintain_end": "02:00"}, ["maintain_begin", "maintain_end"]),
    ({"broker_num": 4}, ["broker_num"]),
    ({"storage_space": 600}, ["storage_space"]),
    ({"flavor_id": "c6.4u8g.cluster"}, ["flavor_id"]),
    ({"configs": {"log.retention.hours": 96}}, ["configs"]),
    ({"tags": {"team": "streaming"}}, ["tags"]),
    ({"enable_auto_topic": True}, ["enable_auto_topic"]),
    ({"cross_vpc_advertised_ips": {"192.168.0.1": "k.example"}}, ["cross_vpc_advertised_ips"]),
    ({"password": "Kafka-Pa55-new", "update_password": "always"}, ["password"]),
    ({"manager_password": "Kafka-Pa55-new", "update_password": "always"}, ["manager_password"]),
])
def test_plan_for_each_kind_of_update(options, step_fields):
    client = FakeClient(instance=api_instance())
    plan, _ctx = plan_for(client, name="orders", **options)
    assert [sorted(changed) for _b, _d, changed in plan.updates] == [sorted(step_fields)]
    assert client.writes == []


def test_password_on_create_is_not_an_update():
    plan, _ctx = plan_for(FakeClient(instance=api_instance()), name="orders", password="Kafka-Pa55-new")
    assert not plan.changed


def test_rename_needs_the_instance_id():
    plan, _ctx = plan_for(FakeClient(instance=api_instance()), instance_id=IID, name="renamed")
    assert plan.updates[0][2] == ["name"]


@pytest.mark.parametrize("options, needle", [
    ({"engine_version": "3.x"}, "engine_version: cannot be changed after creation"),
    ({"vpc_id": "vpc-2"}, "vpc_id: cannot be changed after creation"),
    ({"availability_zones": ["ap-southeast-1b"]}, "availability_zones: cannot be changed"),
    ({"broker_num": 3, "flavor_id": "c6.2u4g.cluster"}, "broker_num: cannot be decreased"),
    ({"configs": {"log.retention.hours": 500}}, "between 1 and 168"),
    ({"cross_vpc_advertised_ips": {"10.9.9.9": "k.example"}}, "not a broker listener IP"),
])
def test_plan_refuses_impossible_changes_before_any_write(options, needle):
    client = FakeClient(instance=api_instance(broker_num=4, node_num=4, total_storage_space=400))
    with pytest.raises(DmsValidationError) as err:
        plan_for(client, name="orders", **options)
    assert needle in str(err.value)
    assert client.writes == []


def test_engine_version_message_shows_both_values():
    with pytest.raises(DmsValidationError) as err:
        plan_for(FakeClient(instance=api_instance()), name="orders", engine_version="3.x")
    assert "'2.7'" in str(err.value) and "'3.x'" in str(err.value)


def test_static_config_change_predicts_restart_required():
    client = FakeClient(instance=api_instance())
    result = ensure(client, name="orders", configs={"log.retention.hours": 96})
    assert result["changed"] and result["restart_required"] is True
    assert result["instance"]["configs"]["log.retention.hours"] == "96"
    assert client.writes == []


def test_duplicate_names_ask_for_the_instance_id():
    client = FakeClient(instance=api_instance())
    client.paginate = lambda *a, **k: [api_instance(), api_instance(instance_id="other")]
    with pytest.raises(DmsValidationError, match="set instance_id"):
        plan_for(client, name="orders")


def test_missing_instance_id_fails_for_present_and_is_unchanged_for_absent():
    with pytest.raises(DmsValidationError, match="instance_id"):
        plan_for(FakeClient(instance=None), instance_id=IID)
    plan, _ctx = plan_for(FakeClient(instance=None), instance_id=IID, state="absent")
    assert not plan.changed


def test_restarted_state_is_an_action_and_check_mode_writes_nothing():
    client = FakeClient(instance=api_instance())
    result = ensure(client, name="orders", state="restarted")
    assert result["changed"] and result["changes"]["restarted"] == ["orders"]
    assert client.writes == []


# --------------------------------------------------------------------------- real runs (writes)
def test_real_update_sends_the_steps_in_order():
    client = FakeClient(instance=api_instance())
    ensure(client, check_mode=False, wait=False, name="orders", description="new",
           broker_num=4, tags={"team": "streaming"}, enable_auto_topic=True)
    writes = [(m, p.replace("/v2/p", ""), b) for m, p, b in client.writes]
    assert writes == [
        ("PUT", "/instances/%s" % IID, {"description": "new"}),
        ("POST", "/kafka/instances/%s/extend" % IID,
         {"oper_type": "horizontal", "new_broker_num": 4, "new_storage_space": 400}),
        ("POST", "/kafka/%s/tags/action" % IID,
         {"action": "delete", "tags": [{"key": "team", "value": "payments"}]}),
        ("POST", "/kafka/%s/tags/action" % IID,
         {"action": "create", "tags": [{"key": "team", "value": "streaming"}]}),
        ("POST", "/instances/%s/autotopic" % IID, {"enable_auto_topic": True}),
    ]


def test_wait_false_returns_the_job_id():
    client = FakeClient(instance=api_instance())
    result = ensure(client, check_mode=False, wait=False, name="orders", storage_space=600)
    assert result["job_id"] == "job-extend"


def test_real_create_posts_the_body_with_az_ids():
    client = FakeClient(instance=None)
    ensure(client, check_mode=False, wait=False, **CREATE)
    method, path, body = client.writes[0]
    assert (method, path) == ("POST", "/v2/p/kafka/instances")
    assert body["available_zones"] == [AZ1]


def test_real_restart_uses_the_batch_action():
    client = FakeClient(instance=api_instance())
    ensure(client, check_mode=False, wait=False, name="orders", state="restarted")
    assert client.writes == [("POST", "/v2/p/instances/action",
                              {"action": "restart", "instances": [IID]})]


def test_real_delete():
    client = FakeClient(instance=api_instance())
    result = ensure(client, check_mode=False, wait=False, name="orders", state="absent")
    assert client.writes == [("DELETE", "/v2/p/instances/%s" % IID, None)]
    assert result["instance"] == {} and result["diff"]["after"] == {}
