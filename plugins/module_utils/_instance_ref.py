# -*- coding: utf-8 -*-
# Copyright (c) 2026, hwcloud.dms contributors
# Simplified BSD License (see https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause
#
# PRIVATE TO THE hwcloud.dms COLLECTION: this file is not a public API and may
# change without notice. Do not import it from outside this collection.
"""Resolve the ``instance`` option (a Kafka instance name or ID) to the instance.

Every sub-resource module (topics, users, ACLs, quotas, groups ...) takes
``instance`` and calls ``resolve_instance(client, module.params['instance'])``
once, before planning. One request in the common case:

- an ID (UUID form) -> ``GET /v2/{project_id}/instances/{id}`` (5.1.3);
- a name -> ``GET /v2/{project_id}/instances?engine=kafka&name=<ref>&exact_match_name=true``
  (5.1.2), then an exact, case-sensitive filter on the client side (the
  service's name filter is fuzzy unless ``exact_match_name`` is honoured).

A UUID-shaped value that is not an instance ID is then tried as a name
(instance names may look like UUIDs), so only the failure case costs a second
request.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible_collections.hwcloud.dms.plugins.module_utils._errors import (
    DmsApiError,
    DmsError,
    DmsParentNotFoundError,
)

#: argspec of the ``instance`` option every sub-resource module takes
INSTANCE_OPTION = dict(type="str", required=True)

#: the matching DOCUMENTATION text (paste under ``options:``; there is no doc fragment
#: for it yet, see the module docs)
INSTANCE_OPTION_DOC = r"""
  instance:
    description:
      - The Kafka instance, by name or by ID.
      - A value in UUID form is looked up as an instance ID first, then as a name.
      - A name must match exactly one instance of the project; when several instances
        share the name the module fails and lists their IDs, use the ID then.
    type: str
    required: true
"""

INSTANCE_PATH = "/v2/{project_id}/instances/{instance_id}"
INSTANCES_PATH = "/v2/{project_id}/instances"

_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\Z")
# the 5.1.2 listing accepts limit 1-50
_PAGE_LIMIT = 50


class InstanceNotFoundError(DmsParentNotFoundError):
    """No Kafka instance has this name or ID."""

    def __init__(self, ref):
        self.ref = ref
        super(InstanceNotFoundError, self).__init__("instance '%s'" % (ref,))

    def to_result(self):
        return {"instance": self.ref}


class AmbiguousInstanceError(DmsError):
    """Several Kafka instances share the name; the caller must give the ID."""

    def __init__(self, ref, ids):
        self.ref = ref
        self.ids = list(ids)
        super(AmbiguousInstanceError, self).__init__(
            "%d instances are named '%s': set instance to the ID of the one to manage (%s)"
            % (len(self.ids), ref, ", ".join(self.ids)))

    def to_result(self):
        return {"instance": self.ref, "instance_ids": list(self.ids)}


def is_instance_id(ref):
    """True when ``ref`` has the UUID form of an instance ID."""
    return bool(ref) and bool(_UUID.match(ref))


def _by_id(client, ref):
    try:
        return client.get(client.path(INSTANCE_PATH, instance_id=ref),
                          operation="get instance", resource=ref)
    except DmsApiError as err:
        if err.is_not_found:
            return None
        raise


def _by_name(client, ref):
    query = {"engine": "kafka", "name": ref, "exact_match_name": "true"}
    matches = []
    # normally one page; read on only if the service ignored exact matching
    for _body, items in client.iter_pages(client.path(INSTANCES_PATH), "instances", "instance_num",
                                          limit=_PAGE_LIMIT, query=query,
                                          operation="list instances", resource=ref):
        matches.extend(item for item in items if isinstance(item, dict) and item.get("name") == ref)
    return matches


def resolve_instance(client, ref):
    """Return the instance's API object (5.1.2/5.1.3 ShowInstanceResp) for a name or ID.

    Raises ``InstanceNotFoundError`` (0 matches) or ``AmbiguousInstanceError``
    (several instances with that name); API failures raise ``DmsApiError``.
    """
    ref = (ref or "").strip() if isinstance(ref, str) else ref
    if not ref:
        raise InstanceNotFoundError(ref)
    if is_instance_id(ref):
        instance = _by_id(client, ref)
        if instance:
            instance.setdefault("instance_id", ref)
            return instance
    matches = _by_name(client, ref)
    if not matches:
        raise InstanceNotFoundError(ref)
    if len(matches) > 1:
        raise AmbiguousInstanceError(ref, sorted(m.get("instance_id") or "?" for m in matches))
    return matches[0]


def resolve_instance_id(client, ref):
    """``resolve_instance(client, ref)['instance_id']``."""
    return resolve_instance(client, ref)["instance_id"]


# ----------------------------------------------------------------- for resource declarations
# The parent instance of a sub-resource module, looked up once per run through the engine
# context (``ctx.params["instance"]``, cached in ``ctx.cache["instance"]``).
def context_instance(ctx):
    """The instance object named by the module's ``instance`` option (resolved once per run)."""
    if "instance" not in ctx.cache:
        ctx.cache["instance"] = resolve_instance(ctx.client, ctx.params.get("instance"))
    return ctx.cache["instance"]


def context_instance_id(ctx):
    return context_instance(ctx)["instance_id"]


def instance_path(ctx, template, **values):
    """``template`` with ``{project_id}``, ``{instance_id}`` and ``values`` filled in."""
    return ctx.client.path(template, instance_id=context_instance_id(ctx), **values)


# ----------------------------------------------------------------- for info modules
#: argspec of the ``fail_on_missing`` option of every sub-resource info module
#: (documented by the ``hwcloud.dms.missing_instance`` doc fragment)
FAIL_ON_MISSING_OPTION = dict(type="bool", default=False)


def missing_instance(ctx, err):
    """An info module found no instance: fail with ``err`` under ``fail_on_missing``, else warn.

    The caller then returns its empty result. The warning names the instance, so an audit
    that asserts "no unexpected items" does not pass silently on a misspelled name.
    """
    if ctx.params.get("fail_on_missing"):
        raise err
    ctx.warn("instance '%s' not found: the result is empty. Check the name, or set "
             "fail_on_missing=true to fail instead." % (getattr(err, "ref", None) or ctx.params.get("instance"),))
