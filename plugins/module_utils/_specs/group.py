# -*- coding: utf-8 -*-
# Copyright (c) 2026, hwcloud.dms contributors
# Simplified BSD License (see https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause
#
# PRIVATE TO THE hwcloud.dms COLLECTION: this file is not a public API and may
# change without notice. Do not import it from outside this collection.
"""Declaration of Kafka consumer groups for the engine, plus the ``dms_kafka_group_info`` reader.

API (reference section 5.5):

- list: 5.5.2 ``GET /v2/{project_id}/instances/{instance_id}/groups`` (all pages,
  ``limit`` at most 50); a group whose ``state`` is DEAD counts as gone
  (deviations.md, as the Terraform provider does);
- create: 5.5.4 ``POST /v2/{project_id}/kafka/instances/{instance_id}/group``
  (``group_name``, ``group_desc``; answers the plain text ``success``);
- description: the reference has no modify call; the official SDK changes ``group_desc``
  with ``PUT /v2/{engine}/{project_id}/instances/{instance_id}/groups/{group}``
  (``update_instance_consumer_group``, body ``group_name``/``group_desc``), the form used
  here (the Terraform provider uses the same path without the engine segment);
- delete: one group with 5.5.8 ``DELETE /v2/{engine}/.../groups/{group}``, several
  with 5.5.3 ``POST .../groups/batch-delete`` (``failed_groups`` checked);
- offset reset: 5.5.5 ``PUT /v2/kafka/{project_id}/instances/{instance_id}/groups/{group}/reset-message-offset``
  (PUT, as the SDK); the current offsets (5.5.6) are read only for the groups
  that ask for a reset, so a reset that is already in effect is not repeated;
- offsets deletion: 5.5.10 ``POST /v2/kafka/{project_id}/instances/{instance_id}/groups/{group}/delete-offset``
  (``topics``; a ``success`` flag per topic), declarative: the group's topics (5.5.9)
  are read first, only for the groups that ask for it;
- details: 5.5.1, summary 5.5.7, members 5.5.11, topics 5.5.9, offsets 5.5.6 (info).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy

from ansible_collections.hwcloud.dms.plugins.module_utils._engine import (
    Field,
    ResourceSpec,
    UpdateStep,
    run_read_module,
    normalise,
)
from ansible_collections.hwcloud.dms.plugins.module_utils._errors import (
    DmsApiError,
    DmsError,
)
from ansible_collections.hwcloud.dms.plugins.module_utils._instance_ref import (
    FAIL_ON_MISSING_OPTION,
    InstanceNotFoundError,
    context_instance,
    missing_instance,
    instance_path as _path,
)

GROUPS_PATH = "/v2/{project_id}/instances/{instance_id}/groups"
CREATE_PATH = "/v2/{project_id}/kafka/instances/{instance_id}/group"
BATCH_DELETE_PATH = "/v2/{project_id}/instances/{instance_id}/groups/batch-delete"
ENGINE_GROUP_PATH = "/v2/kafka/{project_id}/instances/{instance_id}/groups/{group}"
RESET_PATH = "/v2/kafka/{project_id}/instances/{instance_id}/groups/{group}/reset-message-offset"
DELETE_OFFSETS_PATH = "/v2/kafka/{project_id}/instances/{instance_id}/groups/{group}/delete-offset"
DETAILS_PATH = "/v2/{project_id}/instances/{instance_id}/management/groups/{group}"
OFFSETS_PATH = ENGINE_GROUP_PATH + "/message-offset"
MEMBERS_PATH = ENGINE_GROUP_PATH + "/members"
TOPICS_PATH = ENGINE_GROUP_PATH + "/topics"

#: 5.5.2 / 5.5.9 / 5.5.11 limit 1-50
PAGE = 50
WORKERS = 8
#: the console's rule (the reference gives none): 3-64 characters, a letter or ``_`` first
NAME_PATTERN = r"^[A-Za-z_][A-Za-z0-9._-]{2,63}\Z"
NAME_RULE = "3 to 64 characters: letters, digits, '.', '_' and '-', starting with a letter or '_'"
DESCRIPTION_MAX = 200
RESET_TO = ("earliest", "latest", "offset", "timestamp")
#: 5.5.5 clamps offsets to the log range: 0 is the earliest, Long.MAX the latest
LATEST = 9223372036854775807
GROUP_NOT_FOUND = "DMS.10240405"


class GroupDeleteError(DmsError):
    """The batch delete reported groups it could not delete."""

    def __init__(self, failed):
        self.failed = list(failed)
        super(GroupDeleteError, self).__init__(
            "failed to delete consumer group(s): %s" % ", ".join(
                "%s (%s)" % (f.get("group_id"), f.get("error_message") or "unknown error")
                for f in self.failed))

    def to_result(self):
        return {"failed_groups": [f.get("group_id") for f in self.failed]}


# --------------------------------------------------------------------------- context helpers
instance = context_instance


def is_dead(obj):
    return str((obj or {}).get("state") or "").upper() == "DEAD"


def _description(obj):
    value = obj.get("group_desc")
    return "" if value is None else value


# --------------------------------------------------------------------------- reset_offsets
def norm_reset(value):
    """reset_offsets: ``{topic, partition (None = all), to, value}`` with ints normalised."""
    if value is None or not isinstance(value, dict):
        return value
    if "offsets" in value and "to" not in value:
        # a view of the current offsets (see reset_view): kept as it is
        return {"topic": value.get("topic"), "offsets": list(value.get("offsets") or [])}
    out = {"topic": value.get("topic"), "to": value.get("to")}
    out["partition"] = normalise(value.get("partition"), "int")
    if out["partition"] == -1:
        out["partition"] = None
    out["value"] = normalise(value.get("value"), "int")
    return out


def _check_reset(value, item):
    if not isinstance(value, dict):
        return "must be a dict with topic, to and (for to=offset/timestamp) value"
    if not value.get("topic"):
        return "reset_offsets.topic is required"
    if value.get("to") not in RESET_TO:
        return "reset_offsets.to must be one of: %s" % ", ".join(RESET_TO)
    part = value.get("partition")
    if part is not None and (not isinstance(part, int) or isinstance(part, bool) or part < 0):
        return "reset_offsets.partition must be an integer >= 0 (leave it unset for every partition)"
    number = value.get("value")
    if value["to"] in ("offset", "timestamp"):
        if number is None:
            return "reset_offsets.value is required with to=%s" % value["to"]
        if not isinstance(number, int) or isinstance(number, bool) or number < 0:
            return "reset_offsets.value must be an integer >= 0"
    elif number is not None:
        return "reset_offsets.value is only used with to=offset or to=timestamp"
    return None


def reset_request(reset):
    """5.5.5 body for a normalised reset_offsets value."""
    body = {"topic": reset["topic"],
            "partition": -1 if reset.get("partition") is None else reset["partition"]}
    if reset["to"] == "timestamp":
        body["timestamp"] = reset["value"]
    elif reset["to"] == "offset":
        body["message_offset"] = reset["value"]
    elif reset["to"] == "earliest":
        body["message_offset"] = 0
    else:
        body["message_offset"] = LATEST
    return body


def offset_rows(body):
    """5.5.6 ``group_message_offsets`` -> ``[{topic, partition, offset, start, end}]`` (ints)."""
    rows = []
    for row in body or []:
        if not isinstance(row, dict):
            continue
        rows.append({
            "topic": row.get("topic"),
            "partition": normalise(row.get("partition"), "int"),
            "offset": normalise(row.get("message_current_offset"), "int"),
            "start": normalise(row.get("message_log_start_offset"), "int"),
            "end": normalise(row.get("message_log_end_offset"), "int"),
        })
    return rows


def reset_view(rows, wanted, partitions=None):
    """What ``reset_offsets`` compares: ``wanted`` when the offsets already are there.

    ``rows``: the group's committed offsets; ``partitions``: the topic's partition
    count when every partition is reset. A timestamp reset is never known to be in
    effect. Otherwise the view lists the current offsets of the topic.
    """
    wanted = norm_reset(wanted) or {}
    topic = wanted.get("topic")
    mine = [r for r in rows or [] if r.get("topic") == topic]
    if wanted.get("partition") is not None:
        mine = [r for r in mine if r.get("partition") == wanted["partition"]]
    current = {"topic": topic, "offsets": [{"partition": r["partition"], "offset": r["offset"]}
                                           for r in sorted(mine, key=lambda r: r["partition"])]}
    to = wanted.get("to")
    if not mine or to not in ("earliest", "latest", "offset"):
        return current
    if wanted.get("partition") is None and isinstance(partitions, int) and len(mine) < partitions:
        return current
    for r in mine:
        start = r["start"] if isinstance(r["start"], int) else 0
        end = r["end"] if isinstance(r["end"], int) else 0
        target = {"earliest": start, "latest": end}.get(to)
        if to == "offset":
            target = min(max(wanted.get("value") or 0, start), end)
        if r["offset"] != target:
            return current
    return dict(wanted)


# --------------------------------------------------------------------------- hooks
def requested_items(ctx):
    """The user's raw items by group name."""
    params = ctx.params
    if params.get("groups") is not None:
        items = params.get("groups") or []
    else:
        items = [dict((k, params.get(k)) for k in ("name", "state", "reset_offsets", "delete_offsets"))]
    out = {}
    for item in items:
        if isinstance(item, dict) and item.get("name"):
            out.setdefault(item["name"], item)
    return out


def read_all_groups(ctx):
    """5.5.2, every page; DEAD groups left out."""
    groups = ctx.client.paginate(_path(ctx, GROUPS_PATH), "groups", "total", limit=PAGE,
                                 operation="list consumer groups",
                                 resource=ctx.params.get("instance"))
    return [g for g in groups if isinstance(g, dict) and not is_dead(g)]


def _read_offsets(ctx, group, topic=None):
    query = {"topic": topic} if topic else None
    try:
        return ctx.client.paginate(_path(ctx, OFFSETS_PATH, group=group), "group_message_offsets",
                                   "total", limit=PAGE, query=query,
                                   operation="read offsets of consumer group", resource=group)
    except DmsApiError as err:
        if err.is_not_found:
            return []
        raise


def _topic_partitions(ctx, group, topic):
    """Partition count of ``topic`` as 5.5.9 reports it for the group (None when unknown)."""
    try:
        topics = ctx.client.paginate(_path(ctx, TOPICS_PATH, group=group), "topics", "total",
                                     limit=PAGE, query={"topic": topic},
                                     operation="read topics of consumer group", resource=group)
    except DmsApiError as err:
        if err.is_not_found:
            return None
        raise
    for entry in topics:
        if isinstance(entry, dict) and entry.get("topic") == topic:
            return normalise(entry.get("partitions"), "int")
    return None


def _group_topics(ctx, group):
    """5.5.9: the names of the topics the group has committed offsets for."""
    try:
        topics = ctx.client.paginate(_path(ctx, TOPICS_PATH, group=group), "topics", "total",
                                     limit=PAGE, operation="read topics of consumer group",
                                     resource=group)
    except DmsApiError as err:
        if err.is_not_found:
            return []
        raise
    return [t.get("topic") for t in topics if isinstance(t, dict) and t.get("topic")]


def _read_offset_topics(ctx, groups, wanted):
    """``_offset_topics``: the requested topics of ``delete_offsets`` the group still has offsets for."""
    need = [g for g in groups if g.get("group_id") in wanted
            and isinstance(wanted[g["group_id"]].get("delete_offsets"), list)
            and wanted[g["group_id"]].get("state", "present") != "absent"]
    if not need:
        return
    lists = ctx.client.map_concurrent(lambda g: _group_topics(ctx, g["group_id"]), need, workers=WORKERS)
    for group, topics in zip(need, lists):
        requested = wanted[group["group_id"]]["delete_offsets"]
        group["_offset_topics"] = [t for t in requested if t in set(topics)]


def _check_topics(value, item):
    if not isinstance(value, list) or not value:
        return "must be a non-empty list of topic names"
    if not all(isinstance(t, str) and t for t in value):
        return "every entry must be a topic name"
    if len(set(value)) != len(value):
        return "a topic is listed twice"
    return None


def list_groups(ctx):
    """5.5.2; the current offsets (5.5.6) only for groups whose item resets them, the topics
    (5.5.9) only for groups whose item deletes offsets."""
    groups = read_all_groups(ctx)
    wanted = requested_items(ctx)
    _read_offset_topics(ctx, groups, wanted)
    need = [g for g in groups if g.get("group_id") in wanted
            and isinstance(wanted[g["group_id"]].get("reset_offsets"), dict)
            and wanted[g["group_id"]].get("state", "present") != "absent"]
    if need:
        def read(group):
            reset = norm_reset(wanted[group["group_id"]]["reset_offsets"])
            rows = offset_rows(_read_offsets(ctx, group["group_id"], reset.get("topic")))
            count = None
            if reset.get("partition") is None and reset.get("to") in ("earliest", "latest", "offset"):
                count = _topic_partitions(ctx, group["group_id"], reset.get("topic"))
            return reset_view(rows, reset, count)

        views = ctx.client.map_concurrent(read, need, workers=WORKERS)
        for group, view in zip(need, views):
            group["_reset_offsets"] = view
    return groups


def create_group(ctx, desired):
    body = {"group_name": desired["name"]}
    if desired.get("description") is not None:
        body["group_desc"] = desired["description"]
    ctx.client.post(_path(ctx, CREATE_PATH), body, operation="create consumer group",
                    resource=desired["name"])
    if desired.get("reset_offsets") is not None:
        reset_group(ctx, None, desired, ["reset_offsets"])
    return None


def modify_description(ctx, before, desired, changed):
    """Not in the reference: the official SDK's form (PUT on the engine-scoped group, 204)."""
    ctx.client.put(_path(ctx, ENGINE_GROUP_PATH, group=desired["name"]),
                   {"group_name": desired["name"], "group_desc": desired["description"]},
                   operation="modify consumer group", resource=desired["name"])


def reset_group(ctx, before, desired, changed):
    """5.5.5 with PUT (the SDK's method); 204."""
    ctx.client.put(_path(ctx, RESET_PATH, group=desired["name"]),
                   reset_request(desired["reset_offsets"]),
                   operation="reset offsets of consumer group", resource=desired["name"])


def delete_offsets(ctx, before, desired, changed):
    """5.5.10 for the requested topics the group still has offsets for."""
    topics = [t for t in desired["delete_offsets"] if t in set(before.get("delete_offsets") or [])]
    name = desired["name"]
    # deleting offsets that are gone already does nothing: safe to resend
    answer = ctx.client.post(_path(ctx, DELETE_OFFSETS_PATH, group=name), {"topics": topics},
                             operation="delete offsets of consumer group", resource=name,
                             idempotent=True) or {}
    failed = [t for t in (answer.get("topics") or []) if isinstance(t, dict) and t.get("success") is False]
    if failed:
        raise DmsError("delete offsets of consumer group '%s' failed for topic(s) %s" % (
            name, ", ".join("%s (%s)" % (t.get("name"), t.get("error_code") or "unknown error")
                            for t in failed)))


def delete_groups(ctx, items):
    """One group: 5.5.8; several: one 5.5.3 batch call (``failed_groups`` checked)."""
    names = [item["name"] for item in items]
    if len(names) == 1:
        try:
            ctx.client.delete(_path(ctx, ENGINE_GROUP_PATH, group=names[0]),
                              operation="delete consumer group", resource=names[0])
        except DmsApiError as err:
            if not (err.is_not_found or err.error_code == GROUP_NOT_FOUND):
                raise
        return
    answer = ctx.client.post(_path(ctx, BATCH_DELETE_PATH), {"group_ids": names},
                             operation="delete consumer groups", resource=", ".join(names)) or {}
    failed = [f for f in (answer.get("failed_groups") or []) if isinstance(f, dict)
              and f.get("error_message") != "GROUP_ID_NOT_FOUND"]
    if failed:
        # a retried call reports groups it already deleted: look again
        still = set(g.get("group_id") for g in read_all_groups(ctx))
        failed = [f for f in failed if f.get("group_id") in still]
        if failed:
            raise GroupDeleteError(failed)


def check_plan(ctx, plan):
    """Offsets can only be reset or deleted while the group has no active members (EMPTY)."""
    errors = []
    for before, d, changed in plan.updates:
        for option, verb in (("delete_offsets", "deleted"), ("reset_offsets", "reset")):
            if option not in changed:
                continue
            raw = ctx.raw(before) or {}
            state = str(raw.get("state") or "").upper()
            if state and state != "EMPTY":
                errors.append("%s%s: consumer group '%s' is %s; offsets can only be %s "
                              "when the group is EMPTY (stop its consumers first)"
                              % ((d.label + ".") if d.label else "", option, d.item["name"], state, verb))
    return errors


def predict(before, desired):
    after = copy.deepcopy(before) if before is not None else {
        "name": desired["name"], "description": "", "reset_offsets": None, "state": "EMPTY",
        "coordinator_id": None, "lag": 0, "created_at": None}
    for key in ("description", "reset_offsets"):
        if desired.get(key) is not None:
            after[key] = copy.deepcopy(desired[key])
    if desired.get("delete_offsets") is not None:
        after["delete_offsets"] = []
    return after


FIELDS = [
    Field("name", api="group_id", type="str", pattern=NAME_PATTERN, rule=NAME_RULE),
    Field("description", api="group_desc", type="str", from_api=_description,
          max_length=DESCRIPTION_MAX, create_default=""),
    Field("reset_offsets", type=norm_reset, from_api=lambda o: o.get("_reset_offsets"),
          validators=[_check_reset], hide_unset=True),
    Field("delete_offsets", type="list", elements="str", from_api=lambda o: o.get("_offset_topics"),
          compare=lambda have, want, item: not have, validators=[_check_topics], hide_unset=True),
    Field("state", type="str", server_side=True, from_api=lambda o: str(o.get("state") or "").upper() or None),
    Field("coordinator_id", type="int", server_side=True),
    Field("lag", type="int", server_side=True),
    Field("created_at", api="createdAt", type="int", server_side=True),
]

GROUP = ResourceSpec(
    "group", "groups", FIELDS, list=list_groups, title="consumer group",
    create=create_group, delete=delete_groups,
    update_steps=[
        UpdateStep("description", ["description"], modify_description),
        UpdateStep("delete_offsets", ["delete_offsets"], delete_offsets),
        UpdateStep("reset_offsets", ["reset_offsets"], reset_group),
    ],
    check_plan=check_plan, predict=predict,
)

ITEM_OPTIONS = dict(
    name=dict(type="str", required=True),
    description=dict(type="str"),
    reset_offsets=dict(type="dict", options=dict(
        topic=dict(type="str", required=True),
        partition=dict(type="int"),
        to=dict(type="str", required=True, choices=list(RESET_TO)),
        value=dict(type="int"),
    )),
    delete_offsets=dict(type="list", elements="str"),
)

MODULE_OPTIONS = dict(
    instance=dict(type="str", required=True),
)


def run_group_module(module_class=None, client_factory=None):
    """``main()`` of dms_kafka_group."""
    from ansible_collections.hwcloud.dms.plugins.module_utils._engine import run_module
    kwargs = {}
    if module_class is not None:
        kwargs["module_class"] = module_class
    if client_factory is not None:
        kwargs["client_factory"] = client_factory
    return run_module(GROUP, ITEM_OPTIONS, MODULE_OPTIONS, **kwargs)


# --------------------------------------------------------------------------- info
INFO_INCLUDES = ("details", "summary", "members", "topics", "offsets")
INFO_OPTIONS = dict(
    instance=dict(type="str", required=True),
    fail_on_missing=copy.deepcopy(FAIL_ON_MISSING_OPTION),
    name=dict(type="list", elements="str", aliases=["names"]),
    include=dict(type="list", elements="str", choices=list(INFO_INCLUDES), default=[]),
)


def _safe(fn):
    def wrapped(arg):
        try:
            return fn(arg)
        except DmsApiError as err:
            if err.is_not_found or err.error_code == GROUP_NOT_FOUND:
                return None
            raise
    return wrapped


def collect_info(ctx, names=None, include=()):
    """The ``dms_kafka_group_info`` result; never fails on not found."""
    try:
        instance(ctx)
    except InstanceNotFoundError as err:
        missing_instance(ctx, err)
        return []
    try:
        raw = read_all_groups(ctx)
    except DmsApiError as err:
        if err.is_not_found:
            return []
        raise
    if names:
        wanted = set(names)
        raw = [g for g in raw if g.get("group_id") in wanted]
    views = []
    for obj in raw:
        view = GROUP.public(GROUP.from_api(obj))
        view.pop("reset_offsets", None)
        views.append(view)
    client = ctx.client
    readers = {
        "details": lambda g: (client.get(_path(ctx, DETAILS_PATH, group=g),
                                         operation="read consumer group", resource=g)
                              or {}).get("group"),
        "summary": lambda g: (client.get(_path(ctx, ENGINE_GROUP_PATH, group=g),
                                         operation="read consumer group summary", resource=g)
                              or {}).get("group"),
        "members": lambda g: client.paginate(_path(ctx, MEMBERS_PATH, group=g), "members", "total",
                                             limit=PAGE, operation="list members of consumer group",
                                             resource=g),
        "topics": lambda g: client.paginate(_path(ctx, TOPICS_PATH, group=g), "topics", "total",
                                            limit=PAGE, operation="list topics of consumer group",
                                            resource=g),
        "offsets": lambda g: client.paginate(_path(ctx, OFFSETS_PATH, group=g),
                                             "group_message_offsets", "total", limit=PAGE,
                                             operation="read offsets of consumer group",
                                             resource=g),
    }
    jobs = [(view, kind) for view in views for kind in INFO_INCLUDES if kind in set(include or ())]
    results = client.map_concurrent(lambda job: _safe(readers[job[1]])(job[0]["name"]), jobs,
                                    workers=WORKERS)
    for (view, kind), value in zip(jobs, results):
        if kind in ("details", "summary"):
            view[kind] = value or {}
        elif kind == "offsets":
            view[kind] = [dict(r, partition=normalise(r.get("partition"), "int"),
                               message_current_offset=normalise(r.get("message_current_offset"), "int"))
                          for r in value or [] if isinstance(r, dict)]
        else:
            view[kind] = value or []
    return views


def run_group_info_module(module_class=None, client_factory=None):
    """``main()`` of dms_kafka_group_info (read-only)."""
    def read(ctx):
        return {"groups": collect_info(ctx, ctx.params.get("name"), ctx.params.get("include"))}

    result = run_read_module(INFO_OPTIONS, read, module_class=module_class, client_factory=client_factory)
    return None if result is None else result["groups"]
