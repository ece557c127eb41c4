# -*- coding: utf-8 -*-
# Copyright (c) 2026, hwcloud.dms contributors
# Simplified BSD License (see https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause
#
# PRIVATE TO THE hwcloud.dms COLLECTION: this file is not a public API and may
# change without notice. Do not import it from outside this collection.
"""Messages of a topic: ``dms_kafka_message`` (produce, delete) and ``dms_kafka_message_info``.

API (reference sections 5.4.3 and 5.7):

- produce: 5.4.3 ``POST /v2/{project_id}/instances/{instance_id}/messages/action?action_id=send``
  with ``topic``, ``body`` and ``property_list`` (``KEY``, ``PARTITION``); one message per
  request; the answer carries no partition or offset;
- delete: 5.7.6 ``DELETE /v2/{project_id}/kafka/instances/{instance_id}/topics/{topic}/messages``
  with ``partitions: [{partition, offset}]`` (the messages before ``offset`` go), declarative:
  the partition's earliest offset (5.7.4) is read first;
- read: 5.7.2 one message by partition and offset, 5.7.3 metadata of the messages in a time
  period, 5.7.1 messages by time period and keyword (with their content); 5.7.5 end offsets.

The resource of ``dms_kafka_message`` is the topic (identity ``topic``): it must exist.
``delete_before`` compares the earliest offsets with the requested ones; ``state: produced``
is an engine action (always changed, never in check mode).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible_collections.hwcloud.dms.plugins.module_utils._engine import (
    Field,
    ResourceSpec,
    UpdateStep,
    normalise,
    run_module,
    run_read_module,
)
from ansible_collections.hwcloud.dms.plugins.module_utils._errors import (
    DmsAmbiguousWriteError,
    DmsError,
    DmsValidationError,
)
from ansible_collections.hwcloud.dms.plugins.module_utils._instance_ref import instance_path as _path
from ansible_collections.hwcloud.dms.plugins.module_utils._specs.topic import (
    BEGIN_OFFSET_PATH,
    END_OFFSET_PATH,
    NAME_PATTERN as TOPIC_PATTERN,
    NAME_RULE as TOPIC_RULE,
    read_all_topics,
)

PRODUCE_PATH = "/v2/{project_id}/instances/{instance_id}/messages/action"                 # 5.4.3
QUERY_PATH = "/v2/{project_id}/instances/{instance_id}/messages"                          # 5.7.1
AT_OFFSET_PATH = ("/v2/{project_id}/instances/{instance_id}/management/topics/{topic}"
                  "/partitions/{partition}/message")                                      # 5.7.2
PERIOD_PATH = "/v2/{project_id}/instances/{instance_id}/management/topics/{topic}/messages"  # 5.7.3
DELETE_PATH = "/v2/{project_id}/kafka/instances/{instance_id}/topics/{topic}/messages"    # 5.7.6

#: 5.7.x path/query rule for topics: "must start with a letter and can only contain letters,
#: hyphens (-), underscores (_), and digits"
QUERY_TOPIC_PATTERN = r"^[A-Za-z][A-Za-z0-9_-]*\Z"
#: 5.1.7 ``message.max.bytes`` valid values 0~10485760: the largest message the service takes
MAX_MESSAGE_BYTES = 10485760
#: 5.7.1 keyword: 0 to 50 characters
KEYWORD_MAX = 50
#: 5.7.1 / 5.7.3 page size used here (5.7.3's documented default)
PAGE = 10
#: the module's own cap on returned messages (a result is kept in memory and printed)
MAX_MESSAGES = 1000
#: how many new messages of a partition are read back to settle an unanswered produce
RECHECK_MAX = 50
WORKERS = 8


def _int(value):
    return normalise(value, "int")


def _is_int(value, low=0):
    return isinstance(value, int) and not isinstance(value, bool) and value >= low


# --------------------------------------------------------------------------- reads
def read_topic(ctx, name):
    """The topic's 5.4.5 entry, or None."""
    for topic in read_all_topics(ctx):
        if topic.get("name") == name:
            return topic
    return None


def partition_edge(ctx, topic, partition, which):
    """5.7.4 (``begin``) or 5.7.5 (``end``): the offset, as an int."""
    template = BEGIN_OFFSET_PATH if which == "begin" else END_OFFSET_PATH
    body = ctx.client.get(_path(ctx, template, topic=topic, partition=partition),
                          operation="read %s offset of partition %s of topic"
                          % ("earliest" if which == "begin" else "end", partition),
                          resource=topic) or {}
    return _int(body.get("offset"))


def _edges(ctx, topic, partitions, which):
    values = ctx.client.map_concurrent(lambda p: partition_edge(ctx, topic, p, which),
                                       list(partitions), workers=WORKERS)
    return dict(zip(partitions, values))


# --------------------------------------------------------------------------- delete_before
def norm_delete(value):
    """delete_before: ``[{partition, offset}]`` in the user's order, ints normalised."""
    if not isinstance(value, list):
        return value
    out = []
    for entry in value:
        if not isinstance(entry, dict):
            return value
        out.append({"partition": _int(entry.get("partition")), "offset": _int(entry.get("offset"))})
    return out


def _check_delete(value, item):
    if not isinstance(value, list) or not value:
        return "must be a non-empty list of {partition, offset}"
    seen = set()
    for index, entry in enumerate(value):
        if not _is_int(entry.get("partition")):
            return "[%d].partition must be an integer >= 0" % index
        if not _is_int(entry.get("offset")):
            return "[%d].offset must be an integer >= 0" % index
        if entry["partition"] in seen:
            return "[%d].partition: partition %d is listed twice" % (index, entry["partition"])
        seen.add(entry["partition"])
    return None


def deleted_enough(have, want, item=None):
    """Unchanged when every requested partition already starts at or after its offset."""
    have = dict((e.get("partition"), e.get("offset")) for e in have or [])
    for entry in want or []:
        current = have.get(entry["partition"])
        if not isinstance(current, int) or current < entry["offset"]:
            return False
    return True


# --------------------------------------------------------------------------- messages (produce)
def _check_messages(value, item):
    if not isinstance(value, list) or not value:
        return "must be a non-empty list of messages"
    for index, msg in enumerate(value):
        if not isinstance(msg, dict) or not isinstance(msg.get("value"), str):
            return "[%d].value is required (a string)" % index
        size = len(msg["value"].encode("utf-8")) + len((msg.get("key") or "").encode("utf-8"))
        if size > MAX_MESSAGE_BYTES:
            return ("[%d]: the message is %d bytes (key and value); the service takes at most %d "
                    "(message.max.bytes)" % (index, size, MAX_MESSAGE_BYTES))
        if msg.get("partition") is not None and not _is_int(msg.get("partition")):
            return "[%d].partition must be an integer >= 0" % index
    return None


def produce_body(topic, msg):
    """5.4.3 body: the key and the partition go in ``property_list`` (KEY, PARTITION)."""
    props = []
    if msg.get("key") is not None:
        props.append({"name": "KEY", "value": msg["key"]})
    if msg.get("partition") is not None:
        props.append({"name": "PARTITION", "value": str(msg["partition"])})
    return {"topic": topic, "body": msg["value"], "property_list": props}


class _Producer(object):
    """Produce messages one by one; settle an unanswered request by reading the topic back."""

    def __init__(self, ctx, topic, partitions):
        self.ctx = ctx
        self.topic = topic
        self.partitions = list(range(partitions))
        self.sent = []            # (key, value) of the messages known to be produced
        self.ends = None          # end offsets before the first message

    def _matches(self, ends, msg):
        """How many of the messages added since ``self.ends`` carry this key and value."""
        found = 0
        client = self.ctx.client
        for partition, end in ends.items():
            start = max(self.ends.get(partition) or 0, (end or 0) - RECHECK_MAX)
            for offset in range(start, end or 0):
                body = client.get(_path(self.ctx, AT_OFFSET_PATH, topic=self.topic, partition=partition),
                                  query={"message_offset": str(offset)},
                                  operation="read back message", resource=self.topic) or {}
                for row in body.get("message") or []:
                    if isinstance(row, dict) and row.get("value") == msg["value"] and \
                            (row.get("key") or None) == (msg.get("key") or None):
                        found += 1
        return found

    def send(self, msg):
        client = self.ctx.client
        if self.ends is None:
            self.ends = _edges(self.ctx, self.topic, self.partitions, "end")
        body = produce_body(self.topic, msg)
        path = _path(self.ctx, PRODUCE_PATH)
        try:
            client.post(path, body, query={"action_id": "send"}, operation="produce message to topic",
                        resource=self.topic)
        except DmsAmbiguousWriteError:
            # the message may be in the topic: look before sending it again
            wanted = [p for p in self.partitions if msg.get("partition") in (None, p)]
            ends = _edges(self.ctx, self.topic, wanted, "end")
            earlier = sum(1 for k, v in self.sent if k == msg.get("key") and v == msg["value"])
            if self._matches(ends, msg) <= earlier:
                client.post(path, body, query={"action_id": "send"},
                            operation="produce message to topic", resource=self.topic)
        self.sent.append((msg.get("key"), msg["value"]))


# --------------------------------------------------------------------------- spec hooks
def list_topic(ctx):
    """The requested topic (5.4.5), with the earliest offsets of the partitions to clean."""
    name = ctx.params.get("topic")
    topic = read_topic(ctx, name)
    if topic is None:
        return []
    wanted = norm_delete(ctx.params.get("delete_before"))
    if isinstance(wanted, list) and ctx.params.get("state") == "present":
        count = _int(topic.get("partition")) or 0
        parts = [e["partition"] for e in wanted if _is_int(e.get("partition")) and e["partition"] < count]
        begins = _edges(ctx, name, parts, "begin")
        topic["_earliest"] = [{"partition": p, "offset": begins[p]} for p in parts]
        ctx.cache["ends"] = _edges(ctx, name, parts, "end")
    return [topic]


def check_plan(ctx, plan):
    errors = []
    topic = ctx.params.get("topic")
    for d in plan.creates:
        errors.append("topic: topic '%s' does not exist on the instance (create it with "
                      "hwcloud.dms.dms_kafka_topic first)" % topic)
    for before, d, changed in plan.updates:
        count = before.get("partitions") or 0
        ends = ctx.cache.get("ends") or {}
        for index, entry in enumerate(d.item.get("delete_before") or []):
            partition = entry["partition"]
            if partition >= count:
                errors.append("delete_before[%d].partition: topic '%s' has %d partitions (0-%d)"
                              % (index, topic, count, count - 1))
            elif isinstance(ends.get(partition), int) and entry["offset"] > ends[partition]:
                errors.append("delete_before[%d].offset: %d is past the end of partition %d "
                              "(its end offset is %d)" % (index, entry["offset"], partition,
                                                          ends[partition]))
    for before, d in plan.actions:
        count = before.get("partitions") or 0
        for index, msg in enumerate(d.item.get("messages") or []):
            if msg.get("partition") is not None and msg["partition"] >= count:
                errors.append("messages[%d].partition: topic '%s' has %d partitions (0-%d)"
                              % (index, topic, count, count - 1))
    return errors


def validate_item(item, ctx):
    """``messages`` go with state=produced, ``delete_before`` with state=present."""
    if item.get("messages") is not None:
        return ["messages: only used with state=produced"]
    if item.get("delete_before") is None:
        return ["delete_before: is required with state=present (or use state=produced with messages)"]
    return []


def delete_messages(ctx, before, desired, changed):
    """5.7.6 for the partitions whose earliest offset is below the requested one."""
    have = dict((e["partition"], e["offset"]) for e in before.get("delete_before") or [])
    todo = [e for e in desired["delete_before"]
            if not isinstance(have.get(e["partition"]), int) or have[e["partition"]] < e["offset"]]
    topic = desired["topic"]
    # the same request again deletes nothing more: safe to resend
    answer = ctx.client.delete(_path(ctx, DELETE_PATH, topic=topic), body={"partitions": todo},
                               operation="delete messages of topic", resource=topic,
                               idempotent=True) or {}
    failed = [r for r in (answer.get("partitions") or []) if isinstance(r, dict)
              and str(r.get("result") or "success").lower() != "success"]
    if failed:
        raise DmsError("delete messages of topic '%s' failed for partition(s) %s" % (
            topic, ", ".join("%s (error code %s)" % (r.get("partition"), r.get("error_code"))
                             for r in failed)))


def produce(ctx, before, desired):
    producer = _Producer(ctx, desired["topic"], before.get("partitions") or 1)
    for msg in desired["messages"]:
        producer.send(msg)
    ctx.extra["produced"] = len(producer.sent)


def predict(before, desired):
    after = dict(before or {})
    if desired.get("delete_before") is not None:
        have = dict((e["partition"], e["offset"]) for e in after.get("delete_before") or [])
        after["delete_before"] = [{"partition": e["partition"],
                                   "offset": max(e["offset"], have.get(e["partition"]) or 0)}
                                  for e in desired["delete_before"]]
    return after


MESSAGE = ResourceSpec(
    "topic", "topics", title="topic",
    identity=("topic",),
    fields=[
        Field("topic", api="name", type="str", pattern=TOPIC_PATTERN, rule=TOPIC_RULE),
        Field("delete_before", type=norm_delete, from_api=lambda o: o.get("_earliest"),
              compare=deleted_enough, validators=[_check_delete], hide_unset=True),
        Field("messages", type="raw", from_api=lambda o: None, compare=lambda have, want, item: True,
              validators=[_check_messages], hide_unset=True),
        Field("partitions", api="partition", type="int", server_side=True),
    ],
    list=list_topic,
    update_steps=[UpdateStep("delete_before", ["delete_before"], delete_messages)],
    actions={"produced": produce},
    validate=validate_item,
    check_plan=check_plan,
    predict=predict,
)

MESSAGE_OPTIONS = dict(
    key=dict(type="str", no_log=False),
    value=dict(type="str", required=True),
    partition=dict(type="int"),
)
ITEM_OPTIONS = dict(
    topic=dict(type="str", required=True),
    delete_before=dict(type="list", elements="dict", options=dict(
        partition=dict(type="int", required=True),
        offset=dict(type="int", required=True),
    )),
    messages=dict(type="list", elements="dict", options=MESSAGE_OPTIONS),
)
MODULE_OPTIONS = dict(instance=dict(type="str", required=True))


def _check_produce_messages(ctx, plan):
    """Field rules run for ``present`` items only: check the produced messages here too."""
    errors = []
    for _before, d in plan.actions:
        problem = _check_messages(d.item.get("messages"), d.item)
        if problem:
            errors.append("messages%s%s" % ("" if problem.startswith("[") else ": ", problem))
    return errors + check_plan(ctx, plan)


MESSAGE.check_plan = _check_produce_messages


def run_message_module(**kwargs):
    """``main()`` of dms_kafka_message."""
    return run_module(MESSAGE, ITEM_OPTIONS, MODULE_OPTIONS, multi=False,
                      state_choices=("present", "produced"),
                      required_if=[("state", "produced", ["messages"])],
                      mutually_exclusive=[["messages", "delete_before"]], **kwargs)


# --------------------------------------------------------------------------- info
INFO_OPTIONS = dict(
    instance=dict(type="str", required=True),
    topic=dict(type="str", required=True),
    partition=dict(type="int"),
    offset=dict(type="int"),
    start_time=dict(type="int"),
    end_time=dict(type="int"),
    keyword=dict(type="str", no_log=False),
    newest_first=dict(type="bool", default=False),
    max_messages=dict(type="int", default=PAGE),
)


def info_problems(params):
    """Every rule the reference states for the three queries, checked before any request."""
    errors = []
    topic = params.get("topic") or ""
    if not re.match(QUERY_TOPIC_PATTERN, topic):
        errors.append("topic: must start with a letter and contain only letters, digits, hyphens "
                      "(-) and underscores (_) (the message queries' rule), got '%s'" % topic)
    for name in ("partition", "offset", "start_time", "end_time"):
        if params.get(name) is not None and params[name] < 0:
            errors.append("%s: must be 0 or more (got %s)" % (name, params[name]))
    if params.get("offset") is not None and params.get("partition") is None:
        errors.append("offset: needs partition (a message is looked up by partition and offset)")
    timed = [n for n in ("start_time", "end_time") if params.get(n) is not None]
    if params.get("offset") is not None and timed:
        errors.append("offset: cannot be combined with %s (look up by offset or by time)" % ", ".join(timed))
    if params.get("keyword") is not None:
        if len(params["keyword"]) > KEYWORD_MAX:
            errors.append("keyword: at most %d characters (got %d)" % (KEYWORD_MAX, len(params["keyword"])))
        if len(timed) != 2:
            errors.append("keyword: needs start_time and end_time (the content search runs over a time period)")
        if params.get("partition") is not None:
            errors.append("partition: cannot be combined with keyword (the content search covers every partition)")
    if params.get("offset") is None and params.get("keyword") is None and not timed and \
            params.get("partition") is None:
        errors.append("one of offset (with partition), start_time/end_time or keyword is required")
    if len(timed) == 2 and params["start_time"] > params["end_time"]:
        errors.append("start_time: must not be after end_time (%s > %s)" % (params["start_time"], params["end_time"]))
    count = params.get("max_messages")
    if count is not None and not 1 <= count <= MAX_MESSAGES:
        errors.append("max_messages: must be between 1 and %d (got %s)" % (MAX_MESSAGES, count))
    return errors


def _message_view(row, content=True):
    out = {"topic": row.get("topic"), "partition": _int(row.get("partition")),
           "offset": _int(row.get("message_offset")), "timestamp": _int(row.get("timestamp")),
           "size": _int(row.get("size"))}
    if content:
        out["key"] = row.get("key")
        out["value"] = row.get("value")
    return out


def _pages(ctx, path, query, key, total_key, first_page, wanted):
    """Read pages of ``PAGE`` messages (``offset`` = page or record index) until ``wanted``."""
    rows = []
    total = None
    page = first_page
    while len(rows) < wanted:
        q = dict(query, limit=PAGE, offset=page)
        body = ctx.client.get(path, query=q, operation="query messages", resource=ctx.params["topic"]) or {}
        items = [r for r in body.get(key) or [] if isinstance(r, dict)]
        total = _int(body.get(total_key))
        rows.extend(items)
        if len(items) < PAGE or (isinstance(total, int) and len(rows) >= total):
            break
        page += 1 if first_page == 1 else PAGE
    return rows[:wanted], total


def read_messages(ctx):
    params = ctx.params
    topic = params["topic"]
    wanted = params.get("max_messages") or PAGE
    entry = read_topic(ctx, topic)
    if entry is None:
        raise DmsValidationError("topic: topic '%s' does not exist on the instance" % topic)
    count = _int(entry.get("partition")) or 0
    partition = params.get("partition")
    if partition is not None and partition >= count:
        raise DmsValidationError("partition: topic '%s' has %d partitions (0-%d)" % (topic, count, count - 1))
    result = {"query": None, "messages": [], "total": 0}
    if params.get("offset") is not None:
        offset = params["offset"]
        begin = partition_edge(ctx, topic, partition, "begin")
        end = partition_edge(ctx, topic, partition, "end")
        if isinstance(begin, int) and isinstance(end, int) and not begin <= offset < end:
            raise DmsValidationError(
                "offset: %d is outside the messages partition %d holds (offsets %d to %d)"
                % (offset, partition, begin, end - 1) if end > begin else
                "offset: partition %d holds no message (earliest and end offset %d)" % (partition, end))
        body = ctx.client.get(_path(ctx, AT_OFFSET_PATH, topic=topic, partition=partition),
                              query={"message_offset": str(offset)},
                              operation="read message", resource=topic) or {}
        rows = [r for r in body.get("message") or [] if isinstance(r, dict)]
        result.update(query="offset", messages=[_message_view(r) for r in rows], total=len(rows))
    elif params.get("keyword") is not None:
        query = {"topic": topic, "start_time": str(params["start_time"]), "end_time": str(params["end_time"]),
                 "keyword": params["keyword"], "asc": "false" if params.get("newest_first") else "true"}
        rows, total = _pages(ctx, _path(ctx, QUERY_PATH), query, "messages", "total", 1, wanted)
        result.update(query="keyword", messages=[_message_view(r) for r in rows], total=total)
    else:
        query = {}
        for name in ("start_time", "end_time"):
            if params.get(name) is not None:
                query[name] = str(params[name])
        query["partition"] = str(partition if partition is not None else -1)
        rows, total = _pages(ctx, _path(ctx, PERIOD_PATH, topic=topic), query, "messages",
                             "messages_count", 0, wanted)
        if params.get("newest_first"):
            rows = sorted(rows, key=lambda r: (_int(r.get("timestamp")) or 0), reverse=True)
        result.update(query="time", messages=[_message_view(r, content=False) for r in rows], total=total)
    return result


def run_message_info_module(**kwargs):
    """``main()`` of dms_kafka_message_info (read-only)."""
    return run_read_module(INFO_OPTIONS, read_messages, validate=info_problems, **kwargs)
