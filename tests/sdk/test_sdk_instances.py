"""Instances (5.1), instance management (5.2.1-5.2.8, 5.2.13-5.2.15), specification changes (5.3),
automatic topic creation (5.4.1), background tasks (5.8) and tags (5.9), driven by the official SDK.

Every call goes through ``huaweicloudsdkkafka``'s own request models, paths and signer; every answer is
read back through its response models.  ``wire_mismatches`` also compares the raw JSON with the SDK
model's declared types, because the SDK silently coerces (``str(5)``, ``bool("false") is True``) and
would hide an answer in the wrong JSON type.
"""

import json
import re

import pytest
from huaweicloudsdkcore.exceptions import exceptions as sdk_exc
from huaweicloudsdkkafka.v2 import model as m

# --------------------------------------------------------------------------- helpers

VPC = "2a6b5c3e-1f2d-4e5f-8a9b-0c1d2e3f4a5b"
SUBNET = "3b7c6d4f-2e3a-4f5a-9b0c-1d2e3f4a5b6c"
SG = "4c8d7e5a-3f4b-4a6b-8c1d-2e3f4a5b6c7d"
MISSING = "6f0e4a6b-1c2d-4e5f-8a9b-0c1d2e3f4a5b"
JOB_RE = re.compile(r"^[0-9a-f]{32}$")
UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


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


def wire_mismatches(resp_or_data, klass=None, where=""):
    """Fields of the raw answer whose JSON type differs from the SDK model's declared type."""
    if klass is None:
        klass = type(resp_or_data)
        data = json.loads(resp_or_data.raw_content)
    else:
        data = resp_or_data
    out = []
    if not isinstance(data, dict):
        return ["%s: expected an object for %s, got %r" % (where or "<body>", klass.__name__, data)]
    for attr, typ in klass.openapi_types.items():
        key = klass.attribute_map[attr]
        if key not in data or data[key] is None:
            continue
        out += _check(data[key], typ, "%s.%s" % (where, key) if where else key)
    return out


def _check(value, typ, where):
    lm = re.match(r"^list\[(.*)\]$", typ)
    if lm:
        if not isinstance(value, list):
            return ["%s: expected a list, got %r" % (where, value)]
        out = []
        for i, item in enumerate(value):
            out += _check(item, lm.group(1), "%s[%d]" % (where, i))
        return out
    dm = re.match(r"^dict\(str, (.*)\)$", typ)
    if dm:
        if not isinstance(value, dict):
            return ["%s: expected an object, got %r" % (where, value)]
        out = []
        for k, v in value.items():
            out += _check(v, dm.group(1), "%s.%s" % (where, k))
        return out
    sub = getattr(m, typ, None)
    if sub is not None and getattr(sub, "openapi_types", None):
        return wire_mismatches(value, sub, where)
    if not _type_ok(value, typ):
        return ["%s: expected %s, got %r" % (where, typ, value)]
    return []


def assert_wire(resp, allowed=()):
    """The raw answer has the SDK model's JSON types, except the ``allowed`` (documented) ones."""
    bad = [x for x in wire_mismatches(resp) if not any(re.match(a, x) for a in allowed)]
    assert not bad, bad


def raises(status, code, fn, *args):
    with pytest.raises(sdk_exc.ClientRequestException) as info:
        fn(*args)
    assert info.value.status_code == status, (info.value.status_code, info.value.error_msg)
    assert info.value.error_code == code, (info.value.error_code, info.value.error_msg)
    return info.value


def first_az(sdk):
    return sdk.list_available_zones(m.ListAvailableZonesRequest()).available_zones[0].id


def create_body(sdk, name, **kw):
    fields = dict(name=name, engine="kafka", engine_version="2.7", broker_num=3, storage_space=300,
                  vpc_id=VPC, subnet_id=SUBNET, security_group_id=SG, available_zones=[first_az(sdk)],
                  product_id="c6.2u4g.cluster", storage_spec_code="dms.physical.storage.ultra.v2")
    fields.update(kw)
    return m.CreateInstanceByEngineReq(**fields)


def show(sdk, iid):
    return sdk.show_instance(m.ShowInstanceRequest(instance_id=iid))


def tasks(sdk, iid, **kw):
    return sdk.list_background_tasks(m.ListBackgroundTasksRequest(instance_id=iid, **kw))


# --------------------------------------------------------------------------- 5.1.1 create (both SDK operations)


def test_create_post_paid_instance(sdk, api):
    body = create_body(sdk, "sdk-postpaid", description="made by the SDK", maintain_begin="22:00:00",
                       maintain_end="02:00:00", enable_auto_topic=True, retention_policy="time_base",
                       tags=[m.TagEntity(key="owner", value="sdk")])
    resp = sdk.create_post_paid_kafka_instance(m.CreatePostPaidKafkaInstanceRequest(body=body))
    assert resp.status_code == 200 and UUID_RE.match(resp.instance_id)
    assert_wire(resp)
    assert show(sdk, resp.instance_id).status == "CREATING"
    api.advance(3600)
    got = show(sdk, resp.instance_id)
    assert got.status == "RUNNING" and got.name == "sdk-postpaid" and got.description == "made by the SDK"
    assert got.broker_num == 3 and got.total_storage_space == 300 and got.product_id == "c6.2u4g.cluster"
    assert got.maintain_begin == "22:00:00" and got.maintain_end == "02:00:00"
    assert got.enable_auto_topic is True and got.retention_policy == "time_base"
    assert got.charging_mode == 1 and got.engine_version == "2.7"
    assert [(t.key, t.value) for t in got.tags] == [("owner", "sdk")]


def test_create_instance_by_engine_with_sasl_and_prepaid(sdk, api):
    body = create_body(sdk, "sdk-by-engine", ssl_enable=True, access_user="sdkuser", password="Sdk-Passw0rd!",
                       kafka_security_protocol="SASL_SSL", sasl_enabled_mechanisms=["SCRAM-SHA-512"],
                       bss_param=m.BssParam(charging_mode="prePaid", period_type="month", period_num=1,
                                            is_auto_pay=True, is_auto_renew=False))
    resp = sdk.create_instance_by_engine(m.CreateInstanceByEngineRequest(engine="kafka", body=body))
    assert resp.status_code == 200 and UUID_RE.match(resp.instance_id)
    api.advance(3600)
    got = show(sdk, resp.instance_id)
    assert got.status == "RUNNING" and got.ssl_enable is True and got.access_user == "sdkuser"
    assert got.kafka_security_protocol == "SASL_SSL" and got.sasl_enabled_mechanisms == ["SCRAM-SHA-512"]
    assert got.charging_mode == 0 and got.order_id
    assert got.port_protocols.private_sasl_ssl_enable is True and got.port_protocols.private_plain_enable is False


def test_create_with_port_protocol_model(sdk, api):
    pp = m.PortProtocol(private_plain_enable=True, private_sasl_ssl_enable=True)
    body = create_body(sdk, "sdk-port-protocol", port_protocol=pp, access_user="sdkuser", password="Sdk-Passw0rd!")
    iid = sdk.create_post_paid_kafka_instance(m.CreatePostPaidKafkaInstanceRequest(body=body)).instance_id
    api.advance(3600)
    got = show(sdk, iid)
    assert got.port_protocols.private_plain_enable is True and got.port_protocols.private_sasl_ssl_enable is True
    assert got.port_protocols.private_plain_address.endswith(":9092")
    assert got.port_protocols.private_sasl_ssl_address.endswith(":9093")


def test_create_errors(sdk):
    req = m.CreatePostPaidKafkaInstanceRequest(body=create_body(sdk, "sdk-bad", engine_version="0.9"))
    raises(400, "DMS.00400008", sdk.create_post_paid_kafka_instance, req)
    req = m.CreatePostPaidKafkaInstanceRequest(body=create_body(sdk, "sdk-bad", product_id="c6.1u1g.cluster"))
    raises(400, "DMS.00400009", sdk.create_post_paid_kafka_instance, req)
    req = m.CreateInstanceByEngineRequest(engine="rabbitmq", body=create_body(sdk, "sdk-bad"))
    raises(400, "DMS.00400007", sdk.create_instance_by_engine, req)


def test_create_duplicate_name(sdk, api):
    body = create_body(sdk, "sdk-twice")
    sdk.create_post_paid_kafka_instance(m.CreatePostPaidKafkaInstanceRequest(body=body))
    raises(400, "DMS.00400060", sdk.create_post_paid_kafka_instance, m.CreatePostPaidKafkaInstanceRequest(body=body))


# --------------------------------------------------------------------------- 5.1.2 list / 5.1.3 show


def test_list_instances(sdk, api):
    a = api.create_instance(name="sdk-list-alpha")
    b = api.create_instance(name="sdk-list-beta")
    resp = sdk.list_instances(m.ListInstancesRequest(engine="kafka"))
    assert resp.instance_num == 2 and [i.instance_id for i in resp.instances] == [b, a]
    assert_wire(resp)
    item = resp.instances[0]
    assert item.status == "RUNNING" and item.broker_num == 3 and item.port_protocols.private_plain_enable is True
    resp = sdk.list_instances(m.ListInstancesRequest(engine="kafka", name="sdk-list-alpha", exact_match_name="true"))
    assert [i.name for i in resp.instances] == ["sdk-list-alpha"]
    resp = sdk.list_instances(m.ListInstancesRequest(engine="kafka", offset="1", limit="1"))
    assert resp.instance_num == 2 and [i.instance_id for i in resp.instances] == [a]
    resp = sdk.list_instances(m.ListInstancesRequest(engine="kafka", instance_id=a, include_failure="true"))
    assert [i.instance_id for i in resp.instances] == [a]
    resp = sdk.list_instances(m.ListInstancesRequest(engine="kafka", status="CREATING"))
    assert resp.instance_num == 0 and resp.instances == []
    raises(400, "DMS.10240042", sdk.list_instances, m.ListInstancesRequest(engine="kafka", limit="51"))


def test_show_instance_types(sdk, instance_id):
    got = show(sdk, instance_id)
    assert_wire(got)
    assert got.instance_id == instance_id and got.engine == "kafka" and got.type == "cluster"
    assert got.storage_space == 246 and got.total_storage_space == 300 and got.used_storage_space == 0
    assert got.partition_num == "750" and got.port == 9092 and got.node_num == 3
    assert len(got.connect_address.split(",")) == 3 and got.created_at.isdigit()
    assert isinstance(json.loads(got.cross_vpc_info), dict)
    assert got.available_zones and got.available_zone_names
    assert got.specification == "kafka.2u4g.cluster * 3 broker"


# --------------------------------------------------------------------------- 5.1.4 delete, 5.1.5 modify, 5.1.6 batch


def test_delete_instance(sdk, api, instance_id):
    resp = sdk.delete_instance(m.DeleteInstanceRequest(instance_id=instance_id))
    assert resp.status_code == 204
    assert show(sdk, instance_id).status == "DELETING"
    api.advance(3600)
    raises(404, "DMS.00404022", show, sdk, instance_id)
    raises(404, "DMS.00404022", sdk.delete_instance, m.DeleteInstanceRequest(instance_id=instance_id))


def test_delete_while_creating(sdk, api):
    iid = api.create_instance(running=False)
    raises(400, "DMS.00400099", sdk.delete_instance, m.DeleteInstanceRequest(instance_id=iid))


def test_update_instance(sdk, instance_id):
    body = m.UpdateInstanceReq(name="sdk-renamed", description="new words", maintain_begin="06:00:00",
                               maintain_end="10:00:00", security_group_id="5d9e8f6b-4a5c-4b7c-9d2e-3f4a5b6c7d8e",
                               retention_policy="time_base", enterprise_project_id="0")
    resp = sdk.update_instance(m.UpdateInstanceRequest(instance_id=instance_id, body=body))
    assert resp.status_code == 204
    got = show(sdk, instance_id)
    assert got.name == "sdk-renamed" and got.description == "new words"
    assert (got.maintain_begin, got.maintain_end) == ("06:00:00", "10:00:00")
    assert got.security_group_id == "5d9e8f6b-4a5c-4b7c-9d2e-3f4a5b6c7d8e" and got.retention_policy == "time_base"
    assert [t.name for t in tasks(sdk, instance_id).tasks] == ["changeRetentionPolicy"]
    bad = m.UpdateInstanceRequest(instance_id=instance_id, body=m.UpdateInstanceReq(name="1-starts-with-digit"))
    raises(400, "DMS.00400010", sdk.update_instance, bad)


def test_batch_restart_and_delete(sdk, api):
    a = api.create_instance()
    b = api.create_instance()
    req = m.BatchRestartOrDeleteInstancesRequest(
        body=m.BatchRestartOrDeleteInstanceReq(instances=[a, MISSING], action="restart"))
    resp = sdk.batch_restart_or_delete_instances(req)
    assert resp.status_code == 200
    assert_wire(resp)
    assert [(r.instance, r.result) for r in resp.results] == [(a, "success"), (MISSING, "failed")]
    assert show(sdk, a).status == "RESTARTING"
    api.advance(3600)
    assert show(sdk, a).status == "RUNNING"
    req = m.BatchRestartOrDeleteInstancesRequest(
        body=m.BatchRestartOrDeleteInstanceReq(instances=[a, b], action="delete", force_delete=False))
    resp = sdk.batch_restart_or_delete_instances(req)
    assert [r.result for r in resp.results] == ["success", "success"]
    api.advance(3600)
    assert sdk.list_instances(m.ListInstancesRequest(engine="kafka")).instance_num == 0
    bad = m.BatchRestartOrDeleteInstancesRequest(body=m.BatchRestartOrDeleteInstanceReq(instances=[a], action="stop"))
    raises(400, "DMS.00400064", sdk.batch_restart_or_delete_instances, bad)


def test_batch_delete_all_failed(sdk, api):
    api.fault(effect="create_failed", method="POST", path="/kafka/instances$")
    failed = api.create_instance(running=False)
    api.advance(3600)
    assert show(sdk, failed).status == "CREATEFAILED"
    req = m.BatchRestartOrDeleteInstancesRequest(
        body=m.BatchRestartOrDeleteInstanceReq(action="delete", all_failure="kafka"))
    resp = sdk.batch_restart_or_delete_instances(req)
    assert resp.status_code == 204
    api.advance(3600)
    raises(404, "DMS.00404022", show, sdk, failed)


# --------------------------------------------------------------------------- 5.1.7 / 5.1.8 configs


def test_show_and_modify_configs(sdk, api, instance_id):
    resp = sdk.show_instance_configs(m.ShowInstanceConfigsRequest(instance_id=instance_id))
    assert_wire(resp)
    by_name = {c.name: c for c in resp.kafka_configs}
    assert len(by_name) == 13
    assert by_name["log.retention.hours"].value == "72" and by_name["log.retention.hours"].config_type == "static"
    body = m.ModifyInstanceConfigsReq(kafka_configs=[m.ModifyInstanceConfig(name="log.retention.hours", value="24"),
                                                     m.ModifyInstanceConfig(name="min.insync.replicas", value="2")])
    resp = sdk.modify_instance_configs(m.ModifyInstanceConfigsRequest(instance_id=instance_id, body=body))
    assert resp.status_code == 200 and JOB_RE.match(resp.job_id)
    assert resp.dynamic_config == 1 and resp.static_config == 1
    assert_wire(resp)
    task = sdk.show_background_task(m.ShowBackgroundTaskRequest(instance_id=instance_id, task_id=resp.job_id))
    assert task.tasks[0].name == "kafkaConfigModify"
    values = {c.name: c.value for c in
              sdk.show_instance_configs(m.ShowInstanceConfigsRequest(instance_id=instance_id)).kafka_configs}
    assert values["log.retention.hours"] == "24" and values["min.insync.replicas"] == "2"
    bad = m.ModifyInstanceConfigsReq(kafka_configs=[m.ModifyInstanceConfig(name="no.such.config", value="1")])
    raises(400, "DMS.00400063", sdk.modify_instance_configs,
           m.ModifyInstanceConfigsRequest(instance_id=instance_id, body=bad))
    bad = m.ModifyInstanceConfigsReq(kafka_configs=[m.ModifyInstanceConfig(name="log.retention.hours", value="999")])
    raises(400, "DMS.00400066", sdk.modify_instance_configs,
           m.ModifyInstanceConfigsRequest(instance_id=instance_id, body=bad))


# --------------------------------------------------------------------------- 5.2.1 - 5.2.4


def test_reset_password(sdk, sasl_instance_id, instance_id):
    req = m.ResetPasswordRequest(instance_id=sasl_instance_id, body=m.ResetPasswordReq(new_password="N3w-Passw0rd!"))
    assert sdk.reset_password(req).status_code == 204
    weak = m.ResetPasswordRequest(instance_id=sasl_instance_id, body=m.ResetPasswordReq(new_password="weak"))
    raises(400, "DMS.00400012", sdk.reset_password, weak)
    plain = m.ResetPasswordRequest(instance_id=instance_id, body=m.ResetPasswordReq(new_password="N3w-Passw0rd!"))
    raises(400, "DMS.00400971", sdk.reset_password, plain)


def test_manager_password_and_restart(sdk, instance_id):
    req = m.ResetManagerPasswordRequest(instance_id=instance_id,
                                        body=m.ResetManagerPasswordReq(new_password="Manager@123"))
    assert sdk.reset_manager_password(req).status_code == 204
    resp = sdk.restart_manager(m.RestartManagerRequest(instance_id=instance_id))
    assert resp.status_code == 200 and resp.result == "success" and resp.instance_id == instance_id
    assert_wire(resp)
    raises(404, "DMS.00404022", sdk.restart_manager, m.RestartManagerRequest(instance_id=MISSING))


def test_cross_vpc_ip(sdk, instance_id):
    ips = show(sdk, instance_id).connect_address.split(",")
    body = m.UpdateInstanceCrossVpcIpReq(advertised_ip_contents={ips[0]: "10.9.8.7", ips[1]: "broker-1.example.com"})
    resp = sdk.update_instance_cross_vpc_ip(m.UpdateInstanceCrossVpcIpRequest(instance_id=instance_id, body=body))
    assert resp.status_code == 200 and resp.success is True
    assert_wire(resp)
    assert {r.ip: (r.advertised_ip, r.success) for r in resp.results} == {
        ips[0]: ("10.9.8.7", True), ips[1]: ("broker-1.example.com", True)}
    info = json.loads(show(sdk, instance_id).cross_vpc_info)
    assert info[ips[0]]["advertised_ip"] == "10.9.8.7" and info[ips[2]]["advertised_ip"] == ips[2]
    bad = m.UpdateInstanceCrossVpcIpReq(advertised_ip_contents={"10.255.255.1": "10.0.0.1"})
    raises(400, "DMS.00400800", sdk.update_instance_cross_vpc_ip,
           m.UpdateInstanceCrossVpcIpRequest(instance_id=instance_id, body=bad))


# --------------------------------------------------------------------------- 5.2.5 - 5.2.8


def test_show_cluster_both_paths(sdk, api, instance_id):
    api.post("/v2/{project_id}/instances/%s/topics" % instance_id, json={"id": "sdk-topic", "partition": 4,
                                                                       "replication": 3})
    resp = sdk.show_cluster(m.ShowClusterRequest(instance_id=instance_id))
    assert_wire(resp)
    c = resp.cluster
    assert c.controller == "0" and len(c.brokers) == 3 and c.brokers[0].is_controller is True
    assert c.brokers[0].port == 9092 and c.brokers[0].broker_id == "0" and isinstance(c.brokers[0].register_time, int)
    assert c.topics_count == 1 and c.partitions_count == 4 and c.replicas_count == 12
    other = sdk.show_kafka_cluster(m.ShowKafkaClusterRequest(instance_id=instance_id))
    assert [b.host for b in other.cluster.brokers] == [b.host for b in c.brokers]
    assert [b.broker_id for b in other.cluster.brokers] == ["0", "1", "2"]
    assert [b.health for b in other.cluster.brokers] == [True, True, True] and other.cluster.brokers[0].port == 9092
    assert "health" not in json.loads(resp.raw_content)["cluster"]["brokers"][0]  # not in Table 5-44


def test_show_coordinators(sdk, api, instance_id):
    api.post("/v2/{project_id}/kafka/instances/%s/group" % instance_id, json={"group_name": "sdk-group"})
    resp = sdk.show_coordinators(m.ShowCoordinatorsRequest(instance_id=instance_id))
    assert_wire(resp)
    assert [c.group_id for c in resp.coordinators] == ["sdk-group"]
    co = resp.coordinators[0]
    assert isinstance(co.id, int) and co.port == 9092 and co.host in show(sdk, instance_id).connect_address


def test_topic_disk_usage(sdk, api, instance_id):
    api.post("/v2/{project_id}/instances/%s/topics" % instance_id, json={"id": "sdk-disk", "partition": 3})
    resp = sdk.show_kafka_topic_partition_diskusage(
        m.ShowKafkaTopicPartitionDiskusageRequest(instance_id=instance_id, min_size="1KB", top="10", percentage="0"))
    assert_wire(resp)
    assert [b.broker_name for b in resp.broker_list] == ["broker-0", "broker-1", "broker-2"]
    entry = resp.broker_list[0].topic_list[0]
    assert entry.topic_name == "sdk-disk" and entry.topic_partition == "0" and isinstance(entry.percentage, float)
    raises(400, "DMS.00400800", sdk.show_kafka_topic_partition_diskusage,
           m.ShowKafkaTopicPartitionDiskusageRequest(instance_id=instance_id, top="0"))


def test_close_kafka_manager(sdk, instance_id):
    resp = sdk.close_kafka_manager(m.CloseKafkaManagerRequest(instance_id=instance_id))
    assert resp.status_code in (200, 204)
    assert show(sdk, instance_id).management_connect_address == ""
    raises(400, "DMS.00400026", sdk.show_cluster, m.ShowClusterRequest(instance_id=instance_id))


# --------------------------------------------------------------------------- 5.2.13 - 5.2.15 rebalance log


def test_rebalance_log(sdk, instance_id):
    err = raises(400, "DMS.00400800", sdk.show_kafka_rebalance_log,
                 m.ShowKafkaRebalanceLogRequest(instance_id=instance_id))
    assert err.error_msg
    resp = sdk.create_kafka_rebalance_log_task(m.CreateKafkaRebalanceLogTaskRequest(instance_id=instance_id))
    assert resp.status_code == 200 and JOB_RE.match(resp.job_id)
    log = sdk.show_kafka_rebalance_log(m.ShowKafkaRebalanceLogRequest(instance_id=instance_id))
    assert_wire(log)
    assert log.status == "OPEN" and JOB_RE.match(log.id)
    assert log.instance_id == instance_id and UUID_RE.match(log.log_stream_id) and UUID_RE.match(log.log_group_id)
    assert isinstance(log.created_at, int) and log.created_at == log.updated_at
    raw = json.loads(log.raw_content)
    assert raw["instanceId"] == instance_id and isinstance(raw["createAt"], str)  # the reference's own keys
    raises(400, "DMS.00400800", sdk.create_kafka_rebalance_log_task,
           m.CreateKafkaRebalanceLogTaskRequest(instance_id=instance_id))
    resp = sdk.stop_kafka_rebalance_log_task(m.StopKafkaRebalanceLogTaskRequest(instance_id=instance_id))
    assert resp.status_code == 200 and JOB_RE.match(resp.job_id)
    raises(400, "DMS.00400800", sdk.stop_kafka_rebalance_log_task,
           m.StopKafkaRebalanceLogTaskRequest(instance_id=instance_id))


# --------------------------------------------------------------------------- 5.3 extend (both SDK operations)


def test_extend_product_info(sdk, instance_id):
    resp = sdk.show_kafka_instance_extend_product_info(
        m.ShowKafkaInstanceExtendProductInfoRequest(instance_id=instance_id, type="advanced"))
    assert_wire(resp)
    assert resp.engine == "kafka" and "2.7" in resp.versions
    by_id = {p.product_id: p for p in resp.products}
    p = by_id["c6.2u4g.cluster"]
    assert p.type == "cluster" and p.properties.max_broker == "30" and p.properties.min_broker == "3"
    assert p.ios and p.ios[0].io_spec.startswith("dms.physical.storage") and p.available_zones
    raises(400, "DMS.00400800", sdk.show_kafka_instance_extend_product_info,
           m.ShowKafkaInstanceExtendProductInfoRequest(instance_id=instance_id, type="basic"))


def test_resize_storage_with_resize_kafka_instance(sdk, api, instance_id):
    body = m.ResizeEngineInstanceReq(oper_type="storage", new_storage_space=600)
    resp = sdk.resize_kafka_instance(m.ResizeKafkaInstanceRequest(instance_id=instance_id, body=body))
    assert resp.status_code == 200 and JOB_RE.match(resp.job_id)
    assert show(sdk, instance_id).status == "EXTENDING"
    task = sdk.show_background_task(m.ShowBackgroundTaskRequest(instance_id=instance_id, task_id=resp.job_id))
    assert task.tasks[0].name == "extend" and task.tasks[0].status == "EXECUTING"
    api.advance(3600)
    got = show(sdk, instance_id)
    assert got.status == "RUNNING" and got.total_storage_space == 600 and got.extend_times == 1
    small = m.ResizeEngineInstanceReq(oper_type="storage", new_storage_space=650)
    raises(400, "DMS.00400500", sdk.resize_kafka_instance,
           m.ResizeKafkaInstanceRequest(instance_id=instance_id, body=small))


def test_resize_horizontal_and_vertical_with_resize_engine_instance(sdk, api, instance_id):
    body = m.ResizeEngineInstanceReq(oper_type="horizontal", new_broker_num=4, new_storage_space=400)
    resp = sdk.resize_engine_instance(m.ResizeEngineInstanceRequest(engine="kafka", instance_id=instance_id,
                                                                    body=body))
    assert JOB_RE.match(resp.job_id)
    api.advance(3600)
    got = show(sdk, instance_id)
    assert got.broker_num == 4 and len(got.connect_address.split(",")) == 4
    body = m.ResizeEngineInstanceReq(oper_type="vertical", new_product_id="c6.4u8g.cluster")
    sdk.resize_engine_instance(m.ResizeEngineInstanceRequest(engine="kafka", instance_id=instance_id, body=body))
    api.advance(3600)
    assert show(sdk, instance_id).product_id == "c6.4u8g.cluster"
    bad = m.ResizeEngineInstanceReq(oper_type="vertical", new_product_id="c6.99u1g.cluster")
    raises(400, "DMS.00400009", sdk.resize_engine_instance,
           m.ResizeEngineInstanceRequest(engine="kafka", instance_id=instance_id, body=bad))


# --------------------------------------------------------------------------- 5.4.1 automatic topic creation


def test_auto_create_topic(sdk, instance_id):
    req = m.UpdateInstanceAutoCreateTopicRequest(instance_id=instance_id,
                                                 body=m.UpdateInstanceAutoCreateTopicReq(enable_auto_topic=True))
    resp = sdk.update_instance_auto_create_topic(req)
    assert resp.status_code == 200
    assert show(sdk, instance_id).enable_auto_topic is True
    assert [t.name for t in tasks(sdk, instance_id).tasks] == ["modifyAutoTopic"]


# --------------------------------------------------------------------------- 5.8 background tasks


def test_background_tasks(sdk, api, instance_id):
    jobs = []
    for value in ("24", "48", "36"):
        body = m.ModifyInstanceConfigsReq(kafka_configs=[m.ModifyInstanceConfig(name="log.retention.hours",
                                                                                value=value)])
        jobs.append(sdk.modify_instance_configs(m.ModifyInstanceConfigsRequest(instance_id=instance_id,
                                                                               body=body)).job_id)
    resp = tasks(sdk, instance_id)
    assert_wire(resp)
    assert resp.task_count == "3" and [t.id for t in resp.tasks] == jobs[::-1]
    t = resp.tasks[0]
    assert t.status == "EXECUTING" and t.name == "kafkaConfigModify" and isinstance(t.params, str)
    assert t.created_at.endswith("Z") and t.user_name
    resp = tasks(sdk, instance_id, start=2, limit=1)
    assert resp.task_count == "3" and [t.id for t in resp.tasks] == [jobs[1]]
    resp = tasks(sdk, instance_id, begin_time="20000101000000", end_time="20991231235959")
    assert resp.task_count == "3"
    one = sdk.show_background_task(m.ShowBackgroundTaskRequest(instance_id=instance_id, task_id=jobs[0]))
    assert_wire(one)
    assert one.task_count == "1" and one.tasks[0].id == jobs[0]
    raises(400, "DMS.00400017", sdk.delete_background_task,
           m.DeleteBackgroundTaskRequest(instance_id=instance_id, task_id=jobs[0]))
    api.advance(3600)
    assert sdk.show_background_task(
        m.ShowBackgroundTaskRequest(instance_id=instance_id, task_id=jobs[0])).tasks[0].status == "SUCCESS"
    resp = sdk.delete_background_task(m.DeleteBackgroundTaskRequest(instance_id=instance_id, task_id=jobs[0]))
    assert resp.status_code == 204
    raises(404, "DMS.00404001", sdk.show_background_task,
           m.ShowBackgroundTaskRequest(instance_id=instance_id, task_id=jobs[0]))
    raises(400, "DMS.00400070", sdk.show_background_task,
           m.ShowBackgroundTaskRequest(instance_id=instance_id, task_id="not-a-task-id"))


# --------------------------------------------------------------------------- 5.9 tags


def test_tags(sdk, api, instance_id):
    other = api.create_instance()

    def action(iid, verb, *pairs):
        body = m.BatchCreateOrDeleteTagReq(action=verb, tags=[m.TagEntity(key=k, value=v) for k, v in pairs])
        return sdk.batch_create_or_delete_kafka_tag(m.BatchCreateOrDeleteKafkaTagRequest(instance_id=iid, body=body))

    assert action(instance_id, "create", ("env", "test"), ("team", "kafka")).status_code == 204
    action(other, "create", ("env", "prod"))
    resp = sdk.show_kafka_tags(m.ShowKafkaTagsRequest(instance_id=instance_id))
    assert_wire(resp)
    assert sorted((t.key, t.value) for t in resp.tags) == [("env", "test"), ("team", "kafka")]
    assert sorted((t.key, t.value) for t in show(sdk, instance_id).tags) == [("env", "test"), ("team", "kafka")]
    resp = sdk.show_kafka_project_tags(m.ShowKafkaProjectTagsRequest())
    assert_wire(resp)
    assert {t.key: sorted(t.values) for t in resp.tags} == {"env": ["prod", "test"], "team": ["kafka"]}
    assert action(instance_id, "delete", ("team", "kafka")).status_code == 204
    assert [t.key for t in sdk.show_kafka_tags(m.ShowKafkaTagsRequest(instance_id=instance_id)).tags] == ["env"]
    raises(404, "DMS.10240426", action, instance_id, "delete", ("absent", ""))
    raises(400, "DMS.10240040", action, instance_id, "update", ("env", "x"))
    raises(400, "DMS.10240044", action, instance_id, "create", *[("k%d" % i, "v") for i in range(10)])


# --------------------------------------------------------------------------- more create forms the SDK models allow


EIPS = ["7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", "7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4e",
        "7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4f"]


def test_create_with_every_optional_field(sdk, api):
    azs = [z.id for z in sdk.list_available_zones(m.ListAvailableZonesRequest()).available_zones]
    body = create_body(sdk, "sdk-everything", available_zones=azs, enable_publicip=True, publicip_id=",".join(EIPS),
                       tenant_ips=["192.168.7.10", "192.168.7.11"], ssl_enable=True, access_user="sdkuser",
                       password="Sdk-Passw0rd!", kafka_security_protocol="SASL_PLAINTEXT",
                       sasl_enabled_mechanisms=["PLAIN", "SCRAM-SHA-512"], vpc_client_plain=True,
                       disk_encrypted_enable=True, disk_encrypted_key="8b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e",
                       connector_enable=True, enterprise_project_id="0", arch_type="X86", ipv6_enable=False,
                       storage_space=600, broker_num=3, engine_version="3.x",
                       bss_param=m.BssParam(charging_mode="postPaid"))
    iid = sdk.create_post_paid_kafka_instance(m.CreatePostPaidKafkaInstanceRequest(body=body)).instance_id
    api.advance(3600)
    got = show(sdk, iid)
    assert_wire(got)
    assert got.status == "RUNNING" and got.available_zones == azs and got.engine_version == "3.x"
    assert got.enable_publicip is True and len(got.public_connect_address.split(",")) == 3
    assert got.public_management_connect_address.startswith("https://")
    assert got.connect_address.split(",")[:2] == ["192.168.7.10", "192.168.7.11"]
    assert got.kafka_security_protocol == "SASL_PLAINTEXT" and got.vpc_client_plain is True
    assert got.port_protocols.public_sasl_plaintext_enable is True and got.port_protocols.private_plain_enable
    assert got.disk_encrypted is True and got.disk_encrypted_key == "8b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e"
    assert got.connector_enable is True and got.total_storage_space == 600
    raw = json.loads(got.raw_content)
    assert raw["public_management_connect_addresses"] == got.public_management_connect_address  # the table's key
    assert "password" not in raw and "arch_type" not in raw and "tenant_ips" not in raw


def test_create_public_access_errors(sdk):
    body = create_body(sdk, "sdk-bad-public", enable_publicip=True, publicip_id=EIPS[0])
    raises(400, "DMS.00400128", sdk.create_post_paid_kafka_instance, m.CreatePostPaidKafkaInstanceRequest(body=body))
    body = create_body(sdk, "sdk-bad-sasl", ssl_enable=True, access_user="sdkuser", password="short")
    raises(400, "DMS.00400012", sdk.create_post_paid_kafka_instance, m.CreatePostPaidKafkaInstanceRequest(body=body))


def test_disk_usage_min_size_in_the_sdk_notation(sdk, api, instance_id):
    api.post("/v2/{project_id}/instances/%s/topics" % instance_id, json={"id": "sdk-disk", "partition": 3})
    for size, count in (("1K", 1), ("1M", 0), ("1G", 0), ("1 KB", 1)):
        resp = sdk.show_kafka_topic_partition_diskusage(
            m.ShowKafkaTopicPartitionDiskusageRequest(instance_id=instance_id, min_size=size))
        assert [len(b.topic_list) for b in resp.broker_list] == [count] * 3, size


def test_v1_created_instance_read_by_the_sdk(sdk, api):
    azs = api.get("/v2/available-zones").json()["available_zones"]
    r = api.post("/v1.0/{project_id}/instances", json={
        "name": "sdk-v1-made", "engine": "kafka", "engine_version": "2.3.0", "specification": "100MB",
        "storage_space": 600, "partition_num": 300, "vpc_id": VPC, "subnet_id": SUBNET, "security_group_id": SG,
        "available_zones": [azs[0]["id"]], "product_id": "00300-30308-0--0", "kafka_manager_user": "manager",
        "kafka_manager_password": "Manager@123", "storage_spec_code": "dms.physical.storage.high"})
    assert r.status_code == 200, r.text
    iid = r.json()["instance_id"]
    api.advance(3600)
    got = show(sdk, iid)
    assert_wire(got)
    assert got.status == "RUNNING" and got.name == "sdk-v1-made" and got.broker_num == 3
    listed = sdk.list_instances(m.ListInstancesRequest(engine="kafka", name="sdk-v1-made"))
    assert [i.instance_id for i in listed.instances] == [iid]
    assert sdk.delete_instance(m.DeleteInstanceRequest(instance_id=iid)).status_code == 204


def test_sdk_forms_of_optional_fields(sdk, api):
    iid = api.create_instance(enable_publicip=True, publicip_id=",".join(EIPS))
    # HH:mm windows are answered HH:mm:ss; an empty UpdateInstanceReq changes nothing
    req = m.UpdateInstanceRequest(instance_id=iid,
                                  body=m.UpdateInstanceReq(maintain_begin="22:00", maintain_end="02:00"))
    assert sdk.update_instance(req).status_code == 204
    assert sdk.update_instance(m.UpdateInstanceRequest(instance_id=iid, body=m.UpdateInstanceReq())).status_code == 204
    got = show(sdk, iid)
    assert (got.maintain_begin, got.maintain_end) == ("22:00:00", "02:00:00")
    # horizontal extend of a public instance: one new EIP per new broker, tenant IPs for the new brokers
    body = m.ResizeEngineInstanceReq(oper_type="horizontal", new_broker_num=5, new_storage_space=500,
                                     publicip_id="8a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c40,"
                                                 "8a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c41",
                                     tenant_ips=["192.168.99.1"])
    assert JOB_RE.match(sdk.resize_kafka_instance(m.ResizeKafkaInstanceRequest(instance_id=iid, body=body)).job_id)
    raises(400, "DMS.00400026", sdk.update_instance_cross_vpc_ip, m.UpdateInstanceCrossVpcIpRequest(
        instance_id=iid, body=m.UpdateInstanceCrossVpcIpReq(advertised_ip_contents={"192.168.99.1": "10.0.0.1"})))
    api.advance(3600)
    got = show(sdk, iid)
    assert got.broker_num == 5 and "192.168.99.1" in got.connect_address.split(",")
    assert len(got.public_connect_address.split(",")) == 5
    # a TagEntity without a value is the empty value
    body = m.BatchCreateOrDeleteTagReq(action="create", tags=[m.TagEntity(key="novalue")])
    sdk.batch_create_or_delete_kafka_tag(m.BatchCreateOrDeleteKafkaTagRequest(instance_id=iid, body=body))
    assert [(t.key, t.value) for t in sdk.show_kafka_tags(m.ShowKafkaTagsRequest(instance_id=iid)).tags] == [
        ("novalue", "")]
    # include_failure=false hides CREATEFAILED instances
    api.fault(effect="create_failed", method="POST", path="/kafka/instances$")
    failed = api.create_instance(running=False)
    api.advance(3600)
    ids = [i.instance_id for i in sdk.list_instances(m.ListInstancesRequest(include_failure="false")).instances]
    assert ids == [iid]
    ids = [i.instance_id for i in sdk.list_instances(m.ListInstancesRequest(include_failure="true")).instances]
    assert ids == [failed, iid]
    raises(400, "DMS.00400800", sdk.list_background_tasks,
           m.ListBackgroundTasksRequest(instance_id=iid, begin_time="2020-01-01"))
    raises(400, "DMS.00400061", show, sdk, "not-a-uuid")
