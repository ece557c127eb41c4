# -*- coding: utf-8 -*-
# Copyright (c) 2026, hwcloud.dms contributors
# Simplified BSD License (see https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause
#
# PRIVATE TO THE hwcloud.dms COLLECTION: this file is not a public API and may
# change without notice. Do not import it from outside this collection.
"""Declaration of Kafka topics for the engine, plus the ``dms_kafka_topic_info`` reader.

API (reference section 5.4):

- list: 5.4.5 ``GET .../instances/{instance_id}/topics`` (all pages, ``offset``/``limit``)
- create: 5.4.4 ``POST .../topics`` (one topic per call; request key ``id``)
- modify: 5.4.6 ``PUT .../topics`` (batch: every changed topic in ONE call;
  partitions grow with ``new_partition_numbers``)
- delete: 5.4.7 ``POST .../topics/delete`` (batch; answers 200 and a
  ``success`` flag per topic, which is checked)
- replica assignment: 5.4.2 ``POST .../management/topics/{topic}/replicas-reassignment``
  (204, no job: waited for by polling 5.4.10 until the assignment shows)
- automatic partition reassignment: 5.4.15 ``POST .../kafka/instances/{instance_id}/reassign``
  (``job_id``, waited for with 5.8.2)

Both reassignments are declarative per-topic options: the current placement is
read (5.4.10 details) only for the topics that set them, so an ordinary run
costs the instance lookup plus the listing pages.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy

from ansible_collections.hwcloud.dms.plugins.module_utils._engine import (
    Context,
    Field,
    ResourceSpec,
    UpdateStep,
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
    context_instance_id as instance_id,
    instance_path as _path,
)
from ansible_collections.hwcloud.dms.plugins.module_utils._waiters import wait_for_task

TOPICS_PATH = "/v2/{project_id}/instances/{instance_id}/topics"
DELETE_PATH = "/v2/{project_id}/instances/{instance_id}/topics/delete"
DETAILS_PATH = "/v2/{project_id}/instances/{instance_id}/management/topics/{topic}"
REPLICAS_PATH = ("/v2/{project_id}/instances/{instance_id}/management/topics/{topic}"
                 "/replicas-reassignment")
REASSIGN_PATH = "/v2/{project_id}/kafka/instances/{instance_id}/reassign"
PARTITIONS_PATH = "/v2/{project_id}/kafka/instances/{instance_id}/topics/{topic}/partitions"
PRODUCERS_PATH = "/v2/{project_id}/kafka/instances/{instance_id}/topics/{topic}/producers"
DISKUSAGE_PATH = "/v2/{project_id}/instances/{instance_id}/topics/diskusage"
BEGIN_OFFSET_PATH = ("/v2/{project_id}/instances/{instance_id}/management/topics/{topic}"
                     "/partitions/{partition}/beginning-message")
END_OFFSET_PATH = ("/v2/{project_id}/instances/{instance_id}/management/topics/{topic}"
                   "/partitions/{partition}/end-message")

#: 5.4.4: "3 to 200 characters, starts with a letter, ... letters, hyphens (-),
#: underscores (_), periods (.), and digits" (DMS.00400101 says 4-64 without
#: periods; the endpoint table wins)
NAME_PATTERN = r"^[A-Za-z][A-Za-z0-9._-]{2,199}\Z"
NAME_RULE = "3 to 200 characters: letters, digits, '.', '_' and '-', starting with a letter"
PARTITIONS_MIN, PARTITIONS_MAX = 1, 200          # 5.4.4 partition range
REPLICATION_MIN, REPLICATION_MAX = 1, 20         # DMS.00400103 "1-20"
RETENTION_MIN, RETENTION_MAX = 1, 720            # 5.4.4 retention_time, hours
MAX_MESSAGE_BYTES_MAX = 10485760                 # 5.4.5 valid_values [0...10485760]
TIMESTAMP_TYPES = ("CreateTime", "LogAppendTime")
INTERNAL_PREFIX = "__"
#: 5.4.5 states no maximum page size; a service answering "page size too large"
#: (DMS.10240042) is asked again with the common maximum of 50
LIST_PAGE = 100
LIST_PAGE_FALLBACK = 50
PAGE_TOO_LARGE = "DMS.10240042"
WORKERS = 8

#: module option -> topic config name (topic_other_configs)
OTHER_CONFIGS = {
    "message_timestamp_type": "message.timestamp.type",
    "max_message_bytes": "max.message.bytes",
}
#: options sent through the 5.4.6 batch modify call
MODIFY_FIELDS = ("partitions", "retention_time", "sync_replication", "sync_message_flush",
                 "description", "message_timestamp_type", "max_message_bytes")


class TopicDeleteError(DmsError):
    """The batch delete reported topics it could not delete."""

    def __init__(self, names):
        self.names = list(names)
        super(TopicDeleteError, self).__init__(
            "failed to delete topic(s): %s" % ", ".join(self.names))

    def to_result(self):
        return {"failed_topics": list(self.names)}


# --------------------------------------------------------------------------- normalisers
def _ints(values):
    return [normalise(v, "int") for v in (values or [])]


def norm_assignment(value):
    """replica_assignment: ``[{partition, replicas}]`` sorted by partition (replica order kept)."""
    if value is None:
        return None
    out = []
    for entry in value or []:
        if not isinstance(entry, dict):
            return value
        out.append({"partition": normalise(entry.get("partition"), "int"),
                    "replicas": _ints(entry.get("replicas"))})
    return sorted(out, key=lambda e: (str(type(e["partition"])), e["partition"]))


def norm_rebalance(value):
    """rebalance: ``{brokers: sorted set, replication_factor}`` (unset keys left out)."""
    if value is None:
        return None
    if not isinstance(value, dict):
        return value
    out = {}
    if value.get("brokers") is not None:
        out["brokers"] = sorted(set(_ints(value.get("brokers"))))
    if value.get("replication_factor") is not None:
        out["replication_factor"] = normalise(value.get("replication_factor"), "int")
    return out


def _other_config(name):
    def read(obj):
        for entry in obj.get("topic_other_configs") or []:
            if isinstance(entry, dict) and entry.get("name") == name:
                return entry.get("value")
        return None
    return read


def _description(obj):
    value = obj.get("topic_desc")
    return "" if value is None else value


def _internal(obj):
    return normalise(obj.get("topic_type"), "int") == 1 or str(obj.get("name") or "").startswith(
        INTERNAL_PREFIX)


# --------------------------------------------------------------------------- validation
def _check_assignment(value, item):
    if not isinstance(value, list):
        return "must be a list of {partition, replicas}"
    seen = set()
    sizes = set()
    for entry in value:
        part = entry.get("partition") if isinstance(entry, dict) else None
        replicas = entry.get("replicas") if isinstance(entry, dict) else None
        if not isinstance(part, int) or isinstance(part, bool) or part < 0:
            return "each entry needs partition (an integer >= 0)"
        if part in seen:
            return "partition %s is listed twice" % part
        seen.add(part)
        if not replicas:
            return "partition %s: replicas must list at least one broker ID" % part
        if any(not isinstance(b, int) or isinstance(b, bool) or b < 0 for b in replicas):
            return "partition %s: replicas must be broker IDs (integers >= 0)" % part
        if len(set(replicas)) != len(replicas):
            return "partition %s: replicas lists a broker twice" % part
        sizes.add(len(replicas))
    if len(sizes) > 1:
        return "all partitions must have the same number of replicas"
    partitions = item.get("partitions")
    if isinstance(partitions, int) and seen and max(seen) >= partitions:
        return "partition %s does not exist (the topic has %s partitions)" % (max(seen), partitions)
    return None


def _check_rebalance(value, item):
    if not isinstance(value, dict):
        return "must be a dict with brokers and optionally replication_factor"
    brokers = value.get("brokers")
    if not brokers:
        return "rebalance.brokers is required (the brokers to spread the partitions over)"
    if any(not isinstance(b, int) or isinstance(b, bool) or b < 0 for b in brokers):
        return "rebalance.brokers must be broker IDs (integers >= 0)"
    factor = value.get("replication_factor")
    if factor is not None:
        if not isinstance(factor, int) or isinstance(factor, bool) or factor < 1:
            return "rebalance.replication_factor must be an integer >= 1"
        if factor > len(brokers):
            return ("rebalance.replication_factor (%s) cannot be larger than the number of "
                    "rebalance.brokers (%s)" % (factor, len(brokers)))
    return None


def _check_brokers(value, item):
    if any(not isinstance(b, int) or isinstance(b, bool) or b < 0 for b in value or []):
        return "must be broker IDs (integers >= 0)"
    return None


def validate_item(item, ctx):
    """Cross-field rules of one item (local, before any API call)."""
    errors = []
    if item.get("new_partition_brokers") is not None and item.get("partitions") is None:
        errors.append("new_partition_brokers: requires partitions (the brokers are used only "
                      "for partitions added by increasing partitions)")
    if item.get("replica_assignment") is not None and item.get("rebalance") is not None:
        errors.append("replica_assignment and rebalance are mutually exclusive")
    rebalance = item.get("rebalance")
    if (isinstance(rebalance, dict) and item.get("replication") is not None
            and rebalance.get("replication_factor") is not None
            and rebalance["replication_factor"] != item["replication"]):
        errors.append("rebalance.replication_factor (%s) differs from replication (%s): set only "
                      "rebalance.replication_factor to change the replication factor"
                      % (rebalance["replication_factor"], item["replication"]))
    assignment = item.get("replica_assignment")
    if isinstance(assignment, list) and item.get("replication") is not None and assignment:
        size = len(assignment[0].get("replicas") or [])
        if size != item["replication"]:
            errors.append("replica_assignment: lists %s replicas per partition but replication "
                          "is %s" % (size, item["replication"]))
    return errors


# --------------------------------------------------------------------------- context helpers
instance = context_instance


def requested_items(ctx):
    """The user's items (raw params) by topic name."""
    params = ctx.params
    if params.get("topics") is not None:
        items = params.get("topics") or []
    else:
        keys = ("name", "state", "replica_assignment", "rebalance")
        items = [dict((k, params.get(k)) for k in keys)]
    out = {}
    for item in items:
        if isinstance(item, dict) and item.get("name"):
            out.setdefault(item["name"], item)
    return out


def read_details(ctx, name):
    """5.4.10 topic details (None when the topic is gone)."""
    try:
        return ctx.client.get(_path(ctx, DETAILS_PATH, topic=name),
                              operation="read topic details", resource=name)
    except DmsApiError as err:
        if err.is_not_found or err.error_code == "DMS.00400975":
            return None
        raise


def current_assignment(details):
    """``[{partition, replicas}]`` from 5.4.10 details, leader first."""
    out = []
    for part in (details or {}).get("partitions") or []:
        replicas = [r.get("broker") for r in part.get("replicas") or [] if isinstance(r, dict)]
        leader = part.get("leader")
        if leader in replicas:
            replicas = [leader] + [b for b in replicas if b != leader]
        out.append({"partition": part.get("partition"), "replicas": replicas})
    return norm_assignment(out)


def placement_view(assignment, wanted):
    """What ``rebalance`` compares: ``wanted`` when the placement already satisfies it."""
    used = sorted(set(b for entry in assignment or [] for b in entry["replicas"]))
    factors = set(len(entry["replicas"]) for entry in assignment or [])
    wanted = norm_rebalance(wanted) or {}
    ok = set(used) <= set(wanted.get("brokers") or [])
    if wanted.get("replication_factor") is not None:
        ok = ok and factors == set([wanted["replication_factor"]])
    if ok and assignment:
        return dict(wanted)
    view = {"brokers": used}
    if wanted.get("replication_factor") is not None:
        view["replication_factor"] = max(factors) if factors else None
    return view


def enrich(obj, details, wanted):
    """Add the placement views a topic's item asks for to its listing object."""
    assignment = current_assignment(details)
    if wanted.get("replica_assignment") is not None:
        parts = set(e.get("partition") for e in norm_assignment(wanted["replica_assignment"]) or [])
        obj["_replica_assignment"] = [e for e in assignment if e["partition"] in parts]
    if wanted.get("rebalance") is not None:
        obj["_rebalance"] = placement_view(assignment, wanted["rebalance"])
    return obj


# --------------------------------------------------------------------------- hooks
def list_topics(ctx):
    """5.4.5, every page; placement read (5.4.10) only for topics that manage it."""
    topics = read_all_topics(ctx)
    wanted = requested_items(ctx)
    need = [t for t in topics if t.get("name") in wanted and (
        wanted[t["name"]].get("replica_assignment") is not None
        or wanted[t["name"]].get("rebalance") is not None)
        and wanted[t["name"]].get("state", "present") != "absent"]
    if need:
        details = ctx.client.map_concurrent(lambda t: read_details(ctx, t["name"]), need,
                                            workers=WORKERS)
        for topic, detail in zip(need, details):
            enrich(topic, detail, wanted[topic["name"]])
    return topics


def create_request(desired):
    """5.4.4 body from the desired (normalised, option-named) values."""
    body = {"id": desired["name"]}
    for option, key in (("partitions", "partition"), ("replication", "replication"),
                        ("retention_time", "retention_time"),
                        ("sync_replication", "sync_replication"),
                        ("sync_message_flush", "sync_message_flush"),
                        ("description", "topic_desc")):
        if desired.get(option) is not None:
            body[key] = desired[option]
    configs = _configs(desired, OTHER_CONFIGS)
    if configs:
        body["topic_other_configs"] = configs
    return body


def _configs(desired, options):
    return [{"name": OTHER_CONFIGS[o], "value": str(desired[o])}
            for o in sorted(options) if o in OTHER_CONFIGS and desired.get(o) is not None]


def modify_entry(before, desired, changed):
    """One 5.4.6 ``topics[]`` entry carrying only what changed."""
    entry = {"id": desired["name"]}
    for option, key in (("retention_time", "retention_time"),
                        ("sync_replication", "sync_replication"),
                        ("sync_message_flush", "sync_message_flush"),
                        ("description", "topic_desc")):
        if option in changed:
            entry[key] = desired[option]
    if "partitions" in changed:
        entry["new_partition_numbers"] = desired["partitions"]
        if desired.get("new_partition_brokers"):
            entry["new_partition_brokers"] = list(desired["new_partition_brokers"])
    configs = _configs(desired, [o for o in changed if o in OTHER_CONFIGS])
    if configs:
        entry["topic_other_configs"] = configs
    return entry


def create_topic(ctx, desired):
    ctx.client.post(_path(ctx, TOPICS_PATH), create_request(desired),
                    operation="create topic", resource=desired["name"])
    if desired.get("replica_assignment") is not None:
        reassign_replicas(ctx, None, desired, ["replica_assignment"])
        if ctx.wait:
            wait_replicas(ctx, None, desired)
    if desired.get("rebalance") is not None:
        rebalance_topics(ctx, [(None, desired, ["rebalance"])])
    return None


def modify_topics(ctx, todo):
    body = {"topics": [modify_entry(before, desired, changed) for before, desired, changed in todo]}
    ctx.client.put(_path(ctx, TOPICS_PATH), body, operation="modify topics",
                   resource=", ".join(e["id"] for e in body["topics"]))


def reassign_replicas(ctx, before, desired, changed):
    body = {"partitions": [{"partition": e["partition"], "replicas": list(e["replicas"])}
                           for e in desired["replica_assignment"]]}
    ctx.client.post(_path(ctx, REPLICAS_PATH, topic=desired["name"]), body,
                    operation="reassign replicas of topic", resource=desired["name"])


def wait_replicas(ctx, before, desired):
    """5.4.2 has no job: poll the details until the assignment shows."""
    wanted = dict((e["partition"], e["replicas"]) for e in desired["replica_assignment"])

    def fetch():
        return current_assignment(read_details(ctx, desired["name"]))

    def ready(assignment):
        have = dict((e["partition"], e["replicas"]) for e in assignment or [])
        return all(have.get(p) == r for p, r in wanted.items())

    ctx.waiter.wait(fetch, ready, "replica reassignment of topic '%s'" % desired["name"],
                    ctx.wait_timeout, describe=repr)


def rebalance_topics(ctx, todo):
    """One 5.4.15 call for every topic whose placement must change; waits for its task."""
    reassignments = []
    for _before, desired, _changed in todo:
        entry = {"topic": desired["name"], "brokers": list(desired["rebalance"]["brokers"])}
        if desired["rebalance"].get("replication_factor") is not None:
            entry["replication_factor"] = desired["rebalance"]["replication_factor"]
        reassignments.append(entry)
    body = {"reassignments": reassignments, "time_estimate": False}
    if ctx.params.get("reassign_throttle") is not None:
        body["throttle"] = ctx.params["reassign_throttle"]
    answer = ctx.client.post(_path(ctx, REASSIGN_PATH), body, operation="reassign partitions",
                             resource=", ".join(e["topic"] for e in reassignments)) or {}
    job_id = answer.get("job_id") if isinstance(answer, dict) else None
    if job_id:
        ctx.extra["job_id"] = job_id
    if job_id and ctx.wait:
        wait_for_task(ctx.client, instance_id(ctx), job_id, ctx.wait_timeout, waiter=ctx.waiter)


def delete_topics(ctx, items):
    names = [item["name"] for item in items]
    answer = ctx.client.post(_path(ctx, DELETE_PATH), {"topics": names},
                             operation="delete topics", resource=", ".join(names)) or {}
    failed = [r.get("id") for r in (answer.get("topics") or []) if isinstance(r, dict)
              and r.get("success") is not True and str(r.get("success")).lower() != "true"]
    if failed:
        # a retried call reports already deleted topics as failures: look again
        still = set(t.get("name") for t in list_topics_plain(ctx))
        failed = [n for n in failed if n in still]
        if failed:
            raise TopicDeleteError(failed)


def read_all_topics(ctx):
    """Every page of 5.4.5; the first page's body (partition budget) goes to ``ctx.cache``."""
    for limit in (ctx.cache.get("page_limit") or LIST_PAGE, LIST_PAGE_FALLBACK):
        first = {}
        topics = []
        try:
            for body, items in ctx.client.iter_pages(
                    _path(ctx, TOPICS_PATH), "topics", "total", limit=limit,
                    operation="list topics", resource=ctx.params.get("instance")):
                if not first:
                    first = body if isinstance(body, dict) else {}
                topics.extend(t for t in items if isinstance(t, dict))
        except DmsApiError as err:
            if err.error_code == PAGE_TOO_LARGE and limit != LIST_PAGE_FALLBACK:
                ctx.cache["page_limit"] = LIST_PAGE_FALLBACK
                continue
            raise
        ctx.cache["listing"] = first
        return topics
    return []


def list_topics_plain(ctx):
    return read_all_topics(ctx)


def is_protected(item, ctx):
    """Purge never deletes internal topics (``__`` names or topic_type 1)."""
    raw = ctx.raw(item) or {}
    return str(item.get("name") or "").startswith(INTERNAL_PREFIX) or _internal(raw)


def check_plan(ctx, plan):
    """Rules needing the current state, checked on the whole plan before any write."""
    errors = []
    brokers = normalise(instance(ctx).get("broker_num"), "int")
    brokers = brokers if isinstance(brokers, int) else None

    def label(d):
        return (d.label + ".") if d.label else ""

    added = 0
    for d in plan.creates:
        rf = d.item.get("replication")
        if brokers and isinstance(rf, int) and rf > brokers:
            errors.append("%sreplication: topic '%s' asks for %s replicas but the instance has "
                          "%s brokers" % (label(d), d.item["name"], rf, brokers))
        if isinstance(d.item.get("partitions"), int):
            added += d.item["partitions"]
    for before, d, changed in plan.updates:
        if "partitions" in changed:
            have, want = before.get("partitions"), d.item["partitions"]
            if isinstance(have, int) and isinstance(want, int):
                if want < have:
                    errors.append("%spartitions: topic '%s' has %s partitions and cannot be "
                                  "decreased to %s (partitions can only be added)"
                                  % (label(d), d.item["name"], have, want))
                else:
                    added += want - have
    for d in plan.creates + [u[1] for u in plan.updates]:
        rf = (d.item.get("rebalance") or {}).get("replication_factor")
        if brokers and isinstance(rf, int) and rf > brokers:
            errors.append("%srebalance.replication_factor: topic '%s' asks for %s replicas but "
                          "the instance has %s brokers" % (label(d), d.item["name"], rf, brokers))
    remain = normalise((ctx.cache.get("listing") or {}).get("remain_partitions"), "int")
    if isinstance(remain, int) and added > remain:
        errors.append("partitions: the plan adds %s partitions but the instance has only %s "
                      "left" % (added, remain))
    return errors


def predict(before, desired):
    """Check-mode after-state."""
    after = copy.deepcopy(before) if before is not None else dict(
        (f.option, f.create_default) for f in TOPIC.fields if not f.write_only)
    for key, value in desired.items():
        f = TOPIC.by_option.get(key)
        if f is None or f.write_only or f.server_side:
            continue
        after[key] = copy.deepcopy(value)
    if before is None:
        after["internal"] = False
    return after


# --------------------------------------------------------------------------- the declaration
FIELDS = [
    Field("name", type="str", pattern=NAME_PATTERN, rule=NAME_RULE),
    Field("partitions", api="partition", type="int", min=PARTITIONS_MIN, max=PARTITIONS_MAX),
    Field("replication", type="int", create_only=True, min=REPLICATION_MIN, max=REPLICATION_MAX),
    Field("retention_time", type="int", min=RETENTION_MIN, max=RETENTION_MAX, create_default=72),
    Field("sync_replication", type="bool", create_default=False),
    Field("sync_message_flush", type="bool", create_default=False),
    Field("description", api="topic_desc", type="str", from_api=_description, max_length=200,
          create_default=""),
    Field("message_timestamp_type", type="str", choices=TIMESTAMP_TYPES, create_default="LogAppendTime",
          from_api=_other_config("message.timestamp.type")),
    Field("max_message_bytes", type="int", min=0, max=MAX_MESSAGE_BYTES_MAX, create_default=10485760,
          from_api=_other_config("max.message.bytes")),
    Field("new_partition_brokers", type="list", elements="int", write_only=True,
          validators=[_check_brokers]),
    Field("replica_assignment", type=norm_assignment, from_api=lambda o: o.get("_replica_assignment"),
          validators=[_check_assignment], hide_unset=True),
    Field("rebalance", type=norm_rebalance, from_api=lambda o: o.get("_rebalance"),
          validators=[_check_rebalance], hide_unset=True),
    Field("internal", type="bool", server_side=True, from_api=_internal),
    Field("created_at", type="int", server_side=True),
]

TOPIC = ResourceSpec(
    "topic", "topics", FIELDS, list=list_topics,
    create=create_topic, delete=delete_topics,
    update_steps=[
        UpdateStep("modify", MODIFY_FIELDS, modify_topics, batch=True),
        UpdateStep("replica_assignment", ["replica_assignment"], reassign_replicas,
                   wait=wait_replicas),
        UpdateStep("rebalance", ["rebalance"], rebalance_topics, batch=True),
    ],
    protected=is_protected, validate=validate_item, check_plan=check_plan, predict=predict,
)


# --------------------------------------------------------------------------- item options (argspec)
ITEM_OPTIONS = dict(
    name=dict(type="str", required=True),
    partitions=dict(type="int"),
    replication=dict(type="int"),
    retention_time=dict(type="int"),
    sync_replication=dict(type="bool"),
    sync_message_flush=dict(type="bool"),
    description=dict(type="str"),
    message_timestamp_type=dict(type="str", choices=list(TIMESTAMP_TYPES)),
    max_message_bytes=dict(type="int"),
    new_partition_brokers=dict(type="list", elements="int"),
    replica_assignment=dict(type="list", elements="dict", options=dict(
        partition=dict(type="int", required=True),
        replicas=dict(type="list", elements="int", required=True),
    )),
    rebalance=dict(type="dict", options=dict(
        brokers=dict(type="list", elements="int", required=True),
        replication_factor=dict(type="int"),
    )),
)

MODULE_OPTIONS = dict(
    instance=dict(type="str", required=True),
    reassign_throttle=dict(type="int"),
    wait=dict(type="bool", default=True),
    wait_timeout=dict(type="int", default=1800),
)


def run_topic_module(module_class=None, supports_check_mode=True):
    """``main()`` of dms_kafka_topic (check mode is always supported)."""
    if not supports_check_mode:
        raise ValueError("dms_kafka_topic always supports check mode")
    from ansible_collections.hwcloud.dms.plugins.module_utils._engine import run_module
    kwargs = {}
    if module_class is not None:
        kwargs["module_class"] = module_class
    return run_module(TOPIC, ITEM_OPTIONS, MODULE_OPTIONS, **kwargs)


# --------------------------------------------------------------------------- info
INFO_INCLUDES = ("details", "partitions", "producers", "disk_usage", "offsets")
INFO_OPTIONS = dict(
    instance=dict(type="str", required=True),
    fail_on_missing=copy.deepcopy(FAIL_ON_MISSING_OPTION),
    name=dict(type="list", elements="str", aliases=["names"]),
    include=dict(type="list", elements="str", choices=list(INFO_INCLUDES), default=[]),
)


def _missing(err):
    return isinstance(err, DmsApiError) and (err.is_not_found or err.error_code == "DMS.00400975")


def _safe(fn):
    def wrapped(*args):
        try:
            return fn(*args)
        except DmsApiError as err:
            if _missing(err):
                return None
            raise
    return wrapped


def disk_usage_by_topic(body):
    """5.2.7 broker_list -> ``{topic: [{broker_name, partition, size, percentage}]}``."""
    out = {}
    for broker in (body or {}).get("broker_list") or []:
        for entry in broker.get("topic_list") or []:
            out.setdefault(entry.get("topic_name"), []).append({
                "broker_name": broker.get("broker_name"),
                "partition": normalise(entry.get("topic_partition"), "int"),
                "size": entry.get("size"),
                "percentage": entry.get("percentage"),
            })
    return out


def collect_info(ctx, names=None, include=()):
    """The ``dms_kafka_topic_info`` result: ``(topics, disk_usage)``; never fails on not found."""
    try:
        instance(ctx)
    except InstanceNotFoundError as err:
        missing_instance(ctx, err)
        return [], None
    try:
        raw = list_topics_plain(ctx)
    except DmsApiError as err:
        if _missing(err):
            return [], None
        raise
    if names:
        wanted = set(names)
        raw = [t for t in raw if t.get("name") in wanted]
    views = [TOPIC.public(TOPIC.from_api(t)) for t in raw]
    for view in views:
        view.pop("rebalance", None)
        view.pop("replica_assignment", None)
    include = set(include or ())
    client = ctx.client
    jobs = []
    for view in views:
        topic = view["name"]
        if "details" in include:
            jobs.append((view, "details", _safe(lambda t: read_details(ctx, t)), topic))
        if "partitions" in include:
            jobs.append((view, "partitions", _safe(lambda t: client.paginate(
                _path(ctx, PARTITIONS_PATH, topic=t), "partitions", "total", limit=LIST_PAGE_FALLBACK,
                operation="list partitions of topic", resource=t)), topic))
        if "producers" in include:
            jobs.append((view, "producers", _safe(lambda t: client.paginate(
                _path(ctx, PRODUCERS_PATH, topic=t), "producers", "total", limit=LIST_PAGE_FALLBACK,
                operation="list producers of topic", resource=t)), topic))
        if "offsets" in include:
            for part in range(view.get("partitions") or 0):
                jobs.append((view, "offsets", _safe(lambda tp: _offsets(ctx, *tp)), (topic, part)))
    usage_body = None
    if "disk_usage" in include:
        jobs.append((None, "disk_usage", _safe(lambda _x: client.get(
            _path(ctx, DISKUSAGE_PATH), operation="read topic disk usage",
            resource=ctx.params.get("instance"))), None))
    results = client.map_concurrent(lambda job: job[2](job[3]), jobs, workers=WORKERS)
    for (view, kind, _fn, _arg), value in zip(jobs, results):
        if kind == "disk_usage":
            usage_body = value
        elif kind == "offsets":
            view.setdefault("offsets", [])
            if value is not None:
                view["offsets"].append(value)
        else:
            key = "partitions_info" if kind == "partitions" else kind
            view[key] = value if value is not None else ([] if kind != "details" else {})
    if "disk_usage" in include:
        by_topic = disk_usage_by_topic(usage_body)
        for view in views:
            view["disk_usage"] = by_topic.get(view["name"], [])
    return views, ((usage_body or {}).get("broker_list") if "disk_usage" in include else None)


def _offsets(ctx, topic, partition):
    begin = ctx.client.get(_path(ctx, BEGIN_OFFSET_PATH, topic=topic, partition=partition),
                           operation="read earliest offset of topic", resource=topic) or {}
    end = ctx.client.get(_path(ctx, END_OFFSET_PATH, topic=topic, partition=partition),
                         operation="read latest offset of topic", resource=topic) or {}
    return {"partition": partition,
            "earliest_offset": begin.get("offset"), "earliest_timestamp": begin.get("timestamp"),
            "latest_offset": end.get("offset"), "latest_timestamp": end.get("timestamp")}


def run_topic_info_module(module_class=None, supports_check_mode=True):
    """``main()`` of dms_kafka_topic_info (read-only: check mode is the same run)."""
    from ansible_collections.hwcloud.dms.plugins.module_utils._module import DmsKafkaModule
    kwargs = {}
    if module_class is not None:
        kwargs["module_class"] = module_class
    module = DmsKafkaModule(argument_spec=copy.deepcopy(INFO_OPTIONS),
                            supports_check_mode=supports_check_mode,
                            **kwargs)
    params = module.params
    try:
        ctx = Context(module.client, params, check_mode=module.check_mode, module=module)
        topics, usage = collect_info(ctx, params.get("name"), params.get("include"))
    except DmsError as err:
        module.fail_from_error(err)
        return None
    result = {"changed": False, "topics": topics}
    if usage is not None:
        result["disk_usage"] = usage
    module.exit_json(**result)
    return result
