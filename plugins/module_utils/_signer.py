# -*- coding: utf-8 -*-
# Copyright (c) 2026, hwcloud.dms contributors
# Simplified BSD License (see https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause
#
# PRIVATE TO THE hwcloud.dms COLLECTION: this file is not a public API and may
# change without notice. Do not import it from outside this collection.
"""AK/SK request signing (SDK-HMAC-SHA256) for Huawei Cloud APIs.

Pure python (standard library only), unit-tested against the known-answer
vectors of the official signer.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime
import hashlib
import hmac

from urllib.parse import quote, unquote

ALGORITHM = "SDK-HMAC-SHA256"
DATE_HEADER = "X-Sdk-Date"
DATE_FORMAT = "%Y%m%dT%H%M%SZ"
CONTENT_SHA_HEADER = "X-Sdk-Content-Sha256"
SECURITY_TOKEN_HEADER = "X-Security-Token"
UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD"
EMPTY_BODY_SHA256 = hashlib.sha256(b"").hexdigest()


def _encode(value):
    """Percent-encode everything except the RFC 3986 unreserved characters."""
    # quote() never encodes letters, digits and '_.-~'; safe='~' keeps '/' encoded too
    return quote(value, safe="~")


def _scalar(value):
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, bytes):
        return value.decode("utf-8")
    return str(value)


def query_pairs(query):
    """Turn a dict / list of pairs into a flat list of (key, value) strings.

    ``None`` values are dropped, lists are expanded into repeated pairs and
    booleans become ``true``/``false``.
    """
    if not query:
        return []
    items = query.items() if isinstance(query, dict) else query
    pairs = []
    for key, value in items:
        if value is None:
            continue
        if isinstance(value, (list, tuple, set)):
            for element in value:
                if element is not None:
                    pairs.append((str(key), _scalar(element)))
        else:
            pairs.append((str(key), _scalar(value)))
    return pairs


def canonical_query(query):
    """The canonical query string; it is also exactly what goes on the wire."""
    pairs = sorted(query_pairs(query))
    return "&".join("%s=%s" % (_encode(k), _encode(v)) for k, v in pairs)


def canonical_uri(path):
    """Un-quote, encode each segment, and always end with '/'."""
    segments = unquote(path or "/").split("/")
    uri = "/".join(_encode(segment) for segment in segments)
    if not uri.endswith("/"):
        uri += "/"
    return uri


def signed_header_names(headers):
    """Lower-cased, sorted names of the headers that take part in the signature."""
    return sorted(set(name.lower() for name in headers if "_" not in name))


def _is_json(headers):
    for name, value in headers.items():
        if name.lower() == "content-type":
            return "json" in (value or "").lower()
    # no content type at all: the body (if any) is treated as JSON bytes
    return True


def payload_hash(headers, body):
    for name, value in headers.items():
        if name.lower() == CONTENT_SHA_HEADER.lower() and value == UNSIGNED_PAYLOAD:
            return UNSIGNED_PAYLOAD
    if body is None:
        body = b""
    if not isinstance(body, bytes):
        body = body.encode("utf-8")
    return hashlib.sha256(body).hexdigest()


def canonical_request(method, path, query, headers, body):
    """Build the canonical request text (returned with the signed header list)."""
    lowered = {}
    for name, value in headers.items():
        lowered[name.lower()] = value
    names = signed_header_names(headers)
    header_block = "".join("%s:%s\n" % (name, str(lowered[name]).strip()) for name in names)
    signed = ";".join(names)
    text = "\n".join([
        method.upper(),
        canonical_uri(path),
        canonical_query(query),
        header_block,
        signed,
        payload_hash(headers, body),
    ])
    return text, signed


def string_to_sign(canonical, sdk_date):
    digest = hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    return "%s\n%s\n%s" % (ALGORITHM, sdk_date, digest)


def signature(secret_key, text):
    return hmac.new(secret_key.encode("utf-8"), text.encode("utf-8"), hashlib.sha256).hexdigest()


def sign_request(method, path, query, headers, body, access_key, secret_key,
                 security_token=None, now=None):
    """Return a new header dict with ``X-Sdk-Date`` and ``Authorization`` added.

    ``headers`` must already contain ``Host`` (as it will be sent) and every
    other header that should be signed. ``X-Sdk-Date`` is kept when the
    caller set it, otherwise taken from ``now`` (a UTC datetime) or the clock.
    Bodies that are not JSON are signed as ``UNSIGNED-PAYLOAD``. A
    ``security_token`` (temporary credentials) is sent, and signed, as
    ``X-Security-Token``.
    """
    signed_headers = dict(headers)
    if not any(name.lower() == DATE_HEADER.lower() for name in signed_headers):
        moment = now or datetime.datetime.now(datetime.timezone.utc)
        signed_headers[DATE_HEADER] = moment.strftime(DATE_FORMAT)
    if security_token:
        signed_headers[SECURITY_TOKEN_HEADER] = security_token
    if body and not _is_json(signed_headers):
        signed_headers[CONTENT_SHA_HEADER] = UNSIGNED_PAYLOAD
    sdk_date = [v for k, v in signed_headers.items() if k.lower() == DATE_HEADER.lower()][0]
    canonical, signed = canonical_request(method, path, query, signed_headers, body)
    sig = signature(secret_key, string_to_sign(canonical, sdk_date))
    signed_headers["Authorization"] = "%s Access=%s, SignedHeaders=%s, Signature=%s" % (
        ALGORITHM, access_key, signed, sig)
    return signed_headers
