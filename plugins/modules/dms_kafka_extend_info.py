#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, hwcloud.dms contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: dms_kafka_extend_info
short_description: List the flavors a Huawei Cloud DMS for Kafka instance can be scaled to
version_added: 0.1.0
description:
  - Reads the products an existing Kafka instance can be scaled up to (the API's specification
    modification products, premium edition), with their broker and storage limits. Use it to
    choose O(hwcloud.dms.dms_kafka_instance#module:flavor_id),
    O(hwcloud.dms.dms_kafka_instance#module:broker_num) and
    O(hwcloud.dms.dms_kafka_instance#module:storage_space) before changing them.
  - Results keep the API field names, with the numbers the API returns as strings converted to
    numbers (C(properties), C(support_features[].properties)) and the versions as strings.
  - Never fails because the instance is not found; the list is then empty.
author:
  - hwcloud.dms contributors (@hwcloud)
extends_documentation_fragment:
  - hwcloud.dms.connection
  - hwcloud.dms.attributes.action_group
  - hwcloud.dms.attributes.info_module
options:
  instance:
    description:
      - The Kafka instance, by name or by ID (a value in UUID form is tried as an ID first).
    type: str
    required: true
"""

EXAMPLES = r"""
- name: What can orders-kafka grow to?
  hwcloud.dms.dms_kafka_extend_info:
    instance: orders-kafka
  register: extend

- name: The largest broker count of its current flavor
  ansible.builtin.debug:
    msg: "{{ (extend.flavors | selectattr('product_id', 'equalto', 'c6.2u4g.cluster') | first).properties.max_broker }}"
"""

RETURN = r"""
instance_id:
  description: The ID of O(instance) (V(null) when it does not exist).
  returned: always
  type: str
  sample: 6f3c6a7e-42c4-4a8f-9c3e-0f1d2b3c4d5e
engine:
  description: The engine.
  returned: always
  type: str
  sample: kafka
versions:
  description: The Kafka versions, as strings.
  returned: always
  type: list
  elements: str
  sample: ["1.1.0", "2.7", "3.x"]
flavors:
  description: The products the instance can be scaled to (the API's C(products)).
  returned: always
  type: list
  elements: dict
  contains:
    product_id:
      description: Flavor ID (what O(hwcloud.dms.dms_kafka_instance#module:flavor_id) takes).
      type: str
      sample: c6.2u4g.cluster
    type:
      description: V(single) or V(cluster).
      type: str
      sample: cluster
    ecs_flavor_id:
      description: The ECS flavor of each broker.
      type: str
      sample: c6.large.2
    arch_types:
      description: CPU architectures.
      type: list
      elements: str
      sample: [X86]
    charging_mode:
      description: Billing modes (V(hourly) is pay-per-use, V(monthly) yearly/monthly).
      type: list
      elements: str
      sample: [monthly, hourly]
    ios:
      description: Storage types, with the AZs where each is available or sold out.
      type: list
      elements: dict
      sample: [{io_spec: dms.physical.storage.ultra.v2, type: evs, available_zones: [38b0f7a602344246bcb0da47b5d548e7],
                unavailable_zones: []}]
    support_features:
      description: Features of the flavor; their C(properties) values as numbers.
      type: list
      elements: dict
      sample: [{name: connector_obs, properties: {max_task: 10, min_task: 1, max_node: 10, min_node: 2}}]
    properties:
      description: Limits of the flavor; every value but C(product_alias) as a number.
      type: dict
      sample: {max_partition_per_broker: 250, max_broker: 30, min_broker: 3, max_storage_per_node: 10000,
               min_storage_per_node: 100, max_bandwidth_per_broker: 100, max_tps_per_broker: 30000,
               max_consumer_per_broker: 4000, product_alias: kafka.2u4g.cluster}
    available_zones:
      description: AZs where the flavor is available.
      type: list
      elements: str
      sample: [38b0f7a602344246bcb0da47b5d548e7]
    unavailable_zones:
      description: AZs where the flavor is sold out.
      type: list
      elements: str
      sample: []
"""

from ansible_collections.hwcloud.dms.plugins.module_utils._specs.catalog import run_extend_info_module


def main():
    run_extend_info_module()


if __name__ == "__main__":
    main()
