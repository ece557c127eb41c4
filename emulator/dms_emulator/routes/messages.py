"""Messages: producing (5.4.3), querying (5.7.1-5.7.5) and deleting (5.7.6).

Messages are ``"message"`` documents, scope ``"<instance_id>/<topic>"``, key
``"<partition:05d>:<offset:012d>"``, with the fields ``topic``, ``partition``,
``message_offset``, ``key`` (null when none), ``value``, ``size`` (bytes of key
and value), ``timestamp`` (ms).  The partition's offsets live in the topic
document (``_parts[p]["start"]`` = log start offset, ``["end"]`` = log end offset,
i.e. the offset the next message gets); see ``topics.py``.
"""

from __future__ import annotations

import math
import re
import zlib
from typing import Any, Dict, List, Optional

from fastapi import APIRouter, Depends

from ..core import ApiError, Ctx, api_ctx, bad_request, ok, route
from .topics import (
    P, PK, TOPIC_NAME_RE, as_int, as_list, as_str, broker_count, broker_ip, check_partition_index, config_values,
    create_topic_doc, get_topic, query_bool, query_int, save_topic, topic_not_found,
)

router = APIRouter(tags=["messages"])

# 5.7.x: "A topic name must start with a letter and can only contain letters, hyphens (-),
# underscores (_), and digits."  Periods are accepted too, since 5.4.4 creates such topics.
QUERY_TOPIC_RE = re.compile(r"^[A-Za-z][A-Za-z0-9._-]*\Z")
TIMESTAMP_RE = re.compile(r"^\d{1,16}\Z")


def scope_of(instance_id: str, topic: str) -> str:
    return "%s/%s" % (instance_id, topic)


def message_key(partition: int, offset: int) -> str:
    return "%05d:%012d" % (partition, offset)


def topic_messages(ctx: Ctx, instance_id: str, topic: str, partition: Optional[int] = None) -> List[Dict[str, Any]]:
    msgs = ctx.store.list("message", scope_of(instance_id, topic))
    if partition is not None:
        msgs = [m for m in msgs if m["partition"] == partition]
    return msgs


def query_topic(ctx: Ctx, instance_id: str, name: Optional[str], field: str = "topic") -> Dict[str, Any]:
    if name in (None, ""):
        raise bad_request("Invalid query parameter %s: required." % field)
    if not QUERY_TOPIC_RE.fullmatch(name):
        raise bad_request("Invalid parameter %s=%r: a topic name must start with a letter and can only contain "
                          "letters, hyphens (-), underscores (_), and digits." % (field, name))
    return get_topic(ctx, instance_id, name)


def path_partition(doc: Dict[str, Any], raw: str) -> int:
    if not re.fullmatch(r"^[+-]?\d+$", raw or ""):
        raise bad_request("Invalid path parameter partition=%r: must be an integer." % raw)
    return check_partition_index(doc, int(raw))


def query_timestamp(ctx: Ctx, name: str, default: Optional[int] = None) -> Optional[int]:
    raw = ctx.query.get(name)
    if raw is None or raw == "":
        return default
    if not TIMESTAMP_RE.fullmatch(raw.strip()):
        raise ApiError(400, "DMS.00400142", "Timestamp is invalid: %s=%r is not a Unix timestamp in milliseconds."
                       % (name, raw))
    return int(raw)


# --------------------------------------------------------------------------- 5.4.3 produce


@route(router, ["POST"], P + "/messages/action", P + "/messages")
def produce(instance_id: str, ctx: Ctx = Depends(api_ctx)):
    """``POST .../messages/action?action_id=send``.

    Also ``POST .../messages?action?action_id=send``, the reference's own (malformed) example URL,
    which a literal client sends as the query key ``action?action_id``.
    """
    inst = ctx.running_instance(instance_id)
    action = ctx.query.get("action_id")
    if action is None:
        action = ctx.query.get("action?action_id")
    if action in (None, ""):
        raise bad_request("Invalid query parameter action_id: required (send).")
    if action != "send":
        raise bad_request("Invalid query parameter action_id=%r: the only action is send." % action)
    body = ctx.body_obj()
    for field in ("topic", "body", "property_list"):
        if body.get(field) is None:
            raise bad_request("Invalid request parameter %s: required." % field, "DMS.10540001")
    topic = as_str(body["topic"], "topic")
    value = as_str(body["body"], "body")
    props = as_list(body["property_list"], "property_list")
    key = None
    partition_raw = None
    for i, prop in enumerate(props):
        where = "property_list[%d]" % i
        if not isinstance(prop, dict):
            raise bad_request("Invalid request parameter %s: must be an object with name and value." % where,
                              "DMS.10540001")
        name = prop.get("name")
        pvalue = prop.get("value")
        if name is not None and not isinstance(name, str):
            raise bad_request("Invalid request parameter %s.name: must be a string." % where, "DMS.10540001")
        if pvalue is not None and (isinstance(pvalue, bool) or not isinstance(pvalue, (str, int))):
            raise bad_request("Invalid request parameter %s.value: must be a string." % where, "DMS.10540001")
        if (name or "").upper() == "KEY" and pvalue not in (None, ""):
            key = str(pvalue)
        elif (name or "").upper() == "PARTITION" and pvalue not in (None, ""):
            partition_raw = pvalue

    doc = ctx.store.get("topic", instance_id, topic)
    if doc is None:
        if not inst.get("enable_auto_topic"):
            raise topic_not_found(topic)
        if not TOPIC_NAME_RE.fullmatch(topic):
            raise bad_request("Invalid request parameter topic=%r: cannot be created automatically: a topic name "
                              "consists of 3 to 200 characters, starts with a letter, and contains only letters, "
                              "hyphens (-), underscores (_), periods (.), and digits." % topic, "DMS.00400101")
        # 7.1.1.1/7.2.1.1: "automatically created with 3 partitions and 3 replicas".
        create_topic_doc(ctx, inst, topic, 3, min(3, broker_count(inst)))
    doc = get_topic(ctx, instance_id, topic, inst)
    n = int(doc["partition"])
    if partition_raw is not None:
        partition = check_partition_index(doc, partition_raw, "property_list.PARTITION")
    elif key is not None:
        partition = zlib.crc32(key.encode()) % n
    else:
        partition = int(doc.get("_rr", 0)) % n
        doc["_rr"] = partition + 1
    size = len(value.encode()) + (len(key.encode()) if key else 0)
    limit = int(config_values(doc).get("max.message.bytes", "10485760"))
    if size > limit:
        raise ApiError(400, "DMS.10540011", "The message size is %d, larger than the size limit %d." % (size, limit))

    part = doc["_parts"][partition]
    offset = int(part["end"])
    now = ctx.now_ms()
    ctx.store.put("message", scope_of(instance_id, topic), message_key(partition, offset), {
        "topic": topic, "partition": partition, "message_offset": offset, "key": key, "value": value,
        "size": size, "timestamp": now,
    })
    part["end"] = offset + 1
    part["updated"] = now
    part["bytes"] = int(part.get("bytes") or 0) + size
    client = ctx.request.client
    host = client.host if client else "127.0.0.1"
    producers = doc.setdefault("_producers", {})
    if host not in producers and len(producers) < 10000:
        producers[host] = {
            "producer_address": "%s:%d" % (host, client.port if client else 0),
            "broker_address": "%s:9092" % broker_ip(inst, part["replicas"][0]),
            "join_time": now,
        }
    save_topic(ctx, instance_id, doc)
    return ok({"topic": topic, "body": value, "property_list": []})


# --------------------------------------------------------------------------- 5.7.1 query


def messages_entity(m: Dict[str, Any]) -> Dict[str, Any]:
    return {
        "topic": m["topic"], "partition": m["partition"], "key": m.get("key"), "value": m["value"],
        "size": m["size"], "timestamp": m["timestamp"], "huge_message": False,
        "message_offset": m["message_offset"], "message_id": "", "app_id": "", "tag": "",
    }


@route(router, ["GET"], P + "/messages")
def query_messages(instance_id: str, ctx: Ctx = Depends(api_ctx)):
    ctx.instance(instance_id)
    doc = query_topic(ctx, instance_id, ctx.query.get("topic"))
    asc = query_bool(ctx, "asc", False)
    query_bool(ctx, "download", False)
    start = query_timestamp(ctx, "start_time")
    end = query_timestamp(ctx, "end_time")
    limit = query_int(ctx, "limit", 1, None, 10)
    page = query_int(ctx, "offset", 0, None, 0)
    keyword = ctx.query.get("keyword")
    if keyword is not None and len(keyword) > 50:
        raise bad_request("Invalid query parameter keyword: must be 0 to 50 characters (got %d)." % len(keyword))
    if (start is None) != (end is None):
        raise bad_request("Invalid query parameter %s: start_time and end_time go together."
                          % ("end_time" if end is None else "start_time"))
    name = doc["name"]
    if start is not None:
        if start > end:
            raise ApiError(400, "DMS.00400142", "Timestamp is invalid: start_time %d is after end_time %d."
                           % (start, end))
        msgs = [m for m in topic_messages(ctx, instance_id, name) if start <= m["timestamp"] <= end]
    else:
        raw_offset = ctx.query.get("message_offset")
        raw_partition = ctx.query.get("partition")
        if raw_offset in (None, "") or raw_partition in (None, ""):
            raise bad_request("Invalid query parameter: give start_time and end_time (offset query) or "
                              "message_offset and partition (content query).")
        partition = check_partition_index(doc, raw_partition, "partition")
        offset = as_int(raw_offset, "message_offset", 0)
        m = ctx.store.get("message", scope_of(instance_id, name), message_key(partition, offset))
        msgs = [m] if m else []
    if keyword:
        msgs = [m for m in msgs if keyword in (m.get("value") or "") or keyword in (m.get("key") or "")]
    msgs.sort(key=lambda m: (m["timestamp"], m["partition"], m["message_offset"]), reverse=not asc)
    skip = (max(page, 1) - 1) * limit  # "Page number": 0 and 1 are both the first page
    shown = msgs[skip:skip + limit]
    return ok({"messages": [messages_entity(m) for m in shown], "total": len(msgs), "size": len(shown)})


# --------------------------------------------------------------------------- 5.7.2 by offset


@route(router, ["GET"], P + "/management/topics/{topic}/partitions/{partition}/message")
def message_at(instance_id: str, topic: str, partition: str, ctx: Ctx = Depends(api_ctx)):
    ctx.instance(instance_id)
    doc = query_topic(ctx, instance_id, topic)
    p = path_partition(doc, partition)
    raw = ctx.query.get("message_offset")
    if raw in (None, ""):
        raise bad_request("Invalid query parameter message_offset: required.")
    offset = as_int(raw, "message_offset", 0)
    m = ctx.store.get("message", scope_of(instance_id, doc["name"]), message_key(p, offset))
    out = []
    if m:
        out.append({"key": m.get("key"), "value": m["value"], "topic": m["topic"], "partition": m["partition"],
                    "message_offset": m["message_offset"], "size": m["size"], "timestamp": m["timestamp"]})
    return ok({"message": out})


# --------------------------------------------------------------------------- 5.7.3 by time period


@route(router, ["GET"], P + "/management/topics/{topic}/messages")
def messages_in_period(instance_id: str, topic: str, ctx: Ctx = Depends(api_ctx)):
    ctx.instance(instance_id)
    doc = query_topic(ctx, instance_id, topic)
    start = query_timestamp(ctx, "start_time", 0)
    end = query_timestamp(ctx, "end_time", ctx.now_ms())
    if start > end:
        raise ApiError(400, "DMS.00400142", "Timestamp is invalid: start_time %d is after end_time %d."
                       % (start, end))
    limit = query_int(ctx, "limit", 1, None, 10)
    offset = query_int(ctx, "offset", 0, None, 0)
    raw_partition = ctx.query.get("partition")
    partition = None
    if raw_partition not in (None, "", "-1"):
        partition = check_partition_index(doc, raw_partition, "partition")
    msgs = [m for m in topic_messages(ctx, instance_id, doc["name"], partition) if start <= m["timestamp"] <= end]
    msgs.sort(key=lambda m: (m["timestamp"], m["partition"], m["message_offset"]))
    shown = msgs[offset:offset + limit]
    return ok({
        "messages": [{"topic": m["topic"], "partition": m["partition"], "message_offset": m["message_offset"],
                      "size": m["size"], "timestamp": m["timestamp"]} for m in shown],
        "messages_count": len(msgs),
        "offsets_count": int(math.ceil(len(msgs) / float(limit))),
        "offset": offset // limit + 1,
    })


# --------------------------------------------------------------------------- 5.7.4 / 5.7.5 offsets


def _edge(ctx: Ctx, instance_id: str, topic: str, partition: str, which: str):
    ctx.instance(instance_id)
    doc = query_topic(ctx, instance_id, topic)
    p = path_partition(doc, partition)
    part = doc["_parts"][p]
    offset = int(part["start"] if which == "start" else part["end"])
    probe = offset if which == "start" else offset - 1
    m = ctx.store.get("message", scope_of(instance_id, doc["name"]), message_key(p, probe)) if probe >= 0 else None
    timestamp = m["timestamp"] if m else int(part["updated"])
    return ok({"topic": doc["name"], "partition": p, "offset": offset, "timestamp": timestamp})


@route(router, ["GET"], P + "/management/topics/{topic}/partitions/{partition}/beginning-message")
def beginning_offset(instance_id: str, topic: str, partition: str, ctx: Ctx = Depends(api_ctx)):
    return _edge(ctx, instance_id, topic, partition, "start")


@route(router, ["GET"], P + "/management/topics/{topic}/partitions/{partition}/end-message")
def end_offset(instance_id: str, topic: str, partition: str, ctx: Ctx = Depends(api_ctx)):
    return _edge(ctx, instance_id, topic, partition, "end")


# --------------------------------------------------------------------------- 5.7.6 delete


@route(router, ["DELETE"], PK + "/topics/{topic}/messages")
@route(router, ["POST"], PK + "/topics/{topic}/messages/delete")
def delete_messages(instance_id: str, topic: str, ctx: Ctx = Depends(api_ctx)):
    """Delete the messages before ``offset`` in each listed partition (Kafka DeleteRecords).

    Per partition: ``result`` "success"/"failed" and ``error_code`` (a String, as Table 5-225 types it):
    "0", "3" (unknown partition) or "1" (offset out of range).  ``offset`` -1 means the end of the log.
    """
    inst = ctx.running_instance(instance_id)
    doc = get_topic(ctx, instance_id, topic, inst)
    body = ctx.body_obj(required=False)
    items = as_list(body["partitions"], "partitions") if body.get("partitions") is not None else []
    plans = []
    for i, item in enumerate(items):
        where = "partitions[%d]" % i
        if not isinstance(item, dict):
            raise bad_request("Invalid request parameter %s: must be an object with partition and offset." % where)
        if item.get("partition") is None:
            raise bad_request("Invalid request parameter %s.partition: required." % where)
        if item.get("offset") is None:
            raise bad_request("Invalid request parameter %s.offset: required." % where)
        plans.append((as_int(item["partition"], where + ".partition"), as_int(item["offset"], where + ".offset")))
    results = []
    scope = scope_of(instance_id, doc["name"])
    for p, offset in plans:
        if not 0 <= p < int(doc["partition"]):
            results.append({"partition": p, "result": "failed", "error_code": "3"})
            continue
        part = doc["_parts"][p]
        if offset == -1:
            offset = int(part["end"])
        if offset < 0 or offset > int(part["end"]):
            results.append({"partition": p, "result": "failed", "error_code": "1"})
            continue
        if offset > int(part["start"]):
            for m in ctx.store.list("message", scope):
                if m["partition"] == p and m["message_offset"] < offset:
                    ctx.store.delete("message", scope, message_key(p, m["message_offset"]))
                    part["bytes"] = max(0, int(part.get("bytes") or 0) - int(m["size"]))
            part["start"] = offset
        results.append({"partition": p, "result": "success", "error_code": "0"})
    save_topic(ctx, instance_id, doc)
    return ok({"partitions": results})
