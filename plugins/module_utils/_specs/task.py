# -*- coding: utf-8 -*-
# Copyright (c) 2026, hwcloud.dms contributors
# Simplified BSD License (see https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause
#
# PRIVATE TO THE hwcloud.dms COLLECTION: this file is not a public API and may
# change without notice. Do not import it from outside this collection.
"""Background tasks (reference 5.8) and project tags (5.9.3).

- ``dms_kafka_task_info``: 5.8.1 ``GET /v2/{project_id}/instances/{instance_id}/tasks``
  (``start`` = position of the first task, from 1; ``limit``; ``begin_time``/``end_time`` as
  ``YYYYMMDDHHmmss``), or 5.8.2 ``GET .../tasks/{task_id}`` for one task;
- ``dms_kafka_task``: deletes task records with 5.8.3 ``DELETE .../tasks/{task_id}`` (204);
  a task that is gone already is unchanged, a running one is refused before any change;
- ``dms_kafka_tag_info``: 5.9.3 ``GET /v2/{project_id}/kafka/tags`` (the tag keys and values
  used by the project's Kafka instances).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re
import time

from ansible_collections.hwcloud.dms.plugins.module_utils._engine import (
    Field,
    ResourceSpec,
    run_module,
    run_read_module,
)
from ansible_collections.hwcloud.dms.plugins.module_utils._errors import DmsApiError
from ansible_collections.hwcloud.dms.plugins.module_utils._instance_ref import (
    InstanceNotFoundError,
    context_instance,
    instance_path as _path,
)

TASKS_PATH = "/v2/{project_id}/instances/{instance_id}/tasks"              # 5.8.1
TASK_PATH = "/v2/{project_id}/instances/{instance_id}/tasks/{task_id}"     # 5.8.2 / 5.8.3
PROJECT_TAGS_PATH = "/v2/{project_id}/kafka/tags"                          # 5.9.3
PAGE = 50
#: 5.8.1 begin_time / end_time: "The format is YYYYMMDDHHmmss."
STAMP_RE = re.compile(r"^\d{14}\Z")
RUNNING = ("EXECUTING", "CREATED", "RUNNING")


def _stamp_problem(name, value):
    if value is None:
        return None
    if not STAMP_RE.match(value):
        return "%s: the format is YYYYMMDDHHmmss (14 digits), got '%s'" % (name, value)
    try:
        time.strptime(value, "%Y%m%d%H%M%S")
    except ValueError:
        return "%s: '%s' is not a valid time (YYYYMMDDHHmmss)" % (name, value)
    return None


def read_task(ctx, task_id):
    """5.8.2: the task, or None when the service does not know it."""
    try:
        body = ctx.client.get(_path(ctx, TASK_PATH, task_id=task_id), operation="read background task",
                              resource=task_id) or {}
    except DmsApiError as err:
        if err.is_not_found:
            return None
        raise
    tasks = [t for t in body.get("tasks") or [] if isinstance(t, dict)]
    return tasks[0] if tasks else None


def list_tasks(ctx, begin_time=None, end_time=None):
    """5.8.1, every page (``start`` counts tasks from 1)."""
    query = {}
    if begin_time:
        query["begin_time"] = begin_time
    if end_time:
        query["end_time"] = end_time
    return ctx.client.paginate(_path(ctx, TASKS_PATH), "tasks", "task_count", limit=PAGE,
                               offset_param="start", start=1, query=query or None,
                               operation="list background tasks", resource=ctx.params.get("instance"))


# --------------------------------------------------------------------------- dms_kafka_task
def _read(ctx, ident):
    return read_task(ctx, ident["task_id"])


def delete_tasks(ctx, items):
    for item in items:
        try:
            ctx.client.delete(_path(ctx, TASK_PATH, task_id=item["task_id"]),
                              operation="delete background task", resource=item["task_id"],
                              idempotent=True)
        except DmsApiError as err:
            if not err.is_not_found:
                raise


def check_plan(ctx, plan):
    """A task still running cannot be deleted (the service refuses it)."""
    return ["task_id: task %s (%s) is still %s; delete it once it has finished"
            % (view["task_id"], view.get("name") or "unnamed", view.get("status"))
            for view in plan.deletes if str(view.get("status") or "").upper() in RUNNING]


TASK = ResourceSpec(
    "task", "tasks", title="background task", identity=("task_id",),
    fields=[
        Field("task_id", api="id", type="str", pattern=r"^[0-9A-Za-z-]{1,64}\Z",
              rule="1 to 64 characters: letters, digits and '-'"),
        Field("name", type="str", server_side=True),
        Field("status", type="str", server_side=True),
        Field("params", type="str", server_side=True),
        Field("user_name", type="str", server_side=True),
        Field("created_at", type="str", server_side=True),
        Field("updated_at", type="str", server_side=True),
    ],
    list=list_tasks,
    read=_read,
    delete=delete_tasks,
    check_plan=check_plan,
)

TASK_ITEM_OPTIONS = dict(task_id=dict(type="str", required=True))
TASK_MODULE_OPTIONS = dict(instance=dict(type="str", required=True))


def run_task_module(**kwargs):
    """``main()`` of dms_kafka_task (deleting task records only)."""
    return run_module(TASK, TASK_ITEM_OPTIONS, TASK_MODULE_OPTIONS, state_choices=("absent",),
                      state_default="absent", **kwargs)


# --------------------------------------------------------------------------- dms_kafka_task_info
TASK_INFO_OPTIONS = dict(
    instance=dict(type="str", required=True),
    task_id=dict(type="str"),
    begin_time=dict(type="str"),
    end_time=dict(type="str"),
    name=dict(type="list", elements="str"),
    status=dict(type="list", elements="str"),
)


def task_info_problems(params):
    errors = [_stamp_problem(n, params.get(n)) for n in ("begin_time", "end_time")]
    errors = [e for e in errors if e]
    if not errors and params.get("begin_time") and params.get("end_time") and \
            params["begin_time"] > params["end_time"]:
        errors.append("begin_time: must not be later than end_time (%s > %s)"
                      % (params["begin_time"], params["end_time"]))
    if params.get("task_id") and (params.get("begin_time") or params.get("end_time")):
        errors.append("task_id: cannot be combined with begin_time/end_time (one task is read by its ID)")
    return errors


def read_task_info(ctx):
    params = ctx.params
    try:
        context_instance(ctx)
    except InstanceNotFoundError:
        return {"tasks": []}
    if params.get("task_id"):
        task = read_task(ctx, params["task_id"])
        raw = [task] if task else []
    else:
        raw = list_tasks(ctx, params.get("begin_time"), params.get("end_time"))
    names = set(params.get("name") or [])
    states = set(s.upper() for s in params.get("status") or [])
    tasks = []
    for obj in raw:
        if names and obj.get("name") not in names:
            continue
        if states and str(obj.get("status") or "").upper() not in states:
            continue
        tasks.append(dict((k, obj.get(k)) for k in ("id", "name", "status", "params", "user_name",
                                                    "user_id", "created_at", "updated_at")))
    return {"tasks": tasks}


def run_task_info_module(**kwargs):
    return run_read_module(TASK_INFO_OPTIONS, read_task_info, validate=task_info_problems, **kwargs)


# --------------------------------------------------------------------------- dms_kafka_tag_info
TAG_INFO_OPTIONS = dict(key=dict(type="list", elements="str", no_log=False))


def read_project_tags(ctx):
    body = ctx.client.get(ctx.client.path(PROJECT_TAGS_PATH), operation="list project tags") or {}
    keys = set(ctx.params.get("key") or [])
    tags = []
    for tag in body.get("tags") or []:
        if not isinstance(tag, dict) or (keys and tag.get("key") not in keys):
            continue
        tags.append({"key": tag.get("key"), "values": list(tag.get("values") or [])})
    return {"tags": tags}


def run_tag_info_module(**kwargs):
    return run_read_module(TAG_INFO_OPTIONS, read_project_tags, **kwargs)
