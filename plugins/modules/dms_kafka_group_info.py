#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, hwcloud.dms contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: dms_kafka_group_info
short_description: Read the consumer groups of a Huawei Cloud DMS for Kafka instance
version_added: 0.1.0
description:
  - Lists the consumer groups of a DMS for Kafka instance (every page), optionally only the
    ones named in O(name), and on request adds per-group details, members, topics and
    committed offsets (O(include)). The per-group reads run concurrently.
  - Groups in state C(DEAD) are left out (they count as absent).
  - Never fails because something is not found; an unknown instance or group gives an
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
      - Only these groups. All groups when not set.
    type: list
    elements: str
    aliases: [names]
  include:
    description:
      - Extra reads for each returned group.
      - V(details) adds RV(groups[].details) (members with their assignments, offsets, lag).
      - V(summary) adds RV(groups[].summary) (the group's own summary - state, coordinator,
        members, offsets and assignment strategy - from the engine-scoped group query).
      - V(members) adds RV(groups[].members).
      - V(topics) adds RV(groups[].topics) (the topics the group consumes, with lag).
      - V(offsets) adds RV(groups[].offsets) (committed offset of every partition).
    type: list
    elements: str
    choices: [details, summary, members, topics, offsets]
    default: []
"""

EXAMPLES = r"""
- name: All consumer groups
  hwcloud.dms.dms_kafka_group_info:
    instance: kafka-prod
  register: all_groups

- name: One group with its members and offsets
  hwcloud.dms.dms_kafka_group_info:
    instance: kafka-prod
    name: [orders-consumers]
    include: [members, offsets]
  register: orders_group

- name: The summary of one group (state, coordinator, members, offsets)
  hwcloud.dms.dms_kafka_group_info:
    instance: kafka-prod
    name: [orders-consumers]
    include: [summary]
  register: orders_summary
"""

RETURN = r"""
groups:
  description: The consumer groups, in listing order.
  returned: always
  type: list
  elements: dict
  contains:
    name:
      description: Group name.
      type: str
      sample: orders-consumers
    description:
      description: Group description.
      type: str
      sample: ""
    state:
      description: The group's state (C(EMPTY), C(STABLE), C(PREPARINGREBALANCE), ...).
      type: str
      sample: STABLE
    coordinator_id:
      description: Broker ID of the group's coordinator.
      type: int
      sample: 1
    lag:
      description: Messages not consumed yet, over all partitions.
      type: int
      sample: 12
    created_at:
      description: Creation time, milliseconds since the epoch.
      type: int
      sample: 1688112779916
    details:
      description: The group details as the API returns them (O(include=details)).
      returned: when requested
      type: dict
      sample: {"group_id": "orders-consumers", "state": "STABLE", "assignment_strategy": "range",
               "members": [], "group_message_offsets": []}
    summary:
      description: The group summary as the API returns it (O(include=summary)).
      returned: when requested
      type: dict
      version_added: 0.2.0
      sample: {"group_id": "orders-consumers", "state": "STABLE", "coordinator_id": 2,
               "members": [], "group_message_offsets": [], "assignment_strategy": "range"}
    members:
      description: The group's consumers (O(include=members)).
      returned: when requested
      type: list
      elements: dict
      sample: [{"member_id": "consumer-1-0b1c", "client_id": "consumer-1"}]
    topics:
      description: The topics the group consumes (O(include=topics)).
      returned: when requested
      type: list
      elements: dict
      sample: [{"topic": "orders", "partitions": 3, "lag": 12}]
    offsets:
      description: Committed offset of every partition (O(include=offsets)).
      returned: when requested
      type: list
      elements: dict
      sample: [{"topic": "orders", "partition": 0, "message_current_offset": 88,
                "message_log_start_offset": 0, "message_log_end_offset": 100,
                "consumer_id": "", "host": "", "client_id": ""}]
"""

from ansible_collections.hwcloud.dms.plugins.module_utils._specs.group import run_group_info_module


def main():
    run_group_info_module()


if __name__ == "__main__":
    main()
