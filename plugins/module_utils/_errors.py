# -*- coding: utf-8 -*-
# Copyright (c) 2026, hwcloud.dms contributors
# Simplified BSD License (see https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause
#
# PRIVATE TO THE hwcloud.dms COLLECTION: this file is not a public API and may
# change without notice. Do not import it from outside this collection.
"""Typed errors raised by the client, the waiters and the engine.

Utilities raise these; only ``_module.DmsKafkaModule.fail_from_error`` turns
them into ``fail_json``. Messages never contain request headers, request
bodies or credentials.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json

# Huawei error codes with a meaning the client or engine acts on.
FLOW_CONTROL = "DMS.10240407"      # throttling, answered as HTTP 404
INSTANCE_BUSY = "DMS.00400026"     # operation not allowed in the current instance status
INSTANCE_NOT_FOUND = "DMS.00404022"

# keys tried in order when reading an error body: (code key, message key)
_ERROR_KEYS = (
    ("error_code", "error_msg"),
    ("error_code", "error_message"),
    ("errorCode", "errorMsg"),
    ("code", "message"),
)

_MAX_TEXT = 300


class DmsError(Exception):
    """Base class of every error of this collection."""

    def to_result(self):
        """Extra keys for ``fail_json`` (never secrets)."""
        return {}


class DmsConfigError(DmsError):
    """Bad or missing connection options, detected before any request."""


class DmsParentNotFoundError(DmsError):
    """The parent a sub-resource belongs to (e.g. its Kafka instance) does not exist.

    ``parent`` describes it for messages (``instance 'demo-kafka'``). In check
    mode the engine treats the parent as created by an earlier task of the same
    run and predicts every declared item as created.
    """

    def __init__(self, parent, message=None):
        self.parent = parent
        super(DmsParentNotFoundError, self).__init__(message or "%s not found" % parent)


class DmsValidationError(DmsError):
    """Local validation failed; nothing was sent to the API.

    ``errors`` is the list of individual messages (each naming the item and
    field, e.g. ``topics[2].partition: must be between 1 and 200``).
    """

    def __init__(self, errors):
        if isinstance(errors, str):
            errors = [errors]
        self.errors = list(errors)
        super(DmsValidationError, self).__init__("; ".join(self.errors))

    def to_result(self):
        return {"errors": list(self.errors)}


class DmsApiError(DmsError):
    """An API call failed (HTTP error status, or transport failure if status is None)."""

    def __init__(self, status, error_code=None, message=None, request_id=None,
                 operation=None, resource=None):
        self.status = status
        self.error_code = error_code
        self.message = message
        self.request_id = request_id
        self.operation = operation
        self.resource = resource
        super(DmsApiError, self).__init__(self.__str__())

    @classmethod
    def from_response(cls, status, body, headers=None, operation=None, resource=None):
        """Build the error from a response status, body (bytes/str/dict) and headers."""
        code, message = parse_error_body(body)
        request_id = None
        if headers:
            for name in ("X-Request-Id", "x-request-id", "X-Openstack-Request-Id"):
                value = headers.get(name)
                if value:
                    request_id = value
                    break
        if not message:
            message = _reason(status)
        return cls(status, code, message, request_id, operation, resource)

    @property
    def is_not_found(self):
        """True for a genuine 404 (flow control also answers 404 but is not 'not found')."""
        return self.status == 404 and self.error_code != FLOW_CONTROL

    def _prefix(self):
        prefix = self.operation or "request"
        if self.resource is not None and self.resource != "":
            prefix += " '%s'" % (self.resource,)
        return prefix + " failed"

    def __str__(self):
        parts = [self._prefix() + ":"]
        if self.status is not None:
            parts.append("HTTP %s" % self.status)
        text = self.message or ""
        if self.error_code:
            parts.append("%s:" % self.error_code)
        if text:
            parts.append(text)
        line = " ".join(parts)
        if self.request_id:
            line += " (request id %s)" % self.request_id
        return line

    def to_result(self):
        result = {"status": self.status, "error_code": self.error_code,
                  "request_id": self.request_id}
        return result


class DmsTransportError(DmsApiError):
    """No usable HTTP response (connection refused/reset, timeout, TLS error)."""

    def __init__(self, message, operation=None, resource=None):
        super(DmsTransportError, self).__init__(None, None, message, None, operation, resource)


class DmsAmbiguousWriteError(DmsTransportError):
    """A write may or may not have been applied: the connection failed after the
    request was sent, or the answer was 502/503/504.

    Never retried by the client: the engine re-reads the resource and only
    writes again when the change is not visible.
    """

    def __init__(self, message, operation=None, resource=None, status=None, error_code=None,
                 request_id=None):
        super(DmsAmbiguousWriteError, self).__init__(message, operation, resource)
        #: the error answer (502/503/504) when there was one; the message names it
        self.http_status = status
        self.http_error_code = error_code
        self.http_request_id = request_id


class DmsWaitError(DmsError):
    """Base for waiter errors."""

    def __init__(self, what, last_state, message):
        self.what = what
        self.last_state = last_state
        super(DmsWaitError, self).__init__(message)

    def to_result(self):
        return {"last_state": self.last_state}


class DmsWaitTimeout(DmsWaitError):
    """The awaited condition was not reached in time."""

    def __init__(self, what, last_state, timeout):
        self.timeout = timeout
        super(DmsWaitTimeout, self).__init__(
            what, last_state,
            "timed out after %ss waiting for %s (last state: %s)" % (_num(timeout), what, last_state))


class DmsWaitFailed(DmsWaitError):
    """The awaited object reached a failure state (fail fast)."""

    def __init__(self, what, last_state):
        super(DmsWaitFailed, self).__init__(
            what, last_state, "%s failed: reached state %s" % (what, last_state))


def _num(value):
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _reason(status):
    reasons = {400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found",
               405: "Method Not Allowed", 409: "Conflict", 429: "Too Many Requests",
               500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable",
               504: "Gateway Timeout"}
    return reasons.get(status)


def parse_error_body(body):
    """Return ``(error_code, message)`` from an error body; both may be None.

    Accepts bytes, text or an already decoded dict. Non-JSON bodies yield
    ``(None, <first characters of the text>)``.
    """
    data = body
    if isinstance(body, bytes):
        try:
            body = body.decode("utf-8")
        except UnicodeDecodeError:
            body = body.decode("latin-1")
    if isinstance(body, str):
        text = body.strip()
        if not text:
            return None, None
        try:
            data = json.loads(text)
        except ValueError:
            return None, _shorten(" ".join(text.split()))
    if isinstance(data, dict):
        # some gateways wrap the error: {"error": {"code": ..., "message": ...}}
        if isinstance(data.get("error"), dict):
            data = data["error"]
        for code_key, msg_key in _ERROR_KEYS:
            if code_key in data or msg_key in data:
                code = data.get(code_key)
                message = None
                for key in (msg_key, "error_msg", "error_message", "errorMsg", "message"):
                    if data.get(key):
                        message = data.get(key)
                        break
                return (str(code) if code is not None else None,
                        _shorten(str(message)) if message is not None else None)
        return None, None
    if data is None:
        return None, None
    return None, _shorten(str(data))


def _shorten(text):
    if len(text) > _MAX_TEXT:
        return text[:_MAX_TEXT] + "..."
    return text
