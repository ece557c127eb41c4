"""Static catalog data: AZs, flavors (products), engine versions, maintenance windows.

Values come from the reference's examples (5.10.1, 5.10.2, 5.10.3, 5.3.2, 5.1.1,
7.1.2.x).  Where the examples contradict each other the choice is noted next to
the value; emulator/README.md lists these decisions.

Everything here is plain data plus a few look-up helpers; route modules import
it (``from ..catalog_data import find_product, find_az, ...``).  Treat the
structures as read-only: helpers return deep copies where a caller may change
the result.
"""

from __future__ import annotations

import copy
from typing import Any, Dict, List, Optional

# --------------------------------------------------------------------------- AZs (5.10.2)

DEFAULT_REGION = "ap-southeast-1"

# The ids of AZ1/AZ2/AZ3 are the ones in the reference's examples (5.1.2/5.1.3:
# 38b0f7a6... "AZ1"; 5.10.2: d539378e... "AZ 2.", 9f1c5806... "AZ 3."; the 5.1.1
# example request masks the AZ3 id as "*****706d4c1fb0eb72f0*****").
# remain_time: the example prints 9223372036854776000, the float rendering of
# Long.MAX_VALUE; we answer the exact Long 9223372036854775807.
LONG_MAX = 9223372036854775807

AVAILABLE_ZONES: List[Dict[str, Any]] = [
    {
        "soldOut": False,
        "id": "38b0f7a602344246bcb0da47b5d548e7",
        "code": "ap-southeast-1a",
        "name": "AZ1",
        "port": "8002",
        "resource_availability": "true",
        "default_az": False,
        "remain_time": LONG_MAX,
        "ipv6_enable": False,
    },
    {
        "soldOut": False,
        "id": "d539378ec1314c85b76fefa3f7071458",
        "code": "ap-southeast-1b",
        "name": "AZ2",
        "port": "8003",
        "resource_availability": "true",
        "default_az": True,
        "remain_time": LONG_MAX,
        "ipv6_enable": False,
    },
    {
        "soldOut": False,
        "id": "9f1c5806706d4c1fb0eb72f0a9b18c77",
        "code": "ap-southeast-1c",
        "name": "AZ3",
        "port": "443",
        "resource_availability": "true",
        "default_az": False,
        "remain_time": LONG_MAX,
        "ipv6_enable": True,
    },
]

AZ_IDS = [az["id"] for az in AVAILABLE_ZONES]

# Keys of an AZ in the out-of-date 7.1.2.1 listing (no default_az/remain_time/ipv6_enable).
LEGACY_AZ_KEYS = ("soldOut", "id", "code", "name", "port", "resource_availability")


def _az_code(az: Dict[str, Any], region: str) -> str:
    # codes are "<region><letter>"; keep the letter, follow the configured region
    return region + az["code"][len(DEFAULT_REGION):]


def available_zones(region: str = DEFAULT_REGION) -> List[Dict[str, Any]]:
    """The 5.10.2 AZ items for ``region`` (codes follow the region name)."""
    out = []
    for az in AVAILABLE_ZONES:
        item = dict(az)
        item["code"] = _az_code(az, region)
        out.append(item)
    return out


def find_az(id_or_code: Any, region: Optional[str] = None) -> Optional[Dict[str, Any]]:
    """The AZ whose id or code (for the default or the given region) is ``id_or_code``."""
    if not isinstance(id_or_code, str):
        return None
    for az in AVAILABLE_ZONES:
        codes = {az["code"]}
        if region:
            codes.add(_az_code(az, region))
        if id_or_code == az["id"] or id_or_code in codes:
            item = dict(az)
            if region:
                item["code"] = _az_code(az, region)
            return item
    return None


# --------------------------------------------------------------------------- engine versions

ENGINE = "kafka"
# 5.1.1 engine_version range.  (The 5.10.3 example lists [ "1.1.0", 2.7, "3.x" ] with a
# number in it; we answer strings, as Table 5-249 types them.)
ENGINE_VERSIONS: List[str] = ["1.1.0", "2.3.0", "2.7", "3.x"]
DEFAULT_ENGINE_VERSION = "2.7"

# --------------------------------------------------------------------------- storage I/O

STORAGE_HIGH = "dms.physical.storage.high.v2"
STORAGE_ULTRA = "dms.physical.storage.ultra.v2"
STORAGE_HIGH_DSS = "dms.physical.storage.high.dss.v2"
STORAGE_ULTRA_DSS = "dms.physical.storage.ultra.dss.v2"
STORAGE_SPEC_CODES = [STORAGE_HIGH, STORAGE_ULTRA, STORAGE_HIGH_DSS, STORAGE_ULTRA_DSS]

# Descriptive names for instance documents (5.1.2 storage_type / service_type examples).
STORAGE_TYPE = "hec"
SERVICE_TYPE = "advanced"

# --------------------------------------------------------------------------- products (5.10.3 / 5.3.2)

_CONNECTOR_OBS = {
    "name": "connector_obs",
    "properties": {"max_task": "10", "max_node": "10", "min_task": "1", "min_node": "2"},
}


def _ios(specs: List[str], available: List[str], unavailable: List[str]) -> List[Dict[str, Any]]:
    return [
        {"io_spec": s, "type": "evs", "available_zones": list(available), "unavailable_zones": list(unavailable)}
        for s in specs
    ]


def _product(product_id: str, alias: str, ecs: str, vcpus: int, memory_gb: int, props: Dict[str, str],
             ios: List[str], sold_out: bool = False) -> Dict[str, Any]:
    available = [] if sold_out else list(AZ_IDS)
    unavailable = list(AZ_IDS) if sold_out else []
    properties = {
        "max_partition_per_broker": props["max_partition_per_broker"],
        "max_broker": props["max_broker"],
        "max_storage_per_node": props["max_storage_per_node"],
        "max_consumer_per_broker": "4000",
        "min_broker": "3",
        "max_bandwidth_per_broker": props.get("max_bandwidth_per_broker", "100"),
        "min_storage_per_node": props["min_storage_per_node"],
        "max_tps_per_broker": props["max_tps_per_broker"],
        "product_alias": alias,
    }
    return {
        # the union of the 5.10.3 ListEngineProductsEntity and 5.3.2 ExtendProductInfoEntity fields
        "type": "cluster",
        "product_id": product_id,
        "ecs_flavor_id": ecs,
        "billing_code": "dms.platinum.c6",
        "arch_types": ["X86"],
        "charging_mode": ["monthly", "hourly"],
        "ios": _ios(ios, available, unavailable),
        "support_features": [copy.deepcopy(_CONNECTOR_OBS)],
        "properties": properties,
        "available_zones": available,
        "unavailable_zones": unavailable,
        # private (not answered): vCPUs/memory per broker, used by 5.10.5 and instance documents
        "_vcpus": vcpus,
        "_memory_gb": memory_gb,
    }


# Choices where 5.10.3 and 5.3.2 disagree:
# * ecs_flavor_id: 5.10.3 (c6.large.2 ...), matching the c6 product ids; 5.3.2 says c3.*.
# * max_broker: "30" for 2u4g/4u8g, "50" for 8u16g and larger, as 5.1.1 (broker_num 3-50)
#   and 5.3.1 ("a maximum of 50 brokers") say; every example prints "30".
# * min_storage_per_node: "100" everywhere (5.3.2), so that 5.1.1's minimum storage_space
#   of 300 GB with 3 brokers is valid; 5.10.3 prints 200/400/800/1200/1600.
# * max_tps_per_broker / max_bandwidth_per_broker: 5.10.3 values.
PRODUCTS: List[Dict[str, Any]] = [
    _product("c6.2u4g.cluster", "kafka.2u4g.cluster", "c6.large.2", 2, 4,
             {"max_partition_per_broker": "250", "max_broker": "30", "max_storage_per_node": "10000",
              "min_storage_per_node": "100", "max_tps_per_broker": "30000"},
             [STORAGE_HIGH, STORAGE_ULTRA]),
    _product("c6.2u4g.cluster.dec", "kafka.2u4g.cluster.dec", "c6.large.2", 2, 4,
             {"max_partition_per_broker": "100", "max_broker": "30", "max_storage_per_node": "400",
              "min_storage_per_node": "100", "max_tps_per_broker": "30000"},
             [STORAGE_HIGH_DSS, STORAGE_ULTRA_DSS, STORAGE_ULTRA, STORAGE_HIGH], sold_out=True),
    _product("c6.4u8g.cluster", "kafka.4u8g.cluster", "c6.xlarge.2", 4, 8,
             {"max_partition_per_broker": "500", "max_broker": "30", "max_storage_per_node": "20000",
              "min_storage_per_node": "100", "max_tps_per_broker": "100000"},
             [STORAGE_HIGH, STORAGE_ULTRA]),
    _product("c6.8u16g.cluster", "kafka.8u16g.cluster", "c6.2xlarge.2", 8, 16,
             {"max_partition_per_broker": "1000", "max_broker": "50", "max_storage_per_node": "30000",
              "min_storage_per_node": "100", "max_tps_per_broker": "150000"},
             [STORAGE_HIGH, STORAGE_ULTRA]),
    _product("c6.12u24g.cluster", "kafka.12u24g.cluster", "c6.3xlarge.2", 12, 24,
             {"max_partition_per_broker": "1500", "max_broker": "50", "max_storage_per_node": "30000",
              "min_storage_per_node": "100", "max_tps_per_broker": "200000"},
             [STORAGE_HIGH, STORAGE_ULTRA]),
    _product("c6.16u32g.cluster", "kafka.16u32g.cluster", "c6.4xlarge.2", 16, 32,
             {"max_partition_per_broker": "2000", "max_broker": "50", "max_storage_per_node": "30000",
              "min_storage_per_node": "100", "max_tps_per_broker": "250000"},
             [STORAGE_HIGH, STORAGE_ULTRA]),
]

PRODUCT_IDS = [p["product_id"] for p in PRODUCTS]

# 5.1.1 storage_space (total GB) ranges per flavor; they equal min/max_broker x storage per node.
STORAGE_SPACE_RANGE: Dict[str, tuple] = {
    "c6.2u4g.cluster": (300, 300000),
    "c6.2u4g.cluster.dec": (300, 12000),
    "c6.4u8g.cluster": (300, 600000),
    "c6.8u16g.cluster": (300, 1500000),
    "c6.12u24g.cluster": (300, 1500000),
    "c6.16u32g.cluster": (300, 1500000),
}

# 5.10.3 ListEngineProductsEntity keys and 5.3.2 ExtendProductInfoEntity keys.
LISTING_KEYS = ("type", "product_id", "ecs_flavor_id", "billing_code", "arch_types", "charging_mode",
                "ios", "support_features", "properties")
EXTEND_KEYS = ("type", "product_id", "ecs_flavor_id", "arch_types", "charging_mode", "ios",
               "support_features", "properties", "available_zones", "unavailable_zones")


def find_product(product_id: Any) -> Optional[Dict[str, Any]]:
    """The product (deep copy, private ``_`` keys included) with this product_id, or None."""
    if not isinstance(product_id, str):
        return None
    for p in PRODUCTS:
        if p["product_id"] == product_id:
            return copy.deepcopy(p)
    return None


def product_property(product_id: Any, name: str) -> Any:
    """One ``properties`` value of a product (read-only, not copied), or None."""
    for p in PRODUCTS:
        if p["product_id"] == product_id:
            return (p.get("properties") or {}).get(name)
    return None


def find_product_by_alias(alias: Any) -> Optional[Dict[str, Any]]:
    """The product whose ``properties.product_alias`` (``kafka.2u4g.cluster``) is ``alias``."""
    for p in PRODUCTS:
        if p["properties"]["product_alias"] == alias:
            return copy.deepcopy(p)
    return None


def broker_range(product_id: str) -> tuple:
    """(min_broker, max_broker) as integers for a known product."""
    p = find_product(product_id)
    if p is None:
        raise KeyError(product_id)
    return int(p["properties"]["min_broker"]), int(p["properties"]["max_broker"])


def partitions_per_broker(product_id: str) -> int:
    p = find_product(product_id)
    return int(p["properties"]["max_partition_per_broker"]) if p else 0


def io_specs(product_id: str) -> List[str]:
    p = find_product(product_id)
    return [io["io_spec"] for io in p["ios"]] if p else []


def listing_entry(product: Dict[str, Any]) -> Dict[str, Any]:
    """A product as a 5.10.3 ListEngineProductsEntity."""
    return {k: copy.deepcopy(product[k]) for k in LISTING_KEYS}


def extend_entry(product: Dict[str, Any]) -> Dict[str, Any]:
    """A product as a 5.3.2 ExtendProductInfoEntity."""
    return {k: copy.deepcopy(product[k]) for k in EXTEND_KEYS}


def specification(product_id: str, broker_num: int) -> str:
    """The ShowInstanceResp ``specification`` text (5.1.2 example: "kafka.2u4g.cluster * 3 broker")."""
    p = find_product(product_id)
    alias = p["properties"]["product_alias"] if p else product_id
    return "%s * %d broker" % (alias, broker_num)


# --------------------------------------------------------------------------- vCPUs (5.10.5)

# vCPUs per broker of each flavor.  5.10.5 answers core_num for an instance and a
# product: we answer vCPUs per broker x the instance's broker_num (the example's
# 100 fits e.g. 50 brokers x 2 vCPUs).
FLAVOR_VCPUS: Dict[str, int] = {p["product_id"]: p["_vcpus"] for p in PRODUCTS}
FLAVOR_MEMORY_GB: Dict[str, int] = {p["product_id"]: p["_memory_gb"] for p in PRODUCTS}


def core_num(product_id: str, broker_num: int) -> int:
    return FLAVOR_VCPUS[product_id] * int(broker_num)


# --------------------------------------------------------------------------- maintenance windows (5.10.1 / 7.1.2.3)

# Six 4-hour windows; seq 2 (02-06) is the default.  The 5.10.1 example is garbled
# (seq 5 is printed as "14"-"22" and seq 6 only in a fragment); we serve the six
# regular windows, which is what 7.1.2.3 and the 5.1.x rules ("the start time must be
# 22:00:00, 02:00:00, ...") describe.
MAINTAIN_WINDOWS: List[Dict[str, Any]] = [
    {"default": False, "seq": 1, "begin": "22", "end": "02"},
    {"default": True, "seq": 2, "begin": "02", "end": "06"},
    {"default": False, "seq": 3, "begin": "06", "end": "10"},
    {"default": False, "seq": 4, "begin": "10", "end": "14"},
    {"default": False, "seq": 5, "begin": "14", "end": "18"},
    {"default": False, "seq": 6, "begin": "18", "end": "22"},
]

DEFAULT_MAINTAIN_BEGIN = "02:00:00"
DEFAULT_MAINTAIN_END = "06:00:00"


def maintain_windows(legacy: bool = False) -> List[Dict[str, Any]]:
    """5.10.1 items (``"22"``), or 7.1.2.3 items (``"22:00:00"``) when ``legacy``."""
    out = []
    for w in MAINTAIN_WINDOWS:
        item = dict(w)
        if legacy:
            item["begin"] = w["begin"] + ":00:00"
            item["end"] = w["end"] + ":00:00"
        out.append(item)
    return out


def window_for(begin: str, end: str) -> Optional[Dict[str, Any]]:
    """The window whose begin/end match ``HH``, ``HH:mm`` or ``HH:mm:ss`` forms, or None."""
    def hour(v: Any) -> Optional[str]:
        if not isinstance(v, str):
            return None
        parts = v.split(":")
        if not 1 <= len(parts) <= 3 or any(len(p) != 2 or not p.isdigit() for p in parts):
            return None
        if any(p != "00" for p in parts[1:]):
            return None
        return parts[0]

    b, e = hour(begin), hour(end)
    for w in MAINTAIN_WINDOWS:
        if w["begin"] == b and w["end"] == e:
            return dict(w)
    return None


# --------------------------------------------------------------------------- out-of-date product listing (7.1.2.2)

# The first-generation flavors of the 7.1.2.2 example (bandwidth-based); only the
# out-of-date listing shows them.  Instances are created with the c6 products above.
LEGACY_PRODUCTS: List[Dict[str, Any]] = [
    {"tps": "50000", "storage": "600", "partition_num": "300", "product_id": "00300-30308-0--0",
     "spec_code": "dms.instance.kafka.cluster.c3.mini", "bandwidth": "100MB", "ecs_flavor_id": "c4.large.2",
     "io": ["high", "ultra"]},
    {"tps": "100000", "storage": "1200", "partition_num": "900", "product_id": "00300-30310-0--0",
     "spec_code": "dms.instance.kafka.cluster.c3.small.2", "bandwidth": "300MB", "ecs_flavor_id": "c4.xlarge.2",
     "io": ["high", "ultra"]},
    {"tps": "200000", "storage": "2400", "partition_num": "1800", "product_id": "00300-30312-0--0",
     "spec_code": "dms.instance.kafka.cluster.c3.middle.2", "bandwidth": "600MB", "ecs_flavor_id": "c4.2xlarge.2",
     "io": ["ultra"]},
    {"tps": "300000", "storage": "4800", "partition_num": "1800", "product_id": "00300-30314-0--0",
     "spec_code": "dms.instance.kafka.cluster.c3.high.2", "bandwidth": "1200MB", "ecs_flavor_id": "c4.2xlarge.2",
     "io": ["ultra"]},
]
LEGACY_ENGINE_VERSION = "2.3.0"
_LEGACY_IO = {
    "high": {"io_type": "high", "storage_spec_code": "dms.physical.storage.high", "volume_type": "SAS"},
    "ultra": {"io_type": "ultra", "storage_spec_code": "dms.physical.storage.ultra", "volume_type": "SSD"},
}


def legacy_products() -> Dict[str, Any]:
    """The 7.1.2.2 answer for engine kafka (as its example: wrapped in ``"Hourly"``)."""
    details = []
    for p in LEGACY_PRODUCTS:
        details.append({
            "tps": p["tps"], "storage": p["storage"], "partition_num": p["partition_num"],
            "product_id": p["product_id"], "spec_code": p["spec_code"],
            "io": [dict(_LEGACY_IO[t], available_zones=list(AZ_IDS), unavailable_zones=[]) for t in p["io"]],
            "bandwidth": p["bandwidth"], "unavailable_zones": [], "available_zones": list(AZ_IDS),
            "ecs_flavor_id": p["ecs_flavor_id"], "arch_type": "X86",
        })
    return {"Hourly": [{
        "name": ENGINE,
        "version": LEGACY_ENGINE_VERSION,
        "values": [{"detail": details, "name": "cluster", "unavailable_zones": [], "available_zones": list(AZ_IDS)}],
    }]}
