# -*- coding: utf-8 -*-
# Copyright (c) 2026, hwcloud.dms contributors
# Simplified BSD License (see https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause
#
# PRIVATE TO THE hwcloud.dms COLLECTION: this file is not a public API and may
# change without notice. Do not import it from outside this collection.
"""Declarations of Kafka quotas for the engine, plus the ``dms_kafka_quota_info`` reader.

Two resources, two modules (their identities have nothing in common):

- user/client quotas (``dms_kafka_quota``), reference 5.2.9-5.2.12 at
  ``/v2/kafka/{project_id}/instances/{instance_id}/kafka-user-client-quota``:
  identity (user, client, user_default, client_default); the bodies use the
  hyphenated keys (``user-default``, ``producer-byte-rate`` ...), as the
  reference and the Terraform provider do (deviations.md);
- topic quotas (``dms_kafka_topic_quota``), reference 5.4.11-5.4.14 at
  ``.../kafka-topic-quota``: identity topic.

Every write (create POST, modify PUT, delete DELETE with a JSON body) answers
``{"job_id"}``: the change is applied by a background task, waited for with
5.8.2 unless ``wait: false``. A task that ends FAILED (e.g. a state conflict)
fails the run naming the quota.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy

from ansible_collections.hwcloud.dms.plugins.module_utils._engine import (
    Field,
    ResourceSpec,
    UpdateStep,
    run_read_module,
)
from ansible_collections.hwcloud.dms.plugins.module_utils._errors import (
    DmsApiError,
    DmsError,
    DmsWaitFailed,
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

USER_CLIENT_PATH = "/v2/kafka/{project_id}/instances/{instance_id}/kafka-user-client-quota"
TOPIC_QUOTA_PATH = "/v2/kafka/{project_id}/instances/{instance_id}/kafka-topic-quota"
TOPICS_PATH = "/v2/{project_id}/instances/{instance_id}/topics"

#: 5.2.10 / 5.4.14 state no page size limit; 50 is the common maximum of the API
PAGE = 50
WORKERS = 8
DEFAULT = "<default>"
RATES = ("producer_byte_rate", "consumer_byte_rate")
RATE_KEYS = {"producer_byte_rate": "producer-byte-rate", "consumer_byte_rate": "consumer-byte-rate"}


class QuotaTaskError(DmsError):
    """The background task of a quota write ended FAILED."""

    def __init__(self, operation, name, job_id, state):
        self.job_id = job_id
        super(QuotaTaskError, self).__init__(
            "%s '%s' failed: its task %s ended %s" % (operation, name, job_id, state))

    def to_result(self):
        return {"job_id": self.job_id}


# --------------------------------------------------------------------------- context helpers
instance = context_instance


def _submitted(ctx, answer):
    """Record the job id of a write (returned as ``job_ids``); return it."""
    job_id = answer.get("job_id") if isinstance(answer, dict) else None
    if job_id:
        ctx.extra.setdefault("job_ids", []).append(job_id)
    return job_id


def wait_jobs(ctx, jobs):
    """Wait for ``[(operation, name, job_id)]`` concurrently; a FAILED task fails the run."""
    jobs = [j for j in jobs if j[2]]
    if not jobs or not ctx.wait:
        return

    def one(job):
        try:
            wait_for_task(ctx.client, instance_id(ctx), job[2], ctx.wait_timeout, waiter=ctx.waiter)
        except DmsWaitFailed as err:
            return QuotaTaskError(job[0], job[1], job[2], err.last_state)
        return None

    for failure in ctx.client.map_concurrent(one, jobs, workers=WORKERS):
        if failure is not None:
            raise failure


#: documented types of the rates: Long for user/client quotas (5.2.x), Integer for topic
#: quotas (5.7.x)
LONG_MAX = 9223372036854775807
INTEGER_MAX = 2147483647


def _rate_rule(maximum):
    def check(value, item):
        if isinstance(value, bool) or not isinstance(value, int):
            return "must be an integer (bytes per second)"
        if not 0 <= value <= maximum:
            return "must be 0 to %d bytes per second" % maximum
        return None
    return check


_rate_error = _rate_rule(LONG_MAX)
_topic_rate_error = _rate_rule(INTEGER_MAX)


def _rates_required(item, ctx):
    if all(item.get(r) is None for r in RATES):
        return ["producer_byte_rate, consumer_byte_rate: at least one is required for a "
                "present quota"]
    return []


# =========================================================================== user/client quotas
def quota_name(ident):
    """``user=alice,client=app1`` / ``user=<default>`` / ``client=<default>`` (Kafka's notation)."""
    parts = []
    if ident.get("user_default") is True:
        parts.append("user=" + DEFAULT)
    elif ident.get("user"):
        parts.append("user=%s" % ident["user"])
    if ident.get("client_default") is True:
        parts.append("client=" + DEFAULT)
    elif ident.get("client"):
        parts.append("client=%s" % ident["client"])
    return ",".join(parts) or "(none)"


def _api(key):
    """Read a documented hyphenated key, accepting the SDK's underscore spelling."""
    def read(obj):
        if key in obj:
            return obj.get(key)
        return obj.get(key.replace("-", "_"))
    return read


def _text(key):
    def read(obj):
        value = obj.get(key)
        return "" if value is None else value
    return read


def _name_from_api(obj):
    return quota_name({"user": obj.get("user"), "client": obj.get("client"),
                       "user_default": _api("user-default")(obj) in (True, "true"),
                       "client_default": _api("client-default")(obj) in (True, "true")})


def identity_body(item):
    """The four identity keys as the API names them (unset user/client are ``""``)."""
    return {
        "user": item.get("user") or "",
        "client": item.get("client") or "",
        "user-default": bool(item.get("user_default")),
        "client-default": bool(item.get("client_default")),
    }


def quota_request(item, rates=RATES):
    """5.2.11/5.2.12 body: the identity plus the rates the user set (hyphenated keys)."""
    body = identity_body(item)
    for option in rates:
        if item.get(option) is not None:
            body[RATE_KEYS[option]] = item[option]
    return body


def validate_quota(item, ctx):
    """Cross-field rules of one present quota (local, before any API call)."""
    errors = []
    if item.get("user_default") is True and item.get("user"):
        errors.append("user: cannot be set together with user_default=true (the quota then "
                      "applies to every user)")
    if item.get("client_default") is True and item.get("client"):
        errors.append("client: cannot be set together with client_default=true (the quota then "
                      "applies to every client)")
    return errors + _rates_required(item, ctx)


def check_absent_identities(ctx, plan):
    """The identity rules for ``state: absent`` items too (the engine checks present ones)."""
    params = ctx.params
    if params.get("quotas") is not None:
        labelled = [("quotas[%d]." % i, q) for i, q in enumerate(params.get("quotas") or [])]
    else:
        labelled = [("", params)]
    errors = []
    for label, item in labelled:
        if not isinstance(item, dict) or item.get("state") != "absent":
            continue
        if item.get("user_default") is True and item.get("user"):
            errors.append("%suser: cannot be set together with user_default=true" % label)
        if item.get("client_default") is True and item.get("client"):
            errors.append("%sclient: cannot be set together with client_default=true" % label)
    return errors


def list_quotas(ctx):
    """5.2.10, every page (``offset`` counts records, total in ``count``)."""
    return ctx.client.paginate(_path(ctx, USER_CLIENT_PATH), "quotas", "count", limit=PAGE,
                               operation="list user/client quotas",
                               resource=ctx.params.get("instance"))


def create_quota(ctx, desired):
    answer = ctx.client.post(_path(ctx, USER_CLIENT_PATH), quota_request(desired),
                             operation="create quota", resource=quota_name(desired))
    return _submitted(ctx, answer)


def wait_quota_created(ctx, desired, job_id):
    wait_jobs(ctx, [("create quota", quota_name(desired), job_id)])


def modify_quotas(ctx, todo):
    """5.2.12 for every changed quota (the rates the user set), then wait for all tasks."""
    jobs = []
    for _before, desired, _changed in todo:
        name = quota_name(desired)
        answer = ctx.client.put(_path(ctx, USER_CLIENT_PATH), quota_request(desired),
                                operation="modify quota", resource=name)
        jobs.append(("modify quota", name, _submitted(ctx, answer)))
    wait_jobs(ctx, jobs)


def delete_quotas(ctx, items):
    """5.2.9 (a DELETE with the identity as JSON body) per quota, then wait for all tasks."""
    jobs = []
    for item in items:
        name = quota_name(item)
        answer = ctx.client.delete(_path(ctx, USER_CLIENT_PATH), body=identity_body(item),
                                   operation="delete quota", resource=name)
        jobs.append(("delete quota", name, _submitted(ctx, answer)))
    ctx.cache["delete_jobs"] = jobs


def wait_quotas_deleted(ctx, items):
    wait_jobs(ctx, ctx.cache.pop("delete_jobs", []))


def predict_quota(before, desired):
    """Check-mode after-state: an unset rate of a new quota reads 0 (no limit reported)."""
    if before is None:
        after = {"user": "", "client": "", "user_default": False, "client_default": False,
                 "producer_byte_rate": 0, "consumer_byte_rate": 0}
    else:
        after = copy.deepcopy(before)
    for key, value in desired.items():
        if key in after:
            after[key] = copy.deepcopy(value)
    after["name"] = quota_name(after)
    return after


QUOTA_FIELDS = [
    Field("user", type="str", from_api=_text("user"), identity_default=""),
    Field("client", type="str", from_api=_text("client"), identity_default=""),
    Field("user_default", type="bool", from_api=_api("user-default"), identity_default=False),
    Field("client_default", type="bool", from_api=_api("client-default"), identity_default=False),
    Field("producer_byte_rate", type="int", from_api=_api("producer-byte-rate"),
          validators=[_rate_error]),
    Field("consumer_byte_rate", type="int", from_api=_api("consumer-byte-rate"),
          validators=[_rate_error]),
    Field("name", type="str", server_side=True, from_api=_name_from_api),
]

QUOTA = ResourceSpec(
    "quota", "quotas", QUOTA_FIELDS, list=list_quotas,
    identity=("user", "client", "user_default", "client_default"),
    create=create_quota, wait_create=wait_quota_created,
    update_steps=[UpdateStep("modify", RATES, modify_quotas, batch=True)],
    delete=delete_quotas, wait_delete=wait_quotas_deleted,
    validate=validate_quota, check_plan=check_absent_identities, predict=predict_quota,
    display=quota_name,
    # owned_prefixes scopes a quota by its user, else its client
    owner=lambda view: view.get("user") or view.get("client") or "",
)

QUOTA_ITEM_OPTIONS = dict(
    user=dict(type="str"),
    client=dict(type="str"),
    user_default=dict(type="bool"),
    client_default=dict(type="bool"),
    producer_byte_rate=dict(type="int"),
    consumer_byte_rate=dict(type="int"),
)

MODULE_OPTIONS = dict(
    instance=dict(type="str", required=True),
    wait=dict(type="bool", default=True),
    wait_timeout=dict(type="int", default=1800),
)


def run_quota_module(module_class=None, client_factory=None):
    """``main()`` of dms_kafka_quota."""
    from ansible_collections.hwcloud.dms.plugins.module_utils._engine import run_module
    kwargs = {}
    if module_class is not None:
        kwargs["module_class"] = module_class
    if client_factory is not None:
        kwargs["client_factory"] = client_factory
    return run_module(QUOTA, QUOTA_ITEM_OPTIONS, MODULE_OPTIONS, **kwargs)


# =========================================================================== topic quotas
def topic_quota_request(item, rates=RATES):
    body = {"topic": item["topic"]}
    for option in rates:
        if item.get(option) is not None:
            body[RATE_KEYS[option]] = item[option]
    return body


def list_topic_quotas(ctx):
    """5.4.14, every page (``offset`` counts records, as the Terraform provider pages)."""
    return ctx.client.paginate(_path(ctx, TOPIC_QUOTA_PATH), "quotas", "count", limit=PAGE,
                               query={"type": "topic"}, operation="list topic quotas",
                               resource=ctx.params.get("instance"))


def topic_names(ctx):
    """Names of the instance's topics (5.4.5, every page); cached."""
    if "topic_names" not in ctx.cache:
        topics = ctx.client.paginate(_path(ctx, TOPICS_PATH), "topics", "total", limit=PAGE,
                                     operation="list topics", resource=ctx.params.get("instance"))
        ctx.cache["topic_names"] = set(t.get("name") for t in topics if isinstance(t, dict))
    return ctx.cache["topic_names"]


def check_topic_quota_plan(ctx, plan):
    """A quota can only be created for an existing topic (one topic listing, only with creates)."""
    if not plan.creates:
        return []
    names = topic_names(ctx)
    errors = []
    for d in plan.creates:
        if d.item["topic"] not in names:
            errors.append("%stopic: topic '%s' does not exist in the instance (create it first)"
                          % ((d.label + ".") if d.label else "", d.item["topic"]))
    return errors


def create_topic_quota(ctx, desired):
    answer = ctx.client.post(_path(ctx, TOPIC_QUOTA_PATH), topic_quota_request(desired),
                             operation="create topic quota", resource=desired["topic"])
    return _submitted(ctx, answer)


def wait_topic_quota_created(ctx, desired, job_id):
    wait_jobs(ctx, [("create topic quota", desired["topic"], job_id)])


def modify_topic_quotas(ctx, todo):
    jobs = []
    for _before, desired, _changed in todo:
        answer = ctx.client.put(_path(ctx, TOPIC_QUOTA_PATH), topic_quota_request(desired),
                                operation="modify topic quota", resource=desired["topic"])
        jobs.append(("modify topic quota", desired["topic"], _submitted(ctx, answer)))
    wait_jobs(ctx, jobs)


def delete_topic_quotas(ctx, items):
    jobs = []
    for item in items:
        answer = ctx.client.delete(_path(ctx, TOPIC_QUOTA_PATH), body={"topic": item["topic"]},
                                   operation="delete topic quota", resource=item["topic"])
        jobs.append(("delete topic quota", item["topic"], _submitted(ctx, answer)))
    ctx.cache["delete_jobs"] = jobs


def predict_topic_quota(before, desired):
    after = copy.deepcopy(before) if before is not None else {
        "topic": desired["topic"], "producer_byte_rate": None, "consumer_byte_rate": None}
    for key, value in desired.items():
        if key in after:
            after[key] = copy.deepcopy(value)
    return after


TOPIC_QUOTA_FIELDS = [
    Field("topic", type="str", min_length=1),
    Field("producer_byte_rate", type="int", from_api=_api("producer-byte-rate"),
          validators=[_topic_rate_error]),
    Field("consumer_byte_rate", type="int", from_api=_api("consumer-byte-rate"),
          validators=[_topic_rate_error]),
]

TOPIC_QUOTA = ResourceSpec(
    "topic_quota", "topic_quotas", TOPIC_QUOTA_FIELDS, list=list_topic_quotas,
    identity=("topic",), title="topic quota",
    create=create_topic_quota, wait_create=wait_topic_quota_created,
    update_steps=[UpdateStep("modify", RATES, modify_topic_quotas, batch=True)],
    delete=delete_topic_quotas, wait_delete=wait_quotas_deleted,
    validate=_rates_required, check_plan=check_topic_quota_plan, predict=predict_topic_quota,
)

TOPIC_QUOTA_ITEM_OPTIONS = dict(
    topic=dict(type="str", required=True),
    producer_byte_rate=dict(type="int"),
    consumer_byte_rate=dict(type="int"),
)


def run_topic_quota_module(module_class=None, client_factory=None):
    """``main()`` of dms_kafka_topic_quota."""
    from ansible_collections.hwcloud.dms.plugins.module_utils._engine import run_module
    kwargs = {}
    if module_class is not None:
        kwargs["module_class"] = module_class
    if client_factory is not None:
        kwargs["client_factory"] = client_factory
    return run_module(TOPIC_QUOTA, TOPIC_QUOTA_ITEM_OPTIONS, MODULE_OPTIONS, **kwargs)


# =========================================================================== info
KINDS = ("user_client", "topic")
INFO_OPTIONS = dict(
    instance=dict(type="str", required=True),
    fail_on_missing=copy.deepcopy(FAIL_ON_MISSING_OPTION),
    kind=dict(type="list", elements="str", choices=list(KINDS), default=list(KINDS)),
    user=dict(type="list", elements="str"),
    client=dict(type="list", elements="str"),
    topic=dict(type="list", elements="str"),
)


def _missing(err):
    return isinstance(err, DmsApiError) and (err.is_not_found or err.error_code == "DMS.00400975")


def filter_quotas(views, users=None, clients=None):
    """Keep the quotas whose user is in ``users`` and client in ``clients``.

    ``<default>`` matches the user_default / client_default quotas.
    """
    def match(view, wanted, name, flag):
        if not wanted:
            return True
        value = DEFAULT if view.get(flag) is True else (view.get(name) or "")
        return value in wanted

    return [v for v in views if match(v, users, "user", "user_default")
            and match(v, clients, "client", "client_default")]


def collect_info(ctx, kinds=KINDS, users=None, clients=None, topics=None):
    """``{"quotas": [...], "topic_quotas": [...]}`` for the requested kinds; never fails on not found."""
    result = {}
    kinds = list(kinds or KINDS)
    try:
        instance(ctx)
    except InstanceNotFoundError as err:
        missing_instance(ctx, err)
        if "user_client" in kinds:
            result["quotas"] = []
        if "topic" in kinds:
            result["topic_quotas"] = []
        return result

    def read(kind):
        try:
            return list_quotas(ctx) if kind == "user_client" else list_topic_quotas(ctx)
        except DmsApiError as err:
            if _missing(err):
                return []
            raise

    listings = ctx.client.map_concurrent(read, kinds, workers=2)
    for kind, objs in zip(kinds, listings):
        if kind == "user_client":
            views = [QUOTA.public(QUOTA.from_api(o)) for o in objs or [] if isinstance(o, dict)]
            result["quotas"] = filter_quotas(views, users, clients)
        else:
            views = [TOPIC_QUOTA.public(TOPIC_QUOTA.from_api(o)) for o in objs or []
                     if isinstance(o, dict)]
            if topics:
                views = [v for v in views if v.get("topic") in set(topics)]
            result["topic_quotas"] = views
    return result


def run_quota_info_module(module_class=None, client_factory=None):
    """``main()`` of dms_kafka_quota_info (read-only)."""
    def read(ctx):
        p = ctx.params
        return collect_info(ctx, p.get("kind"), p.get("user"), p.get("client"), p.get("topic"))

    return run_read_module(INFO_OPTIONS, read, module_class=module_class, client_factory=client_factory)
