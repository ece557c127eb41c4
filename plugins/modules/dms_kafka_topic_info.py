#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, hwcloud.dms contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: dms_kafka_topic_info
short_description: Read the topics of a Huawei Cloud DMS for Kafka instance
version_added: 0.1.0
description:
  - Lists the topics of a DMS for Kafka instance (every page of the listing), optionally only
    the ones named in O(name), and on request adds per-topic details, partitions, producers,
    disk usage and the earliest and latest offset of every partition (O(include)).
  - The per-topic reads run concurrently over one connection pool.
  - Never fails because something is not found; an unknown instance or topic gives an
    empty list.
author:
  - hwcloud.dms contributors (@hwcloud)
extends_documentation_fragment:
  - hwcloud.dms.connection
  - hwcloud.dms.instance
  - hwcloud.dms.instance.info
  - hwcloud.dms.attributes.action_group
  - hwcloud.dms.attributes.info_module
options:
  name:
    description:
      - Only these topics. All topics when not set.
    type: list
    elements: str
    aliases: [names]
  include:
    description:
      - Extra reads for each returned topic.
      - V(details) adds RV(topics[].details) (leaders, replicas, subscribed groups).
      - V(partitions) adds RV(topics[].partitions_info) (offsets and message counts).
      - V(producers) adds RV(topics[].producers).
      - V(disk_usage) adds RV(topics[].disk_usage) and the instance-wide RV(disk_usage).
      - V(offsets) adds RV(topics[].offsets), two reads per partition.
    type: list
    elements: str
    choices: [details, partitions, producers, disk_usage, offsets]
    default: []
"""

EXAMPLES = r"""
- name: All topics
  hwcloud.dms.dms_kafka_topic_info:
    instance: kafka-prod
  register: all_topics

- name: Two topics with their partitions and offsets
  hwcloud.dms.dms_kafka_topic_info:
    instance: kafka-prod
    name: [orders, payments]
    include: [partitions, offsets]
  register: some_topics
"""

RETURN = r"""
topics:
  description: The topics, in listing order.
  returned: always
  type: list
  elements: dict
  contains:
    name:
      description: Topic name.
      type: str
      sample: orders
    partitions:
      description: Number of partitions.
      type: int
      sample: 3
    replication:
      description: Replication factor.
      type: int
      sample: 3
    retention_time:
      description: Retention time in hours.
      type: int
      sample: 72
    sync_replication:
      description: Synchronous replication.
      type: bool
      sample: false
    sync_message_flush:
      description: Synchronous flushing.
      type: bool
      sample: false
    description:
      description: Topic description.
      type: str
      sample: ""
    message_timestamp_type:
      description: The C(message.timestamp.type) configuration.
      type: str
      sample: LogAppendTime
    max_message_bytes:
      description: The C(max.message.bytes) configuration.
      type: int
      sample: 10485760
    internal:
      description: Whether it is an internal topic.
      type: bool
      sample: false
    created_at:
      description: Creation time, milliseconds since the epoch.
      type: int
      sample: 1688112779916
    details:
      description: The topic details as the API returns them (O(include=details)).
      returned: when requested
      type: dict
      sample: {"topic": "orders", "group_subscribed": [], "partitions": [{"partition": 0, "leader": 0}]}
    partitions_info:
      description: The partition list as the API returns it (O(include=partitions)).
      returned: when requested
      type: list
      elements: dict
      sample: [{"partition": 0, "start_offset": 0, "last_offset": 10, "message_count": 10}]
    producers:
      description: The current producers (O(include=producers)).
      returned: when requested
      type: list
      elements: dict
      sample: [{"producer_address": "192.0.0.149:40443", "broker_address": "192.0.0.10:9092"}]
    disk_usage:
      description: Disk usage of the topic's partitions per broker (O(include=disk_usage)).
      returned: when requested
      type: list
      elements: dict
      sample: [{"broker_name": "broker-0", "partition": 0, "size": "12K", "percentage": 1.7e-05}]
    offsets:
      description: Earliest and latest offset of each partition (O(include=offsets)).
      returned: when requested
      type: list
      elements: dict
      sample: [{"partition": 0, "earliest_offset": 0, "earliest_timestamp": 1688112779916,
                "latest_offset": 9, "latest_timestamp": 1688112779999}]
disk_usage:
  description: The instance-wide disk usage per broker, as the API returns it.
  returned: when O(include) contains V(disk_usage)
  type: list
  elements: dict
  sample: [{"broker_name": "broker-0", "data_disk_size": "66G", "data_disk_use": "53M"}]
"""

from ansible_collections.hwcloud.dms.plugins.module_utils._specs.topic import run_topic_info_module


def main():
    run_topic_info_module(supports_check_mode=True)


if __name__ == "__main__":
    main()
