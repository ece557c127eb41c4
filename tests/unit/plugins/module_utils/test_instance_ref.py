# -*- coding: utf-8 -*-
# Copyright (c) 2026, hwcloud.dms contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Unit tests for ``_instance_ref.resolve_instance`` (httpx.MockTransport)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import httpx
import pytest

from ansible_collections.hwcloud.dms.plugins.module_utils._client import DmsClient
from ansible_collections.hwcloud.dms.plugins.module_utils._errors import DmsApiError
from ansible_collections.hwcloud.dms.plugins.module_utils._instance_ref import (
    INSTANCE_OPTION,
    AmbiguousInstanceError,
    InstanceNotFoundError,
    is_instance_id,
    resolve_instance,
    resolve_instance_id,
)

PROJECT = "0123456789abcdef0123456789abcdef"
ID1 = "6f0e4a6b-1c2d-4e5f-8a9b-0c1d2e3f4a5b"
ID2 = "7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"


def make_client(handler):
    seen = []

    def wrapped(request):
        seen.append(request)
        return handler(request)

    client = DmsClient(endpoint="http://dms.test", project_id=PROJECT, access_key="ak",
                       secret_key="sk", transport=httpx.MockTransport(wrapped),
                       sleep=lambda s: None)
    return client, seen


def listing(*instances):
    return httpx.Response(200, json={"instances": list(instances), "instance_num": len(instances)})


def test_option_spec():
    assert INSTANCE_OPTION == dict(type="str", required=True)


@pytest.mark.parametrize("ref,expected", [
    (ID1, True), (ID1.upper(), True), ("kafka-orders", False), (ID1 + "x", False), ("", False),
])
def test_is_instance_id(ref, expected):
    assert is_instance_id(ref) is expected


def test_by_id_one_request():
    def handler(request):
        assert request.url.path == "/v2/%s/instances/%s" % (PROJECT, ID1)
        return httpx.Response(200, json={"instance_id": ID1, "name": "orders"})

    client, seen = make_client(handler)
    assert resolve_instance(client, ID1)["name"] == "orders"
    assert len(seen) == 1


def test_by_name_exact_match_one_request():
    def handler(request):
        assert request.url.path == "/v2/%s/instances" % PROJECT
        q = dict(request.url.params)
        assert q["engine"] == "kafka" and q["name"] == "orders" and q["exact_match_name"] == "true"
        # a fuzzy service would also answer "orders-dev": filtered client-side
        return listing({"instance_id": ID1, "name": "orders"}, {"instance_id": ID2, "name": "orders-dev"})

    client, seen = make_client(handler)
    assert resolve_instance_id(client, "orders") == ID1
    assert len(seen) == 1


def test_name_not_found():
    client, _seen = make_client(lambda r: listing({"instance_id": ID2, "name": "orders-dev"}))
    with pytest.raises(InstanceNotFoundError) as exc:
        resolve_instance(client, "orders")
    assert str(exc.value) == "instance 'orders' not found"


def test_ambiguous_name_lists_ids():
    client, _seen = make_client(lambda r: listing({"instance_id": ID2, "name": "orders"},
                                                  {"instance_id": ID1, "name": "orders"}))
    with pytest.raises(AmbiguousInstanceError) as exc:
        resolve_instance(client, "orders")
    assert ID1 in str(exc.value) and ID2 in str(exc.value)
    assert "instance ID" in str(exc.value) or "ID" in str(exc.value)
    assert exc.value.to_result()["instance_ids"] == sorted([ID1, ID2])


def test_uuid_not_an_id_is_tried_as_name():
    def handler(request):
        if request.url.path.endswith(ID1):
            return httpx.Response(404, json={"error_code": "DMS.00404022", "error_msg": "not found"})
        return listing({"instance_id": ID2, "name": ID1})

    client, seen = make_client(handler)
    assert resolve_instance_id(client, ID1) == ID2
    assert len(seen) == 2


def test_uuid_not_found_anywhere():
    def handler(request):
        if request.url.path.endswith(ID1):
            return httpx.Response(404, json={"error_code": "DMS.00404022", "error_msg": "not found"})
        return listing()

    client, _seen = make_client(handler)
    with pytest.raises(InstanceNotFoundError):
        resolve_instance(client, ID1)


def test_throttled_lookup_is_retried():
    calls = []

    def handler(request):
        calls.append(1)
        if len(calls) == 1:
            return httpx.Response(404, json={"error_code": "DMS.10240407", "error_msg": "flow control"})
        return httpx.Response(200, json={"instance_id": ID1, "name": "orders"})

    client, _seen = make_client(handler)
    assert resolve_instance_id(client, ID1) == ID1
    assert len(calls) == 2


def test_other_errors_propagate():
    client, _seen = make_client(lambda r: httpx.Response(403, json={"error_code": "DMS.00403", "error_msg": "denied"}))
    with pytest.raises(DmsApiError) as exc:
        resolve_instance(client, "orders")
    assert exc.value.status == 403


def test_empty_ref():
    client, seen = make_client(lambda r: listing())
    with pytest.raises(InstanceNotFoundError):
        resolve_instance(client, "")
    assert not seen
