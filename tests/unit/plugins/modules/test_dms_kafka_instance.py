# -*- coding: utf-8 -*-
# Copyright (c) 2026, hwcloud.dms contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""dms_kafka_instance main(), with patch_module_args and an httpx.MockTransport."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json

import httpx
import pytest
from ansible_collections.hwcloud.dms.tests.unit.compat.module_args import patch_module_args

from ansible_collections.hwcloud.dms.plugins.module_utils._client import DmsClient
from ansible_collections.hwcloud.dms.plugins.modules import dms_kafka_instance

AZ1 = "38b0f7a602344246bcb0da47b5d548e7"
SECRET = "Kafka-Pa55word-9"
CONNECTION = {"access_key": "AK", "secret_key": "SK-SECRET", "region": "r1", "project_id": "pid",
              "endpoint": "https://dms.example"}
CREATE = dict(CONNECTION, name="orders", engine_version="3.x", flavor_id="c6.2u4g.cluster",
              broker_num=3, storage_space=300, storage_spec_code="dms.physical.storage.ultra.v2",
              vpc_id="vpc-1", subnet_id="subnet-1", security_group_id="sg-1",
              availability_zones=["ap-southeast-1a"], ssl_enable=True, access_user="admin_user",
              password=SECRET, maintain_begin="02:00", maintain_end="06:00")


class Api(object):
    def __init__(self, instances=()):
        self.instances = list(instances)
        self.requests = []

    def __call__(self, request):
        self.requests.append(request)
        path = request.url.path
        if request.method == "GET" and path == "/v2/pid/instances":
            return httpx.Response(200, json={"instances": self.instances,
                                             "instance_num": len(self.instances)})
        if request.method == "GET" and path == "/v2/kafka/products":
            return httpx.Response(200, json={"products": []})
        if request.method == "GET" and path == "/v2/available-zones":
            return httpx.Response(200, json={"available_zones": [
                {"id": AZ1, "code": "ap-southeast-1a", "name": "AZ1"}]})
        raise AssertionError("unexpected %s %s" % (request.method, request.url))


@pytest.fixture
def api(monkeypatch):
    holder = {}

    def from_params(cls, params, **kwargs):
        kwargs.update(transport=httpx.MockTransport(holder["api"]), sleep=lambda s: None)
        names = ("region", "project_id", "endpoint", "access_key", "secret_key")
        return cls(**dict(dict((n, params.get(n)) for n in names), **kwargs))

    monkeypatch.setattr(DmsClient, "from_params", classmethod(from_params))
    return holder


def run_main(capsys, args):
    with patch_module_args(args):
        with pytest.raises(SystemExit):
            dms_kafka_instance.main()
    out = capsys.readouterr().out
    return json.loads(out), out


def test_check_mode_create_reads_only_and_hides_the_password(api, capsys):
    api["api"] = Api()
    result, raw = run_main(capsys, dict(CREATE, _ansible_check_mode=True, _ansible_diff=True))
    assert result["changed"] is True
    assert result["changes"]["created"] == ["orders"]
    assert result["instance"]["availability_zones"] == [AZ1]
    assert result["instance"]["maintain_begin"] == "02:00:00"
    assert result["restart_required"] is False
    assert SECRET not in raw
    assert {r.method for r in api["api"].requests} == {"GET"}


def test_local_validation_fails_before_any_request(api, capsys):
    api["api"] = Api()
    result, _raw = run_main(capsys, dict(CREATE, password="weak", broker_num=31))
    assert result["failed"] is True
    assert "password:" in result["msg"] and "broker_num:" in result["msg"]
    assert api["api"].requests == []


def test_restarted_is_a_state_choice(api, capsys):
    api["api"] = Api()
    result, _raw = run_main(capsys, dict(CONNECTION, name="orders", state="restarted",
                                         _ansible_check_mode=True))
    assert result["failed"] is True
    assert "does not exist" in result["msg"]


def test_unchanged_instance(api, capsys):
    instance = {"instance_id": "6f3c6a7e-42c4-4a8f-9c3e-0f1d2b3c4d5e", "name": "orders",
                "engine_version": "3.x", "product_id": "c6.2u4g.cluster", "broker_num": 3,
                "total_storage_space": 300, "storage_space": 276,
                "storage_spec_code": "dms.physical.storage.ultra.v2", "vpc_id": "vpc-1",
                "subnet_id": "subnet-1", "security_group_id": "sg-1", "available_zones": [AZ1],
                "ssl_enable": True, "access_user": "admin_user", "maintain_begin": "02:00:00",
                "maintain_end": "06:00:00", "status": "RUNNING", "partition_num": "750"}
    api["api"] = Api([instance])
    result, _raw = run_main(capsys, dict(CREATE))
    assert result["changed"] is False
    assert result["instance"]["partition_num"] == 750
    assert {r.method for r in api["api"].requests} == {"GET"}
