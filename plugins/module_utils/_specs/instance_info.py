# -*- coding: utf-8 -*-
# Copyright (c) 2026, hwcloud.dms contributors
# Simplified BSD License (see https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause
#
# PRIVATE TO THE hwcloud.dms COLLECTION: this file is not a public API and may
# change without notice. Do not import it from outside this collection.
"""Reads of Kafka instances (module ``dms_kafka_instance_info``).

Two forms:

- the listing (5.1.2, every page, ``offset``/``limit`` sent as text, limit 50)
  with the service's filters;
- one instance in detail (O(instance), a name or an ID, 5.1.3), optionally with
  extra reads (O(include)) that run concurrently on the client's one pool:
  configs 5.1.7, tags 5.9.2, cluster metadata 5.2.5 (``.../manage/cluster``, the
  form Terraform and the SDK use), coordinators 5.2.6 (``.../management/coordinators``,
  the SDK/Terraform form; the reference's ``coordinates`` looks like a typo), topic
  disk usage 5.2.7, rebalance log 5.2.13, background tasks 5.8.1 (every page) and
  monitoring dimensions 5.10.4.

Items are normalised by the instance declaration (``_specs/instance.py``), so
``dms_kafka_instance`` and this module return the same shape. Nothing here fails
because something is not found: the result is then an empty list.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy
import json
import re

from ansible_collections.hwcloud.dms.plugins.module_utils._engine import run_read_module
from ansible_collections.hwcloud.dms.plugins.module_utils._errors import DmsApiError
from ansible_collections.hwcloud.dms.plugins.module_utils._instance_ref import is_instance_id
from ansible_collections.hwcloud.dms.plugins.module_utils._specs.catalog import (
    duplicates_problem,
    find_instance,
    to_number,
)
from ansible_collections.hwcloud.dms.plugins.module_utils._specs.instance import (
    build_spec,
    configs_from_meta,
)

# --------------------------------------------------------------------------- API paths
INSTANCES_PATH = "/v2/{project_id}/instances"                                      # 5.1.2
INSTANCE_PATH = "/v2/{project_id}/instances/{instance_id}"                         # 5.1.3
CONFIGS_PATH = INSTANCE_PATH + "/configs"                                          # 5.1.7
TAGS_PATH = "/v2/{project_id}/kafka/{instance_id}/tags"                            # 5.9.2
CLUSTER_PATH = INSTANCE_PATH + "/manage/cluster"                                   # 5.2.5
COORDINATORS_PATH = INSTANCE_PATH + "/management/coordinators"                     # 5.2.6
DISK_USAGE_PATH = INSTANCE_PATH + "/topics/diskusage"                              # 5.2.7
REBALANCE_LOG_PATH = "/v2/kafka/{project_id}/instances/{instance_id}/log/rebalance-log"  # 5.2.13
TASKS_PATH = INSTANCE_PATH + "/tasks"                                              # 5.8.1
DIMENSIONS_PATH = INSTANCE_PATH + "/ces-hierarchy"                                 # 5.10.4

#: 5.1.2 accepts limit 1-50
LIST_PAGE = 50
#: 5.8.1 states no maximum; Terraform pages by 10. Ask for 50, fall back to 10.
TASK_PAGE = 50
TASK_PAGE_FALLBACK = 10
PAGE_TOO_LARGE = "DMS.10240042"
INSTANCE_BUSY = "DMS.00400026"
#: 5.2.13 answers 400 DMS.00400800 when rebalance logging is not enabled
REBALANCE_LOG_OFF = "DMS.00400800"
WORKERS = 8

#: 8.3, the only instance states
STATUSES = ("CREATING", "CREATEFAILED", "RUNNING", "ERROR", "RESTARTING", "EXTENDING",
            "EXTENDEDFAILED", "DELETING")
INCLUDES = ("configs", "tags", "cluster", "coordinators", "disk_usage", "rebalance_log", "tasks",
            "monitoring_dimensions")
#: the Kafka Manager reads, answered only by a RUNNING instance
RUNNING_ONLY = ("cluster", "coordinators", "disk_usage")
#: the value of an include that has nothing to show
EMPTY = {"configs": {}, "tags": {}, "cluster": {}, "coordinators": [], "disk_usage": [],
         "rebalance_log": {}, "tasks": [], "monitoring_dimensions": {}}
LIST_FILTERS = ("name", "exact_match_name", "status", "instance_id", "include_failure",
                "enterprise_project_id")

_UUID_RE = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-"
                      r"[0-9a-fA-F]{12}\Z")
_EPS_RE = re.compile(r"^(0|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-"
                     r"[0-9a-fA-F]{12})\Z")


# --------------------------------------------------------------------------- normalising
_SPEC_CACHE = []


def instance_spec():
    """The instance declaration (built once), whose normaliser both modules share."""
    if not _SPEC_CACHE:
        _SPEC_CACHE.append(build_spec({}))
    return _SPEC_CACHE[0]


def instance_view(obj):
    """A 5.1.2/5.1.3 ShowInstanceResp as ``dms_kafka_instance`` returns it."""
    spec = instance_spec()
    return spec.public(spec.from_api(obj))


def _numbers(obj, keys):
    out = dict(obj)
    for key in keys:
        if key in out:
            out[key] = to_number(out[key])
    return out


def normalise_cluster(body):
    """5.2.5 ``cluster``: the controller and broker IDs (strings in the API) as numbers."""
    cluster = (body or {}).get("cluster") if isinstance(body, dict) else None
    if not isinstance(cluster, dict):
        return {}
    out = _numbers(cluster, ("controller", "topics_count", "partitions_count",
                             "online_partitions_count", "replicas_count", "isr_replicas_count",
                             "consumers_count"))
    out["brokers"] = [_numbers(b, ("broker_id", "port", "register_time"))
                      for b in cluster.get("brokers") or [] if isinstance(b, dict)]
    return out


def normalise_coordinators(body):
    """5.2.6 ``coordinators`` (``id`` and ``port`` as numbers)."""
    items = (body or {}).get("coordinators") if isinstance(body, dict) else None
    return [_numbers(c, ("id", "port")) for c in items or [] if isinstance(c, dict)]


def normalise_disk_usage(body):
    """5.2.7 ``broker_list``: partitions and percentages as numbers; sizes (``"66G"``) kept."""
    items = (body or {}).get("broker_list") if isinstance(body, dict) else None
    out = []
    for broker in items or []:
        if not isinstance(broker, dict):
            continue
        entry = _numbers(broker, ("data_disk_use_percentage",))
        entry["topic_list"] = [_numbers(t, ("topic_partition", "percentage"))
                               for t in broker.get("topic_list") or [] if isinstance(t, dict)]
        out.append(entry)
    return out


def normalise_rebalance_log(body):
    """5.2.13 (camelCase as the API answers it; ``createAt``/``updateAt`` as numbers)."""
    if not isinstance(body, dict):
        return {}
    return _numbers(body, ("createAt", "updateAt"))


def normalise_task(task):
    """5.8.1 task; ``params`` (JSON text in the API) decoded when it is JSON."""
    out = dict(task)
    params = out.get("params")
    if isinstance(params, str) and params.strip()[:1] in ("{", "["):
        try:
            out["params"] = json.loads(params)
        except ValueError:
            pass
    return out


def config_details(meta):
    """5.1.7 ``kafka_configs`` as the API returns them (every field a string)."""
    return [dict(item) for item in meta or [] if isinstance(item, dict)]


# --------------------------------------------------------------------------- requests
def list_query(params):
    """The 5.1.2 query for the listing filters (booleans as ``'true'``/``'false'``)."""
    query = {"engine": params.get("engine") or "kafka"}
    for option in ("name", "instance_id", "status", "enterprise_project_id"):
        if params.get(option) is not None:
            query[option] = params[option]
    for option in ("exact_match_name", "include_failure"):
        if params.get(option) is not None:
            query[option] = "true" if params[option] else "false"
    return query


def list_instances(ctx):
    """Every instance matching the filters (all pages), each once, in listing order."""
    params = ctx.params
    client = ctx.client
    seen = set()
    out = []
    for _body, items in client.iter_pages(client.path(INSTANCES_PATH), "instances",
                                          "instance_num", limit=LIST_PAGE,
                                          query=list_query(params), operation="list instances"):
        for obj in items:
            if not isinstance(obj, dict):
                continue
            key = obj.get("instance_id")
            if key is not None and key in seen:  # a page shifted while reading
                continue
            seen.add(key)
            out.append(obj)
    return filter_listing(out, params)


def filter_listing(objs, params):
    """The filters applied again on our side, in case the service ignores one."""
    out = []
    name = params.get("name")
    for obj in objs:
        if name is not None:
            have = obj.get("name") or ""
            if params.get("exact_match_name"):
                if have != name:
                    continue
            elif name.lower() not in have.lower():
                continue
        if params.get("instance_id") and obj.get("instance_id") != params["instance_id"]:
            continue
        if params.get("status") and obj.get("status") != params["status"]:
            continue
        if params.get("enterprise_project_id") and \
                obj.get("enterprise_project_id") not in (None, params["enterprise_project_id"]):
            continue
        out.append(obj)
    return out


def _get(ctx, template, iid, operation, **kwargs):
    client = ctx.client
    return client.get(client.path(template, instance_id=iid), operation=operation, resource=iid,
                      **kwargs)


def read_tasks(ctx, iid):
    """5.8.1, every page (``start`` counts records from 1, ``task_count`` is the total)."""
    client = ctx.client
    path = client.path(TASKS_PATH, instance_id=iid)
    for limit in (TASK_PAGE, TASK_PAGE_FALLBACK):
        try:
            return client.paginate(path, "tasks", "task_count", limit=limit, offset_param="start",
                                   start=1, operation="list background tasks of instance",
                                   resource=iid)
        except DmsApiError as err:
            if err.error_code != PAGE_TOO_LARGE or limit == TASK_PAGE_FALLBACK:
                raise
    return []  # not reached


def _reader(kind):
    """The read of one include: ``fn(ctx, iid) -> (raw body or list)``."""
    readers = {
        "configs": lambda ctx, iid: _get(ctx, CONFIGS_PATH, iid, "read configs of instance"),
        "tags": lambda ctx, iid: _get(ctx, TAGS_PATH, iid, "read tags of instance"),
        "cluster": lambda ctx, iid: _get(ctx, CLUSTER_PATH, iid, "read cluster metadata of instance"),
        "coordinators": lambda ctx, iid: _get(ctx, COORDINATORS_PATH, iid,
                                              "read coordinators of instance"),
        "disk_usage": lambda ctx, iid: _get(ctx, DISK_USAGE_PATH, iid,
                                            "read topic disk usage of instance"),
        "rebalance_log": lambda ctx, iid: _get(ctx, REBALANCE_LOG_PATH, iid,
                                               "read rebalance log of instance"),
        "tasks": read_tasks,
        "monitoring_dimensions": lambda ctx, iid: _get(ctx, DIMENSIONS_PATH, iid,
                                                       "read monitoring dimensions of instance"),
    }
    return readers[kind]


class _Unavailable(object):
    """Marker: the read was refused (the instance is not RUNNING, or Kafka Manager is off)."""

    def __init__(self, reason):
        self.reason = reason


def _safe_read(ctx, kind, iid):
    try:
        return _reader(kind)(ctx, iid)
    except DmsApiError as err:
        if err.is_not_found:
            return None
        if kind == "rebalance_log" and err.status == 400 and err.error_code == REBALANCE_LOG_OFF:
            return None  # logging is not enabled
        if err.error_code == INSTANCE_BUSY:
            return _Unavailable("%s %s" % (err.error_code, err.message or ""))
        raise


def apply_include(view, obj, kind, value):
    """Put the normalised value of include ``kind`` on the instance ``view``."""
    if value is None or isinstance(value, _Unavailable):
        view[kind] = copy.deepcopy(EMPTY[kind])
        if kind == "configs":
            view["config_details"] = []
        return view
    if kind == "configs":
        meta = value.get("kafka_configs") if isinstance(value, dict) else None
        obj["_configs"] = configs_from_meta(meta)
        view["configs"] = instance_view(obj).get("configs") or {}
        view["config_details"] = config_details(meta)
    elif kind == "tags":
        obj["tags"] = (value.get("tags") if isinstance(value, dict) else None) or []
        view["tags"] = instance_view(obj).get("tags") or {}
    elif kind == "cluster":
        view["cluster"] = normalise_cluster(value)
    elif kind == "coordinators":
        view["coordinators"] = normalise_coordinators(value)
    elif kind == "disk_usage":
        view["disk_usage"] = normalise_disk_usage(value)
    elif kind == "rebalance_log":
        view["rebalance_log"] = normalise_rebalance_log(value)
    elif kind == "tasks":
        view["tasks"] = [normalise_task(t) for t in value or [] if isinstance(t, dict)]
    elif kind == "monitoring_dimensions":
        view["monitoring_dimensions"] = value if isinstance(value, dict) else {}
    return view


def read_one(ctx, ref, include=()):
    """``[instance]`` in detail with the requested includes, or ``[]`` when not found."""
    found = find_instance(ctx, ref)
    if found is None:
        return []
    iid = found.get("instance_id")
    # resolve_instance read 5.1.3 itself for an ID; a name came from the 5.1.2 listing
    from_detail = is_instance_id(ref) and iid == ref
    include = [k for k in INCLUDES if k in set(include or ())]
    status = found.get("status")
    skipped = [k for k in include if k in RUNNING_ONLY and status != "RUNNING"]
    jobs = [] if from_detail else ["detail"]
    jobs.extend(kind for kind in include if kind not in skipped)

    def run_job(job):
        return _detail(ctx, iid) if job == "detail" else _safe_read(ctx, job, iid)

    results = ctx.client.map_concurrent(run_job, jobs, workers=WORKERS)
    values = dict(zip(jobs, results))
    obj = found
    if "detail" in values:
        if values["detail"] is None:  # deleted between the two reads
            return []
        obj = values["detail"]
        obj.setdefault("instance_id", iid)
    view = instance_view(obj)
    for kind in include:
        value = values.get(kind)
        if kind in skipped:
            value = _Unavailable(None)
            ctx.warn("%s: not read, the instance is %s (it needs a RUNNING instance)"
                     % (kind, status))
        elif isinstance(value, _Unavailable):
            ctx.warn("%s: not read, the service refused it (%s); it needs a RUNNING instance with "
                     "Kafka Manager enabled" % (kind, value.reason.strip()))
        apply_include(view, obj, kind, value)
    return [view]


def _detail(ctx, iid):
    try:
        return _get(ctx, INSTANCE_PATH, iid, "read instance")
    except DmsApiError as err:
        if err.is_not_found:
            return None
        raise


def read_instances(ctx):
    """The module result: ``{instances: [...]}``."""
    params = ctx.params
    if params.get("instance") is not None:
        return {"instances": read_one(ctx, params["instance"], params.get("include"))}
    return {"instances": [instance_view(obj) for obj in list_instances(ctx)]}


# --------------------------------------------------------------------------- module
INFO_OPTIONS = dict(
    instance=dict(type="str"),
    include=dict(type="list", elements="str", choices=list(INCLUDES)),
    name=dict(type="str"),
    exact_match_name=dict(type="bool"),
    status=dict(type="str", choices=list(STATUSES)),
    engine=dict(type="str", choices=["kafka"], default="kafka"),
    instance_id=dict(type="str"),
    include_failure=dict(type="bool"),
    enterprise_project_id=dict(type="str"),
)

MODULE_KWARGS = dict(
    mutually_exclusive=[["instance", option] for option in LIST_FILTERS],
    required_by=dict(include=["instance"], exact_match_name=["name"]),
)


def validate(params):
    """Rules checked before any API call (each message names the option)."""
    problems = [duplicates_problem("include", params.get("include"))]
    for option in ("instance", "name"):
        value = params.get(option)
        if value is not None and not value.strip():
            problems.append("%s: must not be empty" % option)
    value = params.get("instance_id")
    if value is not None and not _UUID_RE.match(value):
        problems.append("instance_id: must be an instance ID in UUID form (got '%s'); use "
                        "instance to give a name" % value)
    value = params.get("enterprise_project_id")
    if value is not None and not _EPS_RE.match(value):
        problems.append("enterprise_project_id: must be 0 or an enterprise project ID in UUID "
                        "form (got '%s')" % value)
    return problems


def run_instance_info_module(**kwargs):
    """``main()`` of dms_kafka_instance_info."""
    options = dict(MODULE_KWARGS)
    options.update(kwargs)
    return run_read_module(INFO_OPTIONS, read_instances, validate, **options)
