"""The collection's AK/SK signer against the official SDK's signer, on many generated requests.

For each request both signers sign the same method, path, query, headers and body with the
same date; the Authorization headers must be identical, and the query string the collection
sends on the wire must be the one the SDK sends. The emulator's verifier must accept both.
"""

import importlib.util
import os
import random
import string

import pytest
from huaweicloudsdkcore.auth.credentials import BasicCredentials
from huaweicloudsdkcore.sdk_request import SdkRequest
from huaweicloudsdkcore.signer.signer import Signer

from dms_emulator import auth as emulator_auth

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
_spec = importlib.util.spec_from_file_location(
    "hwcloud_dms_signer_under_test", os.path.join(ROOT, "plugins", "module_utils", "_signer.py"))
signer = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(signer)

AK, SK = "AKGENERATED0001", "sk-generated-0001"
DATE = "20261201T093000Z"
ALPHABET = string.ascii_letters + string.digits + "-_.~ *+=&%/:@!$'()é中"


def _text(rng, n=None):
    n = n if n is not None else rng.randint(0, 12)
    return "".join(rng.choice(ALPHABET) for _ in range(n))


def _case(seed):
    rng = random.Random(seed)
    method = rng.choice(["GET", "POST", "PUT", "DELETE"])
    segments = ["v2", "pid123", "instances", _text(rng, rng.randint(1, 8)).replace("/", "x")]
    if rng.random() < 0.5:
        segments.append(_text(rng, rng.randint(1, 6)).replace("/", "y"))
    path = "/" + "/".join(segments)
    query = []
    for _ in range(rng.randint(0, 4)):
        key = rng.choice(["limit", "offset", "name", "engine", "a b", "x*y", _text(rng, 4) or "k"])
        value = rng.choice([rng.randint(0, 100), True, False, _text(rng)])
        query.append((key, value))
    body = b""
    if method in ("POST", "PUT") or rng.random() < 0.2:
        body = ('{"name": "%s", "n": %d}' % (_text(rng).replace('"', "").replace("\\", ""),
                                               rng.randint(0, 9))).encode()
    return method, path, query, body


def _sdk_sign(method, path, query, body):
    headers = {"Content-Type": "application/json", "X-Project-Id": "pid123", "User-Agent": "ua-test",
               "Host": "dms.example.com:8443", "X-Sdk-Date": DATE}
    # The SDK's client turns every query value into text before signing.
    text = [(k, ("true" if v else "false") if isinstance(v, bool) else str(v)) for k, v in query]
    req = SdkRequest(method=method, schema="https", host="dms.example.com:8443", resource_path=path,
                     query_params=text, header_params=dict(headers),
                     body=body or "")
    Signer(BasicCredentials(AK, SK, "pid123")).sign(req)
    return req.header_params["Authorization"], req.uri


def _our_sign(method, path, query, body):
    headers = {"Content-Type": "application/json", "X-Project-Id": "pid123", "User-Agent": "ua-test",
               "Host": "dms.example.com:8443", "X-Sdk-Date": DATE}
    signed = signer.sign_request(method, path, query, headers, body, AK, SK)
    wire = signer.canonical_query(query)
    return signed["Authorization"], path + ("?" + wire if wire else ""), signed


@pytest.mark.parametrize("seed", range(300))
def test_collection_signer_matches_the_official_signer(seed):
    method, path, query, body = _case(seed)
    sdk_auth, sdk_uri = _sdk_sign(method, path, query, body)
    our_auth, our_uri, _ = _our_sign(method, path, query, body)
    assert our_auth == sdk_auth, (method, path, query, body)
    assert our_uri == sdk_uri


@pytest.mark.parametrize("seed", range(0, 300, 7))
def test_emulator_accepts_both_and_rejects_one_changed_byte(seed):
    method, path, query, body = _case(seed)
    our_auth, our_uri, headers = _our_sign(method, path, query, body)
    raw_path, _, raw_query = our_uri.partition("?")
    lower = {k.lower(): v for k, v in headers.items()}
    creds = {AK: SK}
    now = emulator_auth.parse_sdk_date(DATE)
    assert emulator_auth.verify_signature(method, raw_path, raw_query, lower, body, creds, now, 900) == AK
    tampered = (body + b" ") if body else b"x"
    with pytest.raises(emulator_auth.AuthFailure):
        emulator_auth.verify_signature(method, raw_path, raw_query, lower, tampered, creds, now, 900)
