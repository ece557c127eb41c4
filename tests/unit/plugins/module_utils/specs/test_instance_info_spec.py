# -*- coding: utf-8 -*-
# Copyright (c) 2026, hwcloud.dms contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""dms_kafka_instance_info (_specs/instance_info.py): queries, normalisers, reads, module runs."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json

import pytest
import yaml
from ansible_collections.hwcloud.dms.tests.unit.compat.module_args import patch_module_args

from ansible_collections.hwcloud.dms.plugins.module_utils._specs import instance_info as ii
from ansible_collections.hwcloud.dms.plugins.module_utils._specs.instance import build_spec
from ansible_collections.hwcloud.dms.plugins.modules import dms_kafka_instance_info

from ..conftest import ScriptedServer, reply

IID = "6f3c6a7e-42c4-4a8f-9c3e-0f1d2b3c4d5e"
IID2 = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
CONNECTION = dict(region="ap-southeast-1", project_id="pid123", access_key="AK",
                  secret_key="SK-SECRET-VALUE")
BASE = "/v2/pid123/instances/" + IID


def instance(iid=IID, name="orders-kafka", status="RUNNING", **extra):
    obj = {"instance_id": iid, "name": name, "status": status, "engine": "kafka",
           "engine_version": "3.x", "product_id": "c6.2u4g.cluster", "broker_num": 3,
           "storage_space": 246, "total_storage_space": 300, "partition_num": "750",
           "created_at": "1585618587087", "maintain_begin": "02:00:00", "maintain_end": "06:00:00",
           "enterprise_project_id": "0", "tags": [{"key": "team", "value": "payments"}],
           "cross_vpc_info": json.dumps({"192.168.0.100": {"advertised_ip": "192.168.0.100",
                                                           "port": 9011, "port_id": "p1"}})}
    obj.update(extra)
    return obj


def error(status, code, msg="error"):
    return reply(status, {"error_code": code, "error_msg": msg})


def run(capsys, args, server, make_client):
    full = dict(CONNECTION)
    full.update(args)
    with patch_module_args(full):
        with pytest.raises(SystemExit):
            ii.run_instance_info_module(client_factory=lambda params, **kw: make_client(server, **kw))
    return json.loads(capsys.readouterr().out)


# --------------------------------------------------------------------------- pure functions
def test_list_query_sends_booleans_as_text():
    params = dict((k, None) for k in ii.INFO_OPTIONS)
    params.update(engine="kafka", name="orders", exact_match_name=True, include_failure=False,
                  status="RUNNING")
    assert ii.list_query(params) == {"engine": "kafka", "name": "orders", "exact_match_name": "true",
                                     "include_failure": "false", "status": "RUNNING"}
    assert ii.list_query({}) == {"engine": "kafka"}


def names(items):
    return [o["name"] for o in items]


def test_filter_listing_applies_the_filters_again():
    objs = [instance(name="orders-kafka"), instance(IID2, name="Orders-2", status="CREATING"),
            instance("x", name="billing")]
    assert names(ii.filter_listing(objs, {"name": "ORDERS"})) == ["orders-kafka", "Orders-2"]
    assert names(ii.filter_listing(objs, {"name": "orders-kafka", "exact_match_name": True})) == \
        ["orders-kafka"]
    assert ii.filter_listing(objs, {"name": "orders", "exact_match_name": True}) == []
    assert names(ii.filter_listing(objs, {"status": "CREATING"})) == ["Orders-2"]
    assert names(ii.filter_listing(objs, {"instance_id": IID2})) == ["Orders-2"]
    assert names(ii.filter_listing(objs, {"enterprise_project_id": "0"})) == names(objs)
    assert ii.filter_listing(objs, {"enterprise_project_id": IID}) == []


def test_instance_view_is_the_instance_modules_normaliser():
    obj = instance()
    spec = build_spec({"name": "orders-kafka", "state": "present"})
    assert ii.instance_view(obj) == spec.public(spec.from_api(obj))
    view = ii.instance_view(obj)
    assert view["storage_space"] == 300 and view["partition_num"] == 750
    assert view["created_at"] == 1585618587087 and view["flavor_id"] == "c6.2u4g.cluster"
    assert view["tags"] == {"team": "payments"}
    assert view["cross_vpc_advertised_ips"] == {"192.168.0.100": "192.168.0.100"}
    assert "password" not in view and "manager_password" not in view


def test_normalise_cluster():
    body = {"cluster": {"controller": "2", "topics_count": 1, "brokers": [
        {"host": "10.0.0.1", "port": 9092, "broker_id": "2", "is_controller": True,
         "version": "3.x", "register_time": 1588754647872, "is_health": True}]}}
    out = ii.normalise_cluster(body)
    assert out["controller"] == 2 and out["brokers"][0]["broker_id"] == 2
    assert out["brokers"][0]["version"] == "3.x" and out["topics_count"] == 1
    assert ii.normalise_cluster(None) == {} and ii.normalise_cluster({"x": 1}) == {}


def test_normalise_coordinators_and_disk_usage():
    assert ii.normalise_coordinators({"coordinators": [
        {"group_id": "g", "id": "1", "host": "h", "port": "9092"}]}) == [
        {"group_id": "g", "id": 1, "host": "h", "port": 9092}]
    usage = ii.normalise_disk_usage({"broker_list": [{
        "broker_name": "broker-0", "data_disk_size": "66G", "data_disk_use": "53M",
        "data_disk_free": "63G", "data_disk_use_percentage": "1", "status": "Success get info",
        "topic_list": [{"size": "12K", "topic_name": "t", "topic_partition": "2",
                        "percentage": 1.7339533025568183E-5}]}]})
    assert usage[0]["data_disk_use_percentage"] == 1 and usage[0]["data_disk_size"] == "66G"
    assert usage[0]["topic_list"][0]["topic_partition"] == 2
    assert usage[0]["topic_list"][0]["size"] == "12K"
    assert ii.normalise_disk_usage({}) == []


def test_normalise_rebalance_log_and_task():
    log = ii.normalise_rebalance_log({"id": "x", "status": "OPEN", "createAt": "1724918488060",
                                      "updateAt": 1724918488060, "dashboardId": None})
    assert log["createAt"] == 1724918488060 and log["dashboardId"] is None
    task = ii.normalise_task({"id": "t", "params": "{\"old_auto_status\":true}"})
    assert task["params"] == {"old_auto_status": True}
    assert ii.normalise_task({"params": "not json {"})["params"] == "not json {"
    assert ii.normalise_task({"params": "{broken"})["params"] == "{broken"


@pytest.mark.parametrize("params, message", [
    ({"include": ["tags", "tags"]}, "include: 'tags' listed more than once"),
    ({"instance_id": "orders"}, "instance_id: must be an instance ID in UUID form (got 'orders')"),
    ({"enterprise_project_id": "abc"}, "enterprise_project_id: must be 0 or an enterprise project"),
    ({"name": ""}, "name: must not be empty"),
    ({"instance": " "}, "instance: must not be empty"),
])
def test_validate(params, message):
    problems = [p for p in ii.validate(params) if p]
    assert len(problems) == 1 and problems[0].startswith(message)


def test_validate_accepts_good_values():
    assert [p for p in ii.validate({"instance_id": IID, "enterprise_project_id": "0",
                                    "include": ["tags", "configs"]}) if p] == []


# --------------------------------------------------------------------------- module runs
def test_listing_reads_every_page(capsys, make_client):
    page1 = [instance("%08d-0000-4000-8000-000000000000" % i, name="k%02d" % i) for i in range(50)]
    # the second page repeats the last item of the first (a creation shifted the listing)
    page2 = [page1[-1], instance(IID2, name="last")]
    server = ScriptedServer([reply(200, {"instances": page1, "instance_num": 51}),
                             reply(200, {"instances": page2, "instance_num": 51})])
    out = run(capsys, {"_ansible_check_mode": True}, server, make_client)
    assert out["changed"] is False
    assert len(out["instances"]) == 51 and out["instances"][-1]["name"] == "last"
    queries = [dict(r.url.params) for r in server.requests]
    assert queries == [{"engine": "kafka", "offset": "0", "limit": "50"},
                       {"engine": "kafka", "offset": "50", "limit": "50"}]
    assert all(r.method == "GET" for r in server.requests)


def test_listing_with_filters(capsys, make_client):
    server = ScriptedServer([reply(200, {"instances": [instance()], "instance_num": 1})])
    out = run(capsys, {"name": "orders-kafka", "exact_match_name": True, "status": "RUNNING",
                       "include_failure": True}, server, make_client)
    assert [i["instance_id"] for i in out["instances"]] == [IID]
    assert dict(server.requests[0].url.params) == {
        "engine": "kafka", "name": "orders-kafka", "exact_match_name": "true", "status": "RUNNING",
        "include_failure": "true", "offset": "0", "limit": "50"}


def test_listing_nothing_found(capsys, make_client):
    server = ScriptedServer([reply(200, {"instances": [], "instance_num": 0})])
    out = run(capsys, {"instance_id": IID}, server, make_client)
    out.pop("invocation", None)
    assert out == {"changed": False, "instances": []}


def _detail_routes(tasks_pages=None, status="RUNNING", rebalance=None, extra=None):
    tasks_pages = list(tasks_pages or [[{"id": "t1", "name": "modifyAutoTopic",
                                         "params": "{\"new_auto_status\":false}"}]])
    total = sum(len(p) for p in tasks_pages)
    pages = iter(tasks_pages)
    routes = {
        ("GET", BASE): lambda r: reply(200, instance(status=status)),
        ("GET", BASE + "/configs"): lambda r: reply(200, {"kafka_configs": [
            {"name": "log.retention.hours", "valid_values": "1~168", "default_value": "72",
             "config_type": "static", "value": "96", "value_type": "integer"}]}),
        ("GET", "/v2/pid123/kafka/%s/tags" % IID): lambda r: reply(200, {"tags": [
            {"key": "team", "value": "payments"}, {"key": "env", "value": "test"}]}),
        ("GET", BASE + "/manage/cluster"): lambda r: reply(200, {"cluster": {
            "controller": "0", "brokers": [{"broker_id": "0", "port": 9092}]}}),
        ("GET", BASE + "/management/coordinators"): lambda r: reply(200, {"coordinators": [
            {"group_id": "app", "id": 1, "host": "h", "port": 9092}]}),
        ("GET", BASE + "/topics/diskusage"): lambda r: reply(200, {"broker_list": []}),
        ("GET", "/v2/kafka/pid123/instances/%s/log/rebalance-log" % IID):
            rebalance or (lambda r: reply(200, {"status": "OPEN", "createAt": "1"})),
        ("GET", BASE + "/tasks"): lambda r: reply(200, {"task_count": str(total),
                                                        "tasks": next(pages)}),
        ("GET", BASE + "/ces-hierarchy"): lambda r: reply(200, {"dimensions": [], "nodes": []}),
    }
    routes.update(extra or {})
    return routes


def test_detail_by_id_with_every_include(capsys, make_client):
    server = ScriptedServer(routes=_detail_routes())
    out = run(capsys, {"instance": IID, "include": list(ii.INCLUDES)}, server, make_client)
    assert out["changed"] is False and len(out["instances"]) == 1
    one = out["instances"][0]
    assert one["instance_id"] == IID and one["storage_space"] == 300
    assert one["configs"] == {"log.retention.hours": "96"}
    assert one["config_details"][0]["valid_values"] == "1~168"
    assert one["tags"] == {"team": "payments", "env": "test"}
    assert one["cluster"] == {"controller": 0, "brokers": [{"broker_id": 0, "port": 9092}]}
    assert one["coordinators"] == [{"group_id": "app", "id": 1, "host": "h", "port": 9092}]
    assert one["disk_usage"] == []
    assert one["rebalance_log"] == {"status": "OPEN", "createAt": 1}
    assert one["tasks"] == [{"id": "t1", "name": "modifyAutoTopic",
                             "params": {"new_auto_status": False}}]
    assert one["monitoring_dimensions"] == {"dimensions": [], "nodes": []}
    paths = [r.url.path for r in server.requests]
    assert paths.count(BASE) == 1  # the ID lookup is the 5.1.3 detail: not read twice
    assert len(paths) == 1 + len(ii.INCLUDES)
    assert all(r.method == "GET" for r in server.requests)


def test_detail_by_name_reads_the_instance_in_detail(capsys, make_client):
    routes = _detail_routes(extra={("GET", "/v2/pid123/instances"): lambda r: reply(200, {
        "instances": [instance(), instance(IID2, name="orders-kafka-2")], "instance_num": 2})})
    server = ScriptedServer(routes=routes)
    out = run(capsys, {"instance": "orders-kafka", "include": ["tags"]}, server, make_client)
    assert [i["instance_id"] for i in out["instances"]] == [IID]
    paths = sorted(r.url.path for r in server.requests)
    assert paths == sorted(["/v2/pid123/instances", BASE, "/v2/pid123/kafka/%s/tags" % IID])
    assert dict(server.requests[0].url.params)["exact_match_name"] == "true"


def test_detail_tasks_all_pages_start_counts_from_one(capsys, make_client):
    pages = [[{"id": "t%d" % i, "name": "n"} for i in range(50)], [{"id": "t50", "name": "n"}]]
    server = ScriptedServer(routes=_detail_routes(tasks_pages=pages))
    out = run(capsys, {"instance": IID, "include": ["tasks"]}, server, make_client)
    assert len(out["instances"][0]["tasks"]) == 51
    starts = [dict(r.url.params) for r in server.requests if r.url.path.endswith("/tasks")]
    assert starts == [{"start": "1", "limit": "50"}, {"start": "51", "limit": "50"}]


def test_detail_tasks_page_size_falls_back(capsys, make_client):
    calls = []

    def tasks(request):
        calls.append(dict(request.url.params))
        if request.url.params["limit"] == "50":
            return error(400, "DMS.10240042", "page too large")
        return reply(200, {"task_count": "1", "tasks": [{"id": "t1"}]})

    server = ScriptedServer(routes=_detail_routes(extra={("GET", BASE + "/tasks"): tasks}))
    out = run(capsys, {"instance": IID, "include": ["tasks"]}, server, make_client)
    assert out["instances"][0]["tasks"] == [{"id": "t1"}]
    assert [c["limit"] for c in calls] == ["50", "10"]


def test_rebalance_log_off_and_missing_reads_are_empty(capsys, make_client):
    routes = _detail_routes(
        rebalance=lambda r: error(400, "DMS.00400800", "Invalid parameters in the request."),
        extra={("GET", BASE + "/configs"): lambda r: error(404, "DMS.00404022", "gone"),
               ("GET", BASE + "/ces-hierarchy"): lambda r: error(404, "DMS.00404022", "gone")})
    server = ScriptedServer(routes=routes)
    out = run(capsys, {"instance": IID, "include": ["rebalance_log", "configs",
                                                    "monitoring_dimensions"]},
              server, make_client)
    one = out["instances"][0]
    assert one["rebalance_log"] == {} and one["configs"] == {} and one["config_details"] == []
    assert one["monitoring_dimensions"] == {}
    assert "failed" not in out


def test_manager_reads_are_skipped_for_an_instance_that_is_not_running(capsys, make_client):
    server = ScriptedServer(routes=_detail_routes(status="EXTENDING"))
    out = run(capsys, {"instance": IID, "include": ["cluster", "coordinators", "disk_usage",
                                                    "tags"]}, server, make_client)
    one = out["instances"][0]
    assert one["cluster"] == {} and one["coordinators"] == [] and one["disk_usage"] == []
    assert one["tags"] == {"team": "payments", "env": "test"}
    warnings = [json.dumps(w) for w in out["warnings"]]
    warnings = [w for w in warnings if "not read, the instance is EXTENDING" in w]
    assert len(warnings) == 3
    paths = [r.url.path for r in server.requests]
    assert not any(p.endswith(("/cluster", "/coordinators", "/diskusage")) for p in paths)


def test_unknown_instance_is_an_empty_list(capsys, make_client):
    server = ScriptedServer(routes={
        ("GET", BASE): lambda r: error(404, "DMS.00404022", "This instance does not exist."),
        ("GET", "/v2/pid123/instances"): lambda r: reply(200, {"instances": [], "instance_num": 0}),
    })
    out = run(capsys, {"instance": IID, "include": ["tags"]}, server, make_client)
    assert out["instances"] == [] and out["changed"] is False and "failed" not in out


def test_several_instances_with_the_name_fail_listing_ids(capsys, make_client):
    server = ScriptedServer(routes={("GET", "/v2/pid123/instances"): lambda r: reply(200, {
        "instances": [instance(), instance(IID2)], "instance_num": 2})})
    out = run(capsys, {"instance": "orders-kafka"}, server, make_client)
    assert out["failed"] and IID in out["msg"] and IID2 in out["msg"]
    assert sorted(out["instance_ids"]) == sorted([IID, IID2])


def test_server_error_fails_with_the_operation(capsys, make_client):
    routes = _detail_routes(extra={("GET", BASE + "/ces-hierarchy"):
                                   lambda r: error(500, "DMS.10250002", "Internal service error.")})
    server = ScriptedServer(routes=routes)
    out = run(capsys, {"instance": IID, "include": ["monitoring_dimensions"]}, server, make_client)
    assert out["failed"] and out["error_code"] == "DMS.10250002"
    assert "read monitoring dimensions of instance" in out["msg"]


@pytest.mark.parametrize("args, words", [
    ({"include": ["tags"]}, ["include", "instance"]),
    ({"instance": "a", "name": "b"}, ["mutually exclusive", "instance|name"]),
    ({"instance": "a", "include_failure": True}, ["instance|include_failure"]),
    ({"exact_match_name": True}, ["exact_match_name", "name"]),
    ({"instance": "a", "include": ["cluster", "cluster"]}, ["include: 'cluster'"]),
    ({"instance_id": "orders"}, ["instance_id: must be an instance ID"]),
])
def test_bad_input_fails_before_any_request(capsys, make_client, args, words):
    server = ScriptedServer([])
    out = run(capsys, args, server, make_client)
    assert out["failed"]
    for word in words:
        assert word in out["msg"]
    assert server.requests == []


def test_documentation_matches_argspec():
    doc = yaml.safe_load(dms_kafka_instance_info.DOCUMENTATION)
    assert doc["module"] == "dms_kafka_instance_info" and doc["version_added"] == "0.1.0"
    assert set(doc["options"]) == set(ii.INFO_OPTIONS)
    for name, spec in ii.INFO_OPTIONS.items():
        documented = doc["options"][name]
        for key in ("type", "elements", "choices", "default", "aliases"):
            assert documented.get(key) == spec.get(key), (name, key)
        assert bool(documented.get("required")) == bool(spec.get("required")), name
    yaml.safe_load(dms_kafka_instance_info.EXAMPLES)
    returned = yaml.safe_load(dms_kafka_instance_info.RETURN)
    contains = returned["instances"]["contains"]
    for kind in ii.INCLUDES:
        assert kind in contains, kind
    assert all("sample" in v for v in contains.values())


def test_kafka_manager_disabled_gives_empty_values_and_a_warning(capsys, make_client):
    def busy(request):
        return error(400, "DMS.00400026", "Kafka Manager is disabled")

    routes = _detail_routes(extra={(("GET", BASE + "/manage/cluster")): busy})
    server = ScriptedServer(routes=routes)
    out = run(capsys, {"instance": IID, "include": ["cluster", "tags"]}, server, make_client)
    one = out["instances"][0]
    assert one["cluster"] == {} and one["tags"] == {"team": "payments", "env": "test"}
    # (ansible-core keeps warnings process-wide: earlier tests' may be listed too)
    warnings = [json.dumps(w) for w in out["warnings"] if "DMS.00400026" in json.dumps(w)]
    assert len(warnings) == 1 and warnings[0].count("cluster: not read, the service refused it") == 1
    assert "failed" not in out
