"""Section 7: out-of-date APIs, served over the same state as the current ones.

* 7.1.1.x ``/v1.0/{project_id}/instances...``: create, query, modify, delete,
  batch action, list, and topics (create, list, batch delete).  They read and
  write the same "instance" and "topic" documents as the v2 routes and answer
  with the field names and types that section 7 documents.
* 7.1.2.x ``/v1.0/availableZones``, ``/v1.0/products``, ``/v1.0/instances/maintain-windows``.
* 7.2.2.1 ``POST /v2/kafka/{project_id}/instances/{instance_id}/reassign``.

7.2.1.1 (``POST /v2/{engine}/{project_id}/instances``) and 7.2.3.x (extend) are
served by routes/instances.py.
"""

from __future__ import annotations

import json
import re
from typing import Any, Dict, List, Optional

from fastapi import APIRouter, Depends

from .. import catalog_data as cat
from ..core import (ApiError, Ctx, api_ctx, bad_request, hash_secret, instance_busy, new_uuid, no_content, ok, public,
                    route)

router = APIRouter(tags=["7 Out-of-date APIs"])

# The topics module's helpers keep topic documents uniform (partition state, ids,
# budget); the fallbacks below only serve when that module is absent.
try:
    from . import topics as _topics
except ImportError:  # pragma: no cover - topics module not written yet
    _topics = None

# --------------------------------------------------------------------------- validation helpers

_MISSING = object()


def _get(body: Dict[str, Any], key: str, kind, required: bool = False, code: str = "DMS.00400800"):
    """A typed body field (``kind``: type or tuple); None when absent and optional."""
    value = body.get(key, _MISSING)
    if value is _MISSING or value is None:
        if required:
            raise bad_request("Invalid request parameter: %s is required." % key, code)
        return None
    if kind is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise bad_request("Invalid request parameter: %s must be an integer." % key)
    elif kind is bool:
        if isinstance(value, str) and value.lower() in ("true", "false"):
            return value.lower() == "true"
        if not isinstance(value, bool):
            raise bad_request("Invalid request parameter: %s must be a boolean." % key)
    elif kind is str:
        if not isinstance(value, str):
            raise bad_request("Invalid request parameter: %s must be a string." % key)
    elif kind is list:
        if not isinstance(value, list):
            raise bad_request("Invalid request parameter: %s must be an array." % key)
    return value


_INSTANCE_NAME_V1_CREATE = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{3,63}\Z")
_INSTANCE_NAME_V1_MODIFY = re.compile(r"^[A-Za-z][A-Za-z0-9-]{3,63}\Z")  # 7.1.1.3: no underscore
_ACCESS_USER = re.compile(r"^[A-Za-z0-9-]{4,64}\Z")
_MANAGER_USER = re.compile(r"^[A-Za-z0-9_-]{4,64}\Z")
_TOPIC_V1 = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{3,63}\Z")
_PASSWORD_SPECIALS = set("`~!@#$%^&*()_-+=|[{}];:'\",<.>/? \\")
_TAG_FORBIDDEN = set("=*<>\\,/")


def _check_password(value: str, field: str, code: str = "DMS.00400012") -> None:
    if not 8 <= len(value) <= 32:
        raise bad_request("Invalid password format: %s must be 8 to 32 characters long." % field, code)
    kinds = sum([
        any(c.islower() for c in value),
        any(c.isupper() for c in value),
        any(c.isdigit() for c in value),
        any(c in _PASSWORD_SPECIALS for c in value),
    ])
    if kinds < 3:
        raise bad_request("Invalid password format: %s must contain at least three of lowercase letters, "
                          "uppercase letters, digits and special characters." % field, code)


def _check_window(body: Dict[str, Any]) -> Optional[Dict[str, str]]:
    begin = _get(body, "maintain_begin", str)
    end = _get(body, "maintain_end", str)
    if begin is None and end is None:
        return None
    if begin is None or end is None:
        raise bad_request("Invalid maintenance time window: maintain_begin and maintain_end must be set in pairs.",
                          "DMS.00400106")
    fmt = re.compile(r"^\d\d:\d\d:\d\d$")
    if not fmt.fullmatch(begin) or not fmt.fullmatch(end) or cat.window_for(begin, end) is None:
        raise bad_request("Invalid maintenance time window: maintain_begin/maintain_end (HH:mm:ss) must be one of "
                          "the windows of GET /v1.0/instances/maintain-windows (%s)." % ", ".join(
                              "%s-%s" % (w["begin"], w["end"]) for w in cat.maintain_windows(legacy=True)),
                          "DMS.00400106")
    return {"maintain_begin": begin, "maintain_end": end}


def _check_tags(tags: Any) -> List[Dict[str, str]]:
    if tags is None:
        return []
    if not isinstance(tags, list):
        raise bad_request("Invalid request parameter: tags must be an array.")
    if len(tags) > 10:
        raise bad_request("A maximum of 10 tags can be created.", "DMS.10240044")
    out, seen = [], set()
    for tag in tags:
        if not isinstance(tag, dict):
            raise bad_request("The tag name is invalid: each tag must be an object with key and value.",
                              "DMS.10240004")
        key, value = tag.get("key"), tag.get("value")
        if not isinstance(key, str) or not key or len(key) > 36:
            raise bad_request("The tag key is empty or too long: tags[].key must be 1 to 36 characters.",
                              "DMS.10240035")
        if any(ord(c) < 32 for c in key) or set(key) & _TAG_FORBIDDEN:
            raise bad_request("The tag key contains invalid characters: tags[].key may not contain =*<>\\,/ "
                              "or control characters.", "DMS.10240036")
        if not isinstance(value, str) or not value or len(value) > 43:
            raise bad_request("The tag value is too long: tags[].value must be 1 to 43 characters.",
                              "DMS.10240038")
        if any(ord(c) < 32 for c in value) or set(value) & _TAG_FORBIDDEN:
            raise bad_request("The tag value contains invalid characters: tags[].value may not contain "
                              "=*<>\\,/ or control characters.", "DMS.10240039")
        if key in seen:
            raise bad_request("The tag key has been used: %s." % key, "DMS.10240045")
        seen.add(key)
        out.append({"key": key, "value": value})
    return out


# --------------------------------------------------------------------------- 7.1.1.1 create

# specification -> (legacy product, minimum storage_space, partition_num, allowed storage specs)
_V1_SPECS = {
    "100MB": (cat.LEGACY_PRODUCTS[0], 600, 300, ("dms.physical.storage.high", "dms.physical.storage.ultra")),
    "300MB": (cat.LEGACY_PRODUCTS[1], 1200, 900, ("dms.physical.storage.high", "dms.physical.storage.ultra")),
    "600MB": (cat.LEGACY_PRODUCTS[2], 2400, 1800, ("dms.physical.storage.ultra",)),
    "1200MB": (cat.LEGACY_PRODUCTS[3], 4800, 1800, ("dms.physical.storage.ultra",)),
}
_V1_MAX_STORAGE = 90000
_V1_BROKERS = 3


def _ips(n: int, base: int) -> List[str]:
    return ["192.168.0.%d" % (base + i) for i in range(n)]


def _new_instance_doc(ctx: Ctx, body: Dict[str, Any], spec: str, spec_row: tuple) -> Dict[str, Any]:
    """An "instance" document (ShowInstanceResp field set) for a v1-created instance."""
    product, _min_storage, partitions, _specs = spec_row
    iid = new_uuid()
    ips = _ips(_V1_BROKERS, 100 + (sum(iid.encode()) % 100))
    ssl = bool(body.get("ssl_enable"))
    azs = list(body["available_zones"])
    names = [(cat.find_az(a) or {}).get("name", a) for a in azs]
    cross_vpc = {ip: {"advertised_ip": ip, "port": 9011, "port_id": new_uuid()} for ip in ips}
    storage = body["storage_space"]
    return {
        "name": body["name"],
        "engine": "kafka",
        "engine_version": body["engine_version"],
        "description": body.get("description") or "",
        "specification": spec,
        "storage_space": storage,
        "partition_num": str(partitions),
        "used_storage_space": 0,
        "dns_enable": False,
        "connect_address": ",".join(ips),
        "port": 9093 if ssl else 9092,
        "status": "CREATING",
        "instance_id": iid,
        "resource_spec_code": product["spec_code"],
        "charging_mode": 1,
        "vpc_id": body["vpc_id"],
        "vpc_name": "vpc-" + body["vpc_id"][:8],
        "created_at": str(ctx.now_ms()),
        "subnet_name": "subnet-" + body["subnet_id"][:8],
        "subnet_cidr": "192.168.0.0/24",
        "user_id": "0123456789abcdef0123456789abcdef",
        "user_name": ctx.settings.iam_username,
        "access_user": body.get("access_user") or "" if ssl else "",
        "maintain_begin": body.get("maintain_begin") or cat.DEFAULT_MAINTAIN_BEGIN,
        "maintain_end": body.get("maintain_end") or cat.DEFAULT_MAINTAIN_END,
        "enable_publicip": False,
        "management_connect_address": "https://%s:9999" % ips[0],
        "ssl_enable": ssl,
        "broker_ssl_enable": False,
        "kafka_security_protocol": "SASL_SSL" if ssl else "PLAINTEXT",
        "sasl_enabled_mechanisms": ["PLAIN"] if ssl else [],
        "ssl_two_way_enable": False,
        "cert_replaced": False,
        "public_management_connect_addresses": "",
        "public_management_connect_address": "",  # the SDK's spelling (see instances.refresh_network)
        "enterprise_project_id": body.get("enterprise_project_id") or "0",
        "is_logical_volume": True,
        "extend_times": 0,
        "enable_auto_topic": bool(body.get("enable_auto_topic")),
        "type": "cluster",
        "product_id": body["product_id"],
        "security_group_id": body["security_group_id"],
        "security_group_name": "sg-" + body["security_group_id"][:8],
        "subnet_id": body["subnet_id"],
        "available_zones": azs,
        "available_zone_names": names,
        "total_storage_space": storage,
        "public_connect_address": "",
        "public_connect_domain_name": "",
        "storage_resource_id": new_uuid(),
        "storage_spec_code": body["storage_spec_code"],
        "service_type": cat.SERVICE_TYPE,
        "storage_type": cat.STORAGE_TYPE,
        "retention_policy": body.get("retention_policy") or "produce_reject",
        "kafka_public_status": "closed",
        "public_bandwidth": 0,
        "enable_log_collection": False,
        "new_auth_cert": False,
        "cross_vpc_info": json.dumps(cross_vpc),
        "ipv6_enable": False,
        "ipv6_connect_addresses": [],
        "connector_enable": False,
        "connector_node_num": 0,
        "connector_id": "",
        "rest_enable": False,
        "rest_connect_address": "",
        "public_boundwidth": 0,
        "message_query_inst_enable": True,
        "vpc_client_plain": False,
        "support_features": "kafka.new.pod.port,feature.physerver.kafka.topic.modify,"
                            "feature.physerver.kafka.topic.accesspolicy,message_trace_enable,"
                            "features.pod.token.access,features.log.collection,auto_topic_switch,"
                            "feature.physerver.kafka.user.manager",
        "trace_enable": False,
        "agent_enable": False,
        "pod_connect_address": ",".join("100.86.0.%d:9080" % (10 + i) for i in range(_V1_BROKERS)),
        "disk_encrypted": False,
        "disk_encrypted_key": "",
        "kafka_private_connect_address": ",".join("%s:%d" % (ip, 9093 if ssl else 9092) for ip in ips),
        "kafka_private_connect_domain_name": "",
        "ces_version": "linux",
        "public_access_enabled": "false",
        "node_num": _V1_BROKERS,
        "port_protocols": {
            "private_plain_enable": not ssl,
            "private_plain_address": "" if ssl else ",".join("%s:9092" % ip for ip in ips),
            "private_plain_domain_name": "",
            "private_sasl_ssl_enable": ssl,
            "private_sasl_ssl_address": ",".join("%s:9093" % ip for ip in ips) if ssl else "",
            "private_sasl_ssl_domain_name": "",
            "private_sasl_plaintext_enable": False,
            "private_sasl_plaintext_address": "",
            "private_sasl_plaintext_domain_name": "",
            "public_plain_enable": False,
            "public_plain_address": "",
            "public_plain_domain_name": "",
            "public_sasl_ssl_enable": False,
            "public_sasl_ssl_address": "",
            "public_sasl_ssl_domain_name": "",
            "public_sasl_plaintext_enable": False,
            "public_sasl_plaintext_address": "",
            "public_sasl_plaintext_domain_name": "",
            "public_sasl_plain_ext_domain_name": "",
        },
        "enable_acl": False,
        "new_spec_billing_enable": False,
        "broker_num": _V1_BROKERS,
        "tags": body.get("tags") or [],
        "dr_enable": False,
        # private (the v1 GET answers _kafka_manager_user as kafka_manager_user)
        "_kafka_manager_user": body["kafka_manager_user"],
        "_password": hash_secret(body.get("password")) if ssl else None,
        "_kafka_manager_password": hash_secret(body["kafka_manager_password"]),
        "_api_version": "v1.0",
    }


@route(router, ["POST"], "/v1.0/{project_id}/instances")
def v1_create_instance(project_id: str, ctx: Ctx = Depends(api_ctx)):
    """7.1.1.1: create an instance (bandwidth-based specification)."""
    body = ctx.body_obj()
    name = _get(body, "name", str, required=True, code="DMS.00400010")
    if not _INSTANCE_NAME_V1_CREATE.fullmatch(name):
        raise bad_request("Invalid instance name. The name must be 4 to 64 characters long, start with a letter "
                          "and contain only letters, digits, underscores (_), and hyphens (-).", "DMS.00400010")
    description = _get(body, "description", str)
    if description is not None and len(description) > 1024:
        raise bad_request("Invalid request parameter: description must not exceed 1024 characters.",
                          "DMS.10240013")
    engine = _get(body, "engine", str, required=True)
    if engine.lower() != "kafka":
        raise ApiError(400, "DMS.00400007", "Unsupported type: engine must be kafka.")
    version = _get(body, "engine_version", str, required=True)
    if version not in cat.ENGINE_VERSIONS:
        raise bad_request("Invalid request parameter: engine_version must be one of %s." %
                          ", ".join(cat.ENGINE_VERSIONS))
    spec = _get(body, "specification", str, required=True)
    spec_key = spec.replace(" ", "").upper().replace("MB", "MB")
    if spec_key not in _V1_SPECS:
        raise bad_request("Invalid request parameter: specification must be one of 100MB, 300MB, 600MB, 1200MB.")
    spec_row = _V1_SPECS[spec_key]
    product, min_storage, partitions, storage_specs = spec_row
    storage = _get(body, "storage_space", int, required=True)
    if not min_storage <= storage <= _V1_MAX_STORAGE:
        raise bad_request("Invalid disk space: storage_space must be %d-%d GB for specification %s." %
                          (min_storage, _V1_MAX_STORAGE, spec_key), "DMS.00400500")
    partition_num = _get(body, "partition_num", int, required=True)
    if partition_num != partitions:
        raise bad_request("Invalid request parameter: partition_num must be %d for specification %s." %
                          (partitions, spec_key))
    ssl = _get(body, "ssl_enable", bool)
    if ssl:
        user = _get(body, "access_user", str, required=True, code="DMS.00400015")
        if not _ACCESS_USER.fullmatch(user):
            raise bad_request("Invalid username. A username must be 4 to 64 characters long and consist of only "
                              "letters, digits, and hyphens (-).", "DMS.00400015")
        password = _get(body, "password", str, required=True, code="DMS.00400012")
        _check_password(password, "password")
    for key, code in (("vpc_id", "DMS.00400013"), ("security_group_id", "DMS.00400014"),
                      ("subnet_id", "DMS.00400016")):
        value = _get(body, key, str)
        if not value:
            raise bad_request("%s in the request is empty." % key, code)
    azs = _get(body, "available_zones", list, required=True)
    if not azs:
        raise bad_request("Invalid request parameter: available_zones cannot be an empty array.")
    if len(azs) == 2:
        raise bad_request("Invalid request parameter: available_zones must hold 1 AZ or at least 3 AZs.")
    if len(set(map(str, azs))) != len(azs):
        raise bad_request("Invalid request parameter: available_zones contains the same AZ twice.")
    for az in azs:
        found = cat.find_az(az, ctx.settings.region)
        if found is None:
            raise bad_request("The AZ does not exist: %s." % az, "DMS.00400042")
        if found.get("soldOut") or found.get("resource_availability") != "true":
            raise bad_request("The AZ has no available resources: %s." % az, "DMS.00400042")
    product_id = _get(body, "product_id", str, required=True, code="DMS.00400009")
    if product_id != product["product_id"]:
        raise bad_request("Invalid product_id: %s does not match specification %s (expected %s, see "
                          "GET /v1.0/products)." % (product_id, spec_key, product["product_id"]), "DMS.00400009")
    manager_user = _get(body, "kafka_manager_user", str, required=True)
    if not _MANAGER_USER.fullmatch(manager_user):
        raise bad_request("Invalid request parameter: kafka_manager_user must be 4 to 64 letters, digits, "
                          "hyphens (-) or underscores (_).")
    manager_password = _get(body, "kafka_manager_password", str, required=True)
    _check_password(manager_password, "kafka_manager_password")
    _check_window(body)
    retention = _get(body, "retention_policy", str)
    if retention is not None and retention not in ("time_base", "produce_reject"):
        raise bad_request("Invalid request parameter: retention_policy must be time_base or produce_reject.")
    _get(body, "enable_auto_topic", bool)
    storage_spec = _get(body, "storage_spec_code", str, required=True)
    if storage_spec not in storage_specs:
        raise bad_request("Invalid request parameter: storage_spec_code must be %s for specification %s." %
                          (" or ".join(storage_specs), spec_key))
    _get(body, "enterprise_project_id", str)
    tags = _check_tags(body.get("tags"))
    for other in ctx.store.list("instance", ""):
        if other.get("name") == name:
            raise bad_request("This instance name already exists.", "DMS.00400060")

    fields = dict(body)
    fields.update({"ssl_enable": bool(ssl), "tags": tags, "specification": spec_key})
    doc = _new_instance_doc(ctx, fields, spec_key, spec_row)
    if ctx.effect("create_failed"):
        ctx.schedule(doc, "CREATING", then_status="CREATEFAILED")
    else:
        ctx.schedule(doc, "CREATING", then_status="RUNNING")
    return ok({"instance_id": doc["instance_id"]})


# --------------------------------------------------------------------------- 7.1.1.2 / 7.1.1.6 views

# Table 7-7 (7.1.1.2) and Table 7-22 (7.1.1.6) keys, with their documented types.
_S, _I, _B, _A, _O = "str", "int", "bool", "list", "obj"
_V1_GET_FIELDS = [
    ("name", _S), ("engine", _S), ("engine_version", _S), ("specification", _S), ("storage_space", _I),
    ("partition_num", _S), ("used_storage_space", _I), ("connect_addresses", _S), ("port", _I),
    ("status", _S), ("instance_id", _S), ("resource_spec_code", _S), ("type", _S), ("charging_mode", _I),
    ("vpc_id", _S), ("vpc_name", _S), ("created_at", _S), ("product_id", _S), ("security_group_id", _S),
    ("security_group_name", _S), ("subnet_id", _S), ("subnet_name", _S), ("subnet_cidr", _S),
    ("available_zones", _A), ("user_id", _S), ("user_name", _S), ("access_user", _S), ("maintain_begin", _S),
    ("maintain_end", _S), ("management_connect_address", _S), ("ssl_enable", _B),
    ("enterprise_project_id", _S), ("is_logical_volume", _B), ("extend_times", _I), ("enable_auto_topic", _B),
    ("total_storage_space", _I), ("storage_resource_id", _S), ("storage_spec_code", _S), ("service_type", _S),
    ("storage_type", _S), ("retention_policy", _S), ("kafka_manager_user", _S), ("enable_log_collection", _B),
    ("cross_vpc_info", _S), ("ipv6_enable", _B), ("ipv6_connect_addresses", _A), ("rest_enable", _B),
    ("rest_connect_address", _S), ("message_query_inst_enable", _B), ("vpc_client_plain", _B),
    ("support_features", _S), ("trace_enable", _B), ("pod_connect_address", _S), ("disk_encrypted", _B),
    ("kafka_private_connect_address", _S), ("ces_version", _S), ("tags", _A),
]
_V1_LIST_FIELDS = [f for f in _V1_GET_FIELDS if f[0] not in ("subnet_name", "subnet_cidr")]
_V1_LIST_FIELDS.insert([f[0] for f in _V1_LIST_FIELDS].index("vpc_client_plain") + 1, ("vpc_client_plan", _B))

_SOURCE = {
    "connect_addresses": "connect_address",
    "vpc_client_plan": "vpc_client_plain",
    "kafka_manager_user": ("_kafka_manager_user", "kafka_manager_user"),
    "message_query_inst_enable": ("message_query_inst_enable", "message_query_instant_enable"),
}


def _cast(value: Any, kind: str) -> Any:
    if kind == _S:
        if value is None:
            return ""
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, (dict, list)):
            return json.dumps(value)
        return str(value)
    if kind == _I:
        try:
            return int(value)
        except (TypeError, ValueError):
            return 0
    if kind == _B:
        if isinstance(value, str):
            return value.lower() == "true"
        return bool(value)
    if kind == _A:
        return list(value) if isinstance(value, (list, tuple)) else []
    return value if value is not None else {}


def _v1_view(doc: Dict[str, Any], fields) -> Dict[str, Any]:
    out = {}
    for key, kind in fields:
        src = _SOURCE.get(key, key)
        value = None
        for s in (src if isinstance(src, tuple) else (src,)):
            if s in doc:
                value = doc[s]
                break
        if key == "tags":
            value = [{"key": t.get("key"), "value": t.get("value")} for t in (value or []) if isinstance(t, dict)]
        out[key] = _cast(value, kind)
    return out


@route(router, ["GET"], "/v1.0/{project_id}/instances/{instance_id}")
def v1_show_instance(project_id: str, instance_id: str, ctx: Ctx = Depends(api_ctx)):
    """7.1.1.2: an instance in the v1 field set."""
    return ok(_v1_view(ctx.instance(instance_id), _V1_GET_FIELDS))


@route(router, ["GET"], "/v1.0/{project_id}/instances")
def v1_list_instances(project_id: str, ctx: Ctx = Depends(api_ctx)):
    """7.1.1.6: list with the camelCase filters of the v1 API."""
    q = ctx.query
    engine = q.get("engine")
    if engine and engine.lower() != "kafka":
        raise ApiError(400, "DMS.00400007", "Unsupported type: engine must be kafka.")
    name = q.get("name") or ""
    exact = (q.get("exactMatchName") or "false").lower() == "true"
    wanted_id = q.get("id") or ""
    status = q.get("status") or ""
    include_failure = (q.get("includeFailure") or "").lower() == "true"
    eps = q.get("enterprise_project_id") or ""
    items = []
    for doc in ctx.instances():
        if name and ((doc.get("name") != name) if exact else (name not in (doc.get("name") or ""))):
            continue
        if wanted_id and doc.get("instance_id") != wanted_id:
            continue
        if status and doc.get("status") != status:
            continue
        if not include_failure and doc.get("status") == "CREATEFAILED" and status != "CREATEFAILED":
            continue
        if eps and doc.get("enterprise_project_id") != eps:
            continue
        items.append(_v1_view(doc, _V1_LIST_FIELDS))
    return ok({"instances": items, "instance_num": len(items)})


# --------------------------------------------------------------------------- 7.1.1.3 modify


@route(router, ["PUT"], "/v1.0/{project_id}/instances/{instance_id}")
def v1_modify_instance(project_id: str, instance_id: str, ctx: Ctx = Depends(api_ctx)):
    """7.1.1.3: name, description, maintenance window, security group, retention policy, EPS."""
    body = ctx.body_obj()
    doc = ctx.instance(instance_id)
    changes: Dict[str, Any] = {}
    name = _get(body, "name", str)
    if name is not None:
        if not _INSTANCE_NAME_V1_MODIFY.fullmatch(name):
            raise bad_request("Invalid instance name. The name must be 4 to 64 characters long, start with a letter "
                              "and contain only letters, digits and hyphens (-).", "DMS.00400010")
        for other in ctx.store.list("instance", ""):
            if other.get("name") == name and other.get("instance_id") != instance_id:
                raise bad_request("This instance name already exists.", "DMS.00400060")
        changes["name"] = name
    description = _get(body, "description", str)
    if description is not None:
        if len(description) > 1024:
            raise bad_request("Invalid request parameter: description must not exceed 1024 characters.",
                              "DMS.10240013")
        changes["description"] = description
    window = _check_window(body)
    if window:
        changes.update(window)
    sg = _get(body, "security_group_id", str)
    if sg is not None:
        if not sg:
            raise bad_request("security_group_id in the request is empty.", "DMS.00400014")
        changes["security_group_id"] = sg
    retention = _get(body, "retention_policy", str)
    if retention is not None and retention not in ("time_base", "produce_reject"):
        raise bad_request("Invalid request parameter: retention_policy must be produce_reject or time_base.")
    eps = _get(body, "enterprise_project_id", str)
    if eps is not None:
        changes["enterprise_project_id"] = eps
    if doc.get("status") != "RUNNING":
        raise instance_busy()
    if retention is not None and retention != doc.get("retention_policy"):
        ctx.add_task(instance_id, "changeRetentionPolicy", {
            "new_retention_policy": retention, "origin_retention_policy": doc.get("retention_policy")})
        changes["retention_policy"] = retention
    doc.update(changes)
    ctx.save_instance(doc)
    return no_content()


# --------------------------------------------------------------------------- 7.1.1.4 delete / 7.1.1.5 action

_UNDELETABLE = ("CREATING", "RESTARTING", "STARTING", "STOPPING")


def _delete(ctx: Ctx, doc: Dict[str, Any]) -> None:
    ctx.schedule(doc, "DELETING", then_status=None, then_delete=True)


@route(router, ["DELETE"], "/v1.0/{project_id}/instances/{instance_id}")
def v1_delete_instance(project_id: str, instance_id: str, ctx: Ctx = Depends(api_ctx)):
    """7.1.1.4: delete; the instance is DELETING until the emulator delay has passed, then gone."""
    doc = ctx.instance(instance_id)
    status = doc.get("status")
    if status in _UNDELETABLE:
        raise bad_request("The following instances in the Creating, Starting, Stopping, or Restarting state "
                          "cannot be deleted: [%s]" % instance_id, "DMS.00400099")
    if status in ("DELETING", "EXTENDING"):
        raise instance_busy()
    _delete(ctx, doc)
    return no_content()


@route(router, ["POST"], "/v1.0/{project_id}/instances/action")
def v1_instances_action(project_id: str, ctx: Ctx = Depends(api_ctx)):
    """7.1.1.5: batch restart/delete, or ``allFailure: kafka`` (204)."""
    body = ctx.body_obj()
    action = _get(body, "action", str)
    if action not in ("restart", "delete"):
        raise bad_request("The action parameter in the request must be delete or restart.", "DMS.00400064")
    all_failure = _get(body, "allFailure", str)
    if all_failure is not None:
        if all_failure != "kafka":
            raise bad_request("Invalid request parameter: allFailure must be kafka.")
        if action != "delete":
            raise bad_request("Invalid request parameter: allFailure can only be used with action delete.")
        for doc in ctx.instances():
            if doc.get("status") == "CREATEFAILED":
                ctx.store.delete("instance", "", doc["instance_id"])
                ctx.store.delete_scope(doc["instance_id"])
        return no_content()
    ids = _get(body, "instances", list)
    if not ids:
        raise bad_request("The instances parameter in the request is empty.", "DMS.00400065")
    if len(ids) > 50:
        raise bad_request("The instances array can contain a maximum of 50 instance IDs.", "DMS.00400100")
    results = []
    for iid in ids:
        if not isinstance(iid, str):
            raise bad_request("Invalid request parameter: instances must be an array of instance IDs.")
        doc = ctx.store.get("instance", "", iid)
        doc = ctx.settle_instance(doc) if doc else None
        result = "failed"
        if doc is not None:
            status = doc.get("status")
            if action == "restart" and status == "RUNNING":
                ctx.schedule(doc, "RESTARTING", then_status="RUNNING")
                result = "success"
            elif action == "delete" and status not in _UNDELETABLE + ("DELETING", "EXTENDING"):
                _delete(ctx, doc)
                result = "success"
        results.append({"result": result, "instance": iid})
    return ok({"results": results})


# --------------------------------------------------------------------------- 7.1.1.7-9 topics

_TOPIC_OTHER_CONFIGS = [
    {"name": "max.message.bytes", "valid_values": "[0...10485760]", "default_value": "10485760",
     "config_type": "dynamic", "value": "10485760", "value_type": "int"},
    {"name": "message.timestamp.type", "valid_values": "[CreateTime, LogAppendTime]",
     "default_value": "LogAppendTime", "config_type": "dynamic", "value": "LogAppendTime", "value_type": "string"},
]


def _partition_limit(doc: Dict[str, Any]) -> int:
    if _topics is not None and hasattr(_topics, "partition_budget"):
        return _topics.partition_budget(doc)
    try:
        return int(doc.get("partition_num"))
    except (TypeError, ValueError):
        return cat.partitions_per_broker(doc.get("product_id", "")) * int(doc.get("broker_num") or 3)


@route(router, ["POST"], "/v1.0/{project_id}/instances/{instance_id}/topics")
def v1_create_topic(project_id: str, instance_id: str, ctx: Ctx = Depends(api_ctx)):
    """7.1.1.7: create a topic; the answer is ``{"id": name}``."""
    body = ctx.body_obj()
    doc = ctx.instance(instance_id)
    name = _get(body, "id", str, required=True, code="DMS.00400101")
    if not _TOPIC_V1.fullmatch(name):
        raise bad_request("The name of a Kafka topic must be 4 to 64 characters long and start with a letter. "
                          "Only letters, digits, underscores (_), and hyphens (-) are allowed.", "DMS.00400101")
    partition = _get(body, "partition", int)
    partition = 3 if partition is None else partition
    if not 1 <= partition <= 100:
        raise bad_request("The number of partitions created for a Kafka topic must be within the range of 1-100 "
                          "(partition).", "DMS.00400102")
    replication = _get(body, "replication", int)
    replication = 3 if replication is None else replication
    if not 1 <= replication <= 3:
        raise bad_request("The number of replicas created for a Kafka topic must be within the range of 1-3 "
                          "(replication).", "DMS.00400103")
    retention = _get(body, "retention_time", int)
    retention = 72 if retention is None else retention
    if not 1 <= retention <= 720:
        raise bad_request("The message retention period of a Kafka topic must be within the range of 1-720 hours "
                          "(retention_time).", "DMS.00400105")
    sync_replication = bool(_get(body, "sync_replication", bool))
    sync_flush = bool(_get(body, "sync_message_flush", bool))
    if doc.get("status") != "RUNNING":
        raise instance_busy()
    brokers = int(doc.get("broker_num") or 3)
    if replication > brokers:
        raise bad_request("Replication factor larger than available brokers (%d > %d)." % (replication, brokers),
                          "DMS.00400861")
    if _topics is not None and hasattr(_topics, "create_topic_doc"):
        _topics.create_topic_doc(ctx, doc, name, partition=partition, replication=replication,
                                 retention_time=retention, sync_replication=sync_replication,
                                 sync_message_flush=sync_flush)
        return ok({"id": name})
    if ctx.store.get("topic", instance_id, name) is not None:
        raise bad_request("Requested topic already exists: %s." % name, "DMS.40050005")
    used = sum(int(t.get("partition") or 0) for t in ctx.store.list("topic", instance_id))
    limit = _partition_limit(doc)
    if used + partition > limit:
        raise bad_request("Instance partition is not enough. Total partition is over the partition limitation "
                          "(%d used of %d, %d requested)." % (used, limit, partition), "DMS.111400860")
    ctx.store.put("topic", instance_id, name, {
        "name": name,
        "partition": partition,
        "replication": replication,
        "retention_time": retention,
        "sync_replication": sync_replication,
        "sync_message_flush": sync_flush,
        "topic_type": 0,
        "policiesOnly": False,
        "external_configs": {},
        "topic_other_configs": [dict(c) for c in _TOPIC_OTHER_CONFIGS],
        "topic_desc": "",
        "created_at": ctx.now_ms(),
    })
    return ok({"id": name})


@route(router, ["GET"], "/v1.0/{project_id}/instances/{instance_id}/topics")
def v1_list_topics(project_id: str, instance_id: str, ctx: Ctx = Depends(api_ctx)):
    """7.1.1.8: every topic (no pagination), entries keyed ``id``."""
    doc = ctx.instance(instance_id)
    topics = ctx.store.list("topic", instance_id)
    used = sum(int(t.get("partition") or 0) for t in topics)
    limit = _partition_limit(doc)
    items = [{
        "policiesOnly": bool(t.get("policiesOnly", False)),
        "id": t.get("name"),
        "replication": int(t.get("replication") or 0),
        "partition": int(t.get("partition") or 0),
        "retention_time": int(t.get("retention_time") or 0),
        "sync_replication": _cast(t.get("sync_replication"), _B),
        "sync_message_flush": _cast(t.get("sync_message_flush"), _B),
        "external_configs": t.get("external_configs") or {},
        "topic_type": int(t.get("topic_type") or 0),
    } for t in topics]
    return ok({
        "total": len(items),
        "count": len(items),
        "size": len(items),
        "remain_partitions": max(limit - used, 0),
        "max_partitions": limit,
        "topics": items,
    })


@route(router, ["POST"], "/v1.0/{project_id}/instances/{instance_id}/topics/delete")
def v1_delete_topics(project_id: str, instance_id: str, ctx: Ctx = Depends(api_ctx)):
    """7.1.1.9: batch delete; a topic that does not exist gives ``success: false``."""
    body = ctx.body_obj()
    doc = ctx.instance(instance_id)
    names = _get(body, "topics", list, required=True)
    if not names:
        raise bad_request("Invalid request parameter: topics must list at least one topic.")
    if not all(isinstance(n, str) for n in names):
        raise bad_request("Invalid request parameter: topics must be an array of topic names.")
    if doc.get("status") != "RUNNING":
        raise instance_busy()
    results = []
    for n in names:
        if _topics is not None and hasattr(_topics, "delete_topic_docs"):
            deleted = _topics.delete_topic_docs(ctx, instance_id, n)
        else:
            deleted = ctx.store.delete("topic", instance_id, n)
            if deleted:
                ctx.store.delete_scope("%s/%s" % (instance_id, n))
                ctx.store.delete("acl", instance_id, n)
                ctx.store.delete("topic_quota", instance_id, n)
        results.append({"id": n, "success": deleted})
    return ok({"topics": results})


# --------------------------------------------------------------------------- 7.1.2.x catalog


@route(router, ["GET"], "/v1.0/availableZones")
def v1_available_zones(ctx: Ctx = Depends(api_ctx)):
    """7.1.2.1: AZs without default_az/remain_time/ipv6_enable.  ``region_id`` (table) and
    ``regionId`` (example) are both answered."""
    zones = [{k: az[k] for k in cat.LEGACY_AZ_KEYS} for az in cat.available_zones(ctx.settings.region)]
    return ok({"region_id": ctx.settings.region, "regionId": ctx.settings.region, "available_zones": zones})


@route(router, ["GET"], "/v1.0/products")
def v1_products(ctx: Ctx = Depends(api_ctx)):
    """7.1.2.2: ``engine`` is a required query parameter.  The answer carries the table's
    top-level ``name``/``version``/``values`` and, as the example, the same under ``Hourly``."""
    engine = ctx.query.get("engine")
    if not engine:
        raise bad_request("Invalid request parameter: the engine query parameter is required.")
    if engine.lower() != "kafka":
        raise ApiError(400, "DMS.00400007", "Unsupported type: engine must be kafka.")
    data = cat.legacy_products()
    out = dict(data["Hourly"][0])
    out["Hourly"] = data["Hourly"]
    return ok(out)


@route(router, ["GET"], "/v1.0/instances/maintain-windows")
def v1_maintain_windows(ctx: Ctx = Depends(api_ctx)):
    """7.1.2.3: windows with ``HH:mm:ss`` times."""
    return ok({"maintain_windows": cat.maintain_windows(legacy=True)})


# --------------------------------------------------------------------------- 7.2.2.1 reassign

REASSIGN_TASK = "partitionReassignment"


def _int_list(value: Any, field: str) -> List[int]:
    if not isinstance(value, list) or not all(isinstance(v, int) and not isinstance(v, bool) for v in value):
        raise bad_request("Invalid request parameter: %s must be an array of integers." % field)
    return value


def reassign(ctx: Ctx, instance_id: str) -> Dict[str, Any]:
    """Validate and apply a 5.4.15/7.2.2.1 reassignment body; return the answer body."""
    body = ctx.body_obj()
    doc = ctx.instance(instance_id)
    plan = _get(body, "reassignments", list, required=True)
    if not plan:
        raise bad_request("Invalid request parameter: reassignments must contain at least one topic.")
    throttle = _get(body, "throttle", int)
    if throttle is not None and throttle < -1:
        raise bad_request("Invalid request parameter: throttle must be a positive integer (or -1).")
    is_schedule = _get(body, "is_schedule", bool)
    execute_at = _get(body, "execute_at", int)
    if is_schedule and execute_at is None:
        raise bad_request("Invalid request parameter: execute_at is required when is_schedule is true.")
    if execute_at is not None and execute_at < 0:
        raise bad_request("Invalid request parameter: execute_at must be a UNIX timestamp in ms.")
    estimate = bool(_get(body, "time_estimate", bool))
    brokers = int(doc.get("broker_num") or 3)
    updates = []
    total_partitions = 0
    for i, item in enumerate(plan):
        where = "reassignments[%d]" % i
        if not isinstance(item, dict):
            raise bad_request("Invalid request parameter: %s must be an object." % where)
        topic = item.get("topic")
        if not isinstance(topic, str) or not topic:
            raise bad_request("Invalid request parameter: %s.topic is required." % where)
        tdoc = ctx.store.get("topic", instance_id, topic)
        if tdoc is None:
            raise bad_request("Failed to query topics: %s does not exist." % topic, "DMS.00400975")
        blist = item.get("brokers")
        assignment = item.get("assignment")
        if not blist and not assignment:
            raise bad_request("Invalid request parameter: %s.brokers and %s.assignment cannot both be empty." %
                              (where, where))
        new_rf = None
        if blist:
            _int_list(blist, where + ".brokers")
            bad = [b for b in blist if not 0 <= b < brokers]
            if bad:
                raise bad_request("Invalid request parameter: %s.brokers contains unknown broker ids %s (0-%d)." %
                                  (where, bad, brokers - 1))
            rf = item.get("replication_factor")
            if rf is not None:
                if isinstance(rf, bool) or not isinstance(rf, int) or rf < 1:
                    raise bad_request("Invalid request parameter: %s.replication_factor must be a positive "
                                      "integer." % where)
                if rf > len(blist):
                    raise bad_request("Replication factor larger than available brokers (%d > %d)." %
                                      (rf, len(blist)), "DMS.00400861")
                new_rf = rf
        if assignment:
            if not isinstance(assignment, list):
                raise bad_request("Invalid request parameter: %s.assignment must be an array." % where)
            nparts = int(tdoc.get("partition") or 0)
            for j, a in enumerate(assignment):
                aw = "%s.assignment[%d]" % (where, j)
                if not isinstance(a, dict):
                    raise bad_request("Invalid request parameter: %s must be an object." % aw)
                p = a.get("partition")
                if isinstance(p, bool) or not isinstance(p, int) or not 0 <= p < nparts:
                    raise bad_request("Invalid request parameter: %s.partition must be 0-%d." % (aw, nparts - 1))
                pb = _int_list(a.get("partition_brokers"), aw + ".partition_brokers")
                if not pb or len(set(pb)) != len(pb) or any(not 0 <= b < brokers for b in pb):
                    raise bad_request("Invalid request parameter: %s.partition_brokers must list distinct broker "
                                      "ids 0-%d." % (aw, brokers - 1))
                if new_rf is None:
                    new_rf = len(pb)
        total_partitions += int(tdoc.get("partition") or 0)
        updates.append((topic, tdoc, new_rf))
    if estimate:
        return {"reassignment_time": max(1, total_partitions)}
    if doc.get("status") != "RUNNING":
        raise instance_busy()
    for task in ctx.store.list("task", instance_id):
        task = ctx.settle_task(instance_id, task)
        if task.get("name") == REASSIGN_TASK and task.get("status") == "EXECUTING":
            raise bad_request("Partition reassigning.", "DMS.00500980")
    for topic, tdoc, new_rf in updates:
        if new_rf is not None:
            tdoc["replication"] = new_rf
            ctx.store.put("topic", instance_id, topic, tdoc)
    job_id = ctx.add_task(instance_id, REASSIGN_TASK, {k: v for k, v in body.items()},
                          fail=ctx.effect("task_failed"))
    return {"job_id": job_id}


@route(router, ["POST"], "/v2/kafka/{project_id}/instances/{instance_id}/reassign")
def v2_old_reassign(project_id: str, instance_id: str, ctx: Ctx = Depends(api_ctx)):
    """7.2.2.1: the old path of 5.4.15 (same body and answer; the topics module's logic)."""
    if _topics is not None and hasattr(_topics, "do_partition_reassign"):
        return ok(_topics.do_partition_reassign(ctx, instance_id))
    return ok(reassign(ctx, instance_id))


__all__ = ["router", "reassign", "public"]
