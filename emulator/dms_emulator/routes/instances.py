"""Instance lifecycle and instance management (reference 5.1, 5.2.1-5.2.8, 5.2.13-5.2.15, 5.3, 5.4.1).

Also the out-of-date path forms that share these handlers: 7.2.1.1 create
(``POST /v2/{engine}/{project_id}/instances``, the form of the 5.1.1 example)
and 7.2.3.1/7.2.3.2 extend (``/v2/{engine}/{project_id}/instances/{id}/extend``).

Documents written here (kind "instance", scope "", key instance_id) carry the
full ShowInstanceResp field set of 5.1.2/5.1.3 plus private ``_`` keys:

  _password          SASL password of the initial user (never returned)
  _broker_ips        private IP of every broker, in broker order
  _public_ips        public IP per broker (when public access is on)
  _publicip_ids      EIP ids (write-only in the API)
  _tenant_ips        requested private IPs (write-only)
  _arch_type         requested CPU architecture (write-only)
  _bss_param         billing parameters (write-only)
  _pp                resolved access modes (the six port_protocol booleans)
  _advertised        {listener ip: advertised ip or domain} for cross-VPC access
  _port_ids          {listener ip: port id} for cross-VPC access
  _configs           {config name: value} overrides of 5.1.7 defaults
  _manager_disabled  true after 5.2.8 (management APIs then answer 400 DMS.00400026)
"""

from __future__ import annotations

import copy
import ipaddress
import json
import random
import re
from typing import Any, Dict, List, Optional, Tuple

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse

from ..core import (
    UUID_RE, ApiError, Ctx, api_ctx, bad_request, hash_secret, instance_busy, new_job_id, new_uuid, no_content, ok,
    public, route,
)
from .tags import validate_tags

router = APIRouter(tags=["instances"])


def _catalog():
    from .. import catalog_data  # imported lazily: written by the catalog engineer

    return catalog_data


# --------------------------------------------------------------------------- constants

ENGINE_VERSIONS_DOC = ["1.1.0", "2.3.0", "2.7", "3.x"]
STATUSES = ["CREATING", "CREATEFAILED", "RUNNING", "ERROR", "RESTARTING", "EXTENDING", "EXTENDEDFAILED", "DELETING"]
STORAGE_SPEC_CODES = [
    "dms.physical.storage.high.v2",
    "dms.physical.storage.ultra.v2",
    "dms.physical.storage.high.dss.v2",
    "dms.physical.storage.ultra.dss.v2",
]
PP_KEYS = [
    "private_plain_enable",
    "private_sasl_ssl_enable",
    "private_sasl_plaintext_enable",
    "public_plain_enable",
    "public_sasl_ssl_enable",
    "public_sasl_plaintext_enable",
]
# 5.1.1: broker_num and storage_space ranges per flavour.
BROKER_RANGE = {
    "c6.2u4g.cluster": (3, 30),
    "c6.4u8g.cluster": (3, 30),
    "c6.8u16g.cluster": (3, 50),
    "c6.12u24g.cluster": (3, 50),
    "c6.16u32g.cluster": (3, 50),
}
STORAGE_RANGE = {
    "c6.2u4g.cluster": (300, 300000),
    "c6.4u8g.cluster": (300, 600000),
    "c6.8u16g.cluster": (300, 1500000),
    "c6.12u24g.cluster": (300, 1500000),
    "c6.16u32g.cluster": (300, 1500000),
}
MAX_BROKERS = 50  # 5.3.1 "A maximum of 50 brokers are supported."
MAX_EXTEND_TIMES = 20  # ShowInstanceResp.extend_times: "If it exceeds 20, the disk cannot be expanded."
# storage_space / total_storage_space in the 5.1.2 and 5.1.3 examples (492 / 600): usable share of the disks.
USABLE_PERCENT = 82

SUPPORT_FEATURES = (
    "kafka.new.pod.port,feature.physerver.kafka.topic.modify,feature.physerver.kafka.topic.accesspolicy,"
    "message_trace_enable,features.pod.token.access,feature.physerver.kafka.pulbic.dynamic,roma_app_enable,"
    "features.log.collection,auto_topic_switch,feature.physerver.kafka.user.manager"
)

# 5.1.7 example: name, valid_values, default_value, config_type, value_type.
CONFIGS = [
    ("min.insync.replicas", "1~3", "1", "dynamic", "integer"),
    ("message.max.bytes", "0~10485760", "10485760", "dynamic", "integer"),
    ("auto.create.groups.enable", "true,false", "true", "dynamic", "enum"),
    ("connections.max.idle.ms", "5000~600000", "600000", "static", "integer"),
    ("log.retention.hours", "1~168", "72", "static", "integer"),
    ("max.connections.per.ip", "100~20000", "1000", "dynamic", "integer"),
    ("group.max.session.timeout.ms", "6000~1800000", "1800000", "static", "integer"),
    ("unclean.leader.election.enable", "true,false", "false", "dynamic", "enum"),
    ("default.replication.factor", "1~3", "3", "static", "integer"),
    ("offsets.retention.minutes", "1440~30240", "20160", "dynamic", "integer"),
    ("num.partitions", "1~200", "3", "static", "integer"),
    ("group.min.session.timeout.ms", "6000~300000", "6000", "static", "integer"),
    ("allow.everyone.if.no.acl.found", "true,false", "true", "static", "enum"),
]
CONFIG_BY_NAME = {c[0]: c for c in CONFIGS}

NAME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{3,63}\Z")
ACCESS_USER_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{3,63}\Z")
TIME_RE = re.compile(r"^([01][0-9]|2[0-3]):([0-5][0-9])(?::([0-5][0-9]))?\Z")
PASSWORD_SPECIALS = set("`~!@#$%^&*()-_=+\\|[{}];:'\",<.>/? ")
HOSTNAME_RE = re.compile(r"^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\Z")
EPS_RE = re.compile(r"^(0|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\Z")


# --------------------------------------------------------------------------- field helpers


def _invalid(field: str, rule: str, code: str = "DMS.00400800") -> ApiError:
    return bad_request("Invalid request parameter %s: %s." % (field, rule), code)


def _absent(body: Dict[str, Any], key: str) -> bool:
    return body.get(key) is None


def opt_bool(body: Dict[str, Any], key: str, default: Optional[bool] = None, code: str = "DMS.00400800"):
    value = body.get(key)
    if value is None:
        return default
    if not isinstance(value, bool):
        raise _invalid(key, "must be a boolean (true or false)", code)
    return value


def opt_int(body: Dict[str, Any], key: str, code: str = "DMS.00400800") -> Optional[int]:
    value = body.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise _invalid(key, "must be an integer", code)
    return value


def opt_str(body: Dict[str, Any], key: str, code: str = "DMS.00400800") -> Optional[str]:
    value = body.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise _invalid(key, "must be a string", code)
    return value


def req_str(body: Dict[str, Any], key: str, code: str = "DMS.00400800", empty_msg: Optional[str] = None) -> str:
    value = opt_str(body, key, code)
    if value is None or value == "":
        raise bad_request(empty_msg or ("Invalid request parameter %s: it is mandatory and cannot be empty." % key), code)
    return value


def check_uuid(value: str, field: str, code: str, what: str) -> None:
    if not UUID_RE.fullmatch(value):
        raise bad_request("%s %s (%s must be a 36-character UUID)." % (what, value, field), code)


def check_password(value: Any, field: str) -> str:
    """5.1.1/5.2.1/5.2.2 password rules; DMS.00400012 when broken."""
    if not isinstance(value, str):
        raise _invalid(field, "must be a string", "DMS.00400012")
    problems = []
    if not 8 <= len(value) <= 32:
        problems.append("must be 8 to 32 characters long")
    if value.startswith("-"):
        problems.append("cannot start with a hyphen (-)")
    bad = sorted({c for c in value if not (c.isascii() and (c.isalnum() or c in PASSWORD_SPECIALS))})
    if bad:
        problems.append("contains characters that are not allowed: %s" % "".join(bad))
    classes = sum([
        any(c.islower() and c.isascii() for c in value),
        any(c.isupper() and c.isascii() for c in value),
        any(c.isdigit() for c in value),
        any(c in PASSWORD_SPECIALS for c in value),
    ])
    if classes < 3:
        problems.append("must contain at least three of: lowercase letters, uppercase letters, digits, "
                        "special characters and spaces")
    if problems:
        raise bad_request("Invalid password format: %s %s." % (field, "; ".join(problems)), "DMS.00400012")
    return value


def norm_time(value: Any, field: str) -> str:
    """HH:mm or HH:mm:ss -> HH:mm:ss (DMS.00400106 otherwise)."""
    if not isinstance(value, str) or not TIME_RE.fullmatch(value):
        raise bad_request("Invalid maintenance time window: %s must be in HH:mm or HH:mm:ss format." % field,
                          "DMS.00400106")
    m = TIME_RE.fullmatch(value)
    return "%s:%s:%s" % (m.group(1), m.group(2), m.group(3) or "00")


def check_ipv4(value: Any, field: str) -> str:
    try:
        if not isinstance(value, str):
            raise ValueError
        ipaddress.IPv4Address(value)
    except ValueError:
        raise _invalid(field, "%r is not an IPv4 address" % (value,))
    return value


def parse_eips(value: Any, field: str) -> List[str]:
    if not isinstance(value, str) or not value.strip():
        raise bad_request("Invalid public access parameters: %s must be a comma-separated list of EIP IDs." % field,
                          "DMS.00400128")
    ids = [v.strip() for v in value.split(",")]
    for eip in ids:
        if not UUID_RE.fullmatch(eip):
            raise bad_request("Invalid public access parameters: the EIP %r in %s does not exist "
                              "(EIP IDs are 36-character UUIDs)." % (eip, field), "DMS.00400128")
    if len(set(ids)) != len(ids):
        raise bad_request("Invalid public access parameters: %s contains an EIP ID twice." % field, "DMS.00400128")
    return ids


# --------------------------------------------------------------------------- catalog helpers


def find_product(product_id: str) -> Optional[Dict[str, Any]]:
    return _catalog().find_product(product_id)


def product_props(product: Dict[str, Any]) -> Dict[str, Any]:
    return product.get("properties") or {}


def product_alias(product: Dict[str, Any]) -> str:
    alias = product.get("product_alias") or product_props(product).get("product_alias")
    if alias:
        return alias
    pid = product.get("product_id", "")
    return "kafka." + pid.split(".", 1)[1] if "." in pid else pid


def _prop_int(product: Dict[str, Any], name: str, default: int) -> int:
    try:
        return int(product_props(product).get(name))
    except (TypeError, ValueError):
        return default


def broker_range(product: Dict[str, Any]) -> Tuple[int, int]:
    pid = product.get("product_id", "")
    if pid in BROKER_RANGE:
        return BROKER_RANGE[pid]
    return _prop_int(product, "min_broker", 3), min(MAX_BROKERS, _prop_int(product, "max_broker", 30))


def storage_range(product: Dict[str, Any], broker_num: int) -> Tuple[int, int]:
    pid = product.get("product_id", "")
    per_min = _prop_int(product, "min_storage_per_node", 100)
    per_max = _prop_int(product, "max_storage_per_node", 10000)
    ranges = dict(STORAGE_RANGE)
    ranges.update(getattr(_catalog(), "STORAGE_SPACE_RANGE", {}) or {})
    if pid in ranges:
        lo, hi = ranges[pid]
    else:
        lo, hi = 300, per_max * broker_range(product)[1]
    return max(lo, per_min * broker_num), min(hi, per_max * broker_num)


def product_vcpus(product_id: str) -> int:
    product = find_product(product_id) or {}
    if isinstance(product.get("_vcpus"), int):
        return product["_vcpus"]
    m = re.search(r"(\d+)u(\d+)g", product_id or "")
    return int(m.group(1)) if m else 0


def az_sold_out(product: Dict[str, Any], az: Dict[str, Any], spec_code: str) -> bool:
    names = {az.get("id"), az.get("code")}
    if names & set(product.get("unavailable_zones") or []):
        return True
    for io in product.get("ios") or []:
        if io.get("io_spec") == spec_code and names & set(io.get("unavailable_zones") or []):
            return True
    return str(az.get("resource_availability", "true")).lower() == "false"


def engine_versions() -> List[str]:
    versions = getattr(_catalog(), "ENGINE_VERSIONS", None) or ENGINE_VERSIONS_DOC
    return [str(v) for v in versions]


# --------------------------------------------------------------------------- network fields


def _new_ips(rng: random.Random, count: int, taken: List[str], prefix: str) -> List[str]:
    out = []
    used = set(taken)
    while len(out) < count:
        ip = "%s.%d.%d" % (prefix, rng.randint(0, 254), rng.randint(2, 254))
        if ip not in used:
            used.add(ip)
            out.append(ip)
    return out


def ensure_private(doc: Dict[str, Any]) -> Dict[str, Any]:
    """Fill the private network keys of a document written elsewhere (e.g. a v1.0-created instance)."""
    if not doc.get("_broker_ips"):
        doc["_broker_ips"] = [ip.strip() for ip in str(doc.get("connect_address") or "").split(",") if ip.strip()]
    if "_public_ips" not in doc:
        doc["_public_ips"] = [ip.strip() for ip in str(doc.get("public_connect_address") or "").split(",")
                              if ip.strip()]
    if not doc.get("_pp"):
        protocols = doc.get("port_protocols") or {}
        doc["_pp"] = {k: bool(protocols.get(k)) for k in PP_KEYS}
        if not any(doc["_pp"].values()):
            doc["_pp"]["private_plain_enable"] = True
    if not doc.get("_advertised"):
        try:
            info = json.loads(doc.get("cross_vpc_info") or "{}")
        except ValueError:
            info = {}
        doc["_advertised"] = {ip: v.get("advertised_ip", ip) for ip, v in info.items() if isinstance(v, dict)}
        doc["_port_ids"] = {ip: v.get("port_id") or new_uuid() for ip, v in info.items() if isinstance(v, dict)}
    return doc


def refresh_network(doc: Dict[str, Any]) -> Dict[str, Any]:
    """Recompute every address field from the private broker data and access modes."""
    ensure_private(doc)
    ips: List[str] = doc.get("_broker_ips") or []
    pub: List[str] = doc.get("_public_ips") or []
    pp = doc.get("_pp") or {}
    advertised = doc.setdefault("_advertised", {})
    port_ids = doc.setdefault("_port_ids", {})
    for ip in ips:
        advertised.setdefault(ip, ip)
        port_ids.setdefault(ip, new_uuid())

    def addr(hosts, port):
        return ",".join("%s:%d" % (h, port) for h in hosts)

    # (access mode, the hosts it listens on, its port), in the reference's field order.
    modes = (("private_plain", ips, 9092), ("private_sasl_ssl", ips, 9093),
             ("private_sasl_plaintext", ips, 9093), ("public_plain", pub, 9094),
             ("public_sasl_ssl", pub, 9095), ("public_sasl_plaintext", pub, 9095))
    protocols = {}
    for mode, hosts, port in modes:
        enabled = bool(pp.get(mode + "_enable"))
        protocols[mode + "_enable"] = enabled
        protocols[mode + "_address"] = addr(hosts, port) if enabled else ""
        protocols[mode + "_domain_name"] = ""
    # The only spelling the reference tables use for this one (Tables 5-11 and 5-15).
    protocols["public_sasl_plain_ext_domain_name"] = ""
    private_sasl = pp.get("private_sasl_ssl_enable") or pp.get("private_sasl_plaintext_enable")
    doc["port_protocols"] = protocols
    doc["connect_address"] = ",".join(ips)
    doc["port"] = 9092 if pp.get("private_plain_enable") or not private_sasl else 9093
    doc["kafka_private_connect_address"] = addr(ips, doc["port"])
    doc["kafka_private_connect_domain_name"] = ""
    manager_host = ips[0] if ips else ""
    doc["management_connect_address"] = "" if doc.get("_manager_disabled") else "https://%s:9999" % manager_host
    doc["cross_vpc_info"] = json.dumps({
        ip: {"advertised_ip": advertised[ip], "port": 9011, "port_id": port_ids[ip]} for ip in ips
    })
    doc["pod_connect_address"] = ",".join("100.86.%d.%d:9080" % (i // 250, i % 250 + 2) for i in range(len(ips)))
    public_on = bool(doc.get("enable_publicip"))
    doc["public_connect_address"] = ",".join(pub) if public_on else ""
    doc["public_connect_domain_name"] = ""
    doc["public_management_connect_addresses"] = ("https://%s:9999" % pub[0]) if public_on and pub else ""
    # The official SDK's ShowInstanceResp reads the singular spelling: both keys carry the value.
    doc["public_management_connect_address"] = doc["public_management_connect_addresses"]
    doc["kafka_public_status"] = "true" if public_on else "closed"
    doc["public_access_enabled"] = "true" if public_on else "false"
    doc["ipv6_connect_addresses"] = (
        ["fd00::%x:%x" % (i + 1, abs(hash(ip)) % 65535) for i, ip in enumerate(ips)] if doc.get("ipv6_enable") else []
    )
    return doc


def sizing_fields(product: Dict[str, Any], broker_num: int, total_storage: int) -> Dict[str, Any]:
    return {
        "product_id": product.get("product_id"),
        "specification": "%s * %d broker" % (product_alias(product), broker_num),
        "broker_num": broker_num,
        "node_num": broker_num,
        "total_storage_space": total_storage,
        "storage_space": total_storage * USABLE_PERCENT // 100,
        "partition_num": str(_prop_int(product, "max_partition_per_broker", 250) * broker_num),
    }


def manager_available(doc: Dict[str, Any]) -> None:
    """Management APIs of an instance whose Kafka Manager is disabled (5.2.8)."""
    if doc.get("_manager_disabled"):
        raise ApiError(400, "DMS.00400026",
                       "This operation is not allowed due to the instance status: Kafka Manager is disabled "
                       "for this instance.")


# --------------------------------------------------------------------------- 5.1.1 create


def _validate_port_protocol(value: Any, public_on: bool) -> Dict[str, bool]:
    if not isinstance(value, dict):
        raise _invalid("port_protocol", "must be an object")
    flags = {}
    for key in PP_KEYS:
        v = value.get(key)
        if v is None:
            v = False
        if not isinstance(v, bool):
            raise _invalid("port_protocol.%s" % key, "must be a boolean (true or false)")
        flags[key] = v
    if flags["private_sasl_ssl_enable"] and flags["private_sasl_plaintext_enable"]:
        raise bad_request("Invalid request parameter port_protocol: private_sasl_ssl_enable and "
                          "private_sasl_plaintext_enable cannot be set to true at the same time.")
    if flags["public_sasl_ssl_enable"] and flags["public_sasl_plaintext_enable"]:
        raise bad_request("Invalid request parameter port_protocol: public_sasl_ssl_enable and "
                          "public_sasl_plaintext_enable cannot be set to true at the same time.")
    if not (flags["private_plain_enable"] or flags["private_sasl_ssl_enable"] or flags["private_sasl_plaintext_enable"]):
        raise bad_request("Invalid request parameter port_protocol: enable private plaintext access "
                          "(private_plain_enable), ciphertext access (private_sasl_ssl_enable or "
                          "private_sasl_plaintext_enable), or both.")
    public_flags = [k for k in ("public_plain_enable", "public_sasl_ssl_enable", "public_sasl_plaintext_enable")
                    if flags[k]]
    if public_flags and not public_on:
        raise bad_request("Invalid public access parameters: port_protocol.%s requires public access "
                          "(enable_publicip=true)." % public_flags[0], "DMS.00400128")
    return flags


def _validate_bss(value: Any) -> Dict[str, Any]:
    if not isinstance(value, dict):
        raise _invalid("bss_param", "must be an object")
    out = {}
    auto_renew = value.get("is_auto_renew")
    if auto_renew is not None and not isinstance(auto_renew, bool):
        raise bad_request("The isAutoRenew parameter in the request must be either 0 or 1: "
                          "bss_param.is_auto_renew must be a boolean.", "DMS.00400021")
    out["is_auto_renew"] = bool(auto_renew)
    mode = value.get("charging_mode")
    if mode is None:
        mode = "postPaid"
    if mode not in ("prePaid", "postPaid"):
        raise _invalid("bss_param.charging_mode", "must be prePaid or postPaid")
    out["charging_mode"] = mode
    auto_pay = value.get("is_auto_pay")
    if auto_pay is not None and not isinstance(auto_pay, bool):
        raise _invalid("bss_param.is_auto_pay", "must be a boolean (true or false)")
    out["is_auto_pay"] = bool(auto_pay)
    if mode == "prePaid":
        ptype = value.get("period_type")
        if ptype not in ("month", "year"):
            raise bad_request("The periodType parameter in the request is invalid: bss_param.period_type is "
                              "mandatory for prePaid and must be month or year.", "DMS.00400047")
        pnum = value.get("period_num")
        if isinstance(pnum, bool) or not isinstance(pnum, int):
            raise bad_request("The periodNum parameter in the request must be an integer: bss_param.period_num "
                              "is mandatory for prePaid.", "DMS.00400038")
        hi = 9 if ptype == "month" else 3
        if not 1 <= pnum <= hi:
            raise _invalid("bss_param.period_num", "must be 1 to %d when period_type is %s" % (hi, ptype))
        out["period_type"] = ptype
        out["period_num"] = pnum
    return out


@route(router, ["POST"], "/v2/{project_id}/kafka/instances", "/v2/{engine}/{project_id}/instances")
def create_instance(ctx: Ctx = Depends(api_ctx)):
    body = ctx.body_obj()
    cat = _catalog()

    # name
    name = opt_str(body, "name", "DMS.00400010")
    if not name or not NAME_RE.fullmatch(name):
        raise bad_request("Invalid instance name. The name must be 4 to 64 characters long, start with a letter "
                          "and contain only letters, digits, underscores (_), and hyphens (-).", "DMS.00400010")
    description = opt_str(body, "description", "DMS.00400011") or ""
    if len(description) > 1024:
        raise bad_request("The instance description can contain a maximum of 1024 characters.", "DMS.00400011")

    # engine and version
    engine = req_str(body, "engine", "DMS.00400007")
    if engine.lower() != "kafka":
        raise bad_request("Unsupported type: engine must be kafka.", "DMS.00400007")
    version = body.get("engine_version")
    if version is None or version == "":
        raise bad_request("Unsupported version: engine_version is mandatory.", "DMS.00400008")
    if isinstance(version, (int, float)) and not isinstance(version, bool):
        version = str(version)  # Getting Started (section 4) sends 2.7 as a number
    if not isinstance(version, str) or version not in engine_versions():
        raise bad_request("Unsupported version: engine_version %r is not one of %s."
                          % (version, ", ".join(engine_versions())), "DMS.00400008")

    # product, brokers and storage
    product_id = req_str(body, "product_id", "DMS.00400009", "Invalid product_id: product_id is mandatory.")
    product = find_product(product_id)
    if product is None:
        raise bad_request("Invalid product_id: %s does not exist (see GET /v2/kafka/products)." % product_id,
                          "DMS.00400009")
    broker_num = opt_int(body, "broker_num")
    if broker_num is None:
        raise _invalid("broker_num", "is mandatory")
    lo, hi = broker_range(product)
    if not lo <= broker_num <= hi:
        raise _invalid("broker_num", "must be %d to %d for %s" % (lo, hi, product_id))
    storage = opt_int(body, "storage_space", "DMS.00400500")
    if storage is None:
        raise bad_request("Invalid disk space: storage_space is mandatory.", "DMS.00400500")
    slo, shi = storage_range(product, broker_num)
    if not slo <= storage <= shi:
        raise bad_request("Invalid disk space: storage_space must be %d to %d GB for %d brokers of %s."
                          % (slo, shi, broker_num, product_id), "DMS.00400500")
    spec_code = req_str(body, "storage_spec_code", "DMS.00400125", "Invalid SPEC_CODE: storage_spec_code is mandatory.")
    if spec_code not in STORAGE_SPEC_CODES:
        raise bad_request("Invalid SPEC_CODE: storage_spec_code must be one of %s." % ", ".join(STORAGE_SPEC_CODES[:2]),
                          "DMS.00400125")
    ios = [io.get("io_spec") for io in product.get("ios") or []]
    if ios and spec_code not in ios:
        raise bad_request("Invalid SPEC_CODE: %s does not support storage_spec_code %s (supported: %s)."
                          % (product_id, spec_code, ", ".join(ios)), "DMS.00400125")

    # network
    vpc_id = req_str(body, "vpc_id", "DMS.00400013", "vpc_id in the request is empty.")
    check_uuid(vpc_id, "vpc_id", "DMS.00400068", "The VPC does not exist:")
    subnet_id = req_str(body, "subnet_id", "DMS.00400016", "subnet_id in the request is empty.")
    check_uuid(subnet_id, "subnet_id", "DMS.00400018", "This subnet must exist in the VPC:")
    sg_id = req_str(body, "security_group_id", "DMS.00400014", "security_group_id in the request is empty.")
    check_uuid(sg_id, "security_group_id", "DMS.00400046", "This security group does not exist:")

    zones = body.get("available_zones")
    if not isinstance(zones, list) or not zones or not all(isinstance(z, str) and z for z in zones):
        raise bad_request("Invalid request parameter available_zones: it cannot be empty or null and must be an "
                          "array of AZ IDs.", "DMS.00400067")
    if len(set(zones)) != len(zones):
        raise _invalid("available_zones", "contains an AZ twice")
    if len(zones) == 2:
        raise _invalid("available_zones", "a Kafka instance is deployed in 1 AZ or at least 3 AZs")
    az_docs = []
    for z in zones:
        az = cat.find_az(z)
        if az is None:
            raise bad_request("The AZ does not exist: %s (see GET /v2/available-zones)." % z, "DMS.00400042")
        if az_sold_out(product, az, spec_code):
            raise bad_request("Resource sold out: %s with %s in AZ %s." % (product_id, spec_code, z), "DMS.00400055")
        az_docs.append(az)

    ipv6 = opt_bool(body, "ipv6_enable", False)
    if ipv6:
        for az in az_docs:
            if not az.get("ipv6_enable", False):
                raise bad_request("The availability zone does not support ipv6: %s." % az.get("id"), "DMS.00400049")

    tenant_ips = body.get("tenant_ips")
    if tenant_ips is not None:
        if not isinstance(tenant_ips, list):
            raise _invalid("tenant_ips", "must be an array of IPv4 addresses")
        for ip in tenant_ips:
            check_ipv4(ip, "tenant_ips")
        if len(tenant_ips) > broker_num:
            raise _invalid("tenant_ips", "the number of private IP addresses must be less than or equal to broker_num")
        if len(set(tenant_ips)) != len(tenant_ips):
            raise _invalid("tenant_ips", "contains an IP address twice")
    else:
        tenant_ips = []

    # public access
    pub_a = opt_bool(body, "enable_publicip")
    pub_b = opt_bool(body, "enable_public_ip")
    if pub_a is not None and pub_b is not None and pub_a != pub_b:
        raise bad_request("Invalid public access parameters: enable_publicip and enable_public_ip disagree.",
                          "DMS.00400128")
    public_on = bool(pub_a if pub_a is not None else pub_b)
    eips: List[str] = []
    if public_on:
        if _absent(body, "publicip_id"):
            raise bad_request("Invalid public access parameters: publicip_id is mandatory when public access is "
                              "enabled (enable_publicip=true).", "DMS.00400128")
        eips = parse_eips(body.get("publicip_id"), "publicip_id")
        if len(eips) != broker_num:
            raise bad_request("Invalid public access parameters: publicip_id must contain one EIP per broker "
                              "(%d given, broker_num is %d)." % (len(eips), broker_num), "DMS.00400128")

    # security
    pp_raw = body.get("port_protocol")
    pp = _validate_port_protocol(pp_raw, public_on) if pp_raw is not None else None
    ssl = opt_bool(body, "ssl_enable", False)
    vpc_plain = opt_bool(body, "vpc_client_plain")
    if vpc_plain is None:
        vpc_plain = opt_bool(body, "vpc_client_plan")  # 7.2.1.1 table spelling
    vpc_plain = bool(vpc_plain)
    protocol = opt_str(body, "kafka_security_protocol")
    if protocol not in (None, "", "SASL_SSL", "SASL_PLAINTEXT"):
        raise _invalid("kafka_security_protocol", "must be SASL_SSL or SASL_PLAINTEXT")
    mechanisms = body.get("sasl_enabled_mechanisms")
    if mechanisms is not None:
        if not isinstance(mechanisms, list) or not all(m in ("PLAIN", "SCRAM-SHA-512") for m in mechanisms):
            raise _invalid("sasl_enabled_mechanisms", "must be an array of PLAIN and/or SCRAM-SHA-512")
        if len(set(mechanisms)) != len(mechanisms):
            raise _invalid("sasl_enabled_mechanisms", "contains a mechanism twice")
    if pp is None:
        proto = protocol or "SASL_SSL"
        pp = {
            "private_plain_enable": (not ssl) or vpc_plain,
            "private_sasl_ssl_enable": ssl and proto == "SASL_SSL",
            "private_sasl_plaintext_enable": ssl and proto == "SASL_PLAINTEXT",
            "public_plain_enable": public_on and not ssl,
            "public_sasl_ssl_enable": public_on and ssl and proto == "SASL_SSL",
            "public_sasl_plaintext_enable": public_on and ssl and proto == "SASL_PLAINTEXT",
        }
        resp_protocol = proto if ssl else "PLAINTEXT"
    else:
        if pp["private_sasl_ssl_enable"]:
            resp_protocol = "SASL_SSL"
        elif pp["private_sasl_plaintext_enable"]:
            resp_protocol = "SASL_PLAINTEXT"
        elif pp["public_sasl_ssl_enable"]:
            resp_protocol = "SASL_SSL"
        elif pp["public_sasl_plaintext_enable"]:
            resp_protocol = "SASL_PLAINTEXT"
        else:
            resp_protocol = "PLAINTEXT"
        ssl = ssl or resp_protocol != "PLAINTEXT"
        vpc_plain = pp["private_plain_enable"] and ssl
    access_user = ""
    password = None
    if ssl:
        access_user = opt_str(body, "access_user", "DMS.00400015") or ""
        if not access_user:
            raise bad_request("Invalid username: access_user is mandatory when SASL (ssl_enable) is enabled.",
                              "DMS.00400015")
        if not ACCESS_USER_RE.fullmatch(access_user):
            raise bad_request("Invalid username: access_user must start with a letter, be 4 to 64 characters long "
                              "and contain only letters, digits, hyphens (-), and underscores (_).", "DMS.00400015")
        if _absent(body, "password") or body.get("password") == "":
            raise bad_request("Invalid password format: password is mandatory when SASL (ssl_enable) is enabled.",
                              "DMS.00400012")
        password = check_password(body.get("password"), "password")
        mechanisms = mechanisms or ["PLAIN"]
    else:
        mechanisms = []

    # other options
    retention = opt_str(body, "retention_policy")
    if retention not in (None, "produce_reject", "time_base"):
        raise _invalid("retention_policy", "must be produce_reject or time_base")
    begin = body.get("maintain_begin")
    end = body.get("maintain_end")
    if (begin is None) != (end is None):
        raise bad_request("Invalid maintenance time window: maintain_begin and maintain_end must be given together.",
                          "DMS.00400106")
    if begin is not None:
        begin, end = norm_time(begin, "maintain_begin"), norm_time(end, "maintain_end")
        if begin == end:
            raise bad_request("Invalid maintenance time window: maintain_begin and maintain_end are equal.",
                              "DMS.00400106")
    else:
        begin, end = "02:00:00", "06:00:00"
    encrypted = opt_bool(body, "disk_encrypted_enable", False)
    key = opt_str(body, "disk_encrypted_key", "DMS.00400136")
    if encrypted:
        if not key:
            raise bad_request("Disk encrypted key is null: disk_encrypted_key is mandatory when "
                              "disk_encrypted_enable is true.", "DMS.00400136")
        check_uuid(key, "disk_encrypted_key", "DMS.00400137", "Disk encrypted key state is not enabled: the key")
    else:
        key = ""
    connector = opt_bool(body, "connector_enable", False)
    auto_topic = opt_bool(body, "enable_auto_topic", False)
    eps = opt_str(body, "enterprise_project_id")
    if eps is not None and eps != "" and not EPS_RE.fullmatch(eps):
        raise _invalid("enterprise_project_id", "must be 0 or a UUID")
    arch = opt_str(body, "arch_type")
    if arch is not None and arch.upper() != "X86":
        raise _invalid("arch_type", "must be X86")
    tags = validate_tags(body.get("tags"), "tags") if body.get("tags") is not None else []
    bss = _validate_bss(body["bss_param"]) if body.get("bss_param") is not None else {"charging_mode": "postPaid"}

    # uniqueness (checked last: the service validates the body first)
    for other in ctx.instances():
        if other.get("name") == name:
            raise bad_request("This instance name already exists: %s." % name, "DMS.00400060")

    iid = new_uuid()
    rng = random.Random(iid)
    broker_ips = list(tenant_ips) + _new_ips(rng, broker_num - len(tenant_ips), tenant_ips, "192.168")
    public_ips = _new_ips(rng, broker_num, [], "100.85") if public_on else []
    now_ms = ctx.now_ms()
    prepaid = bss.get("charging_mode") == "prePaid"
    doc: Dict[str, Any] = {
        "name": name,
        "engine": "kafka",
        "engine_version": version,
        "description": description,
        "used_storage_space": 0,
        "dns_enable": False,
        "status": "CREATING",
        "instance_id": iid,
        "resource_spec_code": "",
        "charging_mode": 0 if prepaid else 1,
        "vpc_id": vpc_id,
        "vpc_name": "vpc-" + vpc_id[:8],
        "created_at": str(now_ms),
        "subnet_name": "subnet-" + subnet_id[:8],
        "subnet_cidr": "192.168.0.0/16",
        "user_id": ctx.settings.project_id[:32],
        "user_name": ctx.settings.iam_username,
        "access_user": access_user,
        "order_id": new_job_id() if prepaid else "",
        "maintain_begin": begin,
        "maintain_end": end,
        "enable_publicip": public_on,
        "ssl_enable": ssl,
        "broker_ssl_enable": False,
        "kafka_security_protocol": resp_protocol,
        "sasl_enabled_mechanisms": mechanisms,
        "ssl_two_way_enable": False,
        "cert_replaced": False,
        "enterprise_project_id": eps or "0",
        "is_logical_volume": True,
        "extend_times": 0,
        "enable_auto_topic": auto_topic,
        "type": "cluster",
        "security_group_id": sg_id,
        "security_group_name": "sg-" + sg_id[:8],
        "subnet_id": subnet_id,
        "available_zones": [az.get("id") for az in az_docs],
        "available_zone_names": [az.get("name") for az in az_docs],
        "storage_resource_id": new_uuid(),
        "storage_spec_code": spec_code,
        "service_type": "advanced",
        "storage_type": "hec",
        "retention_policy": retention or "produce_reject",
        "public_bandwidth": 0,
        "enable_log_collection": False,
        "new_auth_cert": False,
        "ipv6_enable": ipv6,
        "connector_enable": connector,
        "connector_node_num": 2 if connector else 0,
        "connector_id": new_uuid() if connector else "",
        "rest_enable": False,
        "rest_connect_address": "",
        "public_boundwidth": 0,
        "message_query_inst_enable": True,
        "vpc_client_plain": vpc_plain,
        "support_features": SUPPORT_FEATURES,
        "trace_enable": False,
        "agent_enable": False,
        "disk_encrypted": encrypted,
        "disk_encrypted_key": key,
        "ces_version": "linux",
        "enable_acl": False,
        "new_spec_billing_enable": True,
        "tags": tags,
        "dr_enable": False,
        "_password": hash_secret(password),
        "_broker_ips": broker_ips,
        "_public_ips": public_ips,
        "_publicip_ids": eips,
        "_tenant_ips": tenant_ips,
        "_arch_type": arch or "X86",
        "_bss_param": bss,
        "_pp": pp,
        "_configs": {},
    }
    doc.update(sizing_fields(product, broker_num, storage))
    refresh_network(doc)
    failed = ctx.effect("create_failed")
    ctx.schedule(doc, "CREATING", then_status="CREATEFAILED" if failed else "RUNNING")
    return ok({"instance_id": iid})


# --------------------------------------------------------------------------- 5.1.2 list / 5.1.3 get


def _bool_query(ctx: Ctx, name: str) -> Optional[bool]:
    value = ctx.query.get(name)
    if value is None:
        return None
    v = value.strip("'\"").lower()
    if v not in ("true", "false"):
        raise _invalid(name, "must be 'true' or 'false'")
    return v == "true"


def _int_query(ctx: Ctx, name: str, lo: int, hi: Optional[int], default: int, too_big_code: str) -> int:
    value = ctx.query.get(name)
    if value is None or value == "":
        return default
    if not re.fullmatch(r"^-?\d+$", value):
        raise _invalid(name, "must be an integer")
    n = int(value)
    if n < lo:
        raise _invalid(name, "must be at least %d" % lo)
    if hi is not None and n > hi:
        raise bad_request("Invalid request parameter %s: must be %d to %d." % (name, lo, hi), too_big_code)
    return n


@route(router, ["GET"], "/v2/{project_id}/instances")
def list_instances(ctx: Ctx = Depends(api_ctx)):
    q = ctx.query
    engine = q.get("engine")
    if engine is not None and engine.lower() != "kafka":
        raise bad_request("Unsupported type: engine must be kafka.", "DMS.00400007")
    exact = _bool_query(ctx, "exact_match_name") or False
    include_failure = _bool_query(ctx, "include_failure")
    offset = _int_query(ctx, "offset", 0, None, 0, "DMS.10240043")
    limit = _int_query(ctx, "limit", 1, 50, 10, "DMS.10240042")
    name = q.get("name")
    iid = q.get("instance_id")
    status = q.get("status")
    eps = q.get("enterprise_project_id")
    items = []
    for doc in reversed(ctx.instances()):  # newest first
        if name:
            if exact and doc.get("name") != name:
                continue
            if not exact and name.lower() not in doc.get("name", "").lower():
                continue
        if iid and doc.get("instance_id") != iid:
            continue
        if status and doc.get("status") != status:
            continue
        if eps and doc.get("enterprise_project_id") != eps:
            continue
        if include_failure is False and doc.get("status") == "CREATEFAILED":
            continue
        items.append(public(doc))
    return ok({"instances": items[offset:offset + limit], "instance_num": len(items)})


@route(router, ["GET"], "/v2/{project_id}/instances/{instance_id}")
def show_instance(instance_id: str, ctx: Ctx = Depends(api_ctx)):
    return ok(public(ctx.instance(instance_id)))


# --------------------------------------------------------------------------- 5.1.4 delete


NOT_DELETABLE = ("CREATING", "RESTARTING")


def _start_delete(ctx: Ctx, doc: Dict[str, Any]) -> None:
    ctx.schedule(doc, "DELETING", then_status=None, then_delete=True)


@route(router, ["DELETE"], "/v2/{project_id}/instances/{instance_id}")
def delete_instance(instance_id: str, ctx: Ctx = Depends(api_ctx)):
    doc = ctx.instance(instance_id)
    if doc["status"] in NOT_DELETABLE:
        raise bad_request("The following instances in the Creating, Starting, Stopping, or Restarting state cannot "
                          "be deleted: %s (status %s)." % (instance_id, doc["status"]), "DMS.00400099")
    if doc["status"] in ("DELETING", "EXTENDING"):
        raise instance_busy()
    _start_delete(ctx, doc)
    return no_content()


# --------------------------------------------------------------------------- 5.1.5 modify


@route(router, ["PUT"], "/v2/{project_id}/instances/{instance_id}")
def modify_instance(instance_id: str, ctx: Ctx = Depends(api_ctx)):
    body = ctx.body_obj()
    doc = ctx.running_instance(instance_id)
    changes: Dict[str, Any] = {}
    if body.get("name") is not None:
        name = body["name"]
        if not isinstance(name, str) or not NAME_RE.fullmatch(name):
            raise bad_request("Invalid instance name. The name must be 4 to 64 characters long, start with a "
                              "letter and contain only letters, digits, underscores (_), and hyphens (-).",
                              "DMS.00400010")
        if name != doc["name"] and any(o.get("name") == name for o in ctx.instances()):
            raise bad_request("This instance name already exists: %s." % name, "DMS.00400060")
        changes["name"] = name
    if body.get("description") is not None:
        desc = opt_str(body, "description", "DMS.00400011")
        if len(desc) > 1024:
            raise bad_request("The instance description can contain a maximum of 1024 characters.", "DMS.00400011")
        changes["description"] = desc
    begin, end = body.get("maintain_begin"), body.get("maintain_end")
    if begin is not None:
        changes["maintain_begin"] = norm_time(begin, "maintain_begin")
    if end is not None:
        changes["maintain_end"] = norm_time(end, "maintain_end")
    if changes.get("maintain_begin", doc["maintain_begin"]) == changes.get("maintain_end", doc["maintain_end"]):
        raise bad_request("Invalid maintenance time window: maintain_begin and maintain_end are equal.",
                          "DMS.00400106")
    if body.get("security_group_id") is not None:
        sg = req_str(body, "security_group_id", "DMS.00400014", "security_group_id in the request is empty.")
        check_uuid(sg, "security_group_id", "DMS.00400046", "This security group does not exist:")
        changes["security_group_id"] = sg
        if sg != doc["security_group_id"]:
            changes["security_group_name"] = "sg-" + sg[:8]
    retention = None
    if body.get("retention_policy") is not None:
        retention = body["retention_policy"]
        if retention not in ("produce_reject", "time_base"):
            raise _invalid("retention_policy", "must be produce_reject or time_base")
    if body.get("enterprise_project_id") is not None:
        eps = opt_str(body, "enterprise_project_id")
        if not EPS_RE.fullmatch(eps):
            raise _invalid("enterprise_project_id", "must be 0 or a UUID")
        changes["enterprise_project_id"] = eps
    if retention is not None and retention != doc["retention_policy"]:
        ctx.add_task(instance_id, "changeRetentionPolicy", {
            "new_retention_policy": retention, "origin_retention_policy": doc["retention_policy"],
        })
        changes["retention_policy"] = retention
    doc.update(changes)
    ctx.save_instance(doc)
    return no_content()


# --------------------------------------------------------------------------- 5.1.6 batch restart / delete


@route(router, ["POST"], "/v2/{project_id}/instances/action")
def batch_action(ctx: Ctx = Depends(api_ctx)):
    body = ctx.body_obj()
    action = body.get("action")
    if action not in ("restart", "delete"):
        raise bad_request("The action parameter in the request must be delete or restart.", "DMS.00400064")
    force = opt_bool(body, "force_delete", False)  # noqa: F841  (no Recycle Bin in the emulator)
    all_failure = body.get("all_failure")
    if all_failure is not None:
        if all_failure != "kafka":
            raise _invalid("all_failure", "the only value is kafka")
        if action != "delete":
            raise _invalid("all_failure", "is valid only with action delete")
        if body.get("instances") is None:
            for doc in ctx.instances():
                if doc.get("status") == "CREATEFAILED":
                    _start_delete(ctx, doc)
            return no_content()
    ids = body.get("instances")
    if ids is None or ids == []:
        raise bad_request("The instances parameter in the request is empty.", "DMS.00400065")
    if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
        raise _invalid("instances", "must be an array of instance IDs")
    if len(ids) > 50:
        raise bad_request("The instances array can contain a maximum of 50 instance IDs.", "DMS.00400100")
    if len(set(ids)) != len(ids):
        raise bad_request("Instance id is repeated.", "DMS.00400082")
    for i in ids:
        if not UUID_RE.fullmatch(i):
            raise bad_request("Invalid DMS instance id. The id must be a uuid: %s." % i, "DMS.00400030")
    docs = {}
    for i in ids:
        d = ctx.store.get("instance", "", i)
        d = ctx.settle_instance(d) if d is not None else None
        docs[i] = d
    if action == "delete":
        blocked = [i for i, d in docs.items() if d is not None and d["status"] in NOT_DELETABLE]
        if blocked:
            raise bad_request("The following instances in the Creating, Starting, Stopping, or Restarting state "
                              "cannot be deleted: %s." % ", ".join(blocked), "DMS.00400099")
    results = []
    for i in ids:
        d = docs[i]
        success = False
        if d is not None:
            if action == "restart" and d["status"] == "RUNNING":
                ctx.schedule(d, "RESTARTING", then_status="RUNNING")
                success = True
            elif action == "delete" and d["status"] not in ("DELETING", "EXTENDING"):
                _start_delete(ctx, d)
                success = True
        results.append({"result": "success" if success else "failed", "instance": i})
    return ok({"results": results})


# --------------------------------------------------------------------------- 5.1.7 / 5.1.8 configs


def _config_items(doc: Dict[str, Any]) -> List[Dict[str, str]]:
    overrides = doc.get("_configs") or {}
    return [{
        "name": name, "valid_values": valid, "default_value": default, "config_type": ctype,
        "value": overrides.get(name, default), "value_type": vtype,
    } for name, valid, default, ctype, vtype in CONFIGS]


def _valid_config_value(valid: str, value: str) -> bool:
    if "~" in valid:
        lo, hi = valid.split("~", 1)
        if not re.fullmatch(r"^-?\d+$", value):
            return False
        return int(lo) <= int(value) <= int(hi)
    return value in valid.split(",")


@route(router, ["GET"], "/v2/{project_id}/instances/{instance_id}/configs")
def show_configs(instance_id: str, ctx: Ctx = Depends(api_ctx)):
    return ok({"kafka_configs": _config_items(ctx.instance(instance_id))})


@route(router, ["PUT"], "/v2/{project_id}/instances/{instance_id}/configs")
def modify_configs(instance_id: str, ctx: Ctx = Depends(api_ctx)):
    body = ctx.body_obj()
    doc = ctx.running_instance(instance_id)
    items = body.get("kafka_configs")
    if not isinstance(items, list) or not items:
        raise _invalid("kafka_configs", "must be a non-empty array of {name, value}")
    seen = set()
    dynamic = static = 0
    new_values = {}
    for item in items:
        if not isinstance(item, dict):
            raise _invalid("kafka_configs", "items must be objects with name and value")
        name, value = item.get("name"), item.get("value")
        if not isinstance(name, str) or name not in CONFIG_BY_NAME:
            raise bad_request("Invalid configuration parameter %s." % (name,), "DMS.00400063")
        if name in seen:
            raise _invalid("kafka_configs", "configuration %s is given twice" % name)
        seen.add(name)
        _, valid, _, ctype, _ = CONFIG_BY_NAME[name]
        if not isinstance(value, str) or not _valid_config_value(valid, value):
            raise bad_request("Invalid configuration parameter %s: value %r must be a string within %s."
                              % (name, value, valid), "DMS.00400066")
        new_values[name] = value
        if ctype == "dynamic":
            dynamic += 1
        else:
            static += 1
    old = {c["name"]: c["value"] for c in _config_items(doc) if c["name"] in new_values}
    doc.setdefault("_configs", {}).update(new_values)
    ctx.save_instance(doc)
    job = ctx.add_task(instance_id, "kafkaConfigModify", {"old": old, "new": new_values})
    return ok({"job_id": job, "dynamic_config": dynamic, "static_config": static})


# --------------------------------------------------------------------------- 5.2.1 - 5.2.4


@route(router, ["POST"], "/v2/{project_id}/instances/{instance_id}/password")
def reset_password(instance_id: str, ctx: Ctx = Depends(api_ctx)):
    body = ctx.body_obj()
    doc = ctx.running_instance(instance_id)
    if not doc.get("ssl_enable"):
        raise bad_request("The instance ssl is off.", "DMS.00400971")
    if _absent(body, "new_password"):
        raise bad_request("Invalid password format: new_password is mandatory.", "DMS.00400012")
    doc["_password"] = hash_secret(check_password(body["new_password"], "new_password"))
    ctx.save_instance(doc)
    # the initial SASL user (5.6.1 lists it) has the instance password
    user = ctx.store.get("user", instance_id, doc.get("access_user") or "")
    if user is not None:
        user["_password"] = doc["_password"]
        ctx.store.put("user", instance_id, doc["access_user"], user)
    return no_content()


@route(router, ["PUT"], "/v2/{project_id}/instances/{instance_id}/kafka-manager-password")
def reset_manager_password(instance_id: str, ctx: Ctx = Depends(api_ctx)):
    body = ctx.body_obj()
    doc = ctx.running_instance(instance_id)
    manager_available(doc)
    if _absent(body, "new_password"):
        raise bad_request("Invalid password format: new_password is mandatory.", "DMS.00400012")
    doc["_manager_password"] = hash_secret(check_password(body["new_password"], "new_password"))
    ctx.save_instance(doc)
    return no_content()


@route(router, ["PUT"], "/v2/{project_id}/instances/{instance_id}/restart-kafka-manager")
def restart_manager(instance_id: str, ctx: Ctx = Depends(api_ctx)):
    doc = ctx.running_instance(instance_id)
    manager_available(doc)
    return ok({"result": "success", "instance_id": instance_id})


@route(router, ["POST"], "/v2/{project_id}/instances/{instance_id}/crossvpc/modify")
def modify_cross_vpc(instance_id: str, ctx: Ctx = Depends(api_ctx)):
    body = ctx.body_obj()
    doc = ctx.running_instance(instance_id)
    contents = body.get("advertised_ip_contents")
    if not isinstance(contents, dict) or not contents:
        raise _invalid("advertised_ip_contents", "is mandatory and must be a non-empty object mapping listener IPs "
                       "to advertised IPs or domain names")
    ips = doc.get("_broker_ips") or []
    for listener, advertised in contents.items():
        if listener not in ips:
            raise _invalid("advertised_ip_contents", "%s is not a listener IP of this instance (brokers: %s)"
                           % (listener, ", ".join(ips)))
        if not isinstance(advertised, str) or not advertised:
            raise _invalid("advertised_ip_contents", "the value for %s must be an IP address or domain name"
                           % listener)
        try:
            ipaddress.ip_address(advertised)
        except ValueError:
            if not HOSTNAME_RE.fullmatch(advertised):
                raise _invalid("advertised_ip_contents", "%r is neither an IP address nor a domain name"
                               % advertised)
    merged = dict(doc.get("_advertised") or {})
    merged.update(contents)
    values = [merged.get(ip, ip) for ip in ips]
    if len(set(values)) != len(values):
        raise _invalid("advertised_ip_contents", "two brokers cannot advertise the same address")
    doc["_advertised"] = merged
    refresh_network(doc)
    ctx.save_instance(doc)
    results = [{"advertised_ip": contents[ip], "success": True, "ip": ip} for ip in contents]
    return ok({"success": True, "results": results})


# --------------------------------------------------------------------------- 5.2.5 - 5.2.8


def _topics(ctx: Ctx, instance_id: str) -> List[Dict[str, Any]]:
    return ctx.store.list("topic", instance_id)


def _int(value: Any, default: int = 0) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


@route(router, ["GET"], "/v2/{project_id}/instances/{instance_id}/management/cluster",
       "/v2/{project_id}/instances/{instance_id}/manage/cluster")
def show_cluster(instance_id: str, ctx: Ctx = Depends(api_ctx)):
    doc = ctx.running_instance(instance_id)
    manager_available(doc)
    ips = doc.get("_broker_ips") or []
    topics = _topics(ctx, instance_id)
    partitions = sum(_int(t.get("partition"), 0) for t in topics)
    replicas = sum(_int(t.get("partition"), 0) * _int(t.get("replication"), 1) for t in topics)
    register = _int(doc.get("created_at"), ctx.now_ms())
    brokers = [{
        "host": ip, "port": doc.get("port", 9092), "broker_id": str(i), "is_controller": i == 0,
        "version": doc.get("engine_version"), "register_time": register + i, "is_health": True,
    } for i, ip in enumerate(ips)]
    if "/manage/cluster" in ctx.request.url.path:
        # The reference has only .../management/cluster; the .../manage/cluster form (deviations.md) is the
        # official SDK's show_kafka_cluster, whose broker model names the flag "health": answer both.
        for broker in brokers:
            broker["health"] = broker["is_health"]
    return ok({"cluster": {
        "controller": "0",
        "brokers": brokers,
        "topics_count": len(topics),
        "partitions_count": partitions,
        "online_partitions_count": partitions,
        "replicas_count": replicas,
        "isr_replicas_count": replicas,
        "consumers_count": len(ctx.store.list("group", instance_id)),
    }})


@route(router, ["GET"], "/v2/{project_id}/instances/{instance_id}/management/coordinates",
       "/v2/{project_id}/instances/{instance_id}/management/coordinators")
def show_coordinators(instance_id: str, ctx: Ctx = Depends(api_ctx)):
    doc = ctx.running_instance(instance_id)
    manager_available(doc)
    ips = doc.get("_broker_ips") or ["127.0.0.1"]
    out = []
    for group in ctx.store.list("group", instance_id):
        gid = group.get("group_id") or group.get("name") or group.get("id") or ""
        broker = group.get("coordinator_id")
        if isinstance(broker, bool) or not isinstance(broker, int) or not 0 <= broker < len(ips):
            broker = sum(gid.encode()) % len(ips)
        out.append({"group_id": gid, "id": broker, "host": ips[broker], "port": doc.get("port", 9092)})
    return ok({"coordinators": out})


_SIZE_UNITS = {"KB": 1024, "MB": 1024 ** 2, "GB": 1024 ** 3}


def _human(nbytes: float) -> str:
    for unit, div in (("G", 1024 ** 3), ("M", 1024 ** 2), ("K", 1024)):
        if nbytes >= div:
            value = nbytes / div
            return ("%.1f%s" % (value, unit)) if value < 10 else ("%d%s" % (round(value), unit))
    return "%dB" % nbytes


@route(router, ["GET"], "/v2/{project_id}/instances/{instance_id}/topics/diskusage")
def topic_disk_usage(instance_id: str, ctx: Ctx = Depends(api_ctx)):
    doc = ctx.running_instance(instance_id)
    q = ctx.query
    min_bytes = 0
    if q.get("minSize") is not None:
        raw = q.get("minSize").replace(" ", "").upper()
        # "1 KB, 1 MB and 1 GB" (Table 5-49); the official SDK documents the same option as 1K, 1M, 1G, the
        # notation of the answer's sizes ("12K"): both are accepted.
        m = re.fullmatch(r"^(\d+)([KMG])B?$", raw)
        if not m:
            raise _invalid("minSize", "must be 1KB, 1MB or 1GB")
        min_bytes = int(m.group(1)) * _SIZE_UNITS[m.group(2) + "B"]
    top = None
    if q.get("top") is not None:
        if not re.fullmatch(r"^\d+$", q.get("top")) or not 1 <= int(q.get("top")) <= 1000:
            raise _invalid("top", "must be an integer from 1 to 1000")
        top = int(q.get("top"))
    min_pct = None
    if q.get("percentage") is not None:
        try:
            min_pct = float(q.get("percentage"))
        except ValueError:
            raise _invalid("percentage", "must be a number from 0 to 100")
        if not 0 <= min_pct <= 100:
            raise _invalid("percentage", "must be a number from 0 to 100")
    n = max(1, doc.get("broker_num", 1))
    per_disk = doc.get("total_storage_space", 300) * 1024 ** 3 // n
    per_broker: List[List[Dict[str, Any]]] = [[] for _ in range(n)]
    for topic in _topics(ctx, instance_id):
        name = topic.get("name", "")
        messages = ctx.store.list("message", "%s/%s" % (instance_id, name))
        parts = max(1, _int(topic.get("partition"), 1))
        sizes = [0] * parts
        for msg in messages:
            p = _int(msg.get("partition"), 0) % parts
            sizes[p] += len(json.dumps(msg))
        for p in range(parts):
            nbytes = sizes[p] + 4096  # an empty segment still occupies a 4K block
            per_broker[p % n].append({
                "size": _human(nbytes), "topic_name": name, "topic_partition": str(p),
                "percentage": nbytes * 100.0 / per_disk, "_bytes": nbytes,
            })
    out = []
    for b in range(n):
        entries = sorted(per_broker[b], key=lambda e: -e["_bytes"])
        used = sum(e["_bytes"] for e in entries)
        entries = [e for e in entries if e["_bytes"] >= min_bytes and (min_pct is None or e["percentage"] >= min_pct)]
        if top is not None:
            entries = entries[:top]
        out.append({
            "broker_name": "broker-%d" % b,
            "data_disk_size": "%dG" % (per_disk // 1024 ** 3),
            "data_disk_use": _human(used),
            "data_disk_free": "%dG" % ((per_disk - used) // 1024 ** 3),
            "data_disk_use_percentage": str(int(used * 100 // per_disk)),
            "status": "Success get info",
            "topic_list": [{k: v for k, v in e.items() if not k.startswith("_")} for e in entries],
        })
    return ok({"broker_list": out})


@route(router, ["DELETE"], "/v2/{project_id}/kafka/instances/{instance_id}/management")
def disable_manager(instance_id: str, ctx: Ctx = Depends(api_ctx)):
    doc = ctx.running_instance(instance_id)
    doc["_manager_disabled"] = True
    refresh_network(doc)
    ctx.save_instance(doc)
    return ok()


# --------------------------------------------------------------------------- 5.2.13 - 5.2.15 rebalance log


def _rebalance_error(msg: str) -> JSONResponse:
    # 5.2.13 documents this error body with "error_message"; section 3.3 says "error_msg": send both.
    return JSONResponse({"error_code": "DMS.00400800", "error_msg": msg, "error_message": msg}, status_code=400)


@route(router, ["GET"], "/v2/kafka/{project_id}/instances/{instance_id}/log/rebalance-log")
def show_rebalance_log(instance_id: str, ctx: Ctx = Depends(api_ctx)):
    ctx.instance(instance_id)
    log = ctx.store.get("rebalance_log", instance_id, "log")
    if log is None:
        return _rebalance_error("Invalid parameters in the request: rebalancing logging is not enabled for this "
                                "instance.")
    return ok(_rebalance_view(log))


def _rebalance_view(log: Dict[str, Any]) -> Dict[str, Any]:
    """Table 5-68's camelCase keys (``createAt``/``updateAt`` strings, as typed) plus the snake_case keys the
    official SDK's ShowKafkaRebalanceLogResponse reads (``instance_id`` ..., ``created_at``/``updated_at`` as
    the numbers of the 5.2.13 example), so that both the reference's clients and the SDK see every field."""
    out = public(log)
    out.update({
        "instance_id": log["instanceId"], "log_stream_id": log["logStreamId"], "log_group_id": log["logGroupId"],
        "dashboard_id": log["dashboardId"], "created_at": int(log["createAt"]), "updated_at": int(log["updateAt"]),
    })
    return out


@route(router, ["POST"], "/v2/kafka/{project_id}/instances/{instance_id}/log/rebalance-log")
def enable_rebalance_log(instance_id: str, ctx: Ctx = Depends(api_ctx)):
    ctx.running_instance(instance_id)
    if ctx.store.get("rebalance_log", instance_id, "log") is not None:
        return _rebalance_error("Invalid parameters in the request: rebalancing logging is already enabled.")
    now = str(ctx.now_ms())
    ctx.store.put("rebalance_log", instance_id, "log", {
        "id": new_job_id(), "instanceId": instance_id, "status": "OPEN", "logStreamId": new_uuid(),
        "logGroupId": new_uuid(), "dashboardId": None, "createAt": now, "updateAt": now,
    })
    job = ctx.add_task(instance_id, "enableRebalanceLog", {"enable": True}, fail=ctx.effect("task_failed"))
    return ok({"job_id": job})


@route(router, ["DELETE"], "/v2/kafka/{project_id}/instances/{instance_id}/log/rebalance-log")
def disable_rebalance_log(instance_id: str, ctx: Ctx = Depends(api_ctx)):
    ctx.running_instance(instance_id)
    if not ctx.store.delete("rebalance_log", instance_id, "log"):
        return _rebalance_error("Invalid parameters in the request: rebalancing logging is not enabled.")
    job = ctx.add_task(instance_id, "disableRebalanceLog", {"enable": False}, fail=ctx.effect("task_failed"))
    return ok({"job_id": job})


# --------------------------------------------------------------------------- 5.3.1 / 5.3.2 extend


@route(router, ["POST"], "/v2/{project_id}/kafka/instances/{instance_id}/extend",
       "/v2/{engine}/{project_id}/instances/{instance_id}/extend")
def extend_instance(instance_id: str, ctx: Ctx = Depends(api_ctx)):
    body = ctx.body_obj()
    doc = ctx.instance(instance_id)
    oper = body.get("oper_type")
    if oper not in ("storage", "horizontal", "vertical"):
        raise _invalid("oper_type", "is mandatory and must be storage, horizontal or vertical")
    if doc["status"] != "RUNNING":
        raise instance_busy()
    product = find_product(doc["product_id"]) or {"product_id": doc["product_id"]}
    cur_n = doc["broker_num"]
    cur_total = doc["total_storage_space"]
    per = cur_total // cur_n
    new_n, new_total, new_product = cur_n, cur_total, product
    params: Dict[str, Any] = {"oper_type": oper}
    then_set: Dict[str, Any] = {}
    if oper == "storage":
        if doc.get("extend_times", 0) >= MAX_EXTEND_TIMES:
            raise bad_request("The maximum number of disk expansion times has been reached (%d)." % MAX_EXTEND_TIMES,
                              "DMS.00400124")
        new_total = opt_int(body, "new_storage_space", "DMS.00400500")
        if new_total is None:
            raise bad_request("Invalid disk space: new_storage_space is mandatory when oper_type is storage.",
                              "DMS.00400500")
        if new_total % cur_n:
            raise bad_request("Invalid disk space: new_storage_space must be a multiple of the broker number (%d)."
                              % cur_n, "DMS.00400500")
        if new_total // cur_n < per + 100:
            raise bad_request("Invalid disk space: the storage space of each broker must be expanded by at least "
                              "100 GB (now %d GB per broker, so new_storage_space >= %d)."
                              % (per, (per + 100) * cur_n), "DMS.00400500")
        _, hi = storage_range(product, cur_n)
        if new_total > hi:
            raise bad_request("Invalid disk space: new_storage_space cannot exceed %d GB for %d brokers of %s."
                              % (hi, cur_n, doc["product_id"]), "DMS.00400500")
        then_set["extend_times"] = doc.get("extend_times", 0) + 1
        params["new_storage_space"] = new_total
    elif oper == "horizontal":
        new_n = opt_int(body, "new_broker_num")
        if new_n is None:
            raise _invalid("new_broker_num", "is mandatory when oper_type is horizontal")
        _, hi = broker_range(product)
        if not cur_n < new_n <= hi:
            raise _invalid("new_broker_num", "must be greater than the current broker number (%d) and at most %d"
                           % (cur_n, hi))
        new_total = opt_int(body, "new_storage_space", "DMS.00400500")
        if new_total is None:
            raise bad_request("Invalid disk space: new_storage_space is mandatory when oper_type is horizontal.",
                              "DMS.00400500")
        if new_total != new_n * per:
            raise bad_request("Invalid disk space: the storage space of each broker stays %d GB, so "
                              "new_storage_space must be %d for %d brokers." % (per, new_n * per, new_n),
                              "DMS.00400500")
        added = new_n - cur_n
        tenant_ips = body.get("tenant_ips")
        if tenant_ips is not None:
            if not isinstance(tenant_ips, list):
                raise _invalid("tenant_ips", "must be an array of IPv4 addresses")
            for ip in tenant_ips:
                check_ipv4(ip, "tenant_ips")
            # "less than or equal to the number of new brokers": the 5.3.1 example sends three IPs with
            # new_broker_num 4 (3 -> 4 brokers), so the bound is new_broker_num; the added brokers take
            # the first ones.
            if len(tenant_ips) > new_n:
                raise _invalid("tenant_ips", "the number of IP addresses must be less than or equal to "
                               "new_broker_num (%d)" % new_n)
            if len(set(tenant_ips)) != len(tenant_ips) or set(tenant_ips) & set(doc["_broker_ips"]):
                raise _invalid("tenant_ips", "contains an IP address twice or one already used by a broker")
            tenant_ips = tenant_ips[:added]
        else:
            tenant_ips = []
        eips: List[str] = []
        if doc.get("enable_publicip"):
            if _absent(body, "publicip_id"):
                raise bad_request("Invalid public access parameters: publicip_id is mandatory when adding brokers "
                                  "to an instance with public access.", "DMS.00400128")
            eips = parse_eips(body.get("publicip_id"), "publicip_id")
            if len(eips) != added or set(eips) & set(doc.get("_publicip_ids") or []):
                raise bad_request("Invalid public access parameters: publicip_id must contain one new EIP per new "
                                  "broker (%d)." % added, "DMS.00400128")
        elif body.get("publicip_id") is not None:
            parse_eips(body.get("publicip_id"), "publicip_id")
        second = opt_str(body, "second_tenant_subnet_id")
        if second:
            check_uuid(second, "second_tenant_subnet_id", "DMS.00400018", "This subnet must exist in the VPC:")
        rng = random.Random(instance_id + str(new_n))
        ips = list(doc["_broker_ips"]) + list(tenant_ips)
        ips += _new_ips(rng, new_n - len(ips), ips, "192.168")
        then_set["_broker_ips"] = ips
        if doc.get("enable_publicip"):
            then_set["_public_ips"] = list(doc.get("_public_ips") or []) + _new_ips(rng, added, doc.get("_public_ips") or [], "100.85")
            then_set["_publicip_ids"] = list(doc.get("_publicip_ids") or []) + eips
        params.update({"new_broker_num": new_n, "new_storage_space": new_total})
    else:
        new_pid = opt_str(body, "new_product_id", "DMS.00400009")
        if not new_pid:
            raise bad_request("Invalid product_id: new_product_id is mandatory when oper_type is vertical.",
                              "DMS.00400009")
        new_product = find_product(new_pid)
        if new_product is None:
            raise bad_request("Invalid product_id: %s does not exist." % new_pid, "DMS.00400009")
        if product_vcpus(new_pid) <= product_vcpus(doc["product_id"]):
            raise _invalid("new_product_id", "vertical scaling scales up: %s is not larger than the current %s"
                           % (new_pid, doc["product_id"]))
        ios = [io.get("io_spec") for io in new_product.get("ios") or []]
        if ios and doc["storage_spec_code"] not in ios:
            raise bad_request("Invalid SPEC_CODE: %s does not support the instance's storage_spec_code %s."
                              % (new_pid, doc["storage_spec_code"]), "DMS.00400125")
        lo, hi = broker_range(new_product)
        if not lo <= cur_n <= hi:
            raise _invalid("new_product_id", "%s supports %d to %d brokers" % (new_pid, lo, hi))
        params["new_product_id"] = new_pid
    failed = ctx.effect("extend_failed")
    if not failed:
        then_set.update(sizing_fields(new_product, new_n, new_total))
    job = ctx.add_task(instance_id, "extend", params, fail=failed)
    if not failed and "_broker_ips" in then_set:
        preview = dict(doc)
        preview.update(then_set)
        refresh_network(preview)
        for k in ("port_protocols", "connect_address", "kafka_private_connect_address", "cross_vpc_info",
                  "pod_connect_address", "public_connect_address", "ipv6_connect_addresses", "_advertised",
                  "_port_ids"):
            then_set[k] = preview[k]
    ctx.schedule(doc, "EXTENDING", then_status="EXTENDEDFAILED" if failed else "RUNNING", then_set=then_set)
    return ok({"job_id": job})


@route(router, ["GET"], "/v2/{project_id}/kafka/instances/{instance_id}/extend",
       "/v2/{engine}/{project_id}/instances/{instance_id}/extend")
def extend_products(instance_id: str, ctx: Ctx = Depends(api_ctx)):
    ctx.instance(instance_id)
    kind = ctx.query.get("type")
    if kind is None or kind == "":
        raise _invalid("type", "is mandatory (the only value is advanced)")
    if kind != "advanced":
        raise _invalid("type", "the only value is advanced")
    cat = _catalog()
    if hasattr(cat, "extend_entry"):
        products = [cat.extend_entry(p) for p in cat.PRODUCTS]
    else:
        products = [public(copy.deepcopy(p)) for p in cat.PRODUCTS]
    return ok({"engine": "kafka", "versions": engine_versions(), "products": products})


# --------------------------------------------------------------------------- 5.4.1 auto topic creation


@route(router, ["POST"], "/v2/{project_id}/instances/{instance_id}/autotopic")
def auto_topic(instance_id: str, ctx: Ctx = Depends(api_ctx)):
    body = ctx.body_obj()
    doc = ctx.running_instance(instance_id)
    value = body.get("enable_auto_topic")
    if not isinstance(value, bool):
        raise _invalid("enable_auto_topic", "is mandatory and must be a boolean (true or false)")
    old = bool(doc.get("enable_auto_topic"))
    ctx.add_task(instance_id, "modifyAutoTopic", {"old_auto_status": old, "new_auto_status": value})
    doc["enable_auto_topic"] = value
    ctx.save_instance(doc)
    return ok()
