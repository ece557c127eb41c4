# -*- coding: utf-8 -*-
# Copyright (c) 2026, hwcloud.dms contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Shared fixtures: a scripted httpx.MockTransport and a client factory."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json

import httpx
import pytest

from ansible_collections.hwcloud.dms.plugins.module_utils._client import DmsClient


class ScriptedServer(object):
    """Answers requests from a list of responses / exceptions / callables, in order.

    ``routes`` (optional) maps ``(METHOD, path)`` to a callable ``request -> Response``
    and is tried before the script.
    """

    def __init__(self, script=None, routes=None):
        self.script = list(script or [])
        self.routes = dict(routes or {})
        self.requests = []

    def __call__(self, request):
        self.requests.append(request)
        route = self.routes.get((request.method, request.url.path))
        if route is not None:
            return route(request)
        if not self.script:
            raise AssertionError("unexpected request %s %s" % (request.method, request.url))
        step = self.script.pop(0)
        if isinstance(step, Exception):
            raise step
        if callable(step):
            return step(request)
        return step

    @property
    def transport(self):
        return httpx.MockTransport(self)


def reply(status=200, body=None, headers=None, text=None):
    headers = dict(headers or {})
    if text is not None:
        return httpx.Response(status, content=text.encode("utf-8"), headers=headers)
    if body is None:
        return httpx.Response(status, headers=headers)
    headers.setdefault("Content-Type", "application/json")
    return httpx.Response(status, content=json.dumps(body).encode("utf-8"), headers=headers)


@pytest.fixture
def make_client():
    """``make_client(server, **options)`` -> DmsClient with instant, recorded sleeps."""

    def factory(server, **options):
        defaults = dict(region="ap-southeast-1", project_id="pid123", access_key="AK",
                        secret_key="SK-SECRET-VALUE", transport=server.transport,
                        sleep=lambda seconds: None, rand=lambda: 1.0)
        defaults.update(options)
        return DmsClient(**defaults)

    return factory


@pytest.fixture
def diff_by_item():
    """The helper below, for tests outside this directory (specs/)."""
    return split_diff


def split_diff(diff):
    """A list-form diff as ``({name: before}, {name: after})``, for the items that existed
    before / exist after (the name is taken from the entry's header ``<kind> '<name>' (<action>)``)."""
    before, after = {}, {}
    for entry in diff:
        header = entry["before_header"]
        assert header == entry["after_header"]
        name = header[header.index("'") + 1:header.rindex("' (")]
        if entry["before"]:
            before[name] = entry["before"]
        if entry["after"]:
            after[name] = entry["after"]
    return before, after
