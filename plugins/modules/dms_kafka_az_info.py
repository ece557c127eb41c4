#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, hwcloud.dms contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: dms_kafka_az_info
short_description: List the availability zones of Huawei Cloud DMS for Kafka
version_added: 0.1.0
description:
  - Lists the availability zones (AZs) of the region where Kafka instances can be created.
  - Results keep the API field names, with the values the API types as strings converted
    (C(port) to a number, C(resource_availability) to a boolean).
  - Never fails because an AZ is not found; the list is then empty.
author:
  - hwcloud.dms contributors (@hwcloud)
extends_documentation_fragment:
  - hwcloud.dms.connection
  - hwcloud.dms.attributes.action_group
  - hwcloud.dms.attributes.info_module
options:
  name:
    description:
      - Only these AZs, each given by ID, code (for example V(ap-southeast-1a)) or name.
        Each value may appear once.
    type: list
    elements: str
  available_only:
    description:
      - Only AZs where instances can be created now (not sold out, resources available).
    type: bool
    default: false
"""

EXAMPLES = r"""
- name: Every AZ of the region
  hwcloud.dms.dms_kafka_az_info:
  register: zones

- name: The IDs of the AZs with capacity, for dms_kafka_instance
  ansible.builtin.set_fact:
    kafka_az_ids: "{{ zones.availability_zones | selectattr('soldOut', 'false') | map(attribute='id') | list }}"

- name: One AZ by code
  hwcloud.dms.dms_kafka_az_info:
    name: [ap-southeast-1a]
    available_only: true
  register: zone_a
"""

RETURN = r"""
region_id:
  description: The region the AZs belong to.
  returned: always
  type: str
  sample: ap-southeast-1
availability_zones:
  description: The AZs, in the order the API lists them.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: AZ ID (what O(hwcloud.dms.dms_kafka_instance#module:availability_zones) takes).
      type: str
      sample: 38b0f7a602344246bcb0da47b5d548e7
    code:
      description: AZ code.
      type: str
      sample: ap-southeast-1a
    name:
      description: AZ name.
      type: str
      sample: AZ1
    port:
      description: Port number.
      type: int
      sample: 8003
    soldOut:
      description: Whether the AZ is sold out.
      type: bool
      sample: false
    resource_availability:
      description: Whether resources are available.
      type: bool
      sample: true
    default_az:
      description: Whether it is the default AZ.
      type: bool
      sample: true
    remain_time:
      description: Remaining time.
      type: int
      sample: 9223372036854775807
    ipv6_enable:
      description: Whether IPv6 is supported.
      type: bool
      sample: false
"""

from ansible_collections.hwcloud.dms.plugins.module_utils._specs.catalog import run_az_info_module


def main():
    run_az_info_module()


if __name__ == "__main__":
    main()
