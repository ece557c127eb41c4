# -*- coding: utf-8 -*-
# Copyright (c) 2026, hwcloud.dms contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.hwcloud.dms.plugins.module_utils import _signer

HEADERS = {
    "Content-Type": "application/json",
    "Host": "dms.example.com",
    "X-Sdk-Date": "20240102T030405Z",
    "X-Project-Id": "pid123",
    "User-Agent": "ua-test",
}
SIGNED = "content-type;host;user-agent;x-project-id;x-sdk-date"
QUERY = {"limit": 10, "engine": "kafka", "name": "a b~*"}
POST_BODY = b'{"id": "t1", "partition": 3}'

VECTORS = [
    ("GET", "/v2/pid123/instances", QUERY, b"",
     "b8d709f4d4840bbe46c1b860421d2aea975db8cc4cd2393443b0c2b215e70229"),
    ("POST", "/v2/pid123/instances/i-1/topics", None, POST_BODY,
     "a6474ece58560906165a6846fc710fca168da045e9ca0b8091c01b46d2d94ebb"),
    ("DELETE", "/v2/pid123/instances/i-1", None, None,
     "9ca1a9b2d68e73e93d8a3be8833228691d8ddc397df7a7caaa49b2d9c70bd5df"),
]


def _sign(method, path, query, body, headers=None, sk="SKEXAMPLE"):
    return _signer.sign_request(method, path, query, dict(headers or HEADERS), body, "AKEXAMPLE", sk)


@pytest.mark.parametrize("method,path,query,body,expected", VECTORS, ids=["get", "post", "delete"])
def test_known_answer_vectors(method, path, query, body, expected):
    headers = _sign(method, path, query, body)
    assert headers["Authorization"] == (
        "SDK-HMAC-SHA256 Access=AKEXAMPLE, SignedHeaders=%s, Signature=%s" % (SIGNED, expected))
    assert headers["X-Sdk-Date"] == "20240102T030405Z"


def test_wire_query_of_vector_one():
    assert _signer.canonical_query(QUERY) == "engine=kafka&limit=10&name=a%20b~%2A"


def _signature(headers):
    return headers["Authorization"].rsplit("Signature=", 1)[1]


@pytest.mark.parametrize("change", ["body", "path", "query", "header", "method", "secret", "date"])
def test_any_changed_byte_changes_the_signature(change):
    method, path, query, body, expected = VECTORS[1]
    headers = dict(HEADERS)
    sk = "SKEXAMPLE"
    if change == "body":
        body = body.replace(b"3", b"4")
    elif change == "path":
        path = path.replace("t", "T")
    elif change == "query":
        query = {"a": "b"}
    elif change == "header":
        headers["X-Project-Id"] = "pid124"
    elif change == "method":
        method = "PUT"
    elif change == "secret":
        sk = "SKEXAMPLF"
    elif change == "date":
        headers["X-Sdk-Date"] = "20240102T030406Z"
    assert _signature(_sign(method, path, query, body, headers, sk)) != expected


def test_canonical_uri_always_ends_with_slash_and_encodes_segments():
    assert _signer.canonical_uri("/v2/p/instances") == "/v2/p/instances/"
    assert _signer.canonical_uri("/v2/p/instances/") == "/v2/p/instances/"
    assert _signer.canonical_uri("/v2/p/topics/a%20b") == "/v2/p/topics/a%20b/"
    assert _signer.canonical_uri("/v2/p/x*~") == "/v2/p/x%2A~/"


def test_canonical_query_sorting_lists_and_booleans():
    query = {"b": [2, 1], "a": True, "c": None, "d": False}
    assert _signer.canonical_query(query) == "a=true&b=1&b=2&d=false"
    assert _signer.canonical_query(None) == ""


def test_headers_with_underscore_are_not_signed():
    headers = dict(HEADERS)
    headers["X_Custom"] = "v"
    signed = _sign("GET", "/v2/pid123/instances", QUERY, b"", headers)
    assert "SignedHeaders=%s," % SIGNED in signed["Authorization"]
    assert _signature(signed) == VECTORS[0][4]


def test_security_token_is_sent_and_signed():
    signed = _signer.sign_request("GET", "/v2/pid123/instances", QUERY, dict(HEADERS), b"",
                                  "AKEXAMPLE", "SKEXAMPLE", security_token="tok")
    assert signed["X-Security-Token"] == "tok"
    assert "x-security-token" in signed["Authorization"].split("SignedHeaders=")[1]
    assert _signature(signed) != VECTORS[0][4]


def test_non_json_body_is_unsigned_payload():
    headers = dict(HEADERS)
    headers["Content-Type"] = "application/octet-stream"
    signed = _sign("POST", "/v2/pid123/x", None, b"\x00\x01", headers)
    assert signed["X-Sdk-Content-Sha256"] == "UNSIGNED-PAYLOAD"
    canonical, _names = _signer.canonical_request("POST", "/v2/pid123/x", None, signed, b"\x00\x01")
    assert canonical.endswith("\nUNSIGNED-PAYLOAD")
    # changing the body no longer changes the signature
    assert _signature(_sign("POST", "/v2/pid123/x", None, b"\x00\x02", headers)) == _signature(signed)


def test_empty_body_hash_and_header_block_layout():
    canonical, names = _signer.canonical_request("DELETE", "/v2/pid123/instances/i-1", None,
                                                 HEADERS, None)
    lines = canonical.split("\n")
    assert lines[0] == "DELETE"
    assert lines[1] == "/v2/pid123/instances/i-1/"
    assert lines[2] == ""
    assert lines[3] == "content-type:application/json"
    assert lines[8] == ""  # the header block ends with a newline: blank line follows
    assert lines[9] == names == SIGNED
    assert lines[10] == _signer.EMPTY_BODY_SHA256
