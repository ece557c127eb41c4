# -*- coding: utf-8 -*-
# Copyright (c) 2026, hwcloud.dms contributors
# Simplified BSD License (see https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause
#
# PRIVATE TO THE hwcloud.dms COLLECTION: this file is not a public API and may
# change without notice. Do not import it from outside this collection.
"""HTTP client for Huawei Cloud DMS for Kafka (and the bits of IAM it needs).

Pure python over httpx: no Ansible imports, so it is unit-tested with
``httpx.MockTransport`` (pass ``transport=``). One ``DmsClient`` (hence one
connection pool) per module run.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import errno
import json
import random as _random
import re
import socket
import ssl
import threading
import time
import traceback

from urllib.parse import quote, urlsplit

try:
    import httpx
    HAS_HTTPX = True
    HTTPX_IMPORT_ERROR = None
except ImportError:
    httpx = None
    HAS_HTTPX = False
    HTTPX_IMPORT_ERROR = traceback.format_exc()

from ansible_collections.hwcloud.dms.plugins.module_utils._errors import (
    FLOW_CONTROL,
    INSTANCE_BUSY,
    DmsAmbiguousWriteError,
    DmsApiError,
    DmsConfigError,
    DmsTransportError,
)
from ansible_collections.hwcloud.dms.plugins.module_utils._signer import (
    canonical_query,
    sign_request,
)

COLLECTION_VERSION = "0.1.0"
USER_AGENT = "hwcloud.dms/%s" % COLLECTION_VERSION

# HTTP statuses retried for every method, with why:
RETRY_STATUSES = frozenset([
    429,  # Too Many Requests: throttled; the answer carries Retry-After
    502,  # Bad Gateway: the API gateway could not reach a DMS backend
    503,  # Service Unavailable: backend overloaded or restarting
    504,  # Gateway Timeout: the gateway gave up waiting for the backend
])
# (status, error_code) pairs retried for every method:
RETRY_ERROR_CODES = frozenset([
    (404, FLOW_CONTROL),  # DMS reports flow control as 404 DMS.10240407, not 429
])

# Statuses whose write may have been applied although the answer is an error: a write
# answered with one of them is never sent again blindly (``DmsAmbiguousWriteError``).
AMBIGUOUS_STATUSES = frozenset([502, 503, 504])

BACKOFF_BASE = 1.0
BACKOFF_CAP = 15.0
RETRY_AFTER_CAP = 60.0
MAX_BUSY_WAITS = 3
#: default bound, in seconds, of all attempts of one call (``deadline`` option)
DEFAULT_DEADLINE = 60.0
#: connecting never waits longer than this (a silent host fails fast, then is retried)
CONNECT_TIMEOUT_CAP = 10.0

_WRITE_METHODS = ("POST", "PUT", "DELETE", "PATCH")
_INSTANCE_IN_PATH = re.compile(r"/instances/([^/?]+)|/kafka/([0-9a-fA-F-]{36})(?:/|$)")
_PLACEHOLDER = re.compile(r"\{([a-zA-Z_][a-zA-Z0-9_]*)\}")


def backoff_delay(attempt, retry_after=None, rand=_random.random,
                  base=BACKOFF_BASE, cap=BACKOFF_CAP):
    """Delay before retry number ``attempt`` (0-based).

    ``Retry-After`` (seconds) wins when the server sent it. Otherwise the
    exponential value ``min(cap, base * 2**attempt)`` with "equal jitter":
    somewhere between half of it and all of it (``rand() == 1.0`` gives the
    un-jittered sequence 1, 2, 4, 8, 15, 15 ...).
    """
    if retry_after is not None:
        return min(max(retry_after, 0.0), RETRY_AFTER_CAP)
    delay = min(cap, base * (2 ** attempt))
    return delay / 2.0 + rand() * delay / 2.0


def _retry_after_seconds(response):
    value = response.headers.get("Retry-After")
    if not value:
        return None
    try:
        return float(value.strip())
    except ValueError:
        return None  # HTTP-date form: fall back to the exponential delay


def _certificate_error(exc):
    """The ``ssl.SSLCertVerificationError`` behind a transport error, or None.

    httpx wraps it (``httpx.ConnectError`` <- ``httpcore.ConnectError(<ssl error>)``),
    so the cause/context chain and the exception arguments are searched.
    """
    for err in _causes(exc):
        if isinstance(err, ssl.SSLCertVerificationError):
            return err
    return None


def _causes(exc):
    """``exc`` and every exception behind it (cause/context chain and arguments)."""
    seen = set()
    todo = [exc]
    while todo:
        err = todo.pop()
        if err is None or id(err) in seen:
            continue
        seen.add(id(err))
        yield err
        todo.extend([err.__cause__, err.__context__])
        todo.extend(arg for arg in getattr(err, "args", ()) if isinstance(arg, BaseException))


_DNS_TEXT = ("name or service not known", "nodename nor servname", "temporary failure in name "
             "resolution", "no address associated", "name resolution", "getaddrinfo failed")


def describe_transport_error(exc):
    """``(what happened, hint)`` for a transport exception, in words."""
    text = " ".join(str(e) for e in _causes(exc)).lower()
    if any(isinstance(e, socket.gaierror) for e in _causes(exc)) or any(t in text for t in _DNS_TEXT):
        return "DNS lookup failed", "check region or endpoint"
    if (any(isinstance(e, ConnectionRefusedError) for e in _causes(exc))
            or "connection refused" in text or "errno %d" % errno.ECONNREFUSED in text):
        return "connection refused", "check endpoint (nothing listens on that host and port)"
    if httpx is not None and isinstance(exc, (httpx.ConnectTimeout, httpx.PoolTimeout)):
        return "connect timed out", "check endpoint, proxy and firewall"
    if httpx is not None and isinstance(exc, httpx.TimeoutException):
        return ("no answer in time", "the endpoint accepts connections but does not answer; "
                "check endpoint, proxy and firewall, or raise timeout and deadline")
    if httpx is not None and isinstance(exc, (httpx.RemoteProtocolError, httpx.ReadError,
                                              httpx.WriteError)):
        return ("connection dropped before a complete answer (%s)" % exc,
                "the service or a proxy closed it; check endpoint and proxy")
    if httpx is not None and isinstance(exc, httpx.ConnectError):
        return "cannot connect (%s)" % exc, "check endpoint"
    return "connection failed (%s: %s)" % (type(exc).__name__, exc), "check endpoint"


def _not_sent(exc):
    """True when the request never left: retrying it cannot apply a write twice."""
    return httpx is not None and isinstance(exc, (httpx.ConnectError, httpx.ConnectTimeout,
                                                  httpx.PoolTimeout))


def _secs(value):
    return "%.0f s" % value if value >= 10 else "%.1f s" % value


def _base_url(url, default_scheme="https"):
    url = (url or "").strip().rstrip("/")
    if "://" not in url:
        url = "%s://%s" % (default_scheme, url)
    return url


class DmsClient(object):
    """Client for the DMS for Kafka REST API.

    Authentication, in order of precedence: AK/SK signing (``access_key`` +
    ``secret_key``, optional ``security_token``), a ready ``auth_token``, or
    an IAM password token (``iam_username`` + ``iam_password`` +
    ``domain_name``) obtained once and cached. ``project_id`` is resolved
    once from IAM when not given.

    ``sleep`` and ``rand`` are injectable so tests can assert the backoff
    sequence without waiting. ``wait_instance_ready(instance_id)`` (optional)
    is called when a write answers ``400 DMS.00400026`` (instance busy);
    the call is then retried (at most ``MAX_BUSY_WAITS`` times).
    """

    def __init__(self, region=None, project_id=None, endpoint=None, iam_endpoint=None,
                 access_key=None, secret_key=None, security_token=None, auth_token=None,
                 iam_username=None, iam_password=None, domain_name=None,
                 validate_certs=True, ca_path=None, timeout=30.0, max_retries=5,
                 transport=None, sleep=time.sleep, rand=_random.random,
                 wait_instance_ready=None, on_secret=None, user_agent=USER_AGENT,
                 deadline=DEFAULT_DEADLINE, clock=time.monotonic):
        if not HAS_HTTPX:
            raise DmsConfigError("the python library httpx is required")
        if not region and not endpoint:
            raise DmsConfigError("one of region or endpoint is required")
        self.region = region
        self.endpoint = _base_url(endpoint or "dms.%s.myhuaweicloud.com" % region)
        self.iam_endpoint = _base_url(iam_endpoint) if iam_endpoint else (
            _base_url("iam.%s.myhuaweicloud.com" % region) if region else None)
        self._project_id = project_id or None
        self.access_key = access_key
        self.secret_key = secret_key
        self.security_token = security_token
        self.iam_username = iam_username
        self.iam_password = iam_password
        self.domain_name = domain_name
        self._token = auth_token or None
        if access_key and secret_key:
            self.auth_method = "aksk"
        elif auth_token:
            self.auth_method = "token"
        elif iam_username and iam_password:
            self.auth_method = "password"
        else:
            raise DmsConfigError(
                "no credentials: set access_key and secret_key, or auth_token, or "
                "iam_username, iam_password and domain_name")
        if self.auth_method == "password" and not self.iam_endpoint:
            raise DmsConfigError("iam_endpoint or region is required to obtain an IAM token")
        if not self._project_id and not (self.region and self.iam_endpoint):
            raise DmsConfigError("project_id is required when region is not set")
        self.validate_certs = validate_certs
        self.ca_path = ca_path
        self.timeout = float(timeout) if timeout else 30.0
        self.max_retries = int(max_retries if max_retries is not None else 5)
        self.deadline = float(deadline) if deadline else None
        self._clock = clock
        self.user_agent = user_agent
        self.wait_instance_ready = wait_instance_ready
        self._transport = transport
        self._sleep = sleep
        self._rand = rand
        self._on_secret = on_secret
        self._http = None
        self._lock = threading.RLock()
        self._count_lock = threading.Lock()
        #: requests sent to DMS, per method (each retry counts)
        self.request_counts = {}
        #: requests sent to IAM, per method
        self.iam_request_counts = {}
        #: every delay slept by the retry logic, in order (for tests/benchmarks)
        self.slept = []
        #: every retry, in order: ``{request, attempt, reason, delay}`` (no secret:
        #: ``request`` is the method, host and path, without the query)
        self.retries = []

    # ------------------------------------------------------------------ setup
    @classmethod
    def from_params(cls, params, **kwargs):
        """Build a client from the module's connection options (``_argspec``)."""
        names = ("region", "project_id", "endpoint", "iam_endpoint", "access_key", "secret_key",
                 "security_token", "auth_token", "iam_username", "iam_password", "domain_name",
                 "validate_certs", "ca_path", "timeout", "max_retries", "deadline")
        options = dict((name, params.get(name)) for name in names if params.get(name) is not None)
        options.update(kwargs)
        return cls(**options)

    def bind(self, wait_instance_ready=None, on_secret=None):
        """Attach a new run's callbacks to a client kept for several runs (the
        controller path reuses one client, its pool and its token, across runs)."""
        self.wait_instance_ready = wait_instance_ready
        self._on_secret = on_secret
        if on_secret and self._token:
            on_secret(self._token)
        return self

    def _client(self):
        if self._http is None:
            with self._lock:
                if self._http is None:
                    options = {"timeout": self._timeout(self.timeout), "follow_redirects": False}
                    if self._transport is not None:
                        options["transport"] = self._transport
                    else:
                        options["verify"] = self._ssl_verify()
                    self._http = httpx.Client(**options)
        return self._http

    @staticmethod
    def _timeout(seconds):
        return httpx.Timeout(seconds, connect=min(seconds, CONNECT_TIMEOUT_CAP))

    def _ssl_verify(self):
        if not self.validate_certs:
            return False
        if self.ca_path:
            import os
            import ssl
            if os.path.isdir(self.ca_path):
                return ssl.create_default_context(capath=self.ca_path)
            return ssl.create_default_context(cafile=self.ca_path)
        return True

    def close(self):
        if self._http is not None:
            self._http.close()
            self._http = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # --------------------------------------------------------------- counters
    def _count(self, table, method):
        with self._count_lock:
            table[method] = table.get(method, 0) + 1

    @property
    def total_requests(self):
        return sum(self.request_counts.values())

    @property
    def write_requests(self):
        """Mutating requests sent to DMS (check mode must keep this at 0)."""
        return sum(n for m, n in self.request_counts.items() if m in _WRITE_METHODS)

    # ------------------------------------------------------------- identity
    @property
    def project_id(self):
        if not self._project_id:
            with self._lock:
                if not self._project_id:
                    self._resolve_project_id()
        return self._project_id

    def _resolve_project_id(self):
        if self.auth_method == "password":
            self._get_token()  # the token answer usually names the project
            if self._project_id:
                return
        data = self._iam_request("GET", "/v3/projects", {"name": self.region},
                                 operation="resolve project id", resource=self.region)
        projects = (data or {}).get("projects") or []
        for project in projects:
            if project.get("name") == self.region and project.get("id"):
                self._project_id = project["id"]
                return
        if len(projects) == 1 and projects[0].get("id"):
            self._project_id = projects[0]["id"]
            return
        raise DmsConfigError("no IAM project named '%s' is visible to these credentials; "
                             "set project_id" % self.region)

    def _get_token(self):
        if self._token:
            return self._token
        with self._lock:
            if self._token:
                return self._token
            if self.region:
                scope = {"project": {"name": self.region}}
            else:
                scope = {"project": {"id": self._project_id}}
            user = {"name": self.iam_username, "password": self.iam_password}
            if self.domain_name:
                user["domain"] = {"name": self.domain_name}
            body = {"auth": {"identity": {"methods": ["password"], "password": {"user": user}},
                             "scope": scope}}
            response = self._iam_request("POST", "/v3/auth/tokens", None, body,
                                         operation="obtain IAM token", resource=self.iam_username,
                                         raw=True, idempotent=True)
            token = response.headers.get("X-Subject-Token")
            if not token:
                raise DmsApiError(response.status_code, None,
                                  "IAM answered without an X-Subject-Token header",
                                  response.headers.get("X-Request-Id"), "obtain IAM token",
                                  self.iam_username)
            if self._on_secret:
                self._on_secret(token)
            self._token = token
            try:
                project = response.json()["token"]["project"]
                if not self._project_id and project.get("id"):
                    self._project_id = project["id"]
            except (ValueError, KeyError, TypeError):
                pass
            return token

    def prepare(self):
        """Resolve the token and project id now (done before starting threads)."""
        if self.auth_method == "password":
            self._get_token()
        return self.project_id

    # --------------------------------------------------------------- paths
    def path(self, template, **values):
        """Fill ``{project_id}`` and any ``{name}`` placeholder (values are URL-quoted)."""
        def repl(match):
            key = match.group(1)
            if key == "project_id" and key not in values:
                return self.project_id
            if key not in values or values[key] is None:
                raise DmsConfigError("missing value for {%s} in %s" % (key, template))
            return quote(str(values[key]), safe="")
        return _PLACEHOLDER.sub(repl, template)

    # ------------------------------------------------------------ transport
    def _headers(self, host, dms):
        headers = {"Content-Type": "application/json", "User-Agent": self.user_agent, "Host": host}
        if dms:
            headers["X-Project-Id"] = self.project_id
        return headers

    def _send(self, method, base, path, query, body, dms, timeout=None):
        qs = canonical_query(query)
        url = base + path + ("?" + qs if qs else "")
        if body is None:
            content = b""
        elif isinstance(body, bytes):
            content = body
        elif isinstance(body, str):
            content = body.encode("utf-8")
        else:
            content = json.dumps(body).encode("utf-8")
        headers = self._headers(urlsplit(base).netloc, dms)
        if self.auth_method == "aksk":
            headers = sign_request(method, path, query, headers, content,
                                   self.access_key, self.secret_key, self.security_token)
        elif dms or path != "/v3/auth/tokens":
            headers["X-Auth-Token"] = self._get_token()
        self._count(self.request_counts if dms else self.iam_request_counts, method)
        # ``content`` is passed even when empty so signed and sent bytes agree
        extra = {} if timeout is None else {"timeout": self._timeout(timeout)}
        return self._client().request(method, url, content=content or None, headers=headers,
                                      **extra)

    def _iam_request(self, method, path, query=None, body=None, operation=None, resource=None,
                     raw=False, idempotent=None):
        if not self.iam_endpoint:
            raise DmsConfigError("iam_endpoint or region is required for %s" % operation)
        return self._request(method, self.iam_endpoint, path, query, body, operation, resource,
                             idempotent, True, None, raw, dms=False)

    def request(self, method, path, query=None, body=None, operation=None, resource=None,
                idempotent=None, retry=True, instance_id=None, raw=False):
        """Send one API call with retries; return decoded JSON, text, or None.

        - ``path`` may contain ``{project_id}`` (filled in automatically).
        - ``query`` is a dict or list of pairs; it is sent exactly as signed.
        - ``operation``/``resource`` name the call in error messages
          (``"create topic"``, ``"orders"``).
        - ``idempotent``: may connection errors/timeouts be retried? Defaults
          to True for GET only. A non-idempotent call that fails without an
          HTTP answer raises ``DmsAmbiguousWriteError``.
        - ``retry=False`` disables every retry (and busy-instance waits, which
          only writes do).
        - ``instance_id`` is the instance to wait for on ``DMS.00400026``;
          taken from the path when omitted.
        """
        method = method.upper()
        if "{" in path:
            path = self.path(path)
        return self._request(method, self.endpoint, path, query, body, operation, resource,
                             idempotent, retry, instance_id, raw, dms=True)

    def _request(self, method, base, path, query, body, operation, resource, idempotent,
                 retry, instance_id, raw, dms):
        """Send with retries, all attempts bounded by ``deadline``.

        Retried for every method: answers that say the call was not applied
        (429, flow control) and connections that were never made (refused,
        DNS, connect timeout). Retried for reads (and ``idempotent=True``)
        only: timeouts, dropped connections and 502/503/504. A write whose
        outcome is unknown raises ``DmsAmbiguousWriteError``: its caller
        re-reads instead of sending it again.
        """
        if idempotent is None:
            idempotent = method in ("GET", "HEAD")
        place = "%s %s%s" % (method, base, path)
        started = self._clock()
        attempt = 0
        busy_waits = 0
        while True:
            remaining = self._remaining(started)
            timeout = None if remaining is None else max(min(self.timeout, remaining), 0.1)
            try:
                response = self._send(method, base, path, query, body, dms, timeout)
            except (httpx.TimeoutException, httpx.TransportError) as exc:
                cert_error = _certificate_error(exc)
                if cert_error is not None:
                    # deterministic, and nothing was sent: neither retried nor ambiguous
                    raise DmsTransportError(
                        "TLS certificate verification of %s failed: %s (set ca_path to the CA "
                        "bundle that signed it, or validate_certs to false)" % (base, cert_error),
                        operation, resource)
                what, hint = describe_transport_error(exc)
                safe = idempotent or _not_sent(exc)
                if retry and safe and self._may_retry(attempt, started, None, place, what):
                    attempt += 1
                    continue
                spent = self._clock() - started
                reason = "%s: %s (%d attempt%s in %s); %s" % (
                    place, what, attempt + 1, "" if attempt == 0 else "s", _secs(spent), hint)
                if safe:
                    raise DmsTransportError(reason, operation, resource)
                raise DmsAmbiguousWriteError(
                    reason + "; the request may or may not have been applied", operation, resource)
            status = response.status_code
            if status < 400:
                return response if raw else self._decode(response)
            error = DmsApiError.from_response(status, response.content, response.headers,
                                              operation, resource)
            ambiguous = status in AMBIGUOUS_STATUSES and not idempotent
            if (retry and not ambiguous and self.is_retryable(error)
                    and self._may_retry(attempt, started, _retry_after_seconds(response), place,
                                        "HTTP %s%s" % (status, (" " + error.error_code)
                                                       if error.error_code else ""))):
                attempt += 1
                continue
            if ambiguous:
                raise DmsAmbiguousWriteError(
                    "%s: HTTP %s%s%s; the request may or may not have been applied" % (
                        place, status, (" " + error.error_code) if error.error_code else "",
                        (" " + error.message) if error.message else ""), operation, resource,
                    status=status, error_code=error.error_code, request_id=error.request_id)
            # Busy instance: a write waits for RUNNING and is sent again. A read is not:
            # reads that the service refuses on a busy (or Kafka Manager-less) instance
            # are handled by their callers, and waiting would only cost time.
            if (retry and dms and method != "GET" and error.error_code == INSTANCE_BUSY
                    and self.wait_instance_ready and busy_waits < MAX_BUSY_WAITS):
                target = instance_id or self._instance_from_path(path)
                if target:
                    self.wait_instance_ready(target)
                    busy_waits += 1
                    started = self._clock()  # the wait is bounded by wait_timeout, not deadline
                    continue
            if attempt:
                error.attempts = attempt + 1
            raise error

    def _remaining(self, started):
        if self.deadline is None:
            return None
        return self.deadline - (self._clock() - started)

    def _may_retry(self, attempt, started, retry_after, place, reason):
        """Pause before retry ``attempt + 1`` if allowed (count and deadline); record it."""
        if attempt >= self.max_retries:
            return False
        delay = backoff_delay(attempt, retry_after, self._rand)
        remaining = self._remaining(started)
        if remaining is not None and delay >= remaining:
            return False
        self.retries.append({"request": place, "attempt": attempt + 1, "reason": reason,
                             "delay": round(delay, 3)})
        self._pause(delay)
        return True

    @staticmethod
    def is_retryable(error):
        return error.status in RETRY_STATUSES or (error.status, error.error_code) in RETRY_ERROR_CODES

    @staticmethod
    def _instance_from_path(path):
        match = _INSTANCE_IN_PATH.search(path)
        if not match:
            return None
        return match.group(1) or match.group(2)

    def _pause(self, seconds):
        self.slept.append(seconds)
        self._sleep(seconds)

    @staticmethod
    def _decode(response):
        content = response.content
        if response.status_code == 204 or not content or not content.strip():
            return None
        try:
            return json.loads(content)
        except ValueError:
            return response.text.strip()

    # ------------------------------------------------------------ shortcuts
    def get(self, path, query=None, **kwargs):
        return self.request("GET", path, query=query, **kwargs)

    def post(self, path, body=None, query=None, **kwargs):
        return self.request("POST", path, query=query, body=body, **kwargs)

    def put(self, path, body=None, query=None, **kwargs):
        return self.request("PUT", path, query=query, body=body, **kwargs)

    def delete(self, path, body=None, query=None, **kwargs):
        return self.request("DELETE", path, query=query, body=body, **kwargs)

    # ----------------------------------------------------------- pagination
    def iter_pages(self, path, items_key, total_key=None, limit=50, offset_param="offset",
                   limit_param="limit", start=0, by="offset", query=None, max_pages=1000,
                   **kwargs):
        """Yield ``(page_body, items)`` for each page of a listing.

        ``by="offset"``: ``offset_param`` counts records (start at ``start``,
        advance by the number of items received). ``by="page"``: it counts
        pages (start at ``start``, 0 or 1, advance by one). Stops on an empty
        page, when ``total_key`` says everything was read, or (no total) on a
        page shorter than ``limit``. Query values go on the wire as text, so
        "offset as string" and "offset as integer" endpoints are the same.
        """
        if by not in ("offset", "page"):
            raise ValueError("by must be 'offset' or 'page'")
        position = start
        seen = 0
        for _page in range(max_pages):
            params = dict(query or {})
            params[offset_param] = position
            params[limit_param] = limit
            body = self.get(path, query=params, **kwargs) or {}
            items = (body.get(items_key) or []) if isinstance(body, dict) else []
            yield body, items
            seen += len(items)
            total = _as_int(body.get(total_key)) if total_key and isinstance(body, dict) else None
            if not items:
                return
            if total is not None:
                if seen >= total:
                    return
            elif len(items) < limit:
                return
            position = position + (len(items) if by == "offset" else 1)

    def paginate(self, path, items_key, total_key=None, **kwargs):
        """Read every page and return the concatenated items (see ``iter_pages``)."""
        result = []
        for _body, items in self.iter_pages(path, items_key, total_key, **kwargs):
            result.extend(items)
        return result

    # ---------------------------------------------------------- concurrency
    def map_concurrent(self, fn, items, workers=8):
        """``[fn(item) for item in items]`` on up to ``workers`` threads.

        Results keep the input order; the first failing item (in input order)
        re-raises its exception. Threads share this client's connection pool.
        Meant for reads; keep writes sequential.
        """
        items = list(items)
        if len(items) <= 1 or workers <= 1:
            return [fn(item) for item in items]
        self.prepare()
        self._client()
        from concurrent.futures import ThreadPoolExecutor
        with ThreadPoolExecutor(max_workers=min(workers, len(items))) as pool:
            futures = [pool.submit(fn, item) for item in items]
            try:
                return [future.result() for future in futures]
            except BaseException:
                for future in futures:
                    future.cancel()
                raise


def _as_int(value):
    if value is None or isinstance(value, bool):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
