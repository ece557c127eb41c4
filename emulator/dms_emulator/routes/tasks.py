"""Background tasks (reference 5.8): list, get one, delete.

Tasks are created by other handlers through ``ctx.add_task`` (kind "task",
scope instance_id, key job id) and settle on read: ``EXECUTING`` until the
emulator delay has passed, then ``SUCCESS`` (or ``FAILED``).
"""

from __future__ import annotations

import calendar
import re
import time
from typing import Any, Dict, List, Optional

from fastapi import APIRouter, Depends

from ..core import UUID_RE, ApiError, Ctx, api_ctx, bad_request, no_content, ok, public, route

router = APIRouter(tags=["background tasks"])

TASK_ID_RE = re.compile(r"^[0-9a-fA-F]{32}\Z")
STAMP_RE = re.compile(r"^\d{14}\Z")


def _task_public(task: Dict[str, Any]) -> Dict[str, Any]:
    return public(task)


def _stamp(ctx: Ctx, name: str) -> Optional[str]:
    """``YYYYMMDDHHmmss`` (UTC) -> the ISO prefix used by ``created_at`` for comparison."""
    value = ctx.query.get(name)
    if value is None or value == "":
        return None
    if not STAMP_RE.fullmatch(value):
        raise bad_request("Invalid request parameter %s: the format is YYYYMMDDHHmmss." % name)
    try:
        parsed = time.strptime(value, "%Y%m%d%H%M%S")
    except ValueError:
        raise bad_request("Invalid request parameter %s: %s is not a valid time (YYYYMMDDHHmmss)." % (name, value))
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(calendar.timegm(parsed)))


def _int_param(ctx: Ctx, name: str, default: int, lo: int) -> int:
    value = ctx.query.get(name)
    if value is None or value == "":
        return default
    if not re.fullmatch(r"^-?\d+$", value):
        raise bad_request("Invalid request parameter %s: must be an integer." % name)
    n = int(value)
    if n < lo:
        raise bad_request("Invalid request parameter %s: must be at least %d." % (name, lo))
    return n


def _tasks(ctx: Ctx, instance_id: str) -> List[Dict[str, Any]]:
    return [ctx.settle_task(instance_id, t) for t in ctx.store.list("task", instance_id)]


def _check_task_id(task_id: str) -> None:
    if not (TASK_ID_RE.fullmatch(task_id) or UUID_RE.fullmatch(task_id)):
        raise bad_request("Invalid task ID format: %s." % task_id, "DMS.00400070")


def _task_not_found(task_id: str) -> ApiError:
    return ApiError(404, "DMS.00404001", "The task %s does not exist." % task_id)


@route(router, ["GET"], "/v2/{project_id}/instances/{instance_id}/tasks")
def list_tasks(instance_id: str, ctx: Ctx = Depends(api_ctx)):
    ctx.instance(instance_id)
    start = _int_param(ctx, "start", 1, 0)
    limit = _int_param(ctx, "limit", 10, 1)
    begin = _stamp(ctx, "begin_time")
    end = _stamp(ctx, "end_time")
    if begin and end and begin > end:
        raise bad_request("Invalid request parameter begin_time: must not be later than end_time.")
    items = []
    for task in reversed(_tasks(ctx, instance_id)):  # newest first, as in the 5.8.1 example
        stamp = task["created_at"][:19]
        if begin and stamp < begin:
            continue
        if end and stamp > end:
            continue
        items.append(_task_public(task))
    first = max(start, 1) - 1
    return ok({"task_count": str(len(items)), "tasks": items[first:first + limit]})


@route(router, ["GET"], "/v2/{project_id}/instances/{instance_id}/tasks/{task_id}")
def show_task(instance_id: str, task_id: str, ctx: Ctx = Depends(api_ctx)):
    ctx.instance(instance_id)
    _check_task_id(task_id)
    task = ctx.store.get("task", instance_id, task_id)
    if task is None:
        raise _task_not_found(task_id)
    task = ctx.settle_task(instance_id, task)
    return ok({"task_count": "1", "tasks": [_task_public(task)]})


@route(router, ["DELETE"], "/v2/{project_id}/instances/{instance_id}/tasks/{task_id}")
def delete_task(instance_id: str, task_id: str, ctx: Ctx = Depends(api_ctx)):
    ctx.instance(instance_id)
    _check_task_id(task_id)
    task = ctx.store.get("task", instance_id, task_id)
    if task is None:
        raise _task_not_found(task_id)
    task = ctx.settle_task(instance_id, task)
    if task.get("status") == "EXECUTING":
        raise ApiError(400, "DMS.00400017", "This DMS instance job task is still running: %s." % task_id)
    ctx.store.delete("task", instance_id, task_id)
    return no_content()
