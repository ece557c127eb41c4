"""An environment built with direct, signed API calls (not with the collection's modules).

``build_estate(api, topics=N)`` creates a SASL instance and, on it, N topics (a few with
non-default settings), as many users as the instance allows (``max_user``), permissions on
every topic (one batch call), user/client quotas of every identity form, topic quotas,
consumer groups, a changed configuration parameter and tags. It returns a summary of what
it made, for the tests to compare an export with.
"""

from __future__ import annotations

INSTANCE = "legacy-kafka"
ACCESS_USER = "legacy_admin"
PASSWORD = "Legacy-Adm1n-Pw!"
USER_PASSWORD = "Legacy-User-Pw1!"


def _ok(resp, *codes):
    assert resp.status_code in (codes or (200, 204)), (resp.request.method, resp.request.url, resp.text)
    try:
        return resp.json()
    except ValueError:
        return resp.text


def build_estate(api, topics=12, flavor="c6.4u8g.cluster"):
    iid = api.create_instance(
        name=INSTANCE, engine_version="3.x", product_id=flavor, ssl_enable=True,
        kafka_security_protocol="SASL_PLAINTEXT", sasl_enabled_mechanisms=["PLAIN", "SCRAM-SHA-512"],
        access_user=ACCESS_USER, password=PASSWORD, retention_policy="time_base",
        maintain_begin="22:00", maintain_end="02:00", enable_auto_topic=True,
        description="Built by hand, years ago", tags=[{"key": "team", "value": "core"},
                                                      {"key": "cost-center", "value": "42"}])
    base = "/v2/{project_id}/instances/%s" % iid
    engine = "/v2/kafka/{project_id}/instances/%s" % iid
    _ok(api.put(base + "/configs", json={"kafka_configs": [
        {"name": "auto.create.groups.enable", "value": "false"},
        {"name": "offsets.retention.minutes", "value": "10080"}]}))

    special = [
        {"id": "legacy.audit", "partition": 2, "replication": 1, "retention_time": 720,
         "sync_replication": True, "sync_message_flush": True, "topic_desc": "Audit: keep \"forever\""},
        {"id": "legacy-big", "partition": 4, "replication": 3,
         "topic_other_configs": [{"name": "max.message.bytes", "value": "5242880"},
                                 {"name": "message.timestamp.type", "value": "CreateTime"}]},
    ]
    bulk = [{"id": "events-%04d" % i, "partition": 1, "replication": 2} for i in range(topics - len(special))]
    names = []
    for body in special + bulk:
        _ok(api.post(base + "/topics", json=body))
        names.append(body["id"])

    max_user = _ok(api.get(base + "/users"))["max_user"]
    users = ["svc-%02d" % i for i in range(max_user - 1)]      # the access user is one of them
    for i, name in enumerate(users):
        _ok(api.post(base + "/users", json={"user_name": name, "user_passwd": USER_PASSWORD,
                                            "user_desc": "Service %d" % i if i % 2 else ""}))
    policies = ("all", "pub", "sub")
    grants = [{"name": topic, "policies": [
        {"user_name": users[i % len(users)], "access_policy": policies[i % 3]},
        {"user_name": users[(i + 1) % len(users)], "access_policy": "sub"}]}
        for i, topic in enumerate(names)]
    _ok(api.post("/v1/{project_id}/instances/%s/topics/accesspolicy" % iid, json={"topics": grants}))

    quotas = [
        {"user": users[0], "client": "", "user-default": False, "client-default": False,
         "producer-byte-rate": 1048576},
        {"user": users[1], "client": "billing-app", "user-default": False, "client-default": False,
         "producer-byte-rate": 2097152, "consumer-byte-rate": 4194304},
        {"user": "", "client": "", "user-default": True, "client-default": False,
         "consumer-byte-rate": 10485760},
        {"user": "", "client": "", "user-default": False, "client-default": True,
         "producer-byte-rate": 3145728},
    ]
    for body in quotas:
        _ok(api.post(engine + "/kafka-user-client-quota", json=body))
    for topic, rate in (("legacy-big", 8388608), ("legacy.audit", 1048576)):
        _ok(api.post(engine + "/kafka-topic-quota", json={"topic": topic, "producer-byte-rate": rate}))
    groups = ["legacy-readers", "events-consumers"]
    for i, group in enumerate(groups):
        body = {"group_name": group}
        if i == 0:
            body["group_desc"] = "Reads the legacy topics"
        _ok(api.post("/v2/{project_id}/kafka/instances/%s/group" % iid, json=body))
    api.advance(600)   # let the quota tasks finish
    return {"instance_id": iid, "topics": names, "users": users, "groups": groups,
            "quotas": len(quotas), "topic_quotas": 2, "max_user": max_user}
