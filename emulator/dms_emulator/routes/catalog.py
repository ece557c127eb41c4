"""5.10 Other APIs: maintenance windows, AZs, product specifications, monitoring
dimensions (ces-hierarchy) and flavor vCPUs."""

from __future__ import annotations

from typing import Any, Dict, List

from fastapi import APIRouter, Depends

from .. import catalog_data as cat
from ..core import ApiError, Ctx, api_ctx, bad_request, ok, route

router = APIRouter(tags=["5.10 Other APIs"])


# --------------------------------------------------------------------------- 5.10.1


@route(router, ["GET"], "/v2/instances/maintain-windows")
def list_maintain_windows(ctx: Ctx = Depends(api_ctx)):
    """5.10.1: the six 4-hour windows, ``begin``/``end`` as 2-digit hours."""
    return ok({"maintain_windows": cat.maintain_windows()})


# --------------------------------------------------------------------------- 5.10.2


@route(router, ["GET"], "/v2/available-zones")
def list_available_zones(ctx: Ctx = Depends(api_ctx)):
    """5.10.2: the region's AZs."""
    return ok({"region_id": ctx.settings.region, "available_zones": cat.available_zones(ctx.settings.region)})


# --------------------------------------------------------------------------- 5.10.3


@route(router, ["GET"], "/v2/{engine}/products")
def list_products(engine: str, ctx: Ctx = Depends(api_ctx)):
    """5.10.3: product specifications; ``product_id`` filters (unknown id: empty list)."""
    products = cat.PRODUCTS
    product_id = ctx.query.get("product_id")
    if product_id is not None and product_id != "":
        products = [p for p in products if p["product_id"] == product_id]
    return ok({
        "engine": "kafka",
        "versions": list(cat.ENGINE_VERSIONS),
        "products": [cat.listing_entry(p) for p in products],
    })


# --------------------------------------------------------------------------- 5.10.4

_DIMENSIONS: List[Dict[str, Any]] = [
    {
        "name": "kafka_instance_id",
        "metrics": ["current_partitions", "current_topics", "group_messages"],
        "key_name": ["instance_ids"],
        "dim_router": ["kafka_instance_id"],
    },
    {
        "name": "kafka_broker",
        "metrics": ["broker_data_size", "broker_messages_in_rate", "broker_bytes_out_rate",
                    "broker_bytes_in_rate", "broker_produce_mean", "broker_fetch_mean"],
        "key_name": ["nodes"],
        "dim_router": ["kafka_instance_id", "kafka_broker"],
    },
    {
        "name": "kafka_rest",
        "metrics": ["rest_produce_success", "rest_produce_failed", "rest_produce_latency",
                    "rest_produce_msg_num", "rest_produce_flow", "rest_consume_success", "rest_consume_failed",
                    "rest_consume_latency", "rest_consume_msg_num", "rest_consume_flow", "rest_commit_success",
                    "rest_commit_failed", "rest_commit_latency", "rest_commit_msg_num", "rest_commit_flow"],
        "key_name": ["nodes"],
        "dim_router": ["kafka_instance_id", "kafka_rest"],
    },
    {
        "name": "kafka_topics",
        "metrics": ["topic_data_size", "topic_messages_in_rate", "topic_bytes_out_rate", "topic_bytes_in_rate",
                    "topic_messages"],
        "key_name": ["queues"],
        "dim_router": ["kafka_instance_id", "kafka_topics"],
        "children": [{
            "name": "kafka_partitions",
            "metrics": ["produced_messages", "partition_messages"],
            "key_name": ["queues", "partitions"],
            "dim_router": ["kafka_instance_id", "kafka_topics", "kafka_partitions"],
        }],
    },
    {
        "name": "kafka_groups_partitions",
        "metrics": ["messages_consumed", "messages_remainded"],
        "key_name": ["groups", "queues", "partitions"],
        "dim_router": ["kafka_instance_id", "kafka_groups", "kafka_groups_topics", "kafka_groups_partitions"],
    },
]


def _int(value: Any, default: int = 0) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _partitions(n: int) -> List[Dict[str, str]]:
    return [{"name": str(i)} for i in range(max(n, 0))]


def _group_topics(group: Dict[str, Any], topic_partitions: Dict[str, int]) -> Dict[str, List[int]]:
    """Topic -> partitions a consumer group has offsets on, read from whatever the
    group document records (offsets, subscriptions or member assignments)."""
    found: Dict[str, set] = {}

    def add(topic: Any, partition: Any = None) -> None:
        if not isinstance(topic, str) or not topic:
            return
        parts = found.setdefault(topic, set())
        if partition is None:
            parts.update(range(topic_partitions.get(topic, 0)))
        else:
            p = _int(partition, -1)
            if p >= 0:
                parts.add(p)

    for key in ("group_message_offsets", "_offsets", "offsets"):
        value = group.get(key)
        if isinstance(value, list):
            for item in value:
                if isinstance(item, dict):
                    add(item.get("topic"), item.get("partition"))
        elif isinstance(value, dict):
            for topic, parts in value.items():
                if isinstance(parts, dict):
                    for p in parts:
                        add(topic, p)
                elif isinstance(parts, list):
                    for p in parts:
                        add(topic, p.get("partition") if isinstance(p, dict) else p)
                else:
                    add(topic)
    for key in ("topics", "_topics", "subscriptions"):
        value = group.get(key)
        if isinstance(value, list):
            for item in value:
                if isinstance(item, str):
                    add(item)
                elif isinstance(item, dict):
                    add(item.get("topic") or item.get("name"), item.get("partition"))
    for member in group.get("members") or []:
        if isinstance(member, dict):
            for a in member.get("assignment") or []:
                if isinstance(a, dict):
                    for p in a.get("partitions") or []:
                        add(a.get("topic"), p)
    return {t: sorted(ps) for t, ps in found.items()}


@route(router, ["GET"], "/v2/{project_id}/instances/{instance_id}/ces-hierarchy")
def ces_hierarchy(project_id: str, instance_id: str, ctx: Ctx = Depends(api_ctx)):
    """5.10.4: the monitoring dimensions, built from the instance's brokers, topics and groups."""
    inst = ctx.instance(instance_id)
    brokers = _int(inst.get("broker_num") or inst.get("node_num"), 3)
    topics = ctx.store.list("topic", instance_id)
    topic_partitions = {t.get("name"): _int(t.get("partition"), 0) for t in topics if t.get("name")}
    queues = [{"name": name, "partitions": _partitions(n)} for name, n in topic_partitions.items()]
    groups = []
    for g in ctx.store.list("group", instance_id):
        name = g.get("group_id") or g.get("name") or g.get("group")
        if not name:
            continue
        subscribed = _group_topics(g, topic_partitions)
        groups.append({
            "name": name,
            "queues": [{"name": t, "partitions": [{"name": str(p)} for p in ps]} for t, ps in subscribed.items()],
        })
    return ok({
        "dimensions": [dict(d) for d in _DIMENSIONS],
        "instance_ids": [{"name": instance_id}],
        "nodes": [{"name": "broker-%d" % i} for i in range(brokers)],
        "queues": queues,
        "groups": groups,
    })


# --------------------------------------------------------------------------- 5.10.5


@route(router, ["GET"], "/v2/kafka/products/cores")
def product_cores(ctx: Ctx = Depends(api_ctx)):
    """5.10.5: vCPUs of an instance built with ``product_id`` (per-broker vCPUs x the
    instance's broker count)."""
    instance_id = ctx.query.get("instance_id")
    product_id = ctx.query.get("product_id")
    if not instance_id:
        raise bad_request("Invalid request parameter: instance_id is required.")
    if not product_id:
        raise bad_request("Invalid request parameter: product_id is required.")
    inst = ctx.instance(instance_id)
    if cat.find_product(product_id) is None:
        raise ApiError(400, "DMS.00400009", "Invalid product_id: %s is not a Kafka product." % product_id)
    brokers = _int(inst.get("broker_num") or inst.get("node_num"), 3)
    return ok({"core_num": cat.core_num(product_id, brokers)})
