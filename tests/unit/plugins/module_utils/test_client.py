# -*- coding: utf-8 -*-
# Copyright (c) 2026, hwcloud.dms contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import re
import threading
from urllib.parse import unquote

import httpx
import pytest

from ansible_collections.hwcloud.dms.plugins.module_utils import _signer
from ansible_collections.hwcloud.dms.plugins.module_utils._client import (
    COLLECTION_VERSION,
    DmsClient,
    backoff_delay,
)
from ansible_collections.hwcloud.dms.plugins.module_utils._errors import (
    DmsAmbiguousWriteError,
    DmsApiError,
    DmsConfigError,
    DmsTransportError,
    parse_error_body,
)

from .conftest import ScriptedServer, reply

OK = {"ok": True}
FLOW = {"error_code": "DMS.10240407", "error_msg": "The request is too frequent."}


def connect_error():
    return httpx.ConnectError("connection refused")


# ----------------------------------------------------------------- backoff
def test_backoff_sequence_without_jitter_is_capped():
    assert [backoff_delay(n, rand=lambda: 1.0) for n in range(7)] == [1, 2, 4, 8, 15, 15, 15]


def test_backoff_jitter_stays_between_half_and_full():
    assert [backoff_delay(n, rand=lambda: 0.0) for n in range(4)] == [0.5, 1, 2, 4]
    assert backoff_delay(3, retry_after=7.0, rand=lambda: 0.0) == 7.0


# ----------------------------------------------------------------- retries
def test_429_honours_retry_after(make_client):
    server = ScriptedServer([reply(429, FLOW, {"Retry-After": "3"}),
                             reply(429, FLOW, {"Retry-After": "7"}), reply(200, OK)])
    client = make_client(server)
    assert client.get("/v2/{project_id}/instances") == OK
    assert client.slept == [3.0, 7.0]
    assert client.request_counts == {"GET": 3}


@pytest.mark.parametrize("status", [502, 503, 504])
def test_gateway_errors_retried_with_exponential_backoff(make_client, status):
    server = ScriptedServer([reply(status, text="bad gateway")] * 3 + [reply(200, OK)])
    client = make_client(server)
    assert client.get("/v2/{project_id}/instances") == OK
    assert client.slept == [1, 2, 4]


def test_retries_stop_after_max_retries(make_client):
    server = ScriptedServer([reply(503, {"error_code": "X", "error_msg": "busy"})] * 6)
    client = make_client(server, max_retries=5)
    with pytest.raises(DmsApiError) as info:
        client.get("/v2/{project_id}/instances", operation="list instances")
    assert info.value.status == 503
    assert client.slept == [1, 2, 4, 8, 15]
    assert client.request_counts == {"GET": 6}


def test_flow_control_404_is_retried_for_writes_too(make_client):
    server = ScriptedServer([reply(404, FLOW), reply(404, FLOW), reply(200, {"name": "t"})])
    client = make_client(server)
    assert client.post("/v2/{project_id}/instances/i/topics", {"id": "t"}) == {"name": "t"}
    assert client.slept == [1, 2]
    assert client.request_counts == {"POST": 3}


def test_plain_404_is_not_retried(make_client):
    server = ScriptedServer([reply(404, {"error_code": "DMS.00404022",
                                         "error_msg": "This instance does not exist."})])
    client = make_client(server)
    with pytest.raises(DmsApiError) as info:
        client.get("/v2/{project_id}/instances/i-1", operation="read instance", resource="i-1")
    assert info.value.is_not_found
    assert client.slept == []


def test_400_is_not_retried(make_client):
    server = ScriptedServer([reply(400, {"error_code": "DMS.00400062", "error_msg": "bad"})])
    client = make_client(server)
    with pytest.raises(DmsApiError):
        client.put("/v2/{project_id}/instances/i-1", {"name": "x"})
    assert client.total_requests == 1


@pytest.mark.parametrize("exc", [connect_error, lambda: httpx.ReadTimeout("timed out")])
def test_get_transport_errors_are_retried(make_client, exc):
    server = ScriptedServer([exc(), exc(), reply(200, OK)])
    client = make_client(server)
    assert client.get("/v2/{project_id}/instances") == OK
    assert client.slept == [1, 2]


def test_get_transport_error_after_retries_is_a_transport_error(make_client):
    server = ScriptedServer([connect_error(), connect_error(), connect_error()])
    client = make_client(server, max_retries=2)
    with pytest.raises(DmsTransportError) as info:
        client.get("/v2/{project_id}/instances", operation="list instances")
    assert not isinstance(info.value, DmsAmbiguousWriteError)
    assert client.slept == [1, 2]


@pytest.mark.parametrize("exc", [lambda: httpx.ReadTimeout("timed out"),
                                 lambda: httpx.RemoteProtocolError("peer closed connection")])
def test_post_transport_error_is_not_retried_and_is_ambiguous(make_client, exc):
    server = ScriptedServer([exc(), reply(200, OK)])
    client = make_client(server)
    with pytest.raises(DmsAmbiguousWriteError) as info:
        client.post("/v2/{project_id}/instances/i/topics", {"id": "orders"},
                    operation="create topic", resource="orders")
    assert client.request_counts == {"POST": 1}
    assert client.slept == []
    assert str(info.value).startswith("create topic 'orders' failed:")
    assert isinstance(info.value, DmsApiError)


def cert_error():
    """What httpx raises for an untrusted server certificate."""
    import ssl
    inner = ssl.SSLCertVerificationError(1, "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed")
    try:
        raise httpx.ConnectError(str(inner)) from inner
    except httpx.ConnectError as exc:
        return exc


@pytest.mark.parametrize("method", ["get", "post"])
def test_certificate_error_fails_at_once_and_is_not_ambiguous(make_client, method):
    server = ScriptedServer([cert_error(), reply(200, OK)])
    client = make_client(server)
    call = getattr(client, method)
    args = ("/v2/{project_id}/instances",) if method == "get" else ("/v2/{project_id}/instances/i/topics", {})
    with pytest.raises(DmsTransportError) as info:
        call(*args)
    assert not isinstance(info.value, DmsAmbiguousWriteError)
    assert "certificate verification" in str(info.value) and "ca_path" in str(info.value)
    assert client.slept == []
    assert sum(client.request_counts.values()) == 1


def test_idempotent_write_transport_error_is_retried(make_client):
    server = ScriptedServer([connect_error(), reply(204)])
    client = make_client(server)
    assert client.put("/v2/{project_id}/instances/i/topics", {"topics": []}, idempotent=True) is None
    assert client.slept == [1]


def test_retry_false_disables_retries(make_client):
    server = ScriptedServer([reply(503, text="x")])
    client = make_client(server)
    with pytest.raises(DmsApiError):
        client.get("/v2/{project_id}/instances", retry=False)
    assert client.slept == []


def test_busy_instance_waits_then_retries(make_client):
    waited = []
    busy = {"error_code": "DMS.00400026", "error_msg": "not allowed due to the instance status"}
    server = ScriptedServer([reply(400, busy), reply(204)])
    client = make_client(server, wait_instance_ready=waited.append)
    assert client.put("/v2/{project_id}/instances/inst-9/topics", {"topics": []}) is None
    assert waited == ["inst-9"]
    assert client.request_counts == {"PUT": 2}


def test_busy_instance_read_is_not_waited_for(make_client):
    waited = []
    busy = {"error_code": "DMS.00400026", "error_msg": "not allowed due to the instance status"}
    server = ScriptedServer([reply(400, busy), reply(200, {})])
    client = make_client(server, wait_instance_ready=waited.append)
    with pytest.raises(DmsApiError) as info:
        client.get("/v2/{project_id}/instances/inst-9/manage/cluster")
    assert info.value.error_code == "DMS.00400026"
    assert waited == []
    assert client.request_counts == {"GET": 1}


def test_busy_instance_without_waiter_fails(make_client):
    busy = {"error_code": "DMS.00400026", "error_msg": "busy"}
    server = ScriptedServer([reply(400, busy)])
    client = make_client(server)
    with pytest.raises(DmsApiError) as info:
        client.put("/v2/{project_id}/instances/inst-9/topics", {})
    assert info.value.error_code == "DMS.00400026"


# ----------------------------------------------------------------- errors
@pytest.mark.parametrize("body", [
    {"error_code": "DMS.40050005", "error_msg": "The topic already exists."},
    {"error_code": "DMS.40050005", "error_message": "The topic already exists."},
    {"errorCode": "DMS.40050005", "errorMsg": "The topic already exists."},
    {"code": "DMS.40050005", "message": "The topic already exists."},
])
def test_error_body_variants_and_message_format(make_client, body):
    server = ScriptedServer([reply(400, body, {"X-Request-Id": "1a2b3c"})])
    client = make_client(server)
    with pytest.raises(DmsApiError) as info:
        client.post("/v2/{project_id}/instances/i/topics", {"id": "orders"},
                    operation="create topic", resource="orders")
    err = info.value
    assert (err.status, err.error_code, err.request_id) == (400, "DMS.40050005", "1a2b3c")
    assert str(err) == ("create topic 'orders' failed: HTTP 400 DMS.40050005: "
                        "The topic already exists. (request id 1a2b3c)")


def test_non_json_error_body(make_client):
    server = ScriptedServer([reply(500, text="<html>\n  upstream\n broke</html>")])
    client = make_client(server, max_retries=0)
    with pytest.raises(DmsApiError) as info:
        client.get("/v2/{project_id}/instances", operation="list instances")
    assert info.value.error_code is None
    assert str(info.value) == "list instances failed: HTTP 500 <html> upstream broke</html>"


def test_empty_error_body_uses_reason():
    assert str(DmsApiError.from_response(403, b"", {}, "delete user", "bob")) == (
        "delete user 'bob' failed: HTTP 403 Forbidden")
    assert parse_error_body(b"") == (None, None)
    assert parse_error_body({"error": {"code": "E1", "message": "m"}}) == ("E1", "m")


def test_secrets_never_appear_in_errors(make_client):
    secrets = ["SK-SECRET-VALUE", "TOKEN-SECRET", "PW-SECRET"]
    server = ScriptedServer([reply(400, {"error_code": "E", "error_msg": "bad request"}),
                             httpx.ReadTimeout("timed out")])
    client = make_client(server, security_token="TOKEN-SECRET")
    errors = []
    for call in (lambda: client.post("/v2/{project_id}/x", {"password": "PW-SECRET"}, operation="c"),
                 lambda: client.post("/v2/{project_id}/x", {"password": "PW-SECRET"}, operation="c")):
        with pytest.raises(DmsApiError) as info:
            call()
        errors.append(info.value)
    for err in errors:
        text = str(err) + repr(err.to_result()) + repr(err.args)
        for secret in secrets:
            assert secret not in text


# ----------------------------------------------------------------- bodies
def test_decoding_204_empty_text_and_json(make_client):
    server = ScriptedServer([reply(204), reply(200, text=""), reply(200, text="success"),
                             reply(200, {"a": 1})])
    client = make_client(server)
    assert client.delete("/v2/{project_id}/x") is None
    assert client.get("/v2/{project_id}/x") is None
    assert client.post("/v2/{project_id}/x", {}) == "success"
    assert client.get("/v2/{project_id}/x") == {"a": 1}


def test_standard_headers_and_json_body(make_client):
    server = ScriptedServer([reply(200, OK)])
    client = make_client(server)
    client.post("/v2/{project_id}/instances/i/topics", {"id": "t1", "partition": 3})
    request = server.requests[0]
    assert request.headers["Content-Type"] == "application/json"
    assert request.headers["User-Agent"] == "hwcloud.dms/%s" % COLLECTION_VERSION
    assert request.headers["X-Project-Id"] == "pid123"
    assert request.headers["Host"] == "dms.ap-southeast-1.myhuaweicloud.com"
    assert str(request.url).startswith("https://dms.ap-southeast-1.myhuaweicloud.com/v2/pid123/")
    assert json.loads(request.content) == {"id": "t1", "partition": 3}


def _verify_like_the_emulator(request, secret):
    """Rebuild the signature from what was received, as a verifier does."""
    auth = request.headers["Authorization"]
    match = re.match(r"SDK-HMAC-SHA256 Access=(\S+), SignedHeaders=(\S+), Signature=(\w+)$", auth)
    names = match.group(2).split(";")
    headers = dict((name, request.headers[name]) for name in names)
    raw_query = request.url.query.decode("ascii")
    pairs = [tuple(unquote(part) for part in item.split("=", 1))
             for item in raw_query.split("&") if item]
    canonical, _signed = _signer.canonical_request(request.method, request.url.path, pairs,
                                                   headers, request.content)
    expected = _signer.signature(secret, _signer.string_to_sign(canonical, headers["x-sdk-date"]))
    return expected == match.group(3), raw_query


def test_query_on_the_wire_equals_the_signed_one(make_client):
    server = ScriptedServer([reply(200, OK)])
    client = make_client(server)
    query = {"limit": 10, "engine": "kafka", "name": "a b~*", "exact_match_name": True}
    client.get("/v2/{project_id}/instances", query=query)
    ok, raw_query = _verify_like_the_emulator(server.requests[0], "SK-SECRET-VALUE")
    assert raw_query == _signer.canonical_query(query)
    assert raw_query == "engine=kafka&exact_match_name=true&limit=10&name=a%20b~%2A"
    assert ok


def test_signature_with_security_token_verifies(make_client):
    server = ScriptedServer([reply(200, OK)])
    client = make_client(server, security_token="TOKEN-SECRET")
    client.post("/v2/{project_id}/instances/i/topics", {"id": "x"})
    request = server.requests[0]
    assert request.headers["X-Security-Token"] == "TOKEN-SECRET"
    assert _verify_like_the_emulator(request, "SK-SECRET-VALUE")[0]


def test_path_placeholders_are_quoted(make_client):
    client = make_client(ScriptedServer())
    assert client.path("/v2/{project_id}/instances/{instance_id}/topics/{topic}",
                       instance_id="i-1", topic="a/b c") == "/v2/pid123/instances/i-1/topics/a%2Fb%20c"
    with pytest.raises(DmsConfigError):
        client.path("/v2/{project_id}/instances/{instance_id}")


# ----------------------------------------------------------------- endpoints and auth
def test_explicit_http_endpoint_and_auth_token(make_client):
    server = ScriptedServer([reply(200, OK)])
    client = make_client(server, region=None, endpoint="http://127.0.0.1:8080/", access_key=None,
                         secret_key=None, auth_token="TOKEN-1")
    client.get("/v2/{project_id}/instances")
    request = server.requests[0]
    assert str(request.url) == "http://127.0.0.1:8080/v2/pid123/instances"
    assert request.headers["X-Auth-Token"] == "TOKEN-1"
    assert request.headers["Host"] == "127.0.0.1:8080"
    assert "Authorization" not in request.headers


def test_configuration_errors():
    with pytest.raises(DmsConfigError):
        DmsClient(project_id="p", access_key="a", secret_key="s")  # no region or endpoint
    with pytest.raises(DmsConfigError):
        DmsClient(region="r", project_id="p")  # no credentials
    with pytest.raises(DmsConfigError):
        DmsClient(endpoint="http://x", access_key="a", secret_key="s")  # no project, no region


def _token_route(calls, project_id="proj-from-token"):
    def route(request):
        calls.append(json.loads(request.content))
        body = {"token": {"project": {"id": project_id, "name": "ap-southeast-1"}}} if project_id else {}
        return reply(201, body, {"X-Subject-Token": "IAM-TOKEN-XYZ"})
    return route


def test_iam_token_obtained_once_and_reused(make_client):
    token_calls = []
    server = ScriptedServer([reply(200, OK)] * 5,
                            routes={("POST", "/v3/auth/tokens"): _token_route(token_calls)})
    secrets = []
    client = make_client(server, access_key=None, secret_key=None, project_id=None,
                         iam_username="bob", iam_password="PW-SECRET", domain_name="acme",
                         on_secret=secrets.append)
    for _attempt in range(5):
        client.get("/v2/{project_id}/instances")
    assert len(token_calls) == 1
    assert client.iam_request_counts == {"POST": 1}
    assert client.request_counts == {"GET": 5}
    identity = token_calls[0]["auth"]
    assert identity["identity"]["methods"] == ["password"]
    assert identity["identity"]["password"]["user"] == {
        "name": "bob", "password": "PW-SECRET", "domain": {"name": "acme"}}
    assert identity["scope"] == {"project": {"name": "ap-southeast-1"}}
    dms = [r for r in server.requests if r.url.host.startswith("dms.")]
    assert all(r.headers["X-Auth-Token"] == "IAM-TOKEN-XYZ" for r in dms)
    assert all(r.headers["X-Project-Id"] == "proj-from-token" for r in dms)
    assert str(dms[0].url).startswith("https://dms.ap-southeast-1.myhuaweicloud.com/v2/proj-from-token/")
    assert secrets == ["IAM-TOKEN-XYZ"]


def test_iam_token_shared_by_threads(make_client):
    token_calls = []
    server = ScriptedServer(routes={("POST", "/v3/auth/tokens"): _token_route(token_calls),
                                    ("GET", "/v2/proj-from-token/instances"): lambda r: reply(200, OK)})
    client = make_client(server, access_key=None, secret_key=None, project_id=None,
                         iam_username="bob", iam_password="pw", domain_name="acme")
    results = client.map_concurrent(lambda n: client.get("/v2/{project_id}/instances"), range(20))
    assert results == [OK] * 20
    assert len(token_calls) == 1


def test_project_id_resolved_once_from_iam(make_client):
    lookups = []

    def projects(request):
        lookups.append(request)
        return reply(200, {"projects": [{"id": "other", "name": "ap-southeast-1_sub"},
                                        {"id": "resolved-pid", "name": "ap-southeast-1"}]})

    server = ScriptedServer([reply(200, OK)] * 3, routes={("GET", "/v3/projects"): projects})
    client = make_client(server, project_id=None)
    for _attempt in range(3):
        client.get("/v2/{project_id}/instances")
    assert len(lookups) == 1
    assert lookups[0].url.query == b"name=ap-southeast-1"
    assert str(lookups[0].url).startswith("https://iam.ap-southeast-1.myhuaweicloud.com/v3/projects")
    assert "Authorization" in lookups[0].headers  # IAM calls are signed too
    assert _verify_like_the_emulator(lookups[0], "SK-SECRET-VALUE")[0]
    assert [r.url.path for r in server.requests[1:]] == ["/v2/resolved-pid/instances"] * 3
    assert client.iam_request_counts == {"GET": 1}


def test_project_id_not_found(make_client):
    server = ScriptedServer(routes={("GET", "/v3/projects"): lambda r: reply(200, {"projects": []})})
    client = make_client(server, project_id=None)
    with pytest.raises(DmsConfigError) as info:
        client.get("/v2/{project_id}/instances")
    assert "ap-southeast-1" in str(info.value)


# ----------------------------------------------------------------- pagination
def _paged(items, offset_param, limit_param, items_key, total_key, page_base=None, total_as_str=False):
    def route(request):
        params = dict(request.url.params)
        limit = int(params[limit_param])
        position = int(params[offset_param])
        start = (position - page_base) * limit if page_base is not None else position
        body = {items_key: items[start:start + limit]}
        if total_key:
            body[total_key] = str(len(items)) if total_as_str else len(items)
        return reply(200, body)
    return route


def test_paginate_offset_limit_with_total(make_client):
    items = [{"id": n} for n in range(5)]
    path = "/v2/pid123/instances"
    server = ScriptedServer(routes={("GET", path): _paged(items, "offset", "limit", "instances",
                                                          "instance_num")})
    client = make_client(server)
    result = client.paginate("/v2/{project_id}/instances", "instances", "instance_num", limit=2,
                             query={"engine": "kafka"})
    assert result == items
    queries = [dict(r.url.params) for r in server.requests]
    assert [(q["offset"], q["limit"], q["engine"]) for q in queries] == [
        ("0", "2", "kafka"), ("2", "2", "kafka"), ("4", "2", "kafka")]


def test_paginate_page_based_with_string_total(make_client):
    items = ["g%d" % n for n in range(7)]
    path = "/v2/pid123/instances/i/groups"
    server = ScriptedServer(routes={("GET", path): _paged(items, "page", "pageSize", "groups", "total",
                                                          page_base=1, total_as_str=True)})
    client = make_client(server)
    result = client.paginate("/v2/{project_id}/instances/i/groups", "groups", "total", limit=3,
                             offset_param="page", limit_param="pageSize", start=1, by="page")
    assert result == items
    assert [r.url.params["page"] for r in server.requests] == ["1", "2", "3"]


def test_paginate_without_total_stops_on_short_page(make_client):
    items = list(range(4))
    path = "/v2/pid123/x"
    server = ScriptedServer(routes={("GET", path): _paged(items, "offset", "limit", "things", None)})
    client = make_client(server)
    assert client.paginate("/v2/{project_id}/x", "things", limit=2) == items
    # 0-2, 2-4, then an empty page ends it
    assert len(server.requests) == 3


# ----------------------------------------------------------------- concurrency
def test_map_concurrent_keeps_order_and_uses_threads(make_client):
    seen_threads = set()
    lock = threading.Lock()

    def route(request):
        with lock:
            seen_threads.add(threading.current_thread().name)
        return reply(200, {"n": int(request.url.params["n"])})

    server = ScriptedServer(routes={("GET", "/v2/pid123/x"): route})
    client = make_client(server)
    results = client.map_concurrent(lambda n: client.get("/v2/{project_id}/x", {"n": n})["n"],
                                    range(30), workers=4)
    assert results == list(range(30))
    assert client.request_counts == {"GET": 30}
    assert len(seen_threads) > 1


def test_map_concurrent_raises_first_error(make_client):
    def route(request):
        n = int(request.url.params["n"])
        if n in (3, 7):
            return reply(400, {"error_code": "E%d" % n, "error_msg": "bad"})
        return reply(200, {})

    server = ScriptedServer(routes={("GET", "/v2/pid123/x"): route})
    client = make_client(server)
    with pytest.raises(DmsApiError) as info:
        client.map_concurrent(lambda n: client.get("/v2/{project_id}/x", {"n": n}), range(10))
    assert info.value.error_code == "E3"


# ----------------------------------------------------------------- misc
def test_from_params_ignores_unrelated_and_none(make_client):
    params = {"region": "r1", "project_id": "p", "access_key": "a", "secret_key": "s",
              "timeout": 12.5, "max_retries": 2, "name": "orders", "endpoint": None}
    client = DmsClient.from_params(params)
    assert (client.endpoint, client.timeout, client.max_retries) == (
        "https://dms.r1.myhuaweicloud.com", 12.5, 2)
    assert client.iam_endpoint == "https://iam.r1.myhuaweicloud.com"


def test_user_agent_version_matches_galaxy_yml():
    root = os.path.join(os.path.dirname(__file__), "..", "..", "..", "..")
    with open(os.path.join(root, "galaxy.yml")) as handle:
        version = re.search(r"^version:\s*(\S+)", handle.read(), re.M).group(1)
    assert version == COLLECTION_VERSION


# ----------------------------------------------------------------- ambiguous writes (issue 11)
@pytest.mark.parametrize("status", [502, 503, 504])
def test_gateway_error_on_a_write_is_ambiguous_and_not_resent(make_client, status):
    server = ScriptedServer([reply(status, {"error_code": "DMS.00500000", "error_msg": "gw"}),
                             reply(200, OK)])
    client = make_client(server)
    with pytest.raises(DmsAmbiguousWriteError) as info:
        client.post("/v2/{project_id}/instances/i/topics", {"id": "orders"},
                    operation="create topic", resource="orders")
    assert client.request_counts == {"POST": 1}
    text = str(info.value)
    assert "HTTP %d" % status in text and "may or may not have been applied" in text
    assert "POST https://dms.ap-southeast-1.myhuaweicloud.com/v2/pid123/instances/i/topics" in text
    assert info.value.http_status == status


def test_connect_error_on_a_write_is_retried_because_nothing_was_sent(make_client):
    server = ScriptedServer([connect_error(), reply(200, OK)])
    client = make_client(server)
    assert client.post("/v2/{project_id}/instances/i/topics", {"id": "orders"}) == OK
    assert client.request_counts == {"POST": 2}
    assert client.retries[0]["attempt"] == 1
    assert client.retries[0]["request"].startswith("POST https://dms.ap-southeast-1")


def test_throttled_write_is_retried(make_client):
    server = ScriptedServer([reply(429, FLOW), reply(200, OK)])
    client = make_client(server)
    assert client.post("/v2/{project_id}/instances/i/topics", {}) == OK
    assert client.retries == [{"request": "POST https://dms.ap-southeast-1.myhuaweicloud.com"
                                          "/v2/pid123/instances/i/topics",
                               "attempt": 1, "reason": "HTTP 429 DMS.10240407", "delay": 1.0}]


# ----------------------------------------------------------------- naming and bounding failures
class FakeClock(object):
    """A clock the fake sleep advances (no real waiting)."""

    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.now += seconds


def _timing_out(clock, seconds):
    def step(request):
        clock.now += seconds
        raise httpx.ReadTimeout("timed out")
    return step


def test_transport_failure_names_method_host_path_attempts_and_time(make_client):
    import socket
    clock = FakeClock()

    def dns(request):
        try:
            raise socket.gaierror(-2, "Name or service not known")
        except socket.gaierror as inner:
            raise httpx.ConnectError("[Errno -2] Name or service not known") from inner

    server = ScriptedServer([dns] * 6)
    client = make_client(server, sleep=clock.sleep, clock=clock, region="eu-nowhere-9")
    with pytest.raises(DmsTransportError) as info:
        client.get("/v2/{project_id}/instances", query={"name": "x"}, operation="list instances")
    text = str(info.value)
    assert text.startswith("list instances failed: GET https://dms.eu-nowhere-9.myhuaweicloud.com"
                           "/v2/pid123/instances: DNS lookup failed (6 attempts in ")
    assert text.endswith("; check region or endpoint")
    assert "name=x" not in text
    assert len(client.retries) == 5


def test_deadline_bounds_every_attempt_of_a_silent_endpoint(make_client):
    clock = FakeClock()
    server = ScriptedServer([_timing_out(clock, 30)] * 6)
    client = make_client(server, sleep=clock.sleep, clock=clock, timeout=30, deadline=60)
    with pytest.raises(DmsTransportError) as info:
        client.get("/v2/{project_id}/instances")
    assert "no answer in time (2 attempts in 61 s)" in str(info.value)
    assert client.request_counts == {"GET": 2}


def test_each_attempt_timeout_is_cut_to_the_remaining_deadline(make_client):
    seen = []
    clock = FakeClock()

    def step(request):
        seen.append(request.extensions["timeout"]["read"])
        clock.now += seen[-1]
        raise httpx.ReadTimeout("timed out")

    client = make_client(ScriptedServer([step] * 6), sleep=clock.sleep, clock=clock, timeout=30,
                         deadline=45)
    with pytest.raises(DmsTransportError):
        client.get("/v2/{project_id}/instances")
    assert seen == [30, 14]


def test_refused_connection_is_named_with_a_hint(make_client):
    def refused(request):
        try:
            raise ConnectionRefusedError(111, "Connection refused")
        except ConnectionRefusedError as inner:
            raise httpx.ConnectError("[Errno 111] Connection refused") from inner

    client = make_client(ScriptedServer([refused] * 3), max_retries=2, endpoint="http://127.0.0.1:9")
    with pytest.raises(DmsTransportError) as info:
        client.get("/v2/{project_id}/instances")
    assert "GET http://127.0.0.1:9/v2/pid123/instances: connection refused (3 attempts" in str(info.value)
    assert [r["attempt"] for r in client.retries] == [1, 2]
