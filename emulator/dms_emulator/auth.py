"""Request authentication as the service does it: AK/SK signatures or IAM tokens.

The verifier rebuilds the SDK-HMAC-SHA256 canonical request from what was
received (raw path, raw query string, the headers named in SignedHeaders and
the body bytes) and compares signatures in constant time.
"""

from __future__ import annotations

import calendar
import hashlib
import hmac
import re
import secrets
import time
from typing import Dict, List, Optional, Tuple
from urllib.parse import quote, unquote

ALGORITHM = "SDK-HMAC-SHA256"
EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()
TOKEN_TTL = 24 * 3600

_AUTH_RE = re.compile(
    r"^SDK-HMAC-SHA256\s+Access=(?P<ak>[^,\s]+),\s*SignedHeaders=(?P<sh>[^,\s]+),\s*Signature=(?P<sig>[0-9a-fA-F]+)\s*\Z"
)


class AuthFailure(Exception):
    def __init__(self, code: str, msg: str):
        super().__init__(msg)
        self.code = code
        self.msg = msg


def _encode(value: str) -> str:
    # Unreserved characters stay as they are, everything else is %XX (space -> %20, * -> %2A).
    return quote(value, safe="~")


def canonical_uri(raw_path: str) -> str:
    segments = [_encode(unquote(s)) for s in raw_path.split("/")]
    uri = "/".join(segments)
    return uri if uri.endswith("/") else uri + "/"


def canonical_query(raw_query: str) -> str:
    if not raw_query:
        return ""
    pairs: List[Tuple[str, str]] = []
    for part in raw_query.split("&"):
        if not part:
            continue
        key, _, value = part.partition("=")
        pairs.append((unquote(key.replace("+", "%20")), unquote(value.replace("+", "%20"))))
    pairs.sort()
    return "&".join("%s=%s" % (_encode(k), _encode(v)) for k, v in pairs)


def string_to_sign(method: str, raw_path: str, raw_query: str, headers: Dict[str, str],
                   signed_headers: List[str], body: bytes) -> Tuple[str, str]:
    """Return (canonical request, string to sign) for the given request parts."""
    if headers.get("x-sdk-content-sha256") == "UNSIGNED-PAYLOAD":
        payload_hash = "UNSIGNED-PAYLOAD"
    else:
        payload_hash = hashlib.sha256(body or b"").hexdigest()
    canonical_headers = "".join("%s:%s\n" % (h, headers.get(h, "").strip()) for h in signed_headers)
    canonical = "\n".join([
        method.upper(),
        canonical_uri(raw_path),
        canonical_query(raw_query),
        canonical_headers,
        ";".join(signed_headers),
        payload_hash,
    ])
    sts = "\n".join([ALGORITHM, headers.get("x-sdk-date", ""), hashlib.sha256(canonical.encode()).hexdigest()])
    return canonical, sts


def sign(secret_key: str, sts: str) -> str:
    return hmac.new(secret_key.encode(), sts.encode(), hashlib.sha256).hexdigest()


def parse_sdk_date(value: str) -> Optional[float]:
    try:
        return float(calendar.timegm(time.strptime(value, "%Y%m%dT%H%M%SZ")))
    except (TypeError, ValueError):
        return None


def verify_signature(method: str, raw_path: str, raw_query: str, headers: Dict[str, str], body: bytes,
                     credentials: Dict[str, str], now: float, max_skew: float) -> str:
    """Check an AK/SK signed request; return the access key or raise ``AuthFailure``."""
    auth = headers.get("authorization", "")
    match = _AUTH_RE.match(auth)
    if not match:
        raise AuthFailure("DMS.10240101", "Invalid token. The Authorization header is not a valid SDK-HMAC-SHA256 signature.")
    ak = match.group("ak")
    secret = credentials.get(ak)
    if secret is None:
        raise AuthFailure("DMS.10240101", "Invalid token. The access key is unknown.")
    sdk_date = headers.get("x-sdk-date")
    if not sdk_date:
        raise AuthFailure("DMS.10240103", "Missing token. The X-Sdk-Date header is required for AK/SK authentication.")
    ts = parse_sdk_date(sdk_date)
    if ts is None:
        raise AuthFailure("DMS.10240101", "Invalid token. X-Sdk-Date must be in the form YYYYMMDDTHHMMSSZ.")
    if abs(now - ts) > max_skew:
        raise AuthFailure("DMS.10240102", "Expired token. X-Sdk-Date is more than 15 minutes from the server time.")
    signed = match.group("sh").lower().split(";")
    if "host" not in signed or "host" not in headers:
        raise AuthFailure("DMS.10240103", "Missing token. The Host header must be present and signed.")
    for name in signed:
        if name not in headers:
            raise AuthFailure("DMS.10240101", "Invalid token. Signed header %s is missing from the request." % name)
    _, sts = string_to_sign(method, raw_path, raw_query, headers, signed, body)
    expected = sign(secret, sts)
    if not hmac.compare_digest(expected, match.group("sig").lower()):
        raise AuthFailure("DMS.10240101", "Invalid token. The request signature does not match.")
    return ak


def new_token() -> str:
    return "MII" + secrets.token_urlsafe(48)
