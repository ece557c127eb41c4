# -*- coding: utf-8 -*-
# Copyright (c) 2026, hwcloud.dms contributors
# Simplified BSD License (see https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause
#
# PRIVATE TO THE hwcloud.dms COLLECTION: this file is not a public API and may
# change without notice. Do not import it from outside this collection.
"""The read-only catalog of DMS for Kafka (modules ``dms_kafka_az_info``,
``dms_kafka_flavor_info``, ``dms_kafka_maintenance_window_info`` and
``dms_kafka_extend_info``).

Reference sections: 5.10.1 maintenance windows, 5.10.2 AZs, 5.10.3 products
(flavors), 5.10.5 vCPUs of a flavor, 5.3.2 extension products of an instance.

The service types many numbers as strings (``"250"``, ``"8003"``, ``"true"``).
Results keep the API field names but carry numbers as numbers and booleans as
booleans; every conversion is a pure function below, with unit tests.

``run_read_module`` (from the engine) is the ``main()`` of every read-only module of this file
and of ``_specs/instance_info.py``: local validation first (no API call), then
one read function, then ``exit_json(changed=False, ...)``. Check mode is the
same run (nothing is written).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy
import re

from ansible_collections.hwcloud.dms.plugins.module_utils._engine import run_read_module
from ansible_collections.hwcloud.dms.plugins.module_utils._errors import DmsApiError
from ansible_collections.hwcloud.dms.plugins.module_utils._instance_ref import (
    InstanceNotFoundError,
    resolve_instance,
)

# --------------------------------------------------------------------------- API paths
MAINTAIN_WINDOWS_PATH = "/v2/instances/maintain-windows"                      # 5.10.1
AZ_PATH = "/v2/available-zones"                                                # 5.10.2
PRODUCTS_PATH = "/v2/{engine}/products"                                        # 5.10.3
CORES_PATH = "/v2/kafka/products/cores"                                        # 5.10.5
EXTEND_PATH = "/v2/{project_id}/kafka/instances/{instance_id}/extend"          # 5.3.2

ENGINE = "kafka"
#: 5.10.3 ``charging_mode`` entries, by the billing mode names the create API uses
CHARGING_MODES = {"postPaid": "hourly", "prePaid": "monthly"}
FLAVOR_TYPES = ("single", "cluster")
#: reads of 5.10.5 run concurrently on the client's pool
WORKERS = 8

_INT_RE = re.compile(r"^[+-]?\d+\Z")
_FLOAT_RE = re.compile(r"^[+-]?(\d+\.\d*|\.\d+|\d+)([eE][+-]?\d+)?\Z")
#: properties whose values are text even though they sit among numbers
_TEXT_PROPERTIES = ("product_alias",)


# --------------------------------------------------------------------------- normalisers
def to_number(value):
    """``"250"`` -> 250, ``"1.5"`` -> 1.5; anything else unchanged (booleans too)."""
    if isinstance(value, bool) or not isinstance(value, str):
        return value
    text = value.strip()
    if _INT_RE.match(text):
        return int(text)
    if _FLOAT_RE.match(text):
        number = float(text)
        return int(number) if number.is_integer() and "e" not in text.lower() else number
    return value


def to_bool(value):
    """``"true"``/``"false"`` (any case) -> bool; anything else unchanged."""
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    return value


def to_text(value):
    """A version such as the 5.10.3 example's number ``2.7`` -> ``"2.7"``."""
    if value is None or isinstance(value, str):
        return value
    return str(value)


def numeric_map(mapping, text_keys=_TEXT_PROPERTIES):
    """A ``{name: "123"}`` property map with its numeric strings as numbers."""
    if not isinstance(mapping, dict):
        return mapping
    return dict((key, value if key in text_keys else to_number(value))
                for key, value in mapping.items())


def normalise_zone(zone):
    """One 5.10.2 AZ: ``port`` as a number, ``resource_availability`` as a boolean."""
    out = copy.deepcopy(zone) if isinstance(zone, dict) else {}
    if "port" in out:
        out["port"] = to_number(out["port"])
    if "resource_availability" in out:
        out["resource_availability"] = to_bool(out["resource_availability"])
    if "remain_time" in out:
        out["remain_time"] = to_number(out["remain_time"])
    for key in ("soldOut", "default_az", "ipv6_enable"):
        if key in out:
            out[key] = to_bool(out[key])
    return out


def zone_available(zone):
    """Can instances be created in this (normalised) AZ now?"""
    return zone.get("soldOut") is not True and zone.get("resource_availability") is not False


def normalise_product(product):
    """One 5.10.3 / 5.3.2 product: ``properties`` and feature properties as numbers."""
    out = copy.deepcopy(product) if isinstance(product, dict) else {}
    if isinstance(out.get("properties"), dict):
        out["properties"] = numeric_map(out["properties"])
    features = out.get("support_features")
    if isinstance(features, list):
        out["support_features"] = [
            dict(f, properties=numeric_map(f.get("properties"), ()))
            if isinstance(f, dict) and isinstance(f.get("properties"), dict) else f
            for f in features]
    return out


def normalise_window(window):
    """One 5.10.1 window; adds ``begin_time``/``end_time`` in the ``HH:mm:ss`` form that
    O(maintain_begin)/O(maintain_end) of dms_kafka_instance take."""
    out = copy.deepcopy(window) if isinstance(window, dict) else {}
    if "seq" in out:
        out["seq"] = to_number(out["seq"])
    if "default" in out:
        out["default"] = to_bool(out["default"])
    for key in ("begin", "end"):
        value = out.get(key)
        if value is None:
            continue
        text = str(value).strip()
        if re.match(r"^\d{1,2}\Z", text):
            out[key + "_time"] = "%02d:00:00" % int(text)
        elif re.match(r"^\d{1,2}:\d{2}(:\d{2})?\Z", text):
            parts = text.split(":")
            out[key + "_time"] = "%02d:%s:%s" % (int(parts[0]), parts[1],
                                                 parts[2] if len(parts) > 2 else "00")
            out[key] = "%02d" % int(parts[0])
        else:
            out[key + "_time"] = text
    return out


# --------------------------------------------------------------------------- filters
def filter_zones(zones, names=None, available_only=False):
    """Keep the AZs named in ``names`` (ID, code or name) and, optionally, available ones."""
    wanted = set(names or ())
    out = []
    for zone in zones:
        if wanted and not wanted.intersection(
                str(zone.get(k)) for k in ("id", "code", "name") if zone.get(k) is not None):
            continue
        if available_only and not zone_available(zone):
            continue
        out.append(zone)
    return out


def filter_products(products, flavor_type=None, arch_type=None, charging_mode=None,
                    storage_spec_code=None, availability_zones=None):
    """The 5.10.3 products matching every filter that is set.

    ``storage_spec_code`` and ``availability_zones`` filter the ``ios`` of each
    product (only the storage types matching them are kept); a product left with
    no storage type is dropped.
    """
    zones = list(availability_zones or ())
    out = []
    for product in products:
        if flavor_type and product.get("type") != flavor_type:
            continue
        if arch_type and arch_type not in (product.get("arch_types") or []):
            continue
        if charging_mode and CHARGING_MODES.get(charging_mode, charging_mode) not in \
                (product.get("charging_mode") or []):
            continue
        if storage_spec_code or zones:
            ios = [io for io in product.get("ios") or [] if isinstance(io, dict)
                   and (not storage_spec_code or io.get("io_spec") == storage_spec_code)
                   and all(z in (io.get("available_zones") or []) for z in zones)]
            if not ios:
                continue
            product = dict(product, ios=ios)
        out.append(product)
    return out


def duplicates_problem(option, values):
    """``"include: 'tags' is listed twice"`` for a list option with repeated values."""
    seen = set()
    twice = []
    for value in values or []:
        if value in seen and value not in twice:
            twice.append(value)
        seen.add(value)
    if not twice:
        return None
    return "%s: %s listed more than once" % (option, ", ".join("'%s'" % v for v in twice))


# --------------------------------------------------------------------------- module glue
def find_instance(ctx, ref):
    """The instance object for a name or ID, or None when there is none (never fails on
    not found; several instances with the name still fail, listing their IDs)."""
    try:
        return resolve_instance(ctx.client, ref)
    except InstanceNotFoundError:
        return None


# --------------------------------------------------------------------------- reads
def read_zones(ctx):
    """dms_kafka_az_info: ``{region_id, availability_zones}``."""
    body = ctx.client.get(AZ_PATH, operation="list availability zones") or {}
    zones = [normalise_zone(z) for z in body.get("available_zones") or [] if isinstance(z, dict)]
    zones = filter_zones(zones, ctx.params.get("name"), ctx.params.get("available_only"))
    return {"region_id": body.get("region_id"), "availability_zones": zones}


def read_windows(ctx):
    """dms_kafka_maintenance_window_info: ``{maintenance_windows}`` in ``seq`` order."""
    body = ctx.client.get(MAINTAIN_WINDOWS_PATH, operation="list maintenance windows") or {}
    windows = [normalise_window(w) for w in body.get("maintain_windows") or []
               if isinstance(w, dict)]
    windows.sort(key=lambda w: w.get("seq") if isinstance(w.get("seq"), int) else 0)
    if ctx.params.get("default_only"):
        windows = [w for w in windows if w.get("default") is True]
    return {"maintenance_windows": windows}


def _core_num(ctx, instance_id, product_id):
    try:
        body = ctx.client.get(CORES_PATH, query={"instance_id": instance_id,
                                                 "product_id": product_id},
                              operation="read vCPUs of flavor", resource=product_id) or {}
    except DmsApiError as err:
        if err.status in (400, 404) and err.error_code != "DMS.10240407":
            return None
        raise
    return to_number(body.get("core_num")) if isinstance(body, dict) else None


def read_flavors(ctx):
    """dms_kafka_flavor_info: ``{engine, versions, flavors}`` (+ ``core_num`` per flavor
    and ``instance_id`` when O(instance) is set)."""
    params = ctx.params
    client = ctx.client
    instance = None
    if params.get("instance"):
        instance = find_instance(ctx, params["instance"])
        if instance is None:
            return {"engine": ENGINE, "versions": [], "flavors": [], "instance_id": None}
    query = {"product_id": params["flavor_id"]} if params.get("flavor_id") else None
    body = client.get(client.path(PRODUCTS_PATH, engine=ENGINE), query=query,
                      operation="list Kafka flavors") or {}
    products = [normalise_product(p) for p in body.get("products") or [] if isinstance(p, dict)]
    if params.get("flavor_id"):  # the filter is also applied here, should the service ignore it
        products = [p for p in products if p.get("product_id") == params["flavor_id"]]
    products = filter_products(products, params.get("type"), params.get("arch_type"),
                               params.get("charging_mode"), params.get("storage_spec_code"),
                               params.get("availability_zones"))
    result = {"engine": body.get("engine") or ENGINE,
              "versions": [to_text(v) for v in body.get("versions") or []],
              "flavors": products}
    if instance is not None:
        iid = instance.get("instance_id")
        cores = client.map_concurrent(lambda p: _core_num(ctx, iid, p.get("product_id")),
                                      products, workers=WORKERS)
        for product, core_num in zip(products, cores):
            product["core_num"] = core_num
        result["instance_id"] = iid
    return result


def read_extend(ctx):
    """dms_kafka_extend_info: ``{instance_id, engine, versions, flavors}`` (5.3.2)."""
    instance = find_instance(ctx, ctx.params["instance"])
    if instance is None:
        return {"instance_id": None, "engine": ENGINE, "versions": [], "flavors": []}
    iid = instance.get("instance_id")
    client = ctx.client
    try:
        body = client.get(client.path(EXTEND_PATH, instance_id=iid), query={"type": "advanced"},
                          operation="read extension flavors of instance", resource=iid) or {}
    except DmsApiError as err:
        if err.is_not_found:
            return {"instance_id": None, "engine": ENGINE, "versions": [], "flavors": []}
        raise
    products = [normalise_product(p) for p in body.get("products") or [] if isinstance(p, dict)]
    return {"instance_id": iid, "engine": body.get("engine") or ENGINE,
            "versions": [to_text(v) for v in body.get("versions") or []],
            "flavors": products}


# --------------------------------------------------------------------------- argspecs
INSTANCE_REF = dict(type="str")

AZ_OPTIONS = dict(
    name=dict(type="list", elements="str"),
    available_only=dict(type="bool", default=False),
)

WINDOW_OPTIONS = dict(
    default_only=dict(type="bool", default=False),
)

FLAVOR_OPTIONS = dict(
    flavor_id=dict(type="str", aliases=["product_id"]),
    type=dict(type="str", choices=list(FLAVOR_TYPES)),
    arch_type=dict(type="str"),
    charging_mode=dict(type="str", choices=sorted(CHARGING_MODES)),
    storage_spec_code=dict(type="str"),
    availability_zones=dict(type="list", elements="str"),
    instance=dict(type="str"),
)

EXTEND_OPTIONS = dict(
    instance=dict(type="str", required=True),
)


def _validate_az(params):
    return [duplicates_problem("name", params.get("name"))]


def _validate_flavor(params):
    problems = [duplicates_problem("availability_zones", params.get("availability_zones"))]
    for option in ("flavor_id", "arch_type", "storage_spec_code", "instance"):
        value = params.get(option)
        if value is not None and not value.strip():
            problems.append("%s: must not be empty" % option)
    return problems


def _validate_extend(params):
    if not (params.get("instance") or "").strip():
        return ["instance: must not be empty (an instance name or ID)"]
    return []


def run_az_info_module(**kwargs):
    return run_read_module(AZ_OPTIONS, read_zones, _validate_az, **kwargs)


def run_maintenance_window_info_module(**kwargs):
    return run_read_module(WINDOW_OPTIONS, read_windows, **kwargs)


def run_flavor_info_module(**kwargs):
    return run_read_module(FLAVOR_OPTIONS, read_flavors, _validate_flavor, **kwargs)


def run_extend_info_module(**kwargs):
    return run_read_module(EXTEND_OPTIONS, read_extend, _validate_extend, **kwargs)
