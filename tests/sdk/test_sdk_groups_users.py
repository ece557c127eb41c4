"""Consumer groups (5.5), users and permissions (5.6) and user/client quotas (5.2.9-5.2.12),
driven with Huawei's official SDK (huaweicloudsdkkafka) over HTTP against a real emulator.
"""

import pytest
from huaweicloudsdkcore.exceptions import exceptions as sdk_exc
from huaweicloudsdkkafka.v2.model import (
    AccessPolicyEntity, AccessPolicyTopicEntity, BatchDeleteGroupReq, BatchDeleteGroupRequest,
    BatchDeleteInstanceUsersReq, BatchDeleteInstanceUsersRequest, CreateGroupReq, CreateInstanceTopicReq,
    CreateInstanceTopicRequest, CreateInstanceUserReq, CreateInstanceUserRequest, CreateKafkaConsumerGroupRequest,
    CreateKafkaUserClientQuotaTaskReq, CreateKafkaUserClientQuotaTaskRequest, DeleteConsumerGroupOffsetsRequest,
    DeleteConsumerGroupOffsetsRequestBody, DeleteGroupRequest, DeleteInstanceConsumerGroupRequest,
    DeleteKafkaUserClientQuotaTaskReq, DeleteKafkaUserClientQuotaTaskRequest, GroupCreateReq,
    ListInstanceConsumerGroupMembersRequest, ListInstanceConsumerGroupMessageOffsetRequest,
    ListInstanceConsumerGroupRequest, ListInstanceConsumerGroupsRequest, ListInstanceConsumerGroupTopicsRequest,
    ResetMessageOffsetReq, ResetMessageOffsetRequest, ResetMessageOffsetWithEngineRequest, ResetUserPasswordReq,
    ResetUserPasswrodRequest, SendKafkaMessageRequest, SendKafkaMessageRequestBody,
    SendKafkaMessageRequestBodyPropertyList, ShowBackgroundTaskRequest, ShowGroupRequest, ShowGroupsRequest,
    ShowInstanceMessagesRequest, ShowInstanceUsersRequest, ShowKafkaUserClientQuotaRequest,
    ShowTopicAccessPolicyRequest,
    UpdateInstanceConsumerGroupRequest, UpdateInstanceUserRequest, UpdateKafkaUserClientQuotaTaskReq,
    UpdateKafkaUserClientQuotaTaskRequest, UpdateTopicAccessPolicyReq, UpdateTopicAccessPolicyRequest, UpdateUserReq,
)


def dms_error(info, status, code):
    assert info.value.status_code == status, (info.value.status_code, info.value.error_msg)
    assert info.value.error_code == code, info.value.error_msg


def create_topic(sdk, instance_id, name, partition=3):
    sdk.create_instance_topic(CreateInstanceTopicRequest(
        instance_id=instance_id, body=CreateInstanceTopicReq(id=name, partition=partition)))


def produce(sdk, instance_id, topic, partition, count):
    for i in range(count):
        body = SendKafkaMessageRequestBody(topic=topic, body="m%d" % i, property_list=[
            SendKafkaMessageRequestBodyPropertyList(name="PARTITION", value=str(partition))])
        sdk.send_kafka_message(SendKafkaMessageRequest(instance_id=instance_id, action_id="send", body=body))


def create_group(sdk, instance_id, name, desc=None):
    return sdk.create_kafka_consumer_group(CreateKafkaConsumerGroupRequest(
        instance_id=instance_id, body=CreateGroupReq(group_name=name, group_desc=desc)))


def set_group(api, instance_id, group, **state):
    """Members and committed offsets come from the Kafka protocol: the emulator's test hook sets them."""
    return api.hook("POST", "instances/%s/groups/%s" % (instance_id, group), state)


MEMBER = {"member_id": "consumer-1-0f1e", "client_id": "consumer-1", "host": "/192.168.0.20",
          "assignment": [{"topic": "sdk-busy", "partitions": [0, 1]}]}


# --------------------------------------------------------------------------- 5.5 consumer groups


def test_create_list_show_update_delete_groups(sdk, api, instance_id):
    created = create_group(sdk, instance_id, "sdk-group", "billing consumers")
    assert created.body == "success"
    create_group(sdk, instance_id, "sdk-other")

    listed = sdk.list_instance_consumer_groups(ListInstanceConsumerGroupsRequest(instance_id=instance_id))
    assert listed.total == 2
    g = {x.group_id: x for x in listed.groups}["sdk-group"]
    assert g.state == "EMPTY" and g.group_desc == "billing consumers" and g.lag == 0
    assert isinstance(g.created_at, int) and g.created_at > 0 and isinstance(g.coordinator_id, int)
    filtered = sdk.list_instance_consumer_groups(ListInstanceConsumerGroupsRequest(
        instance_id=instance_id, group="OTHER", offset="0", limit="10"))
    assert [x.group_id for x in filtered.groups] == ["sdk-other"]

    # 5.5.7 (engine form) and the SDK's show_group (no engine segment)
    for got in (sdk.list_instance_consumer_group(ListInstanceConsumerGroupRequest(
                    engine="kafka", instance_id=instance_id, group="sdk-group")),
                sdk.show_group(ShowGroupRequest(instance_id=instance_id, group="sdk-group"))):
        assert got.group.group_id == "sdk-group" and got.group.state == "EMPTY"
        assert got.group.group_desc == "billing consumers" and got.group.assignment_strategy == "range"
        assert isinstance(got.group.created_at, int) and isinstance(got.group.coordinator_id, int)

    sdk.update_instance_consumer_group(UpdateInstanceConsumerGroupRequest(
        engine="kafka", instance_id=instance_id, group="sdk-group",
        body=GroupCreateReq(group_name="sdk-group", group_desc="renamed desc")))
    got = sdk.show_group(ShowGroupRequest(instance_id=instance_id, group="sdk-group"))
    assert got.group.group_desc == "renamed desc"

    sdk.delete_instance_consumer_group(DeleteInstanceConsumerGroupRequest(
        engine="kafka", instance_id=instance_id, group="sdk-group"))
    sdk.delete_group(DeleteGroupRequest(instance_id=instance_id, group="sdk-other"))
    assert sdk.list_instance_consumer_groups(ListInstanceConsumerGroupsRequest(instance_id=instance_id)).total == 0


def test_group_errors(sdk, api, instance_id):
    create_group(sdk, instance_id, "sdk-dup")
    with pytest.raises(sdk_exc.ClientRequestException) as info:
        create_group(sdk, instance_id, "sdk-dup")
    dms_error(info, 400, "DMS.40050015")
    with pytest.raises(sdk_exc.ClientRequestException) as info:
        create_group(sdk, instance_id, "9x")
    dms_error(info, 400, "DMS.10240016")
    with pytest.raises(sdk_exc.ClientRequestException) as info:
        sdk.show_group(ShowGroupRequest(instance_id=instance_id, group="sdk-ghost"))
    dms_error(info, 404, "DMS.10240405")
    with pytest.raises(sdk_exc.ClientRequestException) as info:
        sdk.list_instance_consumer_groups(ListInstanceConsumerGroupsRequest(instance_id=instance_id, limit="51"))
    dms_error(info, 400, "DMS.10240042")


def test_group_details_offsets_topics_members(sdk, api, instance_id):
    create_topic(sdk, instance_id, "sdk-busy")
    create_topic(sdk, instance_id, "sdk-idle", partition=2)
    produce(sdk, instance_id, "sdk-busy", 0, 5)
    produce(sdk, instance_id, "sdk-idle", 1, 3)
    set_group(api, instance_id, "sdk-consumers", members=[MEMBER], offsets=[
        {"topic": "sdk-busy", "partition": 0, "offset": 2}, {"topic": "sdk-idle", "partition": 1, "offset": 3}])

    details = sdk.show_groups(ShowGroupsRequest(instance_id=instance_id, group="sdk-consumers")).group
    assert details.group_id == "sdk-consumers" and details.state == "STABLE"
    assert isinstance(details.coordinator_id, int) and details.assignment_strategy == "range"
    member = details.members[0]
    assert (member.member_id, member.client_id, member.host) == ("consumer-1-0f1e", "consumer-1", "/192.168.0.20")
    assert [(a.topic, a.partitions) for a in member.assignment] == [("sdk-busy", [0, 1])]
    offsets = {(o.topic, o.partition): o for o in details.group_message_offsets}
    busy = offsets[("sdk-busy", 0)]
    assert (busy.message_current_offset, busy.message_log_end_offset, busy.lag) == (2, 5, 3)

    # 5.5.6: Table 5-162 types partition and message_current_offset as String; the SDK reads them as int.
    got = sdk.list_instance_consumer_group_message_offset(ListInstanceConsumerGroupMessageOffsetRequest(
        engine="kafka", instance_id=instance_id, group="sdk-consumers", topic="sdk-busy"))
    assert got.total == 1
    row = got.group_message_offsets[0]
    assert (row.topic, row.partition, row.message_current_offset) == ("sdk-busy", 0, 2)
    assert (row.message_log_start_offset, row.message_log_end_offset) == (0, 5)
    assert (row.consumer_id, row.client_id, row.host) == ("consumer-1-0f1e", "consumer-1", "/192.168.0.20")

    topics = sdk.list_instance_consumer_group_topics(ListInstanceConsumerGroupTopicsRequest(
        engine="kafka", instance_id=instance_id, group="sdk-consumers", offset=0, limit=10, sort_key="topic",
        sort_dir="asc"))
    assert topics.total == 2
    assert [(t.topic, t.partitions, t.lag) for t in topics.topics] == [("sdk-busy", 3, 3), ("sdk-idle", 2, 0)]

    members = sdk.list_instance_consumer_group_members(ListInstanceConsumerGroupMembersRequest(
        engine="kafka", instance_id=instance_id, group="sdk-consumers", offset=0, limit=10))
    assert members.total == 1
    assert (members.members[0].member_id, members.members[0].client_id) == ("consumer-1-0f1e", "consumer-1")

    # 5.5.10: the topic a member is assigned fails, the other one is deleted.
    deleted = sdk.delete_consumer_group_offsets(DeleteConsumerGroupOffsetsRequest(
        instance_id=instance_id, group="sdk-consumers",
        body=DeleteConsumerGroupOffsetsRequestBody(topics=["sdk-busy", "sdk-idle"])))
    result = {t.name: t for t in deleted.topics}
    assert result["sdk-busy"].success is False and result["sdk-busy"].error_code == "DMS.00400882"
    assert result["sdk-idle"].success is True

    # A group with members cannot be reset or deleted.
    with pytest.raises(sdk_exc.ClientRequestException) as info:
        sdk.reset_message_offset_with_engine(ResetMessageOffsetWithEngineRequest(
            instance_id=instance_id, group="sdk-consumers",
            body=ResetMessageOffsetReq(topic="sdk-busy", partition=0, message_offset=0)))
    dms_error(info, 400, "DMS.00400800")
    batch = sdk.batch_delete_group(BatchDeleteGroupRequest(
        instance_id=instance_id, body=BatchDeleteGroupReq(group_ids=["sdk-consumers", "sdk-ghost"])))
    assert batch.total == 2
    assert {(f.group_id, f.error_message) for f in batch.failed_groups} == {
        ("sdk-consumers", "NON_EMPTY_GROUP"), ("sdk-ghost", "GROUP_ID_NOT_FOUND")}


def test_reset_offsets_both_sdk_forms(sdk, api, instance_id):
    create_topic(sdk, instance_id, "sdk-replay", partition=1)
    produce(sdk, instance_id, "sdk-replay", 0, 6)
    set_group(api, instance_id, "sdk-replayer", offsets=[{"topic": "sdk-replay", "partition": 0, "offset": 6}])

    # 5.5.5 as the SDK's reset_message_offset_with_engine sends it (PUT /v2/kafka/...)
    sdk.reset_message_offset_with_engine(ResetMessageOffsetWithEngineRequest(
        instance_id=instance_id, group="sdk-replayer",
        body=ResetMessageOffsetReq(topic="sdk-replay", partition=0, message_offset=2)))
    row = sdk.show_groups(ShowGroupsRequest(instance_id=instance_id, group="sdk-replayer")).group \
        .group_message_offsets[0]
    assert (row.message_current_offset, row.lag) == (2, 4)

    # ... and as reset_message_offset sends it (POST .../management/groups/.../reset-message-offset)
    sdk.reset_message_offset(ResetMessageOffsetRequest(
        instance_id=instance_id, group="sdk-replayer",
        body=ResetMessageOffsetReq(topic="sdk-replay", partition=-1, message_offset=99)))
    row = sdk.show_groups(ShowGroupsRequest(instance_id=instance_id, group="sdk-replayer")).group \
        .group_message_offsets[0]
    assert (row.message_current_offset, row.lag) == (6, 0)  # clamped to the log end

    with pytest.raises(sdk_exc.ClientRequestException) as info:
        sdk.reset_message_offset_with_engine(ResetMessageOffsetWithEngineRequest(
            instance_id=instance_id, group="sdk-replayer",
            body=ResetMessageOffsetReq(topic="sdk-replay", partition=0)))
    dms_error(info, 400, "DMS.00400800")


# --------------------------------------------------------------------------- 5.6 users and permissions


def test_users_lifecycle(sdk, sasl_instance_id):
    iid = sasl_instance_id
    users = sdk.show_instance_users(ShowInstanceUsersRequest(instance_id=iid)).users
    assert [(u.user_name, u.role, u.default_app) for u in users] == [("sdkadmin", "admin", True)]

    sdk.create_instance_user(CreateInstanceUserRequest(instance_id=iid, body=CreateInstanceUserReq(
        user_name="sdk-app", user_passwd="App-Passw0rd!", user_desc="the app")))
    users = {u.user_name: u for u in sdk.show_instance_users(ShowInstanceUsersRequest(instance_id=iid)).users}
    app = users["sdk-app"]
    assert (app.user_desc, app.role, app.default_app) == ("the app", "guest", False)
    assert isinstance(app.created_time, int) and app.created_time > 0

    sdk.reset_user_passwrod(ResetUserPasswrodRequest(instance_id=iid, user_name="sdk-app",
                                                     body=ResetUserPasswordReq(new_password="N3w-Passw0rd!")))
    sdk.update_instance_user(UpdateInstanceUserRequest(engine="kafka", instance_id=iid, user_name="sdk-app",
                                                       body=UpdateUserReq(user_desc="the app v2")))
    users = {u.user_name: u for u in sdk.show_instance_users(ShowInstanceUsersRequest(instance_id=iid)).users}
    assert users["sdk-app"].user_desc == "the app v2"

    sdk.batch_delete_instance_users(BatchDeleteInstanceUsersRequest(
        instance_id=iid, body=BatchDeleteInstanceUsersReq(action="delete", users=["sdk-app"])))
    users = sdk.show_instance_users(ShowInstanceUsersRequest(instance_id=iid)).users
    assert [u.user_name for u in users] == ["sdkadmin"]


def test_user_errors(sdk, instance_id, sasl_instance_id):
    with pytest.raises(sdk_exc.ClientRequestException) as info:  # SASL off
        sdk.show_instance_users(ShowInstanceUsersRequest(instance_id=instance_id))
    dms_error(info, 400, "DMS.00400971")
    with pytest.raises(sdk_exc.ClientRequestException) as info:
        sdk.create_instance_user(CreateInstanceUserRequest(instance_id=sasl_instance_id, body=CreateInstanceUserReq(
            user_name="sdk-weak", user_passwd="password")))
    dms_error(info, 400, "DMS.00400012")
    with pytest.raises(sdk_exc.ClientRequestException) as info:
        sdk.create_instance_user(CreateInstanceUserRequest(instance_id=sasl_instance_id, body=CreateInstanceUserReq(
            user_name="x", user_passwd="App-Passw0rd!")))
    dms_error(info, 400, "DMS.00400015")


def test_topic_access_policies(sdk, api, sasl_instance_id):
    iid = sasl_instance_id
    create_topic(sdk, iid, "sdk-secure")
    for name in ("sdk-pub", "sdk-sub"):
        sdk.create_instance_user(CreateInstanceUserRequest(instance_id=iid, body=CreateInstanceUserReq(
            user_name=name, user_passwd="App-Passw0rd!")))
    empty = sdk.show_topic_access_policy(ShowTopicAccessPolicyRequest(instance_id=iid, topic_name="sdk-secure"))
    assert (empty.name, empty.topic_type, empty.policies) == ("sdk-secure", 0, [])

    body = UpdateTopicAccessPolicyReq(topics=[AccessPolicyTopicEntity(name="sdk-secure", policies=[
        AccessPolicyEntity(user_name="sdk-pub", access_policy="pub"),
        AccessPolicyEntity(user_name="sdk-sub", access_policy="sub")])])
    job = sdk.update_topic_access_policy(UpdateTopicAccessPolicyRequest(instance_id=iid, body=body))
    assert len(job.job_id) == 32
    got = sdk.show_topic_access_policy(ShowTopicAccessPolicyRequest(instance_id=iid, topic_name="sdk-secure"))
    assert [(p.user_name, p.access_policy, p.owner) for p in got.policies] == [
        ("sdk-pub", "pub", False), ("sdk-sub", "sub", False)]
    api.advance(10)
    task = sdk.show_background_task(ShowBackgroundTaskRequest(instance_id=iid, task_id=job.job_id))
    assert task.tasks[0].status == "SUCCESS"

    with pytest.raises(sdk_exc.ClientRequestException) as info:
        sdk.show_topic_access_policy(ShowTopicAccessPolicyRequest(instance_id=iid, topic_name="sdk-none"))
    dms_error(info, 400, "DMS.00400975")


# --------------------------------------------------------------------------- 5.2.9-5.2.12 user/client quotas


def test_user_client_quotas(sdk, api, instance_id):
    job = sdk.create_kafka_user_client_quota_task(CreateKafkaUserClientQuotaTaskRequest(
        instance_id=instance_id, body=CreateKafkaUserClientQuotaTaskReq(
            user="sdk-user", client="sdk-client", producer_byte_rate=1024, consumer_byte_rate=2048)))
    assert len(job.job_id) == 32
    sdk.create_kafka_user_client_quota_task(CreateKafkaUserClientQuotaTaskRequest(
        instance_id=instance_id, body=CreateKafkaUserClientQuotaTaskReq(user_default=True, producer_byte_rate=10)))
    assert sdk.show_kafka_user_client_quota(ShowKafkaUserClientQuotaRequest(instance_id=instance_id)).count == 0
    api.advance(10)
    shown = sdk.show_kafka_user_client_quota(ShowKafkaUserClientQuotaRequest(instance_id=instance_id))
    assert shown.count == 2
    q = {(x.user, x.client, x.user_default, x.client_default): x for x in shown.quotas}
    first = q[("sdk-user", "sdk-client", False, False)]
    assert (first.producer_byte_rate, first.consumer_byte_rate) == (1024, 2048)
    assert q[("", "", True, False)].producer_byte_rate == 10 and q[("", "", True, False)].consumer_byte_rate == 0
    page = sdk.show_kafka_user_client_quota(ShowKafkaUserClientQuotaRequest(instance_id=instance_id, offset=1,
                                                                            limit=1))
    assert page.count == 2 and len(page.quotas) == 1

    sdk.update_kafka_user_client_quota_task(UpdateKafkaUserClientQuotaTaskRequest(
        instance_id=instance_id, body=UpdateKafkaUserClientQuotaTaskReq(
            user="sdk-user", client="sdk-client", consumer_byte_rate=4096)))
    api.advance(10)
    shown = sdk.show_kafka_user_client_quota(ShowKafkaUserClientQuotaRequest(instance_id=instance_id))
    first = [x for x in shown.quotas if x.user == "sdk-user"][0]
    assert (first.producer_byte_rate, first.consumer_byte_rate) == (1024, 4096)

    job = sdk.delete_kafka_user_client_quota_task(DeleteKafkaUserClientQuotaTaskRequest(
        instance_id=instance_id, body=DeleteKafkaUserClientQuotaTaskReq(user="sdk-user", client="sdk-client")))
    api.advance(10)
    assert sdk.show_background_task(ShowBackgroundTaskRequest(instance_id=instance_id,
                                                              task_id=job.job_id)).tasks[0].status == "SUCCESS"
    shown = sdk.show_kafka_user_client_quota(ShowKafkaUserClientQuotaRequest(instance_id=instance_id))
    assert shown.count == 1 and shown.quotas[0].user_default is True

    with pytest.raises(sdk_exc.ClientRequestException) as info:
        sdk.update_kafka_user_client_quota_task(UpdateKafkaUserClientQuotaTaskRequest(
            instance_id=instance_id, body=UpdateKafkaUserClientQuotaTaskReq(user="sdk-ghost", producer_byte_rate=1)))
    dms_error(info, 400, "DMS.00400800")


def test_reset_by_timestamp_and_every_topic(sdk, api, instance_id):
    create_topic(sdk, instance_id, "sdk-ts", partition=1)
    produce(sdk, instance_id, "sdk-ts", 0, 2)
    api.advance(60)
    produce(sdk, instance_id, "sdk-ts", 0, 2)
    set_group(api, instance_id, "sdk-ts-group", offsets=[{"topic": "sdk-ts", "partition": 0, "offset": 4}])
    msgs = sdk.show_instance_messages(ShowInstanceMessagesRequest(
        instance_id=instance_id, topic="sdk-ts", start_time="0", end_time="99999999999999", asc=True))
    third = msgs.messages[2]
    sdk.reset_message_offset_with_engine(ResetMessageOffsetWithEngineRequest(
        instance_id=instance_id, group="sdk-ts-group",
        body=ResetMessageOffsetReq(topic="sdk-ts", partition=0, timestamp=third.timestamp)))
    row = sdk.show_groups(ShowGroupsRequest(instance_id=instance_id, group="sdk-ts-group")).group \
        .group_message_offsets[0]
    assert row.message_current_offset == 2 and row.lag == 2
    # Without a topic, every topic the group has offsets for (a background task).
    sdk.reset_message_offset_with_engine(ResetMessageOffsetWithEngineRequest(
        instance_id=instance_id, group="sdk-ts-group", body=ResetMessageOffsetReq(partition=-1, message_offset=0)))
    row = sdk.show_groups(ShowGroupsRequest(instance_id=instance_id, group="sdk-ts-group")).group \
        .group_message_offsets[0]
    assert row.message_current_offset == 0 and row.lag == 4


def test_delete_a_group_with_members_is_refused(sdk, api, instance_id):
    create_topic(sdk, instance_id, "sdk-busy")
    set_group(api, instance_id, "sdk-live", members=[MEMBER])
    for call in (lambda: sdk.delete_group(DeleteGroupRequest(instance_id=instance_id, group="sdk-live")),
                 lambda: sdk.delete_instance_consumer_group(DeleteInstanceConsumerGroupRequest(
                     engine="kafka", instance_id=instance_id, group="sdk-live"))):
        with pytest.raises(sdk_exc.ClientRequestException) as info:
            call()
        dms_error(info, 400, "DMS.00400800")
    with pytest.raises(sdk_exc.ClientRequestException) as info:
        sdk.delete_group(DeleteGroupRequest(instance_id=instance_id, group="sdk-ghost"))
    dms_error(info, 404, "DMS.10240405")


def test_password_change_and_policy_removal(sdk, sasl_instance_id):
    iid = sasl_instance_id
    create_topic(sdk, iid, "sdk-acl")
    sdk.create_instance_user(CreateInstanceUserRequest(instance_id=iid, body=CreateInstanceUserReq(
        user_name="sdk-user1", user_passwd="App-Passw0rd!")))
    sdk.update_instance_user(UpdateInstanceUserRequest(engine="kafka", instance_id=iid, user_name="sdk-user1",
                                                       body=UpdateUserReq(new_password="An0ther-Pass!")))
    with pytest.raises(sdk_exc.ClientRequestException) as info:
        sdk.reset_user_passwrod(ResetUserPasswrodRequest(instance_id=iid, user_name="sdk-ghost",
                                                         body=ResetUserPasswordReq(new_password="N3w-Passw0rd!")))
    dms_error(info, 400, "DMS.00400800")

    def grant(policies):
        sdk.update_topic_access_policy(UpdateTopicAccessPolicyRequest(instance_id=iid, body=UpdateTopicAccessPolicyReq(
            topics=[AccessPolicyTopicEntity(name="sdk-acl", policies=policies)])))

    grant([AccessPolicyEntity(user_name="sdk-user1", access_policy="all")])
    got = sdk.show_topic_access_policy(ShowTopicAccessPolicyRequest(instance_id=iid, topic_name="sdk-acl"))
    assert [(p.user_name, p.access_policy) for p in got.policies] == [("sdk-user1", "all")]
    grant([])
    assert sdk.show_topic_access_policy(ShowTopicAccessPolicyRequest(instance_id=iid,
                                                                     topic_name="sdk-acl")).policies == []
    with pytest.raises(sdk_exc.ClientRequestException) as info:
        grant([AccessPolicyEntity(user_name="sdk-ghost", access_policy="pub")])
    dms_error(info, 400, "DMS.00400800")
