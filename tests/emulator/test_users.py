"""Users and topic permissions (5.6.1-5.6.6) against the real emulator process."""

from __future__ import annotations

import copy
import json
import os
import re

import pytest

from emulator_harness import assert_error

MISSING = "00000000-0000-4000-8000-000000000000"
ADMIN = "root-admin"
GOOD_PW = "Kafka@2024x"


def _examples():
    here = os.path.dirname(os.path.abspath(__file__))
    for path in (os.environ.get("DMS_SPEC_EXAMPLES", ""),
                 os.path.join(here, "..", "..", "..", "shared", "spec", "examples.json"),
                 "/work/shared/spec/examples.json"):
        if path and os.path.exists(path):
            with open(path) as fh:
                return json.load(fh)
    return None


EXAMPLES = _examples()


@pytest.fixture()
def sasl_id(api):
    """A RUNNING instance with SASL (ssl_enable) and a default user."""
    return api.create_instance(ssl_enable=True, access_user=ADMIN, password="Admin@2024x",
                               kafka_security_protocol="SASL_SSL", sasl_enabled_mechanisms=["SCRAM-SHA-512"])


def users_path(iid):
    return "/v2/{project_id}/instances/%s/users" % iid


def create_user(api, iid, name, pw=GOOD_PW, desc=None):
    body = {"user_name": name, "user_passwd": pw}
    if desc is not None:
        body["user_desc"] = desc
    return api.post(users_path(iid), json=body)


def list_users(api, iid):
    r = api.get(users_path(iid))
    assert r.status_code == 200, r.text
    return r.json()


def create_topic(api, iid, name):
    r = api.post("/v2/{project_id}/instances/%s/topics" % iid, json={"id": name, "partition": 3, "replication": 3})
    assert r.status_code == 200, r.text


def grant(api, iid, topics):
    return api.post("/v1/{project_id}/instances/%s/topics/accesspolicy" % iid, json={"topics": topics})


def policies(api, iid, topic):
    r = api.get("/v1/{project_id}/instances/%s/topics/%s/accesspolicy" % (iid, topic))
    assert r.status_code == 200, r.text
    return r.json()


# --------------------------------------------------------------------------- users


def test_list_has_default_user_with_documented_types(api, sasl_id):
    data = list_users(api, sasl_id)
    assert [u["user_name"] for u in data["users"]] == [ADMIN]
    u = data["users"][0]
    assert set(u) == {"user_name", "user_desc", "role", "default_app", "created_time"}
    assert isinstance(u["user_name"], str) and isinstance(u["user_desc"], str) and isinstance(u["role"], str)
    assert isinstance(u["default_app"], bool) and isinstance(u["created_time"], int)
    assert u["created_time"] > 10 ** 12
    assert data["total"] == 1
    assert "password" not in json.dumps(data) and "Admin@2024x" not in json.dumps(data)


def test_create_then_list(api, sasl_id):
    r = create_user(api, sasl_id, "app_user-1", desc="for the app")
    assert r.status_code == 204 and r.content == b""
    users = {u["user_name"]: u for u in list_users(api, sasl_id)["users"]}
    assert users["app_user-1"]["user_desc"] == "for the app"
    assert users["app_user-1"]["role"] == "guest" and users["app_user-1"]["default_app"] is False
    assert GOOD_PW not in api.get(users_path(sasl_id)).text


@pytest.mark.parametrize("body, code, needle", [
    ({"user_passwd": GOOD_PW}, "DMS.00400800", "user_name"),
    ({"user_name": "abcd"}, "DMS.00400800", "user_passwd"),
    ({"user_name": "abc", "user_passwd": GOOD_PW}, "DMS.00400015", "username"),
    ({"user_name": "1abcd", "user_passwd": GOOD_PW}, "DMS.00400015", "username"),
    ({"user_name": "ab.cd", "user_passwd": GOOD_PW}, "DMS.00400015", "username"),
    ({"user_name": "a" * 65, "user_passwd": GOOD_PW}, "DMS.00400015", "username"),
    ({"user_name": 1234, "user_passwd": GOOD_PW}, "DMS.00400800", "user_name"),
    ({"user_name": "abcd", "user_passwd": "Ab1!"}, "DMS.00400012", "8 to 32"),
    ({"user_name": "abcd", "user_passwd": "Ab1!" * 9}, "DMS.00400012", "8 to 32"),
    ({"user_name": "abcd", "user_passwd": "abcdefgh1"}, "DMS.00400012", "three"),
    ({"user_name": "abcd", "user_passwd": "-Abcdef12"}, "DMS.00400012", "hyphen"),
    ({"user_name": "abcd", "user_passwd": "Abcdef12\u00e9"}, "DMS.00400012", "not allowed"),
    ({"user_name": "Abcd1234", "user_passwd": "Abcd1234"}, "DMS.00400012", "username"),
    ({"user_name": "abcd", "user_passwd": GOOD_PW, "user_desc": 3}, "DMS.00400800", "user_desc"),
])
def test_create_validation(api, sasl_id, body, code, needle):
    e = assert_error(api.post(users_path(sasl_id), json=body), 400, code)
    assert needle in e["error_msg"]


def test_create_accepts_password_edge_cases(api, sasl_id):
    assert create_user(api, sasl_id, "user_a", "abcdefg1 ").status_code == 204  # lower+digit+space
    assert create_user(api, sasl_id, "user_b", "ABCDEFG1;").status_code == 204
    assert create_user(api, sasl_id, "a" * 64, "Ab1" + "x" * 29).status_code == 204


def test_create_duplicate(api, sasl_id):
    assert create_user(api, sasl_id, "dupuser").status_code == 204
    e = assert_error(create_user(api, sasl_id, "dupuser"), 400, "DMS.00400800")
    assert "already exists" in e["error_msg"]
    assert_error(create_user(api, sasl_id, ADMIN), 400, "DMS.00400800")


def test_sasl_off_instance(api, instance_id):
    for r in (api.get(users_path(instance_id)), create_user(api, instance_id, "abcd"),
              api.put(users_path(instance_id), json={"action": "delete", "users": ["abcd"]}),
              api.put(users_path(instance_id) + "/abcd", json={"new_password": GOOD_PW}),
              api.get("/v1/{project_id}/instances/%s/topics/t/accesspolicy" % instance_id),
              grant(api, instance_id, [{"name": "t", "policies": []}])):
        assert_error(r, 400, "DMS.00400971")


def test_instance_not_found_and_auth(api, sasl_id):
    assert_error(api.get(users_path(MISSING)), 404, "DMS.00404022")
    assert_error(create_user(api, MISSING, "abcd"), 404, "DMS.00404022")
    assert_error(api.get(users_path("bad-id")), 400, "DMS.00400061")
    assert_error(api.get(users_path(sasl_id), sign=False), 401)
    assert_error(api.post(users_path(sasl_id), json={"user_name": "abcd", "user_passwd": GOOD_PW}, sk="nope"), 401)
    assert [u["user_name"] for u in list_users(api, sasl_id)["users"]] == [ADMIN]


def test_batch_delete(api, sasl_id):
    for n in ("del-one", "del-two", "keep-me"):
        create_user(api, sasl_id, n)
    r = api.put(users_path(sasl_id), json={"action": "delete", "users": ["del-one", "del-two", "never-was"]})
    assert r.status_code == 204 and r.content == b""
    assert sorted(u["user_name"] for u in list_users(api, sasl_id)["users"]) == ["keep-me", ADMIN]


@pytest.mark.parametrize("body", [
    {"users": ["keep-me"]},
    {"action": "remove", "users": ["keep-me"]},
    {"action": "delete"},
    {"action": "delete", "users": []},
    {"action": "delete", "users": [5]},
    {"action": "delete", "users": "keep-me"},
])
def test_batch_delete_validation(api, sasl_id, body):
    assert_error(api.put(users_path(sasl_id), json=body), 400, "DMS.00400800")


def test_default_user_cannot_be_deleted(api, sasl_id):
    e = assert_error(api.put(users_path(sasl_id), json={"action": "delete", "users": [ADMIN]}), 400, "DMS.00400800")
    assert "default user" in e["error_msg"]


@pytest.mark.parametrize("prefix", ["/v2/{project_id}", "/v2/kafka/{project_id}"])
def test_reset_password_paths(api, sasl_id, prefix):
    create_user(api, sasl_id, "pwuser")
    path = "%s/instances/%s/users/pwuser" % (prefix, sasl_id)
    r = api.put(path, json={"new_password": "Other@2025y"})
    assert r.status_code == 204 and r.content == b""


def test_reset_password_validation_and_description(api, sasl_id):
    create_user(api, sasl_id, "pwuser")
    path = users_path(sasl_id) + "/pwuser"
    assert_error(api.put(path, json={}), 400, "DMS.00400800")
    assert_error(api.put(path, json={"new_password": "short1A"}), 400, "DMS.00400012")
    create_user(api, sasl_id, "Abc12345x", "Zz@9876543")
    e = assert_error(api.put(users_path(sasl_id) + "/Abc12345x", json={"new_password": "x54321cbA"}),
                     400, "DMS.00400012")
    assert "backwards" in e["error_msg"]
    e = assert_error(api.put(users_path(sasl_id) + "/Abc12345x", json={"new_password": "Abc12345x"}),
                     400, "DMS.00400012")
    assert "username" in e["error_msg"]
    assert_error(api.put(users_path(sasl_id) + "/ghost-user", json={"new_password": GOOD_PW}), 400, "DMS.00400800")
    assert_error(api.put(path, json={"user_name": "other", "new_password": GOOD_PW}), 400, "DMS.00400800")
    # the SDK's update body: a description alone
    assert api.put("/v2/kafka/{project_id}/instances/%s/users/pwuser" % sasl_id,
                   json={"user_name": "pwuser", "user_desc": "changed"}).status_code == 204
    users = {u["user_name"]: u for u in list_users(api, sasl_id)["users"]}
    assert users["pwuser"]["user_desc"] == "changed"


# --------------------------------------------------------------------------- permissions


JOB_RE = re.compile(r"^[0-9a-f]{32}$")


def test_grant_replaces_and_empty_removes(api, sasl_id):
    create_topic(api, sasl_id, "topic-test")
    create_user(api, sasl_id, "reader")
    create_user(api, sasl_id, "writer")
    assert policies(api, sasl_id, "topic-test") == {"name": "topic-test", "topic_type": 0, "policies": []}
    r = grant(api, sasl_id, [{"name": "topic-test", "policies": [{"user_name": "reader", "access_policy": "sub"},
                                                                  {"user_name": "writer", "access_policy": "pub"}]}])
    assert r.status_code == 200, r.text
    assert JOB_RE.match(r.json()["job_id"])
    body = policies(api, sasl_id, "topic-test")
    assert set(body) == {"name", "topic_type", "policies"}
    assert isinstance(body["topic_type"], int)
    assert body["policies"] == [{"owner": False, "user_name": "reader", "access_policy": "sub"},
                                {"owner": False, "user_name": "writer", "access_policy": "pub"}]
    # replace: only the listed ones remain
    grant(api, sasl_id, [{"name": "topic-test", "policies": [{"user_name": "writer", "access_policy": "all"}]}])
    assert policies(api, sasl_id, "topic-test")["policies"] == [
        {"owner": False, "user_name": "writer", "access_policy": "all"}]
    # empty list removes all
    assert grant(api, sasl_id, [{"name": "topic-test", "policies": []}]).status_code == 200
    assert policies(api, sasl_id, "topic-test")["policies"] == []


def test_grant_task_succeeds(api, sasl_id):
    create_topic(api, sasl_id, "topic-test")
    job = grant(api, sasl_id, [{"name": "topic-test", "policies": [{"user_name": ADMIN, "access_policy": "all"}]}])
    job = job.json()["job_id"]
    api.advance(60)
    t = api.get("/v2/{project_id}/instances/%s/tasks/%s" % (sasl_id, job))
    if t.status_code == 404 and t.json().get("error_code") == "DMS.00404001":
        pytest.skip("tasks API not mounted")
    assert t.status_code == 200, t.text
    task = t.json()["tasks"][0]
    assert task["name"] == "updateTopicPolicies" and task["status"] == "SUCCESS"


def test_deleting_user_removes_its_permissions(api, sasl_id):
    create_topic(api, sasl_id, "topic-a")
    create_topic(api, sasl_id, "topic-b")
    create_user(api, sasl_id, "leaver")
    grant(api, sasl_id, [
        {"name": "topic-a", "policies": [{"user_name": "leaver", "access_policy": "all"},
                                         {"user_name": ADMIN, "access_policy": "pub"}]},
        {"name": "topic-b", "policies": [{"user_name": "leaver", "access_policy": "sub"}]},
    ])
    api.put(users_path(sasl_id), json={"action": "delete", "users": ["leaver"]})
    assert [p["user_name"] for p in policies(api, sasl_id, "topic-a")["policies"]] == [ADMIN]
    assert policies(api, sasl_id, "topic-b")["policies"] == []


@pytest.mark.parametrize("topics, code, needle", [
    (None, "DMS.00400800", "topics"),
    ([], "DMS.00400800", "topics"),
    ([{"policies": []}], "DMS.00400800", "topics[0].name"),
    ([{"name": "topic-test"}], "DMS.00400800", "topics[0].policies"),
    ([{"name": "topic-test", "policies": [{"access_policy": "all"}]}], "DMS.00400800", "user_name"),
    ([{"name": "topic-test", "policies": [{"user_name": "grantee", "access_policy": "read"}]}],
     "DMS.00400800", "access_policy"),
    ([{"name": "topic-test", "policies": [{"user_name": "grantee"}]}], "DMS.00400800", "access_policy"),
    ([{"name": "topic-test", "policies": [{"user_name": "nobody-here", "access_policy": "all"}]}],
     "DMS.00400800", "does not exist"),
    ([{"name": "topic-test", "policies": [{"user_name": "grantee", "access_policy": "all"},
                                          {"user_name": "grantee", "access_policy": "sub"}]}],
     "DMS.00400800", "twice"),
    ([{"name": "no-such-topic", "policies": []}], "DMS.00400975", "no-such-topic"),
])
def test_grant_validation(api, sasl_id, topics, code, needle):
    create_topic(api, sasl_id, "topic-test")
    create_user(api, sasl_id, "grantee")
    body = {} if topics is None else {"topics": topics}
    e = assert_error(api.post("/v1/{project_id}/instances/%s/topics/accesspolicy" % sasl_id, json=body), 400, code)
    assert needle in e["error_msg"]
    assert policies(api, sasl_id, "topic-test")["policies"] == []  # nothing half-applied


def test_policies_of_missing_topic(api, sasl_id):
    assert_error(api.get("/v1/{project_id}/instances/%s/topics/ghost/accesspolicy" % sasl_id), 400, "DMS.00400975")


# --------------------------------------------------------------------------- reference examples


SECTIONS = ["5.6.%d" % i for i in range(1, 7)]


def _cases():
    if EXAMPLES is None:
        return [pytest.param(None, marks=pytest.mark.skip(reason="examples.json not found"))]
    return [pytest.param(s, id=s) for s in SECTIONS]


def _keys_present(expected, got, where="$"):
    if isinstance(expected, dict):
        assert isinstance(got, dict), (where, got)
        for k, v in expected.items():
            assert k in got, (where, k, got)
            _keys_present(v, got[k], where + "." + k)
    elif isinstance(expected, list) and expected and isinstance(expected[0], (dict, list)):
        assert isinstance(got, list) and got, (where, got)
        _keys_present(expected[0], got[0], where + "[0]")


@pytest.mark.parametrize("section", _cases())
def test_reference_examples(api, section):
    # the examples use the user "root" (5.6.6) and "test" / "testuser", the topic "topic-test"
    iid = api.create_instance(ssl_enable=True, access_user="root", password="Admin@2024x",
                              kafka_security_protocol="SASL_SSL", sasl_enabled_mechanisms=["SCRAM-SHA-512"])
    create_topic(api, iid, "topic-test")
    create_user(api, iid, "testuser")
    if section in ("5.6.4",):
        create_user(api, iid, "test")
    if section == "5.6.5":
        grant(api, iid, [{"name": "topic-test", "policies": [{"user_name": "root", "access_policy": "all"}]}])
    entry = EXAMPLES[section]
    for req in entry["requests"]:
        path = req["path"].replace("[project_id]", "{project_id}").replace("{instance_id}", iid)
        path = path.replace("{topic_name}", "topic-test").replace("{user_name}", "test")
        body = copy.deepcopy(req["body"])
        # "Cxxx3" is the reference's masked placeholder, not a real password: fill it with a valid one
        for key in ("user_passwd", "new_password"):
            if isinstance(body, dict) and body.get(key) == "Cxxx3":
                body[key] = "Cxxx3@example9"
        r = api.request(req["method"], path, json_body=body)
        expected = entry["responses"][0]["status"] if entry["responses"] else 204
        assert r.status_code == expected, (section, r.status_code, r.text)
        for resp in entry["responses"]:
            if isinstance(resp["body"], dict):
                _keys_present(resp["body"], r.json())
