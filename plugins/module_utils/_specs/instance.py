# -*- coding: utf-8 -*-
# Copyright (c) 2026, hwcloud.dms contributors
# Simplified BSD License (see https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause
#
# PRIVATE TO THE hwcloud.dms COLLECTION: this file is not a public API and may
# change without notice. Do not import it from outside this collection.
"""Declaration of the Kafka instance for the engine (module ``dms_kafka_instance``).

Reference sections: 5.1.1 create, 5.1.2/5.1.3 list/read, 5.1.4 delete,
5.1.5 modify, 5.1.6 restart, 5.1.7/5.1.8 configs, 5.2.1/5.2.2 passwords,
5.2.3 Kafka Manager restart, 5.2.4 cross-VPC, 5.2.8 Kafka Manager disable,
5.2.13-5.2.15 rebalance logging, 5.3.1/5.3.2 extend, 5.4.1 auto topic, 5.9.1 tags,
5.10.2 AZs.

``restart_required`` covers the current run only: the configuration listing (5.1.7)
gives each parameter's current ``value`` and no pending one, and only the answer of the
change itself (5.1.8 ``static_config``) tells that a restart is needed, so a static
change made by an earlier run and not yet applied cannot be seen afterwards.

``build_spec(params)`` returns the ``ResourceSpec`` of one run: the identity
is ``instance_id`` when it is given (then ``name`` can be renamed), ``name``
otherwise. Everything that is pure (request bodies, response normalising,
update plans, validation) is a module-level function with its own unit tests.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy
import json
import re

from ansible_collections.hwcloud.dms.plugins.module_utils._engine import (
    Field,
    ResourceSpec,
    UpdateStep,
)
from ansible_collections.hwcloud.dms.plugins.module_utils._errors import (
    DmsApiError,
    DmsError,
    DmsValidationError,
    DmsWaitFailed,
)
from ansible_collections.hwcloud.dms.plugins.module_utils._waiters import (
    wait_for_instance,
    wait_for_instance_deleted,
    wait_for_task,
)

# --------------------------------------------------------------------------- API paths
INSTANCES_PATH = "/v2/{project_id}/instances"                        # 5.1.2
INSTANCE_PATH = "/v2/{project_id}/instances/{instance_id}"           # 5.1.3 / 5.1.4 / 5.1.5
CREATE_PATH = "/v2/{project_id}/kafka/instances"                     # 5.1.1
ACTION_PATH = "/v2/{project_id}/instances/action"                    # 5.1.6
CONFIGS_PATH = INSTANCE_PATH + "/configs"                            # 5.1.7 / 5.1.8
PASSWORD_PATH = INSTANCE_PATH + "/password"                          # 5.2.1 (POST)
MANAGER_PASSWORD_PATH = INSTANCE_PATH + "/kafka-manager-password"    # 5.2.2 (PUT)
CROSSVPC_PATH = INSTANCE_PATH + "/crossvpc/modify"                   # 5.2.4
EXTEND_PATH = "/v2/{project_id}/kafka/instances/{instance_id}/extend"  # 5.3.1 / 5.3.2
AUTOTOPIC_PATH = INSTANCE_PATH + "/autotopic"                        # 5.4.1
TAGS_ACTION_PATH = "/v2/{project_id}/kafka/{instance_id}/tags/action"  # 5.9.1
TAGS_PATH = "/v2/{project_id}/kafka/{instance_id}/tags"              # 5.9.2
AZ_PATH = "/v2/available-zones"                                      # 5.10.2
MANAGER_RESTART_PATH = INSTANCE_PATH + "/restart-kafka-manager"      # 5.2.3 (PUT)
MANAGER_PATH = "/v2/{project_id}/kafka/instances/{instance_id}/management"  # 5.2.8 (DELETE)
REBALANCE_LOG_PATH = "/v2/kafka/{project_id}/instances/{instance_id}/log/rebalance-log"  # 5.2.13-15
#: 5.2.13 answers this when rebalance logging was never enabled (as 400 "Invalid parameters")
REBALANCE_LOG_OFF_CODES = ("DMS.00400800",)
PRODUCTS_PATH = "/v2/kafka/products"                                  # 5.10.3

#: states in which the instance refuses other changes until it is RUNNING again
BUSY_STATES = ("CREATING", "RESTARTING", "EXTENDING")

#: default ``wait_timeout`` per operation (seconds)
DEFAULT_TIMEOUTS = {"create": 3000, "update": 3000, "delete": 900}

ENGINE_VERSIONS = ("1.1.0", "2.3.0", "2.7", "3.x")

#: 5.1.1 broker_num and storage_space ranges per flavor (product_id), in
#: increasing size (``rank``: a vertical change may only go up).
FLAVORS = {
    "c6.2u4g.cluster": {"rank": 1, "brokers": (3, 30), "storage": (300, 300000)},
    "c6.4u8g.cluster": {"rank": 2, "brokers": (3, 30), "storage": (300, 600000)},
    "c6.8u16g.cluster": {"rank": 3, "brokers": (3, 50), "storage": (300, 1500000)},
    "c6.12u24g.cluster": {"rank": 4, "brokers": (3, 50), "storage": (300, 1500000)},
    "c6.16u32g.cluster": {"rank": 5, "brokers": (3, 50), "storage": (300, 1500000)},
}
#: 5.3.1: a storage extension adds at least this much per broker (GB)
MIN_STORAGE_STEP = 100

PORT_FLAGS = ("private_plain_enable", "private_sasl_ssl_enable", "private_sasl_plaintext_enable",
              "public_plain_enable", "public_sasl_ssl_enable", "public_sasl_plaintext_enable")
# spellings of the same response flags in the 5.1.2/5.1.3 tables
_PORT_FLAG_ALIASES = {
    "private_sasl_plaintext_enable": ("private_sasl_plain_text_enable",),
    "public_sasl_plaintext_enable": ("public_sasl_plain_ext_enable",),
}

NAME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{3,63}\Z")
ACCESS_USER_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{3,63}\Z")
_TIME_RE = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?\Z")
_IPV4_RE = re.compile(r"^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}\Z")
_HOST_RE = re.compile(r"^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?"
                      r"(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*\Z")
# 5.1.1 / 5.9.1 tag rules (union of the documented special characters)
TAG_KEY_RE = re.compile(r"^[\w .:=+\-@]{1,128}\Z", re.UNICODE)
TAG_VALUE_RE = re.compile(r"^[\w .:=+\-@]{0,255}\Z", re.UNICODE)
MAX_TAGS = 10
# special characters of the 5.1.1 / 5.2.1 / 5.2.2 password rules (union)
PASSWORD_SPECIALS = "`~!@#$%^&*()-_=+\\|[{}];:'\",<.>/? "

_ASCII_LETTERS_DIGITS = dict(
    [(c, "lower") for c in "abcdefghijklmnopqrstuvwxyz"]
    + [(c, "upper") for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"]
    + [(c, "digit") for c in "0123456789"])

MASKED_KEYS = ("password", "manager_password")


# --------------------------------------------------------------------------- normalisers
def hhmmss(value):
    """``"2:00"``/``"02:00"``/``"02:00:00"`` -> ``"02:00:00"`` (other text unchanged)."""
    text = str(value).strip()
    match = _TIME_RE.match(text)
    if not match:
        return text
    return "%02d:%s:%s" % (int(match.group(1)), match.group(2), match.group(3) or "00")


def hhmm(value):
    """The 5.1.1 create form ``HH:mm`` of a window time."""
    return hhmmss(value)[:5]


def _scrub_dict(value):
    """A dict without its None values (unset suboptions), booleans normalised."""
    if not isinstance(value, dict):
        return value
    out = {}
    for key, item in value.items():
        if item is None:
            continue
        if isinstance(item, str) and item.lower() in ("true", "false"):
            item = item.lower() == "true"
        out[str(key)] = item
    return out


def _str_dict(value):
    if not isinstance(value, dict):
        return value
    out = {}
    for key, item in value.items():
        if item is None:
            continue
        if isinstance(item, bool):
            item = "true" if item else "false"
        out[str(key)] = item if isinstance(item, str) else str(item)
    return out


def _int(value):
    if value is None or isinstance(value, bool):
        return value
    try:
        number = float(value)
    except (TypeError, ValueError):
        return value
    return int(number) if number.is_integer() else number


# --------------------------------------------------------------------------- reading the API
def parse_cross_vpc_info(value):
    """``cross_vpc_info`` (a JSON string in 5.1.2) -> ``{ip: {advertised_ip, port, port_id}}``."""
    if value in (None, ""):
        return {}
    data = value
    if isinstance(value, str):
        try:
            data = json.loads(value)
        except ValueError:
            return {}
    if not isinstance(data, dict):
        return {}
    out = {}
    for ip, info in data.items():
        if isinstance(info, dict):
            entry = dict(info)
            if "advertised_ip" not in entry and "advertiseds_ip" in entry:  # 5.1.3 example typo
                entry["advertised_ip"] = entry.pop("advertiseds_ip")
            if "port" in entry:
                entry["port"] = _int(entry["port"])
            out[str(ip)] = entry
        else:
            out[str(ip)] = {"advertised_ip": info}
    return out


def advertised_ips(obj):
    """The listener IP -> advertised IP map of an instance object."""
    info = parse_cross_vpc_info(obj.get("cross_vpc_info"))
    return dict((ip, entry.get("advertised_ip")) for ip, entry in info.items())


def port_protocol_flags(obj):
    """The six ``*_enable`` flags of ``port_protocols`` (None when not returned)."""
    protocols = obj.get("port_protocols")
    if not isinstance(protocols, dict):
        return None
    out = {}
    for flag in PORT_FLAGS:
        value = protocols.get(flag)
        for alias in _PORT_FLAG_ALIASES.get(flag, ()):
            if value is None:
                value = protocols.get(alias)
        if value is not None:
            out[flag] = value if isinstance(value, bool) else str(value).lower() == "true"
    return out


def tags_from_api(obj):
    tags = obj.get("tags")
    if tags is None:
        return None
    if isinstance(tags, dict):
        return _str_dict(tags)
    out = {}
    for tag in tags or []:
        if isinstance(tag, dict) and tag.get("key") is not None:
            value = tag.get("value")
            out[str(tag["key"])] = "" if value is None else str(value)
    return out


def tags_to_api(tags):
    return [{"key": key, "value": "" if tags[key] is None else str(tags[key])}
            for key in sorted(tags)]


def charging_mode_from_api(obj):
    """5.1.2 answers ``charging_mode`` as an integer (1 = pay-per-use, 0 = yearly/monthly)."""
    value = obj.get("charging_mode")
    if value is None:
        return None
    text = str(value)
    return {"1": "postPaid", "0": "prePaid"}.get(text, text)


def storage_from_api(obj):
    """Total storage in GB (``total_storage_space``; ``storage_space`` may be net of overhead)."""
    value = obj.get("total_storage_space")
    if value in (None, "", 0, "0"):
        value = obj.get("storage_space")
    return _int(value)


def brokers_from_api(obj):
    value = obj.get("broker_num")
    if value is None:
        value = obj.get("node_num")
    return _int(value)


def configs_from_meta(meta):
    """5.1.7 ``kafka_configs`` list -> ``{name: value}`` (values as strings)."""
    out = {}
    for item in meta or []:
        if isinstance(item, dict) and item.get("name"):
            value = item.get("value")
            out[item["name"]] = "" if value is None else str(value)
    return out


# --------------------------------------------------------------------------- validators
def password_problem(value, item=None):
    """The 5.1.1/5.2.1/5.2.2 password rules, ASCII-exact; None when the value is fine.

    The message never contains the value (nor any of its characters)."""
    if not isinstance(value, str):
        return "must be a string"
    if not 8 <= len(value) <= 32:
        return "must be 8 to 32 characters long"
    if value.startswith("-"):
        return "must not start with a hyphen (-)"
    if any(not (_ASCII_LETTERS_DIGITS.get(c) or c in PASSWORD_SPECIALS) for c in value):
        return ("contains a character that is not allowed: only ASCII letters (a-z, A-Z), "
                "digits (0-9), spaces and the special characters %s" % PASSWORD_SPECIALS.strip())
    classes = set(_ASCII_LETTERS_DIGITS.get(c, "special") for c in value)
    if len(classes) < 3:
        return ("must contain at least three of: lowercase letters, uppercase letters, digits, "
                "special characters")
    return None


def window_problem(value, item=None):
    match = _TIME_RE.match(str(value))
    if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59 or \
            (match.group(3) is not None and int(match.group(3)) > 59):
        return "must be a time of day in HH:mm (or HH:mm:ss) form, e.g. 02:00"
    return None


def tags_problems(tags):
    """5.1.1/5.9.1 tag rules; returns a list of messages (prefixed ``tags``)."""
    errors = []
    if not isinstance(tags, dict):
        return ["tags: must be a dictionary"]
    if len(tags) > MAX_TAGS:
        errors.append("tags: at most %d tags are allowed (got %d)" % (MAX_TAGS, len(tags)))
    for key in sorted(tags):
        value = tags[key]
        if not 1 <= len(key) <= 128:
            errors.append("tags: key '%s' must be 1 to 128 characters long" % key)
        elif not TAG_KEY_RE.match(key):
            errors.append("tags: key '%s' may contain only letters, digits, spaces and _ . : = + - @"
                          % key)
        elif key != key.strip():
            errors.append("tags: key '%s' must not start or end with a space" % key)
        if key.lower().startswith("_sys_") or key.lower().startswith("sys"):
            errors.append("tags: key '%s' must not start with '_sys_' or 'sys' (reserved)" % key)
        text = "" if value is None else str(value)
        if len(text) > 255:
            errors.append("tags: value of '%s' must be at most 255 characters long" % key)
        elif not TAG_VALUE_RE.match(text):
            errors.append("tags: value of '%s' may contain only letters, digits, spaces and "
                          "_ . : = + - @" % key)
    return errors


def _duplicates(values):
    seen = set()
    dups = []
    for value in values:
        if value in seen and value not in dups:
            dups.append(value)
        seen.add(value)
    return dups


def _list_problem(value, item=None):
    dups = _duplicates(value or [])
    if dups:
        return "must not repeat values (%s)" % ", ".join(str(d) for d in dups)
    return None


def _az_problem(value, item=None):
    problem = _list_problem(value)
    if problem:
        return problem
    if len(value) == 2 or not value:
        return "must name 1 availability zone or at least 3 (got %d)" % len(value)
    return None


def _ipv4_list_problem(value, item=None):
    bad = [v for v in value or [] if not _IPV4_RE.match(str(v))]
    if bad:
        return "must be IPv4 addresses (not %s)" % ", ".join(bad)
    return _list_problem(value)


def _cross_vpc_problem(value, item=None):
    for ip, advertised in (value or {}).items():
        if not _IPV4_RE.match(ip):
            return "keys must be the brokers' listener IPv4 addresses (not '%s')" % ip
        text = str(advertised or "")
        if not (_IPV4_RE.match(text) or _HOST_RE.match(text)):
            return "value for %s must be an IPv4 address or a domain name (not '%s')" % (ip, text)
    advertised = [str(v) for v in (value or {}).values()]
    dups = _duplicates(advertised)
    if dups:
        return "advertised addresses must be unique (%s repeated)" % ", ".join(dups)
    return None


def _configs_problem(value, item=None):
    for key in value or {}:
        if not key or not str(key).strip():
            return "parameter names must not be empty"
    return None


def validate_item(item, ctx=None):
    """Cross-option rules of 5.1.1, checked before any API call (messages name the option)."""
    errors = []
    flavor = FLAVORS.get(item.get("flavor_id"))
    brokers = item.get("broker_num")
    storage = item.get("storage_space")
    what = " for flavor %s" % item["flavor_id"] if flavor is not None else ""
    low, high = flavor["brokers"] if flavor is not None else (3, 50)
    if isinstance(brokers, int) and not low <= brokers <= high:
        errors.append("broker_num: must be between %d and %d%s (got %d)" % (low, high, what, brokers))
    low, high = flavor["storage"] if flavor is not None else (300, 1500000)
    if isinstance(storage, int) and not low <= storage <= high:
        errors.append("storage_space: must be between %d and %d GB%s (got %d)"
                      % (low, high, what, storage))
    if isinstance(brokers, int) and isinstance(storage, int) and brokers > 0 \
            and storage < brokers * MIN_STORAGE_STEP:
        errors.append("storage_space: must be at least %d GB per broker (%d brokers need %d GB)"
                      % (MIN_STORAGE_STEP, brokers, brokers * MIN_STORAGE_STEP))
    ssl = item.get("ssl_enable")
    if ssl is False:
        for option in ("access_user", "password", "security_protocol", "enabled_mechanisms"):
            if item.get(option) not in (None, [], ""):
                errors.append("%s: only valid with ssl_enable=true (SASL is off)" % option)
    elif ssl is None:
        for option in ("security_protocol", "enabled_mechanisms"):
            if item.get(option) not in (None, []):
                errors.append("%s: requires ssl_enable=true" % option)
    flags = item.get("port_protocol") or {}
    if flags.get("private_sasl_ssl_enable") and flags.get("private_sasl_plaintext_enable"):
        errors.append("port_protocol: private_sasl_ssl_enable and private_sasl_plaintext_enable "
                      "cannot both be true")
    if flags.get("public_sasl_ssl_enable") and flags.get("public_sasl_plaintext_enable"):
        errors.append("port_protocol: public_sasl_ssl_enable and public_sasl_plaintext_enable "
                      "cannot both be true")
    public_flags = [f for f in ("public_plain_enable", "public_sasl_ssl_enable",
                                "public_sasl_plaintext_enable") if flags.get(f)]
    if public_flags and item.get("enable_publicip") is not True:
        errors.append("port_protocol: %s requires public access (enable_publicip=true)"
                      % ", ".join(public_flags))
    if item.get("enable_publicip") is True and not item.get("public_ip_ids"):
        errors.append("public_ip_ids: required when enable_publicip=true (one EIP ID per broker)")
    if item.get("public_ip_ids") and item.get("enable_publicip") is False:
        errors.append("public_ip_ids: only valid with enable_publicip=true")
    if isinstance(brokers, int) and item.get("tenant_ips") and len(item["tenant_ips"]) > brokers:
        errors.append("tenant_ips: at most broker_num (%d) addresses (got %d)"
                      % (brokers, len(item["tenant_ips"])))
    if isinstance(brokers, int) and item.get("public_ip_ids") and \
            len(item["public_ip_ids"]) > brokers:
        errors.append("public_ip_ids: at most broker_num (%d) EIP IDs (got %d)"
                      % (brokers, len(item["public_ip_ids"])))
    if item.get("disk_encrypted_key") and item.get("disk_encrypted_enable") is not True:
        errors.append("disk_encrypted_key: only valid with disk_encrypted_enable=true")
    if item.get("disk_encrypted_enable") is True and not item.get("disk_encrypted_key"):
        errors.append("disk_encrypted_key: required when disk_encrypted_enable=true")
    if ("maintain_begin" in item) != ("maintain_end" in item):
        errors.append("maintain_begin, maintain_end: must be set together")
    elif "maintain_begin" in item and item["maintain_begin"] == item["maintain_end"]:
        errors.append("maintain_end: must differ from maintain_begin")
    if "tags" in item:
        errors.extend(tags_problems(item["tags"]))
    errors.extend(billing_problems(item))
    return errors


def billing_problems(item):
    errors = []
    mode = item.get("charging_mode")
    prepaid_only = [o for o in ("period_unit", "period", "auto_renew", "auto_pay")
                    if item.get(o) is not None]
    if mode == "prePaid":
        for option in ("period_unit", "period"):
            if item.get(option) is None:
                errors.append("%s: required when charging_mode=prePaid" % option)
        unit = item.get("period_unit")
        period = item.get("period")
        if unit is not None and isinstance(period, int):
            high = 9 if unit == "month" else 3
            if not 1 <= period <= high:
                errors.append("period: must be between 1 and %d when period_unit=%s (got %d)"
                              % (high, unit, period))
    elif prepaid_only:
        errors.append("%s: only valid with charging_mode=prePaid" % ", ".join(prepaid_only))
    return errors


CREATE_REQUIRED = ("engine_version", "broker_num", "storage_space", "flavor_id",
                   "storage_spec_code", "vpc_id", "subnet_id", "security_group_id",
                   "availability_zones")


def create_problems(item):
    """Rules that apply only when the instance is created."""
    errors = []
    missing = [o for o in CREATE_REQUIRED if item.get(o) in (None, "", [])]
    if missing:
        errors.append("%s: required to create the instance" % ", ".join(missing))
    if item.get("ssl_enable") is True:
        for option in ("access_user", "password"):
            if not item.get(option):
                errors.append("%s: required when ssl_enable=true" % option)
    return errors


def catalog_problems(item, products):
    """``flavor_id`` and ``storage_spec_code`` of a new instance against the 5.10.3
    flavors, naming the valid choices (nothing is checked when the listing is empty)."""
    if not products:
        return []
    by_id = dict((p.get("product_id"), p) for p in products if p.get("product_id"))
    flavor = item.get("flavor_id")
    if flavor is not None and flavor not in by_id:
        return ["flavor_id: unknown flavor '%s' (valid: %s)" % (flavor, ", ".join(sorted(by_id)))]
    spec_code = item.get("storage_spec_code")
    if spec_code is None:
        return []
    offered = by_id[flavor].get("ios") if flavor is not None else [
        io for p in products for io in p.get("ios") or []]
    codes = sorted(set(io.get("io_spec") for io in offered or [] if isinstance(io, dict)
                       and io.get("io_spec")))
    if codes and spec_code not in codes:
        return ["storage_spec_code: '%s' is not offered%s (valid: %s)" % (
            spec_code, " with flavor '%s'" % flavor if flavor is not None else "", ", ".join(codes))]
    return []


# --------------------------------------------------------------------------- request building
def resolve_zones(requested, zones):
    """Map AZ codes or IDs to IDs with the 5.10.2 listing; returns ``(ids, errors)``."""
    by_key = {}
    for zone in zones or []:
        if not isinstance(zone, dict) or not zone.get("id"):
            continue
        for key in ("id", "code", "name"):
            if zone.get(key):
                by_key.setdefault(str(zone[key]), zone["id"])
    ids = []
    unknown = []
    for value in requested or []:
        if value in by_key:
            ids.append(by_key[value])
        else:
            unknown.append(value)
    errors = []
    if unknown:
        known = sorted(set(z.get("code") for z in zones or [] if isinstance(z, dict) and z.get("code")))
        errors.append("availability_zones: unknown availability zone %s (known codes: %s)"
                      % (", ".join("'%s'" % u for u in unknown), ", ".join(known) or "none"))
    return ids, errors


def build_create_body(item, az_ids):
    """The 5.1.1 request body from the (normalised) options."""
    body = {
        "name": item["name"],
        "engine": "kafka",
        "engine_version": item["engine_version"],
        "broker_num": item["broker_num"],
        "storage_space": item["storage_space"],
        "product_id": item["flavor_id"],
        "storage_spec_code": item["storage_spec_code"],
        "vpc_id": item["vpc_id"],
        "subnet_id": item["subnet_id"],
        "security_group_id": item["security_group_id"],
        "available_zones": list(az_ids),
    }
    direct = {
        "description": "description", "access_user": "access_user", "password": "password",
        "enable_publicip": "enable_publicip", "tenant_ips": "tenant_ips",
        "ssl_enable": "ssl_enable", "security_protocol": "kafka_security_protocol",
        "enabled_mechanisms": "sasl_enabled_mechanisms", "retention_policy": "retention_policy",
        "ipv6_enable": "ipv6_enable", "disk_encrypted_enable": "disk_encrypted_enable",
        "disk_encrypted_key": "disk_encrypted_key", "connector_enable": "connector_enable",
        "enable_auto_topic": "enable_auto_topic",
        "enterprise_project_id": "enterprise_project_id", "arch_type": "arch_type",
        "vpc_client_plain": "vpc_client_plain",
    }
    for option, key in direct.items():
        if item.get(option) is not None:
            body[key] = copy.deepcopy(item[option])
    if item.get("public_ip_ids"):
        body["publicip_id"] = ",".join(item["public_ip_ids"])
    for option in ("maintain_begin", "maintain_end"):
        if item.get(option):
            body[option] = hhmm(item[option])  # create takes HH:mm
    if item.get("port_protocol"):
        body["port_protocol"] = dict((k, v) for k, v in item["port_protocol"].items()
                                     if v is not None)
    if item.get("tags"):
        body["tags"] = tags_to_api(item["tags"])
    bss = {}
    if item.get("charging_mode") is not None:
        bss["charging_mode"] = item["charging_mode"]
    if item.get("period_unit") is not None:
        bss["period_type"] = item["period_unit"]
    if item.get("period") is not None:
        bss["period_num"] = item["period"]
    if item.get("auto_renew") is not None:
        bss["is_auto_renew"] = item["auto_renew"]
    if item.get("auto_pay") is not None:
        bss["is_auto_pay"] = item["auto_pay"]
    if bss:
        body["bss_param"] = bss
    return body


MODIFY_OPTIONS = (("name", "name"), ("description", "description"),
                  ("maintain_begin", "maintain_begin"), ("maintain_end", "maintain_end"),
                  ("security_group_id", "security_group_id"),
                  ("retention_policy", "retention_policy"),
                  ("enterprise_project_id", "enterprise_project_id"))


def build_modify_body(item, changed):
    """The 5.1.5 body: only the changed fields (windows in HH:mm:ss)."""
    body = {}
    for option, key in MODIFY_OPTIONS:
        if option in changed and option in item:
            value = item[option]
            body[key] = hhmmss(value) if option.startswith("maintain_") else value
    # the window is one setting: send both ends when either changed
    if "maintain_begin" in body or "maintain_end" in body:
        for option in ("maintain_begin", "maintain_end"):
            if option in item:
                body[option] = hhmmss(item[option])
    return body


def plan_extend(before, item):
    """Ordered 5.3.1 bodies for the growth the options ask for.

    ``before``: current view (``broker_num``, ``storage_space`` total GB,
    ``flavor_id``). Order: horizontal (keeps each broker's storage), then
    storage (to the requested total), then vertical.
    """
    ops = []
    brokers = before.get("broker_num") or 0
    total = before.get("storage_space") or 0
    per = total // brokers if brokers else 0
    want_brokers = item.get("broker_num")
    if want_brokers is not None and want_brokers > brokers:
        body = {"oper_type": "horizontal", "new_broker_num": want_brokers,
                "new_storage_space": want_brokers * per}
        if item.get("public_ip_ids"):
            body["publicip_id"] = ",".join(item["public_ip_ids"])
        ops.append(body)
        brokers, total = want_brokers, want_brokers * per
    want_total = item.get("storage_space")
    if want_total is not None and want_total > total:
        ops.append({"oper_type": "storage", "new_storage_space": want_total})
    want_flavor = item.get("flavor_id")
    if want_flavor is not None and want_flavor != before.get("flavor_id"):
        ops.append({"oper_type": "vertical", "new_product_id": want_flavor})
    return ops


def extend_problems(before, item, products=None, public_access=False):
    """Decreases, and the 5.3.1/5.3.2 limits of a growth plan; list of messages.

    ``products``: the 5.3.2 ``products`` list (None: not checked against it).
    """
    errors = []
    brokers = before.get("broker_num") or 0
    total = before.get("storage_space") or 0
    per = total // brokers if brokers else 0
    name = before.get("name") or before.get("instance_id")
    want_brokers = item.get("broker_num")
    want_total = item.get("storage_space")
    want_flavor = item.get("flavor_id")
    if want_brokers is not None and want_brokers < brokers:
        errors.append("broker_num: cannot be decreased (instance '%s' has %d brokers, requested %d)"
                      % (name, brokers, want_brokers))
    if want_total is not None and want_total < total:
        errors.append("storage_space: cannot be decreased (instance '%s' has %d GB, requested %d)"
                      % (name, total, want_total))
    current_flavor = before.get("flavor_id")
    if want_flavor is not None and want_flavor != current_flavor:
        have_rank = (FLAVORS.get(current_flavor) or {}).get("rank")
        want_rank = (FLAVORS.get(want_flavor) or {}).get("rank")
        if have_rank and want_rank and want_rank < have_rank:
            errors.append("flavor_id: cannot be changed to a smaller flavor (instance '%s' has %s, "
                          "requested %s)" % (name, current_flavor, want_flavor))
    if errors:
        return errors
    new_brokers = brokers
    new_total = total
    if want_brokers is not None and want_brokers > brokers:
        new_brokers = want_brokers
        new_total = want_brokers * per
        if want_total is not None and want_total < new_total:
            errors.append(
                "storage_space: adding brokers keeps each broker's %d GB, so the total becomes "
                "%d GB; set storage_space to at least %d (requested %d)"
                % (per, new_total, new_total, want_total))
        if public_access and not item.get("public_ip_ids"):
            errors.append("public_ip_ids: required to add brokers to an instance with public "
                          "access (EIP IDs for the new brokers)")
    if want_total is not None and want_total > new_total and new_brokers:
        step = want_total // new_brokers - new_total // new_brokers
        if step < MIN_STORAGE_STEP:
            errors.append(
                "storage_space: each broker's storage must grow by at least %d GB (%d brokers x "
                "%d GB now: request at least %d GB, requested %d)"
                % (MIN_STORAGE_STEP, new_brokers, new_total // new_brokers,
                   new_total + new_brokers * MIN_STORAGE_STEP, want_total))
        new_total = want_total
    if products is not None and not errors:
        target = want_flavor or current_flavor
        by_id = dict((p.get("product_id"), p) for p in products if isinstance(p, dict))
        product = by_id.get(target)
        if product is None:
            if want_flavor is not None and want_flavor != current_flavor:
                errors.append("flavor_id: %s is not offered for this instance (offered: %s)"
                              % (want_flavor, ", ".join(sorted(k for k in by_id if k)) or "none"))
        else:
            props = product.get("properties") or {}
            max_broker = _int(props.get("max_broker"))
            max_per_node = _int(props.get("max_storage_per_node"))
            if isinstance(max_broker, int) and new_brokers > max_broker:
                errors.append("broker_num: at most %d brokers for flavor %s (requested %d)"
                              % (max_broker, target, new_brokers))
            if isinstance(max_per_node, int) and new_brokers and \
                    new_total // new_brokers > max_per_node:
                errors.append("storage_space: at most %d GB per broker for flavor %s (requested "
                              "%d GB on %d brokers)" % (max_per_node, target, new_total,
                                                        new_brokers))
    return errors


def _range_problem(valid, value):
    valid = str(valid or "").strip()
    if not valid:
        return None
    if "~" in valid:
        low, _sep, high = valid.partition("~")
        try:
            number = float(value)
            if not float(low) <= number <= float(high):
                return "must be between %s and %s" % (low.strip(), high.strip())
        except ValueError:
            return "must be a number between %s and %s" % (low.strip(), high.strip())
        return None
    choices = [c.strip() for c in valid.split(",") if c.strip()]
    if choices and value not in choices:
        return "must be one of %s" % ", ".join(choices)
    return None


def plan_configs(meta, desired):
    """Compare ``configs`` with 5.1.7; returns ``(changes, static_names, errors)``.

    ``changes``: ``[{"name", "value"}]`` (only the differing ones, sorted),
    ``static_names``: the changed ones of ``config_type`` static.
    """
    by_name = dict((m.get("name"), m) for m in meta or [] if isinstance(m, dict))
    changes = []
    static = []
    errors = []
    for name in sorted(desired or {}):
        value = desired[name]
        current = by_name.get(name)
        if current is None:
            errors.append("configs: unknown parameter '%s' (known: %s)"
                          % (name, ", ".join(sorted(k for k in by_name if k))))
            continue
        problem = _range_problem(current.get("valid_values"), value)
        if problem:
            errors.append("configs: %s %s (got %s)" % (name, problem, value))
            continue
        if str(current.get("value")) != value:
            changes.append({"name": name, "value": value})
            if str(current.get("config_type", "")).lower() == "static":
                static.append(name)
    return changes, static, errors


def plan_tags(current, desired, purge):
    """5.9.1 actions: ``(delete_keys, create_tags)``; a changed value is deleted, then created."""
    current = current or {}
    delete = []
    create = {}
    for key, value in sorted(desired.items()):
        if key not in current:
            create[key] = value
        elif current[key] != value:
            delete.append(key)
            create[key] = value
    if purge:
        delete.extend(k for k in sorted(current) if k not in desired)
    return sorted(set(delete)), create


def build_crossvpc_body(current, desired):
    """5.2.4 body: the full listener -> advertised map (unchanged brokers included)."""
    merged = dict(current or {})
    merged.update(desired or {})
    return {"advertised_ip_contents": merged}


# --------------------------------------------------------------------------- fields
class _ZonesField(Field):
    """AZs compare as sets of IDs; codes given by the user are resolved first."""

    def __init__(self, resolver, **kwargs):
        super(_ZonesField, self).__init__("availability_zones", api="available_zones", **kwargs)
        self.resolver = resolver

    def matches(self, have, want, item=None):
        return sorted(set(have or [])) == sorted(set(self.resolver(w) for w in want or []))


SERVER_FIELDS = (
    ("status", "str"), ("engine", "str"), ("specification", "str"), ("type", "str"),
    ("partition_num", "int"), ("used_storage_space", "int"), ("node_num", "int"),
    ("extend_times", "int"), ("created_at", "int"), ("connect_address", "str"),
    ("port", "int"), ("management_connect_address", "str"), ("public_connect_address", "str"),
    ("kafka_security_protocol", "str"), ("sasl_enabled_mechanisms", "raw"),
    ("available_zone_names", "raw"), ("resource_spec_code", "str"), ("storage_type", "str"),
    ("vpc_name", "str"), ("subnet_name", "str"), ("security_group_name", "str"),
    ("is_logical_volume", "bool"), ("kafka_private_connect_address", "str"),
    ("order_id", "str"), ("port_protocols", "raw"),
)


def _fields(identity, resolve_zone, purge_tags):
    by_id = identity == "instance_id"
    fields = [
        Field("name", type="str",
              validators=[lambda v, i: None if NAME_RE.match(v) else (
                  "must start with a letter and have 4 to 64 letters, digits, _ or -")]),
        Field("instance_id", type="str", server_side=not by_id),
        Field("description", type="str", max_length=1024),
        Field("engine_version", type="str", create_only=True),
        Field("broker_num", type="int", from_api=brokers_from_api),
        Field("storage_space", type="int", from_api=storage_from_api),
        Field("flavor_id", api="product_id", type="str"),
        Field("storage_spec_code", type="str", create_only=True),
        Field("vpc_id", type="str", create_only=True),
        Field("subnet_id", type="str", create_only=True),
        Field("security_group_id", type="str"),
        _ZonesField(resolve_zone, type="list", elements="str", create_only=True,
                    validators=[_az_problem]),
        Field("ssl_enable", type="bool", create_only=True),
        # never returned by the service (deviations.md): sent at creation only
        Field("security_protocol", type="str", write_only=True),
        Field("enabled_mechanisms", type="list", elements="str", write_only=True,
              validators=[_list_problem]),
        Field("access_user", type="str", create_only=True,
              validators=[lambda v, i: None if ACCESS_USER_RE.match(v) else (
                  "must start with a letter and have 4 to 64 letters, digits, _ or -")]),
        Field("password", type="str", write_only=True, secret=True, validators=[password_problem]),
        Field("manager_password", type="str", write_only=True, secret=True,
              validators=[password_problem]),
        Field("port_protocol", type=_scrub_dict, from_api=port_protocol_flags, create_only=True,
              compare="subset"),
        Field("enable_publicip", type="bool", create_only=True),
        Field("public_ip_ids", type="list", elements="str", write_only=True,
              validators=[_list_problem]),
        Field("tenant_ips", type="list", elements="str", write_only=True,
              validators=[_ipv4_list_problem]),
        Field("retention_policy", type="str"),
        Field("ipv6_enable", type="bool", create_only=True),
        Field("disk_encrypted_enable", api="disk_encrypted", type="bool", create_only=True),
        Field("disk_encrypted_key", type="str", create_only=True),
        Field("connector_enable", type="bool", create_only=True),
        Field("enable_auto_topic", type="bool"),
        Field("maintain_begin", type=hhmmss, validators=[window_problem]),
        Field("maintain_end", type=hhmmss, validators=[window_problem]),
        Field("enterprise_project_id", type="str"),
        Field("tags", type=_str_dict, from_api=tags_from_api,
              compare="equal" if purge_tags else "subset"),
        Field("arch_type", type="str", write_only=True),
        Field("vpc_client_plain", type="bool", create_only=True),
        Field("charging_mode", type="str", from_api=charging_mode_from_api, create_only=True),
        Field("period_unit", type="str", write_only=True),
        Field("period", type="int", write_only=True),
        Field("auto_renew", type="bool", write_only=True),
        Field("auto_pay", type="bool", write_only=True),
        Field("configs", type=_str_dict, from_api=lambda o: o.get("_configs"), compare="subset",
              validators=[_configs_problem]),
        Field("cross_vpc_advertised_ips", type=_str_dict, from_api=advertised_ips,
              compare="subset", validators=[_cross_vpc_problem]),
        Field("cross_vpc_info", from_api=lambda o: parse_cross_vpc_info(o.get("cross_vpc_info")),
              server_side=True),
        Field("rebalance_logging", type="bool", from_api=lambda o: o.get("_rebalance_logging"),
              hide_unset=True),
        Field("kafka_manager", type="str", choices=("enabled", "disabled"),
              from_api=lambda o: o.get("_kafka_manager"), hide_unset=True),
    ]
    for option, kind in SERVER_FIELDS:
        fields.append(Field(option, type=kind, server_side=True))
    return fields


# --------------------------------------------------------------------------- hooks
def _timeout(ctx, operation):
    return ctx.params.get("wait_timeout") or DEFAULT_TIMEOUTS[operation]


def _iid(ctx, view):
    raw = ctx.raw(view) or {}
    return view.get("instance_id") or raw.get("instance_id")


class _Run(object):
    """The hooks of one run (they share the AZ map and the read caches)."""

    def __init__(self, params):
        self.params = params
        self.identity = "instance_id" if params.get("instance_id") else "name"
        self.zones = None          # 5.10.2 listing, read once when needed
        self.products = None       # 5.10.3 flavors, read once when an instance is created
        self.zone_ids = {}         # code/name/id -> id

    # -- reading ------------------------------------------------------------------
    def resolve_zone(self, value):
        return self.zone_ids.get(value, value)

    def load_zones(self, ctx):
        if self.zones is None:
            body = ctx.client.get(AZ_PATH, operation="list availability zones") or {}
            self.zones = body.get("available_zones") or []
            for zone in self.zones:
                if isinstance(zone, dict) and zone.get("id"):
                    for key in ("id", "code", "name"):
                        if zone.get(key):
                            self.zone_ids.setdefault(str(zone[key]), zone["id"])
        return self.zones

    def load_products(self, ctx):
        """5.10.3 flavors (``[]`` when the service has no such listing)."""
        if self.products is None:
            try:
                body = ctx.client.get(PRODUCTS_PATH, operation="list Kafka flavors") or {}
            except DmsApiError as err:
                if not err.is_not_found:
                    raise
                body = {}
            self.products = [p for p in body.get("products") or [] if isinstance(p, dict)]
        return self.products

    def _get(self, ctx, instance_id):
        client = ctx.client
        try:
            return client.get(client.path(INSTANCE_PATH, instance_id=instance_id),
                              operation="read instance", resource=instance_id)
        except DmsApiError as err:
            if err.is_not_found:
                return None
            raise

    def list(self, ctx):
        params = ctx.params
        client = ctx.client
        ctx.extra.setdefault("restart_required", False)
        if self.identity == "instance_id":
            obj = self._get(ctx, params["instance_id"])
            if obj is None and params.get("state") != "absent":
                raise DmsValidationError(
                    "instance_id: no Kafka instance has the ID '%s' (to create an instance, set "
                    "name and leave instance_id unset)" % params["instance_id"])
            objs = [obj] if obj else []
        else:
            name = params["name"]
            query = {"engine": "kafka", "name": name, "exact_match_name": "true"}
            objs = [o for o in client.paginate(INSTANCES_PATH, "instances", "instance_num",
                                               query=query, operation="list instances",
                                               resource=name)
                    if isinstance(o, dict) and o.get("name") == name]
            if len(objs) > 1:
                ids = sorted(str(o.get("instance_id")) for o in objs)
                raise DmsValidationError(
                    "name: %d Kafka instances are named '%s' (IDs: %s); set instance_id to choose "
                    "one" % (len(objs), name, ", ".join(ids)))
        for obj in objs:
            self._enrich(ctx, obj)
        return objs

    def _enrich(self, ctx, obj):
        """Add what the instance body lacks but the options compare (configs, tags)."""
        params = ctx.params
        if params.get("state") != "present":
            return
        client = ctx.client
        iid = obj.get("instance_id")
        wanted_zones = params.get("availability_zones") or []
        if any(z not in (obj.get("available_zones") or []) for z in wanted_zones):
            self.load_zones(ctx)  # codes given: compare them as IDs
        if params.get("configs") is not None and iid and obj.get("status") != "CREATING":
            body = client.get(client.path(CONFIGS_PATH, instance_id=iid),
                              operation="read instance configs", resource=iid) or {}
            meta = body.get("kafka_configs") or []
            ctx.cache.setdefault("configs_meta", {})[iid] = meta
            obj["_configs"] = configs_from_meta(meta)
        if params.get("kafka_manager") is not None:
            obj["_kafka_manager"] = "enabled" if obj.get("management_connect_address") else "disabled"
        if params.get("rebalance_logging") is not None and iid and obj.get("status") != "CREATING":
            obj["_rebalance_logging"] = self._rebalance_logging(ctx, iid)
        if params.get("tags") is not None and iid and obj.get("tags") is None:
            body = client.get(client.path(TAGS_PATH, instance_id=iid),
                              operation="read instance tags", resource=iid) or {}
            obj["tags"] = body.get("tags") or []

    def _rebalance_logging(self, ctx, iid):
        """5.2.13: on when the log exists with status OPEN; the never-enabled answer is off."""
        client = ctx.client
        try:
            body = client.get(client.path(REBALANCE_LOG_PATH, instance_id=iid),
                              operation="read rebalance logging", resource=iid) or {}
        except DmsApiError as err:
            if err.is_not_found or err.error_code in REBALANCE_LOG_OFF_CODES:
                return False
            raise
        return str(body.get("status") or "").upper() == "OPEN"

    # -- planning -----------------------------------------------------------------
    def check_plan(self, ctx, plan):
        errors = []
        for d in plan.creates:
            item = d.item
            errors.extend(create_problems(item))
            if item.get("flavor_id") or item.get("storage_spec_code"):
                errors.extend(catalog_problems(item, self.load_products(ctx)))
            if item.get("availability_zones"):
                _ids, problems = resolve_zones(item["availability_zones"], self.load_zones(ctx))
                errors.extend(problems)
            if not ctx.params.get("wait", True):
                later = [o for o in ("configs", "manager_password", "cross_vpc_advertised_ips",
                                     "rebalance_logging") if item.get(o)]
                if item.get("kafka_manager") == "disabled":
                    later.append("kafka_manager")
                if later:
                    errors.append("%s: applied once the new instance is RUNNING, which needs "
                                  "wait=true" % ", ".join(later))
            if item.get("cross_vpc_advertised_ips"):
                unknown = sorted(set(item["cross_vpc_advertised_ips"]) -
                                 set(item.get("tenant_ips") or []))
                if unknown:
                    errors.append("cross_vpc_advertised_ips: the broker IPs of a new instance are "
                                  "only known through tenant_ips (not %s); set it in a later task"
                                  % ", ".join(unknown))
        for before, d, changed in plan.updates:
            errors.extend(self._check_update(ctx, before, d, changed))
        for before, d in plan.actions:
            raw = ctx.raw(before) or {}
            if d.state == "manager_restarted" and not raw.get("management_connect_address"):
                errors.append("state: cannot restart Kafka Manager of instance %s: it is disabled "
                              "(the instance has no Kafka Manager address)" % _iid(ctx, before))
        return errors

    def _check_update(self, ctx, before, d, changed):
        item = d.item
        raw = ctx.raw(before) or {}
        iid = _iid(ctx, before)
        errors = []
        if set(changed) & {"broker_num", "storage_space", "flavor_id"}:
            errors.extend(extend_problems(before, item, None, bool(raw.get("enable_publicip"))))
            if not errors:
                products = self._extend_products(ctx, iid)
                errors.extend(extend_problems(before, item, products,
                                              bool(raw.get("enable_publicip"))))
        if "configs" in changed:
            meta = ctx.cache.get("configs_meta", {}).get(iid, [])
            _changes, static, problems = plan_configs(meta, item.get("configs"))
            errors.extend(problems)
            if static and not ctx.params.get("restart_on_static_change"):
                ctx.extra["restart_required"] = True
        if "tags" in changed and not ctx.params.get("purge_tags", True):
            merged = dict(before.get("tags") or {})
            merged.update(item["tags"])
            if len(merged) > MAX_TAGS:
                errors.append("tags: the instance would have %d tags (at most %d); remove some or "
                              "use purge_tags=true" % (len(merged), MAX_TAGS))
        if "cross_vpc_advertised_ips" in changed:
            known = set(advertised_ips(raw))
            unknown = sorted(set(item["cross_vpc_advertised_ips"]) - known)
            if unknown:
                errors.append("cross_vpc_advertised_ips: %s %s not a broker listener IP of the "
                              "instance (brokers: %s)" % (", ".join(unknown),
                                                          "is" if len(unknown) == 1 else "are",
                                                          ", ".join(sorted(known)) or "none"))
        if "kafka_manager" in changed and item["kafka_manager"] == "enabled":
            errors.append("kafka_manager: Kafka Manager of instance %s is disabled and cannot be "
                          "enabled again: disabling it is irreversible and the API has no call to "
                          "enable it" % iid)
        if "password" in changed and raw.get("ssl_enable") is False:
            errors.append("password: the instance has SASL off (ssl_enable=false), so it has no "
                          "password to reset")
        return errors

    def _extend_products(self, ctx, iid):
        client = ctx.client
        try:
            body = client.get(client.path(EXTEND_PATH, instance_id=iid), query={"type": "advanced"},
                              operation="read extension products", resource=iid) or {}
        except DmsApiError as err:
            if err.is_not_found:
                return None
            raise
        return body.get("products") if isinstance(body, dict) else None

    def predict(self, before, item):
        """Check-mode after-state (also the fallback after a create the listing lacks)."""
        fields = self.spec.by_option
        after = copy.deepcopy(before) if before is not None else {}
        for key, value in item.items():
            f = fields.get(key)
            if f is None or f.write_only or f.server_side:
                continue
            if f.compare == "subset" and isinstance(value, dict) and \
                    isinstance(after.get(key), dict):
                merged = dict(after[key])
                merged.update(value)
                after[key] = merged
            else:
                after[key] = copy.deepcopy(value)
        if item.get("availability_zones"):
            after["availability_zones"] = [self.resolve_zone(z) for z in item["availability_zones"]]
        if before is None:
            after.setdefault("status", "CREATING" if not self.params.get("wait", True) else "RUNNING")
        return after

    # -- writing ------------------------------------------------------------------
    def create(self, ctx, item):
        client = ctx.client
        ids, problems = resolve_zones(item["availability_zones"], self.load_zones(ctx))
        if problems:
            raise DmsValidationError(problems)
        body = build_create_body(item, ids)
        answer = client.post(CREATE_PATH, body, operation="create instance",
                             resource=item["name"]) or {}
        iid = answer.get("instance_id") if isinstance(answer, dict) else None
        ctx.cache["created_id"] = iid
        return iid

    def wait_create(self, ctx, item, created):
        iid = created or self._find_id(ctx, item["name"])
        if not iid:
            return
        try:
            wait_for_instance(ctx.client, iid, _timeout(ctx, "create"), waiter=ctx.waiter,
                              what="new instance '%s' (%s) to be RUNNING" % (item["name"], iid))
        except DmsWaitFailed as err:
            raise DmsError(
                "creating Kafka instance '%s' failed: the service reports status %s for instance "
                "%s; it is left in place (remove it with state=absent)"
                % (item["name"], err.last_state, iid))
        before = {"instance_id": iid}
        if item.get("configs"):
            obj = self._get(ctx, iid) or {}
            self._enrich(ctx, obj)
            meta = ctx.cache.get("configs_meta", {}).get(iid, [])
            changes, _static, problems = plan_configs(meta, item["configs"])
            if problems:
                raise DmsValidationError(problems + ["(the instance %s was created; the "
                                                     "configs were not changed)" % iid])
            if changes:
                self._put_configs(ctx, iid, changes, _static)
        if item.get("manager_password"):
            self.set_manager_password(ctx, before, item, ["manager_password"], iid=iid)
        if item.get("cross_vpc_advertised_ips"):
            obj = self._get(ctx, iid) or {}
            self._post_crossvpc(ctx, iid, advertised_ips(obj), item["cross_vpc_advertised_ips"])
        if item.get("rebalance_logging"):
            self.rebalance_logging(ctx, before, item, ["rebalance_logging"], iid=iid)
        if item.get("kafka_manager") == "disabled":
            self.disable_manager(ctx, before, item, ["kafka_manager"], iid=iid)

    def _find_id(self, ctx, name):
        client = ctx.client
        for obj in client.paginate(INSTANCES_PATH, "instances", "instance_num",
                                   query={"engine": "kafka", "name": name,
                                          "exact_match_name": "true"},
                                   operation="list instances", resource=name):
            if obj.get("name") == name:
                return obj.get("instance_id")
        return None

    def _wait_running(self, ctx, iid, ready=None, what=None):
        return wait_for_instance(ctx.client, iid, _timeout(ctx, "update"), ready=ready,
                                 waiter=ctx.waiter, what=what)

    def modify(self, ctx, before, item, changed):
        iid = _iid(ctx, before)
        body = build_modify_body(item, changed)
        if body:
            ctx.client.put(ctx.client.path(INSTANCE_PATH, instance_id=iid), body,
                           operation="modify instance", resource=iid)

    def wait_modify(self, ctx, before, item):
        iid = _iid(ctx, before)
        wanted = build_modify_body(item, [o for o, _k in MODIFY_OPTIONS])

        def ready(obj):
            for key, value in wanted.items():
                have = obj.get(key)
                if key.startswith("maintain_"):
                    have = hhmmss(have) if have else have
                if have != value:
                    return False
            return True

        self._wait_running(ctx, iid, ready, "instance %s to show the modified settings" % iid)

    def extend(self, ctx, before, item, changed):
        iid = _iid(ctx, before)
        client = ctx.client
        ops = plan_extend(before, item)
        for index, body in enumerate(ops):
            answer = client.post(client.path(EXTEND_PATH, instance_id=iid), body,
                                 operation="extend instance (%s)" % body["oper_type"],
                                 resource=iid) or {}
            if isinstance(answer, dict) and answer.get("job_id"):
                ctx.extra["job_id"] = answer["job_id"]
            if ctx.wait or index < len(ops) - 1:
                self._wait_running(ctx, iid, _extend_ready(body),
                                   "instance %s to finish the %s extension"
                                   % (iid, body["oper_type"]))

    def configs(self, ctx, before, item, changed):
        iid = _iid(ctx, before)
        meta = ctx.cache.get("configs_meta", {}).get(iid, [])
        changes, static, problems = plan_configs(meta, item.get("configs"))
        if problems:
            raise DmsValidationError(problems)
        if changes:
            self._put_configs(ctx, iid, changes, static)

    def _put_configs(self, ctx, iid, changes, static):
        client = ctx.client
        answer = client.put(client.path(CONFIGS_PATH, instance_id=iid), {"kafka_configs": changes},
                            operation="modify instance configs", resource=iid) or {}
        job = answer.get("job_id") if isinstance(answer, dict) else None
        if job:
            ctx.extra["job_id"] = job
        static_count = _int(answer.get("static_config")) if isinstance(answer, dict) else None
        needs_restart = bool(static) or (isinstance(static_count, int) and static_count > 0)
        if ctx.wait and job:
            wait_for_task(client, iid, job, _timeout(ctx, "update"), waiter=ctx.waiter)
        if needs_restart and ctx.params.get("restart_on_static_change"):
            self._restart(ctx, iid)
            ctx.extra["restart_required"] = False
            ctx.extra["restarted"] = True
        else:
            ctx.extra["restart_required"] = needs_restart

    def tags(self, ctx, before, item, changed):
        """5.9.1 in the order that never leaves fewer tags than before or after: new keys
        first, then each changed key (delete and create: the service refuses a used key),
        then the removed keys (first only when adding first would pass the 10-tag limit).
        An interrupted call is recovered by the engine from a fresh read."""
        iid = _iid(ctx, before)
        client = ctx.client
        current = before.get("tags") or {}
        delete, create = plan_tags(current, item["tags"], ctx.params.get("purge_tags", True))
        path = client.path(TAGS_ACTION_PATH, instance_id=iid)
        added = dict((k, v) for k, v in create.items() if k not in current)
        changed_keys = [k for k in delete if k in create]
        removed = [k for k in delete if k not in create]

        def send(action, tags, what):
            if tags:
                client.post(path, {"action": action, "tags": tags},
                            operation=what, resource=iid)

        def drop(keys):
            send("delete", [{"key": k, "value": current.get(k, "")} for k in keys],
                 "delete instance tags")

        removed_first = len(set(current) | set(added)) > MAX_TAGS
        if removed_first:
            drop(removed)
        send("create", tags_to_api(added), "add instance tags")
        drop(changed_keys)
        send("create", tags_to_api(dict((k, create[k]) for k in changed_keys)),
             "add instance tags")
        if not removed_first:
            drop(removed)

    def auto_topic(self, ctx, before, item, changed):
        iid = _iid(ctx, before)
        ctx.client.post(ctx.client.path(AUTOTOPIC_PATH, instance_id=iid),
                        {"enable_auto_topic": item["enable_auto_topic"]},
                        operation="set automatic topic creation", resource=iid)

    def wait_auto_topic(self, ctx, before, item):
        iid = _iid(ctx, before)
        want = item["enable_auto_topic"]
        self._wait_running(ctx, iid, lambda o: bool(o.get("enable_auto_topic")) == want,
                           "instance %s to show enable_auto_topic=%s" % (iid, want))

    def cross_vpc(self, ctx, before, item, changed):
        iid = _iid(ctx, before)
        self._post_crossvpc(ctx, iid, before.get("cross_vpc_advertised_ips") or {},
                            item["cross_vpc_advertised_ips"])

    def _post_crossvpc(self, ctx, iid, current, desired):
        client = ctx.client
        answer = client.post(client.path(CROSSVPC_PATH, instance_id=iid),
                             build_crossvpc_body(current, desired),
                             operation="modify cross-VPC advertised IPs", resource=iid) or {}
        if isinstance(answer, dict) and answer.get("success") is False:
            failed = [r.get("ip") for r in answer.get("results") or []
                      if isinstance(r, dict) and r.get("success") is False]
            raise DmsError("modify cross-VPC advertised IPs '%s' failed for %s"
                           % (iid, ", ".join(str(f) for f in failed) or "some brokers"))

    def set_password(self, ctx, before, item, changed):
        iid = _iid(ctx, before)
        ctx.client.post(ctx.client.path(PASSWORD_PATH, instance_id=iid),
                        {"new_password": item["password"]},
                        operation="reset instance password", resource=iid)

    def set_manager_password(self, ctx, before, item, changed, iid=None):
        iid = iid or _iid(ctx, before)
        ctx.client.put(ctx.client.path(MANAGER_PASSWORD_PATH, instance_id=iid),
                       {"new_password": item["manager_password"]},
                       operation="reset Kafka Manager password", resource=iid)

    def rebalance_logging(self, ctx, before, item, changed, iid=None):
        """5.2.14 (on) or 5.2.15 (off); both answer a job id, waited for."""
        iid = iid or _iid(ctx, before)
        client = ctx.client
        path = client.path(REBALANCE_LOG_PATH, instance_id=iid)
        if item["rebalance_logging"]:
            answer = client.post(path, operation="enable rebalance logging", resource=iid)
        else:
            answer = client.delete(path, operation="disable rebalance logging", resource=iid)
        job = answer.get("job_id") if isinstance(answer, dict) else None
        if job:
            ctx.extra["job_id"] = job
            if ctx.wait:
                wait_for_task(client, iid, job, _timeout(ctx, "update"), waiter=ctx.waiter)

    def disable_manager(self, ctx, before, item, changed, iid=None):
        """5.2.8 (irreversible; disabling a disabled Kafka Manager is harmless)."""
        iid = iid or _iid(ctx, before)
        ctx.client.delete(ctx.client.path(MANAGER_PATH, instance_id=iid),
                          operation="disable Kafka Manager", resource=iid, idempotent=True)

    def restart_manager(self, ctx, before, item):
        """5.2.3: restarts Kafka Manager only (the brokers keep running)."""
        iid = _iid(ctx, before)
        answer = ctx.client.put(ctx.client.path(MANAGER_RESTART_PATH, instance_id=iid),
                                operation="restart Kafka Manager", resource=iid) or {}
        if isinstance(answer, dict) and answer.get("result") not in (None, "success"):
            raise DmsError("restart Kafka Manager of instance '%s' failed: the service answered '%s'"
                           % (iid, answer.get("result")))

    def delete(self, ctx, views):
        client = ctx.client
        for view in views:
            raw = ctx.raw(view) or {}
            if raw.get("status") == "DELETING":
                continue
            iid = _iid(ctx, view)
            try:
                client.delete(client.path(INSTANCE_PATH, instance_id=iid),
                              operation="delete instance", resource=iid)
            except DmsApiError as err:
                if not err.is_not_found:
                    raise

    def wait_delete(self, ctx, views):
        for view in views:
            wait_for_instance_deleted(ctx.client, _iid(ctx, view), _timeout(ctx, "delete"),
                                      waiter=ctx.waiter)

    def restart(self, ctx, before, item):
        iid = _iid(ctx, before)
        status = (ctx.raw(before) or {}).get("status")
        if status in BUSY_STATES and ctx.wait:
            # a restart is refused while another change runs: let it finish first
            self._wait_running(ctx, iid, what="instance %s to be RUNNING before the restart" % iid)
        self._restart(ctx, iid, status)

    def restart_done(self, ctx, state, now, item):
        """After a restart request with an unknown outcome: is the instance restarting?"""
        if (ctx.raw(now) or {}).get("status") != "RESTARTING":
            return False
        if ctx.wait:
            iid = _iid(ctx, now)
            self._wait_running(ctx, iid, what="instance %s to be RUNNING after the restart" % iid)
        return True

    def _restart(self, ctx, iid, status=None):
        client = ctx.client
        answer = client.post(ACTION_PATH, {"action": "restart", "instances": [iid]},
                             operation="restart instance", resource=iid) or {}
        results = answer.get("results") if isinstance(answer, dict) else None
        for result in results or []:
            if isinstance(result, dict) and result.get("instance") == iid and \
                    result.get("result") != "success":
                current = self._get(ctx, iid) or {}
                raise DmsError("restart instance '%s' failed: the service answered '%s' (instance "
                               "status %s)" % (iid, result.get("result"),
                                               current.get("status") or status or "unknown"))
        if ctx.wait:
            self._wait_running(ctx, iid, what="instance %s to be RUNNING after the restart" % iid)


def _extend_ready(body):
    if body["oper_type"] == "horizontal":
        return lambda o: brokers_from_api(o) == body["new_broker_num"]
    if body["oper_type"] == "storage":
        return lambda o: storage_from_api(o) == body["new_storage_space"]
    return lambda o: o.get("product_id") == body["new_product_id"]


def build_spec(params):
    """The instance ``ResourceSpec`` for one run's options."""
    timeout = params.get("wait_timeout")
    if timeout is not None and timeout <= 0:
        raise DmsValidationError("wait_timeout: must be greater than 0 (got %s)" % timeout)
    run = _Run(params)
    by_id = run.identity == "instance_id"
    modify_fields = ["description", "maintain_begin", "maintain_end", "security_group_id",
                     "retention_policy", "enterprise_project_id"]
    if by_id:
        modify_fields.insert(0, "name")
    steps = [
        UpdateStep("modify", modify_fields, run.modify, wait=run.wait_modify),
        UpdateStep("extend", ["broker_num", "storage_space", "flavor_id"], run.extend),
        UpdateStep("configs", ["configs"], run.configs),
        UpdateStep("tags", ["tags"], run.tags),
        UpdateStep("auto_topic", ["enable_auto_topic"], run.auto_topic, wait=run.wait_auto_topic),
        UpdateStep("cross_vpc", ["cross_vpc_advertised_ips"], run.cross_vpc),
        UpdateStep("password", ["password"], run.set_password),
        UpdateStep("manager_password", ["manager_password"], run.set_manager_password),
        UpdateStep("rebalance_logging", ["rebalance_logging"], run.rebalance_logging),
        UpdateStep("kafka_manager", ["kafka_manager"], run.disable_manager),
    ]
    spec = ResourceSpec(
        "instance", "instances", _fields(run.identity, run.resolve_zone,
                                         params.get("purge_tags", True) is not False),
        list=run.list, identity=(run.identity,), create=run.create, update_steps=steps,
        delete=run.delete, validate=validate_item, wait_create=run.wait_create,
        wait_delete=run.wait_delete, predict=run.predict, check_plan=run.check_plan,
        actions={"restarted": run.restart, "manager_restarted": run.restart_manager},
        action_done=run.restart_done, title="Kafka instance")
    run.spec = spec
    return spec
