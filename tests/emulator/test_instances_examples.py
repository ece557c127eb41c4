"""Every example request of the reference for 5.1, 5.2.1-5.2.8, 5.2.13-5.2.15, 5.3, 5.4.1, 5.8, 5.9,
7.2.1.1 and 7.2.3.x is accepted once its placeholders are filled, and the keys of the example
response appear in the answer.

Placeholders filled: ``*****`` masks (UUID pieces, AZ id, user name, passwords), ``127.xx.xx.x`` IPs,
``{{...}}``/``{...}`` path and query variables, the example instance ids (mapped to real instances),
and the cross-VPC listener IPs (mapped to the instance's brokers).  One non-placeholder change: the
7.2.1.1 example's ``engine_version`` ``"2.7.3.x"`` is not in that section's own value table
(1.1.0/2.3.0/2.7/3.x) and is sent as ``"2.7"``.
"""

from __future__ import annotations

import copy
import json
import os
import re

import pytest

from conftest import PROJECT, assert_error
from test_instances import SASL, create, show

SPEC = os.environ.get("DMS_SPEC_DIR", "/work/shared/spec")
EXAMPLES = json.load(open(os.path.join(SPEC, "examples.json")))
SECTIONS = ["5.1.1", "5.1.2", "5.1.3", "5.1.4", "5.1.5", "5.1.6", "5.1.7", "5.1.8", "5.2.1", "5.2.2", "5.2.3",
            "5.2.4", "5.2.5", "5.2.6", "5.2.7", "5.2.8", "5.2.13", "5.2.14", "5.2.15", "5.3.1", "5.3.2", "5.4.1",
            "5.8.1", "5.8.2", "5.8.3", "5.9.1", "5.9.2", "5.9.3", "7.2.1.1", "7.2.3.1", "7.2.3.2"]
CASES = [(s, i) for s in SECTIONS for i in range(len(EXAMPLES[s]["requests"]))]
# Keys in the garbled raw example responses that are PDF/typing damage, not fields.
RAW_TYPOS = {"advertiseds_ip"}

_hex_counter = [0]


def _hex(n):
    _hex_counter[0] += 1
    return ("%x" % (0xabc0000 + _hex_counter[0])).rjust(n, "0")[-n:]


def fill_uuid(masked):
    """``*****-9b4a-44c5-a964-*****`` -> a UUID keeping the printed middle groups."""
    parts = masked.strip().lstrip("-").split("-")
    if len(parts) == 4:  # 7.2.1.1 prints ",-16af-455d-8d54-*****" with the first group missing
        parts.insert(0, "*****")
    if len(parts) == 5:
        parts[0] = parts[0].replace("*****", "") or _hex(8)
        parts[0] = parts[0].rjust(8, "a")[:8]
        parts[4] = parts[4].replace("*****", "") or _hex(12)
        parts[4] = parts[4].rjust(12, "b")[:12]
        return "-".join(parts)
    return masked


def fill_ips(ips):
    return ["127.0.%d.%d" % (k // 200, k % 200 + 1) if "x" in ip else ip for k, ip in enumerate(ips)]


def fill_body(section, body, ctx):
    body = copy.deepcopy(body)
    if not isinstance(body, dict):
        return body
    for key in ("vpc_id", "subnet_id", "security_group_id", "disk_encrypted_key"):
        if isinstance(body.get(key), str) and "*****" in body[key]:
            body[key] = fill_uuid(body[key])
    if isinstance(body.get("publicip_id"), str) and "*****" in body["publicip_id"]:
        body["publicip_id"] = ",".join(fill_uuid(x) for x in body["publicip_id"].split(","))
    if isinstance(body.get("available_zones"), list):
        zones = []
        for z in body["available_zones"]:
            if "*****" in z:
                middle = z.replace("*****", "")
                z = next(a["id"] for a in ctx["azs"] if middle in a["id"])
            zones.append(z)
        body["available_zones"] = zones
    if body.get("access_user") == "*****":
        body["access_user"] = "kafka_user"
    for key in ("password", "new_password"):
        if body.get(key) == "*****":
            body[key] = "Passw0rd!x-%s" % section.replace(".", "")
    if isinstance(body.get("tenant_ips"), list):
        body["tenant_ips"] = fill_ips(body["tenant_ips"])
    if section == "7.2.1.1" and body.get("engine_version") == "2.7.3.x":
        body["engine_version"] = "2.7"
    if section == "5.1.6" and isinstance(body.get("instances"), list):
        body["instances"] = [ctx["batch"][i] for i in range(len(body["instances"]))]
    return body


def raw_body(section, req, ctx):
    text = req["body"]["raw"]
    if section == "5.2.4":
        # printed as "advertised_ip_contents": [ "a": "b", ... ]; Table 5-38 types it Map<String, String>
        text = re.sub(r"\[\s*(\"[\d.]+\"\s*:)", r"{ \1", text)
        text = re.sub(r"\"\s*\]\s*\}\s*$", "\" } }", text)
        body = json.loads(text)
        ips = ctx["ips"]
        mapped = {}
        for k, (listener, advertised) in enumerate(body["advertised_ip_contents"].items()):
            mapped[ips[k]] = ips[k] if advertised == listener else advertised
        body["advertised_ip_contents"] = mapped
        return body
    raise AssertionError("no repair for raw body of %s" % section)


def fill_path(path, ctx):
    path = path.replace("{{", "{").replace("}}", "}")
    path = path.replace("{engine}", "kafka").replace("{project_id}", PROJECT)
    if "{instance_id}" in path:
        path = path.replace("{instance_id}", ctx["instance_id"])
    if "{task_id}" in path:
        path = path.replace("{task_id}", ctx["task_id"])
    return path


def fill_query(query):
    values = {"{type}": "advanced", "{{start}}": "1", "{{limit}}": "10", "{{begin_time}}": "20000101000000",
              "{{end_time}}": "20991231235959"}
    return {k: values.get(v, v) for k, v in (query or {}).items()}


def setup(api, section):
    """State the example request needs (an instance in the right shape, a task, tags ...)."""
    ctx = {"azs": api.get("/v2/available-zones").json()["available_zones"]}
    needs_instance = section not in ("5.1.1", "7.2.1.1", "5.1.6", "5.9.3")
    over = {}
    if section == "5.2.1":
        over = dict(SASL)
    if section in ("5.3.1", "7.2.3.2"):
        ctx["factory"] = lambda **kw: create(api, name="kafka-ex-%d" % len(ctx), **kw)
    if needs_instance:
        iid = create(api, name="kafka-example", **over)
        ctx["instance_id"] = iid
        ctx["ips"] = show(api, iid)["connect_address"].split(",")
    if section == "5.1.6":
        ctx["batch"] = [create(api, name="kafka-batch-%d" % i) for i in range(2)]
    if section == "5.2.6":
        api.post("/v2/{project_id}/kafka/instances/%s/group" % ctx["instance_id"], json={"group_name": "group-ex"})
    if section == "5.2.7":
        api.post("/v2/{project_id}/instances/%s/topics" % ctx["instance_id"], json={"id": "topic-test", "partition": 3})
    if section in ("5.2.13", "5.2.15"):
        assert api.post("/v2/kafka/{project_id}/instances/%s/log/rebalance-log" % ctx["instance_id"]).status_code == 200
    if section in ("5.8.1", "5.8.2", "5.8.3"):
        api.post("/v2/{project_id}/instances/%s/autotopic" % ctx["instance_id"], json={"enable_auto_topic": True})
        api.put("/v2/{project_id}/instances/" + ctx["instance_id"], json={"retention_policy": "time_base"})
        tasks = api.get("/v2/{project_id}/instances/%s/tasks" % ctx["instance_id"]).json()["tasks"]
        ctx["task_id"] = tasks[0]["id"]
        api.advance(3600)  # a finished task can be deleted
    if section in ("5.9.2", "5.9.3"):
        iid = ctx.get("instance_id") or create(api, name="kafka-tags")
        api.post("/v2/{project_id}/kafka/%s/tags/action" % iid,
                 json={"action": "create", "tags": [{"key": "key1", "value": "value1"}]})
    return ctx


def keys_of(obj, out=None):
    """Every key anywhere in a JSON value."""
    out = set() if out is None else out
    if isinstance(obj, dict):
        for k, v in obj.items():
            out.add(k)
            keys_of(v, out)
    elif isinstance(obj, list):
        for v in obj:
            keys_of(v, out)
    elif isinstance(obj, str) and obj.startswith("{"):
        try:
            keys_of(json.loads(obj), out)  # cross_vpc_info is a JSON-encoded string (Table 5-10)
        except ValueError:
            pass
    return out


def assert_keys(example, actual, where="$"):
    """Keys of the example appear in the answer, at the same place (lists: compared with the first item)."""
    if isinstance(example, dict):
        assert isinstance(actual, dict), (where, actual)
        for k, v in example.items():
            assert k in actual, (where, k, sorted(actual))
            assert_keys(v, actual[k], where + "." + k)
    elif isinstance(example, list) and example and isinstance(example[0], (dict, list)):
        assert isinstance(actual, list) and actual, (where, actual)
        for item in example:
            assert_keys(item, actual[0], where + "[]")


def expected_status(section, req):
    if section in ("5.1.4", "5.1.5", "5.2.1", "5.2.2", "5.8.3", "5.9.1"):
        return 204
    if section == "5.1.6" and (req["body"] or {}).get("all_failure"):
        return 204
    return 200


@pytest.mark.parametrize("section,index", CASES, ids=["%s#%d" % c for c in CASES])
def test_example_request(api, section, index):
    entry = EXAMPLES[section]
    req = entry["requests"][index]
    ctx = setup(api, section)
    if section in ("5.3.1", "7.2.3.2") and req["body"].get("oper_type") == "horizontal":
        # the example goes from 3 x 400 GB to 4 x 400 GB
        ctx["instance_id"] = create(api, name="kafka-horizontal", storage_space=1200)
    body = req["body"]
    if isinstance(body, dict) and set(body) == {"raw"}:
        body = raw_body(section, req, ctx)
    else:
        body = fill_body(section, body, ctx)
    path = fill_path(req["path"], ctx)
    r = api.request(req["method"], path, params=fill_query(req["query"]),
                    json_body=body if body is not None else None)
    assert r.status_code == expected_status(section, req), (section, r.status_code, r.text)
    for resp in entry["responses"]:
        if resp["status"] != r.status_code or resp["body"] is None:
            continue
        answer = r.json()
        if set(resp["body"]) == {"raw"}:
            found = set(re.findall(r"\"([A-Za-z_][A-Za-z0-9_]*)\"\s*:", resp["body"]["raw"])) - RAW_TYPOS
            missing = found - keys_of(answer)
            assert not missing, (section, sorted(missing))
        else:
            assert_keys(resp["body"], answer)


def test_example_request_needs_auth(api):
    req = EXAMPLES["5.1.2"]["requests"][0]
    assert_error(api.request(req["method"], fill_path(req["path"], {}), sign=False), 401, "DMS.10240103")
