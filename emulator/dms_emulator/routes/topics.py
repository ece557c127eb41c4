"""Topic management: sections 5.4.2, 5.4.4-5.4.15 of the API reference.

Documents (kinds shared with the other route modules):

* ``"topic"`` (scope instance id, key topic name): the public fields of the
  5.4.5 listing item (``name``, ``partition``, ``replication``, ``retention_time``,
  ``sync_replication``, ``sync_message_flush``, ``topic_type``, ``policiesOnly``,
  ``external_configs``, ``topic_other_configs`` (Table 5-101 form), ``topic_desc``,
  ``created_at`` (ms), ``topic_id``) plus private keys:
  ``_parts``: one entry per partition, ``{"replicas": [broker ids, leader first],
  "start": log start offset, "end": log end offset (next offset), "updated": ms,
  "bytes": stored bytes}``; ``_producers``: producers seen by 5.4.3.
* ``"topic_quota"`` (scope instance id, key topic): ``{"topic", "producer-byte-rate",
  "consumer-byte-rate"}`` plus ``_pending`` (a change that lands when its task ends).
* ``"message"`` (scope ``"<instance_id>/<topic>"``): see ``messages.py``.

Emulator choices where the reference is silent or contradicts itself
----------------------------------------------------------------------
* names 3-200 chars ``^[A-Za-z][A-Za-z0-9._-]*$`` (5.4.4 wins over DMS.00400101's 4-64), else
  DMS.00400101; partition 1-200 (DMS.00400102, default 3); replication 1..broker_num (<1 DMS.00400103,
  >brokers DMS.00400861, default min(3, brokers)); retention_time 1-720 (DMS.00400105, default 72);
  ``topic_other_configs``: only ``max.message.bytes`` [0..10485760] and ``message.timestamp.type``
  (CreateTime|LogAppendTime), else DMS.00400063; ``topic_desc`` <= 200 chars; duplicate DMS.40050005;
  partition budget max_partition_per_broker x broker_num, DMS.111400860.
* Integer fields accept numeric strings and Boolean fields "true"/"false" (the examples send them);
  answers always use the table's JSON types.
* an unknown topic is 400 DMS.00400975 everywhere ("Check whether the topic exists").
* 5.4.5: no limit (or 0) = every topic from ``offset``; ``size`` = limit (else the page length);
  items carry ``topic_id`` (in the example, not the table).
* 5.4.6: a smaller new_partition_numbers is 400 DMS.00400800; the same number is no change.
* 5.4.7: items are ``{"id", "success"}``; an unknown topic is ``success: false``.
* 5.4.8: ``offset`` skips rows; ``start`` (the example's parameter) is a 1-based page number.
* 5.4.2 and 5.4.15 start a task (``replicasReassignment`` / ``partitionReassignment``); while one runs
  another is 400 DMS.00500980.  5.4.15 answers ``job_id`` and ``reassignment_time`` (the example),
  an estimate only ``reassignment_time``.
* 5.4.10 is not rate-limited ("Up to 1s for each instance call" is ambiguous).
* topic quotas: ``offset`` counts records (as the Terraform provider pages), ``limit`` default 10,
  ``keyword`` a substring; a change is visible when its task ends; a create for an existing quota or
  a missing topic, and a modify/delete of a missing quota, answer 200 with a job that ends FAILED.

Helpers other modules may reuse: ``create_topic_doc``, ``get_topic``,
``partition_budget``, ``delete_topic_docs``, ``do_partition_reassign`` (the 7.2.2.1
legacy path), ``list_topic_quotas``.
"""

from __future__ import annotations

import math
import re
from typing import Any, Dict, List, Optional

from fastapi import APIRouter, Depends

from ..core import ApiError, Ctx, api_ctx, bad_request, json_with_items, no_content, ok, public, route

router = APIRouter(tags=["topics"])

P = "/v2/{project_id}/instances/{instance_id}"
PK = "/v2/{project_id}/kafka/instances/{instance_id}"
KP = "/v2/kafka/{project_id}/instances/{instance_id}"

TOPIC_NAME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9._-]{2,199}\Z")
TOPIC_NAME_RULE = ("a topic name consists of 3 to 200 characters, starts with a letter, and contains only "
                   "letters, hyphens (-), underscores (_), periods (.), and digits")
TOPIC_MAX_PARTITIONS = 200
RETENTION_MIN, RETENTION_MAX = 1, 720

# topic_other_configs the service knows (5.4.5 example, Table 5-101), in listing order.
CONFIG_SPECS: Dict[str, Dict[str, Any]] = {
    "max.message.bytes": {
        "valid_values": "[0...10485760]", "default_value": "10485760", "config_type": "dynamic",
        "value_type": "int", "min": 0, "max": 10485760,
    },
    "message.timestamp.type": {
        "valid_values": "[CreateTime, LogAppendTime]", "default_value": "LogAppendTime",
        "config_type": "dynamic", "value_type": "string", "enum": ["CreateTime", "LogAppendTime"],
    },
}

REASSIGN_TASKS = ("partitionReassignment", "replicasReassignment")


# --------------------------------------------------------------------------- value checks


def topic_not_found(name: str) -> ApiError:
    return ApiError(400, "DMS.00400975", "Failed to query topics. The topic %s does not exist." % name)


def as_int(value: Any, field: str, lo: Optional[int] = None, hi: Optional[int] = None,
           code: str = "DMS.00400800") -> int:
    """An Integer field; numeric strings are accepted (the service's JSON binding coerces them)."""
    if isinstance(value, bool) or value is None:
        raise bad_request("Invalid request parameter %s: must be an integer." % field)
    if isinstance(value, float):
        if not value.is_integer():
            raise bad_request("Invalid request parameter %s: must be an integer." % field)
        value = int(value)
    elif isinstance(value, str):
        if not re.fullmatch(r"^[+-]?\d+$", value.strip()):
            raise bad_request("Invalid request parameter %s: must be an integer." % field)
        value = int(value)
    elif not isinstance(value, int):
        raise bad_request("Invalid request parameter %s: must be an integer." % field)
    if (lo is not None and value < lo) or (hi is not None and value > hi):
        if lo is not None and hi is not None:
            rule = "within the range of %d-%d" % (lo, hi)
        elif lo is not None:
            rule = "at least %d" % lo
        else:
            rule = "at most %d" % hi
        raise bad_request("Invalid request parameter %s: %s is not %s." % (field, value, rule), code)
    return value


def as_bool(value: Any, field: str) -> bool:
    """A Boolean field; "true"/"false" strings are accepted (the reference's own examples send them)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    raise bad_request("Invalid request parameter %s: must be a boolean (true or false)." % field)


def as_str(value: Any, field: str) -> str:
    if not isinstance(value, str):
        raise bad_request("Invalid request parameter %s: must be a string." % field)
    return value


def as_list(value: Any, field: str) -> list:
    if not isinstance(value, list):
        raise bad_request("Invalid request parameter %s: must be an array." % field)
    return value


def query_int(ctx: Ctx, name: str, lo: Optional[int] = None, hi: Optional[int] = None,
              default: Optional[int] = None, code: str = "DMS.00400800") -> Optional[int]:
    raw = ctx.query.get(name)
    if raw is None or raw == "":
        return default
    if not re.fullmatch(r"^[+-]?\d+$", raw.strip()):
        raise bad_request("Invalid query parameter %s: %r is not an integer." % (name, raw))
    return as_int(int(raw), name, lo, hi, code)


def query_bool(ctx: Ctx, name: str, default: Optional[bool] = None) -> Optional[bool]:
    raw = ctx.query.get(name)
    if raw is None or raw == "":
        return default
    if raw.lower() not in ("true", "false"):
        raise bad_request("Invalid query parameter %s: must be true or false." % name)
    return raw.lower() == "true"


def check_topic_name(name: Any, field: str = "id") -> str:
    if name is None or name == "":
        raise bad_request("Invalid request parameter %s: the topic name is required." % field, "DMS.00400101")
    if not isinstance(name, str) or not TOPIC_NAME_RE.fullmatch(name):
        raise bad_request("Invalid topic name %s=%r: %s." % (field, name, TOPIC_NAME_RULE), "DMS.00400101")
    return name


def check_topic_desc(value: Any, field: str = "topic_desc") -> str:
    value = as_str(value, field)
    if len(value) > 200:
        raise bad_request("Invalid request parameter %s: must be 0 to 200 characters (got %d)." % (field, len(value)))
    return value


def check_other_configs(items: Any, field: str = "topic_other_configs") -> Dict[str, str]:
    """Validate ``[{"name", "value"}]``; answer ``{name: value-as-string}``."""
    out: Dict[str, str] = {}
    for i, item in enumerate(as_list(items, field)):
        where = "%s[%d]" % (field, i)
        if not isinstance(item, dict):
            raise bad_request("Invalid request parameter %s: must be an object with name and value." % where)
        name = item.get("name")
        if not isinstance(name, str) or name not in CONFIG_SPECS:
            raise bad_request("Invalid configuration parameter %s.name=%r: supported names are %s."
                              % (where, name, ", ".join(CONFIG_SPECS)), "DMS.00400063")
        spec = CONFIG_SPECS[name]
        value = item.get("value")
        if isinstance(value, bool) or value is None or not isinstance(value, (str, int, float)):
            raise bad_request("Invalid configuration parameter %s (%s): value must be a string." % (where, name),
                              "DMS.00400063")
        text_value = str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)
        if spec["value_type"] == "int":
            if not re.fullmatch(r"^\d+$", text_value.strip()):
                raise bad_request("Invalid configuration parameter %s (%s): %r is not an integer in %s."
                                  % (where, name, value, spec["valid_values"]), "DMS.00400063")
            n = int(text_value)
            if not spec["min"] <= n <= spec["max"]:
                raise bad_request("Invalid configuration parameter %s (%s): %d is not in %s."
                                  % (where, name, n, spec["valid_values"]), "DMS.00400063")
            text_value = str(n)
        elif text_value not in spec["enum"]:
            raise bad_request("Invalid configuration parameter %s (%s): %r is not one of %s."
                              % (where, name, value, spec["valid_values"]), "DMS.00400063")
        out[name] = text_value
    return out


def render_configs(values: Dict[str, str]) -> List[Dict[str, Any]]:
    out = []
    for name, spec in CONFIG_SPECS.items():
        out.append({
            "name": name,
            "valid_values": spec["valid_values"],
            "default_value": spec["default_value"],
            "config_type": spec["config_type"],
            "value": values.get(name, spec["default_value"]),
            "value_type": spec["value_type"],
        })
    return out


def config_values(doc: Dict[str, Any]) -> Dict[str, str]:
    return {c.get("name"): str(c.get("value")) for c in doc.get("topic_other_configs") or [] if isinstance(c, dict)}


# --------------------------------------------------------------------------- instance facts


def broker_count(inst: Dict[str, Any]) -> int:
    try:
        n = int(inst.get("broker_num") or inst.get("node_num") or 3)
    except (TypeError, ValueError):
        n = 3
    return max(1, n)


def broker_ip(inst: Dict[str, Any], broker: int) -> str:
    ips = [ip.strip() for ip in str(inst.get("connect_address") or "").split(",") if ip.strip()]
    if broker < len(ips):
        return ips[broker]
    return "192.168.0.%d" % (100 + broker)


def partition_budget(inst: Dict[str, Any]) -> int:
    """max_partition_per_broker of the flavor x broker_num (else the instance's partition_num)."""
    per_broker = None
    try:
        from ..catalog_data import product_property  # written by the catalog engineer

        value = product_property(inst.get("product_id"), "max_partition_per_broker")
        if value is not None:
            per_broker = int(value)
    except Exception:  # catalog missing or incomplete: fall back on the instance
        per_broker = None
    if per_broker:
        return per_broker * broker_count(inst)
    try:
        return int(inst.get("partition_num"))
    except (TypeError, ValueError):
        return 250 * broker_count(inst)


def used_partitions(ctx: Ctx, instance_id: str, exclude: Optional[str] = None) -> int:
    total = 0
    for t in ctx.store.list("topic", instance_id):
        if t.get("name") != exclude:
            total += int(t.get("partition") or 0)
    return total


def check_budget(ctx: Ctx, inst: Dict[str, Any], extra: int) -> None:
    budget = partition_budget(inst)
    used = used_partitions(ctx, inst["instance_id"])
    if used + extra > budget:
        raise ApiError(400, "DMS.111400860",
                       "Instance partition is not enough. Total partition is over the partition limitation: "
                       "%d used + %d requested > %d." % (used, extra, budget))


# --------------------------------------------------------------------------- topic documents


def get_topic(ctx: Ctx, instance_id: str, name: str, inst: Optional[Dict[str, Any]] = None) -> Dict[str, Any]:
    doc = ctx.store.get("topic", instance_id, name)
    if doc is None:
        raise topic_not_found(name)
    if inst is None:
        inst = ctx.store.get("instance", "", instance_id) or {}
    ensure_parts(ctx, doc, inst)
    return doc


def ensure_parts(ctx: Ctx, doc: Dict[str, Any], inst: Dict[str, Any]) -> None:
    """Give a topic document (possibly written by another module) its partition state."""
    parts = doc.get("_parts")
    n = int(doc.get("partition") or 0)
    if isinstance(parts, list) and len(parts) == n:
        return
    parts = list(parts) if isinstance(parts, list) else []
    brokers = broker_count(inst)
    replication = max(1, min(int(doc.get("replication") or 1), brokers))
    for p in range(len(parts), n):
        parts.append(new_partition(p, replication, list(range(brokers)), doc.get("created_at") or ctx.now_ms()))
    doc["_parts"] = parts[:n]


def new_partition(p: int, replication: int, brokers: List[int], now_ms: int) -> Dict[str, Any]:
    n = len(brokers)
    leader_index = p % n
    replicas = [brokers[(leader_index + i) % n] for i in range(min(replication, n))]
    return {"replicas": replicas, "start": 0, "end": 0, "updated": int(now_ms), "bytes": 0}


def next_topic_id(ctx: Ctx, instance_id: str) -> int:
    key = "topic_seq:" + instance_id
    seq = int(ctx.store.meta_get(key, 0)) + 1
    ctx.store.meta_put(key, seq)
    return seq


def create_topic_doc(ctx: Ctx, inst: Dict[str, Any], name: str, partition: int = 3, replication: int = 3,
                     retention_time: int = 72, sync_replication: bool = False, sync_message_flush: bool = False,
                     configs: Optional[Dict[str, str]] = None, topic_desc: str = "") -> Dict[str, Any]:
    """Create and store a topic (checks the duplicate and the partition budget)."""
    iid = inst["instance_id"]
    if ctx.store.get("topic", iid, name) is not None:
        raise ApiError(400, "DMS.40050005", "Requested topic already exists: %s." % name)
    check_budget(ctx, inst, partition)
    now = ctx.now_ms()
    brokers = list(range(broker_count(inst)))
    doc = {
        "policiesOnly": False,
        "name": name,
        "replication": replication,
        "partition": partition,
        "retention_time": retention_time,
        "sync_replication": sync_replication,
        "sync_message_flush": sync_message_flush,
        "external_configs": {},
        "topic_type": 0,
        "topic_other_configs": render_configs(configs or {}),
        "topic_desc": topic_desc,
        "created_at": now,
        "topic_id": next_topic_id(ctx, iid),
        "_parts": [new_partition(p, replication, brokers, now) for p in range(partition)],
        "_producers": {},
    }
    ctx.store.put("topic", iid, name, doc)
    return doc


def save_topic(ctx: Ctx, instance_id: str, doc: Dict[str, Any]) -> None:
    ctx.store.put("topic", instance_id, doc["name"], doc)


def delete_topic_docs(ctx: Ctx, instance_id: str, name: str) -> bool:
    """Remove a topic with its messages, its ACL document and its topic quota."""
    existed = ctx.store.delete("topic", instance_id, name)
    if existed:
        ctx.store.delete_scope("%s/%s" % (instance_id, name))
        ctx.store.delete("acl", instance_id, name)
        ctx.store.delete("topic_quota", instance_id, name)
    return existed


def listing_item(doc: Dict[str, Any]) -> Dict[str, Any]:
    item = public(doc)
    item.setdefault("policiesOnly", False)
    item.setdefault("external_configs", {})
    item.setdefault("topic_type", 0)
    item.setdefault("topic_desc", "")
    item.setdefault("sync_replication", False)
    item.setdefault("sync_message_flush", False)
    item.setdefault("retention_time", 72)
    if not item.get("topic_other_configs") or "valid_values" not in (item["topic_other_configs"][0] or {}):
        item["topic_other_configs"] = render_configs(config_values(doc))
    return item


def check_partition_index(doc: Dict[str, Any], raw: Any, field: str = "partition") -> int:
    p = as_int(raw, field)
    if not 0 <= p < int(doc.get("partition") or 0):
        raise bad_request("Invalid request parameter %s: partition %d does not exist in topic %s (partitions 0-%d)."
                          % (field, p, doc.get("name"), int(doc.get("partition") or 0) - 1))
    return p


def check_brokers(items: Any, inst: Dict[str, Any], field: str, allow_empty: bool = False) -> List[int]:
    brokers = broker_count(inst)
    out = []
    for i, b in enumerate(as_list(items, field)):
        b = as_int(b, "%s[%d]" % (field, i))
        if not 0 <= b < brokers:
            raise bad_request("Invalid request parameter %s[%d]: broker %d does not exist (brokers 0-%d)."
                              % (field, i, b, brokers - 1))
        if b in out:
            raise bad_request("Invalid request parameter %s: broker %d is listed twice." % (field, b))
        out.append(b)
    if not out and not allow_empty:
        raise bad_request("Invalid request parameter %s: must list at least one broker." % field)
    return out


def reassignment_running(ctx: Ctx, instance_id: str) -> bool:
    for task in ctx.store.list("task", instance_id):
        if task.get("name") in REASSIGN_TASKS:
            task = ctx.settle_task(instance_id, task)
            if task.get("status") == "EXECUTING":
                return True
    return False


# --------------------------------------------------------------------------- 5.4.4 create


@route(router, ["POST"], P + "/topics")
def create_topic(instance_id: str, ctx: Ctx = Depends(api_ctx)):
    inst = ctx.running_instance(instance_id)
    body = ctx.body_obj()
    name = check_topic_name(body.get("id"), "id")
    brokers = broker_count(inst)
    partition = 3
    if body.get("partition") is not None:
        partition = as_int(body["partition"], "partition", 1, TOPIC_MAX_PARTITIONS, "DMS.00400102")
    replication = min(3, brokers)
    if body.get("replication") is not None:
        replication = as_int(body["replication"], "replication", 1, None, "DMS.00400103")
        if replication > brokers:
            raise ApiError(400, "DMS.00400861", "Replication factor larger than available brokers: replication=%d, "
                           "brokers=%d." % (replication, brokers))
    retention = 72
    if body.get("retention_time") is not None:
        retention = as_int(body["retention_time"], "retention_time", RETENTION_MIN, RETENTION_MAX, "DMS.00400105")
    sync_replication = as_bool(body["sync_replication"], "sync_replication") \
        if body.get("sync_replication") is not None else False
    sync_flush = as_bool(body["sync_message_flush"], "sync_message_flush") \
        if body.get("sync_message_flush") is not None else False
    configs = check_other_configs(body["topic_other_configs"]) if body.get("topic_other_configs") is not None else {}
    desc = check_topic_desc(body["topic_desc"]) if body.get("topic_desc") is not None else ""
    create_topic_doc(ctx, inst, name, partition, replication, retention, sync_replication, sync_flush, configs, desc)
    return ok({"name": name})


# --------------------------------------------------------------------------- 5.4.5 list


@route(router, ["GET"], P + "/topics")
def list_topics(instance_id: str, ctx: Ctx = Depends(api_ctx)):
    inst = ctx.instance(instance_id)
    offset = query_int(ctx, "offset", 0, None, 0)
    limit = query_int(ctx, "limit", 0, None, 0)
    topics = ctx.store.list_view("topic", instance_id, listing_item)
    page = topics[offset:offset + limit] if limit else topics[offset:]
    budget = partition_budget(inst)
    used = sum(int(t.item.get("partition") or 0) for t in topics)
    return json_with_items({
        "total": len(topics),
        "size": limit if limit else len(page),
        "remain_partitions": max(0, budget - used),
        "max_partitions": budget,
        "topic_max_partitions": TOPIC_MAX_PARTITIONS,
    }, "topics", page)


# --------------------------------------------------------------------------- 5.4.6 modify


@route(router, ["PUT"], P + "/topics")
def modify_topics(instance_id: str, ctx: Ctx = Depends(api_ctx)):
    inst = ctx.running_instance(instance_id)
    body = ctx.body_obj()
    items = as_list(body["topics"], "topics") if body.get("topics") is not None else []
    plans = []
    extra_partitions = 0
    for i, item in enumerate(items):
        where = "topics[%d]" % i
        if not isinstance(item, dict):
            raise bad_request("Invalid request parameter %s: must be an object." % where)
        if item.get("id") in (None, ""):
            raise bad_request("Invalid request parameter %s.id: the topic name is required." % where)
        name = as_str(item["id"], where + ".id")
        doc = get_topic(ctx, instance_id, name, inst)
        change: Dict[str, Any] = {}
        if item.get("retention_time") is not None:
            change["retention_time"] = as_int(item["retention_time"], where + ".retention_time",
                                              RETENTION_MIN, RETENTION_MAX, "DMS.00400105")
        for flag in ("sync_replication", "sync_message_flush"):
            if item.get(flag) is not None:
                change[flag] = as_bool(item[flag], where + "." + flag)
        if item.get("topic_desc") is not None:
            change["topic_desc"] = check_topic_desc(item["topic_desc"], where + ".topic_desc")
        configs = None
        if item.get("topic_other_configs") is not None:
            configs = check_other_configs(item["topic_other_configs"], where + ".topic_other_configs")
        new_n = None
        new_brokers = None
        if item.get("new_partition_numbers") is not None:
            new_n = as_int(item["new_partition_numbers"], where + ".new_partition_numbers", 1,
                           TOPIC_MAX_PARTITIONS, "DMS.00400102")
            current = int(doc.get("partition") or 0)
            if new_n < current:
                raise bad_request("Invalid request parameter %s.new_partition_numbers: %d is less than the current "
                                  "number of partitions %d; partitions can only be increased."
                                  % (where, new_n, current))
            if new_n == current:
                new_n = None
            else:
                extra_partitions += new_n - current
        if item.get("new_partition_brokers") is not None:
            new_brokers = check_brokers(item["new_partition_brokers"], inst, where + ".new_partition_brokers",
                                        allow_empty=True)
        plans.append((doc, change, configs, new_n, new_brokers))
    if extra_partitions:
        check_budget(ctx, inst, extra_partitions)
    now = ctx.now_ms()
    for doc, change, configs, new_n, new_brokers in plans:
        doc = get_topic(ctx, instance_id, doc["name"], inst)  # re-read: a batch may name a topic twice
        doc.update(change)
        if configs:
            values = config_values(doc)
            values.update(configs)
            doc["topic_other_configs"] = render_configs(values)
        if new_n is not None:
            everyone = list(range(broker_count(inst)))
            replication = int(doc.get("replication") or 1)
            current = int(doc["partition"])
            for p in range(current, new_n):
                if new_brokers:
                    leader = new_brokers[(p - current) % len(new_brokers)]
                    replicas = [leader]
                    for b in new_brokers + everyone:
                        if len(replicas) >= replication:
                            break
                        if b not in replicas:
                            replicas.append(b)
                    doc["_parts"].append({"replicas": replicas, "start": 0, "end": 0, "updated": now, "bytes": 0})
                else:
                    doc["_parts"].append(new_partition(p, replication, everyone, now))
            doc["partition"] = new_n
        save_topic(ctx, instance_id, doc)
    return no_content()


# --------------------------------------------------------------------------- 5.4.7 batch delete


@route(router, ["POST"], P + "/topics/delete")
def delete_topics(instance_id: str, ctx: Ctx = Depends(api_ctx)):
    ctx.running_instance(instance_id)
    body = ctx.body_obj()
    names = as_list(body["topics"], "topics") if body.get("topics") is not None else []
    for i, name in enumerate(names):
        as_str(name, "topics[%d]" % i)
    results = []
    for name in names:
        results.append({"id": name, "success": delete_topic_docs(ctx, instance_id, name)})
    return ok({"topics": results})


# --------------------------------------------------------------------------- 5.4.8 partitions


@route(router, ["GET"], PK + "/topics/{topic}/partitions")
def list_partitions(instance_id: str, topic: str, ctx: Ctx = Depends(api_ctx)):
    inst = ctx.instance(instance_id)
    doc = get_topic(ctx, instance_id, topic, inst)
    limit = query_int(ctx, "limit", 0, None, 0)
    offset = query_int(ctx, "offset", 0, None, None)
    start = query_int(ctx, "start", 0, None, None)  # the reference's example: start=1 is the first page
    if offset is None:
        offset = (max(start, 1) - 1) * limit if (start is not None and limit) else 0
    rows = []
    for p, part in enumerate(doc["_parts"]):
        rows.append({
            "partition": p,
            "start_offset": int(part["start"]),
            "last_offset": int(part["end"]),
            "message_count": int(part["end"]) - int(part["start"]),
            "last_update_time": int(part["updated"]),
        })
    page = rows[offset:offset + limit] if limit else rows[offset:]
    return ok({"total": len(rows), "partitions": page})


# --------------------------------------------------------------------------- 5.4.9 producers


@route(router, ["GET"], PK + "/topics/{topic}/producers")
def list_producers(instance_id: str, topic: str, ctx: Ctx = Depends(api_ctx)):
    inst = ctx.instance(instance_id)
    doc = get_topic(ctx, instance_id, topic, inst)
    offset = query_int(ctx, "offset", 0, None, 0)
    limit = query_int(ctx, "limit", 1, 50, 50)
    producers = sorted((doc.get("_producers") or {}).values(), key=lambda p: p["join_time"])
    return ok({"total": len(producers), "producers": producers[offset:offset + limit]})


# --------------------------------------------------------------------------- 5.4.10 details


def group_topics(group: Dict[str, Any]) -> List[str]:
    """Topic names a consumer-group document refers to (tolerant of the groups module's layout)."""
    names: List[str] = []
    for key in ("_topics", "topics", "_offsets", "offsets", "group_message_offsets", "_subscriptions"):
        value = group.get(key)
        if isinstance(value, dict):
            names.extend(str(k) for k in value)
        elif isinstance(value, list):
            for v in value:
                if isinstance(v, str):
                    names.append(v)
                elif isinstance(v, dict) and isinstance(v.get("topic"), str):
                    names.append(v["topic"])
    for member in group.get("members") or []:
        for a in (member.get("assignment") or []) if isinstance(member, dict) else []:
            if isinstance(a, dict) and isinstance(a.get("topic"), str):
                names.append(a["topic"])
    return names


@route(router, ["GET"], P + "/management/topics/{topic}")
def topic_details(instance_id: str, topic: str, ctx: Ctx = Depends(api_ctx)):
    inst = ctx.instance(instance_id)
    doc = get_topic(ctx, instance_id, topic, inst)
    partitions = []
    for p, part in enumerate(doc["_parts"]):
        size = int(part.get("bytes") or 0)
        partitions.append({
            "partition": p,
            "leader": part["replicas"][0],
            "leo": int(part["end"]),
            "hw": int(part["end"]),
            "lso": int(part["start"]),
            "last_update_timestamp": int(part["updated"]),
            "replicas": [
                {"broker": b, "leader": i == 0, "in_sync": True, "size": size, "lag": 0}
                for i, b in enumerate(part["replicas"])
            ],
        })
    groups = []
    for g in ctx.store.list("group", instance_id):
        if topic in group_topics(g):
            gid = g.get("group_id") or g.get("name") or g.get("group")
            if gid and gid not in groups:
                groups.append(gid)
    return ok({"topic": doc["name"], "partitions": partitions, "group_subscribed": groups})


# --------------------------------------------------------------------------- 5.4.2 replica reassignment


@route(router, ["POST"], P + "/management/topics/{topic}/replicas-reassignment")
def reassign_replicas(instance_id: str, topic: str, ctx: Ctx = Depends(api_ctx)):
    inst = ctx.running_instance(instance_id)
    doc = get_topic(ctx, instance_id, topic, inst)
    body = ctx.body_obj()
    items = as_list(body.get("partitions"), "partitions") if body.get("partitions") is not None else []
    if not items:
        raise bad_request("Invalid request parameter partitions: must list at least one partition.")
    plan: Dict[int, List[int]] = {}
    size = None
    for i, item in enumerate(items):
        where = "partitions[%d]" % i
        if not isinstance(item, dict):
            raise bad_request("Invalid request parameter %s: must be an object." % where)
        if item.get("partition") is None:
            raise bad_request("Invalid request parameter %s.partition: required." % where)
        p = check_partition_index(doc, item["partition"], where + ".partition")
        if item.get("replicas") is None:
            raise bad_request("Invalid request parameter %s.replicas: required." % where)
        raw = as_list(item["replicas"], where + ".replicas")
        if len(raw) > broker_count(inst):
            raise ApiError(400, "DMS.00400861", "Replication factor larger than available brokers: %s has %d "
                           "replicas, the instance has %d brokers." % (where, len(raw), broker_count(inst)))
        replicas = check_brokers(raw, inst, where + ".replicas")
        if size is not None and len(replicas) != size:
            raise bad_request("Invalid request parameter partitions: all partitions must have the same number of "
                              "replicas (%d and %d)." % (size, len(replicas)))
        size = len(replicas)
        if p in plan:
            raise bad_request("Invalid request parameter %s.partition: partition %d is listed twice." % (where, p))
        plan[p] = replicas
    if reassignment_running(ctx, instance_id):
        raise ApiError(400, "DMS.00500980", "Partition reassigning.")
    for p, replicas in plan.items():
        doc["_parts"][p]["replicas"] = replicas
    if size and len(plan) == int(doc["partition"]):
        doc["replication"] = size
    save_topic(ctx, instance_id, doc)
    ctx.add_task(instance_id, "replicasReassignment", {"topic": topic, "partitions": items})
    return no_content()


# --------------------------------------------------------------------------- 5.4.15 partition reassignment


def do_partition_reassign(ctx: Ctx, instance_id: str) -> Dict[str, Any]:
    """The 5.4.15 logic; also serves the out-of-date 7.2.2.1 path (legacy module)."""
    inst = ctx.running_instance(instance_id)
    body = ctx.body_obj()
    if body.get("reassignments") is None:
        raise bad_request("Invalid request parameter reassignments: required.")
    items = as_list(body["reassignments"], "reassignments")
    if not items:
        raise bad_request("Invalid request parameter reassignments: must contain at least one topic.")
    throttle = None
    if body.get("throttle") is not None:
        throttle = as_int(body["throttle"], "throttle", -1)
        if throttle == 0:
            raise bad_request("Invalid request parameter throttle: must be a positive number of bytes/s, or -1.")
    is_schedule = as_bool(body["is_schedule"], "is_schedule") if body.get("is_schedule") is not None else False
    execute_at = None
    if is_schedule:
        if body.get("execute_at") is None:
            raise bad_request("Invalid request parameter execute_at: required when is_schedule is true.")
        execute_at = as_int(body["execute_at"], "execute_at", 0)
        if execute_at <= ctx.now_ms():
            raise bad_request("Invalid request parameter execute_at: %d is not in the future." % execute_at,
                              "DMS.00400142")
    elif body.get("execute_at") is not None:
        as_int(body["execute_at"], "execute_at", 0)
    estimate = as_bool(body["time_estimate"], "time_estimate") if body.get("time_estimate") is not None else False

    brokers_total = broker_count(inst)
    plans = []
    seen = set()
    for i, item in enumerate(items):
        where = "reassignments[%d]" % i
        if not isinstance(item, dict):
            raise bad_request("Invalid request parameter %s: must be an object." % where)
        if item.get("topic") in (None, ""):
            raise bad_request("Invalid request parameter %s.topic: required." % where)
        name = as_str(item["topic"], where + ".topic")
        if name in seen:
            raise bad_request("Invalid request parameter %s.topic: topic %s is listed twice." % (where, name))
        seen.add(name)
        doc = get_topic(ctx, instance_id, name, inst)
        brokers = check_brokers(item["brokers"], inst, where + ".brokers", allow_empty=True) \
            if item.get("brokers") is not None else []
        assignment = as_list(item["assignment"], where + ".assignment") if item.get("assignment") is not None else []
        if not brokers and not assignment:
            raise bad_request("Invalid request parameter %s: brokers and assignment cannot both be empty." % where)
        rf = None
        if item.get("replication_factor") is not None:
            rf = as_int(item["replication_factor"], where + ".replication_factor", 1, None, "DMS.00400103")
            limit = len(brokers) if brokers else brokers_total
            if rf > limit:
                raise ApiError(400, "DMS.00400861", "Replication factor larger than available brokers: %s."
                               "replication_factor=%d, brokers=%d." % (where, rf, limit))
        manual: Dict[int, List[int]] = {}
        for j, a in enumerate(assignment):
            w = "%s.assignment[%d]" % (where, j)
            if not isinstance(a, dict):
                raise bad_request("Invalid request parameter %s: must be an object." % w)
            if a.get("partition") is None:
                raise bad_request("Invalid request parameter %s.partition: required." % w)
            p = check_partition_index(doc, a["partition"], w + ".partition")
            if a.get("partition_brokers") is None:
                raise bad_request("Invalid request parameter %s.partition_brokers: required." % w)
            if p in manual:
                raise bad_request("Invalid request parameter %s.partition: partition %d is listed twice." % (w, p))
            manual[p] = check_brokers(a["partition_brokers"], inst, w + ".partition_brokers")
        plans.append((doc, brokers, rf, manual))

    total_bytes = sum(int(part.get("bytes") or 0) for doc, _, _, _ in plans for part in doc["_parts"])
    rate = throttle if throttle and throttle > 0 else 50 * 1024 * 1024
    seconds = max(1, int(math.ceil(total_bytes / float(rate))) + sum(int(d["partition"]) for d, _, _, _ in plans))
    if estimate:
        return {"reassignment_time": seconds}

    if reassignment_running(ctx, instance_id):
        raise ApiError(400, "DMS.00500980", "Partition reassigning.")
    for doc, brokers, rf, manual in plans:
        if manual:
            for p, replicas in manual.items():
                doc["_parts"][p]["replicas"] = replicas
            sizes = {len(part["replicas"]) for part in doc["_parts"]}
            if len(sizes) == 1:
                doc["replication"] = sizes.pop()
        else:
            rf = rf or min(int(doc.get("replication") or 1), len(brokers))
            if rf > len(brokers):
                raise ApiError(400, "DMS.00400861", "Replication factor larger than available brokers: topic %s "
                               "has %d replicas, brokers lists %d." % (doc["name"], rf, len(brokers)))
            for p, part in enumerate(doc["_parts"]):
                part["replicas"] = [brokers[(p + k) % len(brokers)] for k in range(rf)]
            doc["replication"] = rf
        save_topic(ctx, instance_id, doc)
    duration = None
    if execute_at is not None:
        duration = execute_at / 1000.0 - ctx.now() + ctx.delay
    job_id = ctx.add_task(instance_id, "partitionReassignment", body, duration=duration)
    # Table 5-139 says a reassignment answers only job_id; the reference's example answer for a
    # reassignment (time_estimate false) carries reassignment_time as well.  Both are sent.
    return {"job_id": job_id, "reassignment_time": seconds}


@route(router, ["POST"], PK + "/reassign")
def partition_reassign(instance_id: str, ctx: Ctx = Depends(api_ctx)):
    return ok(do_partition_reassign(ctx, instance_id))


# --------------------------------------------------------------------------- 5.4.11-5.4.14 topic quotas

RATE_KEYS = (("producer-byte-rate", "producer_byte_rate"), ("consumer-byte-rate", "consumer_byte_rate"))
QUOTA_WORD_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*\Z")


def settle_quota(ctx: Ctx, instance_id: str, doc: Dict[str, Any]) -> Optional[Dict[str, Any]]:
    """Apply a pending quota change whose task has ended; None when the quota is (now) gone."""
    pending = doc.get("_pending")
    if pending and ctx.now() >= pending["at"]:
        if pending["op"] == "delete":
            ctx.store.delete("topic_quota", instance_id, doc["topic"])
            return None
        for key, _ in RATE_KEYS:
            if key in pending["values"]:
                doc[key] = pending["values"][key]
        doc.pop("_pending", None)
        doc.pop("_new", None)
        ctx.store.put("topic_quota", instance_id, doc["topic"], doc)
    if doc.get("_new"):  # created, but its task has not finished yet
        return None
    return doc


def quota_body(ctx: Ctx, need_rate: bool) -> Dict[str, Any]:
    body = ctx.body_obj()
    topic = body.get("topic")
    if topic in (None, ""):
        raise bad_request("Invalid request parameter topic: required.")
    as_str(topic, "topic")
    values: Dict[str, int] = {}
    for key, alias in RATE_KEYS:
        raw = body.get(key, body.get(alias))
        if raw is not None:
            values[key] = as_int(raw, key, 1)
    if need_rate and not values:
        raise bad_request("Invalid request parameter: producer-byte-rate or consumer-byte-rate is required.")
    return {"topic": topic, "values": values}


def quota_task(ctx: Ctx, instance_id: str, op: str, req: Dict[str, Any]) -> str:
    topic, values = req["topic"], req["values"]
    raw = ctx.store.get("topic_quota", instance_id, topic)
    visible = settle_quota(ctx, instance_id, raw) if raw is not None else None
    doc = ctx.store.get("topic_quota", instance_id, topic)  # after settling (may be pending or gone)
    busy = doc is not None and doc.get("_pending") is not None
    topic_exists = ctx.store.get("topic", instance_id, topic) is not None
    if op == "create":
        fail = doc is not None or not topic_exists
    else:
        fail = visible is None or busy
    params = {"topic": topic}
    params.update(values)
    job_id = ctx.add_task(instance_id, {"create": "createTopicQuota", "update": "updateTopicQuota",
                                        "delete": "deleteTopicQuota"}[op], params, fail=fail)
    if fail:
        return job_id
    task = ctx.store.get("task", instance_id, job_id)
    at = task["_done_at"] if task else ctx.now() + ctx.delay
    if op == "create":
        ctx.store.put("topic_quota", instance_id, topic, {
            "topic": topic, "_new": True, "_pending": {"op": "set", "values": values, "at": at}})
    else:
        doc["_pending"] = {"op": "delete" if op == "delete" else "set", "values": values, "at": at}
        ctx.store.put("topic_quota", instance_id, topic, doc)
    return job_id


@route(router, ["POST"], KP + "/kafka-topic-quota")
def create_topic_quota(instance_id: str, ctx: Ctx = Depends(api_ctx)):
    ctx.running_instance(instance_id)
    return ok({"job_id": quota_task(ctx, instance_id, "create", quota_body(ctx, True))})


@route(router, ["PUT"], KP + "/kafka-topic-quota")
def update_topic_quota(instance_id: str, ctx: Ctx = Depends(api_ctx)):
    ctx.running_instance(instance_id)
    return ok({"job_id": quota_task(ctx, instance_id, "update", quota_body(ctx, True))})


@route(router, ["DELETE"], KP + "/kafka-topic-quota")
def delete_topic_quota(instance_id: str, ctx: Ctx = Depends(api_ctx)):
    ctx.running_instance(instance_id)
    return ok({"job_id": quota_task(ctx, instance_id, "delete", quota_body(ctx, False))})


def list_topic_quotas(ctx: Ctx, instance_id: str) -> Dict[str, Any]:
    """5.4.14 (also usable for ``kafka-user-client-quota?type=topic``, the reference's example URL)."""
    qtype = ctx.query.get("type") or "topic"
    if not QUOTA_WORD_RE.fullmatch(qtype):
        raise bad_request("Invalid query parameter type=%r: must start with a letter and contain only letters, "
                          "digits, hyphens (-) and underscores (_)." % qtype)
    if qtype != "topic":
        raise bad_request("Invalid query parameter type=%r: only topic is supported." % qtype)
    keyword = ctx.query.get("keyword")
    if keyword not in (None, "") and not QUOTA_WORD_RE.fullmatch(keyword):
        raise bad_request("Invalid query parameter keyword=%r: must start with a letter and contain only letters, "
                          "digits, hyphens (-) and underscores (_)." % keyword)
    limit = query_int(ctx, "limit", 1, None, 10)
    offset = query_int(ctx, "offset", 0, None, 0)
    quotas = []
    for doc in ctx.store.list("topic_quota", instance_id):
        doc = settle_quota(ctx, instance_id, doc)
        if doc is None:
            continue
        if keyword and keyword not in doc["topic"]:
            continue
        item = {"topic": doc["topic"]}
        for key, sdk_key in RATE_KEYS:
            if key in doc:
                item[key] = doc[key]
                # Huawei's SDK reads (and sends) the underscore spelling for topic quotas;
                # answer both so that either kind of client sees the rates.
                item[sdk_key] = doc[key]
        quotas.append(item)
    return {"quotas": quotas[offset:offset + limit], "count": len(quotas)}


@route(router, ["GET"], KP + "/kafka-topic-quota")
def get_topic_quotas(instance_id: str, ctx: Ctx = Depends(api_ctx)):
    ctx.instance(instance_id)
    return ok(list_topic_quotas(ctx, instance_id))
