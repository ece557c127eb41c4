# -*- coding: utf-8 -*-
# Copyright (c) 2026, hwcloud.dms contributors
# Simplified BSD License (see https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause
#
# PRIVATE TO THE hwcloud.dms COLLECTION: this file is not a public API and may
# change without notice. Do not import it from outside this collection.
"""``dms_kafka_export_info``: one instance and everything on it, as the roles' variables.

Reads with the resource declarations' own readers (no request of its own):

1. the instance (5.1.2/5.1.3, one request);
2. concurrently on the client's one pool: topics (5.4.5 pages), users (5.6.1), user/client
   quotas (5.2.10), topic quotas (5.4.14), consumer groups (5.5.2), configs (5.1.7) and,
   when the instance body has none, tags (5.9.2);
3. concurrently: the permissions of every non-internal topic (5.6.5, one per topic).

Each item is converted with its ``ResourceSpec`` (``from_api``), then written with the
options the user would write: server-side and write-only values are left out, and so are
values equal to the field's ``create_default`` / ``identity_default`` (the service's
default). Passwords are never readable: each becomes a reference to a variable the user
supplies (listed in ``secrets``). Items are split into applications by name prefix.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import re

from ansible_collections.hwcloud.dms.plugins.module_utils._engine import normalise, run_read_module
from ansible_collections.hwcloud.dms.plugins.module_utils._errors import DmsApiError, DmsValidationError
from ansible_collections.hwcloud.dms.plugins.module_utils._instance_ref import (
    context_instance,
    instance_path,
)
from ansible_collections.hwcloud.dms.plugins.module_utils._specs import acl as acl_spec
from ansible_collections.hwcloud.dms.plugins.module_utils._specs import group as group_spec
from ansible_collections.hwcloud.dms.plugins.module_utils._specs import quota as quota_spec
from ansible_collections.hwcloud.dms.plugins.module_utils._specs import topic as topic_spec
from ansible_collections.hwcloud.dms.plugins.module_utils._specs import user as user_spec
from ansible_collections.hwcloud.dms.plugins.module_utils._specs.instance import (
    CONFIGS_PATH,
    TAGS_PATH,
    brokers_from_api,
    hhmmss,
    storage_from_api,
    tags_from_api,
)

WORKERS = 8
INSTANCE_PASSWORD_VAR = "vault_kafka_instance_password"
MANAGER_PASSWORD_VAR = "vault_kafka_manager_password"
USERS_VAR = "vault_kafka_users"

#: instance values the service uses when they are not set (left out of the export)
INSTANCE_DEFAULTS = {
    "description": "",
    "retention_policy": "produce_reject",
    "enable_auto_topic": False,
    "enterprise_project_id": "0",
    "ssl_enable": False,
}
#: a user/client quota rate the API reports as 0 was never set
QUOTA_DEFAULTS = {"producer_byte_rate": 0, "consumer_byte_rate": 0}
#: the kinds a purge deletes, by name (what ``owned_prefixes`` scopes)
OWNED_KINDS = ("topics", "users", "groups")
#: the keys of one application, in the order they are written
APP_KEYS = ("name", "owned_prefixes", "purge", "topics", "users", "acls", "quotas",
            "topic_quotas", "groups")


# =========================================================================== options
def validate_params(params):
    """Local rules of the grouping options (before any API call)."""
    errors = []
    seen_apps = {}
    owners = []
    default = params.get("default_application")
    for index, app in enumerate(params.get("applications") or []):
        where = "applications[%d]" % index
        name = app.get("name")
        if not name:
            errors.append("%s.name: is required" % where)
            continue
        if name in seen_apps:
            errors.append("%s.name: application '%s' is listed twice (same as applications[%d])"
                          % (where, name, seen_apps[name]))
            continue
        seen_apps[name] = index
        if default and name == default:
            errors.append("%s.name: '%s' is also the default_application (the one for items no "
                          "prefix matches); choose another name" % (where, name))
        prefixes = app.get("prefixes") or []
        if not prefixes:
            errors.append("%s.prefixes: at least one name prefix is required" % where)
        for prefix in prefixes:
            if not isinstance(prefix, str) or not prefix:
                errors.append("%s.prefixes: must be non-empty strings" % where)
                continue
            for other_app, other in owners:
                if other_app != name and (prefix.startswith(other) or other.startswith(prefix)):
                    errors.append(
                        "%s.prefixes: '%s' overlaps '%s' of application '%s' (an application "
                        "owns the names its prefixes match, so a purge of one would delete the "
                        "other's items)" % (where, prefix, other, other_app))
            owners.append((name, prefix))
    return errors


class Grouping(object):
    """Which application an item name belongs to: the application whose prefix matches."""

    def __init__(self, applications, default_name):
        self.apps = [(a["name"], sorted(set(a.get("prefixes") or []))) for a in applications or []]
        self.default = default_name

    def app_of(self, name):
        for app, prefixes in self.apps:
            if any(str(name).startswith(p) for p in prefixes):
                return app
        return self.default

    def owned_prefixes(self, app, names=()):
        """The name prefixes an application owns (what its purge may delete).

        A mapped application owns its prefixes. The default application owns prefixes derived
        from the names it holds (each name up to and including its first ``-``, ``_`` or ``.``)
        except those that overlap another application's prefix; None when it has none.
        """
        for name, prefixes in self.apps:
            if name == app:
                return list(prefixes)
        taken = [p for _name, prefixes in self.apps for p in prefixes]
        derived = set()
        for name in names:
            prefix = _LEADING.match(name).group(0) or name
            if not any(prefix.startswith(t) or t.startswith(prefix) for t in taken):
                derived.add(prefix)
        owned = [p for p in sorted(derived) if not any(p != q and p.startswith(q) for q in derived)]
        return owned or None


#: a name's first word and its separator (``orders-``, ``legacy.``), or the whole name
_LEADING = re.compile(r"^[^-_.]*[-_.]?")


# =========================================================================== converting
def item_options(spec, obj, defaults=None, skip=()):
    """One API object -> the options a user writes (unset, default and server-side values left out)."""
    view = spec.from_api(obj)
    defaults = defaults or {}
    out = {}
    for f in spec.fields:
        if f.server_side or f.write_only or f.option in skip:
            continue
        value = view.get(f.option)
        if value is None:
            continue
        if f.option in spec.identity:
            if f.identity_default is not None and value == f.identity_default:
                continue
        elif f.option in defaults:
            if value == defaults[f.option]:
                continue
        elif f.create_default is not None and value == f.create_default:
            continue
        out[f.option] = value
    return out


def _window(value):
    text = hhmmss(value)
    return text[:5] if text.endswith(":00") and len(text) == 8 else text


def instance_variables(inst, configs_meta, tags, manager_password):
    """The ``kafka_instance_*`` variables of the instance (defaults left out)."""
    ssl = normalise(inst.get("ssl_enable"), "bool") is True
    values = [
        ("name", inst.get("name")),
        ("description", inst.get("description") or ""),
        ("engine_version", str(inst.get("engine_version")) if inst.get("engine_version") is not None else None),
        ("flavor_id", inst.get("product_id")),
        ("broker_num", brokers_from_api(inst)),
        ("storage_space", storage_from_api(inst)),
        ("storage_spec_code", inst.get("storage_spec_code")),
        ("vpc_id", inst.get("vpc_id")),
        ("subnet_id", inst.get("subnet_id")),
        ("security_group_id", inst.get("security_group_id")),
        ("availability_zones", list(inst.get("available_zones") or []) or None),
        ("ssl_enable", ssl),
    ]
    if ssl:
        protocol = inst.get("kafka_security_protocol")
        values += [
            ("security_protocol", protocol if protocol in ("SASL_SSL", "SASL_PLAINTEXT") else None),
            ("enabled_mechanisms", sorted(inst.get("sasl_enabled_mechanisms") or []) or None),
            ("access_user", inst.get("access_user") or None),
            ("password", "{{ %s }}" % INSTANCE_PASSWORD_VAR if inst.get("access_user") else None),
        ]
    if manager_password:
        values.append(("manager_password", "{{ %s }}" % MANAGER_PASSWORD_VAR))
    values += [
        ("retention_policy", inst.get("retention_policy")),
        ("maintain_begin", _window(inst["maintain_begin"]) if inst.get("maintain_begin") else None),
        ("maintain_end", _window(inst["maintain_end"]) if inst.get("maintain_end") else None),
        ("enable_auto_topic", normalise(inst.get("enable_auto_topic"), "bool")),
        ("enterprise_project_id", inst.get("enterprise_project_id")),
        ("tags", dict(sorted(tags.items())) if tags else None),
        ("configs", changed_configs(configs_meta) or None),
    ]
    out = []
    for key, value in values:
        if value is None or (key in INSTANCE_DEFAULTS and value == INSTANCE_DEFAULTS[key]):
            continue
        out.append(("kafka_instance_" + key, value))
    return out


def changed_configs(meta):
    """5.1.7 parameters whose value differs from their ``default_value``, by name."""
    out = {}
    for entry in meta or []:
        if not isinstance(entry, dict) or not entry.get("name"):
            continue
        value, default = entry.get("value"), entry.get("default_value")
        if value is None or str(value) == str(default):
            continue
        out[entry["name"]] = str(value)
    return dict(sorted(out.items()))


def _quota_key(item):
    return (bool(item.get("user_default")), item.get("user") or "",
            bool(item.get("client_default")), item.get("client") or "")


def quota_item(obj):
    item = item_options(quota_spec.QUOTA, obj, defaults=QUOTA_DEFAULTS)
    if not any(r in item for r in quota_spec.RATES):
        item["producer_byte_rate"] = 0   # a quota with both rates 0 still needs one
    return item


def quota_owner(item, grouping):
    """A quota belongs with its user (else its client); default quotas with the catch-all."""
    for key in ("user", "client"):
        if item.get(key):
            return grouping.app_of(item[key])
    return grouping.default


def acl_item(topic, body):
    policies = [{"user": p["user"], "access_policy": p["access_policy"]}
                for p in acl_spec.canonical(acl_spec.norm_policies(
                    [p for p in (body or {}).get("policies") or [] if isinstance(p, dict)]))]
    return {"name": topic, "policies": policies}


# =========================================================================== reading
def _or_empty(read):
    """A listing that answers "not found" (feature missing on this instance) reads as empty."""
    def run(ctx):
        try:
            return read(ctx)
        except DmsApiError as err:
            if err.is_not_found:
                return []
            raise
    return run


def _configs(ctx):
    body = ctx.client.get(instance_path(ctx, CONFIGS_PATH), operation="read instance configs",
                          resource=ctx.params.get("instance")) or {}
    return body.get("kafka_configs") or []


def _tags(ctx):
    body = ctx.client.get(instance_path(ctx, TAGS_PATH), operation="read instance tags",
                          resource=ctx.params.get("instance")) or {}
    return body.get("tags") or []


def read_everything(ctx):
    """Every API object the export needs: two rounds of concurrent reads on one pool."""
    inst = context_instance(ctx)
    sasl = normalise(inst.get("ssl_enable"), "bool") is True
    jobs = [
        ("topics", topic_spec.read_all_topics),
        ("quotas", _or_empty(quota_spec.list_quotas)),
        ("topic_quotas", _or_empty(quota_spec.list_topic_quotas)),
        ("groups", group_spec.read_all_groups),
        ("configs", _configs),
    ]
    if sasl:
        jobs.append(("users", user_spec.read_users))
    if inst.get("tags") is None:
        jobs.append(("tags", _tags))
    results = ctx.client.map_concurrent(lambda job: job[1](ctx), jobs, workers=WORKERS)
    data = dict((name, value) for (name, _fn), value in zip(jobs, results))
    data["instance"] = inst
    data.setdefault("users", [])
    data.setdefault("tags", inst.get("tags"))
    data["acls"] = []
    if sasl:
        names = sorted(t["name"] for t in data["topics"] if t.get("name")
                       and not topic_spec._internal(t))
        bodies = ctx.client.map_concurrent(lambda name: acl_spec.read_policies(ctx, name), names,
                                           workers=WORKERS)
        data["acls"] = [(name, body) for name, body in zip(names, bodies) if body is not None]
    return data


# =========================================================================== building
def build_export(data, grouping, manager_password=False):
    """``(instance variables [(key, value)], applications [dict], secrets [dict])``."""
    inst = data["instance"]
    tags = tags_from_api({"tags": data.get("tags")}) or {}
    instance_vars = instance_variables(inst, data.get("configs"), tags, manager_password)
    access_user = inst.get("access_user") if normalise(inst.get("ssl_enable"), "bool") else None

    apps = {}

    def add(app, key, item):
        apps.setdefault(app, {}).setdefault(key, []).append(item)

    for obj in data.get("topics") or []:
        if not obj.get("name") or topic_spec._internal(obj):
            continue
        item = item_options(topic_spec.TOPIC, obj)
        add(grouping.app_of(item["name"]), "topics", item)
    user_secrets = []
    for obj in data.get("users") or []:
        item = item_options(user_spec.USER, obj)
        if not item.get("name") or item["name"] == access_user:
            continue
        item["password"] = "{{ %s['%s'] }}" % (USERS_VAR, item["name"])
        user_secrets.append(item["name"])
        add(grouping.app_of(item["name"]), "users", item)
    for topic, body in data.get("acls") or []:
        item = acl_item(topic, body)
        if item["policies"]:
            add(grouping.app_of(topic), "acls", item)
    for obj in data.get("quotas") or []:
        item = quota_item(obj)
        add(quota_owner(item, grouping), "quotas", item)
    for obj in data.get("topic_quotas") or []:
        item = item_options(quota_spec.TOPIC_QUOTA, obj)
        if item.get("topic") and any(r in item for r in quota_spec.RATES):
            add(grouping.app_of(item["topic"]), "topic_quotas", item)
    for obj in data.get("groups") or []:
        item = item_options(group_spec.GROUP, obj)
        if item.get("name"):
            add(grouping.app_of(item["name"]), "groups", item)

    sort_keys = {"topics": lambda i: i["name"], "users": lambda i: i["name"],
                 "acls": lambda i: i["name"], "quotas": _quota_key,
                 "topic_quotas": lambda i: i["topic"], "groups": lambda i: i["name"]}
    order = [name for name, _p in grouping.apps]
    if grouping.default in apps or not order:
        order.append(grouping.default)
    applications = []
    for name in order:
        app = {"name": name}
        owned = grouping.owned_prefixes(name, [item.get("name") for key in OWNED_KINDS
                                               for item in (apps.get(name) or {}).get(key) or []])
        if owned is not None:
            app["owned_prefixes"] = owned
        for key, items in sorted((apps.get(name) or {}).items()):
            app[key] = sorted(items, key=sort_keys[key])
        applications.append(app)

    secrets = []
    if any(k == "kafka_instance_password" for k, _v in instance_vars):
        secrets.append({"variable": INSTANCE_PASSWORD_VAR,
                        "description": "password of the instance's SASL user %s" % access_user})
    if manager_password:
        secrets.append({"variable": MANAGER_PASSWORD_VAR,
                        "description": "password of the Kafka Manager user"})
    for name in sorted(user_secrets):
        secrets.append({"variable": "%s['%s']" % (USERS_VAR, name),
                        "description": "password of SASL user %s" % name})
    return instance_vars, applications, secrets


def summary(applications):
    counts = {}
    for app in applications:
        for key in APP_KEYS[3:]:
            counts[key] = counts.get(key, 0) + len(app.get(key) or [])
    counts["applications"] = len(applications)
    return counts


# =========================================================================== YAML text
_PLAIN = re.compile(r"^[A-Za-z_][A-Za-z0-9_.\-/ ]*\Z")
#: words YAML 1.1 (PyYAML, Ansible) reads as booleans or null
_RESERVED = frozenset(["y", "n", "yes", "no", "true", "false", "on", "off", "null", "~"])


def scalar(value):
    """One value as a YAML scalar: plain when unambiguous, else double-quoted (JSON escapes)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    text = str(value)
    if _PLAIN.match(text) and not text.endswith(" ") and text.lower() not in _RESERVED:
        return text
    return json.dumps(text, ensure_ascii=False)


def _is_scalar(value):
    return not isinstance(value, (dict, list, tuple))


class _Map(list):
    """An ordered mapping for ``yaml_lines``: a list of ``(key, value)`` pairs."""


#: keys written first, in this order; any other key follows alphabetically
KEY_ORDER = ("name", "topic", "user", "user_default", "client", "client_default") + APP_KEYS[1:]


def _key_order(key):
    return (KEY_ORDER.index(key) if key in KEY_ORDER else len(KEY_ORDER), str(key))


def ordered(value):
    """Dicts (recursively) as ``_Map``s with the keys in ``KEY_ORDER``, then sorted."""
    if isinstance(value, _Map):
        return _Map((k, ordered(v)) for k, v in value)
    if isinstance(value, dict):
        return _Map((k, ordered(value[k])) for k in sorted(value, key=_key_order))
    if isinstance(value, (list, tuple)):
        return [ordered(v) for v in value]
    return value


def yaml_lines(value, indent=0):
    """Block-style YAML of ``_Map``s and lists; lists of scalars inline."""
    pad = " " * indent
    lines = []
    if isinstance(value, _Map):
        for key, item in value:
            head = "%s%s:" % (pad, scalar(key))
            if _is_scalar(item):
                lines.append("%s %s" % (head, scalar(item)))
            elif not item:
                lines.append("%s %s" % (head, "{}" if isinstance(item, _Map) else "[]"))
            elif not isinstance(item, _Map) and all(_is_scalar(i) for i in item):
                lines.append("%s [%s]" % (head, ", ".join(scalar(i) for i in item)))
            else:
                lines.append(head)
                lines.extend(yaml_lines(item, indent + 2))
        return lines
    for item in value:
        if _is_scalar(item) or not item:
            lines.append("%s- %s" % (pad, scalar(item) if _is_scalar(item) else (
                "{}" if isinstance(item, _Map) else "[]")))
            continue
        sub = yaml_lines(item, indent + 2)
        lines.append("%s- %s" % (pad, sub[0][indent + 2:]))
        lines.extend(sub[1:])
    return lines


def render(instance_vars, applications, secrets, source):
    """The variables file: a header comment (source, secrets to supply) and the data."""
    header = [
        "---",
        "# Variables of the DMS for Kafka instance %s" % source["name"],
        "# (ID %s%s)," % (source["instance_id"],
                          ", region %s" % source["region"] if source.get("region") else ""),
        "# written by hwcloud.dms.dms_kafka_export_info (playbooks/export.yml).",
        "# Use it with playbooks/provision.yml and playbooks/audit.yml (docs/adopting.md).",
        "# Values equal to the service's defaults are left out. Internal topics (__*) and the",
        "# instance's own SASL user are not listed as application items.",
    ]
    if secrets:
        width = max(len(s["variable"]) for s in secrets)
        header += ["#", "# Secrets to supply (the API never returns passwords; keep them in a vault).",
                   "# With update_password: on_create (the default) they are used only to create",
                   "# what is missing; a re-run does not change existing passwords."]
        header += ["#   %s  %s" % (s["variable"].ljust(width), s["description"]) for s in secrets]
    data = _Map((k, ordered(v)) for k, v in instance_vars)
    data.append(("dms_apps", ordered(applications)))
    return "\n".join(header + yaml_lines(data)) + "\n"


def plain_data(instance_vars, applications):
    """The variables as one dict (what the file loads to)."""
    data = dict(instance_vars)
    data["dms_apps"] = applications
    return data


# =========================================================================== the module
INFO_OPTIONS = dict(
    instance=dict(type="str", required=True),
    applications=dict(type="list", elements="dict", default=[], options=dict(
        name=dict(type="str", required=True),
        prefixes=dict(type="list", elements="str", required=True),
    )),
    default_application=dict(type="str"),
    manager_password=dict(type="bool", default=False, no_log=False),
)


def export(ctx):
    """The module result: ``variables``, ``content``, ``secrets``, ``counts``, ``instance_id``."""
    params = ctx.params
    inst = context_instance(ctx)
    default = params.get("default_application") or inst.get("name")
    if any(a.get("name") == default for a in params.get("applications") or []):
        raise DmsValidationError("default_application: '%s' is also the name of an application of "
                                 "applications (the instance name is the default)" % default)
    grouping = Grouping(params.get("applications"), default)
    data = read_everything(ctx)
    instance_vars, applications, secrets = build_export(data, grouping,
                                                        params.get("manager_password"))
    source = {"name": inst.get("name"), "instance_id": inst.get("instance_id"),
              "region": getattr(ctx.client, "region", None)}
    return {
        "instance_id": inst.get("instance_id"),
        "variables": plain_data(instance_vars, applications),
        "content": render(instance_vars, applications, secrets, source),
        "secrets": secrets,
        "counts": summary(applications),
        "api_requests": ctx.client.total_requests,
    }


def run_export_module(module_class=None, client_factory=None):
    """``main()`` of dms_kafka_export_info (read-only: check mode is the same run)."""
    return run_read_module(INFO_OPTIONS, export, validate=validate_params,
                           module_class=module_class, client_factory=client_factory)
