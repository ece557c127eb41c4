"""Consumer groups (5.5.1-5.5.11).

Documents of kind ``group`` (scope instance id, key group id)::

    {"group_id", "group_desc", "createdAt" (ms), "coordinator_id", "assignment_strategy",
     "state" (only when forced by the test hook),
     "members": [{"member_id", "client_id", "host", "assignment": [{"topic", "partitions": [int]}]}],
     "offsets": [{"topic", "partition", "message_current_offset"}]}

A group created through the API is ``EMPTY`` (no members, no offsets).  Members
and committed offsets are data: real consumers would create them through the
Kafka protocol, here the test hook ``POST /_emulator/instances/{instance_id}/groups/{group}``
sets them (and creates the group when missing, as a joining consumer does)::

    {"members": [...], "offsets": [{"topic", "partition", "offset"}], "state": "STABLE", "group_desc": "..."}

The state is ``STABLE`` while the group has members and ``EMPTY`` otherwise,
unless the hook forced one.  Log start/end offsets come from the topic document
(``_parts[p].start/end``, kept by the topics and messages modules) or else from
the ``message`` documents of the topic (scope ``"<instance_id>/<topic>"``,
fields ``partition`` and ``message_offset``); with neither, both are 0.

Emulator choices where the reference is silent
----------------------------------------------
* group names: 3-64 characters, starting with a letter or ``_``, then letters,
  digits, ``.``, ``_`` and ``-`` (the console rule) else 400 ``DMS.10240016``;
  ``group_desc`` at most 200 characters else 400 ``DMS.00400800``;
* an existing group: 400 ``DMS.40050015`` "Consumer group exits.";
* an unknown group: 404 ``DMS.10240405``;
* deleting a group with members (5.5.8) or resetting its offsets (5.5.5): 400
  ``DMS.00400800`` (the reference requires stopped consumers); in a batch
  delete (5.5.3) the group is reported in ``failed_groups`` with
  ``error_message`` ``NON_EMPTY_GROUP`` (``GROUP_ID_NOT_FOUND`` for an unknown one);
* ``limit`` above 50 (5.5.2, 5.5.9, 5.5.11): 400 ``DMS.10240042``;
* the ``group`` filter of 5.5.2 is a case-insensitive substring match;
* reset offsets (5.5.5): ``partition`` is mandatory (``-1`` = all partitions),
  exactly one of ``message_offset`` / ``timestamp``, values are clamped to the
  log range; without ``topic`` (or with ``""``) every topic the group has
  offsets for is reset and a background task ``kafkaResetConsumerOffset`` is
  recorded (the Terraform provider waits for it); ``message_offset`` and
  ``timestamp`` may be integer strings (the Terraform provider sends strings);
  a bad timestamp is 400 ``DMS.00400142``; served with PUT and POST on the
  ``/v2/kafka/``, ``/v2/{engine}/`` and section 6's ``.../management/groups/...`` paths;
* delete offsets (5.5.10): a topic a member is assigned is reported with
  ``success: false, error_code: "DMS.00400882"``, a topic that does not exist
  with ``DMS.00400975``; ``error_code`` appears only on failures;
* GET of one group also answers ``group_desc``, ``lag`` and ``createdAt`` and is
  also served without the engine segment, ``PUT`` on it changes ``group_desc``
  (204): the forms the Terraform provider uses.
"""

from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Tuple

from fastapi import APIRouter, Depends, Request

from ..core import ApiError, Ctx, api_ctx, bad_request, no_content, ok, route, text

router = APIRouter(tags=["Consumer groups (5.5)"])

GROUP_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9._-]{2,63}\Z")
MAX_DESC = 200

ENGINE_GROUP = "/v2/{engine}/{project_id}/instances/{instance_id}/groups/{group}"
PLAIN_GROUP = "/v2/{project_id}/instances/{instance_id}/groups/{group}"


# --------------------------------------------------------------------------- helpers


def group_not_found(group: str) -> ApiError:
    return ApiError(404, "DMS.10240405", "The consumption group ID is incorrect or not found: %r." % group)


def _get_group(ctx: Ctx, instance_id: str, group: str) -> Dict[str, Any]:
    doc = ctx.store.get("group", instance_id, group)
    if doc is None:
        raise group_not_found(group)
    return doc


def _state(doc: Dict[str, Any]) -> str:
    if doc.get("state"):
        return doc["state"]
    return "STABLE" if doc.get("members") else "EMPTY"


def _log_range(ctx: Ctx, instance_id: str, topic: str, partition: int) -> Tuple[int, int]:
    """(log start offset, log end offset) of a partition.

    The topics module keeps them in the topic document (``_parts[p].start/end``);
    without those, the ``message`` documents of the topic are used.
    """
    topic_doc = ctx.store.get("topic", instance_id, topic) or {}
    parts = topic_doc.get("_parts")
    if isinstance(parts, list) and 0 <= partition < len(parts) and isinstance(parts[partition], dict):
        part = parts[partition]
        try:
            return int(part.get("start") or 0), int(part.get("end") or 0)
        except (TypeError, ValueError):
            pass
    offsets = []
    for msg in ctx.store.list("message", "%s/%s" % (instance_id, topic)):
        if msg.get("partition") != partition:
            continue
        off = msg.get("message_offset", msg.get("offset"))
        if isinstance(off, int) and not isinstance(off, bool):
            offsets.append(off)
    if not offsets:
        return 0, 0
    return min(offsets), max(offsets) + 1


def _messages(ctx: Ctx, instance_id: str, topic: str, partition: int) -> List[Dict[str, Any]]:
    out = [m for m in ctx.store.list("message", "%s/%s" % (instance_id, topic)) if m.get("partition") == partition]
    return sorted(out, key=lambda m: m.get("message_offset", m.get("offset", 0)) or 0)


def _offset_rows(ctx: Ctx, instance_id: str, doc: Dict[str, Any]) -> List[Dict[str, Any]]:
    rows = []
    for o in doc.get("offsets", []):
        if ctx.store.get("topic", instance_id, o["topic"]) is None:
            continue  # Kafka drops the committed offsets of a deleted topic
        start, end = _log_range(ctx, instance_id, o["topic"], o["partition"])
        current = o["message_current_offset"]
        rows.append({
            "partition": o["partition"],
            "lag": max(0, end - current),
            "topic": o["topic"],
            "message_current_offset": current,
            "message_log_end_offset": end,
            "_start": start,
        })
    rows.sort(key=lambda r: (r["partition"], r["topic"]))
    return rows


def _lag(rows: List[Dict[str, Any]]) -> int:
    return sum(r["lag"] for r in rows)


def _strip(rows: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    return [{k: v for k, v in r.items() if not k.startswith("_")} for r in rows]


def _int_query(ctx: Ctx, name: str, default: Optional[int], minimum: int = 0,
               maximum: Optional[int] = None) -> Optional[int]:
    raw = ctx.query.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise bad_request("Invalid request parameter %s: must be an integer (got %r)." % (name, raw))
    if value < minimum:
        raise bad_request("Invalid request parameter %s: must be greater than or equal to %d." % (name, minimum))
    if maximum is not None and value > maximum:
        raise ApiError(400, "DMS.10240042", "The number of records on each page for pagination query exceeds the "
                                            "upper limit: %s must be %d to %d." % (name, minimum, maximum))
    return value


def _page(items: List[Any], offset: int, limit: Optional[int]) -> List[Any]:
    return items[offset:] if limit is None else items[offset:offset + limit]


def _members_on(doc: Dict[str, Any], topic: str, partition: Optional[int] = None) -> List[Dict[str, Any]]:
    out = []
    for m in doc.get("members", []):
        for a in m.get("assignment", []) or []:
            if a.get("topic") == topic and (partition is None or partition in (a.get("partitions") or [])):
                out.append(m)
                break
    return out


def _check_desc(desc: Any) -> Optional[str]:
    if desc is None:
        return None
    if not isinstance(desc, str):
        raise bad_request("Invalid request parameter group_desc: must be a string.")
    if len(desc) > MAX_DESC:
        raise bad_request("Invalid request parameter group_desc: at most %d characters are allowed (got %d)."
                          % (MAX_DESC, len(desc)))
    return desc


def new_group(ctx: Ctx, instance_id: str, name: str, desc: Optional[str]) -> Dict[str, Any]:
    inst = ctx.store.get("instance", "", instance_id) or {}
    brokers = inst.get("broker_num") if isinstance(inst.get("broker_num"), int) else 3
    coordinator = sum(name.encode()) % max(1, brokers)
    return {
        "group_id": name, "group_desc": desc, "createdAt": ctx.now_ms(), "coordinator_id": coordinator,
        "assignment_strategy": "range", "members": [], "offsets": [],
    }


# --------------------------------------------------------------------------- create / list / delete


@route(router, ["POST"], "/v2/{project_id}/kafka/instances/{instance_id}/group")
def create_group(instance_id: str, ctx: Ctx = Depends(api_ctx)):
    """5.5.4: answers the plain text ``success``."""
    ctx.running_instance(instance_id)
    body = ctx.body_obj()
    name = body.get("group_name")
    if name is None or name == "":
        raise bad_request("Invalid request parameter group_name: it is mandatory.")
    if not isinstance(name, str):
        raise bad_request("Invalid request parameter group_name: must be a string.")
    if not GROUP_RE.fullmatch(name):
        raise ApiError(400, "DMS.10240016", "The group ID format is invalid: group_name %r must be 3 to 64 "
                                            "characters, start with a letter or underscore (_) and contain only "
                                            "letters, digits, periods (.), underscores (_) and hyphens (-)." % name)
    desc = _check_desc(body.get("group_desc"))
    if ctx.store.get("group", instance_id, name) is not None:
        raise ApiError(400, "DMS.40050015", "Consumer group exits: group_name %r is already used in this "
                                            "instance." % name)
    ctx.store.put("group", instance_id, name, new_group(ctx, instance_id, name, desc))
    return text("success")


@route(router, ["GET"], "/v2/{project_id}/instances/{instance_id}/groups")
def list_groups(instance_id: str, ctx: Ctx = Depends(api_ctx)):
    """5.5.2."""
    ctx.instance(instance_id)
    offset = _int_query(ctx, "offset", 0)
    limit = _int_query(ctx, "limit", 10, minimum=1, maximum=50)
    keyword = (ctx.query.get("group") or "").lower()
    groups = []
    for doc in ctx.store.list("group", instance_id):
        if keyword and keyword not in doc["group_id"].lower():
            continue
        groups.append({
            "createdAt": doc["createdAt"],
            "group_id": doc["group_id"],
            "state": _state(doc),
            "coordinator_id": doc["coordinator_id"],
            "lag": _lag(_offset_rows(ctx, instance_id, doc)),
            "group_desc": doc.get("group_desc"),
        })
    return ok({"groups": _page(groups, offset, limit), "total": len(groups)})


@route(router, ["POST"], "/v2/{project_id}/instances/{instance_id}/groups/batch-delete")
def batch_delete(instance_id: str, ctx: Ctx = Depends(api_ctx)):
    """5.5.3: ``{"group_ids": [...]}`` → ``{"failed_groups": [...], "total": n}``."""
    ctx.running_instance(instance_id)
    body = ctx.body_obj()
    ids = body.get("group_ids")
    if not isinstance(ids, list) or not ids:
        raise bad_request("Invalid request parameter group_ids: a non-empty array of group IDs is mandatory.")
    if not all(isinstance(g, str) and g for g in ids):
        raise bad_request("Invalid request parameter group_ids: every item must be a non-empty string.")
    failed = []
    for gid in dict.fromkeys(ids):
        doc = ctx.store.get("group", instance_id, gid)
        if doc is None:
            failed.append({"group_id": gid, "error_message": "GROUP_ID_NOT_FOUND"})
        elif doc.get("members"):
            failed.append({"group_id": gid, "error_message": "NON_EMPTY_GROUP"})
        else:
            ctx.store.delete("group", instance_id, gid)
    return ok({"failed_groups": failed, "total": len(failed)})


@route(router, ["DELETE"], ENGINE_GROUP, PLAIN_GROUP)
def delete_group(instance_id: str, group: str, ctx: Ctx = Depends(api_ctx)):
    """5.5.8: 200 without a body."""
    ctx.running_instance(instance_id)
    doc = _get_group(ctx, instance_id, group)
    if doc.get("members"):
        raise bad_request("Invalid request parameter group: the consumer group %r has active members; stop its "
                          "consumers before deleting it." % group)
    ctx.store.delete("group", instance_id, group)
    return ok(None, 200)


# --------------------------------------------------------------------------- details


def _group_body(ctx: Ctx, instance_id: str, doc: Dict[str, Any], with_assignment: bool) -> Dict[str, Any]:
    rows = _offset_rows(ctx, instance_id, doc)
    members = []
    for m in doc.get("members", []):
        item = {"host": m.get("host", ""), "member_id": m["member_id"], "client_id": m.get("client_id", "")}
        if with_assignment:
            item["assignment"] = [{"topic": a["topic"], "partitions": list(a.get("partitions") or [])}
                                  for a in m.get("assignment", []) or []]
        members.append(item)
    return {
        "group_id": doc["group_id"],
        "state": _state(doc),
        "coordinator_id": doc["coordinator_id"],
        "members": members,
        "group_message_offsets": _strip(rows),
        "assignment_strategy": doc.get("assignment_strategy") or "range",
        "group_desc": doc.get("group_desc"),
        "lag": _lag(rows),
        "createdAt": doc["createdAt"],
    }


@route(router, ["GET"], "/v2/{project_id}/instances/{instance_id}/management/groups/{group}")
def group_details(instance_id: str, group: str, ctx: Ctx = Depends(api_ctx)):
    """5.5.1: members with their assignment."""
    ctx.instance(instance_id)
    doc = _get_group(ctx, instance_id, group)
    return ok({"group": _group_body(ctx, instance_id, doc, with_assignment=True)})


@route(router, ["GET"], ENGINE_GROUP, PLAIN_GROUP)
def get_group(instance_id: str, group: str, ctx: Ctx = Depends(api_ctx)):
    """5.5.7."""
    ctx.instance(instance_id)
    doc = _get_group(ctx, instance_id, group)
    return ok({"group": _group_body(ctx, instance_id, doc, with_assignment=False)})


@route(router, ["PUT"], ENGINE_GROUP, PLAIN_GROUP)
def update_group(instance_id: str, group: str, ctx: Ctx = Depends(api_ctx)):
    """Not in the reference: the Terraform provider changes ``group_desc`` this way (204)."""
    ctx.running_instance(instance_id)
    doc = _get_group(ctx, instance_id, group)
    body = ctx.body_obj()
    name = body.get("group_name")
    if name not in (None, "", group):
        raise bad_request("Invalid request parameter group_name: a consumer group cannot be renamed "
                          "(%r in the body, %r in the path)." % (name, group))
    if "group_desc" in body:
        doc["group_desc"] = _check_desc(body.get("group_desc"))
    ctx.store.put("group", instance_id, group, doc)
    return no_content()


@route(router, ["GET"], ENGINE_GROUP + "/message-offset")
def group_offsets(instance_id: str, group: str, ctx: Ctx = Depends(api_ctx)):
    """5.5.6: ``partition`` and ``message_current_offset`` are Strings as documented."""
    ctx.instance(instance_id)
    doc = _get_group(ctx, instance_id, group)
    topic = ctx.query.get("topic")
    partition = _int_query(ctx, "partition", None)
    offset = _int_query(ctx, "offset", 0)
    limit = _int_query(ctx, "limit", None, minimum=1)
    items = []
    for row in _offset_rows(ctx, instance_id, doc):
        if topic and row["topic"] != topic:
            continue
        if partition is not None and row["partition"] != partition:
            continue
        owners = _members_on(doc, row["topic"], row["partition"])
        owner = owners[0] if owners else {}
        items.append({
            "topic": row["topic"],
            "partition": str(row["partition"]),
            "message_current_offset": str(row["message_current_offset"]),
            "message_log_start_offset": row["_start"],
            "message_log_end_offset": row["message_log_end_offset"],
            "consumer_id": owner.get("member_id", ""),
            "host": owner.get("host", ""),
            "client_id": owner.get("client_id", ""),
        })
    return ok({"group_message_offsets": _page(items, offset, limit), "total": len(items)})


@route(router, ["GET"], ENGINE_GROUP + "/topics")
def group_topics(instance_id: str, group: str, ctx: Ctx = Depends(api_ctx)):
    """5.5.9."""
    ctx.instance(instance_id)
    doc = _get_group(ctx, instance_id, group)
    offset = _int_query(ctx, "offset", 0)
    limit = _int_query(ctx, "limit", 10, minimum=1, maximum=50)
    sort_key = ctx.query.get("sort_key") or "messages"
    if sort_key not in ("topic", "partition", "messages"):
        raise bad_request("Invalid request parameter sort_key: must be topic, partition or messages (got %r)."
                          % sort_key)
    sort_dir = ctx.query.get("sort_dir") or "desc"
    if sort_dir not in ("asc", "desc"):
        raise bad_request("Invalid request parameter sort_dir: must be asc or desc (got %r)." % sort_dir)
    keyword = ctx.query.get("topic") or ""
    per_topic: Dict[str, Dict[str, Any]] = {}
    for row in _offset_rows(ctx, instance_id, doc):
        entry = per_topic.setdefault(row["topic"], {"topic": row["topic"], "partitions": 0, "lag": 0, "_parts": set()})
        entry["_parts"].add(row["partition"])
        entry["lag"] += row["lag"]
    items = []
    for name, entry in per_topic.items():
        if keyword and keyword not in name:
            continue
        topic_doc = ctx.store.get("topic", instance_id, name) or {}
        count = topic_doc.get("partition")
        entry["partitions"] = count if isinstance(count, int) and not isinstance(count, bool) else len(entry["_parts"])
        items.append({"topic": name, "partitions": entry["partitions"], "lag": entry["lag"]})
    field = {"topic": "topic", "partition": "partitions", "messages": "lag"}[sort_key]
    items.sort(key=lambda i: (i[field], i["topic"]), reverse=(sort_dir == "desc"))
    return ok({"topics": _page(items, offset, limit), "total": len(items)})


@route(router, ["GET"], ENGINE_GROUP + "/members")
def group_members(instance_id: str, group: str, ctx: Ctx = Depends(api_ctx)):
    """5.5.11."""
    ctx.instance(instance_id)
    doc = _get_group(ctx, instance_id, group)
    offset = _int_query(ctx, "offset", 0)
    limit = _int_query(ctx, "limit", 10, minimum=1, maximum=50)
    host = ctx.query.get("host")
    member_id = ctx.query.get("member_id")
    items = []
    for m in doc.get("members", []):
        if host and m.get("host", "") != host and m.get("host", "").lstrip("/") != host.lstrip("/"):
            continue
        if member_id and m["member_id"] != member_id:
            continue
        items.append({"member_id": m["member_id"], "client_id": m.get("client_id", "")})
    return ok({"members": _page(items, offset, limit), "total": len(items)})


# --------------------------------------------------------------------------- offsets


def _long(body: Dict[str, Any], key: str) -> Optional[int]:
    value = body.get(key)
    if value is None or value == "":
        return None
    if isinstance(value, str) and re.fullmatch(r"^-?[0-9]+$", value.strip()):
        value = int(value)  # the Terraform provider sends these Long fields as strings
    if isinstance(value, bool) or not isinstance(value, int):
        if key == "timestamp":
            raise ApiError(400, "DMS.00400142", "Timestamp is invalid: timestamp must be a Unix time in "
                                                "milliseconds (integer).")
        raise bad_request("Invalid request parameter %s: must be an integer." % key)
    return value


@route(router, ["PUT", "POST"],
       "/v2/kafka/{project_id}/instances/{instance_id}/groups/{group}/reset-message-offset",
       ENGINE_GROUP + "/reset-message-offset",
       "/v2/{project_id}/instances/{instance_id}/management/groups/{group}/reset-message-offset")
def reset_offsets(instance_id: str, group: str, ctx: Ctx = Depends(api_ctx)):
    """5.5.5: 204."""
    ctx.running_instance(instance_id)
    doc = _get_group(ctx, instance_id, group)
    body = ctx.body_obj()
    topic = body.get("topic")
    if topic == "":
        topic = None  # the Terraform provider sends "" for "every topic"
    if topic is not None and not isinstance(topic, str):
        raise bad_request("Invalid request parameter topic: must be a string.")
    if "partition" not in body or body.get("partition") is None:
        raise bad_request("Invalid request parameter partition: it is mandatory (-1 resets every partition).")
    partition = body["partition"]
    if isinstance(partition, bool) or not isinstance(partition, int) or partition < -1:
        raise bad_request("Invalid request parameter partition: must be an integer >= -1 (-1 = all partitions).")
    message_offset = _long(body, "message_offset")
    timestamp = _long(body, "timestamp")
    if message_offset is None and timestamp is None:
        raise bad_request("Invalid request parameter: either message_offset or timestamp must be specified.")
    if message_offset is not None and timestamp is not None:
        raise bad_request("Invalid request parameter: specify message_offset or timestamp, not both.")
    if timestamp is not None and timestamp < 0:
        raise ApiError(400, "DMS.00400142", "Timestamp is invalid: timestamp must be >= 0 (Unix ms).")
    if message_offset is not None and message_offset < 0:
        raise bad_request("Invalid request parameter message_offset: must be >= 0.")
    if doc.get("members"):
        raise bad_request("Invalid request parameter group: the consumer group %r has active members; Kafka "
                          "instances do not support resetting the consumer offset online, stop the consumers "
                          "first." % group)
    # which (topic, partition) pairs to reset
    targets: List[Tuple[str, int]] = []
    if topic is not None:
        topic_doc = ctx.store.get("topic", instance_id, topic)
        known = sorted({o["partition"] for o in doc.get("offsets", []) if o["topic"] == topic})
        if topic_doc is None and not known:
            raise ApiError(400, "DMS.00400975", "Failed to query topics. The topic %r does not exist." % topic)
        count = (topic_doc or {}).get("partition")
        parts = list(range(count)) if isinstance(count, int) and not isinstance(count, bool) else known
        if partition == -1:
            targets = [(topic, p) for p in parts]
        else:
            if parts and partition not in parts:
                raise bad_request("Invalid request parameter partition: topic %r has partitions 0-%d."
                                  % (topic, max(parts)))
            targets = [(topic, partition)]
    else:
        for o in doc.get("offsets", []):
            if partition in (-1, o["partition"]):
                targets.append((o["topic"], o["partition"]))
    offsets = {(o["topic"], o["partition"]): o for o in doc.get("offsets", [])}
    for t, p in targets:
        start, end = _log_range(ctx, instance_id, t, p)
        if message_offset is not None:
            new = min(max(message_offset, start), end)
        else:
            new = end
            for msg in _messages(ctx, instance_id, t, p):
                ts = msg.get("timestamp")
                if isinstance(ts, int) and ts >= timestamp:
                    new = msg.get("message_offset", msg.get("offset", end))
                    break
            new = min(max(new, start), end)
        entry = offsets.setdefault((t, p), {"topic": t, "partition": p, "message_current_offset": 0})
        entry["message_current_offset"] = new
    doc["offsets"] = sorted(offsets.values(), key=lambda o: (o["topic"], o["partition"]))
    ctx.store.put("group", instance_id, group, doc)
    if topic is None:
        # Resetting every topic runs as a background task on the service (the Terraform
        # provider waits for the task named kafkaResetConsumerOffset).
        ctx.add_task(instance_id, "kafkaResetConsumerOffset",
                     {"group": group, "partition": partition, "message_offset": message_offset,
                      "timestamp": timestamp}, fail=ctx.effect("task_failed"))
    return no_content()


@route(router, ["POST"], "/v2/kafka/{project_id}/instances/{instance_id}/groups/{group}/delete-offset",
       ENGINE_GROUP + "/delete-offset")
def delete_offsets(instance_id: str, group: str, ctx: Ctx = Depends(api_ctx)):
    """5.5.10: per-topic result list."""
    ctx.running_instance(instance_id)
    doc = _get_group(ctx, instance_id, group)
    body = ctx.body_obj(required=False)
    topics = body.get("topics")
    if topics is None:
        topics = sorted({o["topic"] for o in doc.get("offsets", [])})
    if not isinstance(topics, list) or not all(isinstance(t, str) and t for t in topics):
        raise bad_request("Invalid request parameter topics: must be an array of topic names.")
    results = []
    for t in dict.fromkeys(topics):
        has_offsets = any(o["topic"] == t for o in doc.get("offsets", []))
        if _members_on(doc, t):
            results.append({"name": t, "success": False, "error_code": "DMS.00400882"})
        elif not has_offsets and ctx.store.get("topic", instance_id, t) is None:
            results.append({"name": t, "success": False, "error_code": "DMS.00400975"})
        else:
            doc["offsets"] = [o for o in doc.get("offsets", []) if o["topic"] != t]
            results.append({"name": t, "success": True})
    ctx.store.put("group", instance_id, group, doc)
    return ok({"topics": results})


# --------------------------------------------------------------------------- test hook


@router.post("/_emulator/instances/{instance_id}/groups/{group}", include_in_schema=False)
async def hook_group_state(instance_id: str, group: str, request: Request):
    """Test hook: set a group's members, committed offsets (and optionally state/description)."""
    from ..core import Ctx as _Ctx

    state = request.app.state.emu
    raw = await request.body()
    state.store.begin()
    try:
        ctx = _Ctx(state, request)
        ctx._body = raw
        body = ctx.body_obj(required=False)
        if state.store.get("instance", "", instance_id) is None:
            raise ApiError(404, "DMS.00404022", "This instance does not exist.")
        doc = state.store.get("group", instance_id, group) or new_group(ctx, instance_id, group, None)
        if "members" in body:
            members = []
            for m in body["members"] or []:
                members.append({
                    "member_id": str(m["member_id"]),
                    "client_id": str(m.get("client_id", "")),
                    "host": str(m.get("host", "")),
                    "assignment": [{"topic": str(a["topic"]), "partitions": [int(p) for p in a.get("partitions", [])]}
                                   for a in m.get("assignment", []) or []],
                })
            doc["members"] = members
        if "offsets" in body:
            doc["offsets"] = [{"topic": str(o["topic"]), "partition": int(o["partition"]),
                               "message_current_offset": int(o.get("offset", o.get("message_current_offset", 0)))}
                              for o in body["offsets"] or []]
        if "state" in body:
            doc["state"] = body["state"] or None
        if "group_desc" in body:
            doc["group_desc"] = body["group_desc"]
        state.store.put("group", instance_id, group, doc)
        state.store.commit()
    except ApiError as exc:
        state.store.rollback()
        return exc.response()
    except (KeyError, TypeError, ValueError) as exc:
        state.store.rollback()
        return ApiError(400, "DMS.00400800", "bad hook body: %r" % (exc,)).response()
    except BaseException:
        state.store.rollback()
        raise
    return ok({"group": doc})
