"""Tags (reference 5.9): batch add/delete, instance tags, project tags.

Tags live in the instance document (``tags``: ``[{"key", "value"}]``), the
field ShowInstanceResp returns, so 5.1.3 and 5.9.2 always agree.
``validate_tags`` is shared with instance creation (5.1.1 ``tags``).
"""

from __future__ import annotations

from typing import Any, Dict, List

from fastapi import APIRouter, Depends

from ..core import ApiError, Ctx, api_ctx, no_content, ok, route

router = APIRouter(tags=["tags"])

MAX_TAGS = 10
# Union of the special characters the reference tables allow (5.1.1: _.:=-@, 5.1.2: _:=+-@, 5.9.1: _:=+-.@).
TAG_SPECIALS = set("_.:=+-@ ")


def _err(code: str, msg: str, status: int = 400) -> ApiError:
    return ApiError(status, code, msg)


def _chars_ok(text: str) -> bool:
    return all(c.isalnum() or c in TAG_SPECIALS for c in text)


def validate_key(key: Any, field: str) -> str:
    if not isinstance(key, str) or not key or len(key) > 128:
        raise _err("DMS.10240035", "The tag key is empty or too long: %s.key must be 1 to 128 characters." % field)
    if key != key.strip(" "):
        raise _err("DMS.10240036", "The tag key contains invalid characters: %s.key %r cannot start or end with a "
                   "space." % (field, key))
    if key.startswith("sys"):
        raise _err("DMS.10240036", "The tag key contains invalid characters: %s.key %r cannot start with sys."
                   % (field, key))
    if not _chars_ok(key):
        raise _err("DMS.10240036", "The tag key contains invalid characters: %s.key %r may contain only letters, "
                   "digits, spaces and _ . : = + - @." % (field, key))
    return key


def validate_value(value: Any, field: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str) or len(value) > 255:
        raise _err("DMS.10240038", "The tag value is too long: %s.value must be a string of 0 to 255 characters."
                   % field)
    if not _chars_ok(value):
        raise _err("DMS.10240039", "The tag value contains invalid characters: %s.value %r may contain only "
                   "letters, digits, spaces and _ . : = + - @." % (field, value))
    return value


def validate_tags(tags: Any, field: str = "tags", limit: bool = True) -> List[Dict[str, str]]:
    """A list of TagEntity objects, checked against every 5.1.1/5.9.1 rule."""
    if not isinstance(tags, list):
        raise _err("DMS.00400800", "Invalid request parameter %s: must be an array of {key, value} objects." % field)
    out: List[Dict[str, str]] = []
    seen = set()
    for i, tag in enumerate(tags):
        where = "%s[%d]" % (field, i)
        if not isinstance(tag, dict):
            raise _err("DMS.00400800", "Invalid request parameter %s: must be an object with key and value." % where)
        key = validate_key(tag.get("key"), where)
        value = validate_value(tag.get("value"), where)
        if key in seen:
            raise _err("DMS.10240045", "The tag key has been used: %s appears twice in %s." % (key, field))
        seen.add(key)
        out.append({"key": key, "value": value})
    if limit and len(out) > MAX_TAGS:
        raise _err("DMS.10240044", "A maximum of 10 tags can be created (%s has %d)." % (field, len(out)))
    return out


@route(router, ["POST"], "/v2/{project_id}/kafka/{instance_id}/tags/action")
def tags_action(instance_id: str, ctx: Ctx = Depends(api_ctx)):
    body = ctx.body_obj()
    doc = ctx.instance(instance_id)
    action = body.get("action")
    if action not in ("create", "delete"):
        raise _err("DMS.10240040", "You can only create or delete tags: action must be create or delete "
                   "(lowercase).")
    raw = body.get("tags")
    if not isinstance(raw, list) or not raw:
        raise _err("DMS.00400800", "Invalid request parameter tags: must be a non-empty array of {key, value}.")
    current = list(doc.get("tags") or [])
    if action == "create":
        tags = validate_tags(raw, "tags", limit=False)
        merged = {t["key"]: t["value"] for t in current}
        for t in tags:
            merged[t["key"]] = t["value"]  # an existing key takes the new value
        if len(merged) > MAX_TAGS:
            raise _err("DMS.10240044", "A maximum of 10 tags can be created (the instance would have %d)."
                       % len(merged))
        doc["tags"] = [{"key": k, "value": v} for k, v in merged.items()]
    else:
        keys = []
        for i, tag in enumerate(raw):
            where = "tags[%d]" % i
            if not isinstance(tag, dict):
                raise _err("DMS.00400800", "Invalid request parameter %s: must be an object with key." % where)
            keys.append(validate_key(tag.get("key"), where))
            if tag.get("value") is not None:
                validate_value(tag.get("value"), where)
        existing = {t["key"] for t in current}
        for key in keys:
            if key not in existing:
                raise _err("DMS.10240426", "No tag containing this key exists: %s." % key, 404)
        doc["tags"] = [t for t in current if t["key"] not in set(keys)]
    ctx.save_instance(doc)
    return no_content()


@route(router, ["GET"], "/v2/{project_id}/kafka/{instance_id}/tags")
def instance_tags(instance_id: str, ctx: Ctx = Depends(api_ctx)):
    doc = ctx.instance(instance_id)
    return ok({"tags": [{"key": t["key"], "value": t.get("value", "")} for t in doc.get("tags") or []]})


@route(router, ["GET"], "/v2/{project_id}/kafka/tags")
def project_tags(ctx: Ctx = Depends(api_ctx)):
    keys: Dict[str, List[str]] = {}
    for doc in ctx.instances():
        for t in doc.get("tags") or []:
            values = keys.setdefault(t["key"], [])
            if t.get("value", "") not in values:
                values.append(t.get("value", ""))
    return ok({"tags": [{"key": k, "values": v} for k, v in keys.items()]})
