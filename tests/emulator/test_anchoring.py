"""Names are checked against the WHOLE value: a trailing newline (from a YAML block scalar
or a file lookup) is refused like any other wrong character (issue 11)."""

from __future__ import annotations

import pytest

from emulator_harness import assert_error


def test_topic_name_with_a_trailing_newline_is_refused(api, instance_id):
    r = api.post("/v2/{project_id}/instances/%s/topics" % instance_id,
                 json={"id": "tnl\n", "partition": 1, "replication": 3})
    assert_error(r, 400)
    names = [t["name"] for t in api.get("/v2/{project_id}/instances/%s/topics" % instance_id).json()["topics"]]
    assert "tnl\n" not in names


def test_group_name_with_a_trailing_newline_is_refused(api, instance_id):
    r = api.post("/v2/{project_id}/kafka/instances/%s/group" % instance_id, json={"group_name": "gnl\n"})
    assert_error(r, 400)


def test_user_name_with_a_trailing_newline_is_refused(api):
    iid = api.create_instance(ssl_enable=True, access_user="admin_user", password="Admin@2024x",
                              kafka_security_protocol="SASL_SSL", sasl_enabled_mechanisms=["SCRAM-SHA-512"])
    r = api.post("/v2/{project_id}/instances/%s/users" % iid,
                 json={"user_name": "unl-user\n", "user_passwd": "Val1d-Passw0rd"})
    assert_error(r, 400)


@pytest.mark.parametrize("field", ["name", "access_user"])
def test_instance_names_with_a_trailing_newline_are_refused(api, field):
    overrides = {field: "inl-name\n"}
    if field == "access_user":
        overrides.update(ssl_enable=True, password="Admin@2024x", kafka_security_protocol="SASL_SSL",
                         sasl_enabled_mechanisms=["SCRAM-SHA-512"])
    with pytest.raises(AssertionError):
        api.create_instance(**overrides)
    assert api.get("/v2/{project_id}/instances").json()["instance_num"] == 0
