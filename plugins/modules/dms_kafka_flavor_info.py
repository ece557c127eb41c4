#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, hwcloud.dms contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: dms_kafka_flavor_info
short_description: List the Kafka flavors (product specifications) of Huawei Cloud DMS
version_added: 0.1.0
description:
  - Lists the Kafka flavors (the API calls them products) with their limits, storage types
    and AZs, and the Kafka versions the region offers.
  - Results keep the API field names, with the numbers the API returns as strings converted to
    numbers (C(properties), C(support_features[].properties)) and the versions as strings.
  - With O(instance), also reads the number of vCPUs each flavor gives that instance (its broker
    count times the vCPUs of one broker of the flavor) into RV(flavors[].core_num).
  - Never fails because a flavor or the instance is not found; the list is then empty.
author:
  - hwcloud.dms contributors (@hwcloud)
extends_documentation_fragment:
  - hwcloud.dms.connection
  - hwcloud.dms.attributes.action_group
  - hwcloud.dms.attributes.info_module
options:
  flavor_id:
    description:
      - Only this flavor (sent to the service as C(product_id)).
    type: str
    aliases: [product_id]
  type:
    description:
      - Only flavors of this deployment type.
    type: str
    choices: [single, cluster]
  arch_type:
    description:
      - Only flavors for this CPU architecture, for example V(X86).
    type: str
  charging_mode:
    description:
      - Only flavors sold with this billing mode. V(postPaid) (pay-per-use) matches the API's
        V(hourly), V(prePaid) (yearly/monthly) its V(monthly).
    type: str
    choices: [postPaid, prePaid]
  storage_spec_code:
    description:
      - Only flavors offering this storage type, for example V(dms.physical.storage.ultra.v2).
        RV(flavors[].ios) then lists only that storage type.
    type: str
  availability_zones:
    description:
      - Only flavors with a storage type available in all of these AZs (AZ IDs, as
        RV(hwcloud.dms.dms_kafka_az_info#module:availability_zones[].id) returns them).
        RV(flavors[].ios) then lists only such storage types. Each value may appear once.
    type: list
    elements: str
  instance:
    description:
      - An instance, by name or by ID. When set, each flavor gets RV(flavors[].core_num), the vCPUs
        it would give this instance (one more request per flavor, run concurrently).
      - When the instance does not exist the result is empty.
    type: str
"""

EXAMPLES = r"""
- name: Cluster flavors with ultra-high I/O storage in two AZs
  hwcloud.dms.dms_kafka_flavor_info:
    type: cluster
    storage_spec_code: dms.physical.storage.ultra.v2
    availability_zones:
      - 38b0f7a602344246bcb0da47b5d548e7
      - 2dcb154ac2724a6d92e9bcc859657c1e
  register: flavors

- name: The smallest one
  ansible.builtin.set_fact:
    kafka_flavor: "{{ (flavors.flavors | sort(attribute='properties.max_tps_per_broker') | first).product_id }}"

- name: vCPUs of each flavor for an existing instance
  hwcloud.dms.dms_kafka_flavor_info:
    instance: orders-kafka
  register: cores
"""

RETURN = r"""
engine:
  description: The engine.
  returned: always
  type: str
  sample: kafka
versions:
  description: The Kafka versions offered, as strings.
  returned: always
  type: list
  elements: str
  sample: ["1.1.0", "2.7", "3.x"]
instance_id:
  description: The ID of O(instance) (V(null) when it does not exist).
  returned: when O(instance) is set
  type: str
  sample: 6f3c6a7e-42c4-4a8f-9c3e-0f1d2b3c4d5e
flavors:
  description: The flavors matching the filters, in the order the API lists them.
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
    core_num:
      description: vCPUs the flavor gives O(instance) (V(null) when the service cannot tell).
      returned: when O(instance) is set
      type: int
      sample: 6
"""

from ansible_collections.hwcloud.dms.plugins.module_utils._specs.catalog import run_flavor_info_module


def main():
    run_flavor_info_module()


if __name__ == "__main__":
    main()
