"""User and client quotas (5.2.9-5.2.12): ``/v2/kafka/{project_id}/instances/{instance_id}/kafka-user-client-quota``.

Model
-----
A quota is identified by the tuple (``user``, ``client``, ``user-default``,
``client-default``); an unset user or client is ``""`` and an unset flag is
``false`` (the reference's own examples send ``"user": ""``).  Documents of kind
``user_client_quota`` (scope instance id, key the JSON of the identity) hold the
applied state under the documented hyphenated keys.

Writes are asynchronous as documented: POST/PUT/DELETE answer ``{"job_id"}`` at
once and the change becomes visible in GET only when that background task
(5.8) has succeeded, i.e. after the emulator delay.  A task made to fail with
the ``task_failed`` fault effect changes nothing.

Emulator choices where the reference is silent
----------------------------------------------
* creating a quota that exists (or whose creation is pending), and modifying or
  deleting one that does not exist: 400 ``DMS.00400800`` naming the identity;
* a modify without a rate keeps that rate's current value;
* a rate never set is reported as ``0``;
* rates must be integers >= 0 (no upper bound is documented);
* request bodies may use the SDK's underscore spellings (``user_default``,
  ``producer_byte_rate``...); answers always use the hyphenated keys;
* GET without ``limit`` returns every quota (no default page size is documented).
"""

from __future__ import annotations

import json
from typing import Any, Dict, Optional, Tuple

from fastapi import APIRouter, Depends

from ..core import Ctx, api_ctx, bad_request, ok, route

router = APIRouter(tags=["User/client quotas (5.2.9-5.2.12)"])

KIND = "user_client_quota"
PATH = "/v2/kafka/{project_id}/instances/{instance_id}/kafka-user-client-quota"
# The engine-first prefix with a variable engine, as the SDK builds some kafka paths.
PATH_ENGINE = "/v2/{engine}/{project_id}/instances/{instance_id}/kafka-user-client-quota"

IDENTITY_KEYS = ("user", "client", "user-default", "client-default")
RATE_KEYS = ("producer-byte-rate", "consumer-byte-rate")
ALIASES = {k: k.replace("-", "_") for k in IDENTITY_KEYS + RATE_KEYS}


# --------------------------------------------------------------------------- body parsing


def _field(body: Dict[str, Any], key: str) -> Tuple[bool, Any]:
    """(present, value) for a documented key, accepting the underscore spelling too."""
    if key in body:
        return True, body[key]
    alias = ALIASES.get(key)
    if alias and alias in body:
        return True, body[alias]
    return False, None


def _parse(body: Dict[str, Any], need_rate: bool) -> Tuple[Dict[str, Any], Dict[str, Optional[int]]]:
    ident: Dict[str, Any] = {}
    for key in ("user", "client"):
        present, value = _field(body, key)
        if not present or value is None:
            value = ""
        if not isinstance(value, str):
            raise bad_request("Invalid request parameter %s: must be a string." % key)
        ident[key] = value.strip()
    for key in ("user-default", "client-default"):
        present, value = _field(body, key)
        if not present or value is None:
            value = False
        if not isinstance(value, bool):
            raise bad_request("Invalid request parameter %s: must be a boolean (true or false)." % key)
        ident[key] = value
    if ident["user-default"] and ident["user"]:
        raise bad_request("Invalid request parameter user: the username cannot be set when user-default is true.")
    if ident["client-default"] and ident["client"]:
        raise bad_request("Invalid request parameter client: the client ID cannot be set when client-default is true.")
    if not (ident["user"] or ident["client"] or ident["user-default"] or ident["client-default"]):
        raise bad_request("Invalid request parameter: specify user or client, or set user-default or "
                          "client-default to true.")
    rates: Dict[str, Optional[int]] = {}
    for key in RATE_KEYS:
        present, value = _field(body, key)
        if not present or value is None:
            rates[key] = None
            continue
        if isinstance(value, bool) or not isinstance(value, int):
            raise bad_request("Invalid request parameter %s: must be an integer (byte/s)." % key)
        if value < 0:
            raise bad_request("Invalid request parameter %s: must be greater than or equal to 0." % key)
        rates[key] = value
    if need_rate and all(v is None for v in rates.values()):
        raise bad_request("Invalid request parameter: either producer-byte-rate or consumer-byte-rate "
                          "must be specified.")
    return ident, rates


def _key(ident: Dict[str, Any]) -> str:
    return json.dumps([ident[k] for k in IDENTITY_KEYS], separators=(",", ":"))


def _describe(ident: Dict[str, Any]) -> str:
    parts = []
    if ident["user-default"]:
        parts.append("all users (user-default)")
    elif ident["user"]:
        parts.append("user %r" % ident["user"])
    if ident["client-default"]:
        parts.append("all clients (client-default)")
    elif ident["client"]:
        parts.append("client %r" % ident["client"])
    return "the quota for " + " and ".join(parts)


# --------------------------------------------------------------------------- state


def _settle(ctx: Ctx, instance_id: str, doc: Dict[str, Any]) -> Optional[Dict[str, Any]]:
    """Apply a pending change whose task has finished; None when the quota does not exist (yet)."""
    pending = doc.get("_pending")
    if pending and ctx.now() >= pending["at"]:
        if pending["op"] == "delete":
            ctx.store.delete(KIND, instance_id, doc["_key"])
            return None
        doc.update(pending["values"])
        doc["_active"] = True
        doc.pop("_pending", None)
        ctx.store.put(KIND, instance_id, doc["_key"], doc)
    return doc if doc.get("_active") else None


def _public(doc: Dict[str, Any]) -> Dict[str, Any]:
    out = {k: doc[k] for k in IDENTITY_KEYS}
    for k in RATE_KEYS:
        out[k] = doc.get(k) if doc.get(k) is not None else 0
    return out


def _submit(ctx: Ctx, instance_id: str, doc: Dict[str, Any], op: str, values: Dict[str, Any], task: str) -> Any:
    fail = ctx.effect("task_failed")
    earlier = doc.get("_pending")
    if earlier and op == "update" and earlier["op"] == "update":
        values = dict(earlier["values"], **values)  # two quick modifications: both apply
    job_id = ctx.add_task(instance_id, task, {k: doc[k] for k in IDENTITY_KEYS} | values, fail=fail)
    if not fail:
        doc["_pending"] = {"at": ctx.now() + ctx.delay, "op": op, "values": values}
        ctx.store.put(KIND, instance_id, doc["_key"], doc)
    elif not doc.get("_active"):
        ctx.store.delete(KIND, instance_id, doc["_key"])
    return ok({"job_id": job_id})


def _current(ctx: Ctx, instance_id: str, key: str) -> Optional[Dict[str, Any]]:
    doc = ctx.store.get(KIND, instance_id, key)
    if doc is None:
        return None
    _settle(ctx, instance_id, doc)
    return ctx.store.get(KIND, instance_id, key)


def _require_existing(doc: Optional[Dict[str, Any]], ident: Dict[str, Any]) -> None:
    if doc is None or not doc.get("_active"):
        raise bad_request("Invalid request parameter: %s does not exist." % _describe(ident))
    if (doc.get("_pending") or {}).get("op") == "delete":
        raise bad_request("Invalid request parameter: %s is being deleted." % _describe(ident))


# --------------------------------------------------------------------------- routes


def _int_query(ctx: Ctx, name: str) -> Optional[int]:
    raw = ctx.query.get(name)
    if raw is None or raw == "":
        return None
    try:
        value = int(raw)
    except ValueError:
        raise bad_request("Invalid request parameter %s: must be an integer." % name)
    if value < 0:
        raise bad_request("Invalid request parameter %s: must be greater than or equal to 0." % name)
    return value


@route(router, ["GET"], PATH, PATH_ENGINE)
def list_quotas(instance_id: str, ctx: Ctx = Depends(api_ctx)):
    """5.2.10: ``{"quotas": [...], "count": n}``; ``offset``/``limit`` are integers."""
    ctx.instance(instance_id)
    offset = _int_query(ctx, "offset") or 0
    limit = _int_query(ctx, "limit")
    quotas = []
    for doc in ctx.store.list(KIND, instance_id):
        doc = _settle(ctx, instance_id, doc)
        if doc is not None:
            quotas.append(_public(doc))
    page = quotas[offset:] if limit is None else quotas[offset:offset + limit]
    return ok({"quotas": page, "count": len(quotas)})


@route(router, ["POST"], PATH, PATH_ENGINE)
def create_quota(instance_id: str, ctx: Ctx = Depends(api_ctx)):
    """5.2.11: submit a task creating a quota; 200 ``{"job_id"}``."""
    ctx.running_instance(instance_id)
    ident, rates = _parse(ctx.body_obj(), need_rate=True)
    key = _key(ident)
    doc = _current(ctx, instance_id, key)
    if doc is not None:
        if (doc.get("_pending") or {}).get("op") == "delete":
            state = "is being deleted"
        else:
            state = "already exists" if doc.get("_active") else "is already being created"
        raise bad_request("Invalid request parameter: %s %s." % (_describe(ident), state))
    doc = dict(ident, _key=key, _active=False, **{k: None for k in RATE_KEYS})
    return _submit(ctx, instance_id, doc, "create", {k: v for k, v in rates.items()}, "createUserClientQuotaTask")


@route(router, ["PUT"], PATH, PATH_ENGINE)
def modify_quota(instance_id: str, ctx: Ctx = Depends(api_ctx)):
    """5.2.12: submit a task changing a quota's rates; 200 ``{"job_id"}``."""
    ctx.running_instance(instance_id)
    ident, rates = _parse(ctx.body_obj(), need_rate=True)
    key = _key(ident)
    doc = _current(ctx, instance_id, key)
    _require_existing(doc, ident)
    values = {k: v for k, v in rates.items() if v is not None}
    return _submit(ctx, instance_id, doc, "update", values, "updateUserClientQuotaTask")


@route(router, ["DELETE"], PATH, PATH_ENGINE)
def delete_quota(instance_id: str, ctx: Ctx = Depends(api_ctx)):
    """5.2.9: a DELETE with a JSON body naming the quota; 200 ``{"job_id"}``."""
    ctx.running_instance(instance_id)
    ident, _ = _parse(ctx.body_obj(), need_rate=False)
    key = _key(ident)
    doc = _current(ctx, instance_id, key)
    _require_existing(doc, ident)
    return _submit(ctx, instance_id, doc, "delete", {}, "deleteUserClientQuotaTask")
