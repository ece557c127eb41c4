# -*- coding: utf-8 -*-
# Copyright (c) 2026, hwcloud.dms contributors
# Simplified BSD License (see https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause
#
# PRIVATE TO THE hwcloud.dms COLLECTION: this file is not a public API and may
# change without notice. Do not import it from outside this collection.
"""Declaration of topic permissions (ACLs) for the engine, plus the ``dms_kafka_acl_info`` reader.

One item is one topic and its list of ``{user, access_policy}`` grants.

API (reference section 5.6, SASL instances only):

- read: 5.6.5 ``GET /v1/{project_id}/instances/{instance_id}/topics/{topic_name}/accesspolicy``
  (one call per topic, made concurrently on the client's pool, only for the
  topics the run needs)
- write: 5.6.6 ``POST /v1/{project_id}/instances/{instance_id}/topics/accesspolicy``
  ``{"topics": [{"name", "policies": [{"user_name", "access_policy"}]}]}``:
  it REPLACES each listed topic's whole list (``[]`` removes every grant; as
  the Terraform provider uses it). Every changed topic goes in ONE request;
  the answer's ``job_id`` is waited for with 5.8.2.
- validation reads: one topic listing (5.4.5) and one user listing (5.6.1).

An item "exists" when its topic exists; for ``state: absent`` and ``purge``
only a topic that has at least one grant counts (removing its grants is the
delete), so those stay idempotent. ``mode: merge`` computes the full list
from the current one, since the API has no partial update.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy
import re

from ansible_collections.hwcloud.dms.plugins.module_utils._engine import (
    Field,
    ResourceSpec,
    UpdateStep,
    run_read_module,
)
from ansible_collections.hwcloud.dms.plugins.module_utils._errors import DmsApiError
from ansible_collections.hwcloud.dms.plugins.module_utils._instance_ref import (
    FAIL_ON_MISSING_OPTION,
    InstanceNotFoundError,
    missing_instance,
)
from ansible_collections.hwcloud.dms.plugins.module_utils._instance_ref import context_instance_id as instance_id
from ansible_collections.hwcloud.dms.plugins.module_utils._specs.topic import (
    INTERNAL_PREFIX,
    NAME_PATTERN as TOPIC_NAME_PATTERN,
    list_topics_plain,
)
from ansible_collections.hwcloud.dms.plugins.module_utils._specs.user import (
    SASL_OFF,
    USERS_PATH,
    SaslDisabledError,
    name_problem,
    sasl_instance,
)
from ansible_collections.hwcloud.dms.plugins.module_utils._waiters import wait_for_task

READ_PATH = "/v1/{project_id}/instances/{instance_id}/topics/{topic_name}/accesspolicy"
WRITE_PATH = "/v1/{project_id}/instances/{instance_id}/topics/accesspolicy"
ACCESS_POLICIES = ("all", "pub", "sub")
MODES = ("replace", "merge")
TOPIC_MISSING = "DMS.00400975"   # 8.2 "Failed to query topics."
WORKERS = 8


# --------------------------------------------------------------------------- normalisers
def norm_entry(entry):
    """One grant, from the user (``user``/``access_policy``/``state``) or the API
    (``user_name``/``access_policy``/``owner``): ``{user, access_policy}`` or
    ``{user, state: absent}``."""
    if not isinstance(entry, dict):
        return entry
    user = entry.get("user") if entry.get("user") is not None else entry.get("user_name")
    if entry.get("state") == "absent":
        return {"user": user, "state": "absent"}
    policy = entry.get("access_policy")
    return {"user": user, "access_policy": policy.lower() if isinstance(policy, str) else policy}


def norm_policies(value):
    """A policy list (order kept, duplicates kept so validation can name them)."""
    if value is None:
        return None
    if not isinstance(value, (list, tuple)):
        return value
    return [norm_entry(e) for e in value]


def canonical(policies):
    """The granted ``{user, access_policy}`` entries, sorted by user."""
    granted = {}
    for entry in policies or []:
        if isinstance(entry, dict) and entry.get("state") != "absent" and entry.get("user"):
            granted[entry["user"]] = entry.get("access_policy")
    return [{"user": u, "access_policy": granted[u]} for u in sorted(granted)]


def item_mode(item):
    mode = (item or {}).get("mode")
    return mode if mode in MODES else "replace"


def final_policies(current, wanted, mode):
    """The topic's complete list after applying ``wanted`` to ``current``.

    ``replace``: exactly the granted entries of ``wanted``. ``merge``: the
    current list, with ``wanted``'s users added or changed and its
    ``state: absent`` users removed.
    """
    if mode == "merge":
        granted = dict((e["user"], e["access_policy"]) for e in canonical(current))
        for entry in wanted or []:
            if not isinstance(entry, dict) or not entry.get("user"):
                continue
            if entry.get("state") == "absent":
                granted.pop(entry["user"], None)
            else:
                granted[entry["user"]] = entry.get("access_policy")
        return [{"user": u, "access_policy": granted[u]} for u in sorted(granted)]
    return canonical(wanted)


def policies_match(have, want, item):
    """``compare`` hook of ``policies``: does applying the item change nothing?"""
    return final_policies(have, want, item_mode(item)) == canonical(have)


def to_api_policies(policies):
    return [{"user_name": e["user"], "access_policy": e["access_policy"]}
            for e in canonical(policies)]


# --------------------------------------------------------------------------- validation
def _topic_problem(value, item=None):
    if not isinstance(value, str) or not re.match(TOPIC_NAME_PATTERN, value):
        return ("must be a topic name: 3 to 200 characters, starting with a letter; letters, "
                "digits, periods (.), underscores (_) and hyphens (-)")
    return None


def validate_item(item, ctx):
    """Rules of one present item (local, before any API call)."""
    errors = []
    policies = item.get("policies")
    if policies is None:
        return ["policies: is required (use policies=[] with mode=replace, or state=absent, to "
                "remove every permission of the topic)"]
    seen = {}
    for index, entry in enumerate(policies):
        where = "policies[%d]" % index
        if not isinstance(entry, dict):
            errors.append("%s: must be a dictionary with user and access_policy" % where)
            continue
        user = entry.get("user")
        if user in (None, ""):
            errors.append("%s.user: is required" % where)
            continue
        problem = name_problem(user)
        if problem:
            errors.append("%s.user: %s" % (where, problem))
        if user in seen:
            errors.append("%s.user: user '%s' is listed twice (same as policies[%d])"
                          % (where, user, seen[user]))
        else:
            seen[user] = index
        if entry.get("state") != "absent":
            policy = entry.get("access_policy")
            if policy is None:
                errors.append("%s.access_policy: is required (one of %s)"
                              % (where, ", ".join(ACCESS_POLICIES)))
            elif policy not in ACCESS_POLICIES:
                errors.append("%s.access_policy: must be one of: %s"
                              % (where, ", ".join(ACCESS_POLICIES)))
    return errors


# --------------------------------------------------------------------------- reading
def requested_states(ctx):
    """Topic name -> requested state, from the module params."""
    params = ctx.params
    if params.get("topics") is not None:
        items = params.get("topics") or []
    else:
        items = [{"topic": params.get("topic"), "state": params.get("state")}]
    out = {}
    for item in items:
        if isinstance(item, dict) and item.get("topic"):
            out.setdefault(item["topic"], item.get("state") or "present")
    return out


def _requested_users(ctx):
    """Users granted by some present item (those must exist)."""
    params = ctx.params
    items = params.get("topics") if params.get("topics") is not None else [params]
    users = set()
    for item in items or []:
        if not isinstance(item, dict) or (item.get("state") or "present") != "present":
            continue
        for entry in item.get("policies") or []:
            if isinstance(entry, dict) and entry.get("user") and entry.get("state") != "absent":
                users.add(entry["user"])
    return users


def read_policies(ctx, topic):
    """5.6.5 for one topic; None when the topic does not exist (any more)."""
    try:
        return ctx.client.get(ctx.client.path(READ_PATH, instance_id=instance_id(ctx),
                                              topic_name=topic),
                              operation="read permissions of topic", resource=topic) or {}
    except DmsApiError as err:
        if err.is_not_found or err.error_code == TOPIC_MISSING:
            return None
        if err.error_code == SASL_OFF:
            raise SaslDisabledError(ctx.params.get("instance"))
        raise


def read_users(ctx):
    """5.6.1 user names (one call)."""
    try:
        body = ctx.client.get(ctx.client.path(USERS_PATH, instance_id=instance_id(ctx)),
                              operation="list users", resource=ctx.params.get("instance")) or {}
    except DmsApiError as err:
        if err.error_code == SASL_OFF:
            raise SaslDisabledError(ctx.params.get("instance"))
        raise
    users = body.get("users") if isinstance(body, dict) else None
    return set(u.get("user_name") for u in users or [] if isinstance(u, dict))


def _api_object(topic, body):
    policies = [p for p in (body or {}).get("policies") or [] if isinstance(p, dict)]
    return {"name": topic, "policies": policies, "topic_type": (body or {}).get("topic_type")}


def list_acls(ctx):
    """The items this run needs: one topic listing, one user listing (when some
    grant must be checked) and 5.6.5 for each needed topic, concurrently.

    A requested present topic is returned whenever it exists; any other topic
    (``state: absent``, or unlisted under ``purge``) only when it has grants.
    """
    sasl_instance(ctx)
    if "topic_names" not in ctx.cache:
        names = [t.get("name") for t in list_topics_plain(ctx) if t.get("name")]
        ctx.cache["topic_names"] = names
    names = ctx.cache["topic_names"]
    existing = set(names)
    wanted = requested_states(ctx)
    if ctx.params.get("purge"):
        # purge considers only unprotected topics in the owned scope (owned_prefixes)
        owned = ctx.params.get("owned_prefixes")
        to_read = [n for n in names if n in wanted or (
            not n.startswith(INTERNAL_PREFIX)
            and (owned is None or any(n.startswith(prefix) for prefix in owned)))]
    else:
        to_read = [n for n in names if n in wanted]
    jobs = [("acl", n) for n in to_read]
    if "users" not in ctx.cache and _requested_users(ctx):
        jobs.append(("users", None))
    results = ctx.client.map_concurrent(
        lambda job: read_users(ctx) if job[0] == "users" else read_policies(ctx, job[1]),
        jobs, workers=WORKERS)
    objs = []
    for (kind, topic), body in zip(jobs, results):
        if kind == "users":
            ctx.cache["users"] = body
            continue
        if body is None or topic not in existing:
            continue
        obj = _api_object(topic, body)
        if wanted.get(topic) == "present" or obj["policies"]:
            objs.append(obj)
    return objs


# --------------------------------------------------------------------------- writing
def _send(ctx, entries):
    if not entries:
        return
    # absolute lists; a call with an unknown outcome is re-read by the engine
    answer = ctx.client.post(ctx.client.path(WRITE_PATH, instance_id=instance_id(ctx)),
                             {"topics": entries}, operation="set permissions of topics",
                             resource=", ".join(e["name"] for e in entries)) or {}
    job_id = answer.get("job_id") if isinstance(answer, dict) else None
    if job_id:
        ctx.cache["job_id"] = job_id
        ctx.cache["job_waited"] = False  # a new write (e.g. a re-merge) is waited for again
        ctx.extra["job_id"] = job_id


def grant_request(todo, deletes=()):
    """5.6.6 ``topics`` entries: every changed topic's full list, then ``[]`` for deletions."""
    entries = []
    for before, desired, _changed in todo:
        final = final_policies(before.get("policies"), desired.get("policies"), item_mode(desired))
        entries.append({"name": before["topic"], "policies": to_api_policies(final)})
    for view in deletes:
        entries.append({"name": view["topic"], "policies": []})
    return entries


def grant(ctx, todo):
    """Batch update step: ONE 5.6.6 call for every changed topic (and the deletions)."""
    deletes = list(ctx.cache.get("plan_deletes") or [])
    ctx.cache["deletes_sent"] = True
    _send(ctx, grant_request(todo, deletes))


def revoke(ctx, items):
    """Delete hook: remove every grant of the topics (unless ``grant`` already sent them)."""
    if ctx.cache.get("deletes_sent"):
        return
    _send(ctx, grant_request([], items))


def wait_job(ctx, *_args):
    """Wait (once per run) for the background task of the 5.6.6 call (5.8.2)."""
    job_id = ctx.cache.get("job_id")
    if not job_id or ctx.cache.get("job_waited"):
        return
    wait_for_task(ctx.client, instance_id(ctx), job_id, ctx.wait_timeout, waiter=ctx.waiter)
    ctx.cache["job_waited"] = True


def _prefix(label):
    return (label + ".") if label else ""


def check_plan(ctx, plan):
    """Topics and users must exist; checked on the whole plan before any write."""
    errors = []
    ref = ctx.params.get("instance")
    for d in plan.creates:
        errors.append("%stopic: topic '%s' does not exist on instance '%s'" % (
            _prefix(d.label), d.item["topic"], ref))
    users = ctx.cache.get("users")
    if users is not None:
        for d in list(plan.creates) + [u[1] for u in plan.updates]:
            for index, entry in enumerate(d.item.get("policies") or []):
                if entry.get("state") == "absent" or entry.get("user") in users:
                    continue
                errors.append("%spolicies[%d].user: user '%s' does not exist on instance '%s'" % (
                    _prefix(d.label), index, entry.get("user"), ref))
    ctx.cache["plan_deletes"] = list(plan.deletes)
    if errors and ctx.check_mode:
        # In a check-mode run the topics and users may be created by earlier tasks of
        # the same (also unapplied) run, as in a drift audit of a whole environment:
        # report the prerequisites as warnings and predict the grant.
        for message in errors:
            ctx.warn("%s (check mode: assuming an earlier task creates it)" % message)
        return []
    return errors


def predict(before, desired):
    """Check-mode after-state: the complete list the write would set."""
    current = (before or {}).get("policies")
    return {"topic": desired.get("topic"),
            "policies": final_policies(current, desired.get("policies"), item_mode(desired))}


def is_protected(item, ctx):
    """Purge never touches internal topics."""
    return str(item.get("topic") or "").startswith(INTERNAL_PREFIX)


# --------------------------------------------------------------------------- the declaration
FIELDS = [
    Field("topic", api="name", type="str", validators=[_topic_problem]),
    Field("policies", type=norm_policies, compare=policies_match,
          from_api=lambda o: canonical(norm_policies(o.get("policies")))),
]

ACL = ResourceSpec(
    "acl", "topics", FIELDS, list=list_acls, identity=("topic",), title="topic",
    # verify: 5.6.6 replaces the whole list, so a merge is a read-modify-write that a
    # concurrent task can undo; the engine re-reads and merges again (bounded)
    update_steps=[UpdateStep("grant", ["policies"], grant, batch=True, wait=wait_job,
                             verify=True)],
    delete=revoke, wait_delete=wait_job,
    validate=validate_item, check_plan=check_plan, predict=predict, protected=is_protected,
)

# --------------------------------------------------------------------------- item options (argspec)
POLICY_OPTIONS = dict(
    user=dict(type="str", required=True),
    access_policy=dict(type="str", choices=list(ACCESS_POLICIES)),
    state=dict(type="str", choices=["present", "absent"], default="present"),
)

ITEM_OPTIONS = dict(
    topic=dict(type="str", required=True, aliases=["name"]),
    policies=dict(type="list", elements="dict", options=POLICY_OPTIONS),
    mode=dict(type="str", choices=list(MODES), default="replace"),
)

MODULE_OPTIONS = dict(
    instance=dict(type="str", required=True),
    wait=dict(type="bool", default=True),
    wait_timeout=dict(type="int", default=1800),
)


def run_acl_module(module_class=None, client_factory=None, supports_check_mode=True):
    """``main()`` of dms_kafka_acl (check mode is always supported)."""
    if not supports_check_mode:
        raise ValueError("dms_kafka_acl always supports check mode")
    from ansible_collections.hwcloud.dms.plugins.module_utils._engine import run_module
    kwargs = {"mutually_exclusive": [["policies", "topics"], ["mode", "topics"]]}
    if module_class is not None:
        kwargs["module_class"] = module_class
    if client_factory is not None:
        kwargs["client_factory"] = client_factory
    return run_module(ACL, ITEM_OPTIONS, copy.deepcopy(MODULE_OPTIONS), **kwargs)


# --------------------------------------------------------------------------- info
INFO_OPTIONS = dict(
    instance=dict(type="str", required=True),
    fail_on_missing=copy.deepcopy(FAIL_ON_MISSING_OPTION),
    topic=dict(type="list", elements="str", aliases=["topics", "name"]),
    user=dict(type="str"),
)


def info_entry(entry):
    return {"user": entry.get("user_name"), "access_policy": entry.get("access_policy"),
            "owner": bool(entry.get("owner"))}


def collect_info(ctx, topics=None, user=None):
    """``(acls, warning)`` for dms_kafka_acl_info; never fails on "not found".

    ``topics``: only these topics (missing ones are left out); otherwise every
    topic of the instance. ``user``: only that user's grants, and only the
    topics where it has one.
    """
    try:
        sasl_instance(ctx)
        names = [t.get("name") for t in list_topics_plain(ctx) if t.get("name")]
    except InstanceNotFoundError as err:
        missing_instance(ctx, err)
        return [], None
    except SaslDisabledError as err:
        return [], str(err)
    except DmsApiError as err:
        if err.is_not_found:
            return [], None
        if err.error_code == SASL_OFF:
            return [], str(SaslDisabledError(ctx.params.get("instance")))
        raise
    if topics:
        existing = set(names)
        names = [t for t in dict.fromkeys(topics) if t in existing]
    bodies = ctx.client.map_concurrent(lambda t: read_policies(ctx, t), names, workers=WORKERS)
    out = []
    for topic, body in zip(names, bodies):
        if body is None:
            continue
        policies = [info_entry(p) for p in body.get("policies") or [] if isinstance(p, dict)]
        policies.sort(key=lambda p: str(p["user"]))
        if user is not None:
            policies = [p for p in policies if p["user"] == user]
            if not policies:
                continue
        out.append({"topic": topic, "policies": policies})
    return out, None


def run_acl_info_module(module_class=None, client_factory=None, supports_check_mode=True):
    """``main()`` of dms_kafka_acl_info (read-only: check mode is the same run)."""
    def read(ctx):
        acls, warning = collect_info(ctx, ctx.params.get("topic"), ctx.params.get("user"))
        return {"acls": acls}, warning

    return run_read_module(INFO_OPTIONS, read, module_class=module_class, client_factory=client_factory)
