"""Topics (5.4) and messages (5.7) driven with Huawei's official SDK (huaweicloudsdkkafka).

Every call goes over HTTP to a real emulator process, with the SDK's own paths, methods,
request models and signer; the answers are read back through the SDK's response models.
"""

import pytest
from huaweicloudsdkcore.exceptions import exceptions as sdk_exc
from huaweicloudsdkkafka.v2.model import (
    BatchDeleteInstanceTopicReq, BatchDeleteInstanceTopicRequest,
    CreateInstanceTopicReq, CreateInstanceTopicReqTopicOtherConfigs, CreateInstanceTopicRequest,
    CreateKafkaReassignmentTaskRequest, CreateKafkaTopicQuotaRequest,
    DeleteKafkaMessageRequestBody, DeleteKafkaTopicMessagesRequest, DeleteKafkaTopicQuotaRequest,
    KafkaTopicQuota, ListInstanceTopicsRequest, ListTopicPartitionsRequest, ListTopicProducersRequest,
    ModifyKafkaTopicQuotaRequest, PartitionOffsetEntity, PartitionReassignEntity, PartitionReassignRequest,
    SendKafkaMessageRequest, SendKafkaMessageRequestBody, SendKafkaMessageRequestBodyPropertyList,
    ShowBackgroundTaskRequest, ShowInstanceMessagesRequest, ShowInstanceTopicDetailRequest,
    ShowKafkaTopicQuotaRequest, ShowMessagesRequest, ShowPartitionBeginningMessageRequest,
    ShowPartitionEndMessageRequest, ShowPartitionMessageRequest, TopicAssignment,
    UpdateInstanceAutoCreateTopicReq, UpdateInstanceAutoCreateTopicRequest, UpdateInstanceTopicReq,
    UpdateInstanceTopicReqTopicOtherConfigs, UpdateInstanceTopicReqTopics, UpdateInstanceTopicRequest,
)


def create_topic(sdk, instance_id, name, **kw):
    body = CreateInstanceTopicReq(id=name, **kw)
    return sdk.create_instance_topic(CreateInstanceTopicRequest(instance_id=instance_id, body=body))


def send(sdk, instance_id, topic, value, key=None, partition=None):
    props = []
    if key is not None:
        props.append(SendKafkaMessageRequestBodyPropertyList(name="KEY", value=key))
    if partition is not None:
        props.append(SendKafkaMessageRequestBodyPropertyList(name="PARTITION", value=str(partition)))
    body = SendKafkaMessageRequestBody(topic=topic, body=value, property_list=props)
    return sdk.send_kafka_message(SendKafkaMessageRequest(instance_id=instance_id, action_id="send", body=body))


def dms_error(info, status, code):
    assert info.value.status_code == status, (info.value.status_code, info.value.error_msg)
    assert info.value.error_code == code, info.value.error_msg


# --------------------------------------------------------------------------- 5.4.4-5.4.7


def test_create_list_modify_delete_topics(sdk, instance_id):
    created = create_topic(sdk, instance_id, "sdk-orders", partition=6, replication=3, retention_time=48,
                           sync_replication=True, sync_message_flush=False, topic_desc="orders",
                           topic_other_configs=[
                               CreateInstanceTopicReqTopicOtherConfigs(name="max.message.bytes", value="2048"),
                               CreateInstanceTopicReqTopicOtherConfigs(name="message.timestamp.type",
                                                                       value="CreateTime")])
    assert created.name == "sdk-orders"
    create_topic(sdk, instance_id, "sdk-audit")  # defaults

    got = sdk.list_instance_topics(ListInstanceTopicsRequest(instance_id=instance_id))
    assert got.total == 2 and got.size == 2
    assert got.max_partitions == 750 and got.remain_partitions == 750 - 9 and got.topic_max_partitions == 200
    topics = {t.name: t for t in got.topics}
    orders = topics["sdk-orders"]
    assert (orders.partition, orders.replication, orders.retention_time) == (6, 3, 48)
    assert orders.sync_replication is True and orders.sync_message_flush is False
    assert orders.topic_desc == "orders" and orders.policies_only is False and orders.topic_type == 0
    assert isinstance(orders.created_at, int) and orders.external_configs == {}
    configs = {c.name: c for c in orders.topic_other_configs}
    assert configs["max.message.bytes"].value == "2048"
    assert configs["max.message.bytes"].value_type == "int"
    assert configs["message.timestamp.type"].value == "CreateTime"
    audit = topics["sdk-audit"]
    assert (audit.partition, audit.replication, audit.retention_time) == (3, 3, 72)

    page = sdk.list_instance_topics(ListInstanceTopicsRequest(instance_id=instance_id, offset=1, limit=1))
    assert page.total == 2 and [t.name for t in page.topics] == ["sdk-audit"]

    update = UpdateInstanceTopicReq(topics=[UpdateInstanceTopicReqTopics(
        id="sdk-orders", retention_time=24, new_partition_numbers=8, new_partition_brokers=[0, 1],
        sync_replication=False, topic_desc="orders v2",
        topic_other_configs=[UpdateInstanceTopicReqTopicOtherConfigs(name="max.message.bytes", value="4096")])])
    sdk.update_instance_topic(UpdateInstanceTopicRequest(instance_id=instance_id, body=update))
    orders = {t.name: t for t in sdk.list_instance_topics(
        ListInstanceTopicsRequest(instance_id=instance_id)).topics}["sdk-orders"]
    assert (orders.partition, orders.retention_time, orders.sync_replication) == (8, 24, False)
    assert orders.topic_desc == "orders v2"
    assert {c.name: c.value for c in orders.topic_other_configs}["max.message.bytes"] == "4096"

    deleted = sdk.batch_delete_instance_topic(BatchDeleteInstanceTopicRequest(
        instance_id=instance_id, body=BatchDeleteInstanceTopicReq(topics=["sdk-audit", "sdk-missing"])))
    assert [(t.id, t.success) for t in deleted.topics] == [("sdk-audit", True), ("sdk-missing", False)]
    left = sdk.list_instance_topics(ListInstanceTopicsRequest(instance_id=instance_id))
    assert [t.name for t in left.topics] == ["sdk-orders"]


def test_topic_errors(sdk, instance_id):
    create_topic(sdk, instance_id, "sdk-dup")
    with pytest.raises(sdk_exc.ClientRequestException) as info:
        create_topic(sdk, instance_id, "sdk-dup")
    dms_error(info, 400, "DMS.40050005")
    with pytest.raises(sdk_exc.ClientRequestException) as info:
        create_topic(sdk, instance_id, "1-bad-name")
    dms_error(info, 400, "DMS.00400101")
    with pytest.raises(sdk_exc.ClientRequestException) as info:
        create_topic(sdk, instance_id, "sdk-wide", partition=201)
    dms_error(info, 400, "DMS.00400102")
    with pytest.raises(sdk_exc.ClientRequestException) as info:
        sdk.update_instance_topic(UpdateInstanceTopicRequest(instance_id=instance_id, body=UpdateInstanceTopicReq(
            topics=[UpdateInstanceTopicReqTopics(id="sdk-nope", retention_time=5)])))
    dms_error(info, 400, "DMS.00400975")


# --------------------------------------------------------------------------- 5.4.8-5.4.10


def test_partitions_producers_and_details(sdk, api, instance_id):
    create_topic(sdk, instance_id, "sdk-parts", partition=3, replication=2)
    for i in range(4):
        send(sdk, instance_id, "sdk-parts", "v%d" % i, partition=1)
    api.hook("POST", "instances/%s/groups/sdk-reader" % instance_id,
             {"offsets": [{"topic": "sdk-parts", "partition": 1, "offset": 2}]})
    parts = sdk.list_topic_partitions(ListTopicPartitionsRequest(instance_id=instance_id, topic="sdk-parts"))
    assert parts.total == 3 and [p.partition for p in parts.partitions] == [0, 1, 2]
    p1 = parts.partitions[1]
    assert (p1.start_offset, p1.last_offset, p1.message_count) == (0, 4, 4)
    assert isinstance(p1.last_update_time, int) and p1.last_update_time > 0
    page = sdk.list_topic_partitions(ListTopicPartitionsRequest(instance_id=instance_id, topic="sdk-parts",
                                                                offset=2, limit=1))
    assert page.total == 3 and [p.partition for p in page.partitions] == [2]

    producers = sdk.list_topic_producers(ListTopicProducersRequest(instance_id=instance_id, topic="sdk-parts",
                                                                   offset=0, limit=10))
    assert producers.total == 1
    prod = producers.producers[0]
    assert prod.producer_address.startswith("127.0.0.1:") and prod.broker_address.endswith(":9092")
    assert isinstance(prod.join_time, int)

    detail = sdk.show_instance_topic_detail(ShowInstanceTopicDetailRequest(instance_id=instance_id,
                                                                           topic="sdk-parts"))
    assert detail.topic == "sdk-parts" and len(detail.partitions) == 3
    d1 = detail.partitions[1]
    assert (d1.partition, d1.leo, d1.hw, d1.lso) == (1, 4, 4, 0)
    assert d1.leader == d1.replicas[0].broker and len(d1.replicas) == 2
    assert d1.replicas[0].leader is True and d1.replicas[1].leader is False
    assert all(r.in_sync is True and r.lag == 0 and isinstance(r.size, int) for r in d1.replicas)
    assert detail.group_subscribed == ["sdk-reader"]

    with pytest.raises(sdk_exc.ClientRequestException) as info:
        sdk.list_topic_partitions(ListTopicPartitionsRequest(instance_id=instance_id, topic="sdk-none"))
    dms_error(info, 400, "DMS.00400975")


# --------------------------------------------------------------------------- 5.4.11-5.4.14 topic quotas


def test_topic_quota_lifecycle(sdk, api, instance_id):
    create_topic(sdk, instance_id, "sdk-quota")
    # The SDK's KafkaTopicQuota sends producer_byte_rate / consumer_byte_rate (the reference: hyphenated).
    job = sdk.create_kafka_topic_quota(CreateKafkaTopicQuotaRequest(
        instance_id=instance_id, body=KafkaTopicQuota(topic="sdk-quota", producer_byte_rate=1024,
                                                      consumer_byte_rate=2048)))
    assert isinstance(job.job_id, str) and len(job.job_id) == 32
    pending = sdk.show_kafka_topic_quota(ShowKafkaTopicQuotaRequest(instance_id=instance_id))
    assert pending.count == 0 and pending.quotas == []
    api.advance(10)
    task = sdk.show_background_task(ShowBackgroundTaskRequest(instance_id=instance_id, task_id=job.job_id))
    assert task.tasks[0].status == "SUCCESS"
    shown = sdk.show_kafka_topic_quota(ShowKafkaTopicQuotaRequest(instance_id=instance_id, type="topic",
                                                                  limit="10", offset="0", keyword="quota"))
    assert shown.count == 1 and shown.quotas[0].topic == "sdk-quota"
    # Table 5-134 names the rates producer-byte-rate / consumer-byte-rate; the SDK's model reads
    # producer_byte_rate / consumer_byte_rate. The emulator answers both spellings.
    assert shown.quotas[0].producer_byte_rate == 1024 and shown.quotas[0].consumer_byte_rate == 2048
    raw = shown.to_json_object()["quotas"][0]
    assert raw["producer-byte-rate"] == 1024 and raw["consumer-byte-rate"] == 2048

    sdk.modify_kafka_topic_quota(ModifyKafkaTopicQuotaRequest(
        instance_id=instance_id, body=KafkaTopicQuota(topic="sdk-quota", producer_byte_rate=4096)))
    api.advance(10)
    raw = sdk.show_kafka_topic_quota(ShowKafkaTopicQuotaRequest(instance_id=instance_id)).to_json_object()
    assert raw["quotas"][0]["producer-byte-rate"] == 4096 and raw["quotas"][0]["consumer-byte-rate"] == 2048

    job = sdk.delete_kafka_topic_quota(DeleteKafkaTopicQuotaRequest(
        instance_id=instance_id, body=KafkaTopicQuota(topic="sdk-quota")))
    assert job.job_id
    api.advance(10)
    assert sdk.show_kafka_topic_quota(ShowKafkaTopicQuotaRequest(instance_id=instance_id)).count == 0


def test_topic_quota_errors(sdk, api, instance_id):
    with pytest.raises(sdk_exc.ClientRequestException) as info:
        sdk.create_kafka_topic_quota(CreateKafkaTopicQuotaRequest(
            instance_id=instance_id, body=KafkaTopicQuota(topic="sdk-q")))
    dms_error(info, 400, "DMS.00400800")
    # A quota for a topic that does not exist: accepted, its task fails.
    job = sdk.create_kafka_topic_quota(CreateKafkaTopicQuotaRequest(
        instance_id=instance_id, body=KafkaTopicQuota(topic="sdk-nope", producer_byte_rate=10)))
    api.advance(10)
    task = sdk.show_background_task(ShowBackgroundTaskRequest(instance_id=instance_id, task_id=job.job_id))
    assert task.tasks[0].status == "FAILED"


# --------------------------------------------------------------------------- 5.4.15 reassignment


def test_partition_reassignment(sdk, api, instance_id):
    create_topic(sdk, instance_id, "sdk-move", partition=2, replication=2)
    estimate = sdk.create_kafka_reassignment_task(CreateKafkaReassignmentTaskRequest(
        instance_id=instance_id, body=PartitionReassignRequest(
            reassignments=[PartitionReassignEntity(topic="sdk-move", brokers=[1, 2], replication_factor=2)],
            time_estimate=True)))
    assert estimate.job_id is None and isinstance(estimate.reassignment_time, int)
    done = sdk.create_kafka_reassignment_task(CreateKafkaReassignmentTaskRequest(
        instance_id=instance_id, body=PartitionReassignRequest(
            reassignments=[PartitionReassignEntity(topic="sdk-move", assignment=[
                TopicAssignment(partition=0, partition_brokers=[2, 0]),
                TopicAssignment(partition=1, partition_brokers=[0, 1])])],
            throttle=-1)))
    assert len(done.job_id) == 32 and isinstance(done.reassignment_time, int)
    detail = sdk.show_instance_topic_detail(ShowInstanceTopicDetailRequest(instance_id=instance_id,
                                                                           topic="sdk-move"))
    assert [[r.broker for r in p.replicas] for p in detail.partitions] == [[2, 0], [0, 1]]
    assert [p.leader for p in detail.partitions] == [2, 0]
    with pytest.raises(sdk_exc.ClientRequestException) as info:  # the first one still runs
        sdk.create_kafka_reassignment_task(CreateKafkaReassignmentTaskRequest(
            instance_id=instance_id, body=PartitionReassignRequest(
                reassignments=[PartitionReassignEntity(topic="sdk-move", brokers=[0, 1])])))
    dms_error(info, 400, "DMS.00500980")
    api.advance(10)
    task = sdk.show_background_task(ShowBackgroundTaskRequest(instance_id=instance_id, task_id=done.job_id))
    assert task.tasks[0].name == "partitionReassignment" and task.tasks[0].status == "SUCCESS"


# --------------------------------------------------------------------------- 5.4.3 and 5.7


def test_send_and_query_messages(sdk, api, instance_id):
    create_topic(sdk, instance_id, "sdk-msgs", partition=2)
    sent = send(sdk, instance_id, "sdk-msgs", "hello", key="k1", partition=0)
    assert sent.topic == "sdk-msgs" and sent.body == "hello" and sent.property_list == []
    send(sdk, instance_id, "sdk-msgs", "world", partition=0)
    api.advance(1)
    send(sdk, instance_id, "sdk-msgs", "other", partition=1)

    # 5.7.1 by time range and by offset
    listed = sdk.show_instance_messages(ShowInstanceMessagesRequest(
        instance_id=instance_id, topic="sdk-msgs", start_time="0", end_time="99999999999999", limit="10",
        offset="1", asc=True))
    assert listed.total == 3 and listed.size == 3
    assert [m.value for m in listed.messages] == ["hello", "world", "other"]
    first = listed.messages[0]
    assert (first.topic, first.partition, first.key, first.message_offset) == ("sdk-msgs", 0, "k1", 0)
    assert first.size == len("hello") + len("k1") and isinstance(first.timestamp, int)
    assert first.huge_message is False
    by_offset = sdk.show_instance_messages(ShowInstanceMessagesRequest(
        instance_id=instance_id, topic="sdk-msgs", message_offset="1", partition="0"))
    assert [m.value for m in by_offset.messages] == ["world"]
    keyword = sdk.show_instance_messages(ShowInstanceMessagesRequest(
        instance_id=instance_id, topic="sdk-msgs", start_time="0", end_time="99999999999999", keyword="oth"))
    assert [m.value for m in keyword.messages] == ["other"]

    # 5.7.2
    at = sdk.show_partition_message(ShowPartitionMessageRequest(instance_id=instance_id, topic="sdk-msgs",
                                                                partition=0, message_offset="0"))
    assert len(at.message) == 1
    m = at.message[0]
    assert (m.key, m.value, m.topic, m.partition, m.message_offset, m.size) == ("k1", "hello", "sdk-msgs", 0, 0, 7)

    # 5.7.3
    period = sdk.show_messages(ShowMessagesRequest(instance_id=instance_id, topic="sdk-msgs", start_time="0",
                                                   end_time="99999999999999", limit=2, offset=0, partition="0"))
    assert period.messages_count == 2 and period.offsets_count == 1 and period.offset == 1
    assert [(x.partition, x.message_offset) for x in period.messages] == [(0, 0), (0, 1)]
    assert all(x.topic == "sdk-msgs" and isinstance(x.size, int) and isinstance(x.timestamp, int)
               for x in period.messages)

    # 5.7.4 / 5.7.5
    begin = sdk.show_partition_beginning_message(ShowPartitionBeginningMessageRequest(
        instance_id=instance_id, topic="sdk-msgs", partition=0))
    end = sdk.show_partition_end_message(ShowPartitionEndMessageRequest(
        instance_id=instance_id, topic="sdk-msgs", partition=0))
    assert (begin.topic, begin.partition, begin.offset) == ("sdk-msgs", 0, 0)
    assert (end.topic, end.partition, end.offset) == ("sdk-msgs", 0, 2)
    assert isinstance(begin.timestamp, int) and isinstance(end.timestamp, int)

    # 5.7.6 (the SDK's POST .../messages/delete form)
    deleted = sdk.delete_kafka_topic_messages(DeleteKafkaTopicMessagesRequest(
        instance_id=instance_id, topic="sdk-msgs", body=DeleteKafkaMessageRequestBody(partitions=[
            PartitionOffsetEntity(partition=0, offset=1), PartitionOffsetEntity(partition=7, offset=0)])))
    assert [(p.partition, p.result, p.error_code) for p in deleted.partitions] == [
        (0, "success", "0"), (7, "failed", "3")]
    begin = sdk.show_partition_beginning_message(ShowPartitionBeginningMessageRequest(
        instance_id=instance_id, topic="sdk-msgs", partition=0))
    assert begin.offset == 1


def test_message_errors(sdk, instance_id):
    create_topic(sdk, instance_id, "sdk-small", topic_other_configs=[
        CreateInstanceTopicReqTopicOtherConfigs(name="max.message.bytes", value="4")])
    with pytest.raises(sdk_exc.ClientRequestException) as info:
        send(sdk, instance_id, "sdk-small", "too large")
    dms_error(info, 400, "DMS.10540011")
    with pytest.raises(sdk_exc.ClientRequestException) as info:
        send(sdk, instance_id, "sdk-missing", "x")
    dms_error(info, 400, "DMS.00400975")
    with pytest.raises(sdk_exc.ClientRequestException) as info:
        sdk.show_instance_messages(ShowInstanceMessagesRequest(
            instance_id=instance_id, topic="sdk-small", start_time="200", end_time="100"))
    dms_error(info, 400, "DMS.00400142")


def test_automatic_topic_creation(sdk, api, instance_id):
    """5.4.1 through the SDK, then a send to a missing topic creates it (3 partitions)."""
    sdk.update_instance_auto_create_topic(UpdateInstanceAutoCreateTopicRequest(
        instance_id=instance_id, body=UpdateInstanceAutoCreateTopicReq(enable_auto_topic=True)))
    api.advance(3600)
    sent = send(sdk, instance_id, "sdk-auto", "first", key="k")
    assert sent.topic == "sdk-auto"
    topics = sdk.list_instance_topics(ListInstanceTopicsRequest(instance_id=instance_id)).topics
    assert [(t.name, t.partition) for t in topics] == [("sdk-auto", 3)]


def test_messages_in_period_over_all_partitions(sdk, api, instance_id):
    create_topic(sdk, instance_id, "sdk-period", partition=3)
    for p in range(3):
        send(sdk, instance_id, "sdk-period", "p%d" % p, partition=p)
    got = sdk.show_messages(ShowMessagesRequest(instance_id=instance_id, topic="sdk-period"))
    assert got.messages_count == 3 and got.offset == 1 and got.offsets_count == 1
    assert sorted(m.partition for m in got.messages) == [0, 1, 2]
    page2 = sdk.show_messages(ShowMessagesRequest(instance_id=instance_id, topic="sdk-period", limit=2, offset=2))
    assert page2.offset == 2 and page2.offsets_count == 2 and len(page2.messages) == 1
    # 5.7.6: offset -1 deletes up to the end of the log
    sdk.delete_kafka_topic_messages(DeleteKafkaTopicMessagesRequest(
        instance_id=instance_id, topic="sdk-period", body=DeleteKafkaMessageRequestBody(partitions=[
            PartitionOffsetEntity(partition=2, offset=-1)])))
    end = sdk.show_partition_end_message(ShowPartitionEndMessageRequest(
        instance_id=instance_id, topic="sdk-period", partition=2))
    begin = sdk.show_partition_beginning_message(ShowPartitionBeginningMessageRequest(
        instance_id=instance_id, topic="sdk-period", partition=2))
    assert begin.offset == end.offset == 1
    empty = sdk.show_partition_message(ShowPartitionMessageRequest(instance_id=instance_id, topic="sdk-period",
                                                                   partition=2, message_offset="0"))
    assert empty.message == []
